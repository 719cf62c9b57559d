//! What-if runs: the baseline and every scenario solved in parallel (each
//! solve exact, every level proven), compared with the baseline.

use crate::error::Result;
use crate::model::{Gender, Instance, Pair};
use crate::plan;
use crate::report::{num, pct};
use crate::rules;
use crate::scenario::{self, Scenario};
use crate::solve::{self, Solution, SolveOptions};
use rayon::prelude::*;

/// One solved scenario (or the baseline).
pub struct ScenarioRun {
    /// `baseline` or the scenario's name.
    pub name: String,
    /// The changed instance.
    pub instance: Instance,
    /// Its eligible pairs.
    pub pairs: Vec<Pair>,
    /// The solved plan, or why the scenario cannot be solved (its pins).
    pub result: std::result::Result<Solution, String>,
}

/// Solves the baseline, then every scenario in parallel; results in input
/// order, baseline first. Loading and the baseline's eligibility are
/// shared (a scenario re-checks only what its changes touch), and each
/// scenario's solve starts from the baseline's plan.
pub fn solve_scenarios(
    baseline: &Instance,
    scenarios: &[Scenario],
    options: &SolveOptions,
) -> Result<Vec<ScenarioRun>> {
    solve_scenarios_with_progress(baseline, scenarios, options, &|| {})
}

/// [`solve_scenarios`], calling `done` as each solve (the baseline, then
/// each scenario) finishes, from whichever thread solved it.
pub fn solve_scenarios_with_progress(
    baseline: &Instance,
    scenarios: &[Scenario],
    options: &SolveOptions,
    done: &(dyn Fn() + Sync),
) -> Result<Vec<ScenarioRun>> {
    let base = Scenario {
        name: "baseline".into(),
        changes: Vec::new(),
    };
    let base_pairs = rules::eligible_pairs(baseline);
    let first = solve_one(baseline, &base_pairs, &base, options)?;
    done();
    // Among a scenario's optimal plans, the one closest to the baseline's
    // (the Keep level after Quality): the moves reported are then the
    // scenario's doing, not a different tie-break.
    let mut close = options.clone();
    if let Ok(sol) = &first.result {
        close.keep = Some(solve::Keep {
            pairs: sol.plan.assignments.clone(),
            before_quality: false,
        });
    }
    let rest: Vec<ScenarioRun> = scenarios
        .par_iter()
        .map(|s| {
            let run = solve_one(baseline, &base_pairs, s, &close);
            done();
            run
        })
        .collect::<Result<_>>()?;
    Ok(std::iter::once(first).chain(rest).collect())
}

fn solve_one(
    baseline: &Instance,
    base_pairs: &[Pair],
    s: &Scenario,
    options: &SolveOptions,
) -> Result<ScenarioRun> {
    let instance = scenario::apply(baseline, s);
    let pairs = scenario::eligible_pairs(base_pairs, &instance, s);
    let result = match scenario::pin_problem(&instance) {
        Some(problem) => Err(problem),
        None => Ok(solve::solve(&instance, pairs.clone(), options)?),
    };
    Ok(ScenarioRun {
        name: s.name.clone(),
        instance,
        pairs,
        result,
    })
}

/// Officers moved, added and dropped between two plans of the same pool.
fn differences(n: usize, a: &Solution, b: &Solution) -> (usize, usize, usize) {
    let (pa, pb) = (a.plan.position_of(n), b.plan.position_of(n));
    let mut counts = (0, 0, 0);
    for (x, y) in pa.iter().zip(&pb) {
        match (x, y) {
            (Some(x), Some(y)) if x != y => counts.0 += 1,
            (None, Some(_)) => counts.1 += 1,
            (Some(_), None) => counts.2 += 1,
            _ => {}
        }
    }
    counts
}

/// One row per run: its levels, seats, women share, services at capacity
/// and the change against the baseline.
pub fn rows(runs: &[ScenarioRun]) -> Vec<Vec<String>> {
    let baseline = runs[0].result.as_ref().ok();
    runs.iter()
        .map(|r| {
            let inst = &r.instance;
            let demand: u32 = inst.positions.iter().map(|p| p.count).sum();
            let Ok(sol) = &r.result else {
                let why = r.result.as_ref().err().cloned().unwrap_or_default();
                let mut row = vec![r.name.clone(), format!("not solved: {why}")];
                row.extend(std::iter::repeat_n(String::new(), 11));
                return row;
            };
            let placed = sol.plan.assignments.len();
            let women = sol
                .plan
                .assignments
                .iter()
                .filter(|a| inst.officers[a.0 .0].gender == Gender::F)
                .count();
            let counts = plan::service_counts(inst, &sol.plan);
            let full: Vec<&str> = inst
                .services
                .iter()
                .enumerate()
                .filter(|(s, svc)| counts[*s] >= svc.capacity() && svc.capacity() > 0)
                .map(|(_, svc)| svc.id.as_str())
                .collect();
            let (vs, moved, added, dropped) = match baseline {
                Some(b) => {
                    let (m, a, d) = differences(inst.officers.len(), b, sol);
                    let seats = placed as i64 - b.plan.assignments.len() as i64;
                    (
                        format!("{seats:+}"),
                        m.to_string(),
                        a.to_string(),
                        d.to_string(),
                    )
                }
                None => Default::default(),
            };
            vec![
                r.name.clone(),
                sol.status_name().to_string(),
                num(sol.levels.fill),
                num(sol.levels.balance),
                num(sol.levels.quality),
                placed.to_string(),
                demand.to_string(),
                if placed == 0 {
                    String::new()
                } else {
                    num(women as f64 / placed as f64)
                },
                full.join(";"),
                vs,
                moved,
                added,
                dropped,
            ]
        })
        .collect()
}

/// The header of `whatif.csv`.
pub const HEADER: [&str; 13] = [
    "scenario",
    "status",
    "fill",
    "balance",
    "quality",
    "seats_filled",
    "seats_demand",
    "women_share",
    "services_at_capacity",
    "seats_vs_baseline",
    "moved",
    "added",
    "dropped",
];

/// A readable comparison table for stdout.
pub fn table(rows: &[Vec<String>]) -> String {
    let mut out = String::from(
        "  scenario              fill  balance    quality    seats  women  vs base  moved  added  dropped\n",
    );
    for r in rows {
        if r[1].starts_with("not solved") {
            out.push_str(&format!("  {:<18}  {}\n", r[0], r[1]));
            continue;
        }
        let women = r[7].parse::<f64>().map(pct).unwrap_or_default();
        out.push_str(&format!(
            "  {:<18} {:>7} {:>8} {:>10} {:>8} {:>6} {:>8} {:>6} {:>6} {:>8}\n",
            r[0],
            r[2],
            r[3],
            r[4],
            format!("{}/{}", r[5], r[6]),
            women,
            r[9],
            r[10],
            r[11],
            r[12]
        ));
    }
    out
}
