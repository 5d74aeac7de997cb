//! Markdown: CommonMark with the GitHub extensions a news text uses (tables, strikethrough,
//! task lists, footnotes), read with `pulldown-cmark`'s offset iterator: every event of the
//! parser comes with its byte range, and the blocks are made from those ranges alone.
//!
//! # Blocks
//!
//! Each paragraph, heading (ATX or setext) and table cell is a block, and so is the text of a
//! tight list item (which has no paragraph of its own). A paragraph inside a list item is an
//! [`BlockKind::Item`], a table cell a [`BlockKind::Cell`], a paragraph of a footnote
//! definition a [`BlockKind::Note`], a paragraph of a block quote a [`BlockKind::Paragraph`];
//! a heading is a [`BlockKind::Heading`], except the document's first heading when it is of
//! level 1: that is its [`BlockKind::Title`].
//!
//! Never sent, left in the skeleton as they are: fenced and indented code blocks, HTML
//! blocks, front matter (a YAML block between `---` lines, or TOML between `+++` lines, at the
//! top of the file), thematic breaks, link reference definitions (their titles too), link and
//! image destinations and titles, footnote labels. Math is not read (a `$` is a dollar).
//!
//! # Inline markup
//!
//! - Emphasis, strong emphasis and strikethrough are a pair of codes: their delimiters (`*`,
//!   `**`, `_`, `~~`).
//! - A link `[text](url "title")` is a pair: `[` and `](url "title")` (for a reference link
//!   `][ref]`, for a shortcut `]`): the destination and title are never sent.
//! - An image `![alt](src "title")` is a pair too, `![` and `](src "title")`, around its alt
//!   text, which is translated where it stands. An image alone in its paragraph (the usual
//!   case) is thus a segment of its own alt text; an image inside a sentence keeps its alt
//!   text there, as `<g1>alt</g1>`, so that the sentence and its codes stay in one piece. (A
//!   separate block for the alt text cannot work in this model: its range would lie inside the
//!   range of the sentence around it.)
//! - Autolinks (`<https://…>`), code spans, inline HTML, footnote references, task list
//!   markers and hard line breaks are one standalone code each, never translated. A hard
//!   break's code runs to the next line's text, over that line's container prefix.
//! - A backslash escape (`\*`) or an entity (`&amp;`) is an atomic text piece saying what it
//!   stands for.
//! - A soft line break is an atomic text piece saying `" "` that covers the end of the line
//!   (with its trailing spaces) and the next line's container prefix (indentation, a block
//!   quote's `>`), so that a sentence may run over several lines and be written back on one.
//!
//! # Escaping
//!
//! [`escape`] makes the text of a target read as text where a segment's text stands (inside a
//! paragraph, heading, cell, list item or alt text), leaving what cannot be misread alone:
//!
//! - `\`, `` ` ``, `*`, `_`, `~`, `[`, `]` and `|` always get a backslash (`|` would end a
//!   table cell; a segment does not know whether it stands in one); a `\` that ends the text
//!   is written `&#92;`, as a table would read `\\|` as a backslash and a pipe;
//! - `<` gets one when a letter, `/`, `!` or `?` follows (an HTML tag or an autolink);
//! - `&` gets one when it starts something read as an entity (`&amp;`, `&#1604;`, `&#x644;`);
//! - at the start of the text, where a line may begin, what would start a block: `>`, `#`s
//!   followed by a space, `-` or `+` followed by a space, a line of `=` or `-` only, digits
//!   followed by `.` or `)` and a space (the `.` or `)` is escaped); and `(` or `:`, which after
//!   a shortcut link's `]` would make a link or a link definition of it;
//! - a run of `#` at the end of the text after a space (a heading's closing sequence);
//! - line breaks become spaces: a segment is written back on one line.
//!
//! Not escaped: a `!` that a target puts right before a link's opening code (it would make
//! an image of the link), and delimiters a target moves so that they no longer touch a word
//! (`<g1> word</g1>`): both are the placement of codes, not text. And two oddities of tables: a
//! paragraph whose `|`s did not make it a table's header row (their count differs from the
//! delimiter row under it), or a line of `|`s alone right under a table (which is no row), may
//! become part of a table when its target changes its text.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use super::{Block, BlockKind, Code, Error, Extraction, Format, Layout, Piece};

