//! A board's path through `missionmatch serve` in a real browser:
//! headless Chromium driven over WebDriver (chromedriver). Open the plan,
//! find an officer who was not selected, read why, pin her to a seat, see
//! who moves and what it costs, accept, save; the saved pins.csv and
//! outputs are what `match` gives on the same decisions.
//!
//! Skipped, saying so, when chromedriver or Chromium is missing (`.ci/run`
//! installs both).

mod common;

use common::*;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A child process killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn which(names: &[&str], env: &str) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(env) {
        return Some(PathBuf::from(path));
    }
    let dirs = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&dirs)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One WebDriver command: JSON over HTTP/1.1.
fn wd(port: u16, method: &str, path: &str, body: Option<Value>) -> Value {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    // chromedriver keeps the connection open: read the head, then exactly
    // Content-Length bytes.
    let mut reader = BufReader::new(stream);
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body).unwrap();
    let body = String::from_utf8_lossy(&body);
    serde_json::from_str(&body).unwrap_or_else(|_| panic!("{method} {path}: {body}"))
}

/// A browser session on chromedriver.
struct Browser {
    port: u16,
    session: String,
    _driver: Running,
}

impl Browser {
    fn start(driver: &Path, chromium: &Path, profile: &Path) -> Browser {
        let port = free_port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let driver_process = Running(child);
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.display().to_string(),
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         format!("--user-data-dir={}", profile.display())]
            }
        }}});
        let created = wd(port, "POST", "/session", Some(caps));
        let session = created["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {created}"))
            .to_string();
        Browser {
            port,
            session,
            _driver: driver_process,
        }
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let v = wd(
            self.port,
            method,
            &format!("/session/{}{path}", self.session),
            body,
        );
        v["value"].clone()
    }

    fn open(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    fn url(&self) -> String {
        self.cmd("GET", "/url", None)
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// The element a CSS selector finds, waiting up to a minute for it.
    fn find(&self, css: &str) -> String {
        let start = Instant::now();
        loop {
            let v = self.cmd(
                "POST",
                "/element",
                Some(json!({ "using": "css selector", "value": css })),
            );
            if let Some(id) = v
                .as_object()
                .and_then(|o| o.values().next())
                .and_then(Value::as_str)
            {
                if v.get("error").is_none() {
                    return id.to_string();
                }
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "no {css} on {}",
                self.url()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits up to a minute for the page at a URL ending in `suffix`.
    fn wait_for_url(&self, suffix: &str) {
        let start = Instant::now();
        while !self.url().ends_with(suffix) {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "not at {suffix}: {}",
                self.url()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn click(&self, css: &str) {
        let e = self.find(css);
        self.cmd("POST", &format!("/element/{e}/click"), Some(json!({})));
    }

    fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.cmd(
            "POST",
            &format!("/element/{e}/value"),
            Some(json!({ "text": text })),
        );
    }

    fn text(&self, css: &str) -> String {
        let e = self.find(css);
        self.cmd("GET", &format!("/element/{e}/text"), None)
            .as_str()
            .unwrap_or("")
            .to_string()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = wd(
            self.port,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
    }
}

#[test]
fn a_board_finds_why_pins_sees_the_cost_accepts_and_saves_in_a_browser() {
    let (Some(driver), Some(chromium)) = (
        which(&["chromedriver"], "CHROMEDRIVER"),
        which(
            &["chromium", "chromium-browser", "google-chrome"],
            "CHROMIUM",
        ),
    ) else {
        eprintln!("skipped: no chromedriver or Chromium (install the Debian packages `chromium` and `chromium-driver`)");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let data = full_sample_copy(tmp.path());
    let out = tmp.path().join("out");
    let start = tmp.path().join("start");
    run_ok(&["match", "-q", "--data", arg(&data), "--out", arg(&start)]);
    let mut child = bin()
        .args([
            "serve",
            "--data",
            arg(&data),
            "--out",
            arg(&out),
            "--addr",
            "127.0.0.1:0",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _server = Running(child);
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap()
        .to_string();
    let browser = Browser::start(&driver, &chromium, &tmp.path().join("profile"));

    // The plan; find the officer by name; why she was not selected.
    browser.open(&url);
    assert!(browser.text("h1").contains("Board session"));
    browser.type_into("form#find input[name=q]", "Liam Jourdain");
    browser.click("form#find button");
    browser.wait_for_url("/officer/CPA-0119");
    let why = browser.text("pre");
    assert!(why.contains("not placed"), "{why}");
    assert!(
        why.contains("BINUH/human_rights_officer: eligible; held by CPA-0320"),
        "{why}"
    );

    // Pin her to the seat; see who moves and what it costs.
    browser.click("form#pin option[value='BINUH/human_rights_officer']");
    browser.type_into("form#pin input[name=reason]", "speaks Haitian Creole");
    browser.click("form#pin button");
    browser.find("button#accept");
    let moves = browser.text("table#moves");
    assert!(
        moves.contains("CPA-0119") && moves.contains("CPA-0320"),
        "{moves}"
    );
    assert!(browser.text("main").contains("quality −11"));

    // Accept, then save.
    browser.click("button#accept");
    browser.find("form#save");
    assert!(browser
        .text("main")
        .contains("pin CPA-0119 to BINUH/human_rights_officer — speaks Haitian Creole"));
    browser.click("form#save button");
    assert!(browser.text("p.note").starts_with("Saved:"));

    // What was saved is what match gives on the same decisions.
    assert_eq!(
        read(&data.join("pins.csv")),
        "officer_id,mission_id,role,reason\nCPA-0119,BINUH,human_rights_officer,speaks Haitian Creole\n"
    );
    let again = tmp.path().join("again");
    run_match_previous(&data, &start.join("assignments.csv"), &again);
    assert_eq!(csv_outputs(&out), csv_outputs(&again));
}
