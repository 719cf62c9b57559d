//! What-if outcomes: the baseline and every scenario solved in parallel (each
//! solve exact, every level proven, or with a gap Quality settled within
//! it), compared with the baseline.

use crate::error::Result;
use crate::format::{num, rounded};
use crate::lang::{num_text, share_text, Lang, Msg};
use crate::model::{limits, Gender, Instance, Pair, Pin};
use crate::rules;
use crate::scenario::{self, Scenario};
use crate::solve::{self, Solution, SolveOptions};
use rayon::prelude::*;

/// One solved scenario (or the baseline).
pub struct ScenarioOutcome {
    /// `baseline` or the scenario's name.
    pub name: String,
    /// The changed instance.
    pub instance: Instance,
    /// Its eligible pairs.
    pub pairs: Vec<Pair>,
    /// The solved plan, or why the scenario is not solved (its eligible
    /// pairs are then not listed).
    pub result: std::result::Result<Solution, NotSolved>,
    /// The baseline's pins the scenario drops, and why (none for the
    /// baseline).
    pub pins_dropped: Vec<(Pin, scenario::PinDropped)>,
    /// Its own phases' wall times (its eligibility, build and solve; the
    /// files are read once for the whole run, so `load` is 0).
    pub timings: crate::io::export::Timings,
}

/// Why a scenario is not solved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotSolved {
    /// Its pins cannot all hold (bad input), and why.
    Pins(String),
    /// An interrupt (`whatif`'s first Ctrl-C) stopped the solving before
    /// this scenario started (never the baseline, which is always solved).
    Interrupted,
}

/// The `status` column of a scenario an interrupt came before.
pub const NOT_STARTED: &str = "not solved: interrupted before it started";

/// The `status` column of a run an interrupt stopped before it was proven.
pub const INTERRUPTED: &str = "interrupted";

impl NotSolved {
    /// The `status` column: `not solved: WHY`.
    pub fn status(&self) -> String {
        match self {
            NotSolved::Pins(why) => format!("not solved: {why}"),
            NotSolved::Interrupted => NOT_STARTED.to_string(),
        }
    }

    /// [`NotSolved::status`] as a person reads it in `lang` (the reasons
    /// pins give are in English).
    pub fn status_text(&self, lang: Lang) -> String {
        match self {
            NotSolved::Pins(_) => self.status(),
            NotSolved::Interrupted => lang.text(Msg::WhatifStatusNotStarted).to_string(),
        }
    }
}

/// Solves the baseline, then every scenario in parallel; results in input
/// order, baseline first. Loading and the baseline's eligibility are
/// shared (a scenario re-checks only what its changes touch), and each
/// scenario's solve starts from the baseline's plan.
pub fn solve_scenarios(
    baseline: &Instance,
    scenarios: &[Scenario],
    options: &SolveOptions,
) -> Result<Vec<ScenarioOutcome>> {
    solve_scenarios_with_progress(baseline, scenarios, options, &|| {})
}

/// [`solve_scenarios`], calling `done` as each solve (the baseline, then
/// each scenario) finishes, from whichever thread solved it. Once
/// `options.cancel` is set, the solves under way end with their best plans
/// (marked [`Solution::interrupted`]) and those not started are not
/// solved ([`NotSolved::Interrupted`]).
pub fn solve_scenarios_with_progress(
    baseline: &Instance,
    scenarios: &[Scenario],
    options: &SolveOptions,
    done: &(dyn Fn() + Sync),
) -> Result<Vec<ScenarioOutcome>> {
    let base = Scenario {
        name: BASELINE.into(),
        changes: Vec::new(),
        lines: Vec::new(),
    };
    let base_pairs = rules::eligible_pairs(baseline);
    // Solved even after an interrupt (then stopped at once, with its
    // first plan): the comparison needs it.
    let first = solve_one(baseline, &base_pairs, &base, options, false)?;
    done();
    // Among a scenario's optimal plans (with a gap, among its plans within
    // the gap), the one closest to the baseline's (the Keep level after
    // Quality): the moves reported are then the scenario's doing, not a
    // different tie-break.
    let mut close = options.clone();
    if let Ok(sol) = &first.result {
        close.keep = Some(solve::Keep {
            pairs: sol.plan.assignments.clone(),
            before_quality: false,
        });
    }
    let rest: Vec<ScenarioOutcome> = scenarios
        .par_iter()
        .map(|s| {
            let outcome = solve_one(baseline, &base_pairs, s, &close, true);
            done();
            outcome
        })
        .collect::<Result<_>>()?;
    Ok(std::iter::once(first).chain(rest).collect())
}

