//! Import of an office's spreadsheet register (XLSX): the columns are found by the names
//! offices give them (申请人/申请人姓名, 收到日期/受理日期/申请日期, 申请内容/申请事项, 答复日期,
//! 办理结果/答复类型, …), with a report of the columns that could not be mapped. The import
//! is all or nothing: a file with any row that cannot be taken whole gives every problem
//! and no request.

use crate::calendar::{Calendar, CalendarError};
use crate::error::LedgerError;
use crate::ledger::Ledger;
use crate::request::{
    Applicant, ApplicantKind, Asked, Channel, NewRequest, Receipt, Request, Stamp,
};
use calamine::{Data, Reader};
use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;
use xxgk_model::RequestRow;

/// A column of the register the import understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// 申请编号
    Number,
    /// 申请人
    Applicant,
    /// 申请人类型
    ApplicantKind,
    /// 身份证明
    IdDocument,
    /// 联系方式
    Contact,
    /// 申请内容
    Description,
    /// 获取方式
    Delivery,
    /// 申请方式（渠道）
    Channel,
    /// 收到日期
    Received,
    /// 答复日期
    Answered,
    /// 办理结果
    Outcome,
    /// 法律依据
    Basis,
}

impl Field {
    const ALL: &'static [Field] = &[
        Field::Number,
        Field::Applicant,
        Field::ApplicantKind,
        Field::IdDocument,
        Field::Contact,
        Field::Description,
        Field::Delivery,
        Field::Channel,
        Field::Received,
        Field::Answered,
        Field::Outcome,
        Field::Basis,
    ];

    /// The name the ledger gives the field.
    pub fn label(self) -> &'static str {
        self.synonyms()[0]
    }

    /// The names offices give the column, the ledger's own first.
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Number => &[
                "申请编号",
                "编号",
                "登记编号",
                "登记号",
                "受理编号",
                "受理号",
                "流水号",
            ],
            Field::Applicant => &[
                "申请人",
                "申请人姓名",
                "申请人名称",
                "申请人姓名或名称",
                "申请人姓名/名称",
                "姓名",
                "名称",
            ],
            Field::ApplicantKind => &[
                "申请人类型",
                "申请人类别",
                "申请人性质",
                "申请主体类型",
                "申请主体",
                "主体类型",
            ],
            Field::IdDocument => &[
                "身份证明",
                "证件号码",
                "身份证号",
                "身份证号码",
                "证件类型及号码",
                "统一社会信用代码",
            ],
            Field::Contact => &[
                "联系方式",
                "联系电话",
                "电话",
                "通讯地址",
                "联系地址",
                "地址",
            ],
            Field::Description => &[
                "申请内容",
                "申请事项",
                "申请公开内容",
                "申请公开的内容",
                "申请获取的信息",
                "所需信息",
                "所需信息内容描述",
                "信息内容",
            ],
            Field::Delivery => &["获取方式", "获取信息方式", "提供方式", "信息提供方式"],
            Field::Channel => &[
                "申请方式",
                "申请渠道",
                "提交方式",
                "提交渠道",
                "渠道",
                "收件方式",
                "受理方式",
            ],
            Field::Received => &[
                "收到日期",
                "受理日期",
                "申请日期",
                "收到申请日期",
                "收件日期",
                "登记日期",
                "受理时间",
                "申请时间",
                "收到时间",
            ],
            Field::Answered => &["答复日期", "答复时间", "办结日期", "办结时间", "回复日期"],
            Field::Outcome => &[
                "办理结果",
                "答复类型",
                "答复结果",
                "处理结果",
                "答复情况",
                "办理情况",
                "答复意见",
            ],
            Field::Basis => &[
                "法律依据",
                "依据",
                "答复依据",
                "不予公开依据",
                "法律法规依据",
            ],
        }
    }

    /// The field a column header names, if any (spaces, line breaks and a trailing
    /// colon ignored).
    pub fn for_header(header: &str) -> Option<Field> {
        let h: String = header
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '：' | ':'))
            .collect();
        let h = h.replace('（', "(").replace('）', ")");
        // “收到日期(年月日)” reads as 收到日期
        let h = h.split('(').next().unwrap_or(&h).to_string();
        Field::ALL
            .iter()
            .copied()
            .find(|f| f.synonyms().contains(&h.as_str()))
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// How the columns were read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    /// The sheet read.
    pub sheet: String,
    /// The 1-based row of the headers.
    pub header_row: usize,
    /// Each header mapped, with its field.
    pub mapped: Vec<(String, Field)>,
    /// The headers that map to no field (their columns are not imported).
    pub unmapped: Vec<String>,
}

