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
    assert!(
        err.hint().unwrap_or_default().contains("add credit"),
        "{err}"
    );
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
    let text = format!("{err} {}", err.hint().unwrap_or_default());
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

/// The system message and the user's items of a request.
fn sent(request: &wiremock::Request) -> (String, serde_json::Value) {
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    let system = body["messages"][0]["content"].as_str().unwrap().to_owned();
    let user = serde_json::from_str(body["messages"][1]["content"].as_str().unwrap()).unwrap();
    (system, user)
}

const CODED: &str = "قال <g1>لافروف</g1> في حمص<x2/>";

#[tokio::test]
async fn codes_go_as_they_are_with_instructions_and_come_back_tidied() {
    let server = MockServer::start().await;
    let content = json!({"translations": [
        {"id": "1", "text": "< G1 >Lavrov</ g1> said in Homs<x2 />"},
        {"id": "2", "text": "Then he left"}
    ]})
    .to_string();
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion(&content, "stop")))
        .expect(1)
        .mount(&server)
        .await;
    let mut coded = unit(1, CODED);
    coded.context = Some(format!("{CODED} ثم غادر"));
    let mut plain = unit(2, "ثم غادر");
    plain.context = coded.context.clone();
    let got = backend(&server, None)
        .translate(&[coded, plain])
        .await
        .unwrap();
    assert_eq!(got[0].text, "<g1>Lavrov</g1> said in Homs<x2/>");
    let requests = server.received_requests().await.unwrap();
    let (system, user) = sent(&requests[0]);
    assert!(system.contains(CODES_PROMPT), "{system}");
    assert!(!system.contains(CODES_AGAIN_PROMPT), "{system}");
    assert_eq!(user["items"][0]["text"], CODED);
    assert_eq!(user["paragraphs"][0]["text"], "قال لافروف في حمص ثم غادر");
    // A batch without codes is not told about them.
    let body = request_body("m", Variant::Us, &[unit(3, "ثم غادر")]);
    assert!(
        !body["messages"][0]["content"]
            .as_str()
            .unwrap()
            .contains("inline codes")
    );
}

#[tokio::test]
async fn a_broken_answer_is_asked_for_again_with_a_warning_then_reattached() {
    let server = MockServer::start().await;
    let content = json!({"translations": [{"id": "1", "text": "Lavrov said in Homs"}]}).to_string();
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion(&content, "stop")))
        .expect(2)
        .mount(&server)
        .await;
    let (outcome, stored) =
        crate::translate::tests::run_units(backend(&server, None), vec![unit(1, CODED)]).await;
    assert_eq!(stored[0].text, "<x2/><g1>Lavrov said in Homs</g1>");
    assert_eq!(outcome.stats.requests, 2);
    assert_eq!(outcome.stats.code_retries, 1);
    assert_eq!(outcome.stats.codes_reattached, 1);
    let requests = server.received_requests().await.unwrap();
    let (first, _) = sent(&requests[0]);
    let (again, user) = sent(&requests[1]);
    assert!(!first.contains(CODES_AGAIN_PROMPT));
    assert!(
        again.contains(CODES_PROMPT) && again.contains(CODES_AGAIN_PROMPT),
        "{again}"
    );
    assert_eq!(user["items"][0]["text"], CODED);
}

#[tokio::test]
async fn an_answer_fixed_on_the_retry_is_kept() {
    let server = MockServer::start().await;
    let broken = json!({"translations": [{"id": "1", "text": "<g1>Lavrov said in Homs"}]});
    let fixed = json!({"translations": [{"id": "1", "text": "<g1>Lavrov</g1> said in Homs<x2/>"}]});
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(completion(&broken.to_string(), "stop")),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(completion(&fixed.to_string(), "stop")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (outcome, stored) =
        crate::translate::tests::run_units(backend(&server, None), vec![unit(1, CODED)]).await;
    assert_eq!(stored[0].text, "<g1>Lavrov</g1> said in Homs<x2/>");
    assert_eq!(outcome.stats.code_retries, 1);
    assert_eq!(outcome.stats.codes_reattached, 0);
}
