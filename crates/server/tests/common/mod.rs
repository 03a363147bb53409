//! The API suite runs against each database, as the store's suite does (its `Db` and
//! `both!` are used here): an SQLite file in a temporary directory, and a fresh PostgreSQL
//! database on the server named by `XXGK_TEST_PG`.
//! The router is driven in-process (`tower::ServiceExt::oneshot`).
#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use serde_json::Value;
use std::time::Duration;
use tower::ServiceExt as _;
use xxgk_store::Store;

pub const ADMIN_PASSWORD: &str = "admin-password-1";

// The databases and the reports are the store suite's own: one definition for both suites.
#[path = "../../../store/tests/common/mod.rs"]
mod corpus;
pub use corpus::*;

impl Db {
    /// The store and the app over it, with a small upload limit.
    pub async fn app(&self, max_upload: usize) -> (Store, Router) {
        let store = Store::open(&self.url).await.expect("open store");
        let app = xxgk_server::app(
            store.clone(),
            xxgk_server::Config {
                max_upload,
                admin_password: Some(ADMIN_PASSWORD.into()),
            },
        )
        .await
        .expect("app");
        (store, app)
    }
}

/// A response read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    }
}

async fn read(res: Response<Body>) -> Reply {
    let status = res.status();
    let headers = res.headers().clone();
    let body = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .expect("body")
        .to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

/// A client of the app: its session cookie and CSRF token once signed in.
#[derive(Clone)]
pub struct Client {
    pub app: Router,
    pub cookie: Option<String>,
    pub csrf: Option<String>,
}

impl Client {
    pub fn anonymous(app: &Router) -> Client {
        Client {
            app: app.clone(),
            cookie: None,
            csrf: None,
        }
    }

    pub async fn send(&self, mut req: Request<Body>) -> Reply {
        if let Some(c) = &self.cookie {
            req.headers_mut()
                .insert(header::COOKIE, c.parse().expect("cookie header"));
        }
        read(self.app.clone().oneshot(req).await.expect("infallible")).await
    }

    /// Signs in through the API.
    pub async fn login(app: &Router, user: &str, password: &str) -> Client {
        let mut c = Client::anonymous(app);
        let r = c
            .post_json(
                "/api/login",
                &serde_json::json!({"username": user, "password": password}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let cookie = r.header("set-cookie");
        let pair = cookie.split(';').next().expect("cookie").to_string();
        assert!(pair.starts_with("xxgk_session="));
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
        c.cookie = Some(pair);
        c.csrf = r.json()["csrf"].as_str().map(str::to_string);
        c
    }

    pub async fn admin(app: &Router) -> Client {
        Client::login(app, "admin", ADMIN_PASSWORD).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Request::get(path).body(Body::empty()).expect("request"))
            .await
    }

    /// A JSON POST, with the CSRF header when signed in.
    pub async fn post_json(&self, path: &str, v: &Value) -> Reply {
        let mut b = Request::post(path).header(header::CONTENT_TYPE, "application/json");
        if let Some(t) = &self.csrf {
            b = b.header("x-csrf-token", t);
        }
        self.send(b.body(Body::from(v.to_string())).expect("request"))
            .await
    }

    /// A form POST (the fields as given: no CSRF added).
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.send(
            Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .expect("request"),
        )
        .await
    }

    /// A multipart upload of `files` to `path` (`/api/reports` with the CSRF header, or
    /// `/upload` with the `csrf` field when `csrf_field` is set).
    pub async fn upload(
        &self,
        path: &str,
        files: &[(&str, Vec<u8>)],
        csrf_field: Option<&str>,
    ) -> Reply {
        let (ct, body) = multipart(files, csrf_field);
        let mut b = Request::post(path).header(header::CONTENT_TYPE, ct);
        if csrf_field.is_none()
            && let Some(t) = &self.csrf
        {
            b = b.header("x-csrf-token", t);
        }
        self.send(b.body(Body::from(body)).expect("request")).await
    }

    /// Waits until the background task has processed every queued file.
    pub async fn wait_queue(&self) {
        for _ in 0..600 {
            let r = self.get("/api/queue").await;
            if r.json()["queued"].as_i64() == Some(0) {
                // the cross-report rules of the last chunk run right after
                tokio::time::sleep(Duration::from_millis(300)).await;
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the queue was not processed in time");
    }
}

pub fn multipart(files: &[(&str, Vec<u8>)], csrf_field: Option<&str>) -> (String, Vec<u8>) {
    let boundary = "xxgkBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    if let Some(t) = csrf_field {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{t}\r\n")
                .as_bytes(),
        );
    }
    for (name, bytes) in files {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A generated report of `agency` for `year`, as Markdown.
pub fn report_md(seed: u64, agency: &str, year: i32) -> Vec<u8> {
    let mut r = xxgk_testkit::generate(seed);
    r.agency = Some(agency.into());
    r.year = Some(year);
    r.title = Some(format!("{agency}{year}年政府信息公开工作年度报告"));
    r.published = xxgk_model::Date::new(year as i16 + 1, 1, 20).ok();
    xxgk_render::markdown(&r).into_bytes()
}

/// The repository's example files (`examples/` at the workspace root).
pub fn example(name: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Imports two bodies in two regions: 成都市武侯区人民政府 (/四川省/成都市/武侯区) and
/// 绵阳市人民政府 (/四川省/绵阳市).
pub async fn two_bodies(store: &Store) {
    use xxgk_store::bodies::BodyRecord;
    let rec = |region: &[&str], name: &str| BodyRecord {
        region: region.iter().map(|s| s.to_string()).collect(),
        name: name.into(),
        kind: "government".into(),
        aliases: Vec::new(),
        from_year: Some(2024),
        to_year: None,
    };
    store
        .import_bodies(&[
            rec(&["四川省", "成都市", "武侯区"], "成都市武侯区人民政府"),
            rec(&["四川省", "绵阳市"], "绵阳市人民政府"),
        ])
        .await
        .expect("import bodies");
}
