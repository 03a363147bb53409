//! A small namespace-aware element tree over quick-xml, enough for WordprocessingML parts.
//!
//! Parts are small (a report's `document.xml` is a few megabytes at most), so building a
//! tree first and walking it afterwards keeps the Word logic simple. Nesting deeper than
//! [`MAX_DEPTH`] is refused, so that walking the tree recursively cannot overflow the stack.

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

/// Deepest element nesting accepted. Real documents stay below 40.
pub(crate) const MAX_DEPTH: usize = 256;

/// The namespaces the reader tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    /// WordprocessingML main (transitional or strict).
    W,
    /// Markup compatibility (`mc:AlternateContent`).
    Mc,
    /// Office math (`m:`).
    Math,
    /// Package relationships (`_rels/*.rels`).
    Rels,
    /// Anything else (DrawingML, VML, vendor extensions, no namespace).
    Other,
}

fn ns_of(uri: &str) -> Ns {
    match uri {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        | "http://purl.oclc.org/ooxml/wordprocessingml/main" => Ns::W,
        "http://schemas.openxmlformats.org/markup-compatibility/2006" => Ns::Mc,
        "http://schemas.openxmlformats.org/officeDocument/2006/math"
        | "http://purl.oclc.org/ooxml/officeDocument/math" => Ns::Math,
        "http://schemas.openxmlformats.org/package/2006/relationships" => Ns::Rels,
        _ => Ns::Other,
    }
}

/// An element: namespace, local name, attributes by local name, children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct El {
    pub ns: Ns,
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub kids: Vec<Node>,
}

/// A child of an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node {
    El(El),
    Text(String),
}

impl El {
    /// Whether this is the WordprocessingML element `name`.
    pub fn is_w(&self, name: &str) -> bool {
        self.ns == Ns::W && self.name == name
    }

    /// The value of the attribute with local name `name` (`w:val` → `val`).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Child elements.
    pub fn elements(&self) -> impl Iterator<Item = &El> {
        self.kids.iter().filter_map(|k| match k {
            Node::El(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child that is the WordprocessingML element `name`.
    pub fn child_w(&self, name: &str) -> Option<&El> {
        self.elements().find(|e| e.is_w(name))
    }

    /// `w:val` of the WordprocessingML child `name`.
    pub fn child_val(&self, name: &str) -> Option<&str> {
        self.child_w(name).and_then(|e| e.attr("val"))
    }

    /// The concatenated text directly inside this element.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for k in &self.kids {
            if let Node::Text(t) = k {
                s.push_str(t);
            }
        }
        s
    }
}

fn qualified_prefix(raw: &str) -> Option<&str> {
    raw.split_once(':').map(|(p, _)| p)
}

fn namespace(resolved: &ResolveResult<'_>, e: &BytesStart<'_>) -> Ns {
    match resolved {
        ResolveResult::Bound(n) => ns_of(n.0),
        // an undeclared prefix: fall back on the conventional prefixes
        ResolveResult::Unknown(_) | ResolveResult::Unbound => {
            match qualified_prefix(e.name().as_ref()) {
                Some("w") => Ns::W,
                Some("mc") => Ns::Mc,
                Some("m") => Ns::Math,
                _ => Ns::Other,
            }
        }
    }
}

fn element(ns: Ns, e: &BytesStart<'_>) -> Result<El, String> {
    let name = e.local_name().as_ref().to_string();
    let mut attrs = Vec::new();
    for a in e.attributes().with_checks(false) {
        let a = a.map_err(|err| format!("XML 属性错误 / bad attribute: {err}"))?;
        let local = a.key.local_name();
        let v = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map(|v| v.into_owned())
            .unwrap_or_else(|_| a.value.clone().into_owned());
        attrs.push((local.as_ref().to_string(), v));
    }
    Ok(El {
        ns,
        name,
        attrs,
        kids: Vec::new(),
    })
}

fn push_text(stack: &mut [El], t: &str) {
    let Some(top) = stack.last_mut() else { return };
    if let Some(Node::Text(prev)) = top.kids.last_mut() {
        prev.push_str(t);
    } else {
        top.kids.push(Node::Text(t.to_string()));
    }
}

fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    })
}

