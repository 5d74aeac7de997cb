//! Showing bilingual text safely: invisible and control characters spelled out, HTML escaped,
//! Arabic detected, left-to-right runs found, lines wrapped to a display width, inline codes
//! in a compact form (`⟨1⟩…⟨/1⟩`, `⟨2/⟩`).
//!
//! Shared by the review and diff renderers, the HTML document reader (right-to-left languages)
//! and the interchange formats (text direction).

use std::borrow::Cow;
use std::ops::Range;

use unicode_width::UnicodeWidthChar;

use crate::codes::{self, Token};
pub use crate::text::{has_arabic, is_arabic_letter};

/// Bidi controls: marks, embeddings, overrides and isolates.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that take no room and show nothing: zero-width space, word joiner, BOM.
pub fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// Whether a character must be spelled out rather than shown (or obeyed): bidi controls,
/// zero-width characters, and control characters (tab, newline, escape…).
pub fn must_spell_out(c: char) -> bool {
    is_bidi_control(c) || is_zero_width(c) || c.is_control()
}

/// `<U+202E>` for a character.
pub fn spelled(c: char) -> String {
    format!("<U+{:04X}>", u32::from(c))
}

/// The text with every character of [`must_spell_out`] replaced by `<U+XXXX>`.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(must_spell_out) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if must_spell_out(c) {
            out.push_str(&spelled(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The compact form of an inline code's marker for display: `⟨1⟩` for `<g1>`, `⟨/1⟩` for
/// `</g1>`, `⟨2/⟩` for `<x2/>`; `None` for text.
pub fn compact_code(token: Token<'_>) -> Option<String> {
    Some(match token {
        Token::Text(_) => return None,
        Token::Open(n) => format!("⟨{n}⟩"),
        Token::Close(n) => format!("⟨/{n}⟩"),
        Token::Standalone(n) => format!("⟨{n}/⟩"),
    })
}

/// The text with the markers of its inline codes in their compact form ([`compact_code`]).
pub fn compact_codes(text: &str) -> Cow<'_, str> {
    if !codes::has_codes(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (_, token) in codes::tokens(text) {
        match (token, compact_code(token)) {
            (_, Some(code)) => out.push_str(&code),
            (Token::Text(t), None) => out.push_str(t),
            _ => {}
        }
    }
    Cow::Owned(out)
}

/// The byte ranges of the compact code forms (`⟨1⟩`, `⟨/1⟩`, `⟨2/⟩`) in a displayed line.
pub fn compact_code_ranges(line: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = line.get(from..).and_then(|rest| rest.find('⟨')) {
        let start = from + start;
        let body_start = start + '⟨'.len_utf8();
        let rest = &line[body_start..];
        let body_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '/'))
            .unwrap_or(rest.len());
        let body = &rest[..body_len];
        let digits = body.trim_matches('/');
        let shaped = !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && body.len() - digits.len() <= 1;
        if shaped && rest[body_len..].starts_with('⟩') {
            let end = body_start + body_len + '⟩'.len_utf8();
            out.push(start..end);
            from = end;
        } else {
            from = body_start;
        }
    }
    out
}

