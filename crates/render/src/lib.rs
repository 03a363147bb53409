//! Rendering at the edge: findings as human (rustc-style), JSON or SARIF text; reports as
//! Markdown (the official table layout, readable back by `xxgk-read`) or a plain table
//! view for a person.
//!
//! Findings stay data until here. The human form shows the source line with a caret
//! under the cell, aligned by display width so that Chinese text lines up.
//!
//! ```
//! use xxgk_model::{Finding, Severity, Location};
//! let mut f = Finding::new("T302", Severity::Error, "总计不符".into(), "total differs".into());
//! f.file = "a.txt".into();
//! f.location = Location::text(Some(1), Some(4));
//! let text = xxgk_render::human(&[f.clone()], |_, _| Some("规章\t3\t1".to_string()), false);
//! assert!(text.contains("error[T302]"));
//! assert!(text.contains("a.txt:1:4"));
//! // a PDF names its page and table row, and quotes the row as read
//! f.file = "a.pdf".into();
//! f.location = Location { page: Some(3), table: Some(1), row: Some(7), ..Location::default() };
//! f.text_at = Some((40, 4));
//! let text = xxgk_render::human(&[f], |_, n| (n == 40).then(|| "规章\t3\t1".to_string()), false);
//! assert!(text.contains("a.pdf，第 3 页，第 1 个表格第 7 行 / page 3, table 1, row 7"));
//! assert!(text.contains("原文 / as read: 规章 3 1"));
//! assert!(!text.contains("a.pdf:"));
//! ```
#![deny(missing_docs)]

mod diagnostics;
mod docx;
mod gongwen;
mod html;
mod letter;
mod markdown;
mod outline;
mod xlsx;

pub use diagnostics::{Tally, human, json, sarif, summary};
pub use docx::docx;
pub use html::{CellMark, html, html_fragment};
pub use letter::{Letter, LetterProblem, letter, letter_title};
pub use markdown::{markdown, table_view};
pub use xlsx::xlsx;

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The output format is not written yet.
    #[error("暂不支持生成 {0} / writing {0} is not supported yet")]
    Unsupported(&'static str),
    /// The writer library failed.
    #[error("生成 {0} 失败：{1} / writing {0} failed: {1}")]
    Writer(&'static str, String),
}
