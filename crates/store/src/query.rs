//! Reading the corpus: reports, findings, submissions.

use crate::{Result, Store};
use serde::Serialize;
use xxgk_check::Selection;
use xxgk_model::Finding;

/// Which reports to list.
#[derive(Debug, Clone, Default)]
pub struct ReportFilter {
    /// Reporting year.
    pub year: Option<i32>,
    /// Part of the body's name (or of the name the report gives).
    pub q: Option<String>,
    /// Part of the region path, at any level (`成都市`, `四川省/成都市`).
    pub region: Option<String>,
    /// Current reports, every version, failed files (S001), or everything.
    pub status: Status,
    /// Only reports with findings of this severity (`error`, `warning`, `info`).
    pub severity: Option<xxgk_model::Severity>,
    /// Only reports with a finding whose code starts with this (`T3`, `N101`).
    pub rule: Option<String>,
    /// Only this report.
    pub id: Option<i64>,
    /// Only the report of this file.
    pub sha256: Option<String>,
    /// Only what a user may see ([`crate::web::User::scope`]).
    pub scope: crate::web::Scope,
    /// Only reports of bodies in this region or under it (a path, `/四川省/成都市`).
    pub under: Option<String>,
    /// Only reports with a finding a reviewer confirmed.
    pub confirmed: bool,
    /// The order.
    pub sort: Sort,
    /// A page: `(page from 1, rows per page)`; everything when `None`.
    pub page: Option<(u32, u32)>,
}

/// Which stored reports a list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Status {
    /// The current version of each body's report for a year (and reports of no body).
    #[default]
    Current,
    /// Earlier versions too (a corrected report replaced them).
    Versions,
    /// Files that are not reports (S001), listed apart.
    Failed,
    /// Everything: every version and the failed files.
    All,
}

impl Status {
    /// `current`, `versions`, `failed`, `all`.
    pub fn from_key(k: &str) -> Option<Status> {
        match k {
            "current" | "" => Some(Status::Current),
            "versions" => Some(Status::Versions),
            "failed" => Some(Status::Failed),
            "all" => Some(Status::All),
            _ => None,
        }
    }
    /// The key of [`Status::from_key`].
    pub fn key(self) -> &'static str {
        match self {
            Status::Current => "current",
            Status::Versions => "versions",
            Status::Failed => "failed",
            Status::All => "all",
        }
    }
}

/// The order of a report list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// By region, body, year (the default).
    #[default]
    Region,
    /// By body name.
    Body,
    /// Newest year first.
    Year,
    /// Most errors first.
    Errors,
    /// Most warnings first.
    Warnings,
    /// Latest publication date first.
    Published,
    /// Latest stored first.
    Recent,
}

impl Sort {
    /// `region`, `body`, `year`, `errors`, `warnings`, `published`, `recent`.
    pub fn from_key(k: &str) -> Option<Sort> {
        Sort::ALL.iter().copied().find(|s| s.key() == k)
    }
    /// Every order.
    pub const ALL: [Sort; 7] = [
        Sort::Region,
        Sort::Body,
        Sort::Year,
        Sort::Errors,
        Sort::Warnings,
        Sort::Published,
        Sort::Recent,
    ];
    /// The key of [`Sort::from_key`].
    pub fn key(self) -> &'static str {
        match self {
            Sort::Region => "region",
            Sort::Body => "body",
            Sort::Year => "year",
            Sort::Errors => "errors",
            Sort::Warnings => "warnings",
            Sort::Published => "published",
            Sort::Recent => "recent",
        }
    }
    fn order_by(self) -> &'static str {
        match self {
            Sort::Region => "COALESCE(g.path, ''), COALESCE(b.name, r.agency, ''), r.year, r.id",
            Sort::Body => "COALESCE(b.name, r.agency, ''), r.year, r.id",
            Sort::Year => {
                "COALESCE(r.year, 0) DESC, COALESCE(g.path, ''), COALESCE(b.name, r.agency, ''), r.id"
            }
            Sort::Errors => "r.errors DESC, r.warnings DESC, r.id",
            Sort::Warnings => "r.warnings DESC, r.errors DESC, r.id",
            Sort::Published => "COALESCE(r.published, '') DESC, r.id",
            Sort::Recent => "r.id DESC",
        }
    }
}

