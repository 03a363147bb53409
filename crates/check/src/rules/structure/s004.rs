//! S004: outdated pre-2021 template (reported from extraction notes).
super::super::rule!(
    "S004",
    Warning,
    "使用了2021年以前的旧模板",
    "outdated pre-2021 template",
    crate::rules::forward_notes
);
