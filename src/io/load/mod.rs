//! Loading a data folder into one checked [`Instance`], every problem reported with file, line and column.
//!
//! Files are read in dependency order (services, missions, positions,
//! officers, scores, pins). Every problem in every file is collected; the
//! instance is returned only when there are none. Ids of rows that had
//! other errors are still remembered so that one bad row does not cause a
//! cascade of "unknown id" errors elsewhere.

use crate::error::InputErrors;
use crate::io::table::{sha256_hex, Row, Schema, Sink, Source, Table};
use crate::model::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

mod files;
mod pins;
mod warnings;

pub(crate) use files::{parse_lang_req, RANK_OR_NOTHING};
use pins::check_pins;
pub(crate) use pins::{overfilled_text, overfull, singular};
use warnings::{
    warn_away_over_limit, warn_deployments_near_positions, warn_labels_naming_two,
    warn_languages_nobody_speaks, warn_last_return_ahead, warn_no_rotation, warn_returns_long_ago,
    warn_skills_nobody_has, warn_skills_run_together,
};

/// Where each input file is. `scores` and `pins` are optional.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputPaths {
    /// services.csv
    pub services: PathBuf,
    /// missions.csv
    pub missions: PathBuf,
    /// positions.csv
    pub positions: PathBuf,
    /// officers.csv
    pub officers: PathBuf,
    /// scores.csv, if any
    pub scores: Option<PathBuf>,
    /// pins.csv, if any
    pub pins: Option<PathBuf>,
    /// deployments.csv, if any
    pub deployments: Option<PathBuf>,
}

impl InputPaths {
    /// The standard file names in `dir` (`services.csv`, or a workbook
    /// `services.xlsx` in its place); the optional files only if present.
    /// When `dir` is itself an .xlsx workbook, every input is its sheet of
    /// the same name (`services`), the optional ones if it has them.
    pub fn in_dir(dir: &Path) -> InputPaths {
        if is_workbook(dir) && dir.is_file() {
            let sheets = super::table::read_limited(dir)
                .ok()
                .and_then(|b| super::workbook::sheet_names(&b).ok())
                .unwrap_or_default();
            let optional = |file: &str| {
                sheets
                    .iter()
                    .any(|s| super::workbook::sheet_is_for(s, file))
                    .then(|| dir.to_path_buf())
            };
            return InputPaths {
                services: dir.to_path_buf(),
                missions: dir.to_path_buf(),
                positions: dir.to_path_buf(),
                officers: dir.to_path_buf(),
                scores: optional("scores.csv"),
                pins: optional("pins.csv"),
                deployments: optional("deployments.csv"),
            };
        }
        let either = |name: &str| {
            let csv = dir.join(name);
            let xlsx = csv.with_extension("xlsx");
            if !csv.exists() && xlsx.exists() {
                xlsx
            } else {
                csv
            }
        };
        let optional = |name: &str| Some(either(name)).filter(|p| p.exists());
        InputPaths {
            services: either("services.csv"),
            missions: either("missions.csv"),
            positions: either("positions.csv"),
            officers: either("officers.csv"),
            scores: optional("scores.csv"),
            pins: optional("pins.csv"),
            deployments: optional("deployments.csv"),
        }
    }

    /// Every file that is given, in load order.
    pub fn all(&self) -> Vec<&Path> {
        let mut v = vec![
            self.services.as_path(),
            &self.missions,
            &self.positions,
            &self.officers,
        ];
        v.extend(self.scores.as_deref());
        v.extend(self.pins.as_deref());
        v.extend(self.deployments.as_deref());
        v
    }
}

/// Run options that shape the instance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoadOptions {
    /// Default share of sworn officers a service can release.
    pub release_share: f64,
    /// Months an officer stays home after a tour before the next may start.
    pub cooldown_months: u32,
    /// Plan successor seats for the officers of deployments.csv until a
    /// tour would start after this day.
    pub rotations_until: Option<Date>,
    /// Days a successor arrives before the officer they replace comes home.
    pub overlap_days: u32,
}

