//! Parse + check throughput per input format: 200 generated reports rendered to each
//! format by xxgk's own writers, and the committed report PDFs (LibreOffice, Chromium).
//! Run: `cargo bench -p xxgk-analyse --bench formats`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn parse_and_check(name: &str, bytes: &[u8]) -> usize {
    xxgk_analyse::analyse(name, bytes, &xxgk_analyse::Options::default())
        .findings
        .len()
}

fn bench(c: &mut Criterion) {
    let reports: Vec<_> = (0..200u64).map(xxgk_testkit::generate).collect();
    type Writer = fn(&xxgk_model::Report) -> Option<Vec<u8>>;
    let writers: [(&str, Writer); 4] = [
        ("md", |r| Some(xxgk_render::markdown(r).into_bytes())),
        ("html", |r| Some(xxgk_render::html(r).into_bytes())),
        ("docx", |r| xxgk_render::docx(r).ok()),
        ("xlsx", |r| xxgk_render::xlsx(r).ok()),
    ];
    let mut g = c.benchmark_group("parse+check by format");
    g.sample_size(10);
    for (ext, write) in writers {
        let inputs: Vec<Vec<u8>> = reports.iter().filter_map(write).collect();
        if inputs.is_empty() {
            continue;
        }
        let name = format!("x.{ext}");
        g.throughput(Throughput::Elements(inputs.len() as u64));
        g.bench_function(format!("{ext} ({} reports)", inputs.len()), |b| {
            b.iter(|| {
                inputs
                    .iter()
                    .map(|s| parse_and_check(&name, black_box(s)))
                    .sum::<usize>()
            })
        });
    }
    // the report PDFs made by LibreOffice and Chromium; the fixtures that are refused
    // (encrypted, image-only, broken) would only measure how fast a refusal is
    let dirs = [
        concat!(env!("CARGO_MANIFEST_DIR"), "/../pdf/tests/fixtures"),
        concat!(env!("CARGO_MANIFEST_DIR"), "/../cli/tests/fixtures/formats"),
    ];
    let pdfs: Vec<Vec<u8>> = dirs
        .iter()
        .filter_map(|dir| std::fs::read_dir(dir).ok())
        .flat_map(|d| d.filter_map(Result::ok).map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .filter_map(|p| std::fs::read(p).ok())
        .filter(|b| xxgk_analyse::read_any("x.pdf", b).is_ok())
        .collect();
    if !pdfs.is_empty() {
        g.throughput(Throughput::Elements(pdfs.len() as u64));
        g.bench_function(format!("pdf ({} report PDFs)", pdfs.len()), |b| {
            b.iter(|| {
                pdfs.iter()
                    .map(|s| parse_and_check("x.pdf", black_box(s)))
                    .sum::<usize>()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
