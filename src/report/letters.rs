//! Decision letters: one printable page per candidate, in English or
//! French, telling each officer the board's decision in plain words.
//!
//! Selected officers read their mission, role, tour dates and home
//! service (and the board's reason, for a decision taken by hand). Officers
//! not selected read why, from the same facts `explain` and
//! `passed_over.csv` state: the requirements they did not meet, or for each
//! position they were eligible for, the limit or level that decided it and
//! that another officer was preferred; and the standby lists they are on,
//! with their place. Every text of a letter is here, once per language.

use crate::explain::{Binding, CallUp, Context, Full, PassedOver, PassedOverReason};
pub use crate::lang::Lang;
use crate::lang::{date_text, num_text, Msg};
use crate::model::Gender;
use crate::model::{Instance, OfficerIx, PositionIx};
use crate::plan::Plan;
use crate::rules::{self, Rule};
use maud::{html, Markup, PreEscaped, DOCTYPE};

/// Positions of each kind a letter lists one by one (the rest are
/// counted). Only these are kept, so that letters for a national pool,
/// whose officers are each eligible for hundreds of positions, fit in
/// memory.
pub const MAX_CASES: usize = 6;

/// What the board decided for one officer.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Placed in this position (pinned by the board with this reason, if
    /// pinned).
    Selected {
        /// The position.
        position: PositionIx,
        /// The board's reason, for a pin.
        pin_reason: Option<String>,
    },
    /// Eligible for no position: the rules failed, with how many positions
    /// each rule ruled out.
    NotEligible(Vec<(Rule, usize)>),
    /// Eligible, placed nowhere; the positions where someone with a lower
    /// score was preferred, with why, and the seats left empty that the
    /// officer could not take, with the limit that stops them, if one does
    /// (both may be empty: outscored everywhere).
    NotSelected {
        /// Positions the officer was eligible for.
        eligible: usize,
        /// Where a lower-scored officer was chosen, and why: the first
        /// [`MAX_CASES`] in position order, as the letter lists them.
        cases: Vec<PassedOver>,
        /// Such positions in all, listed or not.
        cases_total: usize,
        /// Positions with an empty seat, and why the officer is not in it:
        /// the first [`MAX_CASES`].
        empty: Vec<(PositionIx, EmptySeat)>,
        /// Such positions in all, listed or not.
        empty_total: usize,
    },
}

/// Why an officer placed nowhere is not in an empty seat they are eligible
/// for.
#[derive(Debug, Clone, PartialEq)]
pub enum EmptySeat {
    /// A limit keeps them out of it.
    Full(Full),
    /// Placing them there would leave the mission further from its target
    /// for women, for its working language, or both.
    Targets {
        /// The shortfall of women would rise.
        women: bool,
        /// The shortfall of working-language speakers would rise.
        language: bool,
    },
    /// Nothing in this plan keeps them out: a plan given to `letters`
    /// need not be the best, nor one a time limit stopped.
    LeftOpen,
}

/// One candidate's letter: the decision and the standby places.
#[derive(Debug, Clone, PartialEq)]
pub struct Letter {
    /// The officer.
    pub officer: OfficerIx,
    /// The decision.
    pub outcome: Outcome,
    /// Positions whose standby list (of `top` officers) holds the officer,
    /// with the place; lists on which calling them up is blocked by a limit
    /// are left out.
    pub standby: Vec<(PositionIx, usize)>,
}

