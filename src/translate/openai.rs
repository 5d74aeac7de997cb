//! `--backend openai`: any OpenAI-compatible chat-completions server (OpenAI, vLLM,
//! llama.cpp's server, Ollama, LM Studio).
//!
//! One request carries a batch of segments with their ids, the paragraphs around them as
//! context and the glossary terms found in them, and asks for structured output (the nested
//! `json_schema` form, which every one of those servers reads) holding exactly one
//! translation per id: the ids are an `enum` and the array has exactly N items. The answer is
//! checked (`finish_reason`, refusal, JSON, id set); a mismatch or a truncation is reported as
//! an error the run loop answers by splitting the batch. Inline codes travel as they are
//! (`<g1>…</g1>`, `<x2/>`): the system message tells the model to keep each exactly once,
//! around the words it marks, and the answer's markers are tidied (`codes::normalize`). A batch
//! sent again because its codes came back broken says so in the system message.

use serde::Deserialize;
use serde_json::{Value, json};

use crate::codes;

use super::http::{Endpoint, Http, HttpSettings, Request, Response, Secret, parse_json};
use super::{
    Billing, Error, Limits, TokenCounter, Tokens, Translation, Translator, Unit, Variant,
    common_hint, scrub, status_error,
};

const NAME: &str = "openai";

/// The default address (OpenAI itself).
pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";
/// The default model.
pub const DEFAULT_MODEL: &str = "gpt-4o-mini";
/// Segments per request unless `--batch-size` says otherwise.
pub const DEFAULT_BATCH: usize = 20;
/// The most segments one request may carry.
pub const MAX_BATCH: usize = 200;
/// Source bytes per request: a budget that keeps prompt and answer well inside a context.
pub const MAX_BYTES: usize = 24 * 1024;

/// Settings of the OpenAI-compatible backend.
#[derive(Debug, Clone)]
pub struct Config {
    pub endpoint: Endpoint,
    /// More servers of the same model: requests go to `endpoint` and these in turn.
    pub more_endpoints: Vec<Endpoint>,
    /// Local servers may need none.
    pub key: Option<Secret>,
    /// Where the key came from (`OPENAI_API_KEY`), for messages.
    pub key_var: String,
    pub model: String,
    pub variant: Variant,
    pub batch_size: usize,
    pub http: HttpSettings,
}

/// The backend: one shared client.
#[derive(Debug)]
pub struct OpenAi {
    config: Config,
    http: Http,
    turn: std::sync::atomic::AtomicUsize,
    tokens: TokenCounter,
}

impl OpenAi {
    pub fn new(config: Config) -> Result<OpenAi, Error> {
        let http = Http::new(NAME, config.http)?;
        Ok(OpenAi {
            config,
            http,
            turn: std::sync::atomic::AtomicUsize::new(0),
            tokens: TokenCounter::default(),
        })
    }

    /// The request for one batch.
    pub fn request(&self, batch: &[Unit]) -> Result<Request, Error> {
        self.request_with(batch, false)
    }

    /// The request for one batch; `codes_broken` when an earlier answer broke its inline
    /// codes (the model is told so).
    fn request_with(&self, batch: &[Unit], codes_broken: bool) -> Result<Request, Error> {
        let mut body = request_body(&self.config.model, self.config.variant, batch);
        if codes_broken {
            stress_codes(&mut body);
        }
        let turn = self.turn.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let servers = 1 + self.config.more_endpoints.len();
        let endpoint = match turn % servers {
            0 => &self.config.endpoint,
            i => self
                .config
                .more_endpoints
                .get(i - 1)
                .unwrap_or(&self.config.endpoint),
        };
        let request = Request::post(endpoint.join("chat/completions"), body);
        match &self.config.key {
            Some(key) => {
                request.secret_header("authorization", &format!("Bearer {}", key.expose()))
            }
            None => Ok(request),
        }
    }

    fn error_for(&self, response: &Response) -> Error {
        let body: ErrorBody = serde_json::from_slice(&response.body).unwrap_or_default();
        let detail = body.error.unwrap_or(ErrorDetail {
            message: body.message,
            kind: body.kind,
            code: body.code,
        });
        let message = detail
            .message
            .clone()
            .unwrap_or_else(|| response.text_excerpt());
        let message = scrub(&message, self.config.key.as_ref());
        let code = detail
            .code
            .as_ref()
            .and_then(Value::as_str)
            .unwrap_or_default();
        let kind = detail.kind.as_deref().unwrap_or_default();
        if code == "insufficient_quota" || kind == "insufficient_quota" {
            return Error::Rejected {
                backend: NAME,
                status: response.status,
                message,
                hint: "the account has no credit left (insufficient_quota): add credit or raise the \
                       budget with the provider, then run the same command again; finished segments are kept"
                    .into(),
            };
        }
        let key_var = self.config.key_var.clone();
        status_error(NAME, response.status, message, response.retry_after, |s| {
            common_hint(s, &key_var)
        })
    }
}

