//! The report and its tables.

use crate::keys::{
    AppealKind, AppealResult, Applicant, CellRef, RequestRow, Template, TrialColumn, TrialRow,
};
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

/// 本年新制作数量 / 本年新公开数量 / 对外公开总数量 of 规章 or 规范性文件 (trial template).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Documents2019 {
    /// 本年新制作数量
    pub made: Option<i64>,
    /// 本年新公开数量
    pub published: Option<i64>,
    /// 对外公开总数量
    pub total_public: Option<i64>,
}

/// 上一年项目数量 / 本年增/减 / 处理决定数量 of 行政许可, 其他对外管理服务事项, 行政处罚 or
/// 行政强制 (trial template).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Items2019 {
    /// 上一年项目数量
    pub previous_year: Option<i64>,
    /// 本年增/减 (negative for a decrease)
    pub change: Option<i64>,
    /// 处理决定数量
    pub decisions: Option<i64>,
}

/// 上一年项目数量 / 本年增/减 of 行政事业性收费 (trial template; no amount).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Fees2019 {
    /// 上一年项目数量
    pub previous_year: Option<i64>,
    /// 本年增/减 (negative for a decrease)
    pub change: Option<i64>,
}

/// 采购项目数量 / 采购总金额 of 政府集中采购 (trial template only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Procurement2019 {
    /// 采购项目数量
    pub projects: Option<i64>,
    /// 采购总金额（万元）, exact decimal text as published.
    pub amount: Option<String>,
}

/// Table two in the trial template of 2019 (国办公开办函〔2019〕60号), which 2019 and
/// 2020 reports follow: other rows and other columns than [`ActiveDisclosure`], so none of
/// its figures is put in a 2021 key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ActiveDisclosure2019 {
    /// 规章
    pub regulations: Option<Documents2019>,
    /// 规范性文件
    pub normative_documents: Option<Documents2019>,
    /// 行政许可
    pub licensing: Option<Items2019>,
    /// 其他对外管理服务事项
    pub other_services: Option<Items2019>,
    /// 行政处罚
    pub penalty: Option<Items2019>,
    /// 行政强制
    pub coercion: Option<Items2019>,
    /// 行政事业性收费
    pub fees: Option<Fees2019>,
    /// 政府集中采购
    pub procurement: Option<Procurement2019>,
}

impl ActiveDisclosure2019 {
    /// Whether the row is present.
    pub fn has(&self, row: TrialRow) -> bool {
        match row {
            TrialRow::Regulations => self.regulations.is_some(),
            TrialRow::NormativeDocuments => self.normative_documents.is_some(),
            TrialRow::Licensing => self.licensing.is_some(),
            TrialRow::OtherServices => self.other_services.is_some(),
            TrialRow::Penalty => self.penalty.is_some(),
            TrialRow::Coercion => self.coercion.is_some(),
            TrialRow::Fees => self.fees.is_some(),
            TrialRow::Procurement => self.procurement.is_some(),
        }
    }

    fn items(&self, row: TrialRow) -> Option<&Items2019> {
        match row {
            TrialRow::Licensing => self.licensing.as_ref(),
            TrialRow::OtherServices => self.other_services.as_ref(),
            TrialRow::Penalty => self.penalty.as_ref(),
            TrialRow::Coercion => self.coercion.as_ref(),
            _ => None,
        }
    }

    /// A whole-number cell; `None` when the row or cell is absent, for a column the row
    /// does not have, and for the procurement amount (a decimal: [`Procurement2019::amount`]).
    pub fn get(&self, row: TrialRow, col: TrialColumn) -> Option<i64> {
        use TrialColumn as C;
        match row {
            TrialRow::Regulations | TrialRow::NormativeDocuments => {
                let d = if row == TrialRow::Regulations {
                    self.regulations
                } else {
                    self.normative_documents
                }?;
                match col {
                    C::Made => d.made,
                    C::Published => d.published,
                    C::TotalPublic => d.total_public,
                    _ => None,
                }
            }
            TrialRow::Fees => {
                let f = self.fees?;
                match col {
                    C::PreviousYear => f.previous_year,
                    C::Change => f.change,
                    _ => None,
                }
            }
            TrialRow::Procurement => match col {
                C::Projects => self.procurement.as_ref()?.projects,
                _ => None,
            },
            _ => {
                let i = self.items(row)?;
                match col {
                    C::PreviousYear => i.previous_year,
                    C::Change => i.change,
                    C::Decisions => i.decisions,
                    _ => None,
                }
            }
        }
    }

