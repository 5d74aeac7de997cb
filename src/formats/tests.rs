//! Unit tests of the formats: round trips, edits, state maps, errors with positions.

use std::path::Path;

use proptest::collection::vec;
use proptest::prelude::{Just, ProptestConfig, Strategy, prop_assert_eq, prop_oneof, proptest};

use super::{Error, ExportOptions, Format, apply, export, export_with_markup, parse, selected};
use crate::codes::Token;
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
        assert_eq!(
            back.to_yaml().unwrap(),
            doc.to_yaml().unwrap(),
            "{format:?}"
        );
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

/// Export options that take machine drafts too (TMX leaves them out by default).
fn drafts_too() -> ExportOptions {
    ExportOptions {
        min_state: Some(State::Draft),
        ..ExportOptions::default()
    }
}

#[test]
fn tmx_writes_pairs_only_and_honours_min_state() {
    let doc = tricky();
    let by_default = selected(&doc, Format::Tmx, &ExportOptions::default());
    let ids: Vec<u64> = by_default.iter().map(|s| s.id).collect();
    assert_eq!(
        ids,
        [3, 4, 5],
        "a person's work: no machine draft, no empty target"
    );
    let all = selected(&doc, Format::Tmx, &drafts_too());
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
    assert_eq!((report.skipped[0].id, report.skipped[0].line), (5, 7));
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
        "e.xlf:19:7: unit `99` names no segment of document `tricky`"
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
    assert!(msg.starts_with("b.xlf:9:66: "), "{msg}");
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
    let tmx = export(&tricky(), Format::Tmx, &drafts_too()).expect("export");
    assert_eq!(
        parse_err(
            &tmx.replace("<tmx version=\"1.4\">", "<tmx version=\"2.0\">"),
            "m.tmx"
        ),
        "m.tmx:2:1: TMX version `2.0` is not supported (1.1 to 1.4)"
    );
    assert_eq!(
        parse_err(
            "<?xml version=\"1.0\"?>\n<xliff version=\"2.1\" srcLang=\"ar\">\n  <file id=\"f\">\n",
            "u.xlf"
        ),
        "u.xlf:3:3: malformed XML: <file> is never closed"
    );
    let inline = good.replacen("<target>First", "<target>A <b>First</b>", 1);
    assert_eq!(
        parse_err(&inline, "i.xlf"),
        "i.xlf:19:19: inline element <b> inside <target> is not supported"
    );
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
    let text = export(&tricky(), Format::Tmx, &drafts_too()).expect("export");
    let import = parse(&text, Path::new("mem.tmx"), None).expect("parse");
    let doc = super::memory_document(&import, "mem", "mem.tmx", "sha256:00", NOW).expect("doc");
    assert_eq!(doc.segments.len(), 4);
    assert_eq!(doc.meta.source_lang, "ar");
    assert_eq!(doc.meta.target_lang, "en");
    assert_eq!(doc.revisions.len(), 1);
    let reparsed =
        Document::parse(&doc.to_yaml().unwrap(), Path::new("mem.yaml")).expect("valid store");
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
    let report = apply(&mut target, &import, NOW).expect("no ids: by source text");
    let reasons: Vec<(usize, &str)> = report
        .skipped
        .iter()
        .map(|s| (s.line, s.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            (7, "this unit has no id and no segment has its source text"),
            (15, "this unit has no id and no segment has its source text"),
        ]
    );
    assert_eq!(report.revision, None);
}

