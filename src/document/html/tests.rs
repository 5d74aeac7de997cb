use std::ops::Range;
use std::path::Path;
use std::time::{Duration, Instant};

use proptest::prelude::*;

use super::*;
use crate::codes::{self, Token};
use crate::document::{Code, Piece, SourceSegment};
use crate::segment::{Language, Segmenter};

fn arabic() -> Segmenter {
    Segmenter::builtin(Language::Arabic)
}

fn read_str(s: &str) -> Extraction {
    read(Path::new("t.html"), s.as_bytes().to_vec()).expect("read")
}

fn seed_bytes() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/documents/seed.html"
    );
    fs_err::read(path).expect("seed fixture")
}

/// The blocks of a page, one a line: `Kind: pieces`, codes as `{+k<markup>}`, `{-k…}`,
/// `{*…}`, atomic text as `[text]`.
fn describe(d: &Extraction) -> String {
    let mut out = String::new();
    for b in &d.blocks {
        out.push_str(&format!("{:?}: ", b.kind));
        for p in &b.pieces {
            match p {
                Piece::Text {
                    text, atomic: true, ..
                } => out.push_str(&format!("[{text}]")),
                Piece::Text { text, .. } => out.push_str(text),
                Piece::Code { range, code } => {
                    let c = match code {
                        Code::Open(k) => format!("+{k}"),
                        Code::Close(k) => format!("-{k}"),
                        Code::Standalone => "*".into(),
                    };
                    out.push_str(&format!("{{{c}{}}}", &d.content[range.clone()]));
                }
            }
        }
        out.push('\n');
    }
    out
}

fn segment_texts(d: &Extraction) -> Vec<String> {
    d.segments(&arabic())
        .expect("segments")
        .iter()
        .map(|s| s.text.clone())
        .collect()
}

fn build_same(d: &Extraction) -> Vec<u8> {
    let segs = d.segments(&arabic()).expect("segments");
    d.build(&segs, &|s| Some(s.text.clone()), None)
        .expect("build")
}

/// A target that keeps the source's markers and replaces its words.
fn english(seg: &SourceSegment) -> String {
    let mut out = String::new();
    let mut n = 0;
    for (_, token) in codes::tokens(&seg.text) {
        match token {
            Token::Text(t) if !t.trim().is_empty() => {
                n += 1;
                out.push_str(&format!(" words {n} of {} & more", seg.range.start));
            }
            Token::Text(_) => {}
            Token::Open(k) => out.push_str(&codes::open(k)),
            Token::Close(k) => out.push_str(&codes::close(k)),
            Token::Standalone(k) => out.push_str(&codes::standalone(k)),
        }
    }
    out.trim().to_owned()
}

/// Every block's pieces are in order, contiguous, on character boundaries, and a non-atomic
/// text piece says what its bytes say.
fn check_pieces(d: &Extraction) {
    for b in &d.blocks {
        let mut end: Option<usize> = None;
        for p in &b.pieces {
            let r = p.range();
            assert!(r.start <= r.end && r.end <= d.content.len(), "{r:?}");
            assert!(d.content.is_char_boundary(r.start) && d.content.is_char_boundary(r.end));
            if let Some(e) = end {
                assert_eq!(e, r.start, "pieces not contiguous in {:?}", b.pieces);
            }
            end = Some(r.end);
            if let Piece::Text {
                text,
                atomic: false,
                range,
            } = p
            {
                assert_eq!(text, &d.content[range.clone()]);
            }
        }
    }
}

// ----- the seed page -----

