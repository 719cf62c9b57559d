//! Rotations: the successor seats of the officers away (deployments.csv).
//!
//! Every row of deployments.csv naming a mission and a role of
//! positions.csv holds a seat that is filled again when its officer comes
//! home: the successor arrives `overlap_days` before the incumbent's
//! `until` + 1 (both are away during the handover) and stays the
//! position's months; successors of successors follow until a tour would
//! start after the horizon. Seats starting the same day are one position,
//! `ROLE@YYYY-MM-DD`, with one seat per officer coming home then, and the
//! requirements and priority of its position.
//!
//! The seats are appended after the positions of positions.csv, ordered by
//! their first day (then by position): a seat's count and tour do not
//! depend on the horizon, so the seats of an earlier horizon are a prefix
//! of those of a later one, and their indices stay the same.

use super::{Date, Deployment, Instance, Position, PositionIx};
use std::collections::BTreeMap;

/// The rotation planned for an instance: its horizon, its overlap, and
/// where its successor seats are among the positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotations {
    /// No successor tour starts after this day.
    pub until: Date,
    /// Days a successor arrives before the officer they replace comes home.
    pub overlap_days: u32,
    /// The positions from this index on are successor seats.
    pub first_seat: usize,
    /// The position of positions.csv each successor seat follows, in seat
    /// order (`first_seat + i` follows `base[i]`).
    pub base: Vec<PositionIx>,
}

impl Rotations {
    /// The position of positions.csv seat `p` follows, when `p` is a
    /// successor seat.
    pub fn base_of(&self, p: PositionIx) -> Option<PositionIx> {
        p.0.checked_sub(self.first_seat)
            .and_then(|i| self.base.get(i))
            .copied()
    }
}

/// One successor seat to be added: the position of positions.csv it
/// follows, its first day, and the number of officers coming home then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seat {
    /// The position of positions.csv it follows.
    pub base: PositionIx,
    /// First day of the successor's tour.
    pub start: Date,
    /// Seats (officers replaced that day).
    pub count: u32,
    /// `ROLE@YYYY-MM-DD`.
    pub role: String,
}

/// A successor seat whose name is already a role of positions.csv.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collision {
    /// The position of positions.csv with that role.
    pub existing: PositionIx,
    /// The seat's role, `ROLE@YYYY-MM-DD`.
    pub role: String,
    /// The position the seat follows.
    pub base: PositionIx,
}

/// The successor seats of the rows of deployments.csv among `positions`
/// (those of positions.csv: the first `positions` of the instance), in
/// seat order: by first day, then by position. A row whose mission and
/// role name no position has no successor.
pub fn successor_seats(
    inst: &Instance,
    positions: usize,
    horizon: Date,
    overlap_days: u32,
) -> Vec<Seat> {
    let mut seats: BTreeMap<(Date, PositionIx), u32> = BTreeMap::new();
    for d in &inst.deployments {
        let Some(p) = held_position(inst, positions, d) else {
            continue;
        };
        let months = inst.positions[p.0].months;
        let mut start = successor_start(d.until, overlap_days);
        while start <= horizon {
            *seats.entry((start, p)).or_insert(0) += 1;
            let next = successor_start(start.tour_end(months), overlap_days);
            if next <= start {
                // An overlap as long as the tour: refused when the files
                // are read (`Instance::overlap_problem`).
                break;
            }
            start = next;
        }
    }
    seats
        .into_iter()
        .map(|((start, base), count)| Seat {
            base,
            start,
            count,
            role: format!("{}@{start}", inst.positions[base.0].role),
        })
        .collect()
}

/// The position, among the first `positions` (those of positions.csv),
/// whose seat a row of deployments.csv holds: the one its mission and role
/// name; `None` when they name none (or are left empty).
fn held_position(inst: &Instance, positions: usize, d: &Deployment) -> Option<PositionIx> {
    if d.mission_id.is_empty() || d.role.is_empty() {
        return None;
    }
    (0..positions).map(PositionIx).find(|&p| {
        let pos = &inst.positions[p.0];
        pos.role == d.role && inst.missions[pos.mission.0].id == d.mission_id
    })
}

/// The first day of the successor of an officer whose last day away is
/// `until`: the day after, less the handover.
pub fn successor_start(until: Date, overlap_days: u32) -> Date {
    until.add_days(1 - i64::from(overlap_days))
}

/// Rotations are planned for at most this many years after the first
/// mission starts.
pub const MAX_YEARS: u32 = 50;

impl Instance {
    /// The positions of positions.csv: all but the successor seats.
    pub fn planned_positions(&self) -> usize {
        self.rotations
            .as_ref()
            .map_or(self.positions.len(), |r| r.first_seat)
    }

    /// The position of positions.csv whose seat a row of deployments.csv
    /// holds, and whose successors `--rotations-until` plans.
    pub fn held_position(&self, d: &Deployment) -> Option<PositionIx> {
        held_position(self, self.planned_positions(), d)
    }

