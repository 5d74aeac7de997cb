//! The project configuration: the schema of `workbench.yaml`, its defaults, its validation and
//! the commented template that `workbench init` writes.
//!
//! Every setting has a default, so a missing file, an empty file or a missing key all mean
//! "the default". A file is validated as it is read: a value of the wrong type or out of range,
//! an unknown key and a misspelt check name are errors naming the file, the line and the column.
//! API keys never live here: a key-like setting is an error that names the environment
//! variable to use instead. This module never prints and never reads the environment: command
//! line flags are applied over it by the commands.

use std::fmt;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

/// The configuration file's name, at the project root.
pub const FILE_NAME: &str = "workbench.yaml";

/// The format version this build reads and writes.
pub const VERSION: u32 = 1;

/// Errors of loading a configuration file; each names the file, and the line and column
/// where there is one.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}:{line}:{column}: unknown key `{key}` in {section}{hint}")]
    UnknownKey {
        path: PathBuf,
        line: usize,
        column: usize,
        key: String,
        /// `the top level` or `` `review.checks` ``.
        section: String,
        /// ` (did you mean `numbers`?)` or ` (expected one of …)`.
        hint: String,
    },
    #[error(
        "{path}:{line}:{column}: `{key}` looks like a secret: keys never go in the \
         configuration file; set {variable} in the environment instead"
    )]
    Secret {
        path: PathBuf,
        line: usize,
        column: usize,
        key: String,
        variable: String,
    },
    #[error("{path}: not valid UTF-8 (at byte {at})")]
    Encoding { path: PathBuf, at: usize },
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// The whole configuration of a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The file format's version (1).
    #[serde(deserialize_with = "version")]
    pub version: u32,
    pub languages: Languages,
    pub translate: Translate,
    pub review: Review,
    pub align: Align,
}

/// The project's languages, as BCP 47 tags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Languages {
    /// The language of the documents in `seeds/` (default `ar`).
    #[serde(deserialize_with = "language_tag")]
    pub source: String,
    /// The language of the translations (default `en`).
    #[serde(deserialize_with = "language_tag")]
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
}

/// One engine's settings. `None` means the engine's own default (or its environment
/// variable, where it has one); a command-line flag overrides what is set here.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BackendSettings {
    /// The model, for engines that have several (`--model`).
    #[serde(deserialize_with = "non_empty")]
    pub model: Option<String>,
    /// The engine's address, `http://` or `https://` (`--base-url`).
    #[serde(deserialize_with = "url")]
    pub base_url: Option<String>,
    /// Segments per request, capped by the engine's limits (`--batch-size`).
    pub batch_size: Option<NonZeroUsize>,
    /// Requests in flight at once (`--jobs`).
    pub jobs: Option<NonZeroUsize>,
    /// At most this many requests per second (`--rate`).
    #[serde(deserialize_with = "rate")]
    pub rate: Option<f64>,
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
};

/// Settings of `workbench review`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Review {
    pub checks: Checks,
    /// The `length-ratio` check flags a pair whose target/source length ratio is more than this
    /// many times above or below the document's usual (median) ratio. Above 1 (default 2).
    #[serde(deserialize_with = "ratio")]
    pub length_ratio: f64,
    /// The `low-confidence` check flags aligned pairs scored below this, 0 to 1 (default 0.5).
    #[serde(deserialize_with = "fraction")]
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
    pub inconsistent_names: bool,
    pub inconsistent_translations: bool,
    pub length_ratio: bool,
    pub brackets: bool,
    pub bidi_controls: bool,
    pub whitespace: bool,
    pub low_confidence: bool,
    pub stale: bool,
}

impl Checks {
    /// The check names, as written in the file and in findings.
    pub const NAMES: [&'static str; 12] = [
        "untranslated",
        "same-as-source",
        "numbers",
        "glossary",
        "inconsistent-names",
        "inconsistent-translations",
        "length-ratio",
        "brackets",
        "bidi-controls",
        "whitespace",
        "low-confidence",
        "stale",
    ];

