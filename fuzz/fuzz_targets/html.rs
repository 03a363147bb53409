//! Fuzz target: any bytes, read as if named `x.html`, then extracted and checked. Must
//! never panic. Corpus: `fuzz/corpus/html/`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = xxgk_pdf::read_any("x.html", data) {
        let ex = xxgk_extract::extract(&doc, "x.html");
        let _ = xxgk_check::check(&xxgk_check::Context::extracted(&ex));
    }
});
