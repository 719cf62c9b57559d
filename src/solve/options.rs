//! How a solve is asked for: its time limit, gap and progress callbacks,
//! the plan to stay close to, and the switch that stops it.

use super::Level;
use crate::model::Pair;

/// How to solve.
#[derive(Debug, Clone, Default)]
pub struct SolveOptions {
    /// Total seconds for all levels; `None` solves to proven optimality.
    pub time_limit: Option<f64>,
    /// Show HiGHS's log.
    pub verbose: bool,
    /// Solve the plain model (every pair a column, objective cuts only)
    /// instead of the fast path; the reference for tests.
    pub plain: bool,
    /// A plan to stay close to: adds the Keep level.
    pub keep: Option<Keep>,
    /// Told when each level starts (for a progress display).
    pub progress: Option<Progress>,
    /// Stops the solve early when set: the solver call under way stops
    /// within moments, and every call from then on has no time left. The
    /// solution is then not proven, and marked
    /// ([`Solution::interrupted`]): the commands go on with it (their
    /// first Ctrl-C), `serve` drops it.
    pub cancel: Option<Cancel>,
    /// Told, while a level's branch and bound runs, how far its best plan
    /// is from the bound (for a progress display).
    pub search: Option<Search>,
    /// Settle the Quality level once its plan is proven within this
    /// relative gap of the best possible (0.001: 0.1 %), instead of proving
    /// it the best. Fill, Balance and Keep are still proven optimal. With
    /// Keep after Quality (`whatif --gap`), Keep then chooses among every
    /// plan within the gap; `None` proves every level optimal.
    pub quality_gap: Option<f64>,
    /// Polish the plan a stopped level leaves (every command: `match` and
    /// its re-solves, `whatif`, `explain`, `recommend`, `letters`,
    /// `serve`): placed
    /// officers are replaced seat for seat, first by officers who bring a
    /// mission closer to its targets, then by better-scored ones, no seat
    /// given up (see `fast::Master::closer_to_targets` and
    /// `fast::Master::polish`). Not after a stop in a Keep level that
    /// follows Quality, where closeness to the baseline is the one level
    /// left in play. Off by default, so that a test sees the plan the
    /// stop left.
    pub polish: bool,
}

/// A callback told how a level's branch and bound is getting on.
#[derive(Clone)]
pub struct Search(pub std::sync::Arc<dyn Fn(Searching) + Send + Sync>);

impl std::fmt::Debug for Search {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Search")
    }
}

/// Where a level's branch and bound stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Searching {
    /// The level being solved.
    pub level: Level,
    /// Proving the plan found (the level's last MIP, over every pair that
    /// could still improve it), rather than searching for it.
    pub proving: bool,
    /// The relative gap between the best plan so far and the MIP's bound,
    /// as HiGHS states it (finite, never negative); `None` before the first
    /// plan and the first bound.
    /// While searching, the MIP holds the most promising pairs only, so
    /// its bound is not the level's; while proving, it holds every pair
    /// that could still improve the plan, and its bound is the level's.
    pub gap: Option<f64>,
}

/// A flag that cancels a solve (see [`SolveOptions::cancel`]).
#[derive(Debug, Clone, Default)]
pub struct Cancel(pub std::sync::Arc<std::sync::atomic::AtomicBool>);

impl Cancel {
    /// Cancels the solves that hold this flag.
    pub fn cancel(&self) {
        self.0.store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// Whether it was cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// A callback told the level about to be solved.
#[derive(Clone)]
pub struct Progress(pub std::sync::Arc<dyn Fn(Level) + Send + Sync>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

/// The Keep level: maximize the pairs of an earlier plan that stay.
#[derive(Debug, Clone, Default)]
pub struct Keep {
    /// The earlier plan's (officer, position) pairs.
    pub pairs: Vec<Pair>,
    /// Solve Keep before Quality (the minimal-change re-plan); else
    /// after it, as a tie-breaker among equally good plans (explanations).
    pub before_quality: bool,
}

impl SolveOptions {
    /// The options every command starts from: the default ones, with the
    /// plan a stopped level leaves polished ([`SolveOptions::polish`]).
    pub fn polished() -> SolveOptions {
        SolveOptions {
            polish: true,
            ..SolveOptions::default()
        }
    }

    /// Whether the solve's cancel flag is set ([`SolveOptions::cancel`]).
    pub fn cancelled(&self) -> bool {
        self.cancel.as_ref().is_some_and(Cancel::is_cancelled)
    }

    /// The gap Quality may settle within, when asked for and Quality is
    /// one of `levels`.
    pub(crate) fn quality_gap_for(&self, levels: &[Level]) -> Option<f64> {
        self.quality_gap
            .filter(|&g| g > 0.0 && levels.contains(&Level::Quality))
    }

    /// The levels to solve, in order.
    pub fn levels(&self) -> Vec<Level> {
        let mut levels = vec![Level::Fill, Level::Balance];
        match &self.keep {
            Some(k) if k.before_quality => levels.extend([Level::Keep, Level::Quality]),
            Some(_) => levels.extend([Level::Quality, Level::Keep]),
            None => levels.push(Level::Quality),
        }
        levels
    }
}
