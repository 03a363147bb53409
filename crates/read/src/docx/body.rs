//! `w:body` → blocks (paragraphs and tables) → rows.
//!
//! The walk keeps what a reader of the printed page sees: the text of runs wherever they
//! are nested (hyperlinks, smart tags, content controls, tracked insertions, field
//! results, text boxes), without deleted text, field codes, hidden text or placeholder
//! text of empty content controls, and with automatic numbers written out again. Tables
//! become a true grid: a merged cell's text sits in its top-left grid position and the
//! other positions it covers are empty.

use super::numbering::Numbering;
use super::xml::{El, Node, Ns};
use crate::{Origin, RawRow};

/// Widest row kept, in grid columns: protects against absurd `w:gridSpan` values.
const MAX_COLUMNS: usize = 1024;
/// Largest `w:gridSpan`, `w:gridBefore` or `w:gridAfter` honoured (Word allows 63 columns).
const MAX_SPAN: i64 = 63;

/// A paragraph or a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    Para(Para),
    Table(Table),
}

/// A paragraph: its lines (split at `w:br`) and the blocks of text boxes anchored in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Para {
    pub lines: Vec<String>,
    pub floats: Vec<Block>,
}

/// A table with its number in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Table {
    pub index: u32,
    /// Widths of the grid columns (`w:tblGrid`, twips), where given.
    pub grid: Vec<Option<i64>>,
    pub rows: Vec<TRow>,
}

/// A table row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TRow {
    /// 1-based `w:tr` number within the table.
    pub number: u32,
    /// A tracked deletion.
    pub deleted: bool,
    pub before: usize,
    pub after: usize,
    pub cells: Vec<TCell>,
}

/// How a cell takes part in a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Merge {
    /// Not merged, or the first cell of a vertical merge.
    Own,
    /// Covered by the cell above (`w:vMerge` continue) or to the left (legacy `w:hMerge`).
    Covered,
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TCell {
    pub span: usize,
    pub merge: Merge,
    pub blocks: Vec<Block>,
}

/// Walks a document body in order, counting tables and numbered paragraphs.
pub(crate) struct Walker<'a> {
    pub numbering: &'a mut Numbering,
    pub tables: u32,
}

fn is_on(e: Option<&El>) -> bool {
    e.is_some_and(|e| !matches!(e.attr("val"), Some("0" | "false" | "off")))
}

fn span_of(v: Option<&str>, default: i64) -> usize {
    v.and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or(default)
        .clamp(0, MAX_SPAN) as usize
}

/// `mc:AlternateContent`: the first `mc:Choice`, or else the `mc:Fallback` (never both).
fn alternative(ac: &El) -> Option<&El> {
    ac.elements()
        .find(|e| e.ns == Ns::Mc && e.name == "Choice")
        .or_else(|| {
            ac.elements()
                .find(|e| e.ns == Ns::Mc && e.name == "Fallback")
        })
}

/// A content control showing its placeholder ("单击或点击此处输入文字") has no content.
fn shows_placeholder(sdt: &El) -> bool {
    sdt.child_w("sdtPr")
        .is_some_and(|p| is_on(p.child_w("showingPlcHdr")))
}

/// Text of `w:t`: kept as written when `xml:space="preserve"`, else without the
/// indentation of pretty-printed XML.
fn run_text(t: &El) -> String {
    let s = t.text();
    if t.attr("space") == Some("preserve") {
        return s;
    }
    let mut out = s.as_str();
    let lead = out.len() - out.trim_start().len();
    if out[..lead].contains('\n') {
        out = &out[lead..];
    }
    let trimmed = out.trim_end();
    if out[trimmed.len()..].contains('\n') {
        out = trimmed;
    }
    out.to_string()
}

impl Para {
    fn push(&mut self, s: &str) {
        match self.lines.last_mut() {
            Some(l) => l.push_str(s),
            None => self.lines.push(s.to_string()),
        }
    }
    fn push_char(&mut self, c: char) {
        self.push(c.encode_utf8(&mut [0; 4]));
    }
    fn line_break(&mut self) {
        self.lines.push(String::new());
    }
}

