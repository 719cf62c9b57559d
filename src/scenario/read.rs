//! Reading a scenario file, or a `--sweep`, into scenarios: every row
//! checked, every problem named with its line and column.

use super::apply::seats_planned;
use super::{Amount, Away, Change, Requirement, Scenario, SEATS_OR_NONE};
use crate::error::InputErrors;
use crate::io::table::{
    parse_number, parse_priority, parse_share, parse_target_share, Schema, Sink, Table, Whole,
    MONTHS, OFFICERS, PRIORITY_EXPECTED, SEATS, TARGET_SHARE_EXPECTED,
};
use crate::model::ServiceIx;
use crate::model::{Date, Instance, MissionIx, PositionIx};
use std::path::Path;

/// The fields a scenario row may change, per target, for messages.
const FIELDS: &str = "service max_deployed|deployed_now|release_share|away; mission min_women_share|min_language_share|max_per_service|close|start|months; position count|priority|start|months|min_rank|min_years|languages|skills|leadership; officer withdraw|exclude|pin; * (id *) rotations_until";

/// Reads a scenario file; every problem is an error naming its line.
pub fn read_scenarios(inst: &Instance, path: &Path) -> Result<Vec<Scenario>, InputErrors> {
    let mut sink = Sink::default();
    let table = Table::read(path, &mut sink, &SCHEMA);
    scenarios_from(inst, table, sink)
}

/// [`read_scenarios`] from bytes in memory, named `file` in messages.
pub fn parse_scenarios(
    inst: &Instance,
    file: &str,
    bytes: &[u8],
) -> Result<Vec<Scenario>, InputErrors> {
    let mut sink = Sink::default();
    let table = Table::parse(file, bytes, &mut sink, &SCHEMA);
    scenarios_from(inst, table, sink)
}

const SCHEMA: Schema = Schema {
    short_rows: false,
    required: &["scenario", "target", "id", "field", "value"],
    optional: &[],
};

/// The scenarios of a sweep `TARGET:ID:FIELD=FROM:TO:STEP` (for example
/// `mission:*:min_women_share=0:0.5:0.05`): one scenario per value, named
/// `FIELD=VALUE`, each checked like a row of a scenario file.
pub fn sweep(inst: &Instance, spec: &str) -> Result<Vec<Scenario>, InputErrors> {
    let bad = |message: String| {
        InputErrors(vec![crate::error::InputError {
            file: "--sweep".into(),
            line: 0,
            column: None,
            value: Some(spec.to_string()),
            message,
        }])
    };
    let form = "expected TARGET:ID:FIELD=FROM:TO:STEP, e.g. mission:*:min_women_share=0:0.5:0.05";
    let (head, range) = spec.split_once('=').ok_or_else(|| bad(form.into()))?;
    let parts: Vec<&str> = head.splitn(3, ':').collect();
    let numbers: Vec<f64> = range.split(':').filter_map(parse_number).collect();
    let (&[target, id, field], &[from, to, step]) = (parts.as_slice(), numbers.as_slice()) else {
        return Err(bad(form.into()));
    };
    if range.split(':').count() != 3 {
        return Err(bad(form.into()));
    }
    // A sweep sets values: in a field whose rows also take +N / -N, a
    // negative point would read as a change, not a value.
    if from < 0.0 && matches!(field, "max_deployed" | "deployed_now" | "count") {
        return Err(bad(format!(
            "a sweep sets {field} to each value, from 0 up: FROM must be ≥ 0 (for changes +N / -N, use --scenarios)"
        )));
    }
    // Points are named to four decimals, as values are written.
    if step < 1e-4 || to < from || (to - from) / step > 1000.0 {
        return Err(bad(
            "the step must be at least 0.0001, FROM ≤ TO, and at most 1,000 points".into(),
        ));
    }
    let mut text = String::from("scenario,target,id,field,value\n");
    let points = ((to - from) / step + 1e-9).floor() as usize;
    for i in 0..=points {
        let value = crate::format::num(from + step * i as f64);
        text.push_str(&format!("{field}={value},{target},{id},{field},{value}\n"));
    }
    let mut sink = Sink::default();
    let table = Table::parse("--sweep", text.as_bytes(), &mut sink, &SCHEMA);
    // Every point has the same target: one error says it, on the sweep as
    // given (the rows and columns are the generated ones, not the user's).
    scenarios_from(inst, table, sink).map_err(|mut e| {
        e.0.truncate(1);
        for error in &mut e.0 {
            let part = error.column.take().map(|(_, name)| name);
            let value = error.value.replace(spec.to_string());
            error.line = 0;
            error.message = match (part, value) {
                (Some(part), Some(value)) => format!("{part} '{value}': {}", error.message),
                _ => std::mem::take(&mut error.message),
            };
        }
        e
    })
}

