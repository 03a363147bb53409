//! Stable keys and official labels of the statutory tables.

use serde::{Deserialize, Serialize};

/// The six section headings, in order, in the official wording.
pub const SECTION_HEADINGS: [&str; 6] = [
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
];

macro_rules! keyed_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident = ($key:literal, $label:literal)),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $var),+ }
        impl $name {
            /// Every variant, in the official order.
            pub const ALL: &'static [$name] = &[$($name::$var),+];
            /// The stable key used in JSON and provenance paths.
            pub fn key(self) -> &'static str { match self { $($name::$var => $key),+ } }
            /// The official label (Chinese).
            pub fn label(self) -> &'static str { match self { $($name::$var => $label),+ } }
            /// Position in the official order, from 0.
            pub fn index(self) -> usize { self as usize }
            /// The variant for a stable key.
            pub fn from_key(k: &str) -> Option<Self> { Self::ALL.iter().copied().find(|v| v.key() == k) }
        }
    };
}

keyed_enum! {
    /// The seven numeric columns of table three.
    Applicant {
        /// 自然人
        NaturalPerson = ("natural_person", "自然人"),
        /// 商业企业
        Business = ("business", "商业企业"),
        /// 科研机构
        Research = ("research", "科研机构"),
        /// 社会公益组织
        Nonprofit = ("nonprofit", "社会公益组织"),
        /// 法律服务机构
        LegalService = ("legal_service", "法律服务机构"),
        /// 其他
        OtherOrg = ("other_org", "其他"),
        /// 总计
        Total = ("total", "总计"),
    }
}

