//! Time and rotations on the dated fixture `tests/fixtures/rotations`:
//! successor seats (names, counts, tours, chains), who may fill them,
//! cooldown, deployments.csv's loading errors and warnings, pins on
//! successor seats, and the commands that use them.

mod common;

use common::*;
use missionmatch::io::{load, InputPaths, LoadOptions, Loaded};
use missionmatch::model::{Date, Instance, PositionIx};
use missionmatch::rules::{self, Rule};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The dated fixture.
fn fixture() -> PathBuf {
    root().join("tests/fixtures/rotations")
}

/// A copy of the fixture in `DIR/data`, with `files` written over it.
fn fixture_with(dir: &Path, files: &[(&str, &str)]) -> PathBuf {
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    for entry in std::fs::read_dir(fixture()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, data.join(path.file_name().unwrap())).unwrap();
    }
    for (name, text) in files {
        std::fs::write(data.join(name), text).unwrap();
    }
    data
}

/// [`fixture_with`] whose positions.csv also has a BINUH position named
/// `role`.
fn fixture_with_role(dir: &Path, role: &str) -> PathBuf {
    let positions = format!(
        "{}BINUH,{role},1,,,,,,,,\n",
        read(&fixture().join("positions.csv"))
    );
    fixture_with(dir, &[("positions.csv", &positions)])
}

fn options(until: Option<&str>) -> LoadOptions {
    LoadOptions {
        rotations_until: until.map(date),
        ..LoadOptions::default()
    }
}

fn load_with(dir: &Path, options: &LoadOptions) -> Result<Loaded, Vec<String>> {
    load(&InputPaths::in_dir(dir), options)
        .map_err(|(e, _)| e.0.iter().map(|e| e.to_string()).collect())
}

fn loaded(until: &str) -> Instance {
    load_with(&fixture(), &options(Some(until)))
        .unwrap()
        .instance
}

/// Every position as `label seats start..end`.
fn seats(inst: &Instance) -> Vec<String> {
    inst.position_ixs()
        .map(|p| {
            let pos = &inst.positions[p.0];
            format!(
                "{} {} {}..{}",
                inst.position_label(p),
                pos.count,
                pos.start,
                pos.end
            )
        })
        .collect()
}

#[test]
fn successor_seats_until_a_horizon() {
    let inst = loaded("2028-06-30");
    assert_eq!(
        seats(&inst),
        [
            "BINUH/team_leader 1 2027-01-15..2028-01-14",
            "BINUH/advisor 2 2027-01-15..2028-01-14",
            "UNMISS/investigator 1 2027-06-01..2027-11-30",
            // T9 and T7 come home on 2027-03-31: one position, two seats.
            "BINUH/advisor@2027-03-18 2 2027-03-18..2028-03-17",
            // T8 comes home on another day: a chain of its own.
            "BINUH/advisor@2027-05-18 1 2027-05-18..2028-05-17",
            // D8 (committed from 2027-01-01) home on 2027-06-30; the
            // position's own six months.
            "UNMISS/investigator@2027-06-17 1 2027-06-17..2027-12-16",
            "BINUH/team_leader@2027-07-18 1 2027-07-18..2028-07-17",
            "UNMISS/investigator@2027-12-03 1 2027-12-03..2028-06-02",
            "BINUH/advisor@2028-03-04 2 2028-03-04..2029-03-03",
            "BINUH/advisor@2028-05-04 1 2028-05-04..2029-05-03",
            "UNMISS/investigator@2028-05-20 1 2028-05-20..2028-11-19",
        ]
    );
    // MINUSMA/driver is no position of positions.csv: no rotation.
    assert!(!seats(&inst).iter().any(|s| s.contains("driver")));
    let r = inst.rotations.as_ref().unwrap();
    assert_eq!((r.first_seat, r.overlap_days), (3, 14));
    assert_eq!(inst.successor_of(PositionIx(6)), Some(PositionIx(0)));
    assert_eq!(inst.successor_of(PositionIx(0)), None);
}

#[test]
fn a_chain_of_two_successors() {
    // Until 2027-12-31 the investigators' chain has two successors; the
    // third would start 2028-05-20, after the horizon.
    let inst = loaded("2027-12-31");
    let chain: Vec<String> = seats(&inst)
        .into_iter()
        .filter(|s| s.starts_with("UNMISS/investigator@"))
        .collect();
    assert_eq!(
        chain,
        [
            "UNMISS/investigator@2027-06-17 1 2027-06-17..2027-12-16",
            "UNMISS/investigator@2027-12-03 1 2027-12-03..2028-06-02",
        ]
    );
    // The second starts `overlap` days before the first's end + 1.
    let first = inst
        .find_position("UNMISS", "investigator@2027-06-17")
        .unwrap();
    let second = inst
        .find_position("UNMISS", "investigator@2027-12-03")
        .unwrap();
    assert_eq!(
        inst.positions[first.0].end.add_days(1 - 14),
        inst.positions[second.0].start
    );
    // A shorter overlap moves every seat.
    let later = load_with(
        &fixture(),
        &LoadOptions {
            overlap_days: 0,
            ..options(Some("2027-12-31"))
        },
    )
    .unwrap()
    .instance;
    assert!(later
        .find_position("BINUH", "team_leader@2027-08-01")
        .is_some());
}

#[test]
fn an_earlier_horizon_keeps_a_prefix_of_the_seats() {
    let long = loaded("2028-06-30");
    let short = loaded("2027-06-30");
    let (long, short) = (seats(&long), seats(&short));
    assert_eq!(short.len(), 6);
    assert_eq!(short[..], long[..6]);
}

