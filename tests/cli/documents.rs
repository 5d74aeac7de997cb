//! Documents of every format through the whole job: a page, a Markdown file and a Word file
//! translated, built in English with their structure and markup, and built back from the
//! source side byte for byte; the page through every remote engine keeps its markup.

use std::process::Command;

use crate::harness::{GLOSSARY, Project, expect, missing_tool};

const SEED_DOCX: &[u8] = include_bytes!("../fixtures/documents/seed.docx");

/// Whether a text holds Arabic letters.
fn has_arabic(text: &str) -> bool {
    text.chars()
        .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c) && c.is_alphabetic())
}

/// A project with the glossary and `seeds/<name>` holding `bytes`.
fn project_with(name: &str, bytes: &[u8]) -> Project {
    let p = Project::empty();
    p.write("glossary.yaml", GLOSSARY);
    p.write(&format!("seeds/{name}"), bytes);
    p
}

/// Translate `seeds/<stem>.<ext>` with the stub and build it; the built file's path.
fn stub_and_build(p: &Project, stem: &str, ext: &str, segments: usize) -> String {
    let out = p.run(&[
        "translate",
        &format!("seeds/{stem}.{ext}"),
        "--backend",
        "stub",
    ]);
    let chars_line = out
        .lines()
        .find(|l| l.starts_with("stub: "))
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        out,
        expect(
            0,
            "",
            &format!(
                "{stem}: {segments} segments, {segments} translated ({segments} sent to stub); wrote `translations/{stem}.yaml`\n{chars_line}\n"
            )
        )
    );
    let built = format!("translations/{stem}.en.{ext}");
    let format = match ext {
        "docx" => "docx",
        "md" => "markdown",
        "html" => "html",
        _ => "text",
    };
    assert_eq!(
        p.run(&["build", &format!("translations/{stem}.yaml")]),
        expect(
            0,
            "",
            &format!("wrote `{built}` ({format} translation, {segments} segments)\n")
        )
    );
    built
}

