//! A scenario applied to a copy of the baseline, the pins it drops, and
//! the eligible pairs after it, checked again only where it changed
//! something.

use super::{Change, Requirement, Scenario};
use crate::model::{Deployment, Service};
use crate::model::{Instance, MissionIx, OfficerIx, Pair, Pin, PositionIx};
use rayon::prelude::*;

/// The positions of mission `m` without dates of their own follow its tour.
fn follow_mission(inst: &mut Instance, m: MissionIx) {
    let mission = inst.missions[m.0].clone();
    for pos in inst.positions.iter_mut().filter(|p| p.mission == m) {
        pos.follow_mission_tour(&mission);
    }
}

/// Why a pin of the baseline does not hold in a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinDropped {
    /// The pin's mission closes.
    MissionCloses,
    /// The officer withdraws.
    Withdraws,
    /// The officer is excluded from the pin's mission.
    Excluded,
    /// The scenario pins the officer on another position (named, as it
    /// may be a seat only the scenario's own horizon plans).
    PinnedElsewhere(String),
    /// The seat starts after the scenario's shorter rotation horizon.
    BeyondHorizon,
    /// The scenario changes the months of the seat's position, and plans
    /// no seat of that name.
    SeatReplanned,
}

impl PinDropped {
    /// Why, in words: `the mission closes`.
    pub fn text(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::Msg;
        match self {
            PinDropped::MissionCloses => lang.text(Msg::WhatifPinMissionCloses).to_string(),
            PinDropped::Withdraws => lang.text(Msg::WhatifPinWithdraws).to_string(),
            PinDropped::Excluded => lang.text(Msg::WhatifPinExcluded).to_string(),
            PinDropped::PinnedElsewhere(position) => {
                lang.fill(Msg::WhatifPinElsewhere, &[("position", position)])
            }
            PinDropped::BeyondHorizon => lang.text(Msg::WhatifPinBeyondHorizon).to_string(),
            PinDropped::SeatReplanned => lang.text(Msg::WhatifPinSeatReplanned).to_string(),
        }
    }
}

/// The baseline's pins a scenario drops (`apply` leaves them out, so a
/// closed mission or a withdrawal never makes a scenario impossible), each
/// with the last change that drops it; `applied` is the scenario's
/// instance, as [`apply`] made it.
pub fn dropped_pins<'a>(
    inst: &'a Instance,
    scenario: &Scenario,
    applied: &Instance,
) -> Vec<(&'a Pin, PinDropped)> {
    let holds = |pin: &Pin| {
        let here = same_position(inst, applied, pin.position);
        applied
            .pins
            .iter()
            .any(|q| q.officer == pin.officer && Some(q.position) == here)
    };

    inst.pins
        .iter()
        .filter(|pin| !holds(pin))
        .map(|pin| {
            let mission = inst.positions[pin.position.0].mission;
            let why = scenario
                .changes
                .iter()
                .rev()
                .find_map(|change| match change {
                    Change::Close(ms) if ms.contains(&mission) => Some(PinDropped::MissionCloses),
                    Change::Withdraw(o) if *o == pin.officer => Some(PinDropped::Withdraws),
                    Change::Exclude(o, m) if *o == pin.officer && *m == mission => {
                        Some(PinDropped::Excluded)
                    }
                    Change::Pin(o, p) if *o == pin.officer && *p != pin.position => {
                        // A seat past the baseline's is one the scenario's
                        // own horizon plans: named as the scenario has it.
                        let named_in = if p.0 < inst.positions.len() {
                            inst
                        } else {
                            applied
                        };
                        Some(PinDropped::PinnedElsewhere(named_in.position_label(*p)))
                    }
                    _ => None,
                });
            let replanned = inst
                .successor_of(pin.position)
                .is_some_and(|base| months_change(inst, scenario, base));
            let gone = if replanned {
                PinDropped::SeatReplanned
            } else {
                PinDropped::BeyondHorizon
            };
            (pin, why.unwrap_or(gone))
        })
        .collect()
}

