//! A201: table two value negative, not a number, or missing.
use crate::context::place;
use crate::{Context, Rule};
use xxgk_model::{Finding, TableId};

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(t) = &cx.report.active_disclosure else {
        return;
    };
    let mut cells: Vec<(String, Option<i64>)> = Vec::new();
    for (k, v) in [
        ("regulations", t.regulations),
        ("normative_documents", t.normative_documents),
    ] {
        if let Some(v) = v {
            cells.push((format!("{k}.issued"), v.issued));
            cells.push((format!("{k}.repealed"), v.repealed));
            cells.push((format!("{k}.in_force"), v.in_force));
        }
    }
    cells.push(("licensing".into(), t.licensing));
    cells.push(("penalty".into(), t.penalty));
    cells.push(("coercion".into(), t.coercion));
    for (k, v) in cells {
        if let Some(v) = v.filter(|v| *v < 0) {
            let (row, col) = k
                .split_once('.')
                .map(|(a, b)| (a, Some(b)))
                .unwrap_or((k.as_str(), None));
            out.push(place(
                rule.finding(
                    format!("表二“{k}”为负数 {v}"),
                    format!("table two {k} is negative: {v}"),
                ),
                TableId::ActiveDisclosure,
                Some(row),
                col,
                cx.at(&format!("active_disclosure.{k}")),
            ));
        }
    }
    if let Some(fee) = &t.fees_wan_yuan
        && fee.starts_with('-')
    {
        out.push(place(
            rule.finding(
                format!("行政事业性收费金额为负数 {fee}"),
                format!("the fee is negative: {fee}"),
            ),
            TableId::ActiveDisclosure,
            Some("fees_wan_yuan"),
            None,
            cx.at("active_disclosure.fees_wan_yuan"),
        ));
    }
}
