//! The page and its JSON API: the handlers and what they answer.
//!
//! Every answer is computed by the domain (status, review, diff, the edit rule) on the
//! document as it is on disk at the time of the request, so that the command line, an import
//! or another tab changing it shows at once.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::{Event, Shared};
use crate::diff::{Change, word_diff};
use crate::glossary::Matcher;
use crate::review::status::{GlossaryShare, SourceStatus, StateCounts, glossary_share};
use crate::review::{self, Finding, Kind, MemoryHint, Report, Row, describe_origin};
use crate::store::{self, Document, Revision, Segment, State as SegmentState};

const INDEX: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/app.css");

/// How long a save waits for another process (a CLI writer) to release the document's lock.
const LOCK_WAIT: Duration = Duration::from_secs(5);

/// An error answer: `{"error": "…"}` with its status.
pub(crate) fn error(status: StatusCode, message: String) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

/// An error answer before it is rendered (small, unlike a [`Response`]).
#[derive(Debug)]
pub(crate) struct Failure {
    status: StatusCode,
    message: String,
}

impl Failure {
    fn new(status: StatusCode, message: String) -> Failure {
        Failure { status, message }
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        error(self.status, self.message)
    }
}

fn asset(kind: &'static str, body: &'static str) -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static(kind))],
        body,
    )
        .into_response()
}

pub(crate) async fn index() -> Response {
    asset("text/html; charset=utf-8", INDEX)
}

pub(crate) async fn script() -> Response {
    asset("text/javascript; charset=utf-8", SCRIPT)
}

pub(crate) async fn style() -> Response {
    asset("text/css; charset=utf-8", STYLE)
}

pub(crate) async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "no such page".to_owned())
}

/// A document as the documents list shows it: what `workbench status` shows.
#[derive(Debug, Serialize)]
pub(crate) struct DocumentSummary {
    document: String,
    segments: usize,
    states: StateCounts,
    findings: usize,
    glossary: GlossaryShare,
    last_revision: Option<Revision>,
    source: SourceStatus,
}

/// A piece of a source: plain text, or a glossary term with the rendering it requires.
#[derive(Debug, Clone, Serialize)]
pub struct Span {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
}

/// One segment as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentView {
    pub id: u64,
    pub source: String,
    /// The source in pieces, the glossary terms marked.
    pub spans: Vec<Span>,
    pub target: String,
    pub state: SegmentState,
    /// `machine (stub stub-1)`, `human`…
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// The revision that made the current target and state: a save sends it back.
    pub revision: u32,
    pub stale: bool,
    pub findings: Vec<Finding>,
    /// The best translation-memory match of the source elsewhere in the project.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory: Option<MemoryHint>,
    /// Earlier versions of the target (see the segment's history).
    pub versions: usize,
}

impl SegmentView {
    fn of(seg: &Segment, row: Option<&Row>) -> SegmentView {
        SegmentView {
            id: seg.id,
            source: seg.source.clone(),
            spans: spans(&seg.source, row),
            target: seg.target.clone(),
            state: seg.state,
            origin: seg.origin.as_ref().map(describe_origin),
            revision: seg.revision,
            stale: seg.stale,
            findings: row.map(|r| r.findings.clone()).unwrap_or_default(),
            memory: row.and_then(|r| r.memory.clone()),
            versions: seg.history.len(),
        }
    }
}

/// The source cut at its glossary terms.
fn spans(source: &str, row: Option<&Row>) -> Vec<Span> {
    let mut out = Vec::new();
    let mut at = 0;
    for term in row.map(|r| r.terms.as_slice()).unwrap_or_default() {
        let (Some(before), Some(text)) =
            (source.get(at..term.start), source.get(term.start..term.end))
        else {
            continue;
        };
        if !before.is_empty() {
            out.push(Span {
                text: before.to_owned(),
                term: None,
            });
        }
        out.push(Span {
            text: text.to_owned(),
            term: Some(term.english.clone()),
        });
        at = term.end;
    }
    if let Some(rest) = source.get(at..).filter(|r| !r.is_empty()) {
        out.push(Span {
            text: rest.to_owned(),
            term: None,
        });
    }
    out
}

/// A document as the page shows it: its segments that pass the filters.
#[derive(Debug, Serialize)]
pub struct DocumentView {
    pub document: String,
    pub source_lang: String,
    pub target_lang: String,
    pub last_revision: Option<Revision>,
    /// Segments in the document.
    pub total: usize,
    /// Segments that pass the filters; `segments` holds those from `offset` on (as many as
    /// the `limit` asked for).
    pub matched: usize,
    pub offset: usize,
    /// Findings per kind over the whole document, for the filter.
    pub kinds: Vec<Kind>,
    pub segments: Vec<SegmentView>,
}

