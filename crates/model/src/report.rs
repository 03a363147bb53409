//! The report and its tables.

use crate::keys::{AppealKind, AppealResult, Applicant, CellRef, RequestRow};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The schema identifier carried by every canonical report.
pub const SCHEMA_ID: &str = "xxgk/report@1";

/// Where a report was read from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    /// Path as given on the command line.
    pub path: String,
    /// SHA-256 of the raw bytes, lower-case hex.
    pub sha256: String,
    /// The format the bytes were read as.
    pub format: DocFormat,
}

/// Input formats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DocFormat {
    /// Plain text.
    #[default]
    Txt,
    /// Markdown.
    Md,
    /// HTML, any encoding.
    Html,
    /// Word 2007+.
    Docx,
    /// PDF with a text layer.
    Pdf,
    /// Excel 2007+.
    Xlsx,
    /// Canonical JSON (`xxgk/report@1`) or TOML of the same shape.
    Json,
}

impl DocFormat {
    /// The lower-case name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            DocFormat::Txt => "txt",
            DocFormat::Md => "md",
            DocFormat::Html => "html",
            DocFormat::Docx => "docx",
            DocFormat::Pdf => "pdf",
            DocFormat::Xlsx => "xlsx",
            DocFormat::Json => "json",
        }
    }
}

/// One of the six sections.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Section {
    /// 1–6.
    pub number: u8,
    /// The heading as published (without its number).
    pub heading: String,
    /// The prose of the section (tables excluded), paragraphs separated by `\n`.
    pub text: String,
}

/// 本年制发件数 / 本年废止件数 / 现行有效件数 of 规章 or 行政规范性文件.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Issued {
    /// 本年制发件数
    pub issued: Option<i64>,
    /// 本年废止件数
    pub repealed: Option<i64>,
    /// 现行有效件数
    pub in_force: Option<i64>,
}

/// Table two: 主动公开政府信息情况 (第二十条 items).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ActiveDisclosure {
    /// 规章
    pub regulations: Option<Issued>,
    /// 行政规范性文件
    pub normative_documents: Option<Issued>,
    /// 行政许可 本年处理决定数量
    pub licensing: Option<i64>,
    /// 行政处罚 本年处理决定数量
    pub penalty: Option<i64>,
    /// 行政强制 本年处理决定数量
    pub coercion: Option<i64>,
    /// 行政事业性收费 本年收费金额（万元）, exact decimal text.
    pub fees_wan_yuan: Option<String>,
}

/// The seven cells of one table-three row, in [`Applicant`] order.
pub type RequestCells = [Option<i64>; 7];

macro_rules! requests_struct {
    ($($field:ident => $var:ident),+ $(,)?) => {
        /// Table three: 收到和处理政府信息公开申请情况, 25 rows of 7 cells.
        /// A row the source lacks is `None`.
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
        pub struct Requests {
            $(
                #[doc = concat!("Row `", stringify!($field), "`.")]
                pub $field: Option<RequestCells>,
            )+
        }
        impl Requests {
            /// The row for a key.
            pub fn row(&self, r: RequestRow) -> Option<&RequestCells> {
                match r { $(RequestRow::$var => self.$field.as_ref()),+ }
            }
            /// The mutable row slot for a key.
            pub fn row_mut(&mut self, r: RequestRow) -> &mut Option<RequestCells> {
                match r { $(RequestRow::$var => &mut self.$field),+ }
            }
        }
    };
}

requests_struct! {
    new_received => NewReceived,
    carried_over => CarriedOver,
    granted => Granted,
    partially_granted => PartiallyGranted,
    denied_state_secret => DeniedStateSecret,
    denied_prohibited_by_law => DeniedProhibitedByLaw,
    denied_three_safeties => DeniedThreeSafeties,
    denied_third_party => DeniedThirdParty,
    denied_internal_affairs => DeniedInternalAffairs,
    denied_process_info => DeniedProcessInfo,
    denied_enforcement_file => DeniedEnforcementFile,
    denied_query_matter => DeniedQueryMatter,
    unavailable_not_held => UnavailableNotHeld,
    unavailable_needs_creation => UnavailableNeedsCreation,
    unavailable_still_unclear => UnavailableStillUnclear,
    rejected_petition => RejectedPetition,
    rejected_repeated => RejectedRepeated,
    rejected_publication => RejectedPublication,
    rejected_excessive => RejectedExcessive,
    rejected_confirmation => RejectedConfirmation,
    other_no_correction => OtherNoCorrection,
    other_fee_unpaid => OtherFeeUnpaid,
    other_other => OtherOther,
    total => Total,
    carried_forward => CarriedForward,
}

