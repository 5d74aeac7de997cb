//! A page's charset: found as browsers find it (a byte-order mark, else the `<meta charset>` or
//! `http-equiv` declaration found by the prescan of the HTML standard), the page decoded with
//! `encoding_rs`, and the built page encoded back.
//!
//! UTF-8 pages go through the checks of [`crate::source`] (empty, NUL bytes, invalid UTF-8 with
//! line:column). A page in another charset is decoded without replacement (a malformed byte is
//! an error with its line:column) and must encode back to the same bytes, so that building the
//! source side gives the file back byte for byte; the built page's characters that the charset
//! lacks are written as numeric character references, as browsers do in form submissions.
//!
//! Two choices go beyond the standard, for files saved to disk rather than served: the prescan
//! reads the first 64 KiB instead of 1024 bytes (a long `<head>` before the declaration is
//! common in saved pages), and a page that declares a legacy charset but is valid UTF-8 with
//! non-ASCII text (a page converted to UTF-8 by an editor that left the declaration alone) is
//! read as UTF-8, which is what its author sees.

use crate::text::Location;
use std::path::Path;

use encoding_rs::Encoding;

use super::super::Error;
use crate::source::{self, SourceText};
use crate::text::line_column;

/// How far into the file the prescan looks for a declaration.
const PRESCAN_BYTES: usize = 64 * 1024;

/// A page's charset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Charset {
    /// UTF-8, with or without a byte-order mark.
    #[default]
    Utf8,
    /// UTF-16, little-endian, with its byte-order mark.
    Utf16Le,
    /// UTF-16, big-endian, with its byte-order mark.
    Utf16Be,
    /// Another charset of the Encoding Standard (`windows-1256`, `iso-8859-6`, `gbk`…).
    Legacy(&'static Encoding),
}

impl Charset {
    /// The charset's name as the Encoding Standard writes it.
    pub fn name(self) -> &'static str {
        match self {
            Charset::Utf8 => "UTF-8",
            Charset::Utf16Le => "UTF-16LE",
            Charset::Utf16Be => "UTF-16BE",
            Charset::Legacy(e) => e.name(),
        }
    }
}

/// A decoded page: its text (a byte-order mark kept as U+FEFF at the start), where the markup
/// starts in it (after the mark), and its charset.
#[derive(Debug)]
pub(super) struct Decoded {
    pub content: String,
    pub start: usize,
    pub charset: Charset,
}

/// Decode a page's bytes.
pub(super) fn decode(path: &Path, bytes: Vec<u8>) -> Result<Decoded, Error> {
    if bytes.is_empty() {
        return Err(source::Error::Empty {
            path: path.to_owned(),
        }
        .into());
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return utf8(path, bytes);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return utf16(path, &bytes, Charset::Utf16Le);
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return utf16(path, &bytes, Charset::Utf16Be);
    }
    let Some((label, at)) = prescan(&bytes[..bytes.len().min(PRESCAN_BYTES)]) else {
        return utf8(path, bytes);
    };
    let label_text = String::from_utf8_lossy(&label).trim().to_owned();
    let refuse = |message: String| {
        let (line, column) = line_column(&bytes, at);
        Error::Parse {
            at: Location {
                path: path.to_owned(),
                line,
                column,
            },
            message,
        }
    };
    let Some(encoding) = Encoding::for_label(&label) else {
        return Err(refuse(format!(
            "the page declares charset \"{label_text}\", which is not a charset of the Encoding Standard; fix the declaration or convert the file to UTF-8"
        )));
    };
    if encoding == encoding_rs::REPLACEMENT {
        return Err(refuse(format!(
            "the page declares charset \"{label_text}\", which browsers refuse to decode; convert the file to UTF-8"
        )));
    }
    // As the standard says: a declared UTF-16 is read as UTF-8 (the bytes are ASCII-compatible
    // or the prescan would not have found it), x-user-defined as windows-1252.
    let encoding = if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        encoding_rs::UTF_8
    } else if encoding == encoding_rs::X_USER_DEFINED {
        encoding_rs::WINDOWS_1252
    } else {
        encoding
    };
    if encoding == encoding_rs::UTF_8 {
        return utf8(path, bytes);
    }
    legacy(path, bytes, encoding)
}

/// A UTF-8 page, through the checks every text goes through.
fn utf8(path: &Path, bytes: Vec<u8>) -> Result<Decoded, Error> {
    let source = SourceText::from_bytes(path, bytes)?;
    let start = source.offset;
    let content = String::from_utf8(source.bytes).map_err(|e| Error::Invalid {
        path: path.to_owned(),
        message: format!("not valid UTF-8 (at byte {})", e.utf8_error().valid_up_to()),
    })?;
    Ok(Decoded {
        content,
        start,
        charset: Charset::Utf8,
    })
}

