//! The OpenAI-compatible backend against wiremock: exact requests and every answer shape.

use std::time::Duration;

use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;
use crate::translate::tests::unit;

const KEY: &str = "sk-test-0123456789";

fn backend(server: &MockServer, key: Option<&str>) -> OpenAi {
    OpenAi::new(Config {
        endpoint: Endpoint::parse("openai", &format!("{}/v1", server.uri()), "test").unwrap(),
        more_endpoints: Vec::new(),
        key: key.map(Secret::new),
        key_var: "OPENAI_API_KEY".into(),
        model: "test-model".into(),
        variant: Variant::Gb,
        batch_size: 20,
        http: HttpSettings {
            connect_timeout: Duration::from_secs(2),
            timeout: Duration::from_secs(2),
        },
    })
    .unwrap()
}

fn completion(content: &str, finish: &str) -> serde_json::Value {
    json!({
        "id": "c1", "object": "chat.completion", "created": 0, "model": "test-model",
        "choices": [{"index": 0, "finish_reason": finish,
                     "message": {"role": "assistant", "content": content, "refusal": null}}]
    })
}

fn batch() -> Vec<Unit> {
    let mut a = unit(7, "قال لافروف");
    a.terms = vec![TermHint {
        stressed: false,
        source: "لافروف".into(),
        target: "Lavrov".into(),
    }];
    a.context = Some("قال لافروف في دمشق. ثم غادر".into());
    let mut b = unit(9, "ثم غادر");
    b.context = a.context.clone();
    vec![a, b]
}

use crate::translate::TermHint;

#[tokio::test]
async fn sends_the_exact_request_and_reads_the_answer() {
    let server = MockServer::start().await;
    let content = json!({"translations": [
        {"id": "9", "text": "Then he left"},
        {"id": "7", "text": "Lavrov said"}
    ]})
    .to_string();
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .and(header("authorization", format!("Bearer {KEY}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion(&content, "stop")))
        .expect(1)
        .mount(&server)
        .await;
    let engine = backend(&server, Some(KEY));
    let got = engine.translate(&batch()).await.unwrap();
    let got = crate::translate::match_ids("openai", &batch(), got).unwrap();
    assert_eq!(got[0].text, "Lavrov said");
    assert_eq!(got[1].text, "Then he left");

    let requests = server.received_requests().await.unwrap();
    let body: serde_json::Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(body["model"], "test-model");
    assert_eq!(body["temperature"], 0);
    let rf = &body["response_format"];
    assert_eq!(rf["type"], "json_schema");
    assert_eq!(rf["json_schema"]["name"], "translations");
    assert_eq!(rf["json_schema"]["strict"], true);
    let list = &rf["json_schema"]["schema"]["properties"]["translations"];
    assert_eq!(list["minItems"], 2);
    assert_eq!(list["maxItems"], 2);
    assert_eq!(list["items"]["properties"]["id"]["enum"], json!(["7", "9"]));
    let system = body["messages"][0]["content"].as_str().unwrap();
    assert!(system.contains("en-GB"), "{system}");
    assert!(system.contains("- لافروف = Lavrov"), "{system}");
    let user: serde_json::Value =
        serde_json::from_str(body["messages"][1]["content"].as_str().unwrap()).unwrap();
    assert_eq!(
        user,
        json!({
            "items": [
                {"id": "7", "text": "قال لافروف", "paragraph": "p1"},
                {"id": "9", "text": "ثم غادر", "paragraph": "p1"}
            ],
            "paragraphs": [{"id": "p1", "text": "قال لافروف في دمشق. ثم غادر"}]
        })
    );
}

#[tokio::test]
async fn no_key_sends_no_authorization() {
    let server = MockServer::start().await;
    let content = json!({"translations": [{"id": "1", "text": "a"}]}).to_string();
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion(&content, "stop")))
        .mount(&server)
        .await;
    backend(&server, None)
        .translate(&[unit(1, "أ")])
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert!(requests[0].headers.get("authorization").is_none());
}

async fn answer_error(response: ResponseTemplate) -> Error {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(response)
        .mount(&server)
        .await;
    backend(&server, Some(KEY))
        .translate(&batch())
        .await
        .unwrap_err()
}

#[tokio::test]
async fn insufficient_quota_stops_with_a_hint() {
    let err = answer_error(ResponseTemplate::new(429).set_body_json(json!({"error": {
        "message": "You exceeded your current quota", "type": "insufficient_quota",
        "param": null, "code": "insufficient_quota"}})))
    .await;
    assert_eq!(err.action(), Action::Stop);
    assert!(err.to_string().contains("add credit"), "{err}");
}

use crate::translate::Action;

#[tokio::test]
async fn rate_limits_are_transient_with_retry_after() {
    let err = answer_error(
        ResponseTemplate::new(429)
            .insert_header("retry-after", "3")
            .set_body_json(
                json!({"error": {"message": "Rate limit reached", "type": "requests",
                                              "param": null, "code": "rate_limit_exceeded"}}),
            ),
    )
    .await;
    assert_eq!(err.action(), Action::Retry);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3)));
}

