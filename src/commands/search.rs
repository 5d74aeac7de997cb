//! `workbench search`: concordance over every document and memory (see
//! [`crate::memory::search`]).

use std::io::Write;

use serde::Serialize;

use super::Context;
use super::memory::load_memory;
use crate::cli::{OutputFormat, SearchArgs, SearchSide};
use crate::display::visible;
use crate::memory::search::{self, Hit, Query, Side};
use crate::output::paint;

#[derive(Serialize)]
struct HitJson<'a> {
    document: &'a str,
    id: &'a str,
    state: &'a str,
    side: Side,
    /// The matched text and its byte range in its side's text.
    matched: &'a str,
    start: usize,
    end: usize,
    source: &'a str,
    target: &'a str,
}

#[derive(Serialize)]
struct SearchJson<'a> {
    query: &'a str,
    total: usize,
    hits: Vec<HitJson<'a>>,
}

pub(crate) fn run(args: SearchArgs, ctx: &Context) -> anyhow::Result<u8> {
    let SearchArgs {
        text,
        side,
        regex,
        limit,
        format,
    } = args;
    let (source, target) = match side {
        SearchSide::Source => (true, false),
        SearchSide::Target => (false, true),
        SearchSide::Both => (true, true),
    };
    let query = Query::new(&text, regex, source, target)?;
    let (memory, _) = load_memory(ctx, &[], &|_| false)?;
    let (hits, total) = search::search(&memory, &query, limit);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        OutputFormat::Json => {
            let json = SearchJson {
                query: &text,
                total,
                hits: hits.iter().map(hit_json).collect(),
            };
            serde_json::to_writer_pretty(&mut out, &json)?;
            out.write_all(b"\n")?;
        }
        OutputFormat::Human => {
            let color = ctx.printer.color_stdout;
            for h in &hits {
                let e = h.entry;
                writeln!(
                    out,
                    "{} #{} ({})",
                    paint(color, "1", &e.document),
                    e.id,
                    e.state.as_str()
                )?;
                let (source, target) = match h.side {
                    Side::Source => (marked(&e.source, h, color), visible(&e.target).into_owned()),
                    Side::Target => (visible(&e.source).into_owned(), marked(&e.target, h, color)),
                };
                writeln!(out, "  source  {source}")?;
                writeln!(out, "  target  {target}")?;
            }
            if hits.len() < total {
                ctx.printer.status(format_args!(
                    "{total} hits, the first {} shown (--limit)",
                    hits.len()
                ));
            } else {
                ctx.printer.status(format_args!(
                    "{total} {} in {} entries",
                    if total == 1 { "hit" } else { "hits" },
                    memory.len()
                ));
            }
        }
    }
    out.flush()?;
    Ok(crate::EXIT_OK)
}

fn hit_json<'a>(h: &'a Hit<'a>) -> HitJson<'a> {
    let e = h.entry;
    let text = match h.side {
        Side::Source => &e.source,
        Side::Target => &e.target,
    };
    HitJson {
        document: &e.document,
        id: &e.id,
        state: e.state.as_str(),
        side: h.side,
        matched: text.get(h.range.clone()).unwrap_or_default(),
        start: h.range.start,
        end: h.range.end,
        source: &e.source,
        target: &e.target,
    }
}

/// The text with the hit marked: in colour on a terminal, else between `[` and `]`.
fn marked(text: &str, h: &Hit<'_>, color: bool) -> String {
    let before = text.get(..h.range.start).unwrap_or_default();
    let hit = text.get(h.range.clone()).unwrap_or_default();
    let after = text.get(h.range.end..).unwrap_or_default();
    let hit = if color {
        paint(true, "1;33", &visible(hit))
    } else {
        format!("[{}]", visible(hit))
    };
    format!("{}{hit}{}", visible(before), visible(after))
}
