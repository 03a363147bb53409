//! Test support: valid annual reports generated from a seed, for property tests,
//! benchmarks and fuzz corpora. Every generated report satisfies every arithmetic rule of
//! the catalogue, its prose agrees with its tables, and it was published on time.
//!
//! ```
//! let r = xxgk_testkit::generate(7);
//! assert_eq!(r, xxgk_testkit::generate(7)); // deterministic
//! assert!(r.requests.is_some());
//! // a 2019 or 2020 report in the trial format of 2019
//! let t = xxgk_testkit::generate_trial(7);
//! assert_eq!(t.template, xxgk_model::Template::Trial2019);
//! assert!(t.active_disclosure.is_none() && t.active_disclosure_2019.is_some());
//! ```
#![deny(missing_docs)]

use proptest::prelude::*;
use xxgk_model::{
    ActiveDisclosure, ActiveDisclosure2019, AppealKind, AppealResult, Appeals, Applicant, Issued,
    Procurement2019, Report, RequestRow, Requests, SECTION_HEADINGS, Section, Template,
    TrialColumn, TrialRow,
};

/// SplitMix64: small, fast, deterministic (the generator's, and the speed example's
/// mutations).
pub struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> i64 {
        (self.next() % n.max(1)) as i64
    }
    /// Mostly zero, sometimes small, rarely larger: like real table three cells.
    fn sparse(&mut self) -> i64 {
        match self.below(10) {
            0..=6 => 0,
            7 | 8 => self.below(5),
            _ => self.below(60),
        }
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
}

const PLACES: &[&str] = &[
    "示例市",
    "东山县",
    "西河区",
    "南湖市",
    "北岭县",
    "青石镇",
    "临江区",
];
const BODIES: &[&str] = &[
    "应急管理局",
    "司法局",
    "教育局",
    "卫生健康委员会",
    "市场监督管理局",
    "人力资源和社会保障局",
    "自然资源局",
    "人民政府",
];
const PROSE: &[&str] = &[
    "坚持以公开为常态、不公开为例外，持续深化政务公开工作",
    "严格落实信息发布审核制度，确保公开内容准确规范",
    "依托门户网站和政务新媒体及时发布各类政府信息",
    "围绕群众关切加强政策解读，提升公开实效",
    "健全政务公开工作机制，明确专人负责日常维护",
];

/// A valid report in the 2021 format, determined by `seed`.
pub fn generate(seed: u64) -> Report {
    generate_in(seed, Template::Format2021)
}

/// A valid report for 2019 or 2020 in the trial format of 2019 (国办公开办函〔2019〕60号),
/// determined by `seed`: its own table two, and one （六）其他处理 row in table three.
pub fn generate_trial(seed: u64) -> Report {
    generate_in(seed, Template::Trial2019)
}

