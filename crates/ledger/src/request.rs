//! One request for disclosure (依申请公开): who asked what, how and when it arrived, what
//! the office did, and the audit trail of every change.

use crate::calendar::Calendar;
use crate::error::LedgerError;
use crate::fee::{FeeMethod, yuan};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;
use xxgk_model::RequestRow;

/// The applicant type: one of the six applicant columns of table three (never 总计).
pub type ApplicantKind = xxgk_model::Applicant;

/// Working days within which a 补正 notice must be sent (Art. 30).
pub const CORRECTION_NOTICE_DAYS: u32 = 7;
/// Working days of the statutory time limit (Art. 33).
pub const ANSWER_DAYS: u32 = 20;
/// The longest extension, in working days (Art. 33).
pub const MAX_EXTENSION_DAYS: u32 = 20;
/// Working days a consulted third party has to answer (Art. 32).
pub const THIRD_PARTY_DAYS: u32 = 15;
/// Working days to pay a fee, from the day after the notice (109号).
pub const PAYMENT_DAYS: u32 = 20;

/// How a request arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 当面提交: received the day it is handed in.
    InPerson,
    /// 邮寄（挂号信、EMS）: received the day the agency signs for it.
    RegisteredPost,
    /// 平邮: received the day the office confirms with the applicant.
    OrdinaryPost,
    /// 网络、电子邮件: received the day both sides confirm.
    Online,
    /// 传真: received the day both sides confirm.
    Fax,
}

impl Channel {
    /// Every channel.
    pub const ALL: &'static [Channel] = &[
        Channel::InPerson,
        Channel::RegisteredPost,
        Channel::OrdinaryPost,
        Channel::Online,
        Channel::Fax,
    ];

    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Channel::InPerson => "当面",
            Channel::RegisteredPost => "邮寄（挂号/EMS）",
            Channel::OrdinaryPost => "平邮",
            Channel::Online => "网络/电子邮件",
            Channel::Fax => "传真",
        }
    }

    /// The stable key (`in_person`, …).
    pub fn key(self) -> &'static str {
        match self {
            Channel::InPerson => "in_person",
            Channel::RegisteredPost => "registered_post",
            Channel::OrdinaryPost => "ordinary_post",
            Channel::Online => "online",
            Channel::Fax => "fax",
        }
    }

    /// The channel for a key or a name offices use (当面, 现场, 挂号, EMS, 邮寄, 平邮, 网络,
    /// 网上, 在线, 电子邮件, 邮箱, 传真, and the English keys).
    pub fn parse(s: &str) -> Option<Channel> {
        let s = s.trim();
        let lower = s.to_ascii_lowercase();
        if let Some(c) = Channel::ALL.iter().find(|c| c.key() == lower) {
            return Some(*c);
        }
        let has = |words: &[&str]| words.iter().any(|w| s.contains(w) || lower.contains(w));
        if has(&["平邮", "普通信", "ordinary"]) {
            Some(Channel::OrdinaryPost)
        } else if has(&["挂号", "ems", "邮寄", "快递", "信函", "post"]) {
            Some(Channel::RegisteredPost)
        } else if has(&["传真", "fax"]) {
            Some(Channel::Fax)
        } else if has(&[
            "网",
            "在线",
            "电子邮件",
            "邮箱",
            "email",
            "e-mail",
            "online",
        ]) {
            Some(Channel::Online)
        } else if has(&["当面", "现场", "窗口", "in person", "in-person"]) {
            Some(Channel::InPerson)
        } else {
            None
        }
    }

    /// Whether the received date is a day of confirmation rather than of arrival (Art. 31).
    pub fn needs_confirmation(self) -> bool {
        matches!(self, Channel::OrdinaryPost | Channel::Online | Channel::Fax)
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// How and when a request arrived; its received date follows Art. 31.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// The channel.
    pub channel: Channel,
    /// The day it was handed in, signed for, or arrived.
    pub arrived: Date,
    /// For 平邮, 网络 and 传真: the day the office and the applicant confirmed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed: Option<Date>,
}

