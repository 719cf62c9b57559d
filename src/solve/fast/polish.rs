//! Polishing a plan the time limit left, seat for seat, in two steps.
//! First closer to the targets: a placed officer is replaced by one placed
//! nowhere who counts towards a target the mission falls short of, where
//! the mission's shortfall falls and every hard row still holds (HiGHS's
//! best plan when the limit strikes in Balance is seldom one replacement
//! away from a better one, but sometimes is). Then better-scored: a placed
//! officer is replaced by a better-scored one placed nowhere, where every
//! row of the model still holds and no target counts differently, so
//! seats, targets and every level held stay as they are and only Quality
//! rises. Used in `match` on the plan a level the time limit stopped left:
//! the later levels (Quality above all) never chose it, and the Balance
//! level's search picks officers for the targets alone (and in `serve`,
//! whose plans are matches too).

use super::{Incumbent, Master, State};
use crate::solve::Level;

/// Passes over the plan at most: each pass replaces officers seat by
/// seat, and a replacement can open the way for another.
const PASSES: usize = 8;

/// Rounds of both steps at most (see [`Master::polish_in_rounds`]).
const ROUNDS: usize = 8;

/// What one step of polishing replaces an officer for.
enum Step {
    /// Closer to the targets: officers counting towards each target per
    /// mission (`count`, by target) and each mission's head count.
    Closer { head: Vec<f64>, count: Vec<f64> },
    /// Better-scored, every target count unchanged.
    Better,
}

