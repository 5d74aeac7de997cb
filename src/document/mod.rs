//! Source documents of every format read into one model, and written back.
//!
//! A reader turns a file into an [`Extraction`]: the document's `content` (its text in UTF-8:
//! the file itself for plain text, Markdown and UTF-8 HTML, the decoded page for HTML in
//! another charset, the XML parts laid end to end for Word) and the translatable [`Block`]s in
//! it (paragraphs, headings, table cells, translatable attributes). A block is a list of
//! [`Piece`]s: text, with the range of `content` that holds it and what it says, and inline
//! codes (markup inside the block: a link, bold, a Word run boundary).
//!
//! [`Extraction::segments`] splits each block into sentences: a [`SourceSegment`] is a byte
//! range of `content` with its text in the inline-code form of [`crate::codes`]. Everything
//! outside the segments' ranges is the skeleton, copied as it is when the document is built.
//! [`Extraction::build`] replaces each segment's range by its rendered target (codes written
//! back as their original markup, text escaped for the format) and lets the format finish the
//! file (the page's `lang`, the Word package).
//!
//! Building from the source side gives back the input byte for byte: a text run or a whole
//! segment that is unchanged keeps its original bytes (entities, escapes, run splits).

pub mod docx;
pub mod html;
pub mod markdown;
pub mod text;

use crate::text::Location;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::codes::{self, Token};
use crate::segment::Segmenter;

/// The largest document file read, in bytes.
pub const MAX_DOCUMENT_BYTES: u64 = 512 * 1024 * 1024;

/// A source document's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text (`.txt` and anything not recognised).
    Text,
    /// An HTML page or fragment (`.html`, `.htm`, `.xhtml`).
    Html,
    /// CommonMark with tables (`.md`, `.markdown`).
    Markdown,
    /// A Word document (`.docx`).
    Docx,
}

impl Format {
    /// The format a file's extension names; plain text for anything else. Word formats this
    /// build cannot read (`.doc`, `.docm`, `.odt`…) are [`Format::Docx`] so that the reader
    /// can say what to do with them.
    pub fn from_path(path: &Path) -> Format {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        match ext.as_str() {
            "html" | "htm" | "xhtml" => Format::Html,
            "md" | "markdown" | "mdown" | "mkd" => Format::Markdown,
            "docx" | "doc" | "docm" | "dotx" | "dot" | "rtf" | "odt" => Format::Docx,
            _ => Format::Text,
        }
    }

    /// The name used on the command line and in the store: `text`, `html`, `markdown`, `docx`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Markdown => "markdown",
            Format::Docx => "docx",
        }
    }

    /// The extension a built document of this format gets, for a source with extension `ext`.
    pub fn extension(self, source_ext: Option<&str>) -> String {
        match (self, source_ext) {
            (Format::Docx, _) => "docx".into(),
            (_, Some(ext)) if !ext.is_empty() => ext.to_owned(),
            (Format::Html, _) => "html".into(),
            (Format::Markdown, _) => "md".into(),
            (Format::Text, _) => "txt".into(),
        }
    }

    /// The format named `name` (as [`Format::as_str`] writes it).
    pub fn parse(name: &str) -> Option<Format> {
        [Format::Text, Format::Html, Format::Markdown, Format::Docx]
            .into_iter()
            .find(|f| f.as_str() == name)
    }

    /// Whether the format is text that can be written to standard output.
    pub fn is_text(self) -> bool {
        self != Format::Docx
    }
}

/// How plain text is cut into paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paragraphs {
    /// Every line is a paragraph.
    Line,
    /// Paragraphs are separated by blank lines; a line break inside one is a space.
    Blank,
    /// `blank` for hard-wrapped text, else `line`.
    #[default]
    Auto,
}

impl Paragraphs {
    /// The mode's name: `line`, `blank`, `auto`.
    pub fn as_str(self) -> &'static str {
        match self {
            Paragraphs::Line => "line",
            Paragraphs::Blank => "blank",
            Paragraphs::Auto => "auto",
        }
    }

    /// The mode named `name`.
    pub fn parse(name: &str) -> Option<Paragraphs> {
        [Paragraphs::Line, Paragraphs::Blank, Paragraphs::Auto]
            .into_iter()
            .find(|p| p.as_str() == name)
    }
}

