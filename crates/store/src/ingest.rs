//! Ingest: store every file first, then process the queue, then run the cross-report
//! rules for every report whose neighbours changed.
//!
//! Each step commits as it goes, so a run killed at any point loses nothing that was
//! acknowledged: a file is stored once (its SHA-256 is the key), a stored file not yet
//! processed stays `queued` and is taken by the next run or by a worker, and a report
//! whose cross-report rules have not run keeps its `cross_pending` mark. On PostgreSQL
//! the queue is taken with `FOR UPDATE SKIP LOCKED` inside the transaction that writes
//! the result, so any number of workers share it and a worker that dies leaves its files
//! to the others.

use crate::bodies::Match;
use crate::db::now;
use crate::{Result, Store, StoreError, VERSION};
use std::path::PathBuf;
use xxgk_analyse::{Analysis, Options};
use xxgk_model::{Finding, Report, Severity};

/// How an ingest runs.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Only store and queue the files; `xxgk worker`s process them.
    pub queue_only: bool,
}

/// What an ingest did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestSummary {
    /// Files found under the paths.
    pub files: usize,
    /// Files stored now (new bytes).
    pub stored: usize,
    /// Files whose bytes were already stored (a no-op).
    pub known: usize,
    /// Files processed into reports by this run (queued ones of earlier runs included).
    pub processed: usize,
    /// Of those, files that are not reports (S001): kept and listed apart.
    pub failed: usize,
    /// Reports whose cross-report rules ran.
    pub cross_checked: usize,
    /// Files that could not be stored at all: the file and the reason.
    pub refused: Vec<(String, String)>,
}

/// Progress of a long run: the CLI draws a bar on a terminal and plain lines in a log.
pub trait Progress: Send + Sync {
    /// A phase starts with this many steps (0 when unknown).
    fn phase(&self, name: &str, total: u64);
    /// `n` more steps are done.
    fn advance(&self, n: u64);
    /// The phase is over.
    fn done(&self);
}

/// No progress shown.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn phase(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn done(&self) {}
}

/// Files read and stored per transaction.
const STORE_CHUNK: usize = 64;

/// Files taken from the queue per transaction (their analyses run in parallel).
fn process_chunk() -> usize {
    (rayon::current_num_threads() * 16).clamp(16, 128)
}

