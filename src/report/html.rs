//! The HTML report: one self-contained file (inline CSS and SVG; no
//! script, no font or image from the network) that reads on a screen and
//! prints on A4. Markup is built with `maud`, which escapes every value
//! from the input files.
//!
//! Each section has a stable `id` (listed in [`MATCH_SECTIONS`] and
//! [`WHATIF_SECTIONS`]); the browser test checks they all render.

use super::rounded;
use crate::explain::Context;
use crate::io::InputFile;
use crate::lang::{count_text, day_text, num_text, seconds_text, share_text, Lang, Msg};
use crate::model::{limits, Date, Instance, PositionIx, ServiceIx};
use crate::plan;
use crate::rules::Rule;
use crate::solve::{LevelStatus, Solution};
use crate::whatif::{self, Comparison, Measures};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use rayon::prelude::*;

/// Section ids of a match report, in page order.
pub const MATCH_SECTIONS: [&str; 9] = [
    "status",
    "seats",
    "balance",
    "services",
    "time",
    "funnel",
    "passed-over",
    "standby",
    "audit",
];

/// Section ids of a what-if report, in page order.
pub const WHATIF_SECTIONS: [&str; 4] = ["scenarios", "charts", "curves", "audit"];

/// Rows of a long table shown in the report; the CSV has them all.
const MAX_ROWS: usize = 300;

/// What a report says about the run besides the plan.
pub struct ReportInfo<'a> {
    /// The input files with their SHA-256.
    pub files: &'a [InputFile],
    /// Wall time of the whole run, seconds.
    pub seconds: f64,
    /// The command line, for the audit trail.
    pub command: String,
    /// The language of the report.
    pub lang: Lang,
}

/// The report of one match.
pub fn match_report(
    inst: &Instance,
    solution: &Solution,
    cx: &Context,
    info: &ReportInfo,
) -> String {
    let stats = plan::mission_stats(inst, &solution.plan);
    let demand: u32 = stats.iter().map(|s| s.demand).sum();
    let filled: u32 = stats.iter().map(|s| s.filled).sum();
    let lang = info.lang;
    let t = |msg: Msg| lang.text(msg);
    let body = html! {
        header {
            h1 { (t(Msg::ReportTitle)) }
            p.lead {
                (lang.fill(Msg::ReportLead, &[
                    ("filled", &count_text(filled as usize, lang)),
                    ("demand", &count_text(demand as usize, lang)),
                    ("officers", &count_text(inst.officers.len(), lang)),
                    ("missions", &inst.missions.len()),
                    ("services", &inst.services.len()),
                ]))
            }
        }
        (status_section(solution, info.seconds, lang))
        section #seats {
            h2 { (t(Msg::ReportSeatsHeading)) }
            p.note { (t(Msg::ReportSeatsNote)) }
            (folded(inst.missions.iter().zip(&stats).map(|(m, s)| Bar {
                label: m.id.clone(),
                value: f64::from(s.filled),
                whole: f64::from(s.demand),
                target: None,
                text: format!("{}/{}", s.filled, s.demand),
                flag: s.filled < s.demand,
            }).collect::<Vec<_>>(), Msg::ReportFoldMissionsFilled, lang))
        }
        (balance_section(inst, &stats, lang))
        (services_section(inst, solution, lang))
        (time_section(inst, solution, lang))
        (funnel_section(inst, solution, cx, lang))
        (passed_over_section(inst, cx, lang))
        (standby_section(inst, cx, lang))
        (audit_section(info, Some(inst)))
    };
    page(t(Msg::ReportTitle), body, lang)
}

/// The report of a what-if run: every scenario side by side, bar charts of
/// the levels, and the curves of a sweep.
///
/// `sweep`: the sweep's specification and the index of its first row in
/// `rows` (the sweep's points come last).
pub fn whatif_report(
    rows: &[Comparison],
    sweep: Option<(&str, usize)>,
    info: &ReportInfo,
) -> String {
    let lang = info.lang;
    let solved: Vec<(String, &Measures)> = rows
        .iter()
        .filter_map(|r| r.solved().map(|m| (r.scenario_text(lang), m)))
        .collect();
    let metric = |f: &dyn Fn(&Measures) -> f64| -> Markup {
        let values: Vec<f64> = solved.iter().map(|(_, m)| f(m)).collect();
        let most = values.iter().copied().fold(0.0, f64::max);
        bars(
            &solved
                .iter()
                .zip(&values)
                .map(|((name, _), &v)| Bar {
                    label: name.to_string(),
                    value: v,
                    whole: most,
                    target: None,
                    text: num_text(v, lang),
                    flag: false,
                })
                .collect::<Vec<_>>(),
        )
    };
    let t = |msg: Msg| lang.text(msg);
    let body = html! {
        header {
            h1 { (t(Msg::WhatifReportTitle)) }
            p.lead { (lang.fill(Msg::WhatifReportLead, &[("n", &rows.len().saturating_sub(1))])) }
        }
        section #scenarios {
            h2 { (t(Msg::WhatifSideBySide)) }
            p.note { (t(Msg::WhatifSideBySideNote)) }
            div.wide {
                table {
                    thead { tr { @for h in whatif_columns(lang) { th { (h) } } } }
                    tbody {
                        @for row in rows {
                            tr.short[row.solved().is_none()] {
                                @for cell in row.readable_cells(lang) { td { (safe(&cell_text(&cell, lang))) } }
                            }
                        }
                    }
                }
            }
        }
        section #charts {
            h2 { (t(Msg::WhatifLevelsHeading)) }
            h3 { (t(Msg::SeriesSeatsFilled)) }
            (metric(&|m| m.seats_filled as f64))
            h3 { (t(Msg::WhatifQualityChart)) }
            (metric(&|m| m.quality))
            h3 { (t(Msg::WhatifBalanceChart)) }
            (metric(&|m| m.balance))
        }
        section #curves {
            h2 { (t(Msg::WhatifCurvesHeading)) }
            @match sweep {
                Some((spec, first)) => {
                    p.note { (lang.markup(Msg::WhatifSweepNote, &[("spec", html! { code { (spec) } })])) }
                    (curves(&rows[first.min(rows.len())..], lang))
                }
                None => p.note { (lang.markup(Msg::WhatifNoSweep, &[("command", html! { code { "whatif --sweep" } })])) },
            }
        }
        (audit_section(info, None))
    };
    page(t(Msg::WhatifReportTitle), body, lang)
}

