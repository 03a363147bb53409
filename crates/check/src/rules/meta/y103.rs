//! Y103: published after the statutory deadline.
use crate::{Context, Rule};
use xxgk_model::{Finding, Location};

super::super::rule!(
    "Y103",
    Warning,
    "晚于法定期限公布",
    "published after the statutory deadline",
    check
);

/// The deadline (条例 Art. 49): departments by 31 January, governments by 31 March.
pub(crate) fn deadline(year: i32, agency: Option<&str>) -> String {
    let government = agency.is_some_and(|a| a.ends_with("人民政府") || a.ends_with("政府"));
    if government {
        format!("{}-03-31", year + 1)
    } else {
        format!("{}-01-31", year + 1)
    }
}

fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let r = cx.report;
    let (Some(year), Some(published)) = (r.year, r.published.as_deref()) else {
        return;
    };
    let due = deadline(year, r.agency.as_deref());
    if published > due.as_str() {
        let mut f = rule.finding(
            format!("报告落款日期 {published} 晚于法定公布期限 {due}（《条例》第四十九条）"),
            format!("dated {published}, after the statutory deadline {due} (Regulations Art. 49)"),
        );
        f.location = Location {
            line: cx
                .extraction
                .and_then(|e| e.meta.published.as_ref().map(|p| p.1)),
            column: None,
            page: None,
        };
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::deadline;

    #[test]
    fn departments_by_january_governments_by_march() {
        assert_eq!(deadline(2024, Some("重庆市綦江区应急管理局")), "2025-01-31");
        assert_eq!(deadline(2024, Some("泽州县人民政府")), "2025-03-31");
        assert_eq!(deadline(2025, None), "2026-01-31");
    }
}
