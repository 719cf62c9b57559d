//! Why the plan is what it is, in two kinds of answer:
//!
//! * [`facts`]: facts read off a plan — why seats stay empty, why an
//!   eligible, higher-scored officer was passed over, how many candidates
//!   each eligibility rule removes (`unfilled.csv`, `passed_over.csv`, the
//!   report's funnel);
//! * [`forced`]: what a decision would cost, by re-solving the whole model
//!   with it forced — `explain --officer`, `explain --position`,
//!   `recommend` and the value of one more released officer.
//!
//! Both give their answers as the types of [`reasons`], one enum per kind
//! of reason, which write every reason's text.

pub mod facts;
pub mod forced;
pub mod reasons;

pub use facts::{funnel, Context, PassedOver};
pub use forced::{
    capacity_values, cost, cost_text, force, force_all, officer, position, proven, recommend,
    stop_bound, CapacityValue, Forced, ForcedPlan, Move,
};
pub use reasons::{
    Binding, Bound, CallUp, ChangeReason, Cost, Full, FullSpan, PassedOverReason, PinConflict,
    UnfilledReason,
};
