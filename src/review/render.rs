//! The terminal view of a review: source and target side by side, fitted to a width.
//!
//! Arabic stays in logical order; each Arabic line is isolated with FSI…PDI so that a
//! terminal that applies the bidi algorithm keeps it apart from the padding and the English.
//! Bidi controls and other invisible characters of the text are spelled out (`<U+202E>`),
//! never passed to the terminal. Inline codes are shown compact and dim: `⟨1⟩…⟨/1⟩`, `⟨2/⟩`.

use std::io::Write;

use super::{Report, Row, Severity};
use crate::display::{compact_code_ranges, compact_codes, has_arabic, visible, width, wrap};
use crate::store::State;

const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';
const GUTTER: &str = " │ ";

/// How to draw the side-by-side view.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    /// Total width in terminal columns.
    pub width: usize,
    /// ANSI colour.
    pub color: bool,
}

fn paint(on: bool, code: &str, text: &str) -> String {
    if on {
        format!("\u{1b}[{code}m{text}\u{1b}[0m")
    } else {
        text.to_owned()
    }
}

fn state_color(state: State) -> &'static str {
    match state {
        State::New => "2",
        State::Draft => "33",
        State::Translated => "34",
        State::Reviewed => "36",
        State::Approved => "32",
        State::Rejected => "31",
    }
}

pub(crate) fn severity_color(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "31;1",
        Severity::Warning => "33",
        Severity::Info => "36",
    }
}

/// The summary lines at the top of the view, wrapped to the width.
fn write_summary(
    report: &Report,
    color: bool,
    columns: usize,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let s = &report.summary;
    let states: Vec<String> = s
        .states
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(state, n)| format!("{n} {state}"))
        .collect();
    let shown = if s.shown == s.segments {
        format!("{} segments", s.segments)
    } else {
        format!("{} of {} segments", s.shown, s.segments)
    };
    let states = if states.is_empty() {
        String::new()
    } else {
        format!(" ({})", states.join(", "))
    };
    let document = visible(&report.document).into_owned();
    let mut lines = vec![format!("{document}: {shown}{states}")];
    let total: usize = s.severities.values().sum();
    if total == 0 {
        lines.push("no findings".into());
    } else {
        let severities: Vec<String> = s
            .severities
            .iter()
            .rev()
            .filter(|(_, n)| **n > 0)
            .map(|(sev, n)| format!("{n} {sev}"))
            .collect();
        let kinds: Vec<String> = s.findings.iter().map(|(k, n)| format!("{k} {n}")).collect();
        lines.push(format!(
            "findings: {} ({})",
            severities.join(", "),
            kinds.join(", ")
        ));
    }
    for (k, line) in lines.iter().enumerate() {
        for (j, piece) in wrap(line, columns).into_iter().enumerate() {
            let mut piece = piece;
            if color {
                if k == 0 && j == 0 {
                    piece = piece.replacen(&document, &paint(true, "1", &document), 1);
                }
                for (sev, n) in &s.severities {
                    let label = format!("{n} {sev}");
                    if *n > 0 && piece.contains(&label) {
                        piece =
                            piece.replacen(&label, &paint(true, severity_color(*sev), &label), 1);
                    }
                }
            }
            writeln!(out, "{piece}")?;
        }
    }
    Ok(())
}

