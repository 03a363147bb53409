//! The comparison pages and their API, against SQLite and PostgreSQL: a body's two years
//! side by side, X102's shared text, and the scopes.

mod common;

use axum::http::StatusCode;
use common::{Client, Db, problems, report, two_bodies, with_sections};
use serde_json::{Value, json};
use xxgk_model::{Report, RequestRow};
use xxgk_store::{IngestOptions, Silent, Store};

both!(two_years_side_by_side, scopes_and_hidden_text);

const WUHOU: &str = "成都市武侯区人民政府";
const MIANYANG: &str = "绵阳市人民政府";

/// 成都市武侯区人民政府 for 2024 and 2025: the 2025 report is the 2024 one with four
/// figures changed (three of 上年结转, one of 行政许可), section 一 with a figure and a
/// word changed, and section 五 (problems) the same but for its figures (X102).
fn two_years() -> (Report, Report) {
    let texts = |s1: &str, s5: &str| -> [String; 6] {
        [
            s1.to_string(),
            common::own_prose(91, 8),
            common::own_prose(92, 8),
            common::own_prose(93, 8),
            s5.to_string(),
            "本年度无其他需要报告的事项。".to_string(),
        ]
    };
    let t24 = texts(
        "本年度共收到政府信息公开申请120件，主要涉及教育和医疗领域。",
        &problems("本区", 2, 10),
    );
    let t25 = texts(
        "本年度共收到政府信息公开申请135件，主要涉及交通和医疗领域。",
        &problems("本区", 3, 12),
    );
    let mut r24 = report(21, WUHOU, 2024);
    let cells = |v: [i64; 7]| Some(v.map(Some));
    let t = r24.requests.get_or_insert_default();
    *t.row_mut(RequestRow::CarriedOver) = cells([1, 0, 0, 0, 0, 0, 1]);
    *t.row_mut(RequestRow::CarriedForward) = cells([2, 1, 0, 0, 0, 0, 3]);
    r24.active_disclosure.get_or_insert_default().licensing = Some(40);
    let mut r25 = r24.clone();
    common::retitle(&mut r25, WUHOU, 2025);
    // 上年结转 2025: natural_person 3 ≠ 2 carried forward (X101), business 1 = 1,
    // total 4 ≠ 3; against 2024's 上年结转 three cells changed
    *r25.requests
        .get_or_insert_default()
        .row_mut(RequestRow::CarriedOver) = cells([3, 1, 0, 0, 0, 0, 4]);
    r25.active_disclosure.get_or_insert_default().licensing = Some(45);
    let r24 = with_sections(r24, std::array::from_fn(|i| t24[i].as_str()));
    let r25 = with_sections(r25, std::array::from_fn(|i| t25[i].as_str()));
    (r24, r25)
}

async fn ingest(db: &Db, store: &Store, reports: &[(&str, &Report)]) {
    let dir = db.folder("in");
    let paths: Vec<_> = reports
        .iter()
        .map(|(f, r)| common::write(&dir, f, r))
        .collect();
    store
        .ingest(&paths, &IngestOptions::default(), &Silent)
        .await
        .expect("ingest");
}

async fn id_of(c: &Client, file: &str) -> i64 {
    let list = c.get("/api/reports?status=all").await.json();
    list["reports"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["file"].as_str().is_some_and(|f| f.ends_with(file)))
        .and_then(|r| r["id"].as_i64())
        .unwrap_or_else(|| panic!("{file} listed: {list}"))
}

/// The index of the report's X102 finding on section `section`.
async fn x102(c: &Client, id: i64, section: u64, other_year: i64) -> (usize, Value) {
    let one = c.get(&format!("/api/reports/{id}")).await.json();
    one["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| {
            f["finding"]["code"] == "X102"
                && f["finding"]["section"] == section
                && f["finding"]["values"]["other_year"] == other_year
        })
        .map(|f| {
            (
                f["index"].as_u64().expect("index") as usize,
                f["finding"].clone(),
            )
        })
        .unwrap_or_else(|| panic!("an X102 finding on section {section}: {one}"))
}

