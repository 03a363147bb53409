//! The kind of reporting body, from its name: a people's government reporting for its
//! whole area, one of its departments, or a township or street.
//!
//! The kind decides the statutory deadline (条例 Art. 49: departments by 31 January, the
//! government's whole-area report by 31 March) and what a plausible whole-area figure is.
//! It is read from the end of the name, where Chinese administrative names carry the kind
//! of body (…县人民政府 / …县人民政府办公室 / …镇人民政府):
//!
//! ```
//! use xxgk_check::BodyKind;
//! assert_eq!(BodyKind::of_name("东山县人民政府"), BodyKind::Government);
//! assert_eq!(BodyKind::of_name("东山县人民政府办公室"), BodyKind::Department);
//! assert_eq!(BodyKind::of_name("东山县青石镇人民政府"), BodyKind::Township);
//! assert_eq!(BodyKind::of_name("示例"), BodyKind::Unknown);
//! ```

use xxgk_model::Report;

/// What kind of body a report is from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BodyKind {
    /// A people's government (province, city, county, district, banner, autonomous
    /// prefecture or county), a 行政公署, or the 管理委员会 of a development zone, high-tech
    /// zone or new area acting as the government of its area: the whole-area report.
    Government,
    /// A department or office of a government (…局, …委员会, …办公室 — including the
    /// government's own 办公室/办公厅 —, …厅, …中心, …大队), or another body that is not a
    /// government.
    Department,
    /// A township or town government (…乡人民政府, …镇人民政府, 苏木) or a street office
    /// (…街道办事处).
    Township,
    /// The name is missing or says nothing of the kind.
    Unknown,
}

/// Zones whose 管理委员会 governs the zone's area.
const ZONES: &[&str] = &[
    "开发区",
    "高新区",
    "新区",
    "园区",
    "试验区",
    "示范区",
    "合作区",
    "保税区",
    "经济区",
];

/// Administrative divisions whose government is a whole-area government.
const AREAS: &[char] = &['省', '市', '县', '区', '旗', '州', '盟'];

/// Endings of a department's (or another non-government body's) name.
const DEPARTMENT_ENDINGS: &[&str] = &[
    "局",
    "委员会",
    "委",
    "办公室",
    "办公厅",
    "办",
    "厅",
    "中心",
    "大队",
    "支队",
    "总队",
    "队",
    "机构",
    "所",
    "站",
    "处",
    "部",
    "馆",
    "院",
    "社",
    "会",
    "司",
];

impl BodyKind {
    /// The kind of the body named `name` (a name as published, spaces allowed).
    pub fn of_name(name: &str) -> BodyKind {
        let n: String = name
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
            .collect();
        let n = n.trim_end_matches(['（', '(', '）', ')']);
        if n.chars().count() < 2 {
            return BodyKind::Unknown;
        }
        // a street office, a town or township, by its last unit
        if n.ends_with("街道办事处") || n.ends_with("街道办") || n.ends_with("街道") {
            return BodyKind::Township;
        }
        let gov = n
            .strip_suffix("人民政府")
            .or_else(|| n.strip_suffix("政府"));
        if let Some(area) = gov {
            return match area.chars().last() {
                Some('镇' | '乡') => BodyKind::Township,
                _ if area.ends_with("苏木") => BodyKind::Township,
                Some(c) if AREAS.contains(&c) => BodyKind::Government,
                _ => BodyKind::Unknown,
            };
        }
        if n.ends_with("苏木") || n.ends_with('镇') || n.ends_with('乡') {
            return BodyKind::Township;
        }
        if n.ends_with("行政公署") || n.ends_with("行署") {
            return BodyKind::Government;
        }
        // the 管委会 of a zone governs it; any other 委员会 is a department
        if let Some(zone) = n
            .strip_suffix("管理委员会")
            .or_else(|| n.strip_suffix("管委会"))
        {
            let zone = zone.trim_end_matches("党工委");
            if ZONES.iter().any(|z| zone.ends_with(z)) {
                return BodyKind::Government;
            }
        }
        if n.ends_with("村民委员会") || n.ends_with("居民委员会") || n.ends_with("公司")
        {
            return BodyKind::Unknown;
        }
        if DEPARTMENT_ENDINGS.iter().any(|e| n.ends_with(e)) {
            return BodyKind::Department;
        }
        // a bare area name (“泽州县”, “示例市”, “某某经济技术开发区”) titles the whole-area report
        match n.chars().last() {
            Some(c) if AREAS.contains(&c) => BodyKind::Government,
            _ => BodyKind::Unknown,
        }
    }

    /// The kind of the body a report is from: its `agency`, or, where extraction found
    /// none, the name at the start of its title (the words before the year or before
    /// 政府信息公开).
    pub fn of_report(r: &Report) -> BodyKind {
        if let Some(a) = r.agency.as_deref() {
            let k = BodyKind::of_name(a);
            if k != BodyKind::Unknown {
                return k;
            }
        }
        r.title
            .as_deref()
            .and_then(name_in_title)
            .map(BodyKind::of_name)
            .unwrap_or(BodyKind::Unknown)
    }

    /// 人民政府 (whole area), 政府部门, 乡镇（街道）, 未能识别.
    pub fn name_zh(self) -> &'static str {
        match self {
            BodyKind::Government => "人民政府（全辖区）",
            BodyKind::Department => "政府部门",
            BodyKind::Township => "乡镇人民政府或街道办事处",
            BodyKind::Unknown => "机关类别未能识别",
        }
    }

    /// government, department, township, unknown.
    pub fn name(self) -> &'static str {
        match self {
            BodyKind::Government => "government (whole area)",
            BodyKind::Department => "department",
            BodyKind::Township => "township or street",
            BodyKind::Unknown => "kind of body unknown",
        }
    }
}