/// Every candidate's letter, in officers.csv order; standby lists of `top`
/// officers, as alternates.csv.
pub fn letters(inst: &Instance, plan: &Plan, cx: &Context, top: usize) -> Vec<Letter> {
    let mut held = vec![0u32; inst.positions.len()];
    for &(_, p) in &plan.assignments {
        held[p.0] += 1;
    }
    let placed = plan.position_of(inst.officers.len());
    // Seats left empty, listed for the officers eligible for them (one pass
    // over the vacant positions, not one per officer).
    let mut vacant_for: Vec<Vec<PositionIx>> = vec![Vec::new(); inst.officers.len()];
    let vacant: Vec<bool> = inst
        .position_ixs()
        .map(|p| held[p.0] < inst.positions[p.0].count)
        .collect();
    for p in inst.position_ixs().filter(|p| vacant[p.0]) {
        for o in &cx.eligible[p.0] {
            vacant_for[o.0].push(p);
        }
    }
    let mut eligible_for = vec![0usize; inst.officers.len()];
    for list in &cx.eligible {
        for o in list {
            eligible_for[o.0] += 1;
        }
    }
    // Each officer's cases (`Context::case`), in position order: those in
    // full positions here, position by position, the first MAX_CASES kept
    // and the rest counted; those in positions with an empty seat below,
    // officer by officer (all of them: an officer's empty seats are few),
    // then sorted with the kept ones and cut to MAX_CASES, so the first
    // MAX_CASES of both together are the ones listed.
    let mut cases: Vec<Vec<PassedOver>> = vec![Vec::new(); inst.officers.len()];
    let mut cases_total = vec![0usize; inst.officers.len()];
    for (p, list) in cx.eligible.iter().enumerate().filter(|(p, _)| !vacant[*p]) {
        let p = PositionIx(p);
        for &o in list.iter().filter(|o| placed[o.0].is_none()) {
            if let Some(case) = cx.case(o, p) {
                keep(&mut cases[o.0], &mut cases_total[o.0], case);
            }
        }
    }
    let mut standby: Vec<Vec<(PositionIx, usize)>> = vec![Vec::new(); inst.officers.len()];
    // By mission and role, as alternates.csv lists them.
    let mut positions: Vec<PositionIx> = inst.position_ixs().collect();
    positions.sort_by_key(|p| {
        let pos = &inst.positions[p.0];
        (inst.missions[pos.mission.0].id.clone(), pos.role.clone())
    });
    for p in positions {
        for (i, o) in cx.standby(p, top).into_iter().enumerate() {
            if !matches!(cx.call_up(o, p), CallUp::Blocked(_)) {
                standby[o.0].push((p, i + 1));
            }
        }
    }
    inst.officer_ixs()
        .map(|o| {
            let outcome = match placed[o.0] {
                Some(p) => Outcome::Selected {
                    position: p,
                    pin_reason: inst
                        .pins
                        .iter()
                        .find(|pin| pin.officer == o && pin.position == p)
                        .map(|pin| pin.reason.clone())
                        .filter(|r| !r.is_empty()),
                },
                None if eligible_for[o.0] == 0 => Outcome::NotEligible(rule_counts(inst, o)),
                None => {
                    // A seat left empty that a limit keeps the officer out
                    // of is what decided there, as `explain` says, before
                    // any holder; else the case against its holders, if
                    // any; else why the seat stays empty without them.
                    let mut cases = std::mem::take(&mut cases[o.0]);
                    let mut cases_total = cases_total[o.0];
                    let mut empty: Vec<(PositionIx, EmptySeat)> = Vec::new();
                    let mut empty_total = 0;
                    for &p in &vacant_for[o.0] {
                        let why = match cx.blocking(o, p) {
                            Some(Binding::Full(full)) => EmptySeat::Full(full),
                            _ => match cx.lower_scored_case(o, p) {
                                Some(case) => {
                                    cases_total += 1;
                                    cases.push(case);
                                    continue;
                                }
                                None => match cx.adding_raises_shortfall(o, p) {
                                    Some((women, language)) => {
                                        EmptySeat::Targets { women, language }
                                    }
                                    None => EmptySeat::LeftOpen,
                                },
                            },
                        };
                        keep(&mut empty, &mut empty_total, (p, why));
                    }
                    cases.sort_by_key(|c| c.position);
                    cases.truncate(MAX_CASES);
                    Outcome::NotSelected {
                        eligible: eligible_for[o.0],
                        cases,
                        cases_total,
                        empty,
                        empty_total,
                    }
                }
            };
            Letter {
                officer: o,
                outcome,
                standby: std::mem::take(&mut standby[o.0]),
            }
        })
        .collect()
}

/// Counts `item` in `total` and keeps it in `kept` if fewer than
/// [`MAX_CASES`] are kept.
fn keep<T>(kept: &mut Vec<T>, total: &mut usize, item: T) {
    *total += 1;
    if kept.len() < MAX_CASES {
        kept.push(item);
    }
}

/// For an officer eligible nowhere: each failed rule with the number of
/// positions it rules out, most first.
fn rule_counts(inst: &Instance, o: OfficerIx) -> Vec<(Rule, usize)> {
    let mut counts: Vec<(Rule, usize)> = Rule::ALL.iter().map(|&r| (r, 0)).collect();
    for p in inst.position_ixs() {
        for failure in rules::failures(inst, o, p) {
            if let Some(c) = counts.iter_mut().find(|c| c.0 == failure.rule) {
                c.1 += 1;
            }
        }
    }
    counts.retain(|c| c.1 > 0);
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts
}

