//! Unit tests of the formats: round trips, edits, state maps, errors with positions.

use std::path::Path;

use proptest::prelude::{ProptestConfig, prop_assert_eq, proptest};

use super::{Error, ExportOptions, Format, apply, export, parse, selected};
use crate::store::{Document, State};

const TRICKY: &str = include_str!("../../tests/fixtures/formats/tricky.yaml");
const NOW: &str = "2026-02-01T00:00:00Z";

fn tricky() -> Document {
    Document::parse(TRICKY, Path::new("tricky.yaml")).expect("fixture parses")
}

fn file_for(format: Format) -> String {
    format!("tricky.{}", format.extension())
}

fn roundtrip(doc: &Document, format: Format) -> (Document, super::ApplyReport) {
    let text = export(doc, format, &ExportOptions::default()).expect("export");
    let import = parse(&text, Path::new(&file_for(format)), None).expect("parse back");
    assert_eq!(import.format, format, "detected format");
    let mut back = doc.clone();
    let report = apply(&mut back, &import, NOW).expect("apply");
    (back, report)
}

#[test]
fn every_format_round_trips_to_an_identical_store() {
    let doc = tricky();
    for format in Format::ALL {
        let (back, report) = roundtrip(&doc, format);
        assert!(
            report.changes.is_empty(),
            "{format:?}: {:?}",
            report.changes
        );
        assert!(
            report.skipped.is_empty(),
            "{format:?}: {:?}",
            report.skipped
        );
        assert_eq!(report.revision, None);
        assert_eq!(back.to_yaml(), doc.to_yaml(), "{format:?}");
    }
}

#[test]
fn every_unit_text_and_state_comes_back_verbatim() {
    let doc = tricky();
    for format in Format::ALL {
        let text = export(&doc, format, &ExportOptions::default()).expect("export");
        let import = parse(&text, Path::new(&file_for(format)), None).expect("parse");
        let expected = selected(&doc, format, &ExportOptions::default());
        assert_eq!(import.units.len(), expected.len(), "{format:?}");
        for (unit, seg) in import.units.iter().zip(expected) {
            assert_eq!(unit.id, seg.id.to_string(), "{format:?}");
            assert_eq!(unit.source, seg.source, "{format:?} source of {}", seg.id);
            assert_eq!(unit.target, seg.target, "{format:?} target of {}", seg.id);
            assert_eq!(unit.state, seg.state, "{format:?} state of {}", seg.id);
        }
        if format != Format::Tsv && format != Format::Csv {
            assert_eq!(import.document.as_deref(), Some("tricky"), "{format:?}");
        }
    }
}

#[test]
fn tmx_writes_pairs_only_and_honours_min_state() {
    let doc = tricky();
    let all = selected(&doc, Format::Tmx, &ExportOptions::default());
    let ids: Vec<u64> = all.iter().map(|s| s.id).collect();
    assert_eq!(ids, [2, 3, 4, 5], "no empty target, no rejected");
    let approved = ExportOptions {
        min_state: Some(State::Approved),
        ..ExportOptions::default()
    };
    let text = export(&doc, Format::Tmx, &approved).expect("export");
    assert_eq!(text.matches("<tu ").count(), 1);
    for attr in [
        "creationtool=\"workbench\"",
        "creationtoolversion=",
        "segtype=\"sentence\"",
        "o-tmf=",
        "adminlang=\"en\"",
        "srclang=\"ar\"",
        "datatype=\"plaintext\"",
        "<tuv xml:lang=\"ar\">",
        "<tuv xml:lang=\"en\">",
        "tuid=\"5\"",
        "creationdate=\"20260102T103000Z\"",
        "<prop type=\"x-workbench-state\">approved</prop>",
    ] {
        assert!(text.contains(attr), "missing {attr} in\n{text}");
    }
}

