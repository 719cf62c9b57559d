//! What a level's LP proves about every optimal plan. On the LP's optimal
//! face (complementary slackness) every pair with a non-zero reduced cost
//! keeps its LP value and every row with a non-zero dual stays tight; when
//! an incumbent leaves a gap, a pair whose reduced cost exceeds the gap
//! keeps its LP value (reduced-cost fixing). Also the search for a whole
//! plan on the face.

use super::column_generation::Lp;
use super::{Incumbent, Master, State};
use crate::error::Result;
use crate::solve::highs::Ended;
use crate::solve::{Level, LEVEL_TOLERANCE};

/// What a level's LP proves about every optimal plan.
#[derive(Debug, Clone)]
pub(super) struct Fixings {
    /// Working pairs fixed at a value.
    pub(super) pairs: std::collections::HashMap<u32, f64>,
    /// Shortfalls fixed at a value.
    pub(super) shortfalls: Vec<Option<f64>>,
    /// Rows with a non-zero dual.
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
        let tight = lp.y.iter().map(|y| y.abs() > tol).collect();
        Fixings {
            pairs,
            shortfalls,
            tight,
        }
    }

    /// A plan on the LP's optimal face, if one is found: by diving, then by
    /// the MIP over the face.
    pub(super) fn on_face(
        &mut self,
        level: Level,
        lp: &Lp,
        face: &Fixings,
    ) -> Result<Option<Incumbent>> {
        let mut found = self.dive(level, face)?;
        if found.is_none() {
            let label = format!("{} level on its LP face", level.name());
            if let (Ended::Optimal, Some(plan)) = self.mip(level, &label, face, true, &[], None)? {
                found = Some(plan);
            }
        }
        // Guard against numerical drift off the face.
        let slack = LEVEL_TOLERANCE * lp.value.abs().max(1.0) + 1e-6;
        Ok(found.filter(|plan| (plan.value - lp.value).abs() <= slack))
    }
}
