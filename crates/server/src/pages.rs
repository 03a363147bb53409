//! The pages: Chinese first, server-rendered from templates compiled into the binary.
//! Element ids and classes named in the README are a contract (browser tests use them).

use crate::AppState;
use crate::api::{ListQuery, MarkRequest, PER_PAGE, YearQuery, report_view};
use crate::auth::{
    ClientIp, LOGIN_CSRF_COOKIE, PageUser, SESSION_COOKIE, Session, cookie, csrf_header, set_cookie,
};
use crate::error::{PageError, ServerError};
use crate::upload::Uploaded;
use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use xxgk_model::{CellRef, Report, Severity};
use xxgk_store::query::{ReportRow, Sort, SubmissionStatus};
use xxgk_store::web::{Login, random_token};

pub(crate) fn routes(upload_limit: DefaultBodyLimit) -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/reports") }))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/upload", get(upload_page).post(upload).layer(upload_limit))
        .route("/reports", get(reports))
        .route("/reports/{id}", get(report))
        .route("/reports/{id}/findings/{n}/mark", post(mark))
        .route("/files/{sha256}", get(file))
        .route("/submissions", get(submissions))
        .route("/rules/{code}", get(rule))
        .route("/assets/{*path}", get(asset))
}

/// What the header of every page shows.
pub(crate) struct Nav {
    pub(crate) user: String,
    pub(crate) role: &'static str,
    pub(crate) csrf: String,
    pub(crate) current: &'static str,
    /// A body's account: its ledger is in the menu.
    pub(crate) body_account: bool,
    /// Whether the account is an admin (the accounts page is linked).
    pub(crate) admin: bool,
}

impl Nav {
    pub(crate) fn new(s: &Session, current: &'static str) -> Nav {
        Nav {
            user: s.user.name.clone(),
            role: s.user.role.name_zh(),
            csrf: s.csrf.clone(),
            current,
            body_account: s.user.role == xxgk_store::web::Role::Body,
            admin: s.user.role == xxgk_store::web::Role::Admin,
        }
    }
}

fn page(t: &impl Template) -> Result<Response, PageError> {
    Ok(Html(t.render()?).into_response())
}

/// A page saying what went wrong.
#[derive(Template)]
#[template(path = "error.html")]
pub(crate) struct ErrorPage {
    pub(crate) status: u16,
    pub(crate) message: String,
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    csrf: String,
    error: Option<String>,
}

/// The sign-in form, with a fresh pre-session CSRF token (also set as a cookie: the form
/// must send back the same).
fn login_form(error: Option<String>, status: StatusCode) -> Result<Response, PageError> {
    let csrf = random_token()?;
    let html = LoginPage {
        csrf: csrf.clone(),
        error,
    }
    .render()?;
    Ok((
        status,
        [(
            header::SET_COOKIE,
            set_cookie(LOGIN_CSRF_COOKIE, &csrf, 3600),
        )],
        Html(html),
    )
        .into_response())
}

