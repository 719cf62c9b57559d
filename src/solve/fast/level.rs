//! The level driver: one level solved exactly, stage by stage, each stage
//! only when the ones before it could not prove the level optimal:
//!
//! 1. **LP bound.** The level's LP over every pair, by column generation;
//!    its optimum bounds the level (rounded towards the worse side when
//!    every plan's value is whole).
//! 2. **Integral shortcut.** An integral LP solution is the optimum.
//! 3. **Face.** When the bound is the LP optimum itself, any whole plan on
//!    the LP's optimal face reaches it: a dive looks for one, then the MIP
//!    over the face. (With a gap to settle within, after rounding and the
//!    support, which often settle the level within it.)
//! 4. **Rounding.** The LP solution rounded by a small MIP; a plan that
//!    reaches the bound is optimal.
//! 5. **Support** (only when the level may settle within a gap of 0.5 % or
//!    more, see below). The MIP over the pairs the LP solution uses.
//! 6. **Widen.** The working set may be too narrow for a whole plan on the
//!    face: pairs of zero reduced cost join it and the MIP over the face
//!    looks again.
//! 7. **MIP.** The optimum may be below the LP bound, and the incumbent
//!    bounds the gap: first the MIP over the working set, then, if the
//!    bound is still not reached, with every pair whose reduced cost is
//!    within the gap (no other pair can take part in a better plan),
//!    which starts from the best plan and mostly proves it (HiGHS's
//!    plan-finding heuristics off, see `mip::Start`). A proof beyond the
//!    memory budget leaves the level unproven.
//! 8. **Keep as the tie-break.** When the Keep level follows Quality and
//!    Quality's best plan is below its LP value, the MIP within the gap
//!    runs at once with Keep as Quality's tie-break (`tie_break`), which
//!    settles both levels; Quality is then not held. Not with a gap to
//!    settle within: Keep then follows as its own level, among every plan
//!    within the gap (`crate::solve::keep_first`).
//!
//! With a relative gap to settle within (Quality only, `match --gap` and
//! `whatif --gap`), the
//! level ends as soon as a plan is proven that close to the best: after
//! rounding when the plan is within the gap of the LP over every pair; in
//! a first MIP over the LP solution's support (the pairs it uses, far
//! fewer than the working set), then in the MIP over the working set, at
//! their first plan that close (HiGHS's objective target); in the MIP
//! within the gap at that relative gap (its bound is the level's). A plan
//! HiGHS settles with less than one step of the values' grid to its bound
//! is proven optimal all the same.

use super::column_generation::Lp;
use super::faces::Fixings;
use super::mip::Start;
use super::{Incumbent, Master, Outcome, State};
use crate::error::Result;
use crate::solve::highs::Ended;
use crate::solve::{
    gap_closes, infeasible, level_slack, max_proof_nonzeros, on_the_lp, target_within, Level,
    LEVEL_TOLERANCE, MAX_PROOF_PAIRS,
};

/// Times the working set is widened on an optimal face before the MIP
/// over every pair within the gap decides.
const WIDEN_ROUNDS: usize = 3;

/// The narrowest gap asked for (relative) from which a level looks for a
/// plan within it over the LP's support first (see
/// [`Over::Support`]). Measured on twenty scarce pools of 2,500
/// officers: at 0.5 % the support held such a plan on 16 of 20 (on one
/// more the rounded plan had settled already), and the
/// Quality level took about half the time; at 0.1 % it seldom held one,
/// and the search over it did not clearly pay (six of twelve seeds faster,
/// four slower, one of them twice as slow).
const SUPPORT_FROM_GAP: f64 = 0.005;

/// The pairs a search MIP may use (see [`Master::search`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Over {
    /// The working set.
    WorkingSet,
    /// The working pairs the LP solution uses and the best plan's, every
    /// other working pair at 0: far smaller than the working set, it
    /// mostly finds a plan within a gap sooner; when it holds none, the
    /// search over the working set looks further. Tried only when the
    /// level may settle within a gap of [`SUPPORT_FROM_GAP`] or more.
    Support,
}

/// The value a plan must reach to be proven optimal at a level.
struct Bound {
    /// 1 for a maximized level, −1 for a minimized one.
    sense: f64,
    /// Numerical slack of the comparisons.
    slack: f64,
    /// The bound.
    value: f64,
}