/// The baseline with the scenario's changes applied, in order.
pub fn apply(inst: &Instance, scenario: &Scenario) -> Instance {
    // Checked when read: no seat takes the name of a role.
    let (mut out, _) = seats_planned(inst, scenario);
    let moved: Vec<Option<PositionIx>> = inst
        .position_ixs()
        .map(|p| same_position(inst, &out, p))
        .collect();
    // A seat past the baseline's is one the scenario's own horizon plans
    // (a pin on it was read against these seats).
    let planned = out.positions.len();
    let seat_of = |p: PositionIx| match moved.get(p.0) {
        Some(&seat) => seat,
        None => (p.0 < planned).then_some(p),
    };
    for change in &scenario.changes {
        let live = |ps: &[PositionIx]| ps.iter().filter_map(|&p| seat_of(p)).collect::<Vec<_>>();
        match change {
            Change::MaxDeployed(ss, a) => ss.iter().for_each(|s| {
                let service = &mut out.services[s.0];
                service.max_deployed = a.apply(service.max_deployed);
                // Given now, no longer derived from the release share.
                service.release_derived = false;
            }),
            Change::DeployedNow(ss, a) => ss.iter().for_each(|s| {
                out.services[s.0].deployed_now = a.apply(out.services[s.0].deployed_now)
            }),
            Change::ReleaseShare(ss, x) => ss.iter().for_each(|s| {
                let service = &mut out.services[s.0];
                service.max_deployed = Service::released(service.sworn_officers, *x);
            }),
            Change::Start(..) | Change::Months(..) => apply_tour(&mut out, change),
            Change::Requirement(ps, r) => with_seats(&out, &live(ps)).iter().for_each(|p| {
                let pos = &mut out.positions[p.0];
                match r {
                    Requirement::MinRank(x) => pos.min_rank = *x,
                    Requirement::MinYears(x) => pos.min_years = *x,
                    Requirement::Languages(x) => pos.languages = x.clone(),
                    Requirement::Skills(x) => pos.skills = x.clone(),
                    Requirement::Leadership(x) => pos.leadership = *x,
                }
            }),
            Change::WomenShare(ms, x) => ms
                .iter()
                .for_each(|m| out.missions[m.0].min_women_share = *x),
            Change::LanguageShare(ms, x) => {
                for m in ms {
                    let mission = &mut out.missions[m.0];
                    if mission.language.is_some() {
                        mission.min_language_share = *x;
                    }
                }
            }
            Change::MaxPerService(ms, l) => ms
                .iter()
                .for_each(|m| out.missions[m.0].max_per_service = *l),
            Change::Close(ms) => {
                for pos in out.positions.iter_mut().filter(|p| ms.contains(&p.mission)) {
                    pos.count = 0;
                }
                // The pins of pins.csv go with the mission; the scenario's
                // own stay, and the pin check says the scenario closes it.
                out.pins.retain(|pin| {
                    pin.line == 0 || !ms.contains(&out.positions[pin.position.0].mission)
                });
            }
            Change::PositionStart(..) | Change::PositionMonths(..) => apply_tour(&mut out, change),
            Change::Away(ss, away) => {
                for s in ss {
                    for _ in 0..away.officers {
                        out.deployments.push(Deployment {
                            service: *s,
                            officer_id: String::new(),
                            officer: None,
                            mission_id: String::new(),
                            role: String::new(),
                            start: away.start,
                            until: away.until,
                            line: 0,
                        });
                    }
                }
            }
            Change::RotationsUntil(_) => {}
            Change::Count(ps, a) => live(ps)
                .iter()
                .for_each(|p| out.positions[p.0].count = a.apply(out.positions[p.0].count)),
            Change::Priority(ps, x) => with_seats(&out, &live(ps))
                .iter()
                .for_each(|p| out.positions[p.0].priority = *x),
            Change::Withdraw(o) => {
                out.officers[o.0].excluded = (0..out.missions.len()).map(MissionIx).collect();
                out.pins.retain(|pin| pin.line == 0 || pin.officer != *o);
            }
            Change::Exclude(o, m) => {
                out.officers[o.0].excluded.push(*m);
                out.pins.retain(|pin| {
                    pin.line == 0
                        || !(pin.officer == *o && out.positions[pin.position.0].mission == *m)
                });
            }
            // A row pinning on a seat the scenario no longer plans
            // changes nothing.
            Change::Pin(o, p) => {
                if let Some(p) = seat_of(*p) {
                    out.pins.retain(|pin| pin.officer != *o);
                    out.pins.push(Pin {
                        officer: *o,
                        position: p,
                        line: 0,
                        reason: String::new(),
                    });
                }
            }
        }
    }
    // A pin on a seat a shorter horizon drops goes with it.
    let n = out.positions.len();
    out.pins.retain(|pin| pin.position.0 < n);
    // Dates, deployments or entities may have changed: the calendar of
    // check days and the id index are rebuilt on first use.
    out.reset_derived();
    out
}