/// A page in a single- or multi-byte legacy charset.
fn legacy(path: &Path, bytes: Vec<u8>, encoding: &'static Encoding) -> Result<Decoded, Error> {
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let (line, column) = line_column(&bytes, nul);
        return Err(source::Error::Binary {
            at: Location {
                path: path.to_owned(),
                line,
                column,
            },
        }
        .into());
    }
    if !bytes.is_ascii() && std::str::from_utf8(&bytes).is_ok() {
        return utf8(path, bytes);
    }
    let content = decode_strictly(path, &bytes, encoding, &bytes)?;
    let (again, _, _) = encoding.encode(&content);
    if *again != *bytes {
        let at = again
            .iter()
            .zip(bytes.iter())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| again.len().min(bytes.len()));
        let (line, column) = line_column(&bytes, at);
        return Err(Error::Parse {
            at: Location {
                path: path.to_owned(),
                line,
                column,
            },
            message: format!(
                "this {} text cannot be written back byte for byte; convert the file to UTF-8",
                encoding.name()
            ),
        });
    }
    blank_check(path, &content)?;
    Ok(Decoded {
        content,
        start: 0,
        charset: Charset::Legacy(encoding),
    })
}

/// A page with a UTF-16 byte-order mark.
fn utf16(path: &Path, bytes: &[u8], charset: Charset) -> Result<Decoded, Error> {
    let encoding = if charset == Charset::Utf16Le {
        encoding_rs::UTF_16LE
    } else {
        encoding_rs::UTF_16BE
    };
    let body = decode_strictly(path, &bytes[2..], encoding, bytes)?;
    let mut content = String::with_capacity(body.len() + 3);
    content.push('\u{feff}');
    content.push_str(&body);
    if let Some(nul) = content.find('\0') {
        let (line, column) = line_column(content.as_bytes(), nul);
        return Err(source::Error::Binary {
            at: Location {
                path: path.to_owned(),
                line,
                column,
            },
        }
        .into());
    }
    blank_check(path, &content[3..])?;
    Ok(Decoded {
        content,
        start: 3,
        charset,
    })
}

/// `bytes` decoded without replacement; a malformed sequence is an error at its line:column
/// (counted in `whole`, the file, of which `bytes` is the end).
fn decode_strictly(
    path: &Path,
    bytes: &[u8],
    encoding: &'static Encoding,
    whole: &[u8],
) -> Result<String, Error> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut out = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(out),
        encoding_rs::DecoderResult::Malformed(bad, after) => {
            let at = (whole.len() - bytes.len()) + read - usize::from(after) - usize::from(bad);
            // Lines and columns are counted in the decoded text before the bad bytes.
            let before = &out;
            let line = before.matches('\n').count() + 1;
            let column = before
                .rfind('\n')
                .map_or(before.as_str(), |i| &before[i + 1..])
                .chars()
                .count()
                + 1;
            Err(Error::Parse {
                at: Location {
                    path: path.to_owned(),
                    line,
                    column,
                },
                message: format!(
                    "not valid {} (byte offset {at}); fix the page's charset declaration or convert the file to UTF-8",
                    encoding.name()
                ),
            })
        }
        encoding_rs::DecoderResult::OutputFull => Err(Error::Invalid {
            path: path.to_owned(),
            message: format!("cannot decode the {} text", encoding.name()),
        }),
    }
}

fn blank_check(path: &Path, text: &str) -> Result<(), Error> {
    if text.trim().is_empty() {
        return Err(source::Error::Blank {
            path: path.to_owned(),
        }
        .into());
    }
    Ok(())
}

/// The built page in its charset.
pub(super) fn encode(charset: Charset, content: String) -> Vec<u8> {
    match charset {
        Charset::Utf8 => content.into_bytes(),
        Charset::Utf16Le => content
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect(),
        Charset::Utf16Be => content
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect(),
        Charset::Legacy(encoding) => encoding.encode(&content).0.into_owned(),
    }
}

