//! The rows of the fast path's model and every column's coefficients in
//! them: the one place that knows the row layout.
//!
//! Rows are numbered once, when the [`Master`] is built: one row per
//! officer (at most one position), then one per position (its seats, from
//! `position_row0`), one per service (its capacity, from `service_row0`),
//! one per (mission, service) pair of a mission with a per-service limit
//! (`limit_row`); these are the hard rows. Then one row per mission
//! target; rows added as levels are solved (target strengthenings, the
//! objective cuts that hold levels) come last.
//!
//! Rows are not stored: each pair's coefficients follow from its officer,
//! position, service and mission, so pricing millions of pairs is one pass
//! over flat arrays. [`Master::entries`] lists a pair's coefficients for a
//! restricted model; [`Master::reduced_cost`] prices a pair against row
//! duals without listing them (no allocation: it runs for every pair).

use super::Master;
use crate::model::{Gender, Instance};
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
    /// First row of positions.
    pub(super) position_row0: usize,
    /// First row of services.
    pub(super) service_row0: usize,
    /// Number of hard rows (every row before the targets).
    pub(super) hard_rows: usize,
    /// Row of (mission, service) limits, `usize::MAX` when the mission has none.
    pub(super) limit_row: Vec<usize>,
    /// Every mission target.
    pub(super) targets: Vec<Target>,
    /// Targets of each mission.
    pub(super) targets_of: Vec<Vec<usize>>,
}

impl Layout {
    /// Numbers the rows of `inst`.
    pub(super) fn new(inst: &Instance) -> Layout {
        let (n_off, n_pos, n_serv) = (
            inst.officers.len(),
            inst.positions.len(),
            inst.services.len(),
        );
        let mut upper = vec![1.0; n_off];
        upper.extend(inst.positions.iter().map(|p| p.count as f64));
        upper.extend(inst.services.iter().map(|s| s.capacity() as f64));
        let mut limit_row = vec![usize::MAX; inst.missions.len() * n_serv];
        for (m, mission) in inst.missions.iter().enumerate() {
            if let Some(limit) = mission.max_per_service {
                for s in 0..n_serv {
                    limit_row[m * n_serv + s] = upper.len();
                    upper.push(limit as f64);
                }
            }
        }
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
            position_row0: n_off,
            service_row0: n_off + n_pos,
            hard_rows,
            limit_row,
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
        let (o, p) = self.pairs[k];
        let s = self.inst.officers[o.0].service.0;
        let m = self.inst.positions[p.0].mission.0;
        out.push((o.0, 1.0));
        out.push((self.position_row0 + p.0, 1.0));
        out.push((self.service_row0 + s, 1.0));
        let limit = self.limit_row[m * self.inst.services.len() + s];
        if limit != usize::MAX {
            out.push((limit, 1.0));
        }
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
        let (o, p) = self.pairs[k];
        let s = self.inst.officers[o.0].service.0;
        let m = self.inst.positions[p.0].mission.0;
        let mut d = self.objective(level, k)
            - y[o.0]
            - y[self.position_row0 + p.0]
            - y[self.service_row0 + s];
        let limit = self.limit_row[m * self.inst.services.len() + s];
        if limit != usize::MAX {
            d -= y[limit];
        }
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
