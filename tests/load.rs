//! Loading: each input convention and each kind of input error, with
//! its exact message.

use missionmatch::io::{load, InputPaths, LoadOptions, Loaded};
use missionmatch::model::{Gender, Rank};
use std::path::Path;

const SERVICES: &str = "service_id,name,province,sworn_officers,max_deployed,deployed_now\nTPS,Toronto Police Service,ON,5568,,6\nDRPS,Durham Regional Police Service,ON,880,3,1\n";
const MISSIONS: &str = "mission_id,name,country,organization,start,months,min_women_share,language,min_language_share,max_per_service\nBINUH,UN Integrated Office in Haiti,Haiti,UN,2027-01-15,6,0.3,fr:B2,0.5,2\nUNMISS,UN Mission in South Sudan,South Sudan,UN,2027-03-01,12,,,,\n";
const POSITIONS: &str = "mission_id,role,count,min_rank,min_years,languages,skills,leadership,priority\nBINUH,trainer,2,sergeant,5,fr:B1,training,no,2\nUNMISS,investigator,1,,,en,investigation,,\n";
const OFFICERS: &str = "officer_id,name,service_id,gender,rank,years_service,languages,skills,leadership,board_score,preferences,excluded,available_from,available_until\nO1,Amélie Fontaine,TPS,F,Staff Sergeant,14,fr:C1;en:C2,training;investigation,Yes,88,BINUH;UNMISS,,,\nO2,Liam Grewal,DRPS,M,constable,4,en:B2,investigation,N,70,,BINUH,2027-01-01,2028-12-31\n";

fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let base = [
        ("services.csv", SERVICES),
        ("missions.csv", MISSIONS),
        ("positions.csv", POSITIONS),
        ("officers.csv", OFFICERS),
    ];
    for (name, text) in base {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn load_dir(dir: &Path) -> Result<Loaded, Vec<String>> {
    load(&InputPaths::in_dir(dir), &LoadOptions::default())
        .map_err(|(e, _)| e.0.iter().map(|e| e.to_string()).collect())
}

/// The input errors of the default folder with these services,
/// positions, officers and pins.
fn pin_errors(services: &str, positions: &str, officers: &str, pins: &str) -> Vec<String> {
    errors_with(&[
        ("services.csv", services),
        ("positions.csv", positions),
        ("officers.csv", officers),
        ("pins.csv", pins),
    ])
}

/// The pin errors of one Durham officer pinned to UNMISS's one
/// investigator seat, under `services`.
fn lone_pin_errors(services: &str) -> Vec<String> {
    let officers =
        "officer_id,name,service_id,gender,rank,years_service\nD1,Officer 1,DRPS,F,sergeant,9\n";
    let positions = "mission_id,role,count\nBINUH,trainer,2\nUNMISS,investigator,1\n";
    let pins = "officer_id,mission_id,role\nD1,UNMISS,investigator\n";
    pin_errors(services, positions, officers, pins)
}

/// The warnings of the default folder with `files` in place of its own
/// (the folder must load).
fn warnings_with(files: &[(&str, &str)]) -> Vec<String> {
    let dir = folder(files);
    load_dir(dir.path()).expect("loads").warnings
}

fn errors_with(files: &[(&str, &str)]) -> Vec<String> {
    let dir = folder(files);
    load_dir(dir.path()).expect_err("expected input errors")
}

#[test]
fn valid_folder_loads_with_defaults() {
    let dir = folder(&[]);
    let loaded = load_dir(dir.path()).unwrap();
    let inst = &loaded.instance;
    assert_eq!(inst.services[0].max_deployed, 55, "floor(5568 × 0.01)");
    assert_eq!(inst.services[0].capacity(), 49, "55 − 6 deployed now");
    assert_eq!(inst.services[1].capacity(), 2);
    assert_eq!(inst.missions[0].end.to_string(), "2027-07-14");
    assert_eq!(inst.missions[1].min_women_share, 0.0);
    assert_eq!(inst.positions[1].priority, 1.0);
    assert_eq!(inst.officers[0].rank, Rank::StaffSergeant);
    assert!(inst.officers[0].leadership);
    assert!(!inst.officers[1].leadership);
    assert_eq!(inst.officers[0].gender, Gender::F);
    assert!(loaded.warnings.is_empty());
    assert_eq!(loaded.files.len(), 4);
    assert_eq!(loaded.files[0].sha256.len(), 64);
}

#[test]
fn bom_crlf_spaces_case_and_unknown_columns() {
    let officers = "\u{feff}officer_id , name,service_id,gender,rank,years_service,languages,skills,leadership,notes\r\n O1 , Amélie Fontaine ,TPS, f ,DEPUTY-CHIEF, 14 , FR:c1 ; en:C2 ,Training; ,TRUE,call back\r\n";
    let dir = folder(&[("officers.csv", officers)]);
    let loaded = load_dir(dir.path()).unwrap();
    let o = &loaded.instance.officers[0];
    assert_eq!(o.id, "O1");
    assert_eq!(o.name, "Amélie Fontaine");
    assert_eq!(o.rank, Rank::Executive);
    assert_eq!(o.languages.len(), 2);
    assert_eq!(o.languages[0].0.as_str(), "fr");
    assert!(o.skills.contains("training"));
    assert!(o.leadership);
    // (That officer has no investigation skill, so that warning as well.)
    assert_eq!(
        loaded.warnings,
        [
            "officers.csv: ignoring unknown column(s): notes",
            "positions.csv: no officer has the skill 'investigation' that UNMISS/investigator requires: nobody is eligible there"
        ]
    );
}

#[test]
fn release_share_sets_default_capacity() {
    let dir = folder(&[]);
    let loaded = load(
        &InputPaths::in_dir(dir.path()),
        &LoadOptions {
            release_share: 0.002,
            ..LoadOptions::default()
        },
    )
    .unwrap();
    assert_eq!(
        loaded.instance.services[0].max_deployed, 11,
        "floor(5568 × 0.002)"
    );
    assert_eq!(
        loaded.instance.services[1].max_deployed, 3,
        "given values are kept"
    );
}

/// Line numbers are the file's, with LF, CRLF or CR line ends, blank
/// lines and a field quoted over two lines counted.
#[test]
fn line_numbers_with_lf_crlf_and_cr_line_ends() {
    let services = "service_id,name,province,sworn_officers,max_deployed,deployed_now\nTPS,Toronto,ON,1000,,\n\n\"SPVM\",\"Service de police\nde Montréal\",QC,many,,\nRCMP,RCMP,,x,,\n";
    for end in ["\n", "\r\n", "\r"] {
        let text = services.replace('\n', end);
        let errors: Vec<String> = errors_with(&[("services.csv", &text)])
            .into_iter()
            .filter(|e| e.starts_with("services.csv"))
            .collect();
        assert_eq!(
            errors,
            [
                "services.csv:4:4 (sworn_officers): 'many': expected a whole number from 0 to 1000000",
                "services.csv:6:4 (sworn_officers): 'x': expected a whole number from 0 to 1000000",
            ],
            "line end {end:?}"
        );
    }
}

/// The errors that stop a whole file (bytes that are not UTF-8, a quote
/// never closed) name the same line whatever the line ends.
#[test]
fn whole_file_errors_name_the_line_with_any_line_end() {
    let head = "service_id,name,province,sworn_officers,max_deployed,deployed_now\nTPS,Toronto,ON,1000,,\n\n";
    for end in ["\n", "\r\n", "\r"] {
        let quoted = format!("{head}RCMP,\"RCMP,,10,,\n").replace('\n', end);
        assert_eq!(
            errors_with(&[("services.csv", &quoted)]),
            ["services.csv:4: a quote (\") opened on this line is never closed"],
            "line end {end:?}"
        );
        let dir = folder(&[]);
        let mut latin1 = head.replace('\n', end).into_bytes();
        latin1.extend_from_slice(b"SPVM,Montr\xe9al,QC,10,,");
        std::fs::write(dir.path().join("services.csv"), latin1).unwrap();
        assert_eq!(
            load_dir(dir.path()).err().unwrap(),
            ["services.csv:4: file is not valid UTF-8 (save it as CSV UTF-8)"],
            "line end {end:?}"
        );
    }
}

#[test]
fn every_error_is_reported_at_once_with_file_line_column() {
    let services = "service_id,name,province,sworn_officers,max_deployed,deployed_now\nTPS,Toronto,ON,many,,\nTPS,Toronto again,ON,10,,\n";
    let missions = "mission_id,name,start,months,min_women_share,language,min_language_share\nBINUH,Haiti,2026-02-30,0,1.5,fr:Z9,0.5\nUNMISS,South Sudan,2027-03-01,12,0.3333,,0.4\n";
    let officers = "officer_id,name,service_id,gender,rank,years_service,languages,board_score,preferences\nO1,A,NOPE,Q,sargent,-3,fr,101,MARS\nO2,B,TPS,M,constable,3,en:C1,50,UNMISS;UNMISS\n";
    let errors = errors_with(&[
        ("services.csv", services),
        ("missions.csv", missions),
        ("officers.csv", officers),
    ]);
    let expected = [
        "services.csv:2:4 (sworn_officers): 'many': expected a whole number from 0 to 1000000",
        "services.csv:3:1 (service_id): 'TPS': duplicate service_id, first defined on line 2",
        "missions.csv:2:3 (start): '2026-02-30': expected a date YYYY-MM-DD",
        "missions.csv:2:4 (months): '0': expected a whole number from 1 to 1200",
        "missions.csv:2:5 (min_women_share): '1.5': expected a share between 0 and 1 with at most three decimals",
        "missions.csv:2:6 (language): 'fr:Z9': expected a language as code:level, e.g. fr:B2",
        "missions.csv:3:5 (min_women_share): '0.3333': expected a share between 0 and 1 with at most three decimals",
        "missions.csv:3:7 (min_language_share): '0.4': min_language_share > 0 needs a mission language in column 'language'",
        "officers.csv:2:3 (service_id): 'NOPE': unknown id: not defined in services.csv",
        "officers.csv:2:4 (gender): 'Q': expected F, M or X",
        "officers.csv:2:5 (rank): 'sargent': expected a rank: constable, corporal, sergeant, staff_sergeant, inspector, superintendent, chief_superintendent or executive (or an alias such as sergeant_major, commissioner, chief)",
        "officers.csv:2:6 (years_service): '-3': expected a whole number from 0 to 100",
        "officers.csv:2:7 (languages): 'fr': 'fr' has no level: write it as fr:B2 (CEFR A1..C2)",
        "officers.csv:2:8 (board_score): '101': expected a score between 0 and 100 with at most two decimals",
        "officers.csv:2:9 (preferences): 'MARS': unknown id: not defined in missions.csv",
    ];
    // BINUH's mission row is broken but its id is remembered, so the
    // position referring to BINUH raises no second, cascading error.
    assert_eq!(errors, expected);
}

#[test]
fn repeated_preference_warns_and_counts_first_place() {
    let officers = "officer_id,name,service_id,gender,rank,years_service,preferences\nO1,A,TPS,F,constable,3,UNMISS;UNMISS;BINUH\n";
    let dir = folder(&[("officers.csv", officers)]);
    let loaded = load_dir(dir.path()).unwrap();
    assert_eq!(
        loaded.warnings[0],
        "officers.csv:2: mission UNMISS repeated in preferences; only its first place counts, and the missions after it move up"
    );
    // BINUH, given third, is the second choice.
    let inst = &loaded.instance;
    let ids: Vec<&str> = inst.officers[0]
        .preferences
        .iter()
        .map(|m| inst.missions[m.0].id.as_str())
        .collect();
    assert_eq!(ids, ["UNMISS", "BINUH"]);
    // The rest: this officer has none of the positions' skills and
    // speaks no language.
    assert!(loaded.warnings[1..]
        .iter()
        .all(|w| w.contains("no officer has the skill") || w.contains("no officer speaks")));
    assert_eq!(loaded.instance.officers[0].preferences.len(), 2);
}

/// Preferences are the officer's, exclusions usually HR's: a mission in
/// both is a warning, the exclusion wins (no pair is eligible) and the
/// officer's other choices keep the places the officer gave them.
#[test]
fn preferred_and_excluded_warns_and_the_exclusion_wins() {
    let officers = "officer_id,name,service_id,gender,rank,years_service,languages,skills,preferences,excluded\nO1,A,TPS,F,sergeant,9,fr:C1;en:C2,training;investigation,BINUH;UNMISS,BINUH\n";
    let dir = folder(&[("officers.csv", officers)]);
    let loaded = load_dir(dir.path()).unwrap();
    assert_eq!(
        loaded.warnings,
        ["officers.csv:2: officer O1 prefers mission BINUH but is excluded from it: the exclusion wins (the other preferences keep their places)"]
    );
    let inst = &loaded.instance;
    let (binuh, unmiss) = (
        missionmatch::model::MissionIx(0),
        missionmatch::model::MissionIx(1),
    );
    let o = missionmatch::model::OfficerIx(0);
    assert_eq!(inst.preference_rank(o, unmiss), Some(2));
    let pairs = missionmatch::rules::eligible_pairs(inst);
    assert!(pairs
        .iter()
        .all(|&(_, p)| inst.positions[p.0].mission != binuh));
    assert!(pairs
        .iter()
        .any(|&(_, p)| inst.positions[p.0].mission == unmiss));
}

#[test]
fn missing_file_and_missing_column() {
    let dir = folder(&[("positions.csv", "mission_id,role\nBINUH,trainer\n")]);
    std::fs::remove_file(dir.path().join("services.csv")).unwrap();
    let errors = load_dir(dir.path()).err().unwrap();
    assert!(
        errors[0].starts_with("services.csv: file not found at "),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e
            == "positions.csv:1: missing required column 'count' (header has: mission_id, role)"),
        "{errors:?}"
    );
}

