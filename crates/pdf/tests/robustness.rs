//! Hostile and synthetic input: broken bytes never panic, and small hand-written PDFs
//! check the layout rules one at a time (borders drawn as thin filled rectangles, page
//! furniture, paragraphs across pages, a table continued on the next page).

use xxgk_read::{ReadError, RowKind};

/// A minimal PDF: one content stream per page, Helvetica as `/F1`.
fn pdf(pages: &[String]) -> Vec<u8> {
    let n = pages.len();
    let mut objs: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {n} >>",
            (0..n)
                .map(|i| format!("{} 0 R", 4 + 2 * i))
                .collect::<Vec<_>>()
                .join(" ")
        )
        .into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    for (i, content) in pages.iter().enumerate() {
        objs.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
                 /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                5 + 2 * i
            )
            .into_bytes(),
        );
        objs.push(
            format!(
                "<< /Length {} >>\nstream\n{content}\nendstream",
                content.len()
            )
            .into_bytes(),
        );
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend(o);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn text(x: f32, y: f32, s: &str) -> String {
    format!("BT /F1 10 Tf {x} {y} Td ({s}) Tj ET\n")
}

/// A bar filled in black: how Chrome and Skia draw table borders.
fn bar(x: f32, y: f32, w: f32, h: f32) -> String {
    format!("0 0 0 rg {x} {y} {w} {h} re f\n")
}

fn grid_rows(doc: &xxgk_read::Document) -> Vec<Vec<String>> {
    doc.rows
        .iter()
        .filter(|r| r.kind == RowKind::Grid)
        .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
        .collect()
}

#[test]
fn borders_drawn_as_thin_filled_rectangles() {
    // 3 columns x 2 rows between x 100..400, y 600..660
    let mut c = String::new();
    for y in [600.0, 630.0, 660.0] {
        c += &bar(100.0, y - 0.25, 300.0, 0.5);
    }
    for x in [100.0, 200.0, 300.0, 400.0] {
        c += &bar(x - 0.25, 600.0, 0.5, 60.0);
    }
    c += &text(110.0, 640.0, "alpha");
    c += &text(210.0, 640.0, "1");
    c += &text(310.0, 640.0, "2");
    c += &text(110.0, 610.0, "beta");
    c += &text(310.0, 610.0, "4");
    c += &text(100.0, 700.0, "Above the table.");
    let doc = xxgk_pdf::read(&pdf(&[c])).expect("pdf");
    assert_eq!(
        grid_rows(&doc),
        vec![vec!["alpha", "1", "2"], vec!["beta", "", "4"]]
    );
    assert_eq!(doc.rows[0].kind, RowKind::Prose);
    assert_eq!(doc.rows[0].cells[0].text, "Above the table.");
    let o = doc
        .rows
        .iter()
        .find(|r| r.kind == RowKind::Grid)
        .expect("grid")
        .cells[2]
        .origin;
    assert_eq!(
        (o.page, o.table, o.row, o.cell),
        (Some(1), Some(1), Some(1), Some(3))
    );
}

#[test]
fn a_stroked_table_continues_on_the_next_page() {
    let table = |rows: &[(&str, &str)], top: f32| {
        let mut c = String::new();
        let bottom = top - 20.0 * rows.len() as f32;
        for i in 0..=rows.len() {
            let y = top - 20.0 * i as f32;
            c += &format!("0.5 w 100 {y} m 400 {y} l S\n");
        }
        for x in [100.0, 250.0, 400.0] {
            c += &format!("0.5 w {x} {top} m {x} {bottom} l S\n");
        }
        for (i, (a, b)) in rows.iter().enumerate() {
            let y = top - 20.0 * i as f32 - 14.0;
            c += &text(110.0, y, a);
            c += &text(260.0, y, b);
        }
        c
    };
    let p1 = text(100.0, 800.0, "Annual report")
        + &text(100.0, 760.0, "Some text before the table.")
        + &table(&[("item", "count"), ("one", "1"), ("two", "2")], 100.0)
        + &text(290.0, 30.0, "- 1 -");
    let p2 = text(100.0, 800.0, "Annual report")
        + &table(&[("item", "count"), ("three", "3")], 780.0)
        + &text(100.0, 700.0, "After the table.")
        + &text(290.0, 30.0, "- 2 -");
    let doc = xxgk_pdf::read(&pdf(&[p1, p2])).expect("pdf");
    assert_eq!(
        grid_rows(&doc),
        vec![
            vec!["item", "count"],
            vec!["one", "1"],
            vec!["two", "2"],
            vec!["three", "3"]
        ]
    );
    let grids: Vec<_> = doc
        .rows
        .iter()
        .filter(|r| r.kind == RowKind::Grid)
        .collect();
    assert!(grids.iter().all(|r| r.cells[0].origin.table == Some(1)));
    assert_eq!(grids[3].cells[0].origin.row, Some(4));
    assert_eq!(grids[3].cells[0].origin.page, Some(2));
    let prose: Vec<String> = doc
        .rows
        .iter()
        .filter(|r| r.kind == RowKind::Prose)
        .map(|r| r.joined())
        .collect();
    assert_eq!(
        prose,
        vec!["Some text before the table.", "After the table."]
    );
}

