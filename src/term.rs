//! Terminal conventions of the binary: colour only on a terminal and never
//! under `NO_COLOR` (anstream strips the styles otherwise); progress on
//! stderr, drawn only on a terminal and never under `--quiet`.

use anstyle::{AnsiColor, Style};
use std::io::Write;
use std::time::Duration;

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const GOOD: Style = AnsiColor::Green.on_default().bold();

/// `error: message` on stderr.
pub fn error(message: &str) {
    let mut err = anstream::stderr().lock();
    let _ = writeln!(
        err,
        "{ERROR}error:{ERROR:#} {}",
        message.trim_end_matches('\n')
    );
}

/// `warning: message` on stderr.
pub fn warning(message: &str) {
    let mut err = anstream::stderr().lock();
    let _ = writeln!(err, "{WARNING}warning:{WARNING:#} {message}");
}

/// Writes `text` to stdout as it is; a closed pipe (`| head`) is an error
/// the caller returns, not a panic.
pub fn print_text(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// Prints `text` on stdout, the solver status word of a `Solver: …` line
/// in green when every level is proven, in yellow otherwise.
pub fn print_summary(text: &str) -> std::io::Result<()> {
    let mut out = anstream::stdout().lock();
    for line in text.lines() {
        match line.strip_prefix("Solver: ") {
            Some(rest) => {
                let (word, tail) = rest.split_at(rest.find(' ').unwrap_or(rest.len()));
                let style = if word == "optimal" { GOOD } else { WARNING };
                writeln!(out, "Solver: {style}{word}{style:#}{tail}")?;
            }
            None => writeln!(out, "{line}")?,
        }
    }
    Ok(())
}

/// A bar counting `total` steps.
pub fn bar(quiet: bool, total: u64, what: &str) -> indicatif::ProgressBar {
    if quiet {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {elapsed_precise}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_string());
    bar
}

/// A spinner with a message, ticking on its own (for steps of unknown
/// length: loading, each solver level, writing).
pub fn spinner(quiet: bool, what: &str) -> indicatif::ProgressBar {
    if quiet {
        return indicatif::ProgressBar::hidden();
    }
    let spinner =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
        spinner.set_style(style);
    }
    spinner.set_message(what.to_string());
    spinner.enable_steady_tick(Duration::from_millis(120));
    spinner
}

/// The spinner's message while a level's branch and bound runs, e.g.
/// `solving the quality level: proving the best plan, within 0.0412% of
/// the bound`. The gap is shown only while the plan is proven: the search
/// before runs over the most promising pairs only, and its own bound is
/// not one for the level.
pub fn searching(s: missionmatch::solve::Searching) -> String {
    let level = s.level.name();
    match (s.proving, s.gap) {
        (false, _) => format!("solving the {level} level: searching for the best plan"),
        (true, None) => format!("solving the {level} level: proving the best plan"),
        (true, Some(gap)) => format!(
            "solving the {level} level: proving the best plan, within {} of the bound",
            missionmatch::lang::gap_text(gap, missionmatch::lang::Lang::En)
        ),
    }
}
