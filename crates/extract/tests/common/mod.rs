//! Shared by the round-trip tests.
#![allow(dead_code)]

use xxgk_model::Report;

/// The report without what legitimately differs between formats: where it was read.
pub fn comparable(mut r: Report) -> Report {
    r.provenance.clear();
    r.source = Default::default();
    r
}

/// Reads bytes named `name` (the extension is only a hint) and extracts the report.
pub fn read_back(name: &str, bytes: &[u8]) -> Report {
    let doc = xxgk_read::read_bytes(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    xxgk_extract::extract(&doc, name).report
}
