//! N: prose against the tables.
pub(crate) mod n101;
pub(crate) mod n102;
pub(crate) mod n103;
pub(crate) mod n104;
pub(crate) mod n105;

use crate::context::place;
use crate::{Context, Rule};
use regex::Regex;
use xxgk_model::{Applicant, CellRef, Finding, Location, RequestRow};

/// A number stated in the prose, with where it was read.
pub(crate) struct Stated {
    pub value: i64,
    pub text: String,
    pub loc: Location,
}

/// Every match of `re` in the prose of sections 一–四 (capture 1 is the number; a match
/// without capture 1 states zero).
pub(crate) fn stated(cx: &Context, re: &Regex) -> Vec<Stated> {
    let Some(ex) = cx.extraction else {
        return cx
            .report
            .sections
            .iter()
            .filter(|s| s.number <= 4)
            .flat_map(|s| {
                re.captures_iter(&s.text)
                    .map(|c| to_stated(&c, Location::default()))
                    .collect::<Vec<_>>()
            })
            .collect();
    };
    let mut out = Vec::new();
    for p in ex
        .layout
        .paragraphs
        .iter()
        .filter(|p| (1..=4).contains(&p.section))
    {
        for c in re.captures_iter(&p.text) {
            let Some(m) = c.get(0) else { continue };
            let off = p.text[..m.start()].chars().count();
            let (line, column) = p.position(off);
            // the phrase's extent, when it stands on one line
            let end = off + m.as_str().chars().count();
            let (end_line, end_column) = p.position(end);
            out.push(to_stated(
                &c,
                Location {
                    line: Some(line),
                    column: Some(column),
                    end_column: (end_line == line && end_column > column).then_some(end_column),
                    ..Location::default()
                },
            ));
        }
    }
    out
}

fn to_stated(c: &regex::Captures, loc: Location) -> Stated {
    let value = c.get(1).and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
    Stated {
        value,
        text: c.get(0).map(|m| m.as_str().to_string()).unwrap_or_default(),
        loc,
    }
}

/// A paragraph of the prose of sections 一–四, with the way back to the source.
pub(crate) struct Prose<'a> {
    pub text: &'a str,
    para: Option<&'a xxgk_extract::layout::Paragraph>,
}

impl Prose<'_> {
    /// The source location of the byte offset `at` of the text.
    pub fn at(&self, at: usize) -> Location {
        let Some(p) = self.para else {
            return Location::default();
        };
        let off = self.text.get(..at).map(|s| s.chars().count()).unwrap_or(0);
        let (line, column) = p.position(off);
        Location {
            line: Some(line),
            column: Some(column),
            page: None,
            ..Location::default()
        }
    }
}

/// The paragraphs of sections 一–四 (the sections' text when there is no extraction).
pub(crate) fn prose<'a>(cx: &Context<'a>) -> Vec<Prose<'a>> {
    match cx.extraction {
        Some(ex) => ex
            .layout
            .paragraphs
            .iter()
            .filter(|p| (1..=4).contains(&p.section))
            .map(|p| Prose {
                text: &p.text,
                para: Some(p),
            })
            .collect(),
        None => cx
            .report
            .sections
            .iter()
            .filter(|s| s.number <= 4)
            .flat_map(|s| s.text.split('\n'))
            .map(|text| Prose { text, para: None })
            .collect(),
    }
}

/// Compares each stated number with the accepted table values; reports the first mismatch.
pub(crate) fn compare(
    rule: &Rule,
    out: &mut Vec<Finding>,
    stated: Vec<Stated>,
    accepted: &[i64],
    row: RequestRow,
    what: (&str, &str),
) {
    let Some(&table) = accepted.first() else {
        return;
    };
    if let Some(s) = stated.into_iter().find(|s| !accepted.contains(&s.value)) {
        out.push(place(
            rule.finding(
                format!(
                    "正文称{}为 {} 件（“{}”），表三为 {table} 件",
                    what.0, s.value, s.text
                ),
                format!(
                    "the prose gives {} {} (“{}”), table three {table}",
                    what.1, s.value, s.text
                ),
            )
            .with("prose", s.value)
            .with("table", table),
            CellRef::Request(row, Applicant::Total),
            s.loc,
        ));
    }
}
