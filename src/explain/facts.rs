//! Why-not answers built from the rules and the plan: why seats stay empty
//! and why an eligible, higher-scored officer was passed over.
//!
//! Every reason is a checked fact about the plan (a counted capacity, a
//! recomputed level), never a guess. The arguments rely on the plan being
//! optimal: for example an unplaced eligible officer whose service and
//! mission limit both have room could always fill an empty seat, raising
//! Fill, so at the Fill optimum some limit must block them.

use super::reasons::{self, Binding, CallUp, Full, PassedOverReason, UnfilledReason};
use crate::lang::{num_text, Lang, Msg};
use crate::model::limits::{self, ServiceUse};
use crate::model::{Gender, Instance, MissionIx, OfficerIx, Pair, PositionIx, ServiceIx};
use crate::plan::{self, MissionStats, Plan};
use crate::rules::{self, Rule};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// Facts about a plan that the reasons are built from.
pub struct Context<'a> {
    inst: &'a Instance,
    position_of: Vec<Option<PositionIx>>,
    /// The officers the plan places in each position, lowest-scored for
    /// the mission first (ties by id).
    held: Vec<Vec<OfficerIx>>,
    service_use: Vec<ServiceUse>,
    mission_service: BTreeMap<(usize, usize), u32>,
    stats: Vec<MissionStats>,
    balance: f64,
    /// Each officer's place in the order of ids: ties between officers are
    /// broken by id, and comparing two numbers is cheaper than comparing
    /// two strings when a list has thousands of officers.
    id_rank: Vec<u32>,
    /// The pins, as (officer, position).
    pinned: FxHashSet<(OfficerIx, PositionIx)>,
    /// Eligible officers of each position.
    pub eligible: Vec<Vec<OfficerIx>>,
    /// [`Self::passed_over_by_officer`], worked out on first use: the
    /// output files and the report share it.
    by_officer: OnceLock<Vec<(usize, PassedOver)>>,
    /// Each service's officers away before any plan (deployments.csv,
    /// `deployed_now`), day by day.
    away_before: Vec<limits::Away>,
}

