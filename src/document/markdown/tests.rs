use std::path::Path;

use proptest::prelude::*;
use pulldown_cmark::{Event, Parser, Tag};

use super::*;
use crate::codes::{self, Token};
use crate::document::{self, ReadOptions, SourceSegment};
use crate::segment::{Language, Segmenter};

const FIXTURE: &str = "tests/fixtures/documents/seed.md";

fn arabic() -> Segmenter {
    Segmenter::builtin(Language::Arabic)
}

fn fixture() -> Extraction {
    document::read_file(Path::new(FIXTURE), None, ReadOptions::default()).expect("fixture reads")
}

fn doc(text: &str) -> Extraction {
    read(Path::new("t.md"), text.as_bytes().to_vec()).expect("reads")
}

fn texts(d: &Extraction) -> Vec<String> {
    d.segments(&arabic())
        .expect("segments")
        .into_iter()
        .map(|s| s.text)
        .collect()
}

/// The document built with each segment's own text: the source side.
fn same(d: &Extraction, segs: &[SourceSegment]) -> String {
    let built = d
        .build(segs, &|s| Some(s.text.clone()), None)
        .expect("build");
    String::from_utf8(built).expect("utf-8")
}

/// A segment's text with each run of text replaced by `fill` (its edge spaces kept) and its
/// markers kept where they are.
fn replaced(text: &str, fill: &dyn Fn(usize) -> String) -> String {
    let mut out = String::new();
    for (i, (_, token)) in codes::tokens(text).into_iter().enumerate() {
        match token {
            Token::Text(t) if !t.trim().is_empty() => {
                let lead = t.len() - t.trim_start().len();
                let tail = t.len() - t.trim_end().len();
                out.push_str(&t[..lead]);
                out.push_str(&fill(i));
                out.push_str(&t[t.len() - tail..]);
            }
            Token::Text(t) => out.push_str(t),
            Token::Open(n) => out.push_str(&codes::open(n)),
            Token::Close(n) => out.push_str(&codes::close(n)),
            Token::Standalone(n) => out.push_str(&codes::standalone(n)),
        }
    }
    out
}

/// The block-level start tags of a Markdown text, in order (with thematic breaks).
fn block_tags(text: &str) -> Vec<String> {
    Parser::new_ext(text, options())
        .filter_map(|event| match event {
            Event::Start(tag) => match tag {
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. } => None,
                Tag::Heading { level, .. } => Some(format!("Heading({level})")),
                tag => Some(format!("{tag:?}")),
            },
            Event::Rule => Some("Rule".into()),
            _ => None,
        })
        .collect()
}

/// The text of a Markdown text's inline content: its text events and soft breaks.
fn inline_text(text: &str) -> (String, Vec<String>) {
    let mut said = String::new();
    let mut other = Vec::new();
    for event in Parser::new_ext(text, options()) {
        match event {
            Event::Text(t) => said.push_str(&t),
            Event::SoftBreak => said.push(' '),
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item)
            | Event::End(_)
            | Event::Start(Tag::BlockQuote(_) | Tag::List(_))
            | Event::Start(Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell) => {}
            e => other.push(format!("{e:?}")),
        }
    }
    (said, other)
}

/// The invariants of every extraction: pieces in order, inside the content, on character
/// boundaries; segments in order and inside the content; the source side builds back.
fn check_invariants(d: &Extraction) {
    let mut pos = 0;
    for block in &d.blocks {
        for piece in &block.pieces {
            let r = piece.range();
            assert!(r.start >= pos && r.start <= r.end, "{piece:?} after {pos}");
            assert!(
                d.content.get(r.clone()).is_some(),
                "{piece:?} in the content"
            );
            if let Piece::Text {
                range,
                text,
                atomic: false,
            } = piece
            {
                assert_eq!(&d.content[range.clone()], text, "plain text is its bytes");
            }
            pos = r.end;
        }
    }
    let segs = match d.segments(&arabic()) {
        Ok(segs) => segs,
        Err(document::Error::SegmentTooLong { .. }) => return,
        Err(e) => panic!("segments: {e}"),
    };
    let mut pos = 0;
    for seg in &segs {
        assert!(
            seg.range.start >= pos && seg.range.start < seg.range.end,
            "{seg:?}"
        );
        assert!(d.content.get(seg.range.clone()).is_some(), "{seg:?}");
        pos = seg.range.end;
    }
    assert_eq!(same(d, &segs), d.content, "the source side builds back");
}

