//! The one diagnostic value.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational: worth a look, not wrong.
    Info,
    /// Probably wrong or against the template.
    Warning,
    /// Wrong: a figure or a statutory element.
    Error,
}

impl Severity {
    /// `error`, `warning`, `info`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    /// 错误, 警告, 提示.
    pub fn name_zh(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }
}

/// Which statutory table a finding concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableId {
    /// Table two.
    ActiveDisclosure,
    /// Table three.
    Requests,
    /// Table four.
    Appeals,
}

/// A position in the source, as a reader of that format can find it: line and column in
/// a text file; page (PDF), and table, row and cell (tables in document order, the sheet
/// in a workbook; all 1-based) in the other formats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// 1-based line (text formats).
    pub line: Option<u32>,
    /// 1-based column, in characters (text formats).
    pub column: Option<u32>,
    /// 1-based page (PDF).
    pub page: Option<u32>,
    /// 1-based column just past the cell or phrase concerned, when its extent is known
    /// (text formats).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_column: Option<u32>,
    /// 1-based table in document order (the sheet in a workbook).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<u32>,
    /// 1-based row within the table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    /// 1-based cell within the row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<u32>,
}

impl Location {
    /// A line and column of the (laid-out) text.
    pub fn text(line: Option<u32>, column: Option<u32>) -> Self {
        Location {
            line,
            column,
            ..Location::default()
        }
    }
    /// Where it is, for a person, when it is not a line of a text file: `第 3 页，第 2 个表格
    /// 第 12 行第 4 格 / page 3, table 2, row 12, cell 4`.
    ///
    /// ```
    /// let l = xxgk_model::Location { page: Some(3), row: Some(12), ..Default::default() };
    /// assert_eq!(l.describe().as_deref(), Some("第 3 页，第 12 行 / page 3, row 12"));
    /// assert_eq!(xxgk_model::Location::text(Some(4), Some(2)).describe(), None);
    /// ```
    pub fn describe(&self) -> Option<String> {
        let mut zh = Vec::new();
        let mut en = Vec::new();
        if let Some(p) = self.page {
            zh.push(format!("第 {p} 页"));
            en.push(format!("page {p}"));
        }
        let mut t = Vec::new();
        for (v, z, e) in [
            (self.table, "个表格", "table"),
            (self.row, "行", "row"),
            (self.cell, "格", "cell"),
        ] {
            if let Some(n) = v {
                t.push(format!("第 {n} {z}"));
                en.push(format!("{e} {n}"));
            }
        }
        if !t.is_empty() {
            zh.push(t.join(""));
        }
        (!zh.is_empty()).then(|| format!("{} / {}", zh.join("，"), en.join(", ")))
    }
}

/// One finding of the checker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The file the report was read from.
    pub file: String,
    /// Stable rule code (`T302`).
    pub code: String,
    /// Severity.
    pub severity: Severity,
    /// Message in Chinese.
    pub message: String,
    /// Message in English.
    pub message_en: String,
    /// Section number 1–6, if the finding concerns one.
    pub section: Option<u8>,
    /// The table concerned.
    pub table: Option<TableId>,
    /// Row key (`total`, `new_received`, `review`).
    pub row: Option<String>,
    /// Column key (`natural_person`, `total`, `upheld`).
    pub column: Option<String>,
    /// Where in the source.
    pub location: Location,
    /// How to fix it (Chinese).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The values the rule compared or judged, by name (`total`, `sum`, `prose`, `table`,
    /// `published`, `deadline`…): numbers as numbers, dates and exact decimals as text.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, serde_json::Value>,
    /// Line and column in the document's laid-out text (every format has one): what the
    /// human renderer shows as the source line. Not part of the JSON: for formats other
    /// than text it names no place a person can open.
    #[serde(skip)]
    pub text_at: Option<(u32, u32)>,
}

impl Finding {
    /// A finding with a code, severity and bilingual message; the rest empty.
    pub fn new(code: &str, severity: Severity, message: String, message_en: String) -> Self {
        Finding {
            file: String::new(),
            code: code.to_string(),
            severity,
            message,
            message_en,
            section: None,
            table: None,
            row: None,
            column: None,
            location: Location::default(),
            help: None,
            values: BTreeMap::new(),
            text_at: None,
        }
    }
    /// Adds a compared value.
    pub fn with(mut self, name: &str, value: impl Into<serde_json::Value>) -> Self {
        self.values.insert(name.to_string(), value.into());
        self
    }
}