/// Solves scenario `s` of `baseline`; when `may_skip` and the solving was
/// cancelled before it starts, leaves it [`NotSolved::Interrupted`].
fn solve_one(
    baseline: &Instance,
    base_pairs: &[Pair],
    s: &Scenario,
    options: &SolveOptions,
    may_skip: bool,
) -> Result<ScenarioOutcome> {
    let instance = scenario::apply(baseline, s);
    let pins_dropped: Vec<(Pin, scenario::PinDropped)> =
        scenario::dropped_pins(baseline, s, &instance)
            .into_iter()
            .map(|(pin, why)| (pin.clone(), why))
            .collect();
    let cancelled = may_skip && options.cancelled();
    let not_solved = match scenario::pin_problem(&instance, scenario::PinsFrom::Scenario(s)) {
        Some(problem) => Some(NotSolved::Pins(problem)),
        None => cancelled.then_some(NotSolved::Interrupted),
    };
    if let Some(why) = not_solved {
        return Ok(ScenarioOutcome {
            name: s.name.clone(),
            instance,
            pairs: Vec::new(),
            result: Err(why),
            pins_dropped,
            timings: Default::default(),
        });
    }
    let t = std::time::Instant::now();
    let pairs = scenario::eligible_pairs(base_pairs, &instance, s);
    let eligibility = t.elapsed().as_secs_f64();
    // The baseline's plan, its seats named as the scenario numbers them.
    let mut options = options.clone();
    if let Some(keep) = &mut options.keep {
        keep.pairs = keep
            .pairs
            .iter()
            .filter_map(|&(o, p)| scenario::same_position(baseline, &instance, p).map(|q| (o, q)))
            .collect();
    }
    let t = std::time::Instant::now();
    let solution = crate::verify::solve_checked(&instance, pairs.clone(), &options)?;
    // The files are read once for the whole run: no load of its own.
    let timings = crate::io::export::Timings::of_solve(
        0.0,
        eligibility,
        t.elapsed().as_secs_f64(),
        &solution,
    );
    Ok(ScenarioOutcome {
        name: s.name.clone(),
        instance,
        pairs,
        result: Ok(solution),
        pins_dropped,
        timings,
    })
}

/// Officers moved, added and dropped between a plan `a` of the baseline
/// `base` and a plan `b` of its scenario `inst`. Positions are compared by
/// mission and role: a scenario may plan the successor seats again, in
/// another order.
fn differences(
    base: &Instance,
    inst: &Instance,
    a: &Solution,
    b: &Solution,
) -> (usize, usize, usize) {
    let n = inst.officers.len();
    let (pa, pb) = (a.plan.position_of(n), b.plan.position_of(n));
    let name = |i: &Instance, p: crate::model::PositionIx| {
        let pos = &i.positions[p.0];
        (pos.mission, pos.role.clone())
    };
    let mut counts = (0, 0, 0);
    for (x, y) in pa.iter().zip(&pb) {
        match (x, y) {
            (Some(x), Some(y)) if name(base, *x) != name(inst, *y) => counts.0 += 1,
            (None, Some(_)) => counts.1 += 1,
            (Some(_), None) => counts.2 += 1,
            _ => {}
        }
    }
    counts
}

/// One row of the comparison: whatif.csv, the table printed on stdout,
/// `whatif --json` and the report (its table, bar charts and sweep curves)
/// are all written from it.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// `baseline` or the scenario's name.
    pub scenario: String,
    /// What its solve gave.
    pub outcome: Outcome,
}

/// A scenario solved, or why not.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Solved: its levels, seats and the change against the baseline.
    Solved(Measures),
    /// Not solved, and why (its pins cannot all hold, or an interrupt
    /// came before it started).
    NotSolved(NotSolved),
}

