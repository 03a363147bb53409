//! Y103: published after the statutory deadline.
use crate::BodyKind;
use crate::{Context, Rule};
use xxgk_model::{Finding, Location};

/// What the rule concludes for a report of `kind` for `year` dated `published`
/// (`YYYY-MM-DD`).
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// On time (or no rule applies).
    OnTime,
    /// Late: after this deadline.
    Late(String),
    /// Between 31 January and 31 March for a body whose deadline the rule cannot tell.
    Undecided,
}

/// The deadlines of 条例 Art. 49 as read on the Y103 page: a department by 31 January,
/// the government's whole-area report by 31 March; a township, street or a body of
/// unknown kind is late for certain only after 31 March.
pub(crate) fn verdict(year: i32, published: &str, kind: BodyKind) -> Verdict {
    let january = format!("{}-01-31", year.saturating_add(1));
    let march = format!("{}-03-31", year.saturating_add(1));
    match kind {
        BodyKind::Department if published > january.as_str() => Verdict::Late(january),
        _ if published > march.as_str() => Verdict::Late(march),
        BodyKind::Township | BodyKind::Unknown if published > january.as_str() => {
            Verdict::Undecided
        }
        _ => Verdict::OnTime,
    }
}

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let r = cx.report;
    let (Some(year), Some(published)) = (r.year, r.published.as_deref()) else {
        return;
    };
    let kind = cx.body_kind();
    let mut f = match verdict(year, published, kind) {
        Verdict::OnTime => return,
        Verdict::Late(due) => rule.finding(
            format!(
                "报告落款日期 {published} 晚于法定公布期限 {due}（{}，《条例》第四十九条）",
                kind.name_zh()
            ),
            format!(
                "dated {published}, after the statutory deadline {due} ({}, Regulations Art. 49)",
                kind.name()
            ),
        ),
        Verdict::Undecided => {
            let (zh, en) = match kind {
                BodyKind::Township => (
                    "《条例》第四十九条未规定乡镇人民政府、街道办事处的公布期限，请按本地规定（多为 1 月 31 日）核对",
                    "Art. 49 sets no deadline for townships and streets; check the local rule (often 31 January)",
                ),
                _ => (
                    "未能从机关名称判断是政府部门（1 月 31 日）还是人民政府（3 月 31 日）",
                    "the name does not tell a department (31 January) from a government (31 March)",
                ),
            };
            rule.undecided(
                format!(
                    "报告落款日期 {published} 晚于 {}-01-31、不晚于 {}-03-31；{zh}",
                    year.saturating_add(1),
                    year.saturating_add(1)
                ),
                format!(
                    "dated {published}, after 31 January and by 31 March {}; {en}",
                    year.saturating_add(1)
                ),
            )
        }
    };
    f.location = Location {
        line: cx
            .extraction
            .and_then(|e| e.meta.published.as_ref().map(|p| p.1)),
        column: None,
        page: None,
        ..Location::default()
    };
    out.push(f);
}

#[cfg(test)]
mod tests {
    use super::{Verdict, verdict};
    use crate::BodyKind::*;

    #[test]
    fn departments_by_january_governments_by_march() {
        let late = |d: &str| Verdict::Late(d.to_string());
        assert_eq!(verdict(2024, "2025-01-31", Department), Verdict::OnTime);
        assert_eq!(verdict(2024, "2025-02-01", Department), late("2025-01-31"));
        assert_eq!(verdict(2024, "2025-02-20", Government), Verdict::OnTime);
        assert_eq!(verdict(2024, "2025-03-31", Government), Verdict::OnTime);
        assert_eq!(verdict(2024, "2025-04-01", Government), late("2025-03-31"));
    }

    #[test]
    fn a_year_from_canonical_json_cannot_overflow() {
        let _ = verdict(i32::MAX, "9999-99-99", Department);
    }

    #[test]
    fn townships_and_unknown_bodies_between_the_deadlines_are_undecided() {
        for k in [Township, Unknown] {
            assert_eq!(verdict(2024, "2025-01-20", k), Verdict::OnTime);
            assert_eq!(verdict(2024, "2025-02-20", k), Verdict::Undecided);
            assert_eq!(
                verdict(2024, "2025-04-02", k),
                Verdict::Late("2025-03-31".into())
            );
        }
    }
}