    /// Whether the check named `kind` is on; `None` for a name that is not a check.
    pub fn get(&self, kind: &str) -> Option<bool> {
        Some(match kind {
            "untranslated" => self.untranslated,
            "same-as-source" => self.same_as_source,
            "numbers" => self.numbers,
            "glossary" => self.glossary,
            "inconsistent-names" => self.inconsistent_names,
            "inconsistent-translations" => self.inconsistent_translations,
            "length-ratio" => self.length_ratio,
            "brackets" => self.brackets,
            "bidi-controls" => self.bidi_controls,
            "whitespace" => self.whitespace,
            "low-confidence" => self.low_confidence,
            "stale" => self.stale,
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
    #[serde(deserialize_with = "fraction")]
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
            length_ratio: 2.0,
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
            inconsistent_names: true,
            inconsistent_translations: true,
            length_ratio: true,
            brackets: true,
            bidi_controls: true,
            whitespace: true,
            low_confidence: true,
            stale: true,
        }
    }
}

impl Default for Align {
    fn default() -> Align {
        Align { threshold: 0.5 }
    }
}

impl Config {
    /// Read and validate a configuration file.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let bytes = fs_err::read(path)?;
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
        serde_yaml::from_str(text).map_err(|e| from_yaml_error(&e, path))
    }
}

/// Turn a serde_yaml error into ours: location up front, unknown keys and secrets named.
fn from_yaml_error(err: &serde_yaml::Error, path: &Path) -> Error {
    let (line, column) = err.location().map_or((1, 1), |l| (l.line(), l.column()));
    let full = err.to_string();
    let message = match full.rfind(" at line ") {
        Some(i) => full.get(..i).unwrap_or(&full),
        None => &full,
    };
    // serde_yaml names where it was: `review.checks: unknown field …`.
    let (section, detail) = match message.split_once(": ") {
        Some((s, d)) if !s.contains(' ') => (Some(s), d),
        _ => (None, message),
    };
    if let Some(rest) = detail.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default().to_owned();
        if looks_like_secret(&key) {
            return Error::Secret {
                path: path.to_owned(),
                line,
                column,
                variable: key_variable_for(section),
                key,
            };
        }
        let expected: Vec<&str> = rest
            .split('`')
            .skip(1)
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, name)| name)
            .collect();
        return Error::UnknownKey {
            path: path.to_owned(),
            line,
            column,
            section: section.map_or_else(|| "the top level".to_owned(), |s| format!("`{s}`")),
            hint: hint_for(&key, &expected),
            key,
        };
    }
    let detail = detail
        .replace("expected struct Config", "expected a mapping of settings")
        .replace("expected struct ", "expected a mapping for ");
    Error::Invalid {
        path: path.to_owned(),
        line,
        column,
        message: match section {
            Some(s) => format!("`{s}`: {detail}"),
            None => detail,
        },
    }
}

/// `key` names a credential: `api_key`, `token`, `auth-key`, `password`…
fn looks_like_secret(key: &str) -> bool {
    let k = key.to_ascii_lowercase().replace('-', "_");
    k == "key"
        || k == "apikey"
        || k.ends_with("_key")
        || k.ends_with("key_file")
        || [
            "token",
            "secret",
            "password",
            "passwd",
            "auth",
            "credential",
            "bearer",
        ]
        .iter()
        .any(|w| k.contains(w))
}

/// The environment variable to name for a secret found in `section` (`translate.deepl`).
fn key_variable_for(section: Option<&str>) -> String {
    let backend = section
        .and_then(|s| s.rsplit('.').next())
        .and_then(|name| Backend::ALL.into_iter().find(|b| b.as_str() == name))
        .and_then(Backend::key_variable);
    match backend {
        Some(variable) => variable.to_owned(),
        None => "the engine's variable (OPENAI_API_KEY, DEEPL_AUTH_KEY, LIBRETRANSLATE_API_KEY \
                 or GOOGLE_API_KEY)"
            .to_owned(),
    }
}

/// ` (did you mean `x`?)` when a known key is close, else the list of known keys.
fn hint_for(key: &str, expected: &[&str]) -> String {
    if expected.is_empty() {
        return " (this section takes no keys)".to_owned();
    }
    let norm = |s: &str| s.to_ascii_lowercase().replace('_', "-");
    let wanted = norm(key);
    let best = expected
        .iter()
        .map(|e| (edit_distance(&wanted, &norm(e)), *e))
        .min_by_key(|(d, _)| *d);
    match best {
        Some((d, e)) if d <= 2 || (d <= 3 && wanted.len() > 8) => {
            format!(" (did you mean `{e}`?)")
        }
        _ => {
            let list: Vec<String> = expected.iter().map(|e| format!("`{e}`")).collect();
            format!(" (expected one of {})", list.join(", "))
        }
    }
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = Vec::with_capacity(b.len() + 1);
        cur.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev[j] + usize::from(ca != *cb);
            cur.push(substitute.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A number checked while it is read, so that an error carries the value's position.
struct NumberVisitor {
    expecting: &'static str,
    ok: fn(f64) -> bool,
}

impl<'de> Visitor<'de> for NumberVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        if v.is_finite() && (self.ok)(v) {
            Ok(v)
        } else {
            Err(E::custom(format!(
                "{v} is out of range: expected {}",
                self.expecting
            )))
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        self.visit_f64(v as f64)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        self.visit_f64(v as f64)
    }
}

fn fraction<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    d.deserialize_any(NumberVisitor {
        expecting: "a number from 0 to 1",
        ok: |v| (0.0..=1.0).contains(&v),
    })
}

