//! One writer per document: a lock file beside the document.
//!
//! `translations/.<name>.yaml.lock` is created exclusively and holds the owner's process id.
//! A second writer fails at once with a message naming the lock and its owner; a lock whose
//! owner no longer runs (a killed process) is taken over. The lock goes when the guard drops.
//!
//! The holder of a new lock removes the temp files that killed writers of the document left
//! (see `fs::atomic`).
//!
//! The lock appears with its content already in it: the process id is written to a temp file
//! that is then hard-linked to the lock's name, which fails when the name exists. A process
//! killed at any moment therefore never leaves an empty lock that nobody could attribute.
//! Where the file system has no hard links, the lock is created exclusively and written after.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Errors of locking.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "{document}: another workbench process (pid {pid}) is writing this document; wait for it to finish, or remove `{lock}` if it is gone"
    )]
    Held {
        document: PathBuf,
        lock: PathBuf,
        pid: String,
    },
    #[error("{path}: cannot create the lock file: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Holds a document's lock until dropped.
#[derive(Debug)]
pub struct DocumentLock {
    path: PathBuf,
    /// The folder the lock had to create, removed again when it is still empty.
    created_dir: Option<PathBuf>,
}

impl DocumentLock {
    /// Take the lock of the document at `document`.
    pub fn acquire(document: &Path) -> Result<DocumentLock, LockError> {
        let path = lock_path(document);
        let mut created_dir = None;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.exists() {
                fs_err::create_dir_all(dir).map_err(|source| LockError::Io {
                    path: path.clone(),
                    source,
                })?;
                created_dir = Some(dir.to_path_buf());
            }
        }
        let content = format!("{}\n", std::process::id());
        let staged = stage(&path, &content);
        for _ in 0..2 {
            let created = match &staged {
                Some(tmp) => link(tmp.path(), &path, &content),
                None => create_with(&path, &content),
            };
            match created {
                Ok(()) => {
                    // The sole writer now: what killed writers left half-written goes.
                    crate::fs::remove_stale_temps(document);
                    crate::fs::remove_stale_temps(&path);
                    return Ok(DocumentLock { path, created_dir });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let pid = fs_err::read_to_string(&path).unwrap_or_default();
                    let pid = pid.trim().to_owned();
                    if owner_is_gone(&pid) {
                        let _ = fs_err::remove_file(&path);
                        continue;
                    }
                    return Err(LockError::Held {
                        document: document.to_owned(),
                        lock: path,
                        pid,
                    });
                }
                Err(source) => return Err(LockError::Io { path, source }),
            }
        }
        Err(LockError::Held {
            document: document.to_owned(),
            lock: path,
            pid: "unknown".into(),
        })
    }
}

/// A temp file beside the lock holding `content`, ready to be linked to the lock's name;
/// `None` when the folder takes no temp file (then the lock is made directly).
fn stage(lock: &Path, content: &str) -> Option<tempfile::NamedTempFile> {
    let dir = lock.parent().filter(|d| !d.as_os_str().is_empty())?;
    let prefix = crate::fs::atomic::temp_prefix(lock);
    let mut tmp = tempfile::Builder::new()
        .prefix(&prefix)
        .rand_bytes(crate::fs::atomic::RANDOM_CHARS)
        .suffix(".tmp")
        .tempfile_in(dir)
        .ok()?;
    tmp.write_all(content.as_bytes()).ok()?;
    tmp.flush().ok()?;
    Some(tmp)
}

/// Give the staged file the lock's name; fails with `AlreadyExists` when the lock is held.
/// A file system without hard links gets the lock made directly instead.
fn link(staged: &Path, lock: &Path, content: &str) -> std::io::Result<()> {
    match fs_err::hard_link(staged, lock) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => create_with(lock, content),
        done => done,
    }
}

/// Create the lock exclusively and write its content (file systems without hard links).
#[allow(
    clippy::disallowed_methods,
    reason = "LockError::Io names the lock itself: the message must not repeat it"
)]
fn create_with(lock: &Path, content: &str) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(lock)?;
    file.write_all(content.as_bytes())
}

impl Drop for DocumentLock {
    fn drop(&mut self) {
        let _ = fs_err::remove_file(&self.path);
        if let Some(dir) = &self.created_dir {
            // Fails, as it should, when something was written there meanwhile.
            let _ = fs_err::remove_dir(dir);
        }
    }
}

fn lock_path(document: &Path) -> PathBuf {
    let name = document
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    document.with_file_name(format!(".{name}.lock"))
}

/// Whether the process that wrote the lock is known to be gone (Linux: no `/proc/<pid>`).
fn owner_is_gone(pid: &str) -> bool {
    let Ok(n) = pid.parse::<u32>() else {
        return false;
    };
    if n == std::process::id() {
        return false;
    }
    let proc = Path::new("/proc");
    proc.is_dir() && !proc.join(n.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_writer_is_refused_and_lock_is_released() {
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("a.yaml");
        let first = DocumentLock::acquire(&doc).unwrap();
        let err = DocumentLock::acquire(&doc).unwrap_err();
        assert!(
            err.to_string().contains("another workbench process"),
            "{err}"
        );
        drop(first);
        assert!(DocumentLock::acquire(&doc).is_ok());
    }

    #[test]
    fn a_dead_owner_lock_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("a.yaml");
        fs_err::write(lock_path(&doc), "4000000000\n").unwrap();
        assert!(DocumentLock::acquire(&doc).is_ok());
    }

    #[test]
    fn the_lock_appears_with_its_owner_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("a.yaml");
        let lock = DocumentLock::acquire(&doc).unwrap();
        assert_eq!(
            fs_err::read_to_string(lock_path(&doc)).unwrap(),
            format!("{}\n", std::process::id())
        );
        let names: Vec<String> = fs_err::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec![".a.yaml.lock".to_owned()]);
        drop(lock);
        assert_eq!(fs_err::read_dir(dir.path()).unwrap().count(), 0);
    }
}
