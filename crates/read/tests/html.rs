//! HTML reader: encodings, merged-cell grids, site chrome, metadata, junk.

use encoding_rs::{BIG5, GB18030};
use xxgk_read::{Document, ReadError, RowKind, read_bytes};

const YUNXI: &str = include_str!("fixtures/html/yunxi-2024.html");

fn read(bytes: &[u8]) -> Document {
    read_bytes("x.html", bytes).unwrap_or_else(|e| panic!("{e}"))
}

/// A small page in `charset`, with a table, as text before encoding.
fn page(meta: &str, title: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head>{meta}<title>{title}</title></head><body>\
         <h1>{title}</h1><p>一、总体情况</p><p>本机关坚持公开为常态。</p>\
         <table><tr><td>行政许可</td><td>231</td></tr><tr><td>行政处罚</td><td>22</td></tr></table>\
         </body></html>"
    )
}

#[test]
fn gbk_page_declared_gb2312_is_read_as_gb18030() {
    // 綦 is in GBK but not in GB2312: a gb2312 label must decode as the superset
    let title = "綦江区应急管理局2024年政府信息公开工作年度报告";
    let text = page("<meta charset=\"gb2312\">", title);
    let (bytes, _, unmappable) = GB18030.encode(&text);
    assert!(!unmappable);
    let doc = read(&bytes);
    assert_eq!(doc.encoding, "gb18030");
    assert_eq!(doc.prose_texts()[0], title);
    assert_eq!(
        doc.grid_texts(),
        [vec!["行政许可", "231"], vec!["行政处罚", "22"]]
    );
}

#[test]
fn http_equiv_gbk_declaration() {
    let title = "示例县司法局2023年政府信息公开工作年度报告";
    let text = page(
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=GBK\">",
        title,
    );
    let doc = read(&GB18030.encode(&text).0);
    assert_eq!(doc.encoding, "gb18030");
    assert_eq!(doc.prose_texts()[0], title);
}

#[test]
fn declared_utf8_but_gbk_bytes_is_detected() {
    let title = "东山县教育局2024年政府信息公开工作年度报告";
    let text = page("<meta charset=\"utf-8\">", title);
    let bytes = GB18030.encode(&text).0;
    assert!(std::str::from_utf8(&bytes).is_err());
    let doc = read(&bytes);
    assert_eq!(doc.encoding, "gb18030");
    assert_eq!(doc.prose_texts()[0], title);
    assert!(!doc.text.contains('\u{FFFD}'));
}

#[test]
fn declared_gbk_but_utf8_bytes_reads_utf8() {
    let title = "北岭县卫生健康委员会2024年政府信息公开工作年度报告";
    let doc = read(page("<meta charset=\"gbk\">", title).as_bytes());
    assert_eq!(doc.encoding, "UTF-8");
    assert_eq!(doc.prose_texts()[0], title);
}

#[test]
fn single_byte_declaration_over_gbk_bytes_is_detected() {
    let title = "西河区自然资源局2024年政府信息公开工作年度报告";
    let text = page("<meta charset=\"iso-8859-1\">", title);
    let doc = read(&GB18030.encode(&text).0);
    assert_eq!(doc.encoding, "gb18030");
    assert_eq!(doc.prose_texts()[0], title);
}

#[test]
fn big5_page() {
    let title = "臺北市政府資訊公開工作年度報告";
    let text = format!(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=big5\"></head>\
         <body><h1>{title}</h1><p>一、總體情況</p><table><tr><td>行政許可</td><td>231</td></tr></table></body></html>"
    );
    let (bytes, _, unmappable) = BIG5.encode(&text);
    assert!(!unmappable);
    let doc = read(&bytes);
    assert_eq!(doc.encoding, "Big5");
    assert_eq!(doc.prose_texts(), [title, "一、總體情況"]);
    assert_eq!(doc.grid_texts(), [vec!["行政許可", "231"]]);
}

#[test]
fn bom_wins_over_the_declaration() {
    let title = "南湖市司法局2024年政府信息公开工作年度报告";
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(page("<meta charset=\"gb2312\">", title).as_bytes());
    let doc = read(&bytes);
    assert_eq!(doc.encoding, "UTF-8");
    assert_eq!(doc.prose_texts()[0], title);
}

