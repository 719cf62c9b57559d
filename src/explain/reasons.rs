//! Every reason the program writes, as a type: one enum per kind of
//! reason, each writing its own text here and nowhere else.
//!
//! * [`PassedOverReason`]: why an officer was passed over (`passed_over.csv`,
//!   the report);
//! * [`UnfilledReason`]: why seats stay empty (`unfilled.csv`,
//!   `explain --position`, the report);
//! * [`Binding`]: what keeps an officer out of a position
//!   (`explain --officer`, after `binds:`), and [`PinConflict`]: why the
//!   pins leave no room to force a decision (`recommend`);
//! * [`Cost`]: what a forced decision costs (`explain --officer`,
//!   `recommend`);
//! * [`ChangeReason`]: why an officer's position changed in a re-plan
//!   (`changes.csv`).
//!
//! Reasons hold indices into the instance; `text` writes them with its ids
//! and labels.

use crate::lang::{date_text, num_text, signed_text, Lang, Msg};
use crate::model::{limits, Date, Family, Instance, MissionIx, OfficerIx, PositionIx, ServiceIx};
use crate::rules::{Failure, Rule};
use crate::solve::Level;

/// Days on which a service has no room: `(from, to, officers away)`.
pub type FullSpan = (Date, Date, u32);

/// A limit the plan has filled, keeping an officer out of a seat.
#[derive(Debug, Clone, PartialEq)]
pub enum Full {
    /// Every officer the service releases is placed: for a dated service,
    /// the days (within the tour of the position in question) on which
    /// the plan has `max_deployed` of its officers away; none for an
    /// undated service.
    ServiceCapacity(ServiceIx, Vec<FullSpan>),
    /// The mission holds its limit of officers of the service.
    MissionServiceLimit(MissionIx, ServiceIx),
    /// Both at once: the service has no room (on those days), and the
    /// mission holds its limit of the service's officers; raising one
    /// limit alone would not let the officer in.
    Both(ServiceIx, Vec<FullSpan>, MissionIx),
}

impl Full {
    /// E.g. `service_capacity: S0 is at capacity (1)`, or for a dated
    /// service `service_capacity: S0 has 3 of 3 away from 2027-03-15 to
    /// 2027-06-01`.
    pub fn text(&self, inst: &Instance) -> String {
        self.text_in(inst, Lang::En)
    }

    /// [`Full::text`] in `lang`.
    pub fn text_in(&self, inst: &Instance, lang: Lang) -> String {
        match *self {
            Full::ServiceCapacity(s, ref days) if days.is_empty() => {
                let s = &inst.services[s.0];
                if s.capacity() == 0 {
                    return lang.fill(
                        Msg::FullServiceNobody,
                        &[
                            ("family", &Family::ServiceCapacity.name_in(lang)),
                            ("service", &s.id),
                            ("away", &s.deployed_now),
                            ("limit", &s.max_deployed),
                        ],
                    );
                }
                lang.fill(
                    Msg::FullServiceCapacity,
                    &[
                        ("family", &Family::ServiceCapacity.name_in(lang)),
                        ("service", &s.id),
                        ("capacity", &s.capacity()),
                    ],
                )
            }
            Full::ServiceCapacity(s, ref days) => {
                let s = &inst.services[s.0];
                lang.fill(
                    Msg::FullServiceDays,
                    &[
                        ("family", &Family::ServiceCapacity.name_in(lang)),
                        ("service", &s.id),
                        ("spans", &away_spans(days, s.max_deployed, lang)),
                    ],
                )
            }
            Full::Both(s, ref days, m) => format!(
                "{}{}{}",
                Full::ServiceCapacity(s, days.clone()).text_in(inst, lang),
                lang.semicolon(),
                Full::MissionServiceLimit(m, s).text_in(inst, lang)
            ),
            Full::MissionServiceLimit(m, s) => {
                let m = &inst.missions[m.0];
                lang.fill(
                    Msg::FullMissionServiceLimit,
                    &[
                        ("family", &Family::MissionServiceLimit.name_in(lang)),
                        ("mission", &m.id),
                        ("limit", &m.max_per_service.unwrap_or(0)),
                        ("service", &inst.services[s.0].id),
                    ],
                )
            }
        }
    }
}