impl Walker<'_> {
    /// The blocks inside a container (`w:body`, `w:tc`, `w:txbxContent`, `w:sdtContent` …).
    pub fn blocks(&mut self, container: &El, out: &mut Vec<Block>) {
        for c in container.elements() {
            match (c.ns, c.name.as_str()) {
                (Ns::W, "p") => {
                    let p = self.para(c);
                    out.push(Block::Para(p));
                }
                (Ns::W, "tbl") => {
                    let t = self.table(c);
                    out.push(Block::Table(t));
                }
                (Ns::W, "sdt") => {
                    if !shows_placeholder(c)
                        && let Some(content) = c.child_w("sdtContent")
                    {
                        self.blocks(content, out);
                    }
                }
                (Ns::W, "customXml" | "ins" | "moveTo" | "smartTag" | "body" | "txbxContent") => {
                    self.blocks(c, out)
                }
                (Ns::Mc, "AlternateContent") => {
                    if let Some(alt) = alternative(c) {
                        self.blocks(alt, out);
                    }
                }
                _ => {}
            }
        }
    }

    fn para(&mut self, p: &El) -> Para {
        let prefix = self.numbering.next(p.child_w("pPr"));
        let mut para = Para {
            lines: vec![String::new()],
            floats: Vec::new(),
        };
        self.inline(p, &mut para);
        if let Some(prefix) = prefix.filter(|s| !s.is_empty())
            && let Some(first) = para.lines.iter_mut().find(|l| !l.trim().is_empty())
        {
            first.insert_str(0, &prefix);
        }
        para
    }

    /// Paragraph content: runs and the wrappers runs can sit in.
    fn inline(&mut self, el: &El, para: &mut Para) {
        for c in el.elements() {
            match (c.ns, c.name.as_str()) {
                (Ns::W, "r") => self.run(c, para),
                (
                    Ns::W,
                    "hyperlink" | "smartTag" | "ins" | "moveTo" | "customXml" | "fldSimple" | "bdo"
                    | "dir",
                ) => self.inline(c, para),
                (Ns::W, "sdt") => {
                    if !shows_placeholder(c)
                        && let Some(content) = c.child_w("sdtContent")
                    {
                        self.inline(content, para);
                    }
                }
                (Ns::Mc, "AlternateContent") => {
                    if let Some(alt) = alternative(c) {
                        self.inline(alt, para);
                    }
                }
                (Ns::Math, "oMath" | "oMathPara") => math_text(c, para),
                _ => {}
            }
        }
    }

    fn run(&mut self, r: &El, para: &mut Para) {
        let hidden = r.child_w("rPr").is_some_and(|p| is_on(p.child_w("vanish")));
        self.run_content(r, para, hidden);
    }

    fn run_content(&mut self, r: &El, para: &mut Para, hidden: bool) {
        for c in r.elements() {
            match (c.ns, c.name.as_str()) {
                (Ns::W, "t") if !hidden => para.push(&run_text(c)),
                (Ns::W, "tab" | "ptab") if !hidden => para.push_char(' '),
                (Ns::W, "br" | "cr") if !hidden => para.line_break(),
                (Ns::W, "noBreakHyphen") if !hidden => para.push_char('-'),
                (Ns::W, "ruby") => {
                    if let Some(base) = c.child_w("rubyBase") {
                        self.inline(base, para);
                    }
                }
                (Ns::W, "drawing" | "pict" | "object") => self.text_boxes(c, para),
                (Ns::Mc, "AlternateContent") => {
                    if let Some(alt) = alternative(c) {
                        self.run_content(alt, para, hidden);
                    }
                }
                _ => {}
            }
        }
    }

    /// Text boxes anchored in a run become blocks after the paragraph.
    fn text_boxes(&mut self, el: &El, para: &mut Para) {
        for c in el.elements() {
            if c.is_w("txbxContent") {
                let mut blocks = Vec::new();
                self.blocks(c, &mut blocks);
                para.floats.extend(blocks);
            } else if c.ns == Ns::Mc && c.name == "AlternateContent" {
                if let Some(alt) = alternative(c) {
                    self.text_boxes(alt, para);
                }
            } else {
                self.text_boxes(c, para);
            }
        }
    }

    fn table(&mut self, tbl: &El) -> Table {
        self.tables += 1;
        let grid = tbl
            .child_w("tblGrid")
            .map(|g| {
                g.elements()
                    .filter(|c| c.is_w("gridCol"))
                    .map(|c| c.attr("w").and_then(|w| w.trim().parse::<f64>().ok()))
                    .map(|w| w.filter(|w| w.is_finite()).map(|w| w as i64))
                    .collect()
            })
            .unwrap_or_default();
        let mut t = Table {
            index: self.tables,
            grid,
            rows: Vec::new(),
        };
        self.rows(tbl, &mut t);
        t
    }

    fn rows(&mut self, el: &El, t: &mut Table) {
        for c in el.elements() {
            match (c.ns, c.name.as_str()) {
                (Ns::W, "tr") => {
                    let number = t.rows.len() as u32 + 1;
                    let row = self.row(c, number);
                    t.rows.push(row);
                }
                (Ns::W, "customXml" | "ins" | "moveTo") => self.rows(c, t),
                (Ns::W, "sdt") => {
                    if let Some(content) = c.child_w("sdtContent") {
                        self.rows(content, t);
                    }
                }
                (Ns::Mc, "AlternateContent") => {
                    if let Some(alt) = alternative(c) {
                        self.rows(alt, t);
                    }
                }
                _ => {}
            }
        }
    }

    fn row(&mut self, tr: &El, number: u32) -> TRow {
        let pr = tr.child_w("trPr");
        let mut row = TRow {
            number,
            deleted: pr.is_some_and(|p| p.child_w("del").is_some()),
            before: span_of(pr.and_then(|p| p.child_val("gridBefore")), 0),
            after: span_of(pr.and_then(|p| p.child_val("gridAfter")), 0),
            cells: Vec::new(),
        };
        self.cells(tr, &mut row);
        row
    }

    fn cells(&mut self, el: &El, row: &mut TRow) {
        for c in el.elements() {
            match (c.ns, c.name.as_str()) {
                (Ns::W, "tc") => {
                    let cell = self.cell(c);
                    row.cells.push(cell);
                }
                (Ns::W, "customXml" | "ins" | "moveTo") => self.cells(c, row),
                (Ns::W, "sdt") => {
                    if let Some(content) = c.child_w("sdtContent") {
                        self.cells(content, row);
                    }
                }
                (Ns::Mc, "AlternateContent") => {
                    if let Some(alt) = alternative(c) {
                        self.cells(alt, row);
                    }
                }
                _ => {}
            }
        }
    }

    fn cell(&mut self, tc: &El) -> TCell {
        let pr = tc.child_w("tcPr");
        let v_continue = pr
            .and_then(|p| p.child_w("vMerge"))
            .is_some_and(|m| m.attr("val") != Some("restart"));
        let h_continue = pr
            .and_then(|p| p.child_w("hMerge"))
            .is_some_and(|m| m.attr("val") != Some("restart"));
        let mut blocks = Vec::new();
        self.blocks(tc, &mut blocks);
        TCell {
            span: span_of(pr.and_then(|p| p.child_val("gridSpan")), 1).max(1),
            merge: if v_continue || h_continue {
                Merge::Covered
            } else {
                Merge::Own
            },
            blocks,
        }
    }
}

