//! The rows of the fast path's model and every column's coefficients in
//! them: the one place that knows the row layout.
//!
//! Rows are numbered once, when the [`Master`] is built: first the hard
//! limits, numbered by [`LimitRows`] (the one home of the hard limits,
//! shared with the plain formulation and the verifier); then one row per
//! mission target; rows added as levels are solved (target
//! strengthenings, the objective cuts that hold levels) come last.
//!
//! Rows are not stored: each pair's coefficients follow from its officer,
//! position, service and mission, so pricing millions of pairs is one pass
//! over flat arrays. [`Master::entries`] lists a pair's coefficients for a
//! restricted model; [`Master::reduced_cost`] prices a pair against row
//! duals without listing them (no allocation: it runs for every pair).

use super::Master;
use crate::model::limits::{Limit, LimitRows};
use crate::model::{Gender, Instance, PositionIx};
use crate::solve::Level;

/// A mission target: the row `share·N − count − shortfall ≤ 0`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Target {
    /// The mission's index.
    pub(super) mission: usize,
    /// The target's row.
    pub(super) row: usize,
    /// The share of the mission's head count to reach.
    pub(super) share: f64,
    /// Women count towards it (else speakers of the mission language).
    pub(super) women: bool,
}

/// An objective cut, added when a level is held by a cut: the row
/// `sign·objective(level) ≤ upper`; its coefficients are implicit.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cut {
    pub(super) row: usize,
    pub(super) level: Level,
    pub(super) sign: f64,
}

/// A row strengthening a target, valid for every whole plan on the faces
/// held so far: `per_head·N + per_count·count + per_shortfall·shortfall ≤
/// upper` over the target's mission (`N` its head count, `count` the
/// officers counting towards the target).
#[derive(Debug, Clone, Copy)]
pub(super) struct TargetCut {
    pub(super) row: usize,
    pub(super) per_head: f64,
    pub(super) per_count: f64,
    pub(super) per_shortfall: f64,
}

/// The rows every plan must meet (officers, positions, services,
/// mission-service limits) and the mission targets, numbered.
pub(super) struct Layout {
    /// Right-hand side per row.
    pub(super) upper: Vec<f64>,
    /// The hard limits, numbered as the first rows.
    pub(super) limits: LimitRows,
    /// Number of hard rows (every row before the targets).
    pub(super) hard_rows: usize,
    /// Every mission target.
    pub(super) targets: Vec<Target>,
    /// Targets of each mission.
    pub(super) targets_of: Vec<Vec<usize>>,
}

impl Layout {
    /// Numbers the rows of `inst`.
    pub(super) fn new(inst: &Instance) -> Layout {
        let limits = LimitRows::new(inst);
        let mut upper = limits.bounds(inst);
        let hard_rows = upper.len();
        let mut targets = Vec::new();
        let mut targets_of = vec![Vec::new(); inst.missions.len()];
        for (m, mission) in inst.missions.iter().enumerate() {
            for (share, women) in [
                (mission.min_women_share, true),
                (mission.min_language_share, false),
            ] {
                if share > 0.0 {
                    targets_of[m].push(targets.len());
                    targets.push(Target {
                        mission: m,
                        row: upper.len(),
                        share,
                        women,
                    });
                    upper.push(0.0);
                }
            }
        }
        Layout {
            upper,
            limits,
            hard_rows,
            targets,
            targets_of,
        }
    }
}

