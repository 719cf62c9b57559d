//! The session's pages: every officer, position, mission and service a
//! link; forms for each change. Markup from maud (every value escaped);
//! no script.

use super::session::{Proposal, Session, Solved};
use crate::explain::{self, Context};
use crate::lang::{count_text, num_text, share_text, Lang, Msg};
use crate::model::{limits, Instance, MissionIx, OfficerIx, PositionIx, ServiceIx};
use crate::plan;
use crate::solve::{Level, SolveOptions};
use maud::{html, Markup, PreEscaped, DOCTYPE};

/// Candidates `recommend` re-solves on a position's page.
const RECOMMENDED: usize = 5;

/// What every page carries: the form token, the language, the desk's
/// state and the last save's note.
pub struct Frame {
    csrf: String,
    lang: Lang,
    banner: Option<String>,
    note: Option<String>,
    /// The job on the desk, carried by the forms that act on it.
    job: u64,
    /// Whether a change is solving or waiting for the board (undo and
    /// redo wait).
    busy: bool,
}

impl Frame {
    /// A frame for one page.
    pub fn new(csrf: &str, lang: Lang, banner: Option<String>, note: Option<String>) -> Self {
        Frame {
            csrf: csrf.to_string(),
            lang,
            busy: banner.is_some(),
            banner,
            note,
            job: 0,
        }
    }

    /// The frame of a page acting on job `job`.
    pub fn for_job(mut self, job: u64) -> Self {
        self.job = job;
        self
    }

    fn t(&self, msg: Msg) -> &'static str {
        self.lang.text(msg)
    }

    /// A form `id` posting to `action` with the form token, the hidden
    /// fields and `inner` (inputs and the button).
    fn form(&self, id: &str, action: &str, hidden: &[(&str, &str)], inner: Markup) -> Markup {
        html! {
            form id=(id) method="post" action=(action) {
                input type="hidden" name="csrf" value=(self.csrf);
                input type="hidden" name="job" value=(self.job);
                @for (name, value) in hidden { input type="hidden" name=(name) value=(value); }
                (inner)
            }
        }
    }

    fn page(&self, title: &str, body: Markup) -> String {
        html! {
            (DOCTYPE)
            html lang=(self.lang.code()) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " — missionmatch" }
                    style { (PreEscaped(CSS)) }
                }
                body {
                    nav {
                        a href="/" { (self.t(Msg::ServePlanLink)) }
                        " · "
                        a href="/report" { (self.t(Msg::ServeFullReport)) }
                    }
                    @if let Some(banner) = &self.banner {
                        p.banner { a href="/desk" { (banner) } }
                    }
                    @if let Some(note) = &self.note { p.note { (note) } }
                    main { h1 { (title) } (body) }
                }
            }
        }
        .into_string()
    }
}

