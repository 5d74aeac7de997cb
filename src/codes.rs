//! Inline codes: markup inside a sentence (a link, bold, a line break, a Word run with other
//! formatting) carried through translation as numbered markers.
//!
//! The text form, used in segment sources and targets in the store, in review and in the edit
//! form:
//!
//! - `<g1>` … `</g1>`: a pair of codes around some words (`<b>Lavrov</b>`, a link);
//! - `<x2/>`: a code that stands alone (`<br>`, an image, a footnote reference, or one half of
//!   a pair whose other half lies in another sentence).
//!
//! Codes are numbered from 1 in each source sentence in order of appearance; a target uses the
//! source's numbers and may move them, but must keep each one exactly once, with pairs nested
//! as in the source. What a code stands for (its markup) is not stored: it is read again from
//! the source document when the document is built. A literal text that looks like a marker is
//! itself turned into a standalone code by the document readers, so a marker in a segment is
//! always a code.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// The largest code number: five digits.
pub const MAX_CODE: u32 = 99_999;

/// One piece of a marked text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token<'a> {
    Text(&'a str),
    /// `<gN>`
    Open(u32),
    /// `</gN>`
    Close(u32),
    /// `<xN/>`
    Standalone(u32),
}

impl Token<'_> {
    /// The code number, for a code.
    pub fn code(&self) -> Option<u32> {
        match *self {
            Token::Text(_) => None,
            Token::Open(n) | Token::Close(n) | Token::Standalone(n) => Some(n),
        }
    }
}

/// The marker of an opening code: `<gN>`.
pub fn open(n: u32) -> String {
    format!("<g{n}>")
}

/// The marker of a closing code: `</gN>`.
pub fn close(n: u32) -> String {
    format!("</g{n}>")
}

/// The marker of a standalone code: `<xN/>`.
pub fn standalone(n: u32) -> String {
    format!("<x{n}/>")
}

/// The marker at the start of `s`, with its length in bytes.
fn marker_at(s: &str) -> Option<(Token<'static>, usize)> {
    let b = s.as_bytes();
    if b.first() != Some(&b'<') {
        return None;
    }
    let (closing, kind_at) = if b.get(1) == Some(&b'/') {
        (true, 2)
    } else {
        (false, 1)
    };
    let kind = *b.get(kind_at)?;
    if !(kind == b'g' || kind == b'x' && !closing) {
        return None;
    }
    let digits_at = kind_at + 1;
    let digits = b[digits_at..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if digits == 0 || digits > 5 || b[digits_at] == b'0' {
        return None;
    }
    let n: u32 = s[digits_at..digits_at + digits].parse().ok()?;
    let rest = &b[digits_at + digits..];
    match (closing, kind) {
        (false, b'g') if rest.first() == Some(&b'>') => {
            Some((Token::Open(n), digits_at + digits + 1))
        }
        (true, b'g') if rest.first() == Some(&b'>') => {
            Some((Token::Close(n), digits_at + digits + 1))
        }
        (false, b'x') if rest.starts_with(b"/>") => {
            Some((Token::Standalone(n), digits_at + digits + 2))
        }
        _ => None,
    }
}

/// The pieces of a marked text with their byte ranges, in order. Adjacent text is one piece;
/// a `<` that starts no marker is text.
pub fn tokens(s: &str) -> Vec<(Range<usize>, Token<'_>)> {
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while let Some(off) = s.get(i..).and_then(|rest| rest.find('<')) {
        let at = i + off;
        if let Some((token, len)) = marker_at(&s[at..]) {
            if text_start < at {
                out.push((text_start..at, Token::Text(&s[text_start..at])));
            }
            out.push((at..at + len, token));
            i = at + len;
            text_start = i;
        } else {
            i = at + 1;
        }
    }
    if text_start < s.len() {
        out.push((text_start..s.len(), Token::Text(&s[text_start..])));
    }
    out
}

/// Whether the text holds any code.
pub fn has_codes(s: &str) -> bool {
    s.contains('<') && tokens(s).iter().any(|(_, t)| t.code().is_some())
}

/// The ranges of the markers in `s` (text that a reader must protect as a code).
pub fn marker_ranges(s: &str) -> Vec<Range<usize>> {
    if !s.contains('<') {
        return Vec::new();
    }
    tokens(s)
        .into_iter()
        .filter(|(_, t)| t.code().is_some())
        .map(|(r, _)| r)
        .collect()
}

/// The text without its codes.
pub fn strip(s: &str) -> String {
    if !s.contains('<') {
        return s.to_owned();
    }
    tokens(s)
        .into_iter()
        .filter_map(|(_, t)| match t {
            Token::Text(t) => Some(t),
            _ => None,
        })
        .collect()
}

/// The text without its codes, and for each byte of it the byte of `s` it came from (plus one
/// entry for the end).
pub fn strip_with_map(s: &str) -> (String, Vec<usize>) {
    let mut text = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len() + 1);
    for (range, token) in tokens(s) {
        if let Token::Text(t) = token {
            text.push_str(t);
            map.extend(range);
        }
    }
    map.push(s.len());
    (text, map)
}

