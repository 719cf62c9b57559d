//! The `missionmatch` binary: parse flags, call the library, map errors to
//! exit codes in one place: 0 success, 1 failure, 2 bad input or usage,
//! 3 a plan written but not proven optimal (time limit, a first Ctrl-C or
//! memory guard),
//! 130 interrupted (every output left whole: see `interrupt`).

mod cli;
mod term;

use clap::{CommandFactory, FromArgMatches};
use cli::{
    Cli, Command, CompletionsArgs, DataArgs, ExplainArgs, GenerateArgs, LettersArgs, MatchArgs,
    RecommendArgs, ServeArgs, ValidateArgs, VerifyArgs, WhatifArgs,
};
use missionmatch::io::{self, export, LoadOptions, Loaded};
use missionmatch::lang::{Lang, Msg};
use missionmatch::model::{Instance, PositionIx};
use missionmatch::solve::SolveOptions;
use missionmatch::{explain, generate, pipeline, report, rules, verify, Error};
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let matches = Cli::command()
        .try_get_matches()
        .unwrap_or_else(|e| usage_error(e));
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| usage_error(e));
    // The flags given on the command line, not left at their defaults.
    let given = |id: &str| {
        matches.subcommand().is_some_and(|(_, sub)| {
            sub.value_source(id) == Some(clap::parser::ValueSource::CommandLine)
        })
    };
    let json = cli.command.json();
    if let Err(e) = missionmatch::interrupt::install() {
        term::warning(&e);
    }
    let result = match cli.command {
        Command::Match(args) => cmd_match(&args),
        Command::Validate(args) => cmd_validate(&args),
        Command::Verify(args) => cmd_verify(&args, &given),
        Command::Generate(args) => cmd_generate(&args),
        Command::Explain(args) => cmd_explain(&args, &given),
        Command::Recommend(args) => cmd_recommend(&args),
        Command::Whatif(args) => cmd_whatif(&args),
        Command::Letters(args) => cmd_letters(&args, &given),
        Command::Serve(args) => cmd_serve(&args),
        Command::Completions(args) => cmd_completions(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let code = e.downcast_ref::<Error>().map_or(1, Error::exit_code);
            // A closed pipe (e.g. `| head`) is not an error worth a message,
            // and stdout can take nothing more.
            let broken_pipe = |io: &std::io::Error| io.kind() == std::io::ErrorKind::BrokenPipe;
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>().is_some_and(broken_pipe)
                    || matches!(c.downcast_ref::<Error>(), Some(Error::Io { cause, .. }) if broken_pipe(cause))
            }) {
                return ExitCode::from(code as u8);
            }
            if json {
                // Scripts reading stdout get the error as JSON too.
                let value = e.downcast_ref::<Error>().map_or_else(
                    || serde_json::json!({ "error": { "kind": "internal", "message": format!("{e:#}") } }),
                    Error::json,
                );
                let _ = term::print_text(&format!(
                    "{}\n",
                    serde_json::to_string_pretty(&value).unwrap_or_default()
                ));
            }
            term::error(&format!("{e:#}"));
            ExitCode::from(code as u8)
        }
    }
}

/// Ends the run on a command line clap refuses: its message on stderr
/// (exit 2), and with `--json` on stdout too, as every other error is.
fn usage_error(e: clap::Error) -> ! {
    use clap::error::ErrorKind;
    let shown = matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    let json = std::env::args_os()
        .skip(1)
        .take_while(|a| a != "--")
        .any(|a| a == "--json");
    if json && !shown {
        let value = serde_json::json!({
            "error": { "kind": "usage", "message": clap_message(&e) }
        });
        let _ = term::print_text(&format!(
            "{}\n",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        ));
    }
    e.exit()
}