fn write_row(
    row: &Row,
    options: &RenderOptions,
    left: usize,
    right: usize,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let color = options.color;
    let mut head = format!("{} · {}", row.id, row.state);
    let mut plain_head = head.clone();
    if color {
        head = format!(
            "{} · {}",
            paint(true, "1", &row.id.to_string()),
            paint(true, state_color(row.state), row.state.as_str())
        );
    }
    let mut extra = Vec::new();
    if let Some(origin) = &row.origin {
        extra.push(origin.clone());
    }
    if let Some(c) = row.confidence {
        extra.push(format!("confidence {c:.2}"));
    }
    for e in extra {
        let e = visible(&e).into_owned();
        head.push_str(" · ");
        head.push_str(&e);
        plain_head.push_str(" · ");
        plain_head.push_str(&e);
    }
    let rule = options.width.saturating_sub(width(&plain_head) + 4).max(2);
    writeln!(out, "── {head} {}", "─".repeat(rule))?;

    let source = wrap(&visible(&compact_codes(&row.source)), left);
    let target = wrap(&visible(&compact_codes(&row.target)), right);
    let lines = source.len().max(target.len()).max(1);
    for i in 0..lines {
        let l = source.get(i).map_or("", String::as_str);
        let r = target.get(i).map_or("", String::as_str);
        let pad = " ".repeat(left.saturating_sub(width(l)));
        let l = isolate(&dim_codes(color, l));
        let r = isolate(&dim_codes(color, r));
        let line = format!("{l}{pad}{GUTTER}{r}");
        writeln!(out, "{}", line.trim_end())?;
    }
    if let Some(m) = &row.memory {
        let label = paint(color, "36", &format!("{:<7}", "memory"));
        let text = format!(
            "{}% {} #{}: {} → {}",
            m.score,
            m.document,
            m.id,
            visible(&m.diff),
            visible(&m.target)
        );
        let lines = wrap(&text, options.width.saturating_sub(11).max(20));
        for (k, line) in lines.iter().enumerate() {
            if k == 0 {
                writeln!(out, "  {label}  {}", isolate(line))?;
            } else {
                writeln!(out, "           {}", isolate(line))?;
            }
        }
    }
    for f in &row.findings {
        let label = format!("{:<7}", f.severity.as_str());
        let label = paint(color, severity_color(f.severity), &label);
        let text = format!("{}: {}", f.kind, visible(&f.message));
        let lines = wrap(&text, options.width.saturating_sub(11).max(20));
        for (k, line) in lines.iter().enumerate() {
            if k == 0 {
                writeln!(out, "  {label}  {}", isolate(line))?;
            } else {
                writeln!(out, "           {}", isolate(line))?;
            }
        }
    }
    Ok(())
}

