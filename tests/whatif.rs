//! What-if scenarios: each kind of change has its known effect, bad rows
//! are errors naming their line, the baseline equals `match` byte for
//! byte, and results do not depend on the thread count.

mod common;

use common::*;
use missionmatch::model::*;
use missionmatch::scenario::{apply, read_scenarios};

#[test]
fn each_change_has_its_effect() {
    let inst = load_instance(&sample());
    let (_dir, path) = temp_file(
        "scenarios.csv",
        "scenario,target,id,field,value\n\
         a,service,TPS,max_deployed,+5\n\
         a,service,DRPS,deployed_now,0\n\
         b,mission,*,min_women_share,0.45\n\
         b,mission,BINUH,max_per_service,1\n\
         c,mission,MINUSCA,close,\n\
         d,position,UNMISS/team_leader,count,+2\n\
         d,position,*,priority,3\n\
         e,officer,CPA-0290,withdraw,\n\
         e,officer,CPA-0001,exclude,UNMISS\n\
         e,officer,CPA-0002,pin,UNMISS/team_leader\n",
    );
    let s = read_scenarios(&inst, &path).unwrap();
    assert_eq!(
        s.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["a", "b", "c", "d", "e"]
    );
    let svc = |i: &Instance, id: &str| i.services.iter().find(|s| s.id == id).unwrap().clone();
    let a = apply(&inst, &s[0]);
    assert_eq!(
        svc(&a, "TPS").max_deployed,
        svc(&inst, "TPS").max_deployed + 5
    );
    assert_eq!(svc(&a, "DRPS").deployed_now, 0);
    let b = apply(&inst, &s[1]);
    assert!(b.missions.iter().all(|m| m.min_women_share == 0.45));
    assert_eq!(
        b.missions
            .iter()
            .find(|m| m.id == "BINUH")
            .unwrap()
            .max_per_service,
        Some(1)
    );
    let c = apply(&inst, &s[2]);
    let minusca = MissionIx(
        inst.missions
            .iter()
            .position(|m| m.id == "MINUSCA")
            .unwrap(),
    );
    assert!(c
        .positions
        .iter()
        .filter(|p| p.mission == minusca)
        .all(|p| p.count == 0));
    let d = apply(&inst, &s[3]);
    let tl = inst.find_position("UNMISS", "team_leader").unwrap();
    assert_eq!(d.positions[tl.0].count, inst.positions[tl.0].count + 2);
    assert!(d.positions.iter().all(|p| p.priority == 3.0));
    let e = apply(&inst, &s[4]);
    let o = |id: &str| OfficerIx(inst.officers.iter().position(|o| o.id == id).unwrap());
    assert!(inst
        .position_ixs()
        .all(|p| !missionmatch::rules::eligible(&e, o("CPA-0290"), p)));
    assert!(e.officers[o("CPA-0001").0]
        .excluded
        .iter()
        .any(|m| e.missions[m.0].id == "UNMISS"));
    assert_eq!(
        e.pins.last().map(|p| (p.officer, p.position)),
        Some((o("CPA-0002"), tl))
    );
}

/// The input errors of the scenario file at `path`, as printed.
fn scenario_errors(inst: &Instance, path: &std::path::Path) -> Vec<String> {
    read_scenarios(inst, path)
        .expect_err("expected input errors")
        .0
        .iter()
        .map(|e| e.to_string())
        .collect()
}

#[test]
fn bad_rows_are_errors_naming_their_line() {
    let inst = load_instance(&sample());
    let (_dir, path) = temp_file(
        "scenarios.csv",
        "scenario,target,id,field,value\n\
         x,service,NOPE,max_deployed,3\n\
         x,mission,BINUH,min_women_share,2\n\
         x,officer,CPA-0001,fly,\n\
         baseline,mission,*,close,\n\
         y,mission,BINUH,start,2027-02-30\n\
         y,position,BINUH/investigator,min_rank,general\n\
         z,service,TPS,max_deployed,+1\n\
         z,service,TPS,max_deployed,+1\n\
         z,service,TPS,away,+1:2027-01-01:2027-06-30\n\
         z,service,TPS,away,+1:2027-01-01:2027-06-30\n",
    );
    let errors = scenario_errors(&inst, &path);
    let expected = [
        (":2:", "no service 'NOPE' in the data"),
        (":3:", "expected a share between 0 and 1"),
        (":4:", "no change 'fly' for target 'officer'"),
        (":5:", "not 'baseline'"),
        (":6:", "expected a date YYYY-MM-DD"),
        (":7:", "expected a rank"),
        (
            ":9:4 (field)",
            "repeats line 8: scenario z changes service TPS max_deployed there already; write one row",
        ),
    ];
    assert_eq!(errors.len(), expected.len(), "{errors:?}");
    for (error, (line, message)) in errors.iter().zip(expected) {
        assert!(error.contains(line) && error.contains(message), "{error}");
    }
}

/// Numbers a scenario sets or adds stay within the files' own ranges, so
/// that no total overflows, and a header with no rows is no scenario.
#[test]
fn scenario_numbers_stay_within_range() {
    let inst = load_instance(&sample());
    let (_dir, path) = temp_file(
        "scenarios.csv",
        "scenario,target,id,field,value\n\
         x,position,BINUH/team_leader,count,+4294967295\n\
         x,mission,BINUH,months,4000000000\n\
         x,service,TPS,max_deployed,4294967295\n\
         x,service,TPS,away,+4294967295::2027-06-30\n\
         y,position,BINUH/team_leader,count,+10000\n\
         y,service,TPS,deployed_now,-100000\n\
         y,mission,BINUH,max_per_service,0\n",
    );
    let errors = scenario_errors(&inst, &path);
    let expected = [
        ":2:5 (value): '+4294967295': expected a whole number from 0 to 10000, or +N / -N with N at most 10000 for position count",
        ":3:5 (value): '4000000000': expected a whole number from 1 to 1200 for mission months",
        ":4:5 (value): '4294967295': expected a whole number from 0 to 100000, or +N / -N with N at most 100000 for service max_deployed",
        ":5:5 (value): '+4294967295::2027-06-30': '+4294967295' is not +N with N from 1 to 100000",
        ":8:5 (value): '0': expected a whole number from 1 to 10000, or nothing for no limit for mission max_per_service",
    ];
    assert_eq!(errors.len(), expected.len(), "{errors:?}");
    for (error, message) in errors.iter().zip(expected) {
        assert!(error.contains(message), "{error}");
    }
    let (_dir, empty) = temp_file("empty.csv", "scenario,target,id,field,value\n");
    assert_eq!(
        scenario_errors(&inst, &empty),
        ["empty.csv:2: the file has a header but no rows: at least one scenario row is needed"]
    );
}

