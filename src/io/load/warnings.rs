//! Warnings about data that loads but is likely a mistake: a skill or a
//! language nobody has, officers already away beyond a service's limit.

use crate::io::table::Sink;
use crate::model::*;
use std::collections::{BTreeSet, HashSet};

/// A warning for each skill a position requires that no officer has: a
/// misspelling (`investigaton`) would otherwise only show as everyone
/// failing the skills rule there. Names the officers' skill it is nearest,
/// if one is near.
pub(super) fn warn_skills_nobody_has(inst: &Instance, sink: &mut Sink) {
    let held: BTreeSet<&str> = inst
        .officers
        .iter()
        .flat_map(|o| o.skills.iter().map(String::as_str))
        .collect();
    let mut warned: HashSet<&str> = HashSet::new();
    for p in inst.position_ixs() {
        let pos = &inst.positions[p.0];
        for skill in &pos.skills {
            if held.contains(skill.as_str()) || !warned.insert(skill) {
                continue;
            }
            let hint = held
                .iter()
                .find(|h| crate::io::table::near(skill, h))
                .map_or(String::new(), |h| format!(" (did you mean '{h}'?)"));
            sink.warnings.push(format!(
                "positions.csv: no officer has the skill '{skill}' that {} requires{hint}: nobody is eligible there",
                inst.position_label(p)
            ));
        }
    }
}

/// A warning for each language a position requires, or a mission with a
/// language target works in, that no officer speaks at any level: a
/// wrong code (`zz:B1`) would otherwise only show as nobody eligible, or
/// as a target no plan meets.
pub(super) fn warn_languages_nobody_speaks(inst: &Instance, sink: &mut Sink) {
    let spoken: HashSet<&LangCode> = inst
        .officers
        .iter()
        .flat_map(|o| o.languages.iter().map(|(code, _)| code))
        .collect();
    let mut warned: HashSet<&LangCode> = HashSet::new();
    for m in &inst.missions {
        let Some(req) = &m.language else { continue };
        if m.min_language_share > 0.0 && !spoken.contains(&req.code) && warned.insert(&req.code) {
            sink.warnings.push(format!(
                "missions.csv: no officer speaks '{}', the working language of {}: its language target cannot be met",
                req.code, m.id
            ));
        }
    }
    for p in inst.position_ixs() {
        let pos = &inst.positions[p.0];
        for req in &pos.languages {
            if !spoken.contains(&req.code) && warned.insert(&req.code) {
                sink.warnings.push(format!(
                    "positions.csv: no officer speaks '{}', which {} requires: nobody is eligible there",
                    req.code,
                    inst.position_label(p)
                ));
            }
        }
    }
}

/// A warning for each service whose officers already away exceed its
/// `max_deployed` on some day: it can release nobody whose tour covers it.
pub(super) fn warn_away_over_limit(inst: &Instance, sink: &mut Sink) {
    for (s, svc) in inst.services.iter().enumerate() {
        let away = crate::model::limits::away(inst, ServiceIx(s), &[]);
        let over = svc.max_deployed + 1;
        // Each stretch of days over the limit, whole: (from, to, the most
        // away, whether that count changes within); `from` is `None` for
        // the days before any start.
        let mut stretches: Vec<(Option<Date>, Option<Date>, u32, bool)> = Vec::new();
        if away.before >= over {
            let to = away.spans.first().map(|&(from, _, _)| from.pred());
            stretches.push((None, to, away.before, false));
        }
        for (from, to, n) in away.at_least(over) {
            match stretches.last_mut() {
                Some(last) if last.1.is_some_and(|end| end.succ() == from) => {
                    last.3 |= n != last.2;
                    last.2 = last.2.max(n);
                    last.1 = to;
                }
                _ => stretches.push((Some(from), to, n, false)),
            }
        }
        if stretches.is_empty() {
            continue;
        }
        let parts: Vec<String> = stretches
            .iter()
            .map(|&(from, to, n, changes)| {
                let officers = if n == 1 { "officer" } else { "officers" };
                let most = if changes { "up to " } else { "" };
                let when = match (from, to) {
                    (None, None) => "on every day".to_string(),
                    (None, Some(to)) => format!("until {to}"),
                    (Some(from), to) => crate::model::limits::span_text(from, to),
                };
                format!("{most}{n} {officers} away {when}")
            })
            .collect();
        let list = match parts.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => parts.join(""),
        };
        sink.warnings.push(format!(
            "service {}: {list}, more than its max_deployed {}: it can release nobody whose tour covers those days",
            svc.id, svc.max_deployed
        ));
    }
}

/// A warning for each officer of deployments.csv who comes home more than
/// a year before the first mission starts: most likely a mistyped year
/// (2007 for 2027), which would plan their successor seats, one tour
/// after another, from that year on.
pub(super) fn warn_returns_long_ago(inst: &Instance, sink: &mut Sink, file: &str) {
    let Some(first) = inst.missions.iter().map(|m| m.start).min() else {
        return;
    };
    // The same day a year before (29 February: the 28th).
    let (year, month, day) = first.ymd();
    let year_before = Date::new(year - 1, month, day)
        .or_else(|| Date::new(year - 1, month, day - 1))
        .unwrap_or(first);
    // Home the day after their last day away.
    for d in inst
        .deployments
        .iter()
        .filter(|d| d.until.succ() < year_before)
    {
        let who = if d.officer_id.is_empty() {
            "an officer".to_string()
        } else {
            d.officer_id.clone()
        };
        sink.warnings.push(format!(
            "{file}:{}: {who} comes home on {} (away until {}), more than a year before the first mission starts ({first}): is the year right? With --rotations-until their successor seats are planned from then on",
            d.line,
            d.until.succ(),
            d.until
        ));
    }
}

