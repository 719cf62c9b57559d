//! A long cross-check, run by hand: the fast path against the plain model
//! (every pair a column, objective cuts only) on generated pools of shapes
//! the other tests do not fix: 100 to 900 officers, 2 to 14 missions,
//! scarce or ample, dated or not, with or without rotations, with targets
//! the pool can meet or not (`--tight-targets`, about three pools in ten),
//! each drawn from its seed. On every pool:
//!
//! - every level of the fast path equals the plain model's, and both plans
//!   pass the independent verifier;
//! - with `--gap 0.5` (fast path), Fill and Balance are the optima and
//!   Quality is no further from the optimum than the gap it reports;
//! - after one placed officer (not pinned) withdraws, Keep as Quality's tie-break
//!   (what-if scenarios, `explain`, `recommend`) keeps as many pairs as the
//!   plain model, at the same levels; within a gap of 0.5 % (`whatif
//!   --gap`), fast path and plain model, at least as many, with the same
//!   Fill and Balance and Quality within the gap.
//!
//! It takes minutes, so it is ignored by `cargo test`:
//!
//! ```text
//! CROSSCHECK_SEEDS=1000..1040 cargo test --release --test crosscheck -- --ignored --nocapture every_shape
//! ```
//!
//! Every disagreement is printed with its seed and shape (the pool is
//! `generate --officers N --missions M --seed S [--time] [--tight-targets]
//! [--ample]`), and the test fails at the end if there was one.
//!
//! The same checks run on folders written by anything else (pools this
//! project's generator would never draw), each subfolder of
//! `CROSSCHECK_DIRS` one pool, loaded as `match` loads it; a file named
//! `rotations_until` in a folder (one date) plans its rotations until then:
//!
//! ```text
//! CROSSCHECK_DIRS=/tmp/pools cargo test --release --test crosscheck -- --ignored --nocapture folders
//! ```
//!
//! `CROSSCHECK_STEPS=1` also prints each pool before it is checked and
//! how long each of its solves took. Each solve is stopped after
//! `CROSSCHECK_TIME_LIMIT` seconds (600 unless given): a pool with a solve
//! so stopped cannot be compared, and is listed at the end as not settled
//! rather than failing the check.

mod common;

use common::*;
use missionmatch::generate::{generate_with, GenerateOptions, Supply, Targets};
use missionmatch::io::LoadOptions;
use missionmatch::model::{Instance, MissionIx};
use missionmatch::rules;
use missionmatch::solve::{self, Keep, Level, LevelStatus, Solution, SolveOptions};
use missionmatch::verify;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::Instant;

/// The shape of the pool of one seed.
#[derive(Debug)]
struct Shape {
    officers: usize,
    missions: usize,
    supply: Supply,
    time: bool,
    rotations: bool,
    /// Targets the pool cannot all meet (`generate --tight-targets`).
    tight: bool,
}

impl Shape {
    fn of(seed: u64) -> Shape {
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed_c0de);
        let time = rng.gen_bool(0.5);
        Shape {
            officers: rng.gen_range(100..=900),
            missions: rng.gen_range(2..=14),
            supply: if rng.gen_bool(0.75) {
                Supply::Scarce
            } else {
                Supply::Ample
            },
            time,
            rotations: time && rng.gen_bool(0.5),
            tight: rng.gen_bool(0.3),
        }
    }

    /// The `generate` command that writes the pool.
    fn command(&self, seed: u64) -> String {
        format!(
            "generate --officers {} --missions {} --seed {seed}{}{}{}{}",
            self.officers,
            self.missions,
            if self.time { " --time" } else { "" },
            if self.tight { " --tight-targets" } else { "" },
            if self.supply == Supply::Ample {
                " --ample"
            } else {
                ""
            },
            if self.rotations {
                ", match --rotations-until 2028-06-30"
            } else {
                ""
            },
        )
    }

    fn load(&self, seed: u64) -> Instance {
        let dir = tempfile::tempdir().unwrap();
        let options = GenerateOptions {
            officers: self.officers,
            missions: self.missions,
            seed,
            supply: self.supply,
            targets: if self.tight {
                Targets::Tight
            } else {
                Targets::Reachable
            },
            ..Default::default()
        };
        generate_with(dir.path(), &options, self.time).unwrap();
        let load = LoadOptions {
            rotations_until: self.rotations.then(|| date("2028-06-30")),
            ..Default::default()
        };
        let paths = missionmatch::io::InputPaths::in_dir(dir.path());
        missionmatch::io::load(&paths, &load).unwrap().instance
    }
}

/// The seeds to check: `CROSSCHECK_SEEDS` as `FIRST..END` (END excluded),
/// else 1000..1020.
fn seeds() -> std::ops::Range<u64> {
    let text = std::env::var("CROSSCHECK_SEEDS").unwrap_or_else(|_| "1000..1020".into());
    let (a, b) = text
        .split_once("..")
        .expect("CROSSCHECK_SEEDS is FIRST..END");
    a.trim().parse().expect("a first seed")..b.trim().parse().expect("an end seed")
}

