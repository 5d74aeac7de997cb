//! The bad-input catalogue: every case exits with 2, prints one line on standard error that
//! names the file (and line:column where there is one), prints nothing on standard output,
//! and writes nothing.

use std::collections::BTreeMap;
use std::path::Path;

use crate::harness::{Project, SEED, SEED_NAME, expect};

const DOC: &str = "translations/syria-homs-lavrov-2012.yaml";

/// Every file below the project, with its bytes.
pub(crate) fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs_err::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, fs_err::read(&path).unwrap_or_default());
            }
        }
    }
    out
}

struct Case {
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    args: Vec<&'static str>,
    /// What the one stderr line must contain (the file, and line:column where there is one).
    says: &'static str,
}

fn case(
    name: &'static str,
    files: Vec<(&'static str, &[u8])>,
    args: &[&'static str],
    says: &'static str,
) -> Case {
    Case {
        name,
        files: files.into_iter().map(|(p, b)| (p, b.to_vec())).collect(),
        args: args.to_vec(),
        says,
    }
}

const XLIFF_HEAD: &str = "<?xml version=\"1.0\"?>\n<xliff version=\"2.1\" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" srcLang=\"ar\" trgLang=\"en\">\n";

fn cases() -> Vec<Case> {
    let long_line = "كلمة ".repeat(20_000_000 / 10);
    let glossary_rendering_forbidden: &[u8] =
        b"terms:\n  - arabic: [x]\n    english: Homs\n    forbidden: [Homs]\n";
    let mut c = vec![
        case("empty file", vec![("a.txt", b"")], &["translate", "a.txt"], "a.txt: the file is empty"),
        case("whitespace only", vec![("a.txt", b" \n\t\n")], &["translate", "a.txt"], "a.txt: the file holds only whitespace"),
        case("binary", vec![("a.txt", b"\x7fELF\x02\x01\x01\0\0")], &["translate", "a.txt"], "a.txt:1:8: a NUL byte"),
        case("NUL inside text", vec![("a.txt", "سطر\nوسط\0نص".as_bytes())], &["translate", "a.txt"], "a.txt:2:4: a NUL byte"),
        case("non-UTF-8 (Windows-1256)", vec![("a.txt", b"\xc7\xe1\xd3\xe1\xc7\xe3")], &["translate", "a.txt"], "a.txt:1:1: not valid UTF-8"),
        case("UTF-16 LE", vec![("a.txt", b"\xff\xfe'\x06D\x06")], &["translate", "a.txt"], "a.txt: UTF-16 text (little-endian"),
        case("UTF-16 BE", vec![("a.txt", b"\xfe\xff\x06'\x06D")], &["translate", "a.txt"], "a.txt: UTF-16 text (big-endian"),
        case("a BOM and nothing else", vec![("a.txt", b"\xef\xbb\xbf")], &["translate", "a.txt"], "a.txt: the file holds only whitespace"),
        case("a directory", vec![("d/x.txt", b"x")], &["split", "d"], "d: is a directory"),
        case("missing file", vec![], &["translate", "nope.txt"], "nope.txt: cannot read"),
        case("split: non-UTF-8", vec![("a.txt", b"ok\n\xff")], &["split", "a.txt"], "a.txt:2:1: not valid UTF-8"),
        case("split: empty", vec![("a.txt", b"")], &["split", "a.txt", "--format", "json"], "a.txt: the file is empty"),
        case("split: missing rules", vec![], &["split", "--rules", "no.srx", "seeds/syria-homs-lavrov-2012.txt"], "no.srx"),
        case("split: malformed SRX", vec![("r.srx", b"<srx version=\"2.0\"><body></srx>")], &["split", "--rules", "r.srx", "seeds/syria-homs-lavrov-2012.txt"], "r.srx:1:"),
        case(
            "split: SRX rule that cannot run",
            vec![("r.srx", b"<srx version=\"2.0\"><body><maprules><languagemap languagepattern=\".*\" languagerulename=\"x\"/></maprules><languagerules><languagerule languagerulename=\"x\"><rule break=\"yes\"><beforebreak>(?&lt;=a</beforebreak></rule></languagerule></languagerules></body></srx>")],
            &["split", "--rules", "r.srx", "seeds/syria-homs-lavrov-2012.txt"],
            "r.srx:1:153: rule 1 in language rule `x` cannot run",
        ),
        case("glossary: YAML syntax", vec![("glossary.yaml", b"terms:\n  - arabic: [x\n")], &["glossary", "list"], "glossary.yaml:3:"),
        case("glossary: wrong type", vec![("glossary.yaml", b"terms:\n  - arabic: [x]\n    english: [a, b]\n")], &["glossary", "list"], "glossary.yaml:3:14:"),
        case("glossary: unknown field", vec![("glossary.yaml", b"terms:\n  - arabic: [x]\n    english: A\n    colour: red\n")], &["glossary", "list"], "glossary.yaml:4:5:"),
        case("glossary: duplicate key", vec![("glossary.yaml", b"terms:\n  - arabic: [x]\n    arabic: [y]\n    english: A\n")], &["glossary", "list"], "glossary.yaml:2:5:"),
        case("glossary: form under two terms", vec![("glossary.yaml", b"terms:\n  - arabic: [x]\n    english: A\n  - arabic: [x]\n    english: B\n")], &["glossary", "list"], "glossary.yaml:4:"),
        case("glossary: empty form", vec![("glossary.yaml", b"terms:\n  - arabic: ['']\n    english: A\n")], &["glossary", "list"], "glossary.yaml:2:"),
        case("glossary: rendering also forbidden", vec![("glossary.yaml", glossary_rendering_forbidden)], &["glossary", "list"], "glossary.yaml:"),
        case("glossary: NUL bytes", vec![("glossary.yaml", b"terms: []\0")], &["glossary", "list"], "glossary.yaml"),
        case("store: YAML syntax", vec![("translations/x.yaml", b"version: 1\nmeta: [\n")], &["review", "translations/x.yaml"], "translations/x.yaml:"),
        case("store: wrong type", vec![("translations/x.yaml", b"version: one\n")], &["review", "translations/x.yaml"], "translations/x.yaml:1:"),
        case("store: future schema version", vec![("translations/x.yaml", b"version: 9\nmeta: {}\n")], &["review", "translations/x.yaml"], "translations/x.yaml: schema version 9 is newer"),
        case("store: duplicate key", vec![("translations/x.yaml", b"version: 1\nversion: 1\n")], &["review", "translations/x.yaml"], "translations/x.yaml:"),
        case("store: empty file", vec![("translations/x.yaml", b"")], &["review", "translations/x.yaml"], "translations/x.yaml: the file is empty"),
        case("store: not UTF-8", vec![("translations/x.yaml", b"version: 1\n\xfe")], &["review", "translations/x.yaml"], "translations/x.yaml: not valid UTF-8"),
        case("review: missing document", vec![], &["review", "translations/none.yaml"], "translations/none.yaml"),
        case("diff: unknown revision", vec![], &["diff", DOC, "--from", "7"], "no revision 7"),
        case("edit: unknown segment", vec![], &["edit", DOC, "999", "--state", "approved"], "no segment with id 999"),
        case("serve: listen on a name, not an address", vec![], &["serve", "--listen", "example.com"], "invalid value 'example.com' for '--listen <ADDR>'"),
        case("serve: port out of range", vec![], &["serve", "--port", "70000"], "invalid value '70000' for '--port <PORT>'"),
        case("import: malformed XLIFF", vec![("x.xlf", b"<?xml version=\"1.0\"?>\n<xliff version=\"2.1\" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\">\n<file>\n</xliff>\n")], &["import", "x.xlf", "--into", DOC], "x.xlf:"),
        case("import: wrong namespace", vec![("x.xlf", b"<?xml version=\"1.0\"?>\n<xliff version=\"2.1\" xmlns=\"urn:example:other\" srcLang=\"ar\" trgLang=\"en\"><file id=\"f\"/></xliff>\n")], &["import", "x.xlf", "--into", DOC], "x.xlf:"),
        case("import: malformed TMX", vec![("x.tmx", b"<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header/><body><tu>\n</tmx>\n")], &["import", "x.tmx", "--into", DOC], "x.tmx:"),
        case("unknown option", vec![], &["split", "--frobnicate"], "unexpected argument '--frobnicate'"),
        case("unknown backend", vec![], &["translate", "seeds/syria-homs-lavrov-2012.txt", "--backend", "babel"], "invalid value 'babel' for '--backend"),
        case("bad --threshold", vec![("b.txt", b"Hello.")], &["align", "seeds/syria-homs-lavrov-2012.txt", "b.txt", "--threshold", "2"], "--threshold"),
        case("align: empty target", vec![("b.txt", b"")], &["align", "seeds/syria-homs-lavrov-2012.txt", "b.txt"], "b.txt: the file is empty"),
        case("config: misspelt key", vec![("workbench.yaml", b"version: 1\nreview:\n  checks:\n    numbrs: false\n")], &["status"], "workbench.yaml:4:5: unknown key `numbrs`"),
        case("config: a key in the file", vec![("workbench.yaml", b"translate:\n  openai:\n    api_key: sk-123\n")], &["status"], "workbench.yaml:3:"),
    ];
    c.push(Case {
        name: "import: unknown id",
        files: vec![(
            "x.xlf",
            format!("{XLIFF_HEAD}<file id=\"f\" original=\"{SEED_NAME}\"><unit id=\"9999\"><segment><source>a</source><target>b</target></segment></unit></file></xliff>\n").into_bytes(),
        )],
        args: vec!["import", "x.xlf"],
        says: "x.xlf:3:48: unit `9999` names no segment",
    });
    c.push(Case {
        name: "evil document name",
        files: vec![(
            "evil.xlf",
            format!("{XLIFF_HEAD}<file id=\"f\" original=\"../../evil\"><unit id=\"1\"><segment><source>a</source><target>b</target></segment></unit></file></xliff>\n").into_bytes(),
        )],
        args: vec!["import", "evil.xlf"],
        says: "invalid document name `../../evil`",
    });
    c.extend(document_cases());
    c.push(Case {
        name: "a 20 MB single line without a sentence end",
        files: vec![("long.txt", long_line.into_bytes())],
        args: vec!["translate", "long.txt"],
        says: "long.txt:1:1: a sentence of",
    });
    c.push(Case {
        name: "a source with the seed's name in another folder changes nothing",
        files: vec![(
            "other/syria-homs-lavrov-2012.txt",
            SEED.replace("دمشق", "حلب").into_bytes(),
        )],
        args: vec!["translate", "other/syria-homs-lavrov-2012.txt"],
        says: "other/syria-homs-lavrov-2012.txt",
    });
    c
}

/// A zip package of the given entries (deflated).
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write as _;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, options).expect("entry");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

/// Pages, Markdown and Word files that cannot be read.
fn document_cases() -> Vec<Case> {
    let types: &[u8] = b"<Types/>";
    let document = |body: &str| {
        format!(
            "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
        )
    };
    let bomb = document(&" ".repeat(30_000_000));
    let malformed = document("<w:p><w:r><w:t>نص</w:r></w:p>");
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(512, 0);
    vec![
        Case {
            name: "docx: not a zip",
            files: vec![("a.docx", b"not a zip at all".to_vec())],
            args: vec!["translate", "a.docx"],
            says: "a.docx: not a Word document (not a zip package",
        },
        Case {
            name: "docx: no word/document.xml",
            files: vec![("a.docx", zip_of(&[("[Content_Types].xml", types)]))],
            args: vec!["translate", "a.docx"],
            says: "a.docx: not a Word document: the package has no word/document.xml",
        },
        Case {
            name: "docx: a zip bomb",
            files: vec![(
                "a.docx",
                zip_of(&[
                    ("[Content_Types].xml", types),
                    ("word/document.xml", bomb.as_bytes()),
                ]),
            )],
            args: vec!["translate", "a.docx"],
            says: "a.docx: the compression ratio of entry word/document.xml (a zip bomb?) is larger than the limit",
        },
        Case {
            name: "docx: malformed XML",
            files: vec![(
                "a.docx",
                zip_of(&[
                    ("[Content_Types].xml", types),
                    ("word/document.xml", malformed.as_bytes()),
                ]),
            )],
            args: vec!["translate", "a.docx"],
            says: "a.docx: word/document.xml:1:",
        },
        Case {
            name: "html: an unknown charset",
            files: vec![(
                "a.html",
                b"<html><head><meta charset=\"x-klingon\"></head><body><p>x</p></body></html>"
                    .to_vec(),
            )],
            args: vec!["translate", "a.html"],
            says: "a.html:1:13: the page declares charset \"x-klingon\", which is not a charset of the Encoding Standard",
        },
        Case {
            name: "html: a bad byte in an ISO-8859-6 page",
            files: vec![(
                "a.html",
                b"<meta charset=\"iso-8859-6\">\n<p>\xc7\xe1 \xa1</p>".to_vec(),
            )],
            args: vec!["translate", "a.html"],
            says: "a.html:2:",
        },
        Case {
            name: "html: empty",
            files: vec![("a.html", Vec::new())],
            args: vec!["translate", "a.html"],
            says: "a.html: the file is empty",
        },
        Case {
            name: "markdown: not UTF-8",
            files: vec![("a.md", b"# \xff".to_vec())],
            args: vec!["translate", "a.md"],
            says: "a.md:1:3: not valid UTF-8",
        },
        Case {
            name: "doc: Word 97-2003",
            files: vec![("a.doc", ole)],
            args: vec!["translate", "a.doc"],
            says: "a.doc: a Word 97-2003 document (.doc), which this build does not read\nhint: convert it to .docx first, e.g. `soffice --headless --convert-to docx a.doc`",
        },
    ]
}

#[test]
fn bad_input_catalogue() {
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut failures = Vec::new();
    // Every case's error line, pinned together below so that a change of wording shows.
    let mut wording = String::new();
    for case in cases {
        let p = Project::with_stub_translation();
        for (path, bytes) in &case.files {
            p.write(path, bytes);
        }
        let before = tree(p.path());
        let output = p.cmd(&case.args).output().expect("run");
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        // clap's own usage errors add the usage and a hint below their one error line.
        let usage_error = stderr.contains("For more information, try '--help'");
        let project = p.path().display().to_string();
        // The error line and its hints (clap's usage lines left out).
        let lines: Vec<&str> = stderr
            .lines()
            .enumerate()
            .filter(|(i, l)| *i == 0 || l.starts_with("hint: ") && !usage_error)
            .map(|(_, l)| l)
            .collect();
        wording.push_str(&format!(
            "{}\n  {}\n",
            case.name,
            lines.join("\n  ").replace(&project, "[project]")
        ));
        let ok = output.status.code() == Some(2)
            && output.stdout.is_empty()
            // One error line; what to do next, if anything, on `hint:` lines under it.
            && (stderr.lines().skip(1).all(|l| l.starts_with("hint: ")) || usage_error)
            && stderr.starts_with("error: ")
            && stderr.contains(case.says)
            && tree(p.path()) == before;
        if !ok {
            failures.push(format!(
                "{}: {}\n  (stdout {} bytes)\n  expected stderr to say: {}\n  and nothing written: {}",
                case.name,
                p.render(&output),
                output.stdout.len(),
                case.says,
                tree(p.path()) == before
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    insta::assert_snapshot!("bad_input_catalogue", wording);
}

#[test]
fn translate_missing_file_exact() {
    let p = Project::empty();
    let out = p.run(&["translate", "nope.txt"]);
    assert_eq!(
        out,
        expect(
            2,
            "",
            "error: nope.txt: cannot read: No such file or directory (os error 2)\n"
        )
    );
    assert!(!p.join("translations").exists());
}
