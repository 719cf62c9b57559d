//! The short plain-text summary `match` prints on stdout.

use super::Lang;
use super::{num, pct};
use crate::model::{limits, Instance};
use crate::plan::{self, MissionStats};
use crate::solve::{LevelStatus, Solution};
use std::fmt::Write;

/// Seats, per-mission balance against targets, services at capacity, and
/// the solver's status and time, in `lang`.
pub fn text_summary(
    inst: &Instance,
    solution: &Solution,
    total_seconds: f64,
    lang: Lang,
) -> String {
    let fr = lang == Lang::Fr;
    let mut out = String::new();
    let stats = plan::mission_stats(inst, &solution.plan);
    let demand: u32 = stats.iter().map(|s| s.demand).sum();
    let filled: u32 = stats.iter().map(|s| s.filled).sum();
    let (officers, missions, positions, pairs) = (
        inst.officers.len(),
        inst.missions.len(),
        inst.positions.len(),
        solution.eligible_pairs,
    );
    let _ = if fr {
        writeln!(
            out,
            "Postes pourvus : {filled} sur {demand} ({officers} policiers, {missions} missions, {positions} postes, {pairs} paires admissibles)"
        )
    } else {
        writeln!(
            out,
            "Seats filled: {filled} of {demand} ({officers} officers, {missions} missions, {positions} positions, {pairs} eligible pairs)"
        )
    };
    let width = inst
        .missions
        .iter()
        .map(|m| m.id.len())
        .max()
        .unwrap_or(7)
        .max(7);
    let (filled_head, women_head, language_head) = if fr {
        ("pourvus", "femmes", "langue")
    } else {
        ("filled", "women", "language")
    };
    let shown = missions_shown(&stats);
    let women: Vec<String> = shown
        .iter()
        .map(|&m| women_cell(inst.missions[m].min_women_share, &stats[m], lang))
        .collect();
    let women_width = women
        .iter()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0)
        .max(24);
    let _ = writeln!(
        out,
        "  {:<width$}  {:>7}  {:<women_width$}  {language_head}",
        "mission", filled_head, women_head
    );
    for (&m, women) in shown.iter().zip(&women) {
        let (mission, st) = (&inst.missions[m], &stats[m]);
        let _ = writeln!(
            out,
            "  {:<width$}  {:>7}  {:<women_width$}  {}",
            mission.id,
            format!("{}/{}", st.filled, st.demand),
            women,
            language_cell(mission, st, lang)
        );
    }
    if shown.len() < stats.len() {
        let rest = stats.len() - shown.len();
        let all_met = stats
            .iter()
            .enumerate()
            .filter(|(m, _)| !shown.contains(m))
            .all(|(_, st)| distance(st) == 0.0);
        let _ = match (fr, all_met) {
            (false, true) => writeln!(out, "  … and {rest} more mission(s), every seat filled and every target met: mission_summary.csv lists every mission"),
            (false, false) => writeln!(out, "  … and {rest} more mission(s), closer to their seats and targets: mission_summary.csv lists every mission"),
            (true, true) => writeln!(out, "  … et {rest} autre(s) mission(s), tous les postes pourvus et toutes les cibles atteintes : mission_summary.csv les liste toutes"),
            (true, false) => writeln!(out, "  … et {rest} autre(s) mission(s), plus proches de leurs postes et de leurs cibles : mission_summary.csv les liste toutes"),
        };
    }
    let uses = limits::service_use(inst, &solution.plan.assignments);
    let full: Vec<String> = inst
        .services
        .iter()
        .zip(&uses)
        .filter(|(_, used)| used.at_capacity())
        .map(|(s, used)| match (used.dated, used.peak_date, fr) {
            (false, _, _) => format!("{} ({}/{})", s.id, used.assigned, used.limit),
            (true, Some(day), false) => format!(
                "{} (peak {} of {} away on {day})",
                s.id, used.peak_away, used.limit
            ),
            (true, None, false) => {
                format!("{} (peak {} of {} away)", s.id, used.peak_away, used.limit)
            }
            (true, Some(day), true) => format!(
                "{} (au plus {} absents sur {} le {})",
                s.id,
                used.peak_away,
                used.limit,
                super::lang::date_text(day, lang)
            ),
            (true, None, true) => {
                format!(
                    "{} (au plus {} absents sur {})",
                    s.id, used.peak_away, used.limit
                )
            }
        })
        .collect();
    let listed = match (full.is_empty(), full.len() <= MAX_SERVICES_NAMED, fr) {
        (true, _, false) => "none".to_string(),
        (true, _, true) => "aucun".to_string(),
        (false, true, _) => full.join(", "),
        (false, false, false) => format!(
            "{} of {}: {}, … (service_summary.csv lists every service)",
            full.len(),
            inst.services.len(),
            full[..MAX_SERVICES_NAMED].join(", ")
        ),
        (false, false, true) => format!(
            "{} sur {} : {}, … (service_summary.csv les liste tous)",
            full.len(),
            inst.services.len(),
            full[..MAX_SERVICES_NAMED].join(", ")
        ),
    };
    let l = &solution.levels;
    let number = |x: f64| super::lang::num_text(x, lang);
    let seconds = format!("{total_seconds:.2}");
    let _ = if fr {
        writeln!(out, "Services à leur limite : {listed}")
            .and_then(|_| {
                writeln!(
                    out,
                    "Niveaux : postes {}, équilibre {}, qualité {}",
                    number(l.fill),
                    number(l.balance),
                    number(l.quality)
                )
            })
            .and_then(|_| {
                writeln!(
                    out,
                    "Solveur : {} en {} s",
                    status_text_in(solution, lang),
                    seconds.replace('.', ",")
                )
            })
    } else {
        writeln!(out, "Services at capacity: {listed}")
            .and_then(|_| {
                writeln!(
                    out,
                    "Levels: fill {}, balance {}, quality {}",
                    num(l.fill),
                    num(l.balance),
                    num(l.quality)
                )
            })
            .and_then(|_| writeln!(out, "Solver: {} in {seconds} s", status_text(solution)))
    };
    out
}

