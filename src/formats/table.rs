//! Tables for spreadsheets: `id`, `source`, `target`, `state` with a header row.
//!
//! CSV follows RFC 4180 (fields with a comma, quote, CR or LF are quoted, quotes doubled,
//! CRLF line ends) and starts with a UTF-8 byte-order mark, which spreadsheets need to read
//! Arabic correctly; reading accepts it with or without. TSV escapes what a tab-separated
//! line cannot hold: `\t`, `\n`, `\r` and the backslash itself (`\\`), one record per line.
//!
//! Inline codes stay in their text form ([`crate::codes`]): `<g1>…</g1>` around words, `<x2/>`
//! alone, exactly as in the store, and are read back the same way: whoever edits the table
//! keeps the markers (moving them is fine). Nothing else in a field is markup: `<`, `&` and
//! any text that is not a marker are written and read as they are.

use super::xml::Source;
use super::{Error, ExportOptions, Format, Import, ImportUnit, selected};
use crate::store::{Document, State};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Tsv,
    Csv,
}

const COLUMNS: [&str; 4] = ["id", "source", "target", "state"];

/// How the line that records where a table was taken from starts:
/// `# workbench export: document NAME, revision N`.
const MARK: &str = "# workbench export:";

/// The document and revision of a table's first line when it is [`MARK`]'s, and where the
/// line ends (0 when there is none).
fn read_mark(src: &Source<'_>) -> Result<(Option<String>, Option<u32>, usize), Error> {
    let text = src.text;
    let start = text.len() - text.trim_start_matches('\u{feff}').len();
    let Some(rest) = text[start..].strip_prefix(MARK) else {
        return Ok((None, None, 0));
    };
    let line_len = rest.find('\n').map_or(rest.len(), |i| i + 1);
    let end = start + MARK.len() + line_len;
    let mut document = None;
    let mut revision = None;
    for part in rest[..line_len].trim().split(',') {
        let part = part.trim();
        if let Some(name) = part.strip_prefix("document ") {
            document = Some(name.trim().to_owned());
        } else if let Some(number) = part.strip_prefix("revision ") {
            revision = Some(number.trim().parse().map_err(|_| {
                src.error(
                    start,
                    format!("`{number}` is not a document revision (a whole number)"),
                )
            })?);
        }
    }
    Ok((document, revision, end))
}

fn tsv_escape(field: &str, out: &mut String) {
    for c in field.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

fn tsv_unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn csv_field(field: &str, out: &mut String) {
    if field.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

pub(crate) fn export(doc: &Document, options: &ExportOptions, kind: Kind) -> String {
    let mut out = String::new();
    if kind == Kind::Csv {
        // A byte-order mark makes spreadsheets read the file as UTF-8 (Arabic stays Arabic).
        out.push('\u{feff}');
    }
    let (sep, end) = match kind {
        Kind::Tsv => ('\t', "\n"),
        Kind::Csv => (',', "\r\n"),
    };
    // The document and revision the table was taken from, on a line of their own before the
    // header (the name only when no separator or quote in it could break the line).
    out.push_str(MARK);
    let name = &doc.meta.name;
    if !name.contains([',', '"', '\t', '\r', '\n']) {
        out.push_str(&format!(" document {name},"));
    }
    out.push_str(&format!(" revision {}", doc.last_revision()));
    out.push_str(end);
    out.push_str(&COLUMNS.join(&sep.to_string()));
    out.push_str(end);
    let format = match kind {
        Kind::Tsv => Format::Tsv,
        Kind::Csv => Format::Csv,
    };
    for seg in selected(doc, format, options) {
        let id = seg.id.to_string();
        for (i, field) in [id.as_str(), &seg.source, &seg.target, seg.state.as_str()]
            .into_iter()
            .enumerate()
        {
            if i > 0 {
                out.push(sep);
            }
            match kind {
                Kind::Tsv => tsv_escape(field, &mut out),
                Kind::Csv => csv_field(field, &mut out),
            }
        }
        out.push_str(end);
    }
    out
}

/// A record and the byte offset where it starts.
type Record = (usize, Vec<String>);

fn tsv_records(text: &str) -> Vec<Record> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let line = line.strip_suffix('\n').unwrap_or(line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        out.push((start, line.split('\t').map(tsv_unescape).collect()));
    }
    out
}

/// CSV by RFC 4180, through the one strict reader ([`crate::text::csv`]).
fn csv_records(src: &Source<'_>) -> Result<Vec<Record>, Error> {
    let records = crate::text::csv::records(src.text)
        .map_err(|m| src.error(m.offset, format!("malformed CSV: {}", m.problem.describe())))?;
    Ok(records
        .into_iter()
        .map(|r| (r.offset, r.fields.into_iter().map(|f| f.text).collect()))
        .collect())
}

pub(crate) fn parse(src: &Source<'_>, kind: Kind) -> Result<Import, Error> {
    let (document, revision, mark_end) = read_mark(src)?;
    let records = match kind {
        Kind::Tsv => tsv_records(src.text),
        Kind::Csv => csv_records(src)?,
    };
    let mut rows = records.into_iter().filter(|(at, _)| *at >= mark_end);
    let Some((header_at, header)) = rows.next() else {
        return Err(src.error(
            0,
            "the table is empty: expected a header `id, source, target, state`",
        ));
    };
    let mut index = [0usize; 4];
    for (slot, name) in index.iter_mut().zip(COLUMNS) {
        *slot = header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                src.error(
                    header_at,
                    format!(
                        "the header has no `{name}` column (expected id, source, target, state)"
                    ),
                )
            })?;
    }
    let format = match kind {
        Kind::Tsv => Format::Tsv,
        Kind::Csv => Format::Csv,
    };
    let mut units = Vec::new();
    for (at, row) in rows {
        let get = |i: usize| row.get(i).map(String::as_str);
        let (Some(id), Some(source), Some(target), Some(state)) =
            (get(index[0]), get(index[1]), get(index[2]), get(index[3]))
        else {
            return Err(src.error(
                at,
                format!(
                    "the row has {} fields: expected at least {}",
                    row.len(),
                    index.iter().max().map_or(0, |m| m + 1)
                ),
            ));
        };
        let state = State::parse(state.trim()).ok_or_else(|| {
            src.error(
                at,
                format!(
                    "unknown state `{state}` (new, draft, translated, reviewed, approved, rejected)"
                ),
            )
        })?;
        let (line, column) = src.position(at);
        units.push(ImportUnit {
            id: id.trim().to_owned(),
            source: source.to_owned(),
            target: target.to_owned(),
            state,
            line,
            column,
        });
    }
    Ok(Import {
        path: src.path.to_owned(),
        format,
        document,
        revision,
        source_lang: None,
        target_lang: None,
        units,
    })
}
