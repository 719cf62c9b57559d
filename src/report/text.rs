//! The plain text and JSON the commands print besides the match summary:
//! the end of `match`'s summary, `validate` and `verify`.

use super::num;
use crate::explain::{CapacityValue, Context};
use crate::io::export::{self, Previous};
use crate::model::{Instance, Pair, PositionIx};
use crate::plan::{Levels, Plan};
use crate::solve::Solution;
use crate::verify::Violation;
use std::fmt::Write;
use std::path::Path;

/// What a run wrote: the files, their folder, the report if any.
pub struct Written<'a> {
    /// The files, by name.
    pub files: &'a [(String, Vec<u8>)],
    /// The output folder.
    pub out: &'a Path,
    /// The HTML report, if written.
    pub report: Option<&'a Path>,
}

/// The lines `match` prints after the summary: changes against a previous
/// plan, the value of one more released officer, the files written and the
/// report.
pub fn match_footer(
    inst: &Instance,
    solution: &Solution,
    previous: Option<&Previous>,
    capacity_values: Option<&[CapacityValue]>,
    written: &Written,
    lang: super::Lang,
) -> String {
    let Written { files, out, report } = *written;
    let fr = lang == super::Lang::Fr;
    let mut text = String::new();
    if let Some(prev) = previous {
        let c = export::change_counts(inst, solution, prev);
        let total = prev.pairs.len() + prev.gone.len();
        let (kept, moved, added, dropped) = (c.kept, c.moved, c.added, c.dropped);
        let _ = if fr {
            writeln!(text, "Par rapport au plan précédent : {kept} sur {total} maintenus, {moved} déplacés, {added} ajoutés, {dropped} retirés (changes.csv)")
        } else {
            writeln!(text, "Against the previous plan: {kept} of {total} kept, {moved} moved, {added} added, {dropped} dropped (changes.csv)")
        };
    }
    if let Some(values) = capacity_values {
        let parts: Vec<String> = values
            .iter()
            .map(|c| {
                let id = &inst.services[c.service.0].id;
                if fr {
                    format!("{id} {:+} poste(s), qualité {:+}", c.seats, c.quality)
                } else {
                    format!("{id} {:+} seat(s), quality {:+}", c.seats, c.quality)
                }
            })
            .collect();
        let listed = match (parts.is_empty(), fr) {
            (true, false) => "no service is at capacity".to_string(),
            (true, true) => "aucun service n'est à sa limite".to_string(),
            (false, false) => parts.join("; "),
            (false, true) => parts.join(" ; "),
        };
        let _ = if fr {
            writeln!(text, "Un policier libéré de plus : {listed}")
        } else {
            writeln!(text, "One more released officer: {listed}")
        };
    }
    let written: Vec<String> = files
        .iter()
        .filter(|(f, _)| f.ends_with(".csv"))
        .map(|(f, bytes)| format!("{f} ({})", export::data_rows(bytes)))
        .collect();
    let workbook = files
        .iter()
        .find(|(f, _)| f.ends_with(".xlsx"))
        .map_or(String::new(), |(f, _)| format!(", {f}"));
    let (out, written) = (out.display(), written.join(", "));
    let _ = if fr {
        writeln!(
            text,
            "Fichiers écrits dans {out} : {written}, summary.json{workbook}"
        )
    } else {
        writeln!(text, "Wrote {out}: {written}, summary.json{workbook}")
    };
    if let Some(path) = report {
        let _ = if fr {
            writeln!(text, "Rapport : {}", path.display())
        } else {
            writeln!(text, "Report: {}", path.display())
        };
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

/// Whether `validate` shows each position's tour: the data is dated
/// (positions with tours of their own, deployments.csv or rotations) and
/// the tours differ. Folders without dates print what they always did.
fn show_tours(inst: &Instance) -> bool {
    let dated = inst.positions.iter().any(|p| p.own_tour != (false, false))
        || !inst.deployments.is_empty()
        || inst.rotations.is_some();
    let mut tours = inst.positions.iter().map(|p| (p.start, p.end));
    let first = tours.next();
    dated && tours.any(|t| Some(t) != first)
}

/// `validate`: what was loaded, and per position the eligible candidates
/// (with the rule funnel where they are fewer than the seats); with
/// rotations, the successor seats in a section of their own.
pub fn validate_text(inst: &Instance, warnings: usize, pairs: &[Pair]) -> String {
    let counts = eligible_counts(inst, pairs);
    let planned = inst.planned_positions();
    let mut out = String::new();
    let successors = match &inst.rotations {
        Some(_) => format!(" (+{} rotation positions)", inst.positions.len() - planned),
        None => String::new(),
    };
    let deployments = match inst.deployments.len() {
        0 => String::new(),
        n => format!(", {n} deployments"),
    };
    let _ = writeln!(
        out,
        "OK: {} services, {} missions, {} positions{successors}, {} officers, {} scores, {} pins{deployments}; {} warning(s)",
        inst.services.len(),
        inst.missions.len(),
        planned,
        inst.officers.len(),
        inst.scores.len(),
        inst.pins.len(),
        warnings
    );
    let _ = writeln!(out, "Eligible candidates per position:");
    let plan = Plan::default();
    let cx = Context::new(inst, &plan, pairs);
    let tours = show_tours(inst);
    let line = |p: PositionIx, with_tour: bool| {
        let pos = &inst.positions[p.0];
        let tour = if with_tour {
            format!("  tour {}..{}", pos.start, pos.end)
        } else {
            String::new()
        };
        let mut line = format!(
            "  {:<40} seats {:>3}{tour}  eligible {:>5}",
            inst.position_label(p),
            pos.count,
            counts[p.0]
        );
        if counts[p.0] < pos.count as usize {
            line.push_str(&format!("  (fewer than seats; {})", cx.funnel_text(p)));
        }
        line
    };
    for p in inst.position_ixs().take(planned) {
        let _ = writeln!(out, "{}", line(p, tours));
    }
    if let Some(r) = &inst.rotations {
        let none = if planned == inst.positions.len() {
            " none"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "Rotation seats (until {}, overlap {} days):{none}",
            r.until, r.overlap_days
        );
        for p in inst.position_ixs().skip(planned) {
            let _ = writeln!(out, "{}", line(p, true));
        }
    }
    out
}

/// `validate --json`: with dated data each position has its `start` and
/// `end`; with rotations, `rotations` lists the successor seats.
pub fn validate_json(inst: &Instance, warnings: &[String], pairs: &[Pair]) -> serde_json::Value {
    let counts = eligible_counts(inst, pairs);
    let planned = inst.planned_positions();
    let tours = show_tours(inst);
    let entry = |p: PositionIx, with_tour: bool| {
        let pos = &inst.positions[p.0];
        let mut value = serde_json::json!({
            "position": inst.position_label(p),
            "seats": pos.count,
            "eligible": counts[p.0],
        });
        if with_tour {
            value["start"] = pos.start.to_string().into();
            value["end"] = pos.end.to_string().into();
        }
        if let Some(base) = inst.successor_of(p) {
            value["follows"] = inst.position_label(base).into();
        }
        value
    };
    let positions: Vec<serde_json::Value> = inst
        .position_ixs()
        .take(planned)
        .map(|p| entry(p, tours))
        .collect();
    let mut value = serde_json::json!({
        "ok": true,
        "counts": {
            "services": inst.services.len(),
            "missions": inst.missions.len(),
            "positions": planned,
            "officers": inst.officers.len(),
            "scores": inst.scores.len(),
            "pins": inst.pins.len(),
            "eligible_pairs": pairs.len(),
        },
        "warnings": warnings,
        "positions": positions,
    });
    if !inst.deployments.is_empty() {
        value["counts"]["deployments"] = inst.deployments.len().into();
    }
    if let Some(r) = &inst.rotations {
        let seats: Vec<serde_json::Value> = inst
            .position_ixs()
            .skip(planned)
            .map(|p| entry(p, true))
            .collect();
        value["counts"]["successor_positions"] = seats.len().into();
        value["rotations"] = serde_json::json!({
            "until": r.until.to_string(),
            "overlap_days": r.overlap_days,
            "seats": seats,
        });
    }
    value
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
