//! Loading a data folder into one checked [`Instance`], every problem reported with file, line and column.
//!
//! Files are read in dependency order (services, missions, positions,
//! officers, scores, pins). Every problem in every file is collected; the
//! instance is returned only when there are none. Ids of rows that had
//! other errors are still remembered so that one bad row does not cause a
//! cascade of "unknown id" errors elsewhere.

use super::table::{
    list, parse_bool, parse_or_record, parse_priority, parse_score, sha256_hex, Row, Schema, Sink,
    Source, Table, BOOL_EXPECTED, MONTHS, OFFICERS, PRIORITY_EXPECTED, SEATS, SWORN, YEARS,
};
use crate::error::InputErrors;
use crate::model::*;
use crate::rules;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

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
    if let Some(s) = &sources.deployments {
        cx.deployments(s);
    }
    if let Some(horizon) = options.rotations_until {
        cx.rotations(horizon, options.overlap_days);
    }
    cx.inst.cooldown_months = options.cooldown_months;
    cx.inst.derive_officer_dates();
    if let Some(s) = &sources.pins {
        cx.pins(s);
    }
    if cx.sink.errors.is_empty() {
        warn_away_over_limit(&cx.inst, &mut cx.sink);
        warn_skills_nobody_has(&cx.inst, &mut cx.sink);
        warn_languages_nobody_speaks(&cx.inst, &mut cx.sink);
        let pins_file = sources.pins.as_ref().map(Source::name);
        check_pins(&cx.inst, &mut cx.sink, pins_file.as_deref());
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
        let bytes = source.bytes();
        if let Ok(bytes) = &bytes {
            self.files.push(InputFile {
                path: source.label(),
                sha256: sha256_hex(bytes),
            });
        }
        parse_or_record(&source.name(), bytes, &mut self.sink, schema)
    }

    fn services(&mut self, source: &Source, options: &LoadOptions) {
        let schema = Schema {
            short_rows: false,
            required: &["service_id", "name", "sworn_officers"],
            optional: &["name_fr", "province", "max_deployed", "deployed_now"],
        };
        let Some(table) = self.table(source, &schema) else {
            self.services.unreadable = true;
            return;
        };
        self.services
            .expect_rows(&table, &mut self.sink, "service", "service_id");
        for row in table.rows() {
            let before = self.sink.errors.len();
            let s = &mut self.sink;
            let id = row.required(s, "service_id");
            let fresh = id.is_some_and(|id| self.services.claim(&row, s, "service_id", id));
            let name = row.required(s, "name");
            let sworn = row.parse_required(s, "sworn_officers", SWORN.expected, |t| SWORN.parse(t));
            let max = row.parse(s, "max_deployed", OFFICERS.expected, |t| OFFICERS.parse(t));
            let now = row
                .parse(s, "deployed_now", OFFICERS.expected, |t| OFFICERS.parse(t))
                .unwrap_or(0);
            let (Some(id), true) = (id, fresh) else {
                continue;
            };
            if !row_ok(s, before) {
                self.services.broken.insert(id.to_string());
                continue;
            }
            if !row.text("deployed_now").is_empty() {
                self.deployed_now_given
                    .insert(self.inst.services.len(), row.line);
            }
            let sworn = sworn.unwrap_or(0);
            let max_deployed =
                max.unwrap_or_else(|| Service::released(sworn, options.release_share));
            self.services
                .index
                .insert(id.to_string(), self.inst.services.len());
            self.inst.services.push(Service {
                id: id.to_string(),
                name: name.unwrap_or("").to_string(),
                name_fr: row.text("name_fr").to_string(),
                province: row.text("province").to_string(),
                sworn_officers: sworn,
                max_deployed,
                deployed_now: now,
                release_derived: max.is_none(),
            });
        }
    }

    fn missions(&mut self, source: &Source) {
        let schema = Schema {
            short_rows: false,
            required: &["mission_id", "name", "start", "months"],
            optional: &[
                "name_fr",
                "country",
                "organization",
                "min_women_share",
                "language",
                "min_language_share",
                "max_per_service",
            ],
        };
        let Some(table) = self.table(source, &schema) else {
            self.missions.unreadable = true;
            return;
        };
        self.missions
            .expect_rows(&table, &mut self.sink, "mission", "mission_id");
        for row in table.rows() {
            let before = self.sink.errors.len();
            let s = &mut self.sink;
            let id = row.required(s, "mission_id");
            let fresh = id.is_some_and(|id| self.missions.claim(&row, s, "mission_id", id));
            let name = row.required(s, "name");
            let start = row.parse_required(s, "start", "a date YYYY-MM-DD", Date::parse);
            let months = row.parse_required(s, "months", MONTHS.expected, |t| MONTHS.parse(t));
            let women = row.share(s, "min_women_share").unwrap_or(0.0);
            let language = row.parse(
                s,
                "language",
                "a language as code:level, e.g. fr:B2",
                parse_lang_req,
            );
            let lang_share = row.share(s, "min_language_share").unwrap_or(0.0);
            let max_per_service =
                row.parse(s, "max_per_service", SEATS.expected, |t| SEATS.parse(t));
            if lang_share > 0.0 && row.text("language").is_empty() {
                row.error(
                    s,
                    "min_language_share",
                    "min_language_share > 0 needs a mission language in column 'language'",
                );
            }
            let (Some(id), true) = (id, fresh) else {
                continue;
            };
            let (Some(start), Some(months), true) = (start, months, row_ok(s, before)) else {
                self.missions.broken.insert(id.to_string());
                continue;
            };
            self.missions
                .index
                .insert(id.to_string(), self.inst.missions.len());
            self.inst.missions.push(Mission {
                id: id.to_string(),
                name: name.unwrap_or("").to_string(),
                name_fr: row.text("name_fr").to_string(),
                country: row.text("country").to_string(),
                organization: row.text("organization").to_string(),
                start,
                months,
                end: start.tour_end(months),
                min_women_share: women,
                language,
                min_language_share: lang_share,
                max_per_service,
            });
        }
    }

    fn positions(&mut self, source: &Source) {
        let schema = Schema {
            short_rows: false,
            required: &["mission_id", "role", "count"],
            optional: &[
                "min_rank",
                "min_years",
                "languages",
                "skills",
                "leadership",
                "priority",
                "start",
                "months",
            ],
        };
        let Some(table) = self.table(source, &schema) else {
            self.positions_unreadable = true;
            return;
        };
        self.positions_unreadable = !table.require_rows(&mut self.sink, "position");
        for cells in table
            .malformed_cells("mission_id")
            .zip(table.malformed_cells("role"))
        {
            let (Some(mission), Some(role)) = cells else {
                continue;
            };
            if let Some(&m) = self.missions.index.get(mission) {
                self.positions_broken.insert((m, role.to_string()));
            }
        }
        let mut roles: HashMap<(usize, String), u64> = HashMap::new();
        for row in table.rows() {
            let before = self.sink.errors.len();
            let s = &mut self.sink;
            let mission = row.required(s, "mission_id").and_then(|id| {
                self.missions
                    .resolve(&row, s, "mission_id", id, "missions.csv")
            });
            let role = row.required(s, "role");
            let count = row.parse_required(s, "count", SEATS.expected, |t| SEATS.parse(t));
            let min_rank = row.parse(s, "min_rank", RANK_EXPECTED, Rank::parse);
            let min_years = row.parse(s, "min_years", YEARS.expected, |t| YEARS.parse(t));
            let languages = lang_reqs(&row, s, "languages");
            let skills = row.skills(s, "skills");
            let leadership = row
                .parse(s, "leadership", BOOL_EXPECTED, parse_bool)
                .unwrap_or(false);
            let priority = row
                .parse(s, "priority", PRIORITY_EXPECTED, parse_priority)
                .unwrap_or(1.0);
            let start = row.parse(s, "start", "a date YYYY-MM-DD", Date::parse);
            let months = row.parse(s, "months", MONTHS.expected, |t| MONTHS.parse(t));
            if let (Some(m), Some(role)) = (mission, role) {
                if let Some(first) = roles.insert((m, role.to_string()), row.line) {
                    row.error(
                        s,
                        "role",
                        format!("duplicate role in mission, first defined on line {first}"),
                    );
                }
            }
            let (Some(m), Some(role), Some(count), true) =
                (mission, role, count, row_ok(s, before))
            else {
                if let (Some(m), Some(role)) = (mission, role) {
                    self.positions_broken.insert((m, role.to_string()));
                }
                continue;
            };
            let mission = &self.inst.missions[m];
            let mut position = Position {
                mission: MissionIx(m),
                role: role.to_string(),
                count,
                min_rank,
                min_years,
                languages,
                skills,
                leadership,
                priority,
                start: start.unwrap_or(mission.start),
                months: months.unwrap_or(mission.months),
                end: mission.end,
                own_tour: (start.is_some(), months.is_some()),
            };
            position.follow_mission_tour(mission);
            self.inst.positions.push(position);
            let mut cell = Sink::default();
            row.error(&mut cell, "role", "");
            self.role_cells.extend(cell.errors.pop());
        }
    }

    fn officers(&mut self, source: &Source) {
        let schema = Schema {
            short_rows: false,
            required: &[
                "officer_id",
                "name",
                "service_id",
                "gender",
                "rank",
                "years_service",
            ],
            optional: &[
                "languages",
                "skills",
                "leadership",
                "board_score",
                "preferences",
                "excluded",
                "available_from",
                "available_until",
                "last_return",
            ],
        };
        let Some(table) = self.table(source, &schema) else {
            self.officers.unreadable = true;
            return;
        };
        self.officers
            .expect_rows(&table, &mut self.sink, "officer", "officer_id");
        for row in table.rows() {
            let before = self.sink.errors.len();
            let s = &mut self.sink;
            let id = row.required(s, "officer_id");
            let fresh = id.is_some_and(|id| self.officers.claim(&row, s, "officer_id", id));
            let name = row.required(s, "name");
            let service = row.required(s, "service_id").and_then(|id| {
                self.services
                    .resolve(&row, s, "service_id", id, "services.csv")
            });
            let gender = row.parse_required(s, "gender", "F, M or X", parse_gender);
            let rank = row.parse_required(s, "rank", RANK_EXPECTED, Rank::parse);
            let years = row.parse_required(s, "years_service", YEARS.expected, |t| YEARS.parse(t));
            let languages = officer_languages(&row, s);
            let skills = row.skills(s, "skills").into_iter().collect::<BTreeSet<_>>();
            let leadership = row
                .parse(s, "leadership", BOOL_EXPECTED, parse_bool)
                .unwrap_or(false);
            let board_score = row
                .parse(s, "board_score", "a score between 0 and 100", parse_score)
                .unwrap_or(0.0);
            let preferences = self.mission_list(&row, "preferences", true);
            let excluded = self.mission_list(&row, "excluded", false);
            let s = &mut self.sink;
            // Preferences (the officer's) and exclusions (usually HR's)
            // come from different people: the exclusion wins, and the
            // other preferences keep the places the officer gave them.
            for m in preferences.iter().filter(|m| excluded.contains(m)) {
                s.warnings.push(format!(
                    "{}:{}: officer {} prefers mission {} but is excluded from it: the exclusion wins (the other preferences keep their places)",
                    row.file(),
                    row.line,
                    id.unwrap_or("?"),
                    self.inst.missions[m.0].id
                ));
            }
            let from = row.parse(s, "available_from", "a date YYYY-MM-DD", Date::parse);
            let until = row.parse(s, "available_until", "a date YYYY-MM-DD", Date::parse);
            let last_return = row.parse(s, "last_return", "a date YYYY-MM-DD", Date::parse);
            if let (Some(f), Some(u)) = (from, until) {
                if u < f {
                    row.error(
                        s,
                        "available_until",
                        format!("is before available_from {f}"),
                    );
                }
            }
            let (Some(id), true) = (id, fresh) else {
                continue;
            };
            let (Some(service), Some(gender), Some(rank), Some(years), true) =
                (service, gender, rank, years, row_ok(s, before))
            else {
                self.officers.broken.insert(id.to_string());
                continue;
            };
            self.officers
                .index
                .insert(id.to_string(), self.inst.officers.len());
            self.inst.officers.push(Officer {
                id: id.to_string(),
                name: name.unwrap_or("").to_string(),
                service: ServiceIx(service),
                gender,
                rank,
                years_service: years,
                languages,
                skills,
                leadership,
                board_score,
                preferences,
                excluded,
                available_from: from,
                available_until: until,
                last_return,
                away_until: None,
                cooldown_until: None,
            });
        }
    }

    /// A `;` list of mission ids; repeats warned about (first place counts).
    fn mission_list(&mut self, row: &Row, column: &str, warn_repeats: bool) -> Vec<MissionIx> {
        let mut out: Vec<MissionIx> = Vec::new();
        for id in list(row.text(column)) {
            let Some(m) = self
                .missions
                .resolve(row, &mut self.sink, column, id, "missions.csv")
            else {
                continue;
            };
            if out.contains(&MissionIx(m)) {
                if warn_repeats {
                    self.sink.warnings.push(format!(
                        "{}:{}: mission {id} repeated in {column}; only its first place counts, and the missions after it move up",
                        row.file(),
                        row.line
                    ));
                }
                continue;
            }
            out.push(MissionIx(m));
        }
        out
    }

    /// deployments.csv: officers away, or committed to go, with their
    /// return dates.
    fn deployments(&mut self, source: &Source) {
        let schema = Schema {
            short_rows: false,
            required: &["service_id", "until"],
            optional: &["officer_id", "mission_id", "role", "start"],
        };
        let Some(table) = self.table(source, &schema) else {
            return;
        };
        let mut reported: HashSet<usize> = HashSet::new();
        // Each officer's rows so far (their indices in `deployments`).
        let mut away_rows: HashMap<String, Vec<usize>> = HashMap::new();
        for row in table.rows() {
            let before = self.sink.errors.len();
            let s = &mut self.sink;
            let service = row.required(s, "service_id").and_then(|id| {
                self.services
                    .resolve(&row, s, "service_id", id, "services.csv")
            });
            let start = row.parse(
                s,
                "start",
                "a date YYYY-MM-DD, or empty (already away)",
                Date::parse,
            );
            let until = row.parse_required(s, "until", "a date YYYY-MM-DD", Date::parse);
            if let (Some(start), Some(until)) = (start, until) {
                if until < start {
                    row.error(s, "until", format!("is before start {start}"));
                }
            }
            if let Some(svc) = service {
                if let Some(&line) = self.deployed_now_given.get(&svc) {
                    if reported.insert(svc) {
                        row.error(
                            s,
                            "service_id",
                            format!(
                                "service {} also has deployed_now on line {line} of services.csv: give its officers away either as deployed_now or as rows here, not both (leave deployed_now empty)",
                                self.inst.services[svc].id
                            ),
                        );
                    }
                }
            }
            let officer_id = row.text("officer_id").to_string();
            let officer = self.officers.index.get(&officer_id).map(|&o| OfficerIx(o));
            if let (Some(o), Some(svc)) = (officer, service) {
                let home = self.inst.officers[o.0].service;
                if home.0 != svc {
                    row.error(
                        s,
                        "service_id",
                        format!(
                            "officer {officer_id} serves with {} in officers.csv, not {}",
                            self.inst.services[home.0].id, self.inst.services[svc].id
                        ),
                    );
                }
            }
            // One officer cannot be away twice at once.
            if let (false, Some(until)) = (officer_id.is_empty(), until) {
                let deployments = &self.inst.deployments;
                let earlier = away_rows
                    .get(&officer_id)
                    .into_iter()
                    .flatten()
                    .map(|&i| &deployments[i])
                    .find(|d| {
                        d.start.is_none_or(|s| s <= until) && start.is_none_or(|s| s <= d.until)
                    });
                if let Some(d) = earlier {
                    row.error(
                        s,
                        "officer_id",
                        format!(
                            "officer {officer_id} is already away {} on line {} (one officer, one row for each time away)",
                            match d.start {
                                Some(start) => format!("from {start} to {}", d.until),
                                None => format!("until {}", d.until),
                            },
                            d.line
                        ),
                    );
                }
            }
            let (Some(service), Some(until), true) = (service, until, row_ok(s, before)) else {
                continue;
            };
            if !officer_id.is_empty() {
                let rows = away_rows.entry(officer_id.clone()).or_default();
                rows.push(self.inst.deployments.len());
            }
            self.inst.deployments.push(Deployment {
                service: ServiceIx(service),
                officer,
                officer_id,
                mission_id: row.text("mission_id").to_string(),
                role: row.text("role").to_string(),
                start,
                until,
                line: row.line,
            });
        }
    }

    fn scores(&mut self, source: &Source) {
        let schema = Schema {
            short_rows: false,
            required: &["officer_id", "mission_id", "score"],
            optional: &[],
        };
        let Some(table) = self.table(source, &schema) else {
            return;
        };
        let mut seen: HashMap<(usize, usize), u64> = HashMap::new();
        for row in table.rows() {
            let s = &mut self.sink;
            let o = row.required(s, "officer_id").and_then(|id| {
                self.officers
                    .resolve(&row, s, "officer_id", id, "officers.csv")
            });
            let m = row.required(s, "mission_id").and_then(|id| {
                self.missions
                    .resolve(&row, s, "mission_id", id, "missions.csv")
            });
            let score = row.parse_required(s, "score", "a score between 0 and 100", parse_score);
            let (Some(o), Some(m), Some(score)) = (o, m, score) else {
                continue;
            };
            if let Some(first) = seen.insert((o, m), row.line) {
                row.error(
                    s,
                    "mission_id",
                    format!("duplicate score for this officer and mission, first on line {first}"),
                );
                continue;
            }
            self.inst.scores.insert((OfficerIx(o), MissionIx(m)), score);
        }
    }

    fn pins(&mut self, source: &Source) {
        let schema = Schema {
            short_rows: false,
            required: &["officer_id", "mission_id", "role"],
            optional: &["reason"],
        };
        let Some(table) = self.table(source, &schema) else {
            return;
        };
        for row in table.rows() {
            let s = &mut self.sink;
            let o = row.required(s, "officer_id").and_then(|id| {
                self.officers
                    .resolve(&row, s, "officer_id", id, "officers.csv")
            });
            let m = row.required(s, "mission_id").and_then(|id| {
                self.missions
                    .resolve(&row, s, "mission_id", id, "missions.csv")
            });
            let role = row.required(s, "role");
            let (Some(o), Some(m), Some(role)) = (o, m, role) else {
                continue;
            };
            let found = self
                .inst
                .positions
                .iter()
                .position(|p| p.mission.0 == m && p.role == role);
            let Some(p) = found else {
                if self.positions_unreadable
                    || self.positions_broken.contains(&(m, role.to_string()))
                {
                    continue; // its row, or its file, has an error already
                }
                let hint = match (&self.inst.rotations, role.contains('@')) {
                    (None, true) => {
                        "; a successor seat ROLE@YYYY-MM-DD exists only with --rotations-until"
                            .to_string()
                    }
                    (Some(r), true) => format!(
                        "; no successor seat of that name until {} (validate lists them)",
                        r.until
                    ),
                    _ => String::new(),
                };
                row.error(
                    s,
                    "role",
                    format!(
                        "no such role in mission {} (positions.csv){hint}",
                        self.inst.missions[m].id
                    ),
                );
                continue;
            };
            self.inst.pins.push(Pin {
                officer: OfficerIx(o),
                position: PositionIx(p),
                line: row.line,
                reason: row.text("reason").trim().to_string(),
            });
        }
    }
}

