//! What `check` raises on each seed: what a careful reviewer would raise, and no false
//! error on a correct table. Findings are listed as `CODE@line`.

use xxgk_model::Severity;

fn findings(prefix: &str) -> Vec<xxgk_model::Finding> {
    let path = xxgk_testkit::seed_path(prefix);
    let bytes = std::fs::read(&path).expect("read seed");
    let doc = xxgk_read::read_bytes("seed", &bytes).expect("readable");
    let ex = xxgk_extract::extract(&doc, "seed");
    xxgk_check::check(&xxgk_check::Context::extracted(&ex))
}

fn codes(f: &[xxgk_model::Finding]) -> Vec<String> {
    f.iter()
        .map(|f| format!("{}@{}", f.code, f.location.line.unwrap_or(0)))
        .collect()
}

#[test]
fn seed_000_irregular_rows_but_correct_figures() {
    let f = findings("000_");
    assert_eq!(
        codes(&f),
        [
            "Q102@11", "Q102@19", "T306@47", "T304@51", "S005@52", "T304@55", "T304@60", "T304@71",
            "T406@80"
        ]
    );
    assert!(
        f.iter().all(|f| f.severity != Severity::Error),
        "no false error on correct figures"
    );
}

#[test]
fn seed_001_total_without_outcomes() {
    let f = findings("001_");
    assert_eq!(
        codes(&f),
        [
            "Q101@29", "Q102@29", "S005@60", "T302@79", "T302@79", "T404@88", "Q102@92"
        ]
    );
    let t302: Vec<_> = f.iter().filter(|f| f.code == "T302").collect();
    assert_eq!(t302[0].column.as_deref(), Some("natural_person"));
    assert_eq!(t302[1].column.as_deref(), Some("total"));
    assert_eq!(
        t302[0].message,
        "（七）总计 2 ≠ 各办理结果之和 0（自然人列）"
    );
    assert_eq!(t302[0].severity, Severity::Error);
    assert_eq!(t302[0].location.column, Some(9));
}

#[test]
fn seed_002_unnumbered_heading() {
    let f = findings("002_");
    assert_eq!(codes(&f), ["S005@38", "S002@71"]);
}

#[test]
fn seed_003_three_tables_missing() {
    let f = findings("003_");
    assert_eq!(codes(&f), ["S003@10", "S003@11", "S003@12"]);
    assert!(f.iter().all(|f| f.severity == Severity::Error));
}

#[test]
fn seed_004_no_year_short_rows() {
    let f = findings("004_");
    assert_eq!(
        codes(&f),
        ["Y101@5", "T304@50", "T304@66", "T306@66", "Q102@77"]
    );
}