#[test]
fn units_without_ids_apply_by_normalised_source_and_ambiguous_ones_are_reported() {
    let tmx = r#"<tmx version="1.4"><header srclang="ar" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext" creationtool="x" creationtoolversion="1"/><body>
<tu><tuv xml:lang="ar"><seg>دخلت الدبابات حمص.</seg></tuv><tuv xml:lang="en"><seg>The tanks entered Homs.</seg></tuv></tu>
<tu><tuv xml:lang="ar"><seg>قال نشطاء.</seg></tuv><tuv xml:lang="en"><seg>Activists said.</seg></tuv></tu>
<tu><tuv xml:lang="ar"><seg>قال نشطاء.</seg></tuv><tuv xml:lang="en"><seg>Activists stated.</seg></tuv></tu>
</body></tmx>"#;
    let import = parse(tmx, Path::new("m.tmx"), None).expect("parse");
    let split: Vec<crate::store::SplitSegment> = ["دَخَلَت الدبابات حمص.", "قال نشطاء."]
        .iter()
        .map(|t| crate::store::SplitSegment {
            range: 0..t.len(),
            text: (*t).into(),
        })
        .collect();
    let mut doc = Document::new(crate::store::Meta::for_tests(), &split);
    let report = apply(&mut doc, &import, NOW).expect("apply");
    assert_eq!(report.changes.len(), 1);
    assert_eq!(doc.segments[0].target, "The tanks entered Homs.");
    assert_eq!(doc.segments[1].target, "");
    assert_eq!(report.skipped.len(), 2);
    assert!(
        report.skipped[0]
            .reason
            .starts_with("ambiguous: 1 other unit"),
        "{:?}",
        report.skipped
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

// Inline codes.

const CODES: &str = include_str!("../../tests/fixtures/formats/codes.yaml");

fn codes_doc() -> Document {
    Document::parse(CODES, Path::new("codes.yaml")).expect("fixture parses")
}

/// The part of `text` from the start tag of unit `id` to the end of that unit.
fn unit_of<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in\n{text}"));
    let rest = &text[from..];
    &rest[..rest.find(end).map_or(rest.len(), |e| e + end.len())]
}

#[test]
fn the_codes_fixture_is_in_the_store_layout() {
    assert_eq!(codes_doc().to_yaml().unwrap(), CODES);
}

#[test]
fn codes_survive_every_format_unchanged() {
    let doc = codes_doc();
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
        assert_eq!(back.to_yaml().unwrap(), CODES, "{format:?}");
        let text = export(&doc, format, &ExportOptions::default()).expect("export");
        let import = parse(&text, Path::new("codes.x"), Some(format)).expect("parse");
        for (unit, seg) in
            import
                .units
                .iter()
                .zip(selected(&doc, format, &ExportOptions::default()))
        {
            assert_eq!(unit.source, seg.source, "{format:?} source of {}", seg.id);
            assert_eq!(unit.target, seg.target, "{format:?} target of {}", seg.id);
        }
    }
}

#[test]
fn xliff2_writes_pc_and_ph_and_flat_codes_for_broken_pairs() {
    let text = export(&codes_doc(), Format::Xliff2, &ExportOptions::default()).expect("export");
    for needle in [
        "<source>قال <pc id=\"1\">وزير <pc id=\"2\">الخارجية</pc></pc> إن a &lt; b &amp; c<ph id=\"3\"/></source>",
        "<target><pc id=\"1\">Lavrov</pc> said<ph id=\"2\"/></target>",
        "<target>in <pc id=\"2\">Damascus</pc> &amp; <pc id=\"1\">Homs</pc></target>",
        // Crossing pairs, a pair closed before it opens, twice, or never: start and end codes.
        "<target><sc id=\"1\"/>a <sc id=\"2\"/>b<ec startRef=\"1\"/><ec startRef=\"2\"/></target>",
        "<target><ec startRef=\"1\"/>x <sc id=\"1\"/>y<ec startRef=\"1\"/> <sc id=\"1\"/>z</target>",
        // Text that only looks like a code stays text.
        "<target>a &lt;b&gt; &amp;amp; &lt;g0&gt; text<ph id=\"1\"/> <pc id=\"2\"><ph id=\"3\"/></pc></target>",
    ] {
        assert!(text.contains(needle), "missing {needle} in\n{text}");
    }
    assert!(!text.contains("originalData"), "no markup without a lookup");
}

