//! The rules, grouped by family, and the registry: the one table that defines each rule
//! (code, severity, family, check, the extraction observations it reports, title). A code
//! is written nowhere else; the rest of the crate names a rule by its constant
//! (`rules::T302`). Each rule with logic of its own has a file `<family>/<code>.rs`; rules
//! that only report what extraction observed (S005, T304, T306, T404, T406) have none.
//! The rules across reports (A202's jump, A203, X101–X103: [`crate::history_rules`]) read
//! other reports through the context's [`History`](crate::History) and find nothing
//! without one.

pub(crate) mod active;
pub(crate) mod appeals;
pub(crate) mod body;
pub(crate) mod cross;
pub(crate) mod meta;
pub(crate) mod narrative;
pub(crate) mod quality;
pub(crate) mod requests;
pub(crate) mod structure;

use crate::Rule;
#[allow(clippy::enum_glob_use)]
use xxgk_extract::Observed::*;
#[allow(clippy::enum_glob_use)]
use xxgk_model::TableId::*;

/// Defines one constant per rule and [`REGISTRY`], in table order. The documentation page
/// of each is `docs/rules/CODE.md`.
macro_rules! registry {
    ($($code:ident: $sev:ident, $family:literal, $check:path, $active:literal, [$($obs:expr),*], $zh:literal, $en:literal;)+) => {
        $(
            #[doc = concat!("`", stringify!($code), "`: ", $en)]
            pub(crate) const $code: Rule = Rule {
                code: stringify!($code),
                severity: xxgk_model::Severity::$sev,
                family: $family,
                title: $zh,
                title_en: $en,
                active: $active,
                doc: include_str!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/../../docs/rules/",
                    stringify!($code),
                    ".md"
                )),
                check: $check,
                reports: &[$($obs),*],
            };
        )+
        /// Every rule, in catalogue order (families together, codes ascending).
        pub(crate) const REGISTRY: &[Rule] = &[$($code),+];
    };
}

/// A rule whose findings all come from extraction's observations: nothing more to do.
pub(crate) fn nothing(_: &crate::Context, _: &Rule, _: &mut Vec<xxgk_model::Finding>) {}

