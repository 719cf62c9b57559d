//! `missionmatch serve`: a board session in the browser.
//!
//! One session per server, on one data folder. Pages are rendered on the
//! server (maud, every value escaped) and need no script: forms post a
//! change, the server solves it exactly on a blocking thread while the
//! page shows progress (a page that reloads itself), then shows what
//! moved and what it costs at each level until the board accepts or
//! discards it. Several browsers see the same session.
//!
//! Safe by default: it listens on 127.0.0.1 unless told otherwise; on any
//! other address every request needs the access token printed at start
//! (`?token=…` once, then a cookie); on localhost the `Host` header must
//! name the server (no DNS rebinding). Every post carries the session's
//! form token and must not come from another site (`Origin`,
//! `Sec-Fetch-Site`); bodies are limited to 16 KB; ids from the browser are
//! only looked up in the data, never used as paths.

mod pages;
pub mod session;

use crate::lang::Lang;
use crate::solve::{Progress, SolveOptions};
use axum::extract::{DefaultBodyLimit, Form, Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
pub use session::{Decision, Session, Setup, Taken};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Largest request body accepted.
pub const MAX_BODY: usize = 16 * 1024;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The address to listen on (port 0: any free port).
    pub addr: SocketAddr,
    /// The language of the pages.
    pub lang: Lang,
    /// How long a connection may take to send a request's headers (or a
    /// form's body), and may stay silent between requests, before it is
    /// closed.
    pub request_timeout: Duration,
}

/// Connections served at once; more wait to be accepted, so that clients
/// that connect and never finish cannot use up the process's open files.
const MAX_CONNECTIONS: usize = 256;

/// What the session's one solver is doing.
#[derive(Debug)]
enum Desk {
    /// Nothing: a change may be tried.
    Idle,
    /// Solving a change.
    Solving {
        job: u64,
        what: String,
        started: Instant,
        /// The level being solved, and while it is proven, how far the
        /// best plan is from the bound.
        level: Arc<Mutex<Option<pages::Stage>>>,
        /// Stops the solve (Cancel).
        cancel: crate::solve::Cancel,
    },
    /// A change solved, waiting for the board to accept or discard it.
    Proposal {
        job: u64,
        proposal: Box<session::Proposal>,
    },
    /// A change that cannot be made, and why.
    Refused { job: u64, why: String },
}

/// The state every request shares.
struct Shared {
    session: Mutex<Session>,
    desk: Mutex<Desk>,
    next_job: Mutex<u64>,
    /// Changes sent while the desk was busy, in order: each is tried when
    /// the board has accepted or undone the one before.
    queue: Mutex<std::collections::VecDeque<(Decision, String)>>,
    /// The form token every post carries.
    csrf: String,
    /// The access token, when listening beyond localhost.
    token: Option<String>,
    /// The address, for the `Host` check.
    addr: SocketAddr,
    lang: Lang,
    /// What the last save wrote, or why it failed.
    note: Mutex<Option<String>>,
    /// How long a form's body may take to arrive.
    request_timeout: Duration,
}

/// A lock that survives a panic in another request: the session's
/// accepted decisions are never lost to a crashed request.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Whether two tokens are equal, in a time that does not depend on where
/// they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// 32 random hex digits.
fn random_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A server bound and ready: its address and access token.
pub struct Bound {
    listener: tokio::net::TcpListener,
    app: Router,
    /// The address it listens on.
    pub addr: SocketAddr,
    /// The access token, when it listens beyond localhost.
    pub token: Option<String>,
    runtime: tokio::runtime::Runtime,
    request_timeout: Duration,
}

