#![no_main]
//! A scenario file: any bytes, against the sample data.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    missionmatch_fuzz::run("scenarios", data);
});
