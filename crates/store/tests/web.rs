//! What the web app keeps, against SQLite and PostgreSQL alike: accounts, sessions,
//! throttling, scopes, the report list's filters, sort and pages, and marks that survive
//! a re-check.

mod common;

use common::{Db, report, write};
use xxgk_store::bodies::BodyRecord;
use xxgk_store::query::{ReportFilter, Sort, Status};
use xxgk_store::web::{Login, MarkKind, NewUser, OtherReport, Role, Scope, User};
use xxgk_store::{IngestOptions, Silent, Store};

both!(
    accounts_sessions_and_throttling,
    list_filters_sort_pages_and_scopes,
    marks_survive_reparse,
    neighbours_and_other_reports_within_scope,
);

async fn three_reports(db: &Db, store: &Store) {
    let rec = |region: &[&str], name: &str| BodyRecord {
        region: region.iter().map(|s| s.to_string()).collect(),
        name: name.into(),
        kind: "government".into(),
        aliases: Vec::new(),
        from_year: Some(2023),
        to_year: None,
    };
    store
        .import_bodies(&[
            rec(&["四川省", "成都市", "武侯区"], "成都市武侯区人民政府"),
            rec(&["四川省", "成都市"], "成都市人民政府"),
            rec(&["四川省", "绵阳市"], "绵阳市人民政府"),
        ])
        .await
        .expect("bodies");
    let dir = db.folder("in");
    let mut bad = report(3, "绵阳市人民政府", 2024);
    // a total that is not the sum: T-rule errors
    if let Some(t) = bad.requests.as_mut() {
        *t.row_mut(xxgk_model::RequestRow::NewReceived) = Some([Some(1); 7]);
    }
    let paths = vec![
        write(&dir, "a.md", &report(1, "成都市武侯区人民政府", 2024)),
        write(&dir, "b.md", &report(2, "成都市人民政府", 2023)),
        write(&dir, "c.md", &bad),
    ];
    store
        .ingest(&paths, &IngestOptions::default(), &Silent)
        .await
        .expect("ingest");
}

async fn accounts_sessions_and_throttling(db: &Db) {
    let store = db.open().await;
    let generated = store.ensure_admin(None).await.expect("admin");
    let password = generated.expect("a generated password on an empty database");
    assert!(password.len() >= 16);
    assert_eq!(
        store.ensure_admin(Some("other")).await.expect("again"),
        None
    );
    let Login::Ok(s) = store
        .login("admin", &password, Some("10.0.0.1"))
        .await
        .expect("login")
    else {
        panic!("admin cannot sign in");
    };
    assert_eq!(s.user.role, Role::Admin);
    let (user, csrf) = store
        .session(&s.token)
        .await
        .expect("session")
        .expect("live");
    assert_eq!(user.name, "admin");
    assert_eq!(csrf, s.csrf);
    store.logout(&s.token).await.expect("logout");
    assert!(store.session(&s.token).await.expect("session").is_none());

    let r = store
        .create_user(&NewUser {
            name: "rev".into(),
            password: "reviewer-1".into(),
            role: Role::Reviewer,
            region: None,
            body_id: None,
        })
        .await;
    assert!(r.is_err(), "a reviewer needs a region");
    let rev = store
        .create_user(&NewUser {
            name: "rev".into(),
            password: "reviewer-1".into(),
            role: Role::Reviewer,
            region: Some("四川省/成都市/".into()),
            body_id: None,
        })
        .await
        .expect("reviewer");
    assert_eq!(rev.region.as_deref(), Some("/四川省/成都市"));
    assert!(
        store
            .create_user(&NewUser {
                name: "rev".into(),
                password: "another-1".into(),
                role: Role::Admin,
                region: None,
                body_id: None,
            })
            .await
            .is_err(),
        "names are unique"
    );

    for _ in 0..5 {
        assert!(matches!(
            store
                .login("rev", "wrong", Some("10.0.0.2"))
                .await
                .expect("login"),
            Login::Refused
        ));
    }
    assert!(matches!(
        store
            .login("rev", "reviewer-1", Some("10.0.0.3"))
            .await
            .expect("login"),
        Login::Throttled
    ));
    // the address that failed is refused for other names too
    assert!(matches!(
        store
            .login("admin", &password, Some("10.0.0.2"))
            .await
            .expect("login"),
        Login::Throttled
    ));
    assert!(matches!(
        store
            .login("admin", &password, Some("10.0.0.4"))
            .await
            .expect("login"),
        Login::Ok(_)
    ));
}

