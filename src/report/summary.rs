//! The short plain-text summary `match` prints on stdout.

use super::num;
use crate::lang::{count_text, day_text, num_text, seconds_text, share_text, Lang, Msg};
use crate::model::{limits, Instance};
use crate::plan::{self, MissionStats};
use crate::solve::{LevelStatus, Solution};
use std::fmt::Write;

/// Seats, per-mission balance against targets, services at capacity, and
/// the solver's status and time, in `lang`. `seconds` is the match's
/// solve; `whole_run`, when given, the seconds of the whole command, told
/// beside it (re-solves asked for on top of the match, such as the
/// call-up costs, can take far longer than the match itself).
pub fn text_summary(
    inst: &Instance,
    solution: &Solution,
    seconds: f64,
    whole_run: Option<f64>,
    lang: Lang,
) -> String {
    let mut out = String::new();
    let stats = plan::mission_stats(inst, &solution.plan);
    let demand: u32 = stats.iter().map(|s| s.demand).sum();
    let filled: u32 = stats.iter().map(|s| s.filled).sum();
    let _ = writeln!(
        out,
        "{}",
        lang.fill(
            Msg::SummarySeats,
            &[
                ("filled", &count_text(filled as usize, lang)),
                ("demand", &count_text(demand as usize, lang)),
                ("officers", &count_text(inst.officers.len(), lang)),
                ("missions", &inst.missions.len()),
                ("positions", &count_text(inst.positions.len(), lang)),
                ("pairs", &count_text(solution.eligible_pairs, lang)),
            ]
        )
    );
    let width = inst
        .missions
        .iter()
        .map(|m| m.id.len())
        .max()
        .unwrap_or(7)
        .max(7);
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
        "  {:<width$}  {:>7}  {:<women_width$}  {}",
        lang.text(Msg::ColumnMission),
        lang.text(Msg::ColumnFilled),
        lang.text(Msg::ColumnWomen),
        lang.text(Msg::ColumnLanguage)
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
        let msg = if all_met {
            Msg::SummaryMoreMissionsMet
        } else {
            Msg::SummaryMoreMissionsShort
        };
        let _ = writeln!(out, "  {}", lang.fill(msg, &[("rest", &rest)]));
    }
    let uses = limits::service_use(inst, &solution.plan.assignments);
    let full: Vec<String> = inst
        .services
        .iter()
        .zip(&uses)
        .filter(|(_, used)| used.at_capacity())
        .map(|(s, used)| {
            let args: [(&str, &dyn std::fmt::Display); 3] = [
                ("service", &s.id),
                ("away", &used.peak_away),
                ("limit", &used.limit),
            ];
            match (used.dated, used.peak_date) {
                (false, _) => format!("{} ({}/{})", s.id, used.assigned, used.limit),
                (true, Some(day)) => {
                    let day = day_text(day, lang);
                    lang.fill(
                        Msg::ServicePeakOn,
                        &[args[0], args[1], args[2], ("day", &day)],
                    )
                }
                (true, None) => lang.fill(Msg::ServicePeak, &args),
            }
        })
        .collect();
    let listed = if full.is_empty() {
        lang.text(Msg::NoneMasculine).to_string()
    } else if full.len() <= MAX_SERVICES_NAMED {
        full.join(", ")
    } else {
        lang.fill(
            Msg::SummaryServicesCounted,
            &[
                ("full", &full.len()),
                ("services", &inst.services.len()),
                ("first", &full[..MAX_SERVICES_NAMED].join(", ")),
            ],
        )
    };
    let l = &solution.levels;
    let number = |x: f64| num_text(x, lang);
    let lines = [
        lang.fill(Msg::SummaryServicesAtCapacity, &[("listed", &listed)]),
        lang.fill(
            Msg::SummaryLevels,
            &[
                ("fill", &number(l.fill)),
                ("balance", &number(l.balance)),
                ("quality", &number(l.quality)),
            ],
        ),
        {
            // A status of several clauses (a stop, then what polishing
            // did) would end "… no seat given up in 0.08 s": the seconds
            // come first there.
            let status = status_text_in(solution, lang);
            let msg = match status.contains(lang.semicolon()) {
                true => Msg::SummarySolverAfter,
                false => Msg::SummarySolver,
            };
            lang.fill(
                msg,
                &[
                    ("status", &status),
                    ("seconds", &seconds_text(seconds, lang)),
                ],
            )
        } + &whole_run
            .map(|total| {
                lang.fill(
                    Msg::SummaryWholeRun,
                    &[("total", &seconds_text(total, lang))],
                )
            })
            .unwrap_or_default(),
    ];
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
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