/// Missions the summary shows one line each; beyond it, the ones furthest
/// from their seats and targets.
const MAX_MISSION_LINES: usize = 20;

/// Services at capacity the summary names; beyond it, it counts them.
const MAX_SERVICES_NAMED: usize = 8;

/// How far a mission is from what it asked for: empty seats plus the
/// officers short of its women and language targets.
fn distance(st: &MissionStats) -> f64 {
    f64::from(st.demand - st.filled) + st.gender_shortfall + st.language_shortfall
}

/// The missions shown, by index: every mission in input order when there
/// are at most [`MAX_MISSION_LINES`], otherwise the ones furthest from
/// their seats and targets, furthest first (ties in input order).
fn missions_shown(stats: &[MissionStats]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..stats.len()).collect();
    if stats.len() > MAX_MISSION_LINES {
        order.sort_by(|&a, &b| {
            distance(&stats[b])
                .total_cmp(&distance(&stats[a]))
                .then(a.cmp(&b))
        });
        order.truncate(MAX_MISSION_LINES);
    }
    order
}

/// A share as a percentage in `lang` (`33%`, `33 %`).
fn share_text(x: f64, lang: Lang) -> String {
    match lang {
        Lang::En => pct(x),
        Lang::Fr => format!("{:.0} %", x * 100.0),
    }
}

/// ` target 30% met` or ` cible 30 % non atteinte`.
fn target_text(target: f64, short: bool, lang: Lang) -> String {
    match (lang, short) {
        (Lang::En, false) => format!(" target {} met", share_text(target, lang)),
        (Lang::En, true) => format!(" target {} short", share_text(target, lang)),
        (Lang::Fr, false) => format!(" cible {} atteinte", share_text(target, lang)),
        (Lang::Fr, true) => format!(" cible {} non atteinte", share_text(target, lang)),
    }
}

