//! The agency's request ledger in the web app (a body's staff only, their own body's
//! ledger): the register with its due-soon and overdue views, a request's page with its
//! dates, timeline and documents, the review and litigation register, and the year-end
//! report builder. The same through the JSON API under `/api/ledger`.
//!
//! The engine (`xxgk-ledger`) decides everything (dates, what may happen, the tables);
//! these handlers load a request, apply one event, and store the result with its audit
//! entry ([`xxgk_store::ledger`]), refusing a change made on an older version.

use crate::AppState;
use crate::auth::{ApiUser, PageUser, Session};
use crate::error::{ApiError, PageError, ServerError};
use crate::pages::Nav;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::Offset;
use serde::{Deserialize, Serialize};
use serde_json::json;
use xxgk_ledger::{
    Appeal, AppealDecision, Asked, Calendar, Channel, Consulted, DocKind, FeeMethod, NewRequest,
    Receipt, Reminder, Request, Stamp,
};
use xxgk_model::{AppealKind, AppealResult, Applicant, Finding, Report, RequestRow, Severity};
use xxgk_store::ledger::{LedgerQuery, LedgerRecord, StoredRequest};
use xxgk_store::web::{Role, User};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/ledger", get(register_page).post(register_form))
        .route("/ledger/requests/{id}", get(request_page))
        .route("/ledger/requests/{id}/events", post(event_form))
        .route(
            "/ledger/requests/{id}/documents/{kind}",
            get(document_download),
        )
        .route("/ledger/lapses", post(lapses_form))
        .route("/ledger/appeals", post(appeal_form))
        .route("/ledger/appeals/{id}/decision", post(decision_form))
        .route("/ledger/report", get(report_page).post(report_form))
        .route("/ledger/report/publish", post(publish_form))
        .route("/ledger/report/{file}", get(report_download))
        .route("/api/ledger/requests", get(api_list).post(api_register))
        .route("/api/ledger/requests/{id}", get(api_request))
        .route("/api/ledger/requests/{id}/events", post(api_event))
        .route(
            "/api/ledger/requests/{id}/documents/{kind}",
            get(api_document),
        )
        .route("/api/ledger/report/{year}", get(api_report))
        .route("/api/ledger/lapses", post(api_lapses))
}

use xxgk_ledger::today_in_china as today;

fn calendar() -> &'static Calendar {
    static CAL: std::sync::OnceLock<Calendar> = std::sync::OnceLock::new();
    CAL.get_or_init(Calendar::official)
}

/// The body whose ledger this account keeps: a body's account only.
fn body_of(user: &User) -> Result<i64, ServerError> {
    match (user.role, user.body_id) {
        (Role::Body, Some(b)) => Ok(b),
        _ => Err(ServerError::Forbidden),
    }
}

/// The body's whole ledger as the engine sees it.
async fn load(
    state: &AppState,
    body: i64,
) -> Result<xxgk_store::ledger::LoadedLedger, ServerError> {
    state
        .store
        .ledger_load(body)
        .await?
        .ok_or(ServerError::NotFound)
}

/// The body's name, as its documents and reports carry it.
async fn body_name(state: &AppState, body: i64) -> Result<String, ServerError> {
    state
        .store
        .body_name(body)
        .await?
        .ok_or(ServerError::NotFound)
}

/// 400 when the page is shown again with the reason a change was refused, else 200.
fn page_status(error: &Option<String>) -> axum::http::StatusCode {
    if error.is_some() {
        axum::http::StatusCode::BAD_REQUEST
    } else {
        axum::http::StatusCode::OK
    }
}

/// What a register form's post answers: on success a redirect to `to`; a refused change
/// shows the register again with the reason.
async fn after_register_form(
    state: &AppState,
    s: &Session,
    result: Result<(), ServerError>,
    to: &str,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to(to).into_response()),
        Err(e) => {
            let m = refused(e)?;
            register_page_with(state, s, &RegisterQuery::default(), Some(m)).await
        }
    }
}

fn stamp(user: &User) -> Stamp {
    Stamp::new(user.name.clone(), Timestamp::now())
}

fn bad(e: impl std::fmt::Display) -> ServerError {
    ServerError::BadRequest(e.to_string())
}

fn date_or_today(s: &str) -> Result<Date, ServerError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(today());
    }
    s.parse::<Date>().map_err(|_| {
        bad(format!(
            "日期格式应为 YYYY-MM-DD / a date is YYYY-MM-DD: {s}"
        ))
    })
}

fn opt_date(s: &str) -> Result<Option<Date>, ServerError> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        date_or_today(s).map(Some)
    }
}

fn number(s: &str, what: &str) -> Result<u32, ServerError> {
    s.trim()
        .parse()
        .map_err(|_| bad(format!("{what}应为整数 / {what} is a whole number: {s}")))
}

// ---------------------------------------------------------------------------------------
// registering

/// A new request, as the register's form and `POST /api/ledger/requests` send it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub(crate) struct NewRequestForm {
    #[serde(default)]
    csrf: String,
    /// 申请人姓名或名称
    applicant: String,
    /// table-three column key: natural_person, business, research, nonprofit,
    /// legal_service, other_org
    kind: String,
    #[serde(default)]
    id_document: String,
    #[serde(default)]
    contact: String,
    /// 申请内容
    description: String,
    #[serde(default)]
    delivery: String,
    /// in_person, registered_post, ordinary_post, online, fax (or as offices write them)
    channel: String,
    /// the day it arrived (YYYY-MM-DD)
    arrived: String,
    /// for 平邮, 网络, 传真: the day both sides confirmed it
    #[serde(default)]
    confirmed: String,
}

