//! Documents in and out: extraction (read and split into sentences) and build of a large
//! page, Markdown file and Word document, each against the time its parser alone takes to go
//! through the same file, measured in the same run; and peak memory at two sizes, to show it
//! grows about linearly with the document.
//!
//!     cargo bench --bench documents               # 10 MB page and Markdown, 300-page Word file
//!     cargo bench --bench documents -- --quick    # a tenth of that
//!
//! Each time is the median of five runs (the slowest in brackets).

#![allow(clippy::print_stdout, reason = "a benchmark prints its table")]

use std::hint::black_box;
use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use workbench::codes;
use workbench::document::{self, Format, Paragraphs, ReadOptions, SourceSegment};
use workbench::segment::{Language, Segmenter};

const SEED: &str = include_str!("../seeds/syria-homs-lavrov-2012.txt");

/// The seed's paragraphs, each with a name in a link and a bold one when it has them.
fn paragraphs() -> Vec<String> {
    SEED.lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A news page of about `bytes`: head, menu, script, then paragraphs with links and bold
/// names, a figure and a table every few paragraphs.
fn page(bytes: usize) -> String {
    let paras = paragraphs();
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\">\
         <title>حمص تحت القصف</title><meta name=\"description\" content=\"زيارة لافروف إلى دمشق\">\
         <script>var x = 1 < 2 && \"</p>\";</script><style>p{margin:0}</style></head>\n<body>\
         <nav><a href=\"/\">الرئيسية</a> | <a href=\"/world\">العالم</a></nav>\n<article>\n",
    );
    let mut i = 0;
    while out.len() < bytes {
        let p = &paras[i % paras.len()];
        let p = escape(p)
            .replacen("لافروف", "<a href=\"/people/lavrov\">لافروف</a>", 1)
            .replacen("بشار الأسد", "<b>بشار الأسد</b>", 1)
            .replacen("حمص", "<em>حمص</em>", 1);
        out.push_str(&format!("<p>{p}</p>\n"));
        if i % 10 == 5 {
            out.push_str(
                "<figure><img src=\"homs.jpg\" alt=\"دبابات في حمص\"><figcaption>دبابات في حي بابا عمرو.</figcaption></figure>\n\
                 <table><tr><th>المدينة</th><th>القتلى</th></tr><tr><td>حمص</td><td>50</td></tr></table>\n",
            );
        }
        i += 1;
    }
    out.push_str("</article><footer>جميع الحقوق محفوظة &copy; 2012</footer></body></html>\n");
    out
}

/// A Markdown file of about `bytes`.
fn markdown(bytes: usize) -> String {
    let paras = paragraphs();
    let mut out = String::from("# حمص تحت القصف\n\n");
    let mut i = 0;
    while out.len() < bytes {
        let p = paras[i % paras.len()]
            .replacen("لافروف", "[لافروف](https://example.org/lavrov)", 1)
            .replacen("بشار الأسد", "**بشار الأسد**", 1)
            .replacen("حمص", "*حمص*", 1);
        out.push_str(&p);
        out.push_str("\n\n");
        if i % 10 == 5 {
            out.push_str("- حمص\n- دمشق\n\n| المدينة | القتلى |\n| --- | --- |\n| حمص | 50 |\n\n```\ncode\n```\n\n");
        }
        i += 1;
    }
    out
}

