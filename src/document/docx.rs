//! Word documents (`.docx`).

use std::ops::Range;
use std::path::Path;

use super::{Error, Extraction};

/// What a Word package keeps to be written back.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {}

/// Read a Word document.
pub fn read(path: &Path, bytes: Vec<u8>) -> Result<Extraction, Error> {
    let _ = bytes;
    Err(Error::Invalid {
        path: path.to_owned(),
        message: "Word files are not read yet".into(),
    })
}

/// Text escaped for a `<w:t>` element.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// The edits that make right-to-left paragraphs and runs left-to-right in language `lang`.
pub fn language_edits(layout: &Layout, content: &str, lang: &str) -> Vec<(Range<usize>, String)> {
    let _ = (layout, content, lang);
    Vec::new()
}

/// The built package's bytes.
pub fn finish(path: &Path, layout: &Layout, content: String) -> Result<Vec<u8>, Error> {
    let _ = (path, layout);
    Ok(content.into_bytes())
}
