//! HTML reader (to be written).

use crate::{Document, ReadError};

/// Reads a HTML report.
pub(crate) fn read(_bytes: &[u8]) -> Result<Document, ReadError> {
    Err(ReadError::Unsupported("HTML"))
}