/// The compact inline codes of a line (`⟨1⟩`) in a dim colour.
fn dim_codes(color: bool, line: &str) -> String {
    if !color {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    for r in compact_code_ranges(line) {
        out.push_str(&line[at..r.start]);
        out.push_str(&paint(true, "2", &line[r.clone()]));
        at = r.end;
    }
    out.push_str(&line[at..]);
    out
}

/// FSI…PDI around a line that holds Arabic.
fn isolate(line: &str) -> String {
    if has_arabic(line) {
        format!("{FSI}{line}{PDI}")
    } else {
        line.to_owned()
    }
}

/// Write the summary and every row side by side.
pub fn render_human(
    report: &Report,
    options: &RenderOptions,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let total = options.width.max(40);
    let inner = total - GUTTER.chars().count();
    let left = inner / 2;
    let right = inner - left;
    let options = RenderOptions {
        width: total,
        color: options.color,
    };
    write_summary(report, options.color, total, out)?;
    for row in &report.rows {
        writeln!(out)?;
        write_row(row, &options, left, right, out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::Glossary;
    use crate::review::{ReviewOptions, review};
    use crate::store::{Document, Meta, SplitSegment};

    fn report() -> Report {
        let meta = Meta::for_tests();
        let sources = [
            "وقال نشطاء إن قوات مدرعة موالية للرئيس توغلت في مدينة حمص بوسط سوريا اليوم.",
            "سقوط ما لايقل عن 50 قتيلا اليوم الأربعاء بينهم 20 طفلا.",
        ];
        let mut doc = Document::new(meta, &SplitSegment::lines_for_tests(&sources));
        doc.segments[0].set(
            "Activists said armoured forces loyal to the president entered Homs in central Syria today.".into(),
            State::Draft,
            None,
            1,
        );
        doc.segments[1].set(
            "At least 60 were killed\u{202E} today, Wednesday, among them 20 children; a verylongwordthatmustbecut.".into(),
            State::Translated,
            None,
            1,
        );
        review(&doc, &Glossary::default(), &ReviewOptions::default())
    }

    #[test]
    fn codes_are_compact_and_dim() {
        let meta = Meta::for_tests();
        let source = "قال <g1>لافروف</g1> في حمص<x2/>";
        let split = [SplitSegment {
            range: 0..source.len(),
            text: source.to_owned(),
        }];
        let mut doc = Document::new(meta, &split);
        doc.segments[0].set("Lavrov said in Homs".into(), State::Draft, None, 1);
        let report = review(&doc, &Glossary::default(), &ReviewOptions::default());
        let mut out = Vec::new();
        let options = RenderOptions {
            width: 80,
            color: false,
        };
        render_human(&report, &options, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("قال ⟨1⟩لافروف⟨/1⟩ في حمص⟨2/⟩"), "{text}");
        assert!(
            text.contains("error    tags: inline codes: missing codes 1, 2"),
            "{text}"
        );
        let mut out = Vec::new();
        let options = RenderOptions {
            width: 80,
            color: true,
        };
        render_human(&report, &options, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("\u{1b}[2m⟨1⟩\u{1b}[0m"), "{text}");
    }

    /// The cells a terminal gives a line: each character's own width (the FSI and PDI
    /// isolates none), counted apart from `display::width` so that it checks it.
    fn cells(line: &str) -> usize {
        use unicode_width::UnicodeWidthChar;
        line.chars()
            .map(|c| UnicodeWidthChar::width(c).unwrap_or(0))
            .sum()
    }

    #[test]
    fn lam_alef_lines_fit_and_keep_the_separator_in_one_column() {
        let meta = Meta::for_tests();
        let sources = [
            "لا لا لا، قال إنه لا يقبل الإملاءات ولا الأعذار ولا لأحد أن يلوم الآخرين لأنه لا يملك الآلاف.",
            "لإعادة الإعمار لا بد من الأموال، ولآلاف العائلات لا مأوى لها، ولا أحد يسأل لماذا لا يعود اللاجئون.",
        ];
        let mut doc = Document::new(meta, &SplitSegment::lines_for_tests(&sources));
        doc.segments[0].set("No, no, no, he said.".into(), State::Draft, None, 1);
        doc.segments[1].set("Reconstruction needs money.".into(), State::Draft, None, 1);
        let report = review(&doc, &Glossary::default(), &ReviewOptions::default());
        for columns in [40, 61, 80, 100] {
            let mut out = Vec::new();
            render_human(
                &report,
                &RenderOptions {
                    width: columns,
                    color: false,
                },
                &mut out,
            )
            .unwrap();
            let text = String::from_utf8(out).unwrap();
            let mut separator = None;
            for line in text.lines() {
                assert!(
                    cells(line) <= columns,
                    "{columns}: {} cells: {line}",
                    cells(line)
                );
                if let Some(at) = line.find(" │ ") {
                    let column = cells(&line[..at]);
                    assert_eq!(
                        *separator.get_or_insert(column),
                        column,
                        "{columns}: {line}"
                    );
                }
            }
            assert!(separator.is_some(), "{text}");
        }
    }

    #[test]
    fn every_line_fits_the_width() {
        let report = report();
        for columns in [40, 57, 80, 100, 133] {
            let mut out = Vec::new();
            render_human(
                &report,
                &RenderOptions {
                    width: columns,
                    color: false,
                },
                &mut out,
            )
            .unwrap();
            let text = String::from_utf8(out).unwrap();
            assert!(text.contains("<U+202E>"), "{text}");
            assert!(!text.contains('\u{202E}'));
            for line in text.lines() {
                let shown: String = line.chars().filter(|c| !matches!(*c, FSI | PDI)).collect();
                assert!(width(&shown) <= columns, "{columns}: {line}");
            }
        }
    }
}