/// The name of a rule in a sentence (`the minimum rank`).
pub fn rule_text(rule: Rule, lang: Lang) -> &'static str {
    lang.text(match rule {
        Rule::Rank => Msg::RuleRankInSentence,
        Rule::Experience => Msg::RuleExperienceInSentence,
        Rule::Language => Msg::RuleLanguageInSentence,
        Rule::Skills => Msg::RuleSkillsInSentence,
        Rule::Leadership => Msg::RuleLeadershipInSentence,
        Rule::Availability => Msg::RuleAvailabilityInSentence,
        Rule::Excluded => Msg::RuleExcludedInSentence,
        Rule::Cooldown => Msg::RuleCooldownInSentence,
    })
}

/// Why someone else was preferred for a position, in plain words.
pub fn reason_text(inst: &Instance, reason: &PassedOverReason, lang: Lang) -> String {
    match reason {
        PassedOverReason::Pinned { .. } => lang.text(Msg::LetterReasonPinned).into(),
        PassedOverReason::Full(Full::ServiceCapacity(s, days)) if days.is_empty() => lang.fill(
            Msg::LetterReasonServiceFull,
            &[("service", &inst.services[s.0].name_in(lang))],
        ),
        // A service counted day by day: the days within the tour on which
        // it had none to spare, not the whole tour.
        PassedOverReason::Full(Full::ServiceCapacity(s, days)) => {
            let spans: Vec<String> = days
                .iter()
                .map(|&(from, to, _)| {
                    let (from_text, to_text) = (date_text(from, lang), date_text(to, lang));
                    if from == to {
                        lang.fill(Msg::LetterOnDay, &[("day", &from_text)])
                    } else {
                        lang.fill(
                            Msg::LetterDaySpan,
                            &[("from", &from_text), ("to", &to_text)],
                        )
                    }
                })
                .collect();
            lang.fill(
                Msg::LetterReasonServiceFullDays,
                &[
                    ("service", &inst.services[s.0].name_in(lang)),
                    ("days", &spans.join(lang.text(Msg::LetterAnd))),
                ],
            )
        }
        PassedOverReason::Full(Full::Both(s, days, m)) => {
            let service = reason_text(
                inst,
                &PassedOverReason::Full(Full::ServiceCapacity(*s, days.clone())),
                lang,
            );
            let mission = lang.fill(
                Msg::LetterReasonMissionLimitToo,
                &[("mission", &inst.missions[m.0].id)],
            );
            lang.fill(
                Msg::LetterReasonsBoth,
                &[("first", &service), ("second", &mission)],
            )
        }
        PassedOverReason::Full(Full::MissionServiceLimit(m, s)) => lang.fill(
            Msg::LetterReasonMissionLimit,
            &[
                ("mission", &inst.missions[m.0].id),
                ("service", &inst.services[s.0].name_in(lang)),
            ],
        ),
        PassedOverReason::Balance {
            women, language, ..
        } => lang
            .text(match (women, language) {
                (true, false) => Msg::LetterReasonBalanceWomen,
                (false, true) => Msg::LetterReasonBalanceLanguage,
                _ => Msg::LetterReasonBalance,
            })
            .into(),
        PassedOverReason::Quality {
            chosen_quality,
            officer_quality,
            ..
        } => lang.fill(
            if reason.officer_against_chosen() == Some(std::cmp::Ordering::Equal) {
                Msg::LetterReasonQualityTie
            } else {
                Msg::LetterReasonQuality
            },
            &[
                ("chosen", &num_text(*chosen_quality, lang)),
                ("you", &num_text(*officer_quality, lang)),
            ],
        ),
    }
}

/// Why a seat stays empty without the officer, in plain words.
pub fn empty_seat_text(inst: &Instance, why: &EmptySeat, lang: Lang) -> String {
    let why = match why {
        EmptySeat::Full(full) => reason_text(inst, &PassedOverReason::Full(full.clone()), lang),
        EmptySeat::Targets { women, language } => lang
            .text(match (women, language) {
                (true, false) => Msg::LetterEmptySeatWomen,
                (false, true) => Msg::LetterEmptySeatLanguage,
                _ => Msg::LetterEmptySeatTargets,
            })
            .into(),
        EmptySeat::LeftOpen => return lang.text(Msg::LetterEmptySeatLeftOpen).into(),
    };
    lang.fill(Msg::LetterEmptySeat, &[("why", &why)])
}