#[test]
fn fixture_segments() {
    let d = fixture();
    let segs = d.segments(&arabic()).expect("segments");
    let listed: Vec<String> = segs
        .iter()
        .map(|s| format!("{:?}: {}", d.blocks[s.block].kind, s.text))
        .collect();
    insta::with_settings!({ snapshot_path => "../snapshots" }, {
        insta::assert_yaml_snapshot!("markdown_fixture_segments", listed);
    });
    check_invariants(&d);
}

#[test]
fn fixture_kinds() {
    let d = fixture();
    let kinds: Vec<BlockKind> = d.blocks.iter().map(|b| b.kind).collect();
    use BlockKind::*;
    assert_eq!(
        kinds,
        vec![
            Title, Paragraph, Paragraph, Paragraph, Paragraph, Heading, Paragraph, Paragraph, Item,
            Item, Item, Cell, Cell, Cell, Cell, Cell, Cell, Paragraph,
        ]
    );
}

#[test]
fn skeleton_is_never_sent() {
    let d = fixture();
    let segs = d.segments(&arabic()).expect("segments");
    let all: String = segs.iter().map(|s| s.text.as_str()).collect();
    for never in [
        "title:",
        "syria-homs-lavrov-2012",
        "سوريا, روسيا",
        "https://",
        "example.org",
        "images/homs.jpg",
        "SANA",
        "لا يترجم",
        "yaml",
        "credit",
        "وكالات",
        "&amp;",
        "\\",
        "**",
        "\n",
    ] {
        assert!(!all.contains(never), "{never:?} was extracted");
    }
    // No segment reaches into the front matter, the code block or the HTML block.
    for skeleton in ["---\ntitle", "```yaml", "<div class"] {
        let at = d.content.find(skeleton).expect("in the fixture");
        let end = at + skeleton.len();
        assert!(
            segs.iter()
                .all(|s| s.range.end <= at || s.range.start >= end),
            "{skeleton:?}"
        );
    }
}

#[test]
fn the_source_side_builds_back() {
    let d = fixture();
    let segs = d.segments(&arabic()).expect("segments");
    let text = fs_err::read_to_string(FIXTURE).expect("fixture");
    assert_eq!(same(&d, &segs), text);
}

/// English for the fixture's segments, in order.
const ENGLISH: &[&str] = &[
    "Homs under fire despite Lavrov's visit",
    "Damascus: the visit of Russian Foreign Minister <g1>Sergei Lavrov</g1> to Damascus did not stop the Syrian killing machine.",
    "Activists said armoured forces loyal to President <g1>Bashar al-Assad</g1> pushed into the city of Homs in central Syria today.",
    "A tank in the Baba Amr district",
    "The activists added that tanks entered the Inshaat district and neared Baba Amr, the target of the fiercest attacks by loyalist forces, which killed more than 100 people in the past two days.",
    "The activist <g1>Mohammed al-Hassan</g1> spoke by satellite phone from Homs.",
    "\"Communications are cut in many parts of Homs.",
    "It is hard to put together a full picture.",
    "But the tanks are deployed on the city's main roads\".",
    "Russian talks",
    "Russian Foreign Minister <g1>Sergei Lavrov</g1> held talks with the Syrian president in Damascus.",
    "Assad was quoted as determined to stop the violence and carry out reforms.",
    "The official news agency <x1/> said Assad welcomed any effort for a Syrian & Arab solution.",
    "The toll rose on Tuesday to 35 killed* according to the local coordination committees:",
    "19 killed in Homs.",
    "10 in Madaya and Zabadani near Damascus.",
    "Two killed in Idlib, two in Daraa.",
    "City",
    "Killed",
    "Homs",
    "19",
    "Madaya and Zabadani",
    "10",
    "* A first count.",
];