/// One version of a segment's target, with the word diff from the version before it.
#[derive(Debug, Serialize)]
struct VersionView {
    revision: u32,
    /// When and by which action the revision was made, when the document recorded it.
    #[serde(skip_serializing_if = "Option::is_none")]
    time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<String>,
    state: SegmentState,
    #[serde(skip_serializing_if = "Option::is_none")]
    origin: Option<String>,
    target: String,
    changes: Vec<Change>,
}

/// The filters of a document's view.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Filter {
    /// States, comma-separated.
    state: Option<String>,
    /// `1` or `true`: only segments with findings.
    flagged: Option<String>,
    /// A finding kind.
    kind: Option<String>,
    /// Text in either language (the Arabic matched on its normalised form).
    q: Option<String>,
    /// The first matching segment to show (from 0) and how many (default: all).
    offset: Option<usize>,
    limit: Option<usize>,
}

/// The filters, parsed.
struct Selection {
    states: Vec<SegmentState>,
    flagged: bool,
    kind: Option<Kind>,
    /// The query as typed (lowercased) and normalised as the glossary matches Arabic.
    text: Option<(String, String)>,
    offset: usize,
    limit: usize,
}

impl Filter {
    fn parse(self) -> Result<Selection, String> {
        let mut states = Vec::new();
        for name in self
            .state
            .iter()
            .flat_map(|s| s.split(','))
            .filter(|s| !s.is_empty())
        {
            states.push(SegmentState::parse(name).ok_or_else(|| format!("no state `{name}`"))?);
        }
        let kind = match self.kind.as_deref().filter(|k| !k.is_empty()) {
            Some(name) => {
                Some(Kind::parse(name).ok_or_else(|| format!("no finding kind `{name}`"))?)
            }
            None => None,
        };
        let text = self
            .q
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(|q| (q.to_lowercase(), crate::text::normalize::normalize(q)));
        Ok(Selection {
            states,
            flagged: matches!(self.flagged.as_deref(), Some("1" | "true")),
            kind,
            text,
            offset: self.offset.unwrap_or(0),
            limit: self.limit.unwrap_or(usize::MAX),
        })
    }
}

impl Selection {
    fn matches(&self, seg: &Segment, row: Option<&Row>) -> bool {
        let findings = row.map(|r| r.findings.as_slice()).unwrap_or_default();
        (self.states.is_empty() || self.states.contains(&seg.state))
            && (!self.flagged || !findings.is_empty())
            && self
                .kind
                .is_none_or(|k| findings.iter().any(|f| f.kind == k))
            && self.text.as_ref().is_none_or(|(plain, normal)| {
                seg.target.to_lowercase().contains(plain)
                    || seg.source.contains(plain.as_str())
                    || (!normal.is_empty()
                        && crate::text::normalize::normalize(&seg.source).contains(normal))
            })
    }
}

/// The store file of document `name`, which must exist.
fn document_path(shared: &Shared, name: &str) -> Result<PathBuf, Failure> {
    let path = shared
        .settings
        .layout
        .document_path(name)
        .map_err(|e| Failure::new(StatusCode::BAD_REQUEST, e.to_string()))?;
    if !path.is_file() {
        return Err(Failure::new(
            StatusCode::NOT_FOUND,
            format!("no document `{name}` in translations/"),
        ));
    }
    Ok(path)
}

fn server_error(e: impl std::fmt::Display) -> Failure {
    Failure::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
}

/// The document at `path` and its review, from the cache.
fn reviewed(
    shared: &Shared,
    path: &std::path::Path,
) -> Result<(Arc<Document>, Arc<Report>), Failure> {
    shared
        .cache
        .reviewed(
            path,
            &shared.settings.layout.glossary_path(),
            &shared.settings.review,
            Some((&shared.settings.layout, &(shared.settings.clock)())),
        )
        .map_err(server_error)
}

/// Run blocking work (file reads and writes, reviews) off the async threads.
async fn blocking(work: impl FnOnce() -> Response + Send + 'static) -> Response {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|e| error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
}