#[test]
fn xliff12_writes_g_and_x_and_flat_codes_for_broken_pairs() {
    let text = export(&codes_doc(), Format::Xliff12, &ExportOptions::default()).expect("export");
    for needle in [
        "<source>قال <g id=\"1\">وزير <g id=\"2\">الخارجية</g></g> إن a &lt; b &amp; c<x id=\"3\"/></source>",
        "<target state=\"needs-review-translation\" state-qualifier=\"mt-suggestion\"><g id=\"1\">Lavrov</g> said<x id=\"2\"/></target>",
        "<target state=\"signed-off\"><bx id=\"1\"/>a <bx id=\"2\"/>b<ex id=\"1\"/><ex id=\"2\"/></target>",
        "><ex id=\"1\"/>x <bx id=\"1\"/>y<ex id=\"1\"/> <bx id=\"1\"/>z</target>",
    ] {
        assert!(text.contains(needle), "missing {needle} in\n{text}");
    }
}

#[test]
fn tmx_writes_bpt_ept_and_ph() {
    let text = export(&codes_doc(), Format::Tmx, &drafts_too()).expect("export");
    for needle in [
        "<seg><bpt i=\"1\" x=\"1\"/>لافروف<ept i=\"1\"/> قال<ph x=\"2\"/></seg>",
        "<seg>in <bpt i=\"2\" x=\"2\"/>Damascus<ept i=\"2\"/> &amp; <bpt i=\"1\" x=\"1\"/>Homs<ept i=\"1\"/></seg>",
        "<seg><bpt i=\"1\" x=\"1\"/>a <bpt i=\"2\" x=\"2\"/>b<ept i=\"1\"/><ept i=\"2\"/></seg>",
        // A second pair 1 gets an `i` above every number; a lone closing code keeps its own.
        "<seg><ept i=\"1\"/>x <bpt i=\"1\" x=\"1\"/>y<ept i=\"1\"/> <bpt i=\"2\" x=\"1\"/>z</seg>",
    ] {
        assert!(text.contains(needle), "missing {needle} in\n{text}");
    }
}

#[test]
fn tables_keep_the_text_form() {
    let doc = codes_doc();
    let tsv = export(&doc, Format::Tsv, &ExportOptions::default()).expect("export");
    assert!(
        tsv.contains("\n2\t<g1>لافروف</g1> قال<x2/>\t<g1>Lavrov</g1> said<x2/>\tdraft\n"),
        "{tsv}"
    );
    let csv = export(&doc, Format::Csv, &ExportOptions::default()).expect("export");
    assert!(
        csv.contains("\r\n4,<g1>أ</g1> <g2>ب</g2>,<g1>a <g2>b</g1></g2>,reviewed\r\n"),
        "{csv}"
    );
}

/// Markup as a source document would give it: a bold pair, a line break, and for segment 5 a
/// control character XML cannot carry.
fn markup(id: u64, token: Token<'_>) -> Option<String> {
    match (id, token) {
        (2 | 3, Token::Open(1)) => Some("<b class=\"x\">".to_owned()),
        (2 | 3, Token::Close(1)) => Some("</b>".to_owned()),
        (2, Token::Standalone(2)) => Some("<br/>".to_owned()),
        (5, Token::Standalone(1)) => Some("<img alt='a&b'>\u{1}".to_owned()),
        (3, Token::Open(2)) => Some(String::new()),
        _ => None,
    }
}

