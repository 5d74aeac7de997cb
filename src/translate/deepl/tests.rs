//! The DeepL backend against wiremock: the translate request, the glossary sync, errors.

use std::time::Duration;

use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;
use crate::translate::Action;
use crate::translate::tests::unit;

const KEY: &str = "0000-test-key:fx";

fn backend(server: &MockServer, glossary: Vec<(String, String)>) -> DeepL {
    DeepL::new(Config {
        endpoint: Endpoint::parse("deepl", &server.uri(), "test").unwrap(),
        key: Secret::new(KEY),
        key_var: "DEEPL_AUTH_KEY".into(),
        variant: Variant::Gb,
        batch_size: 50,
        http: HttpSettings {
            connect_timeout: Duration::from_secs(2),
            timeout: Duration::from_secs(2),
        },
        glossary,
    })
    .unwrap()
}

fn pairs() -> Vec<(String, String)> {
    vec![
        ("لافروف".into(), "Lavrov".into()),
        ("دمشق".into(), "Damascus".into()),
        ("دمشق".into(), "Dimashq".into()),
        ("bad\tform".into(), "x".into()),
    ]
}

#[test]
fn free_keys_use_the_free_host() {
    assert_eq!(default_url(&Secret::new("abc:fx")), FREE_URL);
    assert_eq!(default_url(&Secret::new("abc")), PRO_URL);
}

#[test]
fn glossary_entries_are_clean_and_named_by_content() {
    let tsv = glossary_tsv(&pairs()).unwrap();
    assert_eq!(tsv, "دمشق\tDamascus\nلافروف\tLavrov");
    assert_eq!(glossary_name(&tsv), glossary_name(&tsv.clone()));
    assert_ne!(glossary_name(&tsv), glossary_name("دمشق\tDamascus"));
    assert!(glossary_tsv(&[]).is_none());
}

#[tokio::test]
async fn translates_with_the_synced_glossary() {
    let server = MockServer::start().await;
    let tsv = glossary_tsv(&pairs()).unwrap();
    let name = glossary_name(&tsv);
    let auth = format!("DeepL-Auth-Key {KEY}");
    Mock::given(method("GET"))
        .and(path("/v3/glossaries"))
        .and(header("authorization", auth.as_str()))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"glossaries": [
                {"glossary_id": "old", "name": "workbench-0000000000000000", "dictionaries": []}
            ]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v3/glossaries"))
        .and(body_json(json!({"name": name, "dictionaries": [{
            "source_lang": "ar", "target_lang": "en", "entries": tsv, "entries_format": "tsv"}]})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "glossary_id": "g-123", "name": name, "dictionaries": [], "creation_time": "2026-01-01T00:00:00Z"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/translate"))
        .and(header("authorization", auth.as_str()))
        .and(body_json(json!({
            "text": ["قال لافروف", "في دمشق"],
            "source_lang": "AR",
            "target_lang": "EN-GB",
            "split_sentences": "0",
            "glossary_id": "g-123"
        })))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"translations": [
                {"detected_source_language": "AR", "text": "Lavrov said"},
                {"detected_source_language": "AR", "text": "in Damascus"}
            ]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let engine = backend(&server, pairs());
    engine.prepare().await.unwrap();
    let got = engine
        .translate(&[unit(3, "قال لافروف"), unit(4, "في دمشق")])
        .await
        .unwrap();
    assert_eq!(
        got,
        vec![
            Translation {
                id: 3,
                text: "Lavrov said".into()
            },
            Translation {
                id: 4,
                text: "in Damascus".into()
            },
        ]
    );
}

#[tokio::test]
async fn an_existing_glossary_is_reused_not_created() {
    let server = MockServer::start().await;
    let name = glossary_name(&glossary_tsv(&pairs()).unwrap());
    Mock::given(method("GET"))
        .and(path("/v3/glossaries"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"glossaries": [
            {"glossary_id": "g-existing", "name": name}]})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v3/glossaries"))
        .respond_with(ResponseTemplate::new(201))
        .expect(0)
        .mount(&server)
        .await;
    let engine = backend(&server, pairs());
    engine.prepare().await.unwrap();
    let shown = engine.preview(&[unit(1, "أ")]).unwrap().unwrap();
    assert_eq!(shown["body"]["glossary_id"], "g-existing");
    assert_eq!(shown["headers"]["authorization"], "[redacted]");
    assert!(!shown.to_string().contains(KEY));
}

async fn answer_error(response: ResponseTemplate) -> Error {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/translate"))
        .respond_with(response)
        .mount(&server)
        .await;
    backend(&server, vec![])
        .translate(&[unit(1, "أ")])
        .await
        .unwrap_err()
}

#[tokio::test]
async fn quota_exceeded_stops_with_a_hint() {
    let err = answer_error(
        ResponseTemplate::new(456).set_body_json(json!({"message": "Quota exceeded"})),
    )
    .await;
    assert_eq!(err.action(), Action::Stop);
    let text = format!("{err} {}", err.hint().unwrap_or_default());
    assert!(text.contains("quota is used up"), "{text}");
}

#[tokio::test]
async fn too_many_requests_and_529_are_transient() {
    for status in [429, 529, 500, 504] {
        let err = answer_error(ResponseTemplate::new(status)).await;
        assert_eq!(err.action(), Action::Retry, "{status}");
    }
}

#[tokio::test]
async fn forbidden_names_the_key_and_hosts() {
    let err = answer_error(
        ResponseTemplate::new(403).set_body_json(json!({"message": "Wrong endpoint"})),
    )
    .await;
    assert_eq!(err.action(), Action::Stop);
    let text = format!("{err} {}", err.hint().unwrap_or_default());
    assert!(
        text.contains("DEEPL_AUTH_KEY") && text.contains(":fx"),
        "{text}"
    );
}

#[tokio::test]
async fn a_short_answer_is_a_count_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"translations": [{"text": "a"}]})),
        )
        .mount(&server)
        .await;
    let err = backend(&server, vec![])
        .translate(&[unit(1, "أ"), unit(2, "ب")])
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Count {
                expected: 2,
                got: 1,
                ..
            }
        ),
        "{err}"
    );
}

