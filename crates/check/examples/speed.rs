//! Speed work aid, two modes:
//!
//! - `speed time [N]`: read, extract and check the 1,000 generated Markdown reports `N`
//!   times (default 5) and print the time of each phase and reports/s;
//! - `speed digest OUT`: write one hash per input (seeds, generated reports, and variants
//!   of them with typos, deletions and odd spacing) of everything read, extracted and
//!   found, so that two builds can be compared for identical output (`diff`);
//! - `speed md I`: print generated report `I` as Markdown.
use std::alloc::{GlobalAlloc, Layout, System};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts allocations (`speed allocs`).
struct Counting;
static ALLOCS: AtomicUsize = AtomicUsize::new(0);
/// Counting is on only in `speed allocs`, so that timings are not skewed.
static COUNTING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
fn count() {
    if COUNTING.load(Ordering::Relaxed) {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
    }
}
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        count();
        unsafe { System.realloc(p, l, n) }
    }
}
#[global_allocator]
static GLOBAL: Counting = Counting;
use std::time::{Duration, Instant};

/// The seeds over and over, `n` inputs in all.
fn seeds_cycled(n: usize) -> Vec<(String, Vec<u8>)> {
    xxgk_testkit::seeds().into_iter().cycle().take(n).collect()
}

fn generated(n: u64) -> Vec<Vec<u8>> {
    (0..n)
        .map(|i| xxgk_render::markdown(&xxgk_testkit::generate(i)).into_bytes())
        .collect()
}

use xxgk_testkit::Rng;

/// A number in `0..n`.
fn below(rng: &mut Rng, n: usize) -> usize {
    usize::try_from(rng.below(n as u64)).unwrap_or(0)
}

const POOL: &[char] = &[
    '清', '幵', '呵', '公', '开', '申', '请', '不', '予', '一', '二', '三', '七', '（', '）', '(',
    ')', '、', '.', '１', '２', '０', ' ', '\u{3000}', '\t', '|', '*', '#', '-', '—', '/', ',',
    '，', '。', 'Ⅱ', '①', 'ａ', 'x', '年', '月', '日', '〇', '件', '总', '计', '其', '他', '费',
    '收', '许', '可', '\n', '5', '9', '0',
];

/// `k` random edits of `s`: replace, delete or insert a character.
fn mutate(s: &str, rng: &mut Rng, k: usize) -> String {
    let mut cs: Vec<char> = s.chars().collect();
    for _ in 0..k {
        if cs.is_empty() {
            break;
        }
        let i = below(rng, cs.len());
        match below(rng, 3) {
            0 => cs[i] = POOL[below(rng, POOL.len())],
            1 => {
                cs.remove(i);
            }
            _ => cs.insert(i, POOL[below(rng, POOL.len())]),
        }
    }
    cs.into_iter().collect()
}

