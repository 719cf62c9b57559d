//! What-if scenarios: named lists of changes to the baseline data, read
//! from a spreadsheet-friendly CSV and applied to a copy of the instance.
//!
//! One change per row: `scenario,target,id,field,value`, for example
//!
//! ```text
//! scenario,target,id,field,value
//! toronto+5,service,TPS,max_deployed,+5
//! women30,mission,*,min_women_share,0.3
//! close-binuh,mission,BINUH,close,
//! withdrawals,officer,CPA-0001,withdraw,
//! ```
//!
//! Rows with the same scenario name form one scenario, in file order.
//!
//! Files: `mod.rs` the changes a scenario can make; `read.rs` the file
//! (and `--sweep`) read and checked; `warnings.rs` what reads but is
//! likely a mistake; `apply.rs` a scenario applied to a copy of the
//! baseline, with the pins it drops and the eligible pairs after it;
//! `pins.rs` whether the pins still hold.

use crate::io::table::{list, parse_bool, Whole, OFFICERS, YEARS};
use crate::model::ServiceIx;
use crate::model::{Date, LangReq, MissionIx, OfficerIx, PositionIx, Rank};

mod apply;
mod pins;
mod read;
mod warnings;

pub use apply::*;
pub use pins::*;
pub use read::*;
pub use warnings::*;

/// One named scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Its name (also its output folder).
    pub name: String,
    /// Its changes, in file order.
    pub changes: Vec<Change>,
    /// The line of the scenario file each change comes from (0 where
    /// none does: a `serve` session's decisions), for messages.
    pub lines: Vec<u64>,
}

/// A position's seats in a scenario: 0 takes them all away.
const SEATS_OR_NONE: Whole = crate::io::table::whole!(0, 10_000);

/// A whole number set, or moved by an amount.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Amount {
    /// `N`
    Set(u32),
    /// `+N` or `-N`
    Add(i64),
}

impl Amount {
    /// `N` within `whole`, or `+N` / `-N` with `N` at most its largest.
    fn parse(text: &str, whole: Whole) -> Option<Amount> {
        if text.starts_with('+') || text.starts_with('-') {
            text.parse::<i64>()
                .ok()
                .filter(|d| d.unsigned_abs() <= u64::from(whole.max))
                .map(Amount::Add)
        } else {
            whole.parse(text).map(Amount::Set)
        }
    }

    fn apply(self, to: u32) -> u32 {
        match self {
            Amount::Set(n) => n,
            // `to` and `d` are each within their column's range: no overflow.
            Amount::Add(d) => (i64::from(to) + d).max(0) as u32,
        }
    }
}

/// One change of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A service's `max_deployed`.
    MaxDeployed(Vec<ServiceIx>, Amount),
    /// A service's `deployed_now`.
    DeployedNow(Vec<ServiceIx>, Amount),
    /// A service's `max_deployed` becomes `floor(sworn_officers × share)`
    /// (with `*`: the services whose `max_deployed` was derived).
    ReleaseShare(Vec<ServiceIx>, f64),
    /// A mission's `min_women_share`.
    WomenShare(Vec<MissionIx>, f64),
    /// A mission's `min_language_share` (the mission must have a language).
    LanguageShare(Vec<MissionIx>, f64),
    /// A mission's `max_per_service` (`None`: no limit).
    MaxPerService(Vec<MissionIx>, Option<u32>),
    /// A mission closes: its positions get no seats.
    Close(Vec<MissionIx>),
    /// A mission's tour starts on another date (same length).
    Start(Vec<MissionIx>, Date),
    /// A mission's tour lasts another number of months.
    Months(Vec<MissionIx>, u32),
    /// A position's own tour starts on another date (same length).
    PositionStart(Vec<PositionIx>, Date),
    /// A position's own tour lasts another number of months.
    PositionMonths(Vec<PositionIx>, u32),
    /// More officers of a service away (rows added to deployments.csv).
    Away(Vec<ServiceIx>, Away),
    /// The rotations are planned until another day: the successor seats
    /// are derived again from the positions of positions.csv.
    RotationsUntil(Date),
    /// A position's `count`.
    Count(Vec<PositionIx>, Amount),
    /// A position's `priority`.
    Priority(Vec<PositionIx>, f64),
    /// One of a position's requirements.
    Requirement(Vec<PositionIx>, Requirement),
    /// An officer withdraws: eligible nowhere.
    Withdraw(OfficerIx),
    /// An officer is excluded from a mission.
    Exclude(OfficerIx, MissionIx),
    /// An officer is pinned to a position: one of the baseline's, or a
    /// successor seat past them that the scenario's own `rotations_until`
    /// plans (its index among the scenario's seats).
    Pin(OfficerIx, PositionIx),
}