/// A position as a letter names it: `investigator, UN Mission in South
/// Sudan (UNMISS)`.
fn position_text(inst: &Instance, p: PositionIx, lang: Lang) -> String {
    let mission = &inst.missions[inst.positions[p.0].mission.0];
    format!(
        "{}, {} ({})",
        role_text(inst, p, lang),
        mission.name_in(lang),
        mission.id
    )
}

/// A position's role in words: `sgbv investigator`; a successor seat
/// (`sgbv_investigator@2028-03-03`) reads as its role and the day its tour
/// starts, never as its id.
fn role_text(inst: &Instance, p: PositionIx, lang: Lang) -> String {
    let pos = &inst.positions[p.0];
    match pos.role.split_once('@') {
        Some((role, _)) => lang.fill(
            Msg::LetterSuccessorSeat,
            &[
                ("role", &role.replace('_', " ")),
                ("start", &crate::lang::date_text(pos.start, lang)),
            ],
        ),
        None => pos.role.replace('_', " "),
    }
}

/// The decision in one line, for the mail-merge file.
pub fn summary_text(inst: &Instance, letter: &Letter, lang: Lang) -> String {
    match &letter.outcome {
        Outcome::Selected { position, .. } => lang.fill(
            Msg::LetterLineSelected,
            &[("position", &position_text(inst, *position, lang))],
        ),
        Outcome::NotEligible(rules) => {
            let rules: Vec<&str> = rules.iter().map(|r| rule_text(r.0, lang)).collect();
            lang.fill(
                Msg::LetterLineNotEligible,
                &[("rules", &rules.join(lang.semicolon()))],
            )
        }
        Outcome::NotSelected {
            cases,
            cases_total,
            empty,
            empty_total,
            ..
        } => {
            let mut parts: Vec<String> = cases
                .iter()
                .map(|c| {
                    format!(
                        "{}{}{}",
                        inst.position_label(c.position),
                        lang.colon(),
                        reason_text(inst, &c.reason, lang)
                    )
                })
                .chain(empty.iter().map(|(p, why)| {
                    format!(
                        "{}{}{}",
                        inst.position_label(*p),
                        lang.colon(),
                        empty_seat_text(inst, why, lang)
                    )
                }))
                .collect();
            let more = cases_total + empty_total - cases.len() - empty.len();
            if more > 0 {
                parts.push(more_positions(more, lang));
            }
            if parts.is_empty() {
                parts.push(lang.text(Msg::LetterLineOutscored).into());
            }
            lang.fill(
                Msg::LetterLineNotSelected,
                &[("reasons", &parts.join(lang.semicolon()))],
            )
        }
    }
}