fn ratio<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    d.deserialize_any(NumberVisitor {
        expecting: "a number above 1",
        ok: |v| v > 1.0,
    })
}

fn version<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let v = d.deserialize_any(NumberVisitor {
        expecting: "version 1 (the only one this build reads)",
        ok: |v| v == f64::from(VERSION),
    })?;
    Ok(v as u32)
}

/// A value that may be `~` (none).
struct OptionalVisitor<V> {
    inner: V,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for OptionalVisitor<V> {
    type Value = Option<V::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)?;
        f.write_str(", or ~")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.inner.visit_f64(v).map(Some)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.inner.visit_u64(v).map(Some)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.inner.visit_i64(v).map(Some)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.inner.visit_str(v).map(Some)
    }
}

fn rate<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    d.deserialize_any(OptionalVisitor {
        inner: NumberVisitor {
            expecting: "a number of requests per second above 0",
            ok: |v| v > 0.0,
        },
    })
}

/// A string checked while it is read.
struct TextVisitor {
    expecting: &'static str,
    ok: fn(&str) -> bool,
}

impl<'de> Visitor<'de> for TextVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        if (self.ok)(v) {
            Ok(v.to_owned())
        } else {
            Err(E::custom(format!("`{v}` is not {}", self.expecting)))
        }
    }
}

fn non_empty<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(OptionalVisitor {
        inner: TextVisitor {
            expecting: "a name",
            ok: |v| !v.trim().is_empty(),
        },
    })
}

fn url<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(OptionalVisitor {
        inner: TextVisitor {
            expecting: "an address starting with http:// or https://",
            ok: |v| {
                let rest = v
                    .strip_prefix("https://")
                    .or_else(|| v.strip_prefix("http://"));
                rest.is_some_and(|r| !r.is_empty() && !r.contains(char::is_whitespace))
            },
        },
    })
}

fn language_tag<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(TextVisitor {
        expecting: "a language tag such as `ar`, `en` or `en-GB`",
        ok: is_language_tag,
    })
}

/// A BCP 47 tag in its common shape: a 2–3 letter language, then 1–8 character subtags.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang_ok = parts
        .next()
        .is_some_and(|l| (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_alphabetic()));
    lang_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The configuration file `workbench init` writes: every setting, commented, at its default.
pub const TEMPLATE: &str = r#"# workbench project configuration.
#
# Every setting is shown at its default: change what you need, or delete a line to keep the
# default. A flag on the command line overrides the setting here. Unknown keys are an error.
# API keys never go in this file: they are read from the environment only (OPENAI_API_KEY,
# DEEPL_AUTH_KEY, LIBRETRANSLATE_API_KEY, GOOGLE_API_KEY).

# The version of this file's format.
version: 1

# The project's languages, as BCP 47 tags.
languages:
  # The language of the documents in seeds/.
  source: ar
  # The language of the translations.
  target: en

translate:
  # The engine `workbench translate` uses when no --backend is given: stub (offline and
  # deterministic, for trying things out), openai, deepl, libretranslate or google.
  backend: stub
  # Settings per engine; ~ means the engine's own default, or its environment variable where
  # it has one (OPENAI_BASE_URL, DEEPL_API_URL, LIBRETRANSLATE_URL, GOOGLE_TRANSLATE_URL).
  #   model:       the model, for engines that have several            (--model)
  #   base_url:    the engine's address, http:// or https://           (--base-url)
  #   batch_size:  segments per request, capped by the engine's limits (--batch-size)
  #   jobs:        requests in flight at once                          (--jobs)
  #   rate:        at most this many requests per second               (--rate)
  openai:
    model: ~
    base_url: ~
    batch_size: ~
    jobs: ~
    rate: ~
  deepl:
    model: ~
    base_url: ~
    batch_size: ~
    jobs: ~
    rate: ~
  libretranslate:
    model: ~
    base_url: ~
    batch_size: ~
    jobs: ~
    rate: ~
  google:
    model: ~
    base_url: ~
    batch_size: ~
    jobs: ~
    rate: ~

