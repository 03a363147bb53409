//! Property test: a valid report rendered to HTML and read back is the same model.

mod common;
use common::{comparable, read_back};
use proptest::prelude::*;

fn roundtrip(r: &xxgk_model::Report) -> xxgk_model::Report {
    let bytes = xxgk_render::html(r).into_bytes();
    read_back("x.html", &bytes)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn html_render_then_parse_is_identity(r in xxgk_testkit::valid_report()) {
        prop_assert_eq!(comparable(roundtrip(&r)), comparable(r));
    }
}

#[test]
fn one_generated_report_roundtrips_through_html() {
    let r = xxgk_testkit::generate(3);
    assert_eq!(comparable(roundtrip(&r)), comparable(r));
}
