//! Outputs that show time: the tours in assignments.csv, the peak of
//! officers away in service_summary.csv and the summary, and the days a
//! service's limit binds in the explanations.

mod common;

use common::*;
use missionmatch::explain::{Binding, Context, Full};
use missionmatch::io::export::{self, RunInfo};
use missionmatch::model::limits;
use missionmatch::model::*;
use missionmatch::plan::Plan;
use missionmatch::rules;
use missionmatch::solve::{Solution, SolveOptions};

/// A position of mission 0 with its own tour.
fn toured(role: &str, start: &str, months: u32) -> Position {
    let mut p = position(0, role, 1);
    p.start = date(start);
    p.months = months;
    p.end = p.start.tour_end(months);
    p.own_tour = (true, true);
    p
}

/// S0 may have one officer away at once; M0 asks for one seat from
/// January to June and one from July to December; A and B are of S0.
fn two_halves() -> Instance {
    let mut inst = skeleton(&[("S0", 1), ("S1", 5)], &["M0"]);
    inst.missions[0].start = date("2027-01-01");
    inst.missions[0].months = 12;
    inst.missions[0].end = date("2027-12-31");
    inst.positions.push(toured("jan", "2027-01-01", 6));
    inst.positions.push(toured("jul", "2027-07-01", 6));
    inst.officers.push(officer("A", 0, Gender::F, 95.0));
    inst.officers.push(officer("B", 0, Gender::M, 90.0));
    inst
}

/// [`two_halves`] with a third seat from April to September, overlapping
/// both, and C (S0) and D (S1, lower score) who could take it.
fn with_middle() -> Instance {
    let mut inst = two_halves();
    inst.positions.push(toured("mid", "2027-04-01", 6));
    inst.officers.push(officer("C", 0, Gender::F, 80.0));
    inst.officers.push(officer("D", 1, Gender::M, 60.0));
    inst
}

/// The CSV files of a solved instance, as `match` writes them.
fn outputs(inst: &Instance, sol: &Solution) -> Vec<(String, String)> {
    let pairs = rules::eligible_pairs(inst);
    let info = RunInfo {
        files: &[],
        options: serde_json::Value::Null,
        timings: Default::default(),
        capacity_values: None,
        previous: None,
        csv: Default::default(),
        passed_over_pairs: true,
        alternates: 5,
        alternate_costs: None,
        workbook: false,
        pins_dropped: None,
    };
    export::render(inst, sol, &pairs, &info)
        .unwrap()
        .into_iter()
        .map(|(name, bytes)| (name, String::from_utf8(bytes).unwrap()))
        .collect()
}

fn file(files: &[(String, String)], name: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let (_, text) = files.iter().find(|f| f.0 == name).unwrap();
    csv_rows(text)
}

#[test]
fn one_away_at_once_places_both_halves_and_shows_their_tours() {
    let inst = two_halves();
    assert!(inst.calendar().dated(&inst, ServiceIx(0)));
    let sol = solve_verified(&inst);
    assert_eq!(sol.plan.assignments.len(), 2, "both placed");
    let files = outputs(&inst, &sol);
    let assignments = file(&files, "assignments.csv");
    let tour = |id: &str| {
        let r = assignments.iter().find(|r| r["officer_id"] == id).unwrap();
        (r["role"].clone(), r["start"].clone(), r["end"].clone())
    };
    let (a, b) = (tour("A"), tour("B"));
    let mut tours = vec![(a.1.clone(), a.2.clone()), (b.1.clone(), b.2.clone())];
    tours.sort();
    assert_eq!(
        tours,
        vec![
            ("2027-01-01".to_string(), "2027-06-30".to_string()),
            ("2027-07-01".to_string(), "2027-12-31".to_string()),
        ]
    );
    // The columns follow `role`.
    let header = files[0].1.lines().next().unwrap();
    assert!(header.contains(",role,start,end,"), "{header}");
    let services = file(&files, "service_summary.csv");
    let s0 = &services[0];
    assert_eq!(s0["service_id"], "S0");
    assert_eq!(s0["assigned"], "2");
    assert_eq!(s0["peak_away"], "1");
    assert_eq!(s0["peak_date"], "2027-01-01");
    assert_eq!(s0["at_capacity"], "yes");
    assert_eq!(services[1]["peak_away"], "0");
    assert_eq!(services[1]["peak_date"], "");
    assert_eq!(services[1]["at_capacity"], "no");
    // The summary names the day of the peak, not 2 of a capacity of 1.
    let summary =
        missionmatch::report::text_summary(&inst, &sol, 0.0, None, missionmatch::report::Lang::En);
    assert!(
        summary.contains("Services at capacity: S0 (peak 1 of 1 away on 2027-01-01)\n"),
        "{summary}"
    );
    // The report draws S0 day by day, and M0's two tours.
    let info = missionmatch::report::html::ReportInfo {
        files: &[],
        seconds: 0.0,
        command: "test".into(),
        lang: missionmatch::report::Lang::En,
    };
    let pairs = rules::eligible_pairs(&inst);
    let cx = Context::new(&inst, &sol.plan, &pairs);
    let html = missionmatch::report::html::match_report(&inst, &sol, &cx, &info);
    let time = &html[html.find("id=\"time\"").unwrap()..html.find("id=\"funnel\"").unwrap()];
    assert!(time.contains("peak 1 of 1 away on 2027-01-01"), "{time}");
    assert!(time.contains("1/1 · 2027-01-01 to 2027-06-30"), "{time}");
    assert!(time.contains("1/1 · 2027-07-01 to 2027-12-31"), "{time}");
}

