//! `--backend libretranslate`: a LibreTranslate server's `POST /translate`, `q` as an array.
//!
//! LibreTranslate has no glossary, so the glossary terms of each segment are replaced by
//! numbered placeholders (`[T1]`) before sending and the placeholders in the answer are
//! replaced by the terms' renderings. The optional key travels in the body (`api_key`), as
//! the server expects; `--dry-run` shows it redacted. A batch with inline codes goes as
//! `format: html` (codes as elements, text escaped) and its answer is read back from HTML (see
//! `markup`).

use serde::Deserialize;
use serde_json::{Value, json};

use crate::codes;

use super::http::{Endpoint, Http, HttpSettings, Request, Response, Secret, parse_json};
use super::markup::{self, Dialect};
pub use super::placeholder::{Protected, protect, restore};
use super::{
    Error, Limits, Translation, Translator, Unit, check_count, common_hint, scrub, status_error,
};

const NAME: &str = "libretranslate";

/// Segments per request unless `--batch-size` says otherwise.
pub const DEFAULT_BATCH: usize = 50;
/// The most segments one request may carry (servers may set a lower batch limit).
pub const MAX_BATCH: usize = 200;
/// Source bytes per request.
pub const MAX_BYTES: usize = 64 * 1024;

/// Settings of the LibreTranslate backend.
#[derive(Debug, Clone)]
pub struct Config {
    pub endpoint: Endpoint,
    pub key: Option<Secret>,
    pub key_var: String,
    pub batch_size: usize,
    pub http: HttpSettings,
}

/// The backend.
#[derive(Debug)]
pub struct Libre {
    config: Config,
    http: Http,
}

impl Libre {
    pub fn new(config: Config) -> Result<Libre, Error> {
        let http = Http::new(NAME, config.http)?;
        Ok(Libre { config, http })
    }

    /// The request for one batch (texts already protected); HTML when `html` (see
    /// [`tagged`]).
    pub fn request(&self, protected: &[Protected], html: bool) -> Request {
        let q: Vec<String> = protected
            .iter()
            .map(|p| {
                if html {
                    markup::encode(&p.text, Dialect::Html)
                } else {
                    p.text.clone()
                }
            })
            .collect();
        let mut body = json!({
            "q": q,
            "source": "ar",
            "target": "en",
            "format": if html { "html" } else { "text" },
        });
        if let Some(key) = &self.config.key {
            body["api_key"] = json!(key.expose());
        }
        Request {
            secret_fields: &["api_key"],
            ..Request::post(self.config.endpoint.join("translate"), body)
        }
    }

    fn error_for(&self, response: &Response) -> Error {
        let body: ErrorBody = serde_json::from_slice(&response.body).unwrap_or_default();
        let message = body.error.unwrap_or_else(|| response.text_excerpt());
        let message = scrub(&message, self.config.key.as_ref());
        if response.status == 400 && message.contains("exceeds") {
            return Error::TooLarge {
                backend: NAME,
                status: 400,
                message,
            };
        }
        let key_var = self.config.key_var.clone();
        status_error(NAME, response.status, message, response.retry_after, |s| {
            common_hint(s, &key_var)
        })
    }
}

#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    #[serde(default)]
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Texts {
    Many(Vec<String>),
    One(String),
}

#[derive(Debug, Deserialize)]
struct Answer {
    #[serde(rename = "translatedText")]
    translated: Texts,
}

/// Whether a batch goes as HTML (`format: html`): when any of its units has inline codes.
/// The whole batch then is HTML: texts escaped, codes as elements.
pub fn tagged(batch: &[Unit]) -> bool {
    batch.iter().any(|u| codes::has_codes(&u.text))
}

/// Read a successful answer (from HTML when the batch was sent as HTML) and restore the
/// glossary terms.
pub fn parse_answer(
    batch: &[Unit],
    protected: &[Protected],
    body: &[u8],
) -> Result<Vec<Translation>, Error> {
    let html = tagged(batch);
    let answer: Answer = parse_json(NAME, body, "the response is not LibreTranslate JSON")?;
    let texts = match answer.translated {
        Texts::Many(t) => t,
        Texts::One(t) => vec![t],
    };
    check_count(NAME, batch, texts.len())?;
    Ok(batch
        .iter()
        .zip(protected)
        .zip(texts)
        .map(|((unit, p), text)| {
            let text = if html { markup::decode(&text) } else { text };
            Translation {
                id: unit.id,
                text: restore(&text, &p.renderings),
            }
        })
        .collect())
}

impl Translator for Libre {
    fn name(&self) -> &'static str {
        NAME
    }

    fn model(&self) -> Option<String> {
        None
    }

    fn billing(&self) -> super::Billing {
        super::Billing::Characters
    }

    fn limits(&self) -> Limits {
        Limits {
            max_units: self.config.batch_size.clamp(1, MAX_BATCH),
            max_bytes: MAX_BYTES,
        }
    }

    async fn translate(&self, batch: &[Unit]) -> Result<Vec<Translation>, Error> {
        let protected: Vec<Protected> = batch.iter().map(protect).collect();
        let request = self.request(&protected, tagged(batch));
        let response = self.http.send_ok(&request, |r| self.error_for(r)).await?;
        parse_answer(batch, &protected, &response.body)
    }

    fn preview(&self, batch: &[Unit]) -> Result<Option<Value>, Error> {
        let protected: Vec<Protected> = batch.iter().map(protect).collect();
        Ok(Some(self.request(&protected, tagged(batch)).preview()))
    }
}

#[cfg(test)]
mod tests;