#[test]
fn xliff2_maps_states_as_specified() {
    let text = export(&tricky(), Format::Xliff2, &ExportOptions::default()).expect("export");
    for needle in [
        "srcLang=\"ar\" trgLang=\"en\"",
        "srcDir=\"rtl\" trgDir=\"ltr\"",
        "<segment state=\"initial\">",
        "<segment state=\"initial\" subState=\"workbench:mt-stub\">",
        "<segment state=\"translated\">",
        "<segment state=\"reviewed\">",
        "<segment state=\"final\">",
        "<segment state=\"initial\" subState=\"workbench:rejected\">",
        "<note category=\"workbench:origin\">machine stub stub-1 at 2026-01-01T00:00:00Z</note>",
        "<note category=\"workbench:stale\">",
        "<note category=\"workbench:confidence\">0.75</note>",
        "a &lt; b &amp;&amp; c &gt; d",
        "and&#13;\n",
    ] {
        assert!(text.contains(needle), "missing {needle} in\n{text}");
    }
    // The new segment has no target.
    let unit1 = text
        .split("<unit id=\"1\"")
        .nth(1)
        .and_then(|t| t.split("</unit>").next());
    assert!(unit1.is_some_and(|u| !u.contains("<target")));
}

#[test]
fn xliff12_maps_states_as_specified() {
    let text = export(&tricky(), Format::Xliff12, &ExportOptions::default()).expect("export");
    for needle in [
        "state=\"needs-review-translation\" state-qualifier=\"mt-suggestion\"",
        "<target state=\"translated\">",
        "<target state=\"signed-off\">",
        "approved=\"yes\"",
        "<target state=\"final\">",
        "state=\"needs-translation\" state-qualifier=\"x-rejected\"",
    ] {
        assert!(text.contains(needle), "missing {needle} in\n{text}");
    }
}

#[test]
fn an_edited_export_imports_as_exactly_those_changes() {
    let doc = tricky();
    let text = export(&doc, Format::Xliff2, &ExportOptions::default()).expect("export");
    let edited = text
        .replace(
            "<segment state=\"initial\" subState=\"workbench:mt-stub\">",
            "<segment state=\"translated\">",
        )
        .replace("First line\nsecond line", "The first line\nthe second line")
        .replace("<segment state=\"reviewed\">", "<segment state=\"final\">");
    let import = parse(&edited, Path::new("edited.xlf"), None).expect("parse");
    let mut back = doc.clone();
    let report = apply(&mut back, &import, NOW).expect("apply");
    assert_eq!(report.revision, Some(3));
    let changed: Vec<(u64, State, State, bool)> = report
        .changes
        .iter()
        .map(|c| (c.id, c.old_state, c.new_state, c.old_target != c.new_target))
        .collect();
    assert_eq!(
        changed,
        [
            (2, State::Draft, State::Translated, true),
            (4, State::Reviewed, State::Approved, false)
        ]
    );
    assert_eq!(report.unchanged, 4);
    let seg2 = back.segment(2).expect("segment 2");
    assert_eq!(seg2.target, "The first line\nthe second line\twith a tab");
    assert_eq!(seg2.revision, 3);
    assert_eq!(seg2.history.len(), 1, "the draft is kept in history");
    assert_eq!(
        seg2.origin.as_ref().and_then(|o| o.backend.as_deref()),
        Some("xliff2")
    );
    let seg4 = back.segment(4).expect("segment 4");
    assert_eq!(
        seg4.origin,
        doc.segment(4).and_then(|s| s.origin.clone()),
        "state-only change keeps the origin"
    );
    let last = back.revisions.last().expect("revision");
    assert_eq!(
        (last.number, last.action.as_str(), last.changed),
        (3, "import xliff2", 2)
    );
    // Nothing else moved.
    for id in [1, 3, 5, 6] {
        assert_eq!(back.segment(id), doc.segment(id));
    }
}

#[test]
fn a_changed_source_is_reported_not_applied() {
    let doc = tricky();
    let text = export(&doc, Format::Tsv, &ExportOptions::default()).expect("export");
    let edited = text
        .replace("rejected draft\trejected", "a new try\ttranslated")
        .replace("مسافات في البداية", "مسافات أخرى في البداية");
    let import = parse(&edited, Path::new("t.tsv"), None).expect("parse");
    let mut back = doc.clone();
    let report = apply(&mut back, &import, NOW).expect("apply");
    assert_eq!(report.changes.len(), 1);
    assert_eq!(report.changes[0].id, 6);
    assert_eq!(report.skipped.len(), 1);
    assert_eq!((report.skipped[0].id, report.skipped[0].line), (5, 6));
    assert_eq!(back.segment(5), doc.segment(5));
}