impl Receipt {
    /// The received date by Art. 31: the day handed in (当面), signed for (挂号/EMS), or
    /// confirmed (平邮, 网络, 传真).
    pub fn received(&self) -> Result<Date, LedgerError> {
        if !self.channel.needs_confirmation() {
            return Ok(self.arrived);
        }
        let c = self
            .confirmed
            .ok_or(LedgerError::NeedsConfirmation(self.channel))?;
        if c < self.arrived {
            return Err(LedgerError::DateOrder {
                what: "确认日期 / day of confirmation",
                date: c,
                before: self.arrived,
            });
        }
        Ok(c)
    }
}

/// The applicant (Art. 29 (一)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    /// Name, or the organisation's name.
    pub name: String,
    /// The table-three column.
    pub kind: ApplicantKind,
    /// Identity proof (ID card, business licence …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_document: Option<String>,
    /// Address, telephone, e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

/// What is asked (Art. 29 (二), (三)).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asked {
    /// The title, 文号 or a text describing the information.
    pub description: String,
    /// The form of delivery wanted (纸质、电子邮件 …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<String>,
}

/// A 补正 notice (Art. 30) and the correction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    /// The day the notice was sent (within 7 working days of receipt).
    pub sent: Date,
    /// Everything the applicant must correct, at once.
    pub items: Vec<String>,
    /// The reasonable time the notice gives the applicant.
    pub respond_by: Date,
    /// The day the corrected request arrived: the clock restarts there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected: Option<Date>,
}

/// Whom a consultation asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Consulted {
    /// A third party (Art. 32): it has 15 working days.
    ThirdParty,
    /// Another agency (Art. 34).
    Agency,
}

/// A consultation (征求意见): the clock pauses from sending to the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consultation {
    /// Third party or agency.
    pub consulted: Consulted,
    /// Its name.
    pub party: String,
    /// The day the request for an opinion was sent.
    pub sent: Date,
    /// The day the answer came (or, for a third party, the day its 15 days ran out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered: Option<Date>,
}

/// The one extension (Art. 33).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    /// The day the office head approved it and the applicant was told.
    pub decided: Date,
    /// Further working days, at most 20.
    pub days: u32,
    /// Why.
    pub reason: String,
}

/// A later date set for an unreasonable volume (Art. 35).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomDue {
    /// The date set.
    pub due: Date,
    /// Why.
    pub reason: String,
}

/// A fee notice (收费通知, 109号) and its payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeNotice {
    /// The day it was sent.
    pub sent: Date,
    /// How the fee was computed.
    pub method: FeeMethod,
    /// The amount in 元.
    pub amount: u64,
    /// The day it was paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid: Option<Date>,
}

/// How a request was closed: one outcome row of table three.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The outcome row (`granted`, `denied_third_party`, `other_no_correction`, …).
    pub row: RequestRow,
    /// The legal basis of a refusal (条例第十四条 …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
    /// The day of the answer.
    pub answered: Date,
}

/// Whether an outcome row needs its legal basis stated: every row but 予以公开 and
/// 其他处理 3.
pub fn needs_basis(row: RequestRow) -> bool {
    row != RequestRow::Granted && row != RequestRow::OtherOther
}

/// The documents the office issues for a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    /// 政府信息公开申请登记表
    Registration,
    /// 政府信息公开申请接收回执
    Receipt,
    /// 补正申请告知书
    CorrectionNotice,
    /// 延期答复告知书
    ExtensionNotice,
    /// 征求意见书
    Consultation,
    /// 信息处理费收费通知书
    FeeNotice,
    /// 政府信息公开申请答复书
    Answer,
}