const RANK_EXPECTED: &str = "a rank: constable, corporal, sergeant, staff_sergeant, inspector, superintendent, chief_superintendent or executive (or an alias such as sergeant_major, commissioner, chief)";
/// [`RANK_EXPECTED`] where a value may be left empty (a scenario row).
pub(crate) const RANK_OR_NOTHING: &str = "a rank (constable, corporal, sergeant, staff_sergeant, inspector, superintendent, chief_superintendent or executive, or an alias such as sergeant_major, commissioner, chief) or nothing";

fn parse_gender(text: &str) -> Option<Gender> {
    match text.to_ascii_uppercase().as_str() {
        "F" => Some(Gender::F),
        "M" => Some(Gender::M),
        "X" => Some(Gender::X),
        _ => None,
    }
}

/// `code` or `code:level`.
pub(crate) fn parse_lang_req(text: &str) -> Option<LangReq> {
    let (code, level) = match text.split_once(':') {
        Some((c, l)) => (c, Some(Cefr::parse(l)?)),
        None => (text, None),
    };
    Some(LangReq {
        code: LangCode::parse(code)?,
        min: level,
    })
}

fn lang_reqs(row: &Row, sink: &mut Sink, column: &str) -> Vec<LangReq> {
    let mut out = Vec::new();
    for item in list(row.text(column)) {
        match parse_lang_req(item) {
            Some(req) => out.push(req),
            None => row.error(
                sink,
                column,
                not_a_language(
                    item,
                    "an ISO 639-1 code, optionally with a CEFR level A1..C2, e.g. fr:B2",
                ),
            ),
        }
    }
    out
}

