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
//! | `service_capacity` | service and check day | `max_deployed` less those already away that day (at least 0) |
//! | `mission_service_limit` | mission with `max_per_service`, and service | `max_per_service` |
//! | `pin` | pin | the pinned pair is in the plan |
//!
//! A service's limit is on officers away *at once*: it is checked on
//! every day a position's tour or a row of deployments.csv starts (the
//! number away only rises on those days), counting the plan's officers
//! whose tour covers the day and those already away ([`Calendar`]). When
//! every two tours overlap and nobody is away with a return date, this is
//! one row per service with bound `max_deployed − deployed_now`.
//!
//! Every pair counts toward each of its limits with coefficient 1 ([`COEFFICIENT`]):
//! one officer takes one seat. The plain formulation, the fast path's
//! implicit rows and its pricing, the verifier, the pin checks at load,
//! `explain` and `recommend` all take the limits from here; [`LimitRows`]
//! numbers them as rows of a model.

use super::{Date, Instance, MissionIx, OfficerIx, Pair, PositionIx, ServiceIx};
use crate::lang::{Lang, Msg};
use rayon::prelude::*;
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

    /// The name in `lang`: the stable name in English, words in French
    /// (`limite du service`).
    pub fn name_in(self, lang: Lang) -> &'static str {
        if lang == Lang::En {
            return self.name();
        }
        lang.text(match self {
            Family::OnePositionPerOfficer => Msg::FamilyOnePositionPerOfficer,
            Family::PositionCount => Msg::FamilyPositionCount,
            Family::ServiceCapacity => Msg::FamilyServiceCapacity,
            Family::MissionServiceLimit => Msg::FamilyMissionServiceLimit,
            Family::Pin => Msg::FamilyPin,
        })
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
    /// A service's officers away on one check day.
    Service(ServiceIx, Date),
    /// A mission's per-service limit.
    MissionService(MissionIx, ServiceIx),
}

impl Limit {
    /// The family this limit belongs to.
    pub fn family(self) -> Family {
        match self {
            Limit::Officer(_) => Family::OnePositionPerOfficer,
            Limit::Position(_) => Family::PositionCount,
            Limit::Service(..) => Family::ServiceCapacity,
            Limit::MissionService(..) => Family::MissionServiceLimit,
        }
    }

    /// The most pairs of a plan that may count toward this limit.
    pub fn bound(self, inst: &Instance) -> u32 {
        match self {
            Limit::Officer(_) => 1,
            Limit::Position(p) => inst.positions[p.0].count,
            Limit::Service(s, day) => {
                let service = &inst.services[s.0];
                service
                    .max_deployed
                    .saturating_sub(service.deployed_now.saturating_add(away_on(inst, s, day)))
            }
            Limit::MissionService(m, _) => inst.missions[m.0].max_per_service.unwrap_or(u32::MAX),
        }
    }

    /// For a service's limit, its officers already away on the limit's day
    /// (`deployed_now` and the rows of deployments.csv covering it), even
    /// beyond `max_deployed`; `None` for the other limits.
    pub fn already_away(self, inst: &Instance) -> Option<u32> {
        match self {
            Limit::Service(s, day) => Some(
                inst.services[s.0]
                    .deployed_now
                    .saturating_add(away_on(inst, s, day)),
            ),
            _ => None,
        }
    }
}

/// Officers of `s` that deployments.csv has away on `day`.
fn away_on(inst: &Instance, s: ServiceIx, day: Date) -> u32 {
    let days = inst.calendar().days(s);
    match days.binary_search_by_key(&day, |c| c.day) {
        Ok(k) => days[k].away,
        // Not a check day (a day no row holds): counted here.
        Err(_) => inst
            .deployments
            .iter()
            .filter(|d| d.service == s && d.covers(day))
            .count() as u32,
    }
}

/// The limits that placing `o` in `p` counts toward, each with its bound,
/// in [`Limit`] order.
pub fn limits_of(inst: &Instance, o: OfficerIx, p: PositionIx) -> Vec<(Limit, u32)> {
    let s = inst.officers[o.0].service;
    let m = inst.positions[p.0].mission;
    let calendar = inst.calendar();
    let mut limits = vec![Limit::Officer(o), Limit::Position(p)];
    limits.extend(
        calendar
            .covering(s, p)
            .map(|check| Limit::Service(s, check.day)),
    );
    if inst.missions[m.0].max_per_service.is_some() {
        limits.push(Limit::MissionService(m, s));
    }
    limits.into_iter().map(|l| (l, l.bound(inst))).collect()
}

