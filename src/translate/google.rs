//! `--backend google`: Google Cloud Translation v2 (Basic), `POST …/language/translate/v2`.
//!
//! The key goes in the `X-Goog-Api-Key` header, never in the URL. `format=text` (the default
//! would be HTML, with entities in the answer), except for a batch with inline codes: that goes
//! as `format=html`, codes as elements and text escaped, and its answer is read back from HTML
//! (see `markup`). At most 128 segments and 100 KB a request.
//! A per-minute `403 rateLimitExceeded` is transient; a daily limit stops the run. Google v2
//! has no glossary: terms are protected by placeholders (see `placeholder`).

use serde::Deserialize;
use serde_json::{Value, json};

use crate::codes;

use super::http::{Endpoint, Http, HttpSettings, Request, Response, Secret, parse_json};
use super::markup::{self, Dialect};
use super::placeholder::{protect, restore};
use super::{
    Error, Limits, Translation, Translator, Unit, common_hint, in_batch_order, scrub, status_error,
};

const NAME: &str = "google";

/// The default address.
pub const DEFAULT_URL: &str = "https://translation.googleapis.com/language/translate/v2";
/// The most segments a request may carry.
pub const MAX_BATCH: usize = 128;
/// Source bytes a request may carry: 100 KB for the request, minus room for the JSON.
pub const MAX_BYTES: usize = 90 * 1000;

/// Settings of the Google backend.
#[derive(Debug, Clone)]
pub struct Config {
    /// The full translate address (`…/language/translate/v2`).
    pub endpoint: Endpoint,
    pub key: Secret,
    pub key_var: String,
    pub batch_size: usize,
    pub http: HttpSettings,
}

/// The backend.
#[derive(Debug)]
pub struct Google {
    config: Config,
    http: Http,
}

impl Google {
    pub fn new(config: Config) -> Result<Google, Error> {
        let http = Http::new(NAME, config.http)?;
        Ok(Google { config, http })
    }

    /// The request for one batch: glossary terms protected by placeholders; HTML when the
    /// batch has inline codes.
    pub fn request(&self, batch: &[Unit]) -> Result<Request, Error> {
        let html = tagged(batch);
        let q: Vec<String> = batch
            .iter()
            .map(|u| {
                let protected = protect(u);
                if html {
                    markup::encode(&protected.text, Dialect::Html)
                } else {
                    protected.text
                }
            })
            .collect();
        let body = json!({
            "q": q,
            "source": "ar",
            "target": "en",
            "format": if html { "html" } else { "text" },
        });
        Request::post(self.config.endpoint.url().clone(), body)
            .secret_header("x-goog-api-key", self.config.key.expose())
    }

    fn error_for(&self, response: &Response) -> Error {
        let body: ErrorBody = serde_json::from_slice(&response.body).unwrap_or_default();
        let detail = body.error.unwrap_or_default();
        let message = detail.message.unwrap_or_else(|| response.text_excerpt());
        let message = scrub(&message, Some(&self.config.key));
        let reasons: Vec<String> = detail.errors.into_iter().filter_map(|e| e.reason).collect();
        let has = |r: &str| reasons.iter().any(|x| x == r);
        if response.status == 403 && (has("userRateLimitExceeded") || has("rateLimitExceeded")) {
            return Error::Transient {
                backend: NAME,
                status: 403,
                message,
                retry_after: response.retry_after,
            };
        }
        if has("dailyLimitExceeded") || message.contains("Daily Limit Exceeded") {
            return Error::Rejected {
                backend: NAME,
                status: response.status,
                message,
                hint: "the project's daily quota is used up: raise it in the Cloud console or run the \
                       same command again tomorrow; finished segments are kept"
                    .into(),
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
    error: Option<ErrorDetail>,
}

#[derive(Debug, Default, Deserialize)]
struct ErrorDetail {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    errors: Vec<ErrorItem>,
}

#[derive(Debug, Default, Deserialize)]
struct ErrorItem {
    #[serde(default)]
    reason: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Answer {
    data: Data,
}

#[derive(Debug, Deserialize)]
struct Data {
    translations: Vec<Item>,
}

#[derive(Debug, Deserialize)]
struct Item {
    #[serde(rename = "translatedText")]
    translated: String,
}

/// Whether a batch goes as HTML (`format: html`): when any of its units has inline codes.
/// The whole batch then is HTML: texts escaped, codes as elements.
pub fn tagged(batch: &[Unit]) -> bool {
    batch.iter().any(|u| codes::has_codes(&u.text))
}

/// Read a successful answer: translations in request order, read back from HTML when the
/// batch was sent as HTML, with the glossary placeholders replaced.
pub fn parse_answer(batch: &[Unit], body: &[u8]) -> Result<Vec<Translation>, Error> {
    let answer: Answer = parse_json(NAME, body, "the response is not Translation v2 JSON")?;
    let html = tagged(batch);
    let mut texts: Vec<String> = answer
        .data
        .translations
        .into_iter()
        .map(|item| {
            if html {
                markup::decode(&item.translated)
            } else {
                item.translated
            }
        })
        .collect();
    if texts.len() == batch.len() {
        for (text, unit) in texts.iter_mut().zip(batch) {
            *text = restore(text, &protect(unit).renderings);
        }
    }
    in_batch_order(NAME, batch, texts)
}

impl Translator for Google {
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
        let request = self.request(batch)?;
        let response = self.http.send_ok(&request, |r| self.error_for(r)).await?;
        parse_answer(batch, &response.body)
    }

    fn preview(&self, batch: &[Unit]) -> Result<Option<Value>, Error> {
        Ok(Some(self.request(batch)?.preview()))
    }
}

#[cfg(test)]
mod tests;
