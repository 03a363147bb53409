//! N105: the prose gives a table-two figure that table two does not.
//!
//! Only unambiguous phrasings count: a verb of the table's column right before the kind of
//! document and its number (“制发行政规范性文件5件”, “现行有效规范性文件46件”), the kind
//! then the verb (“规章现行有效3件”), a list continuing the same kind (“…5件，废止2件，现行有效
//! 46件”), a decision made (“作出行政处罚决定22件”) and the fee in 元 or 万元 (“行政事业性收费
//! 12.5万元”). A clause about another year (上年, 去年, 2023年 in a 2024 report), a
//! cumulative figure (累计, 以来) or another scope (全市, 各部门, 所属, 系统) is skipped, and so
//! is anything the table leaves open.
use super::{Prose, prose};
use crate::context::place;
use crate::{Context, Rule};
use regex::Regex;
use std::sync::LazyLock;
use xxgk_model::{
    ActiveDisclosure, CellRef, DecisionKind, DocumentKind, Finding, IssuedColumn, Location,
};

const UNIT: &str = r"\s*(?:件|个|份|部|项)";
const KIND: &str = r"(行政规范性文件|规范性文件|规章)";
const VERB: &str = r"(制发|印发|出台|制定|废止|现行有效)";
const TOTAL: &str = r"(?:共计|合计|共|为)?";

static DOC_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{VERB}(?:了|的)?(?:各类)?{KIND}{TOTAL}\s*(\d+){UNIT}"
    ))
    .expect("static regex")
});
static DOC_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{KIND}(?:本年度|本年)?{VERB}(?:的)?{TOTAL}\s*(\d+){UNIT}"
    ))
    .expect("static regex")
});
/// `，废止2件` after a match: the same kind, another column.
static DOC_NEXT_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[，、,]\s*(?:本年度|本年)?{VERB}(?:的)?{TOTAL}\s*(\d+){UNIT}"
    ))
    .expect("static regex")
});
/// `、行政规范性文件6件` after a match: the same column, another kind.
static DOC_NEXT_KIND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^[，、,和及]\s*{KIND}{TOTAL}\s*(\d+){UNIT}")).expect("static regex")
});
static DECISION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:作出|做出|办理|处理|下达)(?:了)?(?:各类)?行政(许可|处罚|强制)(?:处理)?决定(?:书)?(?:共计|合计|共)?\s*(\d+)\s*(?:件|个|份|起|宗|项|次)").expect("static regex")
});
static DECISION_NEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[，、,和及]\s*行政(许可|处罚|强制)(?:处理)?决定(?:书)?(?:共计|合计|共)?\s*(\d+)\s*(?:件|个|份|起|宗|项|次)").expect("static regex")
});
static FEE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"行政事业性收费(?:金额|总额|收入)?(?:共计|合计|总计|共|为)?\s*(\d+(?:\.\d+)?)\s*(万元|元)",
    )
    .expect("static regex")
});
/// Words that put a clause in another period, or give it another scope than the body's
/// own table (a government's prose on every department of its area: 全市各部门, 系统内).
static ELSEWHERE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"上年|去年|上一年|同比|累计|以来|历年|((?:19|20)\d{2})\s*年|",
        r"各级|各部门|各单位|各地|各乡镇|各县|各区|所属|下属|系统|",
        r"全省|全市|全县|全区|全州|全旗|全盟"
    ))
    .expect("static regex")
});

/// One cell of table two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    Doc(Doc, Col),
    Licensing,
    Penalty,
    Coercion,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Doc {
    Regulations,
    Normative,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Issued,
    Repealed,
    InForce,
}

fn doc(kind: &str) -> Doc {
    if kind == "规章" {
        Doc::Regulations
    } else {
        Doc::Normative
    }
}

fn col(verb: &str) -> Col {
    match verb {
        "废止" => Col::Repealed,
        "现行有效" => Col::InForce,
        _ => Col::Issued,
    }
}

fn decision(kind: &str) -> Cell {
    match kind {
        "许可" => Cell::Licensing,
        "处罚" => Cell::Penalty,
        _ => Cell::Coercion,
    }
}

