//! Two reports side by side: a body's two years (the tables with the changed cells marked,
//! X101's carry-over check, each section's text diff) and X102's copied text (both
//! sections with the passages they share marked).
//!
//! The diffs are computed here, from the two canonical reports, with the `similar` crate:
//! Chinese prose is compared character by character, a run of digits (with its decimal
//! point) or of Latin letters as one token, so a changed figure shows whole.

use crate::AppState;
use crate::auth::{ApiUser, PageUser};
use crate::error::{ApiError, PageError, ServerError};
use crate::pages::Nav;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use xxgk_model::{
    AppealKind, AppealResult, Applicant, CellRef, DecisionKind, DocumentKind, IssuedColumn, Report,
    RequestRow, SECTION_HEADINGS, TrialColumn, TrialRow,
};
use xxgk_store::query::ReportRow;
use xxgk_store::web::{OtherReport, User};

/// The shortest run of shared characters marked as a shared passage (X102's own minimum).
pub(crate) const SHARED_MIN: usize = 12;

/// How long a text diff may take before it settles for a coarser answer.
const DIFF_DEADLINE: std::time::Duration = std::time::Duration::from_secs(2);

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/reports/{id}/compare", get(compare_page))
        .route("/reports/{id}/findings/{n}/similar", get(similar_page))
        .route("/api/reports/{id}/compare", get(api_compare))
        .route("/api/reports/{id}/findings/{n}/similar", get(api_similar))
}

/// The report to compare with.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub(crate) struct CompareQuery {
    /// 对比的报告编号；缺省为同一单位上一年度的报告 / the report to compare with; by
    /// default the same body's report of the year before.
    with: Option<String>,
}

impl CompareQuery {
    fn with(&self) -> Result<Option<i64>, ServerError> {
        match self
            .with
            .as_deref()
            .map(str::trim)
            .filter(|w| !w.is_empty())
        {
            Some(w) => w.parse().map(Some).map_err(|_| {
                ServerError::BadRequest(format!("参数 with 无效 / invalid with: {w}"))
            }),
            None => Ok(None),
        }
    }
}

/// One figure of the tables in both reports.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FigureRow {
    /// The cell's path (`requests.new_received[6]`).
    pub(crate) key: String,
    /// 2, 3 or 4.
    pub(crate) table: u8,
    /// The cell's label, in Chinese.
    pub(crate) label: String,
    /// This report's value.
    pub(crate) this: Option<String>,
    /// The other report's value.
    pub(crate) other: Option<String>,
    /// Whether the two differ.
    pub(crate) changed: bool,
}

/// One column of X101's check: the earlier year's 结转下年度继续办理 against the later
/// year's 上年结转.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CarryRow {
    /// The applicant column's key.
    pub(crate) column: &'static str,
    /// Its label.
    pub(crate) label: &'static str,
    /// The earlier report's 结转下年度继续办理.
    pub(crate) carried_forward: i64,
    /// The later report's 上年结转.
    pub(crate) carried_over: i64,
    /// Whether they agree.
    pub(crate) equal: bool,
}

/// A piece of a diff: `same` (in both), `ins` (only in this report), `del` (only in the
/// other), or `shared` (a passage both texts share, on the X102 page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Segment {
    pub(crate) kind: &'static str,
    pub(crate) text: String,
}

/// One section's text, from the other report's to this one's.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SectionDiff {
    pub(crate) number: u8,
    pub(crate) heading: String,
    pub(crate) changed: bool,
    pub(crate) segments: Vec<Segment>,
}

/// Two reports compared.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Comparison {
    /// This report.
    pub(crate) this: ReportRow,
    /// The report compared with (`None`: the body has no other year this account sees).
    pub(crate) other: Option<ReportRow>,
    /// The same body's report of the year after, if one.
    pub(crate) next_year: Option<ReportRow>,
    /// Every figure given in either report.
    pub(crate) figures: Vec<FigureRow>,
    /// How many of them differ.
    pub(crate) changed_count: usize,
    /// X101's check, when the two are consecutive years.
    pub(crate) carry_over: Option<Vec<CarryRow>>,
    /// Each section's text diff.
    pub(crate) sections: Vec<SectionDiff>,
}

