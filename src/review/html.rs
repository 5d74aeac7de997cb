//! The HTML report of a review: one self-contained page (inline style, no script, no external
//! resource) with a summary on top and a two-column table below.
//!
//! Every piece of text is escaped; invisible characters are spelled out; the Arabic column is
//! `dir="rtl"` with its left-to-right runs (names, numbers) isolated in `<bdi>`; evidence of
//! findings is highlighted with `<mark>` and glossary terms are underlined; inline codes are
//! small badges (`1`…`/1` for a pair, `2/` for a standalone code, the marker as tooltip).

use std::io::Write;
use std::ops::Range;

use super::{Report, Row, Severity, Side};
use crate::codes::{self, Token};
use crate::display::{escaped, is_rtl, ltr_runs, write_escaped_visible};

const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:1.5rem;color:#1d1d1f;background:#fff}
h1{font-size:1.4rem;margin:0 0 .8rem}
.summary{display:flex;gap:2rem;flex-wrap:wrap;margin-bottom:1.2rem}
.summary table{border-collapse:collapse}
.summary td,.summary th{padding:.15rem .6rem;text-align:left;border-bottom:1px solid #e4e4e7}
table.review{border-collapse:collapse;width:100%;table-layout:fixed}
table.review th{background:#f4f4f5;text-align:left;padding:.4rem;position:sticky;top:0}
table.review td{border-top:1px solid #e4e4e7;padding:.45rem;vertical-align:top}
col.id{width:3.2rem}col.state{width:7.5rem}col.findings{width:24%}
td.text{white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.55}
td.source{font-size:1.1em}
.badge{display:inline-block;border-radius:.7rem;padding:.05rem .55rem;font-size:.8rem;font-weight:600;color:#fff}
.state-new{background:#a1a1aa}.state-draft{background:#d97706}.state-translated{background:#2563eb}
.state-reviewed{background:#0891b2}.state-approved{background:#16a34a}.state-rejected{background:#dc2626}
.origin{color:#71717a;font-size:.75rem;margin-top:.2rem}
mark{border-radius:.2rem;padding:0 .1rem}
mark.sev-error{background:#fecaca}mark.sev-warning{background:#fde68a}mark.sev-info{background:#bfdbfe}
.term{border-bottom:2px dotted #7c3aed}
.code{display:inline-block;direction:ltr;unicode-bidi:isolate;font-family:ui-monospace,monospace;font-size:.7em;line-height:1.2;color:#3f3f46;background:#e4e4e7;border-radius:.25rem;padding:0 .2rem;margin:0 .05rem;vertical-align:.1em}
.ctl{font-family:ui-monospace,monospace;font-size:.75em;color:#b91c1c;background:#fee2e2}
ul.findings{margin:0;padding-left:1rem}
li.sev-error .sev{color:#b91c1c;font-weight:700}li.sev-warning .sev{color:#b45309;font-weight:700}
li.sev-info .sev{color:#1d4ed8}
tr.worst-error td.id{border-left:4px solid #dc2626}tr.worst-warning td.id{border-left:4px solid #f59e0b}
tr.worst-info td.id{border-left:4px solid #60a5fa}
";

/// A highlight over a byte range: its classes and its tooltip.
struct Highlight {
    range: Range<usize>,
    class: String,
    title: String,
    term: bool,
    /// Where marks overlap, the highest rank shows.
    rank: u8,
}

/// Write a text with its highlights. In a right-to-left text, left-to-right runs are isolated
/// with `<bdi dir="ltr">`; highlights that cross a run's edge are split at it.
fn write_text(text: &str, rtl: bool, highlights: &[Highlight], out: &mut String) {
    let markers: Vec<(Range<usize>, Token<'_>)> = if text.contains('<') {
        codes::tokens(text)
            .into_iter()
            .filter(|(_, t)| t.code().is_some())
            .collect()
    } else {
        Vec::new()
    };
    let runs = match (rtl, markers.is_empty()) {
        (false, _) => Vec::new(),
        (true, true) => ltr_runs(text),
        // The letters of the markers are not left-to-right text: the runs are found with
        // the markers blanked (they are ASCII: the byte offsets stay).
        (true, false) => {
            let mut blank = text.to_owned();
            for (r, _) in &markers {
                blank.replace_range(r.clone(), &" ".repeat(r.len()));
            }
            ltr_runs(&blank)
        }
    };
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for r in &runs {
        cuts.extend([r.start, r.end]);
    }
    for (r, _) in &markers {
        cuts.extend([r.start, r.end]);
    }
    for h in highlights {
        cuts.extend([h.range.start.min(text.len()), h.range.end.min(text.len())]);
    }
    cuts.retain(|c| text.is_char_boundary(*c));
    cuts.sort_unstable();
    cuts.dedup();
    let mut in_run = false;
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let run = runs.iter().any(|r| r.start <= a && b <= r.end);
        if run != in_run {
            out.push_str(if run { "<bdi dir=\"ltr\">" } else { "</bdi>" });
            in_run = run;
        }
        let piece = text.get(a..b).unwrap_or_default();
        let covering: Vec<&Highlight> = highlights
            .iter()
            .filter(|h| h.range.start <= a && b <= h.range.end)
            .collect();
        let term = covering.iter().find(|h| h.term);
        let mark = covering.iter().filter(|h| !h.term).max_by_key(|h| h.rank);
        if let Some(t) = term {
            out.push_str(&format!(
                "<span class=\"term\" title=\"{}\">",
                escaped(&t.title)
            ));
        }
        if let Some(m) = mark {
            out.push_str(&format!(
                "<mark class=\"{}\" title=\"{}\">",
                m.class,
                escaped(&m.title)
            ));
        }
        match markers.iter().find(|(r, _)| r.start <= a && b <= r.end) {
            Some((r, token)) if r.start == a => write_code(text, r.clone(), *token, out),
            // The rest of a marker cut by a highlight: already written.
            Some(_) => {}
            None => write_escaped_visible(piece, out),
        }
        if mark.is_some() {
            out.push_str("</mark>");
        }
        if term.is_some() {
            out.push_str("</span>");
        }
    }
    if in_run {
        out.push_str("</bdi>");
    }
}

/// An inline code as a small badge: `1`, `/1` (the end of pair 1), `2/` (standalone code 2),
/// with the marker as its tooltip.
fn write_code(text: &str, range: Range<usize>, token: Token<'_>, out: &mut String) {
    let label = match token {
        Token::Open(n) => n.to_string(),
        Token::Close(n) => format!("/{n}"),
        Token::Standalone(n) => format!("{n}/"),
        Token::Text(_) => return,
    };
    out.push_str(&format!(
        "<span class=\"code\" title=\"{}\">{label}</span>",
        escaped(text.get(range).unwrap_or_default())
    ));
}

/// Write a text escaped, with its left-to-right runs isolated when the text is right to left
/// and invisible characters spelled out (no highlights).
pub fn write_html_text(text: &str, rtl: bool, out: &mut String) {
    write_text(text, rtl, &[], out);
}

fn highlights(row: &Row, side: Side) -> Vec<Highlight> {
    let mut out: Vec<Highlight> = Vec::new();
    if side == Side::Source {
        for t in &row.terms {
            out.push(Highlight {
                range: t.start..t.end,
                class: String::new(),
                title: format!("glossary: {}", t.english),
                term: true,
                rank: 0,
            });
        }
    }
    for f in &row.findings {
        for e in f.evidence.iter().filter(|e| e.side == side) {
            out.push(Highlight {
                range: e.start..e.end,
                class: format!("sev-{}", f.severity),
                title: format!("{}: {}", f.kind, f.message),
                term: false,
                rank: f.severity as u8 + 1,
            });
        }
    }
    out
}

fn write_row(
    row: &Row,
    source_rtl: bool,
    target_rtl: bool,
    source_lang: &str,
    target_lang: &str,
    out: &mut String,
) {
    let worst = row
        .worst()
        .map_or(String::new(), |s| format!(" class=\"worst-{s}\""));
    out.push_str(&format!("<tr id=\"s{}\"{worst}>", row.id));
    out.push_str(&format!("<td class=\"id\">{}</td>", row.id));
    out.push_str(&format!(
        "<td><span class=\"badge state-{0}\">{0}</span>",
        row.state
    ));
    if let Some(o) = &row.origin {
        out.push_str("<div class=\"origin\">");
        write_escaped_visible(o, out);
        out.push_str("</div>");
    }
    if let Some(c) = row.confidence {
        out.push_str(&format!("<div class=\"origin\">confidence {c:.2}</div>"));
    }
    out.push_str("</td>");
    for (side, text, rtl, lang) in [
        (Side::Source, &row.source, source_rtl, source_lang),
        (Side::Target, &row.target, target_rtl, target_lang),
    ] {
        let class = if side == Side::Source {
            "source"
        } else {
            "target"
        };
        out.push_str(&format!(
            "<td class=\"text {class}\" dir=\"{}\" lang=\"{}\">",
            if rtl { "rtl" } else { "ltr" },
            escaped(lang)
        ));
        write_text(text, rtl, &highlights(row, side), out);
        out.push_str("</td>");
    }
    out.push_str("<td class=\"findings\">");
    if let Some(m) = &row.memory {
        out.push_str(&format!(
            "<div class=\"memory\"><b>memory {}%</b> ",
            m.score
        ));
        write_escaped_visible(&format!("{} #{}: ", m.document, m.id), out);
        out.push_str("<span dir=\"rtl\" lang=\"ar\">");
        write_escaped_visible(&m.diff, out);
        out.push_str("</span> → ");
        write_escaped_visible(&m.target, out);
        out.push_str("</div>");
    }
    if !row.findings.is_empty() {
        out.push_str("<ul class=\"findings\">");
        for f in &row.findings {
            out.push_str(&format!(
                "<li class=\"sev-{0}\"><span class=\"sev\">{0}</span> <b>{1}</b>: ",
                f.severity, f.kind
            ));
            write_escaped_visible(&f.message, out);
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    out.push_str("</td></tr>\n");
}

/// Write the whole page.
pub fn render_html(report: &Report, out: &mut impl Write) -> std::io::Result<()> {
    let mut page = String::with_capacity(4096 + report.rows.len() * 1024);
    let title = format!("Review of {}", report.document);
    page.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    page.push_str(&format!("<title>{}</title>\n", escaped(&title)));
    page.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
    page.push_str(&format!("<h1>{}</h1>\n", escaped(&title)));

    let s = &report.summary;
    page.push_str("<section class=\"summary\">\n<table class=\"states\"><caption>");
    if s.shown == s.segments {
        page.push_str(&format!("{} segments", s.segments));
    } else {
        page.push_str(&format!("{} of {} segments", s.shown, s.segments));
    }
    page.push_str("</caption>\n");
    for (state, n) in &s.states {
        page.push_str(&format!(
            "<tr><td><span class=\"badge state-{state}\">{state}</span></td><td>{n}</td></tr>\n"
        ));
    }
    page.push_str("</table>\n<table class=\"kinds\"><caption>findings</caption>\n");
    for sev in Severity::ALL.iter().rev() {
        let n = s.severities.get(sev).copied().unwrap_or(0);
        page.push_str(&format!(
            "<tr><td><mark class=\"sev-{sev}\">{sev}</mark></td><td>{n}</td></tr>\n"
        ));
    }
    for (kind, n) in &s.findings {
        page.push_str(&format!("<tr><td>{kind}</td><td>{n}</td></tr>\n"));
    }
    page.push_str("</table>\n</section>\n");

    let source_rtl = is_rtl(&report.source_lang);
    let target_rtl = is_rtl(&report.target_lang);
    page.push_str("<table class=\"review\">\n<colgroup><col class=\"id\"><col class=\"state\"><col><col><col class=\"findings\"></colgroup>\n");
    page.push_str(&format!(
        "<thead><tr><th>#</th><th>state</th><th>source ({})</th><th>target ({})</th><th>findings</th></tr></thead>\n<tbody>\n",
        escaped(&report.source_lang),
        escaped(&report.target_lang)
    ));
    for row in &report.rows {
        write_row(
            row,
            source_rtl,
            target_rtl,
            &report.source_lang,
            &report.target_lang,
            &mut page,
        );
    }
    page.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    out.write_all(page.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ltr_runs_are_isolated_and_marks_split() {
        let text = "قال Sergei Lavrov إن";
        let hs = [Highlight {
            range: 0..text.find(" Lavrov").unwrap_or(0),
            class: "sev-error".into(),
            title: "x".into(),
            term: false,
            rank: 3,
        }];
        let mut out = String::new();
        write_text(text, true, &hs, &mut out);
        assert_eq!(
            out,
            "<mark class=\"sev-error\" title=\"x\">قال </mark><bdi dir=\"ltr\"><mark class=\"sev-error\" title=\"x\">Sergei</mark> Lavrov</bdi> إن"
        );
    }

    #[test]
    fn codes_are_badges_outside_ltr_runs() {
        let text = "قال <g1>لافروف</g1> في Homs<x2/>";
        let open = text.find("<g1>").unwrap();
        let hs = [Highlight {
            range: open..open + 4,
            class: "sev-error".into(),
            title: "tags".into(),
            term: false,
            rank: 3,
        }];
        let mut out = String::new();
        write_text(text, true, &hs, &mut out);
        assert_eq!(
            out,
            "قال <mark class=\"sev-error\" title=\"tags\"><span class=\"code\" title=\"&lt;g1&gt;\">1</span></mark>لافروف<span class=\"code\" title=\"&lt;/g1&gt;\">/1</span> في <bdi dir=\"ltr\">Homs</bdi><span class=\"code\" title=\"&lt;x2/&gt;\">2/</span>"
        );
    }

    #[test]
    fn text_is_escaped_and_controls_spelled() {
        let mut out = String::new();
        write_text("<script>\u{202E}", false, &[], &mut out);
        assert_eq!(
            out,
            "&lt;script&gt;<span class=\"ctl\">&lt;U+202E&gt;</span>"
        );
    }
}