#[test]
fn seed_page_gives_exactly_its_text() {
    let d = read(Path::new("seed.html"), seed_bytes()).expect("read");
    check_pieces(&d);
    let segs = d.segments(&arabic()).expect("segments");
    let listed: Vec<String> = segs
        .iter()
        .map(|s| format!("{:?}: {}", d.blocks[s.block].kind, s.text))
        .collect();
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_yaml_snapshot!("html_seed_segments", listed);
    });
    let all = listed.join("\n");
    for never in [
        "dataLayer",
        "قراءة",
        "Noto",
        "عاجل",
        "تعليق لا يترجم",
        "iframe",
        "سانا",
        "example.org",
        "width=device-width",
        "site.css",
        "2012-02-08",
    ] {
        assert!(!all.contains(never), "{never} was extracted");
    }
    // The translate="no" name is a code inside its sentence, not dropped from it.
    assert!(all.contains("الرسمية «<x1/>» أن الأسد"), "{all}");
    // Entities are decoded in the text sent.
    assert!(all.contains("مضايا & الزبداني"));
    assert!(all.contains("حمص «الدبابات"));
    assert!(all.contains("دمشق\u{a0}– <g1>"));
}

#[test]
fn seed_page_builds_back_byte_for_byte() {
    let bytes = seed_bytes();
    let d = read(Path::new("seed.html"), bytes.clone()).expect("read");
    assert_eq!(build_same(&d), bytes);
}

/// `content` with `edits` (sorted, not overlapping) applied.
fn apply(content: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::new();
    let mut pos = 0;
    for (r, s) in edits {
        out.push_str(&content[pos..r.start]);
        out.push_str(&s);
        pos = r.end;
    }
    out.push_str(&content[pos..]);
    out
}

