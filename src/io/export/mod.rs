//! Writing a run's outputs, atomically.
//!
//! Files are written into a fresh temporary folder beside the target and
//! swapped in by renames only when every file is complete, so a failed or
//! interrupted run leaves the previous outputs untouched. A target folder
//! holding anything but our own output files is refused, never replaced.

use super::InputFile;
use crate::error::{Error, Result};
use crate::explain::{Context, PassedOver};
use crate::format::{num, rounded, rounded_to};
use crate::model::{limits, Instance, Pair};
use crate::plan;
use crate::solve::{LevelStatus, Solution};
use rayon::prelude::*;
use serde_json::json;
use std::path::Path;

mod atomic;
mod changes;

pub use atomic::*;
use changes::changes;
pub use changes::{change_counts, ChangeCounts, Previous};

/// Every file a run may write; only these may already be in the target.
pub const OUTPUT_FILES: [&str; 10] = [
    "assignments.csv",
    "unfilled.csv",
    "mission_summary.csv",
    "service_summary.csv",
    "passed_over.csv",
    "passed_over_pairs.csv",
    "alternates.csv",
    "changes.csv",
    "summary.json",
    "plan.xlsx",
];

/// Wall times of the run's phases, seconds.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Timings {
    /// Reading and checking the files.
    pub load: f64,
    /// Computing eligible pairs.
    pub eligibility: f64,
    /// Building the model.
    pub build: f64,
    /// All solver levels.
    pub solve: f64,
}

impl Timings {
    /// The phases of one solve: `solving` seconds of wall time, of which
    /// `solution` spent its `build_seconds` building the model.
    pub fn of_solve(load: f64, eligibility: f64, solving: f64, solution: &Solution) -> Timings {
        Timings {
            load,
            eligibility,
            build: solution.build_seconds,
            solve: solving - solution.build_seconds,
        }
    }
}

/// How CSV files are written: the delimiter, and whether they start with
/// a UTF-8 byte-order mark (which spreadsheet programs need to read
/// accented names as UTF-8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvStyle {
    /// `,` (default), `;` or tab.
    pub delimiter: u8,
    /// Start with the UTF-8 byte-order mark.
    pub bom: bool,
}

impl Default for CsvStyle {
    fn default() -> Self {
        CsvStyle {
            delimiter: b',',
            bom: false,
        }
    }
}

impl CsvStyle {
    /// Rewrites a comma-delimited CSV document in this style.
    pub fn apply(self, bytes: Vec<u8>) -> Result<Vec<u8>> {
        if self == CsvStyle::default() {
            return Ok(bytes);
        }
        let fail = |e: csv::Error| Error::Internal(format!("rewriting CSV in memory: {e}"));
        let mut out = Vec::with_capacity(bytes.len() + 3);
        if self.bom {
            out.extend_from_slice(b"\xEF\xBB\xBF");
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes.as_slice());
        let mut writer = csv::WriterBuilder::new()
            .delimiter(self.delimiter)
            .from_writer(out);
        let records: Vec<csv::StringRecord> = reader
            .records()
            .collect::<std::result::Result<_, _>>()
            .map_err(fail)?;
        // With `;`, the columns of measured values get decimal commas;
        // every other column (ids, names, reasons, lists) is text and never
        // changes, even where it reads as a number.
        let numeric: Vec<bool> = match records.first() {
            Some(header) if self.delimiter == b';' => header
                .iter()
                .map(|name| column_kind(name) == ColumnKind::Decimal)
                .collect(),
            _ => Vec::new(),
        };
        for (row, record) in records.iter().enumerate() {
            let cells = record.iter().enumerate().map(|(i, c)| {
                if row > 0 && numeric.get(i).copied().unwrap_or(false) && number_cell(c) {
                    c.replacen('.', ",", 1)
                } else {
                    c.to_string()
                }
            });
            writer.write_record(cells).map_err(fail)?;
        }
        writer
            .into_inner()
            .map_err(|e| Error::Internal(format!("rewriting CSV in memory: {e}")))
    }
}

