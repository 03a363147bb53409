//! html5ever, kept linear in the input on hostile pages.
//!
//! The HTML tree builder scans its stack of open elements and its list of active
//! formatting elements for most tokens (“has a `p` element in button scope”, “any other end
//! tag”, reconstructing formatting elements, the Noah's Ark clause), and the tokenizer
//! checks every attribute of a tag against the ones before it. Both are fine on real pages
//! and quadratic on hostile ones: 200,000 nested `<div>` took more than a minute, a tag
//! with a million attributes longer. So, as browsers cap the depth of the tree they build,
//! the page goes through two bounds on its way to html5ever:
//!
//! - [`limit_attributes`], before the tokenizer: a tag ends after [`MAX_ATTRS`]
//!   attributes (a `>` is inserted; what followed is read as text);
//! - [`Capped`], between the tokenizer and the tree builder: a start tag is dropped when
//!   the builder already holds [`MAX_OPEN`] open and formatting elements (its end tag
//!   goes with it; a block element leaves a line break in its place, so that the text it
//!   held still reads as lines); a formatting element (`b`, `font`, `a` …) is built as a
//!   `span` when [`MAX_FORMATTING`] may already be active, and keeps only the attributes
//!   the reader looks at (the builder clones them whenever it reopens one); repeated
//!   `<html>` and `<body>` tags, whose attributes the builder merges one by one, are
//!   dropped, and so are end tags of elements never opened.
//!
//! Every scan the tree builder makes is then bounded by a constant, and the text of the
//! page is kept whatever its depth: only element nesting beyond the cap is lost.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, EndTag, StartTag, Tag, TagToken, Token, TokenSink, TokenSinkResult, Tokenizer,
    TokenizerOpts,
};
use html5ever::tree_builder::{Tracer, TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::{LocalName, TokenizerResult, local_name};
use scraper::{Html, HtmlTreeSink};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};

/// Open elements plus active formatting elements the tree builder may hold before start
/// tags are dropped (Chromium caps its DOM depth at 512). The pages read so far hold 15;
/// the builder's scans are bounded by this, so it is also the constant of its linear time.
pub(super) const MAX_OPEN: usize = 128;
/// Active formatting elements beyond which a formatting start tag is built as a `span`.
pub(super) const MAX_FORMATTING: usize = 8;
/// Attributes read of one tag.
pub(super) const MAX_ATTRS: usize = 64;

/// What the bounds did, for tests.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct ParseStats {
    /// The most open and formatting elements the tree builder held when a start tag came.
    pub max_open: usize,
    /// Start tags dropped for depth.
    pub dropped: usize,
    /// Formatting start tags built as `span`.
    pub renamed: usize,
    /// Tags cut short after [`MAX_ATTRS`] attributes.
    pub cut_tags: usize,
}

/// Parses a page as html5ever does, within the bounds above.
pub(super) fn parse(text: &str) -> (Html, ParseStats) {
    let (text, cut_tags) = limit_attributes(text);
    let builder = TreeBuilder::new(
        HtmlTreeSink::new(Html::new_document()),
        TreeBuilderOpts::default(),
    );
    let tokenizer = Tokenizer::new(Capped::new(builder), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(&text));
    // `Script` results (a `</script>` seen) only pause the tokenizer: feed on
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    let capped = tokenizer.sink;
    let stats = ParseStats {
        max_open: capped.max_open.get(),
        dropped: capped.dropped_total.get(),
        renamed: capped.renamed_total.get(),
        cut_tags,
    };
    (capped.builder.sink.finish(), stats)
}

// ───────────────────────── attributes ─────────────────────────

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Ends every tag after [`MAX_ATTRS`] attributes by inserting `>` before the next one, so
/// that the tokenizer's duplicate check (each attribute against those before it) stays
/// bounded. Follows the tokenizer's tag states (names, `=`, quoted and unquoted values);
/// script, style and comments are not skipped, so that no markup can hide a long tag from
/// this pass (an inserted `>` there only changes text the reader leaves out). Returns the
/// text and the number of tags cut.
pub(super) fn limit_attributes(text: &str) -> (Cow<'_, str>, usize) {
    let b = text.as_bytes();
    let mut cuts: Vec<usize> = Vec::new();
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let lt = i + off;
        let mut j = lt + 1;
        if b.get(j) == Some(&b'/') {
            j += 1;
        }
        if !b.get(j).is_some_and(u8::is_ascii_alphabetic) {
            i = lt + 1;
            continue;
        }
        let (end, cut) = scan_tag(b, j);
        if let Some(at) = cut {
            cuts.push(at);
        }
        i = end;
    }
    if cuts.is_empty() {
        return (Cow::Borrowed(text), 0);
    }
    let mut out = String::with_capacity(text.len() + cuts.len());
    let mut from = 0;
    for &at in &cuts {
        // `at` is the index of an ASCII byte, a character boundary
        out.push_str(text.get(from..at).unwrap_or_default());
        out.push('>');
        from = at;
    }
    out.push_str(text.get(from..).unwrap_or_default());
    (Cow::Owned(out), cuts.len())
}