keyed_enum! {
    /// The numeric rows of table three: the twenty-five of the 2021 template
    /// ([`RequestRow::ROWS_2021`]) and the single （六）其他处理 row of the 2019 trial
    /// template ([`RequestRow::ROWS_TRIAL`]). `ALL` holds every variant.
    RequestRow {
        /// 一、本年新收政府信息公开申请数量
        NewReceived = ("new_received", "一、本年新收政府信息公开申请数量"),
        /// 二、上年结转政府信息公开申请数量
        CarriedOver = ("carried_over", "二、上年结转政府信息公开申请数量"),
        /// （一）予以公开
        Granted = ("granted", "（一）予以公开"),
        /// （二）部分公开
        PartiallyGranted = ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
        /// 不予公开 1
        DeniedStateSecret = ("denied_state_secret", "1.属于国家秘密"),
        /// 不予公开 2
        DeniedProhibitedByLaw = ("denied_prohibited_by_law", "2.其他法律行政法规禁止公开"),
        /// 不予公开 3
        DeniedThreeSafeties = ("denied_three_safeties", "3.危及“三安全一稳定”"),
        /// 不予公开 4
        DeniedThirdParty = ("denied_third_party", "4.保护第三方合法权益"),
        /// 不予公开 5
        DeniedInternalAffairs = ("denied_internal_affairs", "5.属于三类内部事务信息"),
        /// 不予公开 6
        DeniedProcessInfo = ("denied_process_info", "6.属于四类过程性信息"),
        /// 不予公开 7
        DeniedEnforcementFile = ("denied_enforcement_file", "7.属于行政执法案卷"),
        /// 不予公开 8
        DeniedQueryMatter = ("denied_query_matter", "8.属于行政查询事项"),
        /// 无法提供 1
        UnavailableNotHeld = ("unavailable_not_held", "1.本机关不掌握相关政府信息"),
        /// 无法提供 2
        UnavailableNeedsCreation = ("unavailable_needs_creation", "2.没有现成信息需要另行制作"),
        /// 无法提供 3
        UnavailableStillUnclear = ("unavailable_still_unclear", "3.补正后申请内容仍不明确"),
        /// 不予处理 1
        RejectedPetition = ("rejected_petition", "1.信访举报投诉类申请"),
        /// 不予处理 2
        RejectedRepeated = ("rejected_repeated", "2.重复申请"),
        /// 不予处理 3
        RejectedPublication = ("rejected_publication", "3.要求提供公开出版物"),
        /// 不予处理 4
        RejectedExcessive = ("rejected_excessive", "4.无正当理由大量反复申请"),
        /// 不予处理 5
        RejectedConfirmation = ("rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息"),
        /// 其他处理 1
        OtherNoCorrection = ("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        /// 其他处理 2
        OtherFeeUnpaid = ("other_fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        /// 其他处理 3
        OtherOther = ("other_other", "3.其他"),
        /// （六）其他处理 as one row: the trial template of 2019 only (2019 and 2020
        /// reports), which does not split it into the three rows above
        Other = ("other", "（六）其他处理"),
        /// （七）总计
        Total = ("total", "（七）总计"),
        /// 四、结转下年度继续办理
        CarriedForward = ("carried_forward", "四、结转下年度继续办理"),
    }
}

impl RequestRow {
    /// The outcome group label (（三）不予公开 …) a row sits under, if any.
    pub fn group(self) -> Option<&'static str> {
        use RequestRow::*;
        Some(match self {
            DeniedStateSecret
            | DeniedProhibitedByLaw
            | DeniedThreeSafeties
            | DeniedThirdParty
            | DeniedInternalAffairs
            | DeniedProcessInfo
            | DeniedEnforcementFile
            | DeniedQueryMatter => "（三）不予公开",
            UnavailableNotHeld | UnavailableNeedsCreation | UnavailableStillUnclear => {
                "（四）无法提供"
            }
            RejectedPetition | RejectedRepeated | RejectedPublication | RejectedExcessive
            | RejectedConfirmation => "（五）不予处理",
            OtherNoCorrection | OtherFeeUnpaid | OtherOther => "（六）其他处理",
            _ => return None,
        })
    }

    /// The full label with its group, for display: `（三）不予公开 1.属于国家秘密`.
    pub fn full_label(self) -> String {
        match self.group() {
            Some(g) => format!("{g} {}", self.label()),
            None => self.label().to_string(),
        }
    }

    /// Whether this row is one of the outcome rows summed by （七）总计 (21 in the 2021
    /// template, 19 in the trial one).
    pub fn is_outcome(self) -> bool {
        let i = self.index();
        (RequestRow::Granted.index()..=RequestRow::Other.index()).contains(&i)
    }

    /// The twenty-five rows of the 2021 template, in order.
    pub const ROWS_2021: &'static [RequestRow] = &[
        RequestRow::NewReceived,
        RequestRow::CarriedOver,
        RequestRow::Granted,
        RequestRow::PartiallyGranted,
        RequestRow::DeniedStateSecret,
        RequestRow::DeniedProhibitedByLaw,
        RequestRow::DeniedThreeSafeties,
        RequestRow::DeniedThirdParty,
        RequestRow::DeniedInternalAffairs,
        RequestRow::DeniedProcessInfo,
        RequestRow::DeniedEnforcementFile,
        RequestRow::DeniedQueryMatter,
        RequestRow::UnavailableNotHeld,
        RequestRow::UnavailableNeedsCreation,
        RequestRow::UnavailableStillUnclear,
        RequestRow::RejectedPetition,
        RequestRow::RejectedRepeated,
        RequestRow::RejectedPublication,
        RequestRow::RejectedExcessive,
        RequestRow::RejectedConfirmation,
        RequestRow::OtherNoCorrection,
        RequestRow::OtherFeeUnpaid,
        RequestRow::OtherOther,
        RequestRow::Total,
        RequestRow::CarriedForward,
    ];

    /// The twenty-three rows of the 2019 trial template, in order: the 2021 rows with
    /// （六）其他处理 as one row.
    pub const ROWS_TRIAL: &'static [RequestRow] = &[
        RequestRow::NewReceived,
        RequestRow::CarriedOver,
        RequestRow::Granted,
        RequestRow::PartiallyGranted,
        RequestRow::DeniedStateSecret,
        RequestRow::DeniedProhibitedByLaw,
        RequestRow::DeniedThreeSafeties,
        RequestRow::DeniedThirdParty,
        RequestRow::DeniedInternalAffairs,
        RequestRow::DeniedProcessInfo,
        RequestRow::DeniedEnforcementFile,
        RequestRow::DeniedQueryMatter,
        RequestRow::UnavailableNotHeld,
        RequestRow::UnavailableNeedsCreation,
        RequestRow::UnavailableStillUnclear,
        RequestRow::RejectedPetition,
        RequestRow::RejectedRepeated,
        RequestRow::RejectedPublication,
        RequestRow::RejectedExcessive,
        RequestRow::RejectedConfirmation,
        RequestRow::Other,
        RequestRow::Total,
        RequestRow::CarriedForward,
    ];

    /// The rows of a template, in order.
    pub fn rows(template: Template) -> &'static [RequestRow] {
        match template {
            Template::Format2021 => RequestRow::ROWS_2021,
            Template::Trial2019 => RequestRow::ROWS_TRIAL,
        }
    }
}