#[test]
fn xliff2_carries_known_markup_in_original_data() {
    let doc = codes_doc();
    let text = export_with_markup(
        &doc,
        Format::Xliff2,
        &ExportOptions::default(),
        Some(&markup),
    )
    .expect("export");
    let unit2 = unit_of(&text, "<unit id=\"2\"", "</unit>");
    for needle in [
        "<originalData>\n        <data id=\"d1\">&lt;b class=\"x\"&gt;</data>\n        <data id=\"d2\">&lt;/b&gt;</data>\n        <data id=\"d3\">&lt;br/&gt;</data>\n      </originalData>\n      <segment",
        "<source><pc id=\"1\" dataRefStart=\"d1\" dataRefEnd=\"d2\">لافروف</pc> قال<ph id=\"2\" dataRef=\"d3\"/></source>",
        "<target><pc id=\"1\" dataRefStart=\"d1\" dataRefEnd=\"d2\">Lavrov</pc> said<ph id=\"2\" dataRef=\"d3\"/></target>",
    ] {
        assert!(unit2.contains(needle), "missing {needle} in\n{unit2}");
    }
    // An empty markup is no markup; a character XML cannot carry is a <cp>.
    let unit3 = unit_of(&text, "<unit id=\"3\"", "</unit>");
    assert!(unit3.contains("<pc id=\"2\">دمشق</pc>"), "{unit3}");
    let unit5 = unit_of(&text, "<unit id=\"5\"", "</unit>");
    assert!(
        unit5.contains("<data id=\"d1\">&lt;img alt='a&amp;b'&gt;<cp hex=\"0001\"/></data>"),
        "{unit5}"
    );
    assert!(unit5.contains("<ph id=\"1\" dataRef=\"d1\"/>"), "{unit5}");
    let unit1 = unit_of(&text, "<unit id=\"1\"", "</unit>");
    assert!(!unit1.contains("originalData"), "{unit1}");
    // Read back, the markup is not part of the texts.
    let import = parse(&text, Path::new("m.xlf"), None).expect("parse");
    let mut back = doc.clone();
    let report = apply(&mut back, &import, NOW).expect("apply");
    assert!(report.changes.is_empty() && report.skipped.is_empty());
}

#[test]
fn tmx_carries_known_markup_inside_its_codes() {
    let mut doc = codes_doc();
    if let Some(seg) = doc.segment_mut(5) {
        seg.state = State::Draft;
    }
    let err = export_with_markup(&doc, Format::Tmx, &drafts_too(), Some(&markup))
        .expect_err("a control character in markup");
    assert_eq!(
        err.to_string(),
        "document `codes`, segment 5: U+0001 cannot be written in TMX 1.4b"
    );
    doc.segments.retain(|s| s.id != 5);
    let text = export_with_markup(&doc, Format::Tmx, &drafts_too(), Some(&markup)).expect("export");
    assert!(
        text.contains("<seg><bpt i=\"1\" x=\"1\">&lt;b class=\"x\"&gt;</bpt>لافروف<ept i=\"1\">&lt;/b&gt;</ept> قال<ph x=\"2\">&lt;br/&gt;</ph></seg>"),
        "{text}"
    );
    let import = parse(&text, Path::new("m.tmx"), None).expect("parse");
    let mut back = doc.clone();
    let report = apply(&mut back, &import, NOW).expect("apply");
    assert!(report.changes.is_empty() && report.skipped.is_empty());
    // XLIFF 1.2 has no place for it, and writes the same as without.
    assert_eq!(
        export_with_markup(
            &doc,
            Format::Xliff12,
            &ExportOptions::default(),
            Some(&markup)
        )
        .expect("export"),
        export(&doc, Format::Xliff12, &ExportOptions::default()).expect("export")
    );
}

fn units(text: &str, name: &str) -> Vec<(String, String, String)> {
    parse(text, Path::new(name), None)
        .expect("parse")
        .units
        .into_iter()
        .map(|u| (u.id, u.source, u.target))
        .collect()
}

fn triple(id: &str, source: &str, target: &str) -> (String, String, String) {
    (id.to_owned(), source.to_owned(), target.to_owned())
}

