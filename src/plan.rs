//! A plan as plain data, and the objective level values recomputed from it.
//!
//! Nothing here knows a solver: the verifier, the oracle tests and the
//! exports all evaluate plans through these functions.

use crate::model::{Gender, Instance, MissionIx, Pair, PositionIx};

/// Who goes where. Kept sorted by mission id, role, officer id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// (officer, position) pairs.
    pub assignments: Vec<Pair>,
}

impl Plan {
    /// A plan from pairs in any order, sorted for output.
    pub fn new(inst: &Instance, mut assignments: Vec<Pair>) -> Plan {
        assignments.sort_by(|a, b| sort_key(inst, *a).cmp(&sort_key(inst, *b)));
        Plan { assignments }
    }

    /// Position of each officer, `None` if not assigned.
    pub fn position_of(&self, n_officers: usize) -> Vec<Option<PositionIx>> {
        let mut v = vec![None; n_officers];
        for &(o, p) in &self.assignments {
            v[o.0] = Some(p);
        }
        v
    }
}

fn sort_key(inst: &Instance, (o, p): Pair) -> (&str, &str, &str) {
    let pos = &inst.positions[p.0];
    (
        &inst.missions[pos.mission.0].id,
        &pos.role,
        &inst.officers[o.0].id,
    )
}

/// The objective levels (Fill, Balance, Quality).
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Levels {
    /// Σ priority over the seats filled (maximized): Σ priority · x for a
    /// plan that keeps every position's count.
    pub fill: f64,
    /// Σ gender and language shortfalls (minimized).
    pub balance: f64,
    /// Σ q · x (maximized).
    pub quality: f64,
}

/// Per-mission counts behind the Balance level.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct MissionStats {
    /// Seats asked for.
    pub demand: u32,
    /// Officers assigned (N).
    pub filled: u32,
    /// Women assigned (W).
    pub women: u32,
    /// Assigned officers meeting the mission language (L).
    pub language_met: u32,
    /// `max(0, min_women_share·N − W)`
    pub gender_shortfall: f64,
    /// `max(0, min_language_share·N − L)`
    pub language_shortfall: f64,
}

/// Counts per mission, in mission order.
pub fn mission_stats(inst: &Instance, plan: &Plan) -> Vec<MissionStats> {
    let mut stats = vec![MissionStats::default(); inst.missions.len()];
    for pos in &inst.positions {
        stats[pos.mission.0].demand += pos.count;
    }
    for &(o, p) in &plan.assignments {
        let m = inst.positions[p.0].mission;
        let st = &mut stats[m.0];
        st.filled += 1;
        st.women += u32::from(inst.officers[o.0].gender == Gender::F);
        st.language_met += u32::from(inst.meets_mission_language(o, m));
    }
    for (m, st) in stats.iter_mut().enumerate() {
        let mission = &inst.missions[MissionIx(m).0];
        st.gender_shortfall = shortfall(mission.min_women_share, st.filled, st.women);
        st.language_shortfall = shortfall(mission.min_language_share, st.filled, st.language_met);
    }
    stats
}

/// `max(0, share·n − k)`: how far `k` of `n` officers fall short of `share`.
pub fn shortfall(share: f64, n: u32, k: u32) -> f64 {
    (share * n as f64 - k as f64).max(0.0)
}

/// Recomputes every level from the raw plan. A row given twice (a hand
/// edit gone wrong, which `verify` reports) is one assignment: the same
/// officer fills one seat of a position however often it is listed.
pub fn evaluate(inst: &Instance, plan: &Plan) -> Levels {
    let mut rows = plan.assignments.clone();
    rows.sort_unstable();
    rows.dedup();
    let distinct;
    let plan = if rows.len() < plan.assignments.len() {
        distinct = Plan { assignments: rows };
        &distinct
    } else {
        plan
    };
    // Seats filled: officers beyond a position's count (a plan that
    // breaks it) fill no seat.
    let fill = position_counts(inst, plan)
        .iter()
        .zip(&inst.positions)
        .map(|(&n, pos)| f64::from(n.min(pos.count)) * pos.priority)
        .sum();
    let quality = plan
        .assignments
        .iter()
        .map(|&(o, p)| inst.quality(o, p))
        .sum();
    let balance = mission_stats(inst, plan)
        .iter()
        .map(|s| s.gender_shortfall + s.language_shortfall)
        .sum();
    Levels {
        fill,
        balance,
        quality,
    }
}

/// Officers assigned per service, in service order.
pub fn service_counts(inst: &Instance, plan: &Plan) -> Vec<u32> {
    let mut counts = vec![0; inst.services.len()];
    for &(o, _) in &plan.assignments {
        counts[inst.officers[o.0].service.0] += 1;
    }
    counts
}

/// Officers assigned per position, in position order.
pub fn position_counts(inst: &Instance, plan: &Plan) -> Vec<u32> {
    let mut counts = vec![0; inst.positions.len()];
    for &(_, p) in &plan.assignments {
        counts[p.0] += 1;
    }
    counts
}
