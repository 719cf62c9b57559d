//! Helpers shared by the integration tests: running the binary, test
//! files and folders and reading outputs back, and building small
//! instances in code and solving them. Every test file that says
//! `mod common;` compiles all of it and uses a part, hence the `allow`.
#![allow(dead_code)]

use missionmatch::io::{load, InputPaths, LoadOptions};
use missionmatch::model::*;
use missionmatch::plan::Levels;
use missionmatch::solve::{self, Solution, SolveOptions};
use missionmatch::{rules, verify};
use rand::prelude::*;
use rand_chacha::ChaCha8Rng;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

// Running the binary.

/// The binary under test, `NO_COLOR` and the locale unset (runs do not
/// depend on the caller's: what is printed is in English unless a test
/// asks for French).
pub fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_missionmatch"));
    for var in ["NO_COLOR", "LANG", "LC_ALL", "LC_MESSAGES"] {
        command.env_remove(var);
    }
    command
}

/// Runs the binary with `args` and captures stdout, stderr and exit code.
pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run missionmatch")
}

/// [`run`], asserting exit code 0 (the message shows stderr).
pub fn run_ok(args: &[&str]) -> Output {
    let out = run(args);
    assert!(
        out.status.success(),
        "missionmatch {}: {:?}\n{}",
        args.join(" "),
        out.status.code(),
        text(&out.stderr)
    );
    out
}

/// Captured output as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `match --data DATA --out OUT EXTRA…`.
pub fn run_match(data: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["match", "--data", arg(data), "--out", arg(out)];
    args.extend(extra);
    run(&args)
}

/// Runs `whatif --data DATA --scenarios SCENARIOS --out OUT EXTRA…`,
/// asserting exit code 0.
pub fn whatif_ok(data: &Path, scenarios: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "whatif",
        "--data",
        arg(data),
        "--scenarios",
        arg(scenarios),
        "--out",
        arg(out),
    ];
    args.extend(extra);
    run_ok(&args)
}

/// Runs `letters --data DATA --out OUT EXTRA…`.
pub fn run_letters(data: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["letters", "--data", arg(data), "--out", arg(out)];
    args.extend(extra);
    run(&args)
}

/// Runs `verify --data DATA --plan PLAN`.
pub fn run_verify(data: &Path, plan: &Path) -> Output {
    run_verify_with(data, plan, &[])
}

/// Runs `verify` on `data` and `plan` with `extra` flags.
pub fn run_verify_with(data: &Path, plan: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["verify", "--data", arg(data), "--plan", arg(plan)];
    args.extend_from_slice(extra);
    run(&args)
}

/// Asserts that `verify` accepts `plan` with no violation; returns stdout.
pub fn verify_ok(data: &Path, plan: &Path) -> String {
    let out = run_verify(data, plan);
    let stdout = text(&out.stdout);
    assert!(
        out.status.success(),
        "verify failed: {stdout}{}",
        text(&out.stderr)
    );
    assert!(stdout.contains(", 0 violations;"), "{stdout}");
    stdout
}

/// Runs `generate -q ARGS… --out OUT`, asserting it succeeds.
pub fn generate_into(out: &Path, args: &[&str]) {
    let mut all = vec!["generate", "-q"];
    all.extend(args);
    all.extend(["--out", arg(out)]);
    run_ok(&all);
}

