//! Y102: the years disagree.
use crate::{Context, Rule};
use xxgk_model::{Finding, Location};

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(ex) = cx.extraction else { return };
    let m = &ex.meta;
    let Some(title_year) = m.title_year else {
        return;
    };
    if let Some(p) = m.period_years.iter().find(|y| **y != title_year) {
        let mut f = rule.finding(
            format!("标题年份 {title_year} 与统计期限中的 {p} 年不一致"),
            format!("title year {title_year} differs from the statistics period year {p}"),
        );
        f.location = Location {
            line: m.period_line,
            column: None,
            page: None,
            ..Location::default()
        };
        out.push(f);
        return;
    }
    if let Some((y, n)) = m.body_year
        && y != title_year
        && n >= 2
        && m.period_years.is_empty()
    {
        let mut f = rule.finding(
            format!("标题年份 {title_year} 与正文中最常出现的 {y} 年（{n} 次）不一致"),
            format!("title year {title_year} differs from the year most named in the body, {y} ({n} times)"),
        );
        f.location = super::title_at(cx);
        out.push(f);
    }
}
