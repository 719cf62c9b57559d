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

use crate::format::num;
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
}

impl Full {
    /// E.g. `service_capacity: S0 is at capacity (1)`, or for a dated
    /// service `service_capacity: S0 has 3 of 3 away from 2027-03-15 to
    /// 2027-06-01`.
    pub fn text(&self, inst: &Instance) -> String {
        match *self {
            Full::ServiceCapacity(s, ref days) if days.is_empty() => {
                let s = &inst.services[s.0];
                format!(
                    "{}: {} is at capacity ({})",
                    Family::ServiceCapacity,
                    s.id,
                    s.capacity()
                )
            }
            Full::ServiceCapacity(s, ref days) => {
                let s = &inst.services[s.0];
                let spans: Vec<String> = days
                    .iter()
                    .map(|&(from, to, n)| {
                        format!(
                            "{n} of {} away {}",
                            s.max_deployed,
                            limits::span_text(from, Some(to))
                        )
                    })
                    .collect();
                format!(
                    "{}: {} has {}",
                    Family::ServiceCapacity,
                    s.id,
                    spans.join(", ")
                )
            }
            Full::MissionServiceLimit(m, s) => {
                let m = &inst.missions[m.0];
                format!(
                    "{}: {} already has {} officers of {}",
                    Family::MissionServiceLimit,
                    m.id,
                    m.max_per_service.unwrap_or(0),
                    inst.services[s.0].id
                )
            }
        }
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
    },
    /// The chosen officer's quality here (score and preference points) is
    /// at least the passed-over officer's.
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
    /// Whether a hard constraint forbids the swap (rather than a level).
    pub fn forbids_the_swap(&self) -> bool {
        matches!(
            self,
            PassedOverReason::Pinned { .. } | PassedOverReason::Full(_)
        )
    }