#[test]
fn junk_after_a_pdf_header_is_an_error_not_a_panic() {
    let mut junk = b"%PDF-1.7\n".to_vec();
    let mut x: u32 = 12345;
    for _ in 0..4096 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        junk.push((x >> 16) as u8);
    }
    assert!(matches!(xxgk_pdf::read(&junk), Err(ReadError::Invalid(_))));
    assert!(
        xxgk_pdf::read_any(
            "x.pdf",
            b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<"
        )
        .is_err()
    );
    assert_eq!(xxgk_pdf::read(b""), Err(ReadError::Empty));
    assert!(xxgk_pdf::read(b"%PDF").is_err());
}

#[test]
fn truncated_and_mutated_pdfs_never_panic() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/normal.pdf");
    let good = std::fs::read(path).expect("fixture");
    for cut in [
        10,
        100,
        1000,
        good.len() / 3,
        good.len() / 2,
        good.len() - 200,
    ] {
        let _ = xxgk_pdf::read(&good[..cut]);
    }
    let cases: usize = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60)
        .min(200);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for _ in 0..cases {
        let mut b = good.clone();
        for _ in 0..1 + next() % 8 {
            let at = (next() % b.len() as u64) as usize;
            b[at] = next() as u8;
        }
        if let Ok(doc) = xxgk_pdf::read(&b) {
            let _ = xxgk_extract::extract(&doc, "x.pdf");
        }
    }
}

#[test]
fn other_formats_go_to_the_other_readers() {
    let doc = xxgk_pdf::read_any("a.txt", "规章\t0\t1\t2\n".as_bytes()).expect("text");
    assert_eq!(doc.rows[0].cells.len(), 4);
    let big = vec![b' '; xxgk_read::MAX_INPUT_BYTES + 1];
    assert!(matches!(
        xxgk_pdf::read_any("a.txt", &big),
        Err(ReadError::TooLarge(_))
    ));
}

#[test]
fn a_panic_inside_the_pdf_library_is_an_invalid_file() {
    // found by `cargo fuzz run pdf`: the library slices a string inside a character
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parser-panic.pdf");
    let b = std::fs::read(path).expect("fixture");
    assert!(matches!(xxgk_pdf::read(&b), Err(ReadError::Invalid(_))));
}

/// Arrays nested `depth` deep in a page's content stream and in the catalog.
fn deeply_nested(depth: usize) -> [Vec<u8>; 2] {
    let content = format!(
        "BT /F1 12 Tf 72 700 Td {}(x){} TJ ET",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let in_content = pdf(&[content]);
    let plain = pdf(&[text(72.0, 700.0, "Hello")]);
    let in_object = String::from_utf8_lossy(&plain)
        .replace(
            "/Type /Catalog",
            &format!(
                "/Type /Catalog /X {}1{}",
                "[".repeat(depth),
                "]".repeat(depth)
            ),
        )
        .into_bytes();
    [in_content, in_object]
}

/// KNOWN CRASH, not fixed here (the PDF backend is outside the readers' files): pdf_oxide
/// parses nested arrays and dictionaries recursively, so 2,000 nested `[` in a content
/// stream (4 KB, and a content stream is usually compressed, so a scan of the raw bytes
/// cannot see them) or 5,000 in an object overflow a 2 MiB test thread, and a stack
/// overflow aborts the process: no `catch_unwind` contains it. Run with `--ignored`; it
/// must pass (an error or a document, no abort) once the backend bounds the nesting.
#[test]
#[ignore = "pdf_oxide overflows the stack on deeply nested arrays: aborts the test process"]
fn deeply_nested_pdf_arrays_do_not_overflow_the_stack() {
    for bytes in deeply_nested(100_000) {
        let _ = xxgk_pdf::read(&bytes);
    }
}

#[test]
fn moderately_nested_pdf_arrays_are_read() {
    // below what a test thread's stack holds today
    for bytes in deeply_nested(200) {
        let _ = xxgk_pdf::read(&bytes);
    }
}
