//! The reviewer's web app: `xxgk serve`.
//!
//! Server-rendered pages (askama templates compiled into the binary, one embedded
//! stylesheet, htmx and two small scripts embedded with rust-embed, no inline script or
//! style under a strict content security policy) and a JSON API for everything the pages
//! do, documented as OpenAPI at `/api/openapi.json`. The handlers are thin: the store
//! ([`xxgk_store`]) keeps the files, reports, findings, accounts, sessions and marks; the
//! renderer ([`xxgk_render`]) draws the three tables.
//!
//! * [`app`] builds the router over an open store and starts the background task that
//!   processes uploaded files; [`serve`] listens on an address.
//! * Uploads are stored (committed) before the request is answered and processed in the
//!   background, by this server or by `xxgk worker`s on PostgreSQL; on start the server
//!   resumes whatever is queued.
//! * Accounts: admin, reviewer (a region and everything under it), body (its own
//!   reports). Sessions live in the database (cookie `xxgk_session`, HttpOnly,
//!   SameSite=Strict); every form carries the session's CSRF token as the field `csrf`,
//!   every state-changing API call as the header `X-CSRF-Token`.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let store = xxgk_store::Store::open("sqlite://xxgk.db").await?;
//! let addr: std::net::SocketAddr = "127.0.0.1:8080".parse()?;
//! xxgk_server::serve(store, addr).await?;
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

mod admin;
mod api;
mod auth;
mod compare;
mod dashboard;
mod error;
mod exports;
mod ledger;
mod pages;
mod upload;
mod worker;

pub use error::ServerError;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use std::net::SocketAddr;
use std::sync::Arc;
use xxgk_store::Store;

/// The default upload limit per file: 50 MB.
pub const DEFAULT_MAX_UPLOAD: usize = 50 * 1024 * 1024;

/// The files one upload request may carry at most (the request's size limit is this many
/// times the per-file limit).
pub const MAX_FILES_PER_REQUEST: usize = 64;

/// The content security policy of every response.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'";

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The largest file accepted, in bytes (`XXGK_MAX_UPLOAD`).
    pub max_upload: usize,
    /// The first admin's password on an empty database (`XXGK_ADMIN_PASSWORD`); generated
    /// and printed once when unset.
    pub admin_password: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_upload: DEFAULT_MAX_UPLOAD,
            admin_password: None,
        }
    }
}

impl Config {
    /// From the environment: `XXGK_MAX_UPLOAD` (bytes, or with a `K`/`M`/`G` suffix) and
    /// `XXGK_ADMIN_PASSWORD`.
    pub fn from_env() -> Result<Config, ServerError> {
        let max_upload = match std::env::var("XXGK_MAX_UPLOAD") {
            Ok(v) => parse_size(&v).ok_or_else(|| {
                ServerError::Config(format!(
                    "XXGK_MAX_UPLOAD 不是大小 / is not a size: {v} (例 / e.g. 52428800, 50M)"
                ))
            })?,
            Err(_) => DEFAULT_MAX_UPLOAD,
        };
        Ok(Config {
            max_upload,
            admin_password: std::env::var("XXGK_ADMIN_PASSWORD")
                .ok()
                .filter(|p| !p.is_empty()),
        })
    }
}

/// `52428800`, `50M`, `50MB`, `512k`, `1G` → bytes.
fn parse_size(v: &str) -> Option<usize> {
    let v = v.trim().to_ascii_uppercase();
    let v = v.strip_suffix('B').unwrap_or(&v);
    let (digits, unit) = match v.chars().last()? {
        'K' => (&v[..v.len() - 1], 1024),
        'M' => (&v[..v.len() - 1], 1024 * 1024),
        'G' => (&v[..v.len() - 1], 1024 * 1024 * 1024),
        _ => (v, 1),
    };
    digits.trim().parse::<usize>().ok()?.checked_mul(unit)
}

/// What every handler shares.
#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) store: Store,
    pub(crate) config: Arc<Config>,
    pub(crate) worker: worker::Worker,
}

/// The router over an open store: creates the first admin on an empty database (the
/// generated password is printed once on stderr) and starts the background task that
/// processes the queue (resuming what an earlier run left). Must run inside a tokio
/// runtime.
pub async fn app(store: Store, config: Config) -> Result<Router, ServerError> {
    if let Some(password) = store.ensure_admin(config.admin_password.as_deref()).await? {
        eprintln!(
            "xxgk: 已创建管理员 admin，口令（只显示这一次）/ created the admin account `admin`, password (shown only this once): {password}"
        );
    }
    let worker = worker::Worker::start(store.clone());
    let max_upload = config.max_upload;
    let state = AppState {
        store,
        config: Arc::new(config),
        worker,
    };
    let upload_limit = DefaultBodyLimit::max(
        max_upload
            .saturating_mul(MAX_FILES_PER_REQUEST)
            .saturating_add(1024 * 1024),
    );
    Ok(Router::new()
        .merge(pages::routes(upload_limit))
        .merge(api::routes(upload_limit))
        .merge(dashboard::routes())
        .merge(ledger::routes())
        .merge(exports::routes())
        .merge(admin::routes())
        .merge(compare::routes())
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state))
}

/// Listens on `addr` until Ctrl-C (or SIGTERM), then lets the requests in flight finish.
pub async fn serve(store: Store, addr: SocketAddr) -> Result<(), ServerError> {
    let config = Config::from_env()?;
    let router = app(store.clone(), config).await?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| ServerError::Config(format!("无法监听 / cannot listen on {addr}: {e}")))?;
    let local = listener.local_addr().unwrap_or(addr);
    eprintln!("xxgk: 网页应用已启动 / the web app listens on http://{local}/");
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown())
    .await
    .map_err(|e| ServerError::Config(format!("服务器出错 / server error: {e}")))?;
    store.close().await;
    Ok(())
}

async fn shutdown() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(t) => t,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
    eprintln!("xxgk: 停止 / stopping");
}

/// The headers of every response: the content security policy, `nosniff`, no framing.
async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_parse_with_units() {
        assert_eq!(parse_size("52428800"), Some(52_428_800));
        assert_eq!(parse_size("50M"), Some(50 * 1024 * 1024));
        assert_eq!(parse_size("50mb"), Some(50 * 1024 * 1024));
        assert_eq!(parse_size("2k"), Some(2048));
        assert_eq!(parse_size("lots"), None);
    }
}
