//! Lexicographic solving with HiGHS.
//!
//! Levels are solved in order (Fill, Balance, Quality); each is proven
//! optimal (`mip_rel_gap = 0`) and then *held* while the later levels are
//! solved. The fast path ([`fast`]) never hands HiGHS the whole pool:
//!
//! * **Column generation.** Each level's LP relaxation is solved over a
//!   small working set of pairs; every other eligible pair is priced with
//!   the LP's duals and joins only if it could improve the LP. When none
//!   can, the LP optimum over *all* pairs is proven.
//! * **Integral LPs.** If the LP solution is integral it is the level's
//!   optimum: no branch and bound at all (the usual case: the Fill level
//!   without side constraints is a flow problem).
//! * **Optimal faces.** When the integer optimum equals the LP bound, LP
//!   duality describes *every* optimal plan exactly: a plan reaches the
//!   bound if and only if every pair with a non-zero reduced cost stays at
//!   its bound and every row with a non-zero dual stays tight. Those pairs
//!   are fixed (over the whole pool, most at 0) and those rows become
//!   equalities, so later levels work on ever fewer pairs.
//! * **Reduced-cost fixing.** Otherwise an incumbent bounds the gap; a pair
//!   whose reduced cost exceeds it keeps its LP value in every optimal
//!   plan, and only pairs within the gap join the MIP. The optimum is then
//!   held by an objective-cut row `objective ≥ v* − slack`: with whole
//!   coefficients `slack = 0.5` admits no worse plan, otherwise
//!   `slack = LEVEL_TOLERANCE·max(1, |v*|)`.
//!
//! Never trusting the shortcuts: after the last level the plan's Fill and
//! Balance are recomputed from the plan itself; if either fell short of the
//! value proven for it (numerical trouble in the duals), the whole solve is
//! redone with the plain model ([`plain`]: every pair a column, cuts only).
//!
//! HiGHS runs on one thread and pricing results do not depend on thread
//! count: plans are byte-identical for any `--threads`.
//!
//! Files:
//!
//! * `mod.rs`: the levels in order, the final check and the fallback to
//!   the plain model;
//! * `options.rs`: how a solve is asked for (`SolveOptions`);
//! * `solution.rs`: what it gives (`Solution`, each level's report and
//!   status);
//! * `grid.rs`: the grid of a level's values and the gaps against a bound;
//! * `fast/`: the fast path, one file per part: `mod.rs` (the `Master`:
//!   every eligible pair with what earlier levels proved about it),
//!   `level.rs` (the level driver, stage by stage), `rows.rs` (the row
//!   layout, coefficients, reduced costs), `objective.rs`, `greedy.rs`,
//!   `working_set.rs`, `pricing.rs`, `column_generation.rs`, `targets.rs`,
//!   `faces.rs`, `rounding.rs`, `diving.rs`, `widening.rs`, `mip.rs`,
//!   `hold.rs` and `restricted.rs` (the HiGHS model over the working set);
//! * `plain.rs`: the plain levels (objective cuts only), the reference;
//! * `formulation.rs`: the plain model, every pair a column, built with
//!   good_lp;
//! * `highs.rs`: one HiGHS solve and what it found (how it ended, value,
//!   columns, row duals).

mod fast;
mod formulation;
mod grid;
mod highs;
mod keep_first;
mod options;
mod plain;
mod solution;
mod watch;

pub use formulation::{Formulation, Row};
pub use grid::*;
pub use options::*;
pub use solution::*;

use crate::error::Result;
use crate::model::canonical::Canonical;
use crate::model::{Instance, Pair};
use crate::plan::{self, Plan};
use std::time::Instant;

/// The largest MIP the fast path builds to prove a level optimal (pairs):
/// about 2.5 GB in HiGHS when each service's limit is counted at once. On
/// dated pools a pair also enters a row per check day of its tour, so the
/// same pairs take more (a dated ample L proof: 457,443 pairs, 36.5
/// million non-zeros, 5.0 GB peak: docs/performance-log.md). A bigger
/// proof stops the level as unproven rather than exhausting memory.
pub const MAX_PROOF_PAIRS: usize = 2_000_000;

