//! The trial format of 2019 (国办公开办函〔2019〕60号) under the rules: right for 2019 and
//! 2020 reports, outdated (S004) from 2021; its table three's single （六）其他处理 row in
//! T302's sum; the 信息处理费 statement (S006) not asked of 2020 reports.

use xxgk_model::{Applicant, Finding, Report, RequestRow, Template, TrialColumn, TrialRow};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../extract/tests/fixtures/trial/2019-tab-grid.txt"
);

/// The tab-grid fixture with its years moved from 2019 to `year`.
fn fixture_for(year: i32) -> String {
    std::fs::read_to_string(FIXTURE)
        .expect("fixture")
        .replace("2020年1月20日", &format!("{}年1月20日", year + 1))
        .replace("2019", &year.to_string())
}

fn check_text(text: &str) -> (Report, Vec<Finding>) {
    let doc = xxgk_read::read_bytes("t.txt", text.as_bytes()).expect("readable");
    let ex = xxgk_extract::extract(&doc, "t.txt");
    let f = xxgk_check::check(&xxgk_check::Context::extracted(&ex));
    (ex.report, f)
}

fn has(f: &[Finding], code: &str) -> bool {
    f.iter().any(|f| f.code == code)
}

#[test]
fn s004_flags_the_trial_layout_in_a_2021_report() {
    let (r, f) = check_text(&fixture_for(2022));
    assert_eq!(r.year, Some(2022));
    assert_eq!(r.template, Template::Trial2019);
    let s004: Vec<&Finding> = f.iter().filter(|f| f.code == "S004").collect();
    assert_eq!(s004.len(), 1, "{f:?}");
    assert!(s004[0].message.contains("2019 年试行格式"));
    // the hint for the trial format, not the page's for the rows before 2019
    assert!(
        s004[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("政府集中采购")),
        "{:?}",
        s004[0].help
    );
    // at the first cell of the trial table two
    assert!(s004[0].location.line.is_some());
}

#[test]
fn s004_is_silent_for_2019_and_2020_reports_in_the_trial_layout() {
    for year in [2019, 2020] {
        let (r, f) = check_text(&fixture_for(year));
        assert_eq!(r.template, Template::Trial2019);
        assert!(!has(&f, "S004"), "{year}: {f:?}");
        // nor is anything else raised: the fixture is a correct trial report
        assert!(
            f.is_empty(),
            "{year}: {:?}",
            f.iter().map(|f| (&f.code, &f.message)).collect::<Vec<_>>()
        );
    }
}

#[test]
fn s004_is_silent_for_a_generated_trial_report() {
    for seed in 0..20 {
        let r = xxgk_testkit::generate_trial(seed);
        let f = xxgk_check::check(&xxgk_check::Context::new(&r));
        assert!(f.is_empty(), "{seed}: {f:?}");
        let mut late = r.clone();
        late.year = Some(2021);
        let f = xxgk_check::check(&xxgk_check::Context::new(&late));
        assert!(has(&f, "S004"), "{seed}");
    }
}

#[test]
fn t302_sums_the_single_other_row() {
    let mut r = xxgk_testkit::generate_trial(3);
    let t = r.requests.as_mut().expect("table three");
    assert!(t.other.is_some() && t.other_other.is_none());
    // one more request handled as 其他处理 in the natural-person column only
    let v = t
        .get(RequestRow::Other, Applicant::NaturalPerson)
        .unwrap_or(0);
    t.set(RequestRow::Other, Applicant::NaturalPerson, Some(v + 1));
    let f = xxgk_check::check(&xxgk_check::Context::new(&r));
    let t302: Vec<&Finding> = f.iter().filter(|f| f.code == "T302").collect();
    assert_eq!(t302.len(), 1, "{f:?}");
    assert_eq!(t302[0].column.as_deref(), Some("natural_person"));
    // and T301 for the row's own total
    assert!(
        f.iter()
            .any(|f| f.code == "T301" && f.row.as_deref() == Some("other"))
    );
}

#[test]
fn t305_reports_a_negative_other_cell() {
    let mut r = xxgk_testkit::generate_trial(4);
    let t = r.requests.as_mut().expect("table three");
    t.set(RequestRow::Other, Applicant::Business, Some(-1));
    let f = xxgk_check::check(&xxgk_check::Context::new(&r));
    assert!(
        f.iter()
            .any(|f| f.code == "T305" && f.row.as_deref() == Some("other"))
    );
}

#[test]
fn a201_allows_a_decrease_but_not_a_negative_count() {
    let mut r = xxgk_testkit::generate_trial(5);
    let t = r.active_disclosure_2019.as_mut().expect("trial table two");
    t.set(TrialRow::Licensing, TrialColumn::Change, Some(-4));
    assert!(xxgk_check::check(&xxgk_check::Context::new(&r)).is_empty());
    let t = r.active_disclosure_2019.as_mut().expect("trial table two");
    t.set(TrialRow::Penalty, TrialColumn::Decisions, Some(-1));
    let f = xxgk_check::check(&xxgk_check::Context::new(&r));
    let a201: Vec<&Finding> = f.iter().filter(|f| f.code == "A201").collect();
    assert_eq!(a201.len(), 1, "{f:?}");
    assert_eq!(a201[0].row.as_deref(), Some("penalty"));
    assert_eq!(a201[0].column.as_deref(), Some("decisions"));
}

#[test]
fn s003_knows_the_trial_table_two() {
    let mut r = xxgk_testkit::generate_trial(6);
    assert!(!has(
        &xxgk_check::check(&xxgk_check::Context::new(&r)),
        "S003"
    ));
    r.active_disclosure_2019 = None;
    let f = xxgk_check::check(&xxgk_check::Context::new(&r));
    assert!(f.iter().any(|f| f.code == "S003" && f.section == Some(2)));
}

#[test]
fn s006_does_not_ask_a_2020_report_for_the_processing_fee() {
    let silent = "本年度无其他需要报告的事项。";
    for (year, asked) in [(2019, false), (2020, false), (2021, true), (2024, true)] {
        let mut r = xxgk_testkit::generate(1);
        r.year = Some(year);
        if let Some(s) = r.sections.iter_mut().find(|s| s.number == 6) {
            s.text = silent.to_string();
        }
        let f = xxgk_check::check(&xxgk_check::Context::new(&r));
        let s006 = f.iter().any(|f| f.code == "S006" && f.section == Some(6));
        assert_eq!(s006, asked, "{year}: {f:?}");
    }
}

#[test]
fn a201_reports_a_trial_cell_that_is_not_a_number() {
    let text = fixture_for(2019).replace("行政处罚\t45\t3\t129", "行政处罚\t45\t3\t若干");
    let (r, f) = check_text(&text);
    let t = r.active_disclosure_2019.expect("trial table two");
    assert_eq!(t.get(TrialRow::Penalty, TrialColumn::Decisions), None);
    assert_eq!(
        t.get(TrialRow::Penalty, TrialColumn::PreviousYear),
        Some(45)
    );
    let a201: Vec<&Finding> = f.iter().filter(|f| f.code == "A201").collect();
    assert_eq!(a201.len(), 1, "{f:?}");
    assert_eq!(a201[0].row.as_deref(), Some("penalty"));
    assert_eq!(a201[0].column.as_deref(), Some("decisions"));
}