fn women_cell(target: f64, st: &MissionStats, lang: Lang) -> String {
    let share = if st.filled == 0 {
        0.0
    } else {
        st.women as f64 / st.filled as f64
    };
    let mut cell = format!("{} ({})", st.women, share_text(share, lang));
    if target > 0.0 {
        cell.push_str(&target_text(target, st.gender_shortfall > 1e-9, lang));
    }
    cell
}

fn language_cell(m: &crate::model::Mission, st: &MissionStats, lang_out: Lang) -> String {
    let Some(lang) = &m.language else {
        return "-".into();
    };
    let share = if st.filled == 0 {
        0.0
    } else {
        st.language_met as f64 / st.filled as f64
    };
    let mut cell = format!(
        "{lang} {} ({})",
        st.language_met,
        share_text(share, lang_out)
    );
    if m.min_language_share > 0.0 {
        cell.push_str(&target_text(
            m.min_language_share,
            st.language_shortfall > 1e-9,
            lang_out,
        ));
    }
    cell
}

/// `optimal (every level proven)` or `TIME LIMIT ... gap ...`, in English.
pub fn status_text(solution: &Solution) -> String {
    status_text_in(solution, Lang::En)
}

/// How the solve ended, in `lang`: proven, or the first level left
/// unproven or stopped by the time limit, with its gap.
pub fn status_text_in(solution: &Solution, lang: Lang) -> String {
    use crate::solve::Level;
    let fr = lang == Lang::Fr;
    let in_level = |level: Level| match (lang, level) {
        (Lang::En, _) => format!("in the {} level", level.name()),
        (Lang::Fr, Level::Fill) => "au niveau des postes pourvus".to_string(),
        (Lang::Fr, Level::Balance) => "au niveau de l'équilibre".to_string(),
        (Lang::Fr, Level::Quality) => "au niveau de la qualité".to_string(),
        (Lang::Fr, Level::Keep) => "au niveau des changements".to_string(),
    };
    let percent = |gap: f64| match lang {
        Lang::En => format!("{:.4}%", gap * 100.0),
        Lang::Fr => format!("{:.4} %", gap * 100.0).replace('.', ","),
    };
    for r in &solution.reports {
        let at = in_level(r.level);
        match r.status {
            LevelStatus::Unproven { pairs, gap } => {
                let (pairs, gap) = (num(pairs as f64), percent(gap));
                return if fr {
                    format!("NON PROUVÉ {at} : la preuve demanderait un modèle de {pairs} paires admissibles, au-delà du budget de mémoire ; meilleur plan trouvé, à moins de {gap} de la borne (niveaux suivants non optimisés)")
                } else {
                    format!("NOT PROVEN {at}: the proof would need a model over {pairs} eligible pairs, beyond the memory budget; best plan found, within {gap} of the bound (later levels not optimized)")
                };
            }
            LevelStatus::TimeLimit { gap } if !gap.is_finite() => {
                let start = r.level == Level::Fill;
                return match (fr, start) {
                    (false, true) => format!("TIME LIMIT reached {at} before it improved on the start plan (the pins, then the best-scored officers in priority order; every hard constraint holds)"),
                    (false, false) => format!("TIME LIMIT reached {at} before it improved on the plan of the level before, whose optimum is proven"),
                    (true, true) => format!("LIMITE DE TEMPS atteinte {at} avant toute amélioration sur le plan de départ (les décisions prises, puis les policiers les mieux notés par ordre de priorité ; chaque contrainte est respectée)"),
                    (true, false) => format!("LIMITE DE TEMPS atteinte {at} avant toute amélioration sur le plan du niveau précédent, dont l'optimum est prouvé"),
                };
            }
            LevelStatus::TimeLimit { gap } => {
                let gap = percent(gap);
                return if fr {
                    format!("LIMITE DE TEMPS atteinte {at} : meilleur plan trouvé, écart de {gap} (niveaux suivants non optimisés)")
                } else {
                    format!("TIME LIMIT reached {at}: best plan found, gap {gap} (later levels not optimized)")
                };
            }
            LevelStatus::Optimal | LevelStatus::NotSolved => {}
        }
    }
    if fr {
        "optimal (chaque niveau prouvé)".to_string()
    } else {
        "optimal (every level proven)".to_string()
    }
}
