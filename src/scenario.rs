//! What-if scenarios: named lists of changes to the baseline data, read
//! from a spreadsheet-friendly CSV and applied to a copy of the instance.
//!
//! One change per row: `scenario,target,id,field,value`, for example
//!
//! ```text
//! scenario,target,id,field,value
//! toronto+5,service,TPS,max_deployed,+5
//! women30,mission,*,min_women_share,0.3
//! close-binuh,mission,BINUH,close,
//! withdrawals,officer,CPA-0001,withdraw,
//! ```
//!
//! Rows with the same scenario name form one scenario, in file order.

use crate::error::InputErrors;
use crate::io::table::{
    list, parse_bool, parse_number, parse_priority, parse_share, Schema, Sink, Table, Whole,
    MONTHS, OFFICERS, PRIORITY_EXPECTED, SEATS, YEARS,
};
use crate::model::{Date, Instance, LangReq, MissionIx, OfficerIx, Pair, Pin, PositionIx, Rank};
use crate::model::{Deployment, Service, ServiceIx};
use rayon::prelude::*;
use std::path::Path;

/// One named scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Its name (also its output folder).
    pub name: String,
    /// Its changes, in file order.
    pub changes: Vec<Change>,
    /// The line of the scenario file each change comes from (0 where
    /// none does: a `serve` session's decisions), for messages.
    pub lines: Vec<u64>,
}

/// A position's seats in a scenario: 0 takes them all away.
const SEATS_OR_NONE: Whole = crate::io::table::whole!(0, 10_000);

/// A whole number set, or moved by an amount.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Amount {
    /// `N`
    Set(u32),
    /// `+N` or `-N`
    Add(i64),
}

impl Amount {
    /// `N` within `whole`, or `+N` / `-N` with `N` at most its largest.
    fn parse(text: &str, whole: Whole) -> Option<Amount> {
        if text.starts_with('+') || text.starts_with('-') {
            text.parse::<i64>()
                .ok()
                .filter(|d| d.unsigned_abs() <= u64::from(whole.max))
                .map(Amount::Add)
        } else {
            whole.parse(text).map(Amount::Set)
        }
    }

    fn apply(self, to: u32) -> u32 {
        match self {
            Amount::Set(n) => n,
            // `to` and `d` are each within their column's range: no overflow.
            Amount::Add(d) => (i64::from(to) + d).max(0) as u32,
        }
    }
}

/// One change of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A service's `max_deployed`.
    MaxDeployed(Vec<ServiceIx>, Amount),
    /// A service's `deployed_now`.
    DeployedNow(Vec<ServiceIx>, Amount),
    /// A service's `max_deployed` becomes `floor(sworn_officers × share)`
    /// (with `*`: the services whose `max_deployed` was derived).
    ReleaseShare(Vec<ServiceIx>, f64),
    /// A mission's `min_women_share`.
    WomenShare(Vec<MissionIx>, f64),
    /// A mission's `min_language_share` (the mission must have a language).
    LanguageShare(Vec<MissionIx>, f64),
    /// A mission's `max_per_service` (`None`: no limit).
    MaxPerService(Vec<MissionIx>, Option<u32>),
    /// A mission closes: its positions get no seats.
    Close(Vec<MissionIx>),
    /// A mission's tour starts on another date (same length).
    Start(Vec<MissionIx>, Date),
    /// A mission's tour lasts another number of months.
    Months(Vec<MissionIx>, u32),
    /// A position's own tour starts on another date (same length).
    PositionStart(Vec<PositionIx>, Date),
    /// A position's own tour lasts another number of months.
    PositionMonths(Vec<PositionIx>, u32),
    /// More officers of a service away (rows added to deployments.csv).
    Away(Vec<ServiceIx>, Away),
    /// The rotations are planned until another day: the successor seats
    /// are derived again from the positions of positions.csv.
    RotationsUntil(Date),
    /// A position's `count`.
    Count(Vec<PositionIx>, Amount),
    /// A position's `priority`.
    Priority(Vec<PositionIx>, f64),
    /// One of a position's requirements.
    Requirement(Vec<PositionIx>, Requirement),
    /// An officer withdraws: eligible nowhere.
    Withdraw(OfficerIx),
    /// An officer is excluded from a mission.
    Exclude(OfficerIx, MissionIx),
    /// An officer is pinned to a position.
    Pin(OfficerIx, PositionIx),
}