#[test]
fn foreign_xliff2_codes_become_markers() {
    let text = include_str!("../../tests/fixtures/formats/foreign-codes-2.xlf");
    assert_eq!(
        units(text, "f.xlf"),
        [
            triple("2", "<g1>لافروف</g1> قال<x2/>", "<g1>Lavrov</g1> said<x2/>"),
            triple(
                "3",
                "في <g1>حمص</g1> و<x2/>دمشق",
                "in <g1>Homs</g1> and <x7/>Damascus\u{200f}"
            ),
        ]
    );
    // Applied to the document the codes were exported from: the same sources.
    let import = parse(text, Path::new("f.xlf"), None).expect("parse");
    let mut doc = codes_doc();
    let report = apply(&mut doc, &import, NOW).expect("apply");
    let skipped: Vec<u64> = report.skipped.iter().map(|s| s.id).collect();
    assert_eq!(
        skipped,
        [3],
        "unit 3's source has an isolated code where a pair was"
    );
    assert_eq!(report.changes.len(), 1);
    assert_eq!(
        doc.segment(2).map(|s| (s.target.as_str(), s.state)),
        Some(("<g1>Lavrov</g1> said<x2/>", State::Translated))
    );
}

#[test]
fn foreign_xliff12_codes_become_markers() {
    let text = include_str!("../../tests/fixtures/formats/foreign-codes-12.xlf");
    assert_eq!(
        units(text, "f.xlf"),
        [
            triple("2", "<g1>لافروف</g1> قال<x2/>", "<g1>Lavrov</g1> said<x2/>"),
            triple("3", "في <g1>حمص</g1> و<x2/>دمشق", "<g1>in</g1> Damascus"),
        ]
    );
}

#[test]
fn foreign_tmx_codes_become_markers() {
    let text = include_str!("../../tests/fixtures/formats/foreign-codes.tmx");
    assert_eq!(
        units(text, "f.tmx"),
        [
            triple("", "<g1>لافروف</g1> قال<x2/>", "<g1>Lavrov</g1> said<x2/>"),
            triple(
                "",
                "في <g1>حمص</g1> و<x2/>دمشق",
                "in <g1>Homs</g1> and <x2/>Damascus<x3/>"
            ),
        ]
    );
}

#[test]
fn ids_that_are_not_numbers_are_numbered_after_the_largest() {
    let xliff = |source: &str, target: &str| {
        format!(
            "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"ar\">\n<file id=\"f\"><unit id=\"1\"><segment><source>{source}</source><target>{target}</target></segment></unit></file></xliff>"
        )
    };
    let read = |source: &str, target: &str| {
        let u = &units(&xliff(source, target), "n.xlf")[0];
        (u.1.clone(), u.2.clone())
    };
    // `01` and `100000` are not code numbers; `4` is, and the others come after it.
    assert_eq!(
        read(
            "<ph id=\"a\"/><ph id=\"4\"/><ph id=\"01\"/>",
            "<ph id=\"100000\"/><ph id=\"a\"/><ph id=\"new\"/>"
        ),
        ("<x5/><x4/><x6/>".to_owned(), "<x7/><x5/><x8/>".to_owned())
    );
    // A target's code the source lacks is kept for review to report.
    assert_eq!(
        read("<ph id=\"1\"/>", "<ph id=\"2\"/>x"),
        ("<x1/>".to_owned(), "<x2/>x".to_owned())
    );
    let err = parse_err(&xliff("<ph id=\"99999\"/>", "<ph id=\"z\"/>"), "big.xlf");
    assert_eq!(
        err,
        "big.xlf:2:14: this unit's inline codes cannot be numbered within 1 to 99999"
    );
}