/// How to read a document.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Paragraph mode for plain text.
    pub paragraphs: Paragraphs,
}

/// Errors of the document readers and writers. Each names the file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A text check failed: not UTF-8, empty, binary, too large.
    #[error(transparent)]
    Source(#[from] crate::source::Error),
    /// The file cannot be read as its format.
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    /// Malformed content at a position of the file.
    #[error("{at}: {message}")]
    Parse {
        /// Where: the file, line and column.
        at: Location,
        message: String,
    },
    /// Malformed XML in a part of a Word package.
    #[error("{}: {part}:{}:{}: {message}", at.path.display(), at.line, at.column)]
    Part {
        /// Where: the file, line and column.
        at: Location,
        part: String,
        message: String,
    },
    /// A format this build does not read, with what to do.
    #[error("{path}: {message}")]
    Convert {
        path: PathBuf,
        name: String,
        message: String,
    },
    /// Something is larger than a limit (an entry of a package, a compression ratio, nesting).
    #[error("{path}: {what} is larger than the limit of {limit}")]
    Limit {
        path: PathBuf,
        what: String,
        limit: String,
    },
    /// A segment is longer than the limit of a sentence.
    #[error(
        "{at}: a sentence of {size} bytes is longer than the limit of {}",
        crate::source::MAX_SEGMENT_BYTES
    )]
    SegmentTooLong {
        /// Where: the file, line and column.
        at: Location,
        size: usize,
    },
    /// Building needs a target for every segment.
    #[error("{count} segment{} without a target: {ids}", if *count == 1 { "" } else { "s" })]
    MissingTargets { count: usize, ids: String },
    /// Writing the built document failed.
    #[error("{path}: cannot write: {message}")]
    Write { path: PathBuf, message: String },
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl Error {
    /// What to do next, shown under the error as a `hint:` line.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::Convert { name, .. } => Some(format!(
                "convert it to .docx first, e.g. `soffice --headless --convert-to docx {name}`"
            )),
            Error::MissingTargets { .. } => {
                Some("translate them, or build with `--fallback source`".to_owned())
            }
            Error::SegmentTooLong { .. } => {
                Some("break it up with line breaks or punctuation".to_owned())
            }
            Error::Source(e) => e.hint(),
            _ => None,
        }
    }
}

/// What a block is, for context and escaping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    /// A document title (`<title>`, the first heading of a text).
    Title,
    /// A heading.
    Heading,
    /// A paragraph of running text.
    Paragraph,
    /// A list item.
    Item,
    /// A table cell.
    Cell,
    /// A caption, a footnote, a header or footer line, a text box.
    Note,
    /// A translatable attribute value (`alt`, `title`, a `<meta>` description): text that is
    /// escaped for an attribute.
    Attribute,
}

/// An inline code inside a block. Pairs are linked by a number unique within the block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// The start of an inline element whose end is `Close` with the same number.
    Open(u32),
    Close(u32),
    /// Markup that stands alone (`<br>`, an image, a field).
    Standalone,
}

/// A piece of a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Text: `range` of the content holds it as written; `text` is what it says. Unless the
    /// piece is `atomic`, `text` has exactly the bytes of the range, or the same length with
    /// line breaks and tabs read as spaces, so that a sentence may end inside it. An atomic
    /// piece (an entity, an escape, a line break with a container's prefix) is never cut.
    Text {
        range: Range<usize>,
        text: String,
        atomic: bool,
    },
    /// An inline code: `range` of the content holds its markup.
    Code { range: Range<usize>, code: Code },
}

impl Piece {
    pub fn range(&self) -> &Range<usize> {
        match self {
            Piece::Text { range, .. } | Piece::Code { range, .. } => range,
        }
    }

    /// A text piece whose text is its content's bytes.
    pub fn text(content: &str, range: Range<usize>) -> Piece {
        let text = content.get(range.clone()).unwrap_or_default().to_owned();
        Piece::Text {
            range,
            text,
            atomic: false,
        }
    }
}

/// A translatable block: a paragraph, heading, cell or attribute value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// In content order; ranges do not overlap.
    pub pieces: Vec<Piece>,
}

