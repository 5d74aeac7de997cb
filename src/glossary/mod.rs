//! Glossary terms: the `glossary.yaml` file (load, validate, save), and the submodules that
//! match terms in Arabic text, check translations against them and move them to and from
//! CSV/TSV and TBX.
//!
//! YAML is read and written only in `file.rs`. Nothing here prints or
//! touches the store; the matcher, the checker and the interchange formats work on [`Glossary`].

pub mod check;
mod file;
pub mod interchange;
pub mod matcher;
mod spelling;
pub mod tbx;

use crate::text::Location;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::text::normalize;

pub use check::{Adherence, Inconsistency, Violation, ViolationKind, check, inconsistent_names};
pub use matcher::{Matcher, Proclitic, TermMatch};
pub use spelling::{NameVariant, name_variants};

/// The largest glossary file read, in bytes (64 MiB): hundreds of thousands of terms.
pub const MAX_GLOSSARY_BYTES: u64 = 64 * 1024 * 1024;

/// Errors from loading, validating, importing or saving a glossary. Every error that comes from
/// a file names it, with the line and column where there is one.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file is not valid glossary YAML: a syntax error, a wrong type or an unknown field.
    #[error("{at}: {message}")]
    Syntax {
        /// Where: the file, line and column.
        at: Location,
        message: String,
    },
    /// The file parses but a term is invalid: an empty form, a duplicate or conflicting entry,
    /// a rendering that is also forbidden.
    #[error("{at}: {message}")]
    Invalid {
        /// Where: the file, line and column.
        at: Location,
        message: String,
    },
    /// The file is invalid as a whole and no position applies.
    #[error("{}: {message}", path.display())]
    File { path: PathBuf, message: String },
    /// A term given to [`Glossary::add`] is invalid or conflicts with the glossary.
    #[error("{message}")]
    Term { message: String },
    /// Reading or writing failed (the message names the path).
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// What a glossary term names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TermKind {
    Person,
    Place,
    #[serde(alias = "organization")]
    Organisation,
    Title,
    Term,
}

impl TermKind {
    /// The spelling used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            TermKind::Person => "person",
            TermKind::Place => "place",
            TermKind::Organisation => "organisation",
            TermKind::Title => "title",
            TermKind::Term => "term",
        }
    }

    /// Parse the spelling used in files (`organization` is accepted too).
    pub fn parse(text: &str) -> Option<TermKind> {
        match text.trim().to_ascii_lowercase().as_str() {
            "person" => Some(TermKind::Person),
            "place" => Some(TermKind::Place),
            "organisation" | "organization" => Some(TermKind::Organisation),
            "title" => Some(TermKind::Title),
            "term" => Some(TermKind::Term),
            _ => None,
        }
    }

    /// Whether the Arabic article `ال` may be prefixed to the term's forms in running text.
    /// Common nouns and titles take it (`رئيس` → `الرئيس`); names do not, since an article
    /// before a name usually makes another word (`سورية` → `السورية`, "the Syrian").
    pub fn takes_article(kind: Option<TermKind>) -> bool {
        matches!(kind, Some(TermKind::Title | TermKind::Term))
    }
}

impl fmt::Display for TermKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One glossary term: its Arabic forms and the one English rendering they all take.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Term {
    /// Every Arabic spelling of the term (variants, fused forms, known misspellings).
    pub arabic: Vec<String>,
    /// The English rendering. May be empty for a do-not-translate term, which then keeps its
    /// first Arabic form (see [`Term::rendering`]).
    pub english: String,
    pub kind: Option<TermKind>,
    pub note: Option<String>,
    /// Renderings the house style rejects.
    pub forbidden: Vec<String>,
    /// Keep the source form instead of translating it.
    pub do_not_translate: bool,
}

impl Term {
    /// A term with one or more Arabic forms and a rendering, no kind, note or forbidden forms.
    pub fn new<S: Into<String>>(arabic: Vec<S>, english: impl Into<String>) -> Term {
        Term {
            arabic: arabic.into_iter().map(Into::into).collect(),
            english: english.into(),
            ..Term::default()
        }
    }