/// The headers of the what-if table: whatif.csv's columns, in words.
fn whatif_columns(lang: Lang) -> Vec<String> {
    if lang == Lang::En {
        return whatif::HEADER.iter().map(|h| h.replace('_', " ")).collect();
    }
    [
        Msg::WhatifScenario,
        Msg::ColumnStatus,
        Msg::LevelFill,
        Msg::LevelBalance,
        Msg::LevelQuality,
        Msg::SeriesSeatsFilled,
        Msg::WhatifColumnSeatsAsked,
        Msg::SeriesWomenShare,
        Msg::WhatifColumnServicesAtCapacity,
        Msg::WhatifColumnSeatsVsBaseline,
        Msg::WhatifColumnMoved,
        Msg::WhatifColumnAdded,
        Msg::WhatifColumnDropped,
    ]
    .iter()
    .map(|&m| lang.text(m).to_string())
    .collect()
}

/// A cell of whatif.csv as the report shows it: lists spaced, and in
/// French decimal commas and status words.
fn cell_text(cell: &str, lang: Lang) -> String {
    if lang == Lang::Fr {
        let status = [
            LevelStatus::Optimal,
            LevelStatus::TimeLimit { gap: 0.0 },
            LevelStatus::NotSolved,
            LevelStatus::Unproven { pairs: 0, gap: 0.0 },
            LevelStatus::WithinGap { gap: 0.0 },
        ]
        .into_iter()
        .find(|s| s.name() == cell);
        if let Some(status) = status {
            return status_word(status, lang).to_string();
        }
        // A scenario an interrupt stopped, or came before.
        if cell == crate::whatif::INTERRUPTED {
            return lang.text(Msg::StatusWordInterrupted).to_string();
        }
        if cell == crate::whatif::NOT_STARTED {
            return lang.text(Msg::WhatifStatusNotStarted).to_string();
        }
        if let Ok(x) = cell.parse::<f64>() {
            if cell.contains('.') {
                return num_text(x, lang);
            }
        }
    }
    cell.replace(';', lang.semicolon())
}

fn page(title: &str, body: Markup, lang: Lang) -> String {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
            body { main { (body) } }
        }
    }
    .into_string()
}

