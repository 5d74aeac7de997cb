//! The documents of one run: the inputs (folders expanded), each source opened, split and
//! locked, its store document loaded or created and re-split when the source changed, and
//! what the run did to each (its [`DocumentSummary`]).

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::cli::ReadArgs;
use crate::commands::Context;
use crate::commands::document::{load_document, lock_document, open_source, segmenter_for};
use crate::store::{self, Document, DocumentLock, Meta};
use crate::translate::pool::RunDocument;

/// What one document's run did.
#[derive(Debug, Default, serde::Serialize)]
pub(super) struct DocumentSummary {
    pub(super) document: String,
    pub(super) store: String,
    pub(super) segments: usize,
    pub(super) sent: usize,
    pub(super) translated: usize,
    pub(super) memory: usize,
    pub(super) written: bool,
    /// Segments whose source changed under a person's target (now `stale`, signed off no
    /// more), by id.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) stale: Vec<u64>,
    /// Machine drafts sent again because they break the glossary changed since, by id.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) redrafted: Vec<u64>,
}

/// One document of the run.
pub(super) struct DocRun {
    pub(super) name: String,
    pub(super) store_path: PathBuf,
    /// Held for the whole run: a second writer of the same document is refused.
    _lock: DocumentLock,
    pub(super) doc: Document,
    /// The paragraph around each sentence (by range) that holds more than it, for context.
    contexts: HashMap<[usize; 2], String>,
    /// The revision this run's changes are recorded under.
    pub(super) revision: u32,
    /// The glossary file changed after the document was last stored.
    glossary_changed: bool,
    /// Characters of source text this document took from the answered batches: its
    /// weight in the run's usage (see [`pool::usage_weights`]).
    pub(super) usage_weight: f64,
    pub(super) summary: DocumentSummary,
}

/// Segments stored by the run, over all documents.
pub(super) fn stored(docs: &[DocRun]) -> usize {
    docs.iter().map(|d| d.summary.translated).sum()
}

impl RunDocument for DocRun {
    fn document(&self) -> &Document {
        &self.doc
    }

    fn document_mut(&mut self) -> &mut Document {
        &mut self.doc
    }

    fn revision(&self) -> u32 {
        self.revision
    }

    fn glossary_changed(&self) -> bool {
        self.glossary_changed
    }

    fn context(&self, range: Range<usize>) -> Option<String> {
        self.contexts.get(&[range.start, range.end]).cloned()
    }
}

/// The extensions of the documents a folder is searched for.
const DOCUMENT_EXTENSIONS: [&str; 6] = ["txt", "html", "htm", "md", "markdown", "docx"];

/// Inputs with folders replaced by the documents in them (`.txt`, `.html`, `.htm`, `.md`,
/// `.markdown`, `.docx`), sorted.
pub(super) fn expand_inputs(inputs: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = fs_err::read_dir(input)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_file()
                        && p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                            DOCUMENT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str())
                        })
                })
                .collect();
            if found.is_empty() {
                anyhow::bail!(
                    "{}: the folder holds no documents (.txt, .html, .htm, .md, .markdown, .docx)",
                    input.display()
                );
            }
            found.sort();
            out.extend(found);
        } else {
            out.push(input.clone());
        }
    }
    let mut names = HashMap::new();
    for path in &out {
        let name = store::name_for_source(path)?;
        if let Some(other) = names.insert(name.clone(), path.clone()) {
            if other != *path {
                anyhow::bail!(
                    "`{}` and `{}` would both be stored as document `{name}`",
                    other.display(),
                    path.display()
                );
            }
        }
    }
    // The same file named twice (`a.txt b.txt a.txt`, or a file and its folder) is one document.
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(p.clone()));
    Ok(out)
}

/// Whether file `a` was modified after file `b` (both present).
fn newer_than(a: &Path, b: &Path) -> bool {
    let modified = |p: &Path| fs_err::metadata(p).and_then(|m| m.modified()).ok();
    matches!((modified(a), modified(b)), (Some(a), Some(b)) if a > b)
}

/// Load (or create) the store document of one source and bring it up to date with the source.
pub(super) fn open_document(input: &Path, read: ReadArgs, ctx: &Context) -> anyhow::Result<DocRun> {
    let name = store::name_for_source(input)?;
    let store_path = ctx.layout.document_path(&name)?;
    let lock = lock_document(&store_path, ctx)?;
    let source_path = ctx.project_path(input);
    let glossary_changed = newer_than(&ctx.layout.glossary_path(), &store_path);
    let existing = if store_path.exists() {
        let doc = load_document(&store_path)?;
        if doc.meta.source_path != source_path {
            anyhow::bail!(
                "{}: the document `{name}` in `{}` was made from `{}`; rename this file to translate it as a document of its own",
                input.display(),
                ctx.show(&store_path),
                doc.meta.source_path
            );
        }
        Some(doc)
    } else {
        None
    };
    let source = open_source(
        input,
        read,
        existing.as_ref().map(|d| &d.meta),
        &segmenter_for(ctx.languages()[0])?,
    )?;
    let split = source.split();
    let hash = source.hash.clone();
    let mut doc = match existing {
        Some(doc) => doc,
        None => Document::new(
            Meta {
                format: source.stored_format(),
                paragraphs: source.stored_paragraphs(),
                ..Meta::for_source(&name, source_path, hash.clone(), ctx.languages())
            },
            &split,
        ),
    };
    // A re-read with another format or paragraph mode re-splits the document.
    let layout_changed = doc.meta.format != source.stored_format()
        || doc.meta.paragraphs != source.stored_paragraphs();
    if layout_changed {
        doc.meta.format = source.stored_format();
        doc.meta.paragraphs = source.stored_paragraphs();
        doc.meta.source_hash = String::new();
    }
    let revision = doc.next_revision();
    let mut stale = Vec::new();
    if doc.meta.source_hash != hash {
        let report = doc.resplit(&split, revision);
        doc.meta.source_hash = hash;
        // An approval whose text changed some other way does not hold either.
        let dropped = doc.enforce_approvals(revision);
        let changed = report.changes() + dropped.len();
        if changed > 0 {
            doc.record_revision(revision, &ctx.now, "resplit", changed);
        }
        stale = report.stale;
        stale.extend(dropped);
        stale.sort_unstable();
        stale.dedup();
    }
    let summary = DocumentSummary {
        document: name.clone(),
        store: ctx.show(&store_path),
        segments: doc.segments.len(),
        stale,
        ..DocumentSummary::default()
    };
    Ok(DocRun {
        name,
        store_path,
        _lock: lock,
        doc,
        contexts: source.contexts(),
        revision,
        glossary_changed,
        usage_weight: 0.0,
        summary,
    })
}
