//! X101: 上年结转 ≠ last year's 结转下年度继续办理 (needs the store).
super::super::rule!(
    "X101",
    Error,
    "上年结转数与上年报告的结转下年度数不一致",
    "上年结转 ≠ last year's 结转下年度继续办理",
    crate::rules::needs_store,
    false
);
