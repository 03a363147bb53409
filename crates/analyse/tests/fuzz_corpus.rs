//! Replays every committed fuzz input (`fuzz/corpus/<target>/`) through the pipeline the
//! fuzz targets run, as an ordinary test: what a fuzzer once found stays fixed without an
//! instrumented build in CI. Longer fuzzing is `.ci/fuzz SECONDS` (see the README).
//!
//! Each input is analysed under the name its target gives it (`x.txt`, `x.html`,
//! `x.docx`, `x.xlsx`, `x.pdf`), as `fuzz/fuzz_targets/*.rs` do; none may panic, and each
//! must come out either as a report or as exactly one S001 naming the reason.

use std::path::PathBuf;

const TARGETS: &[&str] = &["txt", "html", "docx", "xlsx", "pdf"];

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_committed_fuzz_input_is_read_or_refused_without_a_panic() {
    let mut n = 0;
    for t in TARGETS {
        let files = corpus(t);
        assert!(!files.is_empty(), "fuzz/corpus/{t} is empty");
        for path in files {
            let bytes = std::fs::read(&path).expect("corpus file");
            let name = format!("x.{t}");
            let a = xxgk_analyse::analyse(&name, &bytes, &xxgk_analyse::Options::default());
            match &a.error {
                Some(e) => {
                    let s001: Vec<_> = a.findings.iter().filter(|f| f.code == "S001").collect();
                    assert_eq!(s001.len(), 1, "{}: {e}", path.display());
                    assert_eq!(a.findings.len(), 1, "{}", path.display());
                }
                None => assert!(a.extraction.is_some(), "{}", path.display()),
            }
            n += 1;
        }
    }
    assert!(n >= 20, "only {n} corpus inputs");
}

/// The inputs the fuzzers found (kept in the corpus): each must be refused, not read.
#[test]
fn the_fuzzer_findings_are_refused_with_a_reason() {
    for name in ["looping-chain.xls", "truncated-sector.xls"] {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../fuzz/corpus/xlsx")
            .join(name);
        let bytes = std::fs::read(&path).expect("fixture");
        let a = xxgk_analyse::analyse("x.xlsx", &bytes, &xxgk_analyse::Options::default());
        assert!(a.error.is_some(), "{name} was read");
        assert_eq!(a.findings[0].code, "S001", "{name}");
    }
}
