//! The `xxgk` binary: exit codes, formats, bad input, batches.

use std::path::PathBuf;
use std::process::{Command, Output};

fn xxgk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run xxgk")
}

fn tmp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xxgk-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write tmp");
    p
}

fn examples(name: &str) -> String {
    format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn seeds() -> String {
    format!("{}/../../../shared/seeds", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn correct_example_passes_and_erroneous_fails() {
    let ok = xxgk(&["check", &examples("正确示例-2025.md")]);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    let bad = xxgk(&["check", &examples("错误示例-2025.md"), "--format", "json"]);
    assert_eq!(bad.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&bad.stdout).expect("json array");
    let codes: Vec<&str> = v
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    for c in [
        "T301", "T302", "T303", "T401", "N101", "S002", "Q101", "Q102", "S006", "Y103",
    ] {
        assert!(codes.contains(&c), "{c} missing from {codes:?}");
    }
}

#[test]
fn human_format_shows_source_line_and_caret() {
    let out = xxgk(&["check", &format!("{}/001_04ab4529498a9515.txt", seeds())]);
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("error[T302]: （七）总计 2 ≠ 各办理结果之和 0（自然人列）"),
        "{s}"
    );
    assert!(s.contains("001_04ab4529498a9515.txt:79:9"), "{s}");
    assert!(s.contains("^"), "{s}");
    assert!(s.contains("= help:"), "{s}");
}

#[test]
fn sarif_is_valid_json_with_results() {
    let out = xxgk(&[
        "check",
        &format!("{}/003_e47ad0a698eae0a9.txt", seeds()),
        "--format",
        "sarif",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("sarif json");
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(v["runs"][0]["results"].as_array().map(Vec::len), Some(3));
    assert_eq!(v["runs"][0]["results"][0]["ruleId"], "S003");
}

#[test]
fn bad_inputs_get_s001_and_the_batch_goes_on() {
    let empty = tmp("empty.txt", b"");
    let junk = tmp(
        "junk.txt",
        &[0u8, 159, 146, 150, 0, 1, 2, 3, 255, 254].repeat(100),
    );
    let prose = tmp("prose.txt", "今天天气很好，我们去公园散步。\n".as_bytes());
    let big = tmp("big.txt", &vec![b'a'; 50 * 1024 * 1024]);
    let good = examples("正确示例-2025.md");
    let out = xxgk(&[
        "check",
        "--format",
        "json",
        empty.to_str().unwrap_or_default(),
        junk.to_str().unwrap_or_default(),
        prose.to_str().unwrap_or_default(),
        big.to_str().unwrap_or_default(),
        &good,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let arr = v.as_array().expect("array");
    for p in [&empty, &junk, &prose, &big] {
        let name = p.display().to_string();
        let f: Vec<_> = arr.iter().filter(|f| f["file"] == name.as_str()).collect();
        assert_eq!(f.len(), 1, "{name}: exactly one finding");
        assert_eq!(f[0]["code"], "S001");
    }
    let big_msg = arr
        .iter()
        .find(|f| f["file"] == big.display().to_string().as_str())
        .map(|f| f["message"].to_string());
    assert!(big_msg.is_some_and(|m| m.contains("过大")));
    assert!(
        !arr.iter()
            .any(|f| f["file"] == good.as_str() && f["severity"] == "error"),
        "the good file is still checked"
    );
}

#[test]
fn missing_file_is_exit_2_with_its_name() {
    let out = xxgk(&["check", "/nonexistent/report.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/report.txt"));
}

#[test]
fn parse_prints_one_object_or_json_lines() {
    let one = xxgk(&["parse", &format!("{}/003_e47ad0a698eae0a9.txt", seeds())]);
    let v: serde_json::Value = serde_json::from_slice(&one.stdout).expect("one object");
    assert_eq!(v["schema"], "xxgk/report@1");
    assert!(v["requests"].is_null());
    let many = xxgk(&[
        "parse",
        &format!("{}/000_39d8c6c21713e199.txt", seeds()),
        &format!("{}/002_5d02e7f79c582fbe.txt", seeds()),
    ]);
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&many.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[1]["requests"]["new_received"],
        serde_json::json!([1, 1, 0, 0, 0, 0, 2])
    );
}

#[test]
fn render_markdown_then_check_roundtrips() {
    let parsed = xxgk(&["parse", &examples("正确示例-2025.md")]);
    let json = tmp("ok.json", &parsed.stdout);
    let md = json.with_extension("md");
    let r = xxgk(&[
        "render",
        json.to_str().unwrap_or_default(),
        "--to",
        "md",
        "-o",
        md.to_str().unwrap_or_default(),
    ]);
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    let again = xxgk(&["parse", md.to_str().unwrap_or_default()]);
    let a: serde_json::Value = serde_json::from_slice(&parsed.stdout).expect("json");
    let b: serde_json::Value = serde_json::from_slice(&again.stdout).expect("json");
    for k in [
        "agency",
        "year",
        "active_disclosure",
        "requests",
        "appeals",
        "published",
    ] {
        assert_eq!(a[k], b[k], "{k}");
    }
    // canonical JSON can be checked directly
    let c = xxgk(&["check", json.to_str().unwrap_or_default()]);
    assert_eq!(c.status.code(), Some(0));
}

#[test]
fn schema_and_rule_pages() {
    let s = xxgk(&["schema"]);
    let v: serde_json::Value = serde_json::from_slice(&s.stdout).expect("schema json");
    assert!(v["properties"]["requests"].is_object());
    let r = xxgk(&["rule", "t302"]);
    assert!(String::from_utf8_lossy(&r.stdout).starts_with("# T302"));
    assert_eq!(xxgk(&["rule", "Z999"]).status.code(), Some(2));
}

/// JSON findings carry the values the rule compared (seed 001: （七）总计 2, outcomes 0).
#[test]
fn json_findings_carry_the_values_compared() {
    let out = xxgk(&[
        "check",
        &format!("{}/001_04ab4529498a9515.txt", seeds()),
        "--format",
        "json",
        "--select",
        "T302",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let arr = v.as_array().expect("array");
    assert!(!arr.is_empty());
    assert!(arr.iter().all(|f| f["code"] == "T302"), "{v}");
    let natural = arr
        .iter()
        .find(|f| f["column"] == "natural_person" && f["row"] == "total")
        .expect("the natural-person column");
    assert_eq!(natural["values"], serde_json::json!({"total": 2, "sum": 0}));
}

/// A `--select` or `--ignore` entry that names no rule is a usage error, not an empty run.
#[test]
fn an_unknown_rule_in_select_is_exit_2() {
    let out = xxgk(&["check", &examples("正确示例-2025.md"), "--select", "Z9"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Z9"));
}

/// `parse` takes folders as `check` does: JSON Lines, one report per file, in path order.
#[test]
fn parse_accepts_a_folder() {
    let dir = std::env::temp_dir().join(format!("xxgk-cli-dir-{}", std::process::id()));
    let sub = dir.join("sub");
    std::fs::create_dir_all(&sub).expect("dir");
    let good = std::fs::read(examples("正确示例-2025.md")).expect("example");
    std::fs::write(dir.join("b.md"), &good).expect("write");
    std::fs::write(sub.join("a.md"), &good).expect("write");
    std::fs::write(dir.join("notes.bin"), b"not walked").expect("write");
    let out = xxgk(&["parse", dir.to_str().unwrap_or_default()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0]["source"]["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("b.md"))
    );
    assert!(
        lines[1]["source"]["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("sub/a.md"))
    );
}

/// A batch larger than the in-flight window comes out whole and in input order.
#[test]
fn a_large_batch_streams_in_input_order() {
    let dir = std::env::temp_dir().join(format!("xxgk-cli-batch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let good = std::fs::read(examples("正确示例-2025.md")).expect("example");
    let bad = std::fs::read(examples("错误示例-2025.md")).expect("example");
    let n: usize = 300;
    for i in 0..n {
        let bytes = if i % 7 == 0 { &bad } else { &good };
        std::fs::write(dir.join(format!("r{i:04}.md")), bytes).expect("write");
    }
    let out = xxgk(&[
        "check",
        dir.to_str().unwrap_or_default(),
        "--format",
        "json",
        "--select",
        "T302",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let files: Vec<&str> = v
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|f| f["file"].as_str())
        .collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted, "output in input order");
    let mut distinct = files.clone();
    distinct.dedup();
    assert_eq!(distinct.len(), n.div_ceil(7), "every erroneous file, once");
}
