//! `serve`: the board session in the browser.

use super::{load, set_threads, CmdResult};
use crate::cli::ServeArgs;
use crate::term;
use missionmatch::io::export;
use missionmatch::lang::Msg;
use std::process::ExitCode;

pub(crate) fn cmd_serve(args: &ServeArgs) -> CmdResult {
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
