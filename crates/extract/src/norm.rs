//! Normalisation of labels and numbers.

use std::borrow::Cow;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// A CJK unified ideograph (the basic block) or 〇.
fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '〇'
}

/// Whether a character is kept in a label key.
fn keep_in_key(c: &char) -> bool {
    is_cjk(*c) || c.is_ascii_alphanumeric() || (!c.is_ascii() && c.is_alphanumeric())
}

/// Punctuation and spaces common in published labels, none of them alphanumeric: a cheap
/// test before the Unicode tables.
fn common_punctuation(c: char) -> bool {
    matches!(
        c,
        '\u{3000}'..='\u{3004}'
            | '\u{3008}'..='\u{3011}'
            | '\u{FF08}'
            | '\u{FF09}'
            | '\u{FF0C}'
            | '\u{FF0E}'
            | '\u{FF1A}'
            | '\u{FF1B}'
            | '\u{2014}'
            | '\u{2018}'..='\u{201D}'
            | '\u{2026}'
            | '\u{00A0}'
            | '\u{00B7}'
            | '\u{FEFF}'
    )
}

/// NFKC, then only the characters that carry meaning in a label: CJK, letters, digits.
/// Brackets, spaces, punctuation and markdown markers are dropped.
pub fn label_key(s: &str) -> String {
    // NFKC matters only for non-ASCII letters and digits (full-width １, Ⅱ, ①); punctuation
    // is dropped either way. One pass without it; the first such letter restarts with it.
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c);
            }
        } else if is_cjk(c) {
            out.push(c);
        } else if !common_punctuation(c) && c.is_alphanumeric() {
            return s.nfkc().filter(keep_in_key).collect();
        }
    }
    out
}

/// Whether `label_key(s)` can hold every character of `chars`: false only when the key is
/// made of characters of `s` itself (no NFKC) and one of them is surely not in `s` (its
/// bit is not in `s`'s [`char_bloom`]), decided in one pass without making the key.
pub fn key_may_hold(s: &str, chars: &str) -> bool {
    key_may_hold_any(s, &[chars])
}

/// Whether `label_key(s)` can hold every character of one of `needles` (see
/// [`key_may_hold`]).
pub fn key_may_hold_any(s: &str, needles: &[&str]) -> bool {
    let mut bloom = 0;
    for c in s.chars() {
        bloom |= char_bit(c);
        if !c.is_ascii() && !is_cjk(c) && !common_punctuation(c) && c.is_alphanumeric() {
            return true; // the key is made after NFKC
        }
    }
    needles.iter().any(|n| char_bloom(n) & !bloom == 0)
}

/// `label_key(s).contains(needle)`, without making the key when a character of `needle`
/// is not in `s` at all.
pub fn key_contains(s: &str, needle: &str) -> bool {
    key_may_hold(s, needle) && label_key(s).contains(needle)
}

/// A 64-bit summary of the characters of `s`, for a quick `contains`: when
/// `char_bloom(needle) & !char_bloom(s) != 0`, some character of `needle` is not in `s`,
/// so `s` cannot contain `needle`.
pub fn char_bloom(s: &str) -> u64 {
    s.chars().fold(0, |m, c| m | char_bit(c))
}

/// The bit of `c` in [`char_bloom`].
pub fn char_bit(c: char) -> u64 {
    1u64 << ((c as u32).wrapping_mul(0x9E37_79B1) >> 26)
}

/// `s.contains(needle)`, `bloom` being `char_bloom(s)`.
pub fn contains_with_bloom(s: &str, bloom: u64, needle: &str) -> bool {
    char_bloom(needle) & !bloom == 0 && s.contains(needle)
}

/// `s` in NFKC, borrowed when it already is.
fn nfkc(s: &str) -> Cow<'_, str> {
    if s.is_ascii() || is_nfkc_quick(s.chars()) == IsNormalized::Yes {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfkc().collect())
    }
}

/// Strips markdown emphasis and heading markers and surrounding white space.
pub fn strip_markup(s: &str) -> String {
    let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    let t = t.trim_start_matches('#').trim_start_matches('>');
    let trim = |t: &str| -> String {
        t.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '|')
            .to_string()
    };
    if t.contains("**") || t.contains("__") {
        trim(&t.replace("**", "").replace("__", ""))
    } else {
        trim(t)
    }
}

