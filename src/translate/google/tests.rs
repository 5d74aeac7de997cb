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
    assert!(
        daily.hint().unwrap_or_default().contains("daily quota"),
        "{daily}"
    );
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

fn answer(texts: &[&str]) -> ResponseTemplate {
    let items: Vec<serde_json::Value> =
        texts.iter().map(|t| json!({"translatedText": t})).collect();
    ResponseTemplate::new(200).set_body_json(json!({"data": {"translations": items}}))
}

/// `قال <g1>لافروف</g1> إن "A&B"<x2/>` with لافروف a glossary term.
fn coded() -> Unit {
    let text = "قال <g1>لافروف</g1> إن \"A&B\"<x2/>";
    let start = text.find("لافروف").unwrap();
    let mut u = unit(1, text);
    u.term_spans = vec![crate::translate::TermSpan {
        range: start..start + "لافروف".len(),
        prefix: String::new(),
        rendering: "Lavrov".into(),
    }];
    u
}

#[tokio::test]
async fn a_batch_with_codes_goes_as_html_beside_the_placeholders() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_json(json!({
            "q": ["قال <g1>[T1]</g1> إن \"A&amp;B\"<x2></x2>", "شكرا &lt;"],
            "source": "ar", "target": "en", "format": "html"
        })))
        .respond_with(answer(&[
            "<g1>[T1]</g1> said &quot;A&amp;B&quot; isn&#39;t<x2></x2>",
            "Thanks &lt;",
        ]))
        .expect(1)
        .mount(&server)
        .await;
    let got = backend(&server)
        .translate(&[coded(), unit(2, "شكرا <")])
        .await
        .unwrap();
    assert_eq!(got[0].text, "<g1>Lavrov</g1> said \"A&B\" isn't<x2/>");
    assert_eq!(got[1].text, "Thanks <");
}

#[tokio::test]
async fn a_lost_code_is_asked_for_once_more_then_reattached() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(answer(&["[T1] said &quot;A&amp;B&quot;", "Thanks"]))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(body_json(json!({
            "q": ["قال <g1>[T1]</g1> إن \"A&amp;B\"<x2></x2>"],
            "source": "ar", "target": "en", "format": "html"
        })))
        .respond_with(answer(&["<g1>[T1]</g1> said &quot;A&amp;B&quot;"]))
        .expect(1)
        .mount(&server)
        .await;
    let (outcome, stored) =
        crate::translate::tests::run_units(backend(&server), vec![coded(), unit(2, "شكرا")]).await;
    // Still without `<x2/>`: re-attached, the placeholder restored.
    assert_eq!(stored[0].text, "<x2/><g1>Lavrov said \"A&B\"</g1>");
    assert_eq!(stored[1].text, "Thanks");
    assert_eq!(outcome.stats.requests, 2);
    assert_eq!(outcome.stats.code_retries, 1);
    assert_eq!(outcome.stats.codes_reattached, 1);
}

#[tokio::test]
async fn a_code_given_back_on_the_retry_is_kept() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(answer(&["[T1] said"]))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(answer(&["<g1>[T1]</g1> said<x2/>"]))
        .expect(1)
        .mount(&server)
        .await;
    let (outcome, stored) =
        crate::translate::tests::run_units(backend(&server), vec![coded()]).await;
    assert_eq!(stored[0].text, "<g1>Lavrov</g1> said<x2/>");
    assert_eq!(outcome.stats.codes_reattached, 0);
}