const CSS: &str = r#"
:root { --ink: #1d2733; --muted: #5b6b7c; --bar: #24598f; --light: #d9e4ef; --flag: #b5451b; --ok: #2f7d4f; --rule: #c9d3dd; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--bar); }
h3 { font-size: 14px; margin: 16px 0 6px; }
p.lead { color: var(--muted); margin: 0 0 18px; font-size: 15px; }
p.note { color: var(--muted); margin: 0 0 10px; }
details.fold { margin: 6px 0 10px; }
details.fold > summary { cursor: pointer; color: var(--bar); margin-bottom: 6px; }
@media print { details.fold > summary { color: var(--ink); } }
section { margin: 0 0 30px; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { background: #f1f5f9; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.short td, td.short, .flag { color: var(--flag); font-weight: 600; }
.ok { color: var(--ok); font-weight: 600; }
code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 12px; word-break: break-all; }
.pill { display: inline-block; padding: 1px 10px; border-radius: 10px; font-weight: 600; color: #fff; background: var(--ok); }
.pill.warn { background: var(--flag); }
.wide { overflow-x: auto; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-size: 11px; fill: var(--ink); }
.legend span { display: inline-block; margin-right: 16px; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: middle; }
@media print {
  @page { size: A4; margin: 14mm; }
  main { max-width: none; padding: 0; }
  section { break-inside: avoid-page; }
  table, svg { break-inside: auto; }
  tr { break-inside: avoid; }
  h2 { break-after: avoid; }
}
"#;

fn status_section(solution: &Solution, seconds: f64, lang: Lang) -> Markup {
    // Settled within the gap asked for is what was asked: no warning.
    let settled = solution.settled();
    let t = |msg: Msg| lang.text(msg);
    html! {
        section #status {
            h2 { (t(Msg::ReportStatusHeading)) }
            p {
                span.pill.warn[!settled] { (status_word(solution.status(), lang)) }
                " " (super::summary::status_text_in(solution, lang)) " · " (seconds_text(seconds, lang)) " s"
            }
            table {
                thead { tr { th { (t(Msg::ColumnLevel)) } th.n { (t(Msg::ColumnValue)) } th { (t(Msg::ColumnStatus)) } th.n { (t(Msg::ColumnSeconds)) } } }
                tbody {
                    @for r in &solution.reports {
                        tr {
                            td { (r.level.name_in(lang)) }
                            td.n { (num_text(r.value, lang)) }
                            td.short[!matches!(r.status, LevelStatus::Optimal | LevelStatus::WithinGap { .. })] { (level_status(r.status, solution.interrupted, lang)) }
                            td.n { (seconds_text(r.seconds, lang)) }
                        }
                    }
                }
            }
        }
    }
}

/// How the solve ended, in a word: its stable name in English
/// (`optimal`, `time_limit`), in words in French.
fn status_word(status: LevelStatus, lang: Lang) -> &'static str {
    if lang == Lang::En {
        return status.name();
    }
    lang.text(match status {
        LevelStatus::Optimal => Msg::StatusWordOptimal,
        LevelStatus::TimeLimit { .. } => Msg::StatusWordTimeLimit,
        LevelStatus::NotSolved => Msg::StatusWordNotSolved,
        LevelStatus::Unproven { .. } => Msg::StatusWordUnproven,
        LevelStatus::WithinGap { .. } => Msg::StatusWordWithinGap,
    })
}

/// A level's status in words; `interrupted` when a level stopped was
/// stopped by an interrupt (a command's first Ctrl-C), not a time limit.
fn level_status(status: LevelStatus, interrupted: bool, lang: Lang) -> String {
    let (with_gap, no_plan) = if interrupted {
        (Msg::LevelInterruptedGap, Msg::LevelInterruptedNoPlan)
    } else {
        (Msg::LevelTimeLimitGap, Msg::LevelTimeLimitNoPlan)
    };
    match status {
        LevelStatus::Optimal => lang.text(Msg::LevelOptimal).into(),
        LevelStatus::TimeLimit { gap } if gap.is_finite() => {
            lang.fill(with_gap, &[("gap", &crate::lang::gap_text(gap, lang))])
        }
        LevelStatus::TimeLimit { .. } => lang.text(no_plan).into(),
        LevelStatus::NotSolved => lang.text(Msg::LevelNotSolved).into(),
        LevelStatus::WithinGap { gap } => lang.fill(
            Msg::LevelWithinGap,
            &[("gap", &crate::lang::gap_text(gap, lang))],
        ),
        LevelStatus::Unproven { gap, .. } => {
            let gap = format!("{:.3}", gap * 100.0);
            let gap = match lang {
                Lang::En => format!("{gap}%"),
                Lang::Fr => format!("{}\u{a0}%", gap.replace('.', ",")),
            };
            lang.fill(Msg::LevelUnprovenGap, &[("gap", &gap)])
        }
    }
}

fn balance_section(inst: &Instance, stats: &[plan::MissionStats], lang: Lang) -> Markup {
    let women: Vec<Bar> = inst
        .missions
        .iter()
        .zip(stats)
        .map(|(m, s)| {
            let target = (m.min_women_share, s.gender_shortfall);
            share_bar(m.id.clone(), s.women, s.filled, target, lang)
        })
        .collect();
    let language: Vec<Bar> = inst
        .missions
        .iter()
        .zip(stats)
        .filter_map(|(m, s)| {
            let label = format!("{} {}", m.id, m.language.as_ref()?);
            let target = (m.min_language_share, s.language_shortfall);
            Some(share_bar(label, s.language_met, s.filled, target, lang))
        })
        .collect();
    let t = |msg: Msg| lang.text(msg);
    html! {
        section #balance {
            h2 { (t(Msg::ReportBalanceHeading)) }
            p.note.legend {
                span { span.swatch style="background:#24598f" {} (t(Msg::LegendShareInPlan)) }
                span { span.swatch style="background:#b5451b" {} (t(Msg::LegendShortOfTarget)) }
                span { span.swatch style="background:#1d2733;width:2px" {} (t(Msg::LegendTarget)) }
            }
            h3 { (t(Msg::ReportWomenHeading)) }
            (folded(women, Msg::ReportFoldMissionsMeetingTarget, lang))
            h3 { (t(Msg::ReportLanguageHeading)) }
            @if language.is_empty() { p.note { (t(Msg::ReportNoWorkingLanguage)) } }
            @else { (folded(language, Msg::ReportFoldMissionsMeetingTarget, lang)) }
        }
    }
}

/// `k` of `n` as a share bar against `(target share, shortfall)`.
fn share_bar(label: String, k: u32, n: u32, (target, shortfall): (f64, f64), lang: Lang) -> Bar {
    let share = if n == 0 {
        0.0
    } else {
        f64::from(k) / f64::from(n)
    };
    let target_text = if target <= 0.0 {
        String::new()
    } else if n == 0 {
        let none = lang.fill(
            Msg::TargetNobodyPlaced,
            &[("share", &share_text(target, lang))],
        );
        format!(" · {none}")
    } else if shortfall > 1e-9 {
        let short = lang.fill(
            Msg::BarTargetShortBy,
            &[
                ("target", &share_text(target, lang)),
                ("by", &num_text(shortfall, lang)),
            ],
        );
        format!(" · {short}")
    } else {
        let met = lang.fill(Msg::TargetMet, &[("share", &share_text(target, lang))]);
        format!(" · {met}")
    };
    Bar {
        label,
        value: share,
        whole: 1.0,
        target: (target > 0.0).then_some(target),
        text: lang.fill(
            Msg::BarShare,
            &[
                ("k", &k),
                ("n", &n),
                ("share", &share_text(share, lang)),
                ("target", &target_text),
            ],
        ),
        flag: shortfall > 1e-9,
    }
}

/// `peak 3 of 3 away on 2027-03-15`: a service's busiest day.
fn peak_text(used: &limits::ServiceUse, max_deployed: u32, lang: Lang) -> String {
    let args: [(&str, &dyn std::fmt::Display); 2] =
        [("away", &used.peak_away), ("limit", &max_deployed)];
    match used.peak_date {
        Some(day) => {
            let day = day_text(day, lang);
            lang.fill(Msg::BarPeakOn, &[args[0], args[1], ("day", &day)])
        }
        None => lang.fill(Msg::BarPeak, &args),
    }
}

