//! Interchange with other translation tools: XLIFF 2.1, XLIFF 1.2, TMX 1.4b, TSV and CSV.
//!
//! This module owns the export of a store [`Document`] to each format, the detection of a
//! file's format, the two-step reading of a file (a mirror of the file first, then validated
//! into an [`Import`]) and the application of an import to a document as one new revision.
//! It never prints and never touches the disk except through [`read`].
//!
//! Segment texts carry inline codes in the text form of [`crate::codes`] (`<g1>…</g1>`,
//! `<x2/>`): XLIFF 2.1, XLIFF 1.2 and TMX write them as their own inline elements, with the
//! codes' native markup where the caller knows it ([`export_with_markup`]), and read those
//! elements back into markers (the module `inline` tells how); TSV and CSV hold the text form
//! as it is, markers and all. A target whose codes do not match its source's is exported and
//! imported as it is, for review to check.

mod inline;
mod table;
mod tmx;
mod xliff12;
mod xliff2;
mod xml;

use crate::text::Location;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::glossary::Glossary;
use crate::store::{Document, Meta, Origin, OriginKind, Segment, State};
use xml::{Element, Source};

pub use inline::Markup;
pub use tmx::memory_document;

/// The XLIFF 2 namespace (shared by 2.0 and 2.1).
pub const XLIFF2_NS: &str = "urn:oasis:names:tc:xliff:document:2.0";
/// The XLIFF 2 Glossary module namespace.
pub const XLIFF2_GLOSSARY_NS: &str = "urn:oasis:names:tc:xliff:glossary:2.0";
/// The XLIFF 1.2 namespace.
pub const XLIFF12_NS: &str = "urn:oasis:names:tc:xliff:document:1.2";

/// Errors of reading, validating, applying and writing interchange files.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Malformed input, a wrong namespace or version, a broken structure or value.
    #[error("{at}: {message}")]
    Invalid {
        /// Where: the file, line and column.
        at: Location,
        message: String,
    },
    /// A unit names a segment the document does not have.
    #[error("{at}: unit `{id}` names no segment of document `{document}`")]
    UnknownId {
        /// Where: the file, line and column.
        at: Location,
        id: String,
        document: String,
    },
    #[error(
        "{path}: cannot tell the format (expected XLIFF 2, XLIFF 1.2, TMX, TSV or CSV); give --format"
    )]
    UnknownFormat { path: PathBuf },
    #[error("{path}: not valid UTF-8 (at byte {at})")]
    NotUtf8 { path: PathBuf, at: usize },
    /// The file is over [`MAX_IMPORT_BYTES`]; refused before it is read.
    #[error("{path}: {message}")]
    TooLarge { path: PathBuf, message: String },
    /// A segment holds a character the target format cannot carry.
    #[error("document `{document}`, segment {id}: U+{code:04X} cannot be written in {format}")]
    Unrepresentable {
        document: String,
        id: u64,
        code: u32,
        format: &'static str,
    },
    /// XLIFF 2 needs at least one unit in a file.
    #[error("document `{document}` has no segment to export as {format} (check --min-state)")]
    Empty {
        document: String,
        format: &'static str,
    },
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// The interchange formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Xliff2,
    Xliff12,
    Tmx,
    Tsv,
    Csv,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Xliff2,
        Format::Xliff12,
        Format::Tmx,
        Format::Tsv,
        Format::Csv,
    ];

    /// The short name used on the command line and in revision actions.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Xliff2 => "xliff2",
            Format::Xliff12 => "xliff12",
            Format::Tmx => "tmx",
            Format::Tsv => "tsv",
            Format::Csv => "csv",
        }
    }

    /// The name people know it by.
    pub fn title(self) -> &'static str {
        match self {
            Format::Xliff2 => "XLIFF 2.1",
            Format::Xliff12 => "XLIFF 1.2",
            Format::Tmx => "TMX 1.4b",
            Format::Tsv => "TSV",
            Format::Csv => "CSV",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Xliff2 | Format::Xliff12 => "xlf",
            Format::Tmx => "tmx",
            Format::Tsv => "tsv",
            Format::Csv => "csv",
        }
    }

    /// Tell the format from the content (XML root and version) and, for tables, the
    /// extension. `None` when neither says.
    pub fn detect(path: &Path, text: &str) -> Option<Format> {
        let body = text.trim_start_matches('\u{feff}').trim_start();
        if body.starts_with('<') {
            let root = root_start_tag(body)?;
            let name = root.split_whitespace().next().unwrap_or_default();
            let local = name.rsplit(':').next().unwrap_or_default();
            return match local {
                "tmx" => Some(Format::Tmx),
                "xliff" if attr_in_tag(root, "version").is_some_and(|v| v.starts_with('1')) => {
                    Some(Format::Xliff12)
                }
                "xliff" => Some(Format::Xliff2),
                _ => None,
            };
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("tsv" | "tab") => Some(Format::Tsv),
            Some("csv") => Some(Format::Csv),
            _ => {
                let header = body.lines().next().unwrap_or_default();
                if header.contains('\t') {
                    Some(Format::Tsv)
                } else if header.contains(',') {
                    Some(Format::Csv)
                } else {
                    None
                }
            }
        }
    }
}

