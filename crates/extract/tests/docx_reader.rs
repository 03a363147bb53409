//! DOCX at the extraction level: files from other producers (LibreOffice) and our own
//! writer's official layout with merged headers, read into exact table values.

mod common;
use common::comparable;
use proptest::prelude::*;
use xxgk_model::{AppealGroup, Applicant, Issued, Report, RequestRow};
use xxgk_read::ReadError;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../read/tests/fixtures/docx/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn extract(name: &str, bytes: &[u8]) -> xxgk_extract::Extraction {
    let doc = xxgk_read::read_bytes(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(doc.format, xxgk_model::DocFormat::Docx);
    xxgk_extract::extract(&doc, name)
}

fn notes(ex: &xxgk_extract::Extraction) -> Vec<String> {
    ex.notes
        .iter()
        .map(|n| format!("{} {}", code(n), n.message))
        .collect()
}

fn row(v: [i64; 7]) -> Option<[Option<i64>; 7]> {
    Some(v.map(Some))
}

fn group(v: [i64; 5]) -> AppealGroup {
    AppealGroup {
        upheld: Some(v[0]),
        corrected: Some(v[1]),
        other: Some(v[2]),
        pending: Some(v[3]),
        total: Some(v[4]),
    }
}

/// A report written in LibreOffice (from a flat ODT): headings numbered by a list style,
/// merged header cells, a label wrapped over two paragraphs. Values typed from the source.
#[test]
fn libreoffice_report_with_list_numbering_and_merged_cells() {
    let ex = extract(
        "qinghe-2025-libreoffice.docx",
        &fixture("qinghe-2025-libreoffice.docx"),
    );
    assert!(ex.notes.is_empty(), "{:?}", notes(&ex));
    let r = &ex.report;
    assert_eq!(
        r.title.as_deref(),
        Some("青禾县农业农村局2025年政府信息公开工作年度报告")
    );
    assert_eq!(r.agency.as_deref(), Some("青禾县农业农村局"));
    assert_eq!(r.year, Some(2025));
    assert_eq!(
        r.published.map(|d| d.to_string()).as_deref(),
        Some("2026-01-20")
    );

    // the six headings carry the numbers Word/LibreOffice generate (一、 … 六、)
    let printed: Vec<_> = ex.layout.headings.iter().map(|h| h.printed).collect();
    assert_eq!(printed, [1, 2, 3, 4, 5, 6].map(Some));
    let s1 = &r.sections[0].text;
    assert!(s1.contains("\n（一）主动公开方面。"), "{s1}");
    assert!(
        s1.contains("\n（二）依申请公开方面。全年新收政府信息公开申请 18 件"),
        "{s1}"
    );
    assert!(s1.contains("\n（三）政府信息管理方面。"), "{s1}");
    assert_eq!(
        r.sections[5].text,
        "本年度未收取信息处理费。无其他需要报告的事项。"
    );

    let t2 = r.active_disclosure.as_ref().expect("table two");
    let zero = Issued {
        issued: Some(0),
        repealed: Some(0),
        in_force: Some(0),
    };
    assert_eq!(t2.regulations, Some(zero));
    assert_eq!(
        t2.normative_documents,
        Some(Issued {
            issued: Some(2),
            repealed: Some(1),
            in_force: Some(15)
        })
    );
    assert_eq!(
        (t2.licensing, t2.penalty, t2.coercion),
        (Some(326), Some(41), Some(3))
    );
    assert_eq!(t2.fees_wan_yuan.as_deref(), Some("0.85"));

    let t3 = r.requests.as_ref().expect("table three");
    use RequestRow::*;
    let special = [
        (NewReceived, [12, 3, 0, 1, 0, 2, 18]),
        (CarriedOver, [1, 0, 0, 0, 0, 0, 1]),
        (Granted, [5, 1, 0, 1, 0, 1, 8]),
        (PartiallyGranted, [2, 0, 0, 0, 0, 0, 2]),
        (DeniedThirdParty, [1, 0, 0, 0, 0, 0, 1]),
        (UnavailableNotHeld, [3, 1, 0, 0, 0, 0, 4]),
        (RejectedPetition, [1, 0, 0, 0, 0, 1, 2]),
        (Total, [12, 2, 0, 1, 0, 2, 17]),
        (CarriedForward, [1, 1, 0, 0, 0, 0, 2]),
    ];
    for k in RequestRow::ROWS_2021 {
        let want = special
            .iter()
            .find(|(s, _)| s == k)
            .map_or([0; 7], |(_, v)| *v);
        assert_eq!(t3.row(*k).copied(), row(want), "row {}", k.key());
    }
    let a = r.appeals.as_ref().expect("table four");
    assert_eq!(a.review, group([1, 0, 0, 1, 2]));
    assert_eq!(a.litigation_direct, group([0; 5]));
    assert_eq!(a.litigation_after_review, group([0, 0, 1, 0, 1]));

    // provenance: the third table, the row and grid column of the cell
    let p = &r.provenance[&"requests.new_received[6]"
        .parse::<xxgk_model::CellRef>()
        .expect("cell path")];
    assert_eq!((p.table, p.row, p.cell), (Some(2), Some(4), Some(10)));
    assert_eq!(p.text, "18");
    let p = &r.provenance[&"appeals.litigation_after_review.total"
        .parse::<xxgk_model::CellRef>()
        .expect("cell path")];
    assert_eq!((p.table, p.row, p.cell), (Some(3), Some(4), Some(15)));
}

/// Our writer's output, opened and saved again by LibreOffice, reads back to the report
/// that was rendered.
#[test]
fn libreoffice_resave_of_our_output_reads_to_the_same_report() {
    let ex = extract(
        "rendered-libreoffice.docx",
        &fixture("rendered-libreoffice.docx"),
    );
    assert!(ex.notes.is_empty(), "{:?}", notes(&ex));
    let want: Report =
        serde_json::from_slice(&fixture("rendered-libreoffice.json")).expect("expected JSON");
    assert_eq!(comparable(ex.report.clone()), comparable(want));
    assert!(
        ex.report
            .provenance
            .values()
            .all(|p| p.table.is_some() && p.row.is_some() && p.cell.is_some())
    );
}

/// The writer's official merged headers come back as a true grid: text top-left, the
/// covered positions empty, and every value row regular (no T304/T404).
#[test]
fn the_official_merged_headers_are_read_as_a_grid() {
    let r = xxgk_testkit::generate(3);
    let bytes = xxgk_render::docx(&r).expect("render");
    let doc = xxgk_read::read_bytes("x.docx", &bytes).expect("read");
    let g = doc.grid_texts();
    let find = |first: &str| {
        g.iter()
            .find(|row| row.first().is_some_and(|c| *c == first))
            .unwrap_or_else(|| panic!("no row starting with {first}"))
    };
    // table two: a heading row over four columns, a value spanning three
    assert_eq!(
        find("第二十条第（一）项"),
        &["第二十条第（一）项", "", "", ""]
    );
    assert_eq!(find("行政许可")[2..], ["", ""]);
    // table three: 3 label columns + 7 values; 申请人情况 over seven columns
    let h1 = find("本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和");
    assert_eq!(h1.len(), 10);
    assert_eq!(h1[3], "申请人情况");
    assert!(h1[4..].iter().all(|c| c.is_empty()));
    let i = g
        .iter()
        .position(|row| row[0].starts_with("本列数据"))
        .unwrap();
    assert_eq!(g[i + 1][..5], ["", "", "", "自然人", "法人或其他组织"]);
    assert_eq!(g[i + 1][9], "总计");
    assert_eq!(
        g[i + 2][3..],
        [
            "",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            ""
        ]
    );
    let granted = find("三、本年度办理结果");
    assert_eq!(granted[1..3], ["（一）予以公开", ""]);
    assert_eq!(granted.len(), 10);
    let secret = g
        .iter()
        .find(|row| row[2] == "1.属于国家秘密")
        .expect("row 1.属于国家秘密");
    assert_eq!(secret[..2], ["", "（三）不予公开"]);
    let process = g
        .iter()
        .find(|row| row[2] == "6.属于四类过程性信息")
        .unwrap();
    assert_eq!(process[..2], ["", ""]);
    // table four: two header rows, the 5 covered cells under 结果维持 … 总计, 15 numbers
    let t4 = g.iter().position(|row| row[0] == "行政复议").unwrap();
    assert_eq!(g[t4][5], "行政诉讼");
    assert_eq!(g[t4 + 1][5], "未经复议直接起诉");
    assert_eq!(g[t4 + 1][10], "复议后起诉");
    assert!(g[t4 + 2][..5].iter().all(|c| c.is_empty()));
    assert_eq!(g[t4 + 3].len(), 15);

    let ex = xxgk_extract::extract(&doc, "x.docx");
    assert!(ex.notes.is_empty(), "{:?}", notes(&ex));
    assert_eq!(comparable(ex.report.clone()), comparable(r));
    // the value under 自然人 of （一）予以公开: table 2, its row, grid column 4
    let p = &ex.report.provenance[&xxgk_model::CellRef::Request(Granted, Applicant::NaturalPerson)];
    assert_eq!((p.table, p.cell), (Some(2), Some(4)));
    assert_eq!(p.row, Some(6));
    let findings = xxgk_check::check(&xxgk_check::Context::extracted(&ex));
    assert!(
        findings
            .iter()
            .all(|f| f.severity != xxgk_model::Severity::Error),
        "{findings:?}"
    );
}

use RequestRow::*;

/// Rows the report lacks are left out of the table (as in the Markdown rendering), and the
/// merged group cells still line up.
#[test]
fn missing_rows_keep_the_layout_readable() {
    let mut r = xxgk_testkit::generate(8);
    let t = r.requests.as_mut().unwrap();
    for k in [
        Granted,
        DeniedStateSecret,
        DeniedQueryMatter,
        UnavailableNotHeld,
        UnavailableNeedsCreation,
        UnavailableStillUnclear,
        OtherOther,
    ] {
        *t.row_mut(k) = None;
    }
    let bytes = xxgk_render::docx(&r).expect("render");
    let ex = extract("x.docx", &bytes);
    assert_eq!(comparable(ex.report.clone()), comparable(r.clone()));
    // only the report of missing rows
    let codes: Vec<_> = ex.notes.iter().map(code).collect();
    assert_eq!(codes, ["T304"], "{:?}", notes(&ex));

    // without tables at all, none is invented
    let mut bare = r.clone();
    bare.requests = None;
    bare.appeals = None;
    bare.active_disclosure = None;
    let ex = extract("x.docx", &xxgk_render::docx(&bare).unwrap());
    assert_eq!(comparable(ex.report), comparable(bare));
}

#[test]
fn damaged_docx_is_an_error_not_a_panic() {
    let mut junk = b"PK\x03\x04".to_vec();
    junk.extend(std::iter::repeat_n(0x5a, 300));
    assert!(matches!(
        xxgk_read::read_bytes("a.docx", &junk),
        Err(ReadError::Invalid(_))
    ));
    let good = xxgk_render::docx(&xxgk_testkit::generate(1)).unwrap();
    for cut in [10, 100, good.len() / 2, good.len() - 30] {
        let r = xxgk_read::read_bytes("a.docx", &good[..cut]);
        assert!(
            matches!(r, Err(ReadError::Invalid(_))),
            "cut at {cut}: {r:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// Bytes of a valid DOCX changed here and there (our writer stores parts
    /// uncompressed, so the changes land in the XML): an error or a document, never a panic.
    #[test]
    fn damaged_bytes_never_panic(seed in any::<u64>(), edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12)) {
        let mut bytes = xxgk_render::docx(&xxgk_testkit::generate(seed % 16)).unwrap();
        for (i, b) in edits {
            let i = i.index(bytes.len());
            bytes[i] = b;
        }
        if let Ok(doc) = xxgk_read::read_bytes("x.docx", &bytes) {
            let ex = xxgk_extract::extract(&doc, "x.docx");
            let _ = xxgk_check::check(&xxgk_check::Context::extracted(&ex));
        }
    }
}

/// The rule that reports an observation (extraction itself names none).
fn code(n: &xxgk_extract::Note) -> &'static str {
    xxgk_check::reported_as(n).map_or("", |r| r.code)
}
