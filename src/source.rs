//! Reading a source or target text file: the checks every input goes through.
//!
//! A text must be a readable regular file, UTF-8 (a UTF-8 byte-order mark is skipped and
//! counted in byte offsets), free of NUL bytes and not empty. Errors name the file and, for
//! bad bytes, the line and column where they start.

use crate::text::Location;
use std::path::{Path, PathBuf};

use crate::text::line_column;

/// The largest text accepted, in bytes.
pub const MAX_TEXT_BYTES: u64 = 512 * 1024 * 1024;

/// The longest sentence accepted for translation, in bytes: far beyond any real sentence, and
/// within what every backend accepts in one request.
pub const MAX_SEGMENT_BYTES: usize = 32 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: is a directory, not a text file")]
    Directory { path: PathBuf },
    #[error("{path}: the file is empty")]
    Empty { path: PathBuf },
    #[error("{path}: the file holds only whitespace")]
    Blank { path: PathBuf },
    #[error("{at}: a NUL byte: this looks like a binary file, not text")]
    Binary {
        /// Where: the file, line and column.
        at: Location,
    },
    #[error("{path}: UTF-16 text ({which} byte-order mark)")]
    Utf16 { path: PathBuf, which: &'static str },
    #[error("{at}: not valid UTF-8 (byte offset {offset})")]
    NotUtf8 {
        /// Where: the file, line and column.
        at: Location,
        offset: usize,
    },
    #[error("{path}: {size} bytes is larger than the limit of {MAX_TEXT_BYTES} bytes")]
    TooLarge { path: PathBuf, size: u64 },
}

impl Error {
    /// What to do next, shown under the error as a `hint:` line.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::Utf16 { path, .. } => Some(format!(
                "convert it to UTF-8 first, e.g. `iconv -f UTF-16 -t UTF-8 {} > converted.txt`",
                path.display()
            )),
            Error::NotUtf8 { at, .. } => Some(format!(
                "convert the file to UTF-8, e.g. `iconv -f WINDOWS-1256 -t UTF-8 {} > \
                 converted.txt` for Arabic Windows text",
                at.path.display()
            )),
            _ => None,
        }
    }
}

/// A text file's content: `text` starts at byte `offset` of the file (3 after a UTF-8 BOM).
#[derive(Debug, Clone)]
pub struct SourceText {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub offset: usize,
}

impl SourceText {
    pub fn text(&self) -> &str {
        // Checked to be UTF-8 in `from_bytes`.
        std::str::from_utf8(&self.bytes[self.offset..]).unwrap_or_default()
    }

    /// Read and check a file.
    pub fn read(path: &Path) -> Result<SourceText, Error> {
        let read_err = |source| Error::Read {
            path: path.to_owned(),
            source,
        };
        #[allow(
            clippy::disallowed_methods,
            reason = "Error::Read names the file itself: the message must not repeat it"
        )]
        let meta = std::fs::metadata(path).map_err(read_err)?;
        if meta.is_dir() {
            return Err(Error::Directory {
                path: path.to_owned(),
            });
        }
        if meta.len() > MAX_TEXT_BYTES {
            return Err(Error::TooLarge {
                path: path.to_owned(),
                size: meta.len(),
            });
        }
        #[allow(
            clippy::disallowed_methods,
            reason = "Error::Read names the file itself: the message must not repeat it"
        )]
        let bytes = std::fs::read(path).map_err(read_err)?;
        SourceText::from_bytes(path, bytes)
    }

    /// Check bytes read from `path` (or standard input).
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<SourceText, Error> {
        let path = path.to_owned();
        if bytes.is_empty() {
            return Err(Error::Empty { path });
        }
        if bytes.starts_with(&[0xFF, 0xFE]) {
            return Err(Error::Utf16 {
                path,
                which: "little-endian",
            });
        }
        if bytes.starts_with(&[0xFE, 0xFF]) {
            return Err(Error::Utf16 {
                path,
                which: "big-endian",
            });
        }
        let offset = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            3
        } else {
            0
        };
        if let Some(nul) = bytes.iter().position(|&b| b == 0) {
            let (line, column) = line_column(&bytes, nul);
            return Err(Error::Binary {
                at: Location { path, line, column },
            });
        }
        if let Err(e) = std::str::from_utf8(&bytes[offset..]) {
            let at = offset + e.valid_up_to();
            let (line, column) = line_column(&bytes, at);
            return Err(Error::NotUtf8 {
                at: Location { path, line, column },
                offset: at,
            });
        }
        let source = SourceText {
            path,
            bytes,
            offset,
        };
        if source.text().trim().is_empty() {
            return Err(Error::Blank { path: source.path });
        }
        Ok(source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8]) -> Result<SourceText, Error> {
        SourceText::from_bytes(Path::new("a.txt"), bytes.to_vec())
    }

    #[test]
    fn accepts_utf8_and_skips_bom() {
        let s = check("\u{feff}سلام".as_bytes()).unwrap();
        assert_eq!(s.offset, 3);
        assert_eq!(s.text(), "سلام");
    }

    #[test]
    fn rejects_bad_input_with_locations() {
        assert!(matches!(check(b""), Err(Error::Empty { .. })));
        assert!(matches!(check(b" \n "), Err(Error::Blank { .. })));
        assert!(matches!(check(b"\xff\xfea\0"), Err(Error::Utf16 { .. })));
        let e = check(b"ab\ncd\0").unwrap_err();
        assert_eq!(
            e.to_string(),
            "a.txt:2:3: a NUL byte: this looks like a binary file, not text"
        );
        let e = check(b"ok\nx\xe2(").unwrap_err();
        assert!(
            e.to_string().starts_with("a.txt:2:2: not valid UTF-8"),
            "{e}"
        );
    }
}