    /// The text a translation must contain for this term.
    pub fn rendering(&self) -> &str {
        if self.english.is_empty() {
            self.arabic.first().map(String::as_str).unwrap_or("")
        } else {
            &self.english
        }
    }
}

/// A validated glossary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Glossary {
    terms: Vec<Term>,
    /// The comment block at the top of the file, kept when the file is rewritten.
    header: String,
    /// Every normalised Arabic form, to reject duplicates as terms are added.
    index: FormIndex,
}

/// Where a problem is in the file: a term, one of its fields, or one item of a list field.
#[derive(Debug, Clone, Copy)]
enum Spot {
    Term(usize),
    Field(usize, &'static str),
    Item(usize, &'static str, usize),
}

/// A validation problem before it is given a position.
struct Problem {
    spot: Spot,
    message: String,
}

impl Glossary {
    /// An empty glossary.
    pub fn new() -> Glossary {
        Glossary::default()
    }

    /// Parse and validate glossary YAML; `path` is only used in errors.
    pub fn parse(yaml: &str, path: &Path) -> Result<Glossary, Error> {
        file::parse(yaml, path)
    }

    /// Read and validate a glossary file; one larger than [`MAX_GLOSSARY_BYTES`] is refused
    /// before it is read.
    pub fn load(path: &Path) -> Result<Glossary, Error> {
        use crate::fs::{Limited, read_limited, too_large};
        let bytes = read_limited(path, MAX_GLOSSARY_BYTES).map_err(|e| match e {
            Limited::Io(e) => Error::Io(e),
            Limited::TooLarge(size) => Error::File {
                path: path.to_path_buf(),
                message: too_large(size, MAX_GLOSSARY_BYTES),
            },
        })?;
        let text = String::from_utf8(bytes).map_err(|err| Error::File {
            path: path.to_path_buf(),
            message: format!(
                "not valid UTF-8 (at byte {})",
                err.utf8_error().valid_up_to()
            ),
        })?;
        Glossary::parse(&text, path)
    }

    /// Write the glossary to `path` through the project's one atomic write path.
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        crate::fs::write_atomic(path, self.to_yaml().as_bytes())?;
        Ok(())
    }

    /// The terms, in file order.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// Every word of the renderings (`Bashar al-Assad` gives `Bashar`, `al`, `Assad`): the
    /// spellings the glossary stands behind, which are never a name's misspelling.
    pub fn rendering_words(&self) -> std::collections::HashSet<&str> {
        self.terms
            .iter()
            .flat_map(|t| t.english.split(|c: char| !c.is_alphabetic()))
            .filter(|w| !w.is_empty())
            .collect()
    }

    /// Append a term after validating it against the glossary.
    pub fn add(&mut self, term: Term) -> Result<(), Error> {
        let i = self.terms.len();
        if let Some(problem) = validate_term(&term, i) {
            return Err(Error::Term {
                message: problem.message,
            });
        }
        if let Some(clash) = self.index.clash(&term, i, &self.terms) {
            return Err(Error::Term {
                message: format!("{} (term {})", clash.message, clash.earlier.0 + 1),
            });
        }
        self.index.insert(&term, i);
        self.terms.push(term);
        Ok(())
    }

    /// Build a glossary from terms, validating them (used by the importers).
    pub fn from_terms(terms: Vec<Term>) -> Result<Glossary, Error> {
        let mut glossary = Glossary::new();
        for term in terms {
            glossary.add(term)?;
        }
        Ok(glossary)
    }

    /// Stable, hand-editable YAML: the header comment, then the terms in order, each field on
    /// its own line in a fixed order, lists in block style.
    pub fn to_yaml(&self) -> String {
        file::to_yaml(self)
    }
}

/// Checks on one term alone.
fn validate_term(term: &Term, i: usize) -> Option<Problem> {
    if term.arabic.is_empty() {
        return Some(Problem {
            spot: Spot::Field(i, "arabic"),
            message: "a term needs at least one Arabic form".to_string(),
        });
    }
    for (j, form) in term.arabic.iter().enumerate() {
        if normalize::normalize(form).is_empty() {
            return Some(Problem {
                spot: Spot::Item(i, "arabic", j),
                message: "empty Arabic form".to_string(),
            });
        }
        if term.arabic[..j].contains(form) {
            return Some(Problem {
                spot: Spot::Item(i, "arabic", j),
                message: format!("duplicate Arabic form `{form}` in the same term"),
            });
        }
    }
    if term.english.trim().is_empty() && !term.do_not_translate {
        return Some(Problem {
            spot: Spot::Term(i),
            message: "empty English rendering (set `do_not_translate: true` to keep the Arabic)"
                .to_string(),
        });
    }
    if term.english != term.english.trim() {
        return Some(Problem {
            spot: Spot::Field(i, "english"),
            message: "the English rendering has leading or trailing spaces".to_string(),
        });
    }
    for (j, form) in term.forbidden.iter().enumerate() {
        if form.trim().is_empty() {
            return Some(Problem {
                spot: Spot::Item(i, "forbidden", j),
                message: "empty forbidden rendering".to_string(),
            });
        }
        if form.trim().eq_ignore_ascii_case(term.rendering().trim()) {
            return Some(Problem {
                spot: Spot::Item(i, "forbidden", j),
                message: format!(
                    "the rendering `{}` is also listed as forbidden",
                    form.trim()
                ),
            });
        }
    }
    None
}

/// Normalised Arabic forms seen so far, to find duplicate and conflicting entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct FormIndex {
    forms: HashMap<String, (usize, usize)>,
}