impl Bound {
    /// The LP optimum as a bound. With whole values the bound rounds to a
    /// whole number towards the worse side (allowing the LP's relative
    /// error); otherwise it is the LP value, and a plan reaches it within
    /// less than half a step of the values' grid.
    fn new(level: Level, lp_value: f64, step: Option<f64>) -> Bound {
        let sense = Master::sense(level);
        let slack = level_slack(lp_value, step);
        let value = if step == Some(1.0) {
            let allowance = LEVEL_TOLERANCE * lp_value.abs().max(1.0);
            sense * (sense * lp_value + allowance).floor()
        } else {
            lp_value
        };
        Bound {
            sense,
            slack,
            value,
        }
    }

    /// Whether a plan of value `v` reaches the bound (so is optimal).
    fn reached_by(&self, v: f64) -> bool {
        self.sense * (v - self.value) >= -self.slack
    }

    /// Whether the bound is the LP optimum itself (to the LP's numerical
    /// error, [`on_the_lp`]): then every plan on the LP's optimal face
    /// reaches it.
    fn at_lp(&self, lp_value: f64, step: Option<f64>) -> bool {
        (self.value - lp_value).abs() <= on_the_lp(lp_value, step)
    }

    /// Makes `plan` the best if it is better.
    fn keep_better(&self, best: &mut Incumbent, plan: Option<Incumbent>) {
        if let Some(plan) = plan.filter(|p| self.sense * (p.value - best.value) > 0.0) {
            *best = plan;
        }
    }
}