#[test]
fn an_overlapping_seat_is_explained_by_the_days_the_limit_binds() {
    let inst = with_middle();
    let pairs = rules::eligible_pairs(&inst);
    let sol = solve_verified(&inst);
    let (c, mid) = (OfficerIx(2), PositionIx(2));
    let ids = plan_ids(&inst, &sol);
    assert!(ids.contains(&("D".into(), "M0/mid".into())), "{ids:?}");
    assert_eq!(sol.plan.assignments.len(), 3);
    let cx = Context::new(&inst, &sol.plan, &pairs);
    let want = "service_capacity: S0 has 1 of 1 away from 2027-04-01 to 2027-09-30";
    let binding = cx.blocking(c, mid).unwrap();
    assert_eq!(
        binding,
        Binding::Full(Full::ServiceCapacity(
            ServiceIx(0),
            vec![(date("2027-04-01"), date("2027-09-30"), 1)]
        ))
    );
    assert_eq!(binding.text(&inst), want);
    // passed_over.csv: C outscores D in mid, S0 has no room then.
    let files = outputs(&inst, &sol);
    let passed = file(&files, "passed_over.csv");
    assert_eq!(passed.len(), 1, "{passed:?}");
    assert_eq!(passed[0]["officer_id"], "C");
    assert_eq!(passed[0]["positions"], "1");
    assert_eq!(passed[0]["reason"], want);
    let pairs_file = file(&files, "passed_over_pairs.csv");
    assert_eq!(pairs_file.len(), 1, "{pairs_file:?}");
    assert_eq!(pairs_file[0]["reason"], want);
    // explain --officer names the same days.
    let (_, text) = explain_officer(&inst, &sol, c, &SolveOptions::default());
    assert!(text.contains(&format!("binds: {want}")), "{text}");
}

#[test]
fn a_service_with_room_on_every_day_of_a_tour_is_not_full_for_it() {
    let inst = with_middle();
    let pairs = rules::eligible_pairs(&inst);
    // Only A (January to June) is placed: S0 has room from July.
    let plan = Plan::new(&inst, vec![(OfficerIx(0), PositionIx(0))]);
    assert!(missionmatch::verify::verify(&inst, &plan).is_empty());
    let uses = limits::service_use(&inst, &plan.assignments);
    assert!(uses[0].full && uses[0].at_capacity());
    assert_eq!(uses[0].full_during(&inst, PositionIx(1)), None);
    let cx = Context::new(&inst, &plan, &pairs);
    assert_eq!(
        cx.blocking(OfficerIx(1), PositionIx(1)),
        None,
        "jul has room"
    );
    assert_eq!(
        cx.blocking(OfficerIx(1), PositionIx(2))
            .unwrap()
            .text(&inst),
        "service_capacity: S0 has 1 of 1 away from 2027-04-01 to 2027-06-30"
    );
}

