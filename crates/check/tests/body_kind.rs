//! The rules that depend on the kind of body (Y103, A202), the reworded headings of S002
//! and the table-two figures of N105, through the real pipeline (text → read → extract →
//! check) and on generated valid reports.

use xxgk_check::{BodyKind, Context};
use xxgk_model::{Finding, Report, Severity};

fn run(text: &str) -> Vec<Finding> {
    let doc = xxgk_read::read_bytes("r.txt", text.as_bytes()).expect("readable");
    let ex = xxgk_extract::extract(&doc, "r.txt");
    xxgk_check::check(&Context::extracted(&ex))
}

fn of<'a>(f: &'a [Finding], code: &str) -> Vec<&'a Finding> {
    f.iter().filter(|f| f.code == code).collect()
}

/// A short report of `body` for 2024, signed on `date`, with table two's fee `fee`.
fn report(body: &str, date: &str, fee: &str) -> String {
    format!(
        "{body}2024年政府信息公开工作年度报告\n一、总体情况\n2024年，本机关坚持以公开为常态、不公开为例外。\n\
         二、主动公开政府信息情况\n规章\t0\t0\t0\n行政规范性文件\t1\t0\t5\n行政许可\t12\n行政处罚\t3\n\
         行政强制\t0\n行政事业性收费\t{fee}\n\n{body}\n{date}\n"
    )
}

#[test]
fn the_kind_of_body_decides_the_deadline() {
    let cases: &[(&str, Option<Severity>)] = &[
        ("云溪县自然资源局", Some(Severity::Warning)),
        ("云溪县人民政府办公室", Some(Severity::Warning)),
        ("云溪县人民政府", None),
        ("云溪经济技术开发区管理委员会", None),
        ("云溪县青石镇人民政府", Some(Severity::Info)),
        ("云溪县东关街道办事处", Some(Severity::Info)),
    ];
    for (body, want) in cases {
        let f = run(&report(body, "2025年2月20日", "0"));
        let y103 = of(&f, "Y103");
        assert_eq!(y103.first().map(|f| f.severity), *want, "{body}: {y103:?}");
        assert!(y103.len() <= 1);
    }
    // after 31 March every kind is late
    for body in ["云溪县人民政府", "云溪县青石镇人民政府", "云溪县自然资源局"]
    {
        let f = run(&report(body, "2025年4月2日", "0"));
        let y103 = of(&f, "Y103");
        assert_eq!(y103.len(), 1, "{body}");
        assert_eq!(y103[0].severity, Severity::Warning);
        assert!(y103[0].message.contains("2025-03-31") || body.ends_with('局'));
    }
    // on time
    let f = run(&report("云溪县自然资源局", "2025年1月20日", "0"));
    assert!(of(&f, "Y103").is_empty());
}

#[test]
fn city_wide_fees_are_not_unit_errors() {
    for fee in ["96171.6", "18651.06"] {
        let f = run(&report("示例市人民政府", "2025年3月20日", fee));
        assert!(of(&f, "A202").is_empty(), "{fee}: {:?}", of(&f, "A202"));
        let f = run(&report("示例市交通运输局", "2025年1月20日", fee));
        assert_eq!(of(&f, "A202").len(), 1, "{fee}");
    }
}

fn extracted(text: &str) -> xxgk_extract::Extraction {
    let doc = xxgk_read::read_bytes("r.txt", text.as_bytes()).expect("readable");
    xxgk_extract::extract(&doc, "r.txt")
}

#[test]
fn a_ten_thousandfold_jump_against_last_year_through_the_pipeline() {
    let last = extracted(&report("示例县人民政府", "2025年3月20日", "520.5"));
    let mut last = last.report;
    last.year = Some(2023);
    let history = vec![last];
    let now = extracted(&report("示例县人民政府", "2026年3月20日", "5205000"));
    assert_eq!(now.report.agency.as_deref(), Some("示例县人民政府"));
    let alone = xxgk_check::check(&Context::extracted(&now));
    assert!(of(&alone, "A202").is_empty());
    let with = xxgk_check::check(&Context::extracted(&now).with_history(&history));
    let a202 = of(&with, "A202");
    assert_eq!(a202.len(), 1, "{with:?}");
    assert!(a202[0].message.contains("上年 520.5 万元"));
    assert!(a202[0].location.line.is_some());
}

#[test]
fn the_kind_from_the_title_when_no_name_was_found() {
    let mut r = Report::empty();
    r.title = Some("2024年度示例市人民政府政府信息公开工作年度报告".into());
    assert_eq!(BodyKind::of_report(&r), BodyKind::Government);
    assert_eq!(Context::new(&r).body_kind(), BodyKind::Government);
}

const SECTIONS: [&str; 6] = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
];

fn skeleton(replace: usize, heading: &str) -> String {
    let mut s = String::from("东山县司法局2024年政府信息公开工作年度报告\n");
    for (i, h) in SECTIONS.iter().enumerate() {
        s.push_str(if i == replace { heading } else { h });
        s.push_str("\n本部分内容从略。\n");
    }
    s
}

