//! Importing an office's spreadsheet register: columns by their usual names, all or nothing.

use jiff::civil::date;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use xxgk_ledger::import::Field;
use xxgk_ledger::sample::stamp_on;
use xxgk_ledger::{ApplicantKind, Calendar, Channel, Status, import_xlsx};
use xxgk_model::RequestRow;

/// A cell: text, or a date written as an Excel date.
enum C {
    T(&'static str),
    D(u16, u8, u8),
}

fn xlsx(title: Option<&str>, headers: &[&str], rows: &[Vec<C>]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("台账").expect("name");
    let date_format = Format::new().set_num_format("yyyy年m月d日");
    let top = u32::from(title.is_some());
    if let Some(t) = title {
        ws.write_string(0, 0, t).expect("title");
    }
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(top, c as u16, *h).expect("header");
    }
    for (r, row) in rows.iter().enumerate() {
        let r = top + 1 + r as u32;
        for (c, v) in row.iter().enumerate() {
            match v {
                C::T("") => {}
                C::T(s) => {
                    ws.write_string(r, c as u16, *s).expect("cell");
                }
                C::D(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(*y, *m, *d).expect("date");
                    ws.write_datetime_with_format(r, c as u16, &dt, &date_format)
                        .expect("date cell");
                }
            }
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

const HEADERS: &[&str] = &[
    "序号",
    "申请人姓名",
    "申请人类型",
    "申请方式",
    "受理日期",
    "申请事项",
    "答复日期",
    "答复类型",
    "依据",
    "经办人",
];

fn good_rows() -> Vec<Vec<C>> {
    use C::{D, T};
    vec![
        vec![
            T("1"),
            T("张三"),
            T("公民"),
            T("当面"),
            D(2025, 9, 26),
            T("2024年老旧小区改造清单"),
            D(2025, 10, 20),
            T("予以公开"),
            T(""),
            T("李四"),
        ],
        vec![
            T("2"),
            T("某某律师事务所"),
            T("法律服务机构"),
            T("网上申请"),
            T("2025/11/3"),
            T("某项目环评批复"),
            T("2025-11-25"),
            T("不予公开-保护第三方合法权益"),
            T("条例第十五条"),
            T("李四"),
        ],
        // blank rows are skipped
        vec![],
        vec![
            T("3"),
            T("某科技有限公司"),
            T("商业企业"),
            T("挂号信"),
            T("2025年12月22日"),
            T("某专项资金分配结果"),
            T(""),
            T(""),
            T(""),
            T("王五"),
        ],
    ]
}

#[test]
fn a_register_with_office_column_names_imports_whole() {
    let cal = Calendar::official();
    let bytes = xlsx(
        Some("某区政务服务局2025年政府信息公开申请登记台账"),
        HEADERS,
        &good_rows(),
    );
    let st = stamp_on("导入", date(2026, 1, 5));
    let imp = import_xlsx(&bytes, "某区政务服务局", &cal, date(2026, 1, 5), &st).expect("import");
    assert_eq!(imp.mapping.sheet, "台账");
    assert_eq!(imp.mapping.header_row, 2);
    assert_eq!(imp.mapping.unmapped, vec!["序号", "经办人"]);
    assert!(
        imp.mapping
            .mapped
            .contains(&("受理日期".to_string(), Field::Received))
    );
    let rs = &imp.ledger.requests;
    assert_eq!(rs.len(), 3);
    assert_eq!(
        rs.iter().map(|r| r.number.as_str()).collect::<Vec<_>>(),
        ["2025-0001", "2025-0002", "2025-0003"]
    );
    assert_eq!(rs[0].applicant.name, "张三");
    assert_eq!(rs[0].applicant.kind, ApplicantKind::NaturalPerson);
    assert_eq!(rs[0].received, date(2025, 9, 26));
    assert_eq!(
        rs[0].outcome.as_ref().map(|o| (o.row, o.answered)),
        Some((RequestRow::Granted, date(2025, 10, 20)))
    );
    assert_eq!(rs[1].receipt.channel, Channel::Online);
    assert_eq!(rs[1].received, date(2025, 11, 3));
    assert_eq!(
        rs[1].outcome.as_ref().map(|o| o.row),
        Some(RequestRow::DeniedThirdParty)
    );
    assert_eq!(rs[2].applicant.kind, ApplicantKind::Business);
    assert_eq!(rs[2].status(), Status::Open);
    assert_eq!(rs[2].received, date(2025, 12, 22));
    // every imported request has its registration in the audit trail
    assert!(
        rs.iter()
            .all(|r| r.audit.first().is_some_and(|a| a.who == "导入"))
    );
    // the imported ledger gives table three: one carried forward
    let t3 = imp.ledger.table_three(2025).expect("t3");
    assert_eq!(
        t3.get(RequestRow::CarriedForward, xxgk_model::Applicant::Business),
        Some(1)
    );
}

#[test]
fn a_register_with_a_bad_row_imports_nothing() {
    use C::{D, T};
    let cal = Calendar::official();
    let mut rows = good_rows();
    // a group, not a row of table three; and a received date in the future
    rows.push(vec![
        T("4"),
        T("赵六"),
        T("自然人"),
        T("当面"),
        D(2025, 10, 9),
        T("某文件"),
        D(2025, 10, 30),
        T("不予公开"),
        T(""),
        T(""),
    ]);
    rows.push(vec![
        T("5"),
        T("钱七"),
        T("自然人"),
        T("当面"),
        D(2026, 3, 2),
        T("某文件"),
        T(""),
        T(""),
        T(""),
        T(""),
    ]);
    let bytes = xlsx(None, HEADERS, &rows);
    let st = stamp_on("导入", date(2026, 1, 5));
    let err = import_xlsx(&bytes, "某局", &cal, date(2026, 1, 5), &st).expect_err("refused");
    let rows_with_problems: Vec<Option<usize>> = err.problems.iter().map(|p| p.row).collect();
    // the header on row 1, the blank row 4: the bad rows are 6 and 7
    assert_eq!(rows_with_problems, vec![Some(6), Some(7)], "{err}");
    assert!(err.to_string().contains("不予公开"), "{err}");
    assert!(err.to_string().contains("晚于今天"), "{err}");
    assert!(!err.unreadable);
}

#[test]
fn a_register_without_required_columns_or_not_a_spreadsheet_is_refused() {
    let cal = Calendar::official();
    let st = stamp_on("导入", date(2026, 1, 5));
    let bytes = xlsx(
        None,
        &["申请人", "申请内容", "收到日期"],
        &[vec![C::T("张三"), C::T("某文件"), C::D(2025, 9, 26)]],
    );
    let err = import_xlsx(&bytes, "某局", &cal, date(2026, 1, 5), &st).expect_err("refused");
    let text = err.to_string();
    assert!(text.contains("申请人类型"), "{text}");
    assert!(text.contains("申请方式"), "{text}");
    let err = import_xlsx(b"not a spreadsheet", "某局", &cal, date(2026, 1, 5), &st)
        .expect_err("refused");
    assert!(err.unreadable);
}
