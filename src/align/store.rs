//! An alignment stored as a translation document: one segment per bead.

use super::Bead;
use crate::codes;
use crate::store::{Document, Meta, Origin, OriginKind, SplitSegment, State};

/// One segment per line of `body` (a file's text from byte `offset` of the file, after a
/// byte-order mark), ranges into the file, spaces around each line left out. Blank lines are
/// kept as empty segments, so that segment `i` is always line `i` of the file, as bead
/// listings count them.
pub fn line_segments(body: &str, offset: usize) -> Vec<SplitSegment> {
    let body = body.strip_suffix('\n').unwrap_or(body);
    let mut out = Vec::new();
    let mut pos = offset;
    for line in body.split('\n') {
        let trimmed = line.trim();
        let lead = line.len() - line.trim_start().len();
        out.push(SplitSegment {
            range: pos + lead..pos + lead + trimmed.len(),
            text: trimmed.to_owned(),
        });
        pos += line.len() + 1;
    }
    out
}

/// The document of an alignment of `source` sentences with `target` sentences by `beads`:
/// one segment per bead, its source the bead's source sentences joined (its range covering
/// them), its target the bead's target sentences joined by a space, in state `translated`
/// with origin `alignment` (made at `time`) and the bead's confidence (rounded to 3 places).
/// A bead with no target sentence leaves its segment `new`. Everything is revision 1,
/// `align`.
pub fn to_document(
    meta: Meta,
    source: &[SplitSegment],
    target: &[SplitSegment],
    beads: &[Bead],
    time: &str,
) -> Document {
    let merged: Vec<SplitSegment> = beads
        .iter()
        .map(|b| {
            let parts = source.get(b.source.clone()).unwrap_or_default();
            match (parts.first(), parts.last()) {
                (Some(first), Some(last)) => SplitSegment {
                    range: first.range.start..last.range.end,
                    text: codes::join(
                        &parts.iter().map(|p| p.text.as_str()).collect::<Vec<_>>(),
                        " ",
                    ),
                },
                _ => SplitSegment {
                    range: 0..0,
                    text: String::new(),
                },
            }
        })
        .collect();
    let mut doc = Document::new(meta, &merged);
    let origin = Origin {
        kind: OriginKind::Alignment,
        backend: None,
        model: None,
        time: time.to_owned(),
    };
    let mut changed = 0;
    for (seg, bead) in doc.segments.iter_mut().zip(beads) {
        let text = target
            .get(bead.target.clone())
            .unwrap_or_default()
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        seg.confidence = Some((bead.confidence * 1000.0).round() / 1000.0);
        if !text.is_empty() && seg.set(text, State::Translated, Some(origin.clone()), 1) {
            changed += 1;
        }
    }
    doc.record_revision(1, time, "align", changed.max(1));
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_segment_per_line_with_ranges_into_the_file() {
        let file = "\u{feff} a \n\nb\r\n";
        let segs = line_segments(&file[3..], 3);
        let texts: Vec<&str> = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["a", "", "b"]);
        for s in &segs {
            assert_eq!(&file[s.range.clone()], s.text, "{s:?}");
        }
    }

    fn split(texts: &[&str]) -> Vec<SplitSegment> {
        SplitSegment::lines_for_tests(texts)
    }

    #[test]
    fn one_segment_per_bead_with_its_pair_and_confidence() {
        let source = split(&["أ.", "ب.", "ج."]);
        let target = split(&["A and B.", "Extra."]);
        let beads = [
            Bead {
                source: 0..2,
                target: 0..1,
                confidence: 0.91234,
            },
            Bead {
                source: 2..3,
                target: 1..1,
                confidence: 0.4,
            },
            Bead {
                source: 3..3,
                target: 1..2,
                confidence: 0.2,
            },
        ];
        let doc = to_document(Meta::for_tests(), &source, &target, &beads, "T");
        assert_eq!(doc.segments.len(), 3);
        let first = &doc.segments[0];
        assert_eq!(first.source, "أ. ب.");
        assert_eq!(first.byte_range(), 0..source[1].range.end);
        assert_eq!(first.target, "A and B.");
        assert_eq!(first.state, State::Translated);
        assert_eq!(first.origin.as_ref().unwrap().kind, OriginKind::Alignment);
        assert_eq!(first.confidence, Some(0.912));
        assert_eq!(doc.segments[1].state, State::New);
        assert_eq!(doc.segments[2].source, "");
        assert_eq!(doc.segments[2].target, "Extra.");
        assert_eq!(doc.revisions.len(), 1);
        assert_eq!(doc.revisions[0].action, "align");
        assert_eq!(doc.revisions[0].changed, 2);
    }
}
