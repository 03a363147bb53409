//! The web app's API and pages, driven in-process, against SQLite and PostgreSQL.

mod common;

use axum::http::StatusCode;
use common::{Client, Db, example, report_md, two_bodies};
use serde_json::json;

both!(
    upload_list_view_and_marks_survive_recheck,
    security,
    accounts_see_their_own_reports_only,
    pages_and_forms,
    oversized_and_refused_uploads,
    login_is_throttled,
    dashboard_sums_what_the_account_may_see,
);

/// Uploads the repository's examples and a generated report, lists and filters them,
/// reads one, marks a finding, re-checks everything: the mark is still there.
async fn upload_list_view_and_marks_survive_recheck(db: &Db) {
    let (store, app) = db.app(1024 * 1024).await;
    let admin = Client::admin(&app).await;
    let good = example("正确示例-2025.md");
    let bad = example("错误示例-2025.md");
    let r = admin
        .upload(
            "/api/reports",
            &[
                ("正确示例-2025.md", good.clone()),
                ("错误示例-2025.md", bad),
                ("gen.md", report_md(7, "成都市武侯区人民政府", 2024)),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let files = r.json()["files"].as_array().expect("files").clone();
    assert_eq!(files.len(), 3);
    assert!(files.iter().all(|f| f["status"] == "stored"), "{files:?}");
    // the same bytes again: a duplicate, nothing new
    let again = admin
        .upload("/api/reports", &[("copy.md", good)], None)
        .await;
    assert_eq!(again.json()["files"][0]["status"], "duplicate");
    admin.wait_queue().await;

    let list = admin.get("/api/reports").await.json();
    assert_eq!(list["total"], 3, "{list}");
    let by_year = admin.get("/api/reports?year=2024").await.json();
    assert_eq!(by_year["total"], 1);
    let q = admin
        .get(&format!("/api/reports?q={}", common::encode("司法局")))
        .await
        .json();
    assert_eq!(q["total"], 1, "{q}");
    let errors = admin.get("/api/reports?severity=error").await.json();
    let bad_row = errors["reports"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["file"] == "错误示例-2025.md"))
        .expect("the wrong example has errors")
        .clone();
    assert!(
        errors["reports"]
            .as_array()
            .expect("rows")
            .iter()
            .all(|r| r["errors"].as_i64() > Some(0))
    );
    let sorted = admin.get("/api/reports?sort=errors").await.json();
    assert_eq!(sorted["reports"][0]["file"], "错误示例-2025.md");
    let paged = admin.get("/api/reports?page=2").await.json();
    assert_eq!(paged["total"], 3);
    assert_eq!(paged["reports"].as_array().map(Vec::len), Some(0));
    assert_eq!(
        admin.get("/api/reports?sort=nonsense").await.status,
        StatusCode::BAD_REQUEST
    );

    let id = bad_row["id"].as_i64().expect("id");
    let one = admin.get(&format!("/api/reports/{id}")).await.json();
    assert!(one["report"]["agency"].is_string(), "{one}");
    let findings = one["findings"].as_array().expect("findings").clone();
    assert!(!findings.is_empty());
    let code = findings[0]["finding"]["code"]
        .as_str()
        .expect("code")
        .to_string();
    let rule = findings
        .iter()
        .find_map(|f| f["finding"]["code"].as_str())
        .map(|c| c[..2].to_string())
        .expect("a code");
    let by_rule = admin.get(&format!("/api/reports?rule={rule}")).await.json();
    assert!(by_rule["total"].as_i64() >= Some(1));

    let marked = admin
        .post_json(
            &format!("/api/reports/{id}/findings/0/mark"),
            &json!({"mark": "dismissed", "reason": "模板问题"}),
        )
        .await;
    assert_eq!(marked.status, StatusCode::OK, "{}", marked.text());
    assert_eq!(marked.json()["mark"]["mark"], "dismissed");
    let bad_mark = admin
        .post_json(
            &format!("/api/reports/{id}/findings/9999/mark"),
            &json!({"mark": "dismissed"}),
        )
        .await;
    assert_eq!(bad_mark.status, StatusCode::NOT_FOUND);

    // re-check: the findings are deleted and inserted again (ids change), the mark stays
    let re = admin.post_json("/api/recheck", &json!({})).await;
    assert_eq!(re.status, StatusCode::OK, "{}", re.text());
    assert_eq!(re.json()["files"], 3);
    let list = admin.get("/api/reports?severity=error").await.json();
    let new_id = list["reports"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["sha256"] == bad_row["sha256"]))
        .and_then(|r| r["id"].as_i64())
        .expect("the report again");
    let one = admin.get(&format!("/api/reports/{new_id}")).await.json();
    let f0 = &one["findings"][0];
    assert_eq!(f0["finding"]["code"], code.as_str());
    assert_eq!(f0["mark"]["mark"], "dismissed", "{f0}");
    assert_eq!(f0["mark"]["reason"], "模板问题");
    assert_eq!(f0["mark"]["by"], "admin");
    let page = admin.get(&format!("/reports/{new_id}")).await.text();
    assert!(
        page.contains("<span class=\"mark mark-dismissed\">已忽略 / dismissed: 模板问题</span>"),
        "{page}"
    );

    let subs = admin.get("/api/submissions?year=2025").await.json();
    assert!(subs["counts"]["submitted"].as_i64() >= Some(1), "{subs}");
    store.close().await;
}

