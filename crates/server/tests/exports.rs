//! Review letters, their ZIP, the corpus download and the admin's accounts page, against
//! SQLite and PostgreSQL.

mod common;

use axum::http::StatusCode;
use common::{Client, Db, Reply, example, two_bodies};
use serde_json::{Value, json};
use std::io::Read as _;

both!(
    a_letter_lists_the_confirmed_findings_only,
    letters_zip_holds_the_bodies_with_confirmed_findings_of_the_region,
    corpus_download_holds_the_accounts_reports_only,
    admin_creates_accounts_through_the_page,
);

/// A generated report whose table three does not add up (new requests changed, totals
/// not): it has findings to confirm.
fn flawed_md(seed: u64, agency: &str, year: i32) -> Vec<u8> {
    use xxgk_model::{Applicant, RequestRow};
    let mut r = xxgk_testkit::generate(seed);
    r.agency = Some(agency.into());
    r.year = Some(year);
    r.title = Some(format!("{agency}{year}年政府信息公开工作年度报告"));
    r.published = xxgk_model::Date::new(year as i16 + 1, 1, 20).ok();
    if let Some(t) = r.requests.as_mut() {
        let v = t
            .get(RequestRow::NewReceived, Applicant::NaturalPerson)
            .unwrap_or(0);
        t.set(
            RequestRow::NewReceived,
            Applicant::NaturalPerson,
            Some(v + 7),
        );
    }
    xxgk_render::markdown(&r).into_bytes()
}

/// The text of a part of a ZIP (a DOCX is one).
fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
    let mut part = zip.by_name(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut s = String::new();
    part.read_to_string(&mut s).expect("UTF-8");
    s
}

fn zip_names(bytes: &[u8]) -> Vec<String> {
    let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
    let mut names: Vec<String> = zip
        .file_names()
        .map(|n| n.expect("a UTF-8 name").to_string())
        .collect();
    names.sort();
    names
}

/// The UTF-8 file name of a `Content-Disposition` (`filename*=UTF-8''…`, RFC 5987).
fn utf8_filename(d: &str) -> String {
    let enc = d.split("filename*=UTF-8''").nth(1).unwrap_or_default();
    let b = enc.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = enc
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("a UTF-8 file name")
}

fn assert_attachment(r: &Reply, name_part: &str) {
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let d = r.header("content-disposition");
    assert!(d.starts_with("attachment; filename=\""), "{d}");
    let name = utf8_filename(&d);
    assert!(name.contains(name_part), "{name} ({d})");
    assert_eq!(r.header("x-content-type-options"), "nosniff");
}

/// Uploads files as the admin and waits until they are processed.
async fn upload(admin: &Client, files: &[(&str, Vec<u8>)]) {
    let r = admin.upload("/api/reports", files, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    admin.wait_queue().await;
}

/// The current report of a body (or of a file) as the admin lists it.
async fn report_of(admin: &Client, key: &str, value: &str) -> i64 {
    let list = admin.get("/api/reports").await.json();
    list["reports"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r[key] == value))
        .and_then(|r| r["id"].as_i64())
        .unwrap_or_else(|| panic!("{value} in {list}"))
}