    /// What is wrong with planning rotations until `horizon`: a date more
    /// than [`MAX_YEARS`] after the first mission starts (centuries of
    /// rotations would be thousands of seats, and hours of work before
    /// the first solve).
    pub fn horizon_problem(&self, horizon: Date) -> Option<String> {
        let first = self.missions.iter().map(|m| m.start).min()?;
        let latest = first.add_months(MAX_YEARS * 12);
        (horizon > latest).then(|| {
            format!(
                "is more than {MAX_YEARS} years after the first mission starts ({first}): plan rotations until {latest} at the latest"
            )
        })
    }

    /// Why `overlap_days` cannot be the handover of the rotations until
    /// `horizon`: a successor's tour would end no later than the tour of
    /// the officer they replace (a month-long tour starting in February is
    /// 28 days, so the check follows every seat up to the horizon, not the
    /// first alone). Names the first such seat, in the order of
    /// deployments.csv.
    pub fn overlap_problem(&self, horizon: Date, overlap_days: u32) -> Option<String> {
        self.deployments.iter().find_map(|d| {
            let p = self.held_position(d)?;
            let pos = &self.positions[p.0];
            let mut last_day = d.until;
            let mut start = successor_start(last_day, overlap_days);
            let mut first = true;
            while start <= horizon {
                let end = start.tour_end(pos.months);
                if end <= last_day {
                    let holder = if d.officer_id.is_empty() {
                        "an officer"
                    } else {
                        &d.officer_id
                    };
                    let replaced = if first {
                        holder.to_string()
                    } else {
                        "the successor they replace".to_string()
                    };
                    return Some(format!(
                        "is not shorter than a tour of {} ({} {}) starting on {start}: in the seat {holder} holds (deployments.csv line {}), the successor arriving then would be away until {end}, no later than {replaced}, away until {last_day}",
                        self.position_label(p),
                        pos.months,
                        if pos.months == 1 { "month" } else { "months" },
                        d.line,
                    ));
                }
                last_day = end;
                start = successor_start(end, overlap_days);
                first = false;
            }
            None
        })
    }

    /// Plans the rotations until `horizon`: the successor seats of an
    /// earlier call are replaced by those of `horizon`, appended after the
    /// positions of positions.csv (a pin on an earlier seat stays on the
    /// seat of the same name, or goes with it). A seat
    /// whose name is already a role of positions.csv in its mission is not
    /// added; each is returned.
    pub fn set_rotations(&mut self, horizon: Date, overlap_days: u32) -> Vec<Collision> {
        let first = self.planned_positions();
        // Pins on the seats of an earlier call stay on the seats of the
        // same name, if there still are.
        let pinned: Vec<(super::Pin, super::MissionIx, String)> = self
            .pins
            .iter()
            .filter(|pin| pin.position.0 >= first)
            .map(|pin| {
                let pos = &self.positions[pin.position.0];
                (pin.clone(), pos.mission, pos.role.clone())
            })
            .collect();
        self.clear_rotations();
        let seats = successor_seats(self, first, horizon, overlap_days);
        let mut collisions = Vec::new();
        let mut base = Vec::new();
        for seat in seats {
            let pos = &self.positions[seat.base.0];
            let clash = (0..first).find(|&q| {
                let other = &self.positions[q];
                other.mission == pos.mission && other.role == seat.role
            });
            if let Some(q) = clash {
                collisions.push(Collision {
                    existing: PositionIx(q),
                    role: seat.role.clone(),
                    base: seat.base,
                });
                continue;
            }
            let new = seat_position(pos, &seat);
            self.positions.push(new);
            base.push(seat.base);
        }
        self.rotations = Some(Rotations {
            until: horizon,
            overlap_days,
            first_seat: first,
            base,
        });
        self.reset_derived();
        for (mut pin, mission, role) in pinned {
            let found = (first..self.positions.len()).find(|&p| {
                let pos = &self.positions[p];
                pos.mission == mission && pos.role == role
            });
            if let Some(p) = found {
                pin.position = PositionIx(p);
                self.pins.push(pin);
            }
        }
        collisions
    }

    /// Removes the successor seats (and the pins on them), if any.
    pub fn clear_rotations(&mut self) {
        if let Some(r) = self.rotations.take() {
            self.positions.truncate(r.first_seat);
            self.pins.retain(|pin| pin.position.0 < r.first_seat);
            self.reset_derived();
        }
    }

    /// The successor seat `p`, when it is one: the position it follows.
    pub fn successor_of(&self, p: PositionIx) -> Option<PositionIx> {
        self.rotations.as_ref().and_then(|r| r.base_of(p))
    }
}

/// A successor seat as a position: the one it follows, with its own
/// name, seats and tour.
fn seat_position(base: &Position, seat: &Seat) -> Position {
    let mut new = base.clone();
    new.role = seat.role.clone();
    new.count = seat.count;
    new.start = seat.start;
    new.end = seat.start.tour_end(base.months);
    new.own_tour = (true, true);
    new
}
