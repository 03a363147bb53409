//! The PDF reader on fixture reports made by LibreOffice from `tests/fixtures/report-*.json`
//! (see `tests/fixtures/make.py`): every cell of the three tables, tables broken across
//! pages, page furniture, paragraphs, and the same report read from Markdown and PDF.

use serde_json::Value;
use std::path::PathBuf;
use xxgk_document::{Document, ReadError, RowKind};

fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn read(name: &str) -> (Document, xxgk_extract::Extraction) {
    let doc = xxgk_pdf::read(&bytes(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let ex = xxgk_extract::extract(&doc, name);
    (doc, ex)
}

/// The report a fixture was made from.
fn source(name: &str) -> Value {
    serde_json::from_slice(&bytes(name)).expect("fixture json")
}

/// A blank cell of the source is read as 0 (and reported as T306).
fn blank_as_zero(v: &Value) -> Value {
    match v {
        Value::Null => Value::from(0),
        Value::Array(a) => Value::Array(a.iter().map(blank_as_zero).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| (k.clone(), blank_as_zero(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Compares the three tables cell by cell, naming the first cell that differs.
fn assert_tables(name: &str, ex: &xxgk_extract::Extraction, want: &Value) {
    let got = serde_json::to_value(&ex.report).expect("report json");
    for table in ["active_disclosure", "requests", "appeals"] {
        let w = blank_as_zero(&want[table]);
        let g = &got[table];
        let wo = w.as_object().expect("source table");
        assert!(g.is_object(), "{name}: {table} not found (null)");
        let mut cells = 0;
        for (row, wv) in wo {
            let gv = &g[row];
            match wv {
                Value::Array(wa) => {
                    assert_eq!(wa.len(), 7, "{name}: {table}.{row}");
                    for (i, wc) in wa.iter().enumerate() {
                        assert_eq!(&gv[i], wc, "{name}: {table}.{row}[{i}]");
                        cells += 1;
                    }
                }
                Value::Object(wm) => {
                    for (col, wc) in wm {
                        assert_eq!(&gv[col], wc, "{name}: {table}.{row}.{col}");
                        cells += 1;
                    }
                }
                wc => {
                    assert_eq!(gv, wc, "{name}: {table}.{row}");
                    cells += 1;
                }
            }
        }
        let expected_cells = match table {
            "active_disclosure" => 10,
            "requests" => 25 * 7,
            _ => 15,
        };
        assert_eq!(cells, expected_cells, "{name}: {table}");
    }
}

fn no_whitespace(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

/// Sections: headings exactly, paragraphs one for one (the text compared without white
/// space: a space that ended a line is not in the PDF).
fn assert_sections(name: &str, ex: &xxgk_extract::Extraction, want: &Value) {
    let got = &ex.report.sections;
    let want = want["sections"].as_array().expect("sections");
    assert_eq!(got.len(), 6, "{name}: sections");
    for (g, w) in got.iter().zip(want) {
        assert_eq!(Some(g.heading.as_str()), w["heading"].as_str(), "{name}");
        let wt = w["text"].as_str().unwrap_or_default();
        if g.number == 2 || wt.is_empty() {
            continue; // table captions
        }
        let gp: Vec<String> = g.text.split('\n').map(no_whitespace).collect();
        let wp: Vec<String> = wt.split('\n').map(no_whitespace).collect();
        assert_eq!(gp, wp, "{name}: section {}", g.number);
    }
}

#[test]
fn normal_report_every_cell() {
    let (doc, ex) = read("normal.pdf");
    // each table on one page
    let mut seen = std::collections::BTreeMap::new();
    for r in doc.rows.iter().filter(|r| r.kind == RowKind::Grid) {
        let o = r.cells[0].origin;
        seen.entry(o.table)
            .or_insert_with(std::collections::BTreeSet::new)
            .insert(o.page);
    }
    assert_eq!(seen.len(), 3, "normal.pdf: three tables");
    assert!(seen.values().all(|pages| pages.len() == 1), "{seen:?}");
    let want = source("report-a.json");
    assert_tables("normal.pdf", &ex, &want);
    assert_sections("normal.pdf", &ex, &want);
    let r = &ex.report;
    assert_eq!(r.agency.as_deref(), want["agency"].as_str());
    assert_eq!(r.year, Some(2025));
    assert_eq!(r.title.as_deref(), want["title"].as_str());
    assert_eq!(
        r.published.map(|d| d.to_string()).as_deref(),
        Some("2026-01-20")
    );
}

#[test]
fn the_same_report_from_markdown_and_from_pdf() {
    let md_path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/正确示例-2025.md");
    let md = std::fs::read(&md_path).expect("example markdown");
    let md_doc = xxgk_read::read_bytes("正确示例-2025.md", &md).expect("markdown");
    let from_md = xxgk_extract::extract(&md_doc, "正确示例-2025.md").report;
    let (_, ex) = read("normal.pdf");
    let from_pdf = ex.report;
    assert!(from_md.requests.is_some() && from_md.appeals.is_some());
    assert_eq!(from_pdf.requests, from_md.requests);
    assert_eq!(from_pdf.appeals, from_md.appeals);
    assert_eq!(from_pdf.active_disclosure, from_md.active_disclosure);
    assert_eq!(from_pdf.agency, from_md.agency);
    assert_eq!(from_pdf.year, from_md.year);
    assert_eq!(from_pdf.title, from_md.title);
    assert_eq!(from_pdf.published, from_md.published);
    let headings = |r: &xxgk_model::Report| -> Vec<String> {
        r.sections.iter().map(|s| s.heading.clone()).collect()
    };
    assert_eq!(headings(&from_pdf), headings(&from_md));
    // every PDF cell points at its page and table cell
    let p = &from_pdf.provenance[&"requests.total[6]"
        .parse::<xxgk_model::CellRef>()
        .expect("cell path")];
    assert_eq!((p.page, p.text.as_str()), (Some(3), "23"));
    assert!(p.table.is_some() && p.row.is_some() && p.cell == Some(10));
}

/// The rows of the table holding table three, with their pages.
fn table_three_rows(doc: &Document) -> Vec<(u32, u32, String)> {
    let start = doc
        .rows
        .iter()
        .find(|r| r.kind == RowKind::Grid && r.joined().contains("本年新收"))
        .expect("table three");
    let table = start.cells[0].origin.table;
    doc.rows
        .iter()
        .filter(|r| r.kind == RowKind::Grid && r.cells[0].origin.table == table)
        .map(|r| {
            let o = r.cells[0].origin;
            (o.page.unwrap_or(0), o.row.unwrap_or(0), r.joined())
        })
        .collect()
}

fn assert_continued(name: &str) {
    let (doc, ex) = read(name);
    assert_tables(name, &ex, &source("report-b.json"));
    assert_sections(name, &ex, &source("report-b.json"));
    let rows = table_three_rows(&doc);
    // one table over two pages, rows numbered on, the header once
    let pages: std::collections::BTreeSet<u32> = rows.iter().map(|r| r.0).collect();
    assert_eq!(pages.into_iter().collect::<Vec<_>>(), vec![2, 3], "{name}");
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r.1 as usize, i + 1, "{name}: row numbers");
    }
    assert_eq!(rows.len(), 3 + 25, "{name}: header rows + 25 rows");
    assert_eq!(
        rows.iter().filter(|r| r.2.contains("自然人")).count(),
        1,
        "{name}: header repeated"
    );
    // the grid rows of the table are contiguous: nothing between the two pages' parts
    let first = doc
        .rows
        .iter()
        .position(|r| r.kind == RowKind::Grid && r.joined().contains("申请人情况"))
        .expect("header");
    let block: Vec<_> = doc.rows[first..first + rows.len()].iter().collect();
    assert!(block.iter().all(|r| r.kind == RowKind::Grid), "{name}");
    // a label wrapped over three lines inside its cell is one cell text
    assert!(rows.iter().any(|r| {
        r.2.contains("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
    }));
}

#[test]
fn table_three_broken_by_a_page_with_its_header_repeated() {
    assert_continued("broken.pdf");
}

#[test]
fn table_three_broken_by_a_page_without_its_header_repeated() {
    assert_continued("broken-nohead.pdf");
}

#[test]
fn page_numbers_and_running_headers_are_dropped() {
    for (name, furniture) in [
        ("normal.pdf", vec!["-1-", "-2-", "-3-"]),
        ("broken.pdf", vec!["— 1 —", "—1—", "— 2 —", "—2—"]),
        ("broken-nohead.pdf", vec!["第1页", "第2页", "共4页"]),
        ("borderless.pdf", vec![]),
    ] {
        let (doc, _) = read(name);
        for f in furniture {
            assert!(!doc.text.contains(f), "{name}: {f} left in the text");
        }
        for row in &doc.rows {
            let t = row.joined();
            assert!(
                t != "样例县交通运输局2024年政府信息公开工作年度报告",
                "{name}: running header kept"
            );
            let digits_only = t.trim_matches(|c: char| !c.is_ascii_digit());
            assert!(
                row.kind != RowKind::Prose || t.chars().count() > 3 || digits_only.is_empty(),
                "{name}: page number {t:?} kept"
            );
        }
    }
}

#[test]
fn letter_spaced_headings_and_paragraphs_joined_across_pages() {
    let (doc, ex) = read("broken.pdf");
    let headings: Vec<&str> = ex
        .report
        .sections
        .iter()
        .map(|s| s.heading.as_str())
        .collect();
    assert_eq!(
        headings,
        [
            "总体情况",
            "主动公开政府信息情况",
            "收到和处理政府信息公开申请情况",
            "政府信息公开行政复议、行政诉讼情况",
            "存在的主要问题及改进情况",
            "其他需要报告的事项"
        ]
    );
    // the heading line is a paragraph of its own, with no spaces between its glyphs
    assert!(
        doc.rows
            .iter()
            .any(|r| r.joined() == "三、收到和处理政府信息公开申请情况")
    );
    // （四） runs from page 1 onto page 2 and is one paragraph
    let p = doc
        .rows
        .iter()
        .find(|r| r.joined().starts_with("（四）平台建设"))
        .expect("paragraph");
    assert!(
        p.joined().ends_with("要素完整率达到百分之百。"),
        "{}",
        p.joined()
    );
    assert_eq!(p.cells[0].origin.page, Some(1));
    assert!(
        !doc.rows.iter().any(|r| r.joined() == "百。"),
        "a page break split the paragraph"
    );
}

#[test]
fn borderless_tables_from_column_alignment() {
    let (doc, ex) = read("borderless.pdf");
    let want = source("report-a.json");
    assert_tables("borderless.pdf", &ex, &want);
    // the tables really came from glyph alignment: the file has no ruling
    assert!(doc.rows.iter().any(|r| r.kind == RowKind::Grid));
    assert_eq!(ex.report.agency.as_deref(), want["agency"].as_str());
}

#[test]
fn an_image_only_pdf_needs_ocr() {
    assert_eq!(
        xxgk_pdf::read(&bytes("scanned.pdf")).unwrap_err(),
        ReadError::NeedsOcr
    );
}

#[test]
fn an_encrypted_pdf_is_refused() {
    assert_eq!(
        xxgk_pdf::read(&bytes("encrypted.pdf")).unwrap_err(),
        ReadError::Encrypted
    );
}

/// A table-three row split by the page break between pages 3 and 4 (see the `split-*`
/// fixtures in `make.py`): the table is read whole, every cell as in the source, the 25
/// rows each once, and the split row is one row whose `label` is whole; its cells point at
/// the page each was read on.
fn assert_split(name: &str, json: &str, label: &str, label_page: u32, values_page: u32) {
    let (doc, ex) = read(name);
    let want = source(json);
    assert_tables(name, &ex, &want);
    assert_sections(name, &ex, &want);
    let rows = table_three_rows(&doc);
    let pages: std::collections::BTreeSet<u32> = rows.iter().map(|r| r.0).collect();
    assert_eq!(pages.into_iter().collect::<Vec<_>>(), vec![3, 4], "{name}");
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r.1 as usize, i + 1, "{name}: row numbers");
    }
    assert_eq!(
        rows.len(),
        3 + 25,
        "{name}: header rows + 25 rows: {rows:#?}"
    );
    // no piece of the split row is a row of its own
    let pieces: Vec<_> = rows
        .iter()
        .filter(|r| {
            let t = r.2.trim();
            !t.is_empty() && (t.contains(label) || label.contains(t))
        })
        .collect();
    assert_eq!(pieces.len(), 1, "{name}: {pieces:?}");
    let row = doc
        .rows
        .iter()
        .find(|r| r.kind == RowKind::Grid && r.cells.iter().any(|c| c.text == label))
        .unwrap_or_else(|| panic!("{name}: no cell {label}"));
    let label_cell = row.cells.iter().find(|c| c.text == label).expect("label");
    assert_eq!(label_cell.origin.page, Some(label_page), "{name}: label");
    let values: Vec<_> = row
        .cells
        .iter()
        .filter(|c| !c.text.is_empty() && c.text.chars().all(|c| c.is_ascii_digit()))
        .collect();
    assert_eq!(values.len(), 7, "{name}: {row:?}");
    assert!(
        values.iter().all(|c| c.origin.page == Some(values_page)),
        "{name}: {values:?}"
    );
    // all 25 rows read, none missing
    let q = ex.report.requests.as_ref().expect("table three");
    for r in xxgk_model::RequestRow::ROWS_2021 {
        assert!(q.row(*r).is_some(), "{name}: {r:?} missing");
    }
}

#[test]
fn a_total_split_by_the_page_break_keeps_its_error() {
    // the numbers of （七）总计 at the foot of page 3, its label at the top of page 4 under
    // the repeated header
    assert_split("split-total.pdf", "report-c.json", "（七）总计", 4, 3);
    // the source's total is wrong: an error, not “cannot decide”
    let (_, ex) = read("split-total.pdf");
    let findings = xxgk_check::check(&xxgk_check::Context::extracted(&ex));
    let t3: Vec<_> = findings
        .iter()
        .filter(|f| f.code.starts_with("T30"))
        .collect();
    assert!(
        t3.iter().any(|f| f.code == "T302"
            && f.severity == xxgk_model::Severity::Error
            && f.row.as_deref() == Some("total")),
        "{t3:#?}"
    );
    assert!(
        t3.iter()
            .all(|f| f.severity != xxgk_model::Severity::Info || f.code == "T306"),
        "{t3:#?}"
    );
}

#[test]
fn a_long_label_split_by_the_page_break_is_one_row() {
    // the first line of （六）2.'s label on page 3; the other two and its numbers on page 4
    assert_split(
        "split-label.pdf",
        "report-b.json",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        3,
        4,
    );
    // two lines and the numbers on page 3, the third line on page 4 (header repeated)
    assert_split(
        "split-label-numbers.pdf",
        "report-b.json",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        3,
        3,
    );
}

#[test]
fn a_label_at_the_foot_and_its_numbers_over_the_page() {
    assert_split(
        "split-reverse.pdf",
        "report-b.json",
        "4.保护第三方合法权益",
        3,
        4,
    );
}

#[test]
fn the_last_row_of_a_table_split_by_the_page_break() {
    // the numbers of 四、结转下年度继续办理 at the foot of page 3, its label alone at the
    // top of page 4; section 四 follows as prose
    assert_split(
        "split-last.pdf",
        "report-b.json",
        "四、结转下年度继续办理",
        4,
        3,
    );
    let (doc, _) = read("split-last.pdf");
    let next = doc
        .rows
        .iter()
        .find(|r| r.joined().contains("政府信息公开行政复议、行政诉讼情况"))
        .expect("heading 四");
    assert_eq!(next.kind, RowKind::Prose);
}
