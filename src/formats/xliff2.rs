//! XLIFF 2.1 (OASIS): one `<unit>` per segment, states mapped onto the core `state` and
//! `subState` attributes, origin and flags as notes.
//!
//! | workbench    | `state`      | `subState`               | `<target>`        |
//! |--------------|--------------|--------------------------|-------------------|
//! | `new`        | `initial`    | (`workbench:new` if a target) | when not empty |
//! | `draft`      | `initial`    | `workbench:mt-<backend>` | yes               |
//! | `translated` | `translated` |                          | yes               |
//! | `reviewed`   | `reviewed`   |                          | yes               |
//! | `approved`   | `final`      |                          | yes               |
//! | `rejected`   | `initial`    | `workbench:rejected`     | when not empty    |
//!
//! Inline codes are `<pc>` and `<ph>` (`<sc>`/`<ec>` for pairs that do not nest), with the
//! native markup, when known, in the unit's `<originalData>`; see the module `inline`.

use super::inline::{self, Dialect, Native, OriginalData};
use super::xml::{Element, Out, Source, parse_tree};
use super::{
    Error, ExportOptions, Format, Import, ImportUnit, Markup, XLIFF2_GLOSSARY_NS, XLIFF2_NS,
    check_xml_chars, direction, origin_text, selected,
};
use crate::glossary::{self, Glossary, Matcher};
use crate::store::{Document, OriginKind, Segment, State};

/// A unit's glossary terms (matched source form, rendering) and findings, once per term.
fn unit_terms(
    g: &Glossary,
    matcher: &Matcher,
    seg: &Segment,
) -> (Vec<(String, String)>, Vec<String>) {
    let matches = matcher.find(&seg.source);
    let mut terms: Vec<(String, String)> = Vec::new();
    let mut seen = Vec::new();
    for m in &matches {
        if seen.contains(&m.term) {
            continue;
        }
        seen.push(m.term);
        let Some(term) = g.terms().get(m.term) else {
            continue;
        };
        let form = seg.source.get(m.term_range.clone()).unwrap_or_default();
        terms.push((form.to_owned(), term.english.clone()));
    }
    let findings = if seg.target.is_empty() {
        Vec::new()
    } else {
        glossary::check(g, &matches, &seg.target)
            .into_iter()
            .map(|v| v.to_string())
            .collect()
    };
    (terms, findings)
}

/// The XLIFF `state` and `subState` of a segment.
pub(crate) fn state_to(seg: &Segment) -> (&'static str, Option<String>) {
    match seg.state {
        State::New if seg.target.is_empty() => ("initial", None),
        State::New => ("initial", Some("workbench:new".to_owned())),
        State::Draft => {
            let sub = match &seg.origin {
                Some(o) if o.kind == OriginKind::Machine => {
                    format!("workbench:mt-{}", o.backend.as_deref().unwrap_or("unknown"))
                }
                Some(o) if o.kind == OriginKind::Memory => "workbench:memory".to_owned(),
                Some(o) if o.kind == OriginKind::Alignment => "workbench:alignment".to_owned(),
                _ => "workbench:draft".to_owned(),
            };
            ("initial", Some(sub))
        }
        State::Translated => ("translated", None),
        State::Reviewed => ("reviewed", None),
        State::Approved => ("final", None),
        State::Rejected => ("initial", Some("workbench:rejected".to_owned())),
    }
}

/// Our state for an XLIFF `state`, `subState` and target.
pub(crate) fn state_from(state: &str, sub: Option<&str>, target: &str) -> Option<State> {
    Some(match state {
        "final" => State::Approved,
        "reviewed" => State::Reviewed,
        "translated" => State::Translated,
        "initial" => match sub {
            Some("workbench:rejected") => State::Rejected,
            Some("workbench:new") => State::New,
            Some(s) if s.starts_with("workbench:") => State::Draft,
            _ if target.is_empty() => State::New,
            _ => State::Draft,
        },
        _ => return None,
    })
}

fn writes_target(seg: &Segment) -> bool {
    !seg.target.is_empty()
        || matches!(
            seg.state,
            State::Translated | State::Reviewed | State::Approved
        )
}

