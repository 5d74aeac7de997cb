//! The built-in rules written as SRX 2.0, for `--export-rules`: the hand-coded scanner
//! expressed as ordered break and no-break regex rules (Java syntax with look-around, as
//! Okapi and OmegaT run them), plus the XML writer shared with SRX round-tripping.

use std::fmt::Write as _;

use super::Language;
use super::lexicon::{
    ARABIC_MAY_END, ARABIC_STARTERS, ENGLISH_STARTERS, ERA_MARKS, LATIN_MAY_END, LATIN_NEVER_END,
    QUOTE_CONTINUATIONS, WAW_FA_NOUNS,
};

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::display::escape_content(s, &mut out);
    out
}

pub(crate) fn push_rule(out: &mut String, is_break: bool, before: &str, after: &str) {
    let _ = writeln!(
        out,
        "        <rule break=\"{}\">\n          <beforebreak>{}</beforebreak>\n          <afterbreak>{}</afterbreak>\n        </rule>",
        if is_break { "yes" } else { "no" },
        xml_escape(before),
        xml_escape(after)
    );
}

pub(crate) fn document(
    cascade: bool,
    rules: &[(&str, String)],
    maps: &[(String, String)],
) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<srx xmlns=\"http://www.lisa.org/srx20\" version=\"2.0\">\n");
    let _ = writeln!(
        out,
        "  <header segmentsubflows=\"yes\" cascade=\"{}\">\n    <formathandle type=\"start\" include=\"no\"/>\n    <formathandle type=\"end\" include=\"yes\"/>\n    <formathandle type=\"isolated\" include=\"yes\"/>\n  </header>",
        if cascade { "yes" } else { "no" }
    );
    out.push_str("  <body>\n    <languagerules>\n");
    for (name, body) in rules {
        let _ = writeln!(
            out,
            "      <languagerule languagerulename=\"{}\">",
            xml_escape(name)
        );
        out.push_str(body);
        out.push_str("      </languagerule>\n");
    }
    out.push_str("    </languagerules>\n    <maprules>\n");
    for (pattern, name) in maps {
        let _ = writeln!(
            out,
            "      <languagemap languagepattern=\"{}\" languagerulename=\"{}\"/>",
            xml_escape(pattern),
            xml_escape(name)
        );
    }
    out.push_str("    </maprules>\n  </body>\n</srx>\n");
    out
}

/// Arabic letters (without tatweel) as a Java/Rust character class body.
const AR: &str = r"\x{0620}-\x{063F}\x{0641}-\x{064A}\x{066E}-\x{06D3}";
/// Digits, Latin and Arabic-Indic.
const DIGITS: &str = r"0-9\x{0660}-\x{0669}\x{06F0}-\x{06F9}";
/// Terminators.
const TERM: &str = r".!?\x{061F}\x{06D4}\x{2026}\x{203C}\x{2047}-\x{2049}";
/// Closing quotes and brackets.
const CLOSE: &str = r#"»«"”’')\]}›‹"#;

fn alternation(words: &[&str]) -> String {
    let mut sorted: Vec<&str> = words.to_vec();
    sorted.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    sorted
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|")
}

/// A lookahead-ready pattern for "the next word starts a sentence".
fn starter_pattern() -> String {
    let upper = format!("(?:{})\\b", alternation(ENGLISH_STARTERS));
    format!(
        "(?:[«\"“»\\[]|{upper}|(?:{})(?![{AR}])|و(?!(?:{})(?![{AR}]))[{AR}]{{2}}|فال[{AR}]{{2}})",
        alternation(ARABIC_STARTERS),
        alternation(WAW_FA_NOUNS),
    )
}

