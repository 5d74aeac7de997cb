//! The document's YAML, written and read directly: the same bytes serde_yaml writes, several
//! times faster.
//!
//! serde_yaml goes through libyaml's event emitter and asks, for every string, whether a
//! YAML parser would read it as a number or a boolean; on a 2,000-segment document that is
//! 10 ms per save, the largest cost of a translation run. The store's schema is fixed, so
//! this module writes it field by field and decides each string's style the way libyaml
//! does (plain, else single-quoted). The rare strings where the choice is subtle (line
//! breaks, characters that need escapes, text that looks like a number, a boolean or null)
//! are handed to serde_yaml itself, so the output never differs: a property test compares
//! the two on arbitrary documents.
//!
//! Reading is the same shortcut the other way: [`read`] parses a file laid out exactly as
//! [`document`] writes it, and its result counts only when writing it back gives the file's
//! bytes again. Anything else (a file edited by hand, a comment, another quoting style, an
//! unusual string) goes to serde_yaml, which also gives the errors with line and column.

use std::fmt::Write as _;

use super::{
    Approval, Document, Meta, Origin, OriginKind, Revision, Segment, State, Usage, Version,
};

/// The document as YAML (without the comment line that [`Document::to_yaml`] puts first).
/// Fails only when serde_yaml, asked to write a subtle string, fails: the caller must then
/// write nothing.
pub(super) fn document(doc: &Document) -> Result<String, serde_yaml::Error> {
    let m = &doc.meta;
    let top = [
        &m.name,
        &m.source_path,
        &m.source_lang,
        &m.target_lang,
        &m.source_hash,
    ]
    .into_iter()
    .chain(m.target_path.as_ref())
    .chain(doc.revisions.iter().flat_map(|r| [&r.time, &r.action]))
    .chain(
        doc.revisions
            .iter()
            .filter_map(|r| r.usage.as_ref()?.currency.as_ref()),
    );
    if top.into_iter().any(|t| t.chars().any(is_break)) {
        return serde_yaml::to_string(doc);
    }
    let mut out = String::with_capacity(256 + doc.segments.len() * 400);
    let _ = writeln!(out, "version: {}", doc.version);
    out.push_str("meta:\n");
    meta(&mut out, &doc.meta)?;
    if doc.revisions.is_empty() {
        out.push_str("revisions: []\n");
    } else {
        out.push_str("revisions:\n");
        for r in &doc.revisions {
            revision(&mut out, r)?;
        }
    }
    if doc.segments.is_empty() {
        out.push_str("segments: []\n");
    } else {
        out.push_str("segments:\n");
        for s in &doc.segments {
            segment(&mut out, s)?;
        }
    }
    if !doc.retired.is_empty() {
        out.push_str("retired:\n");
        for s in &doc.retired {
            segment(&mut out, s)?;
        }
    }
    Ok(out)
}

/// What the writers return: serde_yaml's error, when it was asked and failed.
type Written = Result<(), serde_yaml::Error>;

fn meta(out: &mut String, m: &Meta) -> Written {
    field(out, "  name", &m.name)?;
    field(out, "  source_path", &m.source_path)?;
    field(out, "  source_lang", &m.source_lang)?;
    field(out, "  target_lang", &m.target_lang)?;
    field(out, "  source_hash", &m.source_hash)?;
    if let Some(t) = &m.target_path {
        field(out, "  target_path", t)?;
    }
    if let Some(f) = m.format {
        field(out, "  format", f.as_str())?;
    }
    if let Some(p) = m.paragraphs {
        field(out, "  paragraphs", p.as_str())?;
    }
    Ok(())
}

fn revision(out: &mut String, r: &Revision) -> Written {
    let _ = writeln!(out, "- number: {}", r.number);
    field(out, "  time", &r.time)?;
    field(out, "  action", &r.action)?;
    let _ = writeln!(out, "  changed: {}", r.changed);
    if let Some(u) = &r.usage {
        usage(out, u)?;
    }
    Ok(())
}

