//! S002: section headings missing, unnumbered, misnumbered or out of order.
use crate::{Context, Rule};
use xxgk_extract::norm::{label_key, lcs};
use xxgk_model::{Finding, Location, SECTION_HEADINGS};

const CN: [&str; 6] = ["一", "二", "三", "四", "五", "六"];

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(ex) = cx.extraction else { return };
    for n in 1..=6u8 {
        let i = usize::from(n - 1);
        let official = format!("{}、{}", CN[i], SECTION_HEADINGS[i]);
        let found = ex.layout.headings.iter().find(|h| h.section == n);
        match (found, found.filter(|h| h.reworded)) {
            (_, Some(c)) => {
                let official = SECTION_HEADINGS[i];
                let what = difference(official, &c.text);
                let mut f = rule.finding(
                    format!(
                        "第{}部分标题“{}”与规定标题“{official}”不同{}",
                        CN[i], c.text, what.0
                    ),
                    format!(
                        "the heading of section {n} “{}” differs from the prescribed “{official}”{}",
                        c.text, what.1
                    ),
                );
                f.section = Some(n);
                f.location = Location::text(Some(c.line), Some(c.column));
                out.push(f);
            }
            (None, _) => {
                let mut f = rule.finding(
                    format!("缺少第{}部分标题“{official}”", CN[i]),
                    format!("section {n} heading “{official}” is missing"),
                );
                f.section = Some(n);
                out.push(f);
            }
            (Some(h), None) => {
                let loc = Location {
                    line: Some(h.line),
                    column: Some(h.column),
                    page: None,
                    ..Location::default()
                };
                let f = match h.printed {
                    None => Some(rule.finding(
                        format!("标题“{}”缺少序号，应为“{official}”", h.text),
                        format!(
                            "heading “{}” lacks its number; expected “{official}”",
                            h.text
                        ),
                    )),
                    Some(p) if p != n => Some(rule.finding(
                        format!(
                            "标题“{}”序号为“{}”，应为“{}”",
                            h.text,
                            CN[usize::from(p - 1)],
                            CN[i]
                        ),
                        format!("heading “{}” is numbered {p}, expected {n}", h.text),
                    )),
                    _ => None,
                };
                if let Some(mut f) = f {
                    f.section = Some(n);
                    f.location = loc;
                    out.push(f);
                }
            }
        }
    }
    for h in &ex.layout.out_of_order {
        let mut f = rule.finding(
            format!(
                "标题“{}”出现的顺序不对（第{}部分应在此前）",
                h.text,
                CN[usize::from(h.section - 1)]
            ),
            format!("heading “{}” is out of order", h.text),
        );
        f.section = Some(h.section);
        f.location = Location {
            line: Some(h.line),
            column: Some(h.column),
            page: None,
            ..Location::default()
        };
        out.push(f);
    }
}

/// What the published heading lacks and adds against the prescribed one, as
/// “（缺“的主要”）” / “ (lacks “的主要”)”. Punctuation is not compared.
fn difference(official: &str, published: &str) -> (String, String) {
    let a: Vec<char> = label_key(official).chars().collect();
    let b: Vec<char> = label_key(published).chars().collect();
    let common = lcs(&a, &b);
    let runs = |s: &[char], taken: &dyn Fn(usize) -> bool| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut cur = String::new();
        for (k, c) in s.iter().enumerate() {
            if taken(k) {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            } else {
                cur.push(*c);
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
        out
    };
    let lacks = runs(&a, &|k| common.iter().any(|x| x.0 == k));
    let adds = runs(&b, &|k| common.iter().any(|x| x.1 == k));
    let quote = |xs: &[String]| {
        xs.iter()
            .map(|x| format!("“{x}”"))
            .collect::<Vec<_>>()
            .join("、")
    };
    let mut zh = Vec::new();
    let mut en = Vec::new();
    if !lacks.is_empty() {
        zh.push(format!("缺{}", quote(&lacks)));
        en.push(format!("lacks {}", quote(&lacks)));
    }
    if !adds.is_empty() {
        zh.push(format!("多{}", quote(&adds)));
        en.push(format!("adds {}", quote(&adds)));
    }
    if zh.is_empty() {
        (String::new(), String::new())
    } else {
        (
            format!("（{}）", zh.join("，")),
            format!(" ({})", en.join(", ")),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::difference;

    #[test]
    fn what_differs() {
        assert_eq!(
            difference("存在的主要问题及改进情况", "存在问题及改进情况").0,
            "（缺“的主要”）"
        );
        assert_eq!(
            difference(
                "政府信息公开行政复议、行政诉讼情况",
                "政府信息公开行政法复议、行政诉讼情况"
            )
            .0,
            "（多“法”）"
        );
        assert_eq!(
            difference("其他需要报告的事项", "其它需要报告事项").0,
            "（缺“他”、“的”，多“它”）"
        );
    }
}