impl Master<'_> {
    /// Whether pair `k` counts towards target `t` (a woman, a speaker).
    #[inline]
    pub(super) fn counts(&self, t: &Target, k: usize) -> bool {
        if t.women {
            self.inst.officers[self.pairs[k].0 .0].gender == Gender::F
        } else {
            self.speaks[k]
        }
    }

    /// The rows pair `k` appears in, with its coefficients.
    pub(super) fn entries(&self, k: usize, out: &mut Vec<(usize, f64)>) {
        out.clear();
        let pair = self.pairs[k];
        self.limits
            .for_each(self.inst, pair, |row, coef| out.push((row, coef)));
        let m = self.inst.positions[pair.1 .0].mission.0;
        for &t in &self.targets_of[m] {
            let counts = f64::from(u8::from(self.counts(&self.targets[t], k)));
            out.push((self.targets[t].row, self.targets[t].share - counts));
            for c in &self.target_cuts[t] {
                let coef = c.per_head + c.per_count * counts;
                if coef != 0.0 {
                    out.push((c.row, coef));
                }
            }
        }
        for cut in &self.cuts {
            let c = self.cut_coefficient(cut, k);
            if c != 0.0 {
                out.push((cut.row, c));
            }
        }
    }

    /// The rows shortfall column `t` appears in.
    pub(super) fn shortfall_entries(&self, t: usize, out: &mut Vec<(usize, f64)>) {
        out.clear();
        out.push((self.targets[t].row, -1.0));
        for c in &self.target_cuts[t] {
            if c.per_shortfall != 0.0 {
                out.push((c.row, c.per_shortfall));
            }
        }
        for cut in &self.cuts {
            let c = Self::cut_shortfall_coefficient(cut);
            if c != 0.0 {
                out.push((cut.row, c));
            }
        }
    }

    /// Pair `k`'s coefficient in an objective cut.
    #[inline]
    fn cut_coefficient(&self, cut: &Cut, k: usize) -> f64 {
        cut.sign * self.objective(cut.level, k)
    }

    /// A shortfall's coefficient in an objective cut.
    #[inline]
    fn cut_shortfall_coefficient(cut: &Cut) -> f64 {
        cut.sign * Self::shortfall_cost(cut.level)
    }

    /// Reduced cost of pair `k` under row duals `y`: `c − Σ y·a`.
    #[inline]
    pub(super) fn reduced_cost(&self, level: Level, y: &[f64], k: usize) -> f64 {
        let pair = self.pairs[k];
        let mut d = self.objective(level, k);
        self.limits
            .for_each(self.inst, pair, |row, coef| d -= y[row] * coef);
        let m = self.inst.positions[pair.1 .0].mission.0;
        for &t in &self.targets_of[m] {
            let counts = f64::from(u8::from(self.counts(&self.targets[t], k)));
            d -= y[self.targets[t].row] * (self.targets[t].share - counts);
            for c in &self.target_cuts[t] {
                d -= y[c.row] * (c.per_head + c.per_count * counts);
            }
        }
        for cut in &self.cuts {
            d -= y[cut.row] * self.cut_coefficient(cut, k);
        }
        d
    }

    /// The row of position `p`'s seats.
    #[inline]
    pub(super) fn position_row(&self, p: PositionIx) -> usize {
        self.limits
            .row(Limit::Position(p))
            .expect("every position has a row")
    }

    /// Reduced cost of shortfall column `t` under row duals `y`.
    pub(super) fn shortfall_reduced_cost(&self, level: Level, y: &[f64], t: usize) -> f64 {
        let mut d = Self::shortfall_cost(level) + y[self.targets[t].row];
        for c in &self.target_cuts[t] {
            d -= y[c.row] * c.per_shortfall;
        }
        for cut in &self.cuts {
            d -= y[cut.row] * Self::cut_shortfall_coefficient(cut);
        }
        d
    }

    /// A new row `… ≤ upper`, numbered after every row so far.
    fn add_row(&mut self, upper: f64) -> usize {
        let row = self.upper.len();
        self.upper.push(upper);
        self.tight.push(false);
        row
    }

    /// Adds a row strengthening target `t` (see [`TargetCut`]).
    pub(super) fn add_target_cut(
        &mut self,
        t: usize,
        per_head: f64,
        per_count: f64,
        per_shortfall: f64,
        upper: f64,
    ) {
        let row = self.add_row(upper);
        self.target_cuts[t].push(TargetCut {
            row,
            per_head,
            per_count,
            per_shortfall,
        });
    }

    /// Adds the objective cut `sign·objective(level) ≤ upper`.
    pub(super) fn add_cut(&mut self, level: Level, sign: f64, upper: f64) {
        let row = self.add_row(upper);
        self.cuts.push(Cut { row, level, sign });
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::io::{export::CsvStyle, load, InputPaths, LoadOptions};
    use crate::model::limits::{limits_of, COEFFICIENT};
    use rand::{Rng, SeedableRng};

    /// A scarce generated pool: capacity binds, so levels are held by cuts
    /// and targets strengthened.
    pub(in crate::solve::fast) fn scarce_pool(seed: u64) -> Instance {
        pool(seed, crate::generate::Targets::Reachable)
    }

    /// A scarce generated pool of 600 officers with `targets`.
    pub(in crate::solve::fast) fn pool(seed: u64, targets: crate::generate::Targets) -> Instance {
        let dir = tempfile::tempdir().unwrap();
        let options = crate::generate::GenerateOptions {
            officers: 600,
            missions: 10,
            seed,
            csv: CsvStyle::default(),
            supply: crate::generate::Supply::Scarce,
            targets,
        };
        crate::generate::generate(dir.path(), &options).unwrap();
        let paths = InputPaths::in_dir(dir.path());
        load(&paths, &LoadOptions::default()).unwrap().instance
    }

    /// The inlined reduced cost of every pair equals its cost minus the
    /// duals times its entries, and the hard-limit entries are exactly the
    /// limits of the limits module with their coefficient: after every level
    /// (so with target strengthenings and objective cuts), under random duals.
    #[test]
    fn inlined_reduced_costs_match_the_family_entries() {
        for seed in [1, 2] {
            let inst = scarce_pool(seed);
            let pairs = crate::rules::eligible_pairs(&inst);
            let mut master = Master::new(&inst, &pairs, false, None);
            let mut plan = master.greedy();
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let mut entries = Vec::new();
            for level in [Level::Fill, Level::Balance, Level::Quality] {
                let previous = master.valued(level, plan.pairs.clone());
                let out = master.level(level, &previous).unwrap();
                master.hold(level, &out);
                if let Some(p) = out.plan {
                    plan = p;
                }
                let y: Vec<f64> = (0..master.upper.len())
                    .map(|_| rng.gen_range(-5.0..5.0))
                    .collect();
                for (k, &(o, p)) in pairs.iter().enumerate() {
                    master.entries(k, &mut entries);
                    let hard: Vec<(usize, f64)> = limits_of(&inst, o, p)
                        .into_iter()
                        .filter_map(|(l, _)| master.limits.row(l))
                        .map(|row| (row, COEFFICIENT))
                        .collect();
                    assert_eq!(entries[..hard.len()], hard[..], "pair {k}");
                    assert!(entries[hard.len()..]
                        .iter()
                        .all(|&(r, _)| r >= master.hard_rows));
                    let want = master.objective(level, k)
                        - entries.iter().map(|&(r, a)| y[r] * a).sum::<f64>();
                    let got = master.reduced_cost(level, &y, k);
                    assert!(
                        (got - want).abs() < 1e-9,
                        "pair {k} at {level:?}: {got} vs {want}"
                    );
                }
            }
            assert!(
                master.upper.len() > master.hard_rows + master.targets.len(),
                "the pool exercises strengthened or cut rows"
            );
        }
    }
}