/// HTML's ASCII whitespace as the prescan counts it (with carriage return).
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// The prescan of the HTML standard ("prescan a byte stream to determine its encoding"): the
/// charset label of the first `<meta>` that declares one, with the byte offset of that
/// `<meta>`. Comments and other tags are skipped the way the standard says.
fn prescan(bytes: &[u8]) -> Option<(Vec<u8>, usize)> {
    let mut pos = 0;
    while pos < bytes.len() {
        let rest = &bytes[pos..];
        if rest.starts_with(b"<!--") {
            // The `>` of the first `-->`, whose dashes may be those of `<!--`.
            let mut i = pos + 2;
            loop {
                let gt = i + bytes.get(i..)?.iter().position(|&b| b == b'>')?;
                if gt >= pos + 4 && bytes[gt - 1] == b'-' && bytes[gt - 2] == b'-' {
                    pos = gt + 1;
                    break;
                }
                i = gt + 1;
            }
            continue;
        }
        if rest.len() > 5
            && rest[..5].eq_ignore_ascii_case(b"<meta")
            && (is_space(rest[5]) || rest[5] == b'/')
        {
            let at = pos;
            pos += 6;
            let mut seen: Vec<Vec<u8>> = Vec::new();
            let mut got_pragma = false;
            let mut need_pragma: Option<bool> = None;
            let mut charset: Option<Vec<u8>> = None;
            while let Some((name, value)) = attribute(bytes, &mut pos) {
                if seen.contains(&name) {
                    continue;
                }
                match name.as_slice() {
                    b"http-equiv" if value == b"content-type" => got_pragma = true,
                    b"content" if charset.is_none() => {
                        if let Some(label) = charset_in_content(&value) {
                            charset = Some(label);
                            need_pragma = Some(true);
                        }
                    }
                    b"charset" => {
                        charset = Some(value.clone());
                        need_pragma = Some(false);
                    }
                    _ => {}
                }
                seen.push(name);
            }
            match (need_pragma, charset) {
                (Some(true), Some(label)) if got_pragma => return Some((label, at)),
                (Some(false), Some(label)) => return Some((label, at)),
                _ => continue,
            }
        }
        let tag_like = rest.len() > 1
            && (rest[1].is_ascii_alphabetic()
                || (rest[1] == b'/' && rest.get(2).is_some_and(u8::is_ascii_alphabetic)));
        if rest[0] == b'<' && tag_like {
            pos += 1;
            while pos < bytes.len() && !is_space(bytes[pos]) && bytes[pos] != b'>' {
                pos += 1;
            }
            while attribute(bytes, &mut pos).is_some() {}
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"</") || rest.starts_with(b"<?") {
            pos += 2 + rest[2..].iter().position(|&b| b == b'>')? + 1;
            continue;
        }
        pos += 1;
    }
    None
}

/// The prescan's "get an attribute": name and value lowercased, `pos` moved past it; `None`
/// at the end of the tag (or of the bytes).
fn attribute(bytes: &[u8], pos: &mut usize) -> Option<(Vec<u8>, Vec<u8>)> {
    let at = |p: usize| bytes.get(p).copied();
    while at(*pos).is_some_and(|b| is_space(b) || b == b'/') {
        *pos += 1;
    }
    let b = at(*pos)?;
    if b == b'>' {
        *pos += 1;
        return None;
    }
    let mut name = Vec::new();
    let mut value = Vec::new();
    loop {
        let b = at(*pos)?;
        if b == b'=' && !name.is_empty() {
            *pos += 1;
            break;
        }
        if is_space(b) {
            while at(*pos).is_some_and(is_space) {
                *pos += 1;
            }
            if at(*pos)? != b'=' {
                return Some((name, value));
            }
            *pos += 1;
            break;
        }
        if b == b'/' || b == b'>' {
            return Some((name, value));
        }
        name.push(b.to_ascii_lowercase());
        *pos += 1;
    }
    while at(*pos).is_some_and(is_space) {
        *pos += 1;
    }
    let b = at(*pos)?;
    if b == b'"' || b == b'\'' {
        *pos += 1;
        loop {
            let c = at(*pos)?;
            *pos += 1;
            if c == b {
                return Some((name, value));
            }
            value.push(c.to_ascii_lowercase());
        }
    }
    if b == b'>' {
        return Some((name, value));
    }
    loop {
        let c = at(*pos)?;
        if is_space(c) || c == b'>' {
            return Some((name, value));
        }
        value.push(c.to_ascii_lowercase());
        *pos += 1;
    }
}

