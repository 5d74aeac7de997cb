//! `workbench translate` with the remote backends, against fake servers on 127.0.0.1:
//! success per provider, faults (429, 5xx, timeouts, bad answers, quota), resuming after a
//! stop, translation memory, dry runs, and where the key may appear.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::harness::{Project, expect};

const OPENAI_KEY: &str = "sk-test-Zq81xKEYopenai";
const DEEPL_KEY: &str = "deepl-Zq81xKEY:fx";
const LIBRE_KEY: &str = "libre-Zq81xKEY";
const GOOGLE_KEY: &str = "AIza-Zq81xKEYgoogle";

/// A fake server on loopback, with its own runtime for the async calls the tests make.
pub(crate) struct Fake {
    rt: tokio::runtime::Runtime,
    server: MockServer,
}

impl Fake {
    pub(crate) fn start() -> Fake {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let server = rt.block_on(MockServer::start());
        Fake { rt, server }
    }

    pub(crate) fn mount(&self, mock: Mock) {
        self.rt.block_on(mock.mount(&self.server));
    }

    pub(crate) fn uri(&self) -> String {
        self.server.uri()
    }

    pub(crate) fn requests(&self) -> Vec<Request> {
        self.rt
            .block_on(self.server.received_requests())
            .unwrap_or_default()
    }

    pub(crate) fn reset(&self) {
        self.rt.block_on(self.server.reset());
    }
}

/// `n` distinct one-line sentences.
fn sentences(n: usize) -> Vec<String> {
    (1..=n)
        .map(|i| format!("قال المتحدث إن الاجتماع رقم {i} انتهى دون اتفاق."))
        .collect()
}

/// A project with `seeds/news.txt` holding `n` sentences, one a line.
fn project(n: usize) -> Project {
    let p = Project::empty();
    p.write("seeds/news.txt", sentences(n).join("\n") + "\n");
    p
}

fn chars(texts: &[String]) -> usize {
    texts.iter().map(|t| t.chars().count()).sum()
}

/// The English every fake gives for a text.
pub(crate) fn english(text: &str) -> String {
    format!("EN[{}]", text.chars().count())
}

fn openai_answer(req: &Request, finish: &str, drop_last: bool) -> ResponseTemplate {
    let body: Value = req.body_json().expect("json body");
    let user: Value = serde_json::from_str(
        body["messages"][1]["content"]
            .as_str()
            .expect("user message"),
    )
    .expect("user json");
    let mut items: Vec<Value> = user["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| json!({"id": i["id"], "text": english(i["text"].as_str().unwrap_or(""))}))
        .collect();
    if drop_last {
        items.pop();
    }
    let content = json!({ "translations": items }).to_string();
    ResponseTemplate::new(200).set_body_json(json!({
        "id": "c", "object": "chat.completion", "created": 0, "model": "m",
        "choices": [{"index": 0, "finish_reason": finish,
                     "message": {"role": "assistant", "content": content, "refusal": null}}]
    }))
}

fn openai_ok(req: &Request) -> ResponseTemplate {
    openai_answer(req, "stop", false)
}

/// DeepL's glossary endpoints: no glossary yet, and a glossary created on request.
pub(crate) fn mount_deepl_glossaries(fake: &Fake) {
    fake.mount(
        Mock::given(method("GET"))
            .and(path("/v3/glossaries"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"glossaries": []}))),
    );
    fake.mount(
        Mock::given(method("POST"))
            .and(path("/v3/glossaries"))
            .respond_with(
                ResponseTemplate::new(201)
                    .set_body_json(json!({"glossary_id": "g-1", "name": "x"})),
            ),
    );
}

pub(crate) fn texts_of(req: &Request, field: &str) -> Vec<String> {
    let body: Value = req.body_json().expect("json body");
    body[field]
        .as_array()
        .expect("array")
        .iter()
        .map(|t| t.as_str().unwrap_or_default().to_owned())
        .collect()
}

fn deepl_ok(req: &Request) -> ResponseTemplate {
    let out: Vec<Value> = texts_of(req, "text")
        .iter()
        .map(|t| json!({"detected_source_language": "AR", "text": english(t)}))
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({ "translations": out }))
}

pub(crate) fn libre_ok(req: &Request) -> ResponseTemplate {
    let out: Vec<String> = texts_of(req, "q").iter().map(|t| english(t)).collect();
    ResponseTemplate::new(200).set_body_json(json!({ "translatedText": out }))
}

fn google_ok(req: &Request) -> ResponseTemplate {
    let out: Vec<Value> = texts_of(req, "q")
        .iter()
        .map(|t| json!({"translatedText": english(t)}))
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({"data": {"translations": out}}))
}

