//! Low-level tests of the DOCX reader: documents written by hand into a zip.

use super::*;
use crate::{Document, RowKind};
use std::io::Write;

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn document_xml(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

fn docx_with(body: &str, extra: &[(&str, &str)]) -> Vec<u8> {
    let doc = document_xml(body);
    let mut parts: Vec<(&str, &[u8])> = vec![("word/document.xml", doc.as_bytes())];
    for (n, d) in extra {
        parts.push((n, d.as_bytes()));
    }
    zip_of(&parts)
}

fn read_body(body: &str) -> Document {
    read(&docx_with(body, &[])).unwrap()
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

fn tc(text: &str, props: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text))
}

#[test]
fn runs_join_without_spaces_tabs_are_spaces_breaks_split_lines() {
    let doc = read_body(concat!(
        "<w:p><w:r><w:t>本年</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>新收</w:t></w:r>",
        "<w:proofErr w:type=\"spellStart\"/><w:r><w:t>申请</w:t></w:r>",
        "<w:r><w:tab/><w:t>12</w:t><w:t xml:space=\"preserve\"> 件</w:t></w:r>",
        "<w:r><w:br/><w:t>第二行</w:t></w:r></w:p>",
        "<w:p/><w:p><w:r><w:t>下一段</w:t></w:r></w:p>"
    ));
    assert_eq!(
        doc.prose_texts(),
        ["本年新收申请 12 件", "第二行", "下一段"]
    );
    // a paragraph ends with a break; a line break inside a paragraph does not
    let kinds: Vec<RowKind> = doc.rows.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        [
            RowKind::Prose,
            RowKind::Prose,
            RowKind::Blank,
            RowKind::Prose,
            RowKind::Blank
        ]
    );
    assert_eq!(doc.format, DocFormat::Docx);
    assert_eq!(doc.text, "本年新收申请 12 件\n第二行\n\n下一段\n\n");
}

#[test]
fn wrappers_keep_their_text_deletions_and_field_codes_do_not() {
    let doc = read_body(concat!(
        "<w:p>",
        "<w:hyperlink r:id=\"rId9\"><w:r><w:t>链接</w:t></w:r></w:hyperlink>",
        "<w:smartTag w:uri=\"x\" w:element=\"y\"><w:r><w:t>标记</w:t></w:r></w:smartTag>",
        "<w:sdt><w:sdtPr><w:alias w:val=\"a\"/></w:sdtPr><w:sdtContent><w:r><w:t>控件</w:t></w:r></w:sdtContent></w:sdt>",
        "<w:ins w:id=\"1\" w:author=\"甲\"><w:r><w:t>插入</w:t></w:r></w:ins>",
        "<w:del w:id=\"2\" w:author=\"甲\"><w:r><w:delText>删除</w:delText></w:r></w:del>",
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>",
        "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>结果</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>",
        "<w:fldSimple w:instr=\" DATE \"><w:r><w:t>简单域</w:t></w:r></w:fldSimple>",
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>",
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:t>单击此处输入文字</w:t></w:r></w:sdtContent></w:sdt>",
        "<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:r><w:t>选择</w:t></w:r></mc:Choice>",
        "<mc:Fallback><w:r><w:t>后备</w:t></w:r></mc:Fallback></mc:AlternateContent>",
        "</w:p>",
        "<w:sdt><w:sdtContent>",
        "<w:p><w:r><w:t>块级控件</w:t></w:r></w:p></w:sdtContent></w:sdt>",
        "<w:del w:id=\"3\"><w:p><w:r><w:delText>整段删除</w:delText></w:r></w:p></w:del>"
    ));
    assert_eq!(
        doc.prose_texts(),
        ["链接标记控件插入结果简单域选择", "块级控件"]
    );
}

#[test]
fn alternate_content_falls_back_when_there_is_no_choice() {
    let doc = read_body(concat!(
        "<w:p><mc:AlternateContent><mc:Fallback><w:r><w:t>后备</w:t></w:r></mc:Fallback>",
        "</mc:AlternateContent></w:p>"
    ));
    assert_eq!(doc.prose_texts(), ["后备"]);
}

#[test]
fn text_boxes_are_read_once_after_their_paragraph() {
    let tb = |s: &str| format!("<w:txbxContent>{}</w:txbxContent>", p(s));
    let body = format!(
        concat!(
            "<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent>",
            "<mc:Choice Requires=\"wps\"><w:drawing><wp:anchor xmlns:wp=\"urn:wp\"><a:graphic xmlns:a=\"urn:a\"><a:graphicData><wps:wsp><wps:txbx>{}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>",
            "<mc:Fallback><w:pict><v:shape><v:textbox>{}</v:textbox></v:shape></w:pict></mc:Fallback>",
            "</mc:AlternateContent></w:r></w:p>"
        ),
        tb("文本框"),
        tb("文本框")
    );
    assert_eq!(read_body(&body).prose_texts(), ["正文", "文本框"]);
}