/// A path as a command-line argument.
pub fn arg(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

// Test folders and files; reading outputs back.

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample data folder, `data/`.
pub fn sample() -> PathBuf {
    root().join("data")
}

/// The input files of the sample and of a generated folder (no pins.csv).
pub const INPUT_FILES: [&str; 5] = [
    "services.csv",
    "missions.csv",
    "positions.csv",
    "officers.csv",
    "scores.csv",
];

/// The names in `dir`, sorted (a temporary left behind shows here).
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A copy of the sample's [`INPUT_FILES`] in `DIR/data`, to change.
pub fn sample_copy(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    for f in INPUT_FILES {
        std::fs::copy(sample().join(f), data.join(f)).unwrap();
    }
    data
}

/// The small fixture's four input files in `DIR/data`, each passed
/// through `edit` (the text as it is, or changed for the test).
pub fn small_copy(dir: &Path, edit: impl Fn(&str) -> String) -> PathBuf {
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    for f in [
        "services.csv",
        "missions.csv",
        "positions.csv",
        "officers.csv",
    ] {
        let text = read(&root().join("tests/fixtures/small").join(f));
        std::fs::write(data.join(f), edit(&text)).unwrap();
    }
    data
}

/// The small fixture in `DIR/data` with two positions whose labels read
/// the same: mission `UN/M` role `investigator`, and mission `UN` role
/// `M/investigator`, both `UN/M/investigator`.
pub fn label_shared_copy(dir: &Path) -> PathBuf {
    small_copy(dir, |text| {
        let text = text.replace("\nUNM,", "\nUN/M,");
        if text.starts_with("mission_id,name,") {
            format!("{text}UN,Other mission,South Sudan,UN,2027-03-01,12,,,,\n")
        } else if text.starts_with("mission_id,role,") {
            format!("{text}UN,M/investigator,1,,,,forensics,,\n")
        } else {
            text
        }
    })
}

/// The whole sample in `DIR/data`: [`sample_copy`] and its deployments.csv.
pub fn full_sample_copy(dir: &Path) -> PathBuf {
    let data = sample_copy(dir);
    std::fs::copy(
        sample().join("deployments.csv"),
        data.join("deployments.csv"),
    )
    .unwrap();
    data
}

/// Runs `match --previous PREVIOUS` on `data` into `out` (the re-plan a
/// saved board session is compared with).
pub fn run_match_previous(data: &Path, previous: &Path, out: &Path) {
    run_ok(&[
        "match",
        "-q",
        "--data",
        arg(data),
        "--out",
        arg(out),
        "--previous",
        arg(previous),
    ]);
}

/// Edits every row of the CSV file at `path` (cells split at commas: for
/// files whose cells hold none), given a lookup of a column's place by its
/// header.
pub fn edit_csv(path: &Path, mut edit: impl FnMut(&dyn Fn(&str) -> usize, &mut Vec<String>)) {
    let text = read(path);
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut out = vec![header.join(",")];
    for line in lines {
        let mut cells: Vec<String> = line.split(',').map(String::from).collect();
        edit(&column, &mut cells);
        out.push(cells.join(","));
    }
    std::fs::write(path, out.join("\n") + "\n").unwrap();
}

/// A file `name` holding `text`, in a new temporary folder (kept while the guard lives).
pub fn temp_file(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// A file's text; a failure names the file.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A JSON file, parsed.
pub fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every CSV file of a folder with its text, sorted by name.
pub fn csv_outputs(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                read(&p),
            )
        })
        .collect();
    files.sort();
    files
}

/// The data rows of a CSV document, read as CSV, as column → cell maps.
pub fn csv_rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .zip(r.iter())
                .map(|(h, c)| (h.to_string(), c.to_string()))
                .collect()
        })
        .collect()
}

/// `explain --officer` in English on a solved instance, with `options`
/// for its re-solves: the re-solves and the text.
pub fn explain_officer(
    inst: &Instance,
    sol: &Solution,
    o: OfficerIx,
    options: &SolveOptions,
) -> (Vec<missionmatch::explain::Forced>, String) {
    let pairs = rules::eligible_pairs(inst);
    missionmatch::explain::officer(
        inst,
        &pairs,
        sol,
        o,
        options,
        missionmatch::lang::Lang::En,
        &|_, _| {},
    )
    .unwrap()
}

/// `dir/data` holding `files` (name, text).
#[allow(dead_code)]
pub fn data_folder(dir: &Path, files: &[(&str, &str)]) -> PathBuf {
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    for (file, text) in files {
        std::fs::write(data.join(file), text).unwrap();
    }
    data
}

/// A data folder, loaded (its input errors fail the test).
pub fn load_instance(dir: &Path) -> Instance {
    load(&InputPaths::in_dir(dir), &LoadOptions::default())
        .map_err(|(e, _)| e)
        .unwrap()
        .instance
}

// Small instances built in code, and solving them.

/// A date from `YYYY-MM-DD`.
pub fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// A service (province ON, 1000 sworn) releasing `max_deployed`.
pub fn service(id: &str, max_deployed: u32) -> Service {
    Service {
        id: id.into(),
        name: format!("{id} Police"),
        name_fr: String::new(),
        province: "ON".into(),
        sworn_officers: 1000,
        max_deployed,
        deployed_now: 0,
        release_derived: false,
    }
}

/// A UN mission from 2027-01-15 for six months, with no targets or limits.
pub fn mission(id: &str) -> Mission {
    Mission {
        id: id.into(),
        name: format!("Mission {id}"),
        name_fr: String::new(),
        country: String::new(),
        organization: "UN".into(),
        start: date("2027-01-15"),
        months: 6,
        end: date("2027-07-14"),
        min_women_share: 0.0,
        language: None,
        min_language_share: 0.0,
        max_per_service: None,
    }
}

