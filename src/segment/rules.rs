//! The built-in Arabic and English sentence rules: a hand-written scanner.
//!
//! The scanner walks the bytes of a text once, jumping (with a SIMD byte-set search) to
//! the bytes that can belong to a terminator (`.` `!` `?` `؟` `۔` `…` `‼` `⁇` `⁈` `⁉`) or a
//! line break, and decides each candidate by looking at a bounded window of words around
//! it; the word lists live in `lexicon`. No regular expression runs in this path. Every decision names the [`BuiltinRule`] that made it, so `explain` can
//! show why a position broke or did not.

use std::sync::LazyLock;

use aho_corasick::packed::{Config, MatchKind, Searcher};

use super::Language;
use super::explain::BuiltinRule;
use super::lexicon::{
    ENGLISH_STARTERS, LATIN_MAY_END, LATIN_NEVER_END, SETS, bare, in_list, in_list_ci,
};
use crate::text::{is_arabic_letter, is_arabic_mark as is_mark};

/// How far (in bytes) the scanner looks back or ahead for a word around a candidate.
/// Every decision depends only on text inside this window, which is what lets the
/// streaming reader cut an over-long line at a break without changing later decisions.
pub(crate) const WINDOW: usize = 96;

/// Bytes at which the scanner stops to look closer (1) or not (0).
const TRIGGER: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b'.' as usize] = 1;
    t[b'!' as usize] = 1;
    t[b'?' as usize] = 1;
    t[b'\n' as usize] = 1;
    t[b'\r' as usize] = 1;
    t[0x0B] = 1;
    t[0x0C] = 1;
    t[0x9F] = 1; // second byte of ؟ (D8 9F)
    t[0xDB] = 1; // first byte of ۔ (DB 94)
    t[0xE2] = 1; // … ‼ ⁇ ⁈ ⁉ U+2028 U+2029
    t[0xC2] = 1; // U+0085 NEL
    t
};

/// True for characters that always end a segment.
pub(crate) fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '۔' | '…' | '‼' | '⁇' | '⁈' | '⁉')
}

fn is_strong(c: char) -> bool {
    matches!(c, '!' | '?' | '؟' | '۔' | '‼' | '⁇' | '⁈' | '⁉')
}

/// Closing quotes and brackets that stay with the sentence before them. `«` counts when it
/// closes a quote opened with `»`, as Al-Hayat writes them; the caller checks what follows.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '»' | '«'
            | '"'
            | '”'
            | '’'
            | '\''
            | ')'
            | ']'
            | '}'
            | '›'
            | '‹'
            | '﴾'
            | '﴿'
            | '」'
            | '』'
    )
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '«' | '»'
            | '"'
            | '“'
            | '‘'
            | '\''
            | '('
            | '['
            | '{'
            | '‹'
            | '›'
            | '﴾'
            | '﴿'
            | '「'
            | '『'
    )
}

/// Punctuation after a terminator that shows the sentence goes on.
fn is_continuing_punct(c: char) -> bool {
    matches!(
        c,
        ',' | '،' | ';' | '؛' | ':' | ')' | ']' | '}' | '%' | '٪' | '/' | '\\'
    )
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{00C0}'..='\u{024F}') && c.is_alphabetic()
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}')
}

fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

fn last_char(s: &str) -> Option<char> {
    s.chars().next_back()
}

/// What the scanner found at one candidate position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// Byte offset of the position: the end of the terminator cluster (with its closing
    /// quotes), or the start of the line break.
    pub offset: usize,
    pub broke: bool,
    pub rule: BuiltinRule,
}