/// The body's name in a title such as “2024年度东山县人民政府政府信息公开工作年度报告”:
/// the title without its year and without everything from 政府信息公开 / 政务公开 on.
fn name_in_title(title: &str) -> Option<&str> {
    let end = ["政府信息公开", "政务公开", "信息公开"]
        .iter()
        .filter_map(|k| title.find(k))
        .min()?;
    let head = &title[..end];
    // drop a leading or trailing year: 2024年 / 2024年度 / 二〇二四年度
    let is_year_char = |c: char| c.is_ascii_digit() || "〇零○一二三四五六七八九".contains(c);
    let strip_year = |s: &str| -> String {
        let s = s.trim_matches(|c: char| c.is_whitespace() || "#*《》“”".contains(c));
        let mut out = String::new();
        let mut rest = s;
        while let Some(p) = rest.find('年') {
            let before = &rest[..p];
            let digits = before
                .chars()
                .rev()
                .take_while(|c| is_year_char(*c))
                .count();
            if digits == 4 {
                let cut = before
                    .char_indices()
                    .rev()
                    .nth(3)
                    .map(|(i, _)| i)
                    .unwrap_or(0);
                out.push_str(&before[..cut]);
                rest = &rest[p + '年'.len_utf8()..];
                rest = rest.strip_prefix('度').unwrap_or(rest);
            } else {
                out.push_str(&rest[..p + '年'.len_utf8()]);
                rest = &rest[p + '年'.len_utf8()..];
            }
        }
        out.push_str(rest);
        out
    };
    let name = strip_year(head);
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    // return a slice of the title: find the name in it (it is contiguous unless a year sat
    // inside it, which no real title does)
    title.find(name).map(|i| &title[i..i + name.len()])
}

#[cfg(test)]
mod tests {
    use super::BodyKind::{self, *};
    use xxgk_model::Report;

    #[test]
    fn governments() {
        for n in [
            "示例市人民政府",
            "东山县人民政府",
            "西河区人民政府",
            "南湖市临江区人民政府",
            "北岭自治县人民政府",
            "青石旗人民政府",
            "云岭自治州人民政府",
            "示例省人民政府",
            "示例自治区人民政府",
            "东山县政府",
            "示例经济技术开发区管理委员会",
            "示例高新技术产业开发区管委会",
            "临江新区管理委员会",
            "示例工业园区管理委员会",
            "示例新区党工委管委会",
            "示例地区行政公署",
            "泽州县",
            "示例市",
            "示例经济技术开发区",
        ] {
            assert_eq!(BodyKind::of_name(n), Government, "{n}");
        }
    }

    #[test]
    fn departments() {
        for n in [
            "东山县人民政府办公室",
            "示例市人民政府办公厅",
            "西河区发展和改革委员会",
            "临江新区发展和改革委员会",
            "示例市人民政府国有资产监督管理委员会",
            "重庆市綦江区应急管理局",
            "泽州县应急管理局",
            "示例市卫生健康委",
            "示例市公共资源交易中心",
            "赣州经济技术开发区消防救援大队",
            "新疆消防救援机构",
            "示例省自然资源厅",
            "示例高新区管委会经济发展局",
            "示例市城市管理委员会",
            "东山县政务服务管理办公室",
            "东山县人民政府 办公室",
        ] {
            assert_eq!(BodyKind::of_name(n), Department, "{n}");
        }
    }

    #[test]
    fn townships() {
        for n in [
            "东山县青石镇人民政府",
            "青石镇人民政府",
            "白水乡人民政府",
            "白水民族乡人民政府",
            "示例旗巴彦苏木人民政府",
            "巴彦苏木",
            "西河区东关街道办事处",
            "东关街道",
            "青石镇",
            "青石镇政府",
        ] {
            assert_eq!(BodyKind::of_name(n), Township, "{n}");
        }
    }

    #[test]
    fn unknown() {
        for n in [
            "",
            "示",
            "示例",
            "某某村民委员会",
            "示例水务集团有限公司",
            "示例林场人民政府",
        ] {
            assert_eq!(BodyKind::of_name(n), Unknown, "{n}");
        }
    }

    #[test]
    fn a_county_named_xiang_is_a_county() {
        // 乡宁县 is a county: the unit is the last character before 人民政府
        assert_eq!(BodyKind::of_name("乡宁县人民政府"), Government);
        assert_eq!(BodyKind::of_name("示例市乡村振兴局"), Department);
    }

    #[test]
    fn from_the_title_when_the_name_is_missing() {
        let mut r = Report::empty();
        r.title = Some("2024年度东山县人民政府政府信息公开工作年度报告".into());
        assert_eq!(BodyKind::of_report(&r), Government);
        r.title = Some("二〇二四年东山县人民政府办公室政府信息公开工作年度报告".into());
        assert_eq!(BodyKind::of_report(&r), Department);
        r.title = Some("青石镇2024年政府信息公开工作年度报告".into());
        assert_eq!(BodyKind::of_report(&r), Township);
        r.title = Some("2024年政府信息公开工作年度报告".into());
        assert_eq!(BodyKind::of_report(&r), Unknown);
        r.title = None;
        assert_eq!(BodyKind::of_report(&r), Unknown);
        // the agency, when there is one, decides
        r.agency = Some("东山县教育局".into());
        r.title = Some("东山县人民政府2024年政府信息公开工作年度报告".into());
        assert_eq!(BodyKind::of_report(&r), Department);
    }
}
