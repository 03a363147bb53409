//! The corpus commands as a person or a script runs them: exit codes, the default
//! database, a batch killed mid-way, workers sharing a PostgreSQL queue.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use xxgk_store::Store;

fn xxgk(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("XXGK_DB")
        .output()
        .expect("run xxgk")
}

fn examples() -> String {
    format!("{}/../../examples", env!("CARGO_MANIFEST_DIR"))
}

/// `n` generated reports of `n` bodies, as Markdown files in `dir`.
fn reports(dir: &Path, n: u64) -> PathBuf {
    let folder = dir.join("reports");
    std::fs::create_dir_all(&folder).expect("folder");
    for i in 0..n {
        let mut r = xxgk_testkit::generate(i);
        r.agency = Some(format!("第{i}号测试局"));
        let file = folder.join(format!("{i:04}.md"));
        std::fs::write(file, xxgk_render::markdown(&r)).expect("write");
    }
    folder
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

/// Files stored, distinct files, reports, files still queued, files processed more than
/// once.
fn census(url: &str) -> (i64, i64, i64, i64, i64, bool) {
    rt().block_on(async {
        let store = Store::open(url).await.expect("open");
        let one = |sql: &'static str| {
            let pool = store.pool().clone();
            async move {
                let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&pool).await.expect(sql);
                n
            }
        };
        let files = one("SELECT COUNT(*) FROM files").await;
        let distinct = one("SELECT COUNT(DISTINCT sha256) FROM files").await;
        let reports = one("SELECT COUNT(*) FROM reports").await;
        let queued = one("SELECT COUNT(*) FROM files WHERE status = 'queued'").await;
        let twice = one("SELECT COUNT(*) FROM files WHERE attempts > 1").await;
        let ok = store.integrity_check().await.expect("integrity");
        store.close().await;
        (files, distinct, reports, queued, twice, ok)
    })
}

