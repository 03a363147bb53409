//! The dashboard's figures: requests and outcomes by region and by body, findings by
//! rule and severity, and the trend across years, each summed in the database over the
//! reports a user may see.
//!
//! Each stored report carries one `report_stats` row (written with the report, see
//! [`ReportStats::of`]), so a dashboard over ten thousand reports is a few `GROUP BY`
//! queries, not ten thousand JSON documents parsed. A figure the report lacks is NULL
//! and is left out of the sums, never counted as zero: [`Outcomes::reports`] says how
//! many reports had table three at all.

use crate::query::{ReportFilter, Status};
use crate::{Result, Store};
use serde::Serialize;
use xxgk_model::{AppealKind, AppealResult, Applicant, Report, RequestRow};

/// The summed figures of one report, as stored in `report_stats`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportStats {
    /// 本年新收, 上年结转, 予以公开, 部分公开, 不予公开 (eight rows), 无法提供 (three),
    /// 不予处理 (five), 其他处理 (three rows, or the trial template's one), 总计,
    /// 结转下年度继续办理: table three's 总计 column.
    pub requests: [Option<i64>; 10],
    /// 行政复议 总计.
    pub reviews: Option<i64>,
    /// 行政诉讼 总计 (未经复议直接起诉 and 复议后起诉).
    pub litigations: Option<i64>,
}

/// The columns of `report_stats` after `report_id`, in [`ReportStats`] order.
const COLUMNS: [&str; 12] = [
    "new_received",
    "carried_over",
    "granted",
    "partially_granted",
    "denied",
    "unavailable",
    "rejected",
    "other",
    "total",
    "carried_forward",
    "reviews",
    "litigations",
];

/// The outcome groups of table three: (label, rows summed).
const GROUPS: [(&str, &[RequestRow]); 10] = [
    ("本年新收 / new", &[RequestRow::NewReceived]),
    ("上年结转 / carried over", &[RequestRow::CarriedOver]),
    ("予以公开 / granted", &[RequestRow::Granted]),
    ("部分公开 / partly", &[RequestRow::PartiallyGranted]),
    (
        "不予公开 / denied",
        &[
            RequestRow::DeniedStateSecret,
            RequestRow::DeniedProhibitedByLaw,
            RequestRow::DeniedThreeSafeties,
            RequestRow::DeniedThirdParty,
            RequestRow::DeniedInternalAffairs,
            RequestRow::DeniedProcessInfo,
            RequestRow::DeniedEnforcementFile,
            RequestRow::DeniedQueryMatter,
        ],
    ),
    (
        "无法提供 / unavailable",
        &[
            RequestRow::UnavailableNotHeld,
            RequestRow::UnavailableNeedsCreation,
            RequestRow::UnavailableStillUnclear,
        ],
    ),
    (
        "不予处理 / not handled",
        &[
            RequestRow::RejectedPetition,
            RequestRow::RejectedRepeated,
            RequestRow::RejectedPublication,
            RequestRow::RejectedExcessive,
            RequestRow::RejectedConfirmation,
        ],
    ),
    (
        "其他处理 / other",
        &[
            RequestRow::OtherNoCorrection,
            RequestRow::OtherFeeUnpaid,
            RequestRow::OtherOther,
            RequestRow::Other,
        ],
    ),
    ("总计 / total", &[RequestRow::Total]),
    ("结转下年 / carried forward", &[RequestRow::CarriedForward]),
];

/// The label of each of [`Outcomes::values`], Chinese first.
pub fn outcome_labels() -> [&'static str; 10] {
    GROUPS.map(|(label, _)| label)
}

/// The sum of the values present; `None` when none is.
fn sum_present(values: impl IntoIterator<Item = Option<i64>>) -> Option<i64> {
    values
        .into_iter()
        .flatten()
        .fold(None, |acc, v| Some(acc.unwrap_or(0).saturating_add(v)))
}

impl ReportStats {
    /// The figures of a report.
    pub fn of(r: &Report) -> ReportStats {
        let mut requests = [None; 10];
        if let Some(t) = &r.requests {
            for (slot, (_, rows)) in requests.iter_mut().zip(GROUPS) {
                *slot = sum_present(rows.iter().map(|row| t.get(*row, Applicant::Total)));
            }
        }
        let total = |kinds: &[AppealKind]| {
            r.appeals.as_ref().and_then(|a| {
                sum_present(kinds.iter().map(|k| a.group(*k).get(AppealResult::Total)))
            })
        };
        ReportStats {
            requests,
            reviews: total(&[AppealKind::Review]),
            litigations: total(&[
                AppealKind::LitigationDirect,
                AppealKind::LitigationAfterReview,
            ]),
        }
    }