/// A scenario file gets the hints the data files give: an id in another
/// case, a share written as a percentage, a target share too fine.
#[test]
fn scenario_rows_get_the_hints_of_the_data_files() {
    let inst = load_instance(&sample());
    let (_dir, path) = temp_file(
        "s.csv",
        "scenario,target,id,field,value\n\
         a,service,tps,max_deployed,+1\n\
         b,mission,BINUH,min_women_share,40%\n\
         c,position,binuh/investigator,count,2\n\
         d,mission,BINUH,min_language_share,0.6667\n\
         e,service,TPS,release_share,0.0025\n",
    );
    assert_eq!(
        scenario_errors(&inst, &path)
            .iter()
            .map(|e| e.split_once(".csv:").unwrap().1)
            .collect::<Vec<_>>(),
        [
            "2:3 (id): 'tps': no service 'tps' in the data (ids are case-sensitive: did you mean 'TPS'?)",
            "3:5 (value): '40%': expected a share between 0 and 1 with at most three decimals (a percentage? 40 % is written 0.4) for mission min_women_share",
            "4:3 (id): 'binuh/investigator': no position (MISSION/ROLE) 'binuh/investigator' in the data (ids are case-sensitive: did you mean 'BINUH/investigator'?)",
            // A target share has at most three decimals (a release share
            // may have more).
            "5:5 (value): '0.6667': expected a share between 0 and 1 with at most three decimals for mission min_language_share",
        ]
    );
}

/// A sweep's error names the sweep as given and the part that is wrong,
/// not a line and column of the rows it is turned into.
#[test]
fn a_sweep_error_names_the_sweep_and_its_part() {
    let inst = load_instance(&sample());
    let error = |spec: &str| {
        missionmatch::scenario::sweep(&inst, spec)
            .expect_err("expected an input error")
            .0
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        error("mission:XYZ:min_women_share=0:0.5:0.1"),
        ["--sweep: 'mission:XYZ:min_women_share=0:0.5:0.1': id 'XYZ': no mission 'XYZ' in the data"]
    );
    assert_eq!(
        error("service:TPS:max_deployed=0:200000:100000"),
        ["--sweep: 'service:TPS:max_deployed=0:200000:100000': value '200000': expected a whole number from 0 to 100000, or +N / -N with N at most 100000 for service max_deployed"]
    );
}

