//! Golden tests on the five seed reports in `../shared/seeds/`. Every expected value was
//! typed by reading the seed text, not copied from the program's output. The seeds are
//! required: a missing seed fails the test.

use xxgk_model::{AppealGroup, Appeals, Issued, Report, RequestRow};

fn seed(prefix: &str) -> (Report, xxgk_extract::Extraction) {
    let path = xxgk_testkit::seed_path(prefix);
    let bytes = std::fs::read(&path).expect("read seed");
    let doc = xxgk_read::read_bytes(&path.display().to_string(), &bytes).expect("seed is readable");
    let ex = xxgk_extract::extract(&doc, "seed");
    (ex.report.clone(), ex)
}

type Row = [Option<i64>; 7];
const Z: Row = [Some(0); 7];

fn one(natural: i64, business: i64, total: i64) -> Row {
    [
        Some(natural),
        Some(business),
        Some(0),
        Some(0),
        Some(0),
        Some(0),
        Some(total),
    ]
}

/// Asserts all 25 rows: `special` lists the rows that are not all zero.
fn assert_requests(r: &Report, special: &[(RequestRow, Row)]) {
    let t = r.requests.as_ref().expect("table three present");
    for row in RequestRow::ROWS_2021 {
        let want = special
            .iter()
            .find(|(k, _)| k == row)
            .map(|(_, v)| *v)
            .unwrap_or(Z);
        assert_eq!(t.row(*row), Some(&want), "row {}", row.key());
    }
}

fn group(upheld: i64, corrected: i64, other: i64, pending: i64, total: i64) -> AppealGroup {
    AppealGroup {
        upheld: Some(upheld),
        corrected: Some(corrected),
        other: Some(other),
        pending: Some(pending),
        total: Some(total),
    }
}

fn issued(a: i64, b: i64, c: i64) -> Option<Issued> {
    Some(Issued {
        issued: Some(a),
        repealed: Some(b),
        in_force: Some(c),
    })
}

fn zero_appeals() -> Appeals {
    Appeals {
        review: group(0, 0, 0, 0, 0),
        litigation_direct: group(0, 0, 0, 0, 0),
        litigation_after_review: group(0, 0, 0, 0, 0),
    }
}

#[test]
fn seed_000_xinjiang_fire_rescue() {
    let (r, _) = seed("000_");
    assert_eq!(r.agency.as_deref(), Some("新疆消防救援机构"));
    assert_eq!(r.year, Some(2025));
    assert_eq!(
        r.title.as_deref(),
        Some("新疆消防救援机构 2025 年政府信息公开工作年度报告")
    );
    assert_eq!(r.published, None);
    assert_eq!(
        r.sections.iter().map(|s| s.number).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 6]
    );
    let t2 = r.active_disclosure.as_ref().expect("table two");
    assert_eq!(t2.regulations, issued(0, 0, 0));
    assert_eq!(t2.normative_documents, issued(6, 4, 46));
    assert_eq!(
        (t2.licensing, t2.penalty, t2.coercion),
        (Some(6009), Some(3035), Some(108))
    );
    assert_eq!(t2.fees_wan_yuan.as_deref(), Some("425.9598"));
    // Rows 1.–3. of 不予公开 have five blank cells after their label and no value: fewer
    // cells than columns, none filled, so no column is certain and every cell is null
    // (align.rs rule 7), not two nulls and five zeros.
    let short = [None; 7];
    use RequestRow::*;
    assert_requests(
        &r,
        &[
            (NewReceived, one(23, 0, 23)),
            (Granted, one(2, 0, 2)),
            (PartiallyGranted, one(9, 0, 9)),
            (DeniedStateSecret, short),
            (DeniedProhibitedByLaw, short),
            (DeniedThreeSafeties, short),
            (UnavailableNotHeld, one(11, 0, 11)),
            (Total, one(22, 0, 22)),
            (CarriedForward, one(1, 0, 1)),
        ],
    );
    assert_eq!(
        r.appeals,
        Some(Appeals {
            review: group(4, 0, 2, 0, 6),
            litigation_direct: group(0, 0, 0, 0, 0),
            litigation_after_review: group(3, 0, 0, 1, 4)
        })
    );
    let p = &r.provenance[&"requests.new_received[6]"
        .parse::<xxgk_model::CellRef>()
        .expect("cell path")];
    assert_eq!((p.line, p.text.as_str()), (Some(47), "23"));
    let p = &r.provenance[&"requests.carried_forward[0]"
        .parse::<xxgk_model::CellRef>()
        .expect("cell path")];
    assert_eq!((p.line, p.text.as_str()), (Some(72), "1"));
    assert!(p.note.is_some(), "an inferred placement is flagged");
}

