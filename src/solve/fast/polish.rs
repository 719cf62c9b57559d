//! Polishing a plan the time limit left: each placed officer is replaced
//! by a better-scored one who is placed nowhere, where every row of the
//! model still holds and no mission target counts differently. Seats,
//! targets and every level held stay as they are; only Quality rises.
//! Used in `match` on the plan a level the time limit stopped left: the
//! later levels (Quality above all) never chose it, and the Balance
//! level's search picks officers for the targets alone.

use super::{Incumbent, Master, State};
use crate::solve::Level;

/// Passes over the plan at most: each pass replaces officers seat by
/// seat, and a replacement can open the way for another.
const PASSES: usize = 8;

impl Master<'_> {
    /// Raises `plan`'s Quality by replacing placed officers with
    /// better-scored ones placed nowhere, one seat at a time, best first
    /// (so the same plan gives the same result). A replacement keeps every
    /// pair fixed by a held level and every officer of an earlier plan
    /// (the Keep level) in their seat, changes no target row, and keeps
    /// every other row within its bound. Returns how many officers it
    /// replaced.
    pub fn polish(&self, plan: &mut Incumbent) -> usize {
        let rows = self.upper.len();
        let mut target_row = vec![false; rows];
        for (t, target) in self.targets.iter().enumerate() {
            target_row[target.row] = true;
            for c in &self.target_cuts[t] {
                target_row[c.row] = true;
            }
        }
        let mut activity = vec![0.0; rows];
        let mut entries = Vec::new();
        for &k in &plan.pairs {
            self.entries(k as usize, &mut entries);
            for &(row, coef) in &entries {
                activity[row] += coef;
            }
        }
        for (t, s) in self.plan_shortfalls(&plan.pairs).into_iter().enumerate() {
            self.shortfall_entries(t, &mut entries);
            for &(row, coef) in &entries {
                activity[row] += coef * s;
            }
        }
        let mut placed = vec![false; self.inst.officers.len()];
        for &k in &plan.pairs {
            placed[self.pairs[k as usize].0 .0] = true;
        }
        let tight = |row: usize| self.tight.get(row).copied().unwrap_or(false);
        let mut chosen = plan.pairs.clone();
        let (mut out, mut delta) = (Vec::new(), std::collections::BTreeMap::new());
        let mut replaced = 0;
        for _ in 0..PASSES {
            let mut changed = false;
            for slot in chosen.iter_mut() {
                let a = *slot as usize;
                if self.state[a] == State::One {
                    continue;
                }
                let position = self.pairs[a].1 .0;
                for &b in &self.by_position[position] {
                    let b = b as usize;
                    if self.quality[b] <= self.quality[a] + 1e-9 {
                        // Best-scored first: no better officer is left.
                        break;
                    }
                    // An officer of the earlier plan keeps the seat (`match
                    // --previous`: fewest changes before Quality).
                    if placed[self.pairs[b].0 .0]
                        || self.state[b] == State::Zero
                        || (self.keep[a] && !self.keep[b])
                    {
                        continue;
                    }
                    delta.clear();
                    self.entries(b, &mut out);
                    for &(row, coef) in &out {
                        *delta.entry(row).or_insert(0.0) += coef;
                    }
                    self.entries(a, &mut out);
                    for &(row, coef) in &out {
                        *delta.entry(row).or_insert(0.0) -= coef;
                    }
                    let fits = delta.iter().all(|(&row, &d)| {
                        d.abs() <= 1e-9
                            || (!target_row[row]
                                && !tight(row)
                                && (d < 0.0 || activity[row] + d <= self.upper[row] + 1e-9))
                    });
                    if !fits {
                        continue;
                    }
                    for (&row, &d) in &delta {
                        activity[row] += d;
                    }
                    placed[self.pairs[a].0 .0] = false;
                    placed[self.pairs[b].0 .0] = true;
                    *slot = b as u32;
                    replaced += 1;
                    changed = true;
                    break;
                }
            }
            if !changed {
                break;
            }
        }
        if replaced > 0 {
            chosen.sort_unstable();
            *plan = self.valued(Level::Quality, chosen);
        }
        replaced
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{self, Plan};
    use crate::solve::fast::rows::tests::pool;

    /// The Balance level's plan, chosen for the targets alone, polished:
    /// officers are replaced, the plan still keeps every hard rule, fills
    /// the same seats and is as close to the targets, its Quality rises
    /// and stays at or below the Quality level's proven optimum; no officer
    /// of an earlier plan to keep is replaced.
    #[test]
    fn polishing_raises_quality_and_keeps_seats_and_targets() {
        let mut replaced_in_all = 0;
        for seed in [1, 2, 3] {
            let inst = pool(seed, crate::generate::Targets::Tight);
            let pairs = crate::rules::eligible_pairs(&inst);
            let mut master = Master::new(&inst, &pairs, false, None);
            let mut plan = master.greedy();
            for level in [Level::Fill, Level::Balance] {
                let previous = master.valued(level, plan.pairs.clone());
                let out = master.level(level, &previous).unwrap();
                master.hold(level, &out);
                plan = out.plan.expect("a proven level has a plan");
            }
            let as_plan =
                |pairs: &[u32]| Plan::new(&inst, pairs.iter().map(|&k| master.pair(k)).collect());
            let before = plan::evaluate(&inst, &as_plan(&plan.pairs));
            let mut polished = plan.clone();
            let replaced = master.polish(&mut polished);
            replaced_in_all += replaced;
            let after_plan = as_plan(&polished.pairs);
            assert_eq!(
                crate::verify::verify(&inst, &after_plan),
                vec![],
                "seed {seed}"
            );
            let after = plan::evaluate(&inst, &after_plan);
            assert_eq!(after.fill, before.fill, "seed {seed}");
            assert!((after.balance - before.balance).abs() < 1e-9, "seed {seed}");
            assert!(after.quality >= before.quality, "seed {seed}");
            assert_eq!(replaced > 0, after.quality > before.quality, "seed {seed}");
            // Polishing a polished plan finds nothing more.
            let mut again = polished.clone();
            assert_eq!(master.polish(&mut again), 0, "seed {seed}");
            let previous = master.valued(Level::Quality, polished.pairs.clone());
            let best = master.level(Level::Quality, &previous).unwrap();
            assert_eq!(best.ended, crate::solve::highs::Ended::Optimal);
            assert!(after.quality <= best.value + 1e-6, "seed {seed}");
            // Re-planning with the fewest changes: an officer of the
            // earlier plan is never replaced.
            let earlier: std::collections::HashSet<_> =
                plan.pairs.iter().map(|&k| master.pair(k)).collect();
            master.set_keep(&earlier);
            assert_eq!(master.polish(&mut plan.clone()), 0, "seed {seed}");
        }
        assert!(replaced_in_all > 0, "no pool exercised a replacement");
    }
}
