//! How deeply a PDF's object syntax nests, measured before the PDF library sees the bytes.
//!
//! pdf_oxide parses arrays and dictionaries recursively, with no bound: about 2,000 nested
//! `[` in a content stream (4 KB, and usually Flate-compressed, so invisible in the raw
//! bytes) or 5,000 in an object overflow a 2 MiB thread stack, and a stack overflow aborts
//! the whole process (no `catch_unwind` contains it). [`check`] refuses such a file first.
//!
//! It reads the bytes as PDF tokens, in one pass: string literals `( … )` (escapes, nested
//! parentheses), hex strings `< … >` (ended early by any byte that is not a hex digit, so
//! they can hide nothing), comments `% … EOL`, inline image data (`ID` … `EI`) and the data
//! of streams are skipped; `[` and `<<` open a level, `]` and `>>` close one. The data of
//! every stream that the library parses as PDF syntax — content streams, object streams,
//! CMaps, anything not known to be binary — is scanned too, decoded first:
//!
//! - `FlateDecode` alone (nearly every stream): inflated as it is scanned, from the
//!   `stream` keyword to the end of the deflate data (so a wrong or indirect `/Length`
//!   hides nothing), with the library's recovery attempts when the zlib header is broken;
//! - chains of `FlateDecode`, `ASCIIHexDecode`, `ASCII85Decode`, `RunLengthDecode` and
//!   `LZWDecode`: decoded stage by stage in memory;
//! - `BrotliDecode` and unknown filters: not decoded (the large stack the library runs on
//!   is the defence there, see `backend.rs`).
//!
//! Streams whose dictionary says their bytes are binary (images and thumbnails, fonts, ICC
//! profiles, shadings, sampled functions, embedded files, cross-reference streams, XML
//! metadata, DCT/JPX/JBIG2/CCITT data) are not scanned: their random bytes would read as
//! random depths. A stream whose decoded bytes are not text outside its strings (binary
//! data the dictionary does not declare, such as `/CIDSet`) is held to
//! [`MAX_BINARY_DEPTH`] instead, far above what random bytes reach and well within the
//! parser's large stack. A page's content streams are concatenated before they are parsed, so the
//! levels a stream leaves open count towards the following ones. Streams of an encrypted
//! file are not decrypted: their bytes inflate to nothing or to garbage, which is not
//! held against the file (their nesting is left to the large stack).
//!
//! The decoding is bounded like the library's own: [`MAX_STREAM_INFLATED`] per stream (the
//! library refuses a longer stream), [`MAX_TOTAL_INFLATED`] for the whole file (a file past
//! it is refused), and the inflaters read at most four times the file (a deflate stream
//! read to its end could otherwise walk the rest of the file once per stream). Time is
//! linear in the input and the decoded bytes; a single Flate stream is never held in
//! memory, a chain holds one stage at a time.

use flate2::bufread::{DeflateDecoder, ZlibDecoder};
use std::cell::Cell;
use std::io::{BufRead, Read};
use xxgk_document::ReadError;

/// Deepest nesting of arrays and dictionaries accepted. Report PDFs nest a few levels
/// (a page tree, a `TJ` array, a font's `/W` array of arrays: 5 or 6); 256 is far above any
/// real file and far below what a 2 MiB stack holds in the library (about 2,000).
pub const MAX_DEPTH: usize = 256;

/// Deepest nesting accepted in a stream whose bytes outside strings are not text (more
/// than a tenth of them control or non-ASCII bytes): binary data the dictionary does not
/// declare (a `/CIDToGIDMap` or `/CIDSet` stream), whose random brackets walk a few
/// hundred levels deep in a megabyte. Far beyond any random walk the library could be
/// fed, and 4,096 levels take a few megabytes of the parser's 256 MiB stack.
pub const MAX_BINARY_DEPTH: usize = 4096;

/// Inflated bytes scanned per stream at most: the library's own `FlateDecode` limit
/// (256 MB); it refuses a stream that inflates to more, so the rest is never parsed.
pub const MAX_STREAM_INFLATED: u64 = 256 * 1024 * 1024;

/// Inflated bytes scanned per file at most; a file whose PDF-syntax streams inflate to
/// more is refused (a report's content streams are a few megabytes).
pub const MAX_TOTAL_INFLATED: u64 = 256 * 1024 * 1024;