/// How many of `pairs` count toward each limit, for the limits they touch.
pub fn counts(inst: &Instance, pairs: impl IntoIterator<Item = Pair>) -> HashMap<Limit, u32> {
    let mut counts = HashMap::new();
    // An officer counts once against a service's or a mission's limit,
    // however many seats a (broken) plan gives them: they are one officer
    // away. Positions per officer are counted seat by seat.
    let mut seen: std::collections::HashSet<(Limit, OfficerIx)> = Default::default();
    for (o, p) in pairs {
        for (limit, _) in limits_of(inst, o, p) {
            let once = match limit {
                Limit::Officer(_) => true,
                // Already counted among those away that day.
                Limit::Service(_, day) if listed_away(inst, o, day) => false,
                _ => seen.insert((limit, o)),
            };
            if once {
                *counts.entry(limit).or_insert(0) += 1;
            }
        }
    }
    counts
}

/// Whether deployments.csv lists officer `o` away on `day`.
fn listed_away(inst: &Instance, o: OfficerIx, day: Date) -> bool {
    inst.deployments
        .iter()
        .any(|d| d.officer == Some(o) && d.covers(day))
}

/// Whether `pairs` on their own break some limit.
pub fn overfilled(inst: &Instance, pairs: impl IntoIterator<Item = Pair>) -> bool {
    counts(inst, pairs)
        .into_iter()
        .any(|(limit, n)| n > limit.bound(inst))
}

/// One day on which a service's limit is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckDay {
    /// The day.
    pub day: Date,
    /// Rows of deployments.csv of the service away that day.
    pub away: u32,
    /// The distinct tours (see [`Calendar::tour_of`]) covering the day, ascending.
    tours: Vec<usize>,
}

/// The days on which each service's limit is checked: every day a
/// position's tour or one of the service's rows of deployments.csv
/// starts, less those whose row is implied by another's (a day whose
/// covering tours are a subset of another day's, with no more officers
/// already away, can never bind first). Undated folders (every two tours
/// overlap, nobody away with a return date) keep one day per service: the
/// latest start, which every tour covers.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    /// Distinct tours `(start, end)`, ascending.
    tours: Vec<(Date, Date)>,
    /// Index into `tours` of each position's tour.
    tour_of: Vec<usize>,
    /// Per service: its check days, ascending.
    days: Vec<Vec<CheckDay>>,
}

impl Calendar {
    /// Every service's check days.
    pub fn new(inst: &Instance) -> Calendar {
        let mut tours: Vec<(Date, Date)> =
            inst.positions.iter().map(|p| (p.start, p.end)).collect();
        tours.sort();
        tours.dedup();
        let tour_of = inst
            .positions
            .iter()
            .map(|p| {
                tours
                    .binary_search(&(p.start, p.end))
                    .expect("every tour listed")
            })
            .collect();
        let starts: Vec<Date> = {
            let mut v: Vec<Date> = tours.iter().map(|t| t.0).collect();
            v.dedup();
            v
        };
        let checks_of = |rows: &[&super::Deployment]| {
            let mut candidates = starts.clone();
            candidates.extend(rows.iter().filter_map(|d| d.start));
            candidates.sort();
            candidates.dedup();
            let checks: Vec<CheckDay> = candidates
                .into_iter()
                .map(|day| CheckDay {
                    day,
                    away: rows.iter().filter(|d| d.covers(day)).count() as u32,
                    tours: (0..tours.len())
                        .filter(|&t| tours[t].0 <= day && day <= tours[t].1)
                        .collect(),
                })
                .filter(|c| !c.tours.is_empty())
                .collect();
            prune(checks)
        };
        // Services without rows in deployments.csv share one calendar
        // (computed once: on a national pool most services have none).
        let plain = checks_of(&[]);
        let mut rows: Vec<Vec<&super::Deployment>> = vec![Vec::new(); inst.services.len()];
        for d in &inst.deployments {
            rows[d.service.0].push(d);
        }
        let days = rows
            .par_iter()
            .map(|rows| {
                if rows.is_empty() {
                    plain.clone()
                } else {
                    checks_of(rows)
                }
            })
            .collect();
        Calendar {
            tours,
            tour_of,
            days,
        }
    }

