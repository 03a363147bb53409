//! Findings → text.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde_json::json;
use xxgk_model::{Finding, Severity};

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// Byte span of the cell at (line, column) in `line`, columns in characters: up to the
/// next cell delimiter in a table row, or a short run of prose up to a comma or full stop.
fn span(line: &str, column: u32) -> std::ops::Range<usize> {
    let start = line
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map(|(i, _)| i)
        .unwrap_or(line.len());
    let rest = &line[start..];
    let table = line.contains(['\t', '|']);
    let word = rest
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let end = if word {
        // a Latin word or a number in prose: just that token
        rest.find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len())
    } else if table {
        rest.find(['\t', '|']).unwrap_or(rest.len())
    } else {
        rest.char_indices()
            .take(24)
            .find(|(_, c)| "，。；、,;".contains(*c))
            .map(|(i, _)| i)
            .unwrap_or_else(|| {
                rest.char_indices()
                    .nth(24)
                    .map(|(i, _)| i)
                    .unwrap_or(rest.len())
            })
    };
    let len = rest[..end].trim_end().len();
    let end = if len == 0 {
        (start + rest.chars().next().map(char::len_utf8).unwrap_or(0)).min(line.len())
    } else {
        start + len
    };
    start..end
}

/// Byte range of the characters from column `from` to just before column `to` (1-based).
fn chars(line: &str, from: u32, to: u32) -> std::ops::Range<usize> {
    let at = |col: u32| {
        line.char_indices()
            .nth(col.saturating_sub(1) as usize)
            .map_or(line.len(), |(i, _)| i)
    };
    at(from)..at(to)
}

/// rustc-style text. `source_line(finding, n)` returns line `n` (1-based) of the
/// finding's laid-out text. `styled` adds ANSI colour.
///
/// A finding in a text file points at its line and column with a caret under the cell. A
/// finding in another format (PDF, HTML, DOCX, XLSX) names what a person can find there —
/// page, table, row, cell — and quotes the row as read, since a line of the laid-out text
/// is nowhere to be opened.
pub fn human(
    findings: &[Finding],
    source_line: impl Fn(&Finding, u32) -> Option<String>,
    styled: bool,
) -> String {
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for f in findings {
        let title = format!("{} / {}", f.message, f.message_en);
        let path = f.file.clone();
        let mut group = Group::with_title(
            level(f.severity)
                .primary_title(title.as_str())
                .id(f.code.as_str()),
        );
        let src = f.location.line.and_then(|l| source_line(f, l));
        let raw = src.as_deref().map(|s| s.trim_end_matches(['\r', '\n']));
        // the span is found on the raw line (tabs delimit cells); a tab shown as one space
        // keeps every byte offset
        let sp = raw.map(|line| match (f.location.column, f.location.end_column) {
            // the extent is known: the cell as read
            (Some(c), Some(e)) if e > c => chars(line, c, e),
            (c, _) => span(line, c.unwrap_or(1)),
        });
        let src_line = raw.map(|s| s.replace('\t', " "));
        if let Some(l) = f.location.line {
            if let (Some(line), Some(sp)) = (src_line.as_deref(), sp) {
                group = group.element(
                    Snippet::source(line)
                        .line_start(l as usize)
                        .path(path.as_str())
                        .annotation(AnnotationKind::Primary.span(sp)),
                );
            } else {
                group = group.element(Level::NOTE.message(format!("文件 / file: {path}")));
            }
        } else {
            let msg = match f.location.describe() {
                Some(p) => format!("位置 / at: {path}，{p}"),
                None => format!("文件 / file: {path}"),
            };
            group = group.element(Level::NOTE.message(msg));
            let row = f.text_at.and_then(|(l, _)| source_line(f, l));
            if let Some(row) = row {
                let row = row.replace('\t', " ");
                let row = row.trim();
                group = group.element(Level::NOTE.message(format!("原文 / as read: {row}")));
            }
        }
        if let Some(h) = &f.help {
            group = group.element(Level::HELP.message(h.as_str()));
        }
        group = group.element(Level::NOTE.message(format!("详见 / see: xxgk rule {}", f.code)));
        out.push_str(&renderer.render(&[group]));
        out.push_str("\n\n");
    }
    out
}

