//! Report → a print-ready HTML5 page in the official layout (国办公开办函〔2021〕30号).
//!
//! The content mirrors [`crate::markdown`] (title, 统计期限, six sections, the three
//! tables, signature) so that `xxgk-read` reads the page back to the same report; the
//! tables carry the official merged headers as `rowspan`/`colspan` cells.

use crate::outline::{Block, outline};
use std::fmt::Write;
use xxgk_model::{
    AppealKind, AppealResult, Applicant, CellRef, DecisionKind, DocumentKind, IssuedColumn, Report,
    RequestRow,
};

/// A4 print layout: 仿宋 body, 小标宋/宋体 title, 黑体 headings, bordered tables.
const CSS: &str = r#"@page { size: A4; margin: 25mm 24mm 25mm 26mm; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #000;
  font-family: "FangSong", "仿宋", "FangSong_GB2312", "仿宋_GB2312", "STFangsong", "SimSun", "宋体", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif;
  font-size: 16pt; line-height: 1.6; }
main { max-width: 170mm; margin: 0 auto; padding: 12mm 0; }
h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "SimSun", "宋体", "Songti SC", "Noto Serif CJK SC", serif;
  font-size: 22pt; font-weight: normal; text-align: center; line-height: 1.4; margin: 0 0 1em; }
h2 { font-family: "SimHei", "黑体", "Heiti SC", "Noto Sans CJK SC", sans-serif;
  font-size: 16pt; font-weight: normal; margin: 0.8em 0 0.3em; text-indent: 2em; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.sign { text-align: right; text-indent: 0; padding-right: 2em; }
p.sign.first { margin-top: 2em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em;
  font-family: "SimSun", "宋体", "Songti SC", "Noto Serif CJK SC", serif; font-size: 10.5pt; line-height: 1.35; }
th, td { border: 1px solid #000; padding: 3px 4px; text-align: center; vertical-align: middle; font-weight: normal; }
th { background: #f2f2f2; }
td.l { text-align: left; }
td.n { font-variant-numeric: tabular-nums; }
h2 { break-after: avoid; page-break-after: avoid; }
table.t2, table.t3, table.t4 { table-layout: fixed; }
@media print { main { max-width: none; padding: 0; } th { background: none; } }
"#;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn num(v: Option<i64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// How a cell that a finding names is drawn: its class (`cell-error`) and the finding's
/// index (`data-finding`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellMark {
    /// The CSS class: `cell-error`, `cell-warning` or `cell-info`.
    pub class: &'static str,
    /// The index of the (first, most severe) finding naming the cell.
    pub finding: usize,
    /// Its message, shown on hover.
    pub title: String,
}

/// What the table writers need besides the report: the marks of the cells, and whether
/// column widths may be written as inline styles (not in a page under a strict content
/// security policy).
struct Ctx<'a> {
    mark: &'a dyn Fn(CellRef) -> Option<CellMark>,
    inline_styles: bool,
}

const PLAIN: Ctx<'static> = Ctx {
    mark: &|_| None,
    inline_styles: true,
};

/// A value cell of a statutory table, with its mark when a finding names it.
fn value(s: &mut String, ctx: &Ctx, at: CellRef, text: &str, colspan: usize) {
    match (ctx.mark)(at) {
        Some(m) => {
            let _ = write!(s, "<td");
            if colspan > 1 {
                let _ = write!(s, " colspan=\"{colspan}\"");
            }
            // a click on the cell goes to the finding beside the tables
            let _ = write!(
                s,
                " class=\"n {}\" data-finding=\"{}\" data-cell=\"{}\" title=\"{}\"><a href=\"#finding-{}\">{}</a></td>",
                m.class,
                m.finding,
                esc(&at.path()),
                esc(&m.title),
                m.finding,
                esc(text)
            );
        }
        None => cell(s, "td", text, 1, colspan, "n"),
    }
}