impl DocKind {
    /// The stable key (its JSON name): `registration`, `correction_notice`, …
    pub fn key(self) -> &'static str {
        match self {
            DocKind::Registration => "registration",
            DocKind::Receipt => "receipt",
            DocKind::CorrectionNotice => "correction_notice",
            DocKind::ExtensionNotice => "extension_notice",
            DocKind::Consultation => "consultation",
            DocKind::FeeNotice => "fee_notice",
            DocKind::Answer => "answer",
        }
    }

    /// The kind with this key.
    pub fn from_key(key: &str) -> Option<DocKind> {
        DocKind::ALL.iter().copied().find(|k| k.key() == key)
    }

    /// Every kind.
    pub const ALL: &'static [DocKind] = &[
        DocKind::Registration,
        DocKind::Receipt,
        DocKind::CorrectionNotice,
        DocKind::ExtensionNotice,
        DocKind::Consultation,
        DocKind::FeeNotice,
        DocKind::Answer,
    ];

    /// The title of the document.
    pub fn title(self) -> &'static str {
        match self {
            DocKind::Registration => "政府信息公开申请登记表",
            DocKind::Receipt => "政府信息公开申请接收回执",
            DocKind::CorrectionNotice => "补正申请告知书",
            DocKind::ExtensionNotice => "延期答复告知书",
            DocKind::Consultation => "征求意见书",
            DocKind::FeeNotice => "信息处理费收费通知书",
            DocKind::Answer => "政府信息公开申请答复书",
        }
    }
}

/// A document issued, kept with the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedDocument {
    /// Which document.
    pub kind: DocKind,
    /// The day it was issued.
    pub issued: Date,
}

/// Who made a change, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// The person (account name).
    pub who: String,
    /// The moment.
    pub at: Timestamp,
}

impl Stamp {
    /// A stamp.
    pub fn new(who: impl Into<String>, at: Timestamp) -> Stamp {
        Stamp {
            who: who.into(),
            at,
        }
    }
}

/// One entry of the audit trail (Art. 45: 登记、审核、办理、答复、归档): who, when, what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// The person.
    pub who: String,
    /// The moment.
    pub at: Timestamp,
    /// What was done, in words.
    pub what: String,
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 办理中
    Open,
    /// 待补正: a 补正 notice is out.
    AwaitingCorrection,
    /// 征求意见中: a consultation is out.
    Consulting,
    /// 待缴费: a fee notice is unpaid.
    AwaitingPayment,
    /// 已办结
    Closed,
}

impl Status {
    /// The stable key (its JSON name): `open`, `awaiting_correction`, …
    pub fn key(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::AwaitingCorrection => "awaiting_correction",
            Status::Consulting => "consulting",
            Status::AwaitingPayment => "awaiting_payment",
            Status::Closed => "closed",
        }
    }

    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Status::Open => "办理中",
            Status::AwaitingCorrection => "待补正",
            Status::Consulting => "征求意见中",
            Status::AwaitingPayment => "待缴费",
            Status::Closed => "已办结",
        }
    }
}

/// What registering a request needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRequest {
    /// The applicant.
    pub applicant: Applicant,
    /// What is asked.
    pub asked: Asked,
    /// How and when it arrived.
    pub receipt: Receipt,
}

/// A request in the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// The ledger number (`2025-0001`).
    pub number: String,
    /// The applicant.
    pub applicant: Applicant,
    /// What is asked.
    pub asked: Asked,
    /// How and when it arrived.
    pub receipt: Receipt,
    /// The received date (Art. 31): day 0 of the time limit.
    pub received: Date,
    /// The 补正 notice, if one was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<Correction>,
    /// Consultations of third parties and agencies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consultations: Vec<Consultation>,
    /// The extension, if one was decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<Extension>,
    /// A later date set under Art. 35.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_due: Option<CustomDue>,
    /// The fee notice, if one was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<FeeNotice>,
    /// How it was closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// The documents issued.
    #[serde(default)]
    pub documents: Vec<IssuedDocument>,
    /// Every change, in order.
    #[serde(default)]
    pub audit: Vec<AuditEntry>,
}