/// A warning when `--rotations-until` plans no successor seat: the
/// horizon comes before the first return of an officer at a mission and
/// role in deployments.csv, or none is listed there.
pub(super) fn warn_no_rotation(inst: &Instance, sink: &mut Sink, horizon: Date, overlap_days: u32) {
    if inst.rotations.as_ref().is_some_and(|r| !r.base.is_empty()) {
        return;
    }
    let first_seat = inst
        .deployments
        .iter()
        .filter(|d| inst.held_position(d).is_some())
        .map(|d| crate::model::rotation::successor_start(d.until, overlap_days))
        .min();
    sink.warnings.push(match first_seat {
        Some(day) if horizon < day => format!(
            "--rotations-until {horizon} plans no successor seat: the first would start on {day} (an officer of deployments.csv coming home, less --overlap-days)"
        ),
        _ => format!(
            "--rotations-until {horizon} plans no successor seat: deployments.csv lists no officer away at a mission and role of positions.csv"
        ),
    });
}

/// A warning for each label `MISSION/ROLE` that names two positions of
/// positions.csv (a mission `UN/MIK` with a role `team_leader`, a mission
/// `UN` with a role `MIK/team_leader`): where a position is named by its
/// label (scenarios, `explain --position`, `serve`), such a label is
/// refused as naming several.
pub(super) fn warn_labels_naming_two(inst: &Instance, sink: &mut Sink) {
    let mut seen: std::collections::HashMap<String, PositionIx> = Default::default();
    for p in inst.position_ixs().take(inst.planned_positions()) {
        let label = inst.position_label(p);
        if let Some(&first) = seen.get(&label) {
            sink.warnings.push(format!(
                "positions.csv: {} and {} both read {label}: where a position is named MISSION/ROLE (scenarios, explain --position, serve) that name is refused; rename a mission or a role so that they read apart",
                inst.position_parts(first),
                inst.position_parts(p)
            ));
        } else {
            seen.insert(label, p);
        }
    }
}

/// A warning for each row of deployments.csv whose mission and role name
/// a position of positions.csv but for case or spaces (`Monusco`,
/// `community policing advisor`): with `--rotations-until` its seat would
/// not be planned again, without a word.
pub(super) fn warn_deployments_near_positions(inst: &Instance, sink: &mut Sink, file: &str) {
    // Compared as skills are: case, spaces and hyphens aside.
    let key = crate::io::table::skill_key;
    for d in &inst.deployments {
        if d.mission_id.is_empty() || d.role.is_empty() || inst.held_position(d).is_some() {
            continue;
        }
        let near = inst
            .position_ixs()
            .take(inst.planned_positions())
            .find(|&p| {
                let pos = &inst.positions[p.0];
                key(&inst.missions[pos.mission.0].id) == key(&d.mission_id)
                    && key(&pos.role) == key(&d.role)
            });
        if let Some(p) = near {
            sink.warnings.push(format!(
                "{file}:{}: {}/{} names no position of positions.csv (did you mean {}? ids and roles are case-sensitive): its seat is not planned again",
                d.line,
                d.mission_id,
                d.role,
                inst.position_label(p)
            ));
        }
    }
}

/// One warning when officers came home last, by `last_return`, after the
/// first mission starts: a day still to come is a time away
/// (deployments.csv, with its `until`), so the year is most likely
/// mistyped; as written, the officer can take no tour starting before it.
pub(super) fn warn_last_return_ahead(inst: &Instance, sink: &mut Sink) {
    let Some(first) = inst.missions.iter().map(|m| m.start).min() else {
        return;
    };
    let mut ahead = inst
        .officers
        .iter()
        .filter_map(|o| o.last_return.filter(|&d| d > first).map(|d| (o, d)));
    if let Some((officer, day)) = ahead.next() {
        let more = match ahead.count() {
            0 => String::new(),
            n => format!(" (and {n} more officers)"),
        };
        sink.warnings.push(format!(
            "officers.csv: {}'s last_return {day}{more} is after the first mission starts ({first}): is the year right? A return still to come is a row of deployments.csv; as written, they can take no tour starting before it",
            officer.id
        ));
    }
}

/// One warning when officers' skills hold a `/` or a `|` between skills
/// positions require (`investigation/training`): each is read as one
/// skill nobody requires, so those officers fail every skills rule.
pub(super) fn warn_skills_run_together(inst: &Instance, sink: &mut Sink) {
    let required: HashSet<&str> = inst
        .positions
        .iter()
        .flat_map(|p| p.skills.iter().map(String::as_str))
        .collect();
    let run_together = |skill: &str| {
        skill.contains(['/', '|'])
            && skill
                .split(['/', '|'])
                .any(|part| required.contains(part.trim()))
    };
    let mut found = inst
        .officers
        .iter()
        .flat_map(|o| o.skills.iter().map(move |s| (o, s)))
        .filter(|(_, s)| run_together(s));
    if let Some((first, skill)) = found.next() {
        let others = found.count();
        let more = match others {
            0 => String::new(),
            n => format!(" (and {n} more)"),
        };
        sink.warnings.push(format!(
            "officers.csv: {}'s skill '{skill}'{more} joins skills positions require with '/' or '|': it is read as one skill, so they are eligible nowhere that asks for one of them; separate skills with ';'",
            first.id
        ));
    }
}
