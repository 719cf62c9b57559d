//! `missionmatch serve` over HTTP: a board's path (open the plan, open an
//! officer, pin them to a seat, see the moves and the cost, accept, undo,
//! redo, save, and find the saved files equal to `match` on the same
//! decisions), and the refusals (no token, cross-site posts, oversized
//! bodies, foreign hosts, path tricks).

mod common;

use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// A running `serve`, stopped when dropped.
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    host: String,
    /// The access token, if one was printed.
    token: Option<String>,
    /// The address printed.
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A session on a copy of the full sample, on a free local port, with
/// `extra` arguments; the folder lives as long as the returned guard.
fn sample_session(extra: &[&str]) -> (tempfile::TempDir, Server) {
    let tmp = tempfile::tempdir().unwrap();
    let data = full_sample_copy(tmp.path());
    let server = serve(&data, &tmp.path().join("out"), "127.0.0.1:0", extra);
    (tmp, server)
}

/// Starts `serve` on `data` with `extra` flags, on a free port.
fn serve(data: &Path, out: &Path, addr: &str, extra: &[&str]) -> Server {
    serve_to(data, out, addr, extra, Stdio::null())
}

/// [`serve`], its stderr sent to `stderr`.
fn serve_to(data: &Path, out: &Path, addr: &str, extra: &[&str], stderr: Stdio) -> Server {
    let mut child = bin()
        .args([
            "serve",
            "--data",
            arg(data),
            "--out",
            arg(out),
            "--addr",
            addr,
        ])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    let rest = &url["http://".len()..];
    let (authority, query) = rest.split_once('/').unwrap();
    let port = authority.rsplit_once(':').unwrap().1;
    let token = query.strip_prefix("?token=").map(str::to_string);
    Server {
        child,
        host: format!("127.0.0.1:{port}"),
        token,
        url,
    }
}

