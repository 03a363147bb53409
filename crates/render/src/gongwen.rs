//! What the DOCX writers share: the 公文 page (GB/T 9704: A4, margins 37/35/28/26 mm, page
//! numbers in the footer), its fonts and sizes, the paragraph styles of title, heading,
//! prose and signature, and the packing of the package with every part compressed.

use crate::RenderError;
use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, PageMargin, PageNum, Paragraph, Run, RunFonts,
    SpecialIndentType,
};

pub(crate) const TITLE_FONT: &str = "方正小标宋简体";
pub(crate) const HEADING_FONT: &str = "黑体";
pub(crate) const BODY_FONT: &str = "仿宋_GB2312";
pub(crate) const TABLE_FONT: &str = "宋体";
pub(crate) const LATIN_FONT: &str = "Times New Roman";

/// Sizes in half-points: 二号 22 pt, 三号 16 pt, 五号 10.5 pt, 小五 9 pt.
pub(crate) const SIZE_TITLE: usize = 44;
pub(crate) const SIZE_BODY: usize = 32;
pub(crate) const SIZE_TABLE: usize = 21;
pub(crate) const SIZE_TABLE_SMALL: usize = 18;

/// A4 in twips, with the 公文 margins (37, 35, 28, 26 mm).
pub(crate) const PAGE_W: u32 = 11906;
pub(crate) const PAGE_H: u32 = 16838;
pub(crate) const MARGIN_TOP: i32 = 2098;
pub(crate) const MARGIN_BOTTOM: i32 = 1984;
pub(crate) const MARGIN_LEFT: i32 = 1587;
pub(crate) const MARGIN_RIGHT: i32 = 1474;
/// Width of the text block in twips.
pub(crate) const TEXT_W: usize = (PAGE_W as i32 - MARGIN_LEFT - MARGIN_RIGHT) as usize;

/// Two characters of 三号 text, in twips: the first-line indent of prose.
pub(crate) const TWO_CHARS: i32 = 640;
/// A line of prose: exactly 28 points.
const LINE: i32 = 560;

pub(crate) fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii(LATIN_FONT)
        .hi_ansi(LATIN_FONT)
        .cs(LATIN_FONT)
}

/// Drops characters XML 1.0 cannot carry (control characters), which would make the
/// package unreadable.
pub(crate) fn xml_safe(s: &str) -> String {
    s.chars()
        .filter(|c| {
            matches!(c, '\t' | '\n' | '\r') || (*c >= ' ' && *c != '\u{FFFE}' && *c != '\u{FFFF}')
        })
        .collect()
}

pub(crate) fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new()
        .add_text(xml_safe(text))
        .fonts(fonts(font))
        .size(size)
}

fn exact_lines() -> LineSpacing {
    LineSpacing::new()
        .line(LINE)
        .line_rule(docx_rs::LineSpacingType::Exact)
}

/// 标题: 方正小标宋简体 二号, centred, a blank line's space after it.
pub(crate) fn title_paragraph(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, TITLE_FONT, SIZE_TITLE).bold())
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().after(400))
}

/// 正文: 仿宋_GB2312 三号, first line indented by two characters, 28-point lines.
pub(crate) fn body_paragraph(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, BODY_FONT, SIZE_BODY))
        .indent(
            None,
            Some(SpecialIndentType::FirstLine(TWO_CHARS)),
            None,
            None,
        )
        .align(AlignmentType::Both)
        .line_spacing(exact_lines())
}

/// 主送机关: 仿宋_GB2312 三号, flush left (顶格), 28-point lines.
pub(crate) fn flush_paragraph(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, BODY_FONT, SIZE_BODY))
        .align(AlignmentType::Left)
        .line_spacing(exact_lines())
}

/// 一级标题: 黑体 三号, indented like prose, kept with what follows.
pub(crate) fn heading_paragraph(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, HEADING_FONT, SIZE_BODY))
        .indent(
            None,
            Some(SpecialIndentType::FirstLine(TWO_CHARS)),
            None,
            None,
        )
        .keep_next(true)
        .line_spacing(exact_lines())
}

/// 落款: right-aligned.
pub(crate) fn right_paragraph(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, BODY_FONT, SIZE_BODY))
        .align(AlignmentType::Right)
        .line_spacing(exact_lines())
}

/// An empty A4 document with the 公文 margins, 仿宋_GB2312 三号 by default and the page
/// number centred in the footer.
pub(crate) fn document() -> Docx {
    Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_BOTTOM)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT)
                .header(851)
                .footer(992),
        )
        .default_fonts(fonts(BODY_FONT))
        .default_size(SIZE_BODY)
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_page_num(PageNum::new()),
            ),
        )
}

/// The document as DOCX bytes, every part compressed.
pub(crate) fn pack(d: Docx) -> Result<Vec<u8>, RenderError> {
    let mut buf = std::io::Cursor::new(Vec::new());
    d.pack(&mut buf)
        .map_err(|e| RenderError::Writer("DOCX", e.to_string()))?;
    deflated(&buf.into_inner()).map_err(|e| RenderError::Writer("DOCX", e.to_string()))
}

/// The package with every part compressed: docx-rs stores its parts uncompressed, which
/// makes a report's DOCX ten times the size Word or WPS would write.
fn deflated(package: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::{Cursor, Read, Write};
    let mut src = zip::ZipArchive::new(Cursor::new(package))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut data = Vec::new();
    for i in 0..src.len() {
        let mut part = src.by_index(i)?;
        let name = part.name()?.to_string();
        if part.is_dir() {
            out.add_directory(name, options)?;
            continue;
        }
        data.clear();
        part.read_to_end(&mut data)?;
        out.start_file(name, options)?;
        out.write_all(&data)?;
    }
    Ok(out.finish()?.into_inner())
}

/// The text of a part of a DOCX package (tests read `word/document.xml` with it).
#[cfg(test)]
pub(crate) fn part(docx: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip");
    let mut part = zip.by_name(name).expect("the part");
    let mut s = String::new();
    part.read_to_string(&mut s).expect("UTF-8");
    s
}
