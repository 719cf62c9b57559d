//! Explanations on fixtures whose true answer is known by construction:
//! a single failed rule, a forced trade between two candidates, a single
//! binding capacity; recommend's costs against independent re-solves; the
//! passed-over report with and without side constraints; and, on a
//! generated scarce pool, the lists worked out per position against the
//! answers for one officer at a time.

mod common;

use common::*;
use missionmatch::explain::{self, Context};
use missionmatch::lang::Lang;
use missionmatch::model::*;
use missionmatch::plan::Plan;
use missionmatch::report::letters;
use missionmatch::rules;
use missionmatch::solve::{Solution, SolveOptions};

/// Two seats in M0: `lead` (needs the skill `command`) and `crew`.
/// A (90) has the skill, B (80) does not: the only plan filling both puts
/// A in lead and B in crew.
fn trade() -> Instance {
    let mut inst = skeleton(&[("S0", 5)], &["M0"]);
    let mut lead = position(0, "lead", 1);
    lead.skills = vec!["command".into()];
    inst.positions.push(lead);
    inst.positions.push(position(0, "crew", 1));
    let mut a = officer("A", 0, Gender::F, 90.0);
    a.skills.insert("command".into());
    inst.officers.push(a);
    inst.officers.push(officer("B", 0, Gender::M, 80.0));
    inst
}

#[test]
fn a_single_failed_rule_is_named_with_the_values() {
    let inst = trade();
    let sol = solve_verified(&inst);
    let (_, text) = explain_officer(&inst, &sol, OfficerIx(1), &SolveOptions::default());
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        [
            "B (Officer B, S0 Police): placed in M0/crew",
            "  M0/lead: not eligible: skills: missing skill command",
            "  M0/crew: placed here",
        ]
    );
}

#[test]
fn forcing_a_trade_reports_its_cost_and_recommend_matches_a_resolve() {
    let inst = trade();
    let pairs = rules::eligible_pairs(&inst);
    let sol = solved_as(&inst, &[("B", "M0/crew"), ("A", "M0/lead")]);
    // A in crew leaves lead empty: one seat and B's 80 points lost.
    let (_, text) = explain_officer(&inst, &sol, OfficerIx(0), &SolveOptions::default());
    assert_eq!(
        text.lines().nth(2).unwrap(),
        "  M0/crew: eligible; held by B (80); forcing A here: 1 seat lost (fill −1), quality −80, 2 officers to move; binds: placed in M0/lead; moving them leaves a seat there that nobody else can fill"
    );
    // recommend's costs are the level values of the re-solved plans.
    let (forced, text) = explain::recommend(
        &inst,
        &pairs,
        &sol,
        PositionIx(1),
        10,
        &SolveOptions::default(),
        Lang::En,
        &|_, _| {},
    )
    .unwrap();
    assert_eq!(forced.len(), 1);
    let mut pinned = inst.clone();
    pinned.pins.push(Pin {
        officer: OfficerIx(0),
        position: PositionIx(1),
        line: 1,
        reason: "tested".into(),
    });
    let resolved = solve_verified(&pinned);
    let plan = forced[0].result.as_ref().unwrap();
    assert_levels(plan.levels, resolved.levels, "forced A into crew");
    assert_eq!(resolved.levels.fill, 1.0);
    assert_eq!(resolved.levels.quality, 90.0);
    assert_eq!(
        text.lines().nth(1).unwrap(),
        "   1. A (score 90, now in M0/lead): 1 seat lost (fill −1), quality −80; 2 moves: A M0/lead→M0/crew, B M0/crew→out"
    );
}

/// An officer placed elsewhere is kept out by what the move costs, or by
/// nothing when a plan as good places them here: "one position per
/// officer" is true of every placed officer and explains nothing.
#[test]
fn a_placed_officer_is_kept_out_by_the_cost_or_by_nothing() {
    let mut inst = skeleton(&[("S0", 5)], &["M0", "M1"]);
    inst.positions.push(position(0, "crew", 1));
    inst.positions.push(position(1, "crew", 1));
    inst.officers.push(officer("A", 0, Gender::F, 90.0));
    inst.officers.push(officer("B", 0, Gender::M, 80.0));
    // Either plan is as good: A is explained out of the seat B holds.
    let sol = solve_verified(&inst);
    let other = match sol.plan.position_of(2)[0] {
        Some(PositionIx(0)) => "  M1/crew:",
        _ => "  M0/crew:",
    };
    let (_, text) = explain_officer(&inst, &sol, OfficerIx(0), &SolveOptions::default());
    let line = text.lines().find(|l| l.starts_with(other)).unwrap();
    assert!(
        line.ends_with("binds: nothing: a plan as good on every level places them here (the match chose between equal plans)"),
        "{line}"
    );
    // A scores 50 in M1: the swap loses 40 points of Quality.
    inst.scores.insert((OfficerIx(0), MissionIx(1)), 50.0);
    let sol = solved_as(&inst, &[("A", "M0/crew"), ("B", "M1/crew")]);
    let (_, text) = explain_officer(&inst, &sol, OfficerIx(0), &SolveOptions::default());
    let line = text.lines().find(|l| l.starts_with("  M1/crew:")).unwrap();
    assert!(
        line.ends_with("quality −40, 2 officers to move; binds: quality: the officers chosen score higher in total"),
        "{line}"
    );
}

/// An officer pinned to one seat cannot be forced into another, and the
/// pin is named as what binds (an officer placed elsewhere without a pin
/// could be).
#[test]
fn a_pinned_officer_is_held_by_the_pin() {
    let mut inst = trade();
    inst.pins.push(Pin {
        officer: OfficerIx(0),
        position: PositionIx(0),
        line: 2,
        reason: String::new(),
    });
    let sol = solve_verified(&inst);
    let (_, text) = explain_officer(&inst, &sol, OfficerIx(0), &SolveOptions::default());
    let line = text.lines().find(|l| l.starts_with("  M0/crew:")).unwrap();
    assert!(
        line.ends_with("cannot be forced here; binds: pin: A is pinned to M0/lead"),
        "{line}"
    );
}

/// S0 releases one officer; A (95) and C (70) are both of S0, D (60) of
/// S1. Two missions with one seat each: A and D are placed, C is held out
/// by S0's capacity alone.
fn capacity() -> Instance {
    let mut inst = skeleton(&[("S0", 1), ("S1", 5)], &["M0", "M1"]);
    inst.positions.push(position(0, "seat", 1));
    inst.positions.push(position(1, "seat", 1));
    inst.officers.push(officer("A", 0, Gender::F, 95.0));
    inst.officers.push(officer("C", 0, Gender::F, 70.0));
    inst.officers.push(officer("D", 1, Gender::M, 60.0));
    inst
}

/// A limit is the reason an officer is passed over only where the swap,
/// were it allowed, would lower no level: against a holder worth more
/// with preference points the reason is Quality, since raising the limit
/// would not place them. Two limits that both forbid the swap are both
/// named.
#[test]
fn a_limit_is_named_only_where_it_alone_keeps_the_officer_out() {
    // D (60) puts M1 first: worth 80 there, more than C (70).
    let mut inst = capacity();
    inst.officers[2].preferences = vec![MissionIx(1)];
    let pairs = rules::eligible_pairs(&inst);
    let sol = solve_verified(&inst);
    let cx = Context::new(&inst, &sol.plan, &pairs);
    let d_seat = cx.placed(OfficerIx(2)).unwrap();
    let reasons: Vec<String> = cx
        .passed_over()
        .into_iter()
        .map(|r| r.reason.text(&inst))
        .collect();
    assert_eq!(
        reasons,
        ["quality: with preference points D scores 80 here, C scores 70"]
    );
    assert_eq!(cx.blocking(OfficerIx(1), d_seat), None);
    // One mission taking one officer of each service: A fills S0's one
    // place and M0's one officer of S0, so both keep C out of D's seat.
    let mut inst = skeleton(&[("S0", 1), ("S1", 5)], &["M0"]);
    inst.positions.push(position(0, "seat", 1));
    inst.positions.push(position(0, "other", 1));
    inst.missions[0].max_per_service = Some(1);
    inst.officers.push(officer("A", 0, Gender::F, 95.0));
    inst.officers.push(officer("C", 0, Gender::F, 70.0));
    inst.officers.push(officer("D", 1, Gender::M, 60.0));
    let pairs = rules::eligible_pairs(&inst);
    let sol = solve_verified(&inst);
    let cx = Context::new(&inst, &sol.plan, &pairs);
    let d_seat = cx.placed(OfficerIx(2)).unwrap();
    let both = "service_capacity: S0 is at capacity (1); mission_service_limit: the plan already sends 1 officers of S0 to M0, all tours together";
    let reasons: Vec<String> = cx
        .passed_over()
        .into_iter()
        .map(|r| r.reason.text(&inst))
        .collect();
    assert_eq!(reasons, [both]);
    let binding = cx.blocking(OfficerIx(1), d_seat).unwrap();
    assert_eq!(binding.text(&inst), both);
}