async fn login_page() -> Result<Response, PageError> {
    login_form(None, StatusCode::OK)
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, PageError> {
    match cookie(&headers, LOGIN_CSRF_COOKIE) {
        Some(c) if !f.csrf.is_empty() && crate::auth::same(c, &f.csrf) => {}
        _ => return Err(ServerError::Csrf.into()),
    }
    match state
        .store
        .login(f.username.trim(), &f.password, ip.as_deref())
        .await?
    {
        Login::Ok(s) => {
            let mut res = Redirect::to("/reports").into_response();
            let h = res.headers_mut();
            h.append(
                header::SET_COOKIE,
                set_cookie(SESSION_COOKIE, &s.token, xxgk_store::web::SESSION_SECONDS),
            );
            h.append(header::SET_COOKIE, set_cookie(LOGIN_CSRF_COOKIE, "", 0));
            Ok(res)
        }
        Login::Refused => login_form(
            Some(ServerError::BadLogin.to_string()),
            StatusCode::UNAUTHORIZED,
        ),
        Login::Throttled => login_form(
            Some(ServerError::Throttled.to_string()),
            StatusCode::TOO_MANY_REQUESTS,
        ),
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn logout(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    Form(f): Form<CsrfForm>,
) -> Result<Response, PageError> {
    s.check_csrf(Some(&f.csrf))?;
    state.store.logout(&s.token).await?;
    let mut res = Redirect::to("/login").into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, set_cookie(SESSION_COOKIE, "", 0));
    Ok(res)
}

#[derive(Template)]
#[template(path = "upload.html")]
struct UploadPage {
    nav: Nav,
    max_mb: usize,
    accepted: String,
    results: Vec<Uploaded>,
    message: Option<String>,
}

#[derive(Template)]
#[template(path = "upload_items.html")]
struct UploadItems {
    results: Vec<Uploaded>,
}

async fn upload_page(
    State(state): State<AppState>,
    PageUser(s): PageUser,
) -> Result<Response, PageError> {
    page(&UploadPage {
        nav: Nav::new(&s, "upload"),
        max_mb: state.config.max_upload / (1024 * 1024),
        accepted: accept_list(),
        results: Vec::new(),
        message: None,
    })
}

fn accept_list() -> String {
    crate::upload::ACCEPTED
        .iter()
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(",")
}

async fn upload(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let header_ok = csrf_header(&headers).is_some_and(|h| crate::auth::same(h, &s.csrf));
    let results = crate::upload::receive(&state, multipart, &s.csrf, header_ok).await?;
    let status = if results.iter().any(|r| r.too_large) {
        StatusCode::PAYLOAD_TOO_LARGE
    } else {
        StatusCode::OK
    };
    // the page's script uploads file by file and asks only for the list items
    if headers.contains_key("hx-request") {
        return Ok((status, Html(UploadItems { results }.render()?)).into_response());
    }
    let message = results
        .iter()
        .find(|r| r.too_large)
        .and_then(|r| r.reason.clone());
    let html = UploadPage {
        nav: Nav::new(&s, "upload"),
        max_mb: state.config.max_upload / (1024 * 1024),
        accepted: accept_list(),
        results,
        message,
    }
    .render()?;
    Ok((status, Html(html)).into_response())
}

/// One row of the report list.
struct ListRow {
    row: ReportRow,
    name: String,
}

#[derive(Template)]
#[template(path = "reports.html")]
struct ReportsPage {
    nav: Nav,
    rows: Vec<ListRow>,
    total: i64,
    page: u32,
    pages: u32,
    q: String,
    region: String,
    year: String,
    severity: String,
    rule: String,
    status: String,
    sort: String,
    sorts: Vec<(&'static str, &'static str)>,
    prev: Option<String>,
    next: Option<String>,
    failed: i64,
}

fn val(v: &Option<String>) -> String {
    v.clone().unwrap_or_default().trim().to_string()
}

/// The list's query with another page.
fn page_link(q: &ListQuery, page: u32) -> String {
    let mut parts = Vec::new();
    for (k, v) in [
        ("q", &q.q),
        ("region", &q.region),
        ("year", &q.year),
        ("severity", &q.severity),
        ("rule", &q.rule),
        ("status", &q.status),
        ("sort", &q.sort),
    ] {
        let v = val(v);
        if !v.is_empty() {
            parts.push(format!("{k}={}", encode(&v)));
        }
    }
    parts.push(format!("page={page}"));
    format!("/reports?{}", parts.join("&"))
}

/// Percent-encodes a query value, or a file name for `filename*=` (RFC 5987).
pub(crate) fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn sort_label(s: Sort) -> &'static str {
    match s {
        Sort::Region => "地区 / region",
        Sort::Body => "单位 / body",
        Sort::Year => "年度 / year",
        Sort::Errors => "错误最多 / most errors",
        Sort::Warnings => "警告最多 / most warnings",
        Sort::Published => "发布日期 / published",
        Sort::Recent => "最近上传 / latest",
    }
}

async fn reports(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let filter = q.filter(&s.user)?;
    let total = state.store.report_count(&filter).await?;
    let rows = state.store.reports(&filter).await?;
    let failed = state
        .store
        .report_count(&xxgk_store::query::ReportFilter {
            status: xxgk_store::query::Status::Failed,
            scope: s.user.scope(),
            ..Default::default()
        })
        .await?;
    let page_no = q.page_number();
    let pages = u32::try_from((total + i64::from(PER_PAGE) - 1) / i64::from(PER_PAGE))
        .unwrap_or(1)
        .max(1);
    page(&ReportsPage {
        nav: Nav::new(&s, "reports"),
        rows: rows
            .into_iter()
            .map(|row| ListRow {
                name: row
                    .body
                    .clone()
                    .or_else(|| row.agency.clone())
                    .unwrap_or_else(|| row.file.clone()),
                row,
            })
            .collect(),
        total,
        page: page_no,
        pages,
        q: val(&q.q),
        region: val(&q.region),
        year: val(&q.year),
        severity: val(&q.severity),
        rule: val(&q.rule),
        status: val(&q.status),
        sort: val(&q.sort),
        sorts: Sort::ALL
            .iter()
            .map(|s| (s.key(), sort_label(*s)))
            .collect(),
        prev: (page_no > 1).then(|| page_link(&q, page_no - 1)),
        next: (page_no < pages).then(|| page_link(&q, page_no + 1)),
        failed,
    })
}

/// One finding as the report page lists it.
struct FindingItem {
    index: usize,
    code: String,
    severity: &'static str,
    severity_zh: &'static str,
    message: String,
    message_en: String,
    help: Option<String>,
    place: String,
    mark: Option<String>,
    mark_key: &'static str,
    reason: String,
    /// X101, X103: a link to the comparison with last year.
    compare: bool,
    /// X102: a link to the two texts side by side.
    similar: bool,
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    nav: Nav,
    id: i64,
    title: String,
    row: ReportRow,
    body: String,
    findings: Vec<FindingItem>,
    can_mark: bool,
    /// The same body's report of the year before, when this account sees one.
    last_year: Option<ReportRow>,
}

fn severity_zh(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
    }
}

