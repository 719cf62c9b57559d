//! Answers from the model itself: what forcing one officer into one
//! position would cost, found by re-solving every level with that decision
//! pinned (`explain --officer`, `recommend`), and the facts behind a
//! position's seats (`explain --position`).
//!
//! A forced plan is solved exactly like the match (every level proven), so
//! its cost is the difference of two optima, level by level: seats and
//! priority lost, shortfall added, quality lost.

use super::facts::{self, Context};
use super::reasons::{Binding, Cost, PinConflict};
use crate::error::Result;
use crate::format::num;
use crate::model::{Instance, OfficerIx, Pair, Pin, PositionIx};
use crate::plan::{self, Levels, Plan};
use crate::rules;
use crate::solve::{self, Solution, SolveOptions};
use rayon::prelude::*;
use std::fmt::Write;

/// What one more released officer of a service at capacity would bring,
/// by an exact re-solve with its capacity raised by one.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacityValue {
    /// The service.
    pub service: crate::model::ServiceIx,
    /// Seats gained.
    pub seats: i64,
    /// Fill gained (priority-weighted seats).
    pub fill: f64,
    /// Shortfall removed (negative: added).
    pub balance: f64,
    /// Quality gained.
    pub quality: f64,
}

/// [`CapacityValue`] of every service the plan uses to capacity, in
/// service order; the re-solves run in parallel.
pub fn capacity_values(
    inst: &Instance,
    pairs: &[Pair],
    solution: &Solution,
    options: &SolveOptions,
) -> Result<Vec<CapacityValue>> {
    let uses = crate::model::limits::service_use(inst, &solution.plan.assignments);
    let full: Vec<usize> = (0..inst.services.len()).filter(|&s| uses[s].full).collect();
    full.par_iter()
        .map(|&s| {
            let mut more = inst.clone();
            more.services[s].max_deployed += 1;
            let sol = crate::verify::solve_checked(&more, pairs.to_vec(), options)?;
            Ok(CapacityValue {
                service: crate::model::ServiceIx(s),
                seats: sol.plan.assignments.len() as i64 - solution.plan.assignments.len() as i64,
                fill: sol.levels.fill - solution.levels.fill,
                balance: solution.levels.balance - sol.levels.balance,
                quality: sol.levels.quality - solution.levels.quality,
            })
        })
        .collect()
}

/// Moves listed per alternative in `recommend` (the rest are counted).
const MOVES_SHOWN: usize = 6;

/// The best plan with one officer forced into one position.
#[derive(Debug, Clone)]
pub struct Forced {
    /// The officer forced.
    pub officer: OfficerIx,
    /// Where.
    pub position: PositionIx,
    /// The re-solved plan, or why pins rule it out.
    pub result: std::result::Result<ForcedPlan, PinConflict>,
}

/// A re-solved plan and how it differs from the match: the fewest moves
/// among the plans that are best with the decision forced.
#[derive(Debug, Clone)]
pub struct ForcedPlan {
    /// Its level values.
    pub levels: Levels,
    /// Seats it fills.
    pub seats: usize,
    /// Whether every level was proven optimal.
    pub optimal: bool,
    /// Officers whose position differs from the match's plan.
    pub moves: Vec<Move>,
}

/// One officer's change between two plans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    /// The officer.
    pub officer: OfficerIx,
    /// Position in the match's plan.
    pub from: Option<PositionIx>,
    /// Position in the forced plan.
    pub to: Option<PositionIx>,
}

/// Why the existing pins leave no room for pinning `o` to `p`, if so.
fn pin_conflict(inst: &Instance, o: OfficerIx, p: PositionIx) -> Option<PinConflict> {
    use crate::model::limits::{limits_of, Limit};
    // The pins already at each limit this decision counts toward.
    limits_of(inst, o, p)
        .into_iter()
        .find_map(|(limit, bound)| {
            let held = inst
                .pins
                .iter()
                .filter(|pin| {
                    limits_of(inst, pin.officer, pin.position)
                        .iter()
                        .any(|(l, _)| *l == limit)
                })
                .count() as u32;
            if held < bound {
                return None;
            }
            Some(match limit {
                Limit::Officer(_) => {
                    let pin = inst.pins.iter().find(|pin| pin.officer == o)?;
                    PinConflict::OfficerPinned {
                        officer: o,
                        to: pin.position,
                    }
                }
                Limit::Position(_) => PinConflict::SeatsPinned { pinned: held },
                Limit::Service(service, _) => PinConflict::ServiceCapacity {
                    service,
                    pinned: held,
                },
                Limit::MissionService(mission, service) => PinConflict::MissionServiceLimit {
                    mission,
                    service,
                    pinned: held,
                },
            })
        })
}