fn some(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

async fn register(state: &AppState, user: &User, f: &NewRequestForm) -> Result<i64, ServerError> {
    let body = body_of(user)?;
    let kind = Applicant::from_key(f.kind.trim())
        .filter(|k| *k != Applicant::Total)
        .ok_or_else(|| {
            bad(format!(
                "未知的申请人类型 / unknown applicant type: {}",
                f.kind
            ))
        })?;
    let channel = Channel::parse(f.channel.trim())
        .ok_or_else(|| bad(format!("未知的申请渠道 / unknown channel: {}", f.channel)))?;
    let new = NewRequest {
        applicant: xxgk_ledger::Applicant {
            name: f.applicant.trim().to_string(),
            kind,
            id_document: some(&f.id_document),
            contact: some(&f.contact),
        },
        asked: Asked {
            description: f.description.trim().to_string(),
            delivery: some(&f.delivery),
        },
        receipt: Receipt {
            channel,
            arrived: date_or_today(&f.arrived)?,
            confirmed: opt_date(&f.confirmed)?,
        },
    };
    let mut loaded = load(state, body).await?;
    let st = stamp(user);
    let r = loaded.ledger.register(new, today(), &st).map_err(bad)?;
    // the registration form and the receipt are issued at registration
    let received = r.received;
    r.record_document(DocKind::Registration, received, &st);
    r.record_document(DocKind::Receipt, received, &st);
    let rec = LedgerRecord::of(r, calendar())?;
    // two registrations at once may pick the same number: the second is refused
    // (a conflict) and can simply be sent again
    Ok(state.store.ledger_register(body, &rec, &user.name).await?)
}

// ---------------------------------------------------------------------------------------
// events on a request

/// One event on a request: `action` says which, the other fields what it needs.
///
/// | action | fields |
/// |---|---|
/// | `correction` | `date` (notice sent), `text` (what to correct, one item a line), `until` (time to correct) |
/// | `corrected` | `date` (the corrected request arrived) |
/// | `consult` | `date`, `party`, `consulted` (`third_party` / `agency`) |
/// | `consult_answer` | `date`, `index` (of the consultation, from 0) |
/// | `extend` | `date`, `days` (≤ 20), `text` (reason) |
/// | `custom_due` | `until` (the date set), `text` (reason) |
/// | `fee` | `date`, `method` (`count` / `volume`), `count` (requests in the month or pages) |
/// | `paid` | `date` |
/// | `close` | `date` (answered), `outcome` (a table-three outcome row key), `text` (legal basis) |
/// | `issue` | `date`, `document` (registration, receipt, correction_notice, extension_notice, consultation, fee_notice, answer) |
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub(crate) struct EventForm {
    #[serde(default)]
    csrf: String,
    /// the version the change was made on (a newer stored version refuses it: 409)
    version: i64,
    action: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    until: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    party: String,
    #[serde(default)]
    consulted: String,
    #[serde(default)]
    index: String,
    #[serde(default)]
    days: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    count: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    document: String,
}

fn doc_kind(key: &str) -> Result<DocKind, ServerError> {
    let key = key.trim().trim_end_matches(".docx");
    DocKind::from_key(key).ok_or_else(|| bad(format!("未知的文书 / unknown document: {key}")))
}

fn apply(r: &mut Request, body_name: &str, f: &EventForm, st: &Stamp) -> Result<(), ServerError> {
    let cal = calendar();
    let date = || date_or_today(&f.date);
    match f.action.as_str() {
        "correction" => {
            let sent = date()?;
            let items: Vec<String> = f
                .text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect();
            let until = opt_date(&f.until)?
                .ok_or_else(|| bad("请填写补正期限 / give the time to correct"))?;
            r.send_correction_notice(cal, sent, items, until, st)
                .map_err(bad)?;
            r.record_document(DocKind::CorrectionNotice, sent, st);
        }
        "corrected" => r.record_correction(date()?, st).map_err(bad)?,
        "consult" => {
            let consulted = match f.consulted.as_str() {
                "agency" => Consulted::Agency,
                _ => Consulted::ThirdParty,
            };
            let sent = date()?;
            r.start_consultation(consulted, f.party.trim(), sent, st)
                .map_err(bad)?;
            r.record_document(DocKind::Consultation, sent, st);
        }
        "consult_answer" => {
            let i = number(&f.index, "序号 / index")? as usize;
            r.record_consultation_answer(i, date()?, st).map_err(bad)?;
        }
        "extend" => {
            let d = date()?;
            r.extend(d, number(&f.days, "延期天数 / days")?, f.text.trim(), st)
                .map_err(bad)?;
            r.record_document(DocKind::ExtensionNotice, d, st);
        }
        "custom_due" => {
            let until = opt_date(&f.until)?.ok_or_else(|| bad("请填写答复期限 / give the date"))?;
            r.set_custom_due(until, f.text.trim(), st).map_err(bad)?;
        }
        "fee" => {
            let n = number(&f.count, "数量 / count")?;
            let method = match f.method.as_str() {
                "volume" => FeeMethod::ByVolume { pages: n },
                _ => FeeMethod::ByCount {
                    requests_in_month: n,
                },
            };
            let d = date()?;
            r.send_fee_notice(d, method, st).map_err(bad)?;
            r.record_document(DocKind::FeeNotice, d, st);
        }
        "paid" => r.record_payment(date()?, st).map_err(bad)?,
        "close" => {
            let row = RequestRow::from_key(f.outcome.trim())
                .ok_or_else(|| bad(format!("未知的办理结果 / unknown outcome: {}", f.outcome)))?;
            let d = date()?;
            r.close(row, some(&f.text), d, st).map_err(bad)?;
            r.record_document(DocKind::Answer, d, st);
        }
        "issue" => {
            let kind = doc_kind(&f.document)?;
            r.issue(body_name, kind, cal, date()?, st).map_err(bad)?;
        }
        other => return Err(bad(format!("未知的操作 / unknown action: {other}"))),
    }
    Ok(())
}

async fn load_request(
    state: &AppState,
    user: &User,
    id: i64,
) -> Result<(i64, StoredRequest, Request), ServerError> {
    let body = body_of(user)?;
    let stored = state
        .store
        .ledger_request(body, id)
        .await?
        .ok_or(ServerError::NotFound)?;
    let r = stored.record.engine()?;
    Ok((body, stored, r))
}

async fn event(state: &AppState, user: &User, id: i64, f: &EventForm) -> Result<i64, ServerError> {
    let (body, _, mut r) = load_request(state, user, id).await?;
    let name = body_name(state, body).await?;
    let before = r.audit.len();
    apply(&mut r, &name, f, &stamp(user))?;
    let what: Vec<&str> = r.audit[before..].iter().map(|a| a.what.as_str()).collect();
    let rec = LedgerRecord::of(&r, calendar())?;
    state
        .store
        .ledger_update(
            body,
            id,
            f.version,
            &rec,
            &user.name,
            &f.action,
            &json!({ "what": what }),
        )
        .await?
        .ok_or(ServerError::NotFound)?;
    Ok(id)
}

async fn document_bytes(
    state: &AppState,
    user: &User,
    id: i64,
    kind: &str,
) -> Result<(String, Vec<u8>), ServerError> {
    let kind = doc_kind(kind)?;
    let (body, _, r) = load_request(state, user, id).await?;
    let issued = r
        .documents
        .iter()
        .rev()
        .find(|d| d.kind == kind)
        .map(|d| d.issued)
        .ok_or(ServerError::NotFound)?;
    let name = body_name(state, body).await?;
    let bytes = xxgk_ledger::document(&name, &r, kind, calendar(), issued).map_err(bad)?;
    Ok((format!("{}-{}.docx", r.number, kind.title()), bytes))
}

use crate::exports::{DOCX as DOCX_TYPE, attachment};

// ---------------------------------------------------------------------------------------
// views

/// A request as lists and pages show it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct RequestView {
    id: i64,
    version: i64,
    number: String,
    applicant: String,
    kind: String,
    channel: String,
    received: String,
    description: String,
    status: String,
    status_label: String,
    /// the due date in force; empty while the clock is stopped or the calendar cannot tell
    due: String,
    /// due_soon / overdue / empty
    reminder: String,
    reminder_label: String,
    outcome: String,
    /// received in an earlier year and carried into the year listed (上年结转)
    carried: bool,
    #[schema(value_type = Object)]
    request: serde_json::Value,
}

