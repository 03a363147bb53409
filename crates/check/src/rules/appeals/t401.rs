//! T401: table four: 行政复议 总计 ≠ its four parts.
use crate::{Context, Rule};
use xxgk_model::{AppealKind, Finding};

super::super::rule!(
    "T401",
    Error,
    "表四行政复议总计不等于各项结果之和",
    "table four: 行政复议 总计 ≠ its four parts",
    check
);

fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    super::group_total(cx, rule, out, AppealKind::Review);
}
