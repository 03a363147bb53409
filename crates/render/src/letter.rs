//! A review letter (审核意见) to a body, as DOCX in the 公文 layout of GB/T 9704: the title
//! centred in 方正小标宋简体 二号, the body addressed flush left (主送), the prose in
//! 仿宋_GB2312 三号, one numbered item (一、二、…, in 黑体) per confirmed problem with the
//! rule it breaks, where it is, what the checker found and what the reviewer noted, then
//! the request to correct and reply, and the office's signature and date (落款).
//!
//! ```
//! let letter = xxgk_render::Letter {
//!     recipient: "东山县司法局".into(),
//!     year: Some(2024),
//!     report_title: None,
//!     problems: vec![xxgk_render::LetterProblem {
//!         confirmed: true,
//!         code: "T302".into(),
//!         title: "总计与各办理结果之和不符".into(),
//!         rule_text: String::new(),
//!         place: "表三".into(),
//!         message: "（七）总计 2 ≠ 各办理结果之和 0".into(),
//!         note: String::new(),
//!     }],
//!     reply_days: Some(10),
//!     office: "东山县人民政府办公室".into(),
//!     date: "2025年3月1日".into(),
//! };
//! let bytes = xxgk_render::letter(&letter).expect("docx");
//! assert!(bytes.starts_with(b"PK"));
//! ```

use crate::RenderError;
use crate::gongwen::{
    TWO_CHARS, body_paragraph, document, flush_paragraph, heading_paragraph, pack, right_paragraph,
    title_paragraph,
};
use docx_rs::Paragraph;

/// One problem of a letter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LetterProblem {
    /// Whether a reviewer confirmed it: only confirmed problems are written (so that a
    /// caller may pass every marked finding).
    pub confirmed: bool,
    /// The rule's code (`T302`).
    pub code: String,
    /// The rule's title (Chinese).
    pub title: String,
    /// What the rule checks and why, from the rule catalogue.
    pub rule_text: String,
    /// Where in the report (section, table, row and column, page or line).
    pub place: String,
    /// The finding's message.
    pub message: String,
    /// The reviewer's note.
    pub note: String,
}

/// A review letter to one body about one report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Letter {
    /// The body it is addressed to (主送).
    pub recipient: String,
    /// The reporting year.
    pub year: Option<i32>,
    /// The report's own title, if it gives one.
    pub report_title: Option<String>,
    /// The problems (the confirmed ones are written).
    pub problems: Vec<LetterProblem>,
    /// Working days to reply in, if a deadline is set.
    pub reply_days: Option<u32>,
    /// The office that signs (落款).
    pub office: String,
    /// The date it is signed (`2025年3月1日`).
    pub date: String,
}

/// `1` → `一`, `12` → `十二`, `20` → `二十`; plain digits from 100 on.
fn chinese_number(n: usize) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { D[n - 10] }),
        20..=99 => format!(
            "{}十{}",
            D[n / 10],
            if n.is_multiple_of(10) { "" } else { D[n % 10] }
        ),
        _ => n.to_string(),
    }
}

/// The title of the letter: `关于东山县司法局2024年政府信息公开工作年度报告的审核意见`.
pub fn letter_title(recipient: &str, year: Option<i32>) -> String {
    let year = year.map(|y| format!("{y}年")).unwrap_or_default();
    format!("关于{recipient}{year}政府信息公开工作年度报告的审核意见")
}

fn sentence(s: &str) -> String {
    let s = s.trim();
    if s.is_empty() || s.ends_with(['。', '！', '？', '；', '.']) {
        s.to_string()
    } else {
        format!("{s}。")
    }
}

