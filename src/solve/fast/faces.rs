//! What a level's LP proves about every optimal plan. On the LP's optimal
//! face (complementary slackness) every pair with a non-zero reduced cost
//! keeps its LP value and every row with a non-zero dual stays tight; when
//! an incumbent leaves a gap, a pair whose reduced cost exceeds the gap
//! keeps its LP value (reduced-cost fixing). The level driver looks for
//! plans on the face and runs its MIPs with these fixings; holding a level
//! makes them final.

use super::column_generation::Lp;
use super::{Master, State};
use crate::solve::Level;

/// What a level's LP proves about every optimal plan.
#[derive(Debug, Clone)]
pub(super) struct Fixings {
    /// Working pairs fixed at a value.
    pub(super) pairs: std::collections::HashMap<u32, f64>,
    /// Shortfalls fixed at a value.
    pub(super) shortfalls: Vec<Option<f64>>,
    /// Rows with a non-zero dual (never an objective cut: see
    /// [`Master::face_fixings`]).
    pub(super) tight: Vec<bool>,
}

impl Fixings {
    /// Nothing fixed, no row tight.
    pub(super) fn none(shortfalls: usize) -> Fixings {
        Fixings {
            pairs: std::collections::HashMap::new(),
            shortfalls: vec![None; shortfalls],
            tight: Vec::new(),
        }
    }
}

impl Master<'_> {
    /// Reduced costs of the working pairs and the shortfalls under `lp`.
    pub(super) fn face_fixings(&self, level: Level, lp: &Lp, gap: f64) -> Fixings {
        let margin = gap + self.tolerance(level);
        let mut pairs = std::collections::HashMap::new();
        for &(k, v) in &lp.x {
            if self.state[k as usize] == State::Free
                && self.reduced_cost(level, &lp.y, k as usize).abs() > margin
            {
                pairs.insert(k, v.round());
            }
        }
        let shortfalls = (0..self.targets.len())
            .map(|t| {
                let fixable = gap == 0.0 && self.shortfall_fixed[t].is_none();
                let d = self.shortfall_reduced_cost(level, &lp.y, t);
                (fixable && d.abs() > margin).then(|| lp.shortfall[t].max(0.0))
            })
            .collect();
        let tol = self.tolerance(level);
        // A cut row holding an earlier level is never made tight: its
        // bound carries a slack (the level's value plus a hair), and the
        // LP may use that slack where no whole plan can. Held as an
        // equality at the slackened bound, it excluded the level's own
        // plan (a Balance of 1.5 held at 1.50000015).
        let cut = |row: usize| self.cuts.iter().any(|c| c.row == row);
        let tight =
            lp.y.iter()
                .enumerate()
                .map(|(row, y)| y.abs() > tol && !cut(row))
                .collect();
        Fixings {
            pairs,
            shortfalls,
            tight,
        }
    }
}
