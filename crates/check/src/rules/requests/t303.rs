//! T303: 一 + 二 ≠ （七）总计 + 四, per column.
use crate::{Context, Rule};
use xxgk_model::{Applicant, CellRef, Finding, RequestRow, TableId};

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(t) = &cx.report.requests else { return };
    let mut undecided = Vec::new();
    for c in Applicant::ALL {
        let lhs = [
            t.get(RequestRow::NewReceived, *c),
            t.get(RequestRow::CarriedOver, *c),
        ];
        let rhs = [
            t.get(RequestRow::Total, *c),
            t.get(RequestRow::CarriedForward, *c),
        ];
        super::report_balance(
            rule,
            out,
            &mut undecided,
            &lhs,
            &rhs,
            |lhs, rhs| {
                (
                    format!(
                        "本年新收加上年结转 {lhs} ≠ 办理结果总计加结转下年度 {rhs}（{}列）",
                        c.label()
                    ),
                    format!(
                        "new + carried over {lhs} ≠ total handled + carried forward {rhs} (column {})",
                        c.key()
                    ),
                )
            },
            cx,
            CellRef::Request(RequestRow::CarriedForward, *c),
        );
    }
    super::report_undecided(cx, rule, out, undecided, TableId::Requests);
}