/// A Word document of `count` paragraphs, right to left, with bold names and links.
fn docx(count: usize) -> Vec<u8> {
    let paras = paragraphs();
    let mut body = String::new();
    for i in 0..count {
        let p = escape(&paras[i % paras.len()]);
        let ppr = "<w:pPr><w:bidi/></w:pPr>";
        let rpr = "<w:rPr><w:rtl/><w:lang w:bidi=\"ar-SY\"/></w:rPr>";
        let runs = match p.split_once("لافروف") {
            Some((a, b)) => format!(
                "<w:r>{rpr}<w:t xml:space=\"preserve\">{a}</w:t></w:r>\
                 <w:r><w:rPr><w:b/><w:rtl/></w:rPr><w:t>لافروف</w:t></w:r>\
                 <w:r>{rpr}<w:t xml:space=\"preserve\">{b}</w:t></w:r>"
            ),
            None => format!("<w:r>{rpr}<w:t>{p}</w:t></w:r>"),
        };
        body.push_str(&format!("<w:p>{ppr}{runs}</w:p>"));
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let parts = [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".to_owned(),
        ),
        (
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".to_owned(),
        ),
        ("word/document.xml", document),
    ];
    for (name, text) in parts {
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(text.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip").into_inner()
}

/// The parser alone over the same input: every token, event or XML event visited.
fn parser_only(format: Format, bytes: &[u8]) -> usize {
    match format {
        Format::Html => {
            let mut n = 0;
            for token in html5gum::Tokenizer::new(bytes).flatten() {
                black_box(&token);
                n += 1;
            }
            n
        }
        Format::Markdown => {
            let text = std::str::from_utf8(bytes).unwrap_or_default();
            let mut options = pulldown_cmark::Options::empty();
            options.insert(pulldown_cmark::Options::ENABLE_TABLES);
            let mut n = 0;
            for event in pulldown_cmark::Parser::new_ext(text, options).into_offset_iter() {
                black_box(&event);
                n += 1;
            }
            n
        }
        Format::Docx => {
            let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
            let mut xml = Vec::new();
            archive
                .by_name("word/document.xml")
                .expect("document part")
                .read_to_end(&mut xml)
                .expect("inflate");
            let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
            let mut buf = Vec::new();
            let mut n = 0;
            loop {
                match reader.read_event_into(&mut buf) {
                    Ok(quick_xml::events::Event::Eof) | Err(_) => break,
                    Ok(e) => {
                        black_box(&e);
                        n += 1;
                    }
                }
                buf.clear();
            }
            n
        }
        Format::Text => 0,
    }
}

fn extract(format: Format, bytes: &[u8]) -> (document::Extraction, Vec<SourceSegment>) {
    let extraction = document::read(
        Path::new("bench"),
        bytes.to_vec(),
        format,
        ReadOptions {
            paragraphs: Paragraphs::Auto,
        },
    )
    .expect("read");
    let segments = extraction
        .segments(&Segmenter::builtin(Language::Arabic))
        .expect("segments");
    (extraction, segments)
}

/// A target for every sentence: its text with the Arabic words replaced, its codes kept.
fn target(seg: &SourceSegment) -> Option<String> {
    let mut out = String::with_capacity(seg.text.len());
    for (_, token) in codes::tokens(&seg.text) {
        match token {
            codes::Token::Text(t) => {
                let words: Vec<&str> = t
                    .split(' ')
                    .map(|w| if w.is_empty() { "" } else { "word" })
                    .collect();
                out.push_str(&words.join(" "));
            }
            codes::Token::Open(n) => out.push_str(&codes::open(n)),
            codes::Token::Close(n) => out.push_str(&codes::close(n)),
            codes::Token::Standalone(n) => out.push_str(&codes::standalone(n)),
        }
    }
    Some(out)
}

/// Median and slowest of five runs of `f`.
fn time(mut f: impl FnMut()) -> (Duration, Duration) {
    let mut runs: Vec<Duration> = (0..5)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    runs.sort();
    (runs[2], runs[4])
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn input(format: Format, scale: f64) -> Vec<u8> {
    match format {
        Format::Html => page((10_000_000.0 * scale) as usize).into_bytes(),
        Format::Markdown => markdown((10_000_000.0 * scale) as usize).into_bytes(),
        // 300 pages of about 20 paragraphs.
        Format::Docx => docx((6_000.0 * scale) as usize),
        Format::Text => Vec::new(),
    }
}

/// The size that counts for memory: a Word file's text parts uncompressed, else the file.
fn text_size(format: Format, bytes: &[u8]) -> usize {
    if format != Format::Docx {
        return bytes.len();
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut file = archive.by_name("word/document.xml").expect("document part");
    let mut xml = Vec::new();
    file.read_to_end(&mut xml).expect("inflate");
    xml.len()
}

/// In a child process: peak memory (KiB) of generating, reading and splitting one document.
fn memory_child(format: Format, scale: f64) {
    let bytes = input(format, scale);
    let size = text_size(format, &bytes);
    let (extraction, segments) = extract(format, &bytes);
    black_box((&extraction, &segments));
    drop(bytes);
    // The high-water mark of this process's memory (`VmHWM`, KiB). Not getrusage's maxrss,
    // which on Linux keeps the parent's mark across the exec.
    let status = fs_err::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    println!("{size} {kib}");
}

fn peak(format: Format, scale: f64) -> (usize, u64) {
    let exe = std::env::current_exe().expect("own path");
    let out = Command::new(exe)
        .args(["--memory", format.as_str(), &scale.to_string()])
        .output()
        .expect("child");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut words = text.split_whitespace();
    let size = words.next().and_then(|w| w.parse().ok()).unwrap_or(0);
    let kib = words.next().and_then(|w| w.parse().ok()).unwrap_or(0);
    (size, kib)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--memory") {
        let format = args
            .get(i + 1)
            .and_then(|f| Format::parse(f))
            .unwrap_or(Format::Html);
        let scale = args.get(i + 2).and_then(|s| s.parse().ok()).unwrap_or(1.0);
        memory_child(format, scale);
        return;
    }
    let scale = if args.iter().any(|a| a == "--quick") {
        0.1
    } else {
        1.0
    };
    println!(
        "| document | size | parser alone (ms) | extraction (ms) | ratio | build (ms) | ratio | sentences |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for format in [Format::Html, Format::Markdown, Format::Docx] {
        let bytes = input(format, scale);
        let (parse, parse_worst) = time(|| {
            black_box(parser_only(format, &bytes));
        });
        let (extraction, extraction_worst) = time(|| {
            black_box(extract(format, &bytes));
        });
        let (doc, segments) = extract(format, &bytes);
        let (build, build_worst) = time(|| {
            black_box(doc.build(&segments, &target, Some("en")).expect("build"));
        });
        let name = match format {
            Format::Docx => format!("Word, {} paragraphs", (6_000.0 * scale) as usize),
            Format::Html => "HTML page".to_owned(),
            _ => "Markdown".to_owned(),
        };
        println!(
            "| {name} | {:.1} MB | {} ({}) | {} ({}) | {:.2}× | {} ({}) | {:.2}× | {} |",
            bytes.len() as f64 / 1e6,
            ms(parse),
            ms(parse_worst),
            ms(extraction),
            ms(extraction_worst),
            extraction.as_secs_f64() / parse.as_secs_f64(),
            ms(build),
            ms(build_worst),
            build.as_secs_f64() / parse.as_secs_f64(),
            segments.len()
        );
    }
    println!();
    println!(
        "Peak memory of a process that makes the document, reads it and splits it (a Word file's size: its document part uncompressed):"
    );
    println!();
    println!(
        "| document | input at ¼ | peak memory | input at 1× | peak memory | growth of memory / growth of input |"
    );
    println!("| --- | --- | --- | --- | --- | --- |");
    for format in [Format::Html, Format::Markdown, Format::Docx] {
        let (small, small_kib) = peak(format, scale / 4.0);
        let (large, large_kib) = peak(format, scale);
        let growth = (large_kib as f64 - small_kib as f64) * 1024.0 / (large as f64 - small as f64);
        println!(
            "| {} | {:.1} MB | {:.1} MB | {:.1} MB | {:.1} MB | {growth:.1} bytes of memory per byte of input |",
            format.as_str(),
            small as f64 / 1e6,
            small_kib as f64 / 1024.0,
            large as f64 / 1e6,
            large_kib as f64 / 1024.0,
        );
    }
}