/// One stored report, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportRow {
    /// Stored id.
    pub id: i64,
    /// The body it was matched to.
    pub body: Option<String>,
    /// The name the report gives.
    pub agency: Option<String>,
    /// The body's region path (`/四川省/成都市/武侯区`).
    pub region: Option<String>,
    /// Reporting year.
    pub year: Option<i32>,
    /// Publication date.
    pub published: Option<String>,
    /// The file as ingested.
    pub file: String,
    /// SHA-256 of the file.
    pub sha256: String,
    /// txt, html, docx, pdf, xlsx, json…
    pub format: String,
    /// Findings by severity.
    pub errors: i64,
    /// Warnings.
    pub warnings: i64,
    /// Infos.
    pub infos: i64,
    /// matched, unmatched, ambiguous, none.
    pub match_status: String,
    /// Whether it is the current version for its body and year.
    pub current: bool,
    /// Whether it is not a report (S001).
    pub failed: bool,
}

/// A query's conditions with `$N` placeholders and their values.
#[derive(Default)]
pub(crate) struct Where {
    pub(crate) clauses: Vec<String>,
    pub(crate) texts: Vec<(usize, String)>,
    pub(crate) ints: Vec<(usize, i64)>,
    n: usize,
}

impl Where {
    pub(crate) fn text(&mut self, clause: &str, v: String) {
        self.n += 1;
        self.clauses
            .push(clause.replace("$?", &format!("${}", self.n)));
        self.texts.push((self.n, v));
    }
    pub(crate) fn int(&mut self, clause: &str, v: i64) {
        self.n += 1;
        self.clauses
            .push(clause.replace("$?", &format!("${}", self.n)));
        self.ints.push((self.n, v));
    }
    pub(crate) fn plain(&mut self, clause: &str) {
        self.clauses.push(clause.to_string());
    }
    pub(crate) fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }
    /// Binds the values in placeholder order.
    pub(crate) fn bind<'q, O>(
        &'q self,
        mut q: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments>,
    ) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments> {
        for i in 1..=self.n {
            if let Some((_, t)) = self.texts.iter().find(|(n, _)| *n == i) {
                q = q.bind(t.as_str());
            } else if let Some((_, v)) = self.ints.iter().find(|(n, _)| *n == i) {
                q = q.bind(*v);
            }
        }
        q
    }
    /// Binds the values in placeholder order, for a query read as rows.
    pub(crate) fn bind_query<'q>(
        &'q self,
        mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
        for i in 1..=self.n {
            if let Some((_, t)) = self.texts.iter().find(|(n, _)| *n == i) {
                q = q.bind(t.as_str());
            } else if let Some((_, v)) = self.ints.iter().find(|(n, _)| *n == i) {
                q = q.bind(*v);
            }
        }
        q
    }
}

fn like(s: &str) -> String {
    format!("%{}%", s.replace(['%', '_'], ""))
}

type ReportTuple = (
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
    String,
    String,
    String,
    i64,
    i64,
    i64,
    String,
    i64,
    i64,
);