/// Where the officers a service already has away fill its limit on the
/// tour's days, no plan can place its officer: the limit is the reason,
/// in `passed_over.csv` as in `explain`, even against a holder worth more
/// with preference points.
#[test]
fn a_service_full_before_any_plan_is_the_reason() {
    let mut inst = skeleton(&[("S0", 1), ("S1", 5)], &["M0"]);
    inst.positions.push(position(0, "seat", 1));
    inst.officers.push(officer("C", 0, Gender::F, 70.0));
    inst.officers.push(officer("D", 1, Gender::M, 60.0));
    // D (60) puts M0 first: worth 80 there, more than C (70).
    inst.officers[1].preferences = vec![MissionIx(0)];
    inst.deployments.push(Deployment {
        service: ServiceIx(0),
        officer_id: "X1".into(),
        officer: None,
        mission_id: String::new(),
        role: String::new(),
        start: None,
        until: date("2027-12-31"),
        line: 2,
    });
    inst.reset_derived();
    let pairs = rules::eligible_pairs(&inst);
    let sol = solve_verified(&inst);
    let cx = Context::new(&inst, &sol.plan, &pairs);
    let reasons: Vec<String> = cx
        .passed_over()
        .into_iter()
        .map(|r| r.reason.text(&inst))
        .collect();
    let full = "service_capacity: S0 has 1 of 1 away from 2027-01-15 to 2027-07-14";
    assert_eq!(reasons, [full]);
    let binding = cx.blocking(OfficerIx(0), PositionIx(0)).unwrap();
    assert_eq!(binding.text(&inst), full);
}

/// A pin holding the seat an officer would take at no cost is what keeps
/// them out, in `explain` as in `passed_over.csv`, though the position's
/// other seat is not pinned (forcing them in there would lose quality).
#[test]
fn a_pin_on_the_seat_they_would_take_is_the_reason() {
    let mut inst = skeleton(&[("S0", 5)], &["M0"]);
    inst.positions.push(position(0, "seat", 2));
    inst.officers.push(officer("P", 0, Gender::F, 50.0));
    inst.officers.push(officer("H", 0, Gender::M, 95.0));
    inst.officers.push(officer("O", 0, Gender::F, 70.0));
    inst.pins.push(Pin {
        officer: OfficerIx(0),
        position: PositionIx(0),
        line: 2,
        reason: String::new(),
    });
    let pairs = rules::eligible_pairs(&inst);
    let sol = solve_verified(&inst);
    assert_eq!(sol.plan.assignments.len(), 2);
    let cx = Context::new(&inst, &sol.plan, &pairs);
    let pin = "pin: P is pinned to this position";
    let reasons: Vec<String> = cx
        .passed_over()
        .into_iter()
        .map(|r| r.reason.text(&inst))
        .collect();
    assert_eq!(reasons, [pin]);
    let binding = cx.blocking(OfficerIx(2), PositionIx(0)).unwrap();
    assert_eq!(binding.text(&inst), pin);
    let (_, text) = explain_officer(&inst, &sol, OfficerIx(2), &SolveOptions::default());
    assert!(text.contains(&format!("binds: {pin}")), "{text}");
}

#[test]
fn a_single_binding_capacity_is_named() {
    let inst = capacity();
    let pairs = rules::eligible_pairs(&inst);
    let sol = solve_verified(&inst);
    let cx = Context::new(&inst, &sol.plan, &pairs);
    let d_seat = cx.placed(OfficerIx(2)).unwrap();
    let binding = cx.blocking(OfficerIx(1), d_seat).unwrap();
    assert_eq!(
        binding,
        explain::Binding::Full(explain::Full::ServiceCapacity(ServiceIx(0), Vec::new()))
    );
    assert_eq!(
        binding.text(&inst),
        "service_capacity: S0 is at capacity (1)"
    );
    let (_, text) = explain_officer(&inst, &sol, OfficerIx(1), &SolveOptions::default());
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("  {}:", inst.position_label(d_seat))))
        .unwrap();
    assert!(
        line.ends_with("forcing C here: quality −25, 3 officers to move; binds: service_capacity: S0 is at capacity (1)"),
        "{line}"
    );
    // The passed-over report names the same constraint for C against D.
    let rows: Vec<_> = cx
        .passed_over()
        .into_iter()
        .map(|r| (r.officer, r.position, r.chosen, r.reason.text(&inst)))
        .collect();
    assert_eq!(
        rows,
        [(
            OfficerIx(1),
            d_seat,
            OfficerIx(2),
            "service_capacity: S0 is at capacity (1)".to_string()
        )]
    );
}

/// One seat in M0; A scores 97 and lists M0 second (10 points), B scores
/// 87 and lists it first (20): both are worth 107 there. C (80, no
/// preference) is worth less. M1 lists an executive seat nobody may take.
fn tie() -> Instance {
    let mut inst = skeleton(&[("S0", 5)], &["M0", "M1"]);
    inst.positions.push(position(0, "crew", 1));
    let mut chief = position(1, "chief", 1);
    chief.min_rank = Some(Rank::Executive);
    inst.positions.push(chief);
    let mut a = officer("A", 0, Gender::F, 97.0);
    a.preferences = vec![MissionIx(1), MissionIx(0)];
    let mut b = officer("B", 0, Gender::F, 87.0);
    b.preferences = vec![MissionIx(0)];
    inst.officers
        .extend([a, b, officer("C", 0, Gender::F, 80.0)]);
    inst
}

/// Left out on a tie, an officer is told nothing binds (an equally good
/// plan places them), not that the officers chosen score higher; left out
/// of a plan given that is not the best, they are told placing them gains.
#[test]
fn a_tie_and_a_gain_are_not_called_a_quality_loss() {
    let inst = tie();
    let pairs = rules::eligible_pairs(&inst);
    let crew = PositionIx(0);
    let options = SolveOptions::default();
    let line = |sol: &Solution, o: OfficerIx| {
        let (_, text) = explain_officer(&inst, sol, o, &options);
        text.lines()
            .find(|l| l.starts_with("  M0/crew:"))
            .unwrap()
            .to_string()
    };
    // B holds the seat: a plan as good as any.
    let with_b = Solution::of_plan(
        &inst,
        Plan::new(&inst, vec![(OfficerIx(1), crew)]),
        pairs.len(),
    );
    assert_eq!(with_b.levels, solve_verified(&inst).levels);
    assert!(
        line(&with_b, OfficerIx(0)).ends_with(
            "forcing A here: no cost (an equally good plan), 2 officers to move; binds: nothing: a plan as good on every level places them here (the match chose between equal plans)"
        ),
        "{}",
        line(&with_b, OfficerIx(0))
    );
    let reasons = |sol: &Solution| -> Vec<String> {
        Context::new(&inst, &sol.plan, &pairs)
            .passed_over()
            .iter()
            .map(|r| r.reason.text(&inst))
            .collect()
    };
    assert_eq!(
        reasons(&with_b),
        ["quality: a tie: with preference points B and A both score 107 here"]
    );
    // A's letter says the same in plain words.
    let case = &Context::new(&inst, &with_b.plan, &pairs).passed_over()[0];
    assert_eq!(
        missionmatch::report::letters::reason_text(&inst, &case.reason, Lang::En),
        "the officer chosen scored the same as you for this mission, preferences counted (107)"
    );
    // C holds it (a plan given, 27 points short): placing A gains.
    let with_c = Solution::of_plan(
        &inst,
        Plan::new(&inst, vec![(OfficerIx(2), crew)]),
        pairs.len(),
    );
    let l = line(&with_c, OfficerIx(0));
    assert!(
        l.contains("quality +27")
            && l.ends_with("binds: nothing: placing them here gives a better plan than this one"),
        "{l}"
    );
    assert_eq!(
        reasons(&with_c),
        [
            "quality: with preference points A scores 107 here, more than C (80)",
            "quality: with preference points B scores 107 here, more than C (80)",
        ]
    );
}

#[test]
fn passed_over_is_empty_without_side_constraints() {
    // Plenty of capacity, no targets, no limits, no preferences: an optimal
    // plan never leaves a better-scored eligible officer out of a seat.
    let mut inst = capacity();
    inst.services[0].max_deployed = 5;
    inst.officers.push(officer("E", 1, Gender::M, 10.0));
    let pairs = rules::eligible_pairs(&inst);
    let sol = solve_verified(&inst);
    let cx = Context::new(&inst, &sol.plan, &pairs);
    assert_eq!(cx.passed_over(), []);
}

#[test]
fn explain_position_gives_the_funnel_and_the_empty_seat_reason() {
    let inst = trade();
    let pairs = rules::eligible_pairs(&inst);
    let mut one = inst.clone();
    one.officers.truncate(1);
    one.officers[0].skills.clear();
    let pairs_one = rules::eligible_pairs(&one);
    let sol = solve_verified(&one);
    let text = explain::position(&one, &pairs_one, &sol, PositionIx(0), Lang::En);
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        [
            "M0/lead: 0 of 1 seat filled (priority 1)",
            "  placed: nobody",
            "  eligible: 0 of 1 officers",
            "    skills       fails 1",
            "  1 seat empty: no eligible candidate (skills fails 1)",
        ]
    );
    assert_eq!(pairs.len(), 3);
}

