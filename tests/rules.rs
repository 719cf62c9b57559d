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

/// The order a solve sees: ids sorted, every reference mapped, and the
/// eligible pairs mapped there and back unchanged. An instance already in
/// that order is solved as it is.
#[test]
fn the_canonical_order_maps_every_reference_both_ways() {
    use missionmatch::model::canonical::Canonical;
    let mut inst = skeleton(&[("S2", 5), ("S1", 5)], &["M2", "M1"]);
    inst.positions.push(position(0, "b", 1));
    inst.positions.push(position(0, "a", 1));
    inst.positions.push(position(1, "z", 1));
    let mut b = officer("B", 0, Gender::F, 80.0);
    b.preferences = vec![MissionIx(1), MissionIx(0)];
    inst.officers.push(b);
    inst.officers.push(officer("A", 1, Gender::M, 70.0));
    inst.scores.insert((OfficerIx(0), MissionIx(1)), 55.5);
    inst.pins.push(Pin {
        officer: OfficerIx(1),
        position: PositionIx(2),
        line: 2,
        reason: String::new(),
    });
    let c = Canonical::of(&inst).expect("not in id order");
    let ids = |v: Vec<&str>| v.into_iter().map(String::from).collect::<Vec<_>>();
    assert_eq!(
        c.inst
            .services
            .iter()
            .map(|s| s.id.clone())
            .collect::<Vec<_>>(),
        ids(vec!["S1", "S2"])
    );
    assert_eq!(
        c.inst
            .officers
            .iter()
            .map(|o| o.id.clone())
            .collect::<Vec<_>>(),
        ids(vec!["A", "B"])
    );
    let label = |inst: &Instance, p: PositionIx| inst.position_label(p);
    assert_eq!(
        c.inst
            .position_ixs()
            .map(|p| label(&c.inst, p))
            .collect::<Vec<_>>(),
        ids(vec!["M1/z", "M2/a", "M2/b"])
    );
    // Officer B: service S2, preferences M1 then M2, a score for M1.
    let b = &c.inst.officers[1];
    assert_eq!(c.inst.services[b.service.0].id, "S2");
    let prefs: Vec<&str> = b
        .preferences
        .iter()
        .map(|m| c.inst.missions[m.0].id.as_str())
        .collect();
    assert_eq!(prefs, ["M1", "M2"]);
    assert_eq!(c.inst.score(OfficerIx(1), MissionIx(0)), 55.5);
    // A's pin on M1/z.
    assert_eq!(c.inst.officers[c.inst.pins[0].officer.0].id, "A");
    assert_eq!(label(&c.inst, c.inst.pins[0].position), "M1/z");
    let pairs = rules::eligible_pairs(&inst);
    let there = c.pairs_to(pairs.clone());
    assert_eq!(there, rules::eligible_pairs(&c.inst));
    let mut back = c.pairs_back(&there);
    back.sort();
    assert_eq!(back, pairs);
    assert!(Canonical::of(&c.inst).is_none(), "already in id order");
}
