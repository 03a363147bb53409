//! T304: a table-three row has fewer or more cells than the template (extraction notes).
super::super::rule!(
    "T304",
    Warning,
    "表三某行单元格数与模板不符",
    "table three: a row has fewer or more cells than the template",
    crate::rules::forward_notes
);
