#![no_main]
//! A plan CSV: any bytes, against the sample data.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    missionmatch_fuzz::run("plan", data);
});