/// The layout a report follows: the national format of 国办公开办函〔2021〕30号 (reports
/// for 2021 on), or the trial format of 国办公开办函〔2019〕60号 (reports for 2019 and
/// 2020). JSON `"2021"` (the default, left out) or `"2019"`.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
pub enum Template {
    /// 国办公开办函〔2021〕30号.
    #[default]
    #[serde(rename = "2021")]
    Format2021,
    /// The trial format of 国办公开办函〔2019〕60号.
    #[serde(rename = "2019")]
    Trial2019,
}

impl Template {
    /// Whether it is the 2021 format (left out of JSON).
    pub fn is_2021(&self) -> bool {
        *self == Template::Format2021
    }
    /// `"2021"` or `"2019"`, as in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Template::Format2021 => "2021",
            Template::Trial2019 => "2019",
        }
    }
}

keyed_enum! {
    /// The three groups of table four.
    AppealKind {
        /// 行政复议
        Review = ("review", "行政复议"),
        /// 行政诉讼 未经复议直接起诉
        LitigationDirect = ("litigation_direct", "未经复议直接起诉"),
        /// 行政诉讼 复议后起诉
        LitigationAfterReview = ("litigation_after_review", "复议后起诉"),
    }
}

keyed_enum! {
    /// The five cells of each table-four group.
    AppealResult {
        /// 结果维持
        Upheld = ("upheld", "结果维持"),
        /// 结果纠正
        Corrected = ("corrected", "结果纠正"),
        /// 其他结果
        Other = ("other", "其他结果"),
        /// 尚未审结
        Pending = ("pending", "尚未审结"),
        /// 总计
        Total = ("total", "总计"),
    }
}

keyed_enum! {
    /// The two document rows of table two's 第二十条第（一）项.
    DocumentKind {
        /// 规章
        Regulations = ("regulations", "规章"),
        /// 行政规范性文件
        NormativeDocuments = ("normative_documents", "行政规范性文件"),
    }
}

keyed_enum! {
    /// The three columns of table two's 第二十条第（一）项.
    IssuedColumn {
        /// 本年制发件数
        Issued = ("issued", "本年制发件数"),
        /// 本年废止件数
        Repealed = ("repealed", "本年废止件数"),
        /// 现行有效件数
        InForce = ("in_force", "现行有效件数"),
    }
}

keyed_enum! {
    /// The rows of table two in the trial template of 2019 (`active_disclosure_2019`).
    TrialRow {
        /// 规章 (第二十条第（一）项)
        Regulations = ("regulations", "规章"),
        /// 规范性文件 (第二十条第（一）项)
        NormativeDocuments = ("normative_documents", "规范性文件"),
        /// 行政许可 (第二十条第（五）项)
        Licensing = ("licensing", "行政许可"),
        /// 其他对外管理服务事项 (第二十条第（五）项)
        OtherServices = ("other_services", "其他对外管理服务事项"),
        /// 行政处罚 (第二十条第（六）项)
        Penalty = ("penalty", "行政处罚"),
        /// 行政强制 (第二十条第（六）项)
        Coercion = ("coercion", "行政强制"),
        /// 行政事业性收费 (第二十条第（八）项)
        Fees = ("fees", "行政事业性收费"),
        /// 政府集中采购 (第二十条第（九）项)
        Procurement = ("procurement", "政府集中采购"),
    }
}