/// Scans `text[from..]` and calls `sink` for every candidate in order. `line_start` says
/// whether `text` starts at the beginning of a line (for list numbers); bytes before
/// `from` are context only.
pub(crate) fn scan<F: FnMut(Candidate)>(
    text: &str,
    lang: Language,
    from: usize,
    line_start: bool,
    mut sink: F,
) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = from;
    let mut line_begin = if line_start { 0 } else { usize::MAX };
    let mut last_break: Option<usize> = None;
    while i < n {
        i = next_trigger(bytes, i);
        let Some(&b) = bytes.get(i) else {
            break;
        };
        // Find the char that starts at or around this byte.
        let start = match b {
            0x9F => {
                if i > 0 && bytes[i - 1] == 0xD8 {
                    i - 1
                } else {
                    i += 1;
                    continue;
                }
            }
            _ => i,
        };
        let Some(c) = text.get(start..).and_then(first_char) else {
            i += 1;
            continue;
        };
        if is_line_break(c) {
            // A sentence that already ended at the end of this line needs no second break.
            let ended = last_break.is_some_and(|b| {
                text.get(b..start)
                    .is_some_and(|gap| gap.chars().all(char::is_whitespace))
            });
            if !ended {
                sink(Candidate {
                    offset: start,
                    broke: true,
                    rule: BuiltinRule::LineBreak,
                });
            }
            last_break = Some(start);
            i = start + c.len_utf8();
            line_begin = i;
            continue;
        }
        if !is_terminator(c) || start < from {
            i = start + c.len_utf8().max(1);
            continue;
        }
        let (end, cand) = decide(text, lang, start, line_begin);
        last_break = cand.broke.then_some(cand.offset);
        sink(cand);
        i = end.max(start + 1);
    }
}

/// A SIMD searcher for the trigger bytes (Teddy, from `aho-corasick`), when the CPU has one.
static TRIGGER_SEARCHER: LazyLock<Option<Searcher>> = LazyLock::new(|| {
    let mut builder = Config::new().match_kind(MatchKind::LeftmostFirst).builder();
    for b in 0..=255u8 {
        if TRIGGER[usize::from(b)] != 0 {
            builder.add([b]);
        }
    }
    builder.build()
});

/// The index of the first trigger byte at or after `i` (or `bytes.len()`).
#[inline]
fn next_trigger(bytes: &[u8], i: usize) -> usize {
    let Some(tail) = bytes.get(i..) else {
        return bytes.len();
    };
    // Short tails and CPUs without SIMD use the table, eight bytes per step.
    if let Some(searcher) = TRIGGER_SEARCHER.as_ref().filter(|_| tail.len() >= 64) {
        return searcher.find(tail).map_or(bytes.len(), |m| i + m.start());
    }
    let t = |b: u8| TRIGGER[usize::from(b)];
    let mut k = 0;
    while let Some(c) = tail.get(k..k + 8) {
        if (t(c[0]) | t(c[1]) | t(c[2]) | t(c[3]) | t(c[4]) | t(c[5]) | t(c[6]) | t(c[7])) != 0 {
            break;
        }
        k += 8;
    }
    while let Some(&b) = tail.get(k) {
        if t(b) != 0 {
            return i + k;
        }
        k += 1;
    }
    bytes.len()
}

/// The terminator cluster starting at `start`: terminators, then closing quotes.
struct Cluster {
    /// End of the closing quotes and brackets after them (the break position).
    end: usize,
    strong: bool,
    ellipsis: bool,
    closer: bool,
}

fn cluster(text: &str, start: usize) -> Cluster {
    let mut end = start;
    let mut strong = false;
    let mut dots = 0usize;
    let mut ellipsis = false;
    for c in text.get(start..).unwrap_or("").chars() {
        if !is_terminator(c) {
            break;
        }
        match c {
            '.' => dots += 1,
            '…' => ellipsis = true,
            _ if is_strong(c) => strong = true,
            _ => {}
        }
        end += c.len_utf8();
    }
    if dots >= 2 {
        ellipsis = true;
    }
    let term_end = end;
    let mut closer = false;
    let rest = text.get(end..).unwrap_or("");
    let mut chars = rest.char_indices().peekable();
    while let Some((k, c)) = chars.next() {
        if !is_closer(c) {
            break;
        }
        // An opening-style quote counts as a closer only when no word follows it directly.
        let next = chars.peek().map(|&(_, n)| n);
        let ambiguous = matches!(c, '«' | '"' | '\'' | '‹' | '›' | '﴾' | '﴿');
        if ambiguous
            && next.is_some_and(|n| {
                !(n.is_whitespace() || is_closer(n) || is_terminator(n) || is_continuing_punct(n))
            })
        {
            break;
        }
        closer = true;
        end = term_end + k + c.len_utf8();
    }
    Cluster {
        end,
        strong,
        ellipsis,
        closer,
    }
}