fn services_section(inst: &Instance, solution: &Solution, lang: Lang) -> Markup {
    let uses = limits::service_use(inst, &solution.plan.assignments);
    let counts: Vec<u32> = uses.iter().map(|u| u.assigned).collect();
    let mut order: Vec<usize> = (0..inst.services.len()).collect();
    order.sort_by(|&a, &b| inst.services[a].id.cmp(&inst.services[b].id));
    let at_capacity = format!(" · {}", lang.text(Msg::BarAtCapacity));
    let rows: Vec<Bar> = order
        .iter()
        .map(|&s| {
            let svc = &inst.services[s];
            let cap = svc.capacity();
            let used = &uses[s];
            let full = used.at_capacity();
            let mark = if full { at_capacity.as_str() } else { "" };
            if used.dated {
                // Counted day by day: the busiest day against max_deployed.
                return Bar {
                    label: svc.id.clone(),
                    value: f64::from(used.peak_away),
                    whole: f64::from(svc.max_deployed),
                    target: None,
                    text: format!("{}{mark}", peak_text(used, svc.max_deployed, lang)),
                    flag: full,
                };
            }
            let of = lang.fill(Msg::BarOf, &[("k", &counts[s]), ("n", &cap)]);
            Bar {
                label: svc.id.clone(),
                value: f64::from(counts[s]),
                whole: f64::from(cap),
                target: None,
                text: format!("{of}{mark}"),
                flag: full,
            }
        })
        .collect();
    let full = rows.iter().filter(|r| r.flag).count();
    html! {
        section #services {
            h2 { (lang.text(Msg::ReportServicesHeading)) }
            p.note { (lang.fill(Msg::ReportServicesNote, &[("full", &full), ("services", &rows.len())])) }
            (folded(rows, Msg::ReportFoldServicesWithRoom, lang))
        }
    }
}

/// The days from the first tour's start to the last tour's end, drawn
/// `width` wide from `left`: where a day falls, and the month ticks.
struct Horizon {
    first: Date,
    last: Date,
    left: f64,
    width: f64,
}

impl Horizon {
    /// The x of the start of `day` (clamped to the horizon).
    fn x(&self, day: Date) -> f64 {
        let days = (self.last.day_number() + 1 - self.first.day_number()).max(1) as f64;
        let d = (day.day_number() - self.first.day_number()) as f64;
        self.left + self.width * (d / days).clamp(0.0, 1.0)
    }

    /// The x just after `day`.
    fn x_end(&self, day: Date) -> f64 {
        self.x(day.succ())
    }

    /// First days of months within the horizon, labelled: every month
    /// over up to two years, else every January.
    fn ticks(&self) -> Vec<(f64, String)> {
        let mut out = Vec::new();
        let mut d = self.first.next_month_start();
        let months = (self.last.day_number() - self.first.day_number()) / 30;
        while d <= self.last {
            let text = d.to_string();
            if months <= 24 || text[5..7] == *"01" {
                out.push((self.x(d), text[..7].to_string()));
            }
            d = d.next_month_start();
        }
        out
    }

    /// The axis under a chart at `y`: start and end days, month ticks.
    fn axis(&self, y: f64) -> Markup {
        html! {
            line x1=(self.left) x2=(self.left + self.width) y1=(y) y2=(y) stroke="#5b6b7c" {}
            @for (x, label) in self.ticks() {
                line x1=(x) x2=(x) y1=(y) y2=(y + 4.0) stroke="#5b6b7c" {}
                text x=(x) y=(y + 15.0) text-anchor="middle" style="font-size:9px" { (label) }
            }
            text x=(self.left) y=(y + 28.0) { (self.first) }
            text x=(self.left + self.width) y=(y + 28.0) text-anchor="end" { (self.last) }
        }
    }
}

/// Time: for each service the plan takes to its limit on some day, its
/// officers away per day (already away and the plan's, stacked) against
/// `max_deployed`; and every mission's tours as bars on a calendar.
fn time_section(inst: &Instance, solution: &Solution, lang: Lang) -> Markup {
    const LEFT: f64 = 190.0;
    const WIDTH: f64 = 620.0;
    let t = |msg: Msg| lang.text(msg);
    let Some((first, last)) = inst
        .positions
        .iter()
        .map(|p| (p.start, p.end))
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
    else {
        return html! { section #time { h2 { (t(Msg::ReportTimeHeading)) } p.note { (t(Msg::ReportNoPositions)) } } };
    };
    let horizon = Horizon {
        first,
        last,
        left: LEFT,
        width: WIDTH,
    };
    let uses = limits::service_use(inst, &solution.plan.assignments);
    let mut full: Vec<usize> = (0..inst.services.len())
        .filter(|&s| uses[s].at_capacity())
        .collect();
    full.sort_by(|&a, &b| inst.services[a].id.cmp(&inst.services[b].id));
    let filled = plan::position_counts(inst, &solution.plan);
    let mut missions: Vec<usize> = (0..inst.missions.len()).collect();
    missions.sort_by(|&a, &b| inst.missions[a].id.cmp(&inst.missions[b].id));
    html! {
        section #time {
            h2 { (t(Msg::ReportTimeHeading)) }
            p.note {
                (lang.fill(Msg::ReportTimeNote, &[("first", &day_text(first, lang)), ("last", &day_text(last, lang))]))
            }
            h3 { (t(Msg::ReportServicesAtLimitHeading)) }
            p.note.legend {
                span { span.swatch style="background:#9aa9b8" {} (t(Msg::LegendAlreadyAway)) }
                span { span.swatch style="background:#24598f" {} (t(Msg::LegendSentByPlan)) }
                span { span.swatch style="background:#b5451b;height:2px" {} "max_deployed" }
            }
            @if full.is_empty() {
                p { (t(Msg::ReportNoServiceAtLimit)) }
            }
            @for &s in full.iter().take(MAX_ROWS) {
                (away_chart(inst, ServiceIx(s), &uses[s], &horizon, lang))
            }
            h3 { (t(Msg::ReportToursHeading)) }
            p.note { (t(Msg::ReportToursNote)) }
            @for &m in &missions {
                @let positions: Vec<PositionIx> = inst
                    .position_ixs()
                    .filter(|p| inst.positions[p.0].mission.0 == m)
                    .collect();
                @if !positions.is_empty() {
                    (tour_chart(inst, m, &positions, &filled, &horizon, lang))
                }
            }
        }
    }
}

