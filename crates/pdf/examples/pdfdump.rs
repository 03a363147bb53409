//! Prints the rows a PDF is read into (tab-separated cells, `|` before each grid row).
//!
//! `cargo run -p xxgk-pdf --example pdfdump -- FILE.pdf`
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pdfdump FILE.pdf");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    match xxgk_pdf::read(&bytes) {
        Ok(doc) => {
            for row in &doc.rows {
                match row.kind {
                    xxgk_document::RowKind::Blank => println!(),
                    xxgk_document::RowKind::Prose => {
                        let page = row.cells.first().and_then(|c| c.origin.page).unwrap_or(0);
                        println!("p{page}: {}", row.joined());
                    }
                    xxgk_document::RowKind::Grid => {
                        let o = row.cells.first().map(|c| c.origin).unwrap_or_default();
                        let cells: Vec<String> = row
                            .cells
                            .iter()
                            .map(|c| format!("{}:{}", c.origin.cell.unwrap_or(0), c.text))
                            .collect();
                        println!(
                            "| p{} t{} r{}: {}",
                            o.page.unwrap_or(0),
                            o.table.unwrap_or(0),
                            o.row.unwrap_or(0),
                            cells.join("\t")
                        );
                    }
                }
            }
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    }
}
