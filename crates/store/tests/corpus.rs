//! The corpus, end to end, against SQLite and PostgreSQL alike: ingest, versions, bodies,
//! the rules across reports, submissions, failed files, export.

mod common;

use common::{Db, OPENING, own_prose, problems, report, retitle, with_sections, write};
use xxgk_model::{Applicant, Finding, RequestRow, Severity};
use xxgk_store::query::{FindingFilter, ReportFilter, SubmissionStatus};
use xxgk_store::{IngestOptions, Silent, Store};

both!(
    ingest_stores_each_file_once,
    a_corrected_report_replaces_the_old_and_keeps_it,
    x101_wrong_carried_over_names_both_reports,
    x101_a_consistent_pair_raises_nothing,
    x101_from_a_trial_2020_report_to_2021,
    x103_copied_figures,
    x102_two_towns_with_the_same_section,
    x102_the_template_paragraph_alone_raises_nothing,
    a_file_that_is_not_a_report_is_listed_apart,
    bodies_match_by_name_alias_and_region,
    submissions_submitted_late_missing,
    export_one_row_per_report_one_column_per_figure,
    check_against_the_store_stores_nothing,
    dashboard_sums_by_region_body_rule_and_year,
);

async fn ingest(store: &Store, paths: &[std::path::PathBuf]) -> xxgk_store::IngestSummary {
    store
        .ingest(paths, &IngestOptions::default(), &Silent)
        .await
        .expect("ingest")
}

/// The stored findings of one rule for a body and year.
async fn stored(store: &Store, body: &str, year: i32, code: &str) -> Vec<Finding> {
    store
        .findings(&FindingFilter {
            year: Some(year),
            body: Some(body.into()),
            ..FindingFilter::default()
        })
        .await
        .expect("findings")
        .into_iter()
        .map(|s| s.finding)
        .filter(|f| f.code == code)
        .collect()
}

async fn ingest_stores_each_file_once(db: &Db) {
    let dir = db.folder("in");
    for (i, name) in ["东山县应急管理局", "东山县司法局", "东山县民政局"]
        .iter()
        .enumerate()
    {
        write(&dir, &format!("{i}.md"), &report(i as u64 + 1, name, 2024));
    }
    let store = db.open().await;
    let s = ingest(&store, std::slice::from_ref(&dir)).await;
    assert_eq!((s.files, s.stored, s.known, s.processed), (3, 3, 0, 3));
    assert!(s.refused.is_empty());
    let rows = store
        .reports(&ReportFilter::default())
        .await
        .expect("reports");
    assert_eq!(rows.len(), 3);
    assert!(
        rows.iter()
            .all(|r| r.current && !r.failed && r.year == Some(2024))
    );
    let before = store
        .findings(&FindingFilter::default())
        .await
        .expect("findings")
        .len();
    // the same bytes again: nothing changes
    let s = ingest(&store, &[dir]).await;
    assert_eq!((s.files, s.stored, s.known, s.processed), (3, 0, 3, 0));
    assert_eq!(
        store
            .reports(&ReportFilter::default())
            .await
            .expect("reports")
            .len(),
        3
    );
    let after = store
        .findings(&FindingFilter::default())
        .await
        .expect("findings")
        .len();
    assert_eq!(before, after);
    // the query filters
    let q = store
        .reports(&ReportFilter {
            q: Some("司法".into()),
            ..ReportFilter::default()
        })
        .await
        .expect("reports");
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].body.as_deref(), Some("东山县司法局"));
    let none = store
        .reports(&ReportFilter {
            year: Some(2023),
            ..ReportFilter::default()
        })
        .await
        .expect("reports");
    assert!(none.is_empty());
    assert!(store.integrity_check().await.expect("integrity"));
    store.close().await;
}

