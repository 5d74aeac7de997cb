//! The Google v2 backend against wiremock: the key in a header, `format=text`, errors.

use std::time::Duration;

use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;
use crate::translate::Action;
use crate::translate::tests::unit;

const KEY: &str = "AIza-test-key";

fn backend(server: &MockServer) -> Google {
    Google::new(Config {
        endpoint: Endpoint::parse(
            "google",
            &format!("{}/language/translate/v2", server.uri()),
            "test",
        )
        .unwrap(),
        key: Secret::new(KEY),
        key_var: "GOOGLE_API_KEY".into(),
        batch_size: 128,
        http: HttpSettings {
            connect_timeout: Duration::from_secs(2),
            timeout: Duration::from_secs(2),
        },
    })
    .unwrap()
}

#[tokio::test]
async fn sends_the_key_in_a_header_and_text_format() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/language/translate/v2"))
        .and(header("x-goog-api-key", KEY))
        .and(query_param_is_missing("key"))
        .and(body_json(
            json!({"q": ["مرحبا", "شكرا"], "source": "ar", "target": "en", "format": "text"}),
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": {"translations": [
            {"translatedText": "Hello"}, {"translatedText": "Thanks"}]}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let got = backend(&server)
        .translate(&[unit(1, "مرحبا"), unit(2, "شكرا")])
        .await
        .unwrap();
    assert_eq!(
        got[1],
        Translation {
            id: 2,
            text: "Thanks".into()
        }
    );
}

async fn answer_error(response: ResponseTemplate) -> Error {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(response)
        .mount(&server)
        .await;
    backend(&server)
        .translate(&[unit(1, "أ")])
        .await
        .unwrap_err()
}

fn google_error(code: u16, reason: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(code).set_body_json(json!({"error": {"code": code, "message": message,
        "errors": [{"message": message, "domain": "usageLimits", "reason": reason}]}}))
}

#[tokio::test]
async fn rate_limits_retry_and_daily_limits_stop() {
    let rate = answer_error(google_error(
        403,
        "userRateLimitExceeded",
        "User Rate Limit Exceeded",
    ))
    .await;
    assert_eq!(rate.action(), Action::Retry);
    let daily = answer_error(google_error(
        403,
        "dailyLimitExceeded",
        "Daily Limit Exceeded",
    ))
    .await;
    assert_eq!(daily.action(), Action::Stop);
    assert!(daily.to_string().contains("daily quota"), "{daily}");
    let invalid = answer_error(google_error(400, "invalid", "Too many text segments")).await;
    assert_eq!(invalid.action(), Action::Stop);
    let bad = answer_error(ResponseTemplate::new(200).set_body_string("<html>")).await;
    assert!(matches!(bad, Error::Malformed { .. }));
}

#[tokio::test]
async fn glossary_terms_travel_as_placeholders_and_come_back_rendered() {
    let server = MockServer::start().await;
    let text = "قصف في بدرعا";
    let start = text.find("بدرعا").unwrap();
    let mut u = unit(1, text);
    u.term_spans = vec![crate::translate::TermSpan {
        range: start..text.len(),
        prefix: "in ".into(),
        rendering: "Daraa".into(),
    }];
    Mock::given(method("POST"))
        .and(body_json(
            json!({"q": ["قصف في [T1]"], "source": "ar", "target": "en", "format": "text"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"data": {"translations": [{"translatedText": "Shelling [T1]"}]}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let got = backend(&server).translate(&[u]).await.unwrap();
    assert_eq!(got[0].text, "Shelling in Daraa");
}
