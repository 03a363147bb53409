//! Profiling aid: parse + check generated reports in a loop.
fn main() {
    let docs: Vec<Vec<u8>> = (0..200u64)
        .map(|i| xxgk_render::markdown(&xxgk_testkit::generate(i)).into_bytes())
        .collect();
    let mut n = 0;
    for _ in 0..5 {
        for d in &docs {
            let doc = xxgk_read::read_bytes("g.md", d).expect("read");
            let ex = xxgk_extract::extract(&doc, "g.md");
            n += xxgk_check::check(&xxgk_check::Context::extracted(&ex)).len();
        }
    }
    println!("{n}");
}