/// The ids an OpenAI request asked for.
fn openai_ids(req: &Request) -> Vec<String> {
    let body: Value = req.body_json().expect("json body");
    let user: Value =
        serde_json::from_str(body["messages"][1]["content"].as_str().unwrap()).unwrap();
    user["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["text"].as_str().unwrap().to_owned())
        .collect()
}

fn openai_cmd(p: &Project, fake: &Fake, extra: &[&str]) -> assert_cmd::Command {
    let mut args = vec!["translate", "seeds/news.txt", "--backend", "openai"];
    args.extend_from_slice(extra);
    let mut cmd = p.cmd(&args);
    cmd.env("OPENAI_API_KEY", OPENAI_KEY)
        .env("OPENAI_BASE_URL", format!("{}/v1", fake.uri()));
    cmd
}

fn summary(
    backend: &str,
    n: usize,
    requests: &str,
    retries: &str,
    splits: &str,
    c: usize,
) -> String {
    format!(
        "news: {n} segments, {n} translated ({n} sent to {backend}); wrote `translations/news.yaml`\n\
         {backend}: {n} segments in {requests} ({retries}, {splits}), {c} characters sent\n"
    )
}

/// [`summary`] with a note after the counts (rate limits, resends, waste) and, for engines
/// billed per character, the characters billed.
#[allow(clippy::too_many_arguments)]
fn summary_noted(
    backend: &str,
    n: usize,
    requests: &str,
    retries: &str,
    splits: &str,
    c: usize,
    note: &str,
    billed: Option<usize>,
) -> String {
    let mut out = summary(backend, n, requests, retries, splits, c);
    out.pop();
    out.push_str(note);
    out.push('\n');
    if let Some(b) = billed {
        out.push_str(&format!("{backend}: usage: {b} characters billed\n"));
    }
    out
}

#[test]
fn translate_openai_success() {
    let p = project(5);
    let fake = Fake::start();
    fake.mount(
        Mock::given(method("POST"))
            .and(path("/v1/chat/completions"))
            .respond_with(openai_ok),
    );
    let out = p.render(&openai_cmd(&p, &fake, &["--model", "m1"]).output().unwrap());
    let c = chars(&sentences(5));
    assert_eq!(
        out,
        expect(
            0,
            "",
            &summary("openai", 5, "1 request", "0 retries", "0 split batches", c)
        )
    );
    let store = p.read("translations/news.yaml");
    assert!(store.contains("target: EN[46]"), "{store}");
    assert!(store.contains("backend: openai"));
    assert!(store.contains("model: m1"));
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(
        reqs[0]
            .headers
            .get("authorization")
            .unwrap()
            .to_str()
            .unwrap(),
        format!("Bearer {OPENAI_KEY}")
    );
    let body: Value = reqs[0].body_json().unwrap();
    assert_eq!(body["model"], "m1");
    assert_eq!(
        body["response_format"]["json_schema"]["schema"]["properties"]["translations"]["maxItems"],
        5
    );

    // A re-run on the unchanged document sends nothing and rewrites nothing.
    let before = p.read("translations/news.yaml");
    let out = p.render(&openai_cmd(&p, &fake, &["--model", "m1"]).output().unwrap());
    assert_eq!(
        out,
        expect(
            0,
            "",
            "news: 5 segments, 0 translated (0 sent to openai); unchanged `translations/news.yaml`\n"
        )
    );
    assert_eq!(fake.requests().len(), 1);
    assert_eq!(p.read("translations/news.yaml"), before);
}

#[test]
fn translate_deepl_success_with_glossary() {
    let p = project(3);
    p.write(
        "glossary.yaml",
        "version: 1\nterms:\n  - english: the spokesman\n    arabic: [المتحدث]\n",
    );
    let fake = Fake::start();
    mount_deepl_glossaries(&fake);
    fake.mount(
        Mock::given(method("POST"))
            .and(path("/v2/translate"))
            .respond_with(deepl_ok),
    );
    let out = p.render(
        &p.cmd(&[
            "translate",
            "seeds/news.txt",
            "--backend",
            "deepl",
            "--target-variant",
            "en-gb",
        ])
        .env("DEEPL_AUTH_KEY", DEEPL_KEY)
        .env("DEEPL_API_URL", fake.uri())
        .output()
        .unwrap(),
    );
    let c = chars(&sentences(3));
    assert_eq!(
        out,
        expect(
            0,
            "",
            &summary_noted(
                "deepl",
                3,
                "1 request",
                "0 retries",
                "0 split batches",
                c,
                "",
                Some(c)
            )
        )
    );
    let reqs = fake.requests();
    let translate: Vec<&Request> = reqs
        .iter()
        .filter(|r| r.url.path() == "/v2/translate")
        .collect();
    assert_eq!(translate.len(), 1);
    assert_eq!(
        translate[0]
            .headers
            .get("authorization")
            .unwrap()
            .to_str()
            .unwrap(),
        format!("DeepL-Auth-Key {DEEPL_KEY}")
    );
    let body: Value = translate[0].body_json().unwrap();
    assert_eq!(body["source_lang"], "AR");
    assert_eq!(body["target_lang"], "EN-GB");
    assert_eq!(body["split_sentences"], "0");
    assert_eq!(body["glossary_id"], "g-1");
    assert_eq!(body["text"].as_array().unwrap().len(), 3);
    let create = reqs
        .iter()
        .find(|r| r.method.as_str() == "POST" && r.url.path() == "/v3/glossaries")
        .unwrap();
    let created: Value = create.body_json().unwrap();
    assert_eq!(
        created["dictionaries"][0]["entries"],
        "المتحدث\tthe spokesman"
    );
}

#[test]
fn translate_libretranslate_success() {
    let p = project(4);
    let fake = Fake::start();
    fake.mount(
        Mock::given(method("POST"))
            .and(path("/translate"))
            .respond_with(libre_ok),
    );
    let out = p.render(
        &p.cmd(&[
            "translate",
            "seeds/news.txt",
            "--backend",
            "libretranslate",
            "--batch-size",
            "2",
        ])
        .env("LIBRETRANSLATE_URL", fake.uri())
        .env("LIBRETRANSLATE_API_KEY", LIBRE_KEY)
        .output()
        .unwrap(),
    );
    let c = chars(&sentences(4));
    assert_eq!(
        out,
        expect(
            0,
            "",
            &summary_noted(
                "libretranslate",
                4,
                "2 requests",
                "0 retries",
                "0 split batches",
                c,
                "",
                Some(c)
            )
        )
    );
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 2);
    for r in &reqs {
        let body: Value = r.body_json().unwrap();
        assert_eq!(body["q"].as_array().unwrap().len(), 2);
        assert_eq!(body["api_key"], LIBRE_KEY);
        assert_eq!(body["source"], "ar");
        assert_eq!(body["format"], "text");
    }
}

#[test]
fn translate_google_success() {
    let p = project(3);
    let fake = Fake::start();
    fake.mount(
        Mock::given(method("POST"))
            .and(path("/language/translate/v2"))
            .respond_with(google_ok),
    );
    let out = p.render(
        &p.cmd(&["translate", "seeds/news.txt", "--backend", "google"])
            .env("GOOGLE_API_KEY", GOOGLE_KEY)
            .env(
                "GOOGLE_TRANSLATE_URL",
                format!("{}/language/translate/v2", fake.uri()),
            )
            .output()
            .unwrap(),
    );
    let c = chars(&sentences(3));
    assert_eq!(
        out,
        expect(
            0,
            "",
            &summary_noted(
                "google",
                3,
                "1 request",
                "0 retries",
                "0 split batches",
                c,
                "",
                Some(c)
            )
        )
    );
    let reqs = fake.requests();
    assert_eq!(
        reqs[0]
            .headers
            .get("x-goog-api-key")
            .unwrap()
            .to_str()
            .unwrap(),
        GOOGLE_KEY
    );
    assert!(reqs[0].url.query().is_none());
    let body: Value = reqs[0].body_json().unwrap();
    assert_eq!(body["format"], "text");
}

#[test]
fn translate_openai_429_with_retry_after() {
    let p = project(2);
    let fake = Fake::start();
    fake.mount(
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1").set_body_json(
                json!({"error": {"message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded"}}),
            ))
            .up_to_n_times(1)
            .with_priority(1),
    );
    fake.mount(
        Mock::given(method("POST"))
            .respond_with(openai_ok)
            .with_priority(2),
    );
    let start = std::time::Instant::now();
    let out = p.render(&openai_cmd(&p, &fake, &[]).output().unwrap());
    let c = chars(&sentences(2)) * 2;
    assert_eq!(
        out,
        expect(
            0,
            "",
            &summary_noted(
                "openai",
                2,
                "2 requests",
                "1 retry",
                "0 split batches",
                c,
                "; 1 request refused for the request rate (HTTP 429), the pool slowed down; \
                 4 texts sent for 2 segments (2.00×)",
                None
            )
        )
    );
    // The second attempt waited for the server's Retry-After.
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 2);
    assert!(start.elapsed() >= Duration::from_secs(1));
}

#[test]
fn translate_deepl_429_without_retry_after_backs_off() {
    let p = project(2);
    let fake = Fake::start();
    fake.mount(
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(429).set_body_json(json!({"message": "Too many requests"})),
            )
            .up_to_n_times(2)
            .with_priority(1),
    );
    fake.mount(
        Mock::given(method("POST"))
            .respond_with(deepl_ok)
            .with_priority(2),
    );
    let out = p.render(
        &p.cmd(&["translate", "seeds/news.txt", "--backend", "deepl"])
            .env("DEEPL_AUTH_KEY", DEEPL_KEY)
            .env("DEEPL_API_URL", fake.uri())
            .output()
            .unwrap(),
    );
    let c = chars(&sentences(2)) * 3;
    assert_eq!(
        out,
        expect(
            0,
            "",
            &summary_noted(
                "deepl",
                2,
                "3 requests",
                "2 retries",
                "0 split batches",
                c,
                "; 2 requests refused for the request rate (HTTP 429), the pool slowed down; \
                 6 texts sent for 2 segments (3.00×)",
                Some(c / 3)
            )
        )
    );
}

#[test]
fn translate_google_5xx_then_success() {
    let p = project(2);
    let fake = Fake::start();
    fake.mount(
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(503).set_body_string("unavailable"))
            .up_to_n_times(1)
            .with_priority(1),
    );
    fake.mount(
        Mock::given(method("POST"))
            .respond_with(google_ok)
            .with_priority(2),
    );
    let out = p.render(
        &p.cmd(&["translate", "seeds/news.txt", "--backend", "google"])
            .env("GOOGLE_API_KEY", GOOGLE_KEY)
            .env("GOOGLE_TRANSLATE_URL", fake.uri())
            .output()
            .unwrap(),
    );
    let c = chars(&sentences(2)) * 2;
    assert_eq!(
        out,
        expect(
            0,
            "",
            &summary_noted(
                "google",
                2,
                "2 requests",
                "1 retry",
                "0 split batches",
                c,
                "; 4 texts sent for 2 segments (2.00×)",
                Some(c / 2)
            )
        )
    );
}

