//! One writer per document: a lock file beside the document.
//!
//! `translations/.<name>.yaml.lock` is created exclusively and holds the owner's process id.
//! A second writer fails at once with a message naming the lock and its owner; a lock whose
//! owner no longer runs (a killed process) is taken over. The lock goes when the guard drops.

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
        for _ in 0..2 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut file) => {
                    let _ = writeln!(file, "{}", std::process::id());
                    return Ok(DocumentLock { path, created_dir });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let pid = std::fs::read_to_string(&path).unwrap_or_default();
                    let pid = pid.trim().to_owned();
                    if owner_is_gone(&pid) {
                        let _ = std::fs::remove_file(&path);
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

impl Drop for DocumentLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        if let Some(dir) = &self.created_dir {
            // Fails, as it should, when something was written there meanwhile.
            let _ = std::fs::remove_dir(dir);
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
        std::fs::write(lock_path(&doc), "4000000000\n").unwrap();
        assert!(DocumentLock::acquire(&doc).is_ok());
    }
}
