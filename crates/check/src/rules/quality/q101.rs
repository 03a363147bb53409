//! Q101: a foreign word inside Chinese prose.
use crate::{Context, Rule};
use regex::Regex;
use std::sync::LazyLock;
use xxgk_model::{Finding, Location};

static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\p{Han}[ \t\u{3000}]*([a-z]{2,}(?:[ \t][a-z]{2,})*)[ \t\u{3000}]*\p{Han}")
        .expect("static regex")
});

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(ex) = cx.extraction else { return };
    for p in &ex.layout.paragraphs {
        // a match holds two lower-case ASCII letters in a row: most paragraphs have none
        if !p
            .text
            .as_bytes()
            .windows(2)
            .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_lowercase())
        {
            continue;
        }
        for c in RE.captures_iter(&p.text) {
            let Some(w) = c.get(1) else { continue };
            let (line, column) = p.position(p.text[..w.start()].chars().count());
            let mut f = rule.finding(
                format!("中文正文中出现外文单词“{}”，疑为翻译或编辑遗留", w.as_str()),
                format!("the foreign word “{}” inside Chinese prose looks like a translation or editing artifact", w.as_str()),
            );
            f.section = (p.section > 0).then_some(p.section);
            f.location = Location {
                line: Some(line),
                column: Some(column),
                page: None,
                ..Location::default()
            };
            out.push(f);
        }
    }
}