/// An officer is pinned once per scenario (two pin rows were the last
/// one silently); a name that could not be the scenario's folder is
/// refused when the file is read, not after every solve; a sweep point
/// named as a scenario of the file would write over its folder.
#[test]
fn scenario_names_and_pins_that_cannot_be_written_are_refused() {
    let inst = load_instance(&sample());
    let long = "x".repeat(101);
    let (_dir, path) = temp_file(
        "scenarios.csv",
        &format!(
            "scenario,target,id,field,value\n\
             twice,officer,CPA-0070,pin,UNFICYP/trainer\n\
             twice,officer,CPA-0070,pin,UNMISS/trainer\n\
             whatif.csv,service,TPS,max_deployed,+1\n\
             {long},service,TPS,max_deployed,+1\n\
             ..,service,TPS,max_deployed,+1\n"
        ),
    );
    assert_eq!(
        scenario_errors(&inst, &path)
            .iter()
            .map(|e| e.split_once(".csv:").unwrap().1)
            .collect::<Vec<_>>(),
        [
            "3:4 (field): 'pin': repeats line 2: scenario twice pins officer CPA-0070 there already; an officer holds one seat: write one row",
            "4:1 (scenario): 'whatif.csv': a scenario name may not be whatif.csv, the file beside its folder",
            &format!("5:1 (scenario): '{long}': a scenario name is at most 100 characters (it names a folder); this one has 101"),
            "6:1 (scenario): '..': a scenario name may not start with '.' (it names a folder, which would be hidden, or be . or ..)",
        ]
    );
    let tmp = tempfile::tempdir().unwrap();
    let (_dir, clash) = temp_file(
        "scenarios.csv",
        "scenario,target,id,field,value\nmin_women_share=0.4,mission,BINUH,close,\n",
    );
    let out = run(&[
        "whatif",
        "--data",
        arg(&sample()),
        "--scenarios",
        arg(&clash),
        "--sweep",
        "mission:*:min_women_share=0.3:0.5:0.1",
        "--out",
        arg(&tmp.path().join("w")),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_says(
        &out.stderr,
        "the --sweep point min_women_share=0.4 has the name of a scenario of the scenario file",
    );
    assert!(!tmp.path().join("w").exists());
}

/// A scenario's own pin is not dropped by a later row of the same
/// scenario that closes its mission, withdraws the officer or excludes
/// them from it: in either order the scenario is not solved, naming the
/// pin's row (the pin first used to vanish without a word).
#[test]
fn a_scenario_pin_undone_by_a_later_row_is_not_dropped_silently() {
    for (undo, order) in [
        ("mission,BINUH,close,", "first"),
        ("officer,CPA-0185,withdraw,", "first"),
        ("officer,CPA-0185,exclude,BINUH", "first"),
        ("officer,CPA-0185,withdraw,", "second"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let pin = "s,officer,CPA-0185,pin,BINUH/human_rights_officer";
        let undo = format!("s,{undo}");
        let rows = if order == "first" {
            format!("{pin}\n{undo}\n")
        } else {
            format!("{undo}\n{pin}\n")
        };
        let (_dir, scenarios) = temp_file(
            "scenarios.csv",
            &format!("scenario,target,id,field,value\n{rows}"),
        );
        let out = run(&[
            "whatif",
            "--data",
            arg(&sample()),
            "--scenarios",
            arg(&scenarios),
            "--out",
            arg(&tmp.path().join("w")),
            "--threads",
            "1",
        ]);
        assert_eq!(out.status.code(), Some(2), "{undo} {order}");
        let stdout = text(&out.stdout);
        let row = stdout
            .lines()
            .find(|l| l.trim_start().starts_with("s "))
            .unwrap();
        assert!(
            row.contains("not solved: ")
                && row.contains("CPA-0185")
                && row.contains("(scenario file line"),
            "{undo} {order}: {stdout}"
        );
    }
}

/// A position a scenario removes (its mission closed, its count cut to 0)
/// has no standby list: nobody can be called up to a seat that is gone.
#[test]
fn a_removed_position_has_no_standby_list() {
    let tmp = tempfile::tempdir().unwrap();
    let (_dir, scenarios) = temp_file(
        "scenarios.csv",
        "scenario,target,id,field,value\nclose-minusca,mission,MINUSCA,close,\ncnt-zero,position,UNMISS/trainer,count,0\n",
    );
    let out = tmp.path().join("w");
    whatif_ok(&sample(), &scenarios, &out, &["--quiet", "--threads", "1"]);
    let rows = |folder: &str| csv_rows(&read(&out.join(folder).join("alternates.csv")));
    assert!(rows("baseline")
        .iter()
        .any(|r| r["mission_id"] == "MINUSCA"));
    assert!(!rows("close-minusca")
        .iter()
        .any(|r| r["mission_id"] == "MINUSCA"));
    assert!(!rows("cnt-zero")
        .iter()
        .any(|r| r["mission_id"] == "UNMISS" && r["role"] == "trainer"));
}

/// A scenario that withdraws an officer and pins them says so, not that a
/// mission is in their excluded list (a withdrawal excludes them from
/// every mission).
#[test]
fn a_pin_of_a_withdrawn_officer_says_the_scenario_withdraws_them() {
    let tmp = tempfile::tempdir().unwrap();
    let (_dir, scenarios) = temp_file(
        "scenarios.csv",
        "scenario,target,id,field,value\nwp,officer,CPA-0070,withdraw,\nwp,officer,CPA-0070,pin,UNMISS/trainer\n",
    );
    let out = run(&[
        "whatif",
        "--data",
        arg(&sample()),
        "--scenarios",
        arg(&scenarios),
        "--out",
        arg(&tmp.path().join("w")),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_says(
        &out.stdout,
        "not solved: pin of CPA-0070 to UNMISS/trainer (scenario file line 3): the scenario withdraws this officer",
    );
}

/// A scenario that plans rotations further may pin an officer to a seat
/// only its own horizon adds (the baseline has no such seat); another
/// scenario may not, and its row is the error.
#[test]
fn a_scenario_pins_on_a_seat_its_own_horizon_plans() {
    let tmp = tempfile::tempdir().unwrap();
    let data = sample();
    let seat = "MONUSCO/team_leader@2029-02-17";
    let (_dir, scenarios) = temp_file(
        "scenarios.csv",
        &format!("scenario,target,id,field,value\nlonger,officer,CPA-0098,pin,{seat}\nlonger,*,*,rotations_until,2029-06-30\n"),
    );
    let out = tmp.path().join("w");
    whatif_ok(
        &data,
        &scenarios,
        &out,
        &[
            "--quiet",
            "--threads",
            "1",
            "--rotations-until",
            "2028-06-30",
        ],
    );
    let plan = read(&out.join("longer/assignments.csv"));
    assert!(
        plan.contains(
            "\nCPA-0098,Liam Fontaine,SPVM,MONUSCO,team_leader@2029-02-17,2029-02-17,2029-11-16,"
        ),
        "{plan}"
    );
    let (_dir, other) = temp_file(
        "other.csv",
        &format!("scenario,target,id,field,value\nsame,officer,CPA-0098,pin,{seat}\n"),
    );
    let inst = {
        let paths = missionmatch::io::load::InputPaths::in_dir(&data);
        let options = missionmatch::io::load::LoadOptions {
            rotations_until: missionmatch::model::Date::parse("2028-06-30"),
            ..Default::default()
        };
        missionmatch::io::load::load(&paths, &options)
            .unwrap()
            .instance
    };
    assert_eq!(
        scenario_errors(&inst, &other),
        [format!("other.csv:2:5 (value): '{seat}': no position '{seat}' in the data, nor among the successor seats the scenario plans: expected a position as MISSION/ROLE")]
    );
}

/// Each folder's summary.json records the options `verify` reads back,
/// the scenario's own horizon among them, so a plan of a rotations run
/// verifies without the flags repeated.
#[test]
fn a_whatif_folder_records_the_options_verify_reads_back() {
    let tmp = tempfile::tempdir().unwrap();
    let data = sample();
    let (_dir, scenarios) = temp_file(
        "scenarios.csv",
        "scenario,target,id,field,value\nshorter,*,*,rotations_until,2027-12-31\n",
    );
    let out = tmp.path().join("w");
    whatif_ok(
        &data,
        &scenarios,
        &out,
        &["--rotations-until", "2028-06-30"],
    );
    let options =
        |folder: &str| read_json(&out.join(folder).join("summary.json"))["options"].clone();
    assert_eq!(options("baseline")["rotations_until"], "2028-06-30");
    assert_eq!(options("shorter")["rotations_until"], "2027-12-31");
    assert_eq!(options("shorter")["overlap_days"], 14);
    // Each scenario's own times: the files are read once for the run.
    for folder in ["baseline", "shorter"] {
        let timings = read_json(&out.join(folder).join("summary.json"))["timings"].clone();
        assert_eq!(timings["load"], 0.0, "{folder}: {timings}");
        assert!(
            timings["solve"].as_f64().unwrap() > 0.0,
            "{folder}: {timings}"
        );
    }
    let verified = verify_ok(&data, &out.join("baseline/assignments.csv"));
    assert!(verified.contains(", 0 violations;"), "{verified}");
}

#[test]
fn baseline_equals_match_and_threads_do_not_matter() {
    let tmp = tempfile::tempdir().unwrap();
    let data = sample();
    let scenarios = data.join("scenarios.csv");
    let matched = tmp.path().join("match");
    assert!(run_match(&data, &matched, &[]).status.success());
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let out = tmp.path().join(format!("whatif{threads}"));
        whatif_ok(&data, &scenarios, &out, &["--threads", threads]);
        assert_eq!(
            csv_outputs(&out.join("baseline")),
            csv_outputs(&matched),
            "baseline differs from match"
        );
        outputs.push(read(&out.join("whatif.csv")));
    }
    assert_eq!(
        outputs[0], outputs[1],
        "whatif.csv differs between 1 and 2 threads"
    );
    // Closing MINUSCA removes its 30 seats from the demand.
    let rows = csv_rows(&outputs[0]);
    let demand = |name: &str| -> u32 {
        let row = rows.iter().find(|r| r["scenario"] == name).unwrap();
        row["seats_demand"].parse().unwrap()
    };
    assert_eq!(demand("baseline") - demand("close-minusca"), 30);
}

#[test]
fn a_sweep_gives_the_price_of_a_target() {
    let inst = load_instance(&sample());
    let points =
        missionmatch::scenario::sweep(&inst, "mission:*:min_women_share=0:0.5:0.1").unwrap();
    let names: Vec<&str> = points.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "min_women_share=0",
            "min_women_share=0.1",
            "min_women_share=0.2",
            "min_women_share=0.3",
            "min_women_share=0.4",
            "min_women_share=0.5"
        ]
    );
    let runs = missionmatch::whatif::solve_scenarios(&inst, &points, &Default::default()).unwrap();
    // Every target is met at every point here, so a higher target only
    // removes plans: Quality never rises along the curve.
    let quality: Vec<f64> = runs[1..]
        .iter()
        .map(|r| {
            let sol = r.result.as_ref().unwrap();
            assert_eq!(sol.levels.balance, 0.0, "{}", r.name);
            sol.levels.quality
        })
        .collect();
    assert!(quality.windows(2).all(|w| w[1] <= w[0]), "{quality:?}");
    assert!(
        quality[5] < quality[0],
        "a 50 % target must cost something here"
    );
    // The comparison carries the same values, typed.
    let rows = missionmatch::whatif::compare(&runs);
    let measured: Vec<f64> = rows[1..]
        .iter()
        .map(|r| r.solved().unwrap().quality)
        .collect();
    assert_eq!(measured, quality);
    let base = rows[0].solved().unwrap().against_baseline.unwrap();
    assert_eq!(
        (base.seats, base.moved, base.added, base.dropped),
        (0, 0, 0, 0)
    );
    let error = missionmatch::scenario::sweep(&inst, "service:NOPE:max_deployed=0:3:1")
        .unwrap_err()
        .0;
    assert_eq!(error.len(), 1);
    assert!(
        missionmatch::scenario::sweep(&inst, "mission:*:min_women_share=0:0.5").is_err(),
        "a sweep needs FROM:TO:STEP"
    );
    let refused = |spec: &str, why: &str| {
        let error = missionmatch::scenario::sweep(&inst, spec)
            .unwrap_err()
            .to_string();
        assert!(error.contains(why), "{spec}: {error}");
    };
    // A sweep sets values: -2 would read as a change, so it is refused.
    refused(
        "service:TPS:max_deployed=-2:2:1",
        "a sweep sets max_deployed to each value, from 0 up: FROM must be ≥ 0",
    );
    let points = missionmatch::scenario::sweep(&inst, "service:TPS:max_deployed=0:2:1").unwrap();
    assert_eq!(points.len(), 3);
    // Points are named to four decimals: a finer step would name two alike.
    refused(
        "mission:*:min_women_share=0:0.0002:0.00004",
        "the step must be at least 0.0001",
    );
}

#[test]
fn requirement_date_and_release_changes_have_their_effect() {
    let inst = load_instance(&sample());
    let (_dir, path) = temp_file(
        "scenarios.csv",
        "scenario,target,id,field,value\n\
         rank,position,UNMISS/team_leader,min_rank,superintendent\n\
         rank,position,UNMISS/team_leader,min_years,\n\
         lang,position,BINUH/investigator,languages,fr:C1;en:B2\n\
         skills,position,*,skills,\n\
         skills,position,*,leadership,no\n\
         late,mission,UNMISS,start,2031-01-01\n\
         long,mission,BINUH,months,48\n\
         share,service,*,release_share,0.05\n\
         share,service,HPS,release_share,0.02\n",
    );
    let s = read_scenarios(&inst, &path).unwrap();
    let base_pairs = missionmatch::rules::eligible_pairs(&inst);
    let changed: Vec<Instance> = s.iter().map(|s| apply(&inst, s)).collect();
    // Re-checking only what a scenario touches gives exactly the pairs of
    // a full eligibility pass.
    for (scenario, i) in s.iter().zip(&changed) {
        assert_eq!(
            missionmatch::scenario::eligible_pairs(&base_pairs, i, scenario),
            missionmatch::rules::eligible_pairs(i),
            "{}",
            scenario.name
        );
    }
    let eligible_for = |i: &Instance, p: PositionIx| -> Vec<OfficerIx> {
        i.officer_ixs()
            .filter(|&o| missionmatch::rules::eligible(i, o, p))
            .collect()
    };
    let tl = inst.find_position("UNMISS", "team_leader").unwrap();
    let rank = &changed[0];
    assert_eq!(rank.positions[tl.0].min_rank, Some(Rank::Superintendent));
    assert_eq!(rank.positions[tl.0].min_years, None);
    assert!(!eligible_for(rank, tl).is_empty());
    assert!(eligible_for(rank, tl)
        .iter()
        .all(|o| inst.officers[o.0].rank >= Rank::Superintendent));
    let inv = inst.find_position("BINUH", "investigator").unwrap();
    let lang = &changed[1];
    assert_eq!(lang.positions[inv.0].languages.len(), 2);
    assert!(eligible_for(lang, inv).len() < eligible_for(&inst, inv).len());
    // No skills or leadership anywhere: every position's pool only grows.
    let skills = &changed[2];
    assert!(skills
        .positions
        .iter()
        .all(|p| p.skills.is_empty() && !p.leadership));
    assert!(inst
        .position_ixs()
        .all(|p| eligible_for(skills, p).len() >= eligible_for(&inst, p).len()));
    // A tour starting in 2031: only officers available until its end.
    let late = &changed[3];
    let unmiss = inst.positions[tl.0].mission;
    assert_eq!(late.missions[unmiss.0].end, date("2031-12-31"));
    for o in eligible_for(late, tl) {
        let until = late.officers[o.0].available_until;
        assert!(until.is_none_or(|u| u >= date("2031-12-31")));
    }
    let binuh = inst.positions[inv.0].mission;
    let long = &changed[4];
    assert_eq!(long.missions[binuh.0].months, 48);
    assert_eq!(long.missions[binuh.0].end, date("2031-01-31"));
    // release_share: `*` only where max_deployed was left empty; a named
    // service always.
    let share = &changed[5];
    for (before, after) in inst.services.iter().zip(&share.services) {
        let expected = if before.id == "HPS" {
            (before.sworn_officers as f64 * 0.02).floor() as u32
        } else if before.release_derived {
            (before.sworn_officers as f64 * 0.05).floor() as u32
        } else {
            before.max_deployed
        };
        assert_eq!(after.max_deployed, expected, "{}", before.id);
    }
    // Solved: the stricter rank is met by whoever holds the seat.
    let runs = missionmatch::whatif::solve_scenarios(&inst, &s[..1], &Default::default()).unwrap();
    let plan = &runs[1].result.as_ref().unwrap().plan;
    assert!(plan
        .assignments
        .iter()
        .filter(|a| a.1 == tl)
        .all(|a| inst.officers[a.0 .0].rank >= Rank::Superintendent));
}

#[test]
fn a_time_limit_marks_every_run_polishes_its_plan_and_exits_3() {
    let tmp = tempfile::tempdir().unwrap();
    let data = sample();
    let out = tmp.path().join("w");
    let whatif = run(&[
        "whatif",
        "-q",
        "--data",
        arg(&data),
        "--sweep",
        "mission:*:min_women_share=0.3:0.4:0.1",
        "--time-limit",
        "0",
        "--out",
        arg(&out),
    ]);
    assert_eq!(whatif.status.code(), Some(3));
    let stderr = text(&whatif.stderr);
    assert!(
        stderr.contains("warning: min_women_share=0.4: TIME LIMIT reached"),
        "{stderr}"
    );
    let statuses: Vec<String> = csv_rows(&read(&out.join("whatif.csv")))
        .into_iter()
        .map(|r| r["status"].clone())
        .collect();
    assert_eq!(statuses, ["time_limit"; 3]);
    // The plan each stop left is polished, as `match` polishes its own:
    // the baseline's is the plan `match` writes when stopped at once,
    // replacements included.
    let matched = tmp.path().join("m");
    assert_eq!(
        run_match(&data, &matched, &["-q", "--time-limit", "0"])
            .status
            .code(),
        Some(3)
    );
    assert_eq!(
        csv_outputs(&out.join("baseline")),
        csv_outputs(&matched),
        "a stopped baseline differs from a stopped match"
    );
    let polished = read_json(&out.join("baseline/summary.json"))["polished"].clone();
    assert_eq!(
        polished,
        read_json(&matched.join("summary.json"))["polished"]
    );
    assert!(
        polished["closer_to_targets"].as_u64().unwrap()
            + polished["better_scored"].as_u64().unwrap()
            > 0,
        "{polished}"
    );
    assert!(
        stderr.contains("warning: baseline: TIME LIMIT reached in the fill level before it improved on the start plan (the pins, then the best-scored officers in priority order; every hard constraint holds); the plan includes "),
        "{stderr}"
    );
    // A scenario starts from the baseline's plan, as far as it fits.
    assert!(
        stderr.contains("warning: min_women_share=0.4: TIME LIMIT reached in the fill level before it improved on the start plan (the pins, then as much of the plan to stay close to as still fits, then the best-scored officers in priority order; every hard constraint holds)"),
        "{stderr}"
    );
}

/// A scenario its own rows make impossible (a pin breaking a rule) is
/// reported on its row and makes the run exit 2; the other scenarios are
/// solved and written all the same.
#[test]
fn an_unsolvable_scenario_exits_2_and_the_others_are_written() {
    let tmp = tempfile::tempdir().unwrap();
    // CPA-0009 is available until 2027-11-30: a later tour breaks the
    // pin of pins.csv, whose line is named.
    let data = sample_copy(tmp.path());
    std::fs::write(
        data.join("pins.csv"),
        "officer_id,mission_id,role,reason\nCPA-0009,UNMIK,human_rights_officer,\n",
    )
    .unwrap();
    let scenarios = tmp.path().join("s.csv");
    std::fs::write(
        &scenarios,
        "scenario,target,id,field,value\nbad,officer,CPA-0004,pin,BINUH/team_leader\nok,officer,CPA-0320,withdraw,\nlate,mission,UNMIK,start,2028-01-01\nzero,position,UNMIK/human_rights_officer,count,0\n",
    )
    .unwrap();
    let out = tmp.path().join("w");
    let whatif = run(&[
        "whatif",
        "-q",
        "--data",
        arg(&data),
        "--scenarios",
        arg(&scenarios),
        "--out",
        arg(&out),
    ]);
    assert_eq!(whatif.status.code(), Some(2), "{}", text(&whatif.stderr));
    assert_says(&whatif.stderr, "a scenario could not be solved");
    let rows = csv_rows(&read(&out.join("whatif.csv")));
    let status =
        |name: &str| rows.iter().find(|r| r["scenario"] == name).unwrap()["status"].clone();
    assert!(
        status("bad").starts_with(
            "not solved: pin of CPA-0004 to BINUH/team_leader (scenario file line 2) breaks eligibility rule"
        ),
        "{rows:?}"
    );
    assert_eq!(
        status("late"),
        "not solved: after the scenario's changes, the pin of CPA-0009 to UNMIK/human_rights_officer (pins.csv line 2) breaks eligibility rule availability: available until 2027-11-30, tour ends 2028-06-30"
    );
    assert_eq!(status("ok"), "optimal");
    assert!(out.join("ok").join("assignments.csv").exists());
    // The report gives each reason as written (its `;` untouched), in
    // either language.
    for lang in ["en", "fr"] {
        let report = tmp.path().join(format!("report-{lang}.html"));
        run(&[
            "whatif",
            "-q",
            "--data",
            arg(&data),
            "--scenarios",
            arg(&scenarios),
            "--out",
            arg(&tmp.path().join(format!("w-{lang}"))),
            "--report",
            arg(&report),
            "--lang",
            lang,
        ]);
        let html = read(&report);
        let reason = status("zero");
        assert!(
            reason.contains("; constraint position_count allows 0"),
            "{reason}"
        );
        let reason = reason.trim_start_matches("not solved: ");
        assert!(html.contains(reason), "{lang}: {reason}");
    }
}

/// Among a scenario's best plans, the one closest to the baseline, even
/// where HiGHS's presolve hands back another plan than the one it proved
/// (`tests/fixtures/presolve_swap/README.md`): Calgary's extra officer
/// replaces one officer and nobody else moves.
#[test]
fn the_scenario_plan_is_the_closest_even_when_presolve_returns_another() {
    let (_tmp, out) = whatif_fixture("presolve_swap");
    let rows = csv_rows(&read(&out.join("whatif.csv")));
    let scenario = rows.iter().find(|r| r["scenario"] == "raise-CPS").unwrap();
    assert_eq!(
        (
            scenario["quality"].as_str(),
            scenario["moved"].as_str(),
            scenario["added"].as_str(),
            scenario["dropped"].as_str()
        ),
        ("1375", "0", "1", "1")
    );
    let summary = read_json(&out.join("raise-CPS/summary.json"));
    assert_eq!(summary["levels"]["keep"]["value"], 16.0);
    assert_eq!(summary["levels"]["quality"]["held_by"], "tie_break");
    let placed = |dir: &str| -> std::collections::BTreeSet<(String, String, String)> {
        csv_rows(&read(&out.join(dir).join("assignments.csv")))
            .into_iter()
            .map(|r| {
                (
                    r["officer_id"].clone(),
                    r["mission_id"].clone(),
                    r["role"].clone(),
                )
            })
            .collect()
    };
    let (baseline, scenario) = (placed("baseline"), placed("raise-CPS"));
    assert_eq!(baseline.intersection(&scenario).count(), 16);
}

/// A pin of the files that a scenario drops (its mission closes, its
/// officer withdraws or is pinned elsewhere) is named in a warning with
/// the reason, once per scenario and pin; a scenario that leaves the pins
/// alone, or pins an officer where the files do, says nothing.
#[test]
fn a_scenario_that_drops_a_pin_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let data = sample_copy(tmp.path());
    std::fs::write(
        data.join("pins.csv"),
        "officer_id,mission_id,role,reason\n\
         CPA-0238,UNMISS,team_leader,requested by the mission\n\
         CPA-0222,UNMISS,trainer,\n",
    )
    .unwrap();
    let (_dir, scenarios) = temp_file(
        "scenarios.csv",
        "scenario,target,id,field,value\n\
         close,mission,UNMISS,close,\n\
         wd,officer,CPA-0222,withdraw,\n\
         move,officer,CPA-0238,pin,UNFICYP/team_leader\n\
         same,officer,CPA-0238,pin,UNMISS/team_leader\n\
         fine,service,TPS,max_deployed,+1\n",
    );
    let out = whatif_ok(&data, &scenarios, &tmp.path().join("w"), &[]);
    let warnings: Vec<String> = text(&out.stderr)
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .map(String::from)
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: close: the pin of CPA-0238 on UNMISS/team_leader (pins.csv line 2) does not hold there: the mission closes",
            "warning: close: the pin of CPA-0222 on UNMISS/trainer (pins.csv line 3) does not hold there: the mission closes",
            "warning: wd: the pin of CPA-0222 on UNMISS/trainer (pins.csv line 3) does not hold there: the officer withdraws",
            "warning: move: the pin of CPA-0238 on UNMISS/team_leader (pins.csv line 2) does not hold there: the scenario pins the officer on UNFICYP/team_leader",
        ]
    );
    // The folders keep them: stderr may be gone by the time anyone reads.
    let dropped = |folder: &str| {
        read_json(&tmp.path().join("w").join(folder).join("summary.json"))["pins_dropped"].clone()
    };
    assert_eq!(
        dropped("wd"),
        serde_json::json!([{
            "officer_id": "CPA-0222",
            "position": "UNMISS/trainer",
            "pins_line": 3,
            "why": "the officer withdraws",
        }])
    );
    assert_eq!(dropped("close").as_array().unwrap().len(), 2);
    assert_eq!(dropped("fine"), serde_json::json!([]));
    assert_eq!(dropped("baseline"), serde_json::json!([]));
}