/// One cell: `tag` th/td, spans when above 1, an optional class.
fn cell(s: &mut String, tag: &str, text: &str, rowspan: usize, colspan: usize, class: &str) {
    let _ = write!(s, "<{tag}");
    if rowspan > 1 {
        let _ = write!(s, " rowspan=\"{rowspan}\"");
    }
    if colspan > 1 {
        let _ = write!(s, " colspan=\"{colspan}\"");
    }
    if !class.is_empty() {
        let _ = write!(s, " class=\"{class}\"");
    }
    let _ = write!(s, ">{}</{tag}>", esc(text));
}

/// Column widths in percent of the table.
fn colgroup(s: &mut String, ctx: &Ctx, widths: &[u32]) {
    if !ctx.inline_styles {
        return;
    }
    s.push_str("<colgroup>");
    for w in widths {
        let _ = write!(s, "<col style=\"width:{w}%\">");
    }
    s.push_str("</colgroup>\n");
}

/// The report as a complete, print-ready HTML page (UTF-8) in the official layout.
pub fn html(r: &Report) -> String {
    let mut s = String::with_capacity(24 * 1024);
    let title = r.title.as_deref().unwrap_or("政府信息公开工作年度报告");
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"xxgk\">\n<title>{}</title>\n<style>\n{CSS}</style>\n\
         </head>\n<body>\n<main>\n",
        esc(title)
    );
    body(r, &PLAIN, &mut s);
    s.push_str("</main>\n</body>\n</html>\n");
    s
}

/// The report's title, sections and three tables as an HTML fragment for a page of the
/// web app: no `<style>` and no inline styles (the page's stylesheet draws it), and every
/// value cell that `mark` names carries its class and `data-finding` index.
pub fn html_fragment(r: &Report, mark: &dyn Fn(CellRef) -> Option<CellMark>) -> String {
    let mut s = String::with_capacity(24 * 1024);
    let ctx = Ctx {
        mark,
        inline_styles: false,
    };
    body(r, &ctx, &mut s);
    s
}

fn body(r: &Report, ctx: &Ctx, s: &mut String) {
    for block in outline(r) {
        match block {
            Block::Title(t) => {
                let _ = writeln!(s, "<h1>{}</h1>", esc(t));
            }
            Block::Period(p) => {
                let _ = writeln!(s, "<p>{}</p>", esc(&p));
            }
            Block::Heading(h) => {
                let _ = writeln!(s, "<h2>{}</h2>", esc(&h));
            }
            Block::Paragraph(p) => {
                let _ = writeln!(s, "<p>{}</p>", esc(p));
            }
            Block::Table(2) => table_two(r, ctx, s),
            Block::Table(3) => table_three(r, ctx, s),
            Block::Table(_) => table_four(r, ctx, s),
            Block::Signature { agency, date } => {
                // the first signature line keeps its distance from the text above
                let mut class = "sign first";
                for line in [agency.map(esc), date].into_iter().flatten() {
                    let _ = writeln!(s, "<p class=\"{class}\">{line}</p>");
                    class = "sign";
                }
            }
        }
    }
}

/// Table two in the trial layout of 2019: five sub-tables of 第二十条, four columns.
fn table_two_trial(r: &Report, ctx: &Ctx, s: &mut String) {
    let Some(t) = &r.active_disclosure_2019 else {
        return;
    };
    s.push_str("<table class=\"t2\">\n");
    colgroup(s, ctx, &[31, 23, 23, 23]);
    for item in crate::outline::trial_items(t) {
        let spans = crate::outline::trial_spans(item.columns.len());
        s.push_str("<tr>");
        cell(s, "th", item.caption, 1, 4, "");
        s.push_str("</tr>\n<tr>");
        cell(s, "th", "信息内容", 1, 1, "");
        for (c, span) in item.columns.iter().zip(spans) {
            cell(s, "th", c, 1, *span, "");
        }
        s.push_str("</tr>\n");
        for (label, cells) in &item.rows {
            s.push_str("<tr>");
            cell(s, "td", label, 1, 1, "");
            for (v, span) in cells.iter().zip(spans) {
                cell(s, "td", v, 1, *span, "n");
            }
            s.push_str("</tr>\n");
        }
    }
    s.push_str("</table>\n");
}

