//! `workbench memory`: look sentences up in the translation memory; import, list and remove
//! memories. Also the one way commands load the memory ([`load_memory`]).

use std::io::{BufRead, Write};

use serde::Serialize;

use super::Context;
use crate::cli::{
    MemoryArgs, MemoryCommand, MemoryImportArgs, MemoryListArgs, MemoryLookupArgs,
    MemoryRemoveArgs, OutputFormat,
};
use crate::formats::{self, Format};
use crate::memory::{self, Match, Memory, Source, SourceKind, score};
use crate::output::paint;
use crate::store::{self, Document};

pub(crate) fn run(args: MemoryArgs, ctx: &Context) -> anyhow::Result<u8> {
    match args.command {
        MemoryCommand::Lookup(a) => lookup(a, ctx),
        MemoryCommand::Import(a) => import(a, ctx),
        MemoryCommand::List(a) => list(a, ctx),
        MemoryCommand::Remove(a) => remove(a, ctx),
    }
}

/// The project's memory (through its cache): `first` (documents the caller holds) before
/// the documents on disk whose name `skip` refuses not, then the imported memories. Sources
/// that cannot be read are skipped with a warning.
pub(crate) fn load_memory(
    ctx: &Context,
    first: &[&Document],
    skip: &dyn Fn(&str) -> bool,
) -> anyhow::Result<(Memory, Vec<Source>)> {
    let loaded = memory::load(&ctx.layout, first, skip, &ctx.now)?;
    for w in &loaded.warnings {
        ctx.printer
            .warn(format_args!("translation memory skips {w}"));
    }
    if loaded.reread > 0 {
        ctx.printer.detail(format_args!(
            "translation memory: {} source(s) read again, {} entries",
            loaded.reread,
            loaded.memory.len()
        ));
    }
    Ok((loaded.memory, loaded.sources))
}

/// One match as JSON.
#[derive(Serialize)]
struct MatchJson<'a> {
    score: u8,
    source: &'a str,
    target: &'a str,
    document: &'a str,
    id: &'a str,
    state: &'a str,
    origin: Option<String>,
    diff: &'a [memory::DiffPart],
}

impl<'a> From<&'a Match<'a>> for MatchJson<'a> {
    fn from(m: &'a Match<'a>) -> MatchJson<'a> {
        MatchJson {
            score: m.score,
            source: &m.entry.source,
            target: &m.entry.target,
            document: &m.entry.document,
            id: &m.entry.id,
            state: m.entry.state.as_str(),
            origin: m.entry.origin_text(),
            diff: &m.diff,
        }
    }
}

#[derive(Serialize)]
struct LookupJson<'a> {
    query: &'a str,
    matches: Vec<MatchJson<'a>>,
}

