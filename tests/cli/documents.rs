//! Documents of every format through the whole job: a page, a Markdown file and a Word file
//! translated, built in English with their structure and markup, and built back from the
//! source side byte for byte; the page through every remote engine keeps its markup.

use std::process::Command;

use crate::harness::{GLOSSARY, Project, expect, missing_tool};

const SEED_DOCX: &[u8] = include_bytes!("../fixtures/documents/seed.docx");

/// Whether a text holds Arabic letters.
fn has_arabic(text: &str) -> bool {
    text.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c) && c.is_alphabetic())
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
    let out = p.run(&["translate", &format!("seeds/{stem}.{ext}"), "--backend", "stub"]);
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
    assert_eq!(std::fs::read(p.join("same.out")).expect("built"), input, "{ext}");
}

/// Run a Python check on a built file; `None` when Python or the module is missing.
fn python(script: &str, arg: &std::path::Path) -> Option<String> {
    let out = Command::new("python3").arg("-c").arg(script).arg(arg).output().ok()?;
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
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let text = std::fs::read_to_string(p.join("txt/seed.en.txt")).expect("converted");
            assert!(text.contains("Sergei Lavrov") && !has_arabic(&text), "{text}");
        }
        Err(_) => missing_tool("LibreOffice (soffice)", "apt-get install libreoffice-writer-nogui"),
    }
}