#[test]
fn bad_inline_codes_are_errors_with_positions() {
    let xliff2 = |source: &str| {
        format!(
            "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"ar\">\n<file id=\"f\"><unit id=\"1\"><segment>\n<source>{source}</source></segment></unit></file></xliff>"
        )
    };
    assert_eq!(
        parse_err(&xliff2("a <pc>b</pc>"), "e.xlf"),
        "e.xlf:3:11: inline code <pc> has no `id`"
    );
    assert_eq!(
        parse_err(&xliff2("a <ec/>"), "e.xlf"),
        "e.xlf:3:11: inline code <ec> has no `startRef`"
    );
    assert_eq!(
        parse_err(&xliff2("<ec isolated=\"yes\" startRef=\"1\"/>"), "e.xlf"),
        "e.xlf:3:9: inline code <ec> has no `id`"
    );
    assert_eq!(
        parse_err(&xliff2("<cp hex=\"D800\"/>"), "e.xlf"),
        "e.xlf:3:9: <cp hex=\"D800\"> is not a Unicode character"
    );
    assert_eq!(
        parse_err(&xliff2("<g id=\"1\">b</g>"), "e.xlf"),
        "e.xlf:3:9: inline element <g> inside <source> is not supported"
    );
    assert_eq!(
        parse_err(&xliff2("<x:b xmlns:x=\"urn:other\">b</x:b>"), "e.xlf"),
        "e.xlf:3:9: inline element <b> inside <source> is not supported"
    );
    let xliff12 = "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:1.2\" version=\"1.2\"><file original=\"o\" source-language=\"ar\" datatype=\"plaintext\"><body>\n<trans-unit id=\"1\"><source>a <x/></source></trans-unit></body></file></xliff>";
    assert_eq!(
        parse_err(xliff12, "e.xlf"),
        "e.xlf:2:30: inline code <x> has no `id`"
    );
    let tmx = "<tmx version=\"1.4\"><header srclang=\"ar\"/><body><tu>\n<tuv xml:lang=\"ar\"><seg>a <bpt x=\"1\"/> <sub>b</sub></seg></tuv></tu></body></tmx>";
    assert_eq!(
        parse_err(tmx, "e.tmx"),
        "e.tmx:2:27: inline code <bpt> has no `i`"
    );
    let tmx = tmx.replace("<bpt x=\"1\"/>", "<bpt i=\"1\" x=\"1\"/>");
    assert_eq!(
        parse_err(&tmx, "e.tmx"),
        "e.tmx:2:46: inline element <sub> inside <seg> is not supported"
    );
}

#[test]
fn codes_nested_beyond_any_real_file_are_refused_without_overflow() {
    let depth = 100_000;
    let text = format!(
        "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"ar\"><file id=\"f\"><unit id=\"1\"><segment><source>{}x{}</source></segment></unit></file></xliff>",
        "<pc id=\"1\">".repeat(depth),
        "</pc>".repeat(depth)
    );
    let err = parse_err(&text, "deep.xlf");
    assert!(
        err.starts_with("deep.xlf:1:") && err.ends_with(": elements are nested more than 256 deep"),
        "{err}"
    );
}

#[test]
fn deeply_nested_pairs_are_written_flat_and_come_back() {
    let mut doc = codes_doc();
    let depth = 100;
    let mut marked = String::new();
    for n in 1..=depth {
        marked.push_str(&crate::codes::open(n));
    }
    marked.push_str("نص");
    for n in (1..=depth).rev() {
        marked.push_str(&crate::codes::close(n));
    }
    if let Some(seg) = doc.segment_mut(2) {
        seg.source = marked.clone();
        seg.target = marked.replace("نص", "text");
    }
    for format in Format::ALL {
        let text = export(&doc, format, &ExportOptions::default()).expect("export");
        if format == Format::Xliff2 {
            assert!(text.contains("<sc id=\"100\"/>نص<ec startRef=\"100\"/>"));
        }
        let (back, report) = roundtrip(&doc, format);
        assert!(report.changes.is_empty(), "{format:?}");
        assert_eq!(back, doc, "{format:?}");
    }
}

