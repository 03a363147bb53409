//! T404: the table-four row has fewer or more than 15 cells (extraction notes).
super::super::rule!(
    "T404",
    Warning,
    "表四单元格数不是 15 个",
    "table four: the row has fewer or more than 15 cells",
    crate::rules::forward_notes
);