/// The largest MIP the fast path builds to prove a level optimal
/// (non-zeros: a pair's entries in the rows it appears in). Memory follows
/// the non-zeros more than the pairs: a dated ample L proof over 457,443
/// pairs had 36.5 million and peaked at 5.0 GB (docs/performance-log.md),
/// so this keeps a proof well within 8 GB. A bigger proof stops the level
/// as unproven, as one over [`MAX_PROOF_PAIRS`] does.
pub const MAX_PROOF_NONZEROS: usize = 50_000_000;

/// [`MAX_PROOF_NONZEROS`]; in the tests' builds (the `fault-injection`
/// feature, never a release build) `MISSIONMATCH_TEST_PROOF_NONZEROS`
/// lowers it, so the tests see a proof refused.
pub(crate) fn max_proof_nonzeros() -> usize {
    #[cfg(feature = "fault-injection")]
    if let Some(n) = std::env::var("MISSIONMATCH_TEST_PROOF_NONZEROS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return n;
    }
    MAX_PROOF_NONZEROS
}

/// Solves the lexicographic model over the given eligible pairs.
///
/// The instance is solved in id order ([`Canonical`]): where several
/// plans are equally good, the one returned does not depend on the order
/// of the rows in the files.
pub fn solve(inst: &Instance, pairs: Vec<Pair>, options: &SolveOptions) -> Result<Solution> {
    let Some(canonical) = Canonical::of(inst) else {
        return solve_in_order(inst, pairs, options);
    };
    let mut in_order = options.clone();
    if let Some(keep) = &mut in_order.keep {
        keep.pairs = canonical.pairs_to(std::mem::take(&mut keep.pairs));
    }
    let pairs = canonical.pairs_to(pairs);
    let solved = solve_in_order(&canonical.inst, pairs, &in_order)?;
    // The plan in the instance's own indices, valued there.
    let chosen = canonical.pairs_back(&solved.plan.assignments);
    let keep = keep_set(options);
    let mut solution = finish(
        inst,
        chosen,
        solved.reports,
        solved.eligible_pairs,
        solved.build_seconds,
        &keep,
    );
    solution.polished = solved.polished;
    solution.interrupted = solved.interrupted;
    Ok(solution)
}

/// The earlier plan's pairs the Keep level counts.
fn keep_set(options: &SolveOptions) -> std::collections::HashSet<Pair> {
    options
        .keep
        .iter()
        .flat_map(|k| k.pairs.iter().copied())
        .collect()
}

/// [`solve`], the instance's order as it is.
fn solve_in_order(inst: &Instance, pairs: Vec<Pair>, options: &SolveOptions) -> Result<Solution> {
    let mut solution = solve_levels(inst, pairs, options)?;
    // A level the cancel flag stopped, left unproven or settled by
    // polishing after all, is told as stopped by it, not by a time limit.
    let stopped = solution
        .reports
        .iter()
        .any(|r| matches!(r.status, LevelStatus::TimeLimit { .. }))
        || solution.polished.settled.is_some();
    solution.interrupted = stopped && options.cancelled();
    Ok(solution)
}

