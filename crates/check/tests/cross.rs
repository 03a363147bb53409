//! The rules across reports (A202's jump, A203, X101–X103) with an in-memory history, and
//! the section prints the store indexes for X102.

use xxgk_check::similarity::{self, BANDS, prints};
use xxgk_check::{Context, check, check_selected, history_rules};
use xxgk_model::{
    Appeals, Applicant, Finding, Report, RequestRow, SECTION_HEADINGS, Section, Severity,
};

/// A valid generated report of `agency` for `year`, read from `file`.
fn report(seed: u64, agency: &str, year: i32, file: &str) -> Report {
    let mut r = xxgk_testkit::generate(seed);
    r.agency = Some(agency.into());
    r.year = Some(year);
    r.title = Some(format!("{agency}{year}年政府信息公开工作年度报告"));
    r.source.path = file.into();
    r
}

/// The findings of one rule, checked against `history`.
fn findings(r: &Report, history: &Vec<Report>, code: &str) -> Vec<Finding> {
    check(&Context::new(r).with_history(history))
        .into_iter()
        .filter(|f| f.code == code)
        .collect()
}

/// Last year's and this year's report of one body, this year's 上年结转 copying last
/// year's 结转下年度继续办理.
fn two_years() -> (Report, Report) {
    let last = report(11, "东山县人民政府", 2023, "东山县2023.pdf");
    let mut now = report(12, "东山县人民政府", 2024, "东山县2024.pdf");
    let forward = last
        .requests
        .as_ref()
        .and_then(|t| t.row(RequestRow::CarriedForward).copied());
    *now.requests
        .as_mut()
        .expect("table three")
        .row_mut(RequestRow::CarriedOver) = forward;
    (last, now)
}

#[test]
fn x101_a_wrong_carried_over_names_both_reports() {
    let (last, mut now) = two_years();
    let then = last
        .requests
        .as_ref()
        .and_then(|t| t.get(RequestRow::CarriedForward, Applicant::NaturalPerson))
        .expect("cell");
    now.requests.as_mut().expect("table three").set(
        RequestRow::CarriedOver,
        Applicant::NaturalPerson,
        Some(then + 4),
    );
    let f = findings(&now, &vec![last], "X101");
    assert_eq!(f.len(), 1, "{f:?}");
    let f = &f[0];
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.row.as_deref(), Some("carried_over"));
    assert_eq!(f.column.as_deref(), Some("natural_person"));
    assert!(
        f.message.contains(&format!("{}", then + 4)),
        "{}",
        f.message
    );
    assert!(
        f.message
            .contains("《东山县人民政府2023年政府信息公开工作年度报告》（东山县2023.pdf）"),
        "{}",
        f.message
    );
    assert_eq!(f.values["carried_over"], then + 4);
    assert_eq!(f.values["last_carried_forward"], then);
    assert_eq!(f.values["other_year"], 2023);
    assert_eq!(f.values["other_agency"], "东山县人民政府");
    assert_eq!(f.values["other_file"], "东山县2023.pdf");
}

#[test]
fn x101_the_same_pair_consistent_raises_nothing() {
    let (last, now) = two_years();
    assert!(findings(&now, &vec![last.clone()], "X101").is_empty());
    // another body's report of last year is not last year's report
    let mut other = last;
    other.agency = Some("西河区人民政府".into());
    let (_, mut now) = two_years();
    now.requests.as_mut().expect("table three").set(
        RequestRow::CarriedOver,
        Applicant::Total,
        Some(999),
    );
    assert!(findings(&now, &vec![other], "X101").is_empty());
}

#[test]
fn x101_a_blank_row_is_not_compared() {
    let (last, mut now) = two_years();
    *now.requests
        .as_mut()
        .expect("table three")
        .row_mut(RequestRow::CarriedOver) = None;
    assert!(findings(&now, &vec![last], "X101").is_empty());
}

/// Table two with figures that do not repeat by chance.
fn busy(mut r: Report) -> Report {
    let t = r.active_disclosure.as_mut().expect("table two");
    t.licensing = Some(312);
    t.penalty = Some(45);
    t.coercion = Some(3);
    t.fees_wan_yuan = Some("12.5".into());
    r
}