/// The output columns of values that may have decimals, the only ones
/// `--delimiter ';'` writes with a decimal comma. A column not listed is
/// written as is: an id, a name or a reason that reads as a number
/// (`12.5`) stays `12.5`.
const DECIMAL_COLUMNS: [&str; 19] = [
    // assignments.csv, passed_over.csv, alternates.csv (and scores.csv)
    "score",
    "quality",
    "chosen_score",
    "fill_cost",
    "shortfall_added",
    "quality_cost",
    // mission_summary.csv (and missions.csv, as generate writes it)
    "women_share",
    "min_women_share",
    "gender_shortfall",
    "language_share",
    "min_language_share",
    "language_shortfall",
    // service_summary.csv with --capacity-value
    "one_more_fill",
    "one_more_shortfall_removed",
    "one_more_quality",
    // whatif.csv
    "fill",
    "balance",
    // the input files generate writes
    "board_score",
    "priority",
];

/// The output columns of whole numbers (counts of seats and officers,
/// ranks in a list, differences), typed as numbers in the workbook. The
/// input files `generate` writes add theirs.
const COUNT_COLUMNS: [&str; 30] = [
    "standby",
    "count",
    "filled",
    "unfilled",
    "eligible_candidates",
    "demand",
    "women",
    "capacity",
    "deployed_now",
    "assigned",
    "remaining",
    "peak_away",
    "one_more_seats",
    "preference_rank",
    "positions",
    "seats_filled",
    "seats_demand",
    "seats_vs_baseline",
    "moved",
    "added",
    "dropped",
    "seats_lost",
    "moves",
    "years_service",
    "sworn_officers",
    "max_deployed",
    "months",
    "min_years",
    "kept",
    "away",
];

/// The output columns of dates (`YYYY-MM-DD`), typed as dates in the
/// workbook.
const DATE_COLUMNS: [&str; 7] = [
    "start",
    "end",
    "peak_date",
    "until",
    "available_from",
    "available_until",
    "last_return",
];

/// What an output column holds, by its name: the workbook types its
/// cells by it, and `--delimiter ';'` gives decimal commas to
/// [`ColumnKind::Decimal`] columns only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Measured values that may have decimals.
    Decimal,
    /// Whole numbers.
    Count,
    /// Dates.
    Date,
    /// Ids, names, reasons, lists, words: written as they are.
    Text,
}

/// The kind of the output column named `name`.
pub fn column_kind(name: &str) -> ColumnKind {
    if DECIMAL_COLUMNS.contains(&name) {
        ColumnKind::Decimal
    } else if COUNT_COLUMNS.contains(&name) {
        ColumnKind::Count
    } else if DATE_COLUMNS.contains(&name) {
        ColumnKind::Date
    } else {
        ColumnKind::Text
    }
}

/// A plain number as the outputs write one: digits with at most one
/// decimal point, maybe a minus sign.
fn number_cell(cell: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let unsigned = cell.strip_prefix('-').unwrap_or(cell);
    match unsigned.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(unsigned),
    }
}

/// Officers on each position's standby list unless `--alternates` says.
pub const DEFAULT_ALTERNATES: usize = 5;

/// What summary.json records about the run besides the plan.
pub struct RunInfo<'a> {
    /// Input files with hashes.
    pub files: &'a [InputFile],
    /// Run options as given.
    pub options: serde_json::Value,
    /// Phase timings.
    pub timings: Timings,
    /// What one more officer of each service at capacity brings, when
    /// computed (`match --capacity-value`).
    pub capacity_values: Option<&'a [crate::explain::CapacityValue]>,
    /// The previous plan of a minimal-change re-plan (`match --previous`).
    pub previous: Option<Previous<'a>>,
    /// How the CSV files are written.
    pub csv: CsvStyle,
    /// Also write passed_over_pairs.csv, every (officer, position) case
    /// (`match --passed-over-pairs`).
    pub passed_over_pairs: bool,
    /// Officers on each position's standby list in alternates.csv.
    pub alternates: usize,
    /// The exact cost of calling up each standby officer, in the order of
    /// the standby lists (`match --alternates-cost`).
    pub alternate_costs: Option<&'a [crate::explain::Forced]>,
    /// Also write the CSV files as one workbook, plan.xlsx.
    pub workbook: bool,
    /// A what-if scenario's dropped pins, recorded in summary.json as
    /// `pins_dropped` (none outside `whatif`).
    pub pins_dropped: Option<serde_json::Value>,
}

/// Writes every output file into `out`, atomically. Returns (file, rows).
pub fn write_outputs(
    out: &Path,
    inst: &Instance,
    solution: &Solution,
    pairs: &[Pair],
    info: &RunInfo,
) -> Result<Vec<(String, usize)>> {
    let files = render(inst, solution, pairs, info)?;
    replace_folder(out, &files)?;
    Ok(files
        .iter()
        .map(|(name, bytes)| (name.clone(), data_rows(bytes)))
        .collect())
}