/// Leading list numbering of a label: 一、 （三） (3) 1. 2、 …
pub fn strip_numbering(key: &str) -> &str {
    // `key` is already a label_key (no punctuation): numbering shows as 一 / 三 / 1 prefixes.
    let mut s = key;
    for _ in 0..3 {
        let mut ch = s.chars();
        match ch.next() {
            Some(c) if "一二三四五六七八九十".contains(c) || c.is_ascii_digit() => {
                // only strip a numeral when it is followed by more text
                let rest = ch.as_str();
                if rest.chars().count() >= 2 {
                    s = rest;
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    s
}

/// A cell's value as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Empty, `/`, `—`, `-`, `无`.
    Blank,
    /// A whole number (possibly negative).
    Int(i64),
    /// A decimal number, text normalised (`425.9598`).
    Dec(String),
    /// A number with something attached (`3件`, `2（件）`, `1 2`): a value cell whose
    /// number is not certain.
    Unclear,
    /// Anything else (a label, a note).
    Text,
}

impl Value {
    /// Whether the cell holds a number or is blank (a value cell, not a label).
    pub fn is_value(&self) -> bool {
        !matches!(self, Value::Text)
    }
    /// The number when the cell holds a clean whole number.
    pub fn int(&self) -> Option<i64> {
        match self {
            Value::Int(v) => Some(*v),
            _ => None,
        }
    }
    /// Whether the cell is blank.
    pub fn is_blank(&self) -> bool {
        matches!(self, Value::Blank)
    }
}

/// Parses a cell: full-width digits, thousands separators, `—`/`/`/blank, signs.
pub fn parse_value(s: &str) -> Value {
    let trimmed = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    if trimmed.is_empty() {
        return Value::Blank;
    }
    if trimmed.len() <= 18 && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return trimmed.parse().map(Value::Int).unwrap_or(Value::Text);
    }
    if let Some(c) = trimmed.chars().next()
        && ('\u{4e00}'..='\u{9fff}').contains(&c)
        && c != '无'
    {
        return Value::Text;
    }
    // An ideograph other than 无 and the units below survives NFKC and makes the cell text
    // whatever else it holds: a label (“（三）不予公开”), decided without normalising.
    if trimmed
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) && !"无件个条宗起人次".contains(c))
    {
        return Value::Text;
    }
    let space = |c: char| c.is_whitespace() || c == '\u{3000}';
    let t: Cow<str> = match nfkc(trimmed) {
        Cow::Borrowed(b) if !b.contains(space) => Cow::Borrowed(b),
        n => Cow::Owned(n.chars().filter(|c| !space(*c)).collect()),
    };
    let t = t.trim_matches('*');
    if t.is_empty()
        || matches!(
            t,
            "/" | "-" | "—" | "——" | "--" | "－" | "无" | "\\" | "／" | "–"
        )
    {
        return Value::Blank;
    }
    let (neg, body) = match t.strip_prefix('-').or_else(|| t.strip_prefix('−')) {
        Some(b) => (true, b),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if body.is_empty() {
        return Value::Text;
    }
    // thousands separators: 1,234 or 1,234,567
    let body = if body.contains(',') {
        let parts: Vec<&str> = body.split(',').collect();
        let ok = parts[0].len() <= 3
            && !parts[0].is_empty()
            && parts[1..]
                .iter()
                .all(|p| p.len() == 3 || (p.len() > 3 && p.as_bytes()[3] == b'.'));
        if !ok {
            return Value::Text;
        }
        Cow::Owned(parts.concat())
    } else {
        Cow::Borrowed(body)
    };
    let digits_ok = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    if digits_ok(&body) {
        return match body.parse::<i64>() {
            Ok(v) => Value::Int(if neg { -v } else { v }),
            Err(_) => Value::Text,
        };
    }
    if let Some((a, b)) = body.split_once('.')
        && digits_ok(a)
        && (b.is_empty() || digits_ok(b))
    {
        let b = b.trim_end_matches('0');
        let a = a.trim_start_matches('0');
        let a = if a.is_empty() { "0" } else { a };
        let sign = if neg { "-" } else { "" };
        if b.is_empty() {
            return match a.parse::<i64>() {
                Ok(v) => Value::Int(if neg { -v } else { v }),
                Err(_) => Value::Text,
            };
        }
        return Value::Dec(format!("{sign}{a}.{b}"));
    }
    // a short number with a unit or stray characters: 3件, 12（件）, 1 2
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let others = t.chars().filter(|c| !c.is_ascii_digit()).count();
    if digits > 0
        && t.chars().next().is_some_and(|c| c.is_ascii_digit())
        && others <= 3
        && !t.contains(['.', '、'])
        && t.chars()
            .all(|c| c.is_ascii_digit() || "件个条宗起人次()（）".contains(c))
    {
        return Value::Unclear;
    }
    Value::Text
}

/// A Chinese or Arabic numeral (〇一二… 十 百 千, or digits) → its value; small numbers only.
pub fn cn_number(s: &str) -> Option<i64> {
    let t = nfkc(s);
    if t.bytes().all(|b| b.is_ascii_digit()) && !t.is_empty() {
        return t.parse().ok();
    }
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as i64)
            .or(if c == '零' {
                Some(0)
            } else if c == '两' {
                Some(2)
            } else {
                None
            })
    };
    let chars: Vec<char> = t.chars().collect();
    if chars.is_empty() {
        return None;
    }
    // positional form: 二〇二五
    if chars.len() >= 3 && chars.iter().all(|c| digit(*c).is_some()) {
        return chars
            .iter()
            .try_fold(0i64, |acc, c| Some(acc * 10 + digit(*c)?));
    }
    let mut total = 0i64;
    let mut cur = 0i64;
    for c in chars {
        match c {
            '十' => {
                total += if cur == 0 { 10 } else { cur * 10 };
                cur = 0;
            }
            '百' => {
                total += cur * 100;
                cur = 0;
            }
            '千' => {
                total += cur * 1000;
                cur = 0;
            }
            _ => cur = digit(c)?,
        }
    }
    Some(total + cur)
}