/// A level held by a cut row is never held as an equality by a later
/// level's face (`tests/fixtures/cut_not_tight/README.md`): the scenario
/// solves, at the optimum an independent exact model gives.
#[test]
fn a_cut_holding_balance_is_not_made_an_equality() {
    let (_tmp, out) = whatif_fixture("cut_not_tight");
    let summary = read_json(&out.join("raise-CPS/summary.json"));
    let levels = &summary["levels"];
    let value = |level: &str| levels[level]["value"].as_f64().unwrap();
    assert_eq!(
        (
            value("fill"),
            value("balance"),
            value("quality"),
            value("keep")
        ),
        (47.0, 1.5, 2721.4, 21.0)
    );
    assert_eq!(levels["balance"]["held_by"], "cut");
}

/// `whatif -q` on `tests/fixtures/NAME` with its scenarios.csv: the
/// output folder (in a temporary folder kept while the guard lives).
fn whatif_fixture(name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let data = root().join("tests/fixtures").join(name);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("w");
    whatif_ok(&data, &data.join("scenarios.csv"), &out, &["-q"]);
    (tmp, out)
}

/// A scenario whose pins cannot all hold says which limit they overfill,
/// and which pins count there (pins.csv's by line, the scenario's own).
#[test]
fn pins_that_cannot_all_hold_name_the_limit_and_the_pins() {
    let dir = tempfile::tempdir().unwrap();
    let data = full_sample_copy(dir.path());
    let inst = load_instance(&data);
    // Two officers of different services eligible for a position of two
    // seats or more.
    let (p, a, b) = inst
        .position_ixs()
        .filter(|p| inst.positions[p.0].count >= 2)
        .find_map(|p| {
            let eligible: Vec<OfficerIx> = inst
                .officer_ixs()
                .filter(|&o| missionmatch::rules::eligible(&inst, o, p))
                .collect();
            let a = *eligible.first()?;
            let b = eligible
                .iter()
                .copied()
                .find(|&o| inst.officers[o.0].service != inst.officers[a.0].service)?;
            Some((p, a, b))
        })
        .unwrap();
    let pos = &inst.positions[p.0];
    let (mission, role) = (&inst.missions[pos.mission.0].id, &pos.role);
    let id = |o: OfficerIx| inst.officers[o.0].id.clone();
    std::fs::write(
        data.join("pins.csv"),
        format!("officer_id,mission_id,role\n{},{mission},{role}\n", id(a)),
    )
    .unwrap();
    let inst = load_instance(&data);
    let text = format!(
        "scenario,target,id,field,value\none,position,{mission}/{role},count,1\none,officer,{},pin,{mission}/{role}\n",
        id(b)
    );
    let scenarios =
        missionmatch::scenario::parse_scenarios(&inst, "s.csv", text.as_bytes()).unwrap();
    let out = apply(&inst, &scenarios[0]);
    assert_eq!(
        missionmatch::scenario::pin_problem(&out, missionmatch::scenario::PinsFrom::Scenario(&scenarios[0])).as_deref(),
        Some(
            format!(
                "the pins cannot all hold: the pins of {} (pins.csv line 2), {} (scenario file line 3) place 2 officers in {mission}/{role}; constraint position_count allows 1",
                id(a),
                id(b)
            )
            .as_str()
        )
    );
}