impl<'a> Context<'a> {
    /// Gathers counts from `plan`; `pairs` are the eligible pairs.
    pub fn new(inst: &'a Instance, plan: &Plan, pairs: &[Pair]) -> Context<'a> {
        let mut eligible = vec![Vec::new(); inst.positions.len()];
        for &(o, p) in pairs {
            eligible[p.0].push(o);
        }
        let mut by_id: Vec<usize> = (0..inst.officers.len()).collect();
        by_id.sort_by(|&a, &b| inst.officers[a].id.cmp(&inst.officers[b].id));
        let mut id_rank = vec![0u32; inst.officers.len()];
        for (rank, o) in by_id.into_iter().enumerate() {
            id_rank[o] = rank as u32;
        }
        // A row given twice (a plan edited by hand, `--plan`) is one
        // officer in one seat, as `verify` counts it.
        let unique: BTreeSet<(OfficerIx, PositionIx)> = plan.assignments.iter().copied().collect();
        let mut held = vec![Vec::new(); inst.positions.len()];
        for &(o, p) in &unique {
            held[p.0].push(o);
        }
        for (p, list) in held.iter_mut().enumerate() {
            let m = inst.positions[p].mission;
            list.sort_by(|&a, &b| {
                inst.score(a, m)
                    .total_cmp(&inst.score(b, m))
                    .then(id_rank[a.0].cmp(&id_rank[b.0]))
            });
        }
        let mut mission_service = BTreeMap::new();
        for &(o, p) in &unique {
            let key = (inst.positions[p.0].mission.0, inst.officers[o.0].service.0);
            *mission_service.entry(key).or_insert(0) += 1;
        }
        let stats = plan::mission_stats(inst, plan);
        let balance = stats
            .iter()
            .map(|s| s.gender_shortfall + s.language_shortfall)
            .sum();
        Context {
            inst,
            stats,
            balance,
            position_of: plan.position_of(inst.officers.len()),
            held,
            service_use: limits::service_use(inst, &plan.assignments),
            mission_service,
            id_rank,
            pinned: inst
                .pins
                .iter()
                .map(|pin| (pin.officer, pin.position))
                .collect(),
            eligible,
            by_officer: OnceLock::new(),
            away_before: (0..inst.services.len())
                .map(|s| limits::away(inst, ServiceIx(s), &[]))
                .collect(),
        }
    }

    /// Whether officers of `o`'s service already away, before any plan,
    /// fill its limit on a day of `p`'s tour: no plan can place `o` there.
    fn away_fills(&self, o: OfficerIx, p: PositionIx) -> bool {
        let s = self.inst.officers[o.0].service;
        let pos = &self.inst.positions[p.0];
        let max = self.inst.services[s.0].max_deployed;
        !self.away_before[s.0]
            .at_least_within(max, pos.start, pos.end)
            .is_empty()
    }

    /// `a` against `b` in the order of their ids.
    fn by_id(&self, a: OfficerIx, b: OfficerIx) -> Ordering {
        self.id_rank[a.0].cmp(&self.id_rank[b.0])
    }

    /// Whether `o` is pinned to `p`.
    fn is_pinned(&self, o: OfficerIx, p: PositionIx) -> bool {
        self.pinned.contains(&(o, p))
    }

    /// Sorts `officers` best first for position `p` as the plan weighs
    /// them: score for the mission plus preference points (ties by id).
    pub fn weighted_first(&self, p: PositionIx, officers: &mut [OfficerIx]) {
        // Each officer's worth looked up once, not at every comparison: a
        // position of a national pool has thousands of eligible officers.
        let mut keyed: Vec<(f64, OfficerIx)> = officers
            .iter()
            .map(|&o| (self.inst.quality(o, p), o))
            .collect();
        keyed.sort_by(|(qa, a), (qb, b)| qb.total_cmp(qa).then(self.by_id(*a, *b)));
        for (slot, (_, o)) in officers.iter_mut().zip(keyed) {
            *slot = o;
        }
    }

    /// Where the plan places `o`.
    pub fn placed(&self, o: OfficerIx) -> Option<PositionIx> {
        self.position_of[o.0]
    }

    /// The officers the plan places in `p`, lowest-scored for the mission
    /// first (ties by id).
    pub(super) fn holders(&self, p: PositionIx) -> &[OfficerIx] {
        &self.held[p.0]
    }

    /// The officers placed in `p` with their scores for the mission, best
    /// first: `O12 (82), O45 (80)`, or `nobody`.
    pub fn holders_text(&self, p: PositionIx, lang: Lang) -> String {
        let inst = self.inst;
        let m = inst.positions[p.0].mission;
        let mut held = self.holders(p).to_vec();
        if held.is_empty() {
            return lang.text(Msg::Nobody).into();
        }
        best_first(inst, m, &mut held);
        let parts: Vec<String> = held
            .iter()
            .map(|&o| {
                let pinned = inst
                    .pins
                    .iter()
                    .any(|pin| pin.officer == o && pin.position == p);
                lang.fill(
                    if pinned {
                        Msg::HolderPinned
                    } else {
                        Msg::Holder
                    },
                    &[
                        ("officer", &inst.officers[o.0].id),
                        ("score", &num_text(inst.score(o, m), lang)),
                    ],
                )
            })
            .collect();
        parts.join(", ")
    }

    /// The hard constraint that keeps `o` out of `p` in this plan, if one
    /// does: placed elsewhere, every seat pinned, the officer's service at
    /// capacity or the mission's per-service limit reached. A limit counts
    /// when a seat of `p` stays empty (it is what keeps `o` out of that
    /// seat), or when it is the reason of `o`'s case in `p` ([`Self::case`]:
    /// every swap with the holders weighed there is forbidden, and the
    /// limit forbids the one worth least).
    pub fn blocking(&self, o: OfficerIx, p: PositionIx) -> Option<Binding> {
        let inst = self.inst;
        if let Some(q) = self.position_of[o.0].filter(|&q| q != p) {
            return Some(Binding::PlacedElsewhere(q));
        }
        let holders = self.holders(p);
        if holders.len() as u32 >= inst.positions[p.0].count
            && holders.iter().all(|&c| self.is_pinned(c, p))
        {
            return Some(Binding::SeatsPinned);
        }
        // A limit keeps `o` out of an empty seat; in a full position a
        // limit, or a pin on a seat `o` would take at no cost, binds where
        // it is the reason `passed_over.csv` and the letters give (the
        // swaps it forbids are the ones left).
        if (holders.len() as u32) < inst.positions[p.0].count {
            return self.full(o, p).map(Binding::Full);
        }
        match self.case(o, p).map(|case| case.reason) {
            Some(PassedOverReason::Full(full)) => Some(Binding::Full(full)),
            Some(PassedOverReason::Pinned { chosen }) => Some(Binding::HolderPinned(chosen)),
            _ => None,
        }
    }

    /// The standby list of `p`: the eligible officers the plan places
    /// nowhere (an officer placed elsewhere is already committed: calling
    /// them up empties another seat), at most `top`, in the order of the
    /// levels: first those whose call-up on its own keeps Fill and Balance,
    /// then those it would leave short of a target, then those a limit
    /// blocks; each part best first by score for the mission plus
    /// preference points, as the plan weighs them (ties by id).
    pub fn standby(&self, p: PositionIx, top: usize) -> Vec<OfficerIx> {
        // A position with no seats (a what-if scenario closes its mission,
        // or cuts its count to 0) has nobody to call up.
        if self.inst.positions[p.0].count == 0 {
            return Vec::new();
        }
        let mut candidates: Vec<OfficerIx> = self.eligible[p.0]
            .iter()
            .copied()
            .filter(|&o| self.position_of[o.0].is_none())
            .collect();
        self.weighted_first(p, &mut candidates);
        // Walked best first, each part kept to `top`; once the first part
        // is full nothing later can enter.
        let mut parts: [Vec<OfficerIx>; 3] = Default::default();
        let limits = SeatLimits::new(self, p);
        for o in candidates {
            if parts[0].len() == top {
                break;
            }
            let part = match self.call_up_in(&limits, o) {
                CallUp::Blocked(_) => 2,
                CallUp::RaisesShortfall { .. } => 1,
                _ => 0,
            };
            if parts[part].len() < top {
                parts[part].push(o);
            }
        }
        let mut list: Vec<OfficerIx> = parts.into_iter().flatten().collect();
        list.truncate(top);
        list
    }

    /// What calling `o` up for `p` does on its own, nothing else changed:
    /// take an empty seat, or (when there is none, or a limit keeps `o` out
    /// of it) replace a holder who is not pinned there, the one whose
    /// replacement costs least (keeps Fill and Balance with
    /// the smallest loss of Quality, then raises the shortfall least, then
    /// breaks a limit; ties: the lowest-scored holder). A fact about that one change, not a re-solve (the exact
    /// cost of the best plan with `o` in `p` comes from [`super::force`]).
    pub fn call_up(&self, o: OfficerIx, p: PositionIx) -> CallUp {
        self.call_up_in(&SeatLimits::new(self, p), o)
    }

    /// [`Self::call_up`] in the position of `limits`.
    fn call_up_in(&self, limits: &SeatLimits, o: OfficerIx) -> CallUp {
        let inst = self.inst;
        let p = limits.p;
        if let Some(q) = self.position_of[o.0].filter(|&q| q != p) {
            return CallUp::LeavesSeat(q);
        }
        let holders = self.holders(p);
        let service = inst.officers[o.0].service;
        let full = limits.full(o);
        // An empty seat the officer can take is the best call-up; one a
        // limit keeps them out of leaves the holders' seats to weigh (a
        // holder of their own service frees the room they need).
        let mut empty_blocked = None;
        if (holders.len() as u32) < inst.positions[p.0].count {
            match &full {
                Some(full) => empty_blocked = Some(CallUp::Blocked(Binding::Full(full.clone()))),
                None => return CallUp::EmptySeat,
            }
        }
        // Holders are kept lowest-scored first (ties by id): the order
        // in which ties between equal replacements are broken.
        let replaceable = holders.iter().copied().filter(|&c| !self.is_pinned(c, p));
        let replacing = |c: OfficerIx| {
            if inst.officers[c.0].service != service {
                if let Some(full) = &full {
                    return CallUp::Blocked(Binding::Full(full.clone()));
                }
            }
            let (after, ..) = self.balance_after_swap(o, c, p);
            if after > self.balance + 1e-9 {
                return CallUp::RaisesShortfall {
                    replaces: c,
                    from: self.balance,
                    to: after,
                };
            }
            CallUp::Replaces {
                replaces: c,
                quality: inst.quality(o, p) - inst.quality(c, p),
            }
        };
        let class = |call: &CallUp| match call {
            CallUp::Replaces { .. } | CallUp::EmptySeat => 0,
            CallUp::RaisesShortfall { .. } | CallUp::LeavesSeat(_) => 1,
            CallUp::Blocked(_) => 2,
        };
        // Within a class, the swap that costs least: the smallest loss of
        // Quality, the smallest shortfall.
        let cost = |call: &CallUp| match call {
            CallUp::Replaces { quality, .. } => -quality,
            CallUp::RaisesShortfall { to, .. } => *to,
            _ => 0.0,
        };
        replaceable
            .map(replacing)
            .min_by(|a, b| class(a).cmp(&class(b)).then(cost(a).total_cmp(&cost(b))))
            .filter(|call| class(call) < 2 || empty_blocked.is_none())
            .or(empty_blocked)
            .unwrap_or(CallUp::Blocked(Binding::SeatsPinned))
    }

    /// The limit that keeps `o` (placed nowhere) out of `p`, if one does:
    /// their service at capacity on some day of `p`'s tour, or else the
    /// mission's limit of officers of their service reached.
    fn full(&self, o: OfficerIx, p: PositionIx) -> Option<Full> {
        let service = self.inst.officers[o.0].service;
        let mission = self.inst.positions[p.0].mission;
        match (self.service_full(o, p), self.mission_limit_full(o, p)) {
            (Some(days), true) => Some(Full::Both(service, days, mission)),
            (Some(days), false) => Some(Full::ServiceCapacity(service, days)),
            (None, true) => Some(Full::MissionServiceLimit(mission, service)),
            (None, false) => None,
        }
    }

    /// The days of `p`'s tour on which `o`'s service has no room (none
    /// named for an undated service), or `None` when it has room on every
    /// day of the tour.
    fn service_full(&self, o: OfficerIx, p: PositionIx) -> Option<Vec<reasons::FullSpan>> {
        let s = self.inst.officers[o.0].service.0;
        self.service_use[s].full_during(self.inst, p)
    }

    fn mission_limit_full(&self, o: OfficerIx, p: PositionIx) -> bool {
        let m = self.inst.positions[p.0].mission.0;
        let s = self.inst.officers[o.0].service.0;
        self.inst.missions[m]
            .max_per_service
            .is_some_and(|l| self.mission_service.get(&(m, s)).copied().unwrap_or(0) >= l)
    }

    /// Why `p` has empty seats.
    pub fn unfilled_reason(&self, p: PositionIx) -> UnfilledReason {
        let inst = self.inst;
        let pool = &self.eligible[p.0];
        if pool.is_empty() {
            return UnfilledReason::NobodyEligible(funnel(inst, p));
        }
        let mut placed_elsewhere = 0;
        let mut placed_here = 0;
        let mut service_capacity: Vec<ServiceIx> = Vec::new();
        let mut mission_service_limit: Vec<ServiceIx> = Vec::new();
        let mut unblocked = 0;
        let limits = SeatLimits::new(self, p);
        for &o in pool {
            let service = inst.officers[o.0].service;
            match self.position_of[o.0] {
                Some(q) if q != p => placed_elsewhere += 1,
                Some(_) => placed_here += 1,
                None => limits.with_full(o, |full| match full {
                    Some(Full::ServiceCapacity(..)) => service_capacity.push(service),
                    // Blocked by both: raising the service's limit alone
                    // would not place them, so both are named.
                    Some(Full::Both(..)) => {
                        service_capacity.push(service);
                        mission_service_limit.push(service);
                    }
                    Some(Full::MissionServiceLimit(..)) => mission_service_limit.push(service),
                    None => unblocked += 1,
                }),
            }
        }
        UnfilledReason::Eligible {
            placed_elsewhere,
            placed_here,
            service_capacity,
            mission_service_limit,
            unblocked,
        }
    }

    /// "rank fails 12, language fails 30": officers failing each rule.
    pub fn funnel_text(&self, p: PositionIx, lang: Lang) -> String {
        reasons::funnel_text(&funnel(self.inst, p), lang)
    }

    /// Every eligible officer placed nowhere and passed over in a position in favour of a
    /// lower-scored officer placed there, with the reason: the case of
    /// [`Self::lower_scored_case`], whose holder named is chosen as
    /// `case_against` says.
    pub fn passed_over(&self) -> Vec<PassedOver> {
        self.inst
            .position_ixs()
            .flat_map(|p| self.passed_over_at(p))
            .collect()
    }

    /// Each officer passed over somewhere: in how many positions, and the
    /// case with the widest score margin over the holder named (ties: the
    /// first position by mission and role). By officer id. Folded position
    /// by position in parallel, so that a national pool's millions of
    /// cases are never held at once; worked out once per context.
    pub fn passed_over_by_officer(&self) -> &[(usize, PassedOver)] {
        self.by_officer.get_or_init(|| self.fold_passed_over())
    }

    fn fold_passed_over(&self) -> Vec<(usize, PassedOver)> {
        let inst = self.inst;
        let margin = |c: &PassedOver| {
            let m = inst.positions[c.position.0].mission;
            inst.score(c.officer, m) - inst.score(c.chosen, m)
        };
        // Each position's place in output order (by mission and role).
        let mut rank = vec![0; inst.positions.len()];
        for (r, p) in inst.positions_by_mission_and_role().into_iter().enumerate() {
            rank[p.0] = r;
        }
        // Wider margin first, then the first position by mission and role.
        let better = |a: &PassedOver, b: &PassedOver| {
            let (ma, mb) = (margin(a), margin(b));
            ma > mb || (ma == mb && rank[a.position.0] < rank[b.position.0])
        };
        type Cases = FxHashMap<OfficerIx, (usize, PassedOver)>;
        // `n` more positions for the officer of `c`, whose case may be wider.
        let count = |acc: &mut Cases, n: usize, c: PassedOver| match acc.get_mut(&c.officer) {
            Some((m, best)) => {
                *m += n;
                if better(&c, best) {
                    *best = c;
                }
            }
            None => {
                acc.insert(c.officer, (n, c));
            }
        };
        let positions: Vec<PositionIx> = inst.position_ixs().collect();
        let by_officer = positions
            .par_iter()
            .fold(Cases::default, |mut acc, &p| {
                for c in self.passed_over_at(p) {
                    count(&mut acc, 1, c);
                }
                acc
            })
            .reduce(Cases::default, |mut a, b| {
                for (_, (n, c)) in b {
                    count(&mut a, n, c);
                }
                a
            });
        let mut cases: Vec<(usize, PassedOver)> = by_officer.into_values().collect();
        cases.sort_by(|(_, a), (_, b)| self.by_id(a.officer, b.officer));
        cases
    }

    /// The cases of [`Self::passed_over`] at position `p`, by officer in
    /// the order of `p`'s eligible officers.
    pub fn passed_over_at(&self, p: PositionIx) -> impl Iterator<Item = PassedOver> + '_ {
        let limits = SeatLimits::new(self, p);
        self.eligible[p.0]
            .iter()
            // Left out means placed nowhere: an officer placed in another
            // seat was chosen, just elsewhere.
            .filter(|&&o| self.position_of[o.0].is_none())
            .filter_map(move |&o| self.lower_scored_case_in(&limits, o))
    }

