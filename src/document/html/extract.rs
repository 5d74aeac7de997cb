//! The extraction: an html5gum [`Emitter`] that builds the blocks while the page is tokenized.
//!
//! The tokenizer reports every token with its byte position. The emitter keeps the part of the
//! HTML tree construction that decides what text belongs to which block and whether it is
//! translated: the stack of open elements (implied end tags, scopes, the "any other end tag"
//! rule), the list of active formatting elements (reopened after a block boundary, and the
//! adoption agency simplified to what it does to text), the foreign content of SVG and MathML
//! (breakout tags, integration points, CDATA), and the tokenizer states that follow a start tag
//! (`<title>`, `<textarea>`: RCDATA; `<script>`: script data; `<style>`, `<xmp>`, `<iframe>`,
//! `<noembed>`, `<noframes>`, `<noscript>`: RAWTEXT; `<plaintext>`). It does not build a tree:
//! insertion modes, foster parenting and element reparenting change where nodes hang, not which
//! text sits between two block boundaries.
//!
//! Every lookup the rules make (is a `<p>` in button scope? which `<li>` does a new one close?
//! is there a special element above the formatting element?) is answered in constant time from
//! indices each stack entry keeps of the nearest scope boundaries and special elements below
//! it, and from the topmost open element of each name; nothing recurses. A page nested 100,000
//! deep is read in time linear in its size, and deeper than [`MAX_DEPTH`] is refused.

use std::collections::HashMap;
use std::convert::Infallible;
use std::ops::Range;

use html5gum::{Emitter, State};

use super::super::{Block, BlockKind, Code, Piece};
use super::tags::{self, Tag};
use super::{Layout, Quote};
use crate::codes;

/// The deepest nesting of open elements read.
pub(super) const MAX_DEPTH: usize = 1_000_000;

/// The most entries kept in the list of active formatting elements (the standard has no limit
/// but three of a kind; a bound keeps reopening them linear).
const MAX_ACTIVE: usize = 64;

/// A run of more consecutive codes than this in a block is merged into one standalone code, so
/// that pathological markup does not make sentences of thousands of markers.
const MAX_CODE_RUN: usize = 32;

/// A namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    Html,
    Svg,
    Math,
}

/// An open element.
#[derive(Debug, Clone)]
struct Elem {
    /// Name id: the [`Tag`] for known names, then interned.
    id: u32,
    tag: Tag,
    ns: Ns,
    /// Previous open element with the same id (1-based index; 0: none).
    prev_same: u32,
    /// Nearest boundary of each scope at or below (1-based; 0: none).
    scope: u32,
    list_scope: u32,
    button_scope: u32,
    table_scope: u32,
    /// Nearest special element at or below, and nearest one other than `address`, `div`, `p`.
    special: u32,
    stop: u32,
    /// Nearest element of the HTML namespace at or below.
    html: u32,
    /// The block kind of text inside it.
    kind: BlockKind,
    /// Its start tag's code: (block serial, pair number).
    code: Option<(u32, u32)>,
    /// Never translated (with its content).
    excluded: bool,
    /// Removed from the stack by the adoption agency (left in place, ignored).
    dead: bool,
    /// Its entry in the list of active formatting elements (0: none).
    entry: u64,
    /// An HTML or MathML text integration point (HTML inside foreign content).
    integration: Integration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Integration {
    None,
    /// SVG `foreignObject`, `desc`, `title`; MathML `annotation-xml` with an HTML encoding.
    Html,
    /// MathML `mi`, `mo`, `mn`, `ms`, `mtext`.
    MathText,
}

/// An entry of the list of active formatting elements.
#[derive(Debug, Clone)]
struct Entry {
    /// 0 for a marker.
    uid: u64,
    id: u32,
    tag: Tag,
    excluded: bool,
    /// A hash of the attributes, for the "Noah's ark" rule.
    attrs: u64,
    /// Its element's stack index + 1, valid while that element's `entry` is this `uid`.
    at: u32,
}

/// An attribute of the current tag.
#[derive(Debug, Default)]
struct Attr {
    name: Vec<u8>,
    /// End of the name.
    name_end: usize,
    /// Whether a value was given (`=`).
    has_value: bool,
    /// The value's bytes inside its quotes.
    value: Range<usize>,
    /// The decoded value.
    decoded: Vec<u8>,
    /// Character references in the value: range and decoded text.
    refs: Vec<(Range<usize>, String)>,
    /// End of the value part already seen (for finding references).
    seen: usize,
}

/// A tag as the rules see it.
struct TagToken<'t> {
    range: Range<usize>,
    id: u32,
    tag: Tag,
    self_closing: bool,
    attrs: &'t [Attr],
}

impl TagToken<'_> {
    fn attr(&self, name: &[u8]) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }

    fn value(&self, name: &[u8]) -> Option<&[u8]> {
        self.attr(name).map(|a| a.decoded.as_slice())
    }
}

/// The block being filled.
#[derive(Debug)]
struct OpenBlock {
    kind: BlockKind,
    serial: u32,
    pieces: Vec<Piece>,
    /// End of the last piece.
    end: usize,
    /// Next pair number.
    next: u32,
    /// Whether it holds text other than whitespace.
    visible: bool,
    /// Whether the last thing in it (but whitespace) is a `<br>`.
    after_br: bool,
}

/// What an end tag did.
enum Ended {
    /// Nothing: the end tag is ignored.
    Ignored,
    /// It closed an element (whose start tag's code is given) or acted otherwise.
    Closed(Option<(u32, u32)>),
}

/// The extraction's state: the tree construction's stacks and the blocks made so far.
pub(super) struct Builder<'c> {
    content: &'c str,
    stack: Vec<Elem>,
    /// Topmost open element of each id (1-based; 0: none).
    top: Vec<u32>,
    names: HashMap<Vec<u8>, u32>,
    active: Vec<Entry>,
    uid: u64,
    /// Open excluded elements.
    excluded: u32,
    /// Start of the excluded inline content inside the open block (one standalone code).
    region: Option<usize>,
    block: Option<OpenBlock>,
    serial: u32,
    /// Attribute blocks of tags inside the open block, added after it.
    pending: Vec<Block>,
    pub(super) blocks: Vec<Block>,
    pub(super) layout: Layout,
    seen_html: bool,
    /// Whether the current token popped a block-level element.
    popped_block: bool,
    pub(super) too_deep: bool,
}

