//! The grid a level's values lie on and the gaps between a plan and a
//! bound: when a level is proven, held, or settled within `--gap`.

use super::highs::{self};
use super::{Level, LevelReport, LevelStatus};
use crate::model::Instance;

/// Relative tolerance of an objective cut on a non-integral level.
pub const LEVEL_TOLERANCE: f64 = 1e-7;

/// The steps a level's values are recognised on (see [`level_slack`]):
/// whole numbers, then one, two or three decimals.
pub const STEPS: [f64; 4] = [1.0, 0.1, 0.01, 0.001];

/// How close to its bound a MIP of `level` may stop with its plan proven
/// optimal (HiGHS's `mip_abs_gap`), beyond what HiGHS sees itself. Balance
/// sums shortfalls `max(0, share·N − count)`, so its values are multiples
/// of the step every target share is a multiple of (`share·N` is then
/// one for every head count `N`): a plan within nine tenths of that step
/// of the bound is the best. HiGHS, seeing continuous shortfall columns,
/// would branch on to close the last hundredth (a pool of 386 officers,
/// `tests/fixtures/balance_grid`, branched for over 20 minutes on 22.4439
/// against 22.45). 0 (HiGHS's own) for other levels, whose objectives
/// HiGHS finds whole after scaling, or when a share has more than three
/// decimals.
pub(crate) fn abs_gap(inst: &Instance, level: Level) -> f64 {
    match level {
        Level::Balance => share_step(inst).map_or(0.0, |step| 0.9 * step),
        _ => 0.0,
    }
}

/// The step every Balance value is a multiple of: the coarsest step every
/// target share is a multiple of (see [`abs_gap`]).
pub(crate) fn share_step(inst: &Instance) -> Option<f64> {
    let shares = inst
        .missions
        .iter()
        .flat_map(|m| [m.min_women_share, m.min_language_share])
        .filter(|&share| share > 0.0);
    common_step(shares)
}

/// Whether `value` is a multiple of `step` (to within double precision).
pub fn on_grid(value: f64, step: f64) -> bool {
    let v = value / step;
    (v - v.round()).abs() <= 1e-9 * v.abs().max(1.0)
}

/// The coarsest step of [`STEPS`] every value is a multiple of: 1 when
/// all are whole, else 0.1, 0.01 or 0.001; `None` when some value has more
/// decimals. No values at all are whole.
pub fn common_step(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let mut finest = 0;
    for v in values {
        finest = finest.max(decimals(v)?);
    }
    Some(STEPS[finest])
}

/// The index in [`STEPS`] of the coarsest step `value` is a multiple of.
pub fn decimals(value: f64) -> Option<usize> {
    STEPS.iter().position(|&step| on_grid(value, step))
}

/// How far a plan's value may fall short of a level's value `v` and still
/// count as reaching it: the relative [`LEVEL_TOLERANCE`], but never half
/// of `step` when every plan's value is a multiple of `step`. A relative
/// tolerance alone grows with the value: at a million it is 0.1, and a
/// plan a tenth of a point worse would count as optimal.
pub fn level_slack(v: f64, step: Option<f64>) -> f64 {
    let relative = LEVEL_TOLERANCE * v.abs().max(1.0);
    step.map_or(relative, |s| relative.min(0.5 * s))
}

/// How close a plan's value must be to an LP's for the plan to be on the
/// LP's optimal face: the LP's numerical error (an absolute 1e-6 and a
/// relative 1e-9), never more than [`level_slack`]. Not the grid's half
/// step: a plan proven optimal on the grid may lie half a step below an
/// LP off that grid, and no whole plan is on that LP's face.
pub(crate) fn on_the_lp(value: f64, step: Option<f64>) -> f64 {
    (1e-6 + 1e-9 * value.abs()).min(level_slack(value, step))
}

/// A value above which every plan of a maximized level is within `gap`
/// of `lp` as [`relative_gap`] measures it. Raised by a relative 1e-12,
/// so that rounding in the division never leaves a plan just above it a
/// hair outside the gap.
pub(crate) fn target_within(lp: f64, gap: f64) -> f64 {
    let target = least_within(lp, gap);
    target + 1e-12 * target.abs().max(1.0)
}