    /// The case of `o` in `p` against the holders who score below them for
    /// the mission, as [`Self::passed_over`] lists it; `None` if nobody
    /// chosen there scores below them.
    pub fn lower_scored_case(&self, o: OfficerIx, p: PositionIx) -> Option<PassedOver> {
        self.lower_scored_case_in(&SeatLimits::new(self, p), o)
    }

    /// [`Self::lower_scored_case`] in the position of `limits`.
    fn lower_scored_case_in(&self, limits: &SeatLimits, o: OfficerIx) -> Option<PassedOver> {
        let inst = self.inst;
        let p = limits.p;
        let m = inst.positions[p.0].mission;
        let below = inst.score(o, m);
        let lower: Vec<OfficerIx> = self.held[p.0]
            .iter()
            .copied()
            .take_while(|&c| inst.score(c, m) < below)
            .collect();
        self.case_against(limits, o, &lower)
    }

    /// The case of `o` in `p` against the holders `lower` (lowest first):
    /// a limit keeping `o` out of an empty seat of `p`, or one that the
    /// officers already away fill on a day of `p`'s tour; else the first
    /// whose seat `o` could take at no cost to any level (a tie that keeps
    /// the shortfall, or a gain in a plan that is not the best); else the
    /// first whose seat a pin holds or a limit alone forbids (the swap
    /// would cost nothing were the limit raised); else the first whose
    /// seat `o` could take, with the level it lowers; else the lowest,
    /// with the level the swap would lower were the limit raised; `None`
    /// without such holders. Those worth no more than `o` with preference
    /// points, as the plan weighs them, are weighed first (least worth
    /// first): where a limit bars every one of them, the limit is what
    /// decided, not a colleague worth more whose seat `o` could take.
    fn case_against(
        &self,
        limits: &SeatLimits,
        o: OfficerIx,
        lower: &[OfficerIx],
    ) -> Option<PassedOver> {
        let inst = self.inst;
        let p = limits.p;
        let mut worth_less: Vec<OfficerIx> = lower
            .iter()
            .copied()
            .filter(|&c| inst.quality(c, p) <= inst.quality(o, p) + 1e-9)
            .collect();
        worth_less.sort_by(|&a, &b| {
            inst.quality(a, p)
                .total_cmp(&inst.quality(b, p))
                .then(self.by_id(a, b))
        });
        let lower = match worth_less.is_empty() {
            true => lower,
            false => &worth_less[..],
        };
        let &lowest = lower.first()?;
        // A limit that keeps `o` out of an empty seat of the position is
        // the reason, whatever the holders: raising it would place them
        // without moving anyone (as `explain` and the letters say).
        let empty_seat = (self.holders(p).len() as u32) < inst.positions[p.0].count;
        // So is a service whose officers already away fill its limit on a
        // day of the tour: no plan places `o` here, whatever the holders
        // are worth (as `explain`'s re-solve finds it).
        let away_fills = || self.away_fills(o, p);
        if let Some(full) = limits.full(o).filter(|_| empty_seat || away_fills()) {
            return Some(PassedOver {
                officer: o,
                position: p,
                chosen: lowest,
                reason: PassedOverReason::Full(full),
            });
        }
        let reasons: Vec<(OfficerIx, PassedOverReason)> = lower
            .iter()
            .map(|&c| (c, self.passed_over_reason(limits, o, c)))
            .collect();
        // A swap that costs no level comes before one that costs Balance:
        // a gain (only in a plan that is not the best), or a tie that
        // keeps the shortfall as it is (the plan chose between equals).
        let costs_nothing = |r: &&(OfficerIx, PassedOverReason)| match r.1.officer_against_chosen()
        {
            Some(Ordering::Greater) => true,
            Some(Ordering::Equal) => {
                (self.balance_after_swap(o, r.0, p).0 - self.balance).abs() <= 1e-9
            }
            _ => false,
        };
        // A limit is what keeps `o` out where it alone bars a swap that
        // would cost nothing (raising it would place them); a pin holds
        // its seat. These come before a swap `o` could make at a cost:
        // raising the limit would spare that cost.
        let decisive = |r: &&(OfficerIx, PassedOverReason)| match r.1 {
            PassedOverReason::Pinned { .. } => true,
            PassedOverReason::Full(_) => self.swap_costs_nothing(o, r.0, p),
            _ => false,
        };
        let (chosen, reason) = reasons
            .iter()
            .find(costs_nothing)
            .or_else(|| reasons.iter().find(decisive))
            .or_else(|| reasons.iter().find(|r| !r.1.forbids_the_swap()))
            .cloned()
            // Every swap is barred by a limit that is not alone: the level
            // the swap with the lowest would lower, were the limit raised.
            .unwrap_or_else(|| (lowest, self.level_reason(o, lowest, p)));
        Some(PassedOver {
            officer: o,
            position: p,
            chosen,
            reason,
        })
    }

