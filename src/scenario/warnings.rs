//! Warnings about scenarios that read but are likely not what the planner
//! meant.

use super::{Change, Requirement, Scenario};
use crate::model::ServiceIx;
use crate::model::{Instance, MissionIx, PositionIx};

/// Warnings about scenarios that read but likely say something else than
/// meant: a skill no officer holds (often a typo) leaves its positions
/// with nobody eligible, as positions.csv warns.
pub fn warnings(inst: &Instance, scenarios: &[Scenario]) -> Vec<String> {
    let held: std::collections::BTreeSet<&str> = inst
        .officers
        .iter()
        .flat_map(|o| o.skills.iter().map(String::as_str))
        .collect();
    let mut out = Vec::new();
    for s in scenarios {
        for change in &s.changes {
            let Change::Requirement(ps, Requirement::Skills(skills)) = change else {
                continue;
            };
            for skill in skills.iter().filter(|k| !held.contains(k.as_str())) {
                let hint = held
                    .iter()
                    .find(|h| crate::io::table::near(skill, h))
                    .map_or(String::new(), |h| format!(" (did you mean '{h}'?)"));
                let at = ps
                    .first()
                    .map_or(String::new(), |&p| inst.position_label(p));
                let more = match ps.len() {
                    0 | 1 => String::new(),
                    n => format!(" and {} more", n - 1),
                };
                out.push(format!(
                    "scenario {}: no officer has the skill '{skill}' that {at}{more} would require{hint}: nobody is eligible there",
                    s.name
                ));
            }
        }
        out.extend(overlaps(inst, s));
        out.extend(deployed_now_beside_rows(inst, s));
    }
    out
}

/// A warning for a `deployed_now` row on a service whose officers away
/// are rows of deployments.csv (the files refuse both): the scenario's
/// officers are counted beside the rows, every day and with no return.
fn deployed_now_beside_rows(inst: &Instance, s: &Scenario) -> Vec<String> {
    let mut out = Vec::new();
    for (change, line) in s.changes.iter().zip(&s.lines) {
        let Change::DeployedNow(ss, _) = change else {
            continue;
        };
        let rows: Vec<(&str, usize)> = ss
            .iter()
            .map(|sv| {
                let n = inst.deployments.iter().filter(|d| d.service == *sv).count();
                (inst.services[sv.0].id.as_str(), n)
            })
            .filter(|&(_, n)| n > 0)
            .collect();
        let Some(&(id, n)) = rows.first() else {
            continue;
        };
        let more = match rows.len() {
            1 => String::new(),
            k => format!(" (and {} more services)", k - 1),
        };
        out.push(format!(
            "scenario {}: line {line} sets deployed_now of {id}{more}, which has {n} row(s) in deployments.csv: its deployed_now counts beside them, away every day with no return (for officers away between two dates, use away +N:START:UNTIL)",
            s.name
        ));
    }
    out
}

/// A warning for each pair of rows of a scenario that change the same
/// value of the same service, mission or position (a `*` row and a row
/// naming one of its ids): both apply, in file order, which a planner may
/// not mean (`*` +1 and TPS +5 give TPS +6).
fn overlaps(inst: &Instance, s: &Scenario) -> Vec<String> {
    // (what is changed, of whom) → the lines changing it, in order.
    let mut changed: std::collections::BTreeMap<(&str, String), Vec<u64>> = Default::default();
    for (change, &line) in s.changes.iter().zip(&s.lines) {
        let services = |field, ss: &[ServiceIx]| -> Vec<(&'static str, String)> {
            ss.iter()
                .map(|x| (field, inst.services[x.0].id.clone()))
                .collect()
        };
        let missions = |field, ms: &[MissionIx]| -> Vec<(&'static str, String)> {
            ms.iter()
                .map(|x| (field, inst.missions[x.0].id.clone()))
                .collect()
        };
        let positions = |field, ps: &[PositionIx]| -> Vec<(&'static str, String)> {
            ps.iter()
                .map(|&p| (field, inst.position_label(p)))
                .collect()
        };
        let keys = match change {
            // A release share sets max_deployed too.
            Change::MaxDeployed(ss, _) | Change::ReleaseShare(ss, _) => {
                services("max_deployed", ss)
            }
            Change::DeployedNow(ss, _) => services("deployed_now", ss),
            Change::WomenShare(ms, _) => missions("min_women_share", ms),
            Change::LanguageShare(ms, _) => missions("min_language_share", ms),
            Change::MaxPerService(ms, _) => missions("max_per_service", ms),
            Change::Start(ms, _) => missions("start", ms),
            Change::Months(ms, _) => missions("months", ms),
            Change::PositionStart(ps, _) => positions("start", ps),
            Change::PositionMonths(ps, _) => positions("months", ps),
            Change::Count(ps, _) => positions("count", ps),
            Change::Priority(ps, _) => positions("priority", ps),
            Change::Requirement(ps, r) => positions(
                match r {
                    Requirement::MinRank(_) => "min_rank",
                    Requirement::MinYears(_) => "min_years",
                    Requirement::Languages(_) => "languages",
                    Requirement::Skills(_) => "skills",
                    Requirement::Leadership(_) => "leadership",
                },
                ps,
            ),
            _ => Vec::new(),
        };
        for key in keys {
            changed.entry(key).or_default().push(line);
        }
    }
    // Grouped by the rows, so that a `*` row meeting one id is one line.
    let mut by_rows: std::collections::BTreeMap<(Vec<u64>, &str), Vec<String>> = Default::default();
    for ((field, who), lines) in changed.into_iter().filter(|(_, l)| l.len() > 1) {
        by_rows.entry((lines, field)).or_default().push(who);
    }
    by_rows
        .into_iter()
        .map(|((lines, field), mut who)| {
            let n = who.len();
            who.truncate(3);
            let more = if n > 3 { format!(" and {} more", n - 3) } else { String::new() };
            let lines: Vec<String> = lines.iter().map(u64::to_string).collect();
            let (last, first) = lines.split_last().expect("two or more");
            let (rows, all) = match first.len() {
                1 => (format!("{} and {last}", first[0]), "both"),
                _ => (format!("{} and {last}", first.join(", ")), "all"),
            };
            format!(
                "scenario {}: lines {rows} {all} change {field} of {}{more}: each applies, in file order",
                s.name,
                who.join(", ")
            )
        })
        .collect()
}