/// The longest text event whose decoded text differs from its bytes that is kept as one
/// atomic piece (the longest named entity is 33 bytes); a longer one keeps the parts that
/// agree as ordinary text.
const MAX_ATOMIC: usize = 40;

/// Read a Markdown file.
pub fn read(path: &Path, bytes: Vec<u8>) -> Result<Extraction, Error> {
    let (content, offset) = super::checked_text(path, bytes)?;
    let blocks = blocks(&content, offset);
    Ok(Extraction {
        path: path.to_owned(),
        format: Format::Markdown,
        content,
        blocks,
        layout: Layout::Markdown,
    })
}

/// The parser's options: CommonMark with tables, strikethrough, task lists and footnotes.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
}

/// The translatable blocks of the Markdown text `content` from byte `start` (after a BOM).
pub fn blocks(content: &str, start: usize) -> Vec<Block> {
    let text = content.get(start..).unwrap_or_default();
    let body = start + front_matter(text);
    let text = content.get(body..).unwrap_or_default();
    let mut walker = Walker::new(content);
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        walker.event(event, range.start + body..range.end + body);
    }
    walker.flush();
    walker.blocks
}

/// The length of the front matter at the start of `text`: a line `---` (or `+++`) and the
/// lines up to a closing `---` or `...` (or `+++`), with the closing line's end; 0 if there is
/// none (no closing line, or a blank line right after the opening one: a thematic break).
pub fn front_matter(text: &str) -> usize {
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return 0;
    };
    let closing: &[&str] = match first.trim_end() {
        "---" => &["---", "..."],
        "+++" => &["+++"],
        _ => return 0,
    };
    let mut len = first.len();
    for (i, line) in lines.enumerate() {
        len += line.len();
        let line = line.trim_end();
        if closing.contains(&line) {
            return len;
        }
        if i == 0 && line.is_empty() {
            return 0;
        }
    }
    0
}

/// A block-level element the walker is inside, for the kind of the text in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Quote,
    Item,
    Footnote,
    /// A list, a table or one of its rows.
    Other,
}

/// Turns the parser's events into blocks.
struct Walker<'a> {
    content: &'a str,
    blocks: Vec<Block>,
    /// The open block-level elements, innermost last (a stack: never recursion).
    containers: Vec<Container>,
    /// The kind of the heading or table cell being read.
    leaf: Option<BlockKind>,
    /// The block being read.
    builder: Option<Builder>,
    /// The depth inside something never translated (a code block, an HTML block, an
    /// autolink): its events are skipped.
    skip: usize,
    /// Whether a heading was seen (the first one may be the title).
    seen_heading: bool,
}

impl<'a> Walker<'a> {
    fn new(content: &'a str) -> Walker<'a> {
        Walker {
            content,
            blocks: Vec::new(),
            containers: Vec::new(),
            leaf: None,
            builder: None,
            skip: 0,
            seen_heading: false,
        }
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        if self.skip > 0 {
            match event {
                Event::Start(_) => self.skip += 1,
                Event::End(_) => self.skip -= 1,
                _ => {}
            }
            return;
        }
        let content = self.content;
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(end) => self.end(end, range),
            Event::Text(text) => self.inline().text(content, &text, range),
            Event::Code(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_) => self.inline().standalone(content, range),
            Event::SoftBreak => self.inline().line_break(content, range, false),
            Event::HardBreak => self.inline().line_break(content, range, true),
            Event::Html(_) | Event::DisplayMath(_) | Event::Rule => self.flush(),
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        let content = self.content;
        match tag {
            Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            } => {
                self.inline().standalone(content, range);
                self.skip = 1;
            }
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. } => self.inline().open(content, range),
            Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => {
                self.flush();
                self.skip = 1;
            }
            Tag::Paragraph => self.flush(),
            Tag::Heading { level, .. } => {
                self.flush();
                let title = level == HeadingLevel::H1 && !self.seen_heading;
                self.seen_heading = true;
                self.leaf = Some(if title {
                    BlockKind::Title
                } else {
                    BlockKind::Heading
                });
            }
            Tag::TableCell => {
                self.flush();
                self.leaf = Some(BlockKind::Cell);
            }
            Tag::BlockQuote(_) => self.enter(Container::Quote),
            Tag::Item => self.enter(Container::Item),
            Tag::FootnoteDefinition(_) => self.enter(Container::Footnote),
            Tag::List(_)
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => self.enter(Container::Other),
        }
    }

    fn end(&mut self, end: TagEnd, range: Range<usize>) {
        match end {
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image => self.inline().close(range),
            TagEnd::Heading(_) | TagEnd::TableCell => {
                self.flush();
                self.leaf = None;
            }
            TagEnd::Paragraph
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::MetadataBlock(_) => self.flush(),
            TagEnd::BlockQuote(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::List(_)
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => {
                self.flush();
                self.containers.pop();
            }
        }
    }

    fn enter(&mut self, container: Container) {
        self.flush();
        self.containers.push(container);
    }

    /// The block that inline content goes to, begun if need be.
    fn inline(&mut self) -> &mut Builder {
        let kind = self.kind();
        self.builder.get_or_insert_with(|| Builder::new(kind))
    }

    /// The kind of a block begun here.
    fn kind(&self) -> BlockKind {
        if let Some(kind) = self.leaf {
            return kind;
        }
        match self
            .containers
            .iter()
            .rev()
            .find(|c| **c != Container::Other)
        {
            Some(Container::Item) => BlockKind::Item,
            Some(Container::Footnote) => BlockKind::Note,
            _ => BlockKind::Paragraph,
        }
    }

    /// End the block being read: kept if it says something.
    fn flush(&mut self) {
        let Some(builder) = self.builder.take() else {
            return;
        };
        if let Some(block) = builder.finish() {
            self.blocks.push(block);
        }
    }
}

