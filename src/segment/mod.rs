//! Sentence segmentation: text in, sentence byte ranges out.
//!
//! A [`Segmenter`] runs either the built-in Arabic or English rules (a hand-written scanner,
//! see `rules`) or rules loaded from an SRX 2.0 file (see `srx`). Segments are byte ranges
//! into the input, trimmed of surrounding whitespace; everything outside them is whitespace,
//! so splitting is lossless. A line break always ends a segment. `explain` lists every
//! candidate position with the rule that decided it, and `split_reader` (see `stream`)
//! splits any amount of input in bounded memory.

mod explain;
mod export;
pub(crate) mod lexicon;
mod rules;
mod srx;
mod stream;

use crate::text::Location;
use std::fmt;
use std::io::BufRead;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The largest SRX rule file read (16 MiB): real rule sets are well under 1 MiB.
pub const MAX_RULES_BYTES: u64 = 16 * 1024 * 1024;

pub use explain::{BuiltinRule, Decision, RuleRef, SrxRuleInfo};

/// The built-in rule sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    /// Arabic news text (the source side).
    Arabic,
    /// English (the target side).
    English,
}

impl Language {
    /// The BCP 47 code: `ar` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Arabic => "ar",
            Language::English => "en",
        }
    }

    /// The name used for the language rule in exported SRX.
    pub fn name(self) -> &'static str {
        match self {
            Language::Arabic => "Arabic",
            Language::English => "English",
        }
    }
}

impl FromStr for Language {
    type Err = Error;

    /// Parses `ar`, `ara`, `arabic`, `en`, `eng`, `english`, with any region or script
    /// subtag (`ar-SY`, `en_US`), in any case.
    fn from_str(s: &str) -> Result<Language, Error> {
        let lower = s.trim().to_ascii_lowercase();
        let primary = lower.split(['-', '_']).next().unwrap_or("");
        match primary {
            "ar" | "ara" | "arabic" => Ok(Language::Arabic),
            "en" | "eng" | "english" => Ok(Language::English),
            _ => Err(Error::UnknownLanguage(s.to_string())),
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Errors from loading rules or reading input.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The language code names no built-in rule set.
    #[error("unknown language `{0}`: the built-in rules cover `ar` (Arabic) and `en` (English)")]
    UnknownLanguage(String),
    /// The SRX file is not well-formed or not SRX 2.0.
    #[error("{at}: {message}")]
    Srx {
        /// Where: the file, line and column.
        at: Location,
        message: String,
    },
    /// A rule in the SRX file uses a regex that cannot run here.
    #[error(
        "{at}: rule {rule} in language rule `{language_rule}` cannot run (pattern `{pattern}`): {message}"
    )]
    SrxRule {
        /// Where: the file, line and column.
        at: Location,
        language_rule: String,
        rule: usize,
        pattern: String,
        message: String,
    },
    /// No language map in the SRX file matches the requested language code.
    #[error("{path}: no language map matches language code `{code}`")]
    SrxNoLanguage { path: PathBuf, code: String },
    /// The input is not valid UTF-8.
    #[error("input is not valid UTF-8 at byte {offset} (line {line})")]
    InvalidUtf8 { offset: u64, line: u64 },
    /// Reading the input or writing a segment failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

#[derive(Clone, Debug)]
enum Engine {
    Builtin(Language),
    Srx(srx::SrxRules),
}

/// A sentence segmenter: built-in rules or rules loaded from SRX.
#[derive(Clone, Debug)]
pub struct Segmenter {
    engine: Engine,
}

impl Segmenter {
    /// The built-in rules for `lang`.
    pub fn builtin(lang: Language) -> Segmenter {
        Segmenter {
            engine: Engine::Builtin(lang),
        }
    }

    /// Loads SRX 2.0 rules from `xml` (read from `path`, named in errors) for the language
    /// code `lang_code` (e.g. `ar`): the language maps whose pattern matches the code pick
    /// the language rules (all of them in order when the header cascades, else the first).
    pub fn from_srx(xml: &str, path: &Path, lang_code: &str) -> Result<Segmenter, Error> {
        let rules = srx::SrxRules::load(xml, path, lang_code)?;
        Ok(Segmenter {
            engine: Engine::Srx(rules),
        })
    }

    /// The language of the built-in rules, or `None` for SRX rules.
    pub fn language(&self) -> Option<Language> {
        match &self.engine {
            Engine::Builtin(lang) => Some(*lang),
            Engine::Srx(_) => None,
        }
    }

    /// Splits `text` into sentences: byte ranges in order, trimmed of whitespace.
    pub fn split(&self, text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut prev = 0;
        if let Engine::Builtin(lang) = &self.engine {
            rules::scan(text, *lang, 0, true, |c| {
                if c.broke {
                    push_trimmed(text, prev..c.offset, &mut out);
                    prev = c.offset;
                }
            });
            push_trimmed(text, prev..text.len(), &mut out);
            return out;
        }
        self.for_each_candidate(text, 0, true, &mut |offset, broke, _| {
            if broke {
                push_trimmed(text, prev..offset, &mut out);
                prev = offset;
            }
        });
        push_trimmed(text, prev..text.len(), &mut out);
        out
    }

    /// Every candidate position in `text`, whether it broke, and the rule that decided.
    pub fn explain(&self, text: &str) -> Vec<Decision> {
        let mut out = Vec::new();
        self.for_each_candidate(text, 0, true, &mut |offset, broke, rule| {
            out.push(Decision {
                offset,
                broke,
                rule,
            });
        });
        out
    }

    /// Splits UTF-8 text from `input`, calling `emit` with each sentence in order, in
    /// bounded memory (see the `stream` module for how over-long lines are cut).
    pub fn split_reader<R: BufRead>(
        &self,
        input: R,
        emit: impl FnMut(&str) -> std::io::Result<()>,
    ) -> Result<(), Error> {
        stream::split_reader(self, input, emit)
    }

    /// The rules as an SRX 2.0 document. Built-in rules are written as equivalent regex
    /// rules (with Java look-around, as Okapi and OmegaT run them); SRX rules are written
    /// back as loaded, for the selected language.
    pub fn to_srx(&self) -> String {
        match &self.engine {
            Engine::Builtin(lang) => export::export_builtin(*lang),
            Engine::Srx(rules) => rules.to_srx(),
        }
    }

    /// Calls `sink(offset, broke, rule)` for every candidate at or after `from`. `text`
    /// before `from` is context only; `line_start` says whether `text` starts a line.
    pub(crate) fn for_each_candidate(
        &self,
        text: &str,
        from: usize,
        line_start: bool,
        sink: &mut dyn FnMut(usize, bool, RuleRef),
    ) {
        match &self.engine {
            Engine::Builtin(lang) => rules::scan(text, *lang, from, line_start, |c| {
                sink(c.offset, c.broke, RuleRef::Builtin(c.rule));
            }),
            Engine::Srx(rules) => rules.scan(text, from, sink),
        }
    }
}

/// Pushes `range` trimmed of whitespace, unless nothing is left.
pub(crate) fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let Some(s) = text.get(range.clone()) else {
        return;
    };
    let head = s.trim_start();
    let trimmed = head.trim_end();
    if !trimmed.is_empty() {
        let start = range.start + (s.len() - head.len());
        out.push(start..start + trimmed.len());
    }
}

#[cfg(test)]
mod tests;