    /// For `o` placed nowhere, in a position `p` where no holder scores
    /// below them (so no case of [`Self::passed_over`]), but one is worth
    /// no more with preference points counted, as the plan weighs them:
    /// the case against those holders (least worth first), so that a
    /// letter does not say the officers chosen scored at least as high
    /// where a pin, a limit or a target decided, or where a holder worth
    /// as much could have given up the seat (a tie, as `explain`'s re-solve
    /// finds it). A swap nothing forbids and that would gain (possible only
    /// in a plan that is not the best, given with `--plan`) is no case:
    /// nothing decided but the plan as given.
    pub fn worth_more_case(&self, o: OfficerIx, p: PositionIx) -> Option<PassedOver> {
        let inst = self.inst;
        // All worth no more: [`Self::case_against`] weighs them least
        // worth first.
        let lower: Vec<OfficerIx> = self.held[p.0]
            .iter()
            .copied()
            .filter(|&c| inst.quality(c, p) <= inst.quality(o, p) + 1e-9)
            .collect();
        self.case_against(&SeatLimits::new(self, p), o, &lower)
            .filter(|case| case.reason.officer_against_chosen() != Some(Ordering::Greater))
    }

    /// The case of `o` (placed nowhere) in `p`, as `passed_over.csv` and
    /// the letters give it: against the holders who score below `o`, or
    /// else against those worth no more ([`Self::worth_more_case`]).
    pub fn case(&self, o: OfficerIx, p: PositionIx) -> Option<PassedOver> {
        self.lower_scored_case(o, p)
            .or_else(|| self.worth_more_case(o, p))
    }