impl<'c> Builder<'c> {
    pub(super) fn new(content: &'c str) -> Builder<'c> {
        Builder {
            content,
            stack: Vec::new(),
            top: vec![0; Tag::Other as usize + 1],
            names: HashMap::new(),
            active: Vec::new(),
            uid: 0,
            excluded: 0,
            region: None,
            block: None,
            serial: 0,
            pending: Vec::new(),
            blocks: Vec::new(),
            layout: Layout::default(),
            seen_html: false,
            popped_block: false,
            too_deep: false,
        }
    }

    /// The id of an element name.
    fn id_of(&mut self, name: &[u8], tag: Tag) -> u32 {
        if tag != Tag::Other {
            return tag as u32;
        }
        if let Some(&id) = self.names.get(name) {
            return id;
        }
        let id = self.top.len() as u32;
        self.names.insert(name.to_vec(), id);
        self.top.push(0);
        id
    }

    fn current(&self) -> Option<&Elem> {
        self.stack.last()
    }

    /// Whether the current node is in SVG or MathML (CDATA sections are allowed there).
    fn in_foreign(&self) -> bool {
        self.current().is_some_and(|e| e.ns != Ns::Html)
    }

    // ----- the stack -----

    /// The topmost live open element with `id` (stack index).
    fn topmost(&self, id: u32) -> Option<usize> {
        let mut at = *self.top.get(id as usize)?;
        while at > 0 {
            let e = &self.stack[at as usize - 1];
            if !e.dead {
                return Some(at as usize - 1);
            }
            at = e.prev_same;
        }
        None
    }

    /// The topmost element with `id` if it is in the scope whose boundary `boundary` gives
    /// (from the current node's indices).
    fn in_scope_by(&self, id: u32, boundary: impl Fn(&Elem) -> u32) -> Option<usize> {
        let idx = self.topmost(id)?;
        let bound = self.current().map_or(0, boundary);
        (idx as u32 + 1 >= bound).then_some(idx)
    }

    fn in_scope(&self, tag: Tag) -> Option<usize> {
        self.in_scope_by(tag as u32, |e| e.scope)
    }

    fn in_button_scope(&self, tag: Tag) -> Option<usize> {
        self.in_scope_by(tag as u32, |e| e.button_scope)
    }

    fn in_list_scope(&self, tag: Tag) -> Option<usize> {
        self.in_scope_by(tag as u32, |e| e.list_scope)
    }

    fn in_table_scope(&self, tag: Tag) -> Option<usize> {
        self.in_scope_by(tag as u32, |e| e.table_scope)
    }

    /// Push an element; returns its index.
    fn push(&mut self, id: u32, tag: Tag, ns: Ns, excluded: bool, at: usize) -> usize {
        if self.stack.len() >= MAX_DEPTH {
            self.too_deep = true;
        }
        let idx = self.stack.len();
        let n = idx as u32 + 1;
        let flags = if ns == Ns::Html { tag.flags() } else { 0 };
        let integration = match (ns, tag) {
            (Ns::Svg, Tag::ForeignObject | Tag::Desc | Tag::Title) => Integration::Html,
            (Ns::Math, Tag::Mi | Tag::Mo | Tag::Mn | Tag::Ms | Tag::Mtext) => Integration::MathText,
            _ => Integration::None,
        };
        let foreign_special =
            integration != Integration::None || (ns == Ns::Math && tag == Tag::AnnotationXml);
        let special = flags & tags::SPECIAL != 0 || foreign_special;
        let boundary = flags & tags::SCOPE != 0 || foreign_special;
        let parent = self.stack.last();
        let inherit = |f: fn(&Elem) -> u32| parent.map_or(0, f);
        let kind = match (ns, tag.block_kind()) {
            (Ns::Html, Some(kind)) if flags & tags::INLINE == 0 => kind,
            _ => parent.map_or(BlockKind::Paragraph, |p| p.kind),
        };
        let elem = Elem {
            id,
            tag,
            ns,
            prev_same: self.top.get(id as usize).copied().unwrap_or(0),
            scope: if boundary { n } else { inherit(|e| e.scope) },
            list_scope: if boundary || (ns == Ns::Html && matches!(tag, Tag::Ol | Tag::Ul)) {
                n
            } else {
                inherit(|e| e.list_scope)
            },
            button_scope: if boundary || (ns == Ns::Html && tag == Tag::Button) {
                n
            } else {
                inherit(|e| e.button_scope)
            },
            table_scope: if flags & tags::TABLE_SCOPE != 0 {
                n
            } else {
                inherit(|e| e.table_scope)
            },
            special: if special { n } else { inherit(|e| e.special) },
            stop: if special && !matches!(tag, Tag::Address | Tag::Div | Tag::P_) {
                n
            } else {
                inherit(|e| e.stop)
            },
            html: if ns == Ns::Html {
                n
            } else {
                inherit(|e| e.html)
            },
            kind,
            code: None,
            excluded,
            dead: false,
            entry: 0,
            integration,
        };
        if let Some(top) = self.top.get_mut(id as usize) {
            *top = n;
        }
        self.stack.push(elem);
        if excluded {
            self.exclusion_up(at);
        }
        idx
    }

    /// Pop the current node; `at` is where it ends (for an excluded region).
    fn pop(&mut self, at: usize) -> Option<Elem> {
        let e = self.stack.pop()?;
        let n = self.stack.len() as u32 + 1;
        if let Some(top) = self.top.get_mut(e.id as usize) {
            if *top == n {
                *top = e.prev_same;
            }
        }
        if !e.dead {
            if e.excluded {
                self.exclusion_down(at);
            }
            if e.ns == Ns::Html && !e.tag.is(tags::INLINE) {
                self.popped_block = true;
            }
            if e.ns == Ns::Html && e.tag.is(tags::MARKER) {
                self.clear_to_marker();
            }
        }
        Some(e)
    }

    /// Pop up to and including the element at `idx`: those above it end at `above`, it at
    /// `at`. Returns its code.
    fn pop_to(&mut self, idx: usize, above: usize, at: usize) -> Option<(u32, u32)> {
        while self.stack.len() > idx + 1 {
            self.pop(above);
        }
        self.pop(at).and_then(|e| e.code)
    }

    /// Remove the element at `idx` from the stack, leaving it in place (the adoption agency
    /// when a block lies above it).
    fn kill(&mut self, idx: usize, at: usize) {
        let n = idx as u32 + 1;
        let Some(e) = self.stack.get_mut(idx) else {
            return;
        };
        if e.dead {
            return;
        }
        e.dead = true;
        let (id, prev, excluded) = (e.id, e.prev_same, e.excluded);
        if let Some(top) = self.top.get_mut(id as usize) {
            if *top == n {
                *top = prev;
            }
        }
        if excluded {
            self.exclusion_down(at);
        }
    }

    // ----- active formatting elements -----

    fn push_marker(&mut self) {
        self.active.push(Entry {
            uid: 0,
            id: 0,
            tag: Tag::Other,
            excluded: false,
            attrs: 0,
            at: 0,
        });
    }

    fn clear_to_marker(&mut self) {
        while let Some(e) = self.active.pop() {
            if e.uid == 0 {
                break;
            }
        }
    }

    /// The stack index of an entry's element, if it is open.
    fn entry_open(&self, entry: &Entry) -> Option<usize> {
        let idx = (entry.at as usize).checked_sub(1)?;
        let e = self.stack.get(idx)?;
        (e.entry == entry.uid && !e.dead).then_some(idx)
    }

    /// Add the element at `idx` to the list of active formatting elements.
    fn push_formatting(&mut self, idx: usize, t: &TagToken<'_>) {
        let attrs = attrs_hash(t.attrs);
        let after_marker = self
            .active
            .iter()
            .rposition(|e| e.uid == 0)
            .map_or(0, |m| m + 1);
        let mut same = (after_marker..self.active.len())
            .filter(|&i| self.active[i].id == t.id && self.active[i].attrs == attrs);
        if let Some(first) = same.next() {
            if same.count() >= 2 {
                self.active.remove(first);
            }
        }
        if self.active.len() >= MAX_ACTIVE {
            if let Some(i) = self.active.iter().position(|e| e.uid != 0) {
                self.active.remove(i);
            }
        }
        self.uid += 1;
        let uid = self.uid;
        let Some(elem) = self.stack.get_mut(idx) else {
            return;
        };
        elem.entry = uid;
        self.active.push(Entry {
            uid,
            id: t.id,
            tag: t.tag,
            excluded: elem.excluded,
            attrs,
            at: idx as u32 + 1,
        });
    }

    /// Reopen the formatting elements closed by a block boundary ("reconstruct the active
    /// formatting elements"); they have no markup of their own.
    fn reconstruct(&mut self, at: usize) {
        let Some(last) = self.active.last() else {
            return;
        };
        if last.uid == 0 || self.entry_open(last).is_some() {
            return;
        }
        let mut first = self.active.len() - 1;
        while first > 0 {
            let e = &self.active[first - 1];
            if e.uid == 0 || self.entry_open(e).is_some() {
                break;
            }
            first -= 1;
        }
        for i in first..self.active.len() {
            let (id, tag, excluded, uid) = {
                let e = &self.active[i];
                (e.id, e.tag, e.excluded, e.uid)
            };
            let idx = self.push(id, tag, Ns::Html, excluded, at);
            self.stack[idx].entry = uid;
            self.active[i].at = idx as u32 + 1;
        }
    }

    /// The end of a formatting element (the adoption agency, simplified): the element is
    /// popped with what is above it, or, when a block-level element is open above it, taken
    /// off the stack alone (the text after the end tag is in that block, without the
    /// formatting). `above`/`at` as for [`Self::pop_to`].
    fn adoption(&mut self, id: u32, above: usize, at: usize) -> Ended {
        let after_marker = self
            .active
            .iter()
            .rposition(|e| e.uid == 0)
            .map_or(0, |m| m + 1);
        let Some(ai) = (after_marker..self.active.len())
            .rev()
            .find(|&i| self.active[i].id == id)
        else {
            return self.any_other_end(id, above, at);
        };
        let entry = self.active[ai].clone();
        let Some(idx) = self.entry_open(&entry) else {
            self.active.remove(ai);
            return Ended::Ignored;
        };
        let bound = self.current().map_or(0, |e| e.scope);
        if (idx as u32 + 1) < bound {
            return Ended::Ignored;
        }
        self.active.remove(ai);
        let special_above = self.current().map_or(0, |e| e.special) > idx as u32 + 1;
        if special_above {
            let code = self.stack.get(idx).and_then(|e| e.code);
            self.kill(idx, at);
            Ended::Closed(code)
        } else {
            Ended::Closed(self.pop_to(idx, above, at))
        }
    }

    /// "Any other end tag": the topmost element of that name is closed unless a special
    /// element is open above it.
    fn any_other_end(&mut self, id: u32, above: usize, at: usize) -> Ended {
        let Some(idx) = self.topmost(id) else {
            return Ended::Ignored;
        };
        if self.current().map_or(0, |e| e.special) > idx as u32 + 1 {
            return Ended::Ignored;
        }
        Ended::Closed(self.pop_to(idx, above, at))
    }

    /// Close an open `<p>` (before a block start tag).
    fn close_p(&mut self, at: usize) {
        if let Some(idx) = self.in_button_scope(Tag::P_) {
            self.pop_to(idx, at, at);
        }
    }

    // ----- blocks and pieces -----

    fn exclusion_up(&mut self, at: usize) {
        self.excluded += 1;
        if self.excluded == 1 && self.block.is_some() {
            self.region = Some(at);
        }
    }

    fn exclusion_down(&mut self, at: usize) {
        self.excluded = self.excluded.saturating_sub(1);
        if self.excluded == 0 {
            if let Some(start) = self.region.take() {
                self.add(Piece::Code {
                    range: start..at,
                    code: Code::Standalone,
                });
            }
        }
    }

    /// Open a block at `at` unless one is open.
    fn ensure_block(&mut self, at: usize) {
        if self.block.is_none() {
            self.serial += 1;
            self.block = Some(OpenBlock {
                kind: self.current().map_or(BlockKind::Paragraph, |e| e.kind),
                serial: self.serial,
                pieces: Vec::new(),
                end: at,
                next: 1,
                visible: false,
                after_br: false,
            });
        }
    }

    /// Add a piece to the open block; a gap before it (bytes no token reported) becomes a
    /// standalone code.
    fn add(&mut self, piece: Piece) {
        let Some(block) = self.block.as_mut() else {
            return;
        };
        let range = piece.range().clone();
        if range.start < block.end || range.end < range.start {
            debug_assert!(
                false,
                "piece {range:?} before the block's end {}",
                block.end
            );
            return;
        }
        if range.start > block.end {
            block.pieces.push(Piece::Code {
                range: block.end..range.start,
                code: Code::Standalone,
            });
        }
        if range.is_empty() {
            return;
        }
        block.end = range.end;
        match &piece {
            Piece::Text { text, .. } => {
                if !text.trim().is_empty() {
                    block.visible = true;
                    block.after_br = false;
                }
            }
            Piece::Code { .. } => block.after_br = false,
        }
        block.pieces.push(piece);
    }

    /// End the open block at `at`.
    fn flush(&mut self, at: usize) {
        if let Some(start) = self.region.take() {
            self.add(Piece::Code {
                range: start..at,
                code: Code::Standalone,
            });
        }
        if let Some(block) = self.block.take() {
            if block.visible {
                self.blocks.push(Block {
                    kind: block.kind,
                    pieces: tidy(block.pieces),
                });
            }
        }
        self.blocks.append(&mut self.pending);
    }

    /// A block boundary at `at`, unless inside excluded content.
    fn boundary(&mut self, at: usize) {
        if self.excluded == 0 {
            self.flush(at);
        }
    }

    /// A piece of markup that stands alone in the open block (a comment, an ignored tag).
    fn standalone(&mut self, range: Range<usize>) {
        if self.excluded == 0 && self.block.is_some() {
            self.add(Piece::Code {
                range,
                code: Code::Standalone,
            });
        }
    }

    // ----- tokens -----

    /// Text between tokens, with its character references.
    pub(super) fn text(&mut self, range: Range<usize>, refs: &[(Range<usize>, String)]) {
        if self.too_deep || range.is_empty() || self.excluded > 0 {
            return;
        }
        let raw = self.content.get(range.clone()).unwrap_or_default();
        let visible =
            !raw.bytes().all(is_space) || refs.iter().any(|(_, t)| !t.bytes().all(is_space));
        if !visible && self.block.is_none() {
            return;
        }
        if visible {
            self.reconstruct(range.start);
            if self.excluded > 0 {
                return;
            }
        }
        self.ensure_block(range.start);
        let mut pieces = Vec::new();
        text_pieces(self.content, range, refs, &mut pieces);
        for piece in pieces {
            self.add(piece);
        }
    }

    /// A comment, a doctype, or bytes no token took.
    pub(super) fn other(&mut self, range: Range<usize>) {
        if !self.too_deep {
            self.standalone(range);
        }
    }

    /// The end of the page.
    pub(super) fn eof(&mut self, at: usize) {
        while !self.stack.is_empty() {
            self.pop(at);
        }
        self.flush(at);
    }

    /// A start tag; returns the tokenizer state that follows it.
    fn start_tag(&mut self, t: &TagToken<'_>) -> Option<State> {
        if self.too_deep {
            return None;
        }
        self.popped_block = false;
        if self.foreign_rules(true) {
            let font_out = t.tag == Tag::Font
                && (t.attr(b"color").is_some()
                    || t.attr(b"face").is_some()
                    || t.attr(b"size").is_some());
            if t.tag.breaks_out_of_foreign() || font_out {
                while self
                    .current()
                    .is_some_and(|e| e.ns != Ns::Html && e.integration == Integration::None)
                {
                    self.pop(t.range.start);
                }
            } else {
                let ns = match (self.current().map(|e| e.ns), t.tag) {
                    (Some(Ns::Math), Tag::Svg)
                        if self.current().is_some_and(|e| e.tag == Tag::AnnotationXml) =>
                    {
                        Ns::Svg
                    }
                    (Some(ns), _) => ns,
                    (None, _) => Ns::Html,
                };
                let idx = self.push(t.id, t.tag, ns, true, t.range.start);
                if ns == Ns::Math && t.tag == Tag::AnnotationXml {
                    let enc = t.value(b"encoding").unwrap_or_default();
                    if enc.eq_ignore_ascii_case(b"text/html")
                        || enc.eq_ignore_ascii_case(b"application/xhtml+xml")
                    {
                        self.stack[idx].integration = Integration::Html;
                    }
                }
                if t.self_closing {
                    self.pop(t.range.end);
                }
                return None;
            }
        }
        self.html_start(t)
    }

    /// Whether the current token goes by the rules of foreign content.
    fn foreign_rules(&self, start_tag: bool) -> bool {
        let Some(e) = self.current() else {
            return false;
        };
        if e.ns == Ns::Html {
            return false;
        }
        match e.integration {
            Integration::Html | Integration::MathText => !start_tag,
            Integration::None => true,
        }
    }

    /// A start tag by the rules of HTML content.
    fn html_start(&mut self, t: &TagToken<'_>) -> Option<State> {
        let s = t.range.start;
        let tag = t.tag;
        match tag {
            Tag::Html => {
                if !self.seen_html && self.excluded == 0 {
                    self.seen_html = true;
                    self.html_attributes(t);
                }
                self.boundary(s);
                return None;
            }
            Tag::Body | Tag::Head => {
                self.boundary(s);
                if self.excluded == 0 {
                    self.attributes(t);
                }
                return None;
            }
            Tag::Frameset | Tag::Frame => {
                self.boundary(s);
                return None;
            }
            Tag::Caption
            | Tag::Colgroup
            | Tag::Col
            | Tag::Tbody
            | Tag::Thead
            | Tag::Tfoot
            | Tag::Tr
            | Tag::Td
            | Tag::Th => {
                if self.in_table_scope(Tag::Table).is_none() {
                    // Outside a table these tags are ignored.
                    self.standalone(t.range.clone());
                    return None;
                }
                self.table_start(t);
            }
            Tag::Li => {
                if let Some(idx) = self.stop_at(&[Tag::Li]) {
                    self.pop_to(idx, s, s);
                }
                self.close_p(s);
            }
            Tag::Dd | Tag::Dt => {
                if let Some(idx) = self.stop_at(&[Tag::Dd, Tag::Dt]) {
                    self.pop_to(idx, s, s);
                }
                self.close_p(s);
            }
            Tag::Button => {
                if let Some(idx) = self.in_scope(Tag::Button) {
                    self.pop_to(idx, s, s);
                }
            }
            Tag::Option_ if self.current().is_some_and(|e| e.tag == Tag::Option_) => {
                self.pop(s);
            }
            Tag::Optgroup => {
                if self.current().is_some_and(|e| e.tag == Tag::Option_) {
                    self.pop(s);
                }
                if self.current().is_some_and(|e| e.tag == Tag::Optgroup) {
                    self.pop(s);
                }
            }
            Tag::A => {
                let after_marker = self
                    .active
                    .iter()
                    .rposition(|e| e.uid == 0)
                    .map_or(0, |m| m + 1);
                if self.active[after_marker..].iter().any(|e| e.tag == Tag::A) {
                    self.adoption(Tag::A as u32, s, s);
                }
            }
            Tag::Nobr => {
                self.reconstruct(s);
                if self.in_scope(Tag::Nobr).is_some() {
                    self.adoption(Tag::Nobr as u32, s, s);
                }
            }
            _ if tag.is(tags::CLOSES_P) => {
                self.close_p(s);
                if tag.is_heading() && self.current().is_some_and(|e| e.tag.is_heading()) {
                    self.pop(s);
                }
            }
            _ => {}
        }
        let inline = tag.is(tags::INLINE);
        if !inline {
            self.boundary(s);
        }
        if inline && reopens_formatting(tag) {
            self.reconstruct(s);
        }
        let own_excluded = tag.is(tags::EXCLUDED) || excluded_by_attributes(t);
        let outside = self.excluded == 0;
        let void = tag.is(tags::VOID) || matches!(tag, Tag::Math | Tag::Svg) && t.self_closing;
        if void {
            if outside && own_excluded {
                if self.block.is_some() {
                    self.region = Some(s);
                }
                self.excluded += 1;
                self.exclusion_down(t.range.end);
            } else if outside && inline {
                if tag == Tag::Br {
                    self.line_break(t.range.clone());
                } else {
                    self.standalone(t.range.clone());
                }
            }
            if outside && !own_excluded {
                self.attributes(t);
            }
            return None;
        }
        let ns = match tag {
            Tag::Svg => Ns::Svg,
            Tag::Math => Ns::Math,
            _ => Ns::Html,
        };
        if outside && inline && !own_excluded {
            self.ensure_block(s);
        }
        let idx = self.push(t.id, tag, ns, own_excluded, s);
        // A text box's or a frame's own attributes (`placeholder`, `title`) are interface
        // text, though what is inside the element is not.
        let ui = matches!(tag, Tag::Textarea | Tag::Iframe) && !excluded_by_attributes(t);
        if outside && own_excluded && ui {
            self.attributes(t);
        }
        if outside && !own_excluded {
            if inline {
                if let Some(block) = self.block.as_mut() {
                    let k = block.next;
                    block.next += 1;
                    let serial = block.serial;
                    self.add(Piece::Code {
                        range: t.range.clone(),
                        code: Code::Open(k),
                    });
                    self.stack[idx].code = Some((serial, k));
                }
            }
            self.attributes(t);
        }
        if ns == Ns::Html {
            if tag.is(tags::FORMATTING) {
                self.push_formatting(idx, t);
            } else if tag.is(tags::MARKER) {
                self.push_marker();
            }
            return tag.text_state();
        }
        None
    }

    /// A table part's start tag with a table in scope.
    fn table_start(&mut self, t: &TagToken<'_>) {
        let s = t.range.start;
        let cell = |b: &Self| {
            b.in_table_scope(Tag::Td)
                .into_iter()
                .chain(b.in_table_scope(Tag::Th))
                .max()
        };
        match t.tag {
            Tag::Td | Tag::Th => {
                if let Some(idx) = cell(self) {
                    self.pop_to(idx, s, s);
                }
            }
            Tag::Tr => {
                if let Some(idx) = cell(self) {
                    self.pop_to(idx, s, s);
                }
                if let Some(idx) = self.in_table_scope(Tag::Tr) {
                    self.pop_to(idx, s, s);
                }
            }
            _ => {
                // caption, colgroup, col, tbody, thead, tfoot: back to the table.
                if let Some(table) = self.in_table_scope(Tag::Table) {
                    while self.stack.len() > table + 1 {
                        self.pop(s);
                    }
                }
            }
        }
    }

    /// For `<li>`, `<dd>`, `<dt>`: the open element of `names` that the new one closes: the
    /// nearest special element other than `address`, `div`, `p`, if it is one of them.
    fn stop_at(&self, names: &[Tag]) -> Option<usize> {
        let stop = self.current()?.stop as usize;
        let e = self.stack.get(stop.checked_sub(1)?)?;
        (e.ns == Ns::Html && names.contains(&e.tag) && !e.dead).then_some(stop - 1)
    }

    /// A `<br>` in the open block; a second one in a row ends the block (a blank line).
    fn line_break(&mut self, range: Range<usize>) {
        let Some(block) = self.block.as_ref() else {
            return;
        };
        if block.after_br {
            self.flush(range.start);
            return;
        }
        self.add(Piece::Code {
            range,
            code: Code::Standalone,
        });
        if let Some(block) = self.block.as_mut() {
            block.after_br = true;
        }
    }

    /// An end tag.
    fn end_tag(&mut self, t: &TagToken<'_>) {
        if self.too_deep {
            return;
        }
        self.popped_block = false;
        let before = self.excluded;
        let (s, e) = (t.range.start, t.range.end);
        let mut html = true;
        let mut ended = Ended::Ignored;
        if self.foreign_rules(false) {
            let below_html = self.current().map_or(0, |c| c.html);
            if let Some(idx) = self.topmost(t.id) {
                if idx as u32 + 1 > below_html {
                    ended = Ended::Closed(self.pop_to(idx, s, e));
                    html = false;
                }
            }
        }
        let mut boundary = false;
        if html {
            let tag = t.tag;
            ended = match tag {
                Tag::Br => {
                    if before == 0 {
                        self.reconstruct(s);
                        if self.excluded == 0 {
                            self.line_break(t.range.clone());
                        }
                    }
                    return;
                }
                Tag::Body | Tag::Html | Tag::Head => {
                    boundary = tag != Tag::Head;
                    Ended::Closed(None)
                }
                Tag::P_ => match self.in_button_scope(Tag::P_) {
                    Some(idx) => Ended::Closed(self.pop_to(idx, s, e)),
                    None => {
                        // The standard inserts an empty paragraph: a boundary all the same.
                        boundary = true;
                        Ended::Closed(None)
                    }
                },
                Tag::Li => self.close_in(self.in_list_scope(Tag::Li), s, e),
                Tag::Dd | Tag::Dt => self.close_in(self.in_scope(tag), s, e),
                _ if tag.is_heading() => {
                    let idx = [Tag::H1, Tag::H2, Tag::H3, Tag::H4, Tag::H5, Tag::H6]
                        .into_iter()
                        .filter_map(|h| self.in_scope(h))
                        .max();
                    self.close_in(idx, s, e)
                }
                Tag::Table
                | Tag::Tbody
                | Tag::Thead
                | Tag::Tfoot
                | Tag::Tr
                | Tag::Td
                | Tag::Th
                | Tag::Caption
                | Tag::Colgroup => self.close_in(self.in_table_scope(tag), s, e),
                Tag::Select | Tag::Template => self.close_in(self.topmost(t.id), s, e),
                Tag::Option_ | Tag::Optgroup => {
                    if self.current().is_some_and(|c| c.tag == tag) {
                        Ended::Closed(self.pop(e).and_then(|c| c.code))
                    } else {
                        Ended::Ignored
                    }
                }
                _ if tag.text_state().is_some() => {
                    if self
                        .current()
                        .is_some_and(|c| c.tag == tag && c.ns == Ns::Html)
                    {
                        Ended::Closed(self.pop(e).and_then(|c| c.code))
                    } else {
                        self.any_other_end(t.id, s, e)
                    }
                }
                _ if tag.is(tags::FORMATTING) => self.adoption(t.id, s, e),
                _ if tag != Tag::Other && tag.is(tags::SPECIAL) && tag.is(tags::VOID) => {
                    Ended::Ignored
                }
                _ if tag != Tag::Other && !tag.is(tags::INLINE) || tag.is(tags::SCOPE) => {
                    self.close_in(self.in_scope(tag), s, e)
                }
                _ => self.any_other_end(t.id, s, e),
            };
        }
        if (self.popped_block || boundary) && self.excluded == 0 {
            self.flush(s);
            return;
        }
        if before > 0 {
            return;
        }
        match ended {
            Ended::Closed(Some((serial, k)))
                if self.block.as_ref().is_some_and(|b| b.serial == serial) =>
            {
                self.add(Piece::Code {
                    range: t.range.clone(),
                    code: Code::Close(k),
                });
            }
            _ => self.standalone(t.range.clone()),
        }
    }

    fn close_in(&mut self, idx: Option<usize>, above: usize, at: usize) -> Ended {
        match idx {
            Some(idx) => Ended::Closed(self.pop_to(idx, above, at)),
            None => Ended::Ignored,
        }
    }

    // ----- attributes -----

    /// The `<html>` start tag's attributes: its language, its direction, and the usual ones.
    fn html_attributes(&mut self, t: &TagToken<'_>) {
        let mut has_lang = false;
        for a in t.attrs {
            if a.name == b"lang" || a.name == b"xml:lang" {
                if a.has_value {
                    self.layout.html_lang.push(a.value.clone());
                } else {
                    self.layout
                        .html_lang_insert
                        .get_or_insert((a.name_end, true));
                }
                has_lang |= a.name == b"lang";
            }
        }
        if !has_lang && self.layout.html_lang_insert.is_none() {
            // Right after `<html`.
            self.layout.html_lang_insert = Some((t.range.start + 5, false));
        }
        self.attributes(t);
    }

    /// The translatable attributes of a start tag outside excluded content, and its `dir` and
    /// `lang`.
    fn attributes(&mut self, t: &TagToken<'_>) {
        let mut seen: Vec<&[u8]> = Vec::new();
        let is_meta = t.tag == Tag::Meta;
        for a in t.attrs {
            if seen.contains(&a.name.as_slice()) {
                continue;
            }
            seen.push(&a.name);
            if !a.has_value {
                continue;
            }
            match a.name.as_slice() {
                b"dir" if a.decoded.eq_ignore_ascii_case(b"rtl") => {
                    self.layout.dirs.push(a.value.clone());
                }
                b"lang" | b"xml:lang" if t.tag != Tag::Html => {
                    self.layout.langs.push(a.value.clone());
                }
                b"alt" | b"title" | b"placeholder" | b"aria-label" => self.attribute_block(a),
                b"content" if is_meta => {
                    let name = t.value(b"name").unwrap_or_default();
                    let property = t.value(b"property").unwrap_or_default();
                    let pragma = t.value(b"http-equiv").unwrap_or_default();
                    let named =
                        |v: &[u8], names: &[&[u8]]| names.iter().any(|n| v.eq_ignore_ascii_case(n));
                    const SHARED: &[&[u8]] = &[
                        b"description",
                        b"og:title",
                        b"og:description",
                        b"twitter:title",
                        b"twitter:description",
                    ];
                    if named(name, SHARED) || named(property, SHARED) {
                        self.attribute_block(a);
                    } else if pragma.eq_ignore_ascii_case(b"content-language") {
                        self.layout.meta_langs.push(a.value.clone());
                    }
                }
                _ => {}
            }
        }
    }

    /// A translatable attribute value: its own block.
    fn attribute_block(&mut self, a: &Attr) {
        let mut pieces = Vec::new();
        text_pieces(self.content, a.value.clone(), &a.refs, &mut pieces);
        let visible = pieces.iter().any(|p| match p {
            Piece::Text { text, .. } => !text.trim().is_empty(),
            Piece::Code { .. } => false,
        });
        if !visible {
            return;
        }
        let quote = match self.content.as_bytes().get(a.value.start.wrapping_sub(1)) {
            Some(b'"') => Quote::Double,
            Some(b'\'') => Quote::Single,
            _ => Quote::None,
        };
        if quote != Quote::Double {
            self.layout.requote.push((a.value.clone(), quote));
        }
        let block = Block {
            kind: BlockKind::Attribute,
            pieces: tidy(pieces),
        };
        if self.block.is_some() {
            self.pending.push(block);
        } else {
            self.blocks.push(block);
        }
    }
}

/// Whether an inline start tag reopens the formatting elements a block boundary closed (not
/// those the standard handles by the rules of the head or as raw text).
fn reopens_formatting(tag: Tag) -> bool {
    !matches!(
        tag,
        Tag::Script
            | Tag::Style
            | Tag::Template
            | Tag::Noscript
            | Tag::Iframe
            | Tag::Textarea
            | Tag::Noembed
            | Tag::Noframes
            | Tag::Meta
            | Tag::Link
            | Tag::Base
            | Tag::Basefont
            | Tag::Bgsound
            | Tag::Param
            | Tag::Source
            | Tag::Track
    )
}

/// Whether `translate="no"` or the class `notranslate` keeps an element from translation.
fn excluded_by_attributes(t: &TagToken<'_>) -> bool {
    if t.value(b"translate")
        .is_some_and(|v| v.trim_ascii().eq_ignore_ascii_case(b"no"))
    {
        return true;
    }
    t.value(b"class").is_some_and(|v| {
        v.split(|&b| is_space(b))
            .any(|c| c.eq_ignore_ascii_case(b"notranslate"))
    })
}

/// A hash of a tag's attributes (names and values, in any order).
fn attrs_hash(attrs: &[Attr]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut pairs: Vec<(&[u8], &[u8])> = attrs
        .iter()
        .map(|a| (a.name.as_slice(), a.decoded.as_slice()))
        .collect();
    pairs.sort_unstable();
    pairs.dedup_by(|a, b| a.0 == b.0);
    let mut h = std::collections::hash_map::DefaultHasher::new();
    pairs.hash(&mut h);
    h.finish()
}

/// HTML's whitespace.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r')
}

