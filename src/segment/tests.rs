//! Tests for the segmenter: the hard-case file, losslessness properties, streaming,
//! explain, and SRX loading and export.

use std::io::Cursor;
use std::path::Path;

use proptest::prelude::{any, prop_assert, prop_assert_eq, proptest};

use super::stream::LINE_CAP;
use super::{BuiltinRule, Error, Language, RuleRef, Segmenter};

const CASES: &str = include_str!("../../tests/data/split-cases.tsv");

fn sentences(seg: &Segmenter, text: &str) -> Vec<String> {
    seg.split(text)
        .into_iter()
        .map(|r| text[r].to_string())
        .collect()
}

/// Whitespace-free concatenation with the end offset of each piece (as the scorer counts).
fn boundaries(pieces: &[String]) -> (String, Vec<usize>) {
    let mut stream = String::new();
    let mut ends = Vec::new();
    for p in pieces {
        let s: String = p.chars().filter(|c| !c.is_whitespace()).collect();
        if s.is_empty() {
            continue;
        }
        stream.push_str(&s);
        ends.push(stream.chars().count());
    }
    (stream, ends)
}

fn unescape(s: &str) -> String {
    s.replace("\\n", "\n").replace("\\t", "\t")
}

#[test]
fn split_passes_every_hard_case() {
    let seg = Segmenter::builtin(Language::Arabic);
    let mut total = 0;
    let mut failures = Vec::new();
    for (n, line) in CASES.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("input\t") {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(cols.len() >= 2, "line {}: need two columns", n + 1);
        let input = unescape(cols[0]);
        let expected: Vec<String> = cols[1].split(" ||| ").map(unescape).collect();
        let got = sentences(&seg, &input);
        let (es, eb) = boundaries(&expected);
        let (gs, gb) = boundaries(&got);
        assert_eq!(
            es,
            gs,
            "line {}: expected sentences do not tile the input",
            n + 1
        );
        total += 1;
        if eb != gb {
            failures.push(format!("line {}: got {}", n + 1, got.join(" ||| ")));
        }
    }
    assert!(total >= 150, "only {total} hard cases");
    let categories: std::collections::BTreeSet<&str> = CASES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("input\t"))
        .filter_map(|l| l.split('\t').nth(2))
        .collect();
    assert!(categories.len() >= 20, "categories: {categories:?}");
    assert!(
        failures.is_empty(),
        "{} of {total} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn split_keeps_title_with_name() {
    let seg = Segmenter::builtin(Language::Arabic);
    assert_eq!(
        sentences(&seg, "قال د. أحمد إن الوضع خطير."),
        ["قال د. أحمد إن الوضع خطير."]
    );
}

#[test]
fn split_never_breaks_at_arabic_comma_or_semicolon() {
    let seg = Segmenter::builtin(Language::Arabic);
    let text = "أولا، ثانيا؛ ثالثا، رابعا؛ خامسا";
    assert_eq!(seg.split(text).len(), 1);
    assert!(seg.explain(text).is_empty());
}

#[test]
fn split_breaks_at_every_kind_of_line_break() {
    let seg = Segmenter::builtin(Language::Arabic);
    for sep in [
        "\n", "\r\n", "\r", "\u{2028}", "\u{2029}", "\u{85}", "\u{0B}", "\u{0C}",
    ] {
        let text = format!("عنوان بلا نقطة{sep}نص الخبر");
        assert_eq!(
            sentences(&seg, &text),
            ["عنوان بلا نقطة", "نص الخبر"],
            "{sep:?}"
        );
    }
}

#[test]
fn split_english_rules() {
    let seg = Segmenter::builtin(Language::English);
    assert_eq!(
        sentences(
            &seg,
            "Dr. Smith met Mr. Jones in the U.S. He left. \"Why?\" she asked."
        ),
        [
            "Dr. Smith met Mr. Jones in the U.S.",
            "He left.",
            "\"Why?\" she asked."
        ]
    );
    assert_eq!(
        sentences(
            &seg,
            "The vote failed... Russia vetoed it. He paused... and went on."
        ),
        [
            "The vote failed...",
            "Russia vetoed it.",
            "He paused... and went on."
        ]
    );
}