impl LoadOptions {
    /// The options as a run's summary.json records them, so that a plan
    /// read back beside it (`verify`, `explain --plan`, `letters --plan`)
    /// is read under the same ones.
    pub fn recorded(&self) -> serde_json::Map<String, serde_json::Value> {
        let serde_json::Value::Object(map) = serde_json::json!({
            "release_share": self.release_share,
            "cooldown_months": self.cooldown_months,
            "rotations_until": self.rotations_until.map(|d| d.to_string()),
            "overlap_days": self.overlap_days,
        }) else {
            unreachable!("an object")
        };
        map
    }

    /// The options [`recorded`](Self::recorded) wrote; `None` when one is
    /// missing or not a value the flag takes.
    pub fn from_recorded(map: &serde_json::Map<String, serde_json::Value>) -> Option<Self> {
        let whole = |key: &str| map.get(key)?.as_u64().and_then(|n| u32::try_from(n).ok());
        let share = map.get("release_share")?.as_f64()?;
        Some(LoadOptions {
            release_share: Some(share).filter(|s| (0.0..=1.0).contains(s))?,
            cooldown_months: whole("cooldown_months")?,
            rotations_until: match map.get("rotations_until")? {
                serde_json::Value::Null => None,
                day => Some(Date::parse(day.as_str()?)?),
            },
            overlap_days: whole("overlap_days")?,
        })
    }
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            release_share: 0.01,
            cooldown_months: 0,
            rotations_until: None,
            overlap_days: 14,
        }
    }
}

/// An input file as read, for the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// Path as given.
    pub path: String,
    /// SHA-256 of its bytes, lower-case hex.
    pub sha256: String,
}

/// Whether `path` names an .xlsx workbook.
fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// A loaded instance with the warnings and files behind it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The checked instance.
    pub instance: Instance,
    /// Warnings (unknown columns, repeated preferences).
    pub warnings: Vec<String>,
    /// Input files with their hashes.
    pub files: Vec<InputFile>,
}

/// Loads and checks every file; all problems are returned at once.
pub fn load(
    paths: &InputPaths,
    options: &LoadOptions,
) -> Result<Loaded, (InputErrors, Vec<String>)> {
    // A workbook is read through its sheet named like the file (or its
    // only sheet).
    let source = |p: &Path, file: &str| {
        if is_workbook(p) {
            Source::Sheet {
                workbook: p.to_path_buf(),
                file: file.to_string(),
            }
        } else {
            Source::Path(p.to_path_buf())
        }
    };
    let sources = Sources {
        services: source(&paths.services, "services.csv"),
        missions: source(&paths.missions, "missions.csv"),
        positions: source(&paths.positions, "positions.csv"),
        officers: source(&paths.officers, "officers.csv"),
        scores: paths.scores.as_deref().map(|p| source(p, "scores.csv")),
        pins: paths.pins.as_deref().map(|p| source(p, "pins.csv")),
        deployments: paths
            .deployments
            .as_deref()
            .map(|p| source(p, "deployments.csv")),
    };
    // A workbook beside the file of the same name is not read: say so,
    // lest an updated workbook sit beside a stale CSV unnoticed.
    let unread: Vec<String> = paths
        .all()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .filter_map(|p| {
            let xlsx = p.with_extension("xlsx");
            xlsx.is_file().then(|| {
                format!(
                    "{} is read, not {} beside it (remove or rename the one not meant)",
                    p.display(),
                    xlsx.display()
                )
            })
        })
        .collect();
    let mut unread = unread;
    unread.extend(misnamed(paths));
    match load_sources(&sources, options) {
        Ok(mut loaded) => {
            loaded.warnings.splice(0..0, unread);
            Ok(loaded)
        }
        Err((errors, mut warnings)) => {
            warnings.splice(0..0, unread);
            Err((errors, warnings))
        }
    }
}

/// The input files' names, as a folder or a workbook must give them.
const FILE_NAMES: [&str; 7] = [
    "services.csv",
    "missions.csv",
    "positions.csv",
    "officers.csv",
    "scores.csv",
    "pins.csv",
    "deployments.csv",
];

/// A name reduced to what a person means by it: `Deployments (1).CSV`,
/// `deployment.csv` and `Scores 2027` read `deployment` and `score`.
fn name_key(name: &str) -> String {
    let mut key = name.trim().to_lowercase();
    for ext in [".csv", ".xlsx", ".txt"] {
        if let Some(stem) = key.strip_suffix(ext) {
            key = stem.to_string();
        }
    }
    let key = key.trim_end_matches(|c: char| c.is_ascii_digit() || " ()_-".contains(c));
    key.strip_suffix('s').unwrap_or(key).to_string()
}

