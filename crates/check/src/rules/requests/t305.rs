//! T305: a table-three value is negative or not a whole number.
use crate::context::place;
use crate::{Context, Rule};
use xxgk_model::{Applicant, CellRef, Finding, RequestRow};

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(t) = &cx.report.requests else { return };
    for r in RequestRow::ALL {
        for c in Applicant::ALL {
            if let Some(v) = t.get(*r, *c).filter(|v| *v < 0) {
                out.push(place(
                    rule.finding(
                        format!("“{}”{}列为负数 {v}", r.full_label(), c.label()),
                        format!("{} / {} is negative: {v}", r.key(), c.key()),
                    )
                    .with("value", v),
                    CellRef::Request(*r, *c),
                    cx.at(CellRef::Request(*r, *c)),
                ));
            }
        }
    }
}
