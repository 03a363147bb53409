//! PDF reader: rebuilds paragraphs and table rows from the glyph positions of a PDF's
//! text layer, into the same neutral [`xxgk_document::Document`] as the other readers.
//!
//! The text layer is read with [`pdf_oxide`] (pure Rust): every glyph with its box, and
//! every path segment drawn on the page. From those, [`read`]
//!
//! - finds ruled tables from the border lines (also borders drawn as thin filled
//!   rectangles), rebuilds their grid with merged cells, and joins the lines of a
//!   wrapped label inside one cell into one cell text;
//! - finds borderless tables from the column alignment of glyph clusters;
//! - continues a table broken by a page break as the same table (the repeated header
//!   rows dropped);
//! - joins the two pieces of a row split by the page break (a wrapped label begun at the
//!   foot of one page and ended at the top of the next, its numbers on either page, or
//!   the numbers on one page and the label on the other), when the cells show it: same
//!   cell borders, one piece without numbers or without a label, the label's line filling
//!   its cell or the rule along the break missing, the rest not a new numbered label;
//! - drops page numbers (`-3-`, `— 3 —`, `第3页`, `3/10`) and running headers and footers;
//! - joins the lines of a paragraph, removes the spaces between CJK glyphs, and keeps
//!   heading lines (`一、…`) separate.
//!
//! A PDF without a text layer is [`ReadError::NeedsOcr`], one that needs a password
//! [`ReadError::Encrypted`], broken bytes [`ReadError::Invalid`]. Hostile input never
//! panics and never overflows the stack: a file whose arrays or dictionaries nest deeper
//! than [`MAX_PDF_DEPTH`] levels (in its objects or in its inflated content and object
//! streams) is refused before the parser sees it, and the third-party parser runs on a
//! 256 MiB stack segment (`stacker`), under [`std::panic::catch_unwind`].
//!
//! The format dispatcher is `xxgk-analyse`; this crate reads PDF only, and the other
//! readers stay free of its dependencies.
#![deny(missing_docs)]

mod backend;
mod depth;
mod geom;
mod grid;
mod layout;

use xxgk_document::{Document, ReadError};
use xxgk_model::DocFormat;

/// Largest PDF accepted by [`read`], in bytes (scanned attachments and embedded
/// fonts make PDFs larger than the other formats).
pub const MAX_PDF_BYTES: usize = 64 * 1024 * 1024;

/// Deepest nesting of PDF arrays and dictionaries accepted (see `depth.rs`).
pub const MAX_PDF_DEPTH: usize = depth::MAX_DEPTH;

/// Reads a PDF report.
///
/// ```
/// let err = xxgk_pdf::read(b"%PDF-1.7\n garbage").unwrap_err();
/// assert!(matches!(err, xxgk_document::ReadError::Invalid(_)));
/// ```
pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty);
    }
    if bytes.len() > MAX_PDF_BYTES {
        return Err(ReadError::TooLarge(bytes.len()));
    }
    depth::check(bytes)?;
    let pages = backend::load(bytes)?;
    if !has_text_layer(&pages) {
        return Err(ReadError::NeedsOcr);
    }
    let rows = layout::rows(&pages);
    Ok(xxgk_document::assemble(
        DocFormat::Pdf,
        rows,
        xxgk_document::sha256_hex(bytes),
        "pdf",
    ))
}

/// Whether the pages carry a usable text layer: some glyphs, most of them real characters
/// (a font without a Unicode map gives private-use or replacement characters, which only
/// OCR can read).
fn has_text_layer(pages: &[geom::Page]) -> bool {
    let (mut total, mut bad) = (0usize, 0usize);
    for g in pages.iter().flat_map(|p| &p.glyphs) {
        if g.is_space() {
            continue;
        }
        total += 1;
        let c = g.ch as u32;
        if g.ch == '\u{fffd}' || (0xE000..=0xF8FF).contains(&c) || c >= 0xF0000 {
            bad += 1;
        }
    }
    total > 0 && bad * 2 < total
}
