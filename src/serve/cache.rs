//! Documents, the glossary and reviews kept in memory between requests, each checked against
//! its file on every use: a file another process changed (its length or modification time, or
//! its journal's) is read again, so that the page always shows what is on disk.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use crate::glossary::Glossary;
use crate::memory::Memory;
use crate::review::{self, Report, ReviewOptions};
use crate::store::{self, Document};

/// What a file looked like: its length and modification time (`None`: no such file).
type FileStamp = Option<(u64, SystemTime)>;

fn file_stamp(path: &Path) -> FileStamp {
    let meta = fs_err::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// A document's file and its journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    document: FileStamp,
    journal: FileStamp,
}

impl Stamp {
    fn of(path: &Path) -> Stamp {
        Stamp {
            document: file_stamp(path),
            journal: file_stamp(&store::journal_path(path)),
        }
    }
}

struct Entry {
    stamp: Stamp,
    document: Arc<Document>,
    /// The review of the document with the glossary as it stood (its stamp).
    report: Option<(FileStamp, Arc<Report>)>,
}

/// The cache of one server.
#[derive(Default)]
pub(crate) struct Cache {
    documents: Mutex<HashMap<PathBuf, Entry>>,
    glossary: Mutex<Option<(FileStamp, Arc<Glossary>)>>,
    /// The translation memory for the rows' best matches, and when it was loaded.
    memory: Mutex<Option<(Instant, Arc<Memory>)>>,
}

/// How long the translation memory behind the rows' best matches is used before it is loaded
/// again: every save changes a document, and loading a large memory takes seconds, so the
/// matches may lag the other documents by this much (a document's own segments never match
/// themselves).
const MEMORY_TTL: Duration = Duration::from_secs(30);

/// Why the cache could not give what was asked.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error(transparent)]
    Glossary(#[from] crate::glossary::Error),
}

impl Cache {
    /// The document at `path`, read again when its file changed.
    pub(crate) fn document(&self, path: &Path) -> Result<Arc<Document>, Error> {
        let stamp = Stamp::of(path);
        if let Some(entry) = self.lock_documents().get(path) {
            if entry.stamp == stamp {
                return Ok(entry.document.clone());
            }
        }
        // Stamped before reading: a change while reading shows as a change next time.
        let document = Arc::new(Document::load(path)?);
        self.lock_documents().insert(
            path.to_owned(),
            Entry {
                stamp,
                document: document.clone(),
                report: None,
            },
        );
        Ok(document)
    }

    /// The project's glossary (empty when there is none), read again when its file changed.
    pub(crate) fn glossary(&self, path: &Path) -> Result<Arc<Glossary>, Error> {
        let stamp = file_stamp(path);
        let mut cached = self
            .glossary
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((at, glossary)) = cached.as_ref() {
            if *at == stamp {
                return Ok(glossary.clone());
            }
        }
        let glossary = Arc::new(match stamp {
            Some(_) => Glossary::load(path)?,
            None => Glossary::default(),
        });
        *cached = Some((stamp, glossary.clone()));
        Ok(glossary)
    }

    /// The project's translation memory (every document and imported memory), loaded again
    /// when older than [`MEMORY_TTL`]; `None` when it cannot be loaded (the matches are a
    /// help, not a reason to refuse the page).
    fn memory(&self, layout: &store::Layout, now: &str) -> Option<Arc<Memory>> {
        let mut cached = self
            .memory
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((at, memory)) = cached.as_ref() {
            if at.elapsed() < MEMORY_TTL {
                return Some(memory.clone());
            }
        }
        // A page's request leaves the project's files as they are: the memory's cache too.
        let loaded = crate::memory::load_with(layout, &[], &|_| false, now, false).ok()?;
        let memory = Arc::new(loaded.memory);
        *cached = Some((Instant::now(), memory.clone()));
        Some(memory)
    }

    /// The document at `path` and its review with the glossary at `glossary_path`, each row
    /// with its best translation-memory match from elsewhere in the project (`layout`).
    pub(crate) fn reviewed(
        &self,
        path: &Path,
        glossary_path: &Path,
        options: &ReviewOptions,
        memory: Option<(&store::Layout, &str)>,
    ) -> Result<(Arc<Document>, Arc<Report>), Error> {
        let glossary_stamp = file_stamp(glossary_path);
        let glossary = self.glossary(glossary_path)?;
        let document = self.document(path)?;
        if let Some(entry) = self.lock_documents().get(path) {
            if Arc::ptr_eq(&entry.document, &document) {
                if let Some((at, report)) = &entry.report {
                    if *at == glossary_stamp {
                        return Ok((document, report.clone()));
                    }
                }
            }
        }
        let mut report = review::review(&document, &glossary, options);
        if let Some(memory) = memory.and_then(|(layout, now)| self.memory(layout, now)) {
            review::attach_memory(&mut report, &memory, &document.meta.name);
        }
        let report = Arc::new(report);
        if let Some(entry) = self.lock_documents().get_mut(path) {
            if Arc::ptr_eq(&entry.document, &document) {
                entry.report = Some((glossary_stamp, report.clone()));
            }
        }
        Ok((document, report))
    }

    /// `document` was just written to `path` by this server.
    pub(crate) fn stored(&self, path: &Path, document: Document) -> Arc<Document> {
        let document = Arc::new(document);
        self.lock_documents().insert(
            path.to_owned(),
            Entry {
                stamp: Stamp::of(path),
                document: document.clone(),
                report: None,
            },
        );
        document
    }

    fn lock_documents(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Entry>> {
        self.documents
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Meta, SplitSegment, State};

    #[test]
    fn a_document_changed_on_disk_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        let split = SplitSegment::lines_for_tests(&["جملة."]);
        let mut doc = Document::new(Meta::for_tests(), &split);
        doc.save(&path).unwrap();
        let cache = Cache::default();
        let first = cache.document(&path).unwrap();
        assert!(Arc::ptr_eq(&first, &cache.document(&path).unwrap()));
        doc.segments[0].set("A sentence, longer.".into(), State::Translated, None, 1);
        doc.record_revision(1, "T", "edit", 1);
        doc.save(&path).unwrap();
        let again = cache.document(&path).unwrap();
        assert_eq!(again.segments[0].target, "A sentence, longer.");
        let glossary = dir.path().join("glossary.yaml");
        let (_, report) = cache
            .reviewed(&path, &glossary, &ReviewOptions::default(), None)
            .unwrap();
        let (_, same) = cache
            .reviewed(&path, &glossary, &ReviewOptions::default(), None)
            .unwrap();
        assert!(Arc::ptr_eq(&report, &same), "the review is kept");
    }
}