#[tokio::test]
async fn server_errors_are_transient() {
    let err = answer_error(ResponseTemplate::new(503).set_body_string("overloaded")).await;
    assert_eq!(err.action(), Action::Retry);
}

#[tokio::test]
async fn truncation_refusal_and_bad_json_split() {
    let cut = answer_error(
        ResponseTemplate::new(200)
            .set_body_json(completion("{\"translations\": [{\"id\"", "length")),
    )
    .await;
    assert!(matches!(cut, Error::Truncated { .. }), "{cut}");
    let refusal = json!({"choices": [{"index": 0, "finish_reason": "stop",
        "message": {"role": "assistant", "content": null, "refusal": "I cannot help"}}]});
    let refused = answer_error(ResponseTemplate::new(200).set_body_json(refusal)).await;
    assert!(matches!(refused, Error::Refused { .. }), "{refused}");
    let bad =
        answer_error(ResponseTemplate::new(200).set_body_json(completion("not json", "stop")))
            .await;
    assert!(matches!(bad, Error::Malformed { .. }), "{bad}");
    let body = answer_error(ResponseTemplate::new(200).set_body_string("{oops")).await;
    assert!(matches!(body, Error::Malformed { .. }), "{body}");
    for e in [cut, refused, bad, body] {
        assert_eq!(e.action(), Action::Split);
    }
}

#[tokio::test]
async fn a_wrong_id_set_is_caught() {
    let server = MockServer::start().await;
    let content =
        json!({"translations": [{"id": "7", "text": "a"}, {"id": "7", "text": "b"}]}).to_string();
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion(&content, "stop")))
        .mount(&server)
        .await;
    let got = backend(&server, Some(KEY))
        .translate(&batch())
        .await
        .unwrap();
    let err = crate::translate::match_ids("openai", &batch(), got).unwrap_err();
    assert!(matches!(err, Error::MissingId { id: 9, .. }), "{err}");
}

#[tokio::test]
async fn the_key_is_scrubbed_from_server_messages() {
    let err = answer_error(ResponseTemplate::new(401).set_body_json(json!({"error": {
        "message": format!("Incorrect API key provided: {KEY}"), "type": "invalid_request_error",
        "code": "invalid_api_key"}})))
    .await;
    let text = err.to_string();
    assert!(!text.contains(KEY), "{text}");
    assert!(text.contains("OPENAI_API_KEY"), "{text}");
}

#[tokio::test]
async fn timeouts_are_transient() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let err = backend(&server, Some(KEY))
        .translate(&batch())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err}");
    assert_eq!(err.action(), Action::Retry);
}

#[test]
fn a_stressed_term_is_named_as_required_in_the_prompt() {
    let mut b = batch();
    let plain = request_body("m", Variant::Us, &b)["messages"][0]["content"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(!plain.contains("MUST appear"), "{plain}");
    b[0].terms[0].stressed = true;
    let stressed = request_body("m", Variant::Us, &b)["messages"][0]["content"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        stressed
            .ends_with("Each of these MUST appear in the translation exactly as written: Lavrov."),
        "{stressed}"
    );
}