/// The text of the first start tag that is not a declaration, comment or doctype.
fn root_start_tag(body: &str) -> Option<&str> {
    let mut rest = body;
    loop {
        let start = rest.find('<')?;
        rest = rest.get(start..)?;
        if rest.starts_with("<?") {
            rest = rest.get(rest.find("?>")? + 2..)?;
        } else if rest.starts_with("<!--") {
            rest = rest.get(rest.find("-->")? + 3..)?;
        } else if rest.starts_with("<!") {
            rest = rest.get(rest.find('>')? + 1..)?;
        } else {
            let end = rest.find('>')?;
            return rest.get(1..end);
        }
    }
}

fn attr_in_tag<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut search = tag;
    loop {
        let i = search.find(name)?;
        let before_ok = i == 0
            || search
                .get(..i)
                .is_some_and(|b| b.ends_with(char::is_whitespace));
        let after = search.get(i + name.len()..)?.trim_start();
        if before_ok && after.starts_with('=') {
            let value = after.get(1..)?.trim_start();
            let quote = value.chars().next()?;
            let inner = value.get(1..)?;
            return inner.get(..inner.find(quote)?);
        }
        search = search.get(i + name.len()..)?;
    }
}

/// One unit of an imported file, as the file states it.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportUnit {
    /// The unit's id as written (our segment id for files we exported).
    pub id: String,
    pub source: String,
    pub target: String,
    pub state: State,
    /// Where the unit starts in the file (1-based).
    pub line: usize,
    pub column: usize,
}

/// A file read back: what it says, before it is applied to a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    pub path: PathBuf,
    pub format: Format,
    /// The document name the file was exported from, when it records one.
    pub document: Option<String>,
    /// The document revision the file was exported from, when it records one: what an
    /// import compares with to tell the file's changes from the store's newer ones.
    pub revision: Option<u32>,
    pub source_lang: Option<String>,
    pub target_lang: Option<String>,
    pub units: Vec<ImportUnit>,
}

/// Options of an export.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Only segments at or above this state ([`state_rank`] order; `rejected` counts as `new`).
    pub min_state: Option<State>,
    /// The version written as the creating tool's version.
    pub tool_version: String,
    /// The project glossary: XLIFF 2 exports carry each unit's terms in the XLIFF Glossary
    /// module and the glossary findings of its target as notes.
    pub glossary: Option<Glossary>,
}

impl Default for ExportOptions {
    fn default() -> ExportOptions {
        ExportOptions {
            min_state: None,
            tool_version: env!("CARGO_PKG_VERSION").to_owned(),
            glossary: None,
        }
    }
}

/// How far along the workflow a state is: `new` and `rejected` 0, `draft` 1 … `approved` 4.
pub fn state_rank(state: State) -> u8 {
    match state {
        State::New | State::Rejected => 0,
        State::Draft => 1,
        State::Translated => 2,
        State::Reviewed => 3,
        State::Approved => 4,
    }
}