impl Store {
    /// The conditions of a report list.
    pub(crate) fn report_where(f: &ReportFilter) -> Where {
        let mut w = Where::default();
        match f.status {
            Status::Current => {
                w.plain("r.failed = 0");
                w.plain("(r.is_current = 1 OR r.body_id IS NULL)");
            }
            Status::Versions => w.plain("r.failed = 0"),
            Status::Failed => w.plain("r.failed = 1"),
            Status::All => {}
        }
        if let Some(id) = f.id {
            w.int("r.id = $?", id);
        }
        if let Some(sha) = &f.sha256 {
            w.text("r.sha256 = $?", sha.clone());
        }
        if let Some(y) = f.year {
            w.int("r.year = $?", i64::from(y));
        }
        if let Some(q) = f.q.as_deref().filter(|q| !q.trim().is_empty()) {
            let q = like(q.trim());
            // one value, one placeholder number, three places
            w.text("(b.name LIKE $? OR r.agency LIKE $? OR r.name LIKE $?)", q);
        }
        if let Some(region) = f.region.as_deref().filter(|q| !q.trim().is_empty()) {
            w.text("g.path LIKE $?", like(region.trim()));
        }
        match f.severity {
            Some(xxgk_model::Severity::Error) => w.plain("r.errors > 0"),
            Some(xxgk_model::Severity::Warning) => w.plain("r.warnings > 0"),
            Some(xxgk_model::Severity::Info) => w.plain("r.infos > 0"),
            None => {}
        }
        if let Some(rule) = f.rule.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
            let prefix = format!("{}%", rule.to_ascii_uppercase().replace(['%', '_'], ""));
            w.text(
                "EXISTS (SELECT 1 FROM findings f WHERE f.report_id = r.id AND f.code LIKE $?)",
                prefix,
            );
        }
        match &f.scope {
            crate::web::Scope::All => {}
            crate::web::Scope::Region(path) => {
                // the region itself and every region under it
                let path = crate::web::region_path(path);
                let prefix = format!("{}/%", path.trim_end_matches('/').replace(['%', '_'], ""));
                w.text("(g.path || '/') LIKE $?", prefix);
            }
            crate::web::Scope::Body(id) => w.int("r.body_id = $?", *id),
        }
        if let Some(under) = f
            .under
            .as_deref()
            .filter(|u| !u.trim().trim_matches('/').is_empty())
        {
            let path = crate::web::region_path(under);
            w.text(
                "(g.path || '/') LIKE $?",
                format!("{}/%", path.replace(['%', '_'], "")),
            );
        }
        if f.confirmed {
            w.plain(
                "EXISTS (SELECT 1 FROM finding_marks m WHERE m.sha256 = r.sha256 AND m.mark = 'confirmed')",
            );
        }
        w
    }

    /// How many reports a filter finds (its page and order aside).
    pub async fn report_count(&self, f: &ReportFilter) -> Result<i64> {
        let w = Self::report_where(f);
        let sql = format!(
            "SELECT COUNT(*) FROM reports r LEFT JOIN bodies b ON b.id = r.body_id LEFT JOIN regions g ON g.id = b.region_id{}",
            w.sql()
        );
        let (n,): (i64,) = w
            .bind(sqlx::query_as(sqlx::AssertSqlSafe(sql)))
            .fetch_one(&self.pool)
            .await?;
        Ok(n)
    }

    /// The stored reports, by region, body and year (or as `f.sort` says), one page of
    /// them when `f.page` is set.
    pub async fn reports(&self, f: &ReportFilter) -> Result<Vec<ReportRow>> {
        let w = Self::report_where(f);
        let limit = match f.page {
            Some((page, per)) => {
                let per = per.clamp(1, 1000);
                format!(
                    " LIMIT {per} OFFSET {}",
                    u64::from(page.max(1) - 1) * u64::from(per)
                )
            }
            None => String::new(),
        };
        let sql = format!(
            "SELECT r.id, b.name, r.agency, g.path, r.year, r.published, r.name, r.sha256, r.format, r.errors, r.warnings, r.infos, r.match_status, r.is_current, r.failed \
             FROM reports r LEFT JOIN bodies b ON b.id = r.body_id LEFT JOIN regions g ON g.id = b.region_id{} \
             ORDER BY {}{limit}",
            w.sql(),
            f.sort.order_by()
        );
        let rows: Vec<ReportTuple> = w
            .bind(sqlx::query_as(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .into_iter()
            .map(|t| ReportRow {
                id: t.0,
                body: t.1,
                agency: t.2,
                region: t.3,
                year: t.4.and_then(|y| i32::try_from(y).ok()),
                published: t.5,
                file: t.6,
                sha256: t.7,
                format: t.8,
                errors: t.9,
                warnings: t.10,
                infos: t.11,
                match_status: t.12,
                current: t.13 == 1,
                failed: t.14 == 1,
            })
            .collect())
    }

    /// One stored report's canonical JSON, by id.
    pub async fn report_json(&self, id: i64) -> Result<Option<String>> {
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT report_json FROM report_docs WHERE report_id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.and_then(|(j,)| j))
    }

    /// The stored findings of current reports (and of failed files), cross-report rules
    /// included.
    pub async fn findings(&self, f: &FindingFilter) -> Result<Vec<StoredFinding>> {
        let mut w = Where::default();
        w.plain("(r.is_current = 1 OR r.body_id IS NULL)");
        if let Some(y) = f.year {
            w.int("r.year = $?", i64::from(y));
        }
        if let Some(q) = f.body.as_deref().filter(|q| !q.trim().is_empty()) {
            let q = like(q.trim());
            w.text("(b.name LIKE $? OR r.agency LIKE $?)", q);
        }
        if let Some(region) = f.region.as_deref().filter(|q| !q.trim().is_empty()) {
            w.text("g.path LIKE $?", like(region.trim()));
        }
        let sql = format!(
            "SELECT r.id, b.name, r.agency, r.year, f.finding FROM findings f JOIN reports r ON r.id = f.report_id \
             LEFT JOIN bodies b ON b.id = r.body_id LEFT JOIN regions g ON g.id = b.region_id{} \
             ORDER BY g.path, b.name, r.year, r.id, f.id",
            w.sql()
        );
        type Row = (i64, Option<String>, Option<String>, Option<i64>, String);
        let rows: Vec<Row> = w
            .bind(sqlx::query_as(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?;
        let mut out = Vec::new();
        for (id, body, agency, year, json) in rows {
            let finding: Finding = serde_json::from_str(&json)?;
            if f.selection.allows(&finding.code) {
                out.push(StoredFinding {
                    report_id: id,
                    body: body.or(agency),
                    year: year.and_then(|y| i32::try_from(y).ok()),
                    finding,
                });
            }
        }
        Ok(out)
    }

    /// For a year, each body that must report: submitted (with its date), late (Y103),
    /// or missing. Bodies of the imported tree must report the years their row gives;
    /// bodies created from reports, every year from their first report on.
    pub async fn submissions(&self, year: i32) -> Result<Vec<Submission>> {
        let y = i64::from(year);
        type Row = (
            i64,
            String,
            String,
            Option<String>,
            String,
            Option<i64>,
            Option<i64>,
        );
        let bodies: Vec<Row> = sqlx::query_as(
            "SELECT b.id, b.name, b.kind, g.path, b.origin, b.from_year, b.to_year FROM bodies b LEFT JOIN regions g ON g.id = b.region_id ORDER BY g.path, b.name",
        )
        .fetch_all(&self.pool)
        .await?;
        let first: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT body_id, MIN(year) FROM reports WHERE body_id IS NOT NULL AND year IS NOT NULL GROUP BY body_id",
        )
        .fetch_all(&self.pool)
        .await?;
        let current: Vec<(i64, i64, Option<String>)> = sqlx::query_as(
            "SELECT id, body_id, published FROM reports WHERE year = $1 AND is_current = 1 AND body_id IS NOT NULL",
        )
        .bind(y)
        .fetch_all(&self.pool)
        .await?;
        let late_rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT f.report_id, f.finding FROM findings f JOIN reports r ON r.id = f.report_id WHERE r.year = $1 AND r.is_current = 1 AND f.severity <> 'info'",
        )
        .bind(y)
        .fetch_all(&self.pool)
        .await?;
        let mut late = std::collections::BTreeMap::new();
        for (id, json) in late_rows {
            let f: Finding = serde_json::from_str(&json)?;
            if xxgk_check::is_late(&f) {
                let deadline = f
                    .values
                    .get("deadline")
                    .and_then(|v| v.as_str())
                    .map(str::to_string);
                late.insert(id, deadline);
            }
        }
        let mut out = Vec::new();
        for (id, name, kind, region, origin, from, to) in bodies {
            let due = if origin == "tree" {
                from.is_none_or(|f| f <= y) && to.is_none_or(|t| t >= y)
            } else {
                first.iter().any(|(b, f)| *b == id && *f <= y)
            };
            if !due {
                continue;
            }
            let report = current.iter().find(|(_, b, _)| *b == id);
            let (status, report_id, published, deadline) = match report {
                None => (SubmissionStatus::Missing, None, None, None),
                Some((rid, _, published)) => match late.get(rid) {
                    Some(deadline) => (
                        SubmissionStatus::Late,
                        Some(*rid),
                        published.clone(),
                        deadline.clone(),
                    ),
                    None => (
                        SubmissionStatus::Submitted,
                        Some(*rid),
                        published.clone(),
                        None,
                    ),
                },
            };
            out.push(Submission {
                body_id: id,
                body: name,
                kind,
                region,
                status,
                report_id,
                published,
                deadline,
            });
        }
        Ok(out)
    }
}