/// Data rows of a rendered CSV file (lines after the header).
pub fn data_rows(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        .saturating_sub(1)
}

/// Renders every file in memory: (name, bytes).
pub fn render(
    inst: &Instance,
    solution: &Solution,
    pairs: &[Pair],
    info: &RunInfo,
) -> Result<Vec<(String, Vec<u8>)>> {
    render_explained(
        inst,
        solution,
        &Context::new(inst, &solution.plan, pairs),
        info,
    )
}

/// [`render`] with the plan's explanations already gathered in `cx` (the
/// report of the same run shares them).
pub fn render_explained(
    inst: &Instance,
    solution: &Solution,
    cx: &Context,
    info: &RunInfo,
) -> Result<Vec<(String, Vec<u8>)>> {
    let mut files = vec![
        ("assignments.csv".into(), assignments(inst, solution)?),
        ("unfilled.csv".into(), unfilled(inst, solution, cx)?),
        (
            "mission_summary.csv".into(),
            mission_summary(inst, solution)?,
        ),
        (
            "service_summary.csv".into(),
            service_summary(inst, solution, info.capacity_values)?,
        ),
    ];
    files.push((
        "alternates.csv".into(),
        alternates(inst, solution, cx, info.alternates, info.alternate_costs)?,
    ));
    files.push((
        "passed_over.csv".into(),
        passed_over(inst, cx.passed_over_by_officer())?,
    ));
    if info.passed_over_pairs {
        let mut cases = cx.passed_over();
        cases.sort_by_cached_key(|c| passed_over_key(inst, c));
        files.push((
            "passed_over_pairs.csv".into(),
            passed_over_pairs(inst, &cases)?,
        ));
    }
    if let Some(prev) = &info.previous {
        files.push(("changes.csv".into(), changes(inst, solution, prev)?));
    }
    let workbook = if info.workbook {
        Some(super::workbook::write(&files).map_err(|e| {
            Error::Internal(format!("writing {}: {e}", super::workbook::OUTPUT_WORKBOOK))
        })?)
    } else {
        None
    };
    for (_, bytes) in &mut files {
        *bytes = info.csv.apply(std::mem::take(bytes))?;
    }
    files.push(("summary.json".into(), summary_json(inst, solution, info)));
    if let Some(bytes) = workbook {
        files.push((super::workbook::OUTPUT_WORKBOOK.into(), bytes));
    }
    Ok(files)
}

/// A CSV document (comma-delimited) with every cell neutralized against
/// formula injection ([`super::table::neutralize`]).
pub fn csv_bytes(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Error::Internal(format!("writing CSV in memory: {e}"));
    w.write_record(header).map_err(fail)?;
    for row in rows {
        w.write_record(
            row.iter()
                .map(|cell| super::table::neutralize(cell).into_owned()),
        )
        .map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| Error::Internal(format!("writing CSV in memory: {e}")))
}

fn assignments(inst: &Instance, solution: &Solution) -> Result<Vec<u8>> {
    let header = [
        "officer_id",
        "name",
        "service_id",
        "mission_id",
        "role",
        "start",
        "end",
        "gender",
        "rank",
        "score",
        "preference_rank",
        "pinned",
        "quality",
        "pin_reason",
    ];
    let rows = solution.plan.assignments.iter().map(|&(o, p)| {
        let off = &inst.officers[o.0];
        let m = inst.positions[p.0].mission;
        let pin = inst
            .pins
            .iter()
            .find(|pin| pin.officer == o && pin.position == p);
        vec![
            off.id.clone(),
            off.name.clone(),
            inst.services[off.service.0].id.clone(),
            inst.missions[m.0].id.clone(),
            inst.positions[p.0].role.clone(),
            inst.positions[p.0].start.to_string(),
            inst.positions[p.0].end.to_string(),
            off.gender.letter().into(),
            off.rank.name().into(),
            num(inst.score(o, m)),
            inst.preference_rank(o, m)
                .map(|r| r.to_string())
                .unwrap_or_default(),
            if pin.is_some() { "yes" } else { "no" }.into(),
            num(inst.quality(o, p)),
            pin.map(|pin| pin.reason.clone()).unwrap_or_default(),
        ]
    });
    csv_bytes(&header, rows)
}