#[test]
fn grid_span_and_vertical_merge_make_a_true_grid() {
    let body = format!(
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>\
         <w:tr>{}{}</w:tr>\
         <w:tr>{}{}{}{}</w:tr>\
         <w:tr>{}{}{}{}</w:tr></w:tbl>",
        tc("申请人情况", "<w:gridSpan w:val=\"3\"/>"),
        tc("总计", "<w:vMerge w:val=\"restart\"/>"),
        tc("三、本年度办理结果", "<w:vMerge w:val=\"restart\"/>"),
        tc("（一）予以公开", ""),
        tc("5", ""),
        tc("", "<w:vMerge/>"),
        tc("这段文字被合并隐藏", "<w:vMerge w:val=\"continue\"/>"),
        tc("（二）部分公开", ""),
        tc("7", ""),
        tc("", "<w:vMerge/>"),
    );
    let doc = read_body(&body);
    assert_eq!(
        doc.grid_texts(),
        [
            vec!["申请人情况", "", "", "总计"],
            vec!["三、本年度办理结果", "（一）予以公开", "5", ""],
            vec!["", "（二）部分公开", "7", ""],
        ]
    );
    let rows: Vec<_> = doc
        .rows
        .iter()
        .filter(|r| r.kind == RowKind::Grid)
        .collect();
    let o = rows[1].cells[2].origin;
    assert_eq!((o.table, o.row, o.cell), (Some(1), Some(2), Some(3)));
    let o = rows[0].cells[3].origin;
    assert_eq!((o.table, o.row, o.cell), (Some(1), Some(1), Some(4)));
    // cells get lines and columns in the laid-out text
    assert_eq!(rows[1].cells[2].line, rows[1].line);
    assert!(rows[1].cells[2].column > 1);
}

#[test]
fn grid_before_and_after_are_empty_cells() {
    let body = format!(
        "<w:tbl>\
         <w:tr><w:trPr><w:gridBefore w:val=\"2\"/><w:gridAfter w:val=\"1\"/></w:trPr>{}</w:tr>\
         <w:tr>{}{}{}{}</w:tr></w:tbl>",
        tc("行政复议", ""),
        tc("a", ""),
        tc("b", ""),
        tc("c", ""),
        tc("d", ""),
    );
    let doc = read_body(&body);
    assert_eq!(
        doc.grid_texts(),
        [vec!["", "", "行政复议", ""], vec!["a", "b", "c", "d"]]
    );
    let r = &doc.rows.iter().find(|r| r.kind == RowKind::Grid).unwrap();
    assert_eq!(r.cells[2].origin.cell, Some(3));
}

#[test]
fn a_label_wrapped_over_paragraphs_is_one_cell_text() {
    let body = format!(
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>2.其他法律行政</w:t></w:r></w:p>\
         <w:p><w:r><w:t>法规禁止公开</w:t></w:r></w:p></w:tc>{}</w:tr></w:tbl>",
        tc("0", "")
    );
    assert_eq!(
        read_body(&body).grid_texts(),
        [vec!["2.其他法律行政法规禁止公开", "0"]]
    );
}

#[test]
fn tracked_row_deletions_and_wrapped_cells() {
    let body = format!(
        "<w:tbl>\
         <w:tr><w:trPr><w:del w:id=\"1\" w:author=\"甲\"/></w:trPr>{}{}</w:tr>\
         <w:customXml><w:tr><w:sdt><w:sdtContent>{}</w:sdtContent></w:sdt>{}</w:tr></w:customXml>\
         </w:tbl>",
        tc("已删除", ""),
        tc("9", ""),
        tc("规章", ""),
        tc("3", ""),
    );
    let doc = read_body(&body);
    assert_eq!(doc.grid_texts(), [vec!["规章", "3"]]);
    let r = doc.rows.iter().find(|r| r.kind == RowKind::Grid).unwrap();
    assert_eq!(r.cells[0].origin.row, Some(2));
}