/// Escape text for XML or HTML element content: `&`, `<` and `>`.
pub fn escape_content(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Escape text for HTML element content and attribute values.
pub fn escape_html(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Escape a text for HTML, spelling out invisible characters as visible `<U+XXXX>` labels
/// (in a `ctl` span).
pub fn write_escaped_visible(text: &str, out: &mut String) {
    for c in text.chars() {
        if must_spell_out(c) {
            out.push_str("<span class=\"ctl\">");
            escape_html(&spelled(c), out);
            out.push_str("</span>");
        } else {
            escape_html(c.encode_utf8(&mut [0; 4]), out);
        }
    }
}

/// Escaped text as a new string.
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_html(text, &mut out);
    out
}

/// Byte ranges of left-to-right runs inside right-to-left text: Latin letters and European
/// digits, with the spaces and punctuation between them (`Sergei Lavrov`, `50`, `1,000`).
pub fn ltr_runs(text: &str) -> Vec<Range<usize>> {
    let strong = |c: char| {
        c.is_ascii_alphanumeric()
            || (c.is_alphabetic() && !is_arabic_letter(c) && (c as u32) < 0x0590)
    };
    let joiner = |c: char| matches!(c, ' ' | '.' | ',' | ':' | '/' | '%' | '\'' | '-' | '_');
    let mut runs = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !strong(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        // Joiners are taken only when a strong character follows them.
        while let Some(&(j, d)) = chars.peek() {
            if strong(d) {
                end = j + d.len_utf8();
            } else if !joiner(d) {
                break;
            }
            chars.next();
        }
        runs.push(i..end);
    }
    runs
}

/// Whether a language tag (BCP 47) is written right to left: by its primary language
/// (`ar`, `fa-IR`) or by a right-to-left script subtag (`az-Arab`).
pub fn is_rtl(lang: &str) -> bool {
    const RTL: &[&str] = &[
        "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "ks", "pnb", "ps", "sd", "syr", "ug",
        "ur", "yi",
    ];
    const RTL_SCRIPTS: &[&str] = &["arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"];
    let primary = lang
        .trim()
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    RTL.contains(&primary.as_str())
        || lang
            .split(['-', '_'])
            .skip(1)
            .any(|s| RTL_SCRIPTS.contains(&s.to_ascii_lowercase().as_str()))
}

/// The display width of a text in terminal columns, as a terminal counts them: each
/// character's own width (`wcwidth`), added up. The string width of `unicode-width` draws
/// each lam-alef (`لا`, `لأ`, `لإ`, `لآ`) as one ligature cell, but terminals (VTE, xterm,
/// kitty, Windows Terminal) give the lam and the alef a cell each, so padding measured that
/// way came out one column short per ligature and pushed the review's separator right.
pub fn width(text: &str) -> usize {
    text.chars()
        .map(|c| UnicodeWidthChar::width(c).unwrap_or(0))
        .sum()
}

/// Wrap text to `columns` display columns at spaces; longer words are cut.
pub fn wrap(text: &str, columns: usize) -> Vec<String> {
    let columns = columns.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = 0;
    for word in text.split_whitespace() {
        let mut word = word;
        let mut w = width(word);
        if line_width > 0 && line_width + 1 + w > columns {
            lines.push(std::mem::take(&mut line));
            line_width = 0;
        }
        while w > columns {
            // Cut the word at the column limit.
            let room = if line_width == 0 {
                columns
            } else {
                columns - line_width - 1
            };
            let mut taken = 0;
            let mut cut = 0;
            for (i, c) in word.char_indices() {
                let cw = width(c.encode_utf8(&mut [0; 4]));
                if taken + cw > room {
                    break;
                }
                taken += cw;
                cut = i + c.len_utf8();
            }
            if cut == 0 {
                cut = word.chars().next().map_or(word.len(), char::len_utf8);
            }
            if line_width > 0 {
                line.push(' ');
            }
            line.push_str(&word[..cut]);
            lines.push(std::mem::take(&mut line));
            line_width = 0;
            word = &word[cut..];
            w = width(word);
        }
        if word.is_empty() {
            continue;
        }
        if line_width > 0 {
            line.push(' ');
            line_width += 1;
        }
        line.push_str(word);
        line_width += w;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_to_left_languages_are_one_list() {
        // Every language the review, diff and formats lists had, and the HTML reader's.
        for lang in [
            "ar", "ar-SY", "fa", "he", "ur", "ps", "yi", "dv", "ckb", "AR", "sd", "ug",
        ] {
            assert!(is_rtl(lang), "{lang}");
        }
        assert!(is_rtl("az-Arab") && is_rtl("pa_Arab"));
        for lang in ["en", "en-GB", "fr", "", "arn", "az-Latn"] {
            assert!(!is_rtl(lang), "{lang}");
        }
    }

    #[test]
    fn content_escaping_leaves_quotes() {
        let mut out = String::new();
        escape_content("a<b & \"c\" 'd'>", &mut out);
        assert_eq!(out, "a&lt;b &amp; \"c\" 'd'&gt;");
    }

    #[test]
    fn controls_are_spelled_out() {
        assert_eq!(visible("a\u{202E}b\tc"), "a<U+202E>b<U+0009>c");
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn codes_are_compact() {
        let shown = compact_codes("قال <g1>لافروف</g1> إن<x2/> a < b");
        assert_eq!(shown, "قال ⟨1⟩لافروف⟨/1⟩ إن⟨2/⟩ a < b");
        assert!(matches!(compact_codes("a < b"), Cow::Borrowed(_)));
        let ranges: Vec<&str> = compact_code_ranges(&shown)
            .into_iter()
            .map(|r| &shown[r])
            .collect();
        assert_eq!(ranges, ["⟨1⟩", "⟨/1⟩", "⟨2/⟩"]);
        assert!(compact_code_ranges("⟨x⟩ ⟨/⟩ ⟨1 ⟨//2⟩").is_empty());
        assert_eq!(width("⟨1⟩"), 3);
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(escaped("<script>&\"'"), "&lt;script&gt;&amp;&quot;&#39;");
    }

    #[test]
    fn ltr_runs_in_arabic() {
        let t = "قال Sergei Lavrov إن 50 قتيلا";
        let runs: Vec<&str> = ltr_runs(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(runs, ["Sergei Lavrov", "50"]);
    }

    #[test]
    fn lam_alef_takes_two_cells() {
        // Terminals draw lam and alef in a cell each, ligature or not.
        for text in ["لا", "لأ", "لإ", "لآ"] {
            assert_eq!(width(text), 2, "{text}");
        }
        assert_eq!(width("لا يقل"), 6);
        assert_eq!(width("قَالَ"), 3);
    }

    #[test]
    fn wrap_fits_and_cuts() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        for line in wrap("دمشق : لم تمنع زيارة وزير الخارجية الروسي", 12)
        {
            assert!(width(&line) <= 12);
        }
    }
}
