//! Classes of input real reports contain, one fixture each (`fixtures/input_classes/`,
//! written for these tests):
//!
//! - rows with nothing in them, shorter than the template (tables two, three and four);
//! - text converted from PDF by OCR or a language model: table four as three small tables,
//!   placeholder column headers (列1…, 数据1…, Column 1…), a header row repeated or a wrong
//!   header row inside table three, table three continued in a second table, a column lost;
//! - the reporting body named only by the page `<title>` or the first heading.
//!
//! Every cell is asserted, nulls included, and every extraction note.

use xxgk_extract::Extraction;
use xxgk_model::{AppealGroup, Appeals, Issued, RequestRow};

fn extract(name: &str) -> Extraction {
    let path = format!(
        "{}/tests/fixtures/input_classes/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let doc = xxgk_read::read_bytes(name, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    xxgk_extract::extract(&doc, name)
}

type Row = [Option<i64>; 7];

/// Table three of the fixtures, as typed into them: rows not listed are all 0.
fn fixture_row(r: RequestRow) -> Row {
    let v: [i64; 7] = match r {
        RequestRow::NewReceived | RequestRow::Total => [5, 1, 0, 0, 0, 0, 6],
        RequestRow::CarriedOver
        | RequestRow::PartiallyGranted
        | RequestRow::UnavailableNotHeld
        | RequestRow::CarriedForward => [1, 0, 0, 0, 0, 0, 1],
        RequestRow::Granted => [3, 1, 0, 0, 0, 0, 4],
        _ => [0; 7],
    };
    v.map(Some)
}

/// Asserts all 25 rows of table three: the fixture's values except `special`.
fn assert_requests(ex: &Extraction, special: &[(RequestRow, Row)]) {
    let t = ex.report.requests.as_ref().expect("table three present");
    for &row in RequestRow::ROWS_2021 {
        let want = special
            .iter()
            .find(|(k, _)| *k == row)
            .map_or_else(|| fixture_row(row), |(_, v)| *v);
        assert_eq!(t.row(row), Some(&want), "row {}", row.key());
    }
}

fn group(v: [Option<i64>; 5]) -> AppealGroup {
    AppealGroup {
        upheld: v[0],
        corrected: v[1],
        other: v[2],
        pending: v[3],
        total: v[4],
    }
}

const NULL5: [Option<i64>; 5] = [None; 5];
const REVIEW: [Option<i64>; 5] = [Some(1), Some(0), Some(0), Some(0), Some(1)];
const DIRECT: [Option<i64>; 5] = [Some(0), Some(1), Some(0), Some(0), Some(1)];
const AFTER: [Option<i64>; 5] = [Some(0), Some(0), Some(1), Some(1), Some(2)];

fn appeals(review: [Option<i64>; 5], direct: [Option<i64>; 5], after: [Option<i64>; 5]) -> Appeals {
    Appeals {
        review: group(review),
        litigation_direct: group(direct),
        litigation_after_review: group(after),
    }
}

/// The notes as `(code, line, Chinese message)`.
fn notes(ex: &Extraction) -> Vec<(&'static str, Option<u32>, String)> {
    ex.notes
        .iter()
        .map(|n| (code(n), n.line, n.message.clone()))
        .collect()
}

fn findings(ex: &Extraction) -> Vec<String> {
    xxgk_check::check(&xxgk_check::Context::extracted(ex))
        .iter()
        .map(|f| format!("{}@{}", f.code, f.location.line.unwrap_or(0)))
        .collect()
}

fn full_table_two(ex: &Extraction) {
    let t2 = ex.report.active_disclosure.as_ref().expect("table two");
    let issued = |a, b, c| {
        Some(Issued {
            issued: Some(a),
            repealed: Some(b),
            in_force: Some(c),
        })
    };
    assert_eq!(t2.regulations, issued(0, 0, 0));
    assert_eq!(t2.normative_documents, issued(2, 1, 7));
    assert_eq!(
        (t2.licensing, t2.penalty, t2.coercion),
        (Some(31), Some(4), Some(0))
    );
    assert_eq!(t2.fees_wan_yuan.as_deref(), Some("0"));
}

// ───────────────────────── rows with nothing in them ─────────────────────────

#[test]
fn rows_without_values_are_null_in_every_column() {
    let ex = extract("empty_rows.md");
    // table two: 规章 with two blank cells (of three), 行政规范性文件 with one figure (of
    // three): neither is spread over the columns
    let t2 = ex.report.active_disclosure.as_ref().expect("table two");
    assert_eq!(t2.regulations, Some(Issued::default()));
    assert_eq!(t2.normative_documents, Some(Issued::default()));
    assert_eq!(
        (t2.licensing, t2.penalty, t2.coercion),
        (Some(31), Some(4), Some(0))
    );
    assert_eq!(t2.fees_wan_yuan.as_deref(), Some("0"));
    // table three: the label alone, the label and 2 blank cells, the label and 6 blank
    // cells are all null; seven “/” (a cell for every column) read as blank, 0
    assert_requests(
        &ex,
        &[
            (RequestRow::DeniedThreeSafeties, [None; 7]),
            (RequestRow::DeniedThirdParty, [None; 7]),
            (RequestRow::RejectedRepeated, [None; 7]),
            (RequestRow::RejectedPublication, [Some(0); 7]),
        ],
    );
    // table four: a row of three “/” under the header holds no figure: not a row of
    // figures, every cell null
    assert_eq!(ex.report.appeals, Some(Appeals::default()));
    assert_eq!(
        notes(&ex),
        [
            (
                "A201",
                Some(11),
                "表二“规章”行有 2 个单元格（模板为 3 个），没有任何数值（只有标签，或空白单元格少于模板列数），全部置为空值（null）".to_string()
            ),
            (
                "A201",
                Some(12),
                "表二“行政规范性文件”行有 1 个单元格（模板为 3 个），无法确定各数字所在的列，全部置为空值（null）".to_string()
            ),
            (
                "T304",
                Some(34),
                "表三有 3 行没有任何数值（只有标签，或空白单元格少于 7 个），按空值 null 处理：（三）不予公开 3.危及“三安全一稳定”、（三）不予公开 4.保护第三方合法权益、（五）不予处理 2.重复申请".to_string()
            ),
            (
                "T306",
                Some(45),
                "表三有 7 个空白或“/”单元格按 0 读取（首个：（五）不予处理 3.要求提供公开出版物 / 自然人）".to_string()
            ),
            (
                "T404",
                Some(56),
                "表四只有表头，找不到数据行（各单元格按空值 null 处理）".to_string()
            ),
        ]
    );
    // nothing of the empty rows is provenance: no cell was read there
    assert!(
        !ex.report
            .provenance
            .keys()
            .any(|k| k.path().starts_with("requests.denied_third_party")
                || k.path().starts_with("active_disclosure.regulations"))
    );
}

// ───────────────────────── table four in three small tables ─────────────────────────

#[test]
fn table_four_as_three_small_tables_under_captions() {
    let ex = extract("split_appeals.md");
    full_table_two(&ex);
    assert_requests(&ex, &[]);
    assert_eq!(ex.report.appeals, Some(appeals(REVIEW, DIRECT, AFTER)));
    assert_eq!(notes(&ex), []);
    let p = &ex.report.provenance[&"appeals.litigation_direct.corrected"
        .parse::<xxgk_model::CellRef>()
        .expect("cell path")];
    assert_eq!((p.line, p.text.as_str()), (Some(66), "1"));
    assert_eq!(
        p.note.as_deref(),
        Some("表四分成小表，按小表标题“未经复议直接起诉”读取")
    );
    // and nothing for the checker to complain about in table four
    assert!(
        findings(&ex).iter().all(|f| !f.starts_with("T40")),
        "{:?}",
        findings(&ex)
    );
}

#[test]
fn table_four_with_one_row_per_group() {
    // one table, a row per group named by its label, 总计 printed first: every row is read
    // by the header's labels
    let ex = extract("appeals_group_rows.md");
    assert_eq!(ex.report.appeals, Some(appeals(REVIEW, DIRECT, AFTER)));
    assert_eq!(notes(&ex), []);
}

#[test]
fn small_table_without_caption_is_not_placed() {
    let ex = extract("appeals_uncaptioned.md");
    // the third small table's header is in another order: its labels place the figures
    assert_eq!(ex.report.appeals, Some(appeals(REVIEW, NULL5, AFTER)));
    assert_eq!(
        notes(&ex),
        [
            (
                "T404",
                Some(13),
                "表四有一行 5 个数字，不知属于哪一组（其上没有“行政复议”“未经复议直接起诉”“复议后起诉”标题），未读取".to_string()
            ),
            (
                "T404",
                Some(9),
                "表四分成了几个小表，其中找不到“未经复议直接起诉”的数据行（按空值 null 处理）".to_string()
            ),
        ]
    );
}

// ───────────────────────── placeholder headers ─────────────────────────

#[test]
fn placeholder_headers_with_the_template_cell_counts() {
    // table three under 列1 … 列8, table four under 数据1 … 数据15: every row has the
    // template's number of cells, so every figure's column is certain
    let ex = extract("placeholder_headers.md");
    full_table_two(&ex);
    assert_requests(&ex, &[]);
    assert_eq!(ex.report.appeals, Some(appeals(REVIEW, DIRECT, AFTER)));
    assert_eq!(notes(&ex), []);
}

#[test]
fn a_lost_column_is_not_guessed() {
    // table three under 项目 数据1 … 数据6: every row has six figures, one column was lost
    // and nothing says which; table four in small tables under Column 1 … Column 5, the
    // last one with only four columns
    let ex = extract("lost_column.md");
    full_table_two(&ex);
    let all_null: Vec<(RequestRow, Row)> = RequestRow::ROWS_2021
        .iter()
        .map(|r| (*r, [None; 7]))
        .collect();
    assert_requests(&ex, &all_null);
    assert_eq!(ex.report.appeals, Some(appeals(REVIEW, DIRECT, NULL5)));
    assert_eq!(
        notes(&ex),
        [
            (
                "T304",
                Some(28),
                "表三各行的数值单元格只有 6 个（模板为 7 个），整表少了一列，无法确定缺少的是哪一列，按空值 null 处理的有全部 25 行".to_string()
            ),
            (
                "T404",
                Some(72),
                "表四“复议后起诉”小表的数据行有 4 个单元格（模板为 5 个），无法确定各数字所在的列，按空值 null 处理".to_string()
            ),
        ]
    );
    assert!(
        !ex.report
            .provenance
            .keys()
            .any(|k| k.path().starts_with("requests.")
                || k.path().starts_with("appeals.litigation_after_review"))
    );
}

// ───────────────────────── headers inside table three ─────────────────────────

#[test]
fn repeated_and_wrong_headers_inside_table_three() {
    // the three rows of the header printed again after a page break, table four's header
    // (two rows) in the middle, and the rest of table three in a second table under
    // Column 1 … Column 8
    let ex = extract("broken_headers.txt");
    full_table_two(&ex);
    // (七)总计 is read from its own row, not from 总计 in table four's header
    assert_requests(&ex, &[]);
    assert_eq!(ex.report.appeals, Some(appeals(REVIEW, DIRECT, AFTER)));
    assert_eq!(
        notes(&ex),
        [(
            "T304",
            Some(35),
            "表三中间有一行表四的表头（“行政复议”…），不属于表三，已跳过".to_string()
        )]
    );
    let p = &ex.report.provenance[&"requests.total[6]"
        .parse::<xxgk_model::CellRef>()
        .expect("cell path")];
    assert_eq!((p.line, p.text.as_str()), (Some(51), "6"));
    // table four read from section 四, not from the header row inside table three
    let p = &ex.report.provenance[&"appeals.review.upheld"
        .parse::<xxgk_model::CellRef>()
        .expect("cell path")];
    assert_eq!(p.line, Some(59));
}

// ───────────────────────── the reporting body ─────────────────────────

#[test]
fn body_from_the_page_title() {
    // the body never names itself; the page <title> does, followed by the site's name
    let ex = extract("agency_page_title.html");
    assert_eq!(ex.report.agency.as_deref(), Some("示例县交通运输局"));
    assert_eq!(
        ex.report.title.as_deref(),
        Some("2024年政府信息公开工作年度报告")
    );
    assert_eq!(ex.report.year, Some(2024));
    full_table_two(&ex);
    assert_eq!(notes(&ex), []);
    assert!(!findings(&ex).iter().any(|f| f.starts_with("Y104")));
    // the page title is not prose of the report
    assert!(
        !ex.layout
            .paragraphs
            .iter()
            .any(|p| p.text.contains("交通运输局"))
    );
}

#[test]
fn body_from_the_first_heading() {
    // # 示例县交通运输局, then a date, then the report's name without the body
    let ex = extract("agency_first_heading.md");
    assert_eq!(ex.report.agency.as_deref(), Some("示例县交通运输局"));
    assert_eq!(
        ex.report.title.as_deref(),
        Some("2024年度政府信息公开工作报告")
    );
    assert_eq!(ex.report.year, Some(2024));
}

#[test]
fn table_four_header_inside_table_three_without_section_headings() {
    // the same report without its section headings: table four's header inside table
    // three is the first header found, yet table four is read from its own rows
    let ex = extract("no_headings.txt");
    full_table_two(&ex);
    assert_requests(&ex, &[]);
    assert_eq!(ex.report.appeals, Some(appeals(REVIEW, DIRECT, AFTER)));
    assert_eq!(
        notes(&ex),
        [(
            "T304",
            Some(32),
            "表三中间有一行表四的表头（“行政复议”…），不属于表三，已跳过".to_string()
        )]
    );
    let p = &ex.report.provenance[&"appeals.litigation_after_review.total"
        .parse::<xxgk_model::CellRef>()
        .expect("cell path")];
    assert_eq!((p.line, p.text.as_str()), (Some(55), "2"));
}

#[test]
fn a_one_row_header_lacking_a_column_places_the_cells_by_name() {
    // the same table three under a header that names six columns (其他 lost): the header
    // says which column is missing, so the others are read and 其他 is null
    let ex = extract("named_columns.md");
    full_table_two(&ex);
    let rows: Vec<(RequestRow, Row)> = RequestRow::ROWS_2021
        .iter()
        .map(|r| {
            let mut v = fixture_row(*r);
            v[5] = None;
            (*r, v)
        })
        .collect();
    assert_requests(&ex, &rows);
    assert_eq!(ex.report.appeals, Some(appeals(REVIEW, DIRECT, AFTER)));
    assert_eq!(
        notes(&ex),
        [(
            "T304",
            Some(28),
            "表三表头只有 6 列（缺少“其他”），按表头的列名读取，表头没有的列为空值（null）：全部 25 行".to_string()
        )]
    );
    let p = &ex.report.provenance[&"requests.new_received[6]"
        .parse::<xxgk_model::CellRef>()
        .expect("cell path")];
    assert_eq!((p.line, p.text.as_str()), (Some(28), "6"));
    assert_eq!(
        p.note.as_deref(),
        Some("按表头的列名读取，表头没有的列为空值（null）")
    );
    assert!(
        !ex.report.provenance.contains_key(
            &"requests.new_received[5]"
                .parse::<xxgk_model::CellRef>()
                .expect("cell path")
        )
    );
}

#[test]
fn a_one_row_header_in_another_order_places_the_cells_by_name() {
    // 总计 printed first: read by the header's names, not in the template's order
    let ex = extract("reordered_columns.md");
    assert_requests(&ex, &[]);
    assert_eq!(ex.report.appeals, Some(appeals(REVIEW, DIRECT, AFTER)));
    assert_eq!(
        notes(&ex),
        [(
            "T304",
            Some(28),
            "表三表头的列顺序与模板不同，按表头的列名读取，表头没有的列为空值（null）：全部 25 行"
                .to_string()
        )]
    );
    // 总计 from the cell right after the label (column 22 of the line)
    let p = &ex.report.provenance[&"requests.new_received[6]"
        .parse::<xxgk_model::CellRef>()
        .expect("cell path")];
    assert_eq!(
        (p.line, p.column, p.text.as_str()),
        (Some(28), Some(22), "6")
    );
}

#[test]
fn table_three_continued_in_a_second_table_repeating_rows() {
    // table three breaks after 8.属于行政查询事项; the second table (under 列1 … 列8)
    // repeats 7. with the same figures and 8. with others (6 instead of 0)
    let ex = extract("continued_table.md");
    full_table_two(&ex);
    assert_requests(&ex, &[(RequestRow::DeniedQueryMatter, [None; 7])]);
    assert_eq!(ex.report.appeals, Some(appeals(REVIEW, DIRECT, AFTER)));
    assert_eq!(
        notes(&ex),
        [(
            "T304",
            Some(46),
            "表三“（三）不予公开 8.属于行政查询事项”行出现了两次（第 39 行和第 46 行），数字不同，无法确定哪一行正确，按空值 null 处理".to_string()
        )]
    );
    // the rows after the break are read from the second table
    let p = &ex.report.provenance[&"requests.unavailable_not_held[0]"
        .parse::<xxgk_model::CellRef>()
        .expect("cell path")];
    assert_eq!((p.line, p.text.as_str()), (Some(47), "1"));
}

#[test]
fn a_short_row_of_table_four_under_no_group_is_not_placed() {
    // five figures under 数据1 … 数据5 and no caption: before, they were right-aligned
    // into 复议后起诉; which group they belong to is not certain
    let ex = extract("appeals_short_row.md");
    assert_eq!(ex.report.appeals, Some(Appeals::default()));
    assert_eq!(
        notes(&ex),
        [(
            "T404",
            Some(7),
            "表四数据行有 5 个单元格（模板为 15 个），无法确定各数字所在的列，全部置为空值（null）"
                .to_string()
        )]
    );
    assert!(
        !ex.report
            .provenance
            .keys()
            .any(|k| k.path().starts_with("appeals."))
    );
}

/// The rule that reports an observation (extraction itself names none).
fn code(n: &xxgk_extract::Note) -> &'static str {
    xxgk_check::reported_as(n).map_or("", |r| r.code)
}

/// Headings in other words or with a wrong character (五、存在问题及改进情况; 四、…行政法复议…)
/// are still section boundaries when their number and most of their wording agree: the
/// prose under them belongs to their section, and the heading is marked as reworded (S002
/// says what differs). A numbered line far from every heading stays prose.
#[test]
fn reworded_headings_are_section_boundaries() {
    let ex = extract("reworded_headings.txt");
    let found: Vec<(u8, bool, &str)> = ex
        .layout
        .headings
        .iter()
        .map(|h| (h.section, h.reworded, h.text.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (1, false, "总体情况"),
            (4, true, "政府信息公开行政法复议、行政诉讼情况"),
            (5, true, "存在问题及改进情况"),
            (6, false, "其他需要报告事项"),
        ]
    );
    let text = |n: u8| {
        ex.report
            .sections
            .iter()
            .find(|s| s.number == n)
            .map(|s| s.text.clone())
            .unwrap_or_default()
    };
    assert_eq!(text(5), "信息更新不够及时，下一步将完善工作机制。");
    assert!(!text(4).contains("信息更新"), "{}", text(4));
    assert_eq!(
        xxgk_extract::layout::match_heading_line("二、上年结转政府信息公开申请数量"),
        None
    );
}
