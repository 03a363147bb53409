//! Labels typed with a wrong character, as they appear in published reports and PDFs
//! whose fonts map a glyph to its look-alike: a row is read as its nearest template row,
//! reported (S005) and flagged in provenance; a label that is too far from every row is
//! left out and reported missing, never guessed.

mod common;
use common::{comparable, read_back};
use xxgk_model::RequestRow;

/// A generated valid report in Markdown, with `(from, to)` replacements in its text.
fn with_typos(seed: u64, typos: &[(&str, &str)]) -> (xxgk_model::Report, String) {
    let r = xxgk_testkit::generate(seed);
    let mut md = xxgk_render::markdown(&r);
    for (from, to) in typos {
        assert!(md.contains(from), "the rendered report has “{from}”");
        md = md.replacen(from, to, 1);
    }
    (r, md)
}

fn extract(md: &str) -> xxgk_extract::Extraction {
    let doc = xxgk_read::read_bytes("typo.md", md.as_bytes()).expect("readable");
    xxgk_extract::extract(&doc, "typo.md")
}

#[test]
fn one_wrong_character_in_table_three_labels_reads_the_same_tables() {
    let typos = [
        ("其他法律行政法规禁止公开", "其他法律行政法规禁止公幵"),
        ("属于三类内部事务信息", "属于三类內部事物信息"),
        ("属于行政查询事项", "属于行政査询事项"),
        ("重复申请", "重复申清"),
        ("没有现成信息需要另行制作", "没有現成信息需要另行製作"),
    ];
    let (want, md) = with_typos(11, &typos);
    let ex = extract(&md);
    assert_eq!(
        comparable(ex.report.clone()).requests,
        comparable(want.clone()).requests,
        "every cell of table three as generated"
    );
    let guessed: Vec<&str> = ex
        .notes
        .iter()
        .filter(|n| code(n) == "S005" && n.message.contains("疑有错字"))
        .filter_map(|n| n.row.map(|r| r.key()))
        .collect();
    assert_eq!(
        guessed,
        [
            "denied_prohibited_by_law",
            "denied_internal_affairs",
            "denied_query_matter",
            "unavailable_needs_creation",
            "rejected_repeated",
        ]
    );
    assert!(
        !ex.notes.iter().any(|n| code(n) == "T304"),
        "no row missing"
    );
    let p = &ex.report.provenance[&"requests.rejected_repeated[6]"
        .parse::<xxgk_model::CellRef>()
        .expect("cell path")];
    assert!(
        p.note.as_deref().is_some_and(|n| n.contains("错字")),
        "{p:?}"
    );
    // a row matched by meaning carries no such flag
    let p = &ex.report.provenance[&"requests.granted[6]"
        .parse::<xxgk_model::CellRef>()
        .expect("cell path")];
    assert_eq!(p.note, None);
}

#[test]
fn a_label_far_from_every_row_is_missing_not_guessed() {
    // “重复申请” replaced by words of no template row
    let (_, md) = with_typos(12, &[("2.重复申请", "2.另有说明事项")]);
    let ex = extract(&md);
    let t3 = ex.report.requests.as_ref().expect("table three");
    assert_eq!(t3.row(RequestRow::RejectedRepeated), None);
    assert!(
        ex.notes
            .iter()
            .any(|n| code(n) == "T304" && n.message.contains("重复申请")),
        "the row is reported missing"
    );
}

#[test]
fn outdated_template_rows_are_not_guessed_into_the_new_ones() {
    let (_, md) = with_typos(
        13,
        &[("本机关不掌握相关政府信息", "非本部门掌握的政府信息")],
    );
    let ex = extract(&md);
    let t3 = ex.report.requests.as_ref().expect("table three");
    assert_eq!(t3.row(RequestRow::UnavailableNotHeld), None);
    assert!(ex.notes.iter().any(|n| code(n) == "S004"));
}

#[test]
fn one_wrong_character_in_table_two_labels() {
    let (want, md) = with_typos(14, &[("行政许可", "行政许呵"), ("行政强制", "行政强治")]);
    let ex = extract(&md);
    assert_eq!(
        ex.report.active_disclosure, want.active_disclosure,
        "table two as generated"
    );
    let s005 = ex
        .notes
        .iter()
        .filter(|n| code(n) == "S005" && n.table == Some(xxgk_model::TableId::ActiveDisclosure))
        .count();
    assert_eq!(s005, 2);
}

#[test]
fn the_untouched_report_reads_back_exactly() {
    // the control: the same generator and reader without typos
    let (want, md) = with_typos(11, &[]);
    assert_eq!(
        comparable(read_back("x.md", md.as_bytes())),
        comparable(want)
    );
}

/// The rule that reports an observation (extraction itself names none).
fn code(n: &xxgk_extract::Note) -> &'static str {
    xxgk_check::reported_as(n).map_or("", |r| r.code)
}
