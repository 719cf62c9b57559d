//! The one straight line every command follows:
//!
//! ```text
//! load → eligibility → solve → extract → verify → export
//! ```
//!
//! [`match_files`] and [`match_loaded`] take a data folder (or an instance
//! already loaded) to a plan that has passed [`crate::verify`]; [`export`]
//! writes it. [`solve_checked`] (in [`crate::verify`], so that the engine
//! never depends on the files) is the solve-and-verify step alone, for the
//! re-solves of `whatif`, `explain` and `recommend`. A plan that
//! fails the independent check is never returned: it is
//! [`Error::PlanRejected`] with every violation, and nothing is written.

use crate::error::{Error, Result};
use crate::io::{self, export::Timings, InputPaths, LoadOptions, Loaded};
use crate::model::Pair;
use crate::rules;
use crate::solve::{Solution, SolveOptions};
pub use crate::verify::{check, solve_checked};
use std::time::Instant;

/// A solved and verified match with everything the exports and
/// explanations need.
pub struct Matched {
    /// The loaded input.
    pub loaded: Loaded,
    /// Eligible pairs, sorted by officer then position.
    pub pairs: Vec<Pair>,
    /// The plan and its levels.
    pub solution: Solution,
    /// Phase timings.
    pub timings: Timings,
}

/// Load, eligibility, solve, verify.
pub fn match_files(
    paths: &InputPaths,
    load_options: &LoadOptions,
    solve_options: &SolveOptions,
) -> Result<Matched> {
    let t = Instant::now();
    let loaded = io::load(paths, load_options).map_err(|(errors, _)| Error::Input(errors))?;
    let load_seconds = t.elapsed().as_secs_f64();
    match_loaded(loaded, load_seconds, solve_options)
}

/// Eligibility, solve and verify on an already loaded instance.
pub fn match_loaded(loaded: Loaded, load_seconds: f64, options: &SolveOptions) -> Result<Matched> {
    let t = Instant::now();
    let pairs = rules::eligible_pairs(&loaded.instance);
    let eligibility = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let solution = solve_checked(&loaded.instance, pairs.clone(), options)?;
    let timings = Timings::of_solve(
        load_seconds,
        eligibility,
        t.elapsed().as_secs_f64(),
        &solution,
    );
    Ok(Matched {
        loaded,
        pairs,
        solution,
        timings,
    })
}

/// The export step: every output file rendered in memory, then swapped
/// into `out` whole (a failed write leaves the previous outputs as they
/// were). `cx` holds the plan's explanations (shared with the report).
/// `also` is a file of this run that lies in `out` (the report), written
/// with the folder. Returns the output files, by name.
pub fn export(
    matched: &Matched,
    cx: &crate::explain::Context,
    info: &io::export::RunInfo,
    out: &std::path::Path,
    also: Option<(String, Vec<u8>)>,
) -> Result<Vec<(String, Vec<u8>)>> {
    let files =
        io::export::render_explained(&matched.loaded.instance, &matched.solution, cx, info)?;
    let also_name = also.as_ref().map(|(name, _)| name.as_str());
    io::export::check_output_folder(out, also_name.as_slice())?;
    io::export::replace_folder_by(out, |tmp| {
        io::export::write_files(tmp, &files)?;
        io::export::write_files(tmp, also.as_slice())
    })?;
    Ok(files)
}
