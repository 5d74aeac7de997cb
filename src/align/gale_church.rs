//! The Gale-Church (1993) length-based baseline: character lengths only, the paper's bead
//! priors (1:1, 1:0, 0:1, 2:1, 1:2, 2:2) and variance `s2 = 6.8`, with the mean length ratio
//! `c` taken from the document (the paper's `c = 1` suits European pairs, not Arabic-English).
//! It runs on the same banded search as the aligner.

use std::ops::Range;

use super::Bead;
use super::evidence::letter_count;
use super::search::{BeadCost, Move, search};

const MOVES: [Move; 6] = [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2)];
/// Variance of the length difference per unit of length, from the paper.
const S2: f64 = 6.8;

struct Model {
    src: Vec<f64>,
    tgt: Vec<f64>,
    ratio: f64,
}

fn prior(di: usize, dj: usize) -> f64 {
    match (di, dj) {
        (1, 1) => 0.89,
        (1, 0) | (0, 1) => 0.0099 / 2.0,
        (2, 1) | (1, 2) => 0.089 / 2.0,
        (2, 2) => 0.011,
        _ => 0.0,
    }
}

/// Standard normal upper tail, `1 - Phi(z)`, by the Abramowitz-Stegun 26.2.17 approximation.
fn upper_tail(z: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.231_641_9 * z);
    let poly = t
        * (0.319_381_530
            + t * (-0.356_563_782
                + t * (1.781_477_937 + t * (-1.821_255_978 + t * 1.330_274_429))));
    let pdf = (-z * z / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt();
    pdf * poly
}

fn sum(v: &[f64], r: Range<usize>) -> f64 {
    v.get(r).map_or(0.0, |s| s.iter().sum())
}

impl BeadCost for Model {
    fn cost(&self, i: usize, j: usize, di: usize, dj: usize) -> f64 {
        let p = prior(di, dj);
        if p <= 0.0 {
            return f64::INFINITY;
        }
        let l1 = sum(&self.src, i - di..i);
        let l2 = sum(&self.tgt, j - dj..j);
        let mean = (l1 + l2 / self.ratio) / 2.0;
        let z = if mean > 0.0 {
            ((self.ratio * l1 - l2) / (S2 * mean).sqrt()).abs()
        } else {
            0.0
        };
        let pd = (2.0 * upper_tail(z)).max(1e-300);
        -p.ln() - pd.ln()
    }
}

/// Align by sentence lengths alone, the Gale-Church way. Confidence is not estimated (1.0).
pub fn gale_church(source: &[&str], target: &[&str]) -> Vec<Bead> {
    let src: Vec<f64> = source.iter().map(|s| letter_count(s)).collect();
    let tgt: Vec<f64> = target.iter().map(|s| letter_count(s)).collect();
    let (ts, tt): (f64, f64) = (src.iter().sum(), tgt.iter().sum());
    let ratio = if ts > 0.0 && tt > 0.0 { tt / ts } else { 1.0 };
    let model = Model { src, tgt, ratio };
    search(source.len(), target.len(), &MOVES, &model, false)
        .into_iter()
        .map(|b| Bead {
            source: b.source,
            target: b.target,
            confidence: b.posterior,
        })
        .collect()
}