#[test]
fn language_parses_codes() {
    assert_eq!("ar".parse::<Language>().ok(), Some(Language::Arabic));
    assert_eq!("ar-SY".parse::<Language>().ok(), Some(Language::Arabic));
    assert_eq!("EN_us".parse::<Language>().ok(), Some(Language::English));
    assert!(matches!(
        "fr".parse::<Language>(),
        Err(Error::UnknownLanguage(_))
    ));
}

#[test]
fn explain_names_the_rule_for_breaks_and_non_breaks() {
    let seg = Segmenter::builtin(Language::Arabic);
    let text = "قال د. أحمد إن الوضع خطير. وأضاف أن 3.5 مليون تضرروا";
    let d = seg.explain(text);
    let rules: Vec<(bool, RuleRef)> = d.iter().map(|d| (d.broke, d.rule.clone())).collect();
    assert_eq!(
        rules,
        [
            (false, RuleRef::Builtin(BuiltinRule::Initial)),
            (true, RuleRef::Builtin(BuiltinRule::FullStop)),
            (false, RuleRef::Builtin(BuiltinRule::Number)),
        ]
    );
    let stop = text.find("خطير.").unwrap() + "خطير.".len();
    assert_eq!(d[1].offset, stop);
    for rule in BuiltinRule::ALL {
        assert!(!rule.name().is_empty() && !rule.description().is_empty());
    }
}

fn stream_split(seg: &Segmenter, input: &[u8]) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    seg.split_reader(Cursor::new(input), |s| {
        out.push(s.to_string());
        Ok(())
    })?;
    Ok(out)
}

#[test]
fn split_reader_matches_split_on_the_cases_file() {
    let seg = Segmenter::builtin(Language::Arabic);
    let text = CASES.replace("\\n", "\n");
    assert_eq!(
        stream_split(&seg, text.as_bytes()).unwrap(),
        sentences(&seg, &text)
    );
}

#[test]
fn split_reader_reports_invalid_utf8_with_offset_and_line() {
    let seg = Segmenter::builtin(Language::Arabic);
    let mut input = "سطر أول.\nسطر ثان".as_bytes().to_vec();
    let at = input.len();
    input.extend_from_slice(&[0xFF, b'x', b'\n']);
    match stream_split(&seg, &input) {
        Err(Error::InvalidUtf8 { offset, line }) => {
            assert_eq!(offset, at as u64);
            assert_eq!(line, 2);
        }
        other => panic!("expected an UTF-8 error, got {other:?}"),
    }
}

#[test]
fn split_reader_cuts_an_enormous_line_at_sentence_breaks() {
    let seg = Segmenter::builtin(Language::Arabic);
    let sentence = "قال د. أحمد إن الوضع خطير جدا في المدينة. ";
    let text = sentence.repeat(3 * LINE_CAP / sentence.len());
    let streamed = stream_split(&seg, text.as_bytes()).unwrap();
    assert_eq!(streamed, sentences(&seg, &text));
}

#[test]
fn split_reader_forces_a_cut_in_a_line_without_breaks() {
    let seg = Segmenter::builtin(Language::Arabic);
    let text = "كلمة ".repeat(LINE_CAP / 4);
    let streamed = stream_split(&seg, text.as_bytes()).unwrap();
    assert!(streamed.len() >= 2);
    assert!(streamed.iter().all(|s| s.len() <= LINE_CAP));
    let joined: String = streamed.concat();
    let expected: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let got: String = joined.chars().filter(|c| !c.is_whitespace()).collect();
    assert_eq!(got, expected);
    // A line with no whitespace at all is cut at a character boundary.
    let solid = "ب".repeat(LINE_CAP);
    let streamed = stream_split(&seg, solid.as_bytes()).unwrap();
    assert_eq!(streamed.concat(), solid);
}

fn check_lossless(text: &str, seg: &Segmenter) -> Result<(), proptest::test_runner::TestCaseError> {
    let ranges = seg.split(text);
    let mut prev = 0;
    for r in &ranges {
        prop_assert!(r.start >= prev && r.start < r.end && r.end <= text.len());
        prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        let gap = &text[prev..r.start];
        prop_assert!(gap.chars().all(char::is_whitespace), "gap {:?}", gap);
        let s = &text[r.clone()];
        prop_assert!(s.trim() == s, "untrimmed {:?}", s);
        prev = r.end;
    }
    prop_assert!(text[prev..].chars().all(char::is_whitespace));
    Ok(())
}

