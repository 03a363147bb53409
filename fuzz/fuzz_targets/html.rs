//! Fuzz target: any bytes, analysed as if named `x.html` (read, extracted, checked). Must
//! never panic. Corpus: `fuzz/corpus/html/`; replayed by `cargo test -p xxgk-analyse`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = xxgk_analyse::analyse("x.html", data, &xxgk_analyse::Options::default());
});
