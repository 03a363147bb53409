//! Parse + check throughput: the five seeds, and 1,000 generated reports rendered to
//! Markdown. Run: `cargo bench -p xxgk-analyse --bench pipeline`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn parse_and_check(name: &str, bytes: &[u8]) -> usize {
    xxgk_analyse::analyse(name, bytes, &xxgk_analyse::Options::default())
        .findings
        .len()
}

fn bench(c: &mut Criterion) {
    let seeds = xxgk_testkit::seeds();
    let mut g = c.benchmark_group("parse+check");
    g.throughput(Throughput::Elements(seeds.len() as u64));
    g.bench_function("seeds (5 reports)", |b| {
        b.iter(|| {
            seeds
                .iter()
                .map(|(n, s)| parse_and_check(n, black_box(s)))
                .sum::<usize>()
        })
    });
    let generated: Vec<Vec<u8>> = (0..1000u64)
        .map(|i| xxgk_render::markdown(&xxgk_testkit::generate(i)).into_bytes())
        .collect();
    g.throughput(Throughput::Elements(generated.len() as u64));
    g.sample_size(10);
    g.bench_function("generated (1000 reports)", |b| {
        b.iter(|| {
            generated
                .iter()
                .map(|s| parse_and_check("g.md", black_box(s)))
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