/// Which stored findings to list.
#[derive(Debug, Clone, Default)]
pub struct FindingFilter {
    /// Reporting year.
    pub year: Option<i32>,
    /// Part of the body's name.
    pub body: Option<String>,
    /// Part of the region path.
    pub region: Option<String>,
    /// Which rules (`--select`).
    pub selection: Selection,
}

/// A stored finding with the report it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredFinding {
    /// The report's id.
    pub report_id: i64,
    /// Its body (or the name it gives).
    pub body: Option<String>,
    /// Its year.
    pub year: Option<i32>,
    /// The finding.
    #[serde(flatten)]
    pub finding: Finding,
}

/// Whether a body reported for a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SubmissionStatus {
    /// Published in time (or its date could not be judged).
    Submitted,
    /// Published after its deadline (Y103).
    Late,
    /// No report stored.
    Missing,
}

impl SubmissionStatus {
    /// 已提交, 逾期, 未提交.
    pub fn name_zh(self) -> &'static str {
        match self {
            SubmissionStatus::Submitted => "已提交",
            SubmissionStatus::Late => "逾期",
            SubmissionStatus::Missing => "未提交",
        }
    }
}

/// One body's submission for a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Submission {
    /// Stored id of the body.
    pub body_id: i64,
    /// Its name.
    pub body: String,
    /// government, department, township, unknown.
    pub kind: String,
    /// Its region path.
    pub region: Option<String>,
    /// Submitted, late, missing.
    pub status: SubmissionStatus,
    /// The current report, if any.
    pub report_id: Option<i64>,
    /// The date it carries.
    pub published: Option<String>,
    /// The deadline it missed (late only).
    pub deadline: Option<String>,
}
