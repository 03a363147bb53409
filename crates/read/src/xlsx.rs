//! Spreadsheet reader: XLSX, and Excel 97-2003 XLS (an OLE compound file), both through
//! calamine. Other workbook formats calamine knows (XLSB, ODS) are not read: calamine makes
//! each of their sheets a dense grid sized by the file's claims, and no report is
//! published in them.
//!
//! Every sheet in order; each row with two or more non-empty cells is a grid row, a row
//! with one is a prose paragraph (its lines split at line breaks), an empty row a break.
//! A short one-cell row directly above or below a grid row (a table's sub-title such as
//! 第二十条第（一）项 merged across the table) stays a grid row. Inside a merged region only
//! the top-left cell keeps its value. Numbers are written as published: whole numbers
//! without `.0`, decimals in their shortest exact form (`425.9598`).

use crate::{Document, Origin, RawRow, ReadError};
use calamine::{Data, Dimensions, Reader, Sheets, Xls, Xlsx};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Cursor, Read};
use xxgk_model::DocFormat;

/// Non-empty cells read from a workbook at most; more is not a report.
const MAX_CELLS: usize = 100_000;
/// Widest row kept, in columns from the sheet's first used column.
const MAX_COLS: u32 = 100;
/// Merged regions considered per sheet.
const MAX_MERGES: usize = 5_000;

/// Non-empty cell texts of one sheet by absolute (row, column), 0-based.
type Cells = BTreeMap<(u32, u32), String>;

/// Reads a spreadsheet report.
pub(crate) fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    check_references(bytes)?;
    // a guard in depth: calamine must not take the process down on a damaged file (its XLS
    // parser slices past the end of truncated sectors)
    let rows = crate::contain(|| workbook_rows(bytes)).unwrap_or_else(|| {
        Err(ReadError::Invalid(
            "电子表格解析器无法处理该文件 / the spreadsheet parser failed on this malformed workbook"
                .into(),
        ))
    })?;
    let doc = crate::assemble(DocFormat::Xlsx, rows, crate::sha256_hex(bytes), "UTF-8");
    if doc.rows.iter().all(|r| r.kind == crate::RowKind::Blank) {
        return Err(ReadError::Empty);
    }
    Ok(doc)
}

// ───────────────────────── guarding calamine ─────────────────────────

/// Largest XML part of a workbook inspected (decompressed); a larger part is no report.
const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;

/// Refuses an XLSX whose cell references calamine 0.38 parses with arithmetic overflow
/// (a panic under overflow checks, as in fuzzing): reversed ranges (`J9:A1`), row numbers
/// of eight or more digits, four or more column letters, `<row r="0">`. Also refuses XML
/// parts too large to be a report (a zip bomb).
fn check_references(bytes: &[u8]) -> Result<(), ReadError> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return Ok(());
    }
    // an archive the zip crate cannot open is reported by calamine
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index(i) else { continue };
        let name = part.name().map(|n| n.to_string()).unwrap_or_default();
        if !name.to_ascii_lowercase().ends_with(".xml") {
            continue;
        }
        let mut xml = Vec::new();
        part.take(MAX_PART_BYTES + 1)
            .read_to_end(&mut xml)
            .map_err(|e| ReadError::Invalid(format!("{name}: {e}")))?;
        if xml.len() as u64 > MAX_PART_BYTES {
            return Err(ReadError::Invalid(format!(
                "{name}: larger than {MAX_PART_BYTES} bytes"
            )));
        }
        if let Some(bad) = bad_reference(&xml) {
            return Err(ReadError::Invalid(format!(
                "{name}: cell reference “{bad}”"
            )));
        }
    }
    Ok(())
}

/// The first `r="…"` or `ref="…"` attribute value that is not a sane reference.
fn bad_reference(xml: &[u8]) -> Option<String> {
    for (eq, _) in xml.iter().enumerate().filter(|(_, b)| **b == b'=') {
        let Some(&quote) = xml.get(eq + 1).filter(|q| matches!(q, b'"' | b'\'')) else {
            continue;
        };
        let name_start = xml[..eq]
            .iter()
            .rposition(|b| !(b.is_ascii_alphanumeric() || matches!(b, b':' | b'_' | b'-')))
            .map_or(0, |p| p + 1);
        let attr = &xml[name_start..eq];
        let spaced = name_start > 0 && xml[name_start - 1].is_ascii_whitespace();
        if !spaced || !(attr == b"r" || attr == b"ref") {
            continue;
        }
        let value = &xml[eq + 2..];
        let value = &value[..value
            .iter()
            .position(|b| *b == quote)
            .unwrap_or(value.len())];
        if !reference_ok(value) {
            return Some(String::from_utf8_lossy(&value[..value.len().min(40)]).into_owned());
        }
    }
    None
}

