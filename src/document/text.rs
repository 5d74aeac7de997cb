//! Plain text: paragraphs by line or by blank line.
//!
//! In `line` mode every line is a paragraph (a block), as news copy saved one paragraph a line
//! is written. In `blank` mode paragraphs are separated by blank lines and a line break inside
//! a paragraph (with the next line's indentation) is read as a space: hard-wrapped wire copy
//! and e-mail. A built paragraph whose text changed is wrapped again at the width of the
//! source's paragraph. `auto` picks `blank` for text that looks hard-wrapped.

use std::ops::Range;
use std::path::Path;

use super::{Block, BlockKind, Error, Extraction, Format, Layout as DocLayout, Paragraphs, Piece};

/// What a text document keeps to be written back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The paragraph mode used (never `Auto`).
    pub mode: Paragraphs,
    /// For each block in `blank` mode that spans several lines: its range and the width (in
    /// characters) of its longest line, to wrap a changed paragraph again.
    pub wrapped: Vec<(Range<usize>, usize)>,
    /// `\r\n` when the file's lines end so.
    pub newline: &'static str,
}

/// Read a plain text.
pub fn read(path: &Path, bytes: Vec<u8>, mode: Paragraphs) -> Result<Extraction, Error> {
    let (content, offset) = super::checked_text(path, bytes)?;
    let mode = match mode {
        Paragraphs::Auto => detect(&content[offset..]),
        m => m,
    };
    let newline = if content.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let lines = line_ranges(&content, offset);
    let mut blocks = Vec::new();
    let mut wrapped = Vec::new();
    match mode {
        Paragraphs::Blank => {
            let mut para: Vec<Range<usize>> = Vec::new();
            for line in lines.into_iter().chain(std::iter::once(0..0)) {
                let blank = content[line.clone()].trim().is_empty();
                if blank {
                    if !para.is_empty() {
                        let (block, width) = paragraph(&content, &para);
                        if para.len() > 1 {
                            wrapped.push((block_range(&block), width));
                        }
                        blocks.push(block);
                        para.clear();
                    }
                } else {
                    para.push(line);
                }
            }
        }
        _ => {
            for line in lines {
                let trimmed = trim_range(&content, line);
                if !trimmed.is_empty() {
                    blocks.push(Block {
                        kind: BlockKind::Paragraph,
                        pieces: vec![Piece::text(&content, trimmed)],
                    });
                }
            }
        }
    }
    Ok(Extraction {
        path: path.to_owned(),
        format: Format::Text,
        content,
        blocks,
        layout: DocLayout::Text(Layout {
            mode,
            wrapped,
            newline,
        }),
    })
}