#[test]
fn x103_copied_figures() {
    let last = busy(report(21, "南湖市市场监督管理局", 2023, "南湖2023.docx"));
    let mut now = last.clone();
    now.year = Some(2024);
    now.title = Some("南湖市市场监督管理局2024年政府信息公开工作年度报告".into());
    // the same amount written otherwise is the same figure
    now.active_disclosure
        .as_mut()
        .expect("table two")
        .fees_wan_yuan = Some("12.50".into());
    let f = findings(&now, &vec![last.clone()], "X103");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::Warning);
    assert!(f[0].message.contains("南湖2023.docx"), "{}", f[0].message);
    // one figure changed: nothing
    now.active_disclosure.as_mut().expect("table two").penalty = Some(46);
    assert!(findings(&now, &vec![last], "X103").is_empty());
}

/// Every figure of the three tables zero.
fn zeros(mut r: Report) -> Report {
    let t = r.requests.as_mut().expect("table three");
    for row in RequestRow::ALL {
        *t.row_mut(*row) = Some([Some(0); 7]);
    }
    r.appeals = Some(Appeals::default());
    let a = r.appeals.as_mut().expect("table four");
    for k in xxgk_model::AppealKind::ALL {
        for res in xxgk_model::AppealResult::ALL {
            a.group_mut(*k).set(*res, Some(0));
        }
    }
    let d = r.active_disclosure.as_mut().expect("table two");
    for i in [&mut d.regulations, &mut d.normative_documents] {
        *i = Some(xxgk_model::Issued {
            issued: Some(0),
            repealed: Some(0),
            in_force: Some(7),
        });
    }
    d.licensing = Some(0);
    d.penalty = Some(0);
    d.coercion = Some(0);
    d.fees_wan_yuan = Some("0".into());
    r
}

#[test]
fn x103_an_all_zero_report_repeated_is_not_copying() {
    let last = zeros(report(31, "青石镇人民政府", 2023, ""));
    let mut now = last.clone();
    now.year = Some(2024);
    // the in-force counts repeat too: they are not evidence
    assert!(findings(&now, &vec![last], "X103").is_empty());
}

fn with_documents(mut r: Report, issued: i64, repealed: i64, in_force: i64) -> Report {
    r.active_disclosure
        .as_mut()
        .expect("table two")
        .normative_documents = Some(xxgk_model::Issued {
        issued: Some(issued),
        repealed: Some(repealed),
        in_force: Some(in_force),
    });
    r
}

#[test]
fn a203_in_force_follows_from_last_year() {
    let last = with_documents(report(41, "西河区人民政府", 2023, ""), 4, 1, 42);
    let good = with_documents(report(42, "西河区人民政府", 2024, ""), 5, 3, 44);
    let bad = with_documents(report(42, "西河区人民政府", 2024, ""), 5, 3, 47);
    let h = vec![last.clone()];
    let a203 = |r: &Report| {
        findings(r, &h, "A203")
            .into_iter()
            .filter(|f| f.row.as_deref() == Some("normative_documents"))
            .collect::<Vec<_>>()
    };
    assert!(a203(&good).is_empty());
    let f = a203(&bad);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::Info);
    assert_eq!(f[0].values["expected"], 44);
    assert_eq!(f[0].column.as_deref(), Some("in_force"));
    // a blank figure, or a year without the 2021-format row: skipped
    let mut blank = bad.clone();
    blank
        .active_disclosure
        .as_mut()
        .expect("table two")
        .normative_documents
        .as_mut()
        .expect("row")
        .repealed = None;
    assert!(a203(&blank).is_empty());
    let mut trial = last;
    trial
        .active_disclosure
        .as_mut()
        .expect("table two")
        .normative_documents = None;
    assert!(
        findings(&bad, &vec![trial], "A203")
            .iter()
            .all(|f| f.row.as_deref() != Some("normative_documents"))
    );
}

#[test]
fn a202_a_jump_against_last_year_through_the_checker() {
    let mut last = report(51, "北岭县人民政府", 2023, "北岭2023.html");
    last.active_disclosure
        .as_mut()
        .expect("table two")
        .fees_wan_yuan = Some("520.5".into());
    let mut now = report(52, "北岭县人民政府", 2024, "");
    now.active_disclosure
        .as_mut()
        .expect("table two")
        .fees_wan_yuan = Some("5312000".into());
    let f = findings(&now, &vec![last.clone()], "A202");
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].message.contains("520.5") && f[0].message.contains("5312000"));
    assert_eq!(f[0].values["other_file"], "北岭2023.html");
    // without last year the county's figure stays under the government limit
    assert!(check(&Context::new(&now)).iter().all(|f| f.code != "A202"));
}

