//! S006: section 五 empty, or section 六 silent on 信息处理费.
use crate::{Context, Rule};
use xxgk_model::Finding;

/// The first reporting year whose section 六 must state the 信息处理费 collected.
const FEE_STATEMENT_FROM: i32 = 2021;

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    if let Some(s) = cx.report.section(5) {
        // the first three characters that count decide it (three or more: not empty, not 无)
        let t: String = s
            .text
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '。' | '.' | '：' | ':'))
            .take(3)
            .collect();
        if t.is_empty() || t == "无" || t == "暂无" {
            let mut f = rule.finding(
                "第五部分“存在的主要问题及改进情况”为空或仅写“无”",
                "section 五 (problems and improvements) is empty or just 无",
            );
            f.section = Some(5);
            f.location = cx.heading_at(5);
            out.push(f);
        }
    }
    // 国办函〔2020〕109号 asks for the 信息处理费 from the reports for 2021 on (a report of
    // unknown year is held to it)
    if let Some(s) = cx.report.section(6)
        && cx.report.year.is_none_or(|y| y >= FEE_STATEMENT_FROM)
        && !s.text.contains("处理费")
    {
        let mut f = rule.finding(
            "第六部分未说明信息处理费的收取情况（国办函〔2020〕109号）",
            "section 六 does not state the information processing fee collected (国办函〔2020〕109号)",
        );
        f.section = Some(6);
        f.location = cx.heading_at(6);
        out.push(f);
    }
}
