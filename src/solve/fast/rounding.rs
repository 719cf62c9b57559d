//! Rounding the LP solution (relaxation enforced neighbourhood search):
//! the whole values of the LP solution are fixed and a small MIP decides
//! the fractional rest. Its plan usually reaches the LP bound, which proves
//! it optimal without a MIP over the whole working set.

use super::column_generation::Lp;
use super::faces::Fixings;
use super::mip::Start;
use super::{Incumbent, Master, State};
use crate::error::Result;
use crate::solve::highs::Ended;
use crate::solve::Level;

impl Master<'_> {
    /// Rounds the LP solution: every working pair with a whole LP value is
    /// fixed there (on top of `base`), and a small MIP decides the
    /// fractional rest (relaxation enforced neighbourhood search).
    pub(super) fn rens(
        &mut self,
        level: Level,
        lp: &Lp,
        base: &Fixings,
    ) -> Result<Option<Incumbent>> {
        let mut fix = base.clone();
        for &(k, v) in &lp.x {
            if (v - v.round()).abs() <= 1e-6 && self.state[k as usize] == State::Free {
                fix.pairs.entry(k).or_insert(v.round());
            }
        }
        let label = format!("{} level rounding its LP solution", level.name());
        let (ended, plan) = self.mip(level, &label, &fix, false, &[], Start::Shortcut)?;
        Ok(match ended {
            Ended::Infeasible => None,
            _ => plan,
        })
    }
}