/// The segments an export to `format` writes, in document order: those at or above
/// `min_state` (for TMX `translated` when not given: machine drafts only with
/// `--min-state draft`); for TMX only pairs with a target, and no rejected ones unless asked.
pub fn selected<'a>(
    doc: &'a Document,
    format: Format,
    options: &ExportOptions,
) -> Vec<&'a Segment> {
    // A memory holds a person's work unless asked for more: TMX defaults to `translated`.
    let min_state = match (format, options.min_state) {
        (Format::Tmx, None) => Some(State::Translated),
        (_, min) => min,
    };
    doc.segments
        .iter()
        .filter(|s| min_state.is_none_or(|min| state_rank(s.effective_state()) >= state_rank(min)))
        .filter(|s| {
            format != Format::Tmx
                || (!s.target.is_empty()
                    && (options.min_state.is_some() || s.state != State::Rejected))
        })
        .collect()
}

/// Export a document to a format (the units written are [`selected`]), without the native
/// markup of inline codes: [`export_with_markup`] with `None`.
pub fn export(doc: &Document, format: Format, options: &ExportOptions) -> Result<String, Error> {
    export_with_markup(doc, format, options, None)
}

/// Export a document to a format (the units written are [`selected`]); `markup`, when the
/// caller has the source document, gives the native markup of each segment's inline codes,
/// which XLIFF 2.1 writes in `<originalData>` and TMX inside `<bpt>`, `<ept>` and `<ph>`
/// (XLIFF 1.2, TSV and CSV do not carry it).
pub fn export_with_markup(
    doc: &Document,
    format: Format,
    options: &ExportOptions,
    markup: Option<Markup<'_>>,
) -> Result<String, Error> {
    match format {
        Format::Xliff2 => xliff2::export(doc, options, markup),
        Format::Xliff12 => xliff12::export(doc, options),
        Format::Tmx => tmx::export(doc, options, markup),
        Format::Tsv => Ok(table::export(doc, options, table::Kind::Tsv)),
        Format::Csv => Ok(table::export(doc, options, table::Kind::Csv)),
    }
}

/// Parse a file's text; `format` overrides detection. `path` is used in errors and kept.
pub fn parse(text: &str, path: &Path, format: Option<Format>) -> Result<Import, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let format = match format.or_else(|| Format::detect(path, text)) {
        Some(f) => f,
        None => {
            return Err(Error::UnknownFormat {
                path: path.to_owned(),
            });
        }
    };
    let src = xml::Source::new(text, path);
    let import = match format {
        Format::Xliff2 => xliff2::parse(&src)?,
        Format::Xliff12 => xliff12::parse(&src)?,
        Format::Tmx => tmx::parse(&src)?,
        Format::Tsv => table::parse(&src, table::Kind::Tsv)?,
        Format::Csv => table::parse(&src, table::Kind::Csv)?,
    };
    let mut seen = HashSet::new();
    for unit in &import.units {
        if !unit.id.is_empty() && !seen.insert(unit.id.as_str()) {
            return Err(Error::Invalid {
                at: Location {
                    path: path.to_owned(),
                    line: unit.line,
                    column: unit.column,
                },
                message: format!("unit id `{}` appears twice", unit.id),
            });
        }
    }
    Ok(import)
}

/// The largest file imported, in bytes (256 MiB): room for the export of the largest
/// document the store reads, with all its markup.
pub const MAX_IMPORT_BYTES: u64 = 256 * 1024 * 1024;

/// Read and parse a file; one larger than [`MAX_IMPORT_BYTES`] is refused before it is read.
pub fn read(path: &Path, format: Option<Format>) -> Result<Import, Error> {
    use crate::fs::{Limited, read_limited, too_large};
    let bytes = read_limited(path, MAX_IMPORT_BYTES).map_err(|e| match e {
        Limited::Io(e) => Error::Io(e),
        Limited::TooLarge(size) => Error::TooLarge {
            path: path.to_owned(),
            message: too_large(size, MAX_IMPORT_BYTES),
        },
    })?;
    let text = String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
        path: path.to_owned(),
        at: e.utf8_error().valid_up_to(),
    })?;
    parse(&text, path, format)
}

