//! `workbench split`: print a text's sentences.

use std::io::{BufWriter, Read, Write};

use anyhow::Context as _;

use super::Context;
use super::document::{open_source, read_text_at_most};
use crate::cli::{Lang, SplitArgs, SplitFormat};
use crate::segment::{Language, MAX_RULES_BYTES, Segmenter};
use crate::source::SourceText;

pub(crate) fn run(args: SplitArgs, _ctx: &Context) -> anyhow::Result<u8> {
    let SplitArgs {
        input,
        lang,
        rules,
        format,
        explain,
        export_rules,
        read,
    } = args;
    let language = match lang {
        Lang::Ar => Language::Arabic,
        Lang::En => Language::English,
    };
    let code = match lang {
        Lang::Ar => "ar",
        Lang::En => "en",
    };
    let segmenter = match &rules {
        Some(path) => {
            let xml = read_text_at_most(path, MAX_RULES_BYTES)?;
            Segmenter::from_srx(&xml, path, code)?
        }
        None => Segmenter::builtin(language),
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if export_rules {
        out.write_all(segmenter.to_srx().as_bytes())?;
        out.flush()?;
        return Ok(crate::EXIT_OK);
    }
    let from_stdin = input.as_os_str() == "-";
    if from_stdin && format == SplitFormat::Text && !explain {
        let stdin = std::io::stdin();
        segmenter
            .split_reader(stdin.lock(), |sentence| writeln!(out, "{sentence}"))
            .context("cannot split standard input")?;
        out.flush()?;
        return Ok(crate::EXIT_OK);
    }
    if !from_stdin && !explain {
        // A file is read as a document: its format from the extension (or `--input-format`),
        // plain text by paragraphs; the sentences are printed with their codes.
        let source = open_source(&input, read, None, &segmenter)?;
        let sentences = source
            .segments
            .iter()
            .map(|s| (s.range.clone(), s.text.as_str()));
        write_sentences(&mut out, sentences, format)?;
        out.flush()?;
        return Ok(crate::EXIT_OK);
    }
    let source = if from_stdin {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes)?;
        SourceText::from_bytes(std::path::Path::new("<stdin>"), bytes)?
    } else {
        SourceText::read(&input)?
    };
    let text = source.text();
    if explain {
        for d in segmenter.explain(text) {
            let offset = d.offset + source.offset;
            match format {
                SplitFormat::Json => writeln!(
                    out,
                    "{}",
                    serde_json::to_string(&JsonDecision {
                        offset,
                        broke: d.broke,
                        rule: &d.rule.name(),
                        description: &d.rule.description(),
                    })?
                )?,
                _ => {
                    let verdict = if d.broke { "break" } else { "keep " };
                    let before = tail_chars(text.get(..d.offset).unwrap_or_default(), 24);
                    let after = head_chars(text.get(d.offset..).unwrap_or_default(), 24);
                    writeln!(
                        out,
                        "{offset:>8} {verdict} {:<24} \u{2068}{before}\u{2069} | \u{2068}{after}\u{2069}",
                        d.rule.name(),
                    )?;
                }
            }
        }
        out.flush()?;
        return Ok(crate::EXIT_OK);
    }
    let sentences = segmenter.split(text).into_iter().map(|range| {
        (
            range.start + source.offset..range.end + source.offset,
            text.get(range).unwrap_or_default(),
        )
    });
    write_sentences(&mut out, sentences, format)?;
    out.flush()?;
    Ok(crate::EXIT_OK)
}

/// Print sentences (byte range in the file, text) in `format`.
fn write_sentences<'a>(
    out: &mut impl Write,
    sentences: impl Iterator<Item = (std::ops::Range<usize>, &'a str)>,
    format: SplitFormat,
) -> anyhow::Result<()> {
    for (i, (range, sentence)) in sentences.enumerate() {
        let (start, end) = (range.start, range.end);
        match format {
            SplitFormat::Text => writeln!(out, "{sentence}")?,
            SplitFormat::Json => writeln!(
                out,
                "{}",
                serde_json::to_string(&JsonSegment {
                    id: i + 1,
                    start,
                    end,
                    text: sentence
                })?
            )?,
            SplitFormat::Tsv => {
                let clean = sentence.replace(['\t', '\n', '\r'], " ");
                writeln!(out, "{}\t{start}\t{end}\t{clean}", i + 1)?;
            }
        }
    }
    Ok(())
}

/// The last `n` characters of `s`, on one line.
fn tail_chars(s: &str, n: usize) -> String {
    let start = s
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    s[start..].replace(['\n', '\r', '\t'], " ")
}

/// The first `n` characters of `s`, on one line.
fn head_chars(s: &str, n: usize) -> String {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    s[..end].replace(['\n', '\r', '\t'], " ")
}

/// One segment in `--format json`: id, byte range in the file, text.
#[derive(serde::Serialize)]
struct JsonSegment<'a> {
    id: usize,
    start: usize,
    end: usize,
    text: &'a str,
}

/// One candidate break in `--explain --format json`.
#[derive(serde::Serialize)]
struct JsonDecision<'a> {
    offset: usize,
    broke: bool,
    rule: &'a str,
    description: &'a str,
}
