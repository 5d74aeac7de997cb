//! Inline codes as markup, for engines that keep tags in place themselves (DeepL with
//! `tag_handling: xml`, Google v2 and LibreTranslate with `format: html`).
//!
//! A unit's text uses the text form of [`crate::codes`]: `<g1>…</g1>` around words, `<x2/>`
//! alone. [`encode`] turns it into XML or HTML: the text between the codes escaped (`&`, `<`,
//! `>`), the codes written as the elements they already look like (`<g1>`, `</g1>`, and for a
//! standalone code `<x2/>` in XML, `<x2></x2>` in HTML, where `/>` does not close an unknown
//! element). [`decode`] reads an engine's XML or HTML answer back into the text form: tags of
//! codes, however the engine spelled them (`< G1 >`, `<x2></x2>`, `<x2>`), in the canonical
//! form, the end tag of a standalone code dropped, and the entities of the text between
//! decoded (`&amp;`, `&#39;`, `&quot;`, `&#x2019;`…).

use std::sync::LazyLock;

use regex::Regex;

use crate::codes::{self, Token};

/// Which markup an engine reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// Well-formed XML: a standalone code is the empty element `<xN/>`.
    Xml,
    /// HTML: a standalone code is written `<xN></xN>`.
    Html,
}

/// Escape text for XML or HTML element content.
pub use crate::display::escape_content as escape;

/// A marked text as markup of `dialect`: text escaped, codes as elements.
pub fn encode(text: &str, dialect: Dialect) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (_, token) in codes::tokens(text) {
        match token {
            Token::Text(t) => escape(t, &mut out),
            Token::Open(n) => out.push_str(&codes::open(n)),
            Token::Close(n) => out.push_str(&codes::close(n)),
            Token::Standalone(n) => match dialect {
                Dialect::Xml => out.push_str(&codes::standalone(n)),
                Dialect::Html => {
                    out.push_str(&format!("<x{n}></x{n}>"));
                }
            },
        }
    }
    out
}

/// The element names of the codes in `text` (`g1`, `x2`), in order of first appearance.
pub fn element_names(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (_, token) in codes::tokens(text) {
        let name = match token {
            Token::Text(_) => continue,
            Token::Open(n) | Token::Close(n) => format!("g{n}"),
            Token::Standalone(n) => format!("x{n}"),
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    // A fixed pattern: compiling it cannot fail.
    Regex::new(r"(?i)<\s*(/?)\s*([gx])\s*([1-9][0-9]{0,4})\s*(/?)\s*>")
        .expect("a valid code tag pattern")
});

/// An engine's XML or HTML answer in the text form of [`crate::codes`]: code tags made
/// canonical, a standalone code's end tag dropped, entities decoded between the tags. Other
/// tags are kept as they are.
pub fn decode(reply: &str) -> String {
    let mut out = String::with_capacity(reply.len());
    let mut pos = 0;
    for caps in TAG.captures_iter(reply) {
        let Some(whole) = caps.get(0) else {
            continue;
        };
        unescape(&reply[pos..whole.start()], &mut out);
        pos = whole.end();
        let closing = caps.get(1).is_some_and(|m| !m.as_str().is_empty());
        let standalone = caps
            .get(2)
            .is_some_and(|m| m.as_str().eq_ignore_ascii_case("x"));
        let Some(n) = caps.get(3).and_then(|m| m.as_str().parse::<u32>().ok()) else {
            out.push_str(whole.as_str());
            continue;
        };
        match (standalone, closing) {
            // `<x2></x2>`: the end tag of an empty element.
            (true, true) => {}
            (true, false) => out.push_str(&codes::standalone(n)),
            (false, false) => out.push_str(&codes::open(n)),
            (false, true) => out.push_str(&codes::close(n)),
        }
    }
    unescape(&reply[pos..], &mut out);
    out
}

/// Decode the character references of XML and HTML text: the five XML entities, `&nbsp;`,
/// and numeric references. Anything else is kept as it is.
pub fn unescape(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        // An entity is short: look for its `;` within a few characters.
        let end = rest
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|end| entity(&rest[1..end]).map(|c| (c, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// The character an entity name (between `&` and `;`) stands for.
fn entity(name: &str) -> Option<char> {
    let number = |digits: &str, radix| u32::from_str_radix(digits, radix).ok();
    let code = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        number(hex, 16)?
    } else if let Some(dec) = name.strip_prefix('#') {
        number(dec, 10)?
    } else {
        return match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => None,
        };
    };
    char::from_u32(code).filter(|c| *c != '\0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_become_elements_and_text_is_escaped() {
        let text = "قال <g1>لافروف</g1> إن A&B <b> لا<x2/>";
        assert_eq!(
            encode(text, Dialect::Xml),
            "قال <g1>لافروف</g1> إن A&amp;B &lt;b&gt; لا<x2/>"
        );
        assert_eq!(
            encode(text, Dialect::Html),
            "قال <g1>لافروف</g1> إن A&amp;B &lt;b&gt; لا<x2></x2>"
        );
        assert_eq!(element_names(text), ["g1", "x2"]);
        assert_eq!(encode("plain", Dialect::Xml), "plain");
    }

    #[test]
    fn answers_come_back_in_the_text_form() {
        assert_eq!(
            decode("<G1 >Lavrov</g1> said &quot;A&amp;B&quot; isn&#39;t &lt;b&gt;<x2></x2>"),
            "<g1>Lavrov</g1> said \"A&B\" isn't <b><x2/>"
        );
        assert_eq!(decode("a<x2>b</x2> c<x3/>"), "a<x2/>b c<x3/>");
        assert_eq!(
            decode("&#x2019; &#8217; &nbsp; &unknown; & alone &#0; <i>kept</i>"),
            "\u{2019} \u{2019} \u{a0} &unknown; & alone &#0; <i>kept</i>"
        );
    }

    #[test]
    fn encode_then_decode_gives_the_text_back() {
        for text in [
            "قال <g1>لافروف</g1> في <g2>حمص <x3/></g2>",
            "a < b && c > d; &amp; is literal",
            "<x1/>",
        ] {
            for dialect in [Dialect::Xml, Dialect::Html] {
                assert_eq!(decode(&encode(text, dialect)), text, "{dialect:?}");
            }
        }
    }
}
