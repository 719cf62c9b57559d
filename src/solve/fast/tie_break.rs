//! Keep as Quality's tie-break inside Quality's last MIP.
//!
//! When the Keep level follows Quality (a what-if scenario, `explain`,
//! `recommend`: among the best plans, the one closest to a baseline), and
//! Quality's optimum lies below its LP bound, Quality is held by an
//! objective cut and the Keep level then solves a MIP of its own under
//! that dense row: on scarce pools it took twice as long as Quality
//! itself (measured: 55 s of Keep after 26 s of Quality for one what-if
//! scenario on a 2,500-officer pool).
//!
//! Quality's MIP over the pairs within the gap already holds every plan
//! that can reach Quality's optimum, so it can answer both levels at once
//! with the objective
//!
//! `Σ (round(G·q) · (K + 1) + keep) · x`
//!
//! where every score `q` is a multiple of `1/G` (`G` = 1, 10, 100 or
//! 1,000) and `K` is the number of pairs a plan could keep. A plan better
//! by the smallest Quality step (`1/G`) gains `K + 1` or more; keeping
//! every pair gains at most `K`. So the weighted optimum is exactly the
//! lexicographic one: Quality first, then Keep. Coefficients are whole
//! numbers, so HiGHS proves it with its whole-objective rule. When scores
//! have more decimals, or the weighted values would not be exact in
//! double precision, the levels are solved one after the other as before.

use super::faces::Fixings;
use super::{Master, State};
use crate::solve::keep_first::LARGEST;
use crate::solve::{common_step, Level};

/// The weights of the combined objective (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct TieBreak {
    /// `G`: every score times `G` is whole.
    scale: f64,
    /// `K + 1`: more than the pairs any plan can keep.
    weight: f64,
    /// The largest coefficient.
    largest: f64,
}

/// Exact integers in a double: below 2^52.
const EXACT: f64 = 4.5e15;

impl TieBreak {
    /// The weights for the free pairs of a MIP (their scores and whether
    /// each is a pair to keep), if every score has at most three decimals
    /// and the weighted values stay small enough to be exact (pairs fixed
    /// in the MIP add the same to every plan and do not count).
    pub(super) fn new(free: &[(f64, bool)], seats: f64) -> Option<TieBreak> {
        let kept = free.iter().filter(|&&(_, k)| k).count();
        if kept == 0 {
            return None;
        }
        let step = common_step(free.iter().map(|&(q, _)| q))?;
        let scale = (1.0 / step).round();
        let weight = kept as f64 + 1.0;
        let top = free.iter().fold(0.0f64, |m, &(q, _)| m.max(q.abs()));
        let largest = (top * scale).round() * weight + 1.0;
        (largest <= LARGEST && largest * seats.max(1.0) < EXACT).then_some(TieBreak {
            scale,
            weight,
            largest,
        })
    }

    /// HiGHS's `mip_feasibility_tolerance` for the MIP with the combined
    /// objective: HiGHS values a plan from column values that may be this
    /// far from whole, so it is at most [`VALUE_ERROR`](crate::solve::keep_first::VALUE_ERROR) over the largest
    /// coefficient (its default, 1e-6, when that is larger; at least 1e-9).
    pub(super) fn feasibility(self) -> f64 {
        crate::solve::keep_first::integrality_tolerance(self.largest)
    }

    /// Pair coefficient of the combined objective.
    #[inline]
    pub(super) fn coefficient(self, q: f64, keep: bool) -> f64 {
        (q * self.scale).round() * self.weight + f64::from(u8::from(keep))
    }
}

impl Master<'_> {
    /// Whether `level` may settle Keep too (Quality, with Keep to follow,
    /// when Quality must be proven optimal: within a gap, Keep is solved
    /// after it among every plan within the gap).
    pub(super) fn ties_to_keep(&self, level: Level) -> bool {
        level == Level::Quality && self.keep_follows && self.quality_gap.is_none()
    }

    /// The Keep level follows Quality. Within a gap, Keep then has
    /// Quality as its own tie-break (`crate::solve::keep_first`), when its
    /// weights are exact.
    pub fn keep_after_quality(&mut self) {
        self.keep_follows = true;
        if self.quality_gap.is_some() {
            let scores = self.pairs.iter().zip(&self.quality);
            self.keep_first = crate::solve::keep_first::KeepFirst::for_pairs(
                self.inst,
                scores.map(|(&(_, p), &q)| (p, q)),
            );
        }
    }

    /// The weights for a MIP over the working set plus `extra`, with the
    /// pairs `fix` fixes; `None` when the combined objective would not be
    /// exact (see [`TieBreak::new`]).
    pub(super) fn tie_break_for(&self, extra: &[u32], fix: &Fixings) -> Option<TieBreak> {
        let free: Vec<(f64, bool)> = self
            .work
            .iter()
            .chain(extra)
            .map(|&k| k as usize)
            .filter(|&k| self.state[k] == State::Free && !fix.pairs.contains_key(&(k as u32)))
            .map(|k| (self.quality[k], self.keep[k]))
            .collect();
        let seats: f64 = self.inst.positions.iter().map(|p| f64::from(p.count)).sum();
        TieBreak::new(&free, seats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_order_quality_before_keep() {
        let t = TieBreak::new(&[(10.5, true), (7.0, true), (3.2, false)], 3.0).unwrap();
        // One tenth of a point outweighs keeping both pairs.
        let better = t.coefficient(7.1, false) + t.coefficient(3.2, false);
        let kept = t.coefficient(7.0, true) + t.coefficient(3.2, true);
        assert!(better > kept);
        // Equal quality: the kept pair wins.
        assert!(t.coefficient(7.0, true) > t.coefficient(7.0, false));
        assert_eq!(t.coefficient(10.5, true), 105.0 * 3.0 + 1.0);
    }

    #[test]
    fn no_tie_break_for_many_decimals_large_weights_or_nothing_to_keep() {
        assert!(TieBreak::new(&[(1.23456, true)], 1.0).is_none());
        assert!(TieBreak::new(&[(1.5, false)], 1.0).is_none());
        assert!(TieBreak::new(&[(1e12, true)], 1e6).is_none());
        // 150.125 × 1000 × 101 is over the largest coefficient.
        let many: Vec<(f64, bool)> = (0..100).map(|_| (150.125, true)).collect();
        assert!(TieBreak::new(&many, 100.0).is_none());
        assert!(TieBreak::new(&[(1.125, true)], 1.0).is_some());
    }

    #[test]
    fn feasibility_keeps_a_plans_value_within_a_twentieth_per_column() {
        let t = TieBreak::new(&[(120.5, true), (99.0, false)], 10.0).unwrap();
        // Largest coefficient 1205 × 2 + 1 = 2411: HiGHS's default suffices.
        assert_eq!(t.feasibility(), 1e-6);
        let many: Vec<(f64, bool)> = (0..600)
            .map(|i| (100.0 + f64::from(i) / 10.0, true))
            .collect();
        let t = TieBreak::new(&many, 600.0).unwrap();
        assert!(t.feasibility() * t.largest <= crate::solve::keep_first::VALUE_ERROR + 1e-12);
        assert!(t.feasibility() >= 1e-9);
    }
}
