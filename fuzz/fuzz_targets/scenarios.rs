#![no_main]
//! A scenario file: any bytes, against the sample data; every scenario
//! read is applied, and its eligibility from the baseline's must equal a
//! full pass.

use libfuzzer_sys::fuzz_target;
use missionmatch::{rules, scenario};
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static BASE: OnceLock<(
        missionmatch::model::Instance,
        Vec<(
            missionmatch::model::OfficerIx,
            missionmatch::model::PositionIx,
        )>,
    )> = OnceLock::new();
    let (inst, pairs) = BASE.get_or_init(|| {
        let inst = missionmatch_fuzz::load_with(|_| {}).unwrap().instance;
        let pairs = rules::eligible_pairs(&inst);
        (inst, pairs)
    });
    let Ok(scenarios) = scenario::parse_scenarios(inst, "scenarios.csv", data) else {
        return;
    };
    for s in &scenarios {
        let changed = scenario::apply(inst, s);
        assert_eq!(
            scenario::eligible_pairs(pairs, &changed, s),
            rules::eligible_pairs(&changed)
        );
        let _ = scenario::pin_problem(&changed);
    }
});
