//! Spreadsheet reader: merged cells, numbers as published, prose rows, sheets, junk.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use std::io::{Cursor, Read, Write};
use xxgk_read::{Document, ReadError, RowKind, read_bytes};

fn read(bytes: &[u8]) -> Document {
    read_bytes("x.xlsx", bytes).unwrap_or_else(|e| panic!("{e}"))
}

fn rows(doc: &Document) -> Vec<(RowKind, Vec<&str>)> {
    doc.rows
        .iter()
        .filter(|r| r.kind != RowKind::Blank)
        .map(|r| (r.kind, r.cells.iter().map(|c| c.text.as_str()).collect()))
        .collect()
}

/// A table-three fragment as a person lays it out in Excel: a title merged across, the
/// three-level header, a label merged over three columns, the 办理结果 column merged down,
/// figures stored as numbers; table two's fee with decimals; a second sheet.
fn workbook() -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let f = Format::new();
    let ws = wb.add_worksheet();
    ws.set_name("表三")?;
    ws.merge_range(0, 0, 0, 9, "示例县统计局2024年政府信息公开工作年度报告", &f)?;
    // row 2: a stray value inside a merged region (Excel keeps only the top-left)
    ws.merge_range(
        1,
        0,
        3,
        2,
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        &f,
    )?;
    ws.write_string(2, 1, "stray")?;
    ws.merge_range(1, 3, 1, 9, "申请人情况", &f)?;
    ws.merge_range(2, 3, 3, 3, "自然人", &f)?;
    ws.merge_range(2, 4, 2, 8, "法人或其他组织", &f)?;
    ws.merge_range(2, 9, 3, 9, "总计", &f)?;
    for (c, l) in (4u16..).zip([
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]) {
        ws.write_string(3, c, l)?;
    }
    ws.merge_range(4, 0, 4, 2, "一、本年新收政府信息公开申请数量", &f)?;
    for (c, v) in (3u16..).zip([5.0, 1.0, 0.0, 0.0, 2.0, 0.0, 8.0]) {
        ws.write_number(4, c, v)?;
    }
    ws.merge_range(5, 0, 6, 0, "三、本年度办理结果", &f)?;
    ws.merge_range(5, 1, 5, 2, "（一）予以公开", &f)?;
    ws.write_row(5, 3, [3.0, 1.0, 0.0, 0.0, 2.0, 0.0, 6.0])?;
    ws.merge_range(
        6,
        1,
        6,
        2,
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        &f,
    )?;
    ws.write_row(6, 3, [2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0])?;
    // row 8 empty; then a table-two fragment under a one-cell sub-title
    ws.merge_range(8, 0, 8, 3, "第二十条第（八）项", &f)?;
    ws.write_string(9, 0, "行政事业性收费")?;
    ws.merge_range(9, 1, 9, 3, "", &f)?;
    ws.write_number(9, 1, 425.9598)?;
    ws.write_string(
        11,
        0,
        "本年度未收取信息处理费。\n下一步将继续做好公开工作。",
    )?;
    ws.write_datetime_with_format(
        12,
        5,
        ExcelDateTime::from_ymd(2025, 1, 20)?,
        &Format::new().set_num_format("yyyy-mm-dd"),
    )?;
    let ws2 = wb.add_worksheet();
    ws2.write_string(0, 1, "行政处罚")?;
    ws2.write_number(0, 2, 12.5)?;
    wb.save_to_buffer()
}