#[test]
fn no_rotation_without_a_horizon() {
    let inst = load_with(&fixture(), &options(None)).unwrap().instance;
    assert_eq!(inst.positions.len(), 3);
    assert!(inst.rotations.is_none());
}

#[test]
fn the_incumbent_may_not_succeed_themselves() {
    let inst = loaded("2028-06-30");
    let d9 = inst.find_officer("D9").unwrap();
    let seat = inst
        .find_position("BINUH", "team_leader@2027-07-18")
        .unwrap();
    let failed: Vec<Rule> = rules::failed_rules(&inst, d9, seat).collect();
    assert_eq!(failed, [Rule::Availability]);
    let failure = &rules::failures(&inst, d9, seat)[0];
    assert_eq!(
        failure.detail,
        "away on a mission until 2027-07-31 (deployments.csv), tour starts 2027-07-18"
    );
    // Home by the next tour of the chain after that one.
    let later = inst.find_position("BINUH", "advisor@2028-03-04").unwrap();
    assert!(rules::eligible(&inst, d9, later));
}

#[test]
fn cooldown_months() {
    // T4 came home on 2027-01-10: BINUH starts 2027-01-15.
    let with = |months: u32| {
        load_with(
            &fixture(),
            &LoadOptions {
                cooldown_months: months,
                ..options(None)
            },
        )
        .unwrap()
        .instance
    };
    let mut inst = with(0);
    let t4 = inst.find_officer("T4").unwrap();
    let binuh = inst.find_position("BINUH", "advisor").unwrap();
    let unmiss = inst.find_position("UNMISS", "investigator").unwrap();
    assert!(rules::eligible(&inst, t4, binuh));
    // Without a cooldown a tour still starts no earlier than the officer is
    // home: T4 home on 2027-02-01 (a last_return after BINUH's start).
    inst.officers[t4.0].last_return = Date::parse("2027-02-01");
    inst.derive_officer_dates();
    // The one rule T4 fails for BINUH, with its detail.
    let only_cooldown = |inst: &Instance| {
        let failures = rules::failures(inst, t4, binuh);
        assert_eq!(failures.len(), 1);
        assert_eq!(failures[0].rule, Rule::Cooldown);
        failures[0].detail.clone()
    };
    assert_eq!(
        only_cooldown(&inst),
        "home on 2027-02-01 (last_return), after the tour starts on 2027-01-15"
    );
    assert!(rules::eligible(&inst, t4, unmiss));
    let inst = with(3);
    assert_eq!(
        only_cooldown(&inst),
        "home since 2027-01-10; with the cooldown the next tour may start 2027-04-10, tour starts 2027-01-15"
    );
    // The investigators' own tour starts 2027-06-01, after the cooldown.
    assert!(rules::eligible(&inst, t4, unmiss));
    // The cooldown counts from the later of last_return and the `until`
    // of deployments.csv (the last day away), and the message says which:
    // D9, away until 2027-07-31, may start a tour from 2027-10-31 with a
    // cooldown of 3 months, as an officer whose last_return is 2027-07-31.
    let mut inst = with(3);
    let d9 = inst.find_officer("D9").unwrap();
    assert_eq!(
        inst.officers[d9.0].cooldown_until,
        Date::parse("2027-10-31")
    );
    let successor = inst.find_position("BINUH", "advisor").unwrap();
    let detail = rules::failures(&inst, d9, successor)
        .into_iter()
        .find(|f| f.rule == Rule::Cooldown)
        .map(|f| f.detail)
        .expect("BINUH's advisors start 2027-01-15, within D9's cooldown");
    assert_eq!(
        detail,
        "away until 2027-07-31 (deployments.csv); with the cooldown the next tour may start 2027-10-31, tour starts 2027-01-15"
    );
    inst.officers[d9.0].last_return = Date::parse("2027-07-31");
    inst.derive_officer_dates();
    assert_eq!(
        inst.officers[d9.0].cooldown_until,
        Date::parse("2027-10-31")
    );
}

#[test]
fn a_role_named_like_a_successor_seat_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let data = fixture_with_role(dir.path(), "advisor@2027-05-18");
    assert!(
        load_with(&data, &options(None)).is_ok(),
        "no rotation, no clash"
    );
    let errors = load_with(&data, &options(Some("2028-06-30"))).unwrap_err();
    assert_eq!(
        errors,
        ["positions.csv:5:2 (role): 'advisor@2027-05-18': role advisor@2027-05-18 is also the name of a successor seat of BINUH/advisor (--rotations-until): rename this role; ROLE@YYYY-MM-DD names the seats of a rotation"]
    );
}