/// A revision's usage, a mapping under `  usage:` (`  usage: {}` when it holds nothing).
fn usage(out: &mut String, u: &Usage) -> Written {
    if *u == Usage::default() {
        out.push_str("  usage: {}\n");
        return Ok(());
    }
    out.push_str("  usage:\n");
    let counts = [
        ("characters", u.characters),
        ("input_tokens", u.input_tokens),
        ("output_tokens", u.output_tokens),
    ];
    for (key, n) in counts {
        if let Some(n) = n {
            let _ = writeln!(out, "    {key}: {n}");
        }
    }
    if let Some(c) = u.cost {
        // Float formatting is serde_yaml's own, as for a segment's confidence.
        let text = serde_yaml::to_string(&c)?;
        let _ = writeln!(out, "    cost: {}", text.trim_end());
    }
    if let Some(c) = &u.currency {
        field(out, "    currency", c)?;
    }
    Ok(())
}

/// One segment as an item of a top-level sequence.
fn segment(out: &mut String, s: &Segment) -> Written {
    // A line break anywhere makes serde_yaml choose a block scalar, indented by context:
    // such a segment is written by serde_yaml itself.
    if has_break(s) {
        let one = serde_yaml::to_string(std::slice::from_ref(s))?;
        out.push_str(&one);
        return Ok(());
    }
    let _ = writeln!(out, "- id: {}", s.id);
    let _ = writeln!(out, "  range:\n  - {}\n  - {}", s.range[0], s.range[1]);
    field(out, "  source", &s.source)?;
    field(out, "  target", &s.target)?;
    let _ = writeln!(out, "  state: {}", s.state.as_str());
    if let Some(o) = &s.origin {
        out.push_str("  origin:\n");
        origin(out, o, ORIGIN_IN_SEGMENT)?;
    }
    let _ = writeln!(out, "  revision: {}", s.revision);
    if let Some(c) = s.confidence {
        // Float formatting (ryu's shortest form, `.inf`, `.nan`) is serde_yaml's own.
        let text = serde_yaml::to_string(&c)?;
        let _ = writeln!(out, "  confidence: {}", text.trim_end());
    }
    if s.stale {
        out.push_str("  stale: true\n");
    }
    if let Some(a) = &s.approval {
        out.push_str("  approval:\n");
        approval(out, a)?;
    }
    if !s.history.is_empty() {
        out.push_str("  history:\n");
        for v in &s.history {
            version(out, v)?;
        }
    }
    Ok(())
}

/// The keys of an origin at its two depths: kind, backend, model, time.
const ORIGIN_IN_SEGMENT: [&str; 4] = ["    kind", "    backend", "    model", "    time"];
const ORIGIN_IN_HISTORY: [&str; 4] = ["      kind", "      backend", "      model", "      time"];

fn origin(out: &mut String, o: &Origin, keys: [&str; 4]) -> Written {
    out.push_str(keys[0]);
    out.push_str(": ");
    out.push_str(o.kind.as_str());
    out.push('\n');
    if let Some(b) = &o.backend {
        field(out, keys[1], b)?;
    }
    if let Some(m) = &o.model {
        field(out, keys[2], m)?;
    }
    field(out, keys[3], &o.time)
}

fn approval(out: &mut String, a: &Approval) -> Written {
    field(out, "    source", &a.source)?;
    field(out, "    target", &a.target)
}

/// An item of a segment's history (a sequence inside the segment's mapping).
fn version(out: &mut String, v: &Version) -> Written {
    let _ = writeln!(out, "  - revision: {}", v.revision);
    field(out, "    target", &v.target)?;
    let _ = writeln!(out, "    state: {}", v.state.as_str());
    if let Some(o) = &v.origin {
        out.push_str("    origin:\n");
        origin(out, o, ORIGIN_IN_HISTORY)?;
    }
    if let Some(s) = &v.source {
        field(out, "    source", s)?;
    }
    Ok(())
}

/// Whether any string of the segment holds a line break (as YAML counts them).
fn has_break(s: &Segment) -> bool {
    let texts = [s.source.as_str(), s.target.as_str()]
        .into_iter()
        .chain(s.origin.iter().flat_map(origin_texts))
        .chain(s.history.iter().flat_map(|v| {
            [v.target.as_str()]
                .into_iter()
                .chain(v.source.as_deref())
                .chain(v.origin.iter().flat_map(origin_texts))
        }))
        .chain(
            s.approval
                .iter()
                .flat_map(|a| [a.source.as_str(), a.target.as_str()]),
        );
    texts.into_iter().any(|t| t.chars().any(is_break))
}