const OPENING: &str = "根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》要求，编制本报告。本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。";

/// Section 五 of a town's report, the same for every town but its name and figures.
fn problems(town: &str, trainings: u32, items: u32) -> String {
    format!(
        "2024年，{town}政务公开工作虽取得一定成效，但仍存在一些不足：一是公开内容不够全面，部分领域信息更新不及时，全年仅更新{items}条；二是政策解读形式较为单一，图解、视频等解读方式运用不多；三是工作人员业务能力有待提高。\n下一步，{town}将组织政务公开专题培训{trainings}次，拓展解读形式，及时更新各领域信息，切实提升政务公开质量。"
    )
}

/// A town's report with these section texts (1–6).
fn town(name: &str, year: i32, texts: [&str; 6]) -> Report {
    let agency = format!("{name}人民政府");
    let mut r = Report::empty();
    r.title = Some(format!("{agency}{year}年政府信息公开工作年度报告"));
    r.agency = Some(agency);
    r.year = Some(year);
    for (i, t) in texts.iter().enumerate() {
        r.sections.push(Section {
            number: i as u8 + 1,
            heading: SECTION_HEADINGS[i].into(),
            text: (*t).to_string(),
        });
    }
    r
}

#[test]
fn x102_two_towns_with_the_same_section_apart_from_names_and_figures() {
    let a = problems("青石镇", 3, 120);
    let b = problems("白沙镇", 5, 86);
    let fee = "本年度未收取信息处理费。";
    let mut other = town("白沙镇", 2024, ["", "", "", "", &b, fee]);
    other.source.path = "白沙镇2024.pdf".into();
    let me = town("青石镇", 2024, ["", "", "", "", &a, fee]);
    let f = findings(&me, &vec![other.clone()], "X102");
    assert_eq!(f.len(), 1, "{f:?}");
    let f = &f[0];
    assert_eq!(f.section, Some(5));
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.values["score"].as_f64().expect("score") >= 0.8);
    assert_eq!(f.values["other_agency"], "白沙镇人民政府");
    assert_eq!(f.values["other_year"], 2024);
    assert_eq!(f.values["other_file"], "白沙镇2024.pdf");
    let passages: Vec<&str> = f.values["passages"]
        .as_array()
        .expect("passages")
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    assert!(!passages.is_empty() && passages.len() <= 5, "{passages:?}");
    assert!(
        passages.iter().all(|p| a.contains(p) && b.contains(p)),
        "{passages:?}"
    );
    assert!(passages.iter().all(|p| p.chars().count() >= 12));
    assert!(
        passages
            .iter()
            .any(|p| p.contains("二是政策解读形式较为单一")),
        "{passages:?}"
    );
    // the store finds them: the two sections share band hashes
    let (pa, pb) = (prints(&me), prints(&other));
    assert_eq!(pa.len(), 1, "section 六 is too short for a print");
    assert_eq!(pa[0].section, 5);
    assert_eq!(pa[0].bands.len(), BANDS);
    assert_eq!(pa, pb, "names and figures aside, the texts are the same");
}

#[test]
fn x102_the_same_body_last_year() {
    let a = problems("青石镇", 3, 120);
    let last = town("青石镇", 2023, ["", "", "", "", &a, ""]);
    let now = town("青石镇", 2024, ["", "", "", "", &a, ""]);
    let f = findings(&now, &vec![last.clone()], "X102");
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].message.contains("上年报告"), "{}", f[0].message);
    // a report two years back, or another body's of another year, is not compared
    let mut old = last;
    old.year = Some(2022);
    assert!(findings(&now, &vec![old], "X102").is_empty());
}

