//! The cross-report rules against the store.
//!
//! The rules live in the check crate and see other reports through
//! [`xxgk_check::History`]. For one report the store reads what they may need — the same
//! body's current report of the year before, and the reports that share a rare MinHash
//! band with one of its sections (other bodies of the same year, the same body's year
//! before) — into a [`Snapshot`], and runs [`xxgk_check::history_rules`] on it.

use crate::ingest::{COMMON_BAND, insert_findings};
use crate::{Result, Store};
use xxgk_check::{Context, History};
use xxgk_extract::Extraction;
use xxgk_model::{Finding, Report, Severity};

/// Candidates of X102 read per report at most (the most bands shared first).
pub const MAX_CANDIDATES: i64 = 20;

/// What the cross-report rules may see of other reports, read from the store for one
/// report.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// The report's year.
    pub year: Option<i32>,
    /// The same body's current report of the year before.
    pub last_year: Option<Report>,
    /// Reports that share a rare band with one of its sections.
    pub similar: Vec<Report>,
}

impl History for Snapshot {
    fn previous(&self, _body: &str, year: i32) -> Option<Report> {
        // a snapshot is read for one report: its body, the year before
        (self.year.and_then(|y| y.checked_sub(1)) == Some(year))
            .then(|| self.last_year.clone())
            .flatten()
    }
    fn similar(&self, _report: &Report) -> Vec<Report> {
        self.similar.clone()
    }
}

impl Store {
    /// Reads the snapshot for a report of `body` (if known) and `year`, excluding the
    /// stored report `exclude` itself.
    pub async fn snapshot(
        &self,
        report: &Report,
        body: Option<i64>,
        exclude: Option<i64>,
    ) -> Result<Snapshot> {
        let raw = self
            .neighbours(report.year, &bands_of(report), body, exclude)
            .await?;
        raw.parse()
    }

    /// The stored JSON of the reports a report's snapshot holds: the same body's last year,
    /// and the reports that share a rare band with it (`bands`, from [`bands_of`]).
    async fn neighbours(
        &self,
        year: Option<i32>,
        bands: &[i64],
        body: Option<i64>,
        exclude: Option<i64>,
    ) -> Result<RawSnapshot> {
        let mut raw = RawSnapshot {
            year,
            ..RawSnapshot::default()
        };
        let Some(y) = year.map(i64::from) else {
            return Ok(raw);
        };
        if let Some(b) = body {
            let last: Option<(String,)> = sqlx::query_as(
                "SELECT d.report_json FROM reports r JOIN report_docs d ON d.report_id = r.id WHERE r.body_id = $1 AND r.year = $2 AND r.is_current = 1 AND d.report_json IS NOT NULL ORDER BY r.id DESC LIMIT 1",
            )
            .bind(b)
            .bind(y - 1)
            .fetch_optional(&self.pool)
            .await?;
            raw.last_year = last.map(|(json,)| json);
        }
        if bands.is_empty() {
            return Ok(raw);
        }
        let list = bands
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        // other bodies this year, or the same body the year before; template bands aside
        let sql = format!(
            "SELECT d.report_json, COUNT(*) AS shared FROM section_bands s \
             JOIN band_counts c ON c.band = s.band \
             JOIN reports r ON r.id = s.report_id \
             JOIN report_docs d ON d.report_id = r.id \
             WHERE s.band IN ({list}) AND c.n <= {COMMON_BAND} AND r.is_current = 1 \
               AND r.id <> $1 AND d.report_json IS NOT NULL \
               AND ((r.year = $2 AND (r.body_id IS NULL OR r.body_id <> $3)) OR (r.body_id = $3 AND r.year = $4)) \
             GROUP BY r.id, d.report_json ORDER BY shared DESC, r.id LIMIT {MAX_CANDIDATES}"
        );
        let rows: Vec<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(exclude.unwrap_or(-1))
            .bind(y)
            .bind(body.unwrap_or(-1))
            .bind(y - 1)
            .fetch_all(&self.pool)
            .await?;
        raw.similar = rows.into_iter().map(|(json, _)| json).collect();
        Ok(raw)
    }