/// Refuses a PDF whose object syntax nests deeper than [`MAX_DEPTH`], or whose
/// PDF-syntax streams inflate to more than [`MAX_TOTAL_INFLATED`].
pub fn check(bytes: &[u8]) -> Result<(), ReadError> {
    let budget = Budget {
        out: Cell::new(MAX_TOTAL_INFLATED),
        input: Cell::new(4 * bytes.len() as u64 + (16 << 20)),
    };
    let mut carry = Carry::default();
    let mut lexer = Lexer::new(false);
    let mut at = 0usize;
    while at < bytes.len() {
        let Some(rest) = bytes.get(at..) else { break };
        let event = lexer.scan(rest, MAX_DEPTH);
        if lexer.too_deep {
            return Err(too_deep());
        }
        let Some(keyword_end) = event else { break };
        let keyword_end = at + keyword_end;
        // the stream's dictionary: the last one closed before the keyword
        let dict = match lexer.last_dict {
            Some((s, e)) if e <= keyword_end => bytes.get(at + s..at + e).unwrap_or(&[]),
            _ => &[][..],
        };
        let start = data_start(bytes, keyword_end);
        let end = find(bytes, b"endstream", start).unwrap_or(bytes.len());
        let data = bytes.get(start..end).unwrap_or(&[]);
        let whole = bytes.get(start..).unwrap_or(&[]);
        carry = stream(dict, data, whole, carry, &budget)?;
        // resume after `endstream` at the depth the stream began
        let depth = lexer.depth;
        lexer = Lexer::new(false);
        lexer.depth = depth;
        at = (end + b"endstream".len()).min(bytes.len()).max(at + 1);
    }
    Ok(())
}

fn too_deep() -> ReadError {
    ReadError::Invalid(format!(
        "PDF 嵌套过深（数组或字典超过 {MAX_DEPTH} 层），拒绝读取 / \
         the PDF's arrays or dictionaries are nested too deeply (more than {MAX_DEPTH} levels)"
    ))
}

fn too_much() -> ReadError {
    ReadError::Invalid(format!(
        "PDF 压缩内容解压后超过 {} MB，拒绝读取 / \
         the PDF's compressed content inflates to more than {} MB",
        MAX_TOTAL_INFLATED >> 20,
        MAX_TOTAL_INFLATED >> 20
    ))
}

/// Where a stream's data begins: after the end of line that follows `stream`.
fn data_start(bytes: &[u8], keyword_end: usize) -> usize {
    match (bytes.get(keyword_end), bytes.get(keyword_end + 1)) {
        (Some(b'\r'), Some(b'\n')) => keyword_end + 2,
        (Some(b'\r' | b'\n'), _) => keyword_end + 1,
        (Some(b' ' | b'\t'), _) => {
            // tolerate blanks before the end of line
            let mut i = keyword_end;
            while matches!(bytes.get(i), Some(b' ' | b'\t')) {
                i += 1;
            }
            data_start(bytes, i).max(i)
        }
        _ => keyword_end,
    }
}

/// The first occurrence of `needle` in `hay` at or after `from`.
fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let first = *needle.first()?;
    let mut i = from;
    while let Some(rest) = hay.get(i..) {
        let p = rest.iter().position(|&b| b == first)?;
        let at = i + p;
        if hay.get(at..at + needle.len()) == Some(needle) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// What the decoding may still use: bytes of output, and bytes of input read by the
/// inflaters (a deflate stream read to its end could otherwise walk the rest of the file
/// once per stream).
struct Budget {
    out: Cell<u64>,
    input: Cell<u64>,
}

/// A slice read through [`BufRead`], each consumed byte charged to an input budget; an
/// error once the budget is spent.
struct Metered<'a> {
    data: &'a [u8],
    left: &'a Cell<u64>,
}

impl<'a> Metered<'a> {
    fn new(data: &'a [u8], left: &'a Cell<u64>) -> Self {
        Metered { data, left }
    }
}

impl Read for Metered<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = {
            let avail = self.fill_buf()?;
            let n = avail.len().min(buf.len());
            if let (Some(d), Some(s)) = (buf.get_mut(..n), avail.get(..n)) {
                d.copy_from_slice(s);
            }
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Metered<'_> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        let left = self.left.get();
        if left == 0 && !self.data.is_empty() {
            return Err(std::io::Error::other("PDF depth check: input budget spent"));
        }
        let n = self.data.len().min(64 * 1024).min(left as usize);
        Ok(self.data.get(..n).unwrap_or(&[]))
    }
    fn consume(&mut self, n: usize) {
        let n = n.min(self.data.len());
        self.data = self.data.get(n..).unwrap_or(&[]);
        self.left.set(self.left.get().saturating_sub(n as u64));
    }
}

