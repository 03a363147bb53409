//! The request ledger's storage, against SQLite and PostgreSQL alike: registering, changing
//! on a version, the due views, all-or-nothing imports, drafts published once, a body that
//! only reaches its own ledger, and an audit trail the database refuses to change.

mod common;

use common::Db;
use serde_json::json;
use xxgk_store::StoreError;
use xxgk_store::ledger::{LedgerQuery, LedgerRecord};

both!(
    requests_change_on_their_version_with_an_audit_trail,
    imports_are_all_or_nothing,
    drafts_are_published_once,
    the_audit_trail_cannot_be_changed,
);

fn record(number: &str, received: &str, due: Option<&str>) -> LedgerRecord {
    LedgerRecord {
        number: number.into(),
        year: 2025,
        received: received.into(),
        status: "open".into(),
        due: due.map(str::to_string),
        closed: None,
        request: json!({ "applicant": "张三", "asked": format!("{number} 的内容") }),
    }
}

async fn requests_change_on_their_version_with_an_audit_trail(db: &Db) {
    let store = db.open().await;
    let a = store
        .ledger_register(
            7,
            &record("2025-0001", "2025-09-26", Some("2025-10-30")),
            "clerk",
        )
        .await
        .expect("register");
    let b = store
        .ledger_register(
            7,
            &record("2025-0002", "2025-11-03", Some("2025-12-01")),
            "clerk",
        )
        .await
        .expect("register");
    store
        .ledger_register(
            8,
            &record("2025-0001", "2025-09-26", Some("2025-10-30")),
            "other",
        )
        .await
        .expect("another body's ledger has its own numbers");
    let taken = store
        .ledger_register(7, &record("2025-0001", "2025-09-27", None), "clerk")
        .await;
    assert!(matches!(taken, Err(StoreError::Conflict(_))), "{taken:?}");

    // the due views: open and due by a day, earliest first
    let due = store
        .ledger_requests(
            7,
            &LedgerQuery {
                due_by: Some("2025-11-01".into()),
                ..Default::default()
            },
        )
        .await
        .expect("due");
    assert_eq!(due.iter().map(|r| r.id).collect::<Vec<_>>(), vec![a]);
    let all = store
        .ledger_requests(7, &LedgerQuery::default())
        .await
        .expect("all");
    assert_eq!(all.iter().map(|r| r.id).collect::<Vec<_>>(), vec![a, b]);

    // a change on the current version, then one on the old version is refused
    let mut closed = all[0].record.clone();
    closed.status = "closed".into();
    closed.closed = Some("2025-10-20".into());
    let v = store
        .ledger_update(
            7,
            a,
            1,
            &closed,
            "clerk",
            "答复 / answered",
            &json!({"outcome": "1"}),
        )
        .await
        .expect("update")
        .expect("found");
    assert_eq!(v, 2);
    let stale = store
        .ledger_update(7, a, 1, &closed, "someone", "答复 / answered", &json!({}))
        .await;
    assert!(matches!(stale, Err(StoreError::Conflict(_))), "{stale:?}");
    // another body cannot reach it
    let foreign = store
        .ledger_update(8, a, 2, &closed, "other", "答复 / answered", &json!({}))
        .await
        .expect("no error");
    assert_eq!(foreign, None);
    assert!(store.ledger_request(8, a).await.expect("get").is_none());
    let got = store
        .ledger_request(7, a)
        .await
        .expect("get")
        .expect("found");
    assert_eq!(got.version, 2);
    assert_eq!(got.record, closed);
    // closed: no longer due
    let due = store
        .ledger_requests(
            7,
            &LedgerQuery {
                due_by: Some("2025-12-31".into()),
                ..Default::default()
            },
        )
        .await
        .expect("due");
    assert_eq!(due.iter().map(|r| r.id).collect::<Vec<_>>(), vec![b]);

    let trail = store.ledger_audit(7, Some(a)).await.expect("audit");
    let actions: Vec<(&str, &str)> = trail
        .iter()
        .map(|e| (e.actor.as_str(), e.action.as_str()))
        .collect();
    assert_eq!(
        actions,
        vec![("clerk", "登记 / registered"), ("clerk", "答复 / answered")]
    );
    assert_eq!(trail[1].detail, json!({"outcome": "1"}));
    assert!(
        store
            .ledger_audit(8, Some(a))
            .await
            .expect("audit")
            .is_empty()
    );
}