/// [`solve`], every level in turn.
fn solve_levels(inst: &Instance, pairs: Vec<Pair>, options: &SolveOptions) -> Result<Solution> {
    let start = Instant::now();
    let eligible_pairs = pairs.len();
    let remaining = || {
        if options.cancelled() {
            return Some(0.0);
        }
        let elapsed = start.elapsed().as_secs_f64();
        options.time_limit.map(|t| (t - elapsed).max(0.0))
    };
    let levels = options.levels();
    let keep = keep_set(options);
    let finish =
        |chosen, reports, build| finish(inst, chosen, reports, eligible_pairs, build, &keep);
    let on_level = |level: Level| {
        if let Some(Progress(tell)) = &options.progress {
            tell(level);
        }
    };
    if pairs.is_empty() {
        // Nobody is eligible anywhere: the empty plan, no shortfall.
        let reports = levels
            .iter()
            .map(|&l| report(l, LevelStatus::Optimal, 0.0, HeldBy::NotHeld))
            .collect();
        return Ok(finish(Vec::new(), reports, 0.0));
    }
    if !options.plain {
        // A limit too far away for a clock (centuries) is no limit.
        let deadline = options.time_limit.and_then(|t| {
            std::time::Duration::try_from_secs_f64(t.max(0.0))
                .ok()
                .and_then(|d| start.checked_add(d))
        });
        let mut master = fast::Master::new(inst, &pairs, options.verbose, deadline);
        master.set_keep(&keep);
        master.set_quality_gap(options.quality_gap_for(&levels));
        master.set_watch(options.cancel.clone(), options.search.clone());
        let build_seconds = start.elapsed().as_secs_f64();
        let (chosen, reports, held, polished) =
            fast_levels(&mut master, &levels, &on_level, options.polish)?;
        let chosen: Vec<_> = chosen.iter().map(|&k| master.pair(k)).collect();
        let mut solution = finish(chosen, reports, build_seconds);
        solution.polished = polished;
        if holds(&solution, &held) {
            return Ok(solution);
        }
        if options.verbose {
            eprintln!("the fast path lost a held level; solving the plain model");
        }
    }
    let t = Instant::now();
    let base = Formulation::new(inst, pairs);
    let build_seconds = t.elapsed().as_secs_f64();
    let (columns, reports) =
        plain::levels(inst, &base, &levels, &keep, options, &remaining, &on_level)?;
    let chosen = match columns {
        Some(cols) => base
            .pairs
            .iter()
            .enumerate()
            .filter(|&(k, _)| cols[k] > 0.5)
            .map(|(_, &pair)| pair)
            .collect(),
        // The time limit struck before the first plan: the pins alone,
        // which are always feasible.
        None => inst.pins.iter().map(|p| (p.officer, p.position)).collect(),
    };
    Ok(finish(chosen, reports, build_seconds))
}

/// A level held for the ones after it: the value held and the step of
/// the level's values, if they lie on a grid.
type Held = (Level, f64, Option<f64>);

type FastResult = (Vec<u32>, Vec<LevelReport>, Vec<Held>, Polished);

/// Every level on the fast path: the chosen pair ids, reports, the optima
/// held and, with `polish`, the officers replaced in the plan a stopped
/// level left (see [`SolveOptions::polish`]).
fn fast_levels(
    master: &mut fast::Master,
    levels: &[Level],
    on_level: &dyn Fn(Level),
    polish: bool,
) -> Result<FastResult> {
    let mut plan = master.greedy();
    let mut reports = Vec::new();
    let mut held = Vec::new();
    // The level the time limit or the memory guard stopped, if any; every
    // later level is then not solved.
    let mut stopped_in = None;
    let keep_after_quality = levels.ends_with(&[Level::Quality, Level::Keep]);
    if keep_after_quality {
        master.keep_after_quality();
    }
    // Keep settled inside Quality's last MIP (see `fast::tie_break`).
    let mut keep_solved = false;
    // Quality's bound and values' step, when it is held for Keep.
    let mut quality_bound = None;
    for (i, &level) in levels.iter().enumerate() {
        if let Some(skipped) = skipped(level, stopped_in.is_some(), master.shortfalls()) {
            reports.push(skipped);
            continue;
        }
        if level == Level::Keep && keep_solved {
            // Solved with Quality: its time is in Quality's report.
            on_level(level);
            reports.push(report(level, LevelStatus::Optimal, 0.0, HeldBy::NotHeld));
            continue;
        }
        on_level(level);
        let t = Instant::now();
        let previous = master.valued(level, plan.pairs.clone());
        let out = master.level(level, &previous)?;
        let status = LevelStatus::of(level, out.ended)?;
        // A level settled within the gap asked for (Quality, `--gap`) is
        // held at the floor of that gap when Keep follows.
        let stopped = !matches!(status, LevelStatus::Optimal | LevelStatus::WithinGap { .. });
        if stopped {
            stopped_in = Some(level);
        }
        let mut held_by = HeldBy::NotHeld;
        keep_solved = out.keep_solved && !stopped;
        if !stopped && i + 1 < levels.len() {
            held_by = if keep_solved {
                HeldBy::TieBreak
            } else {
                master.hold(level, &out)
            };
            held.push((level, master.held_value(level, &out), out.step));
            if level == Level::Quality && master.quality_gap().is_some() {
                quality_bound = Some((bound_of(out.ended, out.value), out.step));
            }
        }
        reports.push(report(level, status, t.elapsed().as_secs_f64(), held_by));
        if let Some(p) = out.plan {
            plan = p;
        }
    }
    if let Some((bound, step)) = quality_bound {
        let value = master.valued(Level::Quality, plan.pairs.clone()).value;
        restate_quality(&mut reports, bound, value, step);
    }
    // A stop in a Keep level after Quality leaves Quality settled and
    // closeness to the baseline the one level in play, which polishing
    // for Quality would only work against.
    let in_play = match stopped_in {
        Some(Level::Keep) => !keep_after_quality,
        stopped_in => stopped_in.is_some(),
    };
    let polished = if polish && in_play {
        polish_stopped(master, &mut plan, &mut reports)
    } else {
        Polished::default()
    };
    Ok((plan.pairs, reports, held, polished))
}