/// Characters that make the scanner work: terminators, quotes, Arabic, Latin, digits.
const ALPHABET: &[char] = &[
    'د', 'أ', 'م', 'ه', 'ـ', 'و', 'ف', 'ب', 'ق', 'ل', 'ا', 'ي', '.', '.', '.', '!', '?', '؟', '…',
    '۔', '،', '؛', ' ', ' ', ' ', '\n', '\r', '\u{2028}', '«', '»', '"', '“', '”', '(', ')', 'U',
    'S', 'a', 'e', 'g', '1', '2', '٣', '٫', '@', '/', ':', '\t', '\u{A0}', '\u{200F}',
];

proptest! {
    #[test]
    fn split_is_lossless_on_any_string(text in any::<String>()) {
        check_lossless(&text, &Segmenter::builtin(Language::Arabic))?;
        check_lossless(&text, &Segmenter::builtin(Language::English))?;
    }

    #[test]
    fn split_is_lossless_on_punctuation_heavy_text(
        idx in proptest::collection::vec(0..ALPHABET.len(), 0..200)
    ) {
        let text: String = idx.iter().map(|&i| ALPHABET[i]).collect();
        let seg = Segmenter::builtin(Language::Arabic);
        check_lossless(&text, &seg)?;
        let streamed = stream_split(&seg, text.as_bytes()).map_err(|e| {
            proptest::test_runner::TestCaseError::fail(e.to_string())
        })?;
        prop_assert_eq!(streamed, sentences(&seg, &text));
    }

    #[test]
    fn split_reader_equals_split(text in any::<String>()) {
        let seg = Segmenter::builtin(Language::Arabic);
        let streamed = stream_split(&seg, text.as_bytes()).map_err(|e| {
            proptest::test_runner::TestCaseError::fail(e.to_string())
        })?;
        prop_assert_eq!(streamed, sentences(&seg, &text));
    }

    #[test]
    fn split_reader_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let seg = Segmenter::builtin(Language::Arabic);
        match (stream_split(&seg, &bytes), std::str::from_utf8(&bytes)) {
            (Ok(got), Ok(text)) => prop_assert_eq!(got, sentences(&seg, text)),
            (Err(Error::InvalidUtf8 { offset, .. }), Err(e)) => {
                prop_assert_eq!(offset, e.valid_up_to() as u64);
            }
            (got, text) => prop_assert!(false, "{:?} vs {:?}", got, text.is_ok()),
        }
    }
}

const FIXTURE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  <header segmentsubflows="yes" cascade="yes"/>
  <body>
    <languagerules>
      <languagerule languagerulename="Arabic">
        <rule break="no">
          <beforebreak>(?&lt;=\s)د\.</beforebreak>
          <afterbreak>\s</afterbreak>
        </rule>
      </languagerule>
      <languagerule languagerulename="Default">
        <rule break="no">
          <beforebreak>\bDr\.</beforebreak>
          <afterbreak>\s</afterbreak>
        </rule>
        <rule>
          <beforebreak>[.?!؟]+</beforebreak>
          <afterbreak>\s</afterbreak>
        </rule>
      </languagerule>
    </languagerules>
    <maprules>
      <languagemap languagepattern="ar.*" languagerulename="Arabic"/>
      <languagemap languagepattern=".*" languagerulename="Default"/>
    </maprules>
  </body>
</srx>
"#;