async fn imports_are_all_or_nothing(db: &Db) {
    let store = db.open().await;
    let rows = vec![
        record("2025-0101", "2025-03-02", Some("2025-03-31")),
        record("2025-0102", "2025-03-03", Some("2025-04-01")),
        record("2025-0101", "2025-03-04", None),
    ];
    let r = store.ledger_import(3, &rows, "import").await;
    assert!(matches!(r, Err(StoreError::Conflict(_))), "{r:?}");
    assert!(
        store
            .ledger_requests(3, &LedgerQuery::default())
            .await
            .expect("list")
            .is_empty()
    );
    assert!(store.ledger_audit(3, None).await.expect("audit").is_empty());
    let ids = store
        .ledger_import(3, &rows[..2], "import")
        .await
        .expect("import");
    assert_eq!(ids.len(), 2);
    let trail = store.ledger_audit(3, None).await.expect("audit");
    assert_eq!(trail.len(), 2);
    assert!(trail.iter().all(|e| e.action == "导入 / imported"));
}

async fn drafts_are_published_once(db: &Db) {
    let store = db.open().await;
    assert!(store.ledger_draft(5, 2025).await.expect("draft").is_none());
    let unpublished = store.ledger_publish(5, 2025, "aa", "clerk").await;
    assert!(matches!(unpublished, Err(StoreError::Conflict(_))));
    store
        .ledger_save_draft(5, 2025, &json!({"sections": ["一、总体情况"]}), "clerk")
        .await
        .expect("save");
    store
        .ledger_save_draft(
            5,
            2025,
            &json!({"sections": ["一、总体情况（改）"]}),
            "clerk",
        )
        .await
        .expect("save again");
    store
        .ledger_publish(5, 2025, "bb", "head")
        .await
        .expect("publish");
    let d = store
        .ledger_draft(5, 2025)
        .await
        .expect("draft")
        .expect("found");
    assert_eq!(d.narrative, json!({"sections": ["一、总体情况（改）"]}));
    assert_eq!(d.file_sha256.as_deref(), Some("bb"));
    assert!(d.published_at.is_some());
    let again = store.ledger_save_draft(5, 2025, &json!({}), "clerk").await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    let appeal = store
        .ledger_add_appeal(
            5,
            2025,
            &json!({"kind": "review", "result": "尚未审结"}),
            "clerk",
        )
        .await
        .expect("appeal");
    assert!(
        store
            .ledger_update_appeal(
                5,
                appeal,
                &json!({"kind": "review", "result": "维持"}),
                "clerk"
            )
            .await
            .expect("update")
    );
    assert!(
        !store
            .ledger_update_appeal(6, appeal, &json!({}), "other")
            .await
            .expect("update")
    );
    let appeals = store.ledger_appeals(5, 2025).await.expect("appeals");
    assert_eq!(
        appeals,
        vec![(appeal, json!({"kind": "review", "result": "维持"}))]
    );
    let actions: Vec<String> = store
        .ledger_audit(5, None)
        .await
        .expect("audit")
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "保存年度报告草稿 / draft saved",
            "保存年度报告草稿 / draft saved",
            "发布年度报告 / report published",
            "登记复议诉讼 / appeal registered",
            "更新复议诉讼 / appeal updated",
        ]
    );
}

async fn the_audit_trail_cannot_be_changed(db: &Db) {
    use sqlx::Connection as _;
    let store = db.open().await;
    store
        .ledger_register(9, &record("2025-0009", "2025-05-06", None), "clerk")
        .await
        .expect("register");
    store.close().await;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&db.url)
        .await
        .expect("connect");
    for sql in [
        "UPDATE ledger_audit SET actor = 'nobody'",
        "DELETE FROM ledger_audit",
    ] {
        let r = sqlx::query(sql).execute(&mut conn).await;
        let e = r.expect_err(sql).to_string();
        assert!(e.contains("append-only"), "{sql}: {e}");
    }
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM ledger_audit WHERE actor = 'clerk'")
        .fetch_one(&mut conn)
        .await
        .expect("count");
    assert_eq!(n, 1);
}