#[test]
fn frame_tables_are_flattened_and_nested_tables_are_numbered_in_order() {
    // a one-column layout table holding a heading and the real table
    let inner = format!(
        "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
        tc("行政许可", ""),
        tc("12", "")
    );
    let body = format!(
        "<w:tbl><w:tr><w:tc>{}{}</w:tc></w:tr></w:tbl>\
         <w:tbl><w:tr>{}<w:tc><w:tbl><w:tr>{}{}</w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>",
        p("二、主动公开政府信息情况"),
        inner,
        tc("说明", ""),
        tc("甲", ""),
        tc("乙", ""),
    );
    let doc = read_body(&body);
    assert_eq!(doc.prose_texts(), ["二、主动公开政府信息情况"]);
    assert_eq!(
        doc.grid_texts(),
        [vec!["行政许可", "12"], vec!["说明", "甲 乙"]]
    );
    let tables: Vec<_> = doc
        .rows
        .iter()
        .filter(|r| r.kind == RowKind::Grid)
        .map(|r| r.cells[0].origin.table)
        .collect();
    assert_eq!(tables, [Some(2), Some(3)]);
}

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:lvlText w:val="（%2）"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="2">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
  <w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>
</w:numbering>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
    <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="H1b"><w:basedOn w:val="H1"/></w:style>
</w:styles>"#;

fn np(num: u32, lvl: u32, text: &str) -> String {
    format!(
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{lvl}\"/><w:numId w:val=\"{num}\"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
    )
}

#[test]
fn automatic_numbers_are_written_out() {
    let body = [
        np(1, 0, "总体情况"),
        np(1, 1, "主动公开"),
        np(1, 1, "依申请公开"),
        np(1, 2, "细项"),
        np(1, 0, "主动公开政府信息情况"),
        np(1, 1, "重新开始"),
        np(2, 0, "圆点不写"),
        "<w:p><w:pPr><w:pStyle w:val=\"H1b\"/></w:pPr><w:r><w:t>收到和处理政府信息公开申请情况</w:t></w:r></w:p>".into(),
        "<w:p><w:pPr><w:pStyle w:val=\"H1\"/><w:numPr><w:numId w:val=\"0\"/></w:numPr></w:pPr><w:r><w:t>去掉编号</w:t></w:r></w:p>".into(),
        np(1, 0, ""),
        np(1, 0, "政府信息公开行政复议、行政诉讼情况"),
        np(3, 0, "另起编号"),
        np(4, 0, "十进制"),
    ]
    .concat();
    let bytes = docx_with(
        &body,
        &[
            ("word/numbering.xml", NUMBERING),
            ("word/styles.xml", STYLES),
        ],
    );
    let doc = read(&bytes).unwrap();
    assert_eq!(
        doc.prose_texts(),
        [
            "一、总体情况",
            "（一）主动公开",
            "（二）依申请公开",
            "1. 细项",
            "二、主动公开政府信息情况",
            "（一）重新开始",
            "圆点不写",
            "三、收到和处理政府信息公开申请情况",
            "去掉编号",
            // the empty numbered paragraph is counted (Word shows 四、 there)
            "五、政府信息公开行政复议、行政诉讼情况",
            "五、另起编号",
            "1 十进制",
        ]
    );
    // without numbering.xml the paragraphs keep only their own text
    let doc = read(&docx_with(&np(1, 0, "总体情况"), &[])).unwrap();
    assert_eq!(doc.prose_texts(), ["总体情况"]);
}

#[test]
fn the_main_part_is_found_through_relationships() {
    let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/content/main.xml"/></Relationships>"#;
    let doc_rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="lists/num.xml"/></Relationships>"#;
    let doc = document_xml(&np(1, 0, "总体情况"));
    let bytes = zip_of(&[
        ("_rels/.rels", rels.as_bytes()),
        ("content/main.xml", doc.as_bytes()),
        ("content/_rels/main.xml.rels", doc_rels.as_bytes()),
        ("content/lists/num.xml", NUMBERING.as_bytes()),
    ]);
    assert_eq!(read(&bytes).unwrap().prose_texts(), ["一、总体情况"]);
    assert_eq!(resolve("word", "../media/a.png"), "media/a.png");
    assert_eq!(resolve("word", "/word/x.xml"), "word/x.xml");
}