/// `count` seats of `role` in mission `mission`, with no requirements and
/// the tour of [`mission`] (2027-01-15 for six months).
pub fn position(mission: usize, role: &str, count: u32) -> Position {
    Position {
        mission: MissionIx(mission),
        role: role.into(),
        count,
        min_rank: None,
        min_years: None,
        languages: Vec::new(),
        skills: Vec::new(),
        leadership: false,
        priority: 1.0,
        start: date("2027-01-15"),
        months: 6,
        end: date("2027-07-14"),
        own_tour: (false, false),
    }
}

/// A sergeant with 10 years, English C1, board score `score`.
pub fn officer(id: &str, service: usize, gender: Gender, score: f64) -> Officer {
    Officer {
        id: id.into(),
        name: format!("Officer {id}"),
        service: ServiceIx(service),
        gender,
        rank: Rank::Sergeant,
        years_service: 10,
        languages: vec![(LangCode::parse("en").unwrap(), Cefr::C1)],
        skills: BTreeSet::new(),
        leadership: false,
        board_score: score,
        preferences: Vec::new(),
        excluded: Vec::new(),
        available_from: None,
        available_until: None,
        last_return: None,
        away_until: None,
        cooldown_until: None,
    }
}

/// An instance of these services (id, max_deployed) and missions only.
pub fn skeleton(services: &[(&str, u32)], missions: &[impl AsRef<str>]) -> Instance {
    let mut inst = Instance::default();
    for &(id, max_deployed) in services {
        inst.services.push(service(id, max_deployed));
    }
    for id in missions {
        inst.missions.push(mission(id.as_ref()));
    }
    inst
}

/// Solves to optimality and checks the plan with the independent verifier.
pub fn solve_verified(inst: &Instance) -> Solution {
    solve_with(inst, &SolveOptions::default())
}

/// [`solve_verified`] on the plain model (every pair a column, cuts only).
pub fn solve_plain(inst: &Instance) -> Solution {
    let plain = SolveOptions {
        plain: true,
        ..SolveOptions::default()
    };
    solve_with(inst, &plain)
}

/// [`solve_verified`] with `options`.
pub fn solve_with(inst: &Instance, options: &SolveOptions) -> Solution {
    let pairs = rules::eligible_pairs(inst);
    let solution = solve::solve(inst, pairs, options).expect("solve");
    let violations = verify::verify(inst, &solution.plan);
    assert!(
        violations.is_empty(),
        "engine plan fails verify: {violations:?}"
    );
    assert!(solution.optimal());
    solution
}

/// How many pairs of `keep` a solution's plan keeps.
pub fn kept(solution: &Solution, keep: &[missionmatch::model::Pair]) -> usize {
    solution
        .plan
        .assignments
        .iter()
        .filter(|a| keep.contains(a))
        .count()
}

/// `(officer id, MISSION/role)` pairs of a plan, in plan order.
pub fn plan_ids(inst: &Instance, sol: &Solution) -> Vec<(String, String)> {
    sol.plan
        .assignments
        .iter()
        .map(|&(o, p)| (inst.officers[o.0].id.clone(), inst.position_label(p)))
        .collect()
}

/// `a` and `b` equal within the levels' relative tolerance.
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

/// Asserts that a command's output (stdout or stderr bytes) says
/// `needle`, showing the whole output when it does not.
#[track_caller]
pub fn assert_says(output: &[u8], needle: &str) {
    let output = text(output);
    assert!(output.contains(needle), "{output}");
}

/// Asserts that every level of `got` is [`close`] to `want`.
pub fn assert_levels(got: Levels, want: Levels, context: &str) {
    assert!(
        close(got.fill, want.fill)
            && close(got.balance, want.balance)
            && close(got.quality, want.quality),
        "{context}: engine {got:?} vs expected {want:?}"
    );
}

