//! Inline codes in the XML formats: the text form of [`crate::codes`] (`<g1>…</g1>` for a pair
//! of codes around words, `<x2/>` for a code that stands alone) written as each standard's
//! inline elements, and those elements read back into markers.
//!
//! Writing, with the marker's number as the element's id:
//!
//! | text form        | XLIFF 2.1            | XLIFF 1.2         | TMX 1.4b                                      |
//! |------------------|----------------------|-------------------|-----------------------------------------------|
//! | `<g1>…</g1>`     | `<pc id="1">…</pc>`  | `<g id="1">…</g>` | `<bpt i="1" x="1">…</bpt>…<ept i="1">…</ept>` |
//! | `<x2/>`          | `<ph id="2"/>`       | `<x id="2"/>`     | `<ph x="2">…</ph>`                            |
//! | unpaired `<g1>`  | `<sc id="1"/>`       | `<bx id="1"/>`    | `<bpt i="1" x="1">…</bpt>`                    |
//! | unpaired `</g1>` | `<ec startRef="1"/>` | `<ex id="1"/>`    | `<ept i="1">…</ept>`                          |
//!
//! A text whose pairs nest (each `</gN>` closes the innermost open `<gN>`, every pair is
//! closed, and no more than [`MAX_NESTING`] are open at once) is written with element pairs;
//! any other text, which only a broken target has (a pair left open, closed twice, or crossing
//! another), is written with start and end markers for all its pairs, so that it comes back
//! exactly as it was. In TMX a second pair with the same number gets an `i` above every
//! number of the text.
//!
//! The native markup of a code (`<b>`, `</b>`, `<br/>`), when the caller knows it, goes into
//! XLIFF 2's `<originalData>` (referred to by `dataRefStart`, `dataRefEnd` and `dataRef`) and
//! into the content of TMX's `<bpt>`, `<ept>` and `<ph>`, escaped as text. XLIFF 1.2's `<g>`
//! and `<x>` carry none.
//!
//! Reading turns every code element into a marker and keeps the text between codes as it is
//! (a text that spells a marker, such as `&lt;x1/&gt;`, reads as that marker: in a segment a
//! marker is always a code):
//!
//! - XLIFF 2: `<pc>` a pair, `<ph>` standalone, `<sc>`/`<ec>` an opening and a closing code
//!   (`isolated="yes"`: standalone, the other half lies in another unit), `<mrk>` its content,
//!   `<sm>`/`<em>` nothing, `<cp hex>` its character;
//! - XLIFF 1.2: `<g>` a pair, `<x>`, `<ph>` and `<it>` standalone, `<bx>`/`<bpt>` opening and
//!   `<ex>`/`<ept>` closing codes (paired by `rid`, else by `id`), `<mrk>` its content;
//! - TMX: `<bpt>` opening and `<ept>` closing codes (numbered by the `bpt`'s `x`; an `ept`
//!   finds its `bpt` by `i`), `<ph>`, `<it>` and `<ut>` standalone (by `x`), `<hi>` a pair
//!   around its content (by `x`).
//!
//! The content of `<bpt>`, `<ept>`, `<ph>`, `<it>` and `<ut>` is native markup and is not
//! kept. Numbers: an id that is a number from 1 to 99,999 keeps it; any other id gets the next
//! number after the largest, in order of first appearance in the source and then the target;
//! a TMX code without `x` gets one after those, by its rank in its own segment (so that the
//! first such code of the source and of the target correspond). A target's codes are not
//! checked against its source's here: a code the source lacks, one missing or misplaced, is
//! accepted as written, as a machine's output is, and left to review ([`codes::check`] names
//! what is wrong); refusing it would also refuse the re-import of a file exported from a
//! store that holds such a target. Refused, with line and column: an element that is no
//! inline code of the format, a code without the id it needs, a `<cp>` that is no
//! character, and a unit with more codes than numbers.

use std::collections::HashMap;

use super::xml::{Element, Node, Source, escape_text, unrepresentable};
use super::{Error, XLIFF2_NS, XLIFF12_NS};
use crate::codes::{self, MAX_CODE, Token};

/// The native markup of a segment's inline codes, as the caller of an export knows it: given
/// a segment id and one code of that segment (`Open`, `Close` or `Standalone`, numbered as in
/// its source), the markup the code stands for (`<b>`, `</b>`, `<br/>`), or `None` (or an
/// empty string) when it is not known.
pub type Markup<'a> = &'a dyn Fn(u64, Token<'_>) -> Option<String>;

/// Which part of a code a piece of native markup is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Part {
    Open,
    Close,
    Standalone,
}

