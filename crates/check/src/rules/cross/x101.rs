//! X101: this year's 上年结转 is last year's 结转下年度继续办理, column by column.
use crate::context::{place, report_name, with_other};
use crate::{Context, Rule};
use xxgk_model::{Applicant, CellRef, Finding, RequestRow};

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(over) = cx
        .report
        .requests
        .as_ref()
        .and_then(|t| t.row(RequestRow::CarriedOver).copied())
    else {
        return;
    };
    let Some(last) = cx.last_year() else { return };
    // compared by key: a trial-format table three has the row too
    let Some(forward) = last
        .requests
        .as_ref()
        .and_then(|t| t.row(RequestRow::CarriedForward).copied())
    else {
        return;
    };
    let (name_zh, name_en) = report_name(&last);
    let differs = |c: &Applicant| {
        let i = c.index();
        matches!((over[i], forward[i]), (Some(a), Some(b)) if a != b)
    };
    // the six applicant columns; the total only when it is the sole difference (a total
    // that differs because a column does says nothing more)
    let applicants = &Applicant::ALL[..6];
    let mut columns: Vec<Applicant> = applicants.iter().copied().filter(differs).collect();
    if columns.is_empty() && differs(&Applicant::Total) {
        columns.push(Applicant::Total);
    }
    for c in columns {
        let (now, then) = (over[c.index()], forward[c.index()]);
        let (Some(now), Some(then)) = (now, then) else {
            continue;
        };
        let f = rule
            .finding(
                format!(
                    "上年结转（{}）{now} ≠ 上年报告{name_zh}“结转下年度继续办理”{then}",
                    c.label()
                ),
                format!(
                    "carried over ({}) {now} ≠ carried forward {then} in last year's report {name_en}",
                    c.key()
                ),
            )
            .with("carried_over", now)
            .with("last_carried_forward", then);
        let f = with_other(f, &last);
        let cell = CellRef::Request(RequestRow::CarriedOver, c);
        out.push(place(f, cell, cx.at(cell)));
    }
}
