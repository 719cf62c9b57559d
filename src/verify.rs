//! Independent check of any plan against every rule and hard constraint.
//!
//! "Never trust the solver's bookkeeping": this module does not look at the
//! model at all. It re-applies the eligibility rules of [`crate::rules`]
//! and recounts every constraint family from the plain plan, so it can
//! check a plan a board edited by hand just as well as the engine's own.

use crate::model::{Instance, MissionIx, ServiceIx};
use crate::plan::{self, Plan};
use crate::rules;
use std::collections::BTreeMap;
use std::fmt;

/// One broken rule or constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Stable name: an eligibility rule or a hard-limit family.
    pub name: &'static str,
    /// What exactly is wrong.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.message)
    }
}

/// Every violation of the plan, in a fixed order (by family, then by id).
pub fn verify(inst: &Instance, plan: &Plan) -> Vec<Violation> {
    let mut out = Vec::new();
    let officer = |o: crate::model::OfficerIx| &inst.officers[o.0].id;

    let mut per_officer: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for &(o, p) in &plan.assignments {
        per_officer
            .entry(officer(o))
            .or_default()
            .push(inst.position_label(p));
        for failure in rules::failures(inst, o, p) {
            out.push(Violation {
                name: failure.rule.name(),
                message: format!(
                    "{} in {}: {}",
                    officer(o),
                    inst.position_label(p),
                    failure.detail
                ),
            });
        }
    }
    for (id, places) in per_officer.iter().filter(|(_, v)| v.len() > 1) {
        out.push(Violation {
            name: "one_position_per_officer",
            message: format!(
                "{id} is assigned {} times: {}",
                places.len(),
                places.join(", ")
            ),
        });
    }
    for (p, &n) in plan::position_counts(inst, plan).iter().enumerate() {
        let count = inst.positions[p].count;
        if n > count {
            let label = inst.position_label(crate::model::PositionIx(p));
            out.push(Violation {
                name: "position_count",
                message: format!("{label} has {n} officers, count is {count}"),
            });
        }
    }
    for (s, &n) in plan::service_counts(inst, plan).iter().enumerate() {
        let svc = &inst.services[ServiceIx(s).0];
        if n > svc.capacity() {
            let message = format!(
                "{} sends {n} officers, capacity is {}",
                svc.id,
                svc.capacity()
            );
            out.push(Violation {
                name: "service_capacity",
                message,
            });
        }
    }
    let mut per_mission_service: BTreeMap<(usize, usize), u32> = BTreeMap::new();
    for &(o, p) in &plan.assignments {
        let key = (inst.positions[p.0].mission.0, inst.officers[o.0].service.0);
        *per_mission_service.entry(key).or_default() += 1;
    }
    for (&(m, s), &n) in &per_mission_service {
        let mission = &inst.missions[MissionIx(m).0];
        if let Some(limit) = mission.max_per_service.filter(|&l| n > l) {
            let message = format!(
                "{} has {n} officers of {}, max_per_service is {limit}",
                mission.id, inst.services[s].id
            );
            out.push(Violation {
                name: "mission_service_limit",
                message,
            });
        }
    }
    for pin in &inst.pins {
        if !plan.assignments.contains(&(pin.officer, pin.position)) {
            let message = format!(
                "{} must be in {} (pins.csv line {})",
                officer(pin.officer),
                inst.position_label(pin.position),
                pin.line
            );
            out.push(Violation {
                name: "pin",
                message,
            });
        }
    }
    out
}