/// `+N:START:UNTIL`: N more officers of a service away from START (empty:
/// already away) to UNTIL, like N rows of deployments.csv.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Away {
    /// Officers (≥ 1).
    pub officers: u32,
    /// First day away; `None`: already away.
    pub start: Option<Date>,
    /// Last day away.
    pub until: Date,
}

impl Away {
    /// The value `+N:START:UNTIL`, or what is wrong with it.
    fn parse(text: &str) -> Result<Away, String> {
        let most = OFFICERS.max;
        let form = format!("expected +N:START:UNTIL for service away: N (1 to {most}) more officers away from START to UNTIL (dates YYYY-MM-DD; START empty: already away), e.g. +2:2027-03-01:2027-06-30");
        let parts: Vec<&str> = text.split(':').collect();
        let &[n, start, until] = parts.as_slice() else {
            return Err(form);
        };
        let officers = n
            .strip_prefix('+')
            .and_then(|n| OFFICERS.parse(n))
            .filter(|&n| n >= 1)
            .ok_or_else(|| format!("'{n}' is not +N with N from 1 to {most}: {form}"))?;
        let date = |d: &str| {
            Date::parse(d).ok_or_else(|| format!("'{d}' is not a date YYYY-MM-DD: {form}"))
        };
        let start = match start {
            "" => None,
            d => Some(date(d)?),
        };
        let until = date(until)?;
        if let Some(start) = start.filter(|&s| until < s) {
            return Err(format!("until {until} is before start {start}"));
        }
        Ok(Away {
            officers,
            start,
            until,
        })
    }
}

/// A position requirement, as written in positions.csv.
#[derive(Debug, Clone, PartialEq)]
pub enum Requirement {
    /// `min_rank` (`None`: any rank).
    MinRank(Option<Rank>),
    /// `min_years` (`None`: any).
    MinYears(Option<u32>),
    /// `languages`, e.g. `en:B2;fr:B1`.
    Languages(Vec<LangReq>),
    /// `skills`, e.g. `investigation;gender_advisor`.
    Skills(Vec<String>),
    /// `leadership`, yes or no.
    Leadership(bool),
}