fn rank(s: Severity) -> u8 {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

/// The mark of a cell in a drawn table: the most severe finding naming it (its class and
/// index), if any.
pub(crate) fn cell_mark(
    findings: &[&xxgk_model::Finding],
    c: CellRef,
) -> Option<xxgk_render::CellMark> {
    findings
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.table == Some(c.table())
                && f.row.as_deref() == Some(c.row_key())
                && (f.column.is_none() || f.column.as_deref() == c.column_key())
        })
        .min_by_key(|(i, f)| (rank(f.severity), *i))
        .map(|(i, f)| xxgk_render::CellMark {
            class: match f.severity {
                Severity::Error => "cell-error",
                Severity::Warning => "cell-warning",
                Severity::Info => "cell-info",
            },
            finding: i,
            title: format!("{} {}", f.code, f.message),
        })
}

async fn report(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let v = report_view(&state, id, &s.user).await?;
    let findings: Vec<&xxgk_model::Finding> = v.findings.iter().map(|f| &f.finding).collect();
    let mark = |c: CellRef| cell_mark(&findings, c);
    let report: Option<Report> = v
        .report
        .clone()
        .and_then(|j| serde_json::from_value(j).ok());
    let body = report
        .as_ref()
        .map(|r| xxgk_render::html_fragment(r, &mark))
        .unwrap_or_default();
    let title = report
        .as_ref()
        .and_then(|r| r.title.clone())
        .unwrap_or_else(|| v.row.file.clone());
    let items = v
        .findings
        .iter()
        .map(|m| {
            let f = &m.finding;
            let l = &f.location;
            let mut place = Vec::new();
            if let Some(s) = f.section {
                place.push(format!("第 {s} 部分 / section {s}"));
            }
            if let (Some(t), Some(r)) = (f.table, f.row.as_deref()) {
                place.push(format!(
                    "{t:?} {r}{}",
                    f.column
                        .as_deref()
                        .map(|c| format!(" × {c}"))
                        .unwrap_or_default()
                ));
            }
            if let Some(p) = l.page {
                place.push(format!("第 {p} 页 / page {p}"));
            }
            if let Some(line) = l.line {
                place.push(format!("第 {line} 行 / line {line}"));
            }
            FindingItem {
                index: m.index,
                code: f.code.clone(),
                severity: f.severity.name(),
                severity_zh: severity_zh(f.severity),
                message: f.message.clone(),
                message_en: f.message_en.clone(),
                help: f.help.clone(),
                place: place.join("，"),
                mark: m.mark.as_ref().map(|k| {
                    let mut t = format!("{} / {}", k.mark.name_zh(), k.mark.key());
                    if !k.reason.is_empty() {
                        t.push_str(&format!(": {}", k.reason));
                    }
                    t
                }),
                mark_key: m.mark.as_ref().map_or("", |k| k.mark.key()),
                reason: m
                    .mark
                    .as_ref()
                    .map(|k| k.reason.clone())
                    .unwrap_or_default(),
                compare: xxgk_check::compares_last_year(f),
                similar: xxgk_check::is_copied_text(f),
            }
        })
        .collect();
    let last_year = state.store.neighbour_for(id, None, &s.user).await?;
    page(&ReportPage {
        nav: Nav::new(&s, "reports"),
        last_year,
        id,
        title,
        row: v.row,
        body,
        findings: items,
        can_mark: s.user.role != xxgk_store::web::Role::Body,
    })
}

