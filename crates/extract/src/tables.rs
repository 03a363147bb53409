//! Locating and reading the three statutory tables.

use crate::align::{Alignment, align};
use crate::layout::Layout;
use crate::norm::{
    Value, char_bit, char_bloom, contains_with_bloom, key_contains, key_may_hold_any, label_key,
    parse_value, strip_numbering,
};
use crate::{Note, Observed};
use std::collections::BTreeMap;
use std::sync::LazyLock;
use xxgk_model::{
    ActiveDisclosure, ActiveDisclosure2019, AppealKind, AppealResult, Appeals, Applicant, CellRef,
    ColumnRef, DecisionKind, DocumentKind, Issued, IssuedColumn, Position, Procurement2019, Report,
    RequestRow, Requests, RowRef, TableId, Template, TrialColumn, TrialRow,
};
use xxgk_read::{Cell, Document, Row, RowKind};

fn note(kind: Observed, table: TableId, zh: String, en: String, cell: Option<&Cell>) -> Note {
    Note {
        kind,
        message: zh,
        message_en: en,
        section: Some(match table {
            TableId::ActiveDisclosure => 2,
            TableId::Requests => 3,
            TableId::Appeals => 4,
        }),
        table: Some(table),
        row: None,
        column: None,
        line: cell.map(|c| c.line),
        col: cell.map(|c| c.column),
    }
}

fn pos(cell: &Cell, alignment: Alignment) -> Position {
    Position {
        line: Some(cell.line),
        column: Some(cell.column),
        page: cell.origin.page,
        table: cell.origin.table,
        row: cell.origin.row,
        cell: cell.origin.cell,
        text: cell.text.clone(),
        note: (alignment != Alignment::Regular).then(|| alignment.explain().0.to_string()),
    }
}

/// Labels of the pre-2021 template (S004).
const OUTDATED: &[&str] = &[
    "非本部门掌握",
    "非本机关掌握",
    "信息不存在",
    "不是条例所指",
    "不属于本行政机关公开",
    "申请信息不存在",
];

/// Column names that mark a header row of table three.
const HEADER_WORDS: &[&str] = &[
    "自然人",
    "商业企业",
    "申请人情况",
    "法人或其他组织",
    "科研机构",
    "社会公益组织",
];

/// Matches a table-three item label (a label key) to its row.
pub fn match_request(
    item: &str,
    group: Option<&str>,
    prev: Option<RequestRow>,
) -> Option<RequestRow> {
    use RequestRow::*;
    let k = item;
    let bloom = char_bloom(k);
    let has = |s: &str| contains_with_bloom(k, bloom, s);
    Some(if has("新收") {
        NewReceived
    } else if has("上年结转") {
        CarriedOver
    } else if has("结转下年") || has("继续办理") {
        CarriedForward
    } else if has("部分公开") {
        PartiallyGranted
    } else if has("予以公开") && !has("不予") {
        Granted
    } else if has("国家秘密") {
        DeniedStateSecret
    } else if has("禁止公开") {
        DeniedProhibitedByLaw
    } else if has("三安全") || has("一稳定") {
        DeniedThreeSafeties
    } else if has("第三方") {
        DeniedThirdParty
    } else if has("内部事务") {
        DeniedInternalAffairs
    } else if has("过程性") {
        DeniedProcessInfo
    } else if has("执法案卷") {
        DeniedEnforcementFile
    } else if has("查询事项") {
        DeniedQueryMatter
    } else if has("不掌握") {
        UnavailableNotHeld
    } else if has("另行制作") || has("没有现成") {
        UnavailableNeedsCreation
    } else if has("仍不明确") || (has("补正后") && has("不明确")) {
        UnavailableStillUnclear
    } else if has("信访") || has("举报投诉") {
        RejectedPetition
    } else if has("重复申请") {
        RejectedRepeated
    } else if has("出版物") {
        RejectedPublication
    } else if has("大量反复") {
        RejectedExcessive
    } else if has("重新出具") || has("确认或") {
        RejectedConfirmation
    } else if has("不补正") {
        OtherNoCorrection
    } else if has("缴纳费用") || has("收费通知") {
        OtherFeeUnpaid
    } else if k.ends_with("其他")
        && (group.is_some_and(|g| g.contains("其他处理")) || prev == Some(OtherFeeUnpaid))
    {
        OtherOther
    } else if strip_numbering(k) == "其他处理" {
        // the trial template's single row (a 2021 table's group label alone on a row has
        // no figures and is passed over by the caller)
        Other
    } else if strip_numbering(k) == "总计" || k.starts_with("七总计") {
        Total
    } else {
        return None;
    })
}

/// Provenance note of a value whose row label was matched by similarity (a typo).
const GUESSED_LABEL: &str = "行标签疑有错字，按最接近的模板行读取";

/// Lowest similarity at which a label that matched no row by meaning is read as the
/// nearest template row; the row the template puts next after the previous one may be a
/// little further off. Below these, the row is left out (and reported missing).
const GUESS_MIN: f64 = 0.8;
const GUESS_MIN_NEXT: f64 = 0.65;
/// How far the nearest row must be ahead of the second nearest.
const GUESS_MARGIN: f64 = 0.1;

/// The template row nearest to a label that [`match_request`] did not recognise, for
/// typos (“重复申清”, “禁止公幵”): normalised edit distance over characters against each
/// row not yet seen (its own label, and its label with the group), numbering ignored.
/// Labels of the pre-2021 template are never guessed into the new rows.
pub fn guess_request(
    item: &str,
    prev: Option<RequestRow>,
    seen: &[RequestRow],
) -> Option<(RequestRow, f64)> {
    if OUTDATED.iter().any(|o| item.contains(o)) {
        return None;
    }
    let item = strip_numbering(item);
    if item.chars().count() < 4 {
        return None;
    }
    let next = match prev {
        Some(RequestRow::Other) => Some(RequestRow::Total),
        Some(p) => RequestRow::ROWS_2021
            .iter()
            .position(|r| *r == p)
            .and_then(|i| RequestRow::ROWS_2021.get(i + 1))
            .copied(),
        None => Some(RequestRow::NewReceived),
    };
    // the rows' two label keys, numbering stripped, as characters
    static KEYS: LazyLock<Vec<[Vec<char>; 2]>> = LazyLock::new(|| {
        RequestRow::ALL
            .iter()
            .map(|r| {
                [label_key(r.label()), label_key(&r.full_label())]
                    .map(|k| strip_numbering(&k).chars().collect())
            })
            .collect()
    });
    let item: Vec<char> = item.chars().collect();
    let mut scored: Vec<(f64, RequestRow)> = RequestRow::ALL
        .iter()
        .zip(KEYS.iter())
        // the trial template's （六）其他处理 is read by its exact label only
        .filter(|(r, _)| !seen.contains(r) && **r != RequestRow::Other)
        .map(|(&r, keys)| {
            let s = keys
                .iter()
                .map(|l| similarity(&item, l))
                .fold(0.0, f64::max);
            (s, r)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (best, r) = *scored.first()?;
    let second = scored.get(1).map_or(0.0, |s| s.0);
    let min = if Some(r) == next {
        GUESS_MIN_NEXT
    } else {
        GUESS_MIN
    };
    (best >= min && best - second >= GUESS_MARGIN).then_some((r, best))
}

/// `strsim::normalized_levenshtein` of `a` and `b`, except that a pair whose distance puts
/// it below 0.5 scores 0 (the distance is not computed to the end): far below any score
/// that can decide a guess (the best needs at least [`GUESS_MIN_NEXT`]; a runner-up
/// matters only within [`GUESS_MARGIN`] of it).
fn similarity(a: &[char], b: &[char]) -> f64 {
    const _: () = assert!(GUESS_MIN_NEXT - GUESS_MARGIN > 0.5);
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    // a distance above `bound` puts the score below 0.5
    match levenshtein_within(a, b, longest / 2) {
        Some(d) => 1.0 - d as f64 / longest as f64,
        None => 0.0,
    }
}

/// The Levenshtein distance of `a` and `b` when it is at most `bound`.
fn levenshtein_within(a: &[char], b: &[char], bound: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > bound {
        return None;
    }
    // Every character of the longer string that is not matched costs an edit, and at most
    // the characters of `a` whose bit is in `b`'s summary can be matched.
    let in_b = b.iter().fold(0, |m, c| m | char_bit(*c));
    let matchable = a.iter().filter(|c| in_b & char_bit(**c) != 0).count();
    if a.len().max(b.len()) - matchable > bound {
        return None;
    }
    // one row of the table, on the stack for labels of ordinary length
    let mut stack = [0usize; 64];
    let mut heap = Vec::new();
    let row: &mut [usize] = if b.len() < stack.len() {
        &mut stack[..=b.len()]
    } else {
        heap.resize(b.len() + 1, 0);
        &mut heap
    };
    for (j, x) in row.iter_mut().enumerate() {
        *x = j;
    }
    for (i, ac) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        let mut least = row[0];
        for (j, bc) in b.iter().enumerate() {
            let up = row[j + 1];
            let v = (diag + usize::from(ac != bc)).min(up + 1).min(row[j] + 1);
            diag = up;
            row[j + 1] = v;
            least = least.min(v);
        }
        // the least value of a row never decreases further down
        if least > bound {
            return None;
        }
    }
    let d = row[b.len()];
    (d <= bound).then_some(d)
}

fn is_label(c: &Cell) -> bool {
    !c.text.is_empty() && parse_value(&c.text) == Value::Text
}

fn grid_rows(doc: &Document) -> impl Iterator<Item = (usize, &Row)> {
    doc.rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind == RowKind::Grid)
}