/// One service's officers away per day against its `max_deployed`.
fn away_chart(
    inst: &Instance,
    s: ServiceIx,
    used: &limits::ServiceUse,
    horizon: &Horizon,
    lang: Lang,
) -> Markup {
    const H: f64 = 90.0;
    const TOP: f64 = 18.0;
    let svc = &inst.services[s.0];
    let already = limits::away(inst, s, &[]);
    let plan_away = &used.away;
    let mut days: Vec<Date> = vec![horizon.first];
    days.extend(
        plan_away
            .spans
            .iter()
            .chain(&already.spans)
            .map(|span| span.0)
            .filter(|&d| d > horizon.first && d <= horizon.last),
    );
    days.sort();
    days.dedup();
    let top = f64::from(svc.max_deployed.max(used.peak_away).max(1));
    let y = |n: f64| TOP + H * (1.0 - n / top);
    let total_width = horizon.left + horizon.width + 20.0;
    let height = TOP + H + 34.0;
    let limit = if used.dated {
        peak_text(used, svc.max_deployed, lang)
    } else {
        lang.fill(
            Msg::BarReleasedAway,
            &[
                ("k", &used.assigned),
                ("n", &used.limit),
                ("away", &used.peak_away),
            ],
        )
    };
    html! {
        svg xmlns="http://www.w3.org/2000/svg" role="img" width=(total_width) height=(height)
            viewBox=(format!("0 0 {total_width} {height}")) {
            text x=(horizon.left - 6.0) y=(TOP + 12.0) text-anchor="end" { (safe(&truncate(&svc.id, 30))) }
            text x=(horizon.left - 6.0) y=(TOP + 26.0) text-anchor="end" style="font-size:9px" { (limit) }
            @for (i, &from) in days.iter().enumerate() {
                @let x0 = horizon.x(from);
                @let x1 = days.get(i + 1).map_or(horizon.x_end(horizon.last), |&d| horizon.x(d));
                @let before = f64::from(already.on(from));
                @let all = f64::from(plan_away.on(from)).max(before);
                rect x=(x0) y=(y(before)) width=((x1 - x0).max(0.0)) height=(H + TOP - y(before)) fill="#9aa9b8" {}
                rect x=(x0) y=(y(all)) width=((x1 - x0).max(0.0)) height=(y(before) - y(all)) fill="#24598f" {}
            }
            @let ly = y(f64::from(svc.max_deployed));
            line x1=(horizon.left) x2=(horizon.left + horizon.width) y1=(ly) y2=(ly)
                stroke="#b5451b" stroke-width="2" stroke-dasharray="6 3" {}
            text x=(horizon.left + horizon.width + 4.0) y=(ly + 4.0) { (svc.max_deployed) }
            (horizon.axis(TOP + H))
        }
    }
}

/// A mission's positions as bars on the calendar, seats filled in each.
fn tour_chart(
    inst: &Instance,
    m: usize,
    positions: &[PositionIx],
    filled: &[u32],
    horizon: &Horizon,
    lang: Lang,
) -> Markup {
    const ROW: f64 = 18.0;
    let mission = &inst.missions[m];
    let total_width = horizon.left + horizon.width + 20.0;
    let height = ROW * (positions.len() + 1) as f64 + 32.0;
    html! {
        svg xmlns="http://www.w3.org/2000/svg" role="img" width=(total_width) height=(height)
            viewBox=(format!("0 0 {total_width} {height}")) {
            text x=(horizon.left - 6.0) y="13" text-anchor="end" style="font-weight:600" { (safe(&truncate(&mission.id, 30))) }
            @for (i, p) in positions.iter().enumerate() {
                @let pos = &inst.positions[p.0];
                @let y = ROW * (i + 1) as f64;
                @let (x0, x1) = (horizon.x(pos.start), horizon.x_end(pos.end));
                @let short = filled[p.0] < pos.count;
                text x=(horizon.left - 6.0) y=(y + 12.0) text-anchor="end" { title { (safe(&pos.role)) } (safe(&truncate_role(&pos.role, 30))) }
                rect x=(x0) y=(y + 2.0) width=((x1 - x0).max(1.0)) height=(ROW - 5.0) fill="#d9e4ef" {}
                @let share = if pos.count == 0 { 0.0 } else { f64::from(filled[p.0]) / f64::from(pos.count) };
                rect x=(x0) y=(y + 2.0) width=(((x1 - x0) * share).max(0.0)) height=(ROW - 5.0)
                    fill=(if short { "#b5451b" } else { "#24598f" }) {}
                text x=(x0 + 4.0) y=(y + 12.0) style="fill:#fff;font-size:10px" {
                    (filled[p.0]) "/" (pos.count) " · " (lang.fill(Msg::TourFromTo, &[("start", &pos.start), ("end", &pos.end)]))
                }
            }
            (horizon.axis(ROW * (positions.len() + 1) as f64 + 2.0))
        }
    }
}

/// Officers left after each eligibility rule in order, per position.
fn sequential_funnel(inst: &Instance, p: PositionIx) -> Vec<usize> {
    let pos = &inst.positions[p.0];
    let mut left = vec![0usize; Rule::ALL.len() + 1];
    for o in &inst.officers {
        left[0] += 1;
        let excluded = o.excluded.contains(&pos.mission);
        for (i, rule) in Rule::ALL.iter().enumerate() {
            if !rule.holds(o, pos, excluded) {
                break;
            }
            left[i + 1] += 1;
        }
    }
    left
}

