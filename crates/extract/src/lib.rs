//! Extraction: a neutral [`xxgk_read::Document`] → the canonical [`Report`].
//!
//! Extraction finds the title, reporting body, year and date ([`meta`]), the six section
//! headings even when they are unnumbered or run inline ([`layout`]), and the three
//! statutory tables by the meaning of their labels, not their exact wording ([`tables`]).
//! Irregular rows are aligned to the template by explicit rules ([`align`]). Everything
//! extraction had to interpret is kept as a [`Note`] with the rule code under which the
//! checker reports it (S004, S005, T304, T305, T306, T404, T405, A201), so that nothing
//! is silently guessed.
//!
//! ```
//! let text = "规章\t0\t0\t3\n行政许可\t5\t\t\n";
//! let doc = xxgk_read::read_bytes("x.txt", text.as_bytes()).unwrap();
//! let ex = xxgk_extract::extract(&doc, "x.txt");
//! let t2 = ex.report.active_disclosure.unwrap();
//! assert_eq!(t2.regulations.unwrap().in_force, Some(3));
//! assert_eq!(t2.licensing, Some(5));
//! assert!(ex.report.requests.is_none()); // never invented
//! ```
#![deny(missing_docs)]

pub mod align;
pub mod layout;
pub mod meta;
pub mod norm;
pub mod tables;

use xxgk_model::{Report, SCHEMA_ID, Section, Source, TableId};
use xxgk_read::Document;

/// Something extraction interpreted, to be reported by the checker under `code`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The rule code it is reported under.
    pub code: &'static str,
    /// Message, Chinese.
    pub message: String,
    /// Message, English.
    pub message_en: String,
    /// Section 1–6.
    pub section: Option<u8>,
    /// Table.
    pub table: Option<TableId>,
    /// Row key.
    pub row: Option<String>,
    /// Column key.
    pub column: Option<String>,
    /// 1-based line.
    pub line: Option<u32>,
    /// 1-based character column.
    pub col: Option<u32>,
}

/// The result of extraction.
#[derive(Debug, Clone)]
pub struct Extraction {
    /// The canonical report.
    pub report: Report,
    /// What extraction interpreted.
    pub notes: Vec<Note>,
    /// Headings and paragraphs.
    pub layout: layout::Layout,
    /// Metadata evidence.
    pub meta: meta::Meta,
}

/// Extracts the canonical report from a document read from `path`.
pub fn extract(doc: &Document, path: &str) -> Extraction {
    let lay = layout::layout(doc);
    let meta = meta::meta(doc, &lay);
    let mut report = Report::empty();
    report.schema = SCHEMA_ID.to_string();
    report.source = Source {
        path: path.to_string(),
        sha256: doc.sha256.clone(),
        format: doc.format,
    };
    report.title = meta.title.clone();
    report.agency = meta.agency.clone();
    report.year = meta
        .title_year
        .or_else(|| meta.period_years.first().copied())
        .or_else(|| meta.body_year.map(|b| b.0));
    report.published = meta.published.as_ref().map(|p| p.0.clone());
    // The signature (body name and date after the last section) is not prose.
    let mut signature_from = lay.paragraphs.len();
    let short_line = |t: &str, n: usize| t.chars().count() <= n && !t.contains(['。', '，', '；']);
    if let Some((_, line)) = &meta.published
        && let Some(last) = lay.paragraphs.last()
        && (last.line()..=last.last_line()).contains(line)
        && short_line(&last.text, 60)
    {
        signature_from = lay.paragraphs.len() - 1;
        if signature_from > 0 && short_line(&lay.paragraphs[signature_from - 1].text, 40) {
            signature_from -= 1;
        }
    }
    let prose: Vec<&layout::Paragraph> = lay.paragraphs[..signature_from]
        .iter()
        .filter(|p| !is_table_caption(&p.text))
        .collect();
    for h in &lay.headings {
        let text: Vec<&str> = prose
            .iter()
            .filter(|p| p.section == h.section)
            .map(|p| p.text.as_str())
            .collect();
        report.sections.push(Section {
            number: h.section,
            heading: h.text.clone(),
            text: text.join("\n"),
        });
    }
    let mut notes = Vec::new();
    tables::extract_tables(doc, &lay, &mut report, &mut notes);
    Extraction {
        report,
        notes,
        layout: lay,
        meta,
    }
}

/// A line that only names one of table two's sub-tables (“第二十条第（一）项”), printed
/// above it as a caption: part of the table, not of the section's prose.
fn is_table_caption(text: &str) -> bool {
    // the key of a caption has seven characters; ideographs are all kept (and NFKC leaves
    // them be), so a text with more than seven is not one
    let ideographs = text
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .take(8)
        .count();
    if ideographs > 7 {
        return false;
    }
    let k = norm::label_key(text);
    k.strip_prefix("第二十条第")
        .and_then(|r| r.strip_suffix('项'))
        .is_some_and(|n| matches!(n, "一" | "五" | "六" | "八"))
}