    /// The check days of service `s`, ascending.
    pub fn days(&self, s: ServiceIx) -> &[CheckDay] {
        &self.days[s.0]
    }

    /// The check days of service `s` that position `p`'s tour covers.
    pub fn covering(&self, s: ServiceIx, p: PositionIx) -> impl Iterator<Item = &CheckDay> {
        let t = self.tour_of[p.0];
        self.days[s.0]
            .iter()
            .filter(move |c| c.tours.binary_search(&t).is_ok())
    }

    /// Whether service `s` is counted on more than one day or has officers
    /// away with return dates (otherwise its limit is the plain
    /// `max_deployed − deployed_now` over every tour).
    pub fn dated(&self, inst: &Instance, s: ServiceIx) -> bool {
        self.days[s.0].len() > 1 || inst.deployments.iter().any(|d| d.service == s)
    }

    /// Number of distinct tours.
    fn tour_count(&self) -> usize {
        self.tours.len()
    }
}

/// Keeps the check days no other day implies: day `d` is implied by `e`
/// when every tour covering `d` covers `e` and at least as many officers
/// are already away on `e` (its bound is no larger); of two equal days the
/// earlier stays.
fn prune(checks: Vec<CheckDay>) -> Vec<CheckDay> {
    let subset = |a: &[usize], b: &[usize]| a.iter().all(|t| b.binary_search(t).is_ok());
    let implied = |i: usize| {
        let d = &checks[i];
        checks.iter().enumerate().any(|(j, e)| {
            j != i
                && e.away >= d.away
                && subset(&d.tours, &e.tours)
                && (e.away > d.away || e.tours.len() > d.tours.len() || j < i)
        })
    };
    let keep: Vec<bool> = (0..checks.len()).map(|i| !implied(i)).collect();
    checks
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(c, _)| c)
        .collect()
}

/// The limits numbered as rows of a model: officers first, then positions,
/// each service's check days (by service, then day), and the (mission,
/// service) pairs of missions with a `max_per_service`, in [`Limit`] order.
#[derive(Debug, Clone)]
pub struct LimitRows {
    officers: usize,
    positions: usize,
    services: usize,
    /// The calendar the service rows come from.
    calendar: Calendar,
    /// First service row of each service (and one past the last).
    service_first: Vec<usize>,
    /// Service rows a pair counts toward, by `service · tours + tour`:
    /// `service_rows[offsets[i]..offsets[i + 1]]`.
    offsets: Vec<usize>,
    service_rows: Vec<usize>,
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
        let calendar = inst.calendar().clone();
        let tours = calendar.tour_count();
        let mut rows = officers + positions;
        let mut service_first = Vec::with_capacity(services + 1);
        let mut offsets = vec![0];
        let mut service_rows = Vec::new();
        for s in 0..services {
            service_first.push(rows);
            let days = &calendar.days[s];
            for t in 0..tours {
                for (k, check) in days.iter().enumerate() {
                    if check.tours.binary_search(&t).is_ok() {
                        service_rows.push(rows + k);
                    }
                }
                offsets.push(service_rows.len());
            }
            rows += days.len();
        }
        service_first.push(rows);
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
            calendar,
            service_first,
            offsets,
            service_rows,
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

    /// The row of a limit (`None` for a limit no row holds: a mission
    /// without a per-service limit, a day that is not a check day).
    pub fn row(&self, limit: Limit) -> Option<usize> {
        match limit {
            Limit::Officer(o) => Some(o.0),
            Limit::Position(p) => Some(self.officers + p.0),
            Limit::Service(s, day) => {
                let k = self.calendar.days[s.0].iter().position(|c| c.day == day)?;
                Some(self.service_first[s.0] + k)
            }
            Limit::MissionService(m, s) => {
                let row = self.mission_service[m.0 * self.services + s.0];
                (row != usize::MAX).then_some(row)
            }
        }
    }

