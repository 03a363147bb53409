//! S002: section headings missing, unnumbered, misnumbered or out of order.
use crate::{Context, Rule};
use xxgk_model::{Finding, Location, SECTION_HEADINGS};

super::super::rule!(
    "S002",
    Warning,
    "章节标题缺失、缺少序号、序号错误或顺序错误",
    "a section heading is missing, unnumbered, misnumbered or out of order",
    check
);

const CN: [&str; 6] = ["一", "二", "三", "四", "五", "六"];

fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(ex) = cx.extraction else { return };
    for n in 1..=6u8 {
        let i = usize::from(n - 1);
        let official = format!("{}、{}", CN[i], SECTION_HEADINGS[i]);
        match ex.layout.headings.iter().find(|h| h.section == n) {
            None => {
                let mut f = rule.finding(
                    format!("缺少第{}部分标题“{official}”", CN[i]),
                    format!("section {n} heading “{official}” is missing"),
                );
                f.section = Some(n);
                out.push(f);
            }
            Some(h) => {
                let loc = Location {
                    line: Some(h.line),
                    column: Some(h.column),
                    page: None,
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
        };
        out.push(f);
    }
}
