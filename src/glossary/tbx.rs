//! Glossary import and export as TBX (ISO 30042), so terms move to and from OmegaT and Okapi.
//!
//! Export writes TBX-Basic, either the 2008 form (`<martif>`, `termEntry`/`langSet`/`tig`) or
//! TBX v3 (`<tbx>`, `conceptEntry`/`langSec`/`termSec`). One entry per term: the Arabic forms in
//! the `ar` language section, the rendering in the `en` section with the administrative status
//! `preferredTerm-admn-sts`, and each forbidden rendering as an `en` term with
//! `deprecatedTerm-admn-sts`. The kind is an entry note `kind: person`, the do-not-translate flag
//! a note `do-not-translate`, and the term's note a plain entry note.
//!
//! Import reads both forms. English terms marked deprecated or superseded become forbidden
//! renderings; the first other English term is the rendering (admitted terms after it are
//! dropped); languages other than Arabic and English are ignored.

use crate::text::Location;
use std::path::Path;

use quick_xml::escape::escape;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::{Error, Glossary, Term, TermKind};
use crate::text::line_column;

/// Which TBX form to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TbxVersion {
    /// TBX-Basic, ISO 30042:2008 (`<martif>`), read by OmegaT and Okapi.
    Basic2008,
    /// TBX-Basic in TBX v3, ISO 30042:2019 (`<tbx>`, DCA style).
    V3,
}

const PREFERRED: &str = "preferredTerm-admn-sts";
const DEPRECATED: &str = "deprecatedTerm-admn-sts";
const SUPERSEDED: &str = "supersededTerm-admn-sts";
const DO_NOT_TRANSLATE: &str = "do-not-translate";

/// The glossary as TBX.
pub fn to_tbx(glossary: &Glossary, version: TbxVersion) -> String {
    let (entry, lang, term_group) = match version {
        TbxVersion::Basic2008 => ("termEntry", "langSet", "tig"),
        TbxVersion::V3 => ("conceptEntry", "langSec", "termSec"),
    };
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    match version {
        TbxVersion::Basic2008 => {
            out.push_str("<!DOCTYPE martif SYSTEM \"TBXBasiccoreStructV02.dtd\">\n");
            out.push_str("<martif type=\"TBX-Basic\" xml:lang=\"en\">\n");
            out.push_str("  <martifHeader>\n    <fileDesc><sourceDesc><p>workbench glossary</p></sourceDesc></fileDesc>\n");
            out.push_str("    <encodingDesc><p type=\"XCSURI\">TBXBasicXCSV02.xcs</p></encodingDesc>\n  </martifHeader>\n");
        }
        TbxVersion::V3 => {
            out.push_str("<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n");
            out.push_str("  <tbxHeader>\n    <fileDesc><sourceDesc><p>workbench glossary</p></sourceDesc></fileDesc>\n  </tbxHeader>\n");
        }
    }
    out.push_str("  <text>\n    <body>\n");
    for (i, term) in glossary.terms().iter().enumerate() {
        out.push_str(&format!("      <{entry} id=\"t{}\">\n", i + 1));
        if let Some(kind) = term.kind {
            out.push_str(&format!("        <note>kind: {kind}</note>\n"));
        }
        if term.do_not_translate {
            out.push_str(&format!("        <note>{DO_NOT_TRANSLATE}</note>\n"));
        }
        if let Some(note) = &term.note {
            out.push_str(&format!("        <note>{}</note>\n", escape(note.as_str())));
        }
        out.push_str(&format!("        <{lang} xml:lang=\"ar\">\n"));
        for form in &term.arabic {
            out.push_str(&format!(
                "          <{term_group}><term>{}</term></{term_group}>\n",
                escape(form.as_str())
            ));
        }
        out.push_str(&format!("        </{lang}>\n"));
        if !term.english.is_empty() || !term.forbidden.is_empty() {
            out.push_str(&format!("        <{lang} xml:lang=\"en\">\n"));
            let english = term.english.as_str();
            let rendering = (!english.is_empty()).then_some((english, PREFERRED));
            let forbidden = term.forbidden.iter().map(|f| (f.as_str(), DEPRECATED));
            for (text, status) in rendering.into_iter().chain(forbidden) {
                out.push_str(&format!(
                    "          <{term_group}><term>{}</term><termNote type=\"administrativeStatus\">{status}</termNote></{term_group}>\n",
                    escape(text)
                ));
            }
            out.push_str(&format!("        </{lang}>\n"));
        }
        out.push_str(&format!("      </{entry}>\n"));
    }
    out.push_str("    </body>\n  </text>\n");
    out.push_str(match version {
        TbxVersion::Basic2008 => "</martif>\n",
        TbxVersion::V3 => "</tbx>\n",
    });
    out
}

