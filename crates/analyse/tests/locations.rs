//! A finding's location says what a reader of that format can find: line and column in a
//! text file; page and table row in a PDF; table, row and cell in HTML, DOCX and XLSX.

use xxgk_analyse::{Options, analyse};
use xxgk_model::{Applicant, RequestRow};

fn fixture(rel: &str) -> Vec<u8> {
    let p = format!("{}/../{rel}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

/// The PDF fixture whose （七）总计 is wrong: T302 names the page and the row, no line.
#[test]
fn a_pdf_finding_names_its_page_and_row() {
    let a = analyse(
        "split-total.pdf",
        &fixture("pdf/tests/fixtures/split-total.pdf"),
        &Options::default(),
    );
    let t302: Vec<_> = a.findings.iter().filter(|f| f.code == "T302").collect();
    assert!(!t302.is_empty(), "{:?}", a.findings);
    for f in t302 {
        assert_eq!(f.location.line, None, "{f:?}");
        assert_eq!(f.location.column, None, "{f:?}");
        assert!(f.location.page.is_some_and(|p| p >= 1), "{f:?}");
        assert!(f.location.row.is_some(), "{f:?}");
        assert!(
            f.text_at.is_some(),
            "the row as read stays available: {f:?}"
        );
    }
}

/// A generated report with one wrong figure, written as DOCX, HTML and XLSX: the finding
/// names the table, row and cell of the wrong figure; as Markdown, its line and column.
#[test]
fn structured_formats_name_table_row_and_cell_text_names_line_and_column() {
    let mut r = xxgk_testkit::generate(5);
    let t = r.requests.as_mut().expect("table three");
    let v = t.get(RequestRow::Granted, Applicant::Total).unwrap_or(0);
    t.set(RequestRow::Granted, Applicant::Total, Some(v + 1));
    let md = xxgk_render::markdown(&r).into_bytes();
    let html = xxgk_render::html(&r).into_bytes();
    let docx = xxgk_render::docx(&r).expect("docx");
    let xlsx = xxgk_render::xlsx(&r).expect("xlsx");
    for (name, bytes) in [
        ("r.md", md),
        ("r.html", html),
        ("r.docx", docx),
        ("r.xlsx", xlsx),
    ] {
        let a = analyse(name, &bytes, &Options::default());
        let f = a
            .findings
            .iter()
            .find(|f| f.code == "T301" && f.row.as_deref() == Some("granted"))
            .unwrap_or_else(|| panic!("{name}: no T301 on granted: {:?}", a.findings));
        if name.ends_with(".md") {
            assert!(
                f.location.line.is_some() && f.location.column.is_some(),
                "{f:?}"
            );
            assert_eq!(f.location.row, None);
        } else {
            assert_eq!(f.location.line, None, "{name}: {f:?}");
            assert!(f.location.table.is_some(), "{name}: {f:?}");
            assert!(f.location.row.is_some(), "{name}: {f:?}");
            // the total column is the last of the row
            assert!(f.location.cell.is_some_and(|c| c >= 7), "{name}: {f:?}");
        }
    }
}