registry! {
    S001: Error, "structure", structure::s001::check, true, [],
        "不是政府信息公开工作年度报告",
        "not an annual report";
    S002: Warning, "structure", structure::s002::check, true, [],
        "章节标题缺失、缺少序号、序号错误或顺序错误",
        "a section heading is missing, unnumbered, misnumbered or out of order";
    S003: Error, "structure", structure::s003::check, true, [],
        "缺少法定统计表",
        "a statutory table is missing";
    S004: Warning, "structure", structure::s004::check, true, [(OldTemplate, None)],
        "使用了2021年以前的旧模板",
        "outdated pre-2021 template";
    S005: Info, "structure", nothing, true, [(LabelVariant, None)],
        "标签与模板不同但已按含义匹配",
        "a label differs from the template but was matched";
    S006: Warning, "structure", structure::s006::check, true, [],
        "第五部分为空，或第六部分未说明信息处理费",
        "section 五 empty or section 六 silent on the processing fee";
    Y101: Warning, "meta", meta::y101::check, true, [],
        "标题中没有年份",
        "the title carries no year";
    Y102: Error, "meta", meta::y102::check, true, [],
        "标题、统计期限与正文的年份不一致",
        "the years disagree (title, 统计期限, body)";
    Y103: Warning, "meta", meta::y103::check, true, [],
        "晚于法定期限公布",
        "published after the statutory deadline";
    Y104: Warning, "meta", meta::y104::check, true, [],
        "无法确定报告主体",
        "the reporting body cannot be identified";
    A201: Error, "active", active::a201::check, true, [(IrregularRow, Some(ActiveDisclosure)), (MissingItems, Some(ActiveDisclosure)), (NotANumber, Some(ActiveDisclosure)), (BlankCell, Some(ActiveDisclosure))],
        "表二数值为负数或不是数字",
        "table two: a value is negative or not a number";
    A202: Warning, "active", active::a202::check, true, [],
        "行政事业性收费金额按万元计不合理（疑似按元填写）",
        "table two: the fee is implausible for 万元 (looks like 元)";
    A203: Info, "active", active::a203::check, true, [],
        "现行有效件数与上年不衔接",
        "in_force ≠ last year's in_force + issued − repealed";
    T301: Error, "requests", requests::t301::check, true, [],
        "表三某行总计不等于六类申请人之和",
        "table three: a row's 总计 ≠ the sum of its six applicant columns";
    T302: Error, "requests", requests::t302::check, true, [],
        "表三（七）总计不等于各办理结果之和",
        "table three: （七）总计 ≠ the sum of the outcome rows";
    T303: Error, "requests", requests::t303::check, true, [],
        "表三勾稽关系不成立：第一项加第二项不等于第三项加第四项",
        "table three: 一 + 二 ≠ （七）总计 + 四";
    T304: Warning, "requests", nothing, true, [(IrregularRow, Some(Requests)), (MissingItems, Some(Requests))],
        "表三某行单元格数与模板不符",
        "table three: a row has fewer or more cells than the template";
    T305: Error, "requests", requests::t305::check, true, [(NotANumber, Some(Requests))],
        "表三数值为负数或不是整数",
        "table three: a value is negative or not a whole number";
    T306: Info, "requests", nothing, true, [(BlankCell, Some(Requests))],
        "表三以空白或“/”代替 0",
        "table three: blank or “/” cells instead of 0";
    T401: Error, "appeals", appeals::t401::check, true, [],
        "表四行政复议总计不等于各项结果之和",
        "table four: 行政复议 总计 ≠ its four parts";
    T402: Error, "appeals", appeals::t402::check, true, [],
        "表四未经复议直接起诉总计不等于各项结果之和",
        "table four: 未经复议直接起诉 总计 ≠ its four parts";
    T403: Error, "appeals", appeals::t403::check, true, [],
        "表四复议后起诉总计不等于各项结果之和",
        "table four: 复议后起诉 总计 ≠ its four parts";
    T404: Warning, "appeals", nothing, true, [(IrregularRow, Some(Appeals)), (MissingItems, Some(Appeals))],
        "表四单元格数不是 15 个",
        "table four: the row has fewer or more than 15 cells";
    T405: Error, "appeals", appeals::t405::check, true, [(NotANumber, Some(Appeals))],
        "表四数值为负数或不是整数",
        "table four: a value is negative or not a whole number";
    T406: Info, "appeals", nothing, true, [(BlankCell, Some(Appeals))],
        "表四以空白或“/”代替 0",
        "table four: blank or “/” cells instead of 0";
    N101: Warning, "narrative", narrative::n101::check, true, [],
        "正文所述收到申请数与表三不一致",
        "the prose gives a number of requests received that the table does not";
    N102: Warning, "narrative", narrative::n102::check, true, [],
        "正文所述办结数与表三不一致",
        "the prose gives a number of requests completed that the table does not";
    N103: Warning, "narrative", narrative::n103::check, true, [],
        "正文所述结转下年度数与表三不一致",
        "the prose gives a number carried forward that the table does not";
    N104: Warning, "narrative", narrative::n104::check, true, [],
        "正文关于行政复议、行政诉讼的表述与表四不一致",
        "the prose and table four disagree on review and litigation";
    N105: Warning, "narrative", narrative::n105::check, true, [],
        "正文所述表二数字（规章、规范性文件、许可、处罚、强制、收费）与表二不一致",
        "the prose gives a table-two figure that table two does not";
    X101: Error, "cross", cross::x101::check, true, [],
        "上年结转数与上年报告的结转下年度数不一致",
        "上年结转 ≠ last year's 结转下年度继续办理";
    X102: Warning, "cross", cross::x102::check, true, [],
        "内容雷同",
        "a section is nearly identical to another report's";
    X103: Warning, "cross", cross::x103::check, true, [],
        "所有表格数字与上年完全相同",
        "every table figure equals last year's";
    Q101: Info, "quality", quality::q101::check, true, [],
        "中文正文中夹杂外文单词",
        "a foreign word inside Chinese prose";
    Q102: Info, "quality", quality::q102::check, true, [],
        "段落在句子中间断开",
        "a paragraph broken in mid-sentence";
}

