//! The hard limits: every "at most" constraint a plan must keep, in one
//! place, as the eligibility rules are in [`crate::rules`].
//!
//! A hard limit is a row `Σ x[o,p] ≤ bound` over the pairs that count
//! toward it. There are four kinds ([`Limit`]), and with the pins five
//! families of hard constraint ([`Family`]), each with one stable name used
//! in messages, explanations, the verifier and tests:
//!
//! | family | one row per | bound |
//! |---|---|---|
//! | `one_position_per_officer` | officer | 1 |
//! | `position_count` | position | its `count` |
//! | `service_capacity` | service | its capacity (`max_deployed − deployed_now`, at least 0) |
//! | `mission_service_limit` | mission with `max_per_service`, and service | `max_per_service` |
//! | `pin` | pin | the pinned pair is in the plan |
//!
//! Every pair counts toward each of its limits with coefficient 1 ([`COEFFICIENT`]):
//! one officer takes one seat. The plain formulation, the fast path's
//! implicit rows and its pricing, the verifier, the pin checks at load,
//! `explain` and `recommend` all take the limits from here; [`LimitRows`]
//! numbers them as rows of a model.

use super::{Instance, MissionIx, OfficerIx, Pair, PositionIx, ServiceIx};
use std::collections::HashMap;
use std::fmt;

/// A family of hard constraints, by its stable name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// Each officer fills at most one position.
    OnePositionPerOfficer,
    /// Each position receives at most `count` officers.
    PositionCount,
    /// Officers taken from a service ≤ its capacity.
    ServiceCapacity,
    /// Officers of one service in one mission ≤ the mission's `max_per_service`.
    MissionServiceLimit,
    /// Every pin holds.
    Pin,
}

impl Family {
    /// The stable name used in messages, explanations and tests.
    pub fn name(self) -> &'static str {
        match self {
            Family::OnePositionPerOfficer => "one_position_per_officer",
            Family::PositionCount => "position_count",
            Family::ServiceCapacity => "service_capacity",
            Family::MissionServiceLimit => "mission_service_limit",
            Family::Pin => "pin",
        }
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The coefficient of a pair in every limit it counts toward.
pub const COEFFICIENT: f64 = 1.0;

/// One hard "at most" limit. Ordered by family, then by index, which is
/// the order in which rows are built and conflicts reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Limit {
    /// One position per officer.
    Officer(OfficerIx),
    /// A position's seats.
    Position(PositionIx),
    /// A service's capacity.
    Service(ServiceIx),
    /// A mission's per-service limit.
    MissionService(MissionIx, ServiceIx),
}

impl Limit {
    /// The family this limit belongs to.
    pub fn family(self) -> Family {
        match self {
            Limit::Officer(_) => Family::OnePositionPerOfficer,
            Limit::Position(_) => Family::PositionCount,
            Limit::Service(_) => Family::ServiceCapacity,
            Limit::MissionService(..) => Family::MissionServiceLimit,
        }
    }

    /// The most pairs of a plan that may count toward this limit.
    pub fn bound(self, inst: &Instance) -> u32 {
        match self {
            Limit::Officer(_) => 1,
            Limit::Position(p) => inst.positions[p.0].count,
            Limit::Service(s) => inst.services[s.0].capacity(),
            Limit::MissionService(m, _) => inst.missions[m.0].max_per_service.unwrap_or(u32::MAX),
        }
    }
}

/// The limits that placing `o` in `p` counts toward, each with its bound,
/// in [`Limit`] order.
pub fn limits_of(inst: &Instance, o: OfficerIx, p: PositionIx) -> Vec<(Limit, u32)> {
    let s = inst.officers[o.0].service;
    let m = inst.positions[p.0].mission;
    let mut limits = vec![Limit::Officer(o), Limit::Position(p), Limit::Service(s)];
    if inst.missions[m.0].max_per_service.is_some() {
        limits.push(Limit::MissionService(m, s));
    }
    limits.into_iter().map(|l| (l, l.bound(inst))).collect()
}

/// How many of `pairs` count toward each limit, for the limits they touch.
pub fn counts(inst: &Instance, pairs: impl IntoIterator<Item = Pair>) -> HashMap<Limit, u32> {
    let mut counts = HashMap::new();
    for (o, p) in pairs {
        for (limit, _) in limits_of(inst, o, p) {
            *counts.entry(limit).or_insert(0) += 1;
        }
    }
    counts
}

/// Whether `pairs` on their own break some limit.
pub fn overfilled(inst: &Instance, pairs: impl IntoIterator<Item = Pair>) -> bool {
    counts(inst, pairs)
        .into_iter()
        .any(|(limit, n)| n > limit.bound(inst))
}

/// The limits numbered as rows of a model: officers first, then positions,
/// services, and the (mission, service) pairs of missions with a
/// `max_per_service`, in [`Limit`] order.
#[derive(Debug, Clone)]
pub struct LimitRows {
    officers: usize,
    positions: usize,
    services: usize,
    /// Row of each (mission, service), `usize::MAX` when the mission has no
    /// per-service limit; indexed `mission · services + service`.
    mission_service: Vec<usize>,
    /// The (mission, service) of each mission-service row, in row order.
    mission_service_limits: Vec<(MissionIx, ServiceIx)>,
    rows: usize,
}

