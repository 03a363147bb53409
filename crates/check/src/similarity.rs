//! Section prints for X102 (内容雷同): near-identical section text across reports.
//!
//! A corpus of tens of thousands of reports cannot compare every pair. Each report's
//! sections get a *print* ([`prints`]): MinHash over the 3-character shingles of the
//! section's normalised text, cut into [`BANDS`] bands of [`ROWS`] values, each band hashed
//! to one `u64`. The store indexes the band hashes; two sections that share a band hash are
//! candidates (locality-sensitive hashing), and only those reach the rule, through
//! [`History::similar`](crate::History::similar). The rule then computes the real score
//! ([`jaccard`] of the shingle sets) and the passages the texts share
//! ([`shared_passages`]).
//!
//! With 16 bands of 4 rows, two sections of Jaccard similarity 0.8 share at least one band
//! with probability 0.9998, at 0.5 with 0.64, at 0.3 with 0.12.
//!
//! Normalising ([`normalise`]): sentences every report shares ([`BOILERPLATE`]) are
//! dropped, then the names of the bodies compared, then full-width forms are folded and
//! everything but letters is dropped (digits, whitespace, punctuation), so that two towns
//! with the same text apart from their names and figures compare equal. A section shorter
//! than [`MIN_CHARS`] after that gets no print: 本年度未收取信息处理费 is not copying.
//!
//! Every hash is our own (FNV-1a and the SplitMix64 finaliser, fixed seeds), so a print is
//! the same on every machine and every run: the store keeps them.
//!
//! ```
//! use xxgk_check::similarity::{jaccard, normalise, shingles};
//! let a = normalise("青石镇2024年共发布信息312条，持续深化政务公开。", &["青石镇人民政府"]);
//! let b = normalise("白沙镇2024年共发布信息87条，持续深化政务公开。", &["白沙镇人民政府"]);
//! assert_eq!(a, b);
//! assert_eq!(jaccard(&shingles(&a), &shingles(&b)), 1.0);
//! ```

use xxgk_model::Report;

/// Bands per section print.
pub const BANDS: usize = 16;
/// MinHash values per band.
pub const ROWS: usize = 4;
/// Characters per shingle.
pub const SHINGLE: usize = 3;
/// A section with fewer characters than this after [`normalise`] gets no print and is
/// never compared.
pub const MIN_CHARS: usize = 60;

/// Template sentences every report may carry. A sentence containing every fragment of one
/// entry is boilerplate ([`is_boilerplate`]); fragments have no punctuation, so quotation
/// marks and brackets do not matter.
pub const BOILERPLATE: &[&[&str]] = &[
    // 根据《中华人民共和国政府信息公开条例》……要求，编制本报告
    &["政府信息公开条例", "编制"],
    &["政府信息公开条例", "本报告"],
    &["年度报告格式", "要求"],
    // 本报告中所列数据的统计期限自……
    &["统计期限"],
    &["本报告", "所列数据"],
    // 本报告由总体情况……组成 / 本报告电子版可在……下载
    &["本报告由"],
    &["本报告", "电子版"],
    &["本报告", "网站"],
    &["本报告", "疑问"],
    &["本报告", "联系"],
    // 本年度未收取信息处理费 / 没有收取 / 收取信息处理费0元
    &["信息处理费", "未"],
    &["信息处理费", "没有"],
    &["信息处理费", "无"],
    &["信息处理费", "0"],
    &["信息处理费", "零"],
    &["信息处理费", "不收取"],
    // 本年度未发生政府信息公开行政复议、行政诉讼案件
    &["行政复议", "未发生"],
    &["行政诉讼", "未发生"],
    &["行政复议", "无"],
    // 无其他需要报告的事项
    &["其他需要报告的事项"],
    &["无其他"],
    &["暂无"],
];

/// A sentence of the template rather than the body's own text (see [`BOILERPLATE`]).
/// Long sentences are never boilerplate: the template's are short, and a long sentence
/// that happens to quote the 条例 says something of its own.
pub fn is_boilerplate(sentence: &str) -> bool {
    let s = fold(sentence);
    let s = s.trim();
    s.chars().count() <= 200
        && BOILERPLATE
            .iter()
            .any(|parts| parts.iter().all(|p| s.contains(p)))
}

/// Sentence ends: a sentence runs up to and including one of these.
fn is_stop(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n')
}

/// The text without its boilerplate sentences, otherwise as written.
pub fn without_boilerplate(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for sentence in text.split_inclusive(is_stop) {
        if !is_boilerplate(sentence) {
            out.push_str(sentence);
        }
    }
    out
}