/// The least value within `gap` of `bound` as [`relative_gap`] measures
/// it (relative to the value, or to 1 below 1), before any rounding.
pub(crate) fn least_within(bound: f64, gap: f64) -> f64 {
    let relative = bound / (1.0 + gap);
    if relative >= 1.0 {
        relative
    } else {
        bound - gap
    }
}

/// The floor a maximized level settled within `gap` of `bound` is held at
/// when Keep follows it (`whatif --gap`): the least value within the gap
/// ([`relative_gap`] at most `gap`), on the grid of the level's values
/// when they have one (`step`), else raised by the level's slack, so that
/// the cut holding it (which allows that slack) admits no plan outside
/// the gap; never above `found`, the plan found.
pub(crate) fn gap_floor(bound: f64, gap: f64, step: Option<f64>, found: f64) -> f64 {
    let floor = match step {
        Some(step) => {
            let on_grid = (least_within(bound, gap) / step - 1e-9).ceil() * step;
            if relative_gap(bound, on_grid) > gap {
                on_grid + step
            } else {
                on_grid
            }
        }
        None => {
            let least = target_within(bound, gap);
            least + level_slack(least, None)
        }
    };
    floor.min(found)
}

/// The relative gap between a plan of value `value` and a bound, as the
/// engine measures gaps: relative to the plan's value, or to 1 below 1.
pub(crate) fn relative_gap(bound: f64, value: f64) -> f64 {
    (bound - value).abs() / value.abs().max(1.0)
}

/// How far a bound stands from a plan of value `value` that is `gap`
/// from it ([`relative_gap`], read backwards).
pub(crate) fn gap_span(value: f64, gap: f64) -> f64 {
    gap * value.abs().max(1.0)
}

/// The bound a minimized level's plan of value `value` is proven against
/// when it stopped `gap` from it ([`relative_gap`]). HiGHS states its gaps
/// relative to the plan's value alone, which below 1 is larger than this
/// engine's: the bound given is then lower than HiGHS's, never above it.
pub(crate) fn bound_below(value: f64, gap: f64) -> f64 {
    value - gap_span(value, gap)
}

/// The bound a maximized level's plan of value `value` is proven against,
/// from how its solve ended: the value itself when proven optimal, else
/// above it by the gap it settled within ([`relative_gap`]; HiGHS states
/// its gaps relative to the plan's value alone, the same from 1 up).
pub(crate) fn bound_of(ended: highs::Ended, value: f64) -> f64 {
    match ended {
        highs::Ended::WithinGap(gap) => value + gap_span(value, gap),
        _ => value,
    }
}

/// After Keep chose among the plans within Quality's gap (`whatif --gap`),
/// Quality's status is that of the plan chosen, of value `value`: optimal
/// when its gap to `bound` closes on the grid of the values (`step`), else
/// within that gap.
pub(crate) fn restate_quality(
    reports: &mut [LevelReport],
    bound: f64,
    value: f64,
    step: Option<f64>,
) {
    let gap = relative_gap(bound, value);
    let status = if gap_closes(gap, value, step) {
        LevelStatus::Optimal
    } else {
        LevelStatus::WithinGap { gap }
    };
    for r in reports.iter_mut().filter(|r| r.level == Level::Quality) {
        r.status = status;
    }
}

/// Whether a plan of value `v`, proven within relative `gap` of a bound,
/// is in fact proven optimal: no plan on the grid of the level's values
/// (`step`) fits between it and the bound, or without a grid the gap is
/// within the level's numerical slack. HiGHS calls a plan within the gap
/// asked for optimal and states its gap, which can be a rounding residue
/// or less than one step.
pub(crate) fn gap_closes(gap: f64, v: f64, step: Option<f64>) -> bool {
    let absolute = gap * v.abs().max(1.0);
    match step {
        Some(step) => absolute < step * (1.0 - 1e-9),
        None => absolute <= level_slack(v, None),
    }
}

/// A reduced cost or dual smaller than this (relative to the objective's
/// largest coefficient) counts as zero. HiGHS's dual feasibility tolerance
/// is 1e-7; true non-zero duals of these models are far larger.
pub(crate) const DUAL_TOLERANCE: f64 = 1e-6;