/// What a format keeps to write the document back.
#[derive(Debug, Clone)]
pub enum Layout {
    Text(text::Layout),
    Html(html::Layout),
    Markdown,
    Docx(docx::Layout),
}

/// A source document read into blocks.
#[derive(Debug, Clone)]
pub struct Extraction {
    pub path: PathBuf,
    pub format: Format,
    /// The text the ranges point into (see the module docs).
    pub content: String,
    pub blocks: Vec<Block>,
    pub layout: Layout,
}

/// A code of a source segment: the marker it is written as and the markup it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentCode {
    pub token: Token<'static>,
    pub range: Range<usize>,
}

/// A sentence of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSegment {
    /// The block it is in.
    pub block: usize,
    /// Its range of the content, from its first piece to its last.
    pub range: Range<usize>,
    /// Its text with inline codes as markers.
    pub text: String,
    /// Its codes.
    pub codes: Vec<SegmentCode>,
    /// Its runs of text between codes: what each says, and the range that holds it.
    pub runs: Vec<(String, Range<usize>)>,
}

/// A text file's content as a string, checked as every input text is (UTF-8, not empty, no
/// NUL, a byte-order mark allowed), and the offset where the text starts after the mark.
fn checked_text(path: &Path, bytes: Vec<u8>) -> Result<(String, usize), Error> {
    let source = crate::source::SourceText::from_bytes(path, bytes)?;
    let offset = source.offset;
    let content = String::from_utf8(source.bytes).map_err(|e| Error::Invalid {
        path: path.to_owned(),
        message: format!("not valid UTF-8 (at byte {})", e.utf8_error().valid_up_to()),
    })?;
    Ok((content, offset))
}

impl SourceSegment {
    /// A target as a build writes it, and whether it had to be mended: as it is when its
    /// codes agree with this sentence's, else with the codes around the whole sentence
    /// ([`codes::reattach`]), so that the document's markup stays whole.
    pub fn buildable(&self, target: &str) -> (String, bool) {
        if codes::check(&self.text, target).is_empty() {
            (target.to_owned(), false)
        } else {
            (codes::reattach(&self.text, target), true)
        }
    }
}

/// Read a document of `format` from its bytes.
pub fn read(
    path: &Path,
    bytes: Vec<u8>,
    format: Format,
    options: ReadOptions,
) -> Result<Extraction, Error> {
    match format {
        Format::Text => text::read(path, bytes, options.paragraphs),
        Format::Html => html::read(path, bytes),
        Format::Markdown => markdown::read(path, bytes),
        Format::Docx => docx::read(path, bytes),
    }
}

/// A document file's bytes, refused when it is a folder or larger than
/// [`MAX_DOCUMENT_BYTES`].
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    let read_error = |e: std::io::Error| crate::source::Error::Read {
        path: path.to_owned(),
        source: e,
    };
    #[allow(
        clippy::disallowed_methods,
        reason = "the read error names the file itself: the message must not repeat it"
    )]
    let meta = std::fs::metadata(path).map_err(read_error)?;
    if meta.is_dir() {
        return Err(crate::source::Error::Directory {
            path: path.to_owned(),
        }
        .into());
    }
    if meta.len() > MAX_DOCUMENT_BYTES {
        return Err(crate::source::Error::TooLarge {
            path: path.to_owned(),
            size: meta.len(),
        }
        .into());
    }
    #[allow(
        clippy::disallowed_methods,
        reason = "the read error names the file itself: the message must not repeat it"
    )]
    let bytes = std::fs::read(path).map_err(read_error)?;
    Ok(bytes)
}

/// Read a document file, its format from `format` or else its extension.
pub fn read_file(
    path: &Path,
    format: Option<Format>,
    options: ReadOptions,
) -> Result<Extraction, Error> {
    let bytes = read_bytes(path)?;
    read(
        path,
        bytes,
        format.unwrap_or_else(|| Format::from_path(path)),
        options,
    )
}

impl Extraction {
    /// The paragraph mode a plain text was read with; `None` for other formats.
    pub fn paragraphs(&self) -> Option<Paragraphs> {
        match &self.layout {
            Layout::Text(layout) => Some(layout.mode),
            _ => None,
        }
    }

