//! Reading a plan CSV (the engine's `assignments.csv`, possibly edited by
//! hand): only `officer_id`, `mission_id` and `role` are read (the tour
//! is the position's, `start` and `end` are not read back).

use super::table::{Schema, Sink, Source};
use crate::error::InputErrors;
use crate::model::{Instance, MissionIx, OfficerIx};
use crate::plan::Plan;
use std::path::Path;

/// Reads a plan and resolves its ids against `inst`. Unknown ids are input
/// errors with their line; repeats are kept so that `verify` reports them.
/// The warnings say where `start` or `end` differ from the seat's tour
/// (edited by hand, say): those columns are not read back.
pub fn read_plan(inst: &Instance, path: &Path) -> Result<(Plan, Vec<String>), InputErrors> {
    let ((pairs, _), warnings) = read(inst, &Source::Path(path.to_path_buf()), true)?;
    Ok((Plan::new(inst, pairs), warnings))
}

/// An assignment of a previous plan that the current files no longer hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gone {
    /// `officer_id` as written.
    pub officer: String,
    /// `MISSION/ROLE` as written.
    pub position: String,
    /// What is missing now.
    pub why: String,
}

/// Reads a previous plan for a re-plan: assignments whose officer or
/// position the current files no longer hold (a withdrawn officer, a
/// closed position) are returned apart instead of being errors. A row
/// repeated is read once, with a warning; an officer in two seats is an
/// error, since the re-plan could not say which one they keep.
pub fn read_previous(inst: &Instance, path: &Path) -> Result<(Read, Vec<String>), InputErrors> {
    read(inst, &Source::Path(path.to_path_buf()), false)
}

/// [`read_previous`] from bytes in memory, named `file` in messages.
pub fn parse_previous(inst: &Instance, file: &str, bytes: &[u8]) -> Result<Read, InputErrors> {
    read(
        inst,
        &Source::Bytes(file.to_string(), bytes.to_vec()),
        false,
    )
    .map(|(read, _)| read)
}

/// The assignments a previous plan still holds, and those that are gone.
pub type Read = (Vec<(OfficerIx, crate::model::PositionIx)>, Vec<Gone>);

/// The pairs, the assignments gone (not `strict`) and, when `strict`, a
/// warning if any row's `start` or `end` is not its seat's tour.
fn read(
    inst: &Instance,
    source: &Source,
    strict: bool,
) -> Result<(Read, Vec<String>), InputErrors> {
    let mut sink = Sink::default();
    let schema = Schema {
        short_rows: true,
        required: &["officer_id", "mission_id", "role"],
        optional: &[
            "name",
            "service_id",
            "start",
            "end",
            "gender",
            "rank",
            "score",
            "preference_rank",
            "pinned",
            "quality",
            "pin_reason",
        ],
    };
    let mut pairs = Vec::new();
    let mut gone = Vec::new();
    // A previous plan's officers in seats the files hold, with the line
    // and seat of their first row, and the rows that repeat one (line,
    // first line).
    let mut seen: std::collections::HashMap<String, (u64, String)> = Default::default();
    let mut repeats: Vec<(u64, u64)> = Vec::new();
    // Rows whose tour columns differ from the seat's: (line, what).
    let mut moved: Vec<(u64, String)> = Vec::new();
    // A plan is named as the user gave it (it may lie anywhere), not by its
    // file name alone as the data folder's files are.
    let read = source.read();
    let label = read.label.clone();
    let table = super::table::Read {
        name: label.clone(),
        ..read
    }
    .table(&mut sink, &schema);
    if let Some(table) = table {
        for row in table.rows() {
            let (Some(o), Some(m), Some(role)) = (
                row.required(&mut sink, "officer_id"),
                row.required(&mut sink, "mission_id"),
                row.required(&mut sink, "role"),
            ) else {
                continue;
            };
            let position = inst.find_position(m, role);
            // Two rows of one officer in seats the files still hold: the
            // re-plan could not say which one they keep. (A row in a seat
            // gone from the files is listed as dropped, beside the other.)
            if let (false, Some(_), Some(_)) = (strict, inst.find_officer(o), position) {
                let seat = format!("{m}/{role}");
                match seen.get(o) {
                    Some((first, was)) if *was == seat => {
                        repeats.push((row.line, *first));
                        continue;
                    }
                    Some((first, was)) => {
                        row.error(
                            &mut sink,
                            "officer_id",
                            format!("officer {o} is placed twice: line {first} places them in {was}, this line in {seat} (one position per officer): keep one of the two rows"),
                        );
                        continue;
                    }
                    None => {
                        seen.insert(o.to_string(), (row.line, seat));
                    }
                }
            }
            let missing = match (inst.find_officer(o), inst.find_mission(m), position) {
                (Some(o), _, Some(p)) => {
                    let pos = &inst.positions[p.0];
                    let differs = [("start", pos.start), ("end", pos.end)]
                        .into_iter()
                        .map(|(column, day)| (column, row.text(column), day))
                        .find(|(_, given, day)| !given.is_empty() && *given != day.to_string());
                    if let (true, Some((column, given, day))) = (strict, differs) {
                        moved.push((
                            row.line,
                            format!("{column} {given} where {m}/{role}'s tour gives {day}"),
                        ));
                    }
                    pairs.push((o, p));
                    continue;
                }
                (None, _, _) => (
                    "officer_id",
                    format!(
                        "unknown officer: not in officers.csv{}",
                        super::table::case_hint(o, inst.officers.iter().map(|x| x.id.as_str()))
                    ),
                ),
                (_, None, _) => (
                    "mission_id",
                    format!(
                        "unknown mission: not in missions.csv{}",
                        super::table::case_hint(m, inst.missions.iter().map(|x| x.id.as_str()))
                    ),
                ),
                (_, Some(mission), None) => ("role", no_position(inst, mission, m, role, strict)),
            };
            if strict {
                row.error(&mut sink, missing.0, missing.1);
            } else {
                gone.push(Gone {
                    officer: o.to_string(),
                    position: format!("{m}/{role}"),
                    why: missing.1,
                });
            }
        }
    }
    let mut warnings = Vec::new();
    // `; 1 more row differs too`, `; 3 more rows differ too`.
    let more = |n: usize, one: &str, many: &str| match n {
        0 => String::new(),
        1 => format!("; 1 more row {one}"),
        n => format!("; {n} more rows {many}"),
    };
    if let Some((line, what)) = moved.first() {
        let more = more(moved.len() - 1, "differs too", "differ too");
        warnings.push(format!(
            "{label}: start and end are not read back, a tour is its position's (positions.csv): line {line} writes {what}{more}"
        ));
    }
    if let Some((line, first)) = repeats.first() {
        let more = more(repeats.len() - 1, "repeats another", "repeat others");
        warnings.push(format!(
            "{label}: line {line} repeats line {first} (the same officer in the same seat): read once{more}"
        ));
    }
    if sink.errors.is_empty() {
        Ok(((pairs, gone), warnings))
    } else {
        Err(InputErrors(sink.errors))
    }
}