/// The token (run of non-whitespace) that ends at `pos`, limited to the window.
fn token_before(text: &str, pos: usize) -> &str {
    let lo = pos.saturating_sub(WINDOW);
    let bytes = text.as_bytes();
    let mut s = pos;
    // Walk back over bytes; only lead bytes of whitespace code points need decoding
    // (U+0085, U+00A0: C2; U+1680: E1; U+2000..U+205F: E2; U+3000: E3).
    let mut k = pos;
    while k > lo {
        k -= 1;
        let b = bytes[k];
        if b.is_ascii_whitespace() || b == 0x0B {
            break;
        }
        if matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3)
            && text
                .get(k..)
                .and_then(first_char)
                .is_some_and(char::is_whitespace)
        {
            break;
        }
        if b & 0xC0 != 0x80 {
            s = k;
        }
    }
    text.get(s..pos).unwrap_or("")
}

/// The token that starts at `pos`, limited to the window.
fn token_after(text: &str, pos: usize) -> &str {
    let tail = text.get(pos..).unwrap_or("");
    let mut e = 0;
    for (k, c) in tail.char_indices() {
        if k >= WINDOW || c.is_whitespace() {
            break;
        }
        e = k + c.len_utf8();
    }
    tail.get(..e).unwrap_or("")
}

/// Skips whitespace (but not line breaks) from `pos`; returns the new position.
fn skip_space(text: &str, pos: usize) -> usize {
    let tail = text.get(pos..).unwrap_or("");
    for (k, c) in tail.char_indices() {
        if !c.is_whitespace() || is_line_break(c) {
            return pos + k;
        }
    }
    text.len()
}

/// Strips quotes and brackets from the start of a word.
fn strip_openers(w: &str) -> &str {
    w.trim_start_matches(|c: char| is_opener(c) || c == '-' || c == '—')
}

/// Lowercase letter, with a fast answer for Arabic (which has no case).
fn is_lower(c: char) -> bool {
    c.is_ascii_lowercase() || (!c.is_ascii() && !is_arabic_letter(c) && c.is_lowercase())
}

/// Uppercase letter, with a fast answer for Arabic.
fn is_upper(c: char) -> bool {
    c.is_ascii_uppercase() || (!c.is_ascii() && !is_arabic_letter(c) && c.is_uppercase())
}

/// Letter or digit, with a fast answer for Arabic.
fn is_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric() || is_arabic_letter(c) || (!c.is_ascii() && c.is_alphanumeric())
}

/// An ordinary Arabic word of two or more letters: no dots, digits or Latin letters.
fn is_plain_arabic_word(w: &str) -> bool {
    let mut letters = 0;
    for c in w.chars() {
        if is_arabic_letter(c) {
            letters += 1;
        } else if !is_mark(c) {
            return false;
        }
    }
    letters >= 2
}

/// True when `w` is one letter (with its marks), Arabic or Latin: `د`, `هـ`, `J`.
fn is_single_letter(w: &str) -> bool {
    let mut letters = w.chars().filter(|&c| !is_mark(c));
    match (letters.next(), letters.next()) {
        (Some(c), None) => is_arabic_letter(c) || is_latin_letter(c),
        _ => false,
    }
}

/// True when `w` is single letters joined by dots: `أ.د`, `ص.ب`, `U.S`, `e.g`.
fn is_dotted_letters(w: &str) -> bool {
    w.contains('.') && w.split('.').all(is_single_letter)
}

fn is_number(w: &str) -> bool {
    !w.is_empty()
        && w.chars().any(is_digit)
        && w.chars()
            .all(|c| is_digit(c) || matches!(c, '.' | ',' | '٫' | '٬' | '/' | '-'))
}

/// A number with a mark that may end a sentence: a year with an era (`2012م`, `15 هـ`,
/// `700 ق.م`), a time (`9 ص`), a unit (`50 كم`), a currency (`100 ر.س`).
fn is_year_era(word: &str, before: &str) -> bool {
    let w = bare(word);
    if in_list(&w, &SETS.era) || is_single_letter(&w) || is_dotted_letters(&w) {
        let b = strip_openers(before);
        return last_char(b).is_some_and(is_digit);
    }
    let digits_end = w
        .char_indices()
        .find(|&(_, c)| !is_digit(c))
        .map_or(w.len(), |(k, _)| k);
    digits_end > 0 && in_list(w.get(digits_end..).unwrap_or(""), &SETS.era)
}