#[test]
fn translate_libretranslate_timeout_is_retried() {
    let p = project(2);
    let fake = Fake::start();
    fake.mount(
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
            .up_to_n_times(1)
            .with_priority(1),
    );
    fake.mount(
        Mock::given(method("POST"))
            .respond_with(libre_ok)
            .with_priority(2),
    );
    let out = p.render(
        &p.cmd(&[
            "translate",
            "seeds/news.txt",
            "--backend",
            "libretranslate",
            "--timeout",
            "1",
        ])
        .env("LIBRETRANSLATE_URL", fake.uri())
        .output()
        .unwrap(),
    );
    let c = chars(&sentences(2)) * 2;
    assert_eq!(
        out,
        expect(
            0,
            "",
            &summary_noted(
                "libretranslate",
                2,
                "2 requests",
                "1 retry",
                "0 split batches",
                c,
                "; 4 texts sent for 2 segments (2.00×)",
                Some(c / 2)
            )
        )
    );
}

#[test]
fn translate_timeouts_stop_after_the_retries() {
    let p = project(1);
    let fake = Fake::start();
    fake.mount(
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5))),
    );
    let out = p.render(
        &p.cmd(&[
            "translate",
            "seeds/news.txt",
            "--backend",
            "libretranslate",
            "--timeout",
            "0.5",
            "--retries",
            "1",
        ])
        .env("LIBRETRANSLATE_URL", fake.uri())
        .output()
        .unwrap(),
    );
    let host = fake.uri().trim_start_matches("http://").to_owned();
    assert_eq!(
        out,
        expect(
            2,
            "",
            &format!(
                "error: translation with `libretranslate` stopped at document `news`, segment 1 (a batch of 1, after 2 attempts): \
                 libretranslate: `{host}` gave no complete answer within 0.5 s\nhint: the server is slow or overloaded: raise `--timeout`, \
                 or lower `--jobs` or `--batch-size`\nhint: 0 segment(s) were stored before the stop; \
                 fix the cause and run the same command again to translate only what is missing\n"
            )
        )
    );
}

#[test]
fn translate_malformed_json_is_split_and_retried() {
    let p = project(4);
    let fake = Fake::start();
    fake.mount(
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_body_string("{\"translatedText\": [\"cut"))
            .up_to_n_times(1)
            .with_priority(1),
    );
    fake.mount(
        Mock::given(method("POST"))
            .respond_with(libre_ok)
            .with_priority(2),
    );
    let out = p.render(
        &p.cmd(&[
            "translate",
            "seeds/news.txt",
            "--backend",
            "libretranslate",
            "--jobs",
            "1",
        ])
        .env("LIBRETRANSLATE_URL", fake.uri())
        .output()
        .unwrap(),
    );
    let c = chars(&sentences(4)) * 2;
    assert_eq!(
        out,
        expect(
            0,
            "",
            &summary_noted(
                "libretranslate",
                4,
                "3 requests",
                "0 retries",
                "1 split batch",
                c,
                "; 8 texts sent for 4 segments (2.00×)",
                Some(c)
            )
        )
    );
    let sizes: Vec<usize> = fake
        .requests()
        .iter()
        .map(|r| texts_of(r, "q").len())
        .collect();
    assert_eq!(sizes, [4, 2, 2]);
}

#[test]
fn translate_wrong_number_of_translations_splits() {
    let p = project(4);
    let fake = Fake::start();
    // Any batch of more than one text comes back one short.
    fake.mount(Mock::given(method("POST")).respond_with(|req: &Request| {
        let texts = texts_of(req, "text");
        let mut out: Vec<Value> = texts.iter().map(|t| json!({"text": english(t)})).collect();
        if out.len() > 1 {
            out.pop();
        }
        ResponseTemplate::new(200).set_body_json(json!({ "translations": out }))
    }));
    let out = p.render(
        &p.cmd(&[
            "translate",
            "seeds/news.txt",
            "--backend",
            "deepl",
            "--jobs",
            "1",
        ])
        .env("DEEPL_AUTH_KEY", DEEPL_KEY)
        .env("DEEPL_API_URL", fake.uri())
        .output()
        .unwrap(),
    );
    // An engine that answers by position: a short answer cannot be matched, so the batch
    // is sent again whole once, then split: 4, 4 → 2, 2, 2, 2 → 1 + 1 + 1 + 1: ten requests,
    // three splits.
    let c = chars(&sentences(4)) * 5;
    assert_eq!(
        out,
        expect(
            0,
            "",
            &summary_noted(
                "deepl",
                4,
                "10 requests",
                "0 retries",
                "3 split batches",
                c,
                "; 3 batches sent again whole after a short answer (this engine answers by \
                 position, so the texts it gave back could not be matched); 20 texts sent for 4 \
                 segments (5.00×)",
                Some(c)
            )
        )
    );
    let store = p.read("translations/news.yaml");
    assert_eq!(store.matches("state: draft").count(), 4);
}

#[test]
fn translate_openai_truncation_splits_the_batch() {
    let p = project(4);
    let fake = Fake::start();
    fake.mount(Mock::given(method("POST")).respond_with(|req: &Request| {
        let n = openai_ids(req).len();
        if n > 2 {
            openai_answer(req, "length", true)
        } else {
            openai_ok(req)
        }
    }));
    let out = p.render(&openai_cmd(&p, &fake, &["--jobs", "1"]).output().unwrap());
    let c = chars(&sentences(4)) * 2;
    assert_eq!(
        out,
        expect(
            0,
            "",
            &summary_noted(
                "openai",
                4,
                "3 requests",
                "0 retries",
                "1 split batch",
                c,
                "; 8 texts sent for 4 segments (2.00×)",
                None
            )
        )
    );
    let sizes: Vec<usize> = fake
        .requests()
        .iter()
        .map(|r| openai_ids(r).len())
        .collect();
    assert_eq!(sizes, [4, 2, 2]);
}

const RESUME_NOTE: &str =
    "fix the cause and run the same command again to translate only what is missing";

#[test]
fn translate_openai_insufficient_quota_stops_with_what_to_do() {
    let p = project(3);
    let fake = Fake::start();
    fake.mount(
        Mock::given(method("POST")).respond_with(ResponseTemplate::new(429).set_body_json(
            json!({"error": {
        "message": "You exceeded your current quota, please check your plan and billing details.",
        "type": "insufficient_quota", "param": null, "code": "insufficient_quota"}}),
        )),
    );
    let out = p.render(&openai_cmd(&p, &fake, &[]).output().unwrap());
    assert_eq!(
        out,
        expect(
            2,
            "",
            &format!(
                "error: translation with `openai` stopped at document `news`, segment 1 (a batch of 3, after 1 attempt): \
                 openai: HTTP 429: You exceeded your current quota, please check your plan and billing details.\n\
                 hint: the account has no credit left (insufficient_quota): add credit or raise the budget with the provider, \
                 then run the same command again; finished segments are kept\nhint: 0 segment(s) were stored before the stop; {RESUME_NOTE}\n"
            )
        )
    );
    assert_eq!(fake.requests().len(), 1, "a quota error is never retried");
}