/// A skill no officer holds, often a typo, is warned about with the
/// scenario and the positions it would empty, and the nearest skill held.
#[test]
fn a_scenario_skill_nobody_holds_is_warned_about() {
    let inst = load_instance(&sample());
    let file = "scenario,target,id,field,value\n\
                sk,position,BINUH/investigator,skills,investigaton\n\
                ok,position,BINUH/investigator,skills,investigation\n";
    let scenarios =
        missionmatch::scenario::parse_scenarios(&inst, "s.csv", file.as_bytes()).unwrap();
    assert_eq!(
        missionmatch::scenario::warnings(&inst, &scenarios),
        ["scenario sk: no officer has the skill 'investigaton' that BINUH/investigator would require (did you mean 'investigation'?): nobody is eligible there"]
    );
}

/// The table's columns line up whatever the length of the scenarios'
/// names (a sweep's run past 18 characters).
#[test]
fn the_table_keeps_its_columns_with_long_names() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run_ok(&[
        "whatif",
        "--data",
        arg(&sample()),
        "--sweep",
        "mission:*:min_women_share=0.3:0.4:0.1",
        "--out",
        arg(&tmp.path().join("w")),
    ]);
    let stdout = text(&out.stdout);
    let table: Vec<&str> = stdout.lines().filter(|l| l.starts_with("  ")).collect();
    assert_eq!(table.len(), 4, "{stdout}");
    assert!(table.iter().all(|l| l.len() == table[0].len()), "{stdout}");
    assert!(table[0].ends_with("dropped"), "{stdout}");
}

