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

pub use super::lang::Lang;
use super::lang::{date_text, num_text};
use crate::explain::{Binding, CallUp, Context, Full, PassedOver, PassedOverReason};
use crate::model::{Instance, OfficerIx, PositionIx};
use crate::plan::Plan;
use crate::rules::{self, Rule};
use maud::{html, Markup, PreEscaped, DOCTYPE};

/// How many positions a letter lists one by one.
const MAX_CASES: usize = 6;

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
        /// Where a lower-scored officer was chosen, and why.
        cases: Vec<PassedOver>,
        /// Positions with an empty seat, and the limit that keeps the
        /// officer out of it (`None`: placing them would cost the plan
        /// elsewhere).
        empty: Vec<(PositionIx, Option<Full>)>,
    },
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
    for p in inst
        .position_ixs()
        .filter(|p| held[p.0] < inst.positions[p.0].count)
    {
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
    let mut cases: Vec<Vec<PassedOver>> = vec![Vec::new(); inst.officers.len()];
    for case in cx.passed_over() {
        cases[case.officer.0].push(case);
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
                None => Outcome::NotSelected {
                    eligible: eligible_for[o.0],
                    cases: std::mem::take(&mut cases[o.0]),
                    empty: vacant_for[o.0]
                        .iter()
                        .map(|&p| {
                            let full = match cx.blocking(o, p) {
                                Some(Binding::Full(full)) => Some(full),
                                _ => None,
                            };
                            (p, full)
                        })
                        .collect(),
                },
            };
            Letter {
                officer: o,
                outcome,
                standby: std::mem::take(&mut standby[o.0]),
            }
        })
        .collect()
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

/// The name of a rule in a sentence.
fn rule_text(rule: Rule, lang: Lang) -> &'static str {
    match (rule, lang) {
        (Rule::Rank, Lang::En) => "the minimum rank",
        (Rule::Rank, Lang::Fr) => "le grade minimal",
        (Rule::Experience, Lang::En) => "the years of service required",
        (Rule::Experience, Lang::Fr) => "les années de service exigées",
        (Rule::Language, Lang::En) => "the languages and levels required",
        (Rule::Language, Lang::Fr) => "les langues et niveaux exigés",
        (Rule::Skills, Lang::En) => "the skills required",
        (Rule::Skills, Lang::Fr) => "les compétences exigées",
        (Rule::Leadership, Lang::En) => "the leadership qualification",
        (Rule::Leadership, Lang::Fr) => "la qualification de commandement",
        (Rule::Availability, Lang::En) => "availability for the whole tour",
        (Rule::Availability, Lang::Fr) => "la disponibilité pour toute la durée de la mission",
        (Rule::Excluded, Lang::En) => "not being excluded from the mission",
        (Rule::Excluded, Lang::Fr) => "l'absence d'exclusion de la mission",
        (Rule::Cooldown, Lang::En) => "the rest period at home after a tour",
        (Rule::Cooldown, Lang::Fr) => "la période de repos au pays après une mission",
    }
}

/// Why someone else was preferred for a position, in plain words.
pub fn reason_text(inst: &Instance, reason: &PassedOverReason, lang: Lang) -> String {
    match (reason, lang) {
        (PassedOverReason::Pinned { .. }, Lang::En) => {
            "the seat was filled by a decision the board took beforehand".into()
        }
        (PassedOverReason::Pinned { .. }, Lang::Fr) => {
            "le poste a été pourvu par une décision prise au préalable par le comité".into()
        }
        (PassedOverReason::Full(Full::ServiceCapacity(s, _)), Lang::En) => format!(
            "your service, {}, had already released every officer it can spare during that tour",
            inst.services[s.0].name
        ),
        (PassedOverReason::Full(Full::ServiceCapacity(s, _)), Lang::Fr) => format!(
            "votre service, {}, avait déjà libéré tous les policiers dont il peut se passer pendant cette période",
            inst.services[s.0].name
        ),
        (PassedOverReason::Full(Full::MissionServiceLimit(m, s)), Lang::En) => format!(
            "{} already had the most officers it takes from {}",
            inst.missions[m.0].name, inst.services[s.0].name
        ),
        (PassedOverReason::Full(Full::MissionServiceLimit(m, s)), Lang::Fr) => format!(
            "la mission {} comptait déjà le nombre maximal de policiers de {}",
            inst.missions[m.0].name, inst.services[s.0].name
        ),
        (PassedOverReason::Balance { .. }, Lang::En) => {
            "choosing you would have taken the mission further from its targets for women or for its working language".into()
        }
        (PassedOverReason::Balance { .. }, Lang::Fr) => {
            "vous choisir aurait éloigné la mission de ses cibles de représentation des femmes ou de langue de travail".into()
        }
        (PassedOverReason::Quality { chosen_quality, officer_quality, .. }, Lang::En) => format!(
            "the officer chosen scored {} for this mission, preferences counted, and you scored {}",
            num_text(*chosen_quality, lang),
            num_text(*officer_quality, lang)
        ),
        (PassedOverReason::Quality { chosen_quality, officer_quality, .. }, Lang::Fr) => format!(
            "le policier retenu a obtenu {} pour cette mission, préférences comprises, et vous {}",
            num_text(*chosen_quality, lang),
            num_text(*officer_quality, lang)
        ),
    }
}