/// Days as a sentence says them: `on 2027-03-15`, `from 2027-03-15 to
/// 2027-06-01`, `from 2027-03-15 on`; in French with the days written
/// out (`du 15 mars 2027 au 1er juin 2027`).
pub fn span_text(from: Date, to: Option<Date>, lang: Lang) -> String {
    if lang == Lang::En {
        return limits::span_text(from, to);
    }
    let day = |d: Date| date_text(d, lang);
    match to {
        Some(to) if to == from => lang.fill(Msg::SpanOneDay, &[("day", &day(from))]),
        Some(to) => lang.fill(Msg::SpanDays, &[("from", &day(from)), ("to", &day(to))]),
        None => lang.fill(Msg::SpanFrom, &[("from", &day(from))]),
    }
}

/// Why an eligible officer placed nowhere is not in a seat held by a
/// lower-scored officer (the chosen one).
#[derive(Debug, Clone, PartialEq)]
pub enum PassedOverReason {
    /// The chosen officer is pinned to the seat.
    Pinned {
        /// The officer pinned.
        chosen: OfficerIx,
    },
    /// A limit the swap would break.
    Full(Full),
    /// The swap would raise the Balance shortfall.
    Balance {
        /// The plan's shortfall.
        from: f64,
        /// The shortfall after the swap.
        to: f64,
        /// Whether the mission's shortfall of women rises.
        women: bool,
        /// Whether its shortfall of working-language speakers rises.
        language: bool,
    },
    /// The swap keeps Fill and Balance; the chosen officer's quality here
    /// (score and preference points) against the passed-over officer's
    /// (at least as high in a plan proven the best on quality).
    Quality {
        /// The chosen officer.
        chosen: OfficerIx,
        /// Their quality in the seat.
        chosen_quality: f64,
        /// The officer passed over.
        officer: OfficerIx,
        /// Their quality in the seat.
        officer_quality: f64,
    },
}

impl PassedOverReason {
    /// For a quality reason, how the passed-over officer's quality in the
    /// seat compares with the chosen one's: `Less` (the swap loses),
    /// `Equal` (a tie) or `Greater` (the plan is not the best on quality:
    /// stopped unproven, or a re-plan that keeps officers first); `None`
    /// for the other reasons.
    pub fn officer_against_chosen(&self) -> Option<std::cmp::Ordering> {
        let PassedOverReason::Quality {
            chosen_quality,
            officer_quality,
            ..
        } = self
        else {
            return None;
        };
        Some(if (officer_quality - chosen_quality).abs() < 1e-9 {
            std::cmp::Ordering::Equal
        } else {
            officer_quality.total_cmp(chosen_quality)
        })
    }

    /// Whether a hard constraint forbids the swap (rather than a level).
    pub fn forbids_the_swap(&self) -> bool {
        matches!(
            self,
            PassedOverReason::Pinned { .. } | PassedOverReason::Full(_)
        )
    }

    /// The `reason` column of `passed_over.csv`.
    pub fn text(&self, inst: &Instance) -> String {
        self.text_in(inst, Lang::En)
    }

    /// [`PassedOverReason::text`] in `lang`.
    pub fn text_in(&self, inst: &Instance, lang: Lang) -> String {
        let number = |x: f64| num_text(x, lang);
        match self {
            PassedOverReason::Pinned { chosen } => lang.fill(
                Msg::PassedOverPinned,
                &[
                    ("family", &Family::Pin.name_in(lang)),
                    ("officer", &inst.officers[chosen.0].id),
                ],
            ),
            PassedOverReason::Full(full) => full.text_in(inst, lang),
            PassedOverReason::Balance { from, to, .. } => lang.fill(
                Msg::PassedOverBalance,
                &[
                    ("level", &Level::Balance.name_in(lang)),
                    ("from", &number(*from)),
                    ("to", &number(*to)),
                ],
            ),
            PassedOverReason::Quality {
                chosen,
                chosen_quality,
                officer,
                officer_quality,
            } => lang.fill(
                match self.officer_against_chosen() {
                    Some(std::cmp::Ordering::Greater) => Msg::PassedOverQualityGain,
                    Some(std::cmp::Ordering::Equal) => Msg::PassedOverQualityTie,
                    _ => Msg::PassedOverQuality,
                },
                &[
                    ("level", &Level::Quality.name_in(lang)),
                    ("chosen", &inst.officers[chosen.0].id),
                    ("chosen_quality", &number(*chosen_quality)),
                    ("officer", &inst.officers[officer.0].id),
                    ("officer_quality", &number(*officer_quality)),
                ],
            ),
        }
    }
}