fn funnel_section(inst: &Instance, solution: &Solution, cx: &Context, lang: Lang) -> Markup {
    let mut order: Vec<PositionIx> = inst.position_ixs().collect();
    order.sort_by_key(|&p| inst.position_label(p));
    let shown = order.len().min(MAX_ROWS);
    // Each funnel weighs every officer: only the positions shown are
    // counted (a national pool has over a thousand positions).
    let funnels: Vec<Vec<usize>> = order[..shown]
        .par_iter()
        .map(|&p| sequential_funnel(inst, p))
        .collect();
    let filled = plan::position_counts(inst, &solution.plan);
    let t = |msg: Msg| lang.text(msg);
    html! {
        section #funnel {
            h2 { (t(Msg::ReportFunnelHeading)) }
            p.note { (t(Msg::ReportFunnelNote)) }
            table {
                thead {
                    tr {
                        th { (t(Msg::ColumnPosition)) }
                        th.n { (t(Msg::ColumnAll)) }
                        @for rule in Rule::ALL { th.n { (rule.name_in(lang)) } }
                        th.n { (t(Msg::ValidateSeats)) } th.n { (t(Msg::ColumnFilled)) }
                    }
                }
                tbody {
                    @for (p, left) in order.iter().zip(&funnels) {
                        @let pos = &inst.positions[p.0];
                        tr.short[filled[p.0] < pos.count] {
                            td { (safe(&inst.position_label(*p))) }
                            @for n in left { td.n { (n) } }
                            td.n { (pos.count) }
                            td.n { (filled[p.0]) }
                        }
                    }
                }
            }
            @if shown < order.len() {
                p.note { (lang.markup(Msg::ReportMorePositions, &[("n", html! { (order.len() - shown) }), ("command", html! { code { "missionmatch validate" } })])) }
            }
            @let short: Vec<PositionIx> = order.iter().copied().filter(|p| filled[p.0] < inst.positions[p.0].count).collect();
            @if !short.is_empty() {
                h3 { (t(Msg::ReportWhyEmptyHeading)) }
                ul {
                    @for p in short.iter().take(MAX_ROWS) {
                        li { strong { (safe(&inst.position_label(*p))) } (t(Msg::LabelColon)) (cx.unfilled_reason(*p).text_in(inst, lang)) }
                    }
                }
            }
        }
    }
}

fn passed_over_section(inst: &Instance, cx: &Context, lang: Lang) -> Markup {
    // Counted as passed_over.csv folds them (a national pool has millions
    // of cases); only the first MAX_ROWS, by position label then officer
    // id, are built to be shown.
    let by_officer = cx.passed_over_by_officer();
    let officers = by_officer.len();
    let total: usize = by_officer.iter().map(|(n, _)| n).sum();
    let mut positions: Vec<(String, PositionIx)> = inst
        .position_ixs()
        .map(|p| (inst.position_label(p), p))
        .collect();
    positions.sort_by(|a, b| a.0.cmp(&b.0));
    let mut cases = Vec::new();
    // Positions that share a label (mission `A/B` with role `C`, mission
    // `A` with role `B/C`) are one group, its cases by officer id.
    for group in positions.chunk_by(|a, b| a.0 == b.0) {
        if cases.len() >= MAX_ROWS {
            break;
        }
        let mut at: Vec<_> = group
            .iter()
            .flat_map(|(_, p)| cx.passed_over_at(*p))
            .collect();
        at.sort_by_key(|c| &inst.officers[c.officer.0].id);
        cases.extend(at);
    }
    let t = |msg: Msg| lang.text(msg);
    html! {
        section #passed-over {
            h2 { (t(Msg::ReportPassedOverHeading)) }
            p.note { (lang.fill(Msg::ReportPassedOverNote, &[("officers", &officers), ("n", &total)])) }
            @if total == 0 {
                p { (t(Msg::ReportPassedOverNobody)) }
            } @else {
                table {
                    thead { tr {
                        th { (t(Msg::ColumnOfficer)) } th { (t(Msg::ColumnPosition)) } th.n { (t(Msg::ColumnScore)) }
                        th { (t(Msg::ColumnChosen)) } th.n { (t(Msg::ColumnScore)) } th { (t(Msg::ColumnReason)) }
                    } }
                    tbody {
                        @for c in cases.iter().take(MAX_ROWS) {
                            @let m = inst.positions[c.position.0].mission;
                            tr {
                                td { (safe(&inst.officers[c.officer.0].id)) " " (safe(&inst.officers[c.officer.0].name)) }
                                td { (safe(&inst.position_label(c.position))) }
                                td.n { (num_text(inst.score(c.officer, m), lang)) }
                                td { (safe(&inst.officers[c.chosen.0].id)) }
                                td.n { (num_text(inst.score(c.chosen, m), lang)) }
                                td { (safe(&c.reason.text_in(inst, lang))) }
                            }
                        }
                    }
                }
                @if total > MAX_ROWS {
                    p.note { (lang.fill(Msg::ReportPassedOverMore, &[("n", &(total - MAX_ROWS))])) }
                }
            }
        }
    }
}

/// Officers on each seat's standby list in the report (alternates.csv has
/// as many as `match --alternates` asks).
const STANDBY_SHOWN: usize = 3;

