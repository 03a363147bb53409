//! Word 97-2003 and WPS documents (`.doc`, `.wps`: OLE compound files), which many
//! offices still publish. Their binary format is converted to DOCX by LibreOffice
//! (`soffice --headless --convert-to docx`), run as a local subprocess with a private
//! profile and a time limit, and the DOCX is read as usual. Without LibreOffice the
//! file is refused with a message that says what to install or how to save the file.

use crate::ReadError;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;
use wait_timeout::ChildExt as _;

/// Longest a conversion may take.
const TIMEOUT: Duration = Duration::from_secs(120);

/// The LibreOffice executable: `XXGK_SOFFICE` if set (set but empty: no conversion, as
/// the fuzzers run), else `soffice` or `libreoffice` on the `PATH`.
fn soffice() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("XXGK_SOFFICE") {
        return (!p.is_empty()).then(|| PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["soffice", "libreoffice"].map(|n| dir.join(n)))
        .find(|p| p.is_file())
}

fn no_office() -> ReadError {
    ReadError::NeedsConversion(
        "旧版 Word/WPS 文件（.doc/.wps）需要 LibreOffice 转换，但未找到 soffice：请安装 LibreOffice（Debian：libreoffice-writer-nogui），或将文件另存为 DOCX / a Word 97-2003 or WPS file (.doc/.wps) is converted by LibreOffice, and soffice was not found: install LibreOffice (Debian: libreoffice-writer-nogui) or save the file as DOCX",
    )
}

/// Converts a Word 97-2003/WPS document to DOCX bytes with the LibreOffice found.
pub(crate) fn doc_to_docx(bytes: &[u8]) -> Result<Vec<u8>, ReadError> {
    convert(bytes, soffice())
}

/// Converts with the given LibreOffice executable (`None`: not installed).
pub(crate) fn convert(bytes: &[u8], soffice: Option<PathBuf>) -> Result<Vec<u8>, ReadError> {
    let soffice = soffice.ok_or_else(no_office)?;
    let failed = |why: String| {
        ReadError::Invalid(format!(
            "LibreOffice 未能转换该文件 / LibreOffice could not convert the file: {why}"
        ))
    };
    let dir = tempfile::tempdir().map_err(|e| failed(e.to_string()))?;
    let input = dir.path().join("report.doc");
    std::fs::write(&input, bytes).map_err(|e| failed(e.to_string()))?;
    let out = dir.path().join("out");
    run(&soffice, dir.path(), &input, &out).map_err(failed)?;
    let docx = out.join("report.docx");
    let mut f = std::fs::File::open(&docx)
        .map_err(|_| failed("no DOCX was written (a damaged or unsupported file)".into()))?;
    let mut v = Vec::new();
    f.read_to_end(&mut v).map_err(|e| failed(e.to_string()))?;
    Ok(v)
}

fn run(soffice: &Path, dir: &Path, input: &Path, out: &Path) -> Result<(), String> {
    // a profile of its own, so that conversions in parallel (and a LibreOffice the user
    // has open) do not block one another
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    );
    let mut child = Command::new(soffice)
        .arg(profile)
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
        ])
        .arg(out)
        .arg(input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", soffice.display()))?;
    match child.wait_timeout(TIMEOUT).map_err(|e| e.to_string())? {
        Some(status) if status.success() => Ok(()),
        Some(status) => Err(format!("soffice exited with {status}")),
        None => {
            let _ = child.kill();
            let _ = child.wait();
            Err(format!("no result within {} s", TIMEOUT.as_secs()))
        }
    }
}