/// Re-solves every level with `o` pinned to `p` (an eligible pair).
pub fn force(
    inst: &Instance,
    pairs: &[Pair],
    base: &Plan,
    o: OfficerIx,
    p: PositionIx,
    options: &SolveOptions,
) -> Result<Forced> {
    if let Some(conflict) = pin_conflict(inst, o, p) {
        return Ok(Forced {
            officer: o,
            position: p,
            result: Err(conflict),
        });
    }
    let mut forced_inst = inst.clone();
    forced_inst.pins.push(Pin {
        officer: o,
        position: p,
        line: 0,
        reason: String::new(),
    });
    // Among the plans that are best with the decision forced, the one
    // closest to the match's plan: the Keep level as the last tie-breaker.
    let options = SolveOptions {
        keep: Some(solve::Keep {
            pairs: base.assignments.clone(),
            before_quality: false,
        }),
        ..options.clone()
    };
    let solution = crate::verify::solve_checked(&forced_inst, pairs.to_vec(), &options)?;
    let before = base.position_of(inst.officers.len());
    let after = solution.plan.position_of(inst.officers.len());
    let moves = inst
        .officer_ixs()
        .filter(|o| before[o.0] != after[o.0])
        .map(|o| Move {
            officer: o,
            from: before[o.0],
            to: after[o.0],
        })
        .collect();
    Ok(Forced {
        officer: o,
        position: p,
        result: Ok(ForcedPlan {
            levels: solution.levels,
            seats: solution.plan.assignments.len(),
            optimal: solution.optimal(),
            moves,
        }),
    })
}

/// [`force`] for each pair, in parallel; results in the order given.
pub fn force_all(
    inst: &Instance,
    pairs: &[Pair],
    base: &Plan,
    wanted: &[Pair],
    options: &SolveOptions,
) -> Result<Vec<Forced>> {
    wanted
        .par_iter()
        .map(|&(o, p)| force(inst, pairs, base, o, p, options))
        .collect()
}

/// The cost of a forced plan against the match, level by level.
pub fn cost(base: &Solution, forced: &ForcedPlan) -> Cost {
    Cost {
        seats: base.plan.assignments.len() as i64 - forced.seats as i64,
        fill: base.levels.fill - forced.levels.fill,
        shortfall: forced.levels.balance - base.levels.balance,
        quality: base.levels.quality - forced.levels.quality,
    }
}

/// The constraint or level that keeps `o` out of `p` in the match's plan.
fn binding(
    cx: &Context,
    inst: &Instance,
    base: &Levels,
    o: OfficerIx,
    p: PositionIx,
    forced: &Forced,
) -> Binding {
    let here = cx.placed(o);
    if let Ok(f) = &forced.result {
        if let Some(q) = here {
            if f.levels.fill < base.fill - 1e-9 {
                return Binding::LeavesSeatEmpty(q);
            }
        }
    }
    match cx.blocking(o, p) {
        Some(binding) => binding,
        None => match &forced.result {
            Ok(f) if f.levels.fill < base.fill - 1e-9 => Binding::Fill,
            Ok(f) if f.levels.balance > base.balance + 1e-9 => {
                Binding::Balance(inst.positions[p.0].mission)
            }
            Ok(_) => Binding::Quality,
            Err(conflict) => Binding::Pins(conflict.clone()),
        },
    }
}

/// `explain --officer`: for every position, the rules the officer fails,
/// or what forcing them in would cost and what binds.
pub fn officer(
    inst: &Instance,
    pairs: &[Pair],
    solution: &Solution,
    o: OfficerIx,
    options: &SolveOptions,
) -> Result<String> {
    let cx = Context::new(inst, &solution.plan, pairs);
    let officer = &inst.officers[o.0];
    let service = &inst.services[officer.service.0];
    let mut out = String::new();
    let placed = cx.placed(o);
    let _ = writeln!(
        out,
        "{} ({}, {}): {}",
        officer.id,
        officer.name,
        service.name,
        match placed {
            Some(p) => format!("placed in {}", inst.position_label(p)),
            None => "not placed".into(),
        }
    );
    let eligible: Vec<PositionIx> = inst
        .position_ixs()
        .filter(|&p| rules::eligible(inst, o, p) && Some(p) != placed)
        .collect();
    let wanted: Vec<_> = eligible.iter().map(|&p| (o, p)).collect();
    let forced = force_all(inst, pairs, &solution.plan, &wanted, options)?;
    for p in inst.position_ixs() {
        let label = inst.position_label(p);
        if Some(p) == placed {
            let _ = writeln!(out, "  {label}: placed here");
            continue;
        }
        let failures = rules::failures(inst, o, p);
        if !failures.is_empty() {
            let text: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
            let _ = writeln!(out, "  {label}: not eligible: {}", text.join("; "));
            continue;
        }
        let f = forced
            .iter()
            .find(|f| f.position == p)
            .expect("every eligible position was forced");
        let holders = cx.holders_text(p);
        let _ = write!(out, "  {label}: eligible; held by {holders}; ");
        match &f.result {
            Ok(plan) => {
                let _ = write!(
                    out,
                    "forcing {} here: {}, {} officer(s) move",
                    officer.id,
                    cost(solution, plan).text(),
                    plan.moves.len()
                );
            }
            Err(_) => {
                let _ = write!(out, "cannot be forced here");
            }
        }
        let _ = writeln!(
            out,
            "; binds: {}",
            binding(&cx, inst, &solution.levels, o, p, f).text(inst)
        );
    }
    Ok(out)
}

