//! Lexicographic solving with HiGHS: the only module that knows good_lp.
//!
//! Levels are solved in order (Fill, Balance, Quality); each is proven
//! optimal (`mip_rel_gap = 0`) and then *held* while the later levels are
//! solved. Two ways to hold a level:
//!
//! * **Optimal face** (the default). Each level first solves its LP
//!   relaxation over what earlier levels left. If the LP solution is
//!   integral it is the level's optimum (no branch and bound at all);
//!   otherwise the MIP is solved. When the integer optimum equals the LP
//!   bound, LP duality describes *every* optimal plan exactly: a plan
//!   reaches the bound if and only if it satisfies complementary slackness
//!   with the LP's dual solution, i.e. every column with a non-zero reduced
//!   cost stays at its bound and every row with a non-zero dual stays tight.
//!   Those columns are fixed and those rows become equalities. The model
//!   stays sparse (no dense objective row), which keeps the later levels'
//!   LPs easy: in practice they are integral too.
//! * **Objective cut** (when the integer optimum is below the LP bound, or
//!   with `faces: false`): a row `objective ≥ v* − slack` (or `≤ v* + slack`).
//!   With whole-number coefficients the optimum is whole, so `slack = 0.5`
//!   admits no worse plan; otherwise `slack = LEVEL_TOLERANCE·max(1, |v*|)`.
//!
//! Never trusting the shortcut: after the last level the plan's Fill and
//! Balance are recomputed from the plan itself; if either fell short of the
//! value proven for it (numerical trouble in the duals), the whole solve is
//! redone with cuts only.
//!
//! HiGHS runs on one thread: its result then depends only on the model, so
//! plans are byte-identical for any `--threads` (which sizes our own
//! parallel work).

mod formulation;
mod run;

pub use formulation::{Face, Formulation, Layout, Row};

use crate::error::Result;
use crate::model::{Instance, OfficerIx, PositionIx};
use crate::plan::{self, Levels, Plan};
use run::{Ended, Settings};
use std::time::Instant;

/// Relative tolerance of an objective cut on a non-integral level.
pub const LEVEL_TOLERANCE: f64 = 1e-7;

/// A reduced cost or dual smaller than this (relative to the objective's
/// largest coefficient) counts as zero. HiGHS's dual feasibility tolerance
/// is 1e-7; true non-zero duals of these models are far larger.
const DUAL_TOLERANCE: f64 = 1e-6;

/// How to solve.
#[derive(Debug, Clone)]
pub struct SolveOptions {
    /// Total seconds for all levels; `None` solves to proven optimality.
    pub time_limit: Option<f64>,
    /// Show HiGHS's log.
    pub verbose: bool,
    /// Hold levels by their optimal face where exact (see module docs);
    /// `false` uses objective cuts only, the plain model.
    pub faces: bool,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            time_limit: None,
            verbose: false,
            faces: true,
        }
    }
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
    /// Stopped by the time limit with this relative gap (∞ when no plan was
    /// found yet); later levels not solved.
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
    /// How the level was held for the next ones: `face`, `cut` or `-`.
    pub held_by: &'static str,
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

const LEVELS: [Level; 3] = [Level::Fill, Level::Balance, Level::Quality];

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
    if base.columns() == 0 {
        // Nobody is eligible anywhere and no mission has a target.
        let reports = LEVELS
            .map(|l| report(l, LevelStatus::Optimal, 0.0, "-"))
            .to_vec();
        let (plan, levels) = (Plan::default(), Levels::default());
        return Ok(Solution {
            plan,
            levels,
            reports,
            eligible_pairs,
            build_seconds,
        });
    }
    let solver = Lexicographic {
        inst,
        base: &base,
        options,
        start,
    };
    let (columns, mut reports, held) = solver.levels(options.faces)?;
    let mut plan = extract(inst, &base, columns.as_deref());
    if options.faces && !holds(&plan::evaluate(inst, &plan), &held) {
        // The duals misled us (numerically): redo with plain cuts.
        let (columns, r, _) = solver.levels(false)?;
        reports = r;
        plan = extract(inst, &base, columns.as_deref());
    }
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

/// Whether a plan keeps the Fill and Balance optima proven for it.
fn holds(levels: &Levels, held: &[(Level, f64)]) -> bool {
    held.iter().all(|&(level, v)| {
        let slack = 1e-6 * v.abs().max(1.0);
        match level {
            Level::Fill => levels.fill >= v - slack,
            Level::Balance => levels.balance <= v + slack,
            Level::Quality => true,
        }
    })
}

