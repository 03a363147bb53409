//! T402: table four: 未经复议直接起诉 总计 ≠ its four parts.
use crate::{Context, Rule};
use xxgk_model::{AppealKind, Finding};

super::super::rule!(
    "T402",
    Error,
    "表四未经复议直接起诉总计不等于各项结果之和",
    "table four: 未经复议直接起诉 总计 ≠ its four parts",
    check
);

fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    super::group_total(cx, rule, out, AppealKind::LitigationDirect);
}
