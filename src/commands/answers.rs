//! `explain` and `recommend`: why a plan is as it is, and who else could
//! fill a seat at what cost, from re-solves with one decision forced.

use super::{exit_code, given_plan, plan_breaks, resolves_progress, solved, CmdResult, RESOLVING};
use crate::cli::{ExplainArgs, RecommendArgs};
use crate::term;
use missionmatch::model::{Instance, PositionIx};
use missionmatch::solve::SolveOptions;
use missionmatch::{explain, Error};
use std::process::ExitCode;

// What the first Ctrl-C says while this command solves (in English,
// as every warning: see docs/languages.md).
const SOFT_STOP_ANSWER: &str = "stopping the solves: the answer is given from the plans found so far, each cost not proven marked as such (interrupt again to stop without an answer)";

/// `MISSION/ROLE` → the position, or a usage error naming the choices.
fn position_arg(inst: &Instance, label: &str) -> anyhow::Result<PositionIx> {
    inst.position_labelled(label).map_err(|several| {
        Error::Usage(if several.is_empty() {
            format!(
                "no position '{label}': give MISSION/ROLE as in positions.csv, e.g. {}",
                inst.position_label(PositionIx(0))
            )
        } else {
            inst.ambiguous_label(label, &several)
        })
        .into()
    })
}

pub(crate) fn cmd_explain(args: &ExplainArgs, given: &dyn Fn(&str) -> bool) -> CmdResult {
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

pub(crate) fn cmd_recommend(args: &RecommendArgs) -> CmdResult {
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