#[test]
fn a_target_keeps_the_markup_and_the_layout() {
    let d = fixture();
    let segs = d.segments(&arabic()).expect("segments");
    assert_eq!(segs.len(), ENGLISH.len());
    let built = d
        .build(
            &segs,
            &|s| {
                segs.iter()
                    .position(|x| x == s)
                    .map(|i| ENGLISH[i].to_owned())
            },
            Some("en"),
        )
        .expect("build");
    let built = String::from_utf8(built).expect("utf-8");
    for kept in [
        "---\ntitle: حمص تحت القصف\nsource: syria-homs-lavrov-2012\ntags: [سوريا, روسيا]\n---\n\n# Homs under fire despite Lavrov's visit\n\n",
        "Russian Foreign Minister [Sergei Lavrov](https://example.org/lavrov \"لافروف\") to Damascus",
        "President **Bashar al-Assad** pushed",
        "![A tank in the Baba Amr district](images/homs.jpg \"حمص\")\n\n",
        "The activist *Mohammed al-Hassan* spoke",
        "> \"Communications are cut in many parts of Homs. It is hard to put together a full picture.\n> But the tanks",
        "\n\nRussian talks\n-------------\n\n",
        "Minister _Sergei Lavrov_ held",
        "in Damascus.  \nAssad was quoted",
        "news agency `SANA` said",
        "a Syrian & Arab solution.",
        "35 killed\\* according",
        "\n\n- 19 killed in Homs.\n- 10 in Madaya and Zabadani near Damascus.\n- Two killed in Idlib, two in Daraa.\n\n",
        "| City | Killed |\n|---------|-------:|\n| Homs | 19 |\n| Madaya and Zabadani | 10 |\n",
        "```yaml\nsource: syria-homs-lavrov-2012\nnote: لا يترجم\n```\n\n<div class=\"credit\">\nوكالات\n</div>\n\n\\* A first count.\n",
    ] {
        assert!(built.contains(kept), "{kept:?} not in\n{built}");
    }
    let source = fs_err::read_to_string(FIXTURE).expect("fixture");
    assert_eq!(block_tags(&built), block_tags(&source));
    insta::with_settings!({ snapshot_path => "../snapshots" }, {
        insta::assert_snapshot!("markdown_fixture_english", built);
    });
}

#[test]
fn inline_pieces() {
    let d = doc("a \\* b &amp; c *d* [e](u 't') `f` <b>g</b> <http://h.example> i  \nj\\\nk\n");
    let pieces: Vec<(String, &str)> = d.blocks[0]
        .pieces
        .iter()
        .map(|p| match p {
            Piece::Text {
                text, atomic: true, ..
            } => (format!("atomic {text:?}"), &d.content[p.range().clone()]),
            Piece::Text { text, .. } => (format!("text {text:?}"), &d.content[p.range().clone()]),
            Piece::Code { code, .. } => (format!("{code:?}"), &d.content[p.range().clone()]),
        })
        .collect();
    let expected: Vec<(String, &str)> = vec![
        ("text \"a \"".into(), "a "),
        ("atomic \"*\"".into(), "\\*"),
        ("text \" b \"".into(), " b "),
        ("atomic \"&\"".into(), "&amp;"),
        ("text \" c \"".into(), " c "),
        ("Open(1)".into(), "*"),
        ("text \"d\"".into(), "d"),
        ("Close(1)".into(), "*"),
        ("text \" \"".into(), " "),
        ("Open(2)".into(), "["),
        ("text \"e\"".into(), "e"),
        ("Close(2)".into(), "](u 't')"),
        ("text \" \"".into(), " "),
        ("Standalone".into(), "`f`"),
        ("text \" \"".into(), " "),
        ("Standalone".into(), "<b>"),
        ("text \"g\"".into(), "g"),
        ("Standalone".into(), "</b>"),
        ("text \" \"".into(), " "),
        ("Standalone".into(), "<http://h.example>"),
        ("text \" i\"".into(), " i"),
        ("Standalone".into(), "  \n"),
        ("text \"j\"".into(), "j"),
        ("Standalone".into(), "\\\n"),
        ("text \"k\"".into(), "k"),
    ];
    assert_eq!(pieces, expected);
}

