//! The agency's request ledger (依申请公开台账), kept in the corpus database.
//!
//! The store keeps what the ledger engine (`xxgk-ledger`) computes and does not interpret
//! it: each request is its engine record as JSON, with beside it the columns that lists
//! filter and sort on (number, year, status, received and due dates). Every function takes
//! the body whose ledger it reads or writes: a body's staff only ever reach their own.
//!
//! Every change is written together with its audit entry in one transaction (条例 Art. 45);
//! the audit table is append-only, enforced by the database itself (triggers refuse UPDATE
//! and DELETE). A change made on an older version of a request is refused
//! ([`StoreError::Conflict`]), so two people editing one request cannot overwrite each other.

use crate::db::now;
use crate::{Result, Store, StoreError};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A request as the store keeps it: the engine's record and the columns lists use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerRecord {
    /// The office's register number, unique in the body's ledger.
    pub number: String,
    /// The ledger year (of receipt, or the year a carried-over request came into).
    pub year: i32,
    /// The received date, `YYYY-MM-DD`.
    pub received: String,
    /// `open`, `closed` or `carried`.
    pub status: String,
    /// The current due date, `YYYY-MM-DD`; `None` when the calendar cannot tell.
    pub due: Option<String>,
    /// The day it was closed.
    pub closed: Option<String>,
    /// The engine's record of the request.
    pub request: Value,
}

/// A stored request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredRequest {
    /// Its id.
    pub id: i64,
    /// The body whose ledger holds it.
    pub body_id: i64,
    /// Bumped by every change; a change must name the version it was made on.
    pub version: i64,
    /// When it was registered.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
    /// The record.
    #[serde(flatten)]
    pub record: LedgerRecord,
}

/// One entry of the audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Its id, in the order the changes were made.
    pub id: i64,
    /// The request it is about, if any.
    pub request_id: Option<i64>,
    /// The review or litigation it is about, if any.
    pub appeal_id: Option<i64>,
    /// When.
    pub at: String,
    /// Who: a user name, or `import` / `system`.
    pub actor: String,
    /// What, Chinese first.
    pub action: String,
    /// The change in detail.
    pub detail: Value,
}

/// Which requests of a ledger to list.
#[derive(Debug, Clone, Default)]
pub struct LedgerQuery {
    /// Of this ledger year.
    pub year: Option<i32>,
    /// With this status.
    pub status: Option<String>,
    /// Open ones due on or before this day (`YYYY-MM-DD`): the due-soon and overdue views.
    pub due_by: Option<String>,
}

/// A year-end report being built from the ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerDraft {
    /// The body.
    pub body_id: i64,
    /// The report's year.
    pub year: i32,
    /// What the office writes (the narrative sections), as the builder keeps it.
    pub narrative: Value,
    /// When it was marked published.
    pub published_at: Option<String>,
    /// The SHA-256 of the file it was stored as in the corpus.
    pub file_sha256: Option<String>,
    /// When it last changed.
    pub updated_at: String,
}

type RequestRow = (
    i64,
    i64,
    String,
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    i64,
    String,
    String,
);

const REQUEST_COLUMNS: &str = "id, body_id, number, year, received, status, due, closed, request, version, created_at, updated_at";

fn request_of(r: RequestRow) -> Result<StoredRequest> {
    Ok(StoredRequest {
        id: r.0,
        body_id: r.1,
        version: r.9,
        created_at: r.10,
        updated_at: r.11,
        record: LedgerRecord {
            number: r.2,
            year: i32::try_from(r.3).map_err(|_| StoreError::Invalid(format!("year {}", r.3)))?,
            received: r.4,
            status: r.5,
            due: r.6,
            closed: r.7,
            request: serde_json::from_str(&r.8)?,
        },
    })
}

fn check_record(r: &LedgerRecord) -> Result<()> {
    if r.number.trim().is_empty() {
        return Err(StoreError::Invalid(
            "登记编号不能为空 / a request needs a register number".into(),
        ));
    }
    if !matches!(r.status.as_str(), "open" | "closed" | "carried") {
        return Err(StoreError::Invalid(format!(
            "未知的办理状态 / unknown status: {}",
            r.status
        )));
    }
    Ok(())
}