impl Bound {
    /// The address to open in a browser (with the token when one is needed).
    pub fn url(&self) -> String {
        // Bound to every address (`0.0.0.0`): the address to type is this
        // machine's name, not the wildcard.
        let host = if self.addr.ip().is_unspecified() {
            let name = ["/proc/sys/kernel/hostname", "/etc/hostname"]
                .iter()
                .find_map(|f| std::fs::read_to_string(f).ok())
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "HOSTNAME".into());
            format!("{name}:{}", self.addr.port())
        } else {
            self.addr.to_string()
        };
        match &self.token {
            Some(t) => format!("http://{host}/?token={t}"),
            None => format!("http://{host}/"),
        }
    }

    /// Serves until the process ends.
    pub fn run(self) -> crate::error::Result<()> {
        let Bound {
            listener,
            app,
            runtime,
            request_timeout,
            ..
        } = self;
        runtime.block_on(serve_connections(listener, app, request_timeout));
        Ok(())
    }
}

/// Accepts connections for ever, serving each on its own task with HTTP/1.
/// Not `axum::serve`: it sets no time limit on a request's headers, so a
/// client that sends part of a request and then nothing held its
/// connection open for good.
async fn serve_connections(listener: tokio::net::TcpListener, app: Router, timeout: Duration) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let open = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(permit) = open.clone().acquire_owned().await else {
            return; // never closed
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // A connection reset before it was accepted, or the process
            // out of open files for a moment: wait a little, go on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _permit = permit;
            // An error here is the client's (it went away, or was too
            // slow): nothing for the session to report.
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(timeout)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Binds the address and builds the application around `session`.
pub fn bind(session: Session, config: &Config) -> crate::error::Result<Bound> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| crate::Error::io("starting", std::path::Path::new("the server"), e))?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(config.addr))
        .map_err(|e| {
            crate::Error::io(
                "listening on",
                std::path::Path::new(&config.addr.to_string()),
                e,
            )
        })?;
    let addr = listener.local_addr().map_err(|e| {
        crate::Error::io(
            "listening on",
            std::path::Path::new(&config.addr.to_string()),
            e,
        )
    })?;
    let token = (!addr.ip().is_loopback()).then(random_token);
    let shared = Arc::new(Shared {
        session: Mutex::new(session),
        desk: Mutex::new(Desk::Idle),
        next_job: Mutex::new(0),
        queue: Mutex::new(std::collections::VecDeque::new()),
        csrf: random_token(),
        token: token.clone(),
        addr,
        lang: config.lang,
        note: Mutex::new(None),
        request_timeout: config.request_timeout,
    });
    let app = router(shared);
    Ok(Bound {
        listener,
        app,
        addr,
        token,
        runtime,
        request_timeout: config.request_timeout,
    })
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(plan_page))
        .route("/officer/{id}", get(officer_page))
        .route("/position/{mission}/{role}", get(position_page))
        .route("/mission/{id}", get(mission_page))
        .route("/service/{id}", get(service_page))
        // The same pages for ids a path cannot carry (`.`, `..`).
        .route(
            "/officer",
            get(|state, Query(q): Query<IdQuery>| officer_page(state, Path(q.id))),
        )
        .route(
            "/position",
            get(|state, Query(q): Query<PositionQuery>| {
                position_page(state, Path((q.mission, q.role)))
            }),
        )
        .route(
            "/mission",
            get(|state, Query(q): Query<IdQuery>| mission_page(state, Path(q.id))),
        )
        .route(
            "/service",
            get(|state, Query(q): Query<IdQuery>| service_page(state, Path(q.id))),
        )
        .route("/find", get(find))
        .route("/desk", get(desk_page))
        .route("/report", get(report_page))
        .route("/try", post(try_change))
        .route("/accept", post(accept))
        .route("/discard", post(discard))
        .route("/cancel", post(cancel))
        .route("/undo", post(undo))
        .route("/redo", post(redo))
        .route("/save", post(save))
        .fallback(no_such_page)
        .layer(middleware::from_fn_with_state(shared.clone(), guard))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(shared)
}

