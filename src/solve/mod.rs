//! Lexicographic solving with HiGHS: the only module that knows good_lp.
//!
//! Levels are solved in order (Fill, Balance, Quality). After a level is
//! proven optimal with value `v*`, an objective-cut row holds it while the
//! later levels are solved:
//!
//! * integral objective (every coefficient a whole number): the level's
//!   optimum is a whole number too, so the cut is `v ≥ v* − 0.5`
//!   (maximize) or `v ≤ v* + 0.5` (minimize), which admits no worse plan;
//! * otherwise the cut allows `LEVEL_TOLERANCE·max(1, |v*|)`, well above
//!   HiGHS's feasibility tolerance (1e-6) and far below any difference a
//!   board could see.
//!
//! Every level is solved with `mip_rel_gap = 0` (HiGHS's default 1e-4
//! would stop short of proven optimality). The previous level's plan is
//! feasible for the next level and is passed as a warm start.
//!
//! HiGHS runs on one thread: its result then depends only on the model, so
//! plans are byte-identical for any `--threads` (which sizes our own
//! parallel work: eligibility and, later, scenarios).

mod formulation;

pub use formulation::Formulation;

use crate::error::{Error, Result};
use crate::model::{Instance, OfficerIx, PositionIx};
use crate::plan::{self, Levels, Plan};
use good_lp::solvers::highs::highs;
use good_lp::{constraint, Expression, SolverModel};
use highs::HighsModelStatus;
use std::time::Instant;

/// Relative tolerance of an objective cut on a non-integral level.
pub const LEVEL_TOLERANCE: f64 = 1e-7;

/// How to solve.
#[derive(Debug, Clone, Default)]
pub struct SolveOptions {
    /// Total seconds for all levels; `None` solves to proven optimality.
    pub time_limit: Option<f64>,
    /// Show HiGHS's log.
    pub verbose: bool,
}

/// The objective levels, in lexicographic order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Σ priority·x, maximized.
    Fill,
    /// Σ shortfalls, minimized.
    Balance,
    /// Σ q·x, maximized.
    Quality,
}

impl Level {
    /// Stable name used in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Level::Fill => "fill",
            Level::Balance => "balance",
            Level::Quality => "quality",
        }
    }

    fn maximize(self) -> bool {
        !matches!(self, Level::Balance)
    }
}

/// How a level ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LevelStatus {
    /// Proven optimal.
    Optimal,
    /// Stopped by the time limit with this relative gap; later levels not solved.
    TimeLimit {
        /// HiGHS's relative gap between the incumbent and the bound.
        gap: f64,
    },
    /// Not reached because an earlier level stopped.
    NotSolved,
}

/// The outcome of one level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LevelReport {
    /// Which level.
    pub level: Level,
    /// Its value for the returned plan, recomputed from the plan.
    pub value: f64,
    /// How it ended.
    pub status: LevelStatus,
    /// Solver wall time, seconds.
    pub seconds: f64,
}

/// A solved plan with how it was found.
#[derive(Debug, Clone)]
pub struct Solution {
    /// The plan.
    pub plan: Plan,
    /// Level values of the plan, recomputed from it.
    pub levels: Levels,
    /// One report per level.
    pub reports: Vec<LevelReport>,
    /// Number of eligible pairs (model variables).
    pub eligible_pairs: usize,
    /// Model build wall time, seconds.
    pub build_seconds: f64,
}

impl Solution {
    /// Whether every level was proven optimal.
    pub fn optimal(&self) -> bool {
        self.reports
            .iter()
            .all(|r| r.status == LevelStatus::Optimal)
    }
}

/// Solves the lexicographic model over the given eligible pairs.
pub fn solve(
    inst: &Instance,
    pairs: Vec<(OfficerIx, PositionIx)>,
    options: &SolveOptions,
) -> Result<Solution> {
    let start = Instant::now();
    let eligible_pairs = pairs.len();
    let base = Formulation::new(inst, pairs);
    let build_seconds = start.elapsed().as_secs_f64();
    if base.vars.is_empty() {
        // Nobody is eligible anywhere and no mission has a target: the empty plan is optimal.
        let reports = [Level::Fill, Level::Balance, Level::Quality]
            .map(|level| LevelReport {
                level,
                value: 0.0,
                status: LevelStatus::Optimal,
                seconds: 0.0,
            })
            .to_vec();
        return Ok(Solution {
            plan: Plan::default(),
            levels: Levels::default(),
            reports,
            eligible_pairs,
            build_seconds,
        });
    }
    let mut cuts: Vec<good_lp::Constraint> = Vec::new();
    let mut columns: Option<Vec<f64>> = None;
    let mut reports = Vec::new();
    let mut stopped = false;
    for level in [Level::Fill, Level::Balance, Level::Quality] {
        let objective = match level {
            Level::Fill => base.fill(inst),
            Level::Balance => base.balance(),
            Level::Quality => base.quality(inst),
        };
        if level == Level::Balance && base.shortfalls.is_empty() {
            // No mission has a target: every plan has zero shortfall.
            reports.push(LevelReport {
                level,
                value: 0.0,
                status: LevelStatus::Optimal,
                seconds: 0.0,
            });
            continue;
        }
        if stopped {
            reports.push(LevelReport {
                level,
                value: 0.0,
                status: LevelStatus::NotSolved,
                seconds: 0.0,
            });
            continue;
        }
        let remaining = options
            .time_limit
            .map(|t| (t - start.elapsed().as_secs_f64()).max(0.0));
        let t = Instant::now();
        let outcome = solve_level(
            &base,
            &cuts,
            level,
            objective.clone(),
            columns.as_deref(),
            remaining,
            options.verbose,
        )?;
        let status = outcome.status;
        stopped = status != LevelStatus::Optimal;
        if !stopped {
            cuts.push(cut(
                level,
                objective,
                outcome.objective,
                integral(&base, level, inst),
            ));
        }
        reports.push(LevelReport {
            level,
            value: 0.0,
            status,
            seconds: t.elapsed().as_secs_f64(),
        });
        if outcome.columns.is_some() {
            columns = outcome.columns;
        }
    }
    let plan = extract(inst, &base, columns.as_deref());
    let levels = plan::evaluate(inst, &plan);
    for r in &mut reports {
        r.value = match r.level {
            Level::Fill => levels.fill,
            Level::Balance => levels.balance,
            Level::Quality => levels.quality,
        };
    }
    Ok(Solution {
        plan,
        levels,
        reports,
        eligible_pairs,
        build_seconds,
    })
}

