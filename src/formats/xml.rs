//! The XML plumbing shared by the XLIFF and TMX formats: a small element tree read with
//! quick-xml (the mirror of a file, before any format rule is applied), positions as
//! line and column, and the escaping and writing helpers of the exporters.

use crate::text::Location;
use std::borrow::Cow;
use std::path::Path;

use quick_xml::Writer;
use quick_xml::escape::{EscapeError, unescape};
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use super::Error;
use crate::text::LineIndex;

/// One element of a parsed file: its local name, namespace, attributes (by qualified name,
/// values unescaped), children and where its start tag begins (byte offset).
#[derive(Debug, Clone)]
pub(crate) struct Element {
    pub name: String,
    pub ns: Option<String>,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
    pub offset: usize,
}

#[derive(Debug, Clone)]
pub(crate) enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Child elements in the given namespace (`None`: no namespace).
    pub(crate) fn elements<'a>(
        &'a self,
        ns: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter_map(move |n| match n {
            Node::Element(e) if e.ns.as_deref() == ns => Some(e),
            _ => None,
        })
    }

    /// The first child element with this local name in the namespace.
    pub(crate) fn child<'a>(&'a self, ns: Option<&'a str>, name: &str) -> Option<&'a Element> {
        self.elements(ns).find(|e| e.name == name)
    }

    /// Check that this root element is `<name>`.
    pub(crate) fn expect_root(&self, src: &Source<'_>, name: &str) -> Result<(), Error> {
        if self.name == name {
            Ok(())
        } else {
            Err(src.error(
                self.offset,
                format!("the root element is <{}>, not <{name}>", self.name),
            ))
        }
    }

    /// Check that the root is in the `expected` namespace of `format` (`XLIFF 2`).
    pub(crate) fn expect_namespace(
        &self,
        src: &Source<'_>,
        format: &str,
        expected: &str,
    ) -> Result<(), Error> {
        let message = match self.ns.as_deref() {
            Some(ns) if ns == expected => return Ok(()),
            Some(ns) => format!("wrong namespace `{ns}` for {format} (expected `{expected}`)"),
            None => format!(
                "<{}> has no namespace: {format} needs `{expected}`",
                self.name
            ),
        };
        Err(src.error(self.offset, message))
    }

    /// Check that the root's `version` is one of `versions`; `unsupported` words the refusal
    /// of any other version.
    pub(crate) fn expect_version(
        &self,
        src: &Source<'_>,
        versions: &[&str],
        unsupported: impl FnOnce(&str) -> String,
    ) -> Result<(), Error> {
        match self.attr("version") {
            Some(v) if versions.contains(&v) => Ok(()),
            Some(v) => Err(src.error(self.offset, unsupported(v))),
            None => Err(src.error(self.offset, format!("<{}> has no version", self.name))),
        }
    }

    /// The element's text, which must be plain: inline markup is refused with its position.
    pub(crate) fn plain_text(&self, doc: &Source<'_>) -> Result<String, Error> {
        let mut out = String::new();
        for node in &self.children {
            match node {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => {
                    return Err(doc.error(
                        e.offset,
                        format!(
                            "inline markup <{}> inside <{}> is not supported: workbench exchanges plain text",
                            e.name, self.name
                        ),
                    ));
                }
            }
        }
        Ok(out)
    }
}

/// The text being parsed and its path, to turn byte offsets into `path:line:column`.
pub(crate) struct Source<'a> {
    pub text: &'a str,
    pub path: &'a Path,
    lines: LineIndex<'a>,
}

impl<'a> Source<'a> {
    pub(crate) fn new(text: &'a str, path: &'a Path) -> Source<'a> {
        Source {
            text,
            path,
            lines: LineIndex::new(text),
        }
    }

    pub(crate) fn error(&self, offset: usize, message: impl Into<String>) -> Error {
        let (line, column) = self.position(offset);
        Error::Invalid {
            at: Location {
                path: self.path.to_owned(),
                line,
                column,
            },
            message: message.into(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn position(&self, offset: usize) -> (usize, usize) {
        self.lines.line_column(offset)
    }
}

/// XML turns a literal CR LF or lone CR into LF before anything else.
fn normalize_newlines(raw: &str) -> Cow<'_, str> {
    if raw.contains('\r') {
        Cow::Owned(raw.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(raw)
    }
}

/// The deepest nesting of elements read: far beyond any real XLIFF or TMX file (inline
/// codes nested more than [`super::inline::MAX_NESTING`] deep are written flat), and shallow
/// enough for the readers that walk the tree recursively. A file nested deeper is refused.
pub(crate) const MAX_DEPTH: usize = 256;

/// Parse a whole file into its root element. Malformed XML is an error at its position.
pub(crate) fn parse_tree(src: &Source<'_>) -> Result<Element, Error> {
    let mut reader = NsReader::from_str(src.text);
    reader.config_mut().trim_text(false);
    reader.config_mut().expand_empty_elements = false;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let (ns, event) = match reader.read_resolved_event() {
            Ok(pair) => pair,
            Err(e) => {
                let pos = usize::try_from(reader.error_position()).unwrap_or(at);
                return Err(match e {
                    quick_xml::Error::Escape(esc) => escape_error(src, pos, esc),
                    e => src.error(pos, format!("malformed XML: {e}")),
                });
            }
        };
        let namespace = |ns: ResolveResult<'_>| -> Result<Option<String>, Error> {
            match ns {
                ResolveResult::Bound(n) => Ok(Some(String::from_utf8_lossy(n.0).into_owned())),
                ResolveResult::Unbound => Ok(None),
                ResolveResult::Unknown(p) => Err(src.error(
                    at,
                    format!(
                        "malformed XML: unknown namespace prefix `{}`",
                        String::from_utf8_lossy(&p)
                    ),
                )),
            }
        };
        let ns = namespace(ns)?;
        match event {
            Event::Start(e) | Event::Empty(e) if root.is_some() => {
                let _ = e;
                return Err(src.error(at, "malformed XML: content after the root element"));
            }
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(src.error(
                        at,
                        format!("elements are nested more than {MAX_DEPTH} deep"),
                    ));
                }
                let el = element(src, &e, ns, at)?;
                stack.push(el);
            }
            Event::Empty(e) => {
                let el = element(src, &e, ns, at)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(el)),
                    None => root = Some(el),
                }
            }
            Event::End(_) => {
                let Some(el) = stack.pop() else {
                    return Err(src.error(at, "malformed XML: an end tag without a start tag"));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(el)),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                let raw = std::str::from_utf8(&t)
                    .map_err(|_| src.error(at, "malformed XML: text is not valid UTF-8"))?;
                let raw = normalize_newlines(raw);
                let text = unescape(&raw).map_err(|e| escape_error(src, at, e))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Text(text.into_owned())),
                    None if text.trim().is_empty() => {}
                    None => {
                        return Err(src.error(at, "malformed XML: text outside the root element"));
                    }
                }
            }
            Event::CData(c) => {
                let raw = std::str::from_utf8(&c)
                    .map_err(|_| src.error(at, "malformed XML: CDATA is not valid UTF-8"))?;
                match stack.last_mut() {
                    Some(parent) => parent
                        .children
                        .push(Node::Text(normalize_newlines(raw).into_owned())),
                    None => {
                        return Err(src.error(at, "malformed XML: CDATA outside the root element"));
                    }
                }
            }
            Event::Eof => {
                if let Some(open) = stack.last() {
                    return Err(src.error(
                        open.offset,
                        format!("malformed XML: <{}> is never closed", open.name),
                    ));
                }
                return root.ok_or_else(|| src.error(at, "malformed XML: no root element"));
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
}

