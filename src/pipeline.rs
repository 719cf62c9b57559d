//! One batch match from files to a solved plan, timed by phase.

use crate::error::{Error, Result};
use crate::io::{self, export::Timings, InputPaths, LoadOptions, Loaded};
use crate::model::Pair;
use crate::rules;
use crate::solve::{self, Solution, SolveOptions};
use std::time::Instant;

/// A solved run with everything the exports and explanations need.
pub struct MatchRun {
    /// The loaded input.
    pub loaded: Loaded,
    /// Eligible pairs, sorted by officer then position.
    pub pairs: Vec<Pair>,
    /// The plan and its levels.
    pub solution: Solution,
    /// Phase timings.
    pub timings: Timings,
}

/// Load, eligibility, model and solve.
pub fn run(
    paths: &InputPaths,
    load_options: &LoadOptions,
    solve_options: &SolveOptions,
) -> Result<MatchRun> {
    let t = Instant::now();
    let loaded = io::load(paths, load_options).map_err(|(errors, _)| Error::Input(errors))?;
    let load_seconds = t.elapsed().as_secs_f64();
    solve_loaded(loaded, load_seconds, solve_options)
}

/// Eligibility, model and solve on an already loaded instance.
pub fn solve_loaded(loaded: Loaded, load_seconds: f64, options: &SolveOptions) -> Result<MatchRun> {
    let t = Instant::now();
    let pairs = rules::eligible_pairs(&loaded.instance);
    let eligibility = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let solution = solve::solve(&loaded.instance, pairs.clone(), options)?;
    let total = t.elapsed().as_secs_f64();
    let timings = Timings {
        load: load_seconds,
        eligibility,
        build: solution.build_seconds,
        solve: total - solution.build_seconds,
    };
    Ok(MatchRun {
        loaded,
        pairs,
        solution,
        timings,
    })
}