/// Refuses what must not reach the session: a missing access token, a
/// foreign `Host` on localhost, a post from another site.
async fn guard(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let mut set_cookie = None;
    if let Some(token) = &shared.token {
        let in_query = request
            .uri()
            .query()
            .unwrap_or("")
            .split('&')
            .any(|kv| kv.strip_prefix("token=").is_some_and(|t| same(t, token)));
        let in_cookie = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .any(|c| {
                c.trim()
                    .strip_prefix("mm_token=")
                    .is_some_and(|t| same(t, token))
            });
        if !in_query && !in_cookie {
            return (StatusCode::UNAUTHORIZED, "access token required").into_response();
        }
        if in_query {
            set_cookie = Some(format!(
                "mm_token={token}; HttpOnly; SameSite=Strict; Path=/"
            ));
        }
    } else {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        if !host_is_ours(host, shared.addr) {
            return (StatusCode::FORBIDDEN, "unknown Host").into_response();
        }
    }
    let post = request.method() == axum::http::Method::POST;
    if post && cross_site(headers) {
        return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
    }
    // A form's body is read here, within the time limit: the connection's
    // limit covers its headers only, and a body sent slowly, or not at
    // all, would otherwise hold its handler for good.
    let request = if post {
        let (parts, body) = request.into_parts();
        let read = axum::body::to_bytes(body, MAX_BODY);
        match tokio::time::timeout(shared.request_timeout, read).await {
            Ok(Ok(bytes)) => Request::from_parts(parts, axum::body::Body::from(bytes)),
            Ok(Err(_)) => {
                return (StatusCode::PAYLOAD_TOO_LARGE, "request body over 16 KB").into_response()
            }
            Err(_) => {
                return (StatusCode::REQUEST_TIMEOUT, "request body not sent in time")
                    .into_response()
            }
        }
    } else {
        request
    };
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        ("x-frame-options", "DENY"),
        (
            "content-security-policy",
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'",
        ),
        ("cache-control", "no-store"),
        ("referrer-policy", "same-origin"),
        ("x-content-type-options", "nosniff"),
    ] {
        headers.insert(name, header::HeaderValue::from_static(value));
    }
    if let Some(cookie) = set_cookie {
        if let Ok(value) = cookie.parse() {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
    }
    response
}

/// Whether a `Host` header names this local server: `127.0.0.1`,
/// `localhost` or `[::1]` with its port, in any case; on port 80 a browser
/// sends the name alone.
fn host_is_ours(host: &str, addr: SocketAddr) -> bool {
    let port = addr.port();
    let host = host.to_ascii_lowercase();
    let portless = !host.contains(':') || host.ends_with(']');
    let host = if port == 80 && portless {
        format!("{host}:80")
    } else {
        host
    };
    [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        addr.to_string(),
    ]
    .contains(&host)
}

/// Whether a post comes from another site: `Sec-Fetch-Site` says so, or
/// `Origin` names another origin than the `Host` it was sent to.
fn cross_site(headers: &HeaderMap) -> bool {
    let site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if site == "cross-site" || site == "same-site" {
        return true;
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some(origin) => origin != format!("http://{host}"),
        None => false,
    }
}

/// The fields of every form.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    officer: String,
    #[serde(default)]
    position: String,
    #[serde(default)]
    mission: String,
    #[serde(default)]
    service: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    reason: String,
    /// The job a form acting on the desk was shown (accept, discard,
    /// cancel); anything but a number matches no job.
    #[serde(default, deserialize_with = "number_or_none")]
    job: u64,
    /// The session's version an Undo or Redo form was shown; anything but
    /// a number matches no version.
    #[serde(default = "no_version", deserialize_with = "number_or_none")]
    version: u64,
}

/// A number a form carries back; a field altered into anything else reads
/// as `u64::MAX`, which names no job and no version, so the form acts on
/// nothing (rather than being refused with the framework's bare text).
fn number_or_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let text = <String as serde::Deserialize>::deserialize(d)?;
    Ok(text.trim().parse().unwrap_or(u64::MAX))
}

/// An Undo or Redo form without its version names none.
fn no_version() -> u64 {
    u64::MAX
}

/// A form from another session (the server was restarted) or from
/// elsewhere: said in the session's language, with the way back.
fn forbidden(shared: &Shared) -> Response {
    said(
        shared,
        StatusCode::FORBIDDEN,
        crate::lang::Msg::ServeStaleForm,
    )
}