impl fmt::Display for Mapping {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "工作表 / sheet “{}”，表头在第 {} 行 / headers on row {}",
            self.sheet, self.header_row, self.header_row
        )?;
        for (h, field) in &self.mapped {
            writeln!(f, "  {h} → {}", field.label())?;
        }
        if self.unmapped.is_empty() {
            writeln!(f, "全部列均已对应 / every column was mapped")
        } else {
            writeln!(
                f,
                "未能对应、未导入的列 / columns not mapped, not imported: {}",
                self.unmapped.join("、")
            )
        }
    }
}

/// One reason a row or the file could not be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The 1-based spreadsheet row, when the problem is in one.
    pub row: Option<usize>,
    /// What is wrong, Chinese then English.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.row {
            Some(r) => write!(f, "第 {r} 行 / row {r}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// A register that could not be imported whole: nothing was imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", summary(.problems))]
pub struct ImportError {
    /// How the columns were read (empty when no header row was found).
    pub mapping: Mapping,
    /// Every problem found.
    pub problems: Vec<Problem>,
    /// Whether the file could not be read as a spreadsheet at all.
    pub unreadable: bool,
}

fn summary(problems: &[Problem]) -> String {
    let mut s = format!(
        "台账无法整体导入，未导入任何申请（{} 个问题）/ the register cannot be imported whole; nothing was imported ({} problem(s))",
        problems.len(),
        problems.len()
    );
    for p in problems {
        s.push_str("\n  ");
        s.push_str(&p.to_string());
    }
    s
}

/// A register imported whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported {
    /// The requests, one per row, in a ledger of their own.
    pub ledger: Ledger,
    /// How the columns were read.
    pub mapping: Mapping,
}

/// A cell as the import reads it.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Empty,
    Text(String),
    Number(f64),
    Date(Date),
}

impl Value {
    fn from_data(d: &Data) -> Value {
        match d {
            Data::Empty => Value::Empty,
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
                if s.trim().is_empty() {
                    Value::Empty
                } else {
                    Value::Text(s.trim().to_string())
                }
            }
            Data::Float(f) => Value::Number(*f),
            Data::Int(i) => Value::Number(*i as f64),
            Data::Bool(b) => Value::Text(b.to_string()),
            Data::DateTime(dt) => {
                let (y, m, d, ..) = dt.to_ymd_hms_milli();
                match (i16::try_from(y), i8::try_from(m), i8::try_from(d)) {
                    (Ok(y), Ok(m), Ok(d)) => Date::new(y, m, d)
                        .map(Value::Date)
                        .unwrap_or(Value::Number(dt.as_f64())),
                    _ => Value::Number(dt.as_f64()),
                }
            }
            Data::Error(e) => Value::Text(e.to_string()),
        }
    }

    fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) => s.clone(),
            Value::Number(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            Value::Number(f) => f.to_string(),
            Value::Date(d) => d.to_string(),
        }
    }

    fn is_empty(&self) -> bool {
        matches!(self, Value::Empty)
    }
}