#[test]
fn ingest_the_examples_into_the_default_database_and_list_them() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = xxgk(dir.path(), &["ingest", &examples()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        dir.path().join("xxgk.db").exists(),
        "sqlite://xxgk.db in the working directory"
    );
    let out = xxgk(dir.path(), &["reports", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(rows.as_array().map(Vec::len), Some(2));
    let out = xxgk(dir.path(), &["findings", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let f: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    assert!(
        f.iter()
            .any(|f| f["severity"] == "error" && f["year"] == 2025 && f["body"].is_string())
    );
    let human = xxgk(dir.path(), &["findings", "--select", "T3"]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("T30"), "{text}");
    // again: nothing new, exit 0
    let again = xxgk(dir.path(), &["ingest", &examples()]);
    assert_eq!(again.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&again.stderr).contains("已存在 2"));
    // the tree and the corpus go out
    let out = xxgk(
        dir.path(),
        &["export", "--format", "csv", "-o", "corpus.csv"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = std::fs::read_to_string(dir.path().join("corpus.csv")).expect("csv");
    assert_eq!(csv.lines().count(), 3, "header and two reports");
    let out = xxgk(dir.path(), &["bodies", "export", "-o", "tree.csv"]);
    assert_eq!(out.status.code(), Some(0));
    let out = xxgk(dir.path(), &["submissions", "--year", "2025"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("逾期"),
        "the erroneous example is late"
    );
}

#[test]
fn a_database_that_cannot_be_opened_is_one_message_and_exit_2() {
    let dir = tempfile::tempdir().expect("tmp");
    for url in [
        "postgres://nobody@127.0.0.1:1/none",
        "mysql://localhost/x",
        "sqlite:///no/such/directory/xxgk.db",
    ] {
        for args in [
            vec!["ingest", examples().leak(), "--db", url],
            vec!["reports", "--db", url],
        ] {
            let out = xxgk(dir.path(), &args);
            assert_eq!(out.status.code(), Some(2), "{url}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(err.contains("无法打开数据库"), "{err}");
            assert!(!err.contains("panicked"), "{err}");
        }
    }
}

#[test]
fn a_file_that_cannot_be_read_is_refused_and_the_rest_stored() {
    let dir = tempfile::tempdir().expect("tmp");
    let folder = reports(dir.path(), 2);
    let out = xxgk(
        dir.path(),
        &["ingest", folder.to_str().expect("path"), "missing.pdf"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.pdf"));
    let url = format!("sqlite://{}", dir.path().join("xxgk.db").display());
    assert_eq!(census(&url).2, 2);
}

/// Runs `xxgk ingest` and kills it (SIGKILL) once stderr shows `phase`.
fn kill_ingest_at(dir: &Path, folder: &Path, phase: &str) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .args(["ingest", folder.to_str().expect("path")])
        .current_dir(dir)
        .env_remove("XXGK_DB")
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stderr = child.stderr.take().expect("stderr");
    for line in BufReader::new(stderr).lines() {
        let line = line.expect("line");
        if line.contains(phase) {
            break;
        }
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("wait");
}

#[test]
fn an_ingest_killed_mid_batch_loses_nothing_and_stores_nothing_twice() {
    let dir = tempfile::tempdir().expect("tmp");
    let folder = reports(dir.path(), 240);
    let url = format!("sqlite://{}", dir.path().join("xxgk.db").display());
    for phase in ["存储原始文件", "解析与检查"] {
        let _ = std::fs::remove_file(dir.path().join("xxgk.db"));
        kill_ingest_at(dir.path(), &folder, phase);
        let (files, distinct, reports, ..) = census(&url);
        eprintln!("killed at {phase}: {files} files, {reports} reports stored");
        let out = xxgk(dir.path(), &["ingest", folder.to_str().expect("path")]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (files, distinct2, reports, queued, twice, ok) = census(&url);
        assert!(distinct <= distinct2);
        assert_eq!(
            (files, distinct2, reports, queued, twice),
            (240, 240, 240, 0, 0)
        );
        assert!(ok, "integrity check");
    }
}

#[test]
fn workers_on_one_postgres_queue_process_each_file_once() {
    let Ok(admin) = std::env::var("XXGK_TEST_PG") else {
        assert!(
            std::env::var_os("XXGK_REQUIRE_PG").is_none(),
            "XXGK_TEST_PG not set"
        );
        eprintln!("XXGK_TEST_PG not set: skipped");
        return;
    };
    let name = format!("xxgk_workers_{}", std::process::id());
    let url = rt()
        .block_on(Store::create_database(&admin, &name))
        .expect("database");
    let dir = tempfile::tempdir().expect("tmp");
    let folder = reports(dir.path(), 200);
    let out = xxgk(
        dir.path(),
        &[
            "ingest",
            "--queue",
            "--db",
            &url,
            folder.to_str().expect("path"),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(census(&url).3, 200, "all queued, none processed");
    let worker = || {
        Command::new(env!("CARGO_BIN_EXE_xxgk"))
            .args(["worker", "--drain", "--db", &url])
            .current_dir(dir.path())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn worker")
    };
    // one worker dies in the middle of its batch: its files go back to the queue
    let mut doomed = worker();
    let stderr = doomed.stderr.take().expect("stderr");
    for line in BufReader::new(stderr).lines() {
        if line.expect("line").contains("解析与检查") {
            break;
        }
    }
    doomed.kill().expect("SIGKILL");
    doomed.wait().expect("wait");
    let (a, b) = (worker(), worker());
    let mut processed = 0;
    for w in [a, b] {
        let out = w.wait_with_output().expect("worker");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        let n: usize = err
            .lines()
            .find_map(|l| l.strip_prefix("xxgk: 处理了 "))
            .and_then(|l| l.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{err}"));
        processed += n;
    }
    let (files, distinct, reports, queued, twice, ok) = census(&url);
    assert_eq!(
        (files, distinct, reports, queued, twice),
        (200, 200, 200, 0, 0)
    );
    assert!(processed <= 200, "{processed}");
    assert!(ok);
}