fn lookup(args: MemoryLookupArgs, ctx: &Context) -> anyhow::Result<u8> {
    let MemoryLookupArgs {
        text,
        min,
        limit,
        format,
    } = args;
    let limit = usize::from(limit);
    let (memory, _) = load_memory(ctx, &[], &|_| false)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if text == "-" {
        let stdin = std::io::stdin();
        for (n, line) in stdin.lock().lines().enumerate() {
            let line = line.map_err(|e| anyhow::anyhow!("standard input, line {}: {e}", n + 1))?;
            let query = line.trim_end_matches('\r');
            let matches = memory.lookup(query, min, limit);
            let json = LookupJson {
                query,
                matches: matches.iter().map(MatchJson::from).collect(),
            };
            serde_json::to_writer(&mut out, &json)?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
        return Ok(crate::EXIT_OK);
    }
    let matches = memory.lookup(&text, min, limit);
    match format {
        OutputFormat::Json => {
            let json = LookupJson {
                query: &text,
                matches: matches.iter().map(MatchJson::from).collect(),
            };
            serde_json::to_writer_pretty(&mut out, &json)?;
            out.write_all(b"\n")?;
        }
        OutputFormat::Human => {
            let color = ctx.printer.color_stdout;
            if matches.is_empty() {
                ctx.printer.status(format_args!(
                    "no match scoring {min} or more among {} entries",
                    memory.len()
                ));
            }
            for m in &matches {
                let e = m.entry;
                writeln!(
                    out,
                    "{}  {} #{}  {}{}",
                    paint(color, "1", &format!("{:>3}%", m.score)),
                    e.document,
                    e.id,
                    e.state.as_str(),
                    e.origin_text()
                        .map(|o| format!(" ({o})"))
                        .unwrap_or_default()
                )?;
                writeln!(out, "  source  {}", crate::display::visible(&e.source))?;
                if m.score < 100 {
                    writeln!(
                        out,
                        "  diff    {}",
                        crate::display::visible(&score::diff_line(&m.diff))
                    )?;
                }
                writeln!(out, "  target  {}", crate::display::visible(&e.target))?;
            }
        }
    }
    out.flush()?;
    Ok(crate::EXIT_OK)
}

/// Store a TMX as memory `name` (`translations/.memory/NAME.tmx`, the file as it is);
/// `import --as-memory` comes here too.
pub(crate) fn import_tmx(
    input: &std::path::Path,
    name: Option<String>,
    dry_run: bool,
    ctx: &Context,
) -> anyhow::Result<u8> {
    let import = formats::read(input, None)?;
    if import.format != Format::Tmx {
        anyhow::bail!(
            "{}: only a TMX can be stored as translation memory (this is {})",
            ctx.show(input),
            import.format.title()
        );
    }
    let name = match name {
        Some(n) => n,
        None => store::name_for_source(input)?,
    };
    let path = memory::memory_path(&ctx.layout, &name)?;
    let pairs = memory::entries_of_import(&import, &name, &ctx.now).len();
    if path.exists() {
        anyhow::bail!(
            "`{}` already exists; remove it with `workbench memory remove {name}` or choose another --name",
            ctx.show(&path)
        );
    }
    if dry_run {
        ctx.printer.status(format_args!(
            "dry run: would store {pairs} pairs as translation memory `{}`; nothing written",
            ctx.show(&path)
        ));
        return Ok(crate::EXIT_OK);
    }
    let bytes = fs_err::read(input)?;
    crate::fs::write_atomic(&path, &bytes)
        .map_err(|e| anyhow::anyhow!("{}: {e}", ctx.show(&path)))?;
    ctx.printer.status(format_args!(
        "stored {pairs} pairs from `{}` as translation memory `{}`",
        ctx.show(input),
        ctx.show(&path)
    ));
    Ok(crate::EXIT_OK)
}

fn import(args: MemoryImportArgs, ctx: &Context) -> anyhow::Result<u8> {
    let MemoryImportArgs {
        input,
        name,
        dry_run,
    } = args;
    import_tmx(&input, name, dry_run, ctx)
}

#[derive(Serialize)]
struct ListJson {
    sources: Vec<SourceJson>,
    entries: usize,
}

#[derive(Serialize)]
struct SourceJson {
    kind: SourceKind,
    name: String,
    path: String,
    entries: usize,
}

fn list(args: MemoryListArgs, ctx: &Context) -> anyhow::Result<u8> {
    let MemoryListArgs { format } = args;
    let (memory, sources) = load_memory(ctx, &[], &|_| false)?;
    let list = ListJson {
        sources: sources
            .iter()
            .map(|s| SourceJson {
                kind: s.kind,
                name: s.name.clone(),
                path: ctx.show(&s.path),
                entries: s.entries,
            })
            .collect(),
        entries: memory.len(),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &list)?;
            out.write_all(b"\n")?;
        }
        OutputFormat::Human => {
            for s in &list.sources {
                let kind = match s.kind {
                    SourceKind::Document => "document",
                    SourceKind::Memory => "memory",
                };
                writeln!(
                    out,
                    "{kind:<8}  {:<24}  {:>7} entries  {}",
                    s.name, s.entries, s.path
                )?;
            }
            writeln!(
                out,
                "{} entries in {} sources",
                list.entries,
                list.sources.len()
            )?;
        }
    }
    out.flush()?;
    Ok(crate::EXIT_OK)
}

fn remove(args: MemoryRemoveArgs, ctx: &Context) -> anyhow::Result<u8> {
    let MemoryRemoveArgs { name } = args;
    let path = memory::memory_path(&ctx.layout, &name)?;
    if !path.is_file() {
        anyhow::bail!(
            "no imported memory `{name}` (`{}` does not exist); `workbench memory list` shows them",
            ctx.show(&path)
        );
    }
    fs_err::remove_file(&path)?;
    crate::fs::sync_dir(crate::fs::folder_of(&path));
    ctx.printer.status(format_args!(
        "removed translation memory `{name}` (`{}`)",
        ctx.show(&path)
    ));
    Ok(crate::EXIT_OK)
}