struct Lexicographic<'a> {
    inst: &'a Instance,
    base: &'a Formulation,
    options: &'a SolveOptions,
    start: Instant,
}

/// One level's result: status, proven value, columns, and the LP behind it.
struct LevelRun {
    ended: Ended,
    value: f64,
    columns: Option<Vec<f64>>,
    lp: Option<run::Run>,
}

type LevelsResult = (Option<Vec<f64>>, Vec<LevelReport>, Vec<(Level, f64)>);

impl Lexicographic<'_> {
    /// Solves every level; returns the last columns, reports and held optima.
    fn levels(&self, faces: bool) -> Result<LevelsResult> {
        let base = self.base;
        let mut face = Face {
            fixed: vec![None; base.columns()],
            tight: vec![false; base.rows.len()],
        };
        let mut cuts: Vec<Row> = Vec::new();
        let mut columns: Option<Vec<f64>> = None;
        let mut reports = Vec::new();
        let mut held = Vec::new();
        let mut stopped = false;
        for level in LEVELS {
            // Without a mission target every plan has zero shortfall, so
            // Balance needs no solve; after a time limit nothing is solved.
            let skip = level == Level::Balance && base.shortfalls == 0;
            if skip || stopped {
                let status = if stopped {
                    LevelStatus::NotSolved
                } else {
                    LevelStatus::Optimal
                };
                reports.push(report(level, status, 0.0, "-"));
                continue;
            }
            let objective = match level {
                Level::Fill => base.fill(self.inst),
                Level::Balance => base.balance(),
                Level::Quality => base.quality(self.inst),
            };
            let t = Instant::now();
            let out = self.level(level, &objective, &face, &cuts, columns.as_deref(), faces)?;
            let status = match out.ended {
                Ended::Optimal => LevelStatus::Optimal,
                Ended::TimeLimit(gap) => LevelStatus::TimeLimit { gap },
                // `level` turns an infeasible full MIP into an error.
                Ended::Infeasible => unreachable!("infeasible levels are errors"),
            };
            stopped = status != LevelStatus::Optimal;
            let mut held_by = "-";
            if !stopped && level != Level::Quality {
                held_by = hold(level, &objective, &out, &mut face, &mut cuts, base);
                held.push((level, out.value));
            }
            reports.push(report(level, status, t.elapsed().as_secs_f64(), held_by));
            if out.columns.is_some() {
                columns = out.columns;
            }
        }
        Ok((columns, reports, held))
    }

    /// A good plan near the LP solution: the MIP with every column of
    /// non-zero reduced cost fixed where the LP has it (the LP's optimal
    /// face without its tight rows). `None` if it has no plan in time.
    fn incumbent_near(
        &self,
        level: Level,
        objective: &[f64],
        face: &Face,
        cuts: &[Row],
        relaxed: &run::Run,
    ) -> Result<Option<(f64, Vec<f64>)>> {
        let mut near = face.clone();
        fix_by_reduced_cost(&mut near, relaxed, objective, 0.0, self.base);
        let label = format!("{} level near its LP solution", level.name());
        let settings = Settings {
            time_limit: self.remaining(),
            verbose: self.options.verbose,
            warm: None,
            label: &label,
            ipm: false,
        };
        let run = self.run(objective, level.maximize(), false, &near, cuts, &settings)?;
        Ok(match (run.ended, run.columns) {
            (Ended::Optimal, Some(cols)) => Some((run.value, cols)),
            _ => None,
        })
    }

    /// Builds the model over the face, solves it, and maps the result back
    /// to the full numbering of columns and rows.
    fn run(
        &self,
        objective: &[f64],
        max: bool,
        relax: bool,
        face: &Face,
        cuts: &[Row],
        settings: &Settings,
    ) -> Result<run::Run> {
        let (problem, layout) = self.base.problem(objective, max, relax, face, cuts);
        let Some(problem) = problem else {
            // Every column is fixed: the face holds exactly one plan.
            return Ok(run::Run {
                ended: Ended::Optimal,
                value: layout.offset,
                columns: Some(layout.value.clone()),
                column_duals: vec![0.0; layout.col_of.len()],
                row_duals: vec![0.0; layout.row_of.len()],
            });
        };
        let warm = settings.warm.map(|w| layout.compress(w));
        let settings = Settings {
            warm: warm.as_deref(),
            ..*settings
        };
        let solved = run::run(problem, &settings)?;
        Ok(run::Run {
            ended: solved.ended,
            value: solved.value + layout.offset,
            columns: solved.columns.map(|c| layout.expand(&c, true)),
            column_duals: if solved.column_duals.is_empty() {
                Vec::new()
            } else {
                layout.expand(&solved.column_duals, false)
            },
            row_duals: if solved.row_duals.is_empty() {
                Vec::new()
            } else {
                layout.expand_rows(&solved.row_duals)
            },
        })
    }

    fn remaining(&self) -> Option<f64> {
        let elapsed = self.start.elapsed().as_secs_f64();
        self.options.time_limit.map(|t| (t - elapsed).max(0.0))
    }

    /// Solves one level: its LP relaxation first (with faces), then the MIP
    /// only if the LP solution is fractional.
    fn level(
        &self,
        level: Level,
        objective: &[f64],
        face: &Face,
        cuts: &[Row],
        warm: Option<&[f64]>,
        faces: bool,
    ) -> Result<LevelRun> {
        let verbose = self.options.verbose;
        let max = level.maximize();
        let n_pairs = self.base.pairs.len();
        let mut lp = None;
        if faces {
            let label = format!("{} LP", level.name());
            // Measured: the interior-point method (with crossover) solves
            // these highly degenerate LPs far faster than the dual simplex
            // on large pools (OR-Library assign800: 2 s and 6 s against more
            // than two minutes); on M it costs about a second in all.
            let ipm = true;
            let settings = Settings {
                time_limit: self.remaining(),
                verbose,
                warm: None,
                label: &label,
                ipm,
            };
            let relaxed = self.run(objective, max, true, face, cuts, &settings)?;
            if relaxed.ended == Ended::Optimal {
                if let Some(cols) = relaxed
                    .columns
                    .as_deref()
                    .filter(|c| integral(&c[..n_pairs]))
                {
                    let columns = Some(round_pairs(cols, n_pairs));
                    let value = relaxed.value;
                    return Ok(LevelRun {
                        ended: Ended::Optimal,
                        value,
                        columns,
                        lp: Some(relaxed),
                    });
                }
                lp = Some(relaxed);
            }
        }
        if let Some(relaxed) = &lp {
            // Try the LP's optimal face first: any plan on it reaches the LP
            // bound and is therefore optimal. Most columns are fixed there,
            // so this MIP is small; if it has no plan, the integer optimum
            // is below the bound and the full MIP below decides.
            let mut trial = face.clone();
            apply_face(&mut trial, relaxed, objective, self.base);
            let label = format!("{} level on its LP face", level.name());
            let settings = Settings {
                time_limit: self.remaining(),
                verbose,
                warm: None,
                label: &label,
                ipm: false,
            };
            let on_face = self.run(objective, max, false, &trial, cuts, &settings)?;
            if on_face.ended == Ended::Optimal && on_face.columns.is_some() {
                let value = on_face.value;
                return Ok(LevelRun {
                    ended: Ended::Optimal,
                    value,
                    columns: on_face.columns,
                    lp,
                });
            }
        }
        // Reduced-cost fixing: an incumbent found near the LP solution
        // bounds the optimum from below, and a column whose reduced cost
        // exceeds the remaining gap cannot leave its bound in any optimal
        // plan (every optimal plan is kept, as the held levels require).
        let mut narrowed = face.clone();
        let mut warm = warm.map(<[f64]>::to_vec);
        if let Some(relaxed) = &lp {
            if let Some((value, cols)) =
                self.incumbent_near(level, objective, face, cuts, relaxed)?
            {
                fix_by_reduced_cost(
                    &mut narrowed,
                    relaxed,
                    objective,
                    (relaxed.value - value).abs(),
                    self.base,
                );
                warm = Some(cols);
            }
        }
        let label = format!("{} level", level.name());
        let settings = Settings {
            time_limit: self.remaining(),
            verbose,
            warm: warm.as_deref(),
            label: &label,
            ipm: false,
        };
        let mip = self.run(objective, max, false, &narrowed, cuts, &settings)?;
        if mip.ended == Ended::Infeasible {
            return Err(crate::error::Error::Solver(format!(
                "{label} is infeasible; pins were checked at load, so this is a bug"
            )));
        }
        Ok(LevelRun {
            ended: mip.ended,
            value: mip.value,
            columns: mip.columns,
            lp,
        })
    }
}

