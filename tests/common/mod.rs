//! Helpers shared by the integration tests: building small instances in
//! code and solving them.
#![allow(dead_code)]

use missionmatch::model::*;
use missionmatch::plan::Levels;
use missionmatch::solve::{self, Solution, SolveOptions};
use missionmatch::{rules, verify};
use rand::prelude::*;
use rand_chacha::ChaCha8Rng;
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
        languages: vec![(LangCode::parse("en").unwrap(), Cefr::C1)],
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

/// A random small instance: 1–3 services, 1–2 missions with gender and
/// language targets and per-service limits, up to `positions` positions
/// and `officers` officers, mission scores and up to two pins that fit.
pub fn random_instance(rng: &mut ChaCha8Rng, officers: usize, positions: usize) -> Instance {
    let mut inst = Instance::default();
    for s in 0..rng.gen_range(1..=3) {
        inst.services
            .push(service(&format!("S{s}"), rng.gen_range(0..=4)));
    }
    for m in 0..rng.gen_range(1..=2) {
        let mut mis = mission(&format!("M{m}"));
        mis.min_women_share = [0.0, 0.3, 0.5][rng.gen_range(0..3)];
        if rng.gen_bool(0.6) {
            mis.language = Some(LangReq {
                code: LangCode::parse("fr").unwrap(),
                min: Some(Cefr::B1),
            });
            mis.min_language_share = [0.0, 0.4, 0.75][rng.gen_range(0..3)];
        }
        mis.max_per_service = [None, Some(1), Some(2)][rng.gen_range(0..3)];
        inst.missions.push(mis);
    }
    for p in 0..rng.gen_range(1..=positions as i32) {
        let m = rng.gen_range(0..inst.missions.len());
        let mut pos = position(m, &format!("r{p}"), rng.gen_range(1..=3));
        pos.priority = [1.0, 1.0, 2.0, 1.5][rng.gen_range(0..4)];
        if rng.gen_bool(0.3) {
            pos.min_rank = Some(Rank::Inspector);
        }
        if rng.gen_bool(0.3) {
            pos.skills = vec!["training".into()];
        }
        inst.positions.push(pos);
    }
    for o in 0..rng.gen_range(1..=officers as i32) {
        let gender = if rng.gen_bool(0.4) {
            Gender::F
        } else {
            Gender::M
        };
        let mut off = officer(
            &format!("O{o}"),
            rng.gen_range(0..inst.services.len()),
            gender,
            rng.gen_range(0..=100) as f64,
        );
        if rng.gen_bool(0.5) {
            off.rank = Rank::Superintendent;
        }
        if rng.gen_bool(0.6) {
            off.skills.insert("training".into());
        }
        if rng.gen_bool(0.5) {
            off.languages.push((
                LangCode::parse("fr").unwrap(),
                [Cefr::A2, Cefr::B2][rng.gen_range(0..2)],
            ));
        }
        if rng.gen_bool(0.5) {
            off.preferences
                .push(MissionIx(rng.gen_range(0..inst.missions.len())));
        }
        inst.officers.push(off);
    }
    for o in 0..inst.officers.len() {
        if rng.gen_bool(0.15) {
            let m = rng.gen_range(0..inst.missions.len());
            inst.scores
                .insert((OfficerIx(o), MissionIx(m)), rng.gen_range(0..=100) as f64);
        }
    }
    // Up to two pins, kept only while the pins alone break no constraint.
    let pairs = rules::eligible_pairs(&inst);
    for _ in 0..rng.gen_range(0..=2) {
        if pairs.is_empty() || rng.gen_bool(0.5) {
            continue;
        }
        let (o, p) = pairs[rng.gen_range(0..pairs.len())];
        inst.pins.push(Pin {
            officer: o,
            position: p,
            line: 2,
        });
        let only_pins = missionmatch::plan::Plan::new(
            &inst,
            inst.pins
                .iter()
                .map(|pin| (pin.officer, pin.position))
                .collect(),
        );
        if !verify::verify(&inst, &only_pins).is_empty() {
            inst.pins.pop();
        }
    }
    inst
}
