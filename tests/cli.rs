//! End-to-end tests of the `missionmatch` binary on fixture folders.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A fixture folder, `tests/fixtures/NAME`.
fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

#[test]
fn match_small_fixture_gives_the_expected_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    let data = fixture("small");
    let out = run_match(&data, &out_dir, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with(
            "Seats filled: 2 of 3 (5 officers, 2 missions, 2 positions, 4 eligible pairs)\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "  HTI          2/2  1 (50%) target 50% met    fr:B2 2 (100%) target 50% met\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("Services at capacity: A (1/1)\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Levels: fill 4, balance 0, quality 185\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Solver: optimal (every level proven) in "),
        "{stdout}"
    );
    // No re-solves were asked for: the solver's seconds alone.
    assert!(!stdout.contains("for the whole run"), "{stdout}");
    for (name, got) in csv_outputs(&out_dir) {
        let want = read(&data.join("expected").join(&name));
        assert_eq!(
            got, want,
            "{name} differs from tests/fixtures/small/expected/{name}"
        );
    }
    let summary = read_json(&out_dir.join("summary.json"));
    assert_eq!(summary["status"], "optimal");
    assert_eq!(summary["levels"]["fill"]["value"], 4.0);
    assert_eq!(summary["levels"]["quality"]["value"], 185.0);
    assert_eq!(summary["inputs"].as_array().unwrap().len(), 4);
    verify_ok(&data, &out_dir.join("assignments.csv"));
}

#[test]
fn bad_input_exits_2_with_every_error_and_keeps_previous_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    let good = fixture("small");
    assert!(run_match(&good, &out_dir, &[]).status.success());
    let before = csv_outputs(&out_dir);

    let bad = tmp.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    for f in ["services.csv", "missions.csv", "positions.csv"] {
        std::fs::copy(good.join(f), bad.join(f)).unwrap();
    }
    std::fs::write(bad.join("officers.csv"), "officer_id,name,service_id,gender,rank,years_service\nO1,A,ZZ,F,sergeant,3\nO2,B,A,W,sergeant,x\n").unwrap();
    let out = run_match(&bad, &out_dir, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: 3 input errors:\n  officers.csv:2:3 (service_id): 'ZZ': unknown id: not defined in services.csv\n  officers.csv:3:4 (gender): 'W': expected F, M or X\n  officers.csv:3:6 (years_service): 'x': expected a whole number from 0 to 100\n"
    );
    assert_eq!(
        csv_outputs(&out_dir),
        before,
        "a failed run must leave the previous outputs intact"
    );
}

#[test]
fn match_refuses_to_replace_a_folder_with_other_files() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "board minutes").unwrap();
    let out = run_match(&fixture("small"), tmp.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_says(&out.stderr, "choose an empty or new --out folder");
    assert_eq!(read(&tmp.path().join("notes.txt")), "board minutes");
}

/// Runs `verify` on the small fixture with a plan.csv holding `plan`.
fn verify_small_plan(plan: &str) -> Output {
    let (_tmp, path) = temp_file("plan.csv", plan);
    run_verify(&fixture("small"), &path)
}

#[test]
fn verify_reports_each_violation_of_a_hand_edited_plan() {
    // A2 and A1 share service A (capacity 1); B2 lacks French; B3 twice.
    let out = verify_small_plan(
        "officer_id,mission_id,role\nA1,HTI,trainer\nA2,HTI,trainer\nB2,HTI,trainer\nB3,UNM,investigator\nB3,HTI,trainer\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let violations: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("VIOLATION"))
        .collect();
    assert_eq!(
        violations,
        [
            "VIOLATION language: B2 in HTI/trainer: fr:B1 required, officer has no fr",
            "VIOLATION skills: B3 in UNM/investigator: missing skill forensics",
            "VIOLATION one_position_per_officer: B3 is assigned 2 times: HTI/trainer, UNM/investigator",
            "VIOLATION position_count: HTI/trainer has 4 officers, count is 2: A1, A2, B2, B3",
            "VIOLATION service_capacity: A sends 2 officers, capacity is 1: A1, A2",
        ]
    );
    // Fill counts seats: the two officers beyond HTI/trainer's count of 2
    // (priority 2) fill none; UNM/investigator's seat counts.
    let summary = stdout.lines().last().unwrap();
    assert!(
        summary.contains("5 assignments, 5 violations; fill 5,"),
        "{summary}"
    );

    // A row given twice is one officer in one seat: the levels are those
    // of the row once (HTI/trainer, priority 2), not of two seats, and
    // only one position per officer is broken: no seat or service limit
    // counts the officer twice (service A may send one).
    let out = verify_small_plan("officer_id,mission_id,role\nA1,HTI,trainer\nA1,HTI,trainer\n");
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        "VIOLATION one_position_per_officer: A1 is assigned 2 times: HTI/trainer, HTI/trainer"
    );
    assert!(
        lines[1].ends_with("plan.csv: 2 assignments, 1 violation; fill 2, balance 0, quality 95"),
        "{stdout}"
    );
    assert_eq!(lines.len(), 2, "{stdout}");
    let once = verify_small_plan("officer_id,mission_id,role\nA1,HTI,trainer\n");
    let summary = text(&once.stdout).lines().last().unwrap().to_string();
    assert!(
        summary.ends_with("1 assignment, 0 violations; fill 2, balance 0, quality 95"),
        "{summary}"
    );
}

/// `verify` in French, every violation line French too; one assignment
/// is singular.
#[test]
fn verify_speaks_french_and_agrees_in_number() {
    let (_tmp, path) = temp_file(
        "plan.csv",
        "officer_id,mission_id,role\nA1,HTI,trainer\nA2,HTI,trainer\n",
    );
    let out = run_verify_with(&fixture("small"), &path, &["--lang", "fr"]);
    assert_eq!(out.status.code(), Some(1));
    assert_says(&out.stdout, "NON-CONFORMITÉ limite du service\u{a0}: le service A envoie 2 policiers pour une capacité de 1\u{a0}: A1, A2");
    let (_tmp, path) = temp_file("plan.csv", "officer_id,mission_id,role\nA1,HTI,trainer\n");
    let out = run_verify(&fixture("small"), &path);
    assert_says(&out.stdout, ": 1 assignment, 0 violations;");
}

/// A service over its limit on one day: the violation names the plan's
/// officers away that day and counts those already away (the sample's
/// plan, checked against files where a tour or a commitment moved).
#[test]
fn a_day_over_the_limit_names_who_is_away() {
    let tmp = tempfile::tempdir().unwrap();
    let made = run_match(&sample(), &tmp.path().join("out"), &[]);
    assert!(made.status.success(), "{}", text(&made.stderr));
    let plan = tmp.path().join("plan.csv");
    std::fs::copy(tmp.path().join("out").join("assignments.csv"), &plan).unwrap();
    for (file, from, to, expected) in [
        (
            "positions.csv",
            "community_policing_advisor_2nd,2,constable,4,fr:B1,community_policing,no,1,2027-10-15,",
            "community_policing_advisor_2nd,2,constable,4,fr:B1,community_policing,no,1,2027-10-14,",
            "VIOLATION service_capacity: RNC has 3 of 2 away on 2027-10-14: CPA-0252, CPA-0312, CPA-0368 from the plan",
        ),
        (
            "deployments.csv",
            "SPVG,CPA-0911,BINUH,police adviser,2027-11-01,",
            "SPVG,CPA-0911,BINUH,police adviser,2027-10-14,",
            "VIOLATION service_capacity: SPVG has 4 of 3 away on 2027-10-14: CPA-0013, CPA-0315, CPA-0344 from the plan, 1 already away",
        ),
    ] {
        let data = full_sample_copy(&tmp.path().join(file));
        let path = data.join(file);
        let edited = read(&path);
        assert!(edited.contains(from), "{file}");
        std::fs::write(&path, edited.replace(from, to)).unwrap();
        let out = run_verify(&data, &plan);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert_eq!(stdout.lines().next(), Some(expected), "{stdout}");
    }
}

/// One officer comes home as another leaves: the count stays the same
/// over the span, the officers do not, so the span is cut where they
/// change and each part names those away on every day of it.
#[test]
fn a_span_over_the_limit_is_cut_where_the_officers_away_change() {
    let tmp = tempfile::tempdir().unwrap();
    let data = small_copy(tmp.path(), str::to_string);
    std::fs::write(
        data.join("services.csv"),
        "service_id,name,sworn_officers,max_deployed\nA,Alpha Police,100,1\nB,Beta Police,500,5\n",
    )
    .unwrap();
    std::fs::write(
        data.join("positions.csv"),
        "mission_id,role,count,start,months\nHTI,trainer,1,,\nHTI,trainer_2nd,1,2027-07-15,6\n",
    )
    .unwrap();
    std::fs::write(
        data.join("deployments.csv"),
        "service_id,officer_id,mission,role,start,until\nA,X9,UNMISS,adviser,,2028-12-31\n",
    )
    .unwrap();
    let (_plan_dir, plan) = temp_file(
        "plan.csv",
        "officer_id,mission_id,role\nA1,HTI,trainer\nA2,HTI,trainer_2nd\n",
    );
    let out = run_verify(&data, &plan);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).lines().next(),
        Some("VIOLATION service_capacity: A has 2 of 1 away from 2027-01-15 to 2027-07-14: A1 from the plan, 1 already away; A has 2 of 1 away from 2027-07-15 to 2028-01-14: A2 from the plan, 1 already away"),
        "{}",
        text(&out.stdout)
    );
    let out = run_verify_with(&data, &plan, &["--lang", "fr"]);
    assert_says(
        &out.stdout,
        "A1 selon le plan, 1 déjà absent\u{a0}; le service A",
    );
    assert_says(&out.stdout, "A2 selon le plan, 1 déjà absent\n");
}

/// A plan is checked under the options of the run that made it when its
/// summary.json lies beside it; a flag given that differs wins, with a
/// warning.
#[test]
fn verify_takes_the_options_the_plan_was_made_with() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    let made = run_match(
        &sample(),
        &out_dir,
        &["--rotations-until", "2028-06-30", "--cooldown-months", "6"],
    );
    assert!(made.status.success(), "{}", text(&made.stderr));
    let plan = out_dir.join("assignments.csv");
    let out = run_verify(&sample(), &plan);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert_says(
        &out.stderr,
        "note: using --cooldown-months 6, --rotations-until 2028-06-30",
    );
    // explain and letters read a plan given the same way.
    let out = run(&[
        "explain",
        "--data",
        arg(&sample()),
        "--plan",
        arg(&plan),
        "--position",
        "MONUSCO/community_policing_advisor@2027-03-18",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_says(&out.stdout, "1 of 1 seat filled");
    // The same plan away from its summary: the successor seats are not
    // derived, and the error says how to give them.
    let alone = tmp.path().join("alone.csv");
    std::fs::copy(&plan, &alone).unwrap();
    let out = run_verify(&sample(), &alone);
    assert_eq!(out.status.code(), Some(2));
    assert_says(&out.stderr, "derived only with --rotations-until");
    // Given otherwise: kept, with a warning, and the seats' dates differ.
    let out = run_verify_with(&sample(), &plan, &["--overlap-days", "7"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("the plan's run recorded --overlap-days 14 (given: 7)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the files give MONUSCO/community_policing_advisor the seats community_policing_advisor, community_policing_advisor@2027-03-25"),
        "{stderr}"
    );
    // A flag given at its default is given: --cooldown-months 0 is kept.
    let out = run_verify_with(&sample(), &plan, &["--cooldown-months", "0"]);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("recorded --cooldown-months 6 (given: 0)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("note: using --rotations-until 2028-06-30,"),
        "{stderr}"
    );
    // letters read the plan the same way.
    let letters = tmp.path().join("letters");
    let out = run(&[
        "letters",
        "--data",
        arg(&sample()),
        "--plan",
        arg(&plan),
        "--out",
        arg(&letters),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_says(&out.stderr, "note: using --cooldown-months 6");
    // A summary.json without these options (an earlier version's) is read
    // as before: nothing is taken from it.
    let summary = out_dir.join("summary.json");
    let mut value: serde_json::Value = serde_json::from_str(&read(&summary)).unwrap();
    for key in ["cooldown_months", "rotations_until", "overlap_days"] {
        value["options"].as_object_mut().unwrap().remove(key);
    }
    std::fs::write(&summary, value.to_string()).unwrap();
    let out = run_verify(&sample(), &plan);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        !text(&out.stderr).contains("note:"),
        "{}",
        text(&out.stderr)
    );
}

/// The release share a plan was made with is taken too: a service whose
/// limit comes from it is checked against the same limit.
#[test]
fn verify_takes_the_release_share_the_plan_was_made_with() {
    let tmp = tempfile::tempdir().unwrap();
    let data = small_copy(tmp.path(), |text| {
        text.replace("A,Alpha Police,ON,100,2,1", "A,Alpha Police,ON,100,,0")
    });
    let out_dir = tmp.path().join("out");
    let made = run_match(&data, &out_dir, &["--release-share", "0.03"]);
    assert!(made.status.success(), "{}", text(&made.stderr));
    let plan = out_dir.join("assignments.csv");
    assert!(read(&plan).matches(",A,").count() >= 2, "{}", read(&plan));
    let out = run_verify(&data, &plan);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert_says(&out.stderr, "note: using --release-share 0.03,");
}

/// Ids the files do not have: the column that is wrong, a hint for the
/// case, and a workbook given for a plan.
#[test]
fn verify_names_the_wrong_id_and_its_column() {
    for (row, expected) in [
        ("A1,M9,x", "plan.csv:2:2 (mission_id): 'M9': unknown mission: not in missions.csv"),
        ("A1,hti,trainer", "(ids are case-sensitive: did you mean 'HTI'?)"),
        ("a1,HTI,trainer", "plan.csv:2:1 (officer_id): 'a1': unknown officer: not in officers.csv (ids are case-sensitive: did you mean 'A1'?)"),
        ("A1,HTI,Trainer", "no position HTI/Trainer in positions.csv (ids are case-sensitive: did you mean 'trainer'?)"),
    ] {
        let out = verify_small_plan(&format!("officer_id,mission_id,role\n{row}\n"));
        assert_eq!(out.status.code(), Some(2), "{row}");
        assert!(text(&out.stderr).contains(expected), "{row}: {}", text(&out.stderr));
    }
    let tmp = tempfile::tempdir().unwrap();
    let made = run_match(&fixture("small"), &tmp.path().join("out"), &[]);
    assert!(made.status.success());
    let out = run_verify(&fixture("small"), &tmp.path().join("out").join("plan.xlsx"));
    assert_eq!(out.status.code(), Some(2));
    assert_says(
        &out.stderr,
        "file is a workbook (.xlsx) or another zip archive, not CSV",
    );
}

/// A mission nobody can be placed in shows its targets as such, not as
/// met (generated S seed 11: UNMISS and BINUH get nobody).
#[test]
fn a_mission_with_nobody_placed_does_not_meet_its_targets() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("s11");
    generate_into(&data, &["--preset", "S", "--seed", "11"]);
    let out = run_match(&data, &tmp.path().join("out"), &["--lang", "en"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let unmiss = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("UNMISS"))
        .unwrap();
    assert!(unmiss.contains("0/18"), "{unmiss}");
    assert!(unmiss.contains("target 30%, nobody placed"), "{unmiss}");
    assert!(!unmiss.contains("met"), "{unmiss}");
}

/// A row added by hand to an assignments.csv with only its first columns
/// (up to the role) is read: only officer_id, mission_id and role count.
/// A row too short to hold them is still an error.
#[test]
fn verify_reads_a_hand_added_row_that_stops_after_the_role() {
    let plan = read(&fixture("small").join("expected").join("assignments.csv"));
    let out = verify_small_plan(&format!("{plan}B2,,,HTI,trainer\n"));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_says(
        &out.stdout,
        "VIOLATION language: B2 in HTI/trainer: fr:B1 required, officer has no fr",
    );
    let out = verify_small_plan(&format!("{plan}B2,,,HTI\n"));
    assert_eq!(out.status.code(), Some(2));
    assert_says(&out.stderr, "4 fields, the header has 14");
}

/// The plan's errors name it as it was given (it may lie anywhere), not
/// by its file name alone.
#[test]
fn verify_rejects_unknown_ids_as_bad_input() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("board")).unwrap();
    std::fs::write(
        tmp.path().join("board/plan.csv"),
        "officer_id,mission_id,role\nZ9,HTI,trainer\nA1,HTI,cook\n",
    )
    .unwrap();
    let out = bin()
        .current_dir(tmp.path())
        .args([
            "verify",
            "--data",
            arg(&fixture("small")),
            "--plan",
            "board/plan.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "warning: positions.csv: no officer has the skill 'forensics' that UNM/investigator requires: nobody is eligible there\n\
         error: 2 input errors:\n  board/plan.csv:2:1 (officer_id): 'Z9': unknown officer: not in officers.csv\n  board/plan.csv:3:3 (role): 'cook': no position HTI/cook in positions.csv\n"
    );
}

#[test]
fn validate_lists_eligible_candidates_per_position() {
    let out = run_ok(&["validate", "--data", arg(&fixture("small"))]);
    assert_eq!(
        text(&out.stdout),
        "OK: 2 services, 2 missions, 2 positions, 5 officers, 0 scores, 0 pins; 1 warning\n\
         Eligible candidates per position:\n  \
         HTI/trainer                              seats   2  eligible     4\n  \
         UNM/investigator                         seats   1  eligible     0  (fewer than seats; skills fails 5)\n"
    );
    assert_eq!(
        text(&out.stderr),
        "warning: positions.csv: no officer has the skill 'forensics' that UNM/investigator requires: nobody is eligible there\n"
    );
}

/// `--quiet` prints errors only: nothing when the files are valid (the
/// exit code says so), no warnings beside an error.
#[test]
fn validate_quiet_prints_errors_only() {
    let small = fixture("small");
    let out = run_ok(&["validate", "-q", "--data", arg(&small)]);
    assert_eq!(
        (text(&out.stdout), text(&out.stderr)),
        (String::new(), String::new())
    );

    let tmp = tempfile::tempdir().unwrap();
    let data = small_copy(tmp.path(), |t| t.to_string());
    std::fs::write(
        data.join("pins.csv"),
        "officer_id,mission_id,role\nZ9,HTI,trainer\n",
    )
    .unwrap();
    let out = run(&["validate", "-q", "--data", arg(&data)]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stdout), "");
    let err = text(&out.stderr);
    assert!(err.starts_with("error: 1 input error:\n"), "{err}");
    assert!(!err.contains("warning"), "{err}");
}

#[test]
fn generated_folder_solves_verifies_and_is_deterministic_across_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("gen");
    generate_into(
        &data,
        &["--officers", "150", "--missions", "4", "--seed", "3"],
    );
    let mut results = Vec::new();
    for (i, threads) in ["1", "2", "2"].iter().enumerate() {
        let out_dir = tmp.path().join(format!("out{i}"));
        let out = run_match(&data, &out_dir, &["--quiet", "--threads", threads]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        verify_ok(&data, &out_dir.join("assignments.csv"));
        let mut summary = read_json(&out_dir.join("summary.json"));
        // Timings are the only run-dependent part of summary.json.
        summary.as_object_mut().unwrap().remove("timings");
        for level in summary["levels"].as_object_mut().unwrap().values_mut() {
            level.as_object_mut().unwrap().remove("seconds");
        }
        results.push((csv_outputs(&out_dir), summary));
    }
    assert!(!results[0].0.is_empty());
    assert_eq!(results[0], results[1], "1 thread vs 2 threads");
    assert_eq!(results[1], results[2], "two runs with 2 threads");
}

/// The plan does not depend on the order of the rows in the files: where
/// plans tie, a board that sorts its sheets another way (officers by
/// name, positions by priority) still gets the same one. Every input
/// file's rows reversed, and rotated by a third, give the same CSV
/// outputs, on the sample with its rotations and on a generated dated
/// pool.
#[test]
fn the_order_of_the_rows_does_not_change_the_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let sample = full_sample_copy(&tmp.path().join("sample"));
    let generated = tmp.path().join("gen");
    generate_into(&generated, &["--preset", "S", "--seed", "1", "--time"]);
    let reorder = |from: &Path, to: &Path, how: fn(&mut Vec<&str>)| {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            let text = read(&path);
            let mut lines: Vec<&str> = text.lines().collect();
            let mut rows = lines.split_off(1);
            how(&mut rows);
            lines.extend(rows);
            let name = path.file_name().unwrap();
            std::fs::write(to.join(name), lines.join("\n") + "\n").unwrap();
        }
    };
    for (data, extra) in [
        (&sample, &["--rotations-until", "2028-06-30"][..]),
        (&generated, &[][..]),
    ] {
        let plans: Vec<_> = [
            |_: &mut Vec<&str>| {},
            |rows: &mut Vec<&str>| rows.reverse(),
            |rows: &mut Vec<&str>| {
                let third = rows.len() / 3;
                rows.rotate_left(third)
            },
        ]
        .into_iter()
        .enumerate()
        .map(|(i, how)| {
            let copy = tmp.path().join(format!("copy{i}"));
            let _ = std::fs::remove_dir_all(&copy);
            reorder(data, &copy, how);
            let out = tmp.path().join(format!("out{i}"));
            let mut args = vec!["--quiet"];
            args.extend_from_slice(extra);
            let run = run_match(&copy, &out, &args);
            assert!(run.status.success(), "{}", text(&run.stderr));
            csv_outputs(&out)
        })
        .collect();
        assert!(plans[0].iter().any(|(f, _)| f == "assignments.csv"));
        assert_eq!(plans[0], plans[1], "{}: rows reversed", data.display());
        assert_eq!(plans[0], plans[2], "{}: rows rotated", data.display());
    }
}

