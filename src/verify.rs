//! Independent check of any plan against every rule and hard constraint.
//!
//! "Never trust the solver's bookkeeping": this module does not look at the
//! model at all. It re-applies the eligibility rules of [`crate::rules`]
//! and recounts every constraint family from the plain plan, so it can
//! check a plan a board edited by hand just as well as the engine's own.

use crate::error::{Error, Result};
use crate::lang::{Lang, Msg};
use crate::model::limits::{self, Family, Limit};
use crate::model::{Date, Instance, Pair};
use crate::plan::Plan;
use crate::rules;
use crate::solve::{self, Solution, SolveOptions};
use std::collections::BTreeMap;
use std::fmt;

/// One broken rule or constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Stable name: an eligibility rule or a hard-limit family.
    pub name: &'static str,
    /// What exactly is wrong.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.message)
    }
}

/// Every violation of the plan, in a fixed order: eligibility rules in
/// plan order, then the hard limits family by family (officers by id, the
/// other limits by index), then pins in file order.
pub fn verify(inst: &Instance, plan: &Plan) -> Vec<Violation> {
    verify_in(inst, plan, Lang::En)
}

/// [`verify`], the names and messages in `lang` (`verify --lang fr`).
pub fn verify_in(inst: &Instance, plan: &Plan, lang: Lang) -> Vec<Violation> {
    let mut out = Vec::new();
    let officer = |o: crate::model::OfficerIx| &inst.officers[o.0].id;

    let mut per_officer: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for &(o, p) in &plan.assignments {
        per_officer
            .entry(officer(o))
            .or_default()
            .push(inst.position_label(p));
        for failure in rules::failures_in(inst, o, p, lang) {
            out.push(Violation {
                name: failure.rule.name_in(lang),
                message: lang.fill(
                    Msg::ViolationRule,
                    &[
                        ("officer", officer(o)),
                        ("position", &inst.position_label(p)),
                        ("detail", &failure.detail),
                    ],
                ),
            });
        }
    }
    // A row the plan repeats is one officer in one seat: it breaks one
    // position per officer (counted from every row), and no seat or
    // service limit counts it twice.
    let rows = plan;
    let mut once = plan.assignments.clone();
    once.sort_unstable();
    once.dedup();
    let plan = &Plan { assignments: once };
    // Every hard limit, recounted from the plan: family by family, officers
    // by id, the other limits in index order.
    let officers_over = limits::counts(inst, rows.assignments.iter().copied())
        .into_iter()
        .filter(|(limit, _)| matches!(limit, Limit::Officer(..)));
    let others_over = limits::counts(inst, plan.assignments.iter().copied())
        .into_iter()
        .filter(|(limit, _)| !matches!(limit, Limit::Officer(..) | Limit::Service(..)));
    let mut over: Vec<(Limit, u32)> = officers_over
        .chain(others_over)
        .filter(|&(limit, n)| n > limit.bound(inst))
        .collect();
    over.sort_by(|a, b| {
        let key = |l: &Limit| match l {
            Limit::Officer(o) => (l.family(), inst.officers[o.0].id.as_str()),
            _ => (l.family(), ""),
        };
        key(&a.0).cmp(&key(&b.0)).then(a.0.cmp(&b.0))
    });
    // Services are checked day by day on their own (below), from the plan
    // alone, in the family's place in the order.
    let mut services = Some(service_capacity(inst, plan, lang));
    for (limit, n) in over {
        if limit.family() > Family::ServiceCapacity {
            out.extend(services.take().into_iter().flatten());
        }
        let bound = limit.bound(inst);
        let message = match limit {
            Limit::Officer(o) => {
                let id = officer(o);
                let places = &per_officer[id.as_str()];
                lang.fill(
                    Msg::ViolationAssignedTwice,
                    &[("officer", id), ("n", &n), ("places", &places.join(", "))],
                )
            }
            Limit::Position(p) => {
                let label = inst.position_label(p);
                let held = ids_of(inst, plan.assignments.iter().filter(|a| a.1 == p), lang);
                lang.fill(
                    Msg::ViolationPositionCount,
                    &[
                        ("position", &label),
                        ("n", &n),
                        ("count", &bound),
                        ("officers", &held),
                    ],
                )
            }
            Limit::Service(..) => unreachable!("services are checked day by day"),
            Limit::MissionService(m, s) => {
                let theirs = plan.assignments.iter().filter(|(o, p)| {
                    inst.positions[p.0].mission == m && inst.officers[o.0].service == s
                });
                lang.fill(
                    Msg::ViolationMissionService,
                    &[
                        ("mission", &inst.missions[m.0].id),
                        ("n", &n),
                        ("service", &inst.services[s.0].id),
                        ("bound", &bound),
                        ("officers", &ids_of(inst, theirs, lang)),
                    ],
                )
            }
        };
        out.push(Violation {
            name: limit.family().name_in(lang),
            message,
        });
    }
    out.extend(services.take().into_iter().flatten());
    for pin in &inst.pins {
        if !plan.assignments.contains(&(pin.officer, pin.position)) {
            let message = lang.fill(
                Msg::ViolationPinMissing,
                &[
                    ("officer", officer(pin.officer)),
                    ("position", &inst.position_label(pin.position)),
                    ("line", &pin.line),
                ],
            );
            out.push(Violation {
                name: Family::Pin.name_in(lang),
                message,
            });
        }
    }
    out
}

