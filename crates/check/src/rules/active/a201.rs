//! A201: table two value negative, not a number, or missing.
use crate::context::place;
use crate::{Context, Rule};
use xxgk_model::{
    CellRef, DecisionKind, DocumentKind, Finding, IssuedColumn, TrialColumn, TrialRow,
};

/// Table two in the trial layout of 2019: every count but 本年增/减 (a decrease is
/// negative) must not be negative, nor the procurement amount.
fn check_trial(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(t) = &cx.report.active_disclosure_2019 else {
        return;
    };
    for row in TrialRow::ALL {
        for col in row.columns() {
            if *col == TrialColumn::Change {
                continue;
            }
            let cell = CellRef::Trial(*row, *col);
            if let Some(v) = t.get(*row, *col).filter(|v| *v < 0) {
                out.push(place(
                    rule.finding(
                        format!("表二“{}”{}为负数 {v}", row.label(), col.label()),
                        format!("table two {}.{} is negative: {v}", row.key(), col.key()),
                    )
                    .with("value", v),
                    cell,
                    cx.at(cell),
                ));
            }
        }
    }
    if let Some(amount) = t.procurement.as_ref().and_then(|p| p.amount.as_deref())
        && amount.starts_with('-')
    {
        let cell = CellRef::Trial(TrialRow::Procurement, TrialColumn::Amount);
        out.push(place(
            rule.finding(
                format!("政府集中采购总金额为负数 {amount}"),
                format!("the procurement amount is negative: {amount}"),
            )
            .with("amount", amount),
            cell,
            cx.at(cell),
        ));
    }
}

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    check_trial(cx, rule, out);
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
