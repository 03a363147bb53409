//! Glyphs, segments and text lines, in display coordinates (points, y downwards).

/// One glyph of the text layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// The character.
    pub ch: char,
    /// Box: left edge.
    pub left: f32,
    /// Box: top edge.
    pub top: f32,
    /// Box: right edge.
    pub right: f32,
    /// Box: bottom edge (about the baseline).
    pub bottom: f32,
    /// Font size in points.
    pub size: f32,
}

impl Glyph {
    /// Horizontal centre.
    pub fn cx(&self) -> f32 {
        (self.left + self.right) / 2.0
    }
    /// Vertical centre.
    pub fn cy(&self) -> f32 {
        (self.top + self.bottom) / 2.0
    }
    /// A space (not drawn, but a word boundary).
    pub fn is_space(&self) -> bool {
        self.ch.is_whitespace() || self.ch == '\u{3000}'
    }
}

/// A horizontal or vertical straight segment (a table border or a rule).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seg {
    /// Horizontal (else vertical).
    pub horizontal: bool,
    /// The fixed coordinate (y of a horizontal, x of a vertical).
    pub at: f32,
    /// Start along the segment.
    pub from: f32,
    /// End along the segment (`from <= to`).
    pub to: f32,
}

impl Seg {
    /// The segment between two points, if it is (nearly) horizontal or vertical and not
    /// a dot.
    pub fn new(ax: f32, ay: f32, bx: f32, by: f32) -> Option<Seg> {
        let (dx, dy) = ((bx - ax).abs(), (by - ay).abs());
        if dy <= 1.0 && dx >= 2.0 {
            Some(Seg {
                horizontal: true,
                at: (ay + by) / 2.0,
                from: ax.min(bx),
                to: ax.max(bx),
            })
        } else if dx <= 1.0 && dy >= 2.0 {
            Some(Seg {
                horizontal: false,
                at: (ax + bx) / 2.0,
                from: ay.min(by),
                to: ay.max(by),
            })
        } else {
            None
        }
    }
}

/// One page as read.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    /// Height as displayed.
    pub height: f32,
    /// Glyphs of the text layer.
    pub glyphs: Vec<Glyph>,
    /// Straight segments drawn on the page.
    pub segs: Vec<Seg>,
}

/// Chinese, Japanese or Korean writing, full-width forms, and the punctuation that goes
/// with them: no space is ever wanted next to these.
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FFF      // radicals
        | 0x3000..=0x303F    // CJK symbols and punctuation
        | 0x3040..=0x30FF    // kana
        | 0x3100..=0x312F    // bopomofo
        | 0x3200..=0x33FF    // enclosed, compatibility
        | 0x3400..=0x4DBF    // extension A
        | 0x4E00..=0x9FFF    // unified ideographs
        | 0xAC00..=0xD7AF    // hangul
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFE30..=0xFE4F    // compatibility forms
        | 0xFF00..=0xFFEF    // full-width forms
        | 0x20000..=0x3FFFF) // extensions B–
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·' | '•' | '■' | '□' | '●' | '○' | '√' | '×' | '※' | '→' | '℃' | '№')
}

/// A text line: glyphs at the same height, left to right.
#[derive(Debug, Clone)]
pub struct Line {
    /// Glyphs left to right (spaces included).
    pub glyphs: Vec<Glyph>,
    /// Left edge of the first visible glyph.
    pub left: f32,
    /// Right edge of the last visible glyph.
    pub right: f32,
    /// Top.
    pub top: f32,
    /// Bottom.
    pub bottom: f32,
    /// Typical font size.
    pub size: f32,
}

impl Line {
    fn from_glyphs(mut glyphs: Vec<Glyph>) -> Option<Line> {
        glyphs.sort_by(|a, b| a.left.total_cmp(&b.left));
        let vis: Vec<&Glyph> = glyphs.iter().filter(|g| !g.is_space()).collect();
        let first = vis.first()?;
        let last = vis.last()?;
        let mut sizes: Vec<f32> = vis.iter().map(|g| g.size).collect();
        sizes.sort_by(f32::total_cmp);
        let size = sizes[sizes.len() / 2];
        let top = vis.iter().map(|g| g.top).fold(f32::INFINITY, f32::min);
        let bottom = vis
            .iter()
            .map(|g| g.bottom)
            .fold(f32::NEG_INFINITY, f32::max);
        Some(Line {
            left: first.left,
            right: last.right,
            top,
            bottom,
            size,
            glyphs,
        })
    }