keyed_enum! {
    /// The columns of table two in the trial template of 2019.
    TrialColumn {
        /// 本年新制作数量
        Made = ("made", "本年新制作数量"),
        /// 本年新公开数量
        Published = ("published", "本年新公开数量"),
        /// 对外公开总数量
        TotalPublic = ("total_public", "对外公开总数量"),
        /// 上一年项目数量
        PreviousYear = ("previous_year", "上一年项目数量"),
        /// 本年增/减 (may be negative)
        Change = ("change", "本年增/减"),
        /// 处理决定数量
        Decisions = ("decisions", "处理决定数量"),
        /// 采购项目数量
        Projects = ("projects", "采购项目数量"),
        /// 采购总金额 (万元), exact decimal text
        Amount = ("amount", "采购总金额"),
    }
}

impl TrialRow {
    /// The columns of its sub-table, in order.
    pub fn columns(self) -> &'static [TrialColumn] {
        use TrialColumn::*;
        match self {
            TrialRow::Regulations | TrialRow::NormativeDocuments => &[Made, Published, TotalPublic],
            TrialRow::Licensing
            | TrialRow::OtherServices
            | TrialRow::Penalty
            | TrialRow::Coercion => &[PreviousYear, Change, Decisions],
            TrialRow::Fees => &[PreviousYear, Change],
            TrialRow::Procurement => &[Projects, Amount],
        }
    }
    /// The sub-table it sits in: （一）, （五）, （六）, （八） or （九） of 第二十条.
    pub fn item(self) -> &'static str {
        match self {
            TrialRow::Regulations | TrialRow::NormativeDocuments => "第二十条第（一）项",
            TrialRow::Licensing | TrialRow::OtherServices => "第二十条第（五）项",
            TrialRow::Penalty | TrialRow::Coercion => "第二十条第（六）项",
            TrialRow::Fees => "第二十条第（八）项",
            TrialRow::Procurement => "第二十条第（九）项",
        }
    }
}

keyed_enum! {
    /// The decision counts of table two (第二十条第（五）（六）项).
    DecisionKind {
        /// 行政许可
        Licensing = ("licensing", "行政许可"),
        /// 行政处罚
        Penalty = ("penalty", "行政处罚"),
        /// 行政强制
        Coercion = ("coercion", "行政强制"),
    }
}

/// One cell of the three statutory tables: the typed reference that goes from extraction
/// (provenance) through the rules to a finding and the renderers. Its text form is the
/// provenance path of `format.md` (`requests.new_received[6]`, `appeals.review.total`,
/// `active_disclosure.regulations.issued`, `active_disclosure.licensing`,
/// `active_disclosure.fees_wan_yuan`), used only in JSON.
///
/// ```
/// use xxgk_model::{Applicant, CellRef, RequestRow, TableId};
/// let c = CellRef::Request(RequestRow::NewReceived, Applicant::Total);
/// assert_eq!(c.path(), "requests.new_received[6]");
/// assert_eq!("requests.new_received[6]".parse::<CellRef>(), Ok(c));
/// assert_eq!((c.table(), c.row_key(), c.column_key()), (TableId::Requests, "new_received", Some("total")));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CellRef {
    /// 规章 / 行政规范性文件 × 制发 / 废止 / 现行有效.
    Issued(DocumentKind, IssuedColumn),
    /// 行政许可 / 行政处罚 / 行政强制 本年处理决定数量.
    Decisions(DecisionKind),
    /// 行政事业性收费 本年收费金额（万元）.
    Fee,
    /// A cell of table two in the trial template of 2019
    /// (`active_disclosure_2019.licensing.previous_year`).
    Trial(TrialRow, TrialColumn),
    /// A cell of table three.
    Request(RequestRow, Applicant),
    /// A cell of table four.
    Appeal(AppealKind, AppealResult),
}