fn officer_languages(row: &Row, sink: &mut Sink) -> Vec<(LangCode, Cefr)> {
    let mut out = Vec::new();
    for item in list(row.text("languages")) {
        match parse_lang_req(item) {
            Some(LangReq {
                code,
                min: Some(level),
            }) => out.push((code, level)),
            Some(LangReq { code, min: None }) => row.error(
                sink,
                "languages",
                format!("'{item}' has no level: write it as {code}:B2 (CEFR A1..C2)"),
            ),
            None => row.error(
                sink,
                "languages",
                not_a_language(item, "code:level, e.g. fr:B2"),
            ),
        }
    }
    out
}

/// Why a list item is not a language: its level when only that is wrong
/// (`fr:B3`), else the item.
fn not_a_language(item: &str, expected: &str) -> String {
    match item.split_once(':') {
        Some((code, level)) if LangCode::parse(code).is_some() => format!(
            "'{}' in '{}' is not a CEFR level: expected A1, A2, B1, B2, C1 or C2",
            level.trim(),
            item.trim()
        ),
        _ => format!("'{item}' is not a language: expected {expected}"),
    }
}

/// Pins must be eligible and must fit every hard constraint on their own
/// (a pin set that breaks a limit is reported by naming it). All hard constraints are `≤` rows with non-negative
/// coefficients, so "every other x = 0" satisfies them whenever the pins
/// alone do: pins are feasible exactly when no single constraint is broken
/// by pins alone, and each such constraint, with its pins, is reported.
fn check_pins(inst: &Instance, sink: &mut Sink, file: Option<&str>) {
    let file = file.unwrap_or("pins.csv").to_string();
    let label = |pin: &Pin| {
        format!(
            "pin of {} to {} (line {})",
            inst.officers[pin.officer.0].id,
            inst.position_label(pin.position),
            pin.line
        )
    };
    for pin in &inst.pins {
        for failure in rules::failures(inst, pin.officer, pin.position) {
            sink.error(
                &file,
                pin.line,
                None,
                None,
                format!("{} breaks eligibility rule {failure}", label(pin)),
            );
        }
    }
    // Each broken constraint is reported with a smallest set of its pins
    // that conflict: `limit + 1` of them, chosen (in file order) so that
    // no other constraint is broken among them, so every strict subset of
    // the set reported fits (when no such choice exists, the other broken
    // constraint is reported too and the first `limit + 1` are named).
    let minimal = |set: &[&Pin]| {
        (0..set.len()).all(|i| {
            let mut rest = set.to_vec();
            rest.remove(i);
            !pins_conflict(inst, &rest)
        })
    };
    // Each overfilled limit, one error each; a service over its limit on
    // several check days with the same pins is one error naming the days,
    // in the place of its first day.
    let mut conflicts: Vec<Conflict> = Vec::new();
    for (limit, pins) in overfull(inst) {
        let bound = limit.bound(inst);
        let mut base: Vec<&Pin> = Vec::new();
        for &pin in &pins {
            if base.len() == bound as usize {
                break;
            }
            let mut more = base.clone();
            more.push(pin);
            if !pins_conflict(inst, &more) {
                base = more;
            }
        }
        let chosen = (base.len() == bound as usize)
            .then(|| {
                pins.iter()
                    .filter(|&&p| !base.iter().any(|&b| std::ptr::eq(b, p)))
                    .map(|&p| {
                        let mut set = base.clone();
                        set.push(p);
                        set.sort_by_key(|p| p.line);
                        set
                    })
                    .find(|set| minimal(set))
            })
            .flatten();
        let set = chosen.unwrap_or_else(|| pins[..=bound as usize].to_vec());
        let conflict = Conflict {
            limit,
            named: set.iter().map(|p| p.line).collect(),
            all: pins.iter().map(|p| p.line).collect(),
            days: Vec::new(),
        };
        // The same service, bound, officers away and pins on another day.
        let same_days = |other: &&mut Conflict| match (limit, other.limit) {
            (Limit::Service(s, _), Limit::Service(t, _)) => {
                s == t
                    && other.limit.bound(inst) == bound
                    && other.limit.already_away(inst) == limit.already_away(inst)
                    && (&other.named, &other.all) == (&conflict.named, &conflict.all)
            }
            _ => false,
        };
        match limit {
            Limit::Service(_, day) => match conflicts.iter_mut().find(same_days) {
                Some(same) => same.days.push(day),
                None => conflicts.push(Conflict {
                    days: vec![day],
                    ..conflict
                }),
            },
            _ => conflicts.push(conflict),
        }
    }
    for Conflict {
        limit,
        named,
        all,
        days,
    } in conflicts
    {
        let text = overfilled_text_on(inst, limit, named.len(), &days);
        let mut message = match named.as_slice() {
            [line] => format!("the pin on line {line} {}", singular(&text)),
            _ => format!("pins on lines {} {text}", lines_text(&named)),
        };
        if all.len() > named.len() {
            message.push_str(&format!(
                " (pins on lines {} all count here)",
                lines_text(&all)
            ));
        }
        sink.error(&file, named[0], None, None, message);
    }
}

