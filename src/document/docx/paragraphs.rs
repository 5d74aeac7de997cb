//! The paragraphs of one Word XML part read into blocks.
//!
//! One pass over the part's XML events, with an explicit stack (no recursion, whatever the
//! nesting), collects for every `<w:p>` a list of entries: the text of its `<w:t>` elements
//! with the run properties (`w:rPr`) it is written in, and the events between texts (a
//! hyperlink or other wrapper opening or closing, a standalone element, a field character).
//! When the paragraph closes, [`finalize`] turns the entries into a block; see the module
//! docs of [`super`] for what becomes what.

use std::collections::HashMap;
use std::ops::Range;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::styles::Styles;
use super::xml::Names;
use crate::codes;
use crate::document::{Block, BlockKind, Code, Piece};

/// Malformed XML: the byte of the part where it was found and what is wrong.
#[derive(Debug)]
pub(super) struct Failure {
    pub pos: usize,
    pub message: String,
}

/// What the children of an element are read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Outside paragraphs: the body, a table, a header, a text box's content.
    Doc,
    /// The content of a paragraph (runs, hyperlinks and other wrappers).
    Para,
    /// The content of a run.
    Run,
    /// The content of a `<w:t>`.
    Text,
    /// The children of a run's `<w:rPr>`.
    RunProps,
    /// The children of a paragraph's `<w:pPr>`.
    ParaProps,
    /// Inside a drawing, a picture, an object, deleted text: nothing is read but a text
    /// box's content.
    Object,
    /// Nothing inside is read.
    Ignore,
}

/// What to do when an element ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Nothing,
    Paragraph,
    Run,
    RunProps,
    /// A child element of a run's properties.
    RunPropsChild,
    /// A wrapper inside a paragraph: its pair closes.
    Pair(u32),
    /// A drawing or other object: a standalone code, unless it held a text box.
    Object {
        text_box: bool,
    },
    TextBox,
    Cell,
}

#[derive(Debug)]
struct Frame {
    mode: Mode,
    end: End,
}

/// A field character (`w:fldChar`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldChar {
    Begin,
    Separate,
    End,
}

/// One thing in a paragraph.
#[derive(Debug, Clone)]
enum Entry {
    /// Text of a `<w:t>`: the part's bytes `range`, what it says when that differs from the
    /// bytes (an entity, a CDATA section), and the key of its run's properties.
    Text {
        range: Range<usize>,
        decoded: Option<String>,
        key: u32,
    },
    /// A wrapper opens; `own`: its text has its own most common formatting (a hyperlink, a
    /// field's result).
    Open {
        id: u32,
        own: bool,
    },
    Close {
        id: u32,
    },
    Standalone,
    Field(FieldChar),
    /// Nothing (an event resolved away).
    Skip,
}

/// A paragraph being read.
#[derive(Debug)]
struct Para {
    kind: BlockKind,
    style: Option<String>,
    outline: Option<u8>,
    entries: Vec<Entry>,
    /// The key of the run being read.
    run_key: u32,
    /// A run's properties being read: nesting depth, where the current child started, whether
    /// it counts, and the key so far.
    props: Option<Props>,
    next_id: u32,
}

#[derive(Debug, Default)]
struct Props {
    depth: usize,
    child_start: usize,
    include: bool,
    key: String,
}

/// Run property elements that do not change how Latin text looks, left out of the key that
/// decides whether two runs are formatted alike: languages, proofing, direction and the
/// complex-script switch, a tracked formatting change, grid snapping.
const INVISIBLE_PROPS: [&[u8]; 7] = [
    b"lang",
    b"noProof",
    b"rtl",
    b"cs",
    b"webHidden",
    b"rPrChange",
    b"snapToGrid",
];