/// S0's value of one more officer in [`capacity`] (proven, unstopped):
/// quality gained, and whether it has no room even then.
fn s0_value(quality: f64, no_room: bool) -> [explain::CapacityValue; 1] {
    [explain::CapacityValue {
        service: ServiceIx(0),
        seats: 0,
        fill: 0.0,
        balance: 0.0,
        quality,
        stopped: None,
        base_stopped: None,
        no_room,
    }]
}

#[test]
fn capacity_value_is_an_exact_resolve_with_one_more_officer() {
    // One more S0 officer lets C (70) replace D (60): no seat gained,
    // quality +10. S1 is not at capacity, so it is not valued.
    let inst = capacity();
    let pairs = rules::eligible_pairs(&inst);
    let sol = solve_verified(&inst);
    let values = explain::capacity_values(&inst, &pairs, &sol, &SolveOptions::default()).unwrap();
    assert_eq!(values, s0_value(10.0, false));
    let mut more = inst.clone();
    more.services[0].max_deployed += 1;
    let resolved = solve_verified(&more);
    assert_eq!(
        resolved.levels.quality - sol.levels.quality,
        values[0].quality
    );
}

#[test]
fn forcing_among_equals_moves_only_the_two_officers_concerned() {
    // Six interchangeable officers for four seats: any plan is optimal, so
    // forcing an unplaced officer in costs nothing and, with the Keep
    // tie-breaker, moves exactly that officer and one holder out.
    let mut inst = skeleton(&[("S0", 10)], &["M0"]);
    inst.positions.push(position(0, "a", 2));
    inst.positions.push(position(0, "b", 2));
    for i in 0..6 {
        inst.officers
            .push(officer(&format!("E{i}"), 0, Gender::M, 50.0));
    }
    let pairs = rules::eligible_pairs(&inst);
    let sol = solve_verified(&inst);
    let cx = Context::new(&inst, &sol.plan, &pairs);
    let out = inst
        .officer_ixs()
        .find(|&o| cx.placed(o).is_none())
        .unwrap();
    let forced = explain::force(
        &inst,
        &pairs,
        &sol,
        out,
        PositionIx(0),
        &SolveOptions::default(),
    )
    .unwrap();
    let plan = forced.result.unwrap();
    assert_eq!(
        explain::cost(&sol, &plan).text(),
        "no cost (an equally good plan)"
    );
    assert_eq!(plan.moves.len(), 2, "{:?}", plan.moves);
}

#[test]
fn every_reason_writes_its_text() {
    use explain::reasons::*;
    use missionmatch::rules::Rule;
    let mut inst = capacity();
    inst.missions[1].max_per_service = Some(2);
    let (a, c) = (OfficerIx(0), OfficerIx(1));
    let (s0, s1) = (ServiceIx(0), ServiceIx(1));
    let capacity = Full::ServiceCapacity(s0, Vec::new());
    let limit = Full::MissionServiceLimit(MissionIx(1), s1);
    let texts = [
        (
            PassedOverReason::Pinned { chosen: a }.text(&inst),
            "pin: A is pinned to this position",
        ),
        (
            PassedOverReason::Full(capacity.clone()).text(&inst),
            "service_capacity: S0 is at capacity (1)",
        ),
        (
            PassedOverReason::Full(limit.clone()).text(&inst),
            "mission_service_limit: the plan already sends 2 officers of S1 to M1, all tours together",
        ),
        (
            PassedOverReason::Balance {
                from: 0.5,
                to: 1.25,
                women: true,
                language: false,
            }
            .text(&inst),
            "balance: the swap would raise the gender/language shortfall from 0.5 to 1.25",
        ),
        (
            PassedOverReason::Quality {
                chosen: a,
                chosen_quality: 95.0,
                officer: c,
                officer_quality: 70.0,
            }
            .text(&inst),
            "quality: with preference points A scores 95 here, C scores 70",
        ),
        (
            UnfilledReason::NobodyEligible(vec![
                (Rule::Rank, 3),
                (Rule::Language, 0),
                (Rule::Skills, 1),
            ])
            .text(&inst),
            "no eligible candidate (rank fails 3, skills fails 1)",
        ),
        (
            UnfilledReason::NobodyEligible(vec![(Rule::Rank, 0)]).text(&inst),
            "no eligible candidate (no officers)",
        ),
        (
            UnfilledReason::Eligible {
                placed_elsewhere: 2,
                placed_here: 0,
                service_capacity: vec![s1, s0, s1],
                mission_service_limit: vec![s1],
                unblocked: 1,
            }
            .text(&inst),
            "2 eligible placed in other positions; 3 blocked by service_capacity (S0, S1); \
             1 blocked by mission_service_limit (S1); \
             1 not placed although nothing blocks them (plan not proven optimal)",
        ),
        (
            UnfilledReason::Eligible {
                placed_elsewhere: 0,
                placed_here: 9,
                service_capacity: vec![],
                mission_service_limit: vec![],
                unblocked: 0,
            }
            .text(&inst),
            "fewer eligible candidates than seats: all 9 eligible placed here",
        ),
        (
            Binding::LeavesSeatEmpty(PositionIx(1)).text(&inst),
            "placed in M1/seat; moving them leaves a seat there that nobody else can fill",
        ),
        (
            Binding::PlacedElsewhere(PositionIx(1)).text(&inst),
            "placed in M1/seat (one position per officer)",
        ),
        (
            Binding::SeatsPinned.text(&inst),
            "pin: every seat of this position is pinned",
        ),
        (
            Binding::Full(limit).text(&inst),
            "mission_service_limit: the plan already sends 2 officers of S1 to M1, all tours together",
        ),
        (
            Binding::Fill.text(&inst),
            "fill: the seats it would cost are filled in the plan",
        ),
        (
            Binding::Balance(MissionIx(0)).text(&inst),
            "balance: the gender/language targets of M0 and the missions it touches",
        ),
        (
            Binding::Quality.text(&inst),
            "quality: the officers chosen score higher in total",
        ),
        (
            Binding::Pins(PinConflict::OfficerPinned {
                officer: a,
                to: PositionIx(0),
            })
            .text(&inst),
            "pin: A is pinned to M0/seat",
        ),
        (
            PinConflict::SeatsPinned { pinned: 1 }.text(&inst),
            "pin: pins fill all 1 seat of this position",
        ),
        (
            PinConflict::ServiceCapacity {
                service: s0,
                pinned: 1,
            }
            .text(&inst),
            "service_capacity: pins already place 1 officers of S0, its capacity",
        ),
        (
            PinConflict::MissionServiceLimit {
                mission: MissionIx(1),
                service: s1,
                pinned: 2,
            }
            .text(&inst),
            "mission_service_limit: pins already place 2 officers of S1 in M1",
        ),
        (
            Cost {
                seats: 1,
                fill: 2.0,
                shortfall: 0.5,
                quality: 14.0,
            }
            .text(),
            "1 seat lost (fill −2), shortfall +0.5, quality −14",
        ),
        (
            Cost {
                seats: -2,
                fill: -3.0,
                shortfall: 0.0,
                quality: -1.5,
            }
            .text(),
            "2 seats gained (fill +3), quality +1.5",
        ),
        (
            Cost {
                seats: 0,
                fill: 0.0,
                shortfall: 0.0,
                quality: 0.0,
            }
            .text(),
            "no cost (an equally good plan)",
        ),
    ];
    for (got, want) in texts {
        assert_eq!(got, want);
    }
    let changes = [
        (
            ChangeReason::NoLongerEligible {
                position: PositionIx(0),
                failures: vec![
                    rules::Failure {
                        rule: Rule::Rank,
                        detail: "rank constable is below the required sergeant".into(),
                    },
                    rules::Failure {
                        rule: Rule::Skills,
                        detail: "missing skill command".into(),
                    },
                ],
            },
            "no longer eligible for M0/seat: rank: rank constable is below the required sergeant; skills: missing skill command",
        ),
        (
            ChangeReason::Pinned {
                position: PositionIx(1),
                reason: String::new(),
            },
            "pinned to M1/seat",
        ),
        (
            ChangeReason::Pinned {
                position: PositionIx(1),
                reason: "requested by the mission".into(),
            },
            "pinned to M1/seat: requested by the mission",
        ),
        (
            ChangeReason::FillsEmptySeat(PositionIx(1)),
            "fills a seat of M1/seat the previous plan did not fill",
        ),
        (
            ChangeReason::FillsSeatLeftBy {
                position: PositionIx(1),
                officers: vec!["D".into(), "X-9".into()],
            },
            "fills the seat of M1/seat left by D, X-9",
        ),
        (
            ChangeReason::KeepsFillAndBalance,
            "needed to keep Fill and Balance at their optima (no plan there keeps more of the previous plan)",
        ),
        (
            ChangeReason::Gone {
                why: "unknown officer: not in officers.csv".into(),
            },
            "gone from the files: unknown officer: not in officers.csv",
        ),
    ];
    for (reason, want) in changes {
        assert_eq!(reason.text(&inst), want);
    }
    assert!(PassedOverReason::Full(capacity).forbids_the_swap());
    assert!(!PassedOverReason::Balance {
        from: 0.0,
        to: 1.0,
        women: true,
        language: true,
    }
    .forbids_the_swap());
}

