//! changes.csv: a re-plan (`match --previous`) against the plan before it,
//! each officer moved, added or dropped with the reason.

use super::csv_bytes;
use crate::error::Result;
use crate::explain::ChangeReason;
use crate::lang::{Lang, Msg};
use crate::model::limits::{self, Limit};
use crate::model::{Instance, OfficerIx, Pair, PositionIx};
use crate::solve::{Level, Solution};

/// The previous plan a re-plan is compared with.
#[derive(Debug, Clone, Copy)]
pub struct Previous<'a> {
    /// Its assignments the current files still hold.
    pub pairs: &'a [Pair],
    /// Its assignments whose officer or position is gone.
    pub gone: &'a [crate::io::plan_csv::Gone],
}

/// How a re-plan differs from the previous plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ChangeCounts {
    /// Officers in the same position.
    pub kept: usize,
    /// Officers in another position.
    pub moved: usize,
    /// Officers placed now, not before.
    pub added: usize,
    /// Officers placed before, not now (including those gone from the files).
    pub dropped: usize,
}

/// One officer whose position differs: (officer, before, after).
fn differences(
    inst: &Instance,
    solution: &Solution,
    prev: &Previous,
) -> Vec<(OfficerIx, Option<PositionIx>, Option<PositionIx>)> {
    let mut before: Vec<Option<PositionIx>> = vec![None; inst.officers.len()];
    for &(o, p) in prev.pairs {
        before[o.0].get_or_insert(p);
    }
    let after = solution.plan.position_of(inst.officers.len());
    inst.officer_ixs()
        .filter(|o| before[o.0] != after[o.0])
        .map(|o| (o, before[o.0], after[o.0]))
        .collect()
}

/// Officers still in the files whose previous position is gone from them
/// (a position removed from positions.csv), who held no other position of
/// the previous plan and are placed now: they have moved, from the first
/// such entry of the previous plan (its index in `prev.gone`), not been
/// dropped and added. Their other entries, if any, stay dropped.
fn moved_from_gone(
    inst: &Instance,
    solution: &Solution,
    prev: &Previous,
) -> std::collections::HashMap<OfficerIx, usize> {
    let placed = solution.plan.position_of(inst.officers.len());
    let mut held = vec![false; inst.officers.len()];
    for &(o, _) in prev.pairs {
        held[o.0] = true;
    }
    let mut moved = std::collections::HashMap::new();
    for (i, g) in prev.gone.iter().enumerate() {
        if let Some(o) = inst.find_officer(&g.officer) {
            if !held[o.0] && placed[o.0].is_some() {
                moved.entry(o).or_insert(i);
            }
        }
    }
    moved
}

/// Counts of kept, moved, added and dropped officers.
pub fn change_counts(inst: &Instance, solution: &Solution, prev: &Previous) -> ChangeCounts {
    let diffs = differences(inst, solution, prev);
    let gone = moved_from_gone(inst, solution, prev);
    let mut c = ChangeCounts {
        dropped: prev.gone.len(),
        ..ChangeCounts::default()
    };
    for &(o, b, a) in &diffs {
        match (b, a) {
            (Some(_), Some(_)) => c.moved += 1,
            (Some(_), None) => c.dropped += 1,
            (None, Some(_)) if gone.contains_key(&o) => {
                c.moved += 1;
                c.dropped -= 1;
            }
            _ => c.added += 1,
        }
    }
    let mut seen = std::collections::HashSet::new();
    c.kept = prev
        .pairs
        .iter()
        .filter(|pair| seen.insert(pair.0) && solution.plan.assignments.contains(pair))
        .count();
    c
}