    fn values(&self) -> impl Iterator<Item = Option<i64>> + '_ {
        self.requests
            .iter()
            .copied()
            .chain([self.reviews, self.litigations])
    }
}

/// Writes a report's `report_stats` row (in the caller's transaction).
pub(crate) async fn insert_stats(
    tx: &mut sqlx::AnyConnection,
    report_id: i64,
    s: &ReportStats,
) -> Result<()> {
    let placeholders: Vec<String> = (2..=COLUMNS.len() + 1).map(|i| format!("${i}")).collect();
    let sql = format!(
        "INSERT INTO report_stats (report_id, {}) VALUES ($1, {}) ON CONFLICT (report_id) DO NOTHING",
        COLUMNS.join(", "),
        placeholders.join(", ")
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(report_id);
    for v in s.values() {
        q = q.bind(v);
    }
    q.execute(&mut *tx).await?;
    Ok(())
}

/// Table three's outcomes summed over a group of reports (the 总计 column).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Outcomes {
    /// Reports in the group.
    pub reports: i64,
    /// Reports in the group whose table three was read (the others add nothing).
    pub with_requests: i64,
    /// The sums in [`outcome_labels`] order: new, carried over, granted, partly, denied,
    /// unavailable, not handled, other, total, carried forward.
    pub values: [i64; 10],
    /// 行政复议 总计.
    pub reviews: i64,
    /// 行政诉讼 总计.
    pub litigations: i64,
}

/// One group of the dashboard: a region or a body.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Group {
    /// The region's or the body's name.
    pub name: String,
    /// What its reports add up to.
    pub outcomes: Outcomes,
}

/// Findings of one rule.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RuleCount {
    /// The rule code.
    pub code: String,
    /// Findings that are errors.
    pub errors: i64,
    /// Warnings.
    pub warnings: i64,
    /// Notes.
    pub infos: i64,
}

/// One year of the trend.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct YearTrend {
    /// The reporting year.
    pub year: i32,
    /// What its reports add up to.
    pub outcomes: Outcomes,
    /// Errors found in its reports.
    pub errors: i64,
    /// Warnings found in its reports.
    pub warnings: i64,
}

/// The dashboard of a year (or of every year) over the reports a filter finds.
#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    /// The year shown (`None`: every year).
    pub year: Option<i32>,
    /// The years that have reports, newest first (for the year picker).
    pub years: Vec<i32>,
    /// The region the groups are under (the common part of the regions' paths).
    pub parent_region: String,
    /// By region, one level under [`Dashboard::parent_region`].
    pub by_region: Vec<Group>,
    /// The bodies with the most requests (at most [`TOP_BODIES`]).
    pub by_body: Vec<Group>,
    /// By rule, most findings first.
    pub by_rule: Vec<RuleCount>,
    /// By year, oldest first (the year filter aside).
    pub by_year: Vec<YearTrend>,
}

/// How many bodies the dashboard lists.
pub const TOP_BODIES: i64 = 20;

/// The name of the group of reports with no region.
pub const NO_REGION: &str = "（未归属地区）/ no region";

/// `COUNT(*), COUNT(s.total), SUM(s.new_received) …` for a group (as BIGINT: PostgreSQL
/// sums BIGINT as NUMERIC).
fn sums_sql() -> String {
    let sums: Vec<String> = COLUMNS
        .iter()
        .map(|c| format!("CAST(COALESCE(SUM(s.{c}), 0) AS BIGINT)"))
        .collect();
    format!("COUNT(*), COUNT(s.total), {}", sums.join(", "))
}

const FROM: &str = "FROM reports r LEFT JOIN report_stats s ON s.report_id = r.id LEFT JOIN bodies b ON b.id = r.body_id LEFT JOIN regions g ON g.id = b.region_id";

