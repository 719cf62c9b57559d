//! The level driver: one level solved exactly, stage by stage.

use super::faces::Fixings;
use super::{Incumbent, Master, Outcome};
use crate::error::Result;
use crate::solve::highs::Ended;
use crate::solve::{infeasible, Level, LEVEL_TOLERANCE, MAX_PROOF_PAIRS};

/// Times the working set is widened on an optimal face before the MIP
/// over every pair within the gap decides.
const WIDEN_ROUNDS: usize = 3;

impl Master<'_> {
    /// Solves one level exactly: LP by pricing, then the MIP only where
    /// the LP is fractional. `previous` is a plan that meets every held
    /// level (the previous level's plan, or the greedy start).
    pub fn level(&mut self, level: Level, previous: &Incumbent) -> Result<Outcome> {
        self.restart(&previous.pairs);
        let whole = self.integral_objective(level);
        let lp = self.lp(level)?;
        let outcome = |ended, value, plan, lp| Outcome {
            ended,
            value,
            plan,
            lp,
            whole,
        };
        if lp.ended != Ended::Optimal {
            return Ok(outcome(lp.ended, previous.value, None, None));
        }
        if Self::integral(&lp) {
            let plan = Self::lp_plan(&lp);
            return Ok(outcome(Ended::Optimal, lp.value, Some(plan), Some(lp)));
        }
        // With whole coefficients every plan's value is whole, so the bound
        // rounds towards the worse side.
        let sense = Self::sense(level);
        let slack = LEVEL_TOLERANCE * lp.value.abs().max(1.0);
        let bound = if whole {
            sense * (sense * lp.value + slack).floor()
        } else {
            lp.value
        };
        let reaches = |v: f64| sense * (v - bound) >= -slack;
        // Rounding the LP solution (its whole values fixed, a small MIP
        // over the rest) usually reaches the bound, which proves it optimal.
        let mut best = previous.clone();
        let none = Fixings::none(self.targets.len());
        if let Some(plan) = self.rens(level, &lp, &none)? {
            if sense * (plan.value - best.value) > 0.0 {
                best = plan;
            }
        }
        if reaches(best.value) {
            return Ok(outcome(Ended::Optimal, best.value, Some(best), Some(lp)));
        }
        if (bound - lp.value).abs() <= slack {
            // Any plan on the LP's optimal face reaches the bound.
            let face = self.face_fixings(level, &lp, 0.0);
            if let Some(plan) = self.on_face(level, &lp, &face)? {
                return Ok(outcome(Ended::Optimal, lp.value, Some(plan), Some(lp)));
            }
            // The working set may be too narrow for a whole plan on the
            // face: widen it with pairs of zero reduced cost (the face's
            // other free pairs), first those that help the missions short
            // of a target in the incumbent, and look again.
            for _ in 0..WIDEN_ROUNDS {
                if self.widen(level, &lp, &best) == 0 {
                    break;
                }
                let label = format!("{} level on its LP face, widened", level.name());
                if let (Ended::Optimal, Some(plan)) =
                    self.mip(level, &label, &face, true, &[], None)?
                {
                    if (plan.value - lp.value).abs() <= slack + 1e-6 {
                        return Ok(outcome(Ended::Optimal, lp.value, Some(plan), Some(lp)));
                    }
                }
            }
        }
        // The optimum may be below the LP bound. The incumbent bounds the
        // gap: a pair whose reduced cost exceeds it is at its LP value in
        // every optimal plan, and a pair outside the working set can take
        // part only if its reduced cost is within it. First the MIP over
        // the working set, then, if the bound is still not reached, with
        // every pair within the gap.
        let fix = self.face_fixings(level, &lp, (lp.value - best.value).abs());
        let label = format!("{} level over its working set", level.name());
        let (ended, plan) = self.mip(level, &label, &fix, false, &[], Some(&best))?;
        if let Some(plan) = plan.filter(|p| sense * (p.value - best.value) > 0.0) {
            best = plan;
        }
        if reaches(best.value) || matches!(ended, Ended::TimeLimit(_)) {
            return Ok(outcome(ended, best.value, Some(best), Some(lp)));
        }
        let gap = (lp.value - best.value).abs();
        let fix = self.face_fixings(level, &lp, gap);
        let extra = self.within(level, &lp, gap);
        if self.work.len() + extra.len() > MAX_PROOF_PAIRS {
            let pairs = self.work.len() + extra.len();
            let gap = gap / best.value.abs().max(1.0);
            return Ok(outcome(
                Ended::Unproven { pairs, gap },
                best.value,
                Some(best),
                Some(lp),
            ));
        }
        let label = format!("{} level", level.name());
        let (ended, plan) = self.mip(level, &label, &fix, false, &extra, Some(&best))?;
        if ended == Ended::Infeasible {
            return Err(infeasible(level));
        }
        if let Some(plan) = plan.filter(|p| sense * (p.value - best.value) > 0.0) {
            best = plan;
        }
        Ok(outcome(ended, best.value, Some(best), Some(lp)))
    }
}