/// The levels the streams scanned so far left open: a page's content streams are
/// concatenated and parsed as one, so the next stream nests on from them. Text streams
/// count towards [`MAX_DEPTH`]; every scanned stream, binary-looking ones too, towards
/// [`MAX_BINARY_DEPTH`].
#[derive(Clone, Copy, Debug, Default)]
struct Carry {
    text: usize,
    all: usize,
}

/// Scans one stream. `data` runs to the first `endstream`, `whole` to the end of the file
/// (a deflate stream ends itself). Returns the new carry.
fn stream(
    dict: &[u8],
    data: &[u8],
    whole: &[u8],
    carry: Carry,
    budget: &Budget,
) -> Result<Carry, ReadError> {
    let info = StreamInfo::of(dict);
    if info.binary {
        return Ok(carry);
    }
    let readings = match info.filter {
        Filter::None => vec![scan_bytes(data)],
        Filter::Flate => inflate_and_scan(whole, budget)?,
        Filter::Chain(kinds) => vec![scan_bytes(&decode_chain(&kinds, data, whole, budget)?)],
        // filters the scan does not decode (see the module docs)
        Filter::Other => Vec::new(),
    };
    let (mut text, mut all) = (0, 0);
    for r in readings {
        if r.too_deep || carry.all + r.max > MAX_BINARY_DEPTH {
            return Err(too_deep());
        }
        // what a failed inflation gave is garbage (an encrypted stream's bytes, a wrong
        // recovery attempt) unless it reads as text: the library drops such output
        if r.ok || r.textual() {
            all = all.max(r.open);
        }
        // text (a content stream) is held to the lower limit
        if r.textual() {
            if carry.text + r.max > MAX_DEPTH {
                return Err(too_deep());
            }
            text = text.max(r.open);
        }
    }
    Ok(Carry {
        text: carry.text + text,
        all: carry.all + all,
    })
}

/// What scanning a stream's decoded bytes found.
#[derive(Debug, Default, PartialEq, Eq)]
struct Reading {
    /// Whether the data ended cleanly (a deflate stream's end, not an error).
    ok: bool,
    /// Deepest nesting reached, and the levels left open at the end.
    max: usize,
    open: usize,
    /// Past [`MAX_BINARY_DEPTH`] (the scan stopped there).
    too_deep: bool,
    /// Bytes outside strings, comments and inline images: text, and not text.
    text: u64,
    junk: u64,
}

impl Reading {
    fn of(lexer: &Lexer, ok: bool) -> Reading {
        Reading {
            ok,
            max: lexer.max,
            open: lexer.depth,
            too_deep: lexer.too_deep,
            text: lexer.text,
            junk: lexer.junk,
        }
    }
    /// Mostly text outside strings: PDF syntax, held to [`MAX_DEPTH`]; otherwise binary
    /// data the dictionary did not declare, held to [`MAX_BINARY_DEPTH`].
    fn textual(&self) -> bool {
        self.junk * 10 <= self.text + self.junk
    }
}

fn scan_bytes(data: &[u8]) -> Reading {
    let mut lexer = Lexer::new(true);
    lexer.scan(data, MAX_BINARY_DEPTH);
    Reading::of(&lexer, true)
}

/// Inflates a Flate stream the ways the library tries (zlib; unless that ends cleanly, raw
/// deflate at the start, after two bytes, zlib with the header's method fixed, raw
/// deflate at the first 20 offsets), scanning each output.
fn inflate_and_scan(data: &[u8], budget: &Budget) -> Result<Vec<Reading>, ReadError> {
    if data.is_empty() {
        return Ok(Vec::new());
    }
    let metered = |from: usize| Metered::new(data.get(from..).unwrap_or(&[]), &budget.input);
    let mut readings = vec![scan_reader(ZlibDecoder::new(metered(0)), budget)?];
    // a partial output may be rejected by the library, which then tries the other ways
    let done = |r: &[Reading]| r.last().is_some_and(|r| r.ok || r.too_deep);
    if done(&readings) {
        return Ok(readings);
    }
    readings.push(scan_reader(DeflateDecoder::new(metered(0)), budget)?);
    if done(&readings) {
        return Ok(readings);
    }
    if data.len() > 2 {
        readings.push(scan_reader(DeflateDecoder::new(metered(2)), budget)?);
        if done(&readings) {
            return Ok(readings);
        }
    }
    if let Some(&first) = data.first()
        && first & 0x0F != 8
    {
        // the first byte replaced, the rest read in place (`data` runs to the end of the
        // file: no copy)
        let head = [(first & 0xF0) | 0x08];
        let input = (&head[..]).chain(metered(1));
        readings.push(scan_reader(ZlibDecoder::new(input), budget)?);
        if done(&readings) {
            return Ok(readings);
        }
    }
    for offset in (1..20usize.min(data.len())).filter(|&o| o != 2) {
        readings.push(scan_reader(DeflateDecoder::new(metered(offset)), budget)?);
        if done(&readings) {
            return Ok(readings);
        }
    }
    Ok(readings)
}