    /// Sets a whole-number cell, creating the row (all cells `None`) if needed; a column
    /// the row does not have, and the procurement amount, are left alone.
    pub fn set(&mut self, row: TrialRow, col: TrialColumn, v: Option<i64>) {
        use TrialColumn as C;
        match row {
            TrialRow::Regulations | TrialRow::NormativeDocuments => {
                let d = if row == TrialRow::Regulations {
                    &mut self.regulations
                } else {
                    &mut self.normative_documents
                }
                .get_or_insert_default();
                match col {
                    C::Made => d.made = v,
                    C::Published => d.published = v,
                    C::TotalPublic => d.total_public = v,
                    _ => {}
                }
            }
            TrialRow::Fees => {
                let f = self.fees.get_or_insert_default();
                match col {
                    C::PreviousYear => f.previous_year = v,
                    C::Change => f.change = v,
                    _ => {}
                }
            }
            TrialRow::Procurement => {
                let p = self.procurement.get_or_insert_default();
                if col == C::Projects {
                    p.projects = v;
                }
            }
            _ => {
                let slot = match row {
                    TrialRow::Licensing => &mut self.licensing,
                    TrialRow::OtherServices => &mut self.other_services,
                    TrialRow::Penalty => &mut self.penalty,
                    _ => &mut self.coercion,
                };
                let i = slot.get_or_insert_default();
                match col {
                    C::PreviousYear => i.previous_year = v,
                    C::Change => i.change = v,
                    C::Decisions => i.decisions = v,
                    _ => {}
                }
            }
        }
    }
}

/// The seven cells of one table-three row, in [`Applicant`] order.
pub type RequestCells = [Option<i64>; 7];

macro_rules! requests_struct {
    ($($(#[$fm:meta])* $field:ident => $var:ident),+ $(,)?) => {
        /// Table three: 收到和处理政府信息公开申请情况, 25 rows of 7 cells in the 2021
        /// template, 23 in the trial one ([`RequestRow::rows`]). A row the source lacks is
        /// `None`.
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
        pub struct Requests {
            $(
                #[doc = concat!("Row `", stringify!($field), "`.")]
                $(#[$fm])*
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
    // the trial template's single （六）其他处理 row: absent from the JSON of 2021 reports
    #[serde(default, skip_serializing_if = "Option::is_none")]
    other => Other,
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
    /// The layout the report follows (JSON `"2021"`, the default, left out; `"2019"` for
    /// the trial format).
    #[serde(default, skip_serializing_if = "Template::is_2021")]
    pub template: Template,
    /// The title as published.
    pub title: Option<String>,
    /// The date the report carries (`YYYY-MM-DD` in JSON).
    #[schemars(with = "Option<String>")]
    pub published: Option<jiff::civil::Date>,
    /// The sections found, in document order.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Table two in the 2021 layout, or `null` when the source lacks it (or has it in the
    /// trial layout).
    pub active_disclosure: Option<ActiveDisclosure>,
    /// Table two in the trial layout of 2019, left out of JSON when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_disclosure_2019: Option<ActiveDisclosure2019>,
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
            template: Template::Format2021,
            title: None,
            published: None,
            sections: Vec::new(),
            active_disclosure: None,
            active_disclosure_2019: None,
            requests: None,
            appeals: None,
            provenance: Provenance::new(),
        }
    }

    /// Whether table two is present, in either layout.
    pub fn has_table_two(&self) -> bool {
        self.active_disclosure.is_some() || self.active_disclosure_2019.is_some()
    }

    /// The rows of table three in the report's template.
    pub fn request_rows(&self) -> &'static [RequestRow] {
        RequestRow::rows(self.template)
    }

    /// The section with number `n` (1–6), if found.
    pub fn section(&self, n: u8) -> Option<&Section> {
        self.sections.iter().find(|s| s.number == n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_2021_report_has_no_template_key_and_old_json_reads_as_2021() {
        let r = Report::empty();
        let json = serde_json::to_string(&r).expect("json");
        assert!(!json.contains("template"), "{json}");
        assert!(!json.contains("active_disclosure_2019"), "{json}");
        let back: Report = serde_json::from_str(&json).expect("back");
        assert_eq!(back.template, Template::Format2021);
        // a 2021 table three has no `other` key
        let mut t = Requests::default();
        t.set(RequestRow::OtherOther, Applicant::Total, Some(1));
        let json = serde_json::to_string(&t).expect("json");
        assert!(!json.contains("\"other\""), "{json}");
    }

    #[test]
    fn a_trial_report_round_trips_through_json() {
        let mut r = Report::empty();
        r.template = Template::Trial2019;
        let mut t2 = ActiveDisclosure2019::default();
        t2.set(TrialRow::Licensing, TrialColumn::Change, Some(-3));
        t2.set(TrialRow::Regulations, TrialColumn::Made, Some(2));
        t2.procurement = Some(Procurement2019 {
            projects: Some(4),
            amount: Some("12.50".into()),
        });
        r.active_disclosure_2019 = Some(t2);
        let mut t3 = Requests::default();
        t3.set(RequestRow::Other, Applicant::Total, Some(5));
        r.requests = Some(t3);
        r.provenance.insert(
            CellRef::Trial(TrialRow::Licensing, TrialColumn::Change),
            Position::default(),
        );
        let json = serde_json::to_string(&r).expect("json");
        assert!(json.contains("\"template\":\"2019\""), "{json}");
        assert!(json.contains("\"change\":-3"), "{json}");
        assert!(
            json.contains("\"other\":[null,null,null,null,null,null,5]"),
            "{json}"
        );
        assert!(
            json.contains("active_disclosure_2019.licensing.change"),
            "{json}"
        );
        let back: Report = serde_json::from_str(&json).expect("back");
        assert_eq!(back, r);
        let t2 = back.active_disclosure_2019.expect("t2");
        assert_eq!(t2.get(TrialRow::Licensing, TrialColumn::Change), Some(-3));
        assert_eq!(t2.get(TrialRow::Licensing, TrialColumn::Made), None);
    }
}
