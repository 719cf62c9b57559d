//! Watching a HiGHS run while it goes on, through HiGHS's callback: a
//! cancelled solve stops within moments instead of at the end of the call
//! under way (a scarce pool's MIP can run for a minute), a MIP tells
//! how far its best plan is from the bound, for a progress display, and a
//! MIP started from a plan stops once its bound proves that plan the best
//! ([`Proves`]).
//!
//! This is the crate's only `unsafe` code: registering a Rust function
//! with HiGHS's C interface and reading the data it passes. The contract
//! is small and kept here: the state HiGHS points to is boxed, outlives the
//! run, and is unregistered before it is dropped; the callback never
//! unwinds into HiGHS.
#![allow(unsafe_code)]

use crate::solve::{Cancel, Level, Search, Searching};
use highs::{Model, SolvedModel};
use std::os::raw::{c_char, c_int, c_void};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// What watches one HiGHS run.
#[derive(Clone, Default)]
pub struct Watch {
    /// Stops the run when set.
    pub cancel: Option<Cancel>,
    /// Told the gap of a MIP's best plan as it narrows: the level the MIP
    /// solves, and `true` when it proves a plan rather than searching for one.
    pub search: Option<(Search, Level, bool)>,
    /// The plan a MIP starts from, to stop it once its bound proves that
    /// plan the best: only with that plan as the solve's warm start
    /// (`Settings::warm`), which the solve then returns.
    pub proves: Option<Proves>,
}

/// A MIP's starting plan, by its value in the MIP's own objective.
/// HiGHS maps a starting plan onto the model its presolve reduced, and
/// there may value it lower than it is worth (seen with HiGHS 1.16: a
/// plan worth 4,462.45 became 4,457.2 in the reduced model). It then
/// keeps searching for a plan as good as the one it was given, long
/// after its bound has proven that plan the best: on a 2,877-officer
/// pool, its bound proved the plan 45 s into a proof that ran 122 s.
/// The watch stops the MIP as soon as
/// its bound shows that no plan beats the starting one by more than
/// `slack`, which is then proven optimal.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Proves {
    /// The starting plan's value.
    pub value: f64,
    /// The MIP maximizes (else it minimizes).
    pub maximize: bool,
    /// How far the bound may stand beyond `value` and still prove it:
    /// less than the step between two plans' values, or HiGHS's own
    /// absolute gap.
    pub slack: f64,
}

impl Proves {
    /// Whether a MIP whose bound (over every plan it may still find) is
    /// `bound` has proven the starting plan the best.
    pub fn proven_by(self, bound: f64) -> bool {
        let beyond = if self.maximize {
            bound - self.value
        } else {
            self.value - bound
        };
        bound.is_finite() && beyond <= self.slack
    }
}

/// The state HiGHS's callback reads: the watch, the last gap told
/// (the bits of an `f64`, NaN for "no plan yet"), so that a display is
/// told only when what it shows changes, and whether the bound proved the
/// starting plan.
pub struct Watching {
    watch: Watch,
    last_gap: AtomicU64,
    proven: AtomicBool,
}

/// [`Watching::last_gap`] before anything was told (not the bits of any
/// gap HiGHS states: a gap is never negative).
const NOTHING_TOLD: u64 = u64::MAX;

/// The kinds of call HiGHS makes to us: often during a MIP's search
/// (with its bounds), often during a simplex solve, and for each line
/// of its log (only when [`attach`] is asked for the log).
const KINDS: [highs_sys::HighsInt; 3] = [
    highs_sys::kHighsCallbackMipInterrupt,
    highs_sys::kHighsCallbackSimplexInterrupt,
    highs_sys::kHighsCallbackLogging,
];

