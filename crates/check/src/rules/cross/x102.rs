//! X102: a section nearly identical to another report's (内容雷同).
use crate::context::{comparable, report_name, with_other};
use crate::similarity::{
    MIN_CHARS, jaccard, name_variants, normalise, shared_passages, shingles, without_boilerplate,
};
use crate::{Context, Rule};
use xxgk_model::{Finding, Report, SECTION_HEADINGS, Section};

/// From this Jaccard similarity of the normalised sections' shingle sets, two sections
/// are nearly identical.
pub(crate) const THRESHOLD: f64 = 0.8;
/// The shortest passage shown (characters).
pub(crate) const PASSAGE: usize = 12;

/// A section's normalised text and its shingles, when long enough to compare.
fn prepared(text: &str, names: &[&str]) -> Option<Vec<u64>> {
    let n = normalise(text, names);
    (n.chars().count() >= MIN_CHARS).then(|| shingles(&n))
}

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(history) = cx.history else { return };
    let report = cx.report;
    let own: Vec<&str> = report.agency.as_deref().into_iter().collect();
    // this report's sections without its own name, once: a candidate's name rarely
    // occurs in them, and only then are they normalised again
    let mine: Vec<(&Section, Option<Vec<u64>>)> = report
        .sections
        .iter()
        .map(|s| (s, prepared(&s.text, &own)))
        .collect();
    if mine.iter().all(|(_, p)| p.is_none()) {
        return;
    }
    for other in history.similar(report) {
        // the store may hand more than it should: the rule decides what counts
        if !comparable(report, &other) {
            continue;
        }
        let names: Vec<&str> = [report.agency.as_deref(), other.agency.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        let variants = other
            .agency
            .as_deref()
            .map(name_variants)
            .unwrap_or_default();
        for (s, prep) in &mine {
            if prep.is_none() {
                continue;
            }
            let Some(o) = other.section(s.number) else {
                continue;
            };
            let again;
            let a = if variants.iter().any(|n| s.text.contains(n.as_str())) {
                again = prepared(&s.text, &names);
                &again
            } else {
                prep
            };
            let (Some(a), Some(b)) = (a, prepared(&o.text, &names)) else {
                continue;
            };
            // |A ∩ B| / |A ∪ B| ≤ min / max: sizes far apart cannot reach the threshold
            let (small, large) = (a.len().min(b.len()), a.len().max(b.len()));
            if (small as f64) < THRESHOLD * large as f64 {
                continue;
            }
            let score = jaccard(a, &b);
            if score < THRESHOLD {
                continue;
            }
            out.push(finding(cx, rule, s.number, &s.text, &other, &o.text, score));
        }
    }
}

fn finding(
    cx: &Context,
    rule: &Rule,
    section: u8,
    text: &str,
    other: &Report,
    other_text: &str,
    score: f64,
) -> Finding {
    let score = (score * 100.0).round() / 100.0;
    let passages = shared_passages(
        &without_boilerplate(text),
        &without_boilerplate(other_text),
        PASSAGE,
    );
    let (name_zh, name_en) = report_name(other);
    let whose = if other.agency == cx.report.agency {
        ("上年报告", "last year's report")
    } else {
        ("其他机关报告", "another body's report")
    };
    let heading = SECTION_HEADINGS
        .get(usize::from(section).wrapping_sub(1))
        .copied()
        .unwrap_or_default();
    let numeral = ["一", "二", "三", "四", "五", "六"]
        .get(usize::from(section).wrapping_sub(1))
        .copied()
        .unwrap_or_default();
    let mut f = rule
        .finding(
            format!(
                "第{numeral}部分“{heading}”与{}{name_zh}的同一部分几乎相同（相似度 {score:.2}，已忽略机关名称、数字和模板语句）",
                whose.0
            ),
            format!(
                "section {section} is nearly identical to the same section of {} {name_en} (similarity {score:.2}, names, figures and template sentences aside)",
                whose.1
            ),
        )
        .with("score", score)
        .with("passages", passages);
    f.section = Some(section);
    f.location = cx.heading_at(section);
    with_other(f, other)
}