#[test]
fn translate_deepl_456_stops_with_what_to_do() {
    let p = project(3);
    let fake = Fake::start();
    fake.mount(Mock::given(method("POST")).respond_with(
        ResponseTemplate::new(456).set_body_json(json!({"message": "Quota Exceeded"})),
    ));
    let out = p.render(
        &p.cmd(&["translate", "seeds/news.txt", "--backend", "deepl"])
            .env("DEEPL_API_KEY", DEEPL_KEY)
            .env("DEEPL_API_URL", fake.uri())
            .output()
            .unwrap(),
    );
    assert_eq!(
        out,
        expect(
            2,
            "",
            &format!(
                "error: translation with `deepl` stopped at document `news`, segment 1 (a batch of 3, after 1 attempt): \
                 deepl: HTTP 456: Quota Exceeded\nhint: the DeepL character quota is used up: raise the cost-control limit \
                 or upgrade the plan in the DeepL account (or wait for the next billing period), then run the same command again; \
                 finished segments are kept\nhint: 0 segment(s) were stored before the stop; {RESUME_NOTE}\n"
            )
        )
    );
    assert_eq!(fake.requests().len(), 1);
}

#[test]
fn translate_missing_key_names_the_variable() {
    let p = project(1);
    for (backend, var) in [
        ("openai", "OPENAI_API_KEY"),
        ("deepl", "DEEPL_AUTH_KEY"),
        ("google", "GOOGLE_API_KEY"),
    ] {
        let out = p.run(&["translate", "seeds/news.txt", "--backend", backend]);
        assert_eq!(
            out,
            expect(
                2,
                "",
                &format!(
                    "error: no API key for the `{backend}` backend: set {var} (or {var}_FILE to a file holding it)\n"
                )
            )
        );
    }
    let out = p.run(&["translate", "seeds/news.txt", "--backend", "libretranslate"]);
    assert_eq!(
        out,
        expect(
            2,
            "",
            "error: no address for the `libretranslate` backend: set LIBRETRANSLATE_URL or pass --base-url\n"
        )
    );
    assert!(!p.join("translations").exists());
}

#[test]
fn translate_key_from_a_file() {
    let p = project(1);
    p.write("secret/key", format!("{OPENAI_KEY}\n"));
    let fake = Fake::start();
    fake.mount(Mock::given(method("POST")).respond_with(openai_ok));
    let mut cmd = p.cmd(&["translate", "seeds/news.txt", "--backend", "openai"]);
    cmd.env("OPENAI_API_KEY_FILE", p.join("secret/key"))
        .env("OPENAI_BASE_URL", format!("{}/v1", fake.uri()));
    assert_eq!(cmd.output().unwrap().status.code(), Some(0));
    let reqs = fake.requests();
    assert_eq!(
        reqs[0]
            .headers
            .get("authorization")
            .unwrap()
            .to_str()
            .unwrap(),
        format!("Bearer {OPENAI_KEY}")
    );
}

#[test]
fn translate_unreachable_server() {
    let p = project(1);
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = p.render(
        &p.cmd(&[
            "translate",
            "seeds/news.txt",
            "--backend",
            "libretranslate",
            "--retries",
            "0",
        ])
        .env("LIBRETRANSLATE_URL", format!("http://127.0.0.1:{port}"))
        .output()
        .unwrap(),
    );
    let prefix = format!(
        "exit_code: 2\n----- stdout -----\n----- stderr -----\nerror: translation with `libretranslate` stopped at document `news`, \
         segment 1 (a batch of 1, after 1 attempt): libretranslate: cannot reach `127.0.0.1:{port}`: error sending request"
    );
    assert!(out.starts_with(&prefix), "{out}");
    assert!(out.contains("Connection refused"), "{out}");
    assert!(
        out.contains("\nhint: check that the server is running"),
        "{out}"
    );
    assert!(out.ends_with(&format!("{RESUME_NOTE}\n")), "{out}");
}

#[test]
fn translate_https_is_required_except_for_loopback() {
    let p = project(1);
    let out = p.render(
        &p.cmd(&["translate", "seeds/news.txt", "--backend", "openai"])
            .env("OPENAI_API_KEY", OPENAI_KEY)
            .env("OPENAI_BASE_URL", "http://api.example.com/v1")
            .output()
            .unwrap(),
    );
    assert_eq!(
        out,
        expect(
            2,
            "",
            "error: openai: OPENAI_BASE_URL: `http://api.example.com/v1` is plain http; use https:// \
             (plain http is allowed only for loopback addresses such as 127.0.0.1 or localhost)\n"
        )
    );
    let out = p.run(&[
        "translate",
        "seeds/news.txt",
        "--backend",
        "google",
        "--base-url",
        "http://10.1.2.3/t",
    ]);
    assert!(out.starts_with("exit_code: 2\n"), "{out}");
}

#[test]
fn translate_resume_after_a_stop_sends_only_what_is_missing() {
    let p = project(12);
    let fake = Fake::start();
    // The server answers two batches, then fails for good.
    let served = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&served);
    fake.mount(
        Mock::given(method("POST")).respond_with(move |req: &Request| {
            if counter.fetch_add(1, Ordering::SeqCst) < 2 {
                openai_ok(req)
            } else {
                ResponseTemplate::new(500).set_body_string("boom")
            }
        }),
    );
    let out = p.render(
        &openai_cmd(
            &p,
            &fake,
            &["--jobs", "1", "--batch-size", "4", "--retries", "0"],
        )
        .output()
        .unwrap(),
    );
    assert!(out.starts_with("exit_code: 2\n"), "{out}");
    assert!(out.contains("stopped at document `news`, segment 9 (a batch of 4, after 1 attempt): openai: HTTP 500: boom"), "{out}");
    assert!(
        out.contains("8 segment(s) were stored before the stop"),
        "{out}"
    );
    let store = p.read("translations/news.yaml");
    assert_eq!(store.matches("state: draft").count(), 8);

    // A healthy server: only the four missing sentences are asked for.
    fake.reset();
    fake.mount(Mock::given(method("POST")).respond_with(openai_ok));
    let out = p.render(
        &openai_cmd(&p, &fake, &["--jobs", "1", "--batch-size", "4"])
            .output()
            .unwrap(),
    );
    let missing: Vec<String> = sentences(12).split_off(8);
    assert_eq!(
        out,
        expect(
            0,
            "",
            &format!(
                "news: 12 segments, 4 translated (4 sent to openai); wrote `translations/news.yaml`\n\
                 openai: 4 segments in 1 request (0 retries, 0 split batches), {} characters sent\n",
                chars(&missing)
            )
        )
    );
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(openai_ids(&reqs[0]), missing);
    assert_eq!(
        p.read("translations/news.yaml")
            .matches("state: draft")
            .count(),
        12
    );
}

#[test]
fn translate_many_documents_share_one_pool_and_memory() {
    let p = Project::empty();
    let s = sentences(4);
    p.write("seeds/a.txt", format!("{}\n{}\n", s[0], s[1]));
    p.write("seeds/b.txt", format!("{}\n{}\n", s[1], s[2]));
    let fake = Fake::start();
    fake.mount(Mock::given(method("POST")).respond_with(libre_ok));
    let run = |args: &[&str]| {
        p.render(
            &p.cmd(args)
                .env("LIBRETRANSLATE_URL", fake.uri())
                .output()
                .unwrap(),
        )
    };
    let out = run(&["translate", "seeds", "--backend", "libretranslate"]);
    assert_eq!(
        out,
        expect(
            0,
            "",
            &format!(
                "a: 2 segments, 2 translated (2 sent to libretranslate); wrote `translations/a.yaml`\n\
                 b: 2 segments, 2 translated (1 sent to libretranslate); wrote `translations/b.yaml`\n\
                 libretranslate: 3 segments in 1 request (0 retries, 0 split batches), {0} characters sent\n\
                 libretranslate: usage: {0} characters billed\n",
                chars(&s[..3])
            )
        )
    );
    // The shared sentence went once.
    assert_eq!(texts_of(&fake.requests()[0], "q"), s[..3].to_vec());

    // A new document reuses what the project already has.
    p.write("seeds/c.txt", format!("{}\n{}\n", s[2], s[3]));
    let out = run(&["translate", "seeds/c.txt", "--backend", "libretranslate"]);
    assert_eq!(
        out,
        expect(
            0,
            "",
            &format!(
                "c: 2 segments, 2 translated (1 sent to libretranslate, 1 from translation memory); wrote `translations/c.yaml`\n\
                 libretranslate: 1 segment in 1 request (0 retries, 0 split batches), {0} characters sent\n\
                 libretranslate: usage: {0} characters billed\n",
                chars(&s[3..])
            )
        )
    );
    assert_eq!(texts_of(&fake.requests()[1], "q"), s[3..].to_vec());
    assert!(p.read("translations/c.yaml").contains("kind: memory"));
}

