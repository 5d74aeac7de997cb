//! Markdown (CommonMark with tables).

use std::path::Path;

use super::{Error, Extraction};

/// Read a Markdown file.
pub fn read(path: &Path, bytes: Vec<u8>) -> Result<Extraction, Error> {
    let _ = bytes;
    Err(Error::Invalid {
        path: path.to_owned(),
        message: "Markdown is not read yet".into(),
    })
}

/// Text escaped for Markdown inline content.
pub fn escape(text: &str) -> String {
    text.to_owned()
}