impl Requirement {
    /// The requirement named `field` with its value, if both are valid;
    /// `Err` says what the value should be.
    fn parse(field: &str, value: &str) -> Option<Result<Requirement, &'static str>> {
        let need = |ok: Option<Requirement>, expected| Some(ok.ok_or(expected));
        match field {
            "min_rank" if value.is_empty() => Some(Ok(Requirement::MinRank(None))),
            "min_rank" => need(
                Rank::parse(value).map(|r| Requirement::MinRank(Some(r))),
                crate::io::load::RANK_OR_NOTHING,
            ),
            "min_years" if value.is_empty() => Some(Ok(Requirement::MinYears(None))),
            "min_years" => need(
                YEARS.parse(value).map(|n| Requirement::MinYears(Some(n))),
                "a whole number from 0 to 100, or nothing",
            ),
            "languages" => need(
                list(value)
                    .map(crate::io::load::parse_lang_req)
                    .collect::<Option<Vec<_>>>()
                    .map(Requirement::Languages),
                "languages such as en:B2;fr:B1, or nothing",
            ),
            "skills" if value.contains(',') => Some(Err("skills separated by ';', or nothing")),
            "skills" => Some(Ok(Requirement::Skills(
                list(value).map(crate::io::table::skill_key).collect(),
            ))),
            "leadership" => need(
                parse_bool(value).map(Requirement::Leadership),
                crate::io::table::BOOL_EXPECTED,
            ),
            _ => None,
        }
    }
}

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
    // Every point has the same target: one error says it.
    scenarios_from(inst, table, sink).map_err(|mut e| {
        e.0.truncate(1);
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
            let change = match change_of(inst, target, id, field, &value) {
                Ok(change) => change,
                Err(problem) => {
                    let (column, message) = match problem {
                        Problem::Unknown(what) => ("id", format!("no {what} '{id}' in the data")),
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
            match scenarios.iter_mut().find(|s| s.name == name) {
                Some(s) => {
                    s.changes.push(change);
                    s.lines.push(row.line);
                }
                None => scenarios.push(Scenario {
                    name: name.to_string(),
                    changes: vec![change],
                    lines: vec![row.line],
                }),
            }
        }
    }
    // A scenario may not plan a successor seat named like a role of
    // positions.csv, as the files may not.
    for (name, mut error) in seat_rows {
        let s = scenarios.iter().find(|s| s.name == name).expect("read");
        if let Some(c) = seats_planned(inst, s).1.first() {
            error.message = format!(
                "successor seat {} of {} would have the name of a role of positions.csv",
                c.role,
                inst.position_label(c.base)
            );
            sink.errors.push(error);
        }
    }
    if sink.errors.is_empty() {
        Ok(scenarios)
    } else {
        Err(InputErrors(sink.errors))
    }
}

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
    if name == "baseline" || !letters || name.starts_with('.') {
        return Some(
            "a scenario name is ASCII letters, digits, - _ . + = (it names a folder), and not 'baseline'".into(),
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
        let unknown = Problem::Unknown("position (MISSION/ROLE)");
        if id == "*" {
            return Ok(inst.position_ixs().collect());
        }
        let (m, r) = id.split_once('/').ok_or(unknown)?;
        // MISSION/* or */ROLE: every match, at least one.
        let ps: Vec<PositionIx> = inst
            .position_ixs()
            .filter(|p| {
                let pos = &inst.positions[p.0];
                (m == "*" || inst.missions[pos.mission.0].id == m) && (r == "*" || pos.role == r)
            })
            .collect();
        if ps.is_empty() {
            Err(Problem::Unknown("position (MISSION/ROLE)"))
        } else {
            Ok(ps)
        }
    };
    let officer = || inst.find_officer(id).ok_or(Problem::Unknown("officer"));
    let share = || need(parse_share(value), "a share between 0 and 1");
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
        ("mission", "min_women_share") => Change::WomenShare(missions()?, share()?),
        ("mission", "min_language_share") => {
            let ms = missions()?;
            let share = share()?;
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
            let role = id.split_once('/').map_or(id, |(_, r)| r);
            if role == "*" {
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
            match value.split_once('/') {
                None => return Err(Problem::Value("a position as MISSION/ROLE")),
                Some((m, r)) => match inst.find_position(m, r) {
                    Some(p) => Change::Pin(o, p),
                    None => {
                        return Err(Problem::ValueMessage(format!(
                            "no position '{value}' in the data: expected a position as MISSION/ROLE"
                        )))
                    }
                },
            }
        }
        (target, _) if !matches!(target, "service" | "mission" | "position" | "officer" | "*") => {
            return Err(Problem::Target)
        }
        _ => return Err(Problem::Field),
    })
}

/// The positions of mission `m` without dates of their own follow its tour.
fn follow_mission(inst: &mut Instance, m: MissionIx) {
    let mission = inst.missions[m.0].clone();
    for pos in inst.positions.iter_mut().filter(|p| p.mission == m) {
        pos.follow_mission_tour(&mission);
    }
}

/// Why a pin of the baseline does not hold in a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinDropped {
    /// The pin's mission closes.
    MissionCloses,
    /// The officer withdraws.
    Withdraws,
    /// The officer is excluded from the pin's mission.
    Excluded,
    /// The scenario pins the officer on another position.
    PinnedElsewhere(PositionIx),
    /// The seat starts after the scenario's shorter rotation horizon.
    BeyondHorizon,
    /// The scenario changes the months of the seat's position, and plans
    /// no seat of that name.
    SeatReplanned,
}