/// `key.ends_with(strip_numbering(&label_key(r.label())))`, the row's key made once.
fn ends_with_row_label(key: &str, r: RequestRow) -> bool {
    static KEYS: LazyLock<Vec<String>> = LazyLock::new(|| {
        RequestRow::ALL
            .iter()
            .map(|r| strip_numbering(&label_key(r.label())).to_string())
            .collect()
    });
    match KEYS.get(r.index()) {
        Some(k) => key.ends_with(k.as_str()),
        None => key.ends_with(strip_numbering(&label_key(r.label()))),
    }
}

/// Whether a label key may name a row of the pre-2021 template: one regex over all of
/// [`OUTDATED`] before asking for each in turn.
fn maybe_outdated(key: &str) -> bool {
    static ANY: LazyLock<regex::Regex> = LazyLock::new(|| {
        let alts: Vec<String> = OUTDATED.iter().map(|o| regex::escape(o)).collect();
        regex::Regex::new(&alts.join("|")).expect("static regex")
    });
    ANY.is_match(key)
}

/// Reads all three tables into `report`, adding notes.
pub fn extract_tables(doc: &Document, lay: &Layout, report: &mut Report, notes: &mut Vec<Note>) {
    let mut outdated_seen = false;
    for (_, row) in grid_rows(doc) {
        if outdated_seen {
            break;
        }
        for c in row.cells.iter().filter(|c| is_label(c)) {
            // a key holding an old label holds its characters
            if !key_may_hold_any(&c.text, OUTDATED) {
                continue;
            }
            let k = label_key(&c.text);
            if !maybe_outdated(&k) {
                continue;
            }
            if let Some(old) = OUTDATED.iter().find(|o| k.contains(*o)) {
                notes.push(note(
                    Observed::OldTemplate,
                    TableId::Requests,
                    format!(
                        "使用了 2021 年以前的旧模板（“{old}”），应改用国办公开办函〔2021〕30号格式"
                    ),
                    format!("outdated pre-2021 template (row “{old}”); use the 2021 format"),
                    Some(c),
                ));
                outdated_seen = true;
                break;
            }
        }
    }
    // the labels, not the year, tell the template: a 2020 report in the 2021 layout is
    // read as 2021, a later one in the trial layout as trial (and the checker says so)
    let trial_two = is_trial_table_two(doc);
    if trial_two {
        report.active_disclosure_2019 = table_two_trial(doc, report, notes);
    } else {
        report.active_disclosure = table_two(doc, report, notes);
    }
    report.requests = table_three(doc, report, notes, trial_two);
    let trial_three = report.requests.as_ref().is_some_and(|t| t.other.is_some());
    report.template = if trial_two || trial_three {
        Template::Trial2019
    } else {
        Template::Format2021
    };
    report.appeals = table_four(doc, lay, report, notes);
}

// ─────────────────── table two, trial template of 2019 ───────────────────

/// Labels (keys) found only in table two of the trial template of 2019: its column
/// headers and the rows the 2021 template dropped.
const TRIAL_LABELS: &[&str] = &[
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "采购项目数量",
    "采购总金额",
    "政府集中采购",
    "其他对外管理服务事项",
];

/// Longest label key (in characters) that is read as a trial label: a header with a unit
/// (“采购总金额（万元）”) is, a sentence of prose that names 政府集中采购 in a cell is not.
const TRIAL_LABEL_MAX: usize = 16;

/// Whether a grid row carries a label of the trial template's table two.
fn is_trial_table_two(doc: &Document) -> bool {
    grid_rows(doc).any(|(_, row)| {
        row.cells.iter().filter(|c| is_label(c)).any(|c| {
            key_may_hold_any(&c.text, TRIAL_LABELS) && {
                let k = label_key(&c.text);
                k.chars().count() <= TRIAL_LABEL_MAX && TRIAL_LABELS.iter().any(|l| k.contains(l))
            }
        })
    })
}

/// The row of the trial template's table two a label key names.
fn match_trial(key: &str) -> Option<TrialRow> {
    let k = strip_numbering(key);
    Some(if k == "规章" {
        TrialRow::Regulations
    } else if k.ends_with("规范性文件") && k.chars().count() <= 8 {
        TrialRow::NormativeDocuments
    } else if k == "行政许可" {
        TrialRow::Licensing
    } else if k.contains("对外管理服务") {
        TrialRow::OtherServices
    } else if k == "行政处罚" {
        TrialRow::Penalty
    } else if k == "行政强制" {
        TrialRow::Coercion
    } else if k.contains("事业性收费") || k == "收费" {
        TrialRow::Fees
    } else if k.contains("集中采购") {
        TrialRow::Procurement
    } else if let Some(&row) = TrialRow::ALL
        .iter()
        .find(|r| one_substitution(k, &label_key(r.label())))
    {
        // a typo (“行政许呵”, “政府集中釆购”): reported as a variant label (S005)
        row
    } else {
        return None;
    })
}

