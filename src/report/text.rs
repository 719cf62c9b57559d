//! The plain text and JSON the commands print besides the match summary:
//! the end of `match`'s summary, `validate` and `verify`.

use super::num;
use crate::explain::{CapacityValue, Context};
use crate::io::export::{self, Previous};
use crate::model::{Instance, Pair};
use crate::plan::{Levels, Plan};
use crate::solve::Solution;
use crate::verify::Violation;
use std::fmt::Write;
use std::path::Path;

/// The lines `match` prints after the summary: changes against a previous
/// plan, the value of one more released officer, the files written and the
/// report.
pub fn match_footer(
    inst: &Instance,
    solution: &Solution,
    previous: Option<&Previous>,
    capacity_values: Option<&[CapacityValue]>,
    files: &[(String, Vec<u8>)],
    out: &Path,
    report: Option<&Path>,
) -> String {
    let mut text = String::new();
    if let Some(prev) = previous {
        let c = export::change_counts(inst, solution, prev);
        let total = prev.pairs.len() + prev.gone.len();
        let _ = writeln!(
            text,
            "Against the previous plan: {} of {total} kept, {} moved, {} added, {} dropped (changes.csv)",
            c.kept, c.moved, c.added, c.dropped
        );
    }
    if let Some(values) = capacity_values {
        let parts: Vec<String> = values
            .iter()
            .map(|c| {
                format!(
                    "{} {:+} seat(s), quality {:+}",
                    inst.services[c.service.0].id, c.seats, c.quality
                )
            })
            .collect();
        let listed = if parts.is_empty() {
            "no service is at capacity".to_string()
        } else {
            parts.join("; ")
        };
        let _ = writeln!(text, "One more released officer: {listed}");
    }
    let written: Vec<String> = files
        .iter()
        .filter(|(f, _)| f.ends_with(".csv"))
        .map(|(f, bytes)| format!("{f} ({})", export::data_rows(bytes)))
        .collect();
    let _ = writeln!(
        text,
        "Wrote {}: {}, summary.json",
        out.display(),
        written.join(", ")
    );
    if let Some(path) = report {
        let _ = writeln!(text, "Report: {}", path.display());
    }
    text
}

/// Eligible candidates per position.
fn eligible_counts(inst: &Instance, pairs: &[Pair]) -> Vec<usize> {
    let mut counts = vec![0usize; inst.positions.len()];
    for &(_, p) in pairs {
        counts[p.0] += 1;
    }
    counts
}

/// `validate`: what was loaded, and per position the eligible candidates
/// (with the rule funnel where they are fewer than the seats).
pub fn validate_text(inst: &Instance, warnings: usize, pairs: &[Pair]) -> String {
    let counts = eligible_counts(inst, pairs);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "OK: {} services, {} missions, {} positions, {} officers, {} scores, {} pins; {} warning(s)",
        inst.services.len(),
        inst.missions.len(),
        inst.positions.len(),
        inst.officers.len(),
        inst.scores.len(),
        inst.pins.len(),
        warnings
    );
    let _ = writeln!(out, "Eligible candidates per position:");
    let plan = Plan::default();
    let cx = Context::new(inst, &plan, pairs);
    for p in inst.position_ixs() {
        let pos = &inst.positions[p.0];
        let mut line = format!(
            "  {:<40} seats {:>3}  eligible {:>5}",
            inst.position_label(p),
            pos.count,
            counts[p.0]
        );
        if counts[p.0] < pos.count as usize {
            line.push_str(&format!("  (fewer than seats; {})", cx.funnel_text(p)));
        }
        let _ = writeln!(out, "{line}");
    }
    out
}

/// `validate --json`.
pub fn validate_json(inst: &Instance, warnings: &[String], pairs: &[Pair]) -> serde_json::Value {
    let counts = eligible_counts(inst, pairs);
    let positions: Vec<serde_json::Value> = inst
        .position_ixs()
        .map(|p| {
            serde_json::json!({
                "position": inst.position_label(p),
                "seats": inst.positions[p.0].count,
                "eligible": counts[p.0],
            })
        })
        .collect();
    serde_json::json!({
        "ok": true,
        "counts": {
            "services": inst.services.len(),
            "missions": inst.missions.len(),
            "positions": inst.positions.len(),
            "officers": inst.officers.len(),
            "scores": inst.scores.len(),
            "pins": inst.pins.len(),
            "eligible_pairs": pairs.len(),
        },
        "warnings": warnings,
        "positions": positions,
    })
}

/// `verify`: every violation, then the plan's size and levels.
pub fn verify_text(path: &Path, plan: &Plan, violations: &[Violation], levels: &Levels) -> String {
    let mut out = String::new();
    for v in violations {
        let _ = writeln!(out, "VIOLATION {v}");
    }
    let _ = writeln!(
        out,
        "{}: {} assignments, {} violation(s); fill {}, balance {}, quality {}",
        path.display(),
        plan.assignments.len(),
        violations.len(),
        num(levels.fill),
        num(levels.balance),
        num(levels.quality)
    );
    out
}

/// `verify --json`.
pub fn verify_json(
    path: &Path,
    plan: &Plan,
    violations: &[Violation],
    levels: &Levels,
) -> serde_json::Value {
    serde_json::json!({
        "plan": path.display().to_string(),
        "assignments": plan.assignments.len(),
        "violations": violations.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "levels": levels,
    })
}