/// The baseline's pins a scenario drops (`apply` leaves them out, so a
/// closed mission or a withdrawal never makes a scenario impossible), each
/// with the last change that drops it; `applied` is the scenario's
/// instance, as [`apply`] made it.
pub fn dropped_pins<'a>(
    inst: &'a Instance,
    scenario: &Scenario,
    applied: &Instance,
) -> Vec<(&'a Pin, PinDropped)> {
    let holds = |pin: &Pin| {
        let here = same_position(inst, applied, pin.position);
        applied
            .pins
            .iter()
            .any(|q| q.officer == pin.officer && Some(q.position) == here)
    };

    inst.pins
        .iter()
        .filter(|pin| !holds(pin))
        .map(|pin| {
            let mission = inst.positions[pin.position.0].mission;
            let why = scenario
                .changes
                .iter()
                .rev()
                .find_map(|change| match change {
                    Change::Close(ms) if ms.contains(&mission) => Some(PinDropped::MissionCloses),
                    Change::Withdraw(o) if *o == pin.officer => Some(PinDropped::Withdraws),
                    Change::Exclude(o, m) if *o == pin.officer && *m == mission => {
                        Some(PinDropped::Excluded)
                    }
                    Change::Pin(o, p) if *o == pin.officer && *p != pin.position => {
                        Some(PinDropped::PinnedElsewhere(*p))
                    }
                    _ => None,
                });
            let replanned = inst
                .successor_of(pin.position)
                .is_some_and(|base| months_change(inst, scenario, base));
            let gone = if replanned {
                PinDropped::SeatReplanned
            } else {
                PinDropped::BeyondHorizon
            };
            (pin, why.unwrap_or(gone))
        })
        .collect()
}

/// The baseline with the scenario's changes applied, in order.
pub fn apply(inst: &Instance, scenario: &Scenario) -> Instance {
    // Checked when read: no seat takes the name of a role.
    let (mut out, _) = seats_planned(inst, scenario);
    let moved: Vec<Option<PositionIx>> = inst
        .position_ixs()
        .map(|p| same_position(inst, &out, p))
        .collect();
    let seat_of = |p: PositionIx| moved.get(p.0).copied().flatten();
    for change in &scenario.changes {
        let live = |ps: &[PositionIx]| ps.iter().filter_map(|&p| seat_of(p)).collect::<Vec<_>>();
        match change {
            Change::MaxDeployed(ss, a) => ss.iter().for_each(|s| {
                let service = &mut out.services[s.0];
                service.max_deployed = a.apply(service.max_deployed);
                // Given now, no longer derived from the release share.
                service.release_derived = false;
            }),
            Change::DeployedNow(ss, a) => ss.iter().for_each(|s| {
                out.services[s.0].deployed_now = a.apply(out.services[s.0].deployed_now)
            }),
            Change::ReleaseShare(ss, x) => ss.iter().for_each(|s| {
                let service = &mut out.services[s.0];
                service.max_deployed = Service::released(service.sworn_officers, *x);
            }),
            Change::Start(..) | Change::Months(..) => apply_tour(&mut out, change),
            Change::Requirement(ps, r) => with_seats(&out, &live(ps)).iter().for_each(|p| {
                let pos = &mut out.positions[p.0];
                match r {
                    Requirement::MinRank(x) => pos.min_rank = *x,
                    Requirement::MinYears(x) => pos.min_years = *x,
                    Requirement::Languages(x) => pos.languages = x.clone(),
                    Requirement::Skills(x) => pos.skills = x.clone(),
                    Requirement::Leadership(x) => pos.leadership = *x,
                }
            }),
            Change::WomenShare(ms, x) => ms
                .iter()
                .for_each(|m| out.missions[m.0].min_women_share = *x),
            Change::LanguageShare(ms, x) => {
                for m in ms {
                    let mission = &mut out.missions[m.0];
                    if mission.language.is_some() {
                        mission.min_language_share = *x;
                    }
                }
            }
            Change::MaxPerService(ms, l) => ms
                .iter()
                .for_each(|m| out.missions[m.0].max_per_service = *l),
            Change::Close(ms) => {
                for pos in out.positions.iter_mut().filter(|p| ms.contains(&p.mission)) {
                    pos.count = 0;
                }
                out.pins
                    .retain(|pin| !ms.contains(&out.positions[pin.position.0].mission));
            }
            Change::PositionStart(..) | Change::PositionMonths(..) => apply_tour(&mut out, change),
            Change::Away(ss, away) => {
                for s in ss {
                    for _ in 0..away.officers {
                        out.deployments.push(Deployment {
                            service: *s,
                            officer_id: String::new(),
                            officer: None,
                            mission_id: String::new(),
                            role: String::new(),
                            start: away.start,
                            until: away.until,
                            line: 0,
                        });
                    }
                }
            }
            Change::RotationsUntil(_) => {}
            Change::Count(ps, a) => live(ps)
                .iter()
                .for_each(|p| out.positions[p.0].count = a.apply(out.positions[p.0].count)),
            Change::Priority(ps, x) => with_seats(&out, &live(ps))
                .iter()
                .for_each(|p| out.positions[p.0].priority = *x),
            Change::Withdraw(o) => {
                out.officers[o.0].excluded = (0..out.missions.len()).map(MissionIx).collect();
                out.pins.retain(|pin| pin.officer != *o);
            }
            Change::Exclude(o, m) => {
                out.officers[o.0].excluded.push(*m);
                out.pins.retain(|pin| {
                    !(pin.officer == *o && out.positions[pin.position.0].mission == *m)
                });
            }
            // A row pinning on a seat the scenario no longer plans
            // changes nothing.
            Change::Pin(o, p) => {
                if let Some(p) = seat_of(*p) {
                    out.pins.retain(|pin| pin.officer != *o);
                    out.pins.push(Pin {
                        officer: *o,
                        position: p,
                        line: 0,
                        reason: String::new(),
                    });
                }
            }
        }
    }
    // A pin on a seat a shorter horizon drops goes with it.
    let n = out.positions.len();
    out.pins.retain(|pin| pin.position.0 < n);
    // Dates, deployments or entities may have changed: the calendar of
    // check days and the id index are rebuilt on first use.
    out.reset_derived();
    out
}