/// A random small instance: 1–3 services, 1–2 missions with gender and
/// language targets and per-service limits, up to `positions` positions
/// and `officers` officers, mission scores and up to two pins that fit.
pub fn random_instance(rng: &mut ChaCha8Rng, officers: usize, positions: usize) -> Instance {
    let mut inst = Instance::default();
    for s in 0..rng.gen_range(1..=3) {
        inst.services
            .push(service(&format!("S{s}"), rng.gen_range(0..=4)));
    }
    for m in 0..rng.gen_range(1..=2) {
        let mut mis = mission(&format!("M{m}"));
        mis.min_women_share = [0.0, 0.3, 0.5][rng.gen_range(0..3)];
        if rng.gen_bool(0.6) {
            mis.language = Some(LangReq {
                code: LangCode::parse("fr").unwrap(),
                min: Some(Cefr::B1),
            });
            mis.min_language_share = [0.0, 0.4, 0.75][rng.gen_range(0..3)];
        }
        mis.max_per_service = [None, Some(1), Some(2)][rng.gen_range(0..3)];
        inst.missions.push(mis);
    }
    for p in 0..rng.gen_range(1..=positions as i32) {
        let m = rng.gen_range(0..inst.missions.len());
        let mut pos = position(m, &format!("r{p}"), rng.gen_range(1..=3));
        pos.priority = [1.0, 1.0, 2.0, 1.5][rng.gen_range(0..4)];
        if rng.gen_bool(0.3) {
            pos.min_rank = Some(Rank::Inspector);
        }
        if rng.gen_bool(0.3) {
            pos.skills = vec!["training".into()];
        }
        inst.positions.push(pos);
    }
    for o in 0..rng.gen_range(1..=officers as i32) {
        let gender = if rng.gen_bool(0.4) {
            Gender::F
        } else {
            Gender::M
        };
        let mut off = officer(
            &format!("O{o}"),
            rng.gen_range(0..inst.services.len()),
            gender,
            rng.gen_range(0..=100) as f64,
        );
        if rng.gen_bool(0.5) {
            off.rank = Rank::Superintendent;
        }
        if rng.gen_bool(0.6) {
            off.skills.insert("training".into());
        }
        if rng.gen_bool(0.5) {
            off.languages.push((
                LangCode::parse("fr").unwrap(),
                [Cefr::A2, Cefr::B2][rng.gen_range(0..2)],
            ));
        }
        if rng.gen_bool(0.5) {
            off.preferences
                .push(MissionIx(rng.gen_range(0..inst.missions.len())));
        }
        inst.officers.push(off);
    }
    for o in 0..inst.officers.len() {
        if rng.gen_bool(0.15) {
            let m = rng.gen_range(0..inst.missions.len());
            inst.scores
                .insert((OfficerIx(o), MissionIx(m)), rng.gen_range(0..=100) as f64);
        }
    }
    // Up to two pins, kept only while the pins alone break no constraint.
    let pairs = rules::eligible_pairs(&inst);
    for _ in 0..rng.gen_range(0..=2) {
        if pairs.is_empty() || rng.gen_bool(0.5) {
            continue;
        }
        let (o, p) = pairs[rng.gen_range(0..pairs.len())];
        inst.pins.push(Pin {
            officer: o,
            position: p,
            line: 2,
            reason: String::new(),
        });
        if !pins_fit(&inst) {
            inst.pins.pop();
        }
    }
    inst
}

/// [`random_instance`] over time: each position gets its own tour (starting
/// on one of four quarter days of 2027, lasting 3, 6 or 9 months), some
/// services get officers away with return dates (deployments.csv rows,
/// some already away), and pins that no longer fit are dropped.
pub fn random_dated_instance(rng: &mut ChaCha8Rng, officers: usize, positions: usize) -> Instance {
    let mut inst = random_instance(rng, officers, positions);
    let days = ["2027-01-01", "2027-04-01", "2027-07-01", "2027-10-01"];
    for pos in &mut inst.positions {
        pos.start = date(days[rng.gen_range(0..days.len())]);
        pos.months = [3, 6, 9][rng.gen_range(0..3)];
        pos.end = pos.start.tour_end(pos.months);
        pos.own_tour = (true, true);
    }
    for s in 0..inst.services.len() {
        inst.services[s].max_deployed += 1;
        for _ in 0..rng.gen_range(0..=2) {
            let start = rng
                .gen_bool(0.6)
                .then(|| date(days[rng.gen_range(0..days.len())]));
            let until = start
                .unwrap_or(date("2027-01-01"))
                .add_months(rng.gen_range(1..=6));
            inst.deployments.push(Deployment {
                service: ServiceIx(s),
                officer_id: String::new(),
                officer: None,
                mission_id: String::new(),
                role: String::new(),
                start,
                until,
                line: 2,
            });
        }
    }
    inst.reset_derived();
    // Pins that the new dates or the officers away leave without room go.
    while !pins_fit(&inst) {
        inst.pins.pop();
    }
    inst
}

/// Whether the plan of the pins alone passes the verifier.
fn pins_fit(inst: &Instance) -> bool {
    let pins = inst.pins.iter().map(|pin| (pin.officer, pin.position));
    verify::verify(inst, &missionmatch::plan::Plan::new(inst, pins.collect())).is_empty()
}