/// Ends a transaction: committed when its work succeeded, rolled back at once when it did
/// not (a dropped transaction rolls back only when its connection is next used, and SQLite
/// would keep the write lock until then).
async fn finish<T>(tx: sqlx::Transaction<'_, sqlx::Any>, r: Result<T>) -> Result<T> {
    match r {
        Ok(v) => {
            tx.commit().await?;
            Ok(v)
        }
        Err(e) => {
            let _ = tx.rollback().await;
            Err(e)
        }
    }
}

async fn audit(
    tx: &mut sqlx::AnyConnection,
    body_id: i64,
    request_id: Option<i64>,
    appeal_id: Option<i64>,
    actor: &str,
    action: &str,
    detail: &Value,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO ledger_audit (body_id, request_id, appeal_id, at, actor, action, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(body_id)
    .bind(request_id)
    .bind(appeal_id)
    .bind(now())
    .bind(actor)
    .bind(action)
    .bind(detail.to_string())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

async fn insert_request(
    tx: &mut sqlx::AnyConnection,
    body_id: i64,
    r: &LedgerRecord,
    actor: &str,
    action: &str,
) -> Result<i64> {
    check_record(r)?;
    let taken: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM ledger_requests WHERE body_id = $1 AND number = $2")
            .bind(body_id)
            .bind(&r.number)
            .fetch_optional(&mut *tx)
            .await?;
    if taken.is_some() {
        return Err(StoreError::Conflict(format!(
            "登记编号已存在 / the register number is taken: {}",
            r.number
        )));
    }
    let at = now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO ledger_requests (body_id, number, year, received, status, due, closed, request, version, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9) RETURNING id",
    )
    .bind(body_id)
    .bind(&r.number)
    .bind(i64::from(r.year))
    .bind(&r.received)
    .bind(&r.status)
    .bind(r.due.as_deref())
    .bind(r.closed.as_deref())
    .bind(r.request.to_string())
    .bind(&at)
    .fetch_one(&mut *tx)
    .await?;
    let detail = serde_json::to_value(r)?;
    audit(tx, body_id, Some(id), None, actor, action, &detail).await?;
    Ok(id)
}

impl Store {
    /// Registers a request in `body_id`'s ledger and records who did it; returns its id.
    /// A register number already in the ledger is a [`StoreError::Conflict`].
    pub async fn ledger_register(
        &self,
        body_id: i64,
        record: &LedgerRecord,
        actor: &str,
    ) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        let r: Result<i64> = async {
            let id = insert_request(&mut tx, body_id, record, actor, "登记 / registered").await?;
            Ok(id)
        }
        .await;
        finish(tx, r).await
    }

    /// Registers many requests at once, all or none: one that cannot be registered (a
    /// number taken, in the file or the ledger) leaves the ledger as it was.
    pub async fn ledger_import(
        &self,
        body_id: i64,
        records: &[LedgerRecord],
        actor: &str,
    ) -> Result<Vec<i64>> {
        let mut tx = self.write_tx().await?;
        let r: Result<Vec<i64>> = async {
            let mut ids = Vec::with_capacity(records.len());
            for r in records {
                ids.push(insert_request(&mut tx, body_id, r, actor, "导入 / imported").await?);
            }
            Ok(ids)
        }
        .await;
        finish(tx, r).await
    }

    /// Replaces a request's record, made on `version`, and records the change (`action`,
    /// with `detail`); returns the new version. A request changed since `version` is a
    /// [`StoreError::Conflict`]; one not in this body's ledger is `Ok(None)`.
    #[allow(clippy::too_many_arguments)]
    pub async fn ledger_update(
        &self,
        body_id: i64,
        id: i64,
        version: i64,
        record: &LedgerRecord,
        actor: &str,
        action: &str,
        detail: &Value,
    ) -> Result<Option<i64>> {
        check_record(record)?;
        let mut tx = self.write_tx().await?;
        let r: Result<Option<i64>> = async {
        let current: Option<(i64, String)> = sqlx::query_as(
            "SELECT version, number FROM ledger_requests WHERE id = $1 AND body_id = $2",
        )
        .bind(id)
        .bind(body_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((current, number)) = current else {
            return Ok(None);
        };
        if current != version {
            return Err(StoreError::Conflict(format!(
                "申请 {number} 已被他人修改，请刷新后重试 / request {number} was changed meanwhile: reload and try again"
            )));
        }
        if record.number != number {
            return Err(StoreError::Invalid(
                "登记编号不能修改 / a register number cannot change".into(),
            ));
        }
        let at = now();
        let changed = sqlx::query(
            "UPDATE ledger_requests SET year = $1, received = $2, status = $3, due = $4, closed = $5, request = $6, \
             version = version + 1, updated_at = $7 WHERE id = $8 AND version = $9",
        )
        .bind(i64::from(record.year))
        .bind(&record.received)
        .bind(&record.status)
        .bind(record.due.as_deref())
        .bind(record.closed.as_deref())
        .bind(record.request.to_string())
        .bind(&at)
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        if changed.rows_affected() != 1 {
            return Err(StoreError::Conflict(format!(
                "申请 {number} 已被他人修改，请刷新后重试 / request {number} was changed meanwhile: reload and try again"
            )));
        }
        audit(&mut tx, body_id, Some(id), None, actor, action, detail).await?;
        Ok(Some(version + 1))
        }
        .await;
        finish(tx, r).await
    }

    /// One request of `body_id`'s ledger.
    pub async fn ledger_request(&self, body_id: i64, id: i64) -> Result<Option<StoredRequest>> {
        let row: Option<RequestRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {REQUEST_COLUMNS} FROM ledger_requests WHERE id = $1 AND body_id = $2"
        )))
        .bind(id)
        .bind(body_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(request_of).transpose()
    }

    /// The requests of `body_id`'s ledger that `q` asks for: by due date (the earliest
    /// first, those the calendar cannot date last), then by number.
    pub async fn ledger_requests(
        &self,
        body_id: i64,
        q: &LedgerQuery,
    ) -> Result<Vec<StoredRequest>> {
        let mut sql = format!("SELECT {REQUEST_COLUMNS} FROM ledger_requests WHERE body_id = $1");
        let mut n = 1;
        if q.year.is_some() {
            n += 1;
            sql.push_str(&format!(" AND year = ${n}"));
        }
        if q.status.is_some() {
            n += 1;
            sql.push_str(&format!(" AND status = ${n}"));
        }
        if q.due_by.is_some() {
            n += 1;
            sql.push_str(&format!(
                " AND status = 'open' AND due IS NOT NULL AND due <= ${n}"
            ));
        }
        sql.push_str(" ORDER BY CASE WHEN due IS NULL THEN 1 ELSE 0 END, due, number");
        let mut query = sqlx::query_as::<_, RequestRow>(sqlx::AssertSqlSafe(sql)).bind(body_id);
        if let Some(y) = q.year {
            query = query.bind(i64::from(y));
        }
        if let Some(s) = &q.status {
            query = query.bind(s.clone());
        }
        if let Some(d) = &q.due_by {
            query = query.bind(d.clone());
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.into_iter().map(request_of).collect()
    }

    /// The audit trail of `body_id`'s ledger, oldest first: of one request, or all of it.
    pub async fn ledger_audit(
        &self,
        body_id: i64,
        request_id: Option<i64>,
    ) -> Result<Vec<AuditEntry>> {
        let rows: Vec<(
            i64,
            Option<i64>,
            Option<i64>,
            String,
            String,
            String,
            String,
        )> =
            match request_id {
                Some(r) => sqlx::query_as(
                    "SELECT id, request_id, appeal_id, at, actor, action, detail FROM ledger_audit \
                     WHERE body_id = $1 AND request_id = $2 ORDER BY id",
                )
                .bind(body_id)
                .bind(r)
                .fetch_all(&self.pool)
                .await?,
                None => sqlx::query_as(
                    "SELECT id, request_id, appeal_id, at, actor, action, detail FROM ledger_audit \
                     WHERE body_id = $1 ORDER BY id",
                )
                .bind(body_id)
                .fetch_all(&self.pool)
                .await?,
            };
        rows.into_iter()
            .map(|r| {
                Ok(AuditEntry {
                    id: r.0,
                    request_id: r.1,
                    appeal_id: r.2,
                    at: r.3,
                    actor: r.4,
                    action: r.5,
                    detail: serde_json::from_str(&r.6)?,
                })
            })
            .collect()
    }

    /// Registers a 行政复议 or 行政诉讼 (the engine's record) in `body_id`'s ledger.
    pub async fn ledger_add_appeal(
        &self,
        body_id: i64,
        year: i32,
        appeal: &Value,
        actor: &str,
    ) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        let r: Result<i64> = async {
        let at = now();
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO ledger_appeals (body_id, year, appeal, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(body_id)
        .bind(i64::from(year))
        .bind(appeal.to_string())
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?;
        audit(
            &mut tx,
            body_id,
            None,
            Some(id),
            actor,
            "登记复议诉讼 / appeal registered",
            appeal,
        )
        .await?;
        Ok(id)
        }
        .await;
        finish(tx, r).await
    }

    /// Replaces a review's or litigation's record (its result came in, say).
    pub async fn ledger_update_appeal(
        &self,
        body_id: i64,
        id: i64,
        appeal: &Value,
        actor: &str,
    ) -> Result<bool> {
        let mut tx = self.write_tx().await?;
        let r: Result<bool> = async {
            let changed = sqlx::query(
            "UPDATE ledger_appeals SET appeal = $1, updated_at = $2 WHERE id = $3 AND body_id = $4",
        )
        .bind(appeal.to_string())
        .bind(now())
        .bind(id)
        .bind(body_id)
        .execute(&mut *tx)
        .await?;
            if changed.rows_affected() != 1 {
                return Ok(false);
            }
            audit(
                &mut tx,
                body_id,
                None,
                Some(id),
                actor,
                "更新复议诉讼 / appeal updated",
                appeal,
            )
            .await?;
            Ok(true)
        }
        .await;
        finish(tx, r).await
    }

    /// The reviews and litigations of `body_id`'s ledger year: (id, record).
    pub async fn ledger_appeals(&self, body_id: i64, year: i32) -> Result<Vec<(i64, Value)>> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, appeal FROM ledger_appeals WHERE body_id = $1 AND year = $2 ORDER BY id",
        )
        .bind(body_id)
        .bind(i64::from(year))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, a)| Ok((id, serde_json::from_str(&a)?)))
            .collect()
    }

    /// Saves the narrative of `body_id`'s year-end report for `year`. A published report
    /// is not changed any more ([`StoreError::Conflict`]).
    pub async fn ledger_save_draft(
        &self,
        body_id: i64,
        year: i32,
        narrative: &Value,
        actor: &str,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let r: Result<()> = async {
        let published: Option<(Option<String>,)> = sqlx::query_as(
            "SELECT published_at FROM ledger_drafts WHERE body_id = $1 AND year = $2",
        )
        .bind(body_id)
        .bind(i64::from(year))
        .fetch_optional(&mut *tx)
        .await?;
        let at = now();
        match published {
            Some((Some(_),)) => {
                return Err(StoreError::Conflict(format!(
                    "{year} 年度报告已发布，不能再修改 / the {year} report is published and cannot change"
                )));
            }
            Some((None,)) => {
                sqlx::query(
                    "UPDATE ledger_drafts SET narrative = $1, updated_at = $2 WHERE body_id = $3 AND year = $4",
                )
                .bind(narrative.to_string())
                .bind(&at)
                .bind(body_id)
                .bind(i64::from(year))
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query(
                    "INSERT INTO ledger_drafts (body_id, year, narrative, updated_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(body_id)
                .bind(i64::from(year))
                .bind(narrative.to_string())
                .bind(&at)
                .execute(&mut *tx)
                .await?;
            }
        }
        let detail = serde_json::json!({ "year": year });
        audit(
            &mut tx,
            body_id,
            None,
            None,
            actor,
            "保存年度报告草稿 / draft saved",
            &detail,
        )
        .await?;
        Ok(())
        }
        .await;
        finish(tx, r).await
    }

    /// The year-end report `body_id` is building for `year`.
    pub async fn ledger_draft(&self, body_id: i64, year: i32) -> Result<Option<LedgerDraft>> {
        let row: Option<(String, Option<String>, Option<String>, String)> = sqlx::query_as(
            "SELECT narrative, published_at, file_sha256, updated_at FROM ledger_drafts WHERE body_id = $1 AND year = $2",
        )
        .bind(body_id)
        .bind(i64::from(year))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(n, published_at, file_sha256, updated_at)| {
            Ok(LedgerDraft {
                body_id,
                year,
                narrative: serde_json::from_str(&n)?,
                published_at,
                file_sha256,
                updated_at,
            })
        })
        .transpose()
    }

    /// Marks `body_id`'s `year` report published as the stored file `file_sha256` (the
    /// caller has checked it first, and stored it with [`Store::put_file`]). Once only.
    pub async fn ledger_publish(
        &self,
        body_id: i64,
        year: i32,
        file_sha256: &str,
        actor: &str,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let r: Result<()> = async {
        let at = now();
        let changed = sqlx::query(
            "UPDATE ledger_drafts SET published_at = $1, file_sha256 = $2, updated_at = $1 \
             WHERE body_id = $3 AND year = $4 AND published_at IS NULL",
        )
        .bind(&at)
        .bind(file_sha256)
        .bind(body_id)
        .bind(i64::from(year))
        .execute(&mut *tx)
        .await?;
        if changed.rows_affected() != 1 {
            return Err(StoreError::Conflict(format!(
                "{year} 年度报告没有草稿或已发布 / the {year} report has no draft or is published already"
            )));
        }
        let detail = serde_json::json!({ "year": year, "file_sha256": file_sha256 });
        audit(
            &mut tx,
            body_id,
            None,
            None,
            actor,
            "发布年度报告 / report published",
            &detail,
        )
        .await?;
        Ok(())
        }
        .await;
        finish(tx, r).await
    }
}