fn part(token: Token<'_>) -> Option<(Part, u32)> {
    match token {
        Token::Text(_) => None,
        Token::Open(n) => Some((Part::Open, n)),
        Token::Close(n) => Some((Part::Close, n)),
        Token::Standalone(n) => Some((Part::Standalone, n)),
    }
}

/// The deepest nesting of pairs written as nested elements; a text whose pairs nest deeper
/// is written flat, with start and end markers, like one whose pairs do not nest.
pub(crate) const MAX_NESTING: usize = 64;

/// Whether the pairs of a text nest, at most [`MAX_NESTING`] deep: each closing code closes
/// the innermost open pair of the same number, and none is left open.
fn nests(tokens: &[(std::ops::Range<usize>, Token<'_>)]) -> bool {
    let mut stack = Vec::new();
    for (_, token) in tokens {
        match *token {
            Token::Open(_) if stack.len() == MAX_NESTING => return false,
            Token::Open(n) => stack.push(n),
            Token::Close(n) if stack.pop() != Some(n) => return false,
            _ => {}
        }
    }
    stack.is_empty()
}

/// The native markup of one segment's codes, from an export's [`Markup`].
pub(crate) struct Native<'a> {
    markup: Option<Markup<'a>>,
    segment: u64,
}

impl<'a> Native<'a> {
    pub(super) fn new(markup: Option<Markup<'a>>, segment: u64) -> Native<'a> {
        Native { markup, segment }
    }

    fn get(&self, token: Token<'_>) -> Option<String> {
        let markup = self.markup.filter(|_| token.code().is_some())?;
        markup(self.segment, token).filter(|m| !m.is_empty())
    }
}

/// XLIFF 2's `<originalData>` of one unit: an id (`d1`, `d2`…) for each code part whose
/// markup is known, in order of first appearance in the source and then the target.
pub(crate) struct OriginalData {
    refs: HashMap<(Part, u32), String>,
    /// `(id, markup)` in order.
    pub data: Vec<(String, String)>,
}

impl OriginalData {
    pub(super) fn new(native: &Native<'_>, texts: &[&str]) -> OriginalData {
        let mut od = OriginalData {
            refs: HashMap::new(),
            data: Vec::new(),
        };
        if native.markup.is_none() {
            return od;
        }
        for text in texts {
            for (_, token) in codes::tokens(text) {
                let Some(key) = part(token) else { continue };
                if od.refs.contains_key(&key) {
                    continue;
                }
                if let Some(markup) = native.get(token) {
                    let id = format!("d{}", od.data.len() + 1);
                    od.refs.insert(key, id.clone());
                    od.data.push((id, markup));
                }
            }
        }
        od
    }

    fn attr(&self, out: &mut String, name: &str, key: (Part, u32)) {
        if let Some(id) = self.refs.get(&key) {
            out.push_str(&format!(" {name}=\"{id}\""));
        }
    }
}

/// The content of an XLIFF 2 `<data>` element: the markup escaped, with `<cp hex>` for the
/// characters XML cannot carry.
pub(crate) fn xliff2_data(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len() + 8);
    let mut rest = markup;
    while let Some(c) = unrepresentable(rest) {
        let at = rest.find(c).unwrap_or(rest.len());
        out.push_str(&escape_text(&rest[..at]));
        out.push_str(&format!("<cp hex=\"{:04X}\"/>", u32::from(c)));
        rest = &rest[at + c.len_utf8()..];
    }
    out.push_str(&escape_text(rest));
    out
}

/// A marked text as the escaped content of an XLIFF 2 `<source>` or `<target>`.
pub(crate) fn xliff2(text: &str, data: &OriginalData) -> String {
    if !text.contains('<') {
        return escape_text(text).into_owned();
    }
    let tokens = codes::tokens(text);
    let paired = nests(&tokens);
    let mut out = String::with_capacity(text.len() + 16);
    for (_, token) in tokens {
        match token {
            Token::Text(t) => out.push_str(&escape_text(t)),
            Token::Open(n) if paired => {
                out.push_str(&format!("<pc id=\"{n}\""));
                data.attr(&mut out, "dataRefStart", (Part::Open, n));
                data.attr(&mut out, "dataRefEnd", (Part::Close, n));
                out.push('>');
            }
            Token::Close(_) if paired => out.push_str("</pc>"),
            Token::Open(n) => {
                out.push_str(&format!("<sc id=\"{n}\""));
                data.attr(&mut out, "dataRef", (Part::Open, n));
                out.push_str("/>");
            }
            Token::Close(n) => {
                out.push_str(&format!("<ec startRef=\"{n}\""));
                data.attr(&mut out, "dataRef", (Part::Close, n));
                out.push_str("/>");
            }
            Token::Standalone(n) => {
                out.push_str(&format!("<ph id=\"{n}\""));
                data.attr(&mut out, "dataRef", (Part::Standalone, n));
                out.push_str("/>");
            }
        }
    }
    out
}

/// A marked text as the escaped content of an XLIFF 1.2 `<source>` or `<target>`.
pub(crate) fn xliff12(text: &str) -> String {
    if !text.contains('<') {
        return escape_text(text).into_owned();
    }
    let tokens = codes::tokens(text);
    let paired = nests(&tokens);
    let mut out = String::with_capacity(text.len() + 16);
    for (_, token) in tokens {
        match token {
            Token::Text(t) => out.push_str(&escape_text(t)),
            Token::Open(n) if paired => out.push_str(&format!("<g id=\"{n}\">")),
            Token::Close(_) if paired => out.push_str("</g>"),
            Token::Open(n) => out.push_str(&format!("<bx id=\"{n}\"/>")),
            Token::Close(n) => out.push_str(&format!("<ex id=\"{n}\"/>")),
            Token::Standalone(n) => out.push_str(&format!("<x id=\"{n}\"/>")),
        }
    }
    out
}

/// A marked text as the escaped content of a TMX `<seg>`, the native markup of each code
/// inside its element. `Err` carries a character of the markup that XML cannot carry.
pub(crate) fn tmx(text: &str, native: &Native<'_>) -> Result<String, char> {
    if !text.contains('<') {
        return Ok(escape_text(text).into_owned());
    }
    let tokens = codes::tokens(text);
    let top = tokens
        .iter()
        .filter_map(|(_, t)| t.code())
        .max()
        .unwrap_or(0);
    let mut next_i = top;
    let mut used_i: Vec<u32> = Vec::new();
    let mut open: HashMap<u32, Vec<u32>> = HashMap::new();
    let mut out = String::with_capacity(text.len() + 16);
    for (_, token) in tokens {
        let markup = native.get(token).unwrap_or_default();
        if let Some(c) = unrepresentable(&markup) {
            return Err(c);
        }
        let markup = escape_text(&markup);
        match token {
            Token::Text(t) => out.push_str(&escape_text(t)),
            Token::Open(n) => {
                let i = if used_i.contains(&n) {
                    next_i += 1;
                    next_i
                } else {
                    n
                };
                used_i.push(i);
                open.entry(n).or_default().push(i);
                push_element(
                    &mut out,
                    &format!("bpt i=\"{i}\" x=\"{n}\""),
                    "bpt",
                    &markup,
                );
            }
            Token::Close(n) => {
                // A closing code without its opening one keeps its number as `i`: no `bpt`
                // of the text has that `i` with another `x`.
                let i = open.get_mut(&n).and_then(Vec::pop).unwrap_or(n);
                push_element(&mut out, &format!("ept i=\"{i}\""), "ept", &markup);
            }
            Token::Standalone(n) => {
                push_element(&mut out, &format!("ph x=\"{n}\""), "ph", &markup);
            }
        }
    }
    Ok(out)
}

fn push_element(out: &mut String, start: &str, name: &str, content: &str) {
    out.push('<');
    out.push_str(start);
    if content.is_empty() {
        out.push_str("/>");
    } else {
        out.push('>');
        out.push_str(content);
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
}

/// How a file names a code: by an id or `x`, or not at all (a TMX code without `x`: the rank
/// among such codes of its segment).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Key {
    Named(String),
    Unnamed(u32),
}

/// One piece of a source or target as read, before its codes are numbered.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Raw {
    Text(String),
    Open(Key),
    Close(Key),
    Standalone(Key),
}