/// Scans what `reader` inflates, in chunks, up to [`MAX_STREAM_INFLATED`] bytes.
fn scan_reader(reader: impl Read, budget: &Budget) -> Result<Reading, ReadError> {
    let mut reader = reader.take(MAX_STREAM_INFLATED);
    let mut lexer = Lexer::new(true);
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match reader.read(&mut buf) {
            // the end of the deflate data, or the per-stream limit (the library refuses
            // the stream past it)
            Ok(0) => return Ok(Reading::of(&lexer, true)),
            Ok(n) => {
                let left = budget
                    .out
                    .get()
                    .checked_sub(n as u64)
                    .ok_or_else(too_much)?;
                budget.out.set(left);
                lexer.scan(buf.get(..n).unwrap_or(&[]), MAX_BINARY_DEPTH);
                if lexer.too_deep {
                    return Ok(Reading::of(&lexer, false));
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) if budget.input.get() == 0 => return Err(too_much()),
            Err(_) => return Ok(Reading::of(&lexer, false)),
        }
    }
}

/// Decodes a chain of filters stage by stage, each stage's output bounded by
/// [`MAX_STREAM_INFLATED`] and charged to the file's budget. A stage stops at the first
/// byte it cannot decode (the library then fails the whole stream: nothing it would
/// parse is missed). A first Flate stage reads to the end of its deflate data.
fn decode_chain(
    kinds: &[Kind],
    data: &[u8],
    whole: &[u8],
    budget: &Budget,
) -> Result<Vec<u8>, ReadError> {
    let mut cur: Vec<u8> = Vec::new();
    for (i, kind) in kinds.iter().enumerate() {
        let input: &[u8] = match (i, kind) {
            (0, Kind::Flate) => whole,
            (0, _) => data,
            _ => &cur,
        };
        let mut out = Vec::new();
        let cap = MAX_STREAM_INFLATED.min(budget.out.get()) as usize;
        let full = match kind {
            Kind::Flate => {
                let mut r =
                    ZlibDecoder::new(Metered::new(input, &budget.input)).take(cap as u64 + 1);
                let _ = r.read_to_end(&mut out);
                if budget.input.get() == 0 {
                    return Err(too_much());
                }
                out.len() > cap
            }
            Kind::AsciiHex => ascii_hex(input, &mut out, cap),
            Kind::Ascii85 => ascii85(input, &mut out, cap),
            Kind::RunLength => run_length(input, &mut out, cap),
            Kind::Lzw => lzw(input, &mut out, cap),
        };
        if full {
            if budget.out.get() < MAX_STREAM_INFLATED {
                return Err(too_much());
            }
            // the library refuses a stream this long: what it would parse is scanned
            out.truncate(cap);
        }
        budget
            .out
            .set(budget.out.get().saturating_sub(out.len() as u64));
        cur = out;
    }
    Ok(cur)
}

/// `ASCIIHexDecode`: whitespace and `>` skipped (as the library does), stops at any
/// other byte that is not a hex digit. These return whether `out` went past `cap`.
fn ascii_hex(input: &[u8], out: &mut Vec<u8>, cap: usize) -> bool {
    let mut high: Option<u8> = None;
    for &b in input {
        if b.is_ascii_whitespace() || b == b'>' {
            continue;
        }
        let Some(v) = (b as char).to_digit(16) else {
            break;
        };
        let v = v as u8;
        match high.take() {
            None => high = Some(v),
            Some(h) => out.push(h << 4 | v),
        }
        if out.len() > cap {
            return true;
        }
    }
    if let Some(h) = high {
        out.push(h << 4);
    }
    out.len() > cap
}

/// `ASCII85Decode`, to `~` or the first byte outside the alphabet.
fn ascii85(input: &[u8], out: &mut Vec<u8>, cap: usize) -> bool {
    let (mut acc, mut count) = (0u32, 0usize);
    for &b in input {
        match b {
            b'~' => break,
            b'z' if count == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                acc = acc.wrapping_mul(85).wrapping_add(u32::from(b - b'!'));
                count += 1;
                if count == 5 {
                    out.extend_from_slice(&acc.to_be_bytes());
                    (acc, count) = (0, 0);
                }
            }
            _ if b.is_ascii_whitespace() => {}
            _ => break,
        }
        if out.len() > cap {
            return true;
        }
    }
    if count > 1 {
        for _ in count..5 {
            acc = acc.wrapping_mul(85).wrapping_add(84);
        }
        out.extend(acc.to_be_bytes().iter().take(count - 1));
    }
    out.len() > cap
}