/// A limit the pins overfill: the lines of the pins an error names (a
/// smallest set) and of every pin that counts there, and for a service's
/// limit the check days it is overfilled so.
struct Conflict {
    limit: Limit,
    named: Vec<u64>,
    all: Vec<u64>,
    days: Vec<Date>,
}

/// `2, 3, 4`.
fn lines_text(lines: &[u64]) -> String {
    let lines: Vec<String> = lines.iter().map(u64::to_string).collect();
    lines.join(", ")
}

/// [`overfilled_text`] after one pin: `places …` instead of `place …`.
pub(crate) fn singular(text: &str) -> String {
    match text.strip_prefix("place ") {
        Some(rest) => format!("places {rest}"),
        None => text.to_string(),
    }
}

/// Whether `pins` break some hard limit on their own.
fn pins_conflict(inst: &Instance, pins: &[&Pin]) -> bool {
    limits::overfilled(inst, pins.iter().map(|p| (p.officer, p.position)))
}

/// What `n` pins do to `limit` when they overfill it, and what it allows:
/// `place 3 officers in BINUH/advisor; constraint position_seats allows 2`.
pub(crate) fn overfilled_text(inst: &Instance, limit: Limit, n: usize) -> String {
    let day = match limit {
        Limit::Service(_, day) => vec![day],
        _ => Vec::new(),
    };
    overfilled_text_on(inst, limit, n, &day)
}

