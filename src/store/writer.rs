//! The store writer: a thread that stores the finished batches of a run over many documents
//! beside the request loop, so that a slow disk (an fsync per write) never holds up the next
//! request.
//!
//! A document already in the store is saved at the start when the run changed it (re-split
//! or filled from memory); a new one is first written with its first batch. After that, each
//! finished batch of a large document is appended to the document's journal (see
//! [`Journal`]): a few hundred bytes and an fsync, whatever the document's size; a small
//! document (under [`SMALL_DOCUMENT`]) is simply rewritten, which costs the same. The
//! document is rewritten from the writer's own copy when its journal has grown larger than
//! the document, and at the end of the run, which removes the journal; a document nothing
//! was written for yet is written then. Documents written together share one sync of their
//! folder.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::{Document, Journal, Record, folder_of, remove_journal, sync_dir};

/// Why the writer could not store a batch; after the first, it stops.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// A document or its journal could not be written.
    #[error(transparent)]
    Store(#[from] super::Error),
    /// Removing a folded journal failed (the message names the journal).
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// A record names a segment the writer's copy of the document does not have.
    #[error("{path}: the run changed segment {id}, which the document does not have")]
    UnknownSegment { path: PathBuf, id: u64 },
    /// The writer thread is gone: a batch can no longer be queued.
    #[error("the store writer stopped")]
    Stopped,
    /// An earlier write failed ([`Writer::finish`] gives that error).
    #[error("a document could not be written")]
    Failed,
    /// The writer thread panicked.
    #[error("the store writer crashed")]
    Crashed,
}

/// A journal is folded into its document once it is larger than the document and this.
const COMPACT_AT_LEAST: u64 = 1024 * 1024;

/// A document file smaller than this (about 200 segments) is rewritten for each batch
/// rather than journaled: writing it costs no more than an append.
const SMALL_DOCUMENT: u64 = 64 * 1024;

/// Batches finishing less than this apart are written together…
const GATHER_GAP: Duration = Duration::from_millis(3);
/// …for at most this long after the first: a finished batch is durable within this time.
const GATHER_AT_MOST: Duration = Duration::from_millis(20);

/// One queued change: the document's index in the run and what the batch changed in it.
type Job = (usize, Record);

/// Stores the run's documents on its own thread. Each write is durable before the next
/// batch of the same document is written; [`Writer::finish`] waits for the last one.
/// Documents are named by their index in the list the writer started with.
pub struct Writer {
    tx: Sender<Job>,
    /// Yields the documents written and the first error, if any.
    handle: JoinHandle<(Vec<usize>, Option<WriteError>)>,
    failed: Arc<AtomicBool>,
}

/// The writer's view of one document: its own copy, kept equal to the run's by the records.
struct Slot {
    path: PathBuf,
    doc: Document,
    journal: Option<Journal>,
    /// The hash and size of the document file when last written.
    base: String,
    size: u64,
    /// Whether the document file exists (it was in the store, or this run wrote it).
    on_disk: bool,
    written: bool,
}

impl Slot {
    /// Rewrite the document from the writer's copy. Its journal stays until the folder is
    /// synced (see [`fold`]): until then the old file and the journal are what survives a
    /// power loss.
    fn replace(&mut self) -> Result<(), WriteError> {
        let replaced = self.doc.replace(&self.path)?;
        self.written |= replaced.written;
        self.base = replaced.hash;
        self.size = replaced.size;
        self.on_disk = true;
        self.journal = None;
        Ok(())
    }

    /// Apply `records` to the copy and store them: the document rewritten when it is small
    /// (or not written yet), else appended to its journal, durably. Returns whether a file
    /// was created or renamed (its folder needs a sync).
    fn record(&mut self, records: &[Record]) -> Result<bool, WriteError> {
        for r in records {
            self.doc.apply(r).map_err(|id| WriteError::UnknownSegment {
                path: self.path.clone(),
                id,
            })?;
        }
        if rewrites(self.journal.is_some(), self.on_disk, self.size) {
            self.replace()?;
            self.written = true;
            return Ok(true);
        }
        let created = self.journal.is_none();
        let journal = match &mut self.journal {
            Some(j) => j,
            None => self
                .journal
                .insert(Journal::begin(&self.path, self.base.clone())?),
        };
        journal.append(records)?;
        self.written = true;
        Ok(created)
    }

    /// Whether the journal has grown larger than the document (and a floor): time to fold it.
    fn journal_is_large(&self) -> bool {
        self.journal
            .as_ref()
            .is_some_and(|j| folds(j.size(), self.size))
    }
}

/// Whether a batch is stored by rewriting the document rather than appending to its
/// journal: when no journal is open and the document is not on disk yet or is small.
fn rewrites(journal_open: bool, on_disk: bool, size: u64) -> bool {
    !journal_open && (!on_disk || size < SMALL_DOCUMENT)
}

/// Whether a journal of `journal` bytes over a document of `document` bytes is folded in:
/// once it is larger than the document and than [`COMPACT_AT_LEAST`].
fn folds(journal: u64, document: u64) -> bool {
    journal > document.max(COMPACT_AT_LEAST)
}