/// Registers `watch` with `model` for its next run, and with `log` (`-v`)
/// HiGHS's log, written to stderr (HiGHS's own console log goes to
/// stdout, where it would mix with `--json`'s output). `Ok(None)` when
/// there is nothing to watch; `Err` if HiGHS refuses the callback. The
/// returned state must be handed to [`detach`] after the run.
pub fn attach(model: &mut Model, watch: &Watch, log: bool) -> Result<Option<Box<Watching>>, ()> {
    if watch.cancel.is_none() && watch.search.is_none() && watch.proves.is_none() && !log {
        return Ok(None);
    }
    let watching = Box::new(Watching {
        watch: watch.clone(),
        last_gap: AtomicU64::new(NOTHING_TOLD),
        proven: AtomicBool::new(false),
    });
    let data = &*watching as *const Watching as *mut c_void;
    // SAFETY: `model` is a live HiGHS instance. `data` points into a box
    // that outlives the run: `detach` unregisters it before dropping it,
    // and if the run fails the instance is dropped with the error, before
    // the box.
    let set = unsafe { highs_sys::Highs_setCallback(model.as_mut_ptr(), Some(on_callback), data) };
    if set != highs_sys::kHighsStatusOk {
        return Err(());
    }
    for kind in KINDS {
        if kind == highs_sys::kHighsCallbackLogging && !log {
            continue;
        }
        // SAFETY: as above.
        if unsafe { highs_sys::Highs_startCallback(model.as_mut_ptr(), kind) }
            != highs_sys::kHighsStatusOk
        {
            return Err(());
        }
    }
    Ok(Some(watching))
}

/// Unregisters the callback from the solved model, then drops its state.
/// Returns whether the MIP stopped because its bound proved the starting
/// plan ([`Proves`]).
pub fn detach(solved: &mut SolvedModel, watching: Option<Box<Watching>>) -> bool {
    let Some(watching) = watching else {
        return false;
    };
    // SAFETY: the solved model is the instance `attach` registered with;
    // afterwards HiGHS holds no pointer to the state (the model may be
    // solved again, as column generation does, without it).
    unsafe {
        for kind in KINDS {
            highs_sys::Highs_stopCallback(solved.as_mut_ptr(), kind);
        }
        highs_sys::Highs_setCallback(solved.as_mut_ptr(), None, std::ptr::null_mut());
    }
    watching.proven.load(Ordering::Relaxed)
}

/// HiGHS's callback: asks HiGHS to stop when the solve is cancelled or its
/// bound proves the starting plan, and tells the search's gap when it has
/// moved by a thousandth of a percent.
///
/// # Safety
/// `data` is the [`Watching`] registered by [`attach`], alive for the whole
/// run; `out` and `input` are HiGHS's, valid during the call, or null.
unsafe extern "C" fn on_callback(
    kind: c_int,
    message: *const c_char,
    out: *const highs_sys::HighsCallbackDataOut,
    input: *mut highs_sys::HighsCallbackDataIn,
    data: *mut c_void,
) {
    // Nothing may unwind into HiGHS.
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // SAFETY: as the function's contract states.
        let (watching, out, mut input) =
            unsafe { (&*(data as *const Watching), out.as_ref(), input.as_mut()) };
        if kind == highs_sys::kHighsCallbackLogging as c_int {
            if !message.is_null() {
                // SAFETY: HiGHS passes its log line as a C string, valid
                // during the call.
                let line = unsafe { std::ffi::CStr::from_ptr(message) };
                use std::io::Write;
                let _ = std::io::stderr().write_all(line.to_bytes());
            }
            return;
        }
        if let (Some(cancel), Some(input)) = (&watching.watch.cancel, input.as_deref_mut()) {
            if cancel.is_cancelled() {
                input.user_interrupt = 1;
            }
        }
        if kind != highs_sys::kHighsCallbackMipInterrupt as c_int {
            return;
        }
        if let (Some(proves), Some(out), Some(input)) = (watching.watch.proves, out, input) {
            if proves.proven_by(out.mip_dual_bound) {
                watching.proven.store(true, Ordering::Relaxed);
                input.user_interrupt = 1;
            }
        }
        if let (Some((Search(tell), level, proving)), Some(out)) = (&watching.watch.search, out) {
            let gap = (out.mip_primal_bound.is_finite() && out.mip_gap.is_finite())
                .then_some(out.mip_gap.max(0.0));
            if let Some(searching) = watching.moved(gap, *level, *proving) {
                tell(searching);
            }
        }
    }));
}

