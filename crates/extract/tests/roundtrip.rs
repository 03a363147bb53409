//! Property tests: rendering a valid report to Markdown and reading it back gives the
//! same canonical model; any text at all is read without a panic.

mod common;
use common::comparable;
use proptest::prelude::*;
use xxgk_model::Report;

fn roundtrip(r: &Report) -> Report {
    let md = xxgk_render::markdown(r);
    let doc = xxgk_read::read_bytes("x.md", md.as_bytes()).expect("rendered markdown is readable");
    xxgk_extract::extract(&doc, "x.md").report
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn markdown_render_then_parse_is_identity(r in xxgk_testkit::valid_report()) {
        let back = roundtrip(&r);
        prop_assert_eq!(comparable(back), comparable(r));
    }

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,400}") {
        if let Ok(doc) = xxgk_read::read_bytes("x.txt", s.as_bytes()) {
            let _ = xxgk_extract::extract(&doc, "x.txt");
        }
    }

    #[test]
    fn arbitrary_grids_never_panic(rows in prop::collection::vec(prop::collection::vec("[0-9一二三（）、.总计其他规章行政许可 /—\u{3000}]{0,12}", 0..20), 0..40)) {
        let text: String = rows.iter().map(|r| r.join("\t")).collect::<Vec<_>>().join("\n");
        if let Ok(doc) = xxgk_read::read_bytes("x.txt", text.as_bytes()) {
            let _ = xxgk_extract::extract(&doc, "x.txt");
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(b in prop::collection::vec(any::<u8>(), 0..2000)) {
        if let Ok(doc) = xxgk_read::read_bytes("x.txt", &b) {
            let _ = xxgk_extract::extract(&doc, "x.txt");
        }
    }
}

#[test]
fn one_generated_report_roundtrips() {
    let r = xxgk_testkit::generate(1);
    assert_eq!(comparable(roundtrip(&r)), comparable(r));
}
