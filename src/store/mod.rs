//! The project on disk: translation documents in `translations/<doc>.yaml`.
//!
//! This module owns the store's schema, its versioning, YAML (de)serialisation of it and the
//! atomic write path. It knows nothing of the command line and never prints.
//!
//! A document holds its metadata, a list of revisions (one per change that touched it) and its
//! segments. Each segment keeps its current target and every earlier target in `history`, so
//! that any two revisions can be compared and no target is ever lost.

mod journal;
mod lock;
mod merge;
pub mod writer;
mod yaml;

use crate::text::Location;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::fs::{
    Limited, folder_of, lexical_absolute, read_limited, replace_file, sync_dir, too_large,
};
pub use journal::{Journal, Record, journal_path, remove_journal};
pub use lock::{DocumentLock, LockError};
pub use merge::{MergeReport, SplitSegment};
pub use writer::{WriteError, Writer};

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: u32 = 1;

/// The comment line a document file starts with.
const HEADER: &str = "# workbench translation document (schema version 1)\n";

/// The largest document file read, in bytes (64 MiB): many times the largest real document,
/// and small enough that parsing it cannot exhaust memory.
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{at}: {message}")]
    Parse {
        /// Where: the file, line and column.
        at: Location,
        message: String,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error(
        "{path}: schema version {found} is newer than this build understands (up to {SCHEMA_VERSION}); upgrade workbench"
    )]
    FutureVersion { path: PathBuf, found: u32 },
    #[error("invalid document name `{name}`: {reason}")]
    BadName { name: String, reason: &'static str },
    #[error("{path}: no segment with id {id}")]
    NoSegment { path: PathBuf, id: u64 },
    #[error(
        "{path}: no revision {revision} (the document has revisions 1 to {last}, and 0 for before the first)"
    )]
    NoRevision {
        path: PathBuf,
        revision: u32,
        last: u32,
    },
    /// serde_yaml could not write the document (nothing was written).
    #[error("{path}: cannot serialise the document: {message}")]
    Serialize { path: PathBuf, message: String },
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// The workflow state of a segment, from untouched to approved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// No target yet.
    New,
    /// A machine draft, not yet looked at by a person.
    Draft,
    /// A person wrote or post-edited the target.
    Translated,
    /// A second person checked the target.
    Reviewed,
    /// Signed off: final.
    Approved,
    /// Rejected by a reviewer: needs a new target.
    Rejected,
}

impl State {
    pub const ALL: [State; 6] = [
        State::New,
        State::Draft,
        State::Translated,
        State::Reviewed,
        State::Approved,
        State::Rejected,
    ];

    /// The lowercase name used in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            State::New => "new",
            State::Draft => "draft",
            State::Translated => "translated",
            State::Reviewed => "reviewed",
            State::Approved => "approved",
            State::Rejected => "rejected",
        }
    }

    /// Whether a machine may replace this segment's target: only `new` and `draft` ones.
    pub fn machine_may_overwrite(self) -> bool {
        matches!(self, State::New | State::Draft)
    }

    pub fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The state's place on the way to approval: `new` and `rejected` 0, `draft` 1,
    /// `translated` 2, `reviewed` 3, `approved` 4 (what `--min-state` compares).
    pub fn rank(self) -> u8 {
        match self {
            State::New | State::Rejected => 0,
            State::Draft => 1,
            State::Translated => 2,
            State::Reviewed => 3,
            State::Approved => 4,
        }
    }
}

/// Which text of each segment a built document takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildChoice {
    /// The source side instead of the targets.
    pub source: bool,
    /// Targets below this state do not count.
    pub min_state: Option<State>,
    /// A segment without a target that counts keeps its source instead of being an error.
    pub fallback_to_source: bool,
}

/// The segments a build could not take a target for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Untranslated(pub Vec<u64>);

