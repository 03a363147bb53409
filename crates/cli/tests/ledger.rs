//! `xxgk ledger …`: the calculators and the import, run as a binary.

use std::process::{Command, Output};

fn xxgk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run xxgk")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn deadline_prints_the_due_date() {
    let o = xxgk(&["ledger", "deadline", "--received", "2025-09-26"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "2025-10-30\n");
    // online: the day of confirmation is day 0
    let o = xxgk(&[
        "ledger",
        "deadline",
        "--received",
        "2025-09-25",
        "--channel",
        "网络",
        "--confirmed",
        "2025-09-26",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "2025-10-30\n");
    let o = xxgk(&[
        "ledger",
        "deadline",
        "--received",
        "2025-09-26",
        "--channel",
        "registered_post",
        "--extension",
        "20",
    ]);
    assert_eq!(stdout(&o), "2025-11-27\n", "{}", stderr(&o));
}

#[test]
fn deadline_refuses_what_it_cannot_know() {
    // a year the calendar does not hold (it starts with 2023)
    let o = xxgk(&["ledger", "deadline", "--received", "2022-12-20"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
    assert!(stderr(&o).contains("没有 2022 年"), "{}", stderr(&o));
    // online without the day of confirmation
    let o = xxgk(&[
        "ledger",
        "deadline",
        "--received",
        "2025-09-26",
        "--channel",
        "网络",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("第三十一条"), "{}", stderr(&o));
    // the future
    let o = xxgk(&["ledger", "deadline", "--received", "2099-01-05"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("晚于今天"), "{}", stderr(&o));
    // not a date, an unknown channel, an extension too long: usage errors
    for args in [
        &["ledger", "deadline", "--received", "2025-02-30"][..],
        &[
            "ledger",
            "deadline",
            "--received",
            "2025-09-26",
            "--channel",
            "信鸽",
        ],
        &[
            "ledger",
            "deadline",
            "--received",
            "2025-09-26",
            "--extension",
            "21",
        ],
    ] {
        let o = xxgk(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stdout(&o).is_empty(), "{args:?}");
    }
}

#[test]
fn fee_prints_yuan() {
    let o = xxgk(&["ledger", "fee", "--requests-in-month", "45"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "5500\n");
    let o = xxgk(&["ledger", "fee", "--pages", "250"]);
    assert_eq!(stdout(&o), "4700\n");
    let o = xxgk(&["ledger", "fee", "--pages", "250", "--explain"]);
    assert_eq!(
        stdout(&o),
        "4700\n按量计收：70×10 + 100×20 + 50×40 = 4,700 元\n"
    );
    let o = xxgk(&["ledger", "fee", "--requests-in-month", "10"]);
    assert_eq!(stdout(&o), "0\n");
    // one method per request, never both; and one is needed
    let o = xxgk(&[
        "ledger",
        "fee",
        "--requests-in-month",
        "45",
        "--pages",
        "250",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = xxgk(&["ledger", "fee"]);
    assert_eq!(o.status.code(), Some(2));
    let o = xxgk(&["ledger", "fee", "--pages", "-3"]);
    assert_eq!(o.status.code(), Some(2));
}

fn tmp_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("xxgk-ledger-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    dir
}

/// A register as an office keeps it: a title row, its own column names, a date cell.
fn register(extra_row: Option<[&str; 8]>) -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "2025年政府信息公开申请台账")
        .expect("title");
    let headers = [
        "申请人",
        "申请人类别",
        "提交方式",
        "申请日期",
        "申请内容",
        "办结日期",
        "办理结果",
        "备注",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(1, c as u16, *h).expect("header");
    }
    let rows = [
        [
            "张三",
            "自然人",
            "当面",
            "",
            "某小区规划许可",
            "2025-10-15",
            "予以公开",
            "",
        ],
        [
            "某公司",
            "企业",
            "传真",
            "2025-11-03",
            "某项目批复",
            "",
            "",
            "待办",
        ],
    ];
    let mut all: Vec<[&str; 8]> = rows.to_vec();
    all.extend(extra_row);
    for (r, row) in all.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(2 + r as u32, c as u16, *v).expect("cell");
            }
        }
    }
    let d = ExcelDateTime::from_ymd(2025, 9, 26).expect("date");
    ws.write_datetime_with_format(2, 3, &d, &Format::new().set_num_format("yyyy-mm-dd"))
        .expect("date cell");
    wb.save_to_buffer().expect("xlsx")
}

#[test]
fn import_prints_the_requests_as_json_and_reports_the_mapping() {
    let dir = tmp_dir();
    let file = dir.join("台账.xlsx");
    std::fs::write(&file, register(None)).expect("write");
    let f = file.to_str().expect("path");
    let o = xxgk(&["ledger", "import", f, "--body", "某区政务服务局"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["body"], "某区政务服务局");
    let rs = v["requests"].as_array().expect("requests");
    assert_eq!(rs.len(), 2);
    assert_eq!(rs[0]["applicant"]["name"], "张三");
    assert_eq!(rs[0]["received"], "2025-09-26");
    assert_eq!(rs[0]["outcome"]["row"], "granted");
    assert_eq!(rs[1]["receipt"]["channel"], "fax");
    assert!(rs[1]["outcome"].is_null());
    let err = stderr(&o);
    assert!(err.contains("申请人类别 → 申请人类型"), "{err}");
    assert!(err.contains("未能对应") && err.contains("备注"), "{err}");
    // --out writes the same JSON to a file
    let out = dir.join("ledger.json");
    let o = xxgk(&[
        "ledger",
        "import",
        f,
        "--body",
        "某区政务服务局",
        "--out",
        out.to_str().expect("p"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let w: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out).expect("out")).expect("json");
    assert_eq!(w["requests"].as_array().map(Vec::len), Some(2));
}

#[test]
fn import_is_all_or_nothing() {
    let dir = tmp_dir();
    let file = dir.join("坏台账.xlsx");
    std::fs::write(
        &file,
        register(Some([
            "李四",
            "自然人",
            "信鸽",
            "2025-10-09",
            "某文件",
            "",
            "",
            "",
        ])),
    )
    .expect("write");
    let out = dir.join("never.json");
    let o = xxgk(&[
        "ledger",
        "import",
        file.to_str().expect("path"),
        "--out",
        out.to_str().expect("p"),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    assert!(!out.exists(), "nothing is written");
    let err = stderr(&o);
    assert!(err.contains("第 5 行") && err.contains("信鸽"), "{err}");
    // not a spreadsheet at all: unreadable input
    let junk = dir.join("junk.xlsx");
    std::fs::write(&junk, b"hello").expect("write");
    let o = xxgk(&["ledger", "import", junk.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = xxgk(&[
        "ledger",
        "import",
        dir.join("missing.xlsx").to_str().expect("p"),
    ]);
    assert_eq!(o.status.code(), Some(2));
}

/// `--db`: the requests go into the body's ledger in the database, all or none; a body
/// outside the organisation tree is refused.
#[test]
fn import_into_the_database_is_all_or_nothing() {
    let dir = tmp_dir().join("db");
    std::fs::create_dir_all(&dir).expect("dir");
    let db = format!("sqlite://{}", dir.join("xxgk.db").display());
    let tree = dir.join("tree.csv");
    std::fs::write(&tree, "地区,单位\n四川省/成都市/武侯区,某区政务服务局\n").expect("tree");
    let o = xxgk(&["bodies", "import", tree.to_str().expect("p"), "--db", &db]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let file = dir.join("台账.xlsx");
    std::fs::write(&file, register(None)).expect("write");
    let f = file.to_str().expect("path");
    // not in the tree
    let o = xxgk(&["ledger", "import", f, "--body", "别的单位", "--db", &db]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("不在机构树中"), "{}", stderr(&o));
    let o = xxgk(&[
        "ledger",
        "import",
        f,
        "--body",
        "某区政务服务局",
        "--db",
        &db,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("2 request(s) stored"), "{}", stderr(&o));
    // the same register again: its numbers are taken, nothing more is stored
    let o = xxgk(&[
        "ledger",
        "import",
        f,
        "--body",
        "某区政务服务局",
        "--db",
        &db,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("登记编号已存在"), "{}", stderr(&o));
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let store = xxgk_store::Store::open(&db).await.expect("open");
        let body = store
            .body_id("某区政务服务局")
            .await
            .expect("query")
            .expect("body");
        let stored = store
            .ledger_requests(body, &Default::default())
            .await
            .expect("requests");
        assert_eq!(stored.len(), 2);
        assert_eq!(
            stored
                .iter()
                .filter(|r| r.record.status == "closed")
                .count(),
            1
        );
        assert_eq!(
            store.ledger_audit(body, None).await.expect("audit").len(),
            2
        );
        store.close().await;
    });
}