async fn a_corrected_report_replaces_the_old_and_keeps_it(db: &Db) {
    let dir = db.folder("in");
    let mut r = report(7, "东山县交通运输局", 2024);
    let first = write(&dir, "first.md", &r);
    let store = db.open().await;
    ingest(&store, &[first]).await;
    r.requests.as_mut().expect("table three").set(
        RequestRow::NewReceived,
        Applicant::NaturalPerson,
        Some(999),
    );
    let second = write(&dir, "second.md", &r);
    ingest(&store, &[second]).await;
    let current = store
        .reports(&ReportFilter::default())
        .await
        .expect("reports");
    assert_eq!(current.len(), 1, "{current:?}");
    assert!(current[0].file.ends_with("second.md"));
    let all = store
        .reports(&ReportFilter {
            status: xxgk_store::query::Status::Versions,
            ..ReportFilter::default()
        })
        .await
        .expect("reports");
    assert_eq!(all.len(), 2);
    let old = all
        .iter()
        .find(|r| r.file.ends_with("first.md"))
        .expect("old");
    assert!(!old.current);
    // the old version is kept whole
    let json = store
        .report_json(old.id)
        .await
        .expect("json")
        .expect("kept");
    assert!(json.contains("东山县交通运输局"));
    store.close().await;
}

/// Last year's and this year's report of one body, this year's 上年结转 equal to last
/// year's 结转下年度继续办理.
fn two_years(body: &str) -> (xxgk_model::Report, xxgk_model::Report) {
    let last = report(21, body, 2023);
    let mut now = report(22, body, 2024);
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

async fn x101_wrong_carried_over_names_both_reports(db: &Db) {
    let (last, mut now) = two_years("西山县人民政府");
    let then = last
        .requests
        .as_ref()
        .and_then(|t| t.get(RequestRow::CarriedForward, Applicant::NaturalPerson))
        .expect("cell");
    now.requests.as_mut().expect("table three").set(
        RequestRow::CarriedOver,
        Applicant::NaturalPerson,
        Some(then + 3),
    );
    let dir = db.folder("in");
    let store = db.open().await;
    // this year's arrives first: nothing to compare with yet
    ingest(&store, &[write(&dir, "西山县2024.md", &now)]).await;
    assert!(stored(&store, "西山县", 2024, "X101").await.is_empty());
    // last year's arrives: this year's report is checked again
    ingest(&store, &[write(&dir, "西山县2023.md", &last)]).await;
    let f = stored(&store, "西山县", 2024, "X101").await;
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[0].column.as_deref(), Some("natural_person"));
    assert!(f[0].file.ends_with("西山县2024.md"), "{}", f[0].file);
    assert!(
        f[0].values["other_file"]
            .as_str()
            .is_some_and(|s| s.ends_with("西山县2023.md")),
        "{:?}",
        f[0].values
    );
    assert_eq!(f[0].values["other_year"], 2023);
    // the report's counts include it
    let rows = store
        .reports(&ReportFilter {
            year: Some(2024),
            ..ReportFilter::default()
        })
        .await
        .expect("reports");
    assert!(rows[0].errors >= 1);
    store.close().await;
}

async fn x101_a_consistent_pair_raises_nothing(db: &Db) {
    let (last, now) = two_years("南山县人民政府");
    let dir = db.folder("in");
    write(&dir, "a.md", &last);
    write(&dir, "b.md", &now);
    let store = db.open().await;
    ingest(&store, &[dir]).await;
    assert!(stored(&store, "南山县", 2024, "X101").await.is_empty());
    assert!(stored(&store, "南山县", 2024, "X103").await.is_empty());
    assert_eq!(
        store
            .reports(&ReportFilter::default())
            .await
            .expect("r")
            .len(),
        2
    );
    store.close().await;
}

async fn x101_from_a_trial_2020_report_to_2021(db: &Db) {
    let mut last = xxgk_testkit::generate_trial(31);
    retitle(&mut last, "北山县人民政府", 2020);
    let mut now = report(32, "北山县人民政府", 2021);
    let forward = last
        .requests
        .as_ref()
        .and_then(|t| t.get(RequestRow::CarriedForward, Applicant::Business))
        .expect("cell");
    now.requests.as_mut().expect("t3").set(
        RequestRow::CarriedOver,
        Applicant::Business,
        Some(forward + 2),
    );
    let dir = db.folder("in");
    write(&dir, "2020.md", &last);
    write(&dir, "2021.md", &now);
    let store = db.open().await;
    ingest(&store, &[dir]).await;
    let json = store
        .reports(&ReportFilter {
            year: Some(2020),
            ..ReportFilter::default()
        })
        .await
        .expect("reports");
    let stored_2020 = store
        .report_json(json[0].id)
        .await
        .expect("json")
        .expect("report");
    assert!(
        stored_2020.contains("\"template\":\"2019\""),
        "{stored_2020}"
    );
    let f = stored(&store, "北山县", 2021, "X101").await;
    assert!(
        f.iter().any(|f| f.column.as_deref() == Some("business")),
        "{f:?}"
    );
    store.close().await;
}