/// Whether the time to correct or to pay ran out with nothing received: the request is to
/// be closed as 其他处理 1 or 2 ([`xxgk_ledger::Ledger::apply_lapses`]).
fn lapsed(r: &Request, today: Date) -> bool {
    if r.outcome.is_some() {
        return false;
    }
    let no_correction = r
        .correction
        .as_ref()
        .is_some_and(|c| c.corrected.is_none() && today > c.respond_by);
    let unpaid = r.fee.as_ref().is_some_and(|f| f.paid.is_none())
        && r.schedule(calendar())
            .ok()
            .and_then(|s| s.pay_by)
            .is_some_and(|p| today > p);
    no_correction || unpaid
}

/// Closes every request of the account's ledger whose time to correct or to pay ran out
/// (其他处理 1 or 2, with the legal basis), each change stored with its audit entry; returns
/// the numbers closed.
async fn apply_lapses(state: &AppState, user: &User) -> Result<Vec<String>, ServerError> {
    let body = body_of(user)?;
    let loaded = load(state, body).await?;
    let mut ledger = loaded.ledger.clone();
    let closed = ledger
        .apply_lapses(calendar(), today(), &stamp(user))
        .map_err(bad)?;
    for (r, (id, version)) in ledger.requests.iter().zip(&loaded.request_ids) {
        if !closed.contains(&r.number) {
            continue;
        }
        let rec = LedgerRecord::of(r, calendar())?;
        let what = r.audit.last().map(|a| a.what.clone()).unwrap_or_default();
        state
            .store
            .ledger_update(
                body,
                *id,
                *version,
                &rec,
                &user.name,
                "lapse",
                &json!({ "what": [what] }),
            )
            .await?;
    }
    Ok(closed)
}

fn view(s: &StoredRequest, today: Date) -> Result<RequestView, ServerError> {
    let r = s.record.engine()?;
    let (reminder, reminder_label) = match r.reminder(calendar(), today) {
        _ if lapsed(&r, today) => (
            "lapsed",
            "逾期未补正或未缴费，待按其他处理办结 / lapsed: no correction or payment in time"
                .to_string(),
        ),
        Ok(Some(Reminder::DueSoon { days_left })) => (
            "due_soon",
            format!("{days_left} 个工作日内到期 / due in {days_left} working days"),
        ),
        Ok(Some(Reminder::Overdue { days_over })) => (
            "overdue",
            format!("已超期 {days_over} 个工作日 / overdue by {days_over} working days"),
        ),
        Ok(None) => ("", String::new()),
        Err(e) => ("unknown", format!("期限无法计算 / no due date: {e}")),
    };
    Ok(RequestView {
        id: s.id,
        version: s.version,
        number: r.number.clone(),
        applicant: r.applicant.name.clone(),
        kind: r.applicant.kind.label().to_string(),
        channel: r.receipt.channel.label().to_string(),
        received: r.received.to_string(),
        description: r.asked.description.clone(),
        status: r.status().key().to_string(),
        status_label: r.status().label().to_string(),
        due: s.record.due.clone().unwrap_or_default(),
        reminder: reminder.to_string(),
        reminder_label,
        outcome: r
            .outcome
            .as_ref()
            .map(|o| o.row.full_label())
            .unwrap_or_default(),
        carried: false,
        request: s.record.request.clone(),
    })
}