/// A marked text in the making: text, pairs around pieces, standalone codes.
#[derive(Debug, Clone)]
enum Piece {
    Text(String),
    Pair(Vec<Piece>),
    Alone,
}

fn render(pieces: &[Piece], next: &mut u32, out: &mut String) {
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Alone => {
                *next += 1;
                out.push_str(&crate::codes::standalone(*next));
            }
            Piece::Pair(inner) => {
                *next += 1;
                let n = *next;
                out.push_str(&crate::codes::open(n));
                render(inner, next, out);
                out.push_str(&crate::codes::close(n));
            }
        }
    }
}

fn marked_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        3 => "[ابتحمص a<>&;/gx1\"'\r\n\t\u{200f}]{1,6}".prop_map(Piece::Text),
        1 => Just(Piece::Alone),
    ];
    let piece = leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            2 => inner.clone(),
            1 => vec(inner, 0..4).prop_map(Piece::Pair),
        ]
    });
    vec(piece, 0..5).prop_map(|pieces| {
        let mut out = String::new();
        render(&pieces, &mut 0, &mut out);
        out
    })
}

/// Any sequence of markers and text: pairs crossed, unclosed, repeated, standalone codes.
fn broken_text() -> impl Strategy<Value = String> {
    vec(
        prop_oneof![
            2 => "[نص b<&>]{1,4}",
            1 => (1u32..4).prop_map(crate::codes::open),
            1 => (1u32..4).prop_map(crate::codes::close),
            1 => (1u32..4).prop_map(crate::codes::standalone),
        ],
        0..8,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn marked_texts_survive_every_format(
        source in marked_text(),
        target in prop_oneof![marked_text(), broken_text()],
        state in 0usize..6,
        with_markup in proptest::bool::ANY,
    ) {
        let mut doc = codes_doc();
        doc.segments.truncate(1);
        let seg = &mut doc.segments[0];
        seg.source = source;
        seg.target = target;
        seg.state = State::ALL[state];
        let native = |id: u64, token: Token<'_>| Some(format!("<{id} {token:?} & ]]>"));
        let lookup: Option<super::Markup<'_>> = if with_markup { Some(&native) } else { None };
        for format in Format::ALL {
            let text = export_with_markup(&doc, format, &ExportOptions::default(), lookup)
                .expect("export");
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
fn omegats_project_save_in_tmx_1_1_is_read() {
    let text = include_str!("../../tests/fixtures/memory/project_save.tmx");
    let import = parse(text, Path::new("project_save.tmx"), None).expect("parse");
    assert_eq!(import.format, Format::Tmx);
    assert_eq!(import.source_lang.as_deref(), Some("AR"));
    assert_eq!(import.target_lang.as_deref(), Some("EN-GB"));
    let pairs: Vec<(&str, &str)> = import
        .units
        .iter()
        .map(|u| (u.source.as_str(), u.target.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            (
                "دخلت الدبابات مدينة حمص صباح اليوم.",
                "Tanks entered the city of Homs this morning."
            ),
            (
                "قال المرصد إن 12 شخصا قتلوا في القصف.",
                "The Observatory said 12 people were killed in the shelling."
            ),
            (
                "وأكد وزير الخارجية الروسي أن بلاده لن تغير موقفها.",
                "The Russian foreign minister stressed that his country would not change its position."
            ),
        ]
    );
}

#[test]
fn tmx_versions_1_2_and_1_3_are_read() {
    for version in ["1.2", "1.3"] {
        let tmx = format!(
            r#"<tmx version="{version}"><header srclang="ar" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext" creationtool="x" creationtoolversion="1"/><body><tu tuid="1"><tuv lang="ar"><seg>نص.</seg></tuv><tuv lang="en"><seg>Text.</seg></tuv></tu></body></tmx>"#
        );
        let import = parse(&tmx, Path::new("m.tmx"), None).expect(version);
        assert_eq!(import.units[0].target, "Text.", "{version}");
    }
}
