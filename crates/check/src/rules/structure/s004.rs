//! S004: an outdated template. Extraction's observations of rows of the template used before
//! 2019 (非本部门掌握, 信息不存在) are reported through the registry; this check adds the
//! trial format of 2019 (国办公开办函〔2019〕60号) in a report whose year requires the
//! format of 2021: the trial format is right for 2019 and 2020, so those are never flagged.
use crate::{Context, Rule};
use xxgk_model::{CellRef, Finding, RequestRow, TableId, Template};

/// How to move a trial-format report to the 2021 format (the second paragraph under
/// `## 修改方法` of the rule's page).
const TRIAL_HINT: &str = "改用 30 号文规定的表二和表三：表二填写规章、行政规范性文件的本年制发件数、本年废止件数、现行有效件数，行政许可、行政处罚、行政强制的本年处理决定数量和行政事业性收费金额（万元），不再填写上一年项目数量、本年增/减和政府集中采购；表三把“（六）其他处理”按三种情形分行填报。";

/// The first reporting year for which 国办公开办函〔2021〕30号 prescribes its format.
const NEW_FORMAT_FROM: i32 = 2021;

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let r = cx.report;
    if r.template != Template::Trial2019 {
        return;
    }
    // a report of unknown year cannot be told to be late in changing format
    let Some(year) = r.year.filter(|y| *y >= NEW_FORMAT_FROM) else {
        return;
    };
    // where the trial layout shows first: its table two, else table three's 其他处理 row
    let first = r
        .provenance
        .iter()
        .filter(|(c, _)| {
            matches!(
                c,
                CellRef::Trial(..) | CellRef::Request(RequestRow::Other, _)
            )
        })
        .min_by_key(|(_, p)| (p.line.unwrap_or(u32::MAX), p.column.unwrap_or(u32::MAX)))
        .map(|(c, _)| *c);
    let (table, section, location) = match first {
        Some(c) => (
            c.table(),
            if c.table() == TableId::Requests { 3 } else { 2 },
            cx.at(c),
        ),
        None => (TableId::ActiveDisclosure, 2, cx.heading_at(2)),
    };
    let mut f = rule.finding(
        format!(
            "{year} 年度报告使用了 2019 年试行格式（国办公开办函〔2019〕60号：本年新制作数量、上一年项目数量、政府集中采购、单一的“（六）其他处理”行），应改用国办公开办函〔2021〕30号格式"
        ),
        format!(
            "a report for {year} uses the trial format of 2019 (国办公开办函〔2019〕60号: 本年新制作数量, 上一年项目数量, 政府集中采购, a single （六）其他处理 row); use the 2021 format"
        ),
    )
    .with("year", i64::from(year));
    // not the page's hint, which is for the rows of the template before 2019
    f.help = Some(TRIAL_HINT.to_string());
    f.section = Some(section);
    f.table = Some(table);
    f.location = location;
    out.push(f);
}
