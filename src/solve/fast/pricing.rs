//! Pricing: the pairs outside the working set that could improve a level's
//! LP, by their reduced cost under its duals; the best few per position
//! join each round of column generation. Runs over every pair, in
//! parallel by position, without allocating per pair.

use super::{Master, State};
use crate::solve::Level;
use rayon::prelude::*;

/// Pairs added per position in one pricing round, beyond its seat count.
pub(super) const EXTRA_PER_ROUND: usize = 2;

impl Master<'_> {
    /// `pick(position, its pairs best-scored first, count + 2)` for every
    /// position, in parallel; the picks in position order.
    pub(super) fn per_position(
        &self,
        pick: impl Fn(usize, &[u32], usize) -> Vec<u32> + Sync,
    ) -> Vec<u32> {
        let picks: Vec<Vec<u32>> = self
            .by_position
            .par_iter()
            .enumerate()
            .map(|(p, ks)| {
                pick(
                    p,
                    ks,
                    self.inst.positions[p].count as usize + EXTRA_PER_ROUND,
                )
            })
            .collect();
        picks.into_iter().flatten().collect()
    }

    /// Free pairs outside the working set whose reduced cost improves the
    /// level by more than `tol`: per position the best `count + 2`.
    pub(super) fn price(&self, level: Level, y: &[f64], tol: f64) -> Vec<u32> {
        let sense = Self::sense(level);
        self.per_position(|_, ks, want| {
            let mut best: Vec<(f64, u32)> = Vec::new();
            for &k in ks {
                let ku = k as usize;
                if self.working[ku] || self.state[ku] != State::Free {
                    continue;
                }
                let gain = sense * self.reduced_cost(level, y, ku);
                if gain <= tol {
                    continue;
                }
                if best.len() == want && gain <= best[want - 1].0 {
                    continue;
                }
                let at = best.partition_point(|&(g, _)| g >= gain);
                best.insert(at, (gain, k));
                best.truncate(want);
            }
            best.into_iter().map(|(_, k)| k).collect()
        })
    }
}
