//! Downloads: a review letter (审核意见, DOCX) per report with confirmed findings, all
//! letters of a region and year as one ZIP, and the corpus export, each restricted to what
//! the account may see. The page `/exports` offers them; the API serves the same files.

use crate::AppState;
use crate::auth::PageUser;
use crate::error::{PageError, ServerError};
use crate::pages::Nav;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use xxgk_model::{
    AppealKind, AppealResult, Applicant, DecisionKind, DocumentKind, Finding, IssuedColumn, Report,
    RequestRow, SECTION_HEADINGS, TableId, TrialColumn, TrialRow,
};
use xxgk_store::export::{ExportFilter, ExportFormat};
use xxgk_store::query::{ReportFilter, Status};
use xxgk_store::web::{ConfirmedReport, User};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/exports", get(exports_page))
        .route("/exports/{file}", get(export_file))
        .route("/reports/{id}/letter.docx", get(report_letter))
}

/// The content type of a DOCX file.
pub(crate) const DOCX: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// What an export takes: the year, the region (its path; everything under it too), and
/// for letters the office that signs and the working days to reply in.
#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
pub(crate) struct ExportQuery {
    /// Reporting year (every year when unset).
    pub(crate) year: Option<String>,
    /// A region path (`/四川省/成都市`): that region and every region under it.
    pub(crate) region: Option<String>,
    /// Letters: the office that signs (落款).
    pub(crate) office: Option<String>,
    /// Letters: working days to reply in.
    pub(crate) days: Option<String>,
}

fn set(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl ExportQuery {
    pub(crate) fn year(&self) -> Result<Option<i32>, ServerError> {
        set(&self.year)
            .map(|y| {
                y.parse().map_err(|_| {
                    ServerError::BadRequest(format!("参数 year 无效 / invalid year: {y}"))
                })
            })
            .transpose()
    }
    fn days(&self) -> Result<Option<u32>, ServerError> {
        set(&self.days)
            .map(|d| {
                d.parse::<u32>().ok().filter(|d| *d <= 365).ok_or_else(|| {
                    ServerError::BadRequest(format!(
                        "参数 days 须为 0 到 365 的整数 / days is a whole number from 0 to 365: {d}"
                    ))
                })
            })
            .transpose()
    }
    fn region(&self) -> Option<String> {
        set(&self.region).map(str::to_string)
    }
    fn office(&self) -> String {
        set(&self.office)
            .map(|o| o.chars().take(100).collect())
            .unwrap_or_else(|| "（审核单位）".to_string())
    }
}

/// A file to download.
pub(crate) struct Download {
    pub(crate) name: String,
    pub(crate) content_type: &'static str,
    pub(crate) bytes: Vec<u8>,
}

impl IntoResponse for Download {
    fn into_response(self) -> Response {
        attachment(&self.name, self.content_type, self.bytes)
    }
}

/// A download: `Content-Disposition: attachment` with an ASCII `filename` and the UTF-8
/// `filename*` (RFC 5987), and `nosniff`.
pub(crate) fn attachment(name: &str, content_type: &'static str, bytes: Vec<u8>) -> Response {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        crate::pages::encode(name)
    );
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition)
            .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    res
}

/// A name usable as a file name: no path separators or characters Windows refuses.
fn file_safe(s: &str) -> String {
    let s: String = s
        .trim()
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .take(80)
        .collect();
    if s.is_empty() { "报告".into() } else { s }
}

/// Today in China (UTC+8), as a 公文 date: `2025年3月1日`.
fn today() -> String {
    xxgk_ledger::cn_date(xxgk_ledger::today_in_china())
}

fn chinese_digit(n: u8) -> &'static str {
    ["一", "二", "三", "四", "五", "六"]
        .get(usize::from(n).wrapping_sub(1))
        .copied()
        .unwrap_or("")
}

/// The label of a row key of a table.
fn row_label(table: TableId, key: &str) -> String {
    let label = match table {
        TableId::Requests => RequestRow::from_key(key).map(RequestRow::full_label),
        TableId::Appeals => AppealKind::from_key(key).map(|k| k.label().to_string()),
        TableId::ActiveDisclosure => DocumentKind::from_key(key)
            .map(|k| k.label().to_string())
            .or_else(|| DecisionKind::from_key(key).map(|k| k.label().to_string()))
            .or_else(|| TrialRow::from_key(key).map(|k| k.label().to_string()))
            .or_else(|| (key == "fees_wan_yuan").then(|| "行政事业性收费".to_string())),
    };
    label.unwrap_or_else(|| key.to_string())
}

/// The label of a column key of a table.
fn column_label(table: TableId, key: &str) -> String {
    let label = match table {
        TableId::Requests => Applicant::from_key(key).map(Applicant::label),
        TableId::Appeals => AppealResult::from_key(key).map(AppealResult::label),
        TableId::ActiveDisclosure => IssuedColumn::from_key(key)
            .map(IssuedColumn::label)
            .or_else(|| TrialColumn::from_key(key).map(TrialColumn::label)),
    };
    label.map_or_else(|| key.to_string(), str::to_string)
}

