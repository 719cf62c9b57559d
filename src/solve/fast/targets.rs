//! Strengthening the mission targets as faces fix head counts and
//! shortfalls. A target row `count + shortfall ≥ share·N` lets the LP meet
//! `share·N` with a fraction of an officer; the rows added here say that
//! whole plans cannot, which brings the LP bounds far closer to the integer
//! optima while keeping them exact.

use super::Master;

impl Master<'_> {
    /// Strengthens the targets with what the faces have fixed. A target
    /// row `count + shortfall ≥ share·N` lets the LP meet `share·N` with a
    /// fraction of an officer; whole plans cannot, and these rows say so:
    ///
    /// * once the mission's head count `N` is fixed (every position of the
    ///   mission held full), the mixed-integer rounding of the row,
    ///   `f·count + shortfall ≥ f·⌈share·N⌉` with `f` the fractional part
    ///   of `share·N`;
    /// * once the shortfall `s` is fixed, `count ≥ ⌈share·N − s⌉` must hold
    ///   for whole `N` and `count`; its convex hull over `0 ≤ N ≤ seats`
    ///   is a handful of rows `count ≥ g₁ + slope·(N − n₁)`, one per edge
    ///   of the lower convex envelope of the points `(n, ⌈share·n − s⌉)`.
    ///
    /// Every row is valid for every whole plan on the faces, so LP bounds,
    /// reduced costs and faces stay exact; the bounds get far closer to the
    /// integer optima.
    pub(super) fn round_targets(&mut self) {
        let mut seats = vec![0u32; self.inst.missions.len()];
        let mut fixed = vec![true; self.inst.missions.len()];
        for (p, pos) in self.inst.positions.iter().enumerate() {
            if !self.by_position[p].is_empty() {
                seats[pos.mission.0] += pos.count;
                fixed[pos.mission.0] &= self.tight[self.position_row(crate::model::PositionIx(p))];
            }
        }
        for t in 0..self.targets.len() {
            let target = self.targets[t];
            let n = seats[target.mission];
            let (by_head, by_shortfall) = self.rounded[t];
            if let Some(s) = self.shortfall_fixed[t].filter(|_| !by_shortfall) {
                self.rounded[t].1 = true;
                for (n1, g1, slope) in envelope(target.share, s, n) {
                    // count ≥ g1 + slope·(N − n1)
                    self.add_target_cut(t, slope, -1.0, 0.0, slope * n1 - g1);
                }
            } else if fixed[target.mission] && !by_head && !by_shortfall {
                self.rounded[t].0 = true;
                let need = target.share * f64::from(n);
                let f = need - need.floor();
                if f > 1e-9 && f < 1.0 - 1e-9 {
                    self.add_target_cut(t, 0.0, -f, -1.0, -f * need.ceil());
                }
            }
        }
    }
}

/// The edges of the lower convex envelope of the points
/// `(n, max(0, ⌈share·n − s⌉))` for `n = 0..=seats`, as `(n₁, g₁, slope)`:
/// every whole `(N, count)` with `count ≥ share·N − s` and `0 ≤ N ≤ seats`
/// satisfies `count ≥ g₁ + slope·(N − n₁)` for each edge. Edges that only
/// restate the target row (or `count ≥ 0`) are left out.
fn envelope(share: f64, s: f64, seats: u32) -> Vec<(f64, f64, f64)> {
    let g = |n: u32| ((share * f64::from(n) - s - 1e-9).ceil()).max(0.0);
    let mut hull: Vec<(f64, f64)> = Vec::new();
    for n in 0..=seats {
        let point = (f64::from(n), g(n));
        while hull.len() >= 2 {
            let (a, b) = (hull[hull.len() - 2], hull[hull.len() - 1]);
            // Drop b unless it lies strictly below the segment a–point.
            let cross = (b.0 - a.0) * (point.1 - a.1) - (b.1 - a.1) * (point.0 - a.0);
            if cross <= 1e-12 {
                hull.pop();
            } else {
                break;
            }
        }
        hull.push(point);
    }
    hull.windows(2)
        .map(|w| (w[0].0, w[0].1, (w[1].1 - w[0].1) / (w[1].0 - w[0].0)))
        .filter(|&(n1, g1, slope)| {
            let restates_row =
                (slope - share).abs() < 1e-12 && (g1 - (share * n1 - s)).abs() < 1e-9;
            let trivial = slope == 0.0 && g1 == 0.0;
            !restates_row && !trivial
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::envelope;

    /// Every whole point meets every edge, and every edge is tight at two
    /// whole points (so no row is weaker than the hull).
    fn check(share: f64, s: f64, seats: u32) -> Vec<(f64, f64, f64)> {
        let edges = envelope(share, s, seats);
        for &(n1, g1, slope) in &edges {
            let mut tight = 0;
            for n in 0..=seats {
                let need = ((share * f64::from(n) - s - 1e-9).ceil()).max(0.0);
                let row = g1 + slope * (f64::from(n) - n1);
                assert!(
                    need >= row - 1e-9,
                    "{share} {s} {seats}: n={n} count={need} < {row}"
                );
                tight += usize::from((need - row).abs() < 1e-9);
            }
            assert!(
                tight >= 2,
                "edge ({n1}, {g1}, {slope}) touches {tight} point(s)"
            );
        }
        edges
    }

    #[test]
    fn hull_of_a_thirty_percent_target_over_fifteen_seats() {
        // ⌈0.3·n⌉: the row itself holds up to n = 10 (3 officers); after
        // that the hull climbs through (13, 4) to (15, 5).
        let edges = check(0.3, 0.0, 15);
        assert_eq!(edges, vec![(10.0, 3.0, 1.0 / 3.0), (13.0, 4.0, 0.5)]);
    }

    #[test]
    fn hulls_are_valid_and_tight() {
        for share in [0.1, 0.2, 0.25, 0.3, 1.0 / 3.0, 0.45, 0.5, 0.75] {
            for s in [0.0, 0.5, 1.25] {
                for seats in [1, 2, 7, 16, 40] {
                    check(share, s, seats);
                }
            }
        }
    }
}