/// A form of a term that an earlier term already has.
struct Clash {
    /// The form in the new term (term index, form index).
    at: (usize, usize),
    /// The same form in the earlier term.
    earlier: (usize, usize),
    message: String,
}

impl FormIndex {
    fn insert(&mut self, term: &Term, i: usize) {
        for (j, form) in term.arabic.iter().enumerate() {
            self.forms
                .entry(normalize::normalize(form))
                .or_insert((i, j));
        }
    }

    fn clash(&self, term: &Term, i: usize, all: &[Term]) -> Option<Clash> {
        for (j, form) in term.arabic.iter().enumerate() {
            let key = normalize::normalize(form);
            let Some(&(other, other_form)) = self.forms.get(&key) else {
                continue;
            };
            if other == i {
                continue;
            }
            let earlier = all.get(other)?;
            let message = if earlier.rendering() == term.rendering() {
                format!(
                    "duplicate entry: `{form}` is already listed for `{}`",
                    earlier.rendering()
                )
            } else {
                format!(
                    "conflicting entry: `{form}` is rendered `{}` here and `{}`",
                    term.rendering(),
                    earlier.rendering()
                )
            };
            return Some(Clash {
                at: (i, j),
                earlier: (other, other_form),
                message,
            });
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::{Glossary, MAX_GLOSSARY_BYTES, Term};

    #[test]
    fn a_glossary_over_the_size_limit_is_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("glossary.yaml");
        // A sparse file: its size is over the limit without writing the bytes.
        let file = fs_err::File::create(&path).unwrap();
        file.set_len(MAX_GLOSSARY_BYTES + 1).unwrap();
        let err = Glossary::load(&path).unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "{}: the file is 67108865 bytes, larger than the limit of 67108864 bytes (64 MiB)",
                path.display()
            )
        );
    }

    #[test]
    fn glossary_add_rejects_conflicts() {
        let mut g = Glossary::parse(
            include_str!("../../glossary.yaml"),
            std::path::Path::new("glossary.yaml"),
        )
        .unwrap();
        let before = g.terms().len();
        let err = g
            .add(Term::new(vec!["حمص"], "Hims"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("conflicting entry: `حمص` is rendered `Hims` here and `Homs` (term "),
            "{err}"
        );
        assert_eq!(g.terms().len(), before);
        g.add(Term::new(vec!["تدمر"], "Palmyra")).unwrap();
        assert_eq!(g.terms().last().unwrap().english, "Palmyra");
    }
}
