//! XLIFF 1.2 (OASIS), for the tools that read only 1.2: one `<trans-unit>` per segment,
//! states on `<target state>` with a `state-qualifier`, `approved="yes"` when approved.
//!
//! | workbench    | `state`                    | `state-qualifier`                 |
//! |--------------|----------------------------|-----------------------------------|
//! | `new`        | (no target) or `new`       |                                   |
//! | `draft`      | `needs-review-translation` | `mt-suggestion` (`leveraged-tm`)  |
//! | `translated` | `translated`               |                                   |
//! | `reviewed`   | `signed-off`               |                                   |
//! | `approved`   | `final`, `approved="yes"`  |                                   |
//! | `rejected`   | `needs-translation`        | `x-rejected`                      |
//!
//! Inline codes are `<g>` and `<x>` (`<bx>`/`<ex>` for pairs that do not nest), without native
//! markup; see the module `inline`.

use super::inline::{self, Dialect};
use super::xml::{Element, Out, Source, parse_tree};
use super::{
    Error, ExportOptions, Format, Import, ImportUnit, XLIFF12_NS, check_xml_chars, origin_text,
    selected,
};
use crate::store::{Document, OriginKind, Segment, State};

/// The `state` and `state-qualifier` of a segment's target; `None` when no target is written.
pub(crate) fn state_to(seg: &Segment) -> Option<(&'static str, Option<&'static str>)> {
    Some(match seg.state {
        State::New if seg.target.is_empty() => return None,
        State::New => ("new", None),
        State::Draft => {
            let memory = seg
                .origin
                .as_ref()
                .is_some_and(|o| o.kind == OriginKind::Memory);
            (
                "needs-review-translation",
                Some(if memory {
                    "leveraged-tm"
                } else {
                    "mt-suggestion"
                }),
            )
        }
        State::Translated => ("translated", None),
        State::Reviewed => ("signed-off", None),
        State::Approved => ("final", None),
        State::Rejected => ("needs-translation", Some("x-rejected")),
    })
}

/// Our state for a trans-unit's `approved`, its target's `state` and `state-qualifier`.
pub(crate) fn state_from(
    approved: bool,
    target: Option<&str>,
    state: Option<&str>,
    qualifier: Option<&str>,
) -> Option<State> {
    if approved {
        return Some(State::Approved);
    }
    let Some(target) = target else {
        return Some(State::New);
    };
    Some(match state {
        Some("final") => State::Approved,
        Some("signed-off") => State::Reviewed,
        Some("translated") => State::Translated,
        Some("needs-review-translation" | "needs-review-l10n" | "needs-review-adaptation") => {
            State::Draft
        }
        Some("needs-translation") if qualifier == Some("x-rejected") => State::Rejected,
        Some("new" | "needs-translation" | "needs-l10n" | "needs-adaptation") => State::New,
        Some(s) if !s.starts_with("x-") => return None,
        _ if target.is_empty() => State::New,
        _ => State::Translated,
    })
}

pub(crate) fn export(doc: &Document, options: &ExportOptions) -> Result<String, Error> {
    let segs = selected(doc, Format::Xliff12, options);
    check_xml_chars(doc, &segs, Format::Xliff12)?;
    let meta = &doc.meta;
    let mut out = Out::new();
    out.open("xliff", &[("xmlns", XLIFF12_NS), ("version", "1.2")]);
    out.open(
        "file",
        &[
            ("original", &meta.name),
            ("source-language", &meta.source_lang),
            ("target-language", &meta.target_lang),
            ("datatype", "plaintext"),
        ],
    );
    out.open("header", &[]);
    out.leaf(
        "tool",
        &[
            ("tool-id", "workbench"),
            ("tool-name", "workbench"),
            ("tool-version", &options.tool_version),
        ],
        "",
    );
    // The revision the file was taken from: an import tells the file's edits from newer ones.
    out.leaf(
        "note",
        &[("from", super::REVISION_NOTE)],
        &doc.last_revision().to_string(),
    );
    out.close("header");
    out.open("body", &[]);
    for seg in segs {
        let id = seg.id.to_string();
        let mut attrs = vec![("id", id.as_str()), ("xml:space", "preserve")];
        if seg.state == State::Approved {
            attrs.push(("approved", "yes"));
        }
        out.open("trans-unit", &attrs);
        out.leaf_markup("source", &[], &inline::xliff12(&seg.source));
        if let Some((state, qualifier)) = state_to(seg) {
            let target = inline::xliff12(&seg.target);
            match qualifier {
                Some(q) => out.leaf_markup(
                    "target",
                    &[("state", state), ("state-qualifier", q)],
                    &target,
                ),
                None => out.leaf_markup("target", &[("state", state)], &target),
            }
        }
        if let Some(origin) = &seg.origin {
            out.leaf(
                "note",
                &[("from", "workbench")],
                &format!("origin: {}", origin_text(origin)),
            );
        }
        if seg.stale {
            out.leaf(
                "note",
                &[("from", "workbench")],
                "stale: the source changed under this target: check it",
            );
        }
        if let Some(c) = seg.confidence {
            out.leaf(
                "note",
                &[("from", "workbench")],
                &format!("alignment confidence: {c:.2}"),
            );
        }
        out.close("trans-unit");
    }
    out.close("body");
    out.close("file");
    out.close("xliff");
    Ok(out.finish())
}

