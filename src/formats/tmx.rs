//! TMX 1.4b translation memory: one `<tu>` per translated pair, with our id as `tuid`,
//! `xml:lang` on each `<tuv>`, creation and change dates and ids from the document's
//! revisions, and our state and origin as `<prop>` (`x-workbench-state`,
//! `x-workbench-origin`). Also turns a TMX into a memory document of the store.
//!
//! Inline codes are `<bpt>`/`<ept>` pairs and `<ph>`, with the native markup, when known,
//! escaped inside them; see the module `inline`.

use super::inline::{self, Dialect, Native};
use super::xml::{Element, Out, Source, parse_tree};
use super::{
    Error, ExportOptions, Format, Import, ImportUnit, Markup, check_xml_chars, meta_for,
    origin_text, primary_language, selected,
};
use crate::store::{Document, Origin, OriginKind, Segment, State};

const PROP_DOCUMENT: &str = "x-workbench-document";
const PROP_REVISION: &str = "x-workbench-revision";
const PROP_STATE: &str = "x-workbench-state";
const PROP_ORIGIN: &str = "x-workbench-origin";

/// RFC 3339 UTC (`2026-01-01T00:00:00Z`) as a TMX date (`20260101T000000Z`).
fn tmx_date(rfc3339: &str) -> Option<String> {
    let at = time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339)
        .ok()?
        .to_offset(time::UtcOffset::UTC);
    let format = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    at.format(&format).ok()
}

fn revision_time(doc: &Document, number: u32) -> Option<&str> {
    doc.revisions
        .iter()
        .find(|r| r.number == number)
        .map(|r| r.time.as_str())
}

/// `machine:stub`, `human`… for `creationid` and `changeid`.
fn origin_id(origin: &Origin) -> String {
    let kind = origin.kind.as_str();
    match &origin.backend {
        Some(b) => format!("{kind}:{b}"),
        None => kind.to_owned(),
    }
}

pub(crate) fn export(
    doc: &Document,
    options: &ExportOptions,
    markup: Option<Markup<'_>>,
) -> Result<String, Error> {
    let segs = selected(doc, Format::Tmx, options);
    check_xml_chars(doc, &segs, Format::Tmx)?;
    let meta = &doc.meta;
    let mut out = Out::new();
    out.open("tmx", &[("version", "1.4")]);
    let created = doc.revisions.first().and_then(|r| tmx_date(&r.time));
    let mut header = vec![
        ("creationtool", "workbench"),
        ("creationtoolversion", options.tool_version.as_str()),
        ("segtype", "sentence"),
        ("o-tmf", "workbench"),
        ("adminlang", "en"),
        ("srclang", meta.source_lang.as_str()),
        ("datatype", "plaintext"),
    ];
    if let Some(c) = &created {
        header.push(("creationdate", c));
    }
    out.open("header", &header);
    out.leaf("prop", &[("type", PROP_DOCUMENT)], &meta.name);
    out.leaf(
        "prop",
        &[("type", PROP_REVISION)],
        &doc.last_revision().to_string(),
    );
    out.close("header");
    out.open("body", &[]);
    for seg in segs {
        let id = seg.id.to_string();
        let first_revision = seg.history.first().map_or(seg.revision, |v| v.revision);
        let first_origin = seg
            .history
            .first()
            .map_or(seg.origin.as_ref(), |v| v.origin.as_ref());
        let creationdate = revision_time(doc, first_revision).and_then(tmx_date);
        let changedate = revision_time(doc, seg.revision).and_then(tmx_date);
        let creationid = first_origin.map(origin_id);
        let changeid = seg.origin.as_ref().map(origin_id);
        let mut attrs = vec![("tuid", id.as_str())];
        for (k, v) in [
            ("creationdate", &creationdate),
            ("creationid", &creationid),
            ("changedate", &changedate),
            ("changeid", &changeid),
        ] {
            if let Some(v) = v {
                attrs.push((k, v.as_str()));
            }
        }
        out.open("tu", &attrs);
        out.leaf("prop", &[("type", PROP_STATE)], seg.state.as_str());
        if let Some(origin) = &seg.origin {
            out.leaf("prop", &[("type", PROP_ORIGIN)], &origin_text(origin));
        }
        let native = Native::new(markup, seg.id);
        let inline = |text: &str| {
            inline::tmx(text, &native).map_err(|c| Error::Unrepresentable {
                document: meta.name.clone(),
                id: seg.id,
                code: u32::from(c),
                format: Format::Tmx.title(),
            })
        };
        out.open("tuv", &[("xml:lang", &meta.source_lang)]);
        out.leaf_markup("seg", &[], &inline(&seg.source)?);
        out.close("tuv");
        out.open("tuv", &[("xml:lang", &meta.target_lang)]);
        out.leaf_markup("seg", &[], &inline(&seg.target)?);
        out.close("tuv");
        out.close("tu");
    }
    out.close("body");
    out.close("tmx");
    Ok(out.finish())
}

