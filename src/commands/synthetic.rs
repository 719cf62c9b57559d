//! `generate` and `completions`: synthetic data, shell completions.

use super::CmdResult;
use crate::cli::{Cli, CompletionsArgs, GenerateArgs};
use crate::term;
use clap::CommandFactory;
use missionmatch::generate;
use std::process::ExitCode;

pub(crate) fn cmd_generate(args: &GenerateArgs) -> CmdResult {
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
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        term::print_text(&format!(
            "Wrote {} ({}, {}, seed {})\n",
            args.out.display(),
            plural(officers, "officer", "officers"),
            plural(missions, "mission", "missions"),
            args.seed
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn cmd_completions(args: &CompletionsArgs) -> CmdResult {
    let mut command = Cli::command();
    // Written whole afterwards: clap_complete panics on a closed stdout.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "missionmatch", &mut script);
    term::print_text(&String::from_utf8_lossy(&script))?;
    Ok(ExitCode::SUCCESS)
}