pub(crate) async fn documents(State(shared): State<Arc<Shared>>) -> Response {
    blocking(move || {
        let work = || -> Result<Vec<DocumentSummary>, Failure> {
            let layout = &shared.settings.layout;
            let glossary = shared
                .cache
                .glossary(&layout.glossary_path())
                .map_err(server_error)?;
            let matcher = Matcher::new(&glossary);
            let paths = layout.document_paths().map_err(server_error)?;
            let mut out = Vec::new();
            for path in paths {
                let (doc, report) = reviewed(&shared, &path)?;
                out.push(DocumentSummary {
                    document: doc.meta.name.clone(),
                    segments: doc.segments.len(),
                    states: StateCounts::of(&doc),
                    findings: report.rows.iter().map(|r| r.findings.len()).sum(),
                    glossary: glossary_share(&doc, &glossary, &matcher),
                    last_revision: doc.revisions.last().cloned(),
                    source: SourceStatus::of(&doc, &layout.root),
                });
            }
            Ok(out)
        };
        match work() {
            Ok(documents) => Json(serde_json::json!({ "documents": documents })).into_response(),
            Err(failure) => failure.into_response(),
        }
    })
    .await
}

pub(crate) async fn document(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    Query(filter): Query<Filter>,
) -> Response {
    let selection = match filter.parse() {
        Ok(s) => s,
        Err(message) => return error(StatusCode::BAD_REQUEST, message),
    };
    blocking(move || {
        let work = || -> Result<DocumentView, Failure> {
            let path = document_path(&shared, &name)?;
            let (doc, report) = reviewed(&shared, &path)?;
            Ok(document_view(&doc, &report, &selection))
        };
        match work() {
            Ok(view) => Json(view).into_response(),
            Err(failure) => failure.into_response(),
        }
    })
    .await
}

fn document_view(doc: &Document, report: &Report, selection: &Selection) -> DocumentView {
    let mut matched = 0;
    let mut segments = Vec::new();
    for (seg, row) in doc.segments.iter().zip(&report.rows) {
        if !selection.matches(seg, Some(row)) {
            continue;
        }
        if matched >= selection.offset && segments.len() < selection.limit {
            segments.push(SegmentView::of(seg, Some(row)));
        }
        matched += 1;
    }
    DocumentView {
        document: doc.meta.name.clone(),
        source_lang: doc.meta.source_lang.clone(),
        target_lang: doc.meta.target_lang.clone(),
        last_revision: doc.revisions.last().cloned(),
        total: doc.segments.len(),
        matched,
        offset: selection.offset,
        kinds: report.summary.findings.keys().copied().collect(),
        segments,
    }
}

/// Segment `id` of `doc`, reviewed with its document.
fn segment_view(doc: &Document, report: &Report, id: u64) -> Option<SegmentView> {
    let seg = doc.segment(id)?;
    Some(SegmentView::of(
        seg,
        report.rows.iter().find(|r| r.id == id),
    ))
}

fn no_segment(name: &str, id: u64) -> Failure {
    Failure::new(
        StatusCode::NOT_FOUND,
        format!("document `{name}` has no segment {id}"),
    )
}

/// One segment with its history, each version with the word diff from the one before.
pub(crate) async fn segment(
    State(shared): State<Arc<Shared>>,
    Path((name, id)): Path<(String, u64)>,
) -> Response {
    blocking(move || {
        let work = || -> Result<Response, Failure> {
            let path = document_path(&shared, &name)?;
            let (doc, report) = reviewed(&shared, &path)?;
            let view = segment_view(&doc, &report, id).ok_or_else(|| no_segment(&name, id))?;
            let seg = doc.segment(id).ok_or_else(|| no_segment(&name, id))?;
            let versions = seg
                .history
                .iter()
                .map(|v| (v.revision, v.state, v.origin.as_ref(), v.target.as_str()))
                .chain([(
                    seg.revision,
                    seg.state,
                    seg.origin.as_ref(),
                    seg.target.as_str(),
                )]);
            let mut previous = "";
            let mut history = Vec::new();
            for (revision, state, origin, target) in versions {
                let made = doc.revisions.iter().find(|r| r.number == revision);
                history.push(VersionView {
                    revision,
                    time: made.map(|r| r.time.clone()),
                    action: made.map(|r| r.action.clone()),
                    state,
                    origin: origin.map(describe_origin),
                    target: target.to_owned(),
                    changes: word_diff(previous, target).0,
                });
                previous = target;
            }
            Ok(Json(serde_json::json!({ "segment": view, "history": history })).into_response())
        };
        work().unwrap_or_else(IntoResponse::into_response)
    })
    .await
}

/// A save: the new target and/or state, and the revision of the segment the page saw.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SaveBody {
    target: Option<String>,
    state: Option<String>,
    revision: u32,
    #[serde(default)]
    force: bool,
}

