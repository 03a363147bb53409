//! The corpus at scale (README, Performance):
//!
//! * `ingest/1000`: storing, reading, checking and indexing 1,000 generated reports (two
//!   years of 500 bodies) into a new SQLite database, the rules across reports included;
//! * `cross/10000`: the rules across reports for every report of a 10,000-report SQLite
//!   corpus — for each, last year's report and the X102 candidates from the band index,
//!   then the rules. Built once (not measured), then every report is marked and re-checked.
//!
//! ```sh
//! cargo bench -p xxgk-store --bench corpus
//! ```
//!

use criterion::{Criterion, criterion_group, criterion_main};
use std::path::{Path, PathBuf};
use std::time::Duration;
use xxgk_store::{IngestOptions, Silent, Store};

fn write_corpus(dir: &Path, n: u64) -> PathBuf {
    let folder = dir.join(format!("corpus-{n}"));
    std::fs::create_dir_all(&folder).expect("folder");
    for i in 0..n {
        let md = xxgk_render::markdown(&xxgk_testkit::corpus_report(i));
        std::fs::write(folder.join(format!("report-{i:06}.md")), md).expect("write");
    }
    folder
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

async fn ingest(url: &str, folder: &Path) -> Store {
    let store = Store::open(url).await.expect("open");
    store
        .ingest(&[folder.to_path_buf()], &IngestOptions::default(), &Silent)
        .await
        .expect("ingest");
    store
}

fn bench(c: &mut Criterion) {
    let rt = runtime();
    let tmp = tempfile::tempdir().expect("tmp");
    let small = write_corpus(tmp.path(), 1000);
    let mut g = c.benchmark_group("ingest");
    g.sample_size(10).measurement_time(Duration::from_secs(60));
    let mut run = 0;
    g.bench_function("1000", |b| {
        b.iter(|| {
            run += 1;
            let url = format!(
                "sqlite://{}",
                tmp.path().join(format!("i{run}.db")).display()
            );
            rt.block_on(async { ingest(&url, &small).await.close().await });
        })
    });
    g.finish();

    let big = write_corpus(tmp.path(), 10_000);
    let url = format!("sqlite://{}", tmp.path().join("big.db").display());
    let store = rt.block_on(ingest(&url, &big));
    let mut g = c.benchmark_group("cross");
    g.sample_size(10).measurement_time(Duration::from_secs(120));
    g.bench_function("10000", |b| {
        b.iter(|| {
            rt.block_on(async {
                store.recheck_all().await.expect("mark");
                store.cross_check_pending(&Silent).await.expect("cross")
            })
        })
    });
    g.finish();
    rt.block_on(store.close());
}

criterion_group!(benches, bench);
criterion_main!(benches);
