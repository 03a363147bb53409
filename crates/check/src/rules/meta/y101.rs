//! Y101: the title carries no year.
use crate::{Context, Rule};
use xxgk_model::Finding;

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(ex) = cx.extraction else { return };
    if ex.meta.title.is_none() || ex.meta.title_year.is_some() {
        return;
    }
    let (zh, en) = match cx.report.year {
        Some(y) => (
            format!("标题中没有年份，已从正文推断为 {y} 年"),
            format!("the title has no year; {y} was inferred from the body"),
        ),
        None => (
            "标题中没有年份，正文中也无法确定".to_string(),
            "the title has no year and none could be inferred".to_string(),
        ),
    };
    let mut f = rule.finding(zh, en);
    f.location = super::title_at(cx);
    out.push(f);
}
