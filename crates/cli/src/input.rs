//! Loading canonical JSON/TOML for `xxgk render`.

use anyhow::{Context as _, Result};
use std::path::Path;
use xxgk_model::Report;

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
