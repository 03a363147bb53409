//! The rule catalogue of `format.md` and the checker.
//!
//! Every rule has a stable code, a severity, a bilingual title, a documentation page
//! (`docs/rules/CODE.md`, embedded and printed by `xxgk rule CODE`) and a check function,
//! one rule per file under `rules/<family>/`. [`registry`] lists them all; [`check`] runs
//! them on a report and returns [`Finding`]s sorted by source position.
//!
//! Rules read the canonical [`Report`]; rules about what extraction had to interpret
//! (label variants, irregular rows, blank cells) read the extraction's notes. A rule that
//! cannot be decided — a table missing, a cell left out — says so instead of guessing.
//!
//! ```
//! use xxgk_model::{Report, Requests, RequestRow, Applicant};
//! let mut r = Report::empty();
//! let mut t = Requests::default();
//! for row in RequestRow::ROWS_2021 { *t.row_mut(*row) = Some([Some(0); 7]); }
//! t.set(RequestRow::NewReceived, Applicant::NaturalPerson, Some(2)); // total still 0
//! r.requests = Some(t);
//! let findings = xxgk_check::check(&xxgk_check::Context::new(&r));
//! assert!(findings.iter().any(|f| f.code == "T301"));
//! ```
#![deny(missing_docs)]

mod context;
mod rules;
pub mod similarity;

pub use context::{BodyKind, Context, History};
use xxgk_extract::{Note, Observed};
use xxgk_model::{Finding, Severity, TableId};

/// One rule of the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable code.
    pub code: &'static str,
    /// Severity of its findings (a finding that says "cannot decide" is `info`).
    pub severity: Severity,
    /// The family (`structure`, `meta`, `active`, `requests`, `appeals`, `narrative`,
    /// `quality`, and `cross` for the rules across reports).
    pub family: &'static str,
    /// Title, Chinese.
    pub title: &'static str,
    /// Title, English.
    pub title_en: &'static str,
    /// Whether it runs (every rule of the catalogue does; the rules across reports find
    /// nothing without a [`History`]).
    pub active: bool,
    /// The documentation page (Markdown).
    pub doc: &'static str,
    /// The check.
    pub check: fn(&Context, &Rule, &mut Vec<Finding>),
    /// The observations of extraction this rule reports: a kind, in one table or any.
    pub reports: &'static [(Observed, Option<TableId>)],
}

impl Rule {
    /// Whether this rule reports an observation of extraction.
    pub fn reports(&self, n: &Note) -> bool {
        self.reports
            .iter()
            .any(|(kind, table)| *kind == n.kind && (table.is_none() || *table == n.table))
    }
    /// A finding of this rule with its severity.
    pub fn finding(&self, zh: impl Into<String>, en: impl Into<String>) -> Finding {
        Finding::new(self.code, self.severity, zh.into(), en.into())
    }
    /// What the rule checks: the first paragraph (Chinese) under `## 检查内容` of its page.
    pub fn what(&self) -> Option<String> {
        rules::first_paragraph(self.doc, "## 检查内容")
    }
    /// Why breaking it matters (its legal ground): the first paragraph (Chinese) under
    /// `## 为什么` of its page.
    pub fn why(&self) -> Option<String> {
        rules::first_paragraph(self.doc, "## 为什么")
    }
    /// An `info` finding of this rule saying it could not be decided.
    pub fn undecided(&self, zh: impl AsRef<str>, en: impl AsRef<str>) -> Finding {
        Finding::new(
            self.code,
            Severity::Info,
            format!("无法判定：{}", zh.as_ref()),
            format!("cannot decide: {}", en.as_ref()),
        )
    }
}

/// Every rule, in code order.
pub fn registry() -> &'static [Rule] {
    rules::REGISTRY
}

/// The rule with this code (case-insensitive).
pub fn rule(code: &str) -> Option<&'static Rule> {
    registry()
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(code))
}

/// Which rules run: `--select` and `--ignore` codes or prefixes (`T3`, `N101`), applied to
/// the registry before anything runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    select: Vec<String>,
    ignore: Vec<String>,
}

/// A `--select`/`--ignore` entry that names no rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("没有代码或前缀为 {0} 的规则 / no rule code or prefix {0}; 见 / see `xxgk rules`")]
pub struct UnknownRule(pub String);

impl Selection {
    /// Every rule.
    pub fn all() -> Self {
        Selection::default()
    }
    /// No rule at all (reading only).
    pub fn none() -> Self {
        Selection {
            select: vec![String::new()],
            ignore: vec![String::new()],
        }
    }
    /// The rules whose code starts with one of `select` (all when empty) and with none of
    /// `ignore` (case-insensitive). An entry that matches no rule is an error, so that a
    /// typo does not silently select nothing.
    pub fn new(select: &[String], ignore: &[String]) -> Result<Self, UnknownRule> {
        let norm = |xs: &[String]| -> Result<Vec<String>, UnknownRule> {
            xs.iter()
                .map(|x| x.trim().to_ascii_uppercase())
                .filter(|x| !x.is_empty())
                .map(|x| {
                    if registry().iter().any(|r| r.code.starts_with(x.as_str())) {
                        Ok(x)
                    } else {
                        Err(UnknownRule(x))
                    }
                })
                .collect()
        };
        Ok(Selection {
            select: norm(select)?,
            ignore: norm(ignore)?,
        })
    }
    /// Whether the rule with this code runs.
    pub fn allows(&self, code: &str) -> bool {
        let m = |p: &String| code.starts_with(p.as_str());
        (self.select.is_empty() || self.select.iter().any(m)) && !self.ignore.iter().any(m)
    }
}