#[test]
fn table_three_header_and_outcome_groups_expand_to_a_true_grid() {
    let doc = read(YUNXI.as_bytes());
    let g = doc.grid_texts();
    let start = g
        .iter()
        .position(|r| r[0].starts_with("（本列数据的勾稽关系为"))
        .unwrap_or_else(|| panic!("no table three in {g:?}"));
    let t3 = &g[start..start + 28];
    assert_eq!(
        t3[0],
        [
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            "",
            "",
            "申请人情况",
            "",
            "",
            "",
            "",
            "",
            ""
        ]
    );
    assert_eq!(
        t3[1],
        [
            "",
            "",
            "",
            "自然人",
            "法人或其他组织",
            "",
            "",
            "",
            "",
            "总计"
        ]
    );
    // 商业<br/>企业: a line break between Chinese characters is no space
    assert_eq!(
        t3[2],
        [
            "",
            "",
            "",
            "",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            ""
        ]
    );
    assert_eq!(
        t3[3],
        [
            "一、本年新收政府信息公开申请数量",
            "",
            "",
            "14",
            "3",
            "0",
            "1",
            "2",
            "0",
            "20"
        ]
    );
    assert_eq!(
        t3[5],
        [
            "三、本年度办理结果",
            "（一）予以公开",
            "",
            "6",
            "1",
            "0",
            "0",
            "1",
            "0",
            "8"
        ]
    );
    assert_eq!(
        t3[7],
        [
            "",
            "（三）不予公开",
            "1.属于国家秘密",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0"
        ]
    );
    assert_eq!(
        t3[10],
        [
            "",
            "",
            "4.保护第三方合法权益",
            "1",
            "0",
            "0",
            "0",
            "0",
            "0",
            "1"
        ]
    );
    assert_eq!(
        t3[15],
        [
            "",
            "（四）无法提供",
            "1.本机关不掌握相关政府信息",
            "3",
            "1",
            "0",
            "1",
            "0",
            "0",
            "5"
        ]
    );
    assert_eq!(
        t3[26],
        ["", "（七）总计", "", "14", "3", "0", "1", "1", "0", "19"]
    );
    assert_eq!(
        t3[27],
        [
            "四、结转下年度继续办理",
            "",
            "",
            "1",
            "0",
            "0",
            "0",
            "1",
            "0",
            "2"
        ]
    );
    // origins: table three is the 4th <table> of the page (layout, metadata, table two
    // before it); row 4 is 一、本年新收, its total is in grid column 10
    let row = doc
        .rows
        .iter()
        .find(|r| {
            r.cells
                .first()
                .is_some_and(|c| c.text.starts_with("一、本年新收"))
        })
        .unwrap_or_else(|| panic!("row missing"));
    let o = row.cells[9].origin;
    assert_eq!((o.table, o.row, o.cell), (Some(4), Some(4), Some(10)));
}

#[test]
fn table_four_two_level_header() {
    let doc = read(YUNXI.as_bytes());
    let g = doc.grid_texts();
    let h = g
        .iter()
        .position(|r| r[0] == "行政复议")
        .unwrap_or_else(|| panic!("no table four"));
    assert_eq!(g[h][5], "行政诉讼");
    assert_eq!(g[h + 1][5], "未经复议直接起诉");
    assert_eq!(g[h + 1][10], "复议后起诉");
    assert_eq!(g[h + 2][..5], ["", "", "", "", ""]);
    assert_eq!(g[h + 2][5], "结果维持");
    assert_eq!(
        g[h + 3],
        [
            "1", "0", "0", "0", "1", "0", "0", "1", "0", "1", "0", "0", "0", "0", "0"
        ]
    );
}

#[test]
fn site_chrome_is_left_out() {
    let doc = read(YUNXI.as_bytes());
    for chrome in [
        "当前位置",
        "首页",
        "政府信息公开指南",
        "分享到",
        "相关文章",
        "主办",
        "2025年3月1日",
        "document.write",
        "color: #fff",
        "索引号",
        "主题分类",
    ] {
        assert!(!doc.text.contains(chrome), "{chrome} in\n{}", doc.text);
    }
    // the layout table around the page is flow, not a grid: the title is prose
    let p = doc.prose_texts();
    assert_eq!(p[1], "云溪县水利局2024年政府信息公开工作年度报告");
    assert_eq!(p.last(), Some(&"2025年1月22日"));
}