/// The baseline with the scenario's successor seats: the first step of
/// [`apply`]. The seats come first, so that the other rows see them. A
/// seat stays its position's months, so when the scenario changes those,
/// the tours are changed first and the seats planned again from them
/// (successors of successors may then start on other days); a
/// `rotations_until` row plans them until another day. Also returns the
/// seats left out because a role of positions.csv has their name (an
/// error when the scenario is read).
pub(super) fn seats_planned(
    inst: &Instance,
    scenario: &Scenario,
) -> (Instance, Vec<crate::model::rotation::Collision>) {
    let mut out = inst.clone();
    let mut clashes = Vec::new();
    let reseat = reseats(inst, scenario);
    if reseat {
        for change in &scenario.changes {
            apply_tour(&mut out, change);
        }
    }
    for change in &scenario.changes {
        if let Change::RotationsUntil(until) = change {
            let overlap = out.rotations.as_ref().map_or(14, |r| r.overlap_days);
            clashes = out.set_rotations(*until, overlap);
        }
    }
    if let (true, Some(r)) = (reseat, &out.rotations) {
        clashes = out.set_rotations(r.until, r.overlap_days);
    }
    (out, clashes)
}

/// Whether a scenario plans the successor seats again because it changes
/// the months of a position that has them.
fn reseats(inst: &Instance, scenario: &Scenario) -> bool {
    inst.rotations
        .as_ref()
        .is_some_and(|r| r.base.iter().any(|&p| months_change(inst, scenario, p)))
}

/// Whether a scenario changes the months of position `p`: its own, or
/// its mission's when the position follows its mission's tour.
fn months_change(inst: &Instance, scenario: &Scenario, p: PositionIx) -> bool {
    let pos = &inst.positions[p.0];
    scenario.changes.iter().any(|change| match change {
        Change::PositionMonths(ps, _) => ps.contains(&p),
        Change::Months(ms, _) => ms.contains(&pos.mission) && !pos.own_tour.1,
        _ => false,
    })
}

/// Applies a change of tours (a mission's or a position's start or
/// months), if `change` is one.
fn apply_tour(out: &mut Instance, change: &Change) {
    match change {
        Change::Start(ms, d) => ms.iter().for_each(|m| {
            let mission = &mut out.missions[m.0];
            mission.start = *d;
            mission.end = d.tour_end(mission.months);
            follow_mission(out, *m);
        }),
        Change::Months(ms, n) => ms.iter().for_each(|m| {
            let mission = &mut out.missions[m.0];
            mission.months = *n;
            mission.end = mission.start.tour_end(*n);
            follow_mission(out, *m);
        }),
        Change::PositionStart(ps, d) => ps.iter().for_each(|p| {
            let pos = &mut out.positions[p.0];
            pos.start = *d;
            pos.own_tour.0 = true;
            pos.end = d.tour_end(pos.months);
        }),
        Change::PositionMonths(ps, months) => ps.iter().for_each(|p| {
            let pos = &mut out.positions[p.0];
            pos.months = *months;
            pos.own_tour.1 = true;
            pos.end = pos.start.tour_end(*months);
        }),
        _ => {}
    }
}

