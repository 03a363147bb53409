//! Numbers as they really appear in published tables: full-width digits, thousands
//! separators, dashes, slashes and blanks, decimals in the fee.

use xxgk_model::{Applicant, RequestRow};

const REPORT: &str = "# 示例县数字局 2025 年政府信息公开工作年度报告

## 二、主动公开政府信息情况

| 第二十条第（一）项 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
|---|---|---|---|
| 规章 | — | / | ０ |
| 行政规范性文件 | ３ | 1 | 1,204 |

| 第二十条第（五）项 | 本年处理决定数量 |
|---|---|
| 行政许可 | 12,345 |

| 第二十条第（八）项 | 本年收费金额（单位：万元） |
|---|---|
| 行政事业性收费 | 1,234.50 |

## 三、收到和处理政府信息公开申请情况

| 项目 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
|---|---|---|---|---|---|---|---|
| 一、本年新收政府信息公开申请数量 | １２ | 　1 | / | — |  | 0 | 13 |
| 二、上年结转政府信息公开申请数量 | 2件 | 0 | 0 | 0 | 0 | 0 | 2 |
| （七）总计 | 1.5 | 0 | 0 | 0 | 0 | 0 | -1 |
";

#[test]
fn published_number_forms() {
    let doc = xxgk_read::read_bytes("n.md", REPORT.as_bytes()).expect("readable");
    let ex = xxgk_extract::extract(&doc, "n.md");
    let r = &ex.report;
    let t2 = r.active_disclosure.as_ref().expect("table two");
    let regs = t2.regulations.expect("规章");
    assert_eq!(
        (regs.issued, regs.repealed, regs.in_force),
        (Some(0), Some(0), Some(0))
    );
    let norm = t2.normative_documents.expect("规范性文件");
    assert_eq!((norm.issued, norm.in_force), (Some(3), Some(1204)));
    assert_eq!(t2.licensing, Some(12345));
    assert_eq!(t2.fees_wan_yuan.as_deref(), Some("1234.5"));
    let t3 = r.requests.as_ref().expect("table three");
    assert_eq!(
        t3.row(RequestRow::NewReceived),
        Some(&[
            Some(12),
            Some(1),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(13)
        ])
    );
    // “2件” and “1.5” are not clean whole numbers: null and reported, never guessed
    assert_eq!(
        t3.get(RequestRow::CarriedOver, Applicant::NaturalPerson),
        None
    );
    assert_eq!(t3.get(RequestRow::Total, Applicant::NaturalPerson), None);
    assert_eq!(t3.get(RequestRow::Total, Applicant::Total), Some(-1));
    let t305: Vec<_> = ex
        .notes
        .iter()
        .filter(|n| code(n) == "T305")
        .map(|n| n.message.as_str())
        .collect();
    assert_eq!(t305.len(), 2, "{t305:?}");
    assert!(
        ex.notes.iter().any(|n| code(n) == "T306"),
        "blanks and dashes are reported"
    );
    let f = xxgk_check::check(&xxgk_check::Context::extracted(&ex));
    assert!(
        f.iter()
            .any(|f| f.code == "T305" && f.message.contains("-1")),
        "negative reported"
    );
}

/// The rule that reports an observation (extraction itself names none).
fn code(n: &xxgk_extract::Note) -> &'static str {
    xxgk_check::reported_as(n).map_or("", |r| r.code)
}