async fn x103_copied_figures(db: &Db) {
    let last = report(41, "东河镇人民政府", 2023);
    let mut now = last.clone();
    retitle(&mut now, "东河镇人民政府", 2024);
    let now = with_sections(now, std::array::from_fn(|_| ""));
    let now = {
        let prose: Vec<String> = (0..6).map(|i| own_prose(900 + i, 6)).collect();
        with_sections(now, std::array::from_fn(|i| prose[i].as_str()))
    };
    let dir = db.folder("in");
    write(&dir, "2023.md", &last);
    write(&dir, "2024.md", &now);
    let store = db.open().await;
    ingest(&store, &[dir]).await;
    let f = stored(&store, "东河镇", 2024, "X103").await;
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(stored(&store, "东河镇", 2023, "X103").await.is_empty());
    store.close().await;
}

async fn x102_two_towns_with_the_same_section(db: &Db) {
    let a = problems("青石镇", 3, 120);
    let b = problems("白沙镇", 5, 86);
    let town = |seed, name: &str, five: &str| {
        let r = report(seed, name, 2024);
        let one = own_prose(seed * 100, 6);
        with_sections(r, [&one, "", "", "", five, "本年度未收取信息处理费。"])
    };
    let dir = db.folder("in");
    write(&dir, "青石镇.md", &town(51, "青石镇人民政府", &a));
    write(&dir, "白沙镇.md", &town(52, "白沙镇人民政府", &b));
    write(
        &dir,
        "红河镇.md",
        &town(53, "红河镇人民政府", &own_prose(5300, 8)),
    );
    let store = db.open().await;
    ingest(&store, &[dir]).await;
    let f = stored(&store, "青石镇", 2024, "X102").await;
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].section, Some(5));
    assert_eq!(f[0].values["other_agency"], "白沙镇人民政府");
    let passages = f[0].values["passages"].as_array().expect("passages");
    assert!(!passages.is_empty());
    assert!(
        passages
            .iter()
            .all(|p| p.as_str().is_some_and(|p| a.contains(p) && b.contains(p)))
    );
    // both ways, and the third town is like neither
    assert_eq!(stored(&store, "白沙镇", 2024, "X102").await.len(), 1);
    assert!(stored(&store, "红河镇", 2024, "X102").await.is_empty());
    store.close().await;
}

async fn x102_the_template_paragraph_alone_raises_nothing(db: &Db) {
    let dir = db.folder("in");
    for (seed, name) in [(61, "金山镇人民政府"), (62, "银山镇人民政府")] {
        let one = format!("{OPENING}\n{}", own_prose(seed * 10, 6));
        let r = with_sections(
            report(seed, name, 2024),
            [&one, "", "", "", "", "本年度未收取信息处理费。"],
        );
        write(&dir, &format!("{seed}.md"), &r);
    }
    let store = db.open().await;
    ingest(&store, &[dir]).await;
    for body in ["金山镇", "银山镇"] {
        assert!(stored(&store, body, 2024, "X102").await.is_empty());
    }
    store.close().await;
}

async fn a_file_that_is_not_a_report_is_listed_apart(db: &Db) {
    let dir = db.folder("in");
    std::fs::write(
        dir.join("notice.txt"),
        "关于召开2025年春季运动会的通知\n各单位：定于下周举行。",
    )
    .expect("write");
    write(&dir, "ok.md", &report(71, "东山县财政局", 2024));
    let store = db.open().await;
    let s = ingest(&store, &[dir]).await;
    assert_eq!((s.stored, s.processed, s.failed), (2, 2, 1));
    let reports = store.reports(&ReportFilter::default()).await.expect("r");
    assert_eq!(reports.len(), 1);
    assert!(reports[0].file.ends_with("ok.md"));
    let failed = store
        .reports(&ReportFilter {
            status: xxgk_store::query::Status::Failed,
            ..ReportFilter::default()
        })
        .await
        .expect("r");
    assert_eq!(failed.len(), 1);
    assert!(failed[0].failed && failed[0].file.ends_with("notice.txt"));
    let f = store.findings(&FindingFilter::default()).await.expect("f");
    assert!(
        f.iter()
            .any(|s| s.report_id == failed[0].id && s.finding.code == "S001")
    );
    store.close().await;
}