/// `RunLengthDecode`, to its end-of-data byte (128).
fn run_length(input: &[u8], out: &mut Vec<u8>, cap: usize) -> bool {
    let mut i = 0;
    while let Some(&n) = input.get(i) {
        match n {
            0..=127 => {
                let end = (i + 2 + n as usize).min(input.len());
                out.extend(input.get(i + 1..end).unwrap_or(&[]));
                i = end;
            }
            128 => break,
            _ => {
                if let Some(&b) = input.get(i + 1) {
                    out.extend(std::iter::repeat_n(b, 257 - n as usize));
                }
                i += 2;
            }
        }
        if out.len() > cap {
            return true;
        }
    }
    false
}

/// `LZWDecode` as the library reads it: weezl (most significant bit first, 8-bit codes),
/// and when weezl fails, again with the code size switched one code early (the library's
/// own decoder); both outputs are then scanned, one after the other.
fn lzw(input: &[u8], out: &mut Vec<u8>, cap: usize) -> bool {
    let late = weezl::decode::Decoder::new(weezl::BitOrder::Msb, 8);
    let early = weezl::decode::Decoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8);
    for mut decoder in [late, early] {
        let mut buf = vec![0u8; 64 * 1024];
        let mut rest = input;
        let failed = loop {
            let r = decoder.decode_bytes(rest, &mut buf);
            out.extend(buf.get(..r.consumed_out).unwrap_or(&[]));
            rest = rest.get(r.consumed_in..).unwrap_or(&[]);
            if out.len() > cap {
                return true;
            }
            match r.status {
                Ok(weezl::LzwStatus::Ok) if r.consumed_in + r.consumed_out > 0 => {}
                Ok(weezl::LzwStatus::Done) => break false,
                // no end code: the library's weezl call fails too
                _ => break true,
            }
        };
        if !failed {
            break;
        }
        // a newline between the two readings ends any comment the first left open
        out.push(b'\n');
    }
    out.len() > cap
}

/// A filter the scan decodes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Flate,
    AsciiHex,
    Ascii85,
    RunLength,
    Lzw,
}

#[derive(Clone, PartialEq, Eq, Debug)]
enum Filter {
    None,
    /// `FlateDecode` alone: inflated as it is scanned, with the library's recovery
    /// attempts.
    Flate,
    /// Any other chain of filters the scan decodes, decoded stage by stage in memory.
    Chain(Vec<Kind>),
    /// A filter the scan does not decode (`BrotliDecode`, an unknown name).
    Other,
}

/// What a stream's dictionary says about its data.
#[derive(Debug)]
struct StreamInfo {
    filter: Filter,
    /// The data is binary (image, font, ICC profile, embedded file, cross-reference
    /// stream, metadata), not PDF syntax.
    binary: bool,
}

