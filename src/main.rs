//! The `missionmatch` binary: parse flags, call the library, map errors to
//! exit codes in one place: 0 success, 1 failure, 2 bad input or usage,
//! 3 a plan written but not proven optimal (time limit, a first Ctrl-C or
//! memory guard),
//! 130 interrupted (every output left whole: see `interrupt`).

mod cli;
mod commands;
mod term;

use clap::{CommandFactory, FromArgMatches};
use cli::{Cli, Command};
use commands::{
    cmd_completions, cmd_explain, cmd_generate, cmd_letters, cmd_match, cmd_recommend, cmd_serve,
    cmd_validate, cmd_verify, cmd_whatif,
};
use missionmatch::Error;
use std::process::ExitCode;

fn main() -> ExitCode {
    // A negative number is a flag's value, so that its range is what is
    // refused (`--cooldown-months -1`: not in 0..=1200), not the number
    // read as an unknown flag.
    let mut command = Cli::command();
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        command = command.mut_subcommand(name, |c| c.allow_negative_numbers(true));
    }
    let matches = command.try_get_matches().unwrap_or_else(|e| usage_error(e));
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| usage_error(e));
    // The flags given on the command line, not left at their defaults.
    let given = |id: &str| {
        matches.subcommand().is_some_and(|(_, sub)| {
            sub.value_source(id) == Some(clap::parser::ValueSource::CommandLine)
        })
    };
    // Under --quiet nothing is coloured, as under NO_COLOR.
    if given("quiet") {
        anstream::ColorChoice::Never.write_global();
    }
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
