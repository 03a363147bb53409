//! X103: every figure equals last year's (needs the store).
super::super::rule!(
    "X103",
    Warning,
    "所有表格数字与上年完全相同",
    "every table figure equals last year's",
    crate::rules::needs_store,
    false
);