fn origin_texts(o: &Origin) -> impl Iterator<Item = &str> {
    [o.time.as_str()]
        .into_iter()
        .chain(o.backend.as_deref())
        .chain(o.model.as_deref())
}

/// `key: value` and a newline, the value in serde_yaml's style.
fn field(out: &mut String, key: &str, value: &str) -> Written {
    out.push_str(key);
    out.push_str(": ");
    scalar(out, value)?;
    out.push('\n');
    Ok(())
}

/// A string with no line break, as serde_yaml writes it in a block mapping's value.
fn scalar(out: &mut String, s: &str) -> Written {
    match style(s) {
        Style::Plain => out.push_str(s),
        Style::SingleQuoted => {
            out.push('\'');
            for c in s.chars() {
                if c == '\'' {
                    out.push('\'');
                }
                out.push(c);
            }
            out.push('\'');
        }
        Style::Ask => {
            return ASKED.with_borrow_mut(|asked| {
                if let Some((_, text)) = asked.iter().find(|(q, _)| q == s) {
                    out.push_str(text);
                    return Ok(());
                }
                // A single-line scalar is written the same at the top level as in a mapping.
                let text = serde_yaml::to_string(s)?;
                let text = text.strip_suffix('\n').unwrap_or(&text).to_owned();
                out.push_str(&text);
                if asked.len() == ASKED_KEPT {
                    asked.remove(0);
                }
                asked.push((s.to_owned(), text));
                Ok(())
            });
        }
    }
    Ok(())
}

thread_local! {
    /// The last strings serde_yaml was asked to write, and its answers: the same timestamp
    /// comes back in every segment a run made.
    static ASKED: std::cell::RefCell<Vec<(String, String)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// How many answers [`ASKED`] keeps.
const ASKED_KEPT: usize = 8;

#[derive(Debug, PartialEq)]
enum Style {
    Plain,
    SingleQuoted,
    /// Let serde_yaml decide (and write) it.
    Ask,
}

/// libyaml's choice for a string in block context, for strings serde_yaml leaves it to
/// choose; everything subtle is [`Style::Ask`].
fn style(s: &str) -> Style {
    let Some(first) = s.chars().next() else {
        return Style::Ask;
    };
    // serde_yaml quotes what a parser would take for null, a boolean or a number; text that
    // starts with a letter can only be one of these words.
    if (first.is_ascii() && !first.is_alphabetic())
        || matches!(
            s,
            "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
        )
    {
        return Style::Ask;
    }
    let mut block_indicators = s.starts_with("---") || s.starts_with("...");
    let mut preceded_by_blank = true;
    let mut chars = s.chars().peekable();
    let mut i = 0;
    while let Some(c) = chars.next() {
        let followed_by_blank = chars.peek().is_none_or(|&n| is_blank(n));
        if !is_printable(c) {
            return Style::Ask;
        }
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => block_indicators = true,
                '?' | ':' | '-' if followed_by_blank => block_indicators = true,
                _ => {}
            }
        } else {
            match c {
                ':' if followed_by_blank => block_indicators = true,
                '#' if preceded_by_blank => block_indicators = true,
                _ => {}
            }
        }
        preceded_by_blank = is_blank(c);
        i += 1;
    }
    let edge_space = s.starts_with(' ') || s.ends_with(' ');
    if edge_space || block_indicators {
        Style::SingleQuoted
    } else {
        Style::Plain
    }
}

/// libyaml's line breaks: CR, LF, NEL, LS, PS.
fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// libyaml's blanks (a break or the end count too, handled by the caller).
fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t' || is_break(c)
}

/// libyaml's printable characters (without LF, which the caller has excluded).
fn is_printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7E}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        && c != '\u{FEFF}'
}