/// A proven match, then re-solves stopped at once by a zero time limit:
/// explain marks every cost of a stopped re-solve as a bound on the level
/// it stopped in, names no binding level it did not prove, and says the
/// moves are those of the plan found; the match's own plan, proven, gets
/// no note; the same whether the stopped re-solves are polished (as every
/// command has them) or not. Without the limit the same answer has no
/// mark.
#[test]
fn a_stopped_resolve_bounds_its_level_and_measures_nothing_after_it() {
    let inst = load_instance(&sample());
    let sol = solve_verified(&inst);
    let o = inst.find_officer("CPA-0005").unwrap();
    // Polished as the commands polish them, and not.
    for polish in [true, false] {
        let stopped = SolveOptions {
            time_limit: Some(0.0),
            polish,
            ..SolveOptions::default()
        };
        let (forced, text) = explain_officer(&inst, &sol, o, &stopped);
        assert!(!forced.is_empty());
        assert!(!explain::proven(&forced));
        assert!(!text.contains("The match was not proven optimal"), "{text}");
        let eligible: Vec<&str> = text.lines().filter(|l| l.contains(": eligible;")).collect();
        assert_eq!(eligible.len(), forced.len(), "{text}");
        for (line, f) in eligible.iter().zip(&forced) {
            let plan = f.result.as_ref().unwrap();
            let level = plan
                .stopped
                .expect("a zero time limit stops every re-solve");
            // The stopped level's cost, at worst, ends the cost.
            let bounded = match level {
                missionmatch::solve::Level::Fill => "fill",
                missionmatch::solve::Level::Balance => "shortfall",
                _ => "quality",
            };
            let cost = line
                .split("here: ")
                .nth(1)
                .and_then(|rest| rest.split(" at worst, ").next())
                .unwrap();
            assert!(
                cost.rsplit(", ").next().unwrap().starts_with(bounded),
                "{line}"
            );
            assert!(line.contains(" at worst, "), "{line}");
            assert!(
                line.contains(&format!(
                    "in the plan found (not proven: the re-solve stopped in the {} level",
                    level.name()
                )),
                "{line}"
            );
            for binds in ["binds: fill", "binds: balance", "binds: quality"] {
                assert!(!line.contains(binds), "{line}");
            }
        }
    }
    let (forced, text) = explain_officer(&inst, &sol, o, &SolveOptions::default());
    assert!(explain::proven(&forced));
    assert!(
        !text.contains("at worst") && !text.contains("not proven"),
        "{text}"
    );
}

/// A cost at every level: one seat lost (fill 2), shortfall 0.5, quality 14.
fn one_seat_cost() -> missionmatch::explain::Cost {
    missionmatch::explain::Cost {
        seats: 1,
        fill: 2.0,
        shortfall: 0.5,
        quality: 14.0,
    }
}

/// The cost of a stopped re-solve: the levels before the one it stopped
/// in exact, that level at worst, the later ones left out.
#[test]
fn a_stopped_cost_reads_exact_then_at_worst() {
    use missionmatch::solve::Level;
    let cost = one_seat_cost();
    assert_eq!(
        cost.text_until(None, Lang::En),
        "1 seat lost (fill −2), shortfall +0.5, quality −14"
    );
    assert_eq!(
        cost.text_until(Some(Level::Fill), Lang::En),
        "fill −2 at worst"
    );
    assert_eq!(
        cost.text_until(Some(Level::Balance), Lang::En),
        "1 seat lost (fill −2), shortfall +0.5 at worst"
    );
    assert_eq!(
        cost.text_until(Some(Level::Quality), Lang::En),
        "1 seat lost (fill −2), shortfall +0.5, quality −14 at worst"
    );
    assert_eq!(
        cost.text_until(Some(Level::Quality), Lang::Fr),
        "1 place perdue (places −2), écart aux cibles +0,5, qualité −14 au pire"
    );
    let gain = missionmatch::explain::Cost {
        seats: 0,
        fill: 0.0,
        shortfall: 0.0,
        quality: -3.0,
    };
    assert_eq!(
        gain.text_until(Some(Level::Quality), Lang::En),
        "quality +3 at worst"
    );
}

/// A re-plan stopped in Keep (which comes before Quality there) has not
/// optimized Quality at all, and a plan keeping fewer can score more than
/// the one keeping the most: seats, fill and shortfall are exact, quality
/// is not measured, whichever solve stopped. Keep after Quality (a
/// tie-break) is no stop of the levels.
#[test]
fn a_stop_in_keep_before_quality_leaves_quality_unmeasured() {
    use missionmatch::explain::stop_bound;
    use missionmatch::solve::{HeldBy, Level, LevelReport, LevelStatus, Solution};
    let report = |level, status| LevelReport {
        level,
        value: 0.0,
        status,
        seconds: 0.0,
        held_by: HeldBy::NotHeld,
    };
    let inst = load_instance(&sample());
    let empty = Solution::of_plan(&inst, Plan::new(&inst, Vec::new()), 0);
    let solution = |reports: Vec<LevelReport>| Solution {
        reports,
        ..empty.clone()
    };
    let stopped_in_keep = solution(vec![
        report(Level::Fill, LevelStatus::Optimal),
        report(Level::Balance, LevelStatus::Optimal),
        report(Level::Keep, LevelStatus::TimeLimit { gap: 0.01 }),
        report(Level::Quality, LevelStatus::NotSolved),
    ]);
    assert_eq!(stopped_in_keep.stopped_in(), Some(Level::Keep));
    let tie_break_stopped = solution(vec![
        report(Level::Fill, LevelStatus::Optimal),
        report(Level::Balance, LevelStatus::Optimal),
        report(Level::Quality, LevelStatus::Optimal),
        report(Level::Keep, LevelStatus::TimeLimit { gap: 0.01 }),
    ]);
    assert_eq!(tie_break_stopped.stopped_in(), None);
    let proven = None;
    let quality = Some(Level::Quality);
    let keep = Some(Level::Keep);
    for (base, other) in [
        (proven, keep),
        (keep, proven),
        (keep, quality),
        (quality, keep),
    ] {
        let bound = stop_bound(base, other);
        assert_eq!(bound.map(|b| b.0), keep, "{base:?} {other:?}");
        assert_eq!(
            one_seat_cost().text_stopped(bound, Lang::En),
            "1 seat lost (fill −2), shortfall +0.5, quality not measured"
        );
    }
}

/// When the match itself stopped (here: its report says the time limit
/// struck in Quality, and its plan is taken as 1,000 quality points worse
/// than it is), a proven re-solve that does not lose quality against it
/// does not claim that quality binds: the match's plan may not be the best.
#[test]
fn a_stopped_match_does_not_make_quality_bind() {
    use missionmatch::solve::{Level, LevelStatus};
    let inst = load_instance(&sample());
    let proven = solve_verified(&inst);
    let o = inst.find_officer("CPA-0004").unwrap();
    let line_of = |text: &str| {
        text.lines()
            .find(|l| l.contains("UNMISS/team_leader: eligible;"))
            .unwrap()
            .to_string()
    };
    let (_, text) = explain_officer(&inst, &proven, o, &SolveOptions::default());
    assert!(line_of(&text).ends_with("binds: quality: the officers chosen score higher in total"));
    let mut stopped = proven.clone();
    for r in &mut stopped.reports {
        if r.level == Level::Quality {
            r.status = LevelStatus::TimeLimit { gap: 0.01 };
        }
    }
    stopped.levels.quality -= 1000.0;
    let (forced, text) = explain_officer(&inst, &stopped, o, &SolveOptions::default());
    // Every re-solve proved its plan, yet no cost is exact from Quality
    // on: each is measured against the match's unproven plan.
    assert!(explain::proven(&forced));
    assert!(forced.iter().all(|f| !f.result.as_ref().unwrap().proven()));
    assert!(
        text.starts_with(
            "The match was not proven optimal: TIME LIMIT reached in the quality level"
        ),
        "{text}"
    );
    let line = line_of(&text);
    assert!(
        line.ends_with(
            "binds: not settled: the match stopped in the quality level before proving its plan the best"
        ),
        "{line}"
    );
    assert!(!line.contains("at worst"), "{line}");
    // Its quality is measured against a plan 1,000 points short of the
    // best: the gain shown is a ceiling.
    assert!(line.contains("quality +992 at best, "), "{line}");
    assert!(
        line.contains("(not proven: the match itself stopped in the quality level, so this cost is measured against the plan it found"),
        "{line}"
    );
}

/// A match stopped in Fill (its plan taken as 3 seats' worth worse than
/// it is): a re-solve that fills more than that plan proves nothing about
/// Balance or Quality binding; the answer says it is not settled.
#[test]
fn a_match_stopped_in_fill_settles_no_later_level() {
    use missionmatch::solve::{Level, LevelStatus};
    let inst = load_instance(&sample());
    let mut stopped = solve_verified(&inst);
    for r in &mut stopped.reports {
        r.status = match r.level {
            Level::Fill => LevelStatus::TimeLimit { gap: 0.01 },
            _ => LevelStatus::NotSolved,
        };
    }
    stopped.levels.fill -= 3.0;
    let o = inst.find_officer("CPA-0004").unwrap();
    let (forced, text) = explain_officer(&inst, &stopped, o, &SolveOptions::default());
    assert!(explain::proven(&forced));
    let line = text
        .lines()
        .find(|l| l.contains("UNMISS/team_leader: eligible;"))
        .unwrap();
    assert!(
        line.ends_with(
            "binds: not settled: the match stopped in the fill level before proving its plan the best"
        ),
        "{line}"
    );
    assert!(line.contains("fill +3 at best"), "{line}");
}

