//! HTML reader: bytes → text (BOM, declared charset, detection) → html5ever tree → rows.
//!
//! The body is walked in document order. Block elements (`p`, `div`, `h1`–`h6`, `li`, …)
//! and `<br>` end a prose line; a data `<table>` becomes grid rows with `rowspan` and
//! `colspan` expanded into a true grid (a merged cell's text in its top-left position,
//! empty strings in the others). Tables used for page layout (a cell holding another
//! table, a heading or a long text; a single cell) are walked as normal flow. Site chrome
//! (scripts, navigation, headers and footers, menus, breadcrumbs, share bars) and the small
//! metadata table above government articles (索引号、发布机构…) are left out, but the
//! metadata table's date is kept as a prose line (`发布日期：2025-01-20`).
//!
//! Reading is linear in the input whatever the page does: [`parse`] bounds what html5ever
//! holds (nesting deeper than a cap is flattened, its text kept), facts about subtrees are
//! gathered in one pass, and every walk uses an explicit stack instead of recursion.

use crate::{Document, Origin, RawRow, ReadError};
use encoding_rs::{
    Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252, X_USER_DEFINED,
};
use scraper::{ElementRef, Node};
use std::collections::HashMap;
use xxgk_model::DocFormat;

mod parse;

/// Reads a HTML report.
pub(crate) fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    let (text, encoding) = decode(bytes)?;
    let (html, _) = parse::parse(&text);
    let root = html.root_element();
    let rows = Walker::new(root).run(root);
    let doc = crate::assemble(DocFormat::Html, rows, crate::sha256_hex(bytes), encoding);
    if doc.rows.iter().all(|r| r.kind == crate::RowKind::Blank) {
        return Err(ReadError::Empty);
    }
    Ok(doc)
}

// ───────────────────────── decoding ─────────────────────────

/// BOM, then the declared charset when the bytes decode cleanly in it, then detection.
/// A single-byte declaration (`iso-8859-1` on a Chinese page) over non-ASCII bytes is not
/// trusted: those decode "cleanly" whatever they are.
fn decode(bytes: &[u8]) -> Result<(String, &'static str), ReadError> {
    if Encoding::for_bom(bytes).is_none()
        && let Some(enc) = declared_encoding(bytes)
        && enc != UTF_8
        && std::str::from_utf8(bytes).is_err()
        && !enc.is_single_byte()
    {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if !had_errors {
            return Ok((text.into_owned(), enc.name()));
        }
    }
    // no declaration, UTF-8, or a declaration the bytes contradict: detect
    crate::decode_text(bytes)
}

/// The charset a page declares in its first 4 KiB (`<meta charset>`, `<meta http-equiv
/// content="…; charset=…">`, `<?xml encoding=…?>`), as the encoding to decode with.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head: Vec<u8> = bytes[..bytes.len().min(4096)].to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = [&b"<meta"[..], b"<?xml"]
        .iter()
        .filter_map(|t| find(&head[from..], t))
        .min()
    {
        let start = from + at;
        let end = find(&head[start..], b">").map_or(head.len(), |e| start + e);
        let tag = &head[start..end];
        let label = attr_label(tag, b"charset").or_else(|| attr_label(tag, b"encoding"));
        if let Some(enc) = label.and_then(Encoding::for_label) {
            return usable(enc);
        }
        from = end;
    }
    None
}

/// The value after `name` `=` in a tag, quotes and spaces skipped.
fn attr_label<'t>(tag: &'t [u8], name: &[u8]) -> Option<&'t [u8]> {
    let at = find(tag, name)? + name.len();
    let rest = &tag[at..];
    let rest = rest
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let len = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
        .unwrap_or(rest.len());
    (len > 0).then(|| &rest[..len])
}