impl Raw {
    fn key(&self) -> Option<&Key> {
        match self {
            Raw::Text(_) => None,
            Raw::Open(k) | Raw::Close(k) | Raw::Standalone(k) => Some(k),
        }
    }
}

/// The source or target of one unit as read: its pieces, and the count of unnamed codes.
#[derive(Debug, Default)]
pub(crate) struct Content {
    pub raws: Vec<Raw>,
    unnamed: u32,
    /// TMX: the key of each `<bpt>` by its `i`.
    by_i: HashMap<String, Key>,
}

impl Content {
    fn text(&mut self, t: &str) {
        match self.raws.last_mut() {
            Some(Raw::Text(s)) => s.push_str(t),
            _ => self.raws.push(Raw::Text(t.to_owned())),
        }
    }

    fn unnamed(&mut self) -> Key {
        self.unnamed += 1;
        Key::Unnamed(self.unnamed)
    }
}

/// An id that is a code number as the text form writes it: 1 to 99,999, no leading zero.
fn canonical(id: &str) -> Option<u32> {
    let b = id.as_bytes();
    if b.is_empty() || b.len() > 5 || b[0] == b'0' || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    id.parse().ok()
}

/// The marked texts of a unit's source and target: each code numbered (see the module doc).
/// `at` is where the unit starts, for the error of a unit with more codes than numbers.
pub(crate) fn resolve(
    src: &Source<'_>,
    at: usize,
    source: &Content,
    target: &Content,
) -> Result<(String, String), Error> {
    let all = || source.raws.iter().chain(&target.raws).filter_map(Raw::key);
    let mut top = 0u32;
    for key in all() {
        if let Key::Named(id) = key
            && let Some(n) = canonical(id)
        {
            top = top.max(n);
        }
    }
    let mut named: HashMap<&str, u32> = HashMap::new();
    let mut next = top;
    for key in all() {
        if let Key::Named(id) = key
            && canonical(id).is_none()
            && !named.contains_key(id.as_str())
        {
            next += 1;
            named.insert(id, next);
        }
    }
    let base = next;
    let unnamed = source.unnamed.max(target.unnamed);
    if u64::from(base) + u64::from(unnamed) > u64::from(MAX_CODE) {
        return Err(src.error(
            at,
            format!("this unit's inline codes cannot be numbered within 1 to {MAX_CODE}"),
        ));
    }
    let number = |key: &Key| match key {
        Key::Named(id) => canonical(id)
            .or_else(|| named.get(id.as_str()).copied())
            .unwrap_or_default(),
        Key::Unnamed(k) => base + k,
    };
    let render = |content: &Content| {
        let mut out = String::new();
        for raw in &content.raws {
            match raw {
                Raw::Text(t) => out.push_str(t),
                Raw::Open(k) => out.push_str(&codes::open(number(k))),
                Raw::Close(k) => out.push_str(&codes::close(number(k))),
                Raw::Standalone(k) => out.push_str(&codes::standalone(number(k))),
            }
        }
        out
    };
    Ok((render(source), render(target)))
}