fn generate_in(seed: u64, template: Template) -> Report {
    let trial = template == Template::Trial2019;
    let mut g = Rng(seed ^ 0x5eed);
    let year = if trial {
        2019 + g.below(2) as i32
    } else {
        2020 + g.below(6) as i32
    };
    let agency = format!("{}{}", g.pick(PLACES), g.pick(BODIES));
    let mut r = Report::empty();
    r.title = Some(format!("{agency}{year}年政府信息公开工作年度报告"));
    r.agency = Some(agency);
    r.year = Some(year);
    r.published = xxgk_model::Date::new(year as i16 + 1, 1, 5 + g.below(25) as i8).ok();
    r.template = template;
    let rows = RequestRow::rows(template);

    // table three: outcomes and carry-forward first, then what came in
    let mut t = Requests::default();
    for row in rows.iter().filter(|r| r.is_outcome()) {
        let mut cells = [Some(0); 7];
        for cell in cells.iter_mut().take(6) {
            *cell = Some(
                if *row == RequestRow::Granted || *row == RequestRow::UnavailableNotHeld {
                    g.sparse() * 2
                } else {
                    g.sparse() / 3
                },
            );
        }
        *t.row_mut(*row) = Some(cells);
    }
    let mut total = [Some(0); 7];
    let mut forward = [Some(0); 7];
    let mut over = [Some(0); 7];
    let mut new = [Some(0); 7];
    for c in 0..6 {
        let sum: i64 = rows
            .iter()
            .filter(|r| r.is_outcome())
            .filter_map(|r| t.get(*r, Applicant::ALL[c]))
            .sum();
        total[c] = Some(sum);
        let f = g.below(3);
        forward[c] = Some(f);
        let o = g.below((sum + f + 1) as u64);
        over[c] = Some(o);
        new[c] = Some(sum + f - o);
    }
    *t.row_mut(RequestRow::Total) = Some(total);
    *t.row_mut(RequestRow::CarriedForward) = Some(forward);
    *t.row_mut(RequestRow::CarriedOver) = Some(over);
    *t.row_mut(RequestRow::NewReceived) = Some(new);
    for row in rows {
        if let Some(cells) = t.row_mut(*row) {
            cells[6] = Some(cells[..6].iter().flatten().sum());
        }
    }

    let mut a = Appeals::default();
    for k in AppealKind::ALL {
        let grp = a.group_mut(*k);
        let mut sum = 0;
        for res in &AppealResult::ALL[..4] {
            let v = (g.below(10) - 7).max(0);
            sum += v;
            grp.set(*res, Some(v));
        }
        grp.set(AppealResult::Total, Some(sum));
    }

    let fee = match g.below(3) {
        0 => "0".to_string(),
        1 => format!("{}", g.below(500)),
        _ => format!("{}.{}", g.below(500), 1 + g.below(99)),
    };
    let fee = if fee.ends_with('0') && fee.contains('.') {
        fee.trim_end_matches('0').to_string()
    } else {
        fee
    };
    if trial {
        let mut t2 = ActiveDisclosure2019::default();
        for row in TrialRow::ALL {
            for col in row.columns() {
                let v = match col {
                    TrialColumn::Change => g.below(7) - 3,
                    TrialColumn::Decisions => g.below(500),
                    _ => g.below(40),
                };
                t2.set(*row, *col, Some(v));
            }
        }
        t2.procurement = Some(Procurement2019 {
            projects: Some(g.below(30)),
            amount: Some(fee),
        });
        r.active_disclosure_2019 = Some(t2);
    } else {
        r.active_disclosure = Some(ActiveDisclosure {
            regulations: Some(Issued {
                issued: Some(g.below(3)),
                repealed: Some(g.below(2)),
                in_force: Some(g.below(20)),
            }),
            normative_documents: Some(Issued {
                issued: Some(g.below(10)),
                repealed: Some(g.below(5)),
                in_force: Some(g.below(80)),
            }),
            licensing: Some(g.below(5000)),
            penalty: Some(g.below(500)),
            coercion: Some(g.below(50)),
            fees_wan_yuan: Some(fee),
        });
    }

    let received = t
        .get(RequestRow::NewReceived, Applicant::Total)
        .unwrap_or(0);
    let done = t.get(RequestRow::Total, Applicant::Total).unwrap_or(0);
    let fwd = t
        .get(RequestRow::CarriedForward, Applicant::Total)
        .unwrap_or(0);
    let reviews = a.review.total.unwrap_or(0);
    let s1 = format!(
        "{year}年，本机关{}。\n（一）主动公开方面。{}。\n（二）依申请公开方面。全年共收到政府信息公开申请 {received} 件，办结 {done} 件，结转下年度继续办理 {fwd} 件。\n（三）政府信息管理方面。{}。",
        g.pick(PROSE),
        g.pick(PROSE),
        g.pick(PROSE)
    );
    let suits =
        a.litigation_direct.total.unwrap_or(0) + a.litigation_after_review.total.unwrap_or(0);
    let s4 = if reviews + suits == 0 {
        "本年度未发生政府信息公开行政复议、行政诉讼案件。".to_string()
    } else {
        format!("本年度发生政府信息公开行政复议 {reviews} 件，行政诉讼 {suits} 件。")
    };
    let texts = [
        s1,
        String::new(),
        String::new(),
        s4,
        format!(
            "一是{}有待加强。二是{}。",
            "公开内容的深度和广度",
            g.pick(PROSE)
        ),
        "本年度未收取信息处理费。".to_string(),
    ];
    for (i, text) in texts.into_iter().enumerate() {
        r.sections.push(Section {
            number: i as u8 + 1,
            heading: SECTION_HEADINGS[i].to_string(),
            text,
        });
    }
    r.requests = Some(t);
    r.appeals = Some(a);
    r
}

/// A proptest strategy over generated valid reports: one in four in the trial format of
/// 2019 ([`generate_trial`]), the others in the 2021 format.
pub fn valid_report() -> impl Strategy<Value = Report> {
    any::<u64>().prop_map(|s| {
        if s % 4 == 0 {
            generate_trial(s)
        } else {
            generate(s)
        }
    })
}

/// Every seed report in `../shared/seeds/` as (path, bytes), sorted by path. Panics when the
/// seeds are missing.
pub fn seeds() -> Vec<(String, Vec<u8>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds");
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("the seeds must be at {dir}: {e}"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter_map(|p| Some((p.display().to_string(), std::fs::read(&p).ok()?)))
        .collect();
    v.sort();
    v
}

/// The seed report in `../shared/seeds/` whose file name starts with `prefix`. Panics when
/// the seeds are missing: tests that need them must fail, not skip.
pub fn seed_path(prefix: &str) -> std::path::PathBuf {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds");
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("the seeds must be at {dir}: {e}"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("seed {prefix}* missing in {dir}"))
}

/// Report `i` of a generated corpus for the store's tests and measurements: two years
/// (2023 for even `i`, 2024 for odd) of body `i / 2`, so that every rule across reports
/// has a neighbour to read. The same `i` gives the same report.
pub fn corpus_report(i: u64) -> Report {
    let mut r = generate(i);
    let agency = format!("示例{:05}县应急管理局", i / 2);
    let year = 2023 + (i % 2) as i32;
    if let Some(old) = r.year {
        for s in &mut r.sections {
            s.text = s.text.replace(&format!("{old}年"), &format!("{year}年"));
        }
    }
    r.title = Some(format!("{agency}{year}年政府信息公开工作年度报告"));
    r.agency = Some(agency);
    r.year = Some(year);
    r.published = xxgk_model::Date::new(year as i16 + 1, 1, 15).ok();
    r
}
