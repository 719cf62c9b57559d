//! The MIPs that prove a level when the LP is fractional: over the working
//! set, with pairs and shortfalls fixed by the LP's duals and, on a face,
//! rows held tight; and the pairs outside the working set whose reduced
//! cost is within the gap an incumbent leaves, the only others that can
//! take part in a better plan.

use super::column_generation::Lp;
use super::faces::Fixings;
use super::restricted::{Column, Restricted};
use super::{Incumbent, Master, State};
use crate::error::Result;
use crate::solve::highs::{solve_model, Ended, Settings, LARGE_ROWS};
use crate::solve::watch::{Proves, Watch};
use crate::solve::{common_step, Level, LEVEL_TOLERANCE};
use highs::Model;
use rayon::prelude::*;

/// What a MIP starts from.
#[derive(Clone, Copy)]
pub(super) enum Start<'a> {
    /// No plan yet, and only a shortcut to one (rounding the LP solution,
    /// a plan on the LP's optimal face): HiGHS looks for one. A solve
    /// HiGHS cannot settle (status `Unknown`) is given up rather than
    /// solved again: the level then takes its usual way, as when the
    /// shortcut finds nothing.
    Shortcut,
    /// A plan to improve on: HiGHS's heuristics look for better ones.
    Search(&'a Incumbent),
    /// A plan believed optimal, to be proven: HiGHS's plan-finding
    /// heuristics are off, and their time goes to the bound (branching
    /// still finds a better plan if there is one). Except at the Balance
    /// level: there the better plan is often outside the working set (the
    /// working set's best short by 0.3 of an officer, the best plan by
    /// none), and branching alone took 69 s to find it on a scarce pool
    /// where the heuristics take 22 s (docs/performance.md).
    Prove(&'a Incumbent),
}

impl<'a> Start<'a> {
    /// The plan it starts from, if any.
    fn plan(self) -> Option<&'a Incumbent> {
        match self {
            Start::Shortcut => None,
            Start::Search(plan) | Start::Prove(plan) => Some(plan),
        }
    }
}

