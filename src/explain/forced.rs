//! Answers from the model itself: what forcing one officer into one
//! position would cost, found by re-solving every level with that decision
//! pinned (`explain --officer`, `recommend`), and the facts behind a
//! position's seats (`explain --position`).
//!
//! A forced plan is solved exactly like the match (every level proven), so
//! its cost is the difference of two optima, level by level: seats and
//! priority lost, shortfall added, quality lost. Under a time limit (or the
//! memory guard) a re-solve may stop in one level: the costs before it stay
//! exact, its own is a bound, the later ones are not measured, and every
//! answer says so ([`ForcedPlan::stopped`]).

use super::facts::{self, Context};
use super::reasons::{Binding, Bound, Cost, PinConflict};
use crate::error::Result;
use crate::lang::{count_text, num_text, Lang, Msg};
use crate::model::limits::Limit;
use crate::model::{Instance, OfficerIx, Pair, Pin, PositionIx};
use crate::plan::Levels;
use crate::rules;
use crate::solve::{self, Level, Solution, SolveOptions};
use rayon::prelude::*;
use std::fmt::Write;

/// What one more released officer of a service at capacity would bring,
/// by an exact re-solve with its limit (`max_deployed`) raised by one: one
/// more officer away at once, on every day the limit is checked. A service
/// whose officers already away reach even the raised limit gains nothing.
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
    /// The level in which the re-solve stopped before proving its plan
    /// the best (time limit, memory guard), if it did: the gains are then
    /// those of the plan it found.
    pub stopped: Option<Level>,
    /// The level in which the match itself stopped, if it did: the gains
    /// are then measured against the plan it found, from that level on.
    pub base_stopped: Option<Level>,
    /// Whether the officers already away reach even the raised limit on
    /// every day it is checked, so one more leaves no room (and every gain
    /// is 0, exactly: nothing is re-solved).
    pub no_room: bool,
}

impl CapacityValue {
    /// The first level whose gain is not exact (the match's or the
    /// re-solve's stop, whichever comes first), if any.
    pub fn unproven_in(&self) -> Option<Level> {
        first_stop(self.base_stopped, self.stopped)
    }

    /// Whether the match, not the re-solve, stopped first (the gain is
    /// then measured against an unproven plan).
    pub fn base_first(&self) -> bool {
        self.base_stopped.is_some() && self.base_stopped == self.unproven_in()
    }
}

