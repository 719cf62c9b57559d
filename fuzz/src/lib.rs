//! Shared by the fuzz targets: the sample data folder in memory, with one
//! file replaced by the fuzzer's bytes, loaded and, when it loads, checked
//! for what must hold of every loaded instance.

use missionmatch::io::{load_bytes, InputBytes, LoadOptions, Loaded};

/// The sample data (`data/`), built into the target.
pub fn sample() -> InputBytes {
    InputBytes {
        services: include_bytes!("../../data/services.csv").to_vec(),
        missions: include_bytes!("../../data/missions.csv").to_vec(),
        positions: include_bytes!("../../data/positions.csv").to_vec(),
        officers: include_bytes!("../../data/officers.csv").to_vec(),
        scores: Some(include_bytes!("../../data/scores.csv").to_vec()),
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
        assert!(missionmatch::rules::eligible(inst, pin.officer, pin.position));
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