/// An entity error inside text that starts at byte `at`, placed on the `&`.
fn escape_error(src: &Source<'_>, at: usize, e: EscapeError) -> Error {
    match e {
        EscapeError::UnterminatedEntity(r) => src.error(
            at + r.start,
            "malformed XML: `&` starts an entity with no closing `;` (write `&amp;` for `&`)",
        ),
        EscapeError::UnrecognizedEntity(r, name) => src.error(
            at + r.start.saturating_sub(1),
            format!("malformed XML: unknown entity `&{name};`"),
        ),
        EscapeError::InvalidCharRef(err) => {
            src.error(at, format!("malformed XML: bad character reference: {err}"))
        }
    }
}

fn element(
    src: &Source<'_>,
    e: &BytesStart<'_>,
    ns: Option<String>,
    at: usize,
) -> Result<Element, Error> {
    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
    let mut attrs = Vec::new();
    for attr in e.attributes() {
        let attr = attr.map_err(|err| src.error(at, format!("malformed XML: {err}")))?;
        let key = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
        let raw = std::str::from_utf8(&attr.value)
            .map_err(|_| src.error(at, "malformed XML: an attribute is not valid UTF-8"))?;
        let value = unescape(raw).map_err(|err| escape_error(src, at, err))?;
        attrs.push((key, value.into_owned()));
    }
    Ok(Element {
        name,
        ns,
        attrs,
        children: Vec::new(),
        offset: at,
    })
}

/// The first character XML 1.0 cannot carry at all, if any.
pub(crate) fn unrepresentable(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
    })
}

/// Escape element text: the markup characters, and CR (which a reader would otherwise fold).
pub(crate) fn escape_text(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '\r']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Escape an attribute value, keeping whitespace characters from being normalised away.
pub(crate) fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

/// An indented XML writer over a byte buffer (writing to memory cannot fail).
pub(crate) struct Out {
    w: Writer<Vec<u8>>,
}

impl Out {
    pub(super) fn new() -> Out {
        let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
        let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        Out { w }
    }

    fn tag<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
        let mut start = BytesStart::new(name);
        for (k, v) in attrs {
            start.push_attribute(quick_xml::events::attributes::Attribute {
                key: quick_xml::name::QName(k.as_bytes()),
                value: Cow::Owned(escape_attr(v).into_bytes()),
            });
        }
        start
    }

    pub(super) fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let _ = self.w.write_event(Event::Start(Out::tag(name, attrs)));
    }

    pub(super) fn close(&mut self, name: &str) {
        let _ = self.w.write_event(Event::End(BytesEnd::new(name)));
    }

    /// `<name attrs>text</name>`; an empty text gives an empty element.
    pub(super) fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.leaf_markup(name, attrs, &escape_text(text));
    }

    /// `<name attrs>content</name>` with `content` already XML (escaped text and inline
    /// elements), written as it is: no indentation is added inside; an empty content gives an
    /// empty element.
    pub(super) fn leaf_markup(&mut self, name: &str, attrs: &[(&str, &str)], content: &str) {
        if content.is_empty() {
            let _ = self.w.write_event(Event::Empty(Out::tag(name, attrs)));
            return;
        }
        let _ = self.w.write_event(Event::Start(Out::tag(name, attrs)));
        let _ = self
            .w
            .write_event(Event::Text(BytesText::from_escaped(content)));
        let _ = self.w.write_event(Event::End(BytesEnd::new(name)));
    }

    pub(super) fn finish(self) -> String {
        let mut bytes = self.w.into_inner();
        bytes.push(b'\n');
        // Everything written came from &str values, so the buffer is UTF-8.
        String::from_utf8(bytes).unwrap_or_default()
    }
}