    /// Split every block into sentences.
    pub fn segments(&self, segmenter: &Segmenter) -> Result<Vec<SourceSegment>, Error> {
        let mut out = Vec::new();
        for (index, block) in self.blocks.iter().enumerate() {
            split_block(index, block, segmenter, &mut out);
        }
        if let Some(seg) = out
            .iter()
            .find(|s| s.text.len() > crate::source::MAX_SEGMENT_BYTES)
        {
            let (line, column) = crate::text::line_column(self.content.as_bytes(), seg.range.start);
            return Err(Error::SegmentTooLong {
                at: Location {
                    path: self.path.clone(),
                    line,
                    column,
                },
                size: seg.range.len(),
            });
        }
        Ok(out)
    }

    /// The markup each of a sentence's codes stands for, as written in the source.
    pub fn markup(&self, seg: &SourceSegment) -> Vec<(Token<'static>, String)> {
        seg.codes
            .iter()
            .map(|c| {
                let markup = self.content.get(c.range.clone()).unwrap_or_default();
                (c.token, markup.to_owned())
            })
            .collect()
    }

    /// The text of a block without codes: the paragraph around a sentence, for context.
    pub fn block_text(&self, block: usize) -> String {
        self.blocks
            .get(block)
            .map(|b| {
                b.pieces
                    .iter()
                    .filter_map(|p| match p {
                        Piece::Text { text, .. } => Some(text.as_str()),
                        Piece::Code { .. } => None,
                    })
                    .collect::<String>()
            })
            .unwrap_or_default()
    }

    /// Write the document with each segment's text replaced by what `target` gives for it
    /// (`None`: keep the source), for the target language `lang` (`None`: the source side,
    /// which gives back the input byte for byte).
    pub fn build(
        &self,
        segments: &[SourceSegment],
        target: &dyn Fn(&SourceSegment) -> Option<String>,
        lang: Option<&str>,
    ) -> Result<Vec<u8>, Error> {
        let mut content = String::with_capacity(self.content.len() + self.content.len() / 4);
        let mut pos = 0;
        let mut edits: Vec<(Range<usize>, String)> = Vec::new();
        let mut rendered: Vec<(&SourceSegment, String, BlockKind)> = Vec::new();
        for seg in segments {
            let Some(text) = target(seg) else {
                continue;
            };
            let kind = self
                .blocks
                .get(seg.block)
                .map_or(BlockKind::Paragraph, |b| b.kind);
            edits.push((seg.range.clone(), self.render(seg, &text, kind)));
            rendered.push((seg, text, kind));
        }
        if let Layout::Text(layout) = &self.layout {
            edits = text::rewrap(layout, &self.content, edits);
        }
        if let Some(lang) = lang {
            edits.extend(self.language_edits(lang));
        }
        edits.sort_by_key(|(r, _)| (r.start, r.end));
        self.nest_edits(&mut edits, &rendered);
        for (range, replacement) in edits {
            if range.start < pos {
                continue;
            }
            content.push_str(self.content.get(pos..range.start).unwrap_or_default());
            content.push_str(&replacement);
            pos = range.end;
        }
        content.push_str(self.content.get(pos..).unwrap_or_default());
        match &self.layout {
            Layout::Text(_) => Ok(content.into_bytes()),
            Layout::Html(layout) => html::finish(&self.path, layout, content),
            Layout::Markdown => Ok(content.into_bytes()),
            Layout::Docx(layout) => docx::finish(&self.path, layout, content, lang),
        }
    }

    /// The edits that make the document's declared language `lang` (and its direction
    /// left-to-right when `lang` is written so).
    fn language_edits(&self, lang: &str) -> Vec<(Range<usize>, String)> {
        match &self.layout {
            Layout::Html(layout) => html::language_edits(layout, &self.content, lang),
            Layout::Docx(layout) => docx::language_edits(layout, &self.content, lang),
            Layout::Text(_) | Layout::Markdown => Vec::new(),
        }
    }

