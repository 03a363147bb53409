//! X: rules across reports (need the store).
pub(crate) mod x101;
pub(crate) mod x102;
pub(crate) mod x103;
