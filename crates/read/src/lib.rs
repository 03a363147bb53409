//! Readers: bytes of a published report → the neutral [`Document`] of `xxgk-document`.
//!
//! One reader per format: [`read_text`] (plain text and Markdown: tab grids, one cell per
//! line, pipe tables, columns separated by runs of spaces; UTF-8, UTF-16 or
//! GB18030/GBK/Big5, sniffed), [`read_html`] (any encoding, merged grids), [`read_docx`]
//! (also Word 97-2003/WPS through LibreOffice) and [`read_spreadsheet`] (XLSX, XLS).
//! Readers know nothing of the annual-report format: finding sections and tables is
//! `xxgk-extract`'s job. PDF is read by `xxgk-pdf`; `xxgk-analyse` sniffs the format once
//! and picks the reader.
//!
//! ```
//! let doc = xxgk_read::read_text("规章\t0\t1\t2\n".as_bytes(), xxgk_model::DocFormat::Txt).unwrap();
//! assert_eq!(doc.rows[0].cells.len(), 4);
//! assert_eq!(doc.rows[0].cells[2].text, "1");
//! ```
#![deny(missing_docs)]

mod decode;
mod docx;
mod html;
mod legacy;
mod text;
mod xls_bounds;
mod xlsx;

pub use decode::decode_text;
pub use xxgk_document::{
    CFB_MAGIC, Cell, Document, MAX_INPUT_BYTES, Origin, RawRow, ReadError, Row, RowKind, SourceMap,
    assemble, contain, sha256_hex, sniff, utf16_contains,
};
use xxgk_model::DocFormat;

/// Reads plain text or Markdown (`format` is recorded in the document).
pub fn read_text(bytes: &[u8], format: DocFormat) -> Result<Document, ReadError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge(bytes.len()));
    }
    let (text, encoding) = decode_text(bytes)?;
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    let rows = text::rows_of_text(&text);
    Ok(Document {
        format,
        text,
        rows,
        sha256: sha256_hex(bytes),
        encoding,
    })
}

/// Reads an HTML page in any encoding.
pub fn read_html(bytes: &[u8]) -> Result<Document, ReadError> {
    html::read(bytes)
}

/// Reads a DOCX package, or a Word 97-2003/WPS file through LibreOffice.
pub fn read_docx(bytes: &[u8]) -> Result<Document, ReadError> {
    docx::read(bytes)
}

/// Reads an XLSX or XLS workbook.
pub fn read_spreadsheet(bytes: &[u8]) -> Result<Document, ReadError> {
    xlsx::read(bytes)
}

/// Reads any format but PDF, sniffed from the content (`name` is a hint). Programs use
/// `xxgk_analyse::read_any`, which also reads PDF; this is for tests and tools of the
/// readers alone.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<Document, ReadError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge(bytes.len()));
    }
    match sniff(name, bytes) {
        f @ (DocFormat::Txt | DocFormat::Md) => read_text(bytes, f),
        DocFormat::Html => read_html(bytes),
        DocFormat::Docx => read_docx(bytes),
        DocFormat::Xlsx => read_spreadsheet(bytes),
        DocFormat::Pdf => Err(ReadError::Unsupported("PDF")),
        DocFormat::Json => Err(ReadError::Unsupported("JSON")),
    }
}