/// What a solved scenario's plan achieves.
#[derive(Debug, Clone, PartialEq)]
pub struct Measures {
    /// How the solve ended (`optimal`, `within_gap`, `time_limit` or
    /// `unproven`).
    pub status: crate::solve::LevelStatus,
    /// An interrupt stopped the solve before it proved its plan: the plan
    /// is the best found so far (the `status` column says `interrupted`).
    pub interrupted: bool,
    /// The Fill level (priority-weighted seats).
    pub fill: f64,
    /// The Balance level (officers short of the targets).
    pub balance: f64,
    /// The Quality level (Σ scores and preference points).
    pub quality: f64,
    /// Seats filled.
    pub seats_filled: usize,
    /// Seats asked for.
    pub seats_demand: u32,
    /// Share of women among the officers placed; none when nobody is.
    pub women_share: Option<f64>,
    /// Ids of the services whose every released officer is placed, in
    /// service order.
    pub services_at_capacity: Vec<String>,
    /// The change against the baseline's plan; none when the baseline is
    /// not solved.
    pub against_baseline: Option<AgainstBaseline>,
}

/// How a scenario's plan differs from the baseline's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgainstBaseline {
    /// Seats filled, less the baseline's.
    pub seats: i64,
    /// Officers placed in another position.
    pub moved: usize,
    /// Officers placed now, not in the baseline.
    pub added: usize,
    /// Officers placed in the baseline, not now.
    pub dropped: usize,
}

/// The comparison of every run with the first (the baseline): one row per
/// run, in order.
pub fn compare(outcomes: &[ScenarioOutcome]) -> Vec<Comparison> {
    let baseline = outcomes[0]
        .result
        .as_ref()
        .ok()
        .map(|sol| (&outcomes[0].instance, sol));
    outcomes
        .iter()
        .map(|r| Comparison {
            scenario: r.name.clone(),
            outcome: match &r.result {
                Ok(sol) => Outcome::Solved(measures(&r.instance, sol, baseline)),
                Err(why) => Outcome::NotSolved(why.clone()),
            },
        })
        .collect()
}

fn measures(inst: &Instance, sol: &Solution, baseline: Option<(&Instance, &Solution)>) -> Measures {
    let placed = sol.plan.assignments.len();
    let women = sol
        .plan
        .assignments
        .iter()
        .filter(|a| inst.officers[a.0 .0].gender == Gender::F)
        .count();
    let services_at_capacity = inst
        .services
        .iter()
        .zip(limits::service_use(inst, &sol.plan.assignments))
        .filter(|(_, used)| used.at_capacity())
        .map(|(svc, _)| svc.id.clone())
        .collect();
    let against_baseline = baseline.map(|(base, b)| {
        let (moved, added, dropped) = differences(base, inst, b, sol);
        AgainstBaseline {
            seats: placed as i64 - b.plan.assignments.len() as i64,
            moved,
            added,
            dropped,
        }
    });
    Measures {
        status: sol.status(),
        interrupted: sol.interrupted && !sol.settled(),
        fill: sol.levels.fill,
        balance: sol.levels.balance,
        quality: sol.levels.quality,
        seats_filled: placed,
        seats_demand: inst.positions.iter().map(|p| p.count).sum(),
        women_share: (placed > 0).then(|| women as f64 / placed as f64),
        services_at_capacity,
        against_baseline,
    }
}

/// The baseline's name in whatif.csv and its folder (no scenario may take
/// it).
pub const BASELINE: &str = "baseline";

/// The header of `whatif.csv` (the keys of `whatif --json`).
pub const HEADER: [&str; 13] = [
    "scenario",
    "status",
    "fill",
    "balance",
    "quality",
    "seats_filled",
    "seats_demand",
    "women_share",
    "services_at_capacity",
    "seats_vs_baseline",
    "moved",
    "added",
    "dropped",
];

/// One value of a comparison row, written as a CSV cell or a JSON value.
enum Cell {
    /// Nothing (a scenario not solved, no baseline to compare with).
    Empty,
    /// A name, a status, a list.
    Text(String),
    /// A measured value, written with [`num`].
    Number(f64),
    /// A number of seats or officers.
    Count(usize),
    /// A difference, always signed: `+0`, `+3`, `-2`.
    Change(i64),
}

impl Cell {
    /// As written in whatif.csv, the report's table and the stdout table.
    fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(x) => num(*x),
            Cell::Count(n) => n.to_string(),
            Cell::Change(n) => format!("{n:+}"),
        }
    }

    /// As written by `whatif --json`: numbers as JSON numbers (counts as
    /// whole numbers: `"moved": 7`, not `7.0`), an empty
    /// cell as null. A text that reads as a number in full (a scenario
    /// named `2025`) is written as that number, as it always has been.
    fn json(&self) -> serde_json::Value {
        use serde_json::Value;
        let number = |x: f64| {
            let x = rounded(x);
            if x.is_finite() {
                serde_json::json!(x)
            } else {
                Value::String(num(x))
            }
        };
        match self {
            Cell::Empty => Value::Null,
            Cell::Text(t) if t.is_empty() => Value::Null,
            // A name stays a string, even one that reads as a number.
            Cell::Text(t) => Value::String(t.clone()),
            Cell::Number(x) => number(*x),
            Cell::Count(n) => serde_json::json!(n),
            Cell::Change(n) => serde_json::json!(n),
        }
    }
}

