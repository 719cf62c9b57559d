//! Criterion benchmark of a whole match (eligibility, model, every level)
//! on a generated S folder. Larger presets are timed by scripts/bench.sh,
//! which prints a table per phase.

use criterion::{criterion_group, criterion_main, Criterion};
use missionmatch::generate::{generate, preset, GenerateOptions};
use missionmatch::io::{load, InputPaths, LoadOptions};
use missionmatch::{pipeline, solve::SolveOptions};

fn bench_s(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (officers, missions) = preset("S").unwrap();
    generate(
        dir.path(),
        &GenerateOptions {
            officers,
            missions,
            seed: 1,
        },
    )
    .unwrap();
    let paths = InputPaths::in_dir(dir.path());
    let loaded = load(&paths, &LoadOptions::default())
        .map_err(|(e, _)| e)
        .unwrap();
    let mut group = c.benchmark_group("match");
    group.sample_size(20);
    group.bench_function("load S", |b| {
        b.iter(|| {
            load(&paths, &LoadOptions::default())
                .map_err(|(e, _)| e)
                .unwrap()
        })
    });
    group.bench_function("solve S", |b| {
        b.iter(|| pipeline::solve_loaded(loaded.clone(), 0.0, &SolveOptions::default()).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench_s);
criterion_main!(benches);
