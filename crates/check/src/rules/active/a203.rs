//! A203: this year's 现行有效件数 follows from last year's: in force + issued − repealed.
use crate::context::{place, report_name, with_other};
use crate::{Context, Rule};
use xxgk_model::{CellRef, DocumentKind, Finding, Issued, IssuedColumn, Report};

/// The 2021-format row of 规章 or 行政规范性文件, when the report has it.
fn row(r: &Report, k: DocumentKind) -> Option<Issued> {
    let t = r.active_disclosure.as_ref()?;
    match k {
        DocumentKind::Regulations => t.regulations,
        DocumentKind::NormativeDocuments => t.normative_documents,
    }
}

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    if cx.report.active_disclosure.is_none() {
        return;
    }
    let Some(last) = cx.last_year() else { return };
    for k in DocumentKind::ALL {
        // a report without the 2021-format fields (a trial-format row) is skipped
        let (Some(now), Some(then)) = (row(cx.report, *k), row(&last, *k)) else {
            continue;
        };
        let (Some(in_force), Some(issued), Some(repealed), Some(before)) =
            (now.in_force, now.issued, now.repealed, then.in_force)
        else {
            continue;
        };
        let expected = before.saturating_add(issued).saturating_sub(repealed);
        if in_force == expected {
            continue;
        }
        let (name_zh, name_en) = report_name(&last);
        let f = rule
            .finding(
                format!(
                    "{}现行有效件数 {in_force} ≠ 上年 {before} + 本年制发 {issued} − 本年废止 {repealed} = {expected}（上年报告{name_zh}）",
                    k.label()
                ),
                format!(
                    "{}: in force {in_force} ≠ last year's {before} + issued {issued} − repealed {repealed} = {expected} (last year's report {name_en})",
                    k.key()
                ),
            )
            .with("in_force", in_force)
            .with("last_in_force", before)
            .with("issued", issued)
            .with("repealed", repealed)
            .with("expected", expected);
        let f = with_other(f, &last);
        let cell = CellRef::Issued(*k, IssuedColumn::InForce);
        out.push(place(f, cell, cx.at(cell)));
    }
}
