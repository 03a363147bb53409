//! Plain text and Markdown → rows.

use crate::{Cell, Row, RowKind};

/// Most cells a row is split into; the rest of a longer line stays in its last cell, a
/// longer run of one-cell lines goes on in a new row. Reports have a dozen columns; a line
/// of millions of tabs must not become millions of cells for every later stage.
pub(crate) const MAX_ROW_CELLS: usize = 1024;

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}' || c == '\u{feff}'
}

/// How many times the ASCII character `c` occurs in `s` (0 for any other character): byte
/// counts in 255-byte chunks, which the compiler vectorises.
fn count_byte(s: &str, c: char) -> usize {
    let Ok(b) = u8::try_from(c) else { return 0 };
    if !c.is_ascii() {
        return 0;
    }
    s.as_bytes()
        .chunks(255)
        .map(|ch| usize::from(ch.iter().fold(0u8, |n, x| n + u8::from(*x == b))))
        .sum()
}

/// Whether two characters in a row are spaces ([`is_space`]). On the bytes: a space is
/// ASCII or starts with C2, E1, E2, E3 or EF (U+0085, U+00A0, U+1680, U+2000–U+205F,
/// U+3000, U+FEFF); only those characters are decoded.
fn has_space_pair(line: &str) -> bool {
    let b = line.as_bytes();
    let mut prev = false;
    for (i, &x) in b.iter().enumerate() {
        let space = match x {
            0x80..=0xbf => continue, // inside a character
            0x00..=0x7f => is_space(char::from(x)),
            0xc2 | 0xe1 | 0xe2 | 0xe3 | 0xef => line
                .get(i..)
                .and_then(|r| r.chars().next())
                .is_some_and(is_space),
            _ => false,
        };
        if prev && space {
            return true;
        }
        prev = space;
    }
    false
}

/// Trims a cell and returns (text, chars skipped at the start).
fn trim_cell(s: &str) -> (String, usize) {
    let t = s.trim_start_matches(is_space);
    let lead = s[..s.len() - t.len()].chars().count();
    (t.trim_end_matches(is_space).to_string(), lead)
}

/// Splits `line` at every `sep` (at most [`MAX_ROW_CELLS`] cells), giving cells with their
/// 1-based character columns.
fn split_cells(line: &str, lineno: u32, sep: char) -> Vec<Cell> {
    let mut cells = Vec::with_capacity(count_byte(line, sep) + 1);
    let mut col = 0usize; // chars before the current segment
    for seg in line.splitn(MAX_ROW_CELLS, sep) {
        let (text, lead) = trim_cell(seg);
        cells.push(Cell {
            text,
            line: lineno,
            column: (col + lead + 1) as u32,
            origin: Default::default(),
        });
        col += seg.chars().count() + 1;
    }
    cells
}

/// Splits at runs of two or more spaces (layout text). `None` unless that gives at least
/// two cells, one of them numeric-looking.
fn split_spaced(line: &str, lineno: u32) -> Option<Vec<Cell>> {
    // without two spaces in a row the whole line is one cell (most prose)
    if !has_space_pair(line) {
        return None;
    }
    let chars: Vec<char> = line.chars().collect();
    let mut cells = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && is_space(chars[i]) {
            i += 1;
        }
        if i >= chars.len() {
            break;
        }
        let start = i;
        // a cell ends at two consecutive spaces (or one full-width space run of 2+); the
        // last one allowed takes the rest of the line
        if cells.len() + 1 == MAX_ROW_CELLS {
            i = chars.len();
        }
        while i < chars.len()
            && !(is_space(chars[i]) && chars.get(i + 1).is_some_and(|c| is_space(*c)))
        {
            i += 1;
        }
        let text: String = chars[start..i].iter().collect();
        cells.push(Cell {
            text: text.trim_matches(is_space).to_string(),
            line: lineno,
            column: (start + 1) as u32,
            origin: Default::default(),
        });
    }
    let numeric = cells.iter().any(|c| {
        !c.text.is_empty()
            && c.text
                .chars()
                .all(|ch| ch.is_ascii_digit() || matches!(ch, '.' | ',' | '-' | '０'..='９'))
    });
    (cells.len() >= 2 && numeric).then_some(cells)
}

fn is_md_separator(cells: &[Cell]) -> bool {
    let mut any = false;
    for c in cells {
        let t = c.text.trim_matches(':');
        if t.is_empty() {
            continue;
        }
        if !t.chars().all(|ch| ch == '-' || ch == '—' || ch == '=') {
            return false;
        }
        any = true;
    }
    any
}