/// Why `mission/role` names no position of the files. When only a
/// successor seat's date differs from the seats the files give, a plan to
/// check (`strict`) lists them: its run may have had other options. For a
/// previous plan (`--previous`) the seat has simply moved.
fn no_position(inst: &Instance, mission: MissionIx, m: &str, role: &str, strict: bool) -> String {
    let base_role = role.split_once('@').map(|(base, _)| base);
    // The position of positions.csv a `ROLE@DATE` seat would follow, and
    // the successor seats the files derive from it.
    let base = base_role.and_then(|base| inst.find_position(m, base));
    let successors: Vec<&str> = base
        .into_iter()
        .flat_map(|base| {
            inst.position_ixs()
                .filter(move |&p| inst.rotations.as_ref().and_then(|r| r.base_of(p)) == Some(base))
        })
        .map(|p| inst.positions[p.0].role.as_str())
        .collect();
    match (base_role, successors.is_empty()) {
        (Some(_), true) if base.is_some() => format!(
            "no position {m}/{role}: a successor seat, derived only with --rotations-until (give the horizon the match was given)"
        ),
        (Some(base), false) if strict => format!(
            "no seat {m}/{role}: the files give {m}/{base} the seats {base}, {}; a successor seat starts --overlap-days before the return in deployments.csv it follows (give the --overlap-days and --rotations-until the match was given)",
            successors.join(", ")
        ),
        (Some(base), false) => {
            // A seat past a shorter horizon is dropped, not moved.
            let day = role.split_once('@').and_then(|(_, d)| crate::model::Date::parse(d));
            match (day, &inst.rotations) {
                (Some(day), Some(r)) if day > r.until => format!(
                    "no seat {m}/{role} now: it would start after the rotations' horizon {}",
                    r.until
                ),
                _ => format!(
                    "no seat {m}/{role} now: the successor seats of {m}/{base} start on other days"
                ),
            }
        }
        _ => {
            let roles = inst
                .positions
                .iter()
                .filter(|p| p.mission == mission)
                .map(|p| p.role.as_str());
            format!(
                "no position {m}/{role} in positions.csv{}",
                super::table::case_hint(role, roles)
            )
        }
    }
}
