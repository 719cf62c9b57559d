//! The plain lexicographic model: every eligible pair a column, each level
//! a full MIP, each optimum held by an objective-cut row. Slow on large
//! pools; kept as the reference the fast path is tested against.

use super::formulation::{Formulation, Row};
use super::highs::{solve_problem, Settings};
use super::{
    common_step, gap_closes, level_slack, report, skipped, HeldBy, Level, LevelReport, LevelStatus,
};
use crate::error::Result;
use crate::model::Instance;
use crate::plan::{self, Plan};

/// Solves every level with cuts only, Quality to the gap `options` asks
/// for, if any; returns the last columns and reports.
pub(super) fn levels(
    inst: &Instance,
    base: &Formulation,
    levels: &[Level],
    keep: &std::collections::HashSet<crate::model::Pair>,
    options: &super::SolveOptions,
    remaining: &dyn Fn() -> Option<f64>,
    on_level: &dyn Fn(Level),
) -> Result<(Option<Vec<f64>>, Vec<LevelReport>)> {
    let mut cuts: Vec<Row> = Vec::new();
    let mut columns: Option<Vec<f64>> = None;
    let mut reports = Vec::new();
    let mut stopped = false;
    // Quality's bound and values' step, when it is held at the floor of
    // its gap for Keep.
    let mut quality_bound = None;
    // Within a gap, Keep after Quality has Quality as its tie-break.
    let keep_first = options
        .quality_gap_for(levels)
        .filter(|_| levels.ends_with(&[Level::Quality, Level::Keep]))
        .and_then(|_| {
            let scores = base.pairs.iter().map(|&(o, p)| (p, inst.quality(o, p)));
            super::keep_first::KeepFirst::for_pairs(inst, scores)
        });
    for (i, &level) in levels.iter().enumerate() {
        if let Some(skipped) = skipped(level, stopped, base.shortfalls) {
            reports.push(skipped);
            continue;
        }
        let objective = match level {
            Level::Fill => base.fill(inst),
            Level::Balance => base.balance(),
            Level::Quality => base.quality(inst),
            Level::Keep => match keep_first {
                Some(weights) => base.keep_first(inst, keep, weights),
                None => base.keep(keep),
            },
        };
        on_level(level);
        let t = std::time::Instant::now();
        let label = format!("{} level", level.name());
        // Every pair is in this MIP, so its bound is the level's: a plan
        // within the gap of it is within the gap of the best.
        let gap = match level {
            Level::Quality => options.quality_gap_for(levels).unwrap_or(0.0),
            _ => 0.0,
        };
        let abs_gap = super::abs_gap(inst, level);
        let settings = Settings {
            verbose: options.verbose,
            warm: columns.as_deref(),
            gap,
            abs_gap,
            feasibility: keep_first
                .filter(|_| level == Level::Keep)
                .map(|w| w.feasibility()),
            mip: true,
            ..Settings::new(&label, remaining())
        };
        let problem = base.problem(&objective, level.maximize(), &cuts);
        let mut out = solve_problem(problem, &settings)?;
        if let Some(note) = out.retry_note(&label).filter(|_| options.verbose) {
            eprintln!("{note}");
        }
        if let (super::highs::Ended::WithinGap(g), Some(columns)) = (out.ended, &out.columns) {
            let value = plan_value(inst, base, level, columns, keep);
            if gap_closes(g, value, grid(&objective, base.pairs.len())) {
                out.ended = super::highs::Ended::Optimal;
            }
        }
        let status = LevelStatus::of(level, out.ended)?;
        stopped = !matches!(status, LevelStatus::Optimal | LevelStatus::WithinGap { .. });
        let mut held_by = HeldBy::NotHeld;
        if !stopped && i + 1 < levels.len() {
            let mut value = out.columns.as_deref().map_or(out.value, |columns| {
                plan_value(inst, base, level, columns, keep)
            });
            if gap > 0.0 {
                // Keep follows: it chooses among every plan within the gap
                // of the MIP's bound (HiGHS states its gap relative to the
                // plan's value).
                let step = grid(&objective, base.pairs.len());
                let bound = super::bound_of(out.ended, value);
                value = super::gap_floor(bound, gap, step, value);
                quality_bound = Some((bound, step));
            }
            cuts.push(cut(level, &objective, value, base.pairs.len()));
            held_by = HeldBy::Cut;
        }
        reports.push(report(level, status, t.elapsed().as_secs_f64(), held_by));
        if out.columns.is_some() {
            columns = out.columns;
        }
    }
    if let (Some((bound, step)), Some(cols)) = (quality_bound, &columns) {
        let value = plan_value(inst, base, Level::Quality, cols, keep);
        super::restate_quality(&mut reports, bound, value, step);
    }
    Ok((columns, reports))
}

/// The step every plan's value is a multiple of, when the objective
/// weighs only the first `pairs` columns (the pairs) and their
/// coefficients have at most three decimals.
fn grid(objective: &[f64], pairs: usize) -> Option<f64> {
    if objective[pairs..].iter().all(|&c| c == 0.0) {
        common_step(objective[..pairs].iter().copied())
    } else {
        None
    }
}

/// A level's value for the plan in `columns`, computed from the plan
/// itself. HiGHS's objective value carries the noise of column values
/// within its feasibility tolerance of whole: a plan worth 67.6 came back
/// as 67.600015, and a cut at that value, less its relative slack, cut off
/// the plan itself and every other plan of the same value.
fn plan_value(
    inst: &Instance,
    base: &Formulation,
    level: Level,
    columns: &[f64],
    keep: &std::collections::HashSet<crate::model::Pair>,
) -> f64 {
    let chosen: Vec<_> = base
        .pairs
        .iter()
        .zip(columns)
        .filter(|(_, &v)| v > 0.5)
        .map(|(&pair, _)| pair)
        .collect();
    let plan = Plan::new(inst, chosen);
    let levels = plan::evaluate(inst, &plan);
    match level {
        Level::Fill => levels.fill,
        Level::Balance => levels.balance,
        Level::Quality => levels.quality,
        Level::Keep => plan.assignments.iter().filter(|a| keep.contains(a)).count() as f64,
    }
}

/// The row `objective ≥ v* − slack` (maximized) or `≤ v* + slack`. With
/// whole coefficients on integer (pair) columns only the optimum is whole,
/// so `slack = 0.5` admits no worse plan; with coefficients of up to three
/// decimals, less than half a step; otherwise a relative tolerance.
fn cut(level: Level, objective: &[f64], value: f64, pairs: usize) -> Row {
    let step = grid(objective, pairs);
    let slack = if step == Some(1.0) {
        0.5
    } else {
        level_slack(value, step)
    };
    let sign = if level.maximize() { -1.0 } else { 1.0 };
    let terms = objective
        .iter()
        .enumerate()
        .filter(|(_, c)| **c != 0.0)
        .map(|(k, &c)| (k, sign * c))
        .collect();
    Row {
        terms,
        upper: sign * value + slack,
    }
}