/// A pin or exclusion naming a position or mission the data does not have
/// says so, rather than asking for the form the value already has.
#[test]
fn an_unknown_pin_position_or_excluded_mission_is_named() {
    let inst = load_instance(&sample());
    let (_dir, path) = temp_file(
        "scenarios.csv",
        "scenario,target,id,field,value\n\
         a,officer,CPA-0070,pin,BINUH/nobody\n\
         b,officer,CPA-0070,exclude,NOPE\n\
         c,officer,CPA-0070,pin,BINUH\n",
    );
    let errors = scenario_errors(&inst, &path);
    let tails: Vec<&str> = errors
        .iter()
        .map(|e| e.split_once(".csv:").unwrap().1)
        .collect();
    assert_eq!(
        tails,
        [
            "2:5 (value): 'BINUH/nobody': no position 'BINUH/nobody' in the data: expected a position as MISSION/ROLE",
            "3:5 (value): 'NOPE': no mission 'NOPE' in the data: expected a mission_id",
            "4:5 (value): 'BINUH': expected a position as MISSION/ROLE for officer pin",
        ]
    );
}

/// Rows of one scenario that change the same value of the same target (a
/// `*` row and a row naming one id) are each applied, in order, and
/// warned about: one warning per group of rows, naming what they share.
#[test]
fn rows_changing_the_same_value_are_warned_about() {
    let inst = load_instance(&sample());
    let file = "scenario,target,id,field,value\n\
                ov,service,*,max_deployed,+1\n\
                ov,service,TPS,max_deployed,+5\n\
                ov,mission,BINUH,min_women_share,0.4\n\
                ov,mission,*,min_women_share,0.5\n\
                ov,position,BINUH/investigator,min_years,3\n\
                ov,position,BINUH/investigator,count,2\n";
    let scenarios =
        missionmatch::scenario::parse_scenarios(&inst, "s.csv", file.as_bytes()).unwrap();
    assert_eq!(
        missionmatch::scenario::warnings(&inst, &scenarios),
        [
            "scenario ov: lines 2 and 3 both change max_deployed of TPS: each applies, in file order",
            "scenario ov: lines 4 and 5 both change min_women_share of BINUH: each applies, in file order",
        ]
    );
    // Applied in order: TPS gets both.
    let applied = missionmatch::scenario::apply(&inst, &scenarios[0]);
    let tps = inst.find_service("TPS").unwrap();
    assert_eq!(
        applied.services[tps.0].max_deployed,
        inst.services[tps.0].max_deployed + 6
    );
}