/// A scenario whose changes of months or horizon would plan a successor
/// seat named like a role of positions.csv is an error, as the files would
/// be, named on its last row of months or horizon.
#[test]
fn a_change_of_months_naming_a_seat_like_a_role_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let data = fixture_with_role(dir.path(), "advisor@2027-09-04");
    let inst = load_with(&data, &options(Some("2028-06-30")))
        .unwrap()
        .instance;
    let errors = |inst: &Instance, rows: &str| -> Vec<String> {
        let file = format!("scenario,target,id,field,value\n{rows}");
        match missionmatch::scenario::parse_scenarios(inst, "scenarios.csv", file.as_bytes()) {
            Ok(_) => Vec::new(),
            Err(e) => e.0.iter().map(|e| e.to_string()).collect(),
        }
    };
    let clash = "successor seat advisor@2027-09-04 of BINUH/advisor would have the name of a role of positions.csv";
    assert_eq!(
        errors(
            &inst,
            "short,mission,BINUH,months,6\nlong,mission,BINUH,months,9\n"
        ),
        [format!("scenarios.csv:2:5 (value): '6': {clash}")]
    );
    // The whole scenario counts: the advisors' own 9 months win over
    // their mission's 6, and a horizon before the seat plans no such seat.
    assert!(errors(
        &inst,
        "over,mission,BINUH,months,6\nover,position,BINUH/advisor,months,9\n"
    )
    .is_empty());
    assert!(errors(
        &inst,
        "early,mission,BINUH,months,6\nearly,*,*,rotations_until,2027-08-31\n"
    )
    .is_empty());
    // From an earlier horizon, the scenario's later one plans the seat:
    // the error names the scenario's last row of months or horizon.
    let earlier = load_with(&data, &options(Some("2027-06-30")))
        .unwrap()
        .instance;
    assert_eq!(
        errors(
            &earlier,
            "later,mission,BINUH,months,6\nlater,*,*,rotations_until,2028-06-30\n"
        ),
        [format!("scenarios.csv:3:5 (value): '2028-06-30': {clash}")]
    );
}