/// The standard's "extract a character encoding from a meta element": the label after
/// `charset=` in a `content` value such as `text/html; charset=windows-1256`.
fn charset_in_content(value: &[u8]) -> Option<Vec<u8>> {
    let mut pos = 0;
    loop {
        let found = value
            .get(pos..)?
            .windows(7)
            .position(|w| w.eq_ignore_ascii_case(b"charset"))?;
        pos += found + 7;
        while value.get(pos).is_some_and(|&b| is_space(b)) {
            pos += 1;
        }
        if value.get(pos) != Some(&b'=') {
            continue;
        }
        pos += 1;
        while value.get(pos).is_some_and(|&b| is_space(b)) {
            pos += 1;
        }
        let first = *value.get(pos)?;
        if first == b'"' || first == b'\'' {
            let rest = &value[pos + 1..];
            let end = rest.iter().position(|&b| b == first)?;
            return Some(rest[..end].to_vec());
        }
        let rest = &value[pos..];
        let end = rest
            .iter()
            .position(|&b| is_space(b) || b == b';')
            .unwrap_or(rest.len());
        return Some(rest[..end].to_vec());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(s: &str) -> Option<String> {
        prescan(s.as_bytes()).map(|(l, _)| String::from_utf8(l).expect("ascii"))
    }

    #[test]
    fn prescan_finds_declarations() {
        assert_eq!(
            label("<!doctype html><meta charset=windows-1256>").as_deref(),
            Some("windows-1256")
        );
        assert_eq!(
            label(r#"<html><head><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=ISO-8859-6">"#)
                .as_deref(),
            Some("iso-8859-6")
        );
        // A content-type without http-equiv is no declaration; one inside a comment neither.
        assert_eq!(label(r#"<meta content="text/html; charset=gbk">"#), None);
        assert_eq!(label("<!-- <meta charset=gbk> --><p>x"), None);
        assert_eq!(label("<!--><meta charset=gbk>").as_deref(), Some("gbk"));
        // Inside another tag's attribute value it is not a tag.
        assert_eq!(label(r#"<a title="<meta charset=gbk>">"#), None);
        assert_eq!(label("<p>no declaration</p>"), None);
    }

    #[test]
    fn charset_in_content_values() {
        let get = |s: &str| charset_in_content(s.as_bytes()).map(|v| String::from_utf8(v).unwrap());
        assert_eq!(get("text/html; charset=utf-8").as_deref(), Some("utf-8"));
        assert_eq!(
            get("text/html;charset = 'koi8-r'").as_deref(),
            Some("koi8-r")
        );
        assert_eq!(get("text/html; charset=\"x").as_deref(), None);
        assert_eq!(get("text/html").as_deref(), None);
    }

    #[test]
    fn legacy_pages_decode_and_encode_back() {
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1256.encode("<meta charset=windows-1256><p>قال لافروف</p>");
        let d = decode(Path::new("a.html"), bytes.to_vec()).expect("decode");
        assert_eq!(d.charset, Charset::Legacy(encoding_rs::WINDOWS_1256));
        assert!(d.content.contains("قال لافروف"));
        assert_eq!(encode(d.charset, d.content.clone()), bytes.to_vec());
        // A character the charset lacks becomes a character reference.
        let out = encode(d.charset, "<p>Lavrov → Homs €</p>".into());
        assert_eq!(out, b"<p>Lavrov &#8594; Homs \x80</p>".to_vec());
    }

    #[test]
    fn bad_declarations_and_bytes_are_errors() {
        let e = decode(
            Path::new("a.html"),
            b"<p>x\n<meta charset=x-klingon>".to_vec(),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "a.html:2:1: the page declares charset \"x-klingon\", which is not a charset of the Encoding Standard; fix the declaration or convert the file to UTF-8"
        );
        let e = decode(Path::new("a.html"), b"<p>ok\n\xff</p>".to_vec()).unwrap_err();
        assert!(
            e.to_string().starts_with("a.html:2:1: not valid UTF-8"),
            "{e}"
        );
        let e = decode(Path::new("a.html"), b"<p>\0</p>".to_vec()).unwrap_err();
        assert!(e.to_string().contains("NUL"), "{e}");
        let e = decode(Path::new("a.html"), Vec::new()).unwrap_err();
        assert!(e.to_string().contains("empty"), "{e}");
        let e = decode(
            Path::new("a.html"),
            b"<meta charset=shift_jis>\n<p>\x82</p>".to_vec(),
        )
        .unwrap_err();
        assert!(
            e.to_string().starts_with("a.html:2:4: not valid Shift_JIS"),
            "{e}"
        );
    }

    #[test]
    fn utf16_pages_round_trip() {
        let text = "\u{feff}<p>سلام</p>";
        let bytes: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let d = decode(Path::new("a.html"), bytes.clone()).expect("decode");
        assert_eq!(d.charset, Charset::Utf16Le);
        assert_eq!(d.start, 3);
        assert_eq!(d.content, text);
        assert_eq!(encode(d.charset, d.content), bytes);
    }

    #[test]
    fn a_utf8_page_declaring_a_legacy_charset_is_read_as_utf8() {
        let bytes = "<meta charset=windows-1256><p>سلام</p>".as_bytes().to_vec();
        let d = decode(Path::new("a.html"), bytes).expect("decode");
        assert_eq!(d.charset, Charset::Utf8);
    }
}
