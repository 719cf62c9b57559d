//! The commands of the binary, one module each, and what they share:
//! loading with warnings, the spinner's progress, exit codes, the plan a
//! `--plan` flag names and the options its run recorded.

mod answers;
mod check;
mod letters;
mod matching;
mod serve;
mod synthetic;
mod whatif;

pub(crate) use answers::{cmd_explain, cmd_recommend};
pub(crate) use check::{cmd_validate, cmd_verify};
pub(crate) use letters::cmd_letters;
pub(crate) use matching::cmd_match;
pub(crate) use serve::cmd_serve;
pub(crate) use synthetic::{cmd_completions, cmd_generate};
pub(crate) use whatif::cmd_whatif;

use crate::cli::DataArgs;
use crate::term;
use missionmatch::io::{self, export, LoadOptions, Loaded};
use missionmatch::lang::Lang;
use missionmatch::model::Instance;
use missionmatch::solve::SolveOptions;
use missionmatch::{pipeline, report, rules, verify, Error};
use std::process::ExitCode;

type CmdResult = anyhow::Result<ExitCode>;

/// Exit code 3: the plan is written (or the answer printed) but not every
/// level of every solve behind it is proven optimal.
const NOT_PROVEN: u8 = 3;

/// The command line as given, for audit trails.
fn command_line() -> String {
    // `args_os`: an argument that is not UTF-8 (a path) must not panic.
    std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn set_threads(args: &DataArgs) {
    if let Some(n) = args.threads {
        // Only fails if already set, which cannot happen this early.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(n))
            .build_global();
    }
}

/// Reads a plan CSV, printing its warnings unless `quiet`, as the input
/// files' are; bad input becomes [`Error::Input`].
fn read_plan(
    inst: &missionmatch::model::Instance,
    path: &std::path::Path,
    quiet: bool,
) -> Result<missionmatch::plan::Plan, Error> {
    let (plan, warnings) = io::plan_csv::read_plan(inst, path).map_err(Error::Input)?;
    if !quiet {
        for w in &warnings {
            term::warning(w);
        }
    }
    Ok(plan)
}

/// A folder holding none of the four files but a workbook (one workbook
/// for everything, given as the folder): where to point `--data`, said
/// once, not as one "file not found" per file.
fn workbook_meant(data: &std::path::Path, paths: &io::InputPaths) -> Option<String> {
    let required = [
        &paths.services,
        &paths.missions,
        &paths.positions,
        &paths.officers,
    ];
    if !data.is_dir() || required.iter().any(|p| p.exists()) {
        return None;
    }
    let mut books: Vec<String> = std::fs::read_dir(data)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| {
            std::path::Path::new(name)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
                && !name.starts_with("~$")
        })
        .collect();
    books.sort();
    let first = books.first()?;
    Some(format!(
        "{} holds no services.csv, missions.csv, positions.csv or officers.csv, but the workbook{} {}: for one workbook holding every table, give --data {}",
        data.display(),
        if books.len() == 1 { "" } else { "s" },
        books.join(", "),
        data.join(first).display()
    ))
}

/// Loads, printing warnings; bad input becomes [`Error::Input`].
fn load(args: &DataArgs) -> anyhow::Result<Loaded> {
    // A --data that is neither a folder nor a workbook (a file, a pipe):
    // said once, not as one "Not a directory" per input file.
    let data = &args.data;
    let workbook = data
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if data.exists() && !data.is_dir() && !workbook {
        return Err(Error::Usage(format!(
            "--data {} is neither a folder nor an .xlsx workbook: give the folder holding services.csv, missions.csv, positions.csv and officers.csv",
            data.display()
        ))
        .into());
    }
    // No such folder (often: run from another folder than the data's),
    // when a required file is to be read from it: said once, not as one
    // "file not found" per input file.
    let from_folder = [
        &args.services,
        &args.missions,
        &args.positions,
        &args.officers,
    ]
    .iter()
    .any(|given| given.is_none());
    if !data.exists() && !workbook && from_folder {
        let here = match std::env::current_dir() {
            Ok(dir) if data.is_relative() => format!(" in {}", dir.display()),
            _ => String::new(),
        };
        return Err(Error::Usage(format!(
            "no folder {}{here}: give --data the folder holding services.csv, missions.csv, positions.csv and officers.csv",
            data.display()
        ))
        .into());
    }
    let paths = args.paths();
    if let Some(message) = workbook_meant(data, &paths) {
        return Err(Error::Usage(message).into());
    }
    match io::load(&paths, &args.load_options()) {
        Ok(loaded) => {
            if !args.quiet {
                for w in &loaded.warnings {
                    term::warning(w);
                }
            }
            Ok(loaded)
        }
        Err((errors, warnings)) => {
            if !args.quiet {
                for w in &warnings {
                    term::warning(w);
                }
            }
            Err(Error::Input(errors).into())
        }
    }
}