/// Reads table two in the trial layout: every row into its own columns, none into a 2021
/// key.
fn table_two_trial(
    doc: &Document,
    report: &mut Report,
    notes: &mut Vec<Note>,
) -> Option<ActiveDisclosure2019> {
    let mut t = ActiveDisclosure2019::default();
    let mut found: Vec<TrialRow> = Vec::new();
    for (_, row) in grid_rows(doc) {
        let Some(li) = row.cells.iter().position(is_label) else {
            continue;
        };
        let key = label_key(&row.cells[li].text);
        let Some(item) = match_trial(&key) else {
            continue;
        };
        if found.contains(&item) {
            continue;
        }
        let vals: Vec<&Cell> = row.cells[li + 1..].iter().collect();
        // a row naming several items (a header, or rows run together) is not this item's
        if vals.is_empty()
            || vals
                .iter()
                .any(|c| is_label(c) && match_trial(&label_key(&c.text)).is_some())
        {
            continue;
        }
        found.push(item);
        let label_cell = &row.cells[li];
        if strip_numbering(&key) != label_key(item.label()) {
            let mut n = note(
                Observed::LabelVariant,
                TableId::ActiveDisclosure,
                format!(
                    "标签“{}”与模板“{}”不同（已按含义匹配）",
                    label_cell.text,
                    item.label()
                ),
                format!(
                    "label “{}” differs from the template’s “{}” (matched by meaning)",
                    label_cell.text,
                    item.label()
                ),
                Some(label_cell),
            );
            n.row = Some(RowRef::Trial(item));
            notes.push(n);
        }
        let columns = item.columns();
        let parsed: Vec<Value> = vals.iter().map(|c| parse_value(&c.text)).collect();
        // as table two's 2021 rows: a short row is not spread over the columns
        let (idx, alignment) = match align(&parsed, columns.len()) {
            (_, Alignment::Short) => (vec![None; columns.len()], Alignment::Unaligned),
            a => a,
        };
        if matches!(alignment, Alignment::Empty | Alignment::Unaligned) {
            let (zh, en) = alignment.explain();
            let mut n = note(
                Observed::IrregularRow,
                TableId::ActiveDisclosure,
                format!(
                    "表二“{}”行有 {} 个单元格（模板为 {} 个），{zh}",
                    item.label(),
                    vals.len(),
                    columns.len()
                ),
                format!(
                    "table two row “{}” has {} cells (template: {}); {en}",
                    item.key(),
                    vals.len(),
                    columns.len()
                ),
                Some(label_cell),
            );
            n.row = Some(RowRef::Trial(item));
            notes.push(n);
        }
        // the row is present even when none of its cells could be placed
        match item {
            TrialRow::Procurement => {
                t.procurement.get_or_insert_default();
            }
            _ => t.set(item, columns[0], None),
        }
        for (i, col) in columns.iter().enumerate() {
            let Some(cell) = idx.get(i).copied().flatten().and_then(|s| vals.get(s)) else {
                continue;
            };
            if *col == TrialColumn::Amount {
                let amount = match parse_value(&cell.text) {
                    Value::Blank => Some("0".to_string()),
                    Value::Int(v) => Some(v.to_string()),
                    Value::Dec(d) => Some(d),
                    Value::Unclear | Value::Text => {
                        trial_not_a_number(cell, item, *col, notes);
                        None
                    }
                };
                t.procurement.get_or_insert_default().amount = amount;
            } else {
                let v = match parse_value(&cell.text) {
                    Value::Blank => Some(0),
                    Value::Int(v) => Some(v),
                    Value::Dec(_) | Value::Unclear | Value::Text => {
                        trial_not_a_number(cell, item, *col, notes);
                        None
                    }
                };
                t.set(item, *col, v);
            }
            report
                .provenance
                .insert(CellRef::Trial(item, *col), pos(cell, alignment));
        }
    }
    if found.is_empty() {
        return None;
    }
    let missing: Vec<&str> = TrialRow::ALL
        .iter()
        .filter(|i| !found.contains(i))
        .map(|i| i.key())
        .collect();
    if !missing.is_empty() {
        notes.push(note(
            Observed::MissingItems,
            TableId::ActiveDisclosure,
            format!(
                "表二（2019 年试行格式）缺少以下项目：{}（按空值 null 处理）",
                missing.join("、")
            ),
            format!(
                "table two (trial format of 2019) lacks: {} (read as null)",
                missing.join(", ")
            ),
            None,
        ));
    }
    // a procurement row read without its figures keeps its default (both null)
    if let Some(p) = &t.procurement
        && *p == Procurement2019::default()
        && !found.contains(&TrialRow::Procurement)
    {
        t.procurement = None;
    }
    Some(t)
}

fn trial_not_a_number(cell: &Cell, item: TrialRow, col: TrialColumn, notes: &mut Vec<Note>) {
    let mut n = note(
        Observed::NotANumber,
        TableId::ActiveDisclosure,
        format!(
            "表二“{}”{}“{}”不是数字",
            item.label(),
            col.label(),
            cell.text
        ),
        format!(
            "table two {} / {}: “{}” is not a number",
            item.key(),
            col.key(),
            cell.text
        ),
        Some(cell),
    );
    n.row = Some(RowRef::Trial(item));
    n.column = Some(ColumnRef::Trial(col));
    notes.push(n);
}

// ───────────────────────── table two ─────────────────────────

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum T2 {
    Regulations,
    Normative,
    Licensing,
    Penalty,
    Coercion,
    Fees,
}

fn match_t2(key: &str) -> Option<(T2, &'static str)> {
    let k = strip_numbering(key);
    Some(if k == "规章" {
        (T2::Regulations, "规章")
    } else if k.ends_with("规范性文件") && k.chars().count() <= 8 {
        (T2::Normative, "行政规范性文件")
    } else if k == "行政许可" {
        (T2::Licensing, "行政许可")
    } else if k == "行政处罚" {
        (T2::Penalty, "行政处罚")
    } else if k == "行政强制" {
        (T2::Coercion, "行政强制")
    } else if k.contains("事业性收费") || k == "收费" {
        (T2::Fees, "行政事业性收费")
    } else if let Some(&(item, official)) = T2_LABELS
        .iter()
        .find(|(_, official)| one_substitution(k, official))
    {
        // a typo (“行政许呵”): reported as a variant label (S005) like any other
        (item, official)
    } else {
        return None;
    })
}

/// Table-two labels long enough that one wrong character still names them alone.
const T2_LABELS: &[(T2, &str)] = &[
    (T2::Licensing, "行政许可"),
    (T2::Penalty, "行政处罚"),
    (T2::Coercion, "行政强制"),
    (T2::Normative, "行政规范性文件"),
    (T2::Fees, "行政事业性收费"),
];

/// Same length (at least four characters), exactly one character different.
fn one_substitution(a: &str, b: &str) -> bool {
    // one character for another changes the length in bytes by at most three
    a.len().abs_diff(b.len()) <= 3
        && a.chars().count() == b.chars().count()
        && b.chars().count() >= 4
        && a.chars().zip(b.chars()).filter(|(x, y)| x != y).count() == 1
}