#[test]
fn translate_never_sends_a_persons_target() {
    let p = project(3);
    let fake = Fake::start();
    fake.mount(Mock::given(method("POST")).respond_with(libre_ok));
    let lt = |args: &[&str]| {
        p.cmd(args)
            .env("LIBRETRANSLATE_URL", fake.uri())
            .output()
            .unwrap()
    };
    p.cmd(&["translate", "seeds/news.txt"]).assert().success();
    p.cmd(&[
        "edit",
        "translations/news.yaml",
        "2",
        "--target",
        "Checked by hand.",
        "--state",
        "reviewed",
    ])
    .assert()
    .success();
    let out = p.render(&lt(&[
        "translate",
        "seeds/news.txt",
        "--backend",
        "libretranslate",
    ]));
    assert!(out.starts_with("exit_code: 0\n"), "{out}");
    let s = sentences(3);
    assert_eq!(
        texts_of(&fake.requests()[0], "q"),
        vec![s[0].clone(), s[2].clone()]
    );
    assert!(
        p.read("translations/news.yaml")
            .contains("target: Checked by hand.")
    );
}

#[test]
fn translate_dry_run_shows_requests_with_keys_redacted() {
    let p = project(2);
    let fake = Fake::start();
    let out = p.render(
        &p.cmd(&[
            "translate",
            "seeds/news.txt",
            "--backend",
            "libretranslate",
            "--dry-run",
        ])
        .env("LIBRETRANSLATE_URL", fake.uri())
        .env("LIBRETRANSLATE_API_KEY", LIBRE_KEY)
        .output()
        .unwrap(),
    );
    let s = sentences(2);
    let shown = json!({
        "body": {"api_key": "[redacted]", "format": "text", "q": s, "source": "ar", "target": "en"},
        "headers": {},
        "method": "POST",
        "url": format!("{}/translate", fake.uri()),
    });
    let stdout = serde_json::to_string_pretty(&shown).unwrap() + "\n";
    assert_eq!(
        out,
        expect(
            0,
            &stdout,
            "dry run: 2 segment(s) in 1 request(s) to libretranslate; nothing sent, nothing written\n\
             estimate: 92 characters billed, no price set (`translate.libretranslate.price` in workbench.yaml)\n"
        )
    );
    assert!(fake.requests().is_empty());
    assert!(!p.join("translations").exists());
}

/// DeepL's dry run shows the glossary requests that come first (the list, and the creation
/// when it is missing), then the translate requests; keys redacted, nothing sent.
#[test]
fn translate_deepl_dry_run_shows_the_glossary_requests() {
    let p = project(2);
    p.write(
        "glossary.yaml",
        "version: 1\nterms:\n  - english: the spokesman\n    arabic: [المتحدث]\n",
    );
    let fake = Fake::start();
    let out = p
        .cmd(&[
            "translate",
            "seeds/news.txt",
            "--backend",
            "deepl",
            "--dry-run",
        ])
        .env("DEEPL_AUTH_KEY", DEEPL_KEY)
        .env("DEEPL_API_URL", fake.uri())
        .output()
        .unwrap();
    let name = workbench::translate::deepl::glossary_name("المتحدث\tthe spokesman");
    let auth = json!({"authorization": "[redacted]"});
    let list = json!({
        "body": null,
        "headers": auth,
        "method": "GET",
        "url": format!("{}/v3/glossaries", fake.uri()),
        "when": format!("first: look for the project glossary `{name}`; the translate requests then carry its `glossary_id`"),
    });
    let create = json!({
        "body": {"dictionaries": [{"entries": "المتحدث\tthe spokesman", "entries_format": "tsv",
            "source_lang": "ar", "target_lang": "en"}], "name": name},
        "headers": auth,
        "method": "POST",
        "url": format!("{}/v3/glossaries", fake.uri()),
        "when": "only when the account has no glossary of that name",
    });
    let translate = json!({
        "body": {"source_lang": "AR", "split_sentences": "0", "target_lang": "EN-US",
            "text": sentences(2)},
        "headers": auth,
        "method": "POST",
        "url": format!("{}/v2/translate", fake.uri()),
    });
    let stdout: String = [list, create, translate]
        .iter()
        .map(|v| serde_json::to_string_pretty(v).unwrap() + "\n")
        .collect();
    assert_eq!(
        p.render(&out),
        expect(
            0,
            &stdout,
            "dry run: 2 segment(s) in 1 request(s) to deepl (after up to 2 glossary request(s)); nothing sent, nothing written\n\
             estimate: 92 characters billed, no price set (`translate.deepl.price` in workbench.yaml)\n"
        )
    );
    assert!(fake.requests().is_empty());
    assert!(!p.join("translations").exists());
}

/// Every place a key could leak: outputs, files in the project, request URLs and bodies. The
/// key may appear only in the authorization header of the requests.
#[test]
fn translate_keys_appear_only_in_the_auth_header() {
    let p = project(3);
    let fake = Fake::start();
    fake.mount(
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": {
                "message": format!("Incorrect API key provided: {OPENAI_KEY}"), "type": "invalid_request_error",
                "code": "invalid_api_key"}})))
            .up_to_n_times(1)
            .with_priority(1),
    );
    fake.mount(
        Mock::given(method("POST"))
            .respond_with(openai_ok)
            .with_priority(2),
    );
    let mut outputs = Vec::new();
    for extra in [
        &["--dry-run"][..],
        &[],
        &["--verbose"],
        &["--format", "json"],
    ] {
        outputs.push(p.render(&openai_cmd(&p, &fake, extra).output().unwrap()));
    }
    assert!(outputs[1].starts_with("exit_code: 2\n"), "{}", outputs[1]);
    assert!(
        outputs[1].contains("check `OPENAI_API_KEY`"),
        "{}",
        outputs[1]
    );
    assert!(outputs[2].starts_with("exit_code: 0\n"), "{}", outputs[2]);
    for out in &outputs {
        assert!(!out.contains(OPENAI_KEY), "{out}");
        assert!(!out.contains("Zq81xKEY"), "{out}");
    }
    let mut stack = vec![p.path().to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs_err::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = fs_err::read(&path).unwrap();
                assert!(
                    !String::from_utf8_lossy(&bytes).contains("Zq81xKEY"),
                    "{}",
                    path.display()
                );
            }
        }
    }
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 2);
    for r in &reqs {
        assert!(!r.url.as_str().contains("Zq81xKEY"));
        assert!(!String::from_utf8_lossy(&r.body).contains("Zq81xKEY"));
        for (name, value) in &r.headers {
            let has = String::from_utf8_lossy(value.as_bytes()).contains("Zq81xKEY");
            assert_eq!(has, name.as_str() == "authorization", "{name}");
        }
    }
}