/// What [`Writer::finish`] reports.
#[derive(Debug, Default)]
pub struct Finished {
    /// The indices of the documents whose file was written (created or changed).
    pub written: Vec<usize>,
    /// The first error, after which the writer stopped.
    pub error: Option<WriteError>,
}

impl Writer {
    /// Start the writer over the run's documents (their store file and their content as
    /// they are now): it saves at once each that is on disk (a change the run made before
    /// its first batch, a journal a killed run left); a new one is written with its first
    /// batch, or at the end.
    pub fn start(docs: impl IntoIterator<Item = (PathBuf, Document)>) -> Writer {
        let slots: Vec<Slot> = docs
            .into_iter()
            .map(|(path, doc)| Slot {
                on_disk: path.exists(),
                path,
                doc,
                journal: None,
                base: String::new(),
                size: 0,
                written: false,
            })
            .collect();
        let (tx, rx) = mpsc::channel::<Job>();
        let failed = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&failed);
        let handle = thread::spawn(move || {
            let mut slots = slots;
            let error = write_all(&mut slots, &rx).err();
            if error.is_some() {
                flag.store(true, Ordering::SeqCst);
            }
            let written = (0..slots.len()).filter(|&i| slots[i].written).collect();
            (written, error)
        });
        Writer { tx, handle, failed }
    }

    /// Queue what a finished batch changed in document `d`.
    pub fn record(&self, d: usize, record: Record) -> Result<(), WriteError> {
        self.tx.send((d, record)).map_err(|_| WriteError::Stopped)
    }

    /// Fail fast once a write has failed, so that no more requests are paid for.
    pub fn check(&self) -> Result<(), WriteError> {
        if self.failed.load(Ordering::SeqCst) {
            return Err(WriteError::Failed);
        }
        Ok(())
    }

    /// Wait for every queued write and the final rewrites.
    pub fn finish(self) -> Finished {
        drop(self.tx);
        let (written, error) = self
            .handle
            .join()
            .unwrap_or_else(|_| (Vec::new(), Some(WriteError::Crashed)));
        Finished { written, error }
    }
}

/// The writer thread: save every document, store the records as they come (those waiting
/// together in one write per document), then fold every journal into its document. Stops at
/// the first error, leaving what was stored durable (a journal is replayed on load).
fn write_all(slots: &mut [Slot], rx: &Receiver<Job>) -> Result<(), WriteError> {
    // The documents of the store as the run begins; a journal a killed run left is in them
    // now. New documents are written with their first batch (or at the end).
    fold(slots.iter_mut().filter(|s| s.on_disk).collect())?;
    while let Ok(first) = rx.recv() {
        let mut pending: Vec<(usize, Vec<Record>)> = Vec::new();
        for (d, record) in gather(first, rx) {
            match pending.iter_mut().find(|p| p.0 == d) {
                Some(p) => p.1.push(record),
                None => pending.push((d, vec![record])),
            }
        }
        let mut created = false;
        for (d, records) in &pending {
            if let Some(slot) = slots.get_mut(*d) {
                created |= slot.record(records)?;
            }
        }
        if created {
            sync_folders(slots.iter());
        }
        fold(slots.iter_mut().filter(|s| s.journal_is_large()).collect())?;
    }
    fold(
        slots
            .iter_mut()
            .filter(|s| s.journal.is_some() || !s.on_disk)
            .collect(),
    )
}

/// The first job and those that follow it closely: requests sent together finish together,
/// and their batches are then written with one fsync per document instead of one each.
fn gather(first: Job, rx: &Receiver<Job>) -> Vec<Job> {
    let started = Instant::now();
    let mut jobs = vec![first];
    while started.elapsed() < GATHER_AT_MOST {
        match rx.recv_timeout(GATHER_GAP) {
            Ok(job) => jobs.push(job),
            Err(_) => break,
        }
    }
    jobs
}

/// Rewrite these documents, sync their folders once, then remove their journals.
fn fold(slots: Vec<&mut Slot>) -> Result<(), WriteError> {
    if slots.is_empty() {
        return Ok(());
    }
    let mut slots = slots;
    for slot in &mut slots {
        slot.replace()?;
    }
    sync_folders(slots.iter().map(|s| &**s));
    for slot in &slots {
        remove_journal(&slot.path)?;
    }
    Ok(())
}