/// Where a finding is, for a person: the section, the table's row and column, the page or
/// line of the source.
pub(crate) fn place(f: &Finding) -> String {
    let mut out = Vec::new();
    if let Some(s) = f.section
        && let Some(h) = SECTION_HEADINGS.get(usize::from(s).wrapping_sub(1))
    {
        out.push(format!("第{}部分“{h}”", chinese_digit(s)));
    }
    if let Some(t) = f.table {
        let name = match t {
            TableId::ActiveDisclosure => "表二（主动公开政府信息情况）",
            TableId::Requests => "表三（收到和处理政府信息公开申请情况）",
            TableId::Appeals => "表四（政府信息公开行政复议、行政诉讼情况）",
        };
        let mut cell = name.to_string();
        if let Some(r) = f.row.as_deref() {
            cell.push_str(&format!("“{}”行", row_label(t, r)));
        }
        if let Some(c) = f.column.as_deref() {
            cell.push_str(&format!("“{}”列", column_label(t, c)));
        }
        out.push(cell);
    }
    if let Some(d) = f.location.describe() {
        out.push(d.split(" / ").next().unwrap_or_default().to_string());
    } else if let Some(line) = f.location.line {
        out.push(format!("原文第 {line} 行"));
    }
    out.join("，")
}

/// The letter of report `id` if this user may see it (404 otherwise).
pub(crate) async fn report_letter_file(
    state: &AppState,
    id: i64,
    user: &User,
    q: &ExportQuery,
) -> Result<Download, ServerError> {
    let row = state
        .store
        .report_for(id, user)
        .await?
        .ok_or(ServerError::NotFound)?;
    letter_of(state, &row, q).await
}

async fn letter_of(
    state: &AppState,
    row: &xxgk_store::query::ReportRow,
    q: &ExportQuery,
) -> Result<Download, ServerError> {
    let report: Option<Report> = state
        .store
        .report_json(row.id)
        .await?
        .and_then(|j| serde_json::from_str(&j).ok());
    let recipient = row
        .body
        .clone()
        .or_else(|| row.agency.clone())
        .or_else(|| report.as_ref().and_then(|r| r.agency.clone()))
        .unwrap_or_else(|| row.file.clone());
    let problems = state
        .store
        .confirmed_findings(row.id)
        .await?
        .into_iter()
        .map(|m| {
            let f = &m.finding;
            let rule = xxgk_check::rule(&f.code);
            xxgk_render::LetterProblem {
                confirmed: true,
                code: f.code.clone(),
                title: rule.map(|r| r.title.to_string()).unwrap_or_default(),
                rule_text: rule
                    .and_then(|r| r.why().or_else(|| r.what()))
                    .unwrap_or_default(),
                place: place(f),
                message: f.message.clone(),
                note: m.mark.map(|k| k.reason).unwrap_or_default(),
            }
        })
        .collect();
    let letter = xxgk_render::Letter {
        recipient: recipient.clone(),
        year: row.year,
        report_title: report.as_ref().and_then(|r| r.title.clone()),
        problems,
        reply_days: q.days()?,
        office: q.office(),
        date: today(),
    };
    let bytes = xxgk_render::letter(&letter)
        .map_err(|e| ServerError::BadRequest(format!("生成审核意见失败 / {e}")))?;
    let name = match row.year {
        Some(y) => format!("{}-{y}-审核意见.docx", file_safe(&recipient)),
        None => format!("{}-审核意见.docx", file_safe(&recipient)),
    };
    Ok(Download {
        name,
        content_type: DOCX,
        bytes,
    })
}

/// The current reports with confirmed findings of a year and region this user may see.
pub(crate) async fn with_letters(
    state: &AppState,
    user: &User,
    q: &ExportQuery,
) -> Result<Vec<ConfirmedReport>, ServerError> {
    Ok(state
        .store
        .confirmed_reports(&ReportFilter {
            year: q.year()?,
            under: q.region(),
            status: Status::Current,
            scope: user.scope(),
            ..ReportFilter::default()
        })
        .await?)
}