    /// Edits that fall inside another segment's edit (an HTML attribute value, or its `lang`
    /// or `dir`, in a tag that is a code of a sentence) are written into the markup of that
    /// code when the outer segment is rendered, since its rendering copies the code's markup.
    /// `edits` is sorted; the nested ones stay in it and are skipped when applied.
    fn nest_edits(
        &self,
        edits: &mut [(Range<usize>, String)],
        rendered: &[(&SourceSegment, String, BlockKind)],
    ) {
        let mut by_range: Option<HashMap<(usize, usize), usize>> = None;
        let mut i = 0;
        while i < edits.len() {
            let outer = edits[i].0.clone();
            let mut j = i + 1;
            while j < edits.len() && edits[j].0.start < outer.end && edits[j].0.end <= outer.end {
                j += 1;
            }
            if j > i + 1 {
                let by_range = by_range.get_or_insert_with(|| {
                    rendered
                        .iter()
                        .enumerate()
                        .map(|(k, (s, ..))| ((s.range.start, s.range.end), k))
                        .collect()
                });
                if let Some((seg, text, kind)) = by_range
                    .get(&(outer.start, outer.end))
                    .and_then(|&k| rendered.get(k))
                {
                    let inner = edits[i + 1..j].to_vec();
                    edits[i].1 = self.render_with(seg, text, *kind, &inner);
                }
            }
            i = j;
        }
    }

    /// A segment's new text in the format: markers written back as the markup they stand
    /// for, text escaped; a run of text (or the whole segment) equal to the source's keeps the
    /// source's bytes.
    pub fn render(&self, seg: &SourceSegment, text: &str, kind: BlockKind) -> String {
        self.render_with(seg, text, kind, &[])
    }

    /// [`Self::render`] with `inner` edits (sorted) applied inside the markup it copies.
    fn render_with(
        &self,
        seg: &SourceSegment,
        text: &str,
        kind: BlockKind,
        inner: &[(Range<usize>, String)],
    ) -> String {
        let copy = |range: &Range<usize>, out: &mut String| {
            let mut pos = range.start;
            for (r, replacement) in inner {
                if r.start < pos || r.start < range.start || r.end > range.end {
                    continue;
                }
                out.push_str(self.content.get(pos..r.start).unwrap_or_default());
                out.push_str(replacement);
                pos = r.end;
            }
            out.push_str(self.content.get(pos..range.end).unwrap_or_default());
        };
        if text == seg.text {
            let mut out = String::new();
            copy(&seg.range, &mut out);
            return out;
        }
        let runs: HashMap<&str, &Range<usize>> =
            seg.runs.iter().map(|(t, r)| (t.as_str(), r)).collect();
        let mut out = String::with_capacity(text.len() + 32);
        for (_, token) in codes::tokens(text) {
            match token {
                Token::Text(t) => match runs.get(t) {
                    Some(r) => out.push_str(self.content.get((*r).clone()).unwrap_or_default()),
                    None => out.push_str(&self.escape(t, kind)),
                },
                marker => {
                    if let Some(code) = seg.codes.iter().find(|c| c.token == marker) {
                        copy(&code.range, &mut out);
                    }
                }
            }
        }
        out
    }

    /// Text escaped for where it stands in the format.
    fn escape(&self, text: &str, kind: BlockKind) -> String {
        match &self.layout {
            Layout::Text(_) => text.to_owned(),
            Layout::Html(_) => html::escape(text, kind),
            Layout::Markdown => markdown::escape(text),
            Layout::Docx(_) => docx::escape(text),
        }
    }
}

/// Where a piece sits in the block's plain text.
struct Placed {
    /// Plain-text offset where the piece starts.
    at: usize,
    /// Its plain-text length (0 for codes).
    len: usize,
}

/// Split one block into sentences, appending them to `out`.
fn split_block(index: usize, block: &Block, segmenter: &Segmenter, out: &mut Vec<SourceSegment>) {
    let pieces = protect_markers(&block.pieces);
    let mut plain = String::new();
    let mut placed = Vec::with_capacity(pieces.len());
    for piece in pieces.iter() {
        match piece {
            Piece::Text { text, .. } => {
                placed.push(Placed {
                    at: plain.len(),
                    len: text.len(),
                });
                plain.push_str(text);
            }
            Piece::Code { .. } => placed.push(Placed {
                at: plain.len(),
                len: 0,
            }),
        }
    }
    if plain.trim().is_empty() {
        return;
    }
    // Sentences come in order: each one's pieces are looked for from where the last one's
    // could end, so that a paragraph of many sentences is split in linear time.
    let mut from = 0;
    for sentence in segmenter.split(&plain) {
        let end = sentence.end;
        if let Some(seg) = sentence_segment(index, &pieces, &placed, sentence, from) {
            out.push(seg);
        }
        while placed.get(from).is_some_and(|p| p.at + p.len < end) {
            from += 1;
        }
    }
}

