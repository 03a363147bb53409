//! Pages of glyphs and segments → rows in reading order.
//!
//! Per page: glyphs inside a ruled grid become its cells; the other glyphs become lines,
//! and runs of lines whose clusters line up in columns around numbers become borderless
//! tables. Across pages: page numbers and running headers/footers are dropped, a table
//! broken by a page break continues (repeated header rows dropped), a row of a ruled table
//! split by the page break is joined again (`split_row` says when), and the lines of a
//! paragraph are joined, across page breaks too.

use crate::geom::{Glyph, Line, Page, TRAILING_SPACE, dedupe, glyph_text, join_texts, lines};
use crate::grid::{Grid, grids};
use xxgk_document::{Origin, RawRow};

/// A gap wider than this many font sizes splits a line into clusters (table columns).
const CLUSTER_GAP: f32 = 1.5;

/// A table as found on one page.
#[derive(Debug, Clone)]
struct Frag {
    top: f32,
    left: f32,
    right: f32,
    /// Grid columns (ruled), or value columns (borderless).
    columns: usize,
    ruled: bool,
    /// Rows of cells.
    rows: Vec<Vec<FCell>>,
    /// No rule along the top edge (ruled tables).
    open_top: bool,
    /// No rule along the bottom edge (ruled tables).
    open_bottom: bool,
}

/// One cell of a table fragment's row.
#[derive(Debug, Clone, PartialEq)]
struct FCell {
    text: String,
    /// Grid column (ruled) or column index (borderless).
    col: usize,
    /// Left and right border of a ruled cell (0 in a borderless table).
    x0: f32,
    x1: f32,
    /// The text's last line reaches the cell's right border: the text was wrapped
    /// there and may go on (in a ruled cell).
    full: bool,
    /// In the place of a merged cell that began in a row above.
    merged: bool,
}

impl FCell {
    fn plain(text: String, col: usize) -> FCell {
        FCell {
            text,
            col,
            x0: 0.0,
            x1: 0.0,
            full: false,
            merged: false,
        }
    }
}

#[derive(Debug, Clone)]
enum Item {
    Line(Line),
    Table(Frag),
}

impl Item {
    fn top(&self) -> f32 {
        match self {
            Item::Line(l) => l.top,
            Item::Table(t) => t.top,
        }
    }
}

struct PageItems {
    number: u32,
    height: f32,
    items: Vec<Item>,
}

/// Builds the rows of a document.
pub fn rows(pages: &[Page]) -> Vec<RawRow> {
    let mut pis: Vec<PageItems> = pages.iter().map(page_items).collect();
    drop_furniture(&mut pis);
    stream(&pis)
}

// ───────────────────────── one page ─────────────────────────

fn page_items(page: &Page) -> PageItems {
    let mut glyphs = page.glyphs.clone();
    dedupe(&mut glyphs);
    let gs = grids(&page.segs);
    let mut in_cell: Vec<Vec<Vec<Glyph>>> =
        gs.iter().map(|g| vec![Vec::new(); g.cells.len()]).collect();
    let mut free = Vec::new();
    'glyph: for g in glyphs {
        for (ti, grid) in gs.iter().enumerate() {
            if let Some(ci) = grid.locate(g.cx(), g.cy())
                && let Some(cell) = in_cell.get_mut(ti).and_then(|t| t.get_mut(ci))
            {
                cell.push(g);
                continue 'glyph;
            }
        }
        free.push(g);
    }
    let mut items = Vec::new();
    for (grid, cells) in gs.iter().zip(in_cell) {
        if grid.columns() < 2 || cells.iter().all(|c| c.iter().all(Glyph::is_space)) {
            // a framed box, not a table: its text is prose
            free.extend(cells.into_iter().flatten());
            continue;
        }
        items.push(Item::Table(ruled_frag(grid, &cells)));
    }
    let ls = lines(&free);
    items.extend(borderless(ls));
    items.sort_by(|a, b| a.top().total_cmp(&b.top()));
    PageItems {
        number: page.number,
        height: page.height,
        items,
    }
}

fn cell_text(glyphs: &[Glyph]) -> String {
    let ls = lines(glyphs);
    let texts: Vec<String> = ls.iter().map(Line::text).collect();
    // a figure too wide for its cell wraps (“1,2” over “04”): one number again
    let figure = |t: &String| {
        let t = t.trim();
        !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || ",.，．".contains(c))
    };
    if texts.len() > 1 && texts.iter().all(figure) {
        return texts.iter().map(|t| t.trim()).collect();
    }
    join_texts(texts.iter().map(String::as_str))
}

/// Whether the last line of a cell's text ends at the cell's right border (within the
/// padding and a glyph or two that line breaking rules moved down).
fn fills_cell(glyphs: &[Glyph], right: f32) -> bool {
    lines(glyphs)
        .last()
        .is_some_and(|l| right - l.right <= 2.5 * l.size.max(1.0) + 2.0)
}

fn ruled_frag(grid: &Grid, cells: &[Vec<Glyph>]) -> Frag {
    let mut rows: Vec<Vec<FCell>> = vec![Vec::new(); grid.rows()];
    for (ci, cb) in grid.cells.iter().enumerate() {
        let glyphs = cells.get(ci).map(Vec::as_slice).unwrap_or_default();
        let x0 = grid.xs.get(cb.c0).copied().unwrap_or(0.0);
        let x1 = grid.xs.get(cb.c1).copied().unwrap_or(x0);
        let cell = |text: String, full: bool, merged: bool| FCell {
            text,
            col: cb.c0,
            x0,
            x1,
            full,
            merged,
        };
        if let Some(r) = rows.get_mut(cb.r0) {
            r.push(cell(cell_text(glyphs), fills_cell(glyphs, x1), false));
        }
        // the rows a merged cell reaches down into get an empty cell in its place
        for r in cb.r0 + 1..cb.r1 {
            if let Some(r) = rows.get_mut(r) {
                r.push(cell(String::new(), false, true));
            }
        }
    }
    for r in &mut rows {
        r.sort_by_key(|c| c.col);
    }
    Frag {
        top: grid.top(),
        left: grid.left(),
        right: grid.right(),
        columns: grid.columns(),
        ruled: true,
        rows,
        open_top: grid.open_top,
        open_bottom: grid.open_bottom,
    }
}

