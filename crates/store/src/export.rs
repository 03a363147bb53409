//! The corpus for researchers: one row per report with every figure (columns named by the
//! canonical keys, `requests.total.natural_person`), the findings, and JSON Lines of the
//! canonical reports.

use crate::{Result, Store, StoreError};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use xxgk_model::{AppealKind, AppealResult, Applicant, Report, RequestRow, TrialColumn, TrialRow};

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// `OUT` with the reports, `OUT` with `.findings.csv` for the findings.
    Csv,
    /// One workbook: sheet 报告 (reports), sheet 问题 (findings).
    Xlsx,
    /// One canonical report per line.
    Jsonl,
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportSummary {
    /// Reports written.
    pub reports: usize,
    /// Findings written.
    pub findings: usize,
    /// Files written.
    pub files: Vec<String>,
}

/// The leading columns, before the figures.
const META: [&str; 14] = [
    "id",
    "body",
    "region",
    "agency",
    "year",
    "template",
    "published",
    "title",
    "file",
    "sha256",
    "format",
    "errors",
    "warnings",
    "infos",
];

const FINDING_COLUMNS: [&str; 11] = [
    "report_id",
    "body",
    "year",
    "code",
    "severity",
    "message",
    "section",
    "table",
    "row",
    "column",
    "location",
];

/// Every figure of a report by its canonical key, in the template's order: table two,
/// table three (`requests.ROW.APPLICANT`), table four (`appeals.KIND.RESULT`). A table of
/// another format version follows under its own key. A table the report lacks gives
/// empty cells, never zeros.
pub fn figures(r: &Report) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let num = |v: Option<i64>| v.map_or(Value::Null, Value::from);
    let ad = r.active_disclosure.as_ref();
    for (key, issued) in [
        ("regulations", ad.and_then(|a| a.regulations)),
        (
            "normative_documents",
            ad.and_then(|a| a.normative_documents),
        ),
    ] {
        let i = issued.unwrap_or_default();
        for (col, v) in [
            ("issued", i.issued),
            ("repealed", i.repealed),
            ("in_force", i.in_force),
        ] {
            out.push((format!("active_disclosure.{key}.{col}"), num(v)));
        }
    }
    for (key, v) in [
        ("licensing", ad.and_then(|a| a.licensing)),
        ("penalty", ad.and_then(|a| a.penalty)),
        ("coercion", ad.and_then(|a| a.coercion)),
    ] {
        out.push((format!("active_disclosure.{key}"), num(v)));
    }
    out.push((
        "active_disclosure.fees_wan_yuan".into(),
        ad.and_then(|a| a.fees_wan_yuan.clone())
            .map_or(Value::Null, Value::from),
    ));
    for row in RequestRow::ALL {
        for a in Applicant::ALL {
            let v = r.requests.as_ref().and_then(|t| t.get(*row, *a));
            out.push((format!("requests.{}.{}", row.key(), a.key()), num(v)));
        }
    }
    for kind in AppealKind::ALL {
        for res in AppealResult::ALL {
            let v = r.appeals.as_ref().and_then(|t| t.group(*kind).get(*res));
            out.push((format!("appeals.{}.{}", kind.key(), res.key()), num(v)));
        }
    }
    // the trial table two of 2019 and 2020 reports (国办公开办函〔2019〕60号), under its
    // own keys: never forced into a 2021 column it does not mean
    let trial = r.active_disclosure_2019.as_ref();
    for row in TrialRow::ALL {
        for col in row.columns() {
            let v = match col {
                TrialColumn::Amount => trial
                    .and_then(|t| t.procurement.as_ref())
                    .and_then(|p| p.amount.clone())
                    .map_or(Value::Null, Value::from),
                _ => num(trial.and_then(|t| t.get(*row, *col))),
            };
            out.push((
                format!("active_disclosure_2019.{}.{}", row.key(), col.key()),
                v,
            ));
        }
    }
    out
}

/// The figure columns, in order: the 2021 template's, then the trial template's.
pub fn figure_columns() -> Vec<String> {
    figures(&Report::empty())
        .into_iter()
        .map(|(k, _)| k)
        .collect()
}

fn cell_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

struct Row {
    meta: Vec<String>,
    figures: BTreeMap<String, Value>,
}

/// Which reports to export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportFilter {
    /// Reporting year (every year when unset).
    pub year: Option<i32>,
    /// Only bodies in this region or under it (a path, `/四川省/成都市`).
    pub under: Option<String>,
    /// Only what an account may see ([`crate::web::User::scope`]).
    pub scope: crate::web::Scope,
}

impl ExportFilter {
    fn restricted(&self) -> bool {
        self.scope != crate::web::Scope::All
            || self
                .under
                .as_deref()
                .is_some_and(|u| !u.trim().trim_matches('/').is_empty())
    }
}