#[test]
fn a_translation_changes_only_the_segments_and_the_language() {
    let bytes = seed_bytes();
    let d = read(Path::new("seed.html"), bytes).expect("read");
    let segs = d.segments(&arabic()).expect("segments");
    let built = d
        .build(&segs, &|s| Some(english(s)), Some("en"))
        .expect("build");
    let built = String::from_utf8(built).expect("utf-8");
    let DocLayout::Html(layout) = &d.layout else {
        panic!("not an HTML layout");
    };
    let mut edits: Vec<(Range<usize>, String)> = segs
        .iter()
        .map(|s| {
            let kind = d.blocks[s.block].kind;
            (s.range.clone(), d.render(s, &english(s), kind))
        })
        .collect();
    edits.extend(language_edits(layout, &d.content, "en"));
    assert_eq!(built, apply(&d.content, edits));
    assert!(built.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(built.contains("<body dir=\"ltr\">"));
    assert!(built.contains("<h1>words 1 of"));
    assert!(built.contains("<a href=\"/tags/lavrov\"> words 2 of"));
    assert!(
        built.contains("content=\"words 1 of"),
        "meta description translated"
    );
    assert!(built.contains("<img src=\"/img/homs.jpg\" alt=\"words 1 of"));
    assert!(built.contains("&amp; more"), "text escaped");
    // What is never translated is untouched.
    for kept in [
        "if (1 < 2 && \"<p>\" !== \"\") { dataLayer.push({\"event\": \"قراءة\"}); }",
        "content: \"عاجل\";",
        "<!-- بداية المقال: تعليق لا يترجم -->",
        "<code>&lt;iframe src=\"/embed/homs\"&gt;&lt;/iframe&gt;</code>",
        "<span translate=\"no\">سانا</span>",
        "<div class=\"notranslate\">وكالة الأنباء السورية (سانا)</div>",
        "<meta property=\"og:image\" content=\"https://example.org/img/homs.jpg\">",
    ] {
        assert!(built.contains(kept), "{kept} changed");
    }
    // Without a target language only the segments change.
    let built = d.build(&segs, &|s| Some(english(s)), None).expect("build");
    assert!(
        String::from_utf8(built)
            .expect("utf-8")
            .contains("<html lang=\"ar\" dir=\"rtl\">")
    );
}

#[test]
fn a_windows_1256_page_round_trips() {
    let utf8 = String::from_utf8(seed_bytes()).expect("utf-8");
    let page = utf8.replace(
        "<meta charset=\"utf-8\">",
        "<meta charset=\"windows-1256\">",
    );
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(&page);
    assert!(!unmappable);
    let bytes = bytes.into_owned();
    let d = read(Path::new("seed.html"), bytes.clone()).expect("read");
    let DocLayout::Html(layout) = &d.layout else {
        panic!("not an HTML layout");
    };
    assert_eq!(layout.charset, Charset::Legacy(encoding_rs::WINDOWS_1256));
    assert_eq!(d.content, page);
    assert_eq!(
        segment_texts(&d),
        segment_texts(&read_str(&utf8)),
        "the same text as the UTF-8 page"
    );
    assert_eq!(build_same(&d), bytes);
    // A translation with characters windows-1256 lacks: character references.
    let segs = d.segments(&arabic()).expect("segments");
    let built = d
        .build(
            &segs,
            &|s| Some(format!("Homs → {}", english(s))),
            Some("en"),
        )
        .expect("build");
    let (text, _, malformed) = encoding_rs::WINDOWS_1256.decode(&built);
    assert!(!malformed);
    assert!(text.contains("<h1>Homs &#8594; words 1"), "{text}");
    assert!(text.contains("<meta charset=\"windows-1256\">"));
}

#[test]
fn charset_declarations_and_marks() {
    let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-6\"></head><body><p>قال لافروف.</p>";
    let (bytes, _, _) = encoding_rs::ISO_8859_6.encode(page);
    let d = read(Path::new("a.html"), bytes.to_vec()).expect("read");
    assert_eq!(segment_texts(&d), ["قال لافروف."]);
    assert_eq!(build_same(&d), bytes.to_vec());
    // UTF-16 with its mark, written back in it.
    let page = "\u{feff}<p dir=rtl>قال لافروف.</p>";
    let bytes: Vec<u8> = page.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
    let d = read(Path::new("a.html"), bytes.clone()).expect("read");
    assert_eq!(segment_texts(&d), ["قال لافروف."]);
    assert_eq!(build_same(&d), bytes);
    let segs = d.segments(&arabic()).expect("segments");
    let built = d
        .build(&segs, &|_| Some("Lavrov spoke.".into()), Some("en"))
        .expect("build");
    let want: Vec<u8> = "\u{feff}<p dir=ltr>Lavrov spoke.</p>"
        .encode_utf16()
        .flat_map(|u| u.to_be_bytes())
        .collect();
    assert_eq!(built, want);
    // A UTF-8 byte-order mark is kept, and wins over a declaration.
    let page = "\u{feff}<meta charset=windows-1256><p>قال لافروف.</p>";
    let d = read_str(page);
    assert_eq!(segment_texts(&d), ["قال لافروف."]);
    assert_eq!(build_same(&d), page.as_bytes());
}

// ----- blocks, codes and text -----

#[test]
fn implied_end_tags_make_block_boundaries() {
    let cases = [
        ("<p>one<p>two", "Paragraph: one\nParagraph: two\n"),
        (
            "<ul><li>one<li>two</ul>after",
            "Item: one\nItem: two\nParagraph: after\n",
        ),
        ("<dl><dt>term<dd>means</dl>", "Item: term\nItem: means\n"),
        (
            "<table><tr><td>a<td>b<tr><th>c</table>",
            "Cell: a\nCell: b\nCell: c\n",
        ),
        (
            "<select><option>one<option>two</select>",
            "Item: one\nItem: two\n",
        ),
        (
            "<p>text<div>block</div>",
            "Paragraph: text\nParagraph: block\n",
        ),
        (
            "<p>text<h2>title</h2>more",
            "Paragraph: text\nHeading: title\nParagraph: more\n",
        ),
        ("<h1>one<h2>two</h2>", "Heading: one\nHeading: two\n"),
        ("text</p>more", "Paragraph: text\nParagraph: more\n"),
        ("<li><p>item text</p></li>", "Item: item text\n"),
        // A stray end tag of a block that is not open is ignored.
        ("<p>one</div> two</p>", "Paragraph: one{*</div>} two\n"),
        (
            "<p>one<br><br>two<br>three",
            "Paragraph: one{*<br>}\nParagraph: two{*<br>}three\n",
        ),
        // A span does not end at a block's end tag: the paragraph closes it.
        (
            "<div><span>a<p>b</span>c</p></div>",
            "Paragraph: {+1<span>}a\nParagraph: b{*</span>}c\n",
        ),
        (
            "<figure><img alt=\"صورة\"><figcaption>شرح</figcaption></figure>",
            "Attribute: صورة\nNote: شرح\n",
        ),
    ];
    for (html, want) in cases {
        let d = read_str(html);
        check_pieces(&d);
        assert_eq!(describe(&d), want, "{html}");
    }
}

#[test]
fn inline_elements_are_codes() {
    let d = read_str(
        "<p>قال <b>لافروف</b> <a href=\"/x\">إن <i>الوضع</i></a> صعب<br>جدا<img src=x>.</p>",
    );
    assert_eq!(
        describe(&d),
        "Paragraph: قال {+1<b>}لافروف{-1</b>} {+2<a href=\"/x\">}إن {+3<i>}الوضع{-3</i>}{-2</a>} صعب{*<br>}جدا{*<img src=x>}.\n"
    );
    assert_eq!(
        segment_texts(&d),
        ["قال <g1>لافروف</g1> <g2>إن <g3>الوضع</g3></g2> صعب<x4/>جدا<x5/>."]
    );
    // Misnested tags: the pair that closes first stays a pair, the other half is standalone.
    let d = read_str("<p><b>x<i>y</b>z</i></p>");
    assert_eq!(
        describe(&d),
        "Paragraph: {+1<b>}x{+2<i>}y{-1</b>}z{*</i>}\n"
    );
    assert_eq!(segment_texts(&d), ["<g1>x<x2/>y</g1>z"]);
}

#[test]
fn text_is_kept_as_written_with_references_apart() {
    let d =
        read_str("<p>«أ»&nbsp;&laquo;ب&raquo; &#1604;&#x644; &amp; &notin; &not x &foo; & z</p>");
    assert_eq!(
        describe(&d),
        "Paragraph: «أ»[\u{a0}][«]ب[»] [ل][ل] [&] [∉] [¬] x &foo; & z\n"
    );
    // Line breaks and runs of spaces are one atomic space.
    let d = read_str("<p>one\n    two\tthree  four five</p>");
    assert_eq!(describe(&d), "Paragraph: one[ ]two[ ]three[ ]four five\n");
    assert_eq!(segment_texts(&d), ["one two three four five"]);
    // In an attribute too; references there are decoded the attribute way.
    let d = read_str("<img alt=\"A &amp; B\n C &notit=1\">");
    assert_eq!(describe(&d), "Attribute: A [&] B[ ]C &notit=1\n");
}

#[test]
fn text_that_reads_as_a_marker_is_a_code() {
    let d = read_str("<p>النص &lt;g1&gt; هنا &lt;x2/> أيضا.</p>");
    let texts = segment_texts(&d);
    assert_eq!(texts, ["النص <x1/> هنا <x2/> أيضا."]);
    assert_eq!(
        build_same(&d),
        "<p>النص &lt;g1&gt; هنا &lt;x2/> أيضا.</p>".as_bytes()
    );
}

#[test]
fn raw_text_elements_are_read_as_the_standard_says() {
    // RCDATA: tags in a title are text, references are decoded.
    let d = read_str("<title>A <b> &amp; B</title><p>x</p>");
    assert_eq!(describe(&d), "Title: A <b> [&] B\nParagraph: x\n");
    // Script, style, textarea: nothing inside is a tag.
    let d = read_str(
        "<script>document.write('<p>no</p>')</script><style>p::after{content:'<p>no'}</style><textarea><p>no</textarea><p>yes</p>",
    );
    assert_eq!(describe(&d), "Paragraph: yes\n");
    // In SVG, a style is not RAWTEXT and a title not RCDATA, and none of it is translated; a
    // breakout tag (`<p>`, `<b>`…) ends the SVG.
    let d = read_str(
        "<svg><style></svg><p>yes</p><svg><title>no</svg><p>yes 2</p><svg><rect/><b>out</b>",
    );
    assert_eq!(
        describe(&d),
        "Paragraph: yes\nParagraph: yes 2\nParagraph: {+1<b>}out{-1</b>}\n"
    );
    // CDATA only in foreign content.
    let d = read_str("<math><![CDATA[</math><p>no]]></math><p>yes");
    assert_eq!(describe(&d), "Paragraph: yes\n");
    let d = read_str("<p>a<![CDATA[x]]>y</p>");
    assert_eq!(describe(&d), "Paragraph: a{*<![CDATA[x]]>}y\n");
    // Plaintext: the rest of the page is text, not translated.
    let d = read_str("<p>yes</p><plaintext><p>no");
    assert_eq!(describe(&d), "Paragraph: yes\n");
}

#[test]
fn excluded_content_is_never_extracted() {
    let cases = [
        (
            "<div>text <code>x()</code> more<pre>skip</pre>after</div>",
            "Paragraph: text {*<code>x()</code>} more\nParagraph: after\n",
        ),
        (
            "<p>a <span translate=no>X <b>Y</b></span> b</p>",
            "Paragraph: a {*<span translate=no>X <b>Y</b></span>} b\n",
        ),
        (
            "<p>a <span class=\"x notranslate\" title=\"لا\">X</span> b <img translate=no alt=\"لا\"> c</p>",
            "Paragraph: a {*<span class=\"x notranslate\" title=\"لا\">X</span>} b {*<img translate=no alt=\"لا\">} c\n",
        ),
        (
            "<div translate=\"no\"><p>no</p><p translate=yes>still no</p></div><p>yes</p>",
            "Paragraph: yes\n",
        ),
        (
            "<p>a<template><p>no</p></template>b<noscript>no</noscript>c<!-- no -->d</p>",
            "Paragraph: a{*<template><p>no</p></template>}b{*<noscript>no</noscript>}c{*<!-- no -->}d\n",
        ),
        // A code closed by the paragraph's end is reopened in the next one, as browsers do.
        ("<p><code>x<p>y</p><p>z", ""),
        // A code ends where the paragraph that holds it ends, and is reopened in the next.
        ("<p>a <code>x</p><p>b</p>", "Paragraph: a {*<code>x}\n"),
        ("<kbd>Ctrl</kbd><samp>out</samp><p>yes", "Paragraph: yes\n"),
    ];
    for (html, want) in cases {
        let d = read_str(html);
        check_pieces(&d);
        assert_eq!(describe(&d), want, "{html}");
        assert_eq!(build_same(&d), html.as_bytes());
    }
}

#[test]
fn translatable_attributes() {
    let d = read_str(concat!(
        "<meta name=\"Description\" content=\"وصف\"><meta property=\"og:title\" content='عنوان'>",
        "<meta property=\"og:image\" content=\"x.jpg\"><meta name=twitter:description content=تغريدة>",
        "<meta name=\"keywords\" content=\"لا\"><meta http-equiv=\"content-language\" content=\"ar\">",
        "<input placeholder=\"ابحث\" value=\"لا\" aria-label=\"بحث\"><abbr title=\"الأمم المتحدة\">UN</abbr>",
        "<img alt=\"\" title=\"  \"><a href=\"x\" data-title=\"لا\" title=\"أ\" title=\"لا\">x</a>",
        "<textarea placeholder=\"تعليقك\">لا</textarea><code title=\"لا\">x</code>",
    ));
    assert_eq!(
        describe(&d),
        concat!(
            "Attribute: وصف\nAttribute: عنوان\nAttribute: تغريدة\nAttribute: ابحث\nAttribute: بحث\n",
            "Paragraph: {+1<abbr title=\"الأمم المتحدة\">}UN{-1</abbr>}{*<img alt=\"\" title=\"  \">}",
            "{+2<a href=\"x\" data-title=\"لا\" title=\"أ\" title=\"لا\">}x{-2</a>}",
            "{*<textarea placeholder=\"تعليقك\">لا</textarea>}{*<code title=\"لا\">x</code>}\n",
            "Attribute: الأمم المتحدة\nAttribute: أ\nAttribute: تعليقك\n",
        )
    );
}

#[test]
fn attributes_inside_sentences_are_translated_in_their_tag() {
    let html =
        "<p dir=rtl>قال <a href=\"/l\" title=\"صفحة لافروف\" lang=ar>لافروف</a> إن الوضع صعب.</p>";
    let d = read_str(html);
    let segs = d.segments(&arabic()).expect("segments");
    assert_eq!(segs.len(), 2);
    let built = d
        .build(
            &segs,
            &|s| {
                Some(if s.text.starts_with("قال") {
                    "<g1>Lavrov</g1> said it was \"hard\".".into()
                } else {
                    "Lavrov's \"page\"".into()
                })
            },
            Some("en"),
        )
        .expect("build");
    assert_eq!(
        String::from_utf8(built).expect("utf-8"),
        "<p dir=ltr><a href=\"/l\" title=\"Lavrov's &quot;page&quot;\" lang=en>Lavrov</a> said it was \"hard\".</p>"
    );
    // The sentence kept as it is, the attribute still translated.
    let built = d
        .build(
            &segs,
            &|s| {
                Some(if s.text.starts_with("قال") {
                    s.text.clone()
                } else {
                    "Page".into()
                })
            },
            None,
        )
        .expect("build");
    assert_eq!(
        String::from_utf8(built).expect("utf-8"),
        "<p dir=rtl>قال <a href=\"/l\" title=\"Page\" lang=ar>لافروف</a> إن الوضع صعب.</p>"
    );
}

#[test]
fn attribute_values_get_double_quotes_in_a_translation() {
    let html = "<img alt='صورة' title=عنوان><img alt='قال \"لا\"'>";
    let d = read_str(html);
    let segs = d.segments(&arabic()).expect("segments");
    let built = d
        .build(&segs, &|_| Some("It's a \"photo\"".into()), Some("en"))
        .expect("build");
    assert_eq!(
        String::from_utf8(built).expect("utf-8"),
        "<img alt=\"It's a &quot;photo&quot;\" title=\"It's a &quot;photo&quot;\"><img alt='It's a &quot;photo&quot;'>"
    );
}

#[test]
fn language_and_direction_edits() {
    let edited = |html: &str, lang: &str| {
        let d = read_str(html);
        let DocLayout::Html(layout) = &d.layout else {
            panic!("not an HTML layout");
        };
        apply(&d.content, language_edits(layout, &d.content, lang))
    };
    assert_eq!(
        edited("<html><body dir=\"RTL\"><p>x", "en"),
        "<html lang=\"en\"><body dir=\"ltr\"><p>x"
    );
    assert_eq!(
        edited("<HTML lang dir=rtl><p>x", "en-GB"),
        "<HTML lang=\"en-GB\" dir=ltr><p>x"
    );
    assert_eq!(
        edited(
            "<html xml:lang=\"ar\" lang=\"ar-SY\"><meta http-equiv=content-language content=ar><p lang=ar>x <span lang=\"fr\">y</span> <code lang=ar dir=rtl>z</code>",
            "en"
        ),
        "<html xml:lang=\"en\" lang=\"en\"><meta http-equiv=content-language content=en><p lang=en>x <span lang=\"fr\">y</span> <code lang=ar dir=rtl>z</code>"
    );
    // A right-to-left target keeps the direction.
    assert_eq!(
        edited("<html lang=ar dir=rtl><p>x", "fa"),
        "<html lang=fa dir=rtl><p>x"
    );
    // A fragment has no <html> to declare a language on.
    assert_eq!(edited("<p dir=rtl>x</p>", "en"), "<p dir=ltr>x</p>");
}

#[test]
fn escape_only_what_html_needs() {
    assert_eq!(
        escape("a & <b> \"c\" 'd' é", BlockKind::Paragraph),
        "a &amp; &lt;b&gt; \"c\" 'd' é"
    );
    assert_eq!(
        escape("a & \"c\"", BlockKind::Attribute),
        "a &amp; &quot;c&quot;"
    );
}

#[test]
fn fragments_and_pages_without_text() {
    let d = read_str("قال <b>لافروف</b>.");
    assert_eq!(segment_texts(&d), ["قال <g1>لافروف</g1>."]);
    let d = read_str("<!doctype html><html><head></head><body></body></html>");
    assert!(d.blocks.is_empty());
}

#[test]
fn bad_input_is_an_error_like_any_text() {
    let err = |bytes: &[u8]| {
        read(Path::new("bad.html"), bytes.to_vec())
            .expect_err("an error")
            .to_string()
    };
    assert_eq!(err(b""), "bad.html: the file is empty");
    assert_eq!(err(b" \n "), "bad.html: the file holds only whitespace");
    assert_eq!(
        err(b"<p>x\n<p>\0"),
        "bad.html:2:4: a NUL byte: this looks like a binary file, not text"
    );
    let e = err(b"<p>ok</p>\n<p>\xd8\xa7\xd8</p>");
    assert!(e.starts_with("bad.html:2:5: not valid UTF-8"), "{e}");
    let e = err(b"<meta charset=\"klingon\"><p>x</p>");
    assert!(
        e.starts_with("bad.html:1:1: the page declares charset \"klingon\""),
        "{e}"
    );
    let e = err(b"<meta charset=iso-2022-kr><p>x</p>");
    assert!(e.contains("browsers refuse to decode"), "{e}");
    let e = err(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    assert!(e.contains("NUL byte"), "{e}");
}

// ----- deep nesting -----

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    assert!(
        took < Duration::from_secs(20),
        "{what} took {took:?}: not linear?"
    );
    out
}

#[test]
fn nesting_100000_deep_is_read_in_linear_time() {
    const N: usize = 100_000;
    let shapes: Vec<(&str, String)> = vec![
        (
            "div",
            format!(
                "{}<p>قال لافروف.</p>{}",
                "<div>".repeat(N),
                "</div>".repeat(N)
            ),
        ),
        (
            "span",
            format!("<p>{}قال لافروف.{}", "<span>".repeat(N), "</span>".repeat(N)),
        ),
        ("b unclosed", format!("{}قال لافروف.<p>ثم", "<b>".repeat(N))),
        ("b and p", "<b><p>قال ".repeat(N)),
        ("table", "<table><tr><td>خلية".repeat(N / 3)),
        ("list", "<ul><li>بند".repeat(N)),
        ("a", "<a href=x>رابط ".repeat(N)),
        ("code", format!("<p>a{}b", "<code>".repeat(N))),
        ("svg", format!("<svg>{}<p>نص", "<g>".repeat(N))),
        (
            "stray end tags",
            format!("{}{}", "<x-a>".repeat(N), "</x-b>".repeat(N)),
        ),
        (
            "li in divs",
            format!("{}{}", "<div>".repeat(N), "<li>x</li>".repeat(N)),
        ),
    ];
    for (what, html) in shapes {
        let d = timed(what, || read_str(&html));
        check_pieces(&d);
        let segs = timed(what, || d.segments(&arabic()));
        if let Ok(segs) = segs {
            let built = timed(what, || d.build(&segs, &|s| Some(s.text.clone()), None));
            assert_eq!(built.expect("build"), html.as_bytes(), "{what}");
        }
    }
}

#[test]
fn nesting_beyond_the_limit_is_refused() {
    let html = "<span>".repeat(extract::MAX_DEPTH + 1);
    let e = read(Path::new("deep.html"), html.into_bytes()).expect_err("too deep");
    assert_eq!(
        e.to_string(),
        "deep.html: the nesting of elements is larger than the limit of 1000000 levels"
    );
}

// ----- random documents -----

fn part() -> impl Strategy<Value = String> {
    let names = prop::sample::select(vec![
        "p",
        "div",
        "b",
        "i",
        "a",
        "span",
        "li",
        "ul",
        "td",
        "tr",
        "table",
        "h1",
        "br",
        "img",
        "code",
        "pre",
        "script",
        "style",
        "title",
        "textarea",
        "svg",
        "math",
        "template",
        "select",
        "option",
        "font",
        "nobr",
        "button",
        "html",
        "body",
        "head",
        "meta",
        "input",
        "dd",
        "caption",
        "x-y",
        "foreignObject",
        "mi",
        "plaintext",
        "noscript",
        "iframe",
    ]);
    let attr = prop::sample::select(vec![
        "",
        " alt=\"صورة &amp; نص\"",
        " title='عنوان'",
        " title=عنوان",
        " dir=rtl",
        " lang=\"ar\"",
        " translate=no",
        " class=\"notranslate\"",
        " placeholder=\"ابحث\"",
        " name=description content=\"وصف\"",
        " alt",
        " color=red",
        " charset=windows-1256",
    ]);
    let text = prop::sample::select(vec![
        "قال لافروف. ",
        "حمص",
        " ",
        "\n  ",
        "\r\n",
        "\t",
        "&amp;",
        "&laquo;",
        "&#1604;",
        "&#x644",
        "&nbsp;",
        "&notin",
        "&foo;",
        "&",
        "<",
        ">",
        "\"",
        "x.",
        "<!-- تعليق -->",
        "<!doctype html>",
        "<![CDATA[x]]>",
        "</>",
        "<g1>",
        "&lt;x1/&gt;",
        "<?php ?>",
        "</ p>",
    ]);
    prop_oneof![
        (names.clone(), attr, any::<bool>())
            .prop_map(|(n, a, closing)| format!("<{n}{a}{}>", if closing { "/" } else { "" })),
        names.prop_map(|n| format!("</{n}>")),
        text.prop_map(str::to_owned),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_pages_build_back_byte_for_byte(parts in prop::collection::vec(part(), 1..60)) {
        let html = parts.concat();
        let Ok(d) = read(Path::new("r.html"), html.as_bytes().to_vec()) else {
            return Ok(());
        };
        check_pieces(&d);
        let Ok(segs) = d.segments(&arabic()) else {
            return Ok(());
        };
        let same = d.build(&segs, &|s| Some(s.text.clone()), None).expect("build");
        prop_assert_eq!(String::from_utf8_lossy(&same), String::from_utf8_lossy(html.as_bytes()));
        let built = d.build(&segs, &|s| Some(english(s)), Some("en")).expect("build");
        // What was built reads again.
        let _ = read(Path::new("r.html"), built);
    }

    #[test]
    fn text_reads_as_browsers_decode_it(parts in prop::collection::vec(part(), 1..30)) {
        // Each text piece of a paragraph says what html5gum's own emitter decodes.
        let html = format!("<p>{}", parts.concat().replace('<', " "));
        let d = read_str(&html);
        let mine: String = d
            .blocks
            .iter()
            .flat_map(|b| b.pieces.iter())
            .map(|p| match p {
                Piece::Text { text, .. } => text.clone(),
                Piece::Code { .. } => String::new(),
            })
            .collect();
        let mut theirs = String::new();
        // (Text that reads as a marker is a code.)
        for token in html5gum::Tokenizer::new(html.as_str()).flatten() {
            if let html5gum::Token::String(s) = token {
                theirs.push_str(&String::from_utf8_lossy(&s));
            }
        }
        let collapse = |s: &str| s.split(|c: char| " \t\n\r\x0c".contains(c)).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
        let theirs = codes::strip(&theirs);
        if theirs.trim().is_empty() {
            // A paragraph of spaces (`&nbsp;` too) is no block.
            prop_assert!(mine.trim().is_empty(), "{:?}", mine);
        } else {
            prop_assert_eq!(collapse(&mine), collapse(&theirs));
        }
    }
}
