//! The documents the office issues for a request, as DOCX: 登记表, 接收回执, 补正告知书,
//! 延期答复告知书, 征求意见书, 收费通知书 and 答复书, each with the request's facts, its
//! computed dates and the legal basis. The form follows the report renderer's (A4 with
//! 公文 margins, the title in 方正小标宋简体 二号, text in 仿宋_GB2312 三号).

use crate::calendar::Calendar;
use crate::error::LedgerError;
use crate::fee::yuan;
use crate::request::{Consulted, DocKind, Request};
use docx_rs::{
    AlignmentType, Docx, LineSpacing, PageMargin, Paragraph, Run, RunFonts, SpecialIndentType,
    Table, TableCell, TableRow, WidthType,
};
use jiff::civil::Date;

const TITLE_FONT: &str = "方正小标宋简体";
const BODY_FONT: &str = "仿宋_GB2312";
const TABLE_FONT: &str = "宋体";
const LATIN_FONT: &str = "Times New Roman";
const SIZE_TITLE: usize = 44;
const SIZE_BODY: usize = 32;
const SIZE_TABLE: usize = 24;

/// A date as documents write it: `2025年10月30日`.
pub fn cn_date(d: Date) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii(LATIN_FONT)
        .hi_ansi(LATIN_FONT)
        .cs(LATIN_FONT)
}

/// Drops characters XML 1.0 cannot carry.
fn xml_safe(s: &str) -> String {
    s.chars()
        .filter(|c| {
            matches!(c, '\t' | '\n' | '\r') || (*c >= ' ' && *c != '\u{FFFE}' && *c != '\u{FFFF}')
        })
        .collect()
}

fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new()
        .add_text(xml_safe(text))
        .fonts(fonts(font))
        .size(size)
}

fn spacing() -> LineSpacing {
    LineSpacing::new()
        .line(560)
        .line_rule(docx_rs::LineSpacingType::Exact)
}

fn title(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, TITLE_FONT, SIZE_TITLE))
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().after(200))
}

fn centred(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, BODY_FONT, SIZE_BODY))
        .align(AlignmentType::Center)
        .line_spacing(spacing())
}

/// The addressee line: no indent.
fn flush(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, BODY_FONT, SIZE_BODY))
        .line_spacing(spacing())
}

fn body(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, BODY_FONT, SIZE_BODY))
        .indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
        .align(AlignmentType::Both)
        .line_spacing(spacing())
}

fn right(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, BODY_FONT, SIZE_BODY))
        .align(AlignmentType::Right)
        .line_spacing(spacing())
}

fn cell(text: &str, width: usize) -> TableCell {
    TableCell::new()
        .add_paragraph(Paragraph::new().add_run(run(text, TABLE_FONT, SIZE_TABLE)))
        .width(width, WidthType::Dxa)
}

fn form(rows: &[(&str, String)]) -> Table {
    let rows = rows
        .iter()
        .map(|(k, v)| TableRow::new(vec![cell(k, 2448), cell(v, 6336)]).cant_split())
        .collect();
    Table::new(rows)
        .set_grid(vec![2448, 6336])
        .width(8784, WidthType::Dxa)
}

fn missing(what: &str) -> LedgerError {
    LedgerError::Invalid(format!(
        "申请没有{what}，无法出具该文书 / the request has no {what}: the document cannot be issued"
    ))
}