/// `+N:START:UNTIL`: N more officers of a service away from START (empty:
/// already away) to UNTIL, like N rows of deployments.csv.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Away {
    /// Officers (≥ 1).
    pub officers: u32,
    /// First day away; `None`: already away.
    pub start: Option<Date>,
    /// Last day away.
    pub until: Date,
}

impl Away {
    /// The value `+N:START:UNTIL`, or what is wrong with it.
    fn parse(text: &str) -> Result<Away, String> {
        let most = OFFICERS.max;
        let form = format!("expected +N:START:UNTIL for service away: N (1 to {most}) more officers away from START to UNTIL (dates YYYY-MM-DD; START empty: already away), e.g. +2:2027-03-01:2027-06-30");
        let parts: Vec<&str> = text.split(':').collect();
        let &[n, start, until] = parts.as_slice() else {
            return Err(form);
        };
        let officers = n
            .strip_prefix('+')
            .and_then(|n| OFFICERS.parse(n))
            .filter(|&n| n >= 1)
            .ok_or_else(|| format!("'{n}' is not +N with N from 1 to {most}: {form}"))?;
        let date = |d: &str| {
            Date::parse(d).ok_or_else(|| format!("'{d}' is not a date YYYY-MM-DD: {form}"))
        };
        let start = match start {
            "" => None,
            d => Some(date(d)?),
        };
        let until = date(until)?;
        if let Some(start) = start.filter(|&s| until < s) {
            return Err(format!("until {until} is before start {start}"));
        }
        Ok(Away {
            officers,
            start,
            until,
        })
    }
}

/// A position requirement, as written in positions.csv.
#[derive(Debug, Clone, PartialEq)]
pub enum Requirement {
    /// `min_rank` (`None`: any rank).
    MinRank(Option<Rank>),
    /// `min_years` (`None`: any).
    MinYears(Option<u32>),
    /// `languages`, e.g. `en:B2;fr:B1`.
    Languages(Vec<LangReq>),
    /// `skills`, e.g. `investigation;gender_advisor`.
    Skills(Vec<String>),
    /// `leadership`, yes or no.
    Leadership(bool),
}

impl Requirement {
    /// The requirement named `field` with its value, if both are valid;
    /// `Err` says what the value should be.
    fn parse(field: &str, value: &str) -> Option<Result<Requirement, &'static str>> {
        let need = |ok: Option<Requirement>, expected| Some(ok.ok_or(expected));
        match field {
            "min_rank" if value.is_empty() => Some(Ok(Requirement::MinRank(None))),
            "min_rank" => need(
                Rank::parse(value).map(|r| Requirement::MinRank(Some(r))),
                crate::io::load::RANK_OR_NOTHING,
            ),
            "min_years" if value.is_empty() => Some(Ok(Requirement::MinYears(None))),
            "min_years" => need(
                YEARS.parse(value).map(|n| Requirement::MinYears(Some(n))),
                "a whole number from 0 to 100, or nothing",
            ),
            "languages" => need(
                list(value)
                    .map(crate::io::load::parse_lang_req)
                    .collect::<Option<Vec<_>>>()
                    .map(Requirement::Languages),
                "languages such as en:B2;fr:B1, or nothing",
            ),
            "skills" if value.contains(',') => Some(Err("skills separated by ';', or nothing")),
            "skills" => Some(Ok(Requirement::Skills(
                list(value).map(crate::io::table::skill_key).collect(),
            ))),
            "leadership" => need(
                parse_bool(value).map(Requirement::Leadership),
                crate::io::table::BOOL_EXPECTED,
            ),
            _ => None,
        }
    }
}