/// A date as offices write it: a date cell, an Excel serial number, `2025-09-26`,
/// `2025/9/26`, `2025.9.26`, `2025年9月26日` (a time after it ignored).
fn parse_date(v: &Value) -> Option<Date> {
    match v {
        Value::Date(d) => Some(*d),
        Value::Number(f) if (1.0..2_958_466.0).contains(f) => {
            // the 1900 date system: serial 1 is 1900-01-01, with Excel's phantom 29 Feb 1900
            let base = Date::new(1899, 12, 30).ok()?;
            base.checked_add((f.trunc() as i64).days()).ok()
        }
        Value::Text(s) => {
            let s = s.trim();
            let s = s.split([' ', 'T']).next().unwrap_or(s);
            let parts: Vec<&str> = s
                .split(['-', '/', '.', '年', '月', '日'])
                .filter(|p| !p.is_empty())
                .collect();
            let [y, m, d] = parts.as_slice() else {
                return None;
            };
            Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
        }
        _ => None,
    }
}

/// The applicant type as offices write it.
fn parse_kind(s: &str) -> Option<ApplicantKind> {
    let s = s.trim();
    if let Some(k) = ApplicantKind::ALL
        .iter()
        .copied()
        .find(|k| *k != ApplicantKind::Total && (k.label() == s || k.key() == s))
    {
        return Some(k);
    }
    let has = |ws: &[&str]| ws.iter().any(|w| s.contains(w));
    if has(&["自然人", "个人", "公民"]) {
        Some(ApplicantKind::NaturalPerson)
    } else if has(&["法律服务", "律师"]) {
        Some(ApplicantKind::LegalService)
    } else if has(&["科研"]) {
        Some(ApplicantKind::Research)
    } else if has(&["公益"]) {
        Some(ApplicantKind::Nonprofit)
    } else if has(&["企业", "公司"]) {
        Some(ApplicantKind::Business)
    } else if has(&["其他"]) {
        Some(ApplicantKind::OtherOrg)
    } else {
        None
    }
}

/// The outcome row an office's wording names: the official labels and keys, and the
/// usual short forms (予以公开, 部分公开, 不掌握, 信访举报投诉, 逾期不补正 …). A wording that
/// names only a group (不予公开, 无法提供, 不予处理) is ambiguous: `None`.
pub fn parse_outcome(s: &str) -> Option<RequestRow> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(r) = RequestRow::ROWS_2021.iter().copied().find(|r| {
        r.is_outcome() && (r.key() == s || r.label() == s || r.full_label().replace(' ', "") == s)
    }) {
        return Some(r);
    }
    let has = |ws: &[&str]| ws.iter().any(|w| s.contains(w));
    use RequestRow as R;
    let row = if has(&["部分公开"]) {
        R::PartiallyGranted
    } else if has(&["国家秘密"]) {
        R::DeniedStateSecret
    } else if has(&["法律行政法规禁止", "法律法规禁止"]) {
        R::DeniedProhibitedByLaw
    } else if has(&["三安全一稳定", "三安全"]) {
        R::DeniedThreeSafeties
    } else if has(&["第三方"]) {
        R::DeniedThirdParty
    } else if has(&["内部事务"]) {
        R::DeniedInternalAffairs
    } else if has(&["过程性"]) {
        R::DeniedProcessInfo
    } else if has(&["执法案卷"]) {
        R::DeniedEnforcementFile
    } else if has(&["查询事项"]) {
        R::DeniedQueryMatter
    } else if has(&["不掌握", "信息不存在", "非本机关", "不属于本机关"]) {
        R::UnavailableNotHeld
    } else if has(&["另行制作", "没有现成"]) {
        R::UnavailableNeedsCreation
    } else if has(&["仍不明确"]) {
        R::UnavailableStillUnclear
    } else if has(&["信访", "举报", "投诉"]) {
        R::RejectedPetition
    } else if has(&["重复申请"]) {
        R::RejectedRepeated
    } else if has(&["公开出版物"]) {
        R::RejectedPublication
    } else if has(&["大量反复"]) {
        R::RejectedExcessive
    } else if has(&["重新出具", "要求行政机关确认"]) {
        R::RejectedConfirmation
    } else if has(&["不补正"]) {
        R::OtherNoCorrection
    } else if has(&["缴纳费用", "未缴费", "未缴纳"]) {
        R::OtherFeeUnpaid
    } else if s == "予以公开" || s == "公开" || s == "同意公开" || s == "已公开" {
        R::Granted
    } else if s == "其他" || s == "其他处理" {
        R::OtherOther
    } else {
        return None;
    };
    Some(row)
}