fn props<'a>(el: &'a Element) -> impl Iterator<Item = (&'a str, &'a Element)> + 'a {
    el.elements(None)
        .filter(|e| e.name == "prop")
        .filter_map(|e| Some((e.attr("type")?, e)))
}

pub(crate) fn parse(src: &Source<'_>) -> Result<Import, Error> {
    let root = parse_tree(src)?;
    root.expect_root(src, "tmx")?;
    if let Some(ns) = &root.ns {
        return Err(src.error(root.offset, format!("wrong namespace `{ns}`: TMX has none")));
    }
    root.expect_version(src, &["1.1", "1.2", "1.3", "1.4", "1.4b"], |v| {
        format!("TMX version `{v}` is not supported (1.1 to 1.4)")
    })?;
    let header = root
        .child(None, "header")
        .ok_or_else(|| src.error(root.offset, "<tmx> has no <header>"))?;
    let srclang = header
        .attr("srclang")
        .ok_or_else(|| src.error(header.offset, "<header> has no srclang"))?;
    let mut document = None;
    let mut revision = None;
    for (kind, el) in props(header) {
        if kind == PROP_DOCUMENT {
            document = Some(el.plain_text(src)?);
        } else if kind == PROP_REVISION {
            revision = Some(super::parse_revision(src, el)?);
        }
    }
    let body = root
        .child(None, "body")
        .ok_or_else(|| src.error(root.offset, "<tmx> has no <body>"))?;
    let mut import = Import {
        path: src.path.to_owned(),
        format: Format::Tmx,
        document,
        revision,
        source_lang: Some(srclang.to_owned()),
        target_lang: None,
        units: Vec::new(),
    };
    let any_source = srclang.eq_ignore_ascii_case("*all*");
    for tu in body.elements(None).filter(|e| e.name == "tu") {
        let id = tu.attr("tuid").unwrap_or_default();
        let mut source: Option<inline::Content> = None;
        let mut target: Option<(String, inline::Content)> = None;
        for tuv in tu.elements(None).filter(|e| e.name == "tuv") {
            let lang = tuv
                .attr("xml:lang")
                .or_else(|| tuv.attr("lang"))
                .ok_or_else(|| src.error(tuv.offset, "<tuv> has no xml:lang (or lang, TMX 1.1)"))?;
            let seg = tuv
                .child(None, "seg")
                .ok_or_else(|| src.error(tuv.offset, "<tuv> has no <seg>"))?;
            let seg = inline::read(src, seg, Dialect::Tmx)?;
            let is_source = if any_source {
                source.is_none()
            } else {
                primary_language(lang) == primary_language(srclang)
            };
            if is_source && source.is_none() {
                source = Some(seg);
            } else if !is_source && target.is_none() {
                target = Some((lang.to_owned(), seg));
            }
        }
        let Some(source) = source else {
            return Err(src.error(
                tu.offset,
                format!("<tu> `{id}` has no <tuv> in the source language `{srclang}`"),
            ));
        };
        let (lang, target) = target.unwrap_or_default();
        let (source, target) = inline::resolve(src, tu.offset, &source, &target)?;
        if import.target_lang.is_none() && !lang.is_empty() {
            import.target_lang = Some(lang);
        }
        let mut state = State::Translated;
        for (kind, el) in props(tu) {
            if kind == PROP_STATE {
                let text = el.plain_text(src)?;
                state = State::parse(text.trim()).ok_or_else(|| {
                    src.error(el.offset, format!("unknown workbench state `{text}`"))
                })?;
            }
        }
        let (line, column) = src.position(tu.offset);
        import.units.push(ImportUnit {
            id: id.to_owned(),
            source,
            target,
            state,
            line,
            column,
        });
    }
    Ok(import)
}

/// A store document holding a TMX's pairs as a translation memory: every unit with a target
/// becomes a segment (ids from 1, in file order) with an `import` origin, in one revision
/// `import tmx memory`. `source_path` is recorded as the document's source, `hash` as its
/// hash (of the TMX's bytes).
pub fn memory_document(
    import: &Import,
    name: &str,
    source_path: &str,
    hash: &str,
    now: &str,
) -> Result<Document, crate::store::Error> {
    crate::store::validate_name(name)?;
    let mut doc = Document::new(meta_for(name, source_path, hash, import), &[]);
    let revision = doc.next_revision();
    for unit in import.units.iter().filter(|u| !u.target.is_empty()) {
        let id = doc.segments.len() as u64 + 1;
        doc.segments.push(Segment {
            target: unit.target.clone(),
            state: unit.state,
            origin: Some(Origin {
                kind: OriginKind::Import,
                backend: Some(import.format.as_str().to_owned()),
                model: None,
                time: now.to_owned(),
            }),
            revision,
            ..Segment::new(id, 0..0, unit.source.clone())
        });
    }
    let changed = doc.segments.len();
    doc.record_revision(revision, now, "import tmx memory", changed);
    Ok(doc)
}
