//! The PDF library behind the reader: [`pdf_oxide`] turned into plain [`Page`]s of glyphs
//! and ruling segments, in display coordinates (points, origin at the top left of the
//! page as shown, y growing downwards, page rotation applied).
//!
//! Everything the rest of the crate knows about the library is in this file.

use crate::geom::{Glyph, Page, Seg};
use pdf_oxide::document::PdfDocument;
use pdf_oxide::elements::{PathContent, PathOperation};
use xxgk_document::ReadError;

/// Pages read at most (a report has a few dozen; the rest of a huge file is ignored).
const MAX_PAGES: usize = 400;
/// Glyphs kept per page at most.
const MAX_GLYPHS: usize = 60_000;
/// Path segments kept per page at most.
const MAX_SEGMENTS: usize = 20_000;

/// Stack the PDF library runs on. The library parses nested arrays and
/// dictionaries recursively (about 1 KB of stack a level in a debug build); `depth.rs`
/// refuses files nested deeper than 256 levels first, and this stack is the second line
/// of defence for what that scan cannot see (the streams of an encrypted file,
/// `BrotliDecode`, a content stream whose dictionary claims image data). Linux commits
/// stack pages only when they are touched, so a normal file costs no more memory than on
/// a 2 MiB stack.
const PARSER_STACK: usize = 256 * 1024 * 1024;

/// Reads every page's glyphs and segments on a [`PARSER_STACK`] stack segment of the calling
/// thread (`stacker`: mapped for the call, its pages committed as they are touched). A new
/// thread per file would do the same but cost a third of a PDF's read: its allocations start
/// from a fresh malloc arena every time. The PDF library can panic on hostile input;
/// [`xxgk_document::contain`] turns that into [`ReadError::Invalid`].
pub fn load(bytes: &[u8]) -> Result<Vec<Page>, ReadError> {
    let owned = bytes.to_vec();
    stacker::grow(PARSER_STACK, move || {
        xxgk_document::contain(move || load_inner(owned))
    })
    .unwrap_or_else(|| {
        Err(ReadError::Invalid(
            "PDF 解析器无法处理该文件 / the PDF parser failed on this file".into(),
        ))
    })
}

fn invalid(e: impl std::fmt::Display) -> ReadError {
    let mut s = e.to_string();
    if s.chars().count() > 200 {
        s = s.chars().take(200).collect::<String>() + "…";
    }
    ReadError::Invalid(format!("PDF: {s}"))
}

fn load_inner(bytes: Vec<u8>) -> Result<Vec<Page>, ReadError> {
    let doc = match PdfDocument::from_bytes(bytes) {
        Ok(d) => d,
        Err(pdf_oxide::error::Error::EncryptedPdf) => return Err(ReadError::Encrypted),
        Err(e) => return Err(invalid(e)),
    };
    // An owner password only (copy/print restrictions, common in published reports)
    // opens with the empty user password; a user password cannot be guessed.
    if doc.is_encrypted() && !doc.is_authenticated() {
        return Err(ReadError::Encrypted);
    }
    let count = doc.page_count().map_err(invalid)?;
    if count == 0 {
        return Err(ReadError::Invalid(
            "PDF 没有页面 / the PDF has no pages".into(),
        ));
    }
    let mut pages = Vec::new();
    let mut errors = 0usize;
    let mut first_error = None;
    for index in 0..count.min(MAX_PAGES) {
        match page(&doc, index) {
            Ok(p) => pages.push(p),
            Err(e) => {
                if matches!(e, pdf_oxide::error::Error::EncryptedPdf) {
                    return Err(ReadError::Encrypted);
                }
                errors += 1;
                first_error.get_or_insert(e);
                pages.push(Page {
                    number: index as u32 + 1,
                    ..Page::default()
                });
            }
        }
    }
    if errors == pages.len()
        && let Some(e) = first_error
    {
        return Err(invalid(e));
    }
    Ok(pages)
}

/// Maps user-space points to display coordinates.
#[derive(Clone, Copy)]
struct View {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
    rotation: i32,
}