impl Comparison {
    /// The measures, when the scenario is solved.
    pub fn solved(&self) -> Option<&Measures> {
        match &self.outcome {
            Outcome::Solved(m) => Some(m),
            Outcome::NotSolved(_) => None,
        }
    }

    /// The `status` column: the solver's status (`interrupted` for a
    /// solve an interrupt stopped), or `not solved: WHY`.
    pub fn status(&self) -> String {
        match &self.outcome {
            Outcome::Solved(m) if m.interrupted => INTERRUPTED.to_string(),
            Outcome::Solved(m) => m.status.name().to_string(),
            Outcome::NotSolved(why) => why.status(),
        }
    }

    /// The row's values in [`HEADER`] order.
    fn cells(&self) -> [Cell; 13] {
        let name = Cell::Text(self.scenario.clone());
        let status = Cell::Text(self.status());
        let Some(m) = self.solved() else {
            let mut cells: [Cell; 13] = std::array::from_fn(|_| Cell::Empty);
            cells[0] = name;
            cells[1] = status;
            return cells;
        };
        let against =
            |f: fn(&AgainstBaseline) -> Cell| m.against_baseline.as_ref().map_or(Cell::Empty, f);
        [
            name,
            status,
            Cell::Number(m.fill),
            Cell::Number(m.balance),
            Cell::Number(m.quality),
            Cell::Count(m.seats_filled),
            Cell::Count(m.seats_demand as usize),
            m.women_share.map_or(Cell::Empty, Cell::Number),
            Cell::Text(m.services_at_capacity.join(";")),
            against(|a| Cell::Change(a.seats)),
            against(|a| Cell::Count(a.moved)),
            against(|a| Cell::Count(a.added)),
            against(|a| Cell::Count(a.dropped)),
        ]
    }

    /// The row of whatif.csv, in [`HEADER`] order.
    pub fn csv_cells(&self) -> Vec<String> {
        self.cells().iter().map(Cell::text).collect()
    }

    /// The row as the report's table shows it: the baseline named in the
    /// reader's language, levels as the summary writes them (`9 574` in
    /// French), the women's share as a percentage.
    pub fn readable_cells(&self, lang: Lang) -> Vec<String> {
        let mut cells: Vec<String> = HEADER
            .iter()
            .zip(self.cells())
            .map(|(&column, cell)| match cell {
                Cell::Number(w) if column == "women_share" => share_text(rounded(w), lang),
                Cell::Number(x) => num_text(x, lang),
                cell => cell.text(),
            })
            .collect();
        cells[0] = self.scenario_text(lang);
        cells
    }

    /// The scenario's name; the baseline's in the reader's language.
    pub fn scenario_text(&self, lang: Lang) -> String {
        if self.scenario == BASELINE {
            lang.text(Msg::WhatifBaseline).to_string()
        } else {
            self.scenario.clone()
        }
    }

    /// The object `whatif --json` prints for the row, keyed by [`HEADER`].
    pub fn json(&self) -> serde_json::Map<String, serde_json::Value> {
        HEADER
            .iter()
            .zip(self.cells())
            .map(|(k, cell)| (k.to_string(), cell.json()))
            .collect()
    }
}