impl Store {
    /// Stores one file's bytes (a no-op when they are already stored). Returns its SHA-256
    /// and whether it is new.
    pub async fn put_file(&self, name: &str, bytes: &[u8]) -> Result<(String, bool)> {
        let sha = xxgk_document::sha256_hex(bytes);
        let done = sqlx::query(
            "INSERT INTO files (sha256, name, size, bytes, received_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(&sha)
        .bind(name)
        .bind(bytes.len() as i64)
        .bind(bytes)
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok((sha, done.rows_affected() > 0))
    }

    /// Ingests files and folders: stores every file, then (unless `queue_only`) processes
    /// the queue — this run's files and any left by an earlier run — and runs the
    /// cross-report rules where they are due.
    pub async fn ingest(
        &self,
        paths: &[PathBuf],
        options: &IngestOptions,
        progress: &dyn Progress,
    ) -> Result<IngestSummary> {
        let files = xxgk_analyse::expand(paths);
        let mut summary = IngestSummary {
            files: files.len(),
            ..IngestSummary::default()
        };
        progress.phase("存储原始文件 / storing files", files.len() as u64);
        for chunk in files.chunks(STORE_CHUNK) {
            let mut tx = self.write_tx().await?;
            for path in chunk {
                let name = path.display().to_string();
                match read_limited(path) {
                    Ok(bytes) => {
                        let sha = xxgk_document::sha256_hex(&bytes);
                        let done = sqlx::query(
                            "INSERT INTO files (sha256, name, size, bytes, received_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING",
                        )
                        .bind(&sha)
                        .bind(&name)
                        .bind(bytes.len() as i64)
                        .bind(bytes.as_slice())
                        .bind(now())
                        .execute(&mut *tx)
                        .await?;
                        if done.rows_affected() > 0 {
                            summary.stored += 1;
                        } else {
                            summary.known += 1;
                        }
                    }
                    Err(reason) => summary.refused.push((name, reason)),
                }
            }
            tx.commit().await?;
            progress.advance(chunk.len() as u64);
        }
        progress.done();
        if !options.queue_only {
            let (processed, failed) = self.process_queue(progress).await?;
            summary.processed = processed;
            summary.failed = failed;
            summary.cross_checked = self.cross_check_pending(progress).await?;
        }
        Ok(summary)
    }

    /// Processes queued files until none is left (or, on PostgreSQL, until the rest is
    /// held by other workers). Returns how many were processed and how many of those are
    /// not reports.
    pub async fn process_queue(&self, progress: &dyn Progress) -> Result<(usize, usize)> {
        let (queued,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM files WHERE status = 'queued'")
                .fetch_one(&self.pool)
                .await?;
        if queued == 0 {
            return Ok((0, 0));
        }
        progress.phase("解析与检查 / reading and checking", queued as u64);
        let (mut processed, mut failed) = (0, 0);
        loop {
            let claim = sqlx::AssertSqlSafe(format!(
                "SELECT sha256, name, bytes FROM files WHERE status = 'queued' ORDER BY received_at, sha256 LIMIT {}{}",
                process_chunk(),
                self.skip_locked()
            ));
            // PostgreSQL: the rows stay locked by the transaction that writes their
            // results, so other workers skip them. SQLite has one worker: the files are
            // read outside a transaction, so that files stored meanwhile (an upload to
            // `xxgk serve`) do not make the writing transaction's snapshot stale.
            let (tx, claimed): (_, Vec<(String, String, Vec<u8>)>) = match self.backend() {
                crate::Backend::Postgres => {
                    let mut tx = self.write_tx().await?;
                    let claimed = sqlx::query_as(claim).fetch_all(&mut *tx).await?;
                    (Some(tx), claimed)
                }
                crate::Backend::Sqlite => {
                    (None, sqlx::query_as(claim).fetch_all(&self.pool).await?)
                }
            };
            if claimed.is_empty() {
                if let Some(tx) = tx {
                    tx.rollback().await?;
                }
                break;
            }
            let n = claimed.len();
            let analyses = analyse_all(claimed).await?;
            let mut tx = match tx {
                Some(tx) => tx,
                None => self.write_tx().await?,
            };
            self.lock_writes(&mut tx).await?;
            for (sha, a) in &analyses {
                if self.store_analysis(&mut tx, sha, a).await? {
                    failed += 1;
                }
            }
            tx.commit().await?;
            processed += n;
            progress.advance(n as u64);
        }
        progress.done();
        Ok((processed, failed))
    }

    /// Writes one file's analysis (in the caller's transaction) and marks the file done.
    /// Returns whether the file is not a report.
    async fn store_analysis(
        &self,
        tx: &mut sqlx::AnyConnection,
        sha: &str,
        a: &Analysis,
    ) -> Result<bool> {
        let report = a.report();
        let failed = a.error.is_some() || a.findings.iter().any(xxgk_check::is_not_a_report);
        let agency = report.and_then(|r| r.agency.clone());
        let title = report.and_then(|r| r.title.clone());
        let year = report.and_then(|r| r.year).map(i64::from);
        let m = if failed {
            Match::NoName
        } else {
            self.match_body(tx, agency.as_deref(), title.as_deref(), true)
                .await?
        };
        let (status, note) = match &m {
            Match::Body(_) => ("matched", None),
            Match::Unmatched => ("unmatched", None),
            Match::Ambiguous(ids) => ("ambiguous", Some(serde_json::to_string(ids)?)),
            Match::NoName => ("none", None),
        };
        let (e, w, i) = counts(&a.findings);
        let report_json = report.map(serde_json::to_string).transpose()?;
        let extraction = a
            .extraction
            .as_ref()
            .map(serde_json::to_string)
            .transpose()?;
        let inserted: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO reports (sha256, name, format, match_status, match_note, agency, year, published, title, is_current, failed, errors, warnings, infos, cross_pending, version, ingested_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) \
             ON CONFLICT (sha256) DO NOTHING RETURNING id",
        )
        .bind(sha)
        .bind(&a.name)
        .bind(a.format.name())
        .bind(status)
        .bind(note)
        .bind(agency.as_deref())
        .bind(year)
        .bind(report.and_then(|r| r.published).map(|d| d.to_string()))
        .bind(title.as_deref())
        .bind(i64::from(!failed))
        .bind(i64::from(failed))
        .bind(e)
        .bind(w)
        .bind(i)
        .bind(i64::from(!failed))
        .bind(VERSION)
        .bind(now())
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((id,)) = inserted {
            sqlx::query(
                "INSERT INTO report_docs (report_id, report_json, extraction) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(report_json)
            .bind(extraction)
            .execute(&mut *tx)
            .await?;
            insert_findings(tx, id, &a.findings).await?;
            if let (false, Some(r)) = (failed, report) {
                crate::stats::insert_stats(tx, id, &crate::stats::ReportStats::of(r)).await?;
            }
            if let (Match::Body(body), Some(r)) = (&m, report) {
                attach(tx, id, *body, year).await?;
                index_sections(tx, id, r).await?;
            }
        }
        sqlx::query("UPDATE files SET status = 'done', attempts = attempts + 1 WHERE sha256 = $1")
            .bind(sha)
            .execute(&mut *tx)
            .await?;
        Ok(failed)
    }

    /// Reads every stored file again with this version's readers (after the readers
    /// improve): the reports, their findings and their bodies are replaced; the files are
    /// not touched. Returns how many files were read.
    pub async fn reparse(&self, progress: &dyn Progress) -> Result<usize> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM findings")
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM section_bands")
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM band_counts")
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM report_docs")
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM report_stats")
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM reports").execute(&mut *tx).await?;
        sqlx::query("DELETE FROM body_names WHERE body_id IN (SELECT id FROM bodies WHERE origin = 'report')")
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM bodies WHERE origin = 'report'")
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE files SET status = 'queued'")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        let (n, _) = self.process_queue(progress).await?;
        self.cross_check_pending(progress).await?;
        Ok(n)
    }

    /// Whether files wait in the queue.
    pub async fn queued(&self) -> Result<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM files WHERE status = 'queued'")
            .fetch_one(&self.pool)
            .await?;
        Ok(n)
    }

