//! `match --gap PERCENT`: the Quality level settles once its plan is proven
//! within that share of the best possible plan. Fill and Balance stay
//! proven optimal, the plan is never worse than the gap says (checked
//! against the proven optimum), and the same files give the same plan.

mod common;

use common::*;
use missionmatch::model::Instance;
use missionmatch::rules;
use missionmatch::solve::{self, LevelStatus, Solution, SolveOptions};
use missionmatch::verify;

/// A generated scarce pool of the S preset, loaded.
fn scarce_s(seed: u64) -> (tempfile::TempDir, Instance) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("pool");
    generate_into(&data, &["--preset", "S", "--seed", &seed.to_string()]);
    let inst = load_instance(&data);
    (dir, inst)
}

/// Solves with Quality allowed to settle within `gap`, checking the plan
/// with the independent verifier.
fn solve_within(inst: &Instance, gap: f64, plain: bool) -> Solution {
    let options = SolveOptions {
        quality_gap: Some(gap),
        plain,
        ..SolveOptions::default()
    };
    let solution = solve::solve(inst, rules::eligible_pairs(inst), &options).expect("solve");
    let violations = verify::verify(inst, &solution.plan);
    assert!(violations.is_empty(), "{violations:?}");
    solution
}

fn quality_status(solution: &Solution) -> LevelStatus {
    solution
        .reports
        .iter()
        .find(|r| r.level == solve::Level::Quality)
        .expect("a quality level")
        .status
}

/// On twelve scarce pools, with a gap of 0.5 % on the fast path and the
/// plain model: Fill and Balance are the proven optima, the Quality status
/// is optimal or within a gap no wider than asked, and the proven optimum
/// is above the plan by no more than the gap reported.
#[test]
fn a_plan_settled_within_the_gap_is_that_close_to_the_best() {
    let asked = 0.005;
    let (mut settled, mut short) = (0, 0);
    for seed in 1..=12 {
        let (_dir, inst) = scarce_s(seed);
        let best = solve_verified(&inst);
        for plain in [false, true] {
            let within = solve_within(&inst, asked, plain);
            let at = format!("seed {seed}, plain {plain}");
            assert_eq!(within.levels.fill, best.levels.fill, "{at}");
            assert!(
                (within.levels.balance - best.levels.balance).abs() < 1e-9,
                "{at}"
            );
            assert!(within.settled(), "{at}");
            let q = within.levels.quality;
            assert!(q <= best.levels.quality + 1e-9, "{at}");
            eprintln!(
                "{at}: {q} against {} ({:?})",
                best.levels.quality,
                quality_status(&within)
            );
            match quality_status(&within) {
                LevelStatus::Optimal => assert!((q - best.levels.quality).abs() < 1e-6, "{at}"),
                LevelStatus::WithinGap { gap } => {
                    settled += 1;
                    assert!(gap <= asked + 1e-12, "{at}: {gap}");
                    assert!(
                        best.levels.quality - q <= gap * q.max(1.0) + 1e-6,
                        "{at}: {q} against the optimum {}, gap {gap}",
                        best.levels.quality
                    );
                    if q < best.levels.quality - 1e-6 {
                        short += 1;
                    }
                }
                other => panic!("{at}: {other:?}"),
            }
        }
    }
    assert!(
        settled >= 10 && short >= 3,
        "{settled} settled within the gap, {short} below the optimum"
    );
}

/// Settling within the gap is a decision of the solver, not of the clock:
/// the same files give the same plan, and the run exits 0 with the status
/// `within_gap` and the gap asked for recorded.
#[test]
fn the_same_files_give_the_same_plan_within_the_gap() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("pool");
    generate_into(&data, &["--preset", "S", "--seed", "4"]);
    let mut plans = Vec::new();
    for run in ["a", "b"] {
        let out = dir.path().join(run);
        let done = run_match(&data, &out, &["--gap", "0.5"]);
        assert!(done.status.success(), "{}", text(&done.stderr));
        let stdout = text(&done.stdout);
        assert!(
            stdout.contains("every level proven but quality, which is proven within "),
            "{stdout}"
        );
        let summary = read_json(&out.join("summary.json"));
        assert_eq!(summary["status"], "within_gap");
        assert_eq!(summary["levels"]["quality"]["status"], "within_gap");
        assert_eq!(summary["levels"]["fill"]["status"], "optimal");
        assert_eq!(summary["options"]["gap_percent"], 0.5);
        plans.push(read(&out.join("assignments.csv")));
    }
    assert_eq!(plans[0], plans[1]);
}

/// The searches stop at their first plan within the gap of the relaxation
/// over every pair, and that plan is within the gap of the proven optimum:
/// at 0.5 % on scarce S seed 8, the MIP over the relaxation's support; at
/// 0.3 % on seed 3, narrower than the gaps the support is tried for, the
/// MIP over the whole working set.
#[test]
fn the_search_stops_at_its_first_plan_within_the_gap() {
    for (seed, percent, over) in [
        ("8", "0.5", "over its LP's support"),
        ("3", "0.3", "over its working set"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("pool");
        generate_into(&data, &["--preset", "S", "--seed", seed]);
        let out = dir.path().join("out");
        let done = run_match(&data, &out, &["--gap", percent, "--verbose"]);
        assert!(done.status.success(), "{}", text(&done.stderr));
        let stopped = |over: &str| {
            text(&done.stderr).contains(&format!(
                "quality level {over}: stopped at its first plan within the gap asked for"
            ))
        };
        assert!(stopped(over), "seed {seed}");
        if seed == "3" {
            assert!(!stopped("over its LP's support"), "seed {seed}");
        }
        let summary = read_json(&out.join("summary.json"));
        let quality = &summary["levels"]["quality"];
        assert_eq!(quality["status"], "within_gap", "seed {seed}");
        let (gap, q) = (
            quality["gap"].as_f64().unwrap(),
            quality["value"].as_f64().unwrap(),
        );
        let asked = percent.parse::<f64>().unwrap() / 100.0;
        assert!(gap <= asked, "seed {seed}: {gap}");
        let best = solve_verified(&load_instance(&data)).levels.quality;
        assert!(
            q <= best + 1e-9 && best - q <= gap * q + 0.05,
            "seed {seed}: {q} against {best}"
        );
    }
}

#[test]
fn a_gap_outside_0_to_100_percent_is_refused() {
    for gap in ["0", "100", "150", "x"] {
        let out = run(&["match", "--gap", gap]);
        assert_eq!(out.status.code(), Some(2), "--gap {gap}");
        assert!(
            text(&out.stderr).contains(&format!(
                "'{gap}' is not a percentage above 0 and below 100"
            )),
            "{}",
            text(&out.stderr)
        );
    }
}
