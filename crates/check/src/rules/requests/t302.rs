//! T302: （七）总计 ≠ the sum of the outcome rows, per column.
use crate::{Context, Rule};
use xxgk_model::{Applicant, CellRef, Finding, RequestRow, TableId};

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(t) = &cx.report.requests else { return };
    if t.row(RequestRow::Total).is_none() {
        return;
    }
    let mut undecided = Vec::new();
    for c in Applicant::ALL {
        // the outcome rows of the report's template: the trial one's single （六）其他处理
        // row (`other`) or the 2021 one's three
        let parts: Vec<Option<i64>> = cx
            .report
            .request_rows()
            .iter()
            .filter(|r| r.is_outcome())
            .map(|r| t.get(*r, *c))
            .collect();
        super::report_balance(
            rule,
            out,
            &mut undecided,
            &[t.get(RequestRow::Total, *c)],
            &parts,
            |lhs, rhs| {
                (
                    format!("（七）总计 {lhs} ≠ 各办理结果之和 {rhs}（{}列）", c.label()),
                    format!(
                        "(7) total {lhs} ≠ sum of the outcomes {rhs} (column {})",
                        c.key()
                    ),
                )
            },
            cx,
            CellRef::Request(RequestRow::Total, *c),
        );
    }
    super::report_undecided(cx, rule, out, undecided, TableId::Requests);
}
