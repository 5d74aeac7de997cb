//! The memory's sources on disk and the cache of their entries.
//!
//! The sources are every document of `translations/` and every memory imported from TMX,
//! kept as the TMX file itself in `translations/.memory/NAME.tmx` (the source of truth,
//! committed with the project). The cache, `translations/.memory-index.json`, holds the
//! entries of each source with the hash of the bytes it was read from (a document's file plus
//! its journal): a load reads again only the sources whose hash changed, and writes the cache
//! back when any did. The cache is never the source of truth: deleted or damaged, it is
//! rebuilt; it is ignored by git.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Entry, Memory, entries_of, entries_of_import};
use crate::store::{self, Document, Layout};

/// The folder of imported memories inside `translations/`.
pub const MEMORY_DIR: &str = ".memory";
/// The cache file inside `translations/`.
const CACHE_FILE: &str = ".memory-index.json";
/// Bumped whenever the cache's shape or the entries' rules change.
const CACHE_VERSION: u32 = 1;

/// Errors of loading the memory's sources.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What kind of source entries come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Document,
    Memory,
}

/// One source of the memory, as loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub kind: SourceKind,
    pub name: String,
    #[serde(skip)]
    pub path: PathBuf,
    pub entries: usize,
}

/// The memory and what loading it did.
#[derive(Debug)]
pub struct Loaded {
    pub memory: Memory,
    pub sources: Vec<Source>,
    /// Sources read again because they changed (or the cache lacked them).
    pub reread: usize,
    /// Sources that could not be read, skipped: one message each.
    pub warnings: Vec<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Cache {
    version: u32,
    sources: Vec<CachedSource>,
}

#[derive(Debug, Serialize, Deserialize)]
struct CachedSource {
    kind: SourceKind,
    name: String,
    hash: String,
    entries: Vec<Entry>,
}

/// The file of imported memory `name` (validated like a document name).
pub fn memory_path(layout: &Layout, name: &str) -> Result<PathBuf, store::Error> {
    store::validate_name(name)?;
    Ok(layout
        .translations_dir()
        .join(MEMORY_DIR)
        .join(format!("{name}.tmx")))
}

/// Every imported memory's file, sorted by name.
pub fn memory_paths(layout: &Layout) -> Result<Vec<PathBuf>, CacheError> {
    let dir = layout.translations_dir().join(MEMORY_DIR);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let entries = fs_err::read_dir(&dir).map_err(|e| io(&dir, e))?;
    for entry in entries {
        let path = entry.map_err(|e| io(&dir, e))?.path();
        if path.extension().is_some_and(|e| e == "tmx") {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

fn io(path: &Path, source: std::io::Error) -> CacheError {
    CacheError::Io {
        path: path.to_owned(),
        source,
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_owned()
}

/// The hash of what a document is read from: its file and its journal.
fn document_hash(path: &Path) -> std::io::Result<String> {
    let mut hash = store::hash_file(path)?;
    let journal = store::journal_path(path);
    if journal.is_file() {
        hash.push('+');
        hash.push_str(&store::hash_file(&journal)?);
    }
    Ok(hash)
}

/// Load the memory of the project at `layout`: the entries of `first` (documents the caller
/// already holds, which come first and win ties), then of every document on disk whose name
/// `skip` refuses not (the caller's own among them), then of every imported memory; through
/// the cache, which is written back when a source changed. `now` stamps imported entries.
pub fn load(
    layout: &Layout,
    first: &[&Document],
    skip: &dyn Fn(&str) -> bool,
    now: &str,
) -> Result<Loaded, CacheError> {
    load_with(layout, first, skip, now, true)
}

/// [`load`], writing the cache back only when `write_cache` (a reader that must leave the
/// project's files as they are, such as the browser editor's pages, passes false).
pub fn load_with(
    layout: &Layout,
    first: &[&Document],
    skip: &dyn Fn(&str) -> bool,
    now: &str,
    write_cache: bool,
) -> Result<Loaded, CacheError> {
    let dir = layout.translations_dir();
    let cache_path = dir.join(CACHE_FILE);
    let old: Cache = fs_err::read(&cache_path)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Cache>(&bytes).ok())
        .filter(|c| c.version == CACHE_VERSION)
        .unwrap_or_default();
    let mut old = old.sources;
    let mut fresh = Cache {
        version: CACHE_VERSION,
        sources: Vec::new(),
    };
    let mut reread = 0;
    let mut warnings = Vec::new();
    let mut sources = Vec::new();
    let mut entries: Vec<Entry> = first.iter().flat_map(|d| entries_of(d)).collect();
    for doc in first {
        sources.push(Source {
            kind: SourceKind::Document,
            name: doc.meta.name.clone(),
            path: PathBuf::new(),
            entries: entries_of(doc).len(),
        });
    }
    let mut paths: Vec<(SourceKind, PathBuf)> = Vec::new();
    for path in layout.document_paths()? {
        let name = stem(&path);
        if !skip(&name) && !first.iter().any(|d| d.meta.name == name) {
            paths.push((SourceKind::Document, path));
        }
    }
    for path in memory_paths(layout)? {
        paths.push((SourceKind::Memory, path));
    }
    let mut changed = false;
    for (kind, path) in paths {
        let name = stem(&path);
        let hash = match kind {
            SourceKind::Document => document_hash(&path),
            SourceKind::Memory => store::hash_file(&path),
        };
        let hash = match hash {
            Ok(h) => h,
            Err(e) => {
                warnings.push(format!("{}: {e}", path.display()));
                continue;
            }
        };
        let cached = old
            .iter()
            .position(|c| c.kind == kind && c.name == name && c.hash == hash)
            .map(|i| old.swap_remove(i));
        let source = match cached {
            Some(c) => c,
            None => {
                let read = match kind {
                    SourceKind::Document => Document::load(&path)
                        .map(|d| entries_of(&d))
                        .map_err(|e| e.to_string()),
                    SourceKind::Memory => crate::formats::read(&path, None)
                        .map(|i| entries_of_import(&i, &name, now))
                        .map_err(|e| e.to_string()),
                };
                match read {
                    Ok(list) => {
                        reread += 1;
                        changed = true;
                        CachedSource {
                            kind,
                            name: name.clone(),
                            hash,
                            entries: list,
                        }
                    }
                    Err(e) => {
                        warnings.push(e);
                        continue;
                    }
                }
            }
        };
        sources.push(Source {
            kind,
            name,
            path,
            entries: source.entries.len(),
        });
        entries.extend(source.entries.iter().cloned());
        fresh.sources.push(source);
    }
    // Sources skipped this time stay cached for the next load.
    let dropped = old.iter().any(|c| {
        !fresh
            .sources
            .iter()
            .any(|f| f.kind == c.kind && f.name == c.name)
    });
    for c in old {
        if !fresh
            .sources
            .iter()
            .any(|f| f.kind == c.kind && f.name == c.name)
            && source_exists(layout, &c)
        {
            fresh.sources.push(c);
        }
    }
    if write_cache && (changed || dropped) && dir.is_dir() {
        // The cache is an optimisation: failing to write it costs the next load time only.
        if let Ok(bytes) = serde_json::to_vec(&fresh) {
            let _ = crate::fs::write_atomic(&cache_path, &bytes);
        }
    }
    Ok(Loaded {
        memory: Memory::from_entries(entries),
        sources,
        reread,
        warnings,
    })
}

fn source_exists(layout: &Layout, c: &CachedSource) -> bool {
    match c.kind {
        SourceKind::Document => layout.document_path(&c.name).is_ok_and(|p| p.is_file()),
        SourceKind::Memory => memory_path(layout, &c.name).is_ok_and(|p| p.is_file()),
    }
}