/// Why a position has empty seats.
#[derive(Debug, Clone, PartialEq)]
pub enum UnfilledReason {
    /// No officer is eligible; how many fail each rule.
    NobodyEligible(Vec<(Rule, usize)>),
    /// What keeps each eligible officer out.
    Eligible {
        /// Officers placed in other positions.
        placed_elsewhere: usize,
        /// Officers placed here (all of them, when nothing else keeps a
        /// seat empty: fewer eligible officers than seats).
        placed_here: usize,
        /// The service of each officer whose service is at capacity.
        service_capacity: Vec<ServiceIx>,
        /// The service of each officer whose service has reached the
        /// mission's limit (an officer also at their service's capacity
        /// is in both lists: raising one limit alone would not place them).
        mission_service_limit: Vec<ServiceIx>,
        /// Officers nothing blocks (only in a plan not proven optimal).
        unblocked: usize,
    },
}

impl UnfilledReason {
    /// The `reason` column of `unfilled.csv`, e.g. `3 eligible placed in
    /// other positions; 2 blocked by service_capacity (EPS, WPS)`.
    pub fn text(&self, inst: &Instance) -> String {
        self.text_in(inst, Lang::En)
    }

    /// [`UnfilledReason::text`] in `lang`.
    pub fn text_in(&self, inst: &Instance, lang: Lang) -> String {
        let (placed_elsewhere, placed_here, capacity, limit, unblocked) = match self {
            UnfilledReason::NobodyEligible(funnel) => {
                return lang.fill(
                    Msg::UnfilledNobodyEligible,
                    &[("funnel", &funnel_text(funnel, lang))],
                );
            }
            UnfilledReason::Eligible {
                placed_elsewhere,
                placed_here,
                service_capacity,
                mission_service_limit,
                unblocked,
            } => (
                *placed_elsewhere,
                *placed_here,
                service_capacity,
                mission_service_limit,
                *unblocked,
            ),
        };
        // The ids of the services, sorted, each once.
        let services = |ss: &[ServiceIx]| {
            let mut ids: Vec<&str> = ss.iter().map(|s| inst.services[s.0].id.as_str()).collect();
            ids.sort();
            ids.dedup();
            ids.join(", ")
        };
        let mut parts = Vec::new();
        if placed_elsewhere > 0 {
            parts.push(lang.fill(Msg::UnfilledPlacedElsewhere, &[("n", &placed_elsewhere)]));
        }
        for (blocked, family) in [
            (capacity, Family::ServiceCapacity),
            (limit, Family::MissionServiceLimit),
        ] {
            if !blocked.is_empty() {
                parts.push(lang.fill(
                    Msg::UnfilledBlockedBy,
                    &[
                        ("n", &blocked.len()),
                        ("family", &family.name_in(lang)),
                        ("services", &services(blocked)),
                    ],
                ));
            }
        }
        if unblocked > 0 {
            parts.push(lang.fill(Msg::UnfilledUnblocked, &[("n", &unblocked)]));
        }
        if parts.is_empty() {
            // Every eligible officer holds one of its seats.
            parts.push(lang.fill(Msg::UnfilledAllPlacedHere, &[("n", &placed_here)]));
        }
        parts.join(lang.semicolon())
    }
}