/// Polishes the plan a stopped level left: the two steps in turns (see
/// `fast::Master::polish_in_rounds`). A Balance, Keep or Quality level
/// stopped with a gap is restated against the polished plan (its bound is
/// unchanged); one the polished plan reaches the bound of is proven after
/// all, and Quality brought within the gap asked for is settled within it;
/// either is told in `settled`.
fn polish_stopped(
    master: &fast::Master,
    plan: &mut fast::Incumbent,
    reports: &mut [LevelReport],
) -> Polished {
    const RESTATED: [Level; 3] = [Level::Balance, Level::Keep, Level::Quality];
    let value = |level, plan: &fast::Incumbent| master.valued(level, plan.pairs.clone()).value;
    let before = RESTATED.map(|level| value(level, plan));
    let (closer_to_targets, better_scored) = master.polish_in_rounds(plan);
    let mut polished = Polished {
        closer_to_targets,
        better_scored,
        settled: None,
    };
    if polished == Polished::default() {
        return polished;
    }
    let after = RESTATED.map(|level| value(level, plan));
    if master.verbose() {
        eprintln!(
            "the plan the stop left, polished: {} officer(s) replaced to come closer to the targets (balance {} -> {}), {} by better-scored ones (quality {} -> {})",
            polished.closer_to_targets, before[0], after[0], polished.better_scored, before[2], after[2]
        );
    }
    for (i, level) in RESTATED.into_iter().enumerate() {
        if restate_stopped(
            reports,
            level,
            (before[i], after[i]),
            master.value_step(level),
            master.quality_gap(),
        ) {
            polished.settled = Some(level);
        }
    }
    polished
}

/// A level stopped (by the time limit or the memory guard) with a gap,
/// restated for a polished plan worth `after` instead of `before`: the
/// bound is unchanged. Where the polished plan reaches that bound (no
/// value on the level's grid, `step`, lies between them) the level is
/// proven optimal after all; where the level is Quality, which may
/// settle within a gap (`within`, under `--gap`), and the restated gap is
/// within it, the level is settled so. Either way the level after it is the one the
/// stop left before it could improve the plan. Returns whether the level
/// was so settled.
fn restate_stopped(
    reports: &mut [LevelReport],
    level: Level,
    (before, after): (f64, f64),
    step: Option<f64>,
    within: Option<f64>,
) -> bool {
    let restated = |gap: f64| {
        let bound = if level.maximize() {
            before + gap_span(before, gap)
        } else {
            bound_below(before, gap)
        };
        relative_gap(bound, after)
    };
    // Reports hold one entry per level, in order.
    let Some(at) = reports.iter().position(|r| r.level == level) else {
        return false;
    };
    reports[at].status = match reports[at].status {
        LevelStatus::TimeLimit { gap } if gap.is_finite() => {
            LevelStatus::TimeLimit { gap: restated(gap) }
        }
        LevelStatus::Unproven { pairs, gap } => LevelStatus::Unproven {
            pairs,
            gap: restated(gap),
        },
        status => status,
    };
    // A level the memory guard stopped stays unproven: the time left could
    // still solve the levels after it, which this does not. A gap not yet
    // known (∞) never closes.
    let settled = match reports[at].status {
        LevelStatus::TimeLimit { gap } if gap_closes(gap, after, step) => LevelStatus::Optimal,
        LevelStatus::TimeLimit { gap }
            if level == Level::Quality && within.is_some_and(|asked| gap <= asked) =>
        {
            LevelStatus::WithinGap { gap }
        }
        _ => return false,
    };
    reports[at].status = settled;
    if let Some(next) = reports.get_mut(at + 1) {
        next.status = LevelStatus::TimeLimit { gap: f64::INFINITY };
    }
    true
}

