//! The working set: the pairs the restricted LPs and MIPs hold. Each level
//! starts it afresh from the pairs fixed at 1, the previous plan, the plan
//! to keep and the best-scored pairs of each position; pricing adds the
//! rest it needs.

use super::{Master, State};

impl Master<'_> {
    /// Adds pair `k` to the working set.
    pub(super) fn join(&mut self, k: u32) {
        if !self.working[k as usize] {
            self.working[k as usize] = true;
            self.work.push(k);
        }
    }

    /// Adds to the working set, per position, the best free pairs by
    /// quality (within a position, every level's objective ranks pairs the
    /// same way or not at all): a start usually close to the LP optimum.
    fn seed(&mut self) {
        let picks = self.per_position(|_, ks, want| {
            ks.iter()
                .copied()
                .filter(|&k| self.state[k as usize] == State::Free)
                .take(want)
                .collect()
        });
        for k in picks {
            self.join(k);
        }
    }

    /// Starts a level's working set afresh: the pairs fixed at 1 and the
    /// previous plan (so the restricted LP is feasible), then the seeds.
    /// Keeping earlier levels' columns would make every LP larger than it
    /// needs to be; pricing brings back whatever this level needs.
    pub(super) fn restart(&mut self, previous: &[u32]) {
        for &k in &self.work {
            self.working[k as usize] = false;
        }
        self.work.clear();
        for k in 0..self.pairs.len() {
            if self.state[k] == State::One {
                self.join(k as u32);
            }
        }
        for &k in previous {
            self.join(k);
        }
        // The plan to keep is few pairs and what the Keep level is about.
        for k in 0..self.pairs.len() {
            if self.keep[k] && self.state[k] == State::Free {
                self.join(k as u32);
            }
        }
        self.seed();
    }
}