#[test]
fn translate_settings_from_the_project_file() {
    let p = project(2);
    let fake = Fake::start();
    fake.mount(Mock::given(method("POST")).respond_with(libre_ok));
    p.write(
        "workbench.yaml",
        format!(
            "translate:\n  libretranslate:\n    base_url: {}\n    batch_size: 1\n    jobs: 1\n",
            fake.uri()
        ),
    );
    let out = p.run(&["translate", "seeds/news.txt", "--backend", "libretranslate"]);
    let c = chars(&sentences(2));
    assert_eq!(
        out,
        expect(
            0,
            "",
            &summary_noted(
                "libretranslate",
                2,
                "2 requests",
                "0 retries",
                "0 split batches",
                c,
                "",
                Some(c)
            )
        )
    );
    // A key in the file is refused: keys come only from the environment.
    p.write(
        "workbench.yaml",
        "translate:\n  openai:\n    api_key: sk-nope\n",
    );
    let out = p.run(&["translate", "seeds/news.txt", "--backend", "openai"]);
    assert!(out.starts_with("exit_code: 2\n"), "{out}");
    assert!(
        out.contains("workbench.yaml:3:5: `api_key` looks like a secret"),
        "{out}"
    );
    assert!(
        out.contains("set OPENAI_API_KEY in the environment instead"),
        "{out}"
    );
}

#[test]
fn translate_glossary_retry_keeps_the_better_draft() {
    let p = project(2);
    p.write(
        "glossary.yaml",
        "version: 1\nterms:\n  - english: the spokesman\n    arabic: [المتحدث]\n",
    );
    let fake = Fake::start();
    // The first answer ignores the glossary; asked again, the engine uses it.
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&calls);
    fake.mount(
        Mock::given(method("POST")).respond_with(move |req: &Request| {
            if seen.fetch_add(1, Ordering::SeqCst) == 0 {
                return openai_ok(req);
            }
            let body: Value = req.body_json().unwrap();
            let user: Value =
                serde_json::from_str(body["messages"][1]["content"].as_str().unwrap()).unwrap();
            let items: Vec<Value> = user["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| json!({"id": i["id"], "text": "the spokesman said so"}))
                .collect();
            let content = json!({ "translations": items }).to_string();
            ResponseTemplate::new(200)
                .set_body_json(json!({"choices": [{"index": 0, "finish_reason": "stop",
            "message": {"role": "assistant", "content": content, "refusal": null}}]}))
        }),
    );
    let out = p.render(
        &openai_cmd(&p, &fake, &["--glossary-retry"])
            .output()
            .unwrap(),
    );
    assert!(out.starts_with("exit_code: 0\n"), "{out}");
    assert!(out.contains("openai: 4 segments in 2 requests"), "{out}");
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 2);
    let system = reqs[1].body_json::<Value>().unwrap()["messages"][0]["content"].clone();
    assert!(
        system
            .as_str()
            .unwrap()
            .contains("- المتحدث = the spokesman"),
        "{system}"
    );
    let store = p.read("translations/news.yaml");
    assert_eq!(
        store.matches("target: the spokesman said so").count(),
        2,
        "{store}"
    );
}

#[test]
fn translate_openai_servers_in_turn() {
    let p = project(4);
    let (one, two) = (Fake::start(), Fake::start());
    one.mount(Mock::given(method("POST")).respond_with(openai_ok));
    two.mount(Mock::given(method("POST")).respond_with(openai_ok));
    let mut cmd = p.cmd(&[
        "translate",
        "seeds/news.txt",
        "--backend",
        "openai",
        "--batch-size",
        "1",
    ]);
    cmd.env(
        "OPENAI_BASE_URL",
        format!("{}/v1, {}/v1", one.uri(), two.uri()),
    );
    let out = p.render(&cmd.output().unwrap());
    let c = chars(&sentences(4));
    assert_eq!(
        out,
        expect(
            0,
            "",
            &summary("openai", 4, "4 requests", "0 retries", "0 split batches", c)
        )
    );
    assert_eq!(one.requests().len(), 2);
    assert_eq!(two.requests().len(), 2);
    // Loopback servers need no key, and get no authorization header.
    assert!(one.requests()[0].headers.get("authorization").is_none());
}

/// Ctrl-C stops sending, keeps the finished batches and exits with 130; running again asks
/// only for the rest.
#[cfg(unix)]
#[test]
fn translate_interrupt_keeps_finished_batches() {
    let p = project(8);
    let fake = Fake::start();
    fake.mount(
        Mock::given(method("POST"))
            .respond_with(|req: &Request| libre_ok(req).set_delay(Duration::from_millis(300))),
    );
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("workbench"));
    cmd.current_dir(p.path())
        .args([
            "translate",
            "seeds/news.txt",
            "--backend",
            "libretranslate",
            "--jobs",
            "1",
            "--batch-size",
            "1",
        ])
        .env("LIBRETRANSLATE_URL", fake.uri())
        .env("SOURCE_DATE_EPOCH", crate::harness::EPOCH)
        .env_remove("LIBRETRANSLATE_API_KEY")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().unwrap();
    // Wait for the first stored batch, then interrupt.
    let store = p.join("translations/news.yaml");
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let stored = || {
        workbench::store::Document::load(&store)
            .is_ok_and(|d| d.segments.iter().any(|s| !s.target.is_empty()))
    };
    while !stored() {
        assert!(std::time::Instant::now() < deadline, "no batch was stored");
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    let out = p.render(&output);
    assert!(
        out.starts_with("exit_code: 130\n----- stdout -----\n----- stderr -----\n"),
        "{out}"
    );
    assert!(out.contains("warning: interrupted: "), "{out}");
    assert!(
        out.contains("run the same command again to translate the rest"),
        "{out}"
    );
    let done = p
        .read("translations/news.yaml")
        .matches("state: draft")
        .count();
    assert!((1..8).contains(&done), "{done}");
    let sent_before = fake.requests().len();

    fake.reset();
    fake.mount(Mock::given(method("POST")).respond_with(libre_ok));
    let out = p.render(
        &p.cmd(&[
            "translate",
            "seeds/news.txt",
            "--backend",
            "libretranslate",
            "--batch-size",
            "8",
        ])
        .env("LIBRETRANSLATE_URL", fake.uri())
        .output()
        .unwrap(),
    );
    assert!(out.starts_with("exit_code: 0\n"), "{out}");
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(texts_of(&reqs[0], "q").len(), 8 - done);
    assert!(sent_before >= done);
    assert_eq!(
        p.read("translations/news.yaml")
            .matches("state: draft")
            .count(),
        8
    );
}

