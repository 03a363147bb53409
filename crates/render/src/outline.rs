//! The order of a report as every writer lays it out: title, the 统计期限 sentence, the six
//! sections (a statutory section is written even when the source had no prose for it) with
//! their tables, and the signature. The writers differ only in how they draw each block,
//! so that what one writes, the readers read back to the same model from any of them.

use xxgk_model::{ActiveDisclosure2019, Report, SECTION_HEADINGS, TrialColumn, TrialRow};

/// Chinese numerals of the six sections.
const CN: [&str; 6] = ["一", "二", "三", "四", "五", "六"];

/// One block of the laid-out report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block<'a> {
    /// The title.
    Title(&'a str),
    /// 报告所列数据的统计期限为 … 。
    Period(String),
    /// A section heading with its number (“一、总体情况”).
    Heading(String),
    /// A paragraph of a section.
    Paragraph(&'a str),
    /// Statutory table 2, 3 or 4 (drawn only when the report has it).
    Table(u8),
    /// The signature: the body and the date (“2026年1月20日”), when there is a date.
    Signature {
        agency: Option<&'a str>,
        date: Option<String>,
    },
}

/// The blocks of `r`, in order.
pub(crate) fn outline(r: &Report) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    if let Some(t) = &r.title {
        out.push(Block::Title(t));
    }
    if let Some(y) = r.year {
        out.push(Block::Period(format!(
            "报告所列数据的统计期限为 {y} 年 1 月 1 日至 12 月 31 日。"
        )));
    }
    for n in 1..=6u8 {
        let i = usize::from(n - 1);
        let sec = r.section(n);
        if sec.is_none() && !(2..=4).contains(&n) {
            continue;
        }
        let heading = sec
            .map(|s| s.heading.as_str())
            .filter(|h| !h.is_empty())
            .unwrap_or(SECTION_HEADINGS[i]);
        out.push(Block::Heading(format!("{}、{heading}", CN[i])));
        if let Some(sec) = sec {
            out.extend(
                sec.text
                    .split('\n')
                    .filter(|p| !p.trim().is_empty())
                    .map(Block::Paragraph),
            );
        }
        if (2..=4).contains(&n) {
            out.push(Block::Table(n));
        }
    }
    if let Some(p) = &r.published {
        let date = Some(format!("{}年{}月{}日", p.year(), p.month(), p.day()));
        out.push(Block::Signature {
            agency: r.agency.as_deref(),
            date,
        });
    }
    out
}

/// One sub-table of table two in the trial template of 2019 (第二十条第（一）（五）（六）
/// （八）（九）项): its caption, column headers and the rows the report has, each with its
/// cells as text (a missing cell blank).
pub(crate) struct TrialItem {
    /// 第二十条第（一）项 …
    pub caption: &'static str,
    /// The column headers (after 信息内容).
    pub columns: Vec<&'static str>,
    /// (label, cells).
    pub rows: Vec<(&'static str, Vec<String>)>,
}

/// Table two of the trial template as its five sub-tables, in order.
pub(crate) fn trial_items(t: &ActiveDisclosure2019) -> Vec<TrialItem> {
    let mut out: Vec<TrialItem> = Vec::new();
    for row in TrialRow::ALL {
        if out.last().is_none_or(|i| i.caption != row.item()) {
            out.push(TrialItem {
                caption: row.item(),
                columns: row.columns().iter().map(|c| c.label()).collect(),
                rows: Vec::new(),
            });
        }
        if !t.has(*row) {
            continue;
        }
        let cells = row
            .columns()
            .iter()
            .map(|c| match c {
                TrialColumn::Amount => t
                    .procurement
                    .as_ref()
                    .and_then(|p| p.amount.clone())
                    .unwrap_or_default(),
                _ => t.get(*row, *c).map(|v| v.to_string()).unwrap_or_default(),
            })
            .collect();
        if let Some(item) = out.last_mut() {
            item.rows.push((row.label(), cells));
        }
    }
    out
}

/// How `n` value columns (1–3) share the three value columns of table two's grid: the last
/// one takes what is left.
pub(crate) fn trial_spans(n: usize) -> &'static [usize] {
    match n {
        1 => &[3],
        2 => &[1, 2],
        _ => &[1, 1, 1],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statutory_sections_are_written_even_without_prose() {
        let mut r = Report::empty();
        r.title = Some("示例局2025年政府信息公开工作年度报告".into());
        r.year = Some(2025);
        r.published = "2026-01-20".parse().ok();
        r.agency = Some("示例局".into());
        let b = outline(&r);
        let headings: Vec<&Block> = b
            .iter()
            .filter(|b| matches!(b, Block::Heading(_)))
            .collect();
        assert_eq!(
            headings,
            [
                &Block::Heading("二、主动公开政府信息情况".into()),
                &Block::Heading("三、收到和处理政府信息公开申请情况".into()),
                &Block::Heading("四、政府信息公开行政复议、行政诉讼情况".into()),
            ]
        );
        assert_eq!(
            b.last(),
            Some(&Block::Signature {
                agency: Some("示例局"),
                date: Some("2026年1月20日".into())
            })
        );
    }
}
