//! A board session: the plan the meeting started from, the decisions the
//! board accepted (each re-solved exactly, with the fewest moves from the
//! plan before it), the one change being tried, undo and redo, and saving.
//!
//! Everything here is synchronous and holds no lock; the server runs the
//! solves on a blocking thread and keeps a [`Session`] behind a mutex.

use crate::error::Result;
use crate::explain::{Cost, Move};
use crate::io::export::{self, RunInfo};
use crate::io::{InputFile, InputPaths, Loaded};
use crate::lang::{Lang, Msg};
use crate::model::{Instance, MissionIx, OfficerIx, Pair, PositionIx, ServiceIx};
use crate::scenario::{self, Amount, Change, Scenario};
use crate::solve::{Keep, Solution, SolveOptions};
use std::path::PathBuf;

/// One decision of the board: a change to the data, and why.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Pin an officer to a position.
    Pin(OfficerIx, PositionIx),
    /// Keep an officer out of a mission.
    Exclude(OfficerIx, MissionIx),
    /// Take an officer out of the selection.
    Withdraw(OfficerIx),
    /// A position's number of seats.
    Count(PositionIx, u32),
    /// A service's most officers away at once.
    Limit(ServiceIx, u32),
}

impl Decision {
    /// The change it makes to the data (as a scenario file's row does).
    pub fn change(&self) -> Change {
        match *self {
            Decision::Pin(o, p) => Change::Pin(o, p),
            Decision::Exclude(o, m) => Change::Exclude(o, m),
            Decision::Withdraw(o) => Change::Withdraw(o),
            Decision::Count(p, n) => Change::Count(vec![p], Amount::Set(n)),
            Decision::Limit(s, n) => Change::MaxDeployed(vec![s], Amount::Set(n)),
        }
    }

    /// The decision in words: `pin CPA-0001 to UNMISS/investigator`.
    pub fn text(&self, inst: &Instance, lang: Lang) -> String {
        let officer = |o: OfficerIx| inst.officers[o.0].id.clone();
        match *self {
            Decision::Pin(o, p) => lang.fill(
                Msg::DecisionPin,
                &[
                    ("officer", &officer(o)),
                    ("position", &inst.position_label(p)),
                ],
            ),
            Decision::Exclude(o, m) => lang.fill(
                Msg::DecisionExclude,
                &[
                    ("officer", &officer(o)),
                    ("mission", &inst.missions[m.0].id),
                ],
            ),
            Decision::Withdraw(o) => lang.fill(Msg::DecisionWithdraw, &[("officer", &officer(o))]),
            Decision::Count(p, n) => lang.fill(
                Msg::DecisionCount,
                &[("position", &inst.position_label(p)), ("n", &n)],
            ),
            Decision::Limit(s, n) => lang.fill(
                Msg::DecisionLimit,
                &[("service", &inst.services[s.0].id), ("n", &n)],
            ),
        }
    }

    /// The row of a scenario file (`target,id,field,value`).
    fn scenario_row(&self, inst: &Instance) -> [String; 4] {
        let officer = |o: OfficerIx| inst.officers[o.0].id.clone();
        let s = |x: &str| x.to_string();
        match *self {
            Decision::Pin(o, p) => [s("officer"), officer(o), s("pin"), inst.position_label(p)],
            Decision::Exclude(o, m) => [
                s("officer"),
                officer(o),
                s("exclude"),
                inst.missions[m.0].id.clone(),
            ],
            Decision::Withdraw(o) => [s("officer"), officer(o), s("withdraw"), String::new()],
            Decision::Count(p, n) => [
                s("position"),
                inst.position_label(p),
                s("count"),
                n.to_string(),
            ],
            Decision::Limit(sv, n) => [
                s("service"),
                inst.services[sv.0].id.clone(),
                s("max_deployed"),
                n.to_string(),
            ],
        }
    }
}

/// A decision with the board's reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Taken {
    /// The decision.
    pub decision: Decision,
    /// Why (typed in by the board; may be empty).
    pub reason: String,
}

/// The data with some decisions applied, and its exact plan.
#[derive(Debug, Clone)]
pub struct Solved {
    /// The changed data.
    pub instance: Instance,
    /// Its eligible pairs.
    pub pairs: Vec<Pair>,
    /// Its plan, proven at every level (or stopped, as `match` reports it).
    pub solution: Solution,
}

