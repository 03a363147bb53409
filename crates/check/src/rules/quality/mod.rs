//! Q: quality of the prose.
pub(crate) mod q101;
pub(crate) mod q102;
