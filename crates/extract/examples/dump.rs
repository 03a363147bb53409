//! Debug dump of what extraction reads from a file: `cargo run -p xxgk-extract --example dump -- FILE`.
fn main() {
    for p in std::env::args().skip(1) {
        let Ok(bytes) = std::fs::read(&p) else {
            continue;
        };
        let doc = match xxgk_read::read_bytes(&p, &bytes) {
            Ok(d) => d,
            Err(e) => {
                println!("{p}: {e}");
                continue;
            }
        };
        let ex = xxgk_extract::extract(&doc, &p);
        let mut r = ex.report.clone();
        r.provenance.clear();
        for s in &mut r.sections {
            s.text = s.text.chars().take(30).collect();
        }
        println!("{}", serde_json::to_string(&r).unwrap_or_default());
        for n in &ex.notes {
            println!("  {:?} {:?}:{:?} {}", n.kind, n.line, n.col, n.message);
        }
        println!("  meta: {:?}", ex.meta);
        for h in &ex.layout.headings {
            println!(
                "  H {} {:?} {} @{}:{}",
                h.section, h.printed, h.text, h.line, h.column
            );
        }
        for h in &ex.layout.out_of_order {
            println!("  OOO {} {:?} {} @{}", h.section, h.printed, h.text, h.line);
        }
    }
}