    /// The plan's Balance if `o` took `c`'s seat in `p`, and whether the
    /// mission's shortfall of women and of speakers rises: only the counts
    /// of `p`'s mission change, so only its shortfalls are recomputed.
    fn balance_after_swap(&self, o: OfficerIx, c: OfficerIx, p: PositionIx) -> (f64, bool, bool) {
        self.balance_after(o, Some(c), p)
    }

    /// The plan's Balance if `o` took a seat in `p`: `c`'s, or an empty
    /// one (`None`: one more officer there, so each target asks for more),
    /// and whether the mission's shortfall of women and of speakers rises.
    fn balance_after(
        &self,
        o: OfficerIx,
        c: Option<OfficerIx>,
        p: PositionIx,
    ) -> (f64, bool, bool) {
        let inst = self.inst;
        let m = inst.positions[p.0].mission;
        let (mission, st) = (&inst.missions[m.0], &self.stats[m.0]);
        let woman = |x: OfficerIx| u32::from(inst.officers[x.0].gender == Gender::F);
        let speaks = |x: OfficerIx| u32::from(inst.meets_mission_language(x, m));
        let filled = st.filled + u32::from(c.is_none());
        let women = plan::shortfall(
            mission.min_women_share,
            filled,
            st.women - c.map_or(0, woman) + woman(o),
        );
        let language = plan::shortfall(
            mission.min_language_share,
            filled,
            st.language_met - c.map_or(0, speaks) + speaks(o),
        );
        let after = self.balance - (st.gender_shortfall + st.language_shortfall) + women + language;
        (
            after,
            women > st.gender_shortfall + 1e-9,
            language > st.language_shortfall + 1e-9,
        )
    }

