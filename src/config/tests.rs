//! Tests of the configuration: defaults, the template, validation and its messages.

use std::collections::BTreeSet;
use std::num::NonZeroUsize;
use std::path::Path;

use super::*;

fn parse(text: &str) -> Result<Config, Error> {
    Config::parse(text, Path::new("workbench.yaml"))
}

/// The error and, on a line of its own, its hint.
fn err(text: &str) -> String {
    let e = parse(text).expect_err("should fail");
    match e.hint() {
        Some(hint) => format!("{e}\nhint: {hint}"),
        None => e.to_string(),
    }
}

/// Every key path of a YAML mapping, `a.b.c` style.
fn key_paths(value: &serde_yaml::Value, prefix: &str, out: &mut BTreeSet<String>) {
    if let serde_yaml::Value::Mapping(map) = value {
        for (k, v) in map {
            let name = format!("{prefix}{}", k.as_str().unwrap_or("?"));
            key_paths(v, &format!("{name}."), out);
            out.insert(name);
        }
    }
}

#[test]
fn template_is_the_default() {
    assert_eq!(parse(TEMPLATE).unwrap(), Config::default());
}

#[test]
fn template_holds_every_setting() {
    let mut in_template = BTreeSet::new();
    key_paths(
        &serde_yaml::from_str(TEMPLATE).unwrap(),
        "",
        &mut in_template,
    );
    let mut in_schema = BTreeSet::new();
    key_paths(
        &serde_yaml::to_value(Config::default()).unwrap(),
        "",
        &mut in_schema,
    );
    assert_eq!(in_template, in_schema);
    for name in Checks::NAMES {
        assert!(
            in_template.contains(&format!("review.checks.{name}")),
            "{name}"
        );
    }
}

#[test]
fn empty_and_comment_only_files_are_the_default() {
    for text in ["", "\n", "# nothing\n", "---\n", "~\n", "\u{feff}# bom\n"] {
        assert_eq!(parse(text).unwrap(), Config::default(), "{text:?}");
    }
}

#[test]
fn missing_keys_take_their_default() {
    let c = parse("review:\n  checks:\n    numbers: false\n").unwrap();
    assert!(!c.review.checks.numbers);
    assert!(c.review.checks.glossary);
    assert_eq!(c.review.min_confidence, 0.5);
    assert_eq!(c.languages.source, "ar");
}

#[test]
fn settings_are_read() {
    let c = parse(
        "languages:\n  target: en-GB\ntranslate:\n  backend: openai\n  openai:\n    \
         model: gpt-4o-mini\n    base_url: http://127.0.0.1:8080/v1\n    batch_size: 20\n    \
         jobs: 8\n    rate: 2.5\nalign:\n  threshold: 0.3\n",
    )
    .unwrap();
    assert_eq!(c.languages.target, "en-GB");
    assert_eq!(c.translate.backend, Backend::Openai);
    let s = c.translate.settings(Backend::Openai);
    assert_eq!(s.model.as_deref(), Some("gpt-4o-mini"));
    assert_eq!(s.base_url.as_deref(), Some("http://127.0.0.1:8080/v1"));
    assert_eq!(s.batch_size.map(NonZeroUsize::get), Some(20));
    assert_eq!(s.jobs.map(NonZeroUsize::get), Some(8));
    assert_eq!(s.rate, Some(2.5));
    assert_eq!(
        c.translate.settings(Backend::Stub),
        &BackendSettings::default()
    );
    assert_eq!(c.align.threshold, 0.3);
}

#[test]
fn misspelt_key_names_file_line_and_key() {
    assert_eq!(
        err("review:\n  checks:\n    numbrs: false\n"),
        "workbench.yaml:3:5: unknown key `numbrs` in `review.checks`\nhint: did you mean `numbers`?"
    );
    assert_eq!(
        err("version: 1\nreveiw: {}\n"),
        "workbench.yaml:2:1: unknown key `reveiw` in the top level\nhint: did you mean `review`?"
    );
    assert_eq!(
        err("review:\n  checks:\n    same_as_source: false\n"),
        "workbench.yaml:3:5: unknown key `same_as_source` in `review.checks`\nhint: did you \
         mean `same-as-source`?"
    );
    let far = err("translate:\n  openai:\n    colour: red\n");
    assert!(far.starts_with("workbench.yaml:3:5: unknown key `colour` in `translate.openai`\nhint: expected one of `model`, `base_url`"), "{far}");
}

