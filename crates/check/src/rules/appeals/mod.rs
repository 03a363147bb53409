//! T4: table four.
pub(crate) mod t401;
pub(crate) mod t402;
pub(crate) mod t403;
pub(crate) mod t405;

use crate::rules::requests::{report_balance, report_undecided};
use crate::{Context, Rule};
use xxgk_model::{AppealKind, AppealResult, CellRef, Finding, TableId};

/// 总计 = 维持 + 纠正 + 其他 + 尚未审结 for one group.
pub(crate) fn group_total(cx: &Context, rule: &Rule, out: &mut Vec<Finding>, kind: AppealKind) {
    let Some(a) = &cx.report.appeals else { return };
    let g = a.group(kind);
    let parts: Vec<Option<i64>> = AppealResult::ALL[..4].iter().map(|r| g.get(*r)).collect();
    let mut undecided = Vec::new();
    report_balance(
        rule,
        out,
        &mut undecided,
        &[g.total],
        &parts,
        |lhs, rhs| {
            (
                format!(
                    "{}总计 {lhs} ≠ 维持、纠正、其他、尚未审结之和 {rhs}",
                    kind.label()
                ),
                format!(
                    "{}: total {lhs} ≠ upheld + corrected + other + pending {rhs}",
                    kind.key()
                ),
            )
        },
        cx,
        CellRef::Appeal(kind, AppealResult::Total),
    );
    report_undecided(cx, rule, out, undecided, TableId::Appeals);
}