impl Document {
    /// The text each segment's range gets in a built document (keyed by its byte range of
    /// the source), or the ids of the segments without a target that counts.
    pub fn build_texts(
        &self,
        choice: BuildChoice,
    ) -> Result<std::collections::HashMap<[usize; 2], String>, Untranslated> {
        let mut out = std::collections::HashMap::with_capacity(self.segments.len());
        let mut missing = Vec::new();
        for seg in &self.segments {
            let counts = !seg.target.trim().is_empty()
                && seg.state != State::Rejected
                && choice
                    .min_state
                    .is_none_or(|min| seg.effective_state().rank() >= min.rank());
            let text = if choice.source {
                seg.source.clone()
            } else if counts {
                seg.target.clone()
            } else if choice.fallback_to_source {
                seg.source.clone()
            } else {
                missing.push(seg.id);
                continue;
            };
            out.insert(seg.range, text);
        }
        if missing.is_empty() {
            Ok(out)
        } else {
            Err(Untranslated(missing))
        }
    }
}

impl std::fmt::Display for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who or what produced a target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Origin {
    /// `machine`, `human`, `memory` (reused from another segment), `alignment` or `import`.
    pub kind: OriginKind,
    /// The backend (`stub`, `openai`, …) for machine output, the tool for imports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backend: Option<String>,
    /// The model or engine version, when the backend reports one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// When the target was made (RFC 3339, UTC).
    pub time: String,
}

impl Origin {
    /// Whether this origin names exactly this backend and model (no model: none named).
    pub fn made_by(&self, backend: &str, model: Option<&str>) -> bool {
        self.backend.as_deref() == Some(backend) && self.model.as_deref() == model
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OriginKind {
    Machine,
    Human,
    Memory,
    Alignment,
    Import,
}

impl OriginKind {
    /// The kind's name as stored: `machine`, `human`, `memory`, `alignment`, `import`.
    pub fn as_str(self) -> &'static str {
        match self {
            OriginKind::Machine => "machine",
            OriginKind::Human => "human",
            OriginKind::Memory => "memory",
            OriginKind::Alignment => "alignment",
            OriginKind::Import => "import",
        }
    }
}

/// One earlier version of a segment's target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Version {
    /// The document revision that made this version.
    pub revision: u32,
    pub target: String,
    pub state: State,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// The source text at that time, when it differs from the current one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A sentence of the source and its translation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    /// Stable id: never reused within a document, kept when the source is re-split.
    pub id: u64,
    /// Byte range of `source` in the source file (half-open).
    pub range: [usize; 2],
    pub source: String,
    #[serde(default)]
    pub target: String,
    pub state: State,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// The revision that made the current target and state.
    #[serde(default)]
    pub revision: u32,
    /// Alignment confidence in 0..=1, for segments paired by the aligner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// Set when the source changed under a target a person had made: the target needs a look.
    #[serde(default, skip_serializing_if = "is_false")]
    pub stale: bool,
    /// What an approval approved: fingerprints of the source and target it saw. When either
    /// text changes afterwards the approval no longer holds (see [`Segment::enforce_approval`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<Approval>,
    /// Earlier versions, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Version>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Segment {
    /// A segment not translated yet: `source` at `range` of the source file, no target, no
    /// history.
    pub fn new(id: u64, range: Range<usize>, source: String) -> Segment {
        Segment {
            id,
            range: [range.start, range.end],
            source,
            target: String::new(),
            state: State::New,
            origin: None,
            revision: 0,
            confidence: None,
            stale: false,
            approval: None,
            history: Vec::new(),
        }
    }

    pub fn byte_range(&self) -> Range<usize> {
        self.range[0]..self.range[1]
    }

    /// Replace the target and state, pushing the current version into history.
    /// Returns false (and changes nothing) when target and state are already those.
    pub fn set(
        &mut self,
        target: String,
        state: State,
        origin: Option<Origin>,
        revision: u32,
    ) -> bool {
        if self.target == target && self.state == state {
            return false;
        }
        if !self.target.is_empty() || self.state != State::New {
            self.history.push(Version {
                revision: self.revision,
                target: std::mem::take(&mut self.target),
                state: self.state,
                origin: self.origin.take(),
                source: None,
            });
        }
        self.target = target;
        self.state = state;
        self.origin = origin;
        self.revision = revision;
        self.stale = false;
        self.approval = None;
        true
    }

    /// Approve the current target as revision `revision`, binding the approval to the text.
    /// Returns false when the segment was already approved for exactly this text.
    pub fn approve(&mut self, origin: Option<Origin>, revision: u32) -> bool {
        let fingerprint = Approval::of(&self.source, &self.target);
        if self.state == State::Approved && self.approval.as_ref() == Some(&fingerprint) {
            return false;
        }
        let origin = origin.or_else(|| self.origin.clone());
        self.set(self.target.clone(), State::Approved, origin, revision);
        self.approval = Some(fingerprint);
        true
    }

