//! The canonical model of a 政府信息公开工作年度报告 (government information disclosure
//! annual report) in the national format of 国办公开办函〔2021〕30号.
//!
//! This crate has no I/O. It defines:
//!
//! * [`Report`], serialised as the `xxgk/report@1` JSON of `format.md`: metadata, the six
//!   [`Section`]s, table two ([`ActiveDisclosure`]), table three ([`Requests`], 25 rows ×
//!   7 columns) and table four ([`Appeals`], 15 cells), plus the [`Provenance`] of every
//!   extracted cell;
//! * the [`Template`] a report follows: 2019 and 2020 reports follow the trial format of
//!   国办公开办函〔2019〕60号, whose table two ([`ActiveDisclosure2019`]) has other rows and
//!   columns and whose table three has one （六）其他处理 row ([`RequestRow::Other`]);
//! * the stable keys and official labels of every row and column ([`RequestRow`],
//!   [`Applicant`], [`AppealKind`], [`AppealResult`]);
//! * [`Finding`], the single diagnostic value that every renderer (human, JSON, SARIF) shows.
//!
//! A table the source lacks is `None` (JSON `null`), never zeros.
//!
//! ```
//! use xxgk_model::{Report, RequestRow, Applicant};
//! let mut r = Report::empty();
//! let mut t = xxgk_model::Requests::default();
//! t.set(RequestRow::NewReceived, Applicant::Total, Some(3));
//! r.requests = Some(t);
//! let json = serde_json::to_string(&r).unwrap();
//! assert!(json.contains("\"new_received\":[null,null,null,null,null,null,3]"));
//! let back: Report = serde_json::from_str(&json).unwrap();
//! assert_eq!(back, r);
//! ```
#![deny(missing_docs)]

mod finding;
mod keys;
mod report;

pub use finding::{Finding, Location, Severity, TableId};
pub use jiff::civil::Date;
pub use keys::{
    AppealKind, AppealResult, Applicant, CellRef, ColumnRef, DecisionKind, DocumentKind,
    IssuedColumn, NotACell, RequestRow, RowRef, SECTION_HEADINGS, Template, TrialColumn, TrialRow,
};
pub use report::{
    ActiveDisclosure, ActiveDisclosure2019, AppealGroup, Appeals, DocFormat, Documents2019,
    Fees2019, Issued, Items2019, Position, Procurement2019, Provenance, Report, RequestCells,
    Requests, SCHEMA_ID, Section, Source,
};

/// The JSON Schema of `xxgk/report@1`, as a pretty-printed JSON string.
pub fn report_schema() -> String {
    let schema = schemars::schema_for!(Report);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}
