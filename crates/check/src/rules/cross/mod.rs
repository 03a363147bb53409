//! X: across reports, through the [`History`](crate::History) of a context.
pub(crate) mod x101;
pub(crate) mod x102;
pub(crate) mod x103;
