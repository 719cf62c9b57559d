//! Properties of the engine on random valid instances (proptest): every
//! plan passes the verifier; more officers or more capacity never lower
//! Fill; removing a pin never makes the lexicographic optimum worse; the
//! plan does not depend on the thread count.

mod common;

use common::*;
use missionmatch::model::*;
use missionmatch::plan::Levels;
use missionmatch::rules;
use missionmatch::solve::{solve, SolveOptions};
use proptest::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// A random instance: a seed and the most officers and positions.
fn instances() -> impl Strategy<Value = Instance> {
    (any::<u64>(), 1usize..=10, 1usize..=5).prop_map(|(seed, officers, positions)| {
        random_instance(&mut ChaCha8Rng::seed_from_u64(seed), officers, positions)
    })
}

/// `a` is at least as good as `b` lexicographically (Fill up, Balance
/// down, Quality up), within the levels' tolerance.
fn no_worse(a: Levels, b: Levels) -> bool {
    if !close(a.fill, b.fill) {
        return a.fill > b.fill;
    }
    if !close(a.balance, b.balance) {
        return a.balance < b.balance;
    }
    close(a.quality, b.quality) || a.quality > b.quality
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn every_plan_passes_verify(inst in instances()) {
        // solve_verified asserts the verifier finds nothing and every
        // level is proven optimal.
        solve_verified(&inst);
    }

    #[test]
    fn adding_an_officer_never_lowers_fill(
        inst in instances(),
        service in 0usize..3,
        score in 0u32..=100,
        woman in any::<bool>(),
    ) {
        let before = solve_verified(&inst).levels.fill;
        let mut more = inst.clone();
        let gender = if woman { Gender::F } else { Gender::M };
        let mut extra = officer("NEW", service % more.services.len(), gender, f64::from(score));
        extra.rank = Rank::Superintendent;
        extra.skills.insert("training".into());
        more.officers.push(extra);
        let after = solve_verified(&more).levels.fill;
        prop_assert!(after >= before - 1e-9, "fill {before} -> {after}");
    }

    #[test]
    fn raising_a_capacity_never_lowers_fill(
        inst in instances(),
        service in 0usize..3,
        by in 1u32..=3,
    ) {
        let before = solve_verified(&inst).levels.fill;
        let mut more = inst.clone();
        let s = service % more.services.len();
        more.services[s].max_deployed += by;
        let after = solve_verified(&more).levels.fill;
        prop_assert!(after >= before - 1e-9, "fill {before} -> {after}");
    }

    #[test]
    fn removing_a_pin_never_worsens_the_optimum(inst in instances(), which in 0usize..2) {
        prop_assume!(!inst.pins.is_empty());
        let before = solve_verified(&inst).levels;
        let mut fewer = inst.clone();
        fewer.pins.remove(which % inst.pins.len());
        let after = solve_verified(&fewer).levels;
        // Fewer pins: every plan feasible before still is, so the
        // lexicographic optimum is at least as good (a later level may
        // drop only when an earlier one rises).
        prop_assert!(no_worse(after, before), "{before:?} -> {after:?}");
        prop_assert!(after.fill >= before.fill - 1e-9);
    }

    #[test]
    fn plans_do_not_depend_on_the_thread_count(inst in instances()) {
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| {
                solve(&inst, rules::eligible_pairs(&inst), &SolveOptions::default())
                    .unwrap()
                    .plan
            })
        };
        prop_assert_eq!(run(1), run(2));
    }
}