/// The source side, built to standard output or a file, is the input byte for byte.
fn assert_builds_back(p: &Project, stem: &str, ext: &str, input: &[u8]) {
    let out = p
        .cmd(&[
            "build",
            &format!("translations/{stem}.yaml"),
            "--from",
            "source",
            "-o",
            "same.out",
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", p.render(&out));
    assert!(out.stdout.is_empty());
    assert_eq!(
        fs_err::read(p.join("same.out")).expect("built"),
        input,
        "{ext}"
    );
}

/// Run a Python check on a built file; `None` when Python or the module is missing.
fn python(script: &str, arg: &std::path::Path) -> Option<String> {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(arg)
        .output()
        .ok()?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        if err.contains("ModuleNotFoundError") {
            return None;
        }
        panic!("python check failed: {err}");
    }
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_word_file_translates_and_builds_with_its_formatting() {
    let p = project_with("seed.docx", SEED_DOCX);
    let built = stub_and_build(&p, "seed", "docx", 19);
    assert_builds_back(&p, "seed", "docx", SEED_DOCX);
    // python-docx reads the built file: the same paragraphs and tables, no Arabic left, the
    // names still bold, the paragraphs left to right.
    let script = r#"
import sys, docx
src = docx.Document(sys.argv[1].replace('translations/seed.en.docx', 'seeds/seed.docx'))
out = docx.Document(sys.argv[1])
print(len(src.paragraphs), len(out.paragraphs), len(src.tables), len(out.tables))
print('|'.join(r.text for p in out.paragraphs for r in p.runs if r.bold))
print('|'.join(p.text for p in out.paragraphs))
print('|'.join(c.text for t in out.tables for row in t.rows for c in row.cells))
print(sum(1 for p in out.paragraphs if p.paragraph_format.element.pPr is not None and p.paragraph_format.element.pPr.find('{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bidi') is not None))
"#;
    let Some(report) = python(script, &p.join(&built)) else {
        missing_tool("python-docx", "pip install python-docx");
        return;
    };
    let lines: Vec<&str> = report.lines().collect();
    let counts: Vec<&str> = lines[0].split(' ').collect();
    assert_eq!(counts[0], counts[1], "{report}");
    assert_eq!(counts[2], counts[3], "{report}");
    assert!(lines[1].contains("Sergei Lavrov"), "{report}");
    assert!(!has_arabic(lines[2]) && !has_arabic(lines[3]), "{report}");
    assert_eq!(lines[4], "0", "right-to-left paragraphs left: {report}");
    // LibreOffice opens it as a Word document.
    match Command::new("soffice")
        .args(["--headless", "--convert-to", "txt:Text", "--outdir"])
        .arg(p.join("txt"))
        .arg(p.join(&built))
        .output()
    {
        Ok(out) => {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let text = fs_err::read_to_string(p.join("txt/seed.en.txt")).expect("converted");
            assert!(
                text.contains("Sergei Lavrov") && !has_arabic(&text),
                "{text}"
            );
        }
        Err(_) => missing_tool(
            "LibreOffice (soffice)",
            "apt-get install libreoffice-writer-nogui",
        ),
    }
}

/// A small news page: a link and a bold name inside sentences, a script, code, an image's
/// alternative text and an entity.
const PAGE: &str = "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">\n<head><meta charset=\"utf-8\"><title>زيارة لافروف</title>\n\
<script>var s = \"<p>لا تترجم</p>\";</script></head>\n<body>\n\
<h1>قصف حمص</h1>\n\
<p>قال <a href=\"https://example.org/lavrov\">لافروف</a> إن الوضع صعب. وأضاف أن <b>بشار الأسد</b> وعد بالإصلاح&nbsp;قريبا.</p>\n\
<p><img src=\"homs.jpg\" alt=\"دبابات في حمص\"> تقدمت الدبابات في حي <i>بابا عمرو</i> صباح اليوم.</p>\n\
<pre><code>دمشق = 1</code></pre>\n\
</body>\n</html>\n";

/// The tags of a page in order (a plain scan: enough to compare the same page's markup).
fn tags(page: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find('<') {
        let Some(len) = rest[start..].find('>') else {
            break;
        };
        out.push(rest[start..start + len + 1].to_owned());
        rest = &rest[start + len + 1..];
    }
    out
}

/// An engine that keeps every tag and entity and turns each Arabic word into `en`.
fn tag_keeping(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_word = false;
    for c in text.chars() {
        if ('\u{0600}'..='\u{06FF}').contains(&c) {
            if !in_word {
                out.push_str("en");
            }
            in_word = true;
        } else {
            in_word = false;
            out.push(c);
        }
    }
    out
}

mod engines {
    use serde_json::{Value, json};
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, Request, ResponseTemplate};

    use super::{PAGE, has_arabic, project_with, tag_keeping, tags};
    use crate::translate_remote::{Fake, mount_deepl_glossaries, texts_of};

    fn deepl(req: &Request) -> ResponseTemplate {
        let body: Value = req.body_json().expect("json");
        assert_eq!(body["tag_handling"], "xml", "{body}");
        let out: Vec<Value> = texts_of(req, "text")
            .iter()
            .map(|t| json!({"detected_source_language": "AR", "text": tag_keeping(t)}))
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({ "translations": out }))
    }

    fn google(req: &Request) -> ResponseTemplate {
        let body: Value = req.body_json().expect("json");
        assert_eq!(body["format"], "html", "{body}");
        let out: Vec<Value> = texts_of(req, "q")
            .iter()
            .map(|t| json!({"translatedText": tag_keeping(t)}))
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({"data": {"translations": out}}))
    }

    fn libre(req: &Request) -> ResponseTemplate {
        let body: Value = req.body_json().expect("json");
        assert_eq!(body["format"], "html", "{body}");
        let out: Vec<String> = texts_of(req, "q").iter().map(|t| tag_keeping(t)).collect();
        ResponseTemplate::new(200).set_body_json(json!({ "translatedText": out }))
    }

    fn openai(req: &Request) -> ResponseTemplate {
        let body: Value = req.body_json().expect("json");
        let user: Value =
            serde_json::from_str(body["messages"][1]["content"].as_str().expect("user"))
                .expect("user json");
        let items: Vec<Value> = user["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| json!({"id": i["id"], "text": tag_keeping(i["text"].as_str().unwrap_or(""))}))
            .collect();
        let content = json!({ "translations": items }).to_string();
        ResponseTemplate::new(200).set_body_json(json!({
            "id": "c", "object": "chat.completion", "created": 0, "model": "m",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content, "refusal": null}}]
        }))
    }

    /// Translate the page with `backend` against `fake`, build it, and check its markup.
    fn page_through(backend: &str, fake: &Fake, env: &[(&str, String)]) {
        let p = project_with("page.html", PAGE.as_bytes());
        let mut cmd = p.cmd(&["translate", "seeds/page.html", "--backend", backend]);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run");
        assert_eq!(out.status.code(), Some(0), "{}", p.render(&out));
        let built = p
            .cmd(&["build", "translations/page.yaml", "-o", "-"])
            .output()
            .expect("run");
        assert_eq!(built.status.code(), Some(0), "{}", p.render(&built));
        let page = String::from_utf8(built.stdout).expect("utf-8");
        let want: Vec<String> = tags(PAGE)
            .into_iter()
            .map(|t| {
                t.replace("lang=\"ar\" dir=\"rtl\"", "lang=\"en\" dir=\"ltr\"")
                    .replace("alt=\"دبابات في حمص\"", "ALT")
            })
            .collect();
        let got: Vec<String> = tags(&page)
            .into_iter()
            .map(|t| {
                if t.starts_with("<img") {
                    t.replace(&t[t.find("alt=").unwrap_or(0)..t.len() - 1], "ALT")
                } else {
                    t
                }
            })
            .collect();
        assert_eq!(got, want, "{backend}: {page}");
        // The untranslatable parts are the source's; everything else is English.
        assert!(
            page.contains("<script>var s = \"<p>لا تترجم</p>\";</script>"),
            "{page}"
        );
        assert!(page.contains("<pre><code>دمشق = 1</code></pre>"), "{page}");
        let outside_code = page.replace("<p>لا تترجم</p>", "").replace("دمشق = 1", "");
        assert!(!has_arabic(&outside_code), "{backend}: {page}");
        assert!(
            page.contains("<a href=\"https://example.org/lavrov\">"),
            "{page}"
        );
        assert!(
            !fake.requests().is_empty(),
            "{backend}: no request reached the engine"
        );
    }

    #[test]
    fn the_page_keeps_its_markup_through_deepl() {
        let fake = Fake::start();
        mount_deepl_glossaries(&fake);
        fake.mount(
            Mock::given(method("POST"))
                .and(path("/v2/translate"))
                .respond_with(deepl),
        );
        page_through(
            "deepl",
            &fake,
            &[
                ("DEEPL_AUTH_KEY", "k:fx".into()),
                ("DEEPL_API_URL", fake.uri()),
            ],
        );
    }

    #[test]
    fn the_page_keeps_its_markup_through_google() {
        let fake = Fake::start();
        fake.mount(
            Mock::given(method("POST"))
                .and(path("/language/translate/v2"))
                .respond_with(google),
        );
        page_through(
            "google",
            &fake,
            &[
                ("GOOGLE_API_KEY", "k".into()),
                (
                    "GOOGLE_TRANSLATE_URL",
                    format!("{}/language/translate/v2", fake.uri()),
                ),
            ],
        );
    }

    #[test]
    fn the_page_keeps_its_markup_through_libretranslate() {
        let fake = Fake::start();
        fake.mount(
            Mock::given(method("POST"))
                .and(path("/translate"))
                .respond_with(libre),
        );
        page_through(
            "libretranslate",
            &fake,
            &[("LIBRETRANSLATE_URL", fake.uri())],
        );
    }

    #[test]
    fn the_page_keeps_its_markup_through_openai() {
        let fake = Fake::start();
        fake.mount(
            Mock::given(method("POST"))
                .and(path("/v1/chat/completions"))
                .respond_with(openai),
        );
        page_through(
            "openai",
            &fake,
            &[
                ("OPENAI_API_KEY", "sk-k".into()),
                ("OPENAI_BASE_URL", format!("{}/v1", fake.uri())),
            ],
        );
    }
}