/// A `deployed_now` row on a service whose officers away are rows of
/// deployments.csv (which the files refuse) is warned about: it counts
/// beside the rows, every day.
#[test]
fn deployed_now_beside_deployment_rows_is_warned_about() {
    let inst = load_instance(&sample());
    let file = "scenario,target,id,field,value\n\
                d,service,TPS,deployed_now,3\n\
                d,service,*,deployed_now,+1\n\
                d,service,PRP,deployed_now,2\n";
    let scenarios =
        missionmatch::scenario::parse_scenarios(&inst, "s.csv", file.as_bytes()).unwrap();
    let warnings = missionmatch::scenario::warnings(&inst, &scenarios);
    assert_eq!(
        warnings,
        [
            "scenario d: lines 2 and 3 both change deployed_now of TPS: each applies, in file order",
            "scenario d: lines 3 and 4 both change deployed_now of PRP: each applies, in file order",
            "scenario d: line 2 sets deployed_now of TPS, which has 2 row(s) in deployments.csv: its deployed_now counts beside them, away every day with no return (for officers away between two dates, use away +N:START:UNTIL)",
            "scenario d: line 3 sets deployed_now of TPS (and 9 more services), which has 2 row(s) in deployments.csv: its deployed_now counts beside them, away every day with no return (for officers away between two dates, use away +N:START:UNTIL)",
        ],
    );
}