/// The formats whose inline elements are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Xliff2,
    Xliff12,
    Tmx,
}

impl Dialect {
    fn namespace(self) -> Option<&'static str> {
        match self {
            Dialect::Xliff2 => Some(XLIFF2_NS),
            Dialect::Xliff12 => Some(XLIFF12_NS),
            Dialect::Tmx => None,
        }
    }
}

/// Read the content of a `<source>`, `<target>` or `<seg>` element.
pub(crate) fn read(src: &Source<'_>, el: &Element, dialect: Dialect) -> Result<Content, Error> {
    let mut content = Content::default();
    read_into(src, el, &el.name, dialect, &mut content)?;
    Ok(content)
}

fn required<'e>(src: &Source<'_>, el: &'e Element, name: &str) -> Result<&'e str, Error> {
    el.attr(name).ok_or_else(|| {
        src.error(
            el.offset,
            format!("inline code <{}> has no `{name}`", el.name),
        )
    })
}

/// The children of `el` into `content`; `holder` names the `<source>`, `<target>` or
/// `<seg>` for errors. Recursion is bounded by the depth limit of the XML reader.
fn read_into(
    src: &Source<'_>,
    el: &Element,
    holder: &str,
    dialect: Dialect,
    content: &mut Content,
) -> Result<(), Error> {
    for node in &el.children {
        let child = match node {
            Node::Text(t) => {
                content.text(t);
                continue;
            }
            Node::Element(child) => child,
        };
        if child.ns.as_deref() != dialect.namespace() {
            return Err(unsupported(src, child, holder));
        }
        match dialect {
            Dialect::Xliff2 => xliff2_code(src, child, holder, content)?,
            Dialect::Xliff12 => xliff12_code(src, child, holder, content)?,
            Dialect::Tmx => tmx_code(src, child, holder, content)?,
        }
    }
    Ok(())
}