/// Maps a declared encoding to the one to decode with (HTML rules; GBK → GB18030).
fn usable(enc: &'static Encoding) -> Option<&'static Encoding> {
    if enc == GBK || enc == GB18030 {
        Some(GB18030)
    } else if enc == UTF_16BE || enc == UTF_16LE {
        Some(UTF_8)
    } else if enc == X_USER_DEFINED {
        Some(WINDOWS_1252)
    } else if enc == encoding_rs::REPLACEMENT {
        None
    } else {
        Some(enc)
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

// ───────────────────────── text collapsing ─────────────────────────

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Gap {
    #[default]
    None,
    Space,
    Newline,
}

/// Inline text with HTML white-space collapsing. A line break in the source between two
/// CJK characters disappears (CSS Text 3 segment breaks); other runs become one space.
#[derive(Debug, Default)]
struct TextBuf {
    s: String,
    gap: Gap,
}

impl TextBuf {
    fn push(&mut self, t: &str) {
        for ch in t.chars() {
            match ch {
                '\n' | '\r' => self.gap(Gap::Newline),
                ' ' | '\t' | '\x0c' | '\u{a0}' => self.gap(Gap::Space),
                _ => {
                    self.separate(ch);
                    self.s.push(ch);
                }
            }
        }
    }

    /// A soft break (a block boundary inside a cell, `<br>` in a cell).
    fn soft_break(&mut self) {
        self.gap(Gap::Newline);
    }

    fn gap(&mut self, g: Gap) {
        if !self.s.is_empty() && self.gap != Gap::Newline {
            self.gap = g;
        }
    }

    fn separate(&mut self, next: char) {
        let space = match self.gap {
            Gap::None => false,
            Gap::Space => true,
            Gap::Newline => !(self.s.chars().next_back().is_some_and(is_wide) && is_wide(next)),
        };
        if space {
            self.s.push(' ');
        }
        self.gap = Gap::None;
    }

    fn take(&mut self) -> String {
        self.gap = Gap::None;
        let s = std::mem::take(&mut self.s);
        s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
            .to_string()
    }
}

/// East Asian wide characters (CJK, full-width forms), between which a source line
/// break is not a space.
fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFF)
}

// ───────────────────────── element classes ─────────────────────────

/// Elements whose content is never report text.
const SKIPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "nav", "iframe", "object", "embed", "svg",
    "canvas", "audio", "video", "map", "select", "option", "button", "input", "textarea", "img",
];

/// Elements that end a prose line.
const BLOCKS: &[&str] = &[
    "html",
    "body",
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "section",
    "article",
    "main",
    "aside",
    "blockquote",
    "pre",
    "center",
    "form",
    "fieldset",
    "legend",
    "address",
    "figure",
    "figcaption",
    "details",
    "summary",
    "hgroup",
    "hr",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "header",
    "footer",
];

/// Words that mark site chrome when a token of an `id` or `class` (split at `-`, `_`,
/// spaces) is, starts with or ends with one of them: `topNav`, `left-menu`, `footer`.
const CHROME_WORDS: &[&str] = &[
    "nav",
    "menu",
    "foot",
    "breadcrumb",
    "crumb",
    "share",
    "copyright",
    "sidebar",
    "toolbar",
    "topbar",
    "bdshare",
    "daohang",
    "dqwz",
    "related",
    "xgwz",
];

/// Tokens that name a breadcrumb (`<div class="position">当前位置：…`), unless the class
/// list also has a CSS utility such as `position-relative`.
const PLACE_WORDS: &[&str] = &["position", "location", "weizhi", "place"];
const CSS_POSITIONS: &[&str] = &["relative", "absolute", "fixed", "static", "sticky"];

/// How breadcrumbs begin.
const BREADCRUMB_TEXT: &[&str] = &[
    "当前位置",
    "您的位置",
    "您现在的位置",
    "您当前的位置",
    "所在位置",
];

/// ARIA roles of site chrome.
const CHROME_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "menu",
    "menubar",
    "search",
];

fn name(el: ElementRef<'_>) -> &str {
    el.value().name()
}

