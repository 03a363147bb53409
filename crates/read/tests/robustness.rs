//! Hostile input: reading stays linear in the input and never overflows the stack.
//!
//! No test measures time. The sizes are chosen so that a quadratic reader would take
//! minutes even in a release build (200,000 nested `<div>` took more than a minute before
//! the HTML reader bounded html5ever), so a regression shows as a hanging test; the
//! tests also check that the text inside the nesting is still read. Test threads have
//! 2 MiB of stack: any recursion over the depth would overflow here.

use xxgk_read::{Document, MAX_INPUT_BYTES, ReadError, RowKind, read_bytes};

/// A short report: a title, a heading, a table and a closing line.
const REPORT: &str = "<h1>示例县统计局2025年政府信息公开工作年度报告</h1><p>一、总体情况</p>\
    <table><tr><td>行政许可</td><td>231</td></tr><tr><td>行政处罚</td><td>22</td></tr></table>\
    <p>报告到此结束。</p>";

fn html_page(body: &str) -> String {
    format!("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>{body}</body></html>")
}

fn read_html(page: &str) -> Document {
    read_bytes("deep.html", page.as_bytes()).unwrap_or_else(|e| panic!("{e}"))
}

/// Every prose line and cell text, joined.
fn all_text(doc: &Document) -> String {
    doc.rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|c| c.text.as_str()))
        .collect::<Vec<_>>()
        .join("|")
}

fn assert_report_text(doc: &Document) {
    let text = all_text(doc);
    for part in [
        "示例县统计局2025年政府信息公开工作年度报告",
        "一、总体情况",
        "行政许可",
        "231",
        "行政处罚",
        "22",
        "报告到此结束。",
    ] {
        assert!(text.contains(part), "{part} missing");
    }
}

#[test]
fn html_report_inside_200k_nested_divs() {
    let depth = 200_000;
    let page = html_page(&format!(
        "{}{REPORT}{}",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    ));
    let doc = read_html(&page);
    assert_report_text(&doc);
    assert_eq!(
        doc.prose_texts().first(),
        Some(&"示例县统计局2025年政府信息公开工作年度报告")
    );
}

#[test]
fn html_report_inside_100k_nested_tables() {
    let depth = 100_000;
    let page = html_page(&format!(
        "{}{REPORT}{}",
        "<table><tr><td>".repeat(depth),
        "</td></tr></table>".repeat(depth)
    ));
    assert_report_text(&read_html(&page));
}

#[test]
fn html_unclosed_tags_50k_deep() {
    for open in [
        "<div>",
        "<span>",
        "<ul><li>",
        "<blockquote>",
        "<table><tr><td>",
        "<font>",
        "<b><i><u>",
        "<div><b>",
        "<table><div>",
        "<svg>",
    ] {
        let page = html_page(&format!("<p>开头</p>{}{REPORT}", open.repeat(50_000)));
        let doc = read_html(&page);
        let text = all_text(&doc);
        assert!(text.contains("开头"), "{open}");
        if open != "<svg>" {
            // text inside <svg> is not report text
            assert_report_text(&doc);
        }
    }
}

#[test]
fn html_formatting_elements_reopened_in_every_paragraph() {
    // each distinct <b> stays active after </p> and html5ever reopens all of them in the
    // next paragraph: unbounded, 20,000 paragraphs took half a minute
    let page: String = (0..50_000)
        .map(|i| format!("<p><b id=b{i}>第{i}段</p>"))
        .collect();
    let doc = read_html(&html_page(&page));
    let prose = doc.prose_texts();
    assert_eq!(prose.len(), 50_000);
    assert_eq!(prose[49_999], "第49999段");
}

#[test]
fn html_tag_with_200k_attributes() {
    let attrs: String = (0..200_000)
        .map(|i| format!(" data-a{i}=\"{i}\""))
        .collect();
    let page = html_page(&format!("<div{attrs}>正文</div>{REPORT}"));
    let doc = read_html(&page);
    assert_report_text(&doc);
    assert!(all_text(&doc).contains("正文"));
}

#[test]
fn html_end_tags_without_start_tags() {
    let page = html_page(&format!(
        "{}{}{REPORT}",
        "<span>".repeat(250),
        "</x></span-no>".repeat(200_000)
    ));
    assert_report_text(&read_html(&page));
}

#[test]
fn text_one_line_of_16_mib() {
    let line = "年".repeat((MAX_INPUT_BYTES - 3) / 3);
    let doc = read_bytes("long.txt", line.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.rows.len(), 1);
    assert_eq!(doc.rows[0].kind, RowKind::Prose);
    assert_eq!(doc.rows[0].cells[0].text.len(), line.len());
    // one byte more than the limit is refused, not read
    let over = vec![b'a'; MAX_INPUT_BYTES + 1];
    assert_eq!(
        read_bytes("big.txt", &over),
        Err(ReadError::TooLarge(MAX_INPUT_BYTES + 1))
    );
}

#[test]
fn text_millions_of_tab_cells_keep_their_text_in_bounded_rows() {
    // 4 million cells on one line: the rest of the line stays in the last cell
    let line = format!("行政许可{}", "\t1".repeat(4_000_000));
    let doc = read_bytes("tabs.txt", line.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let grid = doc.grid_texts();
    assert_eq!(grid.len(), 1);
    let cells = &grid[0];
    assert!(cells.len() <= 1024, "{}", cells.len());
    assert_eq!(cells[0], "行政许可");
    let ones: usize = cells.iter().map(|c| c.matches('1').count()).sum();
    assert_eq!(ones, 4_000_000);
    let last = doc.rows[0].cells.last().expect("cells");
    assert_eq!(
        last.column as usize,
        "行政许可".chars().count() + 2 * (cells.len() - 1)
    );

    // the same with runs of spaces and with pipes
    for line in [
        format!("行政许可{}", "  1".repeat(2_000_000)),
        format!("| 行政许可 {}", "| 1 ".repeat(2_000_000)),
    ] {
        let doc = read_bytes("cells.txt", line.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        let grid = doc.grid_texts();
        assert!(grid[0].len() <= 1024, "{}", grid[0].len());
        let ones: usize = grid[0].iter().map(|c| c.matches('1').count()).sum();
        assert_eq!(ones, 2_000_000);
    }
}

#[test]
fn text_millions_of_one_cell_lines() {
    let text = "\t1\n".repeat(3_000_000);
    let doc = read_bytes("cells.txt", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let grid = doc.grid_texts();
    assert!(grid.iter().all(|r| r.len() <= 1024));
    assert_eq!(grid.iter().map(Vec::len).sum::<usize>(), 3_000_000);
    // a cell keeps its line
    let last = doc.rows.iter().rev().find(|r| r.kind == RowKind::Grid);
    assert_eq!(
        last.and_then(|r| r.cells.last()).map(|c| c.line),
        Some(3_000_000)
    );
}
