//! Document layout: section headings (also inline ones), paragraphs, which rows belong
//! to which section.

use crate::norm::{close_in_order, label_key, strip_markup};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;
use xxgk_model::SECTION_HEADINGS;
use xxgk_read::{Document, RowKind};

/// A section heading as found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    /// The section it was matched to (1–6).
    pub section: u8,
    /// The number printed before it (一 → 1), if any.
    pub printed: Option<u8>,
    /// The heading text without its number.
    pub text: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based character column.
    pub column: u32,
    /// Matched by its number and its closeness to the prescribed wording, not by a wording
    /// xxgk knows (五、存在问题及改进情况): S002 says what differs.
    #[serde(default)]
    pub reworded: bool,
}

/// A paragraph of prose, with a map from character offsets back to the source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// The section it belongs to (0 before the first heading).
    pub section: u8,
    /// Its text, lines joined without separator.
    pub text: String,
    /// `(char offset in text, line, column)` of each piece it was joined from.
    pub pieces: Vec<(usize, u32, u32)>,
}

impl Paragraph {
    /// The source line and column of the character at `offset`.
    pub fn position(&self, offset: usize) -> (u32, u32) {
        let mut best = self.pieces.first().copied().unwrap_or((0, 0, 0));
        for p in &self.pieces {
            if p.0 <= offset {
                best = *p;
            }
        }
        (best.1, best.2 + (offset - best.0) as u32)
    }
    /// First source line.
    pub fn line(&self) -> u32 {
        self.pieces.first().map(|p| p.1).unwrap_or(0)
    }
    /// Last source line.
    pub fn last_line(&self) -> u32 {
        self.pieces.last().map(|p| p.1).unwrap_or(0)
    }
}

/// The layout of a document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layout {
    /// Headings accepted, in document order.
    pub headings: Vec<Heading>,
    /// Headings seen but rejected because they were out of order.
    pub out_of_order: Vec<Heading>,
    /// Paragraphs of prose in document order (headings excluded).
    pub paragraphs: Vec<Paragraph>,
    /// Section of each row of the document (0 before the first heading).
    pub row_section: Vec<u8>,
}

const CN_DIGITS: &str = "一二三四五六";

/// Which section a heading text (number stripped) names, if it is a heading at all.
fn section_of(text_key: &str, numbered: bool) -> Option<u8> {
    let k = text_key;
    let n = k.chars().count();
    let limit = if numbered { 30 } else { 22 };
    if n == 0 || n > limit || k.contains("报告格式") || k.ends_with("年度报告") {
        return None;
    }
    if k.contains("总体情况") && n <= 10 {
        return Some(1);
    }
    if k.contains("主动公开政府信息")
        || (numbered && k.starts_with("主动公开") && k.ends_with("情况"))
    {
        return Some(2);
    }
    if k.contains("收到和处理") || (k.contains("收到") && k.contains("处理") && k.contains("申请"))
    {
        return Some(3);
    }
    if k.contains("行政复议") && k.contains("行政诉讼") {
        return Some(4);
    }
    if k.contains("存在的主要问题") || k.contains("主要问题及改进") {
        return Some(5);
    }
    if k.contains("其他需要报告") {
        return Some(6);
    }
    None
}

/// A numbered heading, `^(?:第)?([一二三四五六])\s*[、.．，,]\s*(.*)$`, read by hand: its
/// numeral and the rest.
fn numbered(t: &str) -> Option<(char, &str)> {
    let s = t.strip_prefix('第').unwrap_or(t);
    let mut it = s.chars();
    let digit = it.next().filter(|d| CN_DIGITS.contains(*d))?;
    let mut it = it.as_str().trim_start_matches(char::is_whitespace).chars();
    it.next()
        .filter(|p| matches!(p, '、' | '.' | '．' | '，' | ','))?;
    let rest = it.as_str().trim_start_matches(char::is_whitespace);
    (!rest.contains('\n')).then_some((digit, rest))
}

/// Official headings (and common variants) as they appear inline inside a paragraph.
static INLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"([一二三四五六])\s*、\s*(总体情况|主动公开政府信息情况|收到和处理政府信息公开申请情况|",
        r"政府信息公开行政复议[、和]?行政诉讼情况|(?:政府信息公开工作)?存在的主要问题及改进情况|其他需要报告的事项)"
    ))
    .expect("static regex")
});

/// Whether a numbered heading's text was matched by closeness, not by a known wording.
fn is_reworded(text: &str) -> bool {
    section_of(&label_key(text), true).is_none()
}