/// `rank fails 12, language fails 30`: the officers failing each rule, or
/// `no officers` when none fails any.
pub fn funnel_text(funnel: &[(Rule, usize)], lang: Lang) -> String {
    let parts: Vec<String> = funnel
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(rule, n)| {
            lang.fill(
                Msg::FunnelRuleFails,
                &[("rule", &rule.name_in(lang)), ("n", n)],
            )
        })
        .collect();
    if parts.is_empty() {
        lang.text(Msg::FunnelNoOfficers).into()
    } else {
        parts.join(", ")
    }
}

/// What keeps an officer out of a position in the match's plan: a hard
/// constraint, or the level that forcing them in would lower.
#[derive(Debug, Clone, PartialEq)]
pub enum Binding {
    /// Placed in this other position, which nobody else can fill.
    LeavesSeatEmpty(PositionIx),
    /// Placed in this other position (one position per officer).
    PlacedElsewhere(PositionIx),
    /// Every seat of the position is pinned.
    SeatsPinned,
    /// A pin holds the seat of this officer, which the one explained
    /// would take at no cost to any level were it not pinned (as
    /// `passed_over.csv` names it).
    HolderPinned(OfficerIx),
    /// A limit the plan has filled.
    Full(Full),
    /// Forcing them in would lose seats.
    Fill,
    /// Forcing them in would raise the shortfall of targets, starting with
    /// this mission's.
    Balance(MissionIx),
    /// Forcing them in would lower Quality.
    Quality,
    /// Nothing: a plan as good on every level places them here (the match
    /// chose between equal plans).
    Tie,
    /// Nothing: placing them here gives a better plan than the one
    /// explained (a plan given, not solved, need not be the best).
    Gain,
    /// The pins leave no room for the decision.
    Pins(PinConflict),
    /// The re-solve with the decision forced stopped in this level before
    /// proving its plan the best (time limit, memory guard): whether it or
    /// a later level binds is not known.
    Unproven(Level),
    /// The match itself stopped in this level before proving its plan the
    /// best, and the re-solve shows no loss before it: nothing binds that
    /// the plan could show.
    MatchUnproven(Level),
}

impl Binding {
    /// The text after `binds:`.
    pub fn text(&self, inst: &Instance) -> String {
        self.text_in(inst, Lang::En)
    }

    /// [`Binding::text`] in `lang`.
    pub fn text_in(&self, inst: &Instance, lang: Lang) -> String {
        match self {
            Binding::LeavesSeatEmpty(q) => lang.fill(
                Msg::BindingLeavesSeatEmpty,
                &[("position", &inst.position_label(*q))],
            ),
            Binding::PlacedElsewhere(q) => lang.fill(
                Msg::BindingPlacedElsewhere,
                &[("position", &inst.position_label(*q))],
            ),
            Binding::SeatsPinned => lang.fill(
                Msg::BindingSeatsPinned,
                &[("family", &Family::Pin.name_in(lang))],
            ),
            Binding::HolderPinned(chosen) => {
                PassedOverReason::Pinned { chosen: *chosen }.text_in(inst, lang)
            }
            Binding::Full(full) => full.text_in(inst, lang),
            Binding::Fill => lang.fill(Msg::BindingFill, &[("level", &Level::Fill.name_in(lang))]),
            Binding::Balance(m) => lang.fill(
                Msg::BindingBalance,
                &[
                    ("level", &Level::Balance.name_in(lang)),
                    ("mission", &inst.missions[m.0].id),
                ],
            ),
            Binding::Quality => lang.fill(
                Msg::BindingQuality,
                &[("level", &Level::Quality.name_in(lang))],
            ),
            Binding::Tie => lang.text(Msg::BindingTie).into(),
            Binding::Gain => lang.text(Msg::BindingGain).into(),
            Binding::Pins(conflict) => conflict.text_in(inst, lang),
            Binding::Unproven(level) => {
                lang.fill(Msg::BindingUnproven, &[("level", &level.name_in(lang))])
            }
            Binding::MatchUnproven(level) => lang.fill(
                Msg::BindingMatchUnproven,
                &[("level", &level.name_in(lang))],
            ),
        }
    }
}