#[test]
fn merged_cells_and_numbers_read_exactly() {
    let doc = read(&workbook().unwrap_or_else(|e| panic!("{e}")));
    let r = rows(&doc);
    assert_eq!(
        r[0],
        (
            RowKind::Prose,
            vec!["示例县统计局2024年政府信息公开工作年度报告"]
        )
    );
    assert_eq!(
        r[1].1,
        [
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            "",
            "",
            "申请人情况"
        ]
    );
    // the stray value at B3 is inside A2:C4 and dropped
    assert_eq!(
        r[2].1,
        [
            "",
            "",
            "",
            "自然人",
            "法人或其他组织",
            "",
            "",
            "",
            "",
            "总计"
        ]
    );
    assert_eq!(
        r[3].1,
        [
            "",
            "",
            "",
            "",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他"
        ]
    );
    assert_eq!(
        r[4].1,
        [
            "一、本年新收政府信息公开申请数量",
            "",
            "",
            "5",
            "1",
            "0",
            "0",
            "2",
            "0",
            "8"
        ]
    );
    assert_eq!(
        r[5].1,
        [
            "三、本年度办理结果",
            "（一）予以公开",
            "",
            "3",
            "1",
            "0",
            "0",
            "2",
            "0",
            "6"
        ]
    );
    assert_eq!(
        r[6].1[..4],
        [
            "",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "",
            "2"
        ]
    );
    // a short one-cell row right above a table row is the table's sub-title: a grid row
    assert_eq!(r[7], (RowKind::Grid, vec!["第二十条第（八）项"]));
    assert_eq!(r[8], (RowKind::Grid, vec!["行政事业性收费", "425.9598"]));
    // a text cell alone on its row is prose, one paragraph a line
    assert_eq!(r[9], (RowKind::Prose, vec!["本年度未收取信息处理费。"]));
    assert_eq!(r[10], (RowKind::Prose, vec!["下一步将继续做好公开工作。"]));
    assert_eq!(r[11], (RowKind::Prose, vec!["2025年1月20日"]));
    // second sheet: table 2, its first used column (B) is grid column 1
    assert_eq!(r[12], (RowKind::Grid, vec!["行政处罚", "12.5"]));
    let c = &doc
        .rows
        .iter()
        .rfind(|r| r.kind == RowKind::Grid)
        .map(|r| r.cells[1].clone());
    let o = c.as_ref().map(|c| c.origin).unwrap_or_default();
    assert_eq!((o.table, o.row, o.cell), (Some(2), Some(1), Some(3)));
    assert_eq!(r.len(), 13);
}

#[test]
fn merged_figures_have_sheet_row_and_column_origins() {
    let doc = read(&workbook().unwrap_or_else(|e| panic!("{e}")));
    let row = doc
        .rows
        .iter()
        .find(|r| {
            r.cells
                .first()
                .is_some_and(|c| c.text.starts_with("一、本年新收"))
        })
        .unwrap_or_else(|| panic!("row missing"));
    let total = &row.cells[9];
    assert_eq!(total.text, "8");
    assert_eq!(
        (total.origin.table, total.origin.row, total.origin.cell),
        (Some(1), Some(5), Some(10))
    );
}

#[test]
fn junk_that_sniffs_as_xlsx_is_an_error() {
    let mut junk = b"PK\x03\x04".to_vec();
    junk.extend_from_slice(b"xl/workbook.xml garbage garbage garbage");
    assert!(matches!(
        read_bytes("x.xlsx", &junk),
        Err(ReadError::Invalid(_))
    ));
    assert!(read_bytes("x.xlsx", b"PK\x03\x04").is_err());
}

#[test]
fn truncated_and_damaged_workbooks_never_panic() {
    let good = workbook().unwrap_or_else(|e| panic!("{e}"));
    for cut in (4..good.len()).step_by(211) {
        assert!(read_bytes("x.xlsx", &good[..cut]).is_err(), "cut at {cut}");
    }
    let mut x = 1u64;
    for _ in 0..300 {
        let mut b = good.clone();
        for _ in 0..4 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let i = (x >> 33) as usize % b.len();
            b[i] = (x >> 24) as u8;
        }
        let _ = read_bytes("x.xlsx", &b);
    }
}

/// The workbook with `from` replaced by `to` in its first sheet's XML (stored, not
/// compressed).
fn patched(from: &str, to: &str) -> Vec<u8> {
    let good = workbook().unwrap_or_else(|e| panic!("{e}"));
    let mut zin = zip::ZipArchive::new(Cursor::new(good)).unwrap_or_else(|e| panic!("{e}"));
    let mut zout = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap_or_else(|e| panic!("{e}"));
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap_or_else(|e| panic!("{e}"));
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8_lossy(&data);
            assert!(xml.contains(from), "{from} not in the sheet");
            data = xml.replacen(from, to, 1).into_bytes();
        }
        zout.start_file(name, opts)
            .unwrap_or_else(|e| panic!("{e}"));
        zout.write_all(&data).unwrap_or_else(|e| panic!("{e}"));
    }
    zout.finish().unwrap_or_else(|e| panic!("{e}")).into_inner()
}

#[test]
fn malformed_cell_references_are_an_error_not_a_crash() {
    // calamine 0.38 overflows (panics under overflow checks, as in fuzzing) on a reversed
    // merge range, huge row numbers and <row r="0">: refused before it reads them
    // (regression: the first crash cargo fuzz found in the xlsx target)
    for (from, to) in [
        ("<mergeCell ref=\"A1:J1\"/>", "<mergeCell ref=\"J9:A1\"/>"),
        ("r=\"A1\"", "r=\"A99999999999\""),
        ("<row r=\"1\"", "<row r=\"0\""),
        ("<dimension ref=\"A1:", "<dimension ref=\"Z9:"),
    ] {
        let bad = patched(from, to);
        assert!(
            matches!(read_bytes("x.xlsx", &bad), Err(ReadError::Invalid(_))),
            "{to}"
        );
    }
    let far = patched(
        "<mergeCell ref=\"A1:J1\"/>",
        "<mergeCell ref=\"A1:XFD1048576\"/>",
    );
    let doc = read(&far);
    // one region over the whole sheet leaves only the title
    assert_eq!(rows(&doc).len(), 2);
}

