//! Reports for 2019 and 2020 in the trial format of 国办公开办函〔2019〕60号: read into the
//! trial fields, in every layout the 2021 tables are read from, and none of their figures
//! into a 2021 key.

mod common;
use common::{comparable, read_back};
use xxgk_model::{
    Applicant, CellRef, Report, RequestRow, Template, TrialColumn as C, TrialRow as R,
};

fn read(name: &str, bytes: &[u8]) -> Report {
    let doc = xxgk_read::read_bytes(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    xxgk_extract::extract(&doc, name).report
}

fn fixture(name: &str) -> Report {
    let path = format!("{}/tests/fixtures/trial/{name}", env!("CARGO_MANIFEST_DIR"));
    read(name, &std::fs::read(&path).expect("fixture"))
}

/// The figures every fixture carries (they are the same report).
fn assert_trial(r: &Report, year: i32) {
    assert_eq!(r.year, Some(year));
    assert_eq!(r.template, Template::Trial2019);
    // nothing in a 2021 key: no 本年制发/本年废止/现行有效 from 本年新制作/新公开/对外公开
    assert!(r.active_disclosure.is_none(), "{:?}", r.active_disclosure);
    let t = r.active_disclosure_2019.as_ref().expect("trial table two");
    let want = [
        (R::Regulations, C::Made, 0),
        (R::Regulations, C::TotalPublic, 0),
        (R::NormativeDocuments, C::Made, 3),
        (R::NormativeDocuments, C::Published, 3),
        (R::NormativeDocuments, C::TotalPublic, 27),
        (R::Licensing, C::PreviousYear, 12),
        (R::Licensing, C::Change, -2),
        (R::Licensing, C::Decisions, 356),
        (R::OtherServices, C::PreviousYear, 4),
        (R::OtherServices, C::Decisions, 18),
        (R::Penalty, C::PreviousYear, 45),
        (R::Penalty, C::Change, 3),
        (R::Penalty, C::Decisions, 129),
        (R::Coercion, C::Decisions, 7),
        (R::Fees, C::PreviousYear, 2),
        (R::Fees, C::Change, -1),
        (R::Procurement, C::Projects, 8),
    ];
    for (row, col, v) in want {
        assert_eq!(t.get(row, col), Some(v), "{row:?} {col:?}");
        assert!(
            r.provenance.contains_key(&CellRef::Trial(row, col)),
            "no provenance for {row:?} {col:?}"
        );
    }
    assert_eq!(
        t.procurement.as_ref().and_then(|p| p.amount.as_deref()),
        Some("136.25")
    );
    let q = r.requests.as_ref().expect("table three");
    assert_eq!(q.get(RequestRow::Other, Applicant::Total), Some(1));
    assert_eq!(q.get(RequestRow::Total, Applicant::Total), Some(5));
    assert_eq!(
        q.get(RequestRow::UnavailableNotHeld, Applicant::Total),
        Some(1)
    );
    for split in [
        RequestRow::OtherNoCorrection,
        RequestRow::OtherFeeUnpaid,
        RequestRow::OtherOther,
    ] {
        assert!(q.row(split).is_none(), "{split:?}");
    }
    for row in RequestRow::ROWS_TRIAL {
        assert!(q.row(*row).is_some(), "{row:?} missing");
    }
    let a = r.appeals.as_ref().expect("table four");
    assert_eq!(a.review.corrected, Some(1));
    assert_eq!(a.review.total, Some(1));
}

#[test]
fn a_2019_report_as_a_tab_grid() {
    assert_trial(&fixture("2019-tab-grid.txt"), 2019);
}

#[test]
fn a_2020_report_one_cell_per_line() {
    assert_trial(&fixture("2020-one-cell-per-line.txt"), 2020);
}

#[test]
fn a_2019_report_as_html() {
    assert_trial(&fixture("2019.html"), 2019);
}

/// The DOCX is the renderer's drawing of the tab-grid fixture: the DOCX reader's tables.
#[test]
fn a_2019_report_as_docx() {
    let r = fixture("2019-tab-grid.txt");
    let bytes = xxgk_render::docx(&r).expect("docx");
    assert_trial(&read("x.docx", &bytes), 2019);
}

#[test]
fn a_2019_report_as_markdown_and_xlsx() {
    let r = fixture("2019-tab-grid.txt");
    assert_trial(&read("x.md", xxgk_render::markdown(&r).as_bytes()), 2019);
    let bytes = xxgk_render::xlsx(&r).expect("xlsx");
    assert_trial(&read("x.xlsx", &bytes), 2019);
}

/// The labels decide, not the year: a 2020 report in the 2021 layout is read as 2021.
#[test]
fn a_2020_report_in_the_2021_layout_is_read_as_2021() {
    let text = "示例县2020年政府信息公开工作年度报告\n\n规章\t1\t0\t5\n行政许可\t7\n";
    let r = read("x.txt", text.as_bytes());
    assert_eq!(r.template, Template::Format2021);
    assert!(r.active_disclosure_2019.is_none());
    let t = r.active_disclosure.expect("2021 table two");
    assert_eq!(t.regulations.and_then(|d| d.in_force), Some(5));
}

/// A group label （六）其他处理 alone on a row of a 2021 table is no trial row.
#[test]
fn a_2021_group_label_alone_is_not_the_trial_row() {
    let mut text = String::from(
        "申请人情况\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n",
    );
    for row in RequestRow::ROWS_2021 {
        if *row == RequestRow::OtherNoCorrection {
            text.push_str("（六）其他处理\n");
        }
        text.push_str(row.label());
        text.push_str("\t0\t0\t0\t0\t0\t0\t0\n");
    }
    let r = read("x.txt", text.as_bytes());
    assert_eq!(r.template, Template::Format2021);
    let q = r.requests.expect("table three");
    assert!(q.other.is_none());
    assert!(RequestRow::ROWS_2021.iter().all(|x| q.row(*x).is_some()));
}

/// A wrong character in a trial label is read as the row, and said (a label variant).
#[test]
fn a_trial_label_with_a_typo_is_read_and_noted() {
    let text = "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政许呵\t3\t1\t9\n";
    let doc = xxgk_read::read_bytes("x.txt", text.as_bytes()).expect("readable");
    let ex = xxgk_extract::extract(&doc, "x.txt");
    let t = ex.report.active_disclosure_2019.expect("trial table two");
    assert_eq!(t.get(R::Licensing, C::Decisions), Some(9));
    assert!(
        ex.notes
            .iter()
            .any(|n| n.kind == xxgk_extract::Observed::LabelVariant)
    );
}

/// Every writer draws a generated trial report in the trial layout, and reading it back
/// gives the same model (the property tests draw a trial report one time in four; these
/// seeds make sure of it).
#[test]
fn generated_trial_reports_round_trip_through_every_writer() {
    for seed in 0..6 {
        let r = xxgk_testkit::generate_trial(seed);
        assert_eq!(r.template, Template::Trial2019);
        let back = [
            read_back("x.md", xxgk_render::markdown(&r).as_bytes()),
            read_back("x.html", xxgk_render::html(&r).as_bytes()),
            read_back("x.docx", &xxgk_render::docx(&r).expect("docx")),
            read_back("x.xlsx", &xxgk_render::xlsx(&r).expect("xlsx")),
        ];
        for (fmt, b) in ["md", "html", "docx", "xlsx"].iter().zip(back) {
            assert_eq!(comparable(b), comparable(r.clone()), "seed {seed}, {fmt}");
        }
    }
}

/// A 2021 table beside a cell of prose that names 政府集中采购 stays a 2021 table.
#[test]
fn prose_naming_procurement_in_a_cell_is_no_trial_label() {
    let text = "说明\t本机关严格执行政府集中采购目录，全年未发生违规采购情况，相关信息均已公开\n规章\t1\t0\t5\n行政许可\t7\n";
    let r = read("x.txt", text.as_bytes());
    assert_eq!(r.template, Template::Format2021);
    assert_eq!(
        r.active_disclosure
            .and_then(|t| t.regulations)
            .and_then(|d| d.in_force),
        Some(5)
    );
}