/// A document read from text laid out exactly as [`document`] writes it (after the comment
/// line); `None` for anything else. The caller checks the result by writing it back.
pub(super) fn read(text: &str) -> Option<Document> {
    let mut r = Reader {
        lines: text.strip_suffix('\n')?.split('\n').peekable(),
    };
    let version = r.number("version")?;
    r.line("meta:")?;
    let meta = Meta {
        name: r.text("  name")?,
        source_path: r.text("  source_path")?,
        source_lang: r.text("  source_lang")?,
        target_lang: r.text("  target_lang")?,
        source_hash: r.text("  source_hash")?,
        target_path: r.optional("  target_path", Reader::text)?,
        format: match r.optional("  format", Reader::text)? {
            Some(f) => Some(crate::document::Format::parse(&f)?),
            None => None,
        },
        paragraphs: match r.optional("  paragraphs", Reader::text)? {
            Some(p) => Some(crate::document::Paragraphs::parse(&p)?),
            None => None,
        },
    };
    let mut revisions = Vec::new();
    if r.next_is("revisions:") {
        r.line("revisions:")?;
        while r.next_starts("- number: ") {
            revisions.push(Revision {
                number: r.number("- number")?,
                time: r.text("  time")?,
                action: r.text("  action")?,
                changed: r.number("  changed")?,
                usage: r.optional("  usage", Reader::usage)?,
            });
        }
    } else {
        r.line("revisions: []")?;
    }
    let mut segments = Vec::new();
    if r.next_is("segments:") {
        r.line("segments:")?;
        while r.next_starts("- id: ") {
            segments.push(r.segment()?);
        }
    } else {
        r.line("segments: []")?;
    }
    let mut retired = Vec::new();
    if r.next_is("retired:") {
        r.line("retired:")?;
        while r.next_starts("- id: ") {
            retired.push(r.segment()?);
        }
    }
    r.lines.next().is_none().then_some(Document {
        version,
        meta,
        revisions,
        segments,
        retired,
    })
}

/// The lines of a document being read, front to back.
struct Reader<'a> {
    lines: std::iter::Peekable<std::str::Split<'a, char>>,
}

