//! What a rule sees.

use xxgk_extract::{Extraction, Note};
use xxgk_model::{Finding, Location, Report, TableId};

/// The input of the checker: a report and, when it was extracted from a document, what
/// extraction noted.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The canonical report.
    pub report: &'a Report,
    /// The extraction it came from (absent when checking canonical JSON).
    pub extraction: Option<&'a Extraction>,
}

impl<'a> Context<'a> {
    /// A context for a canonical report alone.
    pub fn new(report: &'a Report) -> Self {
        Context {
            report,
            extraction: None,
        }
    }
    /// A context for an extraction.
    pub fn extracted(ex: &'a Extraction) -> Self {
        Context {
            report: &ex.report,
            extraction: Some(ex),
        }
    }
    /// Notes extraction made under `code`.
    pub fn notes(&self, code: &'static str) -> impl Iterator<Item = &'a Note> + use<'a> {
        self.extraction
            .into_iter()
            .flat_map(move |e| e.notes.iter().filter(move |n| n.code == code))
    }
    /// Whether nothing of a report was found (S001).
    pub fn not_a_report(&self) -> bool {
        let r = self.report;
        let tables = r.active_disclosure.is_some() || r.requests.is_some() || r.appeals.is_some();
        let title = r.title.as_deref().is_some_and(|t| t.contains("报告"));
        !tables && !title && r.sections.len() < 2
    }
    /// Location of a provenance path.
    pub fn at(&self, path: &str) -> Location {
        self.report
            .provenance
            .get(path)
            .map(|p| Location {
                line: p.line,
                column: p.column,
                page: p.page,
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
            })
            .unwrap_or_default()
    }
}

/// Turns a note into a finding of `rule`.
pub(crate) fn from_note(rule: &crate::Rule, n: &Note) -> Finding {
    let mut f = rule.finding(n.message.clone(), n.message_en.clone());
    f.section = n.section;
    f.table = n.table;
    f.row = n.row.clone();
    f.column = n.column.clone();
    f.location = Location {
        line: n.line,
        column: n.col,
        page: None,
    };
    f
}

/// Sets table, row, column and section of a finding.
pub(crate) fn place(
    mut f: Finding,
    table: TableId,
    row: Option<&str>,
    column: Option<&str>,
    loc: Location,
) -> Finding {
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