/// A document for a request of `body`'s ledger, dated `issued`, as DOCX bytes. The
/// 征求意见书 is the one for the latest consultation. A document whose event has not
/// happened (a 补正告知书 without a 补正 notice …) is refused, and so is one whose dates
/// the calendar cannot compute.
pub fn document(
    body: &str,
    r: &Request,
    kind: DocKind,
    cal: &Calendar,
    issued: Date,
) -> Result<Vec<u8>, LedgerError> {
    let s = r.schedule(cal)?;
    let no = format!("（申请编号：{}）", r.number);
    let name = &r.applicant.name;
    let what = &r.asked.description;
    let received = cn_date(r.received);
    let due = s.due.map(cn_date);
    let mut parts: Vec<Part> = vec![Part::Title(kind.title().to_string()), Part::Centred(no)];
    match kind {
        DocKind::Registration => {
            parts.push(Part::Form(vec![
                ("申请编号", r.number.clone()),
                ("申请人", name.clone()),
                ("申请人类型", r.applicant.kind.label().to_string()),
                (
                    "身份证明",
                    r.applicant.id_document.clone().unwrap_or_default(),
                ),
                ("联系方式", r.applicant.contact.clone().unwrap_or_default()),
                ("申请内容", what.clone()),
                ("获取方式", r.asked.delivery.clone().unwrap_or_default()),
                ("提交渠道", r.receipt.channel.label().to_string()),
                ("送达日期", cn_date(r.receipt.arrived)),
                ("收到日期（条例第三十一条）", received.clone()),
                (
                    "答复期限",
                    due.clone()
                        .unwrap_or_else(|| "暂停计算（待补正、征求意见或缴费）".to_string()),
                ),
                ("办理状态", r.status().label().to_string()),
                ("登记日期", cn_date(issued)),
            ]));
        }
        DocKind::Receipt => {
            parts.push(Part::Flush(format!("{name}：")));
            parts.push(Part::Body(format!(
                "本机关于{received}收到您通过{}提交的政府信息公开申请，申请内容为：{what}。根据《中华人民共和国政府信息公开条例》第三十三条，本机关将在收到申请之日起20个工作日内，即{}前予以答复；需要补正、征求意见或者延长答复期限的，将另行书面告知。",
                r.receipt.channel.label(),
                due.clone().unwrap_or_else(|| "法定期限".into())
            )));
        }
        DocKind::CorrectionNotice => {
            let c = r.correction.as_ref().ok_or_else(|| missing("补正告知"))?;
            parts.push(Part::Flush(format!("{name}：")));
            parts.push(Part::Body(format!(
                "本机关于{received}收到您提交的政府信息公开申请（申请内容：{what}）。经审查，您的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条，请您于{}前对以下事项作出补正：",
                cn_date(c.respond_by)
            )));
            for (i, item) in c.items.iter().enumerate() {
                parts.push(Part::Body(format!("{}. {item}", i + 1)));
            }
            parts.push(Part::Body(
                "答复期限自本机关收到补正后的申请之日起计算。您无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。".into(),
            ));
        }
        DocKind::ExtensionNotice => {
            let e = r.extension.as_ref().ok_or_else(|| missing("延期决定"))?;
            parts.push(Part::Flush(format!("{name}：")));
            parts.push(Part::Body(format!(
                "本机关于{received}收到您提交的政府信息公开申请（申请内容：{what}）。因{}，本机关不能在法定期限（{}）内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款，经本机关政府信息公开工作机构负责人同意，答复期限延长{}个工作日，本机关将于{}前作出答复。",
                e.reason,
                s.statutory_due.map(cn_date).unwrap_or_default(),
                e.days,
                due.clone().unwrap_or_default()
            )));
        }
        DocKind::Consultation => {
            let (i, c) = r
                .consultations
                .iter()
                .enumerate()
                .next_back()
                .ok_or_else(|| missing("征求意见"))?;
            parts.push(Part::Flush(format!("{}：", c.party)));
            let (art, ask) = match c.consulted {
                Consulted::ThirdParty => {
                    let by = s
                        .consultation_answer_by
                        .get(i)
                        .copied()
                        .flatten()
                        .map(cn_date)
                        .unwrap_or_default();
                    (
                        "第三十二条",
                        format!(
                            "请您自收到本征求意见书之日起15个工作日内，即{by}前提出意见。逾期未提出意见的，由本机关依照条例的规定决定是否公开。"
                        ),
                    )
                }
                Consulted::Agency => (
                    "第三十四条",
                    "请贵机关在收到本征求意见书后及时提出意见。".to_string(),
                ),
            };
            parts.push(Part::Body(format!(
                "本机关于{received}收到{name}提交的政府信息公开申请，申请公开：{what}。该信息可能涉及贵方，根据《中华人民共和国政府信息公开条例》{art}，现就是否公开征求您的意见。{ask}"
            )));
            parts.push(Part::Body(format!(
                "征求意见书发出日期：{}。",
                cn_date(c.sent)
            )));
        }
        DocKind::FeeNotice => {
            let f = r.fee.as_ref().ok_or_else(|| missing("收费通知"))?;
            parts.push(Part::Flush(format!("{name}：")));
            parts.push(Part::Body(format!(
                "本机关于{received}收到您提交的政府信息公开申请（申请内容：{what}）。根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本申请按{}收取信息处理费：{}，共计人民币{}元。",
                f.method.label(),
                f.method.breakdown(),
                yuan(f.amount)
            )));
            parts.push(Part::Body(format!(
                "请您自收到本通知次日起20个工作日内，即{}前缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。缴费期间不计算在答复期限内。",
                s.pay_by.map(cn_date).unwrap_or_default()
            )));
        }
        DocKind::Answer => {
            let o = r.outcome.as_ref().ok_or_else(|| missing("办理结果"))?;
            parts.push(Part::Flush(format!("{name}：")));
            parts.push(Part::Body(format!(
                "本机关于{received}收到您提交的政府信息公开申请，申请内容为：{what}。经审查，现答复如下："
            )));
            parts.push(Part::Body(format!(
                "办理结果：{}。{}",
                o.row.full_label(),
                o.basis
                    .as_deref()
                    .map(|b| format!("依据：{b}。"))
                    .unwrap_or_default()
            )));
            parts.push(Part::Body(
                "如对本答复不服，可以在收到本答复之日起60日内依法申请行政复议，或者在6个月内依法提起行政诉讼。".into(),
            ));
            parts.push(Part::Body(format!("答复日期：{}。", cn_date(o.answered))));
        }
    }
    parts.push(Part::Right(body.to_string()));
    parts.push(Part::Right(cn_date(issued)));
    pack(parts)
}