impl LedgerRecord {
    /// The record of an engine request, its columns computed: `closed` once it has an
    /// outcome, the due date in force by the calendar (`None` when the calendar cannot tell,
    /// or while the clock is stopped).
    pub fn of(r: &xxgk_ledger::Request, cal: &xxgk_ledger::Calendar) -> Result<LedgerRecord> {
        let due = r.schedule(cal).ok().and_then(|s| s.due);
        Ok(LedgerRecord {
            number: r.number.clone(),
            year: i32::from(r.received.year()),
            received: r.received.to_string(),
            status: if r.outcome.is_some() {
                "closed"
            } else {
                "open"
            }
            .into(),
            due: due.map(|d| d.to_string()),
            closed: r.outcome.as_ref().map(|o| o.answered.to_string()),
            request: serde_json::to_value(r)?,
        })
    }

    /// The engine's request this record keeps.
    pub fn engine(&self) -> Result<xxgk_ledger::Request> {
        Ok(serde_json::from_value(self.request.clone())?)
    }
}

/// A body's whole ledger as the engine sees it, with where each part is stored.
#[derive(Debug, Clone)]
pub struct LoadedLedger {
    /// The engine's ledger (requests in order of registration, appeals).
    pub ledger: xxgk_ledger::Ledger,
    /// For each request of `ledger.requests`, its stored id and version.
    pub request_ids: Vec<(i64, i64)>,
    /// For each appeal of `ledger.appeals`, its stored id.
    pub appeal_ids: Vec<i64>,
}