    /// Vertical centre.
    pub fn cy(&self) -> f32 {
        (self.top + self.bottom) / 2.0
    }

    /// The text, spaces between CJK glyphs removed.
    pub fn text(&self) -> String {
        glyph_text(&self.glyphs)
    }

    /// Splits the line where the gap between glyphs is wider than `gap_em` times the font
    /// size (columns of a borderless table, a date set off to the right).
    pub fn clusters(&self, gap_em: f32) -> Vec<Line> {
        let mut out = Vec::new();
        let mut cur: Vec<Glyph> = Vec::new();
        let mut last_right: Option<f32> = None;
        for g in &self.glyphs {
            if g.is_space() {
                cur.push(g.clone());
                continue;
            }
            if let Some(r) = last_right
                && g.left - r > gap_em * self.size.max(g.size)
            {
                out.extend(Line::from_glyphs(std::mem::take(&mut cur)));
            }
            last_right = Some(last_right.map_or(g.right, |r: f32| r.max(g.right)));
            cur.push(g.clone());
        }
        out.extend(Line::from_glyphs(cur));
        out
    }
}

/// The text of glyphs on one line, left to right: a space where the PDF had one or a gap
/// between words, but never next to a CJK glyph ("三 、本 年 度" → "三、本年度"), except
/// between CJK and a number or Latin word where the PDF has a space glyph ("2025 年").
pub fn glyph_text(glyphs: &[Glyph]) -> String {
    let mut s = String::new();
    let mut prev: Option<&Glyph> = None;
    let mut space_seen = false;
    for g in glyphs {
        if g.is_space() {
            space_seen = prev.is_some();
            continue;
        }
        if let Some(p) = prev {
            let gap = g.left - p.right;
            let em = p.size.max(g.size).max(1.0);
            let wide_p = is_wide(p.ch);
            let wide_g = is_wide(g.ch);
            let want = if wide_p && wide_g {
                false
            } else if wide_p || wide_g {
                // CJK next to a number or a Latin word: only where the PDF has a space
                // (layout engines widen the gap there by themselves)
                let other = if wide_p { g.ch } else { p.ch };
                other.is_ascii_alphanumeric() && space_seen && gap > 0.05 * em
            } else if p.ch.is_ascii_digit() && g.ch.is_ascii_digit() {
                // letter-spaced figures stay one number
                space_seen
            } else {
                space_seen || gap > 0.3 * em
            };
            if want {
                s.push(' ');
            }
        }
        s.push(g.ch);
        prev = Some(g);
        space_seen = false;
    }
    s
}

/// Removes the second of two identical glyphs drawn at (nearly) the same place (fake
/// bold, shadows).
pub fn dedupe(glyphs: &mut Vec<Glyph>) {
    if glyphs.len() < 2 {
        return;
    }
    glyphs.sort_by(|a, b| a.top.total_cmp(&b.top).then(a.left.total_cmp(&b.left)));
    let mut keep: Vec<Glyph> = Vec::with_capacity(glyphs.len());
    'outer: for g in glyphs.drain(..) {
        let tol = 0.25 * g.size.max(1.0);
        for k in keep.iter().rev().take(256) {
            if g.top - k.top > tol {
                break;
            }
            if k.ch == g.ch && (k.left - g.left).abs() < tol && (k.top - g.top).abs() < tol {
                continue 'outer;
            }
        }
        keep.push(g);
    }
    *glyphs = keep;
}