/// The pieces of a run of text: plain text as it is written (a run of whitespace other than a
/// single space is an atomic space, as HTML collapses it), character references as atomic
/// pieces holding what they stand for.
fn text_pieces(
    content: &str,
    range: Range<usize>,
    refs: &[(Range<usize>, String)],
    out: &mut Vec<Piece>,
) {
    let mut pos = range.start;
    for (r, decoded) in refs {
        if r.start < pos || r.end > range.end {
            continue;
        }
        plain_pieces(content, pos..r.start, out);
        let text = if decoded.bytes().all(is_space) {
            " ".to_owned()
        } else {
            decoded.clone()
        };
        out.push(Piece::Text {
            range: r.clone(),
            text,
            atomic: true,
        });
        pos = r.end;
    }
    plain_pieces(content, pos..range.end, out);
}

fn plain_pieces(content: &str, range: Range<usize>, out: &mut Vec<Piece>) {
    let Some(s) = content.get(range.clone()) else {
        return;
    };
    let b = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < b.len() {
        if !is_space(b[i]) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < b.len() && is_space(b[j]) {
            j += 1;
        }
        if j - i > 1 || b[i] != b' ' {
            if run < i {
                out.push(Piece::text(content, range.start + run..range.start + i));
            }
            out.push(Piece::Text {
                range: range.start + i..range.start + j,
                text: " ".into(),
                atomic: true,
            });
            run = j;
        }
        i = j;
    }
    if run < b.len() {
        out.push(Piece::text(content, range.start + run..range.end));
    }
}