/// Parses a whole line as a heading.
pub fn match_heading_line(raw: &str) -> Option<(u8, Option<u8>, String)> {
    // sentence punctuation survives strip_markup: refused below, decided here without a copy
    if raw.contains(['。', '，', '；', ','])
        || raw
            .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
            .starts_with(['（', '('])
    {
        return None;
    }
    let t = strip_markup(raw);
    // a sentence is not a heading
    if t.starts_with('（') || t.starts_with('(') || t.contains(['。', '，', '；', ',']) {
        return None;
    }
    if let Some((digit, rest)) = numbered(&t) {
        let printed = CN_DIGITS
            .chars()
            .position(|d| d == digit)
            .map(|p| p as u8 + 1);
        let rest = rest.trim().to_string();
        let key = label_key(&rest);
        // a wording xxgk knows, or the heading its number names in other words (五、存在问题
        // 及改进情况): most of its characters those of the prescribed heading, in order
        let sec = section_of(&key, true).or_else(|| {
            let p = printed?;
            let official = label_key(SECTION_HEADINGS.get(usize::from(p) - 1)?);
            (key.chars().count() <= 30 && close_in_order(&official, &key)).then_some(p)
        })?;
        return Some((sec, printed, rest));
    }
    let sec = section_of(&label_key(&t), false)?;
    Some((sec, None, t))
}

struct Piece<'a> {
    section_heading: Option<Heading>,
    text: &'a str,
    line: u32,
    column: u32,
}

/// Splits a prose line at inline headings (`。 二、主动公开政府信息情况 …`).
fn split_inline(text: &str, line: u32, column: u32) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut last = 0usize;
    // every inline heading has its 、
    let matches = text.contains('、').then(|| INLINE.captures_iter(text));
    for m in matches.into_iter().flatten() {
        let (Some(whole), Some(num), Some(h)) = (m.get(0), m.get(1), m.get(2)) else {
            continue;
        };
        // a heading inside a line must start the line or follow a sentence end / space
        let before = text[..whole.start()].trim_end();
        if !(before.is_empty()
            || before.ends_with(['。', '！', '？', '；', ':', '：', '|'])
            || text[..whole.start()].ends_with(char::is_whitespace))
        {
            continue;
        }
        let printed = CN_DIGITS
            .chars()
            .position(|d| num.as_str().starts_with(d))
            .map(|p| p as u8 + 1);
        let Some(sec) = section_of(&label_key(h.as_str()), true) else {
            continue;
        };
        if whole.start() > last {
            out.push(Piece {
                section_heading: None,
                text: &text[last..whole.start()],
                line,
                column: column + text[..last].chars().count() as u32,
            });
        }
        out.push(Piece {
            section_heading: Some(Heading {
                section: sec,
                printed,
                reworded: false,
                text: h.as_str().to_string(),
                line,
                column: column + text[..whole.start()].chars().count() as u32,
            }),
            text: "",
            line,
            column,
        });
        last = whole.end();
    }
    if last < text.len() {
        out.push(Piece {
            section_heading: None,
            text: &text[last..],
            line,
            column: column + text[..last].chars().count() as u32,
        });
    }
    out
}