async fn parsed(state: &AppState, id: i64) -> Result<Option<Report>, ServerError> {
    Ok(match state.store.report_json(id).await? {
        Some(j) => serde_json::from_str(&j).ok(),
        None => None,
    })
}

/// Compares report `id` with `with` (default: the same body's year before), as `user`
/// may see them: 404 when either is outside the scope.
pub(crate) async fn comparison(
    state: &AppState,
    id: i64,
    with: Option<i64>,
    user: &User,
) -> Result<Comparison, ServerError> {
    let this = state
        .store
        .report_for(id, user)
        .await?
        .ok_or(ServerError::NotFound)?;
    let other = state.store.neighbour_for(id, with, user).await?;
    if with.is_some() && other.is_none() {
        return Err(ServerError::NotFound);
    }
    let next_year = state.store.year_after_for(id, user).await?;
    let mut c = Comparison {
        this,
        other,
        next_year,
        figures: Vec::new(),
        changed_count: 0,
        carry_over: None,
        sections: Vec::new(),
    };
    let Some(other) = &c.other else {
        return Ok(c);
    };
    let (Some(a), Some(b)) = (parsed(state, id).await?, parsed(state, other.id).await?) else {
        return Ok(c);
    };
    c.figures = figures(&a, &b);
    c.changed_count = c.figures.iter().filter(|f| f.changed).count();
    c.carry_over = carry_over(&a, &b);
    c.sections = section_diffs(&a, &b);
    Ok(c)
}

/// Every figure of tables two, three and four, in the official order, with its path,
/// table, label and value.
fn cells(r: &Report) -> Vec<(String, u8, String, Option<String>)> {
    let mut v = Vec::new();
    let num = |x: Option<i64>| x.map(|x| x.to_string());
    let t2 = r.active_disclosure.as_ref();
    for d in DocumentKind::ALL {
        let row = t2.and_then(|t| match d {
            DocumentKind::Regulations => t.regulations,
            DocumentKind::NormativeDocuments => t.normative_documents,
        });
        for c in IssuedColumn::ALL {
            let x = row.and_then(|i| match c {
                IssuedColumn::Issued => i.issued,
                IssuedColumn::Repealed => i.repealed,
                IssuedColumn::InForce => i.in_force,
            });
            v.push((
                CellRef::Issued(*d, *c).path(),
                2,
                format!("表二 {} · {}", d.label(), c.label()),
                num(x),
            ));
        }
    }
    for k in DecisionKind::ALL {
        let x = t2.and_then(|t| match k {
            DecisionKind::Licensing => t.licensing,
            DecisionKind::Penalty => t.penalty,
            DecisionKind::Coercion => t.coercion,
        });
        v.push((
            CellRef::Decisions(*k).path(),
            2,
            format!("表二 {} · 本年处理决定数量", k.label()),
            num(x),
        ));
    }
    v.push((
        CellRef::Fee.path(),
        2,
        "表二 行政事业性收费 · 本年收费金额（万元）".to_string(),
        t2.and_then(|t| t.fees_wan_yuan.clone()),
    ));
    let trial = r.active_disclosure_2019.as_ref();
    for t in TrialRow::ALL {
        for c in t.columns() {
            let x = if *c == TrialColumn::Amount {
                trial.and_then(|d| d.procurement.as_ref().and_then(|p| p.amount.clone()))
            } else {
                num(trial.and_then(|d| d.get(*t, *c)))
            };
            let key = if *c == TrialColumn::Amount {
                format!("active_disclosure_2019.{}.{}", t.key(), c.key())
            } else {
                CellRef::Trial(*t, *c).path()
            };
            v.push((
                key,
                2,
                format!("表二（2019 年格式）{} · {}", t.label(), c.label()),
                x,
            ));
        }
    }
    let t3 = r.requests.as_ref();
    for row in RequestRow::ALL {
        for c in Applicant::ALL {
            v.push((
                CellRef::Request(*row, *c).path(),
                3,
                format!("表三 {} · {}", row.full_label(), c.label()),
                num(t3.and_then(|t| t.get(*row, *c))),
            ));
        }
    }
    for k in AppealKind::ALL {
        let group = match k {
            AppealKind::Review => "行政复议".to_string(),
            _ => format!("行政诉讼（{}）", k.label()),
        };
        for res in AppealResult::ALL {
            v.push((
                CellRef::Appeal(*k, *res).path(),
                4,
                format!("表四 {group} · {}", res.label()),
                num(r.appeals.as_ref().and_then(|a| a.group(*k).get(*res))),
            ));
        }
    }
    v
}

