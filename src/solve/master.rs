//! The lexicographic model over every eligible pair, solved by column
//! generation: the LPs and MIPs handed to HiGHS hold only a *working set*
//! of pairs, and LP duality proves that no other pair is needed.
//!
//! A national pool has millions of eligible pairs but only a few thousand
//! seats; almost every pair stays at zero in every optimal plan. Each
//! level's LP relaxation is solved over the working set, then every other
//! pair is *priced*: its reduced cost under the LP's duals says whether it
//! could improve the LP. Pairs that could are added (the best few per
//! position) and the LP is re-solved from its basis, until none can: the
//! restricted LP's optimum is then the LP optimum over all pairs, and its
//! duals prove it. Everything the levels need follows from those duals over
//! all pairs, exactly as in the full model:
//!
//! * an integral LP solution is the level's optimum;
//! * the level's optimal face (complementary slackness) fixes every pair
//!   whose reduced cost is non-zero and keeps every row with a non-zero
//!   dual tight, for every pair, not just the working ones;
//! * when the integer optimum may be below the LP bound, reduced costs say
//!   which pairs can take part in any plan within the gap: those join the
//!   MIP, and no other pair can.
//!
//! Rows are not stored: each pair's coefficients follow from its officer,
//! position, service and mission, so pricing millions of pairs is one pass
//! over flat arrays, in parallel.

use super::highs::{solve_model, Ended, Settings, Simplex};
use super::{HeldBy, Level, DUAL_TOLERANCE, LEVEL_TOLERANCE};
use crate::error::Result;
use crate::model::{Gender, Instance, Pair};
use highs::{ColProblem, Model, Row as ModelRow, Sense};
use rayon::prelude::*;
use std::time::Instant;

/// Where a pair stands on the faces of the levels solved so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Either value is possible in some optimal plan.
    Free,
    /// 0 in every optimal plan (or never eligible to move).
    Zero,
    /// 1 in every optimal plan (a pin, or fixed by a face).
    One,
}

/// A mission target: the row `share·N − count − shortfall ≤ 0`.
#[derive(Debug, Clone, Copy)]
struct Target {
    mission: usize,
    row: usize,
    share: f64,
    women: bool,
}

/// An objective cut, added when a level is held by a cut: the row
/// `sign·objective(level) ≤ upper`; its coefficients are implicit.
#[derive(Debug, Clone, Copy)]
struct Cut {
    row: usize,
    level: Level,
    sign: f64,
}

/// A row strengthening a target, valid for every whole plan on the faces
/// held so far: `per_head·N + per_count·count + per_shortfall·shortfall ≤
/// upper` over the target's mission (`N` its head count, `count` the
/// officers counting towards the target).
#[derive(Debug, Clone, Copy)]
struct TargetCut {
    row: usize,
    per_head: f64,
    per_count: f64,
    per_shortfall: f64,
}

/// A column of a restricted model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Pair(u32),
    Shortfall(usize),
}

/// The result of a level's LP over all pairs (by pricing).
pub(super) struct Lp {
    /// How the last restricted LP ended.
    pub ended: Ended,
    /// The LP optimum (a bound on the level).
    pub value: f64,
    /// Pair values (working pairs only; others are 0).
    x: Vec<(u32, f64)>,
    /// Shortfall values.
    shortfall: Vec<f64>,
    /// Row duals, by row.
    y: Vec<f64>,
}

/// A plan as the master sees it: chosen pairs and shortfalls.
#[derive(Debug, Clone, Default)]
pub(super) struct Incumbent {
    /// Chosen pairs, ascending.
    pub pairs: Vec<u32>,
    /// The level's objective value.
    pub value: f64,
}

/// What a solve of the master reports back to the level loop.
pub(super) struct Outcome {
    /// How the level ended.
    pub ended: Ended,
    /// The proven value (or the incumbent's on a time limit).
    pub value: f64,
    /// The plan found, if any.
    pub plan: Option<Incumbent>,
    /// The LP bound when the LP was solved.
    pub lp: Option<Lp>,
    /// Whether every plan's value is whole at this level.
    pub whole: bool,
}

/// Every eligible pair with what earlier levels proved about it.
pub(super) struct Master<'a> {
    inst: &'a Instance,
    pairs: &'a [Pair],
    /// Pairs of each position, ascending.
    by_position: Vec<Vec<u32>>,
    /// `q[o,p]` per pair.
    quality: Vec<f64>,
    /// Per pair: the officer meets the mission language.
    speaks: Vec<bool>,
    state: Vec<State>,
    /// Per pair: in the working set.
    working: Vec<bool>,
    /// The working set in the order pairs joined it.
    work: Vec<u32>,
    /// Per row: right-hand side and whether it must hold with equality.
    upper: Vec<f64>,
    tight: Vec<bool>,
    /// First row of positions, services, mission-service limits.
    position_row0: usize,
    service_row0: usize,
    /// Rows of the hard constraints come first, then targets and cuts.
    hard_rows: usize,
    /// Row of (mission, service) limits, `usize::MAX` when the mission has none.
    limit_row: Vec<usize>,
    targets: Vec<Target>,
    /// Targets of each mission.
    targets_of: Vec<Vec<usize>>,
    /// Shortfall values fixed by a face.
    shortfall_fixed: Vec<Option<f64>>,
    cuts: Vec<Cut>,
    /// Rows strengthening each target (see [`Master::round_targets`]).
    target_cuts: Vec<Vec<TargetCut>>,
    /// Per target: strengthened for a fixed head count, for a fixed shortfall.
    rounded: Vec<(bool, bool)>,
    /// Per pair: in the plan to keep (the Keep level).
    keep: Vec<bool>,
    verbose: bool,
    /// When the time limit strikes, if any.
    deadline: Option<Instant>,
}