fn table_two(
    doc: &Document,
    report: &mut Report,
    notes: &mut Vec<Note>,
) -> Option<ActiveDisclosure> {
    let mut t = ActiveDisclosure::default();
    let mut found = Vec::new();
    for (_, row) in grid_rows(doc) {
        let Some(li) = row.cells.iter().position(is_label) else {
            continue;
        };
        let key = label_key(&row.cells[li].text);
        let Some((item, official)) = match_t2(&key) else {
            continue;
        };
        if found.contains(&item) {
            continue;
        }
        let vals: Vec<&Cell> = row.cells[li + 1..].iter().collect();
        if vals.is_empty()
            || vals
                .iter()
                .any(|c| is_label(c) && match_t2(&label_key(&c.text)).is_some())
        {
            continue;
        }
        found.push(item);
        let label_cell = &row.cells[li];
        if strip_numbering(&key) != label_key(official) {
            let mut n = note(
                Observed::LabelVariant,
                TableId::ActiveDisclosure,
                format!(
                    "标签“{}”与模板“{official}”不同（已按含义匹配）",
                    label_cell.text
                ),
                format!(
                    "label “{}” differs from the template’s “{official}” (matched by meaning)",
                    label_cell.text
                ),
                Some(label_cell),
            );
            n.row = Some(t2_row(item));
            notes.push(n);
        }
        match item {
            T2::Regulations | T2::Normative => {
                let mut issued = Issued::default();
                let cols = ["issued", "repealed", "in_force"];
                // aligned as table three's rows are, except that a row with fewer than
                // three cells is never spread over the columns: which one a lone figure
                // belongs to is not certain
                let parsed: Vec<Value> = vals.iter().map(|c| parse_value(&c.text)).collect();
                let (idx, alignment) = match align(&parsed, 3) {
                    (_, Alignment::Short) => (vec![None; 3], Alignment::Unaligned),
                    a => a,
                };
                if matches!(alignment, Alignment::Empty | Alignment::Unaligned) {
                    let (zh, en) = alignment.explain();
                    let mut n = note(
                        Observed::IrregularRow,
                        TableId::ActiveDisclosure,
                        format!(
                            "表二“{official}”行有 {} 个单元格（模板为 3 个），{zh}",
                            vals.len()
                        ),
                        format!(
                            "table two row “{official}” has {} cells (template: 3); {en}",
                            vals.len()
                        ),
                        Some(label_cell),
                    );
                    n.row = Some(t2_row(item));
                    notes.push(n);
                }
                for (i, col) in cols.iter().enumerate() {
                    let Some(cell) = idx[i].and_then(|s| vals.get(s)) else {
                        continue;
                    };
                    let Some(column) = IssuedColumn::ALL.get(i) else {
                        continue;
                    };
                    let kind = if item == T2::Regulations {
                        DocumentKind::Regulations
                    } else {
                        DocumentKind::NormativeDocuments
                    };
                    let v = t2_int(cell, item, col, notes);
                    match i {
                        0 => issued.issued = v,
                        1 => issued.repealed = v,
                        _ => issued.in_force = v,
                    }
                    report
                        .provenance
                        .insert(CellRef::Issued(kind, *column), pos(cell, alignment));
                }
                if item == T2::Regulations {
                    t.regulations = Some(issued);
                } else {
                    t.normative_documents = Some(issued);
                }
            }
            T2::Fees => {
                let cell = vals.iter().find(|c| !c.text.is_empty()).unwrap_or(&vals[0]);
                t.fees_wan_yuan = match parse_value(&cell.text) {
                    Value::Blank => Some("0".to_string()),
                    Value::Int(v) => Some(v.to_string()),
                    Value::Dec(d) => Some(d),
                    Value::Unclear | Value::Text => {
                        let mut n = note(
                            Observed::NotANumber,
                            TableId::ActiveDisclosure,
                            format!("行政事业性收费金额“{}”不是数字", cell.text),
                            format!("the fee “{}” is not a number", cell.text),
                            Some(cell),
                        );
                        n.row = Some(RowRef::Fee);
                        notes.push(n);
                        None
                    }
                };
                report
                    .provenance
                    .insert(CellRef::Fee, pos(cell, Alignment::Regular));
            }
            _ => {
                let cell = vals.iter().find(|c| !c.text.is_empty()).unwrap_or(&vals[0]);
                let v = t2_int(cell, item, "", notes);
                let kind = match item {
                    T2::Licensing => {
                        t.licensing = v;
                        DecisionKind::Licensing
                    }
                    T2::Penalty => {
                        t.penalty = v;
                        DecisionKind::Penalty
                    }
                    _ => {
                        t.coercion = v;
                        DecisionKind::Coercion
                    }
                };
                report
                    .provenance
                    .insert(CellRef::Decisions(kind), pos(cell, Alignment::Regular));
            }
        }
    }
    if found.is_empty() {
        return None;
    }
    let all = [
        T2::Regulations,
        T2::Normative,
        T2::Licensing,
        T2::Penalty,
        T2::Coercion,
        T2::Fees,
    ];
    let missing: Vec<&str> = all
        .iter()
        .filter(|i| !found.contains(i))
        .map(|i| t2_key(*i))
        .collect();
    if !missing.is_empty() {
        notes.push(note(
            Observed::MissingItems,
            TableId::ActiveDisclosure,
            format!(
                "表二缺少以下项目：{}（按空值 null 处理）",
                missing.join("、")
            ),
            format!("table two lacks: {} (read as null)", missing.join(", ")),
            None,
        ));
    }
    Some(t)
}

fn t2_row(i: T2) -> RowRef {
    match i {
        T2::Regulations => RowRef::Document(DocumentKind::Regulations),
        T2::Normative => RowRef::Document(DocumentKind::NormativeDocuments),
        T2::Licensing => RowRef::Decisions(DecisionKind::Licensing),
        T2::Penalty => RowRef::Decisions(DecisionKind::Penalty),
        T2::Coercion => RowRef::Decisions(DecisionKind::Coercion),
        T2::Fees => RowRef::Fee,
    }
}

fn t2_key(i: T2) -> &'static str {
    match i {
        T2::Regulations => "regulations",
        T2::Normative => "normative_documents",
        T2::Licensing => "licensing",
        T2::Penalty => "penalty",
        T2::Coercion => "coercion",
        T2::Fees => "fees_wan_yuan",
    }
}

fn t2_int(cell: &Cell, item: T2, col: &str, notes: &mut Vec<Note>) -> Option<i64> {
    match parse_value(&cell.text) {
        Value::Blank => Some(0),
        Value::Int(v) => Some(v),
        Value::Dec(_) | Value::Unclear | Value::Text => {
            let mut n = note(
                Observed::NotANumber,
                TableId::ActiveDisclosure,
                format!("表二单元格“{}”不是整数", cell.text),
                format!("table two cell “{}” is not a whole number", cell.text),
                Some(cell),
            );
            n.row = Some(t2_row(item));
            n.column = IssuedColumn::from_key(col).map(ColumnRef::Issued);
            notes.push(n);
            None
        }
    }
}

// ───────────────────────── table three ─────────────────────────

struct Irregular {
    alignment: Alignment,
    rows: Vec<String>,
    first: Cell,
    cells: usize,
}

/// Words of table four's header: a row made of them inside table three is a header
/// printed in the wrong place (an OCR or conversion artifact), not a row of table three.
const T4_HEADER_WORDS: &[&str] = &[
    "行政复议",
    "行政诉讼",
    "未经复议",
    "复议后起诉",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
];

/// Whether a row's label keys make it a header row of table four.
fn is_t4_header(keys: &[String]) -> bool {
    keys.iter()
        .filter(|k| T4_HEADER_WORDS.iter().any(|h| k.contains(h)))
        .count()
        >= 2
}

/// A table-three row recognised by its label, before its cells are placed.
struct ReqRow<'d> {
    row: RequestRow,
    guessed: Option<f64>,
    label: &'d Cell,
    cells: Vec<&'d Cell>,
    vals: Vec<Value>,
    /// The columns named by the one-row header above it, if any.
    header: Option<Vec<Applicant>>,
}

/// The columns a one-row header of table three names, in its order (自然人 商业企业 …
/// 总计), when it names 自然人, 总计 and at least two more, each once: a header a
/// converter wrote in one row, which may lack a column or put them in another order.
/// The template's header in several rows names a few columns per row: `None`.
fn header_columns(keys: &[String]) -> Option<Vec<Applicant>> {
    let col = |k: &str| {
        let k = strip_numbering(k);
        Some(match k {
            "自然人" => Applicant::NaturalPerson,
            "商业企业" => Applicant::Business,
            "科研机构" => Applicant::Research,
            "社会公益组织" => Applicant::Nonprofit,
            "法律服务机构" => Applicant::LegalService,
            "其他" | "其他组织" => Applicant::OtherOrg,
            "总计" | "合计" => Applicant::Total,
            _ => return None,
        })
    };
    let cols: Vec<Applicant> = keys.iter().filter_map(|k| col(k)).collect();
    let distinct = cols.iter().enumerate().all(|(i, c)| !cols[..i].contains(c));
    (distinct
        && cols.len() >= 4
        && cols.contains(&Applicant::NaturalPerson)
        && cols.contains(&Applicant::Total))
    .then_some(cols)
}