#[test]
fn translate_reattaches_inline_codes_an_engine_keeps_losing() {
    // A sentence with a standalone inline code (`<x1/>`) and one without; the fake engine
    // drops every code, so the coded sentence is sent once more, alone, then stored with its
    // code re-attached, and review reports it.
    let coded = "قال المتحدث <x1/>إن الاجتماع انتهى.";
    let plain = "وأضاف أن الوفد سيعود.";
    let p = Project::empty();
    p.write("seeds/news.txt", format!("{coded}\n{plain}\n"));
    let fake = Fake::start();
    fake.mount(
        Mock::given(method("POST"))
            .and(path("/v1/chat/completions"))
            .respond_with(openai_ok),
    );
    let out = p.render(&openai_cmd(&p, &fake, &[]).output().unwrap());
    assert!(out.starts_with("exit_code: 0\n"), "{out}");
    // The coded sentence's characters count twice: it was sent twice.
    let c = chars(&[coded.to_owned(), plain.to_owned(), coded.to_owned()]);
    assert!(
        out.contains(&format!(
            "openai: 2 segments in 2 requests (0 retries, 0 split batches), {c} characters sent; \
             1 segment re-sent for broken inline codes, 1 stored with the codes re-attached"
        )),
        "{out}"
    );
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(openai_ids(&reqs[1]), [coded]);
    let body: Value = reqs[1].body_json().unwrap();
    let system = body["messages"][0]["content"].as_str().unwrap();
    assert!(system.contains("inline codes"), "{system}");

    let review = p.run(&["review", "translations/news.yaml", "--format", "json"]);
    let json: Value = serde_json::from_str(
        review
            .split("----- stdout -----\n")
            .nth(1)
            .and_then(|s| s.split("----- stderr -----").next())
            .unwrap(),
    )
    .unwrap();
    let row = &json["rows"][0];
    assert_eq!(row["target"], format!("<x1/>{}", english(coded)));
    let finding = row["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "tags")
        .expect("a tags finding");
    assert_eq!(finding["severity"], "warning");
    assert_eq!(finding["evidence"][0]["text"], "<x1/>");
    assert!(
        json["rows"][1]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["kind"] != "tags")
    );
}

// The fault profiles of the engine economy: what a run pays when the server leaves out ids,
// rate-limits, or goes down. Timings are scaled down (a limiter on a 100 ms clock, quick
// backoffs through hidden settings) so that each test takes a few seconds; the wall time
// against the limiter's bound is measured in `benches/translate.rs`.

/// An OpenAI-compatible answer echoing each item as `EN <text>`, reporting 10 prompt and 5
/// completion tokens per item; without its last item when `drop_last`.
fn openai_echo(req: &Request, drop_last: bool) -> ResponseTemplate {
    let body: Value = req.body_json().expect("json body");
    let user: Value = serde_json::from_str(body["messages"][1]["content"].as_str().expect("user"))
        .expect("user json");
    let mut items: Vec<Value> = user["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| json!({"id": i["id"], "text": format!("EN {}", i["text"].as_str().unwrap_or(""))}))
        .collect();
    let n = items.len();
    if drop_last {
        items.pop();
    }
    let content = json!({ "translations": items }).to_string();
    ResponseTemplate::new(200).set_body_json(json!({
        "id": "c", "object": "chat.completion", "created": 0, "model": "m",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": content, "refusal": null}}],
        "usage": {"prompt_tokens": 10 * n, "completion_tokens": 5 * n, "total_tokens": 15 * n}
    }))
}

/// Every segment of `translations/news.yaml` is a draft whose target is `EN <source>`.
fn every_target_right(p: &Project, n: usize) {
    let doc = workbench::store::Document::load(&p.path().join("translations/news.yaml"))
        .expect("the document");
    assert_eq!(doc.segments.len(), n);
    for s in &doc.segments {
        assert_eq!(s.target, format!("EN {}", s.source), "segment {}", s.id);
    }
}

#[test]
fn translate_openai_answers_missing_an_id_cost_only_that_id() {
    let p = project(400);
    let fake = Fake::start();
    // Every third answer leaves out its last id.
    let answers = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&answers);
    fake.mount(
        Mock::given(method("POST")).respond_with(move |req: &Request| {
            let n = seen.fetch_add(1, Ordering::SeqCst);
            openai_echo(req, n % 3 == 2)
        }),
    );
    let out = p.render(&openai_cmd(&p, &fake, &["--jobs", "1"]).output().unwrap());
    let reqs = fake.requests();
    let texts: Vec<String> = reqs.iter().flat_map(openai_ids).collect();
    // Batches of 20: the answers that leave out an id are always full batches' (the third,
    // fifth… nineteenth), and each missing id is asked for alone: 20 + 9 requests.
    assert_eq!(reqs.len(), 29);
    assert_eq!(texts.len(), 409);
    assert!(texts.len() as f64 <= 1.15 * 400.0);
    assert_eq!(
        out,
        expect(
            0,
            "",
            &format!(
                "news: 400 segments, 400 translated (400 sent to openai); wrote `translations/news.yaml`\n\
                 openai: 400 segments in 29 requests (0 retries, 0 split batches), {} characters sent; \
                 9 answers left out 9 segments, asked again for those only; 409 texts sent for 400 \
                 segments (1.02×)\n\
                 openai: usage: 4090 prompt + 2045 completion tokens\n",
                chars(&texts)
            )
        )
    );
    every_target_right(&p, 400);
}

#[test]
fn translate_openai_behind_a_rate_limiter_slows_down_and_finishes() {
    let p = project(400);
    let fake = Fake::start();
    // A gateway that lets 2 requests start in any 100 ms (2 a second, on a clock ten times
    // faster) and refuses the others with 429 and `retry-after-ms: 100`.
    let starts = Arc::new(std::sync::Mutex::new(Vec::<std::time::Instant>::new()));
    let refused = Arc::new(AtomicUsize::new(0));
    let (gate, count) = (Arc::clone(&starts), Arc::clone(&refused));
    fake.mount(Mock::given(method("POST")).respond_with(move |req: &Request| {
        let now = std::time::Instant::now();
        let mut starts = gate.lock().expect("limiter");
        starts.retain(|t| now.duration_since(*t) < Duration::from_millis(100));
        if starts.len() >= 2 {
            count.fetch_add(1, Ordering::SeqCst);
            return ResponseTemplate::new(429)
                .insert_header("retry-after-ms", "100")
                .set_body_json(json!({"error": {"message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded"}}));
        }
        starts.push(now);
        openai_echo(req, false)
    }));
    let cmd = openai_cmd(
        &p,
        &fake,
        &[
            "--jobs",
            "8",
            "--batch-size",
            "10",
            "--rate-window-ms",
            "100",
            "--backoff-ms",
            "10",
            "--format",
            "json",
        ],
    )
    .output()
    .unwrap();
    let reqs = fake.requests();
    let texts: usize = reqs.iter().map(|r| openai_ids(r).len()).sum();
    let limited = refused.load(Ordering::SeqCst);
    assert_eq!(cmd.status.code(), Some(0), "{}", p.render(&cmd));
    assert_eq!(String::from_utf8_lossy(&cmd.stderr), "");
    let summary: Value = serde_json::from_slice(&cmd.stdout).expect("json summary");
    assert_eq!(summary["segments"], 400);
    assert_eq!(summary["texts"], texts);
    assert_eq!(summary["rate_limited"], limited);
    assert!(limited >= 1, "the limiter refused nothing");
    assert!(summary["slowdowns"].as_u64() >= Some(1));
    // At most 1.3 times the texts: the first burst of 8 loses 6 batches, and the pool stays
    // near the limit after it.
    assert!(texts as f64 <= 1.3 * 400.0, "{texts} texts sent for 400");
    every_target_right(&p, 400);
}

