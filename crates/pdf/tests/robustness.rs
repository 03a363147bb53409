//! Hostile and synthetic input: broken bytes never panic, and small hand-written PDFs
//! check the layout rules one at a time (borders drawn as thin filled rectangles, page
//! furniture, paragraphs across pages, a table continued on the next page).

use xxgk_document::{ReadError, RowKind};

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
        objs.push(stream("", content.as_bytes()));
    }
    build(&objs)
}

/// A stream object: `dict` entries besides `/Length`, then the data.
fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut o = format!("<< /Length {} {dict} >>\nstream\n", data.len()).into_bytes();
    o.extend(data);
    o.extend(b"\nendstream");
    o
}

/// Objects 1, 2, … with a cross-reference table and a trailer (object 1 the catalog).
fn build(objs: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.5\n".to_vec();
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

/// One page drawing `contents` (objects 5, 6, …, each a stream object), with `extra`
/// objects after them and `resources` added to the page's resources.
fn one_page(contents: Vec<Vec<u8>>, resources: &str, extra: Vec<Vec<u8>>) -> Vec<u8> {
    let refs: Vec<String> = (0..contents.len())
        .map(|i| format!("{} 0 R", 5 + i))
        .collect();
    let mut objs = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
             /Resources << /Font << /F1 3 0 R >> {resources} >> /Contents [{}] >>",
            refs.join(" ")
        )
        .into_bytes(),
    ];
    objs.extend(contents);
    objs.extend(extra);
    build(&objs)
}

fn deflate(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).expect("deflate");
    e.finish().expect("deflate")
}

/// The refusal of a file nested too deeply.
fn too_deep(r: &Result<xxgk_document::Document, ReadError>) -> bool {
    matches!(r, Err(ReadError::Invalid(m)) if m.contains("嵌套过深") && m.contains("nested too deeply"))
}

fn prose(doc: &xxgk_document::Document) -> String {
    doc.rows
        .iter()
        .map(|r| r.joined())
        .collect::<Vec<_>>()
        .join("\n")
}

fn text(x: f32, y: f32, s: &str) -> String {
    format!("BT /F1 10 Tf {x} {y} Td ({s}) Tj ET\n")
}

/// A bar filled in black: how Chrome and Skia draw table borders.
fn bar(x: f32, y: f32, w: f32, h: f32) -> String {
    format!("0 0 0 rg {x} {y} {w} {h} re f\n")
}