#[test]
fn a_workbook_without_values_is_empty() -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    wb.add_worksheet().write_string(3, 3, "  ")?;
    assert_eq!(
        read_bytes("x.xlsx", &wb.save_to_buffer()?),
        Err(ReadError::Empty)
    );
    Ok(())
}

/// Reads `tests/fixtures/xlsx/NAME` (committed files the fuzzer found).
fn read_fixture(name: &str) -> Result<Document, ReadError> {
    let path = format!("{}/tests/fixtures/xlsx/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    read_bytes(name, &bytes)
}

/// Regression (found by the xlsx fuzz target): an Excel 97-2003 file whose sector table
/// points past the end made calamine slice out of bounds and panic, which the fuzzer's
/// aborting panic hook turned into a crash. It is an error of the file now.
#[test]
fn a_damaged_xls_is_an_error_not_a_panic() {
    let result = read_fixture("truncated-sector.xls");
    assert!(matches!(result, Err(ReadError::Invalid(_))), "{result:?}");
}

/// Found by the xlsx fuzz target: a 14 KB `.xls` whose directory sector chain loops, on
/// which calamine 0.38 allocated until the process died (2.4 GB). It must be refused
/// before calamine sees it.
#[test]
fn an_xls_whose_sector_chain_loops_is_refused_before_it_takes_memory() {
    match read_fixture("looping-chain.xls") {
        Err(ReadError::Invalid(m)) => assert!(m.contains("loops"), "{m}"),
        other => panic!("{other:?}"),
    }
}

/// 5,000 merged regions down a whole column over a sheet of 40,000 rows: the reader
/// tested every used row of every region (200 million range queries); one sweep now.
#[test]
fn many_tall_merged_regions_over_many_rows() {
    let rows: String = (100..40_100)
        .map(|r| format!("<row r=\"{r}\"><c r=\"A{r}\" t=\"inlineStr\"><is><t>标签</t></is></c><c r=\"C{r}\"><v>{r}</v></c></row>"))
        .collect();
    let merges = "<mergeCell ref=\"C101:C1048576\"/>".repeat(5_000);
    let good = workbook().unwrap_or_else(|e| panic!("{e}"));
    let xml = {
        let mut z = zip::ZipArchive::new(Cursor::new(good)).unwrap_or_else(|e| panic!("{e}"));
        let mut f = z
            .by_name("xl/worksheets/sheet1.xml")
            .unwrap_or_else(|e| panic!("{e}"));
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap_or_else(|e| panic!("{e}"));
        s
    };
    let end = xml
        .find("</sheetData>")
        .unwrap_or_else(|| panic!("no sheetData"));
    let last_row = &xml[xml[..end].rfind("<row").unwrap_or(0)..end];
    let bytes = patched(last_row, &format!("{last_row}{rows}"));
    let bytes = {
        // the merges go in a second pass (patched replaces in the original sheet only)
        let mut zin = zip::ZipArchive::new(Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
        let mut zout = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        for i in 0..zin.len() {
            let mut f = zin.by_index(i).unwrap_or_else(|e| panic!("{e}"));
            let name = f.name().map(|n| n.to_string()).unwrap_or_default();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap_or_else(|e| panic!("{e}"));
            if name == "xl/worksheets/sheet1.xml" {
                data = String::from_utf8_lossy(&data)
                    .replacen(
                        "<mergeCell ref=\"A1:J1\"/>",
                        &format!("<mergeCell ref=\"A1:J1\"/>{merges}"),
                        1,
                    )
                    .into_bytes();
            }
            zout.start_file(name, opts)
                .unwrap_or_else(|e| panic!("{e}"));
            zout.write_all(&data).unwrap_or_else(|e| panic!("{e}"));
        }
        zout.finish().unwrap_or_else(|e| panic!("{e}")).into_inner()
    };
    let doc = read(&bytes);
    let labels = doc
        .rows
        .iter()
        .filter(|r| r.cells.first().is_some_and(|c| c.text == "标签"))
        .collect::<Vec<_>>();
    assert_eq!(labels.len(), 40_000);
    // row 101 keeps its figure (the regions' top-left), the rows below lose theirs
    let figures: Vec<&str> = labels
        .iter()
        .filter_map(|r| r.cells.iter().skip(1).find(|c| !c.text.is_empty()))
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(figures, ["100", "101"]);
}