/// Finds headings, assigns rows to sections and gathers paragraphs.
pub fn layout(doc: &Document) -> Layout {
    let mut out = Layout::default();
    let mut current: u8 = 0;
    let mut para: Option<Paragraph> = None;
    let close = |para: &mut Option<Paragraph>, out: &mut Layout| {
        if let Some(p) = para.take()
            && !p.text.trim().is_empty()
        {
            out.paragraphs.push(p);
        }
    };
    for row in &doc.rows {
        let mut row_sec = current;
        match row.kind {
            RowKind::Blank | RowKind::Grid => {
                close(&mut para, &mut out);
                // a one-cell grid row can still be a heading (tables flattened oddly)
                if row.kind == RowKind::Grid {
                    let texts: Vec<_> = row.cells.iter().filter(|c| !c.text.is_empty()).collect();
                    if texts.len() == 1
                        && let Some((sec, printed, text)) = match_heading_line(&texts[0].text)
                        && printed.is_some()
                        && sec > current
                    {
                        out.headings.push(Heading {
                            section: sec,
                            printed,
                            reworded: is_reworded(&text),
                            text,
                            line: texts[0].line,
                            column: texts[0].column,
                        });
                        current = sec;
                        row_sec = sec;
                    }
                }
            }
            RowKind::Prose => {
                let Some(cell) = row.cells.first() else {
                    out.row_section.push(current);
                    continue;
                };
                // the page <title> kept by the HTML reader names the report; it is not prose
                if cell.text.starts_with(crate::meta::PAGE_TITLE) {
                    out.row_section.push(current);
                    continue;
                }
                if let Some((sec, printed, text)) = match_heading_line(&cell.text) {
                    close(&mut para, &mut out);
                    let h = Heading {
                        section: sec,
                        printed,
                        reworded: is_reworded(&text),
                        text,
                        line: cell.line,
                        column: cell.column,
                    };
                    if sec > current {
                        current = sec;
                        out.headings.push(h);
                    } else {
                        out.out_of_order.push(h);
                    }
                    out.row_section.push(current);
                    continue;
                }
                for piece in split_inline(&cell.text, cell.line, cell.column) {
                    if let Some(h) = piece.section_heading {
                        close(&mut para, &mut out);
                        if h.section > current {
                            current = h.section;
                            out.headings.push(h);
                        } else {
                            out.out_of_order.push(h);
                        }
                        continue;
                    }
                    let text = strip_markup(piece.text);
                    if text.is_empty() {
                        continue;
                    }
                    let lead = piece
                        .text
                        .chars()
                        .take_while(|c| {
                            c.is_whitespace() || *c == '#' || *c == '*' || *c == '\u{3000}'
                        })
                        .count() as u32;
                    let p = para.get_or_insert_with(|| Paragraph {
                        section: current,
                        text: String::new(),
                        pieces: Vec::new(),
                    });
                    if p.section != current {
                        close(&mut para, &mut out);
                    }
                    let p = para.get_or_insert_with(|| Paragraph {
                        section: current,
                        text: String::new(),
                        pieces: Vec::new(),
                    });
                    p.pieces
                        .push((p.text.chars().count(), piece.line, piece.column + lead));
                    p.text.push_str(&text);
                }
                row_sec = current;
            }
        }
        out.row_section.push(row_sec);
    }
    close(&mut para, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_variants() {
        assert_eq!(match_heading_line("## 一、总体情况").map(|h| h.0), Some(1));
        assert_eq!(
            match_heading_line("#### 四、政府信息公开行政复议、行政诉讼情况").map(|h| h.0),
            Some(4)
        );
        assert_eq!(
            match_heading_line("## **六、其他需要报告的事项**").map(|h| h.0),
            Some(6)
        );
        assert_eq!(
            match_heading_line("收到和处理政府信息公开申请情况"),
            Some((3, None, "收到和处理政府信息公开申请情况".into()))
        );
        assert_eq!(
            match_heading_line("五、政府信息公开工作存在的主要问题及改进情况").map(|h| h.0),
            Some(5)
        );
        assert_eq!(match_heading_line("### （一）主动公开情况"), None);
        assert_eq!(match_heading_line("一、本年新收政府信息公开申请数量"), None);
        assert_eq!(match_heading_line("二、上年结转政府信息公开申请数量"), None);
        // regression (found by the generated-report property test): a short sentence
        // naming review and litigation is prose, not the heading of section 四
        assert_eq!(
            match_heading_line("本年度未发生政府信息公开行政复议、行政诉讼案件。"),
            None
        );
        assert_eq!(
            match_heading_line("# 新疆消防救援机构 2025 年政府信息公开工作年度报告"),
            None
        );
    }

    #[test]
    fn numbered_reads_as_the_regex() {
        let re = Regex::new(r"^(?:第)?([一二三四五六])\s*[、.．，,]\s*(.*)$").expect("regex");
        for t in [
            "一、总体情况",
            "第二、 主动公开",
            "三 ．收到",
            "四,x",
            "五、",
            "六、\n七",
            "第第一、x",
            "七、总体",
            "一总体情况",
            "一 \u{3000}、\u{3000} 其他\r",
            "",
            "第",
            "二",
        ] {
            let ours = numbered(t).map(|(d, r)| (d.to_string(), r.to_string()));
            let theirs = re.captures(t).map(|c| (c[1].to_string(), c[2].to_string()));
            assert_eq!(ours, theirs, "{t:?}");
        }
    }

    #[test]
    fn inline_headings_split_a_line() {
        let p = split_inline("编制本报告。 一、总体情况 2025年度,我局坚持", 10, 1);
        assert_eq!(p.len(), 3);
        assert_eq!(p[1].section_heading.as_ref().map(|h| h.section), Some(1));
        assert_eq!(p[1].section_heading.as_ref().map(|h| h.column), Some(8));
        assert_eq!(p[2].text.trim(), "2025年度,我局坚持");
    }
}
