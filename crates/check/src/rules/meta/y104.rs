//! Y104: the reporting body cannot be identified.
use crate::{Context, Rule};
use xxgk_model::Finding;

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    if cx
        .report
        .agency
        .as_deref()
        .is_none_or(|a| a.trim().is_empty())
    {
        let mut f = rule.finding(
            "无法从标题确定报告主体（机关名称）",
            "the reporting body cannot be identified from the title",
        );
        f.location = super::title_at(cx);
        out.push(f);
    }
}