// ───────────────────────── borderless tables ─────────────────────────

/// A number, or a blank marker, as table cells hold them.
fn is_value(s: &str) -> bool {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if matches!(
        t.as_str(),
        "/" | "-" | "—" | "——" | "－" | "／" | "–" | "无"
    ) {
        return true;
    }
    t.chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && t.chars().count() <= 14
        && t.chars()
            .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || ".,，．%-−+".contains(c))
}

struct Row<'a> {
    line: &'a Line,
    clusters: Vec<Line>,
    texts: Vec<String>,
}

impl Row<'_> {
    fn first_value(&self) -> Option<usize> {
        self.texts.iter().position(|t| is_value(t))
    }
    /// A data row: up to four label clusters, then only values (at least two, or one
    /// after a label).
    fn is_anchor(&self) -> bool {
        let Some(f) = self.first_value() else {
            return false;
        };
        let vals = self.texts.len() - f;
        self.texts[f..].iter().all(|t| is_value(t))
            && f <= 4
            && (vals >= 2 || f >= 1)
            && !self.texts.first().is_some_and(|t| is_section_heading(t))
    }
    fn value_left(&self) -> f32 {
        self.first_value()
            .and_then(|f| self.clusters.get(f))
            .map_or(f32::INFINITY, |c| c.left)
    }
    /// Only label text, left of `limit` (a label wrapped onto a line of its own).
    fn is_filler(&self, limit: f32) -> bool {
        self.first_value().is_none()
            && self.clusters.len() <= 3
            && self.line.right <= limit
            && !self.texts.first().is_some_and(|t| is_section_heading(t))
    }
}

/// Starts with list numbering: `1.` `2、` `（三）` `(3)` `四、`.
fn starts_numbered(t: &str) -> bool {
    let t = t.trim_start();
    let mut cs = t.chars().peekable();
    match cs.next() {
        Some('（' | '(') => cs
            .take_while(|c| *c != '）' && *c != ')')
            .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c)),
        Some(c) if c.is_ascii_digit() || "一二三四五六七八九十".contains(c) => {
            let rest: String = cs
                .skip_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
                .take(1)
                .collect();
            matches!(rest.as_str(), "." | "、" | "．")
        }
        _ => false,
    }
}

fn is_section_heading(t: &str) -> bool {
    let mut cs = t.chars();
    let first = cs.next();
    first.is_some_and(|c| "一二三四五六七八九十".contains(c))
        && t.chars().take(4).any(|c| c == '、')
        && !t.contains("本年")
        && !t.contains("上年")
        && !t.contains("结转")
}

/// Finds the runs of lines that form borderless tables (values lined up in columns);
/// the other lines stay lines.
fn borderless(ls: Vec<Line>) -> Vec<Item> {
    let rows: Vec<Row> = ls
        .iter()
        .map(|l| {
            let clusters = l.clusters(CLUSTER_GAP);
            let texts = clusters.iter().map(Line::text).collect();
            Row {
                line: l,
                clusters,
                texts,
            }
        })
        .collect();
    let n = rows.len();
    let anchors: Vec<usize> = (0..n).filter(|i| rows[*i].is_anchor()).collect();
    // (first header line, first data line, one past the last line)
    let mut blocks: Vec<(usize, usize, usize)> = Vec::new();
    let mut k = 0;
    let mut floor = 0; // lines before this belong to an earlier block
    while k < anchors.len() {
        let a0 = anchors[k];
        let mut last = a0;
        let mut j = k + 1;
        while let Some(&b) = anchors.get(j) {
            let size = rows[last].line.size.max(1.0);
            let limit = rows[last].value_left().min(rows[b].value_left()) - 0.3 * size;
            let fillers = last + 1..b;
            if fillers.len() > 4
                || !fillers.clone().all(|i| rows[i].is_filler(limit))
                || rows[b].line.top - rows[last].line.bottom > (b - last) as f32 * 2.5 * size
            {
                break;
            }
            last = b;
            j += 1;
        }
        // header lines right above the first data line
        let size = rows[a0].line.size.max(1.0);
        let mut start = a0;
        while start > floor && a0 - start < 7 {
            let h = &rows[start - 1];
            let below = &rows[start];
            let over_values = h.line.left >= rows[a0].value_left() - 2.0 * size;
            // a short caption over the label column, above other header lines
            let short = h.texts.concat().chars().count() <= 10
                && !h.texts.concat().contains(['。', '，', '；', '：', ':']);
            if h.is_anchor()
                || h.texts.first().is_some_and(|t| is_section_heading(t))
                || below.line.top - h.line.bottom > 2.0 * size
                || !(h.clusters.len() >= 2 || over_values || (short && start < a0))
                || h.texts.iter().any(|t| t.chars().count() > 30)
            {
                break;
            }
            start -= 1;
        }
        // label lines wrapped below the last data line
        let mut end = last + 1;
        let limit = rows[last].value_left() - 0.3 * size;
        while end < n
            && end - last <= 2
            && !rows[end].is_anchor()
            && rows[end].is_filler(limit)
            && rows[end].line.top - rows[end - 1].line.bottom < 0.8 * size
        {
            end += 1;
        }
        if j - k >= 2 || a0 > start {
            blocks.push((start, a0, end));
            floor = end;
        }
        k = j;
    }
    let mut items = Vec::new();
    let mut i = 0;
    for (start, a0, end) in blocks {
        items.extend(rows[i..start].iter().map(|r| Item::Line(r.line.clone())));
        items.push(Item::Table(borderless_frag(
            &rows[start..a0],
            &rows[a0..end],
        )));
        i = end;
    }
    items.extend(rows[i..].iter().map(|r| Item::Line(r.line.clone())));
    items
}

