//! The dashboard: requests and outcomes by region and by body, findings by rule and
//! severity, the trend across years. Every chart is drawn (by the embedded ECharts, in
//! `dashboard.js`) from the HTML table printed under it, so the figures a chart shows are
//! the table's, and the page reads without scripts.

use crate::AppState;
use crate::api::ListQuery;
use crate::auth::{ApiUser, PageUser};
use crate::error::{ApiError, PageError};
use crate::pages::Nav;
use askama::Template;
use axum::Json;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use xxgk_store::query::ReportFilter;
use xxgk_store::stats::{Dashboard, Group, outcome_labels};
use xxgk_store::web::User;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/dashboard", get(page))
        .route("/api/dashboard", get(api))
}

/// The store's filter: the list's query, with `year` empty for the latest year with
/// reports and `all` for every year.
async fn dashboard(
    state: &AppState,
    q: &ListQuery,
    user: &User,
) -> Result<(Dashboard, bool), crate::error::ServerError> {
    let year = q.year.as_deref().map(str::trim).unwrap_or("");
    let all = year.eq_ignore_ascii_case("all");
    let mut q = q.clone();
    if all || year.is_empty() {
        q.year = None;
    }
    let mut filter: ReportFilter = q.filter(user)?;
    filter.page = None;
    let mut d = state.store.dashboard(&filter).await?;
    if let (false, true, Some(latest)) = (all, year.is_empty(), d.years.first().copied()) {
        filter.year = Some(latest);
        d = state.store.dashboard(&filter).await?;
    }
    Ok((d, all))
}

/// The dashboard as JSON: the groups with their sums (`outcomes.values` in the order of
/// `labels`), findings by rule, the trend by year.
#[utoipa::path(get, path = "/api/dashboard",
    params(("year" = Option<String>, Query, description = "年度；空为最近一年，all 为全部 / year; empty: the latest, all: every year"),
           ("region" = Option<String>, Query, description = "地区（任一级）/ region, any level"),
           ("q" = Option<String>, Query, description = "单位名称 / body name")),
    responses((status = 200, description = "{labels, dashboard: {year, years, parent_region, by_region, by_body, by_rule, by_year}}", body = Object),
              (status = 401, body = crate::api::ErrorBody)))]
pub(crate) async fn api(
    State(state): State<AppState>,
    ApiUser(s): ApiUser,
    Query(q): Query<ListQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let (d, _) = dashboard(&state, &q, &s.user).await?;
    Ok(Json(serde_json::json!({
        "labels": outcome_labels(),
        "dashboard": d,
    })))
}

/// One row of a table behind a chart: a name and its numbers.
struct Row {
    name: String,
    cells: Vec<i64>,
}

/// A table behind a chart. `kind` tells `dashboard.js` how to draw it: `stack` (the
/// series stacked per row), `bar`, `line` (rows along the x axis); `series` are the
/// columns drawn (from 0), the others are shown in the table only.
struct ChartTable {
    id: &'static str,
    caption: &'static str,
    kind: &'static str,
    series: String,
    head: Vec<&'static str>,
    rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    nav: Nav,
    year: String,
    years: Vec<i32>,
    all: bool,
    region: String,
    q: String,
    parent: String,
    reports: i64,
    with_requests: i64,
    tables: Vec<ChartTable>,
}

const GROUP_HEAD: [&str; 13] = [
    "报告 / reports",
    "本年新收 / new",
    "上年结转 / carried over",
    "予以公开 / granted",
    "部分公开 / partly",
    "不予公开 / denied",
    "无法提供 / unavailable",
    "不予处理 / not handled",
    "其他处理 / other",
    "总计 / total",
    "结转下年 / carried forward",
    "行政复议 / reviews",
    "行政诉讼 / lawsuits",
];

fn group_rows(groups: &[Group]) -> Vec<Row> {
    groups
        .iter()
        .map(|g| {
            let o = &g.outcomes;
            let mut cells = vec![o.reports];
            cells.extend(o.values);
            cells.extend([o.reviews, o.litigations]);
            Row {
                name: g.name.clone(),
                cells,
            }
        })
        .collect()
}

/// The outcome columns (予以公开 … 其他处理) of [`GROUP_HEAD`], stacked.
const OUTCOME_SERIES: &str = "3,4,5,6,7,8";

fn tables(d: &Dashboard) -> Vec<ChartTable> {
    vec![
        ChartTable {
            id: "by-region",
            caption: "各地区申请办理结果 / Outcomes of requests by region",
            kind: "stack",
            series: OUTCOME_SERIES.into(),
            head: GROUP_HEAD.to_vec(),
            rows: group_rows(&d.by_region),
        },
        ChartTable {
            id: "by-body",
            caption: "收到申请最多的单位 / Bodies with the most requests",
            kind: "stack",
            series: OUTCOME_SERIES.into(),
            head: GROUP_HEAD.to_vec(),
            rows: group_rows(&d.by_body),
        },
        ChartTable {
            id: "by-rule",
            caption: "问题按规则与严重程度 / Findings by rule and severity",
            kind: "stack",
            series: "0,1,2".into(),
            head: vec!["错误 / errors", "警告 / warnings", "提示 / notes"],
            rows: d
                .by_rule
                .iter()
                .map(|r| Row {
                    name: r.code.clone(),
                    cells: vec![r.errors, r.warnings, r.infos],
                })
                .collect(),
        },
        ChartTable {
            id: "by-year",
            caption: "历年趋势 / Trend across years",
            kind: "line",
            series: "1,2,3,4,5".into(),
            head: vec![
                "报告 / reports",
                "本年新收 / new",
                "总计 / total",
                "错误 / errors",
                "行政复议 / reviews",
                "行政诉讼 / lawsuits",
            ],
            rows: d
                .by_year
                .iter()
                .map(|y| Row {
                    name: y.year.to_string(),
                    cells: vec![
                        y.outcomes.reports,
                        y.outcomes.values[0],
                        y.outcomes.values[8],
                        y.errors,
                        y.outcomes.reviews,
                        y.outcomes.litigations,
                    ],
                })
                .collect(),
        },
    ]
}

async fn page(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let (d, all) = dashboard(&state, &q, &s.user).await?;
    let (reports, with_requests) = d.by_region.iter().fold((0, 0), |(r, w), g| {
        (r + g.outcomes.reports, w + g.outcomes.with_requests)
    });
    let html = DashboardPage {
        nav: Nav::new(&s, "dashboard"),
        year: d.year.map(|y| y.to_string()).unwrap_or_default(),
        years: d.years.clone(),
        all,
        region: q.region.clone().unwrap_or_default(),
        q: q.q.clone().unwrap_or_default(),
        parent: d.parent_region.clone(),
        reports,
        with_requests,
        tables: tables(&d),
    }
    .render()?;
    Ok(Html(html).into_response())
}