#[test]
fn metadata_table_date_is_kept_as_a_prose_line_at_the_top() {
    let doc = read(YUNXI.as_bytes());
    assert_eq!(doc.prose_texts()[0], "发布日期：2025-01-22");
    assert!(
        !doc.grid_texts()
            .iter()
            .flatten()
            .any(|c| c.contains("发布机构"))
    );
}

#[test]
fn metadata_date_in_the_next_cell_or_in_the_same_cell() {
    let same = "<html><body><table><tr><td>索引号：0001/2025-01</td><td>发布机构：示例市教育局</td></tr>\
                <tr><td>发文日期：2025年01月18日</td><td>主题分类：教育</td></tr></table><h1>标题</h1></body></html>";
    assert_eq!(
        read(same.as_bytes()).prose_texts()[0],
        "发文日期：2025年01月18日"
    );
}

#[test]
fn page_meta_pubdate_is_a_fallback() {
    let html = "<html><head><meta name=\"PubDate\" content=\"2025-01-20 09:30\"></head>\
                <body><h1>示例市司法局2024年政府信息公开工作年度报告</h1></body></html>";
    assert_eq!(
        read(html.as_bytes()).prose_texts()[0],
        "发布日期：2025-01-20 09:30"
    );
}

#[test]
fn blocks_and_line_breaks_end_paragraphs_but_inline_markup_does_not() {
    let html = "<html><body><div>一、<b>总体</b><span>情况</span></div>\
                <p>第一行<br>第二行</p><ul><li>甲</li><li>乙</li></ul>\
                <p style=\"display:none\">隐藏</p></body></html>";
    let doc = read(html.as_bytes());
    assert_eq!(
        doc.prose_texts(),
        ["一、总体情况", "第一行", "第二行", "甲", "乙"]
    );
    // a break between every paragraph, so that extraction never joins them
    let kinds: Vec<RowKind> = doc.rows.iter().map(|r| r.kind).collect();
    assert_eq!(kinds.iter().filter(|k| **k == RowKind::Blank).count(), 5);
}

#[test]
fn a_page_without_text_is_empty() {
    let html =
        "<html><head><title>标题</title></head><body><script>var a = 1;</script> </body></html>";
    assert_eq!(read_bytes("x.html", html.as_bytes()), Err(ReadError::Empty));
}

#[test]
fn spans_are_clamped() {
    let html = "<html><body><table><tr><td rowspan=\"99999999\" colspan=\"99999\">甲</td></tr>\
                <tr><td>covered</td></tr></table>\
                <table><tr><td colspan=0>乙</td><td rowspan=abc>丙</td></tr></table></body></html>";
    let doc = read(html.as_bytes());
    let g = doc.grid_texts();
    // the first table's second row lies under 甲 (clamped to the table's two rows and 200
    // columns): its own cell finds no free position and the all-empty row is dropped
    assert_eq!(g.len(), 2);
    assert_eq!(g[0].len(), 200);
    assert_eq!(g[0][0], "甲");
    assert_eq!(g[1], ["乙", "丙"]);
}

#[test]
fn junk_never_panics() {
    let bytes = YUNXI.as_bytes();
    for cut in (0..bytes.len()).step_by(997) {
        let _ = read_bytes("x.html", &bytes[..cut]);
    }
    let deep = format!(
        "<html><body>{}年度报告",
        "<div><table><tr><td>".repeat(20_000)
    );
    let _ = read_bytes("x.html", deep.as_bytes());
    let mut garbage = b"<html><body>".to_vec();
    let mut x = 7u32;
    for _ in 0..50_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        garbage.push((x >> 16) as u8);
    }
    let _ = read_bytes("x.html", &garbage);
    let many = "<table><tr><td colspan=100>1</td></tr>".repeat(20_000);
    let _ = read_bytes("x.html", format!("<html><body>{many}").as_bytes());
}