/// [`overfilled_text`] for a service's limit overfilled the same way on
/// each of `days` (the check days, ascending): `away on 2027-05-01 and
/// 2027-06-01`, or for more than four, `away on 9 check days from
/// 2027-03-01 to 2028-11-01`.
fn overfilled_text_on(inst: &Instance, limit: Limit, n: usize, days: &[Date]) -> String {
    let bound = limit.bound(inst);
    let family = limit.family();
    let officers = if n == 1 {
        "1 officer".to_string()
    } else {
        format!("{n} officers")
    };
    let what = match limit {
        Limit::Officer(o) => format!("place officer {} {n} times", inst.officers[o.0].id),
        Limit::Position(p) => format!("place {officers} in {}", inst.position_label(p)),
        Limit::Service(s, _) => {
            let svc = &inst.services[s.0];
            // A few days by name; more (years of rotations) as a span.
            let when = match days {
                _ if !inst.calendar().dated(inst, s) => String::new(),
                [first, .., last] if days.len() > 4 => {
                    format!(" away on {} check days from {first} to {last}", days.len())
                }
                [.., last] if days.len() > 1 => {
                    let first: Vec<String> =
                        days[..days.len() - 1].iter().map(Date::to_string).collect();
                    format!(" away on {} and {last}", first.join(", "))
                }
                _ => days.iter().map(|d| format!(" away on {d}")).collect(),
            };
            format!("place {officers} of {} ({}){when}", svc.name, svc.id)
        }
        Limit::MissionService(m, s) => format!(
            "place {officers} of {} in {}",
            inst.services[s.0].id, inst.missions[m.0].id
        ),
    };
    // Where a service's bound comes from: officers already away take part
    // of its limit (or "allows 3" contradicts a max_deployed of 4), and an
    // empty max_deployed is derived from its sworn officers.
    let whence = match limit {
        Limit::Service(s, _) => {
            let svc = &inst.services[s.0];
            let max = match svc.release_derived {
                true => format!(
                    "max_deployed {} from the release share of its {} sworn officers",
                    svc.max_deployed, svc.sworn_officers
                ),
                false => format!("max_deployed {}", svc.max_deployed),
            };
            match limit.already_away(inst) {
                Some(away) if away > 0 => format!(" ({max}, {away} already away then)"),
                _ if svc.release_derived => format!(" ({max})"),
                _ => String::new(),
            }
        }
        _ => String::new(),
    };
    format!("{what}; constraint {family} allows {bound}{whence}")
}

