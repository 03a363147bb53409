//! Fuzz target: any bytes, analysed as if named `x.xlsx` (read, extracted, checked). Must
//! never panic. Corpus: `fuzz/corpus/xlsx/`; replayed by `cargo test -p xxgk-analyse`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = xxgk_analyse::analyse("x.xlsx", data, &xxgk_analyse::Options::default());
});
