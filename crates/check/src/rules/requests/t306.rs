//! T306: blank or “/” cells instead of 0 (extraction notes).
super::super::rule!(
    "T306",
    Info,
    "表三以空白或“/”代替 0",
    "table three: blank or “/” cells instead of 0",
    crate::rules::forward_notes
);
