//! T305: a table-three value is negative or not a whole number.
use crate::context::{from_note, place};
use crate::{Context, Rule};
use xxgk_model::{Applicant, Finding, Report, RequestRow, TableId};

super::super::rule!(
    "T305",
    Error,
    "表三数值为负数或不是整数",
    "table three: a value is negative or not a whole number",
    check
);

fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    for n in cx.notes(rule.code) {
        out.push(from_note(rule, n));
    }
    let Some(t) = &cx.report.requests else { return };
    for r in RequestRow::ALL {
        for c in Applicant::ALL {
            if let Some(v) = t.get(*r, *c).filter(|v| *v < 0) {
                out.push(place(
                    rule.finding(
                        format!("“{}”{}列为负数 {v}", r.full_label(), c.label()),
                        format!("{} / {} is negative: {v}", r.key(), c.key()),
                    ),
                    TableId::Requests,
                    Some(r.key()),
                    Some(c.key()),
                    cx.at(&Report::request_path(*r, *c)),
                ));
            }
        }
    }
}
