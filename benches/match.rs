//! Criterion benchmarks of loading and of a whole match (eligibility,
//! model, every level) on generated folders (seed 1): S scarce and ample,
//! M ample (a scarce M match takes seconds to a minute, too long for
//! criterion's ten samples). scripts/bench.sh prints the per-phase table
//! for every preset, scarce and ample, and the OR-Library instances.

use criterion::{criterion_group, criterion_main, Criterion};
use missionmatch::generate::{generate, preset, GenerateOptions, Supply};
use missionmatch::io::{load, InputPaths, LoadOptions};
use missionmatch::{pipeline, solve::SolveOptions};

fn bench_preset(c: &mut Criterion, name: &str, supply: Supply, samples: usize) {
    let dir = tempfile::tempdir().unwrap();
    let (officers, missions) = preset(name).unwrap();
    let options = GenerateOptions {
        officers,
        missions,
        seed: 1,
        supply,
        ..Default::default()
    };
    generate(dir.path(), &options).unwrap();
    let paths = InputPaths::in_dir(dir.path());
    let load_all = || {
        load(&paths, &LoadOptions::default())
            .map_err(|(e, _)| e)
            .unwrap()
    };
    let loaded = load_all();
    let mut group = c.benchmark_group("match");
    group.sample_size(samples);
    let name = format!("{name} {supply:?}").to_lowercase();
    group.bench_function(format!("load {name}"), |b| b.iter(load_all));
    group.bench_function(format!("solve {name}"), |b| {
        b.iter(|| pipeline::match_loaded(loaded.clone(), 0.0, &SolveOptions::default()).unwrap())
    });
    group.finish();
}

fn bench_s(c: &mut Criterion) {
    bench_preset(c, "S", Supply::Scarce, 20);
    bench_preset(c, "S", Supply::Ample, 20);
}

/// M: ten samples, as few as criterion allows, to keep the run short.
fn bench_m(c: &mut Criterion) {
    bench_preset(c, "M", Supply::Ample, 10);
}

criterion_group!(benches, bench_s, bench_m);
criterion_main!(benches);