/// Each position's standby list (as alternates.csv orders it), with what
/// calling each up does on its own.
fn standby_section(inst: &Instance, cx: &Context, lang: Lang) -> Markup {
    let positions: Vec<PositionIx> = inst.position_ixs().collect();
    let t = |msg: Msg| lang.text(msg);
    html! {
        section #standby {
            h2 { (t(Msg::ReportStandbyHeading)) }
            p.note { (t(Msg::ReportStandbyNote)) }
            table {
                thead { tr {
                    th { (t(Msg::ColumnPosition)) } th.n { "#" } th { (t(Msg::ColumnOfficer)) }
                    th.n { (t(Msg::ColumnScore)) } th { (t(Msg::ColumnCallingUp)) }
                } }
                tbody {
                    @for &p in positions.iter().take(MAX_ROWS / STANDBY_SHOWN) {
                        @let m = inst.positions[p.0].mission;
                        @let list = cx.standby(p, STANDBY_SHOWN);
                        @if list.is_empty() {
                            tr { td { (safe(&inst.position_label(p))) } td.n { "–" } td { (t(Msg::ReportStandbyNobody)) } td {} td {} }
                        }
                        @for (i, &o) in list.iter().enumerate() {
                            @let call = cx.call_up(o, p);
                            tr {
                                td { @if i == 0 { (safe(&inst.position_label(p))) } }
                                td.n { (i + 1) }
                                td { (safe(&inst.officers[o.0].id)) " " (safe(&inst.officers[o.0].name)) }
                                td.n { (num_text(inst.score(o, m), lang)) }
                                td { (safe(&call.text_in(inst, lang))) }
                            }
                        }
                    }
                }
            }
            @if positions.len() > MAX_ROWS / STANDBY_SHOWN {
                p.note { (lang.fill(Msg::ReportStandbyMore, &[("n", &(positions.len() - MAX_ROWS / STANDBY_SHOWN))])) }
            }
        }
    }
}

