//! The one entry point of xxgk: a file's bytes in, an [`Analysis`] out.
//!
//! [`analyse`] sniffs the format once from the content ([`xxgk_document::sniff`], the name
//! is only a hint), picks the reader ([`read_any`]: text, HTML, DOCX/DOC, XLSX/XLS, PDF),
//! extracts the canonical report and runs the checker. Canonical JSON (`xxgk/report@1`)
//! is checked as it is. A file that is not a report — empty, binary, damaged, encrypted,
//! a scan — is not an error of the call: its analysis carries the reader's error and one
//! S001 finding, so that a batch goes on.
//!
//! The command line, the server and the workers all call this crate; [`for_each_ordered`]
//! runs a batch in parallel and hands each result over in input order as soon as it and
//! every earlier one are done, so a batch's memory does not grow with its size.
//!
//! ```
//! let text = "某某县交通运输局2025年政府信息公开工作年度报告\n一、总体情况\n本局……\n";
//! let a = xxgk_analyse::analyse("a.txt", text.as_bytes(), &xxgk_analyse::Options::default());
//! assert_eq!(a.format, xxgk_model::DocFormat::Txt);
//! assert!(a.error.is_none());
//! // tables two to four are missing: S003, never invented zeros
//! assert!(a.findings.iter().any(|f| f.code == "S003"));
//! assert!(a.report().is_some_and(|r| r.requests.is_none()));
//! ```
#![deny(missing_docs)]

use std::path::{Path, PathBuf};
use xxgk_check::Selection;
use xxgk_document::{Document, MAX_INPUT_BYTES, ReadError, sniff};
use xxgk_extract::Extraction;
use xxgk_model::{DocFormat, Finding, Report};

/// Largest PDF accepted, in bytes (scanned attachments and embedded fonts make PDFs larger
/// than the other formats); every other format is limited to [`MAX_INPUT_BYTES`].
pub const MAX_PDF_BYTES: usize = xxgk_pdf::MAX_PDF_BYTES;

/// Reads a report of any supported format into the neutral document: the format is
/// sniffed from the content, `name` is a hint.
///
/// ```
/// let doc = xxgk_analyse::read_any("x.txt", "规章\t0\t0\t3\n".as_bytes()).unwrap();
/// assert_eq!(doc.rows[0].cells[3].text, "3");
/// assert!(xxgk_analyse::read_any("x.pdf", b"%PDF-1.7 broken").is_err());
/// ```
pub fn read_any(name: &str, bytes: &[u8]) -> Result<Document, ReadError> {
    read_as(sniff(name, bytes), bytes)
}

/// Reads with the reader of `format`.
fn read_as(format: DocFormat, bytes: &[u8]) -> Result<Document, ReadError> {
    let limit = if format == DocFormat::Pdf {
        MAX_PDF_BYTES
    } else {
        MAX_INPUT_BYTES
    };
    if bytes.len() > limit {
        return Err(ReadError::TooLarge(bytes.len()));
    }
    match format {
        DocFormat::Txt | DocFormat::Md => xxgk_read::read_text(bytes, format),
        DocFormat::Html => xxgk_read::read_html(bytes),
        DocFormat::Docx => xxgk_read::read_docx(bytes),
        DocFormat::Xlsx => xxgk_read::read_spreadsheet(bytes),
        DocFormat::Pdf => xxgk_pdf::read(bytes),
        DocFormat::Json => Err(ReadError::Unsupported("JSON")),
    }
}

/// How to analyse.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Which rules run (all by default).
    pub selection: Selection,
}

/// What became of one file.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The name it was analysed under (the path as given).
    pub name: String,
    /// The format it was read as.
    pub format: DocFormat,
    /// The extraction (report, observations, layout), absent when the file could not be
    /// read as a report.
    pub extraction: Option<Extraction>,
    /// The laid-out text of the document, for showing a finding's source line (absent for
    /// canonical JSON and unreadable files).
    pub text: Option<String>,
    /// The findings, sorted by position (an unreadable file has one S001).
    pub findings: Vec<Finding>,
    /// Why the file could not be read as a report.
    pub error: Option<AnalyseError>,
}

impl Analysis {
    /// The canonical report, when the file was read as one.
    pub fn report(&self) -> Option<&Report> {
        self.extraction.as_ref().map(|e| &e.report)
    }
    /// Line `n` (1-based) of the laid-out source text.
    pub fn source_line(&self, n: u32) -> Option<&str> {
        let text = self.text.as_deref()?;
        text.split('\n').nth((n as usize).checked_sub(1)?)
    }
}

/// Why a file was not read as a report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnalyseError {
    /// The reader refused it.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// Canonical JSON that does not parse as `xxgk/report@1`.
    #[error("不是有效的 xxgk/report@1 JSON / not valid xxgk/report@1 JSON: {0}")]
    Canonical(String),
}