/// Why a seat stays empty without the officer, in plain words.
pub fn empty_seat_text(inst: &Instance, full: Option<&Full>, lang: Lang) -> String {
    let why = match (full, lang) {
        (Some(full), _) => reason_text(inst, &PassedOverReason::Full(full.clone()), lang),
        (None, Lang::En) => {
            "placing you there would have cost the plan seats or targets elsewhere".into()
        }
        (None, Lang::Fr) => {
            "vous y affecter aurait coûté au plan des postes ou des cibles ailleurs".into()
        }
    };
    match lang {
        Lang::En => format!("the seat stays empty: {why}"),
        Lang::Fr => format!("le poste reste vacant : {why}"),
    }
}

/// A position as a letter names it: `investigator, UN Mission in South
/// Sudan (UNMISS)`.
fn position_text(inst: &Instance, p: PositionIx) -> String {
    let pos = &inst.positions[p.0];
    let mission = &inst.missions[pos.mission.0];
    format!(
        "{}, {} ({})",
        pos.role.replace('_', " "),
        mission.name,
        mission.id
    )
}

/// The decision in one line, for the mail-merge file.
pub fn summary_text(inst: &Instance, letter: &Letter, lang: Lang) -> String {
    match (&letter.outcome, lang) {
        (Outcome::Selected { position, .. }, Lang::En) => {
            format!("selected: {}", position_text(inst, *position))
        }
        (Outcome::Selected { position, .. }, Lang::Fr) => {
            format!("retenu : {}", position_text(inst, *position))
        }
        (Outcome::NotEligible(rules), Lang::En) => format!(
            "not selected: requirements not met ({})",
            rules
                .iter()
                .map(|r| rule_text(r.0, lang))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        (Outcome::NotEligible(rules), Lang::Fr) => format!(
            "non retenu : exigences non satisfaites ({})",
            rules
                .iter()
                .map(|r| rule_text(r.0, lang))
                .collect::<Vec<_>>()
                .join(" ; ")
        ),
        (Outcome::NotSelected { cases, empty, .. }, _) => {
            let mut parts: Vec<String> = cases
                .iter()
                .map(|c| {
                    format!(
                        "{}: {}",
                        inst.position_label(c.position),
                        reason_text(inst, &c.reason, lang)
                    )
                })
                .chain(empty.iter().map(|(p, full)| {
                    format!(
                        "{}: {}",
                        inst.position_label(*p),
                        empty_seat_text(inst, full.as_ref(), lang)
                    )
                }))
                .collect();
            if parts.is_empty() {
                parts.push(match lang {
                    Lang::En => "the officers chosen scored at least as high for every position you were eligible for".into(),
                    Lang::Fr => "les policiers retenus avaient un résultat au moins égal au vôtre pour chaque poste auquel vous étiez admissible".into(),
                });
            }
            let head = match lang {
                Lang::En => "not selected: ",
                Lang::Fr => "non retenu : ",
            };
            format!("{head}{}", parts.join("; "))
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
    let fr = lang == Lang::Fr;
    html! {
        article.letter {
            p.head {
                @if fr { "Programme de déploiement international de policiers — comité de sélection" }
                @else { "International police deployment program — selection board" }
            }
            p.to {
                strong { (officer.name) } " (" (officer.id) ")" br;
                (service.name)
            }
            h1 {
                @if fr { "Objet : décision du comité de sélection" }
                @else { "Subject: the selection board's decision" }
            }
            p { @if fr { "Madame, Monsieur," } @else { "Dear " (officer.name) "," } }
            @match &letter.outcome {
                Outcome::Selected { position, pin_reason } => {
                    @let pos = &inst.positions[position.0];
                    p {
                        @if fr {
                            "Nous avons le plaisir de vous informer que le comité vous a " (agreed(officer.gender, "retenu"))
                            " pour le poste suivant : " strong { (position_text(inst, *position)) } "."
                        } @else {
                            "We are pleased to tell you that the board has selected you for the position of "
                            strong { (position_text(inst, *position)) } "."
                        }
                    }
                    table.facts {
                        tr { th { @if fr { "Mission" } @else { "Mission" } } td { (inst.missions[pos.mission.0].name) } }
                        tr { th { @if fr { "Fonction" } @else { "Role" } } td { (pos.role.replace('_', " ")) } }
                        tr { th { @if fr { "Période" } @else { "Tour" } }
                             td { @if fr { "du " (date_text(pos.start, lang)) " au " (date_text(pos.end, lang)) }
                                  @else { "from " (date_text(pos.start, lang)) " to " (date_text(pos.end, lang)) } } }
                        tr { th { @if fr { "Service d'attache" } @else { "Home service" } } td { (service.name) } }
                    }
                    @if let Some(reason) = pin_reason {
                        p { @if fr { "Cette décision a été prise par le comité : " } @else { "The board took this decision itself: " } (reason) }
                    }
                }
                Outcome::NotEligible(rules) => {
                    p {
                        @if fr { "Nous regrettons de vous informer que votre candidature n'a pas été retenue pour cette ronde de sélection. Votre profil ne satisfaisait pas aux exigences d'aucun poste offert :" }
                        @else { "We regret to tell you that you were not selected this round. Your profile did not meet the requirements of any position offered:" }
                    }
                    ul {
                        @for (rule, n) in rules {
                            li {
                                (capitalized(rule_text(*rule, lang)))
                                @if fr { " : non satisfait pour " (n) " poste" @if *n > 1 { "s" } " sur " (inst.positions.len()) "." }
                                @else { ": not met for " (n) " of " (inst.positions.len()) " position" @if inst.positions.len() > 1 { "s" } "." }
                            }
                        }
                    }
                }
                Outcome::NotSelected { eligible, cases, empty } => {
                    p {
                        @if fr {
                            "Nous regrettons de vous informer que votre candidature n'a pas été retenue pour cette ronde de sélection. Vous étiez admissible à "
                            (eligible) " poste" @if *eligible > 1 { "s" } "."
                        } @else {
                            "We regret to tell you that you were not selected this round. You were eligible for "
                            (eligible) " position" @if *eligible > 1 { "s" } "."
                        }
                    }
                    @if !empty.is_empty() {
                        ul {
                            @for (p, full) in empty.iter().take(MAX_CASES) {
                                li { strong { (position_text(inst, *p)) } " — " (empty_seat_text(inst, full.as_ref(), lang)) "." }
                            }
                        }
                    }
                    @if cases.is_empty() && empty.is_empty() {
                        p {
                            @if fr { "Pour chacun, les policiers retenus avaient un résultat au moins égal au vôtre." }
                            @else { "For each of them, the officers chosen scored at least as high as you." }
                        }
                    } @else if !cases.is_empty() {
                        p {
                            @if fr { "Voici pourquoi un autre policier a été préféré :" }
                            @else { "This is why another officer was preferred:" }
                        }
                        ul {
                            @for case in cases.iter().take(MAX_CASES) {
                                li { strong { (position_text(inst, case.position)) } " — " (reason_text(inst, &case.reason, lang)) "." }
                            }
                        }
                        @if cases.len() > MAX_CASES {
                            p { @if fr { "… et " (cases.len() - MAX_CASES) " autre(s) poste(s)." } @else { "… and " (cases.len() - MAX_CASES) " more position(s)." } }
                        }
                    }
                }
            }
            @if !letter.standby.is_empty() {
                p {
                    @if fr { "Vous figurez sur la liste de réserve des postes suivants ; nous communiquerons avec vous si une place se libère :" }
                    @else { "You are on the standby list of these positions; we will contact you if a seat becomes free:" }
                }
                ul {
                    @for (p, k) in &letter.standby {
                        li { (position_text(inst, *p)) " — " @if fr { "rang " } @else { "place " } (k) }
                    }
                }
            }
            p.sign { @if fr { "Le comité de sélection" } @else { "The selection board" } }
        }
    }
}

/// A French past participle agreed with the officer's gender: `retenue`,
/// `retenu`, or `retenu(e)` when the gender is X.
fn agreed(gender: crate::model::Gender, participle: &str) -> String {
    match gender {
        crate::model::Gender::F => format!("{participle}e"),
        crate::model::Gender::M => participle.to_string(),
        crate::model::Gender::X => format!("{participle}(e)"),
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
    let title = match lang {
        Lang::En => "Selection board decisions",
        Lang::Fr => "Décisions du comité de sélection",
    };
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

/// A file name for an officer id: letters, digits, `-` and `_` kept,
/// anything else `_` (ids name files, never paths).
pub fn file_stem(id: &str) -> String {
    let stem: String = id
        .chars()
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
            service.name.clone(),
            outcome.to_string(),
            cell(&|p| inst.missions[inst.positions[p.0].mission.0].id.clone()),
            cell(&|p| inst.missions[inst.positions[p.0].mission.0].name.clone()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    /// Every text of a letter exists in both languages, and the French one
    /// is not the English one.
    #[test]
    fn every_text_is_in_both_languages() {
        for rule in Rule::ALL {
            let (en, fr) = (rule_text(rule, Lang::En), rule_text(rule, Lang::Fr));
            assert!(!en.is_empty() && !fr.is_empty() && en != fr, "{rule:?}");
        }
        let day = Date::parse("2027-02-01").unwrap();
        assert_eq!(date_text(day, Lang::En), "February 1, 2027");
        assert_eq!(date_text(day, Lang::Fr), "1er février 2027");
        let day = Date::parse("2027-08-15").unwrap();
        assert_eq!(date_text(day, Lang::Fr), "15 août 2027");
        assert_eq!(num_text(87.5, Lang::Fr), "87,5");
        assert_eq!(Lang::parse("fr_CA.UTF-8"), Some(Lang::Fr));
        assert_eq!(Lang::parse("C.UTF-8"), None);
        assert_eq!(file_stem("CPA/../0001"), "CPA____0001");
        assert_eq!(file_stem("-rf"), "officer_-rf");
    }
}