    /// A worker: processes the queue and the pending cross-report checks; with `drain`,
    /// returns once both are empty, else waits for more (polling every `idle`).
    pub async fn work(
        &self,
        progress: &dyn Progress,
        drain: bool,
        idle: std::time::Duration,
    ) -> Result<usize> {
        let mut total = 0;
        loop {
            let (n, _) = self.process_queue(progress).await?;
            let c = self.cross_check_pending(progress).await?;
            total += n;
            if n == 0 && c == 0 {
                if drain && self.queued().await? == 0 {
                    return Ok(total);
                }
                tokio::time::sleep(idle).await;
            }
        }
    }
}

/// Reads a file for storing, refusing one larger than the readers take.
fn read_limited(path: &std::path::Path) -> std::result::Result<Vec<u8>, String> {
    let len = std::fs::metadata(path)
        .map_err(|e| format!("无法读取 / cannot read: {e}"))?
        .len();
    if len > xxgk_analyse::MAX_PDF_BYTES as u64 {
        return Err(format!(
            "文件过大（{len} 字节，上限 {} 字节）/ file too large ({len} bytes, limit {})",
            xxgk_analyse::MAX_PDF_BYTES,
            xxgk_analyse::MAX_PDF_BYTES
        ));
    }
    std::fs::read(path).map_err(|e| format!("无法读取 / cannot read: {e}"))
}

