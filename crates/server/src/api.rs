//! The JSON API: everything the pages do, documented as OpenAPI at `/api/openapi.json`.

use crate::AppState;
use crate::auth::{ApiUser, ClientIp, SESSION_COOKIE, set_cookie};
use crate::error::{ApiError, ServerError};
use crate::exports::{Download, ExportQuery};
use crate::upload::Uploaded;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;
use xxgk_store::query::{ReportFilter, ReportRow, Sort, Status, Submission};
use xxgk_store::web::{Account, Login, MarkKind, MarkedFinding, NewUser, Role, User};

pub(crate) fn routes(upload_limit: DefaultBodyLimit) -> Router<AppState> {
    Router::new()
        .route("/api/login", post(login))
        .route("/api/logout", post(logout))
        .route(
            "/api/reports",
            get(list_reports).post(upload).layer(upload_limit),
        )
        .route("/api/reports/{id}", get(report))
        .route("/api/reports/{id}/findings/{n}/mark", post(mark))
        .route("/api/submissions", get(submissions))
        .route("/api/recheck", post(recheck))
        .route("/api/users", get(list_users).post(create_user))
        .route("/api/reports/{id}/letter.docx", get(letter))
        .route("/api/exports/letters.zip", get(letters_zip))
        .route("/api/exports/{file}", get(corpus))
        .route("/api/queue", get(queue))
        .route("/api/openapi.json", get(openapi))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "xxgk",
        description = "政府信息公开工作年度报告审核 / reviewing government information disclosure annual reports. \
                       Sign in with POST /api/login (sets the cookie xxgk_session); send the returned csrf \
                       token as the header X-CSRF-Token on every POST."
    ),
    paths(
        login,
        logout,
        upload,
        list_reports,
        report,
        mark,
        submissions,
        recheck,
        create_user,
        list_users,
        letter,
        letters_zip,
        corpus,
        queue,
        crate::dashboard::api,
        crate::ledger::api_list,
        crate::ledger::api_register,
        crate::ledger::api_request,
        crate::ledger::api_event,
        crate::ledger::api_document,
        crate::ledger::api_report,
        crate::ledger::api_lapses,
        crate::compare::api_compare,
        crate::compare::api_similar
    ),
    components(schemas(
        LoginRequest,
        LoginResponse,
        Uploaded,
        UploadResponse,
        MarkRequest,
        NewUserRequest,
        ErrorBody,
        crate::ledger::NewRequestForm,
        crate::ledger::EventForm,
        crate::ledger::RequestView
    ))
)]
struct ApiDoc;

/// The OpenAPI document.
pub(crate) fn openapi_json() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|_| "{}".into())
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], openapi_json()).into_response()
}

/// An error.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct ErrorBody {
    /// 中文 / English.
    error: String,
}

/// A sign-in.
#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct LoginRequest {
    username: String,
    password: String,
}

/// A session opened: the CSRF token to send as `X-CSRF-Token`.
#[derive(Serialize, utoipa::ToSchema)]
struct LoginResponse {
    csrf: String,
    #[schema(value_type = Object)]
    user: User,
}

/// Signs in; sets the session cookie.
#[utoipa::path(post, path = "/api/login", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(req): Json<LoginRequest>,
) -> Result<Response, ApiError> {
    match state
        .store
        .login(req.username.trim(), &req.password, ip.as_deref())
        .await?
    {
        Login::Ok(s) => Ok((
            [(
                header::SET_COOKIE,
                set_cookie(SESSION_COOKIE, &s.token, xxgk_store::web::SESSION_SECONDS),
            )],
            Json(LoginResponse {
                csrf: s.csrf,
                user: s.user,
            }),
        )
            .into_response()),
        Login::Refused => Err(ServerError::BadLogin.into()),
        Login::Throttled => Err(ServerError::Throttled.into()),
    }
}

/// Ends the session.
#[utoipa::path(post, path = "/api/logout", responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn logout(
    State(state): State<AppState>,
    ApiUser(s): ApiUser,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    s.check_csrf_header(&headers)?;
    state.store.logout(&s.token).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, set_cookie(SESSION_COOKIE, "", 0))],
    )
        .into_response())
}

/// What became of each uploaded file.
#[derive(Serialize, utoipa::ToSchema)]
struct UploadResponse {
    files: Vec<Uploaded>,
}