/// A misspelt optional column is an error naming the column meant (read
/// as written, its values would be lost: every board score 0, every
/// exclusion dropped); a misspelt required one says which column it is
/// meant to be, and the officers' ids it leaves unknown raise no errors of
/// their own in the files that refer to them.
#[test]
fn misspelt_columns_name_the_column_meant() {
    let misspelt = OFFICERS.replacen("board_score", "Board Scor", 1);
    assert_eq!(
        errors_with(&[("officers.csv", &misspelt)]),
        ["officers.csv:1:10 (Board Scor): unknown column: did you mean 'board_score'? (as written, the column is ignored and its values lost)"]
    );
    let misspelt = OFFICERS.replacen("years_service", "years_servce", 1);
    let scores = "officer_id,mission_id,score\nO1,BINUH,90\nO2,UNMISS,80\n";
    let errors = errors_with(&[("officers.csv", &misspelt), ("scores.csv", scores)]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("officers.csv:1: missing required column 'years_service': is 'years_servce' meant to be 'years_service'?"),
        "{errors:?}"
    );
    // Two letters off a long name may be a column of the file's own: a
    // warning naming the column it may mean.
    let dir = folder(&[(
        "officers.csv",
        &OFFICERS.replacen("excluded", "included", 1),
    )]);
    let loaded = load_dir(dir.path()).unwrap();
    assert_eq!(
        loaded.warnings,
        ["officers.csv: ignoring unknown column(s): included (did you mean 'excluded'? as written its values are ignored)"]
    );
    // A column far from every known one stays a warning.
    let dir = folder(&[("officers.csv", &OFFICERS.replacen("excluded", "notes", 1))]);
    let loaded = load_dir(dir.path()).unwrap();
    assert_eq!(
        loaded.warnings,
        ["officers.csv: ignoring unknown column(s): notes"]
    );
}

#[test]
fn malformed_rows_and_encoding() {
    let errors = errors_with(&[("positions.csv", "mission_id,role,count\nBINUH,trainer\n")]);
    assert_eq!(errors, ["positions.csv:2: 2 fields, the header has 3"]);
    let dir = folder(&[]);
    std::fs::write(
        dir.path().join("officers.csv"),
        b"officer_id,name,service_id,gender,rank,years_service\nO1,Am\xe9lie,TPS,F,constable,3\n",
    )
    .unwrap();
    let errors = load_dir(dir.path()).err().unwrap();
    assert_eq!(
        errors,
        ["officers.csv:2: file is not valid UTF-8 (save it as CSV UTF-8)"]
    );
}

/// A stray quote that opens a cell takes the rows below into it, up to
/// the next quote: read as one cell, those officers would be lost with no
/// error (the merged record can have the header's number of fields). A
/// cell typed on two lines (no separators on its second) stays a cell.
#[test]
fn a_stray_quote_taking_rows_into_one_cell_is_an_error() {
    let head = "officer_id,name,service_id,gender,rank,years_service\n";
    let stray = format!(
        "{head}O1,\"Amélie,TPS,F,constable,3\nO2,Liam,DRPS,M,constable,4\nO3,Wei \"W\" Li,TPS,F,sergeant,9\n"
    );
    assert_eq!(
        errors_with(&[("officers.csv", &stray)]),
        ["officers.csv:2: the cell of column name opens with a quote (\") on line 2 and closes only on line 4, taking the rows between into one cell: is the quote a stray one? (a quoted cell may hold line breaks, not rows)"]
    );
    let two_lines =
        format!("{head}O1,\"Amélie\nFontaine\",TPS,F,constable,3\nO2,Liam,DRPS,M,constable,4\n");
    let loaded = load_dir(folder(&[("officers.csv", &two_lines)]).path()).expect("loads");
    assert_eq!(loaded.instance.officers.len(), 2);
    assert_eq!(loaded.instance.officers[0].name, "Amélie\nFontaine");
}

#[test]
fn duplicate_role_and_bad_position_values() {
    let positions = "mission_id,role,count,min_rank,leadership,priority\nBINUH,trainer,1,,,\nBINUH,trainer,0,general,maybe,-1\n";
    let errors = errors_with(&[("positions.csv", positions)]);
    assert_eq!(
        errors,
        [
            "positions.csv:3:3 (count): '0': expected a whole number from 1 to 10000",
            "positions.csv:3:4 (min_rank): 'general': expected a rank: constable, corporal, sergeant, staff_sergeant, inspector, superintendent, chief_superintendent or executive (or an alias such as sergeant_major, commissioner, chief)",
            "positions.csv:3:5 (leadership): 'maybe': expected yes or no (or true/false, y/n, 1/0, oui/non, vrai/faux)",
            "positions.csv:3:6 (priority): '-1': expected a number from 0.01 to 100 with at most two decimals",
            "positions.csv:3:2 (role): 'trainer': duplicate role in mission, first defined on line 2",
        ]
    );
}

/// Ids may not hold the characters that join ids elsewhere: `*` (every
/// id in a what-if scenario), `;` in the ids lists join. The rows
/// referring to them are not reported as unknown too.
#[test]
fn ids_may_not_hold_the_characters_that_join_ids() {
    let services = "service_id,name,sworn_officers,max_deployed\nTPS;DRPS,Two services,5568,3\n*,Every service,880,3\nDRPS,Durham,880,3\n";
    let missions = "mission_id,name,start,months\nBINUH;2,Haiti,2027-01-15,6\nUNMISS,South Sudan,2027-03-01,12\n";
    let positions = "mission_id,role,count\nBINUH;2,trainer,1\nUNMISS,*,1\nUNMISS,investigator,1\n";
    let officers = "officer_id,name,service_id,gender,rank,years_service\nO*1,One,DRPS,F,sergeant,9\nO2,Two,TPS;DRPS,M,sergeant,9\n";
    let errors = errors_with(&[
        ("services.csv", services),
        ("missions.csv", missions),
        ("positions.csv", positions),
        ("officers.csv", officers),
    ]);
    assert_eq!(
        errors,
        [
            "services.csv:2:1 (service_id): 'TPS;DRPS': the service_id may not contain ';', which separates ids in lists (preferences, excluded, services_at_capacity)",
            "services.csv:3:1 (service_id): '*': the service_id may not contain '*', which stands for every id in what-if scenarios",
            "missions.csv:2:1 (mission_id): 'BINUH;2': the mission_id may not contain ';', which separates ids in lists (preferences, excluded, services_at_capacity)",
            "positions.csv:3:2 (role): '*': the role may not contain '*', which stands for every role in what-if scenarios",
            "officers.csv:2:1 (officer_id): 'O*1': the officer_id may not contain '*', which stands for every id in what-if scenarios",
        ]
    );
}

/// Priorities from 0.01 to 100, at most two decimals: seats a million
/// times apart in worth would sit within the solver's tolerances.
#[test]
fn priorities_stay_within_their_range() {
    let positions = "mission_id,role,count,priority\nBINUH,a,1,0.01\nBINUH,b,1,100\nBINUH,c,1,7.25\nBINUH,d,1,0.001\nBINUH,e,1,1000\nBINUH,f,1,1.255\n";
    let errors = errors_with(&[("positions.csv", positions)]);
    let expected = "expected a number from 0.01 to 100 with at most two decimals";
    assert_eq!(
        errors,
        [
            format!("positions.csv:5:4 (priority): '0.001': {expected}"),
            format!("positions.csv:6:4 (priority): '1000': {expected}"),
            format!("positions.csv:7:4 (priority): '1.255': {expected}"),
        ]
    );
}

#[test]
fn scores_and_pins_reference_known_ids() {
    let scores = "officer_id,mission_id,score\nO1,BINUH,90\nO1,BINUH,80\nO9,BINUH,50\n";
    let pins = "officer_id,mission_id,role\nO1,BINUH,cook\n";
    let errors = errors_with(&[("scores.csv", scores), ("pins.csv", pins)]);
    assert_eq!(
        errors,
        [
            "scores.csv:3:2 (mission_id): 'BINUH': duplicate score for this officer and mission, first on line 2",
            "scores.csv:4:1 (officer_id): 'O9': unknown id: not defined in officers.csv",
            "pins.csv:2:3 (role): 'cook': no such role in mission BINUH (positions.csv)",
        ]
    );
}