/// Imports the rows of a register: `rows[0..]` as read from the sheet, headers found among
/// the first ten rows. `today` bounds the received dates; every request's registration is
/// stamped with `stamp`.
fn import_rows(
    sheet: &str,
    rows: &[Vec<Value>],
    body: &str,
    cal: &Calendar,
    today: Date,
    stamp: &Stamp,
) -> Result<Imported, ImportError> {
    let fail = |mapping: Mapping, problems: Vec<Problem>| ImportError {
        mapping,
        problems,
        unreadable: false,
    };
    // the header row: the first of the first ten that maps at least two columns
    let header = rows.iter().take(10).position(|r| {
        r.iter()
            .filter(|v| Field::for_header(&v.text()).is_some())
            .count()
            >= 2
    });
    let Some(h) = header else {
        return Err(fail(
            Mapping::default(),
            vec![Problem {
                row: None,
                message: "前 10 行中找不到表头（申请人、申请内容、收到日期等）/ no header row (申请人, 申请内容, 收到日期 …) in the first 10 rows".into(),
            }],
        ));
    };
    let mut mapping = Mapping {
        sheet: sheet.to_string(),
        header_row: h + 1,
        ..Mapping::default()
    };
    let mut columns: Vec<(usize, Field)> = Vec::new();
    let mut problems = Vec::new();
    for (i, v) in rows[h].iter().enumerate() {
        let name = v.text();
        if name.is_empty() {
            continue;
        }
        match Field::for_header(&name) {
            Some(f) if columns.iter().any(|(_, g)| *g == f) => {
                problems.push(Problem {
                    row: Some(h + 1),
                    message: format!(
                        "列“{name}”与另一列同为“{f}” / column “{name}” is a second “{f}” column"
                    ),
                });
            }
            Some(f) => {
                columns.push((i, f));
                mapping.mapped.push((name, f));
            }
            None => mapping.unmapped.push(name),
        }
    }
    for f in [
        Field::Applicant,
        Field::ApplicantKind,
        Field::Description,
        Field::Channel,
        Field::Received,
    ] {
        if !columns.iter().any(|(_, g)| *g == f) {
            problems.push(Problem {
                row: None,
                message: format!(
                    "缺少“{f}”列（可用列名：{}）/ no “{f}” column (names accepted: {})",
                    f.synonyms().join("、"),
                    f.synonyms().join(", ")
                ),
            });
        }
    }
    if !problems.is_empty() {
        return Err(fail(mapping, problems));
    }
    let mut ledger = Ledger::new(body);
    for (offset, row) in rows[h + 1..].iter().enumerate() {
        let line = h + 2 + offset;
        if row.iter().all(Value::is_empty) {
            continue;
        }
        let get = |f: Field| -> Value {
            columns
                .iter()
                .find(|(_, g)| *g == f)
                .and_then(|(i, _)| row.get(*i).cloned())
                .unwrap_or(Value::Empty)
        };
        let text = |f: Field| Some(get(f).text()).filter(|s| !s.is_empty());
        let mut bad = |message: String| {
            problems.push(Problem {
                row: Some(line),
                message,
            })
        };
        match import_row(&get, &text, &ledger, cal, today, stamp) {
            Ok(r) => {
                if let Err(e) = ledger.insert(r) {
                    bad(e.to_string());
                }
            }
            Err(messages) => messages.into_iter().for_each(&mut bad),
        }
    }
    if ledger.requests.is_empty() && problems.is_empty() {
        problems.push(Problem {
            row: None,
            message: "表头下没有任何申请 / no request under the headers".into(),
        });
    }
    if !problems.is_empty() {
        return Err(fail(mapping, problems));
    }
    Ok(Imported { ledger, mapping })
}