/// Stretches of days with how many are away against `limit`: `1 of 1
/// away from 2027-01-01 to 2027-03-31, 2 of 2 away on 2027-05-01`.
fn away_spans(days: &[FullSpan], limit: u32, lang: Lang) -> String {
    let spans: Vec<String> = days
        .iter()
        .map(|&(from, to, n)| {
            lang.fill(
                Msg::FullAwaySpan,
                &[
                    ("n", &n),
                    ("limit", &limit),
                    ("span", &span_text(from, Some(to), lang)),
                ],
            )
        })
        .collect();
    spans.join(", ")
}

/// Why no plan can place one more officer in a position: the pins already
/// given leave no room, or officers already away do.
#[derive(Debug, Clone, PartialEq)]
pub enum PinConflict {
    /// The officer is pinned elsewhere.
    OfficerPinned {
        /// The officer.
        officer: OfficerIx,
        /// Where they are pinned.
        to: PositionIx,
    },
    /// Pins fill every seat of the position.
    SeatsPinned {
        /// Pins to the position.
        pinned: u32,
    },
    /// Pins place the service's capacity already.
    ServiceCapacity {
        /// The service.
        service: ServiceIx,
        /// Officers of it the pins place.
        pinned: u32,
    },
    /// Officers of the service already away (before any plan) fill its
    /// limit on a day the position's tour covers: no plan can place one
    /// more, pins or not.
    ServiceAway {
        /// The service.
        service: ServiceIx,
        /// For a service counted day by day, each stretch of the tour's
        /// days its officers already away fill its limit, with how many
        /// are away; empty otherwise.
        days: Vec<FullSpan>,
        /// Officers away (the most on one of `days`).
        away: u32,
        /// Its limit (`max_deployed`).
        limit: u32,
    },
    /// Pins place the mission's limit of the service's officers already.
    MissionServiceLimit {
        /// The mission.
        mission: MissionIx,
        /// The service.
        service: ServiceIx,
        /// Officers of the service the pins place in the mission.
        pinned: u32,
    },
}

impl PinConflict {
    /// E.g. `service_capacity: pins already place 2 officers of EPS, its
    /// capacity`.
    pub fn text(&self, inst: &Instance) -> String {
        self.text_in(inst, Lang::En)
    }

    /// [`PinConflict::text`] in `lang`.
    pub fn text_in(&self, inst: &Instance, lang: Lang) -> String {
        match *self {
            PinConflict::OfficerPinned { officer, to } => lang.fill(
                Msg::PinConflictOfficerPinned,
                &[
                    ("family", &Family::Pin.name_in(lang)),
                    ("officer", &inst.officers[officer.0].id),
                    ("position", &inst.position_label(to)),
                ],
            ),
            PinConflict::SeatsPinned { pinned } => lang.fill(
                Msg::PinConflictSeatsPinned,
                &[("family", &Family::Pin.name_in(lang)), ("n", &pinned)],
            ),
            PinConflict::ServiceCapacity { service, pinned } => lang.fill(
                Msg::PinConflictServiceCapacity,
                &[
                    ("family", &Family::ServiceCapacity.name_in(lang)),
                    ("n", &pinned),
                    ("service", &inst.services[service.0].id),
                ],
            ),
            PinConflict::ServiceAway {
                service,
                ref days,
                away,
                limit,
            } => {
                let family = Family::ServiceCapacity.name_in(lang);
                let service = &inst.services[service.0].id;
                if days.is_empty() {
                    return lang.fill(
                        Msg::PinConflictServiceAway,
                        &[
                            ("family", &family),
                            ("service", service),
                            ("away", &away),
                            ("limit", &limit),
                        ],
                    );
                }
                lang.fill(
                    Msg::PinConflictServiceAwayOn,
                    &[
                        ("family", &family),
                        ("service", service),
                        ("spans", &away_spans(days, limit, lang)),
                    ],
                )
            }
            PinConflict::MissionServiceLimit {
                mission,
                service,
                pinned,
            } => lang.fill(
                Msg::PinConflictMissionServiceLimit,
                &[
                    ("family", &Family::MissionServiceLimit.name_in(lang)),
                    ("n", &pinned),
                    ("service", &inst.services[service.0].id),
                    ("mission", &inst.missions[mission.0].id),
                ],
            ),
        }
    }
}

