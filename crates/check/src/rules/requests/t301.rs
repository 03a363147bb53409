//! T301: a row's 总计 ≠ the sum of its six applicant columns.
use crate::{Context, Rule};
use xxgk_model::{Applicant, CellRef, Finding, RequestRow, TableId};

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(t) = &cx.report.requests else { return };
    let mut undecided = Vec::new();
    for r in RequestRow::ALL {
        let Some(cells) = t.row(*r) else { continue };
        super::report_balance(
            rule,
            out,
            &mut undecided,
            &[cells[6]],
            &cells[..6],
            |lhs, rhs| {
                (
                    format!("“{}”总计 {lhs} ≠ 各类申请人之和 {rhs}", r.full_label()),
                    format!(
                        "{}: total {lhs} ≠ sum of the six applicant columns {rhs}",
                        r.key()
                    ),
                )
            },
            cx,
            CellRef::Request(*r, Applicant::Total),
        );
    }
    super::report_undecided(cx, rule, out, undecided, TableId::Requests);
}
