//! Every shortcut of the fast path (pricing pairs into working sets,
//! holding levels by their optimal face, reduced-cost fixing, target rows
//! rounded for whole officers, LP rounding, diving and widening) must give
//! the same level values as the plain model (every pair a column, objective
//! cuts only), on generated pools of 120 to 800 officers.

mod common;

use common::*;
use missionmatch::generate::{generate_with, GenerateOptions, Supply, Targets};
use missionmatch::io::LoadOptions;
use missionmatch::model::Instance;
use missionmatch::solve::{HeldBy, Solution};

/// A generated pool, loaded.
fn generated(seed: u64, officers: usize, missions: usize, supply: Supply) -> Instance {
    generated_pool(
        seed,
        officers,
        missions,
        false,
        supply,
        &LoadOptions::default(),
    )
}

/// A generated pool (dated with `time`, as `generate --time`), loaded with `load`.
fn generated_pool(
    seed: u64,
    officers: usize,
    missions: usize,
    time: bool,
    supply: Supply,
    load: &LoadOptions,
) -> Instance {
    let options = GenerateOptions {
        officers,
        missions,
        seed,
        supply,
        ..Default::default()
    };
    generated_with(&options, time, load)
}

/// A folder generated with `options` (dated with `time`), loaded with `load`.
fn generated_with(options: &GenerateOptions, time: bool, load: &LoadOptions) -> Instance {
    let dir = tempfile::tempdir().unwrap();
    generate_with(dir.path(), options, time).unwrap();
    let paths = missionmatch::io::InputPaths::in_dir(dir.path());
    missionmatch::io::load(&paths, load).unwrap().instance
}

/// Solves `inst` on the fast path (plan verified) and with the plain
/// model; every level must agree. Returns the fast solution.
fn fast_equals_plain(inst: &Instance, context: &str) -> Solution {
    let fast = solve_verified(inst);
    let plain = solve_plain(inst);
    assert_levels(fast.levels, plain.levels, context);
    fast
}

#[test]
fn fast_path_and_plain_model_reach_the_same_levels() {
    let mut faces_used = 0;
    for (seed, officers, missions) in [
        (1, 120, 3),
        (2, 200, 4),
        (3, 300, 6),
        (4, 250, 5),
        (5, 400, 8),
    ] {
        let inst = generated(seed, officers, missions, Supply::Ample);
        let fast = fast_equals_plain(&inst, &format!("seed {seed}"));
        faces_used += usize::from(fast.reports.iter().any(|r| r.held_by == HeldBy::Face));
    }
    assert!(
        faces_used >= 4,
        "faces were used on only {faces_used} of 5 instances"
    );
}

/// Scarce generated pools (the services release officers for 55 to 90 %
/// of the seats, the largest the tightest, decimal mission scores, pins):
/// which missions get the officers (and so each mission's head count) is
/// left open by the Fill optimum. That is where the target rows
/// are strengthened by their convex hull and where LP rounding, diving and
/// widening the working set do their work. Every level must still equal
/// the plain model's, on small and medium pools.
#[test]
fn scarce_pools_reach_the_plain_levels() {
    let mut scarce = 0;
    for (seed, officers, missions) in [(11, 150, 5), (12, 300, 8), (13, 500, 10), (14, 800, 12)] {
        let inst = generated(seed, officers, missions, Supply::Scarce);
        let fast = fast_equals_plain(&inst, &format!("seed {seed}"));
        let seats: u32 = inst.positions.iter().map(|p| p.count).sum();
        scarce += usize::from((fast.plan.assignments.len() as u32) < seats);
    }
    assert!(scarce >= 3, "only {scarce} of 4 pools left seats empty");
}

/// Dated pools (`generate --time`: staggered tours, officers away with
/// return dates) with rotations until a horizon, ample and scarce: the
/// service limit is a row per check day, and every
/// level must still equal the plain model's.
#[test]
fn dated_pools_reach_the_plain_levels() {
    let mut dated_rows = 0;
    for (seed, officers, missions, supply) in [
        (21, 150, 4, Supply::Ample),
        (22, 300, 6, Supply::Scarce),
        (23, 400, 8, Supply::Ample),
        (24, 500, 8, Supply::Scarce),
    ] {
        let load = LoadOptions {
            rotations_until: Some(date("2028-06-30")),
            ..Default::default()
        };
        let inst = generated_pool(seed, officers, missions, true, supply, &load);
        let calendar = inst.calendar();
        dated_rows += (0..inst.services.len())
            .filter(|&s| calendar.days(missionmatch::model::ServiceIx(s)).len() > 1)
            .count();
        fast_equals_plain(&inst, &format!("dated seed {seed}"));
    }
    assert!(
        dated_rows >= 8,
        "only {dated_rows} services checked on more than one day"
    );
}