#[test]
fn pin_breaking_a_rule_names_pin_and_rule() {
    // O2 is a constable, excluded from BINUH, without French.
    let errors = errors_with(&[("pins.csv", "officer_id,mission_id,role\nO2,BINUH,trainer\n")]);
    assert_eq!(
        errors,
        [
            "pins.csv:2: pin of O2 to BINUH/trainer (line 2) breaks eligibility rule rank: rank constable is below the required sergeant",
            "pins.csv:2: pin of O2 to BINUH/trainer (line 2) breaks eligibility rule experience: 4 years of service, 5 required",
            "pins.csv:2: pin of O2 to BINUH/trainer (line 2) breaks eligibility rule language: fr:B1 required, officer has no fr",
            "pins.csv:2: pin of O2 to BINUH/trainer (line 2) breaks eligibility rule skills: missing skill training",
            "pins.csv:2: pin of O2 to BINUH/trainer (line 2) breaks eligibility rule excluded: BINUH is in the officer's excluded list",
        ]
    );
}

#[test]
fn pins_breaking_a_hard_constraint_name_the_constraint() {
    let services =
        "service_id,name,sworn_officers,max_deployed\nTPS,Toronto,5568,1\nDRPS,Durham,880,3\n";
    let officers = "officer_id,name,service_id,gender,rank,years_service,languages,skills\nO1,A,TPS,F,sergeant,9,fr:B2,training\nO2,B,TPS,F,sergeant,9,fr:B2,training\n";
    let pins =
        "officer_id,mission_id,role\nO1,BINUH,trainer\nO2,BINUH,trainer\nO1,UNMISS,investigator\n";
    let errors = errors_with(&[
        ("services.csv", services),
        ("officers.csv", officers),
        ("pins.csv", pins),
    ]);
    assert_eq!(
        errors,
        [
            "pins.csv:4: pin of O1 to UNMISS/investigator (line 4) breaks eligibility rule language: en required, officer has no en",
            "pins.csv:4: pin of O1 to UNMISS/investigator (line 4) breaks eligibility rule skills: missing skill investigation",
            "pins.csv:2: pins on lines 2, 4 place officer O1 2 times; constraint one_position_per_officer allows 1",
            "pins.csv:2: pins on lines 2, 3 place 2 officers of Toronto (TPS); constraint service_capacity allows 1",
        ]
    );
}

/// Durham releases 3 officers; five pins place Durham officers, and the
/// first two pin the same officer. The set named for Durham's capacity
/// must conflict on its own while every strict subset fits, checked
/// independently with the plan verifier.
#[test]
fn conflicting_pins_are_named_by_a_smallest_set() {
    let services =
        "service_id,name,sworn_officers,max_deployed\nTPS,Toronto,5568,10\nDRPS,Durham,880,3\n";
    let positions =
        "mission_id,role,count,languages,skills\nBINUH,trainer,2,,\nUNMISS,investigator,10,,\n";
    let mut officers = String::from("officer_id,name,service_id,gender,rank,years_service\n");
    for i in 1..=5 {
        officers.push_str(&format!("D{i},Officer {i},DRPS,F,sergeant,9\n"));
    }
    let pins = "officer_id,mission_id,role\nD1,UNMISS,investigator\nD1,BINUH,trainer\nD2,UNMISS,investigator\nD3,UNMISS,investigator\nD4,UNMISS,investigator\nD5,UNMISS,investigator\n";
    let files = [
        ("services.csv", services),
        ("positions.csv", positions),
        ("officers.csv", officers.as_str()),
        ("pins.csv", pins),
    ];
    let errors = errors_with(&files);
    assert_eq!(
        errors,
        [
            "pins.csv:2: pins on lines 2, 3 place officer D1 2 times; constraint one_position_per_officer allows 1",
            "pins.csv:2: pins on lines 2, 4, 5, 6 place 4 officers of Durham (DRPS); constraint service_capacity allows 3 (pins on lines 2, 4, 5, 6, 7 all count here)",
        ]
    );
    // Independently, with the plan verifier: the named pins as a plan
    // break a hard constraint; every strict subset breaks none.
    let dir = folder(&files[..3]);
    let inst = load_dir(dir.path()).unwrap().instance;
    let check = |lines: &[usize]| -> usize {
        let pairs = lines
            .iter()
            .map(|&line| {
                let row: Vec<&str> = pins.lines().nth(line - 1).unwrap().split(',').collect();
                let o = inst.officers.iter().position(|o| o.id == row[0]).unwrap();
                let p = inst.find_position(row[1], row[2]).unwrap();
                (missionmatch::model::OfficerIx(o), p)
            })
            .collect();
        let plan = missionmatch::plan::Plan::new(&inst, pairs);
        missionmatch::verify::verify(&inst, &plan).len()
    };
    let named = [2, 4, 5, 6];
    assert!(check(&named) > 0, "the named pins must conflict");
    for leave_out in 0..named.len() {
        let mut rest = named.to_vec();
        rest.remove(leave_out);
        assert_eq!(check(&rest), 0, "pins on lines {rest:?} must fit");
    }
}

/// A skill a position requires that no officer has is a warning (a
/// misspelling would otherwise show only as nobody eligible), naming the
/// officers' skill it is nearest.
#[test]
fn a_skill_nobody_has_is_a_warning() {
    let positions = POSITIONS.replacen("investigation", "investigaton", 1);
    assert_eq!(
        warnings_with(&[("positions.csv", &positions)]),
        ["positions.csv: no officer has the skill 'investigaton' that UNMISS/investigator requires (did you mean 'investigation'?): nobody is eligible there"]
    );
}

/// Skills compare as ranks are read: `Human-Rights`, `human rights` and
/// `human_rights` are one skill, so a spelling that differs that way
/// neither warns nor makes anybody ineligible.
#[test]
fn skill_spellings_that_differ_by_case_space_or_hyphen_are_one_skill() {
    let positions = POSITIONS.replacen("training", "Human-Rights", 1);
    let officers = OFFICERS.replacen("training;investigation", "human rights;investigation", 1);
    let dir = folder(&[("positions.csv", &positions), ("officers.csv", &officers)]);
    let loaded = load_dir(dir.path()).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let inst = &loaded.instance;
    assert_eq!(inst.positions[0].skills, ["human_rights"]);
    assert!(inst.officers[0].skills.contains("human_rights"));
}

/// A language no officer speaks, required by a position or worked in by a
/// mission with a language target, is a warning (a wrong code would
/// otherwise only show as nobody eligible, or a target never met).
#[test]
fn a_language_nobody_speaks_is_a_warning() {
    let positions = POSITIONS.replacen("fr:B1", "zz:B1", 1);
    let missions = MISSIONS.replacen("fr:B2,0.5", "qq,0.5", 1);
    assert_eq!(
        warnings_with(&[("positions.csv", &positions), ("missions.csv", &missions)]),
        [
            "missions.csv: no officer speaks 'qq', the working language of BINUH: its language target cannot be met",
            "positions.csv: no officer speaks 'zz', which BINUH/trainer requires: nobody is eligible there",
        ]
    );
}