#[test]
fn successor_seats_can_be_pinned() {
    let dir = tempfile::tempdir().unwrap();
    let pins = "officer_id,mission_id,role\nT1,BINUH,team_leader@2027-07-18\n";
    let data = fixture_with(dir.path(), &[("pins.csv", pins)]);
    // Pins are read after the seats are added.
    let inst = load_with(&data, &options(Some("2028-06-30")))
        .unwrap()
        .instance;
    assert_eq!(inst.pins.len(), 1);
    assert_eq!(
        inst.position_label(inst.pins[0].position),
        "BINUH/team_leader@2027-07-18"
    );
    // Without the horizon, the seat does not exist, and the message says why.
    let errors = load_with(&data, &options(None)).unwrap_err();
    assert_eq!(
        errors,
        ["pins.csv:2:3 (role): 'team_leader@2027-07-18': no such role in mission BINUH (positions.csv); a successor seat ROLE@YYYY-MM-DD exists only with --rotations-until"]
    );
    // The plan honours the pin and passes verify.
    let out = dir.path().join("out");
    let run = run_match(&data, &out, &["--rotations-until", "2028-06-30"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let rows = csv_rows(&read(&out.join("assignments.csv")));
    let t1 = rows.iter().find(|r| r["officer_id"] == "T1").unwrap();
    assert_eq!(t1["role"], "team_leader@2027-07-18");
    assert_eq!(t1["pinned"], "yes");
}

#[test]
fn a_match_with_rotations_passes_verify() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = run_match(&fixture(), &out, &["--rotations-until", "2028-06-30"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let plan = out.join("assignments.csv");
    let rows = csv_rows(&read(&plan));
    assert!(rows.iter().any(|r| r["role"].contains('@')), "{rows:?}");
    let verified = run_ok(&[
        "verify",
        "--data",
        arg(&fixture()),
        "--rotations-until",
        "2028-06-30",
        "--plan",
        arg(&plan),
    ]);
    assert!(text(&verified.stdout).contains(", 0 violations;"));
}

#[test]
fn explain_and_recommend_a_successor_seat() {
    let data = fixture();
    let explained = run_ok(&[
        "explain",
        "--data",
        arg(&data),
        "--rotations-until",
        "2028-06-30",
        "--position",
        "BINUH/team_leader@2027-07-18",
    ]);
    let stdout = text(&explained.stdout);
    assert!(
        stdout.starts_with("BINUH/team_leader@2027-07-18: 1 of 1 seat filled"),
        "{stdout}"
    );
    assert!(stdout.contains("availability fails 1"), "{stdout}");
    let recommended = run_ok(&[
        "recommend",
        "--data",
        arg(&data),
        "--rotations-until",
        "2028-06-30",
        "BINUH/team_leader@2027-07-18",
    ]);
    let stdout = text(&recommended.stdout);
    assert!(
        stdout.starts_with("BINUH/team_leader@2027-07-18: placed "),
        "{stdout}"
    );
}

#[test]
fn validate_lists_the_rotation_seats() {
    let data = fixture();
    let out = run_ok(&[
        "validate",
        "--data",
        arg(&data),
        "--rotations-until",
        "2027-07-31",
    ]);
    assert_eq!(
        text(&out.stdout),
        "OK: 2 services, 2 missions, 3 positions (+4 rotation positions), 9 officers, 0 scores, 0 pins, 6 deployments; 0 warnings
Eligible candidates per position:
  BINUH/team_leader                        seats   1  tour 2027-01-15..2028-01-14  eligible     2
  BINUH/advisor                            seats   2  tour 2027-01-15..2028-01-14  eligible     7
  UNMISS/investigator                      seats   1  tour 2027-06-01..2027-11-30  eligible     8
Rotation seats (until 2027-07-31, overlap 14 days):
  BINUH/advisor@2027-03-18                 seats   2  tour 2027-03-18..2028-03-17  eligible     7
  BINUH/advisor@2027-05-18                 seats   1  tour 2027-05-18..2028-05-17  eligible     8
  UNMISS/investigator@2027-06-17           seats   1  tour 2027-06-17..2027-12-16  eligible     8
  BINUH/team_leader@2027-07-18             seats   1  tour 2027-07-18..2028-07-17  eligible     2
"
    );
    let json = run_ok(&[
        "validate",
        "--json",
        "--data",
        arg(&data),
        "--rotations-until",
        "2027-07-31",
    ]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["counts"]["positions"], 3);
    assert_eq!(value["counts"]["deployments"], 6);
    let seat = &value["rotations"]["seats"][3];
    assert_eq!(seat["position"], "BINUH/team_leader@2027-07-18");
    assert_eq!(seat["follows"], "BINUH/team_leader");
    assert_eq!(seat["start"], "2027-07-18");
    assert_eq!(seat["eligible"], 2);
    // Without a horizon: no section, and the tours still shown (dated data).
    let plain = text(&run_ok(&["validate", "--data", arg(&data)]).stdout);
    assert!(!plain.contains("Rotation seats"), "{plain}");
    assert!(plain.contains("tour 2027-06-01..2027-11-30"), "{plain}");
}

const DEPLOYMENTS_HEADER: &str = "service_id,officer_id,mission_id,role,start,until\n";

#[test]
fn deployments_errors_name_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let deployments = format!(
        "{DEPLOYMENTS_HEADER}DRPS,D9,BINUH,team_leader,2027-08-01,2027-07-31\nXPS,X1,BINUH,advisor,,2027-03-31\nTPS,T8,BINUH,advisor,,2027-02-30\n"
    );
    // DRPS's deployed_now of 0 sits well with its rows; TPS's 1 does not.
    let services = "service_id,name,province,sworn_officers,max_deployed,deployed_now\nDRPS,Durham Regional Police Service,ON,900,4,0\nTPS,Toronto Police Service,ON,5000,6,1\n";
    let data = fixture_with(
        dir.path(),
        &[
            ("deployments.csv", &deployments),
            ("services.csv", services),
        ],
    );
    let errors = load_with(&data, &options(Some("2028-06-30"))).unwrap_err();
    assert_eq!(
        errors,
        [
            "deployments.csv:2:6 (until): '2027-07-31': is before start 2027-08-01",
            "deployments.csv:3:1 (service_id): 'XPS': unknown id: not defined in services.csv",
            "deployments.csv:4:6 (until): '2027-02-30': expected a date YYYY-MM-DD",
            "deployments.csv:4:1 (service_id): 'TPS': service TPS also has deployed_now on line 3 of services.csv: give its officers away either as deployed_now or as rows here, not both (leave deployed_now empty or 0)",
        ]
    );
}

#[test]
fn officers_already_away_over_the_limit_are_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let services = "service_id,name,province,sworn_officers,max_deployed,deployed_now\nDRPS,Durham Regional Police Service,ON,900,1,\nTPS,Toronto Police Service,ON,5000,6,\n";
    let data = fixture_with(dir.path(), &[("services.csv", services)]);
    let loaded = load_with(&data, &options(None)).unwrap();
    // D9 (already away) and D8 (from 2027-01-01) are both away until June.
    assert_eq!(
        loaded.warnings,
        ["service DRPS: 2 officers away from 2027-01-01 to 2027-06-30, more than its max_deployed 1: it can release nobody whose tour covers those days"]
    );
    // Such a service places nobody whose tour covers those days.
    let inst = loaded.instance;
    let sol = solve_verified(&inst);
    let drps = inst.find_service("DRPS").unwrap();
    for &(o, p) in &sol.plan.assignments {
        if inst.officers[o.0].service == drps {
            assert!(inst.positions[p.0].start > date("2027-06-30"));
        }
    }
}

/// A return far before the missions (a year mistyped) and a horizon that
/// plans no seat are warnings; a handover as long as a tour is an error
/// naming the deployment it breaks.
#[test]
fn rotations_that_cannot_be_meant_are_said() {
    let dir = tempfile::tempdir().unwrap();
    let deployments = format!(
        "{}TPS,T5,BINUH,advisor,,2007-03-31\n",
        read(&fixture().join("deployments.csv"))
    );
    let data = fixture_with(dir.path(), &[("deployments.csv", &deployments)]);
    let loaded = load_with(&data, &options(None)).unwrap();
    assert_eq!(
        loaded.warnings,
        ["deployments.csv:8: T5 comes home on 2007-04-01 (away until 2007-03-31), more than a year before the first mission starts (2027-01-15): is the year right? With --rotations-until their successor seats are planned from then on"]
    );
    let early = load_with(&fixture(), &options(Some("2026-06-30"))).unwrap();
    assert_eq!(
        early.warnings,
        ["--rotations-until 2026-06-30 plans no successor seat: the first would start on 2027-03-18 (an officer of deployments.csv coming home, less --overlap-days)"]
    );
    assert!(early.instance.rotations.unwrap().base.is_empty());
    let long = LoadOptions {
        overlap_days: 365,
        ..options(Some("2028-06-30"))
    };
    let errors = load_with(&fixture(), &long).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(
            "--overlap-days: '365': is not shorter than a tour of BINUH/team_leader ("
        ),
        "{errors:?}"
    );
}

/// The fixture's scenarios `text` (after the header), read against `inst`.
fn scenarios(inst: &Instance, text: &str) -> Vec<missionmatch::scenario::Scenario> {
    let file = format!("scenario,target,id,field,value\n{text}");
    missionmatch::scenario::parse_scenarios(inst, "scenarios.csv", file.as_bytes()).unwrap()
}

/// A scenario applied, with its pairs re-checked incrementally, which
/// must equal a full pass.
fn applied(inst: &Instance, s: &missionmatch::scenario::Scenario) -> Instance {
    let out = missionmatch::scenario::apply(inst, s);
    let base = rules::eligible_pairs(inst);
    assert_eq!(
        missionmatch::scenario::eligible_pairs(&base, &out, s),
        rules::eligible_pairs(&out),
        "{}",
        s.name
    );
    out
}