/// Full-width ASCII forms and the ideographic space folded to ASCII (the part of NFKC that
/// matters here).
fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

fn fold_char(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// What a body's name may be written as in its report: the name, the name without
/// 人民政府 and the like, and each place name in it (示例市, 东山县, 青石镇, 海淀区).
pub fn name_variants(agency: &str) -> Vec<String> {
    let agency = agency.trim();
    if agency.is_empty() {
        return Vec::new();
    }
    let mut v = vec![agency.to_string()];
    for suffix in ["人民政府办公室", "人民政府办公厅", "人民政府", "办事处"] {
        if let Some(p) = agency.strip_suffix(suffix) {
            v.push(p.to_string());
        }
    }
    // place names: each run of characters ending in a place suffix
    let chars: Vec<char> = agency.chars().collect();
    let mut start = 0;
    for (i, c) in chars.iter().enumerate() {
        let place = matches!(
            c,
            '省' | '市' | '州' | '盟' | '县' | '区' | '旗' | '镇' | '乡'
        ) || (*c == '道' && i > 0 && chars[i - 1] == '街');
        if place {
            if i + 1 - start >= 2 {
                v.push(chars[start..=i].iter().collect());
            }
            if i + 1 >= 2 {
                v.push(chars[..=i].iter().collect());
            }
            start = i + 1;
        }
    }
    v.retain(|n| n.chars().count() >= 2);
    v.sort_by_key(|n| std::cmp::Reverse(n.len()));
    v.dedup();
    v
}

/// The text as compared: boilerplate sentences dropped, the names of `agencies` (and
/// their [`name_variants`]) removed, full-width forms folded, and only letters kept (no
/// digits, whitespace or punctuation); ASCII letters in lower case.
pub fn normalise(text: &str, agencies: &[&str]) -> String {
    let mut t = fold(&without_boilerplate(text));
    let mut names: Vec<String> = agencies
        .iter()
        .flat_map(|a| name_variants(&fold(a)))
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    for n in &names {
        if t.contains(n.as_str()) {
            t = t.replace(n.as_str(), "");
        }
    }
    t.chars()
        .filter(|c| c.is_alphanumeric() && !c.is_numeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a, 64 bits.
fn fnv1a(bytes: &[u8], mut h: u64) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// The SplitMix64 finaliser: a bijective mix of 64 bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The seeds of the `BANDS × ROWS` MinHash functions: the SplitMix64 sequence from a
/// fixed start.
const SEEDS: [u64; BANDS * ROWS] = {
    let mut s = [0u64; BANDS * ROWS];
    let mut state: u64 = 0x7867_6b5f_7832_3031; // "xgk_x201"
    let mut i = 0;
    while i < s.len() {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        s[i] = z ^ (z >> 31);
        i += 1;
    }
    s
};

/// The set of [`SHINGLE`]-character shingles of a normalised text, each hashed (FNV-1a of
/// its UTF-8), sorted and without repeats. A text shorter than a shingle is one shingle.
pub fn shingles(normalised: &str) -> Vec<u64> {
    let idx: Vec<usize> = normalised
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(normalised.len()))
        .collect();
    let n = idx.len() - 1;
    let mut v: Vec<u64> = if n == 0 {
        Vec::new()
    } else if n < SHINGLE {
        vec![fnv1a(normalised.as_bytes(), FNV_OFFSET)]
    } else {
        (0..=n - SHINGLE)
            .map(|i| fnv1a(&normalised.as_bytes()[idx[i]..idx[i + SHINGLE]], FNV_OFFSET))
            .collect()
    };
    v.sort_unstable();
    v.dedup();
    v
}

/// Jaccard similarity of two shingle sets as [`shingles`] returns them (sorted, no
/// repeats): |A ∩ B| / |A ∪ B|; 0 when both are empty.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - both;
    if union == 0 {
        0.0
    } else {
        both as f64 / union as f64
    }
}

/// The MinHash signature of a shingle set: `BANDS × ROWS` minima.
fn minhash(shingles: &[u64]) -> [u64; BANDS * ROWS] {
    let mut sig = [u64::MAX; BANDS * ROWS];
    for s in shingles {
        for (m, seed) in sig.iter_mut().zip(SEEDS.iter()) {
            let h = mix(s ^ seed);
            if h < *m {
                *m = h;
            }
        }
    }
    sig
}

/// The band hashes of a section's shingle set. Each band hash covers the section number
/// and the band's index as well as its [`ROWS`] MinHash values, so equal band hashes mean
/// the same band of the same section.
pub fn bands(section: u8, shingles: &[u64]) -> Vec<u64> {
    let sig = minhash(shingles);
    sig.chunks(ROWS)
        .enumerate()
        .map(|(b, rows)| {
            let mut h = fnv1a(&[section, b as u8], FNV_OFFSET);
            for r in rows {
                h = fnv1a(&r.to_le_bytes(), h);
            }
            mix(h)
        })
        .collect()
}

/// The MinHash bands of one section.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SectionPrint {
    /// 1–6.
    pub section: u8,
    /// One hash per band ([`BANDS`]).
    pub bands: Vec<u64>,
}