/// A workbook beside the CSV file of the same name is not read, and a
/// warning says so.
#[test]
fn a_workbook_beside_its_csv_file_is_named_as_unread() {
    let dir = folder(&[]);
    std::fs::write(dir.path().join("officers.xlsx"), b"not read").unwrap();
    let loaded = load_dir(dir.path()).unwrap();
    let csv = dir.path().join("officers.csv");
    assert_eq!(
        loaded.warnings,
        [format!(
            "{} is read, not {} beside it (remove or rename the one not meant)",
            csv.display(),
            csv.with_extension("xlsx").display()
        )]
    );
}

/// A pin conflict on a service's limit says how much of the limit the
/// officers already away take, so "allows 2" does not contradict a
/// max_deployed of 3.
#[test]
fn a_pin_conflict_counts_the_officers_already_away() {
    let services = "service_id,name,sworn_officers,max_deployed,deployed_now\nTPS,Toronto,5568,10,\nDRPS,Durham,880,3,1\n";
    let positions =
        "mission_id,role,count,languages,skills\nBINUH,trainer,2,,\nUNMISS,investigator,10,,\n";
    let mut officers = String::from("officer_id,name,service_id,gender,rank,years_service\n");
    for i in 1..=3 {
        officers.push_str(&format!("D{i},Officer {i},DRPS,F,sergeant,9\n"));
    }
    let pins = "officer_id,mission_id,role\nD1,UNMISS,investigator\nD2,UNMISS,investigator\nD3,UNMISS,investigator\n";
    let errors = pin_errors(services, positions, &officers, pins);
    assert_eq!(
        errors,
        ["pins.csv:2: pins on lines 2, 3, 4 place 3 officers of Durham (DRPS); constraint service_capacity allows 2 (max_deployed 3, 1 already away then)"]
    );
}

#[test]
fn a_pin_conflict_counts_officers_away_beyond_the_limit() {
    // 5 away and a limit of 3: the message says 5, not the 3 the limit caps.
    let services = "service_id,name,sworn_officers,max_deployed,deployed_now\nTPS,Toronto,5568,10,\nDRPS,Durham,880,3,5\n";
    let errors = lone_pin_errors(services);
    assert_eq!(
        errors,
        ["pins.csv:2: the pin on line 2 places 1 officer of Durham (DRPS); constraint service_capacity allows 0 (max_deployed 3, 5 already away then)"]
    );
}

#[test]
fn columns_with_no_name_at_the_end_are_not_read() {
    // A spreadsheet's trailing separators: empty header cells, empty cells.
    let services = "service_id,name,province,sworn_officers,max_deployed,deployed_now,,\nTPS,Toronto Police Service,ON,5568,,6,,\nDRPS,Durham Regional Police Service,ON,880,3,1,,\n";
    let loaded = load_dir(folder(&[("services.csv", services)]).path()).unwrap();
    assert_eq!(loaded.instance.services.len(), 2);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    // A value under a column with no name is not lost without a word.
    let services = "service_id,name,province,sworn_officers,max_deployed,deployed_now,\nTPS,Toronto Police Service,ON,5568,,6,note\nDRPS,Durham Regional Police Service,ON,880,3,1,\n";
    let loaded = load_dir(folder(&[("services.csv", services)]).path()).unwrap();
    assert_eq!(
        loaded.warnings,
        ["services.csv: ignoring the cells of column(s) 7: no name in the header"]
    );
}

#[test]
fn a_row_with_an_error_gives_no_second_error_where_it_is_named() {
    // A services row refused for its fields, a positions row for its
    // priority: the officer of that service and the pin on that position
    // are not reported as unknown too.
    let services = "service_id,name,province,sworn_officers,max_deployed,deployed_now\nTPS,Toronto Police Service,ON,5568,,6\nDRPS,Durham Regional Police Service,ON,880,3,1,extra\n";
    let positions = "mission_id,role,count,priority\nBINUH,trainer,2,0\nUNMISS,investigator,1,\n";
    let pins = "officer_id,mission_id,role\nO1,BINUH,trainer\n";
    let errors = errors_with(&[
        ("services.csv", services),
        ("positions.csv", positions),
        ("pins.csv", pins),
    ]);
    assert_eq!(
        errors,
        [
            "services.csv:3: 7 fields, the header has 6",
            "positions.csv:2:4 (priority): '0': expected a number from 0.01 to 100 with at most two decimals",
        ]
    );
    // A file with a header and no rows, or none at all: one error.
    let errors = errors_with(&[("services.csv", "service_id,name,sworn_officers\n")]);
    assert_eq!(
        errors,
        ["services.csv:2: the file has a header but no rows: at least one service is needed"]
    );
    let dir = folder(&[("pins.csv", pins)]);
    std::fs::remove_file(dir.path().join("positions.csv")).unwrap();
    let errors = load_dir(dir.path()).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("positions.csv: file not found"),
        "{errors:?}"
    );
}

#[test]
fn messages_say_how_to_write_what_was_meant() {
    let missions = MISSIONS.replace("0.3,fr:B2", "35,fr:B2");
    let officers = OFFICERS
        .replace("fr:C1;en:C2", "fr:B3")
        .replace(",Yes,88", ",x,88")
        .replace("Amélie Fontaine", "\"Fontaine, A.\"")
        .replace("O2,Liam Grewal", "O2,  \"Grewal, L.\"");
    let errors = errors_with(&[("missions.csv", &missions), ("officers.csv", &officers)]);
    assert_eq!(
        errors,
        [
            "missions.csv:2:7 (min_women_share): '35': expected a share between 0 and 1 with at most three decimals (a percentage? 35 % is written 0.35)",
            // (A row refused for its fields is reported as the file is read.)
            "officers.csv:3: 15 fields, the header has 14 (a cell with spaces before its opening quote is not read as quoted, so a separator inside it splits it: remove the spaces)",
            "officers.csv:2:7 (languages): 'fr:B3': 'B3' in 'fr:B3' is not a CEFR level: expected A1, A2, B1, B2, C1 or C2",
            "officers.csv:2:9 (leadership): 'x': expected yes or no (or true/false, y/n, 1/0, oui/non, vrai/faux)",
        ]
    );
    // A title above the table.
    let errors = errors_with(&[("services.csv", "Services 2027,,,\nTPS,Toronto,5568,\n")]);
    assert_eq!(
        errors,
        ["services.csv:1: the first row is not a header ('Services 2027' and empty cells): is it a title? The column names must be the first row"]
    );
    // One known column and empty ones: columns missing, not a title.
    let errors = errors_with(&[("pins.csv", "officer_id,,\nO1,,\n")]);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].starts_with("pins.csv:1: missing required column 'mission_id'"),
        "{errors:?}"
    );
}

/// Durham may have one officer away at once.
const DURHAM_RELEASES_ONE: &str =
    "service_id,name,sworn_officers,max_deployed\nTPS,Toronto,5568,10\nDRPS,Durham,880,1\n";
/// Two Durham officers, eligible anywhere the positions below ask nothing.
const DURHAM_PAIR: &str = "officer_id,name,service_id,gender,rank,years_service\nD1,Officer 1,DRPS,F,sergeant,9\nD2,Officer 2,DRPS,M,sergeant,9\n";
/// The two pinned to the whole BINUH and UNMISS tours.
const PAIR_PINNED: &str = "officer_id,mission_id,role\nD1,BINUH,trainer\nD2,UNMISS,investigator\n";

