//! Replays the committed fuzz corpus (`fuzz/corpus/TARGET/*`, including
//! any input that once crashed a target) through the fuzz targets'
//! bodies on every `cargo test`, without libFuzzer: a regression net for
//! the loaders, the scenario file and the plan reader.

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod harness;

use std::path::Path;

#[test]
fn the_fuzz_corpus_replays_without_a_panic() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut targets: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    targets.sort();
    assert_eq!(targets.len(), 8, "one corpus folder per fuzz target");
    let mut inputs = 0;
    for dir in targets {
        let target = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{target}: empty corpus");
        for file in files {
            let data = std::fs::read(&file).unwrap();
            assert!(harness::run(&target, &data), "unknown target {target}");
            inputs += 1;
        }
    }
    eprintln!("replayed {inputs} corpus inputs");
}
