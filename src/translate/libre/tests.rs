//! The LibreTranslate backend against wiremock: `q` as an array, the key in the body,
//! placeholders for glossary terms.

use std::time::Duration;

use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;
use crate::translate::tests::unit;
use crate::translate::{Action, TermSpan};

const KEY: &str = "lt-test-key";

fn backend(server: &MockServer, key: Option<&str>) -> Libre {
    Libre::new(Config {
        endpoint: Endpoint::parse("libretranslate", &server.uri(), "test").unwrap(),
        key: key.map(Secret::new),
        key_var: "LIBRETRANSLATE_API_KEY".into(),
        batch_size: 50,
        http: HttpSettings {
            connect_timeout: Duration::from_secs(2),
            timeout: Duration::from_secs(2),
        },
    })
    .unwrap()
}

fn with_term() -> Unit {
    let text = "قال وزير الخارجية لافروف";
    let start = text.find("لافروف").unwrap();
    let mut u = unit(5, text);
    u.term_spans = vec![TermSpan {
        range: start..text.len(),
        prefix: String::new(),
        rendering: "Lavrov".into(),
    }];
    u
}

#[test]
fn terms_are_protected_and_restored() {
    let p = protect(&with_term());
    assert_eq!(p.text, "قال وزير الخارجية [T1]");
    assert_eq!(p.renderings, ["Lavrov"]);
    assert_eq!(
        restore("The foreign minister [T1] said", &p.renderings),
        "The foreign minister Lavrov said"
    );
    assert_eq!(
        restore("Minister [ t1 ] said", &p.renderings),
        "Minister Lavrov said"
    );
    assert_eq!(restore("odd [T9]", &p.renderings), "odd [T9]");
}

#[tokio::test]
async fn sends_q_as_an_array_with_the_key_in_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/translate"))
        .and(body_json(json!({
            "q": ["قال وزير الخارجية [T1]", "مرحبا"],
            "source": "ar", "target": "en", "format": "text", "api_key": KEY
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "translatedText": ["Foreign Minister [T1] said", "Hello"]})))
        .expect(1)
        .mount(&server)
        .await;
    let got = backend(&server, Some(KEY))
        .translate(&[with_term(), unit(6, "مرحبا")])
        .await
        .unwrap();
    assert_eq!(got[0].text, "Foreign Minister Lavrov said");
    assert_eq!(got[1].text, "Hello");
    let requests = server.received_requests().await.unwrap();
    assert!(requests[0].headers.get("authorization").is_none());
}

#[tokio::test]
async fn no_key_no_field() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_json(
            json!({"q": ["مرحبا"], "source": "ar", "target": "en", "format": "text"}),
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"translatedText": ["Hello"]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    backend(&server, None)
        .translate(&[unit(1, "مرحبا")])
        .await
        .unwrap();
}

#[test]
fn preview_redacts_the_body_key() {
    let server_uri = "http://127.0.0.1:9";
    let engine = Libre::new(Config {
        endpoint: Endpoint::parse("libretranslate", server_uri, "test").unwrap(),
        key: Some(Secret::new(KEY)),
        key_var: "LIBRETRANSLATE_API_KEY".into(),
        batch_size: 50,
        http: HttpSettings::default(),
    })
    .unwrap();
    let shown = engine.preview(&[unit(1, "مرحبا")]).unwrap().unwrap();
    assert_eq!(shown["body"]["api_key"], "[redacted]");
    assert!(!shown.to_string().contains(KEY));
}

async fn answer_error(response: ResponseTemplate) -> Error {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(response)
        .mount(&server)
        .await;
    backend(&server, Some(KEY))
        .translate(&[unit(1, "أ"), unit(2, "ب")])
        .await
        .unwrap_err()
}

#[tokio::test]
async fn errors_are_classified() {
    let big = answer_error(
        ResponseTemplate::new(400)
            .set_body_json(json!({"error": "Invalid request: request (2) exceeds text limit (1)"})),
    )
    .await;
    assert_eq!(big.action(), Action::Split, "{big}");
    let slow = answer_error(
        ResponseTemplate::new(429).set_body_json(json!({"error": "Slowdown: 10 per 1 minute"})),
    )
    .await;
    assert_eq!(slow.action(), Action::Retry);
    let banned =
        answer_error(ResponseTemplate::new(403).set_body_json(json!({"error": "Invalid API key"})))
            .await;
    assert_eq!(banned.action(), Action::Stop);
    assert!(
        banned
            .hint()
            .unwrap_or_default()
            .contains("LIBRETRANSLATE_API_KEY"),
        "{banned}"
    );
    let short =
        answer_error(ResponseTemplate::new(200).set_body_json(json!({"translatedText": ["a"]})))
            .await;
    assert!(matches!(short, Error::Count { .. }), "{short}");
}

fn coded() -> Unit {
    let text = "قال <g1>لافروف</g1> <x2/>& غادر";
    let start = text.find("لافروف").unwrap();
    let mut u = unit(3, text);
    u.term_spans = vec![TermSpan {
        range: start..start + "لافروف".len(),
        prefix: String::new(),
        rendering: "Lavrov".into(),
    }];
    u
}

#[tokio::test]
async fn a_batch_with_codes_goes_as_html() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/translate"))
        .and(body_json(json!({
            "q": ["قال <g1>[T1]</g1> <x2></x2>&amp; غادر", "مرحبا"],
            "source": "ar", "target": "en", "format": "html"
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "translatedText": ["<g1>[T1]</g1> said <x2></x2>&amp; left", "Hello"]})))
        .expect(1)
        .mount(&server)
        .await;
    let got = backend(&server, None)
        .translate(&[coded(), unit(6, "مرحبا")])
        .await
        .unwrap();
    assert_eq!(got[0].text, "<g1>Lavrov</g1> said <x2/>& left");
    assert_eq!(got[1].text, "Hello");
}

#[tokio::test]
async fn a_lost_code_is_asked_for_once_more_then_reattached() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/translate"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "translatedText": ["<g1>[T1]</g1> said &amp; left"]})))
        .expect(2)
        .mount(&server)
        .await;
    let (outcome, stored) =
        crate::translate::tests::run_units(backend(&server, None), vec![coded()]).await;
    assert_eq!(stored[0].text, "<x2/><g1>Lavrov said & left</g1>");
    assert_eq!(outcome.stats.requests, 2);
    assert_eq!(outcome.stats.code_retries, 1);
    assert_eq!(outcome.stats.codes_reattached, 1);
}