#[test]
fn an_unknown_id_is_an_error_with_its_position() {
    let doc = tricky();
    let text = export(&doc, Format::Xliff12, &ExportOptions::default()).expect("export");
    let edited = text.replace("<trans-unit id=\"3\"", "<trans-unit id=\"99\"");
    let import = parse(&edited, Path::new("e.xlf"), None).expect("parse");
    let mut back = doc.clone();
    let err = apply(&mut back, &import, NOW).expect_err("unknown id");
    assert_eq!(
        err.to_string(),
        "e.xlf:18:7: unit `99` names no segment of document `tricky`"
    );
    assert_eq!(back, doc, "nothing applied");
}

fn parse_err(text: &str, name: &str) -> String {
    parse(text, Path::new(name), None)
        .expect_err("an error")
        .to_string()
}

#[test]
fn malformed_and_foreign_files_are_errors_with_positions() {
    let good = export(&tricky(), Format::Xliff2, &ExportOptions::default()).expect("export");
    let broken = good.replacen("</source>", "</sourc>", 1);
    let msg = parse_err(&broken, "b.xlf");
    assert!(msg.starts_with("b.xlf:6:66: "), "{msg}");
    assert!(msg.contains("malformed XML"), "{msg}");

    let wrong_ns = good.replace("document:2.0", "document:2.5");
    assert_eq!(
        parse_err(&wrong_ns, "n.xlf"),
        "n.xlf:2:1: wrong namespace `urn:oasis:names:tc:xliff:document:2.5` for XLIFF 2 (expected `urn:oasis:names:tc:xliff:document:2.0`)"
    );
    let wrong_version = good.replace("version=\"2.1\"", "version=\"3.0\"");
    assert_eq!(
        parse_err(&wrong_version, "v.xlf"),
        "v.xlf:2:1: XLIFF version `3.0` is not supported (2.0 or 2.1)"
    );
    let tmx = export(&tricky(), Format::Tmx, &ExportOptions::default()).expect("export");
    assert_eq!(
        parse_err(
            &tmx.replace("<tmx version=\"1.4\">", "<tmx version=\"2.0\">"),
            "m.tmx"
        ),
        "m.tmx:2:1: TMX version `2.0` is not supported (1.4)"
    );
    assert_eq!(
        parse_err(
            "<?xml version=\"1.0\"?>\n<xliff version=\"2.1\" srcLang=\"ar\">\n  <file id=\"f\">\n",
            "u.xlf"
        ),
        "u.xlf:3:3: malformed XML: <file> is never closed"
    );
    let inline = good.replacen("<target>First", "<target><pc id=\"1\">First</pc>", 1);
    let msg = parse_err(&inline, "i.xlf");
    assert!(msg.contains("inline markup <pc>"), "{msg}");
    assert!(matches!(
        parse("just words", Path::new("x.txt"), None),
        Err(Error::UnknownFormat { .. })
    ));
}

#[test]
fn table_errors_name_the_row() {
    assert_eq!(
        parse_err("id\tsource\ttarget\tstate\n1\ta\tb\tfinished\n", "t.tsv"),
        "t.tsv:2:1: unknown state `finished` (new, draft, translated, reviewed, approved, rejected)"
    );
    assert_eq!(
        parse_err("id,source,target,state\r\n1,\"open,b,new\r\n", "t.csv"),
        "t.csv:2:3: malformed CSV: a quoted field is never closed"
    );
    assert_eq!(
        parse_err("id,source,target\n1,a,b\n", "t.csv"),
        "t.csv:1:1: the header has no `state` column (expected id, source, target, state)"
    );
}

