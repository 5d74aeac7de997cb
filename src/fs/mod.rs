//! File primitives: reads limited in size with a typed error ([`Limited`]), the one atomic
//! write path with its folder sync ([`atomic`]), and paths resolved or made relative
//! lexically ([`lexical_absolute`], [`relative_path`]). The store, the glossary, the formats
//! and the commands read and write files through them; they know no file format.

pub mod atomic;

use std::path::{Path, PathBuf};

pub use atomic::{folder_of, remove_stale_temps, replace_file, sync_dir, write_atomic};

/// Why [`read_limited`] failed.
#[derive(Debug)]
pub enum Limited {
    /// Reading failed: `path: cannot read: why`.
    Io(std::io::Error),
    /// The file holds more than the limit: its size in bytes (at least the limit plus one).
    TooLarge(u64),
}

/// A file's bytes, refused when it holds more than `limit` bytes: checked before reading (a
/// regular file's size) and while reading (a file that grows, a device, a pipe). A failed
/// read says `path: cannot read: why` ([`read_error`]).
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, Limited> {
    use std::io::Read;
    let io = |e: std::io::Error| Limited::Io(read_error(path, &e));
    #[allow(
        clippy::disallowed_methods,
        reason = "read_error names the file in the house style: fs-err's wording would repeat it"
    )]
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > limit {
        return Err(Limited::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    let read = bytes.len() as u64;
    if read > limit {
        return Err(Limited::TooLarge(read));
    }
    Ok(bytes)
}

/// A failed read of `path` in the house style, `path: cannot read: why`, as an I/O error of
/// the same kind.
pub fn read_error(path: &Path, e: &std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{}: cannot read: {e}", path.display()))
}

/// `70000000 bytes is larger than the limit of 67108864 bytes (64 MiB)`.
pub fn too_large(size: u64, limit: u64) -> String {
    let readable = if limit >= 1024 * 1024 {
        format!("{} MiB", limit / (1024 * 1024))
    } else {
        format!("{} KiB", limit / 1024)
    };
    format!("the file is {size} bytes, larger than the limit of {limit} bytes ({readable})")
}

/// `path` made absolute against `cwd`, with `.` and `..` resolved lexically.
pub fn lexical_absolute(path: &Path, cwd: &Path) -> PathBuf {
    use std::path::Component;
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to `from` (with `..` steps), when both are absolute.
pub fn relative_path(from: &Path, path: &Path) -> Option<PathBuf> {
    if !from.is_absolute() || !path.is_absolute() {
        return None;
    }
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = path.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for c in &to[common..] {
        out.push(c.as_os_str());
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_and_relate_lexically() {
        let cwd = Path::new("/p/sub");
        assert_eq!(
            lexical_absolute(Path::new("../seeds/./a.txt"), cwd),
            Path::new("/p/seeds/a.txt")
        );
        assert_eq!(
            relative_path(cwd, Path::new("/p/glossary.yaml")),
            Some(PathBuf::from("../glossary.yaml"))
        );
        assert_eq!(relative_path(Path::new("sub"), Path::new("/p/a")), None);
    }

    #[test]
    fn read_limited_stops_at_the_limit_while_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        fs_err::write(&path, b"0123456789").unwrap();
        assert_eq!(read_limited(&path, 10).unwrap(), b"0123456789");
        assert!(matches!(read_limited(&path, 9), Err(Limited::TooLarge(10))));
    }
}