/// How a cost in a level some solve stopped in bounds the exact one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// The re-solve stopped: the best plan with the decision is at least
    /// as good, so the exact cost is at most this.
    AtWorst,
    /// The match stopped: its own plan may be beaten, so the exact cost is
    /// at least this (the change shown, a gain or a loss, at best).
    AtBest,
    /// Both stopped there: no bound either way.
    None,
}

/// What a forced plan costs against the match's, level by level (against
/// a plan given with `explain --plan`, forcing may also gain: negative).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cost {
    /// Seats lost.
    pub seats: i64,
    /// Fill lost.
    pub fill: f64,
    /// Shortfall added (Balance).
    pub shortfall: f64,
    /// Quality lost.
    pub quality: f64,
}

impl Cost {
    /// The cost level by level, Fill lost, then shortfall added, then
    /// Quality lost, in millionths (so values equal but for the solver's
    /// rounding compare equal): sorting by it puts the least costly first.
    pub fn rank(&self) -> [i64; 3] {
        let micro = |x: f64| (x * 1e6).round() as i64;
        [micro(self.fill), micro(self.shortfall), micro(self.quality)]
    }

    /// E.g. `1 seat lost (fill −2), shortfall +0.5, quality −14`, or
    /// `no cost (an equally good plan)`.
    pub fn text(&self) -> String {
        self.text_in(Lang::En)
    }

    /// [`Cost::text`] in `lang`.
    pub fn text_in(&self, lang: Lang) -> String {
        self.text_until(None, lang)
    }

    /// The cost of a re-solve that stopped in level `stopped` before
    /// proving its plan the best: the levels before it exact, its own cost
    /// `at worst` (the best plan with the decision is at least as good
    /// there), the levels after it left out (not measured). With `None`,
    /// [`Cost::text_in`].
    pub fn text_until(&self, stopped: Option<Level>, lang: Lang) -> String {
        self.text_stopped(stopped.map(|level| (level, Bound::AtWorst)), lang)
    }

    /// [`Cost::text_until`] with the stopped level's cost shown as
    /// `bound` says: `at worst` (the re-solve stopped), `at best` (the
    /// match itself stopped, so its plan may be beaten there), or `not
    /// measured` (both stopped there: no bound either way).
    pub fn text_stopped(&self, stopped: Option<(Level, Bound)>, lang: Lang) -> String {
        let Some((level, bound)) = stopped else {
            return self.parts(lang);
        };
        let exact = Cost {
            seats: if level == Level::Fill { 0 } else { self.seats },
            fill: if level == Level::Fill { 0.0 } else { self.fill },
            // Balance is exact where the stop came after it.
            shortfall: if matches!(level, Level::Quality | Level::Keep) {
                self.shortfall
            } else {
                0.0
            },
            quality: 0.0,
        };
        let bounded = match level {
            Level::Fill => lang.fill(Msg::CostFill, &[("change", &signed_text(-self.fill, lang))]),
            Level::Balance => lang.fill(
                Msg::CostShortfall,
                &[("change", &signed_text(self.shortfall, lang))],
            ),
            Level::Quality | Level::Keep => lang.fill(
                Msg::CostQuality,
                &[("change", &signed_text(-self.quality, lang))],
            ),
        };
        let bounded = match bound {
            // A stop in Keep (before Quality) leaves Quality unmeasured.
            _ if level == Level::Keep => lang.fill(
                Msg::CostNotMeasured,
                &[("level", &Level::Quality.name_in(lang))],
            ),
            Bound::AtWorst => lang.fill(Msg::CostAtWorst, &[("cost", &bounded)]),
            Bound::AtBest => lang.fill(Msg::CostAtBest, &[("cost", &bounded)]),
            Bound::None => lang.fill(Msg::CostNotMeasured, &[("level", &level.name_in(lang))]),
        };
        if exact.is_none() {
            bounded
        } else {
            format!("{}, {bounded}", exact.parts(lang))
        }
    }

    /// Whether nothing changes.
    fn is_none(&self) -> bool {
        self.seats == 0
            && self.fill.abs() <= 1e-9
            && self.shortfall.abs() <= 1e-9
            && self.quality.abs() <= 1e-9
    }

