//! The project configuration: the schema of `workbench.yaml`, its defaults, its validation and
//! the commented template that `workbench init` writes.
//!
//! Every setting has a default, so a missing file, an empty file or a missing key all mean
//! "the default". A file is validated as it is read: a value of the wrong type or out of range,
//! an unknown key and a misspelt check name are errors naming the file, the line and the column.
//! API keys never live here: a key-like setting is an error that names the environment
//! variable to use instead. This module never prints and never reads the environment: command
//! line flags are applied over it by the commands.

mod diagnose;
mod template;
mod values;

use crate::text::Location;
use std::fmt;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use template::TEMPLATE;

/// The configuration file's name, at the project root.
pub const FILE_NAME: &str = "workbench.yaml";

/// The format version this build reads and writes.
pub const VERSION: u32 = 1;

/// Errors of loading a configuration file; each names the file, and the line and column
/// where there is one.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{at}: {message}")]
    Invalid {
        /// Where: the file, line and column.
        at: Location,
        message: String,
    },
    #[error("{at}: unknown key `{key}` in {section}")]
    UnknownKey {
        /// Where: the file, line and column.
        at: Location,
        key: String,
        /// `the top level` or `` `review.checks` ``.
        section: String,
        /// `did you mean `numbers`?` or `expected one of …` (see [`Error::hint`]).
        hint: String,
    },
    #[error(
        "{at}: `{key}` looks like a secret: keys never go in the \
         configuration file; set {variable} in the environment instead"
    )]
    Secret {
        /// Where: the file, line and column.
        at: Location,
        key: String,
        variable: String,
    },
    #[error("{path}: not valid UTF-8 (at byte {at})")]
    Encoding { path: PathBuf, at: usize },
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl Error {
    /// What to do next, shown under the error as a `hint:` line.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::UnknownKey { hint, .. } => Some(hint.clone()),
            _ => None,
        }
    }
}

/// The whole configuration of a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The file format's version (1).
    #[serde(deserialize_with = "values::version")]
    pub version: u32,
    pub languages: Languages,
    pub translate: Translate,
    pub review: Review,
    pub align: Align,
    pub analyze: Analyze,
}

/// The project's languages, as BCP 47 tags, recorded in every new document (`source_lang`,
/// `target_lang`) and choosing the sentence rules of each side. workbench translates Arabic
/// into English: a source tag for another language than Arabic, or a target tag for another
/// than English, is refused where it stands in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Languages {
    /// The language of the documents in `seeds/` (default `ar`; `ar-SY` and the like too).
    #[serde(deserialize_with = "values::source_language")]
    pub source: String,
    /// The language of the translations (default `en`; `en-GB` and the like too).
    #[serde(deserialize_with = "values::target_language")]
    pub target: String,
}

/// The machine-translation engines, as the configuration spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Stub,
    Openai,
    Deepl,
    Libretranslate,
    Google,
}

impl Backend {
    pub const ALL: [Backend; 5] = [
        Backend::Stub,
        Backend::Openai,
        Backend::Deepl,
        Backend::Libretranslate,
        Backend::Google,
    ];

    /// The name used in the file and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Stub => "stub",
            Backend::Openai => "openai",
            Backend::Deepl => "deepl",
            Backend::Libretranslate => "libretranslate",
            Backend::Google => "google",
        }
    }

    /// The environment variable that holds this engine's key, if it takes one.
    pub fn key_variable(self) -> Option<&'static str> {
        match self {
            Backend::Stub => None,
            Backend::Openai => Some("OPENAI_API_KEY"),
            Backend::Deepl => Some("DEEPL_AUTH_KEY"),
            Backend::Libretranslate => Some("LIBRETRANSLATE_API_KEY"),
            Backend::Google => Some("GOOGLE_API_KEY"),
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Settings of `workbench translate`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Translate {
    /// The engine used when `--backend` is not given (default `stub`).
    pub backend: Backend,
    pub openai: BackendSettings,
    pub deepl: BackendSettings,
    pub libretranslate: BackendSettings,
    pub google: BackendSettings,
    pub memory: MemorySettings,
}

/// How `workbench translate` uses the translation memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MemorySettings {
    /// Fuzzy matches scoring at least this (50 to 99, default 75) go to the engines that take
    /// examples (openai) with the sentence.
    #[serde(deserialize_with = "values::fuzzy_score")]
    pub min_fuzzy: u8,
    /// At most this many fuzzy matches per sentence (0 to 10, default 3; 0 sends none).
    #[serde(deserialize_with = "values::examples")]
    pub examples: usize,
}

