//! T403: table four: 复议后起诉 总计 ≠ its four parts.
use crate::{Context, Rule};
use xxgk_model::{AppealKind, Finding};

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    super::group_total(cx, rule, out, AppealKind::LitigationAfterReview);
}
