//! A level's objective: each pair's coefficient, each shortfall's, a plan's
//! value and shortfalls, and the tolerances the objective's scale sets.
//! Pricing reads a pair's coefficient for every pair, so it is computed,
//! not stored.

use super::Master;
use crate::solve::{Level, DUAL_TOLERANCE};
use rayon::prelude::*;

impl Master<'_> {
    /// Pair `k`'s coefficient in the level's objective.
    #[inline]
    pub(super) fn objective(&self, level: Level, k: usize) -> f64 {
        match level {
            Level::Fill => self.inst.positions[self.pairs[k].1 .0].priority,
            Level::Balance => 0.0,
            Level::Quality => match self.tie_break {
                Some(t) => t.coefficient(self.quality[k], self.keep[k]),
                None => self.quality[k],
            },
            Level::Keep => match self.keep_first {
                Some(w) => w.coefficient(self.quality[k], self.keep[k]),
                None => f64::from(u8::from(self.keep[k])),
            },
        }
    }

    /// A shortfall's coefficient in the level's objective.
    #[inline]
    pub(super) fn shortfall_cost(level: Level) -> f64 {
        if level == Level::Balance {
            1.0
        } else {
            0.0
        }
    }

    /// 1 for a maximized level, −1 for a minimized one.
    #[inline]
    pub(super) fn sense(level: Level) -> f64 {
        if level.maximize() {
            1.0
        } else {
            -1.0
        }
    }

    /// The largest objective coefficient, for relative tolerances.
    fn scale(&self, level: Level) -> f64 {
        match level {
            Level::Fill => self
                .inst
                .positions
                .iter()
                .map(|p| p.priority.abs())
                .fold(1.0, f64::max),
            Level::Balance => 1.0,
            Level::Quality => self.quality.iter().map(|q| q.abs()).fold(1.0, f64::max),
            Level::Keep => self.keep_first.map_or(1.0, |w| w.largest()),
        }
    }

    /// Reduced costs and duals at most this far from 0 count as 0.
    pub(super) fn tolerance(&self, level: Level) -> f64 {
        DUAL_TOLERANCE * self.scale(level)
    }

    /// Shortfall of each target under a plan: `max(0, share·N − count)`.
    pub(super) fn plan_shortfalls(&self, pairs: &[u32]) -> Vec<f64> {
        let mut n = vec![0.0; self.inst.missions.len()];
        let mut counted = vec![0.0; self.targets.len()];
        for &k in pairs {
            let m = self.inst.positions[self.pairs[k as usize].1 .0].mission.0;
            n[m] += 1.0;
            for &t in &self.targets_of[m] {
                if self.counts(&self.targets[t], k as usize) {
                    counted[t] += 1.0;
                }
            }
        }
        self.targets
            .iter()
            .zip(counted)
            .map(|(t, c)| (t.share * n[t.mission] - c).max(0.0))
            .collect()
    }

    /// A plan's value at the level, shortfalls included.
    pub(super) fn plan_value(&self, level: Level, pairs: &[u32]) -> f64 {
        let pairs_value: f64 = pairs
            .iter()
            .map(|&k| self.objective(level, k as usize))
            .sum();
        pairs_value + Self::shortfall_cost(level) * self.plan_shortfalls(pairs).iter().sum::<f64>()
    }

    /// The step every plan's value at the level is a multiple of: 1 when
    /// every pair coefficient is whole, else 1/10, 1/100 or 1/1,000 when
    /// every one is a multiple of it; none when shortfalls cost something
    /// or coefficients have more decimals.
    pub(super) fn objective_step(&self, level: Level) -> Option<f64> {
        if Self::shortfall_cost(level) != 0.0 {
            return None;
        }
        let finest = (0..self.pairs.len())
            .into_par_iter()
            .map(|k| crate::solve::decimals(self.objective(level, k)))
            .try_reduce(|| 0, |a, b| Some(a.max(b)))?;
        Some(crate::solve::STEPS[finest])
    }
}
