//! Receiving uploaded files: size and type limits, then the store. A file is answered as
//! stored only once its bytes are committed, so an acknowledged file survives a crash;
//! the background task processes it.

use crate::AppState;
use crate::error::ServerError;
use axum::extract::Multipart;
use serde::Serialize;

/// The extensions accepted.
pub(crate) const ACCEPTED: [&str; 11] = [
    "txt", "md", "html", "htm", "docx", "doc", "wps", "xlsx", "xls", "pdf", "json",
];

/// What became of one uploaded file.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub(crate) struct Uploaded {
    /// The file's name as sent.
    pub(crate) name: String,
    /// Its SHA-256 (absent when refused).
    pub(crate) sha256: Option<String>,
    /// `stored` (new, queued for processing), `duplicate` (already stored) or `refused`.
    pub(crate) status: &'static str,
    /// Why it was refused.
    pub(crate) reason: Option<String>,
    /// Refused for its size.
    #[serde(skip)]
    pub(crate) too_large: bool,
}

/// The name without any folder, at most 200 characters.
fn clean_name(name: Option<&str>) -> String {
    let n = name.unwrap_or("").rsplit(['/', '\\']).next().unwrap_or("");
    let n: String = n.chars().filter(|c| !c.is_control()).take(200).collect();
    if n.trim().is_empty() {
        "未命名 unnamed".to_string()
    } else {
        n
    }
}

/// Whether a file's name and first bytes are of a kind accepted.
pub(crate) fn check_type(name: &str, bytes: &[u8]) -> Result<(), String> {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if !ACCEPTED.contains(&ext.as_str()) {
        return Err(format!(
            "不接受此类文件，只接受 {} / this kind of file is not accepted; accepted: {}",
            ACCEPTED.join("、"),
            ACCEPTED.join(", ")
        ));
    }
    let head = &bytes[..bytes.len().min(8192)];
    let ole = head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let zip = head.starts_with(b"PK\x03\x04");
    let ok = match ext.as_str() {
        "docx" | "xlsx" => zip,
        // an old .doc/.xls/.wps is an OLE file; some are really DOCX/XLSX or even HTML
        "doc" | "xls" | "wps" => ole || zip || !looks_binary(head),
        "pdf" => head.windows(5).any(|w| w == b"%PDF-"),
        _ => !looks_binary(head) && !head.starts_with(b"MZ") && !head.starts_with(b"\x7fELF"),
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "文件内容与扩展名 .{ext} 不符 / the content does not match the extension .{ext}"
        ))
    }
}

/// Text has no NUL bytes (UTF-16 text aside, which starts with its byte order mark).
fn looks_binary(head: &[u8]) -> bool {
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    !utf16 && head.contains(&0)
}

/// Reads every `file` field of a multipart request and stores the files accepted. A
/// `csrf` field (before the files) or the `X-CSRF-Token` header must carry the session's
/// token: `csrf_ok` says whether the header already did.
pub(crate) async fn receive(
    state: &AppState,
    mut multipart: Multipart,
    session_csrf: &str,
    mut csrf_ok: bool,
) -> Result<Vec<Uploaded>, ServerError> {
    let limit = state.config.max_upload;
    let mut out = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(multipart_error(e, limit)),
        };
        match field.name() {
            Some("csrf") => {
                let given = field.text().await.map_err(|e| multipart_error(e, limit))?;
                csrf_ok = crate::auth::same(given.trim(), session_csrf);
                if !csrf_ok {
                    return Err(ServerError::Csrf);
                }
            }
            Some("file") => {
                if !csrf_ok {
                    return Err(ServerError::Csrf);
                }
                let name = clean_name(field.file_name());
                let mut field = field;
                let mut bytes = Vec::new();
                let mut too_large = false;
                loop {
                    match field.chunk().await {
                        Ok(Some(c)) => {
                            if !too_large && bytes.len() + c.len() > limit {
                                too_large = true;
                                bytes = Vec::new();
                            }
                            if !too_large {
                                bytes.extend_from_slice(&c);
                            }
                        }
                        Ok(None) => break,
                        Err(e) => return Err(multipart_error(e, limit)),
                    }
                }
                if too_large {
                    out.push(Uploaded {
                        reason: Some(
                            ServerError::TooLarge {
                                name: name.clone(),
                                limit,
                            }
                            .to_string(),
                        ),
                        name,
                        sha256: None,
                        status: "refused",
                        too_large: true,
                    });
                    continue;
                }
                if bytes.is_empty() && name == "未命名 unnamed" {
                    // an empty file input
                    continue;
                }
                if let Err(reason) = check_type(&name, &bytes) {
                    out.push(Uploaded {
                        name,
                        sha256: None,
                        status: "refused",
                        reason: Some(reason),
                        too_large: false,
                    });
                    continue;
                }
                let (sha, new) = state.store.put_file(&name, &bytes).await?;
                out.push(Uploaded {
                    name,
                    sha256: Some(sha),
                    status: if new { "stored" } else { "duplicate" },
                    reason: None,
                    too_large: false,
                });
                if new {
                    state.worker.wake();
                }
            }
            _ => {}
        }
    }
    if !csrf_ok {
        return Err(ServerError::Csrf);
    }
    Ok(out)
}

fn multipart_error(e: axum::extract::multipart::MultipartError, limit: usize) -> ServerError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        ServerError::TooLarge {
            name: "（整个请求 / the whole request）".into(),
            limit: limit.saturating_mul(crate::MAX_FILES_PER_REQUEST),
        }
    } else {
        ServerError::BadRequest(format!(
            "无法读取上传内容 / cannot read the upload: {}",
            e.body_text()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_judged_by_extension_and_content() {
        assert!(check_type("a.txt", "报告".as_bytes()).is_ok());
        assert!(check_type("a.html", b"<html>").is_ok());
        assert!(check_type("a.exe", b"MZ").is_err());
        assert!(check_type("a.docx", b"not a zip").is_err());
        assert!(check_type("a.pdf", b"%PDF-1.7").is_ok());
        assert!(check_type("a.txt", b"MZ\0\0").is_err());
    }

    #[test]
    fn names_lose_their_folders() {
        assert_eq!(clean_name(Some("../../etc/a.txt")), "a.txt");
        assert_eq!(clean_name(Some("C:\\x\\b.pdf")), "b.pdf");
    }
}