    /// Whether placing `o` in an empty seat of `p`, nothing else changed,
    /// raises the plan's Balance shortfall (one more officer raises the
    /// number each of the mission's targets asks for), and if so which
    /// rises: of women, of working-language speakers.
    pub fn adding_raises_shortfall(&self, o: OfficerIx, p: PositionIx) -> Option<(bool, bool)> {
        let (after, women, language) = self.balance_after(o, None, p);
        (after > self.balance + 1e-9).then_some((women, language))
    }

    /// The reason `o` (placed nowhere) is not in `p` instead of `c`: a
    /// hard constraint that forbids the swap, or else the level it lowers.
    fn passed_over_reason(
        &self,
        limits: &SeatLimits,
        o: OfficerIx,
        c: OfficerIx,
    ) -> PassedOverReason {
        let inst = self.inst;
        let p = limits.p;
        if self.is_pinned(c, p) {
            return PassedOverReason::Pinned { chosen: c };
        }
        let same_service = inst.officers[o.0].service == inst.officers[c.0].service;
        if !same_service {
            if let Some(full) = limits.full(o) {
                return PassedOverReason::Full(full);
            }
        }
        self.level_reason(o, c, p)
    }

    /// Whether `o` taking `c`'s seat in `p` would lower no level, were
    /// nothing to forbid it: the shortfall not raised, and `c` worth no
    /// more than `o` with preference points (or the shortfall lowered).
    fn swap_costs_nothing(&self, o: OfficerIx, c: OfficerIx, p: PositionIx) -> bool {
        let inst = self.inst;
        let after = self.balance_after_swap(o, c, p).0;
        let worth_more = inst.quality(c, p) > inst.quality(o, p) + 1e-9;
        after < self.balance - 1e-9 || (after <= self.balance + 1e-9 && !worth_more)
    }