/// The longest common subsequence of `a` and `b`, as index pairs.
pub fn lcs(a: &[char], b: &[char]) -> Vec<(usize, usize)> {
    let mut t = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            t[i][j] = if a[i] == b[j] {
                t[i + 1][j + 1] + 1
            } else {
                t[i + 1][j].max(t[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if t[i + 1][j] >= t[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Whether two label keys share at least 60% of their characters, in order, both ways:
/// a heading in other words or with a wrong character (存在问题及改进情况, 行政法复议).
///
/// ```
/// use xxgk_extract::norm::close_in_order;
/// assert!(close_in_order("存在的主要问题及改进情况", "存在问题及改进情况"));
/// assert!(!close_in_order("主动公开政府信息情况", "上年结转政府信息公开申请数量"));
/// ```
pub fn close_in_order(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let common = lcs(&a, &b).len();
    common * 10 >= a.len() * 6 && common * 10 >= b.len() * 6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_published() {
        assert_eq!(parse_value("　1"), Value::Int(1));
        assert_eq!(parse_value("０１２"), Value::Int(12));
        assert_eq!(parse_value("1,234"), Value::Int(1234));
        assert_eq!(parse_value("—"), Value::Blank);
        assert_eq!(parse_value("/"), Value::Blank);
        assert_eq!(parse_value(""), Value::Blank);
        assert_eq!(parse_value("-3"), Value::Int(-3));
        assert_eq!(parse_value("425.9598"), Value::Dec("425.9598".into()));
        assert_eq!(parse_value("2.0"), Value::Int(2));
        assert_eq!(parse_value("1,5"), Value::Text);
        assert_eq!(parse_value("规章"), Value::Text);
        assert_eq!(parse_value("3件"), Value::Unclear);
        assert_eq!(parse_value("1.属于国家秘密"), Value::Text);
        assert_eq!(parse_value("2. 其他"), Value::Text);
        assert_eq!(parse_value("99999999999999999999"), Value::Text);
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(cn_number("二〇二五"), Some(2025));
        assert_eq!(cn_number("二十三"), Some(23));
        assert_eq!(cn_number("十二"), Some(12));
        assert_eq!(cn_number("一"), Some(1));
        assert_eq!(cn_number("31"), Some(31));
        assert_eq!(cn_number("abc"), None);
    }

    #[test]
    fn common_punctuation_is_not_alphanumeric() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if common_punctuation(c) {
                assert!(!c.is_alphanumeric() && !is_cjk(c), "{c:?}");
            }
        }
    }

    #[test]
    fn key_contains_is_contains_on_the_key() {
        for s in [
            "行政 复议",
            "（行政复议）",
            "行政诉讼",
            "行政复",
            "ⅰ行政复议",
            "",
            "年度报告",
        ] {
            for n in ["行政复议", "年度报告", "复议", ""] {
                assert_eq!(key_contains(s, n), label_key(s).contains(n), "{s} {n}");
            }
        }
    }

    #[test]
    fn bloom_never_hides_a_match() {
        let hay = [
            "本年新收政府信息公开申请数量",
            "（三）不予公开 1.属于国家秘密",
            "",
            "abc",
        ];
        let needles = [
            "新收",
            "国家秘密",
            "秘",
            "不予",
            "x",
            "",
            "本年新收政府信息公开申请数量",
        ];
        for h in hay {
            for n in needles {
                assert_eq!(
                    contains_with_bloom(h, char_bloom(h), n),
                    h.contains(n),
                    "{h} {n}"
                );
            }
        }
    }

    #[test]
    fn label_keys() {
        assert_eq!(label_key("（１）Ⅱ 规章"), "1II规章");
        assert_eq!(label_key("〇、一"), "〇一");
        assert_eq!(label_key("（三） 不予公开"), "三不予公开");
        assert_eq!(
            strip_numbering(&label_key("2. 其他法律法规禁止公开")),
            "其他法律法规禁止公开"
        );
        assert_eq!(strip_numbering(&label_key("(七) 总计")), "总计");
    }
}