impl Master<'_> {
    /// The MIP over the working set (plus `extra` pairs), with pairs and
    /// shortfalls fixed by `fix` and rows held tight by `tight`.
    pub(super) fn mip(
        &mut self,
        level: Level,
        label: &str,
        fix: &Fixings,
        tight_rows: bool,
        extra: &[u32],
        start: Start,
    ) -> Result<(Ended, Option<Incumbent>)> {
        for &k in extra {
            self.join(k);
        }
        let (presolved, first) = self.solve_mip(level, label, fix, tight_rows, start, self.dated);
        #[cfg(feature = "fault-injection")]
        let first = match first {
            Ok(_)
                if presolved
                    && crate::solve::highs::fault_for_tests(
                        "MISSIONMATCH_TEST_SOLVE_ERROR",
                        label,
                    ) =>
            {
                // Fault injection (tests only): every presolved MIP whose
                // label holds MISSIONMATCH_TEST_SOLVE_ERROR's value fails as
                // HiGHS's presolve once did.
                Err(crate::error::Error::Solver(format!(
                    "{label}: Solve error (forced by the tests)"
                )))
            }
            first => first,
        };
        let (ended, plan, consistent) = match first {
            Ok(solved) => solved,
            // HiGHS's presolve can also fail outright (seen with HiGHS
            // 1.16 on a rounding MIP its fixings make infeasible: it
            // reduced the MIP to nothing, then reported "Solve error"
            // with a row violated). The same MIP without presolve has
            // no such step.
            Err(crate::error::Error::Solver(why)) if presolved => {
                if self.verbose {
                    eprintln!("{label}: HiGHS failed with presolve ({why}); solving again without presolve");
                }
                let (ended, plan, _) = self
                    .solve_mip(level, label, fix, tight_rows, start, false)
                    .1?;
                return Ok((ended, plan));
            }
            Err(e) => return Err(e),
        };
        if consistent || !presolved {
            return Ok((ended, plan));
        }
        // HiGHS's presolve can hand back a plan other than the one it
        // proved (seen with HiGHS 1.16: it reported 23,391 and returned a
        // plan worth 23,389 that swapped two officers for nothing). The
        // same MIP without presolve has no such step.
        if self.verbose {
            eprintln!("{label}: the plan HiGHS returned is not worth the value it reported; solving again without presolve");
        }
        let (ended, again, _) = self
            .solve_mip(level, label, fix, tight_rows, start, false)
            .1?;
        // Stopped early, the second solve may have found less than the
        // first returned: keep the better plan.
        let sense = Self::sense(level);
        let better = match (plan, again) {
            (Some(p), Some(a)) if sense * (p.value - a.value) > 0.0 => Some(p),
            (p, a) => a.or(p),
        };
        Ok((ended, better))
    }

    /// One solve of the MIP of [`Master::mip`], with HiGHS's presolve if
    /// `presolve` asks for it and the MIP is not a large proof (below).
    /// Returns whether HiGHS presolved it, and the outcome, which also
    /// says whether the plan HiGHS returned is worth the objective value it
    /// reported (so nothing was lost undoing presolve).
    fn solve_mip(
        &self,
        level: Level,
        label: &str,
        fix: &Fixings,
        tight_rows: bool,
        start: Start,
        presolve: bool,
    ) -> (bool, Result<(Ended, Option<Incumbent>, bool)>) {
        let columns = self.working_columns();
        let tight = |row: usize| tight_rows && fix.tight.get(row).copied().unwrap_or(false);
        let mut restricted = self.restricted(level, &columns, true, Some(fix), &tight);
        let model = restricted.model.take().expect("model");
        let large = model.num_rows() >= LARGE_ROWS;
        // A MIP that proves a plan on a large model where every seat is
        // filled is not presolved: head counts are then fixed, the proof
        // closes at its root, and presolving its millions of non-zeros took
        // most of its time (ample L seed 2: 10 of 16 s; on ample L seeds
        // 1, 2, 4 and 5, 16–69 % less time end to end, with the same plans).
        // Where services run out of officers the proof branches, and
        // presolve pays for itself: unpresolved, a scarce 13,000-officer
        // proof was no faster and held three times the memory
        // (docs/performance-log.md).
        let presolved =
            presolve && !(matches!(start, Start::Prove(_)) && large && self.every_seat_filled);
        let warm_columns = start.plan().map(|w| {
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
        let abs_gap = crate::solve::abs_gap(self.inst, level);
        let feasibility = match level {
            Level::Keep => self.keep_first.map(|w| w.feasibility()),
            _ => self.tie_break.map(|t| t.feasibility()),
        };
        let proves = warm_columns.as_deref().and_then(|warm| {
            self.start_proof(
                level,
                &restricted,
                warm,
                feasibility.unwrap_or(1e-6),
                abs_gap,
            )
        });
        let settings = Settings {
            verbose: self.verbose,
            ipm_root: matches!(level, Level::Fill | Level::Balance) && large,
            warm: warm_columns.as_deref(),
            presolve: presolved,
            feasibility,
            heuristics: !matches!(start, Start::Prove(_)) || level == Level::Balance,
            target: self.mip_stop.target,
            gap: self.mip_stop.gap,
            abs_gap,
            watch: Watch {
                proves,
                ..self.watch(Some((level, matches!(start, Start::Prove(_)))))
            },
            mip: true,
            may_fail: matches!(start, Start::Shortcut),
            ..Settings::new(label, self.remaining())
        };
        (
            presolved,
            self.solve_restricted(level, &restricted, model, &settings),
        )
    }

    /// What stops a MIP started from `warm` once its bound proves that
    /// plan the best (see [`Proves`]): `None` unless `warm` keeps every
    /// bound and row of the MIP to within `tolerance` (HiGHS would repair
    /// such a start into another plan). Its value in the MIP's objective,
    /// and how far the bound may stand beyond it: when every plan's value
    /// is a multiple of a step (the costs of whole columns only), up to
    /// half a step; at Balance, whose shortfall columns HiGHS sees as
    /// continuous, the gap of [`crate::solve::abs_gap`]; otherwise
    /// HiGHS's own absolute gap.
    pub(super) fn start_proof(
        &self,
        level: Level,
        restricted: &Restricted,
        warm: &[f64],
        tolerance: f64,
        abs_gap: f64,
    ) -> Option<Proves> {
        if !restricted.keeps(warm, |c, out| self.column_entries(c, out), tolerance) {
            return None;
        }
        let cost = |c: &Column| self.column_cost(level, *c);
        let value = restricted
            .columns
            .iter()
            .zip(warm)
            .map(|(c, &v)| cost(c) * v)
            .sum();
        let slack = Self::half_step(level, restricted.columns.iter().map(cost))
            .unwrap_or(abs_gap.max(1e-6));
        Some(Proves {
            value,
            maximize: level.maximize(),
            slack,
        })
    }

    /// Half the step every plan's value is a multiple of, when there is
    /// one: the costs of whole columns only (no shortfall in the
    /// objective), each a multiple of a step of [`crate::solve::STEPS`].
    /// Two plans' values differ by at least the step, so two values closer
    /// than this are the same.
    fn half_step(level: Level, costs: impl IntoIterator<Item = f64>) -> Option<f64> {
        let step = common_step(costs)?;
        (Self::shortfall_cost(level) == 0.0).then_some(0.5 * step)
    }

    /// A column's coefficient in the level's objective.
    fn column_cost(&self, level: Level, c: Column) -> f64 {
        match c {
            Column::Pair(k) => self.objective(level, k as usize),
            Column::Shortfall(_) => Self::shortfall_cost(level),
        }
    }

    /// A column's rows and coefficients.
    fn column_entries(&self, c: Column, out: &mut Vec<(usize, f64)>) {
        match c {
            Column::Pair(k) => self.entries(k as usize, out),
            Column::Shortfall(t) => self.shortfall_entries(t, out),
        }
    }

    /// The rest of [`Master::solve_mip`]: solves `model`, the MIP of
    /// `restricted`, with `settings`, and reads its plan.
    fn solve_restricted(
        &self,
        level: Level,
        restricted: &Restricted,
        model: Model,
        settings: &Settings,
    ) -> Result<(Ended, Option<Incumbent>, bool)> {
        let label = settings.label;
        let (solved, _) = solve_model(model, settings)?;
        if let Some(note) = solved.retry_note(label).filter(|_| self.verbose) {
            eprintln!("{note}");
        }
        if solved.by_bound && self.verbose {
            eprintln!("{label}: its bound proved the plan it started from the best; stopped there");
        }
        if solved.ended == Ended::Unknown && self.verbose {
            eprintln!(
                "{label}: HiGHS could not settle it (status Unknown), the level takes its usual way"
            );
        }
        let Some(cols) = solved.columns.as_ref() else {
            return Ok((solved.ended, None, true));
        };
        // The objective of the columns returned, as HiGHS would sum it.
        let (mut value, mut magnitude) = (0.0, 0.0);
        let mut costs = Vec::with_capacity(cols.len());
        for (&c, &v) in restricted.columns.iter().zip(cols) {
            let cost = self.column_cost(level, c);
            value += cost * v;
            magnitude += (cost * v).abs();
            costs.push(cost);
        }
        // Plans differ by at least a step of the values' grid; rounding
        // of the sums is far below it (a relative millionth otherwise).
        let allowed = Self::half_step(level, costs).unwrap_or(LEVEL_TOLERANCE * magnitude.max(1.0));
        let consistent = (value - solved.value).abs() <= allowed;
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
        Ok((solved.ended, Some(Incumbent { pairs, value }), consistent))
    }

    /// The non-zeros of the MIP over the working set and `extra`: every
    /// pair's entries in the rows it appears in.
    pub(super) fn proof_nonzeros(&self, extra: &[u32]) -> usize {
        self.work
            .par_iter()
            .chain(extra.par_iter())
            .map_init(Vec::new, |entries, &k| {
                self.entries(k as usize, entries);
                entries.len()
            })
            .sum()
    }

    /// Free pairs outside the working set whose reduced cost is within `gap`.
    pub(super) fn within(&self, level: Level, lp: &Lp, gap: f64) -> Vec<u32> {
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
}

#[cfg(test)]
mod tests {
    use super::super::rows::tests::scarce_pool;
    use super::*;
    use crate::solve::abs_gap;

    /// A MIP's starting plan stops it by its bound only if it keeps every
    /// bound and row of that MIP: the best plan after Fill does; the same
    /// plan with a free officer placed twice (the officer's row), or with
    /// a free seat given up (below the Fill level now held), does not. Its
    /// value is the plan's, its slack half the step of the whole
    /// priorities; at Balance, the gap of the shares' grid.
    #[test]
    fn a_start_proves_only_a_plan_that_keeps_the_bounds_and_rows_of_its_mip() {
        let inst = scarce_pool(3);
        let pairs = crate::rules::eligible_pairs(&inst);
        let mut master = Master::new(&inst, &pairs, false, None);
        let greedy = master.greedy();
        let start = master.valued(Level::Fill, greedy.pairs);
        let out = master.level(Level::Fill, &start).unwrap();
        master.hold(Level::Fill, &out);
        let best = out.plan.expect("a plan");
        let free = |k: u32| master.state[k as usize] == State::Free;
        let officer = |k: u32| pairs[k as usize].0;
        let placed = *best
            .pairs
            .iter()
            .find(|&&k| free(k))
            .expect("a free placed pair");
        let twice = (0..pairs.len() as u32)
            .find(|&k| free(k) && officer(k) == officer(placed) && k != placed)
            .expect("a free second pair of a placed officer");
        for &k in best.pairs.iter().chain([&twice]) {
            master.join(k);
        }
        let columns = master.working_columns();
        let none = Fixings::none(master.targets.len());
        let restricted = master.restricted(Level::Fill, &columns, true, Some(&none), &|_| false);
        let warm = |plan: &[u32]| -> Vec<f64> {
            let short = master.plan_shortfalls(plan);
            columns
                .iter()
                .map(|c| match *c {
                    Column::Pair(k) => f64::from(u8::from(plan.contains(&k))),
                    Column::Shortfall(t) => short[t],
                })
                .collect()
        };
        let proof = |level, plan: &[u32]| {
            master.start_proof(level, &restricted, &warm(plan), 1e-6, abs_gap(&inst, level))
        };
        let kept = proof(Level::Fill, &best.pairs).expect("the best plan keeps its MIP");
        assert_eq!(kept.value, best.value);
        assert!(kept.maximize);
        assert_eq!(kept.slack, 0.5, "whole priorities: half a step of 1");
        let with_twice: Vec<u32> = best.pairs.iter().copied().chain([twice]).collect();
        assert_eq!(
            proof(Level::Fill, &with_twice),
            None,
            "an officer placed twice"
        );
        let given_up: Vec<u32> = best
            .pairs
            .iter()
            .copied()
            .filter(|&k| k != placed)
            .collect();
        assert_eq!(
            proof(Level::Fill, &given_up),
            None,
            "a seat given up, below the Fill level"
        );
        let balance = proof(Level::Balance, &best.pairs).expect("kept at Balance too");
        assert!(!balance.maximize);
        assert_eq!(balance.slack, abs_gap(&inst, Level::Balance).max(1e-6));
    }
}