#[test]
fn duplicate_unit_ids_are_refused() {
    let text = "id\tsource\ttarget\tstate\n1\ta\tb\tnew\n1\ta\tb\tnew\n";
    assert_eq!(
        parse_err(text, "d.tsv"),
        "d.tsv:3:1: unit id `1` appears twice"
    );
}

#[test]
fn characters_xml_cannot_carry_are_refused_on_export() {
    let mut doc = tricky();
    if let Some(seg) = doc.segment_mut(3) {
        seg.target.push('\u{1}');
    }
    let err = export(&doc, Format::Xliff2, &ExportOptions::default()).expect_err("refused");
    assert_eq!(
        err.to_string(),
        "document `tricky`, segment 3: U+0001 cannot be written in XLIFF 2.1"
    );
    assert!(export(&doc, Format::Tsv, &ExportOptions::default()).is_ok());
}

#[test]
fn detection_reads_the_root_and_the_extension() {
    let p = Path::new("f");
    assert_eq!(
        Format::detect(
            p,
            "<?xml version=\"1.0\"?>\n<!-- c -->\n<xliff xmlns=\"x\" version=\"1.2\">"
        ),
        Some(Format::Xliff12)
    );
    assert_eq!(
        Format::detect(p, "<xliff version='2.1'>"),
        Some(Format::Xliff2)
    );
    assert_eq!(
        Format::detect(p, "\u{feff}<tmx version=\"1.4\">"),
        Some(Format::Tmx)
    );
    assert_eq!(
        Format::detect(Path::new("a.CSV"), "id;x"),
        Some(Format::Csv)
    );
    assert_eq!(Format::detect(p, "id\tsource"), Some(Format::Tsv));
    assert_eq!(Format::detect(p, "<html>"), None);
}

#[test]
fn foreign_xliff12_states_are_read_sensibly() {
    use super::xliff12::state_from;
    assert_eq!(state_from(false, None, None, None), Some(State::New));
    assert_eq!(
        state_from(false, Some("x"), None, None),
        Some(State::Translated)
    );
    assert_eq!(
        state_from(false, Some("x"), Some("needs-review-l10n"), None),
        Some(State::Draft)
    );
    assert_eq!(
        state_from(true, Some("x"), Some("translated"), None),
        Some(State::Approved)
    );
    assert_eq!(
        state_from(false, Some("x"), Some("x-custom"), None),
        Some(State::Translated)
    );
    assert_eq!(state_from(false, Some("x"), Some("bogus"), None), None);
}

#[test]
fn foreign_xliff2_states_are_read_sensibly() {
    use super::xliff2::state_from;
    assert_eq!(state_from("initial", None, ""), Some(State::New));
    assert_eq!(state_from("initial", None, "text"), Some(State::Draft));
    assert_eq!(
        state_from("initial", Some("okapi:x"), "text"),
        Some(State::Draft)
    );
    assert_eq!(state_from("final", None, "text"), Some(State::Approved));
    assert_eq!(state_from("done", None, "text"), None);
}

#[test]
fn a_tmx_becomes_a_memory_document() {
    let text = export(&tricky(), Format::Tmx, &ExportOptions::default()).expect("export");
    let import = parse(&text, Path::new("mem.tmx"), None).expect("parse");
    let doc = super::memory_document(&import, "mem", "mem.tmx", "sha256:00", NOW).expect("doc");
    assert_eq!(doc.segments.len(), 4);
    assert_eq!(doc.meta.source_lang, "ar");
    assert_eq!(doc.meta.target_lang, "en");
    assert_eq!(doc.revisions.len(), 1);
    let reparsed = Document::parse(&doc.to_yaml(), Path::new("mem.yaml")).expect("valid store");
    assert_eq!(reparsed, doc);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_text_survives_every_format(
        source in "[a-z<>&\"' \u{200f}\u{202b}\u{2066}\u{2069}\\\\,\t\r\nابت]{0,24}",
        target in "[A-Z<>&\"' \u{200e}\u{202c}\\\\,;\t\r\n]{0,24}",
        state in 0usize..6,
    ) {
        let mut doc = tricky();
        doc.segments.truncate(1);
        let seg = &mut doc.segments[0];
        seg.source = source;
        seg.target = target;
        seg.state = State::ALL[state];
        for format in Format::ALL {
            let text = export(&doc, format, &ExportOptions::default()).expect("export");
            let import = parse(&text, Path::new(&file_for(format)), Some(format)).expect("parse");
            let mut back = doc.clone();
            let report = apply(&mut back, &import, NOW).expect("apply");
            prop_assert_eq!(report.changes.len(), 0, "{:?}", format);
            prop_assert_eq!(report.skipped.len(), 0, "{:?}", format);
            prop_assert_eq!(&back, &doc);
            if !selected(&doc, format, &ExportOptions::default()).is_empty() {
                prop_assert_eq!(&import.units[0].source, &doc.segments[0].source, "{:?}", format);
                prop_assert_eq!(&import.units[0].target, &doc.segments[0].target, "{:?}", format);
            }
        }
    }
}