/// Positions in output order: by mission id, then role.
fn unfilled(inst: &Instance, solution: &Solution, cx: &Context) -> Result<Vec<u8>> {
    let header = [
        "mission_id",
        "role",
        "count",
        "filled",
        "unfilled",
        "eligible_candidates",
        "reason",
    ];
    let counts = plan::position_counts(inst, &solution.plan);
    // In parallel: each reason weighs every eligible officer of its position.
    let rows: Vec<Vec<String>> = inst
        .positions_by_mission_and_role()
        .into_par_iter()
        .filter(|p| counts[p.0] < inst.positions[p.0].count)
        .map(|p| {
            let pos = &inst.positions[p.0];
            vec![
                inst.missions[pos.mission.0].id.clone(),
                pos.role.clone(),
                pos.count.to_string(),
                counts[p.0].to_string(),
                (pos.count - counts[p.0]).to_string(),
                cx.eligible[p.0].len().to_string(),
                cx.unfilled_reason(p).text(inst),
            ]
        })
        .collect();
    csv_bytes(&header, rows)
}

fn mission_summary(inst: &Instance, solution: &Solution) -> Result<Vec<u8>> {
    let header = [
        "mission_id",
        "demand",
        "filled",
        "women",
        "women_share",
        "min_women_share",
        "gender_shortfall",
        "language",
        "language_share",
        "min_language_share",
        "language_shortfall",
    ];
    let stats = plan::mission_stats(inst, &solution.plan);
    let mut order: Vec<usize> = (0..inst.missions.len()).collect();
    order.sort_by(|&a, &b| inst.missions[a].id.cmp(&inst.missions[b].id));
    let rows = order.into_iter().map(|m| {
        let (mission, st) = (&inst.missions[m], &stats[m]);
        let share = |k: u32| {
            if st.filled == 0 {
                0.0
            } else {
                k as f64 / st.filled as f64
            }
        };
        vec![
            mission.id.clone(),
            st.demand.to_string(),
            st.filled.to_string(),
            st.women.to_string(),
            num(share(st.women)),
            num(mission.min_women_share),
            num(st.gender_shortfall),
            mission
                .language
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            num(share(st.language_met)),
            num(mission.min_language_share),
            num(st.language_shortfall),
        ]
    });
    csv_bytes(&header, rows)
}

fn service_summary(
    inst: &Instance,
    solution: &Solution,
    values: Option<&[crate::explain::CapacityValue]>,
) -> Result<Vec<u8>> {
    let header = [
        "service_id",
        "capacity",
        "deployed_now",
        "assigned",
        "remaining",
        "at_capacity",
        "peak_away",
        "peak_date",
        "one_more_seats",
        "one_more_fill",
        "one_more_shortfall_removed",
        "one_more_quality",
        "one_more_proven",
        "one_more_stopped_in",
    ];
    let value_of = |s: usize| values.and_then(|v| v.iter().find(|c| c.service.0 == s));
    let uses = limits::service_use(inst, &solution.plan.assignments);
    let mut order: Vec<usize> = (0..inst.services.len()).collect();
    order.sort_by(|&a, &b| inst.services[a].id.cmp(&inst.services[b].id));
    let rows = order.into_iter().map(|s| {
        let (svc, used) = (&inst.services[s], &uses[s]);
        let cap = svc.capacity();
        vec![
            svc.id.clone(),
            cap.to_string(),
            svc.deployed_now.to_string(),
            used.assigned.to_string(),
            cap.saturating_sub(used.assigned).to_string(),
            yes_no(used.at_capacity()),
            used.peak_away.to_string(),
            used.peak_date.map(|d| d.to_string()).unwrap_or_default(),
            value_of(s).map_or(String::new(), |c| c.seats.to_string()),
            value_of(s).map_or(String::new(), |c| num(c.fill)),
            value_of(s).map_or(String::new(), |c| num(c.balance)),
            value_of(s).map_or(String::new(), |c| num(c.quality)),
            value_of(s).map_or(String::new(), |c| yes_no(c.unproven_in().is_none())),
            value_of(s).map_or(String::new(), |c| {
                c.unproven_in().map_or("", |l| l.name()).to_string()
            }),
        ]
    });
    csv_bytes(&header, rows)
}

