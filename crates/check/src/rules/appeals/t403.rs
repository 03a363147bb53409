//! T403: table four: 复议后起诉 总计 ≠ its four parts.
use crate::{Context, Rule};
use xxgk_model::{AppealKind, Finding};

super::super::rule!(
    "T403",
    Error,
    "表四复议后起诉总计不等于各项结果之和",
    "table four: 复议后起诉 总计 ≠ its four parts",
    check
);

fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    super::group_total(cx, rule, out, AppealKind::LitigationAfterReview);
}