/// Analyses one file's bytes.
pub fn analyse(name: &str, bytes: &[u8], options: &Options) -> Analysis {
    let format = sniff(name, bytes);
    let sel = &options.selection;
    let canonical = format == DocFormat::Json;
    let (extraction, text, error) = if canonical {
        match serde_json::from_slice::<Report>(bytes) {
            Ok(mut r) => {
                if r.source.path.is_empty() {
                    r.source.path = name.to_string();
                }
                (Some(Extraction::canonical(r)), None, None)
            }
            Err(e) => (None, None, Some(AnalyseError::Canonical(e.to_string()))),
        }
    } else {
        match read_as(format, bytes) {
            Ok(doc) => {
                let ex = xxgk_extract::extract(&doc, name);
                (Some(ex), Some(doc.text), None)
            }
            Err(e) => (None, None, Some(AnalyseError::Read(e))),
        }
    };
    if let Some(e) = error {
        return refused(name, format, e, options);
    }
    let mut findings = match &extraction {
        // canonical JSON has no layout to judge: the rules see the report alone
        Some(ex) if canonical => {
            xxgk_check::check_selected(&xxgk_check::Context::new(&ex.report), sel)
        }
        Some(ex) => xxgk_check::check_selected(&xxgk_check::Context::extracted(ex), sel),
        None => Vec::new(),
    };
    for f in &mut findings {
        f.file = name.to_string();
    }
    Analysis {
        name: name.to_string(),
        format,
        extraction,
        text,
        findings,
        error: None,
    }
}

/// A file that could not be opened at all (the analysis of its bytes never started).
#[derive(Debug, thiserror::Error)]
#[error("{}: 无法读取 / cannot read: {source}", path.display())]
pub struct OpenError {
    /// The file.
    pub path: PathBuf,
    /// The I/O error.
    pub source: std::io::Error,
}

/// Reads and analyses one file. A file larger than its format's limit is refused from its
/// size and first bytes, without being read whole.
pub fn analyse_path(path: &Path, options: &Options) -> Result<Analysis, OpenError> {
    use std::io::Read as _;
    let open_error = |source| OpenError {
        path: path.to_path_buf(),
        source,
    };
    let name = path.display().to_string();
    let len = std::fs::metadata(path).map_err(open_error)?.len();
    if len > MAX_INPUT_BYTES as u64 {
        let mut head = Vec::with_capacity(1024);
        std::fs::File::open(path)
            .and_then(|f| f.take(1024).read_to_end(&mut head))
            .map_err(open_error)?;
        let format = sniff(&name, &head);
        if format != DocFormat::Pdf || len > MAX_PDF_BYTES as u64 {
            let size = usize::try_from(len).unwrap_or(usize::MAX);
            return Ok(refused(
                &name,
                format,
                ReadError::TooLarge(size).into(),
                options,
            ));
        }
    }
    let bytes = std::fs::read(path).map_err(open_error)?;
    Ok(analyse(&name, &bytes, options))
}

/// The analysis of a file the reader refused.
fn refused(name: &str, format: DocFormat, error: AnalyseError, options: &Options) -> Analysis {
    let findings = xxgk_check::unreadable_selected(name, &error.to_string(), &options.selection)
        .into_iter()
        .collect();
    Analysis {
        name: name.to_string(),
        format,
        extraction: None,
        text: None,
        findings,
        error: Some(error),
    }
}

/// File extensions taken when a folder is walked.
pub const EXTENSIONS: &[&str] = &[
    "txt", "md", "markdown", "htm", "html", "shtml", "xhtml", "docx", "doc", "wps", "pdf", "xlsx",
    "xls", "json",
];

/// The files under the given paths: folders are walked recursively (files with one of
/// [`EXTENSIONS`], sorted by path), files are taken as given.
pub fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .into_iter()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .filter(|f| {
                    f.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
                })
                .collect();
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    out
}

/// How many items of a batch are in flight at once per worker thread: enough to keep
/// every core busy past one slow file, few enough that memory stays flat.
const WINDOW_PER_THREAD: usize = 32;

