//! The checks shared by the importer targets: reading any text as an interchange file gives
//! an import or an error, never a panic; applying an import to a small document either
//! changes nothing (on error) or accounts for every unit; and an export of the result, read
//! back and applied again, changes nothing.

use std::path::Path;
use std::sync::OnceLock;

use workbench::formats::{ExportOptions, Format, apply, export, memory_document, parse, selected};
use workbench::store::Document;

const NOW: &str = "2026-02-01T00:00:00Z";

/// A six-segment document with every state, line ends, tabs, bidi controls and XML specials.
fn document() -> &'static Document {
    static DOC: OnceLock<Document> = OnceLock::new();
    DOC.get_or_init(|| {
        Document::parse(
            include_str!("../../../tests/fixtures/formats/tricky.yaml"),
            Path::new("tricky.yaml"),
        )
        .expect("the fixture document loads")
    })
}

/// Run every check on `data` read as the file `name` (its extension only matters for tables).
pub fn check(data: &[u8], name: &str) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new(name);
    let Ok(import) = parse(text, path, None) else {
        return;
    };
    for unit in &import.units {
        assert!(
            unit.line >= 1 && unit.column >= 1,
            "positions are 1-based: {unit:?}"
        );
    }
    if import.format == Format::Tmx
        && let Ok(memory) = memory_document(&import, "fuzz", name, "sha256:0", NOW)
    {
        let again = Document::parse(
            &memory.to_yaml().expect("serialises"),
            Path::new("memory.yaml"),
        )
        .expect("a memory document writes back to a loadable store");
        assert_eq!(again, memory);
    }

    let original = document();
    let mut doc = original.clone();
    let report = match apply(&mut doc, &import, NOW) {
        Ok(report) => report,
        Err(_) => {
            assert_eq!(&doc, original, "a failed import changes nothing");
            return;
        }
    };
    assert_eq!(
        report.changes.len() + report.unchanged + report.skipped.len(),
        import.units.len(),
        "every unit is changed, unchanged or skipped"
    );
    assert_eq!(report.revision.is_some(), !report.changes.is_empty());
    let stored = Document::parse(
        &doc.to_yaml().expect("serialises"),
        Path::new("applied.yaml"),
    )
    .expect("an imported document writes back to a loadable store");
    assert_eq!(stored, doc);

    // An import of an export round-trips.
    let format = import.format;
    let options = ExportOptions::default();
    let Ok(exported) = export(&doc, format, &options) else {
        return;
    };
    let file = format!("export.{}", format.extension());
    let back = parse(&exported, Path::new(&file), None).expect("an export reads back");
    assert_eq!(back.format, format);
    let expected = selected(&doc, format, &options);
    assert_eq!(back.units.len(), expected.len());
    for (unit, seg) in back.units.iter().zip(expected) {
        assert_eq!(unit.id, seg.id.to_string());
        assert_eq!(unit.source, seg.source, "source of {}", seg.id);
        assert_eq!(unit.target, seg.target, "target of {}", seg.id);
        assert_eq!(unit.state, seg.state, "state of {}", seg.id);
    }
    let mut again = doc.clone();
    let report = apply(&mut again, &back, NOW).expect("an export applies to its document");
    assert!(report.changes.is_empty(), "{:?}", report.changes);
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(again, doc);
}