#[test]
fn an_empty_xliff2_export_is_refused_and_other_formats_are_empty() {
    let mut doc = tricky();
    doc.segments.retain(|s| s.state != State::Approved);
    let approved = ExportOptions {
        min_state: Some(State::Approved),
        ..ExportOptions::default()
    };
    let err = export(&doc, Format::Xliff2, &approved).expect_err("empty");
    assert_eq!(
        err.to_string(),
        "document `tricky` has no segment to export as XLIFF 2.1 (check --min-state)"
    );
    for format in [Format::Xliff12, Format::Tmx, Format::Tsv, Format::Csv] {
        let text = export(&doc, format, &approved).expect("export");
        let import = parse(&text, Path::new(&file_for(format)), None).expect("parse");
        assert!(import.units.is_empty(), "{format:?}");
    }
}

#[test]
fn a_foreign_tmx_becomes_a_memory_of_its_pairs() {
    let text = include_str!("../../tests/fixtures/formats/foreign.tmx");
    let import = parse(text, Path::new("foreign.tmx"), None).expect("parse");
    assert_eq!(import.source_lang.as_deref(), Some("ar-SY"));
    assert_eq!(import.target_lang.as_deref(), Some("en-GB"));
    assert_eq!(import.units.len(), 3);
    assert_eq!(import.units[2].source, "قال نشطاء وكرروا.");
    assert_eq!(import.units[2].target, "Activists said & repeated.");
    let doc =
        super::memory_document(&import, "foreign", "foreign.tmx", "sha256:00", NOW).expect("doc");
    let pairs: Vec<(&str, &str, State)> = doc
        .segments
        .iter()
        .map(|s| (s.source.as_str(), s.target.as_str(), s.state))
        .collect();
    assert_eq!(
        pairs,
        [
            (
                "دخلت الدبابات حمص.",
                "The tanks entered Homs.",
                State::Translated
            ),
            (
                "قال نشطاء وكرروا.",
                "Activists said & repeated.",
                State::Translated
            ),
        ]
    );
    let mut target = tricky();
    let err = apply(&mut target, &import, NOW).expect_err("no ids");
    assert_eq!(
        err.to_string(),
        "foreign.tmx:7:5: this unit has no id, so it matches no segment of document `tricky` (store it with --as-memory)"
    );
}

#[test]
fn a_foreign_xliff12_applies_what_it_changed() {
    let text = include_str!("../../tests/fixtures/formats/foreign-12.xlf");
    let import = parse(text, Path::new("foreign.xlf"), None).expect("parse");
    assert_eq!(import.document.as_deref(), Some("tricky"));
    let doc = tricky();
    let mut back = doc.clone();
    let report = apply(&mut back, &import, NOW).expect("apply");
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(
        report.unchanged, 1,
        "segment 3: no state means translated, as it is"
    );
    assert_eq!(report.changes.len(), 1);
    let seg6 = back.segment(6).expect("segment 6");
    assert_eq!(
        (seg6.target.as_str(), seg6.state),
        ("A new, reviewed rendering", State::Reviewed)
    );
}