    /// Set the target to `target` and approve it in one version (a person who fixes and signs
    /// off at once). Returns false when it was already approved for exactly this text.
    pub fn approve_text(&mut self, target: String, origin: Option<Origin>, revision: u32) -> bool {
        if target == self.target {
            return self.approve(origin, revision);
        }
        self.set(target, State::Approved, origin, revision);
        self.approval = Some(Approval::of(&self.source, &self.target));
        true
    }

    /// Whether the segment's approval (if any) still matches its source and target. Segments
    /// that are not approved, or were approved before approvals were fingerprinted, hold.
    pub fn approval_holds(&self) -> bool {
        if self.state != State::Approved {
            return true;
        }
        self.approval
            .as_ref()
            .is_none_or(|a| *a == Approval::of(&self.source, &self.target))
    }

    /// The state the segment's text really holds: a sign-off (`reviewed`, `approved`) of a
    /// stale segment, or an approval that no longer matches the text, counts as `translated`
    /// (what `--min-state` compares in exports and builds).
    pub fn effective_state(&self) -> State {
        match self.state {
            State::Reviewed | State::Approved if self.stale || !self.approval_holds() => {
                State::Translated
            }
            state => state,
        }
    }

    /// Drop an approved segment whose text changed since its approval back to `translated`
    /// (as revision `revision`); a changed source also marks it `stale`. Returns whether it
    /// changed anything.
    pub fn enforce_approval(&mut self, revision: u32) -> bool {
        if self.approval_holds() {
            return false;
        }
        let source_changed = self
            .approval
            .as_ref()
            .is_some_and(|a| a.source != Approval::fingerprint(&self.source));
        let origin = self.origin.clone();
        self.set(self.target.clone(), State::Translated, origin, revision);
        self.stale = source_changed;
        true
    }

    /// The target as it stood at `revision` (empty before the first one).
    pub fn target_at(&self, revision: u32) -> &str {
        if self.revision <= revision {
            return &self.target;
        }
        self.history
            .iter()
            .rev()
            .find(|v| v.revision <= revision)
            .map_or("", |v| v.target.as_str())
    }

    /// The state as it stood at `revision`.
    pub fn state_at(&self, revision: u32) -> State {
        if self.revision <= revision {
            return self.state;
        }
        self.history
            .iter()
            .rev()
            .find(|v| v.revision <= revision)
            .map_or(State::New, |v| v.state)
    }
}

/// The fingerprints of the texts an approval approved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// `sha256:` and the first 16 hex digits of the source's digest.
    pub source: String,
    /// The same for the target.
    pub target: String,
}

impl Approval {
    /// The approval of this source and target.
    pub fn of(source: &str, target: &str) -> Approval {
        Approval {
            source: Approval::fingerprint(source),
            target: Approval::fingerprint(target),
        }
    }

    /// `sha256:` and 16 hex digits: enough to notice a change, short enough to read.
    pub fn fingerprint(text: &str) -> String {
        let mut full = hash_source(text.as_bytes());
        full.truncate(7 + 16);
        full
    }
}

/// Metadata of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// The document's name: the source file's stem.
    pub name: String,
    /// The source file, relative to the project root.
    pub source_path: String,
    pub source_lang: String,
    pub target_lang: String,
    /// `sha256:` and the hex digest of the source file's bytes.
    pub source_hash: String,
    /// The target file, for documents made by aligning an existing translation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_path: Option<String>,
    /// The source's format, when it is not plain text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<crate::document::Format>,
    /// How a plain-text source was cut into paragraphs, when not one a line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraphs: Option<crate::document::Paragraphs>,
}

impl Meta {
    /// The metadata of a new document `name` made from the source file at `source_path`
    /// (relative to the project root, as [`project_path`] makes it) whose bytes hash to
    /// `source_hash`, translated between `languages` (source, target). A plain-text source
    /// read one paragraph a line, with no target file: set `format`, `paragraphs` and
    /// `target_path` over it when they apply.
    pub fn for_source(
        name: &str,
        source_path: String,
        source_hash: String,
        languages: [&str; 2],
    ) -> Meta {
        let [source_lang, target_lang] = languages;
        Meta {
            name: name.to_owned(),
            source_path,
            source_lang: source_lang.to_owned(),
            target_lang: target_lang.to_owned(),
            source_hash,
            target_path: None,
            format: None,
            paragraphs: None,
        }
    }

