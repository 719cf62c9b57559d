//! Hardening: the hostile-input corpus (`tests/hostile/`) and generated
//! oversized inputs each give their documented error and exit code;
//! interrupts and write failures leave the previous outputs intact; input
//! files are never modified; formula injection is neutralized in every
//! export and read back to the same id.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

/// Every file of `dir` with its bytes, sorted by name.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = if p.is_file() {
                std::fs::read(&p).unwrap()
            } else {
                Vec::new()
            };
            (name, bytes)
        })
        .collect();
    files.sort();
    files
}

/// The corpus: file in `tests/hostile/` (named `CASE.FILE`, replacing
/// FILE of the sample), the exit code of `validate` and `match`, and the
/// message (file:line and text) that must appear.
const CORPUS: [(&str, i32, &str); 33] = [
    ("empty.services.csv", 2, "services.csv:1: file is empty: a header row is required"),
    ("whitespace_only.services.csv", 2, "services.csv:1: file is empty"),
    ("header_only.officers.csv", 2, "officers.csv:2: the file has a header but no rows: at least one officer is needed"),
    ("duplicate_header.services.csv", 2, "services.csv:1:4 (name): column appears twice in the header"),
    ("pipe_delimiter.services.csv", 2, "services.csv:1: the header is one column ('service_id|name|sworn_officers'): separate the columns with ',' ';' or a tab"),
    ("latin1.services.csv", 2, "services.csv:2: file is not valid UTF-8 (save it as CSV UTF-8)"),
    ("utf16.services.csv", 2, "services.csv:1: file is UTF-16 (save it as CSV UTF-8)"),
    ("utf16_no_bom.services.csv", 2, "services.csv:1: file is UTF-16 (save it as CSV UTF-8)"),
    ("nul_byte.services.csv", 2, "services.csv:2: field 2 holds a NUL byte"),
    ("open_quote.services.csv", 2, "services.csv:2: a quote (\") opened on this line is never closed"),
    ("huge_number.services.csv", 2, "services.csv:2:3 (sworn_officers): '99999999999999999999999': expected a whole number from 0 to 1000000"),
    ("negative_count.positions.csv", 2, "positions.csv:2:3 (count): '-1': expected a whole number from 1 to 10000"),
    ("zero_count.positions.csv", 2, "positions.csv:2:3 (count): '0': expected a whole number from 1 to 10000"),
    ("nan_share.missions.csv", 2, "missions.csv:2:7 (min_women_share): 'NaN': expected a share between 0 and 1"),
    ("infinite_share.missions.csv", 2, "missions.csv:2:7 (min_women_share): 'inf': expected a share between 0 and 1"),
    ("bad_date.missions.csv", 2, "missions.csv:2:5 (start): '2026-02-30': expected a date YYYY-MM-DD"),
    ("huge_months.missions.csv", 2, "missions.csv:2:6 (months): '4294967296': expected a whole number from 1 to 1200"),
    ("case_duplicate.services.csv", 2, "services.csv:3:1 (service_id): 'tps': service_id 'tps' differs only by case from 'TPS' on line 2"),
    ("trailing_space_duplicate.services.csv", 2, "services.csv:3:1 (service_id): 'TPS': duplicate service_id, first defined on line 2"),
    ("wrong_case_reference.officers.csv", 2, "officers.csv:2:3 (service_id): 'sps': unknown id: not defined in services.csv (ids are case-sensitive: did you mean 'SPS'?)"),
    // A warning (tests/load.rs checks its text), not an error: -q hides it.
    ("preferred_and_excluded.officers.csv", 0, ""),
    ("huge_score.officers.csv", 2, "officers.csv:2:10 (board_score): '1e308': expected a score between 0 and 100 with at most two decimals"),
    ("negative_years.officers.csv", 2, "officers.csv:2:6 (years_service): '-3': expected a whole number from 0 to 100"),
    ("window_backwards.officers.csv", 2, "officers.csv:2:14 (available_until): '2027-01-01': is before available_from 2027-06-01"),
    ("duplicate_id.officers.csv", 2, "officers.csv:3:1 (officer_id): 'CPA-0002': duplicate officer_id, first defined on line 2"),
    ("self_pin.pins.csv", 2, "pins.csv:2: pins on lines 2, 3 place officer CPA-0290 2 times; constraint one_position_per_officer allows 1"),
    ("pin_unknown_position.pins.csv", 2, "pins.csv:2:3 (role): 'pilot': no such role in mission BINUH"),
    ("duplicate_score.scores.csv", 2, "scores.csv:3:2 (mission_id): 'BINUH': duplicate score for this officer and mission, first on line 2"),
    ("mixed_line_ends.services.csv", 0, ""),
    // Numbers within range, so that no total overflows.
    ("huge_max_deployed.services.csv", 2, "services.csv:2:6 (max_deployed): '4294967295': expected a whole number from 0 to 100000"),
    ("comma_skills.officers.csv", 2, "officers.csv:2:8 (skills): 'command,training': expected skills separated by ';'"),
    ("wrong_service.deployments.csv", 2, "deployments.csv:2:1 (service_id): 'TPS': officer CPA-0030 serves with SPVM in officers.csv, not TPS"),
    ("away_twice.deployments.csv", 2, "deployments.csv:3:2 (officer_id): 'CPA-0030': officer CPA-0030 is already away until 2027-09-30 on line 2"),
];