/// Elements of a paragraph that mark a place and hold no text: kept in the skeleton, and
/// dropped from a run whose text is rewritten.
const INVISIBLE_MARKS: [&[u8]; 12] = [
    b"proofErr",
    b"bookmarkStart",
    b"bookmarkEnd",
    b"commentRangeStart",
    b"commentRangeEnd",
    b"permStart",
    b"permEnd",
    b"moveFromRangeStart",
    b"moveFromRangeEnd",
    b"moveToRangeStart",
    b"moveToRangeEnd",
    b"lastRenderedPageBreak",
];

/// Read the paragraphs of a part into blocks. `base` is the part's offset in the content;
/// `note`: a header, footer, footnote or endnote part.
pub(super) fn scan(
    text: &str,
    base: usize,
    note: bool,
    styles: &Styles,
    blocks: &mut Vec<Block>,
) -> Result<(), Failure> {
    let mut reader = Reader::from_str(text);
    let mut names = Names::default();
    let mut rooted = false;
    let mut stack: Vec<Frame> = Vec::new();
    let mut paras: Vec<Para> = Vec::new();
    let mut keys: HashMap<String, u32> = HashMap::from([(String::new(), 0)]);
    let (mut cells, mut boxes) = (0usize, 0usize);
    let scanner = Scanner { text, base, styles };
    loop {
        let start = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| Failure {
            pos: reader.error_position() as usize,
            message: e.to_string(),
        })?;
        let end = reader.buffer_position() as usize;
        let mode = stack.last().map_or(Mode::Doc, |f| f.mode);
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                if !rooted {
                    names.learn(e);
                    rooted = true;
                }
                let qname = e.name();
                let qname = qname.as_ref();
                let local = names.w(qname);
                let fallback = names.is_mc(qname, b"Fallback");
                let mut frame = Frame {
                    mode,
                    end: End::Nothing,
                };
                match mode {
                    Mode::Doc => match local {
                        _ if fallback => frame.mode = Mode::Ignore,
                        Some(b"p") => {
                            let kind = if boxes > 0 || note {
                                BlockKind::Note
                            } else if cells > 0 {
                                BlockKind::Cell
                            } else {
                                BlockKind::Paragraph
                            };
                            frame = Frame {
                                mode: Mode::Para,
                                end: End::Paragraph,
                            };
                            if !empty {
                                paras.push(Para {
                                    kind,
                                    style: None,
                                    outline: None,
                                    entries: Vec::new(),
                                    run_key: 0,
                                    props: None,
                                    next_id: 1,
                                });
                            }
                        }
                        Some(b"tc") => {
                            frame.end = End::Cell;
                            if !empty {
                                cells += 1;
                            }
                        }
                        _ => {}
                    },
                    Mode::Para => {
                        let para = paras.last_mut().ok_or_else(|| Failure {
                            pos: start,
                            message: "paragraph content outside a paragraph".into(),
                        })?;
                        match local {
                            _ if fallback => frame.mode = Mode::Ignore,
                            Some(b"pPr") => frame.mode = Mode::ParaProps,
                            Some(b"r") => {
                                frame = Frame {
                                    mode: Mode::Run,
                                    end: End::Run,
                                };
                                para.run_key = 0;
                            }
                            Some(l) if INVISIBLE_MARKS.contains(&l) => frame.mode = Mode::Ignore,
                            Some(
                                b"sdtPr" | b"sdtEndPr" | b"customXmlPr" | b"smartTagPr" | b"rPr",
                            ) => frame.mode = Mode::Ignore,
                            Some(b"sdtContent") => {}
                            Some(b"del" | b"moveFrom") => {
                                if empty {
                                    para.entries.push(Entry::Standalone);
                                } else {
                                    frame = Frame {
                                        mode: Mode::Object,
                                        end: End::Object { text_box: false },
                                    };
                                }
                            }
                            _ if names.is_mc(qname, b"AlternateContent")
                                || names.is_mc(qname, b"Choice") => {}
                            _ if empty => para.entries.push(Entry::Standalone),
                            Some(b"hyperlink" | b"fldSimple") => {
                                frame.end = open_pair(para, true);
                            }
                            Some(_) => frame.end = open_pair(para, false),
                            _ => {
                                // Math, and elements of other vocabularies: one object.
                                frame = Frame {
                                    mode: Mode::Object,
                                    end: End::Object { text_box: false },
                                };
                            }
                        }
                    }
                    Mode::Run => {
                        let para = paras.last_mut().ok_or_else(|| Failure {
                            pos: start,
                            message: "a run outside a paragraph".into(),
                        })?;
                        match local {
                            Some(b"rPr") => {
                                frame = Frame {
                                    mode: Mode::RunProps,
                                    end: End::RunProps,
                                };
                                para.props = Some(Props::default());
                            }
                            Some(b"t") => frame.mode = Mode::Text,
                            Some(b"fldChar") => {
                                let kind = match names.attr(e, b"fldCharType").as_deref() {
                                    Some("begin") => FieldChar::Begin,
                                    Some("separate") => FieldChar::Separate,
                                    _ => FieldChar::End,
                                };
                                para.entries.push(Entry::Field(kind));
                                frame.mode = Mode::Ignore;
                            }
                            Some(b"instrText" | b"delText" | b"delInstrText") => {
                                frame.mode = Mode::Ignore;
                            }
                            Some(l) if INVISIBLE_MARKS.contains(&l) => frame.mode = Mode::Ignore,
                            _ if empty => para.entries.push(Entry::Standalone),
                            _ => {
                                frame = Frame {
                                    mode: Mode::Object,
                                    end: End::Object { text_box: false },
                                };
                            }
                        }
                    }
                    Mode::RunProps => {
                        if let Some(props) = paras.last_mut().and_then(|p| p.props.as_mut()) {
                            if props.depth == 0 {
                                let visible = !local.is_some_and(|l| {
                                    INVISIBLE_PROPS.contains(&l)
                                        || (l == b"rFonts" && only_hint(e, &names))
                                });
                                if empty {
                                    if visible {
                                        props.key.push_str(&text[start..end]);
                                    }
                                } else {
                                    props.child_start = start;
                                    props.include = visible;
                                }
                            }
                            if !empty {
                                props.depth += 1;
                                frame.end = End::RunPropsChild;
                            }
                        }
                    }
                    Mode::ParaProps => {
                        if let Some(para) = paras.last_mut() {
                            match local {
                                Some(b"pStyle") if empty => para.style = names.attr(e, b"val"),
                                Some(b"outlineLvl") if empty => {
                                    para.outline =
                                        names.attr(e, b"val").and_then(|v| v.parse().ok());
                                }
                                _ if !empty => frame.mode = Mode::Ignore,
                                _ => {}
                            }
                        }
                    }
                    Mode::Object => match local {
                        _ if fallback => frame.mode = Mode::Ignore,
                        Some(b"txbxContent") if !empty => {
                            frame = Frame {
                                mode: Mode::Doc,
                                end: End::TextBox,
                            };
                            boxes += 1;
                            // The paragraph holding the text box ends here and goes on after
                            // it: the box's paragraphs are blocks of their own in between.
                            for f in stack.iter_mut().rev() {
                                match &mut f.end {
                                    End::Object { text_box } => *text_box = true,
                                    End::Paragraph => break,
                                    _ => {}
                                }
                            }
                            if let Some(para) = paras.last_mut() {
                                let entries = std::mem::take(&mut para.entries);
                                if let Some(block) = scanner.finalize(para, entries) {
                                    blocks.push(block);
                                }
                            }
                        }
                        _ => {}
                    },
                    Mode::Text | Mode::Ignore => frame.mode = Mode::Ignore,
                }
                if !empty {
                    stack.push(frame);
                }
            }
            Event::End(_) => {
                let Some(frame) = stack.pop() else {
                    return Err(Failure {
                        pos: start,
                        message: "a closing tag without an opening one".into(),
                    });
                };
                match frame.end {
                    End::Nothing => {}
                    End::Paragraph => {
                        if let Some(mut para) = paras.pop() {
                            let entries = std::mem::take(&mut para.entries);
                            if let Some(block) = scanner.finalize(&mut para, entries) {
                                blocks.push(block);
                            }
                        }
                    }
                    End::Run => {
                        if let Some(para) = paras.last_mut() {
                            para.run_key = 0;
                        }
                    }
                    End::RunProps => {
                        if let Some(para) = paras.last_mut()
                            && let Some(props) = para.props.take()
                        {
                            let next = keys.len() as u32;
                            para.run_key = *keys.entry(props.key).or_insert(next);
                        }
                    }
                    End::RunPropsChild => {
                        if let Some(props) = paras.last_mut().and_then(|p| p.props.as_mut()) {
                            props.depth = props.depth.saturating_sub(1);
                            if props.depth == 0 && props.include {
                                props.key.push_str(&text[props.child_start..end]);
                            }
                        }
                    }
                    End::Pair(id) => {
                        if let Some(para) = paras.last_mut() {
                            para.entries.push(Entry::Close { id });
                        }
                    }
                    End::Object { text_box } => {
                        if !text_box && let Some(para) = paras.last_mut() {
                            para.entries.push(Entry::Standalone);
                        }
                    }
                    End::TextBox => boxes = boxes.saturating_sub(1),
                    End::Cell => cells = cells.saturating_sub(1),
                }
            }
            Event::Text(_) | Event::CData(_) if mode == Mode::Text => {
                if let Some(para) = paras.last_mut() {
                    let key = para.run_key;
                    if let Event::CData(c) = &event {
                        let inner = String::from_utf8_lossy(c.as_ref()).into_owned();
                        if !inner.is_empty() {
                            para.entries.push(Entry::Text {
                                range: start..end,
                                decoded: Some(inner),
                                key,
                            });
                        }
                    } else {
                        text_entries(text, start..end, key, &mut para.entries)?;
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(frame) = stack.last() {
        return Err(Failure {
            pos: text.len(),
            message: format!(
                "the part ends inside an element ({} still open)",
                match frame.end {
                    End::Paragraph => "a paragraph",
                    End::Run => "a run",
                    _ => "an element",
                }
            ),
        });
    }
    Ok(())
}

/// Whether a `w:rFonts` says nothing but which font slot to prefer (`w:hint`).
fn only_hint(e: &BytesStart<'_>, names: &Names) -> bool {
    e.attributes()
        .flatten()
        .all(|a| names.w(a.key.as_ref()) == Some(b"hint"))
}

/// A wrapper opens in a paragraph: its entry and what its end does.
fn open_pair(para: &mut Para, own: bool) -> End {
    let id = para.next_id;
    para.next_id += 1;
    para.entries.push(Entry::Open { id, own });
    End::Pair(id)
}

/// The entries of a text event's bytes `range`: plain text, and each entity (`&amp;`,
/// `&#1575;`) on its own with what it stands for.
fn text_entries(
    text: &str,
    range: Range<usize>,
    key: u32,
    entries: &mut Vec<Entry>,
) -> Result<(), Failure> {
    let raw = &text[range.clone()];
    let mut pos = 0;
    while let Some(amp) = raw[pos..].find('&').map(|i| pos + i) {
        if amp > pos {
            entries.push(Entry::Text {
                range: range.start + pos..range.start + amp,
                decoded: None,
                key,
            });
        }
        let semi = raw[amp..]
            .find(';')
            .filter(|&n| n <= 12)
            .map(|n| amp + n)
            .ok_or_else(|| Failure {
                pos: range.start + amp,
                message: "an `&` that starts no entity".into(),
            })?;
        let name = &raw[amp + 1..semi];
        let decoded = decode_entity(name).ok_or_else(|| Failure {
            pos: range.start + amp,
            message: format!("unknown or invalid entity `&{name};`"),
        })?;
        entries.push(Entry::Text {
            range: range.start + amp..range.start + semi + 1,
            decoded: Some(decoded.to_string()),
            key,
        });
        pos = semi + 1;
    }
    if pos < raw.len() {
        entries.push(Entry::Text {
            range: range.start + pos..range.end,
            decoded: None,
            key,
        });
    }
    Ok(())
}

/// The character an entity name (between `&` and `;`) stands for.
fn decode_entity(name: &str) -> Option<char> {
    let code = match name {
        "amp" => return Some('&'),
        "lt" => return Some('<'),
        "gt" => return Some('>'),
        "quot" => return Some('"'),
        "apos" => return Some('\''),
        _ => {
            let num = name.strip_prefix('#')?;
            match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            }
        }
    };
    char::from_u32(code).filter(|&c| c != '\0')
}

/// Where a paragraph's pieces come from.
struct Scanner<'a> {
    text: &'a str,
    base: usize,
    styles: &'a Styles,
}