/// 0 when the plan was proven optimal (or within the gap asked for) and
/// every other solve behind the output (`others_proven`) optimal; else 3,
/// with a warning saying how the plan's solve ended when it is the one not
/// settled.
fn exit_code(solution: &missionmatch::solve::Solution, others_proven: bool) -> ExitCode {
    if !solution.settled() {
        term::warning(&report::status_text(solution));
    }
    if solution.settled() && others_proven {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(NOT_PROVEN)
    }
}

/// Shows on `spinner` each level as it starts and, while a level's branch
/// and bound runs (minutes on a scarce pool), how far its best plan is
/// from the bound, and that the first Ctrl-C stops the solve with its
/// best plan (every command that shows it holds a `SoftStop`).
fn show_progress(spinner: &indicatif::ProgressBar, options: &mut SolveOptions) {
    use missionmatch::solve::{Progress, Search};
    let tell = spinner.clone();
    options.progress = Some(Progress(std::sync::Arc::new(move |level| {
        tell.set_message(format!("solving the {} level", level.name()))
    })));
    let tell = spinner.clone();
    options.search = Some(Search(std::sync::Arc::new(move |searching| {
        let line = term::searching(searching);
        tell.set_message(format!(
            "{line} (Ctrl-C: stop and keep the best plan found)"
        ))
    })));
}

/// Loads and solves without writing outputs (for explain, recommend and
/// letters). Once loaded, the first Ctrl-C sets `cancel`, which stops the
/// solve, and says `said`; the guard returned keeps it so until dropped
/// (the caller's re-solves may share `cancel`). The spinner is left
/// running with its last message for the caller's re-solves.
fn solved(
    data: &DataArgs,
    time_limit: Option<f64>,
    cancel: &missionmatch::solve::Cancel,
    said: &'static str,
) -> anyhow::Result<(
    pipeline::Matched,
    indicatif::ProgressBar,
    missionmatch::interrupt::SoftStop,
)> {
    set_threads(data);
    let spinner = term::spinner(data.quiet, "loading the input files");
    let loaded = load(data)?;
    // Polished when stopped, as `match` polishes the plan it writes.
    let mut options = SolveOptions {
        verbose: data.verbose,
        time_limit,
        cancel: Some(cancel.clone()),
        ..SolveOptions::polished()
    };
    show_progress(&spinner, &mut options);
    let soft_stop = missionmatch::interrupt::SoftStop::hold(cancel, said);
    let matched = pipeline::match_loaded(loaded, 0.0, &options)?;
    spinner.set_message(RESOLVING);
    Ok((matched, spinner, soft_stop))
}

/// How many rules or limits a plan given by `--plan` breaks, checked as
/// `verify` checks it, and the first; `None` when it breaks nothing.
fn plan_breaks(
    inst: &Instance,
    plan: &missionmatch::plan::Plan,
    lang: Lang,
) -> Option<(usize, String)> {
    let broken = verify::verify_in(inst, plan, lang);
    let first = broken.first()?.to_string();
    Some((broken.len(), first))
}

/// Loads the data and reads a plan file as the plan to explain.
fn given_plan(
    data: &DataArgs,
    path: &std::path::Path,
    given: &dyn Fn(&str) -> bool,
) -> anyhow::Result<(pipeline::Matched, indicatif::ProgressBar)> {
    let data = &options_of_the_plan(data, path, given, PlanRead::Explained);
    set_threads(data);
    let spinner = term::spinner(data.quiet, "loading the input files");
    let loaded = load(data)?;
    let inst = &loaded.instance;
    let plan = read_plan(inst, path, data.quiet)?;
    let pairs = rules::eligible_pairs(inst);
    let solution = missionmatch::solve::Solution::of_plan(inst, plan, pairs.len());
    spinner.set_message(RESOLVING);
    let matched = pipeline::Matched {
        loaded,
        pairs,
        solution,
        timings: export::Timings::default(),
    };
    Ok((matched, spinner))
}

/// What the spinner says while explain and recommend re-solve.
const RESOLVING: &str = "re-solving with each decision forced";

/// A progress callback for re-solves with a decision forced: the spinner
/// says `what` and counts them.
fn resolves_progress(
    spinner: &indicatif::ProgressBar,
    what: &'static str,
) -> impl Fn(usize, usize) + Sync {
    let spinner = spinner.clone();
    move |done, total| spinner.set_message(format!("{what}: {done} of {total} done"))
}

/// The summary.json beside a plan (its run's record) and its contents,
/// if it is there and reads as JSON.
fn summary_beside(plan: &std::path::Path) -> (std::path::PathBuf, Option<serde_json::Value>) {
    let summary = plan
        .parent()
        .unwrap_or(std::path::Path::new(""))
        .join("summary.json");
    let value = std::fs::read(&summary)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok());
    (summary, value)
}