/// `whatif --gap 0.5` on a scarce pool: every solve ends settled (exit 0,
/// status `within_gap` or `optimal`), Fill and Balance are the proven
/// optima of the exact run, and Quality is within the gap of the exact
/// run's proven optimum, scenario by scenario; each folder's summary.json
/// records the gap.
#[test]
fn within_a_gap_every_scenario_keeps_fill_and_balance_and_is_that_close() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("pool");
    generate_into(&data, &["--preset", "S", "--seed", "3"]);
    let services = csv_rows(&read(&data.join("services.csv")));
    let missions = csv_rows(&read(&data.join("missions.csv")));
    let mut scenarios = String::from("scenario,target,id,field,value\n");
    for s in services.iter().take(2) {
        let id = &s["service_id"];
        scenarios.push_str(&format!("{id}+2,service,{id},max_deployed,+2\n"));
    }
    for m in missions.iter().take(2) {
        let id = &m["mission_id"];
        scenarios.push_str(&format!("{id}-women40,mission,{id},min_women_share,0.4\n"));
    }
    let file = tmp.path().join("scenarios.csv");
    std::fs::write(&file, scenarios).unwrap();
    let rows = |out: &std::path::Path, extra: &[&str]| {
        whatif_ok(&data, &file, out, &[&["-q"], extra].concat());
        csv_rows(&read(&out.join("whatif.csv")))
    };
    let exact = rows(&tmp.path().join("exact"), &[]);
    let within = rows(&tmp.path().join("within"), &["--gap", "0.5"]);
    assert_eq!(exact.len(), 5);
    assert_eq!(within.len(), 5);
    let mut settled_within = 0;
    for (e, w) in exact.iter().zip(&within) {
        let at = &w["scenario"];
        assert_eq!(e["scenario"], *at);
        assert_eq!(e["status"], "optimal", "{at}");
        assert!(
            ["within_gap", "optimal"].contains(&w["status"].as_str()),
            "{at}: {}",
            w["status"]
        );
        settled_within += usize::from(w["status"] == "within_gap");
        assert_eq!(e["fill"], w["fill"], "{at}");
        assert_eq!(e["balance"], w["balance"], "{at}");
        let value = |r: &std::collections::BTreeMap<String, String>| -> f64 {
            r["quality"].parse().unwrap()
        };
        assert!(
            value(w) >= value(e) / 1.005 - 1e-6,
            "{at}: quality {} against the optimum {}",
            value(w),
            value(e)
        );
    }
    assert!(settled_within >= 1, "no solve settled within the gap");
    // Each folder says which gap was asked for.
    for r in &within {
        let folder = tmp.path().join("within").join(&r["scenario"]);
        let summary = read_json(&folder.join("summary.json"));
        assert_eq!(summary["options"]["gap_percent"], 0.5, "{}", r["scenario"]);
    }
}

/// A scenario's name is text wherever it is written: a name that reads as
/// a number stays a string in `--json` and as written in a French report.
#[test]
fn a_name_that_reads_as_a_number_stays_a_name() {
    let tmp = tempfile::tempdir().unwrap();
    let (_dir, scenarios) = temp_file(
        "scenarios.csv",
        "scenario,target,id,field,value\n2027,service,DRPS,max_deployed,+2\n1.5,service,DRPS,max_deployed,+1\n",
    );
    let report = tmp.path().join("report.html");
    let out = run_ok(&[
        "whatif",
        "--data",
        arg(&sample()),
        "--scenarios",
        arg(&scenarios),
        "--out",
        arg(&tmp.path().join("w")),
        "--json",
        "--lang",
        "fr",
        "--report",
        arg(&report),
    ]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&serde_json::Value> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["scenario"])
        .collect();
    assert_eq!(names, ["baseline", "2027", "1.5"]);
    let html = read(&report);
    assert!(html.contains("<td>1.5</td>"), "{html}");
    assert!(!html.contains("<td>1,5</td>"), "{html}");
}

/// A mission id holding a `/` is named in scenario rows as any other:
/// `BI/NUH/team_leader`, `BI/NUH/*`, and as a pin's position.
#[test]
fn scenario_rows_name_positions_of_a_mission_with_a_slash() {
    let tmp = tempfile::tempdir().unwrap();
    let data = sample_copy(tmp.path());
    for file in [
        "missions.csv",
        "positions.csv",
        "officers.csv",
        "scores.csv",
    ] {
        let path = data.join(file);
        std::fs::write(&path, read(&path).replace("BINUH", "BI/NUH")).unwrap();
    }
    let inst = load_instance(&data);
    let (_dir, path) = temp_file(
        "scenarios.csv",
        "scenario,target,id,field,value\n\
         one,position,BI/NUH/team_leader,count,+2\n\
         all,position,BI/NUH/*,priority,3\n\
         pin,officer,CPA-0238,pin,BI/NUH/team_leader\n",
    );
    let s = read_scenarios(&inst, &path).unwrap();
    let seat = inst.find_position("BI/NUH", "team_leader").unwrap();
    let applied = apply(&inst, &s[0]);
    assert_eq!(
        applied.positions[seat.0].count,
        inst.positions[seat.0].count + 2
    );
    let applied = apply(&inst, &s[1]);
    let binuh = inst.find_mission("BI/NUH").unwrap();
    for p in inst
        .position_ixs()
        .filter(|p| inst.positions[p.0].mission == binuh)
    {
        assert_eq!(applied.positions[p.0].priority, 3.0);
    }
    let applied = apply(&inst, &s[2]);
    assert!(applied
        .pins
        .iter()
        .any(|pin| pin.position == seat && inst.officers[pin.officer.0].id == "CPA-0238"));
}

/// A scenario that plans a later horizon and pins an officer of pins.csv
/// on a seat only that horizon adds drops the file's pin, naming the seat
/// as the scenario has it (it was looked up among the baseline's seats,
/// and the run panicked, losing every scenario).
#[test]
fn a_pin_dropped_for_a_seat_of_the_scenario_s_horizon_names_that_seat() {
    let tmp = tempfile::tempdir().unwrap();
    let data = full_sample_copy(tmp.path());
    std::fs::write(
        data.join("pins.csv"),
        "officer_id,mission_id,role,reason\nCPA-0146,MONUSCO,community_policing_advisor@2027-05-18,y\n",
    )
    .unwrap();
    let (_dir, scenarios) = temp_file(
        "s.csv",
        "scenario,target,id,field,value\n\
         longpin,*,*,rotations_until,2029-06-30\n\
         longpin,officer,CPA-0146,pin,MONUSCO/community_policing_advisor@2028-10-21\n",
    );
    let out = tmp.path().join("w");
    let run = whatif_ok(
        &data,
        &scenarios,
        &out,
        &["--rotations-until", "2028-06-30"],
    );
    assert!(
        text(&run.stderr).contains(
            "the pin of CPA-0146 on MONUSCO/community_policing_advisor@2027-05-18 (pins.csv line 2) does not hold there: the scenario pins the officer on MONUSCO/community_policing_advisor@2028-10-21"
        ),
        "{}",
        text(&run.stderr)
    );
    let summary = read_json(&out.join("longpin/summary.json"));
    assert_eq!(
        summary["pins_dropped"][0]["why"],
        "the scenario pins the officer on MONUSCO/community_policing_advisor@2028-10-21"
    );
}