/// The baseline with the scenario's successor seats: the first step of
/// [`apply`]. The seats come first, so that the other rows see them. A
/// seat stays its position's months, so when the scenario changes those,
/// the tours are changed first and the seats planned again from them
/// (successors of successors may then start on other days); a
/// `rotations_until` row plans them until another day. Also returns the
/// seats left out because a role of positions.csv has their name (an
/// error when the scenario is read).
fn seats_planned(
    inst: &Instance,
    scenario: &Scenario,
) -> (Instance, Vec<crate::model::rotation::Collision>) {
    let mut out = inst.clone();
    let mut clashes = Vec::new();
    let reseat = reseats(inst, scenario);
    if reseat {
        for change in &scenario.changes {
            apply_tour(&mut out, change);
        }
    }
    for change in &scenario.changes {
        if let Change::RotationsUntil(until) = change {
            let overlap = out.rotations.as_ref().map_or(14, |r| r.overlap_days);
            clashes = out.set_rotations(*until, overlap);
        }
    }
    if let (true, Some(r)) = (reseat, &out.rotations) {
        clashes = out.set_rotations(r.until, r.overlap_days);
    }
    (out, clashes)
}

/// Whether a scenario plans the successor seats again because it changes
/// the months of a position that has them.
fn reseats(inst: &Instance, scenario: &Scenario) -> bool {
    inst.rotations
        .as_ref()
        .is_some_and(|r| r.base.iter().any(|&p| months_change(inst, scenario, p)))
}

/// Whether a scenario changes the months of position `p`: its own, or
/// its mission's when the position follows its mission's tour.
fn months_change(inst: &Instance, scenario: &Scenario, p: PositionIx) -> bool {
    let pos = &inst.positions[p.0];
    scenario.changes.iter().any(|change| match change {
        Change::PositionMonths(ps, _) => ps.contains(&p),
        Change::Months(ms, _) => ms.contains(&pos.mission) && !pos.own_tour.1,
        _ => false,
    })
}

