//! Loading inputs: report files of any supported format, or canonical JSON/TOML.

use anyhow::{Context as _, Result};
use std::path::{Path, PathBuf};
use xxgk_model::{DocFormat, Finding, Report};

/// Extensions considered when walking folders.
const EXTENSIONS: &[&str] = &[
    "txt", "md", "markdown", "htm", "html", "shtml", "docx", "pdf", "xlsx", "xls", "json",
];

/// Files under the given paths (folders walked recursively, sorted).
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
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
    Ok(out)
}

/// A loaded input.
pub enum Loaded {
    /// A report, with the decoded text when it was read from a text document.
    Report {
        report: Box<Report>,
        text: Option<String>,
        extraction: Option<Box<xxgk_extract::Extraction>>,
    },
    /// Read, but not as a report (empty, binary, too large, unsupported).
    Unreadable { reason: String },
}

/// Why a file could not even be opened.
pub enum LoadError {
    /// I/O failure.
    Io(String),
}

impl Loaded {
    /// Check findings.
    pub fn findings(&self) -> Vec<Finding> {
        match self {
            Loaded::Report {
                report,
                extraction: Some(ex),
                ..
            } => {
                let _ = report;
                xxgk_check::check(&xxgk_check::Context::extracted(ex))
            }
            Loaded::Report {
                report,
                extraction: None,
                ..
            } => xxgk_check::check(&xxgk_check::Context::new(report)),
            Loaded::Unreadable { reason } => vec![xxgk_check::unreadable("", reason)],
        }
    }
}

/// Reads one file.
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    let name = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| LoadError::Io(format!("无法读取 / cannot read: {e}")))?;
    if xxgk_read::sniff(&name, &bytes) == DocFormat::Json {
        return Ok(match serde_json::from_slice::<Report>(&bytes) {
            Ok(r) => Loaded::Report {
                report: Box::new(r),
                text: None,
                extraction: None,
            },
            Err(e) => Loaded::Unreadable {
                reason: format!(
                    "不是有效的 xxgk/report@1 JSON / not valid xxgk/report@1 JSON: {e}"
                ),
            },
        });
    }
    match xxgk_pdf::read_any(&name, &bytes) {
        Ok(doc) => {
            let ex = xxgk_extract::extract(&doc, &name);
            Ok(Loaded::Report {
                report: Box::new(ex.report.clone()),
                text: Some(doc.text),
                extraction: Some(Box::new(ex)),
            })
        }
        Err(e) => Ok(Loaded::Unreadable {
            reason: e.to_string(),
        }),
    }
}

/// Reads canonical JSON or TOML.
pub fn load_canonical(path: &Path) -> Result<Report> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("无法读取 / cannot read {}", path.display()))?;
    let is_toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    if is_toml {
        toml::from_str(&text).with_context(|| {
            format!(
                "{} 不是有效的报告 TOML / not a valid report TOML",
                path.display()
            )
        })
    } else {
        serde_json::from_str(&text).with_context(|| {
            format!(
                "{} 不是有效的 xxgk/report@1 JSON / not valid xxgk/report@1 JSON",
                path.display()
            )
        })
    }
}