/// Runs `work` on every item in parallel (rayon's pool) and hands the results to `emit` in
/// input order, each as soon as it and every earlier one are done. At most a bounded
/// window of results is held at once, whatever the number of items; `emit` runs on the
/// calling thread and may stop the batch by returning an error.
///
/// ```
/// let mut seen = Vec::new();
/// let items: Vec<u32> = (0..1000).collect();
/// xxgk_analyse::for_each_ordered(&items, |x| x * 2, |i, y| {
///     seen.push((i, y));
///     Ok::<(), ()>(())
/// })
/// .unwrap();
/// assert_eq!(seen.len(), 1000);
/// assert!(seen.iter().enumerate().all(|(k, &(i, y))| k == i && y == 2 * i as u32));
/// ```
pub fn for_each_ordered<T, R, E>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut emit: impl FnMut(usize, R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    use rayon::prelude::*;
    let window = (rayon::current_num_threads() * WINDOW_PER_THREAD).max(1);
    let mut start = 0;
    for chunk in items.chunks(window) {
        let results: Vec<R> = chunk.par_iter().map(&work).collect();
        for (k, r) in results.into_iter().enumerate() {
            emit(start + k, r)?;
        }
        start += chunk.len();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_is_checked_as_it_is() {
        let mut r = xxgk_testkit::generate(7);
        r.source.path = String::new();
        let json = serde_json::to_vec(&r).expect("json");
        let a = analyse("r.json", &json, &Options::default());
        assert_eq!(a.format, DocFormat::Json);
        assert!(a.error.is_none(), "{:?}", a.error);
        assert!(a.findings.is_empty(), "{:?}", a.findings);
        assert_eq!(a.report().map(|r| r.source.path.as_str()), Some("r.json"));
    }

    #[test]
    fn broken_canonical_json_is_one_s001() {
        let a = analyse(
            "r.json",
            br#"{"schema": "xxgk/report@1", "year": "x"}"#,
            &Options::default(),
        );
        assert!(matches!(a.error, Some(AnalyseError::Canonical(_))));
        assert_eq!(a.findings.len(), 1);
        assert_eq!(a.findings[0].code, "S001");
        assert_eq!(a.findings[0].file, "r.json");
    }

    #[test]
    fn size_limits_by_format() {
        let big = vec![b' '; MAX_INPUT_BYTES + 1];
        assert_eq!(read_any("a.txt", &big), Err(ReadError::TooLarge(big.len())));
        let mut pdf = b"%PDF-1.7\n".to_vec();
        pdf.resize(MAX_INPUT_BYTES + 1, b' ');
        // a PDF may be larger than the other formats: refused for what it is, not its size
        assert!(!matches!(
            read_any("a.pdf", &pdf),
            Err(ReadError::TooLarge(_))
        ));
        pdf.resize(MAX_PDF_BYTES + 1, b' ');
        assert_eq!(read_any("a.pdf", &pdf), Err(ReadError::TooLarge(pdf.len())));
    }

    #[test]
    fn every_format_is_sniffed_once_and_read_by_its_reader() {
        let r = xxgk_testkit::generate(3);
        let md = xxgk_render::markdown(&r);
        let html = xxgk_render::html(&r);
        let docx = xxgk_render::docx(&r).expect("docx");
        let xlsx = xxgk_render::xlsx(&r).expect("xlsx");
        // names that lie about the format: the content decides
        for (name, bytes, format) in [
            ("a.bin", md.as_bytes(), DocFormat::Txt),
            ("a.txt", html.as_bytes(), DocFormat::Html),
            ("a.txt", &docx[..], DocFormat::Docx),
            ("a.docx", &xlsx[..], DocFormat::Xlsx),
        ] {
            let a = analyse(name, bytes, &Options::default());
            assert_eq!(a.format, format, "{name}");
            let got = a.report().expect("a report");
            assert_eq!(got.requests, r.requests, "{format:?}");
            assert_eq!(got.appeals, r.appeals, "{format:?}");
        }
    }

    #[test]
    fn unreadable_input_is_one_s001_naming_the_file() {
        for (bytes, why) in [
            (&b""[..], "文件为空"),
            (&[0u8, 159, 146, 150, 0, 1, 2][..], "二进制"),
            (&b"%PDF-1.7\n broken"[..], "损坏"),
        ] {
            let a = analyse("x/y.pdf", bytes, &Options::default());
            assert!(a.error.is_some());
            assert_eq!(a.findings.len(), 1, "{why}");
            assert_eq!(a.findings[0].code, "S001");
            assert_eq!(a.findings[0].file, "x/y.pdf");
            assert!(
                a.findings[0].message.contains(why),
                "{}",
                a.findings[0].message
            );
        }
    }

    #[test]
    fn a_selection_picks_rules_before_they_run() {
        let text = "某某县交通运输局2025年政府信息公开工作年度报告\n一、总体情况\n本局……\n";
        let all = analyse("a.txt", text.as_bytes(), &Options::default());
        assert!(all.findings.iter().any(|f| f.code == "S003"));
        let sel = Selection::new(&["S00".into()], &["S003".into()]).expect("valid");
        let some = analyse("a.txt", text.as_bytes(), &Options { selection: sel });
        assert!(!some.findings.is_empty());
        assert!(
            some.findings
                .iter()
                .all(|f| f.code.starts_with("S00") && f.code != "S003")
        );
    }

    #[test]
    fn ordered_batches_stop_on_the_first_error() {
        let items: Vec<usize> = (0..500).collect();
        let mut n = 0;
        let r = for_each_ordered(
            &items,
            |x| *x,
            |i, _| {
                n += 1;
                if i == 300 { Err(i) } else { Ok(()) }
            },
        );
        assert_eq!(r, Err(300));
        assert_eq!(n, 301);
    }
}