    /// The limit of a row.
    pub fn limit(&self, row: usize) -> Limit {
        let services0 = self.officers + self.positions;
        if row < self.officers {
            Limit::Officer(OfficerIx(row))
        } else if row < services0 {
            Limit::Position(PositionIx(row - self.officers))
        } else if row < self.service_first[self.services] {
            let s = self.service_first.partition_point(|&first| first <= row) - 1;
            let day = self.calendar.days[s][row - self.service_first[s]].day;
            Limit::Service(ServiceIx(s), day)
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
        let i = s * self.calendar.tour_count() + self.calendar.tour_of[p.0];
        for &row in &self.service_rows[self.offsets[i]..self.offsets[i + 1]] {
            f(row, COEFFICIENT);
        }
        let limit = self.mission_service[m * self.services + s];
        if limit != usize::MAX {
            f(limit, COEFFICIENT);
        }
    }
}

/// Officers of one service away over time, in a plan: a step function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Away {
    /// `(from, to, officers away)`: consecutive spans, ascending; `to` is
    /// `None` for the last (nobody's return is pending after it).
    pub spans: Vec<(Date, Option<Date>, u32)>,
    /// Those away before the first span (already away, return date
    /// unknown or before any start).
    pub before: u32,
}

impl Away {
    /// The most away on one day, and the first such day (`None` when the
    /// most is before any start).
    pub fn peak(&self) -> (u32, Option<Date>) {
        let mut best = (self.before, None);
        for &(from, _, n) in &self.spans {
            if n > best.0 {
                best = (n, Some(from));
            }
        }
        best
    }

    /// Officers away on `day`.
    pub fn on(&self, day: Date) -> u32 {
        self.spans
            .iter()
            .rev()
            .find(|s| s.0 <= day)
            .map_or(self.before, |s| s.2)
    }

    /// The spans with at least `n` away.
    pub fn at_least(&self, n: u32) -> impl Iterator<Item = (Date, Option<Date>, u32)> + '_ {
        self.spans.iter().copied().filter(move |s| s.2 >= n)
    }

    /// The days from `from` to `to` with at least `n` away, as `(first,
    /// last, away)` stretches, the days before any span included. Days
    /// in a row with as many away are one stretch, even where one officer
    /// comes home the day another leaves.
    pub fn at_least_within(&self, n: u32, from: Date, to: Date) -> Vec<(Date, Date, u32)> {
        let before = (
            None,
            self.spans.first().map(|first| first.0.pred()),
            self.before,
        );
        let spans = self.spans.iter().map(|&(f, t, k)| (Some(f), t, k));
        std::iter::once(before)
            .chain(spans)
            .filter(|s| s.2 >= n)
            .filter_map(|(first, last, k)| {
                let first = first.map_or(from, |f| f.max(from));
                let last = last.map_or(to, |t| t.min(to));
                (first <= last).then_some((first, last, k))
            })
            .fold(Vec::new(), |mut out: Vec<(Date, Date, u32)>, s| {
                match out.last_mut() {
                    Some(prev) if prev.2 == s.2 && prev.1.succ() == s.0 => prev.1 = s.1,
                    _ => out.push(s),
                }
                out
            })
    }
}

/// The days the officers of service `s` away can change, ascending: the
/// first day and the day after the last of each of `tours` (the plan's or
/// the pins'), and of each row of deployments.csv of the service. Between
/// two of them, who is away stays the same.
pub fn change_days(
    inst: &Instance,
    s: ServiceIx,
    tours: impl IntoIterator<Item = (Date, Date)>,
) -> Vec<Date> {
    let rows = inst.deployments.iter().filter(|d| d.service == s);
    let mut days: Vec<Date> = tours
        .into_iter()
        .flat_map(|(start, end)| [start, end.succ()])
        .chain(rows.flat_map(|d| d.start.into_iter().chain([d.until.succ()])))
        .collect();
    days.sort_unstable();
    days.dedup();
    days
}

/// `from 2027-03-15 to 2027-06-01`, `on 2027-03-15` or `from 2027-03-15 on`.
pub fn span_text(from: Date, to: Option<Date>) -> String {
    match to {
        Some(to) if to == from => format!("on {from}"),
        Some(to) => format!("from {from} to {to}"),
        None => format!("from {from} on"),
    }
}