/// A finished block's pieces: long runs of codes merged into one, and text that would read as
/// a marker across pieces (`&lt;g1&gt;`) turned into codes.
fn tidy(pieces: Vec<Piece>) -> Vec<Piece> {
    let pieces = merge_code_runs(pieces);
    let plain: String = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Text { text, .. } => Some(text.as_str()),
            Piece::Code { .. } => None,
        })
        .collect();
    if !codes::has_codes(&plain) {
        return pieces;
    }
    // A marker inside one piece is protected by the generic code; one that spans pieces (made
    // of character references) becomes codes here: the atomic pieces it touches, and the part
    // of plain text pieces inside it.
    let mut starts = Vec::with_capacity(pieces.len());
    let mut at = 0;
    for p in &pieces {
        starts.push(at);
        if let Piece::Text { text, .. } = p {
            at += text.len();
        }
    }
    let spanning: Vec<Range<usize>> = codes::marker_ranges(&plain)
        .into_iter()
        .filter(|m| {
            !pieces.iter().zip(&starts).any(|(p, &s)| match p {
                Piece::Text { text, .. } => m.start >= s && m.end <= s + text.len(),
                Piece::Code { .. } => false,
            })
        })
        .collect();
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len() + 4);
    // Whether the last piece out is a code made of marker text (the next one joins it).
    let mut joining = false;
    let marker_code = |out: &mut Vec<Piece>, range: Range<usize>, joining: &mut bool| {
        match out.last_mut() {
            Some(Piece::Code { range: last, .. }) if *joining && last.end == range.start => {
                last.end = range.end;
            }
            _ => out.push(Piece::Code {
                range,
                code: Code::Standalone,
            }),
        }
        *joining = true;
    };
    for (p, &s) in pieces.into_iter().zip(&starts) {
        let Piece::Text {
            range,
            text,
            atomic,
        } = &p
        else {
            out.push(p);
            joining = false;
            continue;
        };
        let e = s + text.len();
        let overlapping: Vec<&Range<usize>> = spanning
            .iter()
            .filter(|m| m.start < e && m.end > s)
            .collect();
        if overlapping.is_empty() {
            out.push(p);
            joining = false;
            continue;
        }
        if *atomic || text.len() != range.len() {
            marker_code(&mut out, range.clone(), &mut joining);
            continue;
        }
        let mut pos = 0;
        for m in overlapping {
            let (from, to) = (m.start.max(s) - s, m.end.min(e) - s);
            if pos < from {
                out.push(Piece::Text {
                    range: range.start + pos..range.start + from,
                    text: text[pos..from].to_owned(),
                    atomic: false,
                });
                joining = false;
            }
            marker_code(&mut out, range.start + from..range.start + to, &mut joining);
            pos = to;
        }
        if pos < text.len() {
            out.push(Piece::Text {
                range: range.start + pos..range.end,
                text: text[pos..].to_owned(),
                atomic: false,
            });
            joining = false;
        }
    }
    out
}