/// The run, its input files with their SHA-256 and, for a match, the
/// decisions taken by hand (pins.csv) with the board's reasons.
fn audit_section(info: &ReportInfo, pins_of: Option<&Instance>) -> Markup {
    let t = |msg: Msg| info.lang.text(msg);
    html! {
        section #audit {
            h2 { (t(Msg::ReportAuditHeading)) }
            p.note { "missionmatch " (env!("CARGO_PKG_VERSION")) " · " code { (info.command) } }
            table {
                thead { tr { th { (t(Msg::ColumnInputFile)) } th { "SHA-256" } } }
                tbody {
                    @for f in info.files {
                        tr { td { code { (f.path) } } td { code { (f.sha256) } } }
                    }
                }
            }
            @if let Some(inst) = pins_of.filter(|inst| !inst.pins.is_empty()) {
                h3 { (t(Msg::ReportPinsHeading)) }
                table #pins {
                    thead { tr { th { (t(Msg::ColumnOfficer)) } th { (t(Msg::ColumnPosition)) } th { (t(Msg::ColumnReason)) } } }
                    tbody {
                        @for pin in &inst.pins {
                            tr {
                                td { (safe(&inst.officers[pin.officer.0].id)) " " (safe(&inst.officers[pin.officer.0].name)) }
                                td { (safe(&inst.position_label(pin.position))) }
                                td { @if pin.reason.is_empty() { "—" } @else { (safe(&pin.reason)) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Bars a chart shows before it folds the rest away.
const FOLD_AFTER: usize = 20;

/// A bar chart that leads with what needs the board's attention: up to
/// [`FOLD_AFTER`] bars it is the plain chart; beyond, the flagged bars
/// (short of seats or of a target, or at a limit) come first and the
/// others fold into a `details` element the reader can open, named by
/// `rest` (`"{n} missions with every seat filled"`).
fn folded(rows: Vec<Bar>, rest: Msg, lang: Lang) -> Markup {
    if rows.len() <= FOLD_AFTER {
        return bars(&rows);
    }
    let (flagged, others): (Vec<Bar>, Vec<Bar>) = rows.into_iter().partition(|b| b.flag);
    html! {
        @if flagged.is_empty() {
            p.note { (lang.text(Msg::ReportNothingToActOn)) }
        } @else {
            (bars(&flagged))
        }
        @if !others.is_empty() {
            details.fold {
                summary { (lang.fill(rest, &[("n", &others.len())])) }
                (bars(&others))
            }
        }
    }
}

/// One bar of a horizontal bar chart: `value` out of `whole`, an optional
/// target marker (same scale), the text after the bar, and whether to
/// draw it in the warning colour.
struct Bar {
    label: String,
    value: f64,
    whole: f64,
    target: Option<f64>,
    text: String,
    flag: bool,
}

/// A horizontal bar chart, one row per bar, scaled to the largest whole.
fn bars(rows: &[Bar]) -> Markup {
    const ROW: f64 = 18.0;
    const LABEL: f64 = 190.0;
    const WIDTH: f64 = 460.0;
    const TEXT: f64 = 330.0;
    let scale = rows
        .iter()
        .map(|r| r.whole.max(r.value))
        .fold(0.0, f64::max)
        .max(1e-9);
    let x = |v: f64| LABEL + WIDTH * (v / scale).clamp(0.0, 1.0);
    let height = ROW * rows.len() as f64 + 4.0;
    let total = LABEL + WIDTH + TEXT;
    html! {
        svg xmlns="http://www.w3.org/2000/svg" role="img" width=(total) height=(height)
            viewBox=(format!("0 0 {total} {height}")) {
            @for (i, r) in rows.iter().enumerate() {
                @let y = ROW * i as f64 + 2.0;
                text x=(LABEL - 6.0) y=(y + 12.0) text-anchor="end" { (safe(&truncate(&r.label, 30))) }
                rect x=(LABEL) y=(y + 2.0) width=(x(r.whole) - LABEL) height=(ROW - 5.0) fill="#d9e4ef" {}
                rect x=(LABEL) y=(y + 2.0) width=(x(r.value) - LABEL) height=(ROW - 5.0)
                    fill=(if r.flag { "#b5451b" } else { "#24598f" }) {}
                @if let Some(t) = r.target {
                    line x1=(x(t)) x2=(x(t)) y1=(y) y2=(y + ROW - 1.0) stroke="#1d2733" stroke-width="2" {}
                }
                text x=(LABEL + WIDTH + 8.0) y=(y + 12.0) { (r.text) }
            }
        }
    }
}

/// Text from the input files as shown in a table cell: escaped by maud,
/// and neutralized like a CSV cell so that copying the table into a
/// spreadsheet cannot run a formula.
fn safe(text: &str) -> String {
    crate::io::table::neutralize(text).into_owned()
}

/// A role cut to `chars` characters, a successor seat's `@YYYY-MM-DD`
/// kept whole, so that the seats of one role stay apart.
fn truncate_role(role: &str, chars: usize) -> String {
    if let Some((base, date)) = role.rsplit_once('@') {
        let tail = date.chars().count() + 1;
        if tail + 1 < chars {
            return format!("{}@{date}", truncate(base, chars - tail));
        }
    }
    truncate(role, chars)
}

fn truncate(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_string()
    } else {
        let mut t: String = text.chars().take(chars - 1).collect();
        t.push('…');
        t
    }
}

/// Line charts of a sweep: each level and the seats and women share
/// against the swept value (read from the scenario names `FIELD=VALUE`),
/// each value as whatif.csv writes it.
fn curves(rows: &[Comparison], lang: Lang) -> Markup {
    let points: Vec<(f64, &Measures)> = rows
        .iter()
        .filter_map(|r| {
            let (_, v) = r.scenario.split_once('=')?;
            let x = v.parse::<f64>().ok()?;
            Some((x, r.solved()?))
        })
        .collect();
    // A measure of a plan; none when there is nothing to measure.
    type Measure = fn(&Measures) -> Option<f64>;
    let series: [(Msg, Measure); 5] = [
        (Msg::SeriesQuality, |m| Some(m.quality)),
        (Msg::SeriesFill, |m| Some(m.fill)),
        (Msg::SeriesBalanceShortfall, |m| Some(m.balance)),
        (Msg::SeriesSeatsFilled, |m| Some(m.seats_filled as f64)),
        (Msg::SeriesWomenShare, |m| m.women_share),
    ];
    html! {
        @for (title, value) in series {
            @let line: Vec<(f64, f64)> = points
                .iter()
                .filter_map(|(x, m)| Some((*x, rounded(value(m)?))))
                .collect();
            h3 { (lang.text(title)) }
            (line_chart(&line, lang))
        }
    }
}

fn line_chart(points: &[(f64, f64)], lang: Lang) -> Markup {
    const W: f64 = 640.0;
    const H: f64 = 200.0;
    const LEFT: f64 = 70.0;
    const BOTTOM: f64 = 28.0;
    if points.is_empty() {
        return html! { p.note { (lang.text(Msg::ReportNoSolvedPoint)) } };
    }
    let (x0, x1) = range(points.iter().map(|p| p.0));
    let (y0, y1) = range(points.iter().map(|p| p.1));
    let px = |x: f64| LEFT + (W - LEFT - 20.0) * (x - x0) / (x1 - x0);
    let py = |y: f64| 10.0 + (H - BOTTOM - 10.0) * (1.0 - (y - y0) / (y1 - y0));
    let path: Vec<String> = points
        .iter()
        .map(|&(x, y)| format!("{:.1},{:.1}", px(x), py(y)))
        .collect();
    html! {
        svg xmlns="http://www.w3.org/2000/svg" role="img" width=(W) height=(H) viewBox=(format!("0 0 {W} {H}")) {
            line x1=(LEFT) x2=(W - 20.0) y1=(H - BOTTOM) y2=(H - BOTTOM) stroke="#5b6b7c" {}
            line x1=(LEFT) x2=(LEFT) y1="10" y2=(H - BOTTOM) stroke="#5b6b7c" {}
            text x=(LEFT - 6.0) y=(py(y1) + 4.0) text-anchor="end" { (num_text(y1, lang)) }
            text x=(LEFT - 6.0) y=(py(y0) + 4.0) text-anchor="end" { (num_text(y0, lang)) }
            @for &(x, _) in points {
                text x=(px(x)) y=(H - BOTTOM + 16.0) text-anchor="middle" { (num_text(x, lang)) }
            }
            polyline points=(path.join(" ")) fill="none" stroke="#24598f" stroke-width="2" {}
            @for &(x, y) in points {
                circle cx=(px(x)) cy=(py(y)) r="3" fill="#24598f" {}
            }
        }
    }
}

/// The range of the values, widened when flat so the chart has a scale.
fn range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    if hi - lo < 1e-9 {
        (lo - 1.0, hi + 1.0)
    } else {
        (lo, hi)
    }
}

#[cfg(test)]
mod tests {
    use super::truncate_role;

    /// The what-if report's status cells in French, the interrupt's
    /// included; numbers with decimal commas.
    #[test]
    fn whatif_cells_read_in_french() {
        use super::cell_text;
        use crate::lang::Lang;
        assert_eq!(cell_text("time_limit", Lang::Fr), "limite de temps");
        assert_eq!(cell_text("interrupted", Lang::Fr), "interrompu");
        assert_eq!(
            cell_text(crate::whatif::NOT_STARTED, Lang::Fr),
            "non résolu\u{a0}: interrompu avant son début"
        );
        assert_eq!(cell_text("interrupted", Lang::En), "interrupted");
        assert_eq!(cell_text("0.25", Lang::Fr), "0,25");
    }

    #[test]
    fn a_cut_seat_name_keeps_its_date() {
        assert_eq!(
            truncate_role("community_policing_advisor@2027-03-18", 30),
            "community_policing…@2027-03-18"
        );
        assert_eq!(
            truncate_role("community_policing_advisor@2027-03-18", 30)
                .chars()
                .count(),
            30
        );
        assert_eq!(
            truncate_role("trainer@2027-03-18", 30),
            "trainer@2027-03-18"
        );
        assert_eq!(
            truncate_role("a_role_name_longer_than_thirty_letters", 30),
            "a_role_name_longer_than_thirt…"
        );
    }
}