#[test]
fn junk_is_an_error_not_a_panic() {
    let mut junk = b"PK\x03\x04".to_vec();
    junk.extend((0..500u32).map(|i| (i * 37 % 251) as u8));
    assert!(matches!(read(&junk), Err(ReadError::Invalid(_))));
    assert!(matches!(read(b""), Err(ReadError::Invalid(_))));

    let no_doc = zip_of(&[("word/styles.xml", STYLES.as_bytes())]);
    assert!(matches!(read(&no_doc), Err(ReadError::Invalid(m)) if m.contains("document.xml")));

    for bad in [
        "<w:document><w:body><w:p></w:body></w:document>",
        "<w:document><w:body><w:p><w:r><w:t>未闭合",
        "not xml at all",
        "<w:document>&bogus;</w:document>",
    ] {
        let z = zip_of(&[("word/document.xml", bad.as_bytes())]);
        assert!(matches!(read(&z), Err(ReadError::Invalid(_))), "{bad}");
    }
    let z = zip_of(&[("word/document.xml", b"\xff\xfe\xfd")]);
    assert!(matches!(read(&z), Err(ReadError::Invalid(_))));
    // a document without a body, and one without any text
    let z = zip_of(&[(
        "word/document.xml",
        format!("<w:document {NS}/>").as_bytes(),
    )]);
    assert!(matches!(read(&z), Err(ReadError::Invalid(_))));
    assert_eq!(read(&docx_with("<w:p/>", &[])), Err(ReadError::Empty));
}

#[test]
fn encrypted_and_legacy_containers() {
    let mut cfb = CFB_MAGIC.to_vec();
    cfb.extend([0u8; 100]);
    let mut enc = cfb.clone();
    enc.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(read(&enc), Err(ReadError::Encrypted));
    // a Word 97-2003 file without LibreOffice: says what to install
    match crate::legacy::convert(&cfb, None) {
        Err(ReadError::NeedsConversion(m)) => assert!(m.contains("LibreOffice"), "{m}"),
        other => panic!("{other:?}"),
    }
    // with a converter that cannot run: the file is refused, nothing panics
    let missing = std::path::PathBuf::from("/nonexistent/soffice");
    assert!(matches!(
        crate::legacy::convert(&cfb, Some(missing)),
        Err(ReadError::Invalid(_))
    ));
}

#[test]
fn absurd_spans_and_deep_nesting_are_bounded() {
    let body = format!(
        "<w:tbl><w:tr><w:trPr><w:gridBefore w:val=\"999999999\"/></w:trPr>{}{}</w:tr></w:tbl>",
        tc("甲", "<w:gridSpan w:val=\"-5\"/>"),
        tc("乙", "<w:gridSpan w:val=\"99999999999999999999\"/>")
    );
    let doc = read_body(&body);
    let g = doc.grid_texts();
    assert_eq!(g[0].len(), 63 + 1 + 1);
    assert_eq!(g[0][63], "甲");
    assert_eq!(g[0][64], "乙");

    // tables nested as deep as the XML limit allows: no stack overflow
    let depth = 60;
    let mut body = String::new();
    for _ in 0..depth {
        body.push_str("<w:tbl><w:tr><w:tc>");
    }
    body.push_str(&p("深处"));
    for _ in 0..depth {
        body.push_str("</w:tc></w:tr></w:tbl>");
    }
    let doc = read_body(&body);
    assert_eq!(doc.prose_texts(), ["深处"]);
    // deeper than the limit: an error
    let mut body = String::new();
    for _ in 0..100 {
        body.push_str("<w:tbl><w:tr><w:tc>");
    }
    let z = docx_with(&body, &[]);
    assert!(matches!(read(&z), Err(ReadError::Invalid(_))));
}

#[test]
fn through_read_bytes() {
    let bytes = docx_with(&p("政府信息公开工作年度报告"), &[]);
    let doc = crate::read_bytes("a.docx", &bytes).unwrap();
    assert_eq!(doc.format, DocFormat::Docx);
    assert_eq!(doc.sha256, crate::sha256_hex(&bytes));
}

#[test]
fn sliver_grid_columns_do_not_add_cells() {
    // as LibreOffice exports a table whose rows' borders differ by one twip
    let cols = "<w:gridCol w:w=\"589\"/>".repeat(2)
        + "<w:gridCol w:w=\"1\"/>"
        + &"<w:gridCol w:w=\"589\"/>".repeat(2);
    let body = format!(
        "<w:tbl><w:tblGrid>{cols}</w:tblGrid>\
         <w:tr>{}{}</w:tr>\
         <w:tr>{}{}{}{}</w:tr>\
         <w:tr>{}{}{}{}</w:tr></w:tbl>",
        tc("行政复议", "<w:gridSpan w:val=\"2\"/>"),
        tc("行政诉讼", "<w:gridSpan w:val=\"3\"/>"),
        tc("维持", ""),
        tc("总计", "<w:gridSpan w:val=\"2\"/>"),
        tc("维持", ""),
        tc("总计", ""),
        tc("1", ""),
        tc("2", "<w:gridSpan w:val=\"2\"/>"),
        tc("3", ""),
        tc("4", ""),
    );
    let doc = read_body(&body);
    assert_eq!(
        doc.grid_texts(),
        [
            vec!["行政复议", "", "行政诉讼", ""],
            vec!["维持", "总计", "维持", "总计"],
            vec!["1", "2", "3", "4"],
        ]
    );
    let last = doc.rows.iter().rfind(|r| r.kind == RowKind::Grid).unwrap();
    assert_eq!(last.cells[3].origin.cell, Some(4));

    // a narrow column holding text is a real column
    let body = format!(
        "<w:tbl><w:tblGrid><w:gridCol w:w=\"2000\"/><w:gridCol w:w=\"100\"/></w:tblGrid><w:tr>{}{}</w:tr></w:tbl>",
        tc("规章", ""),
        tc("7", "")
    );
    assert_eq!(read_body(&body).grid_texts(), [vec!["规章", "7"]]);
}