#[test]
fn scenario_moving_a_positions_start() {
    let inst = loaded("2028-06-30");
    let s = &scenarios(
        &inst,
        "later,position,BINUH/team_leader,start,2027-08-01\nlonger,position,UNMISS/investigator,months,12\n",
    );
    let d9 = inst.find_officer("D9").unwrap();
    let leader = inst.find_position("BINUH", "team_leader").unwrap();
    assert!(!rules::eligible(&inst, d9, leader), "away until 2027-07-31");
    let later = applied(&inst, &s[0]);
    let pos = &later.positions[leader.0];
    assert_eq!(
        (pos.start, pos.end),
        (date("2027-08-01"), date("2028-07-31"))
    );
    assert!(rules::eligible(&later, d9, leader), "home before the tour");
    // Its successor seats keep their own tours.
    let seat = inst
        .find_position("BINUH", "team_leader@2027-07-18")
        .unwrap();
    assert_eq!(later.positions[seat.0].start, date("2027-07-18"));
    let longer = applied(&inst, &s[1]);
    let investigator = inst.find_position("UNMISS", "investigator").unwrap();
    assert_eq!(longer.positions[investigator.0].end, date("2028-05-31"));
}

#[test]
fn scenario_with_more_officers_away() {
    let inst = load_with(&fixture(), &options(None)).unwrap().instance;
    let s = &scenarios(
        &inst,
        "drps-gone,service,DRPS,away,+4:2027-01-01:2029-12-31\n",
    )[0];
    let drps = inst.find_service("DRPS").unwrap();
    let placed = |inst: &Instance| {
        let sol = solve_verified(inst);
        sol.plan
            .assignments
            .iter()
            .filter(|(o, _)| inst.officers[o.0].service == drps)
            .count()
    };
    assert!(placed(&inst) > 0);
    let out = applied(&inst, s);
    assert_eq!(out.deployments.len(), inst.deployments.len() + 4);
    assert!(out.deployments[inst.deployments.len()..]
        .iter()
        .all(|d| d.line == 0 && d.service == drps && d.start == Some(date("2027-01-01"))));
    // Four more away all through every tour: DRPS can release nobody.
    assert_eq!(placed(&out), 0);
}

#[test]
fn scenario_values_are_checked() {
    let inst = loaded("2028-06-30");
    let file = "scenario,target,id,field,value\na,service,DRPS,away,+2:2027-06-01:2027-05-31\nb,service,DRPS,away,2:2027-01-01:2027-12-31\nc,service,DRPS,away,+2::2027-02-30\nd,position,BINUH/team_leader@2027-07-18,start,2027-08-01\ne,position,BINUH/advisor,months,0\nf,*,*,rotations_until,soon\n";
    let errors: Vec<String> =
        missionmatch::scenario::parse_scenarios(&inst, "scenarios.csv", file.as_bytes())
            .unwrap_err()
            .0
            .iter()
            .map(ToString::to_string)
            .collect();
    let form = "expected +N:START:UNTIL for service away: N (1 to 100000) more officers away from START to UNTIL (dates YYYY-MM-DD; START empty: already away), e.g. +2:2027-03-01:2027-06-30";
    assert_eq!(
        errors,
        [
            "scenarios.csv:2:5 (value): '+2:2027-06-01:2027-05-31': until 2027-05-31 is before start 2027-06-01".to_string(),
            format!("scenarios.csv:3:5 (value): '2:2027-01-01:2027-12-31': '2' is not +N with N from 1 to 100000: {form}"),
            format!("scenarios.csv:4:5 (value): '+2::2027-02-30': '2027-02-30' is not a date YYYY-MM-DD: {form}"),
            "scenarios.csv:5:3 (id): 'BINUH/team_leader@2027-07-18': BINUH/team_leader@2027-07-18 is a successor seat: its tour follows the return of the officer it replaces (change deployments.csv or --overlap-days)".to_string(),
            "scenarios.csv:6:5 (value): '0': expected a whole number from 1 to 1200 for position months".to_string(),
            "scenarios.csv:7:5 (value): 'soon': expected a date YYYY-MM-DD for * rotations_until".to_string(),
        ]
    );
    // Without rotations in the baseline, a horizon has nothing to compare.
    let plain = load_with(&fixture(), &options(None)).unwrap().instance;
    let file = "scenario,target,id,field,value\na,*,*,rotations_until,2029-01-01\n";
    let errors =
        missionmatch::scenario::parse_scenarios(&plain, "s.csv", file.as_bytes()).unwrap_err();
    assert!(
        errors.0[0].message.contains("give --rotations-until"),
        "{errors}"
    );
}