fn unsupported(src: &Source<'_>, el: &Element, holder: &str) -> Error {
    src.error(
        el.offset,
        format!(
            "inline element <{}> inside <{holder}> is not supported",
            el.name
        ),
    )
}

fn named(id: &str) -> Key {
    Key::Named(id.to_owned())
}

fn xliff2_code(
    src: &Source<'_>,
    el: &Element,
    holder: &str,
    content: &mut Content,
) -> Result<(), Error> {
    let isolated = el.attr("isolated") == Some("yes");
    match el.name.as_str() {
        "pc" => {
            let key = named(required(src, el, "id")?);
            content.raws.push(Raw::Open(key.clone()));
            read_into(src, el, holder, Dialect::Xliff2, content)?;
            content.raws.push(Raw::Close(key));
        }
        "ph" => {
            let key = named(required(src, el, "id")?);
            content.raws.push(Raw::Standalone(key));
        }
        "sc" => {
            let key = named(required(src, el, "id")?);
            content.raws.push(if isolated {
                Raw::Standalone(key)
            } else {
                Raw::Open(key)
            });
        }
        "ec" if isolated => {
            let key = named(required(src, el, "id")?);
            content.raws.push(Raw::Standalone(key));
        }
        "ec" => {
            let id = el
                .attr("startRef")
                .or_else(|| el.attr("id"))
                .ok_or_else(|| src.error(el.offset, "inline code <ec> has no `startRef`"))?;
            content.raws.push(Raw::Close(named(id)));
        }
        "mrk" => read_into(src, el, holder, Dialect::Xliff2, content)?,
        "sm" | "em" => {}
        "cp" => {
            let hex = required(src, el, "hex")?;
            let c = u32::from_str_radix(hex, 16)
                .ok()
                .filter(|_| !hex.is_empty() && hex.len() <= 6)
                .and_then(char::from_u32)
                .ok_or_else(|| {
                    src.error(
                        el.offset,
                        format!("<cp hex=\"{hex}\"> is not a Unicode character"),
                    )
                })?;
            let mut buf = [0u8; 4];
            content.text(c.encode_utf8(&mut buf));
        }
        _ => return Err(unsupported(src, el, holder)),
    }
    Ok(())
}

fn xliff12_code(
    src: &Source<'_>,
    el: &Element,
    holder: &str,
    content: &mut Content,
) -> Result<(), Error> {
    let paired_key = |el: &Element| -> Result<Key, Error> {
        match el.attr("rid") {
            Some(rid) => Ok(named(rid)),
            None => Ok(named(required(src, el, "id")?)),
        }
    };
    match el.name.as_str() {
        "g" => {
            let key = named(required(src, el, "id")?);
            content.raws.push(Raw::Open(key.clone()));
            read_into(src, el, holder, Dialect::Xliff12, content)?;
            content.raws.push(Raw::Close(key));
        }
        "x" | "ph" | "it" => {
            let key = named(required(src, el, "id")?);
            content.raws.push(Raw::Standalone(key));
        }
        "bx" | "bpt" => content.raws.push(Raw::Open(paired_key(el)?)),
        "ex" | "ept" => content.raws.push(Raw::Close(paired_key(el)?)),
        "mrk" => read_into(src, el, holder, Dialect::Xliff12, content)?,
        _ => return Err(unsupported(src, el, holder)),
    }
    Ok(())
}

fn tmx_code(
    src: &Source<'_>,
    el: &Element,
    holder: &str,
    content: &mut Content,
) -> Result<(), Error> {
    let by_x = |content: &mut Content| match el.attr("x") {
        Some(x) => named(x),
        None => content.unnamed(),
    };
    match el.name.as_str() {
        "bpt" => {
            let i = required(src, el, "i")?;
            let key = by_x(content);
            content.by_i.insert(i.to_owned(), key.clone());
            content.raws.push(Raw::Open(key));
        }
        "ept" => {
            let i = required(src, el, "i")?;
            let key = content.by_i.get(i).cloned().unwrap_or_else(|| named(i));
            content.raws.push(Raw::Close(key));
        }
        "ph" | "it" | "ut" => {
            let key = by_x(content);
            content.raws.push(Raw::Standalone(key));
        }
        "hi" => {
            let key = by_x(content);
            content.raws.push(Raw::Open(key.clone()));
            read_into(src, el, holder, Dialect::Tmx, content)?;
            content.raws.push(Raw::Close(key));
        }
        _ => return Err(unsupported(src, el, holder)),
    }
    Ok(())
}
