//! `whatif`: the baseline and every scenario solved in parallel, compared.

use super::{command_line, load, set_threads, CmdResult, NOT_PROVEN};
use crate::cli::WhatifArgs;
use crate::term;
use missionmatch::io::export;
use missionmatch::lang::{Lang, Msg};
use missionmatch::model::Instance;
use missionmatch::solve::SolveOptions;
use missionmatch::{report, Error};
use std::process::ExitCode;
use std::time::Instant;

// What the first Ctrl-C says while this command solves (in English,
// as every warning: see docs/languages.md).
const SOFT_STOP_WHATIF: &str = "stopping the solves: the scenarios solved are kept, those under way keep the best plan found so far, marked as not proven, and the others are not solved; all are written (interrupt again to stop without writing anything)";

pub(crate) fn cmd_whatif(args: &WhatifArgs) -> CmdResult {
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
        let points = missionmatch::scenario::sweep(inst, spec).map_err(Error::Input)?;
        // Each names a folder: a point named as a scenario of the file
        // would write over its folder.
        if let Some(point) = points
            .iter()
            .find(|p| scenarios.iter().any(|s| s.name == p.name))
        {
            return Err(Error::Usage(format!(
                "the --sweep point {} has the name of a scenario of the scenario file: rename that scenario (each names a folder of the outputs)",
                point.name
            ))
            .into());
        }
        scenarios.extend(points);
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
        for outcome in &outcomes {
            warn_dropped_pins(inst, outcome, args.data.lang());
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
        &{
            let mut recorded = args.data.load_options().recorded();
            recorded.insert("time_limit".into(), serde_json::json!(args.time_limit));
            recorded
        },
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
/// (`inst`: the baseline).
fn warn_dropped_pins(inst: &Instance, outcome: &missionmatch::whatif::ScenarioOutcome, lang: Lang) {
    for (pin, why) in &outcome.pins_dropped {
        term::warning(&lang.fill(
            Msg::WhatifPinDropped,
            &[
                ("scenario", &outcome.name),
                ("officer", &inst.officers[pin.officer.0].id),
                ("position", &inst.position_label(pin.position)),
                ("line", &pin.line.to_string()),
                ("why", &why.text(lang)),
            ],
        ));
    }
}
