//! What the reader needs from `word/styles.xml`: which paragraph styles are headings or
//! captions, and which styles (or the document defaults) make paragraphs right-to-left
//! (`w:bidi`) or runs right-to-left (`w:rtl`), following `w:basedOn`.

use std::collections::{HashMap, HashSet};

use quick_xml::Reader;
use quick_xml::events::Event;

use super::xml::{self, Names};

/// One `w:style` as written.
#[derive(Debug, Clone, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    bidi: Option<bool>,
    rtl: Option<bool>,
}

/// The styles of a document, resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Styles {
    headings: HashSet<String>,
    captions: HashSet<String>,
    /// Paragraph styles whose paragraphs are right-to-left.
    bidi: HashSet<String>,
    /// Styles whose runs are right-to-left (`true`) or left-to-right (`false`) by a `w:rtl`
    /// of theirs or of a style they are based on.
    rtl: HashMap<String, bool>,
    /// Every style id.
    known: HashSet<String>,
    /// The style of a paragraph without `w:pStyle`.
    default_paragraph: Option<String>,
    /// `w:bidi` of the document defaults.
    default_bidi: bool,
    /// `w:rtl` of the document defaults.
    default_rtl: bool,
}

/// The most `w:basedOn` links followed (Word allows fewer; a loop stops here too).
const MAX_CHAIN: usize = 32;

impl Styles {
    /// Read `word/styles.xml`; an error is the byte where the XML is malformed.
    pub fn read(text: &str) -> Result<Styles, (usize, String)> {
        let mut reader = Reader::from_str(text);
        let mut names = Names::default();
        let mut rooted = false;
        let mut styles: HashMap<String, Style> = HashMap::new();
        let mut current: Option<(String, Style)> = None;
        let mut default_paragraph = None;
        // Where we are: inside docDefaults, inside a pPr / rPr (of a style or the defaults).
        let mut path: Vec<Vec<u8>> = Vec::new();
        let (mut default_bidi, mut default_rtl) = (false, false);
        loop {
            let event = reader
                .read_event()
                .map_err(|e| (reader.error_position() as usize, e.to_string()))?;
            let (e, empty) = match &event {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(_) => {
                    if let Some(local) = path.pop()
                        && local == b"style"
                        && let Some((id, style)) = current.take()
                    {
                        styles.insert(id, style);
                    }
                    continue;
                }
                Event::Eof => break,
                _ => continue,
            };
            if !rooted {
                names.learn(e);
                rooted = true;
            }
            let local = names.w(e.name().as_ref()).unwrap_or_default().to_vec();
            let in_defaults = path.iter().any(|p| p == b"docDefaults");
            let parent = path.last().map(Vec::as_slice);
            match local.as_slice() {
                b"style" => {
                    let id = names.attr(e, b"styleId").unwrap_or_default();
                    let paragraph = names.attr(e, b"type").as_deref() == Some("paragraph");
                    if paragraph && names.attr(e, b"default").is_some_and(|v| xml::on(Some(&v))) {
                        default_paragraph = Some(id.clone());
                    }
                    current = Some((id, Style::default()));
                }
                b"name" | b"basedOn" | b"outlineLvl" | b"bidi" | b"rtl" => {
                    let val = names.attr(e, b"val");
                    if in_defaults {
                        match (local.as_slice(), parent) {
                            (b"bidi", Some(b"pPr")) => default_bidi = xml::on(val.as_deref()),
                            (b"rtl", Some(b"rPr")) => default_rtl = xml::on(val.as_deref()),
                            _ => {}
                        }
                    } else if let Some((_, style)) = current.as_mut() {
                        // Only the style's own properties, not those of a table style's
                        // conditional formats or of a tracked change.
                        let depth = path
                            .iter()
                            .rposition(|p| p == b"style")
                            .map(|i| path.len() - i);
                        match (local.as_slice(), parent, depth) {
                            (b"name", _, Some(1)) => style.name = val.unwrap_or_default(),
                            (b"basedOn", _, Some(1)) => style.based_on = val,
                            (b"outlineLvl", Some(b"pPr"), Some(2)) => {
                                style.outline = val.and_then(|v| v.parse().ok());
                            }
                            (b"bidi", Some(b"pPr"), Some(2)) => {
                                style.bidi = Some(xml::on(val.as_deref()));
                            }
                            (b"rtl", Some(b"rPr"), Some(2)) => {
                                style.rtl = Some(xml::on(val.as_deref()));
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
            if !empty {
                path.push(local);
            }
        }
        Ok(Styles::resolve(
            &styles,
            default_paragraph,
            default_bidi,
            default_rtl,
        ))
    }

    fn resolve(
        styles: &HashMap<String, Style>,
        default_paragraph: Option<String>,
        default_bidi: bool,
        default_rtl: bool,
    ) -> Styles {
        let chain = |id: &str| -> Vec<&Style> {
            let mut out = Vec::new();
            let mut at = Some(id);
            while let Some(id) = at {
                let Some(style) = styles.get(id) else { break };
                out.push(style);
                if out.len() >= MAX_CHAIN {
                    break;
                }
                at = style.based_on.as_deref();
            }
            out
        };
        let mut out = Styles {
            default_paragraph,
            default_bidi,
            default_rtl,
            ..Styles::default()
        };
        for (id, style) in styles {
            let chain = chain(id);
            let name = style.name.to_ascii_lowercase();
            let heading = name.starts_with("heading")
                || name == "title"
                || name == "subtitle"
                || id.starts_with("Heading")
                || id == "Title"
                || chain.iter().find_map(|s| s.outline).is_some_and(|l| l < 9);
            if heading {
                out.headings.insert(id.clone());
            }
            if name == "caption" || id == "Caption" {
                out.captions.insert(id.clone());
            }
            if chain.iter().find_map(|s| s.bidi).unwrap_or(default_bidi) {
                out.bidi.insert(id.clone());
            }
            if let Some(rtl) = chain.iter().find_map(|s| s.rtl) {
                out.rtl.insert(id.clone(), rtl);
            }
            out.known.insert(id.clone());
        }
        out
    }

    /// Whether paragraph style `id` is a heading or a title (by its name, its id, or an
    /// outline level); without a styles part, by its id.
    pub fn is_heading(&self, id: &str) -> bool {
        self.headings.contains(id)
            || id.starts_with("Heading")
            || id.starts_with("heading")
            || id == "Title"
    }

    /// Whether paragraph style `id` is a caption.
    pub fn is_caption(&self, id: &str) -> bool {
        self.captions.contains(id) || id == "Caption"
    }

    /// Whether a paragraph of style `id` (`None`: the default style) is right-to-left
    /// without a `w:bidi` of its own.
    pub fn paragraph_bidi(&self, id: Option<&str>) -> bool {
        match id.or(self.default_paragraph.as_deref()) {
            Some(id) if self.known.contains(id) => self.bidi.contains(id),
            _ => self.default_bidi,
        }
    }

    /// Whether a run of character style `run` in a paragraph of style `paragraph` is
    /// right-to-left without a `w:rtl` of its own.
    pub fn run_rtl(&self, paragraph: Option<&str>, run: Option<&str>) -> bool {
        let paragraph = paragraph.or(self.default_paragraph.as_deref());
        run.and_then(|r| self.rtl.get(r))
            .or_else(|| paragraph.and_then(|p| self.rtl.get(p)))
            .copied()
            .unwrap_or(self.default_rtl)
    }
}