const SEED_HTML: &[u8] = include_bytes!("../fixtures/documents/seed.html");

#[test]
fn a_news_page_translates_and_builds_with_its_markup() {
    let p = project_with("seed.html", SEED_HTML);
    let built = stub_and_build(&p, "seed", "html", 35);
    assert_builds_back(&p, "seed", "html", SEED_HTML);
    let page = p.read(&built);
    // The names inside their links, untranslatable parts as they were.
    assert!(
        page.contains("<a href=\"/tags/lavrov\">Sergei Lavrov</a>"),
        "{page}"
    );
    assert!(page.contains("<html lang=\"en\" dir=\"ltr\">"), "{page}");
    let source = String::from_utf8_lossy(SEED_HTML);
    for kept in [
        "<code>&lt;iframe src=\"/embed/homs\"&gt;&lt;/iframe&gt;</code>",
        "<div class=\"notranslate\">وكالة الأنباء السورية (سانا)</div>",
    ] {
        assert!(source.contains(kept) && page.contains(kept), "{kept}");
    }
    // An HTML5 parser (html5lib, as browsers parse) builds the same element tree from both,
    // and finds no Arabic in the text that was translated.
    let script = r#"
import sys, html5lib
def walk(node, out, keep):
    for child in node:
        if not isinstance(child.tag, str):
            continue
        tag = child.tag.split('}')[-1]
        attrs = sorted((k, v) for k, v in child.attrib.items()
                       if k not in ('alt', 'title', 'content', 'lang', 'dir', 'placeholder', 'aria-label'))
        out.append((tag, attrs))
        skip = keep or tag in ('script', 'style', 'code', 'pre') or child.get('translate') == 'no' \
            or 'notranslate' in child.get('class', '').split()
        if not skip:
            for text in (child.text, child.tail):
                if text and any('\u0600' <= c <= '\u06ff' and c.isalpha() for c in text):
                    out.append(('ARABIC', text.strip()[:40]))
        walk(child, out, skip)
trees = []
for path in sys.argv[1:]:
    with open(path, 'rb') as f:
        doc = html5lib.parse(f.read(), treebuilder='etree', namespaceHTMLElements=True)
    out = []
    walk(doc, out, False)
    trees.append(out)
print(len(trees[0]))
print('same' if [t for t in trees[0] if t[0] != 'ARABIC'] == [t for t in trees[1] if t[0] != 'ARABIC'] else 'different')
print([t for t in trees[1] if t[0] == 'ARABIC'])
"#;
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(p.join("seeds/seed.html"))
        .arg(p.join(&built))
        .output();
    let Ok(out) = out else {
        missing_tool("python3", "apt-get install python3");
        return;
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("ModuleNotFoundError") {
        missing_tool("html5lib", "pip install html5lib");
        return;
    }
    let report = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = report.lines().collect();
    assert!(out.status.success(), "{stderr}");
    assert!(lines[0].parse::<usize>().unwrap_or(0) > 50, "{report}");
    assert_eq!(lines[1], "same", "{report}");
    assert_eq!(lines[2], "[]", "Arabic left in translated text: {report}");
}

const SEED_MD: &[u8] = include_bytes!("../fixtures/documents/seed.md");

/// The block structure of a Markdown text: its block-level start and end tags in order.
fn blocks_of(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    Parser::new_ext(markdown, options)
        .filter_map(|event| match event {
            Event::Start(
                tag @ (Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::List(_)
                | Tag::Item
                | Tag::Table(_)
                | Tag::TableRow
                | Tag::TableCell
                | Tag::HtmlBlock),
            ) => Some(
                format!("{tag:?}")
                    .split([' ', '{', '('])
                    .next()
                    .unwrap_or("")
                    .to_owned(),
            ),
            Event::End(
                end @ (TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::Table
                | TagEnd::TableRow
                | TagEnd::TableCell),
            ) => Some(format!("/{end:?}")),
            _ => None,
        })
        .collect()
}

#[test]
fn a_markdown_file_translates_and_builds_with_its_structure() {
    let p = project_with("seed.md", SEED_MD);
    let built = stub_and_build(&p, "seed", "md", 24);
    assert_builds_back(&p, "seed", "md", SEED_MD);
    let text = p.read(&built);
    let source = String::from_utf8_lossy(SEED_MD);
    assert_eq!(blocks_of(&text), blocks_of(&source));
    // Names inside their links and emphasis; link targets and code never sent.
    assert!(
        text.contains("[Sergei Lavrov](https://example.org/lavrov"),
        "{text}"
    );
    assert!(text.contains("**Bashar al-Assad**"), "{text}");
    assert!(text.contains("`SANA`"), "{text}");
    let fence = |s: &str| s.split("```").nth(1).map(str::to_owned);
    assert_eq!(fence(&text), fence(&source));
}

#[test]
fn broken_and_deep_pages_are_read_as_browsers_read_them() {
    let deep = format!(
        "{}<p>نص عميق جدا.</p>{}",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let p = project_with("deep.html", deep.as_bytes());
    p.write(
        "seeds/broken.html",
        "<p>نص <b>غير <i>مغلق</p><p>فقرة</b> أخرى",
    );
    assert_eq!(
        p.run(&["split", "seeds/deep.html"]),
        expect(0, "نص عميق جدا.\n", "")
    );
    // Unclosed and misnested formatting is repaired; what a sentence cannot hold whole stays
    // in place as standalone codes.
    assert_eq!(
        p.run(&["split", "seeds/broken.html"]),
        expect(0, "نص <x1/>غير <x2/>مغلق\nفقرة<x1/> أخرى\n", "")
    );
    p.cmd(&["translate", "seeds/deep.html", "--backend", "stub"])
        .assert()
        .success();
    let same = p
        .cmd(&[
            "build",
            "translations/deep.yaml",
            "--from",
            "source",
            "-o",
            "-",
        ])
        .output()
        .expect("run");
    assert_eq!(same.stdout, deep.as_bytes());
}

#[test]
fn an_arabic_page_aligns_with_its_english_page_and_builds() {
    let p = Project::empty();
    p.write("glossary.yaml", GLOSSARY);
    p.write(
        "seeds/visit.html",
        "<html lang=\"ar\" dir=\"rtl\"><body>\n<h1>زيارة <a href=\"/lavrov\">لافروف</a> إلى دمشق</h1>\n\
         <p>وصل وزير الخارجية الروسي إلى دمشق أمس. والتقى الرئيس <b>بشار الأسد</b> لمدة ساعتين.</p>\n\
         <p>وقتل 50 شخصا في حمص يوم الأربعاء.</p>\n</body></html>\n",
    );
    p.write(
        "visit.en.html",
        "<html lang=\"en\"><body>\n<h1>Lavrov visits Damascus</h1>\n\
         <p>The Russian foreign minister arrived in Damascus yesterday. He met President <b>Bashar al-Assad</b> for two hours.</p>\n\
         <p>50 people were killed in Homs on Wednesday.</p>\n</body></html>\n",
    );
    let out = p.run(&["align", "seeds/visit.html", "visit.en.html"]);
    assert!(out.starts_with("exit_code: 0\n"), "{out}");
    assert!(
        out.contains("aligned 4 source and 4 target sentences into 4 pairs"),
        "{out}"
    );
    let store = p.read("translations/visit.yaml");
    assert!(store.contains("  format: html\n"), "{store}");
    // The English page's own markup is not the source's: targets are stored as plain text.
    assert!(
        store.contains("target: He met President Bashar al-Assad for two hours.\n"),
        "{store}"
    );
    // Built, the source's markup wraps the English sentences whose codes are missing.
    let built = p
        .cmd(&["build", "translations/visit.yaml", "-o", "-"])
        .output()
        .expect("run");
    assert_eq!(built.status.code(), Some(0), "{}", p.render(&built));
    let page = String::from_utf8(built.stdout.clone()).expect("utf-8");
    assert!(
        page.contains("<p>The Russian foreign minister arrived in Damascus yesterday."),
        "{page}"
    );
    assert!(
        page.contains("<b>He met President Bashar al-Assad for two hours.</b>"),
        "{page}"
    );
    assert!(!has_arabic(&page), "{page}");
    assert!(
        String::from_utf8_lossy(&built.stderr)
            .contains("2 segments whose inline codes do not match the source"),
        "{}",
        p.render(&built)
    );
}

#[test]
fn a_resaved_page_keeps_the_targets_of_unchanged_sentences() {
    let p = project_with("page.html", PAGE.as_bytes());
    p.cmd(&["translate", "seeds/page.html", "--backend", "stub"])
        .assert()
        .success();
    let before = p.read("translations/page.yaml");
    // Saved again from the browser: a new paragraph, other whitespace, one sentence edited.
    let resaved = PAGE
        .replace(
            "<h1>قصف حمص</h1>\n",
            "<h1>قصف حمص</h1>\n<p>خبر عاجل جديد.</p>\n",
        )
        .replace("صباح اليوم.", "مساء اليوم.");
    p.write("seeds/page.html", &resaved);
    let out = p.run(&["translate", "seeds/page.html", "--backend", "stub"]);
    assert!(
        out.contains("page: 7 segments, 2 translated (2 sent to stub)"),
        "{out}"
    );
    let after = p.read("translations/page.yaml");
    let draft = "target: Said <g1>Lavrov</g1> that al-wd' s'b.";
    assert!(before.contains(draft) && after.contains(draft), "{after}");
}
