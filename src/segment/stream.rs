//! Streaming segmentation: split any amount of input in bounded memory.
//!
//! Input is read line by line (a line break always ends a segment, so lines are
//! independent). A line longer than [`LINE_CAP`] bytes is not read whole: when the buffer
//! fills, the part up to the last sentence break that has a full look-ahead window behind
//! it is emitted and the rest is kept, together with a window of look-behind context, so
//! the decisions are the same as for the whole line. If the buffer holds no break at all,
//! it is cut at the last whitespace (or, failing that, at a character boundary) before the
//! window: such a forced cut is the only way streaming can differ from [`Segmenter::split`].

use std::io::BufRead;
use std::ops::Range;

use super::rules::WINDOW;
use super::{Error, Segmenter, push_trimmed};

/// The longest line kept in memory before it is cut (bytes).
pub(crate) const LINE_CAP: usize = 1 << 20;

/// How much of the buffer end is kept undecided, so every decision sees its full window.
const MARGIN: usize = 4 * WINDOW;

struct State {
    /// Bytes of the current line not yet emitted (plus `context` bytes already emitted).
    buf: Vec<u8>,
    /// How many bytes at the start of `buf` are context already emitted.
    context: usize,
    /// Whether `buf` starts at the beginning of a line.
    line_start: bool,
    /// Absolute byte offset of `buf[0]` in the input.
    offset: u64,
    /// 1-based line number of the current line.
    line: u64,
}

pub(crate) fn split_reader<R: BufRead>(
    seg: &Segmenter,
    mut input: R,
    mut emit: impl FnMut(&str) -> std::io::Result<()>,
) -> Result<(), Error> {
    let mut st = State {
        buf: Vec::with_capacity(64 * 1024),
        context: 0,
        line_start: true,
        offset: 0,
        line: 1,
    };
    loop {
        let chunk = match input.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::Io(e)),
        };
        if chunk.is_empty() {
            if st.buf.len() > st.context {
                finish_line(seg, &mut st, &mut emit)?;
            }
            return Ok(());
        }
        let room = (LINE_CAP + st.context).saturating_sub(st.buf.len()).max(1);
        let (take, line_done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(k) if k < room => (k + 1, true),
            _ => (chunk.len().min(room), false),
        };
        st.buf.extend_from_slice(&chunk[..take]);
        input.consume(take);
        if line_done {
            finish_line(seg, &mut st, &mut emit)?;
        } else if st.buf.len() >= LINE_CAP + st.context {
            cut_long_line(seg, &mut st, &mut emit)?;
        }
    }
}

/// Checks `bytes` as UTF-8; an incomplete sequence at the end is allowed when `partial`.
/// Returns the length of the valid prefix.
fn valid_prefix(bytes: &[u8], st: &State, partial: bool) -> Result<usize, Error> {
    match std::str::from_utf8(bytes) {
        Ok(_) => Ok(bytes.len()),
        Err(e) if partial && e.error_len().is_none() => Ok(e.valid_up_to()),
        Err(e) => Err(Error::InvalidUtf8 {
            offset: st.offset + e.valid_up_to() as u64,
            line: st.line,
        }),
    }
}

fn emit_ranges(
    text: &str,
    ranges: &[Range<usize>],
    emit: &mut impl FnMut(&str) -> std::io::Result<()>,
) -> Result<(), Error> {
    for r in ranges {
        if let Some(s) = text.get(r.clone()) {
            emit(s)?;
        }
    }
    Ok(())
}

/// Splits the complete line in the buffer and clears it.
fn finish_line(
    seg: &Segmenter,
    st: &mut State,
    emit: &mut impl FnMut(&str) -> std::io::Result<()>,
) -> Result<(), Error> {
    let valid = valid_prefix(&st.buf, st, false)?;
    let text = std::str::from_utf8(&st.buf[..valid]).map_err(|e| Error::InvalidUtf8 {
        offset: st.offset + e.valid_up_to() as u64,
        line: st.line,
    })?;
    let from = st.context;
    let mut ranges = Vec::new();
    let mut prev = from;
    seg.for_each_candidate(text, from, st.line_start, &mut |offset, broke, _| {
        if broke && offset >= from {
            push_trimmed(text, prev..offset, &mut ranges);
            prev = offset;
        }
    });
    push_trimmed(text, prev..text.len(), &mut ranges);
    emit_ranges(text, &ranges, emit)?;
    st.offset += st.buf.len() as u64;
    st.line += 1;
    st.buf.clear();
    st.context = 0;
    st.line_start = true;
    Ok(())
}

/// Emits the sentences of an over-long line up to a safe cut and keeps the rest.
fn cut_long_line(
    seg: &Segmenter,
    st: &mut State,
    emit: &mut impl FnMut(&str) -> std::io::Result<()>,
) -> Result<(), Error> {
    let valid = valid_prefix(&st.buf, st, true)?;
    let text = std::str::from_utf8(&st.buf[..valid]).map_err(|e| Error::InvalidUtf8 {
        offset: st.offset + e.valid_up_to() as u64,
        line: st.line,
    })?;
    let from = st.context;
    let limit = valid.saturating_sub(MARGIN);
    let mut last_break = None;
    seg.for_each_candidate(text, from, st.line_start, &mut |offset, broke, _| {
        if broke && offset > from && offset <= limit {
            last_break = Some(offset);
        }
    });
    let cut = match last_break {
        Some(b) => b,
        None => forced_cut(text, from, limit),
    };
    let mut ranges = Vec::new();
    let mut prev = from;
    seg.for_each_candidate(text, from, st.line_start, &mut |offset, broke, _| {
        if broke && offset > from && offset < cut {
            push_trimmed(text, prev..offset, &mut ranges);
            prev = offset;
        }
    });
    push_trimmed(text, prev..cut, &mut ranges);
    emit_ranges(text, &ranges, emit)?;
    // Keep look-behind context before the cut (two words and the space between them).
    let mut keep = cut.saturating_sub(MARGIN);
    while keep > 0 && !text.is_char_boundary(keep) {
        keep -= 1;
    }
    st.offset += keep as u64;
    st.buf.drain(..keep);
    st.context = cut - keep;
    st.line_start = false;
    Ok(())
}

/// Where to cut a buffer that holds no sentence break: the last whitespace before
/// `limit`, else the last character boundary before it.
fn forced_cut(text: &str, from: usize, limit: usize) -> usize {
    let head = text.get(from..limit).unwrap_or("");
    if let Some((k, c)) = head.char_indices().rev().find(|&(_, c)| c.is_whitespace()) {
        return from + k + c.len_utf8();
    }
    let mut cut = limit.max(from + 1).min(text.len());
    while cut > from && !text.is_char_boundary(cut) {
        cut -= 1;
    }
    if cut <= from { text.len() } else { cut }
}
