//! A201: table two value negative, not a number, or missing.
use crate::context::place;
use crate::{Context, Rule};
use xxgk_model::{CellRef, DecisionKind, DocumentKind, Finding, IssuedColumn};

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(t) = &cx.report.active_disclosure else {
        return;
    };
    let mut cells: Vec<(CellRef, Option<i64>)> = Vec::new();
    for (d, v) in [
        (DocumentKind::Regulations, t.regulations),
        (DocumentKind::NormativeDocuments, t.normative_documents),
    ] {
        if let Some(v) = v {
            cells.push((CellRef::Issued(d, IssuedColumn::Issued), v.issued));
            cells.push((CellRef::Issued(d, IssuedColumn::Repealed), v.repealed));
            cells.push((CellRef::Issued(d, IssuedColumn::InForce), v.in_force));
        }
    }
    cells.push((CellRef::Decisions(DecisionKind::Licensing), t.licensing));
    cells.push((CellRef::Decisions(DecisionKind::Penalty), t.penalty));
    cells.push((CellRef::Decisions(DecisionKind::Coercion), t.coercion));
    for (cell, v) in cells {
        if let Some(v) = v.filter(|v| *v < 0) {
            let k = cell.path();
            let k = k.trim_start_matches("active_disclosure.");
            out.push(place(
                rule.finding(
                    format!("表二“{k}”为负数 {v}"),
                    format!("table two {k} is negative: {v}"),
                )
                .with("value", v),
                cell,
                cx.at(cell),
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
            )
            .with("fee", fee.as_str()),
            CellRef::Fee,
            cx.at(CellRef::Fee),
        ));
    }
}
