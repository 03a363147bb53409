//! T405: a table-four value is negative or not a whole number.
use crate::context::place;
use crate::{Context, Rule};
use xxgk_model::{AppealKind, AppealResult, CellRef, Finding};

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(a) = &cx.report.appeals else { return };
    for k in AppealKind::ALL {
        for r in AppealResult::ALL {
            if let Some(v) = a.group(*k).get(*r).filter(|v| *v < 0) {
                out.push(place(
                    rule.finding(
                        format!("表四“{}·{}”为负数 {v}", k.label(), r.label()),
                        format!("table four {}.{} is negative: {v}", k.key(), r.key()),
                    )
                    .with("value", v),
                    CellRef::Appeal(*k, *r),
                    cx.at(CellRef::Appeal(*k, *r)),
                ));
            }
        }
    }
}