/// Office math: the text of `m:t`.
fn math_text(el: &El, para: &mut Para) {
    for k in &el.kids {
        if let Node::El(c) = k {
            if c.ns == Ns::Math && c.name == "t" {
                para.push(&c.text());
            } else {
                math_text(c, para);
            }
        }
    }
}

/// The text of a cell: its paragraphs joined with no separator (a label wrapped over two
/// paragraphs is one label); a nested table's cells follow, separated by spaces.
fn cell_text(blocks: &[Block]) -> String {
    let mut s = String::new();
    for b in blocks {
        match b {
            Block::Para(p) => {
                for l in &p.lines {
                    s.push_str(l);
                }
                s.push_str(&cell_text(&p.floats));
            }
            Block::Table(t) => {
                for r in t.rows.iter().filter(|r| !r.deleted) {
                    for c in r.cells.iter().filter(|c| c.merge == Merge::Own) {
                        let inner = cell_text(&c.blocks);
                        let inner = inner.trim();
                        if !inner.is_empty() {
                            if !s.is_empty() {
                                s.push(' ');
                            }
                            s.push_str(inner);
                        }
                    }
                }
            }
        }
    }
    s
}

/// A table used only to frame content (every row one cell): its content is read as if
/// it stood outside, so that prose stays prose and a table inside stays a table.
fn is_frame(t: &Table) -> bool {
    let rows: Vec<&TRow> = t.rows.iter().filter(|r| !r.deleted).collect();
    !rows.is_empty()
        && rows
            .iter()
            .all(|r| r.cells.len() <= 1 && r.before == 0 && r.after == 0)
}

