//! Why the plan is what it is, in two kinds of answer:
//!
//! * [`reasons`]: facts read off a plan — why seats stay empty, why an
//!   eligible, higher-scored officer was passed over, how many candidates
//!   each eligibility rule removes (`unfilled.csv`, `passed_over.csv`, the
//!   report's funnel);
//! * [`forced`]: what a decision would cost, by re-solving the whole model
//!   with it forced — `explain --officer`, `explain --position`,
//!   `recommend` and the value of one more released officer.
//!
//! Both give their answers as the types of [`why`], which write every
//! reason's text.

pub mod forced;
pub mod reasons;
pub mod why;

pub use forced::{
    capacity_values, cost, force, force_all, officer, position, recommend, CapacityValue, Forced,
    ForcedPlan, Move,
};
pub use reasons::{funnel, Context, PassedOver};
pub use why::{Binding, ChangeReason, Cost, Full, PassedOverReason, PinConflict, UnfilledReason};
