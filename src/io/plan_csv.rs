//! Reading a plan CSV (the engine's `assignments.csv`, possibly edited by
//! hand): only `officer_id`, `mission_id` and `role` are read.

use super::table::{Schema, Sink, Table};
use crate::error::InputErrors;
use crate::model::{Instance, OfficerIx};
use crate::plan::Plan;
use std::collections::HashMap;
use std::path::Path;

/// Reads a plan and resolves its ids against `inst`. Unknown ids are input
/// errors with their line; repeats are kept so that `verify` reports them.
pub fn read_plan(inst: &Instance, path: &Path) -> Result<Plan, InputErrors> {
    let mut sink = Sink::default();
    let schema = Schema {
        required: &["officer_id", "mission_id", "role"],
        optional: &[
            "name",
            "service_id",
            "gender",
            "rank",
            "score",
            "preference_rank",
            "pinned",
            "quality",
        ],
    };
    let officers: HashMap<&str, usize> = inst
        .officers
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.as_str(), i))
        .collect();
    let mut pairs = Vec::new();
    if let Some(table) = Table::read(path, &mut sink, &schema) {
        for row in table.rows() {
            let (Some(o), Some(m), Some(role)) = (
                row.required(&mut sink, "officer_id"),
                row.required(&mut sink, "mission_id"),
                row.required(&mut sink, "role"),
            ) else {
                continue;
            };
            let Some(&o) = officers.get(o) else {
                row.error(
                    &mut sink,
                    "officer_id",
                    "unknown officer: not in officers.csv",
                );
                continue;
            };
            match inst.find_position(m, role) {
                Some(p) => pairs.push((OfficerIx(o), p)),
                None => row.error(
                    &mut sink,
                    "role",
                    format!("no position {m}/{role} in positions.csv"),
                ),
            }
        }
    }
    if sink.errors.is_empty() {
        Ok(Plan::new(inst, pairs))
    } else {
        Err(InputErrors(sink.errors))
    }
}
