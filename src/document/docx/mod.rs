//! Word documents (`.docx`).
//!
//! # Content
//!
//! A Word document is a zip package of XML parts. The parts with text are read as UTF-8 and
//! laid end to end in the extraction's `content`, separated by a NUL character (which XML
//! never holds, so the build can split the content back into parts however the text inside
//! changed length), in this order: `word/document.xml`; the headers `word/header*.xml` and
//! then the footers `word/footer*.xml`, each in the order of their numbers (`header2` before
//! `header10`); `word/footnotes.xml`; `word/endnotes.xml`. [`Layout`] records each part's name
//! and range of the content. A part in UTF-16 or another declared encoding is refused (Word
//! writes UTF-8 only; saving the file again in Word or LibreOffice fixes it).
//!
//! The build writes a new package: every entry that is not a changed text part is copied as
//! it was (its compressed bytes, in the same order under the same name); a text part whose
//! text changed is compressed anew. When nothing changed (the source side), the source
//! file's bytes are returned as they are: the whole file is identical, not only its parts.
//!
//! # Blocks
//!
//! Every `<w:p>` is a block: in the body, in table cells ([`BlockKind::Cell`]), in headers,
//! footers, footnotes and endnotes ([`BlockKind::Note`]), in text boxes (`w:txbxContent`,
//! also notes). A heading or title style (by the style's name in `word/styles.xml`, its id,
//! or an outline level) makes a [`BlockKind::Heading`]; a caption style a note. A text box
//! inside a paragraph ends the paragraph's block there: the box's paragraphs are blocks of
//! their own, and the paragraph goes on in a new block after it. The DrawingML copy of a
//! text box is read; its VML copy for old readers (`mc:Fallback`) is not translated.
//!
//! Inside a paragraph, the text of each `<w:t>` is text; an entity (`&amp;`, `&#1575;`) is an
//! atomic piece. Everything between two texts is markup: run boundaries, run properties,
//! proofing marks, bookmarks, field instructions (never translated). Markup that *means*
//! something becomes inline codes:
//!
//! - a run whose properties (`w:rPr`) differ from the paragraph's most common ones (counted
//!   by bytes of text) opens a pair before it and closes it after it, so that a bold name
//!   reads `<g1>Lavrov</g1>`; consecutive runs formatted alike share the pair. Properties that
//!   do not change how Latin text looks are not compared: `w:lang`, `w:noProof`, `w:rtl`,
//!   `w:cs`, `w:webHidden`, `w:snapToGrid`, a tracked change `w:rPrChange`, and a `w:rFonts`
//!   with only a `w:hint`;
//! - a hyperlink, a simple field, a complex field with a result (`w:fldChar` begin …
//!   separate … end), a tracked insertion, a content control and other wrappers are a pair
//!   around their text; a hyperlink's and a field's runs are compared with the most common
//!   properties inside them, so that a link in the Hyperlink style is one pair;
//! - a tab, a break, a symbol, a footnote reference, a drawing, a field without a result,
//!   deleted text, math are standalone codes.
//!
//! Where one stretch of markup does several of these (a bold run followed directly by a
//! link), it is one code holding the markup and the others are codes with empty markup just
//! before it: closings, then standalone codes, then openings. A pair opened before the
//! paragraph's first text, or closed after its last, is an empty code at that text's edge
//! (the markup stays in the skeleton).
//!
//! **Invisible boundaries.** Markup between two texts that means nothing (a run split by a
//! revision id, a proofing mark, a bookmark between runs formatted alike) is made part of an
//! atomic piece with the first character of the text after it. So a sentence split over five
//! runs reads as plain text; a sentence may still end at the boundary (the piece then starts
//! the next sentence). When a built target's run of text differs from the source's, the
//! target's text is written where the markup was, in the first run's properties, and the
//! boundaries are dropped; a run of text equal to the source's keeps its bytes, and a segment
//! equal to its source keeps all of them.
//!
//! # Building
//!
//! [`escape`] escapes text for a `<w:t>`. A text part whose text changed goes through a last
//! pass in [`finish`] (module `direction`): it must still be well-formed XML (a target that
//! lost an inline code, such as half of a link whose other half is in another sentence, is
//! an error naming the part and the place), every `<w:t>` whose text now starts or ends with
//! a space gets `xml:space="preserve"` (Word would drop the spaces otherwise), and when
//! building a target its paragraphs that became English are turned left-to-right (the
//! module docs of `direction` list every change).
//!
//! The direction is turned in [`finish`], which gets the target language, rather than in
//! [`language_edits`]: those edits are ranges of the source's content, and the run properties
//! inside a sentence (in its codes' markup) are written back from the source by the segment's
//! rendering, which a second edit of the same range cannot reach.
//!
//! # What is refused
//!
//! Every refusal is one error naming the file: not a zip package, a package without
//! `word/document.xml`, a Word 97-2003 `.doc`, an encrypted document, an RTF or OpenDocument
//! file, a macro-enabled document (`.docm`: this build would write it as a `.docx` without
//! its macros' content type, which Word refuses to open; converting it drops the macros) and
//! a template (`.dotx`) — those with a hint to convert the file with LibreOffice; a package
//! over the limits ([`package::MAX_ENTRIES`] entries, [`package::MAX_ENTRY_BYTES`] for one
//! entry, a compression ratio over [`package::MAX_RATIO`]:1 for entries over
//! [`package::RATIO_FLOOR`], all counted while inflating); malformed XML (the part, line and
//! column).

