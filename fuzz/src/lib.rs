//! The fuzz targets' bodies, shared with `tests/fuzz_corpus.rs` (which
//! includes this file and replays the committed corpus on every
//! `cargo test`): the sample data in memory with one file replaced by the
//! input, loaded and, when it loads, checked for what must hold of every
//! loaded instance; a scenario file or a plan read against the sample.

use missionmatch::io::{load_bytes, plan_csv, InputBytes, LoadOptions, Loaded};
use missionmatch::model::{Instance, Pair};
use missionmatch::{rules, scenario};
use std::sync::OnceLock;

/// Runs the target named `target` on `data`; `false` for an unknown name.
pub fn run(target: &str, data: &[u8]) -> bool {
    let bytes = || data.to_vec();
    match target {
        "load_services" => drop(load_with(|i| i.services = bytes())),
        "load_missions" => drop(load_with(|i| i.missions = bytes())),
        "load_positions" => drop(load_with(|i| i.positions = bytes())),
        "load_officers" => drop(load_with(|i| i.officers = bytes())),
        "load_scores" => drop(load_with(|i| i.scores = Some(bytes()))),
        "load_pins" => drop(load_with(|i| i.pins = Some(bytes()))),
        "scenarios" => scenarios(data),
        "plan" => plan(data),
        _ => return false,
    }
    true
}

/// The sample, loaded once, with its eligible pairs.
fn base() -> &'static (Instance, Vec<Pair>) {
    static BASE: OnceLock<(Instance, Vec<Pair>)> = OnceLock::new();
    BASE.get_or_init(|| {
        let inst = load_with(|_| {}).expect("the sample loads").instance;
        let pairs = rules::eligible_pairs(&inst);
        (inst, pairs)
    })
}

/// A scenario file: every scenario read is applied, and its eligibility
/// from the baseline's equals a full pass.
fn scenarios(data: &[u8]) {
    let (inst, pairs) = base();
    let Ok(scenarios) = scenario::parse_scenarios(inst, "scenarios.csv", data) else {
        return;
    };
    for s in &scenarios {
        let changed = scenario::apply(inst, s);
        assert_eq!(
            scenario::eligible_pairs(pairs, &changed, s),
            rules::eligible_pairs(&changed)
        );
        let _ = scenario::pin_problem(&changed, scenario::PinsFrom::Scenario(s));
    }
}

/// A plan CSV (`match --previous`, `verify`): a plan read is checked by
/// the verifier and evaluated.
fn plan(data: &[u8]) {
    let (inst, _) = base();
    if let Ok((pairs, _gone)) = plan_csv::parse_previous(inst, "assignments.csv", data) {
        let plan = missionmatch::plan::Plan::new(inst, pairs);
        let _ = missionmatch::verify::verify(inst, &plan);
        let _ = missionmatch::plan::evaluate(inst, &plan);
    }
}

/// Officers of the sample kept (with their scores): enough to reference
/// every service and mission, few enough for thousands of runs a second.
const OFFICERS: usize = 40;

/// The sample data (`data/`), built into the target, cut to its first
/// [`OFFICERS`] officers.
fn sample() -> InputBytes {
    let officers = include_str!("../../data/officers.csv");
    let kept: Vec<&str> = officers.lines().take(OFFICERS + 1).collect();
    let ids: Vec<&str> = kept[1..]
        .iter()
        .filter_map(|line| line.split(',').next())
        .collect();
    let scores: Vec<&str> = include_str!("../../data/scores.csv")
        .lines()
        .enumerate()
        .filter(|(i, line)| *i == 0 || ids.iter().any(|id| line.starts_with(&format!("{id},"))))
        .map(|(_, line)| line)
        .collect();
    InputBytes {
        services: include_bytes!("../../data/services.csv").to_vec(),
        missions: include_bytes!("../../data/missions.csv").to_vec(),
        positions: include_bytes!("../../data/positions.csv").to_vec(),
        officers: (kept.join("\n") + "\n").into_bytes(),
        scores: Some((scores.join("\n") + "\n").into_bytes()),
        pins: None,
        deployments: None,
    }
}

/// The sample with one file replaced, loaded; a loaded instance must be
/// consistent: every pin eligible, every id resolved, eligibility
/// computable.
fn load_with(change: impl FnOnce(&mut InputBytes)) -> Option<Loaded> {
    let mut input = sample();
    change(&mut input);
    let loaded = load_bytes(&input, &LoadOptions::default()).ok()?;
    let inst = &loaded.instance;
    for pin in &inst.pins {
        assert!(missionmatch::rules::eligible(
            inst,
            pin.officer,
            pin.position
        ));
    }
    for p in &inst.positions {
        assert!(p.mission.0 < inst.missions.len());
        assert!((0.01..=100.0).contains(&p.priority));
    }
    for o in &inst.officers {
        assert!(o.service.0 < inst.services.len());
        assert!(o.board_score.is_finite());
    }
    let _ = missionmatch::rules::eligible_pairs(inst);
    Some(loaded)
}