pub(crate) fn export(
    doc: &Document,
    options: &ExportOptions,
    markup: Option<Markup<'_>>,
) -> Result<String, Error> {
    let segs = selected(doc, Format::Xliff2, options);
    if segs.is_empty() {
        return Err(Error::Empty {
            document: doc.meta.name.clone(),
            format: Format::Xliff2.title(),
        });
    }
    check_xml_chars(doc, &segs, Format::Xliff2)?;
    let meta = &doc.meta;
    let matcher = options.glossary.as_ref().map(|g| (g, Matcher::new(g)));
    let mut out = Out::new();
    let mut root = vec![("xmlns", XLIFF2_NS)];
    if matcher.is_some() {
        root.push(("xmlns:gls", XLIFF2_GLOSSARY_NS));
    }
    root.extend([
        ("version", "2.1"),
        ("srcLang", meta.source_lang.as_str()),
        ("trgLang", meta.target_lang.as_str()),
    ]);
    out.open("xliff", &root);
    out.open(
        "file",
        &[
            ("id", "f1"),
            ("original", &meta.name),
            ("canResegment", "no"),
            ("srcDir", direction(&meta.source_lang)),
            ("trgDir", direction(&meta.target_lang)),
        ],
    );
    // The revision the file was taken from: an import tells the file's edits from newer ones.
    out.open("notes", &[]);
    out.leaf(
        "note",
        &[("category", super::REVISION_NOTE)],
        &doc.last_revision().to_string(),
    );
    out.close("notes");
    for seg in segs {
        let id = seg.id.to_string();
        out.open("unit", &[("id", &id), ("xml:space", "preserve")]);
        let (terms, findings) = match &matcher {
            Some((g, m)) => unit_terms(g, m, seg),
            None => (Vec::new(), Vec::new()),
        };
        if !terms.is_empty() {
            out.open("gls:glossary", &[]);
            for (form, english) in &terms {
                out.open("gls:glossEntry", &[]);
                out.leaf("gls:term", &[("source", "workbench:glossary")], form);
                out.leaf("gls:translation", &[], english);
                out.close("gls:glossEntry");
            }
            out.close("gls:glossary");
        }
        let mut notes: Vec<(&str, String)> = Vec::new();
        for finding in findings {
            notes.push(("workbench:glossary", finding));
        }
        if let Some(origin) = &seg.origin {
            notes.push(("workbench:origin", origin_text(origin)));
        }
        if seg.stale {
            notes.push((
                "workbench:stale",
                "the source changed under this target: check it".to_owned(),
            ));
        }
        if let Some(c) = seg.confidence {
            notes.push(("workbench:confidence", format!("{c:.2}")));
        }
        if !notes.is_empty() {
            out.open("notes", &[]);
            for (category, text) in &notes {
                out.leaf("note", &[("category", category)], text);
            }
            out.close("notes");
        }
        let with_target = writes_target(seg);
        let texts: &[&str] = if with_target {
            &[&seg.source, &seg.target]
        } else {
            &[&seg.source]
        };
        let data = OriginalData::new(&Native::new(markup, seg.id), texts);
        if !data.data.is_empty() {
            out.open("originalData", &[]);
            for (id, markup) in &data.data {
                out.leaf_markup("data", &[("id", id)], &inline::xliff2_data(markup));
            }
            out.close("originalData");
        }
        let (state, sub) = state_to(seg);
        match &sub {
            Some(sub) => out.open("segment", &[("state", state), ("subState", sub)]),
            None => out.open("segment", &[("state", state)]),
        }
        out.leaf_markup("source", &[], &inline::xliff2(&seg.source, &data));
        if with_target {
            out.leaf_markup("target", &[], &inline::xliff2(&seg.target, &data));
        }
        out.close("segment");
        out.close("unit");
    }
    out.close("file");
    out.close("xliff");
    Ok(out.finish())
}

pub(crate) fn parse(src: &Source<'_>) -> Result<Import, Error> {
    let root = parse_tree(src)?;
    root.expect_root(src, "xliff")?;
    root.expect_namespace(src, "XLIFF 2", XLIFF2_NS)?;
    root.expect_version(src, &["2.0", "2.1"], |v| {
        format!("XLIFF version `{v}` is not supported (2.0 or 2.1)")
    })?;
    let ns = Some(XLIFF2_NS);
    let mut import = Import {
        path: src.path.to_owned(),
        format: Format::Xliff2,
        document: None,
        revision: None,
        source_lang: root.attr("srcLang").map(str::to_owned),
        target_lang: root.attr("trgLang").map(str::to_owned),
        units: Vec::new(),
    };
    let mut files = 0;
    for file in root.elements(ns).filter(|e| e.name == "file") {
        files += 1;
        if import.document.is_none() {
            import.document = file.attr("original").map(str::to_owned);
            let notes = file.child(ns, "notes");
            let note = notes
                .into_iter()
                .flat_map(|n| n.elements(ns))
                .find(|n| n.name == "note" && n.attr("category") == Some(super::REVISION_NOTE));
            if let Some(note) = note {
                import.revision = Some(super::parse_revision(src, note)?);
            }
        }
        super::collect_xliff_units(src, file, XLIFF2_NS, "unit", unit, &mut import.units)?;
    }
    if files == 0 {
        return Err(src.error(root.offset, "<xliff> holds no <file>"));
    }
    Ok(import)
}

fn unit(src: &Source<'_>, el: &Element) -> Result<ImportUnit, Error> {
    let ns = Some(XLIFF2_NS);
    let id = el
        .attr("id")
        .ok_or_else(|| src.error(el.offset, "<unit> has no id"))?;
    let segments: Vec<&Element> = el.elements(ns).filter(|e| e.name == "segment").collect();
    let [segment] = segments.as_slice() else {
        return Err(src.error(
            el.offset,
            format!(
                "unit `{id}` has {} segments: workbench reads one segment per unit",
                segments.len()
            ),
        ));
    };
    let source = segment
        .child(ns, "source")
        .ok_or_else(|| src.error(segment.offset, format!("unit `{id}` has no <source>")))?;
    let source = inline::read(src, source, Dialect::Xliff2)?;
    let target = match segment.child(ns, "target") {
        Some(t) => inline::read(src, t, Dialect::Xliff2)?,
        None => inline::Content::default(),
    };
    let (source, target) = inline::resolve(src, el.offset, &source, &target)?;
    let state_attr = segment.attr("state").unwrap_or("initial");
    let state = state_from(state_attr, segment.attr("subState"), &target).ok_or_else(|| {
        src.error(
            segment.offset,
            format!(
                "unit `{id}`: unknown state `{state_attr}` (initial, translated, reviewed or final)"
            ),
        )
    })?;
    let (line, column) = src.position(el.offset);
    Ok(ImportUnit {
        id: id.to_owned(),
        source,
        target,
        state,
        line,
        column,
    })
}