/// Position `p` of `inst` in `out`, a scenario of it: the same index for
/// a position of positions.csv, the seat of the same name for a successor
/// seat (`None` when `out` plans no such seat). A scenario that changes a
/// position's months plans its seats again, in another order.
pub fn same_position(inst: &Instance, out: &Instance, p: PositionIx) -> Option<PositionIx> {
    if p.0 < inst.planned_positions() {
        return Some(p);
    }
    let pos = inst.positions.get(p.0)?;
    (out.planned_positions()..out.positions.len())
        .map(PositionIx)
        .find(|q| {
            let other = &out.positions[q.0];
            other.mission == pos.mission && other.role == pos.role
        })
}

/// `ps` and the successor seats that follow any of them: a seat has the
/// requirements and priority of its position.
fn with_seats(out: &Instance, ps: &[PositionIx]) -> Vec<PositionIx> {
    let mut all = ps.to_vec();
    if let Some(r) = &out.rotations {
        all.extend(
            r.base
                .iter()
                .enumerate()
                .filter(|(_, b)| ps.contains(b))
                .map(|(i, _)| PositionIx(r.first_seat + i)),
        );
    }
    all.sort_unstable();
    all.dedup();
    all
}

/// The eligible pairs of a scenario's instance, from the baseline's: only
/// the officers and positions whose eligibility the scenario can change
/// are checked again (withdrawn or excluded officers; positions whose
/// requirements or mission dates change). Same result as
/// [`crate::rules::eligible_pairs`], sorted the same way.
pub fn eligible_pairs(base_pairs: &[Pair], inst: &Instance, scenario: &Scenario) -> Vec<Pair> {
    let mut officers = vec![false; inst.officers.len()];
    let mut positions = vec![false; inst.positions.len()];
    for change in &scenario.changes {
        match change {
            Change::Withdraw(o) | Change::Exclude(o, _) => officers[o.0] = true,
            Change::Requirement(ps, _)
            | Change::PositionStart(ps, _)
            | Change::PositionMonths(ps, _) => ps.iter().for_each(|p| {
                if let Some(dirty) = positions.get_mut(p.0) {
                    *dirty = true;
                }
            }),
            Change::Start(ms, _) | Change::Months(ms, _) => {
                for p in inst.position_ixs() {
                    if ms.contains(&inst.positions[p.0].mission) {
                        positions[p.0] = true;
                    }
                }
            }
            _ => {}
        }
    }
    // Successor seats planned again (another horizon, other months) or
    // following their position's requirements: every seat is checked (the
    // baseline's seats and their pairs may be gone, below).
    let reseated = inst.rotations.is_some()
        && scenario.changes.iter().any(|c| {
            matches!(
                c,
                Change::RotationsUntil(_)
                    | Change::Requirement(..)
                    | Change::Start(..)
                    | Change::Months(..)
                    | Change::PositionStart(..)
                    | Change::PositionMonths(..)
            )
        });
    if reseated {
        (inst.planned_positions()..inst.positions.len()).for_each(|p| positions[p] = true);
    }
    let dirty: Vec<PositionIx> = inst.position_ixs().filter(|p| positions[p.0]).collect();
    if dirty.is_empty() && !officers.contains(&true) && !reseated {
        return base_pairs.to_vec();
    }
    let mut pairs: Vec<Pair> = base_pairs
        .iter()
        .filter(|(o, p)| !officers[o.0] && !positions.get(p.0).copied().unwrap_or(true))
        .copied()
        .collect();
    let all: Vec<PositionIx> = inst.position_ixs().collect();
    let again: Vec<Pair> = (0..inst.officers.len())
        .into_par_iter()
        .flat_map_iter(|o| {
            let check = if officers[o] { &all } else { &dirty };
            check
                .iter()
                .filter(move |&&p| crate::rules::eligible(inst, OfficerIx(o), p))
                .map(move |&p| (OfficerIx(o), p))
        })
        .collect();
    pairs.extend(again);
    pairs.sort_unstable();
    pairs
}
