//! The order a solve sees: services, missions and officers by id, and
//! positions by mission id then role (the successor seats after the
//! positions of positions.csv, in the same order).
//!
//! Where several plans are equally good, which one the solver returns
//! depends on the order of its columns and rows. Solving an instance in
//! this order makes the plan a function of what the files say, not of the
//! order their rows happen to be in: a board that sorts its officers'
//! sheet by name gets the same plan.

use super::{Instance, MissionIx, OfficerIx, Pair, PositionIx, ServiceIx};

/// An instance in id order, with the way back to the one it came from.
#[derive(Debug, Clone)]
pub struct Canonical {
    /// The instance, reordered.
    pub inst: Instance,
    /// For each officer of the original instance, its index here.
    officer_to: Vec<OfficerIx>,
    /// For each position of the original instance, its index here.
    position_to: Vec<PositionIx>,
    /// For each officer here, its index in the original instance.
    officer_back: Vec<OfficerIx>,
    /// For each position here, its index in the original instance.
    position_back: Vec<PositionIx>,
}

/// The order that sorts indices `0..n` by `key`, as the new index of
/// each old one and the old index of each new one.
fn order<K: Ord>(n: usize, key: impl Fn(usize) -> K) -> (Vec<usize>, Vec<usize>) {
    let mut back: Vec<usize> = (0..n).collect();
    back.sort_by_cached_key(|&i| key(i));
    let mut to = vec![0; n];
    for (new, &old) in back.iter().enumerate() {
        to[old] = new;
    }
    (to, back)
}

fn in_order<T: Clone>(items: &[T], back: &[usize]) -> Vec<T> {
    back.iter().map(|&i| items[i].clone()).collect()
}

impl Canonical {
    /// The instance in id order; `None` when it is in that order already
    /// (then it is solved as it is).
    pub fn of(inst: &Instance) -> Option<Canonical> {
        let (service_to, service_back) = order(inst.services.len(), |i| &inst.services[i].id);
        let (mission_to, mission_back) = order(inst.missions.len(), |i| &inst.missions[i].id);
        let (officer_to, officer_back) = order(inst.officers.len(), |i| &inst.officers[i].id);
        // Positions of positions.csv first, then the successor seats.
        let first_seat = inst
            .rotations
            .as_ref()
            .map_or(inst.positions.len(), |r| r.first_seat);
        let (position_to, position_back) = order(inst.positions.len(), |i| {
            let p = &inst.positions[i];
            (i >= first_seat, &inst.missions[p.mission.0].id, &p.role)
        });
        let sorted = |back: &[usize]| back.iter().enumerate().all(|(new, &old)| new == old);
        if [&service_back, &mission_back, &officer_back, &position_back]
            .iter()
            .all(|b| sorted(b))
        {
            return None;
        }
        let service = |s: ServiceIx| ServiceIx(service_to[s.0]);
        let mission = |m: MissionIx| MissionIx(mission_to[m.0]);
        let officer = |o: OfficerIx| OfficerIx(officer_to[o.0]);
        let position = |p: PositionIx| PositionIx(position_to[p.0]);
        let mut officers = in_order(&inst.officers, &officer_back);
        for o in &mut officers {
            o.service = service(o.service);
            o.preferences.iter_mut().for_each(|m| *m = mission(*m));
            o.excluded.iter_mut().for_each(|m| *m = mission(*m));
        }
        let mut positions = in_order(&inst.positions, &position_back);
        for p in &mut positions {
            p.mission = mission(p.mission);
        }
        let mut pins = inst.pins.clone();
        for pin in &mut pins {
            pin.officer = officer(pin.officer);
            pin.position = position(pin.position);
        }
        let mut deployments = inst.deployments.clone();
        for d in &mut deployments {
            d.service = service(d.service);
            d.officer = d.officer.map(officer);
        }
        let rotations = inst.rotations.as_ref().map(|r| {
            let mut r = r.clone();
            r.base = position_back[first_seat..]
                .iter()
                .map(|&old| position(r.base[old - first_seat]))
                .collect();
            r
        });
        let canonical = Instance {
            services: in_order(&inst.services, &service_back),
            missions: in_order(&inst.missions, &mission_back),
            positions,
            officers,
            scores: inst
                .scores
                .iter()
                .map(|(&(o, m), &v)| ((officer(o), mission(m)), v))
                .collect(),
            pins,
            deployments,
            cooldown_months: inst.cooldown_months,
            rotations,
            ..Instance::default()
        };
        Some(Canonical {
            inst: canonical,
            officer_to: officer_to.into_iter().map(OfficerIx).collect(),
            position_to: position_to.into_iter().map(PositionIx).collect(),
            officer_back: officer_back.into_iter().map(OfficerIx).collect(),
            position_back: position_back.into_iter().map(PositionIx).collect(),
        })
    }

    /// Pairs of the original instance as pairs of this one, in the order
    /// the eligible pairs are listed (by officer, then position); mapped
    /// in place, since a national pool has tens of millions.
    pub fn pairs_to(&self, mut pairs: Vec<Pair>) -> Vec<Pair> {
        for pair in &mut pairs {
            *pair = (self.officer_to[pair.0 .0], self.position_to[pair.1 .0]);
        }
        pairs.sort_unstable();
        pairs
    }

    /// Pairs of this instance as pairs of the original one.
    pub fn pairs_back(&self, pairs: &[Pair]) -> Vec<Pair> {
        pairs
            .iter()
            .map(|&(o, p)| (self.officer_back[o.0], self.position_back[p.0]))
            .collect()
    }
}
