//! DOCX reader: `word/document.xml` (found through the package relationships) → rows.
//!
//! Our own reader over `zip` and `quick-xml`, because the DOCX crates drop or hide the
//! table structure (`w:gridSpan`, `w:vMerge`) that the statutory tables depend on. See
//! [`body`] for what is kept of paragraphs and tables, and [`numbering`] for automatic
//! numbers. Headers, footers, footnotes and comments are not read.

mod body;
mod numbering;
mod xml;

use crate::{CFB_MAGIC, Document, RawRow, ReadError, utf16_contains};
use std::io::{Cursor, Read};
use xml::{El, Ns};
use xxgk_model::DocFormat;

/// Largest decompressed part read, in bytes: a zip bomb stops here.
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

fn invalid(msg: impl std::fmt::Display) -> ReadError {
    ReadError::Invalid(msg.to_string())
}

/// Reads a part by name (case-insensitively, as OPC part names are). `Ok(None)` when the
/// package has no such part.
fn read_part(zip: &mut Archive<'_>, name: &str) -> Result<Option<Vec<u8>>, ReadError> {
    let name = name.trim_start_matches('/');
    let index = match zip.index_for_name(name) {
        Some(i) => i,
        None => {
            let found = zip
                .file_names()
                .filter_map(Result::ok)
                .find(|n| n.trim_start_matches('/').eq_ignore_ascii_case(name))
                .map(|n| n.into_owned());
            match found.and_then(|n| zip.index_for_name(&n)) {
                Some(i) => i,
                None => return Ok(None),
            }
        }
    };
    let file = zip.by_index(index).map_err(|e| match e {
        zip::result::ZipError::UnsupportedArchive(m)
            if m == zip::result::ZipError::PASSWORD_REQUIRED =>
        {
            ReadError::Encrypted
        }
        e => invalid(format!("ZIP：{e}")),
    })?;
    if file.size() > MAX_PART_BYTES {
        return Err(invalid(format!(
            "{name} 解压后过大 / {name} is too large uncompressed"
        )));
    }
    let mut buf = Vec::new();
    file.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| invalid(format!("ZIP {name}：{e}")))?;
    if buf.len() as u64 > MAX_PART_BYTES {
        return Err(invalid(format!(
            "{name} 解压后过大 / {name} is too large uncompressed"
        )));
    }
    Ok(Some(buf))
}

fn parse_part(bytes: &[u8], name: &str) -> Result<El, ReadError> {
    let text = xml::decode(bytes).map_err(|e| invalid(format!("{name}：{e}")))?;
    xml::parse(&text).map_err(|e| invalid(format!("{name}：{e}")))
}

/// Resolves a relationship target against the folder of the part that names it.
fn resolve(base_dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        base_dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Targets of the relationships in a `.rels` part whose type ends with `/kind`.
fn relationship(
    zip: &mut Archive<'_>,
    rels_name: &str,
    base_dir: &str,
    kind: &str,
) -> Option<String> {
    let bytes = read_part(zip, rels_name).ok()??;
    let root = parse_part(&bytes, rels_name).ok()?;
    root.elements()
        .filter(|e| e.name == "Relationship" && matches!(e.ns, Ns::Rels | Ns::Other))
        .filter(|e| e.attr("TargetMode") != Some("External"))
        .find(|e| {
            e.attr("Type")
                .is_some_and(|t| t.ends_with(&format!("/{kind}")))
        })
        .and_then(|e| e.attr("Target"))
        .map(|t| resolve(base_dir, t))
}

fn split_dir(part: &str) -> (&str, &str) {
    part.rsplit_once('/').unwrap_or(("", part))
}

/// An optional part (numbering, styles): a damaged one is ignored, not fatal.
fn optional_part(zip: &mut Archive<'_>, name: Option<String>, fallback: &str) -> Option<El> {
    let name = name.unwrap_or_else(|| fallback.to_string());
    let bytes = read_part(zip, &name).ok()??;
    parse_part(&bytes, &name).ok()
}

/// Reads a DOCX report.
pub(crate) fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    if bytes.starts_with(&CFB_MAGIC) {
        // An encrypted DOCX is an OLE container holding the encrypted package.
        if utf16_contains(bytes, "EncryptedPackage") {
            return Err(ReadError::Encrypted);
        }
        // Word 97-2003 or WPS: converted by LibreOffice, then read as DOCX
        let docx = crate::legacy::doc_to_docx(bytes)?;
        if docx.starts_with(&CFB_MAGIC) {
            return Err(invalid("LibreOffice did not write a DOCX package"));
        }
        let mut doc = read(&docx)?;
        doc.sha256 = crate::sha256_hex(bytes);
        doc.encoding = "DOC (LibreOffice → DOCX)";
        return Ok(doc);
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        invalid(format!(
            "不是有效的 ZIP/DOCX 文件 / not a valid ZIP/DOCX file: {e}"
        ))
    })?;
    let main = relationship(&mut zip, "_rels/.rels", "", "officeDocument")
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| "word/document.xml".to_string());
    let doc_bytes = match read_part(&mut zip, &main)? {
        Some(b) => b,
        None if main != "word/document.xml" => read_part(&mut zip, "word/document.xml")?
            .ok_or_else(|| {
                invalid("DOCX 中没有 word/document.xml / no word/document.xml in the package")
            })?,
        None => {
            return Err(invalid(
                "DOCX 中没有 word/document.xml / no word/document.xml in the package",
            ));
        }
    };
    let (dir, file) = split_dir(&main);
    let rels = format!("{dir}/_rels/{file}.rels");
    let numbering_name = relationship(&mut zip, &rels, dir, "numbering");
    let styles_name = relationship(&mut zip, &rels, dir, "styles");
    let numbering_xml = optional_part(&mut zip, numbering_name, "word/numbering.xml");
    let styles_xml = optional_part(&mut zip, styles_name, "word/styles.xml");

    let root = parse_part(&doc_bytes, &main)?;
    let body = if root.is_w("body") {
        Some(&root)
    } else {
        root.child_w("body")
    };
    let Some(body) = body else {
        return Err(invalid(
            "document.xml 中没有 w:body / no w:body in document.xml",
        ));
    };
    let mut numbering = numbering::Numbering::new(numbering_xml.as_ref(), styles_xml.as_ref());
    let mut walker = body::Walker {
        numbering: &mut numbering,
        tables: 0,
    };
    let mut blocks = Vec::new();
    walker.blocks(body, &mut blocks);
    let mut rows = Vec::new();
    body::emit(&blocks, &mut rows);
    let has_text = rows.iter().any(|r| match r {
        RawRow::Prose(t, _) => !t.trim().is_empty(),
        RawRow::Grid(cells) => cells.iter().any(|(t, _)| !t.trim().is_empty()),
        RawRow::Break => false,
    });
    if !has_text {
        return Err(ReadError::Empty);
    }
    Ok(crate::assemble(
        DocFormat::Docx,
        rows,
        crate::sha256_hex(bytes),
        "utf-8",
    ))
}

#[cfg(test)]
mod tests;