/// Reads what [`sums_sql`] selects, starting at column `at`.
fn outcomes(row: &sqlx::any::AnyRow, at: usize) -> Result<Outcomes> {
    use sqlx::Row as _;
    let mut o = Outcomes {
        reports: row.try_get(at)?,
        with_requests: row.try_get(at + 1)?,
        ..Outcomes::default()
    };
    for i in 0..10 {
        o.values[i] = row.try_get(at + 2 + i)?;
    }
    o.reviews = row.try_get(at + 12)?;
    o.litigations = row.try_get(at + 13)?;
    Ok(o)
}

fn add(a: &mut Outcomes, b: &Outcomes) {
    a.reports += b.reports;
    a.with_requests += b.with_requests;
    for (x, y) in a.values.iter_mut().zip(b.values) {
        *x += y;
    }
    a.reviews += b.reviews;
    a.litigations += b.litigations;
}

/// The longest common prefix of region paths, whole components only (`/四川省/成都市`).
fn common_parent(paths: &[&str]) -> String {
    let mut it = paths.iter();
    let Some(first) = it.next() else {
        return String::new();
    };
    let mut parts: Vec<&str> = first.split('/').filter(|p| !p.is_empty()).collect();
    for p in it {
        let other: Vec<&str> = p.split('/').filter(|p| !p.is_empty()).collect();
        let same = parts.iter().zip(&other).take_while(|(a, b)| a == b).count();
        parts.truncate(same);
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("/{}", parts.join("/"))
    }
}

/// The name of the group a region path falls in, one level under `parent`: the child
/// region, or the parent itself for its own bodies.
fn child_of(parent: &str, path: &str) -> String {
    let rest = path.strip_prefix(parent).unwrap_or(path);
    match rest.split('/').find(|p| !p.is_empty()) {
        Some(child) => child.to_string(),
        None => parent
            .rsplit('/')
            .find(|p| !p.is_empty())
            .unwrap_or(NO_REGION)
            .to_string(),
    }
}