impl Cell {
    fn cell_ref(self) -> CellRef {
        match self {
            Cell::Doc(d, c) => CellRef::Issued(
                match d {
                    Doc::Regulations => DocumentKind::Regulations,
                    Doc::Normative => DocumentKind::NormativeDocuments,
                },
                match c {
                    Col::Issued => IssuedColumn::Issued,
                    Col::Repealed => IssuedColumn::Repealed,
                    Col::InForce => IssuedColumn::InForce,
                },
            ),
            Cell::Licensing => CellRef::Decisions(DecisionKind::Licensing),
            Cell::Penalty => CellRef::Decisions(DecisionKind::Penalty),
            Cell::Coercion => CellRef::Decisions(DecisionKind::Coercion),
        }
    }
    fn zh(self) -> &'static str {
        match self {
            Cell::Doc(Doc::Regulations, Col::Issued) => "本年制发规章",
            Cell::Doc(Doc::Regulations, Col::Repealed) => "本年废止规章",
            Cell::Doc(Doc::Regulations, Col::InForce) => "现行有效规章",
            Cell::Doc(Doc::Normative, Col::Issued) => "本年制发行政规范性文件",
            Cell::Doc(Doc::Normative, Col::Repealed) => "本年废止行政规范性文件",
            Cell::Doc(Doc::Normative, Col::InForce) => "现行有效行政规范性文件",
            Cell::Licensing => "行政许可决定",
            Cell::Penalty => "行政处罚决定",
            Cell::Coercion => "行政强制决定",
        }
    }
    fn en(self) -> &'static str {
        match self {
            Cell::Doc(Doc::Regulations, Col::Issued) => "regulations issued",
            Cell::Doc(Doc::Regulations, Col::Repealed) => "regulations repealed",
            Cell::Doc(Doc::Regulations, Col::InForce) => "regulations in force",
            Cell::Doc(Doc::Normative, Col::Issued) => "normative documents issued",
            Cell::Doc(Doc::Normative, Col::Repealed) => "normative documents repealed",
            Cell::Doc(Doc::Normative, Col::InForce) => "normative documents in force",
            Cell::Licensing => "licensing decisions",
            Cell::Penalty => "penalty decisions",
            Cell::Coercion => "coercion decisions",
        }
    }
    fn value(self, t: &ActiveDisclosure) -> Option<i64> {
        match self {
            Cell::Doc(d, c) => {
                let i = match d {
                    Doc::Regulations => t.regulations,
                    Doc::Normative => t.normative_documents,
                }?;
                match c {
                    Col::Issued => i.issued,
                    Col::Repealed => i.repealed,
                    Col::InForce => i.in_force,
                }
            }
            Cell::Licensing => t.licensing,
            Cell::Penalty => t.penalty,
            Cell::Coercion => t.coercion,
        }
    }
}

/// A figure stated in the prose.
struct Said {
    cell: Cell,
    value: i64,
    text: String,
    loc: Location,
}

/// Byte ranges of the clauses of `text` (split at 。；; and line ends).
fn clauses(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '；' | ';' | '\n' | '！' | '？') {
            out.push((start, &text[start..i]));
            start = i + c.len_utf8();
        }
    }
    out.push((start, &text[start..]));
    out
}

/// Whether the words before a match put it in another period than `year`, or in another
/// scope than the body's own.
fn elsewhere(before: &str, year: Option<i32>) -> bool {
    ELSEWHERE.captures_iter(before).any(|c| match c.get(1) {
        None => true,
        Some(y) => y.as_str().parse::<i32>().ok() != year,
    })
}

/// Whether a document kind is qualified as something other than an administrative
/// normative document (党内规范性文件, 内部规范性文件).
fn qualified(before: &str) -> bool {
    ["党内", "党的", "内部", "其他", "部门内"]
        .iter()
        .any(|q| before.ends_with(q))
}

fn number(s: &str) -> Option<i64> {
    s.parse().ok()
}