/// A page that says `what` in the session's language, with the way back.
fn said(shared: &Shared, status: StatusCode, what: crate::lang::Msg) -> Response {
    let frame = pages::Frame::new(&shared.csrf, shared.lang, None, None);
    (status, Html(pages::message(shared.lang.text(what), &frame))).into_response()
}

/// An id the data does not have, said with the way back.
fn not_found(shared: &Shared) -> Response {
    said(
        shared,
        StatusCode::NOT_FOUND,
        crate::lang::Msg::ServeNotFound,
    )
}

/// An address the session does not have, said with the way back.
async fn no_such_page(State(shared): State<Arc<Shared>>) -> Response {
    said(
        &shared,
        StatusCode::NOT_FOUND,
        crate::lang::Msg::ServeNoSuchPage,
    )
}

fn back_to(path: &str) -> Response {
    Redirect::to(path).into_response()
}

/// The frame of a page: its banner says what the desk holds.
fn page_frame(shared: &Shared, desk: &Desk, note: Option<String>) -> pages::Frame {
    pages::Frame::new(
        &shared.csrf,
        shared.lang,
        desk_line(desk, shared.lang),
        note,
    )
}

async fn plan_page(State(shared): State<Arc<Shared>>) -> Response {
    let session = lock(&shared.session);
    let desk = lock(&shared.desk);
    // A note answers one click: shown once, then gone, so that it never
    // tells of a click long past (or another browser's) as if it were new.
    let note = lock(&shared.note).take();
    Html(pages::plan(&session, &page_frame(&shared, &desk, note))).into_response()
}

async fn officer_page(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let (current, frame, options) = snapshot(&shared);
    let Some(o) = current.instance.find_officer(&id) else {
        return not_found(&shared);
    };
    // explain re-solves: off the async workers, and without the session
    // lock, so other pages and the desk stay responsive.
    rendered(
        tokio::task::spawn_blocking(move || pages::officer(&current, o, &frame, &options)).await,
    )
}

async fn position_page(
    State(shared): State<Arc<Shared>>,
    Path((mission, role)): Path<(String, String)>,
) -> Response {
    let (current, frame, options) = snapshot(&shared);
    let Some(p) = current.instance.find_position(&mission, &role) else {
        return not_found(&shared);
    };
    rendered(
        tokio::task::spawn_blocking(move || pages::position(&current, p, &frame, &options)).await,
    )
}

/// A copy of the plan in force and the frame of a page, taken under the
/// locks and released at once.
fn snapshot(shared: &Shared) -> (session::Solved, pages::Frame, SolveOptions) {
    let session = lock(&shared.session);
    let desk = lock(&shared.desk);
    let options = SolveOptions {
        time_limit: session.setup.time_limit,
        ..SolveOptions::default()
    };
    (
        session.current().clone(),
        page_frame(shared, &desk, None),
        options,
    )
}

/// A page rendered on a blocking thread, or the error that stopped it.
fn rendered(
    result: std::result::Result<crate::error::Result<String>, tokio::task::JoinError>,
) -> Response {
    match result
        .map_err(|e| e.to_string())
        .and_then(|r| r.map_err(|e| e.to_string()))
    {
        Ok(html) => Html(html).into_response(),
        Err(why) => (StatusCode::INTERNAL_SERVER_ERROR, why).into_response(),
    }
}

async fn mission_page(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let session = lock(&shared.session);
    let Some(m) = session.current().instance.find_mission(&id) else {
        return not_found(&shared);
    };
    let frame = page_frame(&shared, &lock(&shared.desk), None);
    Html(pages::mission(&session, m, &frame)).into_response()
}

async fn service_page(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let session = lock(&shared.session);
    let Some(s) = session.current().instance.find_service(&id) else {
        return not_found(&shared);
    };
    let frame = page_frame(&shared, &lock(&shared.desk), None);
    Html(pages::service(&session, s, &frame)).into_response()
}

/// A page's id given in the query (`/officer?id=..`).
#[derive(Debug, serde::Deserialize)]
pub struct IdQuery {
    id: String,
}

