//! A level's LP over every pair, solved by column generation: the
//! restricted LP over the working set is solved, every other pair priced
//! with its duals, the improving ones added, and the LP re-solved from its
//! basis until none improves. Its duals then prove the LP optimum over all
//! pairs, and everything later stages fix follows from them.

use super::restricted::Column;
use super::{Incumbent, Master, State};
use crate::error::Result;
use crate::solve::highs::{solve_model, Ended, LpMethod, Settings, LARGE_ROWS};
use crate::solve::Level;
use highs::Model;
use std::time::Instant;

/// The result of a level's LP over all pairs (by pricing).
pub(in crate::solve) struct Lp {
    /// How the last restricted LP ended.
    pub ended: Ended,
    /// The LP optimum (a bound on the level).
    pub value: f64,
    /// Pair values (working pairs only; others are 0).
    pub(super) x: Vec<(u32, f64)>,
    /// Shortfall values.
    pub(super) shortfall: Vec<f64>,
    /// Row duals, by row.
    pub(super) y: Vec<f64>,
}

impl Master<'_> {
    /// How a pricing round solves the LP with `added` new columns beside
    /// `kept` (the first round: every column new, none kept), in a model
    /// of `rows` rows.
    ///
    /// - The first round is HiGHS's choice. (The interior point method
    ///   there took scarce L's first Balance round from 5–8 s to 2.5–3 s,
    ///   but ample L's first Fill and Balance rounds from 0.8–1.2 s to
    ///   3.1–3.2 s, and its other optimal point cost ample L's Balance
    ///   level a failed dive and a MIP: 21 s instead of 10.)
    /// - The Fill LP of a large model ([`LARGE_ROWS`]) after at least a
    ///   quarter as many columns as were there joined: the interior point
    ///   method. On scarce L these rounds took 4–15 s against 6–44 s with
    ///   the dual simplex and 6–47 s with the primal, whichever pool; the
    ///   next rounds start from the basis its crossover leaves.
    /// - Later rounds of the Quality LP (distinct scores): the dual
    ///   simplex, 3–5 times faster than the primal (L, OR-Library
    ///   assignp5000).
    /// - Later rounds of the Fill, Balance and Keep LPs (degenerate
    ///   objectives: many ties) start from a primal feasible basis, and the
    ///   primal simplex re-solves them in seconds while few columns join.
    ///   When at least a quarter as many columns as were there join the
    ///   Fill LP of a smaller model, the dual simplex (as measured on L
    ///   before the interior point method: faster on some pools, slower on
    ///   others). Balance keeps the primal simplex: after large joins on
    ///   scarce L the interior point method gained nothing (5.8 s against
    ///   3.7 s on one pool) and the dual lost much (105 s against 2 s).
    fn lp_method(level: Level, added: usize, kept: usize, rows: usize) -> LpMethod {
        let large_join = 4 * added >= kept;
        let large_model = rows >= LARGE_ROWS;
        match level {
            _ if kept == 0 => LpMethod::Choose,
            Level::Quality => LpMethod::Dual,
            Level::Fill if large_join && large_model => LpMethod::Ipm,
            Level::Fill if large_join => LpMethod::Dual,
            _ => LpMethod::Primal,
        }
    }

    /// Solves the level's LP over all pairs by column generation.
    pub(super) fn lp(&mut self, level: Level) -> Result<Lp> {
        self.round_targets();
        let tol = self.tolerance(level);
        let label = format!("{} LP", level.name());
        let columns = self.working_columns();
        if self.verbose {
            let free = self.state.iter().filter(|&&s| s == State::Free).count();
            eprintln!(
                "{label}: {free} of {} pairs free, {} working",
                self.pairs.len(),
                self.work.len()
            );
        }
        let mut restricted = self.restricted(level, &columns, false, None, &|_| false);
        let mut round = 0;
        let mut clock = 0.0;
        let mut added = restricted.columns.len();
        loop {
            round += 1;
            let model = restricted.model.take().expect("model present");
            let settings = Settings {
                clock,
                lp_method: Self::lp_method(
                    level,
                    added,
                    restricted.columns.len() - added,
                    model.num_rows(),
                ),
                watch: self.watch(None),
                ..Settings::new(&label, self.remaining())
            };
            let t = Instant::now();
            let (solved, solved_model) = solve_model(model, &settings)?;
            clock += solved.seconds;
            restricted.model = Some(Model::from(solved_model));
            let y = restricted.row_duals(&solved.row_duals, self.upper.len());
            let add = if solved.ended == Ended::Optimal {
                self.price(level, &y, tol)
            } else {
                Vec::new()
            };
            if self.verbose {
                if let Some(note) = solved.retry_note(&label) {
                    eprintln!("{note}");
                }
                eprintln!(
                    "{label}: round {round}, {} columns, value {}, {} priced in, {:.2} s, {} simplex and {} interior point iterations",
                    restricted.columns.len(),
                    solved.value,
                    add.len(),
                    t.elapsed().as_secs_f64(),
                    solved.iterations,
                    solved.ipm_iterations,
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
            added = add.len();
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
    pub(super) fn integral(lp: &Lp) -> bool {
        lp.x.iter().all(|&(_, v)| (v - v.round()).abs() <= 1e-6)
    }

    /// The LP solution as a plan (call only when integral).
    pub(super) fn lp_plan(lp: &Lp) -> Incumbent {
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
}