/// `changes.csv`: every officer whose position differs from the previous
/// plan, and why. With the Keep level before Quality, a change is either
/// forced (no longer eligible, pinned, gone from the files) or needed to
/// keep Fill and Balance at their optima; none is made for Quality.
pub(super) fn changes(inst: &Instance, solution: &Solution, prev: &Previous) -> Result<Vec<u8>> {
    let header = [
        "officer_id",
        "name",
        "service_id",
        "from",
        "to",
        "change",
        "reason",
    ];
    let label = |p: Option<PositionIx>| p.map_or(String::new(), |p| inst.position_label(p));
    let diffs = differences(inst, solution, prev);
    let gone = moved_from_gone(inst, solution, prev);
    let left: Vec<Pair> = diffs
        .iter()
        .filter_map(|&(o, b, _)| b.map(|b| (o, b)))
        .collect();
    let over = Overfull::new(inst, prev);
    // A change is shown needed only where Fill, Balance and Keep were
    // proven; else it is the plan found's, where the re-plan stopped.
    let needed = [Level::Fill, Level::Balance, Level::Keep]
        .into_iter()
        .find(|&level| !solution.proven(level))
        .map_or(ChangeReason::KeepsFillAndBalance, ChangeReason::Unproven);
    let mut added_to: std::collections::HashMap<PositionIx, usize> = Default::default();
    let mut rows: Vec<Vec<String>> = diffs
        .iter()
        .map(|&(o, before, after)| {
            let officer = &inst.officers[o.0];
            // Placed now, their previous position gone from the files.
            if let (None, Some(p), Some(&i)) = (before, after, gone.get(&o)) {
                let g = &prev.gone[i];
                return vec![
                    officer.id.clone(),
                    officer.name.clone(),
                    inst.services[officer.service.0].id.clone(),
                    g.position.clone(),
                    label(Some(p)),
                    "moved".into(),
                    ChangeReason::Gone { why: g.why.clone() }.text(inst),
                ];
            }
            let change = match (before, after) {
                (Some(_), Some(_)) => "moved",
                (Some(_), None) => "dropped",
                _ => "added",
            };
            let pin = inst.pins.iter().find(|pin| pin.officer == o);
            let reason = match (before, after) {
                (Some(q), _) if !crate::rules::eligible(inst, o, q) => {
                    ChangeReason::NoLongerEligible {
                        position: q,
                        failures: crate::rules::failures(inst, o, q),
                    }
                }
                (_, Some(p)) if pin.is_some_and(|pin| pin.position == p) => ChangeReason::Pinned {
                    position: p,
                    reason: pin.map(|pin| pin.reason.clone()).unwrap_or_default(),
                },
                (None, Some(p)) => {
                    let here = label(Some(p));
                    let leavers: Vec<String> = left
                        .iter()
                        .filter(|l| l.1 == p)
                        .map(|l| inst.officers[l.0 .0].id.clone())
                        .chain(
                            prev.gone
                                .iter()
                                .filter(|g| g.position == here)
                                .map(|g| g.officer.clone()),
                        )
                        .collect();
                    // One seat each: the k-th officer added here takes the
                    // seat of the k-th who left it, and once those are
                    // taken, a seat the previous plan left empty.
                    let k = added_to.entry(p).or_insert(0);
                    *k += 1;
                    match leavers.get(*k - 1) {
                        None => ChangeReason::FillsEmptySeat(p),
                        Some(officer) => ChangeReason::FillsSeatLeftBy {
                            position: p,
                            officers: vec![officer.clone()],
                        },
                    }
                }
                (Some(q), _) => match over.reason(inst, o, q) {
                    Some(text) => ChangeReason::NoLongerFits(text),
                    None => needed.clone(),
                },
                _ => needed.clone(),
            };
            vec![
                officer.id.clone(),
                officer.name.clone(),
                inst.services[officer.service.0].id.clone(),
                label(before),
                label(after),
                change.into(),
                reason.text(inst),
            ]
        })
        .collect();
    let moved: std::collections::HashSet<usize> = gone.values().copied().collect();
    let dropped = prev
        .gone
        .iter()
        .enumerate()
        .filter(|(i, _)| !moved.contains(i));
    rows.extend(dropped.map(|(_, g)| {
        // An officer still in the files (their position is gone) is named.
        let known = inst.find_officer(&g.officer).map(|o| &inst.officers[o.0]);
        vec![
            g.officer.clone(),
            known.map_or(String::new(), |o| o.name.clone()),
            known.map_or(String::new(), |o| inst.services[o.service.0].id.clone()),
            g.position.clone(),
            String::new(),
            "dropped".into(),
            ChangeReason::Gone { why: g.why.clone() }.text(inst),
        ]
    }));
    rows.sort_by(|a, b| a[0].cmp(&b[0]).then(a[3].cmp(&b[3])));
    csv_bytes(&header, rows)
}