fn scenarios_from(
    inst: &Instance,
    table: Option<Table>,
    mut sink: Sink,
) -> Result<Vec<Scenario>, InputErrors> {
    let mut scenarios: Vec<Scenario> = Vec::new();
    let mut seat_rows: Vec<(String, crate::error::InputError)> = Vec::new();
    // Pins on seats the baseline does not plan: (scenario, index of the
    // change, MISSION/ROLE@DAY, the error if the scenario does not either).
    let mut later_pins: Vec<(String, usize, String, crate::error::InputError)> = Vec::new();
    // The line of each (scenario, target, id, field) that sets a value:
    // set twice, it would silently add up (`+1` twice) or overwrite.
    let mut set_at: std::collections::HashMap<(String, String, String, String), u64> =
        std::collections::HashMap::new();
    if let Some(table) = table {
        table.require_rows(&mut sink, "scenario row");
        for row in table.rows() {
            let (Some(name), Some(target), Some(id), Some(field)) = (
                row.required(&mut sink, "scenario"),
                row.required(&mut sink, "target"),
                row.required(&mut sink, "id"),
                row.required(&mut sink, "field"),
            ) else {
                continue;
            };
            if let Some(problem) = name_problem(name) {
                row.error(&mut sink, "scenario", problem);
                continue;
            }
            // More officers away and exclusions may repeat: each row is one
            // more. An officer holds one seat, so is pinned once.
            if !matches!(field, "away" | "exclude") {
                let key = (name.into(), target.into(), id.into(), field.into());
                if let Some(line) = set_at.get(&key) {
                    let message = match field {
                        "pin" => format!(
                            "repeats line {line}: scenario {name} pins officer {id} there already; an officer holds one seat: write one row"
                        ),
                        _ => format!(
                            "repeats line {line}: scenario {name} changes {target} {id} {field} there already; write one row"
                        ),
                    };
                    row.error(&mut sink, "field", message);
                    continue;
                }
                set_at.insert(key, row.line);
            }
            let value = row.decimal(row.text("value"));
            // A pin on a successor seat only the scenario's own horizon
            // plans: settled once all its rows are read.
            if target == "officer"
                && field == "pin"
                && value.contains('@')
                && inst.find_officer(id).is_some()
                && inst
                    .position_labelled(&value)
                    .is_err_and(|several| several.is_empty())
            {
                let mut at = Sink::default();
                row.error(
                    &mut at,
                    "value",
                    format!("no position '{value}' in the data, nor among the successor seats the scenario plans: expected a position as MISSION/ROLE"),
                );
                let officer = inst.find_officer(id).expect("checked");
                let change = Change::Pin(officer, PositionIx(usize::MAX));
                let index = add_change(&mut scenarios, name, change, row.line);
                later_pins.extend(
                    at.errors
                        .pop()
                        .map(|e| (name.to_string(), index, value.to_string(), e)),
                );
                continue;
            }
            let change = match change_of(inst, target, id, field, &value) {
                Ok(change) => change,
                Err(problem) => {
                    let (column, message) = match problem {
                        Problem::Unknown(what) => {
                            let hint = case_hint(inst, what, id);
                            ("id", format!("no {what} '{id}' in the data{hint}"))
                        }
                        Problem::Id(message) => ("id", message),
                        Problem::Value(expected) => {
                            ("value", format!("expected {expected} for {target} {field}"))
                        }
                        Problem::ValueMessage(message) => ("value", message),
                        Problem::Field => (
                            "field",
                            format!("no change '{field}' for target '{target}': {FIELDS}"),
                        ),
                        Problem::Target => (
                            "target",
                            "expected a target: service, mission, position, officer or * (with rotations_until)".to_string(),
                        ),
                    };
                    row.error(&mut sink, column, message);
                    continue;
                }
            };
            // The row an error about the scenario's successor seats names:
            // its last row that sets months or the horizon.
            let plans_seats = inst.rotations.is_some()
                && matches!(
                    change,
                    Change::Months(..) | Change::PositionMonths(..) | Change::RotationsUntil(_)
                );
            if plans_seats {
                let mut at = Sink::default();
                row.error(&mut at, "value", "");
                seat_rows.retain(|(n, _)| n != name);
                seat_rows.extend(at.errors.pop().map(|e| (name.to_string(), e)));
            }
            add_change(&mut scenarios, name, change, row.line);
        }
    }
    // A pin on a successor seat the scenario's own `rotations_until`
    // plans (the seats after the baseline's), as the scenario plans it.
    for (name, index, label, error) in later_pins {
        let s = scenarios.iter_mut().find(|s| s.name == name).expect("read");
        let (planned, _) = seats_planned(inst, s);
        match (planned.position_labelled(&label), &mut s.changes[index]) {
            (Ok(p), Change::Pin(_, seat)) if p.0 >= inst.positions.len() => *seat = p,
            _ => sink.errors.push(error),
        }
    }
    // A scenario may not plan a successor seat named like a role of
    // positions.csv, as the files may not.
    for (name, mut error) in seat_rows {
        let s = scenarios.iter().find(|s| s.name == name).expect("read");
        let (planned, clashes) = seats_planned(inst, s);
        if let Some(c) = clashes.first() {
            error.message = format!(
                "successor seat {} of {} would have the name of a role of positions.csv",
                c.role,
                inst.position_label(c.base)
            );
            sink.errors.push(error);
        } else if let Some(problem) = planned.rotations.as_ref().and_then(|r| {
            Some((
                r.overlap_days,
                planned.overlap_problem(r.until, r.overlap_days)?,
            ))
        }) {
            let (overlap, problem) = problem;
            error.message =
                format!("with the scenario's changes, --overlap-days {overlap} {problem}");
            sink.errors.push(error);
        }
    }
    if sink.errors.is_empty() {
        Ok(scenarios)
    } else {
        Err(InputErrors(sink.errors))
    }
}