#[test]
fn scenario_with_another_rotation_horizon() {
    let inst = loaded("2028-06-30");
    let s = &scenarios(
        &inst,
        "longer,*,*,rotations_until,2029-06-30\nshorter,*,*,rotations_until,2027-06-30\nshorter,position,*,count,+1\n",
    );
    // The same seats as a load with that horizon; the baseline's first.
    let longer = applied(&inst, &s[0]);
    assert_eq!(seats(&longer), seats(&loaded("2029-06-30")));
    assert_eq!(seats(&longer)[..11], seats(&inst)[..]);
    let shorter = applied(&inst, &s[1]);
    assert_eq!(shorter.positions.len(), 6);
    assert_eq!(
        shorter.rotations.as_ref().unwrap().until,
        date("2027-06-30")
    );
    // `*` changes the positions of positions.csv, not the seats.
    assert_eq!(shorter.positions[5].count, 1, "a seat both keep");
    assert_eq!(shorter.positions[0].count, inst.positions[0].count + 1);
    // Solved through the binary, with the baseline's pin on a later seat.
    let dir = tempfile::tempdir().unwrap();
    let pins = "officer_id,mission_id,role\nT1,BINUH,team_leader@2027-07-18\n";
    let data = fixture_with(dir.path(), &[("pins.csv", pins)]);
    let file = dir.path().join("scenarios.csv");
    std::fs::write(
        &file,
        "scenario,target,id,field,value\nlonger,*,*,rotations_until,2029-06-30\nshorter,*,*,rotations_until,2027-06-30\n",
    )
    .unwrap();
    let out = dir.path().join("whatif");
    whatif_ok(&data, &file, &out, &["--rotations-until", "2028-06-30"]);
    let pinned = |name: &str| {
        csv_rows(&read(&out.join(name).join("assignments.csv")))
            .into_iter()
            .any(|r| r["officer_id"] == "T1" && r["pinned"] == "yes")
    };
    assert!(pinned("longer"), "the pin stays on its seat");
    assert!(!pinned("shorter"), "the seat and its pin are gone");
}

