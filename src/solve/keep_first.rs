//! Keep with Quality as its tie-break, for Keep after Quality settled
//! within a gap (`whatif --gap`).
//!
//! There Quality is held at the floor of its gap, and Keep chooses among
//! every plan above it. Plans that keep as many pairs of the baseline can
//! differ in Quality by up to the gap: counted alone, Keep would pick one
//! of them at random, and a scenario's Quality would sit anywhere down to
//! the floor for no reason of its own. So Keep's objective is
//!
//! `Σ (keep · W + round(G·q)) · x`
//!
//! where every score `q` is a multiple of `1/G` and `W` is more than the
//! scaled Quality of any plan can differ (twice the largest a plan can
//! reach: each seat holds one pair, at most its position's largest score).
//! One more pair kept outweighs any Quality; among plans that keep as
//! many, the best Quality wins. Coefficients are whole, so the optimum is
//! proven with HiGHS's whole-objective rule. When scores have more
//! decimals or the weights would not stay exact in double precision, Keep
//! counts kept pairs alone, as before.

use super::common_step;
use crate::model::{Instance, PositionIx};

/// The weights of Keep's objective with Quality as its tie-break.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct KeepFirst {
    /// `G`: every score times `G` is whole.
    scale: f64,
    /// `W`: more than the scaled Quality of two plans can differ.
    weight: f64,
    /// The largest coefficient.
    largest: f64,
}

/// The largest coefficient a combined objective may have (here and in
/// Quality's tie-break with Keep, `fast::tie_break`).
pub(crate) const LARGEST: f64 = 1e7;

/// How far from its true value HiGHS may compute a plan's value, per
/// column, under a combined objective: far below one step of either level.
pub(crate) const VALUE_ERROR: f64 = 0.05;

/// HiGHS's `mip_feasibility_tolerance` for a MIP whose largest objective
/// coefficient is `largest`: a plan's value HiGHS computes from columns
/// this far from whole is off by at most [`VALUE_ERROR`] per column (at
/// most HiGHS's default, 1e-6; at least 1e-9).
pub(crate) fn integrality_tolerance(largest: f64) -> f64 {
    (VALUE_ERROR / largest).clamp(1e-9, 1e-6)
}

impl KeepFirst {
    /// The weights for the eligible pairs of `inst`, given as each pair's
    /// position and score (see [`KeepFirst::new`]).
    pub(crate) fn for_pairs(
        inst: &Instance,
        scores: impl Iterator<Item = (PositionIx, f64)>,
    ) -> Option<KeepFirst> {
        let scores: Vec<(usize, f64)> = scores.map(|(p, q)| (p.0, q)).collect();
        let seats: Vec<u32> = inst.positions.iter().map(|p| p.count).collect();
        KeepFirst::new(&scores, &seats)
    }

    /// The weights for `scores`, each pair's position and score, with
    /// `seats[p]` seats at position `p`; `None` when a score has more than
    /// three decimals or a coefficient would exceed [`LARGEST`].
    pub(crate) fn new(scores: &[(usize, f64)], seats: &[u32]) -> Option<KeepFirst> {
        let step = common_step(scores.iter().map(|&(_, q)| q))?;
        let scale = (1.0 / step).round();
        let mut top = vec![0.0f64; seats.len()];
        for &(p, q) in scores {
            top[p] = top[p].max((q * scale).round().abs());
        }
        let most: f64 = top.iter().zip(seats).map(|(t, &n)| t * f64::from(n)).sum();
        let weight = 2.0 * most + 1.0;
        let largest = weight + top.iter().fold(0.0f64, |a, &b| a.max(b));
        (largest <= LARGEST).then_some(KeepFirst {
            scale,
            weight,
            largest,
        })
    }

    /// A pair's coefficient: `weight` if it is a pair to keep, plus its
    /// scaled score.
    #[inline]
    pub(crate) fn coefficient(self, q: f64, keep: bool) -> f64 {
        f64::from(u8::from(keep)) * self.weight + (q * self.scale).round()
    }

    /// The largest coefficient, for relative tolerances.
    pub(crate) fn largest(self) -> f64 {
        self.largest
    }

    /// HiGHS's `mip_feasibility_tolerance` for Keep's MIP
    /// ([`integrality_tolerance`]).
    pub(crate) fn feasibility(self) -> f64 {
        integrality_tolerance(self.largest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pair_kept_outweighs_any_quality() {
        // Two positions of one seat each, scores up to 90.5.
        let scores = [(0, 90.5), (0, 10.0), (1, 40.0), (1, 0.5)];
        let k = KeepFirst::new(&scores, &[1, 1]).unwrap();
        // The best plan keeping nothing against the worst keeping one.
        let best_unkept = k.coefficient(90.5, false) + k.coefficient(40.0, false);
        let worst_kept = k.coefficient(0.5, true);
        assert!(worst_kept > best_unkept);
        // As many kept: the better Quality wins, by its tenths.
        assert!(k.coefficient(10.1, true) > k.coefficient(10.0, true));
        assert_eq!(k.coefficient(40.0, false), 400.0);
    }

    #[test]
    fn no_weights_for_many_decimals_or_too_large_values() {
        assert!(KeepFirst::new(&[(0, 1.2345)], &[1]).is_none());
        assert!(KeepFirst::new(&[(0, 100.5)], &[10_000]).is_none());
        assert!(KeepFirst::new(&[(0, 100.5)], &[1_000]).is_some());
    }
}
