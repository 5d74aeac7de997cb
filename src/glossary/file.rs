//! The `glossary.yaml` file: parsing with positions for every error, and stable output.
//!
//! The only code that touches serde_yaml. Parsing goes in two steps: `schema` mirrors the file
//! exactly (unknown fields rejected), then each term is validated. serde_yaml reports positions
//! for syntax and type errors only, so positions of validation errors are found by walking the
//! document again to the offending node (see `locate`).

use crate::text::Location;
use std::fmt;
use std::path::Path;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::{Error, FormIndex, Glossary, Problem, Spot, Term, validate_term};
use crate::text::line_column;

/// Parse and validate glossary YAML; `path` is only used in errors.
pub(super) fn parse(yaml: &str, path: &Path) -> Result<Glossary, Error> {
    let header = leading_comments(yaml);
    let file: schema::File = if yaml.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---"
    }) {
        schema::File::default()
    } else {
        serde_yaml::from_str(yaml).map_err(|err| {
            let message = err.to_string();
            // Reader errors (such as control characters) give a byte position instead.
            let (line, column) = match (byte_position(&message), err.location()) {
                (Some(offset), _) => line_column(yaml.as_bytes(), offset),
                (None, Some(l)) => (l.line(), l.column()),
                (None, None) => (1, 1),
            };
            Error::Syntax {
                at: Location {
                    path: path.to_path_buf(),
                    line,
                    column,
                },
                message: strip_location(&message),
            }
        })?
    };
    if let Some(version) = file.version
        && version != 1
    {
        let (line, column) = locate_top_key(yaml, "version").unwrap_or((1, 1));
        return Err(Error::Invalid {
            at: Location {
                path: path.to_path_buf(),
                line,
                column,
            },
            message: format!("unsupported glossary version {version} (expected 1)"),
        });
    }
    let terms: Vec<Term> = file.terms.into_iter().map(Term::from).collect();
    let mut index = FormIndex::default();
    for (i, term) in terms.iter().enumerate() {
        let problem = validate_term(term, i).or_else(|| {
            index.clash(term, i, &terms).map(|clash| {
                let (t, f) = clash.earlier;
                let line = locate(yaml, Spot::Item(t, "arabic", f))
                    .map_or_else(|| "?".to_string(), |(l, _)| l.to_string());
                Problem {
                    spot: Spot::Item(clash.at.0, "arabic", clash.at.1),
                    message: format!("{} (line {line})", clash.message),
                }
            })
        });
        if let Some(problem) = problem {
            let (line, column) = locate(yaml, problem.spot).unwrap_or((1, 1));
            return Err(Error::Invalid {
                at: Location {
                    path: path.to_path_buf(),
                    line,
                    column,
                },
                message: problem.message,
            });
        }
        index.insert(term, i);
    }
    Ok(Glossary {
        terms,
        header,
        index,
    })
}

/// Stable, hand-editable YAML: the header comment, then the terms in order, each field on
/// its own line in a fixed order, lists in block style.
pub(super) fn to_yaml(glossary: &Glossary) -> String {
    let mut out = String::new();
    if glossary.header.is_empty() {
        out.push_str(DEFAULT_HEADER);
    } else {
        out.push_str(&glossary.header);
    }
    out.push_str("version: 1\n");
    if glossary.terms.is_empty() {
        out.push_str("terms: []\n");
        return out;
    }
    out.push_str("terms:\n");
    for term in &glossary.terms {
        out.push_str(&format!("  - english: {}\n", yaml_scalar(&term.english)));
        if let Some(kind) = term.kind {
            out.push_str(&format!("    kind: {kind}\n"));
        }
        out.push_str("    arabic:\n");
        for form in &term.arabic {
            out.push_str(&format!("      - {}\n", yaml_scalar(form)));
        }
        if !term.forbidden.is_empty() {
            out.push_str("    forbidden:\n");
            for form in &term.forbidden {
                out.push_str(&format!("      - {}\n", yaml_scalar(form)));
            }
        }
        if term.do_not_translate {
            out.push_str("    do_not_translate: true\n");
        }
        if let Some(note) = &term.note {
            out.push_str(&format!("    note: {}\n", yaml_scalar(note)));
        }
    }
    out
}