/// A row of the three tables, as an observation or a finding names it (`row` in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowRef {
    /// 规章 or 行政规范性文件.
    Document(DocumentKind),
    /// 行政许可, 行政处罚 or 行政强制.
    Decisions(DecisionKind),
    /// 行政事业性收费.
    Fee,
    /// A row of table two in the trial template.
    Trial(TrialRow),
    /// A row of table three.
    Request(RequestRow),
    /// A group of table four.
    Appeal(AppealKind),
}

impl RowRef {
    /// The row key (`regulations`, `fees_wan_yuan`, `granted`, `review`).
    pub fn key(self) -> &'static str {
        match self {
            RowRef::Document(d) => d.key(),
            RowRef::Decisions(d) => d.key(),
            RowRef::Fee => "fees_wan_yuan",
            RowRef::Trial(t) => t.key(),
            RowRef::Request(r) => r.key(),
            RowRef::Appeal(k) => k.key(),
        }
    }
}

/// A column of the three tables (`column` in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnRef {
    /// 本年制发件数, 本年废止件数 or 现行有效件数 (table two).
    Issued(IssuedColumn),
    /// A column of table two in the trial template.
    Trial(TrialColumn),
    /// An applicant column of table three.
    Applicant(Applicant),
    /// A result column of table four.
    Result(AppealResult),
}

impl ColumnRef {
    /// The column key (`in_force`, `natural_person`, `upheld`).
    pub fn key(self) -> &'static str {
        match self {
            ColumnRef::Issued(c) => c.key(),
            ColumnRef::Trial(c) => c.key(),
            ColumnRef::Applicant(c) => c.key(),
            ColumnRef::Result(r) => r.key(),
        }
    }
}

/// A provenance path that names no cell.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("不是单元格路径 / not a cell path: {0}")]
pub struct NotACell(pub String);

impl CellRef {
    /// The table it belongs to.
    pub fn table(self) -> crate::TableId {
        match self {
            CellRef::Issued(..) | CellRef::Decisions(_) | CellRef::Fee | CellRef::Trial(..) => {
                crate::TableId::ActiveDisclosure
            }
            CellRef::Request(..) => crate::TableId::Requests,
            CellRef::Appeal(..) => crate::TableId::Appeals,
        }
    }
    /// The row key, as findings carry it (`new_received`, `review`, `regulations`).
    pub fn row_key(self) -> &'static str {
        match self {
            CellRef::Issued(d, _) => d.key(),
            CellRef::Decisions(d) => d.key(),
            CellRef::Fee => "fees_wan_yuan",
            CellRef::Trial(t, _) => t.key(),
            CellRef::Request(r, _) => r.key(),
            CellRef::Appeal(k, _) => k.key(),
        }
    }
    /// The column key, as findings carry it (`total`, `upheld`, `issued`); none for the
    /// one-value rows of table two.
    pub fn column_key(self) -> Option<&'static str> {
        match self {
            CellRef::Issued(_, c) => Some(c.key()),
            CellRef::Decisions(_) | CellRef::Fee => None,
            CellRef::Trial(_, c) => Some(c.key()),
            CellRef::Request(_, c) => Some(c.key()),
            CellRef::Appeal(_, r) => Some(r.key()),
        }
    }
    /// The provenance path.
    pub fn path(self) -> String {
        match self {
            CellRef::Issued(d, c) => format!("active_disclosure.{}.{}", d.key(), c.key()),
            CellRef::Decisions(d) => format!("active_disclosure.{}", d.key()),
            CellRef::Fee => "active_disclosure.fees_wan_yuan".to_string(),
            CellRef::Trial(t, c) => format!("active_disclosure_2019.{}.{}", t.key(), c.key()),
            CellRef::Request(r, c) => format!("requests.{}[{}]", r.key(), c.index()),
            CellRef::Appeal(k, r) => format!("appeals.{}.{}", k.key(), r.key()),
        }
    }
}

