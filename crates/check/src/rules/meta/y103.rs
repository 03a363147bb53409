//! Y103: published after the statutory deadline.
use crate::BodyKind;
use crate::{Context, Rule};
use xxgk_model::{Date, Finding, Location};

/// What the rule concludes for a report of `kind` for `year` dated `published`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// On time (or no rule applies: a year outside the calendar).
    OnTime,
    /// Late: after this deadline.
    Late(Date),
    /// Between 31 January and 31 March for a body whose deadline the rule cannot tell.
    Undecided,
}

/// The deadlines of 条例 Art. 49 as read on the Y103 page: a department by 31 January,
/// the government's whole-area report by 31 March; a township, street or a body of
/// unknown kind is late for certain only after 31 March.
pub(crate) fn verdict(year: i32, published: Date, kind: BodyKind) -> Verdict {
    let Some(next) = year.checked_add(1).and_then(|y| i16::try_from(y).ok()) else {
        return Verdict::OnTime;
    };
    let (Ok(january), Ok(march)) = (Date::new(next, 1, 31), Date::new(next, 3, 31)) else {
        return Verdict::OnTime;
    };
    match kind {
        BodyKind::Department if published > january => Verdict::Late(january),
        _ if published > march => Verdict::Late(march),
        BodyKind::Township | BodyKind::Unknown if published > january => Verdict::Undecided,
        _ => Verdict::OnTime,
    }
}

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let r = cx.report;
    let (Some(year), Some(published)) = (r.year, r.published) else {
        return;
    };
    let kind = cx.body_kind();
    let mut f = match verdict(year, published, kind) {
        Verdict::OnTime => return,
        Verdict::Late(due) => rule
            .finding(
            format!(
                "报告落款日期 {published} 晚于法定公布期限 {due}（{}，《条例》第四十九条）",
                kind.name_zh()
            ),
            format!(
                "dated {published}, after the statutory deadline {due} ({}, Regulations Art. 49)",
                kind.name()
            ),
        )
        .with("published", published.to_string())
        .with("deadline", due.to_string()),
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
    use xxgk_model::Date;

    fn d(s: &str) -> Date {
        s.parse().expect("a date")
    }

    #[test]
    fn departments_by_january_governments_by_march() {
        let late = |s: &str| Verdict::Late(d(s));
        assert_eq!(verdict(2024, d("2025-01-31"), Department), Verdict::OnTime);
        assert_eq!(
            verdict(2024, d("2025-02-01"), Department),
            late("2025-01-31")
        );
        assert_eq!(verdict(2024, d("2025-02-20"), Government), Verdict::OnTime);
        assert_eq!(verdict(2024, d("2025-03-31"), Government), Verdict::OnTime);
        assert_eq!(
            verdict(2024, d("2025-04-01"), Government),
            late("2025-03-31")
        );
    }

    #[test]
    fn a_year_from_canonical_json_cannot_overflow() {
        assert_eq!(
            verdict(i32::MAX, d("9999-12-31"), Department),
            Verdict::OnTime
        );
        assert_eq!(
            verdict(40_000, d("2025-02-01"), Department),
            Verdict::OnTime
        );
    }

    #[test]
    fn townships_and_unknown_bodies_between_the_deadlines_are_undecided() {
        for k in [Township, Unknown] {
            assert_eq!(verdict(2024, d("2025-01-20"), k), Verdict::OnTime);
            assert_eq!(verdict(2024, d("2025-02-20"), k), Verdict::Undecided);
            assert_eq!(
                verdict(2024, d("2025-04-02"), k),
                Verdict::Late(d("2025-03-31"))
            );
        }
    }
}
