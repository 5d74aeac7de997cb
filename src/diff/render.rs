//! Presenting a diff: inline on a terminal (`[-old-]{+new+}` without colour) and as one
//! self-contained HTML page (side by side, changes highlighted, a bar per segment for its
//! edit rate).

use std::io::Write;

use super::{Change, DiffResult, Piece, SegmentDiff};
use crate::display::{escaped, has_arabic, visible, write_escaped_visible};
use crate::review::write_html_text;

fn isolate(text: &str) -> String {
    if has_arabic(text) {
        format!("\u{2068}{text}\u{2069}")
    } else {
        text.to_owned()
    }
}

fn deleted(color: bool, text: &str) -> String {
    if color {
        format!("\u{1b}[31;9m{}\u{1b}[0m", visible(text))
    } else {
        format!("[-{}-]", visible(text))
    }
}

fn inserted(color: bool, text: &str) -> String {
    if color {
        format!("\u{1b}[32;4m{}\u{1b}[0m", visible(text))
    } else {
        format!("{{+{}+}}", visible(text))
    }
}

/// The inline word diff of one segment.
pub(crate) fn inline(changes: &[Change], color: bool) -> String {
    let mut line = String::new();
    let mut after_deletion = false;
    for c in changes {
        // `[-old-]{+new+}`: a replacement reads as one unit, without a space inside.
        let glued = after_deletion && matches!(c, Change::Inserted { .. });
        if !line.is_empty() && !glued {
            line.push(' ');
        }
        after_deletion = matches!(c, Change::Deleted { .. });
        match c {
            Change::Same { text } => line.push_str(&visible(text)),
            Change::Deleted { text } => line.push_str(&deleted(color, text)),
            Change::Inserted { text } => line.push_str(&inserted(color, text)),
            Change::Replaced { old, new, chars } if chars.is_empty() => {
                line.push_str(&deleted(color, old));
                line.push_str(&inserted(color, new));
            }
            Change::Replaced { chars, .. } => {
                for p in chars {
                    match p {
                        Piece::Same { text } => line.push_str(&visible(text)),
                        Piece::Deleted { text } => line.push_str(&deleted(color, text)),
                        Piece::Inserted { text } => line.push_str(&inserted(color, text)),
                    }
                }
            }
        }
    }
    line
}

fn segment_head(s: &SegmentDiff) -> String {
    let mut head = match &s.paired {
        Some(p) => format!("{} ↔ {}", ids(&p.old), ids(&p.new)),
        None => s.id.to_string(),
    };
    if s.old_state == s.new_state {
        head.push_str(&format!(" · {}", s.new_state));
    } else {
        head.push_str(&format!(" · {} → {}", s.old_state, s.new_state));
    }
    if let Some(m) = &s.metrics {
        head.push_str(&format!(
            " · {} edit{} / {} words · edit rate {:.2} · chrF {:.1}",
            m.edits,
            if m.edits == 1 { "" } else { "s" },
            m.words_new,
            m.edit_rate,
            m.chrf
        ));
    }
    head
}

fn ids(list: &[u64]) -> String {
    if list.is_empty() {
        return "–".into();
    }
    list.iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join("+")
}

/// The summary lines and, per changed segment, its source and the inline diff of its target.
pub fn render_human(result: &DiffResult, color: bool, out: &mut impl Write) -> std::io::Result<()> {
    let s = &result.summary;
    let bold = |t: &str| {
        if color {
            format!("\u{1b}[1m{t}\u{1b}[0m")
        } else {
            t.to_owned()
        }
    };
    writeln!(
        out,
        "{}: {} of {} segments changed{}, {} untouched ({:.1}% of the old targets)",
        bold(&format!(
            "{} → {}",
            visible(&result.from),
            visible(&result.to)
        )),
        s.changed,
        s.compared,
        if s.state_only > 0 {
            format!(" ({} more in state only)", s.state_only)
        } else {
            String::new()
        },
        s.untouched,
        s.untouched_share * 100.0
    )?;
    writeln!(
        out,
        "words: {} inserted, {} deleted, {} substituted, {} shifted of {}; edit rate {:.3}; chrF {:.1}",
        s.inserted, s.deleted, s.substituted, s.shifted, s.words_new, s.edit_rate, s.chrf
    )?;
    for seg in &result.segments {
        writeln!(out)?;
        writeln!(out, "── {}", bold(&segment_head(seg)))?;
        writeln!(out, "source: {}", isolate(&visible(&seg.source)))?;
        if !seg.changes.is_empty() {
            writeln!(out, "target: {}", inline(&seg.changes, color))?;
        }
    }
    Ok(())
}

