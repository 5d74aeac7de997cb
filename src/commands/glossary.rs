//! `workbench glossary`: check documents against the glossary, list, add, import, export.

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;

use super::Context;
use super::document::{load_glossary, open_source, read_text_at_most, segmenter_for};
use crate::cli::ReadArgs;
use crate::cli::{
    GlossaryAddArgs, GlossaryArgs, GlossaryCheckArgs, GlossaryCommand, GlossaryExportArgs,
    GlossaryFormat, GlossaryImportArgs, GlossaryListArgs, OutputFormat, TermKindArg,
};
use crate::glossary::check::FileReport;
use crate::glossary::interchange::{Table, from_table, to_table};
use crate::glossary::tbx::{TbxVersion, from_tbx, to_tbx};
use crate::glossary::{Glossary, Matcher, Term, TermKind};
use crate::source::SourceText;
use crate::store::Document;

pub(crate) fn run(args: GlossaryArgs, ctx: &Context) -> anyhow::Result<u8> {
    match args.command {
        GlossaryCommand::Check(a) => check_files(a, ctx),
        GlossaryCommand::List(a) => list(a, ctx),
        GlossaryCommand::Add(a) => add(a, ctx),
        GlossaryCommand::Import(a) => import(a, ctx),
        GlossaryCommand::Export(a) => export(a, ctx),
    }
}

fn check_files(args: GlossaryCheckArgs, ctx: &Context) -> anyhow::Result<u8> {
    let GlossaryCheckArgs { files, format } = args;
    let glossary = load_glossary(&ctx.layout.glossary_path())?;
    let matcher = Matcher::new(&glossary);
    let mut reports = Vec::new();
    for file in &files {
        reports.push(check_file(file, &glossary, &matcher, ctx)?);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &reports)?;
            out.write_all(b"\n")?;
        }
        OutputFormat::Human => {
            for r in &reports {
                writeln!(
                    out,
                    "{}: {} glossary names found, {} violations, {} names spelt two ways",
                    r.file,
                    r.matches.len(),
                    r.violations.len(),
                    r.inconsistent_names.len()
                )?;
                for v in &r.violations {
                    writeln!(out, "  segment {}: {}", v.segment, v.message)?;
                }
                for i in &r.inconsistent_names {
                    let spellings: Vec<String> = i
                        .renderings
                        .iter()
                        .map(|s| format!("`{}` ({}x)", s.english, s.pairs.len()))
                        .collect();
                    if i.arabic.is_empty() {
                        writeln!(out, "  a name is spelt {}", spellings.join(" and "))?;
                    } else {
                        writeln!(
                            out,
                            "  \u{2068}{}\u{2069} is rendered {}",
                            i.arabic,
                            spellings.join(" and ")
                        )?;
                    }
                }
            }
        }
    }
    let broken = reports
        .iter()
        .any(|r| !r.violations.is_empty() || !r.inconsistent_names.is_empty());
    Ok(if broken {
        crate::EXIT_FINDINGS
    } else {
        crate::EXIT_OK
    })
}

fn check_file(
    file: &Path,
    glossary: &Glossary,
    matcher: &Matcher,
    ctx: &Context,
) -> anyhow::Result<FileReport> {
    let is_document = file.extension().is_some_and(|e| e == "yaml" || e == "yml");
    let segments: Vec<(u64, String, String)> = if is_document {
        let doc = Document::load(file)?;
        doc.segments
            .into_iter()
            .map(|s| (s.id, s.source, s.target))
            .collect()
    } else if crate::document::Format::from_path(file) != crate::document::Format::Text {
        // A page, Markdown or Word file: its sentences, numbered, without their codes.
        let source = open_source(
            file,
            ReadArgs::default(),
            None,
            &segmenter_for(ctx.languages()[0])?,
        )?;
        source
            .segments
            .iter()
            .zip(1..)
            .map(|(s, id)| (id, crate::codes::strip(&s.text), String::new()))
            .collect()
    } else {
        let text = SourceText::read(file)?;
        vec![(1, text.text().to_owned(), String::new())]
    };
    let mut report = crate::glossary::check::report(glossary, matcher, &segments, is_document);
    report.file = ctx.show(file);
    Ok(report)
}

fn list(args: GlossaryListArgs, ctx: &Context) -> anyhow::Result<u8> {
    let glossary = load_glossary(&ctx.layout.glossary_path())?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        OutputFormat::Json => {
            let terms: Vec<_> = glossary
                .terms()
                .iter()
                .map(|t| {
                    serde_json::json!({"english": t.english, "arabic": t.arabic,
                        "kind": t.kind.map(TermKind::as_str), "note": t.note,
                        "forbidden": t.forbidden, "do_not_translate": t.do_not_translate})
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &terms)?;
            out.write_all(b"\n")?;
        }
        OutputFormat::Human => {
            for t in glossary.terms() {
                let kind = t
                    .kind
                    .map_or(String::new(), |k| format!(" ({})", k.as_str()));
                let forms: Vec<String> = t
                    .arabic
                    .iter()
                    .map(|a| format!("\u{2068}{a}\u{2069}"))
                    .collect();
                writeln!(out, "{}{kind}: {}", t.rendering(), forms.join(", "))?;
            }
        }
    }
    Ok(crate::EXIT_OK)
}

