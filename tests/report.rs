//! The HTML report: self-contained, and rendered by a real browser
//! (headless Chromium) with every section present. The browser part is
//! skipped, saying so, when no Chromium is installed.

mod common;

use common::*;
use missionmatch::report::html::{MATCH_SECTIONS, WHATIF_SECTIONS};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Chromium binary: `$CHROMIUM`, or the first of the usual names on
/// the PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Nothing in the page can fail to load: no script, no link, no image or
/// font from a file or the network (the SVG namespace is a name, not a
/// fetch).
fn assert_self_contained(html: &str) {
    let lower = html.to_lowercase();
    for forbidden in [
        "<script", "<link", "<img", "<iframe", "src=", "@import", "url(",
    ] {
        assert!(
            !lower.contains(forbidden),
            "the report contains {forbidden}"
        );
    }
    let outside = lower
        .replace("http://www.w3.org/2000/svg", "")
        .contains("http");
    assert!(!outside, "the report refers to the network");
}

/// The sample's match and what-if reports, in a temporary folder.
fn reports() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let data = sample();
    let plan = tmp.path().join("plan.html");
    let whatif = tmp.path().join("whatif.html");
    let out = run_match(
        &data,
        &tmp.path().join("out"),
        &["-q", "--report", arg(&plan)],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let scenarios = data.join("scenarios.csv");
    let whatif_out = tmp.path().join("w");
    whatif_ok(
        &data,
        &scenarios,
        &whatif_out,
        &[
            "-q",
            "--sweep",
            "mission:*:min_women_share=0:0.5:0.1",
            "--report",
            arg(&whatif),
        ],
    );
    (tmp, plan, whatif)
}

#[test]
fn reports_are_self_contained_and_hold_every_section() {
    let (_tmp, plan, whatif) = reports();
    let plan = read(&plan);
    assert_self_contained(&plan);
    for id in MATCH_SECTIONS {
        assert!(plan.contains(&format!("id=\"{id}\"")), "no section {id}");
    }
    // The sample plan: 101 of 103 seats (94 of the first contingents, 9 of
    // the second), UNISFA and UNVMC short a team leader.
    assert!(plan.contains("101 of 103 seats filled"));
    assert!(plan.contains("UNISFA/team_leader"));
    // The status in its pill, said once.
    assert!(plan.contains("optimal</span> (every level proven)"));
    assert!(plan.contains(r#"<meta name="generator" content="missionmatch">"#));
    // Time: the services at their limit drawn day by day, every mission's tours.
    let time = &plan[plan.find("id=\"time\"").unwrap()..plan.find("id=\"funnel\"").unwrap()];
    assert!(time.contains("DRPS") && time.contains("peak 4 of 4 away on 2027-04-01"));
    assert!(time.contains("Tours per mission") && time.contains("MINUSCA"));
    // Standby lists: BINUH's first alternate, blocked by their service.
    let standby = &plan[plan.find("id=\"standby\"").unwrap()..plan.find("id=\"audit\"").unwrap()];
    assert!(standby.contains("CPA-0150"), "{standby}");
    assert!(standby.contains("blocked: service_capacity: HRP has 2 of 2 away"));
    // The audit trail names each input with its SHA-256.
    let services = std::fs::read(sample().join("services.csv")).unwrap();
    let digest = sha256_hex(&services);
    assert!(plan.contains(&digest), "no SHA-256 of services.csv");
    let whatif = read(&whatif);
    assert_self_contained(&whatif);
    for id in WHATIF_SECTIONS {
        assert!(whatif.contains(&format!("id=\"{id}\"")), "no section {id}");
    }
    assert!(whatif.contains("close-minusca"));
    assert!(whatif.contains("<polyline"), "the sweep has no curve");
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Runs headless Chromium on a file; (status ok, stdout, stderr).
fn chromium_run(browser: &Path, args: &[&str], page: &Path) -> (bool, String, String) {
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    (out.status.success(), text(&out.stdout), text(&out.stderr))
}

#[test]
fn chromium_renders_every_section() {
    let Some(browser) = chromium() else {
        eprintln!(
            "skipped: no Chromium found (install the Debian package `chromium`, or set CHROMIUM)"
        );
        return;
    };
    let (tmp, plan, whatif) = reports();
    for (page, sections, svgs) in [
        (&plan, &MATCH_SECTIONS[..], 4),
        (&whatif, &WHATIF_SECTIONS[..], 8),
    ] {
        // The DOM as the browser built it.
        let (ok, dom, log) = chromium_run(&browser, &["--dump-dom"], page);
        assert!(ok, "chromium failed on {}: {log}", page.display());
        assert!(
            !log.contains(":CONSOLE") && !log.contains("Uncaught"),
            "console errors: {log}"
        );
        for id in sections {
            assert!(dom.contains(&format!("id=\"{id}\"")), "{id} not rendered");
        }
        assert!(dom.matches("<svg").count() >= svgs, "charts missing");
        // A screenshot: a real image of the requested size, not blank.
        let shot = tmp.path().join("shot.png");
        let (ok, _, log) = chromium_run(
            &browser,
            &[
                "--window-size=1280,2400",
                &format!("--screenshot={}", shot.display()),
            ],
            page,
        );
        assert!(ok, "no screenshot: {log}");
        let decoder =
            png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut buf).unwrap();
        assert_eq!((frame.width, frame.height), (1280, 2400));
        let pixels = &buf[..frame.buffer_size()];
        let step = frame.color_type.samples();
        let colours: std::collections::HashSet<&[u8]> = pixels.chunks(step).collect();
        assert!(colours.len() > 20, "the screenshot is nearly blank");
    }
}

/// On a pool of more than 20 missions each chart leads with what needs the
/// board's attention (missions short of seats or of a target) and folds
/// the rest into a `details` element, counted in its summary.
#[test]
fn a_large_pool_report_leads_with_what_needs_attention() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("gen");
    generate_into(
        &data,
        &["--officers", "500", "--missions", "24", "--seed", "3"],
    );
    let report = tmp.path().join("plan.html");
    let out = run_match(
        &data,
        &tmp.path().join("out"),
        &["-q", "--report", arg(&report)],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let html = read(&report);
    assert_self_contained(&html);
    let summary = csv_rows(&read(&tmp.path().join("out/mission_summary.csv")));
    let short = summary
        .iter()
        .filter(|r| r["filled"] != r["demand"])
        .count();
    assert!(short > 0 && short < 24, "{short}");
    let seats = &html[html.find("id=\"seats\"").unwrap()..html.find("id=\"balance\"").unwrap()];
    let (shown, folded) = seats.split_once("<details").unwrap();
    assert!(
        folded.contains(&format!(
            "<summary>{} missions with every seat filled</summary>",
            24 - short
        )),
        "{folded}"
    );
    // Every mission short of seats is drawn before the fold, none after.
    for row in &summary {
        let label = format!(">{}</text>", row["mission_id"]);
        let is_short = row["filled"] != row["demand"];
        assert_eq!(shown.contains(&label), is_short, "{}", row["mission_id"]);
        assert_eq!(folded.contains(&label), !is_short, "{}", row["mission_id"]);
    }
}