/// A response: status, headers (lower-case names), body.
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Server {
    /// One HTTP/1.1 request with `headers` (`Host` is the server's unless
    /// given).
    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Response {
        let mut stream = TcpStream::connect(&self.host).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
            head.push_str(&format!("Host: {}\r\n", self.host));
        }
        for (n, v) in headers {
            head.push_str(&format!("{n}: {v}\r\n"));
        }
        if method == "POST" {
            head.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body.as_bytes()).unwrap();
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        // Chunked bodies keep their chunk sizes; the tests only search them.
        Response {
            status,
            headers,
            body: body.to_string(),
        }
    }

    fn get(&self, path: &str) -> Response {
        self.request("GET", path, &[], "")
    }

    fn post(&self, path: &str, body: &str) -> Response {
        self.request("POST", path, &[], body)
    }

    /// The form token of the session's pages.
    fn csrf(&self) -> String {
        let page = self.get("/").body;
        let at = page.find("name=\"csrf\" value=\"").expect("a form") + 19;
        page[at..at + 32].to_string()
    }

    /// Accepts the proposal on the desk (the form of its job).
    fn accept_desk(&self, csrf: &str) {
        let job = self.desk_job();
        let accepted = self.post("/accept", &format!("csrf={csrf}&job={job}"));
        assert_eq!(accepted.status, 303);
    }

    /// The job the desk's forms act on.
    fn desk_job(&self) -> String {
        let page = self.get("/desk").body;
        let at = page.find("name=\"job\" value=\"").expect("a desk form") + 18;
        page[at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect()
    }

    /// Waits for the change being tried to be solved; the desk's page.
    fn wait_for_desk(&self) -> String {
        let start = Instant::now();
        loop {
            let page = self.get("/desk").body;
            if !page.contains("http-equiv=\"refresh\"") {
                return page;
            }
            assert!(start.elapsed() < Duration::from_secs(120), "still solving");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// A board's path: open the plan and an officer, pin her to a seat, see
/// who moves and what it costs, accept, undo, redo, save; the saved
/// pins.csv holds the decision with its reason, the saved outputs are
/// `match --previous` on the saved data, byte for byte, and nothing in the
/// data folder changed before the save.
#[test]
fn a_board_pins_an_officer_sees_the_cost_and_saves_what_match_gives() {
    let tmp = tempfile::tempdir().unwrap();
    let data = full_sample_copy(tmp.path());
    let out = tmp.path().join("out");
    let start = tmp.path().join("start");
    run_ok(&["match", "-q", "--data", arg(&data), "--out", arg(&start)]);
    // CPA-0119 is passed over for BINUH/human_rights_officer.
    let server = serve(&data, &out, "127.0.0.1:0", &[]);
    let plan = server.get("/");
    assert_eq!(plan.status, 200);
    assert!(
        plan.body.contains("href=\"/officer/CPA-0320\""),
        "officers are links"
    );
    assert!(plan
        .body
        .contains("href=\"/position/BINUH/human_rights_officer\""));
    let officer = server.get("/officer/CPA-0119");
    assert_eq!(officer.status, 200);
    assert!(
        officer.body.contains("CPA-0119 (Liam Jourdain"),
        "{}",
        officer.body
    );
    assert!(officer.body.contains("binds: quality"));
    let position = server.get("/position/BINUH/human_rights_officer");
    assert_eq!(position.status, 200);
    assert!(position.body.contains("Pin here"));
    let csrf = server.csrf();
    let tried = server.post(
        "/try",
        &format!("csrf={csrf}&kind=pin&officer=CPA-0119&position=BINUH%2Fhuman_rights_officer&reason=speaks+Haitian+Creole"),
    );
    assert_eq!(tried.status, 303);
    let desk = server.wait_for_desk();
    assert!(
        desk.contains("pin CPA-0119 to BINUH/human_rights_officer"),
        "{desk}"
    );
    assert!(desk.contains("quality −11"), "{desk}");
    assert!(desk.contains("2 officers to move"), "{desk}");
    assert!(!data.join("pins.csv").exists(), "nothing saved yet");
    // A form of another job (a stale page, a second click) does nothing.
    server.post("/accept", &format!("csrf={csrf}&job=999"));
    assert!(server.get("/desk").body.contains("id=\"accept\""));
    server.accept_desk(&csrf);
    let decided = "pin CPA-0119 to BINUH/human_rights_officer";
    assert!(server.get("/").body.contains(decided));
    // Undo and Redo carry the session's version (1 after one accept): a
    // stale page or a second click does nothing, and the plan page says so.
    server.post("/undo", &format!("csrf={csrf}&version=1"));
    assert!(!server.get("/").body.contains(decided));
    server.post("/redo", &format!("csrf={csrf}&version=1"));
    let stale = server.get("/").body;
    assert!(!stale.contains(decided), "a stale Redo redid");
    assert!(
        stale.contains("Nothing was undone or redone: the session changed"),
        "{stale}"
    );
    // The note answers that click, once.
    assert!(!server.get("/").body.contains("Nothing was undone"));
    server.post("/redo", &format!("csrf={csrf}&version=2"));
    assert!(server.get("/").body.contains(decided));
    assert_eq!(server.post("/save", &format!("csrf={csrf}")).status, 303);
    assert_eq!(
        read(&data.join("pins.csv")),
        "officer_id,mission_id,role,reason\nCPA-0119,BINUH,human_rights_officer,speaks Haitian Creole\n"
    );
    assert!(read(&data.join("session.csv"))
        .contains("session,officer,CPA-0119,pin,BINUH/human_rights_officer,speaks Haitian Creole"));
    drop(server);
    let again = tmp.path().join("again");
    run_match_previous(&data, &start.join("assignments.csv"), &again);
    let saved = csv_outputs(&out);
    assert!(saved.iter().any(|(f, _)| f == "changes.csv"));
    assert_eq!(saved, csv_outputs(&again));
    assert!(out.join("plan.xlsx").exists());
    verify_ok(&data, &out.join("assignments.csv"));
    // The audit trail names the pins.csv the Save wrote, as the match does.
    let inputs = |dir: &Path| {
        let summary: serde_json::Value =
            serde_json::from_str(&read(&dir.join("summary.json"))).unwrap();
        let hashes: Vec<String> = summary["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["sha256"].as_str().unwrap().to_string())
            .collect();
        hashes
    };
    assert_eq!(inputs(&out), inputs(&again));
    // It records the data options, as the match does, for verify to read.
    let options = |dir: &Path| {
        let summary = read_json(&dir.join("summary.json"));
        [
            "release_share",
            "cooldown_months",
            "rotations_until",
            "overlap_days",
        ]
        .map(|key| summary["options"][key].clone())
    };
    assert_eq!(options(&out), options(&again));
}

/// What must not reach the session is refused, and changes nothing.
/// Decisions not saved are not lost to one Ctrl-C: the first only warns
/// and the session goes on; a second ends it, and nothing is written.
/// Once saved (and after an undo and a redo that bring back the saved
/// decisions), one Ctrl-C ends the session, what was saved staying.
#[test]
fn a_ctrl_c_with_decisions_not_saved_warns_first() {
    let tmp = tempfile::tempdir().unwrap();
    let data = full_sample_copy(tmp.path());
    let interrupt = |server: &Server| {
        let sent = std::process::Command::new("kill")
            .args(["-INT", &server.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
    };
    // Waits up to 10 s for the session to end; its exit code, if it did.
    let ended = |server: &mut Server| {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if let Some(status) = server.child.try_wait().unwrap() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    };
    let decide = |server: &Server| {
        let csrf = server.csrf();
        server.post(
            "/try",
            &format!("csrf={csrf}&kind=pin&officer=CPA-0119&position=BINUH%2Fhuman_rights_officer&reason="),
        );
        server.wait_for_desk();
        server.accept_desk(&csrf);
        csrf
    };
    for save in [false, true] {
        let log = tmp.path().join(format!("stderr-{save}.txt"));
        let out = tmp.path().join(format!("out-{save}"));
        let mut server = serve_to(
            &data,
            &out,
            "127.0.0.1:0",
            &[],
            Stdio::from(std::fs::File::create(&log).unwrap()),
        );
        let csrf = decide(&server);
        if save {
            assert_eq!(server.post("/save", &format!("csrf={csrf}")).status, 303);
            // Undone and redone: the decisions are those saved again.
            server.post("/undo", &format!("csrf={csrf}&version=1"));
            server.post("/redo", &format!("csrf={csrf}&version=2"));
            assert!(server
                .get("/")
                .body
                .contains("pin CPA-0119 to BINUH/human_rights_officer"));
            interrupt(&server);
            assert_eq!(ended(&mut server), Some(130));
            assert!(read(&log).contains("interrupted: stopped; what was saved stays as saved"));
            assert!(data.join("pins.csv").exists());
            continue;
        }
        interrupt(&server);
        std::thread::sleep(Duration::from_millis(500));
        assert_eq!(
            server.child.try_wait().unwrap(),
            None,
            "the session goes on"
        );
        assert!(
            read(&log).contains("the board's decisions since the last Save are not saved: press Save in the browser to keep them, or interrupt again"),
            "{}",
            read(&log)
        );
        assert_eq!(server.get("/").status, 200);
        interrupt(&server);
        assert_eq!(ended(&mut server), Some(130));
        assert!(!data.join("pins.csv").exists(), "nothing saved");
    }
}

#[test]
fn refusals_no_form_token_cross_site_oversized_foreign_host_path_tricks() {
    let tmp = tempfile::tempdir().unwrap();
    let data = full_sample_copy(tmp.path());
    // Text from the input files is escaped.
    let officers =
        read(&data.join("officers.csv")).replacen("Liam Jourdain", "<script>alert(1)</script>", 1);
    std::fs::write(data.join("officers.csv"), officers).unwrap();
    let server = serve(&data, &tmp.path().join("out"), "127.0.0.1:0", &[]);
    let page = server.get("/officer/CPA-0119").body;
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!page.contains("<script>"));
    // The page's costs are not Try it's, and it says why.
    assert!(page.contains("Try it and Pin here re-plan as a board does"));
    // No other site may frame the pages (clickjacking), nor cache them.
    let home = server.get("/");
    assert_eq!(home.header("x-frame-options"), Some("DENY"));
    assert!(home
        .header("content-security-policy")
        .is_some_and(|c| c.contains("frame-ancestors 'none'")));
    assert_eq!(home.header("cache-control"), Some("no-store"));
    let csrf = server.csrf();
    // Numbers out of range are refused, not solved.
    let huge = format!("csrf={csrf}&kind=count&position=UNMISS%2Finvestigator&value=4294967295");
    let refused = server.post("/try", &huge);
    assert_eq!(refused.status, 400);
    assert!(
        refused
            .body
            .contains("'4294967295' is not a whole number from 0 to 1000."),
        "the limit is named: {}",
        refused.body
    );
    let nobody = format!("csrf={csrf}&kind=withdraw&officer=CPA-9999");
    let refused = server.post("/try", &nobody);
    assert_eq!(refused.status, 400);
    assert!(
        refused.body.contains("The data has no officer 'CPA-9999'."),
        "{}",
        refused.body
    );
    let pin = "kind=pin&officer=CPA-0119&position=BINUH%2Fhuman_rights_officer";
    assert_eq!(server.post("/try", pin).status, 403, "no form token");
    assert_eq!(
        server
            .post("/try", &format!("csrf={}&{pin}", "0".repeat(32)))
            .status,
        403,
        "a wrong form token"
    );
    let form = format!("csrf={csrf}&{pin}");
    let from = |headers: &[(&str, &str)]| server.request("POST", "/try", headers, &form).status;
    assert_eq!(from(&[("Origin", "http://evil.example")]), 403);
    assert_eq!(from(&[("Sec-Fetch-Site", "cross-site")]), 403);
    let big = format!("csrf={csrf}&reason={}", "a".repeat(20_000));
    assert_eq!(server.post("/try", &big).status, 413);
    let foreign = server.request("GET", "/", &[("Host", "evil.example")], "");
    assert_eq!(foreign.status, 403, "a foreign Host (DNS rebinding)");
    for path in [
        "/officer/..%2F..%2F..%2Fetc%2Fpasswd",
        "/officer/../../etc/passwd",
        "/position/..%2F..%2Fetc/passwd",
        "/service/%2Fetc%2Fpasswd",
        "/data/officers.csv",
    ] {
        let r = server.get(path);
        assert!(r.status == 404 || r.status == 400, "{path}: {}", r.status);
        assert!(!r.body.contains("root:"), "{path}");
    }
    // An address the session does not have, and a form field altered
    // into nonsense: a page that says so, not the framework's bare text.
    let nowhere = server.get("/nope");
    assert_eq!(nowhere.status, 404);
    assert!(
        nowhere.body.contains("This session has no such page."),
        "{}",
        nowhere.body
    );
    let altered = server.post("/accept", &format!("csrf={csrf}&job=abc"));
    assert_eq!(altered.status, 303, "acts on nothing: {}", altered.body);
    assert_eq!(server.get("/desk").status, 303, "nothing was tried");
    assert!(!data.join("pins.csv").exists());
}

/// Beyond localhost every request needs the token printed at start; the
/// token once in the address sets a cookie that serves the rest.
/// A client that sends part of a request and then nothing, or connects
/// and sends nothing, or sends a form's headers but not its body, is cut
/// off after `--request-timeout`; the session goes on serving others.
#[test]
fn a_request_not_sent_in_time_is_closed() {
    let (_tmp, server) = sample_session(&["--request-timeout", "1"]);
    let waited = |stream: &mut TcpStream| {
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let start = Instant::now();
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        (start.elapsed(), String::from_utf8_lossy(&raw).into_owned())
    };
    // Half a request's headers.
    let mut half = TcpStream::connect(&server.host).unwrap();
    write!(half, "GET / HTTP/1.1\r\nHost: {}\r\n", server.host).unwrap();
    // Nothing at all.
    let mut silent = TcpStream::connect(&server.host).unwrap();
    // A form's headers, half its body.
    let mut slow_body = TcpStream::connect(&server.host).unwrap();
    write!(
        slow_body,
        "POST /try HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ncsrf=",
        server.host
    )
    .unwrap();
    // Others are served meanwhile.
    assert_eq!(server.get("/").status, 200);
    for stream in [&mut half, &mut silent] {
        let (after, answer) = waited(stream);
        assert!(after < Duration::from_secs(20), "held open {after:?}");
        assert!(!answer.contains("200 OK"), "{answer}");
    }
    let (after, answer) = waited(&mut slow_body);
    assert!(after < Duration::from_secs(20), "held open {after:?}");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request body not sent in time"), "{answer}");
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn beyond_localhost_every_request_needs_the_token() {
    let tmp = tempfile::tempdir().unwrap();
    let data = full_sample_copy(tmp.path());
    let server = serve(&data, &tmp.path().join("out"), "0.0.0.0:0", &[]);
    let token = server.token.clone().expect("a token is printed");
    assert_eq!(token.len(), 32);
    // The address to give others names this machine, not the wildcard.
    assert!(!server.url.contains("0.0.0.0"), "{}", server.url);
    let host = server.host.clone();
    let get = |path: &str, headers: &[(&str, &str)]| {
        let mut all = vec![("Host", host.as_str())];
        all.extend_from_slice(headers);
        server.request("GET", path, &all, "")
    };
    assert_eq!(get("/", &[]).status, 401);
    assert_eq!(get(&format!("/?token={}", "0".repeat(32)), &[]).status, 401);
    let with = get(&format!("/?token={token}"), &[]);
    assert_eq!(with.status, 200);
    let cookie = with.header("set-cookie").expect("a cookie").to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let pair = cookie.split(';').next().unwrap().to_string();
    assert_eq!(get("/officer/CPA-0119", &[("Cookie", &pair)]).status, 200);
    let post = server.request("POST", "/undo", &[("Host", host.as_str())], "csrf=x");
    assert_eq!(post.status, 401);
}

/// The session speaks the language asked for.
#[test]
fn the_session_reads_in_french() {
    let (_tmp, server) = sample_session(&["--lang", "fr"]);
    let page = server.get("/").body;
    assert!(page.contains("<html lang=\"fr\">"));
    assert!(page.contains("Séance du comité") && page.contains("Enregistrer"));
    let officer = server.get("/officer/CPA-0119").body;
    assert!(
        officer.contains("sans affectation") && officer.contains("Placer à"),
        "{officer}"
    );
}

/// Changes sent while one is being tried wait their turn, in order, and
/// every browser sees the same state; the full report is the plan in
/// force's.
#[test]
fn changes_wait_their_turn_and_every_browser_sees_the_same_session() {
    let (_tmp, server) = sample_session(&[]);
    let csrf = server.csrf();
    let first = format!(
        "csrf={csrf}&kind=pin&officer=CPA-0119&position=BINUH%2Fhuman_rights_officer&reason=first"
    );
    let second = format!("csrf={csrf}&kind=withdraw&officer=CPA-0320&reason=second");
    assert_eq!(server.post("/try", &first).status, 303);
    assert_eq!(server.post("/try", &second).status, 303);
    let desk = server.wait_for_desk();
    assert!(
        desk.contains("pin CPA-0119 to BINUH/human_rights_officer"),
        "{desk}"
    );
    assert!(
        desk.contains("1 change waiting to be tried: withdraw CPA-0320"),
        "{desk}"
    );
    // Another browser sees the same proposal waiting.
    assert!(server
        .get("/")
        .body
        .contains("Waiting for the board: pin CPA-0119"));
    // Accepting the first starts the second, against the plan with the first.
    let first_job = server.desk_job();
    server.post("/accept", &format!("csrf={csrf}&job={first_job}"));
    let desk = server.wait_for_desk();
    assert!(desk.contains("withdraw CPA-0320"), "{desk}");
    assert!(!desk.contains("waiting to be tried"), "{desk}");
    // Accepting again with the first change's form does not accept the
    // second, which nobody has seen on that page.
    server.post("/accept", &format!("csrf={csrf}&job={first_job}"));
    assert!(server.get("/desk").body.contains("withdraw CPA-0320"));
    let job = server.desk_job();
    server.post("/discard", &format!("csrf={csrf}&job={job}"));
    let plan = server.get("/").body;
    assert!(plan.contains("pin CPA-0119 to BINUH/human_rights_officer — <em>first</em>"));
    assert!(!plan.contains("withdraw CPA-0320"));
    // The full report is the plan in force's: CPA-0119 holds the seat.
    let report = server.get("/report");
    assert_eq!(report.status, 200);
    let pins = &report.body[report.body.find("id=\"pins\"").expect("the pins table")..];
    assert!(
        pins.contains("CPA-0119") && pins.contains(">first<"),
        "{pins}"
    );
}

/// A change that cannot be made does not hold up the changes waiting
/// behind it: the next is tried at once, and the plan page tells of the
/// refusal, once.
#[test]
fn a_change_that_cannot_be_made_does_not_hold_up_the_next() {
    let (_tmp, server) = sample_session(&[]);
    let csrf = server.csrf();
    let first = format!("csrf={csrf}&kind=withdraw&officer=CPA-0119&reason=first");
    // CPA-0002 is a corporal: the team leader seat asks a higher rank.
    let refused = format!("csrf={csrf}&kind=pin&officer=CPA-0002&position=BINUH%2Fteam_leader");
    let last = format!("csrf={csrf}&kind=withdraw&officer=CPA-0320&reason=last");
    for form in [&first, &refused, &last] {
        assert_eq!(server.post("/try", form).status, 303);
    }
    // The first waits for the board, the other two behind it.
    let desk = server.wait_for_desk();
    assert!(desk.contains("2 changes waiting to be tried"), "{desk}");
    server.accept_desk(&csrf);
    // The pin is refused and the last change tried at once.
    let desk = server.wait_for_desk();
    assert!(desk.contains("withdraw CPA-0320"), "{desk}");
    assert!(!desk.contains("waiting to be tried"), "{desk}");
    let plan = server.get("/").body;
    assert!(
        plan.contains("Cannot be done: pin of CPA-0002 to BINUH/team_leader"),
        "{plan}"
    );
    assert!(plan.contains("breaks eligibility rule rank"), "{plan}");
    // Told once.
    assert!(!server.get("/").body.contains("Cannot be done"));
}

/// `serve --time-limit`: the data's plan and every page's re-solves stop
/// at the limit, and the pages say so (the plan's status; a cost in the
/// level both the match and the re-solve stopped in is not measured)
/// instead of taking as long as the proofs need.
#[test]
fn a_time_limited_session_says_what_is_not_proven() {
    let (_tmp, server) = sample_session(&["--time-limit", "0"]);
    let plan = server.get("/");
    assert_eq!(plan.status, 200);
    assert!(plan.body.contains("TIME LIMIT reached"), "{}", plan.body);
    let officer = server.get("/officer/CPA-0005");
    assert_eq!(officer.status, 200);
    assert!(
        officer.body.contains("The match was not proven optimal")
            && officer
                .body
                .contains("forcing CPA-0005 here: fill not measured, ")
            && officer
                .body
                .contains("(not proven: the match and the re-solve both stopped in the fill level"),
        "{}",
        officer.body
    );
    let position = server.get("/position/UNISFA/community_policing_advisor");
    assert_eq!(position.status, 200);
    assert!(
        position.body.contains("fill not measured; "),
        "{}",
        position.body
    );
}

/// A cancelled solve stops: every solver call after the flag is set has
/// no time left, so the solve ends unproven (the session drops it) rather
/// than running to the optimum.
#[test]
fn a_cancelled_solve_stops_unproven() {
    use missionmatch::solve::{self, Cancel, SolveOptions};
    let tmp = tempfile::tempdir().unwrap();
    let inst = load_instance(&full_sample_copy(tmp.path()));
    let pairs = missionmatch::rules::eligible_pairs(&inst);
    let whole = solve::solve(&inst, pairs.clone(), &SolveOptions::default()).unwrap();
    assert!(whole.optimal());
    let cancel = Cancel::default();
    cancel.cancel();
    let options = SolveOptions {
        cancel: Some(cancel),
        ..SolveOptions::default()
    };
    match solve::solve(&inst, pairs, &options) {
        Ok(stopped) => assert!(!stopped.optimal(), "{:?}", stopped.reports),
        Err(e) => panic!("a cancelled solve ends with a plan, unproven: {e}"),
    }
}

/// session.csv holds every kind of decision as a scenario file reads it
/// back: `whatif --scenarios session.csv` replays exactly the session.
#[test]
fn session_csv_reads_back_as_the_decisions_taken() {
    use missionmatch::model::{MissionIx, OfficerIx, PositionIx, ServiceIx};
    use missionmatch::serve::{session::Setup, Decision, Session, Taken};
    let tmp = tempfile::tempdir().unwrap();
    let data = full_sample_copy(tmp.path());
    let paths = missionmatch::io::InputPaths::in_dir(&data);
    let loaded = missionmatch::io::load(&paths, &Default::default())
        .map_err(|(e, _)| e)
        .unwrap();
    let setup = Setup {
        paths,
        data_dir: data.clone(),
        out: tmp.path().join("out"),
        csv: Default::default(),
        time_limit: None,
        load: Default::default(),
    };
    let mut session = Session::open(setup, loaded).unwrap();
    let decisions = [
        Decision::Pin(OfficerIx(118), PositionIx(2)),
        Decision::Exclude(OfficerIx(5), MissionIx(1)),
        Decision::Withdraw(OfficerIx(7)),
        Decision::Count(PositionIx(3), 4),
        Decision::Limit(ServiceIx(0), 9),
    ];
    let plan = session.start.clone();
    for d in &decisions {
        let taken = Taken {
            decision: d.clone(),
            reason: "why, \"quoted\"".into(),
        };
        session.accepted.push((taken, plan.clone()));
    }
    let bytes = session.scenario_csv().unwrap();
    let read = missionmatch::scenario::parse_scenarios(&session.base, "session.csv", &bytes)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].name, "session");
    let want: Vec<_> = decisions.iter().map(Decision::change).collect();
    assert_eq!(read[0].changes, want);
}

/// An output folder Save may not replace is refused before anything is
/// written: at start, and at Save if a file appeared there meanwhile (the
/// data folder then gets no pins.csv nor session.csv).
#[test]
fn a_refused_output_folder_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let data = full_sample_copy(tmp.path());
    let notes = tmp.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    std::fs::write(notes.join("minutes.docx"), "minutes").unwrap();
    let refused = bin()
        .args(["serve", "--data", arg(&data), "--out", arg(&notes)])
        .args(["--addr", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused.stderr).contains("not missionmatch outputs"));
    let out = tmp.path().join("out");
    let server = serve(&data, &out, "127.0.0.1:0", &[]);
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("minutes.docx"), "minutes").unwrap();
    let csrf = server.csrf();
    server.post("/save", &format!("csrf={csrf}"));
    assert!(server.get("/").body.contains("not missionmatch outputs"));
    assert!(!data.join("pins.csv").exists(), "pins.csv written");
    assert!(!data.join("session.csv").exists(), "session.csv written");
    assert_eq!(
        names_in(&data),
        names_in(&full_sample_copy(&tmp.path().join("fresh")))
    );
    assert_eq!(read(&out.join("minutes.docx")), "minutes");
}

/// A folder where Save would write session.csv is refused before anything
/// is written: no pins.csv in the data folder, no output folder.
#[test]
fn a_folder_in_a_saved_file_s_place_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let data = full_sample_copy(tmp.path());
    std::fs::create_dir(data.join("session.csv")).unwrap();
    let out = tmp.path().join("out");
    let server = serve(&data, &out, "127.0.0.1:0", &[]);
    let csrf = server.csrf();
    server.post("/save", &format!("csrf={csrf}"));
    let page = server.get("/").body;
    assert!(
        page.contains("session.csv: this is a folder, not a file"),
        "{page}"
    );
    assert!(!data.join("pins.csv").exists(), "pins.csv written");
    assert!(!out.exists(), "the output folder was written");
}

/// Data in one workbook: the plan page says plainly why Save cannot
/// write the pins there, and how to start the session so that it can.
#[test]
fn a_workbook_session_says_why_save_needs_a_pins_file() {
    let tmp = tempfile::tempdir().unwrap();
    let data = full_sample_copy(tmp.path());
    let files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    let board = tmp.path().join("board.xlsx");
    std::fs::write(&board, missionmatch::io::workbook::write(&files).unwrap()).unwrap();
    let server = serve(&board, &tmp.path().join("out"), "127.0.0.1:0", &[]);
    let page = server.get("/").body;
    assert!(
        page.contains("Save cannot write this session's pins: Save writes pins.csv, and the pins are read from"),
        "{page}"
    );
    assert!(page.contains("give --pins FILE.csv."), "{page}");
    assert!(!page.contains("Saving writes"), "{page}");
}

/// Ids a URL path cannot carry as they are still reach their pages, and a
/// mission id holding a `/` still names its positions in a change: an
/// officer `..` is linked as `/officer?id=..` (browsers drop a `..`
/// segment, even percent-encoded), and a seat count of `BI/NUH/team_leader`
/// is tried on that position.
#[test]
fn awkward_ids_reach_their_pages_and_their_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let data = full_sample_copy(tmp.path());
    for file in [
        "missions.csv",
        "positions.csv",
        "officers.csv",
        "scores.csv",
        "deployments.csv",
    ] {
        let path = data.join(file);
        let text = read(&path)
            .replace("BINUH", "BI/NUH")
            .replace("CPA-0001,", "..,");
        std::fs::write(&path, text).unwrap();
    }
    let server = serve(&data, &tmp.path().join("out"), "127.0.0.1:0", &[]);
    let officer = server.get("/officer?id=..");
    assert_eq!(officer.status, 200);
    assert!(officer.body.contains("Mathis Nakamura"), "{}", officer.body);
    let found = server.get("/find?q=..");
    assert_eq!(found.header("location"), Some("/officer?id=.."));
    let position = server.get("/position/BI%2FNUH/team_leader");
    assert_eq!(position.status, 200);
    let csrf = server.csrf();
    let form = format!("csrf={csrf}&kind=count&position=BI%2FNUH%2Fteam_leader&value=2&reason=");
    assert_eq!(server.post("/try", &form).status, 303);
    let desk = server.wait_for_desk();
    assert!(desk.contains("BI/NUH/team_leader"), "{desk}");
    assert!(!server.get("/").body.contains("Cannot be done"));
}

/// A label two positions share (mission `UN/M` role `investigator`,
/// mission `UN` role `M/investigator`) is refused naming both, in the
/// session's language.
#[test]
fn a_label_two_positions_share_is_refused_in_the_session_s_language() {
    let tmp = tempfile::tempdir().unwrap();
    let data = label_shared_copy(tmp.path());
    let server = serve(
        &data,
        &tmp.path().join("out"),
        "127.0.0.1:0",
        &["--lang", "fr"],
    );
    let csrf = server.csrf();
    let form = format!("csrf={csrf}&kind=count&position=UN%2FM%2Finvestigator&value=2&reason=");
    let refused = server.post("/try", &form);
    // French spacing: a no-break space inside the guillemets.
    let body = refused.body.replace('\u{a0}', " ");
    assert!(
        body.contains("« UN/M/investigator » désigne 2 postes (mission « UN/M », rôle « investigator », mission « UN », rôle « M/investigator »)"),
        "{} {body}",
        refused.status,
    );
}
