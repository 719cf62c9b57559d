#![no_main]
//! A plan CSV (`match --previous`, `verify`): any bytes, against the
//! sample data; a plan read is checked by the verifier without panicking.

use libfuzzer_sys::fuzz_target;
use missionmatch::io::plan_csv;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static BASE: OnceLock<missionmatch::model::Instance> = OnceLock::new();
    let inst = BASE.get_or_init(|| missionmatch_fuzz::load_with(|_| {}).unwrap().instance);
    if let Ok((pairs, _gone)) = plan_csv::parse_previous(inst, "assignments.csv", data) {
        let plan = missionmatch::plan::Plan::new(inst, pairs);
        let _ = missionmatch::verify::verify(inst, &plan);
        let _ = missionmatch::plan::evaluate(inst, &plan);
    }
});