/// The container of text outside any wrapper with its own formatting.
const PARAGRAPH: u32 = 0;

impl Scanner<'_> {
    /// The block of a paragraph's entries, if it has text.
    fn finalize(&self, para: &mut Para, mut entries: Vec<Entry>) -> Option<Block> {
        resolve_fields(&mut entries, &mut para.next_id);
        resolve_pairs(&mut entries);
        if !entries.iter().any(|e| matches!(e, Entry::Text { .. })) {
            return None;
        }
        let baselines = baselines(&entries);
        let mut pieces: Vec<Piece> = Vec::new();
        // The open formatting pair: (key, container, id).
        let mut format: Option<(u32, u32, u32)> = None;
        let mut containers: Vec<u32> = Vec::new();
        let mut pending: Vec<Entry> = Vec::new();
        let mut prev_end: Option<usize> = None;
        for entry in entries {
            let Entry::Text {
                range,
                decoded,
                key,
            } = entry
            else {
                match entry {
                    Entry::Open { id, own } => {
                        if own {
                            containers.push(id);
                        }
                        pending.push(entry);
                    }
                    Entry::Close { id } => {
                        if containers.last() == Some(&id) {
                            containers.pop();
                        }
                        pending.push(entry);
                    }
                    Entry::Standalone => pending.push(entry),
                    Entry::Field(_) | Entry::Skip => {}
                    Entry::Text { .. } => {}
                }
                continue;
            };
            let container = containers.last().copied().unwrap_or(PARAGRAPH);
            let wanted = (baselines.get(&container) != Some(&key)).then_some((key, container));
            let structural = pending
                .iter()
                .any(|e| matches!(e, Entry::Open { .. } | Entry::Close { .. }));
            let mut closes = Vec::new();
            let mut standalones = 0;
            let mut opens = Vec::new();
            if let Some((k, c, id)) = format
                && (structural || wanted != Some((k, c)))
            {
                closes.push(Code::Close(id));
                format = None;
            }
            for e in pending.drain(..) {
                match e {
                    Entry::Open { id, .. } => opens.push(Code::Open(id)),
                    Entry::Close { id } => closes.push(Code::Close(id)),
                    Entry::Standalone => standalones += 1,
                    _ => {}
                }
            }
            if let Some((k, c)) = wanted
                && format.is_none()
            {
                let id = para.next_id;
                para.next_id += 1;
                opens.push(Code::Open(id));
                format = Some((k, c, id));
            }
            let start = self.base + range.start;
            let end = self.base + range.end;
            match prev_end {
                None => {
                    // What comes before the first text is the skeleton; the pairs opened
                    // there start at the text.
                    for code in opens {
                        pieces.push(Piece::Code {
                            range: start..start,
                            code,
                        });
                    }
                    self.push_text(&mut pieces, start..end, decoded, None);
                }
                Some(before) => {
                    let mut codes = closes;
                    codes.extend(std::iter::repeat_n(Code::Standalone, standalones));
                    codes.extend(opens);
                    let last = codes.len().saturating_sub(1);
                    for (i, code) in codes.iter().enumerate() {
                        let range = if i == last {
                            before..start
                        } else {
                            before..before
                        };
                        pieces.push(Piece::Code { range, code: *code });
                    }
                    let invisible = (codes.is_empty() && before < start).then_some(before);
                    self.push_text(&mut pieces, start..end, decoded, invisible);
                }
            }
            prev_end = Some(end);
        }
        // Pairs still open close at the last text; what follows it is the skeleton.
        let at = prev_end?;
        if let Some((_, _, id)) = format {
            pieces.push(Piece::Code {
                range: at..at,
                code: Code::Close(id),
            });
        }
        for e in pending {
            if let Entry::Close { id } = e {
                pieces.push(Piece::Code {
                    range: at..at,
                    code: Code::Close(id),
                });
            }
        }
        let kind = match para.style.as_deref() {
            Some(s) if self.styles.is_heading(s) => BlockKind::Heading,
            _ if para.outline.is_some_and(|l| l < 9) => BlockKind::Heading,
            Some(s) if self.styles.is_caption(s) => BlockKind::Note,
            _ => para.kind,
        };
        Some(Block {
            kind,
            pieces: protect_split_markers(pieces),
        })
    }

    /// The pieces of one text entry (content range `range`). `invisible`: where the markup
    /// between it and the previous text starts, when that markup changes nothing (a run split
    /// between runs formatted alike, a proofing mark, a bookmark): it becomes part of an
    /// atomic piece with the first character of this text.
    fn push_text(
        &self,
        pieces: &mut Vec<Piece>,
        range: Range<usize>,
        decoded: Option<String>,
        invisible: Option<usize>,
    ) {
        match (decoded, invisible) {
            (Some(text), at) => pieces.push(Piece::Text {
                range: at.unwrap_or(range.start)..range.end,
                text,
                atomic: true,
            }),
            (None, None) => pieces.push(self.plain(range)),
            (None, Some(at)) => {
                let s = self.text_at(range.clone());
                let first = s.chars().next().map_or(0, char::len_utf8);
                pieces.push(Piece::Text {
                    range: at..range.start + first,
                    text: s[..first].to_owned(),
                    atomic: true,
                });
                if first < s.len() {
                    pieces.push(self.plain(range.start + first..range.end));
                }
            }
        }
    }

    fn text_at(&self, range: Range<usize>) -> &str {
        self.text
            .get(range.start - self.base..range.end - self.base)
            .unwrap_or_default()
    }

    fn plain(&self, range: Range<usize>) -> Piece {
        Piece::Text {
            text: self.text_at(range.clone()).to_owned(),
            range,
            atomic: false,
        }
    }
}