#[test]
fn x102_the_template_paragraph_alone_is_not_copying() {
    let a = format!(
        "{OPENING}\n本镇以老旧小区改造和农贸市场搬迁为重点，逐项公开改造方案、资金预算和施工进度，组织群众代表现场评议，收集意见建议并在门户网站逐条答复。"
    );
    let b = format!(
        "{OPENING}\n本镇围绕乡村振兴重点任务，全年在政府网站发布惠农补贴、集体资产和村务信息，开设防汛专栏集中公开汛期预警和转移安置情况，并在各村公开栏同步张贴。"
    );
    let me = town("青石镇", 2024, [&a, "", "", "", "", ""]);
    let other = town("白沙镇", 2024, [&b, "", "", "", "", ""]);
    assert!(findings(&me, &vec![other], "X102").is_empty());
    // the opening alone leaves nothing to compare
    let me = town("青石镇", 2024, [OPENING, "", "", "", "", ""]);
    assert!(prints(&me).is_empty());
    assert!(similarity::is_boilerplate(
        OPENING.split('。').next().unwrap_or_default()
    ));
}

#[test]
fn x102_a_short_fee_sentence_is_not_copying() {
    let s = "本年度未收取信息处理费。本机关无其他需要报告的事项。";
    let me = town("青石镇", 2024, ["", "", "", "", "", s]);
    let other = town("白沙镇", 2024, ["", "", "", "", "", s]);
    assert!(findings(&me, &vec![other], "X102").is_empty());
    assert!(prints(&me).is_empty());
}

#[test]
fn prints_are_deterministic() {
    let r = town(
        "青石镇",
        2024,
        ["", "", "", "", &problems("青石镇", 3, 120), ""],
    );
    let p = prints(&r);
    assert_eq!(p, prints(&r.clone()));
    // fixed values: a change of normalising or hashing changes them, and the prints a
    // store keeps would no longer match
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].section, 5);
    assert_eq!(
        p[0].bands[..3],
        [
            10663562183261272113,
            16338988343518315177,
            7974501115218076427
        ],
        "{:?}",
        p[0].bands
    );
}

#[test]
fn prints_of_different_texts_rarely_share_a_band() {
    let a = town(
        "青石镇",
        2024,
        ["", "", "", "", &problems("青石镇", 3, 120), ""],
    );
    let b = town(
        "白沙镇",
        2024,
        [
            "",
            "",
            "",
            "",
            "本镇围绕乡村振兴重点任务，全年在政府网站发布惠农补贴、集体资产和村务信息，开设防汛专栏集中公开汛期预警和转移安置情况，并在各村公开栏同步张贴，群众满意度明显提升。",
            "",
        ],
    );
    let (pa, pb) = (prints(&a), prints(&b));
    assert_eq!((pa.len(), pb.len()), (1, 1));
    let shared = pa[0]
        .bands
        .iter()
        .zip(&pb[0].bands)
        .filter(|(x, y)| x == y)
        .count();
    assert_eq!(shared, 0);
}

#[test]
fn the_in_memory_history_hands_the_candidates_x102_compares() {
    use xxgk_check::History;
    let me = town("青石镇", 2024, [""; 6]);
    let h = vec![
        town("青石镇", 2023, [""; 6]),
        town("青石镇", 2024, [""; 6]),
        town("白沙镇", 2024, [""; 6]),
        town("白沙镇", 2023, [""; 6]),
        town("青石镇", 2022, [""; 6]),
    ];
    let got: Vec<(Option<String>, Option<i32>)> = h
        .similar(&me)
        .into_iter()
        .map(|r| (r.agency, r.year))
        .collect();
    assert_eq!(
        got,
        vec![
            (Some("青石镇人民政府".into()), Some(2023)),
            (Some("白沙镇人民政府".into()), Some(2024)),
        ]
    );
}

#[test]
fn without_history_none_of_these_rules_fire() {
    for seed in 0..50 {
        let r = xxgk_testkit::generate(seed);
        let f = check_selected(&Context::new(&r), &history_rules());
        assert!(f.is_empty(), "seed {seed}: {f:?}");
        // an empty history neither
        let f = check_selected(
            &Context::new(&r).with_history(&Vec::new()),
            &history_rules(),
        );
        assert!(f.is_empty(), "seed {seed}: {f:?}");
    }
    // the towns, with all their sections, alone
    let r = town(
        "青石镇",
        2024,
        ["", "", "", "", &problems("青石镇", 3, 120), ""],
    );
    assert!(check_selected(&Context::new(&r), &history_rules()).is_empty());
}
