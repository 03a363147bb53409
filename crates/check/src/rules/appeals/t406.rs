//! T406: blank or “/” cells instead of 0 in table four (extraction notes).
super::super::rule!(
    "T406",
    Info,
    "表四以空白或“/”代替 0",
    "table four: blank or “/” cells instead of 0",
    crate::rules::forward_notes
);