/// The solution of a chosen set of pairs, with level values recomputed
/// from the plan itself.
fn finish(
    inst: &Instance,
    chosen: Vec<Pair>,
    mut reports: Vec<LevelReport>,
    eligible_pairs: usize,
    build_seconds: f64,
    keep: &std::collections::HashSet<Pair>,
) -> Solution {
    let plan = Plan::new(inst, chosen);
    let levels = plan::evaluate(inst, &plan);
    let kept = plan.assignments.iter().filter(|a| keep.contains(a)).count() as f64;
    for r in &mut reports {
        r.value = match r.level {
            Level::Fill => levels.fill,
            Level::Balance => levels.balance,
            Level::Quality => levels.quality,
            Level::Keep => kept,
        };
    }
    Solution {
        plan,
        levels,
        reports,
        eligible_pairs,
        build_seconds,
        polished: Polished::default(),
        interrupted: false,
    }
}

/// Whether a plan keeps every optimum held for the levels after it
/// (values recomputed from the plan itself): on a grid of values, within
/// half a step (a plan one step worse is caught however large the value),
/// else within a relative 1e-6.
fn holds(solution: &Solution, held: &[Held]) -> bool {
    held.iter().all(|&(level, v, step)| {
        let slack = step.map_or(1e-6 * v.abs().max(1.0), |s| 0.5 * s);
        let value = solution
            .reports
            .iter()
            .find(|r| r.level == level)
            .map_or(v, |r| r.value);
        if level.maximize() {
            value >= v - slack
        } else {
            value <= v + slack
        }
    })
}

/// The report of a level that needs no solve: Balance without any mission
/// target (every plan has zero shortfall), or any level after one stopped.
fn skipped(level: Level, stopped: bool, shortfalls: usize) -> Option<LevelReport> {
    let status = if stopped {
        LevelStatus::NotSolved
    } else if level == Level::Balance && shortfalls == 0 {
        LevelStatus::Optimal
    } else {
        return None;
    };
    Some(report(level, status, 0.0, HeldBy::NotHeld))
}