#[test]
fn seed_001_ganzhou_fire_brigade() {
    let (r, _) = seed("001_");
    assert_eq!(r.agency.as_deref(), Some("赣州经济技术开发区消防救援大队"));
    assert_eq!(r.year, Some(2024));
    assert_eq!(r.published, None);
    let t2 = r.active_disclosure.as_ref().expect("table two");
    assert_eq!(
        (t2.regulations, t2.normative_documents),
        (issued(0, 0, 0), issued(0, 0, 0))
    );
    assert_eq!(
        (t2.licensing, t2.penalty, t2.coercion),
        (Some(44), Some(22), Some(8))
    );
    assert_eq!(t2.fees_wan_yuan.as_deref(), Some("0"));
    use RequestRow::*;
    assert_requests(&r, &[(NewReceived, one(2, 0, 2)), (Total, one(2, 0, 2))]);
    assert_eq!(r.appeals, Some(zero_appeals()));
    assert_eq!(r.sections.len(), 6);
}

#[test]
fn seed_002_qijiang_one_cell_per_line() {
    let (r, _) = seed("002_");
    assert_eq!(r.agency.as_deref(), Some("重庆市綦江区应急管理局"));
    assert_eq!(
        r.title.as_deref(),
        Some("重庆市綦江区应急管理局2024年政府信息公开工作年度报告")
    );
    assert_eq!(r.year, Some(2024));
    assert_eq!(
        r.published.map(|d| d.to_string()).as_deref(),
        Some("2025-01-23")
    );
    let t2 = r.active_disclosure.as_ref().expect("table two");
    assert_eq!(
        (t2.regulations, t2.normative_documents),
        (issued(0, 0, 0), issued(0, 1, 0))
    );
    assert_eq!(
        (t2.licensing, t2.penalty, t2.coercion),
        (Some(231), Some(22), Some(2))
    );
    assert_eq!(t2.fees_wan_yuan.as_deref(), Some("0"));
    use RequestRow::*;
    assert_requests(
        &r,
        &[
            (NewReceived, one(1, 1, 2)),
            (Granted, one(0, 1, 1)),
            (UnavailableNotHeld, one(1, 0, 1)),
            (Total, one(1, 1, 2)),
        ],
    );
    assert_eq!(r.appeals, Some(zero_appeals()));
    // the cell “　1” (U+3000 then 1) on line 91
    let p = &r.provenance[&"requests.new_received[0]"
        .parse::<xxgk_model::CellRef>()
        .expect("cell path")];
    assert_eq!(
        (p.line, p.column, p.text.as_str()),
        (Some(91), Some(3), "1")
    );
    // the signature is not prose of section 六
    assert_eq!(
        r.section(6).map(|s| s.text.as_str()),
        Some("本年度未收取政府信息公开信息处理费。")
    );
}

#[test]
fn seed_003_zhouqu_tables_lost() {
    let (r, ex) = seed("003_");
    assert_eq!(r.agency.as_deref(), Some("舟曲县应急管理局"));
    assert_eq!(r.year, Some(2025));
    assert_eq!(
        r.published.map(|d| d.to_string()).as_deref(),
        Some("2026-01-20")
    );
    assert_eq!(r.active_disclosure, None);
    assert_eq!(r.requests, None);
    assert_eq!(r.appeals, None);
    assert!(r.provenance.is_empty());
    // headings run inline in one long line
    assert_eq!(ex.layout.headings.len(), 6);
    assert!(
        r.section(5)
            .is_some_and(|s| s.text.starts_with("虽然我们在政府信息公开工作中"))
    );
}

#[test]
fn seed_004_zezhou_title_without_year() {
    let (r, ex) = seed("004_");
    assert_eq!(r.agency.as_deref(), Some("泽州县应急管理局"));
    assert_eq!(
        r.title.as_deref(),
        Some("泽州县应急管理局政府信息公开工作年度报告")
    );
    assert_eq!(ex.meta.title_year, None);
    assert_eq!(r.year, Some(2025));
    let t2 = r.active_disclosure.as_ref().expect("table two");
    assert_eq!(
        (t2.regulations, t2.normative_documents),
        (issued(0, 0, 0), issued(0, 0, 0))
    );
    assert_eq!(
        (t2.licensing, t2.penalty, t2.coercion),
        (Some(50), Some(23), Some(0))
    );
    // rows 5.–8. of 不予公开 have six cells; the label took the 自然人 cell
    let six = [None, Some(0), Some(0), Some(0), Some(0), Some(0), Some(0)];
    use RequestRow::*;
    assert_requests(
        &r,
        &[
            (DeniedInternalAffairs, six),
            (DeniedProcessInfo, six),
            (DeniedEnforcementFile, six),
            (DeniedQueryMatter, six),
        ],
    );
    assert_eq!(r.appeals, Some(zero_appeals()));
}