/// Whether every objective coefficient of `level` is a whole number.
fn integral(base: &Formulation, level: Level, inst: &Instance) -> bool {
    let whole = |v: f64| v.fract() == 0.0;
    match level {
        Level::Fill => base
            .pairs
            .iter()
            .all(|&(_, p)| whole(inst.positions[p.0].priority)),
        Level::Balance => false,
        Level::Quality => base.pairs.iter().all(|&(o, p)| whole(inst.quality(o, p))),
    }
}

/// The row that holds a solved level at its optimum (see module docs).
fn cut(level: Level, objective: Expression, optimum: f64, integral: bool) -> good_lp::Constraint {
    let slack = if integral {
        0.5
    } else {
        LEVEL_TOLERANCE * optimum.abs().max(1.0)
    };
    if level.maximize() {
        constraint!(objective >= optimum - slack)
    } else {
        constraint!(objective <= optimum + slack)
    }
}

struct Outcome {
    status: LevelStatus,
    objective: f64,
    columns: Option<Vec<f64>>,
}

fn solve_level(
    base: &Formulation,
    cuts: &[good_lp::Constraint],
    level: Level,
    objective: Expression,
    warm: Option<&[f64]>,
    time_limit: Option<f64>,
    verbose: bool,
) -> Result<Outcome> {
    let vars = base.vars.clone();
    let unsolved = if level.maximize() {
        vars.maximise(objective)
    } else {
        vars.minimise(objective)
    };
    let mut problem = unsolved.using(highs);
    for c in base.constraints.iter().chain(cuts) {
        problem.add_constraint(c.clone());
    }
    let mut model = problem
        .try_into_inner()
        .map_err(|e| Error::Solver(format!("building the {} level: {e}", level.name())))?;
    let set = |model: &mut highs::Model, key: &str, value: highs_value::Value| -> Result<()> {
        value
            .apply(model, key)
            .map_err(|_| Error::Solver(format!("HiGHS rejected option {key}")))
    };
    set(&mut model, "output_flag", highs_value::Value::Bool(verbose))?;
    set(
        &mut model,
        "log_to_console",
        highs_value::Value::Bool(verbose),
    )?;
    set(&mut model, "mip_rel_gap", highs_value::Value::Float(0.0))?;
    set(&mut model, "threads", highs_value::Value::Int(1))?;
    set(&mut model, "random_seed", highs_value::Value::Int(0))?;
    if let Some(limit) = time_limit {
        set(&mut model, "time_limit", highs_value::Value::Float(limit))?;
    }
    if let Some(cols) = warm {
        // Failing to pass a warm start only costs time.
        let _ = model.try_set_solution(Some(cols), None, None, None);
    }
    let solved = model
        .try_solve()
        .map_err(|e| Error::Solver(format!("{} level: {e:?}", level.name())))?;
    let status = match solved.status() {
        HighsModelStatus::Optimal => LevelStatus::Optimal,
        HighsModelStatus::ReachedTimeLimit | HighsModelStatus::ReachedInterrupt => {
            LevelStatus::TimeLimit {
                gap: solved.mip_gap(),
            }
        }
        other => {
            return Err(Error::Solver(format!(
                "{} level ended with status {other:?}; pins were checked at load, so this is a bug",
                level.name()
            )))
        }
    };
    // Stopped before any plan was found: no columns to read.
    let found = solved.primal_solution_status() == highs::HighsSolutionStatus::Feasible;
    let columns = found.then(|| solved.get_solution().columns().to_vec());
    Ok(Outcome {
        status,
        objective: solved.objective_value(),
        columns,
    })
}

/// Options of several types, set by name.
mod highs_value {
    pub enum Value {
        Bool(bool),
        Int(i32),
        Float(f64),
    }
    impl Value {
        pub fn apply(
            self,
            model: &mut highs::Model,
            key: &str,
        ) -> Result<(), highs::TrySetOptionError> {
            match self {
                Value::Bool(v) => model.try_set_option(key, v),
                Value::Int(v) => model.try_set_option(key, v),
                Value::Float(v) => model.try_set_option(key, v),
            }
        }
    }
}

/// Reads the plan off the columns: a binary is "on" above one half.
/// Without columns (the time limit struck before the first plan was
/// found) the plan of the pins alone, which is always feasible.
fn extract(inst: &Instance, base: &Formulation, columns: Option<&[f64]>) -> Plan {
    let Some(cols) = columns else {
        return Plan::new(
            inst,
            inst.pins.iter().map(|p| (p.officer, p.position)).collect(),
        );
    };
    let chosen = base
        .pairs
        .iter()
        .enumerate()
        // good_lp hands variables to HiGHS as columns in creation order, and
        // the x variables are created first: x[k] is column k.
        .filter(|&(k, _)| cols[k] > 0.5)
        .map(|(_, &pair)| pair)
        .collect();
    Plan::new(inst, chosen)
}
