//! N104: the prose and table four disagree on review and litigation.
use crate::context::place;
use crate::{Context, Rule};
use regex::Regex;
use std::sync::LazyLock;
use xxgk_model::{AppealKind, AppealResult, CellRef, Finding};

static NONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:未|没有|无)(?:发生|出现|收到|被|因)?[^。；，,\d]{0,30}?(?:行政复议|行政诉讼)(?:[、和或及与]行政(?:复议|诉讼))?").expect("static regex")
});
static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"行政复议[^。；，,\d]{0,4}?(\d+)\s*(?:件|起|宗)").expect("static regex")
});

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(a) = &cx.report.appeals else { return };
    let total = |kinds: &[AppealKind]| kinds.iter().filter_map(|k| a.group(*k).total).sum::<i64>();
    // what the “none” sentence covers: review, litigation, or both
    let covered = |text: &str| {
        let review = text.contains("复议");
        let suit = text.contains("诉讼");
        match (review, suit) {
            (true, false) => total(&[AppealKind::Review]),
            (false, true) => total(&[
                AppealKind::LitigationDirect,
                AppealKind::LitigationAfterReview,
            ]),
            _ => total(AppealKind::ALL),
        }
    };
    if let Some((s, any)) = super::stated(cx, &NONE)
        .into_iter()
        .map(|s| {
            let n = covered(&s.text);
            (s, n)
        })
        .find(|(_, n)| *n > 0)
    {
        out.push(place(
            rule.finding(
                format!("正文称没有行政复议、行政诉讼（“{}”），但表四总计为 {any} 件", s.text),
                format!("the prose says there was no review or litigation (“{}”), table four totals {any}", s.text),
            ).with("table", any),
            CellRef::Appeal(AppealKind::Review, AppealResult::Total),
            s.loc,
        ));
    }
    if let Some(review) = a.review.total
        && let Some(s) = super::stated(cx, &COUNT)
            .into_iter()
            .find(|s| s.value != review)
    {
        out.push(place(
            rule.finding(
                format!(
                    "正文称行政复议 {} 件（“{}”），表四为 {review} 件",
                    s.value, s.text
                ),
                format!(
                    "the prose gives {} administrative reviews (“{}”), table four {review}",
                    s.value, s.text
                ),
            )
            .with("prose", s.value)
            .with("table", review),
            CellRef::Appeal(AppealKind::Review, AppealResult::Total),
            s.loc,
        ));
    }
}
