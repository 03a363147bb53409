//! Automatic paragraph numbering (`numbering.xml`): Word does not store the numbers it
//! shows (一、 （二） 3.), so the reader counts them again and puts them back in front of
//! the paragraph text, the way they appear on the page.

use super::xml::El;
use std::collections::{HashMap, HashSet};

/// Levels of a list (Word has nine).
const LEVELS: usize = 9;
/// Longest level text (`%1.%2.`), format or style name kept, in characters. The level
/// text is written in front of every numbered paragraph and the level definitions are
/// copied for each: an absurd one must not multiply the document.
const MAX_VALUE_CHARS: usize = 64;

#[derive(Debug, Clone, Default)]
struct Level {
    start: i64,
    fmt: String,
    text: String,
    /// `tab` (default), `space` or `nothing`.
    suff: String,
    is_lgl: bool,
    pstyle: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abs: String,
    /// Per level: a start override and/or a replacement level definition.
    overrides: Vec<(usize, Option<i64>, Option<Level>)>,
}

#[derive(Debug, Clone, Default)]
struct StyleNum {
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
}

/// Numbering definitions and the running counters.
#[derive(Debug, Clone, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<String, (Vec<Option<Level>>, Option<String>)>,
    nums: HashMap<String, Num>,
    styles: HashMap<String, StyleNum>,
    default_style: Option<String>,
    counters: HashMap<String, [Option<i64>; LEVELS]>,
    seen: HashSet<String>,
}

fn int(s: Option<&str>) -> Option<i64> {
    s.and_then(|v| v.trim().parse::<i64>().ok())
}

fn level_index(s: Option<&str>) -> Option<usize> {
    int(s).map(|v| v.clamp(0, LEVELS as i64 - 1) as usize)
}

fn on(e: Option<&El>) -> bool {
    e.is_some_and(|e| !matches!(e.attr("val"), Some("0" | "false" | "off")))
}

/// A value cut to [`MAX_VALUE_CHARS`].
fn short(v: &str) -> String {
    v.chars().take(MAX_VALUE_CHARS).collect()
}

fn parse_level(l: &El) -> Level {
    Level {
        start: int(l.child_val("start")).unwrap_or(1),
        fmt: short(l.child_val("numFmt").unwrap_or("decimal")),
        text: short(l.child_val("lvlText").unwrap_or("")),
        suff: short(l.child_val("suff").unwrap_or("tab")),
        is_lgl: on(l.child_w("isLgl")),
        pstyle: l.child_val("pStyle").map(short),
    }
}

impl Numbering {
    /// Reads `numbering.xml` and `styles.xml` (either may be missing).
    pub fn new(numbering: Option<&El>, styles: Option<&El>) -> Self {
        let mut n = Numbering::default();
        if let Some(root) = numbering {
            for e in root.elements() {
                if e.is_w("abstractNum") {
                    let Some(id) = e.attr("abstractNumId") else {
                        continue;
                    };
                    let mut levels: Vec<Option<Level>> = vec![None; LEVELS];
                    for l in e.elements().filter(|l| l.is_w("lvl")) {
                        if let Some(i) = level_index(l.attr("ilvl")) {
                            levels[i] = Some(parse_level(l));
                        }
                    }
                    let link = e.child_val("numStyleLink").map(str::to_string);
                    n.abstracts.insert(id.to_string(), (levels, link));
                } else if e.is_w("num") {
                    let Some(id) = e.attr("numId") else { continue };
                    let Some(abs) = e.child_val("abstractNumId") else {
                        continue;
                    };
                    let mut num = Num {
                        abs: abs.to_string(),
                        overrides: Vec::new(),
                    };
                    for o in e.elements().filter(|o| o.is_w("lvlOverride")) {
                        let Some(i) = level_index(o.attr("ilvl")) else {
                            continue;
                        };
                        // one override a level (the first, as `level` reads them): a
                        // repeated one would be copied and searched for every paragraph
                        if num.overrides.iter().any(|o| o.0 == i) {
                            continue;
                        }
                        let start = int(o.child_val("startOverride"));
                        let lvl = o.child_w("lvl").map(parse_level);
                        num.overrides.push((i, start, lvl));
                    }
                    n.nums.insert(id.to_string(), num);
                }
            }
        }
        if let Some(root) = styles {
            for s in root.elements().filter(|s| s.is_w("style")) {
                if s.attr("type").is_some_and(|t| t != "paragraph") {
                    continue;
                }
                let Some(id) = s.attr("styleId") else {
                    continue;
                };
                let num_pr = s.child_w("pPr").and_then(|p| p.child_w("numPr"));
                let sn = StyleNum {
                    based_on: s.child_val("basedOn").map(str::to_string),
                    num_id: num_pr
                        .and_then(|p| p.child_val("numId"))
                        .map(str::to_string),
                    ilvl: num_pr.and_then(|p| level_index(p.child_val("ilvl"))),
                };
                if matches!(s.attr("default"), Some("1" | "true" | "on")) {
                    n.default_style = Some(id.to_string());
                }
                n.styles.insert(id.to_string(), sn);
            }
        }
        n
    }