impl StreamInfo {
    fn of(dict: &[u8]) -> StreamInfo {
        let toks = tokens(dict);
        fn name(t: &Tok) -> Option<&[u8]> {
            match t {
                Tok::Name(n) => Some(n.as_slice()),
                _ => None,
            }
        }
        let has_key = |k: &[u8]| toks.iter().any(|t| name(t) == Some(k));
        let pair = |k: &[u8], v: &[u8]| {
            toks.windows(2)
                .any(|w| name(&w[0]) == Some(k) && name(&w[1]) == Some(v))
        };
        let mut filters: Vec<Vec<u8>> = Vec::new();
        if let Some(i) = toks.iter().position(|t| name(t) == Some(b"Filter")) {
            match toks.get(i + 1) {
                Some(Tok::Name(n)) => filters.push(n.clone()),
                Some(Tok::Open) => {
                    for t in toks.iter().skip(i + 2) {
                        match t {
                            Tok::Name(n) => filters.push(n.clone()),
                            _ => break,
                        }
                    }
                }
                _ => {}
            }
        }
        let lower: Vec<String> = filters
            .iter()
            .map(|f| String::from_utf8_lossy(f).to_ascii_lowercase())
            .collect();
        let image_filter = lower.iter().any(|f| {
            matches!(
                f.as_str(),
                "dctdecode" | "dct" | "jpxdecode" | "jbig2decode" | "ccittfaxdecode" | "ccf"
            )
        });
        let binary = image_filter
            || pair(b"Subtype", b"Image")
            || pair(b"Type", b"XRef")
            || pair(b"Type", b"EmbeddedFile")
            || pair(b"Type", b"Metadata")
            || pair(b"Subtype", b"Type1C")
            || pair(b"Subtype", b"CIDFontType0C")
            || pair(b"Subtype", b"OpenType")
            || has_key(b"Length1")
            || has_key(b"Length2")
            || has_key(b"Length3")
            || has_key(b"Predictor")
            // image samples, thumbnails, mesh shadings, sampled functions
            || has_key(b"Width")
            || has_key(b"BitsPerComponent")
            || has_key(b"BitsPerSample")
            || pair(b"Subtype", b"XML")
            // an ICC profile: /N without the /First of an object stream
            || (has_key(b"N") && !has_key(b"First"));
        let kinds: Vec<Option<Kind>> = lower
            .iter()
            .map(|f| match f.as_str() {
                "flatedecode" | "fl" => Some(Kind::Flate),
                "asciihexdecode" | "ahx" => Some(Kind::AsciiHex),
                "ascii85decode" | "a85" => Some(Kind::Ascii85),
                "runlengthdecode" | "rl" => Some(Kind::RunLength),
                "lzwdecode" | "lzw" => Some(Kind::Lzw),
                _ => None,
            })
            .collect();
        let filter = match kinds.as_slice() {
            [] => Filter::None,
            [Some(Kind::Flate)] => Filter::Flate,
            k if k.len() <= 8 && k.iter().all(Option::is_some) => {
                Filter::Chain(k.iter().flatten().copied().collect())
            }
            _ => Filter::Other,
        };
        StreamInfo { filter, binary }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Tok {
    /// A name, `#xx` escapes decoded, without the slash.
    Name(Vec<u8>),
    Open,
    Other,
}

/// The tokens of a stream dictionary that classification needs (strings skipped).
fn tokens(d: &[u8]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = d.get(i) {
        match b {
            b'/' => {
                i += 1;
                let mut n = Vec::new();
                while let Some(&c) = d.get(i) {
                    if is_white(c) || is_delim(c) {
                        break;
                    }
                    if c == b'#'
                        && let Some(v) = d
                            .get(i + 1..i + 3)
                            .and_then(|h| std::str::from_utf8(h).ok())
                            .and_then(|h| u8::from_str_radix(h, 16).ok())
                    {
                        n.push(v);
                        i += 3;
                        continue;
                    }
                    n.push(c);
                    i += 1;
                }
                out.push(Tok::Name(n));
            }
            b'[' => {
                out.push(Tok::Open);
                i += 1;
            }
            b'(' => {
                let mut nest = 0usize;
                while let Some(&c) = d.get(i) {
                    i += 1;
                    match c {
                        b'\\' => i += 1,
                        b'(' => nest += 1,
                        b')' => {
                            nest = nest.saturating_sub(1);
                            if nest == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                out.push(Tok::Other);
            }
            c if is_white(c) => i += 1,
            c if is_delim(c) => {
                out.push(Tok::Other);
                i += 1;
            }
            _ => {
                while d.get(i).is_some_and(|&c| !is_white(c) && !is_delim(c)) {
                    i += 1;
                }
                out.push(Tok::Other);
            }
        }
    }
    out
}

fn is_white(b: u8) -> bool {
    matches!(b, 0 | 9 | 10 | 12 | 13 | 32)
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    Normal,
    Comment,
    /// In a literal string: the parentheses open, whether the last byte was a backslash.
    Literal(u32, bool),
    Hex,
    /// The binary data of an inline image (`ID` … `EI`), with how much of a whitespace,
    /// `E`, `I` end was seen.
    Inline(u8),
}

/// A PDF tokenizer that only counts nesting. Fed in chunks; the state carries over.
struct Lexer {
    state: State,
    /// `<` or `>` seen, waiting for the next byte to tell `<<` / `>>` from a hex string.
    lt: bool,
    gt: bool,
    depth: usize,
    /// The deepest level reached.
    max: usize,
    too_deep: bool,
    /// Bytes read as syntax (outside strings, comments, inline images) that are text, and
    /// that are not (control and non-ASCII bytes).
    text: u64,
    junk: u64,
    /// Content-stream mode: `ID` starts inline image data. Object mode: `stream` is
    /// reported to the caller.
    content: bool,
    /// The current regular token's first bytes (enough for `stream`), its length, and
    /// whether it is a name.
    word: [u8; 8],
    word_len: usize,
    name: bool,
    /// Offsets (in the last scanned chunk) of the last top-level dictionary.
    dict_start: usize,
    last_dict: Option<(usize, usize)>,
}

impl Lexer {
    fn new(content: bool) -> Lexer {
        Lexer {
            state: State::Normal,
            lt: false,
            gt: false,
            depth: 0,
            max: 0,
            too_deep: false,
            text: 0,
            junk: 0,
            content,
            word: [0; 8],
            word_len: 0,
            name: false,
            dict_start: 0,
            last_dict: None,
        }
    }

    /// Scans `data`; stops early past `limit` levels (setting `too_deep`) and, in object
    /// mode, after the keyword `stream` (returning the offset just past it).
    fn scan(&mut self, data: &[u8], limit: usize) -> Option<usize> {
        let mut i = 0;
        while let Some(&b) = data.get(i) {
            match self.state {
                State::Comment => {
                    if b == b'\n' || b == b'\r' {
                        self.state = State::Normal;
                    }
                }
                State::Literal(nest, escaped) => {
                    self.state = if escaped {
                        State::Literal(nest, false)
                    } else {
                        match b {
                            b'\\' => State::Literal(nest, true),
                            b'(' => State::Literal(nest + 1, false),
                            b')' if nest <= 1 => State::Normal,
                            b')' => State::Literal(nest - 1, false),
                            _ => State::Literal(nest, false),
                        }
                    };
                }
                State::Hex => {
                    if b == b'>' {
                        self.state = State::Normal;
                    } else if !(b.is_ascii_hexdigit() || is_white(b)) {
                        // not a hex string after all: read the byte as syntax
                        self.state = State::Normal;
                        continue;
                    }
                }
                State::Inline(seen) => {
                    self.state = State::Inline(match (seen, b) {
                        (3, c) if is_white(c) || is_delim(c) => {
                            self.state = State::Normal;
                            continue;
                        }
                        (_, c) if is_white(c) => 1,
                        (1, b'E') => 2,
                        (2, b'I') => 3,
                        _ => 0,
                    });
                }
                State::Normal => {
                    if self.lt {
                        self.lt = false;
                        if b == b'<' {
                            self.open(limit);
                            if self.depth == 1 {
                                self.dict_start = i.saturating_sub(1);
                            }
                            if self.too_deep {
                                return None;
                            }
                            i += 1;
                            continue;
                        }
                        self.state = State::Hex;
                        continue;
                    }
                    if self.gt {
                        self.gt = false;
                        if b == b'>' {
                            if self.depth == 1 {
                                self.last_dict = Some((self.dict_start, i + 1));
                            }
                            self.depth = self.depth.saturating_sub(1);
                            i += 1;
                            continue;
                        }
                    }
                    if b.is_ascii_graphic() || is_white(b) {
                        self.text += 1;
                    } else {
                        self.junk += 1;
                    }
                    let regular = !is_white(b) && !is_delim(b);
                    if regular {
                        if self.word_len < self.word.len() {
                            self.word[self.word_len] = b;
                        }
                        self.word_len += 1;
                        i += 1;
                        continue;
                    }
                    // a word ends here
                    if self.word_len > 0 {
                        let word = self.word.get(..self.word_len).unwrap_or(&[]);
                        let (w, n) = (word == b"stream", word == b"ID");
                        let was_name = self.name;
                        self.word_len = 0;
                        self.name = false;
                        if !was_name {
                            if w && !self.content {
                                return Some(i);
                            }
                            if n && self.content {
                                // the one whitespace after ID belongs to the operator
                                self.state = State::Inline(0);
                                i += 1;
                                continue;
                            }
                        }
                    }
                    self.name = false;
                    match b {
                        b'%' => self.state = State::Comment,
                        b'(' => self.state = State::Literal(1, false),
                        b'<' => self.lt = true,
                        b'>' => self.gt = true,
                        b'[' => {
                            self.open(limit);
                            if self.too_deep {
                                return None;
                            }
                        }
                        b']' => self.depth = self.depth.saturating_sub(1),
                        b'/' => self.name = true,
                        _ => {}
                    }
                }
            }
            i += 1;
        }
        // the end of the data ends a word (the keyword `stream` at the very end is moot)
        None
    }

    fn open(&mut self, limit: usize) {
        self.depth += 1;
        self.max = self.max.max(self.depth);
        if self.depth > limit {
            self.too_deep = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth(s: &[u8]) -> (usize, bool) {
        let mut l = Lexer::new(true);
        l.scan(s, MAX_DEPTH);
        (l.depth, l.too_deep)
    }

    #[test]
    fn strings_comments_and_hex_hide_brackets_but_hex_ends_at_a_non_hex_byte() {
        assert_eq!(
            depth(b"[[ (a[[[\\)[[( [[ ) [[) <0A[ 0B> %[[[\n"),
            (3, false)
        );
        assert_eq!(depth(b"<< /A [ <00 11> ] >>"), (0, false));
        assert_eq!(depth(b"<< /A << /B [ [ "), (4, false));
        assert_eq!(depth(b"<< /A >> ] ] >> ["), (1, false));
    }

    #[test]
    fn binary_bytes_outside_strings_make_a_stream_binary() {
        let text = scan_bytes(b"BT (\xff\xfe\x00\x01\xff\xfe\x00\x01\xff\xfe) Tj ET [");
        assert!(text.textual());
        assert_eq!((text.max, text.open), (1, 1));
        let binary = scan_bytes(b"\x00\x01\xff[[\x9a\x10\xfe\x00");
        assert!(!binary.textual());
    }

    #[test]
    fn inline_image_data_is_skipped_to_ei() {
        assert_eq!(
            depth(b"BI /W 2 /H 2 ID [[[(((\xff EIx [ EI [ Q"),
            (1, false)
        );
    }

    #[test]
    fn past_the_limit_is_too_deep() {
        let mut s = b"[".repeat(MAX_DEPTH);
        assert_eq!(depth(&s), (MAX_DEPTH, false));
        s.extend(b"<<");
        assert!(depth(&s).1);
    }

    #[test]
    fn stream_dictionaries_are_classified() {
        let i = StreamInfo::of(b"<< /Length 5 /Filter /FlateDecode >>");
        assert_eq!((i.filter, i.binary), (Filter::Flate, false));
        let i = StreamInfo::of(b"<</Filter[/Fl#61teDecode]/Type/ObjStm/N 3/First 12>>");
        assert_eq!((i.filter, i.binary), (Filter::Flate, false));
        let i = StreamInfo::of(b"<< /Subtype /Image /Filter /FlateDecode >>");
        assert!(i.binary);
        let i = StreamInfo::of(b"<< /Filter [/FlateDecode /DCTDecode] >>");
        assert!(i.binary);
        assert_eq!(i.filter, Filter::Other);
        let i = StreamInfo::of(b"<< /Length1 300 /Filter /FlateDecode >>");
        assert!(i.binary);
        let i = StreamInfo::of(b"<< /N 3 /Alternate /DeviceRGB >>");
        assert!(i.binary);
        let i = StreamInfo::of(b"<< /Length 3 >>");
        assert_eq!((i.filter, i.binary), (Filter::None, false));
    }

    #[test]
    fn inflating_stops_when_the_input_budget_is_spent() {
        use std::io::Write;
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::none());
        e.write_all(&[b'a'; 100_000]).expect("deflate");
        let z = e.finish().expect("deflate");
        let budget = |input: u64| Budget {
            out: Cell::new(MAX_TOTAL_INFLATED),
            input: Cell::new(input),
        };
        let plenty = budget(1 << 20);
        let r = inflate_and_scan(&z, &plenty).expect("inflated");
        assert_eq!(
            (r.len(), r[0].ok, r[0].max, r[0].text),
            (1, true, 0, 100_000)
        );
        assert_eq!(plenty.out.get(), MAX_TOTAL_INFLATED - 100_000);
        assert_eq!(
            inflate_and_scan(&z, &budget(50_000)).map(|_| ()),
            Err(too_much())
        );
        let small = Budget {
            out: Cell::new(1_000),
            input: Cell::new(1 << 20),
        };
        assert_eq!(inflate_and_scan(&z, &small).map(|_| ()), Err(too_much()));
    }

    #[test]
    fn decoders_stop_at_their_cap() {
        let mut out = Vec::new();
        assert!(ascii_hex(&b"5B".repeat(100), &mut out, 10));
        let mut out = Vec::new();
        assert!(!ascii_hex(b"5B 5b\n5>", &mut out, 10));
        assert_eq!(out, b"[[P");
        let mut out = Vec::new();
        assert!(run_length(&[129, b'[', 128], &mut out, 10));
        let mut out = Vec::new();
        assert!(!run_length(
            &[1, b'a', b'b', 254, b'[', 128, 0, b'x'],
            &mut out,
            10
        ));
        assert_eq!(out, b"ab[[[");
        let mut out = Vec::new();
        assert!(!ascii85(b"9jqo^~>", &mut out, 10));
        assert_eq!(out, b"Man ");
    }

    #[test]
    fn the_stream_keyword_is_found_outside_strings_and_names() {
        let mut l = Lexer::new(false);
        let s = b"1 0 obj << /S /stream /T (stream) >> stream\nxyz";
        let at = l.scan(s, MAX_DEPTH);
        assert_eq!(at, Some(s.len() - 4));
        assert_eq!(l.last_dict, Some((8, 36)));
    }
}