async fn bodies_match_by_name_alias_and_region(db: &Db) {
    let tree = db.dir.path().join("tree.csv");
    std::fs::write(
        &tree,
        "地区,单位,类别,别名,起始年度,截止年度\n\
         示例省/示例市/东山县,东山县人民政府办公室,department,东山县府办,2019,\n\
         示例省/示例市/东山县,西山镇人民政府,township,,2019,\n\
         示例省/示例市/南山县,西山镇人民政府,township,,2019,\n",
    )
    .expect("tree");
    let records = xxgk_store::bodies::read_tree(&tree).expect("read tree");
    assert_eq!(records.len(), 3);
    let store = db.open().await;
    assert_eq!(store.import_bodies(&records).await.expect("import"), 3);
    let dir = db.folder("in");
    // 县政府办 for 县人民政府办公室, full-width letters aside
    write(&dir, "a.md", &report(81, "东山县政府办", 2024));
    write(&dir, "b.md", &report(82, "东山县府办", 2023));
    // the same town name in two counties: the title decides, or nobody does
    let mut c = report(83, "西山镇人民政府", 2024);
    c.title = Some("南山县西山镇人民政府2024年政府信息公开工作年度报告".into());
    write(&dir, "c.md", &c);
    write(&dir, "d.md", &report(84, "西山镇人民政府", 2023));
    write(&dir, "e.md", &report(85, "北海市海洋局", 2024));
    ingest(&store, &[dir]).await;
    let rows = store
        .reports(&ReportFilter::default())
        .await
        .expect("reports");
    let by = |file: &str| {
        rows.iter()
            .find(|r| r.file.ends_with(file))
            .unwrap_or_else(|| panic!("{file} in {rows:?}"))
    };
    assert_eq!(by("a.md").body.as_deref(), Some("东山县人民政府办公室"));
    assert_eq!(by("b.md").body.as_deref(), Some("东山县人民政府办公室"));
    assert_eq!(by("c.md").body.as_deref(), Some("西山镇人民政府"));
    assert_eq!(by("c.md").region.as_deref(), Some("/示例省/示例市/南山县"));
    assert_eq!(by("d.md").match_status, "ambiguous");
    assert_eq!(by("d.md").body, None);
    assert_eq!(by("e.md").match_status, "unmatched");
    assert_eq!(by("e.md").body, None);
    // regions filter at any level
    let nanshan = store
        .reports(&ReportFilter {
            region: Some("南山县".into()),
            ..ReportFilter::default()
        })
        .await
        .expect("reports");
    assert_eq!(nanshan.len(), 1);
    // the tree goes out as it came in
    let out = store.export_bodies().await.expect("export");
    assert_eq!(out.len(), 3);
    let alias = out
        .iter()
        .find(|b| b.name == "东山县人民政府办公室")
        .expect("body");
    assert_eq!(alias.aliases, vec!["东山县府办".to_string()]);
    assert_eq!(alias.region, vec!["示例省", "示例市", "东山县"]);
    store.close().await;
}

