//! Writes N generated valid reports as Markdown files into a folder, for throughput and
//! memory measurements of `xxgk check` (README, Performance):
//!
//! ```sh
//! cargo run --release -p xxgk-analyse --example generate -- /tmp/xxgk-20k 20000
//! RAYON_NUM_THREADS=1 /usr/bin/time -v target/release/xxgk check /tmp/xxgk-20k --format json >/dev/null
//! ```
//!
//! Reports are `xxgk_testkit::generate(i)` for i in 0..N, so the same N gives the same files.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: generate DIR N")?);
    let n: u64 = args.next().ok_or("usage: generate DIR N")?.parse()?;
    std::fs::create_dir_all(&dir)?;
    for i in 0..n {
        let md = xxgk_render::markdown(&xxgk_testkit::generate(i));
        std::fs::write(dir.join(format!("report-{i:06}.md")), md)?;
    }
    println!("{n} reports in {}", dir.display());
    Ok(())
}
