use std::collections::HashMap;
use std::io::{Cursor, Read, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::*;
use crate::document::{BlockKind, Error, Piece, SourceSegment};
use crate::segment::{Language, Segmenter};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// A zip of `entries` (name, bytes), deflated.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in entries {
        w.start_file(*name, options).expect("start");
        w.write_all(bytes).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

/// A part's XML: `root` element with the namespaces around `inner`.
fn xml_part(root: &str, inner: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:{root} xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">{inner}</w:{root}>"#
    )
}

/// A minimal package whose body is `body`, with more parts (name, XML).
fn docx_with(body: &str, extra: &[(&str, String)]) -> Vec<u8> {
    let document = xml_part("document", &format!("<w:body>{body}</w:body>"));
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", document.as_bytes()),
    ];
    for (name, xml) in extra {
        entries.push((name, xml.as_bytes()));
    }
    zip_of(&entries)
}

fn docx(body: &str) -> Vec<u8> {
    docx_with(body, &[])
}

fn read_docx(bytes: Vec<u8>) -> Extraction {
    read(Path::new("test.docx"), bytes).expect("read")
}

fn read_err(bytes: Vec<u8>, name: &str) -> Error {
    read(Path::new(name), bytes).expect_err("an error")
}

fn segments(d: &Extraction) -> Vec<SourceSegment> {
    d.segments(&Segmenter::builtin(Language::Arabic))
        .expect("segments")
}

fn texts(d: &Extraction) -> Vec<String> {
    segments(d).into_iter().map(|s| s.text).collect()
}

/// An entry of a package, uncompressed.
fn entry(bytes: &[u8], name: &str) -> String {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut file = zip.by_name(name).expect("entry");
    let mut s = String::new();
    file.read_to_string(&mut s).expect("utf-8");
    s
}

/// Every entry of a package, uncompressed, by name, in order.
fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).expect("zip");
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).expect("entry");
            let mut v = Vec::new();
            file.read_to_end(&mut v).expect("read");
            (file.name().to_owned(), v)
        })
        .collect()
}

/// Build with targets by source text; segments without one keep their source.
fn build_with(d: &Extraction, targets: &[(&str, &str)], lang: Option<&str>) -> Vec<u8> {
    let map: HashMap<&str, &str> = targets.iter().copied().collect();
    let segs = segments(d);
    d.build(
        &segs,
        &|s| {
            Some(
                map.get(s.text.as_str())
                    .map_or(s.text.clone(), |t| (*t).to_owned()),
            )
        },
        lang,
    )
    .expect("build")
}

/// The source side builds the same file, byte for byte.
fn assert_lossless(bytes: &[u8]) {
    let d = read_docx(bytes.to_vec());
    let segs = segments(&d);
    let built = d
        .build(&segs, &|s| Some(s.text.clone()), None)
        .expect("build");
    assert!(built == bytes, "the source side is not identical");
    let built = d
        .build(&segs, &|s| Some(s.text.clone()), Some("en"))
        .expect("build");
    assert!(
        built == bytes,
        "the source side with a language is not identical"
    );
    // A made-up target that keeps every code in place builds a package that reads again.
    let built = d
        .build(&segs, &|s| Some(made_up(&s.text)), Some("en"))
        .expect("build a target");
    // (Made-up text repeats: a large part may compress past the ratio limit.)
    match read(Path::new("built.docx"), built) {
        Ok(_) | Err(Error::Limit { .. }) => {}
        Err(e) => panic!("the built package does not read: {e}"),
    }
}

/// Every stretch of text replaced by a word, codes kept in their order.
fn made_up(text: &str) -> String {
    crate::codes::tokens(text)
        .into_iter()
        .map(|(_, token)| match token {
            crate::codes::Token::Text(t) if !t.trim().is_empty() => " made up ".to_owned(),
            crate::codes::Token::Text(t) => t.to_owned(),
            crate::codes::Token::Open(n) => crate::codes::open(n),
            crate::codes::Token::Close(n) => crate::codes::close(n),
            crate::codes::Token::Standalone(n) => crate::codes::standalone(n),
        })
        .collect()
}