/// Converts decoded text into rows.
pub(crate) fn rows_of_text(text: &str) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::with_capacity(count_byte(text, '\n') + 1);
    // cells of a "one cell per line" group (lines made of one leading tab and a cell)
    let mut group: Vec<Cell> = Vec::new();
    let flush = |group: &mut Vec<Cell>, rows: &mut Vec<Row>| {
        if !group.is_empty() {
            let line = group[0].line;
            rows.push(Row {
                kind: RowKind::Grid,
                cells: std::mem::take(group),
                line,
            });
        }
    };
    for (i, raw) in text.split('\n').enumerate() {
        let lineno = (i + 1) as u32;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.chars().all(is_space) {
            flush(&mut group, &mut rows);
            push_blank(&mut rows, lineno);
            continue;
        }
        if let Some(rest) = line.strip_prefix('\t')
            && !rest.contains('\t')
        {
            if group.len() == MAX_ROW_CELLS {
                flush(&mut group, &mut rows);
            }
            let (t, lead) = trim_cell(rest);
            group.push(Cell {
                text: t,
                line: lineno,
                column: (lead + 2) as u32,
                origin: Default::default(),
            });
            continue;
        }
        flush(&mut group, &mut rows);
        let trimmed = line.trim_start_matches(is_space);
        let cells = if line.contains('\t') {
            Some(split_cells(line, lineno, '\t'))
        } else if trimmed.starts_with('|') {
            let offset = line[..line.len() - trimmed.len()].chars().count();
            let mut cells = split_cells(trimmed, lineno, '|');
            for c in &mut cells {
                c.column += offset as u32;
            }
            // drop the empty segment before the leading pipe and after a trailing one
            if cells.first().is_some_and(|c| c.text.is_empty()) {
                cells.remove(0);
            }
            if trimmed.trim_end_matches(is_space).ends_with('|')
                && cells.last().is_some_and(|c| c.text.is_empty())
            {
                cells.pop();
            }
            Some(cells)
        } else {
            split_spaced(line, lineno)
        };
        match cells {
            Some(cells) => {
                if cells.iter().all(|c| c.text.is_empty()) {
                    push_blank(&mut rows, lineno);
                } else if !is_md_separator(&cells) {
                    rows.push(Row {
                        kind: RowKind::Grid,
                        cells,
                        line: lineno,
                    });
                }
            }
            None => {
                let (t, lead) = trim_cell(line);
                rows.push(Row {
                    kind: RowKind::Prose,
                    cells: vec![Cell {
                        text: t,
                        line: lineno,
                        column: (lead + 1) as u32,
                        origin: Default::default(),
                    }],
                    line: lineno,
                });
            }
        }
    }
    flush(&mut group, &mut rows);
    rows
}

fn push_blank(rows: &mut Vec<Row>, lineno: u32) {
    if rows.last().is_none_or(|r| r.kind != RowKind::Blank) {
        rows.push(Row {
            kind: RowKind::Blank,
            cells: Vec::new(),
            line: lineno,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_cell_per_line_groups_until_blank() {
        let rows = rows_of_text("\t规章\n\t0\n\t　1\n\n正文");
        assert_eq!(rows[0].kind, RowKind::Grid);
        let texts: Vec<_> = rows[0].cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["规章", "0", "1"]);
        assert_eq!(rows[0].cells[2].line, 3);
        assert_eq!(rows[0].cells[2].column, 3);
        assert_eq!(rows[1].kind, RowKind::Blank);
        assert_eq!(rows[2].kind, RowKind::Prose);
    }

    #[test]
    fn tab_grid_keeps_blank_cells_and_columns() {
        let rows = rows_of_text("行政许可\t6009\t\t");
        let c = &rows[0].cells;
        assert_eq!(c.len(), 4);
        assert_eq!(c[1].text, "6009");
        assert_eq!(c[1].column, 6);
        assert_eq!(c[2].text, "");
    }

    #[test]
    fn pipe_table_and_separator() {
        let rows = rows_of_text("| 规章 | 1 | 2 | 3 |\n|---|---|---|---|\n| 行政许可 | 5 |||\n");
        assert_eq!(rows.len(), 3); // two grid rows and the final break
        assert_eq!(rows[2].kind, RowKind::Blank);
        assert_eq!(rows[0].cells.len(), 4);
        assert_eq!(rows[1].cells[0].text, "行政许可");
        assert_eq!(rows[1].cells.len(), 4);
    }

    #[test]
    fn pipe_junk_is_a_break_not_a_table() {
        let rows = rows_of_text("|\n||||||\n正文 |");
        assert_eq!(rows[0].kind, RowKind::Blank);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].kind, RowKind::Prose);
    }

    #[test]
    fn space_pairs_found_on_bytes() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if is_space(c) && !c.is_ascii() {
                let mut buf = [0u8; 4];
                let lead = c.encode_utf8(&mut buf).as_bytes()[0];
                assert!(matches!(lead, 0xc2 | 0xe1 | 0xe2 | 0xe3 | 0xef), "{c:?}");
            }
        }
        for (s, pair) in [
            ("a  b", true),
            ("a b", false),
            ("年\u{3000}\u{3000}报", true),
            ("年\u{3000}报 ", false),
            ("\u{a0} x", true),
            ("规章\u{2003}\u{feff}", true),
            ("", false),
            ("·  ", true),
            ("·年", false),
        ] {
            assert_eq!(has_space_pair(s), pair, "{s:?}");
        }
    }

    #[test]
    fn spaced_columns_need_a_number() {
        assert_eq!(rows_of_text("行政处罚    22")[0].kind, RowKind::Grid);
        assert_eq!(
            rows_of_text("                 2025年1月23日")[0].kind,
            RowKind::Prose
        );
        assert_eq!(rows_of_text("总体情况  说明")[0].kind, RowKind::Prose);
    }
}