impl View {
    fn point(&self, x: f32, y: f32) -> (f32, f32) {
        match self.rotation {
            90 => (y - self.y0, x - self.x0),
            180 => (self.x1 - x, y - self.y0),
            270 => (self.y1 - y, self.x1 - x),
            _ => (x - self.x0, self.y1 - y),
        }
    }
    fn size(&self) -> (f32, f32) {
        let (w, h) = (self.x1 - self.x0, self.y1 - self.y0);
        if self.rotation == 90 || self.rotation == 270 {
            (h, w)
        } else {
            (w, h)
        }
    }
    /// A user-space box (x, y, w, h) as a display box (left, top, right, bottom).
    fn rect(&self, x: f32, y: f32, w: f32, h: f32) -> (f32, f32, f32, f32) {
        let (ax, ay) = self.point(x, y);
        let (bx, by) = self.point(x + w, y + h);
        (ax.min(bx), ay.min(by), ax.max(bx), ay.max(by))
    }
}

fn finite(v: &[f32]) -> bool {
    v.iter().all(|x| x.is_finite() && x.abs() < 1.0e6)
}

fn page(doc: &PdfDocument, index: usize) -> Result<Page, pdf_oxide::error::Error> {
    let (mx0, my0, mx1, my1) = doc.get_page_media_box(index)?;
    let chars = repaired_chars(doc, index, doc.extract_chars(index)?);
    // `/Rotate` turns the page for display. Text drawn upright on the unrotated page (a
    // page merely turned by a tool) is read as drawn; text drawn turned (a landscape
    // page printed onto portrait paper) is read the way the page is displayed.
    let turned = chars
        .iter()
        .filter(|c| {
            let r = c.rotation_degrees.rem_euclid(360.0);
            (10.0..350.0).contains(&r)
        })
        .count();
    let rotation = if turned * 2 > chars.len() {
        doc.get_page_rotation(index).unwrap_or(0)
    } else {
        0
    };
    let view = if finite(&[mx0, my0, mx1, my1]) && mx1 > mx0 && my1 > my0 {
        View {
            x0: mx0,
            y0: my0,
            x1: mx1,
            y1: my1,
            rotation,
        }
    } else {
        View {
            x0: 0.0,
            y0: 0.0,
            x1: 595.0,
            y1: 842.0,
            rotation,
        }
    };
    let (_, height) = view.size();
    let mut glyphs = Vec::new();
    for c in chars.iter().take(MAX_GLYPHS) {
        let b = c.bbox;
        if !finite(&[b.x, b.y, b.width, b.height, c.font_size]) || c.char.is_control() {
            continue;
        }
        // the glyph box is the em box from the baseline up; a degenerate one gets the
        // font size
        let size = if c.font_size > 0.5 {
            c.font_size
        } else {
            b.height.abs().max(1.0)
        };
        let h = if b.height.abs() > 0.1 { b.height } else { size };
        let w = if b.width.abs() > 0.05 {
            b.width
        } else {
            c.advance_width.max(size * 0.5)
        };
        let (left, top, right, bottom) = view.rect(b.x, b.y, w, h);
        glyphs.push(Glyph {
            ch: c.char,
            left,
            top,
            right,
            bottom,
            size: size.min(200.0),
        });
    }
    let mut segs = Vec::new();
    if let Ok(paths) = doc.extract_paths(index) {
        for p in &paths {
            path_segments(p, &view, &mut segs);
            if segs.len() > MAX_SEGMENTS {
                segs.truncate(MAX_SEGMENTS);
                break;
            }
        }
    }
    Ok(Page {
        number: index as u32 + 1,
        height,
        glyphs,
        segs,
    })
}

/// The page's glyphs, repaired where `extract_chars` garbles marked content that carries
/// `/ActualText` (Chrome's print writes one around every glyph whose font maps it to a
/// Kangxi radical or a shared form, such as 一, 示, 行). In character mode pdf_oxide 0.3
/// pushes the replacement's UTF-8 bytes through the font again, so 一 comes out as three
/// Latin-1 glyphs; its span mode decodes the replacement correctly. When the characters
/// of a page hold any character that none of its spans holds, the page's glyphs are taken
/// from the spans instead (with their per-glyph positions).
fn repaired_chars(
    doc: &PdfDocument,
    index: usize,
    chars: Vec<pdf_oxide::layout::TextChar>,
) -> Vec<pdf_oxide::layout::TextChar> {
    let Ok(spans) = doc.extract_spans(index) else {
        return chars;
    };
    let in_spans: std::collections::HashSet<char> =
        spans.iter().flat_map(|s| s.text.chars()).collect();
    let garbled = chars
        .iter()
        .any(|c| !c.char.is_whitespace() && !in_spans.contains(&c.char));
    if !garbled {
        return chars;
    }
    spans.iter().flat_map(|s| s.to_chars()).collect()
}

