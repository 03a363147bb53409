//! Byte → text decoding with encoding detection.

use crate::ReadError;
use encoding_rs::{Encoding, GB18030, UTF_8};

/// Decodes bytes as text: BOM first, then valid UTF-8, then detection (tuned for Chinese,
/// GBK and GB2312 decoded as their superset GB18030). Binary content is refused.
pub fn decode_text(bytes: &[u8]) -> Result<(String, &'static str), ReadError> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return check_textual(text.into_owned(), enc.name());
    }
    if looks_binary(bytes) {
        return Err(ReadError::Binary);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return check_textual(s.to_string(), UTF_8.name());
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let mut enc = det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    if enc.name() == "GBK" || enc.name() == "gb2312" {
        enc = GB18030;
    }
    let (text, _, _) = enc.decode(bytes);
    check_textual(text.into_owned(), enc.name())
}

fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    if sample.contains(&0) {
        return true;
    }
    let ctrl = sample
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    ctrl * 20 > sample.len().max(1)
}

fn check_textual(text: String, enc: &'static str) -> Result<(String, &'static str), ReadError> {
    if too_many_bad(&text) {
        return Err(ReadError::Binary);
    }
    Ok((text, enc))
}

/// Whether more than a tenth of the first 100,000 characters are U+FFFD or control
/// characters other than line breaks, tabs and form feeds.
fn too_many_bad(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() > 100_000 {
        let (total, bad) = count_bad(text);
        return bad * 10 > total.max(1);
    }
    // Every character counts. On the UTF-8 bytes: a character starts at every byte that is
    // not a continuation byte; the controls are the bytes below 0x20 and 0x7F, and C2 80–C2
    // 9F (U+0080–U+009F); U+FFFD is EF BF BD. Byte classes are counted in chunks small
    // enough for byte-wide counters, which the compiler vectorises.
    let (mut total, mut ctrl, mut c2, mut ef) = (0usize, 0usize, 0usize, 0usize);
    for chunk in b.chunks(255) {
        let (mut t, mut k, mut l, mut e) = (0u8, 0u8, 0u8, 0u8);
        for &x in chunk {
            t += u8::from(x & 0xC0 != 0x80);
            k += u8::from((x < 0x20 && !matches!(x, 0x09 | 0x0a | 0x0c | 0x0d)) || x == 0x7f);
            l += u8::from(x == 0xc2);
            e += u8::from(x == 0xef);
        }
        total += usize::from(t);
        ctrl += usize::from(k);
        c2 += usize::from(l);
        ef += usize::from(e);
    }
    let c1 = if c2 > 0 {
        b.windows(2)
            .filter(|w| w[0] == 0xc2 && (0x80..=0x9f).contains(&w[1]))
            .count()
    } else {
        0
    };
    let over = |bad: usize| bad * 10 > total.max(1);
    // every U+FFFD starts with EF: search for them only when that bound is not enough
    over(ctrl + c1 + ef) && over(ctrl + c1 + text.matches('\u{FFFD}').count())
}

/// Among the first 100,000 characters: how many there are, and how many are U+FFFD or
/// control characters other than line breaks, tabs and form feeds.
fn count_bad(text: &str) -> (usize, usize) {
    let b = text.as_bytes();
    let (mut total, mut bad) = (0usize, 0usize);
    let mut i = 0;
    while i < b.len() && total < 100_000 {
        let x = b[i];
        if x & 0xC0 != 0x80 {
            total += 1;
            let is_bad = match x {
                b'\n' | b'\r' | b'\t' | 0x0c => false,
                0x00..=0x1f | 0x7f => true,
                0xc2 => b.get(i + 1).is_some_and(|y| (0x80..=0x9f).contains(y)),
                0xef => b.get(i + 1..i + 3) == Some(&[0xbf, 0xbd][..]),
                _ => false,
            };
            bad += usize::from(is_bad);
        }
        i += 1;
    }
    (total, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_bytes_decode_as_chinese() {
        let (bytes, _, _) = GB18030.encode("政府信息公开工作年度报告");
        let (text, enc) = decode_text(&bytes).unwrap();
        assert_eq!(text, "政府信息公开工作年度报告");
        assert_eq!(enc, "gb18030");
    }

    #[test]
    fn nul_bytes_are_binary() {
        assert_eq!(decode_text(b"abc\0\x01\x02"), Err(ReadError::Binary));
    }

    #[test]
    fn bad_characters_counted_on_bytes() {
        for s in [
            "",
            "年报\n\t\r\u{c}",
            "a\u{0}b\u{1f}\u{7f}\u{80}\u{9f}\u{a0}\u{FFFD}\u{FFFC}\u{10FFFF}",
            "\u{85}规章\u{2028}",
        ] {
            let total = s.chars().take(100_000).count();
            let bad = s
                .chars()
                .take(100_000)
                .filter(|c| {
                    *c == '\u{FFFD}'
                        || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
                })
                .count();
            assert_eq!(count_bad(s), (total, bad), "{s:?}");
            assert_eq!(too_many_bad(s), bad * 10 > total.max(1), "{s:?}");
        }
        let long = "\u{1}年".repeat(60_000);
        assert_eq!(count_bad(&long), (100_000, 50_000));
        for (s, bad) in [
            ("年".repeat(90) + &"\u{FFFD}".repeat(10), false),
            ("年".repeat(89) + &"\u{FFFD}".repeat(11), true),
            ("，".repeat(89) + &"\u{FFFD}".repeat(11), true),
            ("，".repeat(100), false),
            ("a".repeat(89) + &"\u{85}".repeat(11), true),
        ] {
            assert_eq!(too_many_bad(&s), bad, "{s}");
        }
    }

    #[test]
    fn utf16_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in "年报".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_text(&b).unwrap().0, "年报");
    }
}
