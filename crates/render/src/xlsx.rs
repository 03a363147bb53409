//! Report → XLSX: one sheet “年度报告” in the official layout (国办公开办函〔2021〕30号).
//!
//! Fifteen columns (table four's width). The title, the 统计期限 sentence, headings,
//! paragraphs (one a row) and the signature are merged across; the three tables carry the
//! official merged headers, with numbers stored as numbers (the fee with its exact
//! decimals, read back as the same text). An empty row separates every table from the
//! text around it. `xxgk-read` reads the sheet back to the same report.

use crate::RenderError;
use crate::outline::{Block, outline};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use xxgk_model::{AppealKind, AppealResult, Applicant, Report, RequestRow};

/// Column widths (character units): three label columns, then values.
const WIDTHS: [f64; 15] = [
    18.0, 14.0, 34.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0,
];
const LAST_COL: u16 = 14;
/// GB2312 font character set, so that Excel picks the Chinese face.
const CHARSET_GB2312: u8 = 134;

/// The report as XLSX bytes in the official layout.
pub fn xlsx(r: &Report) -> Result<Vec<u8>, RenderError> {
    write(r).map_err(|e| RenderError::Writer("XLSX", e.to_string()))
}

fn write(r: &Report) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("年度报告")?;
    page_setup(ws)?;
    let mut s = Sheet {
        ws,
        f: Formats::new(),
        row: 0,
    };
    s.body(r)?;
    wb.save_to_buffer()
}

fn page_setup(ws: &mut Worksheet) -> Result<(), XlsxError> {
    for (c, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_paper_size(9) // A4
        .set_portrait()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_margins(0.7, 0.7, 0.8, 0.8, 0.3, 0.3)
        .set_screen_gridlines(false);
    Ok(())
}

struct Formats {
    title: Format,
    heading: Format,
    text: Format,
    sign: Format,
    head: Format,
    label: Format,
    center: Format,
    number: Format,
}

impl Formats {
    fn new() -> Self {
        let font = |name: &str, size: f64| {
            Format::new()
                .set_font_name(name)
                .set_font_charset(CHARSET_GB2312)
                .set_font_size(size)
                .set_align(FormatAlign::VerticalCenter)
        };
        let cell = |f: Format| f.set_border(FormatBorder::Thin).set_text_wrap();
        let table = || font("宋体", 10.5);
        Formats {
            title: font("宋体", 18.0).set_bold().set_align(FormatAlign::Center),
            heading: font("黑体", 14.0),
            text: font("仿宋", 12.0).set_text_wrap(),
            sign: font("仿宋", 12.0).set_align(FormatAlign::Right),
            head: cell(table().set_bold().set_align(FormatAlign::Center)),
            label: cell(table()),
            center: cell(table().set_align(FormatAlign::Center)),
            number: cell(table().set_align(FormatAlign::Center)),
        }
    }
}

/// Display width of a text in column units (a CJK character is about two).
fn units(t: &str) -> f64 {
    t.chars()
        .map(|c| if c.is_ascii() { 1.1 } else { 2.1 })
        .sum()
}

/// Lines a text takes in a cell `width` units wide.
fn lines(t: &str, width: f64) -> f64 {
    (units(t) / width).ceil().max(1.0)
}

/// The number text `xxgk-read` gives for `f` (whole numbers without `.0`).
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

struct Sheet<'a> {
    ws: &'a mut Worksheet,
    f: Formats,
    row: u32,
}

