//! The match report's sections on missions, services, eligibility, the
//! officers passed over, the standby lists and the audit trail.

use super::charts::{folded, safe, Bar};
use super::{ReportInfo, MAX_ROWS};
use crate::explain::Context;
use crate::lang::{day_text, num_text, share_text, Lang, Msg};
use crate::model::{limits, Instance, PositionIx};
use crate::plan;
use crate::rules::Rule;
use crate::solve::Solution;
use maud::{html, Markup};
use rayon::prelude::*;

pub(super) fn balance_section(inst: &Instance, stats: &[plan::MissionStats], lang: Lang) -> Markup {
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
pub(super) fn share_bar(
    label: String,
    k: u32,
    n: u32,
    (target, shortfall): (f64, f64),
    lang: Lang,
) -> Bar {
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
pub(super) fn peak_text(used: &limits::ServiceUse, max_deployed: u32, lang: Lang) -> String {
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

pub(super) fn services_section(inst: &Instance, solution: &Solution, lang: Lang) -> Markup {
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

/// Officers left after each eligibility rule in order, per position.
pub(super) fn sequential_funnel(inst: &Instance, p: PositionIx) -> Vec<usize> {
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

pub(super) fn funnel_section(
    inst: &Instance,
    solution: &Solution,
    cx: &Context,
    lang: Lang,
) -> Markup {
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

pub(super) fn passed_over_section(inst: &Instance, cx: &Context, lang: Lang) -> Markup {
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
pub(super) const STANDBY_SHOWN: usize = 3;

/// Each position's standby list (as alternates.csv orders it), with what
/// calling each up does on its own.
pub(super) fn standby_section(inst: &Instance, cx: &Context, lang: Lang) -> Markup {
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
pub(super) fn audit_section(info: &ReportInfo, pins_of: Option<&Instance>) -> Markup {
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
