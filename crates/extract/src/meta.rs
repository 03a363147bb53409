//! Title, reporting body, year and publication date.

use crate::layout::Layout;
use crate::norm::{cn_number, strip_markup};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::LazyLock;
use xxgk_model::Date;
use xxgk_read::{Document, RowKind};

/// Metadata and the evidence it was taken from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// Title as published (agency line joined when the title line lacks it).
    pub title: Option<String>,
    /// Line of the title.
    pub title_line: Option<u32>,
    /// Reporting body.
    pub agency: Option<String>,
    /// Year in the title.
    pub title_year: Option<i32>,
    /// Years named in the 统计期限 sentence.
    pub period_years: Vec<i32>,
    /// Line of the 统计期限 sentence.
    pub period_line: Option<u32>,
    /// The year most often named in the prose of sections 一 and 二 (`20xx年`), with its
    /// count.
    pub body_year: Option<(i32, usize)>,
    /// The date and the line it was read from.
    pub published: Option<(Date, u32)>,
}

static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2}|[二][〇零○][一二三四五六七八九〇零○]{2})\s*年")
        .expect("static regex")
});
static DATE_CN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^((?:19|20)\d{2}|[二][〇零○][一二三四五六七八九〇零○]{2})\s*年\s*([0-9一二三四五六七八九十]{1,3})\s*月\s*([0-9一二三四五六七八九十]{1,3})\s*日$").expect("static regex")
});
static DATE_ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})").expect("static regex")
});
static PERIOD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"统计(?:期限|时限|时间|区间|周期)").expect("static regex"));

fn year_of(s: &str) -> Option<i32> {
    let v = if s.contains(['○', '零']) {
        cn_number(&s.replace(['○', '零'], "〇"))?
    } else {
        cn_number(s)?
    };
    (1990..=2100).contains(&v).then_some(v as i32)
}

/// A date of the calendar (2月30日 is none).
fn date(y: &str, m: &str, d: &str) -> Option<Date> {
    let y = i16::try_from(year_of(y)?).ok()?;
    let m = i8::try_from(cn_number(m)?).ok()?;
    let d = i8::try_from(cn_number(d)?).ok()?;
    Date::new(y, m, d).ok()
}

const AGENCY_SUFFIXES: &[&str] = &[
    "局",
    "委",
    "委员会",
    "办",
    "办公室",
    "厅",
    "部",
    "院",
    "政府",
    "中心",
    "大队",
    "支队",
    "总队",
    "机构",
    "署",
    "所",
    "站",
    "街道",
    "办事处",
    "镇",
    "乡",
    "区",
    "县",
    "市",
    "会",
    "处",
    "司",
    "馆",
];

fn looks_like_agency(s: &str) -> bool {
    let n = s.chars().count();
    (2..=40).contains(&n)
        && !s.contains(['，', '。', ',', '：', ':', '；'])
        && AGENCY_SUFFIXES.iter().any(|suf| s.ends_with(suf))
}

/// A website's name (`…门户网站`, `…政府网`), printed in page titles and headers: never
/// the reporting body, even when it names one.
fn is_site_name(s: &str) -> bool {
    s.ends_with("网站") || s.ends_with('网') || s.contains("门户") || s.contains("网站")
}

fn clean_agency(s: &str) -> Option<String> {
    let t = s
        .trim()
        .trim_end_matches("关于")
        .trim_end_matches("度")
        .trim();
    let t = t.trim_start_matches("关于").trim();
    (looks_like_agency(t) && !is_site_name(t)).then(|| t.to_string())
}

/// The prefix under which the HTML reader keeps the page's `<title>` (when the body does
/// not repeat it) as a prose line at the top.
pub const PAGE_TITLE: &str = "网页标题：";

/// Whether a line names a report: `…年度报告`, a short `…年报`, or `…政府信息公开…报告`
/// (“2024年度政府信息公开工作报告”).
fn names_report(t: &str) -> bool {
    t.contains("年度报告")
        || (t.contains("年报") && t.chars().count() < 60)
        || (t.contains("政府信息公开") && t.ends_with("报告") && t.chars().count() <= 60)
}

/// The reporting body a report's name begins with: the text before the year (or before
/// 政府信息公开 / 政务公开), e.g. 泽州县交通运输局 in 泽州县交通运输局2024年政府信息公开工作年度报告.
fn agency_of_title(title: &str) -> Option<String> {
    let cut = YEAR
        .find(title)
        .map(|x| x.start())
        .or_else(|| title.find("政府信息公开"))
        .or_else(|| title.find("政务公开"))
        .unwrap_or(0);
    clean_agency(&title[..cut])
}

/// The body named by a page title: only the part naming the report counts, never the
/// site's name around it (`…年度报告_泽州县人民政府门户网站`).
fn agency_of_page_title(title: &str) -> Option<String> {
    let t = title.replace(" - ", "_");
    let part = t.split(['_', '|', '｜']).find(|p| names_report(p.trim()))?;
    agency_of_title(&strip_markup(part))
}