/// Seconds each solve may take: `CROSSCHECK_TIME_LIMIT`, else 600. A pool
/// with a solve that cannot be settled within it is listed as such, not
/// as a disagreement (nothing can be compared), and does not fail the
/// check.
fn time_limit() -> f64 {
    std::env::var("CROSSCHECK_TIME_LIMIT")
        .ok()
        .map_or(600.0, |t| {
            t.parse().expect("CROSSCHECK_TIME_LIMIT is seconds")
        })
}

/// How a pool with a solve stopped by [`time_limit`] is told.
const UNSETTLED: &str = "not settled: a solve";

/// Solves, and returns the solution or what is wrong with its plan. With
/// `CROSSCHECK_STEPS` set, each solve's options and time are printed as it
/// ends (to find which one a slow pool spends its time in).
fn solved(inst: &Instance, options: &SolveOptions) -> Result<Solution, String> {
    let t = Instant::now();
    let limit = time_limit();
    let limited = SolveOptions {
        time_limit: Some(limit),
        ..options.clone()
    };
    let solution = solve::solve(inst, rules::eligible_pairs(inst), &limited)
        .map_err(|e| format!("solve failed: {e}"))?;
    if matches!(solution.status(), LevelStatus::TimeLimit { .. }) {
        return Err(format!(
            "{UNSETTLED} (plain {}, gap {:?}, keep {}) stopped at the {limit} s limit in the {} level",
            options.plain,
            options.quality_gap,
            options.keep.is_some(),
            solution.stopped_in().map_or("keep", |l| l.name())
        ));
    }
    if std::env::var_os("CROSSCHECK_STEPS").is_some() {
        println!(
            "  solved (plain {}, gap {:?}, keep {}) in {:.1} s",
            options.plain,
            options.quality_gap,
            options.keep.is_some(),
            t.elapsed().as_secs_f64()
        );
    }
    let violations = verify::verify(inst, &solution.plan);
    if !violations.is_empty() {
        return Err(format!("plan fails verify: {violations:?}"));
    }
    Ok(solution)
}

fn status(solution: &Solution, level: Level) -> LevelStatus {
    solution
        .reports
        .iter()
        .find(|r| r.level == level)
        .map_or(LevelStatus::Optimal, |r| r.status)
}

/// Every check on one pool; the disagreements found.
fn check(inst: &Instance) -> Result<Vec<String>, String> {
    let mut wrong = Vec::new();
    let fast = solved(inst, &SolveOptions::default())?;
    let plain = solved(
        inst,
        &SolveOptions {
            plain: true,
            ..SolveOptions::default()
        },
    )?;
    if !fast.optimal() || !plain.optimal() {
        return Err("a level is not proven".into());
    }
    let (f, p) = (fast.levels, plain.levels);
    if !(close(f.fill, p.fill) && close(f.balance, p.balance) && close(f.quality, p.quality)) {
        wrong.push(format!("levels: fast {f:?}, plain {p:?}"));
    }

    let within = solved(
        inst,
        &SolveOptions {
            quality_gap: Some(0.005),
            ..SolveOptions::default()
        },
    )?;
    let w = within.levels;
    if !(close(w.fill, p.fill) && close(w.balance, p.balance)) {
        wrong.push(format!("--gap 0.5: fill and balance {w:?}, plain {p:?}"));
    }
    let allowed = match status(&within, Level::Quality) {
        LevelStatus::Optimal => 0.0,
        LevelStatus::WithinGap { gap } if gap <= 0.005 + 1e-12 => gap,
        other => {
            wrong.push(format!("--gap 0.5: quality status {other:?}"));
            0.005
        }
    };
    if w.quality < p.quality - allowed * p.quality.abs() - 1e-6 * p.quality.abs().max(1.0) {
        wrong.push(format!(
            "--gap 0.5: quality {} below the optimum {} by more than {allowed}",
            w.quality, p.quality
        ));
    }

    // A placed officer who is not pinned withdraws.
    let pinned = |o| inst.pins.iter().any(|pin| pin.officer == o);
    if let Some(&(gone, _)) = fast.plan.assignments.iter().find(|(o, _)| !pinned(*o)) {
        let mut inst = inst.clone();
        inst.officers[gone.0].excluded = (0..inst.missions.len()).map(MissionIx).collect();
        let keep = Keep {
            pairs: fast.plan.assignments.clone(),
            before_quality: false,
        };
        let kept = |s: &Solution| kept(s, &keep.pairs);
        let options = SolveOptions {
            keep: Some(keep.clone()),
            ..SolveOptions::default()
        };
        let fast = solved(&inst, &options)?;
        let plain = solved(
            &inst,
            &SolveOptions {
                plain: true,
                ..options.clone()
            },
        )?;
        let (f, p) = (fast.levels, plain.levels);
        if !(close(f.fill, p.fill) && close(f.balance, p.balance) && close(f.quality, p.quality)) {
            wrong.push(format!("keep after quality: fast {f:?}, plain {p:?}"));
        }
        if kept(&fast) != kept(&plain) {
            wrong.push(format!(
                "keep after quality: fast keeps {}, plain {}",
                kept(&fast),
                kept(&plain)
            ));
        }
        // Within a gap (`whatif --gap 0.5`), Keep chooses among every plan
        // within it, the best plans among them.
        for plain_model in [false, true] {
            let within = solved(
                &inst,
                &SolveOptions {
                    quality_gap: Some(0.005),
                    plain: plain_model,
                    ..options.clone()
                },
            )?;
            let (w, p) = (within.levels, plain.levels);
            let at = format!("keep within the gap (plain {plain_model})");
            if !within.settled() {
                wrong.push(format!("{at}: not settled"));
            }
            if !(close(w.fill, p.fill) && close(w.balance, p.balance)) {
                wrong.push(format!("{at}: {w:?}, plain {p:?}"));
            }
            if w.quality < p.quality / 1.005 - 1e-6 * p.quality.abs().max(1.0) {
                wrong.push(format!("{at}: quality {} against {}", w.quality, p.quality));
            }
            if kept(&within) < kept(&plain) {
                wrong.push(format!(
                    "{at}: keeps {}, fewer than the best plans' {}",
                    kept(&within),
                    kept(&plain)
                ));
            }
        }
    }
    Ok(wrong)
}

