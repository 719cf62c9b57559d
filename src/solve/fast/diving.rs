//! Diving on the LP's optimal face: every point of the face reaches the
//! LP bound, so fixing fractional pairs one at a time and re-solving from
//! the basis finds an optimal whole plan far faster than a MIP, when it
//! finds one.

use super::faces::Fixings;
use super::restricted::Column;
use super::{Incumbent, Master};
use crate::error::Result;
use crate::solve::highs::{solve_model, Ended, Settings};
use crate::solve::Level;
use highs::Model;

/// Steps of a dive before it gives up (measured: successful dives on M
/// take up to 25; failing ones on XL went on for thousands).
const DIVE_STEPS: usize = 60;

impl Master<'_> {
    /// Looks for a whole plan on the LP's optimal face by diving: every
    /// point of the face reaches the LP bound, so the first integral LP
    /// solution is an optimal plan. Each step fixes the working pair with
    /// the largest fractional value at 1 (at 0 instead if that empties the
    /// face) and re-solves from the basis. `None` if the dive fails; the
    /// MIP then decides.
    pub(super) fn dive(&mut self, level: Level, face: &Fixings) -> Result<Option<Incumbent>> {
        let columns = self.working_columns();
        let tight = |row: usize| face.tight.get(row).copied().unwrap_or(false);
        // Every point of the face is optimal for this level, so the dive
        // may steer by any objective: Quality's is far less degenerate
        // and its plans are good starts for that level.
        let mut r = self.restricted(Level::Quality, &columns, false, Some(face), &tight);
        let label = format!("{} level, diving on its LP face", level.name());
        let mut last: Option<usize> = None;
        let mut steps = 0;
        let mut clock = 0.0;
        loop {
            // A step HiGHS cannot settle (numerical trouble on a large,
            // degenerate face) ends the dive: the MIP then decides.
            let settings = Settings {
                clock,
                watch: self.watch(None),
                may_fail: true,
                ..Settings::new(&label, self.remaining())
            };
            let model = r.model.take().expect("model present");
            let (solved, solved_model) = solve_model(model, &settings)?;
            clock += solved.seconds;
            let mut model = Model::from(solved_model);
            let model_ref = &mut model;
            let step_failed = solved.ended != Ended::Optimal || solved.columns.is_none();
            if step_failed {
                // Undo the last fixing the other way, once.
                match (solved.ended, last.take()) {
                    (Ended::Infeasible, Some(j)) => {
                        model_ref.change_column_bounds(r.handles[j], 0.0..=0.0);
                        r.model = Some(model);
                        continue;
                    }
                    (ended, _) => {
                        if self.verbose {
                            eprintln!("{label}: step {steps} ended {ended:?}, the dive gives up");
                        }
                        return Ok(None);
                    }
                }
            }
            let cols = solved.columns.expect("checked");
            let fractional: Vec<(usize, f64)> = r
                .columns
                .iter()
                .enumerate()
                .filter(|&(j, c)| {
                    matches!(c, Column::Pair(_)) && (cols[j] - cols[j].round()).abs() > 1e-6
                })
                .map(|(j, _)| (j, cols[j]))
                .collect();
            if self.verbose {
                eprintln!("{label}: step {steps}, {} fractional", fractional.len());
            }
            if fractional.is_empty() {
                let mut pairs: Vec<u32> = r
                    .columns
                    .iter()
                    .zip(&cols)
                    .filter_map(|(c, &v)| match *c {
                        Column::Pair(k) if v > 0.5 => Some(k),
                        _ => None,
                    })
                    .collect();
                pairs.sort_unstable();
                return Ok(Some(self.valued(level, pairs)));
            }
            steps += 1;
            if steps > DIVE_STEPS {
                return Ok(None);
            }
            let (j, _) =
                fractional
                    .iter()
                    .copied()
                    .fold((usize::MAX, f64::NEG_INFINITY), |best, (j, v)| {
                        if v > best.1 {
                            (j, v)
                        } else {
                            best
                        }
                    });
            model.change_column_bounds(r.handles[j], 1.0..=1.0);
            last = Some(j);
            r.model = Some(model);
        }
    }
}
