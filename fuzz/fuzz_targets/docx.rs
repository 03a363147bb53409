//! Fuzz target: any bytes, read as if named `x.docx`, then extracted and checked. Must
//! never panic. Corpus: `fuzz/corpus/docx/`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = xxgk_pdf::read_any("x.docx", data) {
        let ex = xxgk_extract::extract(&doc, "x.docx");
        let _ = xxgk_check::check(&xxgk_check::Context::extracted(&ex));
    }
});