/// Parses XML text into its root element. Errors are messages for [`crate::ReadError::Invalid`].
pub(crate) fn parse(xml: &str) -> Result<El, String> {
    let mut reader = NsReader::from_str(xml);
    let mut stack: Vec<El> = Vec::new();
    let mut root: Option<El> = None;
    loop {
        let (ns, ev) = match reader.read_resolved_event() {
            Ok((resolved, ev)) => {
                let ns = match &ev {
                    Event::Start(e) | Event::Empty(e) => namespace(&resolved, e),
                    _ => Ns::Other,
                };
                (ns, ev)
            }
            Err(e) => {
                let msg = e.to_string();
                return Err(format!(
                    "XML 错误 / XML error at byte {}: {msg}",
                    reader.buffer_position()
                ));
            }
        };
        match ev {
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(format!("XML 嵌套过深 / XML nested deeper than {MAX_DEPTH}"));
                }
                let el = element(ns, &e)?;
                stack.push(el);
            }
            Event::Empty(e) => {
                let el = element(ns, &e)?;
                match stack.last_mut() {
                    Some(top) => top.kids.push(Node::El(el)),
                    None if root.is_none() => root = Some(el),
                    None => return Err("XML 有多个根元素 / more than one root element".into()),
                }
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else {
                    return Err("XML 结束标记多余 / unmatched end tag".into());
                };
                match stack.last_mut() {
                    Some(top) => top.kids.push(Node::El(done)),
                    None if root.is_none() => root = Some(done),
                    None => return Err("XML 有多个根元素 / more than one root element".into()),
                }
            }
            Event::Text(t) => {
                if !stack.is_empty() {
                    push_text(&mut stack, &t.xml10_content());
                }
            }
            Event::CData(t) => {
                if !stack.is_empty() {
                    push_text(&mut stack, &t);
                }
            }
            Event::GeneralRef(r) => {
                if stack.is_empty() {
                    continue;
                }
                if r.is_char_ref() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => push_text(&mut stack, c.encode_utf8(&mut [0; 4])),
                        _ => {
                            return Err(format!(
                                "XML 字符引用无效 / bad character reference &{};",
                                &*r
                            ));
                        }
                    }
                } else {
                    match named_entity(&r) {
                        Some(s) => push_text(&mut stack, s),
                        None => {
                            return Err(format!("XML 实体未定义 / undefined entity &{};", &*r));
                        }
                    }
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err("XML 意外结束 / XML ends inside an element".into());
    }
    root.ok_or_else(|| "XML 没有根元素 / no root element".into())
}

/// Decodes the bytes of an XML part: UTF-8 (with or without BOM), UTF-16 with a BOM, or
/// another encoding named in the declaration.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, String> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(format!("XML 编码错误 / invalid {} text", enc.name()));
        }
        return Ok(text.into_owned());
    }
    let head = &bytes[..bytes.len().min(200)];
    let head = String::from_utf8_lossy(head);
    let declared = Some(head.as_ref()).and_then(|h| {
        let h = h.split("?>").next()?;
        let i = h.find("encoding=")?;
        let rest = &h[i + 9..];
        let q = rest.chars().next()?;
        let rest = &rest[q.len_utf8()..];
        rest.split(q).next().map(str::to_string)
    });
    if let Some(label) = declared
        && let Some(enc) = encoding_rs::Encoding::for_label(label.trim().as_bytes())
        && enc != encoding_rs::UTF_8
        && enc.is_ascii_compatible()
    {
        let (text, _, had_errors) = enc.decode(bytes);
        if had_errors {
            return Err(format!("XML 编码错误 / invalid {} text", enc.name()));
        }
        return Ok(text.into_owned());
    }
    String::from_utf8(bytes.to_vec()).map_err(|_| "XML 不是 UTF-8 / XML is not valid UTF-8".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_entities_and_text() {
        let x = r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:a="urn:x"><w:t w:space="p">A&amp;B&#x4E00;</w:t><a:t/></w:document>"#;
        let root = parse(x).unwrap();
        assert!(root.is_w("document"));
        let t: Vec<_> = root.elements().collect();
        assert!(t[0].is_w("t"));
        assert_eq!(t[0].text(), "A&B一");
        assert_eq!(t[0].attr("space"), Some("p"));
        assert_eq!(t[1].ns, Ns::Other);
    }

    #[test]
    fn malformed_is_an_error() {
        assert!(parse("<a><b></a>").is_err());
        assert!(parse("<a>").is_err());
        assert!(parse("").is_err());
        assert!(parse("<a/><b/>").is_err());
        assert!(parse("<a>&nope;</a>").is_err());
        let deep = "<a>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).is_err());
    }

    #[test]
    fn decodes_utf16_and_declared_encodings() {
        let mut b = vec![0xFF, 0xFE];
        for u in "<a>表</a>".encode_utf16() {
            b.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&b).unwrap(), "<a>表</a>");
        let (gbk, _, _) =
            encoding_rs::GBK.encode("<?xml version=\"1.0\" encoding=\"GBK\"?><a>表</a>");
        assert!(decode(&gbk).unwrap().ends_with("<a>表</a>"));
        assert!(decode(b"<a>\xff</a>").is_err());
    }
}