    /// `(numId, ilvl)` a style gives, following `basedOn`.
    fn style_num(&self, style: &str) -> (Option<String>, Option<usize>) {
        let mut id = Some(style.to_string());
        let (mut num, mut lvl) = (None, None);
        for _ in 0..16 {
            let Some(s) = id.as_ref().and_then(|i| self.styles.get(i)) else {
                break;
            };
            if num.is_none() {
                num = s.num_id.clone();
            }
            if lvl.is_none() {
                lvl = s.ilvl;
            }
            if num.is_some() && lvl.is_some() {
                break;
            }
            id = s.based_on.clone();
        }
        (num, lvl)
    }

    /// The abstract definition of a `w:num`, following one `numStyleLink`.
    fn abstract_of(&self, num_id: &str) -> Option<(String, &Num)> {
        let num = self.nums.get(num_id)?;
        let (levels, link) = self.abstracts.get(&num.abs)?;
        if levels.iter().all(Option::is_none)
            && let Some(link) = link
            && let (Some(linked), _) = self.style_num(link)
            && let Some(other) = self.nums.get(&linked)
            && self.abstracts.contains_key(&other.abs)
        {
            return Some((other.abs.clone(), num));
        }
        Some((num.abs.clone(), num))
    }

    fn level(&self, abs: &str, num: &Num, i: usize) -> Option<Level> {
        if let Some(l) = num
            .overrides
            .iter()
            .find(|o| o.0 == i)
            .and_then(|o| o.2.clone())
        {
            return Some(l);
        }
        self.abstracts
            .get(abs)
            .and_then(|(ls, _)| ls.get(i).cloned().flatten())
    }

    /// Counts the paragraph with properties `ppr` and returns the number text Word shows
    /// in front of it (with its separator), or `None` when it is not numbered.
    pub fn next(&mut self, ppr: Option<&El>) -> Option<String> {
        let direct = ppr.and_then(|p| p.child_w("numPr"));
        let style = ppr
            .and_then(|p| p.child_val("pStyle"))
            .map(str::to_string)
            .or_else(|| self.default_style.clone());
        let (style_num, style_lvl) = style
            .as_deref()
            .map(|s| self.style_num(s))
            .unwrap_or_default();
        let num_id = direct
            .and_then(|d| d.child_val("numId"))
            .map(str::to_string)
            .or(style_num)?;
        if num_id.trim() == "0" {
            return None;
        }
        let (abs, num) = self.abstract_of(&num_id)?;
        let num = num.clone();
        let ilvl = direct
            .and_then(|d| level_index(d.child_val("ilvl")))
            .or(style_lvl)
            .or_else(|| {
                let (levels, _) = self.abstracts.get(&abs)?;
                levels.iter().position(|l| {
                    l.as_ref()
                        .is_some_and(|l| l.pstyle.is_some() && l.pstyle == style)
                })
            })
            .unwrap_or(0);
        let levels: Vec<Option<Level>> = (0..LEVELS).map(|i| self.level(&abs, &num, i)).collect();
        let lvl = levels[ilvl].clone()?;
        let counters = self.counters.entry(abs.clone()).or_insert([None; LEVELS]);
        if self.seen.insert(num_id.clone()) {
            for (i, start, _) in &num.overrides {
                if let Some(s) = start {
                    counters[*i] = Some(s.saturating_sub(1));
                    for c in counters.iter_mut().skip(i + 1) {
                        *c = None;
                    }
                }
            }
        }
        let value = match counters[ilvl] {
            Some(v) => v.saturating_add(1),
            None => lvl.start,
        };
        counters[ilvl] = Some(value);
        for c in counters.iter_mut().skip(ilvl + 1) {
            *c = None;
        }
        let counters = *counters;
        if lvl.fmt == "bullet" {
            return Some(String::new());
        }
        let mut out = String::new();
        let mut chars = lvl.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
                && (1..=9).contains(&d)
            {
                chars.next();
                let i = d as usize - 1;
                let l = levels[i].clone().unwrap_or_default();
                let v = counters[i].unwrap_or(l.start);
                let fmt = if lvl.is_lgl {
                    "decimal"
                } else {
                    l.fmt.as_str()
                };
                out.push_str(&format_number(v, fmt));
            } else {
                out.push(c);
            }
        }
        let ends_in_punct = out
            .chars()
            .last()
            .is_some_and(|c| c.is_whitespace() || "、，．。：）)】〕」』".contains(c));
        if !out.is_empty() && !ends_in_punct && lvl.suff != "nothing" {
            out.push(' ');
        }
        Some(out)
    }
}