/// Text pieces holding something that reads as a marker become codes, so that a marker in a
/// segment is always a code.
fn protect_markers(pieces: &[Piece]) -> std::borrow::Cow<'_, [Piece]> {
    let needs = pieces.iter().any(|p| match p {
        Piece::Text { text, .. } => codes::has_codes(text),
        Piece::Code { .. } => false,
    });
    if !needs {
        return std::borrow::Cow::Borrowed(pieces);
    }
    let mut out = Vec::with_capacity(pieces.len() + 4);
    for piece in pieces {
        match piece {
            Piece::Text {
                range,
                text,
                atomic,
            } if codes::has_codes(text) => {
                if *atomic || text.len() != range.len() {
                    out.push(Piece::Code {
                        range: range.clone(),
                        code: Code::Standalone,
                    });
                    continue;
                }
                let mut pos = 0;
                for marker in codes::marker_ranges(text) {
                    if pos < marker.start {
                        out.push(Piece::Text {
                            range: range.start + pos..range.start + marker.start,
                            text: text[pos..marker.start].to_owned(),
                            atomic: false,
                        });
                    }
                    out.push(Piece::Code {
                        range: range.start + marker.start..range.start + marker.end,
                        code: Code::Standalone,
                    });
                    pos = marker.end;
                }
                if pos < text.len() {
                    out.push(Piece::Text {
                        range: range.start + pos..range.end,
                        text: text[pos..].to_owned(),
                        atomic: false,
                    });
                }
            }
            other => out.push(other.clone()),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The part of a piece inside a sentence: the piece's index and the plain-text range of it
/// that the sentence takes (empty for codes).
#[derive(Debug, Clone)]
struct Part {
    piece: usize,
    from: usize,
    to: usize,
}

/// The segment of one sentence (`sentence`: a range of the block's plain text).
#[allow(clippy::needless_range_loop, reason = "pieces and places in step")]
fn sentence_segment(
    block: usize,
    pieces: &[Piece],
    placed: &[Placed],
    sentence: Range<usize>,
    from: usize,
) -> Option<SourceSegment> {
    // The pieces the sentence takes: text overlapping it, codes inside it; an opening or
    // standalone code at its start belongs to it, a closing code at its end too.
    let mut parts: Vec<Part> = Vec::new();
    for (i, (piece, at)) in pieces.iter().zip(placed).enumerate().skip(from) {
        if at.at > sentence.end {
            break;
        }
        let (start, end) = (at.at, at.at + at.len);
        match piece {
            Piece::Text { atomic, .. } => {
                if end <= sentence.start || start >= sentence.end {
                    continue;
                }
                let (from, to) = if *atomic {
                    (0, at.len)
                } else {
                    (
                        sentence.start.saturating_sub(start),
                        (sentence.end - start).min(at.len),
                    )
                };
                parts.push(Part { piece: i, from, to });
            }
            Piece::Code { code, .. } => {
                let inside = match code {
                    Code::Open(_) | Code::Standalone => {
                        start >= sentence.start && start < sentence.end
                    }
                    Code::Close(_) => start > sentence.start && start <= sentence.end,
                };
                if inside {
                    parts.push(Part {
                        piece: i,
                        from: 0,
                        to: 0,
                    });
                }
            }
        }
    }
    // Codes that wrap the whole sentence, or stand at its edges, stay outside it.
    loop {
        let first = parts.first().map(|p| &pieces[p.piece]);
        let last = parts.last().map(|p| &pieces[p.piece]);
        match (first, last) {
            (
                Some(Piece::Code {
                    code: Code::Standalone,
                    ..
                }),
                _,
            ) => {
                parts.remove(0);
            }
            (
                _,
                Some(Piece::Code {
                    code: Code::Standalone,
                    ..
                }),
            ) => {
                parts.pop();
            }
            (
                Some(Piece::Code {
                    code: Code::Open(a),
                    ..
                }),
                Some(Piece::Code {
                    code: Code::Close(b),
                    ..
                }),
            ) if a == b && parts.len() >= 2 => {
                parts.remove(0);
                parts.pop();
            }
            _ => break,
        }
    }
    // Everything between the first and the last piece is in the sentence (a code there that
    // the rules above left out, such as an empty pair at its start).
    let (first, last) = (parts.first()?.piece, parts.last()?.piece);
    let mut taken = parts.into_iter().peekable();
    let mut parts = Vec::with_capacity(last + 1 - first);
    for (i, at) in placed.iter().enumerate().take(last + 1).skip(first) {
        match taken.next_if(|p| p.piece == i) {
            Some(p) => parts.push(p),
            None => parts.push(Part {
                piece: i,
                from: 0,
                to: at.len,
            }),
        }
    }
    let first = parts.first()?;
    let last = parts.last()?;
    if !parts
        .iter()
        .any(|p| matches!(pieces[p.piece], Piece::Text { .. }) && p.to > p.from)
    {
        return None;
    }
    let range_of = |p: &Part, start: bool| -> usize {
        match &pieces[p.piece] {
            Piece::Text {
                range,
                atomic: false,
                ..
            } => {
                if start {
                    range.start + p.from
                } else {
                    range.start + p.to
                }
            }
            other => {
                if start {
                    other.range().start
                } else {
                    other.range().end
                }
            }
        }
    };
    let range = range_of(first, true)..range_of(last, false);
    // Number the codes: pairs whose both halves are in the sentence share a number; a half
    // alone is standalone.
    let closes: HashSet<u32> = parts
        .iter()
        .filter_map(|p| match pieces[p.piece] {
            Piece::Code {
                code: Code::Close(k),
                ..
            } => Some(k),
            _ => None,
        })
        .collect();
    let mut numbers: HashMap<u32, u32> = HashMap::new();
    let mut next = 1;
    let mut text = String::new();
    let mut codes_out = Vec::new();
    let mut runs: Vec<(String, Range<usize>)> = Vec::new();
    let mut run: Option<(String, Range<usize>)> = None;
    for part in &parts {
        match &pieces[part.piece] {
            Piece::Text {
                range,
                text: said,
                atomic,
            } => {
                let piece_text = said.get(part.from..part.to).unwrap_or_default();
                let raw = if *atomic {
                    range.clone()
                } else {
                    range.start + part.from..range.start + part.to
                };
                text.push_str(piece_text);
                match &mut run {
                    Some((t, r)) => {
                        t.push_str(piece_text);
                        r.end = raw.end;
                    }
                    None => run = Some((piece_text.to_owned(), raw)),
                }
            }
            Piece::Code { range, code } => {
                if let Some(r) = run.take() {
                    runs.push(r);
                }
                let token = match *code {
                    Code::Open(k) if closes.contains(&k) => {
                        let n = next;
                        next += 1;
                        numbers.insert(k, n);
                        Token::Open(n)
                    }
                    Code::Close(k) if numbers.contains_key(&k) => {
                        Token::Close(numbers.remove(&k).unwrap_or_default())
                    }
                    _ => {
                        let n = next;
                        next += 1;
                        Token::Standalone(n)
                    }
                };
                text.push_str(&marker(token));
                codes_out.push(SegmentCode {
                    token,
                    range: range.clone(),
                });
            }
        }
    }
    if let Some(r) = run.take() {
        runs.push(r);
    }
    Some(SourceSegment {
        block,
        range,
        text,
        codes: codes_out,
        runs,
    })
}

/// The text form of a marker token.
fn marker(token: Token<'_>) -> String {
    match token {
        Token::Open(n) => codes::open(n),
        Token::Close(n) => codes::close(n),
        Token::Standalone(n) => codes::standalone(n),
        Token::Text(t) => t.to_owned(),
    }
}

#[cfg(test)]
mod tests;