/// `A1`, `$B$12`, `7` (a row), `A1:C3` with start before end; no row 0.
fn reference_ok(v: &[u8]) -> bool {
    let parts: Option<Vec<CellRef>> = v.split(|b| *b == b':').map(cell_ref).collect();
    let Some(parts) = parts else { return false };
    let le = |a: Option<u32>, b: Option<u32>| a.zip(b).is_none_or(|(a, b)| a <= b);
    match parts.as_slice() {
        _ if parts.iter().any(|p| p.0 == Some(0)) => false,
        [_] => true,
        [(r0, c0), (r1, c1)] => le(*r0, *r1) && le(*c0, *c1),
        _ => false,
    }
}

/// A reference's (row, column), each absent when not written.
type CellRef = (Option<u32>, Option<u32>);

/// Parses `[$]letters{0,3}[$]digits{0,7}`.
fn cell_ref(p: &[u8]) -> Option<CellRef> {
    let p = p.strip_prefix(b"$").unwrap_or(p);
    let letters = p.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let rest = &p[letters..];
    let digits = rest.strip_prefix(b"$").unwrap_or(rest);
    if letters > 3 || digits.len() > 7 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let col = p[..letters].iter().fold(0u32, |c, b| {
        c * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let row = digits
        .iter()
        .fold(0u32, |r, b| r * 10 + u32::from(b - b'0'));
    Some((
        (!digits.is_empty()).then_some(row),
        (letters > 0).then_some(col),
    ))
}

#[cfg(test)]
mod reference_tests {
    use super::*;

    #[test]
    fn references() {
        for ok in ["A1", "$B$12", "XFD1048576", "A1:C3", "7", "A1:A1", "A:C"] {
            assert!(reference_ok(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "J9:A1",
            "C1:A3",
            "A99999999999",
            "ABCD1",
            "0",
            "A0",
            "A1:B0",
            "A1-B2",
            "A1:B2:C3",
        ] {
            assert!(!reference_ok(bad.as_bytes()), "{bad}");
        }
        assert_eq!(bad_reference(b"<c r=\"A1\"/><row r='0'>"), Some("0".into()));
        assert_eq!(bad_reference(b"<sheet r:id=\"x\" sqref=\"Z9:A1\"/>"), None);
    }
}

/// The rows of every sheet in order, a break after each sheet.
fn workbook_rows(bytes: &[u8]) -> Result<Vec<RawRow>, ReadError> {
    let invalid = |e: &dyn std::fmt::Display| ReadError::Invalid(format!("spreadsheet: {e}"));
    let mut book = if bytes.starts_with(&crate::CFB_MAGIC) {
        crate::xls_bounds::check(bytes)?;
        Sheets::Xls(Xls::new(Cursor::new(bytes)).map_err(|e| invalid(&e))?)
    } else {
        Sheets::Xlsx(Xlsx::new(Cursor::new(bytes)).map_err(|e| invalid(&e))?)
    };
    let mut rows = Vec::new();
    let mut budget = MAX_CELLS;
    for (i, name) in book.sheet_names().iter().enumerate() {
        let mut cells = sheet_cells(&mut book, name, &mut budget)?;
        blank_merged(&mut cells, &merged_regions(&mut book, name));
        sheet_rows(&cells, i as u32 + 1, &mut rows);
        rows.push(RawRow::Break);
    }
    Ok(rows)
}

fn too_many() -> ReadError {
    ReadError::Invalid(format!("spreadsheet: more than {MAX_CELLS} cells"))
}

/// The sheet's non-empty cells. XLSX is streamed cell by cell (a sparse sheet never
/// becomes a dense grid); the other formats come as calamine's range.
fn sheet_cells<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    name: &str,
    budget: &mut usize,
) -> Result<Cells, ReadError> {
    let invalid = |e: &dyn std::fmt::Display| ReadError::Invalid(format!("sheet {name}: {e}"));
    let mut cells = Cells::new();
    let mut put = |pos: (u32, u32), d: &Data, cells: &mut Cells| -> Result<(), ReadError> {
        let t = cell_text(d);
        if !t.trim().is_empty() {
            *budget = budget.checked_sub(1).ok_or_else(too_many)?;
            cells.insert(pos, t);
        }
        Ok(())
    };
    if let Sheets::Xlsx(x) = book {
        let mut reader = x.worksheet_cells_reader(name).map_err(|e| invalid(&e))?;
        while let Some(c) = reader.next_cell().map_err(|e| invalid(&e))? {
            put(
                c.get_position(),
                &Data::from(c.get_value().clone()),
                &mut cells,
            )?;
        }
        return Ok(cells);
    }
    let range = book.worksheet_range(name).map_err(|e| invalid(&e))?;
    let (r0, c0) = range.start().unwrap_or_default();
    for (r, row) in range.rows().enumerate() {
        for (c, d) in row.iter().enumerate() {
            put((r0 + r as u32, c0 + c as u32), d, &mut cells)?;
        }
    }
    Ok(cells)
}

/// Merged regions of a sheet, where the format and calamine provide them.
fn merged_regions<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    name: &str,
) -> Vec<Dimensions> {
    let mut regions = match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    };
    regions.truncate(MAX_MERGES);
    regions
}

/// Keeps only the top-left value of each merged region: a cell goes when a region covers
/// it that does not start at it. One sweep down the rows with the regions' column ranges
/// in a Fenwick tree, so that many tall regions over many rows stay O((cells + regions) ×
/// log); testing every used row of every region was their product (5,000 regions over a
/// sheet of 100,000 rows: 500 million range queries).
fn blank_merged(cells: &mut Cells, regions: &[Dimensions]) {
    let regions: Vec<&Dimensions> = regions
        .iter()
        .filter(|d| d.start.0 <= d.end.0 && d.start.1 <= d.end.1)
        .collect();
    if regions.is_empty() || cells.is_empty() {
        return;
    }
    // the columns that hold a cell, as Fenwick positions
    let mut cols: Vec<u32> = cells.keys().map(|k| k.1).collect();
    cols.sort_unstable();
    cols.dedup();
    let span = |d: &Dimensions| {
        let lo = cols.partition_point(|c| *c < d.start.1);
        let hi = cols.partition_point(|c| *c <= d.end.1);
        (lo, hi)
    };
    // regions entering at their first row, leaving after their last
    let mut enter: Vec<(u64, usize, usize)> = Vec::new();
    let mut leave: Vec<(u64, usize, usize)> = Vec::new();
    let mut tops: HashMap<(u32, u32), usize> = HashMap::new();
    for d in &regions {
        let (lo, hi) = span(d);
        if lo < hi {
            enter.push((u64::from(d.start.0), lo, hi));
            leave.push((u64::from(d.end.0) + 1, lo, hi));
        }
        *tops.entry(d.start).or_default() += 1;
    }
    enter.sort_unstable();
    leave.sort_unstable();
    let mut cover = Fenwick::new(cols.len());
    let (mut e, mut l) = (0, 0);
    cells.retain(|&(r, c), _| {
        let row = u64::from(r);
        while let Some(&(_, lo, hi)) = enter.get(e).filter(|x| x.0 <= row) {
            cover.add_range(lo, hi, 1);
            e += 1;
        }
        while let Some(&(_, lo, hi)) = leave.get(l).filter(|x| x.0 <= row) {
            cover.add_range(lo, hi, -1);
            l += 1;
        }
        let at = cols.partition_point(|x| *x < c);
        let covering = cover.at(at);
        covering <= tops.get(&(r, c)).copied().unwrap_or(0) as i64
    });
}

/// Range additions and point queries over `0..n` (a Fenwick tree of differences).
struct Fenwick(Vec<i64>);

impl Fenwick {
    fn new(n: usize) -> Self {
        Fenwick(vec![0; n + 1])
    }

    fn add(&mut self, i: usize, v: i64) {
        let mut i = i + 1;
        while let Some(x) = self.0.get_mut(i) {
            *x += v;
            i += i & i.wrapping_neg();
        }
    }

    /// Adds `v` to every position in `lo..hi`.
    fn add_range(&mut self, lo: usize, hi: usize, v: i64) {
        self.add(lo, v);
        self.add(hi, -v);
    }

    /// The value at position `i`.
    fn at(&self, i: usize) -> i64 {
        let mut i = i + 1;
        let mut sum = 0;
        while i > 0 {
            sum += self.0.get(i).copied().unwrap_or(0);
            i &= i - 1;
        }
        sum
    }
}

/// A cell's value as text: whole numbers without `.0`, decimals in their shortest exact
/// form, dates as `2025年1月20日`.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => number(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            date(dt.as_f64()).unwrap_or_else(|| number(dt.as_f64()))
        }
        Data::DateTime(dt) => number(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// A spreadsheet number as it reads: `3`, `12.5`, `425.9598`.
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// An Excel serial date (1900 system) as `YYYY年M月D日`.
fn date(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // days from 1970-01-01; serial 25569 is 1970-01-01 (Excel's 1900 leap bug is before)
    let days = serial.floor() as i64 - 25_569;
    let (y, m, d) = civil_from_days(days);
    Some(format!("{y}年{m}月{d}日"))
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Whether sheet row `r` has two or more non-empty cells.
fn is_grid_row(cells: &Cells, r: u32) -> bool {
    cells.range((r, 0)..=(r, u32::MAX)).nth(1).is_some()
}

/// A one-cell row that belongs to the table next to it: a short line without sentence
/// punctuation (第二十条第（一）项) directly above or below a grid row. The sheet's first
/// row is its title, never a caption.
fn is_caption(cells: &Cells, r: u32, text: &str, first_row: u32) -> bool {
    r != first_row
        && text.chars().count() <= 30
        && !text.contains(['。', '；', '\n'])
        && (r.checked_sub(1).is_some_and(|p| is_grid_row(cells, p))
            || r.checked_add(1).is_some_and(|n| is_grid_row(cells, n)))
}

/// Appends the rows of one sheet (`sheet` 1-based).
fn sheet_rows(cells: &Cells, sheet: u32, out: &mut Vec<RawRow>) {
    let Some(first_col) = cells.keys().map(|k| k.1).min() else {
        return;
    };
    let used: BTreeSet<u32> = cells.keys().map(|k| k.0).collect();
    let first_row = used.first().copied().unwrap_or_default();
    let mut prev_row: Option<u32> = None;
    for &r in &used {
        if prev_row.is_some_and(|p| r > p + 1) {
            out.push(RawRow::Break);
        }
        prev_row = Some(r);
        let row: Vec<(&(u32, u32), &String)> = cells.range((r, 0)..=(r, u32::MAX)).collect();
        match row.as_slice() {
            [((_, c), text)] if !is_caption(cells, r, text, first_row) => {
                let origin = origin(sheet, r, *c);
                for line in text.split('\n') {
                    out.push(RawRow::Prose(line.to_string(), origin));
                    out.push(RawRow::Break);
                }
            }
            _ => out.push(RawRow::Grid(grid_row(&row, first_col, sheet))),
        }
    }
}

fn origin(sheet: u32, r: u32, c: u32) -> Origin {
    Origin {
        page: None,
        table: Some(sheet),
        row: Some(r + 1),
        cell: Some(c + 1),
    }
}

/// A sheet row as grid cells from the sheet's first used column to the row's last
/// non-empty one, empty strings between.
fn grid_row(row: &[(&(u32, u32), &String)], first_col: u32, sheet: u32) -> Vec<(String, Origin)> {
    let Some(((r, last), _)) = row.last() else {
        return Vec::new();
    };
    let width = (last - first_col + 1).min(MAX_COLS);
    let mut out: Vec<(String, Origin)> = (first_col..first_col + width)
        .map(|c| (String::new(), origin(sheet, *r, c)))
        .collect();
    for ((_, c), text) in row {
        if let Some(slot) = out.get_mut((c - first_col) as usize) {
            slot.0 = (*text).clone();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_published() {
        assert_eq!(number(3.0), "3");
        assert_eq!(number(425.9598), "425.9598");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(-0.0), "0");
    }

    #[test]
    fn serial_dates() {
        assert_eq!(date(45677.0).as_deref(), Some("2025年1月20日"));
        assert_eq!(date(25569.0).as_deref(), Some("1970年1月1日"));
    }

    #[test]
    fn merged_regions_keep_their_top_left_value_only() {
        let mut cells = Cells::new();
        cells.insert((0, 0), "A".into());
        cells.insert((0, 1), "stray".into());
        cells.insert((1, 0), "stray".into());
        cells.insert((1, 2), "C".into());
        blank_merged(&mut cells, &[Dimensions::new((0, 0), (1, 1))]);
        assert_eq!(cells.len(), 2);
        assert_eq!(cells.get(&(1, 2)).map(String::as_str), Some("C"));
    }

    #[test]
    fn overlapping_regions_blank_what_any_of_them_covers_below_its_top_left() {
        let mut cells = Cells::new();
        for r in 0..4 {
            for c in 0..4 {
                cells.insert((r, c), format!("{r}{c}"));
            }
        }
        blank_merged(
            &mut cells,
            &[
                Dimensions::new((0, 0), (1, 1)),
                // starts inside the first: its top-left is covered by the first
                Dimensions::new((1, 1), (2, 2)),
                // same top-left twice
                Dimensions::new((3, 0), (3, 1)),
                Dimensions::new((3, 0), (3, 0)),
            ],
        );
        let left: Vec<&str> = cells.values().map(String::as_str).collect();
        assert_eq!(left, ["00", "02", "03", "13", "20", "23", "30", "32", "33"]);
    }

    /// The definition, region by region (the reader's former implementation).
    fn blank_merged_slowly(cells: &mut Cells, regions: &[Dimensions]) {
        let all: Vec<(u32, u32)> = cells.keys().copied().collect();
        for d in regions {
            let ((r0, c0), (r1, c1)) = (d.start, d.end);
            if r1 < r0 || c1 < c0 {
                continue;
            }
            for k in &all {
                if (r0..=r1).contains(&k.0) && (c0..=c1).contains(&k.1) && *k != (r0, c0) {
                    cells.remove(k);
                }
            }
        }
    }

    #[test]
    fn the_sweep_matches_the_definition() {
        let mut x: u64 = 7;
        let mut next = |m: u32| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((x >> 33) % u64::from(m)) as u32
        };
        for _ in 0..300 {
            let mut cells = Cells::new();
            for _ in 0..next(40) {
                cells.insert((next(12), next(12)), "x".into());
            }
            let regions: Vec<Dimensions> = (0..next(6))
                .map(|_| {
                    let (r, c) = (next(12), next(12));
                    Dimensions::new((r, c), (r + next(5), c + next(5)))
                })
                .collect();
            let mut fast = cells.clone();
            blank_merged(&mut fast, &regions);
            blank_merged_slowly(&mut cells, &regions);
            assert_eq!(fast, cells, "{regions:?}");
        }
    }

    #[test]
    fn many_tall_regions_over_many_rows() {
        // 5,000 regions down whole columns over 99,000 used rows: checking each region's
        // rows one by one was 500 million range queries (minutes in a debug build)
        let rows = 99_000u32;
        let mut cells = Cells::new();
        for r in 0..rows {
            cells.insert((r, 0), "标签".into());
            cells.insert((r, 3 + r % 2), "1".into());
        }
        let mut regions: Vec<Dimensions> = (0..5_000)
            .map(|i| Dimensions::new((i % 7, 3), (1_048_575, 3)))
            .collect();
        regions.push(Dimensions::new((10, 0), (19, 0)));
        blank_merged(&mut cells, &regions);
        // column 3 keeps only row 0: the top-left cells of the regions starting lower are
        // covered by those starting at row 0
        let col3: Vec<u32> = cells.keys().filter(|k| k.1 == 3).map(|k| k.0).collect();
        assert_eq!(col3, [0]);
        assert_eq!(cells.keys().filter(|k| k.1 == 4).count(), rows as usize / 2);
        // column 0 loses rows 11 to 19
        assert_eq!(cells.keys().filter(|k| k.1 == 0).count(), rows as usize - 9);
        assert!(cells.contains_key(&(10, 0)) && !cells.contains_key(&(11, 0)));
    }
}