/// A position given in the query (`/position?mission=..&role=r`).
#[derive(Debug, serde::Deserialize)]
pub struct PositionQuery {
    mission: String,
    role: String,
}

/// The query of the find box.
#[derive(Debug, Default, serde::Deserialize)]
pub struct FindQuery {
    #[serde(default)]
    q: String,
}

/// Finds officers by id or name: one hit opens their page.
async fn find(State(shared): State<Arc<Shared>>, Query(query): Query<FindQuery>) -> Response {
    let session = lock(&shared.session);
    let inst = &session.current().instance;
    let q = query.q.trim().to_lowercase();
    let hits: Vec<crate::model::OfficerIx> = if q.is_empty() {
        Vec::new()
    } else {
        inst.officer_ixs()
            .filter(|o| {
                let officer = &inst.officers[o.0];
                officer.id.to_lowercase() == q || officer.name.to_lowercase().contains(&q)
            })
            .take(100)
            .collect()
    };
    if let [o] = hits[..] {
        let id = &inst.officers[o.0].id;
        return back_to(&pages::href("officer", &[("id", id)]));
    }
    let frame = pages::Frame::new(&shared.csrf, shared.lang, None, None);
    Html(pages::found(&session, query.q.trim(), &hits, &frame)).into_response()
}

/// The desk in one line for every page's banner.
fn desk_line(desk: &Desk, lang: Lang) -> Option<String> {
    use crate::lang::Msg;
    match desk {
        Desk::Idle => None,
        Desk::Solving { what, started, .. } => Some(lang.fill(
            Msg::ServeSolving,
            &[("what", what), ("seconds", &started.elapsed().as_secs())],
        )),
        Desk::Proposal { proposal: p, .. } => Some(lang.fill(
            Msg::ServeProposalWaiting,
            &[("what", &p.taken.decision.text(&p.solved.instance, lang))],
        )),
        Desk::Refused { why, .. } => Some(lang.fill(Msg::ServeRefused, &[("why", why)])),
    }
}

async fn desk_page(State(shared): State<Arc<Shared>>) -> Response {
    let session = lock(&shared.session);
    let desk = lock(&shared.desk);
    let lang = shared.lang;
    let queued: Vec<String> = lock(&shared.queue)
        .iter()
        .map(|(d, _)| d.text(&session.current().instance, lang))
        .collect();
    let waiting = (!queued.is_empty()).then(|| {
        lang.fill(
            crate::lang::Msg::ServeQueued,
            &[
                ("n", &queued.len()),
                ("changes", &queued.join(lang.semicolon())),
            ],
        )
    });
    let job = match &*desk {
        Desk::Solving { job, .. } => *job,
        Desk::Proposal { job, .. } | Desk::Refused { job, .. } => *job,
        Desk::Idle => 0,
    };
    let frame = pages::Frame::new(&shared.csrf, lang, waiting, None).for_job(job);
    let html = match &*desk {
        Desk::Idle => return back_to("/"),
        Desk::Solving {
            what,
            started,
            level,
            ..
        } => pages::solving(what, started.elapsed().as_secs_f64(), *lock(level), &frame),
        Desk::Proposal { proposal, .. } => pages::proposal(&session, proposal, &frame),
        Desk::Refused { why, .. } => pages::refused(why, &frame),
    };
    Html(html).into_response()
}

