//! HTML as real sites publish it, through the reader and extraction: merged headers,
//! layout tables, site chrome, the metadata table's date; and the same report from HTML
//! and from Markdown giving the same model.

mod common;
use common::{comparable, read_back};
use xxgk_model::{Applicant, RequestRow};

/// A hand-written page (invented agency and figures) in the style of a county site: a
/// layout table around everything, a menu column, breadcrumb, metadata table, Word-style
/// tables with the official merged headers, share bar and footer.
const YUNXI_HTML: &str = include_str!("../../read/tests/fixtures/html/yunxi-2024.html");
/// The same report written as Markdown by hand.
const YUNXI_MD: &str = include_str!("../../read/tests/fixtures/html/yunxi-2024.md");

fn extract_html(html: &str) -> xxgk_extract::Extraction {
    let doc = xxgk_read::read_bytes("x.html", html.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    xxgk_extract::extract(&doc, "x.html")
}

#[test]
fn merged_table_three_extracts_exactly() {
    let ex = extract_html(YUNXI_HTML);
    let t = ex
        .report
        .requests
        .unwrap_or_else(|| panic!("table three missing"));
    let expect: &[(RequestRow, [i64; 7])] = &[
        (RequestRow::NewReceived, [14, 3, 0, 1, 2, 0, 20]),
        (RequestRow::CarriedOver, [1, 0, 0, 0, 0, 0, 1]),
        (RequestRow::Granted, [6, 1, 0, 0, 1, 0, 8]),
        (RequestRow::PartiallyGranted, [2, 0, 0, 0, 0, 0, 2]),
        (RequestRow::DeniedStateSecret, [0; 7]),
        (RequestRow::DeniedThirdParty, [1, 0, 0, 0, 0, 0, 1]),
        (RequestRow::DeniedQueryMatter, [0; 7]),
        (RequestRow::UnavailableNotHeld, [3, 1, 0, 1, 0, 0, 5]),
        (RequestRow::UnavailableNeedsCreation, [1, 0, 0, 0, 0, 0, 1]),
        (RequestRow::RejectedPetition, [1, 0, 0, 0, 0, 0, 1]),
        (RequestRow::OtherNoCorrection, [0, 1, 0, 0, 0, 0, 1]),
        (RequestRow::OtherOther, [0; 7]),
        (RequestRow::Total, [14, 3, 0, 1, 1, 0, 19]),
        (RequestRow::CarriedForward, [1, 0, 0, 0, 1, 0, 2]),
    ];
    for (row, cells) in expect {
        assert_eq!(t.row(*row), Some(&cells.map(Some)), "{}", row.key());
    }
    assert!(RequestRow::ROWS_2021.iter().all(|r| t.row(*r).is_some()));
    // provenance points into the HTML table: 4th <table>, row 4, column 10 (the 总计 of 一)
    let p = &ex.report.provenance
        [&xxgk_model::CellRef::Request(RequestRow::NewReceived, Applicant::Total)];
    assert_eq!(
        (p.table, p.row, p.cell, p.text.as_str()),
        (Some(4), Some(4), Some(10), "20")
    );
    // read as the template: no irregular-row, label-variant or blank-cell notes
    let codes: Vec<&str> = ex.notes.iter().map(code).collect();
    assert!(codes.is_empty(), "{codes:?}");
}

#[test]
fn tables_two_and_four_and_metadata() {
    let r = extract_html(YUNXI_HTML).report;
    assert_eq!(
        r.title.as_deref(),
        Some("云溪县水利局2024年政府信息公开工作年度报告")
    );
    assert_eq!(r.agency.as_deref(), Some("云溪县水利局"));
    assert_eq!(r.year, Some(2024));
    // the signature date, not the footer's 2025年3月1日
    assert_eq!(
        r.published.map(|d| d.to_string()).as_deref(),
        Some("2025-01-22")
    );
    let t2 = r.active_disclosure.unwrap_or_default();
    let n = t2.normative_documents.unwrap_or_default();
    assert_eq!(
        (n.issued, n.repealed, n.in_force),
        (Some(2), Some(1), Some(15))
    );
    assert_eq!(
        (t2.licensing, t2.penalty, t2.coercion),
        (Some(312), Some(27), Some(3))
    );
    assert_eq!(t2.fees_wan_yuan.as_deref(), Some("12.5"));
    let a = r.appeals.unwrap_or_default();
    assert_eq!((a.review.upheld, a.review.total), (Some(1), Some(1)));
    assert_eq!(
        (a.litigation_direct.other, a.litigation_direct.total),
        (Some(1), Some(1))
    );
    assert_eq!(a.litigation_after_review.total, Some(0));
    assert_eq!(r.sections.len(), 6);
    assert_eq!(r.sections[5].text, "本年度未收取信息处理费。");
}

#[test]
fn published_from_the_metadata_table_when_there_is_no_signature() {
    let html = YUNXI_HTML.replace("<p style=\"text-align:right\">2025年1月22日</p>", "");
    assert_ne!(html, YUNXI_HTML);
    let html = html.replace("<td>2025-01-22</td>", "<td>2025-01-21</td>");
    let r = extract_html(&html).report;
    // from 发布日期 above the article, not from the footer's date
    assert_eq!(
        r.published.map(|d| d.to_string()).as_deref(),
        Some("2025-01-21")
    );
}

#[test]
fn same_report_from_html_and_from_markdown() {
    let html = read_back("yunxi.html", YUNXI_HTML.as_bytes());
    let md = read_back("yunxi.md", YUNXI_MD.as_bytes());
    assert!(html.requests.is_some() && html.appeals.is_some());
    assert_eq!(comparable(html), comparable(md));
}

#[test]
fn generated_reports_read_the_same_from_html_and_markdown() {
    for seed in 0..16 {
        let r = xxgk_testkit::generate(seed);
        let html = read_back("g.html", xxgk_render::html(&r).as_bytes());
        let md = read_back("g.md", xxgk_render::markdown(&r).as_bytes());
        assert_eq!(comparable(html), comparable(md), "seed {seed}");
    }
}

#[test]
fn messy_gb2312_page_with_unclosed_tags() {
    // hand-written: GB2312 bytes, <p> and <td> never closed, a one-cell layout table, a
    // shortened table three, the signature split by <br>
    let bytes = include_bytes!("../../read/tests/fixtures/html/messy-gb2312.html");
    let doc = xxgk_read::read_bytes("m.html", bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.encoding, "gb18030");
    let ex = xxgk_extract::extract(&doc, "m.html");
    let r = &ex.report;
    assert_eq!(r.agency.as_deref(), Some("南坪镇人民政府"));
    assert_eq!(
        r.published.map(|d| d.to_string()).as_deref(),
        Some("2025-01-15")
    );
    let t2 = r.active_disclosure.clone().unwrap_or_default();
    let n = t2.normative_documents.unwrap_or_default();
    // the &nbsp; cell is blank: 0
    assert_eq!(
        (n.issued, n.repealed, n.in_force),
        (Some(1), Some(0), Some(4))
    );
    assert_eq!(t2.fees_wan_yuan.as_deref(), Some("0.35"));
    let t3 = r.requests.clone().unwrap_or_default();
    assert_eq!(
        t3.row(RequestRow::UnavailableNotHeld),
        Some(&[1, 0, 0, 0, 0, 0, 1].map(Some))
    );
    assert_eq!(
        t3.row(RequestRow::Total),
        Some(&[3, 0, 0, 0, 0, 0, 3].map(Some))
    );
    // rows the page leaves out stay null, never zeros
    assert_eq!(t3.row(RequestRow::PartiallyGranted), None);
    assert_eq!(r.appeals.map(|a| a.review.total), Some(Some(0)));
    assert_eq!(
        r.sections[0].text,
        "2024年，南坪镇坚持以公开为常态，全年共收到政府信息公开申请3件，办结3件。\n主动公开政府信息 57 条。"
    );
}

/// The rule that reports an observation (extraction itself names none).
fn code(n: &xxgk_extract::Note) -> &'static str {
    xxgk_check::reported_as(n).map_or("", |r| r.code)
}