impl ExportFormat {
    /// `csv`, `xlsx`, `jsonl`.
    pub fn from_key(k: &str) -> Option<ExportFormat> {
        match k {
            "csv" => Some(ExportFormat::Csv),
            "xlsx" => Some(ExportFormat::Xlsx),
            "jsonl" => Some(ExportFormat::Jsonl),
            _ => None,
        }
    }
    /// The file extension.
    pub fn key(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Jsonl => "jsonl",
        }
    }
}

impl Store {
    /// Writes the corpus (current reports, not failed files) of a year, or of every year.
    pub async fn export(
        &self,
        year: Option<i32>,
        format: ExportFormat,
        out: &Path,
    ) -> Result<ExportSummary> {
        self.export_filtered(
            &ExportFilter {
                year,
                ..ExportFilter::default()
            },
            format,
            out,
        )
        .await
    }

    /// Writes the corpus of the reports a filter selects (current reports, not failed
    /// files): a year or every year, a region and what is under it, what an account may
    /// see. When the filter restricts the reports, the findings written are those of the
    /// reports written.
    pub async fn export_filtered(
        &self,
        filter: &ExportFilter,
        format: ExportFormat,
        out: &Path,
    ) -> Result<ExportSummary> {
        let year = filter.year;
        let mut w = Store::report_where(&crate::query::ReportFilter {
            status: crate::query::Status::All,
            year,
            under: filter.under.clone(),
            scope: filter.scope.clone(),
            ..Default::default()
        });
        w.plain("r.is_current = 1 AND r.failed = 0 AND d.report_json IS NOT NULL");
        let sql = format!(
            "SELECT r.id, b.name, g.path, r.agency, r.year, r.published, r.title, r.name, r.sha256, r.format, r.errors, r.warnings, r.infos, d.report_json \
             FROM reports r JOIN report_docs d ON d.report_id = r.id LEFT JOIN bodies b ON b.id = r.body_id LEFT JOIN regions g ON g.id = b.region_id{} ORDER BY g.path, b.name, r.year, r.id",
            w.sql()
        );
        type T = (
            i64,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<i64>,
            Option<String>,
            Option<String>,
            String,
            String,
            String,
            i64,
            i64,
            i64,
            String,
        );
        let rows: Vec<T> = w
            .bind(sqlx::query_as(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?;
        let io = |source| StoreError::Io {
            path: out.display().to_string(),
            source,
        };
        let mut summary = ExportSummary {
            reports: rows.len(),
            ..ExportSummary::default()
        };
        if format == ExportFormat::Jsonl {
            use std::io::Write as _;
            let mut f = std::io::BufWriter::new(std::fs::File::create(out).map_err(io)?);
            for t in &rows {
                // one line each: the stored JSON re-serialised compactly
                let r: Report = serde_json::from_str(&t.13)?;
                serde_json::to_writer(&mut f, &r)?;
                f.write_all(b"\n").map_err(io)?;
            }
            f.flush().map_err(io)?;
            summary.files.push(out.display().to_string());
            return Ok(summary);
        }
        let columns = figure_columns();
        let mut table = Vec::with_capacity(rows.len());
        for t in &rows {
            let r: Report = serde_json::from_str(&t.13)?;
            let figs: BTreeMap<String, Value> = figures(&r).into_iter().collect();
            let opt = |s: &Option<String>| s.clone().unwrap_or_default();
            table.push(Row {
                meta: vec![
                    t.0.to_string(),
                    opt(&t.1),
                    opt(&t.2),
                    opt(&t.3),
                    t.4.map(|y| y.to_string()).unwrap_or_default(),
                    r.template.name().to_string(),
                    opt(&t.5),
                    opt(&t.6),
                    t.7.clone(),
                    t.8.clone(),
                    t.9.clone(),
                    t.10.to_string(),
                    t.11.to_string(),
                    t.12.to_string(),
                ],
                figures: figs,
            });
        }
        let mut findings = self
            .findings(&crate::query::FindingFilter {
                year,
                ..Default::default()
            })
            .await?;
        if filter.restricted() {
            let ids: std::collections::HashSet<i64> = rows.iter().map(|t| t.0).collect();
            findings.retain(|f| ids.contains(&f.report_id));
        }
        let finding_rows: Vec<Vec<String>> = findings
            .iter()
            .map(|s| {
                let f = &s.finding;
                vec![
                    s.report_id.to_string(),
                    s.body.clone().unwrap_or_default(),
                    s.year.map(|y| y.to_string()).unwrap_or_default(),
                    f.code.clone(),
                    f.severity.name().to_string(),
                    f.message.clone(),
                    f.section.map(|x| x.to_string()).unwrap_or_default(),
                    f.table
                        .and_then(|t| serde_json::to_value(t).ok())
                        .map(|v| cell_text(&v))
                        .unwrap_or_default(),
                    f.row.clone().unwrap_or_default(),
                    f.column.clone().unwrap_or_default(),
                    f.location.describe().unwrap_or_default(),
                ]
            })
            .collect();
        summary.findings = finding_rows.len();
        let header: Vec<String> = META
            .iter()
            .map(|s| s.to_string())
            .chain(columns.iter().cloned())
            .collect();
        match format {
            ExportFormat::Csv => {
                let invalid = |e: csv::Error| StoreError::Invalid(e.to_string());
                let mut wr = csv::Writer::from_path(out).map_err(invalid)?;
                wr.write_record(&header).map_err(invalid)?;
                for r in &table {
                    let cells = r.meta.iter().cloned().chain(
                        columns
                            .iter()
                            .map(|c| r.figures.get(c).map(cell_text).unwrap_or_default()),
                    );
                    wr.write_record(cells).map_err(invalid)?;
                }
                wr.flush().map_err(io)?;
                let fpath = findings_path(out);
                let mut wf = csv::Writer::from_path(&fpath).map_err(invalid)?;
                wf.write_record(FINDING_COLUMNS).map_err(invalid)?;
                for r in &finding_rows {
                    wf.write_record(r).map_err(invalid)?;
                }
                wf.flush().map_err(io)?;
                summary.files.push(out.display().to_string());
                summary.files.push(fpath.display().to_string());
            }
            ExportFormat::Xlsx => {
                let x = |e: rust_xlsxwriter::XlsxError| StoreError::Invalid(e.to_string());
                let mut book = rust_xlsxwriter::Workbook::new();
                let sheet = book.add_worksheet();
                sheet.set_name("报告").map_err(x)?;
                for (c, h) in header.iter().enumerate() {
                    sheet.write_string(0, c as u16, h).map_err(x)?;
                }
                for (i, r) in table.iter().enumerate() {
                    let row = i as u32 + 1;
                    for (c, m) in r.meta.iter().enumerate() {
                        sheet.write_string(row, c as u16, m).map_err(x)?;
                    }
                    for (j, col) in columns.iter().enumerate() {
                        let c = (META.len() + j) as u16;
                        match r.figures.get(col) {
                            Some(Value::Number(n)) => {
                                if let Some(f) = n.as_f64() {
                                    sheet.write_number(row, c, f).map_err(x)?;
                                }
                            }
                            Some(v @ Value::String(_)) => {
                                sheet.write_string(row, c, cell_text(v)).map_err(x)?;
                            }
                            _ => {}
                        }
                    }
                }
                let sheet = book.add_worksheet();
                sheet.set_name("问题").map_err(x)?;
                for (c, h) in FINDING_COLUMNS.iter().enumerate() {
                    sheet.write_string(0, c as u16, *h).map_err(x)?;
                }
                for (i, r) in finding_rows.iter().enumerate() {
                    for (c, v) in r.iter().enumerate() {
                        sheet.write_string(i as u32 + 1, c as u16, v).map_err(x)?;
                    }
                }
                book.save(out).map_err(x)?;
                summary.files.push(out.display().to_string());
            }
            ExportFormat::Jsonl => {}
        }
        Ok(summary)
    }
}

/// `corpus.csv` → `corpus.findings.csv`.
pub fn findings_path(out: &Path) -> std::path::PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "corpus".into());
    out.with_file_name(format!("{stem}.findings.csv"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figure_columns_are_the_canonical_keys_in_template_order() {
        let cols = figure_columns();
        assert_eq!(cols[0], "active_disclosure.regulations.issued");
        assert!(cols.contains(&"requests.total.natural_person".to_string()));
        assert!(cols.contains(&"appeals.litigation_after_review.total".to_string()));
        // 2021: 6 + 4 figures of table two, 25 rows × 7 of table three, 15 of table four;
        // the trial format's 其他处理 row (× 7) and its own table two
        let trial: usize = TrialRow::ALL.iter().map(|r| r.columns().len()).sum();
        assert_eq!(cols.len(), 6 + 4 + 175 + 15 + 7 + trial);
        assert!(cols.contains(&"active_disclosure_2019.procurement.amount".to_string()));
        assert!(cols.contains(&"requests.other.total".to_string()));
        let new = cols
            .iter()
            .position(|c| c == "requests.new_received.natural_person");
        let fwd = cols
            .iter()
            .position(|c| c == "requests.carried_forward.total");
        assert!(new < fwd);
    }

    #[test]
    fn a_missing_table_is_empty_not_zero() {
        let r = Report::empty();
        let figs = figures(&r);
        assert!(figs.iter().all(|(_, v)| v.is_null()));
    }
}