/// The decision a form asks for, looked up in the data, or what in the
/// form the data does not have.
fn decision_of(
    inst: &crate::model::Instance,
    form: &ChangeForm,
    lang: crate::lang::Lang,
) -> Result<Decision, String> {
    use crate::lang::Msg;
    let unknown = |msg: Msg, id: &str| lang.fill(msg, &[("id", &id)]);
    let officer = || {
        inst.find_officer(&form.officer)
            .ok_or_else(|| unknown(Msg::ServeUnknownOfficer, &form.officer))
    };
    let position = || match inst.position_labelled(&form.position) {
        Ok(p) => Ok(p),
        Err(several) if several.is_empty() => {
            Err(unknown(Msg::ServeUnknownPosition, &form.position))
        }
        Err(several) => {
            let parts: Vec<String> = several
                .iter()
                .map(|&p| {
                    let pos = &inst.positions[p.0];
                    let mission = &inst.missions[pos.mission.0].id;
                    let role = &pos.role;
                    lang.fill(
                        Msg::ServePositionParts,
                        &[("mission", mission), ("role", role)],
                    )
                })
                .collect();
            let count = several.len();
            let parts = parts.join(", ");
            Err(lang.fill(
                Msg::ServeAmbiguousPosition,
                &[("id", &form.position), ("count", &count), ("parts", &parts)],
            ))
        }
    };
    let number = |most: u32| {
        form.value
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|&n| n <= most)
            .ok_or_else(|| {
                lang.fill(
                    Msg::ServeBadNumber,
                    &[("value", &form.value.trim()), ("most", &most)],
                )
            })
    };
    Ok(match form.kind.as_str() {
        "pin" => Decision::Pin(officer()?, position()?),
        "exclude" => Decision::Exclude(
            officer()?,
            inst.find_mission(&form.mission)
                .ok_or_else(|| unknown(Msg::ServeUnknownMission, &form.mission))?,
        ),
        "withdraw" => Decision::Withdraw(officer()?),
        "count" => Decision::Count(position()?, number(1000)?),
        "limit" => Decision::Limit(
            inst.find_service(&form.service)
                .ok_or_else(|| unknown(Msg::ServeUnknownService, &form.service))?,
            number(100_000)?,
        ),
        _ => return Err(lang.text(Msg::ServeBadChange).to_string()),
    })
}

async fn try_change(State(shared): State<Arc<Shared>>, Form(form): Form<ChangeForm>) -> Response {
    if !same(&form.csrf, &shared.csrf) {
        return forbidden(&shared);
    }
    let lang = shared.lang;
    let decision = {
        let session = lock(&shared.session);
        decision_of(&session.current().instance, &form, lang)
    };
    let decision = match decision {
        Ok(decision) => decision,
        Err(why) => {
            return (
                StatusCode::BAD_REQUEST,
                Html(pages::refused(
                    &why,
                    &pages::Frame::new(&shared.csrf, lang, None, None),
                )),
            )
                .into_response()
        }
    };
    let reason: String = form.reason.chars().take(500).collect();
    {
        // A second click on the same change does not queue it twice.
        let mut queue = lock(&shared.queue);
        if !queue.iter().any(|(d, _)| *d == decision) {
            queue.push_back((decision, reason));
        }
    }
    start_next(&shared);
    back_to("/desk")
}

/// Starts the next change waiting, if the desk is idle.
fn start_next(shared: &Arc<Shared>) {
    let started = {
        let session = lock(&shared.session);
        let mut desk = lock(&shared.desk);
        begin_next(shared, &session, &mut desk)
    };
    if let Some(started) = started {
        solve_on_desk(shared, started);
    }
}

/// A change put on the desk, to be solved.
struct Started {
    trial: session::Trial,
    job: u64,
    level: Arc<Mutex<Option<pages::Stage>>>,
    cancel: crate::solve::Cancel,
}

/// Under the session's and the desk's locks: puts the next change waiting
/// on an idle desk, as being solved.
fn begin_next(shared: &Shared, session: &Session, desk: &mut Desk) -> Option<Started> {
    if !matches!(*desk, Desk::Idle) {
        return None;
    }
    let (decision, reason) = lock(&shared.queue).pop_front()?;
    let what = decision.text(&session.current().instance, shared.lang);
    let trial = session.trial(Taken { decision, reason });
    let mut next = lock(&shared.next_job);
    *next += 1;
    let level = Arc::new(Mutex::new(None));
    let cancel = crate::solve::Cancel::default();
    *desk = Desk::Solving {
        job: *next,
        what,
        started: Instant::now(),
        level: level.clone(),
        cancel: cancel.clone(),
    };
    Some(Started {
        trial,
        job: *next,
        level,
        cancel,
    })
}