impl Watching {
    /// What to tell when the gap has moved since last told (a thousandth
    /// of a percent, or a first plan found).
    fn moved(&self, gap: Option<f64>, level: Level, proving: bool) -> Option<Searching> {
        let before = self.last_gap.load(Ordering::Relaxed);
        let changed = before == NOTHING_TOLD
            || match (f64::from_bits(before), gap) {
                (b, Some(g)) if !b.is_nan() => (g - b).abs() >= 1e-5,
                (b, None) => !b.is_nan(),
                _ => true,
            };
        if !changed {
            return None;
        }
        self.last_gap
            .store(gap.unwrap_or(f64::NAN).to_bits(), Ordering::Relaxed);
        Some(Searching {
            level,
            proving,
            gap,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::highs::{solve_model, Ended, Settings};
    use highs::{ColProblem, Sense};
    use rand::{Rng, SeedableRng};
    use std::sync::{Arc, Mutex};

    /// A multi-dimensional knapsack MIP (40 items, 5 rows) that HiGHS
    /// cannot settle at its root: it has to branch.
    fn knapsack(integer: bool) -> Model {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        let n = 40;
        let mut model = Model::new(ColProblem::new());
        model.set_sense(Sense::Maximise);
        let weights: Vec<Vec<f64>> = (0..5)
            .map(|_| (0..n).map(|_| f64::from(rng.gen_range(10..60))).collect())
            .collect();
        let rows: Vec<_> = weights
            .iter()
            .map(|w| {
                let cap = (w.iter().sum::<f64>() / 2.0).floor();
                model.add_row(..=cap, std::iter::empty::<(highs::Col, f64)>())
            })
            .collect();
        for j in 0..n {
            let cost = f64::from(rng.gen_range(20..80));
            let entries: Vec<_> = rows.iter().zip(&weights).map(|(&r, w)| (r, w[j])).collect();
            model.add_column_with_integrality(cost, 0.0..=1.0, entries, integer);
        }
        model
    }

    /// The MIP's search is told to the watcher (its level, whether it
    /// proves, its gap); a cancel made while the MIP runs (here by the
    /// watcher itself, at the first news) stops it unproven, where the
    /// same MIP left alone ends proven.
    #[test]
    fn a_mip_is_watched_and_a_cancel_stops_it_under_way() {
        let left_alone = solve_model(knapsack(true), &Settings::new("knapsack", None))
            .unwrap()
            .0;
        assert_eq!(left_alone.ended, Ended::Optimal);

        let told = Arc::new(Mutex::new(Vec::new()));
        let cancel = Cancel::default();
        let (record, stop) = (told.clone(), cancel.clone());
        let settings = Settings {
            watch: Watch {
                cancel: Some(cancel.clone()),
                search: Some((
                    Search(Arc::new(move |s| {
                        record.lock().unwrap().push(s);
                        stop.cancel();
                    })),
                    Level::Balance,
                    true,
                )),
                proves: None,
            },
            ..Settings::new("knapsack", None)
        };
        let (cancelled, _) = solve_model(knapsack(true), &settings).unwrap();
        assert!(
            matches!(cancelled.ended, Ended::TimeLimit(_)),
            "{:?}",
            cancelled.ended
        );
        let told = told.lock().unwrap();
        assert!(!told.is_empty());
        assert!(told
            .iter()
            .all(|s| s.level == Level::Balance && s.proving && s.gap.is_none_or(|g| g >= 0.0)));
    }

    /// A cancelled solve stops its LP too (HiGHS's simplex asks the
    /// callback as it iterates); a watch with nothing set changes nothing.
    #[test]
    fn a_cancel_stops_an_lp() {
        let cancel = Cancel::default();
        cancel.cancel();
        let watched = |watch| Settings {
            watch,
            ..Settings::new("knapsack LP", None)
        };
        let (stopped, _) = solve_model(
            knapsack(false),
            &watched(Watch {
                cancel: Some(cancel),
                search: None,
                proves: None,
            }),
        )
        .unwrap();
        assert!(
            matches!(stopped.ended, Ended::TimeLimit(_)),
            "{:?}",
            stopped.ended
        );
        let (solved, _) = solve_model(knapsack(false), &watched(Watch::default())).unwrap();
        assert_eq!(solved.ended, Ended::Optimal);
    }

    /// A MIP started from a plan stops as soon as its bound proves that
    /// plan the best, and returns it: here a plan claimed to be worth
    /// far more than it is stops the MIP at its first bound. A plan that
    /// is not the best never stops it: the MIP finds the optimum as if
    /// left alone.
    #[test]
    fn a_mip_stops_when_its_bound_proves_its_starting_plan() {
        let (alone, _) = solve_model(knapsack(true), &Settings::new("knapsack", None)).unwrap();
        let nothing = vec![0.0; 40];
        let started = |proves| Settings {
            warm: Some(&nothing),
            watch: Watch {
                proves: Some(proves),
                ..Watch::default()
            },
            mip: true,
            ..Settings::new("knapsack", None)
        };
        let claimed = Proves {
            value: alone.value + 1e6,
            maximize: true,
            slack: 0.5,
        };
        let (stopped, _) = solve_model(knapsack(true), &started(claimed)).unwrap();
        assert!(stopped.by_bound);
        assert!(
            stopped.iterations < alone.iterations,
            "stopped at its first bound: {} simplex iterations, {} left alone",
            stopped.iterations,
            alone.iterations
        );
        assert_eq!(stopped.ended, Ended::Optimal);
        assert_eq!(stopped.value, claimed.value);
        assert_eq!(stopped.columns.as_deref(), Some(&nothing[..]));

        let honest = Proves {
            value: 0.0,
            ..claimed
        };
        let (searched, _) = solve_model(knapsack(true), &started(honest)).unwrap();
        assert!(!searched.by_bound);
        assert_eq!(searched.ended, Ended::Optimal);
        assert_eq!(searched.value, alone.value);
        assert!(alone.value > 0.0);
    }

    /// A bound proves the plan when it stands no further than the slack
    /// beyond its value, on the side of better plans (above when
    /// maximizing, below when minimizing); an infinite bound (no LP yet)
    /// proves nothing.
    #[test]
    fn a_bound_proves_a_plan_within_the_slack_on_the_side_of_better_plans() {
        let max = Proves {
            value: 100.0,
            maximize: true,
            slack: 0.5,
        };
        assert!(max.proven_by(100.4));
        assert!(max.proven_by(99.0));
        assert!(!max.proven_by(100.6));
        assert!(!max.proven_by(f64::INFINITY));
        let min = Proves {
            maximize: false,
            ..max
        };
        assert!(min.proven_by(99.6));
        assert!(min.proven_by(101.0));
        assert!(!min.proven_by(99.4));
        assert!(!min.proven_by(f64::NEG_INFINITY));
    }

    fn watching() -> Watching {
        Watching {
            watch: Watch::default(),
            last_gap: AtomicU64::new(NOTHING_TOLD),
            proven: AtomicBool::new(false),
        }
    }

    #[test]
    fn the_gap_is_told_when_it_moves() {
        let w = watching();
        let told = |gap| w.moved(gap, Level::Quality, false).map(|s| s.gap);
        assert_eq!(told(None), Some(None), "no plan yet, told once");
        assert_eq!(told(None), None);
        assert_eq!(told(Some(0.01)), Some(Some(0.01)), "a first plan");
        assert_eq!(told(Some(0.010001)), None, "too small a move");
        assert_eq!(told(Some(0.0004)), Some(Some(0.0004)));
        assert_eq!(told(Some(0.0)), Some(Some(0.0)));
    }
}