impl Default for MemorySettings {
    fn default() -> MemorySettings {
        MemorySettings {
            min_fuzzy: 75,
            examples: 3,
        }
    }
}

/// Settings of `workbench analyze`: the weight of each match band in the weighted word
/// count (each from 0 to 1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Analyze {
    pub weights: Weights,
}

/// The weight of a word in each band of an analysis.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Weights {
    #[serde(deserialize_with = "values::fraction")]
    pub repetitions: f64,
    #[serde(rename = "100", alias = "exact", deserialize_with = "values::fraction")]
    pub exact: f64,
    #[serde(rename = "95-99", deserialize_with = "values::fraction")]
    pub fuzzy_95: f64,
    #[serde(rename = "85-94", deserialize_with = "values::fraction")]
    pub fuzzy_85: f64,
    #[serde(rename = "75-84", deserialize_with = "values::fraction")]
    pub fuzzy_75: f64,
    #[serde(rename = "50-74", deserialize_with = "values::fraction")]
    pub fuzzy_50: f64,
    #[serde(deserialize_with = "values::fraction")]
    pub new: f64,
}

impl Default for Weights {
    fn default() -> Weights {
        Weights {
            repetitions: 0.25,
            exact: 0.25,
            fuzzy_95: 0.5,
            fuzzy_85: 0.6,
            fuzzy_75: 0.7,
            fuzzy_50: 1.0,
            new: 1.0,
        }
    }
}

/// One engine's settings. `None` means the engine's own default (or its environment
/// variable, where it has one); a command-line flag overrides what is set here.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BackendSettings {
    /// The model, for engines that have several (`--model`).
    #[serde(deserialize_with = "values::non_empty")]
    pub model: Option<String>,
    /// The engine's address, `http://` or `https://` (`--base-url`).
    #[serde(deserialize_with = "values::url")]
    pub base_url: Option<String>,
    /// Segments per request, capped by the engine's limits (`--batch-size`).
    pub batch_size: Option<NonZeroUsize>,
    /// Requests in flight at once (`--jobs`).
    pub jobs: Option<NonZeroUsize>,
    /// At most this many requests per second (`--rate`).
    #[serde(deserialize_with = "values::rate")]
    pub rate: Option<f64>,
    /// What the engine costs, to turn usage and estimates into money.
    pub price: Option<Price>,
}

/// An engine's prices, in the user's currency (never converted), per million units billed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Price {
    /// Per million characters of source text (DeepL, Google, LibreTranslate).
    #[serde(deserialize_with = "values::price")]
    pub characters: Option<f64>,
    /// Per million prompt tokens (OpenAI-compatible).
    #[serde(deserialize_with = "values::price")]
    pub input_tokens: Option<f64>,
    /// Per million completion tokens (OpenAI-compatible).
    #[serde(deserialize_with = "values::price")]
    pub output_tokens: Option<f64>,
    /// The currency's name or sign, only shown after amounts (`USD`, `EUR`).
    #[serde(deserialize_with = "values::non_empty")]
    pub currency: Option<String>,
}

impl BackendSettings {
    /// These settings with every value that `flags` sets taken from `flags`: the command
    /// line wins over the file.
    pub fn overridden_by(&self, flags: &BackendSettings) -> BackendSettings {
        BackendSettings {
            model: flags.model.clone().or_else(|| self.model.clone()),
            base_url: flags.base_url.clone().or_else(|| self.base_url.clone()),
            batch_size: flags.batch_size.or(self.batch_size),
            jobs: flags.jobs.or(self.jobs),
            rate: flags.rate.or(self.rate),
            price: flags.price.clone().or_else(|| self.price.clone()),
        }
    }
}

/// The settings of an engine without any: the stub.
const NO_SETTINGS: BackendSettings = BackendSettings {
    model: None,
    base_url: None,
    batch_size: None,
    jobs: None,
    rate: None,
    price: None,
};

/// Settings of `workbench review`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Review {
    pub checks: Checks,
    /// The `length-ratio` check flags a pair whose target/source length ratio lies more than
    /// this many robust deviations (median absolute deviation) from the document's median
    /// ratio. Above 1 (default 3.5).
    #[serde(deserialize_with = "values::ratio")]
    pub length_ratio: f64,
    /// The `low-confidence` check flags aligned pairs scored below this, 0 to 1 (default 0.5).
    #[serde(deserialize_with = "values::fraction")]
    pub min_confidence: f64,
}

