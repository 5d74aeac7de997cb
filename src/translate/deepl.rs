//! `--backend deepl`: DeepL API v2 `/v2/translate`, with the project glossary synced to a
//! DeepL v3 glossary.
//!
//! The key goes in `Authorization: DeepL-Auth-Key …`; a key ending in `:fx` is a free key and
//! uses the free host. At most 50 texts and 128 KiB a request; `source_lang=AR`,
//! `target_lang=EN-US|EN-GB`, `split_sentences=0` (each text is one sentence). The glossary is
//! created once per content (its name carries a hash of the entries), found again by listing
//! before any creation, and passed as `glossary_id`. A batch with inline codes is sent as XML
//! (`tag_handling: xml`, version 2, which parses strictly: the texts are well-formed, codes as
//! `<g1>…</g1>` and `<x2/>` elements, text escaped) and its answer read back from XML.

use std::sync::Mutex;
use std::time::Duration;

use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::codes;

use super::http::{Endpoint, Http, HttpSettings, Request, Response, Secret, parse_json};
use super::markup::{self, Dialect};
use super::{
    Action, Error, Limits, Translation, Translator, Unit, Variant, common_hint, in_batch_order,
    scrub, status_error,
};

const NAME: &str = "deepl";

/// The Pro host.
pub const PRO_URL: &str = "https://api.deepl.com";
/// The Free host (keys ending in `:fx`).
pub const FREE_URL: &str = "https://api-free.deepl.com";
/// The most texts a request may carry.
pub const MAX_BATCH: usize = 50;
/// Source bytes a request may carry: 128 KiB for the whole body, minus room for the JSON.
pub const MAX_BYTES: usize = 120 * 1024;

/// The host for a key: free keys end in `:fx`.
pub fn default_url(key: &Secret) -> &'static str {
    if key.expose().trim().ends_with(":fx") {
        FREE_URL
    } else {
        PRO_URL
    }
}

/// Settings of the DeepL backend.
#[derive(Debug, Clone)]
pub struct Config {
    pub endpoint: Endpoint,
    pub key: Secret,
    /// Where the key came from (`DEEPL_AUTH_KEY`), for messages.
    pub key_var: String,
    pub variant: Variant,
    pub batch_size: usize,
    pub http: HttpSettings,
    /// The project glossary as (Arabic form, English rendering) pairs.
    pub glossary: Vec<(String, String)>,
}

/// The backend.
#[derive(Debug)]
pub struct DeepL {
    config: Config,
    http: Http,
    glossary_id: Mutex<Option<String>>,
}

impl DeepL {
    pub fn new(config: Config) -> Result<DeepL, Error> {
        let http = Http::new(NAME, config.http)?;
        Ok(DeepL {
            config,
            http,
            glossary_id: Mutex::new(None),
        })
    }

    fn authorised(&self, request: Request) -> Result<Request, Error> {
        request.secret_header(
            "authorization",
            &format!("DeepL-Auth-Key {}", self.config.key.expose()),
        )
    }