/// Whether two figures as published differ (decimals by value: `1.50` is `1.5`).
fn differs(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => match (x.trim().parse::<f64>(), y.trim().parse::<f64>()) {
            (Ok(p), Ok(q)) => p != q,
            _ => x.trim() != y.trim(),
        },
        (None, None) => false,
        _ => true,
    }
}

/// The figures given in either report, this report's against the other's.
pub(crate) fn figures(this: &Report, other: &Report) -> Vec<FigureRow> {
    cells(this)
        .into_iter()
        .zip(cells(other))
        .filter(|(a, b)| a.3.is_some() || b.3.is_some())
        .map(|((key, table, label, now), (_, _, _, then))| FigureRow {
            changed: differs(now.as_deref(), then.as_deref()),
            key,
            table,
            label,
            this: now,
            other: then,
        })
        .collect()
}

/// X101's check between two consecutive years: the earlier report's 结转下年度继续办理
/// against the later one's 上年结转, each column both give. `None` when the two are not
/// consecutive years.
pub(crate) fn carry_over(this: &Report, other: &Report) -> Option<Vec<CarryRow>> {
    let (earlier, later) = match (this.year, other.year) {
        (Some(a), Some(b)) if b.checked_add(1) == Some(a) => (other, this),
        (Some(a), Some(b)) if a.checked_add(1) == Some(b) => (this, other),
        _ => return None,
    };
    let forward = earlier
        .requests
        .as_ref()
        .and_then(|t| t.row(RequestRow::CarriedForward).copied())
        .unwrap_or([None; 7]);
    let over = later
        .requests
        .as_ref()
        .and_then(|t| t.row(RequestRow::CarriedOver).copied())
        .unwrap_or([None; 7]);
    Some(
        Applicant::ALL
            .iter()
            .filter_map(|c| {
                let (f, o) = (forward[c.index()]?, over[c.index()]?);
                Some(CarryRow {
                    column: c.key(),
                    label: c.label(),
                    carried_forward: f,
                    carried_over: o,
                    equal: f == o,
                })
            })
            .collect(),
    )
}

