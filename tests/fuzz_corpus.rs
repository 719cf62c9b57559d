//! Replays the committed fuzz corpus (`fuzz/corpus.tar.gz`: the minimized
//! finds of the last fuzzing run, the sample and the hostile corpus, as
//! `TARGET/FILE`) through the fuzz targets' bodies on every `cargo test`,
//! without libFuzzer: a regression net for the loaders, the scenario file
//! and the plan reader. An input that ever crashes a target is added to
//! the archive and so becomes a regression test.

#[path = "../fuzz/src/lib.rs"]
mod harness;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

#[test]
fn the_fuzz_corpus_replays_without_a_panic() {
    let archive = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus.tar.gz");
    let file = std::fs::File::open(&archive).unwrap();
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut per_target: BTreeMap<String, usize> = BTreeMap::new();
    for entry in tar.entries().unwrap() {
        let mut entry = entry.unwrap();
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let path = entry.path().unwrap().into_owned();
        // corpus/TARGET/FILE
        let target = path.iter().nth(1).unwrap().to_string_lossy().into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        assert!(harness::run(&target, &data), "unknown target {target}");
        *per_target.entry(target).or_default() += 1;
    }
    assert_eq!(
        per_target.len(),
        8,
        "one corpus per fuzz target: {per_target:?}"
    );
    assert!(per_target.values().all(|&n| n >= 100), "{per_target:?}");
    eprintln!("replayed {per_target:?}");
}