#[test]
fn keys_are_refused_with_the_variable_to_use() {
    assert_eq!(
        err("translate:\n  deepl:\n    auth_key: abc\n"),
        "workbench.yaml:3:5: `auth_key` looks like a secret: keys never go in the \
         configuration file; set DEEPL_AUTH_KEY in the environment instead"
    );
    assert_eq!(
        err("translate:\n  openai:\n    api_key: sk-123\n"),
        "workbench.yaml:3:5: `api_key` looks like a secret: keys never go in the \
         configuration file; set OPENAI_API_KEY in the environment instead"
    );
    let top = err("token: abc\n");
    assert!(top.contains("`token` looks like a secret"), "{top}");
    assert!(top.contains("OPENAI_API_KEY, DEEPL_AUTH_KEY"), "{top}");
}

#[test]
fn values_are_checked_where_they_stand() {
    assert_eq!(
        err("review:\n  min_confidence: 3\n"),
        "workbench.yaml:2:19: `review.min_confidence`: 3 is out of range: expected a number from 0 to 1"
    );
    assert_eq!(
        err("review:\n  length_ratio: 0.5\n"),
        "workbench.yaml:2:17: `review.length_ratio`: 0.5 is out of range: expected a number above 1"
    );
    assert!(err("translate:\n  google:\n    jobs: 0\n").starts_with("workbench.yaml:3:11: "));
    assert!(err("translate:\n  google:\n    rate: -1\n").contains("above 0"));
    let price = err("translate:\n  deepl:\n    price:\n      characters: -3\n");
    assert!(price.starts_with("workbench.yaml:4:19: "), "{price}");
    assert!(price.contains("a price per million, 0 or more"), "{price}");
    assert!(
        err("translate:\n  deepl:\n    price: {dollars: 3}\n")
            .contains("unknown key `dollars` in `translate.deepl.price`")
    );
    assert!(err("translate:\n  backend: babel\n").contains("unknown variant `babel`"));
    assert!(err("translate:\n  openai:\n    base_url: ftp://x\n").contains("http:// or https://"));
    assert!(err("languages:\n  source: Arabic!\n").contains("language tag"));
    assert_eq!(
        err("languages:\n  source: fr\n"),
        "workbench.yaml:2:11: `languages.source`: `fr` is not supported: workbench translates \
         Arabic into English, so this must be Arabic (`ar` or a regional tag such as `ar-SY`)"
    );
    assert!(
        err("languages:\n  target: de-AT\n")
            .starts_with("workbench.yaml:2:11: `languages.target`: `de-AT` is not supported")
    );
    assert!(err("version: 2\n").starts_with("workbench.yaml:1:10: "));
    assert!(err("review:\n  checks:\n    numbers: yes\n").contains("expected a boolean"));
    assert!(
        err("- 1\n").contains("expected a mapping of settings"),
        "{}",
        err("- 1\n")
    );
    assert!(err("review: [\n").starts_with("workbench.yaml:"));
}

#[test]
fn flags_override_the_file() {
    let file = BackendSettings {
        model: Some("from-file".into()),
        jobs: NonZeroUsize::new(2),
        rate: Some(1.0),
        ..BackendSettings::default()
    };
    let flags = BackendSettings {
        model: Some("from-flag".into()),
        batch_size: NonZeroUsize::new(5),
        ..BackendSettings::default()
    };
    let merged = file.overridden_by(&flags);
    assert_eq!(merged.model.as_deref(), Some("from-flag"));
    assert_eq!(merged.batch_size, NonZeroUsize::new(5));
    assert_eq!(merged.jobs, NonZeroUsize::new(2));
    assert_eq!(merged.rate, Some(1.0));
    assert_eq!(merged.base_url, None);
}

#[test]
fn checks_by_name() {
    let c = Checks {
        invisible: false,
        ..Checks::default()
    };
    assert_eq!(c.get("invisible"), Some(false));
    assert_eq!(c.get("numbers"), Some(true));
    assert_eq!(c.get("nope"), None);
    assert!(c.enabled("nope"));
    for name in Checks::NAMES {
        assert!(c.get(name).is_some(), "{name}");
    }
}

#[test]
fn loading_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let missing = Config::load(&path).unwrap_err().to_string();
    assert!(missing.contains(FILE_NAME), "{missing}");
    fs_err::write(&path, b"review:\n  checks:\n    nums: true\n\xff").unwrap();
    assert!(
        Config::load(&path)
            .unwrap_err()
            .to_string()
            .contains("not valid UTF-8")
    );
    fs_err::write(&path, TEMPLATE).unwrap();
    assert_eq!(Config::load(&path).unwrap(), Config::default());
}