/// A service over its limit for six months, with two away at once
/// throughout but not the same two: C from April to September, with A
/// until June and B from July. Each span names only officers away
/// together, so removing one named fixes that span.
#[test]
fn a_violation_names_only_officers_away_at_the_same_time() {
    let inst = with_middle();
    let plan = Plan::new(
        &inst,
        vec![
            (OfficerIx(0), PositionIx(0)),
            (OfficerIx(1), PositionIx(1)),
            (OfficerIx(2), PositionIx(2)),
        ],
    );
    let messages: Vec<String> = missionmatch::verify::verify(&inst, &plan)
        .into_iter()
        .map(|v| format!("{}: {}", v.name, v.message))
        .collect();
    assert_eq!(
        messages,
        ["service_capacity: S0 has 2 of 1 away from 2027-04-01 to 2027-06-30: A, C from the plan; \
          S0 has 2 of 1 away from 2027-07-01 to 2027-09-30: B, C from the plan"]
    );
    // One of them already away from July (deployments.csv), B not placed:
    // the second span is C and one already away.
    let mut away = inst.clone();
    away.deployments.push(Deployment {
        service: ServiceIx(0),
        officer_id: String::new(),
        officer: None,
        mission_id: String::new(),
        role: String::new(),
        start: Some(date("2027-07-01")),
        until: date("2027-12-31"),
        line: 2,
    });
    let plan = Plan::new(
        &away,
        vec![(OfficerIx(0), PositionIx(0)), (OfficerIx(2), PositionIx(2))],
    );
    let messages: Vec<String> = missionmatch::verify::verify(&away, &plan)
        .into_iter()
        .map(|v| v.message)
        .collect();
    assert_eq!(
        messages,
        [
            "S0 has 2 of 1 away from 2027-04-01 to 2027-06-30: A, C from the plan; \
          S0 has 2 of 1 away from 2027-07-01 to 2027-09-30: C from the plan, 1 already away"
        ]
    );
}

/// An undated folder (the sample as it was before it learned time, kept in
/// tests/fixtures/undated: every two tours overlap, nobody away with a
/// return date) keeps its outputs, numbers and texts; the new columns hold
/// the one window every tour shares.
#[test]
fn an_undated_folder_keeps_its_outputs_apart_from_the_new_columns() {
    let undated = root().join("tests/fixtures/undated");
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    let out = run_match(&undated, &out_dir, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(
            "Services at capacity: DRPS (3/3), SPVQ (6/6), SRCMP (3/3), HRP (2/2), SPS (1/1), SPVG (3/3), RNC (2/2)\n"
        ),
        "{stdout}"
    );
    let inst = load_instance(&undated);
    for s in 0..inst.services.len() {
        assert!(!inst.calendar().dated(&inst, ServiceIx(s)));
    }
    let services = csv_rows(&read(&out_dir.join("service_summary.csv")));
    let drps = services.iter().find(|r| r["service_id"] == "DRPS").unwrap();
    let old: Vec<&str> = [
        "capacity",
        "deployed_now",
        "assigned",
        "remaining",
        "at_capacity",
    ]
    .iter()
    .map(|k| drps[*k].as_str())
    .collect();
    assert_eq!(old, ["3", "1", "3", "0", "yes"]);
    assert_eq!(drps["peak_away"], "4", "1 away already and 3 sent");
    for r in &services {
        let (cap, now, assigned): (u32, u32, u32) = (
            r["capacity"].parse().unwrap(),
            r["deployed_now"].parse().unwrap(),
            r["assigned"].parse().unwrap(),
        );
        assert_eq!(r["peak_away"], (now + assigned).to_string(), "{r:?}");
        let full = if assigned >= cap { "yes" } else { "no" };
        assert_eq!(r["at_capacity"], full, "{r:?}");
    }
    let assignments = csv_rows(&read(&out_dir.join("assignments.csv")));
    assert_eq!(assignments.len(), 92);
    for r in &assignments {
        let m = inst.find_mission(&r["mission_id"]).unwrap();
        let mission = &inst.missions[m.0];
        assert_eq!(r["start"], mission.start.to_string());
        assert_eq!(r["end"], mission.end.to_string());
    }
    verify_ok(&undated, &out_dir.join("assignments.csv"));
}