/// Runs every active rule. Findings are sorted by line, then code.
pub fn check(cx: &Context) -> Vec<Finding> {
    check_selected(cx, &Selection::all())
}

/// Runs the active rules of the selection; the others do not run at all.
pub fn check_selected(cx: &Context, selection: &Selection) -> Vec<Finding> {
    let mut out = Vec::new();
    if cx.not_a_report() {
        let s001 = &rules::S001;
        if selection.allows(s001.code) {
            (s001.check)(cx, s001, &mut out);
        }
        return finish(cx, out);
    }
    let notes = cx
        .extraction
        .map(|e| e.notes.as_slice())
        .unwrap_or_default();
    for r in registry()
        .iter()
        .filter(|r| r.active && selection.allows(r.code))
    {
        for n in notes.iter().filter(|n| r.reports(n)) {
            out.push(context::from_note(r, n));
        }
        (r.check)(cx, r, &mut out);
    }
    finish(cx, out)
}

fn finish(cx: &Context, mut out: Vec<Finding>) -> Vec<Finding> {
    for f in &mut out {
        f.file = cx.report.source.path.clone();
        if f.help.is_none() {
            f.help = rules::help(&f.code);
        }
    }
    out.sort_by(|a, b| {
        (
            a.location.line.unwrap_or(u32::MAX),
            &a.code,
            a.location.column,
        )
            .cmp(&(
                b.location.line.unwrap_or(u32::MAX),
                &b.code,
                b.location.column,
            ))
    });
    if let Some(map) = cx.extraction.map(|e| &e.sources).filter(|m| !m.is_empty()) {
        for f in &mut out {
            locate(f, map);
        }
    }
    out
}

/// For a format other than text, turns a finding's line of the laid-out text into what a
/// person can find in that format (page, table, row, cell); the line is kept aside for
/// showing the row as a source line.
fn locate(f: &mut Finding, map: &xxgk_extract::SourceMap) {
    let Some(line) = f.location.line else { return };
    let column = f.location.column;
    f.text_at = Some((line, column.unwrap_or(1)));
    if let Some(o) = map.origin(line, column) {
        f.location.page = o.page.or(f.location.page);
        f.location.table = o.table;
        f.location.row = o.row;
        f.location.cell = o.cell;
    }
    f.location.line = None;
    f.location.column = None;
    f.location.end_column = None;
}

/// The rule that reports an observation of extraction, if any.
pub fn reported_as(n: &Note) -> Option<&'static Rule> {
    registry().iter().find(|r| r.reports(n))
}

/// The S001 finding for a file that could not be read at all (`reason` from the reader),
/// unless the selection leaves S001 out.
pub fn unreadable_selected(
    path: &str,
    reason_zh_en: &str,
    selection: &Selection,
) -> Option<Finding> {
    selection
        .allows(rules::S001.code)
        .then(|| unreadable(path, reason_zh_en))
}

/// The S001 finding for a file that could not be read at all (`reason` from the reader).
pub fn unreadable(path: &str, reason_zh_en: &str) -> Finding {
    let r = &rules::S001;
    // reasons are written “中文 / English”: each half goes to its own message
    let (zh, en) = reason_zh_en
        .split_once(" / ")
        .unwrap_or((reason_zh_en, reason_zh_en));
    let mut f = r.finding(
        format!("无法作为年度报告读取：{zh}"),
        format!("cannot be read as an annual report: {en}"),
    );
    f.file = path.to_string();
    f.help = rules::help(r.code);
    f
}

/// The rules that compare a report with other reports through a [`History`] (A202's jump
/// against last year, A203, X101–X103). The corpus store runs them again for a report
/// whenever one of its neighbours arrives, and replaces their earlier findings.
pub fn history_rules() -> Selection {
    Selection {
        select: [
            &rules::A202,
            &rules::A203,
            &rules::X101,
            &rules::X102,
            &rules::X103,
        ]
        .iter()
        .map(|r| r.code.to_string())
        .collect(),
        ignore: Vec::new(),
    }
}

/// Whether a finding says the file is not a report at all (S001): the store lists such
/// files apart from the reports.
pub fn is_not_a_report(f: &Finding) -> bool {
    f.code == rules::S001.code
}

/// Whether a finding says the report was published after its deadline (Y103).
pub fn is_late(f: &Finding) -> bool {
    f.code == rules::Y103.code && f.severity != Severity::Info
}

/// Whether a finding compares the report with the same body's report of the year before,
/// figure by figure (X101's carry-over, X103's copied figures): the web app links it to
/// the two years side by side.
pub fn compares_last_year(f: &Finding) -> bool {
    f.code == rules::X101.code || f.code == rules::X103.code
}

/// Whether a finding says a section's text is nearly identical to another report's
/// (X102, 内容雷同): the web app shows both texts with the passages they share.
pub fn is_copied_text(f: &Finding) -> bool {
    f.code == rules::X102.code
}