/// The tokens a text is compared by: a run of digits (with a decimal point inside it) or
/// of Latin letters, else one character.
fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let mut end = i + c.len_utf8();
        if c.is_ascii_digit() {
            while let Some(&(j, d)) = chars.peek() {
                let point = d == '.'
                    && s[j + 1..]
                        .chars()
                        .next()
                        .is_some_and(|n| n.is_ascii_digit());
                if d.is_ascii_digit() || point {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
        } else if c.is_ascii_alphabetic() {
            while let Some(&(j, d)) = chars.peek() {
                if d.is_ascii_alphabetic() {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
        }
        out.push(&s[i..end]);
    }
    out
}

/// The edit operations from `old` to `new`, by token.
fn ops<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<similar::DiffOp> {
    similar::capture_diff_slices_deadline(
        similar::Algorithm::Myers,
        old,
        new,
        Some(std::time::Instant::now() + DIFF_DEADLINE),
    )
}

/// Appends text to a list of segments, joining it to the last one of the same kind.
fn push(out: &mut Vec<Segment>, kind: &'static str, text: &str) {
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(last) if last.kind == kind => last.text.push_str(text),
        _ => out.push(Segment {
            kind,
            text: text.to_string(),
        }),
    }
}

/// The text diff from `old` (the other report's) to `new` (this one's): `same`, `del`
/// and `ins` segments.
pub(crate) fn text_diff(old: &str, new: &str) -> Vec<Segment> {
    let (a, b) = (tokens(old), tokens(new));
    let mut out = Vec::new();
    for op in ops(&a, &b) {
        let (tag, ra, rb) = op.as_tag_tuple();
        let (x, y) = (a[ra].concat(), b[rb].concat());
        match tag {
            similar::DiffTag::Equal => push(&mut out, "same", &y),
            similar::DiffTag::Delete => push(&mut out, "del", &x),
            similar::DiffTag::Insert => push(&mut out, "ins", &y),
            similar::DiffTag::Replace => {
                push(&mut out, "del", &x);
                push(&mut out, "ins", &y);
            }
        }
    }
    out
}

/// The six sections, from the other report's text to this one's, those either has.
pub(crate) fn section_diffs(this: &Report, other: &Report) -> Vec<SectionDiff> {
    (1u8..=6)
        .filter_map(|n| {
            let (a, b) = (other.section(n), this.section(n));
            if a.is_none() && b.is_none() {
                return None;
            }
            let old = a.map(|s| s.text.as_str()).unwrap_or("");
            let new = b.map(|s| s.text.as_str()).unwrap_or("");
            let segments = text_diff(old, new);
            Some(SectionDiff {
                number: n,
                heading: heading(n),
                changed: segments.iter().any(|s| s.kind != "same"),
                segments,
            })
        })
        .collect()
}

/// 一、总体情况.
fn heading(n: u8) -> String {
    let i = usize::from(n).wrapping_sub(1);
    match (
        ["一", "二", "三", "四", "五", "六"].get(i),
        SECTION_HEADINGS.get(i),
    ) {
        (Some(num), Some(h)) => format!("{num}、{h}"),
        _ => format!("第 {n} 部分"),
    }
}

/// Both texts with the passages they share (runs of at least [`SHARED_MIN`] characters
/// in the same order in both) as `shared` segments, the rest `same`: this text's segments,
/// then the other's.
pub(crate) fn shared_segments(this: &str, other: &str) -> (Vec<Segment>, Vec<Segment>) {
    let (a, b) = (tokens(other), tokens(this));
    let (mut mine, mut theirs) = (Vec::new(), Vec::new());
    for op in ops(&a, &b) {
        let (tag, ra, rb) = op.as_tag_tuple();
        let (x, y) = (a[ra].concat(), b[rb].concat());
        let shared = tag == similar::DiffTag::Equal && y.trim().chars().count() >= SHARED_MIN;
        let kind = if shared { "shared" } else { "same" };
        push(&mut mine, kind, &y);
        push(&mut theirs, kind, &x);
    }
    (mine, theirs)
}

/// A text with the given passages (the finding's own `passages`) marked where they occur.
fn marked_passages(text: &str, passages: &[String]) -> Vec<Segment> {
    let mut marks: Vec<(usize, usize)> = Vec::new();
    for p in passages.iter().filter(|p| !p.is_empty()) {
        let mut from = 0;
        while let Some(i) = text[from..].find(p.as_str()) {
            marks.push((from + i, from + i + p.len()));
            from += i + p.len();
        }
    }
    marks.sort_unstable();
    let mut out = Vec::new();
    let mut at = 0;
    for (s, e) in marks {
        if s < at {
            if e > at {
                push(&mut out, "shared", &text[at..e]);
                at = e;
            }
            continue;
        }
        push(&mut out, "same", &text[at..s]);
        push(&mut out, "shared", &text[s..e]);
        at = e;
    }
    push(&mut out, "same", &text[at..]);
    out
}

/// The name a report row is shown by.
fn row_name(r: &ReportRow) -> String {
    r.body
        .clone()
        .or_else(|| r.agency.clone())
        .unwrap_or_else(|| r.file.clone())
}

fn year_label(r: &ReportRow) -> String {
    match r.year {
        Some(y) => format!("{y} 年度"),
        None => "年度不详 / year unknown".to_string(),
    }
}

/// Two reports compared, as JSON: the figures (each with `changed`), `changed_count`,
/// `carry_over` (X101's check, consecutive years only) and each section's diff
/// (`segments` of kind `same`, `del` — only in the other report — and `ins` — only in
/// this one).
#[utoipa::path(get, path = "/api/reports/{id}/compare",
    params(("id" = i64, Path, description = "report id"), CompareQuery),
    responses((status = 200, description = "{this, other, next_year, figures: [{key, table, label, this, other, changed}], changed_count, carry_over: [{column, label, carried_forward, carried_over, equal}] | null, sections: [{number, heading, changed, segments: [{kind, text}]}]}", body = Object),
              (status = 400, body = crate::api::ErrorBody), (status = 401, body = crate::api::ErrorBody), (status = 404, body = crate::api::ErrorBody)))]