async fn submissions_submitted_late_missing(db: &Db) {
    let tree = db.dir.path().join("tree.csv");
    std::fs::write(
        &tree,
        "region,body,kind,aliases,from_year,to_year\n\
         示例省/示例市/东山县,东山县应急管理局,department,,2019,\n\
         示例省/示例市/东山县,东山县司法局,department,,2019,\n\
         示例省/示例市/东山县,东山县林业局,department,,2019,\n\
         示例省/示例市/东山县,东山县粮食局,department,,2019,2022\n",
    )
    .expect("tree");
    let store = db.open().await;
    store
        .import_bodies(&xxgk_store::bodies::read_tree(&tree).expect("tree"))
        .await
        .expect("import");
    let dir = db.folder("in");
    write(&dir, "a.md", &report(91, "东山县应急管理局", 2024));
    let mut late = report(92, "东山县司法局", 2024);
    late.published = xxgk_model::Date::new(2025, 3, 2).ok();
    write(&dir, "b.md", &late);
    ingest(&store, &[dir]).await;
    let s = store.submissions(2024).await.expect("submissions");
    assert_eq!(s.len(), 3, "the 粮食局 reported until 2022: {s:?}");
    let of = |b: &str| s.iter().find(|x| x.body == b).expect("body").status;
    assert_eq!(of("东山县应急管理局"), SubmissionStatus::Submitted);
    assert_eq!(of("东山县司法局"), SubmissionStatus::Late);
    assert_eq!(of("东山县林业局"), SubmissionStatus::Missing);
    let late = s.iter().find(|x| x.body == "东山县司法局").expect("late");
    assert_eq!(late.published.as_deref(), Some("2025-03-02"));
    assert_eq!(late.deadline.as_deref(), Some("2025-01-31"));
    store.close().await;
}

async fn export_one_row_per_report_one_column_per_figure(db: &Db) {
    use xxgk_store::export::{ExportFormat, figure_columns};
    let dir = db.folder("in");
    write(&dir, "a.md", &report(101, "东山县审计局", 2024));
    let mut trial = xxgk_testkit::generate_trial(102);
    retitle(&mut trial, "东山县审计局", 2020);
    write(&dir, "b.md", &trial);
    let store = db.open().await;
    ingest(&store, &[dir]).await;
    let out = db.dir.path().join("corpus.csv");
    let s = store
        .export(None, ExportFormat::Csv, &out)
        .await
        .expect("export");
    assert_eq!(s.reports, 2);
    let text = std::fs::read_to_string(&out).expect("csv");
    let mut rd = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = rd
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let columns = figure_columns();
    assert!(header.ends_with(&columns), "{header:?}");
    assert!(columns.contains(&"requests.total.natural_person".to_string()));
    assert!(columns.contains(&"active_disclosure_2019.regulations.made".to_string()));
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 2);
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    for row in &rows {
        let is_trial = &row[col("year")] == "2020";
        assert_eq!(
            &row[col("template")],
            if is_trial { "2019" } else { "2021" }
        );
        // a trial report's figures stay under the trial keys, never the 2021 ones
        assert_eq!(
            row[col("active_disclosure.regulations.in_force")].is_empty(),
            is_trial
        );
        assert_eq!(
            row[col("active_disclosure_2019.regulations.made")].is_empty(),
            !is_trial
        );
    }
    let findings = xxgk_store::export::findings_path(&out);
    assert!(findings.exists());
    // XLSX: two sheets; JSON Lines: one canonical report per line
    let xlsx = db.dir.path().join("corpus.xlsx");
    store
        .export(Some(2024), ExportFormat::Xlsx, &xlsx)
        .await
        .expect("xlsx");
    {
        use calamine::Reader;
        let book = calamine::open_workbook_auto(&xlsx).expect("workbook");
        assert_eq!(
            book.sheet_names(),
            vec!["报告".to_string(), "问题".to_string()]
        );
    }
    let jsonl = db.dir.path().join("corpus.jsonl");
    store
        .export(None, ExportFormat::Jsonl, &jsonl)
        .await
        .expect("jsonl");
    let lines: Vec<xxgk_model::Report> = std::fs::read_to_string(&jsonl)
        .expect("jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("report"))
        .collect();
    assert_eq!(lines.len(), 2);
    store.close().await;
}

async fn check_against_the_store_stores_nothing(db: &Db) {
    let (last, mut now) = two_years("中山县人民政府");
    now.requests
        .as_mut()
        .expect("t3")
        .set(RequestRow::CarriedOver, Applicant::OtherOrg, Some(77));
    let dir = db.folder("in");
    let store = db.open().await;
    ingest(&store, &[write(&dir, "2023.md", &last)]).await;
    let path = write(&dir, "2024.md", &now);
    let bytes = std::fs::read(&path).expect("read");
    let a = xxgk_analyse::analyse("2024.md", &bytes, &xxgk_analyse::Options::default());
    let ex = a.extraction.expect("extraction");
    let f = store.cross_check(&ex).await.expect("cross");
    assert!(f.iter().any(|f| f.code == "X101"), "{f:?}");
    assert_eq!(
        store
            .reports(&ReportFilter::default())
            .await
            .expect("r")
            .len(),
        1,
        "nothing stored"
    );
    store.close().await;
}