async fn list_filters_sort_pages_and_scopes(db: &Db) {
    let store = db.open().await;
    three_reports(db, &store).await;
    let all = ReportFilter::default();
    assert_eq!(store.report_count(&all).await.expect("count"), 3);
    let errors = ReportFilter {
        severity: Some(xxgk_model::Severity::Error),
        ..ReportFilter::default()
    };
    let rows = store.reports(&errors).await.expect("rows");
    assert!(!rows.is_empty() && rows.iter().all(|r| r.errors > 0));
    assert!(
        rows.iter()
            .any(|r| r.body.as_deref() == Some("绵阳市人民政府"))
    );
    let t3 = ReportFilter {
        rule: Some("t3".into()),
        ..ReportFilter::default()
    };
    let rows = store.reports(&t3).await.expect("rows");
    assert!(
        rows.iter()
            .any(|r| r.body.as_deref() == Some("绵阳市人民政府"))
    );
    let by_errors = store
        .reports(&ReportFilter {
            sort: Sort::Errors,
            ..ReportFilter::default()
        })
        .await
        .expect("rows");
    assert_eq!(by_errors[0].body.as_deref(), Some("绵阳市人民政府"));
    let by_year = store
        .reports(&ReportFilter {
            sort: Sort::Year,
            ..ReportFilter::default()
        })
        .await
        .expect("rows");
    assert_eq!(by_year[2].year, Some(2023));
    let page2 = ReportFilter {
        page: Some((2, 2)),
        ..ReportFilter::default()
    };
    assert_eq!(store.reports(&page2).await.expect("rows").len(), 1);
    assert_eq!(store.report_count(&page2).await.expect("count"), 3);

    let chengdu = ReportFilter {
        scope: Scope::Region("/四川省/成都市".into()),
        ..ReportFilter::default()
    };
    let rows = store.reports(&chengdu).await.expect("rows");
    assert_eq!(rows.len(), 2, "{rows:?}");
    // a region's name is not a prefix of another's: /四川省/成都 sees nothing
    let partial = ReportFilter {
        scope: Scope::Region("/四川省/成都".into()),
        ..ReportFilter::default()
    };
    assert_eq!(store.report_count(&partial).await.expect("count"), 0);
    let mianyang = store
        .body_id("绵阳市人民政府")
        .await
        .expect("id")
        .expect("body");
    let own = ReportFilter {
        scope: Scope::Body(mianyang),
        ..ReportFilter::default()
    };
    assert_eq!(store.report_count(&own).await.expect("count"), 1);
    let failed = ReportFilter {
        status: Status::Failed,
        ..ReportFilter::default()
    };
    assert_eq!(store.report_count(&failed).await.expect("count"), 0);
}

async fn marks_survive_reparse(db: &Db) {
    let store = db.open().await;
    three_reports(db, &store).await;
    store.ensure_admin(Some("admin-pass")).await.expect("admin");
    let Login::Ok(s) = store
        .login("admin", "admin-pass", None)
        .await
        .expect("login")
    else {
        panic!("no login");
    };
    let bad = store
        .reports(&ReportFilter {
            q: Some("绵阳".into()),
            ..ReportFilter::default()
        })
        .await
        .expect("rows")
        .remove(0);
    let before = store.marked_findings(bad.id).await.expect("findings");
    assert!(before.len() >= 2);
    store
        .mark_finding(bad.id, 1, MarkKind::Dismissed, "  不影响  ", &s.user)
        .await
        .expect("mark")
        .expect("finding 1");
    store
        .mark_finding(bad.id, 1, MarkKind::Confirmed, "属实", &s.user)
        .await
        .expect("mark again")
        .expect("finding 1");
    assert!(
        store
            .mark_finding(bad.id, 999, MarkKind::Confirmed, "", &s.user)
            .await
            .expect("mark")
            .is_none()
    );
    store.reparse(&Silent).await.expect("reparse");
    let again = store
        .reports(&ReportFilter {
            sha256: Some(bad.sha256.clone()),
            ..ReportFilter::default()
        })
        .await
        .expect("rows")
        .remove(0);
    let after = store.marked_findings(again.id).await.expect("findings");
    assert_eq!(after.len(), before.len());
    assert_eq!(after[1].key, before[1].key);
    let mark = after[1].mark.as_ref().expect("the mark survived");
    assert_eq!(mark.mark, MarkKind::Confirmed);
    assert_eq!(mark.reason, "属实");
    assert_eq!(mark.by.as_deref(), Some("admin"));
    assert!(after[0].mark.is_none());
}

