//! The lexicographic model as plain rows over columns, turned into a good_lp
//! problem per solve: one column per eligible pair, then one shortfall
//! column per mission target. The hard limits come from
//! [`crate::model::limits`] (one row per limit), then one shortfall
//! definition per target.
//!
//! Every row reads `Σ coef·column ≤ upper`. Rows that can never bind (a
//! limit with no more candidates than its bound) are left out: they
//! change nothing but the solver's work. This is the plain model, the
//! reference that every shortcut of the fast path is tested against.

use crate::model::limits::{self, LimitRows};
use crate::model::{Gender, Instance, OfficerIx, Pair, PositionIx};
use good_lp::solvers::highs::{highs, HighsProblem};
use good_lp::{variable, Expression, ProblemVariables, SolverModel, Variable};

/// One `Σ coef·column ≤ upper` row.
#[derive(Debug, Clone)]
pub struct Row {
    /// (column, coefficient) pairs.
    pub terms: Vec<(usize, f64)>,
    /// Right-hand side.
    pub upper: f64,
}

/// The columns and rows shared by every level.
#[derive(Debug, Clone)]
pub struct Formulation {
    /// Eligible pairs; `pairs[k]` is column `k`.
    pub pairs: Vec<Pair>,
    /// Number of shortfall columns, numbered after the pairs.
    pub shortfalls: usize,
    /// Hard constraints and shortfall definitions.
    pub rows: Vec<Row>,
    /// Columns fixed to 1 by a pin.
    pub pinned: Vec<usize>,
}

impl Formulation {
    /// Builds the rows of every constraint family for `pairs`.
    pub fn new(inst: &Instance, pairs: Vec<Pair>) -> Formulation {
        let pins: std::collections::HashSet<Pair> = inst
            .pins
            .iter()
            .map(|pin| (pin.officer, pin.position))
            .collect();
        let pinned = pairs
            .iter()
            .enumerate()
            .filter(|(_, pair)| pins.contains(pair))
            .map(|(k, _)| k)
            .collect();
        let mut f = Formulation {
            pairs,
            shortfalls: 0,
            rows: Vec::new(),
            pinned,
        };
        f.hard_limits(inst);
        f.shortfall_definitions(inst);
        f
    }

    /// Total number of columns.
    pub fn columns(&self) -> usize {
        self.pairs.len() + self.shortfalls
    }

    /// The hard limits: one row per limit (see [`crate::model::limits`]),
    /// in row order, left out where the limit has no more candidates than
    /// its bound (it could never bind).
    fn hard_limits(&mut self, inst: &Instance) {
        let rows = LimitRows::new(inst);
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); rows.len()];
        for (k, &pair) in self.pairs.iter().enumerate() {
            rows.for_each(inst, pair, |row, _| members[row].push(k));
        }
        for (row, members) in members.into_iter().enumerate() {
            let bound = rows.limit(row).bound(inst);
            if members.len() > bound as usize {
                let terms = members
                    .into_iter()
                    .map(|k| (k, limits::COEFFICIENT))
                    .collect();
                self.rows.push(Row {
                    terms,
                    upper: f64::from(bound),
                });
            }
        }
    }

    /// `share·N − count − shortfall ≤ 0` for each mission target; with the
    /// shortfall ≥ 0 and minimized it equals `max(0, share·N − count)`.
    fn shortfall_definitions(&mut self, inst: &Instance) {
        let mut by_mission: Vec<Vec<usize>> = vec![Vec::new(); inst.missions.len()];
        for (k, &(_, p)) in self.pairs.iter().enumerate() {
            by_mission[inst.positions[p.0].mission.0].push(k);
        }
        for (m, mission) in inst.missions.iter().enumerate() {
            let targets = [
                (mission.min_women_share, Target::Women),
                (mission.min_language_share, Target::Language),
            ];
            for (share, target) in targets {
                if share <= 0.0 {
                    continue;
                }
                let mut terms: Vec<(usize, f64)> = by_mission[m]
                    .iter()
                    .map(|&k| {
                        let (o, p) = self.pairs[k];
                        let counts = match target {
                            Target::Women => inst.officers[o.0].gender == Gender::F,
                            Target::Language => {
                                inst.meets_mission_language(o, inst.positions[p.0].mission)
                            }
                        };
                        (k, share - if counts { 1.0 } else { 0.0 })
                    })
                    .collect();
                terms.push((self.pairs.len() + self.shortfalls, -1.0));
                self.shortfalls += 1;
                self.rows.push(Row { terms, upper: 0.0 });
            }
        }
    }

    /// Level 1 objective: `Σ priority·x` (maximize), one coefficient per column.
    pub fn fill(&self, inst: &Instance) -> Vec<f64> {
        self.weighted(|_, p| inst.positions[p.0].priority)
    }

    /// Level 2 objective: total shortfall (minimize).
    pub fn balance(&self) -> Vec<f64> {
        let mut c = vec![0.0; self.columns()];
        c[self.pairs.len()..].iter_mut().for_each(|v| *v = 1.0);
        c
    }

    /// Keep objective: pairs of an earlier plan (maximize).
    pub fn keep(&self, keep: &std::collections::HashSet<Pair>) -> Vec<f64> {
        self.weighted(|o, p| f64::from(u8::from(keep.contains(&(o, p)))))
    }

    /// Keep's objective with Quality as its tie-break (`keep_first`).
    pub(crate) fn keep_first(
        &self,
        inst: &Instance,
        keep: &std::collections::HashSet<Pair>,
        weights: super::keep_first::KeepFirst,
    ) -> Vec<f64> {
        self.weighted(|o, p| weights.coefficient(inst.quality(o, p), keep.contains(&(o, p))))
    }

    /// Level 3 objective: `Σ q·x` (maximize).
    pub fn quality(&self, inst: &Instance) -> Vec<f64> {
        self.weighted(|o, p| inst.quality(o, p))
    }

    fn weighted(&self, weight: impl Fn(OfficerIx, PositionIx) -> f64) -> Vec<f64> {
        let mut c: Vec<f64> = self.pairs.iter().map(|&(o, p)| weight(o, p)).collect();
        c.resize(self.columns(), 0.0);
        c
    }

    /// A good_lp problem (HiGHS) for one solve: `objective` maximized or
    /// minimized, with extra `cuts` rows after the model's own; pinned
    /// columns are fixed at 1.
    pub fn problem(&self, objective: &[f64], maximize: bool, cuts: &[Row]) -> HighsProblem {
        let mut vars = ProblemVariables::new();
        let columns: Vec<Variable> = (0..self.columns())
            .map(|k| {
                let def = if k >= self.pairs.len() {
                    variable().min(0.0)
                } else if self.pinned.binary_search(&k).is_ok() {
                    variable().integer().min(1.0).max(1.0)
                } else {
                    variable().binary()
                };
                vars.add(def)
            })
            .collect();
        let mut goal = Expression::with_capacity(columns.len());
        for (k, &c) in objective.iter().enumerate() {
            if c != 0.0 {
                goal.add_mul(c, columns[k]);
            }
        }
        let unsolved = if maximize {
            vars.maximise(goal)
        } else {
            vars.minimise(goal)
        };
        let mut problem = unsolved.using(highs);
        for row in self.rows.iter().chain(cuts) {
            let mut lhs = Expression::with_capacity(row.terms.len());
            for &(k, c) in &row.terms {
                lhs.add_mul(c, columns[k]);
            }
            problem.add_constraint(lhs.leq(row.upper));
        }
        problem
    }
}

#[derive(Clone, Copy)]
enum Target {
    Women,
    Language,
}
