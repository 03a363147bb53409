//! S005: a label differs from the template but was matched (reported from extraction notes).
super::super::rule!(
    "S005",
    Info,
    "标签与模板不同但已按含义匹配",
    "a label differs from the template but was matched",
    crate::rules::forward_notes
);
