//! Report → DOCX in the official layout (国办公开办函〔2021〕30号), written with docx-rs.
//!
//! The content is exactly that of [`crate::markdown`] (title, 统计期限 sentence, six
//! sections, three tables, signature), so that `xxgk-read` reads the file back to the
//! same report; the form is that of a published report: A4 with 公文 margins, the title
//! in 方正小标宋简体 二号, headings in 黑体 and prose in 仿宋_GB2312 三号 with a two-character
//! first-line indent, and the statutory tables with their official merged headers.

use crate::RenderError;
use crate::gongwen::{
    SIZE_TABLE, SIZE_TABLE_SMALL, TABLE_FONT, TEXT_W, body_paragraph, document, heading_paragraph,
    pack, right_paragraph, run, title_paragraph,
};
use crate::outline::{Block, outline};
use docx_rs::{
    AlignmentType, Paragraph, Table, TableCell, TableCellMargins, TableLayoutType, TableRow,
    VAlignType, VMergeType, WidthType,
};
use xxgk_model::{AppealKind, AppealResult, Applicant, Report, RequestRow, Requests};

fn value(v: Option<i64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// A table cell: centred text, a width in twips, a horizontal span and a vertical merge.
struct Cell<'a> {
    text: &'a str,
    span: usize,
    merge: Option<VMergeType>,
    size: usize,
}

impl<'a> Cell<'a> {
    fn new(text: &'a str) -> Self {
        Cell {
            text,
            span: 1,
            merge: None,
            size: SIZE_TABLE,
        }
    }
    fn span(mut self, n: usize) -> Self {
        self.span = n;
        self
    }
    fn restart(mut self) -> Self {
        self.merge = Some(VMergeType::Restart);
        self
    }
    fn covered(mut self) -> Self {
        self.merge = Some(VMergeType::Continue);
        self
    }
    fn small(mut self) -> Self {
        self.size = SIZE_TABLE_SMALL;
        self
    }
    fn build(self, width: usize) -> TableCell {
        let mut p = Paragraph::new().align(AlignmentType::Center);
        if !self.text.is_empty() && self.merge != Some(VMergeType::Continue) {
            p = p.add_run(run(self.text, TABLE_FONT, self.size));
        }
        let mut c = TableCell::new()
            .add_paragraph(p)
            .width(width, WidthType::Dxa)
            .vertical_align(VAlignType::Center);
        if self.span > 1 {
            c = c.grid_span(self.span);
        }
        if let Some(m) = self.merge {
            c = c.vertical_merge(m);
        }
        c
    }
}

/// Builds a row from cells laid on the table grid `widths`.
fn row(widths: &[usize], cells: Vec<Cell<'_>>) -> TableRow {
    let mut col = 0;
    let mut out = Vec::with_capacity(cells.len());
    for c in cells {
        let end = (col + c.span).min(widths.len());
        let w = widths[col.min(widths.len())..end].iter().sum();
        col = end;
        out.push(c.build(w));
    }
    TableRow::new(out).cant_split()
}