fn report(level: Level, status: LevelStatus, seconds: f64, held_by: &'static str) -> LevelReport {
    LevelReport {
        level,
        value: 0.0,
        status,
        seconds,
        held_by,
    }
}

/// Holds a solved level for the next ones; returns `face` or `cut`.
fn hold(
    level: Level,
    objective: &[f64],
    out: &LevelRun,
    face: &mut Face,
    cuts: &mut Vec<Row>,
    base: &Formulation,
) -> &'static str {
    let slack_of = |v: f64| LEVEL_TOLERANCE * v.abs().max(1.0);
    if let Some(lp) = out
        .lp
        .as_ref()
        .filter(|lp| (lp.value - out.value).abs() <= slack_of(out.value))
    {
        // The integer optimum reaches the LP bound: complementary slackness
        // with this LP's duals describes every optimal plan exactly.
        apply_face(face, lp, objective, base);
        return "face";
    }
    // A whole optimum needs whole coefficients on integer (pair) columns
    // only: the shortfall columns are continuous.
    let n = base.pairs.len();
    let integral_objective =
        objective[..n].iter().all(|c| c.fract() == 0.0) && objective[n..].iter().all(|&c| c == 0.0);
    let slack = if integral_objective {
        0.5
    } else {
        slack_of(out.value)
    };
    let sign = if level.maximize() { -1.0 } else { 1.0 };
    let terms = objective
        .iter()
        .enumerate()
        .filter(|(_, c)| **c != 0.0)
        .map(|(k, &c)| (k, sign * c))
        .collect();
    cuts.push(Row {
        terms,
        upper: sign * out.value + slack,
    });
    "cut"
}