/// Runs of more than [`MAX_CODE_RUN`] adjacent codes become one standalone code.
fn merge_code_runs(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut run = 0usize;
    let mut longest = 0usize;
    for p in &pieces {
        if matches!(p, Piece::Code { .. }) {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    if longest <= MAX_CODE_RUN {
        return pieces;
    }
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    let mut i = 0;
    while i < pieces.len() {
        let mut j = i;
        while j < pieces.len() && matches!(pieces[j], Piece::Code { .. }) {
            j += 1;
        }
        if j - i > MAX_CODE_RUN {
            out.push(Piece::Code {
                range: pieces[i].range().start..pieces[j - 1].range().end,
                code: Code::Standalone,
            });
            i = j;
        } else if j > i {
            out.extend(pieces[i..j].iter().cloned());
            i = j;
        } else {
            out.push(pieces[i].clone());
            i += 1;
        }
    }
    out
}

/// The emitter: gathers each token with its byte range and hands it to the [`Builder`].
pub(super) struct Sink<'b, 'c> {
    pub(super) builder: &'b mut Builder<'c>,
    /// The tokenizer's position in `content` (the tokenized text starts at the page's start).
    pos: usize,
    /// Start of the current tag, comment or doctype (its `<`).
    markup_start: usize,
    /// End of the last token: text runs from here.
    text_start: usize,
    /// End of the last string the tokenizer emitted.
    emitted: usize,
    refs: Vec<(Range<usize>, String)>,
    end_tag: bool,
    self_closing: bool,
    name: Vec<u8>,
    last_start: Vec<u8>,
    attrs: Vec<Attr>,
    n_attrs: usize,
}

impl<'b, 'c> Sink<'b, 'c> {
    pub(super) fn new(builder: &'b mut Builder<'c>, start: usize) -> Sink<'b, 'c> {
        Sink {
            builder,
            pos: start,
            markup_start: start,
            text_start: start,
            emitted: start,
            refs: Vec::new(),
            end_tag: false,
            self_closing: false,
            name: Vec::new(),
            last_start: Vec::new(),
            attrs: Vec::new(),
            n_attrs: 0,
        }
    }

    /// Hand over the text before `end`.
    fn flush_text(&mut self, end: usize) {
        if end > self.text_start {
            let refs = std::mem::take(&mut self.refs);
            self.builder.text(self.text_start..end, &refs);
            self.refs = refs;
        }
        self.refs.clear();
    }

    fn finish_token(&mut self, end: usize) {
        self.text_start = end.max(self.text_start);
        self.emitted = self.text_start;
    }

    fn current_attr(&mut self) -> Option<&mut Attr> {
        self.n_attrs
            .checked_sub(1)
            .and_then(|i| self.attrs.get_mut(i))
    }
}

/// If the raw bytes `raw` (ending at `end`) were emitted as `emitted`, the character reference
/// among them: its range and text.
fn reference(
    content: &str,
    from: usize,
    end: usize,
    emitted: &[u8],
) -> Option<(Range<usize>, String)> {
    let raw = content.get(from..end)?;
    if raw.as_bytes() == emitted {
        return None;
    }
    let amp = raw.rfind('&')?;
    let tail = &raw[amp..];
    if tail.as_bytes() == emitted {
        return None;
    }
    let text = String::from_utf8_lossy(emitted).into_owned();
    Some((from + amp..end, text))
}

impl Emitter for Sink<'_, '_> {
    type Token = Infallible;

    fn set_last_start_tag(&mut self, last_start_tag: Option<&[u8]>) {
        self.last_start.clear();
        self.last_start.extend(last_start_tag.unwrap_or_default());
    }

    fn emit_eof(&mut self) {
        let end = self.emitted.max(self.text_start);
        self.flush_text(end);
        let len = self.builder.content.len();
        if end < len {
            self.builder.other(end..len);
        }
        self.builder.eof(len);
    }

    fn emit_error(&mut self, _error: html5gum::Error) {}

    fn should_emit_errors(&mut self) -> bool {
        false
    }

    fn pop_token(&mut self) -> Option<Infallible> {
        None
    }

    fn emit_string(&mut self, s: &[u8]) {
        let from = self.emitted.max(self.text_start);
        let end = self.pos;
        if end >= from {
            if let Some(r) = reference(self.builder.content, from, end, s) {
                self.refs.push(r);
            }
            self.emitted = end;
        }
    }

    fn init_start_tag(&mut self) {
        self.end_tag = false;
        self.self_closing = false;
        self.name.clear();
        self.n_attrs = 0;
    }

    fn init_end_tag(&mut self) {
        self.end_tag = true;
        self.self_closing = false;
        self.name.clear();
        self.n_attrs = 0;
    }

    fn init_comment(&mut self) {}

    fn emit_current_tag(&mut self) -> Option<State> {
        let range = self.markup_start..self.pos;
        self.flush_text(range.start);
        self.finish_token(range.end);
        let tag = Tag::from_name(&self.name);
        let tag = if tag == Tag::Image && !self.end_tag {
            Tag::Img
        } else {
            tag
        };
        let id = self.builder.id_of(&self.name, tag);
        let n = self.n_attrs.min(self.attrs.len());
        let token = TagToken {
            range,
            id,
            tag,
            self_closing: self.self_closing,
            attrs: &self.attrs[..n],
        };
        if self.end_tag {
            self.builder.end_tag(&token);
            None
        } else {
            self.last_start.clear();
            self.last_start.extend_from_slice(&self.name);
            self.builder.start_tag(&token)
        }
    }

    fn emit_current_comment(&mut self) {
        let range = self.markup_start..self.pos;
        self.flush_text(range.start);
        self.finish_token(range.end);
        self.builder.other(range);
    }

    fn emit_current_doctype(&mut self) {
        self.emit_current_comment();
    }

    fn set_self_closing(&mut self) {
        self.self_closing = true;
    }

    fn set_force_quirks(&mut self) {}

    fn push_tag_name(&mut self, s: &[u8]) {
        self.name.extend_from_slice(s);
    }

    fn push_comment(&mut self, _s: &[u8]) {}

    fn push_doctype_name(&mut self, _s: &[u8]) {}

    fn init_doctype(&mut self) {}

    fn init_attribute(&mut self) {
        if self.n_attrs < self.attrs.len() {
            let a = &mut self.attrs[self.n_attrs];
            a.name.clear();
            a.has_value = false;
            a.value = 0..0;
            a.decoded.clear();
            a.refs.clear();
            a.seen = 0;
        } else {
            self.attrs.push(Attr::default());
        }
        self.n_attrs += 1;
    }

    fn init_attribute_value(&mut self) {
        let pos = self.pos;
        if let Some(a) = self.current_attr() {
            a.has_value = true;
            a.value = pos..pos;
            a.seen = pos;
        }
    }

    fn push_attribute_name(&mut self, s: &[u8]) {
        let pos = self.pos;
        if let Some(a) = self.current_attr() {
            a.name.extend_from_slice(s);
            a.name_end = pos;
        }
    }

    fn push_attribute_value(&mut self, s: &[u8]) {
        let pos = self.pos;
        let content = self.builder.content;
        if let Some(a) = self.current_attr() {
            if !a.has_value {
                return;
            }
            if pos >= a.seen {
                if let Some(r) = reference(content, a.seen, pos, s) {
                    a.refs.push(r);
                }
                a.seen = pos;
            }
            a.decoded.extend_from_slice(s);
            a.value.end = pos.max(a.value.start);
        }
    }

    fn set_doctype_public_identifier(&mut self, _value: &[u8]) {}

    fn set_doctype_system_identifier(&mut self, _value: &[u8]) {}

    fn push_doctype_public_identifier(&mut self, _s: &[u8]) {}

    fn push_doctype_system_identifier(&mut self, _s: &[u8]) {}

    fn start_open_tag(&mut self) {
        self.markup_start = self.pos.saturating_sub(1);
    }

    fn current_is_appropriate_end_tag_token(&mut self) -> bool {
        self.end_tag && !self.last_start.is_empty() && self.name == self.last_start
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&mut self) -> bool {
        self.builder.in_foreign()
    }

    fn move_position(&mut self, offset: isize) {
        self.pos = self.pos.saturating_add_signed(offset);
    }
}