async fn findings(c: &Client, id: i64) -> Vec<Value> {
    c.get(&format!("/api/reports/{id}")).await.json()["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

async fn mark(c: &Client, id: i64, n: u64, mark: &str, reason: &str) {
    let r = c
        .post_json(
            &format!("/api/reports/{id}/findings/{n}/mark"),
            &json!({"mark": mark, "reason": reason}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

/// Confirms the first finding of a report; returns its code.
async fn confirm_first(c: &Client, id: i64) -> String {
    let f = findings(c, id).await;
    let first = f.first().expect("a finding to confirm");
    mark(
        c,
        id,
        first["index"].as_u64().expect("index"),
        "confirmed",
        "属实",
    )
    .await;
    first["finding"]["code"].as_str().expect("code").to_string()
}

/// A report with one confirmed and one dismissed finding (of different rules): its letter
/// names the body, the confirmed rule's code and title, the reviewer's note, and neither
/// the dismissed rule nor a finding left unmarked.
async fn a_letter_lists_the_confirmed_findings_only(db: &Db) {
    let (_store, app) = db.app(1024 * 1024).await;
    let admin = Client::admin(&app).await;
    upload(&admin, &[("错误示例-2025.md", example("错误示例-2025.md"))]).await;
    let id = report_of(&admin, "file", "错误示例-2025.md").await;
    let all = findings(&admin, id).await;
    let code = |f: &Value| {
        f["finding"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let codes: Vec<String> = all.iter().map(code).collect();
    // a confirmed finding and a dismissed one whose rule appears nowhere else in the report
    // and is not named by the confirmed rule's text
    let (keep, drop) = all
        .iter()
        .flat_map(|a| all.iter().map(move |b| (a, b)))
        .find(|(a, b)| {
            let (ca, cb) = (code(a), code(b));
            let why = xxgk_check::rule(&ca)
                .and_then(|r| r.why())
                .unwrap_or_default();
            ca != cb
                && codes.iter().filter(|c| **c == cb).count() == 1
                && !why.contains(&cb)
                && !a["finding"]["message"].as_str().unwrap_or("").contains(&cb)
        })
        .expect("two findings of different rules");
    let (keep_code, drop_code) = (code(keep), code(drop));
    mark(
        &admin,
        id,
        keep["index"].as_u64().expect("index"),
        "confirmed",
        "已与单位核实",
    )
    .await;
    mark(
        &admin,
        id,
        drop["index"].as_u64().expect("index"),
        "dismissed",
        "模板差异",
    )
    .await;

    let r = admin.get(&format!("/reports/{id}/letter.docx")).await;
    assert_attachment(&r, "审核意见.docx");
    assert_eq!(
        r.header("content-type"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    let xml = zip_part(&r.body, "word/document.xml");
    let row = admin.get("/api/reports").await.json()["reports"][0].clone();
    let body = row["body"]
        .as_str()
        .or(row["agency"].as_str())
        .map(str::to_string)
        .expect("the report's body");
    assert!(xml.contains(&format!("{body}：")), "主送 {body}");
    assert!(xml.contains(&keep_code), "{keep_code}");
    let title = xxgk_check::rule(&keep_code).expect("rule").title;
    assert!(xml.contains(title), "{title}");
    assert!(xml.contains("已与单位核实"), "the reviewer's note");
    assert!(
        !xml.contains(&drop_code),
        "the dismissed {drop_code} is left out"
    );
    assert!(!xml.contains("模板差异"));
    assert!(xml.contains("仿宋_GB2312"));
    // the API serves the same letter
    let api = admin.get(&format!("/api/reports/{id}/letter.docx")).await;
    assert_attachment(&api, "审核意见.docx");
    assert!(zip_part(&api.body, "word/document.xml").contains(&keep_code));
    // the report's page links it
    let page = admin.get(&format!("/reports/{id}")).await.text();
    assert!(page.contains(&format!(
        "id=\"letter-link\" href=\"/reports/{id}/letter.docx\""
    )));
    // the exports page lists the report with its letter
    let exports = admin.get("/exports").await.text();
    assert!(exports.contains("<section id=\"exports\">"));
    assert!(exports.contains("id=\"letters-form\""));
    assert!(exports.contains("id=\"corpus-form\""));
    assert!(exports.contains(&format!(
        "<a class=\"letter-link\" href=\"/reports/{id}/letter.docx\""
    )));
    assert_eq!(
        admin.get("/reports/999999/letter.docx").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        Client::anonymous(&app)
            .get(&format!("/api/reports/{id}/letter.docx"))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let doc = admin.get("/api/openapi.json").await.json();
    for p in [
        "/api/reports/{id}/letter.docx",
        "/api/exports/letters.zip",
        "/api/exports/corpus.{fmt}",
        "/api/users",
    ] {
        assert!(doc["paths"][p].is_object(), "{p} not documented");
    }
    assert!(doc["paths"]["/api/users"]["get"].is_object());
}

/// Three bodies, two in 成都市: a letter for each body with a confirmed finding, none for
/// the body whose findings are only dismissed; a reviewer and a body account get only
/// their own.
async fn letters_zip_holds_the_bodies_with_confirmed_findings_of_the_region(db: &Db) {
    let (store, app) = db.app(1024 * 1024).await;
    two_bodies(&store).await;
    store
        .import_bodies(&[xxgk_store::bodies::BodyRecord {
            region: vec!["四川省".into(), "成都市".into(), "锦江区".into()],
            name: "成都市锦江区人民政府".into(),
            kind: "government".into(),
            aliases: Vec::new(),
            from_year: Some(2024),
            to_year: None,
        }])
        .await
        .expect("import");
    let admin = Client::admin(&app).await;
    upload(
        &admin,
        &[
            ("wuhou.md", flawed_md(21, "成都市武侯区人民政府", 2024)),
            ("jinjiang.md", flawed_md(22, "成都市锦江区人民政府", 2024)),
            ("mianyang.md", flawed_md(23, "绵阳市人民政府", 2024)),
        ],
    )
    .await;
    let wuhou = report_of(&admin, "body", "成都市武侯区人民政府").await;
    let jinjiang = report_of(&admin, "body", "成都市锦江区人民政府").await;
    let mianyang = report_of(&admin, "body", "绵阳市人民政府").await;
    confirm_first(&admin, wuhou).await;
    confirm_first(&admin, mianyang).await;
    let f = findings(&admin, jinjiang).await;
    mark(
        &admin,
        jinjiang,
        f[0]["index"].as_u64().expect("index"),
        "dismissed",
        "x",
    )
    .await;

    let chengdu = format!(
        "/exports/letters.zip?year=2024&region={}&office={}&days=10",
        common::encode("/四川省/成都市"),
        common::encode("成都市人民政府办公室")
    );
    let r = admin.get(&chengdu).await;
    assert_attachment(&r, "审核意见");
    assert_eq!(r.header("content-type"), "application/zip");
    assert_eq!(
        zip_names(&r.body),
        vec!["成都市武侯区人民政府-2024-审核意见.docx".to_string()]
    );
    let letter = {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(r.body.as_slice())).expect("zip");
        let mut f = zip.by_index(0).expect("a letter");
        let mut b = Vec::new();
        f.read_to_end(&mut b).expect("read");
        b
    };
    let xml = zip_part(&letter, "word/document.xml");
    assert!(xml.contains("成都市武侯区人民政府："));
    assert!(xml.contains("成都市人民政府办公室") && xml.contains("10个工作日"));

    let all = admin.get("/api/exports/letters.zip?year=2024").await;
    assert_attachment(&all, "审核意见");
    assert_eq!(
        zip_names(&all.body),
        vec![
            "成都市武侯区人民政府-2024-审核意见.docx".to_string(),
            "绵阳市人民政府-2024-审核意见.docx".to_string(),
        ]
    );
    let other_year = admin.get("/api/exports/letters.zip?year=2023").await;
    assert!(zip_names(&other_year.body).is_empty());
    assert_eq!(
        admin.get("/api/exports/letters.zip?year=soon").await.status,
        StatusCode::BAD_REQUEST
    );

    for user in [
        json!({"username": "chengdu", "password": "reviewer-pass", "role": "reviewer", "region": "/四川省/成都市"}),
        json!({"username": "mianyang", "password": "body-pass-1", "role": "body", "body": "绵阳市人民政府"}),
    ] {
        let r = admin.post_json("/api/users", &user).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }
    let reviewer = Client::login(&app, "chengdu", "reviewer-pass").await;
    let mine = reviewer.get("/exports/letters.zip").await;
    assert_eq!(
        zip_names(&mine.body),
        vec!["成都市武侯区人民政府-2024-审核意见.docx".to_string()]
    );
    let elsewhere = reviewer
        .get(&format!(
            "/exports/letters.zip?region={}",
            common::encode("/四川省/绵阳市")
        ))
        .await;
    assert!(zip_names(&elsewhere.body).is_empty());
    assert_eq!(
        reviewer
            .get(&format!("/reports/{mianyang}/letter.docx"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let page = reviewer.get("/exports").await.text();
    assert!(page.contains(&format!("href=\"/reports/{wuhou}/letter.docx\"")));
    assert!(!page.contains(&format!("href=\"/reports/{mianyang}/letter.docx\"")));
    assert!(!page.contains("/四川省/绵阳市"), "only its regions offered");

    let body = Client::login(&app, "mianyang", "body-pass-1").await;
    let own = body.get(&format!("/reports/{mianyang}/letter.docx")).await;
    assert_attachment(&own, "绵阳市人民政府-2024-审核意见.docx");
    assert_eq!(
        body.get(&format!("/api/reports/{wuhou}/letter.docx"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        zip_names(&body.get("/api/exports/letters.zip").await.body),
        vec!["绵阳市人民政府-2024-审核意见.docx".to_string()]
    );
}

/// The corpus as CSV is an attachment holding the reports the account may see only.
async fn corpus_download_holds_the_accounts_reports_only(db: &Db) {
    let (store, app) = db.app(1024 * 1024).await;
    two_bodies(&store).await;
    let admin = Client::admin(&app).await;
    upload(
        &admin,
        &[
            (
                "wuhou.md",
                common::report_md(31, "成都市武侯区人民政府", 2024),
            ),
            ("mianyang.md", common::report_md(32, "绵阳市人民政府", 2024)),
        ],
    )
    .await;
    let r = admin.get("/exports/corpus.csv?year=2024").await;
    assert_attachment(&r, "corpus-2024.csv");
    assert!(r.header("content-type").starts_with("text/csv"));
    let text = r.text();
    assert!(text.starts_with("id,body,region"), "{text}");
    assert!(text.contains("成都市武侯区人民政府") && text.contains("绵阳市人民政府"));

    let r = admin
        .post_json(
            "/api/users",
            &json!({"username": "chengdu", "password": "reviewer-pass", "role": "reviewer", "region": "/四川省/成都市"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let reviewer = Client::login(&app, "chengdu", "reviewer-pass").await;
    for path in ["/exports/corpus.csv", "/api/exports/corpus.csv"] {
        let r = reviewer.get(path).await;
        assert_attachment(&r, "corpus.csv");
        let text = r.text();
        assert_eq!(text.lines().count(), 2, "a header and one report: {text}");
        assert!(text.contains("成都市武侯区人民政府"));
        assert!(!text.contains("绵阳市人民政府"), "{text}");
    }
    let jsonl = reviewer.get("/exports/corpus.jsonl").await;
    assert_attachment(&jsonl, "corpus.jsonl");
    assert_eq!(jsonl.text().lines().count(), 1);
    let xlsx = reviewer.get("/api/exports/corpus.xlsx").await;
    assert_attachment(&xlsx, "corpus.xlsx");
    assert!(xlsx.body.starts_with(b"PK"));
    // a region outside the reviewer's: nothing
    let none = reviewer
        .get(&format!(
            "/exports/corpus.csv?region={}",
            common::encode("/四川省/绵阳市")
        ))
        .await;
    assert_eq!(none.text().lines().count(), 1, "{}", none.text());
    assert_eq!(
        reviewer.get("/exports/corpus.pdf").await.status,
        StatusCode::NOT_FOUND
    );
}

/// The admin creates a reviewer with the page's form (CSRF field), who can then sign in; a
/// form without the token is refused; a reviewer gets 403 on the page, the form and the
/// API, and no link to it.
async fn admin_creates_accounts_through_the_page(db: &Db) {
    let (store, app) = db.app(1024 * 1024).await;
    two_bodies(&store).await;
    let admin = Client::admin(&app).await;
    let csrf = admin.csrf.clone().expect("csrf");
    let page = admin.get("/admin/users").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("id=\"users-link\""));
    assert!(html.contains("<form id=\"user-form\" method=\"post\" action=\"/admin/users\">"));
    assert!(html.contains("id=\"user-list\""));
    assert!(html.contains("/四川省/成都市"), "the regions are offered");
    assert!(html.contains("绵阳市人民政府"), "the bodies are offered");

    let fields = [
        ("username", "chengdu"),
        ("password", "reviewer-pass"),
        ("role", "reviewer"),
        ("region", "/四川省/成都市"),
        ("body_id", ""),
    ];
    let r = admin.post_form("/admin/users", &fields).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "no CSRF field");
    let mut with_bad = fields.to_vec();
    with_bad.push(("csrf", "0000"));
    assert_eq!(
        admin.post_form("/admin/users", &with_bad).await.status,
        StatusCode::FORBIDDEN
    );
    let mut with = fields.to_vec();
    with.push(("csrf", &csrf));
    let r = admin.post_form("/admin/users", &with).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let html = r.text();
    assert!(html.contains("id=\"user-created\""), "{html}");
    assert!(html.contains("<td>chengdu</td>"));
    // the same name again: refused, said why
    let r = admin.post_form("/admin/users", &with).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("id=\"user-error\""));
    assert!(r.text().contains("用户名已存在"));
    // a reviewer without a region: refused
    let r = admin
        .post_form(
            "/admin/users",
            &[
                ("username", "nobody"),
                ("password", "reviewer-pass"),
                ("role", "reviewer"),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("审核人员须指定地区"));
    // a body account by the body chosen
    let body_id = store
        .body_id("绵阳市人民政府")
        .await
        .expect("query")
        .expect("the body")
        .to_string();
    let r = admin
        .post_form(
            "/admin/users",
            &[
                ("username", "mianyang"),
                ("password", "body-pass-1"),
                ("role", "body"),
                ("body_id", &body_id),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    let users = admin.get("/api/users").await.json();
    let names: Vec<&str> = users
        .as_array()
        .expect("accounts")
        .iter()
        .filter_map(|u| u["name"].as_str())
        .collect();
    assert_eq!(names, vec!["admin", "chengdu", "mianyang"]);
    assert_eq!(users[1]["region"], "/四川省/成都市");
    assert_eq!(users[2]["body"], "绵阳市人民政府");

    let reviewer = Client::login(&app, "chengdu", "reviewer-pass").await;
    assert_eq!(
        reviewer.get("/admin/users").await.status,
        StatusCode::FORBIDDEN
    );
    let rcsrf = reviewer.csrf.clone().expect("csrf");
    let r = reviewer
        .post_form(
            "/admin/users",
            &[
                ("username", "x"),
                ("password", "xxxxxxxxxx"),
                ("role", "admin"),
                ("csrf", &rcsrf),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        reviewer.get("/api/users").await.status,
        StatusCode::FORBIDDEN
    );
    let list = reviewer.get("/reports").await.text();
    assert!(!list.contains("users-link"));
    assert!(list.contains("href=\"/exports\""));
}
