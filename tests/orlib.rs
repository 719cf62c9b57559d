//! Known optima from the literature: OR-Library linear assignment
//! instances (see tests/data/orlib/README.md for provenance and mapping).

mod common;

use common::*;
use missionmatch::model::*;
use std::collections::HashMap;

/// Parses dense (`n`, then n·n costs) or sparse (`n`, then `i j c` triples) files.
fn parse(text: &str, sparse: bool) -> (usize, HashMap<(usize, usize), f64>) {
    let mut nums = text.split_whitespace().map(|t| t.parse::<f64>().unwrap());
    let n = nums.next().unwrap() as usize;
    let rest: Vec<f64> = nums.collect();
    let mut costs = HashMap::new();
    if sparse {
        for t in rest.chunks(3) {
            costs.insert((t[0] as usize - 1, t[1] as usize - 1), t[2]);
        }
    } else {
        assert_eq!(rest.len(), n * n);
        for (k, &c) in rest.iter().enumerate() {
            costs.insert((k / n, k % n), c);
        }
    }
    (n, costs)
}

/// Officer i, mission j with one seat requiring skill `t{j}`; score 100 − cost.
fn instance(n: usize, costs: &HashMap<(usize, usize), f64>) -> Instance {
    let missions: Vec<String> = (0..n).map(|j| format!("T{j}")).collect();
    let mut inst = skeleton(&[("ALL", n as u32)], &missions);
    for j in 0..n {
        let mut p = position(j, "seat", 1);
        p.skills = vec![format!("t{j}")];
        inst.positions.push(p);
    }
    for i in 0..n {
        inst.officers
            .push(officer(&format!("O{i}"), 0, Gender::M, 0.0));
    }
    let mut pairs: Vec<_> = costs.iter().collect();
    pairs.sort_by_key(|(&k, _)| k);
    for (&(i, j), &c) in pairs {
        inst.officers[i].skills.insert(format!("t{j}"));
        inst.scores.insert((OfficerIx(i), MissionIx(j)), 100.0 - c);
    }
    inst
}

fn check(file: &str, sparse: bool, optimum: f64) {
    let (n, costs) = parse(&read(&root().join("tests/data/orlib").join(file)), sparse);
    let inst = instance(n, &costs);
    let sol = solve_verified(&inst);
    assert_eq!(sol.plan.assignments.len(), n, "{file}: every seat filled");
    assert_eq!(sol.levels.fill, n as f64);
    // Published optimum (OR-Library assignopt.txt).
    assert_eq!(sol.levels.quality, 100.0 * n as f64 - optimum, "{file}");
}

#[test]
fn assign100_reaches_the_published_optimum_305() {
    check("assign100.txt", false, 305.0);
}

#[test]
fn assign200_reaches_the_published_optimum_475() {
    check("assign200.txt", false, 475.0);
}

#[test]
fn sparse_parser_and_forbidden_pairs() {
    // A 3×3 sparse instance in assignp* format (1-based triples). The only
    // full matchings are {(0,0),(1,2),(2,1)} with cost 1+1+1 = 3 and
    // {(0,0),(1,1),(2,2)} with cost 1+1+50 = 52; pairs absent from the file
    // must never be used.
    let text = "3\n1 1 1\n1 2 1\n2 2 1\n2 3 1\n3 2 1\n3 3 50\n";
    let (n, costs) = parse(text, true);
    let inst = instance(n, &costs);
    let sol = solve_verified(&inst);
    assert_eq!(sol.levels.quality, 300.0 - 3.0);
}