/// Findings counted by severity, for the closing line of a check.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Files checked.
    pub files: usize,
    /// `error` findings.
    pub errors: usize,
    /// `warning` findings.
    pub warnings: usize,
    /// `info` findings.
    pub infos: usize,
}

impl Tally {
    /// Counts one file's findings.
    pub fn add(&mut self, findings: &[Finding]) {
        self.files += 1;
        for f in findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }
}

/// The closing line of a check: counts by severity.
pub fn summary(t: &Tally) -> String {
    let Tally {
        files,
        errors,
        warnings,
        infos,
    } = *t;
    format!(
        "{files} 个文件：{errors} 个错误，{warnings} 个警告，{infos} 个提示 / {files} file(s): {errors} error(s), {warnings} warning(s), {infos} info"
    )
}

/// A JSON array of findings (`cli.md`).
pub fn json(findings: &[Finding]) -> String {
    serde_json::to_string_pretty(findings).unwrap_or_else(|_| "[]".into())
}

/// SARIF 2.1.0. `rules` lists `(code, title, help uri)` for the tool's rule table.
pub fn sarif(findings: &[Finding], rules: &[(String, String, String)]) -> String {
    use serde_sarif::sarif;
    let rule_objs: Vec<sarif::ReportingDescriptor> = rules
        .iter()
        .map(|(code, title, uri)| {
            sarif::ReportingDescriptor::builder()
                .id(code.clone())
                .short_description(
                    sarif::MultiformatMessageString::builder()
                        .text(title.clone())
                        .build(),
                )
                .help_uri(uri.clone())
                .build()
        })
        .collect();
    let results: Vec<sarif::Result> = findings
        .iter()
        .map(|f| {
            let mut region = sarif::Region::builder().build();
            region.start_line = f.location.line.map(i64::from);
            region.start_column = f.location.column.map(i64::from);
            region.end_column = f.location.end_column.map(i64::from);
            let loc = sarif::Location::builder()
                .physical_location(
                    sarif::PhysicalLocation::builder()
                        .artifact_location(
                            sarif::ArtifactLocation::builder()
                                .uri(f.file.clone())
                                .build(),
                        )
                        .region(region)
                        .build(),
                )
                .build();
            sarif::Result::builder()
                .rule_id(f.code.clone())
                .level(match f.severity {
                    Severity::Error => sarif::ResultLevel::Error,
                    Severity::Warning => sarif::ResultLevel::Warning,
                    Severity::Info => sarif::ResultLevel::Note,
                })
                .message(
                    sarif::Message::builder()
                        .text(format!("{} / {}", f.message, f.message_en))
                        .build(),
                )
                .locations(vec![loc])
                .build()
        })
        .collect();
    let run = sarif::Run::builder()
        .tool(
            sarif::Tool::builder()
                .driver(
                    sarif::ToolComponent::builder()
                        .name("xxgk")
                        .version(env!("CARGO_PKG_VERSION"))
                        .rules(rule_objs)
                        .build(),
                )
                .build(),
        )
        .results(results)
        .build();
    let doc = sarif::Sarif::builder()
        .version(json!("2.1.0"))
        .schema("https://json.schemastore.org/sarif-2.1.0.json")
        .runs(vec![run])
        .build();
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_covers_the_cell_only() {
        let line = "（七）总计\t\t22\t\t22";
        let sp = span(line, 8);
        assert_eq!(&line[sp], "22");
        let line = "| 一、本年新收 | 25 | 4 |";
        assert_eq!(&line[span(line, 12)], "25");
    }

    #[test]
    fn span_in_prose_stops_at_a_comma() {
        let line = "共收到申请 28 件，办结 27 件。";
        assert_eq!(&line[span(line, 1)], "共收到申请 28 件");
    }
}
