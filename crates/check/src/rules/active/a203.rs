//! A203: in_force continuity with last year (needs the store).
super::super::rule!(
    "A203",
    Info,
    "现行有效件数与上年不衔接",
    "in_force ≠ last year's in_force + issued − repealed",
    crate::rules::needs_store,
    false
);