/// A code kind as it appears in a text: what a pair or standalone code is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Kind {
    Pair,
    Standalone,
}

/// What is wrong with a target's codes, measured against its source.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "problem", content = "codes", rename_all = "kebab-case")]
pub enum Problem {
    /// Codes of the source the target lacks.
    Missing(Vec<u32>),
    /// Codes the target has and the source does not (or of another kind).
    Extra(Vec<u32>),
    /// Codes the target has more than once.
    Duplicated(Vec<u32>),
    /// A pair closed before it opened, or not closed, or crossing another pair.
    MisNested(Vec<u32>),
    /// The codes are all there but in another order than the source's, where the change
    /// reverses the nesting of pairs (a pair moved outside the one it was in).
    Reordered(Vec<u32>),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (what, codes) = match self {
            Problem::Missing(c) => ("missing", c),
            Problem::Extra(c) => ("extra", c),
            Problem::Duplicated(c) => ("duplicated", c),
            Problem::MisNested(c) => ("mis-nested", c),
            Problem::Reordered(c) => ("moved out of its pair", c),
        };
        let list: Vec<String> = codes.iter().map(u32::to_string).collect();
        let s = if codes.len() == 1 { "" } else { "s" };
        write!(f, "{what} code{s} {}", list.join(", "))
    }
}

/// The codes of a text: kind per number, the numbers seen twice, the pairs badly nested, and
/// each code's enclosing pair.
struct Inventory {
    kinds: HashMap<u32, Kind>,
    duplicated: BTreeSet<u32>,
    mis_nested: BTreeSet<u32>,
    parent: HashMap<u32, Option<u32>>,
}

fn inventory(s: &str) -> Inventory {
    let mut inv = Inventory {
        kinds: HashMap::new(),
        duplicated: BTreeSet::new(),
        mis_nested: BTreeSet::new(),
        parent: HashMap::new(),
    };
    let mut stack: Vec<u32> = Vec::new();
    let mut opened: BTreeSet<u32> = BTreeSet::new();
    let mut closed: BTreeSet<u32> = BTreeSet::new();
    for (_, token) in tokens(s) {
        match token {
            Token::Text(_) => {}
            Token::Open(n) => {
                if !opened.insert(n) || inv.kinds.get(&n) == Some(&Kind::Standalone) {
                    inv.duplicated.insert(n);
                }
                inv.kinds.entry(n).or_insert(Kind::Pair);
                inv.parent.entry(n).or_insert(stack.last().copied());
                stack.push(n);
            }
            Token::Close(n) => {
                if !closed.insert(n) {
                    inv.duplicated.insert(n);
                }
                inv.kinds.entry(n).or_insert(Kind::Pair);
                match stack.iter().rposition(|&m| m == n) {
                    Some(at) if at + 1 == stack.len() => {
                        stack.pop();
                    }
                    Some(at) => {
                        // Crossing pairs: everything opened after `n` is mis-nested too.
                        inv.mis_nested.insert(n);
                        inv.mis_nested.extend(stack.drain(at..).skip(1));
                    }
                    None => {
                        inv.mis_nested.insert(n);
                    }
                }
            }
            Token::Standalone(n) => {
                if inv.kinds.insert(n, Kind::Standalone).is_some() {
                    inv.duplicated.insert(n);
                }
                inv.parent.entry(n).or_insert(stack.last().copied());
            }
        }
    }
    inv.mis_nested.extend(stack);
    inv.mis_nested.retain(|n| !inv.duplicated.contains(n));
    inv
}

/// Whether a marked text is well-formed on its own: each code once, pairs closed in order.
pub fn well_formed(s: &str) -> bool {
    let inv = inventory(s);
    inv.duplicated.is_empty() && inv.mis_nested.is_empty()
}