/// A cost measured against a match that stopped: the levels before its
/// stop exact, that level `at best` (the match's plan may be beaten
/// there, so a loss can only be larger and a gain smaller), and `not
/// measured` when the re-solve stopped there too.
#[test]
fn a_cost_against_a_stopped_match_reads_at_best() {
    use missionmatch::explain::Bound;
    use missionmatch::solve::Level;
    let cost = one_seat_cost();
    assert_eq!(
        cost.text_stopped(Some((Level::Quality, Bound::AtBest)), Lang::En),
        "1 seat lost (fill −2), shortfall +0.5, quality −14 at best"
    );
    assert_eq!(
        cost.text_stopped(Some((Level::Balance, Bound::None)), Lang::En),
        "1 seat lost (fill −2), balance not measured"
    );
    assert_eq!(
        cost.text_stopped(Some((Level::Fill, Bound::AtBest)), Lang::Fr),
        "places −2 au mieux"
    );
}

/// The value of one more released officer when the match itself stopped:
/// the re-solves are proven, but each gain is measured against the plan
/// found, so from the match's stopped level on it is not exact, and says
/// so (the time limit's plan here taken as 10 quality points worse).
#[test]
fn capacity_values_against_a_stopped_match_are_not_proven() {
    use missionmatch::solve::{Level, LevelStatus};
    let inst = capacity();
    let pairs = rules::eligible_pairs(&inst);
    let mut sol = solve_verified(&inst);
    for r in &mut sol.reports {
        if r.level == Level::Quality {
            r.status = LevelStatus::TimeLimit { gap: 0.01 };
        }
    }
    sol.levels.quality -= 10.0;
    let values = explain::capacity_values(&inst, &pairs, &sol, &SolveOptions::default()).unwrap();
    assert_eq!(values.len(), 1);
    let v = &values[0];
    assert_eq!((v.stopped, v.base_stopped), (None, Some(Level::Quality)));
    assert_eq!(v.unproven_in(), Some(Level::Quality));
    assert!(v.base_first());
    assert_eq!(
        v.quality, 20.0,
        "10 exact plus the 10 the stopped plan lacks"
    );
}

/// A service whose officers already away exceed even its raised limit
/// gains nothing from one more: the value is 0, exact, with nothing
/// re-solved; the re-solve would find the same plan.
#[test]
fn one_more_officer_over_the_limit_leaves_no_room() {
    let mut inst = capacity();
    inst.services[0].deployed_now = 3;
    let pairs = rules::eligible_pairs(&inst);
    let sol = solve_verified(&inst);
    let values = explain::capacity_values(&inst, &pairs, &sol, &SolveOptions::default()).unwrap();
    assert_eq!(values, s0_value(0.0, true));
    let mut more = inst.clone();
    more.services[0].max_deployed += 1;
    assert_eq!(solve_verified(&more).levels, sol.levels);
    // Forcing one of its officers in: no plan can, and it is not the pins.
    let forced = explain::force(
        &inst,
        &pairs,
        &sol,
        OfficerIx(0),
        PositionIx(0),
        &SolveOptions::default(),
    )
    .unwrap();
    assert_eq!(
        forced.result.unwrap_err().text(&inst),
        "service_capacity: S0 already has 3 of 1 away, before any plan"
    );
    // Counted day by day: each stretch of the tour the officers already
    // away fill, its days written as every sentence writes days.
    let dated = explain::PinConflict::ServiceAway {
        service: ServiceIx(0),
        days: vec![
            (date("2027-03-18"), date("2027-03-18"), 2),
            (date("2027-04-01"), date("2027-06-30"), 1),
        ],
        away: 2,
        limit: 1,
    };
    assert_eq!(
        dated.text(&inst),
        "service_capacity: S0 already has 2 of 1 away on 2027-03-18, 1 of 1 away from 2027-04-01 to 2027-06-30, before any plan"
    );
    assert_eq!(
        dated.text_in(&inst, Lang::Fr),
        "limite du service\u{a0}: le service S0 compte déjà 2 absents sur 1 le 18 mars 2027, 1 absent sur 1 du 1er avril 2027 au 30 juin 2027, avant tout plan"
    );
}