/// Officers of service `s` away on every day: those already away
/// (`deployed_now`, deployments.csv) and the plan's, whose tours are
/// their positions'. Computed from the plan alone (the verifier's view).
pub fn away(inst: &Instance, s: ServiceIx, plan: &[Pair]) -> Away {
    let now = inst.services[s.0].deployed_now;
    // Each person's days away, `(who, first day or None for already away,
    // last day)`: a candidate by their index, anyone else by their row. A
    // candidate a (broken) plan places twice, or places while
    // deployments.csv has them away, is one officer away on the days any
    // of these cover.
    let mut stays: Vec<(usize, Option<Date>, Date)> = Vec::new();
    let others = inst.officers.len();
    for (k, d) in inst.deployments.iter().enumerate() {
        if d.service == s {
            let who = d.officer.map_or(others + k, |o| o.0);
            stays.push((who, d.start, d.until));
        }
    }
    for &(o, p) in plan {
        if inst.officers[o.0].service == s {
            let pos = &inst.positions[p.0];
            stays.push((o.0, Some(pos.start), pos.end));
        }
    }
    stays.sort();
    let mut merged: Vec<(usize, Option<Date>, Date)> = Vec::new();
    for (who, from, to) in stays {
        match merged.last_mut() {
            Some(last) if last.0 == who && from.is_none_or(|f| f <= last.2.succ()) => {
                last.2 = last.2.max(to);
            }
            _ => merged.push((who, from, to)),
        }
    }
    // (day, change): +1 from a start, −1 from the day after a return.
    let mut events: Vec<(Date, i64)> = Vec::new();
    let mut before = now;
    for (_, from, to) in merged {
        match from {
            Some(start) => events.push((start, 1)),
            None => before += 1,
        }
        events.push((to.succ(), -1));
    }
    events.sort();
    let mut spans: Vec<(Date, Option<Date>, u32)> = Vec::new();
    let mut n = i64::from(before);
    let mut i = 0;
    while i < events.len() {
        let day = events[i].0;
        while i < events.len() && events[i].0 == day {
            n += events[i].1;
            i += 1;
        }
        if let Some(last) = spans.last_mut() {
            last.1 = Some(day.pred());
        }
        spans.push((day, None, n.max(0) as u32));
    }
    // Spans that change nothing are merged.
    let mut merged: Vec<(Date, Option<Date>, u32)> = Vec::new();
    for span in spans {
        match merged.last_mut() {
            Some(last) if last.2 == span.2 => last.1 = span.1,
            _ => merged.push(span),
        }
    }
    Away {
        spans: merged,
        before,
    }
}

/// How a plan uses one service's limit. "At capacity" is decided here
/// and nowhere else: the summaries, the report, what-if, the explanations
/// and `--capacity-value` all read [`ServiceUse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceUse {
    /// Officers of the service the plan places.
    pub assigned: u32,
    /// The most officers of the service away on one day of the plan's
    /// horizon (the first tour's start to the last tour's end), those
    /// already away included.
    pub peak_away: u32,
    /// The first day of the horizon with `peak_away` away; `None` when that
    /// many are away from before any tour starts.
    pub peak_date: Option<Date>,
    /// Whether the plan leaves no room on some day: for a dated service
    /// ([`Calendar::dated`]) `peak_away ≥ max_deployed`, otherwise
    /// `assigned ≥ max_deployed − deployed_now`.
    pub full: bool,
    /// Whether the service is dated ([`Calendar::dated`]).
    pub dated: bool,
    /// What `full` measures against: `max_deployed` when dated, else
    /// `max_deployed − deployed_now`.
    pub limit: u32,
    /// Officers of the service away on every day.
    pub away: Away,
    /// Whether the service releases nobody: before any plan, officers
    /// already away (or a `max_deployed` of 0) leave it no room on a day
    /// within every tour ([`releases_nobody`]).
    pub releases_nobody: bool,
}

impl ServiceUse {
    /// Whether the service is listed as at capacity: full, and not because
    /// it releases nobody (such a service is not listed).
    pub fn at_capacity(&self) -> bool {
        self.full && !self.releases_nobody
    }

    /// The days within position `p`'s tour on which the plan leaves the
    /// service no room, as `(from, to, away)`; `None` when it has room on
    /// every day of the tour. An undated full service has no days to name
    /// (an empty list).
    pub fn full_during(&self, inst: &Instance, p: PositionIx) -> Option<Vec<(Date, Date, u32)>> {
        if !self.dated {
            return self.full.then(Vec::new);
        }
        let pos = &inst.positions[p.0];
        let days = self.away.at_least_within(self.limit, pos.start, pos.end);
        (!days.is_empty()).then_some(days)
    }
}

/// The most away on one day from `from` to `to`, and the first such day
/// (`None` when at least that many are away from before `from`).
fn peak_within(away: &Away, from: Date, to: Date) -> (u32, Option<Date>) {
    let at = |d: Date| away.on(d);
    let first = at(from);
    let mut best = (first, (at(from.pred()) < first).then_some(from));
    for &(day, _, n) in &away.spans {
        if day > from && day <= to && n > best.0 {
            best = (n, Some(day));
        }
    }
    best
}