/// Uploads one or many files (multipart, each a `file` field). Each is stored before the
/// answer and processed in the background. A file over the limit is refused (413).
#[utoipa::path(post, path = "/api/reports", request_body(content_type = "multipart/form-data", description = "one or many `file` fields"),
    responses((status = 200, body = UploadResponse), (status = 413, body = UploadResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn upload(
    State(state): State<AppState>,
    ApiUser(s): ApiUser,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<Response, ApiError> {
    s.check_csrf_header(&headers)?;
    let files = crate::upload::receive(&state, multipart, &s.csrf, true).await?;
    let status = if files.iter().any(|f| f.too_large) {
        StatusCode::PAYLOAD_TOO_LARGE
    } else {
        StatusCode::OK
    };
    let error = files
        .iter()
        .filter_map(|f| f.too_large.then(|| f.reason.clone()).flatten())
        .next();
    let mut body = serde_json::json!({ "files": files });
    if let Some(e) = error {
        body["error"] = e.into();
    }
    Ok((status, Json(body)).into_response())
}

/// The query of a report list, as the page and the API take it (empty values are unset).
#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
pub(crate) struct ListQuery {
    /// Part of the body's name.
    pub(crate) q: Option<String>,
    /// Part of the region path, any level.
    pub(crate) region: Option<String>,
    /// Reporting year.
    pub(crate) year: Option<String>,
    /// error, warning, info.
    pub(crate) severity: Option<String>,
    /// A rule code or prefix (T3, N101).
    pub(crate) rule: Option<String>,
    /// current (default), failed, all.
    pub(crate) status: Option<String>,
    /// region (default), body, year, errors, warnings, published, recent.
    pub(crate) sort: Option<String>,
    /// Page, from 1.
    pub(crate) page: Option<String>,
}

/// Rows per page.
pub(crate) const PER_PAGE: u32 = 50;

fn set(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl ListQuery {
    /// The store's filter for this query and user.
    pub(crate) fn filter(&self, user: &User) -> Result<ReportFilter, ServerError> {
        let bad = |what: &str, v: &str| {
            ServerError::BadRequest(format!("参数 {what} 无效 / invalid {what}: {v}"))
        };
        Ok(ReportFilter {
            year: match set(&self.year) {
                Some(y) => Some(y.parse().map_err(|_| bad("year", y))?),
                None => None,
            },
            q: set(&self.q).map(str::to_string),
            region: set(&self.region).map(str::to_string),
            status: match set(&self.status) {
                Some(s) => Status::from_key(s).ok_or_else(|| bad("status", s))?,
                None => Status::Current,
            },
            severity: match set(&self.severity) {
                Some("error") => Some(xxgk_model::Severity::Error),
                Some("warning") => Some(xxgk_model::Severity::Warning),
                Some("info") => Some(xxgk_model::Severity::Info),
                Some(s) => return Err(bad("severity", s)),
                None => None,
            },
            rule: set(&self.rule).map(str::to_string),
            sort: match set(&self.sort) {
                Some(s) => Sort::from_key(s).ok_or_else(|| bad("sort", s))?,
                None => Sort::Region,
            },
            page: Some((self.page_number(), PER_PAGE)),
            scope: user.scope(),
            ..ReportFilter::default()
        })
    }

    /// The page asked for, from 1.
    pub(crate) fn page_number(&self) -> u32 {
        set(&self.page)
            .and_then(|p| p.parse().ok())
            .unwrap_or(1)
            .max(1)
    }
}

/// A page of reports.
#[derive(Serialize)]
struct ReportList {
    total: i64,
    page: u32,
    per_page: u32,
    reports: Vec<ReportRow>,
}

/// Lists the reports this account may see.
#[utoipa::path(get, path = "/api/reports", params(ListQuery),
    responses((status = 200, description = "{total, page, per_page, reports: [...]}", body = Object), (status = 401, body = ErrorBody)))]
async fn list_reports(
    State(state): State<AppState>,
    ApiUser(s): ApiUser,
    Query(q): Query<ListQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let filter = q.filter(&s.user)?;
    let total = state.store.report_count(&filter).await?;
    let reports = state.store.reports(&filter).await?;
    Ok(Json(
        serde_json::to_value(ReportList {
            total,
            page: q.page_number(),
            per_page: PER_PAGE,
            reports,
        })
        .map_err(xxgk_store::StoreError::from)?,
    ))
}

/// A stored report, as the pages show it.
pub(crate) struct ReportView {
    pub(crate) row: ReportRow,
    pub(crate) report: Option<serde_json::Value>,
    pub(crate) findings: Vec<MarkedFinding>,
}

/// The report `id` if this user may see it; 404 otherwise (another body's report is not
/// told apart from a missing one).
pub(crate) async fn report_view(
    state: &AppState,
    id: i64,
    user: &User,
) -> Result<ReportView, ServerError> {
    let row = state
        .store
        .report_for(id, user)
        .await?
        .ok_or(ServerError::NotFound)?;
    let report = match state.store.report_json(id).await? {
        Some(j) => Some(serde_json::from_str(&j).map_err(xxgk_store::StoreError::from)?),
        None => None,
    };
    let findings = state.store.marked_findings(id).await?;
    Ok(ReportView {
        row,
        report,
        findings,
    })
}

/// One report: its listed row, canonical JSON, and findings with their marks.
#[utoipa::path(get, path = "/api/reports/{id}", params(("id" = i64, Path, description = "report id")),
    responses((status = 200, description = "{row, report: canonical JSON, findings: [{index, key, finding, mark}]}", body = Object), (status = 404, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn report(
    State(state): State<AppState>,
    ApiUser(s): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let v = report_view(&state, id, &s.user).await?;
    Ok(Json(serde_json::json!({
        "row": v.row,
        "report": v.report,
        "findings": v.findings,
    })))
}

/// A reviewer's mark.
#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct MarkRequest {
    /// confirmed or dismissed.
    pub(crate) mark: String,
    /// Why.
    #[serde(default)]
    pub(crate) reason: String,
}

/// Marks finding `n` (from 0) of a report, checked that the user may see it.
pub(crate) async fn mark_finding(
    state: &AppState,
    id: i64,
    n: usize,
    req: &MarkRequest,
    user: &User,
) -> Result<MarkedFinding, ServerError> {
    // a body does not judge its own report
    if user.role == Role::Body {
        return Err(ServerError::Forbidden);
    }
    let mark = MarkKind::from_key(req.mark.trim()).ok_or_else(|| {
        ServerError::BadRequest(
            "mark 须为 confirmed 或 dismissed / mark is confirmed or dismissed".into(),
        )
    })?;
    state
        .store
        .report_for(id, user)
        .await?
        .ok_or(ServerError::NotFound)?;
    state
        .store
        .mark_finding(id, n, mark, &req.reason, user)
        .await?
        .ok_or(ServerError::NotFound)
}

/// Confirms or dismisses finding `n` (from 0) of a report; the mark survives re-checks.
#[utoipa::path(post, path = "/api/reports/{id}/findings/{n}/mark", request_body = MarkRequest,
    params(("id" = i64, Path, description = "report id"), ("n" = usize, Path, description = "finding index, from 0")),
    responses((status = 200, description = "the marked finding", body = Object), (status = 404, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn mark(
    State(state): State<AppState>,
    ApiUser(s): ApiUser,
    headers: HeaderMap,
    Path((id, n)): Path<(i64, usize)>,
    Json(req): Json<MarkRequest>,
) -> Result<Json<MarkedFinding>, ApiError> {
    s.check_csrf_header(&headers)?;
    Ok(Json(mark_finding(&state, id, n, &req, &s.user).await?))
}

/// The year asked for.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub(crate) struct YearQuery {
    /// Reporting year (default: last year).
    pub(crate) year: Option<String>,
}

impl YearQuery {
    /// The year, last year when unset.
    pub(crate) fn year(&self) -> Result<i32, ServerError> {
        match set(&self.year) {
            Some(y) => y.parse().map_err(|_| {
                ServerError::BadRequest(format!("参数 year 无效 / invalid year: {y}"))
            }),
            None => Ok(i32::from(
                jiff::tz::Offset::UTC
                    .to_datetime(jiff::Timestamp::now())
                    .year(),
            ) - 1),
        }
    }
}

/// Who submitted, late, missing for a year, as this account may see.
#[utoipa::path(get, path = "/api/submissions", params(YearQuery),
    responses((status = 200, description = "{year, counts: {submitted, late, missing}, submissions: [...]}", body = Object), (status = 401, body = ErrorBody)))]
async fn submissions(
    State(state): State<AppState>,
    ApiUser(s): ApiUser,
    Query(q): Query<YearQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let year = q.year()?;
    let rows: Vec<Submission> = state.store.submissions_for(year, &s.user).await?;
    let count = |st| rows.iter().filter(|r| r.status == st).count();
    use xxgk_store::query::SubmissionStatus as S;
    Ok(Json(serde_json::json!({
        "year": year,
        "counts": {
            "submitted": count(S::Submitted),
            "late": count(S::Late),
            "missing": count(S::Missing),
        },
        "submissions": rows,
    })))
}

/// Reads and checks every stored file again (admin); the reviewers' marks stay.
#[utoipa::path(post, path = "/api/recheck",
    responses((status = 200, description = "{files: n}", body = Object), (status = 403, body = ErrorBody)))]