/// Column widths are multiples of 72 twips (1.27 mm), which convert exactly to the
/// 1/100 mm other word processors use: LibreOffice then keeps the grid as written
/// instead of adding 1-twip columns where rounded borders disagree.
fn table(widths: &[usize], rows: Vec<TableRow>) -> Table {
    debug_assert!(widths.iter().all(|w| w % 72 == 0));
    debug_assert!(widths.iter().sum::<usize>() <= TEXT_W);
    Table::new(rows)
        .margins(TableCellMargins::new().margin(0, 57, 0, 57))
        .set_grid(widths.to_vec())
        .width(widths.iter().sum(), WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .align(docx_rs::TableAlignmentType::Center)
}

/// Table two in the trial layout of 2019: one four-column table, a heading row per item.
fn table_two_trial(t: &xxgk_model::ActiveDisclosure2019) -> Table {
    let widths = [2664, 2016, 2016, 2016];
    let mut rows = Vec::new();
    for item in crate::outline::trial_items(t) {
        let spans = crate::outline::trial_spans(item.columns.len());
        rows.push(row(&widths, vec![Cell::new(item.caption).span(4)]));
        let mut head = vec![Cell::new("信息内容")];
        for (c, span) in item.columns.iter().zip(spans) {
            head.push(Cell::new(c).span(*span));
        }
        rows.push(row(&widths, head));
        for (label, cells) in &item.rows {
            let mut out = vec![Cell::new(label)];
            for (v, span) in cells.iter().zip(spans) {
                out.push(Cell::new(v).span(*span));
            }
            rows.push(row(&widths, out));
        }
    }
    table(&widths, rows)
}

/// Table two, the official 第二十条 layout: one four-column table, a heading row per item.
fn table_two(r: &Report) -> Option<Table> {
    if let Some(t) = &r.active_disclosure_2019 {
        return Some(table_two_trial(t));
    }
    let t = r.active_disclosure.as_ref()?;
    let widths = [2664, 2016, 2016, 2016];
    let mut rows = vec![
        row(&widths, vec![Cell::new("第二十条第（一）项").span(4)]),
        row(
            &widths,
            vec![
                Cell::new("信息内容"),
                Cell::new("本年制发件数"),
                Cell::new("本年废止件数"),
                Cell::new("现行有效件数"),
            ],
        ),
    ];
    for (label, v) in [
        ("规章", t.regulations),
        ("行政规范性文件", t.normative_documents),
    ] {
        if let Some(v) = v {
            let (a, b, c) = (value(v.issued), value(v.repealed), value(v.in_force));
            rows.push(row(
                &widths,
                vec![
                    Cell::new(label),
                    Cell::new(&a),
                    Cell::new(&b),
                    Cell::new(&c),
                ],
            ));
        }
    }
    let fee = t.fees_wan_yuan.clone().unwrap_or_default();
    let items = [
        (
            "第二十条第（五）项",
            "本年处理决定数量",
            vec![("行政许可", value(t.licensing))],
        ),
        (
            "第二十条第（六）项",
            "本年处理决定数量",
            vec![
                ("行政处罚", value(t.penalty)),
                ("行政强制", value(t.coercion)),
            ],
        ),
        (
            "第二十条第（八）项",
            "本年收费金额（单位：万元）",
            vec![("行政事业性收费", fee)],
        ),
    ];
    for (head, column, lines) in &items {
        rows.push(row(&widths, vec![Cell::new(head).span(4)]));
        rows.push(row(
            &widths,
            vec![Cell::new("信息内容"), Cell::new(column).span(3)],
        ));
        for (label, v) in lines {
            rows.push(row(&widths, vec![Cell::new(label), Cell::new(v).span(3)]));
        }
    }
    Some(table(&widths, rows))
}

/// Where a table-three row sits in the official layout.
enum Place {
    /// 一、二、四: the label spans the three label columns.
    Whole,
    /// （一）（二）（七）: under 三、本年度办理结果, spanning two columns.
    Outcome,
    /// An item under an outcome group such as （三）不予公开.
    Grouped(&'static str),
}

fn place(r: RequestRow) -> Place {
    if let Some(g) = r.group() {
        Place::Grouped(g)
    } else if r.is_outcome() || r == RequestRow::Total {
        Place::Outcome
    } else {
        Place::Whole
    }
}

/// Table three with the official merged header: 3 label columns and 7 value columns.
fn table_three(r: &Report) -> Option<Table> {
    let t: &Requests = r.requests.as_ref()?;
    let widths = [864, 1008, 2304, 648, 648, 648, 648, 648, 648, 648];
    let mut rows = vec![
        row(
            &widths,
            vec![
                Cell::new("本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和")
                    .span(3)
                    .restart(),
                Cell::new("申请人情况").span(7),
            ],
        ),
        row(
            &widths,
            vec![
                Cell::new("").span(3).covered(),
                Cell::new(Applicant::NaturalPerson.label()).restart(),
                Cell::new("法人或其他组织").span(5),
                Cell::new(Applicant::Total.label()).restart(),
            ],
        ),
        {
            let mut cells = vec![Cell::new("").span(3).covered(), Cell::new("").covered()];
            for a in &Applicant::ALL[1..6] {
                cells.push(Cell::new(a.label()).small());
            }
            cells.push(Cell::new("").covered());
            row(&widths, cells)
        },
    ];
    let present: Vec<(RequestRow, &[Option<i64>; 7])> = RequestRow::ALL
        .iter()
        .filter_map(|k| t.row(*k).map(|cells| (*k, cells)))
        .collect();
    let mut outcome_started = false;
    let mut group_started: Option<&'static str> = None;
    for (k, cells) in &present {
        let values: Vec<String> = cells.iter().map(|v| value(*v)).collect();
        let mut out: Vec<Cell<'_>> = Vec::new();
        match place(*k) {
            Place::Whole => {
                out.push(Cell::new(k.label()).span(3));
                group_started = None;
            }
            Place::Outcome => {
                out.push(outcome_cell(&mut outcome_started));
                out.push(Cell::new(k.label()).span(2));
                group_started = None;
            }
            Place::Grouped(g) => {
                out.push(outcome_cell(&mut outcome_started));
                if group_started == Some(g) {
                    out.push(Cell::new("").covered());
                } else {
                    out.push(Cell::new(g).restart());
                    group_started = Some(g);
                }
                out.push(Cell::new(k.label()));
            }
        }
        for v in &values {
            out.push(Cell::new(v));
        }
        rows.push(row(&widths, out));
    }
    Some(table(&widths, rows))
}

fn outcome_cell(started: &mut bool) -> Cell<'static> {
    if *started {
        Cell::new("").covered()
    } else {
        *started = true;
        Cell::new("三、本年度办理结果").restart()
    }
}

/// Table four: 行政复议 ×5 and 行政诉讼 ×10 (未经复议直接起诉 ×5, 复议后起诉 ×5) over
/// one row of 15 numbers.
fn table_four(r: &Report) -> Option<Table> {
    let a = r.appeals.as_ref()?;
    let widths = [576; 15];
    let results = AppealResult::ALL;
    let mut second = Vec::new();
    for res in results {
        second.push(Cell::new(res.label()).restart().small());
    }
    second.push(
        Cell::new(AppealKind::LitigationDirect.label())
            .span(5)
            .small(),
    );
    second.push(
        Cell::new(AppealKind::LitigationAfterReview.label())
            .span(5)
            .small(),
    );
    let mut third = Vec::new();
    for _ in results {
        third.push(Cell::new("").covered());
    }
    for _ in 0..2 {
        for res in results {
            third.push(Cell::new(res.label()).small());
        }
    }
    let values: Vec<String> = AppealKind::ALL
        .iter()
        .flat_map(|k| results.iter().map(move |res| value(a.group(*k).get(*res))))
        .collect();
    let rows = vec![
        row(
            &widths,
            vec![
                Cell::new(AppealKind::Review.label()).span(5),
                Cell::new("行政诉讼").span(10),
            ],
        ),
        row(&widths, second),
        row(&widths, third),
        row(&widths, values.iter().map(|v| Cell::new(v)).collect()),
    ];
    Some(table(&widths, rows))
}

/// The report as DOCX bytes in the official layout.
pub fn docx(r: &Report) -> Result<Vec<u8>, RenderError> {
    let mut d = document();
    for block in outline(r) {
        d = match block {
            Block::Title(t) => d.add_paragraph(title_paragraph(t)),
            Block::Period(p) => d.add_paragraph(body_paragraph(&p)),
            Block::Heading(h) => d.add_paragraph(heading_paragraph(&h)),
            Block::Paragraph(p) => d.add_paragraph(body_paragraph(p)),
            Block::Table(n) => {
                let t = match n {
                    2 => table_two(r),
                    3 => table_three(r),
                    _ => table_four(r),
                };
                match t {
                    // an empty paragraph after a table keeps the next one from gluing to it
                    Some(t) => d.add_table(t).add_paragraph(Paragraph::new()),
                    None => d,
                }
            }
            Block::Signature { agency, date } => {
                for line in agency.map(str::to_string).into_iter().chain(date) {
                    d = d.add_paragraph(right_paragraph(&line));
                }
                d
            }
        };
    }
    pack(d)
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    #[test]
    fn parts_are_compressed() {
        let mut r = xxgk_model::Report::empty();
        r.title = Some("示例县示例局2025年政府信息公开工作年度报告".into());
        let bytes = super::docx(&r).expect("docx");
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).expect("a zip");
        let part = zip.by_name("word/document.xml").expect("main part");
        assert_eq!(part.compression(), zip::CompressionMethod::Deflated);
        assert!(part.compressed_size() < part.size());
    }
}