/// The fix hint of a rule: the first paragraph under `## 修改方法` of its page.
pub(crate) fn help(code: &str) -> Option<String> {
    // read from each page once
    static HINTS: std::sync::LazyLock<Vec<(&'static str, Option<String>)>> =
        std::sync::LazyLock::new(|| REGISTRY.iter().map(|r| (r.code, hint(r.doc))).collect());
    HINTS
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .and_then(|(_, h)| h.clone())
}

/// The first paragraph under `## 修改方法` of a rule's page.
fn hint(doc: &str) -> Option<String> {
    first_paragraph(doc, "## 修改方法")
}

/// The first paragraph (the Chinese one) under a heading of a rule's page, on one line.
pub(crate) fn first_paragraph(doc: &str, heading: &str) -> Option<String> {
    let start = doc.find(heading)?;
    let body = &doc[start..];
    let body = &body[body.find('\n')? + 1..];
    body.split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty() && !p.starts_with('#'))
        .map(|p| p.replace('\n', ""))
}

/// Outcome of comparing two sums of cells that may be missing (`None`, left out by the
/// source). Values are non-negative in a valid table, so a known part already larger
/// than a fully known other side is a definite error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Balance {
    /// The sums are equal (or equal if the missing cells are 0).
    Holds,
    /// The sums differ for certain.
    Fails(i64, i64),
    /// Missing cells leave it open.
    Undecided,
}