mod direction;
pub mod package;
mod paragraphs;
mod styles;
mod xml;

use crate::text::Location;
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::{Block, Error, Extraction, Format, Layout as DocLayout};
pub use styles::Styles;

/// The NUL character between the parts in the content.
const SEPARATOR: char = '\0';

/// A text part of the package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Its name in the package (`word/document.xml`).
    pub name: String,
    /// Its range of the content.
    pub range: Range<usize>,
    /// Its index among the package's entries.
    index: usize,
    /// The SHA-256 of its text, to tell a changed part.
    hash: [u8; 32],
}

/// What a Word package keeps to be written back: the source package's bytes (entries are
/// copied from them), its text parts, and its styles (for the direction of paragraphs).
#[derive(Clone, Default)]
pub struct Layout {
    package: Arc<[u8]>,
    parts: Vec<Part>,
    styles: Box<Styles>,
}

impl std::fmt::Debug for Layout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Layout")
            .field("package", &format_args!("{} bytes", self.package.len()))
            .field("parts", &self.parts)
            .finish()
    }
}

impl Layout {
    /// The text parts, in content order.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }
}

/// Read a Word document.
pub fn read(path: &Path, bytes: Vec<u8>) -> Result<Extraction, Error> {
    package::sniff(path, &bytes)?;
    let bytes: Arc<[u8]> = Arc::from(bytes);
    let mut archive = package::open(path, &bytes)?;
    package::check_entries(path, &mut archive, bytes.len())?;
    let names = package::names(&archive);
    let mut budget = package::MAX_TEXT_BYTES;
    let content_types = match package::index_of(&archive, "[Content_Types].xml") {
        Some(i) => package::inflate(path, &mut archive, i, &mut budget)?,
        None => Vec::new(),
    };
    package::check_kind(path, &String::from_utf8_lossy(&content_types), &names)?;
    if package::index_of(&archive, "word/document.xml").is_none() {
        return Err(Error::Invalid {
            path: path.to_owned(),
            message: "not a Word document: the package has no word/document.xml".into(),
        });
    }
    let styles = match package::index_of(&archive, "word/styles.xml") {
        Some(i) => {
            let raw = package::inflate(path, &mut archive, i, &mut budget)?;
            let text = decode(path, "word/styles.xml", raw)?;
            Styles::read(&text).map_err(|(pos, message)| {
                part_error(path, "word/styles.xml", &text, pos, message)
            })?
        }
        None => Styles::default(),
    };
    let mut content = String::new();
    let mut parts = Vec::new();
    for (name, index) in text_parts(&names) {
        let raw = package::inflate(path, &mut archive, index, &mut budget)?;
        let text = decode(path, &name, raw)?;
        if !parts.is_empty() {
            content.push(SEPARATOR);
        }
        let start = content.len();
        content.push_str(&text);
        parts.push(Part {
            hash: Sha256::digest(text.as_bytes()).into(),
            name,
            range: start..content.len(),
            index,
        });
    }
    let mut blocks: Vec<Block> = Vec::new();
    for part in &parts {
        let text = &content[part.range.clone()];
        let note = part.name != "word/document.xml";
        paragraphs::scan(text, part.range.start, note, &styles, &mut blocks)
            .map_err(|f| part_error(path, &part.name, text, f.pos, f.message))?;
    }
    drop(archive);
    Ok(Extraction {
        path: path.to_owned(),
        format: Format::Docx,
        content,
        blocks,
        layout: DocLayout::Docx(Layout {
            package: bytes,
            parts,
            styles: Box::new(styles),
        }),
    })
}