#[test]
#[ignore = "minutes: run by hand (see the module doc)"]
fn the_fast_path_agrees_with_the_plain_model_on_pools_of_every_shape() {
    let (mut failures, mut unsettled) = (Vec::new(), Vec::new());
    let seeds = seeds();
    let total = seeds.end.saturating_sub(seeds.start);
    for (i, seed) in seeds.enumerate() {
        let shape = Shape::of(seed);
        if std::env::var_os("CROSSCHECK_STEPS").is_some() {
            println!("seed {seed}: {}", shape.command(seed));
        }
        let t = Instant::now();
        let inst = shape.load(seed);
        let seats: u32 = inst.positions.iter().map(|p| p.count).sum();
        let outcome = check(&inst);
        let found = match &outcome {
            Ok(wrong) if wrong.is_empty() => "agree".to_string(),
            Ok(wrong) => wrong.join("; "),
            Err(e) => e.clone(),
        };
        println!(
            "{}/{total} seed {seed} ({}; {} seats): {found} [{:.1} s]",
            i + 1,
            shape.command(seed),
            seats,
            t.elapsed().as_secs_f64()
        );
        if found.starts_with(UNSETTLED) {
            unsettled.push(format!("seed {seed} ({}): {found}", shape.command(seed)));
        } else if found != "agree" {
            failures.push(format!("seed {seed} ({}): {found}", shape.command(seed)));
        }
    }
    report_unsettled(&unsettled);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Lists the pools with a solve the time limit stopped: not compared.
fn report_unsettled(unsettled: &[String]) {
    if !unsettled.is_empty() {
        println!(
            "{} pool(s) not compared, a solve not settled within {} s (CROSSCHECK_TIME_LIMIT):\n{}",
            unsettled.len(),
            time_limit(),
            unsettled.join("\n")
        );
    }
}

/// The pools of `CROSSCHECK_DIRS`: every subfolder, by name.
fn folders() -> Vec<std::path::PathBuf> {
    let Ok(root) = std::env::var("CROSSCHECK_DIRS") else {
        return Vec::new();
    };
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("CROSSCHECK_DIRS {root}: {e}"))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
#[ignore = "minutes: run by hand with CROSSCHECK_DIRS (see the module doc)"]
fn the_fast_path_agrees_with_the_plain_model_on_the_folders_given() {
    let dirs = folders();
    if dirs.is_empty() {
        println!("CROSSCHECK_DIRS names no folder of pools: nothing to check");
        return;
    }
    let (mut failures, mut unsettled) = (Vec::new(), Vec::new());
    for (i, dir) in dirs.iter().enumerate() {
        let t = Instant::now();
        let until = std::fs::read_to_string(dir.join("rotations_until")).ok();
        let load = LoadOptions {
            rotations_until: until.as_deref().map(|d| date(d.trim())),
            ..Default::default()
        };
        let paths = missionmatch::io::InputPaths::in_dir(dir);
        let found = match missionmatch::io::load(&paths, &load) {
            Err((errors, _)) => format!("does not load: {errors}"),
            Ok(loaded) => match check(&loaded.instance) {
                Ok(wrong) if wrong.is_empty() => "agree".to_string(),
                Ok(wrong) => wrong.join("; "),
                Err(e) => e,
            },
        };
        println!(
            "{}/{} {}: {found} [{:.1} s]",
            i + 1,
            dirs.len(),
            dir.display(),
            t.elapsed().as_secs_f64()
        );
        if found.starts_with(UNSETTLED) {
            unsettled.push(format!("{}: {found}", dir.display()));
        } else if found != "agree" {
            failures.push(format!("{}: {found}", dir.display()));
        }
    }
    report_unsettled(&unsettled);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
