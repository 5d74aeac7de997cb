//! The one atomic write path of the project: temp file in the same folder, fsync, rename,
//! and an fsync of the folder that makes the rename durable.
//!
//! A crash or Ctrl-C at any moment leaves either the old file or the new one, never a mix.
//! The temp file of `x.yaml` is `.x.yaml.` and six random characters and `.tmp`, so that the
//! next writer of `x.yaml` (the holder of its lock) can remove one a killed process left
//! ([`remove_stale_temps`]).
//! A writer of many files in one folder may replace them all with [`replace_file`] and then
//! sync the folder once with [`sync_dir`].

use std::io::Write;
use std::path::Path;

/// Write `bytes` to `path` atomically and durably, creating the parent folder when needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    replace_file(path, bytes)?;
    sync_dir(folder_of(path));
    Ok(())
}

/// The folder a file is in (`.` for a bare name).
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Make the renames, creations and removals in `dir` durable (best effort: some file
/// systems cannot sync a folder).
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = fs_err::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Replace `path` with `bytes` atomically: the new content is on disk before the rename, so
/// the name holds the old file or the new one, never a mix. The rename itself is durable
/// once the folder is synced ([`sync_dir`]).
pub fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = folder_of(path);
    fs_err::create_dir_all(dir)?;
    let prefix = temp_prefix(path);
    let mut tmp = tempfile::Builder::new()
        .prefix(&prefix)
        .rand_bytes(RANDOM_CHARS)
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
    tmp.write_all(bytes)?;
    // A temp file is private (0600); the result gets the old file's permissions, or the
    // usual ones for a new file.
    let permissions = match fs_err::metadata(path) {
        Ok(old) => old.permissions(),
        Err(_) => default_permissions(),
    };
    tmp.as_file().set_permissions(permissions)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| {
        std::io::Error::new(e.error.kind(), format!("{}: {}", path.display(), e.error))
    })?;
    Ok(())
}

/// The random part of a temp file's name.
pub(crate) const RANDOM_CHARS: usize = 6;

/// The start of the name of a temp file that will replace `path`: `.<file name>.`.
pub(crate) fn temp_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.")
}

/// Remove the temp files that writers of `path` left when they were killed mid-write. Only
/// the one process allowed to write `path` (its lock holder) may call this.
pub fn remove_stale_temps(path: &Path) {
    let prefix = temp_prefix(path);
    let Ok(entries) = fs_err::read_dir(folder_of(path)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let random = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"));
        if random.is_some_and(|r| {
            r.len() == RANDOM_CHARS && r.bytes().all(|b| b.is_ascii_alphanumeric())
        }) {
            let _ = fs_err::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
fn default_permissions() -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(0o644)
}

#[cfg(not(unix))]
fn default_permissions() -> std::fs::Permissions {
    // Elsewhere a temp file is already an ordinary writable file: keep what it has.
    let mut p = fs_err::metadata(std::env::temp_dir())
        .map(|m| m.permissions())
        .unwrap_or_else(|_| unreachable!("the temp folder exists"));
    p.set_readonly(false);
    p
}