    /// Every non-zero part, or `no cost`.
    fn parts(&self, lang: Lang) -> String {
        let mut parts = Vec::new();
        if self.fill.abs() > 1e-9 || self.seats != 0 {
            let n = self.seats.unsigned_abs() as usize;
            let msg = match self.seats {
                // As many seats filled, of other priorities.
                0 => Msg::CostFillOnly,
                1.. => lang.plural(n, Msg::CostSeatLost, Msg::CostSeatsLost),
                _ => lang.plural(n, Msg::CostSeatGained, Msg::CostSeatsGained),
            };
            parts.push(lang.fill(msg, &[("n", &n), ("fill", &signed_text(-self.fill, lang))]));
        }
        if self.shortfall.abs() > 1e-9 {
            parts.push(lang.fill(
                Msg::CostShortfall,
                &[("change", &signed_text(self.shortfall, lang))],
            ));
        }
        if self.quality.abs() > 1e-9 {
            parts.push(lang.fill(
                Msg::CostQuality,
                &[("change", &signed_text(-self.quality, lang))],
            ));
        }
        if parts.is_empty() {
            lang.text(Msg::CostNone).into()
        } else {
            parts.join(", ")
        }
    }
}

/// Why an officer's position in a re-plan differs from the previous plan.
#[derive(Debug, Clone, PartialEq)]
pub enum ChangeReason {
    /// The officer no longer meets the rules of their previous position.
    NoLongerEligible {
        /// The previous position.
        position: PositionIx,
        /// The rules failed now.
        failures: Vec<Failure>,
    },
    /// The officer is pinned to their new position, with the board's
    /// reason (pins.csv `reason`; may be empty).
    Pinned {
        /// The position.
        position: PositionIx,
        /// Why the board pinned the officer there.
        reason: String,
    },
    /// Placed in a seat the previous plan left empty.
    FillsEmptySeat(PositionIx),
    /// Placed in the seat other officers left.
    FillsSeatLeftBy {
        /// The position.
        position: PositionIx,
        /// The ids of the officers who left it (moved, dropped or gone).
        officers: Vec<String>,
    },
    /// The previous plan breaks a hard limit under the files as they are
    /// now (a seat count, a service's or a mission's limit lowered, a pin
    /// taking a place), and the officer is one of those over it; the text
    /// says which limit, by how much.
    NoLongerFits(String),
    /// No plan that keeps Fill and Balance at their optima keeps more of
    /// the previous plan.
    KeepsFillAndBalance,
    /// The re-plan stopped (a time limit, a Ctrl-C) in this level, Fill,
    /// Balance or Keep, before proving that no plan keeps more: the change
    /// is the plan found's, not shown to be needed.
    Unproven(crate::solve::Level),
    /// The previous plan's officer or position is no longer in the files.
    Gone {
        /// What is missing.
        why: String,
    },
}

impl ChangeReason {
    /// The `reason` column of `changes.csv` (file contents are English
    /// whatever the language of the reports).
    pub fn text(&self, inst: &Instance) -> String {
        let lang = Lang::En;
        match self {
            ChangeReason::NoLongerEligible { position, failures } => {
                let why: Vec<String> = failures.iter().map(ToString::to_string).collect();
                lang.fill(
                    Msg::ChangeNoLongerEligible,
                    &[
                        ("position", &inst.position_label(*position)),
                        ("failures", &why.join("; ")),
                    ],
                )
            }
            ChangeReason::Pinned { position, reason } if reason.is_empty() => lang.fill(
                Msg::ChangePinned,
                &[("position", &inst.position_label(*position))],
            ),
            ChangeReason::Pinned { position, reason } => lang.fill(
                Msg::ChangePinnedBecause,
                &[
                    ("position", &inst.position_label(*position)),
                    ("reason", reason),
                ],
            ),
            ChangeReason::FillsEmptySeat(p) => lang.fill(
                Msg::ChangeFillsEmptySeat,
                &[("position", &inst.position_label(*p))],
            ),
            ChangeReason::FillsSeatLeftBy { position, officers } => lang.fill(
                Msg::ChangeFillsSeatLeftBy,
                &[
                    ("position", &inst.position_label(*position)),
                    ("officers", &officers.join(", ")),
                ],
            ),
            ChangeReason::NoLongerFits(text) => text.clone(),
            ChangeReason::KeepsFillAndBalance => lang.text(Msg::ChangeKeepsFillAndBalance).into(),
            ChangeReason::Gone { why } => lang.fill(Msg::ChangeGone, &[("why", why)]),
            ChangeReason::Unproven(level) => {
                lang.fill(Msg::ChangeUnproven, &[("level", &level.name())])
            }
        }
    }
}