impl Request {
    /// Issues a document: renders it with [`document`] and records it with the request
    /// (its list of documents and the audit trail). Nothing is recorded when it cannot be
    /// rendered.
    pub fn issue(
        &mut self,
        body: &str,
        kind: DocKind,
        cal: &Calendar,
        issued: Date,
        stamp: &crate::request::Stamp,
    ) -> Result<Vec<u8>, LedgerError> {
        let bytes = document(body, self, kind, cal, issued)?;
        self.record_document(kind, issued, stamp);
        Ok(bytes)
    }
}

enum Part {
    Title(String),
    Centred(String),
    Flush(String),
    Body(String),
    Right(String),
    Form(Vec<(&'static str, String)>),
}

fn pack(parts: Vec<Part>) -> Result<Vec<u8>, LedgerError> {
    let mut d = Docx::new()
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(2098)
                .bottom(1984)
                .left(1587)
                .right(1474),
        )
        .default_fonts(fonts(BODY_FONT))
        .default_size(SIZE_BODY);
    for p in parts {
        d = match p {
            Part::Title(t) => d.add_paragraph(title(&t)),
            Part::Centred(t) => d.add_paragraph(centred(&t)),
            Part::Flush(t) => d.add_paragraph(flush(&t)),
            Part::Body(t) => d.add_paragraph(body(&t)),
            Part::Right(t) => d.add_paragraph(right(&t)),
            Part::Form(rows) => d.add_table(form(&rows)).add_paragraph(Paragraph::new()),
        };
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    d.pack(&mut buf)
        .map_err(|e| LedgerError::Invalid(format!("DOCX 无法写出 / cannot write DOCX: {e}")))?;
    Ok(buf.into_inner())
}