/// `depth` nested copies of `open` … `close` around `inner`.
fn nest(open: &str, close: &str, depth: usize, inner: &str) -> String {
    format!("{}{inner}{}", open.repeat(depth), close.repeat(depth))
}

#[test]
fn content_controls_and_alternate_content_nested_to_the_limit_are_read() {
    // document, body, then two elements a level, then p/r/t: just inside the XML limit,
    // walked on a test thread's 2 MiB stack
    let depth = (xml::MAX_DEPTH - 6) / 2;
    let sdt = nest(
        "<w:sdt><w:sdtContent>",
        "</w:sdtContent></w:sdt>",
        depth,
        &p("控件深处"),
    );
    assert_eq!(read_body(&sdt).prose_texts(), ["控件深处"]);
    let alt = nest(
        "<mc:AlternateContent><mc:Choice Requires=\"wps\">",
        "</mc:Choice></mc:AlternateContent>",
        depth,
        &p("备选深处"),
    );
    assert_eq!(read_body(&alt).prose_texts(), ["备选深处"]);
    // inline content controls inside one paragraph
    let inline = format!(
        "<w:p>{}</w:p>",
        nest(
            "<w:sdt><w:sdtContent>",
            "</w:sdtContent></w:sdt>",
            depth - 2,
            "<w:r><w:t>行内</w:t></w:r>"
        )
    );
    assert_eq!(read_body(&inline).prose_texts(), ["行内"]);
    // beyond the limit: a clear error, whatever the depth
    for depth in [depth + 2, 100_000] {
        let z = docx_with(
            &nest(
                "<w:sdt><w:sdtContent>",
                "</w:sdtContent></w:sdt>",
                depth,
                &p("x"),
            ),
            &[],
        );
        let err = read(&z).expect_err("too deep");
        assert!(err.to_string().contains("嵌套过深"), "{err}");
    }
}

#[test]
fn data_tables_nested_to_the_limit_keep_every_cell_text() {
    // a two-cell table in the second cell of a two-cell table …: each is a data table
    let depth = (xml::MAX_DEPTH - 6) / 3;
    let mut body = p("最深处");
    for i in (0..depth).rev() {
        body = format!(
            "<w:tbl><w:tr>{}<w:tc>{body}</w:tc></w:tr></w:tbl>",
            tc(&format!("第{i}层"), "")
        );
    }
    let doc = read_body(&body);
    let g = doc.grid_texts();
    assert_eq!(g.len(), 1, "only the outer table is a grid");
    assert_eq!(g[0][0], "第0层");
    // the nested tables' cells follow in the second cell, each once
    assert!(g[0][1].starts_with("第1层 第2层"), "{}", g[0][1]);
    assert!(g[0][1].ends_with("最深处"));
    assert_eq!(g[0][1].matches("层").count(), depth - 1);
}

#[test]
fn absurd_numbering_definitions_do_not_multiply_the_document() {
    // a level text of 100,000 placeholders and 100,000 overrides, used by every paragraph:
    // written out in full that is 100,000 × paragraphs characters, and the overrides
    // were copied and searched for every paragraph
    let numbering = format!(
        r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="{}"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/>{}</w:num></w:numbering>"#,
        "%1".repeat(100_000),
        "<w:lvlOverride w:ilvl=\"0\"/>".repeat(100_000)
    );
    let paragraphs = 2_000;
    let body = (0..paragraphs).map(|_| np(1, 0, "段")).collect::<String>();
    let doc = read(&docx_with(&body, &[("word/numbering.xml", &numbering)])).unwrap();
    let texts = doc.prose_texts();
    assert_eq!(texts.len(), paragraphs);
    assert_eq!(texts[0], format!("{}段", "1".repeat(32)));
    assert!(doc.text.len() < paragraphs * 200, "{}", doc.text.len());
}