/// One entry being read.
#[derive(Default)]
struct Entry {
    offset: usize,
    notes: Vec<String>,
    arabic: Vec<String>,
    english: Vec<(String, String)>,
}

/// One term being read inside a language section.
#[derive(Default)]
struct Pending {
    text: String,
    status: String,
}

/// Read TBX (2008 `martif` or v3 `tbx`); `path` is only used in errors.
pub fn from_tbx(text: &str, path: &Path) -> Result<Glossary, Error> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(true);
    let mut glossary = Glossary::new();
    let mut entry: Option<Entry> = None;
    let mut language = String::new();
    let mut pending: Option<Pending> = None;
    // The element whose text is being collected: "term", "status" or "note".
    let mut collecting: Option<&'static str> = None;
    let mut buffer = String::new();
    let mut saw_root = false;
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(0);
        let event = reader.read_event().map_err(|err| {
            let at = usize::try_from(reader.error_position()).unwrap_or(before);
            syntax(text, path, at, &err.to_string())
        })?;
        match event {
            Event::Start(e) => {
                let was_collecting = collecting.is_some();
                let name = local(&e);
                match name.as_str() {
                    "martif" | "tbx" => saw_root = true,
                    "termEntry" | "conceptEntry" => {
                        let skipped = text
                            .get(before..)
                            .map_or(0, |rest| rest.len() - rest.trim_start().len());
                        entry = Some(Entry {
                            offset: before + skipped,
                            ..Entry::default()
                        });
                    }
                    "langSet" | "langSec" => language = lang_attribute(&e, text, path, before)?,
                    "tig" | "ntig" | "termSec" => pending = Some(Pending::default()),
                    "term" => collecting = Some("term"),
                    "termNote"
                        if attribute(&e, "type").as_deref() == Some("administrativeStatus") =>
                    {
                        collecting = Some("status");
                    }
                    "note" if pending.is_none() => collecting = Some("note"),
                    _ => {}
                }
                if !was_collecting {
                    buffer.clear();
                }
            }
            Event::Text(t) if collecting.is_some() => {
                let value = t
                    .unescape()
                    .map_err(|err| syntax(text, path, before, &err.to_string()))?;
                buffer.push_str(&value);
            }
            Event::CData(t) if collecting.is_some() => {
                buffer.push_str(&String::from_utf8_lossy(&t));
            }
            Event::End(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                match (name.as_str(), collecting) {
                    ("term", Some("term")) => {
                        if let Some(p) = pending.as_mut() {
                            p.text = buffer.trim().to_string();
                        }
                        collecting = None;
                    }
                    ("termNote", Some("status")) => {
                        if let Some(p) = pending.as_mut() {
                            p.status = buffer.trim().to_string();
                        }
                        collecting = None;
                    }
                    ("note", Some("note")) => {
                        if let Some(e) = entry.as_mut() {
                            e.notes.push(buffer.trim().to_string());
                        }
                        collecting = None;
                    }
                    ("tig" | "ntig" | "termSec", _) => {
                        if let (Some(p), Some(e)) = (pending.take(), entry.as_mut()) {
                            if language.starts_with("ar") {
                                e.arabic.push(p.text);
                            } else if language.starts_with("en") {
                                e.english.push((p.text, p.status));
                            }
                        }
                    }
                    ("langSet" | "langSec", _) => language.clear(),
                    ("termEntry" | "conceptEntry", _) => {
                        if let Some(e) = entry.take() {
                            add_entry(&mut glossary, e, text, path)?;
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_root {
        return Err(Error::File {
            path: path.to_path_buf(),
            message: "not a TBX file (no <martif> or <tbx> root element)".to_string(),
        });
    }
    Ok(glossary)
}

fn add_entry(glossary: &mut Glossary, entry: Entry, text: &str, path: &Path) -> Result<(), Error> {
    let (line, column) = line_column(text.as_bytes(), entry.offset);
    let invalid = |message: String| Error::Invalid {
        at: Location {
            path: path.to_path_buf(),
            line,
            column,
        },
        message,
    };
    let mut term = Term {
        arabic: entry.arabic,
        ..Term::default()
    };
    let mut notes = Vec::new();
    for note in entry.notes {
        if let Some(kind) = note.strip_prefix("kind:") {
            term.kind = Some(
                TermKind::parse(kind)
                    .ok_or_else(|| invalid(format!("unknown kind `{}`", kind.trim())))?,
            );
        } else if note == DO_NOT_TRANSLATE {
            term.do_not_translate = true;
        } else {
            notes.push(note);
        }
    }
    if !notes.is_empty() {
        term.note = Some(notes.join("\n"));
    }
    for (english, status) in entry.english {
        if status == DEPRECATED || status == SUPERSEDED {
            term.forbidden.push(english);
        } else if term.english.is_empty() {
            term.english = english;
        }
    }
    glossary.add(term).map_err(|err| match err {
        Error::Term { message } => invalid(message),
        other => other,
    })
}

fn local(e: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(e.local_name().as_ref()).into_owned()
}

fn attribute(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key.as_bytes())
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

fn lang_attribute(e: &BytesStart<'_>, text: &str, path: &Path, at: usize) -> Result<String, Error> {
    attribute(e, "xml:lang")
        .map(|l| l.to_ascii_lowercase())
        .ok_or_else(|| syntax(text, path, at, "language section without xml:lang"))
}

fn syntax(text: &str, path: &Path, at: usize, message: &str) -> Error {
    let (line, column) = line_column(text.as_bytes(), at);
    Error::Syntax {
        at: Location {
            path: path.to_path_buf(),
            line,
            column,
        },
        message: message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{TbxVersion, from_tbx, to_tbx};
    use crate::glossary::{Glossary, Term, TermKind};

    fn sample() -> Glossary {
        let mut g = Glossary::new();
        let mut t = Term::new(vec!["أردوغان", "اردوغان"], "Erdogan");
        t.kind = Some(TermKind::Person);
        t.forbidden = vec!["Erdoğan".into(), "Ardogan".into()];
        t.note = Some("Turkish prime minister <2012> & later president".into());
        g.add(t).unwrap();
        let mut t = Term::new(vec!["سانا"], "");
        t.do_not_translate = true;
        g.add(t).unwrap();
        g.add(Term::new(vec!["حمص"], "Homs")).unwrap();
        g
    }

    #[test]
    fn tbx_round_trip_2008() {
        let g = sample();
        let text = to_tbx(&g, TbxVersion::Basic2008);
        assert!(text.contains("<martif type=\"TBX-Basic\""));
        assert!(text.contains("<term>Ardogan</term><termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote>"));
        assert_eq!(
            from_tbx(&text, Path::new("g.tbx")).unwrap().terms(),
            g.terms()
        );
    }

    #[test]
    fn tbx_round_trip_v3() {
        let g = sample();
        let text = to_tbx(&g, TbxVersion::V3);
        assert!(text.contains("<conceptEntry id=\"t1\">"));
        assert_eq!(
            from_tbx(&text, Path::new("g.tbx")).unwrap().terms(),
            g.terms()
        );
    }

    #[test]
    fn tbx_reads_foreign_file() {
        let text = r#"<?xml version="1.0"?>
<martif type="TBX-Basic" xml:lang="en-US"><text><body>
<termEntry id="x"><descrip type="subjectField">politics</descrip>
<langSet xml:lang="fr"><tig><term>Homs</term></tig></langSet>
<langSet xml:lang="ar-SY"><ntig><termGrp><term>حمص</term></termGrp></ntig></langSet>
<langSet xml:lang="en-US"><tig><term>Hims</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></tig>
<tig><term>Homs</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig></langSet>
</termEntry></body></text></martif>"#;
        let g = from_tbx(text, Path::new("g.tbx")).unwrap();
        assert_eq!(g.terms().len(), 1);
        assert_eq!(g.terms()[0].arabic, vec!["حمص"]);
        assert_eq!(g.terms()[0].english, "Homs");
        assert_eq!(g.terms()[0].forbidden, vec!["Hims"]);
    }

    #[test]
    fn tbx_errors_carry_line_and_column() {
        let err = from_tbx("<martif>\n<text>\n</martif>", Path::new("g.tbx"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("g.tbx:3:"), "{err}");
        let text = "<martif><text><body>\n  <termEntry><langSet xml:lang=\"en\"><tig><term>Homs</term></tig></langSet></termEntry>\n</body></text></martif>";
        let err = from_tbx(text, Path::new("g.tbx")).unwrap_err().to_string();
        assert_eq!(err, "g.tbx:2:3: a term needs at least one Arabic form");
        let err = from_tbx("<glossary/>", Path::new("g.tbx"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "g.tbx: not a TBX file (no <martif> or <tbx> root element)"
        );
    }
}