/// A database made before the report documents moved out of `reports` (migrations up to
/// 0003) opens with its reports intact: the JSON is moved, the file rebuilt, the figures
/// the dashboard sums written.
#[tokio::test]
async fn an_older_sqlite_database_migrates_with_its_reports() {
    use sqlx::Connection as _;
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("old.db");
    let url = format!("sqlite://{}", path.display());
    let r = report(7, "成都市武侯区人民政府", 2024);
    let json = serde_json::to_string(&r).expect("json");
    {
        let mut conn = sqlx::SqliteConnection::connect(&format!("{url}?mode=rwc"))
            .await
            .expect("connect");
        let mut old = sqlx::migrate::Migrator::new(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/migrations/sqlite"
        )))
        .await
        .expect("migrations");
        old.migrations = old
            .migrations
            .iter()
            .filter(|m| m.version <= 3)
            .cloned()
            .collect::<Vec<_>>()
            .into();
        old.run(&mut conn).await.expect("migrate to 0003");
        sqlx::query("INSERT INTO files (sha256, name, size, bytes, received_at, status) VALUES ('ab', 'a.md', 1, x'00', '2025-01-01', 'done')")
            .execute(&mut conn)
            .await
            .expect("file");
        sqlx::query("INSERT INTO reports (sha256, name, format, match_status, agency, year, is_current, failed, cross_pending, report_json, extraction, version, ingested_at) VALUES ('ab', 'a.md', 'markdown', 'none', '成都市武侯区人民政府', 2024, 1, 0, 0, $1, NULL, '0.1.0', '2025-01-01')")
            .bind(&json)
            .execute(&mut conn)
            .await
            .expect("report");
        conn.close().await.expect("close");
    }
    let store = Store::open(&url).await.expect("open and migrate");
    let rows = store.reports(&ReportFilter::default()).await.expect("list");
    assert_eq!(rows.len(), 1);
    let moved = store
        .report_json(rows[0].id)
        .await
        .expect("read")
        .expect("the report's JSON moved along");
    assert_eq!(moved, json);
    let d = store
        .dashboard(&ReportFilter::default())
        .await
        .expect("dashboard");
    assert_eq!(
        d.by_year.first().map(|y| y.outcomes.with_requests),
        Some(1),
        "the figures were written for the old report"
    );
    store.close().await;
    // the rows no longer fill a page each: the file was rebuilt
    let mut conn = sqlx::SqliteConnection::connect(&url)
        .await
        .expect("connect");
    let (free,): (i64,) = sqlx::query_as("PRAGMA freelist_count")
        .fetch_one(&mut conn)
        .await
        .expect("freelist");
    assert_eq!(free, 0, "vacuumed");
    let cols: Vec<(String,)> = sqlx::query_as("SELECT name FROM pragma_table_info('reports')")
        .fetch_all(&mut conn)
        .await
        .expect("columns");
    assert!(!cols.iter().any(|(c,)| c == "report_json"), "{cols:?}");
}