/// A warning for each file of the data folder (or sheet of the workbook)
/// whose name is near an input file's but not it, where that file is not
/// read: `Pins.csv` or a sheet `deployment` would otherwise be skipped
/// without a word, and the plan made without them.
fn misnamed(paths: &InputPaths) -> Vec<String> {
    let read: Vec<String> = paths
        .all()
        .iter()
        .filter(|p| p.is_file())
        .filter_map(|p| p.file_name())
        .map(|n| n.to_string_lossy().to_lowercase())
        .collect();
    let workbook = is_workbook(&paths.services) && paths.services.is_file();
    let (place, names): (String, Vec<String>) = if workbook {
        let sheets = super::table::read_limited(&paths.services)
            .ok()
            .and_then(|b| super::workbook::sheet_names(&b).ok())
            .unwrap_or_default();
        (paths.services.display().to_string(), sheets)
    } else {
        // The data folder: where the four required files are looked for
        // (files given one by one from elsewhere have no folder of names).
        let Some(dir) = paths.services.parent() else {
            return Vec::new();
        };
        let required = [&paths.missions, &paths.positions, &paths.officers];
        if required.iter().any(|p| p.parent() != Some(dir)) {
            return Vec::new();
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        let files = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        (dir.display().to_string(), files)
    };
    let mut out = Vec::new();
    for file in FILE_NAMES {
        let stem = file.trim_end_matches(".csv");
        let taken = if workbook {
            names.iter().any(|n| super::workbook::sheet_is_for(n, file))
        } else {
            read.iter()
                .any(|r| r == file || *r == format!("{stem}.xlsx"))
        };
        if taken {
            continue;
        }
        let mut near: Vec<&String> = names
            .iter()
            .filter(|n| *n != file && name_key(n) == name_key(file))
            .collect();
        near.sort();
        for n in near {
            out.push(if workbook {
                format!("{place}: the sheet '{n}' is not read: the sheet for {file} must be named {stem}")
            } else {
                format!("{place}: {n} is not read: the file must be named {file} (or {stem}.xlsx) exactly")
            });
        }
    }
    out
}

/// The six files' contents, in memory (for tools and fuzzing); `None` for
/// an optional file not given.
#[derive(Debug, Clone, Default)]
pub struct InputBytes {
    /// services.csv
    pub services: Vec<u8>,
    /// missions.csv
    pub missions: Vec<u8>,
    /// positions.csv
    pub positions: Vec<u8>,
    /// officers.csv
    pub officers: Vec<u8>,
    /// scores.csv
    pub scores: Option<Vec<u8>>,
    /// pins.csv
    pub pins: Option<Vec<u8>>,
    /// deployments.csv
    pub deployments: Option<Vec<u8>>,
}

/// [`load`] from bytes in memory; messages name the standard file names.
pub fn load_bytes(
    input: &InputBytes,
    options: &LoadOptions,
) -> Result<Loaded, (InputErrors, Vec<String>)> {
    let source = |name: &str, bytes: &[u8]| Source::Bytes(name.to_string(), bytes.to_vec());
    let sources = Sources {
        services: source("services.csv", &input.services),
        missions: source("missions.csv", &input.missions),
        positions: source("positions.csv", &input.positions),
        officers: source("officers.csv", &input.officers),
        scores: input.scores.as_deref().map(|b| source("scores.csv", b)),
        pins: input.pins.as_deref().map(|b| source("pins.csv", b)),
        deployments: input
            .deployments
            .as_deref()
            .map(|b| source("deployments.csv", b)),
    };
    load_sources(&sources, options)
}

struct Sources {
    services: Source,
    missions: Source,
    positions: Source,
    officers: Source,
    scores: Option<Source>,
    pins: Option<Source>,
    deployments: Option<Source>,
}

fn load_sources(
    sources: &Sources,
    options: &LoadOptions,
) -> Result<Loaded, (InputErrors, Vec<String>)> {
    let mut cx = Loader::default();
    cx.services(&sources.services, options);
    cx.missions(&sources.missions);
    cx.positions(&sources.positions);
    cx.officers(&sources.officers);
    if let Some(s) = &sources.scores {
        cx.scores(s);
    }
    // Sheets are named as the workbook has them, known once read.
    let mut deployments_name = String::new();
    if let Some(s) = &sources.deployments {
        cx.deployments(s);
        deployments_name = cx.last_read.clone();
    }
    if let Some(horizon) = options.rotations_until {
        cx.rotations(horizon, options.overlap_days);
    }
    cx.inst.cooldown_months = options.cooldown_months;
    cx.inst.derive_officer_dates();
    let mut pins_name = None;
    if let Some(s) = &sources.pins {
        cx.pins(s);
        pins_name = Some(cx.last_read.clone());
    }
    if cx.sink.errors.is_empty() {
        if sources.deployments.is_some() {
            warn_returns_long_ago(&cx.inst, &mut cx.sink, &deployments_name);
        }
        if let Some(horizon) = options.rotations_until {
            if sources.deployments.is_some() {
                warn_deployments_near_positions(&cx.inst, &mut cx.sink, &deployments_name);
            }
            warn_no_rotation(&cx.inst, &mut cx.sink, horizon, options.overlap_days);
        }
        warn_away_over_limit(&cx.inst, &mut cx.sink);
        warn_skills_nobody_has(&cx.inst, &mut cx.sink);
        warn_skills_run_together(&cx.inst, &mut cx.sink);
        warn_last_return_ahead(&cx.inst, &mut cx.sink);
        warn_languages_nobody_speaks(&cx.inst, &mut cx.sink);
        warn_labels_naming_two(&cx.inst, &mut cx.sink);
        check_pins(&cx.inst, &mut cx.sink, pins_name.as_deref());
    }
    if !cx.sink.errors.is_empty() {
        return Err((InputErrors(cx.sink.errors), cx.sink.warnings));
    }
    Ok(Loaded {
        instance: cx.inst,
        warnings: cx.sink.warnings,
        files: cx.files,
    })
}

/// Why `id` cannot be an id of `column`: a character that means something
/// where ids are written together (lists, a what-if scenario's `*`).
pub(crate) fn id_problem(column: &str, id: &str) -> Option<String> {
    if id.contains('*') {
        return Some(format!(
            "the {column} may not contain '*', which stands for every id in what-if scenarios"
        ));
    }
    let listed = matches!(column, "service_id" | "mission_id");
    if listed && id.contains(';') {
        return Some(format!(
            "the {column} may not contain ';', which separates ids in lists (preferences, excluded, services_at_capacity)"
        ));
    }
    None
}

/// Ids seen in one file: valid rows by index, and ids of rows with errors.
#[derive(Default)]
struct Ids {
    index: HashMap<String, usize>,
    lines: HashMap<String, u64>,
    /// Ids by their lower-case form: ids differing only by case are one
    /// id written twice, not two.
    folded: HashMap<String, String>,
    broken: HashSet<String>,
    /// The file could not be read at all (its header is wrong): its ids
    /// are unknown, and a reference to one is not an error of its own.
    unreadable: bool,
}

impl Ids {
    /// Registers a row's id; `false` (with an error) if it repeats, also
    /// in another case.
    fn claim(&mut self, row: &Row, sink: &mut Sink, column: &str, id: &str) -> bool {
        if let Some(problem) = id_problem(column, id) {
            row.error(sink, column, problem);
            // Its references are not reported as unknown too.
            self.broken.insert(id.to_string());
            return false;
        }
        if let Some(first) = self.lines.get(id) {
            row.error(
                sink,
                column,
                format!("duplicate {column}, first defined on line {first}"),
            );
            return false;
        }
        if let Some(other) = self.folded.get(&id.to_lowercase()) {
            let first = self.lines[other];
            row.error(
                sink,
                column,
                format!(
                    "{column} '{id}' differs only by case from '{other}' on line {first}: ids must differ by more than case"
                ),
            );
            return false;
        }
        self.lines.insert(id.to_string(), row.line);
        self.folded.insert(id.to_lowercase(), id.to_string());
        true
    }

    /// Records an error if `table` has no rows (its ids are then unknown,
    /// and references to them no error of their own), and takes the ids of
    /// rows refused for their fields as ids with errors.
    fn expect_rows(&mut self, table: &Table, sink: &mut Sink, what: &str, column: &str) {
        self.unreadable = !table.require_rows(sink, what);
        let malformed = table.malformed_cells(column).flatten().map(str::to_string);
        self.broken.extend(malformed);
    }

    /// Looks up a reference; records an error for an id nobody defined.
    fn resolve(
        &self,
        row: &Row,
        sink: &mut Sink,
        column: &str,
        id: &str,
        file: &str,
    ) -> Option<usize> {
        if let Some(&i) = self.index.get(id) {
            return Some(i);
        }
        if !self.unreadable && !self.broken.contains(id) {
            let hint = match self.folded.get(&id.to_lowercase()) {
                Some(other) => super::table::did_you_mean(other),
                None => String::new(),
            };
            row.error(
                sink,
                column,
                format!("unknown id: not defined in {file}{hint}"),
            );
        }
        None
    }
}

#[derive(Default)]
struct Loader {
    inst: Instance,
    sink: Sink,
    services: Ids,
    missions: Ids,
    officers: Ids,
    /// Services whose `deployed_now` is given, with its line in services.csv.
    deployed_now_given: HashMap<usize, u64>,
    /// The name in messages of the source read last.
    last_read: String,
    /// positions.csv could not be read, or has no rows: a pin's role is
    /// not reported as unknown too.
    positions_unreadable: bool,
    /// Mission and role of the rows of positions.csv with errors.
    positions_broken: HashSet<(usize, String)>,
    /// Where each position's role is in positions.csv (an error without
    /// its message), for messages about it.
    role_cells: Vec<crate::error::InputError>,
    /// Each file read, with the SHA-256 of the very bytes parsed.
    files: Vec<InputFile>,
}

/// Runs `build` on a row and files its result: kept when no error was recorded.
fn row_ok(sink: &Sink, before: usize) -> bool {
    sink.errors.len() == before
}

impl Loader {
    /// Reads a source once: its table, and its hash for the audit trail.
    fn table(&mut self, source: &Source, schema: &Schema) -> Option<Table> {
        let read = source.read();
        self.last_read = read.name.clone();
        if let Ok(bytes) = &read.bytes {
            self.files.push(InputFile {
                path: read.label.clone(),
                sha256: sha256_hex(bytes),
            });
        }
        read.table(&mut self.sink, schema)
    }
}

impl Loader {
    /// The successor seats of the rotations until `horizon`
    /// ([`Instance::set_rotations`]); a seat whose name `ROLE@DATE` is
    /// already a role of positions.csv is an error on that row.
    fn rotations(&mut self, horizon: Date, overlap_days: u32) {
        if let Some(problem) = self.inst.overlap_problem(horizon, overlap_days) {
            let value = overlap_days.to_string();
            self.sink
                .error("--overlap-days", 0, None, Some(&value), problem);
            return;
        }
        if let Some(problem) = self.inst.horizon_problem(horizon) {
            let value = horizon.to_string();
            self.sink
                .error("--rotations-until", 0, None, Some(&value), problem);
            return;
        }
        for c in self.inst.set_rotations(horizon, overlap_days) {
            let base = self.inst.position_label(c.base);
            let Some(cell) = self.role_cells.get(c.existing.0) else {
                continue;
            };
            let mut error = cell.clone();
            error.message = format!(
                "role {} is also the name of a successor seat of {base} (--rotations-until): rename this role; ROLE@YYYY-MM-DD names the seats of a rotation",
                c.role
            );
            self.sink.errors.push(error);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a summary.json records reads back as the same options; a value
    /// no flag takes reads back as none.
    #[test]
    fn recorded_options_read_back() {
        let options = LoadOptions {
            release_share: 0.03,
            cooldown_months: 6,
            rotations_until: Date::parse("2028-06-30"),
            overlap_days: 7,
        };
        let recorded = options.recorded();
        assert_eq!(LoadOptions::from_recorded(&recorded), Some(options));
        let plain = LoadOptions::default();
        assert_eq!(LoadOptions::from_recorded(&plain.recorded()), Some(plain));
        let mut broken = recorded.clone();
        broken.insert("release_share".into(), 1.5.into());
        assert_eq!(LoadOptions::from_recorded(&broken), None);
        broken = recorded;
        broken.remove("overlap_days");
        assert_eq!(LoadOptions::from_recorded(&broken), None);
    }
}