impl Request {
    /// A new request, validated: the applicant type is one of six columns, the received
    /// date follows Art. 31 and is not after `today`.
    pub fn new(
        number: impl Into<String>,
        new: NewRequest,
        today: Date,
        stamp: &Stamp,
    ) -> Result<Request, LedgerError> {
        let number = number.into();
        if number.trim().is_empty() {
            return Err(LedgerError::Empty("编号 / number"));
        }
        if new.applicant.kind == ApplicantKind::Total {
            return Err(LedgerError::ApplicantTotal);
        }
        if new.applicant.name.trim().is_empty() {
            return Err(LedgerError::Empty("申请人 / applicant"));
        }
        if new.asked.description.trim().is_empty() {
            return Err(LedgerError::Empty("申请内容 / what is asked"));
        }
        let received = new.receipt.received()?;
        if received > today || new.receipt.arrived > today {
            return Err(LedgerError::FutureReceipt { received, today });
        }
        let mut r = Request {
            number,
            applicant: new.applicant,
            asked: new.asked,
            receipt: new.receipt,
            received,
            correction: None,
            consultations: Vec::new(),
            extension: None,
            custom_due: None,
            fee: None,
            outcome: None,
            documents: Vec::new(),
            audit: Vec::new(),
        };
        let what = format!(
            "登记：{}（{}），{}，收到日期 {received}",
            r.applicant.name,
            r.applicant.kind.label(),
            r.receipt.channel.label()
        );
        r.log(stamp, what);
        Ok(r)
    }

    fn log(&mut self, stamp: &Stamp, what: String) {
        self.audit.push(AuditEntry {
            who: stamp.who.clone(),
            at: stamp.at,
            what,
        });
    }

    fn open(&self) -> Result<(), LedgerError> {
        match self.outcome {
            Some(_) => Err(LedgerError::Closed(self.number.clone())),
            None => Ok(()),
        }
    }

    fn not_before(what: &'static str, date: Date, before: Date) -> Result<(), LedgerError> {
        if date < before {
            Err(LedgerError::DateOrder { what, date, before })
        } else {
            Ok(())
        }
    }

    /// Where the request stands now.
    pub fn status(&self) -> Status {
        if self.outcome.is_some() {
            Status::Closed
        } else if self
            .correction
            .as_ref()
            .is_some_and(|c| c.corrected.is_none())
        {
            Status::AwaitingCorrection
        } else if self.consultations.iter().any(|c| c.answered.is_none()) {
            Status::Consulting
        } else if self.fee.as_ref().is_some_and(|f| f.paid.is_none()) {
            Status::AwaitingPayment
        } else {
            Status::Open
        }
    }

    /// Whether the request was still open at the end of `date`.
    pub fn open_on(&self, date: Date) -> bool {
        self.received <= date && self.outcome.as_ref().is_none_or(|o| o.answered > date)
    }

    /// Records the 补正 notice: once, within 7 working days of receipt, listing everything
    /// to correct, with the date by which the applicant must answer.
    pub fn send_correction_notice(
        &mut self,
        cal: &Calendar,
        sent: Date,
        items: Vec<String>,
        respond_by: Date,
        stamp: &Stamp,
    ) -> Result<(), LedgerError> {
        self.open()?;
        if self.correction.is_some() {
            return Err(LedgerError::Once("补正告知 / the 补正 notice"));
        }
        if items.iter().all(|i| i.trim().is_empty()) {
            return Err(LedgerError::Empty("补正事项 / what to correct"));
        }
        Self::not_before("补正告知日期 / day of the 补正 notice", sent, self.received)?;
        let by = cal.add_working_days(self.received, CORRECTION_NOTICE_DAYS)?;
        if sent > by {
            return Err(LedgerError::CorrectionTooLate { sent, by });
        }
        Self::not_before("补正期限 / time to correct", respond_by, sent)?;
        let what = format!(
            "发出补正告知（{sent}），补正事项：{}；补正期限 {respond_by}",
            items.join("；")
        );
        self.correction = Some(Correction {
            sent,
            items,
            respond_by,
            corrected: None,
        });
        self.log(stamp, what);
        Ok(())
    }