#[test]
fn generate_is_seeded() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for dir in [&a, &b] {
        generate_into(dir, &["--preset", "S", "--seed", "9"]);
    }
    for f in INPUT_FILES {
        assert_eq!(read(&a.join(f)), read(&b.join(f)), "{f}");
    }
    assert_eq!(read(&a.join("officers.csv")).lines().count(), 301);
}

#[test]
fn generate_is_scarce_unless_ample() {
    let tmp = tempfile::tempdir().unwrap();
    let (scarce, ample) = (tmp.path().join("scarce"), tmp.path().join("ample"));
    generate_into(&scarce, &["--preset", "M", "--seed", "4"]);
    generate_into(&ample, &["--preset", "M", "--seed", "4", "--ample"]);
    let seats: u32 = csv_rows(&read(&scarce.join("positions.csv")))
        .iter()
        .map(|p| p["count"].parse::<u32>().unwrap())
        .sum();
    let release = |dir: &Path| -> u32 {
        csv_rows(&read(&dir.join("services.csv")))
            .iter()
            .map(|s| {
                let max: u32 = s["max_deployed"].parse().unwrap();
                max.saturating_sub(s["deployed_now"].parse().unwrap_or(0))
            })
            .sum()
    };
    // Scarce: the services release fewer officers than the seats, ample
    // far more; only the scarce folder has pins and decimal scores.
    assert!(release(&scarce) < seats, "{} of {seats}", release(&scarce));
    assert!(release(&ample) > seats, "{} of {seats}", release(&ample));
    let pins = csv_rows(&read(&scarce.join("pins.csv")));
    assert_eq!(pins.len(), 20);
    assert!(!ample.join("pins.csv").exists());
    let decimal = |dir: &Path| read(&dir.join("scores.csv")).contains('.');
    assert!(decimal(&scarce) && !decimal(&ample));
    // The pins fit together: the folder loads and validates.
    let out = bin()
        .args(["validate", "--data", arg(&scarce)])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stdout));
}