/// Applies a change of tours (a mission's or a position's start or
/// months), if `change` is one.
fn apply_tour(out: &mut Instance, change: &Change) {
    match change {
        Change::Start(ms, d) => ms.iter().for_each(|m| {
            let mission = &mut out.missions[m.0];
            mission.start = *d;
            mission.end = d.tour_end(mission.months);
            follow_mission(out, *m);
        }),
        Change::Months(ms, n) => ms.iter().for_each(|m| {
            let mission = &mut out.missions[m.0];
            mission.months = *n;
            mission.end = mission.start.tour_end(*n);
            follow_mission(out, *m);
        }),
        Change::PositionStart(ps, d) => ps.iter().for_each(|p| {
            let pos = &mut out.positions[p.0];
            pos.start = *d;
            pos.own_tour.0 = true;
            pos.end = d.tour_end(pos.months);
        }),
        Change::PositionMonths(ps, months) => ps.iter().for_each(|p| {
            let pos = &mut out.positions[p.0];
            pos.months = *months;
            pos.own_tour.1 = true;
            pos.end = pos.start.tour_end(*months);
        }),
        _ => {}
    }
}

/// Position `p` of `inst` in `out`, a scenario of it: the same index for
/// a position of positions.csv, the seat of the same name for a successor
/// seat (`None` when `out` plans no such seat). A scenario that changes a
/// position's months plans its seats again, in another order.
pub fn same_position(inst: &Instance, out: &Instance, p: PositionIx) -> Option<PositionIx> {
    if p.0 < inst.planned_positions() {
        return Some(p);
    }
    let pos = inst.positions.get(p.0)?;
    (out.planned_positions()..out.positions.len())
        .map(PositionIx)
        .find(|q| {
            let other = &out.positions[q.0];
            other.mission == pos.mission && other.role == pos.role
        })
}

/// `ps` and the successor seats that follow any of them: a seat has the
/// requirements and priority of its position.
fn with_seats(out: &Instance, ps: &[PositionIx]) -> Vec<PositionIx> {
    let mut all = ps.to_vec();
    if let Some(r) = &out.rotations {
        all.extend(
            r.base
                .iter()
                .enumerate()
                .filter(|(_, b)| ps.contains(b))
                .map(|(i, _)| PositionIx(r.first_seat + i)),
        );
    }
    all.sort_unstable();
    all.dedup();
    all
}

/// The eligible pairs of a scenario's instance, from the baseline's: only
/// the officers and positions whose eligibility the scenario can change
/// are checked again (withdrawn or excluded officers; positions whose
/// requirements or mission dates change). Same result as
/// [`crate::rules::eligible_pairs`], sorted the same way.
pub fn eligible_pairs(base_pairs: &[Pair], inst: &Instance, scenario: &Scenario) -> Vec<Pair> {
    let mut officers = vec![false; inst.officers.len()];
    let mut positions = vec![false; inst.positions.len()];
    for change in &scenario.changes {
        match change {
            Change::Withdraw(o) | Change::Exclude(o, _) => officers[o.0] = true,
            Change::Requirement(ps, _)
            | Change::PositionStart(ps, _)
            | Change::PositionMonths(ps, _) => ps.iter().for_each(|p| {
                if let Some(dirty) = positions.get_mut(p.0) {
                    *dirty = true;
                }
            }),
            Change::Start(ms, _) | Change::Months(ms, _) => {
                for p in inst.position_ixs() {
                    if ms.contains(&inst.positions[p.0].mission) {
                        positions[p.0] = true;
                    }
                }
            }
            _ => {}
        }
    }
    // Successor seats planned again (another horizon, other months) or
    // following their position's requirements: every seat is checked (the
    // baseline's seats and their pairs may be gone, below).
    let reseated = inst.rotations.is_some()
        && scenario.changes.iter().any(|c| {
            matches!(
                c,
                Change::RotationsUntil(_)
                    | Change::Requirement(..)
                    | Change::Start(..)
                    | Change::Months(..)
                    | Change::PositionStart(..)
                    | Change::PositionMonths(..)
            )
        });
    if reseated {
        (inst.planned_positions()..inst.positions.len()).for_each(|p| positions[p] = true);
    }
    let dirty: Vec<PositionIx> = inst.position_ixs().filter(|p| positions[p.0]).collect();
    if dirty.is_empty() && !officers.contains(&true) && !reseated {
        return base_pairs.to_vec();
    }
    let mut pairs: Vec<Pair> = base_pairs
        .iter()
        .filter(|(o, p)| !officers[o.0] && !positions.get(p.0).copied().unwrap_or(true))
        .copied()
        .collect();
    let all: Vec<PositionIx> = inst.position_ixs().collect();
    let again: Vec<Pair> = (0..inst.officers.len())
        .into_par_iter()
        .flat_map_iter(|o| {
            let check = if officers[o] { &all } else { &dirty };
            check
                .iter()
                .filter(move |&&p| crate::rules::eligible(inst, OfficerIx(o), p))
                .map(move |&p| (OfficerIx(o), p))
        })
        .collect();
    pairs.extend(again);
    pairs.sort_unstable();
    pairs
}