/// When the summary.json beside a plan records levels other than the
/// plan's (a plan edited by hand since its run, say: verify finds no
/// broken rule, yet it fills fewer seats), says so with both.
fn recorded_levels_note(
    plan: &std::path::Path,
    levels: &missionmatch::plan::Levels,
) -> Option<String> {
    use missionmatch::format::{num, rounded};
    let (summary, value) = summary_beside(plan);
    let value = value?;
    let recorded = |level: &str| value["levels"][level]["value"].as_f64();
    let (fill, balance, quality) = (
        recorded("fill")?,
        recorded("balance")?,
        recorded("quality")?,
    );
    let now = [levels.fill, levels.balance, levels.quality].map(rounded);
    (now != [fill, balance, quality]).then(|| {
        format!(
            "{} records fill {}, balance {}, quality {} for its run's plan; this plan has fill {}, balance {}, quality {} (edited since, or checked against other files)",
            summary.display(),
            num(fill),
            num(balance),
            num(quality),
            num(now[0]),
            num(now[1]),
            num(now[2]),
        )
    })
}

/// What a plan given by `--plan` is read for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlanRead {
    /// `verify`: its rules and limits checked.
    Checked,
    /// `explain --plan`, `letters --plan`: its decisions explained.
    Explained,
}

/// The data options a plan given by `--plan` is checked and explained
/// under (`verify`, `explain --plan`, `letters --plan`): those given, and for
/// each one not given, the value the plan's run used when its folder's
/// summary.json records it (a plan made with `--cooldown-months 6` is
/// checked with it, without the board repeating the flag). A flag given
/// that differs from the recorded one is kept, with a warning. A plan
/// made in a what-if scenario is named as such, and, where it is
/// [`PlanRead::Explained`], one made by a re-plan (`match --previous`); a
/// plan saved from a `serve` session with decisions, too.
fn options_of_the_plan(
    args: &DataArgs,
    plan: &std::path::Path,
    given: &dyn Fn(&str) -> bool,
    purpose: PlanRead,
) -> DataArgs {
    let (summary, value) = summary_beside(plan);
    let Some(serde_json::Value::Object(recorded)) =
        value.and_then(|value| value.get("options").cloned())
    else {
        // Beside the plan but unreadable: the plan may have been made with
        // options the flags do not repeat.
        if summary.is_file() {
            term::warning(&format!(
                "{} cannot be read as a run's summary: the options the plan was made with are not known, so the flags given (or their defaults) are used",
                summary.display()
            ));
        }
        return args.clone();
    };
    let shown = |value: &serde_json::Value| match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    // A what-if scenario's plan, or a re-plan kept close to an earlier
    // one, was chosen under changes or a level the files alone do not
    // carry: said, so that a board does not read the answers as the
    // scenario's or the re-plan's.
    if let Some(serde_json::Value::String(name)) = recorded.get("scenario") {
        if name != "baseline" {
            term::warning(&format!(
                "{} is the plan of what-if scenario '{name}' ({}): it is checked and explained against the files given, where a change the scenario made to the data is not (its recorded options, such as its horizon, are used; apply its other changes to the files to check or explain it as the scenario planned it)",
                plan.display(),
                summary.display()
            ));
        }
    }
    let decisions = recorded
        .get("decisions")
        .and_then(|d| d.as_u64())
        .unwrap_or(0);
    if recorded.get("session") == Some(&serde_json::Value::Bool(true)) && decisions > 0 {
        term::warning(&format!(
            "{} was saved from a serve session with {decisions} decision(s) ({}): they are not in the files given, so it is checked and explained without them (session.csv beside it holds them, for whatif --scenarios)",
            plan.display(),
            summary.display()
        ));
    }
    if purpose == PlanRead::Explained {
        if let Some(serde_json::Value::String(earlier)) = recorded.get("previous") {
            term::warning(&format!(
                "{} is a re-plan keeping the most of {earlier} (match --previous, {}): it is explained against the best plans for the files, which put quality before keeping an earlier plan",
                plan.display(),
                summary.display()
            ));
        }
    }
    // The flag names are the option names (`--cooldown-months`).
    let current = args.load_options().recorded();
    let mut merged = current.clone();
    let (mut adopted, mut differing) = (Vec::new(), Vec::new());
    for (key, now) in &current {
        // A summary.json of an earlier version may not record every one.
        let Some(was) = recorded.get(key).filter(|was| *was != now) else {
            continue;
        };
        let flag = format!("--{}", key.replace('_', "-"));
        if given(key) && was.is_null() {
            differing.push(format!("no {flag} (given: {})", shown(now)));
        } else if given(key) {
            differing.push(format!("{flag} {} (given: {})", shown(was), shown(now)));
        } else {
            adopted.push(format!("{flag} {}", shown(was)));
            merged.insert(key.clone(), was.clone());
        }
    }
    let Some(options) = LoadOptions::from_recorded(&merged) else {
        term::warning(&format!(
            "{} records options no flag takes: they are not used",
            summary.display()
        ));
        return args.clone();
    };
    if !adopted.is_empty() && !args.quiet {
        eprintln!(
            "note: using {}, as the plan's run recorded in {} (give a flag to use another value, or read a copy of the plan kept elsewhere)",
            adopted.join(", "),
            summary.display()
        );
    }
    if !differing.is_empty() {
        term::warning(&format!(
            "the plan's run recorded {} in {}: using the value given",
            differing.join(", "),
            summary.display()
        ));
    }
    args.with_load_options(options)
}