#[test]
fn soft_breaks_cover_the_next_lines_prefix() {
    let text = "> one  two \n> three\n\n- four\n  five\n  - six\n    seven\n";
    let d = doc(text);
    let breaks: Vec<&str> = d
        .blocks
        .iter()
        .flat_map(|b| &b.pieces)
        .filter(|p| matches!(p, Piece::Text { atomic: true, .. }))
        .map(|p| &d.content[p.range().clone()])
        .collect();
    assert_eq!(breaks, vec![" \n> ", "\n  ", "\n    "]);
    assert_eq!(texts(&d), vec!["one  two three", "four five", "six seven"]);
    let kinds: Vec<BlockKind> = d.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        vec![BlockKind::Paragraph, BlockKind::Item, BlockKind::Item]
    );
    check_invariants(&d);
    let segs = d.segments(&arabic()).expect("segments");
    let built = d
        .build(&segs, &|s| Some(s.text.to_uppercase()), None)
        .expect("build");
    assert_eq!(
        String::from_utf8(built).expect("utf-8"),
        "> ONE  TWO THREE\n\n- FOUR FIVE\n  - SIX SEVEN\n"
    );
}

#[test]
fn kinds_of_blocks() {
    let text = "Intro\n\n# First\n\n# Second\n\n## Sub\n\nSetext\n===\n\n> quoted\n\n1. loose\n\n   item\n\n[^n]: a note\n\nref[^n]\n\n| h |\n|---|\n| c |\n\n- [ ] task\n";
    let d = doc(text);
    let kinds: Vec<(BlockKind, String)> = d
        .blocks
        .iter()
        .enumerate()
        .map(|(i, b)| (b.kind, d.block_text(i)))
        .collect();
    use BlockKind::*;
    let expected: Vec<(BlockKind, String)> = [
        (Paragraph, "Intro"),
        (Title, "First"),
        (Heading, "Second"),
        (Heading, "Sub"),
        (Heading, "Setext"),
        (Paragraph, "quoted"),
        (Item, "loose"),
        (Item, "item"),
        (Note, "a note"),
        (Paragraph, "ref"),
        (Cell, "h"),
        (Cell, "c"),
        (Item, " task"),
    ]
    .into_iter()
    .map(|(k, t)| (k, t.to_owned()))
    .collect();
    assert_eq!(kinds, expected);
    // A first heading of level 2 is no title.
    let d = doc("## Not a title\n\n# Nor this\n");
    assert!(d.blocks.iter().all(|b| b.kind == BlockKind::Heading));
}

#[test]
fn skipped_blocks() {
    let text = "```\nfenced *code*\n```\n\n    indented code\n\n<div>\nhtml block\n</div>\n\n[ref]: /url \"a title\"\n\n***\n\n~~~\nmore\n~~~\n";
    let d = doc(text);
    assert!(d.blocks.is_empty(), "{:?}", d.blocks);
    // Front matter: YAML or TOML at the top only.
    let d = doc("---\ntitle: x\n---\nbody\n");
    assert_eq!(texts(&d), vec!["body"]);
    let d = doc("+++\ntitle = 'x'\n+++\nbody\n");
    assert_eq!(texts(&d), vec!["body"]);
    let d = doc("\u{feff}---\r\ntitle: x\r\n...\r\nbody\r\n");
    assert_eq!(texts(&d), vec!["body"]);
    // Further down, `---` lines are thematic breaks and setext underlines.
    let d = doc("body\n\n---\nheading\n---\n");
    assert_eq!(texts(&d), vec!["body", "heading"]);
    // A `---` followed by a blank line is a thematic break, and one never closed is too.
    let d = doc("---\n\ntext\n");
    assert_eq!(texts(&d), vec!["text"]);
    let d = doc("---\ntext\n");
    assert_eq!(texts(&d), vec!["text"]);
    assert_eq!(front_matter("---\na: b\n---\nrest"), 13);
    assert_eq!(front_matter("--- \na: b\n--- \n"), 15);
    assert_eq!(front_matter("---\na: b\n"), 0);
}

