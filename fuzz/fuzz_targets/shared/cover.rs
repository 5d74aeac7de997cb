//! The splitter's contract, checked on any segmenter and text: the segments cover the input
//! (everything outside them is whitespace), come in order, lie on character boundaries and
//! are trimmed; and they are exactly the pieces between the breaks `explain` reports.

use std::ops::Range;

use workbench::segment::Segmenter;

pub fn check(seg: &Segmenter, text: &str) {
    let ranges = seg.split(text);
    let mut pos = 0;
    for r in &ranges {
        assert!(
            r.start >= pos && r.start < r.end && r.end <= text.len(),
            "{r:?} after {pos}"
        );
        assert!(
            text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
            "{r:?}"
        );
        let gap = text.get(pos..r.start).expect("checked boundaries");
        assert!(
            gap.chars().all(char::is_whitespace),
            "text lost before {r:?}: {gap:?}"
        );
        let piece = text.get(r.clone()).expect("checked boundaries");
        assert_eq!(piece.trim(), piece, "segment {r:?} is not trimmed");
        pos = r.end;
    }
    let tail = text.get(pos..).expect("checked boundaries");
    assert!(
        tail.chars().all(char::is_whitespace),
        "text lost at the end: {tail:?}"
    );

    let mut expected: Vec<Range<usize>> = Vec::new();
    let mut prev = 0;
    let mut last = None;
    for d in seg.explain(text) {
        assert!(
            d.offset <= text.len() && text.is_char_boundary(d.offset),
            "{d:?}"
        );
        assert!(
            last.is_none_or(|l| d.offset >= l),
            "decisions out of order at {d:?}"
        );
        last = Some(d.offset);
        if d.broke {
            push_trimmed(text, prev..d.offset, &mut expected);
            prev = d.offset;
        }
    }
    push_trimmed(text, prev..text.len(), &mut expected);
    assert_eq!(ranges, expected, "split and explain disagree");
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = text
        .get(range.clone())
        .expect("breaks lie on character boundaries");
    let head = s.trim_start();
    let trimmed = head.trim_end();
    if !trimmed.is_empty() {
        let start = range.start + (s.len() - head.len());
        out.push(start..start + trimmed.len());
    }
}