impl Reader<'_> {
    fn next_is(&mut self, line: &str) -> bool {
        self.lines.peek() == Some(&line)
    }

    fn next_starts(&mut self, prefix: &str) -> bool {
        self.lines.peek().is_some_and(|l| l.starts_with(prefix))
    }

    fn line(&mut self, line: &str) -> Option<()> {
        (self.lines.next()? == line).then_some(())
    }

    /// The raw value of `key: value`.
    fn raw(&mut self, key: &str) -> Option<&str> {
        let line = self.lines.next()?;
        line.strip_prefix(key)?.strip_prefix(": ")
    }

    fn number<N: std::str::FromStr>(&mut self, key: &str) -> Option<N> {
        self.raw(key)?.parse().ok()
    }

    fn text(&mut self, key: &str) -> Option<String> {
        unquote(self.raw(key)?)
    }

    /// `read(key)` when the next line is `key: …` (or `key:` for a nested mapping), else
    /// `Some(None)`.
    fn optional<T>(
        &mut self,
        key: &str,
        read: impl FnOnce(&mut Self, &str) -> Option<T>,
    ) -> Option<Option<T>> {
        let present = self
            .lines
            .peek()
            .and_then(|next| next.strip_prefix(key))
            .is_some_and(|rest| rest.starts_with(':'));
        if present {
            read(self, key).map(Some)
        } else {
            Some(None)
        }
    }

    fn segment(&mut self) -> Option<Segment> {
        let id = self.number("- id")?;
        self.line("  range:")?;
        let start = self.lines.next()?.strip_prefix("  - ")?.parse().ok()?;
        let end = self.lines.next()?.strip_prefix("  - ")?.parse().ok()?;
        let source = self.text("  source")?;
        let target = self.text("  target")?;
        let state = State::parse(self.raw("  state")?)?;
        let origin = self.optional("  origin", |r, key| r.origin(key, ORIGIN_IN_SEGMENT))?;
        let revision = self.number("  revision")?;
        let confidence = self.optional("  confidence", |r, key| r.number::<f64>(key))?;
        let stale = self
            .optional("  stale", |r, key| (r.raw(key)? == "true").then_some(()))?
            .is_some();
        let approval = self.optional("  approval", |r, key| {
            r.line(&format!("{key}:"))?;
            Some(Approval {
                source: r.text("    source")?,
                target: r.text("    target")?,
            })
        })?;
        let mut history = Vec::new();
        if self.next_is("  history:") {
            self.line("  history:")?;
            while self.next_starts("  - revision: ") {
                history.push(Version {
                    revision: self.number("  - revision")?,
                    target: self.text("    target")?,
                    state: State::parse(self.raw("    state")?)?,
                    origin: self
                        .optional("    origin", |r, key| r.origin(key, ORIGIN_IN_HISTORY))?,
                    source: self.optional("    source", Reader::text)?,
                });
            }
        }
        Some(Segment {
            id,
            range: [start, end],
            source,
            target,
            state,
            origin,
            revision,
            confidence,
            stale,
            approval,
            history,
        })
    }

    /// A revision's usage under `key:` (or `key: {}`), laid out as [`usage`] writes it.
    fn usage(&mut self, key: &str) -> Option<Usage> {
        if self.next_is(&format!("{key}: {{}}")) {
            self.lines.next();
            return Some(Usage::default());
        }
        self.line(&format!("{key}:"))?;
        Some(Usage {
            characters: self.optional("    characters", |r, k| r.number(k))?,
            input_tokens: self.optional("    input_tokens", |r, k| r.number(k))?,
            output_tokens: self.optional("    output_tokens", |r, k| r.number(k))?,
            cost: self.optional("    cost", |r, k| r.number::<f64>(k))?,
            currency: self.optional("    currency", Reader::text)?,
        })
    }

    /// An origin under `key:`, its fields' keys (with their indentation) in `keys`.
    fn origin(&mut self, key: &str, keys: [&str; 4]) -> Option<Origin> {
        self.line(&format!("{key}:"))?;
        let kind = self.raw(keys[0])?;
        let kind = [
            OriginKind::Machine,
            OriginKind::Human,
            OriginKind::Memory,
            OriginKind::Alignment,
            OriginKind::Import,
        ]
        .into_iter()
        .find(|k| k.as_str() == kind)?;
        Some(Origin {
            kind,
            backend: self.optional(keys[1], Reader::text)?,
            model: self.optional(keys[2], Reader::text)?,
            time: self.text(keys[3])?,
        })
    }
}

