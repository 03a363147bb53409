//! Q102: a paragraph broken in mid-sentence.
use crate::{Context, Rule};
use xxgk_model::{Finding, Location};

const ENDINGS: &str = "。！？；：…”’」』）)】》.!?;:、，,—-";
const NUMBERING: &str = "一二三四五六七八九十（(0123456789第【";

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(ex) = cx.extraction else { return };
    for w in ex.layout.paragraphs.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if a.section == 0 || a.section != b.section || a.text.chars().count() < 30 {
            continue;
        }
        let Some(last) = a.text.trim_end().chars().last() else {
            continue;
        };
        let Some(first) = b.text.trim_start().chars().next() else {
            continue;
        };
        if ENDINGS.contains(last) || NUMBERING.contains(first) || b.text.starts_with("二是") {
            continue;
        }
        let is_text = |c: char| c.is_alphanumeric();
        if !is_text(last) || !is_text(first) {
            continue;
        }
        let n = a.text.trim_end().chars().count();
        let (line, column) = a.position(n.saturating_sub(1));
        let tail: String = a
            .text
            .trim_end()
            .chars()
            .rev()
            .take(6)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let head: String = b.text.trim_start().chars().take(6).collect();
        let mut f = rule.finding(
            format!("段落在句子中间断开：“…{tail}”与下一段“{head}…”应为同一句（疑为分页遗留）"),
            format!("paragraph broken in mid-sentence: “…{tail}” continues as “{head}…” (page-break artifact)"),
        );
        f.section = Some(a.section);
        f.location = Location {
            line: Some(line),
            column: Some(column),
            page: None,
            ..Location::default()
        };
        out.push(f);
    }
}