/// Sync each folder holding one of these documents, once.
fn sync_folders<'a>(slots: impl Iterator<Item = &'a Slot>) {
    let mut done: Vec<&Path> = Vec::new();
    for slot in slots {
        let dir = folder_of(&slot.path);
        if !done.contains(&dir) {
            sync_dir(dir);
            done.push(dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Meta, SplitSegment, State, journal_path};

    /// A document of `n` segments of `len` bytes each.
    fn doc(n: usize, len: usize) -> Document {
        let text = "ن".repeat(len / 2);
        let split: Vec<SplitSegment> = (0..n)
            .map(|i| SplitSegment {
                range: i * len..(i + 1) * len,
                text: text.clone(),
            })
            .collect();
        Document::new(Meta::for_tests(), &split)
    }

    /// The record of segment `id` given `target`, as a run stores it.
    fn record(doc: &mut Document, id: u64, target: &str) -> Record {
        let revision = doc.next_revision();
        let seg = doc.segment_mut(id).unwrap();
        seg.set(target.into(), State::Draft, None, revision);
        let seg = seg.clone();
        doc.note_revision(revision, "2026-01-01T00:00:00Z", "translate stub", 1);
        Record {
            revisions: doc.revisions.clone(),
            segments: vec![seg],
        }
    }

    fn slot(path: PathBuf, doc: Document) -> Slot {
        Slot {
            on_disk: path.exists(),
            path,
            doc,
            journal: None,
            base: String::new(),
            size: 0,
            written: false,
        }
    }

    #[test]
    fn a_small_or_new_document_is_rewritten_a_large_one_journaled() {
        assert!(rewrites(false, false, 10 * SMALL_DOCUMENT));
        assert!(rewrites(false, true, SMALL_DOCUMENT - 1));
        assert!(!rewrites(false, true, SMALL_DOCUMENT));
        assert!(!rewrites(true, true, 10));
        assert!(!folds(COMPACT_AT_LEAST, 10));
        assert!(folds(COMPACT_AT_LEAST + 1, 10));
        assert!(!folds(3 * COMPACT_AT_LEAST, 3 * COMPACT_AT_LEAST));
    }

    #[test]
    fn small_document_batches_rewrite_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.yaml");
        let mut run = doc(3, 20);
        let mut s = slot(path.clone(), run.clone());
        let created = s.record(&[record(&mut run, 2, "Two.")]).unwrap();
        assert!(created && s.written);
        assert!(!journal_path(&path).exists());
        assert_eq!(Document::load(&path).unwrap(), run);
    }

    #[test]
    fn large_document_batches_go_to_the_journal_until_folded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.yaml");
        let mut run = doc(400, 400);
        run.save(&path).unwrap();
        let mut s = slot(path.clone(), run.clone());
        fold(vec![&mut s]).unwrap();
        let before = fs_err::read(&path).unwrap();
        assert!(s.record(&[record(&mut run, 7, "Seven.")]).unwrap());
        assert!(!s.record(&[record(&mut run, 8, "Eight.")]).unwrap());
        // The file is untouched; the journal holds the batches, and a load replays them.
        assert_eq!(fs_err::read(&path).unwrap(), before);
        assert!(journal_path(&path).exists());
        assert_eq!(Document::load(&path).unwrap(), run);
        assert!(!s.journal_is_large());
        fold(vec![&mut s]).unwrap();
        assert!(!journal_path(&path).exists());
        assert_eq!(Document::load(&path).unwrap(), run);
    }

    #[test]
    fn a_record_for_a_missing_segment_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut run = doc(1, 20);
        let mut s = slot(dir.path().join("t.yaml"), doc(1, 20));
        let mut r = record(&mut run, 1, "One.");
        r.segments[0].id = 9;
        let err = s.record(&[r]).unwrap_err();
        assert!(matches!(err, WriteError::UnknownSegment { id: 9, .. }));
        assert!(
            err.to_string()
                .ends_with("t.yaml: the run changed segment 9, which the document does not have")
        );
    }

    #[test]
    fn gather_takes_the_jobs_that_follow_closely() {
        let (tx, rx) = mpsc::channel::<Job>();
        let mut run = doc(2, 20);
        for id in [1, 2] {
            tx.send((0, record(&mut run, id, "x"))).unwrap();
        }
        let first = rx.recv().unwrap();
        assert_eq!(gather(first, &rx).len(), 2);
    }

    #[test]
    fn the_writer_writes_every_document_and_names_those_it_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.yaml"), dir.path().join("b.yaml"));
        let mut first = doc(2, 20);
        let second = doc(1, 20);
        second.save(&b).unwrap();
        let writer = Writer::start([(a.clone(), first.clone()), (b.clone(), second.clone())]);
        writer.check().unwrap();
        writer.record(0, record(&mut first, 1, "One.")).unwrap();
        let finished = writer.finish();
        assert!(finished.error.is_none());
        assert_eq!(finished.written, vec![0]);
        assert_eq!(Document::load(&a).unwrap(), first);
        assert_eq!(Document::load(&b).unwrap(), second);
    }

    #[test]
    fn a_failed_write_is_a_typed_error_and_stops_the_writer() {
        let dir = tempfile::tempdir().unwrap();
        // The document's folder is a file: nothing can be written there.
        let blocker = dir.path().join("blocker");
        fs_err::write(&blocker, "").unwrap();
        let mut run = doc(1, 20);
        let writer = Writer::start([(blocker.join("a.yaml"), run.clone())]);
        writer.record(0, record(&mut run, 1, "One.")).unwrap();
        let finished = writer.finish();
        assert!(finished.written.is_empty());
        let err = finished.error.expect("the write fails");
        assert!(
            matches!(err, WriteError::Store(_) | WriteError::Io(_)),
            "{err:?}"
        );
        assert!(err.to_string().contains("blocker"), "{err}");
    }
}
