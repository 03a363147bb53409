//! The request ledger in the web app, against SQLite and PostgreSQL: a body registers a
//! request, sends a 补正 notice, records the correction, closes it, downloads its
//! documents, and builds, checks and publishes the year's report; nobody else reaches its
//! ledger, a change on an old version is refused, forms need their CSRF token.

mod common;

use axum::http::StatusCode;
use common::{Client, Db, two_bodies};
use serde_json::{Value, json};
use std::io::Read as _;

both!(
    a_body_keeps_its_ledger_and_builds_its_report,
    lapsed_requests_close_and_open_ones_carry_over,
);

fn docx_text(bytes: &[u8]) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a DOCX is a ZIP");
    let mut xml = String::new();
    z.by_name("word/document.xml")
        .expect("document.xml")
        .read_to_string(&mut xml)
        .expect("utf-8");
    xml
}

async fn event(c: &Client, id: i64, v: Value) -> common::Reply {
    c.post_json(&format!("/api/ledger/requests/{id}/events"), &v)
        .await
}

async fn a_body_keeps_its_ledger_and_builds_its_report(db: &Db) {
    let (store, app) = db.app(1 << 20).await;
    two_bodies(&store).await;
    let admin = Client::admin(&app).await;
    for user in [
        json!({"username": "wuhou", "password": "body-pass-1", "role": "body", "body": "成都市武侯区人民政府"}),
        json!({"username": "mianyang", "password": "body-pass-2", "role": "body", "body": "绵阳市人民政府"}),
    ] {
        let r = admin.post_json("/api/users", &user).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }
    let wuhou = Client::login(&app, "wuhou", "body-pass-1").await;
    let mianyang = Client::login(&app, "mianyang", "body-pass-2").await;

    // registered on Friday 2025-09-26 in person: due the 20th working day after
    let r = wuhou
        .post_json(
            "/api/ledger/requests",
            &json!({"applicant": "张三", "kind": "natural_person", "description": "2025年某路段改造的批复文件",
                    "channel": "in_person", "arrived": "2025-09-26"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v = r.json();
    let id = v["id"].as_i64().expect("id");
    assert_eq!(v["number"], "2025-0001");
    assert_eq!(v["due"], "2025-10-30");
    assert_eq!(v["status"], "open");

    // a received date in the future is refused
    let r = wuhou
        .post_json(
            "/api/ledger/requests",
            &json!({"applicant": "李四", "kind": "business", "description": "x",
                    "channel": "in_person", "arrived": "2999-01-04"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text());

    // nobody else reaches it
    assert_eq!(
        mianyang
            .get(&format!("/api/ledger/requests/{id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert!(
        mianyang
            .get("/api/ledger/requests")
            .await
            .json()
            .as_array()
            .expect("list")
            .is_empty()
    );
    assert_eq!(
        admin.get("/api/ledger/requests").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        Client::anonymous(&app)
            .get("/api/ledger/requests")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    // 补正 within 7 working days: the clock stops
    let r = event(
        &wuhou,
        id,
        json!({"version": 1, "action": "correction", "date": "2025-09-29", "until": "2025-10-20",
               "text": "请明确所需文件的名称\n请提供身份证明"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v = r.json();
    assert_eq!(v["status"], "awaiting_correction");
    assert_eq!(v["due"], "");
    // the same change on the old version: someone else changed it meanwhile
    let stale = event(
        &wuhou,
        id,
        json!({"version": 1, "action": "corrected", "date": "2025-10-09"}),
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text());
    // the correction arrives on 2025-10-09: the clock restarts there (Saturday 2025-10-11
    // is a make-up working day)
    let r = event(
        &wuhou,
        id,
        json!({"version": 2, "action": "corrected", "date": "2025-10-09"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["due"], "2025-11-05");

    // the 补正告知书, as issued
    let r = wuhou
        .get(&format!(
            "/ledger/requests/{id}/documents/correction_notice.docx"
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.header("content-disposition").starts_with("attachment"));
    assert_eq!(r.header("x-content-type-options"), "nosniff");
    let xml = docx_text(&r.body);
    assert!(xml.contains("补正") && xml.contains("张三") && xml.contains("2025-0001"));
    // a document whose event has not happened is not there
    let r = wuhou
        .get(&format!("/ledger/requests/{id}/documents/answer.docx"))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        mianyang
            .get(&format!(
                "/ledger/requests/{id}/documents/correction_notice.docx"
            ))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // a refusal needs its legal basis; a grant closes it
    let r = event(
        &wuhou,
        id,
        json!({"version": 3, "action": "close", "outcome": "denied_state_secret", "date": "2025-10-20"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text());
    let r = event(
        &wuhou,
        id,
        json!({"version": 3, "action": "close", "outcome": "granted", "date": "2025-10-20"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["status"], "closed");

    // a form without its CSRF token changes nothing
    let r = wuhou
        .post_form(
            &format!("/ledger/requests/{id}/events"),
            &[("version", "4"), ("action", "paid")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // the pages
    let page = wuhou.get(&format!("/ledger/requests/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("id=\"timeline\"") && html.contains("发出补正告知"));
    assert!(html.contains("correction_notice.docx"));
    let list = wuhou.get("/ledger").await.text();
    assert!(list.contains("2025-0001") && list.contains("已办结"));
    assert_eq!(
        mianyang.get(&format!("/ledger/requests/{id}")).await.status,
        StatusCode::NOT_FOUND
    );

    // the audit trail, in the database
    let body = store
        .body_id("成都市武侯区人民政府")
        .await
        .expect("query")
        .expect("body");
    let actions: Vec<String> = store
        .ledger_audit(body, Some(id))
        .await
        .expect("audit")
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        ["登记 / registered", "correction", "corrected", "close"]
    );

    // the year's report: table three from the ledger; without table two it is not published
    let r = wuhou.get("/api/ledger/report/2025").await.json();
    assert_eq!(r["report"]["requests"]["new_received"][6], 1, "{r}");
    assert_eq!(r["report"]["requests"]["granted"][0], 1, "{r}");
    let codes: Vec<&str> = r["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert!(codes.contains(&"S003"), "{codes:?}");
    let csrf = wuhou.csrf.clone().expect("csrf");
    let r = wuhou
        .post_form(
            "/ledger/report/publish",
            &[("csrf", &csrf), ("year", "2025")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("S003"));
    let mut fields: Vec<(&str, &str)> = vec![("csrf", &csrf), ("year", "2025")];
    for (k, v) in [
        ("reg_issued", "0"),
        ("reg_repealed", "0"),
        ("reg_in_force", "0"),
        ("norm_issued", "3"),
        ("norm_repealed", "1"),
        ("norm_in_force", "12"),
        ("licensing", "150"),
        ("penalty", "20"),
        ("coercion", "0"),
        ("fees", "0"),
        (
            "section4",
            "本年度发现的主要问题是公开申请办理流程不够规范，已制定改进措施。",
        ),
    ] {
        fields.push((k, v));
    }
    let r = wuhou.post_form("/ledger/report", &fields).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.text().contains("draft-saved"));
    let r = wuhou.get("/api/ledger/report/2025").await.json();
    let errors: Vec<&Value> = r["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(r["report"]["active_disclosure"]["licensing"], 150);
    let r = wuhou
        .post_form(
            "/ledger/report/publish",
            &[("csrf", &csrf), ("year", "2025")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    // every format downloads
    for ext in ["md", "html", "docx", "xlsx", "json"] {
        let r = wuhou.get(&format!("/ledger/report/2025.{ext}")).await;
        assert_eq!(r.status, StatusCode::OK, "{ext}");
        assert!(r.header("content-disposition").starts_with("attachment"));
    }
    // published: it is in the corpus for the reviewers, checked like any upload
    admin.wait_queue().await;
    let list = admin.get("/api/reports?year=2025").await.json();
    let row = list["reports"]
        .as_array()
        .and_then(|rs| rs.iter().find(|r| r["body"] == "成都市武侯区人民政府"))
        .unwrap_or_else(|| panic!("published report in {list}"));
    assert_eq!(row["errors"], 0, "{row}");
    // and no longer changes
    let r = wuhou.post_form("/ledger/report", &fields).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

/// A 补正 notice nobody answered in time is a lapse: the register shows it, and closing the
/// lapsed requests gives it 其他处理 1 with its legal basis. A request still open on 31
/// December is listed in the next year's register as carried over, and counted there.
async fn lapsed_requests_close_and_open_ones_carry_over(db: &Db) {
    let (store, app) = db.app(1 << 20).await;
    two_bodies(&store).await;
    let admin = Client::admin(&app).await;
    let r = admin
        .post_json(
            "/api/users",
            &json!({"username": "wuhou", "password": "body-pass-1", "role": "body", "body": "成都市武侯区人民政府"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let c = Client::login(&app, "wuhou", "body-pass-1").await;
    let mut ids = Vec::new();
    for arrived in ["2025-11-03", "2025-12-29"] {
        let r = c
            .post_json(
                "/api/ledger/requests",
                &json!({"applicant": "王五", "kind": "business", "description": "某项目的环评批复",
                        "channel": "registered_post", "arrived": arrived}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        ids.push(r.json()["id"].as_i64().expect("id"));
    }
    let r = event(
        &c,
        ids[0],
        json!({"version": 1, "action": "correction", "date": "2025-11-05", "until": "2025-11-20",
               "text": "请提供企业营业执照"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["reminder"], "lapsed");
    let due: Vec<i64> = c
        .get("/api/ledger/requests?view=overdue")
        .await
        .json()
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|v| v["id"].as_i64())
        .collect();
    assert!(due.contains(&ids[0]), "{due:?}");

    // without the CSRF header nothing is closed
    let mut anon_csrf = Client::login(&app, "wuhou", "body-pass-1").await;
    anon_csrf.csrf = None;
    assert_eq!(
        anon_csrf
            .post_json("/api/ledger/lapses", &json!({}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let r = c.post_json("/api/ledger/lapses", &json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["closed"], json!(["2025-0001"]));
    let v = c
        .get(&format!("/api/ledger/requests/{}", ids[0]))
        .await
        .json();
    assert_eq!(v["status"], "closed");
    assert_eq!(v["request"]["outcome"]["row"], "other_no_correction");
    assert_eq!(v["request"]["outcome"]["answered"], "2025-11-20");
    assert!(
        v["request"]["outcome"]["basis"]
            .as_str()
            .is_some_and(|b| b.contains("第三十条"))
    );
    // a second run closes nothing more
    let r = c.post_json("/api/ledger/lapses", &json!({})).await;
    assert_eq!(r.json()["closed"], json!([]));

    // 2026's register: the request still open is carried over; the closed one is not
    let list = c.get("/api/ledger/requests?year=2026").await.json();
    let rows = list.as_array().expect("list");
    assert_eq!(rows.len(), 1, "{list}");
    assert_eq!(rows[0]["id"], ids[1]);
    assert_eq!(rows[0]["carried"], true);
    let html = c.get("/ledger?year=2026").await.text();
    assert!(html.contains("上年结转 / carried over"));
    // and in the two years' tables: 结转下年度继续办理 2025 = 上年结转 2026 (X101)
    let y25 = c.get("/api/ledger/report/2025").await.json();
    let y26 = c.get("/api/ledger/report/2026").await.json();
    assert_eq!(y25["report"]["requests"]["carried_forward"][6], 1, "{y25}");
    assert_eq!(y26["report"]["requests"]["carried_over"][6], 1, "{y26}");
    assert_eq!(y25["report"]["requests"]["other_no_correction"][6], 1);
}