    /// Records the corrected request's arrival: the clock restarts on that day.
    pub fn record_correction(&mut self, date: Date, stamp: &Stamp) -> Result<(), LedgerError> {
        self.open()?;
        let c = self
            .correction
            .as_mut()
            .ok_or_else(|| LedgerError::Invalid("没有补正告知 / no 补正 notice was sent".into()))?;
        if c.corrected.is_some() {
            return Err(LedgerError::Once("补正 / the correction"));
        }
        Self::not_before("补正日期 / day of correction", date, c.sent)?;
        c.corrected = Some(date);
        self.log(stamp, format!("收到补正后的申请（{date}），期限重新计算"));
        Ok(())
    }

    /// Records a consultation sent; the clock pauses until its answer.
    pub fn start_consultation(
        &mut self,
        consulted: Consulted,
        party: impl Into<String>,
        sent: Date,
        stamp: &Stamp,
    ) -> Result<usize, LedgerError> {
        self.open()?;
        let party = party.into();
        if party.trim().is_empty() {
            return Err(LedgerError::Empty("征求意见对象 / the party consulted"));
        }
        Self::not_before("征求意见日期 / day of consultation", sent, self.received)?;
        let what = format!("向{party}发出征求意见书（{sent}），期限暂停");
        self.consultations.push(Consultation {
            consulted,
            party,
            sent,
            answered: None,
        });
        self.log(stamp, what);
        Ok(self.consultations.len() - 1)
    }

    /// Records the answer to consultation `index`; the clock runs again the next day.
    pub fn record_consultation_answer(
        &mut self,
        index: usize,
        answered: Date,
        stamp: &Stamp,
    ) -> Result<(), LedgerError> {
        self.open()?;
        let c = self
            .consultations
            .get_mut(index)
            .ok_or_else(|| LedgerError::NotFound(format!("征求意见 #{index}")))?;
        if c.answered.is_some() {
            return Err(LedgerError::Once(
                "征求意见答复 / the answer to a consultation",
            ));
        }
        Self::not_before("答复日期 / day of the answer", answered, c.sent)?;
        c.answered = Some(answered);
        let what = format!("收到{}的意见（{answered}），期限恢复计算", c.party);
        self.log(stamp, what);
        Ok(())
    }

    /// Records the one extension, of at most 20 working days.
    pub fn extend(
        &mut self,
        decided: Date,
        days: u32,
        reason: impl Into<String>,
        stamp: &Stamp,
    ) -> Result<(), LedgerError> {
        self.open()?;
        if self.extension.is_some() {
            return Err(LedgerError::Once("延期 / the extension"));
        }
        if !(1..=MAX_EXTENSION_DAYS).contains(&days) {
            return Err(LedgerError::ExtensionLength(days));
        }
        Self::not_before(
            "延期决定日期 / day of the extension",
            decided,
            self.received,
        )?;
        let reason = reason.into();
        self.log(
            stamp,
            format!("延期答复 {days} 个工作日（{decided}）：{reason}"),
        );
        self.extension = Some(Extension {
            decided,
            days,
            reason,
        });
        Ok(())
    }

    /// Sets a later reasonable due date for an unreasonable volume (Art. 35).
    pub fn set_custom_due(
        &mut self,
        due: Date,
        reason: impl Into<String>,
        stamp: &Stamp,
    ) -> Result<(), LedgerError> {
        self.open()?;
        Self::not_before("确定的答复期限 / the date set", due, self.received)?;
        let reason = reason.into();
        if reason.trim().is_empty() {
            return Err(LedgerError::Empty("理由 / the reason"));
        }
        self.log(
            stamp,
            format!("确定合理答复期限 {due}（条例第三十五条）：{reason}"),
        );
        self.custom_due = Some(CustomDue { due, reason });
        Ok(())
    }