impl Store {
    /// The name of a body of the organisation tree.
    pub async fn body_name(&self, body_id: i64) -> Result<Option<String>> {
        let row: Option<(String,)> = sqlx::query_as("SELECT name FROM bodies WHERE id = $1")
            .bind(body_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.0))
    }

    /// `body_id`'s whole ledger for the engine (the year-end tables, the next number);
    /// `None` for a body the tree does not hold.
    pub async fn ledger_load(&self, body_id: i64) -> Result<Option<LoadedLedger>> {
        let Some(name) = self.body_name(body_id).await? else {
            return Ok(None);
        };
        let rows: Vec<RequestRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {REQUEST_COLUMNS} FROM ledger_requests WHERE body_id = $1 ORDER BY id"
        )))
        .bind(body_id)
        .fetch_all(&self.pool)
        .await?;
        let mut ledger = xxgk_ledger::Ledger::new(name);
        let mut request_ids = Vec::with_capacity(rows.len());
        for row in rows {
            let stored = request_of(row)?;
            ledger.requests.push(stored.record.engine()?);
            request_ids.push((stored.id, stored.version));
        }
        let appeals: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, appeal FROM ledger_appeals WHERE body_id = $1 ORDER BY id")
                .bind(body_id)
                .fetch_all(&self.pool)
                .await?;
        let mut appeal_ids = Vec::with_capacity(appeals.len());
        for (id, a) in appeals {
            ledger.appeals.push(serde_json::from_str(&a)?);
            appeal_ids.push(id);
        }
        Ok(Some(LoadedLedger {
            ledger,
            request_ids,
            appeal_ids,
        }))
    }
}
