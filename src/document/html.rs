//! HTML pages and fragments.

use std::ops::Range;
use std::path::Path;

use super::{BlockKind, Error, Extraction};

/// What a page keeps to be written back.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {}

/// Read an HTML page or fragment.
pub fn read(path: &Path, bytes: Vec<u8>) -> Result<Extraction, Error> {
    let _ = bytes;
    Err(Error::Invalid {
        path: path.to_owned(),
        message: "HTML is not read yet".into(),
    })
}

/// Text escaped for HTML: in an attribute value, quotes too.
pub fn escape(text: &str, kind: BlockKind) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if kind == BlockKind::Attribute => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The edits that declare the page's language `lang` (and a left-to-right direction).
pub fn language_edits(layout: &Layout, content: &str, lang: &str) -> Vec<(Range<usize>, String)> {
    let _ = (layout, content, lang);
    Vec::new()
}

/// The built page's bytes, in the page's charset.
pub fn finish(path: &Path, layout: &Layout, content: String) -> Result<Vec<u8>, Error> {
    let _ = (path, layout);
    Ok(content.into_bytes())
}
