//! Domain types: one checked, indexed instance built once at load.
//!
//! After loading, code refers to entities by typed index (`OfficerIx`, ...)
//! and never sees a raw CSV string. Ids are kept for output only.

pub mod canonical;
mod date;
mod language;
pub mod limits;
mod rank;
pub mod rotation;

pub use date::Date;
pub use language::{Cefr, LangCode, LangReq};
pub use limits::{Family, Limit};
pub use rank::Rank;
pub use rotation::Rotations;

use rustc_hash::FxHashMap;
use std::collections::{BTreeSet, HashMap};

macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub usize);
    };
}

index_type!(
    /// Index of a service in [`Instance::services`].
    ServiceIx
);
index_type!(
    /// Index of a mission in [`Instance::missions`].
    MissionIx
);
index_type!(
    /// Index of a position in [`Instance::positions`].
    PositionIx
);
index_type!(
    /// Index of an officer in [`Instance::officers`].
    OfficerIx
);

/// An (officer, position) pair: one possible assignment, and one column
/// of the model when the officer is eligible.
pub type Pair = (OfficerIx, PositionIx);

/// Gender as recorded in officers.csv; women are `F`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    /// Woman
    F,
    /// Man
    M,
    /// Another gender
    X,
}

impl Gender {
    /// The letter written in files.
    pub fn letter(self) -> &'static str {
        match self {
            Gender::F => "F",
            Gender::M => "M",
            Gender::X => "X",
        }
    }
}

/// A home police service.
#[derive(Debug, Clone)]
pub struct Service {
    /// `service_id`
    pub id: String,
    /// Full name.
    pub name: String,
    /// Full name in French (`name_fr`), may be empty.
    pub name_fr: String,
    /// Province code, may be empty.
    pub province: String,
    /// Sworn strength.
    pub sworn_officers: u32,
    /// Most officers away at once (given, or derived from `release_share`).
    pub max_deployed: u32,
    /// Officers already away.
    pub deployed_now: u32,
    /// `max_deployed` was empty in services.csv and derived from
    /// `release_share`.
    pub release_derived: bool,
}

impl Service {
    /// The most officers a service of `sworn` officers can have away at
    /// once when it releases `share` of them: `floor(sworn × share)`, the
    /// product taken as the decimal it stands for (3,000 × 0.009 is 27,
    /// though in binary floating point it comes to 26.999999999999996).
    pub fn released(sworn: u32, share: f64) -> u32 {
        let product = f64::from(sworn) * share;
        (product + 1e-9 * product.abs().max(1.0)).floor().max(0.0) as u32
    }

    /// The name a text in `lang` gives: `name_fr` in French when given,
    /// else `name`.
    pub fn name_in(&self, lang: crate::lang::Lang) -> &str {
        name_in(&self.name, &self.name_fr, lang)
    }

    /// `max(0, max_deployed − deployed_now)`: how many this run may take.
    pub fn capacity(&self) -> u32 {
        self.max_deployed.saturating_sub(self.deployed_now)
    }
}

/// A peace operation with its tour and balance targets.
#[derive(Debug, Clone)]
pub struct Mission {
    /// `mission_id`
    pub id: String,
    /// Full name.
    pub name: String,
    /// Full name in French (`name_fr`), may be empty.
    pub name_fr: String,
    /// Host country, may be empty.
    pub country: String,
    /// `UN`, `EU`, `bilateral`, ... may be empty.
    pub organization: String,
    /// First day of the tour.
    pub start: Date,
    /// Tour length in calendar months.
    pub months: u32,
    /// Last day of the tour.
    pub end: Date,
    /// Target share of women, 0..1.
    pub min_women_share: f64,
    /// Working language requirement, if any.
    pub language: Option<LangReq>,
    /// Target share meeting `language`, 0..1.
    pub min_language_share: f64,
    /// Most officers of one service in this mission.
    pub max_per_service: Option<u32>,
}

impl Mission {
    /// The name a text in `lang` gives: `name_fr` in French when given,
    /// else `name`.
    pub fn name_in(&self, lang: crate::lang::Lang) -> &str {
        name_in(&self.name, &self.name_fr, lang)
    }
}

/// `name_fr` for French text when it is given, else `name`.
fn name_in<'a>(name: &'a str, name_fr: &'a str, lang: crate::lang::Lang) -> &'a str {
    match lang {
        crate::lang::Lang::Fr if !name_fr.is_empty() => name_fr,
        _ => name,
    }
}