/// Does the word at `pos` start a new sentence? (Used where the evidence before the
/// terminator is ambiguous.)
fn starts_sentence(text: &str, pos: usize) -> bool {
    let word = token_after(text, pos);
    let Some(c) = first_char(word) else {
        return true;
    };
    if is_opener(c) && c != '(' {
        return true;
    }
    if is_upper(c) {
        let w = word.trim_end_matches(|c: char| !is_alnum(c));
        return ENGLISH_STARTERS.binary_search(&w).is_ok();
    }
    if !is_arabic_letter(c) {
        return false;
    }
    let w = bare(word.trim_end_matches(|c: char| !is_arabic_letter(c) && !is_mark(c)));
    if in_list(&w, &SETS.starters) {
        return true;
    }
    if in_list(&w, &SETS.waw_fa_nouns) {
        return false;
    }
    let letters = w.chars().filter(|&c| is_arabic_letter(c)).count();
    if w.starts_with('و') && letters >= 3 {
        return true;
    }
    w.starts_with("فال") && letters >= 5
}

/// Does the word at `pos` continue a sentence that ended in a quote?
fn continues_after_quote(text: &str, pos: usize, lang: Language) -> bool {
    let word = token_after(text, pos);
    let Some(c) = first_char(word) else {
        return false;
    };
    if is_lower(c) {
        return true;
    }
    if lang == Language::English || !is_arabic_letter(c) {
        return false;
    }
    let w = word.trim_end_matches(|c: char| !is_arabic_letter(c) && !is_mark(c));
    in_list(w, &SETS.continuations)
}

fn verdict(offset: usize, broke: bool, rule: BuiltinRule) -> Candidate {
    Candidate {
        offset,
        broke,
        rule,
    }
}