fn table_three(
    doc: &Document,
    report: &mut Report,
    notes: &mut Vec<Note>,
    trial_two: bool,
) -> Option<Requests> {
    let mut t = Requests::default();
    let mut seen: Vec<RequestRow> = Vec::new();
    let mut group: Option<String> = None;
    let mut prev: Option<RequestRow> = None;
    let mut blanks: Vec<(RequestRow, Applicant, Cell)> = Vec::new();
    let mut irregular: BTreeMap<String, Irregular> = BTreeMap::new();
    let mut read: Vec<ReqRow> = Vec::new();
    // table four's header rows seen since the last row of table three, and those that
    // turned out to sit inside table three (a row of it followed)
    let mut foreign_pending: Vec<&Cell> = Vec::new();
    let mut foreign: Vec<&Cell> = Vec::new();
    let mut last_foreign: Option<usize> = None;
    // the columns a one-row header names, in its order
    let mut header: Option<Vec<Applicant>> = None;
    // rows printed twice with different figures: (row, first label, second label)
    let mut conflicts: Vec<(RequestRow, &Cell, &Cell)> = Vec::new();
    for (idx, row) in grid_rows(doc) {
        let labels: Vec<usize> = (0..row.cells.len())
            .filter(|i| is_label(&row.cells[*i]))
            .collect();
        let Some(&last) = labels.last() else { continue };
        let keys: Vec<String> = labels
            .iter()
            .map(|i| label_key(&row.cells[*i].text))
            .collect();
        if keys.iter().any(|k| {
            let b = char_bloom(k);
            HEADER_WORDS.iter().any(|h| contains_with_bloom(k, b, h))
        }) {
            if let Some(h) = header_columns(&keys) {
                header = Some(h);
            }
            continue;
        }
        let has_values = row.cells[last + 1..]
            .iter()
            .any(|c| matches!(parse_value(&c.text), Value::Int(_)));
        if !has_values && is_t4_header(&keys) {
            // one note for the rows of one header
            if last_foreign.is_none_or(|l| l + 1 != idx) {
                foreign_pending.push(&row.cells[labels[0]]);
            }
            last_foreign = Some(idx);
            continue;
        }
        for k in &keys {
            let b = char_bloom(k);
            for g in ["不予公开", "无法提供", "不予处理", "其他处理"] {
                if contains_with_bloom(k, b, g)
                    && !k.contains("部分公开")
                    && group.as_deref() != Some(g)
                {
                    group = Some(g.to_string());
                }
            }
        }
        let item_key = &keys[keys.len() - 1];
        let (r, guessed) = match match_request(item_key, group.as_deref(), prev) {
            Some(r) => (r, None),
            None if has_values => match guess_request(item_key, prev, &seen) {
                Some((r, score)) => (r, Some(score)),
                None => continue,
            },
            None => continue,
        };
        if r == RequestRow::Other && !has_values {
            // （六）其他处理 alone on a row: the 2021 template's group label
            continue;
        }
        if seen.contains(&r) {
            // the row again (a page break repeated it in a second table): with other
            // figures, which one is right cannot be told
            let vals: Vec<Value> = row.cells[last + 1..]
                .iter()
                .map(|c| parse_value(&c.text))
                .collect();
            if has_values
                && let Some(first) = read.iter().find(|x| x.row == r)
                && first
                    .vals
                    .iter()
                    .filter(|v| !v.is_blank())
                    .collect::<Vec<_>>()
                    != vals.iter().filter(|v| !v.is_blank()).collect::<Vec<_>>()
                && !conflicts.iter().any(|(c, _, _)| *c == r)
            {
                conflicts.push((r, first.label, &row.cells[last]));
            }
            continue;
        }
        seen.push(r);
        prev = Some(r);
        foreign.append(&mut foreign_pending);
        let cells: Vec<&Cell> = row.cells[last + 1..].iter().collect();
        let vals: Vec<Value> = cells.iter().map(|c| parse_value(&c.text)).collect();
        read.push(ReqRow {
            row: r,
            guessed,
            label: &row.cells[last],
            cells,
            vals,
            header: header.clone(),
        });
    }
    if seen.len() < 2 {
        return None;
    }
    // A whole table whose rows are one cell short (a column lost in conversion: a header of
    // 数据1…数据6): which column is missing cannot be told, so none of them is placed.
    let short_len = |x: &ReqRow| {
        let n = x.vals.len();
        (n < 7 && x.vals.iter().any(|v| !v.is_blank())).then_some(n)
    };
    let mut short_counts: BTreeMap<usize, usize> = BTreeMap::new();
    for x in &read {
        if let Some(n) = short_len(x) {
            *short_counts.entry(n).or_default() += 1;
        }
    }
    let with_values = read
        .iter()
        .filter(|x| x.vals.iter().any(|v| !v.is_blank()))
        .count();
    let lost_column = short_counts
        .iter()
        .find(|(_, c)| **c >= 3 && **c * 2 > with_values)
        .map(|(n, _)| *n);
    for x in &read {
        let r = x.row;
        let label_cell = x.label;
        if let Some(score) = x.guessed {
            // S005, the typo case: matched to the nearest template row, and said so
            let pct = (score * 100.0).round();
            let mut n = note(
                Observed::LabelVariant,
                TableId::Requests,
                format!(
                    "行标签“{}”与模板任何一行都不相同，疑有错字，按最接近的“{}”读取（相似度 {pct}%），请核对",
                    label_cell.text,
                    r.full_label()
                ),
                format!(
                    "row label “{}” matches no template row; read as the nearest, “{}” ({pct}% similar): a typo? check it",
                    label_cell.text,
                    r.key()
                ),
                Some(label_cell),
            );
            n.row = Some(RowRef::Request(r));
            notes.push(n);
        } else if !ends_with_row_label(&label_key(&label_cell.text), r) {
            // S005: label wording differs from the template
            let mut n = note(
                Observed::LabelVariant,
                TableId::Requests,
                format!(
                    "行标签“{}”与模板“{}”不同（已按含义匹配）",
                    label_cell.text,
                    r.label()
                ),
                format!(
                    "row label “{}” differs from the template’s “{}” (matched by meaning)",
                    label_cell.text,
                    r.label()
                ),
                Some(label_cell),
            );
            n.row = Some(RowRef::Request(r));
            notes.push(n);
        }
        if conflicts.iter().any(|(c, _, _)| *c == r) {
            *t.row_mut(r) = Some([None; 7]);
            continue;
        }
        let cells = &x.cells;
        let vals = &x.vals;
        // a one-row header naming exactly as many columns as the row has cells, not in the
        // template's order or lacking one: the cells go where the header names them
        let named = x.header.as_ref().filter(|h| {
            h.len() == vals.len()
                && h.as_slice() != Applicant::ALL
                && vals.iter().any(|v| !v.is_blank())
        });
        let (cols, alignment) = if let Some(h) = named {
            let mut cols = vec![None; 7];
            for (i, c) in h.iter().enumerate() {
                cols[c.index()] = Some(i);
            }
            (cols, Alignment::Named)
        } else if lost_column.is_some() && short_len(x) == lost_column {
            (vec![None; 7], Alignment::Unaligned)
        } else {
            align(vals, 7)
        };
        if alignment == Alignment::Empty {
            *t.row_mut(r) = Some([None; 7]);
            let e = irregular.entry("empty".into()).or_insert(Irregular {
                alignment,
                rows: Vec::new(),
                first: label_cell.clone(),
                cells: 0,
            });
            e.rows.push(r.full_label());
            continue;
        }
        if alignment != Alignment::Regular {
            let key = if let Some(h) = named {
                let missing: Vec<&str> = Applicant::ALL
                    .iter()
                    .filter(|c| !h.contains(c))
                    .map(|c| c.label())
                    .collect();
                format!("named/{}", missing.join("”“"))
            } else if alignment == Alignment::Unaligned && lost_column.is_some() {
                format!("lost/{}", cells.len())
            } else {
                format!("{alignment:?}/{}", cells.len())
            };
            let e = irregular.entry(key).or_insert(Irregular {
                alignment,
                rows: Vec::new(),
                first: label_cell.clone(),
                cells: cells.len(),
            });
            e.rows.push(r.full_label());
        }
        let mut out = [None; 7];
        for (ci, src) in cols.iter().enumerate() {
            let Some(src) = src else { continue };
            let cell = cells[*src];
            let col = Applicant::ALL[ci];
            out[ci] = match &vals[*src] {
                Value::Blank => {
                    blanks.push((r, col, cell.clone()));
                    Some(0)
                }
                Value::Int(v) => Some(*v),
                Value::Dec(_) | Value::Unclear | Value::Text => {
                    let mut n = note(
                        Observed::NotANumber,
                        TableId::Requests,
                        format!(
                            "“{}”{}列的值“{}”不是整数",
                            r.full_label(),
                            col.label(),
                            cell.text
                        ),
                        format!(
                            "{} / {}: “{}” is not a whole number",
                            r.key(),
                            col.key(),
                            cell.text
                        ),
                        Some(cell),
                    );
                    n.row = Some(RowRef::Request(r));
                    n.column = Some(ColumnRef::Applicant(col));
                    notes.push(n);
                    None
                }
            };
            let mut p = pos(cell, alignment);
            if x.guessed.is_some() && p.note.is_none() {
                p.note = Some(GUESSED_LABEL.to_string());
            }
            report.provenance.insert(CellRef::Request(r, col), p);
        }
        *t.row_mut(r) = Some(out);
    }
    for (key, irr) in irregular {
        let (zh, en) = irr.alignment.explain();
        let rows = irr.rows.join("、");
        let n = irr.rows.len();
        let (mzh, men) = if irr.alignment == Alignment::Empty {
            (
                format!(
                    "表三有 {n} 行没有任何数值（只有标签，或空白单元格少于 7 个），按空值 null 处理：{rows}"
                ),
                format!(
                    "{n} row(s) of table three hold no value (the label alone, or fewer than 7 blank cells): read as null: {rows}"
                ),
            )
        } else if let Some(missing) = key.strip_prefix("named/") {
            let (what, what_en) = if missing.is_empty() {
                (
                    "表三表头的列顺序与模板不同".to_string(),
                    "table three’s header puts the columns in another order".to_string(),
                )
            } else {
                (
                    format!("表三表头只有 {} 列（缺少“{missing}”）", irr.cells),
                    format!(
                        "table three’s header names {} columns (not “{missing}”)",
                        irr.cells
                    ),
                )
            };
            let (rows_zh, rows_en) = if n == read.len() {
                (format!("全部 {n} 行"), format!("all {n} rows"))
            } else {
                (format!("{n} 行：{rows}"), format!("{n} row(s): {rows}"))
            };
            (
                format!("{what}，{zh}：{rows_zh}"),
                format!("{what_en}; {en}: {rows_en}"),
            )
        } else if key.starts_with("lost/") {
            // every row read: the list would be the whole template
            let (rows_zh, rows_en) = if n == read.len() {
                (format!("全部 {n} 行"), format!("all {n} rows"))
            } else {
                (format!("{n} 行：{rows}"), format!("{n} row(s): {rows}"))
            };
            (
                format!(
                    "表三各行的数值单元格只有 {} 个（模板为 7 个），整表少了一列，无法确定缺少的是哪一列，按空值 null 处理的有{rows_zh}",
                    irr.cells
                ),
                format!(
                    "table three’s rows have {} value cells (template: 7): the table lost a column and which one cannot be told; read as null: {rows_en}",
                    irr.cells
                ),
            )
        } else {
            (
                format!(
                    "表三有 {n} 行的数值单元格为 {} 个（模板为 7 个），{zh}：{rows}",
                    irr.cells
                ),
                format!(
                    "{n} row(s) of table three have {} value cells (template: 7); {en}: {rows}",
                    irr.cells
                ),
            )
        };
        notes.push(note(
            Observed::IrregularRow,
            TableId::Requests,
            mzh,
            men,
            Some(&irr.first),
        ));
    }
    for (r, a, b) in &conflicts {
        let mut n = note(
            Observed::IrregularRow,
            TableId::Requests,
            format!(
                "表三“{}”行出现了两次（第 {} 行和第 {} 行），数字不同，无法确定哪一行正确，按空值 null 处理",
                r.full_label(),
                a.line,
                b.line
            ),
            format!(
                "table three’s row {} appears twice (lines {} and {}) with different figures; which is right cannot be told: null",
                r.key(),
                a.line,
                b.line
            ),
            Some(b),
        );
        n.row = Some(RowRef::Request(*r));
        notes.push(n);
    }
    for cell in foreign {
        notes.push(note(
            Observed::IrregularRow,
            TableId::Requests,
            format!(
                "表三中间有一行表四的表头（“{}”…），不属于表三，已跳过",
                cell.text
            ),
            format!(
                "a header row of table four (“{}” …) sits inside table three; skipped",
                cell.text
            ),
            Some(cell),
        ));
    }
    // the template's rows: the trial one when its single （六）其他处理 row was read, or
    // table two is in the trial layout and none of the three 2021 rows was
    let split = [
        RequestRow::OtherNoCorrection,
        RequestRow::OtherFeeUnpaid,
        RequestRow::OtherOther,
    ];
    let trial =
        seen.contains(&RequestRow::Other) || (trial_two && !split.iter().any(|r| seen.contains(r)));
    let template = if trial {
        Template::Trial2019
    } else {
        Template::Format2021
    };
    let missing: Vec<String> = RequestRow::rows(template)
        .iter()
        .filter(|r| !seen.contains(r))
        .map(|r| r.full_label())
        .collect();
    if !missing.is_empty() {
        notes.push(note(
            Observed::IrregularRow,
            TableId::Requests,
            format!(
                "表三缺少 {} 行（按空值 null 处理）：{}",
                missing.len(),
                missing.join("、")
            ),
            format!(
                "table three lacks {} row(s) (read as null): {}",
                missing.len(),
                missing.join(", ")
            ),
            None,
        ));
    }
    if let Some((r, c, cell)) = blanks.first() {
        let mut n = note(
            Observed::BlankCell,
            TableId::Requests,
            format!(
                "表三有 {} 个空白或“/”单元格按 0 读取（首个：{} / {}）",
                blanks.len(),
                r.full_label(),
                c.label()
            ),
            format!(
                "{} blank or “/” cell(s) in table three read as 0 (first: {} / {})",
                blanks.len(),
                r.key(),
                c.key()
            ),
            Some(cell),
        );
        n.row = Some(RowRef::Request(*r));
        n.column = Some(ColumnRef::Applicant(*c));
        notes.push(n);
    }
    Some(t)
}