/// Merges intervals closer than `gap`.
fn spans(mut v: Vec<(f32, f32)>, gap: f32) -> Vec<(f32, f32)> {
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f32, f32)> = Vec::new();
    for s in v {
        match out.last_mut() {
            Some(c) if s.0 <= c.1 + gap => c.1 = c.1.max(s.1),
            _ => out.push(s),
        }
    }
    out
}

fn column_of(cols: &[(f32, f32)], x: f32) -> usize {
    if let Some(i) = cols.iter().position(|s| s.0 <= x && x <= s.1) {
        return i;
    }
    let mut best = (f32::INFINITY, 0);
    for (i, c) in cols.iter().enumerate() {
        let d = ((c.0 + c.1) / 2.0 - x).abs();
        if d < best.0 {
            best = (d, i);
        }
    }
    best.1
}

fn borderless_frag(head: &[Row], body: &[Row]) -> Frag {
    let em = body.first().map_or(10.0, |r| r.line.size.max(1.0));
    // value columns: where the values of the data rows lie
    let mut vs = Vec::new();
    for r in body.iter().filter(|r| r.is_anchor()) {
        for (c, t) in r.clusters.iter().zip(&r.texts) {
            if is_value(t) {
                vs.push((c.left - 0.3 * c.size, c.right + 0.3 * c.size));
            }
        }
    }
    let vcols = spans(vs, 0.0);
    let vleft = vcols.first().map_or(f32::INFINITY, |c| c.0);
    // label columns: the glyphs left of the values, split at clear gutters
    let mut ls = Vec::new();
    for r in body {
        for g in r
            .line
            .glyphs
            .iter()
            .filter(|g| !g.is_space() && g.cx() < vleft)
        {
            ls.push((g.left, g.right));
        }
    }
    let lcols = spans(ls, 0.6 * em);
    // each line's label text per label column
    let label_cells = |r: &Row| -> Vec<String> {
        let mut per: Vec<Vec<Glyph>> = vec![Vec::new(); lcols.len()];
        for g in r.line.glyphs.iter().filter(|g| g.cx() < vleft) {
            if let Some(p) = per.get_mut(column_of(&lcols, g.cx())) {
                p.push(g.clone());
            }
        }
        per.iter().map(|g| glyph_text(g)).collect()
    };
    let own: Vec<Vec<String>> = body.iter().map(label_cells).collect();
    let anchor: Vec<bool> = body.iter().map(Row::is_anchor).collect();
    // wrapped label lines join the data row they belong to, column by column
    let mut before: Vec<Vec<Vec<String>>> = vec![vec![Vec::new(); lcols.len()]; body.len()];
    let mut after = before.clone();
    for i in (0..body.len()).filter(|i| !anchor[*i]) {
        let above = (0..i).rev().find(|j| anchor[*j]);
        let below = (i + 1..body.len()).find(|j| anchor[*j]);
        for (c, text) in own[i].iter().enumerate() {
            if text.is_empty() {
                continue;
            }
            let d = |j: usize| (body[j].line.cy() - body[i].line.cy()).abs();
            let empty = |j: usize| own[j].get(c).is_none_or(String::is_empty);
            let target = match (above, below) {
                // a numbered label starts a row: it is the top of the next row's label
                (Some(_), Some(b)) if starts_numbered(text) => b,
                (Some(a), Some(b)) => {
                    // a data row without a label of its own takes it; else the nearer
                    let b_wants = empty(b) && !empty(a);
                    let a_wants = empty(a) && !empty(b);
                    if b_wants || (!a_wants && d(b) < d(a)) {
                        b
                    } else {
                        a
                    }
                }
                (Some(a), None) => a,
                (None, Some(b)) => b,
                (None, None) => continue,
            };
            if target < i {
                after[target][c].push(text.clone());
            } else {
                before[target][c].push(text.clone());
            }
        }
    }
    let mut rows: Vec<Vec<(String, usize)>> = Vec::new();
    for h in head {
        rows.push(
            h.texts
                .iter()
                .cloned()
                .enumerate()
                .map(|(c, t)| (t, c))
                .collect(),
        );
    }
    for (i, r) in body.iter().enumerate() {
        if !anchor[i] {
            continue;
        }
        let mut cells: Vec<(String, usize)> = Vec::new();
        for (c, text) in own[i].iter().enumerate() {
            let parts = before[i][c]
                .iter()
                .chain([text])
                .chain(after[i][c].iter())
                .map(String::as_str);
            let t = join_texts(parts);
            if !t.is_empty() {
                cells.push((t, c));
            }
        }
        let mut vals: Vec<String> = vec![String::new(); vcols.len()];
        for (c, t) in r.clusters.iter().zip(&r.texts) {
            if !is_value(t) || c.left + c.right < 2.0 * vleft - 2.0 * em {
                continue;
            }
            if let Some(v) = vals.get_mut(column_of(&vcols, (c.left + c.right) / 2.0)) {
                if !v.is_empty() {
                    v.push(' ');
                }
                v.push_str(t);
            }
        }
        cells.extend(
            vals.into_iter()
                .enumerate()
                .map(|(j, v)| (v, lcols.len() + j)),
        );
        rows.push(cells);
    }
    let all = head.iter().chain(body);
    let top = all
        .clone()
        .map(|r| r.line.top)
        .fold(f32::INFINITY, f32::min);
    let left = all
        .clone()
        .map(|r| r.line.left)
        .fold(f32::INFINITY, f32::min);
    let right = all.map(|r| r.line.right).fold(f32::NEG_INFINITY, f32::max);
    Frag {
        top,
        left,
        right,
        columns: vcols.len(),
        ruled: false,
        rows: rows
            .into_iter()
            .map(|r| r.into_iter().map(|(t, c)| FCell::plain(t, c)).collect())
            .collect(),
        open_top: false,
        open_bottom: false,
    }
}

