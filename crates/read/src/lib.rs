//! Readers: bytes of a published report → a neutral [`Document`] of rows.
//!
//! A [`Document`] is the decoded text plus a sequence of [`Row`]s in reading order. A row
//! is a prose line ([`RowKind::Prose`]), a row of table cells ([`RowKind::Grid`]) or a
//! paragraph break ([`RowKind::Blank`]). Every [`Cell`] keeps its line and character column,
//! so that each number extracted later can point back at its source. Readers know nothing
//! of the annual-report format: finding sections and tables is `xxgk-extract`'s job.
//!
//! This version reads plain text and Markdown (tab grids, one cell per line, pipe tables,
//! columns separated by runs of spaces), in UTF-8, UTF-16 or GB18030/GBK/Big5 (sniffed).
//!
//! ```
//! let doc = xxgk_read::read_bytes("a.txt", "规章\t0\t1\t2\n".as_bytes()).unwrap();
//! assert_eq!(doc.rows[0].cells.len(), 4);
//! assert_eq!(doc.rows[0].cells[2].text, "1");
//! ```
#![deny(missing_docs)]

mod assemble;
mod decode;
mod docx;
mod guard;
mod html;
mod legacy;
mod text;
mod xls_bounds;
mod xlsx;

pub use assemble::{RawRow, assemble};

pub use decode::decode_text;
pub use guard::contain;
use sha2::{Digest, Sha256};
use xxgk_model::DocFormat;

/// Largest input accepted, in bytes. Real reports are far below it; a larger file is
/// refused with [`ReadError::TooLarge`] rather than read for minutes.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// Why a file could not be read as a report.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReadError {
    /// The file is empty or only white space.
    #[error("文件为空 / the file is empty")]
    Empty,
    /// Larger than [`MAX_INPUT_BYTES`].
    #[error("文件过大（{0} 字节，上限 {max} 字节）/ the file is too large ({0} bytes, limit {max})", max = MAX_INPUT_BYTES)]
    TooLarge(usize),
    /// Binary content that is not a supported document format.
    #[error(
        "不是文本或受支持的文档格式（二进制内容）/ binary content, not text or a supported document format"
    )]
    Binary,
    /// A known format this build does not read yet.
    #[error("暂不支持读取 {0} 格式 / reading {0} is not supported yet")]
    Unsupported(&'static str),
    /// A document whose container or markup is broken.
    #[error("文件已损坏或格式无效（{0}）/ the file is damaged or invalid ({0})")]
    Invalid(String),
    /// A legacy format whose converter is not installed: the message says what to do.
    #[error("{0}")]
    NeedsConversion(&'static str),
    /// Encrypted: needs a password.
    #[error("文件已加密，需要密码才能读取 / the file is encrypted and needs a password")]
    Encrypted,
    /// A PDF without a text layer.
    #[error(
        "PDF 没有文字层（扫描件），需要先做 OCR 文字识别 / the PDF has no text layer (a scan): it needs OCR first"
    )]
    NeedsOcr,
}

/// One cell of a row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    /// The text, trimmed of surrounding white space (including U+3000).
    pub text: String,
    /// 1-based line (in [`Document::text`]).
    pub line: u32,
    /// 1-based column in characters of the first character of `text` (or of the cell).
    pub column: u32,
    /// Where the cell sits in the original document, for formats that are not plain text.
    pub origin: Origin,
}

/// Position of a cell in a structured source (HTML, DOCX, XLSX, PDF): all 1-based.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Origin {
    /// PDF page.
    pub page: Option<u32>,
    /// Table in document order (HTML, DOCX), or sheet (XLSX).
    pub table: Option<u32>,
    /// Row within the table or sheet.
    pub row: Option<u32>,
    /// Cell (grid column) within the row.
    pub cell: Option<u32>,
}

/// What a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// A line of prose (one cell holding the whole line).
    Prose,
    /// A row of table cells.
    Grid,
    /// A paragraph break (blank line, end of a table).
    Blank,
}

/// One row of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// What it is.
    pub kind: RowKind,
    /// Its cells (one for prose, none for a break).
    pub cells: Vec<Cell>,
    /// 1-based line where it starts.
    pub line: u32,
}