/// A role a mission asks for, with its requirements.
#[derive(Debug, Clone)]
pub struct Position {
    /// The mission.
    pub mission: MissionIx,
    /// Role name, unique within its mission.
    pub role: String,
    /// Seats.
    pub count: u32,
    /// Lowest acceptable rank.
    pub min_rank: Option<Rank>,
    /// Minimum years of service.
    pub min_years: Option<u32>,
    /// All required.
    pub languages: Vec<LangReq>,
    /// All required, lower case.
    pub skills: Vec<String>,
    /// Leadership qualification required.
    pub leadership: bool,
    /// Weight of one filled seat (> 0).
    pub priority: f64,
    /// First day of this position's tour (its own, else the mission's).
    pub start: Date,
    /// Tour length in calendar months (its own, else the mission's).
    pub months: u32,
    /// Last day of the tour.
    pub end: Date,
    /// `start` and `months` were given for the position itself (a
    /// rotation's next contingent, a staggered arrival); otherwise they
    /// follow the mission's.
    pub own_tour: (bool, bool),
}

impl Position {
    /// Follows a mission's new dates where the position has no dates of its own.
    pub fn follow_mission_tour(&mut self, mission: &Mission) {
        if !self.own_tour.0 {
            self.start = mission.start;
        }
        if !self.own_tour.1 {
            self.months = mission.months;
        }
        self.end = self.start.tour_end(self.months);
    }

    /// Whether the tour covers `day`.
    pub fn covers(&self, day: Date) -> bool {
        self.start <= day && day <= self.end
    }
}

/// A candidate.
#[derive(Debug, Clone)]
pub struct Officer {
    /// `officer_id`
    pub id: String,
    /// Full name.
    pub name: String,
    /// Home service.
    pub service: ServiceIx,
    /// Gender.
    pub gender: Gender,
    /// Rank on the common scale.
    pub rank: Rank,
    /// Years of police service.
    pub years_service: u32,
    /// Spoken languages with their levels.
    pub languages: Vec<(LangCode, Cefr)>,
    /// Skills, lower case.
    pub skills: BTreeSet<String>,
    /// Leadership-qualified.
    pub leadership: bool,
    /// The board's assessment, 0..100.
    pub board_score: f64,
    /// Wanted missions, most wanted first, without repeats.
    pub preferences: Vec<MissionIx>,
    /// Missions this officer must not be sent to.
    pub excluded: Vec<MissionIx>,
    /// First day the officer can leave.
    pub available_from: Option<Date>,
    /// Last day the officer can be away.
    pub available_until: Option<Date>,
    /// Day the officer last came home from a mission.
    pub last_return: Option<Date>,
    /// Latest `until` of the officer's rows in deployments.csv: away (or
    /// committed) until then, so only a tour starting later can be theirs.
    pub away_until: Option<Date>,
    /// First day a tour may start under the cooldown: `cooldown_months`
    /// after the later of `last_return` and `away_until`.
    pub cooldown_until: Option<Date>,
}

/// A program officer away on a mission, or committed to go
/// (deployments.csv): they count against their service's limit every day
/// from `start` (or from always, when empty) to `until`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployment {
    /// Home service.
    pub service: ServiceIx,
    /// `officer_id` as given (may name someone outside officers.csv), may be empty.
    pub officer_id: String,
    /// The officer, when officers.csv has them.
    pub officer: Option<OfficerIx>,
    /// `mission_id` as given (free text), may be empty.
    pub mission_id: String,
    /// `role` as given (free text), may be empty.
    pub role: String,
    /// First day away; `None`: already away.
    pub start: Option<Date>,
    /// Last day away.
    pub until: Date,
    /// Line of deployments.csv, for messages (0 for one a scenario adds).
    pub line: u64,
}

impl Deployment {
    /// Whether the officer is away on `day`.
    pub fn covers(&self, day: Date) -> bool {
        self.start.is_none_or(|s| s <= day) && day <= self.until
    }
}

/// A decision already taken: the plan must place `officer` in `position`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    /// The officer.
    pub officer: OfficerIx,
    /// The position.
    pub position: PositionIx,
    /// Line of pins.csv, for messages.
    pub line: u64,
    /// Why the board took the decision (pins.csv `reason`; may be empty).
    pub reason: String,
}

/// Preference points: first choice 20, second 10, third 5.
pub const PREFERENCE_POINTS: [f64; 3] = [20.0, 10.0, 5.0];

