//! T401: table four: 行政复议 总计 ≠ its four parts.
use crate::{Context, Rule};
use xxgk_model::{AppealKind, Finding};

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    super::group_total(cx, rule, out, AppealKind::Review);
}