// ───────────────────────── table four ─────────────────────────

fn table_four(
    doc: &Document,
    lay: &Layout,
    report: &mut Report,
    notes: &mut Vec<Note>,
) -> Option<Appeals> {
    let rows: Vec<(usize, &Row)> = grid_rows(doc).collect();
    let is_header = |r: &Row| {
        r.cells.iter().any(|c| key_contains(&c.text, "行政复议"))
            && !r.cells.iter().any(|c| key_contains(&c.text, "年度报告"))
    };
    let in_section4 = |idx: usize| lay.row_section.get(idx) == Some(&4);
    // a header in section 四 first: table four's header printed inside table three is
    // not where table four starts
    let header = rows
        .iter()
        .position(|(i, r)| in_section4(*i) && is_header(r))
        .or_else(|| rows.iter().position(|(_, r)| is_header(r)));
    let start = match header {
        Some(h) => h + 1,
        None => rows.iter().position(|(i, _)| in_section4(*i))?,
    };
    // where the captions of small tables may begin: the start of section 四, else the header
    let sec4 = (0..doc.rows.len()).find(|i| in_section4(*i));
    let walk_from = match (header.map(|h| rows[h].0), sec4) {
        (Some(h), Some(s)) if in_section4(h) => s.min(h),
        (Some(h), _) => h,
        (None, Some(s)) => s,
        (None, None) => rows[start].0,
    };
    if let Some(a) = split_tables(doc, lay, walk_from, report, notes) {
        return Some(a);
    }
    let mut data = None;
    // rows of tables two and three are passed over (a header printed among them), and
    // do not count towards the rows looked at
    let other_table = |r: &Row| {
        r.cells
            .iter()
            .rposition(is_label)
            .is_some_and(|l| is_other_table_label(&r.cells[l]))
    };
    for (idx, r) in rows
        .iter()
        .skip(start)
        .filter(|(_, r)| !other_table(r))
        .take(8)
    {
        if header.is_none() && !in_section4(*idx) {
            break;
        }
        let last_label = r.cells.iter().rposition(is_label);
        let cells: Vec<&Cell> = match last_label {
            Some(l) => r.cells[l + 1..].iter().collect(),
            None => r.cells.iter().collect(),
        };
        let ints = cells
            .iter()
            .filter(|c| matches!(parse_value(&c.text), Value::Int(_)))
            .count();
        // a data row: (almost) only values; a short leading label such as 数量 is allowed
        if ints >= 1 && cells.len() >= 5 && last_label.is_none_or(|l| l <= 1) {
            data = Some(cells);
            break;
        }
    }
    let mut a = Appeals::default();
    let Some(cells) = data else {
        if header.is_some() {
            notes.push(note(
                Observed::IrregularRow,
                TableId::Appeals,
                "表四只有表头，找不到数据行（各单元格按空值 null 处理）".into(),
                "table four has a header but no row of figures (cells read as null)".into(),
                rows.get(header.unwrap_or(0))
                    .and_then(|(_, r)| r.cells.first()),
            ));
            return Some(a);
        }
        return None;
    };
    let vals: Vec<Value> = cells.iter().map(|c| parse_value(&c.text)).collect();
    // fewer than 15 cells: which group a figure belongs to is not certain (a small table of
    // five read right-aligned would land in 复议后起诉), so none is placed
    let (cols, alignment) = match align(&vals, 15) {
        (_, Alignment::Short) => (vec![None; 15], Alignment::Unaligned),
        a => a,
    };
    if alignment != Alignment::Regular {
        let (zh, en) = alignment.explain();
        notes.push(note(
            Observed::IrregularRow,
            TableId::Appeals,
            format!(
                "表四数据行有 {} 个单元格（模板为 15 个），{zh}",
                cells.len()
            ),
            format!(
                "table four’s row has {} cells (template: 15); {en}",
                cells.len()
            ),
            cells.first().copied(),
        ));
    }
    let mut blanks = 0;
    let mut first_blank = None;
    for (i, src) in cols.iter().enumerate() {
        let kind = AppealKind::ALL[i / 5];
        let res = AppealResult::ALL[i % 5];
        let Some(src) = src else { continue };
        let cell = cells[*src];
        let v = appeal_value(
            kind,
            res,
            cell,
            &vals[*src],
            notes,
            &mut blanks,
            &mut first_blank,
        );
        a.group_mut(kind).set(res, v);
        report
            .provenance
            .insert(CellRef::Appeal(kind, res), pos(cell, alignment));
    }
    blank_cells_read_as_zero(blanks, first_blank, notes);
    Some(a)
}