/// The checked, indexed input of one run.
#[derive(Debug, Clone, Default)]
pub struct Instance {
    /// Services in file order.
    pub services: Vec<Service>,
    /// Missions in file order.
    pub missions: Vec<Mission>,
    /// Positions in file order.
    pub positions: Vec<Position>,
    /// Officers in file order.
    pub officers: Vec<Officer>,
    /// Mission-specific scores (scores.csv), overriding `board_score`.
    /// Looked up for every eligible pair in the solve and the outputs, so
    /// hashed with a fast hash: the keys are indices the loader assigns,
    /// which no input file can make collide on purpose.
    pub scores: FxHashMap<(OfficerIx, MissionIx), f64>,
    /// Pins in file order.
    pub pins: Vec<Pin>,
    /// Officers away or committed (deployments.csv), in file order.
    pub deployments: Vec<Deployment>,
    /// Months an officer stays home between tours (`--cooldown-months`).
    pub cooldown_months: u32,
    /// The rotation planned (`--rotations-until`): its successor seats
    /// are the last positions.
    pub rotations: Option<Rotations>,
    /// Ids to indices, built on the first lookup.
    ids: std::sync::OnceLock<IdIndex>,
    /// The days each service's limit is checked on, built on first use.
    calendar: std::sync::OnceLock<limits::Calendar>,
}

/// Every id of an instance with its index, for lookups in one step.
#[derive(Debug, Clone, Default)]
struct IdIndex {
    services: HashMap<String, ServiceIx>,
    missions: HashMap<String, MissionIx>,
    officers: HashMap<String, OfficerIx>,
    positions: HashMap<(MissionIx, String), PositionIx>,
}

impl IdIndex {
    fn of(inst: &Instance) -> IdIndex {
        fn index<T, I>(
            items: &[T],
            id: impl Fn(&T) -> String,
            ix: impl Fn(usize) -> I,
        ) -> HashMap<String, I> {
            items
                .iter()
                .enumerate()
                .map(|(i, t)| (id(t), ix(i)))
                .collect()
        }
        IdIndex {
            services: index(&inst.services, |s| s.id.clone(), ServiceIx),
            missions: index(&inst.missions, |m| m.id.clone(), MissionIx),
            officers: index(&inst.officers, |o| o.id.clone(), OfficerIx),
            positions: inst
                .positions
                .iter()
                .enumerate()
                .map(|(i, p)| ((p.mission, p.role.clone()), PositionIx(i)))
                .collect(),
        }
    }
}

impl Instance {
    /// The officer's score for a mission: scores.csv, else `board_score`.
    pub fn score(&self, o: OfficerIx, m: MissionIx) -> f64 {
        self.scores
            .get(&(o, m))
            .copied()
            .unwrap_or(self.officers[o.0].board_score)
    }

    /// 1-based place of `m` in the officer's preferences, if listed.
    pub fn preference_rank(&self, o: OfficerIx, m: MissionIx) -> Option<usize> {
        self.officers[o.0]
            .preferences
            .iter()
            .position(|&p| p == m)
            .map(|i| i + 1)
    }

    /// `q[o,p]`, the Quality weight: mission score plus preference points.
    pub fn quality(&self, o: OfficerIx, p: PositionIx) -> f64 {
        let m = self.positions[p.0].mission;
        let points = self
            .preference_rank(o, m)
            .and_then(|r| PREFERENCE_POINTS.get(r - 1))
            .copied()
            .unwrap_or(0.0);
        self.score(o, m) + points
    }

    /// Whether the officer meets the mission's working language.
    pub fn meets_mission_language(&self, o: OfficerIx, m: MissionIx) -> bool {
        self.missions[m.0]
            .language
            .as_ref()
            .is_some_and(|req| req.met_by(&self.officers[o.0].languages))
    }

    /// `MISSION/ROLE`, the name of a position in messages.
    pub fn position_label(&self, p: PositionIx) -> String {
        let pos = &self.positions[p.0];
        format!("{}/{}", self.missions[pos.mission.0].id, pos.role)
    }

    /// The days on which each service's limit is checked (see
    /// [`limits::Calendar`]), built on first use.
    pub fn calendar(&self) -> &limits::Calendar {
        self.calendar.get_or_init(|| limits::Calendar::new(self))
    }

    /// Forgets what was derived from the entities (the id index and the
    /// calendar), after a change to dates, deployments or entities.
    pub fn reset_derived(&mut self) {
        self.ids = Default::default();
        self.calendar = Default::default();
    }

    /// Recomputes each officer's `away_until` and `cooldown_until` from
    /// deployments.csv, `last_return` and `cooldown_months`.
    pub fn derive_officer_dates(&mut self) {
        let mut away: Vec<Option<Date>> = vec![None; self.officers.len()];
        for d in &self.deployments {
            if let Some(o) = d.officer {
                away[o.0] = away[o.0].max(Some(d.until));
            }
        }
        let months = self.cooldown_months;
        for (officer, away) in self.officers.iter_mut().zip(away) {
            officer.away_until = away;
            // A tour starts no earlier than `months` after the officer is
            // home. Without a cooldown, a tour of deployments.csv is
            // availability's business (the officer is away until then), and
            // `last_return` alone still holds: not before they are home.
            officer.cooldown_until = if months > 0 {
                officer.last_return.max(away).map(|d| d.add_months(months))
            } else {
                officer.last_return
            };
        }
    }