    /// Runs the cross-report rules for every report marked as due, replacing their
    /// earlier findings. On PostgreSQL the marked reports are taken with `SKIP LOCKED`,
    /// so several workers share the work. Returns how many reports were checked.
    pub async fn cross_check_pending(&self, progress: &dyn crate::Progress) -> Result<usize> {
        let (due,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM reports WHERE cross_pending = 1")
            .fetch_one(&self.pool)
            .await?;
        if due == 0 {
            return Ok(0);
        }
        progress.phase("跨报告检查 / cross-report rules", due as u64);
        let mut n = 0;
        loop {
            let mut tx = self.write_tx().await?;
            let claimed: Vec<(i64, Option<i64>, Option<String>, Option<String>)> =
                sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT r.id, r.body_id, d.report_json, d.extraction FROM reports r LEFT JOIN report_docs d ON d.report_id = r.id WHERE r.cross_pending = 1 ORDER BY r.id LIMIT 64{}",
                    match self.backend() {
                        crate::Backend::Sqlite => "",
                        crate::Backend::Postgres => " FOR UPDATE OF r SKIP LOCKED",
                    }
                )))
                .fetch_all(&mut *tx)
                .await?;
            if claimed.is_empty() {
                tx.rollback().await?;
                break;
            }
            // reading JSON and running the rules is the work: both cores do it, while the
            // queries for the neighbours and the writes go one after another
            let parsed: Vec<(i64, Option<(i64, Extraction, Vec<i64>)>)> =
                on_cores(claimed, |(id, body, json, extraction)| {
                    let (Some(body), Some(json)) = (body, json) else {
                        return Ok((id, None));
                    };
                    let ex: Extraction = match extraction {
                        Some(e) => serde_json::from_str(&e)?,
                        None => Extraction::canonical(serde_json::from_str(&json)?),
                    };
                    let bands = bands_of(&ex.report);
                    Ok((id, Some((body, ex, bands))))
                })
                .await?;
            let mut work = Vec::with_capacity(parsed.len());
            for (id, due) in parsed {
                let due = match due {
                    Some((body, ex, bands)) => {
                        let raw = self
                            .neighbours(ex.report.year, &bands, Some(body), Some(id))
                            .await?;
                        Some((ex, raw))
                    }
                    None => None,
                };
                work.push((id, due));
            }
            let results: Vec<(i64, Vec<Finding>)> = on_cores(work, |(id, due)| {
                Ok(match due {
                    Some((ex, raw)) => (id, cross_findings(&ex, &raw.parse()?)),
                    None => (id, Vec::new()),
                })
            })
            .await?;
            let n_claimed = results.len();
            for (id, findings) in &results {
                replace_cross_findings(&mut tx, *id, findings).await?;
            }
            tx.commit().await?;
            n += n_claimed;
            progress.advance(n_claimed as u64);
        }
        progress.done();
        Ok(n)
    }

    /// Marks every current report for the rules across reports again (after a rule
    /// changed, or to measure them). Returns how many were marked.
    pub async fn recheck_all(&self) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE reports SET cross_pending = 1 WHERE is_current = 1 AND failed = 0 AND body_id IS NOT NULL",
        )
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// The cross-report findings of a report that is not stored (`xxgk check --db`): its
    /// body is looked up by name, never created.
    pub async fn cross_check(&self, ex: &Extraction) -> Result<Vec<Finding>> {
        let r = &ex.report;
        let mut conn = self.pool.acquire().await?;
        let body = match self
            .match_body(&mut conn, r.agency.as_deref(), r.title.as_deref(), false)
            .await?
        {
            crate::bodies::Match::Body(b) => Some(b),
            _ => None,
        };
        drop(conn);
        // the stored copy of these very bytes is not its own neighbour
        let own: Option<(i64,)> = sqlx::query_as("SELECT id FROM reports WHERE sha256 = $1")
            .bind(&r.source.sha256)
            .fetch_optional(&self.pool)
            .await?;
        let snap = self.snapshot(r, body, own.map(|(id,)| id)).await?;
        Ok(cross_findings(ex, &snap))
    }
}

/// The findings of the cross-report rules for an extraction, given a snapshot.
pub fn cross_findings(ex: &Extraction, snap: &Snapshot) -> Vec<Finding> {
    let cx = Context::extracted(ex).with_history(snap);
    xxgk_check::check_selected(&cx, &xxgk_check::history_rules())
}

async fn replace_cross_findings(
    tx: &mut sqlx::AnyConnection,
    id: i64,
    findings: &[Finding],
) -> Result<()> {
    sqlx::query("DELETE FROM findings WHERE report_id = $1 AND cross_rule = 1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    insert_findings(tx, id, findings).await?;
    // the counts of all its findings, single-report ones included
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT severity, COUNT(*) FROM findings WHERE report_id = $1 GROUP BY severity",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    let n = |s: Severity| {
        rows.iter()
            .find(|(name, _)| name == s.name())
            .map_or(0, |(_, n)| *n)
    };
    let (e, w, i) = (n(Severity::Error), n(Severity::Warning), n(Severity::Info));
    sqlx::query("UPDATE reports SET cross_pending = 0, errors = $1, warnings = $2, infos = $3 WHERE id = $4")
        .bind(e)
        .bind(w)
        .bind(i)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// A snapshot as stored: the JSON of the reports it holds, parsed on a worker thread.
#[derive(Debug, Default)]
struct RawSnapshot {
    year: Option<i32>,
    last_year: Option<String>,
    similar: Vec<String>,
}

impl RawSnapshot {
    fn parse(self) -> Result<Snapshot> {
        Ok(Snapshot {
            year: self.year,
            last_year: self
                .last_year
                .map(|json| serde_json::from_str(&json))
                .transpose()?,
            similar: self
                .similar
                .iter()
                .map(|json| serde_json::from_str(json))
                .collect::<std::result::Result<_, _>>()?,
        })
    }
}

/// The MinHash bands of a report's sections that count, sorted, once each.
fn bands_of(report: &Report) -> Vec<i64> {
    let mut bands: Vec<i64> = xxgk_check::similarity::prints(report)
        .iter()
        .flat_map(|p| p.bands.iter().map(|b| *b as i64))
        .collect();
    bands.sort_unstable();
    bands.dedup();
    bands
}

/// Maps `items` on every core (rayon, off the async runtime), in order.
async fn on_cores<T, R>(items: Vec<T>, f: fn(T) -> Result<R>) -> Result<Vec<R>>
where
    T: Send + 'static,
    R: Send + 'static,
{
    tokio::task::spawn_blocking(move || {
        use rayon::prelude::*;
        items.into_par_iter().map(f).collect::<Result<Vec<R>>>()
    })
    .await
    .map_err(|e| crate::StoreError::Invalid(format!("检查线程失败 / check thread failed: {e}")))?
}