impl Requests {
    /// One cell; `None` when the row or the cell is absent.
    pub fn get(&self, r: RequestRow, c: Applicant) -> Option<i64> {
        self.row(r).and_then(|cells| cells[c.index()])
    }
    /// Sets one cell, creating the row (all cells `None`) if needed.
    pub fn set(&mut self, r: RequestRow, c: Applicant, v: Option<i64>) {
        let slot = self.row_mut(r);
        let cells = slot.get_or_insert([None; 7]);
        cells[c.index()] = v;
    }
    /// Whether no row at all is present.
    pub fn is_blank(&self) -> bool {
        RequestRow::ALL.iter().all(|r| self.row(*r).is_none())
    }
}

/// The five cells of one table-four group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AppealGroup {
    /// 结果维持
    pub upheld: Option<i64>,
    /// 结果纠正
    pub corrected: Option<i64>,
    /// 其他结果
    pub other: Option<i64>,
    /// 尚未审结
    pub pending: Option<i64>,
    /// 总计
    pub total: Option<i64>,
}

impl AppealGroup {
    /// One cell.
    pub fn get(&self, r: AppealResult) -> Option<i64> {
        match r {
            AppealResult::Upheld => self.upheld,
            AppealResult::Corrected => self.corrected,
            AppealResult::Other => self.other,
            AppealResult::Pending => self.pending,
            AppealResult::Total => self.total,
        }
    }
    /// Sets one cell.
    pub fn set(&mut self, r: AppealResult, v: Option<i64>) {
        *match r {
            AppealResult::Upheld => &mut self.upheld,
            AppealResult::Corrected => &mut self.corrected,
            AppealResult::Other => &mut self.other,
            AppealResult::Pending => &mut self.pending,
            AppealResult::Total => &mut self.total,
        } = v;
    }
}

/// Table four: 行政复议、行政诉讼情况.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Appeals {
    /// 行政复议
    pub review: AppealGroup,
    /// 行政诉讼 未经复议直接起诉
    pub litigation_direct: AppealGroup,
    /// 行政诉讼 复议后起诉
    pub litigation_after_review: AppealGroup,
}

impl Appeals {
    /// One group.
    pub fn group(&self, k: AppealKind) -> &AppealGroup {
        match k {
            AppealKind::Review => &self.review,
            AppealKind::LitigationDirect => &self.litigation_direct,
            AppealKind::LitigationAfterReview => &self.litigation_after_review,
        }
    }
    /// One group, mutable.
    pub fn group_mut(&mut self, k: AppealKind) -> &mut AppealGroup {
        match k {
            AppealKind::Review => &mut self.review,
            AppealKind::LitigationDirect => &mut self.litigation_direct,
            AppealKind::LitigationAfterReview => &mut self.litigation_after_review,
        }
    }
}

/// Where one value was read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Position {
    /// 1-based line in the source text (text formats).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column in characters (text formats).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// 1-based page (PDF).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// 1-based table/row/cell in document order (HTML, DOCX, XLSX).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<u32>,
    /// 1-based row within `table`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    /// 1-based cell within `row`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<u32>,
    /// The text of the cell as published.
    pub text: String,
    /// Set when the value's place in the table was inferred from an irregular row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Where each cell was read, by its typed reference (in JSON, keyed by the cell path:
/// `requests.new_received[6]`, `appeals.review.total`, `active_disclosure.regulations.issued`).
pub type Provenance = BTreeMap<CellRef, Position>;

/// A canonical report (`xxgk/report@1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    /// Always [`SCHEMA_ID`].
    pub schema: String,
    /// Where it was read from.
    #[serde(default)]
    pub source: Source,
    /// The reporting body.
    pub agency: Option<String>,
    /// The reporting year.
    pub year: Option<i32>,
    /// The title as published.
    pub title: Option<String>,
    /// The date the report carries (`YYYY-MM-DD` in JSON).
    #[schemars(with = "Option<String>")]
    pub published: Option<jiff::civil::Date>,
    /// The sections found, in document order.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Table two, or `null` when the source lacks it.
    pub active_disclosure: Option<ActiveDisclosure>,
    /// Table three, or `null` when the source lacks it.
    pub requests: Option<Requests>,
    /// Table four, or `null` when the source lacks it.
    pub appeals: Option<Appeals>,
    /// Where every extracted cell was read.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Position>")]
    pub provenance: Provenance,
}

impl Report {
    /// A report with nothing in it.
    pub fn empty() -> Self {
        Report {
            schema: SCHEMA_ID.to_string(),
            source: Source::default(),
            agency: None,
            year: None,
            title: None,
            published: None,
            sections: Vec::new(),
            active_disclosure: None,
            requests: None,
            appeals: None,
            provenance: Provenance::new(),
        }
    }

    /// The section with number `n` (1–6), if found.
    pub fn section(&self, n: u8) -> Option<&Section> {
        self.sections.iter().find(|s| s.number == n)
    }
}