/// A change being tried: its plan, what moved and what it costs against
/// the plan in force.
#[derive(Debug, Clone)]
pub struct Proposal {
    /// The decision tried.
    pub taken: Taken,
    /// The plan with it.
    pub solved: Solved,
    /// Who moves, against the plan in force.
    pub moves: Vec<Move>,
    /// What it costs at each level (negative: gains).
    pub cost: Cost,
}

/// Where a session's files are and how its runs are made.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The input files.
    pub paths: InputPaths,
    /// Where `save` writes pins.csv and the scenario file.
    pub data_dir: PathBuf,
    /// Where `save` writes the outputs, as `match --out` does.
    pub out: PathBuf,
    /// The CSV style of the outputs.
    pub csv: export::CsvStyle,
    /// Seconds each solve may take (the data's plan, every decision tried,
    /// every explanation's re-solves), if limited; a solve it stops keeps
    /// its best plan and says so.
    pub time_limit: Option<f64>,
    /// The options the data was loaded with, recorded in a Save's
    /// summary.json as `match` records them.
    pub load: crate::io::LoadOptions,
}

/// One board session.
#[derive(Debug)]
pub struct Session {
    /// Files and options.
    pub setup: Setup,
    /// The data as loaded.
    pub base: Instance,
    /// Its input files with their SHA-256.
    pub files: Vec<InputFile>,
    base_pairs: Vec<Pair>,
    /// The plan the meeting started from (the data's `match`).
    pub start: Solved,
    /// The decisions accepted, oldest first, each with the plan it gave.
    pub accepted: Vec<(Taken, Solved)>,
    /// Decisions undone, most recent last, ready to be redone.
    pub undone: Vec<(Taken, Solved)>,
    /// Counts every accept, undo and redo: the plan page's Undo and Redo
    /// carry it, so that a stale page or a second click acts on nothing.
    pub version: u64,
    /// The decisions as last saved (none before the first Save: the
    /// data's own plan needs no saving).
    saved: Vec<Taken>,
}

impl Session {
    /// Opens a session on loaded data: solves it as `match` does.
    pub fn open(setup: Setup, loaded: Loaded) -> Result<Session> {
        let base = loaded.instance;
        let base_pairs = crate::rules::eligible_pairs(&base);
        let options = SolveOptions {
            time_limit: setup.time_limit,
            ..SolveOptions::polished()
        };
        let solution = crate::verify::solve_checked(&base, base_pairs.clone(), &options)?;
        let start = Solved {
            instance: base.clone(),
            pairs: base_pairs.clone(),
            solution,
        };
        Ok(Session {
            setup,
            base,
            files: loaded.files,
            base_pairs,
            start,
            accepted: Vec::new(),
            undone: Vec::new(),
            version: 0,
            saved: Vec::new(),
        })
    }

    /// The plan in force: the last accepted decision's, else the start.
    pub fn current(&self) -> &Solved {
        self.accepted.last().map_or(&self.start, |(_, s)| s)
    }

    /// What solving `taken` on top of the accepted decisions needs: the
    /// work can then run without the session.
    pub fn trial(&self, taken: Taken) -> Trial {
        let mut decisions: Vec<Taken> = self.accepted.iter().map(|(t, _)| t.clone()).collect();
        decisions.push(taken);
        Trial {
            base: self.base.clone(),
            base_pairs: self.base_pairs.clone(),
            before: self.current().clone(),
            decisions,
            time_limit: self.setup.time_limit,
        }
    }

    /// Accepts a proposal: its plan is now in force; the redo list empties.
    pub fn accept(&mut self, proposal: Proposal) {
        self.accepted.push((proposal.taken, proposal.solved));
        self.undone.clear();
        self.changed();
    }

    /// Undoes the last accepted decision (its plan is kept for redo).
    pub fn undo(&mut self) -> bool {
        match self.accepted.pop() {
            Some(last) => {
                self.undone.push(last);
                self.changed();
                true
            }
            None => false,
        }
    }