/// A readable comparison table for stdout.
pub fn table(rows: &[Comparison], lang: Lang) -> String {
    let word = |m: Msg| lang.text(m);
    // The names' column as wide as the longest name (a sweep's names run
    // long), so that the numbers stay in their columns.
    let w = rows
        .iter()
        .map(|r| r.scenario_text(lang).chars().count())
        .chain([18])
        .max()
        .unwrap_or(18);
    let mut out = format!(
        "  {:<w$} {:>7} {:>8} {:>10} {:>8} {:>6} {:>8} {:>6} {:>6} {:>8}\n",
        word(Msg::WhatifScenario),
        word(Msg::WhatifFill),
        word(Msg::WhatifBalance),
        word(Msg::WhatifQuality),
        word(Msg::WhatifSeats),
        word(Msg::WhatifWomen),
        word(Msg::WhatifVsBase),
        word(Msg::WhatifMoved),
        word(Msg::WhatifAdded),
        word(Msg::WhatifDropped),
    );
    for r in rows {
        let m = match &r.outcome {
            Outcome::Solved(m) => m,
            Outcome::NotSolved(why) => {
                out.push_str(&format!(
                    "  {:<w$}  {}\n",
                    r.scenario_text(lang),
                    why.status_text(lang)
                ));
                continue;
            }
        };
        let against = |f: fn(&AgainstBaseline) -> Cell| {
            m.against_baseline.as_ref().map_or(Cell::Empty, f).text()
        };
        out.push_str(&format!(
            "  {:<w$} {:>7} {:>8} {:>10} {:>8} {:>6} {:>8} {:>6} {:>6} {:>8}\n",
            r.scenario_text(lang),
            num_text(m.fill, lang),
            num_text(m.balance, lang),
            num_text(m.quality, lang),
            format!("{}/{}", m.seats_filled, m.seats_demand),
            m.women_share
                .map(|w| share_text(rounded(w), lang))
                .unwrap_or_default(),
            against(|a| Cell::Change(a.seats)),
            against(|a| Cell::Count(a.moved)),
            against(|a| Cell::Count(a.added)),
            against(|a| Cell::Count(a.dropped)),
        ));
    }
    out
}

/// Writes a folder per solved scenario (the baseline's exactly as `match`
/// writes it) and `whatif.csv`, the comparison, into `out`; the folders
/// in parallel. Each `summary.json` records the scenario, the gap asked
/// for (`gap_percent`, `--gap`) and the run's `recorded` options (those
/// `verify` reads back: `--release-share`, `--cooldown-months`, and the
/// scenario's own rotations horizon and overlap, with `time_limit`).
#[allow(clippy::too_many_arguments)]
pub fn export(
    out: &std::path::Path,
    outcomes: &[ScenarioOutcome],
    rows: &[Comparison],
    files: &[crate::io::InputFile],
    csv: crate::io::export::CsvStyle,
    also: Option<(String, Vec<u8>)>,
    gap_percent: Option<f64>,
    recorded: &serde_json::Map<String, serde_json::Value>,
) -> Result<()> {
    use crate::io::export;
    let also_name = also.as_ref().map(|(name, _)| name.as_str());
    export::check_whatif_folder(out, also_name.as_slice())?;
    let table = csv.apply(export::csv_bytes(
        &HEADER,
        rows.iter().map(|r| r.csv_cells()),
    )?)?;
    // The whole folder is replaced at once: no scenario folder of an
    // earlier run is left beside this run's whatif.csv.
    export::replace_folder_by(out, |tmp| {
        outcomes.par_iter().try_for_each(|r| -> Result<()> {
            let Ok(solution) = &r.result else {
                return Ok(());
            };
            let mut options = serde_json::Map::new();
            options.insert("scenario".into(), r.name.clone().into());
            options.extend(recorded.clone());
            // A scenario may plan its rotations to another horizon.
            if let Some(rotations) = &r.instance.rotations {
                options.insert("rotations_until".into(), rotations.until.to_string().into());
                options.insert("overlap_days".into(), rotations.overlap_days.into());
            }
            options.insert("gap_percent".into(), serde_json::json!(gap_percent));
            options.insert("solver_threads".into(), 1.into());
            let info = export::RunInfo {
                files,
                options: serde_json::Value::Object(options),
                timings: r.timings,
                capacity_values: None,
                previous: None,
                csv,
                passed_over_pairs: false,
                alternates: export::DEFAULT_ALTERNATES,
                alternate_costs: None,
                workbook: false,
                pins_dropped: Some(pins_dropped_json(&outcomes[0].instance, r)),
            };
            // Each file named into the scenario's folder, created with it.
            let files: Vec<(String, Vec<u8>)> =
                export::render(&r.instance, solution, &r.pairs, &info)?
                    .into_iter()
                    .map(|(file, bytes)| (format!("{}/{file}", r.name), bytes))
                    .collect();
            export::write_files(tmp, &files)
        })?;
        export::write_files(tmp, &[("whatif.csv".to_string(), table)])?;
        // A file of this run that lies in the folder (the report).
        export::write_files(tmp, also.as_slice())
    })
}