/// What calling a standby officer up for a seat does on its own (see
/// [`super::Context::call_up`]).
#[derive(Debug, Clone, PartialEq)]
pub enum CallUp {
    /// The seat is empty and nothing stops the officer.
    EmptySeat,
    /// The officer holds this other seat, which calling them up empties.
    LeavesSeat(PositionIx),
    /// A limit stops the officer (their service, the mission's limit of
    /// their service, or every seat pinned).
    Blocked(Binding),
    /// Replacing this holder raises the shortfall of the targets.
    RaisesShortfall {
        /// The holder replaced.
        replaces: OfficerIx,
        /// Total shortfall now.
        from: f64,
        /// After the swap.
        to: f64,
    },
    /// Replacing this holder keeps Fill and Balance; Quality changes by
    /// `quality`.
    Replaces {
        /// The holder replaced.
        replaces: OfficerIx,
        /// Quality of the officer minus that of the holder here.
        quality: f64,
    },
}

impl CallUp {
    /// The level calling up costs: `none`, `fill`, `balance` or `blocked`.
    pub fn costs(&self) -> &'static str {
        match self {
            CallUp::EmptySeat | CallUp::Replaces { .. } => "none",
            CallUp::LeavesSeat(_) => "fill",
            CallUp::RaisesShortfall { .. } => "balance",
            CallUp::Blocked(_) => "blocked",
        }
    }

    /// The fact in words (alternates.csv `call_up_note`).
    pub fn text(&self, inst: &Instance) -> String {
        self.text_in(inst, Lang::En)
    }

    /// [`CallUp::text`] in `lang`.
    pub fn text_in(&self, inst: &Instance, lang: Lang) -> String {
        match self {
            CallUp::EmptySeat => lang.text(Msg::CallUpEmptySeat).into(),
            CallUp::LeavesSeat(q) => lang.fill(
                Msg::CallUpLeavesSeat,
                &[("position", &inst.position_label(*q))],
            ),
            CallUp::Blocked(binding) => lang.fill(
                Msg::CallUpBlocked,
                &[("binding", &binding.text_in(inst, lang))],
            ),
            CallUp::RaisesShortfall { replaces, from, to } => lang.fill(
                Msg::CallUpRaisesShortfall,
                &[
                    ("officer", &inst.officers[replaces.0].id),
                    ("from", &num_text(*from, lang)),
                    ("to", &num_text(*to, lang)),
                ],
            ),
            CallUp::Replaces { replaces, quality } => {
                let change = match lang {
                    Lang::En if *quality < 0.0 => num_text(*quality, lang),
                    _ => signed_text(*quality, lang),
                };
                lang.fill(
                    Msg::CallUpReplaces,
                    &[
                        ("officer", &inst.officers[replaces.0].id),
                        ("change", &change),
                    ],
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As many seats filled, of lower priority: the fill is said without
    /// a "0 seats lost" that reads as no loss.
    #[test]
    fn a_cost_in_priority_alone_does_not_say_no_seat_lost() {
        let cost = |seats, fill| Cost {
            seats,
            fill,
            shortfall: 0.0,
            quality: 0.0,
        };
        assert_eq!(
            cost(0, 2.0).parts(Lang::En),
            "fill −2 (as many seats, of other priorities)"
        );
        assert_eq!(cost(1, 3.0).parts(Lang::En), "1 seat lost (fill −3)");
        assert_eq!(
            cost(0, 2.0).parts(Lang::Fr),
            "places −2 (autant de places, d'autres priorités)"
        );
    }
}
