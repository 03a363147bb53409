//! What a rule sees.

pub use crate::rules::body::BodyKind;
use xxgk_extract::{Extraction, Note};
use xxgk_model::{CellRef, Finding, Location, Report, TableId};

/// Other reports, for the rules that compare a report with the same body's report of the
/// year before (A202's jump, A203, X101, X103) or with reports that may share its text
/// (X102). The corpus store implements it; tests use an in-memory list. It is `Sync` so
/// that a [`Context`] stays `Send` and `Sync`, as the parallel checker needs.
pub trait History: Sync {
    /// The report of `body` (its name exactly as in [`Report::agency`]) for `year`, if
    /// known.
    fn previous(&self, body: &str, year: i32) -> Option<Report>;
    /// Reports that may share section text with `report` (X102): other bodies' reports of
    /// the same year and the same body's report of the year before. The store returns
    /// those sharing a band hash of [`crate::similarity::prints`] with `report`, in the
    /// same section; the rule scores each candidate itself, so extra candidates cost time,
    /// not findings. Default: none.
    fn similar(&self, _report: &Report) -> Vec<Report> {
        Vec::new()
    }
}

/// Reports kept in memory (a batch, or a test's history): `previous` is the first of
/// `body` for `year`; `similar` is every report of the same year from another body, and
/// the same body's report of the year before, without any index.
impl History for Vec<Report> {
    fn previous(&self, body: &str, year: i32) -> Option<Report> {
        self.iter()
            .find(|r| r.agency.as_deref() == Some(body) && r.year == Some(year))
            .cloned()
    }
    fn similar(&self, report: &Report) -> Vec<Report> {
        self.iter()
            .filter(|r| comparable(report, r))
            .cloned()
            .collect()
    }
}

/// Whether `other` is a report X102 compares `report` with: another body's report of the
/// same year, or the same body's report of the year before.
pub(crate) fn comparable(report: &Report, other: &Report) -> bool {
    let same_body = report.agency.is_some() && report.agency == other.agency;
    match (report.year, other.year) {
        (Some(y), Some(o)) if same_body => o == y - 1,
        (Some(y), Some(o)) => o == y && report.agency != other.agency,
        _ => false,
    }
}

/// The input of the checker: a report and, when it was extracted from a document, what
/// extraction noted.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The canonical report.
    pub report: &'a Report,
    /// The extraction it came from (absent when checking canonical JSON).
    pub extraction: Option<&'a Extraction>,
    /// Earlier reports, when a store is at hand.
    pub history: Option<&'a dyn History>,
}

impl std::fmt::Debug for Context<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("report", &self.report)
            .field("extraction", &self.extraction)
            .field("history", &self.history.map(|_| "…"))
            .finish()
    }
}

impl<'a> Context<'a> {
    /// A context for a canonical report alone.
    pub fn new(report: &'a Report) -> Self {
        Context {
            report,
            extraction: None,
            history: None,
        }
    }
    /// A context for an extraction.
    pub fn extracted(ex: &'a Extraction) -> Self {
        Context {
            report: &ex.report,
            extraction: Some(ex),
            history: None,
        }
    }
    /// The same context with earlier reports to compare with.
    pub fn with_history(self, history: &'a dyn History) -> Self {
        Context {
            history: Some(history),
            ..self
        }
    }
    /// The kind of body the report is from (from its name, else its title).
    pub fn body_kind(&self) -> BodyKind {
        BodyKind::of_report(self.report)
    }
    /// The same body's report of the year before, when a history is at hand.
    pub fn last_year(&self) -> Option<Report> {
        let h = self.history?;
        let body = self.report.agency.as_deref()?;
        h.previous(body, self.report.year?.checked_sub(1)?)
    }
    /// Whether nothing of a report was found (S001).
    pub fn not_a_report(&self) -> bool {
        let r = self.report;
        let tables = r.has_table_two() || r.requests.is_some() || r.appeals.is_some();
        let title = r.title.as_deref().is_some_and(|t| t.contains("报告"));
        !tables && !title && r.sections.len() < 2
    }
    /// Where a cell was read.
    pub fn at(&self, cell: CellRef) -> Location {
        self.report
            .provenance
            .get(&cell)
            .map(|p| Location {
                line: p.line,
                column: p.column,
                page: p.page,
                // the cell's extent, from the text read there
                end_column: p.column.map(|c| c + p.text.chars().count().max(1) as u32),
                ..Location::default()
            })
            .unwrap_or_default()
    }
    /// Location of a section's heading.
    pub fn heading_at(&self, section: u8) -> Location {
        self.extraction
            .and_then(|e| e.layout.headings.iter().find(|h| h.section == section))
            .map(|h| Location {
                line: Some(h.line),
                column: Some(h.column),
                page: None,
                ..Location::default()
            })
            .unwrap_or_default()
    }
}

/// Turns a note into a finding of `rule`.
pub(crate) fn from_note(rule: &crate::Rule, n: &Note) -> Finding {
    let mut f = rule.finding(n.message.clone(), n.message_en.clone());
    f.section = n.section;
    f.table = n.table;
    f.row = n.row.map(|r| r.key().to_string());
    f.column = n.column.map(|c| c.key().to_string());
    f.location = Location {
        line: n.line,
        column: n.col,
        page: None,
        ..Location::default()
    };
    f
}

/// Sets table, row, column and section of a finding.
/// Sets the cell a finding concerns (its table, row and column keys, its section) and its
/// location (the cell's, or the prose that states a figure of it).
pub(crate) fn place(mut f: Finding, cell: CellRef, loc: Location) -> Finding {
    let table = cell.table();
    let (row, column) = (Some(cell.row_key()), cell.column_key());
    f.section = Some(match table {
        TableId::ActiveDisclosure => 2,
        TableId::Requests => 3,
        TableId::Appeals => 4,
    });
    f.table = Some(table);
    f.row = row.map(str::to_string);
    f.column = column.map(str::to_string);
    f.location = loc;
    f
}

/// How a finding names another report: its title (else its body and year), and its file
/// when it has one.
pub(crate) fn report_name(r: &Report) -> (String, String) {
    let (mut zh, mut en) = match (&r.title, &r.agency, r.year) {
        (Some(t), ..) => (format!("《{t}》"), format!("《{t}》")),
        (None, Some(a), Some(y)) => (format!("{a}{y}年报告"), format!("{a}'s report for {y}")),
        (None, Some(a), None) => (format!("{a}的报告"), format!("{a}'s report")),
        (None, None, Some(y)) => (format!("{y}年报告"), format!("a report for {y}")),
        (None, None, None) => ("另一份报告".to_string(), "another report".to_string()),
    };
    if !r.source.path.is_empty() {
        zh.push_str(&format!("（{}）", r.source.path));
        en.push_str(&format!(" ({})", r.source.path));
    }
    (zh, en)
}

/// Adds to a finding the report it compares with: `other_agency`, `other_year`,
/// `other_title`, `other_file` and `other_sha256` (the SHA-256 of its file, which names a
/// stored report), those it has.
pub(crate) fn with_other(mut f: Finding, r: &Report) -> Finding {
    if let Some(a) = &r.agency {
        f = f.with("other_agency", a.as_str());
    }
    if let Some(y) = r.year {
        f = f.with("other_year", y);
    }
    if let Some(t) = &r.title {
        f = f.with("other_title", t.as_str());
    }
    if !r.source.path.is_empty() {
        f = f.with("other_file", r.source.path.as_str());
    }
    if !r.source.sha256.is_empty() {
        f = f.with("other_sha256", r.source.sha256.as_str());
    }
    f
}