static GUESSED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn digest(name: &str, bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    match xxgk_read::read_bytes(name, bytes) {
        Ok(doc) => {
            format!("{doc:?}").hash(&mut h);
            let ex = xxgk_extract::extract(&doc, name);
            format!("{:?}", ex.report).hash(&mut h);
            format!("{:?}", ex.notes).hash(&mut h);
            format!("{:?}", ex.layout).hash(&mut h);
            format!("{:?}", ex.meta).hash(&mut h);
            let f = xxgk_check::check(&xxgk_check::Context::extracted(&ex));
            let f = format!("{f:?}");
            if f.contains("疑有错字") {
                GUESSED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            f.hash(&mut h);
        }
        Err(e) => format!("{e:?}").hash(&mut h),
    }
    h.finish()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("md") => {
            let i: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(0);
            print!("{}", xxgk_render::markdown(&xxgk_testkit::generate(i)));
        }
        Some("read") => {
            // the reader's parts, µs per report
            let docs = generated(1000);
            let per = |t: Instant| t.elapsed().as_secs_f64() * 1e6 / docs.len() as f64;
            let t = Instant::now();
            let n: usize = docs.iter().map(|d| xxgk_read::sha256_hex(d).len()).sum();
            let sha = per(t);
            let t = Instant::now();
            let m: usize = docs
                .iter()
                .map(|d| xxgk_read::decode_text(d).map_or(0, |t| t.0.len()))
                .sum();
            let dec = per(t);
            let t = Instant::now();
            let k: usize = docs
                .iter()
                .map(|d| xxgk_read::read_bytes("g.md", d).map_or(0, |d| d.rows.len()))
                .sum();
            let all = per(t);
            println!("{n} {m} {k}: sha256 {sha:.1} µs, decode {dec:.1} µs, read_bytes {all:.1} µs");
            // one report over and over (warm caches)
            let d = &docs[0];
            let reps = 2000;
            let per = |t: Instant| t.elapsed().as_secs_f64() * 1e6 / reps as f64;
            let t = Instant::now();
            let n: usize = (0..reps).map(|_| xxgk_read::sha256_hex(d).len()).sum();
            let sha = per(t);
            let t = Instant::now();
            let m: usize = (0..reps)
                .map(|_| xxgk_read::decode_text(d).map_or(0, |t| t.0.len()))
                .sum();
            let dec = per(t);
            let t = Instant::now();
            let k: usize = (0..reps)
                .map(|_| xxgk_read::read_bytes("g.md", d).map_or(0, |d| d.rows.len()))
                .sum();
            let all = per(t);
            println!(
                "warm {n} {m} {k}: sha256 {sha:.1} µs, decode {dec:.1} µs, read_bytes {all:.1} µs"
            );
        }
        Some("parts") => {
            // extraction's parts, µs per report
            let docs: Vec<xxgk_read::Document> = generated(1000)
                .iter()
                .map(|d| xxgk_read::read_bytes("g.md", d).expect("read"))
                .collect();
            let per = |t: Instant| t.elapsed().as_secs_f64() * 1e6 / docs.len() as f64;
            let t = Instant::now();
            let lays: Vec<_> = docs.iter().map(xxgk_extract::layout::layout).collect();
            let lay = per(t);
            let t = Instant::now();
            let metas: Vec<_> = docs
                .iter()
                .zip(&lays)
                .map(|(d, l)| xxgk_extract::meta::meta(d, l))
                .collect();
            let meta = per(t);
            let t = Instant::now();
            for (d, l) in docs.iter().zip(&lays) {
                let mut r = xxgk_model::Report::empty();
                let mut notes = Vec::new();
                xxgk_extract::tables::extract_tables(d, l, &mut r, &mut notes);
            }
            let tables = per(t);
            let t = Instant::now();
            let exs: Vec<_> = docs
                .iter()
                .map(|d| xxgk_extract::extract(d, "g.md"))
                .collect();
            let all = per(t);
            let t = Instant::now();
            let n: usize = exs
                .iter()
                .map(|e| xxgk_check::check(&xxgk_check::Context::extracted(e)).len())
                .sum();
            let check = per(t);
            let t = Instant::now();
            drop(exs);
            let drop_ = per(t);
            println!(
                "{n} {}: layout {lay:.1} µs, meta {meta:.1} µs, tables {tables:.1} µs, extract {all:.1} µs, check {check:.1} µs, drop {drop_:.1} µs",
                metas.len()
            );
        }
        Some("allocs") => {
            // allocations per report, by phase
            let docs = generated(1000);
            COUNTING.store(true, Ordering::Relaxed);
            let (mut r, mut e, mut c) = (0, 0, 0);
            let (mut l, mut m, mut t) = (0, 0, 0);
            for d in &docs {
                let a0 = ALLOCS.load(Ordering::Relaxed);
                let doc = xxgk_read::read_bytes("g.md", d).expect("read");
                let a1 = ALLOCS.load(Ordering::Relaxed);
                let lay = xxgk_extract::layout::layout(&doc);
                let a2 = ALLOCS.load(Ordering::Relaxed);
                let _m = xxgk_extract::meta::meta(&doc, &lay);
                let a3 = ALLOCS.load(Ordering::Relaxed);
                let mut rep = xxgk_model::Report::empty();
                let mut notes = Vec::new();
                xxgk_extract::tables::extract_tables(&doc, &lay, &mut rep, &mut notes);
                let a4 = ALLOCS.load(Ordering::Relaxed);
                let ex = xxgk_extract::extract(&doc, "g.md");
                let a5 = ALLOCS.load(Ordering::Relaxed);
                let f = xxgk_check::check(&xxgk_check::Context::extracted(&ex));
                let a6 = ALLOCS.load(Ordering::Relaxed);
                r += a1 - a0;
                l += a2 - a1;
                m += a3 - a2;
                t += a4 - a3;
                e += a5 - a4;
                c += a6 - a5;
                if d == &docs[0] {
                    println!(
                        "report 0: read {}, layout {}, meta {}, tables {}, extract {}, check {} ({} findings)",
                        a1 - a0,
                        a2 - a1,
                        a3 - a2,
                        a4 - a3,
                        a5 - a4,
                        a6 - a5,
                        f.len()
                    );
                }
            }
            let n = docs.len();
            println!(
                "per report: read {}, extract {} (layout {}, meta {}, tables {}), check {}",
                r / n,
                e / n,
                l / n,
                m / n,
                t / n,
                c / n
            );
        }
        Some("rules") => {
            // time of each rule, µs per report (`speed rules [seeds]`)
            let inputs: Vec<(String, Vec<u8>)> = if args.get(2).is_some_and(|a| a == "seeds") {
                seeds_cycled(1000)
            } else {
                generated(1000)
                    .into_iter()
                    .map(|d| ("g.md".to_string(), d))
                    .collect()
            };
            let exs: Vec<_> = inputs
                .iter()
                .map(|(n, d)| {
                    let doc = xxgk_read::read_bytes(n, d).expect("read");
                    xxgk_extract::extract(&doc, n)
                })
                .collect();
            let mut times: Vec<(f64, &str)> = xxgk_check::registry()
                .iter()
                .filter(|r| r.active)
                .map(|r| {
                    let t = Instant::now();
                    let mut out = Vec::new();
                    for e in &exs {
                        (r.check)(&xxgk_check::Context::extracted(e), r, &mut out);
                    }
                    (t.elapsed().as_secs_f64() * 1e6 / exs.len() as f64, r.code)
                })
                .collect();
            times.sort_by(|a, b| b.0.total_cmp(&a.0));
            for (t, c) in times.iter().take(12) {
                println!("{c} {t:.2} µs");
            }
        }
        Some("digest") => {
            let out = args.get(2).expect("speed digest OUT");
            let mut lines = Vec::new();
            let seeds = xxgk_testkit::seeds();
            for (n, s) in &seeds {
                lines.push(format!("{n} {:016x}", digest(n, s)));
            }
            let gen_ = generated(300);
            for (i, g) in gen_.iter().enumerate() {
                lines.push(format!("gen{i} {:016x}", digest("g.md", g)));
            }
            let mut rng = Rng(42);
            let mut bases: Vec<String> = seeds
                .iter()
                .map(|(_, s)| String::from_utf8_lossy(s).into_owned())
                .collect();
            bases.extend(
                gen_.iter()
                    .take(120)
                    .map(|g| String::from_utf8_lossy(g).into_owned()),
            );
            for (bi, b) in bases.iter().enumerate() {
                for v in 0..12 {
                    let k = [1, 2, 4, 8, 20, 60][v % 6];
                    let m = mutate(b, &mut rng, k);
                    let name = if v % 2 == 0 { "m.txt" } else { "m.md" };
                    lines.push(format!("mut{bi}.{v} {:016x}", digest(name, m.as_bytes())));
                }
            }
            for (i, g) in generated(40).iter().enumerate() {
                let r = xxgk_testkit::generate(i as u64);
                let html = xxgk_render::html(&r);
                lines.push(format!(
                    "html{i} {:016x}",
                    digest("g.html", html.as_bytes())
                ));
                let _ = g;
            }
            std::fs::write(out, lines.join("\n") + "\n").expect("write digest");
            println!(
                "{} inputs, {} with a guessed label",
                lines.len(),
                GUESSED.load(std::sync::atomic::Ordering::Relaxed)
            );
        }
        _ => {
            let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(5);
            // `speed time N seeds`: the seeds alone, 200 times a round
            let only_seeds = args.get(3).is_some_and(|a| a == "seeds");
            let docs = if only_seeds {
                Vec::new()
            } else {
                generated(1000)
            };
            let seeds: Vec<(String, Vec<u8>)> = if only_seeds {
                seeds_cycled(1000)
            } else {
                xxgk_testkit::seeds()
            };
            let (mut tr, mut te, mut tc) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
            let mut count = 0usize;
            let mut findings = 0usize;
            let all = Instant::now();
            let mut best = Duration::MAX;
            for _ in 0..n {
                let round = Instant::now();
                for d in docs
                    .iter()
                    .map(|d| ("g.md", d))
                    .chain(seeds.iter().map(|(n, s)| (n.as_str(), s)))
                {
                    let t0 = Instant::now();
                    let doc = xxgk_read::read_bytes(d.0, d.1).expect("read");
                    let t1 = Instant::now();
                    let ex = xxgk_extract::extract(&doc, d.0);
                    let t2 = Instant::now();
                    findings += xxgk_check::check(&xxgk_check::Context::extracted(&ex)).len();
                    let t3 = Instant::now();
                    tr += t1 - t0;
                    te += t2 - t1;
                    tc += t3 - t2;
                    count += 1;
                }
                best = best.min(round.elapsed());
            }
            let total = all.elapsed();
            println!(
                "{count} reports ({findings} findings) in {total:.2?}: {:.0}/s (best round {:.0}/s); read {:.1} µs, extract {:.1} µs, check {:.1} µs per report",
                count as f64 / total.as_secs_f64(),
                (count / n.max(1)) as f64 / best.as_secs_f64(),
                tr.as_secs_f64() * 1e6 / count as f64,
                te.as_secs_f64() * 1e6 / count as f64,
                tc.as_secs_f64() * 1e6 / count as f64,
            );
        }
    }
}