/// Where pins that are not in pins.csv come from, for messages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PinsFrom<'a> {
    /// The rows of a scenario file.
    Scenario(&'a Scenario),
    /// A decision taken in a `serve` session.
    Session,
}

impl PinsFrom<'_> {
    /// Names a pin's origin: `pins.csv line 2`, `scenario file line 7`
    /// (when one row of the scenario pins the officer: with several, a
    /// row pinning on a seat the scenario no longer plans changes nothing,
    /// so the row that holds is not known here), `the scenario`, or `a
    /// decision of this session`.
    fn origin(self, pin: &Pin) -> String {
        match self {
            _ if pin.line > 0 => format!("pins.csv line {}", pin.line),
            PinsFrom::Scenario(s) => {
                debug_assert_eq!(s.changes.len(), s.lines.len());
                let rows: Vec<u64> = s
                    .changes
                    .iter()
                    .zip(&s.lines)
                    .filter(|(c, _)| matches!(c, Change::Pin(o, _) if *o == pin.officer))
                    .map(|(_, &line)| line)
                    .collect();
                match rows.as_slice() {
                    [line] if *line > 0 => format!("scenario file line {line}"),
                    _ => "the scenario".into(),
                }
            }
            PinsFrom::Session => "a decision of this session".into(),
        }
    }

    /// What changed the instance: `the scenario's changes`.
    fn changes(self) -> &'static str {
        match self {
            PinsFrom::Scenario(_) => "the scenario's changes",
            PinsFrom::Session => "this session's decisions",
        }
    }
}

/// Why the pins cannot all hold, if so: a pin breaking a rule, or pins
/// overfilling a limit; pins not from pins.csv come `from` a scenario or
/// a session's decisions.
pub fn pin_problem(inst: &Instance, from: PinsFrom) -> Option<String> {
    // A pin of pins.csv breaks a rule only once the scenario has changed
    // the officer or the position: its line is named, with that cause.
    for pin in &inst.pins {
        let failures = crate::rules::failures(inst, pin.officer, pin.position);
        if let Some(f) = failures.first() {
            let pinned = format!(
                "pin of {} to {} ({})",
                inst.officers[pin.officer.0].id,
                inst.position_label(pin.position),
                from.origin(pin)
            );
            // A withdrawal is carried out as every mission excluded: said
            // as what it is.
            let withdrawn = match from {
                PinsFrom::Scenario(s) => s
                    .changes
                    .iter()
                    .any(|c| matches!(c, Change::Withdraw(o) if *o == pin.officer)),
                PinsFrom::Session => false,
            };
            return Some(match pin.line {
                _ if withdrawn => format!("{pinned}: the scenario withdraws this officer"),
                0 => format!("{pinned} breaks eligibility rule {f}"),
                _ => format!(
                    "after {}, the {pinned} breaks eligibility rule {f}",
                    from.changes()
                ),
            });
        }
    }
    // The first limit the pins overfill, with every pin that counts there
    // (pins.csv's by line, the scenario's as its rows).
    let (limit, pins) = crate::io::load::overfull(inst).into_iter().next()?;
    let named: Vec<String> = pins
        .iter()
        .map(|pin| format!("{} ({})", inst.officers[pin.officer.0].id, from.origin(pin)))
        .collect();
    let text = crate::io::load::overfilled_text(inst, limit, &pins);
    Some(match named.as_slice() {
        [one] => format!(
            "the pin cannot hold: the pin of {one} {}",
            crate::io::load::singular(&text)
        ),
        _ => format!(
            "the pins cannot all hold: the pins of {} {text}",
            named.join(", ")
        ),
    })
}
