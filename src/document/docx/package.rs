//! The zip package of a Word document: what it is (and what it is not: a `.doc`, an encrypted
//! document, a macro-enabled one), its entries read within limits, and a new package written
//! with every entry but the changed ones copied as it was.

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};
use std::path::Path;

use zip::result::ZipError;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::super::Error;

/// The largest uncompressed size of one entry that is read, in bytes.
pub const MAX_ENTRY_BYTES: u64 = 256 * 1024 * 1024;

/// The largest compression ratio of an entry over [`RATIO_FLOOR`] bytes.
pub const MAX_RATIO: u64 = 100;

/// Entries up to this size may be compressed any amount (small XML compresses well).
pub const RATIO_FLOOR: u64 = 1024 * 1024;

/// The most entries a package may have.
pub const MAX_ENTRIES: usize = 10_000;

/// The most bytes of XML read from all the text parts together.
pub const MAX_TEXT_BYTES: u64 = 512 * 1024 * 1024;

/// The first bytes of an OLE compound file (`.doc`, `.xls`, an encrypted Office document).
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The zip archive over the bytes of a package.
pub type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

fn convert(path: &Path, message: impl Into<String>) -> Error {
    Error::Convert {
        path: path.to_owned(),
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        message: message.into(),
    }
}

fn invalid(path: &Path, message: impl Into<String>) -> Error {
    Error::Invalid {
        path: path.to_owned(),
        message: message.into(),
    }
}

/// Refuse what is not a zip package with what to do about it: a Word 97–2003 document, an
/// encrypted document (both OLE compound files), RTF.
pub fn sniff(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    if bytes.starts_with(&OLE_MAGIC) {
        let encrypted: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        if bytes.windows(encrypted.len()).any(|w| w == encrypted) {
            return Err(convert(
                path,
                "an encrypted (password-protected) Word document; open it with its password and save it without one",
            ));
        }
        return Err(convert(
            path,
            "a Word 97-2003 document (.doc), which this build does not read",
        ));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(convert(
            path,
            "an RTF document, which this build does not read",
        ));
    }
    Ok(())
}

/// Open the zip archive of a package, within the limit of entries.
pub fn open<'a>(path: &Path, bytes: &'a [u8]) -> Result<Archive<'a>, Error> {
    let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        invalid(
            path,
            format!(
                "not a Word document (not a zip package: {})",
                zip_message(&e)
            ),
        )
    })?;
    if archive.len() > MAX_ENTRIES {
        return Err(Error::Limit {
            path: path.to_owned(),
            what: format!("the package's number of entries ({})", archive.len()),
            limit: format!("{MAX_ENTRIES} entries"),
        });
    }
    Ok(archive)
}

/// Check that every entry can be copied as it is: its local header reads and its compressed
/// data lies inside the file. (Only the text parts are inflated; the others are copied raw
/// when the document is built.)
pub fn check_entries(path: &Path, archive: &mut Archive<'_>, size: usize) -> Result<(), Error> {
    for index in 0..archive.len() {
        let damaged = |name: &str, why: String| {
            invalid(path, format!("damaged package: entry {name}: {why}"))
        };
        let name = archive.name_for_index(index).unwrap_or_default().to_owned();
        let entry = archive
            .by_index_raw(index)
            .map_err(|e| damaged(&name, zip_message(&e)))?;
        let end = entry
            .data_start()
            .and_then(|start| start.checked_add(entry.compressed_size()));
        if end.is_none_or(|end| end > size as u64) {
            return Err(damaged(
                &name,
                "its data runs past the end of the file".into(),
            ));
        }
    }
    Ok(())
}

/// A zip error's message, without the crate's wording for the common cases.
fn zip_message(e: &ZipError) -> String {
    match e {
        ZipError::Io(io) => io.to_string(),
        ZipError::InvalidArchive(m) => m.to_string(),
        ZipError::UnsupportedArchive(m) => m.to_string(),
        ZipError::FileNotFound => "entry not found".into(),
        ZipError::InvalidPassword => "wrong password".into(),
        other => other.to_string(),
    }
}

/// The index of the entry named `name`.
pub fn index_of(archive: &Archive<'_>, name: &str) -> Option<usize> {
    archive.index_for_name(name)
}