/// Narrows `face` to the optimal face of `lp`: columns with a non-zero
/// reduced cost are fixed where the LP has them, rows with a non-zero dual
/// become equalities (complementary slackness; see the module docs).
fn apply_face(face: &mut Face, lp: &run::Run, objective: &[f64], base: &Formulation) {
    let scale = objective.iter().fold(1.0f64, |m, c| m.max(c.abs()));
    let zero = |v: f64| v.abs() <= DUAL_TOLERANCE * scale;
    let cols = lp.columns.as_deref().unwrap_or_default();
    for (k, &d) in lp.column_duals.iter().enumerate() {
        if face.fixed[k].is_none() && base.pinned.binary_search(&k).is_err() && !zero(d) {
            let v = cols[k];
            face.fixed[k] = Some(if k < base.pairs.len() {
                v.round()
            } else {
                v.max(0.0)
            });
        }
    }
    if face.tight.len() < lp.row_duals.len() {
        face.tight.resize(lp.row_duals.len(), false);
    }
    for (i, &y) in lp.row_duals.iter().enumerate() {
        if !zero(y) {
            face.tight[i] = true;
        }
    }
}

/// Fixes, where the LP has them, the free columns whose reduced cost
/// exceeds `gap` (plus the dual tolerance). By LP duality a plan's value is
/// at most the LP bound minus |reduced cost| × (distance of the column from
/// its LP value); a binary column that leaves its bound moves by 1, so it
/// would lose more than `gap`. A continuous (shortfall) column can move by
/// less, so with `gap > 0` only binary columns are fixed; with `gap = 0`
/// (the optimal face) every column with a non-zero reduced cost is.
fn fix_by_reduced_cost(
    face: &mut Face,
    lp: &run::Run,
    objective: &[f64],
    gap: f64,
    base: &Formulation,
) {
    let scale = objective.iter().fold(1.0f64, |m, c| m.max(c.abs()));
    let margin = gap + DUAL_TOLERANCE * scale;
    let cols = lp.columns.as_deref().unwrap_or_default();
    let fixable = if gap > 0.0 {
        base.pairs.len()
    } else {
        lp.column_duals.len()
    };
    for (k, &d) in lp.column_duals.iter().enumerate().take(fixable) {
        if face.fixed[k].is_none() && base.pinned.binary_search(&k).is_err() && d.abs() > margin {
            let v = cols[k];
            face.fixed[k] = Some(if k < base.pairs.len() {
                v.round()
            } else {
                v.max(0.0)
            });
        }
    }
}

/// Whether every pair column is within 1e-6 of 0 or 1.
fn integral(pairs: &[f64]) -> bool {
    pairs.iter().all(|v| (v - v.round()).abs() <= 1e-6)
}

/// Columns with the pair columns rounded to 0/1.
fn round_pairs(cols: &[f64], n_pairs: usize) -> Vec<f64> {
    let mut out = cols.to_vec();
    out[..n_pairs].iter_mut().for_each(|v| *v = v.round());
    out
}

/// Reads the plan off the columns: a pair is chosen above one half.
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
        .filter(|&(k, _)| cols[k] > 0.5)
        .map(|(_, &pair)| pair)
        .collect();
    Plan::new(inst, chosen)
}