/// The pieces of one block, made from the ranges of its inline events. Between two events
/// there may be bytes no event covers (a line's container prefix, the spaces before a line
/// break, an escape's backslash): an opening code or a line break grows over them; otherwise
/// they are a piece of their own.
struct Builder {
    kind: BlockKind,
    pieces: Vec<Piece>,
    /// The open inline elements: their pair number and the index of their opening code.
    open: Vec<(u32, usize)>,
    next: u32,
    /// Where the last piece ends.
    pos: usize,
    /// Whether the last piece grows to where the next one starts.
    grows: bool,
}

impl Builder {
    fn new(kind: BlockKind) -> Builder {
        Builder {
            kind,
            pieces: Vec::new(),
            open: Vec::new(),
            next: 1,
            pos: 0,
            grows: false,
        }
    }

    /// Bring the pieces up to byte `at`, where the next piece starts.
    fn reach(&mut self, content: &str, at: usize) {
        if self.pieces.is_empty() {
            self.pos = at;
        } else if at > self.pos {
            let range = self.pos..at;
            if self.grows {
                if let Some(last) = self.pieces.last_mut() {
                    set_end(last, at);
                }
            } else {
                let gap = content.get(range.clone()).unwrap_or_default();
                let piece = if gap.bytes().all(|b| b == b' ' || b == b'\t') {
                    Piece::text(content, range)
                } else if gap.bytes().all(|b| b.is_ascii_whitespace()) {
                    Piece::Text {
                        range,
                        text: " ".into(),
                        atomic: true,
                    }
                } else {
                    Piece::Code {
                        range,
                        code: Code::Standalone,
                    }
                };
                self.pieces.push(piece);
            }
            self.pos = at;
        }
        self.grows = false;
    }

    /// Add a piece that starts at or after `pos`; one that would overlap the pieces before is
    /// cut to start at `pos`, or dropped.
    fn push(&mut self, mut piece: Piece) {
        let range = piece.range().clone();
        if !self.pieces.is_empty() && range.start < self.pos {
            if range.end <= self.pos {
                return;
            }
            set_start(&mut piece, self.pos);
        }
        self.pos = piece.range().end;
        if let Piece::Text {
            range: next,
            text: more,
            atomic: false,
        } = &piece
        {
            if let Some(Piece::Text {
                range: last,
                text: said,
                atomic: false,
            }) = self.pieces.last_mut()
            {
                if last.end == next.start {
                    said.push_str(more);
                    last.end = next.end;
                    return;
                }
            }
        }
        self.pieces.push(piece);
    }

