//! The HTML report: one self-contained file (inline CSS and SVG; no
//! script, no font or image from the network) that reads on a screen and
//! prints on A4. Markup is built with `maud`, which escapes every value
//! from the input files.
//!
//! Each section has a stable `id` (listed in [`MATCH_SECTIONS`] and
//! [`WHATIF_SECTIONS`]); the browser test checks they all render.
//!
//! Files: `mod.rs` the two pages, their style and the solver's status;
//! `sections.rs` the match report's sections; `time.rs` its timeline;
//! `charts.rs` the bars, curves and the text helpers they share.

use crate::explain::Context;
use crate::io::InputFile;
use crate::lang::{count_text, num_text, seconds_text, Lang, Msg};
use crate::model::Instance;
use crate::plan;
use crate::solve::{LevelStatus, Solution};
use crate::whatif::{self, Comparison, Measures};
use maud::{html, Markup, PreEscaped, DOCTYPE};

mod charts;
mod sections;
mod time;

use charts::*;
use sections::*;
use time::*;

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
                                @for (i, cell) in row.readable_cells(lang).into_iter().enumerate() {
                                    // The name and a reason as written; the
                                    // status in words, the services spaced.
                                    td { (safe(&match i {
                                        1 => cell_text(&cell, lang),
                                        8 => cell.replace(';', lang.semicolon()),
                                        _ => cell,
                                    })) }
                                }
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
    .map(|&m| lower_first(lang.text(m)))
    .collect()
}

/// A title-cased label as a column header among lower-case ones
/// ("Places pourvues" → "places pourvues").
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The status cell of the comparison as the report shows it: in French,
/// status words (a reason why a scenario is not solved stays as written).
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
    }
    cell.to_string()
}

fn page(title: &str, body: Markup, lang: Lang) -> String {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                (PreEscaped(crate::io::export::REPORT_MARK))
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
            @let word = status_word(solution.status(), lang);
            @let text = super::summary::status_text_in(solution, lang);
            p {
                span.pill.warn[!settled] { (word) }
                // The pill says the word: not twice (`optimal optimal (…)`).
                " " (text.strip_prefix(word).map_or(text.as_str(), str::trim_start)) " · " (seconds_text(seconds, lang)) " s"
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

#[cfg(test)]
mod tests {
    use super::truncate_role;

    /// The what-if report's status cells in French, the interrupt's
    /// included.
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
        // Numbers come written in the reader's language already.
        assert_eq!(cell_text("0.25", Lang::Fr), "0.25");
    }

    /// The French what-if table's headers are in lower case, as the
    /// English ones (whatif.csv's columns) are.
    #[test]
    fn whatif_headers_in_french_are_lower_case() {
        use super::whatif_columns;
        use crate::lang::Lang;
        let headers = whatif_columns(Lang::Fr);
        assert!(headers.contains(&"places pourvues".to_string()));
        assert!(headers.contains(&"proportion de femmes".to_string()));
        for header in headers {
            let first = header.chars().next().unwrap();
            assert!(!first.is_uppercase(), "{header}");
        }
    }

    /// A flat measure keeps an axis that cannot read below 0: a sweep
    /// whose every scenario meets its targets charts a shortfall of 0
    /// on 0 to 1, not on −1 to 1.
    #[test]
    fn a_flat_measure_is_charted_from_zero() {
        use super::charts::range;
        assert_eq!(range([0.0, 0.0].into_iter()), (0.0, 1.0));
        assert_eq!(range([0.3].into_iter()), (0.0, 0.6));
        assert_eq!(range([-2.0, -2.0].into_iter()), (-3.0, -1.0));
        assert_eq!(range([1.0, 4.0].into_iter()), (1.0, 4.0));
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
