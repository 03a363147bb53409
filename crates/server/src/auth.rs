//! Who is asking: the session cookie, the CSRF tokens, the client's address.

use crate::AppState;
use crate::error::{ApiError, PageError, ServerError};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use std::net::SocketAddr;
use xxgk_store::web::{Role, User};

/// The session cookie.
pub(crate) const SESSION_COOKIE: &str = "xxgk_session";
/// The pre-session CSRF cookie of the sign-in form (double submit).
pub(crate) const LOGIN_CSRF_COOKIE: &str = "xxgk_login_csrf";
/// The header API calls carry their CSRF token in.
pub(crate) const CSRF_HEADER: &str = "x-csrf-token";

/// A signed-in user, its session token and the session's CSRF token.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub(crate) user: User,
    pub(crate) csrf: String,
    pub(crate) token: String,
}

impl Session {
    /// Refuses unless the token given (form field or header) is the session's.
    pub(crate) fn check_csrf(&self, given: Option<&str>) -> Result<(), ServerError> {
        match given {
            Some(g) if same(g, &self.csrf) => Ok(()),
            _ => Err(ServerError::Csrf),
        }
    }

    /// Refuses unless the request's `X-CSRF-Token` header is the session's.
    pub(crate) fn check_csrf_header(&self, headers: &HeaderMap) -> Result<(), ServerError> {
        self.check_csrf(csrf_header(headers))
    }

    /// Refuses unless the user is an admin.
    pub(crate) fn admin(&self) -> Result<(), ServerError> {
        if self.user.role == Role::Admin {
            Ok(())
        } else {
            Err(ServerError::Forbidden)
        }
    }
}

/// The `X-CSRF-Token` header.
pub(crate) fn csrf_header(headers: &HeaderMap) -> Option<&str> {
    headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok())
}

/// Compares two tokens in time independent of where they differ.
pub(crate) fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A cookie's value.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, path `/`; `max_age` 0 removes it.
pub(crate) fn set_cookie(name: &str, value: &str, max_age: i64) -> HeaderValue {
    let v = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}");
    HeaderValue::from_str(&v).unwrap_or_else(|_| HeaderValue::from_static(""))
}

async fn session_of(parts: &Parts, state: &AppState) -> Result<Option<Session>, ServerError> {
    let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    Ok(state
        .store
        .session(token)
        .await?
        .map(|(user, csrf)| Session {
            user,
            csrf,
            token: token.to_string(),
        }))
}

/// A signed-in user of an API call; anonymous calls get 401 JSON.
pub(crate) struct ApiUser(pub(crate) Session);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match session_of(parts, state).await? {
            Some(s) => Ok(ApiUser(s)),
            None => Err(ApiError(ServerError::Unauthorized)),
        }
    }
}

/// A signed-in user of a page; anonymous visitors are sent to `/login`.
pub(crate) struct PageUser(pub(crate) Session);

impl FromRequestParts<AppState> for PageUser {
    type Rejection = PageError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        match session_of(parts, state).await? {
            Some(s) => Ok(PageUser(s)),
            None => Err(PageError(ServerError::Unauthorized)),
        }
    }
}

/// The client's address, when the server was started with it (for login throttling).
pub(crate) struct ClientIp(pub(crate) Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip().to_string()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_by_name() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; xxgk_session=abc; b=2"),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&h, "c"), None);
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "ab"));
    }
}