impl Master<'_> {
    /// Brings `plan` closer to the targets where a placed officer can be
    /// replaced, in the same seat, by one placed nowhere who counts
    /// towards a target the mission falls short of: the mission's
    /// shortfall in all must fall, no pair a held level fixed moves, no
    /// officer of an earlier plan to keep is replaced, and every hard row
    /// (officers, seats, services on each check day, mission-service
    /// limits) keeps its bound. Among such officers the best-scored is
    /// taken. Returns how many officers it replaced.
    pub fn closer_to_targets(&self, plan: &mut Incumbent) -> usize {
        let mut head = vec![0.0; self.inst.missions.len()];
        let mut count = vec![0.0; self.targets.len()];
        for &k in &plan.pairs {
            let m = self.mission_of(k as usize);
            head[m] += 1.0;
            for &t in &self.targets_of[m] {
                count[t] += f64::from(u8::from(self.counts(&self.targets[t], k as usize)));
            }
        }
        self.replace_seat_by_seat(plan, Step::Closer { head, count })
    }

    /// Both steps in turn, [`Self::closer_to_targets`] then
    /// [`Self::polish`], until neither replaces anyone: an officer the
    /// second replaces is placed nowhere and may then bring another
    /// mission closer to its targets. The first step lowers the shortfall
    /// and the second raises Quality at the same shortfall, so the rounds
    /// end; at most [`ROUNDS`]. Returns how many officers each step replaced.
    pub fn polish_in_rounds(&self, plan: &mut Incumbent) -> (usize, usize) {
        let (mut closer, mut better) = (0, 0);
        for _ in 0..ROUNDS {
            let round = (self.closer_to_targets(plan), self.polish(plan));
            closer += round.0;
            better += round.1;
            if round == (0, 0) {
                break;
            }
        }
        (closer, better)
    }

    /// Raises `plan`'s Quality by replacing placed officers with
    /// better-scored ones placed nowhere, one seat at a time, best first
    /// (so the same plan gives the same result). A replacement keeps every
    /// pair fixed by a held level and never replaces an officer of an
    /// earlier plan (the Keep level), changes no target row, and keeps
    /// every other row within its bound. Returns how many officers it
    /// replaced.
    pub fn polish(&self, plan: &mut Incumbent) -> usize {
        self.replace_seat_by_seat(plan, Step::Better)
    }

    /// The mission of pair `k`'s position.
    fn mission_of(&self, k: usize) -> usize {
        self.inst.positions[self.pairs[k].1 .0].mission.0
    }

    /// Mission `m`'s shortfall in all with `count(t)` officers counting
    /// towards each of its targets `t` and `head` officers placed.
    fn mission_short(&self, m: usize, head: &[f64], count: impl Fn(usize) -> f64) -> f64 {
        self.targets_of[m]
            .iter()
            .map(|&t| (self.targets[t].share * head[m] - count(t)).max(0.0))
            .sum()
    }

    /// How the officers counting towards target `t` change when pair `b`
    /// replaces pair `a`: −1, 0 or 1.
    fn count_change(&self, t: usize, a: usize, b: usize) -> f64 {
        let target = &self.targets[t];
        f64::from(u8::from(self.counts(target, b))) - f64::from(u8::from(self.counts(target, a)))
    }

    /// Replaces placed officers seat by seat for `step`, the best-scored
    /// candidate first, in passes until none applies; every row the step
    /// does not itself account for keeps its bound. Returns how many
    /// officers it replaced.
    fn replace_seat_by_seat(&self, plan: &mut Incumbent, mut step: Step) -> usize {
        let rows = self.upper.len();
        // Rows the step accounts for itself: Better changes no target row
        // (nor the rows strengthening one); Closer lowers shortfalls, so
        // only the hard rows need a check.
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
        // Officers of an earlier plan to keep (`match --previous`: fewest
        // changes comes before Quality) are never replaced, wherever they
        // sit now. Where closeness to a baseline ranks after Quality (a
        // `whatif` scenario, a re-solve with a decision forced), Quality
        // comes first; unless a gap is asked for, whose rule is the plan
        // closest to the baseline among those within it.
        let mut earlier = vec![false; self.inst.officers.len()];
        if !self.keep_follows || self.quality_gap.is_some() {
            for (k, _) in self.keep.iter().enumerate().filter(|(_, &kept)| kept) {
                earlier[self.pairs[k].0 .0] = true;
            }
        }
        let tight = |row: usize| self.tight.get(row).copied().unwrap_or(false);
        let mut chosen = plan.pairs.clone();
        let (mut out, mut delta) = (Vec::new(), std::collections::BTreeMap::new());
        let mut replaced = 0;
        for _ in 0..PASSES {
            let mut changed = false;
            for slot in chosen.iter_mut() {
                let a = *slot as usize;
                if self.state[a] == State::One || earlier[self.pairs[a].0 .0] {
                    continue;
                }
                let m = self.mission_of(a);
                // Closer: the mission's shortfall now, which a replacement
                // must lower (none: nothing to bring closer).
                let short_now = match &step {
                    Step::Closer { head, count } => {
                        let now = self.mission_short(m, head, |t| count[t]);
                        if now <= 1e-9 {
                            continue;
                        }
                        now
                    }
                    Step::Better => 0.0,
                };
                let position = self.pairs[a].1 .0;
                for &b in &self.by_position[position] {
                    let b = b as usize;
                    if matches!(step, Step::Better) && self.quality[b] <= self.quality[a] + 1e-9 {
                        // Best-scored first: no better officer is left.
                        break;
                    }
                    if placed[self.pairs[b].0 .0] || self.state[b] == State::Zero {
                        continue;
                    }
                    if let Step::Closer { head, count } = &step {
                        let after =
                            self.mission_short(m, head, |t| count[t] + self.count_change(t, a, b));
                        if after >= short_now - 1e-9 {
                            continue;
                        }
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
                        if d.abs() <= 1e-9 {
                            return true;
                        }
                        if tight(row) {
                            return false;
                        }
                        match step {
                            Step::Better if target_row[row] => false,
                            Step::Closer { .. } if row >= self.hard_rows => true,
                            _ => d < 0.0 || activity[row] + d <= self.upper[row] + 1e-9,
                        }
                    });
                    if !fits {
                        continue;
                    }
                    for (&row, &d) in &delta {
                        activity[row] += d;
                    }
                    if let Step::Closer { count, .. } = &mut step {
                        for &t in &self.targets_of[m] {
                            count[t] += self.count_change(t, a, b);
                        }
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

    /// Fill's plan, chosen for the seats alone, brought closer to the
    /// targets: officers are replaced, every hard rule kept, the same
    /// seats filled, the shortfall lower yet no lower than Balance's
    /// proven optimum, whose own plan nothing brings closer. Balance's
    /// plan, chosen for the targets alone, polished: officers are
    /// replaced, every hard rule kept, the same seats filled and as close
    /// to the targets, its Quality higher yet no higher than the Quality
    /// level's proven optimum; no officer of an earlier plan to keep is
    /// replaced, unless keeping it ranks after Quality (without a gap).
    #[test]
    fn polishing_keeps_seats_and_raises_balance_then_quality() {
        let (mut closer_in_all, mut replaced_in_all, mut kept_in_all) = (0, 0, 0);
        let mut protected_in_all = 0;
        for seed in [1, 2, 3] {
            let inst = pool(seed, crate::generate::Targets::Tight);
            let pairs = crate::rules::eligible_pairs(&inst);
            let mut master = Master::new(&inst, &pairs, false, None);
            let as_plan = |master: &Master, pairs: &[u32]| {
                Plan::new(&inst, pairs.iter().map(|&k| master.pair(k)).collect())
            };
            let checked = |master: &Master, plan: &Incumbent| {
                let plan = as_plan(master, &plan.pairs);
                assert_eq!(crate::verify::verify(&inst, &plan), vec![], "seed {seed}");
                plan::evaluate(&inst, &plan)
            };
            let mut plan = master.greedy();
            for level in [Level::Fill, Level::Balance] {
                let previous = master.valued(level, plan.pairs.clone());
                let out = master.level(level, &previous).unwrap();
                master.hold(level, &out);
                plan = out.plan.expect("a proven level has a plan");
                if level == Level::Fill {
                    let before = checked(&master, &plan);
                    // In rounds, both steps end where neither finds a
                    // replacement, Fill kept and the shortfall no larger.
                    let mut rounds = plan.clone();
                    master.polish_in_rounds(&mut rounds);
                    let after = checked(&master, &rounds);
                    assert_eq!(after.fill, before.fill, "seed {seed}");
                    assert!(after.balance <= before.balance + 1e-9, "seed {seed}");
                    assert_eq!(
                        master.closer_to_targets(&mut rounds.clone()),
                        0,
                        "seed {seed}"
                    );
                    assert_eq!(master.polish(&mut rounds.clone()), 0, "seed {seed}");
                    let mut closer = plan.clone();
                    let replaced = master.closer_to_targets(&mut closer);
                    closer_in_all += replaced;
                    let after = checked(&master, &closer);
                    assert_eq!(after.fill, before.fill, "seed {seed}");
                    assert_eq!(
                        replaced > 0,
                        after.balance < before.balance - 1e-9,
                        "seed {seed}"
                    );
                    let best = master.level(
                        Level::Balance,
                        &master.valued(Level::Balance, closer.pairs.clone()),
                    );
                    assert!(after.balance >= best.unwrap().value - 1e-9, "seed {seed}");
                }
            }
            assert_eq!(
                master.closer_to_targets(&mut plan.clone()),
                0,
                "seed {seed}"
            );
            let before = checked(&master, &plan);
            let mut polished = plan.clone();
            let replaced = master.polish(&mut polished);
            replaced_in_all += replaced;
            let after = checked(&master, &polished);
            assert_eq!(after.fill, before.fill, "seed {seed}");
            assert!((after.balance - before.balance).abs() < 1e-9, "seed {seed}");
            assert_eq!(replaced > 0, after.quality > before.quality, "seed {seed}");
            // Polishing a polished plan finds nothing more.
            assert_eq!(master.polish(&mut polished.clone()), 0, "seed {seed}");
            let previous = master.valued(Level::Quality, polished.pairs.clone());
            let best = master.level(Level::Quality, &previous).unwrap();
            assert_eq!(best.ended, crate::solve::highs::Ended::Optimal);
            assert!(after.quality <= best.value + 1e-6, "seed {seed}");
            // Re-planning with the fewest changes: an officer of the
            // earlier plan (here every other officer of Balance's plan,
            // and one more in another seat) is never replaced.
            let mut earlier: std::collections::HashSet<_> = plan
                .pairs
                .iter()
                .step_by(2)
                .map(|&k| master.pair(k))
                .collect();
            let moved = master.pair(plan.pairs[1]);
            let elsewhere = pairs.iter().find(|&&(o, p)| o == moved.0 && p != moved.1);
            earlier.extend(elsewhere);
            master.set_keep(&earlier);
            let mut kept_polished = plan.clone();
            kept_in_all += master.polish(&mut kept_polished);
            for &k in &plan.pairs {
                let pair = master.pair(k);
                if earlier.iter().any(|e| e.0 == pair.0) {
                    assert!(
                        kept_polished.pairs.contains(&k),
                        "seed {seed}: {pair:?} replaced"
                    );
                }
            }
            protected_in_all += usize::from(kept_polished.pairs != polished.pairs);
            // Closeness to a baseline ranked after Quality (`whatif`)
            // protects nobody: the plan is polished as without it; under
            // `whatif --gap` (the closest plan within the gap) it does.
            master.keep_after_quality();
            let mut after_quality = plan.clone();
            assert_eq!(master.polish(&mut after_quality), replaced, "seed {seed}");
            assert_eq!(after_quality.pairs, polished.pairs, "seed {seed}");
            master.set_quality_gap(Some(0.005));
            let mut within_gap = plan.clone();
            master.polish(&mut within_gap);
            assert_eq!(within_gap.pairs, kept_polished.pairs, "seed {seed}");
        }
        assert!(
            protected_in_all > 0,
            "keeping never changed a polished plan"
        );
        assert!(closer_in_all > 0, "no pool brought closer to the targets");
        assert!(replaced_in_all > 0, "no pool exercised a replacement");
        assert!(kept_in_all > 0, "no replacement around the officers kept");
    }
}