impl Sheet<'_> {
    fn body(&mut self, r: &Report) -> Result<(), XlsxError> {
        for block in outline(r) {
            match block {
                Block::Title(t) => {
                    let f = self.f.title.clone();
                    self.line(t, &f, 36.0)?;
                }
                Block::Period(p) => {
                    let f = self.f.text.clone();
                    self.paragraph(&p, &f)?;
                }
                Block::Heading(h) => {
                    let f = self.f.heading.clone();
                    self.line(&h, &f, 24.0)?;
                }
                Block::Paragraph(p) => {
                    let f = self.f.text.clone();
                    self.paragraph(p, &f)?;
                }
                Block::Table(2) => self.table_two(r)?,
                Block::Table(3) => self.table_three(r)?,
                Block::Table(_) => self.table_four(r)?,
                Block::Signature { agency, date } => {
                    self.blank();
                    let f = self.f.sign.clone();
                    for line in agency.map(str::to_string).into_iter().chain(date) {
                        self.line(&line, &f, 20.0)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// One row merged across the sheet.
    fn line(&mut self, t: &str, f: &Format, height: f64) -> Result<(), XlsxError> {
        self.ws.merge_range(self.row, 0, self.row, LAST_COL, t, f)?;
        self.ws.set_row_height(self.row, height)?;
        self.row += 1;
        Ok(())
    }

    /// A paragraph: one row merged across, tall enough for its wrapped lines.
    fn paragraph(&mut self, t: &str, f: &Format) -> Result<(), XlsxError> {
        let width: f64 = WIDTHS.iter().sum();
        self.line(t, f, 18.0 * lines(t, width) + 4.0)
    }

    fn blank(&mut self) {
        self.row += 1;
    }

    // ───────────── cells ─────────────

    /// Text over rows `r0..=r1`, columns `c0..=c1` (merged when more than one cell).
    fn text(
        &mut self,
        (r0, r1): (u32, u32),
        (c0, c1): (u16, u16),
        t: &str,
        f: &Format,
    ) -> Result<(), XlsxError> {
        if r0 == r1 && c0 == c1 {
            self.ws.write_string_with_format(r0, c0, t, f)?;
        } else {
            self.ws.merge_range(r0, c0, r1, c1, t, f)?;
        }
        Ok(())
    }

    /// A number (or a blank bordered cell) over columns `c0..=c1` of the current row.
    fn number(&mut self, (c0, c1): (u16, u16), v: Option<i64>) -> Result<(), XlsxError> {
        let f = self.f.number.clone();
        let r = self.row;
        self.text((r, r), (c0, c1), "", &f)?;
        if let Some(v) = v {
            if v.unsigned_abs() < (1 << 53) {
                self.ws.write_number_with_format(r, c0, v as f64, &f)?;
            } else {
                self.ws.write_string_with_format(r, c0, v.to_string(), &f)?;
            }
        }
        Ok(())
    }

    /// The fee over columns `c0..=c1`: a number when it reads back as the same text.
    fn fee(&mut self, (c0, c1): (u16, u16), fee: &str) -> Result<(), XlsxError> {
        let f = self.f.number.clone();
        let r = self.row;
        self.text((r, r), (c0, c1), fee, &f)?;
        if let Ok(x) = fee.parse::<f64>()
            && x.is_finite()
            && number_text(x) == fee
        {
            self.ws.write_number_with_format(r, c0, x, &f)?;
        }
        Ok(())
    }

    /// Sets the current row's height for the label `t` in a cell `width` units wide.
    fn fit(&mut self, t: &str, width: f64) -> Result<(), XlsxError> {
        self.ws
            .set_row_height(self.row, 15.0 * lines(t, width) + 3.0)?;
        Ok(())
    }

    // ───────────── tables ─────────────

    /// Table two in the trial layout of 2019: five sub-tables of 第二十条, four columns.
    fn table_two_trial(&mut self, r: &Report) -> Result<(), XlsxError> {
        let Some(t) = &r.active_disclosure_2019 else {
            return Ok(());
        };
        self.blank();
        let (head, label) = (self.f.head.clone(), self.f.label.clone());
        for item in crate::outline::trial_items(t) {
            let spans = crate::outline::trial_spans(item.columns.len());
            let row = self.row;
            self.text((row, row), (0, 3), item.caption, &head)?;
            self.row += 1;
            let row = self.row;
            self.text((row, row), (0, 0), "信息内容", &head)?;
            let mut c0 = 1u16;
            for (c, span) in item.columns.iter().zip(spans) {
                let c1 = c0 + *span as u16 - 1;
                self.text((row, row), (c0, c1), c, &head)?;
                c0 = c1 + 1;
            }
            self.row += 1;
            for (l, cells) in &item.rows {
                let row = self.row;
                self.text((row, row), (0, 0), l, &label)?;
                let mut c0 = 1u16;
                for (v, span) in cells.iter().zip(spans) {
                    let c1 = c0 + *span as u16 - 1;
                    // whole numbers and the amount alike: a number when it reads back as
                    // the same text
                    self.fee((c0, c1), v)?;
                    c0 = c1 + 1;
                }
                self.row += 1;
            }
        }
        self.blank();
        Ok(())
    }

    fn table_two(&mut self, r: &Report) -> Result<(), XlsxError> {
        self.table_two_trial(r)?;
        let Some(t) = &r.active_disclosure else {
            return Ok(());
        };
        self.blank();
        let (head, label) = (self.f.head.clone(), self.f.label.clone());
        let title = |s: &mut Self, item: &str| -> Result<(), XlsxError> {
            let row = s.row;
            s.text(
                (row, row),
                (0, 3),
                &format!("第二十条第（{item}）项"),
                &head,
            )?;
            s.row += 1;
            Ok(())
        };
        let header = |s: &mut Self, cols: &[&str]| -> Result<(), XlsxError> {
            let row = s.row;
            s.text((row, row), (0, 0), "信息内容", &head)?;
            if let [one] = cols {
                s.text((row, row), (1, 3), one, &head)?;
            } else {
                for (c, text) in (1u16..).zip(cols) {
                    s.text((row, row), (c, c), text, &head)?;
                }
            }
            s.row += 1;
            Ok(())
        };
        let single = |s: &mut Self, l: &str, v: Option<i64>| -> Result<(), XlsxError> {
            let row = s.row;
            s.text((row, row), (0, 0), l, &label)?;
            s.number((1, 3), v)?;
            s.row += 1;
            Ok(())
        };
        title(self, "一")?;
        header(self, &["本年制发件数", "本年废止件数", "现行有效件数"])?;
        for (l, v) in [
            ("规章", t.regulations),
            ("行政规范性文件", t.normative_documents),
        ] {
            if let Some(v) = v {
                let row = self.row;
                self.text((row, row), (0, 0), l, &label)?;
                for (c, x) in (1u16..).zip([v.issued, v.repealed, v.in_force]) {
                    self.number((c, c), x)?;
                }
                self.row += 1;
            }
        }
        title(self, "五")?;
        header(self, &["本年处理决定数量"])?;
        single(self, "行政许可", t.licensing)?;
        title(self, "六")?;
        header(self, &["本年处理决定数量"])?;
        single(self, "行政处罚", t.penalty)?;
        single(self, "行政强制", t.coercion)?;
        title(self, "八")?;
        header(self, &["本年收费金额（单位：万元）"])?;
        let row = self.row;
        self.text((row, row), (0, 0), "行政事业性收费", &label)?;
        self.fee((1, 3), t.fees_wan_yuan.as_deref().unwrap_or(""))?;
        self.row += 1;
        self.blank();
        Ok(())
    }

    fn table_three_header(&mut self) -> Result<(), XlsxError> {
        let head = self.f.head.clone();
        let r = self.row;
        let note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
        self.text((r, r + 2), (0, 2), note, &head)?;
        self.text((r, r), (3, 9), "申请人情况", &head)?;
        self.text((r + 1, r + 2), (3, 3), "自然人", &head)?;
        self.text((r + 1, r + 1), (4, 8), "法人或其他组织", &head)?;
        self.text((r + 1, r + 2), (9, 9), "总计", &head)?;
        for (c, a) in (4u16..).zip(&Applicant::ALL[1..6]) {
            self.text((r + 2, r + 2), (c, c), a.label(), &head)?;
        }
        self.ws.set_row_height(r + 2, 30.0)?;
        self.row += 3;
        Ok(())
    }

    fn table_three(&mut self, r: &Report) -> Result<(), XlsxError> {
        let Some(t) = &r.requests else { return Ok(()) };
        self.blank();
        self.table_three_header()?;
        let (label, center) = (self.f.label.clone(), self.f.center.clone());
        let present: Vec<RequestRow> = RequestRow::ALL
            .iter()
            .copied()
            .filter(|row| t.row(*row).is_some())
            .collect();
        let under = |row: RequestRow| row.is_outcome() || row == RequestRow::Total;
        let results = present.iter().filter(|x| under(**x)).count() as u32;
        let mut results_open = false;
        let mut group_open = None;
        for row in &present {
            let Some(cells) = t.row(*row) else { continue };
            let rr = self.row;
            if !under(*row) {
                self.text((rr, rr), (0, 2), row.label(), &label)?;
                self.fit(row.label(), WIDTHS[0] + WIDTHS[1] + WIDTHS[2])?;
            } else {
                if !results_open {
                    self.text(
                        (rr, rr + results - 1),
                        (0, 0),
                        "三、本年度办理结果",
                        &center,
                    )?;
                    results_open = true;
                }
                match row.group() {
                    Some(g) => {
                        if group_open != Some(g) {
                            let n = present.iter().filter(|x| x.group() == Some(g)).count() as u32;
                            self.text((rr, rr + n - 1), (1, 1), g, &center)?;
                            group_open = Some(g);
                        }
                        self.text((rr, rr), (2, 2), row.label(), &label)?;
                        self.fit(row.label(), WIDTHS[2])?;
                    }
                    None => {
                        self.text((rr, rr), (1, 2), row.label(), &label)?;
                        self.fit(row.label(), WIDTHS[1] + WIDTHS[2])?;
                    }
                }
            }
            for (c, v) in (3u16..).zip(cells) {
                self.number((c, c), *v)?;
            }
            self.row += 1;
        }
        self.blank();
        Ok(())
    }

    fn table_four(&mut self, r: &Report) -> Result<(), XlsxError> {
        let Some(a) = &r.appeals else { return Ok(()) };
        self.blank();
        let head = self.f.head.clone();
        let rr = self.row;
        self.text((rr, rr), (0, 4), "行政复议", &head)?;
        self.text((rr, rr), (5, 14), "行政诉讼", &head)?;
        for (c, res) in (0u16..).zip(AppealResult::ALL) {
            self.text((rr + 1, rr + 2), (c, c), res.label(), &head)?;
        }
        for (c, k) in [5u16, 10].into_iter().zip(&AppealKind::ALL[1..]) {
            self.text((rr + 1, rr + 1), (c, c + 4), k.label(), &head)?;
            for (i, res) in (c..).zip(AppealResult::ALL) {
                self.text((rr + 2, rr + 2), (i, i), res.label(), &head)?;
            }
        }
        self.ws.set_row_height(rr + 2, 30.0)?;
        self.row += 3;
        let mut c = 0u16;
        for k in AppealKind::ALL {
            for res in AppealResult::ALL {
                self.number((c, c), a.group(*k).get(*res))?;
                c += 1;
            }
        }
        self.row += 1;
        self.blank();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fee_text_survives_as_a_number() {
        for fee in ["0", "12.5", "425.9598", "137"] {
            let x: f64 = fee.parse().unwrap_or_default();
            assert_eq!(number_text(x), fee);
        }
        assert_ne!(number_text(12.50), "12.50");
    }

    #[test]
    fn writes_a_workbook() {
        let mut r = Report::empty();
        r.title = Some("示例市司法局2024年政府信息公开工作年度报告".into());
        let bytes = xlsx(&r).unwrap_or_default();
        assert!(bytes.starts_with(b"PK\x03\x04"));
    }
}
