//! PDF reader (to be written): rebuilds paragraphs and table rows from the glyph
//! positions of a PDF's text layer, into the same neutral [`xxgk_read::Document`] as
//! the other readers.
//!
//! [`read_any`] reads any supported format, PDF included; the other crates' readers
//! stay free of PDF dependencies.
#![deny(missing_docs)]

use xxgk_model::DocFormat;
use xxgk_read::{Document, ReadError};

/// Reads a PDF report.
pub fn read(_bytes: &[u8]) -> Result<Document, ReadError> {
    Err(ReadError::Unsupported("PDF"))
}

/// Reads a report of any supported format (sniffed from the content).
pub fn read_any(name: &str, bytes: &[u8]) -> Result<Document, ReadError> {
    if bytes.len() > xxgk_read::MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge(bytes.len()));
    }
    if xxgk_read::sniff(name, bytes) == DocFormat::Pdf {
        read(bytes)
    } else {
        xxgk_read::read_bytes(name, bytes)
    }
}