impl Master<'_> {
    /// Solves one level exactly, stage by stage (see the module doc).
    /// `previous` is a plan that meets every held level (the previous
    /// level's plan, or the greedy start).
    pub fn level(&mut self, level: Level, previous: &Incumbent) -> Result<Outcome> {
        self.restart(&previous.pairs);
        let step = self.objective_step(level);
        let lp = self.lp(level)?;
        if lp.ended != Ended::Optimal {
            return Ok(Outcome {
                ended: lp.ended,
                value: previous.value,
                plan: None,
                lp: None,
                step,
                keep_solved: false,
            });
        }
        let solved = |ended, value, plan, lp| Outcome {
            ended,
            value,
            plan: Some(plan),
            lp: Some(lp),
            step,
            keep_solved: false,
        };
        if let Some(plan) = Self::integral_shortcut(&lp) {
            let plan = self.valued(level, plan.pairs);
            return Ok(solved(Ended::Optimal, plan.value, plan, lp));
        }
        let bound = Bound::new(level, lp.value, step);
        // When the bound is the LP optimum itself, any whole plan on the
        // LP's optimal face reaches it: looked for before rounding, which
        // fixes every whole value of one LP solution and on dated pools
        // often finds no plan, or not the best, in seconds. Not with a gap
        // to settle within: rounding, then the LP's support, often settle
        // the level within it, which the face's search ignores.
        let face = bound
            .at_lp(lp.value, step)
            .then(|| self.face_fixings(level, &lp, 0.0));
        let face_first = self.gap_for(level).is_none();
        let mut start = previous.clone();
        if let Some(face) = face.as_ref().filter(|_| face_first) {
            if let Some(plan) = self.on_face(level, &lp, face, &bound, &mut start)? {
                return Ok(solved(Ended::Optimal, plan.value, plan, lp));
            }
        }
        let mut best = self.rounding(level, &lp, &bound, &start)?;
        if bound.reached_by(best.value) {
            if self.settles_keep(level, &lp, &bound, &best) {
                return self.keep_settled(level, lp, &bound, best, step);
            }
            return Ok(solved(Ended::Optimal, best.value, best, lp));
        }
        if let Some(gap) = self.settled_within(level, &lp, &best) {
            return Ok(solved(Ended::WithinGap(gap), best.value, best, lp));
        }
        // (A hair below the constant: a gap asked as 0.5 % is 0.5 / 100,
        // which a different rounding could leave just under 0.005.)
        if self
            .gap_for(level)
            .is_some_and(|gap| gap >= SUPPORT_FROM_GAP * (1.0 - 1e-9))
        {
            let (ended, found) = self.search(level, Over::Support, &lp, &bound, best)?;
            best = found;
            let settled = match ended {
                Ended::TimeLimit(_) => Some(self.stopped(level, &lp, &bound, &best)),
                _ => self.settled(level, &lp, &bound, &best),
            };
            if let Some(ended) = settled {
                return Ok(solved(ended, best.value, best, lp));
            }
        }
        if let Some(face) = &face {
            if !face_first {
                if let Some(plan) = self.on_face(level, &lp, face, &bound, &mut best)? {
                    return Ok(solved(Ended::Optimal, plan.value, plan, lp));
                }
            }
            if let Some(plan) = self.widened_face(level, &lp, face, &best)? {
                return Ok(solved(Ended::Optimal, plan.value, plan, lp));
            }
        }
        let (ended, best) = self.search(level, Over::WorkingSet, &lp, &bound, best)?;
        if matches!(ended, Ended::TimeLimit(_)) {
            let ended = self.stopped(level, &lp, &bound, &best);
            return Ok(solved(ended, best.value, best, lp));
        }
        if self.settles_keep(level, &lp, &bound, &best) {
            return self.keep_settled(level, lp, &bound, best, step);
        }
        if bound.reached_by(best.value) {
            return Ok(solved(ended, best.value, best, lp));
        }
        if let Some(gap) = self.settled_within(level, &lp, &best) {
            return Ok(solved(Ended::WithinGap(gap), best.value, best, lp));
        }
        let (ended, best, _) = self.gap_mip(level, &lp, &bound, best, false)?;
        let ended = match ended {
            Ended::WithinGap(gap) if gap_closes(gap, best.value, step) => Ended::Optimal,
            e => e,
        };
        Ok(solved(ended, best.value, best, lp))
    }

    /// How the level ends when the time limit stopped a MIP over part of
    /// the pairs: HiGHS's gap there bounds those pairs only; the LP over
    /// every pair bounds the level (and proves a plan that reaches it, or
    /// one within the gap asked for).
    fn stopped(&self, level: Level, lp: &Lp, bound: &Bound, best: &Incumbent) -> Ended {
        self.settled(level, lp, bound, best)
            .unwrap_or_else(|| Ended::TimeLimit(lp_gap(lp, best)))
    }

    /// How the level ends with `best`, if it ends: optimal when `best`
    /// reaches the bound, within the gap when it may settle there.
    fn settled(&self, level: Level, lp: &Lp, bound: &Bound, best: &Incumbent) -> Option<Ended> {
        if bound.reached_by(best.value) {
            Some(Ended::Optimal)
        } else {
            self.settled_within(level, lp, best).map(Ended::WithinGap)
        }
    }

    /// Integral shortcut: an integral LP solution is the level's optimum.
    fn integral_shortcut(lp: &Lp) -> Option<Incumbent> {
        Self::integral(lp).then(|| Self::lp_plan(lp))
    }

    /// Rounding: the LP solution rounded (its whole values fixed, a small
    /// MIP over the rest) often reaches the bound, which proves it
    /// optimal; it is the first try where the bound lies below the LP
    /// optimum (rounded to the values' grid), which no plan on the face
    /// reaches. Returns the better of it and `previous`.
    fn rounding(
        &mut self,
        level: Level,
        lp: &Lp,
        bound: &Bound,
        previous: &Incumbent,
    ) -> Result<Incumbent> {
        let mut best = previous.clone();
        let none = Fixings::none(self.targets.len());
        let rounded = self.rens(level, lp, &none)?;
        bound.keep_better(&mut best, rounded);
        Ok(best)
    }

    /// Face: a plan on the LP's optimal face, if one is found: by diving,
    /// then by the MIP over the face. A plan that MIP found before the
    /// time limit stopped it becomes `best` if it is better.
    fn on_face(
        &mut self,
        level: Level,
        lp: &Lp,
        face: &Fixings,
        bound: &Bound,
        best: &mut Incumbent,
    ) -> Result<Option<Incumbent>> {
        let mut found = self.dive(level, face)?;
        if found.is_none() {
            let label = format!("{} level on its LP face", level.name());
            match self.mip(level, &label, face, true, &[], Start::Shortcut)? {
                (Ended::Optimal, Some(plan)) => found = Some(plan),
                (_, plan) => bound.keep_better(best, plan),
            }
        }
        // Guard against numerical drift off the face: a plan on it is
        // worth the LP's value (not merely within the grid's half step).
        let on_it = on_the_lp(lp.value, self.value_step(level));
        Ok(found.filter(|plan| (plan.value - lp.value).abs() <= on_it))
    }

    /// Widen: the working set may be too narrow for a whole plan on the
    /// face. Widens it with pairs of zero reduced cost (the face's other
    /// free pairs), first those that help the missions short of a target
    /// in the incumbent, and looks again, up to [`WIDEN_ROUNDS`] times.
    fn widened_face(
        &mut self,
        level: Level,
        lp: &Lp,
        face: &Fixings,
        best: &Incumbent,
    ) -> Result<Option<Incumbent>> {
        for _ in 0..WIDEN_ROUNDS {
            if self.widen(level, lp, best) == 0 {
                break;
            }
            let label = format!("{} level on its LP face, widened", level.name());
            if let (Ended::Optimal, Some(plan)) =
                self.mip(level, &label, face, true, &[], Start::Shortcut)?
            {
                if (plan.value - lp.value).abs() <= on_the_lp(lp.value, self.value_step(level)) {
                    return Ok(Some(plan));
                }
            }
        }
        Ok(None)
    }

    /// A MIP that looks for better plans than `best`, over the working set
    /// or only its LP's support (see [`Over`]). The optimum may be below
    /// the LP bound; the incumbent bounds the gap, and a pair whose reduced
    /// cost exceeds it is at its LP value in every better plan. When the
    /// level may settle within a gap, the MIP stops at its first plan that
    /// close to the LP over every pair (its own bound covers its pairs
    /// only, so HiGHS's gap could not say it). Returns how it ended
    /// (stopped at that plan: optimal, the level then decides from the
    /// plan) and the better plan.
    fn search(
        &mut self,
        level: Level,
        over: Over,
        lp: &Lp,
        bound: &Bound,
        mut best: Incumbent,
    ) -> Result<(Ended, Incumbent)> {
        let mut fix = self.face_fixings(level, lp, (lp.value - best.value).abs());
        if over == Over::Support {
            for &(k, v) in &lp.x {
                let in_plan = best.pairs.binary_search(&k).is_ok();
                if v <= 1e-6 && !in_plan && self.state[k as usize] == State::Free {
                    fix.pairs.entry(k).or_insert(0.0);
                }
            }
        }
        let over = match over {
            Over::WorkingSet => "over its working set",
            Over::Support => "over its LP's support",
        };
        let label = format!("{} level {over}", level.name());
        self.mip_stop.target = self.gap_for(level).map(|gap| target_within(lp.value, gap));
        let found = self.mip(level, &label, &fix, false, &[], Start::Search(&best));
        self.mip_stop = super::MipStop::default();
        let (ended, plan) = found?;
        bound.keep_better(&mut best, plan);
        let ended = if ended == Ended::Target {
            if self.verbose {
                eprintln!("{label}: stopped at its first plan within the gap asked for");
            }
            Ended::Optimal
        } else {
            ended
        };
        Ok((ended, best))
    }

    /// The relative gap `level` may settle within, if any: Quality's, when
    /// asked for.
    pub(super) fn gap_for(&self, level: Level) -> Option<f64> {
        self.quality_gap.filter(|_| level == Level::Quality)
    }

    /// `gap`, when `level` may settle within a gap that wide or wider.
    fn settles(&self, level: Level, gap: f64) -> Option<f64> {
        self.gap_for(level)
            .filter(|&asked| gap <= asked)
            .map(|_| gap)
    }

    /// The gap between `best` and the LP over every pair, when `level` may
    /// settle within a gap and `best` is that close.
    fn settled_within(&self, level: Level, lp: &Lp, best: &Incumbent) -> Option<f64> {
        self.settles(level, lp_gap(lp, best))
    }

    /// MIP within the gap: a pair outside the working set can take part
    /// in a better plan only if its reduced cost is within the gap the
    /// incumbent leaves; every such pair joins the MIP, which then proves
    /// the level. Unproven when that MIP would exceed [`MAX_PROOF_PAIRS`]
    /// or [`MAX_PROOF_NONZEROS`](crate::solve::MAX_PROOF_NONZEROS).
    /// With `keep`, the MIP also settles the Keep level that follows, as
    /// the level's tie-break (see `tie_break`), when its weights are exact:
    /// every plan that reaches the level's optimum is in this MIP, so its
    /// optimum is the best value and, among those plans, the most pairs
    /// kept. Returns how it ended, the best plan, and, when the MIP had
    /// Keep as its tie-break, whether Keep was settled (the MIP's own plan,
    /// proven, taken).
    fn gap_mip(
        &mut self,
        level: Level,
        lp: &Lp,
        bound: &Bound,
        mut best: Incumbent,
        keep: bool,
    ) -> Result<(Ended, Incumbent, Option<bool>)> {
        let gap = (lp.value - best.value).abs();
        let fix = self.face_fixings(level, lp, gap);
        let extra = self.within(level, lp, gap);
        let pairs = self.work.len() + extra.len();
        if pairs > MAX_PROOF_PAIRS || self.proof_nonzeros(&extra) > max_proof_nonzeros() {
            let gap = lp_gap(lp, &best);
            return Ok((Ended::Unproven { pairs, gap }, best, None));
        }
        let tie = if keep {
            self.tie_break_for(&extra, &fix)
        } else {
            None
        };
        let label = match tie {
            Some(_) => format!("{} level, keep as its tie-break", level.name()),
            None => format!("{} level", level.name()),
        };
        // The incumbent is usually the level's optimum already (the
        // working-set MIP's), so this MIP mostly proves it: HiGHS's
        // plan-finding heuristics are off and branching finds any better
        // plan. As Keep's tie-break the incumbent is rarely the optimum of
        // the combined objective; the heuristics are off there too because
        // it measured faster (docs/performance-log.md).
        self.tie_break = tie;
        // This MIP holds every pair that could improve the plan, so its
        // bound is the level's, and HiGHS's gap says how close the plan is.
        self.mip_stop.gap = self.gap_for(level).unwrap_or(0.0);
        let found = self.mip(level, &label, &fix, false, &extra, Start::Prove(&best));
        self.mip_stop = super::MipStop::default();
        self.tie_break = None;
        let (ended, plan) = found?;
        if ended == Ended::Infeasible {
            return Err(infeasible(level));
        }
        // Stopped, HiGHS's gap bounds every plan better than the incumbent
        // (they all lie in this MIP), but only in the level's own terms:
        // with Keep as its tie-break the LP's gap is the one to report.
        if tie.is_none() {
            bound.keep_better(&mut best, plan);
            let ended = match ended {
                Ended::TimeLimit(g) => {
                    let g = g.min(lp_gap(lp, &best));
                    self.settles(level, g)
                        .map_or(Ended::TimeLimit(g), Ended::WithinGap)
                }
                Ended::WithinGap(g) => Ended::WithinGap(g.min(lp_gap(lp, &best))),
                e => e,
            };
            return Ok((ended, best, None));
        }
        let ended = match ended {
            Ended::TimeLimit(_) => Ended::TimeLimit(lp_gap(lp, &best)),
            e => e,
        };
        // Valued at the level alone: as good as the warm start (never
        // trust a worse one), with the most pairs kept.
        let plan = plan.map(|p| self.valued(level, p.pairs));
        match plan.filter(|p| bound.sense * (p.value - best.value) >= -bound.slack) {
            Some(p) => Ok((ended, p, Some(ended == Ended::Optimal))),
            None => Ok((ended, best, Some(false))),
        }
    }

    /// Whether the MIP within the gap settles the Keep level too: Keep
    /// follows Quality, and Quality's optimum (or best plan so far) is
    /// below its LP value, so Quality would be held by a cut, under which
    /// a Keep level of its own is slow (see `tie_break`).
    fn settles_keep(&self, level: Level, lp: &Lp, bound: &Bound, best: &Incumbent) -> bool {
        self.ties_to_keep(level) && (best.value - lp.value).abs() > bound.slack
    }

    /// The level's outcome from the MIP within the gap that settles Keep.
    /// When it cannot (weights not exact, time or memory ran out, a plan
    /// HiGHS proved but that values lower), a level already proven (`best`
    /// reaches the bound) stays proven and Keep is solved on its own;
    /// otherwise the MIP within the gap decides the level as usual.
    fn keep_settled(
        &mut self,
        level: Level,
        lp: Lp,
        bound: &Bound,
        best: Incumbent,
        step: Option<f64>,
    ) -> Result<Outcome> {
        let outcome = |ended, plan: Incumbent, lp, keep_solved| Outcome {
            ended,
            value: plan.value,
            plan: Some(plan),
            lp: Some(lp),
            step,
            keep_solved,
        };
        let proven = bound.reached_by(best.value);
        let (ended, plan, settled) = self.gap_mip(level, &lp, bound, best.clone(), true)?;
        match settled {
            Some(true) => Ok(outcome(Ended::Optimal, plan, lp, true)),
            _ if proven => Ok(outcome(Ended::Optimal, best, lp, false)),
            // The MIP within the gap, as usual, or stopped.
            None => Ok(outcome(ended, plan, lp, false)),
            Some(false) if ended != Ended::Optimal => Ok(outcome(ended, plan, lp, false)),
            Some(false) => {
                let (ended, plan, _) = self.gap_mip(level, &lp, bound, plan, false)?;
                Ok(outcome(ended, plan, lp, false))
            }
        }
    }
}