fn said(p: &Prose, year: Option<i32>) -> Vec<Said> {
    let mut out = Vec::new();
    for (base, clause) in clauses(p.text) {
        let mut push = |cell: Cell, value: Option<i64>, from: usize, to: usize| {
            if let Some(value) = value {
                out.push(Said {
                    cell,
                    value,
                    text: clause[from..to].to_string(),
                    loc: p.at(base + from),
                });
            }
        };
        // documents: a first match, then the list that continues it
        let first = |m: regex::Match, k: regex::Match, v: regex::Match, n: regex::Match| {
            (
                m.start(),
                m.end(),
                doc(k.as_str()),
                col(v.as_str()),
                number(n.as_str()),
            )
        };
        let mut firsts: Vec<(usize, usize, Doc, Col, Option<i64>)> = Vec::new();
        for c in DOC_FIRST.captures_iter(clause) {
            let (Some(m), Some(v), Some(k), Some(n)) = (c.get(0), c.get(1), c.get(2), c.get(3))
            else {
                continue;
            };
            firsts.push(first(m, k, v, n));
        }
        for c in DOC_AFTER.captures_iter(clause) {
            let (Some(m), Some(k), Some(v), Some(n)) = (c.get(0), c.get(1), c.get(2), c.get(3))
            else {
                continue;
            };
            if qualified(&clause[..m.start()])
                || firsts.iter().any(|f| f.0 < m.end() && m.start() < f.1)
            {
                continue;
            }
            firsts.push(first(m, k, v, n));
        }
        firsts.sort_by_key(|f| f.0);
        for (start, mut end, mut d, mut c, n) in firsts {
            if elsewhere(&clause[..start], year) {
                continue;
            }
            push(Cell::Doc(d, c), n, start, end);
            loop {
                let rest = &clause[end..];
                if let Some(x) = DOC_NEXT_VERB.captures(rest)
                    && let (Some(m), Some(v), Some(n)) = (x.get(0), x.get(1), x.get(2))
                {
                    c = col(v.as_str());
                    push(Cell::Doc(d, c), number(n.as_str()), end, end + m.end());
                    end += m.end();
                } else if let Some(x) = DOC_NEXT_KIND.captures(rest)
                    && let (Some(m), Some(k), Some(n)) = (x.get(0), x.get(1), x.get(2))
                {
                    d = doc(k.as_str());
                    push(Cell::Doc(d, c), number(n.as_str()), end, end + m.end());
                    end += m.end();
                } else {
                    break;
                }
            }
        }
        for x in DECISION.captures_iter(clause) {
            let (Some(m), Some(k), Some(n)) = (x.get(0), x.get(1), x.get(2)) else {
                continue;
            };
            if elsewhere(&clause[..m.start()], year) {
                continue;
            }
            push(decision(k.as_str()), number(n.as_str()), m.start(), m.end());
            let mut end = m.end();
            while let Some(x) = DECISION_NEXT.captures(&clause[end..])
                && let (Some(m), Some(k), Some(n)) = (x.get(0), x.get(1), x.get(2))
            {
                push(decision(k.as_str()), number(n.as_str()), end, end + m.end());
                end += m.end();
            }
        }
    }
    out
}