/// The built-in rules written as SRX 2.0 (Java regex syntax with look-around).
pub(crate) fn export_builtin(_lang: Language) -> String {
    let mut maps = Vec::new();
    let mut bodies = Vec::new();
    for lang in [Language::Arabic, Language::English] {
        let mut r = String::new();
        let starter = starter_pattern();
        let boundary = format!("(?<![^\\s(«\"“»\\[.{CLOSE}])");
        // Numbers and tokens with dots inside.
        push_rule(
            &mut r,
            false,
            &format!("[{DIGITS}]\\."),
            &format!("[{DIGITS}]"),
        );
        push_rule(
            &mut r,
            false,
            &format!("[{TERM}]"),
            r"[^\s\x{0620}-\x{064A}]",
        );
        // Years with an era mark.
        // A number with an era, time, unit or currency mark (`15 هـ.`, `50 كم.`, `100 ر.س.`).
        let era = format!(
            "[{DIGITS}]\\s?(?:{}|[{AR}]\\x{{0640}}?(?:\\.[{AR}]\\x{{0640}}?)*)\\.",
            alternation(ERA_MARKS)
        );
        push_rule(&mut r, true, &era, &format!("\\s+{starter}"));
        push_rule(&mut r, false, &era, r"\s");
        // Abbreviations that may end a sentence.
        let may_end = format!(
            "{boundary}(?i:{}|{})\\.",
            alternation(LATIN_MAY_END),
            alternation(ARABIC_MAY_END)
        );
        push_rule(&mut r, true, &may_end, &format!("\\s+{starter}"));
        push_rule(&mut r, false, &may_end, r"\s");
        // Abbreviations that never end one, and single-letter initials.
        push_rule(
            &mut r,
            false,
            &format!("{boundary}(?i:{})\\.", alternation(LATIN_NEVER_END)),
            r"\s",
        );
        push_rule(
            &mut r,
            false,
            &format!("{boundary}[A-Za-z{AR}]\\x{{0640}}?\\."),
            &format!("[\\s{AR}]"),
        );
        // List numbers opening a line.
        push_rule(&mut r, false, &format!("^\\s*[{DIGITS}]+\\."), r"\s");
        // A terminator in a quote followed by a word that continues the sentence.
        let quoted = format!("[{TERM}]+[{CLOSE}]+");
        let cont = format!(
            "\\s*(?:[a-z]|(?:{})(?![{AR}]))",
            alternation(QUOTE_CONTINUATIONS)
        );
        if lang == Language::Arabic {
            push_rule(&mut r, false, &quoted, &cont);
        } else {
            push_rule(&mut r, false, &quoted, r"\s*[a-z]");
        }
        push_rule(&mut r, true, &quoted, &format!("\\s*{starter}"));
        push_rule(&mut r, false, &quoted, r"\s");
        // Ellipses.
        let ellipsis = format!("(?:\\.{{2,}}|\\x{{2026}})[{CLOSE}]*");
        push_rule(&mut r, true, &ellipsis, &format!("\\s+{starter}"));
        push_rule(&mut r, false, &ellipsis, r"\s");
        // A glued ellipsis (`كلمة...وقال`) breaks only before a word that starts a sentence.
        let glued = r"(?<=[^\s.\x{2026}])(?:\.{2,}|\x{2026})";
        push_rule(&mut r, true, glued, &starter);
        push_rule(&mut r, false, &ellipsis, &format!("[{AR}]"));
        // Lowercase next word after a full stop.
        push_rule(&mut r, false, &format!("\\.[{CLOSE}]*"), r"\s+[a-z]");
        // The general breaks.
        push_rule(&mut r, true, &format!("[{TERM}]+[{CLOSE}]*"), r"\s");
        if lang == Language::Arabic {
            push_rule(
                &mut r,
                true,
                &format!("[{AR}{DIGITS}][{TERM}]+"),
                &format!("[{AR}]"),
            );
        }
        maps.push((format!("{}.*", lang.code()), lang.name().to_string()));
        bodies.push((lang.name(), r));
    }
    let named: Vec<(&str, String)> = bodies.into_iter().collect();
    document(false, &named, &maps)
}