/// The standby places in one line (`BINUH/mentor #2; …`).
pub fn standby_text(inst: &Instance, letter: &Letter) -> String {
    letter
        .standby
        .iter()
        .map(|(p, k)| format!("{} #{k}", inst.position_label(*p)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// One letter's page.
fn page_body(inst: &Instance, letter: &Letter, lang: Lang) -> Markup {
    let officer = &inst.officers[letter.officer.0];
    let service = &inst.services[officer.service.0];
    let t = |msg: Msg| lang.text(msg);
    let greeting = match officer.gender {
        Gender::F => Msg::LetterGreetingWoman,
        Gender::M => Msg::LetterGreetingMan,
        Gender::X => Msg::LetterGreetingOther,
    };
    html! {
        article.letter {
            p.head { (t(Msg::LetterProgram)) }
            p.to {
                strong { (officer.name) } " (" (officer.id) ")" br;
                (service.name_in(lang))
            }
            h1 { (t(Msg::LetterSubject)) }
            p { (lang.fill(greeting, &[("name", &officer.name)])) }
            @match &letter.outcome {
                Outcome::Selected { position, pin_reason } => {
                    @let pos = &inst.positions[position.0];
                    p { (lang.markup(Msg::LetterSelected, &[("position", html! { strong { (position_text(inst, *position, lang)) } })])) }
                    table.facts {
                        tr { th { (t(Msg::LetterFactMission)) } td { (inst.missions[pos.mission.0].name_in(lang)) } }
                        tr { th { (t(Msg::LetterFactRole)) } td { (role_text(inst, *position, lang)) } }
                        tr { th { (t(Msg::LetterFactTour)) }
                             td { (lang.fill(Msg::LetterTourDates, &[("start", &date_text(pos.start, lang)), ("end", &date_text(pos.end, lang))])) } }
                        tr { th { (t(Msg::LetterFactHomeService)) } td { (service.name_in(lang)) } }
                    }
                    @if let Some(reason) = pin_reason {
                        p { (lang.fill(Msg::LetterPinReason, &[("reason", reason)])) }
                    }
                }
                Outcome::NotEligible(rules) => {
                    p { (t(Msg::LetterNotEligible)) }
                    ul {
                        @for (rule, n) in rules {
                            @let total = inst.positions.len();
                            @let msg = lang.plural(total, Msg::LetterRuleNotMetOnlyPosition, Msg::LetterRuleNotMet);
                            li { (lang.fill(msg, &[("rule", &capitalized(rule_text(*rule, lang))), ("n", n), ("total", &total)])) }
                        }
                    }
                }
                Outcome::NotSelected { eligible, cases, cases_total, empty, empty_total } => {
                    @let msg = lang.plural(*eligible, Msg::LetterNotSelectedOne, Msg::LetterNotSelectedMany);
                    p { (lang.fill(msg, &[("n", eligible)])) }
                    @if !empty.is_empty() {
                        p { (t(Msg::LetterWhyEmpty)) }
                        ul {
                            @for (p, why) in empty {
                                li { strong { (position_text(inst, *p, lang)) } " — " (empty_seat_text(inst, why, lang)) "." }
                            }
                        }
                        @if *empty_total > empty.len() {
                            p { (more_positions(empty_total - empty.len(), lang)) }
                        }
                    }
                    @if cases.is_empty() && empty.is_empty() {
                        p { (t(lang.plural(*eligible, Msg::LetterOutscoredOne, Msg::LetterOutscored))) }
                    } @else if !cases.is_empty() {
                        p { (t(Msg::LetterWhyOthers)) }
                        ul {
                            @for case in cases {
                                li { strong { (position_text(inst, case.position, lang)) } " — " (reason_text(inst, &case.reason, lang)) "." }
                            }
                        }
                        @if *cases_total > cases.len() {
                            p { (more_positions(cases_total - cases.len(), lang)) }
                        }
                    }
                    @let others = eligible.saturating_sub(cases_total + empty_total);
                    @if others > 0 && !(cases.is_empty() && empty.is_empty()) {
                        p { (lang.fill(lang.plural(others, Msg::LetterOutscoredOtherOne, Msg::LetterOutscoredOthers), &[("n", &others)])) }
                    }
                }
            }
            @if !letter.standby.is_empty() {
                p { (t(Msg::LetterStandby)) }
                ul {
                    @for (p, k) in &letter.standby {
                        li { (position_text(inst, *p, lang)) " — " (lang.fill(Msg::LetterStandbyPlace, &[("k", k)])) }
                    }
                }
            }
            p.sign { (t(Msg::LetterSignature)) }
        }
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

const CSS: &str = r#"
body { margin: 0; font: 12pt/1.5 "DejaVu Serif", Georgia, serif; color: #1d2733; }
article.letter { max-width: 17cm; margin: 0 auto; padding: 2cm 1.5cm; page-break-after: always; break-after: page; }
article.letter:last-child { page-break-after: auto; break-after: auto; }
p.head { font: 10pt "DejaVu Sans", Helvetica, sans-serif; color: #5b6b7c; border-bottom: 1px solid #c9d3dd; padding-bottom: 6pt; }
p.to { margin: 18pt 0; }
h1 { font-size: 13pt; margin: 18pt 0 12pt; }
table.facts { border-collapse: collapse; margin: 8pt 0 12pt; }
table.facts th { text-align: left; padding: 2pt 14pt 2pt 0; font-weight: 600; }
table.facts td { padding: 2pt 0; }
p.sign { margin-top: 24pt; }
@media print { article.letter { padding: 0; } }
"#;

/// A self-contained HTML document of `letters`, one page each.
pub fn document(inst: &Instance, letters: &[Letter], lang: Lang) -> String {
    let title = lang.text(Msg::LettersTitle);
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                @for letter in letters { (page_body(inst, letter, lang)) }
            }
        }
    }
    .into_string()
}

/// Characters of an officer id a letter's file name keeps: file systems
/// take names of at most 255 bytes, and the name gains a `-2` and `.html`.
const MAX_STEM: usize = 100;

/// A file name for an officer id: letters, digits, `-` and `_` kept,
/// anything else `_` (ids name files, never paths), the first
/// [`MAX_STEM`] characters only (letters.csv maps each file to its id).
pub fn file_stem(id: &str) -> String {
    let stem: String = id
        .chars()
        .take(MAX_STEM)
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if stem.is_empty() || stem.starts_with('-') {
        format!("officer_{stem}")
    } else {
        stem
    }
}

/// The file name of each letter (in `letters` order): the officer id made
/// safe ([`file_stem`]), with `-2`, `-3`, … where two would be the same
/// file on a case-insensitive file system, and never `letters`.
pub fn file_names(inst: &Instance, letters: &[Letter]) -> Vec<String> {
    let mut used: std::collections::HashSet<String> =
        std::iter::once("letters".to_string()).collect();
    letters
        .iter()
        .map(|letter| {
            let stem = file_stem(&inst.officers[letter.officer.0].id);
            let mut name = stem.clone();
            let mut k = 1;
            while !used.insert(name.to_lowercase()) {
                k += 1;
                name = format!("{stem}-{k}");
            }
            format!("{name}.html")
        })
        .collect()
}

/// letters.csv, the mail-merge file: a row per candidate with the facts of
/// the letter (the decision in words in the letter's language).
pub fn mail_merge(
    inst: &Instance,
    letters: &[Letter],
    files: &[String],
    lang: Lang,
) -> crate::error::Result<Vec<u8>> {
    let header = [
        "officer_id",
        "name",
        "service_id",
        "service",
        "outcome",
        "mission_id",
        "mission",
        "role",
        "start",
        "end",
        "decision",
        "standby",
        "letter",
    ];
    let rows = letters.iter().zip(files).map(|(letter, file)| {
        let officer = &inst.officers[letter.officer.0];
        let service = &inst.services[officer.service.0];
        let (outcome, seat) = match &letter.outcome {
            Outcome::Selected { position, .. } => ("selected", Some(*position)),
            Outcome::NotEligible(_) => ("not_eligible", None),
            Outcome::NotSelected { .. } => ("not_selected", None),
        };
        let cell = |f: &dyn Fn(PositionIx) -> String| seat.map(f).unwrap_or_default();
        vec![
            officer.id.clone(),
            officer.name.clone(),
            service.id.clone(),
            service.name_in(lang).to_string(),
            outcome.to_string(),
            cell(&|p| inst.missions[inst.positions[p.0].mission.0].id.clone()),
            cell(&|p| {
                inst.missions[inst.positions[p.0].mission.0]
                    .name_in(lang)
                    .to_string()
            }),
            cell(&|p| inst.positions[p.0].role.clone()),
            cell(&|p| inst.positions[p.0].start.to_string()),
            cell(&|p| inst.positions[p.0].end.to_string()),
            summary_text(inst, letter, lang),
            standby_text(inst, letter),
            file.clone(),
        ]
    });
    crate::io::export::csv_bytes(&header, rows)
}

/// `… and N more positions.`, or `… and 1 more position.`
fn more_positions(n: usize, lang: Lang) -> String {
    lang.fill(Msg::LetterMorePositions, &[("n", &n)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_positions_in_the_singular_and_the_plural() {
        assert_eq!(more_positions(1, Lang::En), "… and 1 more position.");
        assert_eq!(more_positions(3, Lang::En), "… and 3 more positions.");
        assert_eq!(more_positions(1, Lang::Fr), "… et 1 autre poste.");
        assert_eq!(more_positions(3, Lang::Fr), "… et 3 autres postes.");
    }

    /// Officer ids name files, never paths.
    #[test]
    fn file_names_are_safe() {
        assert_eq!(file_stem("CPA/../0001"), "CPA____0001");
        assert_eq!(file_stem("-rf"), "officer_-rf");
        assert_eq!(file_stem(&"A".repeat(300)), "A".repeat(MAX_STEM));
    }
}