/// The relative gap between `best` and the LP bound over every pair,
/// which bounds the level whatever a MIP over part of the pairs proved.
fn lp_gap(lp: &Lp, best: &Incumbent) -> f64 {
    crate::solve::relative_gap(lp.value, best.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values in the millions: the relative tolerance alone (0.3 here)
    /// would let a plan a tenth of a point below the LP bound count as
    /// optimal; on the grid of one decimal a plan reaches the bound only
    /// within half a tenth.
    #[test]
    fn a_bound_on_the_grid_of_the_values_admits_no_worse_plan() {
        let bound = Bound::new(Level::Quality, 3_000_000.15, Some(0.1));
        assert_eq!(bound.value, 3_000_000.15);
        assert!(bound.reached_by(3_000_000.12));
        assert!(!bound.reached_by(3_000_000.0));
        let relative = Bound::new(Level::Quality, 3_000_000.15, None);
        assert!(relative.reached_by(3_000_000.0), "the relative rule alone");
        // A minimized level: no plan a step worse reaches it either.
        let bound = Bound::new(Level::Balance, 10.04, Some(0.1));
        assert!(bound.reached_by(10.04) && !bound.reached_by(10.14));
        // Whole values, as before: the bound is the LP value rounded down.
        let bound = Bound::new(Level::Quality, 812.7, Some(1.0));
        assert_eq!(bound.value, 812.0);
        assert!(bound.reached_by(812.0) && !bound.reached_by(811.0));
        assert!(!bound.at_lp(812.7, Some(1.0)));
        // Whole values: a bound rounded 0.3 below a large LP is not the
        // LP, though within half a step of it (its relative slack).
        let rounded = Bound::new(Level::Fill, 5_000_000.3, Some(1.0));
        assert!(!rounded.at_lp(5_000_000.3, Some(1.0)));
    }

    /// An LP of which only the value matters.
    fn bound_only(value: f64) -> Lp {
        Lp {
            ended: Ended::Optimal,
            value,
            x: Vec::new(),
            shortfall: Vec::new(),
            y: Vec::new(),
        }
    }

    /// Every value above the target is within the gap of the LP, as the
    /// level measures it, for values above and below 1.
    #[test]
    fn a_plan_above_the_target_is_within_the_gap() {
        for (lp, gap) in [
            (51_334.09, 0.001),
            (51_334.09, 0.005),
            (3.0, 0.5),
            (0.8, 0.1),
        ] {
            let target = target_within(lp, gap);
            assert!(target < lp, "{lp} {gap}");
            for v in [target + 1e-9, target * (1.0 + 1e-12) + 1e-9, lp] {
                let plan = Incumbent {
                    pairs: Vec::new(),
                    value: v,
                };
                let lp = bound_only(lp);
                assert!(lp_gap(&lp, &plan) <= gap, "{v}: {}", lp_gap(&lp, &plan));
            }
            // Just below the target a plan may be outside the gap: the
            // target is no lower than it needs to be.
            let v = lp / (1.0 + gap) - 1e-6 * lp.max(1.0);
            if lp / (1.0 + gap) >= 1.0 {
                let plan = Incumbent {
                    pairs: Vec::new(),
                    value: v,
                };
                assert!(lp_gap(&bound_only(lp), &plan) > gap);
            }
        }
    }

    #[test]
    fn the_slack_stays_below_half_a_step() {
        assert_eq!(level_slack(1e7, Some(0.1)), 0.05);
        assert_eq!(level_slack(1e7, Some(0.001)), 0.0005);
        assert!((level_slack(55_000.0, Some(0.1)) - 0.0055).abs() < 1e-12);
        assert!((level_slack(1e7, None) - 1.0).abs() < 1e-9);
    }
}