/// The register's query: `view=due` (open, due within 5 working days or overdue),
/// `view=overdue`, or every request of `year`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub(crate) struct RegisterQuery {
    /// all (default), due, overdue
    #[serde(default)]
    view: Option<String>,
    /// ledger year (received)
    #[serde(default)]
    year: Option<String>,
}

async fn list(
    state: &AppState,
    user: &User,
    q: &RegisterQuery,
) -> Result<Vec<RequestView>, ServerError> {
    let body = body_of(user)?;
    let today = today();
    let year = match q.year.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(y) => Some(
            y.parse::<i32>()
                .map_err(|_| bad(format!("年度应为数字 / a year is a number: {y}")))?,
        ),
    };
    let view_kind = q.view.as_deref().unwrap_or("all");
    // a year's register holds the requests received in it and those carried into it
    // (received before, still open on 1 January): its table three's 上年结转
    let mut query = LedgerQuery::default();
    if matches!(view_kind, "due" | "overdue") {
        query.status = Some("open".into());
    }
    let rows = state.store.ledger_requests(body, &query).await?;
    let mut out = Vec::with_capacity(rows.len());
    for s in &rows {
        let mut v = view(s, today)?;
        let carried = year.is_some_and(|y| {
            s.record.year < y
                && s.record
                    .closed
                    .as_deref()
                    .is_none_or(|c| c >= &format!("{y}-01-01")[..])
        });
        v.carried = carried;
        let keep = match view_kind {
            "due" => matches!(
                v.reminder.as_str(),
                "due_soon" | "overdue" | "unknown" | "lapsed"
            ),
            "overdue" => matches!(v.reminder.as_str(), "overdue" | "lapsed"),
            _ => year.is_none_or(|y| s.record.year == y || carried),
        };
        if keep {
            out.push(v);
        }
    }
    Ok(out)
}

struct AppealView {
    id: i64,
    number: String,
    kind: &'static str,
    filed: String,
    result: &'static str,
    decided: bool,
}

#[derive(Template)]
#[template(path = "ledger.html")]
struct RegisterPage {
    nav: Nav,
    body: String,
    view: String,
    year: String,
    requests: Vec<RequestView>,
    appeals: Vec<AppealView>,
    kinds: Vec<(&'static str, &'static str)>,
    channels: Vec<(&'static str, &'static str)>,
    appeal_kinds: Vec<(&'static str, &'static str)>,
    appeal_results: Vec<(&'static str, &'static str)>,
    today: String,
    error: Option<String>,
}

fn kinds() -> Vec<(&'static str, &'static str)> {
    Applicant::ALL
        .iter()
        .filter(|k| **k != Applicant::Total)
        .map(|k| (k.key(), k.label()))
        .collect()
}

fn channels() -> Vec<(&'static str, &'static str)> {
    [
        Channel::InPerson,
        Channel::RegisteredPost,
        Channel::OrdinaryPost,
        Channel::Online,
        Channel::Fax,
    ]
    .iter()
    .map(|c| (c.key(), c.label()))
    .collect()
}

async fn register_page_with(
    state: &AppState,
    s: &Session,
    q: &RegisterQuery,
    error: Option<String>,
) -> Result<Response, PageError> {
    let body = body_of(&s.user)?;
    let name = body_name(state, body).await?;
    let requests = list(state, &s.user, q).await?;
    let loaded = load(state, body).await?;
    let end = today();
    let appeals = loaded
        .ledger
        .appeals
        .iter()
        .zip(&loaded.appeal_ids)
        .map(|(a, id)| AppealView {
            id: *id,
            number: a.number.clone(),
            kind: a.kind.label(),
            filed: a.filed.to_string(),
            result: a.result_on(end).label(),
            decided: a.decision.is_some(),
        })
        .collect();
    let status = page_status(&error);
    let html = RegisterPage {
        nav: Nav::new(s, "ledger"),
        body: name,
        view: q.view.clone().unwrap_or_else(|| "all".into()),
        year: q.year.clone().unwrap_or_default(),
        requests,
        appeals,
        kinds: kinds(),
        channels: channels(),
        appeal_kinds: AppealKind::ALL
            .iter()
            .map(|k| (k.key(), k.label()))
            .collect(),
        appeal_results: [
            AppealResult::Upheld,
            AppealResult::Corrected,
            AppealResult::Other,
        ]
        .iter()
        .map(|r| (r.key(), r.label()))
        .collect(),
        today: today().to_string(),
        error,
    }
    .render()
    .map_err(ServerError::from)?;
    Ok((status, Html(html)).into_response())
}

async fn register_page(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    Query(q): Query<RegisterQuery>,
) -> Result<Response, PageError> {
    register_page_with(&state, &s, &q, None).await
}

/// A refused change: the page again with the reason, or the error page.
fn refused(e: ServerError) -> Result<String, PageError> {
    match e {
        ServerError::BadRequest(m) => Ok(m),
        ServerError::Store(xxgk_store::StoreError::Conflict(m))
        | ServerError::Store(xxgk_store::StoreError::Invalid(m)) => Ok(m),
        e => Err(e.into()),
    }
}

async fn register_form(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    Form(f): Form<NewRequestForm>,
) -> Result<Response, PageError> {
    s.check_csrf(Some(&f.csrf))?;
    match register(&state, &s.user, &f).await {
        Ok(id) => Ok(Redirect::to(&format!("/ledger/requests/{id}")).into_response()),
        Err(e) => {
            let m = refused(e)?;
            register_page_with(&state, &s, &RegisterQuery::default(), Some(m)).await
        }
    }
}

struct TimelineEntry {
    at: String,
    who: String,
    what: String,
}

struct DocumentLink {
    key: &'static str,
    title: &'static str,
    issued: String,
}