/// `target 30% met` or `cible 30 % non atteinte`, after a space; with
/// nobody placed in the mission, that there is no one to count (a share
/// of nobody is no shortfall, and "met" would mislead).
fn target_text(target: f64, short: bool, filled: u32, lang: Lang) -> String {
    let msg = if filled == 0 {
        Msg::TargetNobodyPlaced
    } else if short {
        Msg::TargetShort
    } else {
        Msg::TargetMet
    };
    format!(
        " {}",
        lang.fill(msg, &[("share", &share_text(target, lang))])
    )
}

fn women_cell(target: f64, st: &MissionStats, lang: Lang) -> String {
    let share = if st.filled == 0 {
        0.0
    } else {
        st.women as f64 / st.filled as f64
    };
    let mut cell = format!("{} ({})", st.women, share_text(share, lang));
    if target > 0.0 {
        cell.push_str(&target_text(
            target,
            st.gender_shortfall > 1e-9,
            st.filled,
            lang,
        ));
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
            st.filled,
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
    let in_level = |level| {
        lang.text(match level {
            Level::Fill => Msg::InFillLevel,
            Level::Balance => Msg::InBalanceLevel,
            Level::Quality => Msg::InQualityLevel,
            Level::Keep => Msg::InKeepLevel,
        })
    };
    // What stopped a level: the time limit, or the person running the
    // command (an interrupt).
    let (stop, stopper) = if solution.interrupted {
        (Msg::StopInterrupt, Msg::StopperInterrupt)
    } else {
        (Msg::StopTimeLimit, Msg::StopperTimeLimit)
    };
    let (stop, stopper) = (lang.text(stop), lang.text(stopper));
    let replacements = replacements_text(solution.polished, lang);
    let note = |msg| match &replacements {
        Some(r) => lang.fill(msg, &[("replacements", r)]),
        None => String::new(),
    };
    // "; later levels not optimized" after a level some other follows.
    let later = |level: Level| {
        let after = solution
            .reports
            .iter()
            .skip_while(|r| r.level != level)
            .nth(1)
            .is_some();
        match after {
            true => (
                lang.text(Msg::StatusLater),
                lang.text(Msg::StatusLaterParen),
            ),
            false => ("", ""),
        }
    };
    let settled = solution
        .polished
        .settled
        .and_then(|level| solution.reports.iter().find(|r| r.level == level));
    if let (Some(report), Some(r)) = (settled, &replacements) {
        // Polishing brought a stopped level's plan to its bound, or
        // Quality's within the gap asked for.
        let (msg, gap) = match (report.status, solution.settled()) {
            (LevelStatus::WithinGap { gap }, true) => (Msg::StatusWithinGapAfterPolishing, gap),
            (LevelStatus::WithinGap { gap }, false) => (Msg::StatusWithinGapByPolishing, gap),
            (_, true) => (Msg::StatusOptimalAfterPolishing, 0.0),
            (_, false) => (Msg::StatusProvedByPolishing, 0.0),
        };
        let (later, later_paren) = later(report.level);
        return lang.fill(
            msg,
            &[
                ("at", &in_level(report.level)),
                ("stop", &stop),
                ("stopper", &stopper),
                ("replacements", r),
                ("gap", &crate::lang::gap_text(gap, lang)),
                ("later", &later),
                ("later_paren", &later_paren),
            ],
        );
    }
    for r in &solution.reports {
        let at = in_level(r.level);
        let (later, later_paren) = later(r.level);
        // The figures of a message with a gap are the polished plan's.
        let polished = note(match r.status {
            LevelStatus::TimeLimit { gap } if !gap.is_finite() => Msg::StatusPolishedNote,
            _ => Msg::StatusPolishedNoteFigures,
        });
        match r.status {
            LevelStatus::Unproven { pairs, gap } => {
                return lang.fill(
                    Msg::StatusUnproven,
                    &[
                        ("at", &at),
                        ("pairs", &num(pairs as f64)),
                        ("gap", &crate::lang::gap_text(gap, lang)),
                        ("later", &later),
                        ("later_paren", &later_paren),
                        ("polished", &polished),
                    ],
                );
            }
            LevelStatus::TimeLimit { gap } if !gap.is_finite() => {
                // A plan to stay close to (a what-if baseline, a previous
                // plan) adds the Keep level, and starts the start plan.
                let kept = solution.reports.iter().any(|r| r.level == Level::Keep);
                let msg = if r.level == Level::Fill && kept {
                    Msg::StatusTimeLimitAtStartKept
                } else if r.level == Level::Fill {
                    Msg::StatusTimeLimitAtStart
                } else {
                    Msg::StatusTimeLimitAtLevelBefore
                };
                return lang.fill(
                    msg,
                    &[("at", &at), ("stop", &stop), ("polished", &polished)],
                );
            }
            LevelStatus::TimeLimit { gap } if r.level == Level::Balance => {
                // Shortfalls are counted in officers: the bound says how
                // few short a plan could be, which a relative gap hides
                // (100 % when nothing better than 0 is proven).
                // Floored to the four decimals shown, never above the bound.
                let least = (crate::solve::bound_below(r.value, gap).max(0.0) * 1e4).floor() / 1e4;
                let msg = if least > 0.0 {
                    Msg::StatusTimeLimitBalance
                } else {
                    Msg::StatusTimeLimitBalanceOpen
                };
                return lang.fill(
                    msg,
                    &[
                        ("at", &at),
                        ("stop", &stop),
                        ("short", &num_text(r.value, lang)),
                        ("least", &num_text(least, lang)),
                        ("gap", &crate::lang::gap_text(gap, lang)),
                        ("later", &later),
                        ("later_paren", &later_paren),
                        ("polished", &polished),
                    ],
                );
            }
            LevelStatus::TimeLimit { gap } => {
                return lang.fill(
                    Msg::StatusTimeLimitGap,
                    &[
                        ("at", &at),
                        ("stop", &stop),
                        ("gap", &crate::lang::gap_text(gap, lang)),
                        ("later", &later),
                        ("later_paren", &later_paren),
                        ("polished", &polished),
                    ],
                );
            }
            LevelStatus::Optimal | LevelStatus::NotSolved | LevelStatus::WithinGap { .. } => {}
        }
    }
    // Settled within the gap asked for: every other level is proven.
    if let LevelStatus::WithinGap { gap } = solution.status() {
        return lang.fill(
            Msg::StatusWithinGap,
            &[("gap", &crate::lang::gap_text(gap, lang))],
        );
    }
    lang.text(Msg::StatusOptimal).to_string()
}

/// What polishing the plan a stop left replaced, in words: none when
/// nothing.
fn replacements_text(polished: crate::solve::Polished, lang: Lang) -> Option<String> {
    let (closer, better) = (polished.closer_to_targets, polished.better_scored);
    let count = |n| crate::lang::count_text(n, lang);
    Some(match (closer, better) {
        (0, 0) => return None,
        (0, n) => lang.fill(Msg::StatusPolished, &[("n", &count(n))]),
        (c, 0) => lang.fill(Msg::StatusPolishedCloserOnly, &[("closer", &count(c))]),
        (c, n) => lang.fill(
            Msg::StatusPolishedCloser,
            &[("closer", &count(c)), ("n", &count(n))],
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::status_text_in;
    use crate::lang::Lang;
    use crate::solve::{HeldBy, Level, LevelReport, LevelStatus, Polished, Solution};

    fn stopped_in_balance(value: f64, gap: f64) -> Solution {
        polished_after_balance(value, gap, Polished::default())
    }

    /// Stopped in Balance, then `polished` officers replaced.
    fn polished_after_balance(value: f64, gap: f64, polished: Polished) -> Solution {
        let report = |level, value, status| LevelReport {
            level,
            value,
            status,
            seconds: 1.0,
            held_by: HeldBy::NotHeld,
        };
        Solution {
            plan: Default::default(),
            levels: Default::default(),
            reports: vec![
                report(Level::Fill, 975.0, LevelStatus::Optimal),
                report(Level::Balance, value, LevelStatus::TimeLimit { gap }),
                report(Level::Quality, 0.0, LevelStatus::NotSolved),
            ],
            eligible_pairs: 0,
            build_seconds: 0.0,
            polished,
            interrupted: false,
        }
    }

    /// A stop in the last level has no later level to leave unoptimized;
    /// a stop in Quality with Keep after it (a what-if scenario) has.
    #[test]
    fn a_stop_in_the_last_level_names_no_later_levels() {
        let mut solution = stopped_in_balance(0.0, 0.0);
        solution.reports[1].status = LevelStatus::Optimal;
        solution.reports[2].status = LevelStatus::TimeLimit { gap: 0.000457 };
        assert_eq!(
            status_text_in(&solution, Lang::En),
            "TIME LIMIT reached in the quality level: best plan found, gap 0.0457%"
        );
        solution.reports.push(LevelReport {
            level: Level::Keep,
            value: 0.0,
            status: LevelStatus::NotSolved,
            seconds: 0.0,
            held_by: HeldBy::NotHeld,
        });
        assert_eq!(
            status_text_in(&solution, Lang::En),
            "TIME LIMIT reached in the quality level: best plan found, gap 0.0457% (later levels not optimized)"
        );
        assert_eq!(
            status_text_in(&solution, Lang::Fr),
            "LIMITE DE TEMPS atteinte au niveau de la qualité\u{a0}: meilleur plan trouvé, écart de 0,0457\u{a0}% (niveaux suivants non optimisés)"
        );
    }

    /// A Balance level stopped by the time limit is told in officers short
    /// of the targets, with the least a plan could be short: a relative gap
    /// alone reads 100 % when nothing better than 0 is proven, and then the
    /// text says whether every target can be met is open.
    #[test]
    fn a_balance_stopped_by_the_time_limit_is_told_in_officers() {
        assert_eq!(
            status_text_in(&stopped_in_balance(10.4, 0.0125), Lang::En),
            "TIME LIMIT reached in the balance level: best plan found, 10.4 officer(s) short of the gender and language targets in all; no plan can be less than 10.27 short (gap 1.2500%; later levels not optimized)"
        );
        let text = status_text_in(&stopped_in_balance(10.4, 0.0125), Lang::Fr);
        assert!(
            text.contains("il manque au total 10,4 policier(s)")
                && text.contains("en manquer moins de 10,27"),
            "{text}"
        );
        // Nothing better than 0 proven: the bound is not written as "less
        // than 0 short", and a plan under one officer short with HiGHS's
        // gap of 100 % (relative to the plan alone) does not go below 0.
        for (short, gap) in [(1.75, 1.0), (0.5, 1.0)] {
            let text = status_text_in(&stopped_in_balance(short, gap), Lang::En);
            assert_eq!(
                text,
                format!("TIME LIMIT reached in the balance level: best plan found, {short} officer(s) short of the gender and language targets in all; whether some plan meets them all is not settled (gap 100.0000%; later levels not optimized)")
            );
        }
        // A bound that rounds up at four decimals is written floored.
        let text = status_text_in(&stopped_in_balance(2.0, 0.499_999_99), Lang::En);
        assert!(text.contains("less than 1 short"), "{text}");
    }

    /// Officers replaced in the plan a stopped level left are told, and
    /// that the figures given are the polished plan's.
    #[test]
    fn a_polished_plan_is_told() {
        assert_eq!(
            status_text_in(&polished_after_balance(1.75, 1.0, better(77)), Lang::En),
            "TIME LIMIT reached in the balance level: best plan found, 1.75 officer(s) short of the gender and language targets in all; whether some plan meets them all is not settled (gap 100.0000%; later levels not optimized; the plan and the figures given include 77 replacements raising the plan's score, made after the stop, no seat or target given up)"
        );
        let text = status_text_in(&polished_after_balance(1.75, 1.0, better(77)), Lang::Fr);
        assert!(
            text.ends_with("niveaux suivants non optimisés\u{a0}; le plan et les chiffres donnés incluent 77 remplacements élevant la note du plan, faits après l'arrêt, sans perdre de place ni de cible)"),
            "{text}"
        );
    }

    fn better(n: usize) -> Polished {
        Polished {
            better_scored: n,
            ..Polished::default()
        }
    }

    /// Officers replaced to come closer to the targets are told first.
    #[test]
    fn a_plan_brought_closer_to_the_targets_is_told() {
        let both = Polished {
            closer_to_targets: 1,
            better_scored: 81,
            settled: None,
        };
        let text = status_text_in(&polished_after_balance(1.75, 1.0, both), Lang::En);
        assert!(
            text.ends_with("(gap 100.0000%; later levels not optimized; the plan and the figures given include 1 replacement bringing the plan closer to the targets and 81 raising its score, all made after the stop, no seat given up)"),
            "{text}"
        );
        let text = status_text_in(&polished_after_balance(1.75, 1.0, both), Lang::Fr);
        assert!(
            text.ends_with("niveaux suivants non optimisés\u{a0}; le plan et les chiffres donnés incluent 1 remplacement rapprochant le plan des cibles et 81 élevant sa note, tous faits après l'arrêt, sans perdre de place)"),
            "{text}"
        );
    }

    /// Replacements bringing the plan closer to the targets alone are
    /// told without a count of none raising its score; one replacement
    /// reads in the singular.
    #[test]
    fn replacements_are_counted_in_words() {
        let only = Polished {
            closer_to_targets: 2,
            ..Polished::default()
        };
        let text = status_text_in(&polished_after_balance(1.75, 1.0, only), Lang::En);
        assert!(
            text.ends_with("include 2 replacements bringing the plan closer to the targets, made after the stop, no seat given up)"),
            "{text}"
        );
        let text = status_text_in(&polished_after_balance(1.75, 1.0, better(1)), Lang::En);
        assert!(
            text.ends_with("include 1 replacement raising the plan's score, made after the stop, no seat or target given up)"),
            "{text}"
        );
        let text = status_text_in(&polished_after_balance(1.75, 1.0, better(1)), Lang::Fr);
        assert!(
            text.ends_with("1 remplacement élevant la note du plan, fait après l'arrêt, sans perdre de place ni de cible)"),
            "{text}"
        );
    }

    /// A plan polished to its stopped level's bound is told as proven
    /// there: with a level after it, the run still stopped; as the last
    /// level, every level is proven.
    #[test]
    fn a_plan_polished_to_the_bound_is_told_proven() {
        let mut solution = polished_after_balance(
            0.0,
            0.85,
            Polished {
                closer_to_targets: 1,
                better_scored: 5,
                settled: Some(Level::Balance),
            },
        );
        solution.reports[1].status = LevelStatus::Optimal;
        solution.reports[2].status = LevelStatus::TimeLimit { gap: f64::INFINITY };
        assert_eq!(
            status_text_in(&solution, Lang::En),
            "TIME LIMIT reached in the balance level, but the plan includes 1 replacement bringing the plan closer to the targets and 5 raising its score, all made after the stop, no seat given up; it thus reaches the level's bound, so its optimum is proven (later levels not optimized)"
        );
        let text = status_text_in(&solution, Lang::Fr);
        assert!(
            text.starts_with("LIMITE DE TEMPS atteinte au niveau de l'équilibre, mais le plan inclut 1 remplacement rapprochant le plan des cibles et 5 élevant sa note"),
            "{text}"
        );
        solution.reports[2].status = LevelStatus::Optimal;
        solution.polished.settled = Some(Level::Quality);
        assert_eq!(
            status_text_in(&solution, Lang::En),
            "optimal (every level proven: the time limit stopped the solve in the quality level, and the plan, which includes 1 replacement bringing the plan closer to the targets and 5 raising its score, all made after the stop, no seat given up, thus reaches the level's bound)"
        );
        // Stopped by an interrupt (a command's first Ctrl-C), not a limit.
        solution.interrupted = true;
        assert!(
            status_text_in(&solution, Lang::En)
                .starts_with("optimal (every level proven: an interrupt (Ctrl-C) stopped the solve in the quality level, and the plan"),
        );
        assert!(status_text_in(&solution, Lang::Fr)
            .starts_with("optimal (chaque niveau prouvé\u{a0}: une interruption (Ctrl-C) a interrompu le calcul au niveau de la qualité"));
        solution.reports[2].status = LevelStatus::TimeLimit { gap: f64::INFINITY };
        solution.polished.settled = Some(Level::Balance);
        assert!(status_text_in(&solution, Lang::En).starts_with(
            "STOPPED by an interrupt (Ctrl-C) in the balance level, but the plan includes"
        ));
        assert!(status_text_in(&solution, Lang::Fr).starts_with(
            "ARRÊTÉ par une interruption (Ctrl-C) au niveau de l'équilibre, mais le plan inclut"
        ));
    }

    /// Under `--gap`, a Quality polished to within the gap asked for is
    /// told as settled within it: as the last level, the run is settled;
    /// with Keep after it (a `whatif` scenario), the run still stopped.
    #[test]
    fn a_quality_polished_within_the_gap_is_told_settled() {
        let mut solution = polished_after_balance(0.0, 0.85, better(7));
        solution.reports[1].status = LevelStatus::Optimal;
        solution.reports[2].status = LevelStatus::WithinGap { gap: 0.004 };
        solution.polished.settled = Some(Level::Quality);
        assert_eq!(
            status_text_in(&solution, Lang::En),
            "every level proven but quality: the time limit stopped the solve in the quality level, and the plan, which includes 7 replacements raising the plan's score, made after the stop, no seat or target given up, is thus proven within 0.4000% of the best possible plan (--gap)"
        );
        assert_eq!(solution.status_name(), "within_gap");
        assert!(solution.settled());
        assert_eq!(
            status_text_in(&solution, Lang::Fr),
            "chaque niveau prouvé sauf la qualité\u{a0}: la limite de temps a interrompu le calcul au niveau de la qualité, et le plan, qui inclut 7 remplacements élevant la note du plan, faits après l'arrêt, sans perdre de place ni de cible, est ainsi prouvé à moins de 0,4000\u{a0}% du meilleur plan possible (--gap)"
        );
        // With Keep before Quality (`match --previous`), Quality is the
        // last level and the run is settled all the same.
        let mut replanned = solution.clone();
        replanned.reports.insert(
            2,
            LevelReport {
                level: Level::Keep,
                value: 0.0,
                status: LevelStatus::Optimal,
                seconds: 0.0,
                held_by: crate::solve::HeldBy::NotHeld,
            },
        );
        assert_eq!(
            status_text_in(&replanned, Lang::En),
            status_text_in(&solution, Lang::En)
        );
        assert_eq!(replanned.status_name(), "within_gap");
        assert!(replanned.settled());

        solution.reports.push(LevelReport {
            level: Level::Keep,
            value: 0.0,
            status: LevelStatus::TimeLimit { gap: f64::INFINITY },
            seconds: 0.0,
            held_by: crate::solve::HeldBy::NotHeld,
        });
        assert_eq!(
            status_text_in(&solution, Lang::En),
            "TIME LIMIT reached in the quality level, but the plan includes 7 replacements raising the plan's score, made after the stop, no seat or target given up; it is thus proven within 0.4000% of the best possible plan, within the gap asked for (--gap; later levels not optimized)"
        );
        assert_eq!(solution.status_name(), "time_limit");
        assert!(!solution.settled());
        assert_eq!(
            status_text_in(&solution, Lang::Fr),
            "LIMITE DE TEMPS atteinte au niveau de la qualité, mais le plan inclut 7 remplacements élevant la note du plan, faits après l'arrêt, sans perdre de place ni de cible\u{a0}; il est ainsi prouvé à moins de 0,4000\u{a0}% du meilleur plan possible, dans l'écart demandé (--gap\u{a0}; niveaux suivants non optimisés)"
        );
    }
}