pub(crate) async fn api_compare(
    State(state): State<AppState>,
    ApiUser(s): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<CompareQuery>,
) -> Result<Json<Comparison>, ApiError> {
    Ok(Json(comparison(&state, id, q.with()?, &s.user).await?))
}

/// One side of the X102 page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SimilarSide {
    /// The report.
    pub(crate) report: ReportRow,
    /// The section's text.
    pub(crate) text: String,
    /// The text, with the passages both share as `shared` segments.
    pub(crate) segments: Vec<Segment>,
}

/// An X102 finding's two texts.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Similar {
    /// The finding's index.
    pub(crate) finding: usize,
    /// The section.
    pub(crate) section: u8,
    /// Its heading.
    pub(crate) heading: String,
    /// The similarity the finding states.
    pub(crate) score: Option<f64>,
    /// The finding's message.
    pub(crate) message: String,
    /// This report's side.
    pub(crate) this: SimilarSide,
    /// The other report's side, when this account may see it.
    pub(crate) other: Option<SimilarSide>,
    /// Whether the other report is outside this account's scope (its text is not shown).
    pub(crate) other_hidden: bool,
    /// The name the finding gives the other report.
    pub(crate) other_name: String,
}

/// Finding `n` of report `id`, an X102 finding, with both texts: 404 when the report is
/// outside the scope or the finding is not X102. The other report's text only when this
/// account may see it.
pub(crate) async fn similar(
    state: &AppState,
    id: i64,
    n: usize,
    user: &User,
) -> Result<Similar, ServerError> {
    let row = state
        .store
        .report_for(id, user)
        .await?
        .ok_or(ServerError::NotFound)?;
    let findings = state.store.marked_findings(id).await?;
    let f = findings
        .into_iter()
        .nth(n)
        .map(|m| m.finding)
        .filter(xxgk_check::is_copied_text)
        .ok_or(ServerError::NotFound)?;
    let section = f.section.unwrap_or(0);
    let this_report = parsed(state, id).await?;
    let text = this_report
        .as_ref()
        .and_then(|r| r.section(section))
        .map(|s| s.text.clone())
        .unwrap_or_default();
    let (other_row, other_hidden) = match state.store.other_report_for(&f, user).await? {
        OtherReport::Visible(r) => (Some(*r), false),
        OtherReport::Hidden => (None, true),
        OtherReport::Missing => (None, false),
    };
    let other_text = match &other_row {
        Some(o) => parsed(state, o.id)
            .await?
            .and_then(|r| r.section(section).map(|s| s.text.clone())),
        None => None,
    };
    let (this_segments, other) = match (other_row, other_text) {
        (Some(o), Some(t)) => {
            let (mine, theirs) = shared_segments(&text, &t);
            (
                mine,
                Some(SimilarSide {
                    report: o,
                    text: t,
                    segments: theirs,
                }),
            )
        }
        _ => {
            // only this side: the passages the finding itself names
            let passages: Vec<String> = f
                .values
                .get("passages")
                .and_then(|p| serde_json::from_value(p.clone()).ok())
                .unwrap_or_default();
            (marked_passages(&text, &passages), None)
        }
    };
    let v = &f.values;
    let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
    let other_name = s("other_title")
        .or_else(|| s("other_agency"))
        .unwrap_or_else(|| "另一份报告 / another report".to_string());
    Ok(Similar {
        finding: n,
        section,
        heading: heading(section),
        score: v.get("score").and_then(serde_json::Value::as_f64),
        message: f.message.clone(),
        this: SimilarSide {
            report: row,
            text,
            segments: this_segments,
        },
        other,
        other_hidden,
        other_name,
    })
}

/// An X102 finding's two texts, as JSON: each side's `segments` (`shared` for the
/// passages both share, `same` for the rest); `other` is null and `other_hidden` true when
/// the other report is outside this account's scope.
#[utoipa::path(get, path = "/api/reports/{id}/findings/{n}/similar",
    params(("id" = i64, Path, description = "report id"), ("n" = usize, Path, description = "finding index (an X102 finding), from 0")),
    responses((status = 200, description = "{finding, section, heading, score, message, this: {report, text, segments: [{kind, text}]}, other: {…} | null, other_hidden, other_name}", body = Object),
              (status = 401, body = crate::api::ErrorBody), (status = 404, body = crate::api::ErrorBody)))]
