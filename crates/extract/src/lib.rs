//! Extraction: a neutral [`xxgk_read::Document`] → the canonical [`Report`].
//!
//! Extraction finds the title, reporting body, year and date ([`meta`]), the six section
//! headings even when they are unnumbered or run inline ([`layout`]), and the three
//! statutory tables by the meaning of their labels, not their exact wording ([`tables`]).
//! The labels also tell the template: a table two with 本年新制作数量, 上一年项目数量 or
//! 政府集中采购, or a table three with one （六）其他处理 row, is the trial format of 2019
//! (2019 and 2020 reports), read into `active_disclosure_2019` and `requests.other` and
//! never into a 2021 key.
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

use serde::{Deserialize, Serialize};
use xxgk_model::{ColumnRef, Report, RowRef, SCHEMA_ID, Section, Source, TableId};
use xxgk_read::Document;
pub use xxgk_read::SourceMap;

/// What kind of thing extraction observed and had to interpret. Extraction names no rule:
/// the checker's registry says which rule reports which observation in which table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Observed {
    /// Labels or rows of the template used before 2021 (非本部门掌握, 信息不存在).
    OldTemplate,
    /// A label that differs from the template (other wording, a wrong character) but was
    /// matched by meaning.
    LabelVariant,
    /// A row with fewer or more cells than the template, or cells whose place in the table
    /// could not be told for certain (left null).
    IrregularRow,
    /// Rows of a table the source does not have (left null).
    MissingItems,
    /// A value that is not a (whole) number.
    NotANumber,
    /// A blank or “/” cell inside a present row (read as 0).
    BlankCell,
}

/// Something extraction observed and interpreted, with where and what it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// What kind of observation.
    pub kind: Observed,
    /// Message, Chinese.
    pub message: String,
    /// Message, English.
    pub message_en: String,
    /// Section 1–6.
    pub section: Option<u8>,
    /// Table.
    pub table: Option<TableId>,
    /// The row it concerns.
    pub row: Option<RowRef>,
    /// The column it concerns.
    pub column: Option<ColumnRef>,
    /// 1-based line.
    pub line: Option<u32>,
    /// 1-based character column.
    pub col: Option<u32>,
}

/// The result of extraction: the report, what extraction observed, the layout, the
/// metadata evidence and where every line came from. Serialisable (serde), so that a stored
/// report can be checked again, also by the rules across reports, without the original.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extraction {
    /// The canonical report.
    pub report: Report,
    /// What extraction interpreted.
    pub notes: Vec<Note>,
    /// Headings and paragraphs.
    pub layout: layout::Layout,
    /// Metadata evidence.
    pub meta: meta::Meta,
    /// Where each line of the laid-out text came from (page, table, row, cell), for
    /// formats other than text; empty for text.
    pub sources: SourceMap,
}

impl Extraction {
    /// The extraction of a canonical report read as it is (JSON or TOML): no document, so
    /// no observations, layout or metadata evidence.
    pub fn canonical(report: Report) -> Self {
        Extraction {
            report,
            notes: Vec::new(),
            layout: layout::Layout::default(),
            meta: meta::Meta::default(),
            sources: SourceMap::default(),
        }
    }
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
    report.published = meta.published.map(|p| p.0);
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
        sources: SourceMap::of(doc),
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
        .is_some_and(|n| matches!(n, "一" | "五" | "六" | "八" | "九"))
}