review:
  # The quality checks of `workbench review`; set one to false to turn it off.
  checks:
    # The target is empty.
    untranslated: true
    # The target is a copy of the source.
    same-as-source: true
    # A number differs between source and target (Arabic-Indic and Latin digits compared).
    numbers: true
    # A glossary name is missing from the target, or a forbidden rendering is used.
    glossary: true
    # One name is rendered in different ways across the document.
    inconsistent-names: true
    # The same source sentence is translated differently in two places.
    inconsistent-translations: true
    # The target is far longer or shorter than is usual in the document (see length_ratio).
    length-ratio: true
    # Quotes or brackets do not balance.
    brackets: true
    # Invisible bidi control characters or kashida in the text.
    bidi-controls: true
    # Double spaces, or stray whitespace at either end.
    whitespace: true
    # The aligner was unsure of the pair (see min_confidence).
    low-confidence: true
    # The source changed under a target a person had made.
    stale: true
  # A pair whose target/source length ratio is more than this many times above or below the
  # document's usual (median) ratio is flagged. Above 1.
  length_ratio: 2.0
  # Aligned pairs scored below this are flagged as low confidence. From 0 to 1.
  min_confidence: 0.5

align:
  # `workbench align` flags pairs whose confidence is below this (--threshold). From 0 to 1.
  threshold: 0.5