    /// Records a fee notice: one per request, one method.
    pub fn send_fee_notice(
        &mut self,
        sent: Date,
        method: FeeMethod,
        stamp: &Stamp,
    ) -> Result<u64, LedgerError> {
        self.open()?;
        if self.fee.is_some() {
            return Err(LedgerError::Once("收费通知 / the fee notice"));
        }
        Self::not_before("收费通知日期 / day of the fee notice", sent, self.received)?;
        let amount = method.amount();
        self.log(
            stamp,
            format!(
                "发出收费通知（{sent}），{}：{}",
                method.label(),
                method.breakdown()
            ),
        );
        self.fee = Some(FeeNotice {
            sent,
            method,
            amount,
            paid: None,
        });
        Ok(amount)
    }

    /// Records the payment of the fee.
    pub fn record_payment(&mut self, paid: Date, stamp: &Stamp) -> Result<(), LedgerError> {
        self.open()?;
        let f = self
            .fee
            .as_mut()
            .ok_or_else(|| LedgerError::Invalid("没有收费通知 / no fee notice was sent".into()))?;
        if f.paid.is_some() {
            return Err(LedgerError::Once("缴费 / the payment"));
        }
        Self::not_before("缴费日期 / day of payment", paid, f.sent)?;
        f.paid = Some(paid);
        let what = format!("申请人缴费 {} 元（{paid}）", yuan(f.amount));
        self.log(stamp, what);
        Ok(())
    }

    /// Closes the request with one outcome row of table three (the 2021 template), the
    /// legal basis of any refusal, and the day of the answer.
    pub fn close(
        &mut self,
        row: RequestRow,
        basis: Option<String>,
        answered: Date,
        stamp: &Stamp,
    ) -> Result<(), LedgerError> {
        self.open()?;
        if !row.is_outcome() || row == RequestRow::Other {
            return Err(LedgerError::NotAnOutcome(row.label().to_string()));
        }
        let basis = basis.filter(|b| !b.trim().is_empty());
        if needs_basis(row) && basis.is_none() {
            return Err(LedgerError::MissingBasis(row.full_label()));
        }
        Self::not_before("答复日期 / day of the answer", answered, self.received)?;
        let what = format!(
            "办结（{answered}）：{}{}",
            row.full_label(),
            basis
                .as_deref()
                .map(|b| format!("；依据：{b}"))
                .unwrap_or_default()
        );
        self.outcome = Some(Outcome {
            row,
            basis,
            answered,
        });
        self.log(stamp, what);
        Ok(())
    }

    /// Records a document issued.
    pub fn record_document(&mut self, kind: DocKind, issued: Date, stamp: &Stamp) {
        self.documents.push(IssuedDocument { kind, issued });
        self.log(stamp, format!("出具{}（{issued}）", kind.title()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_the_json_names() {
        for k in DocKind::ALL {
            assert_eq!(serde_json::to_value(k).ok(), Some(k.key().into()));
            assert_eq!(DocKind::from_key(k.key()), Some(*k));
        }
        for s in [
            Status::Open,
            Status::AwaitingCorrection,
            Status::Consulting,
            Status::AwaitingPayment,
            Status::Closed,
        ] {
            assert_eq!(serde_json::to_value(s).ok(), Some(s.key().into()));
        }
    }

    #[test]
    fn channels_parse_as_offices_write_them() {
        assert_eq!(Channel::parse("当面提交"), Some(Channel::InPerson));
        assert_eq!(Channel::parse("挂号信"), Some(Channel::RegisteredPost));
        assert_eq!(Channel::parse("EMS"), Some(Channel::RegisteredPost));
        assert_eq!(Channel::parse("平邮"), Some(Channel::OrdinaryPost));
        assert_eq!(Channel::parse("网上申请"), Some(Channel::Online));
        assert_eq!(Channel::parse("电子邮件"), Some(Channel::Online));
        assert_eq!(Channel::parse("传真"), Some(Channel::Fax));
        assert_eq!(Channel::parse("fax"), Some(Channel::Fax));
        assert_eq!(Channel::parse("信鸽"), None);
    }
}