/// A label of a row of table two or three (numbered like “3.其他”, or matched by
/// meaning), where table four's row of figures carries at most a short label (数量).
fn is_other_table_label(cell: &Cell) -> bool {
    let k = label_key(&cell.text);
    appeal_kind(&k).is_none()
        && (strip_numbering(&k) != k
            || match_request(&k, None, None).is_some()
            || match_t2(&k).is_some())
}

/// The group of table four a caption or label names, when it names exactly one.
fn appeal_kind(key: &str) -> Option<AppealKind> {
    // “行政复议 行政诉讼” over the template's header names more than one group
    let review = key.contains("行政复议") && !key.contains("行政诉讼");
    let direct = key.contains("未经复议") || key.contains("直接起诉");
    let after = key.contains("复议后起诉") || key.contains("复议后诉讼");
    match (review, direct, after) {
        (true, false, false) => Some(AppealKind::Review),
        (false, true, false) => Some(AppealKind::LitigationDirect),
        (false, false, true) => Some(AppealKind::LitigationAfterReview),
        _ => None,
    }
}

/// The column of a table-four group a header label names.
fn appeal_result(key: &str) -> Option<AppealResult> {
    let k = strip_numbering(key);
    Some(if k.contains("维持") {
        AppealResult::Upheld
    } else if k.contains("纠正") {
        AppealResult::Corrected
    } else if k.contains("未审结") || k.contains("审理中") {
        AppealResult::Pending
    } else if k.contains("其他") {
        AppealResult::Other
    } else if k.ends_with("总计") || k == "合计" || k == "小计" {
        AppealResult::Total
    } else {
        return None;
    })
}

