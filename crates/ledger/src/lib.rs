//! The agency's request ledger (依申请公开台账): the system of record of a disclosure
//! office, from which the annual report's tables three and four are computed.
//!
//! * [`Calendar`]: the official working-day calendar (`cn-workdays.toml`, bundled);
//!   a year it does not hold is an error, never a guess;
//! * [`Request`]: one request — applicant (its type a table-three column), what is asked,
//!   [`Receipt`] by channel (the received date of Art. 31), 补正, consultations, the one
//!   extension, an Art. 35 date, the fee notice, one outcome row of table three, documents,
//!   and the audit trail of every change;
//! * [`Request::schedule`]: the deadline engine (the 20th working day, restarts, pauses,
//!   extension, custom date, payment window) and [`Request::reminder`];
//! * [`fee_by_count`], [`fee_by_volume`]: the 信息处理费 of 国办函〔2020〕109号;
//! * [`document`]: the documents the office issues, as DOCX;
//! * [`import_xlsx`]: an office's spreadsheet register, all or nothing;
//! * [`Ledger`]: a body's requests and its review and litigation register;
//!   [`Ledger::table_three`], [`Ledger::table_four`], [`Ledger::draft_report`] at year end.
//!
//! ```
//! use xxgk_ledger::{Calendar, due_date};
//! use jiff::civil::date;
//! let cal = Calendar::official();
//! assert_eq!(due_date(&cal, date(2025, 9, 26)).unwrap(), date(2025, 10, 30));
//! assert_eq!(xxgk_ledger::fee_by_count(45), 5_500);
//! ```
#![deny(missing_docs)]

mod calendar;
mod deadline;
mod documents;
mod error;
mod fee;
pub mod import;
mod ledger;
mod request;
pub mod sample;

pub use calendar::{Calendar, CalendarError, OFFICIAL_TOML, today_in_china};
pub use deadline::{Clock, Reminder, Schedule, due_date};
pub use documents::{cn_date, document};
pub use error::LedgerError;
pub use fee::{FeeMethod, fee_by_count, fee_by_volume, yuan};
pub use import::{ImportError, Imported, import_xlsx};
pub use ledger::{Appeal, AppealDecision, FeeTotals, Ledger};
pub use request::{
    ANSWER_DAYS, Applicant, ApplicantKind, Asked, AuditEntry, CORRECTION_NOTICE_DAYS, Channel,
    Consultation, Consulted, Correction, CustomDue, DocKind, Extension, FeeNotice, IssuedDocument,
    MAX_EXTENSION_DAYS, NewRequest, Outcome, PAYMENT_DAYS, Receipt, Request, Stamp, Status,
    THIRD_PARTY_DAYS, needs_basis,
};