#[test]
fn srx_cascade_applies_language_then_default_rules() {
    let seg = Segmenter::from_srx(FIXTURE, Path::new("fixture.srx"), "ar-SY").unwrap();
    assert_eq!(
        sentences(&seg, "قال د. أحمد إن Dr. Smith وصل. هل انتهى؟ نعم"),
        ["قال د. أحمد إن Dr. Smith وصل.", "هل انتهى؟", "نعم"]
    );
    // English gets only the default rules: `د.` breaks there.
    let en = Segmenter::from_srx(FIXTURE, Path::new("fixture.srx"), "en").unwrap();
    assert_eq!(sentences(&en, "قال د. أحمد").len(), 2);
    let d = seg.explain("قال د. أحمد. نعم");
    assert_eq!(d.len(), 2);
    assert!(!d[0].broke && d[1].broke);
    match &d[0].rule {
        RuleRef::Srx(info) => {
            assert_eq!(info.language_rule, "Arabic");
            assert_eq!((info.line, info.index, info.is_break), (7, 1, false));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn srx_without_cascade_uses_first_matching_map() {
    let xml = FIXTURE.replace("cascade=\"yes\"", "cascade=\"no\"");
    let seg = Segmenter::from_srx(&xml, Path::new("f.srx"), "ar").unwrap();
    // Only the Arabic rule set: it has no break rule at all.
    assert_eq!(sentences(&seg, "جملة. جملة؟ جملة").len(), 1);
}

#[test]
fn srx_rule_that_cannot_run_is_named() {
    let xml = FIXTURE.replace(r"\bDr\.", r"(?&lt;=a+)Dr\.(");
    let err = Segmenter::from_srx(&xml, Path::new("rules/bad.srx"), "en").unwrap_err();
    let msg = err.to_string();
    assert!(
        matches!(
            &err,
            Error::SrxRule {
                at,
                rule: 1,
                ..
            } if at.line == 13
        ),
        "{msg}"
    );
    assert!(msg.contains("rules/bad.srx:13:9"), "{msg}");
    assert!(msg.contains("Default") && msg.contains("Dr\\.("), "{msg}");
}

#[test]
fn srx_errors_name_path_and_position() {
    let err =
        Segmenter::from_srx("<srx><body><x></body></srx>", Path::new("a.srx"), "ar").unwrap_err();
    assert!(err.to_string().starts_with("a.srx:1:"), "{err}");
    let err = Segmenter::from_srx(FIXTURE, Path::new("a.srx"), "ar")
        .and_then(|_| {
            Segmenter::from_srx(
                &FIXTURE.replace(
                    ".*\" languagerulename=\"Default",
                    "xx\" languagerulename=\"Default",
                ),
                Path::new("b.srx"),
                "en",
            )
        })
        .unwrap_err();
    assert!(matches!(err, Error::SrxNoLanguage { .. }), "{err}");
}

#[test]
fn srx_java_constructs_are_rewritten() {
    use super::srx::java_to_rust;
    assert_eq!(java_to_rust(r"\Qa.b\E"), r"a\.b");
    assert!(regex::Regex::new(&java_to_rust(r"[\d-–]")).is_ok());
    assert!(regex::Regex::new(&java_to_rust(r"\h+\v")).is_ok());
    assert!(regex::Regex::new(&java_to_rust(r"\ظ")).is_ok());
    assert_eq!(java_to_rust(r"(?U)\w"), r"\w");
}

#[test]
fn export_rules_load_back_and_agree_on_every_hard_case() {
    let seg = Segmenter::builtin(Language::Arabic);
    let xml = seg.to_srx();
    assert!(xml.contains("<languagerule languagerulename=\"Arabic\">"));
    let back = Segmenter::from_srx(&xml, Path::new("export.srx"), "ar").unwrap();
    let mut agree = 0;
    let mut total = 0;
    for line in CASES.lines() {
        if line.starts_with('#') || line.starts_with("input\t") || line.trim().is_empty() {
            continue;
        }
        let input = unescape(line.split('\t').next().unwrap_or(""));
        total += 1;
        if sentences(&back, &input) == sentences(&seg, &input) {
            agree += 1;
        }
    }
    assert_eq!(agree, total, "exported rules agree on {agree} of {total}");
    let en = Segmenter::from_srx(&xml, Path::new("export.srx"), "en-GB").unwrap();
    assert_eq!(sentences(&en, "Dr. Smith left. He won").len(), 2);
}

#[test]
fn lexicon_ascii_lists_are_sorted_lowercase_for_binary_search() {
    use super::lexicon::{ENGLISH_STARTERS, LATIN_MAY_END, LATIN_NEVER_END};
    for list in [LATIN_MAY_END, LATIN_NEVER_END] {
        assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        assert!(
            list.iter()
                .all(|w| w.len() <= 16 && *w == w.to_ascii_lowercase())
        );
    }
    assert!(ENGLISH_STARTERS.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn split_reader_handles_reads_that_split_characters() {
    // A reader that hands out a few bytes at a time, splitting UTF-8 sequences.
    struct Trickle<'a>(&'a [u8]);
    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(3).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    let seg = Segmenter::builtin(Language::Arabic);
    let text = CASES.replace("\\n", "\n");
    let mut out = Vec::new();
    seg.split_reader(
        std::io::BufReader::with_capacity(5, Trickle(text.as_bytes())),
        |s| {
            out.push(s.to_string());
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(out, sentences(&seg, &text));
}