/// An amount in fen (0.01 元) from its decimal text in `unit` (元 or 万元); `None` when
/// it has more decimals than a fen.
fn fen(text: &str, wan: bool) -> Option<i128> {
    let (int, frac) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    let places = if wan { 6 } else { 2 };
    if frac.len() > places || int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let int: i128 = int.parse().ok()?;
    let mut f = frac.to_string();
    while f.len() < places {
        f.push('0');
    }
    let frac: i128 = if f.is_empty() { 0 } else { f.parse().ok()? };
    int.checked_mul(10i128.pow(places as u32))?
        .checked_add(frac)
}

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(t) = &cx.report.active_disclosure else {
        return;
    };
    let year = cx.report.year;
    let paragraphs = prose(cx);
    let mut reported: Vec<Cell> = Vec::new();
    for p in &paragraphs {
        for s in said(p, year) {
            let Some(table) = s.cell.value(t) else {
                continue;
            };
            if s.value == table || reported.contains(&s.cell) {
                continue;
            }
            reported.push(s.cell);
            out.push(place(
                rule.finding(
                    format!(
                        "正文称{}为 {} 件（“{}”），表二为 {table} 件",
                        s.cell.zh(),
                        s.value,
                        s.text
                    ),
                    format!(
                        "the prose gives {} {} (“{}”), table two {table}",
                        s.cell.en(),
                        s.value,
                        s.text
                    ),
                )
                .with("prose", s.value)
                .with("table", table),
                s.cell.cell_ref(),
                s.loc,
            ));
        }
    }
    // the fee
    let Some(table) = t.fees_wan_yuan.as_deref() else {
        return;
    };
    let Some(table_fen) = fen(table, true) else {
        return;
    };
    for p in &paragraphs {
        for (base, clause) in clauses(p.text) {
            for x in FEE.captures_iter(clause) {
                let (Some(m), Some(n), Some(u)) = (x.get(0), x.get(1), x.get(2)) else {
                    continue;
                };
                if elsewhere(&clause[..m.start()], year) {
                    continue;
                }
                let Some(v) = fen(n.as_str(), u.as_str() == "万元") else {
                    continue;
                };
                if v != table_fen {
                    out.push(place(
                        rule.finding(
                            format!(
                                "正文称行政事业性收费为 {}{}（“{}”），表二为 {table} 万元",
                                n.as_str(),
                                u.as_str(),
                                m.as_str()
                            ),
                            format!(
                                "the prose gives the fee as {} {} (“{}”), table two {table} 万元",
                                n.as_str(),
                                u.as_str(),
                                m.as_str()
                            ),
                        )
                        .with("prose", n.as_str())
                        .with("unit", u.as_str())
                        .with("table", table),
                        CellRef::Fee,
                        p.at(base + m.start()),
                    ));
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use xxgk_model::{Issued, Report, Section};

    fn report(prose: &str) -> Report {
        let mut r = Report::empty();
        r.year = Some(2024);
        r.sections.push(Section {
            number: 1,
            heading: "总体情况".into(),
            text: prose.into(),
        });
        r.active_disclosure = Some(ActiveDisclosure {
            regulations: Some(Issued {
                issued: Some(0),
                repealed: Some(0),
                in_force: Some(3),
            }),
            normative_documents: Some(Issued {
                issued: Some(6),
                repealed: Some(4),
                in_force: Some(46),
            }),
            licensing: Some(231),
            penalty: Some(22),
            coercion: Some(2),
            fees_wan_yuan: Some("12.5".into()),
        });
        r
    }

    fn n105(prose: &str) -> Vec<(String, Option<String>)> {
        let r = report(prose);
        let mut out = Vec::new();
        check(&Context::new(&r), &crate::rules::N105, &mut out);
        out.into_iter()
            .map(|f| (f.row.unwrap_or_default(), f.column))
            .collect()
    }

    fn cell(row: &str, col: Option<&str>) -> (String, Option<String>) {
        (row.to_string(), col.map(str::to_string))
    }

    #[test]
    fn figures_that_agree_raise_nothing() {
        for p in [
            "本年度制发行政规范性文件6件，废止4件，现行有效46件。",
            "现行有效规范性文件46件；现行有效规章3件。",
            "制发规章0件、行政规范性文件6件。",
            "行政规范性文件现行有效46件。",
            "全年作出行政许可决定231件、行政处罚决定22件，行政强制决定2件。",
            "收取行政事业性收费12.5万元。",
            "本年度行政事业性收费共计125000元。",
            "行政事业性收费125000.00元。",
        ] {
            assert!(n105(p).is_empty(), "{p}: {:?}", n105(p));
        }
    }

    #[test]
    fn figures_that_disagree() {
        assert_eq!(
            n105("截至年底，现行有效行政规范性文件12件。"),
            [cell("normative_documents", Some("in_force"))]
        );
        assert_eq!(
            n105("本年度制发行政规范性文件6件，废止3件，现行有效46件。"),
            [cell("normative_documents", Some("repealed"))]
        );
        assert_eq!(
            n105("制发规章1件、行政规范性文件6件。"),
            [cell("regulations", Some("issued"))]
        );
        assert_eq!(
            n105("作出行政许可决定231件、行政处罚决定25件。"),
            [cell("penalty", None)]
        );
        assert_eq!(n105("作出行政强制决定3件。"), [cell("coercion", None)]);
        assert_eq!(
            n105("收取行政事业性收费12.6万元。"),
            [cell("fees_wan_yuan", None)]
        );
        assert_eq!(
            n105("行政事业性收费12500元。"),
            [cell("fees_wan_yuan", None)]
        );
    }

    #[test]
    fn ambiguous_phrasings_are_left_alone() {
        for p in [
            // other periods, cumulative figures
            "上年度制发行政规范性文件9件。",
            "2023年制发行政规范性文件9件。",
            "累计制发规范性文件120件。",
            "2019年以来制发规范性文件120件。",
            // another scope: a government's prose on its whole area
            "全市各级行政机关制发行政规范性文件120件。",
            "全县作出行政处罚决定1200件。",
            "局属各单位现行有效规范性文件30件。",
            // other kinds of documents and counts
            "制定规章制度8项。",
            "印发党内规范性文件3件。",
            "党内规范性文件现行有效9件。",
            "主动公开行政规范性文件12件。",
            "清理规范性文件54件，其中废止3件，保留46件。",
            "公开行政许可信息6009条，行政处罚信息3035条。",
            "办理行政处罚案件30件。",
            // the information processing fee is not table two's fee
            "本年度未收取信息处理费，收取信息处理费0元。",
            "行政事业性收费项目12项。",
            // numbers with separators are not read
            "作出行政许可决定1,231件。",
        ] {
            assert!(n105(p).is_empty(), "{p}: {:?}", n105(p));
        }
    }

    #[test]
    fn a_cell_the_table_leaves_open_is_not_compared() {
        let mut r = report("现行有效行政规范性文件12件。");
        if let Some(t) = r.active_disclosure.as_mut() {
            t.normative_documents = Some(Issued {
                in_force: None,
                ..Issued::default()
            });
        }
        let mut out = Vec::new();
        check(&Context::new(&r), &crate::rules::N105, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn fen_parses_exactly() {
        assert_eq!(fen("425.9598", true), Some(425_959_800));
        assert_eq!(fen("4259598", false), Some(425_959_800));
        assert_eq!(fen("0", true), Some(0));
        assert_eq!(fen("1.2345678", true), None);
        assert_eq!(fen("1.234", false), None);
        assert_eq!(fen("x", true), None);
    }
}
