//! Command-line conventions: help with examples, shell completions, colour
//! only on a terminal and never under NO_COLOR, `--json`, exit codes, and
//! spreadsheet-friendly CSV (`;` delimiter, decimal commas, a BOM) that
//! reads back unchanged.

mod common;

use common::*;
use std::process::Command;

const COMMANDS: [&str; 8] = [
    "match",
    "validate",
    "verify",
    "explain",
    "recommend",
    "whatif",
    "generate",
    "completions",
];

#[test]
fn every_command_has_help_with_an_example() {
    for command in COMMANDS {
        let out = run(&[command, "--help"]);
        assert!(out.status.success(), "{command} --help");
        let help = text(&out.stdout);
        assert!(
            help.contains("Example") && help.contains(&format!("missionmatch {command}")),
            "{command} --help has no example:\n{help}"
        );
    }
    let top = text(&run(&["--help"]).stdout);
    for command in COMMANDS {
        assert!(top.contains(command), "{command} missing from --help");
    }
}

#[test]
fn completions_for_bash_zsh_and_fish() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef missionmatch"),
        ("fish", "complete -c missionmatch"),
    ] {
        let out = run(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let script = text(&out.stdout);
        assert!(script.contains(marker), "{shell}: no '{marker}'");
        for command in ["match", "whatif", "explain"] {
            assert!(script.contains(command), "{shell}: no {command}");
        }
        assert!(script.contains("delimiter"), "{shell}: options missing");
    }
    let out = run(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Runs the binary under a pseudo-terminal (`script`), returning what the
/// terminal showed, or `None` when `script` is not installed.
fn on_terminal(args: &str, no_color: bool) -> Option<String> {
    let bin = env!("CARGO_BIN_EXE_missionmatch");
    let mut command = Command::new("script");
    command
        .args(["-qec", &format!("{bin} {args}"), "/dev/null"])
        .env_remove("NO_COLOR");
    if no_color {
        command.env("NO_COLOR", "1");
    }
    let out = command.output().ok()?;
    Some(text(&out.stdout))
}

#[test]
fn colour_only_on_a_terminal_and_never_under_no_color() {
    let bad = "validate --data /nonexistent-folder";
    // Not a terminal: plain text.
    let piped = run(&bad.split(' ').collect::<Vec<_>>());
    assert_eq!(piped.status.code(), Some(2));
    assert!(text(&piped.stderr).starts_with("error: "));
    assert!(!text(&piped.stderr).contains('\u{1b}'), "colour in a pipe");
    let Some(terminal) = on_terminal(bad, false) else {
        eprintln!("skipped the terminal half: `script` (util-linux) is not installed");
        return;
    };
    assert!(terminal.contains("error:"), "{terminal}");
    assert!(terminal.contains("\u{1b}["), "no colour on a terminal");
    let plain = on_terminal(bad, true).unwrap();
    assert!(plain.contains("error:"), "{plain}");
    assert!(
        !plain.contains("\u{1b}["),
        "colour under NO_COLOR: {plain:?}"
    );
    // The help is coloured by clap under the same rules.
    let help = on_terminal("match --help", true).unwrap();
    assert!(!help.contains("\u{1b}["), "coloured help under NO_COLOR");
}

#[test]
fn json_summaries_on_stdout() {
    let tmp = tempfile::tempdir().unwrap();
    let sample = sample();
    let data = arg(&sample);
    let out_dir = tmp.path().join("out");
    let out = run_match(&sample, &out_dir, &["--json"]);
    assert!(out.status.success());
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let written = read_json(&out_dir.join("summary.json"));
    assert_eq!(printed, written);
    assert_eq!(printed["status"], "optimal");
    assert_eq!(printed["seats"]["filled"], 101);

    let out = run(&["validate", "--json", "--data", data]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["counts"]["officers"], 400);
    assert_eq!(v["positions"].as_array().unwrap().len(), 37); // 30 positions, and 7 of the second contingents

    let plan = out_dir.join("assignments.csv");
    let out = run(&["verify", "--json", "--data", data, "--plan", arg(&plan)]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["violations"].as_array().unwrap().len(), 0);
    assert_eq!(
        v["levels"]["quality"],
        printed["levels"]["quality"]["value"]
    );

    let scenarios = sample.join("scenarios.csv");
    let whatif_out = tmp.path().join("w");
    let out = run(&[
        "whatif",
        "--json",
        "--data",
        data,
        "--scenarios",
        arg(&scenarios),
        "--out",
        arg(&whatif_out),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows[0]["scenario"], "baseline");
    let close = rows
        .iter()
        .find(|r| r["scenario"] == "close-minusca")
        .unwrap();
    assert_eq!(close["seats_vs_baseline"], -30);
    assert_eq!(close["moved"], 18);

    // Input errors: the error as JSON on stdout too (exit code 2).
    let bad = tmp.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    for f in ["services.csv", "missions.csv", "positions.csv"] {
        std::fs::copy(sample.join(f), bad.join(f)).unwrap();
    }
    let officers = read(&sample.join("officers.csv"));
    let mut lines: Vec<&str> = officers.lines().collect();
    let second = lines[2].replacen(
        lines[2].split(',').next().unwrap(),
        lines[1].split(',').next().unwrap(),
        1,
    );
    lines[2] = &second;
    std::fs::write(bad.join("officers.csv"), lines.join("\n") + "\n").unwrap();
    for command in ["validate", "match"] {
        let out_dir = tmp.path().join("x");
        let mut args = vec![command, "--json", "--data", arg(&bad)];
        if command == "match" {
            args.extend(["--out", arg(&out_dir)]);
        }
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{command}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["error"]["kind"], "input", "{command}");
        let errors = v["error"]["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{command}: {v}");
        assert_eq!(errors[0]["file"], "officers.csv");
        assert_eq!(errors[0]["line"], 3);
        assert_eq!(errors[0]["column"], "officer_id");
    }
}

/// Rewrites a comma CSV as a French-locale spreadsheet would save it:
/// `;` between cells and decimal commas.
fn to_french(bytes: &[u8]) -> Vec<u8> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    for record in reader.records() {
        let record = record.unwrap();
        let cells: Vec<String> = record
            .iter()
            .map(|c| {
                if c.parse::<f64>().is_ok() && c.contains('.') {
                    c.replace('.', ",")
                } else {
                    c.to_string()
                }
            })
            .collect();
        writer.write_record(&cells).unwrap();
    }
    writer.into_inner().unwrap()
}

#[test]
fn semicolon_files_with_a_bom_read_back_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    // The sample data as a French-locale spreadsheet saves it.
    let french = tmp.path().join("fr");
    std::fs::create_dir(&french).unwrap();
    for entry in std::fs::read_dir(sample()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            let bytes = std::fs::read(&path).unwrap();
            std::fs::write(french.join(path.file_name().unwrap()), to_french(&bytes)).unwrap();
        }
    }
    let comma_out = tmp.path().join("comma");
    let french_out = tmp.path().join("french");
    assert!(run_match(&sample(), &comma_out, &["-q"]).status.success());
    let out = run_match(&french, &french_out, &["-q", "--delimiter", ";", "--bom"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Same plan, written with `;`, decimal commas and a BOM: read back as
    // comma CSV with decimal points, every file equals the comma run's,
    // numbers and all.
    let mut decimal_commas = 0;
    for name in [
        "assignments.csv",
        "unfilled.csv",
        "mission_summary.csv",
        "service_summary.csv",
        "passed_over.csv",
    ] {
        let comma = std::fs::read(comma_out.join(name)).unwrap();
        let semi = std::fs::read(french_out.join(name)).unwrap();
        assert!(semi.starts_with(b"\xEF\xBB\xBF"), "{name}: no BOM");
        assert!(
            text(&semi[3..]).lines().next().unwrap().contains(';'),
            "{name}: not ';'-delimited"
        );
        let back = missionmatch::io::export::CsvStyle::default();
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(false)
            .from_reader(&semi[3..]);
        let mut writer = csv::Writer::from_writer(Vec::new());
        for r in reader.records() {
            let cells: Vec<String> = r
                .unwrap()
                .iter()
                .map(|c| {
                    let number = c
                        .trim_start_matches('-')
                        .split_once(',')
                        .is_some_and(|(a, b)| {
                            !a.is_empty()
                                && !b.is_empty()
                                && a.bytes().chain(b.bytes()).all(|x| x.is_ascii_digit())
                        });
                    decimal_commas += usize::from(number);
                    if number {
                        c.replacen(',', ".", 1)
                    } else {
                        c.to_string()
                    }
                })
                .collect();
            writer.write_record(&cells).unwrap();
        }
        let rewritten = back.apply(writer.into_inner().unwrap()).unwrap();
        assert_eq!(text(&rewritten), text(&comma), "{name}");
    }
    assert!(decimal_commas > 10, "only {decimal_commas} decimal commas");
    // The engine reads its own `;` plan back: verify and a re-plan.
    let stdout = verify_ok(&french, &french_out.join("assignments.csv"));
    assert!(
        stdout.contains("0 violations; fill 125, balance 0, quality 9574"),
        "{stdout}"
    );
    // A generated folder written with `;` loads to the same match.
    let gen_comma = tmp.path().join("gen-comma");
    let gen_semi = tmp.path().join("gen-semi");
    for (dir, extra) in [
        (&gen_comma, &[][..]),
        (&gen_semi, &["--delimiter", ";"][..]),
    ] {
        let mut args = vec!["--officers", "200", "--missions", "4"];
        args.extend(extra);
        generate_into(dir, &args);
    }
    let plans: Vec<String> = [&gen_comma, &gen_semi]
        .iter()
        .map(|dir| {
            let out = run_match(dir, &dir.join("out"), &["-q"]);
            assert!(out.status.success(), "{}", text(&out.stderr));
            read(&dir.join("out/assignments.csv"))
        })
        .collect();
    assert_eq!(plans[0], plans[1]);
}

#[test]
fn exit_codes_are_documented_ones() {
    let sample = sample();
    let data = arg(&sample);
    // 0: success.
    assert_eq!(
        run(&["validate", "-q", "--data", data]).status.code(),
        Some(0)
    );
    // 2: bad input, or a bad command line.
    assert_eq!(
        run(&["validate", "--data", "/nonexistent"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["match", "--no-such-flag"]).status.code(), Some(2));
    assert_eq!(
        run(&["explain", "--data", data, "--officer", "NOBODY"])
            .status
            .code(),
        Some(2)
    );
    // 1: verify finds violations.
    let (_tmp, plan) = temp_file(
        "plan.csv",
        "officer_id,mission_id,role\nCPA-0001,BINUH,team_leader\nCPA-0001,UNMISS,trainer\n",
    );
    assert_eq!(run_verify(&sample, &plan).status.code(), Some(1));
    // 3 (a plan written but not proven optimal) is checked with
    // --time-limit 0 in tests/cli.rs.
}

/// A command line refused before anything runs: exit 2, the reason on
/// stderr, with `--json` the same reason on stdout; never a panic, and
/// never a value quietly taken for another.
#[test]
fn bad_command_lines_are_refused_with_their_reason() {
    let sample = sample();
    let data = arg(&sample);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let refused = |args: &[&str], reason: &str| {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o.stderr));
        assert!(
            text(&o.stderr).contains(reason),
            "{args:?}: {}",
            text(&o.stderr)
        );
        assert!(!out.exists(), "{args:?} wrote outputs");
    };
    // `match` with one flag more.
    let matching = ["match", "--data", data, "--out", arg(&out)];
    let match_with = |flag, value| [&matching[..], &[flag, value]].concat();
    for limit in ["-5", "nan", "inf", "soon"] {
        refused(
            &match_with("--time-limit", limit),
            "is not a number of seconds, 0 or more",
        );
    }
    refused(
        &["whatif", "--data", data, "--out", arg(&out)],
        "<--scenarios <SCENARIOS>|--sweep <SWEEP>>",
    );
    refused(
        &match_with("--threads", "300"),
        "invalid value '300' for '--threads <THREADS>': '300' is not a whole number from 1 to 256",
    );
    // Centuries of rotations would be thousands of seats and hours of
    // setup before the first solve, out of reach of --time-limit.
    refused(
        &match_with("--rotations-until", "9999-12-31"),
        "--rotations-until: '9999-12-31': is more than 50 years after the first mission starts (2027-01-15): plan rotations until 2077-01-15 at the latest",
    );
    refused(
        &[
            "generate",
            "--preset",
            "M",
            "--officers",
            "800",
            "--out",
            arg(&out),
        ],
        "cannot be used with '--officers",
    );
    refused(
        &[
            "verify",
            "--data",
            data,
            "--plan",
            arg(&out.join("none.csv")),
        ],
        "not found",
    );

    // With --json the reason is on stdout too, as for bad input.
    let o = run(&[&matching[..], &["--json", "--gap", "200"]].concat());
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["error"]["kind"], "usage");
    assert_eq!(
        v["error"]["message"],
        "invalid value '200' for '--gap <PERCENT>': '200' is not a percentage above 0 and below 100 (e.g. 0.1 for 0.1 %)"
    );
    // Help asked for is not an error, with or without --json.
    let o = run(&["match", "--json", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        text(&o.stdout).starts_with("Solve the match"),
        "{}",
        text(&o.stdout)
    );

    // A limit too far off for a clock is no limit: the match is proven.
    let o = run(&[&matching[..], &["-q", "--time-limit", "1e300"]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
}

/// `verify` without `--plan` checks the plan `match` writes, and says so
/// when there is none yet.
#[test]
fn verify_without_a_plan_says_where_it_looked() {
    let tmp = tempfile::tempdir().unwrap();
    let o = bin()
        .current_dir(tmp.path())
        .args(["verify", "--data", arg(&sample())])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains(
            "no plan to check at out/assignments.csv (where `match` writes one): run `missionmatch match` first, or give the plan with --plan FILE"
        ),
        "{}",
        text(&o.stderr)
    );
}

/// Decimal commas go to the columns of numbers only: an officer id that
/// reads as a number (`1001.5`) is written as it is, and the engine reads
/// its own `;` plan back.
#[test]
fn decimal_commas_never_touch_ids() {
    let tmp = tempfile::tempdir().unwrap();
    let data = small_copy(tmp.path(), |text| text.replace("\nA1,", "\n1001.5,"));
    let out_dir = tmp.path().join("out");
    let out = run_match(&data, &out_dir, &["-q", "--delimiter", ";"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let plan = read(&out_dir.join("assignments.csv"));
    assert!(plan.contains("\n1001.5;"), "{plan}");
    assert!(read(&out_dir.join("mission_summary.csv")).contains(";0,5;"));
    verify_ok(&data, &out_dir.join("assignments.csv"));
}

/// Only columns of measured values take decimal commas: a pin's reason,
/// a service's id in whatif.csv and a service's name in letters.csv that
/// read as numbers are written as they are.
#[test]
fn decimal_commas_never_touch_text() {
    let tmp = tempfile::tempdir().unwrap();
    let data = small_copy(tmp.path(), |text| {
        text.replace("\nA,Alpha Police,", "\n12.5,15.5,")
            .replace("\nB,Beta Police,", "\nB,16.5,")
            .replace(",A,F,", ",12.5,F,")
            .replace(",A,M,", ",12.5,M,")
    });
    std::fs::write(
        data.join("pins.csv"),
        "officer_id,mission_id,role,reason\nA1,HTI,trainer,4.2\n",
    )
    .unwrap();
    let semi = ["-q", "--delimiter", ";"];
    let out_dir = tmp.path().join("out");
    let out = run_match(&data, &out_dir, &semi);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let plan = read(&out_dir.join("assignments.csv"));
    assert!(plan.contains(";4.2\n"), "{plan}");
    assert!(read(&out_dir.join("mission_summary.csv")).contains(";0,5;"));

    let letters = tmp.path().join("letters");
    let mut args = vec!["letters", "--data", arg(&data), "--out", arg(&letters)];
    args.extend(semi);
    run_ok(&args);
    let sheet = read(&letters.join("letters.csv"));
    assert!(sheet.contains(";12.5;15.5;"), "{sheet}");

    let (_dir, scenarios) = temp_file(
        "scenarios.csv",
        "scenario,target,id,field,value\nmore,service,B,max_deployed,+1\n",
    );
    let whatif = tmp.path().join("w");
    let o = whatif_ok(&data, &scenarios, &whatif, &semi);
    assert!(o.status.success());
    let table = read(&whatif.join("whatif.csv"));
    let rows: Vec<&str> = table.lines().skip(1).collect();
    assert!(
        rows.iter().all(|r| r.split(';').nth(8) == Some("12.5")),
        "{table}"
    );
}

/// Every output column of numbers is known as one (the workbook types its
/// cells and `;` gives decimal commas by the column's name): a column
/// added later whose cells are all numbers fails here until it is named
/// in `io::export`'s lists. Ids are the exception, numbers or not.
#[test]
fn every_column_of_numbers_is_named_as_one() {
    use missionmatch::io::export::{column_kind, ColumnKind};
    let tmp = tempfile::tempdir().unwrap();
    let data = full_sample_copy(tmp.path());
    let first = tmp.path().join("first");
    assert!(run_match(&data, &first, &["-q"]).status.success());
    let out = tmp.path().join("out");
    let previous = first.join("assignments.csv");
    let flags = [
        "-q",
        "--alternates-cost",
        "--capacity-value",
        "--passed-over-pairs",
    ];
    assert!(run_match(&data, &out, &flags).status.success());
    // A re-plan, for changes.csv (call-up costs are not measured there).
    let re_plan = tmp.path().join("re");
    let flags = ["-q", "--capacity-value", "--previous", arg(&previous)];
    assert!(run_match(&data, &re_plan, &flags).status.success());
    let whatif = tmp.path().join("w");
    whatif_ok(&data, &sample().join("scenarios.csv"), &whatif, &["-q"]);
    let mut files: Vec<std::path::PathBuf> = [&out, &re_plan]
        .into_iter()
        .flat_map(|dir| std::fs::read_dir(dir).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.push(whatif.join("whatif.csv"));
    let mut checked = 0;
    for file in files {
        let text = read(&file);
        let rows = csv_rows(&text);
        let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        for column in header {
            let cells: Vec<&str> = rows
                .iter()
                .map(|r| r[column].as_str())
                .filter(|c| !c.is_empty())
                .collect();
            let numbers = !cells.is_empty()
                && cells
                    .iter()
                    .all(|c| c.trim_start_matches(['+', '-']).parse::<f64>().is_ok());
            if numbers && !column.ends_with("_id") {
                checked += 1;
                assert_ne!(
                    column_kind(column),
                    ColumnKind::Text,
                    "{}: {column}",
                    file.display()
                );
            }
        }
    }
    assert!(checked > 30, "{checked} columns of numbers");
}