/// What is wrong with `target`'s codes against `source`'s; empty when they agree. Codes may
/// move, and words may move in and out of pairs; they may not be lost, invented, repeated,
/// crossed, or moved out of the pair that held them.
pub fn check(source: &str, target: &str) -> Vec<Problem> {
    if !source.contains('<') && !target.contains('<') {
        return Vec::new();
    }
    let src = inventory(source);
    let tgt = inventory(target);
    let mut missing: Vec<u32> = src
        .kinds
        .iter()
        .filter(|(n, k)| tgt.kinds.get(n) != Some(k))
        .map(|(n, _)| *n)
        .collect();
    let mut extra: Vec<u32> = tgt
        .kinds
        .iter()
        .filter(|(n, k)| src.kinds.get(n) != Some(k))
        .map(|(n, _)| *n)
        .collect();
    missing.sort_unstable();
    extra.sort_unstable();
    let mut problems = Vec::new();
    if !missing.is_empty() {
        problems.push(Problem::Missing(missing));
    }
    if !extra.is_empty() {
        problems.push(Problem::Extra(extra));
    }
    if !tgt.duplicated.is_empty() {
        problems.push(Problem::Duplicated(
            tgt.duplicated.iter().copied().collect(),
        ));
    }
    if !tgt.mis_nested.is_empty() {
        problems.push(Problem::MisNested(tgt.mis_nested.iter().copied().collect()));
    }
    let mut reordered: Vec<u32> = tgt
        .parent
        .iter()
        .filter(|(n, parent)| {
            !tgt.mis_nested.contains(n)
                && !tgt.duplicated.contains(n)
                && parent.is_none_or(|p| !tgt.mis_nested.contains(&p) && !tgt.duplicated.contains(&p))
                && src.parent.get(n).is_some_and(|p| p != *parent)
                // A code that lost a parent which is itself missing is already reported.
                && src.parent.get(n).copied().flatten().is_none_or(|p| {
                    tgt.kinds.contains_key(&p) && !tgt.mis_nested.contains(&p)
                })
        })
        .map(|(n, _)| *n)
        .collect();
    reordered.sort_unstable();
    if !reordered.is_empty() {
        problems.push(Problem::Reordered(reordered));
    }
    problems
}

/// A target whose codes could not be kept where the engine put them: the target's words
/// (its markers removed) with the source's codes put back around the whole sentence: the
/// standalone codes first, then the opening codes in source order, the text, and the closing
/// codes.
pub fn reattach(source: &str, target: &str) -> String {
    let text = strip(target);
    let toks = tokens(source);
    let mut out = String::with_capacity(text.len() + 16 * toks.len());
    let mut opens = Vec::new();
    for (_, t) in &toks {
        if let Token::Standalone(n) = *t {
            out.push_str(&standalone(n));
        }
    }
    for (_, t) in &toks {
        if let Token::Open(n) = *t {
            out.push_str(&open(n));
            opens.push(n);
        }
    }
    out.push_str(text.trim());
    for n in opens.into_iter().rev() {
        out.push_str(&close(n));
    }
    out
}

/// Whether `target` is the shape [`reattach`] makes from `source` while the source's codes
/// were not all around the whole sentence: the sign of codes that an engine lost.
pub fn reattached(source: &str, target: &str) -> bool {
    if !has_codes(source) || reattach(source, source) == source {
        return false;
    }
    reattach(source, target) == target
}

static LOOSE_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    // A fixed pattern: compiling it cannot fail.
    Regex::new(r"(?i)<\s*(/?)\s*([gx])\s*([1-9][0-9]{0,4})\s*(/?)\s*>")
        .expect("a valid marker pattern")
});

/// An engine's answer with its markers in the canonical form: `< G1 >`, `<x1 />`, `</ g1>`
/// become `<g1>`, `<x1/>`, `</g1>`. Anything else is left as it is.
pub fn normalize(s: &str) -> String {
    if !s.contains('<') {
        return s.to_owned();
    }
    LOOSE_MARKER
        .replace_all(s, |caps: &regex::Captures<'_>| {
            let whole = caps.get(0).map_or("", |m| m.as_str());
            let closing = caps.get(1).is_some_and(|m| !m.as_str().is_empty());
            let kind = caps.get(2).map_or("", |m| m.as_str()).to_ascii_lowercase();
            let self_closing = caps.get(4).is_some_and(|m| !m.as_str().is_empty());
            let Some(n) = caps.get(3).and_then(|m| m.as_str().parse::<u32>().ok()) else {
                return whole.to_owned();
            };
            match (kind.as_str(), closing, self_closing) {
                ("g", false, false) => open(n),
                ("g", true, false) => close(n),
                ("x", false, _) => standalone(n),
                _ => whole.to_owned(),
            }
        })
        .into_owned()
}

