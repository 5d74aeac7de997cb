//! The last pass over a text part whose text changed in a build: it checks that the part is
//! still well-formed XML, keeps the spaces at the ends of a `<w:t>` (`xml:space="preserve"`),
//! and, when building a target in a left-to-right language, turns the direction of the
//! paragraphs that became that language.
//!
//! A paragraph is turned when it has at least as many Latin letters as Arabic-script ones
//! (and some Latin letter): a translated paragraph, not one left in Arabic (a segment built
//! from its source, an untranslated header). In a turned paragraph:
//!
//! - `<w:bidi/>` (or `w:val` on) in its properties is removed; a paragraph right-to-left by
//!   its style or the document defaults gets `<w:bidi w:val="0"/>`;
//! - if it was right-to-left, its alignment `w:jc` `right`, `end` or `start` becomes `left`
//!   (Word reads left and right in a right-to-left paragraph as start and end; English copy
//!   reads from the left either way), and Arabic justification (`lowKashida`,
//!   `mediumKashida`, `highKashida`) becomes `both`; `center` and `both` stay;
//! - in every run's properties and the paragraph mark's, `<w:rtl/>` and `<w:cs/>` are
//!   removed (a run right-to-left by its style gets `<w:rtl w:val="0"/>`): Word would
//!   otherwise lay the English out with the complex-script font, size and bold (`w:bCs`);
//! - `w:lang`'s `w:val` (the language of Latin text) becomes the target language (`en` is
//!   written `en-US`); `w:bidi` (the language of complex-script text) and `w:eastAsia` stay,
//!   as they only apply to text in those scripts.
//!
//! In a part with a turned paragraph, a table holding one loses `w:bidiVisual` (its columns
//! run left to right again), and a section's `w:bidi` is removed.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::ops::Range;

use super::paragraphs::Failure;
use super::styles::Styles;
use super::xml::{self, Names};

/// Paragraph properties that come after `w:bidi` in their schema order.
const AFTER_BIDI: [&[u8]; 17] = [
    b"adjustRightInd",
    b"snapToGrid",
    b"spacing",
    b"ind",
    b"contextualSpacing",
    b"mirrorIndents",
    b"suppressOverlap",
    b"jc",
    b"textDirection",
    b"textAlignment",
    b"textboxTightWrap",
    b"outlineLvl",
    b"divId",
    b"cnfStyle",
    b"rPr",
    b"sectPr",
    b"pPrChange",
];

/// Run properties that come after `w:rtl` in their schema order.
const AFTER_RTL: [&[u8]; 7] = [
    b"cs",
    b"em",
    b"lang",
    b"eastAsianLayout",
    b"specVanish",
    b"oMath",
    b"rPrChange",
];

