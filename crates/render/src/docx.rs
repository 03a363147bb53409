//! Report → DOCX (to be written).

use crate::RenderError;
use xxgk_model::Report;

/// The report as DOCX bytes in the official layout.
pub fn docx(_r: &Report) -> Result<Vec<u8>, RenderError> {
    Err(RenderError::Unsupported("DOCX"))
}
