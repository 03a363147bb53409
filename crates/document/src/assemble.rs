//! Structured documents (HTML, DOCX, XLSX, PDF) → the neutral [`Document`].
//!
//! A structured reader produces [`RawRow`]s. [`assemble`] lays them out as text, one line a
//! row with cells separated by tabs, so that every cell also gets a line and a column in
//! [`Document::text`], and diagnostics can show a source line with a caret for any format.

use crate::{Cell, Document, Origin, Row, RowKind};
use xxgk_model::DocFormat;

/// A row as a structured reader sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawRow {
    /// A paragraph of prose (one line of the laid-out text).
    Prose(String, Origin),
    /// Table cells of one row (a merged cell repeated in each grid position it covers, or
    /// empty there: the reader decides).
    Grid(Vec<(String, Origin)>),
    /// A paragraph or table boundary.
    Break,
}

fn clean(s: &str) -> String {
    // tabs and newlines inside a cell would break the layout
    let t: String = s
        .chars()
        .map(|c| {
            if c == '\t' || c == '\n' || c == '\r' {
                ' '
            } else {
                c
            }
        })
        .collect();
    t.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}')
        .to_string()
}

/// Lays the rows out as text and builds the document.
pub fn assemble(
    format: DocFormat,
    rows: Vec<RawRow>,
    sha256: String,
    encoding: &'static str,
) -> Document {
    let mut text = String::new();
    let mut out: Vec<Row> = Vec::new();
    let mut line = 0u32;
    for raw in rows {
        match raw {
            RawRow::Break => {
                if out.last().is_some_and(|r| r.kind != RowKind::Blank) {
                    line += 1;
                    text.push('\n');
                    out.push(Row {
                        kind: RowKind::Blank,
                        cells: Vec::new(),
                        line,
                    });
                }
            }
            RawRow::Prose(p, origin) => {
                let p = clean(&p);
                if p.is_empty() {
                    continue;
                }
                line += 1;
                text.push_str(&p);
                text.push('\n');
                out.push(Row {
                    kind: RowKind::Prose,
                    cells: vec![Cell {
                        text: p,
                        line,
                        column: 1,
                        origin,
                    }],
                    line,
                });
            }
            RawRow::Grid(cells) => {
                if cells.iter().all(|(t, _)| clean(t).is_empty()) {
                    continue;
                }
                line += 1;
                let mut col = 1u32;
                let mut cs = Vec::with_capacity(cells.len());
                for (i, (t, origin)) in cells.into_iter().enumerate() {
                    let t = clean(&t);
                    if i > 0 {
                        text.push('\t');
                        col += 1;
                    }
                    text.push_str(&t);
                    let n = t.chars().count() as u32;
                    cs.push(Cell {
                        text: t,
                        line,
                        column: col,
                        origin,
                    });
                    col += n;
                }
                text.push('\n');
                out.push(Row {
                    kind: RowKind::Grid,
                    cells: cs,
                    line,
                });
            }
        }
    }
    Document {
        format,
        text,
        rows: out,
        sha256,
        encoding,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_get_lines_and_columns_in_the_laid_out_text() {
        let o = Origin::default();
        let doc = assemble(
            DocFormat::Html,
            vec![
                RawRow::Prose("标题".into(), o),
                RawRow::Break,
                RawRow::Grid(vec![
                    ("规章".into(), o),
                    ("1".into(), o),
                    (" 2\t".into(), o),
                ]),
            ],
            String::new(),
            "utf-8",
        );
        assert_eq!(doc.text, "标题\n\n规章\t1\t2\n");
        let c = &doc.rows[2].cells[2];
        assert_eq!((c.line, c.column, c.text.as_str()), (3, 6, "2"));
    }
}