/// Lays blocks out as rows.
pub(crate) fn emit(blocks: &[Block], out: &mut Vec<RawRow>) {
    for b in blocks {
        match b {
            Block::Para(p) => {
                for l in &p.lines {
                    out.push(RawRow::Prose(l.clone(), Origin::default()));
                }
                out.push(RawRow::Break);
                emit(&p.floats, out);
            }
            Block::Table(t) if is_frame(t) => {
                out.push(RawRow::Break);
                for r in t.rows.iter().filter(|r| !r.deleted) {
                    for c in &r.cells {
                        emit(&c.blocks, out);
                    }
                }
                out.push(RawRow::Break);
            }
            Block::Table(t) => {
                out.push(RawRow::Break);
                let slivers = slivers(t);
                for r in t.rows.iter().filter(|r| !r.deleted) {
                    out.push(RawRow::Grid(grid_row(t.index, r, &slivers)));
                }
                out.push(RawRow::Break);
            }
        }
    }
}

/// Widest grid column still taken for a sliver, in twips (2 mm).
const SLIVER_TWIPS: i64 = 113;

/// Grid columns too narrow to hold text (a sliver a word processor leaves when two rows'
/// borders almost line up, 1 twip wide in a LibreOffice export): `true` for each such
/// column. Their cells are read as if the sliver were part of the neighbouring column,
/// so that every row keeps the template's number of cells. Nothing is collapsed when a
/// cell made only of slivers holds text.
fn slivers(t: &Table) -> Vec<bool> {
    let widest = t.grid.iter().flatten().copied().max().unwrap_or(0);
    let marks: Vec<bool> = t
        .grid
        .iter()
        .map(|w| widest >= 4 * SLIVER_TWIPS && w.is_some_and(|w| (0..=SLIVER_TWIPS).contains(&w)))
        .collect();
    if !marks.contains(&true) {
        return Vec::new();
    }
    let is_sliver = |col: usize| marks.get(col).copied().unwrap_or(false);
    for r in t.rows.iter().filter(|r| !r.deleted) {
        let mut col = r.before;
        for c in &r.cells {
            let all_sliver = (col..col + c.span).all(is_sliver);
            if all_sliver && c.merge == Merge::Own && !cell_text(&c.blocks).trim().is_empty() {
                return Vec::new();
            }
            col += c.span;
        }
    }
    marks
}

fn grid_row(table: u32, r: &TRow, slivers: &[bool]) -> Vec<(String, Origin)> {
    let origin = |col: usize| Origin {
        page: None,
        table: Some(table),
        row: Some(r.number),
        cell: Some(col as u32 + 1),
    };
    let mut cells: Vec<(String, Origin)> = Vec::new();
    // grid column reached; each item covers `span` grid columns and yields one cell per
    // covered column that is not a sliver, the text in the first
    let mut grid = 0usize;
    let mut place = |cells: &mut Vec<(String, Origin)>, text: String, span: usize| {
        let mut text = Some(text);
        for g in grid..grid + span {
            if slivers.get(g).copied().unwrap_or(false) || cells.len() >= MAX_COLUMNS {
                continue;
            }
            let col = cells.len();
            cells.push((text.take().unwrap_or_default(), origin(col)));
        }
        grid += span;
    };
    place(&mut cells, String::new(), r.before.min(MAX_COLUMNS));
    for c in &r.cells {
        if cells.len() >= MAX_COLUMNS {
            break;
        }
        let text = match c.merge {
            Merge::Own => cell_text(&c.blocks),
            Merge::Covered => String::new(),
        };
        place(&mut cells, text, c.span);
    }
    place(&mut cells, String::new(), r.after.min(MAX_COLUMNS));
    cells
}