/// Decides the candidate whose terminator starts at `start`. Returns the end of the
/// cluster (where scanning resumes) and the decision.
fn decide(text: &str, lang: Language, start: usize, line_begin: usize) -> (usize, Candidate) {
    let cl = cluster(text, start);
    let pos = cl.end;
    let next = text.get(pos..).and_then(first_char);
    // End of line or text.
    let after_ws = skip_space(text, pos);
    let next_word = text.get(after_ws..).and_then(first_char);
    if next_word.is_none_or(is_line_break) {
        return (pos, verdict(pos, true, BuiltinRule::EndOfLine));
    }
    let spaced = next.is_some_and(char::is_whitespace);
    let prev_raw = token_before(text, start);
    let prev_char = last_char(text.get(..start).unwrap_or(""));

    if !spaced {
        // Something is glued to the terminator cluster.
        let n = next.unwrap_or(' ');
        if is_terminator(n) || is_continuing_punct(n) || !is_alnum(n) {
            return (pos, verdict(pos, false, BuiltinRule::FollowedByPunctuation));
        }
        if cl.closer {
            // `."وقال`: the quote closed and a word is glued to it: treat like a space.
        } else if !cl.strong && !cl.ellipsis && prev_char.is_some_and(is_digit) && is_digit(n) {
            return (pos, verdict(pos, false, BuiltinRule::Number));
        } else if !is_arabic_letter(n)
            || prev_raw.contains('@')
            || prev_raw.contains("://")
            || prev_raw.starts_with("www")
        {
            return (pos, verdict(pos, false, BuiltinRule::InsideToken));
        } else if cl.strong {
            return (pos, verdict(pos, true, BuiltinRule::MissingSpace));
        } else if cl.ellipsis {
            // `...وقال` opening a phrase belongs to the word after it; `كلمة...وقال`
            // breaks only when that word starts a sentence.
            if prev_char.is_some_and(|c| !c.is_whitespace()) && starts_sentence(text, pos) {
                return (pos, verdict(pos, true, BuiltinRule::EllipsisEnds));
            }
            return (pos, verdict(pos, false, BuiltinRule::EllipsisContinues));
        } else {
            let word = strip_openers(prev_raw);
            let last = word.rsplit('.').next().unwrap_or("");
            if is_single_letter(last) || is_dotted_letters(word) {
                let rule = if is_dotted_letters(word) {
                    BuiltinRule::Abbreviation
                } else {
                    BuiltinRule::Initial
                };
                return (pos, verdict(pos, false, rule));
            }
            if prev_char.is_some_and(|c| is_arabic_letter(c) || is_mark(c) || is_digit(c)) {
                return (pos, verdict(pos, true, BuiltinRule::MissingSpace));
            }
            return (pos, verdict(pos, false, BuiltinRule::InsideToken));
        }
    }

    // A word follows after whitespace (or directly after a closing quote).
    let nw = next_word.unwrap_or(' ');
    if is_continuing_punct(nw) {
        return (pos, verdict(pos, false, BuiltinRule::FollowedByPunctuation));
    }
    if is_lower(nw) && !cl.strong {
        return (pos, verdict(pos, false, BuiltinRule::LowercaseNext));
    }
    if cl.closer {
        if continues_after_quote(text, after_ws, lang) {
            return (pos, verdict(pos, false, BuiltinRule::QuoteContinues));
        }
        if starts_sentence(text, after_ws) {
            return (pos, verdict(pos, true, BuiltinRule::QuoteEnds));
        }
        return (pos, verdict(pos, false, BuiltinRule::QuoteContinues));
    }
    if cl.strong {
        if is_lower(nw) {
            return (pos, verdict(pos, false, BuiltinRule::LowercaseNext));
        }
        return (pos, verdict(pos, true, BuiltinRule::QuestionExclamation));
    }
    if cl.ellipsis {
        // In English text any capital after an ellipsis starts a sentence; inside Arabic,
        // a Latin capital may be a name, so the list of sentence starters decides.
        if starts_sentence(text, after_ws) || (lang == Language::English && is_upper(nw)) {
            return (pos, verdict(pos, true, BuiltinRule::EllipsisEnds));
        }
        return (pos, verdict(pos, false, BuiltinRule::EllipsisContinues));
    }
    // A single full stop followed by whitespace.
    if prev_char.is_none_or(char::is_whitespace) {
        // `المتحدة .`: a detached full stop.
        return (pos, verdict(pos, true, BuiltinRule::FullStop));
    }
    let word = strip_openers(prev_raw);
    if word.is_empty() {
        return (pos, verdict(pos, true, BuiltinRule::FullStop));
    }
    if is_plain_arabic_word(word)
        && !(matches!(first_char(word), Some('إ' | 'ا')) && in_list(word, &SETS.arabic_may_end))
        && !(word.len() <= 6 && in_list(word, &SETS.era))
    {
        return (pos, verdict(pos, true, BuiltinRule::FullStop));
    }
    if last_char(word).is_some_and(|c| is_closer(c) || !(is_alnum(c) || is_mark(c))) {
        return (pos, verdict(pos, true, BuiltinRule::FullStop));
    }
    // Year with era mark.
    let word_start = start - prev_raw.len();
    let before = token_before(
        text,
        text.get(..word_start).map_or(0, |h| h.trim_end().len()),
    );
    if is_year_era(word, before) {
        if starts_sentence(text, after_ws) {
            return (pos, verdict(pos, true, BuiltinRule::YearEraEnds));
        }
        return (pos, verdict(pos, false, BuiltinRule::YearEraContinues));
    }
    // List number at the start of a line.
    if is_number(word)
        && line_begin != usize::MAX
        && text
            .get(line_begin..word_start)
            .is_some_and(|h| h.trim().is_empty())
    {
        return (pos, verdict(pos, false, BuiltinRule::Enumeration));
    }
    if in_list_ci(word, LATIN_NEVER_END) {
        return (pos, verdict(pos, false, BuiltinRule::Abbreviation));
    }
    if in_list_ci(word, LATIN_MAY_END) || in_list(word, &SETS.arabic_may_end) {
        if starts_sentence(text, after_ws) {
            return (pos, verdict(pos, true, BuiltinRule::AbbreviationEnds));
        }
        return (pos, verdict(pos, false, BuiltinRule::AbbreviationContinues));
    }
    if is_dotted_letters(word) {
        let latin = word.chars().any(is_latin_letter);
        if latin {
            if starts_sentence(text, after_ws) {
                return (pos, verdict(pos, true, BuiltinRule::AbbreviationEnds));
            }
            return (pos, verdict(pos, false, BuiltinRule::AbbreviationContinues));
        }
        return (pos, verdict(pos, false, BuiltinRule::Abbreviation));
    }
    let last = word.rsplit('.').next().unwrap_or("");
    if is_single_letter(last) {
        return (pos, verdict(pos, false, BuiltinRule::Initial));
    }
    (pos, verdict(pos, true, BuiltinRule::FullStop))
}