/// The prints of a report's sections that count: every section whose text, normalised
/// with the report's own name removed, has at least [`MIN_CHARS`] characters. A store
/// indexes `(section, band hash)`; reports sharing one are candidates for X102.
pub fn prints(report: &Report) -> Vec<SectionPrint> {
    let names: Vec<&str> = report.agency.as_deref().into_iter().collect();
    report
        .sections
        .iter()
        .filter_map(|s| {
            let n = normalise(&s.text, &names);
            (n.chars().count() >= MIN_CHARS).then(|| SectionPrint {
                section: s.number,
                bands: bands(s.number, &shingles(&n)),
            })
        })
        .collect()
}

/// Characters trimmed from the ends of a passage.
fn is_edge(c: char) -> bool {
    c.is_whitespace() || (!c.is_alphanumeric() && !matches!(c, '《' | '“' | '（' | '('))
}

/// The longest passages the two texts share, as written in `a`: common substrings of at
/// least `min_len` characters (after trimming whitespace and punctuation at their ends),
/// not overlapping one another in either text, the longest first, at most five.
pub fn shared_passages(a: &str, b: &str, min_len: usize) -> Vec<String> {
    const MAX: usize = 5;
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // every maximal run of equal characters on each diagonal
    let mut runs: Vec<(usize, usize, usize)> = Vec::new(); // (len, start in a, start in b)
    let (n, m) = (a.len() as isize, b.len() as isize);
    for d in -(m - 1)..n {
        let (mut i, mut j) = if d >= 0 {
            (d as usize, 0)
        } else {
            (0, (-d) as usize)
        };
        let mut run = 0;
        while i < a.len() && j < b.len() {
            if a[i] == b[j] {
                run += 1;
            } else {
                if run >= min_len {
                    runs.push((run, i - run, j - run));
                }
                run = 0;
            }
            i += 1;
            j += 1;
        }
        if run >= min_len {
            runs.push((run, i - run, j - run));
        }
    }
    runs.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut taken: Vec<(usize, usize, usize)> = Vec::new();
    let mut out = Vec::new();
    for (len, i, j) in runs {
        if out.len() == MAX {
            break;
        }
        let overlaps = taken.iter().any(|(l, ti, tj)| {
            !(i + len <= *ti || ti + l <= i) || !(j + len <= *tj || tj + l <= j)
        });
        if overlaps {
            continue;
        }
        let text: String = a[i..i + len].iter().collect();
        let text = text.trim_matches(is_edge).to_string();
        if text.chars().count() >= min_len {
            taken.push((len, i, j));
            out.push(text);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boilerplate_sentences() {
        assert!(is_boilerplate(
            "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，编制本报告。"
        ));
        assert!(is_boilerplate("本年度未收取信息处理费。"));
        assert!(is_boilerplate(
            "本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。"
        ));
        assert!(!is_boilerplate("全年共主动公开政府信息312条。"));
    }

    #[test]
    fn names_and_places() {
        let v = name_variants("北京市海淀区人民政府");
        for n in ["北京市海淀区人民政府", "北京市海淀区", "北京市", "海淀区"]
        {
            assert!(v.iter().any(|x| x == n), "{n} in {v:?}");
        }
        assert!(name_variants("").is_empty());
    }

    #[test]
    fn passages_do_not_overlap() {
        let a = "青石镇持续深化政务公开工作，全年发布信息312条，其中政策解读15篇。";
        let b = "白沙镇持续深化政务公开工作，全年发布信息87条，其中政策解读9篇。";
        let p = shared_passages(a, b, 6);
        assert_eq!(p[0], "镇持续深化政务公开工作，全年发布信息");
        assert!(p.iter().all(|x| x.chars().count() >= 6));
        assert!(shared_passages("", b, 6).is_empty());
    }
}