/// The earlier of two stops in the order levels are solved: Fill,
/// Balance, then Keep where it comes before Quality (a stop in Keep is
/// one before Quality: [`Solution::stopped_in`]), Quality.
fn first_stop(a: Option<Level>, b: Option<Level>) -> Option<Level> {
    let order = |level: Level| match level {
        Level::Fill => 0,
        Level::Balance => 1,
        Level::Keep => 2,
        Level::Quality => 3,
    };
    match (a, b) {
        (Some(a), Some(b)) => Some(if order(a) <= order(b) { a } else { b }),
        (a, b) => a.or(b),
    }
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
    let calendar = inst.calendar();
    full.par_iter()
        .map(|&s| {
            let service = crate::model::ServiceIx(s);
            let mut more = inst.clone();
            more.services[s].max_deployed += 1;
            // Officers already away beyond the raised limit on every day
            // it is checked: the model is unchanged, and so is the plan.
            let no_room = crate::model::limits::releases_nobody(&more, calendar, service);
            if no_room {
                return Ok(CapacityValue {
                    service,
                    seats: 0,
                    fill: 0.0,
                    balance: 0.0,
                    quality: 0.0,
                    stopped: None,
                    base_stopped: None,
                    no_room,
                });
            }
            let sol = crate::verify::solve_checked(&more, pairs.to_vec(), options)?;
            Ok(CapacityValue {
                service,
                seats: sol.plan.assignments.len() as i64 - solution.plan.assignments.len() as i64,
                fill: sol.levels.fill - solution.levels.fill,
                balance: solution.levels.balance - sol.levels.balance,
                quality: sol.levels.quality - solution.levels.quality,
                stopped: sol.stopped_in(),
                base_stopped: solution.stopped_in(),
                no_room,
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
    /// The first of Fill, Balance and Quality the re-solve stopped in
    /// before proving its plan the best (time limit, a first Ctrl-C,
    /// memory guard), if
    /// any: the cost there is a bound (the best plan with the decision is
    /// at least as good), and later levels are not measured.
    pub stopped: Option<Level>,
    /// The level in which the match itself stopped, if it did: the costs
    /// from that level on are measured against the plan it found, which
    /// may not be the best.
    pub base_stopped: Option<Level>,
    /// Whether the moves are proven the fewest (the Keep level that
    /// chooses them was proven).
    pub fewest_moves: bool,
    /// Officers whose position differs from the match's plan.
    pub moves: Vec<Move>,
}

impl ForcedPlan {
    /// Whether every cost is exact (Fill, Balance and Quality proven, in
    /// the match and in the re-solve).
    pub fn proven(&self) -> bool {
        self.unproven_in().is_none()
    }

    /// The first level whose cost is not exact (the match's or the
    /// re-solve's stop, whichever comes first), if any.
    pub fn unproven_in(&self) -> Option<Level> {
        first_stop(self.base_stopped, self.stopped)
    }

    /// Whether the costs and the moves are proven (nothing to mark).
    pub fn settled(&self) -> bool {
        self.proven() && self.fewest_moves
    }

    /// The level the re-solve stopped in, as outputs name it: `fill`,
    /// `balance` or `quality` (the costs from it on are not exact), `keep`
    /// (the costs are exact, the moves not proven the fewest), or empty.
    pub fn stopped_name(&self) -> &'static str {
        match self.unproven_in() {
            Some(level) => level.name(),
            None if !self.fewest_moves => Level::Keep.name(),
            None => "",
        }
    }

    /// Why the answer is not proven, if it is not: the level stopped in,
    /// or the moves not proven the fewest.
    pub fn why_not_proven(&self, lang: Lang) -> Option<String> {
        match self.unproven_in() {
            Some(level) if self.base_stopped == Some(level) => {
                let msg = match self.stopped == Some(level) {
                    true => Msg::NotProvenBothStopped,
                    false => Msg::NotProvenBaseStopped,
                };
                Some(lang.fill(msg, &[("level", &level.name_in(lang))]))
            }
            Some(level) => {
                Some(lang.fill(Msg::NotProvenStoppedIn, &[("level", &level.name_in(lang))]))
            }
            None if !self.fewest_moves => Some(lang.text(Msg::NotProvenMoves).into()),
            None => None,
        }
    }
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
    use crate::model::limits::limits_of;
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
                // No pin counts here: the officers already away leave no
                // room.
                Limit::Service(service, _) if held == 0 => {
                    let max = inst.services[service.0].max_deployed;
                    // The tour's days the officers already away fill.
                    let days = if inst.calendar().dated(inst, service) {
                        let pos = &inst.positions[p.0];
                        crate::model::limits::away(inst, service, &[])
                            .at_least_within(max, pos.start, pos.end)
                    } else {
                        Vec::new()
                    };
                    PinConflict::ServiceAway {
                        service,
                        away: days
                            .iter()
                            .map(|d| d.2)
                            .max()
                            .or(limit.already_away(inst))
                            .unwrap_or_default(),
                        days,
                        limit: max,
                    }
                }
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
    base: &Solution,
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
            pairs: base.plan.assignments.clone(),
            before_quality: false,
        }),
        ..options.clone()
    };
    let solution = crate::verify::solve_checked(&forced_inst, pairs.to_vec(), &options)?;
    let before = base.plan.position_of(inst.officers.len());
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
            stopped: solution.stopped_in(),
            base_stopped: base.stopped_in(),
            fewest_moves: solution.proven(Level::Keep),
            moves,
        }),
    })
}