    fn ids(&self) -> &IdIndex {
        self.ids.get_or_init(|| IdIndex::of(self))
    }

    /// Finds a service by `service_id`.
    pub fn find_service(&self, id: &str) -> Option<ServiceIx> {
        self.ids().services.get(id).copied()
    }

    /// Finds a mission by `mission_id`.
    pub fn find_mission(&self, id: &str) -> Option<MissionIx> {
        self.ids().missions.get(id).copied()
    }

    /// Finds an officer by `officer_id`.
    pub fn find_officer(&self, id: &str) -> Option<OfficerIx> {
        self.ids().officers.get(id).copied()
    }

    /// Finds a position by mission id and role.
    pub fn find_position(&self, mission_id: &str, role: &str) -> Option<PositionIx> {
        let m = self.find_mission(mission_id)?;
        self.ids().positions.get(&(m, role.to_string())).copied()
    }

    /// The positions a label `MISSION/ROLE` names, each `/` tried as the
    /// split (mission ids and roles may hold a `/`): none, one, or several
    /// when two positions read the same (mission `UN/MIK` role
    /// `team_leader`, mission `UN` role `MIK/team_leader`).
    pub fn positions_labelled(&self, label: &str) -> Vec<PositionIx> {
        label
            .match_indices('/')
            .filter_map(|(i, _)| self.find_position(&label[..i], &label[i + 1..]))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    /// The one position a label `MISSION/ROLE` names, or why not: `Err`
    /// with the positions it names when there are several, none when
    /// there is none.
    pub fn position_labelled(&self, label: &str) -> Result<PositionIx, Vec<PositionIx>> {
        match self.positions_labelled(label)[..] {
            [p] => Ok(p),
            ref several => Err(several.to_vec()),
        }
    }

    /// A position by its parts, for a label that names several:
    /// `mission 'UN' role 'MIK/team_leader'`.
    pub fn position_parts(&self, p: PositionIx) -> String {
        let pos = &self.positions[p.0];
        format!(
            "mission '{}' role '{}'",
            self.missions[pos.mission.0].id, pos.role
        )
    }

    /// The text of a label that names several positions: `'UN/MIK/x'
    /// names 2 positions (mission 'UN/MIK' role 'x', mission 'UN' role
    /// 'MIK/x'): rename a mission or a role so that they read apart`.
    pub fn ambiguous_label(&self, label: &str, several: &[PositionIx]) -> String {
        let parts: Vec<String> = several.iter().map(|&p| self.position_parts(p)).collect();
        format!(
            "'{label}' names {} positions ({}): rename a mission or a role so that they read apart",
            several.len(),
            parts.join(", ")
        )
    }

    /// Iterator over all officer indices.
    pub fn officer_ixs(&self) -> impl Iterator<Item = OfficerIx> {
        (0..self.officers.len()).map(OfficerIx)
    }

    /// Iterator over all position indices.
    pub fn position_ixs(&self) -> impl Iterator<Item = PositionIx> {
        (0..self.positions.len()).map(PositionIx)
    }

    /// Every position, by mission id then role: the order of the output
    /// files.
    pub fn positions_by_mission_and_role(&self) -> Vec<PositionIx> {
        let mut ps: Vec<PositionIx> = self.position_ixs().collect();
        ps.sort_by(|a, b| {
            let (pa, pb) = (&self.positions[a.0], &self.positions[b.0]);
            (&self.missions[pa.mission.0].id, &pa.role)
                .cmp(&(&self.missions[pb.mission.0].id, &pb.role))
        });
        ps
    }
}

#[cfg(test)]
mod tests {
    use super::Service;

    /// The release limit is the floor of the decimal product, not of its
    /// nearest binary value (3,000 × 0.009 came to 26.999999999999996).
    #[test]
    fn a_released_share_is_the_floor_of_the_decimal_product() {
        assert_eq!(Service::released(3000, 0.009), 27);
        assert_eq!(Service::released(750, 0.036), 27);
        assert_eq!(Service::released(100, 0.29), 29);
        assert_eq!(Service::released(100, 0.57), 57);
        assert_eq!(Service::released(99, 0.01), 0);
        assert_eq!(Service::released(199, 0.01), 1);
        assert_eq!(Service::released(0, 0.5), 0);
        assert_eq!(Service::released(30_000, 0.0333), 999);
    }
}