#[test]
fn images_links_and_empty_elements() {
    let d =
        doc("![alt *text*](a.png \"t\") and [](empty) and ![](none.png) and [x][r]\n\n[r]: /u\n");
    assert_eq!(
        texts(&d),
        vec!["<g1>alt <g2>text</g2></g1> and <x3/> and <x4/> and <g5>x</g5>"]
    );
    let d = doc("![صورة لحمص](homs.jpg)\n");
    let segs = d.segments(&arabic()).expect("segments");
    assert_eq!(segs[0].text, "صورة لحمص");
    let built = d
        .build(&segs, &|_| Some("A picture of [Homs]".into()), None)
        .expect("build");
    assert_eq!(
        String::from_utf8(built).expect("utf-8"),
        "![A picture of \\[Homs\\]](homs.jpg)\n"
    );
}

#[test]
fn a_literal_marker_is_a_code() {
    let d = doc("النص <g1> هنا.\n");
    assert_eq!(texts(&d), vec!["النص <x1/> هنا."]);
    check_invariants(&d);
}

#[test]
fn carriage_returns_and_tabs() {
    let text = "a\r\nb\tc\r\n\r\n- d\r\n  e\r\n";
    let d = doc(text);
    assert_eq!(texts(&d), vec!["a b\tc", "d e"]);
    check_invariants(&d);
}

#[test]
fn deep_nesting_is_no_problem() {
    for text in [
        ">".repeat(100_000) + " x\n",
        "- ".repeat(100_000) + "x\n",
        "[".repeat(100_000) + "x" + &"]".repeat(100_000),
        "*".repeat(100_000) + "x" + &"*".repeat(100_000),
        "![".repeat(50_000) + "x" + &"](y)".repeat(50_000),
        "<".repeat(100_000) + "x",
    ] {
        check_invariants(&doc(&text));
    }
}