    /// Redoes the last undone decision, with the plan it had.
    pub fn redo(&mut self) -> bool {
        match self.undone.pop() {
            Some(next) => {
                self.accepted.push(next);
                self.changed();
                true
            }
            None => false,
        }
    }

    /// Whether the decisions in force differ from those last saved.
    pub fn unsaved(&self) -> bool {
        self.accepted.iter().map(|(t, _)| t).ne(self.saved.iter())
    }

    /// Notes that the decisions in force were just saved.
    pub fn mark_saved(&mut self) {
        self.saved = self.accepted.iter().map(|(t, _)| t.clone()).collect();
        crate::interrupt::note_unsaved(false);
    }

    /// After an accept, undo or redo: a new version, and the interrupt
    /// handler told whether decisions wait to be saved.
    fn changed(&mut self) {
        self.version += 1;
        crate::interrupt::note_unsaved(self.unsaved());
    }

    /// The pins of the data and of the accepted decisions, as pins.csv.
    pub fn pins_csv(&self) -> Result<Vec<u8>> {
        let inst = &self.current().instance;
        let rows = inst.pins.iter().map(|pin| {
            let pos = &inst.positions[pin.position.0];
            vec![
                inst.officers[pin.officer.0].id.clone(),
                inst.missions[pos.mission.0].id.clone(),
                pos.role.clone(),
                pin.reason.clone(),
            ]
        });
        export::csv_bytes(&["officer_id", "mission_id", "role", "reason"], rows)
    }

    /// The accepted decisions as a scenario file named `session` (for
    /// `whatif`), with the reasons in a last column.
    pub fn scenario_csv(&self) -> Result<Vec<u8>> {
        let rows = self.accepted.iter().map(|(t, _)| {
            let mut row = vec!["session".to_string()];
            row.extend(t.decision.scenario_row(&self.base));
            row.push(t.reason.clone());
            row
        });
        export::csv_bytes(
            &["scenario", "target", "id", "field", "value", "reason"],
            rows,
        )
    }

    /// Saves the session: pins.csv and session.csv in the data folder, and
    /// the outputs of the plan in force in the output folder exactly as
    /// `match --previous` writes them against the plan the meeting started
    /// from (changes.csv lists what the decisions moved). Every file is
    /// written atomically. Returns the files written.
    pub fn save(&self) -> Result<Vec<PathBuf>> {
        let (pins, scenario) = self.save_paths()?;
        let current = self.current();
        let (pins_bytes, scenario_bytes) = (self.pins_csv()?, self.scenario_csv()?);
        // The audit trail names the pins.csv this Save writes, as a match
        // on the saved data would.
        let mut files = self.files.clone();
        let written = crate::io::InputFile {
            path: pins.display().to_string(),
            sha256: crate::io::table::sha256_hex(&pins_bytes),
        };
        match files.iter_mut().find(|f| f.path == written.path) {
            Some(file) => *file = written,
            None => files.push(written),
        }
        let info = RunInfo {
            files: &files,
            options: {
                let mut options = self.setup.load.recorded();
                options.insert("session".into(), true.into());
                options.insert("decisions".into(), self.accepted.len().into());
                serde_json::Value::Object(options)
            },
            timings: export::Timings::default(),
            capacity_values: None,
            previous: Some(export::Previous {
                pairs: &self.start.solution.plan.assignments,
                gone: &[],
            }),
            csv: self.setup.csv,
            passed_over_pairs: false,
            alternates: 5,
            alternate_costs: None,
            workbook: true,
            pins_dropped: None,
        };
        // Everything rendered and the output folder checked first, the data
        // files written beside their places: a Save refused, or one that
        // cannot write, changes nothing. Then the outputs, then the data
        // files renamed into place.
        let files = export::render(&current.instance, &current.solution, &current.pairs, &info)?;
        export::check_output_folder(&self.setup.out, &[])?;
        let staged_pins = export::stage_file(&pins, &pins_bytes)?;
        let staged_scenario = export::stage_file(&scenario, &scenario_bytes)?;
        export::replace_folder(&self.setup.out, &files)?;
        staged_pins.commit()?;
        staged_scenario.commit()?;
        Ok(vec![pins, scenario, self.setup.out.clone()])
    }