/// Every letter of a year and region this user may see, as one ZIP.
pub(crate) async fn letters_zip_file(
    state: &AppState,
    user: &User,
    q: &ExportQuery,
) -> Result<Download, ServerError> {
    use std::io::Write as _;
    let reports = with_letters(state, user, q).await?;
    let zip_err = |e: zip::result::ZipError| {
        ServerError::BadRequest(format!("生成 ZIP 失败 / writing the ZIP failed: {e}"))
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // the letters are compressed already
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut names = std::collections::HashSet::new();
    for r in &reports {
        let mut d = letter_of(state, &r.row, q).await?;
        if !names.insert(d.name.clone()) {
            d.name = format!("{}-{}.docx", d.name.trim_end_matches(".docx"), r.row.id);
            names.insert(d.name.clone());
        }
        zip.start_file(d.name.as_str(), options).map_err(zip_err)?;
        zip.write_all(&d.bytes)
            .map_err(|e| zip_err(zip::result::ZipError::Io(e)))?;
    }
    let bytes = zip.finish().map_err(zip_err)?.into_inner();
    let year = q.year()?.map(|y| format!("-{y}")).unwrap_or_default();
    let region = q
        .region()
        .map(|r| {
            let last = r.trim_end_matches('/').rsplit('/').next().unwrap_or("");
            format!("-{}", file_safe(last))
        })
        .unwrap_or_default();
    Ok(Download {
        name: format!("审核意见{region}{year}.zip"),
        content_type: "application/zip",
        bytes,
    })
}

/// The corpus export (`corpus.csv`: the reports; `corpus.xlsx`: reports and findings;
/// `corpus.jsonl`: the canonical reports) of what this user may see.
pub(crate) async fn corpus_file(
    state: &AppState,
    user: &User,
    format: ExportFormat,
    q: &ExportQuery,
) -> Result<Download, ServerError> {
    let dir = tempfile::tempdir().map_err(|e| {
        ServerError::Config(format!("无法创建临时目录 / no temporary directory: {e}"))
    })?;
    let path = dir.path().join(format!("corpus.{}", format.key()));
    state
        .store
        .export_filtered(
            &ExportFilter {
                year: q.year()?,
                under: q.region(),
                scope: user.scope(),
            },
            format,
            &path,
        )
        .await?;
    let bytes = std::fs::read(&path).map_err(|e| {
        ServerError::Config(format!("无法读取导出文件 / cannot read the export: {e}"))
    })?;
    let year = q.year()?.map(|y| format!("-{y}")).unwrap_or_default();
    Ok(Download {
        name: format!("corpus{year}.{}", format.key()),
        content_type: match format {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            ExportFormat::Jsonl => "application/x-ndjson; charset=utf-8",
        },
        bytes,
    })
}

/// `letters.zip` or `corpus.{csv,xlsx,jsonl}`.
pub(crate) async fn named_export(
    state: &AppState,
    user: &User,
    file: &str,
    q: &ExportQuery,
) -> Result<Download, ServerError> {
    if file == "letters.zip" {
        return letters_zip_file(state, user, q).await;
    }
    let format = file
        .strip_prefix("corpus.")
        .and_then(ExportFormat::from_key)
        .ok_or(ServerError::NotFound)?;
    corpus_file(state, user, format, q).await
}

async fn export_file(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    Path(file): Path<String>,
    Query(q): Query<ExportQuery>,
) -> Result<Download, PageError> {
    Ok(named_export(&state, &s.user, &file, &q).await?)
}

async fn report_letter(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<ExportQuery>,
) -> Result<Download, PageError> {
    Ok(report_letter_file(&state, id, &s.user, &q).await?)
}

/// One report of the letter list.
struct LetterRow {
    id: i64,
    name: String,
    region: String,
    year: String,
    confirmed: usize,
}

#[derive(Template)]
#[template(path = "exports.html")]
struct ExportsPage {
    nav: Nav,
    year: String,
    region: String,
    regions: Vec<String>,
    rows: Vec<LetterRow>,
}

async fn exports_page(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    Query(q): Query<ExportQuery>,
) -> Result<Response, PageError> {
    let reports = with_letters(&state, &s.user, &q).await?;
    let regions = state.store.region_paths(&s.user.scope()).await?;
    let page = ExportsPage {
        nav: Nav::new(&s, "exports"),
        year: set(&q.year).unwrap_or_default().to_string(),
        region: q.region().unwrap_or_default(),
        regions,
        rows: reports
            .into_iter()
            .map(|r| LetterRow {
                id: r.row.id,
                name: r
                    .row
                    .body
                    .clone()
                    .or_else(|| r.row.agency.clone())
                    .unwrap_or_else(|| r.row.file.clone()),
                region: r.row.region.clone().unwrap_or_default(),
                year: r.row.year.map(|y| y.to_string()).unwrap_or_default(),
                confirmed: r.confirmed,
            })
            .collect(),
    };
    Ok(Html(page.render()?).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_is_placed_by_section_table_row_and_column() {
        let mut f = Finding::new("T302", xxgk_model::Severity::Error, "x".into(), "x".into());
        f.section = Some(3);
        f.table = Some(TableId::Requests);
        f.row = Some("total".into());
        f.column = Some("natural_person".into());
        let p = place(&f);
        assert!(
            p.starts_with("第三部分“收到和处理政府信息公开申请情况”"),
            "{p}"
        );
        assert!(p.contains("表三"), "{p}");
        assert!(p.contains("“（七）总计”行“自然人”列"), "{p}");
    }

    #[test]
    fn file_names_lose_separators() {
        assert_eq!(file_safe("a/b:c"), "a_b_c");
        assert_eq!(file_safe("  "), "报告");
    }
}