#[test]
fn escape_rule() {
    for (text, escaped) in [
        ("plain text, 3 < 4 & 5.", "plain text, 3 < 4 & 5."),
        ("a*b_c`d~e[f]g|h\\i", "a\\*b\\_c\\`d\\~e\\[f\\]g\\|h\\\\i"),
        (
            "<b> <http://x> </i> <!-- <?",
            "\\<b> \\<http://x> \\</i> \\<!-- \\<?",
        ),
        (
            "AT&T &amp; &#1604; &#x644; &x",
            "AT&T \\&amp; \\&#1604; \\&#x644; &x",
        ),
        ("ends with \\", "ends with &#92;"),
        ("# not a heading", "\\# not a heading"),
        ("#hashtag", "#hashtag"),
        ("> quote", "\\> quote"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("-5 degrees", "-5 degrees"),
        ("---", "\\---"),
        ("===", "\\==="),
        ("= sign", "= sign"),
        ("1. first", "1\\. first"),
        ("2012) year", "2012\\) year"),
        ("2012. In", "2012\\. In"),
        ("In 2012. Then", "In 2012. Then"),
        ("1234567890. long", "1234567890. long"),
        ("(aside)", "\\(aside)"),
        (": colon", "\\: colon"),
        ("a (b): c", "a (b): c"),
        ("Title #", "Title \\#"),
        ("Title ##  ", "Title \\##  "),
        ("C#", "C#"),
        ("two\nlines\r\nand\rmore", "two lines and more"),
        ("  # spaced", "  \\# spaced"),
        ("!", "!"),
    ] {
        assert_eq!(escape(text), escaped, "{text:?}");
    }
}

/// Text a target may say, with everything Markdown would read as markup.
fn nasty() -> impl Strategy<Value = String> {
    "[\\pL\\pN\\pP\\pS]\\PC{0,30}|[-#>+=*_`~|\\[\\]()!<&;:.0-9a-z ]{1,30}|[0-9]{1,3}[.)] [a-z]{1,5}"
        .prop_filter("no edge whitespace", |s| {
            !s.starts_with([' ', '\t']) && !s.ends_with([' ', '\t'])
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever a target says comes back as that text, in every place a segment stands.
    #[test]
    fn escaped_text_reads_back(text in nasty()) {
        let expected = text.replace("\r\n", " ").replace(['\r', '\n'], " ");
        for (source, lead) in [
            ("نص.\n", ""),
            ("# نص\n", ""),
            ("- نص\n", ""),
            ("> نص\n", ""),
            ("| نص |\n|---|\n", ""),
            ("|a|نص|\n|-|-|\n", "a"),
        ] {
            let d = doc(source);
            let segs = d.segments(&arabic()).expect("segments");
            let target = |s: &SourceSegment| s.text.contains('ن').then(|| text.clone());
            let built = d.build(&segs, &target, None).expect("build");
            let built = String::from_utf8(built).expect("utf-8");
            prop_assert_eq!(block_tags(&built), block_tags(source), "{:?}", built);
            let (said, other) = inline_text(&built);
            prop_assert!(other.is_empty(), "{:?} in {:?}", other, built);
            let said = said.strip_prefix(lead).unwrap_or(&said);
            prop_assert_eq!(said.trim_matches([' ', '\t']), expected.trim_matches([' ', '\t']), "{:?}", built);
        }
    }
}

/// A word: Arabic, Latin or a number.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ابتثجحخدذرزسشصضطظعغفقكلمنهوي]{1,7}",
        "[a-zA-Z]{1,7}",
        "[0-9]{1,4}",
    ]
}

/// A piece of inline content.
fn inline_piece() -> impl Strategy<Value = String> {
    let w = word;
    prop_oneof![
        4 => w(),
        1 => w().prop_map(|w| format!("*{w}*")),
        1 => (w(), w()).prop_map(|(a, b)| format!("**{a} {b}**")),
        1 => w().prop_map(|w| format!("_{w}_")),
        1 => w().prop_map(|w| format!("~~{w}~~")),
        1 => (w(), w()).prop_map(|(a, b)| format!("**{a} *{b}***")),
        1 => (w(), w()).prop_map(|(a, b)| format!("[{a} {b}](https://x.example/{a} \"{b}\")")),
        1 => w().prop_map(|w| format!("[*{w}*][ref]")),
        1 => w().prop_map(|w| format!("![{w}](i/{w}.png)")),
        1 => w().prop_map(|w| format!("`{w} *x*`")),
        1 => Just("<https://x.example>".to_owned()),
        1 => w().prop_map(|w| format!("<b>{w}</b>")),
        1 => Just("\\*".to_owned()),
        1 => Just("\\\\".to_owned()),
        1 => Just("&amp;".to_owned()),
        1 => Just("&#1604;".to_owned()),
        1 => Just("&nbsp;".to_owned()),
        1 => Just(".".to_owned()),
        1 => Just("؟".to_owned()),
        1 => w().prop_map(|w| format!("{w}.")),
        1 => Just("[^n]".to_owned()),
    ]
}

/// A line of inline content.
fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(inline_piece(), 1..8).prop_map(|v| v.join(" "))
}