/// Scans a tag whose name starts at `j`. Returns where scanning resumes (after its `>`, at
/// the end of the text, or at the attribute where the tag is cut) and the cut position.
fn scan_tag(b: &[u8], mut j: usize) -> (usize, Option<usize>) {
    let n = b.len();
    // tag name
    while j < n && !is_space(b[j]) && b[j] != b'/' && b[j] != b'>' {
        j += 1;
    }
    let mut attrs = 0usize;
    loop {
        // before an attribute name (also after a value, and `/` not followed by `>`)
        while j < n && (is_space(b[j]) || b[j] == b'/') {
            j += 1;
        }
        if j >= n {
            return (n, None);
        }
        if b[j] == b'>' {
            return (j + 1, None);
        }
        if attrs == MAX_ATTRS {
            return (j, Some(j));
        }
        attrs += 1;
        // attribute name: a leading `=` belongs to it
        j += 1;
        while j < n && !is_space(b[j]) && !matches!(b[j], b'/' | b'>' | b'=') {
            j += 1;
        }
        while j < n && is_space(b[j]) {
            j += 1;
        }
        if j >= n || b[j] != b'=' {
            continue;
        }
        j += 1;
        while j < n && is_space(b[j]) {
            j += 1;
        }
        match b.get(j) {
            Some(&q @ (b'"' | b'\'')) => {
                j = b[j + 1..]
                    .iter()
                    .position(|&c| c == q)
                    .map_or(n, |p| j + 1 + p + 1);
            }
            Some(b'>') | None => {}
            Some(_) => {
                while j < n && !is_space(b[j]) && b[j] != b'>' {
                    j += 1;
                }
            }
        }
    }
}

// ───────────────────────── depth ─────────────────────────

/// Elements the tree builder never keeps open (outside SVG and MathML).
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose content the tokenizer reads as raw text up to their end tag: dropping
/// one would make its content markup.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Elements the tree builder creates without a start tag (or, `br`, for an end tag): an end
/// tag of one of these is always passed on.
const IMPLIED: &[&str] = &["html", "head", "body", "p", "br", "tbody", "tr", "colgroup"];