/// Solves the change on the desk on a blocking thread, then puts what came
/// of it on the desk: a proposal, or a refusal. A refusal with changes
/// waiting is told on the plan page and the next one is started under the
/// same locks, so that no page sees the desk idle in between.
fn solve_on_desk(shared: &Arc<Shared>, started: Started) {
    let Started {
        trial,
        job,
        level,
        cancel,
    } = started;
    let worker = shared.clone();
    tokio::spawn(async move {
        let (tell, tell_gap) = (level.clone(), level.clone());
        let options = SolveOptions {
            progress: Some(Progress(Arc::new(move |l| *lock(&tell) = Some((l, None))))),
            search: Some(crate::solve::Search(Arc::new(move |s| {
                let gap = s.gap.filter(|_| s.proving);
                *lock(&tell_gap) = Some((s.level, gap));
            }))),
            cancel: Some(cancel),
            ..SolveOptions::polished()
        };
        let result = tokio::task::spawn_blocking(move || trial.solve(&options)).await;
        let next = {
            let session = lock(&worker.session);
            let mut desk = lock(&worker.desk);
            // A cancelled job's result is dropped.
            if !matches!(&*desk, Desk::Solving { job: j, .. } if *j == job) {
                return;
            }
            let why = match result {
                Ok(Ok(Ok(proposal))) => {
                    *desk = Desk::Proposal {
                        job,
                        proposal: Box::new(proposal),
                    };
                    return;
                }
                Ok(Ok(Err(why))) => why,
                Ok(Err(e)) => e.to_string(),
                Err(e) => format!("the solve stopped: {e}"),
            };
            // With changes waiting, a change that cannot be made does not
            // hold them up: it is told on the plan page instead.
            if lock(&worker.queue).is_empty() {
                *desk = Desk::Refused { job, why };
                return;
            }
            *desk = Desk::Idle;
            let lang = worker.lang;
            *lock(&worker.note) = Some(lang.fill(crate::lang::Msg::ServeRefused, &[("why", &why)]));
            begin_next(&worker, &session, &mut desk)
        };
        if let Some(started) = next {
            solve_on_desk(&worker, started);
        }
    });
}

/// The report `match --report` writes, for the plan in force.
async fn report_page(State(shared): State<Arc<Shared>>) -> Response {
    let session = lock(&shared.session);
    let current = session.current();
    let info = crate::report::html::ReportInfo {
        files: &session.files,
        seconds: 0.0,
        command: "missionmatch serve".into(),
        lang: shared.lang,
    };
    let cx =
        crate::explain::Context::new(&current.instance, &current.solution.plan, &current.pairs);
    Html(crate::report::html::match_report(
        &current.instance,
        &current.solution,
        &cx,
        &info,
    ))
    .into_response()
}

/// Whether the desk holds the job a form was shown: a form from a stale
/// page, another browser's or a second click acts on nothing.
fn on_desk(desk: &Desk, job: u64) -> bool {
    match desk {
        Desk::Solving { job: j, .. }
        | Desk::Proposal { job: j, .. }
        | Desk::Refused { job: j, .. } => *j == job,
        Desk::Idle => false,
    }
}

/// After the desk was freed: the next queued change, and where to go.
fn next_page(shared: &Arc<Shared>) -> Response {
    start_next(shared);
    let busy = !matches!(*lock(&shared.desk), Desk::Idle);
    back_to(if busy { "/desk" } else { "/" })
}

async fn accept(State(shared): State<Arc<Shared>>, Form(form): Form<ChangeForm>) -> Response {
    if !same(&form.csrf, &shared.csrf) {
        return forbidden(&shared);
    }
    {
        let mut session = lock(&shared.session);
        let mut desk = lock(&shared.desk);
        if matches!(&*desk, Desk::Proposal { .. }) && on_desk(&desk, form.job) {
            if let Desk::Proposal { proposal, .. } = std::mem::replace(&mut *desk, Desk::Idle) {
                session.accept(*proposal);
                *lock(&shared.note) = None;
            }
        }
    }
    next_page(&shared)
}

