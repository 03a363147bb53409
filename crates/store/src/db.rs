//! Opening the database and applying its migrations.

use crate::{Result, StoreError};
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use std::time::Duration;

/// The default database: an SQLite file in the working directory.
pub const DEFAULT_URL: &str = "sqlite://xxgk.db";

/// Which database a store is on. The SQL is the same but for a few clauses (row locks,
/// key generation in the schema).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// An open corpus.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) pool: AnyPool,
    backend: Backend,
    url: String,
}

/// The URL with its password replaced, for messages.
pub(crate) fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl Store {
    /// Opens (creating an SQLite file if needed) and migrates the database at `url`:
    /// `sqlite://PATH` or `postgres://USER:PASSWORD@HOST/DB`.
    pub async fn open(url: &str) -> Result<Store> {
        install_default_drivers();
        let open_error = |reason: String| StoreError::Open {
            url: redact(url),
            reason,
        };
        let (backend, connect) = if let Some(path) = url.strip_prefix("sqlite:") {
            let path = path.trim_start_matches("//");
            if path.is_empty() {
                return Err(open_error("没有文件路径 / no file path".into()));
            }
            let sep = if path.contains('?') { '&' } else { '?' };
            let connect = if path.contains("mode=") {
                format!("sqlite://{path}")
            } else {
                format!("sqlite://{path}{sep}mode=rwc")
            };
            (Backend::Sqlite, connect)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_string())
        } else {
            return Err(open_error(
                "只支持 sqlite://PATH 与 postgres://USER:PASSWORD@HOST/DB / only sqlite://PATH and postgres://USER:PASSWORD@HOST/DB are supported".into(),
            ));
        };
        // one direct connection first: a server that refuses or a file that cannot be made
        // fails at once with its own reason, not after the pool's acquire timeout
        {
            use sqlx::Connection as _;
            let probe = tokio::time::timeout(
                Duration::from_secs(15),
                sqlx::AnyConnection::connect(&connect),
            )
            .await
            .map_err(|_| open_error("连接超时 / connection timed out".into()))?
            .map_err(|e| open_error(e.to_string()))?;
            let _ = probe.close().await;
        }
        let mut options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(30));
        options = match backend {
            // one writer at a time in SQLite: a few connections, each waiting its turn
            Backend::Sqlite => options.max_connections(4).after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute("PRAGMA busy_timeout = 30000").await?;
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    Ok(())
                })
            }),
            Backend::Postgres => options.max_connections(8),
        };
        let pool = options
            .connect(&connect)
            .await
            .map_err(|e| open_error(e.to_string()))?;
        let store = Store {
            pool,
            backend,
            url: redact(url),
        };
        store
            .migrate()
            .await
            .map_err(|e| open_error(e.to_string()))?;
        // reports stored before report_stats existed get their row once
        store.backfill_stats().await?;
        Ok(store)
    }

    async fn migrate(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => {
                // 0004 moves the large columns out of `reports`; SQLite leaves the rows
                // where they were (a page each) until the file is rebuilt, so a database
                // that gets 0004 now is vacuumed once afterwards (outside the migration's
                // transaction, where VACUUM cannot run)
                let had_docs: Option<(i64,)> =
                    sqlx::query_as("SELECT version FROM _sqlx_migrations WHERE version = 4")
                        .fetch_optional(&self.pool)
                        .await
                        .unwrap_or(Some((0,)));
                sqlx::migrate!("./migrations/sqlite")
                    .run(&self.pool)
                    .await?;
                if had_docs.is_none() {
                    sqlx::query("VACUUM").execute(&self.pool).await?;
                }
            }
            Backend::Postgres => {
                sqlx::migrate!("./migrations/postgres")
                    .run(&self.pool)
                    .await?
            }
        }
        Ok(())
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The URL it was opened with, password hidden.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The connection pool, for the server and the tests.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Begins a transaction that writes. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), waiting its turn under the busy timeout: a deferred transaction
    /// that reads first and writes later fails at once with "database is locked" when
    /// another connection wrote meanwhile, since SQLite cannot upgrade it by waiting.
    pub(crate) async fn write_tx(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// `FOR UPDATE SKIP LOCKED` on PostgreSQL, where several workers share a queue;
    /// nothing on SQLite, where one writer holds the database.
    pub(crate) fn skip_locked(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "",
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        }
    }

    /// Creates an empty PostgreSQL database `name` (letters, digits and `_`) on the server
    /// of `admin_url`, and returns its URL. For test suites and first installs.
    pub async fn create_database(admin_url: &str, name: &str) -> Result<String> {
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(StoreError::Invalid(format!(
                "数据库名只能含字母、数字和下划线 / a database name is letters, digits and _: {name}"
            )));
        }
        if !(admin_url.starts_with("postgres://") || admin_url.starts_with("postgresql://")) {
            return Err(StoreError::Invalid(
                "只有 PostgreSQL 可以创建数据库 / only PostgreSQL creates databases".into(),
            ));
        }
        // one plain connection: the administrative database is neither migrated nor pooled
        use sqlx::Connection as _;
        install_default_drivers();
        let mut admin =
            sqlx::AnyConnection::connect(admin_url)
                .await
                .map_err(|e| StoreError::Open {
                    url: redact(admin_url),
                    reason: e.to_string(),
                })?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await?;
        let _ = admin.close().await;
        let (base, _) = admin_url.split_once('?').unwrap_or((admin_url, ""));
        let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
        Ok(format!("{base}/{name}"))
    }

    /// Serialises the writing of results between workers (PostgreSQL): the analyses run
    /// in parallel on every worker, their results are written one transaction at a time,
    /// so that two workers never create the same body twice nor deadlock on the shared
    /// band counts. Held until the transaction ends. SQLite has one writer anyway.
    pub(crate) async fn lock_writes(&self, tx: &mut sqlx::AnyConnection) -> Result<()> {
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock(20210030)")
                .execute(&mut *tx)
                .await?;
        }
        Ok(())
    }

    /// The database's own consistency check: `PRAGMA integrity_check` on SQLite (true
    /// when it answers `ok`); on PostgreSQL, that every table can be read.
    pub async fn integrity_check(&self) -> Result<bool> {
        match self.backend {
            Backend::Sqlite => {
                let (answer,): (String,) = sqlx::query_as("PRAGMA integrity_check")
                    .fetch_one(&self.pool)
                    .await?;
                Ok(answer == "ok")
            }
            Backend::Postgres => {
                for t in ["files", "reports", "findings", "bodies", "regions"] {
                    sqlx::query(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {t}")))
                        .fetch_one(&self.pool)
                        .await?;
                }
                Ok(true)
            }
        }
    }

    /// Closes the pool (SQLite checkpoints its write-ahead log).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Now, as stored (`2026-01-23T08:00:00Z`).
pub(crate) fn now() -> String {
    jiff::Timestamp::now().to_string()
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_hidden_in_messages() {
        assert_eq!(
            redact("postgres://xxgk:secret@db.example/corpus"),
            "postgres://xxgk:***@db.example/corpus"
        );
        assert_eq!(redact("sqlite://xxgk.db"), "sqlite://xxgk.db");
    }
}
