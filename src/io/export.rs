//! Writing a run's outputs, atomically.
//!
//! Files are written into a fresh temporary folder beside the target and
//! swapped in by renames only when every file is complete, so a failed or
//! interrupted run leaves the previous outputs untouched. A target folder
//! holding anything but our own output files is refused, never replaced.

use super::InputFile;
use crate::error::{Error, Result};
use crate::explain::{ChangeReason, Context, PassedOver};
use crate::format::{num, rounded, rounded_to};
use crate::model::{limits, Instance, OfficerIx, Pair, PositionIx};
use crate::plan;
use crate::solve::{LevelStatus, Solution};
use rayon::prelude::*;
use serde_json::json;
use std::fs;
use std::path::{Path, PathBuf};

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
        // With `;`, the columns of numbers get decimal commas; ids and
        // text never change, even when they read as a number.
        let numeric: Vec<bool> = match records.first() {
            Some(header) if self.delimiter == b';' => header
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    !name.ends_with("_id")
                        && !TEXT_COLUMNS.contains(&name)
                        && records[1..]
                            .iter()
                            .all(|r| r.get(i).is_none_or(|c| c.is_empty() || number_cell(c)))
                })
                .collect(),
            _ => Vec::new(),
        };
        for (row, record) in records.iter().enumerate() {
            let cells = record.iter().enumerate().map(|(i, c)| {
                if row > 0 && numeric.get(i).copied().unwrap_or(false) {
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

/// Output columns that hold ids or text (an officer id such as `1001.5`
/// must not become `1001,5`); columns named `…_id` are ids too.
const TEXT_COLUMNS: [&str; 9] = [
    "name", "role", "officer", "chosen", "from", "to", "letter", "scenario", "reason",
];

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
}

/// The previous plan a re-plan is compared with.
#[derive(Debug, Clone, Copy)]
pub struct Previous<'a> {
    /// Its assignments the current files still hold.
    pub pairs: &'a [Pair],
    /// Its assignments whose officer or position is gone.
    pub gone: &'a [super::plan_csv::Gone],
}

/// How a re-plan differs from the previous plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ChangeCounts {
    /// Officers in the same position.
    pub kept: usize,
    /// Officers in another position.
    pub moved: usize,
    /// Officers placed now, not before.
    pub added: usize,
    /// Officers placed before, not now (including those gone from the files).
    pub dropped: usize,
}

/// One officer whose position differs: (officer, before, after).
fn differences(
    inst: &Instance,
    solution: &Solution,
    prev: &Previous,
) -> Vec<(OfficerIx, Option<PositionIx>, Option<PositionIx>)> {
    let mut before: Vec<Option<PositionIx>> = vec![None; inst.officers.len()];
    for &(o, p) in prev.pairs {
        before[o.0].get_or_insert(p);
    }
    let after = solution.plan.position_of(inst.officers.len());
    inst.officer_ixs()
        .filter(|o| before[o.0] != after[o.0])
        .map(|o| (o, before[o.0], after[o.0]))
        .collect()
}

/// Officers still in the files whose previous position is gone from them
/// (a position removed from positions.csv), who held no other position of
/// the previous plan and are placed now: they have moved, from the first
/// such entry of the previous plan (its index in `prev.gone`), not been
/// dropped and added. Their other entries, if any, stay dropped.
fn moved_from_gone(
    inst: &Instance,
    solution: &Solution,
    prev: &Previous,
) -> std::collections::HashMap<OfficerIx, usize> {
    let placed = solution.plan.position_of(inst.officers.len());
    let mut held = vec![false; inst.officers.len()];
    for &(o, _) in prev.pairs {
        held[o.0] = true;
    }
    let mut moved = std::collections::HashMap::new();
    for (i, g) in prev.gone.iter().enumerate() {
        if let Some(o) = inst.find_officer(&g.officer) {
            if !held[o.0] && placed[o.0].is_some() {
                moved.entry(o).or_insert(i);
            }
        }
    }
    moved
}

/// Counts of kept, moved, added and dropped officers.
pub fn change_counts(inst: &Instance, solution: &Solution, prev: &Previous) -> ChangeCounts {
    let diffs = differences(inst, solution, prev);
    let gone = moved_from_gone(inst, solution, prev);
    let mut c = ChangeCounts {
        dropped: prev.gone.len(),
        ..ChangeCounts::default()
    };
    for &(o, b, a) in &diffs {
        match (b, a) {
            (Some(_), Some(_)) => c.moved += 1,
            (Some(_), None) => c.dropped += 1,
            (None, Some(_)) if gone.contains_key(&o) => {
                c.moved += 1;
                c.dropped -= 1;
            }
            _ => c.added += 1,
        }
    }
    let mut seen = std::collections::HashSet::new();
    c.kept = prev
        .pairs
        .iter()
        .filter(|pair| seen.insert(pair.0) && solution.plan.assignments.contains(pair))
        .count();
    c
}

/// `changes.csv`: every officer whose position differs from the previous
/// plan, and why. With the Keep level before Quality, a change is either
/// forced (no longer eligible, pinned, gone from the files) or needed to
/// keep Fill and Balance at their optima; none is made for Quality.
fn changes(inst: &Instance, solution: &Solution, prev: &Previous) -> Result<Vec<u8>> {
    let header = [
        "officer_id",
        "name",
        "service_id",
        "from",
        "to",
        "change",
        "reason",
    ];
    let label = |p: Option<PositionIx>| p.map_or(String::new(), |p| inst.position_label(p));
    let diffs = differences(inst, solution, prev);
    let gone = moved_from_gone(inst, solution, prev);
    let left: Vec<Pair> = diffs
        .iter()
        .filter_map(|&(o, b, _)| b.map(|b| (o, b)))
        .collect();
    let mut added_to: std::collections::HashMap<PositionIx, usize> = Default::default();
    let mut rows: Vec<Vec<String>> = diffs
        .iter()
        .map(|&(o, before, after)| {
            let officer = &inst.officers[o.0];
            // Placed now, their previous position gone from the files.
            if let (None, Some(p), Some(&i)) = (before, after, gone.get(&o)) {
                let g = &prev.gone[i];
                return vec![
                    officer.id.clone(),
                    officer.name.clone(),
                    inst.services[officer.service.0].id.clone(),
                    g.position.clone(),
                    label(Some(p)),
                    "moved".into(),
                    ChangeReason::Gone { why: g.why.clone() }.text(inst),
                ];
            }
            let change = match (before, after) {
                (Some(_), Some(_)) => "moved",
                (Some(_), None) => "dropped",
                _ => "added",
            };
            let pin = inst.pins.iter().find(|pin| pin.officer == o);
            let reason = match (before, after) {
                (Some(q), _) if !crate::rules::eligible(inst, o, q) => {
                    ChangeReason::NoLongerEligible {
                        position: q,
                        failures: crate::rules::failures(inst, o, q),
                    }
                }
                (_, Some(p)) if pin.is_some_and(|pin| pin.position == p) => ChangeReason::Pinned {
                    position: p,
                    reason: pin.map(|pin| pin.reason.clone()).unwrap_or_default(),
                },
                (None, Some(p)) => {
                    let here = label(Some(p));
                    let leavers: Vec<String> = left
                        .iter()
                        .filter(|l| l.1 == p)
                        .map(|l| inst.officers[l.0 .0].id.clone())
                        .chain(
                            prev.gone
                                .iter()
                                .filter(|g| g.position == here)
                                .map(|g| g.officer.clone()),
                        )
                        .collect();
                    // One seat each: the k-th officer added here takes the
                    // seat of the k-th who left it, and once those are
                    // taken, a seat the previous plan left empty.
                    let k = added_to.entry(p).or_insert(0);
                    *k += 1;
                    match leavers.get(*k - 1) {
                        None => ChangeReason::FillsEmptySeat(p),
                        Some(officer) => ChangeReason::FillsSeatLeftBy {
                            position: p,
                            officers: vec![officer.clone()],
                        },
                    }
                }
                _ => ChangeReason::KeepsFillAndBalance,
            };
            vec![
                officer.id.clone(),
                officer.name.clone(),
                inst.services[officer.service.0].id.clone(),
                label(before),
                label(after),
                change.into(),
                reason.text(inst),
            ]
        })
        .collect();
    let moved: std::collections::HashSet<usize> = gone.values().copied().collect();
    let dropped = prev
        .gone
        .iter()
        .enumerate()
        .filter(|(i, _)| !moved.contains(i));
    rows.extend(dropped.map(|(_, g)| {
        // An officer still in the files (their position is gone) is named.
        let known = inst.find_officer(&g.officer).map(|o| &inst.officers[o.0]);
        vec![
            g.officer.clone(),
            known.map_or(String::new(), |o| o.name.clone()),
            known.map_or(String::new(), |o| inst.services[o.service.0].id.clone()),
            g.position.clone(),
            String::new(),
            "dropped".into(),
            ChangeReason::Gone { why: g.why.clone() }.text(inst),
        ]
    }));
    rows.sort_by(|a, b| a[0].cmp(&b[0]).then(a[3].cmp(&b[3])));
    csv_bytes(&header, rows)
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
    let value = json!({
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
    let mut bytes = serde_json::to_vec_pretty(&value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Writes `files` into a temporary sibling of `out`, then swaps it in.
pub fn replace_folder(out: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    check_output_folder(out, &[])?;
    replace_folder_with(out, files)
}

/// Refuses an output folder that this run may not replace: a file, or a
/// folder holding anything but missionmatch outputs (the data folder, a
/// board's own files) and the files named in `also` (a report this run
/// writes into the folder). A folder that does not exist yet is fine.
pub fn check_output_folder(out: &Path, also: &[&str]) -> Result<()> {
    refuse_a_file(out, "the outputs")?;
    if out.exists() {
        check_ours(out, also)?;
    }
    Ok(())
}

/// The error for an output folder this run may not replace, and why.
fn refused(out: &Path, why: impl Into<String>) -> Error {
    Error::io(
        "refusing to replace",
        out,
        std::io::Error::other(why.into()),
    )
}

/// Refuses `--out` naming a file: `what` is written to a folder.
fn refuse_a_file(out: &Path, what: &str) -> Result<()> {
    if out.exists() && !out.is_dir() {
        return Err(refused(
            out,
            format!("it is a file: --out names the folder {what} are written to"),
        ));
    }
    Ok(())
}

/// [`replace_folder`] for a folder the caller has checked is its own
/// (letters, whose file names are the officers').
pub fn replace_folder_with(out: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    replace_folder_by(out, |tmp| write_files(tmp, files))
}

/// Writes `files` (names relative to `folder`, subfolders created) into
/// `folder`, each synced.
pub fn write_files(folder: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    for (file, bytes) in files {
        let path = folder.join(file);
        {
            // An interrupt removes the temporary folder: not while a file
            // is being written into it.
            let _writing = crate::interrupt::Writing::enter();
            if let Some(parent) = path.parent().filter(|p| *p != folder) {
                fs::create_dir_all(parent).map_err(|e| Error::io("creating", parent, e))?;
            }
            fs::write(&path, bytes).map_err(|e| Error::io("writing", &path, e))?;
            fs::File::open(&path)
                .and_then(|f| f.sync_all())
                .map_err(|e| Error::io("syncing", &path, e))?;
        }
        #[cfg(feature = "fault-injection")]
        write_delay_for_tests();
    }
    Ok(())
}

/// Replaces the folder `out` as a whole: `write` fills a temporary sibling,
/// which is then swapped in, so `out` is its previous version or the new
/// one, never a mix.
pub fn replace_folder_by(out: &Path, write: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    if out.file_name().is_none() || out.ends_with(".") {
        return Err(refused(
            out,
            "it names a folder by '.' or '..', which cannot be replaced as a whole: name the output folder (--out plan)",
        ));
    }
    // However it is spelled (`../here`, an absolute path), the folder the
    // command runs in is not swapped away from under it.
    let here = std::env::current_dir().ok().and_then(|d| resolved(&d));
    if let (Some(here), Some(target)) = (here, resolved(out)) {
        if here.starts_with(&target) {
            return Err(refused(
                out,
                "it is the folder this command runs in, or holds it, which cannot be replaced as a whole: name the output folder (--out plan)",
            ));
        }
    }
    let tmp = sibling(out, "tmp")?;
    let old = sibling(out, "old")?;
    let _ = fs::remove_dir_all(&tmp);
    let _tmp_guard = crate::interrupt::Temporary::new(&tmp);
    let _old_guard = crate::interrupt::Temporary::new(&old);
    let result = (|| {
        {
            let _writing = crate::interrupt::Writing::enter();
            fs::create_dir(&tmp).map_err(|e| Error::io("creating", &tmp, e))?;
        }
        write(&tmp)?;
        // From here an interrupt waits until the swap is done (or undone).
        let _critical = crate::interrupt::Critical::enter();
        if out.exists() {
            fs::rename(out, &old).map_err(|e| Error::io("moving aside", out, e))?;
        }
        let swapped = fs::rename(&tmp, out).map_err(|e| Error::io("renaming into", out, e));
        if swapped.is_err() && old.exists() && !out.exists() {
            let _ = fs::rename(&old, out);
        }
        swapped
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
        return result;
    }
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

/// The name of `file` when it lies directly in the folder `out` (a report
/// written into the output folder), so that it is written with the
/// folder, not beside it.
fn name_inside(file: &Path, out: &Path) -> Option<String> {
    if resolved(parent_of(file))? != resolved(out)? {
        return None;
    }
    file.file_name().map(|n| n.to_string_lossy().into_owned())
}

/// Whether `file` lies in a subfolder of `out` (`o/sub/report.html`),
/// however either is written.
fn lies_below(file: &Path, out: &Path) -> bool {
    match (resolved(parent_of(file)), resolved(out)) {
        (Some(parent), Some(out)) => parent != out && parent.starts_with(&out),
        _ => false,
    }
}

/// The folder `file` lies in (`.` for a bare name).
fn parent_of(file: &Path) -> &Path {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// `path` as one absolute name, the same however it is written
/// (`o/../o`, a link): its longest existing part with links resolved, the
/// rest with `.` and `..` taken lexically.
fn resolved(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let parts: Vec<_> = absolute.components().collect();
    let (mut base, rest) = (0..=parts.len()).rev().find_map(|n| {
        let prefix: PathBuf = parts[..n].iter().collect();
        fs::canonicalize(prefix)
            .ok()
            .map(|base| (base, &parts[n..]))
    })?;
    for part in rest {
        match part {
            std::path::Component::ParentDir => {
                base.pop();
            }
            std::path::Component::Normal(name) => base.push(name),
            _ => {}
        }
    }
    Some(base)
}

/// Refuses to replace a what-if folder (`whatif --out`) unless it holds
/// only what an earlier run wrote there: whatif.csv and folders of
/// outputs. Any other file (the data folder's, a note) is refused by name.
pub fn check_whatif_folder(out: &Path, also: &[&str]) -> Result<()> {
    refuse_a_file(out, "the what-if outputs")?;
    if !out.exists() {
        return Ok(());
    }
    let entries = fs::read_dir(out).map_err(|e| Error::io("reading", out, e))?;
    for entry in entries.filter_map(|e| e.ok()) {
        let path = entry.path();
        if path.is_dir() {
            check_ours(&path, &[])?;
        } else if entry.file_name() != "whatif.csv"
            && !also.contains(&entry.file_name().to_string_lossy().as_ref())
        {
            return Err(refused(
                out,
                format!(
                    "the folder holds files that are not whatif outputs ({}); choose an empty or new --out folder",
                    path.display()
                ),
            ));
        }
    }
    Ok(())
}

/// Fault injection for the interrupt tests, compiled in only with the
/// `fault-injection` feature (which the tests turn on, never a release
/// build): with `MISSIONMATCH_TEST_WRITE_DELAY_MS` set, each output file
/// written waits that long, so a test can interrupt a run while it writes.
#[cfg(feature = "fault-injection")]
fn write_delay_for_tests() {
    if let Some(ms) = std::env::var("MISSIONMATCH_TEST_WRITE_DELAY_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// `.NAME.KIND-PID` beside `path` (its folder created if needed): where a
/// new output is written before it is renamed into place.
fn sibling(path: &Path, kind: &str) -> Result<PathBuf> {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| Error::io("creating", parent, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    Ok(parent.join(format!(".{name}.{kind}-{}", std::process::id())))
}

/// Writes one file atomically: a temporary sibling, synced, then renamed
/// over `path`, so a reader sees the old file or the new one, never half.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    stage_file(path, bytes)?.commit()
}

/// A file written and synced beside its place, not yet renamed into it:
/// [`Staged::commit`] does; dropped uncommitted, it is removed. A run
/// that writes a folder and a file stages the file first, so that a file
/// it cannot write stops the run before the folder is replaced.
pub struct Staged {
    tmp: PathBuf,
    path: PathBuf,
    /// Folders created for the file, deepest first: removed again (when
    /// still empty) if the file is not committed.
    created: Vec<PathBuf>,
    committed: bool,
    _guard: crate::interrupt::Temporary,
}

/// Writes `bytes` beside `path` (see [`Staged`]).
pub fn stage_file(path: &Path, bytes: &[u8]) -> Result<Staged> {
    // A folder in the file's place would only be found by the rename, after
    // other files of the same save were written: refused before anything is.
    if fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(Error::io(
            "writing",
            path,
            std::io::Error::from(std::io::ErrorKind::IsADirectory),
        ));
    }
    let created: Vec<PathBuf> = path
        .ancestors()
        .skip(1)
        .filter(|p| !p.as_os_str().is_empty())
        .take_while(|p| !p.exists())
        .map(Path::to_path_buf)
        .collect();
    let tmp = sibling(path, "tmp")?;
    let staged = Staged {
        _guard: crate::interrupt::Temporary::new(&tmp),
        tmp,
        path: path.to_path_buf(),
        created,
        committed: false,
    };
    {
        let _writing = crate::interrupt::Writing::enter();
        fs::write(&staged.tmp, bytes).map_err(|e| Error::io("writing", &staged.tmp, e))?;
        fs::File::open(&staged.tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io("syncing", &staged.tmp, e))?;
    }
    Ok(staged)
}

impl Staged {
    /// Renames the file into its place.
    pub fn commit(mut self) -> Result<()> {
        let _critical = crate::interrupt::Critical::enter();
        fs::rename(&self.tmp, &self.path).map_err(|e| Error::io("renaming into", &self.path, e))?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        let _ = fs::remove_file(&self.tmp);
        // A run stopped before the commit leaves no empty folder behind
        // (`remove_dir` removes only empty ones).
        for folder in &self.created {
            let _ = fs::remove_dir(folder);
        }
    }
}

/// The report a run writes (`--report`), if any: inside its output folder
/// it is written with the folder ([`PendingReport::take_inside`]);
/// elsewhere it is staged beside its place now and renamed into it once
/// the outputs are ([`PendingReport::commit`]), so a report that cannot be
/// written stops the run before the outputs are replaced.
pub struct PendingReport {
    inside: Option<(String, Vec<u8>)>,
    beside: Option<Staged>,
}

/// Refuses a report (`--report`) in a subfolder of the output folder
/// `out`, which each run replaces as a whole. Checked before the run
/// solves anything, and again when the report is placed.
pub fn check_report_place(path: Option<&Path>, out: &Path) -> Result<()> {
    match path {
        Some(path) if lies_below(path, out) => Err(Error::io(
            "refusing to write the report",
            path,
            std::io::Error::other(format!(
                "it lies in a subfolder of the output folder {}, which each run replaces as a whole: write it into that folder itself or outside it",
                out.display()
            )),
        )),
        _ => Ok(()),
    }
}

/// Renders the report (`html`, called only when there is a `path`) and
/// places it for an output folder `out` (see [`PendingReport`]).
pub fn stage_report(
    path: Option<&Path>,
    out: &Path,
    html: impl FnOnce() -> String,
) -> Result<PendingReport> {
    let mut report = PendingReport {
        inside: None,
        beside: None,
    };
    check_report_place(path, out)?;
    if let Some(path) = path {
        let html = html();
        match name_inside(path, out) {
            Some(name) => report.inside = Some((name, html.into_bytes())),
            None => report.beside = Some(stage_file(path, html.as_bytes())?),
        }
    }
    Ok(report)
}

impl PendingReport {
    /// The report as a file of the output folder, when it lies there.
    pub fn take_inside(&mut self) -> Option<(String, Vec<u8>)> {
        self.inside.take()
    }

    /// Renames a report staged beside its place into it.
    pub fn commit(self) -> Result<()> {
        self.beside.map_or(Ok(()), Staged::commit)
    }
}

/// Refuses to replace a letters folder (`letters --out`) unless it holds
/// only what an earlier run wrote there: letters.csv, letters.html and
/// the letters letters.csv lists. A file in its place, or any other file
/// (a log the board keeps beside the letters, say), is refused by name.
pub fn check_letters_folder(out: &Path) -> Result<()> {
    refuse_a_file(out, "the letters")?;
    if !out.exists() {
        return Ok(());
    }
    let mut ours: std::collections::HashSet<String> =
        ["letters.csv", "letters.html"].map(String::from).into();
    if let Ok(bytes) = fs::read(out.join("letters.csv")) {
        for delimiter in [b',', b';', b'\t'] {
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .flexible(true)
                .from_reader(&bytes[..]);
            let column = reader.headers().ok().and_then(|h| {
                h.iter()
                    .position(|c| c.trim_start_matches('\u{feff}') == "letter")
            });
            if let Some(column) = column {
                ours.extend(
                    reader
                        .records()
                        .filter_map(|r| r.ok())
                        .filter_map(|r| r.get(column).map(String::from)),
                );
                break;
            }
        }
    }
    let entries = fs::read_dir(out).map_err(|e| Error::io("reading", out, e))?;
    let foreign: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| {
            !(e.path().is_file() && ours.contains(e.file_name().to_string_lossy().as_ref()))
        })
        .map(|e| e.path().display().to_string())
        .collect();
    if foreign.is_empty() {
        return Ok(());
    }
    Err(refused(
        out,
        format!(
            "the folder holds files that are not letters of an earlier run ({}); choose an empty or new --out folder",
            first_few(&foreign)
        ),
    ))
}

/// The first three names, and how many more: `a, b, c and 6 more`.
pub fn first_few(names: &[String]) -> String {
    let shown = names[..names.len().min(3)].join(", ");
    match names.len() {
        n if n > 3 => format!("{shown} and {} more", n - 3),
        _ => shown,
    }
}

/// Refuses to replace a folder that holds anything but our outputs (and
/// the files named in `also`).
fn check_ours(out: &Path, also: &[&str]) -> Result<()> {
    let entries = fs::read_dir(out).map_err(|e| Error::io("reading", out, e))?;
    let foreign: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            !OUTPUT_FILES.contains(&name.as_ref()) && !also.contains(&name.as_ref())
        })
        .map(|e| e.path())
        .collect();
    if foreign.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = foreign
        .iter()
        .take(3)
        .map(|p| p.display().to_string())
        .collect();
    Err(refused(
        out,
        format!(
            "the folder holds files that are not missionmatch outputs ({}); choose an empty or new --out folder",
            list.join(", ")
        ),
    ))
}