const DEFAULT_HEADER: &str = "\
# Glossary: each term has its Arabic forms and one English rendering.
#   english: the rendering every translation must use
#   arabic: every spelling of the term (variants, fused forms, misspellings)
#   kind: person | place | organisation | title | term (optional)
#   forbidden: renderings the house style rejects (optional)
#   do_not_translate: true to keep the source form (optional)
#   note: free text for translators (optional)
";

/// The comment lines (and blank lines) at the very top of the file.
fn leading_comments(yaml: &str) -> String {
    let mut header = String::new();
    for line in yaml.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('#') || (trimmed.is_empty() && !header.is_empty()) {
            header.push_str(line);
        } else {
            break;
        }
    }
    if !header.is_empty() && !header.ends_with('\n') {
        header.push('\n');
    }
    header
}

/// serde_yaml appends " at line L column C" (or, for reader errors, " at position N") to its
/// messages; the error carries the position already.
fn strip_location(message: &str) -> String {
    match regex::Regex::new(r" at (line \d+ column \d+|position \d+)") {
        Ok(re) => re.replace_all(message, "").into_owned(),
        Err(_) => message.to_string(),
    }
}

/// The byte offset of a reader error ("… at position N").
fn byte_position(message: &str) -> Option<usize> {
    let (_, rest) = message.rsplit_once(" at position ")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Quote a string for YAML only when a plain scalar would not read back as the same string.
fn yaml_scalar(text: &str) -> String {
    let reserved = [
        "", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes",
        "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N",
    ];
    let first = text.chars().next().unwrap_or(' ');
    let last = text.chars().last().unwrap_or(' ');
    let plain = !reserved.contains(&text)
        && !first.is_whitespace()
        && !last.is_whitespace()
        && !"-?:,[]{}#&*!|>'\"%@`.+".contains(first)
        && !first.is_ascii_digit()
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text
            .chars()
            .any(|c| c.is_control() || c == '\u{FEFF}' || c == '\u{85}');
    if plain {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || c == '\u{FEFF}' => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The line and column of a spot in the YAML text. serde_yaml does not expose positions of
/// values, but it attaches the position of the node being read to any error raised while
/// reading it; so this walks the document to the spot and fails there on purpose.
fn locate(yaml: &str, spot: Spot) -> Option<(usize, usize)> {
    let result = ProbeDocument { spot }.deserialize(serde_yaml::Deserializer::from_str(yaml));
    match result {
        Ok(()) => None,
        Err(err) => err.location().map(|l| (l.line(), l.column())),
    }
}

/// The position of a top-level key such as `version`.
fn locate_top_key(yaml: &str, key: &str) -> Option<(usize, usize)> {
    let prefix = format!("{key}:");
    yaml.lines()
        .position(|l| l.starts_with(&prefix))
        .map(|i| (i + 1, prefix.len() + 2))
}

struct ProbeDocument {
    spot: Spot,
}

impl<'de> DeserializeSeed<'de> for ProbeDocument {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ProbeDocument {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a glossary")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "terms" {
                map.next_value_seed(ProbeTerms { spot: self.spot })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct ProbeTerms {
    spot: Spot,
}

impl<'de> DeserializeSeed<'de> for ProbeTerms {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ProbeTerms {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of terms")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let target = match self.spot {
            Spot::Term(i) | Spot::Field(i, _) | Spot::Item(i, _, _) => i,
        };
        let mut i = 0;
        loop {
            let found = if i == target {
                seq.next_element_seed(ProbeTerm { spot: self.spot })?
            } else {
                seq.next_element::<IgnoredAny>()?.map(|_| ())
            };
            if found.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }
}

struct ProbeTerm {
    spot: Spot,
}

impl<'de> DeserializeSeed<'de> for ProbeTerm {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        match self.spot {
            Spot::Term(_) => d.deserialize_any(Fail),
            _ => d.deserialize_map(self),
        }
    }
}

impl<'de> Visitor<'de> for ProbeTerm {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a term")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (field, item) = match self.spot {
            Spot::Field(_, field) => (field, None),
            Spot::Item(_, field, j) => (field, Some(j)),
            Spot::Term(_) => ("", None),
        };
        while let Some(key) = map.next_key::<String>()? {
            if key == field {
                match item {
                    None => map.next_value_seed(Fail)?,
                    Some(j) => map.next_value_seed(ProbeItem { index: j })?,
                }
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct ProbeItem {
    index: usize,
}

impl<'de> DeserializeSeed<'de> for ProbeItem {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ProbeItem {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("here")
    }
    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
        Err(E::custom("here"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        loop {
            let found = if i == self.index {
                seq.next_element_seed(Fail)?
            } else {
                seq.next_element::<IgnoredAny>()?.map(|_| ())
            };
            if found.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }
}

/// Fails on whatever node it is asked to read, so that serde_yaml reports that node's position.
struct Fail;

impl<'de> DeserializeSeed<'de> for Fail {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Fail {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("nothing (position probe)")
    }
}

impl From<schema::Term> for Term {
    fn from(raw: schema::Term) -> Term {
        Term {
            arabic: raw.arabic.0,
            english: raw.english.unwrap_or_default(),
            kind: raw.kind,
            note: raw.note,
            forbidden: raw.forbidden.0,
            do_not_translate: raw.do_not_translate,
        }
    }
}

/// The file as written: mirrors the YAML exactly, unknown fields rejected.
mod schema {
    use std::fmt;

    use serde::Deserialize;
    use serde::de::{Deserializer, SeqAccess, Visitor};

    use crate::glossary::TermKind;

    #[derive(Debug, Default, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct File {
        #[serde(default)]
        pub(super) version: Option<u32>,
        #[serde(default)]
        pub(super) terms: Vec<Term>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct Term {
        pub(super) arabic: Forms,
        #[serde(default)]
        pub(super) english: Option<String>,
        #[serde(default)]
        pub(super) kind: Option<TermKind>,
        #[serde(default)]
        pub(super) note: Option<String>,
        #[serde(default)]
        pub(super) forbidden: Forms,
        #[serde(default)]
        pub(super) do_not_translate: bool,
    }

    /// One string or a list of strings.
    #[derive(Debug, Default)]
    pub(super) struct Forms(pub(super) Vec<String>);

    impl<'de> Deserialize<'de> for Forms {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Forms, D::Error> {
            d.deserialize_any(FormsVisitor)
        }
    }

    struct FormsVisitor;

    impl<'de> Visitor<'de> for FormsVisitor {
        type Value = Forms;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string or a list of strings")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Forms, E> {
            Ok(Forms(vec![v.to_string()]))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Forms, A::Error> {
            let mut forms = Vec::new();
            while let Some(form) = seq.next_element::<String>()? {
                forms.push(form);
            }
            Ok(Forms(forms))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::glossary::{Error, Glossary, Term, TermKind};

    fn parse(yaml: &str) -> Result<Glossary, Error> {
        Glossary::parse(yaml, Path::new("glossary.yaml"))
    }

    fn error(yaml: &str) -> String {
        parse(yaml).unwrap_err().to_string()
    }

    #[test]
    fn glossary_parses_project_file() {
        let g = parse(include_str!("../../glossary.yaml")).unwrap();
        let lavrov = &g.terms()[0];
        assert_eq!(lavrov.english, "Sergei Lavrov");
        assert_eq!(lavrov.arabic, vec!["سيرجي لافروف", "سيرغي لافروف"]);
        assert_eq!(lavrov.kind, Some(TermKind::Person));
        assert_eq!(lavrov.forbidden, vec!["Sergey Lavrov"]);
    }

    #[test]
    fn glossary_accepts_single_string_forms_and_empty_files() {
        let g = parse("terms:\n  - arabic: حمص\n    english: Homs\n").unwrap();
        assert_eq!(g.terms()[0].arabic, vec!["حمص"]);
        assert!(parse("# only a comment\n").unwrap().terms().is_empty());
        assert!(parse("").unwrap().terms().is_empty());
    }

    #[test]
    fn glossary_to_yaml_round_trips_and_keeps_header() {
        let g = parse(include_str!("../../glossary.yaml")).unwrap();
        let yaml = g.to_yaml();
        assert!(yaml.starts_with("# Project glossary"));
        let again = parse(&yaml).unwrap();
        assert_eq!(again, g);
        assert_eq!(again.to_yaml(), yaml);
    }

    #[test]
    fn glossary_to_yaml_quotes_what_needs_quoting() {
        let mut g = Glossary::new();
        let mut t = Term::new(vec!["حمص"], "yes");
        t.note = Some("a: b # c \"q\"\nnext".into());
        t.forbidden = vec!["- dash".into(), "2012".into(), " pad".into()];
        g.add(t).unwrap();
        let mut t = Term::new(vec!["سانا"], "");
        t.do_not_translate = true;
        g.add(t).unwrap();
        let yaml = g.to_yaml();
        assert_eq!(parse(&yaml).unwrap().terms(), g.terms(), "{yaml}");
    }

    #[test]
    fn glossary_error_syntax() {
        assert_eq!(
            error("terms:\n  - arabic: [حمص\n    english: Homs\n"),
            "glossary.yaml:3:12: did not find expected ',' or ']', while parsing a flow sequence"
        );
        assert_eq!(
            error("terms:\n  - arabic: حمص\n   english: Homs\n"),
            "glossary.yaml:3:4: did not find expected '-' indicator, while parsing a block collection"
        );
    }

    #[test]
    fn glossary_error_binary_content() {
        let err = error("terms:\n  - english: Homs\n    arabic: \u{0}\n");
        assert_eq!(
            err,
            "glossary.yaml:3:13: control characters are not allowed"
        );
    }

    #[test]
    fn glossary_error_syntax_has_position() {
        let err = parse("terms:\n  - arabic: [حمص\n    english: Homs\n").unwrap_err();
        assert!(
            matches!(&err, Error::Syntax { at, .. } if at.line >= 2),
            "{err}"
        );
    }

    #[test]
    fn glossary_error_unknown_field() {
        assert_eq!(
            error("terms:\n  - arabic: حمص\n    english: Homs\n    colour: red\n"),
            "glossary.yaml:4:5: terms[0]: unknown field `colour`, expected one of `arabic`, `english`, `kind`, `note`, `forbidden`, `do_not_translate`"
        );
        assert_eq!(
            error("version: 1\nglossary: []\n"),
            "glossary.yaml:2:1: unknown field `glossary`, expected `version` or `terms`"
        );
    }

    #[test]
    fn glossary_error_wrong_type() {
        assert_eq!(
            error("terms:\n  - arabic: حمص\n    english: Homs\n    do_not_translate: maybe\n"),
            "glossary.yaml:4:23: terms[0].do_not_translate: invalid type: string \"maybe\", expected a boolean"
        );
        assert_eq!(
            error("terms:\n  - arabic: {a: b}\n    english: Homs\n"),
            "glossary.yaml:2:13: terms[0].arabic: invalid type: map, expected a string or a list of strings"
        );
        assert_eq!(
            error("terms:\n  - arabic: حمص\n    english: Homs\n    kind: city\n"),
            "glossary.yaml:4:11: terms[0].kind: unknown variant `city`, expected one of `person`, `place`, `organisation`, `organization`, `title`, `term`"
        );
    }

    #[test]
    fn glossary_error_missing_arabic() {
        assert_eq!(
            error("terms:\n  - english: Homs\n"),
            "glossary.yaml:2:5: terms[0]: missing field `arabic`"
        );
        assert_eq!(
            error("terms:\n  - english: Homs\n    arabic: []\n"),
            "glossary.yaml:3:13: a term needs at least one Arabic form"
        );
    }

    #[test]
    fn glossary_error_empty_form() {
        assert_eq!(
            error("terms:\n  - english: Homs\n    arabic:\n      - حمص\n      - \"  \u{064E} \"\n"),
            "glossary.yaml:5:9: empty Arabic form"
        );
    }

    #[test]
    fn glossary_error_empty_rendering() {
        assert_eq!(
            error("terms:\n  - arabic: حمص\n    english: \"\"\n"),
            "glossary.yaml:2:5: empty English rendering (set `do_not_translate: true` to keep the Arabic)"
        );
        assert!(parse("terms:\n  - arabic: سانا\n    do_not_translate: true\n").is_ok());
    }

    #[test]
    fn glossary_error_duplicate_form_in_term() {
        assert_eq!(
            error("terms:\n  - english: Homs\n    arabic: [حمص, حمص]\n"),
            "glossary.yaml:3:19: duplicate Arabic form `حمص` in the same term"
        );
        // Spellings that only normalise alike are allowed in one term.
        assert!(parse("terms:\n  - english: Erdogan\n    arabic: [أردوغان, اردوغان]\n").is_ok());
    }

    #[test]
    fn glossary_error_duplicate_entry() {
        assert_eq!(
            error(
                "terms:\n  - english: Homs\n    arabic: حمص\n  - english: Homs\n    arabic: [حِمص]\n"
            ),
            "glossary.yaml:5:14: duplicate entry: `حِمص` is already listed for `Homs` (line 3)"
        );
    }

    #[test]
    fn glossary_error_conflicting_entry() {
        assert_eq!(
            error(
                "terms:\n  - english: Erdogan\n    arabic: أردوغان\n  - english: Ardogan\n    arabic:\n      - اردوغان\n"
            ),
            "glossary.yaml:6:9: conflicting entry: `اردوغان` is rendered `Ardogan` here and `Erdogan` (line 3)"
        );
    }

    #[test]
    fn glossary_error_rendering_also_forbidden() {
        assert_eq!(
            error(
                "terms:\n  - english: Homs\n    arabic: حمص\n    forbidden:\n      - Hims\n      - homs\n"
            ),
            "glossary.yaml:6:9: the rendering `homs` is also listed as forbidden"
        );
    }

    #[test]
    fn glossary_error_unsupported_version() {
        assert_eq!(
            error("version: 2\nterms: []\n"),
            "glossary.yaml:1:10: unsupported glossary version 2 (expected 1)"
        );
    }

    #[test]
    fn glossary_load_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.yaml");
        let err = Glossary::load(&path).unwrap_err().to_string();
        assert!(err.contains("g.yaml"), "{err}");
        fs_err::write(&path, b"\xff\xfe").unwrap();
        let err = Glossary::load(&path).unwrap_err().to_string();
        assert!(
            err.ends_with("g.yaml: not valid UTF-8 (at byte 0)"),
            "{err}"
        );
    }

    #[test]
    fn glossary_save_then_load() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("glossary.yaml");
        let mut g = Glossary::new();
        g.add(Term::new(vec!["حمص"], "Homs")).unwrap();
        g.save(&path).unwrap();
        assert_eq!(Glossary::load(&path).unwrap(), parse(&g.to_yaml()).unwrap());
        assert_eq!(Glossary::load(&path).unwrap().terms(), g.terms());
    }

    proptest::proptest! {
        #[test]
        fn glossary_to_yaml_round_trips_any_text(
            english in "[^\\s]([ -~\\x{00A0}-\\x{00FF}\\x{0600}-\\x{06FF}]{0,20}[^\\s])?",
            note in "[\\x{0000}-\\x{00FF}\\x{0600}-\\x{06FF}]{0,30}",
        ) {
            let mut g = Glossary::new();
            let mut term = Term::new(vec!["حمص"], english.clone());
            term.note = Some(note);
            term.forbidden = vec![format!("{english} x")];
            g.add(term).unwrap();
            let back = parse(&g.to_yaml()).unwrap();
            proptest::prop_assert_eq!(back.terms(), g.terms());
        }
    }
}