pub(crate) async fn api_similar(
    State(state): State<AppState>,
    ApiUser(s): ApiUser,
    Path((id, n)): Path<(i64, usize)>,
) -> Result<Json<Similar>, ApiError> {
    Ok(Json(similar(&state, id, n, &s.user).await?))
}

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage {
    nav: Nav,
    c: Comparison,
    this_name: String,
    this_year: String,
    other_name: String,
    other_year: String,
}

async fn compare_page(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<CompareQuery>,
) -> Result<Response, PageError> {
    let c = comparison(&state, id, q.with()?, &s.user).await?;
    let page = ComparePage {
        nav: Nav::new(&s, "reports"),
        this_name: row_name(&c.this),
        this_year: year_label(&c.this),
        other_name: c.other.as_ref().map(row_name).unwrap_or_default(),
        other_year: c.other.as_ref().map(year_label).unwrap_or_default(),
        c,
    };
    Ok(Html(page.render()?).into_response())
}

#[derive(Template)]
#[template(path = "similar.html")]
struct SimilarPage {
    nav: Nav,
    id: i64,
    s: Similar,
    score: String,
    this_name: String,
    other_label: String,
}

async fn similar_page(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    Path((id, n)): Path<(i64, usize)>,
) -> Result<Response, PageError> {
    let sim = similar(&state, id, n, &s.user).await?;
    let page = SimilarPage {
        nav: Nav::new(&s, "reports"),
        id,
        score: sim.score.map(|x| format!("{x:.2}")).unwrap_or_default(),
        this_name: format!(
            "{}（{}）",
            row_name(&sim.this.report),
            year_label(&sim.this.report)
        ),
        other_label: match &sim.other {
            Some(o) => format!("{}（{}）", row_name(&o.report), year_label(&o.report)),
            None => sim.other_name.clone(),
        },
        s: sim,
    };
    Ok(Html(page.render()?).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_stay_whole_and_chinese_goes_by_character() {
        assert_eq!(tokens("共12.5万元abc"), ["共", "12.5", "万", "元", "abc"]);
        assert_eq!(tokens("第3.次"), ["第", "3", ".", "次"]);
    }

    #[test]
    fn a_changed_figure_is_deleted_and_inserted_whole() {
        let d = text_diff("全年收到申请120件。", "全年收到申请135件。");
        let del: Vec<&str> = d
            .iter()
            .filter(|s| s.kind == "del")
            .map(|s| s.text.as_str())
            .collect();
        let ins: Vec<&str> = d
            .iter()
            .filter(|s| s.kind == "ins")
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!((del, ins), (vec!["120"], vec!["135"]));
        assert!(text_diff("相同", "相同").iter().all(|s| s.kind == "same"));
    }

    #[test]
    fn shared_passages_are_marked_on_both_sides_and_short_runs_are_not() {
        let a = "青石镇政务公开工作虽取得一定成效，但仍存在一些不足。";
        let b = "白沙镇政务公开工作虽取得一定成效，但仍存在一些不足。";
        let (mine, theirs) = shared_segments(a, b);
        assert_eq!(
            mine[0],
            Segment {
                kind: "same",
                text: "青石".into()
            }
        );
        assert_eq!(mine[1].kind, "shared");
        assert_eq!(theirs[1].kind, "shared");
        assert_eq!(mine[1].text, theirs[1].text);
        let (short, _) = shared_segments("甲乙丙", "甲乙丁");
        assert!(short.iter().all(|s| s.kind == "same"));
    }

    #[test]
    fn passages_named_by_a_finding_are_marked_where_they_occur() {
        let m = marked_passages("前文共有的一段话后文", &["共有的一段话".to_string()]);
        assert_eq!(
            m.iter()
                .map(|s| (s.kind, s.text.as_str()))
                .collect::<Vec<_>>(),
            [
                ("same", "前文"),
                ("shared", "共有的一段话"),
                ("same", "后文")
            ]
        );
    }
}