/// `explain --position`: demand, filled, the eligibility funnel, and why
/// seats stay empty.
pub fn position(inst: &Instance, pairs: &[Pair], solution: &Solution, p: PositionIx) -> String {
    let cx = Context::new(inst, &solution.plan, pairs);
    let pos = &inst.positions[p.0];
    let filled = plan::position_counts(inst, &solution.plan)[p.0];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {filled} of {} seat(s) filled (priority {})",
        inst.position_label(p),
        pos.count,
        num(pos.priority)
    );
    let _ = writeln!(out, "  placed: {}", cx.holders_text(p));
    let _ = writeln!(
        out,
        "  eligible: {} of {} officers",
        cx.eligible[p.0].len(),
        inst.officers.len()
    );
    for (rule, n) in facts::funnel(inst, p) {
        if n > 0 {
            let _ = writeln!(out, "    {:<12} removes {n}", rule.name());
        }
    }
    if filled < pos.count {
        let _ = writeln!(
            out,
            "  {} seat(s) empty: {}",
            pos.count - filled,
            cx.unfilled_reason(p).text(inst)
        );
    }
    out
}

/// `recommend`: the best `top` alternatives for a seat (by score for the
/// mission, among eligible officers not placed there), each re-solved with
/// that officer forced in.
pub fn recommend(
    inst: &Instance,
    pairs: &[Pair],
    solution: &Solution,
    p: PositionIx,
    top: usize,
    options: &SolveOptions,
) -> Result<(Vec<Forced>, String)> {
    let cx = Context::new(inst, &solution.plan, pairs);
    let m = inst.positions[p.0].mission;
    let mut candidates: Vec<OfficerIx> = cx.eligible[p.0]
        .iter()
        .copied()
        .filter(|&o| cx.placed(o) != Some(p))
        .collect();
    super::facts::best_first(inst, m, &mut candidates);
    candidates.truncate(top);
    let wanted: Vec<_> = candidates.iter().map(|&o| (o, p)).collect();
    let forced = force_all(inst, pairs, &solution.plan, &wanted, options)?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: placed {}; {} eligible not placed here; the best {} by score:",
        inst.position_label(p),
        cx.holders_text(p),
        cx.eligible[p.0]
            .iter()
            .filter(|&&o| cx.placed(o) != Some(p))
            .count(),
        forced.len()
    );
    for (rank, f) in forced.iter().enumerate() {
        let o = f.officer;
        let now = match cx.placed(o) {
            Some(q) => format!("now in {}", inst.position_label(q)),
            None => "not placed".into(),
        };
        let _ = write!(
            out,
            "  {:>2}. {} (score {}, {now}): ",
            rank + 1,
            inst.officers[o.0].id,
            num(inst.score(o, m))
        );
        match &f.result {
            Ok(plan) => {
                let moved: Vec<String> = plan
                    .moves
                    .iter()
                    .map(|mv| {
                        let at = |x: Option<PositionIx>| {
                            x.map_or("out".to_string(), |q| inst.position_label(q))
                        };
                        format!(
                            "{} {}→{}",
                            inst.officers[mv.officer.0].id,
                            at(mv.from),
                            at(mv.to)
                        )
                    })
                    .collect();
                let shown = moved.len().min(MOVES_SHOWN);
                let more = if moved.len() > shown {
                    format!(" and {} more", moved.len() - shown)
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "{}; {} move(s): {}{more}",
                    cost(solution, plan).text(),
                    moved.len(),
                    moved[..shown].join(", ")
                );
            }
            Err(conflict) => {
                let _ = writeln!(out, "cannot be forced: {}", conflict.text(inst));
            }
        }
    }
    Ok((forced, out))
}
