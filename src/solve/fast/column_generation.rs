//! A level's LP over every pair, solved by column generation: the
//! restricted LP over the working set is solved, every other pair priced
//! with its duals, the improving ones added, and the LP re-solved from its
//! basis until none improves. Its duals then prove the LP optimum over all
//! pairs, and everything later stages fix follows from them.

use super::restricted::Column;
use super::{Incumbent, Master};
use crate::error::Result;
use crate::solve::highs::{solve_model, Ended, Settings, Simplex};
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
    /// The simplex method for a pricing round that solves the LP with
    /// `added` new columns beside `kept` (the first round: every column
    /// new, none kept).
    ///
    /// - The first round is HiGHS's choice. (The dual simplex there took
    ///   ample XL's first Fill round from 114 to 34 s, but it also changes
    ///   which equally good plan small pools get, the sample's included.)
    /// - Later rounds of the Quality LP (distinct scores): the dual
    ///   simplex, 3–5 times faster than the primal (L, OR-Library
    ///   assignp5000).
    /// - Later rounds of the Fill, Balance and Keep LPs (degenerate
    ///   objectives: many ties) start from a primal feasible basis, and the
    ///   primal simplex re-solves them in seconds while few columns join.
    ///   When at least a quarter as many columns as were there join the
    ///   Fill LP at once, the dual simplex is faster. Measured as pairs
    ///   priced in over the columns already there: on scarce L, after
    ///   63 % and 39 %, 6 and 21 s against 26 and 44 s; on scarce XL,
    ///   after 61 %, 41 s against 446 s. Not on Balance (scarce L, after
    ///   38 %: 105 s against 2 s).
    fn simplex(level: Level, added: usize, kept: usize) -> Simplex {
        match level {
            _ if kept == 0 => Simplex::Choose,
            Level::Quality => Simplex::Dual,
            Level::Fill if 4 * added >= kept => Simplex::Dual,
            _ => Simplex::Primal,
        }
    }

    /// Solves the level's LP over all pairs by column generation.
    pub(super) fn lp(&mut self, level: Level) -> Result<Lp> {
        self.round_targets();
        let tol = self.tolerance(level);
        let label = format!("{} LP", level.name());
        let columns = self.working_columns();
        let mut restricted = self.restricted(level, &columns, false, None, &|_| false);
        let mut round = 0;
        let mut clock = 0.0;
        let mut added = restricted.columns.len();
        loop {
            round += 1;
            let settings = Settings {
                clock,
                simplex: Self::simplex(level, added, restricted.columns.len() - added),
                watch: self.watch(None),
                ..Settings::new(&label, self.remaining())
            };
            let t = Instant::now();
            let model = restricted.model.take().expect("model present");
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
