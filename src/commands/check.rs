//! `validate` and `verify`: the input files checked, and a plan checked
//! against every rule and limit.

use super::{
    load, options_of_the_plan, read_plan, recorded_levels_note, set_threads, CmdResult, PlanRead,
};
use crate::cli::{ValidateArgs, VerifyArgs};
use missionmatch::{report, rules, verify, Error};
use std::io::Write;
use std::process::ExitCode;

pub(crate) fn cmd_validate(args: &ValidateArgs) -> CmdResult {
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

pub(crate) fn cmd_verify(args: &VerifyArgs, given: &dyn Fn(&str) -> bool) -> CmdResult {
    if !given("plan") && !args.plan.exists() {
        return Err(Error::Usage(format!(
            "no plan to check at {} (where `match` writes one): run `missionmatch match` first, or give the plan with --plan FILE",
            args.plan.display()
        ))
        .into());
    }
    let data = options_of_the_plan(&args.data, &args.plan, given, PlanRead::Checked);
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
        // --quiet: the violations alone, nothing for a plan that keeps
        // every rule.
        let text = if args.data.quiet {
            report::text::violation_lines(&violations, lang)
        } else {
            report::text::verify_text(&args.plan, &plan, &violations, &levels, lang)
        };
        out.write_all(text.as_bytes())?;
    }
    Ok(if violations.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
