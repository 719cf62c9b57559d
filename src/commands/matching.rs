//! `match`: solve the data and write the plan, its explanations and the
//! report.

use super::{
    command_line, exit_code, load, resolves_progress, set_threads, show_progress, CmdResult,
};
use crate::cli::MatchArgs;
use crate::term;
use missionmatch::io::{self, export};
use missionmatch::lang::Lang;
use missionmatch::solve::SolveOptions;
use missionmatch::{explain, pipeline, report, Error};
use std::io::Write;
use std::time::Instant;

pub(crate) fn cmd_match(args: &MatchArgs) -> CmdResult {
    export::check_report_place(args.report.as_deref(), &args.out)?;
    set_threads(&args.data);
    let start = Instant::now();
    let quiet = args.data.quiet || args.json;
    let spinner = term::spinner(quiet, "loading the input files");
    let loaded = load(&args.data)?;
    let load_seconds = start.elapsed().as_secs_f64();
    let previous = match &args.previous {
        Some(path) => {
            let (read, warnings) =
                io::plan_csv::read_previous(&loaded.instance, path).map_err(Error::Input)?;
            if !quiet {
                let notes = previous_options_notes(path, &args.data.load_options().recorded());
                for w in warnings.iter().chain(&notes) {
                    term::warning(w);
                }
            }
            Some(read)
        }
        None => None,
    };
    // The previous plan as read, for the record: a re-plan written over
    // it (`--out` its own folder) leaves no other trace of it.
    let previous_sha256 = args
        .previous
        .as_ref()
        .and_then(|path| std::fs::read(path).ok())
        .map(|bytes| io::table::sha256_hex(&bytes));
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
            ("previous_sha256", serde_json::json!(previous_sha256)),
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
        // A re-plan's value of one more officer is a re-plan too: the same
        // levels, the most of the earlier plan kept before quality.
        let solve_options = &SolveOptions {
            keep: solve_options.keep.clone(),
            ..extras_options.clone()
        };
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
        pins_dropped: None,
    };
    let mut report = export::stage_report(args.report.as_deref(), &args.out, || {
        spinner.set_message("writing the report");
        report::html::match_report(
            inst,
            &matched.solution,
            &cx,
            &report::html::ReportInfo {
                files: &matched.loaded.files,
                // The solver's seconds, as the text summary gives them.
                seconds: matched.timings.build + matched.timings.solve,
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

// What the first Ctrl-C says while this command solves (in English,
// as every warning: see docs/languages.md).
const SOFT_STOP_RESOLVES: &str = "stopping the re-solves: the plan is kept as it is, and what the re-solves found so far is written, each value or cost not proven marked as such (interrupt again to stop without writing anything)";

/// What a re-plan should know of the options the previous plan was made
/// with (its folder's summary.json): successor seats are named by their
/// first day, so another `--overlap-days` renames every one of them, and
/// no `--rotations-until` plans none; the officers in them then count as
/// moved or dropped, not kept.
fn previous_options_notes(
    previous: &std::path::Path,
    now: &serde_json::Map<String, serde_json::Value>,
) -> Vec<String> {
    let (summary, value) = super::summary_beside(previous);
    let Some(recorded) = value.as_ref().and_then(|v| v["options"].as_object()) else {
        return Vec::new();
    };
    let was_until = recorded.get("rotations_until").and_then(|v| v.as_str());
    let now_until = now.get("rotations_until").and_then(|v| v.as_str());
    let (was_overlap, now_overlap) = (
        recorded.get("overlap_days").and_then(|v| v.as_u64()),
        now.get("overlap_days").and_then(|v| v.as_u64()),
    );
    let mut notes = Vec::new();
    match (was_until, now_until) {
        (Some(until), None) => notes.push(format!(
            "the previous plan was made with --rotations-until {until} ({}); this run plans no successor seats, so their officers are dropped (give --rotations-until to plan them again)",
            summary.display()
        )),
        (Some(_), Some(_)) if was_overlap.is_some() && was_overlap != now_overlap => {
            notes.push(format!(
                "the previous plan was made with --overlap-days {} ({}), this run with {}: successor seats are named by their first day, so each now has another name and its officer counts as moved, not kept (give --overlap-days {} to keep them)",
                was_overlap.unwrap_or_default(),
                summary.display(),
                now_overlap.unwrap_or_default(),
                was_overlap.unwrap_or_default(),
            ))
        }
        _ => {}
    }
    notes
}