/// Groups glyphs into lines, top to bottom.
pub fn lines(glyphs: &[Glyph]) -> Vec<Line> {
    let mut sorted: Vec<&Glyph> = glyphs.iter().collect();
    sorted.sort_by(|a, b| a.cy().total_cmp(&b.cy()).then(a.left.total_cmp(&b.left)));
    let mut out: Vec<Line> = Vec::new();
    let mut cur: Vec<Glyph> = Vec::new();
    let mut band: Option<(f32, f32)> = None; // centre and size of the current line
    for g in sorted {
        if let Some((cy, size)) = band {
            let tol = 0.45 * size.min(g.size.max(1.0)).max(1.0);
            if (g.cy() - cy).abs() > tol {
                out.extend(Line::from_glyphs(std::mem::take(&mut cur)));
                band = None;
            }
        }
        if g.is_space() && band.is_none() {
            continue;
        }
        if band.is_none() {
            band = Some((g.cy(), g.size.max(1.0)));
        } else if let Some((cy, size)) = band
            && !g.is_space()
        {
            // follow the line's mean centre and largest size
            let n = cur.iter().filter(|c| !c.is_space()).count() as f32;
            band = Some(((cy * n + g.cy()) / (n + 1.0), size.max(g.size)));
        }
        cur.push(g.clone());
    }
    out.extend(Line::from_glyphs(cur));
    out
}

/// Marks a line that ended with a space glyph: [`join_texts`] keeps that space before a
/// number or a Latin word.
pub const TRAILING_SPACE: char = '\u{E000}';

/// Joins the lines of one cell or paragraph: nothing between CJK, a space between words.
pub fn join_texts<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut s = String::new();
    let mut spaced = false;
    for p in parts {
        let mut p = p.trim();
        let next_spaced = p.ends_with(TRAILING_SPACE);
        p = p.trim_end_matches(TRAILING_SPACE).trim();
        if p.is_empty() {
            continue;
        }
        if let (Some(a), Some(b)) = (s.chars().last(), p.chars().next()) {
            let words = !is_wide(a) && !is_wide(b) && a != '-' && a != '/';
            let mixed = spaced && (a.is_ascii_alphanumeric() || b.is_ascii_alphanumeric());
            if words || mixed {
                s.push(' ');
            }
        }
        s.push_str(p);
        spaced = next_spaced;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(ch: char, left: f32, top: f32) -> Glyph {
        Glyph {
            ch,
            left,
            top,
            right: left + 10.0,
            bottom: top + 10.0,
            size: 10.0,
        }
    }

    fn row(s: &str, step: f32) -> Vec<Glyph> {
        s.chars()
            .enumerate()
            .map(|(i, c)| g(c, i as f32 * step, 0.0))
            .collect()
    }

    #[test]
    fn spaces_between_cjk_glyphs_are_dropped() {
        assert_eq!(glyph_text(&row("三 、本 年 度", 10.0)), "三、本年度");
        // letter-spaced: gaps but no space glyphs
        assert_eq!(glyph_text(&row("三、本年度", 14.0)), "三、本年度");
        assert_eq!(glyph_text(&row("2025 年", 10.0)), "2025 年");
        assert_eq!(glyph_text(&row("2025年", 10.0)), "2025年");
        // autospacing between CJK and Latin is not a space
        assert_eq!(glyph_text(&row("2025年", 14.0)), "2025年");
        assert_eq!(glyph_text(&row("a b", 10.0)), "a b");
    }

    #[test]
    fn lines_and_clusters() {
        let mut gs = row("规章", 10.0);
        gs.push(g('3', 100.0, 1.0));
        gs.extend(row("下一行", 10.0).into_iter().map(|mut x| {
            x.top += 20.0;
            x.bottom += 20.0;
            x
        }));
        let ls = lines(&gs);
        assert_eq!(ls.len(), 2);
        assert_eq!(ls[0].text(), "规章3");
        let cl = ls[0].clusters(1.5);
        assert_eq!(cl.len(), 2);
        assert_eq!(cl[1].text(), "3");
        assert_eq!(ls[1].text(), "下一行");
    }

    #[test]
    fn duplicates_dropped_and_texts_joined() {
        let mut gs = row("公开", 10.0);
        gs.push(g('公', 0.5, 0.3));
        dedupe(&mut gs);
        assert_eq!(gs.len(), 2);
        assert_eq!(
            join_texts(["5.要求行政机关确认或重新出", "具已获取信息"]),
            "5.要求行政机关确认或重新出具已获取信息"
        );
        assert_eq!(join_texts(["open", "data"]), "open data");
        let t = format!("信息{TRAILING_SPACE}");
        assert_eq!(join_texts([t.as_str(), "7 条"]), "信息 7 条");
        assert_eq!(join_texts([t.as_str(), "条"]), "信息条");
    }
}