/// `--tight-targets` changes only the targets, the officers' genders and
/// their French (and so which officers the pins can name): the missions
/// ask for 30 to 50 % women and French-speaking ones for three French
/// speakers in four, the pool has fewer women, and French is concentrated
/// in Quebec's services. A match then misses some targets (Balance above
/// zero) and its plan verifies.
#[test]
fn generate_tight_targets_asks_more_than_the_pool_gives() {
    type Row = std::collections::BTreeMap<String, String>;
    let without = |row: &Row, columns: &[&str]| {
        let mut row = row.clone();
        columns.iter().for_each(|c| drop(row.remove(*c)));
        row
    };
    let tmp = tempfile::tempdir().unwrap();
    let (plain, tight) = (tmp.path().join("plain"), tmp.path().join("tight"));
    generate_into(&plain, &["--preset", "S", "--seed", "4"]);
    generate_into(&tight, &["--preset", "S", "--seed", "4", "--tight-targets"]);
    for f in ["services.csv", "positions.csv", "scores.csv"] {
        assert_eq!(read(&plain.join(f)), read(&tight.join(f)), "{f}");
    }
    let rows = |dir: &Path, f: &str| csv_rows(&read(&dir.join(f)));
    for (p, t) in rows(&plain, "missions.csv")
        .into_iter()
        .zip(rows(&tight, "missions.csv"))
    {
        let women: f64 = t["min_women_share"].parse().unwrap();
        assert!((0.3..=0.5).contains(&women), "{t:?}");
        let french = t["language"].starts_with("fr:");
        let language = if french {
            "0.75"
        } else {
            &p["min_language_share"]
        };
        assert_eq!(t["min_language_share"], language, "{t:?}");
        let targets = ["min_women_share", "min_language_share"];
        assert_eq!(without(&p, &targets), without(&t, &targets));
    }
    // Officers: the same but for gender (and the first name, which goes
    // with it) and French; other languages in the same order, and a
    // French level kept where both speak it.
    let french = |o: &Row| {
        let langs = o["languages"].split(';');
        let (fr, other): (Vec<&str>, Vec<&str>) = langs.partition(|l| l.starts_with("fr:"));
        (fr.first().map(|l| l.to_string()), other.join(";"))
    };
    for (p, t) in rows(&plain, "officers.csv")
        .into_iter()
        .zip(rows(&tight, "officers.csv"))
    {
        let ((p_fr, p_other), (t_fr, t_other)) = (french(&p), french(&t));
        if !p_other.is_empty() {
            assert_eq!(p_other, t_other, "{t:?}");
        }
        if let (Some(a), Some(b)) = (&p_fr, &t_fr) {
            assert_eq!(a, b, "{t:?}");
        }
        let drawn = ["gender", "languages", "name"];
        assert_eq!(without(&p, &drawn), without(&t, &drawn));
        let last = |o: &Row| o["name"].split_once(' ').unwrap().1.to_string();
        assert_eq!(last(&p), last(&t));
        if p["gender"] == t["gender"] {
            assert_eq!(p["name"], t["name"]);
        }
    }
    let province: Row = csv_rows(&read(&tight.join("services.csv")))
        .into_iter()
        .map(|s| (s["service_id"].clone(), s["province"].clone()))
        .collect();
    // Shares of women, and of French speakers in and outside Quebec.
    let shares = |dir: &Path| {
        let officers = csv_rows(&read(&dir.join("officers.csv")));
        let share = |among: &dyn Fn(&Row) -> bool, pick: &dyn Fn(&Row) -> bool| {
            let among: Vec<&Row> = officers.iter().filter(|o| among(o)).collect();
            among.iter().filter(|o| pick(o)).count() as f64 / among.len() as f64
        };
        let speaks = |o: &Row| o["languages"].contains("fr:");
        let in_quebec = |o: &Row| province[&o["service_id"]] == "QC";
        (
            share(&|_| true, &|o| o["gender"] == "F"),
            share(&in_quebec, &speaks),
            share(&|o| !in_quebec(o), &speaks),
        )
    };
    let (women, quebec, elsewhere) = shares(&plain);
    assert!(
        women > 0.2 && (quebec - elsewhere).abs() < 0.2,
        "{women} {quebec} {elsewhere}"
    );
    let (women, quebec, elsewhere) = shares(&tight);
    assert!(
        women < 0.2 && quebec > 0.8 && elsewhere < 0.25,
        "{women} {quebec} {elsewhere}"
    );
    let out_dir = tight.join("out");
    let out = run_match(&tight, &out_dir, &["-q"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let summary = read_json(&out_dir.join("summary.json"));
    assert!(summary["levels"]["balance"]["value"].as_f64().unwrap() > 0.0);
    let out = bin()
        .args(["verify", "--data", arg(&tight), "--plan"])
        .arg(out_dir.join("assignments.csv"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stdout));
}

/// summary.json writes numbers as the CSV files do (values to four
/// decimals, seconds to three), never a float's noise like
/// `66340.09999999992`: on scarce pools, whose decimal mission scores make
/// the Quality value a sum of tenths.
#[test]
fn summary_json_numbers_are_rounded() {
    let tmp = tempfile::tempdir().unwrap();
    let mut qualities = Vec::new();
    for seed in ["2", "3"] {
        let data = tmp.path().join(seed);
        generate_into(
            &data,
            &["--officers", "600", "--missions", "8", "--seed", seed],
        );
        let out_dir = data.join("out");
        let out = run_match(&data, &out_dir, &["-q"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let json = read(&out_dir.join("summary.json"));
        let mut digits = 0;
        let mut after_point = false;
        for c in json.chars() {
            match c {
                '.' => (after_point, digits) = (true, 0),
                '0'..='9' if after_point => digits += 1,
                _ => after_point = false,
            }
            assert!(digits <= 4, "a long decimal in {json}");
        }
        qualities
            .push(read_json(&out_dir.join("summary.json"))["levels"]["quality"]["value"].clone());
    }
    // Some Quality value has a decimal: the check above saw one.
    assert!(
        qualities.iter().any(|q| q.as_f64().unwrap().fract() != 0.0),
        "{qualities:?}"
    );
}

/// On a pool of more than 20 missions the summary shows the 20 furthest
/// from their seats and targets, furthest first, and says where the rest
/// are; services at capacity beyond eight are counted, the first named.
#[test]
fn the_summary_of_a_large_pool_leads_with_what_needs_attention() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("gen");
    generate_into(
        &data,
        &["--officers", "500", "--missions", "24", "--seed", "3"],
    );
    let out_dir = tmp.path().join("out");
    let out = run_match(&data, &out_dir, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.trim_start().starts_with("mission "))
        .unwrap();
    let shown: Vec<&str> = lines[header + 1..]
        .iter()
        .take_while(|l| !l.trim_start().starts_with('…'))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(shown.len(), 20, "{stdout}");
    assert!(
        stdout.contains("  … and 4 more missions, every seat filled and every target met: mission_summary.csv lists every mission"),
        "{stdout}"
    );
    // Furthest first: empty seats plus officers short of the targets.
    let summary = csv_rows(&read(&out_dir.join("mission_summary.csv")));
    let distance = |id: &str| -> f64 {
        let row = summary.iter().find(|r| r["mission_id"] == id).unwrap();
        let num = |c: &str| row[c].parse::<f64>().unwrap();
        num("demand") - num("filled") + num("gender_shortfall") + num("language_shortfall")
    };
    let distances: Vec<f64> = shown.iter().map(|id| distance(id)).collect();
    assert!(distances.windows(2).all(|w| w[0] >= w[1]), "{distances:?}");
    assert!(distances[0] > 0.0, "{distances:?}");
    let hidden_max = summary
        .iter()
        .filter(|r| !shown.contains(&r["mission_id"].as_str()))
        .map(|r| distance(&r["mission_id"]))
        .fold(0.0, f64::max);
    assert!(hidden_max <= distances[19], "{hidden_max} {distances:?}");
    let services = lines
        .iter()
        .find(|l| l.starts_with("Services at capacity: "))
        .unwrap();
    assert!(
        services.starts_with("Services at capacity: 12 of 12: TPS (")
            && services.ends_with(", … (service_summary.csv lists every service)")
            && services.matches(" away").count() == 8,
        "{services}"
    );
}

/// passed_over.csv is a list a board reads, one row per officer (how many
/// positions, the widest gap in score, who and why; of equally wide ones,
/// the first by mission and role); the full list of (officer, position)
/// cases is passed_over_pairs.csv, behind a flag. On the sample and on a
/// generated scarce pool, where the officers' rows are folded from many
/// positions at once.
#[test]
fn passed_over_is_one_row_per_officer_and_the_pairs_behind_a_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let sample = sample_copy(tmp.path());
    let scarce = tmp.path().join("scarce");
    generate_into(&scarce, &["--preset", "S", "--seed", "2"]);
    for data in [sample, scarce] {
        let out_dir = data.with_extension("out");
        let out = run_match(&data, &out_dir, &["-q"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(!out_dir.join("passed_over_pairs.csv").exists());
        let plain = read(&out_dir.join("passed_over.csv"));
        let report = data.with_extension("html");
        let out = run_match(
            &data,
            &out_dir,
            &["-q", "--passed-over-pairs", "--report", arg(&report)],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert_eq!(read(&out_dir.join("passed_over.csv")), plain);
        let officers = csv_rows(&plain);
        let pairs = csv_rows(&read(&out_dir.join("passed_over_pairs.csv")));
        // The report counts the same officers and cases, and (under its
        // 300 rows) lists every case, in the pairs file's order.
        let report = read(&report);
        let section = report.split("id=\"passed-over\"").nth(1).unwrap();
        let section = section.split("</section>").next().unwrap();
        let note = format!(": {} officer", officers.len());
        assert!(section.contains(&note), "{section}");
        assert!(section.contains(&format!(", {} case", pairs.len())));
        assert!(pairs.len() < 300);
        let listed: Vec<&str> = section
            .split("<tr><td>")
            .skip(1)
            .map(|row| row.split(' ').next().unwrap())
            .collect();
        let in_pairs: Vec<&str> = pairs.iter().map(|r| r["officer_id"].as_str()).collect();
        assert_eq!(listed, in_pairs);
        assert!(officers.len() > 10 && pairs.len() > officers.len());
        let total: usize = officers
            .iter()
            .map(|r| r["positions"].parse::<usize>().unwrap())
            .sum();
        assert_eq!(total, pairs.len());
        let margin = |r: &std::collections::BTreeMap<String, String>| {
            r["score"].parse::<f64>().unwrap() - r["chosen_score"].parse::<f64>().unwrap()
        };
        let ids: Vec<&String> = officers.iter().map(|r| &r["officer_id"]).collect();
        assert!(
            ids.windows(2).all(|w| w[0] < w[1]),
            "one row per officer, by id"
        );
        let mut ties = 0;
        for row in &officers {
            // passed_over_pairs.csv lists cases by mission, role, officer.
            let own: Vec<_> = pairs
                .iter()
                .filter(|p| p["officer_id"] == row["officer_id"])
                .collect();
            assert_eq!(own.len().to_string(), row["positions"]);
            let widest = own.iter().map(|p| margin(p)).fold(f64::MIN, f64::max);
            assert_eq!(margin(row), widest, "{row:?}");
            let first = own.iter().find(|p| margin(p) == widest).unwrap();
            for column in ["mission_id", "role", "chosen_officer_id", "reason"] {
                assert_eq!(first[column], row[column], "{row:?}");
            }
            ties += usize::from(own.iter().filter(|p| margin(p) == widest).count() > 1);
        }
        // The tie rule above was put to the test.
        assert!(ties > 0, "no officer with two cases equally wide");
    }
}

/// pins.csv's optional `reason` (a decision taken by hand, and why) is
/// carried into assignments.csv, changes.csv and the report's audit trail.
#[test]
fn a_pin_reason_reaches_assignments_changes_and_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    let data = sample_copy(tmp.path());
    let first = tmp.path().join("first");
    assert!(run_match(&data, &first, &["-q"]).status.success());
    // An officer placed nowhere, passed over for a seat: the board pins them.
    let passed = csv_rows(&read(&first.join("passed_over.csv")));
    let case = &passed[0];
    let reason = "Kreyòl speaker requested by the mission, <b>board</b> 2027-01-12";
    std::fs::write(
        data.join("pins.csv"),
        format!(
            "officer_id,mission_id,role,reason\n{},{},{},\"{reason}\"\n",
            case["officer_id"], case["mission_id"], case["role"]
        ),
    )
    .unwrap();
    let second = tmp.path().join("second");
    let report = tmp.path().join("plan.html");
    let previous = first.join("assignments.csv");
    let out = run_match(
        &data,
        &second,
        &["-q", "--previous", arg(&previous), "--report", arg(&report)],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let assignments = csv_rows(&read(&second.join("assignments.csv")));
    let row = assignments
        .iter()
        .find(|r| r["officer_id"] == case["officer_id"])
        .unwrap();
    assert_eq!(row["pinned"], "yes");
    assert_eq!(row["pin_reason"], reason);
    assert!(assignments
        .iter()
        .filter(|r| r["officer_id"] != case["officer_id"])
        .all(|r| r["pin_reason"].is_empty()));
    let changes = csv_rows(&read(&second.join("changes.csv")));
    let change = changes
        .iter()
        .find(|r| r["officer_id"] == case["officer_id"])
        .unwrap();
    assert_eq!(change["change"], "added");
    assert_eq!(
        change["reason"],
        format!(
            "pinned to {}/{}: {reason}",
            case["mission_id"], case["role"]
        )
    );
    let html = read(&report);
    let audit = &html[html.find("id=\"audit\"").unwrap()..];
    assert!(audit.contains("Decisions taken by hand"), "{audit}");
    assert!(
        audit.contains(
            "Kreyòl speaker requested by the mission, &lt;b&gt;board&lt;/b&gt; 2027-01-12"
        ),
        "{audit}"
    );
    // A plan with the new column reads back: verify accepts it.
    verify_ok(&data, &second.join("assignments.csv"));
}

/// `verify --json` of the plan `text` (written to `dir/edited.csv`)
/// against `data`.
fn verify_text(data: &Path, dir: &Path, text: &str) -> serde_json::Value {
    let file = dir.join("edited.csv");
    std::fs::write(&file, text).unwrap();
    let out = bin()
        .args([
            "verify",
            "--json",
            "--data",
            arg(data),
            "--plan",
            arg(&file),
        ])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// alternates.csv: each position's standby list (eligible officers placed
/// nowhere, best-scored first), and what calling each up does on its own,
/// checked by making that very change to the plan and verifying it:
/// `none` keeps Fill and Balance, `balance` raises the shortfall, `blocked`
/// breaks a hard limit. With --alternates-cost, the exact cost is never
/// worse than the change on its own.
#[test]
fn standby_lists_say_what_calling_up_costs_and_the_plan_agrees() {
    let tmp = tempfile::tempdir().unwrap();
    let data = sample_copy(tmp.path());
    let out_dir = tmp.path().join("out");
    let out = run_match(
        &data,
        &out_dir,
        &["-q", "--alternates-cost", "--alternates", "3"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let plan_text = read(&out_dir.join("assignments.csv"));
    let plan = csv_rows(&plan_text);
    let rows = csv_rows(&read(&out_dir.join("alternates.csv")));
    assert!(rows.len() > 50);
    // No time limit: every cost is proven.
    assert!(
        rows.iter()
            .all(|r| r["cost_proven"] == "yes" && r["cost_stopped_in"].is_empty()),
        "{rows:?}"
    );
    let verify_json = |text: &str| verify_text(&data, tmp.path(), text);
    let base = verify_json(&plan_text);
    let mut seen = std::collections::BTreeSet::new();
    let mut last: Option<(String, (usize, f64), usize)> = None;
    for row in &rows {
        let seat = format!("{}/{}", row["mission_id"], row["role"]);
        let quality: f64 = row["quality"].parse().unwrap();
        let part = ["none", "balance", "blocked"]
            .iter()
            .position(|&c| c == row["call_up_costs"])
            .unwrap();
        let standby: usize = row["standby"].parse().unwrap();
        // Those a call-up keeps Fill and Balance first, then those it
        // leaves short of a target, then the blocked; each part best first
        // by quality; numbered from 1, at most 3 per seat.
        match &last {
            Some((s, (prev_part, prev_quality), n)) if *s == seat => {
                assert!(
                    (part, -quality) >= (*prev_part, -prev_quality) && standby == n + 1,
                    "{row:?}"
                );
            }
            _ => assert_eq!(standby, 1, "{row:?}"),
        }
        assert!(standby <= 3);
        last = Some((seat.clone(), (part, quality), standby));
        // Placed nowhere.
        assert!(
            plan.iter().all(|a| a["officer_id"] != row["officer_id"]),
            "{row:?}"
        );
        let note = &row["call_up_note"];
        let replaced = note
            .strip_prefix("replaces ")
            .or_else(|| note.strip_prefix("replacing "))
            .map(|rest| rest.split([',', ' ']).next().unwrap().to_string());
        let kind = row["call_up_costs"].as_str();
        if seen.contains(kind) && kind != "blocked" {
            continue;
        }
        let Some(holder) = replaced else {
            assert_eq!(kind, "blocked", "{row:?}");
            continue;
        };
        seen.insert(kind.to_string());
        // Make the change: the officer takes the holder's row.
        let edited = plan_text.replacen(
            &format!("\n{},", holder),
            &format!("\n{},", row["officer_id"]),
            1,
        );
        assert_ne!(edited, plan_text);
        let v = verify_json(&edited);
        assert_eq!(v["violations"].as_array().unwrap().len(), 0, "{row:?} {v}");
        assert_eq!(v["levels"]["fill"], base["levels"]["fill"], "{row:?}");
        let (before, after) = (
            base["levels"]["balance"].as_f64().unwrap(),
            v["levels"]["balance"].as_f64().unwrap(),
        );
        match kind {
            "none" => assert_eq!(after, before, "{row:?}"),
            "balance" => assert!(after > before, "{row:?}"),
            other => panic!("{other}: {row:?}"),
        }
        // The best plan with the officer there is never worse.
        let lost =
            base["levels"]["quality"].as_f64().unwrap() - v["levels"]["quality"].as_f64().unwrap();
        if kind == "none" {
            assert!(
                row["quality_cost"].parse::<f64>().unwrap() <= lost + 1e-6,
                "{row:?}"
            );
        }
        assert_eq!(row["seats_lost"], "0", "{row:?}");
    }
    assert!(
        seen.contains("none") && seen.contains("balance"),
        "{seen:?}"
    );
    // A blocked call-up breaks a hard limit when made on its own.
    let blocked = rows
        .iter()
        .find(|r| r["call_up_costs"] == "blocked")
        .unwrap();
    let seat_holder = plan
        .iter()
        .find(|a| {
            a["mission_id"] == blocked["mission_id"]
                && a["role"] == blocked["role"]
                && a["pinned"] == "no"
        })
        .unwrap();
    let edited = plan_text.replacen(
        &format!("\n{},", seat_holder["officer_id"]),
        &format!("\n{},", blocked["officer_id"]),
        1,
    );
    let v = verify_json(&edited);
    assert!(
        !v["violations"].as_array().unwrap().is_empty(),
        "{blocked:?} {v}"
    );
}

/// A seat with room left that a limit keeps an officer out of: calling
/// them up can still replace a holder of their own service, which frees
/// the room they need, so the list does not call them blocked. Every row
/// is checked by making each change it speaks of and verifying the plan:
/// the swap named keeps every limit, and for a blocked officer every
/// unpinned holder's seat, and the empty seat where there is one, break
/// one.
#[test]
fn a_standby_officer_can_replace_a_holder_of_their_own_service() {
    let tmp = tempfile::tempdir().unwrap();
    let data = data_folder(
        tmp.path(),
        &[
            ("services.csv", "service_id,name,sworn_officers,max_deployed,deployed_now\nA,Alpha,100,2,1\nB,Beta,100,3,\nC,Gamma,100,,\n"),
            ("missions.csv", "mission_id,name,start,months,min_women_share,language,min_language_share,max_per_service\nM1,One,2027-03-01,12,0.4,fr:B2,0.6,1\nM2,Two,2027-03-01,12,0.3,en,0.5,\n"),
            ("positions.csv", "mission_id,role,count,min_rank,min_years,languages,skills,leadership,priority\nM1,adv,3,constable,0,,,no,1\nM1,lead,1,sergeant,5,fr:B1,,yes,3\nM2,adv,2,constable,0,,,no,1\nM2,inv,1,corporal,3,,investigation,no,2\n"),
            ("officers.csv", "officer_id,name,service_id,gender,rank,years_service,languages,skills,leadership,board_score,preferences,excluded\na1,a1,A,F,sergeant,10,fr:C1,,yes,90,M1,\na2,a2,A,M,constable,3,en:B2,investigation,no,80,M2,\nb1,b1,B,F,constable,3,fr:B2,,no,99,,\nb2,b2,B,M,corporal,6,fr:B2,investigation,no,85,M2;M1,\nb3,b3,B,F,sergeant,6,en:C1,,yes,60,,\nb4,b4,B,M,constable,2,fr:C2,,no,95,M1,\nc1,c1,C,F,constable,4,fr:C2,,no,92,M1,\nc2,c2,C,M,corporal,4,es:B2,investigation,no,70,M2,\nc3,c3,C,F,corporal,4,en:A2,,no,88,,M1\n"),
        ],
    );
    let out_dir = tmp.path().join("out");
    let out = run_match(&data, &out_dir, &["-q"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let plan_text = read(&out_dir.join("assignments.csv"));
    let plan = csv_rows(&plan_text);
    let rows = csv_rows(&read(&out_dir.join("alternates.csv")));
    // M1/adv has a seat left, but B is at its limit: b1 replaces b4, of B.
    let first = rows
        .iter()
        .find(|r| r["mission_id"] == "M1" && r["role"] == "adv")
        .unwrap();
    assert_eq!(first["officer_id"], "b1");
    assert_eq!(
        (
            first["call_up_costs"].as_str(),
            first["call_up_note"].as_str()
        ),
        (
            "none",
            "replaces b4, keeping Fill and Balance (quality -16)"
        )
    );
    let violations = |edited: &str| -> usize {
        verify_text(&data, tmp.path(), edited)["violations"]
            .as_array()
            .unwrap()
            .len()
    };
    let unfilled = csv_rows(&read(&out_dir.join("unfilled.csv")));
    let with_room: Vec<(&str, &str)> = unfilled
        .iter()
        .map(|r| (r["mission_id"].as_str(), r["role"].as_str()))
        .collect();
    let (mut blocked, mut empty_taken) = (0, 0);
    for row in &rows {
        let officer = &row["officer_id"];
        let holders: Vec<_> = plan
            .iter()
            .filter(|a| a["mission_id"] == row["mission_id"] && a["role"] == row["role"])
            .collect();
        let swap = |holder: &str| {
            plan_text.replacen(
                &format!("\n{holder},{holder},"),
                &format!("\n{officer},{officer},"),
                1,
            )
        };
        if let Some(holder) = row["call_up_note"]
            .strip_prefix("replaces ")
            .or_else(|| row["call_up_note"].strip_prefix("replacing "))
            .and_then(|rest| rest.split([',', ' ']).next())
        {
            assert_eq!(violations(&swap(holder)), 0, "{row:?}");
            continue;
        }
        assert_eq!(row["call_up_costs"], "blocked", "{row:?}");
        blocked += 1;
        for holder in holders.iter().filter(|a| a["pinned"] == "no") {
            assert!(violations(&swap(&holder["officer_id"])) > 0, "{row:?}");
        }
        // The seat left empty, where there is one, taken (a holder's row
        // with the officer's id and service).
        let seat = (row["mission_id"].as_str(), row["role"].as_str());
        if with_room.contains(&seat) {
            let holder = plan_text
                .lines()
                .find(|l| l.contains(&format!(",{},{},", seat.0, seat.1)))
                .unwrap();
            let rest = holder.splitn(4, ',').nth(3).unwrap();
            let added = format!(
                "{plan_text}{officer},{officer},{},{rest}\n",
                row["service_id"]
            );
            assert!(violations(&added) > 0, "{row:?}");
            empty_taken += 1;
        }
    }
    assert!(empty_taken > 0);
    assert!(blocked > 0);
}

/// plan.xlsx holds every CSV output as a sheet, each cell unchanged when
/// read back, numbers and dates as typed cells; the same plan gives the
/// same bytes.
#[test]
fn the_workbook_holds_every_csv_cell_typed() {
    use calamine::{Data, Reader};
    let tmp = tempfile::tempdir().unwrap();
    let data = sample_copy(tmp.path());
    let out_dir = tmp.path().join("out");
    let out = run_match(&data, &out_dir, &["-q", "--rotations-until", "2028-06-30"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let bytes = std::fs::read(out_dir.join("plan.xlsx")).unwrap();
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
    let csvs: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    assert_eq!(book.sheet_names().len(), csvs.len());
    let (mut numbers, mut dates) = (0, 0);
    for file in &csvs {
        let sheet = book
            .worksheet_range(file.strip_suffix(".csv").unwrap())
            .unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(out_dir.join(file))
            .unwrap();
        for (r, record) in reader.records().enumerate() {
            for (c, want) in record.unwrap().iter().enumerate() {
                let cell = sheet.get((r, c)).cloned().unwrap_or(Data::Empty);
                let got = match &cell {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(x) => {
                        numbers += 1;
                        format!("{}", x)
                    }
                    Data::DateTime(d) => {
                        dates += 1;
                        let serial = d.as_f64() as i64;
                        missionmatch::model::Date::parse("1899-12-30")
                            .unwrap()
                            .add_days(serial)
                            .to_string()
                    }
                    other => panic!("{file} {r}:{c}: {other:?}"),
                };
                assert_eq!(got, want, "{file} row {r} column {c}");
                if r > 0 && want.parse::<f64>().is_ok() && !want.starts_with('0') {
                    assert!(
                        matches!(cell, Data::Float(_)),
                        "{file} {r}:{c} {want} is text"
                    );
                }
            }
        }
    }
    assert!(
        numbers > 500 && dates > 100,
        "{numbers} numbers, {dates} dates"
    );
    let again = tmp.path().join("again");
    run_match(&data, &again, &["-q", "--rotations-until", "2028-06-30"]);
    assert_eq!(std::fs::read(again.join("plan.xlsx")).unwrap(), bytes);
}

/// Inputs from workbooks: one workbook with a sheet per input file
/// (`--data board.xlsx`), or a workbook in place of a CSV file
/// (`officers.xlsx`), give the plan of the CSV files; a problem in a sheet
/// names the workbook, the sheet and the cell.
#[test]
fn inputs_read_from_workbooks_give_the_same_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let data = sample_copy(tmp.path());
    let csv_out = tmp.path().join("csv");
    assert!(run_match(&data, &csv_out, &["-q"]).status.success());
    let want = read(&csv_out.join("assignments.csv"));
    let files: Vec<(String, Vec<u8>)> = INPUT_FILES
        .iter()
        .map(|f| (f.to_string(), std::fs::read(data.join(f)).unwrap()))
        .collect();
    // One workbook for everything.
    let board = tmp.path().join("board.xlsx");
    std::fs::write(&board, missionmatch::io::workbook::write(&files).unwrap()).unwrap();
    let out = tmp.path().join("from-board");
    let run = run_match(&board, &out, &["-q"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert_eq!(read(&out.join("assignments.csv")), want);
    let summary = read_json(&out.join("summary.json"));
    assert!(summary["inputs"][0]["path"]
        .as_str()
        .unwrap()
        .ends_with("board.xlsx[services]"));
    // A workbook in place of officers.csv.
    let officers = files
        .iter()
        .find(|f| f.0 == "officers.csv")
        .unwrap()
        .clone();
    std::fs::write(
        data.join("officers.xlsx"),
        missionmatch::io::workbook::write(&[officers]).unwrap(),
    )
    .unwrap();
    std::fs::remove_file(data.join("officers.csv")).unwrap();
    let out = tmp.path().join("from-officers-xlsx");
    let run = run_match(&data, &out, &["-q"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert_eq!(read(&out.join("assignments.csv")), want);
    // A bad cell in a sheet: the workbook, the sheet, the line and column.
    let mut broken = files.clone();
    let services = String::from_utf8(broken[0].1.clone()).unwrap();
    broken[0].1 = services.replacen(",5568,", ",lots,", 1).into_bytes();
    assert_ne!(broken[0].1, files[0].1, "the sample changed");
    std::fs::write(&board, missionmatch::io::workbook::write(&broken).unwrap()).unwrap();
    let run = run_match(&board, &tmp.path().join("broken"), &["-q"]);
    assert_eq!(run.status.code(), Some(2));
    assert_says(
        &run.stderr,
        "board.xlsx[services]:2:5 (sworn_officers): 'lots': expected a whole number from 0 to 1000000",
    );
}

/// `letters` writes a letter per candidate whose facts are the plan's:
/// the selected officers' seats and tours as in assignments.csv, the
/// reasons of passed_over.csv, the standby places of alternates.csv; in
/// French with French dates; names escaped.
#[test]
fn letters_state_the_plans_facts_in_both_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let data = sample_copy(tmp.path());
    // A name a letter must show as text, never as markup; two ids that
    // make the same safe file name (two letters, two files).
    for file in ["officers.csv", "scores.csv"] {
        let text = read(&data.join(file))
            .replacen("Mathis Nakamura", "\"Mathis <b>Nakamura</b> & Co\"", 1)
            .replace("CPA-0003,", "CPA 0003,")
            .replace("CPA-0004,", "CPA_0003,");
        std::fs::write(data.join(file), text).unwrap();
    }
    let out_dir = tmp.path().join("out");
    assert!(run_match(&data, &out_dir, &["-q"]).status.success());
    let letters = tmp.path().join("letters");
    let out = run_letters(&data, &letters, &["--lang", "en"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("400 letters: 101 selected, 188 not selected, 111 not eligible")
    );
    let merge = csv_rows(&read(&letters.join("letters.csv")));
    assert_eq!(merge.len(), 400);
    let assignments = csv_rows(&read(&out_dir.join("assignments.csv")));
    let passed = csv_rows(&read(&out_dir.join("passed_over.csv")));
    let alternates = csv_rows(&read(&out_dir.join("alternates.csv")));
    for row in &merge {
        let id = &row["officer_id"];
        let letter = read(&letters.join(&row["letter"]));
        assert!(letter.contains(&format!("({id})")), "{id}");
        match assignments.iter().find(|a| &a["officer_id"] == id) {
            Some(a) => {
                assert_eq!(row["outcome"], "selected");
                assert_eq!(
                    (&row["mission_id"], &row["role"]),
                    (&a["mission_id"], &a["role"])
                );
                assert_eq!((&row["start"], &row["end"]), (&a["start"], &a["end"]));
            }
            None => assert_ne!(row["outcome"], "selected", "{id}"),
        }
        if let Some(p) = passed.iter().find(|p| &p["officer_id"] == id) {
            assert!(
                row["decision"].contains(&format!("{}/{}: ", p["mission_id"], p["role"])),
                "{id}: {}",
                row["decision"]
            );
        }
        // The standby places of alternates.csv where calling up is not
        // blocked by a limit.
        let standby: Vec<String> = alternates
            .iter()
            .filter(|a| &a["officer_id"] == id && a["call_up_costs"] != "blocked")
            .map(|a| format!("{}/{} #{}", a["mission_id"], a["role"], a["standby"]))
            .collect();
        assert_eq!(row["standby"], standby.join("; "), "{id}");
    }
    // Six positions of a kind are listed one by one and the rest counted,
    // in the mail merge as in the letter.
    let many: Vec<_> = merge
        .iter()
        .filter(|r| r["decision"].contains("more position"))
        .collect();
    assert!(
        !many.is_empty(),
        "some officer has more than six positions of a kind"
    );
    for row in many {
        let parts: Vec<&str> = row["decision"].split("; ").collect();
        let (last, listed) = parts.split_last().unwrap();
        assert!(last.starts_with("… and "), "{}", row["decision"]);
        assert!((6..=12).contains(&listed.len()), "{}", row["decision"]);
        assert!(read(&letters.join(&row["letter"])).contains(" more position"));
    }
    let files: std::collections::BTreeSet<String> =
        merge.iter().map(|r| r["letter"].to_lowercase()).collect();
    assert_eq!(files.len(), 400, "two letters share a file");
    let twin = merge
        .iter()
        .find(|r| r["officer_id"] == "CPA_0003")
        .unwrap();
    assert_eq!(twin["letter"], "CPA_0003-2.html");
    assert!(read(&letters.join("CPA_0003.html")).contains("(CPA 0003)"));
    assert!(read(&letters.join("CPA_0003-2.html")).contains("(CPA_0003)"));
    let escaped = read(&letters.join("CPA-0001.html"));
    assert!(
        escaped.contains("Mathis &lt;b&gt;Nakamura&lt;/b&gt; &amp; Co"),
        "{escaped}"
    );
    // One document with a page per letter.
    let all = read(&letters.join("letters.html"));
    assert_eq!(all.matches("<article class=\"letter\">").count(), 400);
    assert!(all.contains("page-break-after: always"));
    // French: the same decisions, in French, with French dates.
    let lettres = tmp.path().join("lettres");
    let out = run_letters(&data, &lettres, &["-q", "--lang", "fr"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let fr = csv_rows(&read(&lettres.join("letters.csv")));
    let selected = fr.iter().find(|r| r["outcome"] == "selected").unwrap();
    let page = read(&lettres.join(&selected["letter"]));
    assert!(page.contains("<html lang=\"fr\">"));
    assert!(
        ["Madame,", "Monsieur,"].iter().any(|g| page.contains(g)) && page.contains("Période"),
        "{page}"
    );
    assert!(
        page.contains(" 2027")
            && (page.contains("1er ") || page.contains(" avril ") || page.contains(" mars ")),
        "{page}"
    );
    assert!(selected["decision"].starts_with("candidature retenue\u{a0}: "));
    assert!(fr
        .iter()
        .any(|r| r["decision"].starts_with("candidature non retenue\u{a0}: ")));
}

#[test]
fn generate_time_is_seeded_and_dates_only() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, plain) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("plain"),
    );
    for dir in [&a, &b] {
        generate_into(dir, &["--preset", "S", "--seed", "9", "--time"]);
    }
    generate_into(&plain, &["--preset", "S", "--seed", "9"]);
    for f in INPUT_FILES.iter().chain(&["deployments.csv"]) {
        assert_eq!(read(&a.join(f)), read(&b.join(f)), "{f}");
    }
    // The dates come from a generator of their own: what has no date is
    // what the same seed writes without --time.
    for f in ["missions.csv", "scores.csv"] {
        assert_eq!(read(&a.join(f)), read(&plain.join(f)), "{f}");
    }
    assert!(!plain.join("deployments.csv").exists());
    let positions = csv_rows(&read(&a.join("positions.csv")));
    assert!(positions.iter().any(|p| !p["start"].is_empty()));
    let officers = csv_rows(&read(&a.join("officers.csv")));
    assert_eq!(officers.len(), 300);
    assert!(officers.iter().any(|o| !o["last_return"].is_empty()));
    let away = csv_rows(&read(&a.join("deployments.csv")));
    assert!(!away.is_empty());
    // A service with officers away gives them there, not as deployed_now.
    let services = csv_rows(&read(&a.join("services.csv")));
    for row in &away {
        let svc = services
            .iter()
            .find(|s| s["service_id"] == row["service_id"]);
        assert_eq!(svc.unwrap()["deployed_now"], "", "{row:?}");
    }
}

#[test]
fn rotations_on_a_generated_dated_pool_verify() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("gen");
    generate_into(
        &data,
        &[
            "--officers",
            "150",
            "--missions",
            "4",
            "--seed",
            "3",
            "--time",
        ],
    );
    let out_dir = tmp.path().join("out");
    let rotations = ["--rotations-until", "2028-06-30"];
    let out = run_match(&data, &out_dir, &rotations);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Solver: optimal"));
    let plan = out_dir.join("assignments.csv");
    // Successors fill the seats of officers coming home (ROLE@START).
    let placed = csv_rows(&read(&plan));
    assert!(placed.iter().any(|r| r["role"].contains('@')));
    let out = run(&[
        "verify",
        "--data",
        arg(&data),
        "--plan",
        arg(&plan),
        rotations[0],
        rotations[1],
    ]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains(", 0 violations;"), "{stdout}");
}

#[test]
fn sample_data_runs_and_verifies() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    let data = sample();
    let out = run_match(&data, &out_dir, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Solver: optimal"));
    verify_ok(&data, &out_dir.join("assignments.csv"));
}

#[test]
fn sample_rotations_are_proven_and_verify() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    let data = sample();
    let out = run_match(&data, &out_dir, &["--rotations-until", "2028-06-30"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        stdout.contains("Solver: optimal (every level proven)"),
        "{stdout}"
    );
    let plan = out_dir.join("assignments.csv");
    assert!(read(&plan).contains("MONUSCO,community_policing_advisor@2027-03-18"));
    let out = run_verify_with(&data, &plan, &["--rotations-until", "2028-06-30"]);
    assert_says(&out.stdout, ", 0 violations;");
}

#[test]
fn time_limit_keeps_a_valid_plan_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("gen");
    generate_into(&data, &["--preset", "M", "--seed", "1", "--ample"]);
    let out_dir = tmp.path().join("out");
    let out = run_match(&data, &out_dir, &["--time-limit", "0"]);
    // Exit code 3: a plan is written, but not proven optimal.
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    // A status of several clauses puts the seconds first, not after
    // "no seat given up".
    assert_says(&out.stdout, "Solver, after ");
    assert_says(&out.stdout, " s: TIME LIMIT reached in the fill level");
    let summary = read_json(&out_dir.join("summary.json"));
    assert_eq!(summary["status"], "time_limit");
    assert_eq!(summary["levels"]["fill"]["status"], "time_limit");
    assert_eq!(summary["levels"]["quality"]["status"], "not_solved");
    // The plan the stop left is polished; how many officers that replaced
    // is counted (the start plan already takes the best-scored first).
    for counted in ["closer_to_targets", "better_scored"] {
        assert!(summary["polished"][counted].is_u64(), "{summary}");
    }
    verify_ok(&data, &out_dir.join("assignments.csv"));
}

/// A withdrawal after the plan was announced: the officer disappears from
/// officers.csv, `match --previous` keeps everyone else it can and lists
/// exactly who changes and why.
#[test]
fn replan_with_previous_lists_exactly_who_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, first) = sample_matched(tmp.path());
    let plan = read(&first.join("assignments.csv"));
    let gone = csv_rows(&plan)[0]["officer_id"].clone();
    edit_lines(&data.join("officers.csv"), |l| {
        (!l.starts_with(&format!("{gone},"))).then(|| l.to_string())
    });
    let second = tmp.path().join("second");
    let previous_plan = first.join("assignments.csv");
    let out = run_match(&data, &second, &["--previous", arg(&previous_plan)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows = csv_rows(&read(&second.join("changes.csv")));
    // The withdrawn officer is dropped, as gone from the files.
    assert!(rows.iter().any(|r| r["officer_id"] == gone
        && r["change"] == "dropped"
        && r["reason"] == "gone from the files: unknown officer: not in officers.csv"));
    // Every row is a real difference between the two plans.
    let before = read(&previous_plan);
    let after = read(&second.join("assignments.csv"));
    let seat = |plan: &str, id: &str| {
        csv_rows(plan)
            .into_iter()
            .find(|r| r["officer_id"] == id)
            .map(|r| format!("{}/{}", r["mission_id"], r["role"]))
            .unwrap_or_default()
    };
    for r in &rows {
        assert_eq!(r["from"], seat(&before, &r["officer_id"]), "{r:?}");
        assert_eq!(r["to"], seat(&after, &r["officer_id"]), "{r:?}");
        assert_ne!(r["from"], r["to"]);
    }
    let summary = read_json(&second.join("summary.json"));
    let c = &summary["changes"];
    let previous = before.lines().count() - 1;
    assert_eq!(
        c["kept"].as_u64().unwrap() as usize
            + c["moved"].as_u64().unwrap() as usize
            + c["dropped"].as_u64().unwrap() as usize,
        previous
    );
    assert_eq!(
        summary["levels"]["keep"]["value"].as_f64().unwrap() as u64,
        c["kept"].as_u64().unwrap()
    );
    assert!(text(&out.stdout).contains("Against the previous plan:"));
    verify_ok(&data, &second.join("assignments.csv"));
}

/// `explain --plan FILE` explains a given plan: the engine's own plan
/// gives the same explanation as solving; a plan the board thinned out
/// shows what forcing a decision would gain against it.
#[test]
fn explain_a_given_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let data = sample();
    let out_dir = tmp.path().join("out");
    assert!(run_match(&data, &out_dir, &[]).status.success());
    let plan = out_dir.join("assignments.csv");
    let explain = |extra: &[&str]| {
        let mut args = vec!["explain", "--data", arg(&data)];
        args.extend(extra);
        text(&run_ok(&args).stdout)
    };
    let plan_arg = arg(&plan);
    assert_eq!(
        explain(&["--officer", "CPA-0001"]),
        explain(&["--officer", "CPA-0001", "--plan", plan_arg])
    );
    assert_eq!(
        explain(&["--position", "UNISFA/team_leader"]),
        explain(&["--position", "UNISFA/team_leader", "--plan", plan_arg])
    );
    // Drop the BINUH human-rights officer: forcing the team leader into
    // MINUSCA/team_leader now gains a seat against this plan.
    let full = read(&plan);
    let thinned: Vec<&str> = full
        .lines()
        .filter(|l| !l.contains(",BINUH,human_rights_officer,"))
        .collect();
    assert_eq!(thinned.len() + 1, full.lines().count());
    let edited = tmp.path().join("edited.csv");
    std::fs::write(&edited, thinned.join("\n") + "\n").unwrap();
    let text = explain(&["--officer", "CPA-0367", "--plan", arg(&edited)]);
    assert!(
        text.contains("MINUSCA/team_leader: eligible; held by CPA-0117 (59); forcing CPA-0367 here: 1 seat gained (fill +1)"),
        "{text}"
    );
}

/// Under a time limit that stops every solve at once, explain, recommend
/// and the call-up and capacity costs of `match` say which costs are not
/// proven (the level stopped in, `cost_proven` no, `proven` false) and
/// exit with 3; without it every answer is proven and nothing is marked.
/// Each polishes the plan its stop left as `match` does: the letters
/// drafted from a stopped match are those of the plan `match` wrote.
/// (A proven match with stopped re-solves: tests/explain.rs.)
#[test]
fn answers_under_a_time_limit_say_what_is_not_proven() {
    let tmp = tempfile::tempdir().unwrap();
    let data = sample();
    let stopped = ["--time-limit", "0"];
    for (args, marker) in [
        (
            vec!["explain", "--officer", "CPA-0005", "--data", arg(&data)],
            "to move in the plan found (not proven: the match and the re-solve both stopped in the fill level",
        ),
        (
            vec![
                "recommend",
                "UNISFA/community_policing_advisor",
                "--top",
                "2",
                "--data",
                arg(&data),
            ],
            " in the plan found: ",
        ),
    ] {
        let proven = bin().args(&args).output().unwrap();
        assert!(proven.status.success(), "{}", text(&proven.stderr));
        let proven_text = text(&proven.stdout);
        assert!(!proven_text.contains("at worst"), "{proven_text}");
        assert!(!proven_text.contains("not proven"), "{proven_text}");
        let limited = bin().args(&args).args(stopped).output().unwrap();
        assert_eq!(limited.status.code(), Some(3), "{}", text(&limited.stderr));
        let limited_text = text(&limited.stdout);
        assert!(limited_text.contains(marker), "{limited_text}");
        assert!(
            limited_text.starts_with("The match was not proven optimal: TIME LIMIT reached"),
            "{limited_text}"
        );
        // The plan answered for is polished, as `match` polishes it.
        let first = limited_text.lines().next().unwrap();
        assert!(first.contains("; the plan includes "), "{first}");
        assert_says(
            &limited.stderr,
            "the notes in brackets say in which level each stopped",
        );
    }
    // match: the call-up costs and the value of one more officer.
    let out_dir = tmp.path().join("out");
    let out = run_match(
        &data,
        &out_dir,
        &[
            "-q",
            "--alternates-cost",
            "--capacity-value",
            "--time-limit",
            "0",
        ],
    );
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    for warned in [
        "the call-up costs in alternates.csv are measured against the plan found, not proven the best (the match stopped in the fill level)",
        "the values of one more released officer are measured against the plan found, not proven the best (the match stopped in the fill level)",
    ] {
        assert_says(&out.stderr, warned);
    }
    let rows = csv_rows(&read(&out_dir.join("alternates.csv")));
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["cost_proven"] == "no"), "{rows:?}");
    assert!(
        rows.iter().all(|r| r["cost_stopped_in"] == "fill"),
        "{rows:?}"
    );
    let summary = read_json(&out_dir.join("summary.json"));
    let values = summary["capacity_value"].as_array().unwrap();
    assert!(!values.is_empty());
    assert!(values.iter().all(|v| v["proven"] == false), "{values:?}");
    let services = csv_rows(&read(&out_dir.join("service_summary.csv")));
    for s in &services {
        let computed = !s["one_more_seats"].is_empty();
        let want = if computed { "no" } else { "" };
        assert_eq!(s["one_more_proven"], want, "{s:?}");
        let want = if computed { "fill" } else { "" };
        assert_eq!(s["one_more_stopped_in"], want, "{s:?}");
    }
    // letters: drafts from the stopped match, exit code 3.
    let out = bin()
        .args(["letters", "-q", "--data", arg(&data), "--out"])
        .arg(tmp.path().join("letters"))
        .args(stopped)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(tmp.path().join("letters/letters.csv").exists());
    // Its plan is the one the stopped match wrote, polished alike: the
    // letters are those drafted from that match's assignments.csv.
    let polished = &summary["polished"];
    assert!(
        polished["closer_to_targets"].as_u64().unwrap()
            + polished["better_scored"].as_u64().unwrap()
            > 0,
        "{polished}"
    );
    run_ok(&[
        "letters",
        "-q",
        "--data",
        arg(&data),
        "--plan",
        arg(&out_dir.join("assignments.csv")),
        "--out",
        arg(&tmp.path().join("letters-of-the-plan")),
    ]);
    let letters = |dir: &str| {
        names_in(&tmp.path().join(dir))
            .into_iter()
            .map(|name| (read(&tmp.path().join(dir).join(&name)), name))
            .collect::<Vec<_>>()
    };
    assert_eq!(letters("letters"), letters("letters-of-the-plan"));
    // Without the limit, the same values are proven.
    let out = run_match(&data, &out_dir, &["-q", "--capacity-value"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let summary = read_json(&out_dir.join("summary.json"));
    let values = summary["capacity_value"].as_array().unwrap();
    assert!(values.iter().all(|v| v["proven"] == true), "{values:?}");
}

/// The pipeline checks every plan it returns with the independent
/// verifier: a plan breaking a limit (here forced by the test-only fault
/// injection: the first assignment given twice) is an internal error naming
/// the violations, exit code 1, and the previous outputs stay as they were.
#[test]
fn a_plan_failing_the_independent_check_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run_ok(&["match", "-q", "--data", arg(&sample()), "--out", arg(&out)]);
    let before = csv_outputs(&out);
    let broken = bin()
        .env("MISSIONMATCH_TEST_BREAK_PLAN", "1")
        .args(["match", "--data", arg(&sample()), "--out", arg(&out)])
        .output()
        .unwrap();
    assert_eq!(broken.status.code(), Some(1));
    let stderr = text(&broken.stderr);
    assert!(stderr.contains("internal error"), "{stderr}");
    assert!(stderr.contains("so nothing was written"), "{stderr}");
    assert!(stderr.contains("one_position_per_officer: "), "{stderr}");
    assert!(stderr.contains("is assigned 2 times"), "{stderr}");
    assert_eq!(
        csv_outputs(&out),
        before,
        "the previous outputs are unchanged"
    );
}

/// `match -v` on the sample into `out`, with the test-only fault hook `var`
/// set to `label` (a solve's label, or a number).
fn match_with_fault(var: &str, label: &str, out: &Path) -> std::process::Output {
    bin()
        .env(var, label)
        .args(["match", "-v", "--data", arg(&sample()), "--out", arg(out)])
        .output()
        .unwrap()
}

/// The match written to `out` proved every level, with the values of the
/// match written to `plain`, and its plan passes `verify`.
fn proves_the_same_values(plain: &Path, out: &Path, label: &str) {
    let (a, b) = (
        read_json(&plain.join("summary.json")),
        read_json(&out.join("summary.json")),
    );
    assert_eq!(b["status"], "optimal", "{label}");
    for level in ["fill", "balance", "quality"] {
        assert_eq!(
            a["levels"][level]["value"], b["levels"][level]["value"],
            "{label}: {level}"
        );
    }
    verify_ok(&sample(), &out.join("assignments.csv"));
}

/// A dive on a level's optimal face and the MIP rounding a level's LP
/// solution are shortcuts: when HiGHS ends one of their solves without a
/// verdict (status `Unknown`, as numerical trouble did on a
/// 100,000-officer pool; here forced by the test-only fault injection, on
/// every solve of that name), the level takes the long way and the match
/// proves the same values. The same status in a solve the match cannot do
/// without, and again in its second solve, is an error naming the solve,
/// exit code 1, never a plan.
#[test]
fn a_shortcut_highs_cannot_settle_is_given_up_and_other_solves_report_it() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    assert!(run_match(&sample(), &plain, &["-q"]).status.success());
    let run = |label: &str, out: &Path| match_with_fault("MISSIONMATCH_TEST_UNKNOWN", label, out);
    for (label, note) in [
        (
            "diving on its LP face",
            "diving on its LP face: step 0 ended Unknown, the dive gives up",
        ),
        (
            "rounding its LP solution",
            "quality level rounding its LP solution: HiGHS could not settle it (status Unknown), \
             the level takes its usual way",
        ),
    ] {
        let out = dir.path().join(label.replace(' ', "_"));
        let run = run(label, &out);
        let stderr = text(&run.stderr);
        assert!(run.status.success(), "{label}: {stderr}");
        assert!(
            stderr.contains(note),
            "the sample takes this shortcut, so the fault was met: {stderr}"
        );
        assert!(!stderr.contains("solved again"), "{label}: {stderr}");
        proves_the_same_values(&plain, &out, label);
    }

    let failed = run("fill LP", &dir.path().join("failed"));
    assert_eq!(failed.status.code(), Some(1));
    let stderr = text(&failed.stderr);
    assert!(
        stderr.contains(
            "fill LP ended with status Unknown (HiGHS could not settle it: numerical trouble), \
             and again when solved with the primal simplex"
        ),
        "{stderr}"
    );
    assert!(!dir.path().join("failed").join("assignments.csv").exists());
}

/// A solve the match needs that HiGHS ends without a verdict is solved
/// once more another way (an LP with another simplex, a MIP with presolve
/// switched and another seed) before it counts as a failure; when the
/// second solve settles it, the match proves the same values as without
/// the trouble. Forced here on the first solve only, by the test-only
/// fault injection, on the Fill relaxation (an LP) and on every MIP of
/// the Quality level (its search over the working set among them; its
/// rounding, a shortcut, is given up instead).
#[test]
fn a_solve_highs_cannot_settle_is_solved_again_another_way() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    assert!(run_match(&sample(), &plain, &["-q"]).status.success());
    for (label, note) in [
        (
            "fill LP",
            "fill LP: HiGHS could not settle it (status Unknown), \
             so it was solved again with the primal simplex",
        ),
        (
            "quality level",
            "quality level over its working set: HiGHS could not settle it (status Unknown), \
             so it was solved again with presolve switched and another random seed",
        ),
    ] {
        let out = dir.path().join(label.replace(' ', "_"));
        let run = match_with_fault("MISSIONMATCH_TEST_UNKNOWN_ONCE", label, &out);
        let stderr = text(&run.stderr);
        assert!(run.status.success(), "{label}: {stderr}");
        assert!(stderr.contains(note), "{label}: {stderr}");
        proves_the_same_values(&plain, &out, label);
    }
}

/// A proof too large for memory is not attempted: the level stops
/// `unproven` with the best plan found and its gap, the later levels are
/// not optimized, every output is written and the exit code is 3. Forced
/// on the sample by the test-only hook that lowers the cap on a proof
/// MIP's non-zeros (in a release build 50 million).
#[test]
fn a_proof_beyond_the_memory_budget_is_not_attempted() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    assert!(run_match(&sample(), &plain, &["-q"]).status.success());
    let out = dir.path().join("capped");
    let run = match_with_fault("MISSIONMATCH_TEST_PROOF_NONZEROS", "1", &out);
    let stdout = text(&run.stdout);
    assert_eq!(run.status.code(), Some(3), "{stdout}{}", text(&run.stderr));
    assert!(
        stdout.contains("NOT PROVEN in the quality level: the proof would need a model over"),
        "{stdout}"
    );
    assert!(
        stdout.contains("eligible pairs, beyond the memory budget"),
        "{stdout}"
    );
    let (a, b) = (
        read_json(&plain.join("summary.json")),
        read_json(&out.join("summary.json")),
    );
    assert_eq!(b["status"], "unproven");
    assert_eq!(b["levels"]["quality"]["status"], "unproven");
    for level in ["fill", "balance"] {
        assert_eq!(b["levels"][level]["status"], "optimal", "{level}");
        assert_eq!(a["levels"][level]["value"], b["levels"][level]["value"]);
    }
    let quality = |s: &serde_json::Value| s["levels"]["quality"]["value"].as_f64().unwrap();
    assert!(
        quality(&b) <= quality(&a),
        "no plan beats the proven optimum"
    );
    verify_ok(&sample(), &out.join("assignments.csv"));
}

/// The check itself: a hand-made plan over a limit is rejected with the
/// family's name; the engine's plan passes.
#[test]
fn the_pipeline_rejects_a_plan_over_a_limit() {
    use missionmatch::{io, pipeline, solve::SolveOptions, Error};
    let paths = io::InputPaths::in_dir(&sample());
    let matched = pipeline::match_files(
        &paths,
        &io::LoadOptions::default(),
        &SolveOptions::default(),
    )
    .unwrap();
    let inst = &matched.loaded.instance;
    pipeline::check(inst, &matched.solution).unwrap();
    let mut bad = matched.solution.clone();
    let (o, _) = bad.plan.assignments[0];
    let elsewhere = matched
        .pairs
        .iter()
        .find(|&&(o2, p2)| o2 == o && !bad.plan.assignments.contains(&(o, p2)))
        .copied()
        .expect("the officer is eligible for a second position");
    bad.plan.assignments.push(elsewhere);
    match pipeline::check(inst, &bad) {
        Err(Error::PlanRejected(violations)) => {
            let names: Vec<&str> = violations.iter().map(|v| v.name).collect();
            assert!(names.contains(&"one_position_per_officer"), "{names:?}");
        }
        other => panic!("expected PlanRejected, got {other:?}"),
    }
}

/// A seat left empty because the officer's service has released all it
/// can: the letter says so (not "outscored"), and does not offer the
/// officer a standby place they cannot take.
/// A letter naming a service counted day by day names the days it had
/// none to spare within the tour, not the whole tour (the sample's Surrey
/// RCMP, with its rotations, is full from May to October and from
/// December on), in English and in French.
#[test]
fn a_letter_names_the_days_a_service_had_none_to_spare() {
    let tmp = tempfile::tempdir().unwrap();
    let en = tmp.path().join("en");
    let fr = tmp.path().join("fr");
    for (out, lang) in [(&en, "en"), (&fr, "fr")] {
        let args = ["--lang", lang, "--rotations-until", "2028-06-30"];
        let o = run_letters(&sample(), out, &args);
        assert!(o.status.success(), "{}", text(&o.stderr));
    }
    let letter = read(&en.join("CPA-0135.html"));
    assert!(
        letter.contains("your service, Surrey RCMP (municipal contract), had already released every officer it could spare from May 1, 2027 to October 31, 2027 and from December 1, 2027 to March 31, 2028, within that tour."),
        "{letter}"
    );
    let lettre = read(&fr.join("CPA-0135.html"));
    assert!(
        lettre.contains("avait déjà libéré tous les policiers dont il pouvait se passer du 1er mai 2027 au 31 octobre 2027 et du 1er décembre 2027 au 31 mars 2028, pendant cette période"),
        "{lettre}"
    );
}

/// The mail-merge file takes `--delimiter` and `--bom`, as the plan's
/// files do, so a spreadsheet shows its accented names.
#[test]
fn letters_csv_takes_the_delimiter_and_the_bom() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("letters");
    let o = run_letters(&sample(), &out, &["--delimiter", ";", "--bom"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let bytes = std::fs::read(out.join("letters.csv")).unwrap();
    assert!(bytes.starts_with("\u{feff}officer_id;name;service_id;".as_bytes()));
}

#[test]
fn a_letter_names_the_limit_that_leaves_a_seat_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let data = data_folder(
        tmp.path(),
        &[
            ("services.csv", "service_id,name,province,sworn_officers,max_deployed,deployed_now\nA,Alpha Police,ON,100,1,0\n"),
            ("missions.csv", "mission_id,name,country,organization,start,months,min_women_share,language,min_language_share,max_per_service\nHTI,Haiti Mission,Haiti,UN,2027-01-15,6,,,,\n"),
            ("positions.csv", "mission_id,role,count,min_rank,min_years,languages,skills,leadership,priority\nHTI,trainer,1,,,,,no,1\nHTI,mentor,1,,,,,no,1\n"),
            ("officers.csv", "officer_id,name,service_id,gender,rank,years_service,board_score\nA1,Ann One,A,F,sergeant,10,90\nA2,Bob Two,A,M,sergeant,9,80\n"),
        ],
    );
    let letters = tmp.path().join("letters");
    let out = run_letters(&data, &letters, &["-q", "--lang", "en"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let merge = csv_rows(&read(&letters.join("letters.csv")));
    let left = merge
        .iter()
        .find(|r| r["outcome"] == "not_selected")
        .unwrap();
    let chosen = merge.iter().find(|r| r["outcome"] == "selected").unwrap();
    let empty_seat = if chosen["role"] == "trainer" {
        "HTI/mentor"
    } else {
        "HTI/trainer"
    };
    assert!(
        left["decision"].contains(&format!(
            "{empty_seat}: the seat stays empty: your service, Alpha Police, had already released every officer it could spare during that tour"
        )),
        "{}",
        left["decision"]
    );
    assert!(!left["standby"].contains(empty_seat), "{}", left["standby"]);
    let page = read(&letters.join(&left["letter"]));
    // Every position the officer was eligible for has its reason: the
    // empty seat's limit, and for the other, the officer chosen there.
    assert!(page.contains("the seat stays empty"), "{page}");
    assert!(
        page.contains("For the other position, the officer chosen scored at least as high as you."),
        "{page}"
    );
}

/// More empty seats than a letter lists one by one: the rest are counted,
/// so that the positions named, counted and outscored add up to the
/// positions the officer was eligible for.
#[test]
fn a_letter_counts_the_empty_seats_it_does_not_list() {
    let tmp = tempfile::tempdir().unwrap();
    let roles: String = (1..=9)
        .map(|i| format!("HTI,role{i},1,,,,,no,1\n"))
        .collect();
    let positions = format!(
        "mission_id,role,count,min_rank,min_years,languages,skills,leadership,priority\n{roles}"
    );
    let data = data_folder(
        tmp.path(),
        &[
            ("services.csv", "service_id,name,province,sworn_officers,max_deployed,deployed_now\nA,Alpha Police,ON,100,1,0\n"),
            ("missions.csv", "mission_id,name,country,organization,start,months,min_women_share,language,min_language_share,max_per_service\nHTI,Haiti Mission,Haiti,UN,2027-01-15,6,,,,\n"),
            ("positions.csv", &positions),
            ("officers.csv", "officer_id,name,service_id,gender,rank,years_service,board_score\nA1,Ann One,A,F,sergeant,10,90\nA2,Bob Two,A,M,sergeant,9,80\n"),
        ],
    );
    let letters = tmp.path().join("letters");
    let out = run_letters(&data, &letters, &["-q", "--lang", "en"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let page = read(&letters.join("A2.html"));
    assert!(
        page.contains("You were eligible for 9 positions."),
        "{page}"
    );
    assert_eq!(page.matches("the seat stays empty").count(), 6, "{page}");
    assert!(page.contains("… and 2 more positions."), "{page}");
    assert!(
        page.contains("For the other position, the officer chosen scored at least as high as you."),
        "{page}"
    );
}

/// A letter gives a reason for every position the officer was eligible
/// for: the cases one by one (a swap that would leave the mission short of
/// its target for women names that target), then the others in one line.
#[test]
fn a_letter_accounts_for_every_eligible_position() {
    let tmp = tempfile::tempdir().unwrap();
    let data = full_sample_copy(tmp.path());
    let letters = tmp.path().join("letters");
    let out = run_letters(&data, &letters, &["-q", "--lang", "en"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let page = read(&letters.join("CPA-0004.html"));
    assert!(
        page.contains("You were eligible for 8 positions."),
        "{page}"
    );
    assert_eq!(
        page.matches("in the place of the officer chosen, you would have left the mission further from its target for women")
            .count(),
        2,
        "{page}"
    );
    assert!(
        page.contains("the officer chosen scored 100 for this mission"),
        "{page}"
    );
    assert!(
        page.contains(
            "For the other 5 positions, the officers chosen scored at least as high as you."
        ),
        "{page}"
    );
}

/// Workbooks made by hand: a table that starts lower and to the right
/// (a title above it), a workbook per file whose only sheet has another
/// name, an Excel date cell; and a sheet spanning millions of cells is
/// refused with a message, not read.
#[test]
fn hand_made_workbooks_read_as_their_tables() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let tmp = tempfile::tempdir().unwrap();
    let data = sample_copy(tmp.path());
    let out_dir = tmp.path().join("csv");
    assert!(run_match(&data, &out_dir, &["-q"]).status.success());
    let want = read(&out_dir.join("assignments.csv"));
    // missions.xlsx as a person makes it: one sheet "Feuil1", the table
    // from B3, start dates as date cells, a title in A1 if `title`.
    let missions = read(&data.join("missions.csv"));
    let write_missions = |title: bool| {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("Feuil1").unwrap();
        if title {
            sheet.write_string(0, 0, "Missions 2027").unwrap();
        }
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(missions.as_bytes());
        for (r, record) in reader.records().enumerate() {
            for (c, cell) in record.unwrap().iter().enumerate() {
                let (r, c) = (r as u32 + 2, c as u16 + 1);
                match missionmatch::model::Date::parse(cell) {
                    Some(d) if cell.len() == 10 => {
                        let (y, m, day) = d.ymd();
                        let x = ExcelDateTime::from_ymd(y as u16, m as u8, day as u8).unwrap();
                        sheet.write_datetime_with_format(r, c, &x, &date).unwrap();
                    }
                    _ => {
                        sheet.write_string(r, c, cell).unwrap();
                    }
                }
            }
        }
        std::fs::write(data.join("missions.xlsx"), book.save_to_buffer().unwrap()).unwrap();
    };
    write_missions(true);
    std::fs::remove_file(data.join("missions.csv")).unwrap();
    let run = run_match(&data, &tmp.path().join("xlsx"), &["-q"]);
    // The title row is not the header: the header is the table's first row.
    assert_eq!(run.status.code(), Some(2), "{}", text(&run.stderr));
    // Without the title, the table read from B3 gives the CSV plan.
    write_missions(false);
    let run = run_match(&data, &tmp.path().join("xlsx2"), &["-q"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert_eq!(read(&tmp.path().join("xlsx2/assignments.csv")), want);
    // A stray cell far away: refused, named.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "service_id").unwrap();
    sheet.write_string(200_000, 1_000, "x").unwrap();
    std::fs::write(data.join("services.xlsx"), book.save_to_buffer().unwrap()).unwrap();
    std::fs::remove_file(data.join("services.csv")).unwrap();
    let run = run_match(&data, &tmp.path().join("far"), &["-q"]);
    assert_eq!(run.status.code(), Some(2));
    assert_says(
        &run.stderr,
        "services.xlsx[services]: sheet Sheet1 spans 200001 rows and 1001 columns",
    );
    // A workbook's only sheet, named otherwise than the file: messages and
    // the audit trail name it as the workbook does.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, cell) in ["service_id", "name", "sworn_officers"].iter().enumerate() {
        sheet.write_string(0, c as u16, *cell).unwrap();
    }
    for (c, cell) in ["TPS", "Toronto", "many"].iter().enumerate() {
        sheet.write_string(1, c as u16, *cell).unwrap();
    }
    std::fs::write(data.join("services.xlsx"), book.save_to_buffer().unwrap()).unwrap();
    let run = run_match(&data, &tmp.path().join("sheet1"), &["-q"]);
    assert_eq!(run.status.code(), Some(2));
    assert_says(
        &run.stderr,
        "services.xlsx[Sheet1]:2:3 (sworn_officers): 'many': expected a whole number",
    );
}

/// The letters folder is replaced whole: a letter of an earlier run does
/// not stay beside the new ones; a folder that is not a letters folder is
/// refused, untouched.
#[test]
fn letters_replace_their_folder_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let data = small_copy(tmp.path(), str::to_string);
    let letters = tmp.path().join("letters");
    let run = |out: &Path| {
        bin()
            .args(["letters", "-q", "--data", arg(&data), "--out", arg(out)])
            .output()
            .unwrap()
    };
    assert!(run(&letters).status.success());
    assert!(letters.join("B3.html").exists());
    let officers = read(&data.join("officers.csv"));
    let without_b3: String = officers
        .lines()
        .filter(|l| !l.starts_with("B3,"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(data.join("officers.csv"), without_b3).unwrap();
    assert!(run(&letters).status.success());
    assert!(!letters.join("B3.html").exists(), "a stale letter stayed");
    assert!(letters.join("A1.html").exists());
    let foreign = tmp.path().join("notes");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("mine.txt"), "keep").unwrap();
    let out = run(&foreign);
    // A refused output folder is an output not written: exit 1, as match.
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("holds files that are not letters of an earlier run"));
    assert_eq!(read(&foreign.join("mine.txt")), "keep");
    // A file the board keeps beside the letters is not deleted: the run
    // is refused and names it.
    std::fs::write(letters.join("sent-log.txt"), "sent on Monday").unwrap();
    let out = run(&letters);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_says(&out.stderr, "sent-log.txt");
    assert_eq!(read(&letters.join("sent-log.txt")), "sent on Monday");
    assert!(letters.join("A1.html").exists());
    // Nor is a file where the folder would go.
    let file = tmp.path().join("board-notes.txt");
    std::fs::write(&file, "notes").unwrap();
    let out = run(&file);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_says(&out.stderr, "is a file");
    assert_eq!(read(&file), "notes");
}

/// `generate` never writes over a data folder: an existing folder must be
/// empty, and a file in the way is refused; both are left as they were.
#[test]
fn generate_writes_only_into_a_new_or_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let data = sample_copy(tmp.path());
    let before = read(&data.join("officers.csv"));
    let run = |out: &Path| {
        bin()
            .args([
                "generate",
                "-q",
                "--preset",
                "S",
                "--seed",
                "12",
                "--out",
                arg(out),
            ])
            .output()
            .unwrap()
    };
    // Refused as any output place is (exit 1).
    let out = run(&data);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_says(
        &out.stderr,
        "generate writes only into a new or empty folder",
    );
    assert_eq!(read(&data.join("officers.csv")), before);
    let file = tmp.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    assert_eq!(run(&file).status.code(), Some(1));
    assert_eq!(read(&file), "x");
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert!(run(&empty).status.success());
    assert!(empty.join("officers.csv").exists());
    let fresh = tmp.path().join("new");
    assert!(run(&fresh).status.success());
}

/// `match --lang fr` (or a French locale) prints the summary in French,
/// with French numbers and dates; files keep their column names.
#[test]
fn the_match_summary_speaks_french_when_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let data = sample_copy(tmp.path());
    let out = run_match(&data, &tmp.path().join("fr"), &["--lang", "fr"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let fr = text(&out.stdout);
    for want in [
        "Places pourvues\u{a0}: 101 sur 103 (400 policiers, 8 missions, 37 postes,",
        "  mission  pourvues  femmes",
        "cible 30\u{a0}% atteinte",
        "Services à leur limite\u{a0}: ",
        "Niveaux\u{a0}: remplissage 125, équilibre 0, qualité ",
        "Solveur\u{a0}: optimal (chaque niveau prouvé) en ",
        "Fichiers écrits dans ",
    ] {
        assert!(fr.contains(want), "{want}\n{fr}");
    }
    let english = read(&tmp.path().join("fr/assignments.csv"));
    assert!(english.starts_with("officer_id,name,service_id,mission_id,role,"));
    // The locale chooses when --lang does not.
    let out = bin()
        .env("LANG", "fr_CA.UTF-8")
        .args([
            "match",
            "--data",
            arg(&data),
            "--out",
            arg(&tmp.path().join("locale")),
        ])
        .output()
        .unwrap();
    assert!(text(&out.stdout).starts_with("Places pourvues\u{a0}: "));
    let out = run_match(&data, &tmp.path().join("en"), &[]);
    assert!(text(&out.stdout).starts_with("Seats filled: 101 of 103"));
}

/// The sample without scores.csv (whose rows would name officers or
/// positions a test removes), matched once: (data, the match's folder).
fn sample_matched(dir: &Path) -> (PathBuf, PathBuf) {
    let data = sample_copy(dir);
    std::fs::remove_file(data.join("scores.csv")).unwrap();
    let first = dir.join("first");
    assert!(run_match(&data, &first, &[]).status.success());
    (data, first)
}

/// Rewrites a file line by line: `edit` gives the new line, or `None` to
/// drop it.
fn edit_lines(path: &Path, edit: impl Fn(&str) -> Option<String>) {
    let lines: Vec<String> = read(path).lines().filter_map(edit).collect();
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

/// changes.csv of a re-plan in `out`, after checking that it has a row for
/// every change summary.json counts.
fn changes_matching_counts(out: &Path) -> Vec<BTreeMap<String, String>> {
    let changes = csv_rows(&read(&out.join("changes.csv")));
    let summary = read_json(&out.join("summary.json"));
    let count = |k: &str| summary["changes"][k].as_u64().unwrap() as usize;
    let rows_of = |k: &str| changes.iter().filter(|r| r["change"] == k).count();
    assert_eq!(
        (count("moved"), count("added"), count("dropped")),
        (rows_of("moved"), rows_of("added"), rows_of("dropped")),
        "{changes:?}"
    );
    changes
}

/// A position removed from positions.csv after the plan was announced
/// (UNMISS's team leader, replaced by `team_leader_b`, the same seat
/// under another name, for which its holder qualifies): the holder,
/// placed elsewhere by the re-plan, has moved (one row, from the position
/// gone, with why), not been dropped and added.
#[test]
fn replan_after_a_position_is_removed_moves_its_holder() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, first) = sample_matched(tmp.path());
    let positions = data.join("positions.csv");
    let before = read(&positions).lines().count();
    edit_lines(&positions, |l| {
        Some(l.replace("UNMISS,team_leader,", "UNMISS,team_leader_b,"))
    });
    let after = read(&positions);
    assert_eq!(after.lines().count(), before);
    assert!(after.contains("\nUNMISS,team_leader_b,1,"));
    let second = tmp.path().join("second");
    let previous_plan = first.join("assignments.csv");
    run_match_previous(&data, &previous_plan, &second);
    let holder = csv_rows(&read(&previous_plan))
        .into_iter()
        .find(|r| r["mission_id"] == "UNMISS" && r["role"] == "team_leader")
        .unwrap()["officer_id"]
        .clone();
    let now = csv_rows(&read(&second.join("assignments.csv")))
        .into_iter()
        .find(|r| r["officer_id"] == holder)
        .map(|r| format!("{}/{}", r["mission_id"], r["role"]))
        .expect("the holder is placed elsewhere");
    let rows = changes_matching_counts(&second);
    let theirs: Vec<_> = rows.iter().filter(|r| r["officer_id"] == holder).collect();
    assert_eq!(theirs.len(), 1, "{rows:?}");
    let r = theirs[0];
    assert_eq!(
        (r["from"].as_str(), r["to"].as_str(), r["change"].as_str()),
        ("UNMISS/team_leader", now.as_str(), "moved")
    );
    assert!(r["reason"].starts_with("gone from the files: "), "{r:?}");
    let c = &read_json(&second.join("summary.json"))["changes"];
    let count = |k: &str| c[k].as_u64().unwrap() as usize;
    let previous = read(&previous_plan).lines().count() - 1;
    assert_eq!(count("kept") + count("moved") + count("dropped"), previous);
}

/// The same position removed with no seat for its holder elsewhere: they
/// are dropped, named, with their service (they are still in the files).
/// The holder, CPA-0238, is one of UNMISS's women: to keep its women
/// target, a woman of DRPS takes a man's seat in UNMISS (DRPS releases no
/// more), and changes.csv says it is for Balance.
#[test]
fn replan_after_a_position_is_removed_names_its_dropped_holder() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, first) = sample_matched(tmp.path());
    edit_lines(&data.join("positions.csv"), |l| {
        (!l.starts_with("UNMISS,team_leader,")).then(|| l.to_string())
    });
    let second = tmp.path().join("second");
    run_match_previous(&data, &first.join("assignments.csv"), &second);
    assert_eq!(
        read(&second.join("changes.csv")),
        "officer_id,name,service_id,from,to,change,reason\n\
         CPA-0010,Hamza Ekwueme,DRPS,UNMISS/investigator,,dropped,needed to keep Fill and Balance at their optima (no plan there keeps more of the previous plan)\n\
         CPA-0238,Amélie Grewal,OPS,UNMISS/team_leader,,dropped,gone from the files: no position UNMISS/team_leader in positions.csv\n\
         CPA-0361,Inès Ekwueme,DRPS,,UNMISS/investigator,added,fills the seat of UNMISS/investigator left by CPA-0010\n"
    );
}

/// Officers the previous plan can no longer hold are dropped naming the
/// limit that cannot hold them: a service releasing none now, a position
/// cut to one seat, pins taking seats and a service's last place. No
/// plan at all keeps them, so the reason is not Fill and Balance.
#[test]
fn replan_names_the_limit_the_previous_plan_breaks_now() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, first) = sample_matched(tmp.path());
    let previous_plan = first.join("assignments.csv");
    let reason = |folder: &std::path::Path, officer: &str| {
        let rows = changes_matching_counts(folder);
        let row = rows.iter().find(|r| r["officer_id"] == officer);
        row.unwrap_or_else(|| panic!("{officer} not in {rows:?}"))["reason"].clone()
    };
    // DRPS releases nobody now: its four officers are dropped.
    edit_lines(&data.join("services.csv"), |l| {
        Some(l.replace(
            "DRPS,Durham Regional Police Service,,ON,915,4,",
            "DRPS,Durham Regional Police Service,,ON,915,0,",
        ))
    });
    let second = tmp.path().join("second");
    run_match_previous(&data, &previous_plan, &second);
    for officer in ["CPA-0010", "CPA-0310", "CPA-0327"] {
        assert_eq!(
            reason(&second, officer),
            "the previous plan no longer fits the files: DRPS can have 0 officers away at once now, and the previous plan had 4 away from 2027-04-01 to 2028-01-31 (those already away included)"
        );
    }
    assert_eq!(
        reason(&second, "CPA-0367"),
        "the previous plan no longer fits the files: DRPS can have 0 officers away at once now, and the previous plan had 1 away from 2027-02-01 to 2027-03-31 (those already away included)"
    );
    // Two pins take seats held in the previous plan, and one of them an
    // SPS officer's place.
    let (data, _) = sample_matched(&tmp.path().join("pins"));
    std::fs::write(
        data.join("pins.csv"),
        "officer_id,mission_id,role,reason\n\
         CPA-0001,UNFICYP,team_leader,requested by the mission\n\
         CPA-0034,UNMISS,team_leader,board decision\n",
    )
    .unwrap();
    let third = tmp.path().join("third");
    run_match_previous(&data, &previous_plan, &third);
    assert_eq!(
        reason(&third, "CPA-0238"),
        "the previous plan no longer fits the files: UNMISS/team_leader has 1 seat now, and the previous plan with the pins placed 2 officers there"
    );
    assert_eq!(
        reason(&third, "CPA-0398"),
        "the previous plan no longer fits the files: UNFICYP/team_leader has 1 seat now, and the previous plan with the pins placed 2 officers there"
    );
    assert_eq!(
        reason(&third, "CPA-0265"),
        "the previous plan no longer fits the files: SPS can have 2 officers away at once now, and the previous plan with the pins had 3 away from 2027-05-01 to 2027-10-31 (those already away included)"
    );
}

/// A previous plan with odd rows: an officer listed at a position that
/// still exists and at one removed (the removed one is dropped), and an
/// officer listed only at two removed positions and placed now (moved from
/// the first, dropped from the second). changes.csv holds a row for every
/// change the summary counts.
#[test]
fn changes_csv_rows_match_the_counts_with_odd_previous_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, first) = sample_matched(tmp.path());
    let previous = first.join("assignments.csv");
    let rows = csv_rows(&read(&previous));
    let (a, b) = (rows[0]["officer_id"].clone(), rows[1]["officer_id"].clone());
    // b is listed only at two positions that do not exist.
    edit_lines(&previous, |l| {
        (!l.starts_with(&format!("{b},"))).then(|| l.to_string())
    });
    let mut text = read(&previous);
    text += &format!("{a},,,BINUH,ghost_role\n{b},,,BINUH,ghost_one\n{b},,,BINUH,ghost_two\n");
    std::fs::write(&previous, text).unwrap();
    let second = tmp.path().join("second");
    run_match_previous(&data, &previous, &second);
    let changes = changes_matching_counts(&second);
    let find = |id: &str, from: &str| {
        changes
            .iter()
            .find(|r| r["officer_id"] == id && r["from"] == from)
            .map(|r| r["change"].clone())
    };
    assert_eq!(find(&a, "BINUH/ghost_role").as_deref(), Some("dropped"));
    assert_eq!(find(&b, "BINUH/ghost_two").as_deref(), Some("dropped"));
    // b is placed again (the plan is as before but for them): moved from
    // the first gone position.
    assert_eq!(find(&b, "BINUH/ghost_one").as_deref(), Some("moved"));
}

/// A service whose officers already away fill its limit releases nobody:
/// it is not listed at capacity (in the summary or in service_summary.csv),
/// its officers' call-ups keep the limit that blocks them, with no cost
/// (no plan places them), and one more released officer is valued at every
/// level. Over its limit even with one more, it gains nothing, and the
/// summary says why.
#[test]
fn a_service_that_releases_nobody_is_valued_and_its_officers_stay_blocked() {
    for (now, footer) in [
        ("2", "One more released officer: A +0 seats, shortfall −1, quality +35"),
        (
            "3",
            "One more released officer: A +0 (officers already away fill even one more: it still has no room)",
        ),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let data = small_copy(tmp.path(), |t| {
            t.replace("A,Alpha Police,ON,100,2,1", &format!("A,Alpha Police,ON,100,2,{now}"))
        });
        let out_dir = tmp.path().join("out");
        let out = run_match(
            &data,
            &out_dir,
            &["--alternates-cost", "--capacity-value"],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(stdout.contains(footer), "{stdout}");
        assert!(!stdout.contains("Services at capacity: A"), "{stdout}");
        // The match's solve, and beside it the whole command with its re-solves.
        let solver = stdout.lines().find(|l| l.starts_with("Solver: ")).unwrap();
        assert!(
            solver.starts_with("Solver: optimal (every level proven) in ")
                && solver.ends_with(" s for the whole run, with the re-solves asked for)"),
            "{solver}"
        );
        let services = csv_rows(&read(&out_dir.join("service_summary.csv")));
        let a = services.iter().find(|s| s["service_id"] == "A").unwrap();
        let gained = if now == "2" { ("0", "1", "35") } else { ("0", "0", "0") };
        assert_eq!(
            (
                a["at_capacity"].as_str(),
                a["one_more_seats"].as_str(),
                a["one_more_fill"].as_str(),
                a["one_more_shortfall_removed"].as_str(),
                a["one_more_quality"].as_str(),
                a["one_more_proven"].as_str(),
            ),
            ("no", "0", gained.0, gained.1, gained.2, "yes"),
            "{a:?}"
        );
        let rows = csv_rows(&read(&out_dir.join("alternates.csv")));
        let blocked: Vec<_> = rows.iter().filter(|r| r["service_id"] == "A").collect();
        assert_eq!(blocked.len(), 2, "{rows:?}");
        for r in blocked {
            assert_eq!(r["call_up_costs"], "blocked");
            assert_eq!(
                r["call_up_note"],
                format!("blocked: service_capacity: A releases nobody ({now} already away, limit 2)")
            );
            for column in ["seats_lost", "quality_cost", "moves", "cost_proven"] {
                assert_eq!(r[column], "", "{r:?}");
            }
        }
    }
}

/// A service whose officers away by deployments.csv fill its limit on
/// every day its tours cover releases nobody, as one whose `deployed_now`
/// does: not listed at capacity; with room left that the plan takes, it is.
#[test]
fn a_service_away_through_every_tour_is_not_at_capacity() {
    for (away, listed) in [(2, false), (1, true)] {
        let tmp = tempfile::tempdir().unwrap();
        let data = small_copy(tmp.path(), |t| {
            t.replace("A,Alpha Police,ON,100,2,1", "A,Alpha Police,ON,100,2,")
        });
        let rows: String = (1..=away)
            .map(|i| format!("A,X{i},MINUSCA,adviser,,2030-12-31\n"))
            .collect();
        std::fs::write(
            data.join("deployments.csv"),
            format!("service_id,officer_id,mission_id,role,start,until\n{rows}"),
        )
        .unwrap();
        let out_dir = tmp.path().join("out");
        let out = run_match(&data, &out_dir, &[]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert_eq!(
            stdout.contains("Services at capacity: A"),
            listed,
            "{away}: {stdout}"
        );
        let services = csv_rows(&read(&out_dir.join("service_summary.csv")));
        let a = services.iter().find(|s| s["service_id"] == "A").unwrap();
        let want = if listed { "yes" } else { "no" };
        assert_eq!(a["at_capacity"], want, "{away}: {a:?}");
        assert_eq!(a["peak_away"], "2", "{away}: {a:?}");
    }
}

/// A service whose officers already away leave no room on a day within
/// every tour releases nobody, though some check day has room: not listed
/// at capacity. Without the second officer away, the second tour fits and
/// the plan's officer fills the service's limit: listed.
#[test]
fn a_service_no_tour_fits_is_not_at_capacity() {
    for (second_away, listed) in [(true, false), (false, true)] {
        let tmp = tempfile::tempdir().unwrap();
        let away = if second_away {
            "S0,X,,2027-01-15\nS0,Y,2027-12-01,2028-01-31\n"
        } else {
            "S0,X,,2027-01-15\n"
        };
        let data = data_folder(
            tmp.path(),
            &[
                (
                    "services.csv",
                    "service_id,name,sworn_officers,max_deployed\nS0,Service S0,100,1\n",
                ),
                (
                    "missions.csv",
                    "mission_id,name,start,months\nM0,Mission M0,2027-01-01,12\n",
                ),
                (
                    "officers.csv",
                    "officer_id,name,service_id,gender,rank,years_service\nO1,Officer 1,S0,F,constable,5\n",
                ),
                (
                    "positions.csv",
                    "mission_id,role,count,start,months\nM0,p1,1,2027-01-01,6\nM0,p2,1,2027-06-01,7\n",
                ),
                (
                    "deployments.csv",
                    &format!("service_id,officer_id,start,until\n{away}"),
                ),
            ],
        );
        let out_dir = tmp.path().join("out");
        let out = run_match(&data, &out_dir, &[]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        let services = csv_rows(&read(&out_dir.join("service_summary.csv")));
        let want = if listed { "yes" } else { "no" };
        assert_eq!(services[0]["at_capacity"], want, "{stdout}");
        assert_eq!(
            stdout.contains("Services at capacity: none"),
            !listed,
            "{stdout}"
        );
        assert_eq!(services[0]["assigned"], if listed { "1" } else { "0" });
    }
}

/// Two officers added to one position, one in the seat an officer left and
/// one in a seat the previous plan left empty: changes.csv gives each its
/// own seat, not both the same one.
#[test]
fn each_officer_added_takes_one_seat_in_changes() {
    let tmp = tempfile::tempdir().unwrap();
    // B1 loses the skill HTI/trainer requires; the previous plan placed
    // B1 alone in its two seats.
    let data = small_copy(tmp.path(), |t| {
        t.replace(
            "B1,Dario Quesnel,B,M,staff sergeant,12,fr:B2,training,",
            "B1,Dario Quesnel,B,M,staff sergeant,12,fr:B2,,",
        )
    });
    let previous = tmp.path().join("previous.csv");
    std::fs::write(&previous, "officer_id,mission_id,role\nB1,HTI,trainer\n").unwrap();
    let out_dir = tmp.path().join("out");
    let out = run_match(&data, &out_dir, &["-q", "--previous", arg(&previous)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        read(&out_dir.join("changes.csv")),
        "officer_id,name,service_id,from,to,change,reason\n\
         A1,Amélie Fontaine,A,,HTI/trainer,added,fills the seat of HTI/trainer left by B1\n\
         B1,Dario Quesnel,B,HTI/trainer,,dropped,no longer eligible for HTI/trainer: skills: missing skill training\n\
         B3,Farid Sauvé,B,,HTI/trainer,added,fills a seat of HTI/trainer the previous plan did not fill\n"
    );
}

/// A previous plan is read as a plan the engine made: a repeated row once,
/// with a warning; an officer in two seats is an error naming both lines
/// (read as two, the re-plan's counts no longer added up and changes.csv
/// lost a seat). The file's SHA-256 is recorded.
#[test]
fn a_previous_plan_with_an_officer_twice_is_refused_and_a_repeat_read_once() {
    let tmp = tempfile::tempdir().unwrap();
    let data = small_copy(tmp.path(), |t| t.to_string());
    let plan = |name: &str, text: &str| {
        let path = tmp.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let twice = plan(
        "twice.csv",
        "officer_id,mission_id,role\nB1,HTI,trainer\nB1,HTI,trainer\n",
    );
    let out_dir = tmp.path().join("out");
    let out = run_match(&data, &out_dir, &["--previous", arg(&twice)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "twice.csv: line 3 repeats line 2 (the same officer in the same seat): read once"
        ),
        "{err}"
    );
    let summary = read_json(&out_dir.join("summary.json"));
    assert_eq!(
        summary["options"]["previous_sha256"]
            .as_str()
            .unwrap()
            .len(),
        64,
        "{summary}"
    );
    assert_eq!(summary["changes"]["kept"].as_u64(), Some(1), "{summary}");
    let two_seats = plan(
        "two_seats.csv",
        "officer_id,mission_id,role\nB1,HTI,trainer\nB1,UNM,investigator\n",
    );
    let out = run(&[
        "match",
        "--data",
        arg(&data),
        "--out",
        arg(&tmp.path().join("out2")),
        "--previous",
        arg(&two_seats),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("two_seats.csv:3:1 (officer_id): 'B1': officer B1 is placed twice: line 2 places them in HTI/trainer, this line in UNM/investigator (one position per officer): keep one of the two rows"),
        "{err}"
    );
}

/// Re-planned with another --overlap-days, or without --rotations-until,
/// the successor seats of the previous plan are renamed or gone: match
/// warns, naming the options the previous plan's summary.json records.
#[test]
fn a_re_plan_with_other_rotation_options_warns() {
    let tmp = tempfile::tempdir().unwrap();
    let data = full_sample_copy(tmp.path());
    let first = tmp.path().join("first");
    let out = run_match(&data, &first, &["-q", "--rotations-until", "2028-06-30"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let previous = first.join("assignments.csv");
    let again = |extra: &[&str]| {
        let mut args = vec!["--previous", arg(&previous)];
        args.extend_from_slice(extra);
        let out = run_match(&data, &tmp.path().join("again"), &args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stderr)
    };
    let err = again(&["--rotations-until", "2028-06-30", "--overlap-days", "30"]);
    assert!(
        err.contains("the previous plan was made with --overlap-days 14 (")
            && err.contains("this run with 30: successor seats are named by their first day"),
        "{err}"
    );
    let err = again(&[]);
    assert!(
        err.contains("the previous plan was made with --rotations-until 2028-06-30 (")
            && err.contains("this run plans no successor seats, so their officers are dropped"),
        "{err}"
    );
    let err = again(&["--rotations-until", "2028-06-30"]);
    assert!(!err.contains("the previous plan was made"), "{err}");
}

/// Re-planned to a shorter rotation horizon, an officer on a seat past it
/// leaves it (dropped, or placed elsewhere) because the seat now starts
/// after the horizon, and changes.csv says so (not that the seats start on
/// other days).
#[test]
fn a_seat_past_a_shorter_horizon_is_dropped_with_the_horizon_named() {
    let tmp = tempfile::tempdir().unwrap();
    let data = full_sample_copy(tmp.path());
    let longer = tmp.path().join("longer");
    let out = run_match(&data, &longer, &["-q", "--rotations-until", "2028-06-30"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shorter = tmp.path().join("shorter");
    let previous = longer.join("assignments.csv");
    let out = run_match(
        &data,
        &shorter,
        &[
            "-q",
            "--rotations-until",
            "2027-10-31",
            "--previous",
            arg(&previous),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows = csv_rows(&read(&shorter.join("changes.csv")));
    let past: Vec<_> = rows
        .iter()
        .filter(|r| {
            r["from"]
                .split_once('@')
                .is_some_and(|(_, d)| d > "2027-10-31")
        })
        .collect();
    assert!(!past.is_empty(), "{rows:?}");
    for r in past {
        assert!(
            ["dropped", "moved"].contains(&r["change"].as_str()),
            "{r:?}"
        );
        assert_eq!(
            r["reason"],
            format!(
                "gone from the files: no seat {} now: it would start after the rotations' horizon 2027-10-31",
                r["from"]
            )
        );
    }
}

/// HiGHS's presolve can fail outright on a MIP of the fast path (seen
/// when forcing CPA-0369 into MONUSCO/community_policing_advisor with the
/// sample's rotations: the rounding MIP ended in "Solve error"); the MIP
/// is then solved again without presolve, and the match proves the same
/// values. Forced here by the test-only fault injection on the rounding
/// MIP, which the sample's Quality level meets.
#[test]
fn a_mip_highs_presolve_fails_on_is_solved_again() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    assert!(run_match(&sample(), &plain, &["-q"]).status.success());
    let out = dir.path().join("again");
    let run = match_with_fault(
        "MISSIONMATCH_TEST_SOLVE_ERROR",
        "rounding its LP solution",
        &out,
    );
    let stderr = text(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "quality level rounding its LP solution: HiGHS failed with presolve (quality level \
             rounding its LP solution: Solve error (forced by the tests)); solving again without presolve"
        ),
        "{stderr}"
    );
    proves_the_same_values(&plain, &out, "presolve failed");
}

/// Forcing CPA-0369 into MONUSCO/community_policing_advisor with the
/// sample's rotations (where HiGHS's presolve once failed on the rounding
/// MIP) costs what the same decision as a pin costs: `explain`'s re-solve
/// and a plain pin-and-match agree.
#[test]
fn a_forced_decision_costs_what_the_same_pin_costs() {
    let data = sample();
    let out = bin()
        .args([
            "explain",
            "--officer",
            "CPA-0369",
            "--rotations-until",
            "2028-06-30",
            "--data",
        ])
        .arg(&data)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("MONUSCO/community_policing_advisor: eligible; held by CPA-0059 (83), CPA-0252 (77), CPA-0086 (73), CPA-0139 (56); forcing CPA-0369 here: quality −19,"),
        "{stdout}"
    );
    // The same decision as a pin: 19 points below the match's 10,802.
    let tmp = tempfile::tempdir().unwrap();
    let pinned = full_sample_copy(tmp.path());
    std::fs::write(
        pinned.join("pins.csv"),
        "officer_id,mission_id,role\nCPA-0369,MONUSCO,community_policing_advisor\n",
    )
    .unwrap();
    let out_dir = tmp.path().join("out");
    let run = run_match(
        &pinned,
        &out_dir,
        &["-q", "--rotations-until", "2028-06-30"],
    );
    assert!(run.status.success(), "{}", text(&run.stderr));
    let summary = read_json(&out_dir.join("summary.json"));
    assert_eq!(summary["levels"]["quality"]["value"], 10783.0, "{summary}");
}

/// Letters go to people: `letters --plan` on a hand-edited plan that
/// breaks a rule or a limit writes none, says why and where to look, and
/// exits 2; the plan as the match wrote it gets its letters. `explain
/// --plan` explains the broken plan with a warning.
#[test]
fn letters_refuse_a_plan_that_breaks_a_rule() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    run_ok(&[
        "match",
        "-q",
        "--data",
        arg(&sample()),
        "--out",
        arg(&out_dir),
    ]);
    let rows = csv_rows(&read(&out_dir.join("assignments.csv")));
    let mut plan = String::from("officer_id,mission_id,role\n");
    for r in &rows {
        plan.push_str(&format!(
            "{},{},{}\n",
            r["officer_id"], r["mission_id"], r["role"]
        ));
    }
    plan.push_str("CPA-0002,UNISFA,community_policing_advisor\n");
    let edited = tmp.path().join("edited.csv");
    std::fs::write(&edited, plan).unwrap();
    let letters = tmp.path().join("letters");
    let out = bin()
        .args([
            "letters",
            "--data",
            arg(&sample()),
            "--plan",
            arg(&edited),
            "--out",
            arg(&letters),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_says(
        &out.stderr,
        "rule(s) or limit(s), so no letter was written (first: skills: CPA-0002 in UNISFA/community_policing_advisor: missing skill community_policing)",
    );
    assert!(!letters.exists());
    // explain still explains such a plan (the board may want to see what
    // the edit did), but says first that it breaks a rule; the match's
    // own plan is explained without a word.
    for (plan, warned) in [
        (edited.clone(), true),
        (out_dir.join("assignments.csv"), false),
    ] {
        let out = bin()
            .args([
                "explain",
                "--officer",
                "CPA-0002",
                "--data",
                arg(&sample()),
                "--plan",
            ])
            .arg(&plan)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(
            text(&out.stdout).contains("CPA-0002"),
            "{}",
            text(&out.stdout)
        );
        assert_eq!(
            text(&out.stderr).contains(
                "rule(s) or limit(s) (first: skills: CPA-0002 in UNISFA/community_policing_advisor: missing skill community_policing): what follows is measured against a plan no match would give"
            ),
            warned,
            "{}",
            text(&out.stderr)
        );
    }
    let out = bin()
        .args(["letters", "-q", "--data", arg(&sample()), "--plan"])
        .arg(out_dir.join("assignments.csv"))
        .args(["--out", arg(&letters)])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(letters.join("letters.csv").exists());
}

/// A plan's `start` and `end` are not read back: a tour edited by hand in
/// a spreadsheet is told so, not silently taken, and the plan is checked
/// on its positions' tours.
#[test]
fn a_plan_whose_tour_dates_were_edited_is_warned_about() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    assert!(run_match(&sample(), &out_dir, &["-q"]).status.success());
    let written = read(&out_dir.join("assignments.csv"));
    // The match's own plan gives every tour as its position's.
    let out = run_verify(&sample(), &out_dir.join("assignments.csv"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        !text(&out.stderr).contains("not read back"),
        "{}",
        text(&out.stderr)
    );
    let rows = csv_rows(&written);
    let first = &rows[0];
    let edited = written.replacen(
        &format!(",{},{},", first["start"], first["end"]),
        ",1999-01-01,2099-12-31,",
        1,
    );
    let plan = out_dir.join("edited.csv");
    std::fs::write(&plan, &edited).unwrap();
    let out = run_verify(&sample(), &plan);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_says(
        &out.stderr,
        &format!(
            "edited.csv: start and end are not read back, a tour is its position's (positions.csv): line 2 writes start 1999-01-01 where {}/{}'s tour gives {}\n",
            first["mission_id"], first["role"], first["start"]
        ),
    );
    assert_says(&out.stdout, ", 0 violations;");
    // Its levels are those summary.json records beside it: no note.
    assert!(
        !text(&out.stderr).contains("records fill"),
        "{}",
        text(&out.stderr)
    );
    // A row deleted breaks no rule, yet fills a seat less: said, with
    // both levels.
    let shorter: String = edited
        .lines()
        .enumerate()
        .filter(|&(i, _)| i != 1)
        .map(|(_, line)| format!("{line}\n"))
        .collect();
    std::fs::write(&plan, shorter).unwrap();
    let out = run_verify(&sample(), &plan);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_says(&out.stdout, "100 assignments, 0 violations;");
    assert_says(
        &out.stderr,
        "summary.json records fill 125, balance 0, quality 9574 for its run's plan; this plan has fill ",
    );
}

/// An officer id longer than a file name may be still gets its letter: the
/// file takes the id's first 100 characters, and letters.csv maps it.
#[test]
fn a_very_long_officer_id_gets_its_letter() {
    let tmp = tempfile::tempdir().unwrap();
    let long = "A".repeat(300);
    let data = small_copy(tmp.path(), |text| {
        text.replace("\nA1,", &format!("\n{long},"))
    });
    let letters = tmp.path().join("letters");
    run_ok(&[
        "letters",
        "--data",
        arg(&data),
        "--out",
        arg(&letters),
        "-q",
    ]);
    let merge = csv_rows(&read(&letters.join("letters.csv")));
    let row = merge.iter().find(|r| r["officer_id"] == long).unwrap();
    assert_eq!(row["letter"], format!("{}.html", "A".repeat(100)));
    assert!(read(&letters.join(&row["letter"])).contains(&long));
}

/// An id that starts with `-` is taken as the value of `--officer` and
/// `--position`, not as an unknown flag.
#[test]
fn ids_starting_with_a_minus_are_values() {
    let tmp = tempfile::tempdir().unwrap();
    let data = small_copy(tmp.path(), |text| {
        text.replace("\nA1,", "\n-3,").replace("\nUNM,", "\n-U,")
    });
    let out = run_ok(&["explain", "--data", arg(&data), "--officer", "-3"]);
    assert!(
        text(&out.stdout).starts_with("-3 ("),
        "{}",
        text(&out.stdout)
    );
    let out = run_ok(&[
        "explain",
        "--data",
        arg(&data),
        "--position",
        "-U/investigator",
    ]);
    assert!(
        text(&out.stdout).starts_with("-U/investigator:"),
        "{}",
        text(&out.stdout)
    );
    let out = run_ok(&[
        "recommend",
        "--data",
        arg(&data),
        "--position",
        "-U/investigator",
    ]);
    assert!(
        text(&out.stdout).contains("-U/investigator"),
        "{}",
        text(&out.stdout)
    );
}

/// Mission ids and roles may hold a `/`: a label MISSION/ROLE names the
/// position it can only be, and a label two positions share (mission
/// `UN/M` role `investigator`, mission `UN` role `M/investigator`) is
/// warned about when the files are read and refused where it names a
/// position, naming both.
#[test]
fn a_label_two_positions_share_is_warned_about_and_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let data = label_shared_copy(tmp.path());
    let validated = run_ok(&["validate", "--data", arg(&data)]);
    assert!(
        text(&validated.stderr).contains("positions.csv: mission 'UN/M' role 'investigator' and mission 'UN' role 'M/investigator' both read UN/M/investigator"),
        "{}",
        text(&validated.stderr)
    );
    let refused = run(&[
        "explain",
        "--data",
        arg(&data),
        "--position",
        "UN/M/investigator",
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused.stderr).contains("'UN/M/investigator' names 2 positions (mission 'UN/M' role 'investigator', mission 'UN' role 'M/investigator')"),
        "{}",
        text(&refused.stderr)
    );
}

/// Tours that do not all overlap make each service's limit count day by
/// day, so `validate` shows each position's tour, even with no other date
/// in the files.
#[test]
fn validate_shows_tours_that_do_not_all_overlap() {
    let tmp = tempfile::tempdir().unwrap();
    let data = small_copy(tmp.path(), |text| {
        text.replace(
            "UNM,South Sudan mission,South Sudan,UN,2027-03-01,12",
            "UNM,South Sudan mission,South Sudan,UN,2027-08-01,12",
        )
    });
    let out = run_ok(&["validate", "--data", arg(&data)]);
    let text = text(&out.stdout);
    assert!(text.contains("tour 2027-01-15..2027-07-14"), "{text}");
    assert!(text.contains("tour 2027-08-01..2028-07-31"), "{text}");
}

/// An officer a (broken) plan places twice is one officer away: verify
/// names the second seat, and counts them once against their service's
/// limit; so is an officer placed while deployments.csv has them away,
/// whose tour breaks the availability rule and no limit.
#[test]
fn verify_counts_an_officer_once_against_the_limits() {
    let tmp = tempfile::tempdir().unwrap();
    let data = small_copy(tmp.path(), |text| {
        text.replace(
            "A1,Amélie Fontaine,A,F,sergeant,10,fr:C1;en:C2,training,",
            "A1,Amélie Fontaine,A,F,sergeant,10,fr:C1;en:C2,training;forensics,",
        )
    });
    let rules = |value: serde_json::Value| -> Vec<String> {
        value["violations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().split(':').next().unwrap().to_string())
            .collect()
    };
    let twice = verify_text(
        &data,
        tmp.path(),
        "officer_id,mission_id,role\nA1,HTI,trainer\nA1,UNM,investigator\n",
    );
    assert_eq!(rules(twice), ["one_position_per_officer"]);

    // The sample, Ottawa releasing 11: CPA-0358 (Ottawa, away until
    // 2027-07-31) in CPA-0090's seat is one officer away, not two.
    let sample = full_sample_copy(&tmp.path().join("sample"));
    let services = read(&sample.join("services.csv")).replace(",ON,1351,\n", ",ON,1351,11\n");
    std::fs::write(sample.join("services.csv"), services).unwrap();
    let out_dir = tmp.path().join("out");
    assert!(run_match(&sample, &out_dir, &["-q"]).status.success());
    let plan = read(&out_dir.join("assignments.csv"));
    assert!(plan.contains("\nCPA-0090,"), "{plan}");
    let edited = plan.replace("\nCPA-0090,", "\nCPA-0358,");
    let verified = verify_text(&sample, tmp.path(), &edited);
    assert_eq!(rules(verified), ["availability"]);
}

/// An officer back the day before their tour, while another officer of
/// the service is away all along (both rows with no start): the tour
/// puts the service over its limit of one. `verify` says so, and a
/// re-plan names the limit (both missed it: the officer's stay away and
/// their tour read as one stay from before any start, which the check
/// of the days after a start passed over).
#[test]
fn a_tour_right_after_a_stay_away_is_checked_against_the_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let data = data_folder(
        tmp.path(),
        &[
            (
                "services.csv",
                "service_id,name,sworn_officers,max_deployed\nS1,Service S1,200,1\n",
            ),
            (
                "missions.csv",
                "mission_id,name,start,months\nM1,Mission M1,2027-02-01,3\n",
            ),
            ("positions.csv", "mission_id,role,count\nM1,r1,1\n"),
            (
                "officers.csv",
                "officer_id,name,service_id,gender,rank,years_service,board_score\nO9,Name O9,S1,F,sergeant,23,91\n",
            ),
            (
                "deployments.csv",
                "service_id,officer_id,start,until\nS1,X1,,2027-12-31\nS1,O9,,2027-01-31\n",
            ),
        ],
    );
    let plan = tmp.path().join("plan.csv");
    std::fs::write(&plan, "officer_id,mission_id,role\nO9,M1,r1\n").unwrap();
    let out = run_verify(&data, &plan);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(
        text(&out.stdout).contains("VIOLATION service_capacity: S1 has 2 of 1 away from 2027-02-01 to 2027-04-30: O9 from the plan, 1 already away"),
        "{}",
        text(&out.stdout)
    );
    let out_dir = tmp.path().join("out");
    let run = run_match(&data, &out_dir, &["-q", "--previous", arg(&plan)]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(
        read(&out_dir.join("changes.csv")).contains("the previous plan no longer fits the files: S1 can have 1 officer away at once now, and the previous plan had 2 away from 2027-02-01 to 2027-04-30 (those already away included)"),
        "{}",
        read(&out_dir.join("changes.csv"))
    );
}

/// `verify -q` prints the violations alone: nothing for a plan that keeps
/// every rule. A summary.json beside the plan that cannot be read is said,
/// since the options the plan was made with are then not known.
#[test]
fn verify_quiet_and_an_unreadable_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let data = sample_copy(tmp.path());
    let out_dir = tmp.path().join("out");
    assert!(run_match(&data, &out_dir, &["-q"]).status.success());
    let plan = out_dir.join("assignments.csv");
    let quiet = run_ok(&["verify", "--data", arg(&data), "--plan", arg(&plan), "-q"]);
    assert_eq!(text(&quiet.stdout), "");
    std::fs::write(out_dir.join("summary.json"), "{\"options\": {").unwrap();
    let out = run_ok(&["verify", "--data", arg(&data), "--plan", arg(&plan)]);
    assert!(
        text(&out.stderr).contains("summary.json cannot be read as a run's summary: the options the plan was made with are not known"),
        "{}",
        text(&out.stderr)
    );
}

/// Generated folders load, whatever the seed and shape: `--time` draws an
/// officer away once (seed 6 of S, and small ample pools, drew one twice),
/// and a huge position is cut to 10,000 seats.
#[test]
fn generated_folders_always_load() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, args) in [
        ("s6", &["--preset", "S", "--seed", "6", "--time"][..]),
        (
            "small",
            &[
                "--officers",
                "10",
                "--missions",
                "2",
                "--time",
                "--ample",
                "--seed",
                "1",
            ],
        ),
        (
            "huge",
            &["--officers", "40000", "--missions", "1", "--ample"],
        ),
    ] {
        let dir = tmp.path().join(name);
        generate_into(&dir, args);
        run_ok(&["validate", "-q", "--data", arg(&dir)]);
    }
    let refused = run(&[
        "generate",
        "--officers",
        "2000000",
        "--out",
        arg(&tmp.path().join("x")),
    ]);
    assert_eq!(refused.status.code(), Some(2));
}

/// A generated officer's first name goes with their gender (the letters
/// and the report address them by it).
#[test]
fn generated_first_names_go_with_gender() {
    let women = [
        "Amélie", "Chloé", "Elodie", "Gisèle", "Ines", "Kaia", "Maëlle", "Odile", "Rosalie",
        "Tessa", "Vanessa", "Yara",
    ];
    let any = [
        "Alix",
        "Camille",
        "Charlie",
        "Dominique",
        "Eden",
        "Jordan",
        "Morgan",
        "Noa",
        "Robin",
        "Sacha",
        "Alex",
        "Maxime",
    ];
    let tmp = tempfile::tempdir().unwrap();
    // Tight targets draw every gender again: the names follow.
    for (i, flags) in [&[][..], &["--tight-targets"][..]].into_iter().enumerate() {
        let dir = tmp.path().join(format!("g{i}"));
        let mut args = vec!["--preset", "S", "--seed", "2"];
        args.extend(flags);
        generate_into(&dir, &args);
        let rows = csv_rows(&read(&dir.join("officers.csv")));
        assert!(rows.len() > 100);
        let mut seen = std::collections::BTreeSet::new();
        for row in rows {
            let first = row["name"].split(' ').next().unwrap().to_string();
            let gender = if women.contains(&first.as_str()) {
                "F"
            } else if any.contains(&first.as_str()) {
                "X"
            } else {
                "M"
            };
            assert_eq!(gender, row["gender"], "{} {:?}", row["name"], flags);
            seen.insert(gender);
        }
        assert_eq!(seen.len(), 3, "{flags:?}: {seen:?}");
    }
}

/// `-v` writes HiGHS's log to stderr: stdout stays the command's own
/// output, so `--json` still parses.
#[test]
fn the_solver_log_goes_to_stderr() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(&[
        "match",
        "--json",
        "-v",
        "--data",
        arg(&sample()),
        "--out",
        arg(&tmp.path().join("o")),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(json["status"], "optimal");
    assert!(
        text(&out.stderr).contains("Coefficient ranges"),
        "{}",
        text(&out.stderr)
    );
}

/// A negative number given to a flag is refused by the flag's range, not
/// read as an unknown flag.
#[test]
fn a_negative_number_is_refused_by_the_flag_s_range() {
    let data = sample();
    for (args, says) in [
        (
            &["--cooldown-months", "-1"][..],
            "'-1' is not a whole number from 0 to 1200",
        ),
        (
            &["--alternates", "-2"][..],
            "'-2' is not a whole number from 0 to 1000000",
        ),
        (
            &["--overlap-days", "2.5"][..],
            "'2.5' is not a whole number from 0 to 365",
        ),
        (
            &["--release-share", "-0.1"][..],
            "is not a share between 0 and 1",
        ),
        (
            &["--rotations-until", "-2028-01-01"][..],
            "--rotations-until",
        ),
    ] {
        let mut all = vec!["match", "--data", arg(&data)];
        all.extend(args);
        let out = run(&all);
        assert_eq!(out.status.code(), Some(2));
        let err = text(&out.stderr);
        assert!(
            err.contains(says) && !err.contains("unexpected argument"),
            "{err}"
        );
    }
    // The whole-number flags of the other commands say the same, never
    // the parser's "invalid digit".
    for (args, says) in [
        (
            &["recommend", "MINUSCA/x", "--top", "-1"][..],
            "'-1' is not a whole number from 0 to 1000000",
        ),
        (
            &["generate", "--seed", "-1"][..],
            "'-1' is not a whole number from 0 to 18446744073709551615",
        ),
        (
            &["generate", "--officers", "ten"][..],
            "'ten' is not a whole number from 1 to 1000000",
        ),
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2));
        let err = text(&out.stderr);
        assert!(
            err.contains(says) && !err.contains("invalid digit"),
            "{err}"
        );
    }
}

/// `explain --plan` counts a row given twice as one officer in one seat,
/// as `verify` does.
#[test]
fn explain_counts_a_row_given_twice_once() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    run_ok(&["match", "-q", "--data", arg(&sample()), "--out", arg(&out)]);
    let plan = read(&out.join("assignments.csv"));
    let mut lines = plan.lines();
    let header = lines.next().unwrap();
    let row = lines.find(|l| l.starts_with("CPA-0320,")).unwrap();
    let edited = tmp.path().join("edited.csv");
    std::fs::write(&edited, format!("{header}\n{row}\n{row}\n")).unwrap();
    let explained = run(&[
        "explain",
        "--data",
        arg(&sample()),
        "--plan",
        arg(&edited),
        "--position",
        "BINUH/human_rights_officer",
    ]);
    let stdout = text(&explained.stdout);
    assert!(
        stdout.contains("BINUH/human_rights_officer: 1 of 1 seat filled"),
        "{stdout}"
    );
    assert!(stdout.contains("  placed: CPA-0320 (61)\n"), "{stdout}");
}

/// A letter's empty seats come under their own lead-in, and two limits
/// that both kept the officer out read as one sentence, in English and in
/// French.
#[test]
fn a_letter_introduces_its_empty_seats_and_joins_two_limits() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("g");
    generate_into(&data, &["--preset", "S", "--seed", "3", "--time"]);
    let plain = |html: String| {
        let mut text = String::new();
        let mut tag = false;
        for c in html.chars() {
            match c {
                '<' => tag = true,
                '>' => tag = false,
                c if !tag => text.push(if c == '\u{a0}' { ' ' } else { c }),
                _ => {}
            }
        }
        text
    };
    for (lang, lead, joined) in [
        (
            "en",
            "You were eligible for 4 positions.In these positions a seat stays empty, but you could not take it:",
            "from December 26, 2027 to March 17, 2028, within that tour, and UNFICYP already had as many officers from your service as it accepts.",
        ),
        (
            "fr",
            "Dans ces postes, une place reste vacante, mais vous ne pouviez pas l'occuper :",
            "pendant cette période, et la mission UNFICYP comptait déjà autant de policiers de votre service qu'elle en accepte.",
        ),
    ] {
        let out = tmp.path().join(lang);
        let o = run_letters(&data, &out, &["--lang", lang]);
        assert!(o.status.success(), "{}", text(&o.stderr));
        let letter = plain(read(&out.join("O000001.html")));
        assert!(letter.contains(lead), "{letter}");
        assert!(letter.contains(joined), "{letter}");
    }
}

/// A re-plan's value of one more released officer is measured among
/// re-plans: the same levels, the most of the earlier plan kept before
/// quality, so it equals a re-plan of the files with that service's limit
/// raised by one, not the quality a fresh match would gain by dropping the
/// earlier plan. Here a new seat only one officer of DRPS (at its limit)
/// can take, while officers left out score 25 more (a fresh match would
/// take many of them). A call-up's cost,
/// measured among the plans best on quality, is refused with `--previous`.
#[test]
fn a_re_plan_s_capacity_value_is_a_re_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("first");
    run_ok(&[
        "match",
        "-q",
        "--data",
        arg(&sample()),
        "--out",
        arg(&first),
    ]);
    let placed: std::collections::BTreeSet<String> =
        csv_rows(&read(&first.join("assignments.csv")))
            .into_iter()
            .map(|r| r["officer_id"].clone())
            .collect();
    let away = read(&sample().join("deployments.csv"));
    let data = full_sample_copy(tmp.path());
    let mut liaison = None;
    edit_csv(&data.join("officers.csv"), |column, cells| {
        if placed.contains(&cells[0]) {
            return;
        }
        let score = column("board_score");
        let s: f64 = cells[score].parse().unwrap();
        cells[score] = (s + 25.0).min(100.0).to_string();
        let free = !away.contains(&format!(",{},", cells[0]));
        if liaison.is_none() && cells[column("service_id")] == "DRPS" && free {
            liaison = Some(cells[0].clone());
            let skills = column("skills");
            cells[skills] = format!("{};liaison", cells[skills])
                .trim_start_matches(';')
                .into();
        }
    });
    assert!(liaison.is_some());
    let positions = read(&data.join("positions.csv"));
    std::fs::write(
        data.join("positions.csv"),
        format!("{positions}BINUH,liaison,1,,,,liaison,,1,,\n"),
    )
    .unwrap();
    let previous = first.join("assignments.csv");
    let re_plan = |data: &Path, out: &Path, extra: &[&str]| {
        let mut args = vec!["match", "-q", "--data", arg(data), "--out", arg(out)];
        args.extend(["--previous", arg(&previous)]);
        args.extend(extra);
        run_ok(&args);
        read_json(&out.join("summary.json"))
    };
    let summary = re_plan(&data, &tmp.path().join("re"), &["--capacity-value"]);
    let level = |s: &serde_json::Value, l: &str| s["levels"][l]["value"].as_f64().unwrap();
    let value = summary["capacity_value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["service_id"] == "DRPS")
        .unwrap()
        .clone();
    // The same re-plan with DRPS's limit raised by one.
    let capacity = csv_rows(&read(&tmp.path().join("re/service_summary.csv")))
        .into_iter()
        .find(|r| r["service_id"] == "DRPS")
        .unwrap()["capacity"]
        .clone();
    let more = tmp.path().join("more");
    std::fs::create_dir_all(&more).unwrap();
    for f in INPUT_FILES.iter().chain(&["deployments.csv"]) {
        std::fs::copy(data.join(f), more.join(f)).unwrap();
    }
    edit_csv(&more.join("services.csv"), |column, cells| {
        if cells[0] == "DRPS" {
            cells[column("max_deployed")] = (capacity.parse::<u32>().unwrap() + 1).to_string();
        }
    });
    let one_more = re_plan(&more, &tmp.path().join("re_more"), &[]);
    assert_eq!(value["proven"], true);
    // The re-plan fills the new seat either way (Fill comes before Keep);
    // one more lets it keep one more of the earlier plan, which Keep puts
    // before quality: a value a fresh match would not give.
    assert!(value["quality"].as_f64().unwrap() != 0.0, "{value}");
    for (field, l) in [("fill", "fill"), ("quality", "quality")] {
        let gained = level(&one_more, l) - level(&summary, l);
        assert!(
            (value[field].as_f64().unwrap() - gained).abs() < 1e-6,
            "{field}: {value} against {gained}"
        );
    }
    let refused = run(&[
        "match",
        "--data",
        arg(&data),
        "--out",
        arg(&tmp.path().join("x")),
        "--previous",
        arg(&previous),
        "--alternates-cost",
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("cannot be used with"));
}

/// A what-if scenario's plan read back by `explain --plan` (or `verify`,
/// `letters`) is named as the scenario's: its answers are measured against
/// the files given, without the scenario's changes. The baseline's is not.
/// A re-plan's is named so by `explain`, not by `verify`.
#[test]
fn a_scenario_s_plan_read_back_is_named_as_such() {
    let tmp = tempfile::tempdir().unwrap();
    let (_dir, scenarios) = temp_file(
        "s.csv",
        "scenario,target,id,field,value\nwomen40,mission,*,min_women_share,0.4\n",
    );
    let out = tmp.path().join("wi");
    whatif_ok(&sample(), &scenarios, &out, &[]);
    let scenario_plan = out.join("women40/assignments.csv");
    let explained = run(&[
        "explain",
        "--data",
        arg(&sample()),
        "--plan",
        arg(&scenario_plan),
        "--officer",
        "CPA-0320",
    ]);
    assert!(explained.status.success());
    assert!(
        text(&explained.stderr).contains("is the plan of what-if scenario 'women40'"),
        "{}",
        text(&explained.stderr)
    );
    let verified = run(&[
        "verify",
        "--data",
        arg(&sample()),
        "--plan",
        arg(&out.join("baseline/assignments.csv")),
    ]);
    assert!(verified.status.success());
    assert!(!text(&verified.stderr).contains("what-if scenario"));
    let letters = run(&[
        "letters",
        "--data",
        arg(&sample()),
        "--plan",
        arg(&scenario_plan),
        "--out",
        arg(&tmp.path().join("l")),
    ]);
    assert!(letters.status.success());
    assert!(text(&letters.stderr).contains("is the plan of what-if scenario 'women40'"));
    // A re-plan's plan: explained against plans that put quality first,
    // said by explain; its rules and limits are checked as any plan's.
    let re_plan = tmp.path().join("re");
    run_ok(&[
        "match",
        "-q",
        "--data",
        arg(&sample()),
        "--out",
        arg(&re_plan),
        "--previous",
        arg(&out.join("baseline/assignments.csv")),
    ]);
    let plan = re_plan.join("assignments.csv");
    let explained = run(&[
        "explain",
        "--data",
        arg(&sample()),
        "--plan",
        arg(&plan),
        "--officer",
        "CPA-0320",
    ]);
    assert!(text(&explained.stderr).contains("is a re-plan keeping the most of"));
    let verified = run(&["verify", "--data", arg(&sample()), "--plan", arg(&plan)]);
    assert!(verified.status.success());
    assert!(
        !text(&verified.stderr).contains("re-plan"),
        "{}",
        text(&verified.stderr)
    );
}

/// The values of one more released officer print as every number does
/// (at most four decimals), not with the float noise of a difference of
/// sums of one-decimal scores (`+36.899999999999636`).
#[test]
fn capacity_values_print_without_float_noise() {
    let tmp = tempfile::tempdir().unwrap();
    let data = full_sample_copy(tmp.path());
    let mut row = 0;
    edit_csv(&data.join("officers.csv"), |column, cells| {
        row += 1;
        let score = column("board_score");
        let s: f64 = cells[score].parse().unwrap();
        cells[score] = format!("{:.1}", (s - 0.1 * (row % 10) as f64).max(0.0));
    });
    let out = run_ok(&[
        "match",
        "--data",
        arg(&data),
        "--out",
        arg(&tmp.path().join("o")),
        "--capacity-value",
    ]);
    let stdout = text(&out.stdout);
    let line = stdout
        .lines()
        .find(|l| l.starts_with("One more released officer"))
        .unwrap();
    assert!(line.contains("quality +"), "{line}");
    for word in line.split([' ', ';']) {
        if let Some((_, decimals)) = word.split_once('.') {
            assert!(decimals.len() <= 4, "{line}");
        }
    }
}