/// One segment an import changed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Change {
    pub id: u64,
    pub old_target: String,
    pub new_target: String,
    pub old_state: State,
    pub new_state: State,
}

/// A unit that was not applied, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Skipped {
    pub id: u64,
    pub line: usize,
    pub column: usize,
    pub reason: String,
}

/// A unit changed in the file and, since the file was exported, in the store too (or, for a
/// file that records no revision, one that brings back a target the segment had before):
/// not applied unless asked (`theirs`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Conflict {
    pub id: u64,
    pub line: usize,
    pub column: usize,
    /// The store's target and state.
    pub ours: String,
    pub our_state: State,
    /// The file's target and state.
    pub theirs: String,
    pub their_state: State,
    /// Why it is a conflict.
    pub reason: String,
}

/// What applying an import did.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ApplyReport {
    /// The revision recorded, when anything changed.
    pub revision: Option<u32>,
    pub changes: Vec<Change>,
    pub unchanged: usize,
    pub skipped: Vec<Skipped>,
    /// Conflicts left as the store has them (none when `theirs` applied them).
    pub conflicts: Vec<Conflict>,
    /// Conflicts applied from the file because `theirs` asked.
    pub theirs_applied: usize,
}

/// How an import is applied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplyOptions {
    /// Apply the file's side of conflicts.
    pub theirs: bool,
    /// Segments the file marks approved that the approval rule refused: stored `translated`.
    pub not_approved: HashSet<u64>,
    /// A person insisted on approvals the rule refused (recorded in the revision's action).
    pub forced: bool,
}

/// Apply an import to a document as one new revision, with the default options (see
/// [`apply_with`]).
pub fn apply(doc: &mut Document, import: &Import, now: &str) -> Result<ApplyReport, Error> {
    apply_with(doc, import, now, &ApplyOptions::default())
}

/// The plan of the units that have no id: each applies to every segment whose source text,
/// normalised as the glossary does, is the unit's. Several units with one normalised source
/// but different targets are ambiguous, and a unit that no segment matches goes nowhere:
/// both are reported as skipped (with id 0).
fn plan_by_text<'u>(
    doc: &Document,
    units: &[&'u ImportUnit],
    plan: &mut Vec<(u64, Option<usize>, &'u ImportUnit, bool)>,
    report: &mut ApplyReport,
) {
    if units.is_empty() {
        return;
    }
    let key = |text: &str| crate::text::normalize::normalize(text);
    let mut segments: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, s) in doc.segments.iter().enumerate() {
        segments.entry(key(&s.source)).or_default().push(i);
    }
    let keys: Vec<String> = units.iter().map(|u| key(&u.source)).collect();
    let mut planned: HashSet<&str> = HashSet::new();
    for (unit, k) in units.iter().zip(&keys) {
        let skip = |reason: String| Skipped {
            id: 0,
            line: unit.line,
            column: unit.column,
            reason,
        };
        let rivals = units
            .iter()
            .zip(&keys)
            .filter(|(u, other)| *other == k && u.target.trim() != unit.target.trim())
            .count();
        if rivals > 0 {
            report.skipped.push(skip(format!(
                "ambiguous: {} other unit(s) without an id have this source text with another target",
                rivals
            )));
            continue;
        }
        let Some(list) = segments.get(k) else {
            report.skipped.push(skip(
                "this unit has no id and no segment has its source text".to_owned(),
            ));
            continue;
        };
        if !planned.insert(k.as_str()) {
            // The same pair once more: planned already.
            continue;
        }
        for &i in list {
            if let Some(seg) = doc.segments.get(i) {
                plan.push((seg.id, Some(i), unit, true));
            }
        }
    }
}

