//! The store writer: a thread that saves documents beside the request loop, so that a slow
//! disk (an fsync per save) never holds up the next request.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender};
use std::thread::{self, JoinHandle};

use super::documents::DocRun;
use crate::store::Document;

/// One queued write: the document's index in the run, its store file, its state.
type Job = (usize, PathBuf, Box<Document>);

/// Saves documents on its own thread. Several versions of one document waiting at once are
/// written as one: the latest. Each write is atomic; [`Writer::finish`] waits for the last
/// one.
pub(super) struct Writer {
    tx: Sender<Job>,
    /// Yields the documents written and the first error, if any.
    handle: JoinHandle<(Vec<usize>, Option<String>)>,
    failed: Arc<AtomicBool>,
}

impl Writer {
    pub(super) fn start() -> Writer {
        let (tx, rx) = mpsc::channel::<Job>();
        let failed = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&failed);
        let handle = thread::spawn(move || {
            let mut written = Vec::new();
            let mut error = None;
            while let Ok(first) = rx.recv() {
                let mut pending = vec![first];
                while let Ok(next) = rx.try_recv() {
                    match pending.iter_mut().find(|p| p.0 == next.0) {
                        Some(slot) => *slot = next,
                        None => pending.push(next),
                    }
                }
                for (d, path, doc) in pending {
                    if error.is_some() {
                        break;
                    }
                    match doc.save(&path) {
                        Ok(true) => written.push(d),
                        Ok(false) => {}
                        Err(e) => {
                            error = Some(format!("{}: {e}", path.display()));
                            flag.store(true, Ordering::SeqCst);
                        }
                    }
                }
            }
            (written, error)
        });
        Writer { tx, handle, failed }
    }

    /// Queue a document's current state for writing.
    pub(super) fn save(&self, d: usize, path: &Path, doc: &Document) -> Result<(), String> {
        self.tx
            .send((d, path.to_owned(), Box::new(doc.clone())))
            .map_err(|_| "the store writer stopped".to_owned())
    }

    /// Fail fast once a write has failed, so that no more requests are paid for.
    pub(super) fn check(&self) -> Result<(), String> {
        if self.failed.load(Ordering::SeqCst) {
            return Err("a document could not be written".into());
        }
        Ok(())
    }

    /// Wait for every queued write; mark the documents that were written.
    pub(super) fn finish(self, docs: &mut [DocRun]) -> Result<(), String> {
        drop(self.tx);
        let (written, error) = self
            .handle
            .join()
            .unwrap_or_else(|_| (Vec::new(), Some("the store writer crashed".into())));
        for d in written {
            if let Some(run) = docs.get_mut(d) {
                run.summary.written = true;
            }
        }
        error.map_or(Ok(()), Err)
    }
}