/// The ranges of the lines of `content` from `offset`, without their line ends.
fn line_ranges(content: &str, offset: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = offset;
    for (i, b) in content.bytes().enumerate().skip(offset) {
        if b == b'\n' {
            let end = if i > start && content.as_bytes()[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            out.push(start..end);
            start = i + 1;
        }
    }
    if start < content.len() {
        out.push(start..content.len());
    }
    out
}

/// `range` without the whitespace at its ends.
fn trim_range(content: &str, range: Range<usize>) -> Range<usize> {
    let s = &content[range.clone()];
    let head = s.len() - s.trim_start().len();
    let tail = s.len() - s.trim_end().len();
    if head == s.len() {
        return range.start..range.start;
    }
    range.start + head..range.end - tail
}

/// One paragraph of `blank` mode: its lines' text joined by atomic spaces (the line break and
/// the next line's indentation), and the width of its longest line.
fn paragraph(content: &str, lines: &[Range<usize>]) -> (Block, usize) {
    let mut pieces = Vec::new();
    let mut width = 0;
    let mut prev_end: Option<usize> = None;
    for line in lines {
        width = width.max(content[line.clone()].chars().count());
        let trimmed = trim_range(content, line.clone());
        if let Some(end) = prev_end {
            pieces.push(Piece::Text {
                range: end..trimmed.start,
                text: " ".into(),
                atomic: true,
            });
        }
        pieces.push(Piece::text(content, trimmed.clone()));
        prev_end = Some(trimmed.end);
    }
    (
        Block {
            kind: BlockKind::Paragraph,
            pieces,
        },
        width,
    )
}

fn block_range(block: &Block) -> Range<usize> {
    let start = block.pieces.first().map_or(0, |p| p.range().start);
    let end = block.pieces.last().map_or(0, |p| p.range().end);
    start..end
}

/// Whether a text looks hard-wrapped: paragraphs separated by blank lines, most of them of
/// several lines, their lines (but the last) of about the same width, and no wider than a
/// wrapped text is.
pub fn detect(text: &str) -> Paragraphs {
    let mut multi = 0usize;
    let mut single = 0usize;
    let mut full = 0usize;
    let mut short = 0usize;
    let mut widest = 0usize;
    let mut ends_open = 0usize;
    let mut ends_closed = 0usize;
    for para in text.split("\n\n").flat_map(|p| p.split("\r\n\r\n")) {
        let texts: Vec<&str> = para
            .lines()
            .map(str::trim_end)
            .filter(|l| !l.is_empty())
            .collect();
        let lines: Vec<usize> = texts.iter().map(|l| l.chars().count()).collect();
        for l in texts.iter().take(texts.len().saturating_sub(1)) {
            if l.ends_with(['.', '?', '!', '؟', ':', '»', '"', '”']) {
                ends_closed += 1;
            } else {
                ends_open += 1;
            }
        }
        match lines.len() {
            0 => continue,
            1 => single += 1,
            _ => multi += 1,
        }
        let width = lines.iter().copied().max().unwrap_or(0);
        widest = widest.max(width);
        if lines.len() > 1 {
            for &n in &lines[..lines.len() - 1] {
                if n * 10 >= width * 6 {
                    full += 1;
                } else {
                    short += 1;
                }
            }
        }
    }
    // Wrapped lines end inside a sentence; lines that are paragraphs end with its punctuation.
    let wrapped = multi > 0
        && multi >= single / 2
        && full >= 3 * short
        && ends_open > ends_closed
        && widest <= 160;
    if wrapped {
        Paragraphs::Blank
    } else {
        Paragraphs::Line
    }
}

/// The edits of a build with those inside a wrapped paragraph that change it replaced by one
/// edit that writes the whole paragraph again, wrapped at its width.
pub fn rewrap(
    layout: &Layout,
    content: &str,
    mut edits: Vec<(Range<usize>, String)>,
) -> Vec<(Range<usize>, String)> {
    if layout.wrapped.is_empty() {
        return edits;
    }
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = Vec::with_capacity(edits.len());
    let mut edits = edits.into_iter().peekable();
    for (block, width) in &layout.wrapped {
        while let Some(e) = edits.next_if(|(r, _)| r.start < block.start) {
            out.push(e);
        }
        let mut inside = Vec::new();
        while let Some(e) = edits.next_if(|(r, _)| r.end <= block.end) {
            inside.push(e);
        }
        let changed = inside
            .iter()
            .any(|(r, s)| content.get(r.clone()) != Some(s.as_str()));
        if !changed {
            out.extend(inside);
            continue;
        }
        let mut text = String::new();
        let mut pos = block.start;
        for (r, s) in inside {
            text.push_str(content.get(pos..r.start).unwrap_or_default());
            text.push_str(&s);
            pos = r.end;
        }
        text.push_str(content.get(pos..block.end).unwrap_or_default());
        out.push((block.clone(), wrap(&text, *width, layout.newline)));
    }
    out.extend(edits);
    out
}

/// Re-wrap `text` (a paragraph whose line breaks were read as spaces) at `width` characters,
/// with `newline` between lines.
pub fn wrap(text: &str, width: usize, newline: &str) -> String {
    let width = width.max(20);
    let mut out = String::with_capacity(text.len() + text.len() / width.max(1));
    let mut line_len = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if line_len > 0 && line_len + 1 + n > width {
            out.push_str(newline);
            line_len = 0;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_hard_wrapping() {
        let wrapped = "A line of wire copy that goes on and on\nand is wrapped at forty or so columns\nand ends here.\n\nAnother paragraph of wire copy that\ngoes on past the width of the first\nline.\n";
        assert_eq!(detect(wrapped), Paragraphs::Blank);
        let lines = "One paragraph a line.\nAnother paragraph.\nA third one.\n";
        assert_eq!(detect(lines), Paragraphs::Line);
        let spaced = "One paragraph.\n\nAnother paragraph.\n\nA third one.\n";
        assert_eq!(detect(spaced), Paragraphs::Line);
    }

    #[test]
    fn wrap_keeps_words_whole() {
        assert_eq!(
            wrap("the quick brown fox jumps over the lazy dog", 20, "\n"),
            "the quick brown fox\njumps over the lazy\ndog"
        );
    }
}