/// The text parts of a package in content order, with their entry indices.
fn text_parts(names: &[String]) -> Vec<(String, usize)> {
    let rank = |name: &str| -> Option<(u8, u64, String)> {
        if name == "word/document.xml" {
            return Some((0, 0, String::new()));
        }
        if name == "word/footnotes.xml" {
            return Some((3, 0, String::new()));
        }
        if name == "word/endnotes.xml" {
            return Some((4, 0, String::new()));
        }
        for (group, prefix) in [(1, "word/header"), (2, "word/footer")] {
            if let Some(rest) = name
                .strip_prefix(prefix)
                .and_then(|r| r.strip_suffix(".xml"))
                .filter(|r| !r.contains('/'))
            {
                let number = rest.parse().unwrap_or(u64::MAX);
                return Some((group, number, rest.to_owned()));
            }
        }
        None
    };
    let mut out: Vec<((u8, u64, String), String, usize)> = names
        .iter()
        .enumerate()
        .filter_map(|(i, n)| rank(n).map(|r| (r, n.clone(), i)))
        .collect();
    out.sort();
    out.into_iter().map(|(_, n, i)| (n, i)).collect()
}

/// A part's bytes as UTF-8 text; UTF-16 and other encodings refused.
fn decode(path: &Path, name: &str, bytes: Vec<u8>) -> Result<String, Error> {
    let convert = |what: &str| Error::Convert {
        path: path.to_owned(),
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        message: format!("its part {name} is {what}, which this build does not read"),
    };
    if bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || bytes.starts_with(b"<\0")
        || bytes.starts_with(b"\0<")
    {
        return Err(convert("UTF-16"));
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned();
    if let Some(decl) = head
        .strip_prefix('\u{feff}')
        .unwrap_or(&head)
        .strip_prefix("<?xml")
        && let Some(decl) = decl.split("?>").next()
        && let Some(at) = decl.find("encoding")
    {
        let value: String = decl[at + "encoding".len()..]
            .trim_start_matches([' ', '=', '"', '\''])
            .chars()
            .take_while(|c| !matches!(c, '"' | '\''))
            .collect();
        if !value.eq_ignore_ascii_case("utf-8") && !value.eq_ignore_ascii_case("utf8") {
            return Err(convert(&format!("encoded as {value}")));
        }
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let pos = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        part_error(
            path,
            name,
            &String::from_utf8_lossy(&bytes[..pos]),
            pos,
            "not valid UTF-8".into(),
        )
    })?;
    if let Some(pos) = text.find(SEPARATOR) {
        return Err(part_error(
            path,
            name,
            &text,
            pos,
            "a NUL character, which XML does not allow".into(),
        ));
    }
    Ok(text)
}

/// A malformed-part error at byte `pos` of a part's `text`.
fn part_error(path: &Path, name: &str, text: &str, pos: usize, message: String) -> Error {
    let (line, column) = crate::text::line_column(text.as_bytes(), pos);
    Error::Part {
        at: Location {
            path: path.to_owned(),
            line,
            column,
        },
        part: name.to_owned(),
        message,
    }
}

/// Text escaped for a `<w:t>` element: `&`, `<` and `>` as entities; a line break as a
/// space; characters XML does not allow (control characters but the tab) left out.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            '\t' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// No edits: a Word target's direction and language are set by [`finish`], which is given
/// the language (see the module docs for why).
pub fn language_edits(layout: &Layout, content: &str, lang: &str) -> Vec<(Range<usize>, String)> {
    let _ = (layout, content, lang);
    Vec::new()
}

/// The built package's bytes: `content` (the parts separated by NUL characters) split back
/// into parts; each part whose text changed is checked and finished (spaces kept, and for a
/// target in language `lang`, its translated paragraphs turned left-to-right) and written
/// into a copy of the source package. Nothing changed: the source package as it was.
pub fn finish(
    path: &Path,
    layout: &Layout,
    content: String,
    lang: Option<&str>,
) -> Result<Vec<u8>, Error> {
    let texts: Vec<&str> = content.split(SEPARATOR).collect();
    if texts.len() != layout.parts.len() {
        return Err(Error::Write {
            path: path.to_owned(),
            message: format!(
                "the built document has {} parts where the source has {}",
                texts.len(),
                layout.parts.len()
            ),
        });
    }
    let mut changed: HashMap<usize, Vec<u8>> = HashMap::new();
    for (part, text) in layout.parts.iter().zip(texts) {
        let hash: [u8; 32] = Sha256::digest(text.as_bytes()).into();
        if hash == part.hash {
            continue;
        }
        let done = direction::finish_part(text, lang, &layout.styles).map_err(|f| {
            part_error(
                path,
                &part.name,
                text,
                f.pos,
                format!(
                    "the built part is not well-formed XML ({}); did a target lose or move an inline code?",
                    f.message
                ),
            )
        })?;
        changed.insert(part.index, done.into_bytes());
    }
    if changed.is_empty() {
        return Ok(layout.package.to_vec());
    }
    package::write(path, &layout.package, &mut changed)
}

#[cfg(test)]
mod tests;
