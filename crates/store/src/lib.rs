//! The corpus: every report of a region and of every year, in a real database.
//!
//! One code path (sqlx's `Any` driver, runtime-checked queries with `$N` placeholders)
//! for two databases: an embedded SQLite file by default (`sqlite://xxgk.db`, nothing to
//! install or start) and PostgreSQL (`postgres://…`) for a province's shared corpus. The
//! migrations of each (`migrations/sqlite`, `migrations/postgres`) are applied on open.
//!
//! What is kept:
//!
//! * each original file, content-addressed by its SHA-256, **before** anything is parsed
//!   ([`Store::put_file`]), so nothing uploaded is lost and any report can be read again
//!   when the readers improve ([`Store::reparse`]);
//! * for each file, its report: the extraction, the canonical report, the body it was
//!   matched to, the findings with their cell and values, and the version of xxgk that
//!   produced them. A corrected report for the same body and year becomes the current
//!   version; the old one is kept;
//! * the organisation tree ([`bodies`]): regions, bodies, aliases, the years each must
//!   report;
//! * MinHash bands of each section ([`xxgk_check::similarity`]), so that the candidates
//!   of 内容雷同 (X102) are found by an index lookup, never by comparing all pairs;
//! * the agency's request ledger ([`ledger`]): requests, reviews and litigations, the
//!   year-end drafts, and an append-only audit trail of every change.
//!
//! The cross-report rules live in the check crate and see other reports through
//! [`xxgk_check::History`]; [`cross`] gives them a snapshot read from the store.
#![deny(missing_docs)]
// rows are read as tuples of their columns (sqlx `FromRow`), named where they are used
#![allow(clippy::type_complexity)]

pub mod bodies;
pub mod cross;
mod db;
pub mod export;
pub mod ingest;
pub mod ledger;
pub mod query;
pub mod stats;
pub mod web;

pub use db::{Backend, DEFAULT_URL, Store};
pub use ingest::{IngestOptions, IngestSummary, Progress, Silent};

/// The version of xxgk recorded with every stored report and finding.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The URL names no database we can open.
    #[error("无法打开数据库 {url} / cannot open the database {url}: {reason}")]
    Open {
        /// The URL as given (password hidden).
        url: String,
        /// Why.
        reason: String,
    },
    /// A query failed.
    #[error("数据库错误 / database error: {0}")]
    Db(#[from] sqlx::Error),
    /// Applying the migrations failed.
    #[error("数据库迁移失败 / migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Stored JSON that no longer parses (a report written by another version).
    #[error("无法解析存储的数据 / stored data does not parse: {0}")]
    Json(#[from] serde_json::Error),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A change that collides with the stored state: a register number taken, a record
    /// changed by someone else meanwhile, a report already published.
    #[error("{0}")]
    Conflict(String),
    /// An organisation tree or an export that cannot be read or written as asked.
    #[error("{0}")]
    Invalid(String),
}

/// The store's result type.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
