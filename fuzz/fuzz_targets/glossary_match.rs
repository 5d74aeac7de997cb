//! Matching the project glossary over any text never panics, and every match lies on
//! character boundaries inside the text, in order, without overlap; its term part lies
//! inside it, and it names a term of the glossary. The same holds for a glossary of one
//! term read from the input's first line (`arabic<TAB>english`), matched over the rest.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use workbench::glossary::{Glossary, Matcher, Term};

fn project() -> &'static (Glossary, Matcher) {
    static M: OnceLock<(Glossary, Matcher)> = OnceLock::new();
    M.get_or_init(|| {
        let g = Glossary::parse(
            include_str!("../../glossary.yaml"),
            Path::new("glossary.yaml"),
        )
        .expect("the project glossary loads");
        let m = Matcher::new(&g);
        (g, m)
    })
}

fn check(glossary: &Glossary, matcher: &Matcher, text: &str) {
    let mut end = 0;
    for found in matcher.find(text) {
        let (r, t) = (&found.range, &found.term_range);
        assert!(
            r.start >= end && r.start < r.end && r.end <= text.len(),
            "{found:?}"
        );
        assert!(
            text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
            "{found:?}"
        );
        assert!(
            t.start >= r.start && t.start < t.end && t.end <= r.end,
            "{found:?}"
        );
        assert!(
            text.is_char_boundary(t.start) && text.is_char_boundary(t.end),
            "{found:?}"
        );
        assert!(found.term < glossary.terms().len(), "{found:?}");
        end = r.end;
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (g, m) = project();
    check(g, m, text);

    let (head, rest) = text.split_once('\n').unwrap_or((text, ""));
    if let Some((arabic, english)) = head.split_once('\t') {
        let term = Term::new(arabic.split('|').collect(), english);
        if let Ok(one) = Glossary::from_terms(vec![term]) {
            check(&one, &Matcher::new(&one), rest);
        }
    }
});