impl Store {
    /// The dashboard over the current reports a filter finds (its year, region, name and
    /// scope; its status, page and order are not used).
    pub async fn dashboard(&self, f: &ReportFilter) -> Result<Dashboard> {
        let f = ReportFilter {
            status: Status::Current,
            page: None,
            ..f.clone()
        };
        let w = Store::report_where(&f);
        let sums = sums_sql();

        // by region: summed per region path in the database, folded to one level here
        let sql = format!("SELECT g.path, {sums} {FROM}{} GROUP BY g.path", w.sql());
        let rows = w
            .bind_query(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?;
        let mut paths = Vec::with_capacity(rows.len());
        for row in &rows {
            use sqlx::Row as _;
            let path: Option<String> = row.try_get(0)?;
            paths.push((path, outcomes(row, 1)?));
        }
        let known: Vec<&str> = paths.iter().filter_map(|(p, _)| p.as_deref()).collect();
        let parent = common_parent(&known);
        let mut by_region: Vec<Group> = Vec::new();
        for (path, o) in &paths {
            let name = match path {
                Some(p) => child_of(&parent, p),
                None => NO_REGION.to_string(),
            };
            match by_region.iter_mut().find(|g| g.name == name) {
                Some(g) => add(&mut g.outcomes, o),
                None => by_region.push(Group {
                    name,
                    outcomes: o.clone(),
                }),
            }
        }
        by_region.sort_by(|a, b| {
            b.outcomes.values[0]
                .cmp(&a.outcomes.values[0])
                .then_with(|| a.name.cmp(&b.name))
        });

        // by body: the bodies (or, without one, the name the report gives) with most requests
        let sql = format!(
            "SELECT COALESCE(b.name, r.agency, r.name), {sums} {FROM}{} GROUP BY COALESCE(b.name, r.agency, r.name) ORDER BY COALESCE(SUM(s.new_received), 0) DESC, COALESCE(b.name, r.agency, r.name) LIMIT {TOP_BODIES}",
            w.sql()
        );
        let rows = w
            .bind_query(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?;
        let mut by_body = Vec::with_capacity(rows.len());
        for row in &rows {
            use sqlx::Row as _;
            by_body.push(Group {
                name: row.try_get(0)?,
                outcomes: outcomes(row, 1)?,
            });
        }

        // by rule and severity
        let sql = format!(
            "SELECT f.code, f.severity, COUNT(*) FROM findings f JOIN reports r ON r.id = f.report_id LEFT JOIN bodies b ON b.id = r.body_id LEFT JOIN regions g ON g.id = b.region_id{} GROUP BY f.code, f.severity",
            w.sql()
        );
        let rows: Vec<(String, String, i64)> = w
            .bind(sqlx::query_as(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?;
        let mut by_rule: Vec<RuleCount> = Vec::new();
        for (code, severity, n) in rows {
            let i = match by_rule.iter().position(|r| r.code == code) {
                Some(i) => i,
                None => {
                    by_rule.push(RuleCount {
                        code,
                        errors: 0,
                        warnings: 0,
                        infos: 0,
                    });
                    by_rule.len() - 1
                }
            };
            let r = &mut by_rule[i];
            match severity.as_str() {
                "error" => r.errors += n,
                "warning" => r.warnings += n,
                _ => r.infos += n,
            }
        }
        by_rule.sort_by(|a, b| {
            (b.errors + b.warnings + b.infos)
                .cmp(&(a.errors + a.warnings + a.infos))
                .then_with(|| a.code.cmp(&b.code))
        });

        // by year: the same filter without its year
        let all_years = ReportFilter {
            year: None,
            ..f.clone()
        };
        let wy = Store::report_where(&all_years);
        let extra = if wy.clauses.is_empty() {
            " WHERE r.year IS NOT NULL"
        } else {
            " AND r.year IS NOT NULL"
        };
        let sql = format!(
            "SELECT r.year, CAST(COALESCE(SUM(r.errors), 0) AS BIGINT), CAST(COALESCE(SUM(r.warnings), 0) AS BIGINT), {sums} {FROM}{}{extra} GROUP BY r.year ORDER BY r.year",
            wy.sql()
        );
        let rows = wy
            .bind_query(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?;
        let mut by_year = Vec::with_capacity(rows.len());
        for row in &rows {
            use sqlx::Row as _;
            let year: i64 = row.try_get(0)?;
            by_year.push(YearTrend {
                year: i32::try_from(year).unwrap_or_default(),
                errors: row.try_get(1)?,
                warnings: row.try_get(2)?,
                outcomes: outcomes(row, 3)?,
            });
        }
        let mut years: Vec<i32> = by_year.iter().map(|y| y.year).collect();
        years.reverse();

        Ok(Dashboard {
            year: f.year,
            years,
            parent_region: parent,
            by_region,
            by_body,
            by_rule,
            by_year,
        })
    }

    /// Writes the `report_stats` rows that reports stored before they existed lack.
    /// Returns how many were written.
    pub async fn backfill_stats(&self) -> Result<usize> {
        let missing: Vec<(i64, String)> = sqlx::query_as(
            "SELECT r.id, d.report_json FROM reports r JOIN report_docs d ON d.report_id = r.id \
             LEFT JOIN report_stats s ON s.report_id = r.id \
             WHERE s.report_id IS NULL AND r.failed = 0 AND d.report_json IS NOT NULL",
        )
        .fetch_all(&self.pool)
        .await?;
        if missing.is_empty() {
            return Ok(0);
        }
        let mut tx = self.write_tx().await?;
        for (id, json) in &missing {
            let report: Report = serde_json::from_str(json)?;
            insert_stats(&mut tx, *id, &ReportStats::of(&report)).await?;
        }
        tx.commit().await?;
        Ok(missing.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_figures_are_not_zero() {
        assert_eq!(sum_present([None, None]), None);
        assert_eq!(sum_present([None, Some(0)]), Some(0));
        assert_eq!(sum_present([Some(2), None, Some(3)]), Some(5));
        let s = ReportStats::of(&Report::empty());
        assert!(s.values().all(|v| v.is_none()));
    }

    #[test]
    fn regions_fold_one_level_under_their_common_parent() {
        let paths = [
            "/四川省/成都市/武侯区",
            "/四川省/成都市/锦江区",
            "/四川省/成都市",
        ];
        let parent = common_parent(&paths);
        assert_eq!(parent, "/四川省/成都市");
        assert_eq!(child_of(&parent, "/四川省/成都市/武侯区/某街道"), "武侯区");
        assert_eq!(child_of(&parent, "/四川省/成都市"), "成都市");
        assert_eq!(common_parent(&["/甲省", "/乙省/丙市"]), "");
        assert_eq!(child_of("", "/乙省/丙市"), "乙省");
        assert_eq!(common_parent(&[]), "");
    }
}