/// A DeepL answer with these texts.
fn answer(texts: &[&str]) -> ResponseTemplate {
    let items: Vec<serde_json::Value> = texts
        .iter()
        .map(|t| json!({"detected_source_language": "AR", "text": t, "tag_handling_version": "v2"}))
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({ "translations": items }))
}

const CODED: &str = "قال <g1>لافروف</g1> إن A&B <x2/>";

#[tokio::test]
async fn a_batch_with_codes_goes_as_xml_and_comes_back_marked() {
    let server = MockServer::start().await;
    let mut coded = unit(1, CODED);
    coded.context = Some("قال <g1>لافروف</g1> إن A&B <x2/> في دمشق".into());
    let mut plain = unit(2, "في دمشق");
    plain.context = coded.context.clone();
    Mock::given(method("POST"))
        .and(path("/v2/translate"))
        .and(body_json(json!({
            "text": ["قال <g1>لافروف</g1> إن A&amp;B <x2/>", "في دمشق"],
            "source_lang": "AR",
            "target_lang": "EN-GB",
            "split_sentences": "0",
            "tag_handling": "xml",
            "tag_handling_version": "v2",
            "non_splitting_tags": ["g1", "x2"],
            "context": "قال لافروف إن A&B  في دمشق"
        })))
        .respond_with(answer(&[
            "<g1>Lavrov</g1> said A&amp;B &apos;s <x2/>",
            "in Damascus",
        ]))
        .expect(1)
        .mount(&server)
        .await;
    let got = backend(&server, vec![])
        .translate(&[coded, plain])
        .await
        .unwrap();
    assert_eq!(got[0].text, "<g1>Lavrov</g1> said A&B 's <x2/>");
    assert_eq!(got[1].text, "in Damascus");
}

#[tokio::test]
async fn a_lost_code_is_asked_for_once_more() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/translate"))
        .respond_with(answer(&["Lavrov said A&amp;B", "in Damascus"]))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/translate"))
        .and(body_json(json!({
            "text": ["قال <g1>لافروف</g1> إن A&amp;B <x2/>"],
            "source_lang": "AR",
            "target_lang": "EN-GB",
            "split_sentences": "0",
            "tag_handling": "xml",
            "tag_handling_version": "v2",
            "non_splitting_tags": ["g1", "x2"]
        })))
        .respond_with(answer(&["<g1>Lavrov</g1> said A&amp;B<x2/>"]))
        .expect(1)
        .mount(&server)
        .await;
    let (outcome, stored) = crate::translate::tests::run_units(
        backend(&server, vec![]),
        vec![unit(1, CODED), unit(2, "في دمشق")],
    )
    .await;
    assert_eq!(stored[0].text, "<g1>Lavrov</g1> said A&B<x2/>");
    assert_eq!(stored[1].text, "in Damascus");
    assert_eq!(outcome.stats.requests, 2);
    assert_eq!(outcome.stats.code_retries, 1);
    assert_eq!(outcome.stats.codes_reattached, 0);
}

#[tokio::test]
async fn a_code_lost_twice_is_reattached() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/translate"))
        .respond_with(answer(&["Lavrov said A&amp;B"]))
        .expect(2)
        .mount(&server)
        .await;
    let (outcome, stored) =
        crate::translate::tests::run_units(backend(&server, vec![]), vec![unit(1, CODED)]).await;
    assert_eq!(stored[0].text, "<x2/><g1>Lavrov said A&B</g1>");
    assert!(crate::codes::reattached(CODED, &stored[0].text));
    assert_eq!(outcome.stats.requests, 2);
    assert_eq!(outcome.stats.codes_reattached, 1);
}
