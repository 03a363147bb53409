//! X102: near-identical text (needs the store).
super::super::rule!(
    "X102",
    Warning,
    "内容雷同",
    "a section is nearly identical to another report's",
    crate::rules::needs_store,
    false
);
