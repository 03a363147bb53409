//! An extraction is data: serialised and read back, it is checked to exactly the same
//! findings as the original, without the file it came from (what the store relies on).

use xxgk_analyse::{Options, analyse};
use xxgk_extract::Extraction;

fn roundtrip(name: &str, bytes: &[u8]) {
    let a = analyse(name, bytes, &Options::default());
    let ex = a
        .extraction
        .as_ref()
        .unwrap_or_else(|| panic!("{name}: {:?}", a.error));
    let json = serde_json::to_string(ex).expect("serialise");
    let back: Extraction = serde_json::from_str(&json).expect("deserialise");
    assert_eq!(&back, ex, "{name}");
    let again = xxgk_check::check(&xxgk_check::Context::extracted(&back));
    let mut first = a.findings.clone();
    for f in &mut first {
        f.file.clear();
    }
    let mut second = again;
    for f in &mut second {
        f.file.clear();
    }
    assert!(
        !first.is_empty() || name.contains("ok"),
        "{name}: a case with findings"
    );
    assert_eq!(first, second, "{name}");
}

#[test]
fn a_stored_extraction_is_checked_to_the_same_findings() {
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds");
    let mut n = 0;
    for e in std::fs::read_dir(seeds).expect("../shared/seeds").flatten() {
        let bytes = std::fs::read(e.path()).expect("seed");
        roundtrip(&e.path().display().to_string(), &bytes);
        n += 1;
    }
    assert_eq!(n, 5);
    let pdf = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../pdf/tests/fixtures/split-total.pdf"
    );
    roundtrip("split-total.pdf", &std::fs::read(pdf).expect("pdf"));
    let mut r = xxgk_testkit::generate(9);
    let t = r.requests.as_mut().expect("table three");
    let v = t.get(
        xxgk_model::RequestRow::Granted,
        xxgk_model::Applicant::Total,
    );
    t.set(
        xxgk_model::RequestRow::Granted,
        xxgk_model::Applicant::Total,
        v.map(|v| v + 3),
    );
    roundtrip("g.docx", &xxgk_render::docx(&r).expect("docx"));
}