/// Steps of a dive before it gives up (measured: successful dives on M
/// take up to 25; failing ones on XL went on for thousands).
const DIVE_STEPS: usize = 60;

/// Times the working set is widened on an optimal face before the MIP
/// over every pair within the gap decides.
const WIDEN_ROUNDS: usize = 3;

/// Pairs added per position in one pricing round, beyond its seat count.
const EXTRA_PER_ROUND: usize = 2;

impl<'a> Master<'a> {
    /// Indexes the pairs; pinned pairs start at 1.
    pub fn new(
        inst: &'a Instance,
        pairs: &'a [Pair],
        verbose: bool,
        deadline: Option<Instant>,
    ) -> Self {
        assert!(pairs.len() < u32::MAX as usize, "too many eligible pairs");
        let (n_off, n_pos, n_serv) = (
            inst.officers.len(),
            inst.positions.len(),
            inst.services.len(),
        );
        let mut by_position: Vec<Vec<u32>> = vec![Vec::new(); n_pos];
        for (k, &(_, p)) in pairs.iter().enumerate() {
            by_position[p.0].push(k as u32);
        }
        let quality: Vec<f64> = pairs.par_iter().map(|&(o, p)| inst.quality(o, p)).collect();
        // Best-scored first: seeds and the greedy plan read them in order.
        by_position.par_iter_mut().for_each(|ks| {
            ks.sort_by(|&a, &b| {
                quality[b as usize]
                    .partial_cmp(&quality[a as usize])
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then(a.cmp(&b))
            })
        });
        let speaks = pairs
            .par_iter()
            .map(|&(o, p)| inst.meets_mission_language(o, inst.positions[p.0].mission))
            .collect();
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
        let pins: std::collections::HashSet<Pair> =
            inst.pins.iter().map(|p| (p.officer, p.position)).collect();
        let state: Vec<State> = pairs
            .iter()
            .map(|pair| {
                if pins.contains(pair) {
                    State::One
                } else {
                    State::Free
                }
            })
            .collect();
        let mut working = vec![false; pairs.len()];
        let mut work = Vec::new();
        for (k, s) in state.iter().enumerate() {
            if *s == State::One {
                working[k] = true;
                work.push(k as u32);
            }
        }
        let rows = upper.len();
        let n_targets = targets.len();
        Master {
            inst,
            pairs,
            by_position,
            quality,
            speaks,
            state,
            working,
            work,
            tight: vec![false; rows],
            upper,
            position_row0: n_off,
            service_row0: n_off + n_pos,
            limit_row,
            hard_rows,
            shortfall_fixed: vec![None; targets.len()],
            targets,
            targets_of,
            cuts: Vec::new(),
            target_cuts: vec![Vec::new(); n_targets],
            rounded: vec![(false, false); n_targets],
            keep: vec![false; pairs.len()],
            verbose,
            deadline,
        }
    }

    /// Marks the pairs of the plan the Keep level keeps.
    pub fn set_keep(&mut self, keep: &std::collections::HashSet<Pair>) {
        if keep.is_empty() {
            return;
        }
        let pairs = self.pairs;
        self.keep = pairs.par_iter().map(|pair| keep.contains(pair)).collect();
    }

    /// Seconds left before the deadline, if any.
    fn remaining(&self) -> Option<f64> {
        self.deadline
            .map(|d| d.saturating_duration_since(Instant::now()).as_secs_f64())
    }

    /// Number of shortfall columns.
    pub fn shortfalls(&self) -> usize {
        self.targets.len()
    }

    /// The pair behind a pair id.
    pub fn pair(&self, k: u32) -> Pair {
        self.pairs[k as usize]
    }

    /// `pairs` as an incumbent valued under `level`.
    pub fn valued(&self, level: Level, pairs: Vec<u32>) -> Incumbent {
        let value = self.plan_value(level, &pairs);
        Incumbent { pairs, value }
    }

    fn objective(&self, level: Level, k: usize) -> f64 {
        match level {
            Level::Fill => self.inst.positions[self.pairs[k].1 .0].priority,
            Level::Balance => 0.0,
            Level::Quality => self.quality[k],
            Level::Keep => f64::from(u8::from(self.keep[k])),
        }
    }

    fn shortfall_cost(level: Level) -> f64 {
        if level == Level::Balance {
            1.0
        } else {
            0.0
        }
    }

