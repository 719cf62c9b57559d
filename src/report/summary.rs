//! The short plain-text summary `match` prints on stdout.

use super::{num, pct};
use crate::model::{limits, Instance};
use crate::plan::{self, MissionStats};
use crate::solve::{LevelStatus, Solution};
use std::fmt::Write;

/// Seats, per-mission balance against targets, services at capacity, and
/// the solver's status and time.
pub fn text_summary(inst: &Instance, solution: &Solution, total_seconds: f64) -> String {
    let mut out = String::new();
    let stats = plan::mission_stats(inst, &solution.plan);
    let demand: u32 = stats.iter().map(|s| s.demand).sum();
    let filled: u32 = stats.iter().map(|s| s.filled).sum();
    let _ = writeln!(
        out,
        "Seats filled: {filled} of {demand} ({} officers, {} missions, {} positions, {} eligible pairs)",
        inst.officers.len(),
        inst.missions.len(),
        inst.positions.len(),
        solution.eligible_pairs
    );
    let width = inst
        .missions
        .iter()
        .map(|m| m.id.len())
        .max()
        .unwrap_or(7)
        .max(7);
    let _ = writeln!(
        out,
        "  {:<width$}  {:>7}  {:<24}  language",
        "mission", "filled", "women"
    );
    let shown = missions_shown(&stats);
    for &m in &shown {
        let (mission, st) = (&inst.missions[m], &stats[m]);
        let _ = writeln!(
            out,
            "  {:<width$}  {:>7}  {:<24}  {}",
            mission.id,
            format!("{}/{}", st.filled, st.demand),
            women_cell(mission.min_women_share, st),
            language_cell(mission, st)
        );
    }
    if shown.len() < stats.len() {
        let rest = stats.len() - shown.len();
        let all_met = stats
            .iter()
            .enumerate()
            .filter(|(m, _)| !shown.contains(m))
            .all(|(_, st)| distance(st) == 0.0);
        let how = if all_met {
            "every seat filled and every target met"
        } else {
            "closer to their seats and targets"
        };
        let _ = writeln!(
            out,
            "  … and {rest} more mission(s), {how}: mission_summary.csv lists every mission"
        );
    }
    let uses = limits::service_use(inst, &solution.plan.assignments);
    let full: Vec<String> = inst
        .services
        .iter()
        .zip(&uses)
        .filter(|(_, used)| used.at_capacity())
        .map(|(s, used)| match (used.dated, used.peak_date) {
            (false, _) => format!("{} ({}/{})", s.id, used.assigned, used.limit),
            (true, Some(day)) => format!(
                "{} (peak {} of {} away on {day})",
                s.id, used.peak_away, used.limit
            ),
            (true, None) => format!("{} (peak {} of {} away)", s.id, used.peak_away, used.limit),
        })
        .collect();
    let listed = if full.is_empty() {
        "none".to_string()
    } else if full.len() <= MAX_SERVICES_NAMED {
        full.join(", ")
    } else {
        format!(
            "{} of {}: {}, … (service_summary.csv lists every service)",
            full.len(),
            inst.services.len(),
            full[..MAX_SERVICES_NAMED].join(", ")
        )
    };
    let _ = writeln!(out, "Services at capacity: {listed}");
    let l = &solution.levels;
    let _ = writeln!(
        out,
        "Levels: fill {}, balance {}, quality {}",
        num(l.fill),
        num(l.balance),
        num(l.quality)
    );
    let _ = writeln!(
        out,
        "Solver: {} in {:.2} s",
        status_text(solution),
        total_seconds
    );
    out
}

/// Missions the summary shows one line each; beyond it, the ones furthest
/// from their seats and targets.
const MAX_MISSION_LINES: usize = 20;

/// Services at capacity the summary names; beyond it, it counts them.
const MAX_SERVICES_NAMED: usize = 8;

/// How far a mission is from what it asked for: empty seats plus the
/// officers short of its women and language targets.
fn distance(st: &MissionStats) -> f64 {
    f64::from(st.demand - st.filled) + st.gender_shortfall + st.language_shortfall
}

/// The missions shown, by index: every mission in input order when there
/// are at most [`MAX_MISSION_LINES`], otherwise the ones furthest from
/// their seats and targets, furthest first (ties in input order).
fn missions_shown(stats: &[MissionStats]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..stats.len()).collect();
    if stats.len() > MAX_MISSION_LINES {
        order.sort_by(|&a, &b| {
            distance(&stats[b])
                .total_cmp(&distance(&stats[a]))
                .then(a.cmp(&b))
        });
        order.truncate(MAX_MISSION_LINES);
    }
    order
}

fn women_cell(target: f64, st: &MissionStats) -> String {
    let share = if st.filled == 0 {
        0.0
    } else {
        st.women as f64 / st.filled as f64
    };
    let mut cell = format!("{} ({})", st.women, pct(share));
    if target > 0.0 {
        let mark = if st.gender_shortfall > 1e-9 {
            "short"
        } else {
            "met"
        };
        let _ = write!(cell, " target {} {mark}", pct(target));
    }
    cell
}

fn language_cell(m: &crate::model::Mission, st: &MissionStats) -> String {
    let Some(lang) = &m.language else {
        return "-".into();
    };
    let share = if st.filled == 0 {
        0.0
    } else {
        st.language_met as f64 / st.filled as f64
    };
    let mut cell = format!("{lang} {} ({})", st.language_met, pct(share));
    if m.min_language_share > 0.0 {
        let mark = if st.language_shortfall > 1e-9 {
            "short"
        } else {
            "met"
        };
        let _ = write!(cell, " target {} {mark}", pct(m.min_language_share));
    }
    cell
}

/// `optimal (every level proven)` or `TIME LIMIT ... gap ...`.
pub fn status_text(solution: &Solution) -> String {
    for r in &solution.reports {
        if let LevelStatus::Unproven { pairs, gap } = r.status {
            return format!(
                "NOT PROVEN in the {} level: the proof would need a model over {} eligible pairs, beyond the memory budget; best plan found, within {:.4}% of the bound (later levels not optimized)",
                r.level.name(),
                num(pairs as f64),
                gap * 100.0
            );
        }
        if let LevelStatus::TimeLimit { gap } = r.status {
            if !gap.is_finite() {
                let kept = if r.level == crate::solve::Level::Fill {
                    "the start plan (the pins, then the best-scored officers in priority order; every hard constraint holds)"
                } else {
                    "the plan of the level before, whose optimum is proven"
                };
                return format!(
                    "TIME LIMIT reached in the {} level before it improved on {kept}",
                    r.level.name()
                );
            }
            return format!(
                "TIME LIMIT reached in the {} level: best plan found, gap {:.4}% (later levels not optimized)",
                r.level.name(),
                gap * 100.0
            );
        }
    }
    "optimal (every level proven)".to_string()
}