/// Apply an import to a document as one new revision (`import <format>`, at `now`).
///
/// Changed targets and states are applied; a changed target gets an `import` origin, a
/// state-only change keeps the segment's origin, a unit marked approved is approved for its
/// text. A changed target whose state the file left as it was (a tool that ignores states)
/// is a translation, not a sign-off: `translated`. Units whose source text differs from the
/// segment's, or whose segment was retired, are skipped and reported. A unit naming no
/// segment is an error and nothing is changed. Units without an id apply by their
/// normalised source text (see `plan_by_text`).
///
/// When the file records the revision it was exported from, a unit the file did not change
/// leaves the segment as the store has it now, and a unit changed both in the file and in
/// the store since is a [`Conflict`]. A file without the mark is compared with each segment's
/// history: a target equal to one the segment had before is old, not new (a conflict).
pub fn apply_with(
    doc: &mut Document,
    import: &Import,
    now: &str,
    options: &ApplyOptions,
) -> Result<ApplyReport, Error> {
    let index: HashMap<u64, usize> = doc
        .segments
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id, i))
        .collect();
    let retired: HashSet<u64> = doc.retired.iter().map(|s| s.id).collect();
    let mut plan = Vec::with_capacity(import.units.len());
    // Units without an id go by their source text, normalised (see `by_text`).
    let mut report = ApplyReport::default();
    let mut by_text: Vec<&ImportUnit> = Vec::new();
    for unit in &import.units {
        let unknown = || Error::UnknownId {
            at: Location {
                path: import.path.clone(),
                line: unit.line,
                column: unit.column,
            },
            id: unit.id.clone(),
            document: doc.meta.name.clone(),
        };
        if unit.id.is_empty() {
            // A unit without an id and without a target has nothing to apply.
            if !unit.target.trim().is_empty() {
                by_text.push(unit);
            }
            continue;
        }
        let id: u64 = unit.id.parse().map_err(|_| unknown())?;
        let slot = index.get(&id).copied();
        if slot.is_none() && !retired.contains(&id) {
            return Err(unknown());
        }
        plan.push((id, slot, unit, false));
    }
    plan_by_text(doc, &by_text, &mut plan, &mut report);
    let revision = doc.next_revision();
    for (id, slot, unit, normalised) in plan {
        let skip = |reason: &str| Skipped {
            id,
            line: unit.line,
            column: unit.column,
            reason: reason.to_owned(),
        };
        let Some(seg) = slot.and_then(|i| doc.segments.get_mut(i)) else {
            report.skipped.push(skip(
                "the segment was retired: its sentence is no longer in the source",
            ));
            continue;
        };
        if seg.source != unit.source && !normalised {
            report.skipped.push(skip(
                "the source text differs from the segment's: the source changed since the export",
            ));
            continue;
        }
        // What the file was given: the segment at the revision it records, else as it is now.
        let (base_target, base_state) = match import.revision {
            Some(r) => (seg.target_at(r).to_owned(), seg.state_at(r)),
            None => (seg.target.clone(), seg.state),
        };
        let mut state = unit.state;
        if unit.target != base_target && unit.state == base_state {
            state = State::Translated;
        }
        if state == State::Approved && options.not_approved.contains(&id) {
            state = State::Translated;
        }
        if seg.target == unit.target && seg.state == state {
            report.unchanged += 1;
            continue;
        }
        let conflict = |reason: String| Conflict {
            id,
            line: unit.line,
            column: unit.column,
            ours: seg.target.clone(),
            our_state: seg.state,
            theirs: unit.target.clone(),
            their_state: state,
            reason,
        };
        let conflict = match import.revision {
            Some(r) => {
                let file_changed = unit.target != base_target || unit.state != base_state;
                if !file_changed {
                    // An old file: the store's newer version stays.
                    report.unchanged += 1;
                    continue;
                }
                // The store's newer target is the file's own (imported before): no conflict.
                let store_changed = seg.target != base_target && seg.target != unit.target;
                store_changed.then(|| {
                    conflict(format!(
                        "changed in the file and, since revision {r} (which the file was exported from), in the store"
                    ))
                })
            }
            None => seg
                .history
                .iter()
                .rev()
                .find(|v| unit.target != seg.target && !v.target.is_empty() && v.target == unit.target)
                .map(|v| {
                    conflict(format!(
                        "the file brings back the target of revision {}, replaced since: the file is older than the store",
                        v.revision
                    ))
                }),
        };
        if let Some(conflict) = conflict {
            if !options.theirs {
                report.conflicts.push(conflict);
                continue;
            }
            report.theirs_applied += 1;
        }
        let origin = if seg.target == unit.target {
            seg.origin.clone()
        } else {
            Some(Origin {
                kind: OriginKind::Import,
                backend: Some(import.format.as_str().to_owned()),
                model: None,
                time: now.to_owned(),
            })
        };
        let change = Change {
            id,
            old_target: seg.target.clone(),
            new_target: unit.target.clone(),
            old_state: seg.state,
            new_state: state,
        };
        if state == State::Approved {
            seg.approve_text(unit.target.clone(), origin, revision);
        } else {
            seg.set(unit.target.clone(), state, origin, revision);
        }
        report.changes.push(change);
    }
    let mut action = format!("import {}", import.format.as_str());
    if options.forced {
        action.push_str(" --force");
    }
    if report.theirs_applied > 0 {
        action.push_str(" --theirs");
    }
    if doc.record_revision(revision, now, &action, report.changes.len()) {
        report.revision = Some(revision);
    }
    Ok(report)
}

