//! The SPEC §4 model written with good_lp: one variable per eligible pair,
//! one short method per constraint family, and the three level objectives.
//!
//! Constraint rows that can never bind (a family member with no more
//! candidates than its bound) are left out: they change nothing but the
//! solver's work.

use crate::model::{Gender, Instance, OfficerIx, PositionIx};
use good_lp::{constraint, variable, Constraint, Expression, ProblemVariables, Variable};
use std::collections::BTreeMap;

/// The variables and hard constraints, shared by every level.
#[derive(Clone)]
pub struct Formulation {
    /// All variables, in a fixed order (x first, then shortfalls).
    pub vars: ProblemVariables,
    /// Eligible pairs, sorted by officer then position.
    pub pairs: Vec<(OfficerIx, PositionIx)>,
    /// `x[k]` for `pairs[k]`.
    pub x: Vec<Variable>,
    /// Gender and language shortfall variables of every mission that has a target.
    pub shortfalls: Vec<Variable>,
    /// Hard constraints and shortfall definitions.
    pub constraints: Vec<Constraint>,
}

impl Formulation {
    /// Builds variables and every constraint family for `pairs`.
    pub fn new(inst: &Instance, pairs: Vec<(OfficerIx, PositionIx)>) -> Formulation {
        let mut vars = ProblemVariables::new();
        let pinned: Vec<(OfficerIx, PositionIx)> =
            inst.pins.iter().map(|p| (p.officer, p.position)).collect();
        let x = pairs
            .iter()
            .map(|pair| {
                // A pin holds by fixing its variable's lower bound to 1.
                let lower = if pinned.contains(pair) { 1.0 } else { 0.0 };
                vars.add(variable().binary().min(lower))
            })
            .collect();
        let mut f = Formulation {
            vars,
            pairs,
            x,
            shortfalls: Vec::new(),
            constraints: Vec::new(),
        };
        f.one_position_per_officer();
        f.position_count(inst);
        f.service_capacity(inst);
        f.mission_service_limit(inst);
        f.shortfall_definitions(inst);
        f
    }

    /// Adds `Σ x ≤ bound` for each group that has more members than its bound.
    fn at_most<K: Ord>(
        &mut self,
        key: impl Fn(OfficerIx, PositionIx) -> Option<K>,
        bound: impl Fn(&K) -> u32,
    ) {
        let mut groups: BTreeMap<K, Vec<Variable>> = BTreeMap::new();
        for (&(o, p), &x) in self.pairs.iter().zip(&self.x) {
            if let Some(k) = key(o, p) {
                groups.entry(k).or_default().push(x);
            }
        }
        for (k, members) in groups {
            let b = bound(&k);
            if members.len() > b as usize {
                let sum: Expression = members.into_iter().sum();
                self.constraints.push(constraint!(sum <= b));
            }
        }
    }

    /// Hard constraint 1: each officer fills at most one position.
    fn one_position_per_officer(&mut self) {
        self.at_most(|o, _| Some(o), |_| 1);
    }

    /// Hard constraint 2: each position receives at most `count` officers.
    fn position_count(&mut self, inst: &Instance) {
        self.at_most(|_, p| Some(p), |p| inst.positions[p.0].count);
    }

    /// Hard constraint 3: officers from a service ≤ its capacity. Counted
    /// per officer, so a group only binds if more *officers* than capacity
    /// could go; the row itself is over pairs.
    fn service_capacity(&mut self, inst: &Instance) {
        self.at_most(
            |o, _| Some(inst.officers[o.0].service),
            |s| inst.services[s.0].capacity(),
        );
    }

    /// Hard constraint 4: officers of one service in one mission ≤ `max_per_service`.
    fn mission_service_limit(&mut self, inst: &Instance) {
        self.at_most(
            |o, p| {
                let m = inst.positions[p.0].mission;
                inst.missions[m.0]
                    .max_per_service
                    .map(|_| (m, inst.officers[o.0].service))
            },
            |(m, _)| inst.missions[m.0].max_per_service.unwrap_or(u32::MAX),
        );
    }

    /// `shortfall ≥ share·N − count` for each mission target; with the
    /// shortfall ≥ 0 and minimized, it equals `max(0, share·N − count)`.
    fn shortfall_definitions(&mut self, inst: &Instance) {
        for (m, mission) in inst.missions.iter().enumerate() {
            let targets = [
                (mission.min_women_share, Target::Women),
                (mission.min_language_share, Target::Language),
            ];
            for (share, target) in targets {
                if share <= 0.0 {
                    continue;
                }
                let mut expr = Expression::with_capacity(16);
                for (&(o, p), &x) in self.pairs.iter().zip(&self.x) {
                    if inst.positions[p.0].mission.0 != m {
                        continue;
                    }
                    let counts = match target {
                        Target::Women => inst.officers[o.0].gender == Gender::F,
                        Target::Language => {
                            inst.meets_mission_language(o, inst.positions[p.0].mission)
                        }
                    };
                    expr.add_mul(share - if counts { 1.0 } else { 0.0 }, x);
                }
                let s = self.vars.add(variable().min(0));
                self.shortfalls.push(s);
                self.constraints.push(constraint!(s >= expr));
            }
        }
    }

    /// Level 1 objective: `Σ priority·x` (maximize).
    pub fn fill(&self, inst: &Instance) -> Expression {
        self.weighted(|_, p| inst.positions[p.0].priority)
    }

    /// Level 2 objective: total shortfall (minimize).
    pub fn balance(&self) -> Expression {
        self.shortfalls.iter().copied().sum()
    }

    /// Level 3 objective: `Σ q·x` (maximize).
    pub fn quality(&self, inst: &Instance) -> Expression {
        self.weighted(|o, p| inst.quality(o, p))
    }

    fn weighted(&self, weight: impl Fn(OfficerIx, PositionIx) -> f64) -> Expression {
        let mut expr = Expression::with_capacity(self.x.len());
        for (&(o, p), &x) in self.pairs.iter().zip(&self.x) {
            expr.add_mul(weight(o, p), x);
        }
        expr
    }
}

#[derive(Clone, Copy)]
enum Target {
    Women,
    Language,
}