async fn recheck(
    State(state): State<AppState>,
    ApiUser(s): ApiUser,
    headers: HeaderMap,
) -> Result<Json<serde_json::Value>, ApiError> {
    s.check_csrf_header(&headers)?;
    s.admin()?;
    let n = state
        .worker
        .recheck()
        .await
        .map_err(|e| ServerError::BadRequest(format!("重新检查失败 / re-check failed: {e}")))?;
    Ok(Json(serde_json::json!({ "files": n })))
}

/// A new account.
#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct NewUserRequest {
    username: String,
    password: String,
    /// admin, reviewer, body.
    role: String,
    /// Reviewer: the region path (`/四川省/成都市`).
    region: Option<String>,
    /// Body: the body's exact name…
    body: Option<String>,
    /// …or its id.
    body_id: Option<i64>,
}

/// Creates an account (admin).
#[utoipa::path(post, path = "/api/users", request_body = NewUserRequest,
    responses((status = 201, description = "the account", body = Object), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn create_user(
    State(state): State<AppState>,
    ApiUser(s): ApiUser,
    headers: HeaderMap,
    Json(req): Json<NewUserRequest>,
) -> Result<Response, ApiError> {
    s.check_csrf_header(&headers)?;
    s.admin()?;
    let role = Role::from_key(req.role.trim()).ok_or_else(|| {
        ServerError::BadRequest(
            "role 须为 admin、reviewer 或 body / role is admin, reviewer or body".into(),
        )
    })?;
    let body_id =
        match (req.body_id, req.body.as_deref()) {
            (Some(id), _) => Some(id),
            (None, Some(name)) => Some(state.store.body_id(name).await?.ok_or_else(|| {
                ServerError::BadRequest(format!("没有单位 / no body named {name}"))
            })?),
            (None, None) => None,
        };
    let user = state
        .store
        .create_user(&NewUser {
            name: req.username,
            password: req.password,
            role,
            region: req.region,
            body_id,
        })
        .await?;
    Ok((StatusCode::CREATED, Json(user)).into_response())
}

/// How many uploaded files wait to be processed.
#[utoipa::path(get, path = "/api/queue",
    responses((status = 200, description = "{queued: n}", body = Object), (status = 401, body = ErrorBody)))]