/// The number of codes in a text.
pub fn count(s: &str) -> usize {
    if !s.contains('<') {
        return 0;
    }
    tokens(s).iter().filter(|(_, t)| t.code().is_some()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_split_text_and_markers() {
        let s = "قال <g1>لافروف</g1> إن<x2/> a < b <g0> <x3> </x1>";
        let toks: Vec<Token<'_>> = tokens(s).into_iter().map(|(_, t)| t).collect();
        assert_eq!(
            toks,
            vec![
                Token::Text("قال "),
                Token::Open(1),
                Token::Text("لافروف"),
                Token::Close(1),
                Token::Text(" إن"),
                Token::Standalone(2),
                Token::Text(" a < b <g0> <x3> </x1>"),
            ]
        );
        assert_eq!(strip(s), "قال لافروف إن a < b <g0> <x3> </x1>");
        assert_eq!(count(s), 3);
        assert!(has_codes(s));
        assert!(!has_codes("a < b"));
    }

    #[test]
    fn ranges_cover_the_text() {
        let s = "a<g1>b</g1><x2/>c";
        let mut end = 0;
        for (r, _) in tokens(s) {
            assert_eq!(r.start, end);
            end = r.end;
        }
        assert_eq!(end, s.len());
        let (plain, map) = strip_with_map(s);
        assert_eq!(plain, "abc");
        assert_eq!(map, vec![0, 5, 16, 17]);
    }

    #[test]
    fn a_faithful_target_has_no_problem() {
        let src = "قال <g1>لافروف</g1> في <g2>حمص <x3/></g2>";
        assert!(check(src, "In <g2>Homs <x3/></g2>, <g1>Lavrov</g1> said").is_empty());
        assert!(check("no codes", "none").is_empty());
        assert!(well_formed(src));
    }

    #[test]
    fn problems_are_named() {
        let src = "<g1>a</g1> <g2>b <x3/></g2>";
        assert_eq!(
            check(src, "a <g2>b <x3/></g2>"),
            vec![Problem::Missing(vec![1])]
        );
        assert_eq!(
            check(src, "<g1>a</g1> <g2>b <x3/><x4/></g2>"),
            vec![Problem::Extra(vec![4])]
        );
        assert_eq!(
            check(src, "<g1>a</g1> <g2>b <x3/><x3/></g2>"),
            vec![Problem::Duplicated(vec![3])]
        );
        assert_eq!(
            check(src, "<g1>a <g2>b</g1> <x3/></g2>"),
            vec![Problem::MisNested(vec![1, 2])]
        );
        assert_eq!(
            check(src, "</g1>a<g1> <g2>b <x3/></g2>"),
            vec![Problem::MisNested(vec![1])]
        );
        assert_eq!(
            check(src, "<g1>a</g1> <g2>b</g2> <x3/>"),
            vec![Problem::Reordered(vec![3])]
        );
        assert_eq!(
            Problem::MisNested(vec![1, 2]).to_string(),
            "mis-nested codes 1, 2"
        );
        // A standalone where a pair was is both missing and extra.
        assert_eq!(
            check("<g1>a</g1>", "<x1/>a"),
            vec![Problem::Missing(vec![1]), Problem::Extra(vec![1])]
        );
    }

    #[test]
    fn reattach_wraps_the_sentence() {
        let src = "قال <g1>لافروف</g1> في حمص<x2/>";
        let target = reattach(src, "Lavrov <g1>said</g1></g1> in Homs");
        assert_eq!(target, "<x2/><g1>Lavrov said in Homs</g1>");
        assert!(check(src, &target).is_empty());
        assert!(reattached(src, &target));
        assert!(!reattached(src, "<g1>Lavrov</g1> said in Homs<x2/>"));
        // A source whose codes already wrap it all is not a sign of lost codes.
        assert!(!reattached("<g1>all</g1>", "<g1>tout</g1>"));
    }

    #[test]
    fn normalize_tidies_engine_markers() {
        assert_eq!(
            normalize("< G1 >Lavrov</ g1 > said<x2 /> <X3/> <y4>"),
            "<g1>Lavrov</g1> said<x2/> <x3/> <y4>"
        );
    }
}