#[derive(Template)]
#[template(path = "ledger_request.html")]
struct RequestPage {
    nav: Nav,
    r: RequestView,
    asked_delivery: String,
    contact: String,
    dates: Vec<(&'static str, String)>,
    timeline: Vec<TimelineEntry>,
    documents: Vec<DocumentLink>,
    consultations: Vec<(usize, String, bool)>,
    outcomes: Vec<(&'static str, String)>,
    doc_kinds: Vec<(&'static str, &'static str)>,
    closed: bool,
    today: String,
    error: Option<String>,
}

async fn request_page_with(
    state: &AppState,
    s: &Session,
    id: i64,
    error: Option<String>,
) -> Result<Response, PageError> {
    let (_, stored, r) = load_request(state, &s.user, id).await?;
    let today = today();
    let v = view(&stored, today)?;
    let mut dates = vec![("收到日期 / received", r.received.to_string())];
    match r.schedule(calendar()) {
        Ok(sch) => {
            dates.push((
                "补正告知截止 / 补正 notice by",
                sch.correction_notice_by.to_string(),
            ));
            dates.push(("计时起点 / clock starts", sch.clock_start.to_string()));
            dates.push((
                "答复期限 / due",
                sch.due
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "计时暂停或中止 / the clock is stopped".to_string()),
            ));
            if let Some(p) = sch.pay_by {
                dates.push(("缴费截止 / pay by", p.to_string()));
            }
        }
        Err(e) => dates.push(("答复期限 / due", format!("无法计算 / cannot tell: {e}"))),
    }
    let timeline = r
        .audit
        .iter()
        .map(|a| TimelineEntry {
            at: Offset::constant(8)
                .to_datetime(a.at)
                .strftime("%Y-%m-%d %H:%M")
                .to_string(),
            who: a.who.clone(),
            what: a.what.clone(),
        })
        .collect();
    let documents = r
        .documents
        .iter()
        .map(|d| DocumentLink {
            key: d.kind.key(),
            title: d.kind.title(),
            issued: d.issued.to_string(),
        })
        .collect();
    let consultations = r
        .consultations
        .iter()
        .enumerate()
        .map(|(i, c)| (i, c.party.clone(), c.answered.is_some()))
        .collect();
    let outcomes = RequestRow::ROWS_2021
        .iter()
        .filter(|row| row.is_outcome() && **row != RequestRow::Other)
        .map(|row| (row.key(), row.full_label()))
        .collect();
    let html = RequestPage {
        nav: Nav::new(s, "ledger"),
        asked_delivery: r.asked.delivery.clone().unwrap_or_default(),
        contact: r.applicant.contact.clone().unwrap_or_default(),
        closed: r.outcome.is_some(),
        r: v,
        dates,
        timeline,
        documents,
        consultations,
        outcomes,
        doc_kinds: DocKind::ALL.iter().map(|k| (k.key(), k.title())).collect(),
        today: today.to_string(),
        error: error.clone(),
    }
    .render()
    .map_err(ServerError::from)?;
    let status = page_status(&error);
    Ok((status, Html(html)).into_response())
}

async fn request_page(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    request_page_with(&state, &s, id, None).await
}

async fn event_form(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    Path(id): Path<i64>,
    Form(f): Form<EventForm>,
) -> Result<Response, PageError> {
    s.check_csrf(Some(&f.csrf))?;
    match event(&state, &s.user, id, &f).await {
        Ok(id) => Ok(Redirect::to(&format!("/ledger/requests/{id}#timeline")).into_response()),
        Err(e) => {
            let m = refused(e)?;
            request_page_with(&state, &s, id, Some(m)).await
        }
    }
}

async fn document_download(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    Path((id, kind)): Path<(i64, String)>,
) -> Result<Response, PageError> {
    let (name, bytes) = document_bytes(&state, &s.user, id, &kind).await?;
    Ok(attachment(&name, DOCX_TYPE, bytes))
}

#[derive(Debug, Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn lapses_form(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    Form(f): Form<CsrfForm>,
) -> Result<Response, PageError> {
    s.check_csrf(Some(&f.csrf))?;
    let result = apply_lapses(&state, &s.user).await.map(drop);
    after_register_form(&state, &s, result, "/ledger").await
}

// ---------------------------------------------------------------------------------------
// reviews and litigations

#[derive(Debug, Deserialize)]
struct AppealForm {
    #[serde(default)]
    csrf: String,
    number: String,
    #[serde(default)]
    request: String,
    kind: String,
    filed: String,
}

async fn appeal_form(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    Form(f): Form<AppealForm>,
) -> Result<Response, PageError> {
    s.check_csrf(Some(&f.csrf))?;
    let result: Result<(), ServerError> = async {
        let body = body_of(&s.user)?;
        let kind = AppealKind::from_key(f.kind.trim())
            .ok_or_else(|| bad(format!("未知的类别 / unknown kind: {}", f.kind)))?;
        let a = Appeal {
            number: f.number.trim().to_string(),
            request: some(&f.request),
            kind,
            filed: date_or_today(&f.filed)?,
            decision: None,
        };
        let mut loaded = load(&state, body).await?;
        loaded.ledger.register_appeal(a.clone()).map_err(bad)?;
        state
            .store
            .ledger_add_appeal(
                body,
                i32::from(a.filed.year()),
                &serde_json::to_value(&a).map_err(xxgk_store::StoreError::from)?,
                &s.user.name,
            )
            .await?;
        Ok(())
    }
    .await;
    after_register_form(&state, &s, result, "/ledger#appeals").await
}

#[derive(Debug, Deserialize)]
struct DecisionForm {
    #[serde(default)]
    csrf: String,
    result: String,
    decided: String,
}

