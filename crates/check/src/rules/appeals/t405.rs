//! T405: a table-four value is negative or not a whole number.
use crate::context::{from_note, place};
use crate::{Context, Rule};
use xxgk_model::{AppealKind, AppealResult, Finding, Report, TableId};

super::super::rule!(
    "T405",
    Error,
    "表四数值为负数或不是整数",
    "table four: a value is negative or not a whole number",
    check
);

fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    for n in cx.notes(rule.code) {
        out.push(from_note(rule, n));
    }
    let Some(a) = &cx.report.appeals else { return };
    for k in AppealKind::ALL {
        for r in AppealResult::ALL {
            if let Some(v) = a.group(*k).get(*r).filter(|v| *v < 0) {
                out.push(place(
                    rule.finding(
                        format!("表四“{}·{}”为负数 {v}", k.label(), r.label()),
                        format!("table four {}.{} is negative: {v}", k.key(), r.key()),
                    ),
                    TableId::Appeals,
                    Some(k.key()),
                    Some(r.key()),
                    cx.at(&Report::appeal_path(*k, *r)),
                ));
            }
        }
    }
}