fn report(level: Level, status: LevelStatus, seconds: f64, held_by: HeldBy) -> LevelReport {
    LevelReport {
        level,
        value: 0.0,
        status,
        seconds,
        held_by,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A gap HiGHS states on a plan at the bound of a grid of tenths is
    /// an optimum; a gap of a whole step or more is not.
    #[test]
    fn a_gap_below_one_step_is_an_optimum() {
        assert!(gap_closes(0.05 / 51_316.7, 51_316.7, Some(0.1)));
        assert!(gap_closes(1e-12, 51_316.7, Some(0.1)));
        assert!(!gap_closes(0.1 / 51_316.7, 51_316.7, Some(0.1)));
        assert!(!gap_closes(2.0 / 51_316.7, 51_316.7, None));
        assert!(gap_closes(1e-12, 51_316.7, None));
    }

    /// The floor of a gap is the least value of the grid within it, even
    /// where the gap's edge falls on the grid; never above the plan found.
    #[test]
    fn the_floor_of_a_gap_is_its_least_value_on_the_grid() {
        // 201 / 1.005 = 200 exactly: 200 is within 0.5 % of 201.
        assert_eq!(gap_floor(201.0, 0.005, Some(1.0), 201.0), 200.0);
        assert!(relative_gap(201.0, 200.0) <= 0.005);
        // In tenths: 51,334.09 / 1.005 = 51,078.69…; 51,078.7 is the least.
        let floor = gap_floor(51_334.09, 0.005, Some(0.1), 51_316.7);
        assert!((floor - 51_078.7).abs() < 1e-6, "{floor}");
        assert!(relative_gap(51_334.09, floor) <= 0.005);
        assert!(relative_gap(51_334.09, floor - 0.1) > 0.005);
        // Never above the plan found, nor below the gap without a grid.
        assert_eq!(gap_floor(201.0, 0.005, Some(1.0), 199.0), 199.0);
        let free = gap_floor(1_000.123_45, 0.01, None, 999.0);
        assert!(relative_gap(1_000.123_45, free) <= 0.01 && free <= 999.0);
        // The bound a gap settled within measures from the plan's value.
        assert_eq!(bound_of(highs::Ended::WithinGap(0.01), 200.0), 202.0);
        assert_eq!(bound_of(highs::Ended::Optimal, 200.0), 200.0);
    }

    #[test]
    fn the_common_step_is_the_finest_any_value_needs() {
        assert_eq!(common_step([3.0, -12.0, 0.0]), Some(1.0));
        assert_eq!(common_step([3.0, 72.5, 0.1]), Some(0.1));
        assert_eq!(common_step([72.5, 0.35, 8.0]), Some(0.01));
        assert_eq!(common_step([0.001, 1e6 + 0.5]), Some(0.001));
        assert_eq!(common_step([1.0, 0.0001]), None);
        assert_eq!(common_step([]), Some(1.0));
    }

    /// A level's report with `status` (no value, a second's solve).
    fn level_report(level: Level, status: LevelStatus) -> LevelReport {
        LevelReport {
            level,
            value: 0.0,
            status,
            seconds: 1.0,
            held_by: HeldBy::NotHeld,
        }
    }

    /// A stopped level's gap restated for a polished plan keeps its bound:
    /// Quality 1,000 within 1 % (bound 1,010) polished to 1,005; Balance
    /// 2 short with nothing better than 0 proven polished to 1.75; a gap
    /// the memory guard left is restated too.
    #[test]
    fn a_polished_plan_keeps_the_bound_of_its_stopped_level() {
        let mut reports = vec![
            level_report(Level::Balance, LevelStatus::TimeLimit { gap: 1.0 }),
            level_report(Level::Quality, LevelStatus::TimeLimit { gap: 0.01 }),
        ];
        restate_stopped(&mut reports, Level::Balance, (2.0, 1.75), Some(0.01), None);
        restate_stopped(
            &mut reports,
            Level::Quality,
            (1_000.0, 1_005.0),
            Some(0.1),
            None,
        );
        let gap = |r: &LevelReport| match r.status {
            LevelStatus::TimeLimit { gap } | LevelStatus::Unproven { gap, .. } => gap,
            _ => panic!("{:?}", r.status),
        };
        assert!((gap(&reports[0]) - 1.0).abs() < 1e-12);
        assert!((bound_below(1.75, gap(&reports[0])) - 0.0).abs() < 1e-9);
        assert!((gap(&reports[1]) - 5.0 / 1_005.0).abs() < 1e-12);
        let mut unproven = vec![level_report(
            Level::Quality,
            LevelStatus::Unproven {
                pairs: 9,
                gap: 0.01,
            },
        )];
        restate_stopped(
            &mut unproven,
            Level::Quality,
            (1_000.0, 1_005.0),
            Some(0.1),
            None,
        );
        assert!((gap(&unproven[0]) - 5.0 / 1_005.0).abs() < 1e-12);
    }

    /// A polished plan that reaches its stopped level's bound proves the
    /// level: Balance 0.85 short with nothing better than 0 proven,
    /// polished to 0, is optimal, and the time ran out in Quality before
    /// it improved on that plan; Quality 1,000 within 1 % polished to the
    /// bound's 1,010.05 is optimal at 1,010 (less than a step of 0.1 from
    /// it), not at 1,009.9. With Keep before Quality (`match --previous`),
    /// a Balance so proven leaves the time run out in Keep. A gap the
    /// memory guard left stays unproven, since the levels after it were
    /// never tried.
    #[test]
    fn a_polished_plan_at_the_bound_proves_its_level() {
        // Fill proven, Balance stopped 0.85 short with nothing better than
        // 0 proven, then `later` levels not solved.
        let stopped_in_balance = |later: &[Level]| {
            let mut reports = vec![
                level_report(Level::Fill, LevelStatus::Optimal),
                level_report(Level::Balance, LevelStatus::TimeLimit { gap: 0.85 }),
            ];
            reports.extend(
                later
                    .iter()
                    .map(|&l| level_report(l, LevelStatus::NotSolved)),
            );
            reports
        };
        let mut reports = stopped_in_balance(&[Level::Quality]);
        assert!(restate_stopped(
            &mut reports,
            Level::Balance,
            (0.85, 0.0),
            Some(0.01),
            None
        ));
        assert_eq!(reports[1].status, LevelStatus::Optimal);
        assert!(matches!(reports[2].status, LevelStatus::TimeLimit { gap } if gap.is_infinite()));

        let mut replanned = stopped_in_balance(&[Level::Keep, Level::Quality]);
        assert!(restate_stopped(
            &mut replanned,
            Level::Balance,
            (0.85, 0.0),
            Some(0.01),
            None
        ));
        assert!(matches!(replanned[2].status, LevelStatus::TimeLimit { gap } if gap.is_infinite()));
        assert_eq!(replanned[3].status, LevelStatus::NotSolved);

        // Quality 1,000 stopped with its bound at 1,010.05: a plan of
        // 1,010 is the best on the grid of tenths; 1,009.9 is not.
        let quality = |after: f64| {
            let gap = 10.05 / 1_000.0;
            let mut reports = vec![level_report(Level::Quality, LevelStatus::TimeLimit { gap })];
            let proved = restate_stopped(
                &mut reports,
                Level::Quality,
                (1_000.0, after),
                Some(0.1),
                None,
            );
            assert_eq!(proved, reports[0].status == LevelStatus::Optimal);
            reports[0].status
        };
        assert_eq!(quality(1_010.0), LevelStatus::Optimal);
        assert!(matches!(quality(1_009.9), LevelStatus::TimeLimit { .. }));

        let mut unproven = vec![
            level_report(
                Level::Balance,
                LevelStatus::Unproven {
                    pairs: 9,
                    gap: 0.85,
                },
            ),
            level_report(Level::Quality, LevelStatus::NotSolved),
        ];
        assert!(!restate_stopped(
            &mut unproven,
            Level::Balance,
            (0.85, 0.0),
            Some(0.01),
            None
        ));
        assert!(matches!(unproven[0].status, LevelStatus::Unproven { .. }));
        assert_eq!(unproven[1].status, LevelStatus::NotSolved);
    }

    /// Under `--gap`, a stopped Quality polished to within the gap asked
    /// for is settled within it: 1,000 stopped 1 % below its bound
    /// (1,010), polished to 1,006, is within 0.5 % (4 / 1,006), and Keep
    /// after it was left by the stop; polished to 1,004 it is not (6 /
    /// 1,004 > 0.5 %) and stays stopped. Without `--gap` neither settles,
    /// and Balance never settles within a gap.
    #[test]
    fn a_polished_quality_within_the_gap_asked_for_is_settled() {
        let stopped = || {
            vec![
                level_report(Level::Quality, LevelStatus::TimeLimit { gap: 0.01 }),
                level_report(Level::Keep, LevelStatus::NotSolved),
            ]
        };
        let restate = |after: f64, within: Option<f64>| {
            let mut reports = stopped();
            let settled = restate_stopped(
                &mut reports,
                Level::Quality,
                (1_000.0, after),
                Some(0.1),
                within,
            );
            (settled, reports)
        };
        let (settled, reports) = restate(1_006.0, Some(0.005));
        assert!(settled);
        assert!(matches!(reports[0].status,
            LevelStatus::WithinGap { gap } if (gap - 4.0 / 1_006.0).abs() < 1e-12));
        assert!(matches!(reports[1].status, LevelStatus::TimeLimit { gap } if gap.is_infinite()));

        let (settled, reports) = restate(1_004.0, Some(0.005));
        assert!(!settled);
        assert!(matches!(reports[0].status, LevelStatus::TimeLimit { .. }));
        assert_eq!(reports[1].status, LevelStatus::NotSolved);

        let (settled, reports) = restate(1_006.0, None);
        assert!(!settled);
        assert!(matches!(reports[0].status, LevelStatus::TimeLimit { .. }));

        // Balance 2 short with its bound at 1.5, polished to 1.75: within
        // 25 % of its value, yet a gap settles Quality only.
        let mut reports = vec![level_report(
            Level::Balance,
            LevelStatus::TimeLimit { gap: 0.25 },
        )];
        assert!(!restate_stopped(
            &mut reports,
            Level::Balance,
            (2.0, 1.75),
            Some(0.01),
            Some(0.5),
        ));
        assert!(matches!(reports[0].status, LevelStatus::TimeLimit { .. }));
    }
}