async fn discard(State(shared): State<Arc<Shared>>, Form(form): Form<ChangeForm>) -> Response {
    if !same(&form.csrf, &shared.csrf) {
        return forbidden(&shared);
    }
    {
        let mut desk = lock(&shared.desk);
        if matches!(*desk, Desk::Proposal { .. } | Desk::Refused { .. }) && on_desk(&desk, form.job)
        {
            *desk = Desk::Idle;
            *lock(&shared.note) = None;
        }
    }
    next_page(&shared)
}

async fn cancel(State(shared): State<Arc<Shared>>, Form(form): Form<ChangeForm>) -> Response {
    if !same(&form.csrf, &shared.csrf) {
        return forbidden(&shared);
    }
    {
        let mut desk = lock(&shared.desk);
        if let Desk::Solving { cancel, .. } = &*desk {
            if on_desk(&desk, form.job) {
                // The solve stops at its next solver call; its plan is dropped.
                cancel.cancel();
                *desk = Desk::Idle;
                *lock(&shared.note) = None;
            }
        }
    }
    next_page(&shared)
}

/// Undo or redo: only while no change is solving or waiting for the
/// board, and only from a page showing the session as it is (`version`):
/// a stale page, another browser's or a second click does nothing, and
/// the plan page says so.
fn undo_or_redo(shared: &Shared, redo: bool, version: u64) -> Response {
    use crate::lang::Msg;
    let mut session = lock(&shared.session);
    let desk = lock(&shared.desk);
    let note = if !matches!(*desk, Desk::Idle | Desk::Refused { .. }) {
        Some(Msg::ServeUndoWaits)
    } else if version != session.version {
        Some(Msg::ServeUndoStale)
    } else {
        let _ = if redo { session.redo() } else { session.undo() };
        None
    };
    *lock(&shared.note) = note.map(|m| shared.lang.text(m).to_string());
    back_to("/")
}

async fn undo(State(shared): State<Arc<Shared>>, Form(form): Form<ChangeForm>) -> Response {
    if !same(&form.csrf, &shared.csrf) {
        return forbidden(&shared);
    }
    undo_or_redo(&shared, false, form.version)
}

async fn redo(State(shared): State<Arc<Shared>>, Form(form): Form<ChangeForm>) -> Response {
    if !same(&form.csrf, &shared.csrf) {
        return forbidden(&shared);
    }
    undo_or_redo(&shared, true, form.version)
}

async fn save(State(shared): State<Arc<Shared>>, Form(form): Form<ChangeForm>) -> Response {
    if !same(&form.csrf, &shared.csrf) {
        return forbidden(&shared);
    }
    let lang = shared.lang;
    let result = {
        let mut session = lock(&shared.session);
        let saved = session.save();
        if saved.is_ok() {
            session.mark_saved();
        }
        saved
    };
    let note = match result {
        Ok(paths) => {
            crate::interrupt::note_saved();
            let files: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            lang.fill(
                crate::lang::Msg::ServeSaved,
                &[("files", &files.join(", "))],
            )
        }
        Err(e) => lang.fill(
            crate::lang::Msg::ServeSaveFailed,
            &[("why", &e.to_string())],
        ),
    };
    *lock(&shared.note) = Some(note);
    back_to("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_must_name_this_server() {
        let at = |a: &str| a.parse::<SocketAddr>().unwrap();
        assert!(host_is_ours("127.0.0.1:8080", at("127.0.0.1:8080")));
        assert!(host_is_ours("LOCALHOST:8080", at("127.0.0.1:8080")));
        assert!(!host_is_ours("localhost", at("127.0.0.1:8080")));
        assert!(!host_is_ours("evil.example:8080", at("127.0.0.1:8080")));
        // On port 80 a browser leaves the port out.
        assert!(host_is_ours("localhost", at("127.0.0.1:80")));
        assert!(host_is_ours("127.0.0.1", at("127.0.0.1:80")));
        assert!(host_is_ours("[::1]", at("127.0.0.1:80")));
        assert!(!host_is_ours("evil.example", at("127.0.0.1:80")));
    }
}
