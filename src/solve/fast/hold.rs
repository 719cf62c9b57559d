//! Holding a solved level while the later levels are solved: by its
//! optimal face when the optimum is at the LP bound (pairs fixed over the
//! whole pool, rows tight), else by an objective cut, with the pairs whose
//! reduced cost exceeds the gap fixed.

use super::{Master, Outcome, State};
use crate::solve::{level_slack, on_the_lp, HeldBy, Level};
use rayon::prelude::*;

impl Master<'_> {
    /// Holds a solved level for the next ones; returns how.
    /// With the optimum at the LP bound, complementary slackness fixes
    /// every pair with a non-zero reduced cost (over all pairs) and keeps
    /// rows with a non-zero dual tight. Otherwise a cut row holds the
    /// optimum, and pairs whose reduced cost exceeds the gap are fixed.
    pub fn hold(&mut self, level: Level, out: &Outcome) -> HeldBy {
        let lp = out.lp.as_ref().expect("held levels were solved");
        if level == Level::Fill {
            let seats: usize = self.inst.positions.iter().map(|p| p.count as usize).sum();
            self.every_seat_filled = out.plan.as_ref().is_some_and(|p| p.pairs.len() == seats);
        }
        let value = self.held_value(level, out);
        // The face holds only plans worth the LP's value itself: a plan
        // proven optimal on the grid of the level's values may sit below
        // an LP off that grid (50,001 under 50,001.005), and holding it by
        // the face would keep the later levels to a face with no whole
        // plan on it, or not this one. So "at the bound" is numerical
        // agreement, not the grid's half step.
        let at_bound = (lp.value - value).abs() <= on_the_lp(value, out.step);
        let gap = if at_bound {
            0.0
        } else {
            (lp.value - value).abs()
        };
        let fix = self.face_fixings(level, lp, gap);
        let margin = gap + self.tolerance(level);
        // Pairs outside the LP's working set are at 0 there.
        let mut in_lp = vec![false; self.pairs.len()];
        for &(k, _) in &lp.x {
            in_lp[k as usize] = true;
        }
        let zero: Vec<bool> = (0..self.pairs.len())
            .into_par_iter()
            .map(|k| {
                !in_lp[k]
                    && self.state[k] == State::Free
                    && self.reduced_cost(level, &lp.y, k).abs() > margin
            })
            .collect();
        for (k, z) in zero.into_iter().enumerate() {
            if z {
                self.state[k] = State::Zero;
            }
        }
        for (&k, &v) in &fix.pairs {
            self.state[k as usize] = if v > 0.5 { State::One } else { State::Zero };
        }
        // The plan found must stay in the working set.
        if let Some(plan) = &out.plan {
            for &k in &plan.pairs {
                self.join(k);
            }
        }
        let state = &self.state;
        self.work.retain(|&k| state[k as usize] != State::Zero);
        for k in 0..self.working.len() {
            if self.working[k] && self.state[k] == State::Zero {
                self.working[k] = false;
            }
        }
        if at_bound {
            for (t, f) in fix.shortfalls.iter().enumerate() {
                if f.is_some() {
                    self.shortfall_fixed[t] = *f;
                }
            }
            for (row, &t) in fix.tight.iter().enumerate() {
                if t {
                    self.tight[row] = true;
                }
            }
            return HeldBy::Face;
        }
        let sign = -Self::sense(level);
        self.add_cut(level, sign, sign * value + cut_slack(value, out.step));
        HeldBy::Cut
    }

    /// The value a solved level is held at for the levels after it: its
    /// plan's value; for Quality settled within a gap with Keep to follow
    /// (`whatif --gap`), the floor of that gap instead, the least value
    /// within it of the level's bound, so that Keep picks the plan
    /// closest to the baseline among all plans within the gap, not only
    /// among those as good as the first one found.
    pub fn held_value(&self, level: Level, out: &Outcome) -> f64 {
        match self.gap_for(level) {
            Some(gap) if self.keep_follows => {
                let bound = crate::solve::bound_of(out.ended, out.value);
                crate::solve::gap_floor(bound, gap, out.step, out.value)
            }
            _ => out.value,
        }
    }
}

/// How far a plan held by a cut may fall below (above, for a minimized
/// level) the value held: half a step on a grid of whole numbers, else
/// [`level_slack`].
fn cut_slack(value: f64, step: Option<f64>) -> f64 {
    if step == Some(1.0) {
        0.5
    } else {
        level_slack(value, step)
    }
}

#[cfg(test)]
mod tests {
    use crate::solve::on_the_lp;

    /// A plan proven on a grid of hundredths half a step below an LP off
    /// that grid is not on the LP's face; one a rounding error away is.
    #[test]
    fn a_plan_half_a_step_below_the_lp_is_not_on_its_face() {
        let step = Some(0.01);
        assert!(50_001.005 - 50_001.0 > on_the_lp(50_001.0, step));
        assert!(1e-7 <= on_the_lp(50_001.0, step));
        assert!(0.5 > on_the_lp(5_000_000.0, Some(1.0)));
        assert!(1e-7 <= on_the_lp(3.0, None));
    }
}