const CSS: &str = r#"
body { margin: 0; font: 15px/1.45 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: #1d2733; }
nav { background: #24598f; padding: 8px 24px; } nav a { color: #fff; font-weight: 600; text-decoration: none; } nav { color: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 12px 24px 48px; }
h1 { font-size: 22px; } h2 { font-size: 17px; border-bottom: 2px solid #24598f; padding-bottom: 3px; margin-top: 26px; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #c9d3dd; vertical-align: top; }
th { background: #f1f5f9; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.short td, .flag { color: #b5451b; font-weight: 600; }
pre { background: #f6f8fa; padding: 10px; white-space: pre-wrap; font-size: 13px; }
p.banner { background: #fff3cd; margin: 0; padding: 8px 24px; } p.note { background: #e6f4ea; margin: 0; padding: 8px 24px; }
form { display: inline-block; margin: 4px 8px 4px 0; } input[type=text] { width: 22em; }
button { padding: 4px 12px; font-size: 14px; cursor: pointer; }
"#;

fn officer_link(inst: &Instance, o: OfficerIx) -> Markup {
    let officer = &inst.officers[o.0];
    html! { a href=(href("officer", &[("id", &officer.id)])) { (officer.id) } }
}

fn position_link(inst: &Instance, p: PositionIx) -> Markup {
    let pos = &inst.positions[p.0];
    let mission = &inst.missions[pos.mission.0].id;
    html! {
        a href=(href("position", &[("mission", mission), ("role", &pos.role)])) { (inst.position_label(p)) }
    }
}

fn mission_link(inst: &Instance, m: MissionIx) -> Markup {
    let id = &inst.missions[m.0].id;
    html! { a href=(href("mission", &[("id", id)])) { (id) } }
}

fn service_link(inst: &Instance, s: ServiceIx) -> Markup {
    let id = &inst.services[s.0].id;
    html! { a href=(href("service", &[("id", id)])) { (id) } }
}

/// The page of a `kind` (`officer`, `position`, …) named by its ids:
/// `/officer/CPA-0001`, each id one path segment. An id `.` or `..` goes
/// in the query instead (`/officer?id=..`): browsers drop such a path
/// segment, even percent-encoded.
pub fn href(kind: &str, ids: &[(&str, &str)]) -> String {
    let dots = |id: &str| id == "." || id == "..";
    if ids.iter().any(|(_, id)| dots(id)) {
        let query: Vec<String> = ids
            .iter()
            .map(|(key, id)| format!("{key}={}", encode(id)))
            .collect();
        format!("/{kind}?{}", query.join("&"))
    } else {
        let path: Vec<String> = ids.iter().map(|(_, id)| encode(id)).collect();
        format!("/{kind}/{}", path.join("/"))
    }
}

/// An id as one path segment: letters, digits and `-_.~` kept, anything
/// else percent-encoded.
pub fn encode(id: &str) -> String {
    id.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Where an officer is in a plan, as a link.
fn at(inst: &Instance, p: Option<PositionIx>, lang: Lang) -> Markup {
    match p {
        Some(p) => position_link(inst, p),
        None => html! { (lang.text(Msg::RecommendOut)) },
    }
}

/// The plan: what was decided, missions, positions with their holders,
/// services against their limits.
pub fn plan(session: &Session, frame: &Frame) -> String {
    let lang = frame.lang;
    let current = session.current();
    let inst = &current.instance;
    let stats = plan::mission_stats(inst, &current.solution.plan);
    let demand: u32 = stats.iter().map(|s| s.demand).sum();
    let filled: u32 = stats.iter().map(|s| s.filled).sum();
    let counts = plan::position_counts(inst, &current.solution.plan);
    let mut holders: Vec<Vec<OfficerIx>> = vec![Vec::new(); inst.positions.len()];
    for &(o, p) in &current.solution.plan.assignments {
        holders[p.0].push(o);
    }
    let uses = limits::service_use(inst, &current.solution.plan.assignments);
    let version = session.version.to_string();
    let body = html! {
        p {
            (lang.fill(Msg::ServeLead, &[("filled", &count_text(filled as usize, lang)), ("demand", &count_text(demand as usize, lang)), ("officers", &count_text(inst.officers.len(), lang))]))
            " · " (crate::report::status_text_in(&current.solution, lang))
        }
        form #find method="get" action="/find" {
            label { (frame.t(Msg::ServeFind)) " " input type="text" name="q" placeholder=(frame.t(Msg::ServeFindHint)); }
            " " button { (frame.t(Msg::ServeFindButton)) }
        }
        h2 { (frame.t(Msg::ServeDecisionsHeading)) }
        @if session.accepted.is_empty() {
            p { (frame.t(Msg::ServeNoDecision)) }
        } @else {
            ol {
                @for (taken, _) in &session.accepted {
                    li { (taken.decision.text(inst, lang)) @if !taken.reason.is_empty() { " — " em { (taken.reason) } } }
                }
            }
        }
        (frame.form("undo", "/undo", &[("version", &version)], html! { button disabled[frame.busy || session.accepted.is_empty()] { (frame.t(Msg::ServeUndo)) } }))
        (frame.form("redo", "/redo", &[("version", &version)], html! { button disabled[frame.busy || session.undone.is_empty()] { (frame.t(Msg::ServeRedo)) } }))
        (frame.form("save", "/save", &[], html! { button { (frame.t(Msg::ServeSave)) } }))
        p { small { (match session.save_paths() {
            Ok((pins, _)) => lang.fill(Msg::ServeSaveNote, &[
                ("pins", &pins.display()),
                ("out", &session.setup.out.display()),
            ]),
            Err(why) => lang.fill(Msg::ServeSaveImpossible, &[("why", &why)]),
        }) } }
        h2 { (frame.t(Msg::ServeMissionsHeading)) }
        table {
            thead { tr { th { (frame.t(Msg::ColumnMission)) } th.n { (frame.t(Msg::ColumnFilled)) } th.n { (frame.t(Msg::ColumnWomen)) } th { (frame.t(Msg::ColumnPosition)) } } }
            tbody {
                @for (m, st) in stats.iter().enumerate() {
                    tr.short[st.filled < st.demand] {
                        td { (mission_link(inst, MissionIx(m))) }
                        td.n { (st.filled) "/" (st.demand) }
                        td.n { (share_text(if st.filled == 0 { 0.0 } else { f64::from(st.women) / f64::from(st.filled) }, lang)) }
                        td {
                            @for p in inst.position_ixs().filter(|p| inst.positions[p.0].mission.0 == m) {
                                div {
                                    (position_link(inst, p)) " " (counts[p.0]) "/" (inst.positions[p.0].count) ": "
                                    @for (i, &o) in holders[p.0].iter().enumerate() {
                                        @if i > 0 { ", " }
                                        (officer_link(inst, o))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        h2 { (frame.t(Msg::ServeServicesHeading)) }
        table {
            thead { tr { th { (frame.t(Msg::ServeColumnService)) } th.n { (frame.t(Msg::ServeColumnAway)) } th.n { "max_deployed" } } }
            tbody {
                @for (s, used) in uses.iter().enumerate() {
                    tr.short[used.at_capacity()] {
                        td { (service_link(inst, ServiceIx(s))) " " (inst.services[s].name_in(lang)) }
                        td.n { (used.peak_away) }
                        td.n { (inst.services[s].max_deployed) }
                    }
                }
            }
        }
    };
    frame.page(frame.t(Msg::ServePlanTitle), body)
}

/// An officer: `explain --officer`, and the changes the board can make.
/// `options` are those of the re-solves (the session's time limit).
pub fn officer(
    current: &Solved,
    o: OfficerIx,
    frame: &Frame,
    options: &SolveOptions,
) -> crate::error::Result<String> {
    let lang = frame.lang;
    let inst = &current.instance;
    let (_, text) = explain::officer(
        inst,
        &current.pairs,
        &current.solution,
        o,
        options,
        lang,
        &|_, _| {},
    )?;
    let id = inst.officers[o.0].id.clone();
    let eligible: Vec<PositionIx> = current
        .pairs
        .iter()
        .filter(|&&(x, _)| x == o)
        .map(|&(_, p)| p)
        .collect();
    let body = html! {
        pre { (text) }
        h2 { (frame.t(Msg::ServeChangeHeading)) }
        @if !eligible.is_empty() {
            p { small { (frame.t(Msg::ServeTryNote)) } }
            (frame.form("pin", "/try", &[("kind", "pin"), ("officer", &id)], html! {
                label { (frame.t(Msg::ServePinTo)) " "
                    select name="position" {
                        @for &p in &eligible { option value=(inst.position_label(p)) { (inst.position_label(p)) } }
                    }
                }
                " " input type="text" name="reason" placeholder=(frame.t(Msg::ServeReason));
                " " button { (frame.t(Msg::ServeTry)) }
            }))
            br;
        }
        (frame.form("exclude", "/try", &[("kind", "exclude"), ("officer", &id)], html! {
            label { (frame.t(Msg::ServeExcludeFrom)) " "
                select name="mission" {
                    @for m in &inst.missions { option value=(m.id) { (m.id) } }
                }
            }
            " " input type="text" name="reason" placeholder=(frame.t(Msg::ServeReason));
            " " button { (frame.t(Msg::ServeTry)) }
        }))
        br;
        (frame.form("withdraw", "/try", &[("kind", "withdraw"), ("officer", &id)], html! {
            input type="text" name="reason" placeholder=(frame.t(Msg::ServeReason));
            " " button { (frame.t(Msg::ServeWithdraw)) }
        }))
        h2 { (frame.t(Msg::ServePositionsHeading)) }
        ul { @for &p in &eligible { li { (position_link(inst, p)) } } }
    };
    Ok(frame.page(&format!("{} {}", id, inst.officers[o.0].name), body))
}

/// A position: its funnel and holders (`explain --position`), and
/// `recommend`'s alternatives with their cost at every level.
/// `options` are those of the re-solves (the session's time limit).
pub fn position(
    current: &Solved,
    p: PositionIx,
    frame: &Frame,
    options: &SolveOptions,
) -> crate::error::Result<String> {
    let lang = frame.lang;
    let inst = &current.instance;
    let text = explain::position(inst, &current.pairs, &current.solution, p, lang);
    let (forced, _) = explain::recommend(
        inst,
        &current.pairs,
        &current.solution,
        p,
        RECOMMENDED,
        options,
        lang,
        &|_, _| {},
    )?;
    let cx = Context::new(inst, &current.solution.plan, &current.pairs);
    let label = inst.position_label(p);
    let m = inst.positions[p.0].mission;
    let body = html! {
        pre { (text) }
        h2 { (frame.t(Msg::ServeAlternativesHeading)) }
        table {
            thead { tr {
                th { (frame.t(Msg::ColumnOfficer)) } th.n { (frame.t(Msg::ColumnScore)) }
                th { (frame.t(Msg::ServeColumnNow)) } th { (frame.t(Msg::ServeColumnCost)) } th {}
            } }
            tbody {
                @for f in &forced {
                    tr {
                        td { (officer_link(inst, f.officer)) " " (inst.officers[f.officer.0].name) }
                        td.n { (num_text(inst.score(f.officer, m), lang)) }
                        td { (at(inst, cx.placed(f.officer), lang)) }
                        td {
                            @match &f.result {
                                Ok(plan) => {
                                    (explain::cost_text(&current.solution, plan, lang)) "; "
                                    (lang.fill(if plan.settled() { Msg::ServeMoves } else { Msg::ServeMovesFound }, &[("n", &plan.moves.len())]))
                                    @if let Some(why) = plan.why_not_proven(lang) { " (" (why) ")" }
                                }
                                Err(conflict) => { (conflict.text_in(inst, lang)) }
                            }
                        }
                        td {
                            @if f.result.is_ok() {
                                (frame.form(&format!("pin-{}", inst.officers[f.officer.0].id), "/try", &[("kind", "pin"), ("officer", &inst.officers[f.officer.0].id), ("position", &label)], html! {
                                    input type="text" name="reason" placeholder=(frame.t(Msg::ServeReason));
                                    " " button { (frame.t(Msg::ServePinHere)) }
                                }))
                            }
                        }
                    }
                }
            }
        }
        @if !forced.is_empty() {
            p { small { (frame.t(Msg::ServeTryNote)) } }
        }
        h2 { (frame.t(Msg::ServeChangeHeading)) }
        (frame.form("count", "/try", &[("kind", "count"), ("position", &label)], html! {
            label { (frame.t(Msg::ServeSeats)) " " input type="number" name="value" min="0" max="1000" value=(inst.positions[p.0].count); }
            " " input type="text" name="reason" placeholder=(frame.t(Msg::ServeReason));
            " " button { (frame.t(Msg::ServeTry)) }
        }))
        p { (frame.t(Msg::ColumnMission)) ": " (mission_link(inst, m)) }
    };
    Ok(frame.page(&label, body))
}

/// A mission: its positions with their seats.
pub fn mission(session: &Session, m: MissionIx, frame: &Frame) -> String {
    let current = session.current();
    let inst = &current.instance;
    let counts = plan::position_counts(inst, &current.solution.plan);
    let mission = &inst.missions[m.0];
    let body = html! {
        p { (mission.name_in(frame.lang)) }
        ul {
            @for p in inst.position_ixs().filter(|p| inst.positions[p.0].mission == m) {
                li.flag[counts[p.0] < inst.positions[p.0].count] {
                    (position_link(inst, p)) " " (counts[p.0]) "/" (inst.positions[p.0].count)
                }
            }
        }
    };
    frame.page(&mission.id, body)
}

/// A service: how the plan uses its limit, its officers placed, and the
/// form to change the limit.
pub fn service(session: &Session, s: ServiceIx, frame: &Frame) -> String {
    let lang = frame.lang;
    let current = session.current();
    let inst = &current.instance;
    let svc = &inst.services[s.0];
    let used = &limits::service_use(inst, &current.solution.plan.assignments)[s.0];
    let placed: Vec<(OfficerIx, PositionIx)> = current
        .solution
        .plan
        .assignments
        .iter()
        .copied()
        .filter(|&(o, _)| inst.officers[o.0].service == s)
        .collect();
    let body = html! {
        p {
            (svc.name_in(lang)) " · "
            (lang.fill(Msg::ServeServiceUse, &[("away", &used.peak_away), ("limit", &svc.max_deployed)]))
        }
        ul { @for &(o, p) in &placed { li { (officer_link(inst, o)) " → " (position_link(inst, p)) } } }
        h2 { (frame.t(Msg::ServeChangeHeading)) }
        (frame.form("limit", "/try", &[("kind", "limit"), ("service", &svc.id)], html! {
            label { "max_deployed " input type="number" name="value" min="0" max="100000" value=(svc.max_deployed); }
            " " input type="text" name="reason" placeholder=(frame.t(Msg::ServeReason));
            " " button { (frame.t(Msg::ServeTry)) }
        }))
    };
    frame.page(&svc.id, body)
}

/// The level a solve under way is on and, while that level's best plan is
/// being proven, how far it is from the bound.
pub type Stage = (Level, Option<f64>);

/// A solve under way: reloads itself every second; can be cancelled.
pub fn solving(what: &str, seconds: f64, level: Option<Stage>, frame: &Frame) -> String {
    let lang = frame.lang;
    let level = level.map_or(String::new(), |(l, gap)| {
        let named = lang.fill(Msg::ServeLevel, &[("level", &l.name_in(lang))]);
        match gap {
            Some(gap) => format!(
                "{named}, {}",
                lang.fill(
                    Msg::ServeProving,
                    &[("gap", &crate::lang::gap_text(gap, lang))]
                )
            ),
            None => named,
        }
    });
    let body = html! {
        meta http-equiv="refresh" content="1";
        p { (what) }
        p { (lang.fill(Msg::ServeSolvingFor, &[("seconds", &format!("{seconds:.0}"))])) " " (level) }
        (frame.form("cancel", "/cancel", &[], html! { button { (frame.t(Msg::ServeCancel)) } }))
    };
    frame.page(frame.t(Msg::ServeSolvingTitle), body)
}

/// A change solved: what moved and what it costs, to accept or discard.
pub fn proposal(session: &Session, p: &Proposal, frame: &Frame) -> String {
    let lang = frame.lang;
    let before: &Solved = session.current();
    let after = &p.solved;
    let inst = &after.instance;
    let (b, a) = (&before.solution.levels, &after.solution.levels);
    let rows = [
        (Level::Fill, b.fill, a.fill),
        (Level::Balance, b.balance, a.balance),
        (Level::Quality, b.quality, a.quality),
    ];
    let body = html! {
        p { strong { (p.taken.decision.text(inst, lang)) } @if !p.taken.reason.is_empty() { " — " em { (p.taken.reason) } } }
        p { (p.cost.text_stopped(explain::stop_bound(before.solution.stopped_in(), after.solution.stopped_in()), lang)) " · " (crate::report::status_text_in(&after.solution, lang)) }
        table {
            thead { tr { th { (frame.t(Msg::ColumnLevel)) } th.n { (frame.t(Msg::ServeBefore)) } th.n { (frame.t(Msg::ServeAfter)) } } }
            tbody {
                @for (level, x, y) in rows {
                    tr { td { (level.name_in(lang)) } td.n { (num_text(x, lang)) } td.n { (num_text(y, lang)) } }
                }
                tr {
                    td { (frame.t(Msg::SeriesSeatsFilled)) }
                    td.n { (before.solution.plan.assignments.len()) }
                    td.n { (after.solution.plan.assignments.len()) }
                }
            }
        }
        h2 { (lang.fill(Msg::ServeMovesHeading, &[("n", &p.moves.len())])) }
        table #moves {
            thead { tr { th { (frame.t(Msg::ColumnOfficer)) } th { (frame.t(Msg::ServeFrom)) } th { (frame.t(Msg::ServeTo)) } } }
            tbody {
                @for mv in &p.moves {
                    tr { td { (officer_link(inst, mv.officer)) } td { (at(inst, mv.from, lang)) } td { (at(inst, mv.to, lang)) } }
                }
            }
        }
        (frame.form("accept", "/accept", &[], html! { button #accept { (frame.t(Msg::ServeAccept)) } }))
        (frame.form("discard", "/discard", &[], html! { button #discard { (frame.t(Msg::ServeDiscard)) } }))
    };
    frame.page(frame.t(Msg::ServeProposalTitle), body)
}

/// A change that cannot be made.
pub fn refused(why: &str, frame: &Frame) -> String {
    let body = html! {
        p.flag { (why) }
        (frame.form("back", "/discard", &[], html! { button { (frame.t(Msg::ServeBack)) } }))
    };
    frame.page(frame.t(Msg::ServeRefusedTitle), body)
}

/// Officers whose id or name holds `query` (case-insensitive), as links.
pub fn found(session: &Session, query: &str, hits: &[OfficerIx], frame: &Frame) -> String {
    let inst = &session.current().instance;
    let body = html! {
        p { (frame.lang.fill(Msg::ServeFound, &[("n", &hits.len()), ("query", &query)])) }
        ul { @for &o in hits { li { (officer_link(inst, o)) " " (inst.officers[o.0].name) } } }
    };
    frame.page(frame.t(Msg::ServeFindButton), body)
}

/// A short message with the way back to the plan.
pub fn message(text: &str, frame: &Frame) -> String {
    let body = html! {
        p.flag { (text) }
        p { a href="/" { (frame.t(Msg::ServeBack)) } }
    };
    frame.page(frame.t(Msg::ServePlanTitle), body)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page of a solve under way names its level and, while the level
    /// is proven, how far the best plan is from the bound.
    #[test]
    fn a_solve_under_way_shows_its_level_and_gap() {
        let page = |level, lang| solving("pin A1", 12.0, level, &Frame::new("t", lang, None, None));
        let proving = Some((Level::Quality, Some(0.000412)));
        assert!(page(proving, Lang::En)
            .contains("level: quality, proving the best plan, within 0.0412% of the bound"));
        assert!(page(proving, Lang::Fr)
            .contains("preuve du meilleur plan, à 0,0412\u{a0}% de la borne"));
        let searching = page(Some((Level::Fill, None)), Lang::En);
        assert!(searching.contains("level: fill") && !searching.contains("bound"));
    }
}
