//! Report → HTML (to be written).

use xxgk_model::Report;

/// The report as a print-ready HTML page in the official layout.
pub fn html(r: &Report) -> String {
    crate::markdown(r)
}