#[test]
fn translate_openai_outage_stops_after_a_few_probes() {
    let p = project(400);
    let fake = Fake::start();
    // Two answers, then every request fails.
    let answers = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&answers);
    fake.mount(
        Mock::given(method("POST")).respond_with(move |req: &Request| {
            if seen.fetch_add(1, Ordering::SeqCst) < 2 {
                openai_echo(req, false)
            } else {
                ResponseTemplate::new(503)
                    .set_body_json(json!({"error": {"message": "Service unavailable"}}))
            }
        }),
    );
    let out = openai_cmd(&p, &fake, &["--jobs", "4", "--backoff-ms", "5"])
        .output()
        .unwrap();
    let reqs = fake.requests().len();
    assert_eq!(out.status.code(), Some(2), "{}", p.render(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: translation with `openai` stopped at document `news`, segment "),
        "{stderr}"
    );
    assert!(
        stderr.contains("openai: HTTP 503: Service unavailable"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with(
            "hint: 40 segment(s) were stored before the stop; fix the cause and run the same command again to translate only what is missing\n"
        ),
        "{stderr}"
    );
    // After the first failure: the 4 requests in flight, the failures that open the circuit
    // (3 in a row) and the probes (as many as retries, 4), never more.
    assert!(reqs - 2 <= 4 + 3 + 4, "{reqs} requests");
}

#[test]
fn translate_usage_and_cost_with_prices() {
    let p = project(4);
    p.write(
        "workbench.yaml",
        "translate:\n  openai:\n    price: {input_tokens: 2.5, output_tokens: 10, currency: USD}\n  \
         libretranslate:\n    price: {characters: 20, currency: EUR}\n",
    );
    let fake = Fake::start();
    fake.mount(
        Mock::given(method("POST"))
            .and(path("/v1/chat/completions"))
            .respond_with(|req: &Request| openai_echo(req, false)),
    );
    fake.mount(
        Mock::given(method("POST"))
            .and(path("/translate"))
            .respond_with(libre_ok),
    );
    let c = chars(&sentences(4));
    // The estimate before anything is sent, with its cost.
    let dry = p.render(
        &p.cmd(&[
            "translate",
            "seeds/news.txt",
            "--backend",
            "libretranslate",
            "--dry-run",
        ])
        .env("LIBRETRANSLATE_URL", fake.uri())
        .output()
        .unwrap(),
    );
    assert!(
        dry.ends_with(&format!(
            "dry run: 4 segment(s) in 1 request(s) to libretranslate; nothing sent, nothing written\n\
             estimate: {c} characters billed, cost about {:.4} EUR\n",
            c as f64 * 20.0 / 1e6
        )),
        "{dry}"
    );
    // A budget under the estimate: refused before anything is sent.
    let refused = p.render(
        &p.cmd(&["translate", "seeds/news.txt", "--backend", "libretranslate"])
            .args(["--max-characters", "100"])
            .env("LIBRETRANSLATE_URL", fake.uri())
            .output()
            .unwrap(),
    );
    assert_eq!(
        refused,
        expect(
            2,
            "",
            &format!(
                "error: this run would send {c} characters of source text to `libretranslate`, more than --max-characters 100; nothing was sent\n\
                 hint: translate fewer documents at a time, or raise the limit\n"
            )
        )
    );
    let refused = p.render(
        &openai_cmd(&p, &fake, &["--max-cost", "0.000001"])
            .output()
            .unwrap(),
    );
    assert!(refused.starts_with("exit_code: 2\n----- stdout -----\n----- stderr -----\nerror: this run would cost about 0.0"), "{refused}");
    assert!(
        refused.contains(" USD with `openai`, more than --max-cost 0.000001; nothing was sent\n"),
        "{refused}"
    );
    assert!(fake.requests().is_empty());
    // The run: tokens and cost in the summary and in the JSON.
    let out = p.render(&openai_cmd(&p, &fake, &[]).output().unwrap());
    assert_eq!(
        out,
        expect(
            0,
            "",
            &format!(
                "news: 4 segments, 4 translated (4 sent to openai); wrote `translations/news.yaml`\n\
                 openai: 4 segments in 1 request (0 retries, 0 split batches), {c} characters sent\n\
                 openai: usage: 40 prompt + 20 completion tokens, cost 0.0003 USD\n"
            )
        )
    );
    // The document's revision of the run records what it cost.
    let stored = p.read("translations/news.yaml");
    assert!(
        stored.contains(
            "  action: translate openai\n  changed: 4\n  usage:\n    input_tokens: 40\n    output_tokens: 20\n    cost: 0.0003"
        ),
        "{stored}"
    );
    assert_eq!(revision_usage(&stored, 1)["currency"], "USD");
    p.write("seeds/news.txt", sentences(6).join("\n") + "\n");
    let json = openai_cmd(&p, &fake, &["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(json.status.code(), Some(0), "{}", p.render(&json));
    assert_eq!(String::from_utf8_lossy(&json.stderr), "");
    let summary: Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(summary["billing"], "tokens");
    assert_eq!(summary["tokens"], json!({"prompt": 20, "completion": 10}));
    let cost = summary["cost"].as_f64().expect("a cost");
    assert!(
        (cost - (2.5 * 20.0 + 10.0 * 10.0) / 1e6).abs() < 1e-12,
        "{cost}"
    );
    assert_eq!(summary["currency"], "USD");
    // The second run's revision has its own usage; the first keeps its.
    let stored = p.read("translations/news.yaml");
    let second = revision_usage(&stored, 2);
    assert_eq!(
        (&second["input_tokens"], &second["output_tokens"]),
        (&json!(20), &json!(10))
    );
    assert!((second["cost"].as_f64().expect("a cost") - cost).abs() < 1e-12);
    assert_eq!(revision_usage(&stored, 1)["input_tokens"], 40);
}

/// The `usage` of revision `number` of a stored document, as JSON (`null` when absent).
fn revision_usage(stored: &str, number: u64) -> Value {
    let doc: Value = serde_yaml::from_str(stored).expect("a stored document");
    let revisions = doc["revisions"].as_array().expect("revisions");
    let revision = revisions
        .iter()
        .find(|r| r["number"] == number)
        .unwrap_or_else(|| panic!("no revision {number} in {stored}"));
    revision["usage"].clone()
}

/// A run over two documents bills characters; each document's revision records its share,
/// in proportion to the characters it took, the shares adding up to the run's total.
#[test]
fn translate_usage_in_each_documents_revision() {
    let p = Project::empty();
    p.write(
        "workbench.yaml",
        "translate:\n  libretranslate:\n    price: {characters: 20, currency: EUR}\n",
    );
    let long = sentences(6);
    let short = sentences(2);
    // One sentence in both: sent once, its characters shared by the two documents.
    let mut short_text = short.clone();
    short_text.push(long[5].clone());
    p.write("seeds/long.txt", long.join("\n") + "\n");
    p.write("seeds/short.txt", short_text.join("\n") + "\n");
    let fake = Fake::start();
    fake.mount(
        Mock::given(method("POST"))
            .and(path("/translate"))
            .respond_with(libre_ok),
    );
    let out = p
        .cmd(&["translate", "seeds", "--backend", "libretranslate"])
        .args(["--format", "json"])
        .env("LIBRETRANSLATE_URL", fake.uri())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", p.render(&out));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let summary: Value = serde_json::from_slice(&out.stdout).expect("json");
    let billed = summary["billed_characters"].as_u64().expect("billed");
    // Sentences 1 and 2 are in both documents too: six distinct sentences are sent.
    assert_eq!(billed, chars(&long) as u64);
    let of = |name: &str| revision_usage(&p.read(&format!("translations/{name}.yaml")), 1);
    let (l, s) = (of("long"), of("short"));
    for u in [&l, &s] {
        assert_eq!(u["input_tokens"], Value::Null, "{u}");
        assert_eq!(u["currency"], "EUR", "{u}");
    }
    let (lc, sc) = (
        l["characters"].as_u64().expect("characters"),
        s["characters"].as_u64().expect("characters"),
    );
    assert_eq!(lc + sc, billed);
    // Sentences 1, 2 and 6 are shared half and half; 3, 4 and 5 are the long one's alone.
    let shared = chars(&[long[0].clone(), long[1].clone(), long[5].clone()]) as f64 / 2.0;
    assert!((sc as f64 - shared).abs() <= 1.0, "{sc} vs {shared}");
    let cost = l["cost"].as_f64().expect("a cost") + s["cost"].as_f64().expect("a cost");
    assert!((cost - billed as f64 * 20.0 / 1e6).abs() < 1e-9, "{cost}");
}
