//! Widening the working set on an optimal face: the working set may be too
//! narrow to hold a whole plan on the face, so pairs of zero reduced cost
//! (free on the face) join, first those that help the missions short of a
//! target in the incumbent.

use super::column_generation::Lp;
use super::pricing::EXTRA_PER_ROUND;
use super::rows::Target;
use super::{Incumbent, Master, State};
use crate::solve::Level;

impl Master<'_> {
    /// Adds to the working set free pairs of zero reduced cost: per
    /// position, up to `count + 2` that count towards a target the
    /// incumbent falls short of, and 2 others. Returns how many joined.
    pub(super) fn widen(&mut self, level: Level, lp: &Lp, incumbent: &Incumbent) -> usize {
        let tol = self.tolerance(level);
        let short = self.plan_shortfalls(&incumbent.pairs);
        let picks = self.per_position(|p, ks, want| {
            let m = self.inst.positions[p].mission.0;
            let wanted: Vec<&Target> = self.targets_of[m]
                .iter()
                .filter(|&&t| short[t] > 1e-9)
                .map(|&t| &self.targets[t])
                .collect();
            let (mut helping, mut others) = (Vec::new(), Vec::new());
            for &k in ks {
                let ku = k as usize;
                if self.working[ku]
                    || self.state[ku] != State::Free
                    || self.reduced_cost(level, &lp.y, ku).abs() > tol
                {
                    continue;
                }
                if wanted.iter().any(|t| self.counts(t, ku)) {
                    if helping.len() < want {
                        helping.push(k);
                    }
                } else if others.len() < EXTRA_PER_ROUND {
                    others.push(k);
                }
                if helping.len() == want && others.len() == EXTRA_PER_ROUND {
                    break;
                }
            }
            helping.extend(others);
            helping
        });
        let added = picks.len();
        for k in picks {
            self.join(k);
        }
        if self.verbose {
            eprintln!(
                "{} level: widened the working set by {added} pairs",
                level.name()
            );
        }
        added
    }
}