fn add(args: GlossaryAddArgs, ctx: &Context) -> anyhow::Result<u8> {
    let GlossaryAddArgs {
        arabic,
        english,
        kind,
        note,
        forbidden,
        do_not_translate,
    } = args;
    let path = ctx.layout.glossary_path();
    let mut glossary = load_glossary(&path)?;
    let mut term = Term::new(arabic, english);
    term.kind = kind.map(kind_from);
    term.note = note;
    term.forbidden = forbidden;
    term.do_not_translate = do_not_translate;
    let shown = term.rendering().to_owned();
    glossary
        .add(term)
        .with_context(|| format!("cannot add to `{}`", ctx.show(&path)))?;
    glossary.save(&path)?;
    ctx.printer.status(format_args!(
        "added `{shown}` to `{}` ({} {})",
        ctx.show(&path),
        glossary.terms().len(),
        if glossary.terms().len() == 1 {
            "term"
        } else {
            "terms"
        }
    ));
    Ok(crate::EXIT_OK)
}

fn import(args: GlossaryImportArgs, ctx: &Context) -> anyhow::Result<u8> {
    let GlossaryImportArgs { input, format } = args;
    let format = match format.or_else(|| format_from_extension(&input)) {
        Some(f) => f,
        None => anyhow::bail!(
            "{}: cannot tell the format from the extension; give `--format csv|tsv|tbx`",
            input.display()
        ),
    };
    let text = read_text_at_most(&input, crate::glossary::MAX_GLOSSARY_BYTES)?;
    let incoming = match format {
        GlossaryFormat::Csv => from_table(&text, &input, Table::Csv)?,
        GlossaryFormat::Tsv => from_table(&text, &input, Table::Tsv)?,
        GlossaryFormat::Tbx | GlossaryFormat::Tbx3 => from_tbx(&text, &input)?,
    };
    let path = ctx.layout.glossary_path();
    let mut glossary = load_glossary(&path)?;
    let mut added = 0;
    let mut known = 0;
    for term in incoming.terms() {
        if glossary.terms().contains(term) {
            known += 1;
            continue;
        }
        glossary.add(term.clone()).with_context(|| {
            format!(
                "cannot add `{}` from `{}` to `{}`",
                term.rendering(),
                input.display(),
                ctx.show(&path)
            )
        })?;
        added += 1;
    }
    if added > 0 {
        glossary.save(&path)?;
    }
    ctx.printer.status(format_args!(
        "added {added} terms to `{}` ({known} were there already)",
        ctx.show(&path)
    ));
    Ok(crate::EXIT_OK)
}

fn export(args: GlossaryExportArgs, ctx: &Context) -> anyhow::Result<u8> {
    let GlossaryExportArgs { format, output } = args;
    let glossary = load_glossary(&ctx.layout.glossary_path())?;
    let text = match format {
        // A byte-order mark makes spreadsheets read the file as UTF-8, as for translations.
        GlossaryFormat::Csv => format!("\u{feff}{}", to_table(&glossary, Table::Csv)),
        GlossaryFormat::Tsv => to_table(&glossary, Table::Tsv),
        GlossaryFormat::Tbx => to_tbx(&glossary, TbxVersion::Basic2008),
        GlossaryFormat::Tbx3 => to_tbx(&glossary, TbxVersion::V3),
    };
    if output.as_os_str() == "-" {
        std::io::stdout().lock().write_all(text.as_bytes())?;
    } else {
        crate::fs::write_atomic(&output, text.as_bytes())?;
        ctx.printer.status(format_args!(
            "wrote {} terms to `{}`",
            glossary.terms().len(),
            ctx.show(&output)
        ));
    }
    Ok(crate::EXIT_OK)
}

fn format_from_extension(path: &Path) -> Option<GlossaryFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "csv" => Some(GlossaryFormat::Csv),
        "tsv" | "tab" | "txt" => Some(GlossaryFormat::Tsv),
        "tbx" | "xml" => Some(GlossaryFormat::Tbx),
        "tbx3" => Some(GlossaryFormat::Tbx3),
        _ => None,
    }
}

fn kind_from(k: TermKindArg) -> TermKind {
    match k {
        TermKindArg::Person => TermKind::Person,
        TermKindArg::Place => TermKind::Place,
        TermKindArg::Organisation => TermKind::Organisation,
        TermKindArg::Title => TermKind::Title,
        TermKindArg::Term => TermKind::Term,
    }
}