fn grid_rows(doc: &xxgk_document::Document) -> Vec<Vec<String>> {
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
    assert!(xxgk_pdf::read(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<").is_err());
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

/// pdf_oxide parses nested arrays and dictionaries recursively, so 2,000 nested `[` in a
/// content stream or 5,000 in an object overflow a 2 MiB test thread, and a stack overflow
/// aborts the process: no `catch_unwind` contains it. The depth check refuses both files
/// before the library sees them (a regression aborts this test binary).
#[test]
fn deeply_nested_pdf_arrays_do_not_overflow_the_stack() {
    for bytes in deeply_nested(100_000) {
        assert!(too_deep(&xxgk_pdf::read(&bytes)));
    }
}

#[test]
fn moderately_nested_pdf_arrays_are_read() {
    // below what a test thread's stack holds today
    for bytes in deeply_nested(200) {
        assert!(!too_deep(&xxgk_pdf::read(&bytes)));
    }
}

#[test]
fn nesting_up_to_the_limit_is_read_and_one_more_level_is_refused() {
    let limit = xxgk_pdf::MAX_PDF_DEPTH;
    // the catalog's dictionary is one level: the array can nest limit - 1 more
    let [_, ok] = deeply_nested(limit - 1);
    let doc = xxgk_pdf::read(&ok).expect("at the limit");
    // (the layout reads Helvetica's double l as one glyph)
    assert!(prose(&doc).starts_with("Hel"), "{}", prose(&doc));
    let [_, deep] = deeply_nested(limit);
    assert!(too_deep(&xxgk_pdf::read(&deep)));
}

#[test]
fn deep_dictionaries_in_an_object_are_refused() {
    let plain = pdf(&[text(72.0, 700.0, "Hello")]);
    let deep = String::from_utf8_lossy(&plain)
        .replace(
            "/Type /Catalog",
            &format!(
                "/Type /Catalog /X {}1{}",
                "<< /A ".repeat(5_000),
                " >>".repeat(5_000)
            ),
        )
        .into_bytes();
    assert!(too_deep(&xxgk_pdf::read(&deep)));
}

#[test]
fn deep_nesting_in_a_flate_content_stream_is_refused() {
    for depth in [3_000, 1_000_000] {
        let content = format!(
            "BT /F1 12 Tf 72 700 Td {}(x){} TJ ET",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let z = deflate(content.as_bytes());
        // the compressed bytes do not show the brackets
        assert!(z.len() < 10_000 && z.iter().filter(|&&b| b == b'[').count() < 100);
        let bytes = one_page(vec![stream("/Filter /FlateDecode", &z)], "", vec![]);
        assert!(too_deep(&xxgk_pdf::read(&bytes)), "{depth}");
        // an abbreviated filter name in an array
        let short = one_page(vec![stream("/Filter [/Fl]", &z)], "", vec![]);
        let r = xxgk_pdf::read(&short);
        assert!(too_deep(&r), "{r:?}");
    }
}

#[test]
fn a_flate_stream_without_its_zlib_header_is_inflated_as_the_library_would() {
    // the library falls back to raw deflate, then to raw deflate at later offsets
    use std::io::Write;
    let content = format!("BT /F1 12 Tf 72 700 Td {}(x) TJ ET", "[".repeat(3_000));
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(content.as_bytes()).expect("deflate");
    let raw = e.finish().expect("deflate");
    for junk in [&b""[..], b"\x00\x07\x01"] {
        let data = [junk, &raw].concat();
        let bytes = one_page(vec![stream("/Filter /FlateDecode", &data)], "", vec![]);
        assert!(too_deep(&xxgk_pdf::read(&bytes)), "{junk:?}");
    }
}

#[test]
fn a_flate_stream_with_a_wrong_length_is_inflated_to_its_end() {
    let content = format!("BT /F1 12 Tf 72 700 Td {}(x) TJ ET", "[".repeat(3_000));
    let z = deflate(content.as_bytes());
    let mut o = b"<< /Length 20 /Filter /FlateDecode >>\nstream\n".to_vec();
    o.extend(&z);
    o.extend(b"\nendstream");
    assert!(too_deep(&xxgk_pdf::read(&one_page(vec![o], "", vec![]))));
}

#[test]
fn brackets_left_open_by_several_content_streams_add_up() {
    // each stream alone is below the limit, the page's contents concatenated are not
    let part = |_| {
        let c = format!("BT /F1 12 Tf 72 700 Td {}", "[".repeat(200));
        stream("/Filter /FlateDecode", &deflate(c.as_bytes()))
    };
    let bytes = one_page((0..20).map(part).collect(), "", vec![]);
    assert!(too_deep(&xxgk_pdf::read(&bytes)));
}

#[test]
fn deep_nesting_in_an_object_stream_is_refused() {
    let objects = format!("{}1{}", "[".repeat(5_000), "]".repeat(5_000));
    let header = "9 0 ";
    let data = format!("{header}{objects}");
    let objstm = stream(
        &format!(
            "/Type /ObjStm /N 1 /First {} /Filter /FlateDecode",
            header.len()
        ),
        &deflate(data.as_bytes()),
    );
    let content = stream("", text(72.0, 700.0, "Hello").as_bytes());
    let bytes = one_page(vec![content], "", vec![objstm]);
    assert!(too_deep(&xxgk_pdf::read(&bytes)));
}

/// A pseudo-random byte stream (xorshift) with `brackets` `[` spread through it.
fn noise(len: usize, brackets: usize) -> Vec<u8> {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut v: Vec<u8> = (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let step = (len / brackets.max(1)).max(1);
    for i in (0..len).step_by(step) {
        if let Some(b) = v.get_mut(i) {
            *b = b'[';
        }
    }
    v
}

#[test]
fn brackets_in_strings_hex_strings_and_binary_streams_are_not_refused() {
    let many = "[".repeat(5_000);
    let content = format!(
        "BT /F1 12 Tf 72 700 Td (Hello {} \\) \\( [ ( [[[ ) ) Tj ET\n\
         % a comment {many}\n\
         BT /F1 12 Tf 72 650 Td <48 65 6C 6C 6F> Tj ET\n\
         q 10 0 0 10 72 600 cm /Im1 Do Q q 10 0 0 10 92 600 cm /Im2 Do Q\n",
        many
    );
    let image = |filter: &str, data: &[u8]| {
        stream(
            &format!(
                "/Type /XObject /Subtype /Image /Width 100 /Height {} \
                 /ColorSpace /DeviceGray /BitsPerComponent 8 {filter}",
                data.len() / 100
            ),
            data,
        )
    };
    let raw = noise(100 * 200, 10_000);
    let squeezed = noise(100 * 300, 20_000);
    let font = stream(
        "/Length1 30000 /Filter /FlateDecode",
        &deflate(&noise(30_000, 10_000)),
    );
    let bytes = one_page(
        vec![stream("/Filter /FlateDecode", &deflate(content.as_bytes()))],
        "/XObject << /Im1 6 0 R /Im2 7 0 R >>",
        vec![
            image("", &raw),
            image("/Filter /FlateDecode", &deflate(&squeezed)),
            font,
        ],
    );
    let doc = xxgk_pdf::read(&bytes).expect("read");
    let text = prose(&doc);
    assert!(text.contains("Hel"), "{text}");
    // the literal string kept its brackets: it was read as text, not as nesting
    assert!(text.contains("[[["), "{text}");
}

#[test]
fn an_undeclared_binary_stream_is_held_to_the_binary_limit() {
    // a /CIDToGIDMap or /CIDSet stream: nothing in its dictionary says it is binary
    let page = || stream("", text(72.0, 700.0, "Hello").as_bytes());
    // 600 levels: past the limit for text, within the one for binary data
    let mut shallow = "[".repeat(600).into_bytes();
    shallow.extend(noise(100_000, 1_000));
    let shallow = stream("/Filter /FlateDecode", &deflate(&shallow));
    let doc = xxgk_pdf::read(&one_page(vec![page()], "", vec![shallow])).expect("read");
    assert!(prose(&doc).starts_with("Hel"));
    let mut deep = "[".repeat(5_000).into_bytes();
    deep.extend(noise(30_000, 0));
    let deep = stream("/Filter /FlateDecode", &deflate(&deep));
    assert!(too_deep(&xxgk_pdf::read(&one_page(
        vec![page()],
        "",
        vec![deep]
    ))));
}

#[test]
fn an_inline_image_cannot_hide_nesting_after_it() {
    // the image data opens a string that, read as syntax, would swallow the brackets
    let content = format!(
        "q BI /W 2 /H 1 /CS /G /BPC 8 ID (\x01 EI Q {}1{} pop\n",
        "[".repeat(3_000),
        "]".repeat(3_000)
    );
    let bytes = one_page(vec![stream("", content.as_bytes())], "", vec![]);
    assert!(too_deep(&xxgk_pdf::read(&bytes)));
}

/// The second line of defence: nesting the scan does not see (a content stream whose
/// dictionary claims it is an image, so its bytes are not scanned) is parsed on the
/// library's own large stack. 5,000 levels overflow a 2 MiB stack; a regression aborts
/// this test binary.
#[test]
fn nesting_hidden_from_the_scan_runs_on_a_large_stack() {
    let content = format!("BT /F1 12 Tf 72 700 Td {}(x) TJ ET", "[".repeat(5_000));
    let bytes = one_page(
        vec![stream("/Subtype /Image", content.as_bytes())],
        "",
        vec![],
    );
    let _ = xxgk_pdf::read(&bytes);
}

fn ascii85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in data.chunks(4) {
        let mut b = [0u8; 4];
        b[..chunk.len()].copy_from_slice(chunk);
        let mut v = u32::from_be_bytes(b);
        let mut digits = [0u8; 5];
        for d in digits.iter_mut().rev() {
            *d = (v % 85) as u8 + b'!';
            v /= 85;
        }
        out.extend(&digits[..chunk.len() + 1]);
    }
    out.extend(b"~>");
    out
}

#[test]
fn deep_nesting_behind_other_filters_is_refused() {
    let content = format!("BT /F1 12 Tf 72 700 Td {}(x) TJ ET", "[".repeat(3_000));
    let c = content.as_bytes();
    let hex: String = c.iter().map(|b| format!("{b:02X}")).collect::<String>() + ">";
    let lzw = weezl::encode::Encoder::new(weezl::BitOrder::Msb, 8)
        .encode(c)
        .expect("lzw");
    let mut rle = Vec::new();
    for chunk in c.chunks(128) {
        rle.push((chunk.len() - 1) as u8);
        rle.extend(chunk);
    }
    rle.push(128);
    let hex_of_flate: String = deflate(c).iter().map(|b| format!("{b:02x} ")).collect();
    for (filter, data) in [
        ("/Filter /ASCIIHexDecode", hex.into_bytes()),
        ("/Filter /A85", ascii85(c)),
        ("/Filter /LZWDecode", lzw),
        ("/Filter /RunLengthDecode", rle),
        ("/Filter [/AHx /FlateDecode]", hex_of_flate.into_bytes()),
        ("/Filter [/FlateDecode /A85]", deflate(&ascii85(c))),
    ] {
        let bytes = one_page(vec![stream(filter, &data)], "", vec![]);
        let r = xxgk_pdf::read(&bytes);
        assert!(too_deep(&r), "{filter}: {r:?}");
    }
}

#[test]
fn shallow_content_behind_other_filters_is_read() {
    let content = text(72.0, 700.0, "Hi there");
    let c = content.as_bytes();
    let lzw = weezl::encode::Encoder::new(weezl::BitOrder::Msb, 8)
        .encode(c)
        .expect("lzw");
    for (filter, data) in [
        ("/Filter /A85", ascii85(c)),
        ("/Filter /LZWDecode", lzw),
        ("/Filter [/FlateDecode /A85]", deflate(&ascii85(c))),
    ] {
        let bytes = one_page(vec![stream(filter, &data)], "", vec![]);
        let doc = xxgk_pdf::read(&bytes).expect(filter);
        assert!(prose(&doc).contains("Hi"), "{filter}: {}", prose(&doc));
    }
}

/// Every PDF the tests and the fuzzer keep passes the depth check.
#[test]
fn no_committed_pdf_is_refused_as_too_deep() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seen = 0;
    for dir in [
        root.join("tests/fixtures"),
        root.join("../cli/tests/fixtures/formats"),
        root.join("../../fuzz/corpus/pdf"),
    ] {
        for entry in std::fs::read_dir(&dir).expect("fixture dir") {
            let path = entry.expect("entry").path();
            let bytes = std::fs::read(&path).expect("fixture");
            if !bytes.starts_with(b"%PDF") {
                continue;
            }
            seen += 1;
            let r = xxgk_pdf::read(&bytes);
            assert!(!too_deep(&r), "{}", path.display());
            if let Err(ReadError::Invalid(m)) = &r {
                assert!(!m.contains("MB"), "{}: {m}", path.display());
            }
        }
    }
    assert!(seen >= 15, "{seen}");
}