/// Pins that overfill a service on several check days are one error
/// naming the days, not one error per day: every day of the stretch the
/// pins are away together over the limit, not only the check days.
#[test]
fn a_pin_conflict_over_several_days_is_one_error_naming_them() {
    // The May and June tours do not overlap, so the limit is checked on
    // both of their first days (each with tours away the other lacks);
    // the two pinned officers (BINUH from 2027-01-15 for 6 months, UNMISS
    // from 2027-03-01) are away together from 2027-03-01 to 2027-07-14.
    let positions = "mission_id,role,count,start,months\nBINUH,trainer,2,,\nUNMISS,investigator,1,,\nUNMISS,advisor,1,2027-05-01,1\nUNMISS,trainer,1,2027-06-01,1\n";
    let errors = pin_errors(DURHAM_RELEASES_ONE, positions, DURHAM_PAIR, PAIR_PINNED);
    assert_eq!(
        errors,
        ["pins.csv:2: pins on lines 2, 3 place 2 officers of Durham (DRPS) away from 2027-03-01 to 2027-07-14; constraint service_capacity allows 1"]
    );
}

/// Pins over a mission's limit per service name the service as a
/// service's limit does, by name and id.
#[test]
fn a_pin_conflict_over_a_mission_limit_names_the_service() {
    let missions = MISSIONS.replace(",UN,2027-03-01,12,,,,\n", ",UN,2027-03-01,12,,,,1\n");
    let positions =
        "mission_id,role,count\nBINUH,trainer,2\nUNMISS,investigator,1\nUNMISS,advisor,1\n";
    let pins = "officer_id,mission_id,role\nD1,UNMISS,investigator\nD2,UNMISS,advisor\n";
    let errors = errors_with(&[
        (
            "services.csv",
            DURHAM_RELEASES_ONE.replace(",880,1\n", ",880,5\n").as_str(),
        ),
        ("missions.csv", &missions),
        ("positions.csv", positions),
        ("officers.csv", DURHAM_PAIR),
        ("pins.csv", pins),
    ]);
    assert_eq!(
        errors,
        ["pins.csv:2: pins on lines 2, 3 place 2 officers of Durham (DRPS) in UNMISS; constraint mission_service_limit allows 1"]
    );
}

/// A limit derived from the release share says so, so that "allows 0"
/// does not look like a typo in services.csv.
#[test]
fn a_pin_conflict_names_a_limit_derived_from_the_release_share() {
    let services =
        "service_id,name,sworn_officers,max_deployed\nTPS,Toronto,5568,10\nDRPS,Durham,50,\n";
    let errors = lone_pin_errors(services);
    assert_eq!(
        errors,
        ["pins.csv:2: the pin on line 2 places 1 officer of Durham (DRPS); constraint service_capacity allows 0 (max_deployed 0 from the release share of its 50 sworn officers)"]
    );
}

#[test]
fn one_officer_away_beyond_the_limit_is_one_officer() {
    let services = "service_id,name,sworn_officers,max_deployed,deployed_now\nTPS,Toronto,5568,10,\nDRPS,Durham,880,0,1\n";
    let dir = folder(&[("services.csv", services)]);
    let loaded = load_dir(dir.path()).unwrap();
    assert_eq!(
        loaded.warnings,
        ["service DRPS: 1 officer away on every day, more than its max_deployed 0: it can release nobody whose tour covers those days"]
    );
}

/// Days with the same pins over the limit are one error even when a day
/// with other pins comes between them; that day is its own error.
#[test]
fn a_pin_conflict_joins_its_days_around_another() {
    // The March, April and May tours overlap no other of the three, so the
    // limit is checked on each of their first days; D3 is away in April.
    let positions = "mission_id,role,count,start,months\nBINUH,trainer,2,,\nUNMISS,investigator,1,,\nUNMISS,analyst,1,2027-03-01,1\nUNMISS,advisor,1,2027-04-01,1\nUNMISS,trainer,1,2027-05-01,1\n";
    let officers = format!("{DURHAM_PAIR}D3,Officer 3,DRPS,M,sergeant,9\n");
    let pins = format!("{PAIR_PINNED}D3,UNMISS,advisor\n");
    let errors = pin_errors(DURHAM_RELEASES_ONE, positions, &officers, &pins);
    assert_eq!(
        errors,
        [
            "pins.csv:2: pins on lines 2, 3 place 2 officers of Durham (DRPS) away from 2027-03-01 to 2027-03-31 and from 2027-05-01 to 2027-07-14; constraint service_capacity allows 1",
            "pins.csv:2: pins on lines 2, 3 place 2 officers of Durham (DRPS) away from 2027-04-01 to 2027-04-30; constraint service_capacity allows 1 (pins on lines 2, 3, 4 all count here)",
        ]
    );
}

/// Five check days over the limit with the same pins are the one stretch
/// they lie in, not a list of dates.
#[test]
fn a_pin_conflict_over_many_days_names_their_span() {
    // Five one-month tours that do not overlap, each a check day on which
    // the two pinned officers (BINUH, UNMISS) are away.
    let mut positions = String::from(
        "mission_id,role,count,start,months\nBINUH,trainer,2,,\nUNMISS,investigator,1,,\n",
    );
    for month in 3..=7 {
        positions.push_str(&format!("UNMISS,advisor{month},1,2027-{month:02}-01,1\n"));
    }
    let errors = pin_errors(DURHAM_RELEASES_ONE, &positions, DURHAM_PAIR, PAIR_PINNED);
    assert_eq!(
        errors,
        ["pins.csv:2: pins on lines 2, 3 place 2 officers of Durham (DRPS) away from 2027-03-01 to 2027-07-14; constraint service_capacity allows 1"]
    );
}

/// One officer pinned twice breaks one position per officer, and no
/// other limit: they are one officer away, not two, for their service.
#[test]
fn an_officer_pinned_twice_counts_once_against_their_service() {
    let services = SERVICES.replace(
        "DRPS,Durham Regional Police Service,ON,880,3,1",
        "DRPS,Durham Regional Police Service,ON,880,1,",
    );
    let positions = format!("{POSITIONS}UNMISS,analyst,1,,,en,,,\n");
    let pins = "officer_id,mission_id,role\nO2,UNMISS,investigator\nO2,UNMISS,analyst\n";
    assert_eq!(
        pin_errors(&services, &positions, OFFICERS, pins),
        ["pins.csv:2: pins on lines 2, 3 place officer O2 2 times; constraint one_position_per_officer allows 1"]
    );
}

/// The over-limit warning names every stretch over the limit, each whole:
/// a stretch ends where the count falls back within the limit, not where
/// someone else leaves.
#[test]
fn officers_away_over_the_limit_are_named_by_whole_stretches() {
    let services = "service_id,name,sworn_officers,max_deployed,deployed_now\nTPS,Toronto,5568,10,\nDRPS,Durham,880,1,\n";
    let deployments = "service_id,officer_id,mission_id,role,start,until\n\
                       DRPS,X1,,,,2027-05-31\n\
                       DRPS,X2,,,,2027-05-31\n\
                       DRPS,X3,,,2027-02-01,2027-03-01\n\
                       DRPS,X4,,,2027-09-01,2027-09-30\n\
                       DRPS,X5,,,2027-09-30,2027-10-31\n";
    let dir = folder(&[("services.csv", services), ("deployments.csv", deployments)]);
    let loaded = load_dir(dir.path()).unwrap();
    assert_eq!(
        loaded.warnings,
        ["service DRPS: up to 3 officers away until 2027-05-31 and 2 officers away on 2027-09-30, more than its max_deployed 1: it can release nobody whose tour covers those days"]
    );
}