const CN_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const CN_LEGAL: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

/// Chinese counting (一 … 十 十一 二十 一百零五), below 10 000; decimal beyond.
fn chinese(n: i64, digits: [char; 10], units: [char; 3], zero: char) -> String {
    if !(0..10_000).contains(&n) {
        return n.to_string();
    }
    if n == 0 {
        return digits[0].to_string();
    }
    let parts = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let unit = [Some(units[2]), Some(units[1]), Some(units[0]), None];
    let mut s = String::new();
    let mut pending_zero = false;
    for (i, d) in parts.iter().enumerate() {
        if *d == 0 {
            if !s.is_empty() {
                pending_zero = true;
            }
            continue;
        }
        if pending_zero {
            s.push(zero);
            pending_zero = false;
        }
        // 十一, not 一十一, when ten is the leading unit
        if !(i == 2 && *d == 1 && s.is_empty()) {
            s.push(digits[*d as usize]);
        }
        if let Some(u) = unit[i] {
            s.push(u);
        }
    }
    s
}

fn roman(mut n: i64) -> String {
    if !(1..4000).contains(&n) {
        return n.to_string();
    }
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in table {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

fn enclosed(n: i64, first: u32) -> String {
    if (1..=20).contains(&n) {
        char::from_u32(first + n as u32 - 1).map_or_else(|| n.to_string(), String::from)
    } else {
        n.to_string()
    }
}

/// A counter value in a Word number format (`w:numFmt`).
pub(crate) fn format_number(n: i64, fmt: &str) -> String {
    match fmt {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "koreanCounting" => chinese(n, CN_DIGITS, ['十', '百', '千'], '零'),
        "chineseLegalSimplified" => chinese(n, CN_LEGAL, ['拾', '佰', '仟'], '零'),
        "ideographDigital" | "japaneseDigitalTenThousand" | "taiwaneseDigital" => n
            .to_string()
            .chars()
            .map(|c| c.to_digit(10).map_or(c, |d| CN_DIGITS[d as usize]))
            .collect(),
        "ideographTraditional" => {
            const TG: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
            TG[((n - 1).rem_euclid(10)) as usize].to_string()
        }
        "ideographZodiac" => {
            const DZ: [char; 12] = [
                '子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥',
            ];
            DZ[((n - 1).rem_euclid(12)) as usize].to_string()
        }
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" | "ideographEnclosedCircle" => {
            enclosed(n, 0x2460)
        }
        "decimalEnclosedParen" => enclosed(n, 0x2474),
        "decimalEnclosedFullstop" => enclosed(n, 0x2488),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| {
                c.to_digit(10)
                    .and_then(|d| char::from_u32(0xFF10 + d))
                    .unwrap_or(c)
            })
            .collect(),
        "decimalZero" => format!("{n:02}"),
        "upperLetter" | "lowerLetter" if n >= 1 => {
            let base = if fmt == "upperLetter" { b'A' } else { b'a' };
            let letter = (base + ((n - 1) % 26) as u8) as char;
            let times = ((n - 1) / 26 + 1).min(50) as usize;
            std::iter::repeat_n(letter, times).collect()
        }
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "none" => String::new(),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        let f = |n| format_number(n, "chineseCounting");
        assert_eq!(f(1), "一");
        assert_eq!(f(6), "六");
        assert_eq!(f(10), "十");
        assert_eq!(f(11), "十一");
        assert_eq!(f(20), "二十");
        assert_eq!(f(23), "二十三");
        assert_eq!(f(100), "一百");
        assert_eq!(f(105), "一百零五");
        assert_eq!(f(110), "一百一十");
        assert_eq!(f(1001), "一千零一");
        assert_eq!(format_number(3, "chineseCountingThousand"), "三");
        assert_eq!(format_number(12, "chineseLegalSimplified"), "拾贰");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
        assert_eq!(format_number(7, "decimal"), "7");
    }
}