/// `recommend` on a position nobody else can take says so in one line,
/// without re-solving: no eligible officer left (the sample's UNVMC team
/// leader), or pins holding every seat (generated S seed 11's UNFICYP
/// forensics specialist).
#[test]
fn recommend_says_when_nobody_else_can_take_the_seat() {
    let out = run(&["recommend", "UNVMC/team_leader", "--data", arg(&sample())]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "UNVMC/team_leader: placed nobody; no eligible officer is left to recommend (explain --position UNVMC/team_leader shows the rules that rule the others out)\n"
    );
    // Asking for none is not "nobody left".
    let out = run(&[
        "recommend",
        "UNMISS/team_leader",
        "--top",
        "0",
        "--data",
        arg(&sample()),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Asking for none gives the count alone, no list announced.
    assert_eq!(
        text(&out.stdout),
        "UNMISS/team_leader: placed CPA-0238 (90); 36 eligible not placed here\n"
    );
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("s11");
    generate_into(&data, &["--preset", "S", "--seed", "11"]);
    let out = run(&[
        "recommend",
        "UNFICYP/forensics_specialist",
        "--data",
        arg(&data),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.contains(
            "pins hold every seat, so nobody else can be placed here until a pin is removed"
        ),
        "{stdout}"
    );
    // The holders a pin placed are named as pinned, here and in explain.
    assert!(stdout.contains(", pinned)"), "{stdout}");
    let out = run_ok(&[
        "explain",
        "--position",
        "UNFICYP/forensics_specialist",
        "--data",
        arg(&data),
    ]);
    let placed = text(&out.stdout);
    let line = placed.lines().nth(1).unwrap();
    assert!(
        line.starts_with("  placed: ") && line.contains(", pinned)"),
        "{placed}"
    );
}

/// `recommend` re-solves the best-weighted candidates (score plus
/// preference points, as the plan weighs them) and lists them least
/// costly first: on the sample's UNMISS team leader, the officer who
/// costs one point of quality comes before the two who score 98 and cost
/// 9 and 12, and CPA-0296 (80, UNMISS as first choice) is among those
/// re-solved.
#[test]
fn recommend_lists_the_least_costly_first() {
    let inst = load_instance(&sample());
    let pairs = rules::eligible_pairs(&inst);
    let sol = solve_verified(&inst);
    let p = inst.find_position("UNMISS", "team_leader").unwrap();
    let (forced, text) = explain::recommend(
        &inst,
        &pairs,
        &sol,
        p,
        10,
        &SolveOptions::default(),
        Lang::En,
        &|_, _| {},
    )
    .unwrap();
    assert_eq!(forced.len(), 10);
    let ranks: Vec<[i64; 3]> = forced
        .iter()
        .map(|f| explain::cost(&sol, f.result.as_ref().unwrap()).rank())
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    let ids: Vec<&str> = forced
        .iter()
        .map(|f| inst.officers[f.officer.0].id.as_str())
        .collect();
    assert_eq!(ids[0], "CPA-0034", "{text}");
    assert!(ids.contains(&"CPA-0296"), "{text}");
    // The weighted order decides who is re-solved: nobody left out
    // outweighs anybody listed.
    let weight = |o: OfficerIx| inst.quality(o, p);
    let lightest = forced
        .iter()
        .map(|f| weight(f.officer))
        .fold(f64::MAX, f64::min);
    let context = Context::new(&inst, &sol.plan, &pairs);
    for &o in &context.eligible[p.0] {
        if context.placed(o) != Some(p) && !forced.iter().any(|f| f.officer == o) {
            assert!(weight(o) <= lightest, "{} left out", inst.officers[o.0].id);
        }
    }
    assert!(text.contains("least costly first"));
}

/// The moves `recommend` lists are the fewest: on generated S seed 5,
/// calling O000161 up for BINUH/forensics_specialist replaces one officer
/// and moves nobody else (HiGHS's presolve once handed back a plan with
/// two more officers swapped for nothing; found by an independent check).
#[test]
fn recommend_moves_only_whom_the_decision_needs() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("s5");
    generate_into(&data, &["--preset", "S", "--seed", "5"]);
    let out = run_ok(&[
        "recommend",
        "BINUH/forensics_specialist",
        "--top",
        "5",
        "--data",
        arg(&data),
    ]);
    let stdout = text(&out.stdout);
    let line = stdout.lines().find(|l| l.contains("O000161")).unwrap();
    assert!(
        line.ends_with("quality −2; 2 moves: O000161 out→BINUH/forensics_specialist, O000272 BINUH/forensics_specialist→out"),
        "{stdout}"
    );
}

/// S0 releases one officer; M0 has two seats. A (90) and C (50) are both
/// of S0: A is placed, the second seat stays empty and C is held out of
/// it by S0's limit, although A, of C's own service, holds the other seat.
#[test]
fn an_empty_seat_a_limit_keeps_an_officer_out_of_names_the_limit() {
    let mut inst = skeleton(&[("S0", 1)], &["M0"]);
    inst.positions.push(position(0, "seat", 2));
    inst.officers.push(officer("A", 0, Gender::F, 90.0));
    inst.officers.push(officer("C", 0, Gender::F, 50.0));
    let pairs = rules::eligible_pairs(&inst);
    let sol = solved_as(&inst, &[("A", "M0/seat")]);
    let cx = Context::new(&inst, &sol.plan, &pairs);
    let full = explain::Full::ServiceCapacity(ServiceIx(0), Vec::new());
    assert_eq!(
        cx.blocking(OfficerIx(1), PositionIx(0)),
        Some(explain::Binding::Full(full.clone()))
    );
    let line = m0_seat_line(&inst, &sol, OfficerIx(1));
    assert!(
        line.ends_with("binds: service_capacity: S0 is at capacity (1)"),
        "{line}"
    );
    // C's letter gives the same reason for the empty seat.
    let why = letters::EmptySeat::Full(full);
    assert_eq!(
        empty_seats(&inst, &sol.plan, &cx, 1),
        [(PositionIx(0), why.clone())]
    );
    assert_eq!(
        letters::empty_seat_text(&inst, &why, Lang::En),
        "the seat stays empty: your service, S0 Police, had already released every officer it could spare during that tour"
    );

    // A colleague as good: a plan as good places C there, and explain says
    // so rather than naming the limit.
    let mut tie = inst.clone();
    tie.officers[1].board_score = 90.0;
    let sol = solve_verified(&tie);
    let out = if sol.plan.assignments[0].0 == OfficerIx(0) {
        1
    } else {
        0
    };
    let line = m0_seat_line(&tie, &sol, OfficerIx(out));
    assert!(
        line.ends_with("binds: nothing: a plan as good on every level places them here (the match chose between equal plans)"),
        "{line}"
    );

    // A pinned there: no plan places C, and the pin is named.
    let mut pinned = inst.clone();
    pinned.pins.push(Pin {
        officer: OfficerIx(0),
        position: PositionIx(0),
        line: 2,
        reason: String::new(),
    });
    let sol = solve_verified(&pinned);
    let line = m0_seat_line(&pinned, &sol, OfficerIx(1));
    assert!(
        line.ends_with(
            "binds: service_capacity: pins already place 1 officers of S0, its capacity"
        ),
        "{line}"
    );
}

/// Solves `inst` (checked as `solve_verified` does) and asserts its plan:
/// (officer id, position) in the plan's order.
fn solved_as(inst: &Instance, want: &[(&str, &str)]) -> Solution {
    let sol = solve_verified(inst);
    let want: Vec<(String, String)> = want.iter().map(|&(o, p)| (o.into(), p.into())).collect();
    assert_eq!(plan_ids(inst, &sol), want);
    sol
}

/// `explain --officer`'s line for M0/seat, for officer `o`.
fn m0_seat_line(inst: &Instance, sol: &Solution, o: OfficerIx) -> String {
    let (_, text) = explain_officer(inst, sol, o, &SolveOptions::default());
    text.lines()
        .find(|l| l.starts_with("  M0/seat:"))
        .unwrap()
        .to_string()
}

/// The empty seats of officer `o`'s letter, with why they are not in them.
fn empty_seats(
    inst: &Instance,
    plan: &Plan,
    cx: &Context,
    o: usize,
) -> Vec<(PositionIx, letters::EmptySeat)> {
    match &letters::letters(inst, plan, cx, 5)[o].outcome {
        letters::Outcome::NotSelected { cases, empty, .. } => {
            assert_eq!(cases, &[]);
            empty.clone()
        }
        other => panic!("{other:?}"),
    }
}

/// A letter for a plan that is not the best (a board's own, given with
/// `--plan`): an empty seat nothing keeps the officer out of is said to
/// stay empty in the plan as decided, or named with the target it would
/// move away from.
#[test]
fn a_seat_a_plan_leaves_open_is_not_given_a_false_reason() {
    let mut inst = skeleton(&[("S0", 5)], &["M0"]);
    inst.positions.push(position(0, "seat", 2));
    inst.officers.push(officer("A", 0, Gender::F, 90.0));
    inst.officers.push(officer("C", 0, Gender::M, 50.0));
    let pairs = rules::eligible_pairs(&inst);
    let plan = Plan {
        assignments: vec![(OfficerIx(0), PositionIx(0))],
    };
    let cx = Context::new(&inst, &plan, &pairs);
    let open = empty_seats(&inst, &plan, &cx, 1);
    assert_eq!(open, [(PositionIx(0), letters::EmptySeat::LeftOpen)]);
    assert_eq!(
        letters::empty_seat_text(&inst, &open[0].1, Lang::En),
        "the seat stays empty in the plan as decided"
    );
    // At 60 % women, a second officer who is a man raises the shortfall
    // from 0 to 0.2.
    inst.missions[0].min_women_share = 0.6;
    let cx = Context::new(&inst, &plan, &pairs);
    let targets = empty_seats(&inst, &plan, &cx, 1);
    assert_eq!(
        targets,
        [(
            PositionIx(0),
            letters::EmptySeat::Targets {
                women: true,
                language: false
            }
        )]
    );
    assert_eq!(
        letters::empty_seat_text(&inst, &targets[0].1, Lang::En),
        "the seat stays empty: placing you there would have left the mission further from its target for women"
    );
}

/// S0 releases one officer; M0 has two seats, held by A (S0, 90) and D
/// (S1, 40). C (S0, 60) would replace D at a gain but for S0's limit; the
/// only swap left is with A, worth more. The limit is what binds, as the
/// passed-over report says.
#[test]
fn a_limit_that_blocks_a_gainful_swap_binds_though_a_colleague_could_swap() {
    let mut inst = skeleton(&[("S0", 1), ("S1", 5)], &["M0"]);
    inst.positions.push(position(0, "seat", 2));
    inst.officers.push(officer("A", 0, Gender::F, 90.0));
    inst.officers.push(officer("C", 0, Gender::F, 60.0));
    inst.officers.push(officer("D", 1, Gender::F, 40.0));
    let pairs = rules::eligible_pairs(&inst);
    let sol = solved_as(&inst, &[("A", "M0/seat"), ("D", "M0/seat")]);
    let cx = Context::new(&inst, &sol.plan, &pairs);
    let want = "service_capacity: S0 is at capacity (1)";
    let line = m0_seat_line(&inst, &sol, OfficerIx(1));
    assert!(
        line.ends_with(&format!("quality −30, 2 officers to move; binds: {want}")),
        "{line}"
    );
    let rows: Vec<String> = cx
        .passed_over()
        .into_iter()
        .map(|r| r.reason.text(&inst))
        .collect();
    assert_eq!(rows, [want]);

    // A scoring 50 but asking for M0 first (worth 70 there): C could take
    // A's seat, a swap the limit allows, but A is worth more; D, worth
    // less, is the one C would replace, and the limit bars it. Explain
    // and the passed-over report both name the limit, not A.
    let mut colleague = inst.clone();
    colleague.officers[0].board_score = 50.0;
    colleague.officers[0].preferences = vec![MissionIx(0)];
    let sol = solve_verified(&colleague);
    assert_eq!(sol.plan.assignments.len(), 2);
    assert!(sol.plan.position_of(3)[1].is_none(), "C is left out");
    let cx = Context::new(&colleague, &sol.plan, &pairs);
    let line = m0_seat_line(&colleague, &sol, OfficerIx(1));
    assert!(
        line.ends_with(&format!("quality −10, 2 officers to move; binds: {want}")),
        "{line}"
    );
    let rows: Vec<(OfficerIx, String)> = cx
        .passed_over()
        .into_iter()
        .map(|r| (r.chosen, r.reason.text(&colleague)))
        .collect();
    assert_eq!(rows, [(OfficerIx(2), want.to_string())]);
}

/// M0 has two seats; S0 releases five. `first` scores 75; O (70, asking
/// for M0 first: worth 90 there) and T (90) are of gender `others`.
fn two_seats_o_worth_90(first: (&str, Gender), others: Gender) -> Instance {
    let mut inst = skeleton(&[("S0", 5)], &["M0"]);
    inst.positions.push(position(0, "seat", 2));
    inst.officers.push(officer(first.0, 0, first.1, 75.0));
    let mut o = officer("O", 0, others, 70.0);
    o.preferences = vec![MissionIx(0)];
    inst.officers.push(o);
    inst.officers.push(officer("T", 0, others, 90.0));
    inst
}

/// M0 has two seats and a target of 50 % women. W (a woman, 75) holds
/// one; O (70, asking for M0 first: worth 90) and T (90) are worth the
/// same for the other. Whichever is left out, swapping with W would leave
/// M0 short of its target, but swapping with the other is a tie: the
/// reason is the tie (explain finds a plan as good), not the target.
#[test]
fn a_tie_comes_before_a_holder_worth_less_whose_swap_costs_a_level() {
    let mut inst = two_seats_o_worth_90(("W", Gender::F), Gender::M);
    inst.missions[0].min_women_share = 0.5;
    let sol = solve_verified(&inst);
    assert!(sol.plan.position_of(3)[0].is_some(), "W holds a seat");
    a_tie_in_m0_between(&inst, &sol, OfficerIx(1), OfficerIx(2));
}

/// A board's plan that is not the best: G (75) and T (90) hold M0's two
/// seats, and O (70, asking for M0 first: worth 90) is left out. Taking
/// G's seat would gain, so nothing decided but the plan as given: the
/// letter gives no tie with T as the reason.
#[test]
fn a_gain_comes_before_a_tie_in_a_plan_that_is_not_the_best() {
    let inst = two_seats_o_worth_90(("G", Gender::F), Gender::F);
    let pairs = rules::eligible_pairs(&inst);
    let plan = Plan {
        assignments: vec![(OfficerIx(0), PositionIx(0)), (OfficerIx(2), PositionIx(0))],
    };
    let cx = Context::new(&inst, &plan, &pairs);
    assert_eq!(letter_cases(&inst, &plan, &cx, 1), []);
}

/// Of `a` and `b`, worth the same in M0's seat, the plan seats one; the
/// other's letter gives the tie with them, and `explain` finds a plan as
/// good.
fn a_tie_in_m0_between(inst: &Instance, sol: &Solution, a: OfficerIx, b: OfficerIx) {
    let pairs = rules::eligible_pairs(inst);
    let (held, out) = match sol.plan.position_of(inst.officers.len())[a.0] {
        Some(_) => (a, b),
        None => (b, a),
    };
    let cx = Context::new(inst, &sol.plan, &pairs);
    let cases = letter_cases(inst, &sol.plan, &cx, out.0);
    assert_eq!(cases.len(), 1, "{cases:?}");
    let (seat, chosen, reason) = &cases[0];
    assert_eq!((*seat, *chosen), (PositionIx(0), held));
    assert_eq!(
        reason.officer_against_chosen(),
        Some(std::cmp::Ordering::Equal),
        "{reason:?}"
    );
    let line = m0_seat_line(inst, sol, out);
    assert!(line.contains("binds: nothing: "), "{line}");
}

/// M0 and M1 have a seat each; S0 releases one officer. A (S0, 90) is the
/// only one with the skill M1 asks for; C (S0, 70) asks for M0 first (20
/// points: worth 90 there); D (S1) scores `d` for M0, at most 90. The plan
/// seats D in M0 and A in M1, and C's letter names S0's limit against D.
fn c_kept_out_by_s0(d: f64) -> (Instance, Solution) {
    let mut inst = skeleton(&[("S0", 1), ("S1", 5)], &["M0", "M1"]);
    inst.positions.push(position(0, "seat", 1));
    let mut skilled = position(1, "seat", 1);
    skilled.skills = vec!["command".into()];
    inst.positions.push(skilled);
    let mut a = officer("A", 0, Gender::F, 90.0);
    a.skills.insert("command".into());
    inst.officers.push(a);
    let mut c = officer("C", 0, Gender::F, 70.0);
    c.preferences = vec![MissionIx(0)];
    inst.officers.push(c);
    inst.officers.push(officer("D", 1, Gender::F, d));
    let pairs = rules::eligible_pairs(&inst);
    let sol = solved_as(&inst, &[("D", "M0/seat"), ("A", "M1/seat")]);
    let cx = Context::new(&inst, &sol.plan, &pairs);
    let full = explain::Full::ServiceCapacity(ServiceIx(0), Vec::new());
    assert_eq!(
        letter_cases(&inst, &sol.plan, &cx, 1),
        [(
            PositionIx(0),
            OfficerIx(2),
            explain::PassedOverReason::Full(full)
        )]
    );
    (inst, sol)
}

/// C (S0, 70) asks for M0 first (20 points: worth 90 there); D (S1, 80,
/// no preference) holds M0's seat; A (S0), the only one with the skill
/// M1 asks for, uses S0's one release. Nobody chosen scores below C, yet
/// D is worth less in the plan's measure: C's letter names the limit
/// that decided, not "scored at least as high".
#[test]
fn a_letter_names_the_limit_where_the_officer_is_worth_more_with_preferences() {
    let (inst, sol) = c_kept_out_by_s0(80.0);
    let pairs = rules::eligible_pairs(&inst);
    let cx = Context::new(&inst, &sol.plan, &pairs);
    // No case in passed_over.csv: D scores more than C.
    assert_eq!(cx.passed_over(), []);
    match &letters::letters(&inst, &sol.plan, &cx, 5)[1].outcome {
        letters::Outcome::NotSelected { empty, .. } => assert_eq!(empty, &[]),
        other => panic!("{other:?}"),
    }
}

/// The cases of officer `o`'s letter: position, officer named, reason.
fn letter_cases(
    inst: &Instance,
    plan: &Plan,
    cx: &Context,
    o: usize,
) -> Vec<(PositionIx, OfficerIx, explain::PassedOverReason)> {
    match &letters::letters(inst, plan, cx, 5)[o].outcome {
        letters::Outcome::NotSelected { cases, .. } => cases
            .iter()
            .map(|c| (c.position, c.chosen, c.reason.clone()))
            .collect(),
        other => panic!("{other:?}"),
    }
}

/// B and C (both S0, which releases one officer) are worth 90 in M0's one
/// seat: B scores 90, C 70 with 20 points for asking for M0 first. Nobody
/// chosen scores below the one left out, yet the plans that seat either
/// are equally good: the letter says it was a tie, as `explain` does, not
/// that the service had no room. With D (S1, 90) in the seat instead and
/// S0's release used by A in M1, a tie swap with D is what S0's limit
/// bars: the letter and `explain` name the limit.
#[test]
fn a_letter_gives_a_tie_where_a_holder_worth_as_much_could_give_up_the_seat() {
    let mut inst = skeleton(&[("S0", 1), ("S1", 5)], &["M0"]);
    inst.positions.push(position(0, "seat", 1));
    inst.officers.push(officer("B", 0, Gender::F, 90.0));
    let mut c = officer("C", 0, Gender::F, 70.0);
    c.preferences = vec![MissionIx(0)];
    inst.officers.push(c);
    let sol = solve_verified(&inst);
    a_tie_in_m0_between(&inst, &sol, OfficerIx(0), OfficerIx(1));

    // D of S1 holds the seat; A (S0), the only one with M1's skill, uses
    // S0's one release. C is worth as much as D, and the limit bars it.
    let (inst, sol) = c_kept_out_by_s0(90.0);
    let line = m0_seat_line(&inst, &sol, OfficerIx(1));
    assert!(
        line.ends_with("binds: service_capacity: S0 is at capacity (1)"),
        "{line}"
    );
}

/// M0 has three seats: A (S0, 50, asks for M0 first: worth 70) and D (S1,
/// 40) hold two, the third stays empty, and S0 releases one officer. C
/// (S0, 60) outscores A, who is worth more there; but what keeps C out is
/// S0's limit, which bars the empty seat: explain and the letter both say
/// so, and the letter does not give the comparison with A instead.
#[test]
fn a_letter_names_the_limit_on_an_empty_seat_before_a_holder() {
    let mut inst = skeleton(&[("S0", 1), ("S1", 5)], &["M0"]);
    inst.positions.push(position(0, "seat", 3));
    let mut a = officer("A", 0, Gender::F, 50.0);
    a.preferences = vec![MissionIx(0)];
    inst.officers.push(a);
    inst.officers.push(officer("C", 0, Gender::F, 60.0));
    inst.officers.push(officer("D", 1, Gender::F, 40.0));
    let pairs = rules::eligible_pairs(&inst);
    let sol = solve_verified(&inst);
    assert_eq!(sol.plan.assignments.len(), 2);
    assert!(sol.plan.position_of(3)[1].is_none(), "C is left out");
    let cx = Context::new(&inst, &sol.plan, &pairs);
    let full = explain::Full::ServiceCapacity(ServiceIx(0), Vec::new());
    let line = m0_seat_line(&inst, &sol, OfficerIx(1));
    assert!(
        line.ends_with("binds: service_capacity: S0 is at capacity (1)"),
        "{line}"
    );
    assert_eq!(
        empty_seats(&inst, &sol.plan, &cx, 1),
        [(PositionIx(0), letters::EmptySeat::Full(full))]
    );
}

/// The generated scarce pool `generate --preset S --seed 2`, solved: its
/// folder (kept while the test runs), the instance, its eligible pairs and
/// the plan.
fn solved_scarce_s2() -> (tempfile::TempDir, Instance, Vec<Pair>, Solution) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("pool");
    generate_into(&data, &["--preset", "S", "--seed", "2"]);
    let inst = load_instance(&data);
    let pairs = rules::eligible_pairs(&inst);
    let sol = solve_verified(&inst);
    (dir, inst, pairs, sol)
}

/// Standby lists, passed-over cases and the reasons of empty seats weigh
/// a position's limits once per home service; on a scarce dated pool
/// (services at their limit on some days of some tours, missions at their
/// per-service limit) they agree with the answers worked out for one
/// officer at a time, in positions where a limit keeps out some officers
/// and not others of another service.
#[test]
fn a_position_s_lists_agree_with_one_officer_at_a_time() {
    use explain::{Binding, CallUp, Full, PassedOverReason, UnfilledReason};
    let (_dir, inst, pairs, sol) = solved_scarce_s2();
    let cx = Context::new(&inst, &sol.plan, &pairs);
    let (mut mixed, mut full_cases, mut empty_seats) = (0, 0, 0);
    for p in inst.position_ixs() {
        let label = inst.position_label(p);
        let in_pool_order: Vec<OfficerIx> = cx.eligible[p.0]
            .iter()
            .copied()
            .filter(|&o| cx.placed(o).is_none())
            .collect();
        let service = |o: OfficerIx| inst.officers[o.0].service;
        let limited = |o: OfficerIx| matches!(cx.call_up(o, p), CallUp::Blocked(Binding::Full(_)));
        let kept_out: Vec<ServiceIx> = in_pool_order
            .iter()
            .copied()
            .filter(|&o| limited(o))
            .map(service)
            .collect();
        if !kept_out.is_empty()
            && in_pool_order
                .iter()
                .any(|&o| !limited(o) && !kept_out.contains(&service(o)))
        {
            mixed += 1;
        }
        // The standby list of every unplaced officer, from the call-up of
        // each on its own: no limit first, then a shortfall, then blocked.
        let mut expected = in_pool_order.clone();
        cx.weighted_first(p, &mut expected);
        let part = |o: OfficerIx| match cx.call_up(o, p) {
            CallUp::Blocked(_) => 2,
            CallUp::RaisesShortfall { .. } => 1,
            _ => 0,
        };
        expected.sort_by_key(|&o| part(o));
        assert_eq!(cx.standby(p, usize::MAX), expected, "{label}");
        let cases: Vec<_> = cx.passed_over_at(p).collect();
        let one_by_one: Vec<_> = in_pool_order
            .iter()
            .filter_map(|&o| cx.lower_scored_case(o, p))
            .collect();
        full_cases += cases
            .iter()
            .filter(|c| matches!(c.reason, PassedOverReason::Full(_)))
            .count();
        assert_eq!(cases, one_by_one, "{label}");
        // An empty seat: what keeps each unplaced officer out of it.
        let filled = sol.plan.assignments.iter().filter(|a| a.1 == p).count();
        if filled < inst.positions[p.0].count as usize && !cx.eligible[p.0].is_empty() {
            empty_seats += 1;
            let (mut capacity, mut mission_limit, mut free) = (Vec::new(), Vec::new(), 0);
            // The mission's limit per service, counted from the plan.
            let mission = inst.positions[p.0].mission;
            let at_mission_limit = |o: OfficerIx| {
                inst.missions[mission.0]
                    .max_per_service
                    .is_some_and(|limit| {
                        let sent = sol.plan.assignments.iter().filter(|(q, r)| {
                            inst.positions[r.0].mission == mission && service(*q) == service(o)
                        });
                        sent.count() as u32 >= limit
                    })
            };
            for &o in &in_pool_order {
                match cx.blocking(o, p) {
                    Some(Binding::Full(Full::ServiceCapacity(..))) => {
                        assert!(!at_mission_limit(o), "{label}: one limit named of two");
                        capacity.push(service(o));
                    }
                    // Both limits: counted under each.
                    Some(Binding::Full(Full::Both(..))) => {
                        assert!(at_mission_limit(o), "{label}");
                        capacity.push(service(o));
                        mission_limit.push(service(o));
                    }
                    Some(Binding::Full(Full::MissionServiceLimit(..))) => {
                        mission_limit.push(service(o))
                    }
                    _ => free += 1,
                }
            }
            match cx.unfilled_reason(p) {
                UnfilledReason::Eligible {
                    service_capacity,
                    mission_service_limit,
                    unblocked,
                    ..
                } => {
                    assert_eq!(service_capacity, capacity, "{label}");
                    assert_eq!(mission_service_limit, mission_limit, "{label}");
                    assert_eq!(unblocked, free, "{label}");
                }
                other => panic!("{label}: {other:?}"),
            }
        }
    }
    assert!(
        mixed > 0 && full_cases > 0 && empty_seats > 0,
        "{mixed} positions with officers of one service kept out and of another not, \
         {full_cases} passed-over cases decided by a limit, {empty_seats} positions with empty seats"
    );
}

/// `passed_over.csv` and the report read one row per officer folded from
/// every position's cases in parallel: the number of positions and the
/// case with the widest margin (ties: the first position by mission and
/// role) must be those of the full list, and asking twice gives the same
/// rows without working them out again.
#[test]
fn each_officer_s_passed_over_row_is_folded_from_every_case() {
    let (_dir, inst, pairs, sol) = solved_scarce_s2();
    let cx = Context::new(&inst, &sol.plan, &pairs);
    let order = inst.positions_by_mission_and_role();
    let rank = |p: PositionIx| order.iter().position(|&q| q == p).unwrap();
    let margin = |c: &explain::PassedOver| {
        let m = inst.positions[c.position.0].mission;
        inst.score(c.officer, m) - inst.score(c.chosen, m)
    };
    let mut expected: std::collections::BTreeMap<String, (usize, explain::PassedOver)> =
        Default::default();
    for c in cx.passed_over() {
        let id = inst.officers[c.officer.0].id.clone();
        match expected.get_mut(&id) {
            None => {
                expected.insert(id, (1, c));
            }
            Some((n, best)) => {
                *n += 1;
                let (mc, mb) = (margin(&c), margin(best));
                if mc > mb || (mc == mb && rank(c.position) < rank(best.position)) {
                    *best = c;
                }
            }
        }
    }
    let folded = cx.passed_over_by_officer();
    let several = folded.iter().filter(|(n, _)| *n > 1).count();
    assert!(
        folded.len() > 50 && several > 10,
        "{} officers, {several} in several positions",
        folded.len()
    );
    assert_eq!(folded.to_vec(), expected.into_values().collect::<Vec<_>>());
    assert!(
        std::ptr::eq(folded, cx.passed_over_by_officer()),
        "worked out once"
    );
}

/// An officer placed elsewhere, asked about a seat that pins hold whole:
/// the pins keep them out (they would simply move otherwise), and the
/// answer names the pins, as for an officer placed nowhere.
#[test]
fn pins_holding_a_seat_are_named_for_an_officer_placed_elsewhere() {
    let tmp = tempfile::tempdir().unwrap();
    let data = full_sample_copy(tmp.path());
    std::fs::write(
        data.join("pins.csv"),
        "officer_id,mission_id,role,reason\nCPA-0238,UNMISS,team_leader,board\n",
    )
    .unwrap();
    for officer in ["CPA-0034", "CPA-0004"] {
        let out = run(&["explain", "--data", arg(&data), "--officer", officer]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let answer = text(&out.stdout);
        let line = answer
            .lines()
            .find(|l| l.trim_start().starts_with("UNMISS/team_leader:"))
            .unwrap_or_else(|| panic!("{answer}"));
        assert!(
            line.ends_with(
                "cannot be forced here; binds: pin: pins fill all 1 seat of this position"
            ),
            "{officer}: {line}"
        );
    }
}

/// An officer kept out of an empty seat by both their service's limit and
/// the mission's limit per service is counted under each in
/// `unfilled.csv`: raising one limit alone would not place them (generated
/// dated S seed 3, UNFICYP at most 2 officers per service).
#[test]
fn an_officer_blocked_by_two_limits_is_counted_under_both() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("g");
    generate_into(&data, &["--preset", "S", "--seed", "3", "--time"]);
    let out = tmp.path().join("out");
    let o = run_match(&data, &out, &["--rotations-until", "2028-06-30"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let unfilled = read(&out.join("unfilled.csv"));
    assert!(
        unfilled.contains("UNFICYP,human_rights_officer,11,2,9,41,\"8 eligible placed in other positions; 31 blocked by service_capacity (CPS, EPS, PRP, SPVM, TPS, WPS, YRP); 25 blocked by mission_service_limit (CPS, EPS, SPVM, TPS, WPS)\""),
        "{unfilled}"
    );
}

/// Where the officers already away fill a service's limit on part of a
/// tour, `explain` names those days whole, as alternates.csv and the
/// letters do, not one day its count is checked on.
#[test]
fn officers_already_away_are_named_by_the_days_they_fill() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("services.csv", "service_id,name,sworn_officers,max_deployed\nA,Alpha,100,1\nB,Beta,100,1\n"),
        ("missions.csv", "mission_id,name,start,months\nM1,One,2027-01-01,6\nM2,Two,2027-03-18,6\n"),
        ("positions.csv", "mission_id,role,count\nM1,r,1\nM2,r,1\n"),
        ("officers.csv", "officer_id,name,service_id,gender,rank,years_service,languages\nA1,Officer A1,A,M,sergeant,10,en:C1\nB1,Officer B1,B,M,sergeant,10,en:C1\n"),
        ("deployments.csv", "service_id,officer_id,mission_id,role,start,until\nA,X1,,,,2027-03-31\n"),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let out = run_ok(&["explain", "--data", arg(dir.path()), "--officer", "A1"]);
    let text = text(&out.stdout);
    assert!(
        text.contains("binds: service_capacity: A already has 1 of 1 away from 2027-01-01 to 2027-03-31, before any plan"),
        "{text}"
    );
    assert!(
        text.contains("binds: service_capacity: A already has 1 of 1 away from 2027-03-18 to 2027-03-31, before any plan"),
        "{text}"
    );
}
