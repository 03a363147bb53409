//! The rules, one file each, grouped by family.

pub(crate) mod active;
pub(crate) mod appeals;
pub(crate) mod cross;
pub(crate) mod meta;
pub(crate) mod narrative;
pub(crate) mod quality;
pub(crate) mod requests;
pub(crate) mod structure;

use crate::Rule;

/// Defines `RULE` for a rule file. The documentation page is `docs/rules/CODE.md`.
macro_rules! rule {
    ($code:literal, $sev:ident, $zh:literal, $en:literal, $check:path) => {
        $crate::rules::rule!($code, $sev, $zh, $en, $check, true);
    };
    ($code:literal, $sev:ident, $zh:literal, $en:literal, $check:path, $active:literal) => {
        pub(crate) const RULE: crate::Rule = crate::Rule {
            code: $code,
            severity: xxgk_model::Severity::$sev,
            title: $zh,
            title_en: $en,
            active: $active,
            doc: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../docs/rules/",
                $code,
                ".md"
            )),
            check: $check,
        };
    };
}
pub(crate) use rule;

/// Reports every extraction note filed under the rule's code.
pub(crate) fn forward_notes(cx: &crate::Context, rule: &Rule, out: &mut Vec<xxgk_model::Finding>) {
    for n in cx.notes(rule.code) {
        out.push(crate::context::from_note(rule, n));
    }
}

/// A rule that needs other reports: nothing to do on one report.
pub(crate) fn needs_store(_: &crate::Context, _: &Rule, _: &mut Vec<xxgk_model::Finding>) {}

pub(crate) const REGISTRY: &[Rule] = &[
    structure::s001::RULE,
    structure::s002::RULE,
    structure::s003::RULE,
    structure::s004::RULE,
    structure::s005::RULE,
    structure::s006::RULE,
    meta::y101::RULE,
    meta::y102::RULE,
    meta::y103::RULE,
    meta::y104::RULE,
    active::a201::RULE,
    active::a202::RULE,
    active::a203::RULE,
    requests::t301::RULE,
    requests::t302::RULE,
    requests::t303::RULE,
    requests::t304::RULE,
    requests::t305::RULE,
    requests::t306::RULE,
    appeals::t401::RULE,
    appeals::t402::RULE,
    appeals::t403::RULE,
    appeals::t404::RULE,
    appeals::t405::RULE,
    appeals::t406::RULE,
    narrative::n101::RULE,
    narrative::n102::RULE,
    narrative::n103::RULE,
    narrative::n104::RULE,
    cross::x101::RULE,
    cross::x102::RULE,
    cross::x103::RULE,
    quality::q101::RULE,
    quality::q102::RULE,
];

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
    let start = doc.find("## 修改方法")?;
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
        let mut codes: Vec<_> = REGISTRY.iter().map(|r| r.code).collect();
        let n = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), n);
        assert_eq!(n, 34);
    }
}