pub(crate) fn balance(lhs: &[Option<i64>], rhs: &[Option<i64>]) -> Balance {
    let sum = |xs: &[Option<i64>]| -> (i64, usize) {
        xs.iter().fold((0i64, 0usize), |(s, u), x| match x {
            Some(v) => (s.saturating_add(*v), u),
            None => (s, u + 1),
        })
    };
    let (l, ul) = sum(lhs);
    let (r, ur) = sum(rhs);
    match (ul, ur) {
        (0, 0) if l == r => Balance::Holds,
        (0, 0) => Balance::Fails(l, r),
        (0, _) if r > l => Balance::Fails(l, r),
        (_, 0) if l > r => Balance::Fails(l, r),
        _ if l == r => Balance::Holds,
        _ => Balance::Undecided,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_says_what_it_checks_and_why_in_chinese() {
        for r in REGISTRY {
            let why = r.why().unwrap_or_else(|| panic!("{}: no 为什么", r.code));
            let what = r
                .what()
                .unwrap_or_else(|| panic!("{}: no 检查内容", r.code));
            for p in [&why, &what] {
                assert!(
                    p.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{}: {p}",
                    r.code
                );
                assert!(!p.starts_with('#'), "{}: {p}", r.code);
            }
        }
        assert!(T302.why().is_some_and(|w| w.contains("第三十六条")));
    }

    #[test]
    fn balance_with_missing_cells() {
        assert_eq!(balance(&[Some(1), Some(2)], &[Some(3)]), Balance::Holds);
        assert_eq!(
            balance(&[Some(1), Some(2)], &[Some(4)]),
            Balance::Fails(3, 4)
        );
        assert_eq!(balance(&[None, Some(2)], &[Some(2)]), Balance::Holds);
        assert_eq!(balance(&[None, Some(5)], &[Some(2)]), Balance::Fails(5, 2));
        assert_eq!(balance(&[None, Some(1)], &[Some(2)]), Balance::Undecided);
        assert_eq!(balance(&[Some(1)], &[None]), Balance::Undecided);
    }

    #[test]
    fn every_rule_has_a_complete_page() {
        for r in REGISTRY {
            for h in [
                "# ",
                "## 检查内容",
                "## 为什么",
                "## 示例",
                "## 修改方法",
                "## 参考",
            ] {
                assert!(r.doc.contains(h), "{} page lacks {h}", r.code);
            }
            assert!(
                r.doc.starts_with(&format!("# {}", r.code)),
                "{} page title",
                r.code
            );
            assert!(help(r.code).is_some(), "{} has no fix hint", r.code);
        }
    }

    #[test]
    fn codes_are_unique_and_sorted_within_families() {
        let codes: Vec<&str> = REGISTRY.iter().map(|r| r.code).collect();
        let unique: std::collections::BTreeSet<&str> = codes.iter().copied().collect();
        assert_eq!(
            unique.len(),
            codes.len(),
            "a code is registered twice: {codes:?}"
        );
        // a family is one letter (T3 and T4 are one family, T): its codes stand together,
        // in ascending order
        let family = |c: &str| c.chars().next().unwrap_or(' ');
        let mut seen = Vec::new();
        for w in codes.windows(2) {
            if family(w[0]) == family(w[1]) {
                assert!(w[0] < w[1], "{} before {}", w[0], w[1]);
            } else {
                seen.push(family(w[0]));
                assert!(!seen.contains(&family(w[1])), "family of {} split", w[1]);
            }
        }
        for c in &codes {
            assert!(
                c.len() == 4 && c[1..].chars().all(|d| d.is_ascii_digit()),
                "malformed code {c}"
            );
        }
    }

    /// Rules of ours that `format.md` does not list yet, each with its reason.
    const NOT_IN_THE_SPEC: &[(&str, &str)] = &[(
        "T406",
        "blank cells in table four: the twin of T306, proposed for format.md",
    )];

    /// The registry is the catalogue of `format.md` (`../shared/spec/`): the same codes
    /// with the same severities, none missing, none extra but those listed above.
    #[test]
    fn the_registry_is_the_published_catalogue() {
        let spec = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/spec/format.md"
        );
        let text = std::fs::read_to_string(spec).expect("../shared/spec/format.md");
        let mut published: Vec<(String, String)> = text
            .lines()
            .filter_map(|l| {
                let cells: Vec<&str> = l.split('|').map(str::trim).collect();
                let (code, sev) = (*cells.get(1)?, *cells.get(2)?);
                let ok = code.len() == 4
                    && code.starts_with(|c: char| c.is_ascii_uppercase())
                    && code[1..].chars().all(|d| d.is_ascii_digit());
                ok.then(|| (code.to_string(), sev.to_string()))
            })
            .collect();
        published.sort();
        let mut ours: Vec<(String, String)> = REGISTRY
            .iter()
            .filter(|r| !NOT_IN_THE_SPEC.iter().any(|(c, _)| *c == r.code))
            .map(|r| (r.code.to_string(), r.severity.name().to_string()))
            .collect();
        ours.sort();
        assert_eq!(ours, published);
    }

    /// A rule code is written in the registry above and nowhere else in the library code
    /// of the workspace (tests, examples and comments aside): extraction records
    /// observations, rules are named by their constant.
    #[test]
    fn codes_are_written_only_in_the_registry() {
        let code = regex::Regex::new(r#""[A-Z]\d{3}""#).expect("regex");
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let mut stray = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(root)];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).expect("crates").flatten() {
                let p = e.path();
                let name = p.to_string_lossy().to_string();
                if p.is_dir() {
                    // library code only: each crate's src
                    if !name.contains("/tests")
                        && !name.contains("/benches")
                        && !name.contains("/examples")
                    {
                        stack.push(p);
                    }
                } else if name.contains("/src/")
                    && name.ends_with(".rs")
                    && !name.ends_with("rules/mod.rs")
                {
                    let text = std::fs::read_to_string(&p).expect("source");
                    let library = text.split("#[cfg(test)]").next().unwrap_or_default();
                    for (i, line) in library.lines().enumerate() {
                        let l = line.trim_start();
                        if !l.starts_with("//") && code.is_match(l) {
                            stray.push(format!("{name}:{}: {l}", i + 1));
                        }
                    }
                }
            }
        }
        assert!(
            stray.is_empty(),
            "rule codes outside the registry:\n{}",
            stray.join("\n")
        );
    }
}