/// Anonymous calls, CSRF, downloads.
async fn security(db: &Db) {
    let (_store, app) = db.app(1024 * 1024).await;
    let anon = Client::anonymous(&app);
    for path in [
        "/api/reports",
        "/api/reports/1",
        "/api/submissions?year=2025",
        "/api/queue",
    ] {
        let r = anon.get(path).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
        assert!(
            r.json()["error"]
                .as_str()
                .is_some_and(|e| e.contains("sign in"))
        );
    }
    let r = anon
        .upload("/api/reports", &[("a.txt", b"x".to_vec())], None)
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    for path in ["/reports", "/upload", "/reports/1", "/submissions"] {
        let r = anon.get(path).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(r.header("location"), "/login");
    }
    // every response carries the content security policy
    let r = anon.get("/login").await;
    assert_eq!(r.header("content-security-policy"), xxgk_server::CSP);
    assert_eq!(r.header("x-content-type-options"), "nosniff");

    let admin = Client::admin(&app).await;
    // a state-changing API call without the CSRF header is refused
    let mut no_csrf = admin.clone();
    no_csrf.csrf = None;
    let r = no_csrf
        .upload("/api/reports", &[("a.txt", b"x".to_vec())], None)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    let r = no_csrf
        .post_json(
            "/api/reports/1/findings/0/mark",
            &json!({"mark": "confirmed"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut wrong = admin.clone();
    wrong.csrf = Some("0".repeat(64));
    assert_eq!(
        wrong.post_json("/api/recheck", &json!({})).await.status,
        StatusCode::FORBIDDEN
    );

    // an uploaded HTML file comes back only as a download
    let html =
        b"<html><body><script>alert(1)</script>\xe6\x8a\xa5\xe5\x91\x8a</body></html>".to_vec();
    let r = admin
        .upload("/api/reports", &[("evil.html", html.clone())], None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let sha = r.json()["files"][0]["sha256"]
        .as_str()
        .expect("sha")
        .to_string();
    let d = admin.get(&format!("/files/{sha}")).await;
    assert_eq!(d.status, StatusCode::OK);
    assert!(d.header("content-disposition").starts_with("attachment"));
    assert_eq!(d.header("content-type"), "application/octet-stream");
    assert_eq!(d.header("x-content-type-options"), "nosniff");
    assert_eq!(d.body, html);
    assert_eq!(
        anon.get(&format!("/files/{sha}")).await.status,
        StatusCode::SEE_OTHER
    );

    let doc = admin.get("/api/openapi.json").await.json();
    for p in [
        "/api/login",
        "/api/reports",
        "/api/reports/{id}",
        "/api/submissions",
        "/api/reports/{id}/findings/{n}/mark",
        "/api/recheck",
        "/api/users",
    ] {
        assert!(doc["paths"][p].is_object(), "{p} not documented");
    }
    let r = admin.post_json("/api/logout", &json!({})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(
        admin.get("/api/reports").await.status,
        StatusCode::UNAUTHORIZED
    );
}

/// A reviewer sees its region and below; a body account its own reports; others are 404.
async fn accounts_see_their_own_reports_only(db: &Db) {
    let (store, app) = db.app(1024 * 1024).await;
    two_bodies(&store).await;
    let admin = Client::admin(&app).await;
    let r = admin
        .upload(
            "/api/reports",
            &[
                ("wuhou.md", report_md(1, "成都市武侯区人民政府", 2024)),
                ("mianyang.md", report_md(2, "绵阳市人民政府", 2024)),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    admin.wait_queue().await;
    let list = admin.get("/api/reports").await.json();
    let id_of = |name: &str| {
        list["reports"]
            .as_array()
            .and_then(|r| r.iter().find(|r| r["body"] == name))
            .and_then(|r| r["id"].as_i64())
            .unwrap_or_else(|| panic!("{name} in {list}"))
    };
    let wuhou = id_of("成都市武侯区人民政府");
    let mianyang = id_of("绵阳市人民政府");

    for user in [
        json!({"username": "chengdu", "password": "reviewer-pass", "role": "reviewer", "region": "/四川省/成都市"}),
        json!({"username": "mianyang", "password": "body-pass-1", "role": "body", "body": "绵阳市人民政府"}),
    ] {
        let r = admin.post_json("/api/users", &user).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }
    // only an admin creates accounts
    let reviewer = Client::login(&app, "chengdu", "reviewer-pass").await;
    let r = reviewer
        .post_json(
            "/api/users",
            &json!({"username": "x", "password": "xxxxxxxxx", "role": "admin"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        reviewer.post_json("/api/recheck", &json!({})).await.status,
        StatusCode::FORBIDDEN
    );

    let seen = reviewer.get("/api/reports").await.json();
    assert_eq!(seen["total"], 1, "{seen}");
    assert_eq!(seen["reports"][0]["id"], wuhou);
    assert_eq!(
        reviewer.get(&format!("/api/reports/{wuhou}")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        reviewer
            .get(&format!("/api/reports/{mianyang}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let body = Client::login(&app, "mianyang", "body-pass-1").await;
    let seen = body.get("/api/reports").await.json();
    assert_eq!(seen["total"], 1);
    assert_eq!(seen["reports"][0]["id"], mianyang);
    let other = body.get(&format!("/api/reports/{wuhou}")).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert_eq!(
        body.get(&format!("/reports/{wuhou}")).await.status,
        StatusCode::NOT_FOUND
    );
    let r = body
        .post_json(
            &format!("/api/reports/{wuhou}/findings/0/mark"),
            &json!({"mark": "confirmed"}),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "a body does not mark findings"
    );
    let sha = list["reports"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["id"] == wuhou))
        .and_then(|r| r["sha256"].as_str())
        .expect("sha")
        .to_string();
    assert_eq!(
        body.get(&format!("/files/{sha}")).await.status,
        StatusCode::NOT_FOUND
    );
    let subs = body.get("/api/submissions?year=2024").await.json();
    assert_eq!(
        subs["submissions"].as_array().map(Vec::len),
        Some(1),
        "{subs}"
    );
    let subs = admin.get("/api/submissions?year=2024").await.json();
    assert_eq!(subs["counts"]["submitted"], 2, "{subs}");
}

/// The pages: sign-in with its pre-session CSRF, the list, the report view with its
/// highlighted cells and mark forms, a form posted without its token.
async fn pages_and_forms(db: &Db) {
    let (_store, app) = db.app(1024 * 1024).await;
    let anon = Client::anonymous(&app);
    let login = anon.get("/login").await;
    assert_eq!(login.status, StatusCode::OK);
    let page = login.text();
    assert!(!page.contains("<script>") && !page.contains("style="));
    let token = page
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("csrf field")
        .to_string();
    let cookie = login.header("set-cookie");
    assert!(cookie.starts_with(&format!("xxgk_login_csrf={token}")));
    // without the token: refused
    let mut with_cookie = anon.clone();
    with_cookie.cookie = Some(format!("xxgk_login_csrf={token}"));
    let r = with_cookie
        .post_form(
            "/login",
            &[("username", "admin"), ("password", common::ADMIN_PASSWORD)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = with_cookie
        .post_form(
            "/login",
            &[
                ("username", "admin"),
                ("password", "wrong"),
                ("csrf", &token),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.text().contains("用户名或口令错误"));
    let r = with_cookie
        .post_form(
            "/login",
            &[
                ("username", "admin"),
                ("password", common::ADMIN_PASSWORD),
                ("csrf", &token),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.header("location"), "/reports");
    let session = r
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("xxgk_session="))
        .and_then(|c| c.split(';').next())
        .expect("session cookie")
        .to_string();
    let mut user = anon.clone();
    user.cookie = Some(session);

    // upload through the page form (the csrf field first)
    let upload = user.get("/upload").await.text();
    assert!(upload.contains("<form id=\"upload-form\" enctype=\"multipart/form-data\" method=\"post\" action=\"/upload\">"));
    assert!(upload.contains("<input type=\"file\" name=\"file\" multiple"));
    let csrf = upload
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("csrf")
        .to_string();
    let r = user
        .upload(
            "/upload",
            &[("错误示例-2025.md", example("错误示例-2025.md"))],
            Some("wrong-token"),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = user
        .upload(
            "/upload",
            &[
                ("错误示例-2025.md", example("错误示例-2025.md")),
                ("a.exe", b"MZ\x90\0".to_vec()),
            ],
            Some(&csrf),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let text = r.text();
    assert!(text.contains("id=\"upload-result\""));
    assert!(text.contains("upload-item status-stored"));
    assert!(text.contains("upload-item status-refused"));
    user.csrf = Some(csrf.clone());
    user.wait_queue().await;

    let list = user.get("/reports?severity=error&sort=errors").await.text();
    assert!(list.contains("id=\"report-list\""));
    let href = list
        .split("<a class=\"report-link\" href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a report link")
        .to_string();
    let view = user.get(&href).await;
    assert_eq!(view.status, StatusCode::OK);
    let view = view.text();
    assert!(
        view.contains("class=\"n cell-error\" data-finding=\""),
        "no highlighted cell"
    );
    assert!(view.contains("<ol id=\"findings\">"));
    assert!(view.contains("<li class=\"finding sev-"));
    assert!(view.contains("id=\"finding-0\""));
    assert!(view.contains("href=\"/rules/"));
    assert!(view.contains("id=\"original\" href=\"/files/"));
    assert!(view.contains(&format!(
        "<form class=\"mark-form\" method=\"post\" action=\"{href}/findings/0/mark\">"
    )));
    assert!(!view.contains("style="), "inline styles break the CSP");

    // a form posted without its CSRF token is refused
    let mark = format!("{href}/findings/0/mark");
    let r = user
        .post_form(&mark, &[("mark", "dismissed"), ("reason", "x")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = user
        .post_form(
            &mark,
            &[("mark", "confirmed"), ("reason", "属实"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let view = user.get(&href).await.text();
    assert!(view.contains("<span class=\"mark mark-confirmed\">已确认 / confirmed: 属实</span>"));

    let code = view
        .split("href=\"/rules/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("rule link")
        .to_string();
    let rule = user.get(&format!("/rules/{code}")).await;
    assert_eq!(rule.status, StatusCode::OK);
    assert!(rule.text().contains(&code));
    assert_eq!(user.get("/rules/Z999").await.status, StatusCode::NOT_FOUND);

    let subs = user.get("/submissions?year=2025").await.text();
    assert!(subs.contains("已提交") && subs.contains("逾期") && subs.contains("未提交"));
    let failed = user.get("/reports?status=failed").await;
    assert_eq!(failed.status, StatusCode::OK);

    let css = user.get("/assets/app.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.header("content-type").starts_with("text/css"));
    let js = user.get("/assets/htmx.min.js").await;
    assert!(js.text().contains("htmx"));

    let r = user.post_form("/logout", &[("csrf", &csrf)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(user.get("/reports").await.status, StatusCode::SEE_OTHER);
}

/// A file over the limit is refused with 413 and a message naming it and the limit;
/// a file of another kind is refused with its reason; the rest of the batch is stored.
async fn oversized_and_refused_uploads(db: &Db) {
    let (_store, app) = db.app(4096).await;
    let admin = Client::admin(&app).await;
    let r = admin
        .upload(
            "/api/reports",
            &[
                ("big.txt", vec![b'a'; 5000]),
                ("small.txt", "一份很短的文本".as_bytes().to_vec()),
                ("tool.exe", b"MZ\x90\0".to_vec()),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text());
    let v = r.json();
    let error = v["error"].as_str().expect("message");
    assert!(
        error.contains("big.txt") && error.contains("4096"),
        "{error}"
    );
    assert!(error.contains("过大") && error.contains("too large"));
    let files = v["files"].as_array().expect("files");
    assert_eq!(files[0]["status"], "refused");
    assert_eq!(files[1]["status"], "stored");
    assert_eq!(files[2]["status"], "refused");
    assert!(
        files[2]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("not accepted"))
    );
    admin.wait_queue().await;
    // a text that is not a report is listed apart
    let failed = admin.get("/api/reports?status=failed").await.json();
    assert_eq!(failed["total"], 1, "{failed}");
    assert_eq!(admin.get("/api/reports").await.json()["total"], 0);
    let page = admin.get("/reports").await.text();
    assert!(page.contains("id=\"failed-link\""), "{page}");
}

/// Five failures for a name refuse the next attempt, the right password too.
async fn login_is_throttled(db: &Db) {
    let (_store, app) = db.app(4096).await;
    let anon = Client::anonymous(&app);
    for _ in 0..5 {
        let r = anon
            .post_json(
                "/api/login",
                &json!({"username": "admin", "password": "nope"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = anon
        .post_json(
            "/api/login",
            &json!({"username": "admin", "password": common::ADMIN_PASSWORD}),
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let e = r.json()["error"].as_str().expect("message").to_string();
    assert!(
        e.contains("请 15 分钟后再试") && e.contains("too many"),
        "{e}"
    );
}

/// The dashboard of the latest year by default, by region one level under the common
/// parent, with the table behind each chart; a reviewer's dashboard holds only its region.
async fn dashboard_sums_what_the_account_may_see(db: &Db) {
    let (store, app) = db.app(1024 * 1024).await;
    two_bodies(&store).await;
    let admin = Client::admin(&app).await;
    assert_eq!(
        Client::anonymous(&app).get("/api/dashboard").await.status,
        StatusCode::UNAUTHORIZED
    );
    let r = admin
        .upload(
            "/api/reports",
            &[
                ("wuhou.md", report_md(11, "成都市武侯区人民政府", 2024)),
                ("wuhou-2023.md", report_md(12, "成都市武侯区人民政府", 2023)),
                ("mianyang.md", report_md(13, "绵阳市人民政府", 2024)),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    admin.wait_queue().await;
    let new = |seed| {
        xxgk_testkit::generate(seed)
            .requests
            .and_then(|t| {
                t.get(
                    xxgk_model::RequestRow::NewReceived,
                    xxgk_model::Applicant::Total,
                )
            })
            .expect("table three")
    };
    let d = admin.get("/api/dashboard").await.json();
    assert_eq!(d["dashboard"]["year"], 2024, "the latest year: {d}");
    assert_eq!(d["dashboard"]["years"], json!([2024, 2023]));
    assert_eq!(d["dashboard"]["parent_region"], "/四川省");
    let region = |d: &serde_json::Value, name: &str| {
        d["dashboard"]["by_region"]
            .as_array()
            .and_then(|g| g.iter().find(|g| g["name"] == name))
            .map(|g| g["outcomes"]["values"][0].clone())
    };
    assert_eq!(region(&d, "成都市"), Some(json!(new(11))), "{d}");
    assert_eq!(region(&d, "绵阳市"), Some(json!(new(13))), "{d}");
    let years = d["dashboard"]["by_year"].as_array().expect("by_year");
    assert_eq!(years.len(), 2);
    assert_eq!(years[0]["outcomes"]["values"][0], json!(new(12)));

    let all = admin.get("/api/dashboard?year=all").await.json();
    assert_eq!(all["dashboard"]["year"], serde_json::Value::Null);
    assert_eq!(region(&all, "成都市"), Some(json!(new(11) + new(12))));
    assert_eq!(
        admin.get("/api/dashboard?year=soon").await.status,
        StatusCode::BAD_REQUEST
    );

    let r = admin
        .post_json(
            "/api/users",
            &json!({"username": "chengdu", "password": "reviewer-pass", "role": "reviewer", "region": "/四川省/成都市"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let reviewer = Client::login(&app, "chengdu", "reviewer-pass").await;
    let d = reviewer.get("/api/dashboard").await.json();
    assert_eq!(region(&d, "绵阳市"), None, "{d}");
    assert_eq!(d["dashboard"]["by_body"].as_array().map(Vec::len), Some(1));

    let page = reviewer.get("/dashboard?year=2024").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    for id in [
        "table-by-region",
        "table-by-body",
        "table-by-rule",
        "table-by-year",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id} in {html}");
    }
    assert!(html.contains("/assets/echarts.min.js"));
    assert!(html.contains(&format!("<td class=\"n\">{}</td>", new(11))));
    assert!(!html.contains("绵阳市"), "{html}");
    let js = reviewer.get("/assets/echarts.min.js").await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.body.len() > 500_000, "ECharts is embedded whole");
}
