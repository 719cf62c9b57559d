//! Independent check of any plan against every rule and hard constraint.
//!
//! "Never trust the solver's bookkeeping": this module does not look at the
//! model at all. It re-applies the eligibility rules of [`crate::rules`]
//! and recounts every constraint family from the plain plan, so it can
//! check a plan a board edited by hand just as well as the engine's own.

use crate::model::limits::{self, Family, Limit};
use crate::model::Instance;
use crate::plan::Plan;
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
    // Every hard limit, recounted from the plan: family by family, officers
    // by id, the other limits in index order.
    let mut over: Vec<(Limit, u32)> = limits::counts(inst, plan.assignments.iter().copied())
        .into_iter()
        .filter(|&(limit, n)| n > limit.bound(inst))
        .collect();
    over.sort_by(|a, b| {
        let key = |l: &Limit| match l {
            Limit::Officer(o) => (l.family(), inst.officers[o.0].id.as_str()),
            _ => (l.family(), ""),
        };
        key(&a.0).cmp(&key(&b.0)).then(a.0.cmp(&b.0))
    });
    for (limit, n) in over {
        let bound = limit.bound(inst);
        let message = match limit {
            Limit::Officer(o) => {
                let id = officer(o);
                let places = &per_officer[id.as_str()];
                format!("{id} is assigned {n} times: {}", places.join(", "))
            }
            Limit::Position(p) => {
                let label = inst.position_label(p);
                format!("{label} has {n} officers, count is {bound}")
            }
            Limit::Service(s) => {
                let id = &inst.services[s.0].id;
                format!("{id} sends {n} officers, capacity is {bound}")
            }
            Limit::MissionService(m, s) => format!(
                "{} has {n} officers of {}, max_per_service is {bound}",
                inst.missions[m.0].id, inst.services[s.0].id
            ),
        };
        out.push(Violation {
            name: limit.family().name(),
            message,
        });
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
                name: Family::Pin.name(),
                message,
            });
        }
    }
    out
}