/// Take the document's lock, waiting a little for a CLI writer to finish.
fn lock(path: &std::path::Path) -> Result<store::DocumentLock, (StatusCode, String)> {
    let start = std::time::Instant::now();
    loop {
        match store::DocumentLock::acquire(path) {
            Ok(lock) => return Ok(lock),
            Err(store::LockError::Held { .. }) if start.elapsed() < LOCK_WAIT => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e @ store::LockError::Held { .. }) => {
                return Err((StatusCode::LOCKED, e.to_string()));
            }
            Err(e) => return Err((StatusCode::INTERNAL_SERVER_ERROR, e.to_string())),
        }
    }
}

/// A save waiting for its document's writer.
struct Pending {
    name: String,
    id: u64,
    body: SaveBody,
    state: Option<SegmentState>,
    reply: tokio::sync::oneshot::Sender<Response>,
}

/// The writer of one document: the saves that arrive while it writes wait in its queue and
/// are written together next, each as its own revision, in one store write.
#[derive(Default)]
pub(crate) struct Writer {
    queue: std::sync::Mutex<Vec<Pending>>,
    turn: tokio::sync::Mutex<()>,
}

pub(crate) async fn save(
    State(shared): State<Arc<Shared>>,
    Path((name, id)): Path<(String, u64)>,
    body: Result<Json<SaveBody>, JsonRejection>,
) -> Response {
    let body = match body {
        Ok(Json(body)) => body,
        Err(rejection) => {
            let status = match rejection.status() {
                StatusCode::PAYLOAD_TOO_LARGE => StatusCode::PAYLOAD_TOO_LARGE,
                StatusCode::UNSUPPORTED_MEDIA_TYPE => StatusCode::UNSUPPORTED_MEDIA_TYPE,
                _ => StatusCode::BAD_REQUEST,
            };
            return error(status, rejection.body_text());
        }
    };
    let state = match body.state.as_deref().map(|s| (s, SegmentState::parse(s))) {
        None => None,
        Some((_, Some(state))) => Some(state),
        Some((name, None)) => return error(StatusCode::BAD_REQUEST, format!("no state `{name}`")),
    };
    let path = match document_path(&shared, &name) {
        Ok(path) => path,
        Err(failure) => return failure.into_response(),
    };
    let (reply, mut answer) = tokio::sync::oneshot::channel();
    let writer = shared.writer(&name);
    writer
        .queue
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(Pending {
            name,
            id,
            body,
            state,
            reply,
        });
    {
        let _turn = writer.turn.lock().await;
        // Answered already when the writer before took this save along with its own: then
        // the saves queued since wait for a writer of their own.
        if let Ok(response) = answer.try_recv() {
            return response;
        }
        let batch = std::mem::take(
            &mut *writer
                .queue
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        let shared = shared.clone();
        let _ = tokio::task::spawn_blocking(move || write_batch(&shared, &path, batch)).await;
    }
    answer
        .await
        .unwrap_or_else(|e| error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
}

/// How one save of a batch ended before the document is written.
enum Outcome {
    /// Refused by the approval rule: the answer.
    Refused(serde_json::Value),
    /// Saved (or unchanged): answered with the segment once the document is stored.
    Saved,
    /// The segment changed since the revision the save was based on (it is now at this one).
    Conflict(u32),
}

/// Write a batch of saves of one document: under its lock, each checked against the
/// segment's revision and applied by the edit rule as its own revision, then one store write,
/// then every save answered.
fn write_batch(shared: &Shared, path: &std::path::Path, batch: Vec<Pending>) {
    let answer_all = |batch: Vec<Pending>, status: StatusCode, message: String| {
        for pending in batch {
            let _ = pending.reply.send(error(status, message.clone()));
        }
    };
    let internal = StatusCode::INTERNAL_SERVER_ERROR;
    let lock = match lock(path) {
        Ok(lock) => lock,
        Err((status, message)) => return answer_all(batch, status, message),
    };
    let glossary_path = shared.settings.layout.glossary_path();
    let loaded = shared.cache.document(path).and_then(|doc| {
        let glossary = shared.cache.glossary(&glossary_path)?;
        Ok((doc, glossary))
    });
    let (doc, glossary) = match loaded {
        Ok(loaded) => loaded,
        Err(e) => return answer_all(batch, internal, e.to_string()),
    };
    let mut doc = (*doc).clone();
    let options = &shared.settings.review;
    let now = (shared.settings.clock)();
    let mut outcomes = Vec::with_capacity(batch.len());
    let mut changed = false;
    for pending in &batch {
        let Some(seg) = doc.segment(pending.id) else {
            // Answered as a missing segment below.
            outcomes.push(Outcome::Saved);
            continue;
        };
        if seg.revision != pending.body.revision {
            outcomes.push(Outcome::Conflict(seg.revision));
            continue;
        }
        let edit = review::Edit {
            target: pending.body.target.clone(),
            state: pending.state,
            force: pending.body.force,
        };
        let id = pending.id;
        match review::apply_edit(&mut doc, id, edit, (&glossary, options), "serve edit", &now) {
            Err(review::EditRefused::NoSegment(_)) | Ok(review::Edited::Unchanged) => {
                outcomes.push(Outcome::Saved);
            }
            Err(review::EditRefused::Refused(refusal)) => {
                let findings = match &refusal {
                    review::Refusal::Findings(f) => f.clone(),
                    review::Refusal::EmptyTarget => Vec::new(),
                };
                outcomes.push(Outcome::Refused(serde_json::json!({
                    "error": format!("segment {id} cannot be approved: {refusal}; nothing written"),
                    "findings": findings,
                    "forcible": matches!(refusal, review::Refusal::Findings(_)),
                })));
            }
            Ok(review::Edited::Changed {
                state, revision, ..
            }) => {
                changed = true;
                outcomes.push(Outcome::Saved);
                shared.emit(Event::Saved {
                    document: pending.name.clone(),
                    id,
                    state,
                    revision,
                });
            }
        }
    }
    if changed {
        if let Err(e) = doc.save(path) {
            return answer_all(batch, internal, e.to_string());
        }
        shared.cache.stored(path, doc);
    }
    drop(lock);
    let reviewed = reviewed(shared, path);
    for (pending, outcome) in batch.into_iter().zip(outcomes) {
        let Pending {
            name,
            id,
            body,
            reply,
            ..
        } = pending;
        let view = match &reviewed {
            Ok((doc, report)) => segment_view(doc, report, id),
            Err(_) => None,
        };
        let response = match (outcome, view) {
            (Outcome::Refused(json), _) => {
                (StatusCode::UNPROCESSABLE_ENTITY, Json(json)).into_response()
            }
            (_, None) if reviewed.is_err() => {
                error(internal, "cannot read the document back".to_owned())
            }
            (_, None) => no_segment(&name, id).into_response(),
            (Outcome::Saved, Some(view)) => Json(view).into_response(),
            (Outcome::Conflict(now), Some(view)) => {
                shared.emit(Event::Conflict {
                    document: name.clone(),
                    id,
                });
                (
                    StatusCode::CONFLICT,
                    Json(serde_json::json!({
                        "error": format!(
                            "segment {id} changed since revision {} (it is now at revision {now}): \
                             nothing written; here it is as it stands",
                            body.revision
                        ),
                        "segment": view,
                    })),
                )
                    .into_response()
            }
        };
        let _ = reply.send(response);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::TermMark;

    #[test]
    fn a_source_is_cut_at_its_terms() {
        let row = Row {
            id: 1,
            state: SegmentState::Draft,
            origin: None,
            confidence: None,
            source: "في حمص اليوم".into(),
            target: String::new(),
            findings: Vec::new(),
            memory: None,
            terms: vec![TermMark {
                start: "في ".len(),
                end: "في حمص".len(),
                english: "Homs".into(),
            }],
        };
        let got: Vec<(String, Option<String>)> = spans(&row.source, Some(&row))
            .into_iter()
            .map(|s| (s.text, s.term))
            .collect();
        assert_eq!(
            got,
            [
                ("في ".to_owned(), None),
                ("حمص".to_owned(), Some("Homs".to_owned())),
                (" اليوم".to_owned(), None)
            ]
        );
    }

    #[test]
    fn the_filter_matches_arabic_on_its_normalised_form() {
        let mut seg = Segment::new(1, 0..10, "قال الرئيس إن".into());
        seg.target = "The President said".into();
        let select = |q: &str| {
            Filter {
                q: Some(q.into()),
                ..Filter::default()
            }
            .parse()
            .unwrap()
        };
        assert!(select("president").matches(&seg, None));
        assert!(select("ان").matches(&seg, None), "hamza forms fold");
        assert!(!select("حمص").matches(&seg, None));
        let bad = Filter {
            state: Some("approved,nope".into()),
            ..Filter::default()
        };
        assert!(bad.parse().is_err());
    }
}