async fn dashboard_sums_by_region_body_rule_and_year(db: &Db) {
    let tree = db.dir.path().join("tree.csv");
    std::fs::write(
        &tree,
        "region,body,kind,aliases,from_year,to_year\n\
         示例省/示例市/东山县,东山县应急管理局,department,,2019,\n\
         示例省/示例市/南山县,南山县司法局,department,,2019,\n\
         示例省/示例市/南山县,南山县林业局,department,,2019,\n",
    )
    .expect("tree");
    let store = db.open().await;
    store
        .import_bodies(&xxgk_store::bodies::read_tree(&tree).expect("tree"))
        .await
        .expect("import");
    let dir = db.folder("in");
    let east_2023 = report(101, "东山县应急管理局", 2023);
    let east = report(102, "东山县应急管理局", 2024);
    let south = report(103, "南山县司法局", 2024);
    // a report whose table three was lost: it adds nothing, not zeros
    let mut forest = report(104, "南山县林业局", 2024);
    forest.requests = None;
    for (f, r) in [
        ("a.md", &east_2023),
        ("b.md", &east),
        ("c.md", &south),
        ("d.md", &forest),
    ] {
        write(&dir, f, r);
    }
    ingest(&store, &[dir]).await;
    let new = |r: &xxgk_model::Report| {
        r.requests
            .as_ref()
            .and_then(|t| t.get(RequestRow::NewReceived, Applicant::Total))
            .expect("generated reports have table three")
    };
    let d = store
        .dashboard(&ReportFilter {
            year: Some(2024),
            ..ReportFilter::default()
        })
        .await
        .expect("dashboard");
    assert_eq!(d.parent_region, "/示例省/示例市");
    let region = |name: &str| {
        d.by_region
            .iter()
            .find(|g| g.name == name)
            .unwrap_or_else(|| panic!("{name} in {:?}", d.by_region))
            .outcomes
            .clone()
    };
    assert_eq!(d.by_region.len(), 2, "{:?}", d.by_region);
    assert_eq!(region("东山县").values[0], new(&east));
    assert_eq!(region("东山县").reports, 1);
    let s = region("南山县");
    assert_eq!((s.reports, s.with_requests), (2, 1));
    assert_eq!(s.values[0], new(&south));
    assert_eq!(d.by_body.len(), 3);
    assert_eq!(
        d.by_body
            .iter()
            .map(|g| g.outcomes.values[0])
            .collect::<Vec<_>>(),
        {
            let mut v = vec![new(&east), new(&south), 0];
            v.sort_by(|a, b| b.cmp(a));
            v
        },
        "most requests first"
    );
    // findings by rule add up to the stored findings of the year
    let stored = store
        .findings(&FindingFilter {
            year: Some(2024),
            ..FindingFilter::default()
        })
        .await
        .expect("findings");
    let counted: i64 = d
        .by_rule
        .iter()
        .map(|r| r.errors + r.warnings + r.infos)
        .sum();
    assert_eq!(counted, stored.len() as i64);
    // the trend ignores the year filter
    assert_eq!(
        d.by_year
            .iter()
            .map(|y| (y.year, y.outcomes.reports))
            .collect::<Vec<_>>(),
        vec![(2023, 1), (2024, 3)]
    );
    assert_eq!(d.by_year[0].outcomes.values[0], new(&east_2023));
    assert_eq!(d.years, vec![2024, 2023]);
    // a reviewer of one county sees only its reports
    let d = store
        .dashboard(&ReportFilter {
            year: Some(2024),
            scope: xxgk_store::web::Scope::Region("示例省/示例市/东山县".into()),
            ..ReportFilter::default()
        })
        .await
        .expect("dashboard");
    assert_eq!(d.by_region.len(), 1);
    assert_eq!(d.by_region[0].name, "东山县");
    assert_eq!(d.by_body.len(), 1);
    assert_eq!(d.by_year.len(), 2);
}
