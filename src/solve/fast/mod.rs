//! The fast path: the lexicographic model over every eligible pair, solved
//! by column generation: the LPs and MIPs handed to HiGHS hold only a
//! *working set* of pairs, and LP duality proves that no other pair is
//! needed.
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
//!
//! This file holds what every part shares: the [`Master`] (every eligible
//! pair with what earlier levels proved about it) and a pair's [`State`].
//! The rest, in the order a level meets it:
//!
//! * `rows`: the row layout, each pair's coefficients, reduced costs;
//! * `objective`: a level's objective per pair, per shortfall, per plan;
//! * `greedy`: the greedy start plan, the Fill level's first incumbent;
//! * `working_set`: which pairs the restricted models hold;
//! * `level`: the level driver, stage by stage (LP bound, integral
//!   shortcut, face, rounding, support, widen, MIP);
//! * `targets`: target rows strengthened as faces fix head counts and
//!   shortfalls;
//! * `column_generation` and `pricing`: the level's LP over all pairs;
//! * `faces`: what the LP's duals fix (the optimal face, reduced-cost
//!   fixing);
//! * `rounding`: rounding the LP solution (RENS);
//! * `diving`: diving on the optimal face;
//! * `widening`: more pairs of zero reduced cost on the face;
//! * `mip`: the MIP over the working set and the pairs within the gap;
//! * `hold`: holding a solved level for the next ones;
//! * `tie_break`: Keep settled inside Quality's last MIP when it follows
//!   Quality;
//! * `restricted`: the HiGHS model over the working set, built
//!   incrementally.

mod column_generation;
mod diving;
mod faces;
mod greedy;
mod hold;
mod level;
mod mip;
mod objective;
mod polish;
mod pricing;
mod restricted;
mod rounding;
mod rows;
mod targets;
mod tie_break;
mod widening;
mod working_set;

use super::highs::Ended;
use super::Level;
use crate::model::limits::LimitRows;
use crate::model::{Instance, Pair};
use column_generation::Lp;
use rayon::prelude::*;
use rows::{Cut, Layout, Target, TargetCut};
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

/// A plan as the master sees it: chosen pairs and their value at a level.
#[derive(Debug, Clone, Default)]
pub(in crate::solve) struct Incumbent {
    /// Chosen pairs, ascending.
    pub pairs: Vec<u32>,
    /// The level's objective value.
    pub value: f64,
}

/// What a solve of the master reports back to the level loop.
pub(in crate::solve) struct Outcome {
    /// How the level ended.
    pub ended: Ended,
    /// The proven value (or the incumbent's on a time limit or within a
    /// gap).
    pub value: f64,
    /// The plan found, if any.
    pub plan: Option<Incumbent>,
    /// The LP bound when the LP was solved.
    pub lp: Option<Lp>,
    /// The step every plan's value at this level is a multiple of, if any
    /// (1 when values are whole).
    pub step: Option<f64>,
    /// The plan is also the Keep level's optimum (see `tie_break`).
    pub keep_solved: bool,
}

/// Every eligible pair with what earlier levels proved about it.
pub(in crate::solve) struct Master<'a> {
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
    /// Per row: right-hand side and whether it must hold with equality
    /// (rows are numbered in `rows`).
    upper: Vec<f64>,
    tight: Vec<bool>,
    /// The hard limits numbered as the first rows (then targets and cuts).
    limits: LimitRows,
    /// Rows of the hard limits come first, then targets and cuts.
    hard_rows: usize,
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
    /// The Keep level follows Quality (see `tie_break`).
    keep_follows: bool,
    /// Keep's weights inside Quality's objective: set only while Quality's
    /// last MIP settles Keep too.
    tie_break: Option<tie_break::TieBreak>,
    verbose: bool,
    /// When the time limit strikes, if any.
    deadline: Option<Instant>,
    /// Cancels the solve: the call under way stops, no time left from then on.
    cancel: Option<super::Cancel>,
    /// Told how each MIP's search is getting on.
    search: Option<super::Search>,
    /// Some service is counted on more than one day (or has officers away
    /// with return dates): its MIPs are presolved (see `highs::Settings`).
    dated: bool,
    /// The Fill level's plan fills every seat (set when Fill is held):
    /// then each position's head count is fixed, and a large proof MIP
    /// closes at its root without presolve (see `mip::Master::solve_mip`).
    every_seat_filled: bool,
    /// The relative gap Quality may settle within (`SolveOptions::quality_gap`).
    quality_gap: Option<f64>,
    /// Keep's objective with Quality as its tie-break, when Keep follows
    /// Quality settled within a gap (see `crate::solve::keep_first`).
    keep_first: Option<crate::solve::keep_first::KeepFirst>,
    /// Set only while a level's MIP may stop short of the optimum (see
    /// `level::Master::search` and `gap_mip`): HiGHS's objective
    /// target and relative gap.
    mip_stop: MipStop,
}

