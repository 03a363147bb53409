//! A: table two.
pub(crate) mod a201;
pub(crate) mod a202;
pub(crate) mod a203;
