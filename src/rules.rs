//! The seven named eligibility rules.
//!
//! Each rule is one small function that returns `None` when it holds and a
//! [`Failure`] saying the officer's value and the requirement when it does
//! not. The names in [`Rule::name`] are the ones used in messages,
//! explanations, verify reports and tests.

use crate::lang::{day_text, Lang, Msg};
use crate::model::{Instance, Mission, Officer, OfficerIx, Pair, Position, PositionIx, Rank};
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

    /// The name in `lang`: the stable name in English (`rank`), its
    /// French word in French (`grade`).
    pub fn name_in(self, lang: Lang) -> &'static str {
        if lang == Lang::En {
            return self.name();
        }
        lang.text(match self {
            Rule::Rank => Msg::RuleRank,
            Rule::Experience => Msg::RuleExperience,
            Rule::Language => Msg::RuleLanguage,
            Rule::Skills => Msg::RuleSkills,
            Rule::Leadership => Msg::RuleLeadership,
            Rule::Availability => Msg::RuleAvailability,
            Rule::Excluded => Msg::RuleExcluded,
            Rule::Cooldown => Msg::RuleCooldown,
        })
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
        self.check_in(o, p, mission, excluded, Lang::En)
    }

    /// [`Rule::check`], the detail in `lang`.
    pub fn check_in(
        self,
        o: &Officer,
        p: &Position,
        mission: &Mission,
        excluded: bool,
        lang: Lang,
    ) -> Option<Failure> {
        if self.holds(o, p, excluded) {
            return None;
        }
        let detail = match self {
            Rule::Rank => lang.fill(
                Msg::FailureRank,
                &[
                    ("rank", &rank_text(o.rank, lang)),
                    ("required", &rank_text(p.min_rank?, lang)),
                ],
            ),
            Rule::Experience => lang.fill(
                Msg::FailureExperience,
                &[("years", &o.years_service), ("required", &p.min_years?)],
            ),
            Rule::Language => language_detail(o, p, lang),
            Rule::Skills => lang.fill(
                Msg::FailureSkills,
                &[(
                    "skills",
                    &missing_skills(o, p).join(match lang {
                        Lang::En => ";",
                        Lang::Fr => ", ",
                    }),
                )],
            ),
            Rule::Leadership => lang.text(Msg::FailureLeadership).to_string(),
            Rule::Availability => availability_detail(o, p, lang),
            Rule::Excluded => lang.fill(Msg::FailureExcluded, &[("mission", &mission.id)]),
            // No cooldown: the tour starts before the officer is home.
            Rule::Cooldown if o.cooldown_until == o.last_return => lang.fill(
                Msg::FailureNotHome,
                &[
                    ("home", &day_text(o.last_return?, lang)),
                    ("start", &day_text(p.start, lang)),
                ],
            ),
            // Counted from the later of the two: the last day away in
            // deployments.csv, or the day home in officers.csv.
            Rule::Cooldown if o.away_until >= o.last_return => lang.fill(
                Msg::FailureCooldownAway,
                &[
                    ("until", &day_text(o.away_until?, lang)),
                    ("next", &day_text(o.cooldown_until?, lang)),
                    ("start", &day_text(p.start, lang)),
                ],
            ),
            Rule::Cooldown => lang.fill(
                Msg::FailureCooldown,
                &[
                    ("home", &day_text(o.last_return?, lang)),
                    ("next", &day_text(o.cooldown_until?, lang)),
                    ("start", &day_text(p.start, lang)),
                ],
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

impl Failure {
    /// `rank: …` in `lang` (the detail is in the language it was checked in).
    pub fn text_in(&self, lang: Lang) -> String {
        lang.fill(
            Msg::FailureLine,
            &[("rule", &self.rule.name_in(lang)), ("detail", &self.detail)],
        )
    }
}

fn language_detail(o: &Officer, p: &Position, lang: Lang) -> String {
    let missing: Vec<String> = p
        .languages
        .iter()
        .filter(|req| !req.met_by(&o.languages))
        .map(
            |req| match o.languages.iter().find(|(c, _)| *c == req.code) {
                Some((c, l)) => lang.fill(
                    Msg::FailureLanguageLevel,
                    &[("required", req), ("has", &format!("{c}:{l}"))],
                ),
                None => lang.fill(
                    Msg::FailureLanguageNone,
                    &[("required", req), ("code", &req.code)],
                ),
            },
        )
        .collect();
    missing.join(lang.semicolon())
}

fn missing_skills<'a>(o: &Officer, p: &'a Position) -> Vec<&'a str> {
    p.skills
        .iter()
        .filter(|s| !o.skills.contains(*s))
        .map(String::as_str)
        .collect()
}

fn availability_detail(o: &Officer, p: &Position, lang: Lang) -> String {
    match (o.available_from, o.available_until, o.away_until) {
        (Some(from), _, _) if from > p.start => lang.fill(
            Msg::FailureAvailableFrom,
            &[
                ("from", &day_text(from, lang)),
                ("start", &day_text(p.start, lang)),
            ],
        ),
        (_, Some(until), _) if until < p.end => lang.fill(
            Msg::FailureAvailableUntil,
            &[
                ("until", &day_text(until, lang)),
                ("end", &day_text(p.end, lang)),
            ],
        ),
        (_, _, Some(away)) => lang.fill(
            Msg::FailureAway,
            &[
                ("until", &day_text(away, lang)),
                ("start", &day_text(p.start, lang)),
            ],
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
    failures_in(inst, o, p, Lang::En)
}

/// [`failures`], the details in `lang`.
pub fn failures_in(inst: &Instance, o: OfficerIx, p: PositionIx, lang: Lang) -> Vec<Failure> {
    let (officer, position, mission, excluded) = parts(inst, o, p);
    Rule::ALL
        .iter()
        .filter_map(|rule| rule.check_in(officer, position, mission, excluded, lang))
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

/// A rank as a person reads it: its name in English (`staff_sergeant`, as
/// the input files write it), the rank's French title in French.
fn rank_text(rank: Rank, lang: Lang) -> &'static str {
    match lang {
        Lang::En => rank.name(),
        Lang::Fr => match rank {
            Rank::Constable => "agent",
            Rank::Corporal => "caporal",
            Rank::Sergeant => "sergent",
            Rank::StaffSergeant => "sergent d'état-major",
            Rank::Inspector => "inspecteur",
            Rank::Superintendent => "surintendant",
            Rank::ChiefSuperintendent => "surintendant principal",
            Rank::Executive => "officier de direction",
        },
    }
}