#[derive(Deserialize)]
struct MarkForm {
    #[serde(default)]
    mark: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    csrf: String,
}

async fn mark(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    Path((id, n)): Path<(i64, usize)>,
    Form(f): Form<MarkForm>,
) -> Result<Response, PageError> {
    s.check_csrf(Some(&f.csrf))?;
    crate::api::mark_finding(
        &state,
        id,
        n,
        &MarkRequest {
            mark: f.mark,
            reason: f.reason,
        },
        &s.user,
    )
    .await?;
    Ok(Redirect::to(&format!("/reports/{id}#finding-{n}")).into_response())
}

/// The original file, only ever as a download.
async fn file(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    Path(sha): Path<String>,
) -> Result<Response, PageError> {
    if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ServerError::NotFound.into());
    }
    let (name, bytes) = state
        .store
        .file_for(&sha, &s.user)
        .await?
        .ok_or(ServerError::NotFound)?;
    Ok(crate::exports::attachment(
        &name,
        "application/octet-stream",
        bytes,
    ))
}

struct RegionGroup {
    region: String,
    submitted: usize,
    late: usize,
    missing: usize,
    rows: Vec<SubmissionItem>,
}

struct SubmissionItem {
    body: String,
    status: &'static str,
    status_zh: &'static str,
    report_id: Option<i64>,
    published: String,
    deadline: String,
}

#[derive(Template)]
#[template(path = "submissions.html")]
struct SubmissionsPage {
    nav: Nav,
    year: i32,
    submitted: usize,
    late: usize,
    missing: usize,
    groups: Vec<RegionGroup>,
}

async fn submissions(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    Query(q): Query<YearQuery>,
) -> Result<Response, PageError> {
    let year = q.year()?;
    let rows = state.store.submissions_for(year, &s.user).await?;
    let mut groups: Vec<RegionGroup> = Vec::new();
    for r in &rows {
        let region = r
            .region
            .clone()
            .unwrap_or_else(|| "（未知地区 / no region）".into());
        if groups.last().is_none_or(|g| g.region != region) {
            groups.push(RegionGroup {
                region: region.clone(),
                submitted: 0,
                late: 0,
                missing: 0,
                rows: Vec::new(),
            });
        }
        if let Some(g) = groups.last_mut() {
            match r.status {
                SubmissionStatus::Submitted => g.submitted += 1,
                SubmissionStatus::Late => g.late += 1,
                SubmissionStatus::Missing => g.missing += 1,
            }
            g.rows.push(SubmissionItem {
                body: r.body.clone(),
                status: match r.status {
                    SubmissionStatus::Submitted => "submitted",
                    SubmissionStatus::Late => "late",
                    SubmissionStatus::Missing => "missing",
                },
                status_zh: r.status.name_zh(),
                report_id: r.report_id,
                published: r.published.clone().unwrap_or_default(),
                deadline: r.deadline.clone().unwrap_or_default(),
            });
        }
    }
    let count = |st| rows.iter().filter(|r| r.status == st).count();
    page(&SubmissionsPage {
        nav: Nav::new(&s, "submissions"),
        year,
        submitted: count(SubmissionStatus::Submitted),
        late: count(SubmissionStatus::Late),
        missing: count(SubmissionStatus::Missing),
        groups,
    })
}

#[derive(Template)]
#[template(path = "rule.html")]
struct RulePage {
    nav: Nav,
    code: String,
    title: String,
    title_en: String,
    severity: &'static str,
    doc: String,
}

async fn rule(PageUser(s): PageUser, Path(code): Path<String>) -> Result<Response, PageError> {
    let r = xxgk_check::rule(&code).ok_or(ServerError::NotFound)?;
    page(&RulePage {
        nav: Nav::new(&s, "rules"),
        code: r.code.to_string(),
        title: r.title.to_string(),
        title_en: r.title_en.to_string(),
        severity: r.severity.name(),
        doc: r.doc.to_string(),
    })
}

#[derive(rust_embed::Embed)]
#[folder = "assets/"]
struct Assets;

async fn asset(Path(path): Path<String>) -> Response {
    let Some(f) = Assets::get(&path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let ct = match path.rsplit_once('.').map(|(_, e)| e) {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    };
    (
        [
            (header::CONTENT_TYPE, ct),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        f.data.into_owned(),
    )
        .into_response()
}
