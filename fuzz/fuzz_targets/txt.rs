//! Fuzz target: any bytes, analysed as if named `x.txt` (read, extracted, checked). Must
//! never panic. Corpus: `fuzz/corpus/txt/`; replayed by `cargo test -p xxgk-analyse`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = xxgk_analyse::analyse("x.txt", data, &xxgk_analyse::Options::default());
});