async fn queue(
    State(state): State<AppState>,
    ApiUser(_): ApiUser,
) -> Result<Json<serde_json::Value>, ApiError> {
    Ok(Json(
        serde_json::json!({ "queued": state.store.queued().await? }),
    ))
}

/// Every account (admin).
#[utoipa::path(get, path = "/api/users",
    responses((status = 200, description = "[{id, name, role, region, body_id, body, created_at}]", body = Object), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_users(
    State(state): State<AppState>,
    ApiUser(s): ApiUser,
) -> Result<Json<Vec<Account>>, ApiError> {
    s.admin()?;
    Ok(Json(state.store.users().await?))
}

/// The review letter (审核意见, DOCX in the 公文 layout) of a report: its confirmed
/// findings with the rules they break; 404 for a report this account may not see.
#[utoipa::path(get, path = "/api/reports/{id}/letter.docx",
    params(("id" = i64, Path, description = "report id"), ExportQuery),
    responses((status = 200, description = "the letter, as an attachment", content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (status = 404, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn letter(
    State(state): State<AppState>,
    ApiUser(s): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<ExportQuery>,
) -> Result<Download, ApiError> {
    Ok(crate::exports::report_letter_file(&state, id, &s.user, &q).await?)
}

/// Every review letter of a year and region (this account's scope), one per current
/// report with confirmed findings, as one ZIP (`{body}-{year}-审核意见.docx`).
#[utoipa::path(get, path = "/api/exports/letters.zip", params(ExportQuery),
    responses((status = 200, description = "the ZIP, as an attachment", content_type = "application/zip"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn letters_zip(
    State(state): State<AppState>,
    ApiUser(s): ApiUser,
    Query(q): Query<ExportQuery>,
) -> Result<Download, ApiError> {
    Ok(crate::exports::letters_zip_file(&state, &s.user, &q).await?)
}

/// The corpus export of the reports this account may see: `corpus.csv` (a row per
/// report, a column per figure), `corpus.xlsx` (with the findings as a second sheet) or
/// `corpus.jsonl` (one canonical report per line).
#[utoipa::path(get, path = "/api/exports/corpus.{fmt}",
    params(("fmt" = String, Path, description = "csv, xlsx or jsonl"), ExportQuery),
    responses((status = 200, description = "the file, as an attachment"),
        (status = 404, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn corpus(
    State(state): State<AppState>,
    ApiUser(s): ApiUser,
    Path(file): Path<String>,
    Query(q): Query<ExportQuery>,
) -> Result<Download, ApiError> {
    if !file.starts_with("corpus.") {
        return Err(ServerError::NotFound.into());
    }
    Ok(crate::exports::named_export(&state, &s.user, &file, &q).await?)
}