/// Analyses claimed files in parallel, off the async threads.
async fn analyse_all(claimed: Vec<(String, String, Vec<u8>)>) -> Result<Vec<(String, Analysis)>> {
    tokio::task::spawn_blocking(move || {
        use rayon::prelude::*;
        let options = Options::default();
        claimed
            .into_par_iter()
            .map(|(sha, name, bytes)| {
                let a = xxgk_analyse::analyse(&name, &bytes, &options);
                (sha, a)
            })
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|e| StoreError::Invalid(format!("分析线程失败 / analysis thread failed: {e}")))
}

/// Findings by severity: errors, warnings, infos.
pub(crate) fn counts(findings: &[Finding]) -> (i64, i64, i64) {
    let n = |s| findings.iter().filter(|f| f.severity == s).count() as i64;
    (n(Severity::Error), n(Severity::Warning), n(Severity::Info))
}

/// Stores findings of a report. Findings of the rules that need other reports are marked,
/// so that they can be replaced when the neighbours change.
pub(crate) async fn insert_findings(
    tx: &mut sqlx::AnyConnection,
    report: i64,
    findings: &[Finding],
) -> Result<()> {
    let history = xxgk_check::history_rules();
    for f in findings {
        sqlx::query(
            "INSERT INTO findings (report_id, code, severity, cross_rule, message, tbl, row_key, col_key, finding, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(report)
        .bind(&f.code)
        .bind(f.severity.name())
        .bind(i64::from(history.allows(&f.code)))
        .bind(&f.message)
        .bind(f.table.map(table_key))
        .bind(f.row.as_deref())
        .bind(f.column.as_deref())
        .bind(serde_json::to_string(f)?)
        .bind(VERSION)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

fn table_key(t: xxgk_model::TableId) -> &'static str {
    match t {
        xxgk_model::TableId::ActiveDisclosure => "active_disclosure",
        xxgk_model::TableId::Requests => "requests",
        xxgk_model::TableId::Appeals => "appeals",
    }
}

/// Attaches a report to its body: it becomes the current version for its year (the one
/// before is kept, not current), and it and next year's report are due for the
/// cross-report rules.
pub(crate) async fn attach(
    tx: &mut sqlx::AnyConnection,
    report: i64,
    body: i64,
    year: Option<i64>,
) -> Result<()> {
    sqlx::query("UPDATE reports SET body_id = $1, match_status = 'matched', match_note = NULL, cross_pending = 1 WHERE id = $2")
        .bind(body)
        .bind(report)
        .execute(&mut *tx)
        .await?;
    let Some(year) = year else { return Ok(()) };
    let older: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM reports WHERE body_id = $1 AND year = $2 AND id <> $3 AND is_current = 1",
    )
    .bind(body)
    .bind(year)
    .bind(report)
    .fetch_all(&mut *tx)
    .await?;
    for (old,) in older {
        sqlx::query("UPDATE reports SET is_current = 0 WHERE id = $1")
            .bind(old)
            .execute(&mut *tx)
            .await?;
        unindex_sections(tx, old).await?;
    }
    sqlx::query(
        "UPDATE reports SET cross_pending = 1 WHERE body_id = $1 AND year = $2 AND is_current = 1",
    )
    .bind(body)
    .bind(year + 1)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// A band shared by more current reports than this is template text: it finds no
/// candidates (and the reports sharing it are not re-checked for it).
pub const COMMON_BAND: i64 = 25;

/// Indexes a report's section bands, and marks the reports that share one of its rare
/// bands (other bodies this year, the same body next year) for a new X102 check.
async fn index_sections(tx: &mut sqlx::AnyConnection, report: i64, r: &Report) -> Result<()> {
    let prints = xxgk_check::similarity::prints(r);
    let mut rare = Vec::new();
    for p in &prints {
        for &band in &p.bands {
            let band = band as i64;
            sqlx::query("INSERT INTO section_bands (band, report_id, section) VALUES ($1, $2, $3)")
                .bind(band)
                .bind(report)
                .bind(i64::from(p.section))
                .execute(&mut *tx)
                .await?;
            let (n,): (i64,) = sqlx::query_as(
                "INSERT INTO band_counts (band, n) VALUES ($1, 1) ON CONFLICT (band) DO UPDATE SET n = band_counts.n + 1 RETURNING n",
            )
            .bind(band)
            .fetch_one(&mut *tx)
            .await?;
            if n > 1 && n <= COMMON_BAND {
                rare.push(band);
            }
        }
    }
    rare.sort_unstable();
    rare.dedup();
    for band in rare {
        sqlx::query(
            "UPDATE reports SET cross_pending = 1 WHERE id IN (SELECT report_id FROM section_bands WHERE band = $1) AND id <> $2 AND is_current = 1 AND cross_pending = 0",
        )
        .bind(band)
        .bind(report)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Removes a report's bands from the index (it is no longer current).
pub(crate) async fn unindex_sections(tx: &mut sqlx::AnyConnection, report: i64) -> Result<()> {
    let bands: Vec<(i64,)> = sqlx::query_as("SELECT band FROM section_bands WHERE report_id = $1")
        .bind(report)
        .fetch_all(&mut *tx)
        .await?;
    for (band,) in bands {
        sqlx::query("UPDATE band_counts SET n = n - 1 WHERE band = $1")
            .bind(band)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("DELETE FROM section_bands WHERE report_id = $1")
        .bind(report)
        .execute(&mut *tx)
        .await?;
    Ok(())
}