/// Solves over the eligible `pairs` and checks the plan independently.
pub fn solve_checked(
    inst: &Instance,
    pairs: Vec<Pair>,
    options: &SolveOptions,
) -> Result<Solution> {
    #[allow(unused_mut)]
    let mut solution = solve::solve(inst, pairs, options)?;
    #[cfg(feature = "fault-injection")]
    break_plan_for_tests(&mut solution);
    check(inst, &solution)?;
    Ok(solution)
}

/// The verify step: every eligibility rule and hard limit recounted from
/// the plan alone. The verifier never looks at the model, so a bug in the
/// solver's bookkeeping cannot hide here.
pub fn check(inst: &Instance, solution: &Solution) -> Result<()> {
    let violations = verify(inst, &solution.plan);
    if violations.is_empty() {
        Ok(())
    } else {
        Err(Error::PlanRejected(violations))
    }
}

/// Fault injection for the test that a rejected plan writes nothing,
/// compiled in only with the `fault-injection` feature (the tests turn it
/// on, never a release build): with `MISSIONMATCH_TEST_BREAK_PLAN` set, the
/// plan's first assignment is given twice, as a solver bug might.
#[cfg(feature = "fault-injection")]
fn break_plan_for_tests(solution: &mut Solution) {
    if std::env::var_os("MISSIONMATCH_TEST_BREAK_PLAN").is_some() {
        if let Some(&first) = solution.plan.assignments.first() {
            solution.plan.assignments.insert(0, first);
        }
    }
}