    /// A text event: what `range` says is `text`.
    fn text(&mut self, content: &str, text: &str, range: Range<usize>) {
        let bytes = content.as_bytes();
        let (mut range, mut text) = (range, text);
        // The parser leaves an escape's backslash out of every event; the escaped character
        // starts the text that follows it.
        let escaped = range.start > 0
            && bytes.get(range.start - 1) == Some(&b'\\')
            && (self.pieces.is_empty() || range.start > self.pos)
            && text
                .as_bytes()
                .first()
                .is_some_and(|b| b.is_ascii_punctuation() && bytes.get(range.start) == Some(b));
        if escaped {
            self.reach(content, range.start - 1);
            self.push(Piece::Text {
                range: range.start - 1..range.start + 1,
                text: text[..1].to_owned(),
                atomic: true,
            });
            range.start += 1;
            text = &text[1..];
            if range.is_empty() && text.is_empty() {
                return;
            }
        } else {
            self.reach(content, range.start);
        }
        let raw = content.get(range.clone()).unwrap_or_default();
        if raw == text {
            self.push(Piece::text(content, range));
        } else if raw.len() <= MAX_ATOMIC || text.is_empty() {
            self.push(Piece::Text {
                range,
                text: text.to_owned(),
                atomic: true,
            });
        } else {
            // What the bytes and the text have in common at either end stays ordinary text.
            let head = common_prefix(raw, text);
            let tail = common_suffix(&raw[head..], &text[head..]);
            let (mid_raw, mid_text) = (raw.len() - tail, text.len() - tail);
            if head > 0 {
                self.push(Piece::text(content, range.start..range.start + head));
            }
            self.push(Piece::Text {
                range: range.start + head..range.start + mid_raw,
                text: text[head..mid_text].to_owned(),
                atomic: true,
            });
            if tail > 0 {
                self.push(Piece::text(content, range.start + mid_raw..range.end));
            }
        }
    }

    /// Markup that stands alone.
    fn standalone(&mut self, content: &str, range: Range<usize>) {
        self.reach(content, range.start);
        self.push(Piece::Code {
            range,
            code: Code::Standalone,
        });
    }

    /// A soft line break (an atomic space) or a hard one (a standalone code), from the spaces
    /// before it to the next line's text.
    fn line_break(&mut self, content: &str, range: Range<usize>, hard: bool) {
        let trailing = content
            .get(self.pos..range.start)
            .is_some_and(|gap| gap.bytes().all(|b| b == b' ' || b == b'\t'));
        let start = if !self.pieces.is_empty() && !self.grows && trailing {
            self.pos
        } else {
            self.reach(content, range.start);
            range.start
        };
        let range = start..range.end;
        self.push(if hard {
            Piece::Code {
                range,
                code: Code::Standalone,
            }
        } else {
            Piece::Text {
                range,
                text: " ".into(),
                atomic: true,
            }
        });
        self.grows = true;
    }

    /// The start of an inline element whose range is `range`: its opening code runs to where
    /// its content starts.
    fn open(&mut self, content: &str, range: Range<usize>) {
        self.reach(content, range.start);
        let start = if self.pieces.is_empty() {
            range.start
        } else {
            range.start.max(self.pos)
        };
        let n = self.next;
        self.next += 1;
        self.open.push((n, self.pieces.len()));
        self.pieces.push(Piece::Code {
            range: start..start,
            code: Code::Open(n),
        });
        self.pos = start;
        self.grows = true;
    }

    /// The end of an inline element whose range is `range`: its closing code runs from where
    /// its content ends; an element with no content is one standalone code.
    fn close(&mut self, range: Range<usize>) {
        if self.pieces.is_empty() {
            self.pos = range.start;
        }
        let end = range.end.max(self.pos);
        match self.open.pop() {
            Some((_, index)) if index + 1 == self.pieces.len() => {
                if let Some(piece) = self.pieces.get_mut(index) {
                    let start = piece.range().start;
                    *piece = Piece::Code {
                        range: start..end,
                        code: Code::Standalone,
                    };
                }
            }
            Some((n, _)) => self.pieces.push(Piece::Code {
                range: self.pos..end,
                code: Code::Close(n),
            }),
            None => self.pieces.push(Piece::Code {
                range: self.pos..end,
                code: Code::Standalone,
            }),
        }
        self.pos = end;
        self.grows = false;
    }

    /// The block, if it has something to say. An element left open (never expected: the
    /// parser balances them) has its opening code made standalone.
    fn finish(mut self) -> Option<Block> {
        for (_, index) in std::mem::take(&mut self.open) {
            if let Some(Piece::Code { code, .. }) = self.pieces.get_mut(index) {
                *code = Code::Standalone;
            }
        }
        let says = self.pieces.iter().any(|p| match p {
            Piece::Text { text, .. } => !text.trim().is_empty(),
            Piece::Code { .. } => false,
        });
        says.then_some(Block {
            kind: self.kind,
            pieces: self.pieces,
        })
    }
}