    /// The `reason` column of `passed_over.csv`.
    pub fn text(&self, inst: &Instance) -> String {
        match self {
            PassedOverReason::Pinned { chosen } => format!(
                "{}: {} is pinned to this position",
                Family::Pin,
                inst.officers[chosen.0].id
            ),
            PassedOverReason::Full(full) => full.text(inst),
            PassedOverReason::Balance { from, to } => format!(
                "{}: the swap would raise the gender/language shortfall from {} to {}",
                Level::Balance.name(),
                num(*from),
                num(*to)
            ),
            PassedOverReason::Quality {
                chosen,
                chosen_quality,
                officer,
                officer_quality,
            } => format!(
                "{}: with preference points {} scores {} here, {} scores {}",
                Level::Quality.name(),
                inst.officers[chosen.0].id,
                num(*chosen_quality),
                inst.officers[officer.0].id,
                num(*officer_quality)
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
        /// The service of each officer whose service is at capacity.
        service_capacity: Vec<ServiceIx>,
        /// The service of each officer whose service has reached the
        /// mission's limit.
        mission_service_limit: Vec<ServiceIx>,
        /// Officers nothing blocks (only in a plan not proven optimal).
        unblocked: usize,
    },
}

impl UnfilledReason {
    /// The `reason` column of `unfilled.csv`, e.g. `3 eligible placed in
    /// other positions; 2 blocked by service_capacity (EPS, WPS)`.
    pub fn text(&self, inst: &Instance) -> String {
        let (placed_elsewhere, capacity, limit, unblocked) = match self {
            UnfilledReason::NobodyEligible(funnel) => {
                return format!("no eligible candidate ({})", funnel_text(funnel));
            }
            UnfilledReason::Eligible {
                placed_elsewhere,
                service_capacity,
                mission_service_limit,
                unblocked,
            } => (
                *placed_elsewhere,
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
            parts.push(format!(
                "{placed_elsewhere} eligible placed in other positions"
            ));
        }
        if !capacity.is_empty() {
            parts.push(format!(
                "{} blocked by {} ({})",
                capacity.len(),
                Family::ServiceCapacity,
                services(capacity)
            ));
        }
        if !limit.is_empty() {
            parts.push(format!(
                "{} blocked by {} ({})",
                limit.len(),
                Family::MissionServiceLimit,
                services(limit)
            ));
        }
        if unblocked > 0 {
            parts.push(format!(
                "{unblocked} not placed although nothing blocks them (plan not proven optimal)"
            ));
        }
        parts.join("; ")
    }
}

/// `rank fails 12, language fails 30`: the officers failing each rule, or
/// `no officers` when none fails any.
pub fn funnel_text(funnel: &[(Rule, usize)]) -> String {
    let parts: Vec<String> = funnel
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(rule, n)| format!("{rule} fails {n}"))
        .collect();
    if parts.is_empty() {
        "no officers".into()
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
    /// A limit the plan has filled.
    Full(Full),
    /// Forcing them in would lose seats.
    Fill,
    /// Forcing them in would raise the shortfall of targets, starting with
    /// this mission's.
    Balance(MissionIx),
    /// Forcing them in would lower Quality.
    Quality,
    /// The pins leave no room for the decision.
    Pins(PinConflict),
}

impl Binding {
    /// The text after `binds:`.
    pub fn text(&self, inst: &Instance) -> String {
        match self {
            Binding::LeavesSeatEmpty(q) => format!(
                "placed in {}; moving them leaves a seat there that nobody else can fill",
                inst.position_label(*q)
            ),
            Binding::PlacedElsewhere(q) => format!(
                "placed in {} (one position per officer)",
                inst.position_label(*q)
            ),
            Binding::SeatsPinned => {
                format!("{}: every seat of this position is pinned", Family::Pin)
            }
            Binding::Full(full) => full.text(inst),
            Binding::Fill => format!(
                "{}: the seats it would cost are filled in the plan",
                Level::Fill.name()
            ),
            Binding::Balance(m) => format!(
                "{}: the gender/language targets of {} and the missions it touches",
                Level::Balance.name(),
                inst.missions[m.0].id
            ),
            Binding::Quality => format!(
                "{}: the officers chosen score higher in total",
                Level::Quality.name()
            ),
            Binding::Pins(conflict) => conflict.text(inst),
        }
    }
}

/// Why the pins already given leave no room for pinning one more officer
/// to a position.
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
        match *self {
            PinConflict::OfficerPinned { officer, to } => format!(
                "{}: {} is pinned to {}",
                Family::Pin,
                inst.officers[officer.0].id,
                inst.position_label(to)
            ),
            PinConflict::SeatsPinned { pinned } => {
                format!(
                    "{}: pins fill all {pinned} seat(s) of this position",
                    Family::Pin
                )
            }
            PinConflict::ServiceCapacity { service, pinned } => format!(
                "{}: pins already place {pinned} officers of {}, its capacity",
                Family::ServiceCapacity,
                inst.services[service.0].id
            ),
            PinConflict::MissionServiceLimit {
                mission,
                service,
                pinned,
            } => format!(
                "{}: pins already place {pinned} officers of {} in {}",
                Family::MissionServiceLimit,
                inst.services[service.0].id,
                inst.missions[mission.0].id
            ),
        }
    }
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
    /// E.g. `1 seat lost (fill −2), shortfall +0.5, quality −14`, or
    /// `no cost (an equally good plan)`.
    pub fn text(&self) -> String {
        let mut parts = Vec::new();
        if self.fill.abs() > 1e-9 || self.seats != 0 {
            let noun = if self.seats.abs() == 1 {
                "seat"
            } else {
                "seats"
            };
            let (n, way) = if self.seats >= 0 {
                (self.seats, "lost")
            } else {
                (-self.seats, "gained")
            };
            parts.push(format!("{n} {noun} {way} (fill {})", signed(-self.fill)));
        }
        if self.shortfall.abs() > 1e-9 {
            parts.push(format!("shortfall {}", signed(self.shortfall)));
        }
        if self.quality.abs() > 1e-9 {
            parts.push(format!("quality {}", signed(-self.quality)));
        }
        if parts.is_empty() {
            "no cost (an equally good plan)".into()
        } else {
            parts.join(", ")
        }
    }
}

/// `+3`, `−2.5` (a true minus sign), for changes.
fn signed(x: f64) -> String {
    if x < 0.0 {
        format!("−{}", num(-x))
    } else {
        format!("+{}", num(x))
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
    /// No plan that keeps Fill and Balance at their optima keeps more of
    /// the previous plan.
    KeepsFillAndBalance,
    /// The previous plan's officer or position is no longer in the files.
    Gone {
        /// What is missing.
        why: String,
    },
}

impl ChangeReason {
    /// The `reason` column of `changes.csv`.
    pub fn text(&self, inst: &Instance) -> String {
        match self {
            ChangeReason::NoLongerEligible { position, failures } => {
                let why: Vec<String> = failures.iter().map(ToString::to_string).collect();
                format!(
                    "no longer eligible for {}: {}",
                    inst.position_label(*position),
                    why.join("; ")
                )
            }
            ChangeReason::Pinned { position, reason } if reason.is_empty() => {
                format!("pinned to {}", inst.position_label(*position))
            }
            ChangeReason::Pinned { position, reason } => {
                format!("pinned to {}: {reason}", inst.position_label(*position))
            }
            ChangeReason::FillsEmptySeat(p) => format!(
                "fills a seat of {} the previous plan left empty",
                inst.position_label(*p)
            ),
            ChangeReason::FillsSeatLeftBy { position, officers } => format!(
                "fills the seat of {} left by {}",
                inst.position_label(*position),
                officers.join(", ")
            ),
            ChangeReason::KeepsFillAndBalance => "needed to keep Fill and Balance at their optima (no plan there keeps more of the previous plan)".into(),
            ChangeReason::Gone { why } => format!("gone from the files: {why}"),
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

    /// The fact in words.
    pub fn text(&self, inst: &Instance) -> String {
        match self {
            CallUp::EmptySeat => "takes an empty seat".into(),
            CallUp::LeavesSeat(q) => format!(
                "placed in {}: calling them up leaves that seat empty",
                inst.position_label(*q)
            ),
            CallUp::Blocked(binding) => format!("blocked: {}", binding.text(inst)),
            CallUp::RaisesShortfall { replaces, from, to } => format!(
                "replacing {} would raise the gender/language shortfall from {} to {}",
                inst.officers[replaces.0].id,
                num(*from),
                num(*to)
            ),
            CallUp::Replaces { replaces, quality } => format!(
                "replaces {}, keeping Fill and Balance (quality {}{})",
                inst.officers[replaces.0].id,
                if *quality >= 0.0 { "+" } else { "" },
                num(*quality)
            ),
        }
    }
}