async fn decision_form(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    Path(id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> Result<Response, PageError> {
    s.check_csrf(Some(&f.csrf))?;
    let result: Result<(), ServerError> = async {
        let body = body_of(&s.user)?;
        let loaded = load(&state, body).await?;
        let i = loaded
            .appeal_ids
            .iter()
            .position(|x| *x == id)
            .ok_or(ServerError::NotFound)?;
        let mut a = loaded.ledger.appeals[i].clone();
        let result = AppealResult::from_key(f.result.trim())
            .filter(|r| !matches!(r, AppealResult::Pending | AppealResult::Total))
            .ok_or_else(|| bad(format!("未知的结果 / unknown result: {}", f.result)))?;
        let decided = date_or_today(&f.decided)?;
        if decided < a.filed {
            return Err(bad("决定日期早于受理日期 / decided before it was filed"));
        }
        a.decision = Some(AppealDecision { result, decided });
        let value = serde_json::to_value(&a).map_err(xxgk_store::StoreError::from)?;
        if !state
            .store
            .ledger_update_appeal(body, id, &value, &s.user.name)
            .await?
        {
            return Err(ServerError::NotFound);
        }
        Ok(())
    }
    .await;
    after_register_form(&state, &s, result, "/ledger#appeals").await
}

// ---------------------------------------------------------------------------------------
// the year-end report

/// What the office writes into the year's report: the six sections and table two (the
/// ledger does not hold the proactive disclosures).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
struct Narrative {
    #[serde(default)]
    sections: Vec<String>,
    #[serde(default)]
    active_disclosure: Option<xxgk_model::ActiveDisclosure>,
}

/// The year's draft: the ledger's tables, the office's narrative and table two, checked.
struct Draft {
    body: String,
    year: i32,
    report: Report,
    findings: Vec<Finding>,
    published_at: Option<String>,
    file_sha256: Option<String>,
}

async fn draft(state: &AppState, user: &User, year: i32) -> Result<Draft, ServerError> {
    let body = body_of(user)?;
    let loaded = load(state, body).await?;
    let y = i16::try_from(year).map_err(|_| bad(format!("年度 / year {year}")))?;
    let mut report = loaded.ledger.draft_report(y).map_err(bad)?;
    let stored = state.store.ledger_draft(body, year).await?;
    if let Some(d) = &stored {
        let n: Narrative =
            serde_json::from_value(d.narrative.clone()).map_err(xxgk_store::StoreError::from)?;
        for (s, text) in report.sections.iter_mut().zip(&n.sections) {
            if !text.trim().is_empty() {
                s.text = text.trim().to_string();
            }
        }
        report.active_disclosure = n.active_disclosure;
    }
    report.published = Some(today());
    let findings = xxgk_check::check(&xxgk_check::Context::new(&report));
    Ok(Draft {
        body: loaded.ledger.body.clone(),
        year,
        report,
        findings,
        published_at: stored.as_ref().and_then(|d| d.published_at.clone()),
        file_sha256: stored.and_then(|d| d.file_sha256),
    })
}

fn year_of(q: &ReportQuery) -> Result<i32, ServerError> {
    match q.year.as_deref().map(str::trim) {
        None | Some("") => Ok(i32::from(today().year()) - 1),
        Some(y) => y
            .parse()
            .map_err(|_| bad(format!("年度应为数字 / a year is a number: {y}"))),
    }
}

#[derive(Debug, Default, Deserialize)]
struct ReportQuery {
    #[serde(default)]
    year: Option<String>,
}

struct FindingView {
    code: String,
    severity: &'static str,
    message: String,
}

#[derive(Template)]
#[template(path = "ledger_report.html")]
struct ReportPage {
    nav: Nav,
    body: String,
    year: i32,
    tables: String,
    sections: Vec<(usize, &'static str, String)>,
    t2: Vec<(&'static str, &'static str, String)>,
    findings: Vec<FindingView>,
    errors: usize,
    published_at: Option<String>,
    formats: Vec<(&'static str, &'static str)>,
    error: Option<String>,
    saved: bool,
}

fn t2_fields(
    a: Option<&xxgk_model::ActiveDisclosure>,
) -> Vec<(&'static str, &'static str, String)> {
    let n = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    let d = a.cloned().unwrap_or_default();
    let r = d.regulations.unwrap_or_default();
    let nd = d.normative_documents.unwrap_or_default();
    vec![
        ("reg_issued", "规章 本年制发件数", n(r.issued)),
        ("reg_repealed", "规章 本年废止件数", n(r.repealed)),
        ("reg_in_force", "规章 现行有效件数", n(r.in_force)),
        ("norm_issued", "行政规范性文件 本年制发件数", n(nd.issued)),
        (
            "norm_repealed",
            "行政规范性文件 本年废止件数",
            n(nd.repealed),
        ),
        (
            "norm_in_force",
            "行政规范性文件 现行有效件数",
            n(nd.in_force),
        ),
        ("licensing", "行政许可 本年处理决定数量", n(d.licensing)),
        ("penalty", "行政处罚 本年处理决定数量", n(d.penalty)),
        ("coercion", "行政强制 本年处理决定数量", n(d.coercion)),
        (
            "fees",
            "行政事业性收费 本年收费金额（万元）",
            d.fees_wan_yuan.unwrap_or_default(),
        ),
    ]
}

async fn report_page_with(
    state: &AppState,
    s: &Session,
    year: i32,
    error: Option<String>,
    saved: bool,
) -> Result<Response, PageError> {
    let d = draft(state, &s.user, year).await?;
    let named: Vec<&Finding> = d.findings.iter().collect();
    let marks = |c| crate::pages::cell_mark(&named, c);
    let mut tables_only = d.report.clone();
    tables_only.sections.clear();
    let tables = xxgk_render::html_fragment(&tables_only, &marks);
    let errors = d
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let html = ReportPage {
        nav: Nav::new(s, "ledger"),
        body: d.body.clone(),
        year,
        tables,
        sections: d
            .report
            .sections
            .iter()
            .enumerate()
            .map(|(i, sec)| (i, xxgk_model::SECTION_HEADINGS[i.min(5)], sec.text.clone()))
            .collect(),
        t2: t2_fields(d.report.active_disclosure.as_ref()),
        findings: d
            .findings
            .iter()
            .map(|f| FindingView {
                code: f.code.to_string(),
                severity: match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "info",
                },
                message: f.message.clone(),
            })
            .collect(),
        errors,
        published_at: d.published_at.clone(),
        formats: FORMATS.iter().map(|(e, l, _)| (*e, *l)).collect(),
        error: error.clone(),
        saved,
    }
    .render()
    .map_err(ServerError::from)?;
    let status = page_status(&error);
    Ok((status, Html(html)).into_response())
}

const FORMATS: &[(&str, &str, &str)] = &[
    ("md", "Markdown", "text/markdown; charset=utf-8"),
    ("html", "HTML", "text/html; charset=utf-8"),
    ("docx", "Word (DOCX)", DOCX_TYPE),
    (
        "xlsx",
        "Excel (XLSX)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("json", "JSON", "application/json"),
];

fn render(r: &Report, ext: &str) -> Result<Vec<u8>, ServerError> {
    let failed = |e: xxgk_render::RenderError| bad(format!("无法生成 / cannot render: {e}"));
    Ok(match ext {
        "md" => xxgk_render::markdown(r).into_bytes(),
        "html" => xxgk_render::html(r).into_bytes(),
        "docx" => xxgk_render::docx(r).map_err(failed)?,
        "xlsx" => xxgk_render::xlsx(r).map_err(failed)?,
        "json" => serde_json::to_vec_pretty(r).map_err(xxgk_store::StoreError::from)?,
        _ => return Err(ServerError::NotFound),
    })
}

async fn report_page(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    Query(q): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let year = year_of(&q)?;
    report_page_with(&state, &s, year, None, false).await
}

async fn report_form(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let get = |k: &str| {
        f.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    s.check_csrf(Some(get("csrf")))?;
    let year: i32 = get("year")
        .trim()
        .parse()
        .map_err(|_| ServerError::BadRequest("年度 / year".into()))?;
    let result: Result<(), ServerError> = async {
        let body = body_of(&s.user)?;
        let int = |k: &str| -> Result<Option<i64>, ServerError> {
            let v = get(k).trim();
            if v.is_empty() {
                return Ok(None);
            }
            v.parse::<i64>()
                .map(Some)
                .map_err(|_| bad(format!("表二应填整数 / table two takes whole numbers: {v}")))
        };
        let issued = |p: &str| -> Result<Option<xxgk_model::Issued>, ServerError> {
            Ok(Some(xxgk_model::Issued {
                issued: int(&format!("{p}_issued"))?,
                repealed: int(&format!("{p}_repealed"))?,
                in_force: int(&format!("{p}_in_force"))?,
            }))
        };
        let fees = get("fees").trim();
        if !fees.is_empty() && fees.parse::<f64>().is_err() {
            return Err(bad(format!(
                "收费金额应为数字 / the fee total is a number: {fees}"
            )));
        }
        let n = Narrative {
            sections: (0..6)
                .map(|i| get(&format!("section{i}")).to_string())
                .collect(),
            active_disclosure: Some(xxgk_model::ActiveDisclosure {
                regulations: issued("reg")?,
                normative_documents: issued("norm")?,
                licensing: int("licensing")?,
                penalty: int("penalty")?,
                coercion: int("coercion")?,
                fees_wan_yuan: some(fees),
            }),
        };
        state
            .store
            .ledger_save_draft(
                body,
                year,
                &serde_json::to_value(&n).map_err(xxgk_store::StoreError::from)?,
                &s.user.name,
            )
            .await?;
        Ok(())
    }
    .await;
    match result {
        Ok(()) => report_page_with(&state, &s, year, None, true).await,
        Err(e) => {
            let m = refused(e)?;
            report_page_with(&state, &s, year, Some(m), false).await
        }
    }
}

#[derive(Debug, Deserialize)]
struct PublishForm {
    #[serde(default)]
    csrf: String,
    year: i32,
}

async fn publish_form(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    Form(f): Form<PublishForm>,
) -> Result<Response, PageError> {
    s.check_csrf(Some(&f.csrf))?;
    let result: Result<(), ServerError> = async {
        let body = body_of(&s.user)?;
        let d = draft(&state, &s.user, f.year).await?;
        let errors: Vec<String> = d
            .findings
            .iter()
            .filter(|x| x.severity == Severity::Error)
            .map(|x| x.code.to_string())
            .collect();
        if !errors.is_empty() {
            return Err(bad(format!(
                "检查发现错误，不能发布：{} / the checker finds errors, not published: {}",
                errors.join("、"),
                errors.join(", ")
            )));
        }
        if state.store.ledger_draft(body, f.year).await?.is_none() {
            return Err(bad("请先保存草稿 / save the draft first"));
        }
        // the published report enters the corpus like any upload, for the reviewers
        let name = format!("{}{}年政府信息公开工作年度报告.md", d.body, d.year);
        let (sha, new) = state
            .store
            .put_file(&name, xxgk_render::markdown(&d.report).as_bytes())
            .await?;
        state
            .store
            .ledger_publish(body, f.year, &sha, &s.user.name)
            .await?;
        if new {
            state.worker.wake();
        }
        Ok(())
    }
    .await;
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/ledger/report?year={}", f.year)).into_response()),
        Err(e) => {
            let m = refused(e)?;
            report_page_with(&state, &s, f.year, Some(m), false).await
        }
    }
}

/// `/ledger/report/{year}.{ext}`: the draft in every format the renderer writes.
async fn report_download(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    Path(file): Path<String>,
) -> Result<Response, PageError> {
    let (year, ext) = file.split_once('.').ok_or(ServerError::NotFound)?;
    let year: i32 = year.parse().map_err(|_| ServerError::NotFound)?;
    let ct = FORMATS
        .iter()
        .find(|(e, _, _)| *e == ext)
        .map(|(_, _, ct)| *ct)
        .ok_or(ServerError::NotFound)?;
    let d = draft(&state, &s.user, year).await?;
    let bytes = render(&d.report, ext)?;
    Ok(attachment(
        &format!("{}{}年政府信息公开工作年度报告.{ext}", d.body, year),
        ct,
        bytes,
    ))
}

// ---------------------------------------------------------------------------------------
// the JSON API

/// The register: the body's requests (`view=due` / `overdue` for the reminders).
#[utoipa::path(get, path = "/api/ledger/requests", params(RegisterQuery),
    responses((status = 200, body = [RequestView]), (status = 401, body = crate::api::ErrorBody),
              (status = 403, description = "不是单位账号 / not a body's account", body = crate::api::ErrorBody)))]
pub(crate) async fn api_list(
    State(state): State<AppState>,
    ApiUser(s): ApiUser,
    Query(q): Query<RegisterQuery>,
) -> Result<Json<Vec<RequestView>>, ApiError> {
    Ok(Json(list(&state, &s.user, &q).await?))
}

/// Registers a request; the answer is the request as stored.
#[utoipa::path(post, path = "/api/ledger/requests", request_body = NewRequestForm,
    responses((status = 200, body = RequestView), (status = 400, body = crate::api::ErrorBody),
              (status = 401, body = crate::api::ErrorBody), (status = 403, body = crate::api::ErrorBody),
              (status = 409, description = "编号冲突 / number taken", body = crate::api::ErrorBody)))]