/// Move the end of a piece's range.
fn set_end(piece: &mut Piece, end: usize) {
    match piece {
        Piece::Text { range, .. } | Piece::Code { range, .. } => range.end = end,
    }
}

/// Move the start of a piece's range (a text piece cut so becomes atomic).
fn set_start(piece: &mut Piece, start: usize) {
    match piece {
        Piece::Text { range, atomic, .. } => {
            range.start = start;
            *atomic = true;
        }
        Piece::Code { range, .. } => range.start = start,
    }
}

/// The length of the longest common prefix of `a` and `b`, on a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i)
}

/// The length of the longest common suffix of `a` and `b`, on a character boundary.
fn common_suffix(a: &str, b: &str) -> usize {
    let mut len = 0;
    for (x, y) in a.chars().rev().zip(b.chars().rev()) {
        if x != y {
            break;
        }
        len += x.len_utf8();
    }
    len
}

/// Text escaped for Markdown inline content (see the module docs for the rule).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let lead = text.len() - text.trim_start_matches([' ', '\t', '\n', '\r']).len();
    let marker = block_marker(&text[lead..]).map(|i| lead + i);
    let closing = closing_hashes(text);
    for (i, c) in text.char_indices() {
        let rest = &text[i + c.len_utf8()..];
        let next = rest.chars().next();
        let escaped = match c {
            '\n' => {
                out.push(' ');
                continue;
            }
            '\r' => {
                if next != Some('\n') {
                    out.push(' ');
                }
                continue;
            }
            // A table reads `\|` as a pipe even after another backslash.
            '\\' if rest.is_empty() => {
                out.push_str("&#92;");
                continue;
            }
            '\\' | '`' | '*' | '_' | '~' | '[' | ']' | '|' => true,
            '<' => next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
            '&' => entity_like(rest),
            '(' | ':' => i == 0,
            _ => Some(i) == marker || Some(i) == closing,
        };
        if escaped {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Where, in a text that may begin a line, the character is that would start a block there:
/// a block quote's `>`, a heading's `#`s, a bullet `-` or `+`, a setext underline or thematic
/// break of `=` or `-`, or the `.` or `)` of an ordered list's number.
fn block_marker(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let first = *bytes.first()?;
    let spaced = |at: usize| bytes.get(at).is_none_or(|b| matches!(b, b' ' | b'\t'));
    let only = |c: u8| bytes.iter().all(|&b| b == c || b == b' ' || b == b'\t');
    match first {
        b'>' => Some(0),
        b'#' => {
            let run = bytes.iter().take_while(|&&b| b == b'#').count();
            spaced(run).then_some(0)
        }
        b'-' | b'+' => (spaced(1) || only(first)).then_some(0),
        b'=' => only(b'=').then_some(0),
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            (digits <= 9 && matches!(bytes.get(digits), Some(b'.' | b')')) && spaced(digits + 1))
                .then_some(digits)
        }
        _ => None,
    }
}

/// Where a run of `#` that ends the text (but for spaces) starts, when a space comes before
/// it: it would be read as a heading's closing sequence.
fn closing_hashes(text: &str) -> Option<usize> {
    let trimmed = text.trim_end_matches([' ', '\t']);
    let without = trimmed.trim_end_matches('#');
    if without.len() == trimmed.len() || !without.ends_with([' ', '\t']) {
        return None;
    }
    Some(without.len())
}

/// Whether the text after an `&` would make an entity or a character reference of it.
fn entity_like(rest: &str) -> bool {
    let bytes = rest.as_bytes();
    let (from, digits): (usize, fn(&u8) -> bool) = match bytes {
        [b'#', b'x' | b'X', ..] => (2, u8::is_ascii_hexdigit),
        [b'#', ..] => (1, u8::is_ascii_digit),
        _ => (0, u8::is_ascii_alphanumeric),
    };
    let run = bytes
        .iter()
        .skip(from)
        .take(33)
        .take_while(|b| digits(b))
        .count();
    run > 0 && bytes.get(from + run) == Some(&b';')
}

#[cfg(test)]
mod tests;