#[test]
fn the_hostile_corpus_gives_its_documented_errors() {
    let listed: Vec<&str> = CORPUS.iter().map(|c| c.0).collect();
    let mut on_disk: Vec<String> = std::fs::read_dir(root().join("tests/hostile"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    on_disk.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(
        on_disk, sorted,
        "every corpus file is listed, and only those"
    );
    for (case, code, message) in CORPUS {
        let tmp = tempfile::tempdir().unwrap();
        let data = sample_copy(tmp.path());
        let file = case.split_once('.').unwrap().1;
        std::fs::copy(root().join("tests/hostile").join(case), data.join(file)).unwrap();
        let before = snapshot(&data);
        let out_dir = tmp.path().join("out");
        for command in ["validate", "match"] {
            let mut args = vec![command, "-q", "--data", arg(&data)];
            if command == "match" {
                args.extend(["--out", arg(&out_dir)]);
            }
            let out = run(&args);
            let stderr = text(&out.stderr);
            assert_eq!(out.status.code(), Some(code), "{case} {command}: {stderr}");
            assert!(stderr.contains(message), "{case} {command}: {stderr}");
            assert!(!stderr.contains("panicked"), "{case}: {stderr}");
        }
        assert_eq!(
            out_dir.exists(),
            code == 0,
            "{case}: outputs only on success"
        );
        assert_eq!(snapshot(&data), before, "{case}: an input file changed");
    }
}

#[test]
fn oversized_inputs_are_refused_within_the_limits() {
    let tmp = tempfile::tempdir().unwrap();
    let data = sample_copy(tmp.path());
    let validate = |case: &str| {
        let out = run(&["validate", "-q", "--data", arg(&data)]);
        assert_eq!(out.status.code(), Some(2), "{case}");
        text(&out.stderr)
    };
    // A cell of a megabyte.
    let name = "x".repeat(1 << 20);
    std::fs::write(
        data.join("services.csv"),
        format!("service_id,name,sworn_officers\nTPS,{name},5568\n"),
    )
    .unwrap();
    let err = validate("huge cell");
    assert!(
        err.contains("services.csv:2: field 2 is 1024 KB, above the limit of 64 KB for one cell"),
        "{err}"
    );
    // A million columns.
    let header: Vec<String> = (0..1_000_000).map(|i| format!("c{i}")).collect();
    std::fs::write(data.join("services.csv"), header.join(",") + "\n").unwrap();
    let err = validate("a million columns");
    assert!(
        err.contains("services.csv:1: the header has 1000000 columns, above the limit of 1000"),
        "{err}"
    );
    // A file of gigabytes (sparse: no disk used), refused before reading.
    let big = std::fs::File::create(data.join("officers.csv")).unwrap();
    big.set_len(3 << 30).unwrap();
    let err = validate("three gigabytes");
    assert!(
        err.contains("officers.csv: file is 3221 MB, above the limit of 536 MB for one input file"),
        "{err}"
    );
    // A folder where a file should be, and a missing file.
    std::fs::remove_file(data.join("officers.csv")).unwrap();
    std::fs::create_dir(data.join("officers.csv")).unwrap();
    let err = validate("a folder");
    assert!(err.contains("is a folder, not a CSV file"), "{err}");
    std::fs::remove_dir(data.join("officers.csv")).unwrap();
    let err = validate("missing");
    assert!(err.contains("officers.csv: file not found at"), "{err}");
}

#[test]
fn formulas_in_names_and_ids_are_neutralized_and_read_back() {
    let tmp = tempfile::tempdir().unwrap();
    let data = sample_copy(tmp.path());
    // An officer whose id and name are formulas, on a pinned seat so the
    // plan is sure to hold them.
    let officers = read(&data.join("officers.csv"));
    let hostile = officers
        .replace("CPA-0290,", "=HYPERLINK(\"http://x\"),")
        .replace("Vanessa Brisebois", "@SUM(1+1)");
    std::fs::write(data.join("officers.csv"), hostile).unwrap();
    std::fs::write(
        data.join("pins.csv"),
        "officer_id,mission_id,role\n\"=HYPERLINK(\"\"http://x\"\")\",BINUH,human_rights_officer\n",
    )
    .unwrap();
    let out_dir = tmp.path().join("out");
    let report = tmp.path().join("report.html");
    let out = run_match(&data, &out_dir, &["--report", arg(&report)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let assignments = read(&out_dir.join("assignments.csv"));
    assert!(assignments.contains("\"'=HYPERLINK(\"\"http://x\"\")\",'@SUM(1+1),"));
    // No cell of any CSV export starts a formula.
    for (name, csv) in csv_outputs(&out_dir) {
        for row in csv_rows(&csv) {
            for cell in row.values() {
                let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
                assert!(!risky || cell.parse::<f64>().is_ok(), "{name}: {cell}");
            }
        }
    }
    let html = read(&report);
    assert!(
        html.contains("'=HYPERLINK"),
        "the report shows the formula raw"
    );
    assert!(!html.contains("<td>=HYPERLINK"));
    // Read back to the same id: verify and a re-plan accept the file.
    let plan = out_dir.join("assignments.csv");
    verify_ok(&data, &plan);
    let again = tmp.path().join("again");
    let out = run_match(&data, &again, &["--previous", arg(&plan)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let changes = read(&again.join("changes.csv"));
    assert_eq!(changes.lines().count(), 1, "nothing changes: {changes}");
}

/// Sends `signal` to the child after each wait of `after` in turn, waits
/// for it, and returns its output. The first signal must reach it; a
/// later one finds no process when an earlier one already stopped it.
fn interrupt(mut command: Command, signal: &str, after: &[Duration]) -> Output {
    let child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    for (i, &wait) in after.iter().enumerate() {
        std::thread::sleep(wait);
        let killed = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success() || i > 0);
    }
    child.wait_with_output().unwrap()
}

#[test]
fn an_interrupt_leaves_the_previous_outputs_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let data = sample_copy(tmp.path());
    let out_dir = tmp.path().join("out");
    let first = run_match(&data, &out_dir, &[]);
    assert!(first.status.success());
    let previous = snapshot(&out_dir);
    let inputs = snapshot(&data);
    // While writing: each output file waits 400 ms (the write delay of the
    // `fault-injection` feature, on in the tests' build of the binary), so
    // an interrupt at 1 s lands after two or three files of the new outputs.
    for signal in ["-INT", "-TERM"] {
        let mut command = bin();
        command
            .args(["match", "--data", arg(&data), "--out", arg(&out_dir)])
            .args(["--time-limit", "600"])
            .env("MISSIONMATCH_TEST_WRITE_DELAY_MS", "400");
        let out = interrupt(command, signal, &[Duration::from_millis(1000)]);
        assert_eq!(
            out.status.code(),
            Some(130),
            "{signal}: {}",
            text(&out.stderr)
        );
        assert_says(
            &out.stderr,
            "interrupted: stopped; every output folder and file is as it was before this run",
        );
        assert_eq!(snapshot(&out_dir), previous, "{signal}: outputs changed");
        assert_eq!(
            names_in(tmp.path()),
            ["data", "out"],
            "{signal}: a temporary folder was left"
        );
    }
    assert_eq!(snapshot(&data), inputs, "an input file changed");
}

#[test]
fn an_interrupt_during_the_solve_leaves_the_previous_outputs_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("M");
    let out_dir = tmp.path().join("out");
    generate_into(&data, &["--preset", "M", "--seed", "1", "--ample"]);
    assert!(run_match(&data, &out_dir, &[]).status.success());
    let previous = snapshot(&out_dir);
    // With --capacity-value the run re-solves for seconds after the match
    // itself (well under a second): the interrupt at 0.8 s lands in a solve.
    // An interrupt that lands in the match's own solve only stops that
    // solve (below), so a second follows: the run stops either way.
    let mut command = bin();
    command
        .args(["match", "-q", "--capacity-value", "--data", arg(&data)])
        .args(["--out", arg(&out_dir)]);
    let waits = [Duration::from_millis(800), Duration::from_millis(200)];
    let out = interrupt(command, "-INT", &waits);
    assert_eq!(out.status.code(), Some(130), "{}", text(&out.stderr));
    assert_eq!(snapshot(&out_dir), previous, "outputs changed");
    assert_eq!(names_in(tmp.path()), ["M", "out"]);
}

/// Starts `command` (with `-v`: its progress lines on stderr), sends
/// `signals` interrupts one after the other once a line of stderr starts
/// with `when`, and returns its exit code, stdout and stderr.
fn interrupt_when(command: Command, when: &str, signals: usize) -> (Option<i32>, String, String) {
    interrupt_at(command, when, 1, signals)
}

/// [`interrupt_when`] at the `nth` line of stderr that starts with `when`.
fn interrupt_at(
    mut command: Command,
    when: &str,
    nth: usize,
    signals: usize,
) -> (Option<i32>, String, String) {
    use std::io::{BufRead, Read};
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // HiGHS's log fills stdout: drained meanwhile, so the child never
    // waits on a full pipe.
    let mut stdout = child.stdout.take().unwrap();
    let drained = std::thread::spawn(move || {
        let mut all = String::new();
        stdout.read_to_string(&mut all).unwrap();
        all
    });
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    let mut line = String::new();
    let mut met = 0;
    while stderr.read_line(&mut line).unwrap() > 0 {
        seen.push_str(&line);
        met += usize::from(line.starts_with(when));
        if met == nth {
            for _ in 0..signals {
                let killed = Command::new("kill")
                    .args(["-INT", &child.id().to_string()])
                    .status()
                    .unwrap();
                assert!(killed.success());
                std::thread::sleep(Duration::from_millis(100));
            }
            break;
        }
        line.clear();
    }
    stderr.read_to_string(&mut seen).unwrap();
    let code = child.wait().unwrap().code();
    (code, drained.join().unwrap(), seen)
}

/// The first Ctrl-C during `match`'s solve stops the solve, not the run:
/// the best plan found so far is polished and written, it passes every
/// check, and every place that states the status says it was stopped by
/// Ctrl-C and not proven (exit 3). A second Ctrl-C stops the run, every
/// output as it was.
#[test]
fn a_first_interrupt_during_the_solve_keeps_the_best_plan_found() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("M");
    let out_dir = tmp.path().join("out");
    // A scarce pool whose quality level takes seconds to prove.
    generate_into(&data, &["--preset", "M", "--seed", "5"]);
    let report = tmp.path().join("report.html");
    let matched = |out: &Path| {
        let mut command = bin();
        command
            .args(["match", "-v", "--data", arg(&data), "--out", arg(out)])
            .args(["--report", arg(&report)])
            .env("MISSIONMATCH_TEST_WRITE_DELAY_MS", "200");
        command
    };
    let (code, stdout, stderr) = interrupt_when(matched(&out_dir), "quality LP: round", 1);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(
        stderr.contains("stopping the solve: the best plan found so far is kept and written"),
        "{stderr}"
    );
    assert!(
        stdout.lines().any(|l| l.starts_with("Solver")
            && l.contains("STOPPED by an interrupt (Ctrl-C) in the quality level")),
        "{stdout}"
    );
    let summary: serde_json::Value =
        serde_json::from_str(&read(&out_dir.join("summary.json"))).unwrap();
    assert_eq!(summary["interrupted"], true);
    assert_eq!(summary["status"], "time_limit");
    assert_eq!(summary["levels"]["fill"]["status"], "optimal");
    assert_eq!(summary["levels"]["balance"]["status"], "optimal");
    assert_eq!(summary["levels"]["quality"]["status"], "time_limit");
    verify_ok(&data, &out_dir.join("assignments.csv"));
    let html = read(&report);
    assert!(
        html.contains("STOPPED by an interrupt (Ctrl-C) in the quality level")
            && html.contains("stopped by an interrupt (Ctrl-C), "),
        "the report tells the stop"
    );
    // A second interrupt, while the stopped plan is being written: the
    // run stops and the outputs of the first run stay as they were.
    let previous = snapshot(&out_dir);
    let (code, _, stderr) = interrupt_when(matched(&out_dir), "quality LP: round", 2);
    assert_eq!(code, Some(130), "{stderr}");
    assert!(
        stderr.contains(
            "interrupted: stopped; every output folder and file is as it was before this run"
        ),
        "{stderr}"
    );
    assert_eq!(snapshot(&out_dir), previous, "outputs changed");
    assert_eq!(read(&report), html, "the report changed");
    assert_eq!(names_in(tmp.path()), ["M", "out", "report.html"]);
}

/// The first Ctrl-C during `whatif` stops the solving, not the run: the
/// scenarios solved keep their proven plans, the one under way keeps the
/// best plan found so far (status `interrupted`), the ones not started
/// are not solved, and everything is written (exit 3). Runs go one at a
/// time (`--threads 1`): the baseline, then the first scenario, whose
/// quality level takes seconds (its services release 40 fewer officers
/// each); the interrupt lands in it, at the second run's quality level.
#[test]
fn a_first_interrupt_during_whatif_keeps_what_is_solved() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("M");
    generate_into(&data, &["--preset", "M", "--seed", "1", "--ample"]);
    let scenarios = tmp.path().join("scenarios.csv");
    std::fs::write(
        &scenarios,
        "scenario,target,id,field,value\n\
         fewer,service,*,max_deployed,-40\n\
         women,mission,*,min_women_share,0.4\n\
         more,position,*,count,+1\n",
    )
    .unwrap();
    let out_dir = tmp.path().join("out");
    let mut command = bin();
    command
        .args(["whatif", "-v", "--threads", "1", "--data", arg(&data)])
        .args(["--scenarios", arg(&scenarios), "--out", arg(&out_dir)]);
    // The baseline's quality level, then the first scenario's.
    let (code, stdout, stderr) = interrupt_at(command, "quality LP: round 1,", 2, 1);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(
        stderr.contains("stopping the solves: the scenarios solved are kept"),
        "{stderr}"
    );
    assert!(
        stderr.contains("fewer: STOPPED by an interrupt (Ctrl-C) in the quality level"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "2 scenarios not started before the interrupt (Ctrl-C), so not solved (see the table)"
        ),
        "{stderr}"
    );
    assert!(
        stdout.contains("not solved: interrupted before it started"),
        "{stdout}"
    );
    let table = read(&out_dir.join("whatif.csv"));
    let statuses: Vec<&str> = table
        .lines()
        .skip(1)
        .map(|row| row.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(
        statuses,
        [
            "optimal",
            "interrupted",
            "not solved: interrupted before it started",
            "not solved: interrupted before it started"
        ],
        "{table}"
    );
    assert_eq!(names_in(&out_dir), ["baseline", "fewer", "whatif.csv"]);
    let summary: serde_json::Value =
        serde_json::from_str(&read(&out_dir.join("fewer/summary.json"))).unwrap();
    assert_eq!(summary["interrupted"], true);
    assert_eq!(summary["levels"]["quality"]["status"], "time_limit");
    verify_ok(&data, &out_dir.join("baseline/assignments.csv"));
}

/// With `--capacity-value`, a first Ctrl-C during the re-solves (or,
/// on a slow machine, during the match: the re-solves then run stopped
/// at once) stops them, not the run: the plan is written with the values
/// found, those not proven marked (exit 3).
#[test]
fn a_first_interrupt_during_the_capacity_values_keeps_the_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("M");
    let out_dir = tmp.path().join("out");
    // The match takes about a second, its 14 re-solves about six more.
    generate_into(&data, &["--preset", "M", "--seed", "1", "--ample"]);
    let mut command = bin();
    command
        .args(["match", "-q", "--capacity-value", "--data", arg(&data)])
        .args(["--out", arg(&out_dir)]);
    let out = interrupt(command, "-INT", &[Duration::from_millis(3000)]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    let summary = read_json(&out_dir.join("summary.json"));
    let values = summary["capacity_value"].as_array().unwrap();
    assert!(
        values.iter().any(|v| v["proven"] == false),
        "a value the interrupt stopped is marked: {values:?}"
    );
    verify_ok(&data, &out_dir.join("assignments.csv"));
}

/// The first Ctrl-C during `explain` stops the match and the re-solves
/// behind the answer: the answer is given at once from the plans found
/// so far, every cost not proven marked as such (exit 3).
#[test]
fn a_first_interrupt_during_explain_answers_from_the_plans_found() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("M");
    // A scarce pool whose quality level takes seconds to prove.
    generate_into(&data, &["--preset", "M", "--seed", "5"]);
    let mut command = bin();
    command.args([
        "explain",
        "-v",
        "--data",
        arg(&data),
        "--officer",
        "O000611",
    ]);
    let (code, stdout, stderr) = interrupt_when(command, "quality LP: round", 1);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(
        stderr.contains("stopping the solves: the answer is given from the plans found so far"),
        "{stderr}"
    );
    assert!(
        stdout.contains(
            "The match was not proven optimal: STOPPED by an interrupt (Ctrl-C) in the quality level"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("O000611 (") && stdout.contains("forcing O000611 here: "),
        "{stdout}"
    );
    assert!(
        stdout.contains(" at worst, ") && stdout.contains("(not proven: "),
        "the re-solves after the interrupt are marked: {stdout}"
    );
}

#[test]
fn write_failures_keep_the_previous_outputs_and_say_where() {
    let tmp = tempfile::tempdir().unwrap();
    let data = sample_copy(tmp.path());
    // An output folder that cannot be created (under a regular file).
    let blocker = tmp.path().join("file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let out = run_match(&data, &blocker.join("out"), &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("error: creating") && err.contains("file"),
        "{err}"
    );
    // A folder holding other files is never replaced.
    let foreign = tmp.path().join("mine");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("notes.docx"), "board notes").unwrap();
    let out = run_match(&data, &foreign, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("the folder holds files that are not missionmatch outputs"));
    assert_eq!(names_in(&foreign), ["notes.docx"]);
    // A full disk: a 16 KB tmpfs (needs root; skipped otherwise).
    let small = tmp.path().join("small");
    std::fs::create_dir(&small).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=16k", "tmpfs"])
        .arg(&small)
        .output()
        .is_ok_and(|o| o.status.success());
    if !mounted {
        eprintln!("skipped the full-disk case: cannot mount a small tmpfs (needs root)");
        return;
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(small.clone());
    let out_dir = small.join("out");
    std::fs::create_dir(&out_dir).unwrap();
    std::fs::write(out_dir.join("summary.json"), "{\"previous\": true}\n").unwrap();
    let out = run_match(&data, &out_dir, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("No space left on device"), "{err}");
    assert_eq!(
        read(&out_dir.join("summary.json")),
        "{\"previous\": true}\n"
    );
    assert_eq!(names_in(&small), ["out"], "a temporary folder was left");
}

/// A report that cannot be written stops the run before the outputs are
/// replaced, and an argument that is not UTF-8 (a path) is no panic.
#[test]
fn a_report_that_cannot_be_written_leaves_the_outputs_as_they_were() {
    let tmp = tempfile::tempdir().unwrap();
    let data = sample_copy(tmp.path());
    let out_dir = tmp.path().join("out");
    assert!(run_match(&data, &out_dir, &["--release-share", "0.02"])
        .status
        .success());
    let previous = snapshot(&out_dir);
    let blocker = tmp.path().join("file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let report = blocker.join("report.html");
    let out = run_match(&data, &out_dir, &["--report", arg(&report)]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(snapshot(&out_dir), previous, "outputs replaced");
    assert_eq!(names_in(tmp.path()), ["data", "file", "out"]);
    // A run refused (its --out is the data folder) leaves no folder it
    // made for its report.
    let nested = tmp.path().join("reports").join("2027").join("r.html");
    let out = run_match(&data, &data, &["--report", arg(&nested)]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(names_in(tmp.path()), ["data", "file", "out"]);
    // A report path that is not UTF-8.
    use std::os::unix::ffi::OsStrExt;
    let odd = tmp.path().join(std::ffi::OsStr::from_bytes(b"r\xff.html"));
    let out = bin()
        .args(["match", "-q", "--data", arg(&data), "--out", arg(&out_dir)])
        .arg("--report")
        .arg(&odd)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(odd.exists());
}

/// A device where an input file should be (`/dev/zero`) is refused at
/// once, not read; a pipe with a writer (`--officers <(…)`) is read.
#[test]
fn a_device_for_an_input_file_is_refused_and_a_pipe_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let data = sample_copy(tmp.path());
    let out = bin()
        .args(["validate", "--data", arg(&data), "--officers", "/dev/zero"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_says(
        &out.stderr,
        "/dev/zero is not a file but a device or socket",
    );
    // A --data that is a file: one message, not one per input file.
    let out = bin()
        .args(["validate", "--data", arg(&data.join("officers.csv"))])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("is neither a folder nor an .xlsx workbook"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    // No such folder (a run from another folder): one message naming it.
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let out = bin()
        .current_dir(&elsewhere)
        .args(["match", "-q"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert_eq!(
        err.trim_end(),
        format!(
            "error: no folder data in {}: give --data the folder holding services.csv, missions.csv, positions.csv and officers.csv",
            elsewhere.display()
        ),
    );
    assert!(!elsewhere.join("out").exists());
    // A folder holding a workbook and none of the files: where to point
    // --data, once.
    let books = tmp.path().join("books");
    std::fs::create_dir(&books).unwrap();
    std::fs::write(books.join("board.xlsx"), b"not read").unwrap();
    let out = bin()
        .args(["validate", "--data", arg(&books)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr).trim_end(),
        format!(
            "error: {} holds no services.csv, missions.csv, positions.csv or officers.csv, but the workbook board.xlsx: for one workbook holding every table, give --data {}",
            books.display(),
            books.join("board.xlsx").display()
        ),
    );
    // Every required file given by flag: no folder needed.
    let small = root().join("tests/fixtures/small");
    let files: Vec<String> = ["services", "missions", "positions", "officers"]
        .iter()
        .flat_map(|f| {
            [
                format!("--{f}"),
                small.join(format!("{f}.csv")).display().to_string(),
            ]
        })
        .collect();
    let out = bin()
        .current_dir(&elsewhere)
        .arg("validate")
        .args(&files)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let pipe = tmp.path().join("officers-pipe.csv");
    let made = Command::new("mkfifo").arg(&pipe).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped the pipe: mkfifo is not available");
        return;
    }
    let officers = std::fs::read(data.join("officers.csv")).unwrap();
    let writer = {
        let pipe = pipe.clone();
        std::thread::spawn(move || std::fs::write(pipe, officers).unwrap())
    };
    let out = bin()
        .args(["validate", "--data", arg(&data), "--officers", arg(&pipe)])
        .output()
        .unwrap();
    writer.join().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_says(&out.stdout, "400 officers");
}

/// whatif replaces its folder as a whole (no scenario folder of an earlier
/// run stays beside the new whatif.csv) and never writes into a folder of
/// other files, the data folder included.
/// The folder a command runs in is never swapped away from under it,
/// however `--out` spells it.
#[test]
fn the_folder_the_command_runs_in_is_not_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let here = tmp.path().join("here");
    std::fs::create_dir(&here).unwrap();
    for out in ["../here", arg(&here), "."] {
        let o = bin()
            .current_dir(&here)
            .args(["match", "-q", "--data", arg(&sample()), "--out", out])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{out}: {}", text(&o.stderr));
        assert!(
            text(&o.stderr).contains("cannot be replaced as a whole"),
            "{out}: {}",
            text(&o.stderr)
        );
        assert!(here.is_dir() && names_in(&here).is_empty(), "{out}");
        assert_eq!(
            names_in(tmp.path()),
            ["here"],
            "{out}: a temporary left behind"
        );
    }
}

#[test]
fn whatif_replaces_its_folder_as_a_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let data = sample_copy(tmp.path());
    let out_dir = tmp.path().join("w");
    let scenarios = tmp.path().join("s.csv");
    let whatif = |rows: &str, out: &Path| {
        std::fs::write(
            &scenarios,
            format!("scenario,target,id,field,value\n{rows}"),
        )
        .unwrap();
        bin()
            .args(["whatif", "-q", "--data", arg(&data), "--out", arg(out)])
            .args(["--scenarios", arg(&scenarios)])
            .output()
            .unwrap()
    };
    let two = "more,service,DRPS,max_deployed,+2\nfewer,service,DRPS,max_deployed,-1\n";
    assert!(whatif(two, &out_dir).status.success());
    assert_eq!(
        names_in(&out_dir),
        ["baseline", "fewer", "more", "whatif.csv"]
    );
    assert!(whatif("more,service,DRPS,max_deployed,+2\n", &out_dir)
        .status
        .success());
    assert_eq!(names_in(&out_dir), ["baseline", "more", "whatif.csv"]);
    let inputs = snapshot(&data);
    let out = whatif(two, &data);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("not whatif outputs"));
    assert_eq!(snapshot(&data), inputs);
    assert_eq!(names_in(tmp.path()), ["data", "s.csv", "w"]);
    // The current folder cannot be swapped whole: refused with a reason.
    let here = tmp.path().join("here");
    std::fs::create_dir(&here).unwrap();
    std::fs::write(&scenarios, format!("scenario,target,id,field,value\n{two}")).unwrap();
    let out = bin()
        .current_dir(&here)
        .args(["whatif", "-q", "--data", arg(&data), "--out", "."])
        .args(["--scenarios", arg(&scenarios)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_says(&out.stderr, "cannot be replaced as a whole");
    assert!(names_in(&here).is_empty());
}

/// A report written into the output folder is written with it, and the
/// folder is replaced again by the next run, with or without a report.
#[test]
fn a_report_inside_the_output_folder_goes_with_it() {
    let tmp = tempfile::tempdir().unwrap();
    let data = sample_copy(tmp.path());
    let out_dir = tmp.path().join("out");
    let report = out_dir.join("report.html");
    for _ in 0..2 {
        let out = run_match(&data, &out_dir, &["--report", arg(&report)]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(read(&report).contains("<title>missionmatch"));
    }
    // The same folder written another way.
    let odd = tmp
        .path()
        .join("out")
        .join("..")
        .join("out")
        .join("report.html");
    let out = run_match(&data, &out_dir, &["--report", arg(&odd)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(read(&report).contains("<title>missionmatch"));
    // Without --report, the earlier report is a file this run does not
    // write: the folder is refused rather than the report deleted.
    let out = run_match(&data, &out_dir, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_says(&out.stderr, "report.html");
    assert!(report.exists());
    assert_eq!(names_in(tmp.path()), ["data", "out"]);
    let hidden = names_in(&out_dir)
        .into_iter()
        .filter(|n| n.starts_with('.'));
    assert_eq!(hidden.count(), 0, "a temporary was left in the folder");
    let w = tmp.path().join("w");
    for _ in 0..2 {
        let out = bin()
            .args(["whatif", "-q", "--data", arg(&data), "--out", arg(&w)])
            .args(["--scenarios", arg(&sample().join("scenarios.csv"))])
            .args(["--report", arg(&w.join("whatif.html"))])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    assert!(w.join("whatif.html").exists());
    assert_eq!(names_in(tmp.path()), ["data", "out", "w"]);
    // In a subfolder of the output folder: refused before anything is
    // written, with the reason (it was 'a file that is not an output').
    let fresh = tmp.path().join("fresh");
    let nested = fresh.join("sub").join("report.html");
    let out = run_match(&data, &fresh, &["--report", arg(&nested)]);
    assert_eq!(out.status.code(), Some(1));
    assert_says(&out.stderr, "lies in a subfolder of the output folder");
    assert_eq!(names_in(tmp.path()), ["data", "out", "w"]);
    // The same written with '..': below is refused, inside is written
    // with the folder.
    let climbing = fresh
        .join("sub")
        .join("..")
        .join("sub2")
        .join("report.html");
    let out = run_match(&data, &fresh, &["--report", arg(&climbing)]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(!fresh.exists());
    let inside = fresh.join("sub").join("..").join("report.html");
    let out = run_match(&data, &fresh, &["--report", arg(&inside)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(fresh.join("report.html").exists());
}

/// A reader that closes stdout before a command writes (`| head -1` that
/// has read its line) ends the command quietly: no panic (exit code 101),
/// no message, and the outputs are written whole.
#[test]
fn a_closed_stdout_ends_a_command_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run_ok(&["match", "-q", "--data", arg(&sample()), "--out", arg(&out)]);
    let (plan, data, again) = (
        out.join("assignments.csv"),
        sample(),
        tmp.path().join("again"),
    );
    let runs: [&[&str]; 5] = [
        &["completions", "zsh"],
        &[
            "verify",
            "--json",
            "--plan",
            arg(&plan),
            "--data",
            arg(&data),
        ],
        &["validate", "--json", "--data", arg(&data)],
        &["validate", "--data", arg(&data)],
        &[
            "match",
            "--json",
            "--data",
            arg(&data),
            "--out",
            arg(&again),
        ],
    ];
    for args in runs {
        let mut child = bin()
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let done = child.wait_with_output().unwrap();
        let stderr = text(&done.stderr);
        assert_ne!(done.status.code(), Some(101), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("error:"), "{args:?}: {stderr}");
    }
    assert_eq!(snapshot(&out).len(), snapshot(&again).len());
}

/// `--report` replaces an earlier report, never another file: an input
/// file the run reads, a notes file, a scenario file. Nor may it name the
/// output folder itself. Refused before anything is written.
#[test]
fn a_report_never_replaces_a_file_that_is_not_a_report() {
    let tmp = tempfile::tempdir().unwrap();
    let data = sample_copy(tmp.path());
    let officers = read(&data.join("officers.csv"));
    let out_dir = tmp.path().join("out");
    let out = run_match(
        &data,
        &out_dir,
        &["--report", arg(&data.join("officers.csv"))],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_says(&out.stderr, "is not a report this program wrote");
    assert_eq!(read(&data.join("officers.csv")), officers);
    assert!(!out_dir.exists());
    let notes = tmp.path().join("notes.txt");
    std::fs::write(&notes, "the board's notes").unwrap();
    let out = run_match(&data, &out_dir, &["--report", arg(&notes)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(read(&notes), "the board's notes");
    let out = run_match(&data, &out_dir, &["--report", arg(&out_dir)]);
    assert_eq!(out.status.code(), Some(1));
    assert_says(&out.stderr, "--report names the output folder itself");
    assert!(!out_dir.exists());
    // An earlier report is replaced, run after run.
    let report = tmp.path().join("plan.html");
    for _ in 0..2 {
        let out = run_match(&data, &out_dir, &["--report", arg(&report)]);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let scenarios = tmp.path().join("scenarios.csv");
    std::fs::copy(sample().join("scenarios.csv"), &scenarios).unwrap();
    let out = bin()
        .args([
            "whatif",
            "-q",
            "--data",
            arg(&data),
            "--out",
            arg(&tmp.path().join("w")),
        ])
        .args(["--scenarios", arg(&scenarios), "--report", arg(&scenarios)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(read(&scenarios), read(&sample().join("scenarios.csv")));
}

/// `generate` refuses a place it may not write into as the other commands
/// do (exit 1), writes its folder whole (no temporary left beside it),
/// and an output folder given as a link is written through the link,
/// which stays.
#[test]
fn generate_and_linked_output_folders_are_written_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("notes.txt");
    std::fs::write(&file, "notes").unwrap();
    let refused = bin()
        .args(["generate", "-q", "--preset", "S", "--out", arg(&file)])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert_says(&refused.stderr, "refusing to generate into");
    assert_eq!(read(&file), "notes");
    let g = tmp.path().join("g");
    generate_into(&g, &["--preset", "S", "--seed", "1"]);
    assert_eq!(names_in(tmp.path()), ["g", "notes.txt"]);
    let again = bin()
        .args(["generate", "-q", "--preset", "S", "--out", arg(&g)])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert_says(&again.stderr, "already holds files");
    // A link to the output folder: the folder is replaced, the link kept.
    let target = tmp.path().join("plan-2027");
    let link = tmp.path().join("current");
    let first = run_match(&g, &target, &["-q", "--cooldown-months", "3"]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let second = run_match(&g, &link, &["-q"]);
    assert!(second.status.success(), "{}", text(&second.stderr));
    assert!(link.is_symlink());
    let summary = read(&target.join("summary.json"));
    assert!(summary.contains("\"cooldown_months\": 0"), "{summary}");
    assert_eq!(
        names_in(tmp.path()),
        ["current", "g", "notes.txt", "plan-2027"]
    );
}

/// On a terminal, `error:` is coloured, but not under `--quiet`. The
/// terminal is util-linux's `script`.
#[test]
fn quiet_colours_nothing_on_a_terminal() {
    let on_terminal = |quiet: bool| {
        let command = format!(
            "{} verify --data {} --plan nowhere.csv{}",
            env!("CARGO_BIN_EXE_missionmatch"),
            arg(&sample()),
            if quiet { " -q" } else { "" }
        );
        let out = Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .env_remove("NO_COLOR")
            .output()
            .expect("util-linux's script runs the command on a terminal");
        text(&out.stdout)
    };
    let coloured = on_terminal(false);
    assert!(
        coloured.contains("\u{1b}[") && coloured.contains("error:"),
        "{coloured:?}"
    );
    let quiet = on_terminal(true);
    assert!(
        !quiet.contains('\u{1b}') && quiet.contains("error:"),
        "{quiet:?}"
    );
}