/// `service_capacity`, day by day: on no day may a service have more
/// officers away (already away, and the plan's whose tour covers the day)
/// than its `max_deployed`. A service with one tour window and nobody away
/// with a return date is reported as before: its officers sent against
/// its capacity.
fn service_capacity(inst: &Instance, plan: &Plan, lang: Lang) -> Vec<Violation> {
    let calendar = inst.calendar();
    let mut out = Vec::new();
    for (s, svc) in inst.services.iter().enumerate() {
        let s = crate::model::ServiceIx(s);
        let sent: Vec<&Pair> = plan
            .assignments
            .iter()
            .filter(|(o, _)| inst.officers[o.0].service == s)
            .collect();
        // An officer in two seats (a broken plan) is one officer away.
        let officers = |pairs: &[&Pair]| {
            pairs
                .iter()
                .map(|pair| pair.0)
                .collect::<std::collections::BTreeSet<_>>()
                .len() as u32
        };
        let message = if !calendar.dated(inst, s) {
            let n = officers(&sent);
            (n > svc.capacity()).then(|| {
                lang.fill(
                    Msg::ViolationServiceSends,
                    &[
                        ("service", &svc.id),
                        ("n", &n),
                        ("capacity", &svc.capacity()),
                        ("officers", &ids_of(inst, sent.iter().copied(), lang)),
                    ],
                )
            })
        } else {
            let away = limits::away(inst, s, &plan.assignments);
            let tour = |&&(_, p): &&Pair| (inst.positions[p.0].start, inst.positions[p.0].end);
            // The days someone leaves or comes home: the officers away can
            // change there while their number stays the same.
            let changes = limits::change_days(inst, s, sent.iter().map(tour));
            // The plan's officers away on `day`, and the number already away.
            let on = |day: Date, n: u32| {
                let theirs: Vec<&Pair> = sent
                    .iter()
                    .copied()
                    .filter(|pair| {
                        let (start, end) = tour(pair);
                        start <= day && day <= end
                    })
                    .collect();
                let already = n.saturating_sub(officers(&theirs));
                (theirs, already)
            };
            // Each span over the limit, cut where the officers away change
            // and joined again where the plan's officers and the number
            // already away stay the same, so that every officer named is
            // away on every day of it. Officers already away over the limit
            // are the data's (a warning at load), not the plan's: a span
            // breaks the limit where the plan sends someone.
            let mut parts: Vec<Part> = Vec::new();
            // Within the plan's tours of the service, the days before any
            // start included (an officer already away whose tour follows
            // on is away from before it).
            let within = sent
                .iter()
                .map(tour)
                .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)));
            let over = within.map_or(Vec::new(), |(first, last)| {
                away.at_least_within(svc.max_deployed + 1, first, last)
            });
            for (from, to, n) in over.into_iter().map(|(from, to, n)| (from, Some(to), n)) {
                // The change days inside the span, found by bisection.
                let first = changes.partition_point(|&d| d <= from);
                let last = to.map_or(changes.len(), |to| changes.partition_point(|&d| d <= to));
                let cuts = changes[first..last.max(first)].iter().copied();
                let starts: Vec<Date> = std::iter::once(from).chain(cuts).collect();
                for (i, &a) in starts.iter().enumerate() {
                    let b = starts.get(i + 1).map(|next| next.pred()).or(to);
                    let (theirs, already) = on(a, n);
                    match parts.last_mut() {
                        Some(last)
                            if last.to.is_some_and(|end| end.succ() == a)
                                && last.n == n
                                && last.theirs == theirs
                                && last.already == already =>
                        {
                            last.to = b
                        }
                        _ => parts.push(Part {
                            from: a,
                            to: b,
                            n,
                            theirs,
                            already,
                        }),
                    }
                }
            }
            let over: Vec<String> = parts
                .into_iter()
                .filter(|part| !part.theirs.is_empty())
                .map(
                    |Part {
                         from,
                         to,
                         n,
                         theirs,
                         already,
                     }| {
                        let mut who = vec![lang.fill(
                            Msg::ViolationAwayFromPlan,
                            &[("officers", &ids_of(inst, theirs.into_iter(), lang))],
                        )];
                        if already > 0 {
                            who.push(
                                lang.fill(Msg::ViolationAwayAlready, &[("already", &already)]),
                            );
                        }
                        lang.fill(
                            Msg::ViolationServiceDays,
                            &[
                                ("service", &svc.id),
                                ("n", &n),
                                ("limit", &svc.max_deployed),
                                ("span", &crate::explain::reasons::span_text(from, to, lang)),
                                ("who", &who.join(", ")),
                            ],
                        )
                    },
                )
                .collect();
            (!over.is_empty()).then(|| over.join(lang.semicolon()))
        };
        out.extend(message.map(|message| Violation {
            name: Family::ServiceCapacity.name_in(lang),
            message,
        }));
    }
    out
}

/// Days over a service's limit on which the same officers of the plan are
/// away, with the same number already away.
struct Part<'a> {
    from: Date,
    to: Option<Date>,
    n: u32,
    theirs: Vec<&'a Pair>,
    already: u32,
}

/// The officers of `pairs` (each pair once: the plan's rows are
/// deduplicated first), by id, as one list (`A1, A2`); an officer the plan
/// places in several seats is named once with how many.
fn ids_of<'a>(inst: &Instance, pairs: impl Iterator<Item = &'a Pair>, lang: Lang) -> String {
    let mut seats: BTreeMap<&str, u32> = BTreeMap::new();
    for &pair in pairs {
        *seats
            .entry(inst.officers[pair.0 .0].id.as_str())
            .or_default() += 1;
    }
    seats
        .into_iter()
        .map(|(id, n)| match n {
            1 => id.to_string(),
            _ => lang.fill(Msg::ViolationInSeats, &[("officer", &id), ("n", &n)]),
        })
        .collect::<Vec<_>>()
        .join(", ")
}