fn run(props: &str, text: &str) -> String {
    let rpr = if props.is_empty() {
        String::new()
    } else {
        format!("<w:rPr>{props}</w:rPr>")
    };
    format!(r#"<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

fn para(inner: &str) -> String {
    format!("<w:p>{inner}</w:p>")
}

#[test]
fn bold_and_italic_names_are_pairs() {
    let body = para(&format!(
        "{}{}{}{}{}",
        run("<w:rtl/>", "قال وزير الخارجية "),
        run("<w:b/><w:bCs/><w:rtl/>", "سيرجي لافروف"),
        run("<w:rtl/>", " إن "),
        run("<w:i/><w:rtl/>", "الوضع في حمص"),
        run("<w:rtl/>", " صعب جدا."),
    ));
    let bytes = docx(&body);
    let d = read_docx(bytes.clone());
    assert_eq!(
        texts(&d),
        vec!["قال وزير الخارجية <g1>سيرجي لافروف</g1> إن <g2>الوضع في حمص</g2> صعب جدا."]
    );
    assert_eq!(d.blocks[0].kind, BlockKind::Paragraph);
    assert_lossless(&bytes);
    let built = build_with(
        &d,
        &[(
            "قال وزير الخارجية <g1>سيرجي لافروف</g1> إن <g2>الوضع في حمص</g2> صعب جدا.",
            "Foreign Minister <g1>Sergei Lavrov</g1> said <g2>the situation in Homs</g2> was very difficult.",
        )],
        Some("en"),
    );
    let xml = entry(&built, "word/document.xml");
    assert!(
        xml.contains(
            r#"<w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">Sergei Lavrov</w:t>"#
        ),
        "{xml}"
    );
    assert!(
        xml.contains(
            r#"<w:rPr><w:i/></w:rPr><w:t xml:space="preserve">the situation in Homs</w:t>"#
        ),
        "{xml}"
    );
    assert!(!xml.contains("<w:rtl/>"), "{xml}");
}

#[test]
fn hyperlinks_are_pairs_around_their_runs() {
    let body = para(&format!(
        r#"{}<w:hyperlink r:id="rId9"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>لافروف</w:t></w:r><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t xml:space="preserve"> الروسي</w:t></w:r></w:hyperlink>{}"#,
        run("", "زيارة "),
        run("", " الى دمشق."),
    ));
    let bytes = docx(&body);
    let d = read_docx(bytes.clone());
    assert_eq!(texts(&d), vec!["زيارة <g1>لافروف الروسي</g1> الى دمشق."]);
    assert_lossless(&bytes);
    let built = build_with(
        &d,
        &[(
            "زيارة <g1>لافروف الروسي</g1> الى دمشق.",
            "The visit of Russia's <g1>Lavrov</g1> to Damascus.",
        )],
        Some("en"),
    );
    let xml = entry(&built, "word/document.xml");
    assert!(
        xml.contains(r#"<w:hyperlink r:id="rId9"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>Lavrov</w:t></w:r></w:hyperlink>"#),
        "{xml}"
    );
}

#[test]
fn run_splits_are_invisible_and_a_target_takes_the_first_run() {
    let body = r#"<w:p><w:pPr><w:bidi/></w:pPr><w:r w:rsidR="00A1"><w:rPr><w:rFonts w:hint="cs"/><w:rtl/></w:rPr><w:t>قال</w:t></w:r><w:proofErr w:type="spellStart"/><w:r w:rsidR="00A2"><w:rPr><w:rtl/><w:lang w:bidi="ar-SY"/></w:rPr><w:t xml:space="preserve"> وزير </w:t></w:r><w:proofErr w:type="spellEnd"/><w:bookmarkStart w:id="0" w:name="_GoBack"/><w:r w:rsidR="00A3"><w:rPr><w:rtl/></w:rPr><w:t>الخارجية</w:t></w:r><w:bookmarkEnd w:id="0"/><w:r w:rsidR="00A4"><w:rPr><w:rtl/></w:rPr><w:lastRenderedPageBreak/><w:t xml:space="preserve"> إن الوضع</w:t></w:r><w:r w:rsidR="00A5"><w:rPr><w:rtl/></w:rPr><w:t xml:space="preserve"> صعب.</w:t></w:r></w:p>"#;
    let bytes = docx(body);
    let d = read_docx(bytes.clone());
    assert_eq!(texts(&d), vec!["قال وزير الخارجية إن الوضع صعب."]);
    assert_lossless(&bytes);
    let built = build_with(
        &d,
        &[(
            "قال وزير الخارجية إن الوضع صعب.",
            "The foreign minister said the situation was difficult.",
        )],
        Some("en"),
    );
    let xml = entry(&built, "word/document.xml");
    assert!(
        xml.contains(r#"<w:p><w:pPr></w:pPr><w:r w:rsidR="00A1"><w:rPr><w:rFonts w:hint="cs"/></w:rPr><w:t>The foreign minister said the situation was difficult.</w:t></w:r></w:p>"#),
        "{xml}"
    );
}

#[test]
fn a_sentence_may_end_at_an_invisible_boundary() {
    let body = para(&format!(
        "{}{}",
        run("", "قال لافروف."),
        run("", "وأضاف أن الوضع صعب."),
    ));
    let bytes = docx(&body);
    let d = read_docx(bytes.clone());
    assert_eq!(texts(&d), vec!["قال لافروف.", "وأضاف أن الوضع صعب."]);
    assert_lossless(&bytes);
    let built = build_with(
        &d,
        &[(
            "وأضاف أن الوضع صعب.",
            "He added that the situation was hard.",
        )],
        None,
    );
    let xml = entry(&built, "word/document.xml");
    assert!(
        xml.contains(r#"<w:t xml:space="preserve">قال لافروف.He added that the situation was hard.</w:t></w:r></w:p>"#),
        "{xml}"
    );
}

#[test]
fn tabs_breaks_and_entities() {
    let body = para(
        r#"<w:r><w:t>حمص</w:t><w:tab/><w:t xml:space="preserve">ودمشق &amp; حلب</w:t><w:br/><w:t>&#1573;دلب.</w:t></w:r>"#,
    );
    let bytes = docx(&body);
    let d = read_docx(bytes.clone());
    assert_eq!(texts(&d), vec!["حمص<x1/>ودمشق & حلب<x2/>إدلب."]);
    let atomic: Vec<&str> = d.blocks[0]
        .pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Text {
                text, atomic: true, ..
            } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(atomic, vec!["&", "إ"]);
    assert_lossless(&bytes);
    let built = build_with(
        &d,
        &[(
            "حمص<x1/>ودمشق & حلب<x2/>إدلب.",
            "Homs<x1/>and Damascus & Aleppo<x2/>Idlib.",
        )],
        None,
    );
    let xml = entry(&built, "word/document.xml");
    assert!(
        xml.contains(r#"<w:t>Homs</w:t><w:tab/><w:t xml:space="preserve">and Damascus &amp; Aleppo</w:t><w:br/><w:t>Idlib.</w:t>"#),
        "{xml}"
    );
}

#[test]
fn fields_keep_their_instructions() {
    let body = para(&format!(
        r#"{}<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "http://example.com/حمص" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>حمص</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>{}<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>{}"#,
        run("", "مدينة "),
        run("", " تحت القصف "),
        run("", " اليوم."),
    ));
    let bytes = docx(&body);
    let d = read_docx(bytes.clone());
    assert_eq!(texts(&d), vec!["مدينة <g1>حمص</g1> تحت القصف <x2/> اليوم."]);
    assert!(!d.block_text(0).contains("HYPERLINK"));
    assert_lossless(&bytes);
    let built = build_with(
        &d,
        &[(
            "مدينة <g1>حمص</g1> تحت القصف <x2/> اليوم.",
            "The city of <g1>Homs</g1> under fire <x2/> today.",
        )],
        None,
    );
    let xml = entry(&built, "word/document.xml");
    assert!(
        xml.contains(r#" HYPERLINK "http://example.com/حمص" "#),
        "{xml}"
    );
    assert!(xml.contains("<w:instrText>PAGE</w:instrText>"), "{xml}");
    assert!(xml.contains("<w:t>Homs</w:t>"), "{xml}");
}

#[test]
fn tables_text_boxes_and_headings() {
    let styles = xml_part(
        "styles",
        r#"<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>"#,
    );
    let body = format!(
        r#"<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr>{}</w:p><w:tbl><w:tr><w:tc><w:p>{}</w:p></w:tc><w:tc><w:p>{}</w:p></w:tc></w:tr></w:tbl><w:p>{}<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p>{}</w:p><w:p>{}</w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p>{}</w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>{}</w:p>"#,
        run("", "مساعدات إنسانية"),
        run("", "حمص"),
        run("", "50 قتيلا"),
        run("", "قبل المربع "),
        run("", "نص في المربع."),
        run("", "سطر ثان."),
        run("", "نسخة قديمة."),
        run("", " بعد المربع."),
    );
    let bytes = docx_with(&body, &[("word/styles.xml", styles)]);
    let d = read_docx(bytes.clone());
    let kinds: Vec<(BlockKind, String)> = (0..d.blocks.len())
        .map(|i| (d.blocks[i].kind, d.block_text(i)))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (BlockKind::Heading, "مساعدات إنسانية".into()),
            (BlockKind::Cell, "حمص".into()),
            (BlockKind::Cell, "50 قتيلا".into()),
            (BlockKind::Paragraph, "قبل المربع ".into()),
            (BlockKind::Note, "نص في المربع.".into()),
            (BlockKind::Note, "سطر ثان.".into()),
            (BlockKind::Paragraph, " بعد المربع.".into()),
        ]
    );
    assert_lossless(&bytes);
    let built = build_with(
        &d,
        &[
            ("نص في المربع.", "Text in the box."),
            ("قبل المربع", "Before the box"),
            ("بعد المربع.", "After the box."),
        ],
        None,
    );
    let xml = entry(&built, "word/document.xml");
    assert!(
        xml.contains(r#"<w:t xml:space="preserve">Text in the box.</w:t>"#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<w:t xml:space="preserve">Before the box </w:t>"#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<w:t xml:space="preserve"> After the box.</w:t>"#),
        "{xml}"
    );
    assert!(xml.contains("نسخة قديمة."), "{xml}");
}

#[test]
fn text_boxes_nested_deep_do_not_overflow() {
    let depth = 20_000;
    let mut body = String::from("<w:p><w:r><w:t>نص.</w:t></w:r>");
    for _ in 0..depth {
        body.push_str("<w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>نص.</w:t></w:r>");
    }
    for _ in 0..depth {
        body.push_str("</w:p></w:txbxContent></w:drawing></w:r>");
    }
    body.push_str("</w:p>");
    // Stored: the repeated markup compresses past the ratio limit.
    let document = xml_part("document", &format!("<w:body>{body}</w:body>"));
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    w.start_file("word/document.xml", stored).expect("start");
    w.write_all(document.as_bytes()).expect("write");
    let bytes = w.finish().expect("finish").into_inner();
    let d = read_docx(bytes.clone());
    assert_eq!(d.blocks.len(), depth + 1);
    assert_lossless(&bytes);
}

#[test]
fn headers_footers_and_notes_are_read_in_order() {
    let header = |n: u32| xml_part("hdr", &para(&run("", &format!("ترويسة {n}."))));
    let footer = xml_part("ftr", &para(&run("", "تذييل.")));
    let notes = xml_part(
        "footnotes",
        &format!(
            r#"<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>{}</w:p></w:footnote>"#,
            run("", " حاشية.")
        ),
    );
    let body = para(&format!(
        r#"{}<w:r><w:footnoteReference w:id="1"/></w:r>{}"#,
        run("", "قال لافروف"),
        run("", " أمس."),
    ));
    let bytes = docx_with(
        &body,
        &[
            ("word/footnotes.xml", notes),
            ("word/header10.xml", header(10)),
            ("word/footer1.xml", footer),
            ("word/header2.xml", header(2)),
        ],
    );
    let d = read_docx(bytes.clone());
    let crate::document::Layout::Docx(layout) = &d.layout else {
        panic!("not a Word layout");
    };
    let names: Vec<&str> = layout.parts().iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "word/document.xml",
            "word/header2.xml",
            "word/header10.xml",
            "word/footer1.xml",
            "word/footnotes.xml"
        ]
    );
    for part in layout.parts() {
        assert!(d.content[part.range.clone()].starts_with("<?xml"));
    }
    assert_eq!(
        texts(&d),
        vec![
            "قال لافروف<x1/> أمس.",
            "ترويسة 2.",
            "ترويسة 10.",
            "تذييل.",
            "حاشية."
        ]
    );
    let kinds: Vec<BlockKind> = d.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        vec![
            BlockKind::Paragraph,
            BlockKind::Note,
            BlockKind::Note,
            BlockKind::Note,
            BlockKind::Note
        ]
    );
    assert_lossless(&bytes);
    let built = build_with(&d, &[("حاشية.", "A footnote.")], None);
    // Only the footnotes changed: every other entry is the source's, uncompressed and raw.
    let (old, new) = (entries(&bytes), entries(&built));
    assert_eq!(old.len(), new.len());
    for ((name, a), (name2, b)) in old.iter().zip(&new) {
        assert_eq!(name, name2);
        assert_eq!(a == b, name != "word/footnotes.xml", "{name}");
    }
    assert!(
        entry(&built, "word/footnotes.xml")
            .contains(r#"<w:t xml:space="preserve"> A footnote.</w:t>"#)
    );
    let raw = |bytes: &[u8], name: &str| -> Vec<u8> {
        let mut zip = ZipArchive::new(Cursor::new(bytes.to_vec())).expect("zip");
        let mut f = zip
            .by_index_raw(zip.index_for_name(name).expect("entry"))
            .expect("raw");
        let mut v = Vec::new();
        f.read_to_end(&mut v).expect("read");
        v
    };
    assert_eq!(
        raw(&bytes, "word/header2.xml"),
        raw(&built, "word/header2.xml")
    );
}

#[test]
fn right_to_left_turns_left_to_right_in_translated_paragraphs() {
    let styles = xml_part(
        "styles",
        r#"<w:docDefaults><w:pPrDefault><w:pPr><w:bidi/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:rPr><w:rtl/></w:rPr></w:style>"#,
    );
    let body = format!(
        r#"<w:p><w:pPr><w:bidi w:val="1"/><w:spacing w:after="0"/><w:jc w:val="right"/><w:rPr><w:rtl/></w:rPr></w:pPr><w:r><w:rPr><w:rFonts w:cs="Arial"/><w:rtl/><w:lang w:val="ar-SY" w:bidi="ar-SY"/></w:rPr><w:t>قال لافروف.</w:t></w:r></w:p><w:p><w:pPr><w:jc w:val="mediumKashida"/></w:pPr><w:r><w:t>وأضاف.</w:t></w:r></w:p><w:p><w:pPr><w:bidi/></w:pPr>{}</w:p><w:tbl><w:tblPr><w:bidiVisual/></w:tblPr><w:tr><w:tc><w:p><w:r><w:rPr><w:rtl/></w:rPr><w:t>حمص</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:sectPr><w:bidi/></w:sectPr>"#,
        run("<w:rtl/>", "بقي بالعربية."),
    );
    let bytes = docx_with(&body, &[("word/styles.xml", styles)]);
    let d = read_docx(bytes.clone());
    assert_lossless(&bytes);
    let built = build_with(
        &d,
        &[
            ("قال لافروف.", "Lavrov said."),
            ("وأضاف.", "He added."),
            ("حمص", "Homs"),
        ],
        Some("en"),
    );
    let xml = entry(&built, "word/document.xml");
    let expected = [
        // Explicit bidi removed, alignment to the left, run rtl removed, Latin language set.
        r#"<w:p><w:pPr><w:spacing w:after="0"/><w:jc w:val="left"/><w:rPr></w:rPr></w:pPr><w:r><w:rPr><w:rFonts w:cs="Arial"/><w:lang w:bidi="ar-SY" w:val="en-US"/></w:rPr><w:t>Lavrov said.</w:t></w:r></w:p>"#,
        // Right-to-left by the defaults: turned off explicitly, before the alignment.
        r#"<w:p><w:pPr><w:bidi w:val="0"/><w:jc w:val="both"/></w:pPr><w:r><w:rPr><w:rtl w:val="0"/></w:rPr><w:t>He added.</w:t></w:r></w:p>"#,
        // Left in Arabic: untouched.
        r#"<w:p><w:pPr><w:bidi/></w:pPr><w:r><w:rPr><w:rtl/></w:rPr><w:t xml:space="preserve">بقي بالعربية.</w:t></w:r></w:p>"#,
        // The table runs left to right again; so does the section.
        r#"<w:tbl><w:tblPr></w:tblPr><w:tr><w:tc><w:p><w:pPr><w:bidi w:val="0"/></w:pPr><w:r><w:rPr></w:rPr><w:t>Homs</w:t></w:r></w:p>"#,
        r#"<w:sectPr></w:sectPr>"#,
    ];
    for e in expected {
        assert!(xml.contains(e), "missing {e} in {xml}");
    }
    // Without a language (a pseudo-target), nothing is turned.
    let built = build_with(&d, &[("قال لافروف.", "Lavrov said.")], None);
    let xml = entry(&built, "word/document.xml");
    assert!(xml.contains(r#"<w:bidi w:val="1"/>"#), "{xml}");
}

#[test]
fn spaces_at_the_ends_of_a_text_are_preserved() {
    let body = para(&format!(
        "<w:r><w:t>قال</w:t></w:r>{}{}",
        run("<w:b/>", "لافروف"),
        run("", " أمس."),
    ));
    let bytes = docx(&body);
    let d = read_docx(bytes.clone());
    assert_eq!(texts(&d), vec!["قال<g1>لافروف</g1> أمس."]);
    let built = build_with(
        &d,
        &[("قال<g1>لافروف</g1> أمس.", "Said <g1>Lavrov</g1> yesterday.")],
        None,
    );
    let xml = entry(&built, "word/document.xml");
    assert!(
        xml.contains(r#"<w:r><w:t xml:space="preserve">Said </w:t></w:r>"#),
        "{xml}"
    );
}

#[test]
fn a_target_that_loses_half_a_link_is_an_error() {
    // The link starts in one sentence and ends in the next: each has one half.
    let body = para(&format!(
        r#"{}<w:hyperlink r:id="rId1">{}{}</w:hyperlink>"#,
        run("", "قال لافروف "),
        run("", "إن الوضع صعب. "),
        run("", "وأضاف أنه سيعود."),
    ));
    let d = read_docx(docx(&body));
    // The link's end is after the last text: an empty code there, in the skeleton's place.
    assert_eq!(
        texts(&d),
        vec!["قال لافروف <x1/>إن الوضع صعب.", "وأضاف أنه سيعود.<x1/>"]
    );
    let segs = segments(&d);
    let err = d
        .build(
            &segs,
            &|s| {
                Some(if s.text.contains("<x1/>") {
                    "Lavrov said it was hard.".into()
                } else {
                    s.text.clone()
                })
            },
            None,
        )
        .expect_err("a malformed part");
    let message = err.to_string();
    assert!(
        message.starts_with("test.docx: word/document.xml:2:") && message.contains("inline code"),
        "{message}"
    );
}

#[test]
fn literal_markers_stay_codes() {
    let body = para(r#"<w:r><w:t>النص &lt;g1&gt; هنا.</w:t></w:r>"#);
    let bytes = docx(&body);
    let d = read_docx(bytes.clone());
    assert_eq!(texts(&d), vec!["النص <x1/> هنا."]);
    assert_lossless(&bytes);
}

#[test]
fn bad_packages_are_refused_with_one_line() {
    let cases: Vec<(Vec<u8>, &str, &str)> = vec![
        (b"plain text, not a zip".to_vec(), "a.docx", "a.docx: not a Word document (not a zip package"),
        (
            zip_of(&[("[Content_Types].xml", CONTENT_TYPES.as_bytes())]),
            "b.docx",
            "b.docx: not a Word document: the package has no word/document.xml",
        ),
        (
            [&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..], &[0u8; 504]].concat(),
            "c.doc",
            "c.doc: a Word 97-2003 document (.doc), which this build does not read; convert it to .docx first, e.g. `soffice --headless --convert-to docx c.doc`",
        ),
        (
            [
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..],
                &[0u8; 100],
                &"EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>(),
            ]
            .concat(),
            "d.docx",
            "d.docx: an encrypted (password-protected) Word document",
        ),
        (
            zip_of(&[
                (
                    "[Content_Types].xml",
                    CONTENT_TYPES
                        .replace("document.main+xml", "document.macroEnabled.main+xml")
                        .as_bytes(),
                ),
                ("word/document.xml", xml_part("document", "").as_bytes()),
            ]),
            "e.docm",
            "e.docm: a macro-enabled Word document (.docm)",
        ),
        (
            zip_of(&[("word/document.xml", b"<w:document><w:body><w:p></w:body></w:document>")]),
            "f.docx",
            "f.docx: word/document.xml:1:",
        ),
        (
            zip_of(&[(
                "word/document.xml",
                &"<?xml version=\"1.0\" encoding=\"UTF-16\"?><w:document/>"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes)
                    .collect::<Vec<u8>>(),
            )]),
            "g.docx",
            "g.docx: its part word/document.xml is UTF-16, which this build does not read",
        ),
        (
            zip_of(&[(
                "word/document.xml",
                format!(
                    "<w:document xmlns:w=\"{W}\">\n<w:body><w:p><w:r><w:t>a &bogus; b</w:t></w:r></w:p></w:body></w:document>"
                )
                .as_bytes(),
            )]),
            "h.docx",
            "h.docx: word/document.xml:2:26: unknown or invalid entity `&bogus;`",
        ),
        (
            zip_of(&[("word/document.xml", b"<w:document><w:body>")]),
            "i.docx",
            "i.docx: word/document.xml:1:21: the part ends inside an element",
        ),
        (
            zip_of(&[
                (
                    "[Content_Types].xml",
                    CONTENT_TYPES
                        .replace("document.main+xml", "template.main+xml")
                        .as_bytes(),
                ),
                ("word/document.xml", xml_part("document", "").as_bytes()),
            ]),
            "j.dotx",
            "j.dotx: a Word template (.dotx), not a document; convert it",
        ),
        (
            zip_of(&[
                ("mimetype", b"application/vnd.oasis.opendocument.text"),
                ("content.xml", b"<office:document-content/>"),
            ]),
            "k.odt",
            "k.odt: an OpenDocument text (.odt), which this build does not read; convert it",
        ),
        (
            b"{\\rtf1\\ansi hello}".to_vec(),
            "l.rtf",
            "l.rtf: an RTF document, which this build does not read; convert it",
        ),
    ];
    for (bytes, name, expected) in cases {
        let err = read_err(bytes, name);
        let message = match err.hint() {
            Some(hint) => format!("{err}; {hint}"),
            None => err.to_string(),
        };
        assert!(message.starts_with(expected), "{name}: {message}");
        assert!(!message.contains('\n'), "{message}");
        let convert = matches!(err, Error::Convert { .. });
        let expect_convert = name.ends_with(".doc")
            || ["d", "e", "g", "j", "k", "l"]
                .iter()
                .any(|p| name.starts_with(p));
        assert_eq!(convert, expect_convert, "{name}: {err:?}");
    }
}

#[test]
fn zip_bombs_and_huge_packages_are_refused() {
    // 4 MiB of one byte compresses about 1000:1.
    let bomb = vec![b' '; 4 * 1024 * 1024];
    let bytes = zip_of(&[("word/document.xml", &bomb)]);
    let message = read_err(bytes, "bomb.docx").to_string();
    assert_eq!(
        message,
        "bomb.docx: the compression ratio of entry word/document.xml (a zip bomb?) is larger than the limit of 100:1"
    );
    // A header that lies about the size changes nothing: the limit counts what comes out.
    let names: Vec<String> = (0..package::MAX_ENTRIES + 1)
        .map(|i| format!("f{i}"))
        .collect();
    let many: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    let message = read_err(zip_of(&many), "many.docx").to_string();
    assert_eq!(
        message,
        "many.docx: the package's number of entries (10001) is larger than the limit of 10000 entries"
    );
}

#[test]
fn a_lying_size_in_the_header_does_not_pass_the_ratio_limit() {
    let bomb = vec![b'a'; 3 * 1024 * 1024];
    let mut bytes = zip_of(&[("word/document.xml", &bomb)]);
    // Rewrite the uncompressed size in the local and central headers to 1000 bytes.
    let size = (bomb.len() as u32).to_le_bytes();
    let mut at = 0;
    while let Some(i) = bytes[at..].windows(4).position(|w| w == size) {
        bytes[at + i..at + i + 4].copy_from_slice(&1000u32.to_le_bytes());
        at += i + 4;
    }
    let message = read_err(bytes, "liar.docx").to_string();
    assert!(message.starts_with("liar.docx: "), "{message}");
}

#[test]
fn the_whole_file_is_identical_on_the_source_side() {
    let body = para(&run("<w:b/>", "قال لافروف."));
    let bytes = docx(&body);
    let d = read_docx(bytes.clone());
    let segs = segments(&d);
    // A target equal to the source changes nothing either.
    let built = d
        .build(&segs, &|s| Some(s.text.clone()), Some("en"))
        .expect("build");
    assert_eq!(built, bytes);
    // A changed target rewrites only its part.
    let built = d
        .build(&segs, &|_| Some("Lavrov said.".into()), Some("en"))
        .expect("build");
    let (old, new) = (entries(&bytes), entries(&built));
    let names: Vec<&String> = new.iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        vec!["[Content_Types].xml", "_rels/.rels", "word/document.xml"]
    );
    assert_eq!(old[0], new[0]);
    assert_eq!(old[1], new[1]);
}

const SEED: &[u8] = include_bytes!("../../../tests/fixtures/documents/seed.docx");

/// A made-up English target for a segment: its codes kept where they are, each stretch of
/// text replaced by English words; the bold name translated.
fn english(index: usize, text: &str) -> String {
    if text.contains("<g1>سيرجي لافروف</g1>") {
        return "Damascus: the visit of Russian Foreign Minister <g1>Sergei Lavrov</g1> to Damascus did not stop the killing.".into();
    }
    let mut out = String::new();
    for (k, (_, token)) in crate::codes::tokens(text).into_iter().enumerate() {
        match token {
            crate::codes::Token::Text(t) if !t.trim().is_empty() => {
                let lead = if t.starts_with(' ') { " " } else { "" };
                let trail = if t.ends_with(' ') { " " } else { "" };
                out.push_str(&format!("{lead}English {index}.{k}{trail}"));
            }
            crate::codes::Token::Text(t) => out.push_str(t),
            crate::codes::Token::Open(n) => out.push_str(&crate::codes::open(n)),
            crate::codes::Token::Close(n) => out.push_str(&crate::codes::close(n)),
            crate::codes::Token::Standalone(n) => out.push_str(&crate::codes::standalone(n)),
        }
    }
    out
}

/// The seed fixture built in English.
fn seed_in_english() -> Vec<u8> {
    let d = read_docx(SEED.to_vec());
    let segs = segments(&d);
    let index: HashMap<&str, usize> = segs
        .iter()
        .enumerate()
        .map(|(i, s)| (s.text.as_str(), i))
        .collect();
    d.build(
        &segs,
        &|s| {
            Some(english(
                index.get(s.text.as_str()).copied().unwrap_or(0),
                &s.text,
            ))
        },
        Some("en"),
    )
    .expect("build")
}

#[test]
fn the_seed_fixture_reads_and_builds() {
    let d = read_docx(SEED.to_vec());
    let segs = segments(&d);
    let all: Vec<&str> = segs.iter().map(|s| s.text.as_str()).collect();
    for expected in [
        "دمشق : لم تمنع زيارة وزير الخارجية الروسي <g1>سيرجي لافروف</g1> الى دمشق من ايقاف آلة القتل السورية ، ليعلن عن سقوط ما لايقل عن 50 قتيلا اليوم الأربعاء بينهم 20 طفلا في مدينة حمص ،جراء قصف جيش الأسد للمدينة.",
        "مساعدات إنسانية",
        "دمشق - وكالات الأنباء",
        "بحسب بيان لجان التنسيق المحلية في سوريا.",
    ] {
        assert!(all.contains(&expected), "missing {expected} in {all:#?}");
    }
    assert!(
        all.iter().any(|s| s.contains("<g1>سيرغي لافروف</g1>")),
        "{all:#?}"
    );
    assert!(
        all.iter()
            .any(|s| s.contains("<g1>لجان التنسيق المحلية</g1>")),
        "{all:#?}"
    );
    let kinds: Vec<BlockKind> = d.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(kinds.iter().filter(|k| **k == BlockKind::Cell).count(), 8);
    assert_eq!(
        kinds.iter().filter(|k| **k == BlockKind::Heading).count(),
        1
    );
    assert_eq!(kinds.iter().filter(|k| **k == BlockKind::Note).count(), 2);
    assert_lossless(SEED);
    let built = seed_in_english();
    let xml = entry(&built, "word/document.xml");
    assert!(
        xml.contains("<w:rPr><w:b/><w:bCs/><w:rFonts w:hint=\"cs\"/><w:lang w:bidi=\"ar-SY\" w:val=\"en-US\"/></w:rPr><w:t>Sergei Lavrov</w:t>"),
        "{xml}"
    );
    assert!(
        !xml.contains("<w:rtl/>") && !xml.contains("<w:bidi/>") && !xml.contains("bidiVisual"),
        "{xml}"
    );
    // Unchanged entries are the source's.
    let (old, new) = (entries(SEED), entries(&built));
    for ((name, a), (_, b)) in old.iter().zip(&new) {
        let text = name == "word/document.xml"
            || name == "word/header1.xml"
            || name == "word/footnotes.xml";
        assert_eq!(a == b, !text, "{name}");
    }
}

/// Whether an external tool runs. Under `CI=true` a missing tool fails the test; elsewhere
/// the test says it skipped.
#[allow(clippy::print_stderr, reason = "a skipped check says why")]
fn have(tool: &str, probe: &mut std::process::Command, install: &str) -> bool {
    if probe.output().is_ok_and(|o| o.status.success()) {
        return true;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{tool} is needed under CI=true: {install}"
    );
    eprintln!("SKIPPED: {tool} is not installed ({install})");
    false
}

#[test]
fn python_docx_reads_a_built_document() {
    if !have(
        "python-docx",
        std::process::Command::new("python3").args(["-c", "import docx"]),
        "pip install python-docx",
    ) {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("seed.en.docx");
    fs_err::write(&file, seed_in_english()).expect("write");
    let script = r#"
import json, sys, docx
d = docx.Document(sys.argv[1])
out = {
    "paragraphs": [
        {"style": p.style.name, "text": p.text, "bold": [r.text for r in p.runs if r.bold],
         "italic": [r.text for r in p.runs if r.italic]}
        for p in d.paragraphs
    ],
    "cells": [c.text for t in d.tables for row in t.rows for c in row.cells],
    "header": [p.text for p in d.sections[0].header.paragraphs],
}
print(json.dumps(out))
"#;
    let output = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&file)
        .output()
        .expect("python3");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let seen: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let paragraphs = seen["paragraphs"].as_array().expect("paragraphs");
    assert_eq!(paragraphs.len(), 5, "{seen}");
    assert!(
        paragraphs[0]["text"]
            .as_str()
            .is_some_and(|t| t.starts_with(
                "Damascus: the visit of Russian Foreign Minister Sergei Lavrov to Damascus"
            )),
        "{seen}"
    );
    assert_eq!(
        paragraphs[0]["bold"],
        serde_json::json!(["Sergei Lavrov"]),
        "{seen}"
    );
    assert_eq!(paragraphs[3]["style"], "Heading 1", "{seen}");
    let italic = paragraphs[2]["italic"].as_array().expect("italic");
    assert_eq!(italic.len(), 1, "{seen}");
    let arabic = |v: &serde_json::Value| {
        v.as_str()
            .is_some_and(|t| t.chars().any(|c| ('\u{600}'..='\u{6FF}').contains(&c)))
    };
    for p in paragraphs {
        assert!(!arabic(&p["text"]), "{seen}");
    }
    for c in seen["cells"].as_array().expect("cells") {
        assert!(
            !arabic(c) && c.as_str().is_some_and(|t| !t.is_empty()),
            "{seen}"
        );
    }
    assert!(!arabic(&seen["header"][0]), "{seen}");
}

#[test]
fn libreoffice_converts_a_built_document() {
    if !have(
        "LibreOffice",
        std::process::Command::new("soffice").arg("--version"),
        "apt-get install libreoffice-writer-nogui",
    ) {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("seed.en.docx");
    fs_err::write(&file, seed_in_english()).expect("write");
    let output = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .args(["--headless", "--convert-to", "txt:Text", "--outdir"])
        .arg(dir.path())
        .arg(&file)
        .output()
        .expect("soffice");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = fs_err::read_to_string(dir.path().join("seed.en.txt")).expect("converted text");
    assert!(
        text.contains("Damascus: the visit of Russian Foreign Minister Sergei Lavrov to Damascus"),
        "{text}"
    );
    assert!(text.contains("English"), "{text}");
    assert!(
        !text.chars().any(|c| ('\u{600}'..='\u{6FF}').contains(&c)),
        "{text}"
    );
}

#[test]
fn fuzz_regressions_pass() {
    // Inputs the fuzzer found, replayed as the docx_read target does.
    let xml = include_bytes!("../../../fuzz/regressions/docx_read/lang-in-single-quotes.xml");
    let bytes = zip_of(&[("word/document.xml", &xml[..])]);
    let d = read_docx(bytes.clone());
    assert!(!d.blocks.is_empty());
    assert_lossless(&bytes);
}

#[test]
fn a_damaged_entry_is_refused_when_read_not_when_built() {
    // Found by fuzzing: the text parts read, another entry's local header does not.
    let bytes = include_bytes!("../../../fuzz/regressions/docx_read/damaged-local-header.zip");
    let message = read_err(bytes.to_vec(), "fuzz.docx").to_string();
    assert!(
        message.starts_with("fuzz.docx: damaged package: entry "),
        "{message}"
    );
}

mod generated {
    use proptest::prelude::*;

    use super::{assert_lossless, docx, para, run};

    /// A run's properties: none, bold, italic, right to left with an Arabic language.
    fn props() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "",
            "<w:b/>",
            "<w:i/>",
            "<w:rtl/><w:lang w:bidi=\"ar-SY\"/>",
            "<w:b/><w:rtl/>",
        ])
    }

    /// A run's text: Arabic and English words, entities, spaces, punctuation, markers.
    fn text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "قال",
            " ",
            "لافروف",
            "حمص.",
            " و",
            "Homs",
            "&amp;",
            "&lt;g1&gt;",
            "&#1604;",
            "،",
            "؟ ",
            "  ",
            ". ",
        ]);
        prop::collection::vec(pieces, 0..6).prop_map(|v| v.concat())
    }

    /// One element inside a paragraph.
    fn inline() -> impl Strategy<Value = String> {
        prop_oneof![
            6 => (props(), text()).prop_map(|(p, t)| run(p, &t)),
            1 => Just("<w:r><w:tab/></w:r>".to_owned()),
            1 => Just("<w:r><w:br/></w:r>".to_owned()),
            1 => Just("<w:proofErr w:type=\"spellStart\"/>".to_owned()),
            1 => Just("<w:bookmarkStart w:id=\"0\" w:name=\"b\"/><w:bookmarkEnd w:id=\"0\"/>".to_owned()),
            1 => (props(), text()).prop_map(|(p, t)| format!("<w:hyperlink w:anchor=\"a\">{}</w:hyperlink>", run(p, &t))),
            1 => text().prop_map(|t| format!("<w:r w:rsidR=\"00A1\"><w:t>{t}</w:t></w:r>")),
        ]
    }

    /// A body of paragraphs, some right to left, some in a table.
    fn body() -> impl Strategy<Value = String> {
        let paragraph =
            (any::<bool>(), prop::collection::vec(inline(), 0..6)).prop_map(|(rtl, parts)| {
                let ppr = if rtl { "<w:pPr><w:bidi/></w:pPr>" } else { "" };
                para(&format!("{ppr}{}", parts.concat()))
            });
        prop::collection::vec((paragraph, any::<bool>()), 1..6).prop_map(|ps| {
            ps.into_iter()
                .map(|(p, in_table)| {
                    if in_table {
                        format!("<w:tbl><w:tr><w:tc>{p}</w:tc></w:tr></w:tbl>")
                    } else {
                        p
                    }
                })
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Generated Word documents: the source side builds back byte for byte (every part
        /// and the whole file), and a target that keeps the codes builds a package that reads.
        #[test]
        fn generated_documents_build_back(body in body()) {
            assert_lossless(&docx(&body));
        }
    }
}

#[test]
fn deep_wrappers_and_tables_are_read() {
    // 3,000 nested tracked insertions, each with a sentence: pairs resolved in one pass.
    let n = 3_000;
    let mut p = String::from("<w:p>");
    for _ in 0..n {
        p.push_str(r#"<w:ins w:id="1"><w:r><w:t xml:space="preserve">جملة. </w:t></w:r>"#);
    }
    p.push_str(&"</w:ins>".repeat(n));
    p.push_str("</w:p>");
    // 5,000 nested tables, each cell with a paragraph.
    let m = 5_000;
    let mut t = String::new();
    for _ in 0..m {
        t.push_str("<w:tbl><w:tblPr><w:bidiVisual/></w:tblPr><w:tr><w:tc><w:p><w:r><w:t>نص</w:t></w:r></w:p>");
    }
    t.push_str(&"</w:tc></w:tr></w:tbl>".repeat(m));
    let body = format!("{p}{t}");
    let document = xml_part("document", &format!("<w:body>{body}</w:body>"));
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    w.start_file("word/document.xml", stored).expect("start");
    w.write_all(document.as_bytes()).expect("write");
    let bytes = w.finish().expect("finish").into_inner();
    let d = read_docx(bytes.clone());
    assert_eq!(d.blocks.len(), 1 + m);
    let segs = segments(&d);
    let built = d
        .build(&segs, &|s| Some(made_up(&s.text)), Some("en"))
        .expect("build");
    assert!(!entry(&built, "word/document.xml").contains("bidiVisual"));
}