/// "More than a year before the first mission starts" counts from the day
/// an officer comes home (the day after their last day away), by the
/// calendar: home on 2026-01-15 for a mission starting on 2027-01-15 is a
/// year exactly, and no warning.
#[test]
fn a_return_long_ago_is_counted_from_the_day_home() {
    let deployments = "service_id,officer_id,mission_id,role,start,until\n\
                       TPS,X1,,,,2026-01-14\n\
                       TPS,X2,,,,2026-01-13\n";
    let services =
        "service_id,name,sworn_officers,max_deployed\nTPS,Toronto,5568,10\nDRPS,Durham,880,3\n";
    let dir = folder(&[("services.csv", services), ("deployments.csv", deployments)]);
    let loaded = load_dir(dir.path()).unwrap();
    let long_ago: Vec<&String> = loaded
        .warnings
        .iter()
        .filter(|w| w.contains("more than a year before"))
        .collect();
    assert_eq!(
        long_ago,
        ["deployments.csv:3: X2 comes home on 2026-01-14 (away until 2026-01-13), more than a year before the first mission starts (2027-01-15): is the year right? With --rotations-until their successor seats are planned from then on"]
    );
}

/// Typos a board makes that would read as something else, unseen: an
/// officer of officers.csv named in deployments.csv but for case (read as
/// someone outside the pool, the officer would be planned while away),
/// two roles of a mission differing only by case (two positions), and a
/// last return still to come (the year mistyped).
#[test]
fn typos_that_would_read_as_something_else_are_caught() {
    let services =
        "service_id,name,sworn_officers,max_deployed\nTPS,Toronto,5568,10\nDRPS,Durham,880,3\n";
    let deployments = "service_id,officer_id,mission_id,role,start,until\n\
                       TPS,o1,,,,2027-06-30\n\
                       TPS,X9,,,,2027-06-30\n";
    let errors = errors_with(&[("services.csv", services), ("deployments.csv", deployments)]);
    assert_eq!(
        errors,
        ["deployments.csv:2:2 (officer_id): 'o1': differs only by case from officer O1 of officers.csv: ids are case-sensitive (write O1, or another id for an officer outside the pool)"]
    );
    let positions = "mission_id,role,count\nBINUH,trainer,2\nBINUH,Trainer,1\nUNMISS,trainer,1\n";
    assert_eq!(
        errors_with(&[("positions.csv", positions)]),
        ["positions.csv:3:2 (role): 'Trainer': role 'Trainer' differs only by case from 'trainer' on line 2: roles of a mission must differ by more than case"]
    );
    let officers = OFFICERS.replace("\n", ",\n").replacen(
        "available_until,\n",
        "available_until,last_return\n",
        1,
    );
    let officers = officers.replacen(",,,,\n", ",,,,2030-01-01\n", 1);
    let warnings = warnings_with(&[("officers.csv", &officers)]);
    assert_eq!(
        warnings,
        ["officers.csv: O1's last_return 2030-01-01 is after the first mission starts (2027-01-15): is the year right? A return still to come is a row of deployments.csv; as written, they can take no tour starting before it"]
    );
}

/// A header ending with separators (a spreadsheet's unnamed last
/// columns) over rows that stop before them: the rows are read, since
/// those columns are not.
#[test]
fn rows_may_leave_out_the_header_s_unnamed_last_columns() {
    let services =
        "service_id,name,sworn_officers,max_deployed,,\nTPS,Toronto,5568,10\nDRPS,Durham,880,3,\n";
    let loaded = load_dir(folder(&[("services.csv", services)]).path()).expect("loads");
    assert_eq!(loaded.instance.services.len(), 2);
    assert_eq!(loaded.instance.services[1].max_deployed, 3);
    // A row shorter than the named columns is still refused.
    let short =
        "service_id,name,sworn_officers,max_deployed,\nTPS,Toronto,5568\nDRPS,Durham,880,3\n";
    assert_eq!(
        errors_with(&[("services.csv", short)]),
        ["services.csv:2: 3 fields, the header has 5"]
    );
}

/// Cells are compared in Unicode's composed form and without invisible
/// characters around them: a skill typed `enquête` on one system and
/// `enque\u{302}te` (e and a combining circumflex) on another is one
/// skill, and an id pasted with a zero-width space or a stray byte-order
/// mark is the id.
#[test]
fn cells_compare_composed_and_without_invisible_characters() {
    let positions =
        "mission_id,role,count,skills\nBINUH,trainer,2,enquête\nUNMISS,investigator,1,\n";
    let officers = "officer_id,name,service_id,gender,rank,years_service,skills\n\
                    O1,Amélie,TPS,F,sergeant,14,enque\u{302}te\n\
                    \u{FEFF}O2,Liam,DRPS\u{200B},M,constable,4,\n";
    let pins = "officer_id,mission_id,role\nO1\u{200B},BINUH,trainer\n";
    let dir = folder(&[
        ("positions.csv", positions),
        ("officers.csv", officers),
        ("pins.csv", pins),
    ]);
    let loaded = load_dir(dir.path()).expect("loads");
    let inst = &loaded.instance;
    assert_eq!(
        inst.officers[0].skills.iter().collect::<Vec<_>>(),
        ["enquête"]
    );
    assert_eq!(inst.officers[1].id, "O2");
    assert_eq!(inst.services[inst.officers[1].service.0].id, "DRPS");
    assert_eq!(inst.pins.len(), 1);
    assert!(
        loaded.warnings.iter().all(|w| !w.contains("skill")),
        "{:?}",
        loaded.warnings
    );
}

/// A tour that would end after 9999-12-31 is an error on its row: every
/// date the outputs write is YYYY-MM-DD.
#[test]
fn a_tour_ending_after_9999_is_an_error() {
    let missions = "mission_id,name,start,months\nBINUH,Haiti,9999-12-31,1200\nUNMISS,South Sudan,2027-03-01,12\n";
    let positions = "mission_id,role,count,start,months\nBINUH,trainer,2,,\nUNMISS,investigator,1,9990-01-01,240\n";
    let dir = folder(&[("missions.csv", missions), ("positions.csv", positions)]);
    let errors = load_dir(dir.path()).unwrap_err();
    assert_eq!(
        errors,
        [
            "missions.csv:2:4 (months): '1200': the tour from 9999-12-31 of 1200 months would end after 9999-12-31",
            "positions.csv:3:5 (months): '240': the tour from 9990-01-01 of 240 months would end after 9999-12-31",
        ]
    );
}

/// The input errors of a load expected to fail, as printed.
fn failed_load(r: Result<Loaded, (missionmatch::error::InputErrors, Vec<String>)>) -> Vec<String> {
    r.err()
        .unwrap()
        .0
         .0
        .iter()
        .map(|e| e.to_string())
        .collect()
}