    /// The metadata of a small Arabic→English document `t` (from `t.txt`), for unit tests of
    /// the modules that read documents.
    #[cfg(test)]
    pub(crate) fn for_tests() -> Meta {
        Meta::for_source("t", "t.txt".into(), String::new(), ["ar", "en"])
    }
}

/// `path` as a document records it: relative to the project `root`, with forward slashes
/// (`seeds/a.txt`), however it was typed (`./seeds/a.txt`, `../seeds/a.txt` from a
/// subfolder, an absolute path). A relative `path` is taken from `cwd`; symbolic links are
/// resolved when the file exists. A file outside the project keeps its absolute path.
pub fn project_path(root: &Path, cwd: &Path, path: &Path) -> String {
    let abs = lexical_absolute(path, cwd);
    let root = lexical_absolute(root, cwd);
    let root = root.canonicalize().unwrap_or(root);
    let abs = abs.canonicalize().unwrap_or(abs);
    match abs.strip_prefix(&root) {
        Ok(rest) => rest
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
        Err(_) => abs.display().to_string(),
    }
}

/// One change to the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub number: u32,
    pub time: String,
    /// What made it: `split`, `translate stub`, `edit`, `align`, `import xliff2`…
    pub action: String,
    /// How many segments it changed.
    pub changed: usize,
    /// What the engine billed for this document's share of the run (`translate` with an
    /// engine that reports usage); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
}

/// A document's share of what a run's engine billed: characters of source text (DeepL,
/// Google, LibreTranslate) or prompt and completion tokens (OpenAI-compatible), and what
/// that cost when the engine's price is set. Only the fields that apply are present.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Usage {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub characters: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

/// A translation document: the unit of the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub version: u32,
    pub meta: Meta,
    #[serde(default)]
    pub revisions: Vec<Revision>,
    pub segments: Vec<Segment>,
    /// Segments whose source sentence disappeared from the source file, kept with their
    /// history so that no target is ever lost.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired: Vec<Segment>,
}

impl Document {
    /// A new document from freshly split segments.
    pub fn new(meta: Meta, split: &[SplitSegment]) -> Document {
        let segments = split
            .iter()
            .enumerate()
            .map(|(i, s)| Segment::new(i as u64 + 1, s.range.clone(), s.text.clone()))
            .collect();
        Document {
            version: SCHEMA_VERSION,
            meta,
            revisions: Vec::new(),
            segments,
            retired: Vec::new(),
        }
    }

    /// The number of the latest revision (0 when nothing was ever recorded).
    pub fn last_revision(&self) -> u32 {
        self.revisions.last().map_or(0, |r| r.number)
    }

    /// The number the next revision takes; [`Document::record_revision`] records it.
    pub fn next_revision(&self) -> u32 {
        self.last_revision() + 1
    }

    /// Record revision `number` if it changed anything. Returns whether it was recorded.
    pub fn record_revision(
        &mut self,
        number: u32,
        time: &str,
        action: &str,
        changed: usize,
    ) -> bool {
        if changed == 0 {
            return false;
        }
        self.revisions.push(Revision {
            number,
            time: time.to_owned(),
            action: action.to_owned(),
            changed,
            usage: None,
        });
        true
    }

    /// Add `changed` to revision `number` under `action`, creating the revision on first use
    /// and naming each action once (`translation memory, translate stub`).
    pub fn note_revision(&mut self, number: u32, time: &str, action: &str, changed: usize) {
        match self.revisions.last_mut() {
            Some(r) if r.number == number && r.action.split(", ").any(|a| a == action) => {
                r.changed += changed;
            }
            Some(r) if r.number == number => {
                r.action = format!("{}, {action}", r.action);
                r.changed += changed;
            }
            _ => {
                self.record_revision(number, time, action, changed);
            }
        }
    }

    pub fn segment(&self, id: u64) -> Option<&Segment> {
        self.position(id).map(|i| &self.segments[i])
    }

    pub fn segment_mut(&mut self, id: u64) -> Option<&mut Segment> {
        self.position(id).map(|i| &mut self.segments[i])
    }

