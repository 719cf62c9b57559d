#![no_main]
//! missions.csv: any bytes, the other files from the sample.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    missionmatch_fuzz::run("load_missions", data);
});