    fn glossary_id(&self) -> Option<String> {
        match self.glossary_id.lock() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The translate request for one batch. A batch with inline codes goes as XML (see
    /// [`tagged`]).
    pub fn request(&self, batch: &[Unit]) -> Result<Request, Error> {
        let xml = tagged(batch);
        let texts: Vec<String> = batch
            .iter()
            .map(|u| {
                if xml {
                    markup::encode(&u.text, Dialect::Xml)
                } else {
                    u.text.clone()
                }
            })
            .collect();
        let mut body = json!({
            "text": texts,
            "source_lang": "AR",
            "target_lang": self.config.variant.deepl_code(),
            "split_sentences": "0",
        });
        if xml {
            let mut names: Vec<String> = Vec::new();
            for unit in batch {
                for name in markup::element_names(&unit.text) {
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
            body["tag_handling"] = json!("xml");
            body["tag_handling_version"] = json!("v2");
            body["non_splitting_tags"] = json!(names);
        }
        if let Some(context) = shared_context(batch) {
            body["context"] = json!(codes::strip(context));
        }
        if let Some(id) = self.glossary_id() {
            body["glossary_id"] = json!(id);
        }
        self.authorised(Request::post(
            self.config.endpoint.join("v2/translate"),
            body,
        ))
    }

    fn error_for(&self, response: &Response) -> Error {
        let body: ErrorBody = serde_json::from_slice(&response.body).unwrap_or_default();
        let mut message = body.message.unwrap_or_else(|| response.text_excerpt());
        if let Some(detail) = body.detail.filter(|d| !d.is_empty()) {
            message = format!("{message}: {detail}");
        }
        let message = scrub(&message, Some(&self.config.key));
        if response.status == 456 {
            return Error::Rejected {
                backend: NAME,
                status: 456,
                message,
                hint: "the DeepL character quota is used up: raise the cost-control limit or upgrade the \
                       plan in the DeepL account (or wait for the next billing period), then run the same \
                       command again; finished segments are kept"
                    .into(),
            };
        }
        let key_var = self.config.key_var.clone();
        status_error(NAME, response.status, message, response.retry_after, |s| {
            if s == 403 {
                format!(
                    "the key was refused: check `{key_var}`; a free key ends in `:fx` and uses {FREE_URL}, a Pro key {PRO_URL}"
                )
            } else {
                common_hint(s, &key_var)
            }
        })
    }

    /// Find the glossary for the current entries, or create it.
    async fn sync_glossary(&self) -> Result<Option<String>, Error> {
        let Some(entries) = glossary_tsv(&self.config.glossary) else {
            return Ok(None);
        };
        let name = glossary_name(&entries);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = match self.find_glossary(&name).await {
                Ok(Some(id)) => return Ok(Some(id)),
                Ok(None) => self.create_glossary(&name, &entries).await,
                Err(e) => Err(e),
            };
            match result {
                Ok(id) => return Ok(Some(id)),
                // A failed creation may have happened anyway: list again before creating.
                Err(e) if e.action() == Action::Retry && attempt < 3 => {
                    tokio::time::sleep(e.retry_after().unwrap_or(Duration::from_secs(1))).await;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// The request that lists the account's glossaries.
    fn list_request(&self) -> Result<Request, Error> {
        self.authorised(Request::get(self.config.endpoint.join("v3/glossaries")))
    }

    /// The request that creates glossary `name` with `entries` (DeepL TSV).
    fn create_request(&self, name: &str, entries: &str) -> Result<Request, Error> {
        let body = json!({
            "name": name,
            "dictionaries": [{
                "source_lang": "ar",
                "target_lang": "en",
                "entries": entries,
                "entries_format": "tsv",
            }],
        });
        self.authorised(Request::post(
            self.config.endpoint.join("v3/glossaries"),
            body,
        ))
    }

    async fn find_glossary(&self, name: &str) -> Result<Option<String>, Error> {
        let request = self.list_request()?;
        let response = self.http.send_ok(&request, |r| self.error_for(r)).await?;
        let list: GlossaryList =
            parse_json(NAME, &response.body, "the glossary list is not valid JSON")?;
        Ok(list
            .glossaries
            .into_iter()
            .find(|g| g.name.as_deref() == Some(name))
            .and_then(|g| g.glossary_id))
    }

    async fn create_glossary(&self, name: &str, entries: &str) -> Result<String, Error> {
        let request = self.create_request(name, entries)?;
        let response = self.http.send_ok(&request, |r| self.error_for(r)).await?;
        let created: GlossaryInfo = parse_json(
            NAME,
            &response.body,
            "the created glossary is not valid JSON",
        )?;
        created.glossary_id.ok_or_else(|| Error::Malformed {
            backend: NAME,
            message: "the created glossary has no glossary_id".into(),
        })
    }
}

/// Whether a batch goes as XML (`tag_handling: xml`): when any of its units has inline
/// codes. Then every text of the batch is XML (a request is tagged or not as a whole), the
/// codes are elements DeepL keeps with the words they wrap, and each is named in
/// `non_splitting_tags` so that no code splits its sentence.
pub fn tagged(batch: &[Unit]) -> bool {
    batch.iter().any(|u| codes::has_codes(&u.text))
}

/// The context shared by every unit of a batch, when they all have the same one.
fn shared_context(batch: &[Unit]) -> Option<&str> {
    let first = batch.first()?.context.as_deref()?;
    batch
        .iter()
        .all(|u| u.context.as_deref() == Some(first))
        .then_some(first)
}

/// The glossary as DeepL TSV: one line per Arabic form, sorted, first rendering kept for a
/// repeated form; forms or renderings with tabs, line breaks or that are empty are skipped.
/// `None` when nothing is left.
pub fn glossary_tsv(pairs: &[(String, String)]) -> Option<String> {
    let mut entries: Vec<(&str, &str)> = Vec::new();
    for (source, target) in pairs {
        let (source, target) = (source.trim(), target.trim());
        let bad = |s: &str| s.is_empty() || s.chars().any(char::is_control);
        if bad(source) || bad(target) || entries.iter().any(|(s, _)| *s == source) {
            continue;
        }
        entries.push((source, target));
    }
    if entries.is_empty() {
        return None;
    }
    entries.sort_unstable();
    Some(
        entries
            .iter()
            .map(|(s, t)| format!("{s}\t{t}"))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// The glossary's name on DeepL: fixed by its content, so the same entries find the same
/// glossary and changed entries make a new one.
pub fn glossary_name(tsv: &str) -> String {
    let digest = Sha256::digest(tsv.as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("workbench-{hex}")
}

#[derive(Debug, Deserialize)]
struct TranslateAnswer {
    translations: Vec<TranslatedText>,
}

#[derive(Debug, Deserialize)]
struct TranslatedText {
    text: String,
}

#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    detail: Option<String>,
}

#[derive(Debug, Deserialize)]
struct GlossaryList {
    #[serde(default)]
    glossaries: Vec<GlossaryInfo>,
}

#[derive(Debug, Deserialize)]
struct GlossaryInfo {
    #[serde(default)]
    glossary_id: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

/// Read a successful `/v2/translate` answer: translations in request order, read back from
/// XML when the batch was sent as XML.
pub fn parse_answer(batch: &[Unit], body: &[u8]) -> Result<Vec<Translation>, Error> {
    let answer: TranslateAnswer =
        parse_json(NAME, body, "the response is not DeepL translate JSON")?;
    let xml = tagged(batch);
    let texts = answer
        .translations
        .into_iter()
        .map(|t| if xml { markup::decode(&t.text) } else { t.text })
        .collect();
    in_batch_order(NAME, batch, texts)
}

impl Translator for DeepL {
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

    async fn prepare(&self) -> Result<(), Error> {
        let id = self.sync_glossary().await?;
        match self.glossary_id.lock() {
            Ok(mut g) => *g = id,
            Err(poisoned) => *poisoned.into_inner() = id,
        }
        Ok(())
    }

    async fn translate(&self, batch: &[Unit]) -> Result<Vec<Translation>, Error> {
        let request = self.request(batch)?;
        let response = self.http.send_ok(&request, |r| self.error_for(r)).await?;
        parse_answer(batch, &response.body)
    }

    fn preview(&self, batch: &[Unit]) -> Result<Option<Value>, Error> {
        Ok(Some(self.request(batch)?.preview()))
    }

    fn prepare_preview(&self) -> Result<Vec<Value>, Error> {
        let Some(entries) = glossary_tsv(&self.config.glossary) else {
            return Ok(Vec::new());
        };
        let name = glossary_name(&entries);
        let mut list = self.list_request()?.preview();
        list["when"] = json!(format!(
            "first: look for the project glossary `{name}`; the translate requests then carry its `glossary_id`"
        ));
        let mut create = self.create_request(&name, &entries)?.preview();
        create["when"] = json!("only when the account has no glossary of that name");
        Ok(vec![list, create])
    }
}

#[cfg(test)]
mod tests;