/// What the model is told when a batch has inline codes.
pub const CODES_PROMPT: &str = "Some texts hold inline codes: `<gN>` and `</gN>` around words \
     (formatting or a link), `<xN/>` alone (a line break, an image, a note), N a number. Keep \
     every code of an item's text exactly once in its translation, written exactly as in the \
     text: each `<gN>`…`</gN>` pair around the translation of the words it marks (nested as in \
     the text), each `<xN/>` where its place is in the English sentence. Never add, drop, \
     repeat, renumber or translate a code.";

/// What the model is told when it is asked again because its answer broke the codes.
pub const CODES_AGAIN_PROMPT: &str = "An earlier translation of these items lost, added, \
     repeated or crossed inline codes. Every code of each text MUST appear exactly once in its \
     translation, pairs around the words they mark.";

/// Add [`CODES_AGAIN_PROMPT`] to the system message of a request body.
fn stress_codes(body: &mut Value) {
    if let Some(system) = body
        .pointer_mut("/messages/0/content")
        .and_then(|c| c.as_str().map(str::to_owned))
    {
        body["messages"][0]["content"] = json!(format!("{system}\n{CODES_AGAIN_PROMPT}"));
    }
}

/// The JSON body of a request for `batch`. Texts go with their inline codes as they are;
/// when any has codes, the system message says how to keep them ([`CODES_PROMPT`]). The
/// paragraphs given as context go without codes.
pub fn request_body(model: &str, variant: Variant, batch: &[Unit]) -> Value {
    let ids: Vec<String> = batch.iter().map(|u| u.id.to_string()).collect();
    let mut paragraphs: Vec<String> = Vec::new();
    let mut items = Vec::with_capacity(batch.len());
    for unit in batch {
        let mut item = json!({"id": unit.id.to_string(), "text": unit.text});
        if let Some(context) = unit
            .context
            .as_deref()
            .filter(|c| c.trim() != unit.text.trim())
        {
            let context = codes::strip(context);
            let index = match paragraphs.iter().position(|p| *p == context) {
                Some(i) => i,
                None => {
                    paragraphs.push(context);
                    paragraphs.len() - 1
                }
            };
            item["paragraph"] = json!(format!("p{}", index + 1));
        }
        if !unit.examples.is_empty() {
            item["memory"] = unit
                .examples
                .iter()
                .map(|e| json!({"score": e.score, "source": e.source, "translation": e.target}))
                .collect();
        }
        items.push(item);
    }
    let mut user = json!({ "items": items });
    if !paragraphs.is_empty() {
        user["paragraphs"] = paragraphs
            .iter()
            .enumerate()
            .map(|(i, p)| json!({"id": format!("p{}", i + 1), "text": p}))
            .collect();
    }
    let mut system = format!(
        "You translate Arabic news into English ({}). Translate the `text` of every item of \
         the user's JSON into fluent, faithful news English. The `paragraphs` (when given) are \
         context only: do not translate them. Return exactly one translation per item id, with \
         the same id.",
        variant.tag()
    );
    if batch.iter().any(|u| !u.examples.is_empty()) {
        system.push_str(
            "\nAn item's `memory` (when given) holds earlier translations of similar sentences, \
             with their similarity from 0 to 100: follow their wording and terminology where \
             the sentences agree, and translate what differs.",
        );
    }
    if batch.iter().any(|u| codes::has_codes(&u.text)) {
        system.push('\n');
        system.push_str(CODES_PROMPT);
    }
    let mut terms: Vec<(&str, &str)> = Vec::new();
    for unit in batch {
        for hint in &unit.terms {
            if !terms.contains(&(hint.source.as_str(), hint.target.as_str())) {
                terms.push((&hint.source, &hint.target));
            }
        }
    }
    if !terms.is_empty() {
        system.push_str("\nGlossary: render these terms exactly as given.");
        for (source, target) in terms {
            system.push_str(&format!("\n- {source} = {target}"));
        }
    }
    let mut stressed: Vec<&str> = Vec::new();
    for hint in batch.iter().flat_map(|u| &u.terms).filter(|h| h.stressed) {
        if !stressed.contains(&hint.target.as_str()) {
            stressed.push(&hint.target);
        }
    }
    if !stressed.is_empty() {
        system.push_str(&format!(
            "\nAn earlier translation of these items left out or changed required glossary \
             renderings. Each of these MUST appear in the translation exactly as written: {}.",
            stressed.join("; ")
        ));
    }
    let n = batch.len();
    json!({
        "model": model,
        "temperature": 0,
        "stream": false,
        "messages": [
            {"role": "system", "content": system},
            {"role": "user", "content": user.to_string()},
        ],
        "response_format": {
            "type": "json_schema",
            "json_schema": {
                "name": "translations",
                "strict": true,
                "schema": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["translations"],
                    "properties": {
                        "translations": {
                            "type": "array",
                            "minItems": n,
                            "maxItems": n,
                            "items": {
                                "type": "object",
                                "additionalProperties": false,
                                "required": ["id", "text"],
                                "properties": {
                                    "id": {"type": "string", "enum": ids},
                                    "text": {"type": "string"}
                                }
                            }
                        }
                    }
                }
            }
        }
    })
}

