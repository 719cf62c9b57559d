//! One tiny pass/fail test per named eligibility rule.

mod common;

use common::*;
use missionmatch::model::*;
use missionmatch::rules::{self, Rule};

/// One mission (2027-01-15, 6 months), one position, one officer.
fn one(pos: impl FnOnce(&mut Position), off: impl FnOnce(&mut Officer)) -> Instance {
    let mut inst = skeleton(&[("S", 5)], &["HTI"]);
    let mut p = position(0, "trainer", 1);
    pos(&mut p);
    inst.positions.push(p);
    let mut o = officer("O1", 0, Gender::F, 80.0);
    off(&mut o);
    inst.officers.push(o);
    inst
}

fn failed(inst: &Instance) -> Vec<(Rule, String)> {
    rules::failures(inst, OfficerIx(0), PositionIx(0))
        .into_iter()
        .map(|f| (f.rule, f.detail))
        .collect()
}

#[test]
fn rank() {
    let fails = one(
        |p| p.min_rank = Some(Rank::Inspector),
        |o| o.rank = Rank::Sergeant,
    );
    assert_eq!(
        failed(&fails),
        [(
            Rule::Rank,
            "rank sergeant is below the required inspector".into()
        )]
    );
    let holds = one(
        |p| p.min_rank = Some(Rank::Inspector),
        |o| o.rank = Rank::Inspector,
    );
    assert!(failed(&holds).is_empty());
}

#[test]
fn experience() {
    let fails = one(|p| p.min_years = Some(12), |o| o.years_service = 11);
    assert_eq!(
        failed(&fails),
        [(Rule::Experience, "11 years of service, 12 required".into())]
    );
    assert!(failed(&one(|p| p.min_years = Some(12), |o| o.years_service = 12)).is_empty());
}

#[test]
fn language() {
    let fr_b2 = LangReq {
        code: LangCode::parse("fr").unwrap(),
        min: Some(Cefr::B2),
    };
    let req = fr_b2.clone();
    let fails = one(
        move |p| p.languages = vec![req],
        |o| o.languages.push((LangCode::parse("fr").unwrap(), Cefr::B1)),
    );
    assert_eq!(
        failed(&fails),
        [(Rule::Language, "fr:B2 required, officer has fr:B1".into())]
    );
    let req = fr_b2.clone();
    let none = one(move |p| p.languages = vec![req], |_| {});
    assert_eq!(
        failed(&none),
        [(Rule::Language, "fr:B2 required, officer has no fr".into())]
    );
    let holds = one(
        move |p| p.languages = vec![fr_b2],
        |o| o.languages.push((LangCode::parse("fr").unwrap(), Cefr::C2)),
    );
    assert!(failed(&holds).is_empty());
    // A bare code in positions.csv means any level.
    let any = one(
        |p| {
            p.languages = vec![LangReq {
                code: LangCode::parse("fr").unwrap(),
                min: None,
            }]
        },
        |o| o.languages.push((LangCode::parse("fr").unwrap(), Cefr::A1)),
    );
    assert!(failed(&any).is_empty());
}

#[test]
fn skills() {
    let fails = one(
        |p| p.skills = vec!["training".into(), "forensics".into()],
        |o| {
            o.skills.insert("training".into());
        },
    );
    assert_eq!(
        failed(&fails),
        [(Rule::Skills, "missing skill forensics".into())]
    );
    let holds = one(
        |p| p.skills = vec!["training".into()],
        |o| {
            o.skills.insert("training".into());
        },
    );
    assert!(failed(&holds).is_empty());
}

#[test]
fn leadership() {
    let fails = one(|p| p.leadership = true, |o| o.leadership = false);
    assert_eq!(failed(&fails)[0].0, Rule::Leadership);
    assert!(failed(&one(|p| p.leadership = true, |o| o.leadership = true)).is_empty());
    assert!(failed(&one(|p| p.leadership = false, |o| o.leadership = false)).is_empty());
}

#[test]
fn availability() {
    // The tour runs 2027-01-15 .. 2027-07-14 (same day six months later, minus one).
    let late = one(|_| {}, |o| o.available_from = Some(date("2027-01-16")));
    assert_eq!(
        failed(&late),
        [(
            Rule::Availability,
            "available from 2027-01-16, tour starts 2027-01-15".into()
        )]
    );
    let short = one(|_| {}, |o| o.available_until = Some(date("2027-07-13")));
    assert_eq!(
        failed(&short),
        [(
            Rule::Availability,
            "available until 2027-07-13, tour ends 2027-07-14".into()
        )]
    );
    let exact = one(
        |_| {},
        |o| {
            o.available_from = Some(date("2027-01-15"));
            o.available_until = Some(date("2027-07-14"));
        },
    );
    assert!(failed(&exact).is_empty());
}

#[test]
fn excluded() {
    let fails = one(|_| {}, |o| o.excluded = vec![MissionIx(0)]);
    assert_eq!(
        failed(&fails),
        [(
            Rule::Excluded,
            "HTI is in the officer's excluded list".into()
        )]
    );
    assert!(failed(&one(|_| {}, |_| {})).is_empty());
}

#[test]
fn names_are_stable() {
    let names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
    assert_eq!(
        names,
        [
            "rank",
            "experience",
            "language",
            "skills",
            "leadership",
            "availability",
            "excluded",
            "cooldown"
        ]
    );
}

#[test]
fn availability_after_a_deployment() {
    // Away on a mission until the day the tour starts: not yet home.
    let away = one(|_| {}, |o| o.away_until = Some(date("2027-01-15")));
    assert_eq!(
        failed(&away),
        [(
            Rule::Availability,
            "away on a mission until 2027-01-15 (deployments.csv), tour starts 2027-01-15".into()
        )]
    );
    assert!(failed(&one(|_| {}, |o| o.away_until = Some(date("2027-01-14")))).is_empty());
}

#[test]
fn cooldown() {
    // Home on 2026-10-15; with a three-month cooldown the next tour may
    // start on 2027-01-15 (the tour's first day): it holds, a day later not.
    let home = |o: &mut Officer, back: &str, from: &str| {
        o.last_return = Some(date(back));
        o.cooldown_until = Some(date(from));
    };
    assert!(failed(&one(|_| {}, |o| home(o, "2026-10-15", "2027-01-15"))).is_empty());
    let fails = one(|_| {}, |o| home(o, "2026-10-16", "2027-01-16"));
    assert_eq!(
        failed(&fails),
        [(
            Rule::Cooldown,
            "home since 2026-10-16; with the cooldown the next tour may start 2027-01-16, tour starts 2027-01-15".into()
        )]
    );
}

/// The position's own tour, not its mission's, decides availability.
#[test]
fn a_position_with_its_own_tour() {
    let later = one(
        |p| {
            p.start = date("2027-07-15");
            p.months = 6;
            p.end = date("2028-01-14");
            p.own_tour = (true, true);
        },
        |o| o.available_until = Some(date("2027-12-31")),
    );
    assert_eq!(
        failed(&later),
        [(
            Rule::Availability,
            "available until 2027-12-31, tour ends 2028-01-14".into()
        )]
    );
}