    /// Where segment `id` is: at `id - 1` in a document that was never re-split (checked
    /// first), else found by search.
    fn position(&self, id: u64) -> Option<usize> {
        let guess = usize::try_from(id).ok()?.checked_sub(1);
        match guess.and_then(|i| self.segments.get(i)) {
            Some(s) if s.id == id => guess,
            _ => self.segments.iter().position(|s| s.id == id),
        }
    }

    /// Drop every approved segment whose text changed since its approval back to
    /// `translated` (see [`Segment::enforce_approval`]); returns the ids it changed.
    pub fn enforce_approvals(&mut self, revision: u32) -> Vec<u64> {
        self.segments
            .iter_mut()
            .filter_map(|s| s.enforce_approval(revision).then_some(s.id))
            .collect()
    }

    /// Counts of segments per state, in state order.
    pub fn state_counts(&self) -> BTreeMap<State, usize> {
        let mut counts: BTreeMap<State, usize> = State::ALL.iter().map(|s| (*s, 0)).collect();
        for s in &self.segments {
            *counts.entry(s.state).or_default() += 1;
        }
        counts
    }

    /// Parse a document from YAML text; `path` is only used in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Document, Error> {
        #[derive(Deserialize)]
        struct VersionOnly {
            version: u32,
        }
        let parse_error = |e: serde_yaml::Error| {
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            Error::Parse {
                at: Location {
                    path: path.to_owned(),
                    line,
                    column,
                },
                message: strip_location(&e.to_string()),
            }
        };
        if text.trim().is_empty() {
            return Err(Error::Invalid {
                path: path.to_owned(),
                message: "the file is empty".into(),
            });
        }
        // The file as this build writes it: read directly, and trusted only when writing the
        // result back gives the same bytes.
        if let Some(doc) = text.strip_prefix(HEADER).and_then(yaml::read) {
            if doc.version <= SCHEMA_VERSION && doc.render(path).is_ok_and(|t| t == text) {
                doc.validate(path)?;
                return Ok(doc);
            }
        }
        let probe: VersionOnly = serde_yaml::from_str(text).map_err(parse_error)?;
        if probe.version > SCHEMA_VERSION {
            return Err(Error::FutureVersion {
                path: path.to_owned(),
                found: probe.version,
            });
        }
        let doc: Document = serde_yaml::from_str(text).map_err(parse_error)?;
        doc.validate(path)?;
        Ok(doc)
    }

    fn validate(&self, path: &Path) -> Result<(), Error> {
        let invalid = |message: String| Error::Invalid {
            path: path.to_owned(),
            message,
        };
        if self.version == 0 {
            return Err(invalid("schema version 0 does not exist".into()));
        }
        let mut seen = std::collections::HashSet::new();
        for s in self.segments.iter().chain(&self.retired) {
            if !seen.insert(s.id) {
                return Err(invalid(format!("segment id {} appears twice", s.id)));
            }
            if s.range[0] > s.range[1] {
                return Err(invalid(format!(
                    "segment {} has a range that ends before it starts",
                    s.id
                )));
            }
        }
        let last = self.last_revision();
        for s in &self.segments {
            if s.revision > last {
                return Err(invalid(format!(
                    "segment {} names revision {} but the last revision is {last}",
                    s.id, s.revision
                )));
            }
        }
        validate_name(&self.meta.name)?;
        Ok(())
    }

    /// Serialise to the stable YAML form written to disk. An error (serde_yaml failing on a
    /// string) names the document's file as `<name>.yaml`.
    pub fn to_yaml(&self) -> Result<String, Error> {
        self.render(Path::new(&format!("{}.yaml", self.meta.name)))
    }

    /// [`Document::to_yaml`], an error naming `path`.
    fn render(&self, path: &Path) -> Result<String, Error> {
        let body = yaml::document(self).map_err(|e| Error::Serialize {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        Ok(format!("{HEADER}{body}"))
    }

    /// Read and parse a document file, with the batches its journal holds (see [`Journal`]);
    /// one larger than [`MAX_DOCUMENT_BYTES`] is refused before it is read.
    pub fn load(path: &Path) -> Result<Document, Error> {
        let bytes = read_limited(path, MAX_DOCUMENT_BYTES).map_err(|e| match e {
            Limited::Io(e) => Error::Io(e),
            Limited::TooLarge(size) => Error::Invalid {
                path: path.to_owned(),
                message: too_large(size, MAX_DOCUMENT_BYTES),
            },
        })?;
        let text = String::from_utf8(bytes).map_err(|e| Error::Invalid {
            path: path.to_owned(),
            message: format!("not valid UTF-8 (at byte {})", e.utf8_error().valid_up_to()),
        })?;
        let mut doc = Document::parse(&text, path)?;
        if journal::replay(&mut doc, text.as_bytes(), path)? {
            doc.validate(path)?;
        }
        Ok(doc)
    }

    /// Write the document atomically and durably, and remove its journal, which it holds.
    /// Returns false when the file already held exactly these bytes (nothing is written
    /// then).
    pub fn save(&self, path: &Path) -> Result<bool, Error> {
        let replaced = self.replace(path)?;
        if replaced.written {
            sync_dir(folder_of(path));
        }
        remove_journal(path)?;
        Ok(replaced.written)
    }

    /// Write the document atomically, leaving the rest to the caller: the rename is durable
    /// once the folder is synced ([`sync_dir`]), and the document's journal is left alone.
    /// For a writer of many documents, which syncs their folder once.
    pub fn replace(&self, path: &Path) -> Result<Replaced, Error> {
        let text = self.render(path)?;
        let unchanged = fs_err::read(path).is_ok_and(|old| old == text.as_bytes());
        if !unchanged {
            replace_file(path, text.as_bytes())?;
        }
        Ok(Replaced {
            written: !unchanged,
            hash: hash_source(text.as_bytes()),
            size: text.len() as u64,
        })
    }
}

/// What [`Document::replace`] did.
#[derive(Debug)]
pub struct Replaced {
    /// Whether the file changed (false: it already held exactly these bytes).
    pub written: bool,
    /// The hash of the file's bytes now: the base of a journal begun over it.
    pub hash: String,
    /// The file's size in bytes.
    pub size: u64,
}

/// serde_yaml and serde_json append " at line L column C" to their messages; we print the
/// location up front.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// `sha256:<hex>` of some bytes.
pub fn hash_source(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// `sha256:<hex>` of a file's bytes, read in pieces (memory stays small whatever its size).
pub fn hash_file(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut file = fs_err::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in hasher.finalize() {
        out.push_str(&format!("{b:02x}"));
    }
    Ok(out)
}

/// Check that a document name is a plain file stem: no separators, no `..`, not empty.
pub fn validate_name(name: &str) -> Result<(), Error> {
    let bad = |reason| {
        Err(Error::BadName {
            name: name.to_owned(),
            reason,
        })
    };
    if name.is_empty() {
        return bad("it is empty");
    }
    if name == "." || name == ".." || name.contains("..") {
        return bad("it may not contain `..`");
    }
    if name.contains(['/', '\\', '\0']) {
        return bad("it may not contain a path separator or NUL");
    }
    if name.starts_with('.') {
        return bad("it may not start with a dot");
    }
    Ok(())
}

/// Where a project keeps its files.
#[derive(Debug, Clone)]
pub struct Layout {
    pub root: PathBuf,
}

impl Layout {
    pub fn new(root: impl Into<PathBuf>) -> Layout {
        Layout { root: root.into() }
    }

    pub fn translations_dir(&self) -> PathBuf {
        self.root.join("translations")
    }

    pub fn glossary_path(&self) -> PathBuf {
        self.root.join("glossary.yaml")
    }

    /// The store file of document `name` (validated: it can never point outside the project).
    pub fn document_path(&self, name: &str) -> Result<PathBuf, Error> {
        validate_name(name)?;
        Ok(self.translations_dir().join(format!("{name}.yaml")))
    }

    /// Every document file in `translations/`, sorted by name.
    pub fn document_paths(&self) -> Result<Vec<PathBuf>, Error> {
        let dir = self.translations_dir();
        if !dir.is_dir() {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        for entry in fs_err::read_dir(&dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "yaml") {
                out.push(path);
            }
        }
        out.sort();
        Ok(out)
    }
}

/// The document name for a source file: its stem.
pub fn name_for_source(path: &Path) -> Result<String, Error> {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_owned();
    validate_name(&stem)?;
    Ok(stem)
}

#[cfg(test)]
mod tests;