/// The limits with more pins than their bound, in [`Limit`] order, each
/// with its pins in file order.
pub(crate) fn overfull(inst: &Instance) -> Vec<(Limit, Vec<&Pin>)> {
    let mut groups: std::collections::BTreeMap<Limit, Vec<&Pin>> = Default::default();
    for pin in &inst.pins {
        for (limit, _) in limits::limits_of(inst, pin.officer, pin.position) {
            let group = groups.entry(limit).or_default();
            // An officer pinned twice is one officer away: only the limit
            // of one position per officer counts both pins.
            let again = group.iter().any(|p| p.officer == pin.officer);
            if !again || matches!(limit, Limit::Officer(_)) {
                group.push(pin);
            }
        }
    }
    groups
        .into_iter()
        .filter(|(limit, pins)| pins.len() > limit.bound(inst) as usize)
        .collect()
}

/// A warning for each skill a position requires that no officer has: a
/// misspelling (`investigaton`) would otherwise only show as everyone
/// failing the skills rule there. Names the officers' skill it is nearest,
/// if one is near.
fn warn_skills_nobody_has(inst: &Instance, sink: &mut Sink) {
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
                .find(|h| super::table::near(skill, h))
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
fn warn_languages_nobody_speaks(inst: &Instance, sink: &mut Sink) {
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
fn warn_away_over_limit(inst: &Instance, sink: &mut Sink) {
    for (s, svc) in inst.services.iter().enumerate() {
        let away = crate::model::limits::away(inst, ServiceIx(s), &[]);
        let already = (away.before > svc.max_deployed).then(|| {
            let when = match away.spans.first() {
                Some(&(from, _, _)) => format!("until {}", from.pred()),
                None => "on every day".to_string(),
            };
            (away.before, when)
        });
        let first = away
            .at_least(svc.max_deployed + 1)
            .next()
            .map(|(from, to, n)| (n, crate::model::limits::span_text(from, to)));
        if let Some((n, when)) = already.or(first) {
            let officers = if n == 1 { "officer" } else { "officers" };
            sink.warnings.push(format!(
                "service {}: {n} {officers} away {when}, more than its max_deployed {}: it can release nobody whose tour covers those days",
                svc.id, svc.max_deployed
            ));
        }
    }
}

impl Loader {
    /// The successor seats of the rotations until `horizon`
    /// ([`Instance::set_rotations`]); a seat whose name `ROLE@DATE` is
    /// already a role of positions.csv is an error on that row.
    fn rotations(&mut self, horizon: Date, overlap_days: u32) {
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
