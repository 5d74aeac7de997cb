//! `workbench export` and `workbench import`: every format, official schemas, a real client
//! (translate-toolkit), round trips, edits, dry runs and errors.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::{Project, expect, missing_tool};

const TRICKY: &str = include_str!("../fixtures/formats/tricky.yaml");
const DOC: &str = "translations/tricky.yaml";
const EMPTY: &str = "version: 1\nmeta:\n  name: empty\n  source_path: seeds/empty.txt\n  source_lang: ar\n  target_lang: en\n  source_hash: sha256:00\nsegments: []\n";

/// The formats, their file names and how many of the fixture's six segments they write.
const FORMATS: [(&str, &str, &str, usize); 5] = [
    ("xliff2", "out.xlf", "XLIFF 2.1", 6),
    ("xliff12", "out-12.xlf", "XLIFF 1.2", 6),
    ("tmx", "out.tmx", "TMX 1.4b", 4),
    ("tsv", "out.tsv", "TSV", 6),
    ("csv", "out.csv", "CSV", 6),
];

/// Two glossary terms: one the fixture's target renders, one it misses (a finding).
const GLOSSARY: &str = "version: 1\nterms:\n  - english: Homs\n    arabic: [حمص]\n  - english: First row\n    arabic: [سطر أول]\n";

fn project() -> Project {
    let p = Project::empty();
    p.write(DOC, TRICKY);
    p.write("glossary.yaml", GLOSSARY);
    p
}

fn export_all(p: &Project) {
    for (format, file, title, units) in FORMATS {
        // Every pair with a target, machine drafts included (TMX leaves them out by default).
        let mut args = vec!["export", DOC, "--format", format, "-o", file];
        if format == "tmx" {
            args.extend(["--min-state", "draft"]);
        }
        let out = p.run(&args);
        assert_eq!(
            out,
            expect(
                0,
                "",
                &format!("wrote {units} units of `tricky` as {title} to `{file}`\n")
            )
        );
    }
}

fn schemas() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schemas")
}