/// When a MIP may stop before it proves its plan optimal: at its first
/// plan better than `target`, or once proven within `gap` (relative).
#[derive(Clone, Copy, Default)]
pub(super) struct MipStop {
    target: Option<f64>,
    gap: f64,
}

impl<'a> Master<'a> {
    /// Indexes the pairs; pinned pairs start at 1.
    pub fn new(
        inst: &'a Instance,
        pairs: &'a [Pair],
        verbose: bool,
        deadline: Option<Instant>,
    ) -> Self {
        assert!(pairs.len() < u32::MAX as usize, "too many eligible pairs");
        let n_pos = inst.positions.len();
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
        let Layout {
            upper,
            limits,
            hard_rows,
            targets,
            targets_of,
        } = Layout::new(inst);
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
            limits,
            hard_rows,
            shortfall_fixed: vec![None; targets.len()],
            targets,
            targets_of,
            cuts: Vec::new(),
            target_cuts: vec![Vec::new(); n_targets],
            rounded: vec![(false, false); n_targets],
            keep: vec![false; pairs.len()],
            keep_follows: false,
            tie_break: None,
            verbose,
            deadline,
            cancel: None,
            search: None,
            dated: (0..inst.services.len())
                .any(|s| inst.calendar().dated(inst, crate::model::ServiceIx(s))),
            every_seat_filled: false,
            quality_gap: None,
            keep_first: None,
            mip_stop: MipStop::default(),
        }
    }

    /// Lets the Quality level settle once its plan is proven within
    /// `gap` (relative) of the best possible.
    pub fn set_quality_gap(&mut self, gap: Option<f64>) {
        self.quality_gap = gap;
    }

    /// The relative gap Quality may settle within, if any.
    pub fn quality_gap(&self) -> Option<f64> {
        self.quality_gap
    }

    /// Marks the pairs of the plan the Keep level keeps.
    pub fn set_keep(&mut self, keep: &std::collections::HashSet<Pair>) {
        if keep.is_empty() {
            return;
        }
        let pairs = self.pairs;
        self.keep = pairs.par_iter().map(|pair| keep.contains(pair)).collect();
    }

    /// Seconds left before the deadline, if any; none once cancelled.
    fn remaining(&self) -> Option<f64> {
        if self
            .cancel
            .as_ref()
            .is_some_and(super::Cancel::is_cancelled)
        {
            return Some(0.0);
        }
        self.deadline
            .map(|d| d.saturating_duration_since(Instant::now()).as_secs_f64())
    }

    /// Whether the solver's log and more detail are shown.
    pub fn verbose(&self) -> bool {
        self.verbose
    }

    /// The flag that cancels this solve, and who is told how its MIPs
    /// are getting on.
    pub fn set_watch(&mut self, cancel: Option<super::Cancel>, search: Option<super::Search>) {
        self.cancel = cancel;
        self.search = search;
    }

    /// What watches a HiGHS run of this solve: the cancel flag, and for a
    /// MIP (`Some((level, proving))`) the search's progress.
    fn watch(&self, mip: Option<(Level, bool)>) -> crate::solve::watch::Watch {
        crate::solve::watch::Watch {
            cancel: self.cancel.clone(),
            search: mip.and_then(|(level, proving)| Some((self.search.clone()?, level, proving))),
            proves: None,
        }
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

    /// The step every plan's value at `level` is a multiple of, when it has
    /// one: Balance's from the target shares (see [`crate::solve::abs_gap`]),
    /// the other levels' from their coefficients.
    pub fn value_step(&self, level: Level) -> Option<f64> {
        match level {
            Level::Balance => crate::solve::share_step(self.inst),
            _ => self.objective_step(level),
        }
    }
}
