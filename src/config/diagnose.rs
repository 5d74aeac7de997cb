//! Configuration errors as a person needs them: the location up front, an unknown key named
//! with the nearest known one, and a key-like setting refused with the variable to use.

use crate::text::Location;
use std::path::Path;

use super::{Backend, Error};

/// Turn a serde_yaml error into ours: location up front, unknown keys and secrets named.
pub(super) fn from_yaml_error(err: &serde_yaml::Error, path: &Path) -> Error {
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
                at: Location {
                    path: path.to_owned(),
                    line,
                    column,
                },
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
            at: Location {
                path: path.to_owned(),
                line,
                column,
            },
            section: section.map_or_else(|| "the top level".to_owned(), |s| format!("`{s}`")),
            hint: hint_for(&key, &expected),
            key,
        };
    }
    let detail = detail
        .replace("expected struct Config", "expected a mapping of settings")
        .replace("expected struct ", "expected a mapping for ");
    Error::Invalid {
        at: Location {
            path: path.to_owned(),
            line,
            column,
        },
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

/// `did you mean `x`?` when a known key is close, else the list of known keys.
fn hint_for(key: &str, expected: &[&str]) -> String {
    if expected.is_empty() {
        return "this section takes no keys".to_owned();
    }
    let norm = |s: &str| s.to_ascii_lowercase().replace('_', "-");
    let wanted = norm(key);
    let best = expected
        .iter()
        .map(|e| (edit_distance(&wanted, &norm(e)), *e))
        .min_by_key(|(d, _)| *d);
    match best {
        Some((d, e)) if d <= 2 || (d <= 3 && wanted.len() > 8) => {
            format!("did you mean `{e}`?")
        }
        _ => {
            let list: Vec<String> = expected.iter().map(|e| format!("`{e}`")).collect();
            format!("expected one of {}", list.join(", "))
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