    /// The level `o` taking `c`'s seat in `p` would lower, were nothing to
    /// forbid it (Fill is kept: one seat for one): Balance where the
    /// shortfall rises, else Quality, with both officers' worth.
    fn level_reason(&self, o: OfficerIx, c: OfficerIx, p: PositionIx) -> PassedOverReason {
        let inst = self.inst;
        let (after, women, language) = self.balance_after_swap(o, c, p);
        if after > self.balance + 1e-9 {
            return PassedOverReason::Balance {
                from: self.balance,
                to: after,
                women,
                language,
            };
        }
        PassedOverReason::Quality {
            chosen: c,
            chosen_quality: inst.quality(c, p),
            officer: o,
            officer_quality: inst.quality(o, p),
        }
    }
}

/// The limits that keep officers out of one position, worked out once
/// per home service: whether the service has no room on some day of the
/// tour, or the mission holds its limit of the service's officers, depends
/// on the officer's service alone, while a standby list or the passed-over
/// cases of a position on a national pool weigh thousands of officers.
struct SeatLimits<'c, 'a> {
    cx: &'c Context<'a>,
    p: PositionIx,
    by_service: RefCell<FxHashMap<ServiceIx, Option<Full>>>,
}

impl<'c, 'a> SeatLimits<'c, 'a> {
    fn new(cx: &'c Context<'a>, p: PositionIx) -> Self {
        SeatLimits {
            cx,
            p,
            by_service: RefCell::default(),
        }
    }