/// The first segment of `segs` holding a character XML cannot carry, as an error.
pub(crate) fn check_xml_chars(
    doc: &Document,
    segs: &[&Segment],
    format: Format,
) -> Result<(), Error> {
    for s in segs {
        if let Some(c) = xml::unrepresentable(&s.source).or_else(|| xml::unrepresentable(&s.target))
        {
            return Err(Error::Unrepresentable {
                document: doc.meta.name.clone(),
                id: s.id,
                code: u32::from(c),
                format: format.title(),
            });
        }
    }
    Ok(())
}

/// The primary language subtag of a language tag, lowercased: `ar` for `ar-SY` or `AR_sy`.
pub(crate) fn primary_language(lang: &str) -> String {
    lang.split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Read the units of an XLIFF `<file>` (or `<body>`) in document order, also those inside
/// `<group>`s at any depth: each element named `unit_name` goes through `read`.
/// The XLIFF note (`category` in 2.x, `from` in 1.2) that records the document revision an
/// export was taken from.
pub(crate) const REVISION_NOTE: &str = "workbench:revision";

/// The revision number an element holds as its text.
pub(crate) fn parse_revision(src: &Source<'_>, el: &Element) -> Result<u32, Error> {
    let text = el.plain_text(src)?;
    text.trim().parse().map_err(|_| {
        src.error(
            el.offset,
            format!("`{text}` is not a document revision (a whole number)"),
        )
    })
}

pub(crate) fn collect_xliff_units(
    src: &Source<'_>,
    parent: &Element,
    ns: &str,
    unit_name: &str,
    read: fn(&Source<'_>, &Element) -> Result<ImportUnit, Error>,
    units: &mut Vec<ImportUnit>,
) -> Result<(), Error> {
    for el in parent.elements(Some(ns)) {
        if el.name == "group" {
            collect_xliff_units(src, el, ns, unit_name, read, units)?;
        } else if el.name == unit_name {
            units.push(read(src, el)?);
        }
    }
    Ok(())
}

/// The text direction of a language tag.
pub(crate) fn direction(lang: &str) -> &'static str {
    if crate::display::is_rtl(lang) {
        "rtl"
    } else {
        "ltr"
    }
}

/// A short description of an origin for notes and properties: `machine stub gpt-x`.
pub(crate) fn origin_text(origin: &Origin) -> String {
    let kind = origin.kind.as_str();
    let mut out = kind.to_owned();
    for part in [&origin.backend, &origin.model].into_iter().flatten() {
        out.push(' ');
        out.push_str(part);
    }
    out.push_str(" at ");
    out.push_str(&origin.time);
    out
}

/// A document's meta for one made from an imported file (a translation memory): the
/// languages the file names, else Arabic and English.
pub(crate) fn meta_for(name: &str, source_path: &str, hash: &str, import: &Import) -> Meta {
    let source = import.source_lang.as_deref().unwrap_or("ar");
    let target = import.target_lang.as_deref().unwrap_or("en");
    Meta::for_source(
        name,
        source_path.to_owned(),
        hash.to_owned(),
        [source, target],
    )
}

#[cfg(test)]
mod tests;