    /// Where Save writes pins.csv (the file the session read, `--pins`,
    /// else the data folder's) and session.csv (beside it); refused for a
    /// pins file inside a workbook.
    pub fn save_paths(&self) -> Result<(PathBuf, PathBuf)> {
        let pins = match &self.setup.paths.pins {
            Some(p) if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) => p.clone(),
            Some(p) => return Err(not_csv(p)),
            None if self.setup.data_dir.is_dir() => self.setup.data_dir.join("pins.csv"),
            None => return Err(not_csv(&self.setup.data_dir)),
        };
        let scenario = pins.with_file_name("session.csv");
        Ok((pins, scenario))
    }
}

/// Save writes CSV files: a workbook's pins sheet is not rewritten.
fn not_csv(path: &std::path::Path) -> crate::Error {
    crate::Error::Usage(format!(
        "Save writes pins.csv, and the pins are read from {} (a workbook): give --pins FILE.csv",
        path.display()
    ))
}

/// A decision tried on top of the accepted ones, ready to solve.
#[derive(Debug, Clone)]
pub struct Trial {
    base: Instance,
    base_pairs: Vec<Pair>,
    before: Solved,
    decisions: Vec<Taken>,
    /// The session's time limit per solve.
    time_limit: Option<f64>,
}

impl Trial {
    /// Solves it exactly (unless the session's time limit stops it, which
    /// its status then says): the accepted decisions and the new one
    /// applied to the data, every level proven, and among the optima the plan with
    /// the fewest moves from the plan in force (the Keep level, as `match
    /// --previous`). `Err` with the reason when the decisions contradict
    /// each other (two pins on one seat, a pin past a limit).
    /// The session's time limit, if any, applies on top of `options`.
    pub fn solve(self, options: &SolveOptions) -> Result<std::result::Result<Proposal, String>> {
        let time_limit = match (self.time_limit, options.time_limit) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let options = &SolveOptions {
            time_limit,
            ..options.clone()
        };
        let scenario = Scenario {
            name: "session".into(),
            changes: self.decisions.iter().map(|t| t.decision.change()).collect(),
            lines: vec![0; self.decisions.len()],
        };
        let mut instance = scenario::apply(&self.base, &scenario);
        for t in &self.decisions {
            if let Decision::Pin(o, p) = t.decision {
                if let Some(pin) = instance
                    .pins
                    .iter_mut()
                    .find(|pin| pin.officer == o && pin.position == p)
                {
                    pin.reason = t.reason.clone();
                }
            }
        }
        if let Some(problem) = scenario::pin_problem(&instance, scenario::PinsFrom::Session) {
            return Ok(Err(problem));
        }
        let pairs = scenario::eligible_pairs(&self.base_pairs, &instance, &scenario);
        let mut options = options.clone();
        options.keep = Some(Keep {
            pairs: self.before.solution.plan.assignments.clone(),
            before_quality: true,
        });
        let solution = crate::verify::solve_checked(&instance, pairs.clone(), &options)?;
        let moves = moves(&instance, &self.before.solution, &solution);
        let cost = cost(&self.before.solution, &solution);
        let taken = self.decisions.last().cloned().expect("a decision is tried");
        Ok(Ok(Proposal {
            taken,
            solved: Solved {
                instance,
                pairs,
                solution,
            },
            moves,
            cost,
        }))
    }
}

/// Who is placed elsewhere in `after` than in `before`, by officer.
fn moves(inst: &Instance, before: &Solution, after: &Solution) -> Vec<Move> {
    let n = inst.officers.len();
    let (a, b) = (before.plan.position_of(n), after.plan.position_of(n));
    (0..n)
        .filter(|&o| a[o] != b[o])
        .map(|o| Move {
            officer: OfficerIx(o),
            from: a[o],
            to: b[o],
        })
        .collect()
}

/// What `after` costs against `before`, level by level.
fn cost(before: &Solution, after: &Solution) -> Cost {
    Cost {
        seats: before.plan.assignments.len() as i64 - after.plan.assignments.len() as i64,
        fill: before.levels.fill - after.levels.fill,
        shortfall: after.levels.balance - before.levels.balance,
        quality: before.levels.quality - after.levels.quality,
    }
}
