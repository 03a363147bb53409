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
    /// The twenty-five numeric rows of table three.
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

    /// Whether this row is one of the 23 outcome rows summed by （七）总计.
    pub fn is_outcome(self) -> bool {
        let i = self.index();
        (RequestRow::Granted.index()..=RequestRow::OtherOther.index()).contains(&i)
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