#[test]
fn a_reworded_heading_is_not_missing() {
    let cases = [
        (4, "五、存在问题及改进情况", "（缺“的主要”）"),
        (3, "四、政府信息公开行政法复议、行政诉讼情况", "（多“法”）"),
        (5, "六、其它需要报告的事项", "（缺“他”，多“它”）"),
    ];
    for (i, heading, what) in cases {
        let f = run(&skeleton(i, heading));
        let s002 = of(&f, "S002");
        assert_eq!(s002.len(), 1, "{heading}: {s002:?}");
        let m = &s002[0].message;
        assert!(m.contains("与规定标题"), "{m}");
        assert!(m.ends_with(what), "{m}");
        assert_eq!(s002[0].location.line, Some(2 * i as u32 + 2), "{m}");
        assert_eq!(s002[0].section, Some(i as u8 + 1));
    }
    // a heading with nothing of the prescribed wording is still missing
    let f = run(&skeleton(4, "五、下一步工作打算"));
    let s002 = of(&f, "S002");
    assert_eq!(s002.len(), 1);
    assert!(s002[0].message.starts_with("缺少第五部分标题"));
    // and the correct skeleton raises no S002
    assert!(of(&run(&skeleton(9, "")), "S002").is_empty());
}

/// A generated valid report whose prose states its own table-two figures.
fn stating_table_two(seed: u64) -> Report {
    let mut r = xxgk_testkit::generate(seed);
    let t = r.active_disclosure.clone().expect("table two");
    let n = t.normative_documents.unwrap_or_default();
    let g = t.regulations.unwrap_or_default();
    let v = |x: Option<i64>| x.unwrap_or(0);
    let sentence = format!(
        "（四）规范性文件和执法信息。本年度制发行政规范性文件{}件，废止{}件，现行有效{}件；现行有效规章{}件。全年作出行政许可决定{}件、行政处罚决定{}件，行政强制决定{}件，收取行政事业性收费{}万元。",
        v(n.issued),
        v(n.repealed),
        v(n.in_force),
        v(g.in_force),
        v(t.licensing),
        v(t.penalty),
        v(t.coercion),
        t.fees_wan_yuan.as_deref().unwrap_or("0"),
    );
    r.sections[0].text.push('\n');
    r.sections[0].text.push_str(&sentence);
    r
}

fn check_markdown(r: &Report) -> Vec<Finding> {
    run(&xxgk_render::markdown(r))
}

#[test]
fn prose_that_agrees_with_table_two_raises_nothing() {
    for seed in 0..40 {
        let r = stating_table_two(seed);
        let f = check_markdown(&r);
        assert!(
            f.is_empty(),
            "seed {seed}: {:?}",
            f.iter().map(|f| (&f.code, &f.message)).collect::<Vec<_>>()
        );
    }
}

#[test]
fn prose_that_disagrees_with_table_two_raises_n105() {
    for seed in 0..10 {
        let mut r = stating_table_two(seed);
        if let Some(t) = r.active_disclosure.as_mut() {
            t.penalty = t.penalty.map(|p| p + 3);
            if let Some(n) = t.normative_documents.as_mut() {
                n.in_force = n.in_force.map(|v| v + 1);
            }
        }
        let f = check_markdown(&r);
        let n105 = of(&f, "N105");
        let cells: Vec<(Option<&str>, Option<&str>)> = n105
            .iter()
            .map(|f| (f.row.as_deref(), f.column.as_deref()))
            .collect();
        assert_eq!(
            cells,
            [
                (Some("normative_documents"), Some("in_force")),
                (Some("penalty"), None)
            ],
            "seed {seed}"
        );
        assert!(n105.iter().all(|f| f.location.line.is_some()));
        // nothing else: the tables are still consistent
        assert!(f.iter().all(|f| f.code == "N105"), "seed {seed}: {f:?}");
    }
}

fn example(name: &str) -> Vec<Finding> {
    let path = format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let doc = xxgk_read::read_bytes(name, &bytes).expect("readable");
    let ex = xxgk_extract::extract(&doc, name);
    xxgk_check::check(&Context::extracted(&ex))
}

#[test]
fn the_bundled_examples_get_no_false_finding_of_these_rules() {
    let ok = example("正确示例-2025.md");
    assert!(ok.is_empty(), "{ok:?}");
    // the erroneous example's planted errors (docs/examples.md) include no N105, and its
    // Y103 is a department's: late after 31 January
    let bad = example("错误示例-2025.md");
    assert!(of(&bad, "N105").is_empty(), "{:?}", of(&bad, "N105"));
    let y103 = of(&bad, "Y103");
    assert_eq!(y103.len(), 1);
    assert!(
        y103[0].message.contains("2026-01-31"),
        "{}",
        y103[0].message
    );
    assert_eq!(y103[0].severity, Severity::Warning);
}

#[test]
fn a_context_with_history_can_cross_threads() {
    fn send_sync<T: Send + Sync>(_: &T) {}
    let r = Report::empty();
    let h: Vec<Report> = Vec::new();
    send_sync(&Context::new(&r).with_history(&h));
}
