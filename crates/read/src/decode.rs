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
    let total = text.chars().take(100_000).count().max(1);
    let bad = text
        .chars()
        .take(100_000)
        .filter(|c| {
            *c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        })
        .count();
    if bad * 10 > total {
        return Err(ReadError::Binary);
    }
    Ok((text, enc))
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
    fn utf16_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in "年报".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_text(&b).unwrap().0, "年报");
    }
}