/// The names of the entries, in the package's order.
pub fn names(archive: &Archive<'_>) -> Vec<String> {
    (0..archive.len())
        .map(|i| archive.name_for_index(i).unwrap_or_default().to_owned())
        .collect()
}

/// The uncompressed bytes of entry `index`, inflated within the limits of size and ratio
/// (counted on the bytes as they come out, whatever the entry's header says).
pub fn inflate(
    path: &Path,
    archive: &mut Archive<'_>,
    index: usize,
    budget: &mut u64,
) -> Result<Vec<u8>, Error> {
    let mut file = archive.by_index(index).map_err(|e| {
        invalid(
            path,
            format!(
                "cannot read entry {index} of the package: {}",
                zip_message(&e)
            ),
        )
    })?;
    let name = file.name().to_owned();
    let compressed = file.compressed_size().max(1);
    let limit = MAX_ENTRY_BYTES.min(*budget);
    let capacity = file.size().min(16 * 1024 * 1024);
    let mut out = Vec::with_capacity(usize::try_from(capacity).unwrap_or_default());
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| invalid(path, format!("{name}: damaged entry ({})", e)))?;
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
        let size = out.len() as u64;
        if size > limit {
            let (what, limit) = if limit < MAX_ENTRY_BYTES {
                (
                    "the text of the package's XML parts".to_owned(),
                    format!("{} MiB", MAX_TEXT_BYTES / (1024 * 1024)),
                )
            } else {
                (
                    format!("entry {name} uncompressed"),
                    format!("{} MiB", MAX_ENTRY_BYTES / (1024 * 1024)),
                )
            };
            return Err(Error::Limit {
                path: path.to_owned(),
                what,
                limit,
            });
        }
        if size > RATIO_FLOOR && size > compressed.saturating_mul(MAX_RATIO) {
            return Err(Error::Limit {
                path: path.to_owned(),
                what: format!("the compression ratio of entry {name} (a zip bomb?)"),
                limit: format!("{MAX_RATIO}:1"),
            });
        }
    }
    *budget = budget.saturating_sub(out.len() as u64);
    Ok(out)
}

/// Refuse a package that this build must not write back as a `.docx`: a macro-enabled
/// document or template, a template, an OpenDocument text.
pub fn check_kind(path: &Path, content_types: &str, names: &[String]) -> Result<(), Error> {
    let lower = content_types.to_ascii_lowercase();
    if lower.contains("macroenabled") {
        return Err(convert(
            path,
            "a macro-enabled Word document (.docm), whose macros this build does not carry into a .docx",
        ));
    }
    if lower.contains("wordprocessingml.template.main") {
        return Err(convert(path, "a Word template (.dotx), not a document"));
    }
    if names.iter().any(|n| n == "mimetype") && names.iter().any(|n| n == "content.xml") {
        return Err(convert(
            path,
            "an OpenDocument text (.odt), which this build does not read",
        ));
    }
    Ok(())
}

/// A new package: the entries of `source` in their order, each copied as it is (its
/// compressed bytes) except those `replace` has new bytes for (by entry index), which are
/// compressed anew with the source entry's time and permissions.
pub fn write(
    path: &Path,
    source: &[u8],
    replace: &mut HashMap<usize, Vec<u8>>,
) -> Result<Vec<u8>, Error> {
    let write_error = |e: &dyn std::fmt::Display| Error::Write {
        path: path.to_owned(),
        message: e.to_string(),
    };
    let mut archive = open(path, source)?;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(source.len() + 4096)));
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(|e| write_error(&e))?;
        match replace.remove(&index) {
            Some(bytes) => {
                let name = entry.name().to_owned();
                let options = entry
                    .options()
                    .compression_method(CompressionMethod::Deflated)
                    .large_file(bytes.len() as u64 > u64::from(u32::MAX) / 2);
                drop(entry);
                out.start_file(name, options).map_err(|e| write_error(&e))?;
                out.write_all(&bytes).map_err(|e| write_error(&e))?;
            }
            None => out.raw_copy_file(entry).map_err(|e| write_error(&e))?,
        }
    }
    let cursor = out.finish().map_err(|e| write_error(&e))?;
    Ok(cursor.into_inner())
}