/// Fields (`w:fldChar` begin … separate … end): a field with text in its result becomes a
/// pair around it (the result has its own formatting, as a hyperlink's text has); one without
/// a standalone code; a half whose other half is in another paragraph, a standalone code.
fn resolve_fields(entries: &mut [Entry], next_id: &mut u32) {
    let mut begins: Vec<usize> = Vec::new();
    for i in 0..entries.len() {
        match entries[i] {
            Entry::Field(FieldChar::Begin) => begins.push(i),
            Entry::Field(FieldChar::Separate) => entries[i] = Entry::Skip,
            Entry::Field(FieldChar::End) => match begins.pop() {
                Some(b) => {
                    let text = entries[b..i]
                        .iter()
                        .any(|e| matches!(e, Entry::Text { .. }));
                    if text {
                        let id = *next_id;
                        *next_id += 1;
                        entries[b] = Entry::Open { id, own: true };
                        entries[i] = Entry::Close { id };
                    } else {
                        entries[b] = Entry::Standalone;
                        entries[i] = Entry::Skip;
                    }
                }
                None => entries[i] = Entry::Standalone,
            },
            _ => {}
        }
    }
    for b in begins {
        entries[b] = Entry::Standalone;
    }
}

/// Pairs without text between their halves become one standalone code; a half without the
/// other (a paragraph cut by a text box) a standalone code.
fn resolve_pairs(entries: &mut [Entry]) {
    // Each open pair with the number of texts seen before it opened.
    let mut open: HashMap<u32, (usize, usize)> = HashMap::new();
    let mut texts = 0;
    for i in 0..entries.len() {
        match entries[i] {
            Entry::Open { id, .. } => {
                open.insert(id, (i, texts));
            }
            Entry::Text { .. } => texts += 1,
            Entry::Close { id } => match open.remove(&id) {
                Some((_, before)) if before < texts => {}
                Some((o, _)) => {
                    entries[o] = Entry::Standalone;
                    entries[i] = Entry::Skip;
                }
                None => entries[i] = Entry::Standalone,
            },
            _ => {}
        }
    }
    for (_, (o, _)) in open {
        entries[o] = Entry::Standalone;
    }
}

