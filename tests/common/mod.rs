//! Helpers shared by the integration tests: building small instances in
//! code and solving them.
#![allow(dead_code)]

use missionmatch::model::*;
use missionmatch::plan::Levels;
use missionmatch::solve::{self, Solution, SolveOptions};
use missionmatch::{rules, verify};
use std::collections::BTreeSet;

pub fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

pub fn service(id: &str, max_deployed: u32) -> Service {
    Service {
        id: id.into(),
        name: format!("{id} Police"),
        province: "ON".into(),
        sworn_officers: 1000,
        max_deployed,
        deployed_now: 0,
        release_derived: false,
    }
}

pub fn mission(id: &str) -> Mission {
    Mission {
        id: id.into(),
        name: format!("Mission {id}"),
        country: String::new(),
        organization: "UN".into(),
        start: date("2027-01-15"),
        months: 6,
        end: date("2027-07-14"),
        min_women_share: 0.0,
        language: None,
        min_language_share: 0.0,
        max_per_service: None,
    }
}

pub fn position(mission: usize, role: &str, count: u32) -> Position {
    Position {
        mission: MissionIx(mission),
        role: role.into(),
        count,
        min_rank: None,
        min_years: None,
        languages: Vec::new(),
        skills: Vec::new(),
        leadership: false,
        priority: 1.0,
    }
}

pub fn officer(id: &str, service: usize, gender: Gender, score: f64) -> Officer {
    Officer {
        id: id.into(),
        name: format!("Officer {id}"),
        service: ServiceIx(service),
        gender,
        rank: Rank::Sergeant,
        years_service: 10,
        languages: vec![(LangCode::parse("en").unwrap(), Level::C1)],
        skills: BTreeSet::new(),
        leadership: false,
        board_score: score,
        preferences: Vec::new(),
        excluded: Vec::new(),
        available_from: None,
        available_until: None,
    }
}

/// Solves to optimality and checks the plan with the independent verifier.
pub fn solve_verified(inst: &Instance) -> Solution {
    let pairs = rules::eligible_pairs(inst);
    let solution = solve::solve(inst, pairs, &SolveOptions::default()).expect("solve");
    let violations = verify::verify(inst, &solution.plan);
    assert!(
        violations.is_empty(),
        "engine plan fails verify: {violations:?}"
    );
    assert!(solution.optimal());
    solution
}

/// `(officer id, MISSION/role)` pairs of a plan, in plan order.
pub fn plan_ids(inst: &Instance, sol: &Solution) -> Vec<(String, String)> {
    sol.plan
        .assignments
        .iter()
        .map(|&(o, p)| (inst.officers[o.0].id.clone(), inst.position_label(p)))
        .collect()
}

pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

pub fn assert_levels(got: Levels, want: Levels, context: &str) {
    assert!(
        close(got.fill, want.fill)
            && close(got.balance, want.balance)
            && close(got.quality, want.quality),
        "{context}: engine {got:?} vs expected {want:?}"
    );
}