/// Table two: four sub-tables of 第二十条, four columns.
fn table_two(r: &Report, ctx: &Ctx, s: &mut String) {
    table_two_trial(r, ctx, s);
    let Some(t) = &r.active_disclosure else {
        return;
    };
    s.push_str("<table class=\"t2\">\n");
    colgroup(s, ctx, &[31, 23, 23, 23]);
    let title_row = |s: &mut String, item: &str| {
        s.push_str("<tr>");
        cell(s, "th", &format!("第二十条第（{item}）项"), 1, 4, "");
        s.push_str("</tr>\n");
    };
    let head_row = |s: &mut String, cols: &[&str]| {
        s.push_str("<tr>");
        cell(s, "th", "信息内容", 1, 1, "");
        for c in cols {
            cell(s, "th", c, 1, 4 - cols.len(), "");
        }
        s.push_str("</tr>\n");
    };
    let value_row = |s: &mut String, label: &str, at: CellRef, v: &str| {
        s.push_str("<tr>");
        cell(s, "td", label, 1, 1, "");
        value(s, ctx, at, v, 3);
        s.push_str("</tr>\n");
    };
    title_row(s, "一");
    head_row(s, &["本年制发件数", "本年废止件数", "现行有效件数"]);
    for (label, kind, v) in [
        ("规章", DocumentKind::Regulations, t.regulations),
        (
            "行政规范性文件",
            DocumentKind::NormativeDocuments,
            t.normative_documents,
        ),
    ] {
        if let Some(v) = v {
            s.push_str("<tr>");
            cell(s, "td", label, 1, 1, "");
            for (c, x) in [
                (IssuedColumn::Issued, v.issued),
                (IssuedColumn::Repealed, v.repealed),
                (IssuedColumn::InForce, v.in_force),
            ] {
                value(s, ctx, CellRef::Issued(kind, c), &num(x), 1);
            }
            s.push_str("</tr>\n");
        }
    }
    title_row(s, "五");
    head_row(s, &["本年处理决定数量"]);
    value_row(
        s,
        "行政许可",
        CellRef::Decisions(DecisionKind::Licensing),
        &num(t.licensing),
    );
    title_row(s, "六");
    head_row(s, &["本年处理决定数量"]);
    value_row(
        s,
        "行政处罚",
        CellRef::Decisions(DecisionKind::Penalty),
        &num(t.penalty),
    );
    value_row(
        s,
        "行政强制",
        CellRef::Decisions(DecisionKind::Coercion),
        &num(t.coercion),
    );
    title_row(s, "八");
    head_row(s, &["本年收费金额（单位：万元）"]);
    value_row(
        s,
        "行政事业性收费",
        CellRef::Fee,
        t.fees_wan_yuan.as_deref().unwrap_or(""),
    );
    s.push_str("</table>\n");
}

/// Rows of table three that sit under 三、本年度办理结果.
fn under_results(row: RequestRow) -> bool {
    row.is_outcome() || row == RequestRow::Total
}