"#;

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn parse(text: &str) -> Result<Config, Error> {
        Config::parse(text, Path::new("workbench.yaml"))
    }

    fn err(text: &str) -> String {
        parse(text).expect_err("should fail").to_string()
    }

    /// Every key path of a YAML mapping, `a.b.c` style.
    fn key_paths(value: &serde_yaml::Value, prefix: &str, out: &mut BTreeSet<String>) {
        if let serde_yaml::Value::Mapping(map) = value {
            for (k, v) in map {
                let name = format!("{prefix}{}", k.as_str().unwrap_or("?"));
                key_paths(v, &format!("{name}."), out);
                out.insert(name);
            }
        }
    }

    #[test]
    fn template_is_the_default() {
        assert_eq!(parse(TEMPLATE).unwrap(), Config::default());
    }

    #[test]
    fn template_holds_every_setting() {
        let mut in_template = BTreeSet::new();
        key_paths(
            &serde_yaml::from_str(TEMPLATE).unwrap(),
            "",
            &mut in_template,
        );
        let mut in_schema = BTreeSet::new();
        key_paths(
            &serde_yaml::to_value(Config::default()).unwrap(),
            "",
            &mut in_schema,
        );
        assert_eq!(in_template, in_schema);
        for name in Checks::NAMES {
            assert!(
                in_template.contains(&format!("review.checks.{name}")),
                "{name}"
            );
        }
    }

    #[test]
    fn empty_and_comment_only_files_are_the_default() {
        for text in ["", "\n", "# nothing\n", "---\n", "~\n", "\u{feff}# bom\n"] {
            assert_eq!(parse(text).unwrap(), Config::default(), "{text:?}");
        }
    }

    #[test]
    fn missing_keys_take_their_default() {
        let c = parse("review:\n  checks:\n    numbers: false\n").unwrap();
        assert!(!c.review.checks.numbers);
        assert!(c.review.checks.glossary);
        assert_eq!(c.review.min_confidence, 0.5);
        assert_eq!(c.languages.source, "ar");
    }

    #[test]
    fn settings_are_read() {
        let c = parse(
            "languages:\n  target: en-GB\ntranslate:\n  backend: openai\n  openai:\n    \
             model: gpt-4o-mini\n    base_url: http://127.0.0.1:8080/v1\n    batch_size: 20\n    \
             jobs: 8\n    rate: 2.5\nalign:\n  threshold: 0.3\n",
        )
        .unwrap();
        assert_eq!(c.languages.target, "en-GB");
        assert_eq!(c.translate.backend, Backend::Openai);
        let s = c.translate.settings(Backend::Openai);
        assert_eq!(s.model.as_deref(), Some("gpt-4o-mini"));
        assert_eq!(s.base_url.as_deref(), Some("http://127.0.0.1:8080/v1"));
        assert_eq!(s.batch_size.map(NonZeroUsize::get), Some(20));
        assert_eq!(s.jobs.map(NonZeroUsize::get), Some(8));
        assert_eq!(s.rate, Some(2.5));
        assert_eq!(
            c.translate.settings(Backend::Stub),
            &BackendSettings::default()
        );
        assert_eq!(c.align.threshold, 0.3);
    }

    #[test]
    fn misspelt_key_names_file_line_and_key() {
        assert_eq!(
            err("review:\n  checks:\n    numbrs: false\n"),
            "workbench.yaml:3:5: unknown key `numbrs` in `review.checks` (did you mean `numbers`?)"
        );
        assert_eq!(
            err("version: 1\nreveiw: {}\n"),
            "workbench.yaml:2:1: unknown key `reveiw` in the top level (did you mean `review`?)"
        );
        assert_eq!(
            err("review:\n  checks:\n    same_as_source: false\n"),
            "workbench.yaml:3:5: unknown key `same_as_source` in `review.checks` \
             (did you mean `same-as-source`?)"
        );
        let far = err("translate:\n  openai:\n    colour: red\n");
        assert!(far.starts_with("workbench.yaml:3:5: unknown key `colour` in `translate.openai` (expected one of `model`, `base_url`"), "{far}");
    }

    #[test]
    fn keys_are_refused_with_the_variable_to_use() {
        assert_eq!(
            err("translate:\n  deepl:\n    auth_key: abc\n"),
            "workbench.yaml:3:5: `auth_key` looks like a secret: keys never go in the \
             configuration file; set DEEPL_AUTH_KEY in the environment instead"
        );
        assert_eq!(
            err("translate:\n  openai:\n    api_key: sk-123\n"),
            "workbench.yaml:3:5: `api_key` looks like a secret: keys never go in the \
             configuration file; set OPENAI_API_KEY in the environment instead"
        );
        let top = err("token: abc\n");
        assert!(top.contains("`token` looks like a secret"), "{top}");
        assert!(top.contains("OPENAI_API_KEY, DEEPL_AUTH_KEY"), "{top}");
    }

    #[test]
    fn values_are_checked_where_they_stand() {
        assert_eq!(
            err("review:\n  min_confidence: 3\n"),
            "workbench.yaml:2:19: `review.min_confidence`: 3 is out of range: expected a number from 0 to 1"
        );
        assert_eq!(
            err("review:\n  length_ratio: 0.5\n"),
            "workbench.yaml:2:17: `review.length_ratio`: 0.5 is out of range: expected a number above 1"
        );
        assert!(err("translate:\n  google:\n    jobs: 0\n").starts_with("workbench.yaml:3:11: "));
        assert!(err("translate:\n  google:\n    rate: -1\n").contains("above 0"));
        assert!(err("translate:\n  backend: babel\n").contains("unknown variant `babel`"));
        assert!(
            err("translate:\n  openai:\n    base_url: ftp://x\n").contains("http:// or https://")
        );
        assert!(err("languages:\n  source: Arabic!\n").contains("language tag"));
        assert!(err("version: 2\n").starts_with("workbench.yaml:1:10: "));
        assert!(err("review:\n  checks:\n    numbers: yes\n").contains("expected a boolean"));
        assert!(
            err("- 1\n").contains("expected a mapping of settings"),
            "{}",
            err("- 1\n")
        );
        assert!(err("review: [\n").starts_with("workbench.yaml:"));
    }

    #[test]
    fn flags_override_the_file() {
        let file = BackendSettings {
            model: Some("from-file".into()),
            jobs: NonZeroUsize::new(2),
            rate: Some(1.0),
            ..BackendSettings::default()
        };
        let flags = BackendSettings {
            model: Some("from-flag".into()),
            batch_size: NonZeroUsize::new(5),
            ..BackendSettings::default()
        };
        let merged = file.overridden_by(&flags);
        assert_eq!(merged.model.as_deref(), Some("from-flag"));
        assert_eq!(merged.batch_size, NonZeroUsize::new(5));
        assert_eq!(merged.jobs, NonZeroUsize::new(2));
        assert_eq!(merged.rate, Some(1.0));
        assert_eq!(merged.base_url, None);
    }

    #[test]
    fn checks_by_name() {
        let c = Checks {
            bidi_controls: false,
            ..Checks::default()
        };
        assert_eq!(c.get("bidi-controls"), Some(false));
        assert_eq!(c.get("numbers"), Some(true));
        assert_eq!(c.get("nope"), None);
        assert!(c.enabled("nope"));
        for name in Checks::NAMES {
            assert!(c.get(name).is_some(), "{name}");
        }
    }

    #[test]
    fn loading_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let missing = Config::load(&path).unwrap_err().to_string();
        assert!(missing.contains(FILE_NAME), "{missing}");
        fs_err::write(&path, b"review:\n  checks:\n    nums: true\n\xff").unwrap();
        assert!(
            Config::load(&path)
                .unwrap_err()
                .to_string()
                .contains("not valid UTF-8")
        );
        fs_err::write(&path, TEMPLATE).unwrap();
        assert_eq!(Config::load(&path).unwrap(), Config::default());
    }
}