impl Row {
    /// The cells' texts joined by a space (prose: the line).
    pub fn joined(&self) -> String {
        let mut s = String::new();
        for c in &self.cells {
            if !c.text.is_empty() {
                if !s.is_empty() {
                    s.push(' ');
                }
                s.push_str(&c.text);
            }
        }
        s
    }
}

/// A document as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The format it was read as.
    pub format: DocFormat,
    /// The decoded text, for showing source lines in diagnostics.
    pub text: String,
    /// Rows in reading order.
    pub rows: Vec<Row>,
    /// SHA-256 of the raw bytes.
    pub sha256: String,
    /// The name of the encoding the bytes were decoded from.
    pub encoding: &'static str,
}

impl Document {
    /// The texts of the prose lines, in order.
    pub fn prose_texts(&self) -> Vec<&str> {
        self.rows
            .iter()
            .filter(|r| r.kind == RowKind::Prose)
            .filter_map(|r| r.cells.first())
            .map(|c| c.text.as_str())
            .collect()
    }

    /// The cell texts of the grid rows, in order.
    pub fn grid_texts(&self) -> Vec<Vec<&str>> {
        self.rows
            .iter()
            .filter(|r| r.kind == RowKind::Grid)
            .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
            .collect()
    }
}

/// Guesses the format from the content first, then from the file name.
pub fn sniff(name: &str, bytes: &[u8]) -> DocFormat {
    let head = &bytes[..bytes.len().min(1024)];
    if head.starts_with(b"%PDF") {
        return DocFormat::Pdf;
    }
    if head.starts_with(&CFB_MAGIC) {
        // an OLE compound file: an Excel 97-2003 workbook (read by calamine); else a
        // Word 97-2003/WPS document or an encrypted OOXML package, which the DOCX
        // reader names precisely
        return if utf16_contains(bytes, "Workbook") || utf16_contains(bytes, "Book") {
            DocFormat::Xlsx
        } else {
            DocFormat::Docx
        };
    }
    if head.starts_with(b"PK\x03\x04") {
        let lower = name.to_ascii_lowercase();
        return if lower.ends_with(".xlsx") || contains(bytes, b"xl/workbook") {
            DocFormat::Xlsx
        } else {
            DocFormat::Docx
        };
    }
    let lower_head: Vec<u8> = head
        .iter()
        .skip_while(|b| b.is_ascii_whitespace() || **b == 0xEF || **b == 0xBB || **b == 0xBF)
        .take(256)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    if lower_head.starts_with(b"<!doctype html")
        || lower_head.starts_with(b"<html")
        || (lower_head.starts_with(b"<") && contains(&lower_head, b"<body"))
    {
        return DocFormat::Html;
    }
    if lower_head.starts_with(b"{") && contains(head, b"xxgk/report@1") {
        return DocFormat::Json;
    }
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".md") || lower.ends_with(".markdown") {
        DocFormat::Md
    } else if lower.ends_with(".json") {
        DocFormat::Json
    } else {
        DocFormat::Txt
    }
}

/// The signature of an OLE compound file (Office 97-2003, WPS, encrypted OOXML).
pub(crate) const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether `hay` holds `needle` in UTF-16LE (the names of OLE streams).
pub(crate) fn utf16_contains(hay: &[u8], needle: &str) -> bool {
    let n: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
    contains(hay, &n)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// SHA-256 of bytes, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let d = Sha256::digest(bytes);
    let mut s = String::with_capacity(2 * d.len());
    for b in d {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    s
}

/// Reads a report's bytes into a [`Document`]. `name` is used for messages and as a hint
/// for the format; the content decides.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<Document, ReadError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge(bytes.len()));
    }
    let format = sniff(name, bytes);
    match format {
        DocFormat::Txt | DocFormat::Md => {}
        DocFormat::Html => return html::read(bytes),
        DocFormat::Docx => return docx::read(bytes),
        DocFormat::Xlsx => return xlsx::read(bytes),
        DocFormat::Pdf => return Err(ReadError::Unsupported("PDF")),
        DocFormat::Json => return Err(ReadError::Unsupported("JSON")),
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