/// The hard limits the previous plan breaks under the files as they are
/// now: its pairs still eligible, each officer pinned elsewhere moved to
/// their pin, and the other pins added. An officer of the previous plan
/// counted in one of them left because of it, not for Fill or Balance.
struct Overfull {
    /// The previous plan so adjusted.
    pairs: Vec<Pair>,
    /// Its counts per limit (services aside, checked day by day).
    counts: std::collections::HashMap<Limit, u32>,
    /// Whether a pin is in the adjusted plan.
    pinned: std::collections::HashSet<Pair>,
}

impl Overfull {
    fn new(inst: &Instance, prev: &Previous) -> Overfull {
        let pinned: std::collections::HashSet<Pair> = inst
            .pins
            .iter()
            .map(|pin| (pin.officer, pin.position))
            .collect();
        let mut pairs: Vec<Pair> = prev
            .pairs
            .iter()
            .copied()
            .filter(|&(o, p)| crate::rules::eligible(inst, o, p))
            .filter(|&(o, _)| !inst.pins.iter().any(|pin| pin.officer == o))
            .chain(pinned.iter().copied())
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let counts = limits::counts(inst, pairs.iter().copied());
        Overfull {
            pairs,
            counts,
            pinned,
        }
    }

    /// Why officer `o` could not stay in `q`: the first limit over its
    /// bound that counts `(o, q)` in the adjusted plan, in the order seat,
    /// mission and service; `None` when none does (or `(o, q)` is not in it).
    fn reason(&self, inst: &Instance, o: OfficerIx, q: PositionIx) -> Option<String> {
        if !self.pairs.contains(&(o, q)) {
            return None;
        }
        let lang = Lang::En;
        let s = inst.officers[o.0].service;
        let m = inst.positions[q.0].mission;
        // " with the pins" when a pin counts in the limit.
        let pins = |counted: &dyn Fn(&Pair) -> bool| {
            if self.pinned.iter().any(counted) {
                lang.text(Msg::ChangeSeatsPins)
            } else {
                ""
            }
        };
        let n_of = |limit: Limit| self.counts.get(&limit).copied().unwrap_or(0);
        let seats = Limit::Position(q);
        if n_of(seats) > seats.bound(inst) {
            return Some(lang.fill(
                Msg::ChangeSeatsNow,
                &[
                    ("position", &inst.position_label(q)),
                    ("count", &seats.bound(inst)),
                    ("n", &n_of(seats)),
                    ("pins", &pins(&|pair| pair.1 == q)),
                ],
            ));
        }
        let in_mission = |pair: &Pair| {
            inst.positions[pair.1 .0].mission == m && inst.officers[pair.0 .0].service == s
        };
        let mission = Limit::MissionService(m, s);
        if inst.missions[m.0].max_per_service.is_some() && n_of(mission) > mission.bound(inst) {
            return Some(lang.fill(
                Msg::ChangeMissionServiceNow,
                &[
                    ("mission", &inst.missions[m.0].id),
                    ("bound", &mission.bound(inst)),
                    ("service", &inst.services[s.0].id),
                    ("n", &n_of(mission)),
                    ("pins", &pins(&in_mission)),
                ],
            ));
        }
        let svc = &inst.services[s.0];
        let theirs: Vec<Pair> = self
            .pairs
            .iter()
            .copied()
            .filter(|pair| inst.officers[pair.0 .0].service == s)
            .collect();
        let from_service = |pair: &Pair| inst.officers[pair.0 .0].service == s;
        if !inst.calendar().dated(inst, s) {
            let n = theirs.len() as u32;
            return (n > svc.capacity()).then(|| {
                lang.fill(
                    Msg::ChangeServiceNow,
                    &[
                        ("service", &svc.id),
                        ("bound", &svc.capacity()),
                        ("n", &n),
                        ("pins", &pins(&from_service)),
                    ],
                )
            });
        }
        let (start, end) = (inst.positions[q.0].start, inst.positions[q.0].end);
        let away = limits::away(inst, s, &theirs);
        let (from, to, n) = away
            .at_least_within(svc.max_deployed + 1, start, end)
            .first()
            .map(|&(from, to, n)| (from, Some(to), n))?;
        Some(lang.fill(
            Msg::ChangeServiceDaysNow,
            &[
                ("service", &svc.id),
                ("bound", &svc.max_deployed),
                ("n", &n),
                ("span", &limits::span_text(from, to)),
                ("pins", &pins(&from_service)),
            ],
        ))
    }
}
