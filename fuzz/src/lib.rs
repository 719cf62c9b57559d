//! Shared by the fuzz targets: the sample data folder in memory, with one
//! file replaced by the fuzzer's bytes, loaded and, when it loads, checked
//! for what must hold of every loaded instance.

use missionmatch::io::{load_bytes, InputBytes, LoadOptions, Loaded};

/// Officers of the sample kept (with their scores): enough to reference
/// every service and mission, few enough for thousands of runs a second.
const OFFICERS: usize = 40;

/// The sample data (`data/`), built into the target, cut to its first
/// [`OFFICERS`] officers.
pub fn sample() -> InputBytes {
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
    }
}

/// The sample with one file replaced, loaded; a loaded instance must be
/// consistent: every pin eligible, every id resolved, eligibility
/// computable.
pub fn load_with(change: impl FnOnce(&mut InputBytes)) -> Option<Loaded> {
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
        assert!(p.priority.is_finite() && p.priority > 0.0);
    }
    for o in &inst.officers {
        assert!(o.service.0 < inst.services.len());
        assert!(o.board_score.is_finite());
    }
    let _ = missionmatch::rules::eligible_pairs(inst);
    Some(loaded)
}
