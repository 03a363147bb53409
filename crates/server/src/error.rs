//! What a request can fail with, and how each failure answers: JSON for the API, a small
//! page for the pages.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use xxgk_store::StoreError;

/// What can go wrong in the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// Not signed in.
    #[error("请先登录 / sign in first")]
    Unauthorized,
    /// Signed in, but not allowed (an admin's action).
    #[error("无权执行此操作 / not allowed")]
    Forbidden,
    /// No such thing, or not one this account may see.
    #[error("未找到 / not found")]
    NotFound,
    /// The CSRF token is missing or wrong.
    #[error(
        "表单已失效或缺少 CSRF 令牌，请刷新页面后重试 / the CSRF token is missing or wrong: reload the page and try again"
    )]
    Csrf,
    /// Wrong user name or password.
    #[error("用户名或口令错误 / wrong user name or password")]
    BadLogin,
    /// Too many failed logins.
    #[error("登录失败次数过多，请 15 分钟后再试 / too many failed logins: try again in 15 minutes")]
    Throttled,
    /// A file larger than the limit.
    #[error(
        "文件 {name} 过大（上限 {limit} 字节）/ the file {name} is too large (limit {limit} bytes)"
    )]
    TooLarge {
        /// The file.
        name: String,
        /// The limit in bytes.
        limit: usize,
    },
    /// A request that does not say what it should.
    #[error("{0}")]
    BadRequest(String),
    /// The server cannot start as configured.
    #[error("{0}")]
    Config(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A template failed to render.
    #[error("页面生成失败 / page rendering failed: {0}")]
    Template(#[from] askama::Error),
}

impl ServerError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ServerError::Unauthorized | ServerError::BadLogin => StatusCode::UNAUTHORIZED,
            ServerError::Forbidden | ServerError::Csrf => StatusCode::FORBIDDEN,
            ServerError::NotFound => StatusCode::NOT_FOUND,
            ServerError::Throttled => StatusCode::TOO_MANY_REQUESTS,
            ServerError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ServerError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ServerError::Store(StoreError::Invalid(_)) => StatusCode::BAD_REQUEST,
            ServerError::Store(StoreError::Conflict(_)) => StatusCode::CONFLICT,
            ServerError::Config(_) | ServerError::Store(_) | ServerError::Template(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }
}

/// A failure of an API call: `{"error": "…"}` with its status.
#[derive(Debug)]
pub(crate) struct ApiError(pub(crate) ServerError);

impl<E: Into<ServerError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            eprintln!("xxgk: {}", self.0);
        }
        (
            status,
            Json(serde_json::json!({ "error": self.0.to_string() })),
        )
            .into_response()
    }
}

/// A failure of a page: the sign-in page when not signed in, else a small page saying
/// what went wrong.
#[derive(Debug)]
pub(crate) struct PageError(pub(crate) ServerError);

impl<E: Into<ServerError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        if matches!(self.0, ServerError::Unauthorized) {
            return Redirect::to("/login").into_response();
        }
        let status = self.0.status();
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            eprintln!("xxgk: {}", self.0);
        }
        let page = crate::pages::ErrorPage {
            status: status.as_u16(),
            message: self.0.to_string(),
        };
        match askama::Template::render(&page) {
            Ok(html) => (status, axum::response::Html(html)).into_response(),
            Err(_) => (status, self.0.to_string()).into_response(),
        }
    }
}