/// Adds a row's change to its scenario (a new one for a name not seen
/// yet), in file order; returns its index among the scenario's changes.
fn add_change(scenarios: &mut Vec<Scenario>, name: &str, change: Change, line: u64) -> usize {
    let s = match scenarios.iter().position(|s| s.name == name) {
        Some(i) => &mut scenarios[i],
        None => {
            scenarios.push(Scenario {
                name: name.to_string(),
                changes: Vec::new(),
                lines: Vec::new(),
            });
            scenarios.last_mut().expect("pushed")
        }
    };
    s.changes.push(change);
    s.lines.push(line);
    s.changes.len() - 1
}

/// Why a scenario row cannot be read.
enum Problem {
    /// The id names no such target (`what`: service, mission, …).
    Unknown(&'static str),
    /// The id is wrong for this change, with the message.
    Id(String),
    /// The value is not the `expected` kind.
    Value(&'static str),
    /// The value is wrong, with the message.
    ValueMessage(String),
    /// No such change for the target.
    Field,
    /// No such target.
    Target,
}

/// Every index (`len` of them) for `*`, else the one `find` finds.
fn by_id<T>(
    len: usize,
    id: &str,
    index: fn(usize) -> T,
    find: impl Fn(&str) -> Option<T>,
    what: &'static str,
) -> Result<Vec<T>, Problem> {
    if id == "*" {
        return Ok((0..len).map(index).collect());
    }
    find(id).map(|t| vec![t]).ok_or(Problem::Unknown(what))
}

/// ` (ids are case-sensitive: did you mean 'X'?)` for an id of `what`
/// (service, mission, officer, position) written in another case.
fn case_hint(inst: &Instance, what: &str, id: &str) -> String {
    let known: Vec<String> = match what {
        "service" => inst.services.iter().map(|s| s.id.clone()).collect(),
        "mission" => inst.missions.iter().map(|m| m.id.clone()).collect(),
        "officer" => inst.officers.iter().map(|o| o.id.clone()).collect(),
        _ => (0..inst.positions.len())
            .map(|p| inst.position_label(crate::model::PositionIx(p)))
            .collect(),
    };
    crate::io::table::case_hint(id, known.iter().map(String::as_str))
}

/// A parsed value, or the problem saying what was `expected`.
fn need<T>(parsed: Option<T>, expected: &'static str) -> Result<T, Problem> {
    parsed.ok_or(Problem::Value(expected))
}

/// The longest scenario name: it names a folder, whose path must stay
/// within what file systems take.
pub const MAX_NAME: usize = 100;

/// Why `name` cannot name a scenario: it names the scenario's folder
/// beside whatif.csv and the baseline's.
fn name_problem(name: &str) -> Option<String> {
    let letters = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.+=".contains(c));
    if name == "baseline" || !letters {
        return Some(
            "a scenario name is ASCII letters, digits, - _ . + = (it names a folder), and not 'baseline'".into(),
        );
    }
    if name.starts_with('.') {
        return Some(
            "a scenario name may not start with '.' (it names a folder, which would be hidden, or be . or ..)".into(),
        );
    }
    if name.eq_ignore_ascii_case("whatif.csv") {
        return Some("a scenario name may not be whatif.csv, the file beside its folder".into());
    }
    (name.len() > MAX_NAME).then(|| {
        format!(
            "a scenario name is at most {MAX_NAME} characters (it names a folder); this one has {}",
            name.len()
        )
    })
}

/// One row's change: its targets resolved and its value parsed.
fn change_of(
    inst: &Instance,
    target: &str,
    id: &str,
    field: &str,
    value: &str,
) -> Result<Change, Problem> {
    let services = || {
        let find = |id: &str| inst.find_service(id);
        by_id(inst.services.len(), id, ServiceIx, find, "service")
    };
    let missions = || {
        let find = |id: &str| inst.find_mission(id);
        by_id(inst.missions.len(), id, MissionIx, find, "mission")
    };
    let positions = || -> Result<Vec<PositionIx>, Problem> {
        // MISSION/* or */ROLE: every match, at least one; otherwise the one
        // position the label names (mission ids and roles may hold a `/`).
        let wild = |m: Option<&str>, r: Option<&str>| -> Vec<PositionIx> {
            inst.position_ixs()
                .filter(|p| {
                    let pos = &inst.positions[p.0];
                    m.is_none_or(|m| inst.missions[pos.mission.0].id == m)
                        && r.is_none_or(|r| pos.role == r)
                })
                .collect()
        };
        let ps = if id == "*" || id == "*/*" {
            wild(None, None)
        } else if let Some(m) = id.strip_suffix("/*") {
            wild(Some(m), None)
        } else if let Some(r) = id.strip_prefix("*/") {
            wild(None, Some(r))
        } else {
            match inst.position_labelled(id) {
                Ok(p) => vec![p],
                Err(several) if several.is_empty() => Vec::new(),
                Err(several) => return Err(Problem::Id(inst.ambiguous_label(id, &several))),
            }
        };
        if ps.is_empty() {
            Err(Problem::Unknown("position (MISSION/ROLE)"))
        } else {
            Ok(ps)
        }
    };
    let officer = || inst.find_officer(id).ok_or(Problem::Unknown("officer"));
    // A share (a release share), or a target share of at most three
    // decimals, as in missions.csv; a percentage gets a hint.
    let share_by = |parse: fn(&str) -> Option<f64>, expected: &str| {
        parse(value).ok_or_else(|| {
            let number = value.strip_suffix('%').unwrap_or(value).trim();
            let hint = crate::io::table::percent_hint(number, value.ends_with('%'));
            Problem::ValueMessage(format!("expected {expected}{hint} for {target} {field}"))
        })
    };
    let share = || share_by(parse_share, "a share between 0 and 1");
    let target_share = || share_by(parse_target_share, TARGET_SHARE_EXPECTED);
    let amount = |whole: Whole| need(Amount::parse(value, whole), whole.amount);
    // `close` and `withdraw` take none.
    let no_value = || {
        need(
            value.is_empty().then_some(()),
            "no value (the change takes none)",
        )
    };
    Ok(match (target, field) {
        ("service", "max_deployed") => Change::MaxDeployed(services()?, amount(OFFICERS)?),
        ("service", "deployed_now") => Change::DeployedNow(services()?, amount(OFFICERS)?),
        ("service", "release_share") => {
            let mut ss = services()?;
            let share = share()?;
            if id == "*" {
                // Like --release-share: only where services.csv leaves
                // max_deployed empty.
                ss.retain(|s| inst.services[s.0].release_derived);
            }
            Change::ReleaseShare(ss, share)
        }
        ("mission", "min_women_share") => Change::WomenShare(missions()?, target_share()?),
        ("mission", "min_language_share") => {
            let ms = missions()?;
            let share = target_share()?;
            let silent = ms.iter().find(|m| inst.missions[m.0].language.is_none());
            if let (Some(m), false) = (silent, id == "*") {
                let mission = &inst.missions[m.0].id;
                return Err(Problem::Id(format!(
                    "mission {mission} has no working language"
                )));
            }
            Change::LanguageShare(ms, share)
        }
        ("mission", "max_per_service") => {
            let ms = missions()?;
            let limit = match value {
                "" => None,
                _ => Some(SEATS.parse(value).ok_or_else(|| {
                    Problem::ValueMessage(format!(
                        "expected {}, or nothing for no limit for {target} {field}",
                        SEATS.expected
                    ))
                })?),
            };
            Change::MaxPerService(ms, limit)
        }
        ("mission", "close") => {
            let ms = missions()?;
            no_value()?;
            Change::Close(ms)
        }
        ("mission", "start") => {
            Change::Start(missions()?, need(Date::parse(value), "a date YYYY-MM-DD")?)
        }
        ("mission", "months") => {
            Change::Months(missions()?, need(MONTHS.parse(value), MONTHS.expected)?)
        }
        ("service", "away") => {
            let ss = services()?;
            Change::Away(ss, Away::parse(value).map_err(Problem::ValueMessage)?)
        }
        ("position", "start" | "months") => {
            let mut ps = positions()?;
            // A successor seat's tour follows its incumbent's return.
            let seat = ps.iter().find(|&&p| inst.successor_of(p).is_some());
            if let (Some(&p), false) = (seat, id.contains('*')) {
                return Err(Problem::Id(format!(
                    "{} is a successor seat: its tour follows the return of the officer it replaces (change deployments.csv or --overlap-days)",
                    inst.position_label(p)
                )));
            }
            ps.retain(|&p| inst.successor_of(p).is_none());
            if field == "start" {
                Change::PositionStart(ps, need(Date::parse(value), "a date YYYY-MM-DD")?)
            } else {
                Change::PositionMonths(ps, need(MONTHS.parse(value), MONTHS.expected)?)
            }
        }
        ("*", "rotations_until") => {
            if id != "*" {
                return Err(Problem::Id(
                    "rotations_until applies to every rotation: write * as target and id".into(),
                ));
            }
            if inst.rotations.is_none() {
                return Err(Problem::Id(
                    "the baseline plans no rotation: give --rotations-until (the baseline's horizon) to compare another".into(),
                ));
            }
            // Seats named like a role are checked with the whole scenario.
            let until = need(Date::parse(value), "a date YYYY-MM-DD")?;
            if let Some(problem) = inst.horizon_problem(until) {
                return Err(Problem::ValueMessage(format!("{until} {problem}")));
            }
            Change::RotationsUntil(until)
        }
        ("position", "count") => {
            let mut ps = positions()?;
            // A successor seat has one seat per officer coming home: a
            // wildcard changes the positions of positions.csv, as the same
            // edit of the file does; a row naming a seat changes it alone.
            if id == "*" || id.ends_with("/*") {
                ps.retain(|&p| inst.successor_of(p).is_none());
            }
            Change::Count(ps, amount(SEATS_OR_NONE)?)
        }
        ("position", "priority") => {
            let priority = parse_priority(value);
            Change::Priority(positions()?, need(priority, PRIORITY_EXPECTED)?)
        }
        ("position", "min_rank" | "min_years" | "languages" | "skills" | "leadership") => {
            let ps = positions()?;
            match Requirement::parse(field, value) {
                Some(r) => Change::Requirement(ps, r.map_err(Problem::Value)?),
                None => unreachable!("the arm lists the requirement fields"),
            }
        }
        ("officer", "withdraw") => {
            let o = officer()?;
            no_value()?;
            Change::Withdraw(o)
        }
        ("officer", "exclude") => {
            let o = officer()?;
            match inst.find_mission(value) {
                Some(m) => Change::Exclude(o, m),
                None if value.is_empty() => return Err(Problem::Value("a mission_id")),
                None => {
                    return Err(Problem::ValueMessage(format!(
                        "no mission '{value}' in the data: expected a mission_id"
                    )))
                }
            }
        }
        ("officer", "pin") => {
            let o = officer()?;
            if !value.contains('/') {
                return Err(Problem::Value("a position as MISSION/ROLE"));
            }
            match inst.position_labelled(value) {
                Ok(p) => Change::Pin(o, p),
                Err(several) if several.is_empty() => {
                    return Err(Problem::ValueMessage(format!(
                        "no position '{value}' in the data: expected a position as MISSION/ROLE"
                    )))
                }
                Err(several) => {
                    return Err(Problem::ValueMessage(inst.ambiguous_label(value, &several)))
                }
            }
        }
        (target, _) if !matches!(target, "service" | "mission" | "position" | "officer" | "*") => {
            return Err(Problem::Target)
        }
        _ => return Err(Problem::Field),
    })
}