fn import_row(
    get: &dyn Fn(Field) -> Value,
    text: &dyn Fn(Field) -> Option<String>,
    ledger: &Ledger,
    cal: &Calendar,
    today: Date,
    stamp: &Stamp,
) -> Result<Request, Vec<String>> {
    let mut errs = Vec::new();
    let name = text(Field::Applicant);
    if name.is_none() {
        errs.push("申请人为空 / no applicant".to_string());
    }
    let kind = match text(Field::ApplicantKind) {
        Some(k) => parse_kind(&k).or_else(|| {
            errs.push(format!(
                "申请人类型“{k}”不是表三的六类之一 / applicant type “{k}” is not one of the six columns of table three"
            ));
            None
        }),
        None => {
            errs.push("申请人类型为空 / no applicant type".into());
            None
        }
    };
    let description = text(Field::Description);
    if description.is_none() {
        errs.push("申请内容为空 / nothing asked".into());
    }
    let channel = match text(Field::Channel) {
        Some(c) => Channel::parse(&c).or_else(|| {
            errs.push(format!("无法识别的申请方式“{c}” / unknown channel “{c}”"));
            None
        }),
        None => {
            errs.push("申请方式为空 / no channel".into());
            None
        }
    };
    let mut date_of = |f: Field| -> Option<Date> {
        let v = get(f);
        if v.is_empty() {
            return None;
        }
        let d = parse_date(&v);
        if d.is_none() {
            errs.push(format!(
                "“{f}”不是日期：{} / “{f}” is not a date: {}",
                v.text(),
                v.text()
            ));
        }
        d
    };
    let received = date_of(Field::Received);
    let answered = date_of(Field::Answered);
    if get(Field::Received).is_empty() {
        errs.push("收到日期为空 / no received date".into());
    }
    let outcome = match text(Field::Outcome) {
        Some(o) => parse_outcome(&o).or_else(|| {
            errs.push(format!(
                "办理结果“{o}”对应不到表三的某一行（须写明具体情形，如“不予公开—保护第三方合法权益”）/ outcome “{o}” names no single row of table three"
            ));
            None
        }),
        None => None,
    };
    if outcome.is_some() != answered.is_some() && errs.is_empty() {
        errs.push(
            "办理结果与答复日期须同时填写或同时空缺 / an outcome needs its answer date and an answer date its outcome".into(),
        );
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let (Some(name), Some(kind), Some(description), Some(channel), Some(received)) =
        (name, kind, description, channel, received)
    else {
        return Err(vec!["无法读取 / unreadable".into()]);
    };
    // the register's date is the received date of Art. 31: for the channels received on
    // confirmation, it is that day
    let receipt = Receipt {
        channel,
        arrived: received,
        confirmed: channel.needs_confirmation().then_some(received),
    };
    let new = NewRequest {
        applicant: Applicant {
            name,
            kind,
            id_document: text(Field::IdDocument),
            contact: text(Field::Contact),
        },
        asked: Asked {
            description,
            delivery: text(Field::Delivery),
        },
        receipt,
    };
    let number = match text(Field::Number) {
        Some(n) => n,
        None => {
            let prefix = format!("{}-", received.year());
            let next = ledger
                .requests
                .iter()
                .filter_map(|r| r.number.strip_prefix(&prefix)?.parse::<u32>().ok())
                .max()
                .unwrap_or(0)
                + 1;
            format!("{prefix}{next:04}")
        }
    };
    let one = |e: LedgerError| vec![e.to_string()];
    let mut r = Request::new(number, new, today, stamp).map_err(one)?;
    if let (Some(row), Some(answered)) = (outcome, answered) {
        r.close(row, text(Field::Basis), answered, stamp)
            .map_err(one)?;
    } else if let Err(e) = r.schedule(cal) {
        // an open request whose time the calendar cannot compute: never guessed
        if matches!(e, CalendarError::UnknownYear(_)) {
            return Err(vec![e.to_string()]);
        }
    }
    Ok(r)
}

/// Imports an XLSX register: the first sheet with a header row. `body` names the ledger;
/// `today` bounds the received dates; every registration is stamped with `stamp`.
pub fn import_xlsx(
    bytes: &[u8],
    body: &str,
    cal: &Calendar,
    today: Date,
    stamp: &Stamp,
) -> Result<Imported, ImportError> {
    let unreadable = |e: String| ImportError {
        mapping: Mapping::default(),
        problems: vec![Problem {
            row: None,
            message: format!("无法读取电子表格 / cannot read the spreadsheet: {e}"),
        }],
        unreadable: true,
    };
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec()))
        .map_err(|e| unreadable(e.to_string()))?;
    let names = book.sheet_names().to_vec();
    let mut first_error = None;
    for name in &names {
        let range = book
            .worksheet_range(name)
            .map_err(|e| unreadable(e.to_string()))?;
        let rows: Vec<Vec<Value>> = range
            .rows()
            .map(|r| r.iter().map(Value::from_data).collect())
            .collect();
        match import_rows(name, &rows, body, cal, today, stamp) {
            Ok(i) => return Ok(i),
            // a sheet without headers: try the next; one with headers decides
            Err(e) if e.mapping.header_row == 0 => {
                first_error.get_or_insert(e);
            }
            Err(e) => return Err(e),
        }
    }
    Err(first_error.unwrap_or_else(|| unreadable("没有工作表 / no sheet".into())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_dates_kinds_and_outcomes_as_offices_write_them() {
        assert_eq!(Field::for_header("申请人姓名"), Some(Field::Applicant));
        assert_eq!(
            Field::for_header(" 受理日期（年月日）"),
            Some(Field::Received)
        );
        assert_eq!(Field::for_header("申请事项*"), Some(Field::Description));
        assert_eq!(Field::for_header("答复类型"), Some(Field::Outcome));
        assert_eq!(Field::for_header("经办人"), None);
        let d = Date::new(2025, 9, 26).expect("date");
        for s in [
            "2025-09-26",
            "2025/9/26",
            "2025.9.26",
            "2025年9月26日",
            "2025-09-26 10:30",
        ] {
            assert_eq!(parse_date(&Value::Text(s.into())), Some(d), "{s}");
        }
        assert_eq!(parse_date(&Value::Number(45926.0)), Some(d));
        assert_eq!(parse_date(&Value::Text("九月".into())), None);
        assert_eq!(parse_kind("公民"), Some(ApplicantKind::NaturalPerson));
        assert_eq!(parse_kind("律师事务所"), Some(ApplicantKind::LegalService));
        assert_eq!(parse_kind("总计"), None);
        assert_eq!(parse_outcome("予以公开"), Some(RequestRow::Granted));
        assert_eq!(
            parse_outcome("部分公开"),
            Some(RequestRow::PartiallyGranted)
        );
        assert_eq!(
            parse_outcome("不予公开-保护第三方合法权益"),
            Some(RequestRow::DeniedThirdParty)
        );
        assert_eq!(
            parse_outcome("本机关不掌握相关政府信息"),
            Some(RequestRow::UnavailableNotHeld)
        );
        assert_eq!(
            parse_outcome("denied_state_secret"),
            Some(RequestRow::DeniedStateSecret)
        );
        assert_eq!(parse_outcome("不予公开"), None);
        assert_eq!(parse_outcome("无法提供"), None);
    }
}