/// The standby pairs of every position, in output order (positions by
/// mission and role, each list best-scored first): what
/// `match --alternates-cost` re-solves, and the rows of alternates.csv.
/// Positions are walked in parallel: on a national pool where every
/// service is at its limit a list can take every eligible officer's
/// call-up to settle.
pub fn standby_pairs(inst: &Instance, cx: &Context, top: usize) -> Vec<Pair> {
    inst.positions_by_mission_and_role()
        .into_par_iter()
        .flat_map_iter(|p| cx.standby(p, top).into_iter().map(move |o| (o, p)))
        .collect()
}

/// alternates.csv: for every position, its standby list (the eligible
/// officers placed nowhere, those no limit blocks first, each part by
/// quality: score plus preference points), with what calling each up
/// does on its own and, with `costs` (one per row, in [`standby_pairs`]
/// order), the exact cost of the best plan that places them there (or,
/// where the re-solve stopped, that of the plan it found: `cost_proven`).
fn alternates(
    inst: &Instance,
    solution: &Solution,
    cx: &Context,
    top: usize,
    costs: Option<&[crate::explain::Forced]>,
) -> Result<Vec<u8>> {
    let mut header = vec![
        "mission_id",
        "role",
        "standby",
        "officer_id",
        "name",
        "service_id",
        "score",
        "quality",
        "call_up_costs",
        "call_up_note",
    ];
    if costs.is_some() {
        header.extend([
            "seats_lost",
            "fill_cost",
            "shortfall_added",
            "quality_cost",
            "moves",
            "cost_proven",
            "cost_stopped_in",
        ]);
    }
    let pairs = standby_pairs(inst, cx, top);
    let mut rank = 0;
    let mut last = None;
    let rows = pairs.iter().enumerate().map(|(i, &(o, p))| {
        rank = if last == Some(p) { rank + 1 } else { 1 };
        last = Some(p);
        let pos = &inst.positions[p.0];
        let officer = &inst.officers[o.0];
        let call = cx.call_up(o, p);
        let mut row = vec![
            inst.missions[pos.mission.0].id.clone(),
            pos.role.clone(),
            rank.to_string(),
            officer.id.clone(),
            officer.name.clone(),
            inst.services[officer.service.0].id.clone(),
            num(inst.score(o, pos.mission)),
            num(inst.quality(o, p)),
            call.costs().to_string(),
            call.text(inst),
        ];
        if let Some(forced) = costs.and_then(|c| c.get(i)) {
            match &forced.result {
                Ok(plan) => {
                    let cost = crate::explain::cost(solution, plan);
                    row.extend([
                        cost.seats.to_string(),
                        num(cost.fill),
                        num(cost.shortfall),
                        num(cost.quality),
                        plan.moves.len().to_string(),
                        yes_no(plan.proven()),
                        plan.stopped_name().to_string(),
                    ]);
                }
                // No plan places them there: the cost columns stay empty.
                // A call-up already blocked keeps its own reason (it names
                // the limit and its days); one the pins alone stop says so.
                Err(conflict) => {
                    if row[8] != "blocked" {
                        row[8] = "blocked".into();
                        row[9] = format!("blocked: {}", conflict.text(inst));
                    }
                    row.extend(std::iter::repeat_n(String::new(), 7));
                }
            }
        }
        row
    });
    csv_bytes(&header, rows)
}

/// `yes` or `no`, as the boolean columns read.
fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.into()
}

/// Where a passed-over case sorts: mission, role, officer.
fn passed_over_key(inst: &Instance, c: &PassedOver) -> (String, String, String) {
    let pos = &inst.positions[c.position.0];
    (
        inst.missions[pos.mission.0].id.clone(),
        pos.role.clone(),
        inst.officers[c.officer.0].id.clone(),
    )
}

/// The cells a passed-over case shares in both files: mission, role, the
/// officer's score, the officer chosen, their score, why.
fn passed_over_cells(inst: &Instance, c: &PassedOver) -> [String; 6] {
    let pos = &inst.positions[c.position.0];
    [
        inst.missions[pos.mission.0].id.clone(),
        pos.role.clone(),
        num(inst.score(c.officer, pos.mission)),
        inst.officers[c.chosen.0].id.clone(),
        num(inst.score(c.chosen, pos.mission)),
        c.reason.text(inst),
    ]
}