/// Lines joined by soft or hard breaks.
fn lines(prefix: &'static str) -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            line(),
            prop_oneof![3 => Just("\n"), 1 => Just("  \n"), 1 => Just("\\\n")],
        ),
        1..4,
    )
    .prop_map(move |v| {
        let mut out = String::new();
        for (i, (l, brk)) in v.iter().enumerate() {
            if i > 0 {
                out.push_str(prefix);
            }
            out.push_str(l);
            if i + 1 < v.len() {
                out.push_str(brk);
            }
        }
        out
    })
}

/// A block of Markdown.
fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => lines(""),
        1 => (1..4usize, line()).prop_map(|(n, l)| format!("{} {l}", "#".repeat(n))),
        1 => (line(), prop_oneof![Just("==="), Just("---")]).prop_map(|(l, u)| format!("{l}\n{u}")),
        1 => prop::collection::vec(line(), 1..4).prop_map(|v| {
            v.iter().map(|l| format!("- {l}\n  {l}")).collect::<Vec<_>>().join("\n")
        }),
        1 => prop::collection::vec(line(), 1..4).prop_map(|v| {
            v.iter().enumerate().map(|(i, l)| format!("{}. {l}", i + 1)).collect::<Vec<_>>().join("\n\n")
        }),
        1 => lines("> ").prop_map(|l| format!("> {l}")),
        1 => (line(), line()).prop_map(|(a, b)| format!("> - {a}\n>   {b}\n>\n> > {a}")),
        1 => line().prop_map(|l| format!("```\n{l}\n## not a heading\n```")),
        1 => line().prop_map(|l| format!("    {l}")),
        1 => (line(), line(), line()).prop_map(|(a, b, c)| format!("| {a} | {b} |\n|---|:--:|\n| {c} | {a} |")),
        1 => line().prop_map(|l| format!("<div>\n{l}\n</div>")),
        1 => line().prop_map(|l| format!("[^n]: {l}")),
        1 => Just("[ref]: https://x.example/ref \"a title\"".to_owned()),
        1 => Just("***".to_owned()),
    ]
}

/// A Markdown document: front matter perhaps, then blocks, with `\n` or `\r\n` line ends.
fn markdown() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop::collection::vec(block(), 1..8),
        any::<bool>(),
    )
        .prop_map(|(front, blocks, crlf)| {
            let mut out = String::new();
            if front {
                out.push_str("---\ntitle: عنوان\n---\n");
            }
            out.push_str(&blocks.join("\n\n"));
            out.push('\n');
            if crlf {
                out = out.replace('\n', "\r\n");
            }
            out
        })
}

/// English for a run of text, with what Markdown would read as markup.
fn english(i: usize) -> String {
    const WORDS: &[&str] = &[
        "word",
        "a*b",
        "snake_case",
        "[bracket]",
        "pipe | here",
        "<tag>",
        "AT&amp;T",
        "# hash",
        "- dash",
        "1. one",
        "back\\slash",
        "`tick`",
        "~tilde~",
        "(paren)",
        ": colon",
        "===",
        "three words here",
    ];
    WORDS[i % WORDS.len()].to_owned()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Random documents: reading never panics, pieces and segments lie in the document, the
    /// source side builds back byte for byte, and a target keeps the block structure.
    #[test]
    fn random_documents(text in markdown(), shift in 0usize..17) {
        let d = doc(&text);
        check_invariants(&d);
        let segs = d.segments(&arabic()).expect("segments");
        let fill = |i: usize| english(i + shift);
        let built = d
            .build(&segs, &|s| Some(replaced(&s.text, &fill)), Some("en"))
            .expect("build");
        let built = String::from_utf8(built).expect("utf-8");
        prop_assert_eq!(block_tags(&built), block_tags(&text), "{}\n----\n{}", text, built);
    }

    /// Any text of Markdown's special characters: never panics, ranges in the document, the
    /// source side builds back.
    #[test]
    fn any_text(text in "[-#>*_`~|\\\\\\[\\]()!<&;:=+.0-9a-z \n\tاب]{1,200}") {
        if let Ok(d) = read(Path::new("t.md"), text.into_bytes()) {
            check_invariants(&d);
        }
    }
}
