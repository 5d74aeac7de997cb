//! The banded dynamic programme shared by the aligner and the Gale-Church baseline.
//!
//! Cells `(i, j)` mean "the first `i` source and `j` target sentences are aligned". Only cells
//! within `width` of the diagonal `j = i * m / n` are kept, so time and memory grow with
//! `n * width`; when the best path comes near the edge of the band the band is doubled and the
//! search run again. With `posteriors`, a forward and a backward pass of soft-min sums give each
//! bead on the best path its posterior probability under the costs (read as negative log
//! probabilities).

use std::ops::Range;

/// A bead shape: `di` source and `dj` target sentences.
pub(crate) type Move = (usize, usize);

/// Cost of a bead covering source `i - di .. i` and target `j - dj .. j`, in nats; infinite for
/// a bead that may not be used.
pub(crate) trait BeadCost {
    fn cost(&self, i: usize, j: usize, di: usize, dj: usize) -> f64;
}

/// One bead of the best path with its posterior (1.0 when posteriors were not asked for).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PathBead {
    pub(crate) source: Range<usize>,
    pub(crate) target: Range<usize>,
    pub(crate) posterior: f64,
}

/// Initial half-width of the band, in cells either side of the diagonal.
const INITIAL_WIDTH: usize = 24;
/// Cells closer than this to a band edge (that is not the matrix edge) trigger a wider search.
const EDGE_MARGIN: usize = 3;
/// Upper bound on the number of cells: past it the band stops growing.
const MAX_CELLS: usize = 24_000_000;

/// The band geometry: rows `0..=n`, for row `i` columns `lo(i)..=hi(i)`.
struct Band {
    n: usize,
    m: usize,
    width: usize,
    stride: usize,
}

impl Band {
    fn new(n: usize, m: usize, width: usize) -> Self {
        let stride = (2 * width + 1).min(m + 1);
        Self {
            n,
            m,
            width,
            stride,
        }
    }

    fn center(&self, i: usize) -> usize {
        if self.n == 0 {
            0
        } else {
            ((i as u128 * self.m as u128 + self.n as u128 / 2) / self.n as u128) as usize
        }
    }

    fn lo(&self, i: usize) -> usize {
        let c = self.center(i);
        let lo = c.saturating_sub(self.width);
        // Keep `stride` cells per row inside 0..=m.
        lo.min((self.m + 1).saturating_sub(self.stride))
    }

    fn hi(&self, i: usize) -> usize {
        (self.lo(i) + self.stride - 1).min(self.m)
    }

    fn index(&self, i: usize, j: usize) -> Option<usize> {
        let lo = self.lo(i);
        (j >= lo && j <= self.hi(i)).then(|| i * self.stride + (j - lo))
    }

    fn cells(&self) -> usize {
        (self.n + 1) * self.stride
    }

    fn full(&self) -> bool {
        self.stride == self.m + 1
    }
}

/// `-ln(exp(-a) + exp(-b))`, stable, with infinities.
fn soft_min(a: f64, b: f64) -> f64 {
    if a == f64::INFINITY {
        return b;
    }
    if b == f64::INFINITY {
        return a;
    }
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    lo - (-(hi - lo)).exp().ln_1p()
}

/// Find the cheapest sequence of beads covering `n` source and `m` target sentences.
pub(crate) fn search(
    n: usize,
    m: usize,
    moves: &[Move],
    model: &impl BeadCost,
    posteriors: bool,
) -> Vec<PathBead> {
    let mut width = INITIAL_WIDTH
        .max(m.div_ceil(n.max(1)) + 4)
        .max(n.div_ceil(m.max(1)) + 4);
    // Bead costs the Viterbi pass computed, reused by the forward and backward passes.
    let mut memo: Vec<f32> = Vec::new();
    loop {
        let band = Band::new(n, m, width);
        let result = viterbi(&band, moves, model, &mut memo);
        let widen = match &result {
            None => true,
            Some((_, touches)) => *touches,
        };
        let next = Band::new(n, m, width * 2);
        if widen && !band.full() && next.cells() <= MAX_CELLS {
            width *= 2;
            continue;
        }
        let Some((path, _)) = result else {
            // No path at all even in the widest band allowed: fall back to null beads, which
            // always cover both sides.
            return fallback(n, m);
        };
        if !posteriors {
            return path;
        }
        return with_posteriors(&band, moves, model, &memo, path);
    }
}

fn fallback(n: usize, m: usize) -> Vec<PathBead> {
    (0..n)
        .map(|i| PathBead {
            source: i..i + 1,
            target: 0..0,
            posterior: 0.0,
        })
        .chain((0..m).map(|j| PathBead {
            source: n..n,
            target: j..j + 1,
            posterior: 0.0,
        }))
        .collect()
}

