//! A document's journal: small durable writes while a long run changes it batch by batch.
//!
//! Rewriting a whole document after every finished batch costs time in proportion to the
//! document, so a run over a large document would spend most of its CPU re-serialising
//! what did not change. Instead, `translate` appends each batch's changes to
//! `translations/.<name>.yaml.journal` (one line, then fsync) and rewrites the document
//! itself only now and then and at the end of the run, which removes the journal.
//!
//! The journal's first line is a header naming the document file it extends by its hash:
//! `{"journal":1,"base":"sha256:…"}`. Each further line is a [`Record`]: the document's
//! revision list and the whole of every segment the batch changed, as JSON.
//!
//! [`Document::load`] replays a journal whose base is the document file it read, record by
//! record, so every reader sees every stored batch. Replaying is idempotent: a record sets
//! segments to what they were, it does not edit them. A journal whose base is another file
//! is ignored: the document was rewritten since (a crash came between rewriting the document
//! and removing the journal, which the rewrite already holds, or the file was replaced by
//! hand). A last line without its newline is a write that a crash cut short; its batch was
//! never reported stored and is ignored. [`Document::save`] removes the journal: the
//! document it writes holds everything the journal held.

use crate::text::Location;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Document, Error, MAX_DOCUMENT_BYTES, Revision, Segment, hash_source};

/// The journal format this build writes and reads.
const JOURNAL_VERSION: u32 = 1;

/// The journal's first line.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    journal: u32,
    /// `sha256:` and the hex digest of the document file the records extend.
    base: String,
}

/// One stored change: the revision list after it and every segment it changed, whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub revisions: Vec<Revision>,
    pub segments: Vec<Segment>,
}

/// The journal file of the document at `document`: `.<file name>.journal` beside it.
pub fn journal_path(document: &Path) -> PathBuf {
    let name = document
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    document.with_file_name(format!(".{name}.journal"))
}

/// An open journal, appended to by one writer (who holds the document's lock).
#[derive(Debug)]
pub struct Journal {
    file: fs_err::File,
    bytes: u64,
}

impl Journal {
    /// Start a journal over the document file whose bytes hash to `base` (as
    /// [`Document::replace`] reports), replacing any journal there. The new file survives a
    /// power loss once its folder is synced ([`super::sync_dir`]); a header cut short by a
    /// crash is a journal with nothing to replay.
    pub fn begin(document: &Path, base: String) -> Result<Journal, Error> {
        let header = serde_json::to_string(&Header {
            journal: JOURNAL_VERSION,
            base,
        })
        .map_err(|e| unwritable(document, &e))?;
        let mut file = fs_err::File::create(journal_path(document))?;
        file.write_all(format!("{header}\n").as_bytes())?;
        Ok(Journal {
            bytes: header.len() as u64 + 1,
            file,
        })
    }

    /// Append `records`, one line each, and make them durable before returning.
    pub fn append(&mut self, records: &[Record]) -> Result<(), Error> {
        let mut out = Vec::new();
        for r in records {
            // Nothing is appended unless every record could be written.
            serde_json::to_writer(&mut out, r).map_err(|e| unwritable(self.file.path(), &e))?;
            out.push(b'\n');
        }
        // fs-err's writes name the file in their errors.
        self.file.write_all(&out)?;
        self.file.sync_data()?;
        self.bytes += out.len() as u64;
        Ok(())
    }

    /// The journal's size in bytes.
    pub fn size(&self) -> u64 {
        self.bytes
    }
}

/// The error of a journal line serde_json could not write (nothing was appended).
fn unwritable(path: &Path, e: &serde_json::Error) -> Error {
    Error::Serialize {
        path: path.to_owned(),
        message: e.to_string(),
    }
}

impl Document {
    /// Apply one record: the revision list becomes the record's, and each segment it holds
    /// replaces the segment with the same id.
    pub fn apply(&mut self, record: &Record) -> Result<(), u64> {
        for seg in &record.segments {
            match self.segment_mut(seg.id) {
                Some(slot) => *slot = seg.clone(),
                None => return Err(seg.id),
            }
        }
        self.revisions.clone_from(&record.revisions);
        Ok(())
    }
}

/// Replay the journal of the document at `document` (whose file held `bytes`) onto `doc`.
/// No journal, or one made over another version of the file, changes nothing. Returns
/// whether a record was applied.
pub(super) fn replay(doc: &mut Document, bytes: &[u8], document: &Path) -> Result<bool, Error> {
    let path = journal_path(document);
    let text = match super::read_limited(&path, MAX_DOCUMENT_BYTES) {
        Ok(b) => b,
        Err(super::Limited::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(super::Limited::Io(e)) => return Err(Error::Io(e)),
        Err(super::Limited::TooLarge(size)) => {
            return Err(Error::Invalid {
                path,
                message: super::too_large(size, MAX_DOCUMENT_BYTES),
            });
        }
    };
    // Only whole lines count: a last line without its newline was cut short by a crash.
    let whole = text.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let mut lines = text[..whole].split(|&b| b == b'\n');
    let Some(first) = lines.next().filter(|l| !l.is_empty()) else {
        return Ok(false);
    };
    let header: Header = match serde_json::from_slice(first) {
        Ok(h) => h,
        Err(e) => return Err(json_error(&path, 1, &e)),
    };
    if header.journal > JOURNAL_VERSION {
        return Err(Error::Invalid {
            path,
            message: format!(
                "journal version {} is newer than this build understands (up to {JOURNAL_VERSION}); upgrade workbench",
                header.journal
            ),
        });
    }
    if header.base != hash_source(bytes) {
        return Ok(false);
    }
    let mut applied = false;
    for (i, line) in lines.enumerate() {
        if line.is_empty() {
            continue;
        }
        let number = i + 2;
        let record: Record =
            serde_json::from_slice(line).map_err(|e| json_error(&path, number, &e))?;
        doc.apply(&record).map_err(|id| Error::Parse {
            at: Location {
                path: path.clone(),
                line: number,
                column: 1,
            },
            message: format!("the record names segment {id}, which the document does not have"),
        })?;
        applied = true;
    }
    Ok(applied)
}

/// Remove the journal of the document at `document`, if there is one.
pub fn remove_journal(document: &Path) -> std::io::Result<()> {
    #[allow(
        clippy::disallowed_methods,
        reason = "the message names the journal in the project's own form"
    )]
    match std::fs::remove_file(journal_path(document)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(std::io::Error::new(
            e.kind(),
            format!("{}: {e}", journal_path(document).display()),
        )),
        _ => Ok(()),
    }
}

/// A JSON error on line `line` of the journal at `path`.
fn json_error(path: &Path, line: usize, e: &serde_json::Error) -> Error {
    Error::Parse {
        at: Location {
            path: path.to_owned(),
            line,
            column: e.column().max(1),
        },
        message: super::strip_location(&e.to_string()),
    }
}