/// The `pins_dropped` of a scenario folder's summary.json: each pin of
/// the files the scenario drops, named as in the baseline `base`, and
/// why (in English, as the files for machines are).
fn pins_dropped_json(base: &Instance, r: &ScenarioOutcome) -> serde_json::Value {
    r.pins_dropped
        .iter()
        .map(|(pin, why)| {
            serde_json::json!({
                "officer_id": base.officers[pin.officer.0].id,
                "position": base.position_label(pin.position),
                "pins_line": pin.line,
                "why": why.text(Lang::En),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solved(name: &str, against_baseline: Option<AgainstBaseline>) -> Comparison {
        Comparison {
            scenario: name.into(),
            outcome: Outcome::Solved(Measures {
                status: crate::solve::LevelStatus::Optimal,
                interrupted: false,
                fill: 111.0,
                balance: 0.5,
                quality: 8666.25,
                seats_filled: 92,
                seats_demand: 94,
                women_share: Some(45.0 / 92.0),
                services_at_capacity: vec!["HRP".into(), "SPS".into()],
                against_baseline,
            }),
        }
    }

    /// A run an interrupt stopped says `interrupted`, one it came before
    /// says so, in whatif.csv (English, for machines) and in the table
    /// (the reader's language).
    #[test]
    fn interrupted_runs_say_so() {
        let mut stopped = solved("fewer", None);
        if let Outcome::Solved(m) = &mut stopped.outcome {
            m.status = crate::solve::LevelStatus::TimeLimit { gap: 0.01 };
            m.interrupted = true;
        }
        let later = Comparison {
            scenario: "more".into(),
            outcome: Outcome::NotSolved(NotSolved::Interrupted),
        };
        assert_eq!(stopped.status(), "interrupted");
        assert_eq!(later.status(), "not solved: interrupted before it started");
        assert_eq!(later.status(), NOT_STARTED);
        let rows = [stopped, later];
        assert!(table(&rows, Lang::En)
            .contains("  more                not solved: interrupted before it started\n"));
        assert!(table(&rows, Lang::Fr)
            .contains("  more                non résolu\u{a0}: interrompu avant son début\n"));
    }

    #[test]
    fn one_row_writes_every_output() {
        let rows = [
            solved(
                "women40",
                Some(AgainstBaseline {
                    seats: -2,
                    moved: 7,
                    added: 11,
                    dropped: 13,
                }),
            ),
            solved("2025", None),
            Comparison {
                scenario: "pins".into(),
                outcome: Outcome::NotSolved(NotSolved::Pins("the pins cannot all hold".into())),
            },
        ];
        let csv: Vec<String> = rows.iter().map(|r| r.csv_cells().join(",")).collect();
        assert_eq!(
            csv,
            [
                "women40,optimal,111,0.5,8666.25,92,94,0.4891,HRP;SPS,-2,7,11,13",
                "2025,optimal,111,0.5,8666.25,92,94,0.4891,HRP;SPS,,,,",
                "pins,not solved: the pins cannot all hold,,,,,,,,,,,",
            ]
        );
        let text = table(&rows, Lang::En);
        let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
        assert_eq!(
            lines,
            [
                "  scenario              fill  balance    quality    seats  women  vs base  moved  added  dropped",
                "  women40                111      0.5    8666.25    92/94    49%       -2      7     11       13",
                "  2025                   111      0.5    8666.25    92/94    49%",
                "  pins                not solved: the pins cannot all hold",
            ]
        );
        let json = serde_json::Value::Array(
            rows.iter()
                .map(|r| serde_json::Value::Object(r.json()))
                .collect(),
        );
        assert_eq!(
            json.to_string(),
            r#"[{"scenario":"women40","status":"optimal","fill":111.0,"balance":0.5,"quality":8666.25,"seats_filled":92,"seats_demand":94,"women_share":0.4891,"services_at_capacity":"HRP;SPS","seats_vs_baseline":-2,"moved":7,"added":11,"dropped":13},{"scenario":"2025","status":"optimal","fill":111.0,"balance":0.5,"quality":8666.25,"seats_filled":92,"seats_demand":94,"women_share":0.4891,"services_at_capacity":"HRP;SPS","seats_vs_baseline":null,"moved":null,"added":null,"dropped":null},{"scenario":"pins","status":"not solved: the pins cannot all hold","fill":null,"balance":null,"quality":null,"seats_filled":null,"seats_demand":null,"women_share":null,"services_at_capacity":null,"seats_vs_baseline":null,"moved":null,"added":null,"dropped":null}]"#
        );
    }
}