/// Thinner than this, a filled rectangle is a line.
const THIN: f32 = 2.5;

fn is_white(c: &Option<pdf_oxide::layout::Color>) -> bool {
    c.as_ref()
        .is_some_and(|c| c.r > 0.92 && c.g > 0.92 && c.b > 0.92)
}

/// The axis-aligned segments a path draws (borders, rules), in display coordinates.
fn path_segments(p: &PathContent, view: &View, out: &mut Vec<Seg>) {
    let stroked = p.stroke_color.is_some() && !is_white(&p.stroke_color);
    let filled = p.fill_color.is_some() && !is_white(&p.fill_color);
    if !stroked && !filled {
        return;
    }
    let mut cur: Option<(f32, f32)> = None;
    let mut start: Option<(f32, f32)> = None;
    let mut points = 0usize;
    let mut sub: Vec<(f32, f32, f32, f32)> = Vec::new();
    for op in &p.operations {
        match *op {
            PathOperation::MoveTo(x, y) => {
                cur = Some((x, y));
                start = Some((x, y));
                points = 1;
            }
            PathOperation::LineTo(x, y) => {
                if let Some((cx, cy)) = cur {
                    sub.push((cx, cy, x, y));
                }
                cur = Some((x, y));
                points += 1;
            }
            PathOperation::CurveTo(_, _, _, _, x, y) => {
                cur = Some((x, y));
                points += 1;
            }
            PathOperation::Rectangle(x, y, w, h) => {
                let (left, top, right, bottom) = view.rect(x, y, w, h);
                let (dw, dh) = (right - left, bottom - top);
                if dh <= THIN && dw > dh {
                    let m = (top + bottom) / 2.0;
                    if let Some(s) = Seg::new(left, m, right, m) {
                        out.push(s);
                    }
                } else if dw <= THIN && dh > dw {
                    let m = (left + right) / 2.0;
                    if let Some(s) = Seg::new(m, top, m, bottom) {
                        out.push(s);
                    }
                } else if stroked {
                    for (ax, ay, bx, by) in [
                        (left, top, right, top),
                        (left, bottom, right, bottom),
                        (left, top, left, bottom),
                        (right, top, right, bottom),
                    ] {
                        if let Some(s) = Seg::new(ax, ay, bx, by) {
                            out.push(s);
                        }
                    }
                }
                cur = Some((x, y));
                start = Some((x, y));
            }
            PathOperation::ClosePath => {
                if let (Some((cx, cy)), Some((sx, sy))) = (cur, start)
                    && points > 1
                {
                    sub.push((cx, cy, sx, sy));
                }
                cur = start;
            }
        }
    }
    if stroked {
        for (ax, ay, bx, by) in sub {
            if !finite(&[ax, ay, bx, by]) {
                continue;
            }
            let (ax, ay) = view.point(ax, ay);
            let (bx, by) = view.point(bx, by);
            out.extend(Seg::new(ax, ay, bx, by));
        }
    } else if filled {
        // a filled polygon drawn as a thin bar (m l l l h): its long axis is a rule
        let xs: Vec<f32> = sub.iter().flat_map(|s| [s.0, s.2]).collect();
        let ys: Vec<f32> = sub.iter().flat_map(|s| [s.1, s.3]).collect();
        if xs.len() >= 4 && sub.iter().all(|s| s.0 == s.2 || s.1 == s.3) {
            let (l, r) = min_max(&xs);
            let (b, t) = min_max(&ys);
            let (left, top, right, bottom) = view.rect(l, b, r - l, t - b);
            let (dw, dh) = (right - left, bottom - top);
            let seg = if dh <= THIN && dw > dh {
                let m = (top + bottom) / 2.0;
                Seg::new(left, m, right, m)
            } else if dw <= THIN && dh > dw {
                let m = (left + right) / 2.0;
                Seg::new(m, top, m, bottom)
            } else {
                None
            };
            out.extend(seg);
        }
    }
}

fn min_max(v: &[f32]) -> (f32, f32) {
    v.iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), x| {
            (a.min(*x), b.max(*x))
        })
}
