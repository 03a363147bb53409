//! N: prose against the tables.
pub(crate) mod n101;
pub(crate) mod n102;
pub(crate) mod n103;
pub(crate) mod n104;

use crate::context::place;
use crate::{Context, Rule};
use regex::Regex;
use xxgk_model::{Applicant, Finding, Location, RequestRow, TableId};

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
            out.push(to_stated(
                &c,
                Location {
                    line: Some(line),
                    column: Some(column),
                    page: None,
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
            ),
            TableId::Requests,
            Some(row.key()),
            Some(Applicant::Total.key()),
            s.loc,
        ));
    }
}