impl std::fmt::Display for CellRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.path())
    }
}

impl std::str::FromStr for CellRef {
    type Err = NotACell;
    fn from_str(s: &str) -> Result<Self, NotACell> {
        let bad = || NotACell(s.to_string());
        if let Some(rest) = s.strip_prefix("requests.") {
            let (row, col) = rest
                .strip_suffix(']')
                .and_then(|r| r.split_once('['))
                .ok_or_else(bad)?;
            let row = RequestRow::from_key(row).ok_or_else(bad)?;
            let col: usize = col.parse().map_err(|_| bad())?;
            let col = Applicant::ALL.get(col).copied().ok_or_else(bad)?;
            return Ok(CellRef::Request(row, col));
        }
        if let Some(rest) = s.strip_prefix("appeals.") {
            let (k, r) = rest.split_once('.').ok_or_else(bad)?;
            let k = AppealKind::from_key(k).ok_or_else(bad)?;
            let r = AppealResult::from_key(r).ok_or_else(bad)?;
            return Ok(CellRef::Appeal(k, r));
        }
        if let Some(rest) = s.strip_prefix("active_disclosure_2019.") {
            let (t, c) = rest.split_once('.').ok_or_else(bad)?;
            let t = TrialRow::from_key(t).ok_or_else(bad)?;
            let c = TrialColumn::from_key(c).ok_or_else(bad)?;
            if !t.columns().contains(&c) {
                return Err(bad());
            }
            return Ok(CellRef::Trial(t, c));
        }
        let rest = s.strip_prefix("active_disclosure.").ok_or_else(bad)?;
        if rest == "fees_wan_yuan" {
            return Ok(CellRef::Fee);
        }
        if let Some(d) = DecisionKind::from_key(rest) {
            return Ok(CellRef::Decisions(d));
        }
        let (d, c) = rest.split_once('.').ok_or_else(bad)?;
        let d = DocumentKind::from_key(d).ok_or_else(bad)?;
        let c = IssuedColumn::from_key(c).ok_or_else(bad)?;
        Ok(CellRef::Issued(d, c))
    }
}

impl Serialize for CellRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.path())
    }
}

impl<'de> Deserialize<'de> for CellRef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cell_path_reads_back_as_its_cell() {
        let mut all = Vec::new();
        for d in DocumentKind::ALL {
            for c in IssuedColumn::ALL {
                all.push(CellRef::Issued(*d, *c));
            }
        }
        all.extend(DecisionKind::ALL.iter().map(|d| CellRef::Decisions(*d)));
        all.push(CellRef::Fee);
        for t in TrialRow::ALL {
            for c in t.columns() {
                all.push(CellRef::Trial(*t, *c));
            }
        }
        for r in RequestRow::ALL {
            for c in Applicant::ALL {
                all.push(CellRef::Request(*r, *c));
            }
        }
        for k in AppealKind::ALL {
            for r in AppealResult::ALL {
                all.push(CellRef::Appeal(*k, *r));
            }
        }
        assert_eq!(all.len(), 6 + 3 + 1 + 22 + 26 * 7 + 15);
        assert_eq!(RequestRow::ROWS_2021.len(), 25);
        assert_eq!(RequestRow::ROWS_TRIAL.len(), 23);
        assert!(
            RequestRow::ROWS_TRIAL
                .iter()
                .all(|r| *r != RequestRow::OtherOther)
        );
        for c in all {
            assert_eq!(c.path().parse::<CellRef>(), Ok(c));
            let json = serde_json::to_string(&c).expect("json");
            assert_eq!(serde_json::from_str::<CellRef>(&json).expect("back"), c);
        }
        for bad in [
            "requests.granted[7]",
            "requests.nope[0]",
            "appeals.review",
            "active_disclosure.fees",
            "active_disclosure_2019.fees.decisions",
            "active_disclosure_2019.regulations.issued",
            "x",
        ] {
            assert!(bad.parse::<CellRef>().is_err(), "{bad}");
        }
    }
}