    fn sense(level: Level) -> f64 {
        if level.maximize() {
            1.0
        } else {
            -1.0
        }
    }

    /// Whether pair `k` counts towards target `t` (a woman, a speaker).
    fn counts(&self, t: &Target, k: usize) -> bool {
        if t.women {
            self.inst.officers[self.pairs[k].0 .0].gender == Gender::F
        } else {
            self.speaks[k]
        }
    }

    /// The rows pair `k` appears in, with its coefficients.
    fn entries(&self, k: usize, out: &mut Vec<(usize, f64)>) {
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
    fn shortfall_entries(&self, t: usize, out: &mut Vec<(usize, f64)>) {
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

    fn cut_coefficient(&self, cut: &Cut, k: usize) -> f64 {
        cut.sign * self.objective(cut.level, k)
    }

    fn cut_shortfall_coefficient(cut: &Cut) -> f64 {
        cut.sign * Self::shortfall_cost(cut.level)
    }

    /// Strengthens the targets with what the faces have fixed. A target
    /// row `count + shortfall ≥ share·N` lets the LP meet `share·N` with a
    /// fraction of an officer; whole plans cannot, and these rows say so:
    ///
    /// * once the mission's head count `N` is fixed (every position of the
    ///   mission held full), the mixed-integer rounding of the row,
    ///   `f·count + shortfall ≥ f·⌈share·N⌉` with `f` the fractional part
    ///   of `share·N`;
    /// * once the shortfall `s` is fixed, `count ≥ ⌈share·N − s⌉` must hold
    ///   for whole `N` and `count`; its convex hull over `0 ≤ N ≤ seats`
    ///   is a handful of rows `count ≥ g₁ + slope·(N − n₁)`, one per edge
    ///   of the lower convex envelope of the points `(n, ⌈share·n − s⌉)`.
    ///
    /// Every row is valid for every whole plan on the faces, so LP bounds,
    /// reduced costs and faces stay exact; the bounds get far closer to the
    /// integer optima.
    fn round_targets(&mut self) {
        let mut seats = vec![0u32; self.inst.missions.len()];
        let mut fixed = vec![true; self.inst.missions.len()];
        for (p, pos) in self.inst.positions.iter().enumerate() {
            if !self.by_position[p].is_empty() {
                seats[pos.mission.0] += pos.count;
                fixed[pos.mission.0] &= self.tight[self.position_row0 + p];
            }
        }
        for t in 0..self.targets.len() {
            let target = self.targets[t];
            let n = seats[target.mission];
            let (by_head, by_shortfall) = self.rounded[t];
            if let Some(s) = self.shortfall_fixed[t].filter(|_| !by_shortfall) {
                self.rounded[t].1 = true;
                for (n1, g1, slope) in envelope(target.share, s, n) {
                    // count ≥ g1 + slope·(N − n1)
                    self.add_target_cut(t, slope, -1.0, 0.0, slope * n1 - g1);
                }
            } else if fixed[target.mission] && !by_head && !by_shortfall {
                self.rounded[t].0 = true;
                let need = target.share * f64::from(n);
                let f = need - need.floor();
                if f > 1e-9 && f < 1.0 - 1e-9 {
                    self.add_target_cut(t, 0.0, -f, -1.0, -f * need.ceil());
                }
            }
        }
    }

    fn add_target_cut(
        &mut self,
        t: usize,
        per_head: f64,
        per_count: f64,
        per_shortfall: f64,
        upper: f64,
    ) {
        let row = self.upper.len();
        self.target_cuts[t].push(TargetCut {
            row,
            per_head,
            per_count,
            per_shortfall,
        });
        self.upper.push(upper);
        self.tight.push(false);
    }

    /// Reduced cost of pair `k` under row duals `y`: `c − Σ y·a`.
    fn reduced_cost(&self, level: Level, y: &[f64], k: usize) -> f64 {
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

    fn shortfall_reduced_cost(&self, level: Level, y: &[f64], t: usize) -> f64 {
        let mut d = Self::shortfall_cost(level) + y[self.targets[t].row];
        for c in &self.target_cuts[t] {
            d -= y[c.row] * c.per_shortfall;
        }
        for cut in &self.cuts {
            d -= y[cut.row] * Self::cut_shortfall_coefficient(cut);
        }
        d
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
            Level::Keep => 1.0,
        }
    }

    fn tolerance(&self, level: Level) -> f64 {
        DUAL_TOLERANCE * self.scale(level)
    }

    /// Shortfall of each target under a plan: `max(0, share·N − count)`.
    fn plan_shortfalls(&self, pairs: &[u32]) -> Vec<f64> {
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

    fn plan_value(&self, level: Level, pairs: &[u32]) -> f64 {
        let pairs_value: f64 = pairs
            .iter()
            .map(|&k| self.objective(level, k as usize))
            .sum();
        pairs_value + Self::shortfall_cost(level) * self.plan_shortfalls(pairs).iter().sum::<f64>()
    }

    /// Whether every pair coefficient of the level is whole and shortfalls
    /// cost nothing (then every plan's value is whole).
    pub fn integral_objective(&self, level: Level) -> bool {
        Self::shortfall_cost(level) == 0.0
            && (0..self.pairs.len())
                .into_par_iter()
                .all(|k| self.objective(level, k).fract() == 0.0)
    }

    fn join(&mut self, k: u32) {
        if !self.working[k as usize] {
            self.working[k as usize] = true;
            self.work.push(k);
        }
    }

    /// Adds to the working set, per position, the best free pairs by
    /// quality (within a position, every level's objective ranks pairs the
    /// same way or not at all): a start usually close to the LP optimum.
    fn seed(&mut self) {
        let picks = self.per_position(|_, ks, want| {
            ks.iter()
                .copied()
                .filter(|&k| self.state[k as usize] == State::Free)
                .take(want)
                .collect()
        });
        for k in picks {
            self.join(k);
        }
    }

    /// `pick(position, its pairs best-scored first, count + 2)` for every
    /// position, in parallel; the picks in position order.
    fn per_position(&self, pick: impl Fn(usize, &[u32], usize) -> Vec<u32> + Sync) -> Vec<u32> {
        let picks: Vec<Vec<u32>> = self
            .by_position
            .par_iter()
            .enumerate()
            .map(|(p, ks)| {
                pick(
                    p,
                    ks,
                    self.inst.positions[p].count as usize + EXTRA_PER_ROUND,
                )
            })
            .collect();
        picks.into_iter().flatten().collect()
    }

    /// Starts a level's working set afresh: the pairs fixed at 1 and the
    /// previous plan (so the restricted LP is feasible), then the seeds.
    /// Keeping earlier levels' columns would make every LP larger than it
    /// needs to be; pricing brings back whatever this level needs.
    fn restart(&mut self, previous: &[u32]) {
        for &k in &self.work {
            self.working[k as usize] = false;
        }
        self.work.clear();
        for k in 0..self.pairs.len() {
            if self.state[k] == State::One {
                self.join(k as u32);
            }
        }
        for &k in previous {
            self.join(k);
        }
        // The plan to keep is few pairs and what the Keep level is about.
        for k in 0..self.pairs.len() {
            if self.keep[k] && self.state[k] == State::Free {
                self.join(k as u32);
            }
        }
        self.seed();
    }

    /// A feasible plan built greedily: positions by priority, each filled
    /// with the best-scored officers whose service and mission limits
    /// allow, after the pins. It gives the Fill level a working set that
    /// already holds a near-optimal plan, and an incumbent.
    pub fn greedy(&self) -> Incumbent {
        let mut left = self.upper.clone();
        let mut entries = Vec::new();
        let mut chosen = Vec::new();
        let take = |k: usize, left: &mut Vec<f64>, entries: &mut Vec<(usize, f64)>| {
            self.entries(k, entries);
            // Hard constraints only (each with coefficient 1).
            entries.retain(|&(r, _)| r < self.hard_rows);
            if entries.iter().all(|&(r, _)| left[r] >= 1.0) {
                entries.iter().for_each(|&(r, _)| left[r] -= 1.0);
                true
            } else {
                false
            }
        };
        for k in 0..self.pairs.len() {
            if self.state[k] == State::One {
                // Pins were checked jointly at load: they always fit.
                take(k, &mut left, &mut entries);
                chosen.push(k as u32);
            }
        }
        // A plan to keep (the baseline of a what-if, a previous plan)
        // starts the plan: as much of it as still fits.
        for k in 0..self.pairs.len() {
            if self.keep[k] && self.state[k] == State::Free && take(k, &mut left, &mut entries) {
                chosen.push(k as u32);
            }
        }
        let mut order: Vec<usize> = (0..self.inst.positions.len()).collect();
        order.sort_by(|&a, &b| {
            let (pa, pb) = (
                self.inst.positions[a].priority,
                self.inst.positions[b].priority,
            );
            pb.partial_cmp(&pa)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.cmp(&b))
        });
        for p in order {
            for &k in &self.by_position[p] {
                if left[self.position_row0 + p] < 1.0 {
                    break;
                }
                if self.state[k as usize] == State::Free
                    && take(k as usize, &mut left, &mut entries)
                {
                    chosen.push(k);
                }
            }
        }
        chosen.sort_unstable();
        self.valued(Level::Fill, chosen)
    }

    /// Free pairs outside the working set whose reduced cost improves the
    /// level by more than `tol`: per position the best `count + 2`.
    fn price(&self, level: Level, y: &[f64], tol: f64) -> Vec<u32> {
        let sense = Self::sense(level);
        self.per_position(|_, ks, want| {
            let mut best: Vec<(f64, u32)> = Vec::new();
            for &k in ks {
                let ku = k as usize;
                if self.working[ku] || self.state[ku] != State::Free {
                    continue;
                }
                let gain = sense * self.reduced_cost(level, y, ku);
                if gain <= tol {
                    continue;
                }
                if best.len() == want && gain <= best[want - 1].0 {
                    continue;
                }
                let at = best.partition_point(|&(g, _)| g >= gain);
                best.insert(at, (gain, k));
                best.truncate(want);
            }
            best.into_iter().map(|(_, k)| k).collect()
        })
    }

    /// The simplex method for a pricing round. Re-solves after columns
    /// were added start from a primal feasible basis. Measured on L and
    /// OR-Library assignp5000: the primal simplex re-solves the Fill and
    /// Balance LPs (degenerate objectives: many ties) in seconds where the
    /// dual simplex takes a minute, and the dual simplex re-solves the
    /// Quality LP (distinct scores) 3–5 times faster than the primal.
    fn simplex(level: Level, round: usize) -> Simplex {
        match (level, round) {
            (_, 1) => Simplex::Choose,
            (Level::Quality, _) => Simplex::Dual,
            _ => Simplex::Primal,
        }
    }

    /// Solves the level's LP over all pairs by column generation.
    pub fn lp(&mut self, level: Level) -> Result<Lp> {
        self.round_targets();
        let tol = self.tolerance(level);
        let label = format!("{} LP", level.name());
        let columns: Vec<Column> = self
            .work
            .iter()
            .map(|&k| Column::Pair(k))
            .chain((0..self.targets.len()).map(Column::Shortfall))
            .collect();
        let mut restricted = self.restricted(level, &columns, false, None, &|_| false);
        let mut round = 0;
        loop {
            round += 1;
            let settings = Settings {
                time_limit: self.remaining(),
                verbose: false,
                warm: None,
                label: &label,
                simplex: Self::simplex(level, round),
            };
            let t = Instant::now();
            let model = restricted.model.take().expect("model present");
            let (solved, solved_model) = solve_model(model, &settings)?;
            restricted.model = Some(Model::from(solved_model));
            let y = restricted.row_duals(&solved.row_duals, self.upper.len());
            let add = if solved.ended == Ended::Optimal {
                self.price(level, &y, tol)
            } else {
                Vec::new()
            };
            if self.verbose {
                eprintln!(
                    "{label}: round {round}, {} columns, value {}, {} priced in, {:.2} s",
                    restricted.columns.len(),
                    solved.value,
                    add.len(),
                    t.elapsed().as_secs_f64()
                );
            }
            if add.is_empty() {
                let cols = solved.columns.unwrap_or_default();
                let mut x = Vec::new();
                let mut shortfall = vec![0.0; self.targets.len()];
                for (j, c) in restricted.columns.iter().enumerate() {
                    match *c {
                        Column::Pair(k) => x.push((k, cols.get(j).copied().unwrap_or(0.0))),
                        Column::Shortfall(t) => shortfall[t] = cols.get(j).copied().unwrap_or(0.0),
                    }
                }
                return Ok(Lp {
                    ended: solved.ended,
                    value: solved.value,
                    x,
                    shortfall,
                    y,
                });
            }
            let mut entries = Vec::new();
            for k in add {
                self.join(k);
                self.entries(k as usize, &mut entries);
                restricted.add(
                    Column::Pair(k),
                    self.objective(level, k as usize),
                    (0.0, 1.0),
                    &entries,
                );
            }
        }
    }

    /// Whether every pair value of the LP is 0 or 1.
    pub fn integral(lp: &Lp) -> bool {
        lp.x.iter().all(|&(_, v)| (v - v.round()).abs() <= 1e-6)
    }

    /// The LP solution as a plan (call only when integral).
    pub fn lp_plan(lp: &Lp) -> Incumbent {
        let mut pairs: Vec<u32> =
            lp.x.iter()
                .filter(|&&(_, v)| v > 0.5)
                .map(|&(k, _)| k)
                .collect();
        pairs.sort_unstable();
        Incumbent {
            pairs,
            value: lp.value,
        }
    }

    /// Reduced costs of the working pairs and the shortfalls under `lp`.
    fn face_fixings(&self, level: Level, lp: &Lp, gap: f64) -> Fixings {
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

    /// The MIP over the working set (plus `extra` pairs), with pairs and
    /// shortfalls fixed by `fix` and rows held tight by `tight`.
    fn mip(
        &mut self,
        level: Level,
        label: &str,
        fix: &Fixings,
        tight_rows: bool,
        extra: &[u32],
        warm: Option<&Incumbent>,
    ) -> Result<(Ended, Option<Incumbent>)> {
        for &k in extra {
            self.join(k);
        }
        let columns: Vec<Column> = self
            .work
            .iter()
            .map(|&k| Column::Pair(k))
            .chain((0..self.targets.len()).map(Column::Shortfall))
            .collect();
        let tight = |row: usize| tight_rows && fix.tight.get(row).copied().unwrap_or(false);
        let mut restricted = self.restricted(level, &columns, true, Some(fix), &tight);
        let model = restricted.model.take().expect("model");
        let warm_columns = warm.map(|w| {
            let short = self.plan_shortfalls(&w.pairs);
            restricted
                .columns
                .iter()
                .map(|c| match *c {
                    Column::Pair(k) => f64::from(u8::from(w.pairs.binary_search(&k).is_ok())),
                    Column::Shortfall(t) => short[t],
                })
                .collect::<Vec<f64>>()
        });
        let settings = Settings {
            time_limit: self.remaining(),
            verbose: self.verbose,
            warm: warm_columns.as_deref(),
            label,
            simplex: Simplex::Choose,
        };
        let (solved, _) = solve_model(model, &settings)?;
        let plan = solved.columns.as_ref().map(|cols| {
            let mut pairs: Vec<u32> = restricted
                .columns
                .iter()
                .zip(cols)
                .filter_map(|(c, &v)| match *c {
                    Column::Pair(k) if v > 0.5 => Some(k),
                    _ => None,
                })
                .collect();
            pairs.sort_unstable();
            let value = self.plan_value(level, &pairs);
            Incumbent { pairs, value }
        });
        Ok((solved.ended, plan))
    }

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
        if self.work.len() + extra.len() > super::MAX_PROOF_PAIRS {
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
            return Err(super::infeasible(level));
        }
        if let Some(plan) = plan.filter(|p| sense * (p.value - best.value) > 0.0) {
            best = plan;
        }
        Ok(outcome(ended, best.value, Some(best), Some(lp)))
    }

    /// A plan on the LP's optimal face, if one is found: by diving, then by
    /// the MIP over the face.
    fn on_face(&mut self, level: Level, lp: &Lp, face: &Fixings) -> Result<Option<Incumbent>> {
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

    /// Rounds the LP solution: every working pair with a whole LP value is
    /// fixed there (on top of `base`), and a small MIP decides the
    /// fractional rest (relaxation enforced neighbourhood search).
    fn rens(&mut self, level: Level, lp: &Lp, base: &Fixings) -> Result<Option<Incumbent>> {
        let mut fix = base.clone();
        for &(k, v) in &lp.x {
            if (v - v.round()).abs() <= 1e-6 && self.state[k as usize] == State::Free {
                fix.pairs.entry(k).or_insert(v.round());
            }
        }
        let label = format!("{} level rounding its LP solution", level.name());
        let (ended, plan) = self.mip(level, &label, &fix, false, &[], None)?;
        Ok(match ended {
            Ended::Infeasible => None,
            _ => plan,
        })
    }

    /// Looks for a whole plan on the LP's optimal face by diving: every
    /// point of the face reaches the LP bound, so the first integral LP
    /// solution is an optimal plan. Each step fixes the working pair with
    /// the largest fractional value at 1 (at 0 instead if that empties the
    /// face) and re-solves from the basis. `None` if the dive fails; the
    /// MIP then decides.
    fn dive(&mut self, level: Level, face: &Fixings) -> Result<Option<Incumbent>> {
        let columns: Vec<Column> = self
            .work
            .iter()
            .map(|&k| Column::Pair(k))
            .chain((0..self.targets.len()).map(Column::Shortfall))
            .collect();
        let tight = |row: usize| face.tight.get(row).copied().unwrap_or(false);
        // Every point of the face is optimal for this level, so the dive
        // may steer by any objective: Quality's is far less degenerate
        // and its plans are good starts for that level.
        let mut r = self.restricted(Level::Quality, &columns, false, Some(face), &tight);
        let label = format!("{} level, diving on its LP face", level.name());
        let mut last: Option<usize> = None;
        let mut steps = 0;
        loop {
            let settings = Settings {
                time_limit: self.remaining(),
                verbose: false,
                warm: None,
                label: &label,
                simplex: Simplex::Choose,
            };
            let model = r.model.take().expect("model present");
            let (solved, solved_model) = solve_model(model, &settings)?;
            let mut model = Model::from(solved_model);
            let model_ref = &mut model;
            let step_failed = solved.ended != Ended::Optimal || solved.columns.is_none();
            if step_failed {
                // Undo the last fixing the other way, once.
                match (solved.ended, last.take()) {
                    (Ended::Infeasible, Some(j)) => {
                        model_ref.change_column_bounds(r.handles[j], 0.0..=0.0);
                        r.model = Some(model);
                        continue;
                    }
                    _ => return Ok(None),
                }
            }
            let cols = solved.columns.expect("checked");
            let fractional: Vec<(usize, f64)> = r
                .columns
                .iter()
                .enumerate()
                .filter(|&(j, c)| {
                    matches!(c, Column::Pair(_)) && (cols[j] - cols[j].round()).abs() > 1e-6
                })
                .map(|(j, _)| (j, cols[j]))
                .collect();
            if self.verbose {
                eprintln!("{label}: step {steps}, {} fractional", fractional.len());
            }
            if fractional.is_empty() {
                let mut pairs: Vec<u32> = r
                    .columns
                    .iter()
                    .zip(&cols)
                    .filter_map(|(c, &v)| match *c {
                        Column::Pair(k) if v > 0.5 => Some(k),
                        _ => None,
                    })
                    .collect();
                pairs.sort_unstable();
                return Ok(Some(self.valued(level, pairs)));
            }
            steps += 1;
            if steps > DIVE_STEPS {
                return Ok(None);
            }
            let (j, _) =
                fractional
                    .iter()
                    .copied()
                    .fold((usize::MAX, f64::NEG_INFINITY), |best, (j, v)| {
                        if v > best.1 {
                            (j, v)
                        } else {
                            best
                        }
                    });
            model.change_column_bounds(r.handles[j], 1.0..=1.0);
            last = Some(j);
            r.model = Some(model);
        }
    }

    /// Adds to the working set free pairs of zero reduced cost: per
    /// position, up to `count + 2` that count towards a target the
    /// incumbent falls short of, and 2 others. Returns how many joined.
    fn widen(&mut self, level: Level, lp: &Lp, incumbent: &Incumbent) -> usize {
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

    /// Free pairs outside the working set whose reduced cost is within `gap`.
    fn within(&self, level: Level, lp: &Lp, gap: f64) -> Vec<u32> {
        let margin = gap + self.tolerance(level);
        (0..self.pairs.len() as u32)
            .into_par_iter()
            .filter(|&k| {
                let ku = k as usize;
                !self.working[ku]
                    && self.state[ku] == State::Free
                    && self.reduced_cost(level, &lp.y, ku).abs() <= margin
            })
            .collect()
    }

    /// Holds a solved level for the next ones; returns how.
    /// With the optimum at the LP bound, complementary slackness fixes
    /// every pair with a non-zero reduced cost (over all pairs) and keeps
    /// rows with a non-zero dual tight. Otherwise a cut row holds the
    /// optimum, and pairs whose reduced cost exceeds the gap are fixed.
    pub fn hold(&mut self, level: Level, out: &Outcome) -> HeldBy {
        let lp = out.lp.as_ref().expect("held levels were solved");
        let slack_of = |v: f64| LEVEL_TOLERANCE * v.abs().max(1.0);
        let at_bound = (lp.value - out.value).abs() <= slack_of(out.value);
        let gap = if at_bound {
            0.0
        } else {
            (lp.value - out.value).abs()
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
        let slack = if out.whole { 0.5 } else { slack_of(out.value) };
        let sign = -Self::sense(level);
        let row = self.upper.len();
        self.cuts.push(Cut { row, level, sign });
        self.upper.push(sign * out.value + slack);
        self.tight.push(false);
        HeldBy::Cut
    }

    /// A restricted model over `columns`.
    fn restricted(
        &self,
        level: Level,
        columns: &[Column],
        integer: bool,
        fix: Option<&Fixings>,
        tight: &dyn Fn(usize) -> bool,
    ) -> Restricted {
        let rows = self.upper.len();
        let sense = if level.maximize() {
            Sense::Maximise
        } else {
            Sense::Minimise
        };
        let mut model = Model::new(ColProblem::new());
        model.set_sense(sense);
        let mut r = Restricted {
            model: Some(model),
            columns: Vec::with_capacity(columns.len()),
            handles: Vec::with_capacity(columns.len()),
            row_of: vec![None; rows],
            rows: Vec::new(),
            tight: (0..rows).map(|i| self.tight[i] || tight(i)).collect(),
            upper: self.upper.clone(),
            integer,
        };
        let mut entries = Vec::new();
        for &c in columns {
            match c {
                Column::Pair(k) => {
                    let ku = k as usize;
                    let bounds = match (self.state[ku], fix.and_then(|f| f.pairs.get(&k).copied()))
                    {
                        (State::One, _) => (1.0, 1.0),
                        (State::Zero, _) => (0.0, 0.0),
                        (State::Free, Some(v)) => (v, v),
                        (State::Free, None) => (0.0, 1.0),
                    };
                    self.entries(ku, &mut entries);
                    r.add(c, self.objective(level, ku), bounds, &entries);
                }
                Column::Shortfall(t) => {
                    let fixed = fix.and_then(|f| f.shortfalls[t]);
                    let bounds = match self.shortfall_fixed[t].or(fixed) {
                        Some(v) => (v, v),
                        None => (0.0, f64::INFINITY),
                    };
                    self.shortfall_entries(t, &mut entries);
                    r.add(c, Self::shortfall_cost(level), bounds, &entries);
                }
            }
        }
        r
    }
}

/// What a level's LP proves about every optimal plan.
#[derive(Debug, Clone)]
struct Fixings {
    /// Working pairs fixed at a value.
    pairs: std::collections::HashMap<u32, f64>,
    /// Shortfalls fixed at a value.
    shortfalls: Vec<Option<f64>>,
    /// Rows with a non-zero dual.
    tight: Vec<bool>,
}

impl Fixings {
    /// Nothing fixed, no row tight.
    fn none(shortfalls: usize) -> Fixings {
        Fixings {
            pairs: std::collections::HashMap::new(),
            shortfalls: vec![None; shortfalls],
            tight: Vec::new(),
        }
    }
}

/// One restricted model: its columns and which rows it holds. Built
/// through HiGHS's incremental API, so columns can be added and bounds
/// changed after a solve, which then restarts from the last basis.
struct Restricted {
    /// The model; taken out while HiGHS solves it.
    model: Option<Model>,
    columns: Vec<Column>,
    /// HiGHS's handle of each column.
    handles: Vec<highs::Col>,
    /// Model row of each row, once some column uses it.
    row_of: Vec<Option<ModelRow>>,
    /// Row of each model row.
    rows: Vec<usize>,
    tight: Vec<bool>,
    upper: Vec<f64>,
    integer: bool,
}

/// A row's bounds: `≤ upper`, or `= upper` when tight.
fn bounds_of(upper: &[f64], tight: &[bool], row: usize) -> (f64, f64) {
    let u = upper[row];
    if tight[row] {
        (u, u)
    } else {
        (f64::NEG_INFINITY, u)
    }
}

impl Restricted {
    /// Adds a column (rows are created as first used).
    fn add(&mut self, c: Column, cost: f64, bounds: (f64, f64), entries: &[(usize, f64)]) {
        let model = self.model.as_mut().expect("model present");
        let mut factors = Vec::with_capacity(entries.len());
        for &(row, coef) in entries {
            let handle = match self.row_of[row] {
                Some(h) => h,
                None => {
                    let (lo, hi) = bounds_of(&self.upper, &self.tight, row);
                    let h = model.add_row(lo..=hi, std::iter::empty::<(highs::Col, f64)>());
                    self.row_of[row] = Some(h);
                    self.rows.push(row);
                    h
                }
            };
            factors.push((handle, coef));
        }
        let integer = self.integer && matches!(c, Column::Pair(_));
        let handle = model.add_column_with_integrality(cost, bounds.0..=bounds.1, factors, integer);
        self.handles.push(handle);
        self.columns.push(c);
    }

    /// Model row duals spread over all rows (0 for rows not in the model).
    fn row_duals(&self, model: &[f64], rows: usize) -> Vec<f64> {
        let mut y = vec![0.0; rows];
        for (i, &row) in self.rows.iter().enumerate() {
            y[row] = model.get(i).copied().unwrap_or(0.0);
        }
        y
    }
}

/// The edges of the lower convex envelope of the points
/// `(n, max(0, ⌈share·n − s⌉))` for `n = 0..=seats`, as `(n₁, g₁, slope)`:
/// every whole `(N, count)` with `count ≥ share·N − s` and `0 ≤ N ≤ seats`
/// satisfies `count ≥ g₁ + slope·(N − n₁)` for each edge. Edges that only
/// restate the target row (or `count ≥ 0`) are left out.
fn envelope(share: f64, s: f64, seats: u32) -> Vec<(f64, f64, f64)> {
    let g = |n: u32| ((share * f64::from(n) - s - 1e-9).ceil()).max(0.0);
    let mut hull: Vec<(f64, f64)> = Vec::new();
    for n in 0..=seats {
        let point = (f64::from(n), g(n));
        while hull.len() >= 2 {
            let (a, b) = (hull[hull.len() - 2], hull[hull.len() - 1]);
            // Drop b unless it lies strictly below the segment a–point.
            let cross = (b.0 - a.0) * (point.1 - a.1) - (b.1 - a.1) * (point.0 - a.0);
            if cross <= 1e-12 {
                hull.pop();
            } else {
                break;
            }
        }
        hull.push(point);
    }
    hull.windows(2)
        .map(|w| (w[0].0, w[0].1, (w[1].1 - w[0].1) / (w[1].0 - w[0].0)))
        .filter(|&(n1, g1, slope)| {
            let restates_row =
                (slope - share).abs() < 1e-12 && (g1 - (share * n1 - s)).abs() < 1e-9;
            let trivial = slope == 0.0 && g1 == 0.0;
            !restates_row && !trivial
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::envelope;

    /// Every whole point meets every edge, and every edge is tight at two
    /// whole points (so no row is weaker than the hull).
    fn check(share: f64, s: f64, seats: u32) -> Vec<(f64, f64, f64)> {
        let edges = envelope(share, s, seats);
        for &(n1, g1, slope) in &edges {
            let mut tight = 0;
            for n in 0..=seats {
                let need = ((share * f64::from(n) - s - 1e-9).ceil()).max(0.0);
                let row = g1 + slope * (f64::from(n) - n1);
                assert!(
                    need >= row - 1e-9,
                    "{share} {s} {seats}: n={n} count={need} < {row}"
                );
                tight += usize::from((need - row).abs() < 1e-9);
            }
            assert!(
                tight >= 2,
                "edge ({n1}, {g1}, {slope}) touches {tight} point(s)"
            );
        }
        edges
    }

    #[test]
    fn hull_of_a_thirty_percent_target_over_fifteen_seats() {
        // ⌈0.3·n⌉: the row itself holds up to n = 10 (3 officers); after
        // that the hull climbs through (13, 4) to (15, 5).
        let edges = check(0.3, 0.0, 15);
        assert_eq!(edges, vec![(10.0, 3.0, 1.0 / 3.0), (13.0, 4.0, 0.5)]);
    }

    #[test]
    fn hulls_are_valid_and_tight() {
        for share in [0.1, 0.2, 0.25, 0.3, 1.0 / 3.0, 0.45, 0.5, 0.75] {
            for s in [0.0, 0.5, 1.25] {
                for seats in [1, 2, 7, 16, 40] {
                    check(share, s, seats);
                }
            }
        }
    }
}
