//! The one atomic write path of the project: temp file in the same folder, fsync, rename,
//! and an fsync of the folder that makes the rename durable.
//!
//! A crash or Ctrl-C at any moment leaves either the old file or the new one, never a mix.
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
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Replace `path` with `bytes` atomically: the new content is on disk before the rename, so
/// the name holds the old file or the new one, never a mix. The rename itself is durable
/// once the folder is synced ([`sync_dir`]).
pub fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = folder_of(path);
    fs_err::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".workbench-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
    tmp.write_all(bytes)?;
    // A temp file is private (0600); the result gets the old file's permissions, or the
    // usual ones for a new file.
    let permissions = match std::fs::metadata(path) {
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

#[cfg(unix)]
fn default_permissions() -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(0o644)
}

#[cfg(not(unix))]
fn default_permissions() -> std::fs::Permissions {
    // Elsewhere a temp file is already an ordinary writable file: keep what it has.
    let mut p = std::fs::metadata(std::env::temp_dir())
        .map(|m| m.permissions())
        .unwrap_or_else(|_| unreachable!("the temp folder exists"));
    p.set_readonly(false);
    p
}