/// Run translate-toolkit's reader (`tests/interop/read_with_translate_toolkit.py`) on a file
/// of `kind`; `None` when Python or translate-toolkit is missing (a failure under CI).
fn toolkit_units(
    script: &std::path::Path,
    kind: &str,
    file: &std::path::Path,
) -> Option<Vec<ToolkitUnit>> {
    let Ok(output) = Command::new("python3")
        .arg(script)
        .arg(kind)
        .arg(file)
        .output()
    else {
        missing_tool("python3", "apt-get install python3");
        return None;
    };
    if output.status.code() == Some(3) {
        missing_tool("translate-toolkit", "pip install translate-toolkit");
        return None;
    }
    assert!(
        output.status.success(),
        "{}: {}",
        file.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    Some(serde_json::from_slice(&output.stdout).expect("json"))
}

#[test]
fn xliff2_carries_glossary_terms_and_findings() {
    let p = project();
    p.cmd(&["export", DOC, "--format", "xliff2", "-o", "g.xlf"])
        .assert()
        .success();
    let text = p.read("g.xlf");
    for needle in [
        "xmlns:gls=\"urn:oasis:names:tc:xliff:glossary:2.0\"",
        "<gls:term source=\"workbench:glossary\">حمص</gls:term>\n          <gls:translation>Homs</gls:translation>",
        "<gls:term source=\"workbench:glossary\">سطر أول</gls:term>",
        "<note category=\"workbench:glossary\">",
    ] {
        assert!(text.contains(needle), "missing {needle} in\n{text}");
    }
    assert_eq!(
        text.matches("<note category=\"workbench:glossary\">")
            .count(),
        1
    );
}

#[test]
fn export_to_standard_output() {
    let p = project();
    let output = p
        .cmd(&[
            "export",
            DOC,
            "--format",
            "tsv",
            "-o",
            "-",
            "--min-state",
            "reviewed",
        ])
        .output()
        .expect("run");
    assert_eq!(
        p.render(&output),
        expect(
            0,
            "# workbench export: document tricky, revision 2\n\
             id\tsource\ttarget\tstate\n\
             4\tعبارة مع \\\\ شرطة مائلة و\\r\\nنهاية ويندوز\tA phrase with a \\\\ backslash and\\r\\na Windows line end\treviewed\n\
             5\t  مسافات في البداية والنهاية  \t  spaces at both ends, and commas,,  \tapproved\n",
            ""
        )
    );
}

#[test]
fn every_export_validates_against_the_official_schema() {
    if Command::new("xmllint").arg("--version").output().is_err() {
        missing_tool("xmllint", "apt-get install libxml2-utils");
        return;
    }
    let p = project();
    export_all(&p);
    // Filtered exports too: one unit, or none at all where the format allows that.
    for (format, file, min) in [
        ("xliff2", "min.xlf", "approved"),
        ("xliff12", "min-12.xlf", "approved"),
        ("tmx", "min.tmx", "approved"),
        ("xliff12", "none-12.xlf", "new"),
        ("tmx", "none.tmx", "new"),
    ] {
        let mut args = vec![
            "export",
            DOC,
            "--format",
            format,
            "-o",
            file,
            "--min-state",
            min,
        ];
        if file.starts_with("none") {
            // A document without segments gives files without units.
            p.write("translations/empty.yaml", EMPTY);
            args[1] = "translations/empty.yaml";
        }
        p.cmd(&args).assert().success();
    }
    let s = schemas();
    let xliff2 = vec![
        "--schema".to_owned(),
        s.join("xliff-core-2.0.xsd").display().to_string(),
    ];
    let xliff12 = vec![
        "--schema".to_owned(),
        s.join("xliff-core-1.2-strict.xsd").display().to_string(),
    ];
    let tmx = vec![
        "--dtdvalid".to_owned(),
        s.join("tmx14.dtd").display().to_string(),
    ];
    let filtered = [
        ("min.xlf", xliff2.clone()),
        ("min-12.xlf", xliff12.clone()),
        ("min.tmx", tmx.clone()),
        ("none-12.xlf", xliff12),
        ("none.tmx", tmx),
    ];
    let checks: [(&str, Vec<String>); 3] = [
        (
            "out.xlf",
            vec![
                "--schema".into(),
                s.join("xliff-core-2.0.xsd").display().to_string(),
            ],
        ),
        (
            "out-12.xlf",
            vec![
                "--schema".into(),
                s.join("xliff-core-1.2-strict.xsd").display().to_string(),
            ],
        ),
        (
            "out.tmx",
            vec![
                "--dtdvalid".into(),
                s.join("tmx14.dtd").display().to_string(),
            ],
        ),
    ];
    for (file, args) in checks.into_iter().chain(filtered) {
        let output = Command::new("xmllint")
            .args(["--noout", "--nonet"])
            .args(&args)
            .arg(p.join(file))
            .env("XML_CATALOG_FILES", s.join("catalog.xml"))
            .output()
            .expect("xmllint runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "{file} does not validate:\n{stderr}"
        );
        if !args[0].contains("dtd") {
            assert!(stderr.contains("validates"), "{file}: {stderr}");
        }
    }
}

/// What translate-toolkit reads from one of our files.
#[derive(Debug, serde::Deserialize)]
struct ToolkitUnit {
    id: String,
    source: String,
    target: String,
    state: Option<String>,
    substate: Option<String>,
    approved: bool,
    /// Its rich reading of an XLIFF source and target in the text form of inline codes.
    marked_source: Option<String>,
    marked_target: Option<String>,
}

#[test]
fn translate_toolkit_reads_every_unit_target_and_state() {
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/read_with_translate_toolkit.py");
    let p = project();
    export_all(&p);
    let doc = workbench::store::Document::parse(TRICKY, Path::new(DOC)).expect("fixture");
    // (format, file, expected (id, state, substate, approved) per unit)
    type Row = (u64, Option<&'static str>, Option<&'static str>, bool);
    let cases: [(&str, &str, Vec<Row>); 3] = [
        (
            "xliff2",
            "out.xlf",
            vec![
                (1, Some("initial"), None, false),
                (2, Some("initial"), Some("workbench:mt-stub"), false),
                (3, Some("translated"), None, false),
                (4, Some("reviewed"), None, true),
                (5, Some("final"), None, true),
                (6, Some("initial"), Some("workbench:rejected"), false),
            ],
        ),
        (
            "xliff12",
            "out-12.xlf",
            vec![
                (1, None, None, false),
                (
                    2,
                    Some("needs-review-translation"),
                    Some("mt-suggestion"),
                    false,
                ),
                (3, Some("translated"), None, false),
                (4, Some("signed-off"), None, false),
                (5, Some("final"), None, true),
                (6, Some("needs-translation"), Some("x-rejected"), false),
            ],
        ),
        (
            "tmx",
            "out.tmx",
            vec![
                (2, Some("draft"), None, false),
                (3, Some("translated"), None, false),
                (4, Some("reviewed"), None, false),
                (5, Some("approved"), None, false),
            ],
        ),
    ];
    for (kind, file, rows) in cases {
        let Some(units) = toolkit_units(&script, kind, &p.join(file)) else {
            return;
        };
        assert_eq!(units.len(), rows.len(), "{kind}: unit count");
        for (unit, (id, state, substate, approved)) in units.iter().zip(rows) {
            let seg = doc.segment(id).expect("segment");
            assert_eq!(unit.id, id.to_string(), "{kind}");
            assert_eq!(unit.source, seg.source, "{kind}: source of {id}");
            assert_eq!(unit.target, seg.target, "{kind}: target of {id}");
            assert_eq!(unit.state.as_deref(), state, "{kind}: state of {id}");
            assert_eq!(
                unit.substate.as_deref(),
                substate,
                "{kind}: substate of {id}"
            );
            assert_eq!(unit.approved, approved, "{kind}: approved of {id}");
        }
    }
}

#[test]
fn export_then_import_leaves_the_store_byte_identical() {
    let p = project();
    export_all(&p);
    for (format, file, _, units) in FORMATS {
        let mut args = vec!["import", file];
        if matches!(format, "tsv" | "csv") {
            args.extend(["--into", DOC]);
        }
        let out = p.run(&args);
        assert_eq!(
            out,
            expect(
                0,
                "",
                &format!(
                    "nothing to change in `{DOC}` ({units} unchanged, 0 not applied); nothing written\n"
                )
            ),
            "{format}"
        );
        assert_eq!(p.read(DOC), TRICKY, "{format}");
    }
}

#[test]
fn an_edited_export_imports_as_exactly_those_changes() {
    let p = project();
    p.cmd(&["export", DOC, "--format", "csv", "-o", "tricky.csv"])
        .assert()
        .success();
    let edited = p
        .read("tricky.csv")
        .replace(
            "\"First line\nsecond line\twith a tab\",draft",
            "\"First line, revised\nsecond line\twith a tab\",translated",
        )
        .replace(",reviewed\r\n", ",approved\r\n");
    p.write("tricky.csv", edited);
    let out = p.run(&["import", "tricky.csv", "--dry-run"]);
    assert_eq!(
        out,
        expect(
            0,
            "2\tdraft -> translated\t\"First line\\nsecond line\\twith a tab\" -> \"First line, revised\\nsecond line\\twith a tab\"\n\
             4\treviewed -> approved\n",
            "dry run: 2 segments would change in `translations/tricky.yaml`, 4 unchanged, 0 not applied; nothing written\n"
        )
    );
    assert_eq!(p.read(DOC), TRICKY, "a dry run writes nothing");
    let out = p.run(&["import", "tricky.csv"]);
    assert_eq!(
        out,
        expect(
            0,
            "",
            "imported CSV from `tricky.csv`: 2 segments changed (revision 3 of `translations/tricky.yaml`), 4 unchanged, 0 not applied\n"
        )
    );
    let store = p.read(DOC);
    assert!(store.contains("action: import csv"), "{store}");
    assert!(store.contains("changed: 2"), "{store}");
    assert!(store.contains("backend: csv"), "{store}");
}

#[test]
fn a_unit_whose_source_changed_is_reported_and_not_applied() {
    let p = project();
    p.cmd(&["export", DOC, "--format", "xliff2", "-o", "t.xlf"])
        .assert()
        .success();
    let edited = p
        .read("t.xlf")
        .replace("<source>  مسافات", "<source>  مسافات جديدة")
        .replace("rejected draft", "a second try")
        .replace(
            "subState=\"workbench:rejected\"",
            "subState=\"workbench:mt-human\"",
        );
    p.write("t.xlf", edited);
    let out = p.run(&["import", "t.xlf"]);
    assert_eq!(
        out,
        expect(
            1,
            "",
            "warning: t.xlf:56:5: unit 5 not applied: the source text differs from the segment's: the source changed since the export\n\
             imported XLIFF 2.1 from `t.xlf`: 1 segment changed (revision 3 of `translations/tricky.yaml`), 4 unchanged, 1 not applied\n"
        )
    );
}

#[test]
fn malformed_xml_is_an_error_with_its_position_and_nothing_is_written() {
    let p = project();
    p.write(
        "bad.xlf",
        "<?xml version=\"1.0\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"ar\">\n  <file id=\"f\" original=\"tricky\">\n    <unit id=\"1\"><segment><source>a &amp b</source></segment></unit>\n  </file>\n</xliff>\n",
    );
    let out = p.run(&["import", "bad.xlf"]);
    assert_eq!(
        out,
        expect(
            2,
            "",
            "error: bad.xlf:4:37: malformed XML: `&` starts an entity with no closing `;` (write `&amp;` for `&`)\n"
        )
    );
    assert_eq!(p.read(DOC), TRICKY);
}

#[test]
fn a_wrong_namespace_or_version_is_an_error() {
    let p = project();
    p.write(
        "ns.xlf",
        "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:1.2\" version=\"2.1\" srcLang=\"ar\"/>\n",
    );
    assert_eq!(
        p.run(&["import", "ns.xlf"]),
        expect(
            2,
            "",
            "error: ns.xlf:1:1: wrong namespace `urn:oasis:names:tc:xliff:document:1.2` for XLIFF 2 (expected `urn:oasis:names:tc:xliff:document:2.0`)\n"
        )
    );
    p.write("v.tmx", "<tmx version=\"2.0\"><header/><body/></tmx>\n");
    assert_eq!(
        p.run(&["import", "v.tmx", "--into", DOC]),
        expect(
            2,
            "",
            "error: v.tmx:1:1: TMX version `2.0` is not supported (1.1 to 1.4)\n"
        )
    );
    assert_eq!(p.read(DOC), TRICKY);
}

#[test]
fn a_unit_with_an_unknown_id_is_an_error_and_nothing_is_written() {
    let p = project();
    p.cmd(&["export", DOC, "--format", "tsv", "-o", "t.tsv"])
        .assert()
        .success();
    let edited = p
        .read("t.tsv")
        .replace("\n3\t", "\n33\t")
        .replace("rejected draft", "changed");
    p.write("t.tsv", edited);
    assert_eq!(
        p.run(&["import", "t.tsv", "--into", DOC]),
        expect(
            2,
            "",
            "error: t.tsv:5:1: unit `33` names no segment of document `tricky`\n"
        )
    );
    assert_eq!(p.read(DOC), TRICKY);
}

#[test]
fn a_table_without_a_document_needs_into() {
    let p = project();
    p.cmd(&["export", DOC, "--format", "tsv", "-o", "other.tsv"])
        .assert()
        .success();
    // An exported table names its document on its first line.
    assert_eq!(
        p.run(&["import", "other.tsv"]),
        expect(
            0,
            "",
            "nothing to change in `translations/tricky.yaml` (6 unchanged, 0 not applied); nothing written\n"
        )
    );
    // A table made elsewhere does not.
    let table = p.read("other.tsv");
    p.write("other.tsv", &table[table.find('\n').unwrap() + 1..]);
    assert_eq!(
        p.run(&["import", "other.tsv"]),
        expect(
            2,
            "",
            "error: other.tsv: the file's name gives document `other`, but `translations/other.yaml` does not exist; give --into\n"
        )
    );
}

#[test]
fn a_tmx_can_be_stored_as_translation_memory() {
    let p = project();
    p.cmd(&[
        "export",
        DOC,
        "--format",
        "tmx",
        "--min-state",
        "draft",
        "-o",
        "memory.tmx",
    ])
    .assert()
    .success();
    assert_eq!(
        p.run(&["import", "memory.tmx", "--as-memory"]),
        expect(
            0,
            "",
            "stored 4 pairs from `memory.tmx` as translation memory `translations/.memory/memory.tmx`\n"
        )
    );
    assert_eq!(
        p.read("translations/.memory/memory.tmx"),
        p.read("memory.tmx")
    );
    assert_eq!(
        p.run(&["import", "memory.tmx", "--as-memory"]),
        expect(
            2,
            "",
            "error: `translations/.memory/memory.tmx` already exists; remove it with `workbench memory remove memory` or choose another --name\n"
        )
    );
}

const CODES: &str = include_str!("../fixtures/formats/codes.yaml");
const CODES_DOC: &str = "translations/codes.yaml";

/// The inline-code fixture's exports: format, file and units written (of seven segments).
const CODES_FORMATS: [(&str, &str, &str, usize); 5] = [
    ("xliff2", "codes.xlf", "XLIFF 2.1", 7),
    ("xliff12", "codes-12.xlf", "XLIFF 1.2", 7),
    ("tmx", "codes.tmx", "TMX 1.4b", 5),
    ("tsv", "codes.tsv", "TSV", 7),
    ("csv", "codes.csv", "CSV", 7),
];

/// A project with the inline-code fixture exported in every format, and its XLIFF 2 and TMX
/// exports with the codes' native markup (written through the library, as the command has no
/// source document to take it from yet) as `markup.xlf` and `markup.tmx`.
fn codes_project() -> (Project, workbench::store::Document) {
    let p = Project::empty();
    p.write(CODES_DOC, CODES);
    for (format, file, title, units) in CODES_FORMATS {
        let mut args = vec!["export", CODES_DOC, "--format", format, "-o", file];
        if format == "tmx" {
            args.extend(["--min-state", "draft"]);
        }
        assert_eq!(
            p.run(&args),
            expect(
                0,
                "",
                &format!("wrote {units} units of `codes` as {title} to `{file}`\n")
            )
        );
    }
    let doc =
        workbench::store::Document::parse(CODES, Path::new(CODES_DOC)).expect("codes fixture");
    for (format, file) in [
        (workbench::formats::Format::Xliff2, "markup.xlf"),
        (workbench::formats::Format::Tmx, "markup.tmx"),
    ] {
        // Every unit with a target, machine drafts included (TMX leaves them out by default).
        let options = workbench::formats::ExportOptions {
            min_state: (format == workbench::formats::Format::Tmx)
                .then_some(workbench::store::State::Draft),
            ..workbench::formats::ExportOptions::default()
        };
        let text = workbench::formats::export_with_markup(&doc, format, &options, Some(&markup))
            .expect("export with markup");
        p.write(file, text);
    }
    (p, doc)
}

/// The native markup of the fixture's codes: pairs are bold, standalone codes line breaks;
/// segment 5's first code is an image whose markup holds `&`, quotes and `]]>`.
fn markup(id: u64, token: workbench::codes::Token<'_>) -> Option<String> {
    use workbench::codes::Token;
    match (id, token) {
        (5, Token::Standalone(1)) => Some("<img alt=\"a & 'b' ]]>\">".to_owned()),
        (_, Token::Open(n)) => Some(format!("<b id=\"{n}\">")),
        (_, Token::Close(_)) => Some("</b>".to_owned()),
        (_, Token::Standalone(_)) => Some("<br/>".to_owned()),
        (_, Token::Text(_)) => None,
    }
}

/// A marked text with each code replaced by its native markup.
fn with_markup(id: u64, text: &str) -> String {
    workbench::codes::tokens(text)
        .into_iter()
        .map(|(_, t)| match t {
            workbench::codes::Token::Text(s) => s.to_owned(),
            code => markup(id, code).unwrap_or_default(),
        })
        .collect()
}

#[test]
fn exports_with_inline_codes_validate_against_the_official_schema() {
    if Command::new("xmllint").arg("--version").output().is_err() {
        missing_tool("xmllint", "apt-get install libxml2-utils");
        return;
    }
    let (p, _) = codes_project();
    let s = schemas();
    for (file, check, schema) in [
        ("codes.xlf", "--schema", "xliff-core-2.0.xsd"),
        ("markup.xlf", "--schema", "xliff-core-2.0.xsd"),
        ("codes-12.xlf", "--schema", "xliff-core-1.2-strict.xsd"),
        ("codes.tmx", "--dtdvalid", "tmx14.dtd"),
        ("markup.tmx", "--dtdvalid", "tmx14.dtd"),
    ] {
        let output = Command::new("xmllint")
            .args(["--noout", "--nonet", check])
            .arg(s.join(schema))
            .arg(p.join(file))
            .env("XML_CATALOG_FILES", s.join("catalog.xml"))
            .output()
            .expect("xmllint runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "{file} does not validate:\n{stderr}"
        );
        if check == "--schema" {
            assert!(stderr.contains("validates"), "{file}: {stderr}");
        }
    }
    // The files do hold the inline elements and the markup.
    for (file, needles) in [
        (
            "codes.xlf",
            &[
                "<pc id=\"1\">",
                "<ph id=\"3\"/>",
                "<sc id=\"1\"/>",
                "<ec startRef=\"2\"/>",
            ][..],
        ),
        (
            "markup.xlf",
            &[
                "<originalData>",
                "dataRefStart=\"d1\" dataRefEnd=\"d2\"",
                "dataRef=\"d",
            ][..],
        ),
        (
            "codes-12.xlf",
            &[
                "<g id=\"1\">",
                "<x id=\"2\"/>",
                "<bx id=\"1\"/>",
                "<ex id=\"1\"/>",
            ][..],
        ),
        (
            "markup.tmx",
            &[
                "<bpt i=\"1\" x=\"1\">&lt;b id=\"1\"&gt;</bpt>",
                "<ept i=\"1\">&lt;/b&gt;</ept>",
                "<ph x=\"1\">&lt;img alt=\"a &amp; 'b' ]]&gt;\"&gt;</ph>",
            ][..],
        ),
    ] {
        let text = p.read(file);
        for needle in needles {
            assert!(text.contains(needle), "{file}: missing {needle} in\n{text}");
        }
    }
}

#[test]
fn inline_codes_survive_export_then_import_in_every_format() {
    let (p, _) = codes_project();
    for (format, file, _, units) in CODES_FORMATS {
        assert_eq!(
            p.run(&["import", file]),
            expect(
                0,
                "",
                &format!(
                    "nothing to change in `{CODES_DOC}` ({units} unchanged, 0 not applied); nothing written\n"
                )
            ),
            "{format}"
        );
        assert_eq!(p.read(CODES_DOC), CODES, "{format}");
    }
    for file in ["markup.xlf", "markup.tmx"] {
        let out = p.run(&["import", file]);
        assert!(out.contains("nothing to change"), "{file}: {out}");
        assert_eq!(p.read(CODES_DOC), CODES, "{file}");
    }
}

#[test]
fn an_edited_target_with_codes_imports_and_its_codes_are_kept() {
    let (p, _) = codes_project();
    // A translator moves a pair and drops a standalone code in another tool.
    let edited = p.read("codes.xlf").replace(
        "<target><pc id=\"1\">Lavrov</pc> said<ph id=\"2\"/></target>",
        "<target>Said <pc id=\"1\">Lavrov</pc></target>",
    );
    p.write("codes.xlf", edited);
    let out = p.run(&["import", "codes.xlf", "--dry-run"]);
    assert_eq!(
        out,
        expect(
            0,
            "2\tdraft -> translated\t\"<g1>Lavrov</g1> said<x2/>\" -> \"Said <g1>Lavrov</g1>\"\n",
            "dry run: 1 segment would change in `translations/codes.yaml`, 6 unchanged, 0 not applied; nothing written\n"
        )
    );
}

#[test]
fn translate_toolkit_reads_inline_codes() {
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/read_with_translate_toolkit.py");
    let (p, doc) = codes_project();
    for (kind, file, ids) in [
        ("xliff2", "codes.xlf", &[1u64, 2, 3, 4, 5, 6, 7][..]),
        ("xliff2", "markup.xlf", &[1, 2, 3, 4, 5, 6, 7][..]),
        ("xliff12", "codes-12.xlf", &[1, 2, 3, 4, 5, 6, 7][..]),
        ("tmx", "codes.tmx", &[2, 3, 4, 5, 6][..]),
        ("tmx", "markup.tmx", &[2, 3, 4, 5, 6][..]),
    ] {
        let Some(units) = toolkit_units(&script, kind, &p.join(file)) else {
            return;
        };
        let got: Vec<&str> = units.iter().map(|u| u.id.as_str()).collect();
        let want: Vec<String> = ids.iter().map(u64::to_string).collect();
        assert_eq!(got, want, "{file}: units");
        for (unit, &id) in units.iter().zip(ids) {
            let seg = doc.segment(id).expect("segment");
            if kind == "tmx" {
                // TMX: the plain reading gives each code's native markup in place, nothing
                // where it is not known; there is no rich reading.
                let expected = |text: &str| {
                    if file == "markup.tmx" {
                        with_markup(id, text)
                    } else {
                        workbench::codes::strip(text)
                    }
                };
                assert_eq!(unit.source, expected(&seg.source), "{file}: source of {id}");
                assert_eq!(unit.target, expected(&seg.target), "{file}: target of {id}");
                assert_eq!(unit.marked_source, None, "{file}");
            } else {
                // XLIFF: the plain reading leaves the codes out; the rich one has them all,
                // with our numbers, broken targets included.
                assert_eq!(
                    unit.source,
                    workbench::codes::strip(&seg.source),
                    "{file}: source of {id}"
                );
                assert_eq!(
                    unit.target,
                    workbench::codes::strip(&seg.target),
                    "{file}: target of {id}"
                );
                assert_eq!(
                    unit.marked_source.as_deref(),
                    Some(seg.source.as_str()),
                    "{file}: codes of source {id}"
                );
                assert_eq!(
                    unit.marked_target.as_deref(),
                    Some(seg.target.as_str()),
                    "{file}: codes of target {id}"
                );
            }
        }
    }
}