/// The most common run properties (by bytes of text) of each container: the paragraph and
/// every wrapper with its own formatting.
fn baselines(entries: &[Entry]) -> HashMap<u32, u32> {
    let mut counts: HashMap<u32, Vec<(u32, usize)>> = HashMap::new();
    let mut containers: Vec<u32> = Vec::new();
    for e in entries {
        match *e {
            Entry::Open { id, own: true } => containers.push(id),
            Entry::Close { id } if containers.last() == Some(&id) => {
                containers.pop();
            }
            Entry::Text { ref range, key, .. } => {
                let c = containers.last().copied().unwrap_or(PARAGRAPH);
                let list = counts.entry(c).or_default();
                match list.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, n)) => *n += range.len(),
                    None => list.push((key, range.len())),
                }
            }
            _ => {}
        }
    }
    counts
        .into_iter()
        .map(|(c, list)| {
            let mut best = (0, 0);
            for (k, n) in list {
                if n > best.1 {
                    best = (k, n);
                }
            }
            (c, best.0)
        })
        .collect()
}

/// Text that reads as a marker (`<g1>`) across pieces (`&lt;g1&gt;` is three) becomes one
/// atomic piece, which the generic code then turns into a code like any literal marker.
fn protect_split_markers(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut joined = String::new();
    let mut starts = Vec::with_capacity(pieces.len());
    for p in &pieces {
        starts.push(joined.len());
        if let Piece::Text { text, .. } = p {
            joined.push_str(text);
        } else {
            // Codes separate runs of text: a marker cannot span them.
            joined.push('\u{1}');
        }
    }
    if !codes::has_codes(&joined) {
        return pieces;
    }
    let mut merge_from: Vec<Option<usize>> = vec![None; pieces.len()];
    for m in codes::marker_ranges(&joined) {
        let first = starts.partition_point(|&s| s <= m.start).saturating_sub(1);
        let last = starts.partition_point(|&s| s < m.end).saturating_sub(1);
        if last > first {
            for slot in merge_from.iter_mut().take(last + 1).skip(first + 1) {
                *slot = Some(first);
            }
        }
    }
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    let mut owner: Vec<usize> = Vec::with_capacity(pieces.len());
    for (i, piece) in pieces.into_iter().enumerate() {
        let target = merge_from[i].map(|f| {
            let mut f = f;
            while let Some(g) = merge_from[f] {
                f = g;
            }
            f
        });
        match (target, piece) {
            (Some(f), Piece::Text { range, text, .. }) => {
                if let Some(pos) = owner.iter().rposition(|&o| o == f)
                    && let Some(Piece::Text {
                        range: r,
                        text: t,
                        atomic,
                    }) = out.get_mut(pos)
                {
                    r.end = range.end;
                    t.push_str(&text);
                    *atomic = true;
                }
            }
            (_, piece) => {
                out.push(piece);
                owner.push(i);
            }
        }
    }
    out
}