impl LimitRows {
    /// Numbers every limit of `inst`.
    pub fn new(inst: &Instance) -> LimitRows {
        let (officers, positions, services) = (
            inst.officers.len(),
            inst.positions.len(),
            inst.services.len(),
        );
        let mut rows = officers + positions + services;
        let mut mission_service = vec![usize::MAX; inst.missions.len() * services];
        let mut mission_service_limits = Vec::new();
        for (m, mission) in inst.missions.iter().enumerate() {
            if mission.max_per_service.is_some() {
                for s in 0..services {
                    mission_service[m * services + s] = rows;
                    mission_service_limits.push((MissionIx(m), ServiceIx(s)));
                    rows += 1;
                }
            }
        }
        LimitRows {
            officers,
            positions,
            services,
            mission_service,
            mission_service_limits,
            rows,
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether there are no rows (an empty instance).
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The row of a limit (`None` for a mission without a per-service limit).
    pub fn row(&self, limit: Limit) -> Option<usize> {
        match limit {
            Limit::Officer(o) => Some(o.0),
            Limit::Position(p) => Some(self.officers + p.0),
            Limit::Service(s) => Some(self.officers + self.positions + s.0),
            Limit::MissionService(m, s) => {
                let row = self.mission_service[m.0 * self.services + s.0];
                (row != usize::MAX).then_some(row)
            }
        }
    }

    /// The limit of a row.
    pub fn limit(&self, row: usize) -> Limit {
        let (positions0, services0) = (self.officers, self.officers + self.positions);
        if row < positions0 {
            Limit::Officer(OfficerIx(row))
        } else if row < services0 {
            Limit::Position(PositionIx(row - positions0))
        } else if row < services0 + self.services {
            Limit::Service(ServiceIx(row - services0))
        } else {
            let first = self.rows - self.mission_service_limits.len();
            let (m, s) = self.mission_service_limits[row - first];
            Limit::MissionService(m, s)
        }
    }

    /// The bound of every row, by row.
    pub fn bounds(&self, inst: &Instance) -> Vec<f64> {
        (0..self.rows)
            .map(|row| f64::from(self.limit(row).bound(inst)))
            .collect()
    }

    /// Calls `f(row, coefficient)` for every limit row the pair counts
    /// toward, in row order. This is the pricing hot loop's view of the
    /// limits: no allocation, and the closure inlines.
    #[inline]
    pub fn for_each(&self, inst: &Instance, (o, p): Pair, mut f: impl FnMut(usize, f64)) {
        let s = inst.officers[o.0].service.0;
        let m = inst.positions[p.0].mission.0;
        f(o.0, COEFFICIENT);
        f(self.officers + p.0, COEFFICIENT);
        f(self.officers + self.positions + s, COEFFICIENT);
        let limit = self.mission_service[m * self.services + s];
        if limit != usize::MAX {
            f(limit, COEFFICIENT);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows and limits are one numbering, both ways, and `for_each` lists
    /// exactly the rows of `limits_of`.
    #[test]
    fn rows_number_every_limit_once() {
        let mut inst = Instance::default();
        for id in ["A", "B"] {
            inst.services.push(crate::model::Service {
                id: id.into(),
                name: id.into(),
                province: String::new(),
                sworn_officers: 100,
                max_deployed: 2,
                deployed_now: 0,
                release_derived: false,
            });
        }
        let date = crate::model::Date::parse("2027-01-01").unwrap();
        for (id, limit) in [("M1", None), ("M2", Some(1))] {
            inst.missions.push(crate::model::Mission {
                id: id.into(),
                name: id.into(),
                country: String::new(),
                organization: String::new(),
                start: date,
                months: 6,
                end: date.tour_end(6),
                min_women_share: 0.0,
                language: None,
                min_language_share: 0.0,
                max_per_service: limit,
            });
        }
        for m in 0..2 {
            inst.positions.push(crate::model::Position {
                mission: MissionIx(m),
                role: "r".into(),
                count: 3,
                min_rank: None,
                min_years: None,
                languages: Vec::new(),
                skills: Vec::new(),
                leadership: false,
                priority: 1.0,
            });
        }
        for s in [0, 1, 1] {
            inst.officers.push(crate::model::Officer {
                id: format!("O{}", inst.officers.len()),
                name: String::new(),
                service: ServiceIx(s),
                gender: crate::model::Gender::F,
                rank: crate::model::Rank::parse("constable").unwrap(),
                years_service: 1,
                languages: Vec::new(),
                skills: Default::default(),
                leadership: false,
                board_score: 0.0,
                preferences: Vec::new(),
                excluded: Vec::new(),
                available_from: None,
                available_until: None,
            });
        }
        let rows = LimitRows::new(&inst);
        // 3 officers + 2 positions + 2 services + M2 × 2 services.
        assert_eq!(rows.len(), 9);
        for row in 0..rows.len() {
            assert_eq!(rows.row(rows.limit(row)), Some(row));
        }
        assert_eq!(
            rows.row(Limit::MissionService(MissionIx(0), ServiceIx(0))),
            None
        );
        for o in inst.officer_ixs() {
            for p in inst.position_ixs() {
                let mut seen = Vec::new();
                rows.for_each(&inst, (o, p), |row, c| seen.push((row, c)));
                let want: Vec<(usize, f64)> = limits_of(&inst, o, p)
                    .into_iter()
                    .map(|(l, _)| (rows.row(l).unwrap(), COEFFICIENT))
                    .collect();
                assert_eq!(seen, want);
            }
        }
        assert_eq!(
            rows.bounds(&inst),
            vec![1.0, 1.0, 1.0, 3.0, 3.0, 2.0, 2.0, 1.0, 1.0]
        );
        let o1 = (OfficerIx(1), PositionIx(1));
        let o2 = (OfficerIx(2), PositionIx(1));
        assert!(overfilled(&inst, [o1, o2]), "two of B in M2, limit 1");
        assert!(!overfilled(&inst, [o1, (OfficerIx(2), PositionIx(0))]));
    }
}