/// A letter names a successor seat by its role and the day its tour
/// starts, in the letter's language, never by its id (`role@date`).
#[test]
fn letters_name_successor_seats_by_role_and_start() {
    let tmp = tempfile::tempdir().unwrap();
    let data = full_sample_copy(tmp.path());
    for (lang, start) in [("en", "(tour from "), ("fr", "(affectation à compter du ")] {
        let out_dir = tmp.path().join(format!("letters-{lang}"));
        let out = run_letters(
            &data,
            &out_dir,
            &["-q", "--lang", lang, "--rotations-until", "2028-06-30"],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        // The letters, and the selection in words in the mail merge (its
        // `role` and `standby` columns, and the compact MISSION/ROLE labels
        // of the reasons, keep the seats' ids, as data).
        let decisions: String = csv_rows(&read(&out_dir.join("letters.csv")))
            .iter()
            .filter(|r| r["outcome"] == "selected")
            .map(|r| r["decision"].clone())
            .collect();
        let page = read(&out_dir.join("letters.html"));
        assert!(
            !decisions.contains("@20") && !page.contains("@20"),
            "{lang}: a seat id in a letter"
        );
        assert!(decisions.contains(start) && page.contains(start), "{lang}");
    }
}

/// A plan with successor seats checked without `--rotations-until` says
/// what is missing instead of only that the seats do not exist.
#[test]
fn verify_without_the_horizon_says_the_seats_need_it() {
    let tmp = tempfile::tempdir().unwrap();
    let data = full_sample_copy(tmp.path());
    let out_dir = tmp.path().join("out");
    let out = run_match(&data, &out_dir, &["-q", "--rotations-until", "2028-06-30"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Beside its summary.json the plan is checked with the horizon its
    // run recorded; a copy elsewhere needs the flag.
    verify_ok(&data, &out_dir.join("assignments.csv"));
    let plan = tmp.path().join("plan.csv");
    std::fs::copy(out_dir.join("assignments.csv"), &plan).unwrap();
    let out = run_verify(&data, &plan);
    assert_eq!(out.status.code(), Some(2));
    assert_says(
        &out.stderr,
        "a successor seat, derived only with --rotations-until",
    );
}

/// A scenario that changes a position's months plans its successor seats
/// again (a seat stays its position's months, so the successors of
/// successors start on other days), and one that changes a position's
/// requirements or priority changes its seats too: the scenario's
/// positions are those of the edited files, seat by seat.
#[test]
fn scenarios_change_the_seats_that_follow_a_position() {
    let inst = loaded("2028-06-30");
    let edited = |file: &str, from: &str, to: &str| {
        let dir = tempfile::tempdir().unwrap();
        let text = std::fs::read_to_string(fixture().join(file)).unwrap();
        assert!(text.contains(from), "{file} holds {from}");
        let data = fixture_with(dir.path(), &[(file, &text.replace(from, to))]);
        let inst = load_with(&data, &options(Some("2028-06-30")))
            .unwrap()
            .instance;
        (dir, inst)
    };
    let requirements = |inst: &Instance| -> Vec<String> {
        inst.position_ixs()
            .map(|p| {
                let pos = &inst.positions[p.0];
                format!(
                    "{} {:?} {:?} {:?}",
                    inst.position_label(p),
                    pos.min_rank,
                    pos.min_years,
                    pos.priority
                )
            })
            .collect()
    };
    let cases = [
        (
            "short,mission,BINUH,months,6",
            ("missions.csv", "2027-01-15,12", "2027-01-15,6"),
        ),
        (
            "short,position,UNMISS/investigator,months,3",
            ("positions.csv", "2027-06-01,6", "2027-06-01,3"),
        ),
        (
            "senior,position,BINUH/advisor,min_years,20\nsenior,position,BINUH/advisor,priority,3",
            (
                "positions.csv",
                "BINUH,advisor,2,sergeant,,,,,,,",
                "BINUH,advisor,2,sergeant,20,,,,3,,",
            ),
        ),
    ];
    for (rows, (file, from, to)) in cases {
        let s = &scenarios(&inst, &format!("{rows}\n"))[0];
        let out = applied(&inst, s);
        let (_dir, want) = edited(file, from, to);
        assert_eq!(seats(&out), seats(&want), "{rows}");
        assert_eq!(requirements(&out), requirements(&want), "{rows}");
        assert_ne!(
            (seats(&out), requirements(&out)),
            (seats(&inst), requirements(&inst)),
            "{rows}: the seats change"
        );
    }
}

/// A `count` row with a wildcard changes the positions of positions.csv,
/// not their successor seats (one seat per officer coming home), exactly
/// as the same edit of positions.csv does.
#[test]
fn a_count_row_leaves_the_successor_seats_as_they_are() {
    let inst = loaded("2028-06-30");
    let s = &scenarios(&inst, "more,position,BINUH/*,count,+1\n")[0];
    let out = applied(&inst, s);
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture().join("positions.csv")).unwrap();
    let text = text
        .replace("BINUH,team_leader,1,", "BINUH,team_leader,2,")
        .replace("BINUH,advisor,2,", "BINUH,advisor,3,");
    let data = fixture_with(dir.path(), &[("positions.csv", &text)]);
    let want = load_with(&data, &options(Some("2028-06-30")))
        .unwrap()
        .instance;
    assert_eq!(seats(&out), seats(&want));
    assert!(
        seats(&out)
            .iter()
            .any(|s| s.starts_with("BINUH/team_leader@") && s.contains(" 1 ")),
        "{:?}",
        seats(&out)
    );
    assert_eq!(solve_verified(&out).levels, solve_verified(&want).levels);
    // A row naming a seat changes it, whether or not its mission is `*`.
    for id in ["BINUH/advisor@2027-03-18", "*/advisor@2027-03-18"] {
        let s = &scenarios(&inst, &format!("one,position,{id},count,+1\n"))[0];
        let seat = inst.find_position("BINUH", "advisor@2027-03-18").unwrap();
        let out = applied(&inst, s);
        assert_eq!(
            out.positions[seat.0].count,
            inst.positions[seat.0].count + 1,
            "{id}"
        );
    }
}

/// A pin on a successor seat follows the seat by name when a scenario
/// plans the seats again, and is reported dropped, with the reason, when
/// the scenario plans no seat of that name.
#[test]
fn a_pin_on_a_seat_a_scenario_plans_again() {
    let dir = tempfile::tempdir().unwrap();
    let first = "BINUH,advisor@2027-03-18";
    let data = fixture_with(dir.path(), &[]);
    let inst = load_with(&data, &options(Some("2028-06-30")))
        .unwrap()
        .instance;
    let second = seats(&inst)
        .into_iter()
        .find(|s| s.starts_with("BINUH/advisor@2028"))
        .expect("a second advisor seat");
    let second = second.split(' ').next().unwrap().replace('/', ",");
    let officer = |p: &str, not: &str| {
        let (m, r) = p.split_once(',').unwrap();
        let position = inst.find_position(m, r).unwrap();
        inst.officer_ixs()
            .filter(|&o| inst.officers[o.0].id != not)
            .find(|&o| rules::eligible(&inst, o, position))
            .map(|o| inst.officers[o.0].id.clone())
            .unwrap()
    };
    let a = officer(first, "");
    let b = officer(&second, &a);
    let pins = format!("officer_id,mission_id,role\n{a},{first}\n{b},{second}\n");
    std::fs::write(data.join("pins.csv"), pins).unwrap();
    let inst = load_with(&data, &options(Some("2028-06-30")))
        .unwrap()
        .instance;
    let s = &scenarios(&inst, "short,mission,BINUH,months,6\n")[0];
    let out = applied(&inst, s);
    let held: Vec<String> = out
        .pins
        .iter()
        .map(|pin| {
            format!(
                "{} {}",
                out.officers[pin.officer.0].id,
                out.position_label(pin.position)
            )
        })
        .collect();
    assert_eq!(held, [format!("{a} {}", first.replace(',', "/"))]);
    let dropped = missionmatch::scenario::dropped_pins(&inst, s, &out);
    assert_eq!(dropped.len(), 1);
    assert_eq!(inst.officers[dropped[0].0.officer.0].id, b);
    assert_eq!(
        dropped[0].1,
        missionmatch::scenario::PinDropped::SeatReplanned
    );
}

/// `whatif` compares a scenario that plans the seats again with the
/// baseline by mission and role: the officers it counts as moved, added
/// and dropped are those whose seat names differ between the two
/// assignments.csv files, and a row naming a seat whose place in the list
/// moves still reaches that seat.
#[test]
fn whatif_counts_moves_by_seat_name_after_seats_are_planned_again() {
    let inst = loaded("2028-06-30");
    let seat = "UNMISS/investigator@2027-12-03";
    let rows = format!("short,mission,BINUH,months,6\nshort,position,{seat},count,+1\n");
    let s = &scenarios(&inst, &rows)[0];
    let out = applied(&inst, s);
    let at = |inst: &Instance| {
        let (m, r) = seat.split_once('/').unwrap();
        let p = inst.find_position(m, r).unwrap();
        (p, inst.positions[p.0].count)
    };
    let (before, count) = at(&inst);
    let (after, now) = at(&out);
    assert_ne!(before, after, "the seat's place in the list moves");
    assert_eq!(now, count + 1);

    let dir = tempfile::tempdir().unwrap();
    let scenarios_file = dir.path().join("scenarios.csv");
    std::fs::write(
        &scenarios_file,
        format!("scenario,target,id,field,value\n{rows}"),
    )
    .unwrap();
    let w = dir.path().join("w");
    whatif_ok(
        &fixture(),
        &scenarios_file,
        &w,
        &["-q", "--rotations-until", "2028-06-30"],
    );
    let placed = |dir: &str| -> BTreeMap<String, String> {
        csv_rows(&read(&w.join(dir).join("assignments.csv")))
            .into_iter()
            .map(|r| {
                (
                    r["officer_id"].clone(),
                    format!("{}/{}", r["mission_id"], r["role"]),
                )
            })
            .collect()
    };
    let (base, scen) = (placed("baseline"), placed("short"));
    let moved = base
        .iter()
        .filter(|(o, p)| scen.get(*o).is_some_and(|q| q != *p))
        .count();
    let added = scen.keys().filter(|o| !base.contains_key(*o)).count();
    let dropped = base.keys().filter(|o| !scen.contains_key(*o)).count();
    let row = csv_rows(&read(&w.join("whatif.csv")))
        .into_iter()
        .find(|r| r["scenario"] == "short")
        .unwrap();
    assert_eq!(
        (
            row["moved"].clone(),
            row["added"].clone(),
            row["dropped"].clone()
        ),
        (moved.to_string(), added.to_string(), dropped.to_string())
    );
}

/// The reason a pin on a seat is dropped is its own: a shorter horizon
/// drops it even when the scenario also changes the months of another
/// position with seats.
#[test]
fn a_dropped_seat_pin_names_its_own_reason() {
    let dir = tempfile::tempdir().unwrap();
    let data = fixture_with(dir.path(), &[]);
    let inst = load_with(&data, &options(Some("2028-06-30")))
        .unwrap()
        .instance;
    let seat = inst.find_position("BINUH", "advisor@2028-03-04").unwrap();
    let officer = inst
        .officer_ixs()
        .find(|&o| rules::eligible(&inst, o, seat))
        .unwrap();
    let id = inst.officers[officer.0].id.clone();
    let pins = format!("officer_id,mission_id,role\n{id},BINUH,advisor@2028-03-04\n");
    std::fs::write(data.join("pins.csv"), pins).unwrap();
    let inst = load_with(&data, &options(Some("2028-06-30")))
        .unwrap()
        .instance;
    let s = &scenarios(
        &inst,
        "early,*,*,rotations_until,2027-12-31\nearly,position,UNMISS/investigator,months,3\n",
    )[0];
    let out = applied(&inst, s);
    let dropped = missionmatch::scenario::dropped_pins(&inst, s, &out);
    assert_eq!(dropped.len(), 1);
    assert_eq!(
        dropped[0].1,
        missionmatch::scenario::PinDropped::BeyondHorizon
    );
}

/// The handover must be shorter than every tour it hands over, not the
/// first alone: a month-long tour that starts at the end of January is
/// 28 days, so with 28 days of overlap its successor's seat would end the
/// day its own does, and the rotations would stop there without a word.
#[test]
fn an_overlap_as_long_as_a_later_tour_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let positions = format!(
        "{}BINUH,courier,1,,,,,,,2027-01-01,1\n",
        read(&fixture().join("positions.csv"))
    );
    let deployments = format!(
        "{}TPS,T5,BINUH,courier,,2027-01-31\n",
        read(&fixture().join("deployments.csv"))
    );
    let data = fixture_with(
        tmp.path(),
        &[
            ("positions.csv", &positions),
            ("deployments.csv", &deployments),
        ],
    );
    let with = |overlap_days| LoadOptions {
        overlap_days,
        ..options(Some("2027-06-30"))
    };
    let errors = load_with(&data, &with(28)).unwrap_err();
    assert_eq!(
        errors,
        ["--overlap-days: '28': is not shorter than a tour of BINUH/courier (1 month) starting on 2027-01-31: in the seat T5 holds (deployments.csv line 8), the successor arriving then would be away until 2027-02-27, no later than the successor they replace, away until 2027-02-27"]
    );
    // One day less, and the seats run on to the horizon.
    let inst = load_with(&data, &with(27)).unwrap().instance;
    let last = seats(&inst)
        .into_iter()
        .rfind(|s| s.contains("courier@"))
        .unwrap();
    assert!(last.contains("courier@2027-06-"), "{last}");
}

/// A scenario that shortens a position's tours below the handover is an
/// error on its row, as the same files would be.
#[test]
fn a_scenario_shortening_tours_below_the_overlap_is_an_error() {
    let inst = load_with(
        &fixture(),
        &LoadOptions {
            overlap_days: 30,
            ..options(Some("2028-06-30"))
        },
    )
    .unwrap()
    .instance;
    let file = "scenario,target,id,field,value\nshort,position,BINUH/advisor,months,1\n";
    let errors = missionmatch::scenario::parse_scenarios(&inst, "scenarios.csv", file.as_bytes())
        .unwrap_err();
    let text = errors.0[0].to_string();
    assert!(
        text.contains("with the scenario's changes, --overlap-days 30 is not shorter than a tour of BINUH/advisor (1 month) starting on"),
        "{text}"
    );
}

/// A row of deployments.csv naming a position but for case or spaces is
/// warned about with rotations: its seat would not be planned again.
#[test]
fn a_deployment_naming_a_position_but_for_case_is_warned_about() {
    let tmp = tempfile::tempdir().unwrap();
    let deployments = read(&fixture().join("deployments.csv"))
        .replace("DRPS,D9,BINUH,team_leader,", "DRPS,D9,Binuh,team leader,");
    let data = fixture_with(tmp.path(), &[("deployments.csv", &deployments)]);
    let loaded = load_with(&data, &options(Some("2028-06-30"))).unwrap();
    assert!(
        loaded.warnings.contains(&"deployments.csv:2: Binuh/team leader names no position of positions.csv (did you mean BINUH/team_leader? ids and roles are case-sensitive): its seat is not planned again".to_string()),
        "{:?}",
        loaded.warnings
    );
}
