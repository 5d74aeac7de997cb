//! The remote backends' configurations: the address from `--base-url`, the backend's
//! variable or the configuration, and the key from the environment (or a file it names).
//! Keys are never shown: errors name the variable, not its value.

use std::path::Path;

use anyhow::Context as _;

use crate::commands::document::read_at_most;
use crate::glossary::Glossary;
use crate::translate::http::{Endpoint, HttpSettings, MAX_KEY_FILE_BYTES, Secret};
use crate::translate::{Variant, deepl, google, libre, openai};

/// How an address that nobody gave is described in errors.
const DEFAULT_ORIGIN: &str = "the default address";

/// Settings shared by the remote backends' configs.
pub(super) struct RemoteSettings {
    pub(super) base_url: Option<String>,
    pub(super) model: Option<String>,
    pub(super) batch_size: Option<usize>,
    pub(super) variant: Variant,
    pub(super) http: HttpSettings,
}

pub(super) fn openai_config(k: &RemoteSettings) -> anyhow::Result<openai::Config> {
    // Several servers of one model scale a run out: a comma-separated list, used in turn.
    let mut bases = Vec::new();
    match address_given(k.base_url.as_deref(), "OPENAI_BASE_URL") {
        Some((raw, origin)) => {
            for one in raw.split(',').map(str::trim).filter(|u| !u.is_empty()) {
                bases.push(Endpoint::parse("openai", one, &origin)?);
            }
        }
        None => bases.push(Endpoint::parse(
            "openai",
            openai::DEFAULT_BASE_URL,
            DEFAULT_ORIGIN,
        )?),
    }
    if bases.is_empty() {
        anyhow::bail!("OPENAI_BASE_URL: no address given");
    }
    let base = bases.remove(0);
    let (key, key_var) = optional_key("OPENAI_API_KEY")?;
    let local = base.url().scheme() == "http" && bases.iter().all(|b| b.url().scheme() == "http");
    if key.is_none() && !local {
        return Err(missing_key("openai", "OPENAI_API_KEY"));
    }
    Ok(openai::Config {
        endpoint: base,
        more_endpoints: bases,
        key,
        key_var,
        model: k
            .model
            .clone()
            .unwrap_or_else(|| openai::DEFAULT_MODEL.to_owned()),
        variant: k.variant,
        batch_size: k.batch_size.unwrap_or(openai::DEFAULT_BATCH),
        http: k.http,
    })
}

pub(super) fn deepl_config(
    k: &RemoteSettings,
    glossary: &Glossary,
) -> anyhow::Result<deepl::Config> {
    let (key, key_var) = key_from_env(&["DEEPL_AUTH_KEY", "DEEPL_API_KEY"])?
        .ok_or_else(|| missing_key("deepl", "DEEPL_AUTH_KEY"))?;
    let base = endpoint(
        "deepl",
        k.base_url.as_deref(),
        "DEEPL_API_URL",
        Some(deepl::default_url(&key)),
    )?;
    let pairs = glossary
        .terms()
        .iter()
        .flat_map(|t| t.arabic.iter().map(|a| (a.clone(), t.english.clone())))
        .collect();
    Ok(deepl::Config {
        endpoint: base,
        key,
        key_var,
        variant: k.variant,
        batch_size: k.batch_size.unwrap_or(deepl::MAX_BATCH),
        http: k.http,
        glossary: pairs,
    })
}

pub(super) fn libre_config(k: &RemoteSettings) -> anyhow::Result<libre::Config> {
    let base = endpoint(
        "libretranslate",
        k.base_url.as_deref(),
        "LIBRETRANSLATE_URL",
        None,
    )?;
    let (key, key_var) = optional_key("LIBRETRANSLATE_API_KEY")?;
    Ok(libre::Config {
        endpoint: base,
        key,
        key_var,
        batch_size: k.batch_size.unwrap_or(libre::DEFAULT_BATCH),
        http: k.http,
    })
}

pub(super) fn google_config(k: &RemoteSettings) -> anyhow::Result<google::Config> {
    let base = endpoint(
        "google",
        k.base_url.as_deref(),
        "GOOGLE_TRANSLATE_URL",
        Some(google::DEFAULT_URL),
    )?;
    let (key, key_var) = key_from_env(&["GOOGLE_API_KEY"])?
        .ok_or_else(|| missing_key("google", "GOOGLE_API_KEY"))?;
    Ok(google::Config {
        endpoint: base,
        key,
        key_var,
        batch_size: k.batch_size.unwrap_or(google::MAX_BATCH),
        http: k.http,
    })
}

/// A non-empty environment variable.
fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The key from the first of `names` that is set, or from `NAME_FILE` (a file holding it).
/// Returns the key and the variable it came from.
fn key_from_env(names: &[&str]) -> anyhow::Result<Option<(Secret, String)>> {
    for name in names {
        let file_var = format!("{name}_FILE");
        if let Some(path) = env_var(&file_var) {
            let bytes = read_at_most(Path::new(&path), Path::new(&path), MAX_KEY_FILE_BYTES)
                .with_context(|| format!("cannot read the key file named by {file_var}"))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| anyhow::anyhow!("{file_var}: the file `{path}` is not UTF-8 text"))?;
            let key = text.trim();
            if key.is_empty() {
                anyhow::bail!("{file_var}: the file `{path}` is empty");
            }
            return Ok(Some((Secret::new(key), file_var)));
        }
        if let Some(key) = env_var(name) {
            return Ok(Some((Secret::new(key.trim()), (*name).to_owned())));
        }
    }
    Ok(None)
}

/// A key the backend can do without: the key if `var` (or `var_FILE`) holds one, and the
/// variable it came from, or `var` when there is none.
fn optional_key(var: &str) -> anyhow::Result<(Option<Secret>, String)> {
    Ok(match key_from_env(&[var])? {
        Some((key, from)) => (Some(key), from),
        None => (None, var.to_owned()),
    })
}

fn missing_key(backend: &str, var: &str) -> anyhow::Error {
    anyhow::anyhow!(
        "no API key for the `{backend}` backend: set {var} (or {var}_FILE to a file holding it)"
    )
}

/// The address given for a backend and where it came from: `--base-url` (or the
/// configuration's `base_url`, which stands in for the flag), else the variable `var`.
fn address_given(flag: Option<&str>, var: &str) -> Option<(String, String)> {
    match (flag, env_var(var)) {
        (Some(url), _) => Some((url.to_owned(), "--base-url".to_owned())),
        (None, Some(url)) => Some((url, var.to_owned())),
        (None, None) => None,
    }
}

/// The base address: `--base-url` or the configuration, else the environment variable, else
/// the default.
fn endpoint(
    backend: &'static str,
    flag: Option<&str>,
    var: &str,
    default: Option<&str>,
) -> anyhow::Result<Endpoint> {
    let (raw, origin) = match (address_given(flag, var), default) {
        (Some(given), _) => given,
        (None, Some(url)) => (url.to_owned(), DEFAULT_ORIGIN.to_owned()),
        (None, None) => {
            anyhow::bail!("no address for the `{backend}` backend: set {var} or pass --base-url")
        }
    };
    Ok(Endpoint::parse(backend, &raw, &origin)?)
}
