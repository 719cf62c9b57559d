//! The seven named eligibility rules.
//!
//! Each rule is one small function that returns `None` when it holds and a
//! [`Failure`] saying the officer's value and the requirement when it does
//! not. The names in [`Rule::name`] are the ones used in messages,
//! explanations, verify reports and tests.

use crate::model::{Instance, Mission, Officer, OfficerIx, Pair, Position, PositionIx};
use rayon::prelude::*;
use std::fmt;

/// A named eligibility rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// Officer rank ≥ position `min_rank`.
    Rank,
    /// `years_service` ≥ position `min_years`.
    Experience,
    /// Every required language at its level.
    Language,
    /// Every required skill.
    Skills,
    /// Leadership-qualified where required.
    Leadership,
    /// Available for the whole tour.
    Availability,
    /// The mission is not in the officer's `excluded` list.
    Excluded,
    /// The tour starts at least the cooldown after the officer last came home.
    Cooldown,
}

impl Rule {
    /// Every rule, in the documented order.
    pub const ALL: [Rule; 8] = [
        Rule::Rank,
        Rule::Experience,
        Rule::Language,
        Rule::Skills,
        Rule::Leadership,
        Rule::Availability,
        Rule::Excluded,
        Rule::Cooldown,
    ];

    /// The stable name.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Rank => "rank",
            Rule::Experience => "experience",
            Rule::Language => "language",
            Rule::Skills => "skills",
            Rule::Leadership => "leadership",
            Rule::Availability => "availability",
            Rule::Excluded => "excluded",
            Rule::Cooldown => "cooldown",
        }
    }

    /// Whether this rule holds for one officer and one position
    /// (`excluded`: whether the mission is in the officer's excluded list).
    pub fn holds(self, o: &Officer, p: &Position, excluded: bool) -> bool {
        match self {
            Rule::Rank => p.min_rank.is_none_or(|min| o.rank >= min),
            Rule::Experience => p.min_years.is_none_or(|min| o.years_service >= min),
            Rule::Language => p.languages.iter().all(|req| req.met_by(&o.languages)),
            Rule::Skills => p.skills.iter().all(|s| o.skills.contains(s)),
            Rule::Leadership => !p.leadership || o.leadership,
            Rule::Availability => {
                o.available_from.is_none_or(|from| from <= p.start)
                    && o.available_until.is_none_or(|until| until >= p.end)
                    && o.away_until.is_none_or(|until| p.start > until)
            }
            Rule::Excluded => !excluded,
            Rule::Cooldown => o.cooldown_until.is_none_or(|from| p.start >= from),
        }
    }

    /// Checks this rule; on failure says the officer's value and the requirement.
    pub fn check(
        self,
        o: &Officer,
        p: &Position,
        mission: &Mission,
        excluded: bool,
    ) -> Option<Failure> {
        if self.holds(o, p, excluded) {
            return None;
        }
        let detail = match self {
            Rule::Rank => format!("rank {} is below the required {}", o.rank, p.min_rank?),
            Rule::Experience => format!(
                "{} years of service, {} required",
                o.years_service, p.min_years?
            ),
            Rule::Language => language_detail(o, p),
            Rule::Skills => skills_detail(o, p),
            Rule::Leadership => {
                "leadership qualification required, officer is not qualified".to_string()
            }
            Rule::Availability => availability_detail(o, p),
            Rule::Excluded => format!("{} is in the officer's excluded list", mission.id),
            Rule::Cooldown => format!(
                "home since {}; with the cooldown the next tour may start {}, tour starts {}",
                o.last_return.max(o.away_until)?,
                o.cooldown_until?,
                p.start
            ),
        };
        Some(Failure { rule: self, detail })
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A rule that does not hold, with the officer's value and the requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Which rule.
    pub rule: Rule,
    /// e.g. `rank constable is below the required sergeant`.
    pub detail: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.rule, self.detail)
    }
}

fn language_detail(o: &Officer, p: &Position) -> String {
    let missing: Vec<String> = p
        .languages
        .iter()
        .filter(|req| !req.met_by(&o.languages))
        .map(
            |req| match o.languages.iter().find(|(c, _)| *c == req.code) {
                Some((c, l)) => format!("{req} required, officer has {c}:{l}"),
                None => format!("{req} required, officer has no {}", req.code),
            },
        )
        .collect();
    missing.join("; ")
}

fn skills_detail(o: &Officer, p: &Position) -> String {
    let missing: Vec<&str> = p
        .skills
        .iter()
        .filter(|s| !o.skills.contains(*s))
        .map(String::as_str)
        .collect();
    format!("missing skill {}", missing.join(";"))
}

fn availability_detail(o: &Officer, p: &Position) -> String {
    match (o.available_from, o.available_until, o.away_until) {
        (Some(from), _, _) if from > p.start => {
            format!("available from {from}, tour starts {}", p.start)
        }
        (_, Some(until), _) if until < p.end => {
            format!("available until {until}, tour ends {}", p.end)
        }
        (_, _, Some(away)) => format!(
            "away on a mission until {away} (deployments.csv), tour starts {}",
            p.start
        ),
        _ => String::new(),
    }
}

/// The officer, position and mission of a pair, and whether the mission is excluded.
fn parts(inst: &Instance, o: OfficerIx, p: PositionIx) -> (&Officer, &Position, &Mission, bool) {
    let officer = &inst.officers[o.0];
    let position = &inst.positions[p.0];
    let excluded = officer.excluded.contains(&position.mission);
    (
        officer,
        position,
        &inst.missions[position.mission.0],
        excluded,
    )
}

/// Every rule the officer fails for the position, in the documented order.
pub fn failures(inst: &Instance, o: OfficerIx, p: PositionIx) -> Vec<Failure> {
    let (officer, position, mission, excluded) = parts(inst, o, p);
    Rule::ALL
        .iter()
        .filter_map(|rule| rule.check(officer, position, mission, excluded))
        .collect()
}

/// The rules the officer fails for the position, without the details
/// (cheap: no message is formatted).
pub fn failed_rules(
    inst: &Instance,
    o: OfficerIx,
    p: PositionIx,
) -> impl Iterator<Item = Rule> + '_ {
    let (officer, position, _, excluded) = parts(inst, o, p);
    Rule::ALL
        .into_iter()
        .filter(move |rule| !rule.holds(officer, position, excluded))
}

/// Whether every rule holds.
pub fn eligible(inst: &Instance, o: OfficerIx, p: PositionIx) -> bool {
    let (officer, position, _, excluded) = parts(inst, o, p);
    Rule::ALL
        .iter()
        .all(|rule| rule.holds(officer, position, excluded))
}

/// All eligible (officer, position) pairs, sorted by officer then position.
/// Computed in parallel; the order does not depend on the thread count.
pub fn eligible_pairs(inst: &Instance) -> Vec<Pair> {
    inst.officers
        .par_iter()
        .enumerate()
        .flat_map_iter(|(o, _)| {
            inst.position_ixs()
                .filter(move |&p| eligible(inst, OfficerIx(o), p))
                .map(move |p| (OfficerIx(o), p))
        })
        .collect()
}