/// [`force`] for each pair, in parallel; results in the order given.
/// `done` is told how many re-solves have finished, of how many, as each
/// one ends (for a progress bar).
pub fn force_all(
    inst: &Instance,
    pairs: &[Pair],
    base: &Solution,
    wanted: &[Pair],
    options: &SolveOptions,
    done: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<Forced>> {
    let finished = std::sync::atomic::AtomicUsize::new(0);
    wanted
        .par_iter()
        .map(|&(o, p)| {
            let forced = force(inst, pairs, base, o, p, options);
            let n = finished.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            done(n, wanted.len());
            forced
        })
        .collect()
}

impl Forced {
    /// Whether its re-solve, if one ran, proved its plan and its moves (a
    /// re-solve stopped by the time limit, or by the memory guard, did
    /// not). Whether the match it is measured against was proven is the
    /// match's own status.
    pub fn settled(&self) -> bool {
        self.result
            .as_ref()
            .map_or(true, |plan| plan.stopped.is_none() && plan.fewest_moves)
    }
}

/// Whether every re-solve that ran proved its costs and its moves.
pub fn proven(forced: &[Forced]) -> bool {
    forced.iter().all(Forced::settled)
}

/// The line that warns that the match's own plan is not proven optimal,
/// if it is not: every cost is then measured against a plan that may not
/// be the best.
fn base_note(solution: &Solution, lang: Lang) -> Option<String> {
    (!solution.optimal()).then(|| {
        lang.fill(
            Msg::ExplainBaseUnproven,
            &[("status", &crate::report::status_text_in(solution, lang))],
        )
    })
}

/// [`cost`] as a person reads it: exact levels, the first level a solve
/// stopped in bounded as far as it can be (see [`Bound`]), later levels
/// left out.
pub fn cost_text(base: &Solution, forced: &ForcedPlan, lang: Lang) -> String {
    cost(base, forced).text_stopped(stop_bound(forced.base_stopped, forced.stopped), lang)
}

/// The first level a cost between two solves is not exact in, given the
/// level each stopped in (`base`: the plan the cost is measured against;
/// `other`: the plan measured), and how the cost there bounds the exact
/// one: `at worst` when only the other stopped there, `at best` when only
/// the base did, no bound when both did.
pub fn stop_bound(base: Option<Level>, other: Option<Level>) -> Option<(Level, Bound)> {
    first_stop(base, other).map(|level| {
        let bound = match (base == Some(level), other == Some(level)) {
            // A stop in Keep, before Quality: that solve's Quality was
            // never optimized, and a plan keeping fewer may score more
            // than the one keeping the most, so no bound either way.
            _ if level == Level::Keep => Bound::None,
            (true, true) => Bound::None,
            (true, false) => Bound::AtBest,
            _ => Bound::AtWorst,
        };
        (level, bound)
    })
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
    base_stopped: Option<Level>,
    o: OfficerIx,
    p: PositionIx,
    forced: &Forced,
) -> Binding {
    // Pinned elsewhere: the pin, not the one position per officer, is
    // what a board would revisit.
    if let Err(conflict @ PinConflict::OfficerPinned { .. }) = &forced.result {
        return Binding::Pins(conflict.clone());
    }
    let here = cx.placed(o);
    if let Ok(f) = &forced.result {
        if let (Some(q), true) = (here, f.stopped != Some(Level::Fill)) {
            if f.levels.fill < base.fill - 1e-9 {
                return Binding::LeavesSeatEmpty(q);
            }
        }
    }
    let level = match &forced.result {
        // A level the re-solve did not prove says nothing, nor do the
        // levels after it.
        // A proven loss against the match's plan is a loss against the
        // best plan too; no loss against a match that stopped in that
        // level says nothing, nor do the levels after it.
        Ok(f) if f.stopped == Some(Level::Fill) => Binding::Unproven(Level::Fill),
        Ok(f) if f.levels.fill < base.fill - 1e-9 => Binding::Fill,
        Ok(_) if base_stopped == Some(Level::Fill) => Binding::MatchUnproven(Level::Fill),
        Ok(f) if f.stopped == Some(Level::Balance) => Binding::Unproven(Level::Balance),
        Ok(f) if f.levels.balance > base.balance + 1e-9 => {
            Binding::Balance(inst.positions[p.0].mission)
        }
        Ok(_) if base_stopped == Some(Level::Balance) => Binding::MatchUnproven(Level::Balance),
        Ok(f) if f.stopped == Some(Level::Quality) => Binding::Unproven(Level::Quality),
        // The match's own plan may not be the best: quality binds only
        // if the re-solve's plan is worse there. Fill and Balance are
        // no worse here; a plan better on any level gains (a plan given
        // with --plan need not be the best), one equal on every level
        // ties.
        Ok(f) => {
            let gains = f.levels.fill > base.fill + 1e-9
                || f.levels.balance < base.balance - 1e-9
                || f.levels.quality > base.quality + 1e-9;
            let loses = !gains && f.levels.quality < base.quality - 1e-9;
            match base_stopped {
                Some(level) if !loses => Binding::MatchUnproven(level),
                _ if loses => Binding::Quality,
                _ if gains => Binding::Gain,
                _ => Binding::Tie,
            }
        }
        Err(conflict) => Binding::Pins(conflict.clone()),
    };
    // No plan can place `o` here for the pins: they are what a board would
    // revisit, whatever else the match's plan shows (an officer placed
    // elsewhere would simply move, were it not for the pins).
    if matches!(level, Binding::Pins(_)) {
        return level;
    }
    match cx.blocking(o, p) {
        // A limit keeps `o` out, unless the re-solve says more: a plan as
        // good (or better) places them here all the same.
        Some(Binding::Full(full)) => match level {
            Binding::Tie | Binding::Gain => level,
            _ => Binding::Full(full),
        },
        // Likewise a pin on the seat they would take at no cost.
        Some(Binding::HolderPinned(chosen)) => match level {
            Binding::Tie | Binding::Gain => level,
            _ => Binding::HolderPinned(chosen),
        },
        // Placed elsewhere: the level says more than the one position
        // per officer (a plan as good places them here, or what the move
        // costs), unless the re-solve could not tell.
        Some(Binding::PlacedElsewhere(q)) => match level {
            Binding::Unproven(_) | Binding::MatchUnproven(_) => Binding::PlacedElsewhere(q),
            _ => level,
        },
        Some(binding) => binding,
        None => level,
    }
}

/// `explain --officer`: for every position, the rules the officer fails,
/// or what forcing them in would cost and what binds, in `lang`; with the
/// re-solves (one per eligible position but their own), which [`proven`]
/// tells apart. `done` follows the re-solves as in [`force_all`].
pub fn officer(
    inst: &Instance,
    pairs: &[Pair],
    solution: &Solution,
    o: OfficerIx,
    options: &SolveOptions,
    lang: Lang,
    done: &(dyn Fn(usize, usize) + Sync),
) -> Result<(Vec<Forced>, String)> {
    let cx = Context::new(inst, &solution.plan, pairs);
    let officer = &inst.officers[o.0];
    let service = &inst.services[officer.service.0];
    let mut out = String::new();
    if let Some(note) = base_note(solution, lang) {
        let _ = writeln!(out, "{note}");
    }
    let placed = cx.placed(o);
    let state = match placed {
        Some(p) => lang.fill(
            Msg::ExplainPlacedIn,
            &[("position", &inst.position_label(p))],
        ),
        None => lang.text(Msg::ExplainNotPlaced).into(),
    };
    let _ = writeln!(
        out,
        "{}",
        lang.fill(
            Msg::ExplainOfficerHead,
            &[
                ("officer", &officer.id),
                ("name", &officer.name),
                ("service", &service.name_in(lang)),
                ("state", &state),
            ],
        )
    );
    let eligible: Vec<PositionIx> = inst
        .position_ixs()
        .filter(|&p| rules::eligible(inst, o, p) && Some(p) != placed)
        .collect();
    let wanted: Vec<_> = eligible.iter().map(|&p| (o, p)).collect();
    let forced = force_all(inst, pairs, solution, &wanted, options, done)?;
    let base_stopped = solution.stopped_in();
    for p in inst.position_ixs() {
        let label = inst.position_label(p);
        let line =
            |what: String| lang.fill(Msg::ExplainLine, &[("label", &label), ("what", &what)]);
        if Some(p) == placed {
            let _ = writeln!(out, "  {}", line(lang.text(Msg::ExplainPlacedHere).into()));
            continue;
        }
        let failures = rules::failures_in(inst, o, p, lang);
        if !failures.is_empty() {
            let text: Vec<String> = failures.iter().map(|f| f.text_in(lang)).collect();
            let what = lang.fill(
                Msg::ExplainNotEligible,
                &[("failures", &text.join(lang.semicolon()))],
            );
            let _ = writeln!(out, "  {}", line(what));
            continue;
        }
        let f = forced
            .iter()
            .find(|f| f.position == p)
            .expect("every eligible position was forced");
        let forcing = match &f.result {
            Ok(plan) => {
                let why = plan.why_not_proven(lang);
                lang.fill(
                    match why {
                        None => Msg::ExplainForcing,
                        Some(_) => Msg::ExplainForcingUnproven,
                    },
                    &[
                        ("officer", &officer.id),
                        ("cost", &cost_text(solution, plan, lang)),
                        ("moves", &plan.moves.len()),
                        ("why", &why.unwrap_or_default()),
                    ],
                )
            }
            Err(_) => lang.text(Msg::ExplainCannotBeForcedHere).into(),
        };
        let binds = binding(&cx, inst, &solution.levels, base_stopped, o, p, f).text_in(inst, lang);
        let parts = [
            lang.text(Msg::ExplainEligible).to_string(),
            lang.fill(
                Msg::ExplainHeldBy,
                &[("holders", &cx.holders_text(p, lang))],
            ),
            forcing,
            lang.fill(Msg::ExplainBinds, &[("binding", &binds)]),
        ];
        let _ = writeln!(out, "  {}", line(parts.join(lang.semicolon())));
    }
    Ok((forced, out))
}

/// `explain --position`: demand, filled, the eligibility funnel, and why
/// seats stay empty, in `lang`.
pub fn position(
    inst: &Instance,
    pairs: &[Pair],
    solution: &Solution,
    p: PositionIx,
    lang: Lang,
) -> String {
    let cx = Context::new(inst, &solution.plan, pairs);
    let pos = &inst.positions[p.0];
    // A row given twice is one officer in one seat, as the context holds it.
    let filled = cx.holders(p).len() as u32;
    let lines = [
        lang.fill(
            Msg::ExplainPositionHead,
            &[
                ("position", &inst.position_label(p)),
                ("filled", &filled),
                ("seats", &pos.count),
                ("priority", &num_text(pos.priority, lang)),
            ],
        ),
        format!(
            "  {}",
            lang.fill(
                Msg::ExplainPositionPlaced,
                &[("holders", &cx.holders_text(p, lang))]
            )
        ),
        format!(
            "  {}",
            lang.fill(
                Msg::ExplainPositionEligible,
                &[
                    ("n", &count_text(cx.eligible[p.0].len(), lang)),
                    ("officers", &count_text(inst.officers.len(), lang)),
                ],
            )
        ),
    ];
    let mut out = String::new();
    if let Some(note) = base_note(solution, lang) {
        let _ = writeln!(out, "{note}");
    }
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
    let width = rules::Rule::ALL
        .iter()
        .map(|r| r.name_in(lang).chars().count())
        .max()
        .unwrap_or(0)
        .max(12);
    for (rule, n) in facts::funnel(inst, p) {
        if n > 0 {
            let removes = lang.fill(Msg::ExplainRuleRemoves, &[("n", &n)]);
            let _ = writeln!(out, "    {:<width$} {removes}", rule.name_in(lang));
        }
    }
    if filled < pos.count {
        let line = lang.fill(
            Msg::ExplainSeatsEmpty,
            &[
                ("n", &(pos.count - filled)),
                ("reason", &cx.unfilled_reason(p).text_in(inst, lang)),
            ],
        );
        let _ = writeln!(out, "  {line}");
    }
    out
}

/// `recommend`: the best `top` alternatives for a seat (by score for the
/// mission plus preference points, as the plan weighs them, among eligible
/// officers not placed there), each re-solved with that officer forced in
/// and listed least costly first (Fill, then shortfall, then quality;
/// those who cannot be forced last); the text in `lang`. `done` follows
/// the re-solves as in [`force_all`].
#[allow(clippy::too_many_arguments)]
pub fn recommend(
    inst: &Instance,
    pairs: &[Pair],
    solution: &Solution,
    p: PositionIx,
    top: usize,
    options: &SolveOptions,
    lang: Lang,
    done: &(dyn Fn(usize, usize) + Sync),
) -> Result<(Vec<Forced>, String)> {
    let cx = Context::new(inst, &solution.plan, pairs);
    let m = inst.positions[p.0].mission;
    let mut candidates: Vec<OfficerIx> = cx.eligible[p.0]
        .iter()
        .copied()
        .filter(|&o| cx.placed(o) != Some(p))
        .collect();
    cx.weighted_first(p, &mut candidates);
    let free = candidates.len();
    candidates.truncate(top);
    // Pins holding every seat: nobody else can be placed, so nothing to
    // re-solve (each would only say so again).
    let pinned = inst.pins.iter().filter(|pin| pin.position == p).count();
    let all_pinned = pinned as u32 >= inst.positions[p.0].count;
    if all_pinned {
        candidates.clear();
    }
    let wanted: Vec<_> = candidates.iter().map(|&o| (o, p)).collect();
    let mut forced = force_all(inst, pairs, solution, &wanted, options, done)?;
    // Least costly first; a stable sort keeps the weighted order on ties.
    forced.sort_by_key(|f| match &f.result {
        Ok(plan) => (0, cost(solution, plan).rank()),
        Err(_) => (1, [0; 3]),
    });
    let mut out = String::new();
    if let Some(note) = base_note(solution, lang) {
        let _ = writeln!(out, "{note}");
    }
    let head = lang.fill(
        match (free, all_pinned) {
            (0, _) => Msg::RecommendNobody,
            (_, true) => Msg::RecommendAllPinned,
            // `--top 0`: how many, and no list.
            _ if forced.is_empty() => Msg::RecommendCount,
            _ => Msg::RecommendHead,
        },
        &[
            ("position", &inst.position_label(p)),
            ("holders", &cx.holders_text(p, lang)),
            (
                "free",
                &cx.eligible[p.0]
                    .iter()
                    .filter(|&&o| cx.placed(o) != Some(p))
                    .count(),
            ),
            ("best", &forced.len()),
        ],
    );
    let _ = writeln!(out, "{head}");
    for (rank, f) in forced.iter().enumerate() {
        let o = f.officer;
        let now = match cx.placed(o) {
            Some(q) => lang.fill(
                Msg::RecommendNowIn,
                &[("position", &inst.position_label(q))],
            ),
            None => lang.text(Msg::ExplainNotPlaced).into(),
        };
        let who = lang.fill(
            Msg::RecommendCandidate,
            &[
                ("officer", &inst.officers[o.0].id),
                ("score", &num_text(inst.score(o, m), lang)),
                ("now", &now),
            ],
        );
        let _ = write!(out, "  {:>2}. {who} ", rank + 1);
        match &f.result {
            Ok(plan) => {
                let moved: Vec<String> = plan
                    .moves
                    .iter()
                    .map(|mv| {
                        let at = |x: Option<PositionIx>| {
                            x.map_or(lang.text(Msg::RecommendOut).to_string(), |q| {
                                inst.position_label(q)
                            })
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
                    let n = moved.len() - shown;
                    format!(" {}", lang.fill(Msg::RecommendMoreMoves, &[("n", &n)]))
                } else {
                    String::new()
                };
                let why = plan.why_not_proven(lang);
                let line = lang.fill(
                    match why {
                        None => Msg::RecommendMoves,
                        Some(_) => Msg::RecommendMovesUnproven,
                    },
                    &[
                        ("why", &why.unwrap_or_default()),
                        ("cost", &cost_text(solution, plan, lang)),
                        ("n", &moved.len()),
                        ("moves", &moved[..shown].join(", ")),
                        ("more", &more),
                    ],
                );
                let _ = writeln!(out, "{line}");
            }
            Err(conflict) => {
                let line = lang.fill(
                    Msg::RecommendCannotBeForced,
                    &[("conflict", &conflict.text_in(inst, lang))],
                );
                let _ = writeln!(out, "{line}");
            }
        }
    }
    Ok((forced, out))
}