/// Pools whose targets cannot all be met (`generate --tight-targets`:
/// women shares of 30 to 50 % from a pool of 8 to 20 % women, French
/// concentrated in Quebec's services), scarce and ample, two of them dated
/// with rotations: Balance is above zero on each, and every level must
/// still equal the plain model's.
#[test]
fn pools_whose_targets_cannot_all_be_met_reach_the_plain_levels() {
    let mut missed = 0;
    for (seed, officers, missions, supply, time) in [
        (31, 200, 4, Supply::Scarce, false),
        (32, 300, 6, Supply::Ample, false),
        (33, 400, 8, Supply::Scarce, false),
        (34, 250, 5, Supply::Scarce, true),
        (35, 300, 6, Supply::Ample, true),
    ] {
        let options = GenerateOptions {
            officers,
            missions,
            seed,
            supply,
            targets: Targets::Tight,
            ..Default::default()
        };
        let load = LoadOptions {
            rotations_until: time.then(|| date("2028-06-30")),
            ..Default::default()
        };
        let inst = generated_with(&options, time, &load);
        let fast = fast_equals_plain(&inst, &format!("tight seed {seed}"));
        missed += usize::from(fast.levels.balance > 0.0);
    }
    assert_eq!(missed, 5, "pools that missed a target");
}

/// Scarce pools, two of them dated, whose Quality optimum lies below its
/// LP bound (so Quality needs its MIPs), each with its seed.
fn below_their_bound() -> impl Iterator<Item = (u64, Instance)> {
    [
        (31, 200, 5, false),
        (32, 300, 6, true),
        (33, 400, 8, false),
        (34, 500, 8, true),
    ]
    .into_iter()
    .map(|(seed, officers, missions, time)| {
        let load = LoadOptions::default();
        let inst = generated_pool(seed, officers, missions, time, Supply::Scarce, &load);
        (seed, inst)
    })
}

/// Keep after Quality (what-if scenarios, `explain`, `recommend`) on
/// scarce and dated pools, where Quality's optimum is below its LP bound
/// and Keep is settled inside Quality's last MIP as its tie-break: after
/// one placed officer withdraws, the plan closest to the earlier one among
/// the best plans keeps as many pairs as the plain model's (each level on
/// its own, objective cuts only), at the same levels.
#[test]
fn keep_after_quality_reaches_the_plain_levels() {
    use missionmatch::model::MissionIx;
    use missionmatch::solve::{Keep, SolveOptions};
    let mut tie_breaks = 0;
    for (seed, mut inst) in below_their_bound() {
        let before = solve_verified(&inst);
        let gone = before.plan.assignments[0].0;
        inst.officers[gone.0].excluded = (0..inst.missions.len()).map(MissionIx).collect();
        let keep = Keep {
            pairs: before.plan.assignments.clone(),
            before_quality: false,
        };
        let kept = |s: &Solution| kept(s, &keep.pairs);
        let options = SolveOptions {
            keep: Some(keep.clone()),
            ..SolveOptions::default()
        };
        let fast = solve_with(&inst, &options);
        let plain = solve_with(
            &inst,
            &SolveOptions {
                plain: true,
                ..options.clone()
            },
        );
        let context = format!("seed {seed}");
        assert_levels(fast.levels, plain.levels, &context);
        assert_eq!(kept(&fast), kept(&plain), "{context}: kept");
        tie_breaks += usize::from(fast.reports.iter().any(|r| r.held_by == HeldBy::TieBreak));
    }
    assert!(
        tie_breaks >= 2,
        "Keep was settled inside Quality on only {tie_breaks} pools"
    );
}

/// A level stopped before its proof (here cancelled as soon as a Quality
/// MIP that searches, not proves, has a plan and a bound) reports its gap
/// against a bound for every pair: the plan found plus that gap reaches
/// the proven optimum. The MIPs that search hold only the most promising
/// pairs, so their own bound is not the level's and is never reported.
#[test]
fn a_level_stopped_in_its_search_reports_a_gap_that_holds() {
    use missionmatch::solve::{solve, Cancel, Level, LevelStatus, Search, Searching, SolveOptions};
    use std::sync::atomic::AtomicBool;
    use std::sync::Arc;
    let mut stopped = 0;
    for (seed, inst) in below_their_bound() {
        let proven = solve_verified(&inst);
        let cancel = Cancel(Arc::new(AtomicBool::new(false)));
        let on_search = cancel.clone();
        let options = SolveOptions {
            cancel: Some(cancel),
            search: Some(Search(Arc::new(move |s: Searching| {
                if s.level == Level::Quality && !s.proving && s.gap.is_some() {
                    on_search.cancel();
                }
            }))),
            ..SolveOptions::default()
        };
        let pairs = missionmatch::rules::eligible_pairs(&inst);
        let cut = solve(&inst, pairs, &options).unwrap();
        assert!(missionmatch::verify::verify(&inst, &cut.plan).is_empty());
        let quality = cut.reports.iter().find(|r| r.level == Level::Quality);
        let Some(LevelStatus::TimeLimit { gap }) = quality.map(|r| r.status) else {
            continue;
        };
        stopped += 1;
        let (found, best) = (cut.levels.quality, proven.levels.quality);
        assert!(gap.is_finite(), "seed {seed}: the LP bounds the level");
        assert!(
            found + gap * found.abs().max(1.0) >= best - 1e-6,
            "seed {seed}: {found} + gap {gap} falls short of the optimum {best}"
        );
    }
    assert!(stopped >= 2, "only {stopped} of 4 pools stopped in Quality");
}