// ───────────────────────── page furniture ─────────────────────────

/// A page number as printed: `3`, `-3-`, `— 3 —`, `第3页`, `第3页 共10页`, `3/10`, `Page 3`.
pub fn is_page_number(s: &str) -> bool {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect();
    let dashes = |c: char| "-—–－―─~·•_=·".contains(c);
    let core = t.trim_matches(dashes);
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    if digits(core) {
        return true;
    }
    let lower = core.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("page") {
        let (a, b) = rest.split_once("of").unwrap_or((rest, "1"));
        return digits(a) && digits(b);
    }
    if let Some((a, b)) = core.split_once(['/', '／']) {
        return digits(a) && digits(b);
    }
    // 第3页, 第3页共10页, 共10页第3页, 第 3 页 / 共 10 页
    let mut rest = core;
    let mut ok = false;
    while !rest.is_empty() {
        let Some(r) = rest.strip_prefix('第').or_else(|| rest.strip_prefix('共')) else {
            return false;
        };
        let end = r.find('页').unwrap_or(r.len());
        if !digits(&r[..end]) || end == r.len() {
            return false;
        }
        rest = r[end + '页'.len_utf8()..].trim_start_matches([',', '，', '/', '／']);
        ok = true;
    }
    ok
}

fn body_size(pis: &[PageItems]) -> f32 {
    let mut counts: std::collections::BTreeMap<i32, usize> = Default::default();
    for pi in pis {
        for it in &pi.items {
            if let Item::Line(l) = it {
                *counts.entry((l.size * 2.0).round() as i32).or_default() += l.glyphs.len();
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(s, _)| s as f32 / 2.0)
        .unwrap_or(12.0)
}

/// Drops page numbers and running headers and footers.
fn drop_furniture(pis: &mut [PageItems]) {
    let body = body_size(pis);
    let key = |l: &Line| -> String {
        l.text()
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_ascii_digit())
            .collect()
    };
    // candidates: the first two and last two items of a page, in the margin zones
    let zone = |pi: &PageItems, idx: usize, top: bool| -> bool {
        let Some(Item::Line(l)) = pi.items.get(idx) else {
            return false;
        };
        if top {
            idx < 2 && l.bottom <= 0.16 * pi.height
        } else {
            idx + 2 >= pi.items.len() && l.top >= 0.84 * pi.height
        }
    };
    let mut counts: std::collections::HashMap<(bool, String), usize> = Default::default();
    for pi in pis.iter() {
        let mut seen = std::collections::HashSet::new();
        for idx in 0..pi.items.len() {
            for top in [true, false] {
                if zone(pi, idx, top)
                    && let Some(Item::Line(l)) = pi.items.get(idx)
                {
                    let k = key(l);
                    if !k.is_empty() && seen.insert((top, k.clone())) {
                        *counts.entry((top, k)).or_default() += 1;
                    }
                }
            }
        }
    }
    let pages = pis.len();
    let need = 2.max(pages.div_ceil(3));
    for pi in pis.iter_mut() {
        let mut drop = vec![false; pi.items.len()];
        for (idx, d) in drop.iter_mut().enumerate() {
            for top in [true, false] {
                if !zone(pi, idx, top) {
                    continue;
                }
                let Some(Item::Line(l)) = pi.items.get(idx) else {
                    continue;
                };
                let text = l.text();
                let repeated =
                    counts.get(&(top, key(l))).is_some_and(|n| *n >= need) && l.size <= body * 1.15;
                if is_page_number(&text) || repeated {
                    *d = true;
                }
            }
        }
        let mut i = 0;
        pi.items.retain(|_| {
            i += 1;
            !drop[i - 1]
        });
    }
}

// ───────────────────────── the document stream ─────────────────────────

/// Margins of the prose on a page: left edge, right edge, line pitch.
#[derive(Clone, Copy)]
struct Margins {
    left: f32,
    right: f32,
    pitch: f32,
}

fn margins(items: &[Item], body: f32, fallback: Option<Margins>) -> Option<Margins> {
    let ls: Vec<&Line> = items
        .iter()
        .filter_map(|i| match i {
            Item::Line(l) if (l.size - body).abs() <= 0.15 * body => Some(l),
            _ => None,
        })
        .collect();
    if ls.len() < 4 {
        return fallback;
    }
    let mut lefts: std::collections::BTreeMap<i32, usize> = Default::default();
    for l in &ls {
        *lefts.entry((l.left / 2.0).round() as i32).or_default() += 1;
    }
    // the most common left edge; on ties the leftmost
    let best = lefts.values().copied().max().unwrap_or(0);
    let left = lefts
        .iter()
        .find(|(_, n)| **n == best)
        .map(|(k, _)| *k as f32 * 2.0)?;
    let mut rights: Vec<f32> = ls.iter().map(|l| l.right).collect();
    rights.sort_by(f32::total_cmp);
    let right = rights[(rights.len() * 9 / 10).min(rights.len() - 1)];
    let mut pitches: Vec<f32> = ls
        .windows(2)
        .map(|w| w[1].top - w[0].top)
        .filter(|d| *d > 0.5 * body && *d < 3.0 * body)
        .collect();
    pitches.sort_by(f32::total_cmp);
    let pitch = pitches
        .get(pitches.len() / 2)
        .copied()
        .or(fallback.map(|f| f.pitch))
        .unwrap_or(body * 1.5);
    Some(Margins { left, right, pitch })
}

struct Para {
    text: Vec<String>,
    page: u32,
    last: Line,
    last_page: u32,
    margins: Margins,
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .ends_with(['。', '：', ':', '！', '？', '!', '?', '；'])
}

#[allow(clippy::too_many_arguments)]
fn starts_paragraph(
    prev: &Para,
    cur: &Line,
    cur_text: &str,
    page: u32,
    m: Margins,
    body: f32,
    indented_doc: bool,
) -> bool {
    let p = &prev.last;
    let pm = prev.margins;
    let size = cur.size.max(1.0);
    if (cur.size - p.size).abs() > 0.15 * cur.size.max(p.size) {
        return true;
    }
    let centred = |l: &Line, m: Margins| {
        l.left > m.left + size
            && ((l.left + l.right) / 2.0 - (m.left + m.right) / 2.0).abs() < 2.0 * size
    };
    // a title set over two centred lines: the first may fill the whole measure (then
    // it starts at the margin), the second is centred under it
    let mid_centred = |l: &Line, m: Margins| {
        ((l.left + l.right) / 2.0 - (m.left + m.right) / 2.0).abs() < 2.0 * size
    };
    if cur.size > body * 1.1
        && centred(cur, m)
        && mid_centred(p, pm)
        && page == prev.last_page
        && cur.top - p.top < 2.5 * size
    {
        return false;
    }
    if is_section_heading(cur_text) {
        return true;
    }
    if cur.left > m.left + 0.9 * size {
        return true;
    }
    // the previous line stopped short of the right margin
    if p.right < pm.right - 1.5 * size {
        return true;
    }
    if page == prev.last_page && cur.top - p.top > 1.7 * m.pitch.max(size) {
        return true;
    }
    if !indented_doc && ends_sentence(&prev.text.last().cloned().unwrap_or_default()) {
        return true;
    }
    false
}

fn stream(pis: &[PageItems]) -> Vec<RawRow> {
    let body = body_size(pis);
    let mut out: Vec<RawRow> = Vec::new();
    let mut page_margins: Vec<Option<Margins>> =
        pis.iter().map(|p| margins(&p.items, body, None)).collect();
    // pages with little prose borrow the margins of the others
    let global = margins(
        &pis.iter()
            .flat_map(|p| p.items.iter().cloned())
            .collect::<Vec<_>>(),
        body,
        None,
    )
    .unwrap_or(Margins {
        left: 0.0,
        right: 10_000.0,
        pitch: body * 1.5,
    });
    for m in &mut page_margins {
        m.get_or_insert(global);
    }
    // does the document indent its paragraphs?
    let mut indents = 0;
    for (pi, m) in pis.iter().zip(&page_margins) {
        let m = m.unwrap_or(global);
        for it in &pi.items {
            if let Item::Line(l) = it {
                let d = l.left - m.left;
                if d > 0.9 * l.size && d < 3.5 * l.size && l.right > m.right - 2.0 * l.size {
                    indents += 1;
                }
            }
        }
    }
    let indented_doc = indents >= 2;

    let mut para: Option<Para> = None;
    let flush = |para: &mut Option<Para>, out: &mut Vec<RawRow>| {
        if let Some(p) = para.take() {
            let text = join_texts(p.text.iter().map(String::as_str));
            out.push(RawRow::Prose(
                text,
                Origin {
                    page: Some(p.page),
                    ..Origin::default()
                },
            ));
            out.push(RawRow::Break);
        }
    };
    let mut tables = 0u32;
    // the table open at the end of the previous page, for continuation
    let mut open: Option<OpenTable> = None;
    for (pi, m) in pis.iter().zip(&page_margins) {
        let m = m.unwrap_or(global);
        for (idx, it) in pi.items.iter().enumerate() {
            match it {
                Item::Line(l) => {
                    open = None;
                    let mut text = glyph_text(&l.glyphs);
                    // a space ending a line separates it from a number or word on the next
                    if l.glyphs.last().is_some_and(Glyph::is_space) {
                        text.push(TRAILING_SPACE);
                    }
                    let new = match &para {
                        None => true,
                        Some(p) => starts_paragraph(p, l, &text, pi.number, m, body, indented_doc),
                    };
                    if new {
                        flush(&mut para, &mut out);
                        para = Some(Para {
                            text: vec![text],
                            page: pi.number,
                            last: l.clone(),
                            last_page: pi.number,
                            margins: m,
                        });
                    } else if let Some(p) = para.as_mut() {
                        p.text.push(text);
                        p.last = l.clone();
                        p.last_page = pi.number;
                        p.margins = m;
                    }
                }
                Item::Table(f) => {
                    flush(&mut para, &mut out);
                    let continues = open.as_ref().is_some_and(|o| {
                        idx == 0
                            && o.page + 1 == pi.number
                            && o.ruled == f.ruled
                            && compatible(o, f)
                    });
                    let mut skip = 0;
                    if continues && let Some(o) = &open {
                        skip = repeated_header(&o.head, &f.rows);
                        // the first row may be the rest of the row the previous page
                        // ended with, split by the page break
                        if let Some(first) = f.rows.get(skip)
                            && let Some(last) = &o.last
                            && let Some(pairs) = split_row(last, first, o.open_bottom || f.open_top)
                            && let Some(RawRow::Grid(cells)) = out.last_mut()
                            && cells.len() == last.len()
                        {
                            for ((cell, m), a) in cells.iter_mut().zip(&pairs).zip(last) {
                                let Some(b) = m.and_then(|j| first.get(j)) else {
                                    continue;
                                };
                                if b.text.trim().is_empty() {
                                    continue;
                                }
                                if a.text.trim().is_empty() {
                                    cell.0 = b.text.clone();
                                    cell.1.page = Some(pi.number);
                                } else {
                                    cell.0 = join_texts([cell.0.as_str(), b.text.as_str()]);
                                }
                            }
                            skip += 1;
                        }
                    } else {
                        if open.is_some() || out.last().is_some_and(|r| !matches!(r, RawRow::Break))
                        {
                            out.push(RawRow::Break);
                        }
                        tables += 1;
                        open = Some(OpenTable {
                            number: tables,
                            page: pi.number,
                            ruled: f.ruled,
                            left: f.left,
                            right: f.right,
                            columns: f.columns,
                            rows: 0,
                            head: f.rows.iter().take(4).map(|r| row_key(r)).collect(),
                            last: None,
                            open_bottom: false,
                        });
                    }
                    if let Some(o) = open.as_mut() {
                        // a row joined to the one above is not joined again
                        o.last = None;
                        for r in f.rows.iter().skip(skip) {
                            o.rows += 1;
                            let cells = r
                                .iter()
                                .map(|c| {
                                    (
                                        c.text.clone(),
                                        Origin {
                                            page: Some(pi.number),
                                            table: Some(o.number),
                                            row: Some(o.rows),
                                            cell: Some(c.col as u32 + 1),
                                        },
                                    )
                                })
                                .collect();
                            out.push(RawRow::Grid(cells));
                            o.last = f.ruled.then(|| r.clone());
                        }
                        o.open_bottom = f.open_bottom;
                        o.page = pi.number;
                        if idx + 1 != pi.items.len() {
                            // only a table that ends its page can continue on the next
                            out.push(RawRow::Break);
                            open = None;
                        }
                    }
                }
            }
        }
    }
    flush(&mut para, &mut out);
    out
}

struct OpenTable {
    number: u32,
    page: u32,
    ruled: bool,
    left: f32,
    right: f32,
    columns: usize,
    rows: u32,
    head: Vec<String>,
    /// The last row put out (of a ruled table), which the next page may go on with.
    last: Option<Vec<FCell>>,
    /// The fragment on the last page has no rule along its bottom edge.
    open_bottom: bool,
}

fn compatible(o: &OpenTable, f: &Frag) -> bool {
    if o.ruled {
        (o.left - f.left).abs() <= 4.0 && (o.right - f.right).abs() <= 4.0
    } else {
        o.columns == f.columns && o.columns > 0
    }
}

fn row_key(r: &[FCell]) -> String {
    r.iter()
        .flat_map(|c| c.text.chars())
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// How many leading rows of a continued table repeat the table's header.
fn repeated_header(head: &[String], rows: &[Vec<FCell>]) -> usize {
    let mut n = 0;
    for (h, r) in head.iter().zip(rows) {
        let k = row_key(r);
        if k.is_empty() || *h != k || k.chars().all(|c| c.is_ascii_digit()) {
            break;
        }
        n += 1;
    }
    n
}

/// What a cell of a table row holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holds {
    Nothing,
    Value,
    Text,
}

fn holds(t: &str) -> Holds {
    if t.trim().is_empty() {
        Holds::Nothing
    } else if is_value(t) {
        Holds::Value
    } else {
        Holds::Text
    }
}

/// Whether `next`, the first row of a table's continuation on a new page, is the rest of
/// `prev`, the row the previous page ended with: one row of the table split by the page
/// break. If so, for each cell of `prev` the cell of `next` under it.
///
/// The two pieces must have the same cell borders wherever either has text (a value
/// never faces text or another value), labels left of the values, and between them
/// hold one row's label and its numbers, neither piece a whole row:
///
/// - the numbers on one side with no label at all, the label on the other with no
///   numbers (the label or the numbers pushed down the cell onto the next page);
/// - the label begun on the first page and going on over the break — the text of its
///   last line there fills the cell to its right border — or the table's rule along the
///   break missing (`open_edge`), with the numbers on either page and the rest of the
///   label not starting a new label (`1.`, `（七）`, `四、`).
///
/// Anything else — numbers on both pages, numbers on neither, a continuation that starts
/// a numbered label — is two rows. Text under the place of a merged cell begun above
/// (a group label) goes with the row but is no evidence either way.
fn split_row(prev: &[FCell], next: &[FCell], open_edge: bool) -> Option<Vec<Option<usize>>> {
    const TOL: f32 = 3.0;
    let same = |a: &FCell, b: &FCell| (a.x0 - b.x0).abs() <= TOL && (a.x1 - b.x1).abs() <= TOL;
    let pairs: Vec<Option<usize>> = prev
        .iter()
        .map(|a| next.iter().position(|b| same(a, b)))
        .collect();
    if prev
        .iter()
        .zip(&pairs)
        .any(|(a, m)| m.is_none() && holds(&a.text) != Holds::Nothing)
    {
        return None;
    }
    if next
        .iter()
        .enumerate()
        .any(|(j, b)| holds(&b.text) != Holds::Nothing && !pairs.contains(&Some(j)))
    {
        return None;
    }
    let (mut p_vals, mut p_text, mut n_vals, mut n_text) = (false, false, false, false);
    let (mut continued, mut numbered) = (false, false);
    let mut value_left = f32::INFINITY;
    let mut text_right = f32::NEG_INFINITY;
    for (a, m) in prev.iter().zip(&pairs) {
        let b = m.and_then(|j| next.get(j));
        let hb = b.map_or(Holds::Nothing, |b| holds(&b.text));
        match (holds(&a.text), hb) {
            (Holds::Value, Holds::Nothing) => p_vals = true,
            (Holds::Nothing, Holds::Value) => n_vals = true,
            (Holds::Nothing, Holds::Nothing) => continue,
            (Holds::Text, Holds::Nothing) => p_text = true,
            // the text of a merged cell begun above (a group label such as （五）不予处理
            // that the page break pushed down): the group's, not this row's
            (Holds::Nothing, Holds::Text) if a.merged => {}
            (Holds::Nothing, Holds::Text) => {
                n_text = true;
                numbered |= b.is_some_and(|b| starts_numbered(&b.text));
            }
            (Holds::Text, Holds::Text) => {
                p_text = true;
                n_text = true;
                continued |= a.full;
                numbered |= b.is_some_and(|b| starts_numbered(&b.text));
            }
            // a value facing text or another value: two rows
            _ => return None,
        }
        let hold_value = holds(&a.text) == Holds::Value || hb == Holds::Value;
        if hold_value {
            value_left = value_left.min(a.x0);
        } else {
            text_right = text_right.max(a.x1);
        }
    }
    if text_right > value_left + TOL {
        return None;
    }
    let join = match (p_vals, p_text, n_vals, n_text) {
        // each piece lacks what the other has
        (true, false, false, true) | (false, true, true, false) => true,
        // a label going on over the break
        (true, true, false, true) | (false, true, true, true) => {
            !numbered && (continued || open_edge)
        }
        _ => false,
    };
    join.then_some(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::{Seg, is_wide};

    #[test]
    fn page_numbers() {
        for s in [
            "3",
            "-3-",
            "- 3 -",
            "— 3 —",
            "－３－",
            "第3页",
            "第 3 页 共 10 页",
            "共10页第3页",
            "3/10",
            "Page 3",
            "page 3 of 9",
            "·12·",
        ] {
            assert!(is_page_number(s), "{s}");
        }
        for s in [
            "2025年",
            "第三章",
            "一、总体情况",
            "3件",
            "第3页的内容",
            "12345",
            "",
        ] {
            assert!(!is_page_number(s), "{s}");
        }
    }

    fn glyphs(text: &str, left: f32, top: f32) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, ch)| Glyph {
                ch,
                left: left + 6.0 * i as f32,
                top,
                right: left + 6.0 * i as f32 + 5.5,
                bottom: top + 10.0,
                size: 10.0,
            })
            .collect()
    }

    #[test]
    fn a_figure_wrapped_in_its_cell_is_one_number() {
        let mut g = glyphs("1,2", 100.0, 50.0);
        g.extend(glyphs("04", 100.0, 62.0));
        assert_eq!(cell_text(&g), "1,204");
        // words wrapped in a cell keep their space; a label keeps its characters
        let mut w = glyphs("Page", 100.0, 50.0);
        w.extend(glyphs("two", 100.0, 62.0));
        assert_eq!(cell_text(&w), "Page two");
        let mut l = glyphs("本年新收", 100.0, 50.0);
        l.extend(glyphs("申请数量", 100.0, 62.0));
        assert_eq!(cell_text(&l), "本年新收申请数量");
    }

    /// A page holding one ruled table: label column 0–100 (or a group column 0–40 and
    /// an item column 40–100), value columns 100–140 and 140–180, rows 20 high from
    /// `top`; `open` leaves out the rule along the bottom (`Some(true)`) or the top
    /// (`Some(false)`) edge. A first cell `^` is merged with the one above.
    fn table_page<const N: usize>(
        number: u32,
        top: f32,
        rows: &[[&str; N]],
        open: Option<bool>,
    ) -> Page {
        let xs: &[f32] = if N == 3 {
            &[0.0, 100.0, 140.0, 180.0]
        } else {
            &[0.0, 40.0, 100.0, 140.0, 180.0]
        };
        let bottom = top + 20.0 * rows.len() as f32;
        let mut segs = Vec::new();
        for r in 0..=rows.len() {
            let y = top + 20.0 * r as f32;
            if (r == rows.len() && open == Some(true)) || (r == 0 && open == Some(false)) {
                continue;
            }
            let merged = rows.get(r).is_some_and(|row| row[0] == "^");
            segs.push(Seg {
                horizontal: true,
                at: y,
                from: if merged { xs[1] } else { 0.0 },
                to: 180.0,
            });
        }
        for x in xs {
            segs.push(Seg {
                horizontal: false,
                at: *x,
                from: top,
                to: bottom,
            });
        }
        let mut gs = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate().filter(|(_, t)| **t != "^") {
                let mut g = glyphs(text, xs[c] + 2.0, top + 20.0 * r as f32 + 5.0);
                for g in &mut g {
                    // CJK glyphs are a full em wide
                    if is_wide(g.ch) {
                        g.left = xs[c] + 2.0 + (g.left - xs[c] - 2.0) / 6.0 * 10.0;
                        g.right = g.left + 10.0;
                    }
                }
                gs.extend(g);
            }
        }
        Page {
            number,
            height: 800.0,
            glyphs: gs,
            segs,
        }
    }

    /// The grid rows read from two pages, as texts joined with `|`.
    fn two_pages<const N: usize>(
        a: &[[&str; N]],
        b: &[[&str; N]],
        open: Option<bool>,
    ) -> Vec<String> {
        let first_open = (open == Some(true)).then_some(true);
        let second_open = (open == Some(false)).then_some(false);
        let pages = [
            table_page(1, 800.0 - 20.0 * a.len() as f32 - 40.0, a, first_open),
            table_page(2, 40.0, b, second_open),
        ];
        rows(&pages)
            .into_iter()
            .filter_map(|r| match r {
                RawRow::Grid(cells) => Some(
                    cells
                        .iter()
                        .map(|c| c.0.as_str())
                        .collect::<Vec<_>>()
                        .join("|"),
                ),
                _ => None,
            })
            .collect()
    }

    const HEAD: [&str; 3] = ["项目", "甲", "乙"];
    const ROW: [&str; 3] = ["1.完整的一行", "1", "2"];

    #[test]
    fn a_row_split_by_the_page_break_is_one_row() {
        // a label that fills its cell, the numbers with its first line; the rest of the
        // label on the next page
        let got = two_pages(
            &[HEAD, ROW, ["2.很长的标签写满了", "3", "4"]],
            &[["一格还有剩余", "", ""], ROW],
            None,
        );
        assert_eq!(got[2], "2.很长的标签写满了一格还有剩余|3|4", "{got:?}");
        assert_eq!(got.len(), 4, "{got:?}");
        // the label begun, the numbers on the next page with the rest of it
        let got = two_pages(
            &[HEAD, ROW, ["2.很长的标签写满了", "", ""]],
            &[["一格还有剩余", "3", "4"], ROW],
            None,
        );
        assert_eq!(got[2], "2.很长的标签写满了一格还有剩余|3|4", "{got:?}");
        // only the numbers, the whole label on the next page (numbered: still the rest)
        let got = two_pages(
            &[HEAD, ROW, ["", "3", "4"]],
            &[["（七）总计", "", ""]],
            None,
        );
        assert_eq!(got, ["项目|甲|乙", "1.完整的一行|1|2", "（七）总计|3|4"]);
        // only the label, the numbers on the next page
        let got = two_pages(&[HEAD, ["3.其他", "", ""]], &[["", "3", "4"], ROW], None);
        assert_eq!(got, ["项目|甲|乙", "3.其他|3|4", "1.完整的一行|1|2"]);
        // a short label going on: only with the rule along the break missing
        let a = [HEAD, ["3.其他", "3", "4"]];
        let b = [["事项", "", ""], ROW];
        assert_eq!(two_pages(&a, &b, None).len(), 4);
        for open in [Some(true), Some(false)] {
            let got = two_pages(&a, &b, open);
            assert_eq!(got[1], "3.其他事项|3|4", "{open:?} {got:?}");
            assert_eq!(got.len(), 3, "{open:?} {got:?}");
        }
        // the last row of the table, its rest alone on the next page under no rule
        let got = two_pages(&a, &[["事项", "", ""]], Some(false));
        assert_eq!(got, ["项目|甲|乙", "3.其他事项|3|4"]);
    }

    #[test]
    fn a_group_label_pushed_over_the_break_goes_with_the_row() {
        let head = ["项目", "", "甲", "乙"];
        // the group cell spans the last two rows of page 1 and the first of page 2, its
        // label on page 2; the item label wraps over the break
        let got = two_pages(
            &[head, ["", "1.一行", "1", "2"], ["^", "2.写满了", "3", "4"]],
            &[["（五）", "一格", "", ""], ["^", "3.其他", "5", "6"]],
            None,
        );
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(got[2], "（五）|2.写满了一格|3|4", "{got:?}");
        // the group label alone on page 2 is no evidence: the rows stay apart
        let got = two_pages(
            &[head, ["", "1.一行", "1", "2"], ["^", "2.写满了", "3", "4"]],
            &[["（五）", "", "", ""], ["^", "3.其他", "5", "6"]],
            None,
        );
        assert_eq!(got.len(), 5, "{got:?}");
    }

    #[test]
    fn whole_rows_on_both_sides_of_the_break_stay_apart() {
        // numbers on both pages, even with the rule missing
        for open in [None, Some(true), Some(false)] {
            let got = two_pages(&[HEAD, ["2.很长的标签写满了", "3", "4"]], &[ROW, ROW], open);
            assert_eq!(got.len(), 4, "{open:?} {got:?}");
        }
        // a row of blanks starting a numbered label under a full one
        let got = two_pages(
            &[HEAD, ["2.很长的标签写满了", "3", "4"]],
            &[["3.其他", "", ""]],
            None,
        );
        assert_eq!(got.len(), 3, "{got:?}");
        let got = two_pages(
            &[HEAD, ["2.很长的标签写满了", "3", "4"]],
            &[["3.其他", "", ""]],
            Some(true),
        );
        assert_eq!(got.len(), 3, "{got:?}");
        // numbers on neither page
        let got = two_pages(
            &[HEAD, ["2.很长的标签写满了", "", ""]],
            &[["其他", "", ""]],
            None,
        );
        assert_eq!(got.len(), 3, "{got:?}");
        // a header row above numbers without a label: text faces the numbers
        let got = two_pages(&[["说明", "", ""], HEAD], &[["", "3", "4"]], None);
        assert_eq!(got.len(), 3, "{got:?}");
        // a label cell on the right of the numbers is not a row's label
        let got = two_pages(&[HEAD, ["", "3", "标签"]], &[["", "", "续"]], Some(true));
        assert_eq!(got.len(), 3, "{got:?}");
    }

    #[test]
    fn values() {
        assert!(is_value("12"));
        assert!(is_value("1,268"));
        assert!(is_value("12.5"));
        assert!(is_value("/"));
        assert!(!is_value("2024年"));
        assert!(!is_value("规章"));
    }
}