async fn two_years_side_by_side(db: &Db) {
    let (store, app) = db.app(1024 * 1024).await;
    two_bodies(&store).await;
    let (r24, r25) = two_years();
    ingest(db, &store, &[("w2024.md", &r24), ("w2025.md", &r25)]).await;
    let admin = Client::admin(&app).await;
    let (w24, w25) = (
        id_of(&admin, "w2024.md").await,
        id_of(&admin, "w2025.md").await,
    );

    // the page: the figures of both years, the four changed cells marked
    let page = admin.get(&format!("/reports/{w25}/compare")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let html = page.text();
    assert!(html.contains("<section id=\"compare\">"), "{html}");
    assert!(html.contains("<table id=\"compare-figures\""));
    assert!(
        html.contains("<span id=\"changed-count\">4</span>"),
        "{html}"
    );
    assert_eq!(html.matches("class=\"num changed\"").count(), 4, "{html}");
    assert!(html.contains(
        "<tr data-key=\"active_disclosure.licensing\" data-table=\"2\" class=\"row-changed\"><th>表二 行政许可 · 本年处理决定数量</th><td class=\"num changed-from\">40</td><td class=\"num changed\">45</td></tr>"
    ), "{html}");
    assert!(
        html.contains("<tr data-key=\"requests.carried_forward[0]\" data-table=\"3\"><th>"),
        "an unchanged figure is listed, not marked: {html}"
    );
    assert!(!html.contains("id=\"all-same\"") && !html.contains("id=\"no-previous\""));
    // X101's check: 2024's 结转下年度继续办理 against 2025's 上年结转
    assert!(html.contains("<tr class=\"carry-unequal\" data-column=\"natural_person\"><th>自然人</th><td class=\"num\">2</td><td class=\"num\">3</td>"), "{html}");
    assert!(html.contains("<tr class=\"carry-equal\" data-column=\"business\">"));
    assert!(html.contains("<tr class=\"carry-unequal\" data-column=\"total\">"));
    assert_eq!(html.matches("class=\"carry-equal\"").count(), 5);
    // section 一: a figure and a word changed, figures whole
    assert!(html.contains("<section id=\"section-diff\">"));
    assert!(
        html.contains("申请<del>120</del><ins>135</ins>件"),
        "{html}"
    );
    assert!(html.contains("<del>教育</del><ins>交通</ins>"), "{html}");
    assert!(!html.contains("id=\"compare-next-year\""), "no 2026 report");

    // from 2024: nothing before it, a link to the year after
    let first = admin.get(&format!("/reports/{w24}/compare")).await.text();
    assert!(first.contains("id=\"no-previous\""), "{first}");
    assert!(first.contains(&format!(
        "<a id=\"compare-next-year\" href=\"/reports/{w25}/compare\">"
    )));
    // a report against itself: every figure the same
    let same = admin
        .get(&format!("/reports/{w25}/compare?with={w25}"))
        .await
        .text();
    assert!(same.contains("<p id=\"all-same\">"), "{same}");
    assert!(same.contains("<span id=\"changed-count\">0</span>"));
    assert_eq!(
        admin
            .get(&format!("/reports/{w25}/compare?with=x"))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        admin
            .get(&format!("/reports/{w25}/compare?with=999999"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // the report page links to the comparison, from the page and from X101 and X102
    let view = admin.get(&format!("/reports/{w25}")).await.text();
    assert!(
        view.contains(&format!(
            "<a id=\"compare-last-year\" href=\"/reports/{w25}/compare\">"
        )),
        "{view}"
    );
    assert!(
        view.contains(&format!(
            "<a class=\"compare-link\" href=\"/reports/{w25}/compare\">"
        )),
        "the X101 finding links to the comparison: {view}"
    );
    let (n, finding) = x102(&admin, w25, 5, 2024).await;
    assert!(
        view.contains(&format!(
            "<a class=\"similar-link\" href=\"/reports/{w25}/findings/{n}/similar\">"
        )),
        "{view}"
    );
    assert!(
        !admin
            .get(&format!("/reports/{w24}"))
            .await
            .text()
            .contains("compare-last-year")
    );

    // X102: both texts, the shared passage marked on each side
    let sim = admin
        .get(&format!("/reports/{w25}/findings/{n}/similar"))
        .await;
    assert_eq!(sim.status, StatusCode::OK, "{}", sim.text());
    let html = sim.text();
    assert!(html.contains("<section id=\"similar\">"));
    assert_eq!(
        html.matches("<p class=\"similar-text\">").count(),
        2,
        "{html}"
    );
    let score = finding["values"]["score"].as_f64().expect("score");
    assert!(
        html.contains(&format!("<span id=\"similar-score\">{score:.2}</span>")),
        "{html}"
    );
    let shared: Vec<&str> = html
        .split("<mark class=\"shared\">")
        .skip(1)
        .filter_map(|s| s.split("</mark>").next())
        .collect();
    assert!(
        shared
            .iter()
            .filter(|s| s.contains("仍存在一些不足"))
            .count()
            == 2,
        "the shared passage marked on both sides: {shared:?}"
    );
    assert!(!html.contains("similar-other-hidden"));
    // each side keeps its own figures, outside the marks
    assert!(
        html.contains("全年仅更新</mark>12<mark") && html.contains("全年仅更新</mark>10<mark"),
        "{html}"
    );

    // the API: the same, as JSON
    let c = admin.get(&format!("/api/reports/{w25}/compare")).await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.text());
    let c = c.json();
    assert_eq!(c["changed_count"], 4, "{c}");
    assert_eq!(c["other"]["id"], w24);
    let changed: Vec<&str> = c["figures"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["changed"] == true)
        .filter_map(|f| f["key"].as_str())
        .collect();
    assert_eq!(
        changed,
        [
            "active_disclosure.licensing",
            "requests.carried_over[0]",
            "requests.carried_over[1]",
            "requests.carried_over[6]"
        ]
    );
    let carry = c["carry_over"].as_array().expect("carry-over rows");
    assert_eq!(carry.len(), 7);
    assert_eq!(
        carry[0],
        json!({"column": "natural_person", "label": "自然人", "carried_forward": 2, "carried_over": 3, "equal": false})
    );
    let s1 = &c["sections"][0];
    assert_eq!(s1["number"], 1);
    assert!(
        s1["segments"]
            .as_array()
            .expect("segments")
            .contains(&json!({"kind": "ins", "text": "135"}))
    );
    let sim = admin
        .get(&format!("/api/reports/{w25}/findings/{n}/similar"))
        .await
        .json();
    assert_eq!(sim["other"]["report"]["id"], w24, "{sim}");
    assert_eq!(sim["other_hidden"], false);
    assert_eq!(sim["score"], finding["values"]["score"]);
    // only an X102 finding has two texts
    let one = admin.get(&format!("/api/reports/{w25}")).await.json();
    let not_x102 = one["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .position(|f| f["finding"]["code"] != "X102")
        .expect("another finding");
    assert_eq!(
        admin
            .get(&format!("/api/reports/{w25}/findings/{not_x102}/similar"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let doc = admin.get("/api/openapi.json").await.json();
    assert!(doc["paths"]["/api/reports/{id}/compare"]["get"].is_object());
    assert!(doc["paths"]["/api/reports/{id}/findings/{n}/similar"]["get"].is_object());
    store.close().await;
}

/// A body account compares only its own reports (another body's is 404), and sees the
/// X102 page of its own report without the other body's text; anonymous calls are 401.
async fn scopes_and_hidden_text(db: &Db) {
    let (store, app) = db.app(1024 * 1024).await;
    two_bodies(&store).await;
    let (r24, r25) = two_years();
    // 绵阳 2025: section 五 like 武侯's but for a word and its figures (X102 across bodies)
    let mut m25 = report(31, MIANYANG, 2025);
    let texts: Vec<String> = (1..=6)
        .map(|n| match n {
            5 => problems("本市", 4, 20),
            _ => common::own_prose(300 + n, 8),
        })
        .collect();
    m25 = with_sections(m25, std::array::from_fn(|i| texts[i].as_str()));
    ingest(
        db,
        &store,
        &[("w2024.md", &r24), ("w2025.md", &r25), ("m2025.md", &m25)],
    )
    .await;
    let admin = Client::admin(&app).await;
    let (w24, w25, m) = (
        id_of(&admin, "w2024.md").await,
        id_of(&admin, "w2025.md").await,
        id_of(&admin, "m2025.md").await,
    );
    let r = admin
        .post_json(
            "/api/users",
            &json!({"username": "mianyang", "password": "body-pass-1", "role": "body", "body": MIANYANG}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let body = Client::login(&app, "mianyang", "body-pass-1").await;

    for path in [
        format!("/reports/{w25}/compare"),
        format!("/api/reports/{w25}/compare"),
        format!("/reports/{m}/compare?with={w24}"),
        format!("/api/reports/{m}/compare?with={w25}"),
        format!("/api/reports/{w25}/findings/0/similar"),
        format!("/reports/{w25}/findings/0/similar"),
    ] {
        assert_eq!(
            body.get(&path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // its own report: no other year
    let own = body.get(&format!("/reports/{m}/compare")).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.text());
    assert!(own.text().contains("id=\"no-previous\""));
    let own = body.get(&format!("/api/reports/{m}/compare")).await.json();
    assert!(own["other"].is_null(), "{own}");

    // its X102 against 武侯's report: this side only, the other's text never shown
    let (n, _) = x102(&admin, m, 5, 2025).await;
    let sim = body
        .get(&format!("/reports/{m}/findings/{n}/similar"))
        .await;
    assert_eq!(sim.status, StatusCode::OK, "{}", sim.text());
    let html = sim.text();
    assert!(html.contains("<p id=\"similar-other-hidden\">"), "{html}");
    assert_eq!(html.matches("<p class=\"similar-text\">").count(), 1);
    assert!(
        html.contains("本市<mark class=\"shared\">政务公开工作"),
        "{html}"
    );
    assert!(
        !html.contains("本区") && !html.contains(&format!("/reports/{w25}\"")),
        "{html}"
    );
    assert!(
        html.contains("<mark class=\"shared\">"),
        "the passages the finding names: {html}"
    );
    let api = body
        .get(&format!("/api/reports/{m}/findings/{n}/similar"))
        .await
        .json();
    assert!(
        api["other"].is_null() && api["other_hidden"] == true,
        "{api}"
    );
    assert!(!api.to_string().contains("本区"));
    // the admin sees both
    let full = admin
        .get(&format!("/api/reports/{m}/findings/{n}/similar"))
        .await
        .json();
    assert_eq!(full["other"]["report"]["id"], w25, "{full}");

    let anon = Client::anonymous(&app);
    for path in [
        format!("/api/reports/{w25}/compare"),
        format!("/api/reports/{w25}/findings/0/similar"),
    ] {
        let r = anon.get(&path).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    let r = anon.get(&format!("/reports/{w25}/compare")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.header("location"), "/login");
    store.close().await;
}