/// Reads the metadata.
pub fn meta(doc: &Document, lay: &Layout) -> Meta {
    let mut m = Meta::default();
    let first_heading_line = lay.headings.first().map(|h| h.line).unwrap_or(u32::MAX);
    // Prose lines before the first heading (and the first 15 rows in any case).
    let mut page_title: Option<String> = None;
    let preamble: Vec<(u32, String)> = doc
        .rows
        .iter()
        .filter(|r| r.kind == RowKind::Prose)
        .filter(|r| r.line <= first_heading_line)
        .take(15)
        .filter_map(|r| r.cells.first().map(|c| (c.line, strip_markup(&c.text))))
        .filter(|(_, t)| !t.is_empty())
        .filter(|(_, t)| match t.strip_prefix(PAGE_TITLE) {
            Some(p) => {
                page_title.get_or_insert_with(|| p.to_string());
                false
            }
            None => true,
        })
        .collect();
    let title_at = preamble.iter().position(|(_, t)| names_report(t));
    if let Some(i) = title_at {
        let (line, t) = &preamble[i];
        // A title is a heading line: short. A long line merely mentioning 年度报告 is prose.
        let title_part: String = if t.chars().count() > 60 {
            match t.find("年度报告") {
                Some(p) => t[..p + "年度报告".len()].to_string(),
                None => t.clone(),
            }
        } else {
            t.clone()
        };
        m.title_line = Some(*line);
        m.title_year = YEAR.captures(&title_part).and_then(|c| year_of(&c[1]));
        // agency: the text before the year (or before 政府信息公开 / 关于)
        let prev = (i > 0)
            .then(|| preamble[i - 1].1.clone())
            .filter(|p| looks_like_agency(p) && !is_site_name(p));
        m.agency = agency_of_title(&title_part);
        m.title = Some(title_part.clone());
        if m.agency.is_none()
            && let Some(p) = prev
        {
            m.title = Some(format!("{p}{title_part}"));
            m.agency = Some(p);
        }
        // the body's name printed on its own line under the title
        if m.agency.is_none() {
            m.agency = preamble
                .get(i + 1)
                .and_then(|(_, t)| clean_agency(t).filter(|_| !DATE_ISO.is_match(t)));
        }
    }
    // the page's <title> (HTML), then the document's first heading: a body the text of the
    // report does not name
    if m.agency.is_none() {
        m.agency = page_title.as_deref().and_then(agency_of_page_title);
    }
    if m.agency.is_none() {
        let before_title = &preamble[..title_at.unwrap_or(preamble.len())];
        m.agency = before_title
            .first()
            .and_then(|(_, t)| clean_agency(t).filter(|_| !YEAR.is_match(t)));
    }
    // statistic period
    let mut texts: Vec<(u32, &str)> = lay
        .paragraphs
        .iter()
        .map(|p| (p.line(), p.text.as_str()))
        .collect();
    texts.sort_by_key(|t| t.0);
    for (line, t) in &texts {
        if let Some(pm) = PERIOD.find(t) {
            let rest: String = t[pm.end()..].chars().take(40).collect();
            m.period_years = YEAR
                .captures_iter(&rest)
                .filter_map(|c| year_of(&c[1]))
                .collect();
            if !m.period_years.is_empty() {
                m.period_line = Some(*line);
                break;
            }
        }
    }
    // body year: the most frequent year in sections 一 and 二 prose
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for p in lay
        .paragraphs
        .iter()
        .filter(|p| p.section == 1 || p.section == 2)
    {
        // the year is the match without its `\s*年` (no capture groups needed)
        for c in YEAR.find_iter(&p.text) {
            let year = c
                .as_str()
                .strip_suffix('年')
                .unwrap_or(c.as_str())
                .trim_end_matches(char::is_whitespace);
            if let Some(y) = year_of(year) {
                *counts.entry(y).or_default() += 1;
            }
        }
    }
    m.body_year = counts.into_iter().max_by_key(|(y, n)| (*n, -*y));
    // published: a date-only line near the end (signature), else a dated line near the top
    let prose = || {
        doc.rows
            .iter()
            .flat_map(|r| r.cells.iter().map(move |c| (r.kind, c)))
            .filter(|(k, c)| *k != RowKind::Blank && !c.text.is_empty())
            .map(|(_, c)| (c.line, c.text.as_str()))
    };
    for (line, t) in prose().rev().take(12) {
        if !t.contains('日') {
            continue; // DATE_CN ends in 日
        }
        let s: String = t
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
            .collect();
        if let Some(c) = DATE_CN.captures(&s)
            && let Some(d) = date(&c[1], &c[2], &c[3])
        {
            m.published = Some((d, line));
            break;
        }
    }
    if m.published.is_none() {
        for (line, t) in prose().filter(|(l, _)| *l < first_heading_line).take(12) {
            if t.contains("统计") {
                continue;
            }
            if let Some(c) = DATE_ISO.captures(t)
                && let Some(d) = date(&c[1], &c[2], &c[3])
            {
                m.published = Some((d, line));
                break;
            }
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_from_a_page_title() {
        let a = |t: &str| agency_of_page_title(t);
        assert_eq!(
            a("泽州县交通运输局2024年政府信息公开工作年度报告").as_deref(),
            Some("泽州县交通运输局")
        );
        assert_eq!(
            a("泽州县交通运输局2024年政府信息公开工作年度报告_泽州县人民政府门户网站").as_deref(),
            Some("泽州县交通运输局")
        );
        assert_eq!(
            a("泽州县人民政府 - 泽州县交通运输局2024年度政府信息公开工作报告").as_deref(),
            Some("泽州县交通运输局")
        );
        // the site's name is never the body
        assert_eq!(
            a("2024年政府信息公开工作年度报告_泽州县人民政府门户网站"),
            None
        );
        assert_eq!(
            a("泽州县人民政府门户网站2024年政府信息公开工作年度报告"),
            None
        );
        assert_eq!(a("泽州县人民政府门户网站"), None);
        assert_eq!(clean_agency("中国泽州政府网"), None);
    }
}
