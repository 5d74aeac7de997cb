//! The flags of `translate` and the `translate` section of the configuration, resolved into
//! typed settings before any work: the backend, the run's options and what the remote
//! backends share. A bad value is an error here. Keys and addresses are read later, by
//! [`super::backends`], only for the backend in use.

use std::path::PathBuf;
use std::time::Duration;

use super::backends::RemoteSettings;
use crate::cli::{BackendName, OutputFormat, ReadArgs, TargetVariant, TranslateArgs};
use crate::commands::Context;
use crate::config::{Backend, BackendSettings};
use crate::translate::http::HttpSettings;
use crate::translate::retry::RetryPolicy;
use crate::translate::{Price, RunOptions, Variant};

/// Everything `translate` needs, resolved from the flags and the configuration.
pub(super) struct Settings {
    pub(super) backend: BackendName,
    pub(super) remote: RemoteSettings,
    pub(super) run: RunSettings,
}

/// What the run needs, whatever the backend.
pub(super) struct RunSettings {
    pub(super) inputs: Vec<PathBuf>,
    /// How the sources are read.
    pub(super) read: ReadArgs,
    pub(super) options: RunOptions,
    pub(super) budget: Budget,
    pub(super) dry_run: bool,
    pub(super) glossary_retry: bool,
    pub(super) format: OutputFormat,
}

impl Settings {
    /// Flags first, then the configuration's settings for the chosen backend, then defaults.
    pub(super) fn resolve(args: TranslateArgs, ctx: &Context) -> anyhow::Result<Settings> {
        let TranslateArgs {
            inputs,
            backend,
            model,
            base_url,
            jobs,
            batch_size,
            rate,
            dry_run,
            glossary_retry,
            target_variant,
            timeout,
            retries,
            rate_limit_wait,
            max_cost,
            max_characters,
            backoff_ms,
            rate_window_ms,
            format,
            read,
        } = args;
        let backend = backend.unwrap_or_else(|| backend_from_config(ctx.config.translate.backend));
        let flags = BackendSettings {
            model,
            base_url,
            batch_size,
            jobs,
            rate,
            price: None,
        };
        let chosen = ctx
            .config
            .translate
            .settings(config_backend(backend))
            .overridden_by(&flags);
        if let Some(r) = chosen.rate {
            if !(r.is_finite() && r > 0.0) {
                anyhow::bail!("--rate must be a positive number of requests per second, not `{r}`");
            }
        }
        let timeout = match timeout {
            Some(t) if t.is_finite() && t > 0.0 => Duration::from_secs_f64(t),
            Some(t) => anyhow::bail!("--timeout must be a positive number of seconds, not `{t}`"),
            None if backend == BackendName::Openai => Duration::from_secs(300),
            None => Duration::from_secs(60),
        };
        let rate_limit_wait = match rate_limit_wait {
            Some(t) if t.is_finite() && t >= 0.0 => Duration::from_secs_f64(t),
            Some(t) => {
                anyhow::bail!("--rate-limit-wait must be a number of seconds, 0 or more, not `{t}`")
            }
            None => RetryPolicy::default().rate_limit_wait,
        };
        if let Some(c) = max_cost {
            if !(c.is_finite() && c >= 0.0) {
                anyhow::bail!("--max-cost must be an amount, 0 or more, not `{c}`");
            }
        }
        let mut retry = RetryPolicy {
            max_retries: retries.unwrap_or(RetryPolicy::default().max_retries),
            rate_limit_wait,
            ..RetryPolicy::default()
        };
        if let Some(ms) = backoff_ms {
            retry.base = Duration::from_millis(ms);
            retry.cap = Duration::from_millis(ms.saturating_mul(8));
        }
        if let Some(ms) = rate_window_ms {
            retry.rate_window = Duration::from_millis(ms.max(1));
        }
        let price = chosen.price.clone().unwrap_or_default();
        let budget = Budget {
            price: Price {
                characters: price.characters,
                input_tokens: price.input_tokens,
                output_tokens: price.output_tokens,
            },
            currency: price.currency,
            max_cost,
            max_characters,
        };
        let variant = match target_variant {
            Some(TargetVariant::EnGb) => Variant::Gb,
            Some(TargetVariant::EnUs) | None => Variant::Us,
        };
        let remote = RemoteSettings {
            base_url: chosen.base_url,
            model: chosen.model,
            batch_size: chosen.batch_size.map(|b| b.get()),
            variant,
            http: HttpSettings {
                connect_timeout: timeout.min(Duration::from_secs(10)),
                timeout,
            },
        };
        let run = RunSettings {
            inputs,
            read,
            options: RunOptions {
                jobs: chosen.jobs.map_or(4, |j| j.get()),
                rate: chosen.rate,
                retry,
            },
            budget,
            dry_run,
            glossary_retry,
            format,
        };
        Ok(Settings {
            backend,
            remote,
            run,
        })
    }
}

/// What the engine costs and what the user allows a run to spend.
#[derive(Debug, Clone, Default)]
pub(super) struct Budget {
    pub(super) price: Price,
    pub(super) currency: Option<String>,
    pub(super) max_cost: Option<f64>,
    pub(super) max_characters: Option<u64>,
}

/// The configuration's name for a backend.
fn config_backend(b: BackendName) -> Backend {
    match b {
        BackendName::Stub => Backend::Stub,
        BackendName::Openai => Backend::Openai,
        BackendName::Deepl => Backend::Deepl,
        BackendName::Libretranslate => Backend::Libretranslate,
        BackendName::Google => Backend::Google,
    }
}

/// The command line's name for the configuration's default backend.
fn backend_from_config(b: Backend) -> BackendName {
    match b {
        Backend::Stub => BackendName::Stub,
        Backend::Openai => BackendName::Openai,
        Backend::Deepl => BackendName::Deepl,
        Backend::Libretranslate => BackendName::Libretranslate,
        Backend::Google => BackendName::Google,
    }
}