/// A plain or single-quoted scalar's text; `None` for the other styles.
fn unquote(raw: &str) -> Option<String> {
    match raw.as_bytes().first()? {
        b'\'' => Some(
            raw.strip_prefix('\'')?
                .strip_suffix('\'')?
                .replace("''", "'"),
        ),
        b'"' | b'|' | b'>' => None,
        _ => Some(raw.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::store::{OriginKind, State};

    fn reference(doc: &Document) -> String {
        serde_yaml::to_string(doc).unwrap()
    }

    /// Strings made of the characters that matter to YAML's styles, and ordinary text.
    fn text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a",
            "Z",
            "ب",
            "حمص",
            " ",
            "  ",
            ":",
            ": ",
            "#",
            " #",
            "'",
            "\"",
            "-",
            "- ",
            "?",
            "!",
            "&",
            "*",
            "|",
            ">",
            "%",
            "@",
            "`",
            ",",
            "[",
            "]",
            "{",
            "}",
            "---",
            "...",
            "0",
            "12",
            "1.5",
            "e3",
            ".",
            "+",
            "~",
            "\t",
            "\n",
            "\r",
            "\u{85}",
            "\u{2028}",
            "\u{202E}",
            "\u{200F}",
            "\u{FEFF}",
            "\u{1F600}",
            "\u{7F}",
            "\u{0}",
            "\\",
            "null",
            "true",
            "False",
            "yes",
            "0x1F",
            ".inf",
            "«",
            "»",
            "؟",
            "،",
            "٣",
        ]);
        prop::collection::vec(pieces, 0..7).prop_map(|v| v.concat())
    }

    /// Strings of the kind real documents hold: mostly plain or single-quoted.
    fn mild_text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "Homs", "حمص", " ", "al-Assad", ": ", ":", "'", "\"", "#", " #", "50", "-", ",", "«",
            "»", "؟", "٣", "d'", ".",
        ]);
        (
            prop::sample::select(vec!["A", "ب", "Z"]),
            prop::collection::vec(pieces, 0..8),
        )
            .prop_map(|(first, rest)| format!("{first}{}", rest.concat()))
    }

    fn origin_of(text: BoxedStrategy<String>) -> impl Strategy<Value = Option<Origin>> {
        prop::option::of(
            (text.clone(), prop::option::of(text.clone()), text).prop_map(
                |(backend, model, time)| Origin {
                    kind: OriginKind::Machine,
                    backend: Some(backend),
                    model,
                    time,
                },
            ),
        )
    }

    fn usage_of(text: BoxedStrategy<String>) -> impl Strategy<Value = Option<Usage>> {
        let count = || prop::option::of(0u64..u64::MAX);
        prop::option::of(
            (
                count(),
                count(),
                count(),
                prop::option::of(0.0f64..1.0e9),
                prop::option::of(text),
            )
                .prop_map(
                    |(characters, input_tokens, output_tokens, cost, currency)| Usage {
                        characters,
                        input_tokens,
                        output_tokens,
                        cost,
                        currency,
                    },
                ),
        )
    }

    fn segment() -> impl Strategy<Value = Segment> {
        segment_of(text().boxed())
    }

    fn segment_of(text: BoxedStrategy<String>) -> impl Strategy<Value = Segment> {
        (
            (text.clone(), text.clone(), origin_of(text.clone())),
            prop::option::of(-1.0e30f64..1.0e30),
            any::<bool>(),
            prop::option::of((text.clone(), text.clone())),
            prop::collection::vec(
                (
                    text.clone(),
                    origin_of(text.clone()),
                    prop::option::of(text),
                ),
                0..3,
            ),
        )
            .prop_map(
                |((source, target, origin), confidence, stale, approval, history)| {
                    let mut s = Segment::new(3, 5..9, source);
                    s.target = target;
                    s.state = State::Draft;
                    s.origin = origin;
                    s.confidence = confidence;
                    s.stale = stale;
                    s.approval = approval.map(|(source, target)| Approval { source, target });
                    s.history = history
                        .into_iter()
                        .map(|(target, origin, source)| Version {
                            revision: 0,
                            target,
                            state: State::New,
                            origin,
                            source,
                        })
                        .collect();
                    s
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn writes_what_serde_yaml_writes(
            segments in prop::collection::vec(segment(), 0..4),
            retired in prop::collection::vec(segment(), 0..2),
            name in text(),
            action in text(),
            target_path in prop::option::of(text()),
            usage in usage_of(text().boxed()),
        ) {
            let mut meta = Meta::for_tests();
            meta.name = name;
            meta.target_path = target_path;
            let doc = Document {
                version: 1,
                meta,
                revisions: vec![
                    Revision { number: 1, time: "2026-01-01T00:00:00Z".into(), action, changed: 2, usage },
                    Revision { number: 2, time: "2026-01-02T00:00:00Z".into(), action: "edit".into(), changed: 1, usage: None },
                ],
                segments,
                retired,
            };
            prop_assert_eq!(document(&doc).unwrap(), reference(&doc));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Whatever the direct reader accepts (its result written back is the text) is what
        /// serde_yaml reads; and it accepts the files this build writes, unusual strings aside.
        #[test]
        fn reads_what_serde_yaml_reads(
            segments in prop::collection::vec(
                prop_oneof![segment().boxed(), segment_of(mild_text().boxed()).boxed()],
                0..4,
            ),
            retired in prop::collection::vec(segment(), 0..2),
            name in text(),
            usage in prop_oneof![usage_of(text().boxed()).boxed(), usage_of(mild_text().boxed()).boxed()],
        ) {
            let mut meta = Meta::for_tests();
            meta.name = name;
            let doc = Document {
                version: 1,
                meta,
                revisions: vec![Revision {
                    number: 1,
                    time: "2026-01-01T00:00:00Z".into(),
                    action: "translate openai".into(),
                    changed: 2,
                    usage,
                }],
                segments,
                retired,
            };
            let text = reference(&doc);
            if let Some(read) = read(&text).filter(|d| document(d).is_ok_and(|t| t == text)) {
                let serde: Document = serde_yaml::from_str(&text).unwrap();
                prop_assert_eq!(&read, &serde);
                prop_assert_eq!(&read, &doc);
            }
        }
    }

    #[test]
    fn the_direct_reader_takes_this_builds_files() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("translations/syria-homs-lavrov-2012.yaml");
        let text = fs_err::read_to_string(&path).unwrap();
        let body = text.strip_prefix(super::super::HEADER).unwrap();
        let doc = read(body).expect("read directly");
        assert_eq!(doc, serde_yaml::from_str::<Document>(&text).unwrap());
        assert!(super::super::HEADER.contains(&format!(
            "(schema version {})",
            super::super::SCHEMA_VERSION
        )));
        // Every optional field, and strings in both quoting styles.
        let mut seg = doc.segments[0].clone();
        seg.confidence = Some(0.875);
        seg.stale = true;
        seg.approval = Some(Approval::of("a", "b"));
        seg.history.push(Version {
            revision: 1,
            target: "it's: here".into(),
            state: State::Draft,
            origin: seg.origin.clone(),
            source: Some("حمص".into()),
        });
        let full = Document {
            segments: vec![seg.clone()],
            retired: vec![seg],
            ..doc
        };
        let text = document(&full).unwrap();
        assert_eq!(read(&text).as_ref(), Some(&full));
    }

    #[test]
    fn a_revisions_usage_round_trips() {
        let mut doc = Document::new(Meta::for_tests(), &[]);
        doc.record_revision(1, "2026-01-01T00:00:00Z", "translate openai", 2);
        doc.record_revision(2, "2026-01-02T00:00:00Z", "translate deepl", 1);
        doc.revisions[0].usage = Some(Usage {
            input_tokens: Some(1200),
            output_tokens: Some(340),
            cost: Some(0.000384),
            currency: Some("EUR".into()),
            ..Usage::default()
        });
        doc.revisions[1].usage = Some(Usage {
            characters: Some(57),
            ..Usage::default()
        });
        let text = document(&doc).unwrap();
        assert_eq!(text, reference(&doc));
        assert!(
            text.contains(
                "  changed: 2\n  usage:\n    input_tokens: 1200\n    output_tokens: 340\n    cost: 0.000384\n    currency: EUR\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("  changed: 1\n  usage:\n    characters: 57\n"),
            "{text}"
        );
        assert_eq!(read(&text).as_ref(), Some(&doc));
        assert_eq!(serde_yaml::from_str::<Document>(&text).unwrap(), doc);
        // A revision without usage is written as before.
        doc.revisions[0].usage = None;
        let plain = document(&doc).unwrap();
        assert!(plain.contains("  changed: 2\n- number: 2\n"), "{plain}");
        assert_eq!(read(&plain).as_ref(), Some(&doc));
    }

    #[test]
    fn the_committed_translation_is_written_byte_for_byte() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("translations/syria-homs-lavrov-2012.yaml");
        let doc = Document::load(&path).unwrap();
        assert_eq!(document(&doc).unwrap(), reference(&doc));
        let empty = Document {
            revisions: Vec::new(),
            segments: Vec::new(),
            ..doc
        };
        assert_eq!(document(&empty).unwrap(), reference(&empty));
    }

    #[test]
    fn styles() {
        assert_eq!(style("Homs"), Style::Plain);
        assert_eq!(style("قال: نعم"), Style::SingleQuoted);
        assert_eq!(style("Note:"), Style::SingleQuoted);
        assert_eq!(style("a #b"), Style::SingleQuoted);
        assert_eq!(style("a#b"), Style::Plain);
        assert_eq!(style("word "), Style::SingleQuoted);
        assert_eq!(style("50 dead"), Style::Ask);
        assert_eq!(style("true"), Style::Ask);
        assert_eq!(style("tab\there"), Style::Ask);
    }
}