/// One switch per quality check, named as the check's findings are (all on by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Checks {
    pub untranslated: bool,
    pub same_as_source: bool,
    pub numbers: bool,
    pub glossary: bool,
    pub name_spelling: bool,
    pub inconsistent: bool,
    pub length_ratio: bool,
    pub unbalanced: bool,
    pub invisible: bool,
    pub kashida: bool,
    pub whitespace: bool,
    pub low_confidence: bool,
    pub stale: bool,
    pub tags: bool,
    pub arabic_script: bool,
}

impl Checks {
    /// The check names, as written in the file and in findings.
    pub const NAMES: [&'static str; 15] = [
        "untranslated",
        "same-as-source",
        "numbers",
        "glossary",
        "name-spelling",
        "inconsistent",
        "length-ratio",
        "unbalanced",
        "invisible",
        "kashida",
        "whitespace",
        "low-confidence",
        "stale",
        "tags",
        "arabic-script",
    ];

    /// Whether the check named `kind` is on; `None` for a name that is not a check.
    pub fn get(&self, kind: &str) -> Option<bool> {
        Some(match kind {
            "untranslated" => self.untranslated,
            "same-as-source" => self.same_as_source,
            "numbers" => self.numbers,
            "glossary" => self.glossary,
            "name-spelling" => self.name_spelling,
            "inconsistent" => self.inconsistent,
            "length-ratio" => self.length_ratio,
            "unbalanced" => self.unbalanced,
            "invisible" => self.invisible,
            "kashida" => self.kashida,
            "whitespace" => self.whitespace,
            "low-confidence" => self.low_confidence,
            "stale" => self.stale,
            "tags" => self.tags,
            "arabic-script" => self.arabic_script,
            _ => return None,
        })
    }

    /// Whether findings of `kind` should be reported: a kind that has no switch always is.
    pub fn enabled(&self, kind: &str) -> bool {
        self.get(kind).unwrap_or(true)
    }
}

/// Settings of `workbench align`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Align {
    /// Pairs with a confidence below this are flagged for review, 0 to 1 (default 0.5).
    #[serde(deserialize_with = "values::fraction")]
    pub threshold: f64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            version: VERSION,
            languages: Languages::default(),
            translate: Translate::default(),
            review: Review::default(),
            align: Align::default(),
            analyze: Analyze::default(),
        }
    }
}

impl Default for Languages {
    fn default() -> Languages {
        Languages {
            source: "ar".into(),
            target: "en".into(),
        }
    }
}

impl Default for Translate {
    fn default() -> Translate {
        Translate {
            backend: Backend::Stub,
            openai: BackendSettings::default(),
            deepl: BackendSettings::default(),
            libretranslate: BackendSettings::default(),
            google: BackendSettings::default(),
            memory: MemorySettings::default(),
        }
    }
}

impl Translate {
    /// The settings of one engine (the stub has none).
    pub fn settings(&self, backend: Backend) -> &BackendSettings {
        match backend {
            Backend::Stub => &NO_SETTINGS,
            Backend::Openai => &self.openai,
            Backend::Deepl => &self.deepl,
            Backend::Libretranslate => &self.libretranslate,
            Backend::Google => &self.google,
        }
    }
}

impl Default for Review {
    fn default() -> Review {
        Review {
            checks: Checks::default(),
            length_ratio: 3.5,
            min_confidence: 0.5,
        }
    }
}

impl Default for Checks {
    fn default() -> Checks {
        Checks {
            untranslated: true,
            same_as_source: true,
            numbers: true,
            glossary: true,
            name_spelling: true,
            inconsistent: true,
            length_ratio: true,
            unbalanced: true,
            invisible: true,
            kashida: true,
            whitespace: true,
            low_confidence: true,
            stale: true,
            tags: true,
            arabic_script: true,
        }
    }
}

impl Default for Align {
    fn default() -> Align {
        Align { threshold: 0.5 }
    }
}

/// The largest `workbench.yaml` read (1 MiB): a configuration is a few hundred bytes.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

impl Config {
    /// Read and validate a configuration file.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let bytes = fs_err::read(path).map_err(|e| crate::fs::read_error(path, &e))?;
        let text = String::from_utf8(bytes).map_err(|e| Error::Encoding {
            path: path.to_owned(),
            at: e.utf8_error().valid_up_to(),
        })?;
        Config::parse(&text, path)
    }

    /// Parse and validate configuration text; `path` is only used in errors. An empty file,
    /// or one holding only comments, is the default configuration.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Error> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let only_comments = text.lines().all(|l| {
            let l = l.trim();
            l.is_empty() || l.starts_with('#') || l == "---" || l == "~" || l == "null"
        });
        if only_comments {
            return Ok(Config::default());
        }
        serde_yaml::from_str(text).map_err(|e| diagnose::from_yaml_error(&e, path))
    }
}

#[cfg(test)]
mod tests;
