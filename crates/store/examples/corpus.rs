//! Writes a generated corpus for the store's measurements (README, Performance): N reports
//! as Markdown, two years (2023, 2024) of N/2 bodies, so that every rule across reports has
//! a neighbour to read.
//!
//! ```sh
//! cargo run --release -p xxgk-store --example corpus -- /tmp/xxgk-corpus-10k 10000
//! /usr/bin/time -v target/release/xxgk ingest /tmp/xxgk-corpus-10k --db sqlite:///tmp/xxgk-10k.db
//! ```
//!
//! The same N gives the same files.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: corpus DIR N")?);
    let n: u64 = args.next().ok_or("usage: corpus DIR N")?.parse()?;
    std::fs::create_dir_all(&dir)?;
    for i in 0..n {
        let r = xxgk_testkit::corpus_report(i);
        std::fs::write(
            dir.join(format!("report-{i:06}.md")),
            xxgk_render::markdown(&r),
        )?;
    }
    println!("{n} reports in {}", dir.display());
    Ok(())
}