/// Read a successful chat-completions answer into translations (not yet matched to ids).
pub fn parse_answer(body: &[u8]) -> Result<Vec<Translation>, Error> {
    let completion: Completion =
        parse_json(NAME, body, "the response is not chat-completions JSON")?;
    read_completion(completion)
}

/// Read a successful answer: the tokens it reports (`usage`, zeros when absent), billed
/// even when the answer cannot be used, and its translations.
pub fn parse_answer_with_usage(body: &[u8]) -> (Tokens, Result<Vec<Translation>, Error>) {
    match parse_json::<Completion>(NAME, body, "the response is not chat-completions JSON") {
        Ok(mut completion) => {
            let usage = completion.usage.take().unwrap_or_default();
            let tokens = Tokens {
                prompt: usage.prompt_tokens,
                completion: usage.completion_tokens,
            };
            (tokens, read_completion(completion))
        }
        Err(e) => (Tokens::default(), Err(e)),
    }
}

fn read_completion(completion: Completion) -> Result<Vec<Translation>, Error> {
    let malformed = |message: String| Error::Malformed {
        backend: NAME,
        message,
    };
    let choice = completion
        .choices
        .into_iter()
        .next()
        .ok_or_else(|| malformed("the response has no choices".into()))?;
    let message = choice.message.unwrap_or_default();
    if let Some(refusal) = message.refusal.filter(|r| !r.is_empty()) {
        return Err(Error::Refused {
            backend: NAME,
            message: refusal,
        });
    }
    match choice.finish_reason.as_deref() {
        Some("stop") | None => {}
        Some("content_filter") => {
            return Err(Error::Refused {
                backend: NAME,
                message: "the content filter stopped the answer".into(),
            });
        }
        Some(other) => {
            return Err(Error::Truncated {
                backend: NAME,
                reason: other.to_owned(),
            });
        }
    }
    let content = message
        .content
        .ok_or_else(|| malformed("the answer has no content".into()))?;
    let answer: Answer = serde_json::from_str(&content)
        .map_err(|e| malformed(format!("the content is not the requested JSON: {e}")))?;
    answer
        .translations
        .into_iter()
        .map(|item| {
            let id = item
                .id
                .trim()
                .parse::<u64>()
                .map_err(|_| malformed(format!("unknown id `{}`", item.id)))?;
            Ok(Translation {
                id,
                text: codes::normalize(item.text.trim()),
            })
        })
        .collect()
}

#[derive(Debug, Deserialize)]
struct Completion {
    #[serde(default)]
    choices: Vec<Choice>,
    #[serde(default)]
    usage: Option<Usage>,
}

/// The tokens an answer was billed for.
#[derive(Debug, Default, Deserialize)]
struct Usage {
    #[serde(default)]
    prompt_tokens: u64,
    #[serde(default)]
    completion_tokens: u64,
}

#[derive(Debug, Deserialize)]
struct Choice {
    #[serde(default)]
    finish_reason: Option<String>,
    #[serde(default)]
    message: Option<Message>,
}

#[derive(Debug, Default, Deserialize)]
struct Message {
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    refusal: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Answer {
    translations: Vec<Item>,
}

#[derive(Debug, Deserialize)]
struct Item {
    id: String,
    text: String,
}

/// `{"error": {...}}` (OpenAI, newer vLLM) or the fields at the top (older vLLM).
#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    #[serde(default)]
    error: Option<ErrorDetail>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    code: Option<Value>,
}

#[derive(Debug, Default, Deserialize)]
struct ErrorDetail {
    #[serde(default)]
    message: Option<String>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    code: Option<Value>,
}

impl Translator for OpenAi {
    fn name(&self) -> &'static str {
        NAME
    }

    fn model(&self) -> Option<String> {
        Some(self.config.model.clone())
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
        let (tokens, answer) = parse_answer_with_usage(&response.body);
        self.tokens.add(tokens);
        answer
    }

    async fn retranslate_codes(&self, batch: &[Unit]) -> Result<Vec<Translation>, Error> {
        let request = self.request_with(batch, true)?;
        let response = self.http.send_ok(&request, |r| self.error_for(r)).await?;
        let (tokens, answer) = parse_answer_with_usage(&response.body);
        self.tokens.add(tokens);
        answer
    }

    fn billing(&self) -> Billing {
        Billing::Tokens
    }

    fn tokens(&self) -> Tokens {
        self.tokens.get()
    }

    fn preview(&self, batch: &[Unit]) -> Result<Option<Value>, Error> {
        Ok(Some(self.request(batch)?.preview()))
    }
}

#[cfg(test)]
mod tests;