/// clap's message without its `error: ` prefix, usage and hints, on one line.
fn clap_message(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let message: Vec<&str> = text
        .lines()
        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("tip:"))
        .collect();
    message.join(" ").trim_start_matches("error: ").to_string()
}

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
    match io::load(&args.paths(), &args.load_options()) {
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

fn cmd_match(args: &MatchArgs) -> CmdResult {
    export::check_report_place(args.report.as_deref(), &args.out)?;
    set_threads(&args.data);
    let start = Instant::now();
    let quiet = args.data.quiet || args.json;
    let spinner = term::spinner(quiet, "loading the input files");
    let loaded = load(&args.data)?;
    let load_seconds = start.elapsed().as_secs_f64();
    let previous = match &args.previous {
        Some(path) => {
            Some(io::plan_csv::read_previous(&loaded.instance, path).map_err(Error::Input)?)
        }
        None => None,
    };
    let mut solve_options = args.match_options();
    if let Some((pairs, _)) = &previous {
        solve_options.keep = Some(missionmatch::solve::Keep {
            pairs: pairs.clone(),
            before_quality: true,
        });
    }
    spinner.set_message("checking eligibility");
    show_progress(&spinner, &mut solve_options);
    // The first Ctrl-C during the solve stops it with its best plan, as a
    // time limit would, and the run writes that plan.
    let cancel = missionmatch::solve::Cancel::default();
    solve_options.cancel = Some(cancel.clone());
    let soft_stop = missionmatch::interrupt::SoftStop::hold(&cancel, SOFT_STOP_MATCH);
    let matched = pipeline::match_loaded(loaded, load_seconds, &solve_options)?;
    drop(soft_stop);
    let inst = &matched.loaded.instance;
    let mut options = args.data.load_options().recorded();
    options.extend(
        [
            ("time_limit", serde_json::json!(args.time_limit)),
            ("gap_percent", serde_json::json!(args.gap)),
            ("capacity_value", serde_json::json!(args.capacity_value)),
            ("previous", serde_json::json!(args.previous)),
            ("solver_threads", serde_json::json!(1)),
        ]
        .map(|(k, v)| (k.to_string(), v)),
    );
    let options = serde_json::Value::Object(options);
    // Whether every re-solve of --capacity-value and --alternates-cost
    // was proven.
    let mut extras_proven = true;
    // A first Ctrl-C during those re-solves stops them: what they found is
    // written, each value or cost not proven marked. After one during the
    // match they run stopped at once, and the next Ctrl-C stops the run.
    let extras_stop = ((args.capacity_value || args.alternates_cost) && !cancel.is_cancelled())
        .then(|| missionmatch::interrupt::SoftStop::hold(&cancel, SOFT_STOP_RESOLVES));
    let extras_options = SolveOptions {
        verbose: false,
        cancel: Some(cancel.clone()),
        ..args.solve_options()
    };
    let capacity_values = if args.capacity_value {
        spinner.set_message("re-solving with one more officer per service at capacity");
        let solve_options = &extras_options;
        let values =
            explain::capacity_values(inst, &matched.pairs, &matched.solution, solve_options)?;
        let unproven = values.iter().filter(|v| v.stopped.is_some()).count();
        extras_proven &= unproven == 0;
        if let (Some(level), false) = (matched.solution.stopped_in(), values.is_empty()) {
            term::warning(&format!(
                "the values of one more released officer are measured against the plan found, not proven the best ({}): one_more_stopped_in names the first level not exact",
                not_best_because(&matched.solution, level)
            ));
        } else if unproven > 0 {
            term::warning(&format!(
                "{unproven} value(s) of one more released officer not proven (the re-solve stopped before proving its plan the best): one_more_stopped_in names the level"
            ));
        }
        Some(values)
    } else {
        None
    };
    // The plan's explanations, gathered once for the output files, the
    // report and the call-up costs.
    let cx = explain::Context::new(inst, &matched.solution.plan, &matched.pairs);
    let alternate_costs = if args.alternates_cost {
        spinner.set_message("re-solving with each standby officer called up");
        let wanted = export::standby_pairs(inst, &cx, args.alternates);
        let done = resolves_progress(&spinner, "re-solving with each standby officer called up");
        let forced = explain::force_all(
            inst,
            &matched.pairs,
            &matched.solution,
            &wanted,
            &extras_options,
            &done,
        )?;
        let unproven = forced.iter().filter(|f| !f.settled()).count();
        extras_proven &= unproven == 0;
        if let (Some(level), false) = (matched.solution.stopped_in(), forced.is_empty()) {
            term::warning(&format!(
                "the call-up costs in alternates.csv are measured against the plan found, not proven the best ({}): cost_stopped_in names the first level not exact",
                not_best_because(&matched.solution, level)
            ));
        } else if unproven > 0 {
            term::warning(&format!(
                "{unproven} call-up cost(s) in alternates.csv not proven (the re-solve stopped before proving its plan the best): cost_stopped_in names the level"
            ));
        }
        Some(forced)
    } else {
        None
    };
    drop(extras_stop);
    let info = export::RunInfo {
        files: &matched.loaded.files,
        options,
        timings: matched.timings,
        capacity_values: capacity_values.as_deref(),
        previous: previous
            .as_ref()
            .map(|(pairs, gone)| export::Previous { pairs, gone }),
        csv: args.csv.style(),
        passed_over_pairs: args.passed_over_pairs,
        alternates: args.alternates,
        alternate_costs: alternate_costs.as_deref(),
        workbook: !args.no_workbook,
    };
    let mut report = export::stage_report(args.report.as_deref(), &args.out, || {
        spinner.set_message("writing the report");
        report::html::match_report(
            inst,
            &matched.solution,
            &cx,
            &report::html::ReportInfo {
                files: &matched.loaded.files,
                seconds: start.elapsed().as_secs_f64(),
                command: command_line(),
                lang: args.data.lang(),
            },
        )
    })?;
    spinner.set_message("writing the outputs");
    let files = pipeline::export(&matched, &cx, &info, &args.out, report.take_inside())?;
    report.commit()?;
    spinner.finish_and_clear();
    if args.json {
        let summary = files
            .iter()
            .find(|(name, _)| name == "summary.json")
            .map(|(_, bytes)| bytes.as_slice())
            .unwrap_or_default();
        std::io::stdout().lock().write_all(summary)?;
    } else if !args.data.quiet {
        let lang = args.data.lang();
        // The solver's own seconds; the whole command's beside them when
        // re-solves on top of the match were asked for.
        let extra_solves = args.alternates_cost || args.capacity_value;
        let whole_run = extra_solves.then(|| start.elapsed().as_secs_f64());
        let mut text = report::text_summary(
            inst,
            &matched.solution,
            matched.timings.build + matched.timings.solve,
            whole_run,
            lang,
        );
        text.push_str(&report::text::match_footer(
            inst,
            &matched.solution,
            info.previous.as_ref(),
            capacity_values.as_deref(),
            &report::text::Written {
                files: &files,
                out: &args.out,
                report: args.report.as_deref(),
            },
            lang,
        ));
        term::print_summary(&text)?;
    }
    Ok(exit_code(&matched.solution, extras_proven))
}

/// Why the match's plan may not be the best, for the warnings about
/// figures measured against it: the level it stopped in, or the gap it
/// settled within (`--gap`).
fn not_best_because(
    solution: &missionmatch::solve::Solution,
    level: missionmatch::solve::Level,
) -> String {
    match solution.status() {
        missionmatch::solve::LevelStatus::WithinGap { gap } => format!(
            "the match settled the quality level within {} of the best plan (--gap), so a difference in quality may be off by up to that share of the plan's quality",
            missionmatch::lang::gap_text(gap, Lang::En)
        ),
        _ => format!("the match stopped in the {} level", level.name()),
    }
}

// What the first Ctrl-C says while a command solves (in English, as
// every warning: see docs/languages.md).
const SOFT_STOP_MATCH: &str = "stopping the solve: the best plan found so far is kept and written, marked as not proven (interrupt again to stop without writing anything)";
const SOFT_STOP_RESOLVES: &str = "stopping the re-solves: the plan is kept as it is, and what the re-solves found so far is written, each value or cost not proven marked as such (interrupt again to stop without writing anything)";
const SOFT_STOP_ANSWER: &str = "stopping the solves: the answer is given from the plans found so far, each cost not proven marked as such (interrupt again to stop without an answer)";
const SOFT_STOP_LETTERS: &str = "stopping the solve: the letters are written from the best plan found so far, which is not proven the best (exit code 3; interrupt again to stop without writing anything)";
const SOFT_STOP_WHATIF: &str = "stopping the solves: the scenarios solved are kept, those under way keep the best plan found so far, marked as not proven, and the others are not solved; all are written (interrupt again to stop without writing anything)";

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

/// `MISSION/ROLE` → the position, or a usage error naming the choices.
fn position_arg(inst: &Instance, label: &str) -> anyhow::Result<PositionIx> {
    let found = label
        .split_once('/')
        .and_then(|(m, r)| inst.find_position(m, r));
    found.ok_or_else(|| {
        Error::Usage(format!(
            "no position '{label}': give MISSION/ROLE as in positions.csv, e.g. {}",
            inst.position_label(PositionIx(0))
        ))
        .into()
    })
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
    let data = &options_of_the_plan(data, path, given);
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

fn cmd_explain(args: &ExplainArgs, given: &dyn Fn(&str) -> bool) -> CmdResult {
    // The first Ctrl-C stops the match and the re-solves, and the answer
    // comes from the plans found so far.
    let cancel = missionmatch::solve::Cancel::default();
    let (matched, spinner, soft_stop) = match &args.plan {
        Some(path) => {
            let (matched, spinner) = given_plan(&args.data, path, given)?;
            (matched, spinner, None)
        }
        None => {
            let (matched, spinner, soft_stop) =
                solved(&args.data, args.time_limit, &cancel, SOFT_STOP_ANSWER)?;
            (matched, spinner, Some(soft_stop))
        }
    };
    let inst = &matched.loaded.instance;
    // A plan edited by hand may break a rule: it is still explained (the
    // board may want to see what the edit did), but not silently.
    if let Some(path) = &args.plan {
        if let Some((count, first)) = plan_breaks(inst, &matched.solution.plan, args.data.lang()) {
            spinner.suspend(|| {
                term::warning(&format!(
                    "{} breaks {count} rule(s) or limit(s) (first: {first}): what follows is measured against a plan no match would give; missionmatch verify --plan {} lists them",
                    path.display(),
                    path.display()
                ))
            });
        }
    }
    let options = forced_options(args.time_limit, &cancel);
    let lang = args.data.lang();
    let (proven, text) = if let Some(id) = &args.officer {
        let o = inst
            .find_officer(id)
            .ok_or_else(|| Error::Usage(format!("no officer '{id}' in officers.csv")))?;
        let done = resolves_progress(&spinner, RESOLVING);
        let soft_stop = soft_stop
            .unwrap_or_else(|| missionmatch::interrupt::SoftStop::hold(&cancel, SOFT_STOP_ANSWER));
        let (forced, text) = explain::officer(
            inst,
            &matched.pairs,
            &matched.solution,
            o,
            &options,
            lang,
            &done,
        )?;
        drop(soft_stop);
        (explain::proven(&forced), text)
    } else {
        drop(soft_stop);
        let p = position_arg(inst, args.position.as_deref().unwrap_or_default())?;
        let text = explain::position(inst, &matched.pairs, &matched.solution, p, lang);
        (true, text)
    };
    spinner.finish_and_clear();
    term::print_text(&text)?;
    Ok(answer_code(&matched.solution, proven))
}

/// Options of the re-solves with a decision forced (explain, recommend):
/// quiet (they run in parallel), with the time limit given and stopped
/// by `cancel` (the first Ctrl-C); one they stop is polished, as `match
/// --alternates-cost` polishes the same re-solves.
fn forced_options(time_limit: Option<f64>, cancel: &missionmatch::solve::Cancel) -> SolveOptions {
    SolveOptions {
        time_limit,
        cancel: Some(cancel.clone()),
        ..SolveOptions::polished()
    }
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

/// Exit code of an answer (explain, recommend): [`exit_code`], with a
/// warning when a re-solve behind it was not proven.
fn answer_code(solution: &missionmatch::solve::Solution, resolves_proven: bool) -> ExitCode {
    let code = exit_code(solution, resolves_proven);
    if !resolves_proven {
        term::warning(
            "not every re-solve behind this answer was proven optimal (time limit, interrupt or memory guard): the notes in brackets say in which level each stopped",
        );
    }
    code
}

fn cmd_letters(args: &LettersArgs, given: &dyn Fn(&str) -> bool) -> CmdResult {
    use missionmatch::report::letters;
    // Checked before the solve. The folder is replaced whole, so no
    // letter of an earlier run stays beside the new ones; a folder holding
    // anything else is refused.
    export::check_letters_folder(&args.out)?;
    // The first Ctrl-C during the match stops it with its best plan, as a
    // time limit would; the letters are written from that plan.
    let (matched, spinner) = match &args.plan {
        Some(path) => given_plan(&args.data, path, given)?,
        None => {
            let cancel = missionmatch::solve::Cancel::default();
            let (matched, spinner, _soft_stop) =
                solved(&args.data, args.time_limit, &cancel, SOFT_STOP_LETTERS)?;
            (matched, spinner)
        }
    };
    // Letters go to people: a plan given by hand that breaks a rule or a
    // limit gets none.
    if let Some(path) = &args.plan {
        let inst = &matched.loaded.instance;
        if let Some((count, first)) = plan_breaks(inst, &matched.solution.plan, args.data.lang()) {
            spinner.finish_and_clear();
            return Err(Error::Usage(format!(
                "{} breaks {count} rule(s) or limit(s), so no letter was written (first: {first}); missionmatch verify --plan {} lists them",
                path.display(),
                path.display()
            ))
            .into());
        }
    }
    spinner.set_message("writing the letters");
    let inst = &matched.loaded.instance;
    let lang = args.data.lang();
    let cx = explain::Context::new(inst, &matched.solution.plan, &matched.pairs);
    let all = letters::letters(inst, &matched.solution.plan, &cx, args.alternates);
    let names = letters::file_names(inst, &all);
    let mut files = vec![
        (
            "letters.html".to_string(),
            letters::document(inst, &all, lang).into_bytes(),
        ),
        (
            "letters.csv".to_string(),
            letters::mail_merge(inst, &all, &names, lang)?,
        ),
    ];
    for (letter, name) in all.iter().zip(&names) {
        let one = letters::document(inst, std::slice::from_ref(letter), lang);
        files.push((name.clone(), one.into_bytes()));
    }
    // Again just before the swap: a file saved there during the solve.
    export::check_letters_folder(&args.out)?;
    export::replace_folder_with(&args.out, &files)?;
    spinner.finish_and_clear();
    if !args.data.quiet {
        let count = |f: fn(&letters::Outcome) -> bool| all.iter().filter(|l| f(&l.outcome)).count();
        let selected = count(|o| matches!(o, letters::Outcome::Selected { .. }));
        let not_eligible = count(|o| matches!(o, letters::Outcome::NotEligible(_)));
        let line = lang.fill(
            Msg::LettersWrote,
            &[
                ("out", &args.out.display()),
                ("letters", &all.len()),
                ("selected", &selected),
                ("not_selected", &(all.len() - selected - not_eligible)),
                ("not_eligible", &not_eligible),
            ],
        );
        term::print_text(&format!("{line}\n"))?;
    }
    Ok(exit_code(&matched.solution, true))
}

fn cmd_serve(args: &ServeArgs) -> CmdResult {
    use missionmatch::serve;
    set_threads(&args.data);
    let lang = args.data.lang();
    // Refused now, not at the board's first Save.
    export::check_output_folder(&args.out, &[])?;
    let spinner = term::spinner(args.data.quiet, "loading the input files");
    let loaded = load(&args.data)?;
    spinner.set_message("solving the data's plan");
    let setup = serve::Setup {
        paths: args.data.paths(),
        data_dir: args.data.data.clone(),
        out: args.out.clone(),
        csv: args.csv.style(),
        time_limit: args.time_limit,
        load: args.data.load_options(),
    };
    let session = serve::Session::open(setup, loaded)?;
    let bound = serve::bind(
        session,
        &serve::Config {
            addr: args.addr,
            lang,
            request_timeout: std::time::Duration::from_secs_f64(args.request_timeout),
        },
    )?;
    spinner.finish_and_clear();
    let line = lang.fill(
        Msg::ServeListening,
        &[("url", &bound.url()), ("data", &args.data.data.display())],
    );
    // Written and flushed before the server blocks.
    term::print_text(&format!("{line}\n"))?;
    bound.run()?;
    Ok(ExitCode::SUCCESS)
}

fn cmd_recommend(args: &RecommendArgs) -> CmdResult {
    // The first Ctrl-C stops the match and the re-solves, and the answer
    // comes from the plans found so far.
    let cancel = missionmatch::solve::Cancel::default();
    let (matched, spinner, soft_stop) =
        solved(&args.data, args.time_limit, &cancel, SOFT_STOP_ANSWER)?;
    let inst = &matched.loaded.instance;
    let p = position_arg(inst, args.position())?;
    let done = resolves_progress(&spinner, RESOLVING);
    let (forced, text) = explain::recommend(
        inst,
        &matched.pairs,
        &matched.solution,
        p,
        args.top as usize,
        &forced_options(args.time_limit, &cancel),
        args.data.lang(),
        &done,
    )?;
    drop(soft_stop);
    spinner.finish_and_clear();
    term::print_text(&text)?;
    Ok(answer_code(&matched.solution, explain::proven(&forced)))
}

fn cmd_whatif(args: &WhatifArgs) -> CmdResult {
    use missionmatch::whatif::NotSolved;
    export::check_report_place(args.report.as_deref(), &args.out)?;
    set_threads(&args.data);
    let start = Instant::now();
    let loaded = load(&args.data)?;
    let inst = &loaded.instance;
    let mut scenarios = match &args.scenarios {
        Some(path) => missionmatch::scenario::read_scenarios(inst, path).map_err(Error::Input)?,
        None => Vec::new(),
    };
    if !args.data.quiet {
        for w in missionmatch::scenario::warnings(inst, &scenarios) {
            term::warning(&w);
        }
    }
    let sweep_from = scenarios.len() + 1;
    if let Some(spec) = &args.sweep {
        scenarios.extend(missionmatch::scenario::sweep(inst, spec).map_err(Error::Input)?);
    }
    // The first Ctrl-C stops the solves: those under way keep their best
    // plans, those not started are not solved, and all are written.
    let cancel = missionmatch::solve::Cancel::default();
    let options = SolveOptions {
        verbose: args.data.verbose,
        time_limit: args.time_limit,
        quality_gap: args.gap.map(|percent| percent / 100.0),
        cancel: Some(cancel.clone()),
        ..SolveOptions::polished()
    };
    let soft_stop = missionmatch::interrupt::SoftStop::hold(&cancel, SOFT_STOP_WHATIF);
    let quiet = args.data.quiet || args.json;
    let bar = term::bar(
        quiet,
        scenarios.len() as u64 + 1,
        "solving (Ctrl-C: stop and keep what is solved)",
    );
    let outcomes =
        missionmatch::whatif::solve_scenarios_with_progress(inst, &scenarios, &options, &|| {
            bar.inc(1)
        })?;
    drop(soft_stop);
    bar.finish_and_clear();
    if !args.data.quiet {
        // Outcomes are the baseline, then the scenarios in order.
        for (scenario, outcome) in scenarios.iter().zip(&outcomes[1..]) {
            warn_dropped_pins(inst, scenario, &outcome.instance, args.data.lang());
        }
    }
    let rows = missionmatch::whatif::compare(&outcomes);
    let mut report = export::stage_report(args.report.as_deref(), &args.out, || {
        report::html::whatif_report(
            &rows,
            args.sweep.as_deref().map(|spec| (spec, sweep_from)),
            &report::html::ReportInfo {
                files: &loaded.files,
                seconds: start.elapsed().as_secs_f64(),
                command: command_line(),
                lang: args.data.lang(),
            },
        )
    })?;
    missionmatch::whatif::export(
        &args.out,
        &outcomes,
        &rows,
        &loaded.files,
        args.csv.style(),
        report.take_inside(),
        args.gap,
    )?;
    report.commit()?;
    if args.json {
        let objects: Vec<_> = rows.iter().map(|r| r.json()).collect();
        term::print_text(&format!("{}\n", serde_json::to_string_pretty(&objects)?))?;
    } else if !args.data.quiet {
        term::print_text(&missionmatch::whatif::table(&rows, args.data.lang()))?;
        let lang = args.data.lang();
        let line = lang.fill(
            Msg::WhatifWrote,
            &[
                ("out", &args.out.display()),
                (
                    "folders",
                    &outcomes.iter().filter(|r| r.result.is_ok()).count(),
                ),
                (
                    "seconds",
                    &missionmatch::lang::seconds_text(start.elapsed().as_secs_f64(), lang),
                ),
            ],
        );
        term::print_text(&format!("{line}\n"))?;
    }
    let (mut unproven, mut unsolved, mut not_started) = (false, false, 0);
    for r in &outcomes {
        match &r.result {
            Ok(solution) if !solution.settled() => {
                unproven = true;
                term::warning(&format!("{}: {}", r.name, report::status_text(solution)));
            }
            Ok(_) => {}
            Err(NotSolved::Pins(_)) => unsolved = true,
            Err(NotSolved::Interrupted) => not_started += 1,
        }
    }
    if not_started > 0 {
        unproven = true;
        term::warning(
            &format!(
                "{not_started} {} not started before the interrupt (Ctrl-C), so not solved (see the table)",
                if not_started == 1 { "scenario" } else { "scenarios" }
            ),
        );
    }
    // A scenario its own rows make impossible (pins that cannot all hold)
    // is bad input: exit code 2, the other scenarios written all the same.
    Ok(if unsolved {
        term::error(args.data.lang().text(Msg::WhatifUnsolved));
        ExitCode::from(2)
    } else if unproven {
        ExitCode::from(NOT_PROVEN)
    } else {
        ExitCode::SUCCESS
    })
}

/// A warning for each pin of the files a scenario drops, and why
/// (`applied`: the scenario's instance, as solved).
fn warn_dropped_pins(
    inst: &Instance,
    scenario: &missionmatch::scenario::Scenario,
    applied: &Instance,
    lang: Lang,
) {
    use missionmatch::scenario::PinDropped;
    for (pin, why) in missionmatch::scenario::dropped_pins(inst, scenario, applied) {
        let why = match why {
            PinDropped::MissionCloses => lang.text(Msg::WhatifPinMissionCloses).to_string(),
            PinDropped::Withdraws => lang.text(Msg::WhatifPinWithdraws).to_string(),
            PinDropped::Excluded => lang.text(Msg::WhatifPinExcluded).to_string(),
            PinDropped::PinnedElsewhere(p) => lang.fill(
                Msg::WhatifPinElsewhere,
                &[("position", &inst.position_label(p))],
            ),
            PinDropped::BeyondHorizon => lang.text(Msg::WhatifPinBeyondHorizon).to_string(),
            PinDropped::SeatReplanned => lang.text(Msg::WhatifPinSeatReplanned).to_string(),
        };
        term::warning(&lang.fill(
            Msg::WhatifPinDropped,
            &[
                ("scenario", &scenario.name),
                ("officer", &inst.officers[pin.officer.0].id),
                ("position", &inst.position_label(pin.position)),
                ("line", &pin.line.to_string()),
                ("why", &why),
            ],
        ));
    }
}

fn cmd_validate(args: &ValidateArgs) -> CmdResult {
    set_threads(&args.data);
    let loaded = load(&args.data)?;
    // Quiet: errors only, so nothing when the files are valid (exit 0).
    if args.data.quiet && !args.json {
        return Ok(ExitCode::SUCCESS);
    }
    let inst = &loaded.instance;
    let pairs = rules::eligible_pairs(inst);
    let mut out = std::io::stdout().lock();
    if args.json {
        let value = report::text::validate_json(inst, &loaded.warnings, &pairs);
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    } else {
        let text =
            report::text::validate_text(inst, loaded.warnings.len(), &pairs, args.data.lang());
        out.write_all(text.as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn cmd_verify(args: &VerifyArgs, given: &dyn Fn(&str) -> bool) -> CmdResult {
    if !given("plan") && !args.plan.exists() {
        return Err(Error::Usage(format!(
            "no plan to check at {} (where `match` writes one): run `missionmatch match` first, or give the plan with --plan FILE",
            args.plan.display()
        ))
        .into());
    }
    let data = options_of_the_plan(&args.data, &args.plan, given);
    let loaded = load(&data)?;
    let inst = &loaded.instance;
    let plan = read_plan(inst, &args.plan, args.data.quiet)?;
    // Text in the language asked for; --json in the stable English names.
    let lang = match args.json {
        true => missionmatch::lang::Lang::En,
        false => args.data.lang(),
    };
    let violations = verify::verify_in(inst, &plan, lang);
    let levels = missionmatch::plan::evaluate(inst, &plan);
    if let Some(note) = recorded_levels_note(&args.plan, &levels).filter(|_| !args.data.quiet) {
        eprintln!("note: {note}");
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        let value = report::text::verify_json(&args.plan, &plan, &violations, &levels);
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    } else {
        let text = report::text::verify_text(&args.plan, &plan, &violations, &levels, lang);
        out.write_all(text.as_bytes())?;
    }
    Ok(if violations.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
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

/// The data options a plan given by `--plan` is checked and explained
/// under (`verify`, `explain --plan`, `letters --plan`): those given, and for
/// each one not given, the value the plan's run used when its folder's
/// summary.json records it (a plan made with `--cooldown-months 6` is
/// checked with it, without the board repeating the flag). A flag given
/// that differs from the recorded one is kept, with a warning.
fn options_of_the_plan(
    args: &DataArgs,
    plan: &std::path::Path,
    given: &dyn Fn(&str) -> bool,
) -> DataArgs {
    let (summary, value) = summary_beside(plan);
    let Some(serde_json::Value::Object(recorded)) =
        value.and_then(|value| value.get("options").cloned())
    else {
        return args.clone();
    };
    let shown = |value: &serde_json::Value| match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
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
        if given(key) {
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

fn cmd_generate(args: &GenerateArgs) -> CmdResult {
    let (officers, missions) = match &args.preset {
        Some(p) => generate::preset(p).ok_or_else(|| anyhow::anyhow!("unknown preset {p}"))?,
        None => (args.officers as usize, args.missions as usize),
    };
    let opts = generate::GenerateOptions {
        officers,
        missions,
        seed: args.seed,
        csv: args.csv.style(),
        supply: if args.ample {
            generate::Supply::Ample
        } else {
            generate::Supply::Scarce
        },
        targets: if args.tight_targets {
            generate::Targets::Tight
        } else {
            generate::Targets::Reachable
        },
    };
    let spinner = term::spinner(
        args.quiet,
        &format!("generating {officers} officers and {missions} missions"),
    );
    generate::generate_with(&args.out, &opts, args.time)?;
    spinner.finish_and_clear();
    if !args.quiet {
        term::print_text(&format!(
            "Wrote {} ({officers} officers, {missions} missions, seed {})\n",
            args.out.display(),
            args.seed
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn cmd_completions(args: &CompletionsArgs) -> CmdResult {
    let mut command = Cli::command();
    // Written whole afterwards: clap_complete panics on a closed stdout.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "missionmatch", &mut script);
    term::print_text(&String::from_utf8_lossy(&script))?;
    Ok(ExitCode::SUCCESS)
}
