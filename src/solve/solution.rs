//! What a solve gives: the plan, and each level's value, status and how
//! it is held.

use super::highs::Ended;
use crate::error::{Error, Result};
use crate::model::Instance;
use crate::plan::{self, Levels, Plan};

/// The objective levels, in lexicographic order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Σ priority·x, maximized.
    Fill,
    /// Σ shortfalls, minimized.
    Balance,
    /// Σ q·x, maximized.
    Quality,
    /// Pairs of an earlier plan kept, maximized.
    Keep,
}

impl Level {
    /// Stable name used in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Level::Fill => "fill",
            Level::Balance => "balance",
            Level::Quality => "quality",
            Level::Keep => "keep",
        }
    }

    /// The name in `lang`: the stable name in English (`fill`), a French
    /// word in French (`postes`).
    pub fn name_in(self, lang: crate::lang::Lang) -> &'static str {
        use crate::lang::{Lang, Msg};
        if lang == Lang::En {
            return self.name();
        }
        lang.text(match self {
            Level::Fill => Msg::LevelFill,
            Level::Balance => Msg::LevelBalance,
            Level::Quality => Msg::LevelQuality,
            Level::Keep => Msg::LevelKeep,
        })
    }

    pub(crate) fn maximize(self) -> bool {
        !matches!(self, Level::Balance)
    }
}

/// How a level ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LevelStatus {
    /// Proven optimal.
    Optimal,
    /// Stopped by the time limit with this relative gap (∞ when no plan was
    /// found yet); later levels not solved.
    TimeLimit {
        /// HiGHS's relative gap between the incumbent and the bound.
        gap: f64,
    },
    /// Settled within the relative gap asked for (`--gap`): the plan is
    /// proven within `gap` of the best possible, not proven the best.
    /// Quality only (then held at the floor of the gap when Keep follows).
    WithinGap {
        /// The relative gap between the plan and the bound, at most the
        /// one asked for.
        gap: f64,
    },
    /// Not reached because an earlier level stopped.
    NotSolved,
    /// Stopped unproven: the proof would need a MIP over `pairs` eligible
    /// pairs, beyond the memory budget ([`MAX_PROOF_PAIRS`]); the best plan
    /// found is within `gap` (relative) of the LP bound. Later levels not
    /// solved.
    Unproven {
        /// Pairs the proof would need.
        pairs: usize,
        /// Relative gap between the best plan and the bound.
        gap: f64,
    },
}

impl LevelStatus {
    /// Stable name used in outputs.
    pub fn name(self) -> &'static str {
        match self {
            LevelStatus::Optimal => "optimal",
            LevelStatus::TimeLimit { .. } => "time_limit",
            LevelStatus::WithinGap { .. } => "within_gap",
            LevelStatus::NotSolved => "not_solved",
            LevelStatus::Unproven { .. } => "unproven",
        }
    }

    /// How `level` ended, from how its last solve ended. No level is ever
    /// infeasible (pins were checked at load): that is an internal error.
    pub(crate) fn of(level: Level, ended: Ended) -> Result<LevelStatus> {
        Ok(match ended {
            Ended::Optimal => LevelStatus::Optimal,
            Ended::TimeLimit(gap) => LevelStatus::TimeLimit { gap },
            Ended::Unproven { pairs, gap } => LevelStatus::Unproven { pairs, gap },
            Ended::WithinGap(gap) => LevelStatus::WithinGap { gap },
            Ended::Infeasible => return Err(infeasible(level)),
            // The level turns a stop at its target into one of the above.
            Ended::Target => {
                return Err(Error::Internal(format!(
                    "{} level stopped at an objective target it did not set",
                    level.name()
                )))
            }
            // Only a shortcut's solve may end so, and it never ends a level.
            Ended::Unknown => {
                return Err(Error::Internal(format!(
                    "{} level ended without a verdict from HiGHS",
                    level.name()
                )))
            }
        })
    }
}

/// The error of a level found infeasible, which the pins checked at load
/// rule out.
pub(crate) fn infeasible(level: Level) -> Error {
    Error::Internal(format!(
        "{} level is infeasible; pins were checked at load",
        level.name()
    ))
}

/// How a solved level is held while the later levels are solved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeldBy {
    /// Its optimal face: pairs fixed, rows tight (the fast path).
    Face,
    /// An objective-cut row.
    Cut,
    /// Quality only: not held, because its last MIP also settled the Keep
    /// level that follows it, as Quality's tie-break (the fast path).
    TieBreak,
    /// Not held: the last level, or a level that stopped or needed no
    /// solve.
    NotHeld,
}