pub(crate) async fn api_register(
    State(state): State<AppState>,
    ApiUser(s): ApiUser,
    headers: HeaderMap,
    Json(f): Json<NewRequestForm>,
) -> Result<Json<RequestView>, ApiError> {
    s.check_csrf_header(&headers)?;
    let id = register(&state, &s.user, &f).await?;
    api_view(&state, &s.user, id).await
}

async fn api_view(state: &AppState, user: &User, id: i64) -> Result<Json<RequestView>, ApiError> {
    let (_, stored, _) = load_request(state, user, id).await?;
    Ok(Json(view(&stored, today())?))
}

/// One request: its record (events, documents, audit trail), dates and reminder.
#[utoipa::path(get, path = "/api/ledger/requests/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = RequestView), (status = 401, body = crate::api::ErrorBody),
              (status = 404, body = crate::api::ErrorBody)))]
pub(crate) async fn api_request(
    State(state): State<AppState>,
    ApiUser(s): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<RequestView>, ApiError> {
    api_view(&state, &s.user, id).await
}

/// One event on a request (see `EventForm`); the answer is the request after it.
#[utoipa::path(post, path = "/api/ledger/requests/{id}/events", params(("id" = i64, Path)),
    request_body = EventForm,
    responses((status = 200, body = RequestView), (status = 400, body = crate::api::ErrorBody),
              (status = 401, body = crate::api::ErrorBody), (status = 404, body = crate::api::ErrorBody),
              (status = 409, description = "已被他人修改 / changed meanwhile", body = crate::api::ErrorBody)))]
