//! Property test: a valid report rendered to DOCX and read back is the same model.

mod common;
use common::{comparable, read_back};
use proptest::prelude::*;

fn roundtrip(r: &xxgk_model::Report) -> xxgk_model::Report {
    let bytes = xxgk_render::docx(r).expect("render");
    read_back("x.docx", &bytes)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn docx_render_then_parse_is_identity(r in xxgk_testkit::valid_report()) {
        prop_assert_eq!(comparable(roundtrip(&r)), comparable(r));
    }
}

#[test]
fn one_generated_report_roundtrips_through_docx() {
    let r = xxgk_testkit::generate(3);
    assert_eq!(comparable(roundtrip(&r)), comparable(r));
}