/// Table three: three label columns with the official merged header, seven values.
fn table_three(r: &Report, ctx: &Ctx, s: &mut String) {
    let Some(t) = &r.requests else { return };
    s.push_str("<table class=\"t3\">\n");
    colgroup(s, ctx, &[9, 10, 25, 8, 8, 8, 8, 8, 8, 8]);
    s.push_str("<tr>");
    cell(
        s,
        "th",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        3,
        3,
        "",
    );
    cell(s, "th", "申请人情况", 1, 7, "");
    s.push_str("</tr>\n<tr>");
    cell(s, "th", "自然人", 2, 1, "");
    cell(s, "th", "法人或其他组织", 1, 5, "");
    cell(s, "th", "总计", 2, 1, "");
    s.push_str("</tr>\n<tr>");
    for c in &Applicant::ALL[1..6] {
        cell(s, "th", c.label(), 1, 1, "");
    }
    s.push_str("</tr>\n");
    let present: Vec<RequestRow> = RequestRow::ALL
        .iter()
        .copied()
        .filter(|row| t.row(*row).is_some())
        .collect();
    let results = present.iter().filter(|row| under_results(**row)).count();
    let mut results_open = false;
    let mut group_open: Option<&str> = None;
    for row in &present {
        let Some(cells) = t.row(*row) else { continue };
        s.push_str("<tr>");
        if !under_results(*row) {
            cell(s, "td", row.label(), 1, 3, "l");
        } else {
            if !results_open {
                cell(s, "td", "三、本年度办理结果", results, 1, "");
                results_open = true;
            }
            match row.group() {
                Some(g) => {
                    if group_open != Some(g) {
                        let n = present.iter().filter(|x| x.group() == Some(g)).count();
                        cell(s, "td", g, n, 1, "");
                        group_open = Some(g);
                    }
                    cell(s, "td", row.label(), 1, 1, "l");
                }
                None => cell(s, "td", row.label(), 1, 2, "l"),
            }
        }
        for (c, v) in Applicant::ALL.iter().zip(cells) {
            value(s, ctx, CellRef::Request(*row, *c), &num(*v), 1);
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</table>\n");
}

/// Table four: 行政复议 (5) and 行政诉讼 (10) with their two-level header, 15 values.
fn table_four(r: &Report, ctx: &Ctx, s: &mut String) {
    let Some(a) = &r.appeals else { return };
    s.push_str("<table class=\"t4\">\n");
    colgroup(s, ctx, &[7; 15]);
    s.push_str("<tr>");
    cell(s, "th", "行政复议", 1, 5, "");
    cell(s, "th", "行政诉讼", 1, 10, "");
    s.push_str("</tr>\n<tr>");
    for res in AppealResult::ALL {
        cell(s, "th", res.label(), 2, 1, "");
    }
    for k in &AppealKind::ALL[1..] {
        cell(s, "th", k.label(), 1, 5, "");
    }
    s.push_str("</tr>\n<tr>");
    for _ in &AppealKind::ALL[1..] {
        for res in AppealResult::ALL {
            cell(s, "th", res.label(), 1, 1, "");
        }
    }
    s.push_str("</tr>\n<tr>");
    for k in AppealKind::ALL {
        for res in AppealResult::ALL {
            value(
                s,
                ctx,
                CellRef::Appeal(*k, *res),
                &num(a.group(*k).get(*res)),
                1,
            );
        }
    }
    s.push_str("</tr>\n</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        let mut r = Report::empty();
        r.title = Some("<script>&\"年度报告\"".into());
        let h = html(&r);
        assert!(h.contains("<h1>&lt;script&gt;&amp;&quot;年度报告&quot;</h1>"));
        assert!(!h.contains("<script>"));
    }

    #[test]
    fn a_fragment_marks_the_cells_findings_name_and_has_no_inline_style() {
        let mut r2 = xxgk_model::Report::empty();
        let mut t = xxgk_model::Requests::default();
        *t.row_mut(RequestRow::NewReceived) = Some([Some(1); 7]);
        r2.requests = Some(t);
        let target = CellRef::Request(RequestRow::NewReceived, Applicant::Total);
        let h = html_fragment(&r2, &|c| {
            (c == target).then_some(CellMark {
                class: "cell-error",
                finding: 3,
                title: "总计不符".into(),
            })
        });
        assert!(
            h.contains("class=\"n cell-error\" data-finding=\"3\""),
            "{h}"
        );
        assert_eq!(h.matches("data-finding").count(), 1);
        assert!(!h.contains("style"));
    }
}