/// The letter as DOCX bytes.
pub fn letter(l: &Letter) -> Result<Vec<u8>, RenderError> {
    let problems: Vec<&LetterProblem> = l.problems.iter().filter(|p| p.confirmed).collect();
    let mut d = document()
        .add_paragraph(title_paragraph(&letter_title(&l.recipient, l.year)))
        .add_paragraph(flush_paragraph(&format!("{}：", l.recipient.trim())));
    let report = match &l.report_title {
        Some(t) if !t.trim().is_empty() => format!("《{}》", t.trim()),
        _ => format!(
            "{}政府信息公开工作年度报告",
            l.year.map(|y| format!("{y}年")).unwrap_or_default()
        ),
    };
    if problems.is_empty() {
        d = d.add_paragraph(body_paragraph(&format!(
            "经审核，你单位报送的{report}未发现需要整改的问题。"
        )));
    } else {
        d = d.add_paragraph(body_paragraph(&format!(
            "经审核，你单位报送的{report}存在以下{}个问题，现将审核意见函告如下：",
            chinese_number(problems.len())
        )));
        for (i, p) in problems.iter().enumerate() {
            d = d.add_paragraph(heading_paragraph(&format!(
                "{}、{}（{}）",
                chinese_number(i + 1),
                p.title.trim(),
                p.code.trim()
            )));
            for (label, text) in [
                ("问题位置", &p.place),
                ("问题说明", &p.message),
                ("规则依据", &p.rule_text),
                ("审核意见", &p.note),
            ] {
                if !text.trim().is_empty() {
                    d = d.add_paragraph(body_paragraph(&format!("{label}：{}", sentence(text))));
                }
            }
        }
    }
    let reply = match l.reply_days {
        Some(n) if n > 0 => format!(
            "请你单位对照上述问题认真核查整改，于收到本意见之日起{n}个工作日内将整改情况及修改后的年度报告报送我单位。"
        ),
        _ => "请你单位对照上述问题认真核查整改，并及时将整改情况及修改后的年度报告报送我单位。"
            .to_string(),
    };
    if !problems.is_empty() {
        d = d.add_paragraph(body_paragraph(&reply));
    }
    // 落款: three blank lines, then the office and the date, four characters from the right
    d = d
        .add_paragraph(Paragraph::new())
        .add_paragraph(Paragraph::new())
        .add_paragraph(Paragraph::new());
    for line in [&l.office, &l.date] {
        if !line.trim().is_empty() {
            d = d.add_paragraph(right_paragraph(line.trim()).indent(
                None,
                None,
                Some(TWO_CHARS * 2),
                None,
            ));
        }
    }
    pack(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(code: &str, title: &str, confirmed: bool) -> LetterProblem {
        LetterProblem {
            confirmed,
            code: code.into(),
            title: title.into(),
            rule_text: format!("{title}的规则说明"),
            place: "表三（七）总计 × 自然人".into(),
            message: format!("{code} 的问题"),
            note: "已与单位核实".into(),
        }
    }

    #[test]
    fn the_letter_lists_the_confirmed_problems_only() {
        let l = Letter {
            recipient: "东山县司法局".into(),
            year: Some(2024),
            report_title: Some("东山县司法局2024年政府信息公开工作年度报告".into()),
            problems: vec![
                problem("T302", "总计与各办理结果之和不符", true),
                problem("N101", "正文数字与表格不一致", false),
                problem("A201", "复议结果之和与总计不符", true),
            ],
            reply_days: Some(15),
            office: "东山县人民政府办公室".into(),
            date: "2025年3月1日".into(),
        };
        let xml = crate::gongwen::part(&letter(&l).expect("docx"), "word/document.xml");
        assert!(xml.contains("东山县司法局："), "主送");
        assert!(xml.contains("关于东山县司法局2024年政府信息公开工作年度报告的审核意见"));
        for s in [
            "T302",
            "总计与各办理结果之和不符",
            "A201",
            "复议结果之和与总计不符",
        ] {
            assert!(xml.contains(s), "{s}");
        }
        assert!(!xml.contains("N101"), "an unconfirmed problem is left out");
        assert!(!xml.contains("正文数字与表格不一致"));
        assert!(xml.contains("存在以下二个问题"));
        assert!(xml.contains("一、总计与各办理结果之和不符（T302）"));
        assert!(xml.contains("二、复议结果之和与总计不符（A201）"));
        assert!(xml.contains("15个工作日内"));
        assert!(xml.contains("东山县人民政府办公室") && xml.contains("2025年3月1日"));
        assert!(xml.contains("仿宋_GB2312") && xml.contains("方正小标宋简体"));
        // 公文 margins: 37 mm at the top, 28 mm on the left
        assert!(xml.contains("w:top=\"2098\"") && xml.contains("w:left=\"1587\""));
    }

    #[test]
    fn numbers_are_chinese() {
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(12), "十二");
        assert_eq!(chinese_number(20), "二十");
        assert_eq!(chinese_number(35), "三十五");
    }
}