fn is_hidden(el: ElementRef<'_>) -> bool {
    let v = el.value();
    if v.attr("hidden").is_some() || v.attr("aria-hidden") == Some("true") {
        return true;
    }
    v.attr("style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// Whether an element looks like site chrome by its name, role, id, class or (a
/// breadcrumb) its first words.
fn looks_like_chrome(el: ElementRef<'_>, in_article: bool, lens: &TextLens) -> bool {
    let v = el.value();
    let chrome_name = match v.name() {
        "aside" => true,
        // a page header holding the <h1> may hold the report's title
        "header" => !in_article && !el.descendent_elements().take(500).any(|d| name(d) == "h1"),
        "footer" => !in_article,
        _ => false,
    };
    let role = v
        .attr("role")
        .is_some_and(|r| CHROME_ROLES.contains(&r.trim().to_ascii_lowercase().as_str()));
    chrome_name || role || chrome_marks(v) || is_breadcrumb(el, lens)
}

/// Chrome words among the tokens of the `id` and `class`.
fn chrome_marks(v: &scraper::node::Element) -> bool {
    let marks = format!(
        "{} {}",
        v.id().unwrap_or_default(),
        v.attr("class").unwrap_or_default()
    )
    .to_ascii_lowercase();
    let tokens: Vec<&str> = marks
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let has = |words: &[&str]| {
        tokens
            .iter()
            .any(|t| words.iter().any(|w| t.starts_with(w) || t.ends_with(w)))
    };
    let exact = |words: &[&str]| tokens.iter().any(|t| words.contains(t));
    has(CHROME_WORDS) || (has(PLACE_WORDS) && !exact(CSS_POSITIONS))
}

/// A short element whose text begins 当前位置 / 您的位置 ….
fn is_breadcrumb(el: ElementRef<'_>, lens: &TextLens) -> bool {
    // the first words only: a few nodes down, never a walk of a deep subtree
    let first = el
        .descendants()
        .take(12)
        .filter_map(|n| n.value().as_text())
        .map(|t| t.trim())
        .find(|t| !t.is_empty());
    first.is_some_and(|t| BREADCRUMB_TEXT.iter().any(|b| t.starts_with(b))) && lens.of(el) <= 150
}

/// What the checks need to know of an element's subtree, gathered for every element in
/// one pass, so that no check walks a subtree again (deeply nested pages stay linear).
#[derive(Debug, Default, Clone, Copy)]
struct Facts {
    /// Characters of text under it, white space excluded.
    chars: usize,
    /// `<table>` elements at or under it.
    tables: u32,
    /// Whether a `<table>` or a heading is under it (itself excluded).
    holds_table_or_heading: bool,
}

/// [`Facts`] of every element.
struct TextLens {
    facts: HashMap<parse::Handle, Facts>,
    /// Tree items visited to gather them, for tests.
    #[cfg_attr(not(test), allow(dead_code))]
    visits: usize,
}

impl TextLens {
    fn new(root: ElementRef<'_>) -> Self {
        let mut facts = HashMap::new();
        let mut visits = 0usize;
        let mut acc: Vec<Facts> = vec![Facts::default()];
        let mut stack = vec![Item::Enter(root)];
        while let Some(item) = stack.pop() {
            visits += 1;
            match item {
                Item::Text(t) => {
                    if let Some(a) = acc.last_mut() {
                        a.chars += t.chars().filter(|c| !c.is_whitespace()).count();
                    }
                }
                Item::Enter(el) => {
                    acc.push(Facts::default());
                    stack.push(Item::Exit(el));
                    push_children(el, &mut stack);
                }
                Item::Exit(el) => {
                    let mut f = acc.pop().unwrap_or_default();
                    let n = name(el);
                    let table_or_heading =
                        matches!(n, "table" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
                    if n == "table" {
                        f.tables = f.tables.saturating_add(1);
                    }
                    facts.insert(el.id(), f);
                    if let Some(a) = acc.last_mut() {
                        a.chars += f.chars;
                        a.tables = a.tables.saturating_add(f.tables);
                        a.holds_table_or_heading |= f.holds_table_or_heading || table_or_heading;
                    }
                }
            }
        }
        TextLens { facts, visits }
    }

    fn facts(&self, el: ElementRef<'_>) -> Facts {
        self.facts.get(&el.id()).copied().unwrap_or_default()
    }

    /// Characters of text under `el`, white space excluded.
    fn of(&self, el: ElementRef<'_>) -> usize {
        self.facts(el).chars
    }

    /// `<table>` elements at or under `el`.
    fn tables(&self, el: ElementRef<'_>) -> u32 {
        self.facts(el).tables
    }
}

// ───────────────────────── the walk ─────────────────────────

enum Item<'a> {
    Enter(ElementRef<'a>),
    Exit(ElementRef<'a>),
    Text(&'a str),
}

/// Pushes the children of `el` onto `stack` so that they pop in document order.
fn push_children<'a>(el: ElementRef<'a>, stack: &mut Vec<Item<'a>>) {
    let start = stack.len();
    for child in el.children() {
        match child.value() {
            Node::Text(t) => stack.push(Item::Text(t)),
            Node::Element(_) => {
                if let Some(e) = ElementRef::wrap(child) {
                    stack.push(Item::Enter(e));
                }
            }
            _ => {}
        }
    }
    stack[start..].reverse();
}

/// Grid positions a document may expand merged cells into, all tables together.
const GRID_BUDGET: usize = 400_000;
/// Widest grid kept, in columns.
const MAX_COLS: usize = 200;

struct Walker {
    rows: Vec<RawRow>,
    line: TextBuf,
    tables: u32,
    body_chars: usize,
    lens: TextLens,
    in_article: u32,
    in_pre: u32,
    budget: usize,
    dated: bool,
    /// Tree items visited (the walk and the cells' text), for tests.
    #[cfg_attr(not(test), allow(dead_code))]
    visits: usize,
}

impl Walker {
    fn new(root: ElementRef<'_>) -> Self {
        let lens = TextLens::new(root);
        Walker {
            rows: Vec::new(),
            line: TextBuf::default(),
            tables: 0,
            body_chars: lens.of(root),
            lens,
            in_article: 0,
            in_pre: 0,
            budget: GRID_BUDGET,
            dated: false,
            visits: 0,
        }
    }

    fn run(&mut self, root: ElementRef<'_>) -> Vec<RawRow> {
        let mut stack = vec![Item::Enter(root)];
        while let Some(item) = stack.pop() {
            self.visits += 1;
            match item {
                Item::Text(t) => self.text(t),
                Item::Exit(el) => self.exit(el),
                Item::Enter(el) => {
                    if self.enter(el) {
                        stack.push(Item::Exit(el));
                        push_children(el, &mut stack);
                    }
                }
            }
        }
        self.end_block();
        // the page <title>, when the body does not repeat the report's name, as a prose line
        // at the top: it may be the only place that names the reporting body
        if let Some(t) = page_title(root, &self.rows) {
            let title = [RawRow::Prose(format!("网页标题：{t}"), Origin::default())];
            self.rows
                .splice(0..0, title.into_iter().chain([RawRow::Break]));
        }
        if !self.dated
            && let Some(d) = page_date(root)
        {
            self.rows.splice(
                0..0,
                [
                    RawRow::Prose(format!("发布日期：{d}"), Origin::default()),
                    RawRow::Break,
                ],
            );
        }
        std::mem::take(&mut self.rows)
    }

    fn text(&mut self, t: &str) {
        if self.in_pre == 0 {
            self.line.push(t);
            return;
        }
        for (i, part) in t.split('\n').enumerate() {
            if i > 0 {
                self.end_block();
            }
            self.line.push(part);
        }
    }

    /// Handles an element's start; returns whether to walk into it.
    fn enter(&mut self, el: ElementRef<'_>) -> bool {
        let n = name(el);
        if SKIPPED.contains(&n) || is_hidden(el) || self.is_chrome(el) {
            self.tables += self.lens.tables(el);
            return false;
        }
        match n {
            "br" => {
                self.end_block();
                return false;
            }
            "table" => return self.table(el),
            "article" | "main" => self.in_article += 1,
            "pre" => self.in_pre += 1,
            _ => {}
        }
        if BLOCKS.contains(&n) {
            self.end_block();
        }
        true
    }

    fn exit(&mut self, el: ElementRef<'_>) {
        let n = name(el);
        match n {
            "article" | "main" => self.in_article = self.in_article.saturating_sub(1),
            "pre" => self.in_pre = self.in_pre.saturating_sub(1),
            _ => {}
        }
        if BLOCKS.contains(&n) {
            self.end_block();
        }
    }

    fn is_chrome(&self, el: ElementRef<'_>) -> bool {
        // an element holding most of the page is the page, whatever its class says
        looks_like_chrome(el, self.in_article > 0, &self.lens)
            && self.lens.of(el) * 2 < self.body_chars
    }

    /// Ends the current prose line and the paragraph.
    fn end_block(&mut self) {
        let t = self.line.take();
        if !t.is_empty() {
            self.rows.push(RawRow::Prose(t, Origin::default()));
        }
        if !matches!(self.rows.last(), None | Some(RawRow::Break)) {
            self.rows.push(RawRow::Break);
        }
    }

    /// A `<table>`: grid rows, or (layout table) walked as flow. Returns whether to walk
    /// into it.
    fn table(&mut self, el: ElementRef<'_>) -> bool {
        self.end_block();
        self.tables += 1;
        let index = self.tables;
        let rows = table_rows(el);
        if is_layout(&rows, &self.lens) {
            return true;
        }
        self.tables += self.lens.tables(el).saturating_sub(1);
        if let Some(caption) = el.child_elements().find(|c| name(*c) == "caption") {
            let t = cell_text(caption, &mut self.visits);
            if !t.is_empty() {
                self.rows.push(RawRow::Prose(t, Origin::default()));
                self.rows.push(RawRow::Break);
            }
        }
        let grid = build_grid(&rows, &mut self.budget, &mut self.visits);
        if is_metadata(&grid) {
            if let Some(date) = metadata_date(&grid) {
                self.rows.push(RawRow::Prose(date, Origin::default()));
                self.dated = true;
            }
        } else {
            self.push_grid(grid, index);
        }
        self.end_block();
        false
    }

    fn push_grid(&mut self, grid: Vec<Vec<String>>, table: u32) {
        for (r, cells) in grid.into_iter().enumerate() {
            let row = cells
                .into_iter()
                .enumerate()
                .map(|(c, text)| {
                    let origin = Origin {
                        page: None,
                        table: Some(table),
                        row: Some(r as u32 + 1),
                        cell: Some(c as u32 + 1),
                    };
                    (text, origin)
                })
                .collect();
            self.rows.push(RawRow::Grid(row));
        }
    }
}

// ───────────────────────── tables ─────────────────────────

/// The table's own rows (not those of nested tables), each as its `td`/`th` cells.
fn table_rows<'a>(table: ElementRef<'a>) -> Vec<Vec<ElementRef<'a>>> {
    let cells = |tr: ElementRef<'a>| -> Vec<ElementRef<'a>> {
        tr.child_elements()
            .filter(|c| matches!(name(*c), "td" | "th"))
            .collect()
    };
    let mut out = Vec::new();
    for child in table.child_elements() {
        match name(child) {
            "tr" => out.push(cells(child)),
            "thead" | "tbody" | "tfoot" => {
                out.extend(
                    child
                        .child_elements()
                        .filter(|tr| name(*tr) == "tr")
                        .map(cells),
                );
            }
            _ => {}
        }
    }
    out
}

/// A table used for page layout: a single cell, or a cell holding another table, a
/// heading or a long text.
fn is_layout(rows: &[Vec<ElementRef<'_>>], lens: &TextLens) -> bool {
    let cells: Vec<ElementRef<'_>> = rows.iter().flatten().copied().collect();
    cells.len() == 1
        || cells.iter().any(|c| {
            let f = lens.facts(*c);
            f.holds_table_or_heading || f.chars > 300
        })
}

/// A span attribute as browsers read it (leading digits), clamped to `1..=max`; `0`
/// (rowspan to the end of the table) is `max`.
fn span(cell: ElementRef<'_>, attr: &str, max: usize) -> usize {
    let Some(v) = cell.value().attr(attr) else {
        return 1;
    };
    let digits: String = v
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .take(6)
        .collect();
    match digits.parse::<usize>() {
        Ok(0) if attr == "rowspan" => max.max(1),
        Ok(n) => n.clamp(1, max.max(1)),
        Err(_) => 1,
    }
}

/// Expands rowspan/colspan into a grid: a merged cell's text at its top-left position,
/// empty strings at the other positions it covers. Trailing positions no cell covers are
/// left out. At most `budget` positions are filled.
fn build_grid(
    rows: &[Vec<ElementRef<'_>>],
    budget: &mut usize,
    visits: &mut usize,
) -> Vec<Vec<String>> {
    let n = rows.len();
    let mut grid: Vec<Vec<Option<String>>> = vec![Vec::new(); n];
    for (r, cells) in rows.iter().enumerate() {
        let mut c = 0;
        for cell in cells {
            while grid[r].get(c).is_some_and(Option::is_some) {
                c += 1;
            }
            if c >= MAX_COLS || *budget == 0 {
                break;
            }
            let rs = span(*cell, "rowspan", n - r);
            let cs = span(*cell, "colspan", MAX_COLS - c);
            let mut text = Some(cell_text(*cell, visits));
            for row in grid.iter_mut().skip(r).take(rs) {
                for col in c..c + cs {
                    if *budget == 0 {
                        break;
                    }
                    if row.len() <= col {
                        row.resize(col + 1, None);
                    }
                    if row[col].is_none() {
                        row[col] = Some(text.take().unwrap_or_default());
                        *budget -= 1;
                    }
                }
            }
            c += cs;
        }
    }
    grid.into_iter()
        .map(|row| row.into_iter().map(Option::unwrap_or_default).collect())
        .collect()
}

/// The text of a cell: white space collapsed, blocks and `<br>` as soft breaks.
fn cell_text(cell: ElementRef<'_>, visits: &mut usize) -> String {
    let mut buf = TextBuf::default();
    let mut stack = Vec::new();
    push_children(cell, &mut stack);
    while let Some(item) = stack.pop() {
        *visits += 1;
        match item {
            Item::Text(t) => buf.push(t),
            Item::Exit(_) => buf.soft_break(),
            Item::Enter(el) => {
                let n = name(el);
                if SKIPPED.contains(&n) || is_hidden(el) {
                    continue;
                }
                if n == "br" || BLOCKS.contains(&n) {
                    buf.soft_break();
                    stack.push(Item::Exit(el));
                }
                push_children(el, &mut stack);
            }
        }
    }
    buf.take()
}

/// Labels of the metadata table above government articles.
const META_LABELS: &[&str] = &[
    "索引号",
    "发布机构",
    "发文机关",
    "发文日期",
    "成文日期",
    "发布日期",
    "主题分类",
    "文号",
    "生成日期",
    "公开方式",
    "公开范围",
    "信息来源",
    "公开日期",
    "有效性",
    "主题词",
    "体裁分类",
    "所属机构",
    "组配分类",
    "公开形式",
    "公开时限",
];

/// Date labels of a metadata table, preferred first.
const DATE_LABELS: &[&str] = &["发布日期", "公开日期", "生成日期", "成文日期", "发文日期"];

/// A small table of 索引号 / 发布机构 / 发文日期 … (page metadata, not report content).
fn is_metadata(grid: &[Vec<String>]) -> bool {
    if grid.len() > 12 || grid.iter().any(|r| r.len() > 8) {
        return false;
    }
    let found = META_LABELS
        .iter()
        .filter(|l| {
            grid.iter()
                .flatten()
                .any(|c| c.contains(*l) && c.chars().count() <= 60)
        })
        .count();
    found >= 2
}

/// The publication date of a metadata table, as a prose line `发布日期：…`.
fn metadata_date(grid: &[Vec<String>]) -> Option<String> {
    for label in DATE_LABELS {
        for row in grid {
            let Some(i) = row.iter().position(|c| c.contains(label)) else {
                continue;
            };
            let own = row[i].split_once(label).map(|(_, v)| v).unwrap_or_default();
            let own = own
                .trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '：' | '\u{3000}'));
            let value = if own.chars().any(|c| c.is_ascii_digit()) {
                Some(own)
            } else {
                row[i + 1..]
                    .iter()
                    .map(|c| c.trim())
                    .find(|c| !c.is_empty())
            };
            if let Some(v) = value.filter(|v| v.chars().any(|c| c.is_ascii_digit())) {
                return Some(format!("{label}：{v}"));
            }
        }
    }
    None
}

/// The publication date a page declares in `<meta name="PubDate" content="…">` (and
/// similar names used by Chinese government sites).
fn page_date(root: ElementRef<'_>) -> Option<String> {
    const NAMES: &[&str] = &[
        "pubdate",
        "publishdate",
        "firstpublishedtime",
        "article:published_time",
        "dcterms.issued",
        "dc.date",
    ];
    root.descendent_elements()
        .filter(|e| name(*e) == "meta")
        .find(|e| {
            let v = e.value();
            v.attr("name")
                .or_else(|| v.attr("property"))
                .is_some_and(|n| NAMES.contains(&n.trim().to_ascii_lowercase().as_str()))
        })
        .and_then(|e| e.value().attr("content"))
        .map(|c| c.trim().to_string())
        .filter(|c| c.chars().any(|ch| ch.is_ascii_digit()) && c.chars().count() <= 40)
}

/// The text of the page's `<title>` when its part naming a report (`…年度报告`, before a
/// `_`, `|` or ` - ` and the site's name) is not a prose line of the body.
fn page_title(root: ElementRef<'_>, rows: &[RawRow]) -> Option<String> {
    let el = root.descendent_elements().find(|e| name(*e) == "title")?;
    let t = el
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let part = t.replace(" - ", "_");
    let part = squeeze(part.split(['_', '|', '｜']).find(|p| p.contains("报告"))?);
    let named = rows
        .iter()
        .any(|r| matches!(r, RawRow::Prose(p, _) if squeeze(p).contains(&part)));
    let body = rows.iter().any(|r| !matches!(r, RawRow::Break));
    (body && !named && t.chars().count() <= 120).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    use html5ever::{QualName, local_name, ns};
    use scraper::Html;

    fn rows_of(html: &str) -> Vec<RawRow> {
        let (h, _) = parse::parse(html);
        Walker::new(h.root_element()).run(h.root_element())
    }

    fn prose(rows: &[RawRow]) -> Vec<&str> {
        rows.iter()
            .filter_map(|r| match r {
                RawRow::Prose(t, _) => Some(t.as_str()),
                _ => None,
            })
            .collect()
    }

    const REPORT: &str = "<h1>示例县2025年政府信息公开工作年度报告</h1><p>一、总体情况</p>\
        <table><tr><td>行政许可</td><td>231</td></tr><tr><td>行政处罚</td><td>22</td></tr></table>";

    fn nested(open: &str, close: &str, depth: usize) -> String {
        format!(
            "<html><body>{}{REPORT}<p>结尾</p>{}</body></html>",
            open.repeat(depth),
            close.repeat(depth)
        )
    }

    #[test]
    fn deep_divs_keep_the_tree_builder_bounded_and_the_text() {
        let depth = 100_000;
        let (h, stats) = parse::parse(&nested("<div>", "</div>", depth));
        // the builder never held more than the cap (a start tag may add a few: implied
        // elements); without the cap it would hold 100,000 and scan them for every tag
        assert!(stats.max_open <= parse::MAX_OPEN + 8, "{stats:?}");
        assert!(stats.dropped >= depth - parse::MAX_OPEN, "{stats:?}");
        assert!(h.tree.nodes().count() < 2_000, "{}", h.tree.nodes().count());
        let rows = Walker::new(h.root_element()).run(h.root_element());
        let p = prose(&rows);
        assert_eq!(p.first(), Some(&"示例县2025年政府信息公开工作年度报告"));
        assert!(p.contains(&"一、总体情况") && p.contains(&"结尾"), "{p:?}");
    }

    #[test]
    fn deep_tables_keep_the_text_of_the_cells() {
        let (h, stats) = parse::parse(&nested("<table><tr><td>", "</td></tr></table>", 50_000));
        assert!(stats.max_open <= parse::MAX_OPEN + 8, "{stats:?}");
        let rows = Walker::new(h.root_element()).run(h.root_element());
        let text: String = rows
            .iter()
            .filter_map(|r| match r {
                RawRow::Prose(t, _) => Some(t.clone()),
                RawRow::Grid(c) => Some(c.iter().map(|(t, _)| t.as_str()).collect()),
                RawRow::Break => None,
            })
            .collect();
        for part in ["年度报告", "行政许可", "231", "行政处罚", "22", "结尾"] {
            assert!(text.contains(part), "{part} in {text}");
        }
    }

    #[test]
    fn a_report_within_the_cap_keeps_its_table() {
        let rows = rows_of(&nested("<div>", "</div>", 100));
        assert_eq!(
            grid_texts(&rows),
            [vec!["行政许可", "231"], vec!["行政处罚", "22"]]
        );
    }

    #[test]
    fn formatting_elements_reopened_again_and_again_stay_bounded() {
        // each `<b>` stays active after `</p>` and is rebuilt in every later paragraph: the
        // builder's list of them and its stack grew by one a paragraph, quadratically
        let page: String = (0..20_000)
            .map(|i| format!("<p><b id=b{i}>段落{i}</p>"))
            .collect();
        let (h, stats) = parse::parse(&page);
        assert!(stats.max_open <= parse::MAX_OPEN + 8, "{stats:?}");
        assert!(stats.renamed > 19_000, "{stats:?}");
        // a bounded number of reopened copies per paragraph
        assert!(
            h.tree.nodes().count() < 20_000 * 16,
            "{}",
            h.tree.nodes().count()
        );
        let rows = Walker::new(h.root_element()).run(h.root_element());
        let p = prose(&rows);
        assert_eq!(p.len(), 20_000);
        assert_eq!(p[19_999], "段落19999");
    }

    #[test]
    fn long_tags_are_cut_after_the_attribute_limit() {
        let attrs: String = (0..200_000).map(|i| format!(" a{i}=\"{i}\"")).collect();
        let page = format!("<p class=x{attrs}>正文</p><p title='a > b' id=q>第二段</p>");
        let (cut, n) = parse::limit_attributes(&page);
        assert_eq!(n, 1);
        assert_eq!(cut.len(), page.len() + 1);
        let (h, stats) = parse::parse(&page);
        assert_eq!(stats.cut_tags, 1);
        let first = h
            .root_element()
            .descendent_elements()
            .find(|e| name(*e) == "p")
            .map(|e| e.value().attrs().count());
        assert_eq!(first, Some(parse::MAX_ATTRS));
        let rows = Walker::new(h.root_element()).run(h.root_element());
        let p = prose(&rows);
        // what followed the limit is text; the next tag, with `>` in a quoted value, is whole
        assert!(p[0].starts_with("a63=\"63\""), "{}", &p[0][..40]);
        assert!(p[0].ends_with("正文"));
        assert_eq!(p[1], "第二段");
        // short tags are left alone
        assert_eq!(parse::limit_attributes(REPORT), (REPORT.into(), 0));
    }

    #[test]
    fn repeated_html_and_body_tags_do_not_pile_up_attributes() {
        let page: String = (0..2_000)
            .map(|k| {
                format!(
                    "<body {}>",
                    (0..60).map(|i| format!("a{k}x{i} ")).collect::<String>()
                )
            })
            .collect::<String>()
            + "<p>正文</p>";
        let (h, _) = parse::parse(&page);
        let body = h
            .root_element()
            .descendent_elements()
            .find(|e| name(*e) == "body")
            .map(|e| e.value().attrs().count());
        assert_eq!(body, Some(60));
        assert_eq!(
            prose(&Walker::new(h.root_element()).run(h.root_element())),
            ["正文"]
        );
    }

    /// A tree of `depth` nested `div`s around a data table, built without the parser (and
    /// its cap), as a worst case for the walk.
    fn deep_tree(depth: usize) -> Html {
        let mut h = Html::parse_document("<html><body></body></html>");
        let el = |n| {
            scraper::Node::Element(scraper::node::Element::new(
                QualName::new(None, ns!(html), n),
                Vec::new(),
            ))
        };
        let body = h
            .root_element()
            .descendent_elements()
            .find(|e| name(*e) == "body")
            .map(|e| e.id())
            .expect("body");
        let mut at = body;
        for _ in 0..depth {
            at = h
                .tree
                .get_mut(at)
                .expect("node")
                .append(el(local_name!("div")))
                .id();
        }
        let table = h
            .tree
            .get_mut(at)
            .expect("node")
            .append(el(local_name!("table")))
            .id();
        let tr = h
            .tree
            .get_mut(table)
            .expect("node")
            .append(el(local_name!("tr")))
            .id();
        for t in ["行政许可", "231"] {
            let mut td = h.tree.get_mut(tr).expect("node");
            let mut td = td.append(el(local_name!("td")));
            td.append(scraper::Node::Text(scraper::node::Text { text: t.into() }));
        }
        h
    }

    #[test]
    fn the_walk_is_linear_and_iterative_on_any_depth() {
        // runs on a test thread (2 MiB of stack): a recursive walk would overflow
        let visits = |depth: usize| {
            let h = deep_tree(depth);
            let mut w = Walker::new(h.root_element());
            let rows = w.run(h.root_element());
            assert_eq!(grid_texts(&rows), [vec!["行政许可", "231"]]);
            (w.lens.visits + w.visits, h.tree.nodes().count())
        };
        let (small, nodes) = visits(50_000);
        let (large, _) = visits(100_000);
        // each node is entered and left a bounded number of times
        assert!(small <= 5 * nodes, "{small} visits for {nodes} nodes");
        assert!(large * 10 <= small * 21, "{small} → {large}");
    }

    fn grid_texts(rows: &[RawRow]) -> Vec<Vec<String>> {
        rows.iter()
            .filter_map(|r| match r {
                RawRow::Grid(c) => Some(c.iter().map(|(t, _)| t.clone()).collect()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn rowspan_and_colspan_make_a_true_grid() {
        let rows = rows_of(
            "<table><tr><td rowspan=2 colspan=2>A</td><td>B</td></tr>\
             <tr><td>C</td></tr><tr><td>D</td><td colspan=2>E</td></tr></table>",
        );
        assert_eq!(
            grid_texts(&rows),
            [vec!["A", "", "B"], vec!["", "", "C"], vec!["D", "E", ""]]
        );
    }

    #[test]
    fn line_breaks_between_chinese_characters_vanish() {
        let mut b = TextBuf::default();
        b.push("  本机关坚持\n  公开  为常态\n of ");
        b.push("2025");
        assert_eq!(b.take(), "本机关坚持公开 为常态 of 2025");
    }

    #[test]
    fn declared_charsets() {
        assert_eq!(
            declared_encoding(b"<meta charset=\"GB2312\">"),
            Some(GB18030)
        );
        assert_eq!(
            declared_encoding(b"<META http-equiv=Content-Type content='text/html; charset=big5'>"),
            Some(encoding_rs::BIG5)
        );
        assert_eq!(
            declared_encoding(b"<?xml version=\"1.0\" encoding=\"gbk\"?>"),
            Some(GB18030)
        );
        assert_eq!(declared_encoding(b"<meta name=x><p>charset=gbk"), None);
    }

    #[test]
    fn layout_table_is_walked_as_flow() {
        let rows = rows_of(
            "<table><tr><td><h1>标题</h1><table><tr><td>规章</td><td>1</td></tr></table></td></tr></table>",
        );
        assert!(matches!(&rows[0], RawRow::Prose(t, _) if t == "标题"));
        let g = grid_texts(&rows);
        assert_eq!(g, [vec!["规章", "1"]]);
        let RawRow::Grid(cells) = &rows[2] else {
            panic!("{:?}", rows);
        };
        assert_eq!(cells[1].1.table, Some(2));
    }
}