/// Elements on the list of active formatting elements.
const FORMATTING: &[&str] = &[
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

/// The tree's node handle (`ego_tree::NodeId`).
pub(super) type Handle = <HtmlTreeSink as TreeSink>::Handle;
/// The attributes of a formatting element the reader looks at (hidden, chrome).
const KEPT_ATTRS: &[&str] = &["id", "class", "style", "role", "hidden", "aria-hidden"];

type Builder = TreeBuilder<Handle, HtmlTreeSink>;

/// Counts the handles the tree builder holds: the document, the open elements, the active
/// formatting elements (the head and form pointers too).
struct Count(Cell<usize>);

impl Tracer for Count {
    type Handle = Handle;
    fn trace_handle(&self, _: &Handle) {
        self.0.set(self.0.get() + 1);
    }
}

/// The token filter between the tokenizer and the tree builder.
struct Capped {
    builder: Builder,
    /// Handles the builder held when last counted; `None` once a token was passed on.
    held: Cell<Option<usize>>,
    /// An upper bound of the active formatting elements: formatting start tags passed on,
    /// less their end tags (the builder also drops some, which this does not see).
    formatting: Cell<usize>,
    /// Start tags dropped by name, whose end tags are dropped too.
    dropped: RefCell<HashMap<LocalName, usize>>,
    /// Formatting start tags built as `span` by name, whose end tags are renamed too.
    renamed: RefCell<HashMap<LocalName, usize>>,
    /// The last token passed on was a `<br>` standing for a dropped block.
    broke: Cell<bool>,
    /// Names of the start tags seen: an end tag of another name has nothing to close
    /// (and the builder would scan its whole stack to find that out).
    started: RefCell<HashSet<LocalName>>,
    seen_html: Cell<bool>,
    seen_body: Cell<bool>,
    max_open: Cell<usize>,
    dropped_total: Cell<usize>,
    renamed_total: Cell<usize>,
}

impl Capped {
    fn new(builder: Builder) -> Self {
        Capped {
            builder,
            held: Cell::new(None),
            formatting: Cell::new(0),
            dropped: RefCell::default(),
            renamed: RefCell::default(),
            broke: Cell::new(false),
            started: RefCell::default(),
            seen_html: Cell::new(false),
            seen_body: Cell::new(false),
            max_open: Cell::new(0),
            dropped_total: Cell::new(0),
            renamed_total: Cell::new(0),
        }
    }

    /// Open plus active formatting elements now (counted again only after a token was
    /// passed on: dropping one changes nothing in the builder).
    fn held(&self) -> usize {
        if let Some(n) = self.held.get() {
            return n;
        }
        let count = Count(Cell::new(0));
        self.builder.trace_handles(&count);
        let n = count.0.get();
        self.held.set(Some(n));
        self.max_open.set(self.max_open.get().max(n));
        n
    }

    /// A `<br>` in place of a dropped block element, unless one was just given.
    fn line_break(&self, name: &LocalName, foreign: bool) -> Option<Tag> {
        if foreign || self.broke.get() || !super::BLOCKS.contains(&&**name) {
            return None;
        }
        Some(Tag {
            kind: StartTag,
            name: local_name!("br"),
            self_closing: false,
            attrs: Vec::new(),
            had_duplicate_attributes: false,
        })
    }

    /// The tag to pass on in place of `tag`, if any.
    fn filter(&self, mut tag: Tag) -> Option<Tag> {
        let foreign = self
            .builder
            .adjusted_current_node_present_but_not_in_html_namespace();
        let name: &str = &tag.name;
        if tag.kind == EndTag {
            if let Some(n) = self.dropped.borrow_mut().get_mut(&tag.name)
                && *n > 0
            {
                *n -= 1;
                return self.line_break(&tag.name, foreign);
            }
            if let Some(n) = self.renamed.borrow_mut().get_mut(&tag.name)
                && *n > 0
            {
                *n -= 1;
                tag.name = local_name!("span");
                return Some(tag);
            }
            if !self.started.borrow().contains(&tag.name) && !IMPLIED.contains(&name) {
                return None;
            }
            if FORMATTING.contains(&name) {
                self.formatting.set(self.formatting.get().saturating_sub(1));
            }
            return Some(tag);
        }
        if !self.started.borrow().contains(&tag.name) {
            self.started.borrow_mut().insert(tag.name.clone());
        }
        match name {
            "html" | "body" => {
                let seen = if name == "html" {
                    &self.seen_html
                } else {
                    &self.seen_body
                };
                // the builder merges a repeated tag's attributes one by one into the element
                return (!seen.replace(true)).then_some(tag);
            }
            "head" => return Some(tag),
            _ => {}
        }
        if !foreign && (VOID.contains(&name) || RAW_TEXT.contains(&name)) {
            return Some(tag);
        }
        let held = self.held();
        if held >= MAX_OPEN {
            self.dropped_total.set(self.dropped_total.get() + 1);
            *self
                .dropped
                .borrow_mut()
                .entry(tag.name.clone())
                .or_default() += 1;
            return self.line_break(&tag.name, foreign);
        }
        if !foreign && FORMATTING.contains(&name) {
            // the builder clones these attributes each time it reopens the element and
            // compares them for the Noah's Ark clause: only those the reader looks at
            tag.attrs
                .retain(|a| KEPT_ATTRS.contains(&&*a.name.local) && a.name.ns.is_empty());
            if self.formatting.get().min(held) >= MAX_FORMATTING {
                self.renamed_total.set(self.renamed_total.get() + 1);
                *self
                    .renamed
                    .borrow_mut()
                    .entry(tag.name.clone())
                    .or_default() += 1;
                tag.name = local_name!("span");
            } else {
                self.formatting.set(self.formatting.get() + 1);
            }
        }
        Some(tag)
    }
}

impl TokenSink for Capped {
    type Handle = Handle;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<Self::Handle> {
        let token = match token {
            TagToken(tag) => match self.filter(tag) {
                Some(tag) => TagToken(tag),
                None => return TokenSinkResult::Continue,
            },
            Token::ParseError(_) | Token::CommentToken(_) => {
                // neither opens an element: the count stays valid
                return self.builder.process_token(token, line_number);
            }
            other => other,
        };
        self.broke.set(
            matches!(&token, TagToken(t) if t.kind == StartTag && t.name == local_name!("br")),
        );
        self.held.set(None);
        self.builder.process_token(token, line_number)
    }

    fn end(&self) {
        self.builder.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.builder
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}
