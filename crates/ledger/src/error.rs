//! The ledger's errors: a refused change says why, in Chinese then English.

use crate::calendar::CalendarError;
use crate::request::Channel;
use jiff::civil::Date;

/// Why a change to the ledger was refused, or a date could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    /// The calendar cannot answer (a year it does not hold, most often).
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// A received date after today.
    #[error(
        "收到日期 {received} 晚于今天 {today} / the received date {received} is after today {today}"
    )]
    FutureReceipt {
        /// The date given.
        received: Date,
        /// Today.
        today: Date,
    },
    /// 平邮, 网络 and 传真 are received on the day of confirmation (Art. 31), which is missing.
    #[error(
        "{0}渠道以双方确认之日为收到日期（条例第三十一条），尚未确认 / by {0} the received date is the day of confirmation (Art. 31), and there is none yet"
    )]
    NeedsConfirmation(Channel),
    /// A date before another it must follow.
    #[error("{what}：{date} 早于 {before} / {what}: {date} is before {before}")]
    DateOrder {
        /// What the date is.
        what: &'static str,
        /// The date given.
        date: Date,
        /// The date it must not precede.
        before: Date,
    },
    /// Something that may happen once happened already.
    #[error("{0}只能一次 / {0} may happen only once")]
    Once(&'static str),
    /// The 补正 notice after the seventh working day.
    #[error(
        "补正告知应在收到申请之日起 7 个工作日内（{by} 前）发出，{sent} 已逾期 / the 补正 notice must be sent within 7 working days (by {by}); {sent} is late"
    )]
    CorrectionTooLate {
        /// The day it was sent.
        sent: Date,
        /// The last day for it.
        by: Date,
    },
    /// An extension of more than 20 working days, or of none.
    #[error("延长期限须为 1–20 个工作日，不是 {0} / an extension is 1–20 working days, not {0}")]
    ExtensionLength(u32),
    /// The request is closed already.
    #[error("申请 {0} 已办结 / request {0} is closed")]
    Closed(String),
    /// Not one of the outcome rows of table three.
    #[error("“{0}”不是表三的办理结果行 / “{0}” is not an outcome row of table three")]
    NotAnOutcome(String),
    /// A refusal without its legal basis.
    #[error("“{0}”须写明法律依据 / “{0}” needs its legal basis")]
    MissingBasis(String),
    /// 总计 is not an applicant type.
    #[error(
        "申请人类型须为表三的六类之一，不能是“总计” / the applicant type is one of the six columns of table three, not 总计"
    )]
    ApplicantTotal,
    /// A required text is empty.
    #[error("{0}不能为空 / {0} must not be empty")]
    Empty(&'static str),
    /// No request or appeal by that number.
    #[error("没有编号为 {0} 的记录 / no record numbered {0}")]
    NotFound(String),
    /// A number used twice.
    #[error("编号 {0} 已存在 / number {0} exists already")]
    Duplicate(String),
    /// A fee notice paid or lapsed without a notice, a consultation index out of range, ….
    #[error("{0}")]
    Invalid(String),
}