/// The Viterbi pass: the best path, and whether it runs near a band edge.
fn viterbi(
    band: &Band,
    moves: &[Move],
    model: &impl BeadCost,
    memo: &mut Vec<f32>,
) -> Option<(Vec<PathBead>, bool)> {
    let (n, m) = (band.n, band.m);
    memo.clear();
    memo.resize(band.cells() * moves.len(), f32::NAN);
    let mut cost = vec![f64::INFINITY; band.cells()];
    let mut back = vec![u8::MAX; band.cells()];
    for i in 0..=n {
        for j in band.lo(i)..=band.hi(i) {
            let Some(here) = band.index(i, j) else {
                continue;
            };
            if i == 0 && j == 0 {
                cost[here] = 0.0;
                continue;
            }
            let mut best = f64::INFINITY;
            let mut best_move = u8::MAX;
            for (k, &(di, dj)) in moves.iter().enumerate() {
                if di > i || dj > j {
                    continue;
                }
                let Some(prev) = band.index(i - di, j - dj) else {
                    continue;
                };
                let before = cost[prev];
                if before == f64::INFINITY {
                    continue;
                }
                let bead = model.cost(i, j, di, dj);
                if let Some(slot) = memo.get_mut(here * moves.len() + k) {
                    *slot = bead as f32;
                }
                let c = before + bead;
                if c < best {
                    best = c;
                    best_move = u8::try_from(k).unwrap_or(u8::MAX);
                }
            }
            cost[here] = best;
            back[here] = best_move;
        }
    }
    let end = band.index(n, m)?;
    if cost[end] == f64::INFINITY {
        return None;
    }
    let mut path = Vec::new();
    let mut touches = false;
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = band.index(i, j)?;
        let lo = band.lo(i);
        let hi = band.hi(i);
        if (lo > 0 && j < lo + EDGE_MARGIN) || (hi < m && j + EDGE_MARGIN > hi) {
            touches = true;
        }
        let &(di, dj) = moves.get(usize::from(back[here]))?;
        path.push(PathBead {
            source: i - di..i,
            target: j - dj..j,
            posterior: 1.0,
        });
        i -= di;
        j -= dj;
    }
    path.reverse();
    Some((path, touches))
}

/// Forward and backward soft-min sums over the band; each bead of `path` gets
/// `exp(-(alpha(start) + cost + beta(end) - alpha(n, m)))`.
fn with_posteriors(
    band: &Band,
    moves: &[Move],
    model: &impl BeadCost,
    memo: &[f32],
    mut path: Vec<PathBead>,
) -> Vec<PathBead> {
    let (n, m) = (band.n, band.m);
    // The cost of move `k` ending at cell `end` (at `(i, j)`): from the memo when the Viterbi
    // pass computed it, else computed now.
    let bead_cost = |end: usize, k: usize, i: usize, j: usize, di: usize, dj: usize| match memo
        .get(end * moves.len() + k)
    {
        Some(c) if !c.is_nan() => f64::from(*c),
        _ => model.cost(i, j, di, dj),
    };
    let mut alpha = vec![f64::INFINITY; band.cells()];
    for i in 0..=n {
        for j in band.lo(i)..=band.hi(i) {
            let Some(here) = band.index(i, j) else {
                continue;
            };
            if i == 0 && j == 0 {
                alpha[here] = 0.0;
                continue;
            }
            let mut acc = f64::INFINITY;
            for (k, &(di, dj)) in moves.iter().enumerate() {
                if di > i || dj > j {
                    continue;
                }
                let Some(prev) = band.index(i - di, j - dj) else {
                    continue;
                };
                if alpha[prev] == f64::INFINITY {
                    continue;
                }
                acc = soft_min(acc, alpha[prev] + bead_cost(here, k, i, j, di, dj));
            }
            alpha[here] = acc;
        }
    }
    let mut beta = vec![f64::INFINITY; band.cells()];
    for i in (0..=n).rev() {
        for j in (band.lo(i)..=band.hi(i)).rev() {
            let Some(here) = band.index(i, j) else {
                continue;
            };
            if i == n && j == m {
                beta[here] = 0.0;
                continue;
            }
            let mut acc = f64::INFINITY;
            for (k, &(di, dj)) in moves.iter().enumerate() {
                if i + di > n || j + dj > m {
                    continue;
                }
                let Some(next) = band.index(i + di, j + dj) else {
                    continue;
                };
                if beta[next] == f64::INFINITY {
                    continue;
                }
                acc = soft_min(acc, beta[next] + bead_cost(next, k, i + di, j + dj, di, dj));
            }
            beta[here] = acc;
        }
    }
    let total = band.index(n, m).map_or(f64::INFINITY, |e| alpha[e]);
    for bead in &mut path {
        let (i0, j0) = (bead.source.start, bead.target.start);
        let (i1, j1) = (bead.source.end, bead.target.end);
        let (Some(start), Some(end)) = (band.index(i0, j0), band.index(i1, j1)) else {
            bead.posterior = 0.0;
            continue;
        };
        let c = model.cost(i1, j1, i1 - i0, j1 - j0);
        let p = (-(alpha[start] + c + beta[end] - total)).exp();
        bead.posterior = if p.is_finite() {
            p.clamp(0.0, 1.0)
        } else {
            0.0
        };
    }
    path
}

#[cfg(test)]
mod tests {
    use super::{BeadCost, Move, search};

    /// Prefers 1:1 on the diagonal; anything else costs more.
    struct Diagonal;

    impl BeadCost for Diagonal {
        fn cost(&self, _i: usize, _j: usize, di: usize, dj: usize) -> f64 {
            if di == 1 && dj == 1 { 0.1 } else { 3.0 }
        }
    }

    const MOVES: [Move; 3] = [(1, 1), (1, 0), (0, 1)];

    #[test]
    fn long_diagonal_stays_in_band() {
        let path = search(500, 520, &MOVES, &Diagonal, true);
        let src: usize = path.iter().map(|b| b.source.len()).sum();
        let tgt: usize = path.iter().map(|b| b.target.len()).sum();
        assert_eq!((src, tgt), (500, 520));
        assert!(path.iter().all(|b| (0.0..=1.0).contains(&b.posterior)));
    }

    #[test]
    fn very_unequal_sides_are_covered() {
        let path = search(3, 200, &MOVES, &Diagonal, false);
        let tgt: usize = path.iter().map(|b| b.target.len()).sum();
        assert_eq!(tgt, 200);
    }
}