/// A properties element (`w:pPr`, `w:rPr`): where it is and where a new child goes.
#[derive(Debug, Default)]
struct Props {
    /// The element's whole range when it is empty (`<w:rPr/>`).
    empty: Option<Range<usize>>,
    /// Where a new child goes: before the first child that follows it in schema order, or
    /// before the closing tag.
    insert_at: Option<usize>,
    close_at: usize,
    /// The direction element (`w:bidi` or `w:rtl`): its range and whether it is on.
    direction: Option<(Range<usize>, bool)>,
    /// `w:cs`, on.
    cs: Option<Range<usize>>,
    /// `w:jc`: range and value.
    jc: Option<(Range<usize>, String)>,
    /// `w:lang` elements: range and the element.
    langs: Vec<(Range<usize>, BytesStart<'static>)>,
    /// `w:pStyle` or `w:rStyle`.
    style: Option<String>,
}

#[derive(Debug, Default)]
struct Para {
    tag_end: usize,
    props: Option<Props>,
    mark: Option<Props>,
    runs: Vec<(usize, Option<Props>)>,
    latin: usize,
    arabic: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Para,
    ParaProps,
    MarkProps,
    Run,
    RunProps,
    Text,
    Table,
    TableProps,
    Section,
    Skip,
    Other,
}

/// The part's new text.
pub(super) fn finish_part(
    text: &str,
    lang: Option<&str>,
    styles: &Styles,
) -> Result<String, Failure> {
    let mut reader = Reader::from_str(text);
    let mut names = Names::default();
    let mut rooted = false;
    let mut stack: Vec<Ctx> = Vec::new();
    let mut paras: Vec<Para> = Vec::new();
    let mut tables: Vec<(Option<Range<usize>>, bool)> = Vec::new();
    let mut sections: Vec<Range<usize>> = Vec::new();
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut turned_any = false;
    // The `<w:t>` being read: its start tag, whether it says xml:space, its content's start.
    let mut t_open: Option<(Range<usize>, bool)> = None;
    let lang_tag = lang.map(word_lang);
    loop {
        let start = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| Failure {
            pos: reader.error_position() as usize,
            message: e.to_string(),
        })?;
        let end = reader.buffer_position() as usize;
        let ctx = stack.last().copied().unwrap_or(Ctx::Other);
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                if !rooted {
                    names.learn(e);
                    rooted = true;
                }
                let qname = e.name();
                let local = names.w(qname.as_ref());
                let mut next = if ctx == Ctx::Skip {
                    Ctx::Skip
                } else {
                    Ctx::Other
                };
                if ctx != Ctx::Skip {
                    match (ctx, local) {
                        (_, Some(b"p")) if !empty => {
                            next = Ctx::Para;
                            paras.push(Para {
                                tag_end: end,
                                ..Para::default()
                            });
                        }
                        (Ctx::Para, Some(b"pPr")) => {
                            next = Ctx::ParaProps;
                            if let Some(p) = paras.last_mut() {
                                p.props = Some(props_at(start, end, empty));
                            }
                        }
                        (Ctx::ParaProps, Some(l)) => {
                            if let Some(props) = paras.last_mut().and_then(|p| p.props.as_mut()) {
                                if props.insert_at.is_none() && AFTER_BIDI.contains(&l) {
                                    props.insert_at = Some(start);
                                }
                                match l {
                                    b"bidi" => {
                                        let on = xml::on(names.attr(e, b"val").as_deref());
                                        props.direction = Some((start..end, on));
                                    }
                                    b"jc" => {
                                        props.jc = Some((
                                            start..end,
                                            names.attr(e, b"val").unwrap_or_default(),
                                        ));
                                    }
                                    b"pStyle" => props.style = names.attr(e, b"val"),
                                    _ => {}
                                }
                            }
                            next = match l {
                                b"rPr" => {
                                    if let Some(p) = paras.last_mut() {
                                        p.mark = Some(props_at(start, end, empty));
                                    }
                                    Ctx::MarkProps
                                }
                                b"sectPr" => Ctx::Section,
                                _ => Ctx::Skip,
                            };
                        }
                        (Ctx::RunProps | Ctx::MarkProps, l) => {
                            let p = paras.last_mut();
                            let props = match ctx {
                                Ctx::RunProps => {
                                    p.and_then(|p| p.runs.last_mut()).and_then(|r| r.1.as_mut())
                                }
                                _ => p.and_then(|p| p.mark.as_mut()),
                            };
                            if let Some(props) = props {
                                if props.insert_at.is_none()
                                    && l.is_none_or(|l| AFTER_RTL.contains(&l))
                                {
                                    props.insert_at = Some(start);
                                }
                                let on = || xml::on(names.attr(e, b"val").as_deref());
                                match l {
                                    Some(b"rtl") => props.direction = Some((start..end, on())),
                                    Some(b"cs") if on() => props.cs = Some(start..end),
                                    Some(b"lang") if empty => {
                                        props.langs.push((start..end, e.clone().into_owned()));
                                    }
                                    Some(b"rStyle") => props.style = names.attr(e, b"val"),
                                    _ => {}
                                }
                            }
                            next = Ctx::Skip;
                        }
                        (_, Some(b"r")) if !paras.is_empty() && !empty => {
                            next = Ctx::Run;
                            if let Some(p) = paras.last_mut() {
                                p.runs.push((end, None));
                            }
                        }
                        (Ctx::Run, Some(b"rPr")) => {
                            next = Ctx::RunProps;
                            if let Some(run) = paras.last_mut().and_then(|p| p.runs.last_mut()) {
                                run.1 = Some(props_at(start, end, empty));
                            }
                        }
                        (Ctx::Run, Some(b"t")) => {
                            next = Ctx::Text;
                            if !empty {
                                let preserve = e
                                    .attributes()
                                    .flatten()
                                    .any(|a| a.key.as_ref() == b"xml:space");
                                t_open = Some((start..end, preserve));
                            }
                        }
                        (_, Some(b"tbl")) if !empty => {
                            next = Ctx::Table;
                            tables.push((None, false));
                        }
                        (Ctx::Table, Some(b"tblPr")) => next = Ctx::TableProps,
                        (Ctx::TableProps, Some(b"bidiVisual")) => {
                            if let Some(t) = tables.last_mut() {
                                t.0 = Some(start..end);
                            }
                        }
                        (_, Some(b"sectPr")) => next = Ctx::Section,
                        (Ctx::Section, Some(b"bidi")) => sections.push(start..end),
                        (_, Some(b"pPrChange" | b"rPrChange" | b"instrText" | b"delText")) => {
                            next = Ctx::Skip;
                        }
                        _ => {}
                    }
                }
                if !empty {
                    stack.push(next);
                }
            }
            Event::Text(ref t) if ctx == Ctx::Text => {
                if let Some(p) = paras.last_mut() {
                    count_letters(&String::from_utf8_lossy(t.as_ref()), p);
                }
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else {
                    return Err(Failure {
                        pos: start,
                        message: "a closing tag without an opening one".into(),
                    });
                };
                match done {
                    Ctx::Text => {
                        if let Some((tag, false)) = t_open.take() {
                            let content = text.get(tag.end..start).unwrap_or_default();
                            let spaced = |c: Option<char>| c.is_some_and(|c| c.is_whitespace());
                            if spaced(content.chars().next()) || spaced(content.chars().last()) {
                                let at = tag.end - 1;
                                edits.push((at..at, " xml:space=\"preserve\"".into()));
                            }
                        }
                    }
                    Ctx::ParaProps => {
                        set_close(paras.last_mut().and_then(|p| p.props.as_mut()), start)
                    }
                    Ctx::MarkProps => {
                        set_close(paras.last_mut().and_then(|p| p.mark.as_mut()), start)
                    }
                    Ctx::RunProps => set_close(
                        paras
                            .last_mut()
                            .and_then(|p| p.runs.last_mut())
                            .and_then(|r| r.1.as_mut()),
                        start,
                    ),
                    Ctx::Para => {
                        if let (Some(p), Some(tag)) = (paras.pop(), lang_tag.as_deref())
                            && p.latin > 0
                            && p.latin >= p.arabic
                        {
                            turn(&p, tag, &names, styles, &mut edits);
                            turned_any = true;
                            if let Some(t) = tables.last_mut() {
                                t.1 = true;
                            }
                        }
                    }
                    Ctx::Table => {
                        if let Some((visual, turned)) = tables.pop() {
                            if let (Some(range), true) = (visual, turned) {
                                edits.push((range, String::new()));
                            }
                            // A turned paragraph in a nested table is in its parent too.
                            if let Some(parent) = tables.last_mut() {
                                parent.1 |= turned;
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(Failure {
            pos: text.len(),
            message: "the part ends inside an element".into(),
        });
    }
    if turned_any {
        edits.extend(sections.into_iter().map(|r| (r, String::new())));
    }
    Ok(apply(text, edits))
}

fn props_at(start: usize, end: usize, empty: bool) -> Props {
    Props {
        empty: empty.then_some(start..end),
        close_at: end,
        ..Props::default()
    }
}

fn set_close(props: Option<&mut Props>, at: usize) {
    if let Some(p) = props {
        p.close_at = at;
    }
}

/// Latin and Arabic-script letters of a paragraph's text.
fn count_letters(s: &str, p: &mut Para) {
    for c in s.chars() {
        if c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c) {
            p.latin += 1;
        } else if crate::text::is_arabic_letter(c) {
            p.arabic += 1;
        }
    }
}

/// The language as Word writes it: a region for a bare `en`.
fn word_lang(lang: &str) -> String {
    let lang = lang.replace('_', "-");
    if lang.eq_ignore_ascii_case("en") {
        "en-US".into()
    } else {
        lang
    }
}

/// The edits that turn one paragraph left-to-right in language `tag`.
fn turn(
    p: &Para,
    tag: &str,
    names: &Names,
    styles: &Styles,
    edits: &mut Vec<(Range<usize>, String)>,
) {
    let props = p.props.as_ref();
    let style = props.and_then(|x| x.style.as_deref());
    let bidi = match props.and_then(|x| x.direction.as_ref()) {
        Some((range, on)) => {
            if *on {
                edits.push((range.clone(), String::new()));
            }
            *on
        }
        None => {
            let inherited = styles.paragraph_bidi(style);
            if inherited {
                let off = format!(
                    "<{} {}=\"0\"/>",
                    names.qualified("bidi"),
                    names.qualified("val")
                );
                insert_child(props, p.tag_end, &names.qualified("pPr"), &off, edits);
            }
            inherited
        }
    };
    if bidi && let Some((range, value)) = props.and_then(|x| x.jc.as_ref()) {
        let new = match value.as_str() {
            "right" | "end" | "start" => Some("left"),
            "lowKashida" | "mediumKashida" | "highKashida" => Some("both"),
            _ => None,
        };
        if let Some(new) = new {
            edits.push((
                range.clone(),
                format!(
                    "<{} {}=\"{new}\"/>",
                    names.qualified("jc"),
                    names.qualified("val")
                ),
            ));
        }
    }
    let mut run_props: Vec<(Option<&Props>, Option<usize>)> = p
        .runs
        .iter()
        .map(|(tag_end, r)| (r.as_ref(), Some(*tag_end)))
        .collect();
    if p.mark.is_some() {
        run_props.push((p.mark.as_ref(), None));
    }
    for (props, tag_end) in run_props {
        match props.and_then(|x| x.direction.as_ref()) {
            Some((range, true)) => edits.push((range.clone(), String::new())),
            Some((_, false)) => {}
            None => {
                if let Some(tag_end) = tag_end
                    && styles.run_rtl(style, props.and_then(|x| x.style.as_deref()))
                {
                    let off = format!(
                        "<{} {}=\"0\"/>",
                        names.qualified("rtl"),
                        names.qualified("val")
                    );
                    insert_child(props, tag_end, &names.qualified("rPr"), &off, edits);
                }
            }
        }
        let Some(props) = props else { continue };
        if let Some(cs) = &props.cs {
            edits.push((cs.clone(), String::new()));
        }
        for (range, element) in &props.langs {
            if let Some(new) = with_val(element, names, tag) {
                edits.push((range.clone(), new));
            }
        }
    }
}

/// Add `child` to a properties element: at its place in schema order, in an empty element
/// opened for it, or in a new element right after the parent's start tag (`tag_end`).
fn insert_child(
    props: Option<&Props>,
    tag_end: usize,
    element: &str,
    child: &str,
    edits: &mut Vec<(Range<usize>, String)>,
) {
    match props {
        Some(Props {
            empty: Some(range), ..
        }) => edits.push((range.clone(), format!("<{element}>{child}</{element}>"))),
        Some(props) => {
            let at = props.insert_at.unwrap_or(props.close_at);
            edits.push((at..at, child.to_owned()));
        }
        None => edits.push((tag_end..tag_end, format!("<{element}>{child}</{element}>"))),
    }
}

/// A `w:lang` written again with `w:val` set to `tag`, its other attributes as they were;
/// `None` (left as it is) when its attributes do not read cleanly.
fn with_val(element: &BytesStart<'_>, names: &Names, tag: &str) -> Option<String> {
    let mut out = format!("<{}", String::from_utf8_lossy(element.name().as_ref()));
    for a in element.attributes() {
        let a = a.ok()?;
        let key = a.key.as_ref();
        let clean = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b':' | b'_' | b'-' | b'.');
        if !key.iter().all(clean) || a.value.contains(&b'<') {
            return None;
        }
        if names.w(key) == Some(b"val") {
            continue;
        }
        // The value as written, in double quotes (it may have been in single ones).
        out.push_str(&format!(
            " {}=\"{}\"",
            String::from_utf8_lossy(key),
            String::from_utf8_lossy(&a.value).replace('"', "&quot;")
        ));
    }
    out.push_str(&format!(" {}=\"{tag}\"/>", names.qualified("val")));
    Some(out)
}

/// `text` with `edits` (ranges of it, in any order, not overlapping) applied.
fn apply(text: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(text.len() + edits.len() * 24);
    let mut pos = 0;
    for (range, new) in edits {
        if range.start < pos {
            continue;
        }
        out.push_str(text.get(pos..range.start).unwrap_or_default());
        out.push_str(&new);
        pos = range.end;
    }
    out.push_str(text.get(pos..).unwrap_or_default());
    out
}