impl HeldBy {
    /// Stable name used in outputs: `face`, `cut`, `tie_break` or `-`.
    pub fn name(self) -> &'static str {
        match self {
            HeldBy::Face => "face",
            HeldBy::Cut => "cut",
            HeldBy::TieBreak => "tie_break",
            HeldBy::NotHeld => "-",
        }
    }
}

/// The outcome of one level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LevelReport {
    /// Which level.
    pub level: Level,
    /// Its value for the returned plan, recomputed from the plan.
    pub value: f64,
    /// How it ended.
    pub status: LevelStatus,
    /// Solver wall time, seconds.
    pub seconds: f64,
    /// How the level was held for the next ones.
    pub held_by: HeldBy,
}

/// A solved plan with how it was found.
#[derive(Debug, Clone)]
pub struct Solution {
    /// The plan.
    pub plan: Plan,
    /// Level values of the plan, recomputed from it.
    pub levels: Levels,
    /// One report per level.
    pub reports: Vec<LevelReport>,
    /// Number of eligible pairs (model variables).
    pub eligible_pairs: usize,
    /// Model build wall time, seconds.
    pub build_seconds: f64,
    /// Placed officers replaced after a level was stopped (see
    /// [`SolveOptions::polish`]).
    pub polished: Polished,
    /// A level was stopped by the solve's cancel flag
    /// ([`SolveOptions::cancel`]: a command's first Ctrl-C), not by a time
    /// limit; the texts that tell the stop say so.
    pub interrupted: bool,
}

/// Placed officers replaced in the plan a stopped level left (see
/// [`SolveOptions::polish`]), seat for seat.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Polished {
    /// By officers who bring a mission closer to its targets.
    pub closer_to_targets: usize,
    /// By better-scored officers, every target count unchanged.
    pub better_scored: usize,
    /// The stopped level the polished plan settled after all (see
    /// [`restate_stopped`]): it reached the level's bound, so the level is
    /// proven optimal, or (Quality under `--gap`) came within the gap
    /// asked for, so the level is settled within it.
    pub settled: Option<Level>,
}

impl Solution {
    /// A plan given from outside (a plan file), valued from the plan
    /// itself; it carries no solver reports.
    pub fn of_plan(inst: &Instance, plan: Plan, eligible_pairs: usize) -> Solution {
        let levels = plan::evaluate(inst, &plan);
        Solution {
            plan,
            levels,
            reports: Vec::new(),
            eligible_pairs,
            build_seconds: 0.0,
            polished: Polished::default(),
            interrupted: false,
        }
    }

    /// How the solve ended as a whole: the first level stopped unproven,
    /// else the first stopped by the time limit, else the level settled
    /// within the gap asked for, else optimal.
    pub fn status(&self) -> LevelStatus {
        let statuses = || self.reports.iter().map(|r| r.status);
        let unproven = statuses().find(|s| matches!(s, LevelStatus::Unproven { .. }));
        let time_limit = statuses().find(|s| matches!(s, LevelStatus::TimeLimit { .. }));
        let within = statuses().find(|s| matches!(s, LevelStatus::WithinGap { .. }));
        unproven
            .or(time_limit)
            .or(within)
            .unwrap_or(LevelStatus::Optimal)
    }

    /// Whether the solve ended as asked: every level proven optimal, or
    /// settled within the gap asked for (`--gap`). A match that ends so
    /// exits 0.
    pub fn settled(&self) -> bool {
        self.reports.iter().all(|r| {
            matches!(
                r.status,
                LevelStatus::Optimal | LevelStatus::WithinGap { .. }
            )
        })
    }

    /// The name of [`Solution::status`]: `optimal`, `within_gap`,
    /// `time_limit` or `unproven`, for outputs.
    pub fn status_name(&self) -> &'static str {
        self.status().name()
    }

    /// The first level not proven optimal (stopped by the time limit or
    /// the memory guard, or not reached), in the order they were solved,
    /// if any: Keep when it comes before Quality (a re-plan), since
    /// Quality is then not optimized at all; never Keep as Quality's
    /// tie-break after it (which decides only among plans equal on every
    /// level, and says so as "not proven the fewest" moves).
    pub fn stopped_in(&self) -> Option<Level> {
        let mut after_quality = false;
        for r in &self.reports {
            if r.level == Level::Keep && after_quality {
                continue;
            }
            if r.status != LevelStatus::Optimal {
                return Some(r.level);
            }
            after_quality |= r.level == Level::Quality;
        }
        None
    }

    /// Whether `level` was solved and proven optimal.
    pub fn proven(&self, level: Level) -> bool {
        self.reports
            .iter()
            .any(|r| r.level == level && r.status == LevelStatus::Optimal)
    }

    /// Whether every level was proven optimal.
    pub fn optimal(&self) -> bool {
        self.reports
            .iter()
            .all(|r| r.status == LevelStatus::Optimal)
    }
}