const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:1.5rem;color:#1d1d1f}
h1{font-size:1.4rem}
.summary td{padding:.1rem .8rem .1rem 0}
table.diff{border-collapse:collapse;width:100%;table-layout:fixed;margin-top:1rem}
table.diff th{background:#f4f4f5;text-align:left;padding:.4rem}
table.diff td{border-top:1px solid #e4e4e7;padding:.45rem;vertical-align:top;white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.5}
col.id{width:7rem}col.rate{width:9rem}
del{background:#fecaca;color:#7f1d1d}ins{background:#bbf7d0;color:#14532d;text-decoration:none}
.bar{height:.6rem;background:#e4e4e7;border-radius:.3rem;overflow:hidden;margin-top:.25rem}
.bar span{display:block;height:100%;background:#f97316}
.meta{color:#71717a;font-size:.8rem;white-space:nowrap}
.ctl{font-family:ui-monospace,monospace;font-size:.75em;color:#b91c1c;background:#fee2e2}
";

/// One side of a word diff: the old side shows deletions, the new side insertions.
fn html_side(changes: &[Change], new_side: bool, out: &mut String) {
    let mut first = true;
    let mut space = |out: &mut String| {
        if !first {
            out.push(' ');
        }
        first = false;
    };
    for c in changes {
        match c {
            Change::Same { text } => {
                space(out);
                write_escaped_visible(text, out);
            }
            Change::Deleted { text } if !new_side => {
                space(out);
                out.push_str("<del>");
                write_escaped_visible(text, out);
                out.push_str("</del>");
            }
            Change::Inserted { text } if new_side => {
                space(out);
                out.push_str("<ins>");
                write_escaped_visible(text, out);
                out.push_str("</ins>");
            }
            Change::Deleted { .. } | Change::Inserted { .. } => {}
            Change::Replaced { old, new, chars } => {
                space(out);
                if chars.is_empty() {
                    let (tag, text) = if new_side { ("ins", new) } else { ("del", old) };
                    out.push_str(&format!("<{tag}>"));
                    write_escaped_visible(text, out);
                    out.push_str(&format!("</{tag}>"));
                    continue;
                }
                for p in chars {
                    match p {
                        Piece::Same { text } => write_escaped_visible(text, out),
                        Piece::Deleted { text } if !new_side => {
                            out.push_str("<del>");
                            write_escaped_visible(text, out);
                            out.push_str("</del>");
                        }
                        Piece::Inserted { text } if new_side => {
                            out.push_str("<ins>");
                            write_escaped_visible(text, out);
                            out.push_str("</ins>");
                        }
                        Piece::Deleted { .. } | Piece::Inserted { .. } => {}
                    }
                }
            }
        }
    }
}

/// One self-contained page: summary, then a row per changed segment.
pub fn render_html(
    result: &DiffResult,
    source_rtl: bool,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let mut page = String::with_capacity(4096 + result.segments.len() * 1024);
    let title = format!("Changes from {} to {}", result.from, result.to);
    page.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str(&format!(
        "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        escaped(&title),
        escaped(&title)
    ));
    let s = &result.summary;
    page.push_str("<table class=\"summary\">\n");
    for (label, value) in [
        ("segments compared", s.compared.to_string()),
        ("changed", s.changed.to_string()),
        ("state only", s.state_only.to_string()),
        (
            "untouched",
            format!("{} ({:.1}%)", s.untouched, s.untouched_share * 100.0),
        ),
        (
            "words inserted / deleted / substituted / shifted",
            format!(
                "{} / {} / {} / {}",
                s.inserted, s.deleted, s.substituted, s.shifted
            ),
        ),
        ("edit rate", format!("{:.3}", s.edit_rate)),
        ("chrF", format!("{:.1}", s.chrf)),
    ] {
        page.push_str(&format!("<tr><td>{label}</td><td>{value}</td></tr>\n"));
    }
    page.push_str("</table>\n<table class=\"diff\">\n<colgroup><col class=\"id\"><col><col><col><col class=\"rate\"></colgroup>\n");
    page.push_str("<thead><tr><th>#</th><th>source</th><th>before</th><th>after</th><th>edit rate</th></tr></thead>\n<tbody>\n");
    for seg in &result.segments {
        let label = match &seg.paired {
            Some(p) => format!("{} ↔ {}", ids(&p.old), ids(&p.new)),
            None => seg.id.to_string(),
        };
        page.push_str(&format!("<tr id=\"s{}\"><td>{}", seg.id, escaped(&label)));
        if seg.old_state != seg.new_state {
            page.push_str(&format!(
                "<div class=\"meta\">{} → {}</div>",
                seg.old_state, seg.new_state
            ));
        }
        page.push_str(&format!(
            "</td><td dir=\"{}\">",
            if source_rtl { "rtl" } else { "ltr" }
        ));
        write_html_text(&seg.source, source_rtl, &mut page);
        page.push_str("</td><td dir=\"auto\">");
        if seg.changes.is_empty() {
            write_escaped_visible(&seg.old, &mut page);
        } else {
            html_side(&seg.changes, false, &mut page);
        }
        page.push_str("</td><td dir=\"auto\">");
        if seg.changes.is_empty() {
            write_escaped_visible(&seg.new, &mut page);
        } else {
            html_side(&seg.changes, true, &mut page);
        }
        page.push_str("</td><td>");
        if let Some(m) = &seg.metrics {
            let pct = (m.edit_rate.min(1.0) * 100.0).round();
            page.push_str(&format!(
                "{:.2}<div class=\"bar\" title=\"{} edits / {} words\"><span style=\"width:{pct}%\"></span></div><div class=\"meta\">chrF {:.1}</div>",
                m.edit_rate, m.edits, m.words_new, m.chrf
            ));
        }
        page.push_str("</td></tr>\n");
    }
    page.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    out.write_all(page.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::word_diff;

    #[test]
    fn plain_inline_marks_changes() {
        let (changes, _) = word_diff("the tanks enter Homs", "the tanks entered Homs");
        assert_eq!(
            inline(&changes, false),
            "the tanks [-enter-]{+entered+} Homs"
        );
        let (changes, _) = word_diff("جيش الاسد", "جيش الأسد");
        assert_eq!(inline(&changes, false), "جيش ال[-ا-]{+أ+}سد");
    }

    #[test]
    fn html_sides_escape() {
        let (changes, _) = word_diff("<b>", "<script>");
        let mut old = String::new();
        html_side(&changes, false, &mut old);
        let mut new = String::new();
        html_side(&changes, true, &mut new);
        assert_eq!(old, "<del>&lt;b&gt;</del>");
        assert_eq!(new, "<ins>&lt;script&gt;</ins>");
    }
}
