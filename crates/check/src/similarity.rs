//! Placeholder until the X102 work lands: no section prints.

use xxgk_model::Report;

/// Bands per section print.
pub const BANDS: usize = 16;

/// The MinHash bands of one section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionPrint {
    /// 1–6.
    pub section: u8,
    /// One hash per band.
    pub bands: Vec<u64>,
}

/// The prints of a report's sections that count.
pub fn prints(_report: &Report) -> Vec<SectionPrint> {
    Vec::new()
}
