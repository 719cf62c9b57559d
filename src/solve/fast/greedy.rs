//! The greedy start plan: a feasible plan before any solve, so the Fill
//! level starts with an incumbent and a working set that already holds a
//! near-optimal plan.

use super::{Incumbent, Master, State};
use crate::solve::Level;

impl Master<'_> {
    /// A feasible plan built greedily: positions by priority, each filled
    /// with the best-scored officers whose service and mission limits
    /// allow, after the pins. It gives the Fill level a working set that
    /// already holds a near-optimal plan, and an incumbent.
    pub fn greedy(&self) -> Incumbent {
        let mut left = self.upper.clone();
        let mut entries = Vec::new();
        let mut chosen = Vec::new();
        let take = |k: usize, left: &mut Vec<f64>, entries: &mut Vec<(usize, f64)>| {
            self.entries(k, entries);
            // Hard constraints only (each with coefficient 1).
            entries.retain(|&(r, _)| r < self.hard_rows);
            if entries.iter().all(|&(r, _)| left[r] >= 1.0) {
                entries.iter().for_each(|&(r, _)| left[r] -= 1.0);
                true
            } else {
                false
            }
        };
        for k in 0..self.pairs.len() {
            if self.state[k] == State::One {
                // Pins were checked jointly at load: they always fit.
                take(k, &mut left, &mut entries);
                chosen.push(k as u32);
            }
        }
        // A plan to keep (the baseline of a what-if, a previous plan)
        // starts the plan: as much of it as still fits.
        for k in 0..self.pairs.len() {
            if self.keep[k] && self.state[k] == State::Free && take(k, &mut left, &mut entries) {
                chosen.push(k as u32);
            }
        }
        let mut order: Vec<usize> = (0..self.inst.positions.len()).collect();
        order.sort_by(|&a, &b| {
            let (pa, pb) = (
                self.inst.positions[a].priority,
                self.inst.positions[b].priority,
            );
            pb.partial_cmp(&pa)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.cmp(&b))
        });
        for p in order {
            for &k in &self.by_position[p] {
                if left[self.position_row(crate::model::PositionIx(p))] < 1.0 {
                    break;
                }
                if self.state[k as usize] == State::Free
                    && take(k as usize, &mut left, &mut entries)
                {
                    chosen.push(k);
                }
            }
        }
        chosen.sort_unstable();
        self.valued(Level::Fill, chosen)
    }
}
