//! Report → XLSX (to be written).

use crate::RenderError;
use xxgk_model::Report;

/// The report as XLSX bytes in the official layout.
pub fn xlsx(_r: &Report) -> Result<Vec<u8>, RenderError> {
    Err(RenderError::Unsupported("XLSX"))
}