/// The report a comparison opens by default (the same body's year before), the year
/// after, a given other report, and the other report a finding names, each only within
/// the account's scope.
async fn neighbours_and_other_reports_within_scope(db: &Db) {
    let store = db.open().await;
    let rec = |region: &[&str], name: &str| BodyRecord {
        region: region.iter().map(|s| s.to_string()).collect(),
        name: name.into(),
        kind: "government".into(),
        aliases: Vec::new(),
        from_year: Some(2022),
        to_year: None,
    };
    store
        .import_bodies(&[
            rec(&["四川省", "成都市", "武侯区"], "成都市武侯区人民政府"),
            rec(&["四川省", "绵阳市"], "绵阳市人民政府"),
        ])
        .await
        .expect("bodies");
    let dir = db.folder("in");
    // last year's 结转下年度继续办理 is not this year's 上年结转: X101 names last year's report
    let (mut w23, mut w24) = (
        report(11, "成都市武侯区人民政府", 2023),
        report(12, "成都市武侯区人民政府", 2024),
    );
    let row = |first: i64| {
        let mut cells = [Some(0); 7];
        cells[0] = Some(first);
        cells[6] = Some(first);
        Some(cells)
    };
    *w23.requests
        .get_or_insert_default()
        .row_mut(xxgk_model::RequestRow::CarriedForward) = row(2);
    *w24.requests
        .get_or_insert_default()
        .row_mut(xxgk_model::RequestRow::CarriedOver) = row(3);
    let paths = vec![
        write(&dir, "w2023.md", &w23),
        write(&dir, "w2024.md", &w24),
        write(&dir, "m2024.md", &report(13, "绵阳市人民政府", 2024)),
    ];
    store
        .ingest(&paths, &IngestOptions::default(), &Silent)
        .await
        .expect("ingest");
    let rows = store.reports(&ReportFilter::default()).await.expect("rows");
    let id = |file: &str| {
        rows.iter()
            .find(|r| r.file.ends_with(file))
            .map(|r| r.id)
            .unwrap_or_else(|| panic!("{file} stored: {rows:?}"))
    };
    let (w23, w24, m24) = (id("w2023.md"), id("w2024.md"), id("m2024.md"));
    store
        .ensure_admin(Some("admin-password"))
        .await
        .expect("admin");
    let admin = User {
        id: 1,
        name: "admin".into(),
        role: Role::Admin,
        region: None,
        body_id: None,
    };
    let wuhou_id = store.body_id("成都市武侯区人民政府").await.expect("q");
    let mianyang_id = store.body_id("绵阳市人民政府").await.expect("q");
    let account = |name: &str, body_id| NewUser {
        name: name.into(),
        password: "body-password".into(),
        role: Role::Body,
        region: None,
        body_id,
    };
    let wuhou = store
        .create_user(&account("wuhou", wuhou_id))
        .await
        .expect("user");
    let mianyang = store
        .create_user(&account("mianyang", mianyang_id))
        .await
        .expect("user");

    // by default: the same body's year before; none before the first year
    let prev = store.neighbour_for(w24, None, &admin).await.expect("q");
    assert_eq!(prev.map(|r| r.id), Some(w23));
    assert_eq!(
        store.neighbour_for(w23, None, &admin).await.expect("q"),
        None
    );
    let next = store.year_after_for(w23, &admin).await.expect("q");
    assert_eq!(next.map(|r| r.id), Some(w24));
    assert_eq!(store.year_after_for(w24, &admin).await.expect("q"), None);
    // another body's report of the same year is never the default
    assert_eq!(
        store.neighbour_for(m24, None, &admin).await.expect("q"),
        None
    );
    // a given report, if the account may see it
    let given = store
        .neighbour_for(w24, Some(m24), &admin)
        .await
        .expect("q");
    assert_eq!(given.map(|r| r.id), Some(m24));
    assert_eq!(
        store
            .neighbour_for(w24, Some(m24), &wuhou)
            .await
            .expect("q"),
        None,
        "a body account compares with its own reports only"
    );
    let own = store.neighbour_for(w24, None, &wuhou).await.expect("q");
    assert_eq!(own.map(|r| r.id), Some(w23));
    assert_eq!(
        store.neighbour_for(w24, None, &mianyang).await.expect("q"),
        None,
        "another body's report is not compared at all"
    );
    assert_eq!(store.year_after_for(w23, &mianyang).await.expect("q"), None);

    // the other report a finding names: by the SHA-256 of its file
    let w23_sha = rows
        .iter()
        .find(|r| r.id == w23)
        .map(|r| r.sha256.clone())
        .expect("sha");
    let f = xxgk_model::Finding::new(
        "X102",
        xxgk_model::Severity::Warning,
        "x".into(),
        "x".into(),
    )
    .with("other_sha256", w23_sha.as_str());
    match store.other_report_for(&f, &wuhou).await.expect("q") {
        OtherReport::Visible(r) => assert_eq!(r.id, w23),
        other => panic!("visible to its own body: {other:?}"),
    }
    assert_eq!(
        store.other_report_for(&f, &mianyang).await.expect("q"),
        OtherReport::Hidden
    );
    let gone = xxgk_model::Finding::new(
        "X102",
        xxgk_model::Severity::Warning,
        "x".into(),
        "x".into(),
    )
    .with("other_sha256", "0".repeat(64));
    assert_eq!(
        store.other_report_for(&gone, &admin).await.expect("q"),
        OtherReport::Missing
    );
    // a finding stored before other_sha256 was recorded: by body and year
    let old = xxgk_model::Finding::new(
        "X102",
        xxgk_model::Severity::Warning,
        "x".into(),
        "x".into(),
    )
    .with("other_agency", "成都市武侯区人民政府")
    .with("other_year", 2024);
    match store.other_report_for(&old, &admin).await.expect("q") {
        OtherReport::Visible(r) => assert_eq!(r.id, w24),
        other => panic!("found by body and year: {other:?}"),
    }
    // the cross-report rules record the other report's file
    let findings = store.marked_findings(w24).await.expect("findings");
    let shas: Vec<&str> = findings
        .iter()
        .filter(|m| m.finding.code.starts_with('X'))
        .filter_map(|m| {
            m.finding
                .values
                .get("other_sha256")
                .and_then(|v| v.as_str())
        })
        .collect();
    assert!(
        !shas.is_empty() && shas.iter().all(|s| *s == w23_sha),
        "{shas:?}"
    );
    store.close().await;
}