pub(crate) fn parse(src: &Source<'_>) -> Result<Import, Error> {
    let root = parse_tree(src)?;
    root.expect_root(src, "xliff")?;
    root.expect_namespace(src, "XLIFF 1.2", XLIFF12_NS)?;
    root.expect_version(src, &["1.2"], |v| {
        format!("XLIFF version `{v}` is not supported here (1.2)")
    })?;
    let ns = Some(XLIFF12_NS);
    let mut import = Import {
        path: src.path.to_owned(),
        format: Format::Xliff12,
        document: None,
        revision: None,
        source_lang: None,
        target_lang: None,
        units: Vec::new(),
    };
    let mut files = 0;
    for file in root.elements(ns).filter(|e| e.name == "file") {
        files += 1;
        if import.document.is_none() {
            import.document = file.attr("original").map(str::to_owned);
            import.source_lang = file.attr("source-language").map(str::to_owned);
            import.target_lang = file.attr("target-language").map(str::to_owned);
            let header = file.child(ns, "header");
            let note = header
                .into_iter()
                .flat_map(|h| h.elements(ns))
                .find(|n| n.name == "note" && n.attr("from") == Some(super::REVISION_NOTE));
            if let Some(note) = note {
                import.revision = Some(super::parse_revision(src, note)?);
            }
        }
        let body = file
            .child(ns, "body")
            .ok_or_else(|| src.error(file.offset, "<file> has no <body>"))?;
        super::collect_xliff_units(src, body, XLIFF12_NS, "trans-unit", unit, &mut import.units)?;
    }
    if files == 0 {
        return Err(src.error(root.offset, "<xliff> holds no <file>"));
    }
    Ok(import)
}

fn unit(src: &Source<'_>, el: &Element) -> Result<ImportUnit, Error> {
    let ns = Some(XLIFF12_NS);
    let id = el
        .attr("id")
        .ok_or_else(|| src.error(el.offset, "<trans-unit> has no id"))?;
    let source = el
        .child(ns, "source")
        .ok_or_else(|| src.error(el.offset, format!("trans-unit `{id}` has no <source>")))?;
    let source = inline::read(src, source, Dialect::Xliff12)?;
    let target_el = el.child(ns, "target");
    let target_content = match target_el {
        Some(t) => inline::read(src, t, Dialect::Xliff12)?,
        None => inline::Content::default(),
    };
    let (source, target_text) = inline::resolve(src, el.offset, &source, &target_content)?;
    let target = target_el.map(|_| target_text);
    let state_attr = target_el.and_then(|t| t.attr("state"));
    let qualifier = target_el.and_then(|t| t.attr("state-qualifier"));
    let approved = el.attr("approved") == Some("yes");
    let state =
        state_from(approved, target.as_deref(), state_attr, qualifier).ok_or_else(|| {
            src.error(
                target_el.map_or(el.offset, |t| t.offset),
                format!(
                    "trans-unit `{id}`: unknown state `{}`",
                    state_attr.unwrap_or_default()
                ),
            )
        })?;
    let (line, column) = src.position(el.offset);
    Ok(ImportUnit {
        id: id.to_owned(),
        source,
        target: target.unwrap_or_default(),
        state,
        line,
        column,
    })
}
