//! Interim aligner.
use std::ops::Range;
#[derive(Debug, Clone, PartialEq)]
pub struct Bead { pub source: Range<usize>, pub target: Range<usize>, pub confidence: f64 }
#[derive(Debug, Clone, Default)]
pub struct Options { pub anchors: Vec<(String, String)>, pub flag_below: f64 }
pub fn align(source: &[&str], target: &[&str], _o: &Options) -> Vec<Bead> {
    let n = source.len().max(target.len());
    (0..n).map(|i| Bead { source: if i < source.len() { i..i + 1 } else { source.len()..source.len() }, target: if i < target.len() { i..i + 1 } else { target.len()..target.len() }, confidence: 0.5 }).collect()
}
pub fn write_beads(beads: &[Bead], out: &mut impl std::io::Write) -> std::io::Result<()> {
    for b in beads { let s: Vec<String> = b.source.clone().map(|i| i.to_string()).collect(); let t: Vec<String> = b.target.clone().map(|i| i.to_string()).collect(); writeln!(out, "{}:{}", s.join(","), t.join(","))?; } Ok(())
}
