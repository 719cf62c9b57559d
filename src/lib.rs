//! # missionmatch
//!
//! Selects police officers for international peace operations. Mission
//! requirements and officer profiles load from CSV into one checked
//! [`model::Instance`]; the named eligibility rules of [`rules`] decide who
//! may fill which position; [`solve`] finds the lexicographically best plan
//! (Fill, then Balance, then Quality) with a mixed-integer program solved
//! by HiGHS; [`verify`] re-checks any plan independently; [`io::export`]
//! writes the plan and its explanations atomically.
//!
//! ```no_run
//! use missionmatch::{io, pipeline, solve::SolveOptions};
//! let paths = io::InputPaths::in_dir(std::path::Path::new("data"));
//! let matched = pipeline::match_files(&paths, &io::LoadOptions::default(), &SolveOptions::default()).unwrap();
//! println!("{} officers placed", matched.solution.plan.assignments.len());
//! ```
#![deny(missing_docs)]
#![deny(unsafe_code)]

pub mod error;
pub mod explain;
pub mod format;
pub mod generate;
pub mod interrupt;
pub mod io;
pub mod lang;
pub mod model;
pub mod pipeline;
pub mod plan;
pub mod report;
pub mod rules;
pub mod scenario;
pub mod serve;
pub mod solve;
pub mod verify;
pub mod whatif;

pub use error::{Error, InputError, InputErrors, Result};
