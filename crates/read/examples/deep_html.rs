//! Reads a HTML page whose small report sits inside N nested `<div>` and prints the time.
//!
//! ```sh
//! cargo run --release -p xxgk-read --example deep_html -- 200000
//! cargo run --release -p xxgk-read --example deep_html -- 200000 table   # nested tables
//! cargo run --release -p xxgk-read --example deep_html -- 20000 div raw   # and html5ever unbounded
//! ```
//!
//! `raw` also times `scraper::Html::parse_document` on the same page: html5ever without the
//! reader's bounds, as the reader parsed pages before (quadratic in the depth).

use std::time::Instant;

/// A page with `depth` nested containers (`div`, or layout tables) around a short report.
fn page(depth: usize, tables: bool) -> String {
    let (open, close) = if tables {
        ("<table><tr><td>", "</td></tr></table>")
    } else {
        ("<div>", "</div>")
    };
    let report = "<h1>示例县统计局2025年政府信息公开工作年度报告</h1>\
        <p>一、总体情况</p><p>本机关坚持以公开为常态、不公开为例外。</p>\
        <table><tr><td>行政许可</td><td>231</td></tr><tr><td>行政处罚</td><td>22</td></tr></table>";
    let mut s = String::with_capacity(depth * (open.len() + close.len()) + report.len() + 64);
    s.push_str("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>");
    for _ in 0..depth {
        s.push_str(open);
    }
    s.push_str(report);
    for _ in 0..depth {
        s.push_str(close);
    }
    s.push_str("</body></html>");
    s
}

fn main() {
    let mut args = std::env::args().skip(1);
    let depth: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200_000);
    let tables = args.next().is_some_and(|a| a == "table");
    let raw = args.next().is_some_and(|a| a == "raw");
    let html = page(depth, tables);
    if raw {
        let start = Instant::now();
        let tree = scraper::Html::parse_document(&html);
        println!(
            "html5ever unbounded: parsed in {:.3} s ({} nodes)",
            start.elapsed().as_secs_f64(),
            tree.tree.nodes().count()
        );
    }
    let start = Instant::now();
    let result = xxgk_read::read_bytes("deep.html", html.as_bytes());
    let elapsed = start.elapsed();
    let kind = if tables { "tables" } else { "divs" };
    match result {
        Ok(doc) => {
            let prose = doc.prose_texts().len();
            let grid = doc.grid_texts();
            println!(
                "{depth} nested {kind}, {} bytes: read in {:.3} s; {prose} prose lines, {} grid rows, first grid row {:?}",
                html.len(),
                elapsed.as_secs_f64(),
                grid.len(),
                grid.first()
            );
        }
        Err(e) => println!(
            "{depth} nested {kind}, {} bytes: refused in {:.3} s: {e}",
            html.len(),
            elapsed.as_secs_f64()
        ),
    }
}