/// passed_over.csv: one row per officer placed nowhere although someone
/// with a lower score went to a position they were eligible for: how many
/// such positions, and the one where the gap in score is widest (ties by
/// mission and role) against the holder its reason names, with why;
/// `cases` as [`Context::passed_over_by_officer`] gives them.
fn passed_over(inst: &Instance, cases: &[(usize, PassedOver)]) -> Result<Vec<u8>> {
    let header = [
        "officer_id",
        "service_id",
        "positions",
        "mission_id",
        "role",
        "score",
        "chosen_officer_id",
        "chosen_score",
        "reason",
    ];
    let rows = cases.iter().map(|(positions, c)| {
        let officer = &inst.officers[c.officer.0];
        let service = &inst.services[officer.service.0].id;
        let mut row = vec![officer.id.clone(), service.clone(), positions.to_string()];
        row.extend(passed_over_cells(inst, c));
        row
    });
    csv_bytes(&header, rows)
}

/// passed_over_pairs.csv: every (officer, position) case, by mission, role
/// and officer.
fn passed_over_pairs(inst: &Instance, cases: &[PassedOver]) -> Result<Vec<u8>> {
    let header = [
        "officer_id",
        "mission_id",
        "role",
        "score",
        "chosen_officer_id",
        "chosen_score",
        "reason",
    ];
    let rows = cases.iter().map(|c| {
        let mut row = vec![inst.officers[c.officer.0].id.clone()];
        row.extend(passed_over_cells(inst, c));
        row
    });
    csv_bytes(&header, rows)
}

fn summary_json(inst: &Instance, solution: &Solution, info: &RunInfo) -> Vec<u8> {
    let levels: serde_json::Map<String, serde_json::Value> = solution
        .reports
        .iter()
        .map(|r| {
            let gap = match r.status {
                LevelStatus::TimeLimit { gap } => Some(gap).filter(|g| g.is_finite()),
                LevelStatus::Unproven { gap, .. } | LevelStatus::WithinGap { gap } => Some(gap),
                LevelStatus::Optimal | LevelStatus::NotSolved => None,
            };
            (
                r.level.name().to_string(),
                json!({
                    "value": rounded(r.value),
                    "status": r.status.name(),
                    "gap": gap.map(|g| rounded_to(g, 6)),
                    "held_by": r.held_by.name(),
                    "seconds": rounded_to(r.seconds, 3),
                }),
            )
        })
        .collect();
    let stats = plan::mission_stats(inst, &solution.plan);
    let mut value = json!({
        "version": env!("CARGO_PKG_VERSION"),
        "status": solution.status_name(),
        "interrupted": solution.interrupted,
        "polished": {
            "closer_to_targets": solution.polished.closer_to_targets,
            "better_scored": solution.polished.better_scored,
        },
        "levels": levels,
        "changes": info.previous.map(|prev| change_counts(inst, solution, &prev)),
        "capacity_value": info.capacity_values.map(|values| {
            values
                .iter()
                .map(|c| json!({
                    "service_id": inst.services[c.service.0].id,
                    "seats": c.seats,
                    "fill": rounded(c.fill),
                    "shortfall_removed": rounded(c.balance),
                    "quality": rounded(c.quality),
                    "proven": c.unproven_in().is_none(),
                    "stopped_in": c.unproven_in().map(|l| l.name()),
                    "no_room": c.no_room,
                }))
                .collect::<Vec<_>>()
        }),
        "seats": {
            "demand": stats.iter().map(|s| s.demand).sum::<u32>(),
            "filled": stats.iter().map(|s| s.filled).sum::<u32>(),
        },
        "counts": {
            "services": inst.services.len(),
            "missions": inst.missions.len(),
            "positions": inst.positions.len(),
            "officers": inst.officers.len(),
            "pins": inst.pins.len(),
            "eligible_pairs": solution.eligible_pairs,
        },
        "timings": {
            "load": rounded_to(info.timings.load, 3),
            "eligibility": rounded_to(info.timings.eligibility, 3),
            "build": rounded_to(info.timings.build, 3),
            "solve": rounded_to(info.timings.solve, 3),
        },
        "inputs": info.files.iter().map(|f| json!({"path": f.path, "sha256": f.sha256})).collect::<Vec<_>>(),
        "options": info.options,
    });
    if let Some(dropped) = &info.pins_dropped {
        value["pins_dropped"] = dropped.clone();
    }
    let mut bytes = serde_json::to_vec_pretty(&value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
