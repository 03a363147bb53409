//! S001: not an annual report.
use crate::{Context, Rule};
use xxgk_model::Finding;

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    if cx.not_a_report() {
        out.push(rule.finding(
            "未找到年度报告的标题、章节或统计表，不是政府信息公开工作年度报告",
            "no title, sections or tables of an annual report were found",
        ));
    }
}