/// Table four published as three small tables, one per group, each under its own
/// caption (行政复议 | 行政诉讼 未经复议直接起诉 | 复议后起诉) with its own header row and one
/// row of figures: what converters from PDF (OCR, language models) make of the merged
/// header. A group's figures are placed only when the group is named (by the caption
/// above the small table or the label in front of the figures) and the columns are
/// certain: five header labels naming the five results, or exactly five cells in the
/// template's order. Anything else is left null and reported (T404).
///
/// `None` when the first row of figures has 15 cells or more (the template's layout),
/// there is no row of figures, or no row of figures belongs to a named group: the
/// caller reads those as the template's one row.
fn split_tables(
    doc: &Document,
    lay: &Layout,
    from: usize,
    report: &mut Report,
    notes: &mut Vec<Note>,
) -> Option<Appeals> {
    let heading_lines: Vec<u32> = lay.headings.iter().map(|h| h.line).collect();
    let notes_before = notes.len();
    let mut caption: Option<AppealKind> = None;
    let mut header: Option<Vec<AppealResult>> = None;
    let mut a = Appeals::default();
    let mut done: Vec<AppealKind> = Vec::new();
    let mut reported: Vec<AppealKind> = Vec::new();
    let mut value_rows = 0usize;
    let mut blanks = 0usize;
    let mut first_blank: Option<&Cell> = None;
    let mut first_cell: Option<&Cell> = None;
    for (idx, row) in doc.rows.iter().enumerate().skip(from).take(60) {
        if lay.row_section.get(idx).is_some_and(|s| *s > 4) {
            break;
        }
        match row.kind {
            RowKind::Blank => continue,
            RowKind::Prose => {
                let Some(c) = row.cells.first() else { continue };
                if heading_lines.contains(&c.line) || c.text.contains(['。', '；']) {
                    continue;
                }
                let k = label_key(&c.text);
                if k.chars().count() <= 30
                    && let Some(kind) = appeal_kind(&k)
                {
                    caption = Some(kind);
                    header = None;
                }
                continue;
            }
            RowKind::Grid => {}
        }
        let last_label = row.cells.iter().rposition(is_label);
        let ints = row
            .cells
            .iter()
            .filter(|c| matches!(parse_value(&c.text), Value::Int(_)))
            .count();
        if ints == 0 {
            // a caption or header row of a small table
            let keys: Vec<String> = row
                .cells
                .iter()
                .filter(|c| is_label(c))
                .map(|c| label_key(&c.text))
                .collect();
            let joined = keys.concat();
            if ["复议", "诉讼", "起诉"].iter().any(|w| joined.contains(w)) {
                caption = appeal_kind(&joined);
            }
            let results: Vec<AppealResult> = keys.iter().filter_map(|k| appeal_result(k)).collect();
            header = (results.len() >= 3).then_some(results);
            continue;
        }
        if last_label.is_some_and(|l| l > 1) {
            continue;
        }
        // a row of table two or three (the walk may start at a header printed among them)
        if last_label.is_some_and(|l| is_other_table_label(&row.cells[l])) {
            continue;
        }
        let cells: Vec<&Cell> = match last_label {
            Some(l) => row.cells[l + 1..].iter().collect(),
            None => row.cells.iter().collect(),
        };
        if value_rows == 0 && cells.len() >= 15 {
            return None;
        }
        value_rows += 1;
        first_cell = first_cell.or(cells.first().copied());
        let own = last_label.and_then(|l| appeal_kind(&label_key(&row.cells[l].text)));
        let kind = own.or(caption.take());
        // one table with a row per group keeps its header for every row; a small table's
        // header serves its one row
        let header = if own.is_some() {
            header.clone()
        } else {
            header.take()
        };
        let vals: Vec<Value> = cells.iter().map(|c| parse_value(&c.text)).collect();
        let Some(kind) = kind.filter(|k| !done.contains(k)) else {
            let (zh, en) = match kind {
                Some(k) => (
                    format!("表四“{}”的数字出现了两次，第二次未读取", k.label()),
                    format!(
                        "table four’s {} figures appear twice; the second is not read",
                        k.key()
                    ),
                ),
                None => (
                    format!(
                        "表四有一行 {} 个数字，不知属于哪一组（其上没有“行政复议”“未经复议直接起诉”“复议后起诉”标题），未读取",
                        cells.len()
                    ),
                    format!(
                        "table four has a row of {} figures under no group caption (行政复议, 未经复议直接起诉, 复议后起诉); not read",
                        cells.len()
                    ),
                ),
            };
            notes.push(note(
                Observed::IrregularRow,
                TableId::Appeals,
                zh,
                en,
                cells.first().copied(),
            ));
            continue;
        };
        // the columns: by the header's labels, or by the template's order when the row
        // has exactly the group's five cells (blank padding at both ends aside)
        let mut order: Vec<Option<AppealResult>> = vec![None; cells.len()];
        match header.filter(|h| h.len() == 5 && h.len() == cells.len()) {
            Some(h) if AppealResult::ALL.iter().all(|r| h.contains(r)) => {
                for (o, r) in order.iter_mut().zip(h) {
                    *o = Some(r);
                }
            }
            _ => {
                if let (idx, Alignment::Regular) = align(&vals, 5) {
                    for (res, src) in AppealResult::ALL.iter().zip(idx) {
                        if let Some(slot) = src.and_then(|s| order.get_mut(s)) {
                            *slot = Some(*res);
                        }
                    }
                }
            }
        }
        if order.iter().all(Option::is_none) {
            reported.push(kind);
            let mut n = note(
                Observed::IrregularRow,
                TableId::Appeals,
                format!(
                    "表四“{}”小表的数据行有 {} 个单元格（模板为 5 个），无法确定各数字所在的列，按空值 null 处理",
                    kind.label(),
                    cells.len()
                ),
                format!(
                    "table four’s {} small table has {} cells (template: 5); which column each figure is in cannot be told: null",
                    kind.key(),
                    cells.len()
                ),
                cells.first().copied(),
            );
            n.row = Some(RowRef::Appeal(kind));
            notes.push(n);
            continue;
        }
        done.push(kind);
        place_group(
            &mut a,
            kind,
            &cells,
            &vals,
            &order,
            report,
            notes,
            &mut blanks,
            &mut first_blank,
        );
    }
    if value_rows == 0 || (done.is_empty() && reported.is_empty()) {
        // no group named anywhere: not small tables; the caller reads the row as the
        // template's (and says why it cannot)
        notes.truncate(notes_before);
        return None;
    }
    let missing: Vec<AppealKind> = AppealKind::ALL
        .iter()
        .copied()
        .filter(|k| !done.contains(k) && !reported.contains(k))
        .collect();
    if !missing.is_empty() {
        let zh: Vec<&str> = missing.iter().map(|k| k.label()).collect();
        let en: Vec<&str> = missing.iter().map(|k| k.key()).collect();
        notes.push(note(
            Observed::IrregularRow,
            TableId::Appeals,
            format!(
                "表四分成了几个小表，其中找不到“{}”的数据行（按空值 null 处理）",
                zh.join("”“")
            ),
            format!(
                "table four is split into small tables; no row of figures for {} (read as null)",
                en.join(", ")
            ),
            first_cell,
        ));
    }
    blank_cells_read_as_zero(blanks, first_blank, notes);
    Some(a)
}

/// The one observation of table four's blank cells read as 0, at the first of them.
fn blank_cells_read_as_zero(blanks: usize, first_blank: Option<&Cell>, notes: &mut Vec<Note>) {
    if let Some(cell) = first_blank {
        notes.push(note(
            Observed::BlankCell,
            TableId::Appeals,
            format!("表四有 {blanks} 个空白单元格按 0 读取"),
            format!("{blanks} blank cell(s) in table four read as 0"),
            Some(cell),
        ));
    }
}

/// A table-four cell's value: a blank is read as 0 and counted (T406), anything but a
/// whole number is observed and left null.
fn appeal_value<'d>(
    kind: AppealKind,
    res: AppealResult,
    cell: &'d Cell,
    val: &Value,
    notes: &mut Vec<Note>,
    blanks: &mut usize,
    first_blank: &mut Option<&'d Cell>,
) -> Option<i64> {
    match val {
        Value::Blank => {
            *blanks += 1;
            first_blank.get_or_insert(cell);
            Some(0)
        }
        Value::Int(v) => Some(*v),
        _ => {
            let mut n = note(
                Observed::NotANumber,
                TableId::Appeals,
                format!(
                    "表四“{}·{}”的值“{}”不是整数",
                    kind.label(),
                    res.label(),
                    cell.text
                ),
                format!(
                    "table four {}.{}: “{}” is not a whole number",
                    kind.key(),
                    res.key(),
                    cell.text
                ),
                Some(cell),
            );
            n.row = Some(RowRef::Appeal(kind));
            n.column = Some(ColumnRef::Result(res));
            notes.push(n);
            None
        }
    }
}

/// Writes one small table's figures: `order[i]` is the column of `cells[i]`.
#[allow(clippy::too_many_arguments)]
fn place_group<'d>(
    a: &mut Appeals,
    kind: AppealKind,
    cells: &[&'d Cell],
    vals: &[Value],
    order: &[Option<AppealResult>],
    report: &mut Report,
    notes: &mut Vec<Note>,
    blanks: &mut usize,
    first_blank: &mut Option<&'d Cell>,
) {
    for ((cell, val), res) in cells.iter().zip(vals).zip(order) {
        let Some(res) = *res else { continue };
        let v = appeal_value(kind, res, cell, val, notes, blanks, first_blank);
        a.group_mut(kind).set(res, v);
        let mut p = pos(cell, Alignment::Regular);
        p.note = Some(format!("表四分成小表，按小表标题“{}”读取", kind.label()));
        report.provenance.insert(CellRef::Appeal(kind, res), p);
    }
}

#[cfg(test)]
mod similarity_tests {
    use super::*;

    #[test]
    fn bounded_distance_agrees_with_strsim() {
        let words = [
            "重复申请",
            "重复申清",
            "禁止公幵",
            "其他法律行政法规禁止公开",
            "属于国家秘密",
            "不予公开属于国家秘密",
            "行政规范性文件",
            "行政事业性收费",
            "",
            "a",
            "abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabc",
            "abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabd",
        ];
        for a in words {
            for b in words {
                let s = strsim::normalized_levenshtein(a, b);
                let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let ours = similarity(&ca, &cb);
                if s >= 0.5 {
                    assert_eq!(ours, s, "{a} {b}");
                } else {
                    assert_eq!(ours, 0.0, "{a} {b}");
                }
            }
        }
    }
}