/// Whether service `s` can release nobody, whatever the plan: every
/// position's tour covers a day its limit is checked on which officers
/// already away (or a `max_deployed` of 0) leave it no room, so no
/// officer of the service fits any tour.
pub fn releases_nobody(inst: &Instance, calendar: &Calendar, s: ServiceIx) -> bool {
    let full = |c: &CheckDay| Limit::Service(s, c.day).bound(inst) == 0;
    calendar.days(s).iter().all(full)
        || (0..inst.positions.len()).all(|p| calendar.covering(s, PositionIx(p)).any(full))
}

/// How `plan` uses every service's limit, by service.
pub fn service_use(inst: &Instance, plan: &[Pair]) -> Vec<ServiceUse> {
    let calendar = inst.calendar();
    let horizon = inst
        .positions
        .iter()
        .map(|p| (p.start, p.end))
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)));
    let mut assigned = vec![0u32; inst.services.len()];
    for &(o, _) in plan {
        assigned[inst.officers[o.0].service.0] += 1;
    }
    inst.services
        .iter()
        .enumerate()
        .map(|(s, svc)| {
            let ix = ServiceIx(s);
            let away = away(inst, ix, plan);
            let (peak_away, peak_date) = match horizon {
                Some((from, to)) => peak_within(&away, from, to),
                None => away.peak(),
            };
            let dated = calendar.dated(inst, ix);
            let (limit, full) = if dated {
                (svc.max_deployed, peak_away >= svc.max_deployed)
            } else {
                (svc.capacity(), assigned[s] >= svc.capacity())
            };
            let releases_nobody = releases_nobody(inst, calendar, ix);
            ServiceUse {
                assigned: assigned[s],
                peak_away,
                peak_date,
                full,
                dated,
                limit,
                away,
                releases_nobody,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The peak's day is the first tour's first day only when fewer were
    /// away the day before: when more were (one came home that day), the
    /// peak was reached before the horizon and has no day of its own.
    #[test]
    fn a_peak_reached_before_the_horizon_has_no_day() {
        let d = |s: &str| Date::parse(s).unwrap();
        let away = |before: u32, spans: &[(&str, u32)]| Away {
            spans: spans.iter().map(|&(day, n)| (d(day), None, n)).collect(),
            before,
        };
        let (from, to) = (d("2027-03-01"), d("2027-12-31"));
        // Three away until 2027-02-28, two from 2027-03-01.
        assert_eq!(
            peak_within(&away(3, &[("2027-03-01", 2)]), from, to),
            (2, None)
        );
        assert_eq!(
            peak_within(&away(2, &[("2027-03-01", 2)]), from, to),
            (2, None)
        );
        // One away before, two from the first day: the first day.
        assert_eq!(
            peak_within(&away(1, &[("2027-03-01", 2)]), from, to),
            (2, Some(from))
        );
        // A higher peak later in the horizon.
        assert_eq!(
            peak_within(&away(3, &[("2027-03-01", 2), ("2027-06-01", 4)]), from, to),
            (4, Some(d("2027-06-01")))
        );
    }

    /// One officer home on the day another leaves: one stretch of days at
    /// the limit, not two.
    #[test]
    fn days_in_a_row_at_the_limit_are_one_stretch() {
        let d = |s: &str| Date::parse(s).unwrap();
        let away = Away {
            spans: vec![
                (d("2027-09-30"), Some(d("2028-02-28")), 1),
                (d("2028-02-29"), Some(d("2028-03-10")), 1),
                (d("2028-03-11"), None, 2),
            ],
            before: 0,
        };
        assert_eq!(
            away.at_least_within(1, d("2027-09-30"), d("2028-03-29")),
            [
                (d("2027-09-30"), d("2028-03-10"), 1),
                (d("2028-03-11"), d("2028-03-29"), 2)
            ]
        );
    }

    /// Rows and limits are one numbering, both ways, and `for_each` lists
    /// exactly the rows of `limits_of`.
    #[test]
    fn rows_number_every_limit_once() {
        let mut inst = Instance::default();
        for id in ["A", "B"] {
            inst.services.push(crate::model::Service {
                id: id.into(),
                name: id.into(),
                name_fr: String::new(),
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
                name_fr: String::new(),
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
                start: date,
                months: 6,
                end: date.tour_end(6),
                own_tour: (false, false),
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
                last_return: None,
                away_until: None,
                cooldown_until: None,
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