pub(crate) async fn api_event(
    State(state): State<AppState>,
    ApiUser(s): ApiUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(f): Json<EventForm>,
) -> Result<Json<RequestView>, ApiError> {
    s.check_csrf_header(&headers)?;
    event(&state, &s.user, id, &f).await?;
    api_view(&state, &s.user, id).await
}

/// A document issued for a request, as DOCX (an attachment).
#[utoipa::path(get, path = "/api/ledger/requests/{id}/documents/{kind}",
    params(("id" = i64, Path), ("kind" = String, Path, description = "registration, receipt, correction_notice, extension_notice, consultation, fee_notice, answer")),
    responses((status = 200, description = "DOCX"), (status = 401, body = crate::api::ErrorBody),
              (status = 404, body = crate::api::ErrorBody)))]
pub(crate) async fn api_document(
    State(state): State<AppState>,
    ApiUser(s): ApiUser,
    Path((id, kind)): Path<(i64, String)>,
) -> Result<Response, ApiError> {
    let (name, bytes) = document_bytes(&state, &s.user, id, &kind).await?;
    Ok(attachment(&name, DOCX_TYPE, bytes))
}

/// Closes the requests whose time to correct or to pay ran out (其他处理 1 or 2); the
/// answer is the numbers closed.
#[utoipa::path(post, path = "/api/ledger/lapses",
    responses((status = 200, description = "{closed: [number]}", body = Object),
              (status = 401, body = crate::api::ErrorBody), (status = 403, body = crate::api::ErrorBody)))]
pub(crate) async fn api_lapses(
    State(state): State<AppState>,
    ApiUser(s): ApiUser,
    headers: HeaderMap,
) -> Result<Json<serde_json::Value>, ApiError> {
    s.check_csrf_header(&headers)?;
    let closed = apply_lapses(&state, &s.user).await?;
    Ok(Json(json!({ "closed": closed })))
}

/// The year's draft report: the canonical JSON computed from the ledger with the office's
/// narrative, and the checker's findings.
#[utoipa::path(get, path = "/api/ledger/report/{year}", params(("year" = i32, Path)),
    responses((status = 200, description = "{report, findings, published_at}", body = Object),
              (status = 401, body = crate::api::ErrorBody), (status = 403, body = crate::api::ErrorBody)))]
pub(crate) async fn api_report(
    State(state): State<AppState>,
    ApiUser(s): ApiUser,
    Path(year): Path<i32>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let d = draft(&state, &s.user, year).await?;
    Ok(Json(json!({
        "report": d.report,
        "findings": d.findings,
        "published_at": d.published_at,
        "file_sha256": d.file_sha256,
    })))
}