/// A formula in a workbook is read by the value a spreadsheet program
/// saved with it; a formula with no value saved, or an error such as
/// `#N/A`, is an input error naming the cell (read as empty or as text,
/// it would change the plan without a word).
#[test]
fn workbook_formulas_are_read_by_their_saved_values() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let book = |name: &str| root.join("tests/fixtures/workbooks").join(name);
    let with = |services: Option<&str>, officers: Option<&str>| {
        let mut paths = InputPaths::in_dir(&root.join("data"));
        if let Some(s) = services {
            paths.services = book(s);
        }
        if let Some(o) = officers {
            paths.officers = book(o);
        }
        load(&paths, &LoadOptions::default())
    };
    let saved = with(Some("services_formula_saved.xlsx"), None).unwrap();
    let drps = saved.instance.find_service("DRPS").unwrap();
    assert_eq!(saved.instance.services[drps.0].max_deployed, 4);
    let errors = failed_load;
    let unsaved = errors(with(Some("services_formula_unsaved.xlsx"), None));
    assert_eq!(unsaved.len(), 1, "{unsaved:?}");
    assert!(
        unsaved[0].contains("sheet services, cell F11: a formula with no value saved"),
        "{unsaved:?}"
    );
    let broken = errors(with(None, Some("officers_formula_error.xlsx")));
    assert!(
        broken[0].contains("sheet officers, cell B2: the formula error #N/A"),
        "{broken:?}"
    );
}

/// A table that starts below and right of cell A1 is read, and its
/// messages name the rows and columns as the sheet numbers them.
#[test]
fn a_workbook_table_off_a1_is_located_as_the_sheet_numbers_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let errors = |name: &str| -> Vec<String> {
        let mut paths = InputPaths::in_dir(&root.join("data"));
        paths.officers = root.join("tests/fixtures/workbooks").join(name);
        failed_load(load(&paths, &LoadOptions::default()))
    };
    assert_eq!(
        errors("officers_from_c3.xlsx"),
        ["officers_from_c3.xlsx[officers]:4:9 (languages): 'fr:Z9': 'Z9' in 'fr:Z9' is not a CEFR level: expected A1, A2, B1, B2, C1 or C2"]
    );
    let header = errors("officers_from_c3_header.xlsx");
    assert_eq!(header.len(), 1, "{header:?}");
    assert!(
        header[0].starts_with("officers_from_c3_header.xlsx[officers]:3: missing required column 'name': is 'nam' meant to be 'name'? (header has: officer_id, nam, service_id,"),
        "{header:?}"
    );
}

/// A file of the data folder named near an input file but not it
/// (`Pins.csv`, `deployment.csv`) is not read, and says so: the plan
/// would otherwise be made without the board's pins without a word.
#[test]
fn a_misnamed_input_file_is_warned_about() {
    let dir = folder(&[
        ("Pins.csv", "officer_id,mission_id,role\nO1,BINUH,trainer\n"),
        (
            "deployment.csv",
            "service_id,officer_id,mission_id,role,start,until\n",
        ),
        ("scenarios.csv", "scenario,target,id,field,value\n"),
    ]);
    let loaded = load_dir(dir.path()).unwrap();
    let place = dir.path().display().to_string();
    assert_eq!(
        loaded.warnings[..2],
        [
            format!("{place}: Pins.csv is not read: the file must be named pins.csv (or pins.xlsx) exactly"),
            format!("{place}: deployment.csv is not read: the file must be named deployments.csv (or deployments.xlsx) exactly"),
        ]
    );
    assert!(loaded.instance.pins.is_empty());
}

/// Rows of separators alone above the header (a spreadsheet's empty first
/// rows saved as CSV) are read as blank lines: the header below is found,
/// and every line keeps its number.
#[test]
fn separator_rows_above_the_header_are_blank_lines() {
    let services = format!(
        ";;;;;\r\n;;;;;\r\n{}",
        SERVICES.replace(',', ";").replace("880;3;1", "880;lots;1")
    );
    let dir = folder(&[("services.csv", &services)]);
    let errors = load_dir(dir.path()).unwrap_err();
    assert_eq!(
        errors,
        ["services.csv:5:5 (max_deployed): 'lots': expected a whole number from 0 to 100000"]
    );
}

/// Officers' skills joined by `/` (`training/investigation`) are read as
/// one skill nobody requires: one warning says so.
#[test]
fn skills_joined_by_a_slash_are_warned_about() {
    let officers = OFFICERS.replace("training;investigation", "training/investigation");
    let dir = folder(&[("officers.csv", &officers)]);
    let loaded = load_dir(dir.path()).unwrap();
    assert!(
        loaded.warnings.contains(&"officers.csv: O1's skill 'training/investigation' joins skills positions require with '/' or '|': it is read as one skill, so they are eligible nowhere that asks for one of them; separate skills with ';'".to_string()),
        "{:?}",
        loaded.warnings
    );
}

/// Missions joined by a comma in preferences or excluded are told to use
/// `;`, not called unknown.
#[test]
fn missions_joined_by_a_comma_get_a_hint() {
    let officers = OFFICERS.replace(",BINUH;UNMISS,", ",\"BINUH, UNMISS\",");
    let dir = folder(&[("officers.csv", &officers)]);
    let errors = load_dir(dir.path()).unwrap_err();
    assert_eq!(
        errors,
        ["officers.csv:2:11 (preferences): 'BINUH, UNMISS': 'BINUH, UNMISS' joins missions with ',': separate them with ';' (BINUH;UNMISS)"]
    );
    // A comma between a known mission and an unknown one is not read as
    // a list: the id is unknown.
    let officers = OFFICERS.replace(",BINUH;UNMISS,", ",\"BINUH,MONUSCO\",");
    let dir = folder(&[("officers.csv", &officers)]);
    let errors = load_dir(dir.path()).unwrap_err();
    assert_eq!(
        errors,
        ["officers.csv:2:11 (preferences): 'BINUH,MONUSCO': unknown id: not defined in missions.csv"]
    );
}

/// Three slips a board makes get a hint: a pin's role in another case, a
/// share written `30%`, languages joined by a comma.
#[test]
fn common_slips_get_a_hint() {
    let pins = "officer_id,mission_id,role\nO1,BINUH,Trainer\n";
    let missions = MISSIONS.replace(",0.3,fr:B2,", ",30%,fr:B2,");
    let officers = OFFICERS.replace("fr:C1;en:C2", "\"fr:C1,en:C2\"");
    let dir = folder(&[
        ("pins.csv", pins),
        ("missions.csv", &missions),
        ("officers.csv", &officers),
    ]);
    let errors = load_dir(dir.path()).unwrap_err();
    assert_eq!(
        errors,
        [
            "missions.csv:2:7 (min_women_share): '30%': expected a share between 0 and 1 with at most three decimals (a percentage? 30 % is written 0.3)",
            "officers.csv:2:7 (languages): 'fr:C1,en:C2': 'fr:C1,en:C2' holds a comma: separate languages with ';' (fr:C1;en:C2)",
        ],
        "the pin is read once officers.csv is"
    );
    let dir = folder(&[("pins.csv", pins)]);
    let errors = load_dir(dir.path()).unwrap_err();
    assert_eq!(
        errors,
        ["pins.csv:2:3 (role): 'Trainer': no such role in mission BINUH (positions.csv) (roles are case-sensitive: did you mean 'trainer'?)"]
    );
}
