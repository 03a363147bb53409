//! Snapshots of exactly what a user sees for seed 001 (a wrong （七）总计), in the three
//! output formats. Update with `cargo insta review` (or INSTA_UPDATE=always) after an
//! intended change.

fn seed_001() -> (Vec<xxgk_model::Finding>, String) {
    let path = xxgk_testkit::seed_path("001_");
    let bytes = std::fs::read(&path).expect("read seed");
    let doc = xxgk_read::read_bytes("001.txt", &bytes).expect("readable");
    let ex = xxgk_extract::extract(&doc, "001.txt");
    (
        xxgk_check::check(&xxgk_check::Context::extracted(&ex)),
        doc.text,
    )
}

#[test]
fn human() {
    let (f, text) = seed_001();
    let out = xxgk_render::human(
        &f,
        |_, n| text.split('\n').nth(n as usize - 1).map(str::to_string),
        false,
    );
    insta::assert_snapshot!(out);
}

#[test]
fn json() {
    let (f, _) = seed_001();
    insta::assert_snapshot!(xxgk_render::json(&f));
}

#[test]
fn sarif() {
    let (f, _) = seed_001();
    let rules: Vec<(String, String, String)> = xxgk_check::registry()
        .iter()
        .filter(|r| r.code.starts_with("T30"))
        .map(|r| {
            (
                r.code.into(),
                r.title.into(),
                format!("docs/rules/{}.md", r.code),
            )
        })
        .collect();
    insta::assert_snapshot!(xxgk_render::sarif(&f, &rules));
}