    /// [`Context::full`] for `o` (placed nowhere) in this position.
    fn full(&self, o: OfficerIx) -> Option<Full> {
        self.with_full(o, |full| full.cloned())
    }

    /// `then` applied to [`Self::full`], without copying the limit.
    fn with_full<R>(&self, o: OfficerIx, then: impl FnOnce(Option<&Full>) -> R) -> R {
        let service = self.cx.inst.officers[o.0].service;
        let mut by_service = self.by_service.borrow_mut();
        let full = by_service
            .entry(service)
            .or_insert_with(|| self.cx.full(o, self.p));
        then(full.as_ref())
    }
}

/// One passed-over case.
#[derive(Debug, Clone, PartialEq)]
pub struct PassedOver {
    /// The officer left out.
    pub officer: OfficerIx,
    /// The position.
    pub position: PositionIx,
    /// The holder the reason is about, chosen among those weighed as
    /// `case_against` says: one whose seat the officer could take at no
    /// cost to any level, else the first whose seat they could take, else
    /// the first weighed.
    pub chosen: OfficerIx,
    /// Why.
    pub reason: PassedOverReason,
}

/// Sorts `officers` best-scored for mission `m` first, ties by id: the
/// order of holders, standby lists and recommendations.
pub fn best_first(inst: &Instance, m: MissionIx, officers: &mut [OfficerIx]) {
    officers.sort_by(|&a, &b| {
        inst.score(b, m)
            .total_cmp(&inst.score(a, m))
            .then(inst.officers[a.0].id.cmp(&inst.officers[b.0].id))
    });
}

/// How many officers fail each rule for `p` (an officer may fail several).
pub fn funnel(inst: &Instance, p: PositionIx) -> Vec<(Rule, usize)> {
    let mut counts: Vec<(Rule, usize)> = Rule::ALL.iter().map(|&r| (r, 0)).collect();
    for o in inst.officer_ixs() {
        for rule in rules::failed_rules(inst, o, p) {
            // Rule::ALL is in declaration order, so the rule's index is its discriminant.
            counts[rule as usize].1 += 1;
        }
    }
    counts
}
