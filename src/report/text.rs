//! The plain text and JSON the commands print besides the match summary:
//! the end of `match`'s summary, `validate` and `verify`.

use crate::explain::{CapacityValue, Context};
use crate::io::export::{self, Previous};
use crate::lang::{count_text, day_text, num_text, signed_text, Lang, Msg};
use crate::model::{Instance, Pair, PositionIx, ServiceIx};
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
    lang: Lang,
) -> String {
    let Written { files, out, report } = *written;
    let mut text = String::new();
    if let Some(prev) = previous {
        let c = export::change_counts(inst, solution, prev);
        let total = prev.pairs.len() + prev.gone.len();
        let line = lang.fill(
            Msg::FooterPrevious,
            &[
                ("kept", &c.kept),
                ("total", &total),
                ("moved", &c.moved),
                ("added", &c.added),
                ("dropped", &c.dropped),
            ],
        );
        let _ = writeln!(text, "{line}");
    }
    if let Some(values) = capacity_values {
        let parts: Vec<String> = values
            .iter()
            .map(|c| {
                let service = &inst.services[c.service.0].id;
                if c.no_room {
                    return lang.fill(Msg::FooterCapacityValueNoRoom, &[("service", service)]);
                }
                // Fill when priorities make it differ from the seats, the
                // shortfall when a target moves.
                let mut more = String::new();
                if (c.fill - c.seats as f64).abs() > 1e-9 {
                    let fill = lang.fill(Msg::CostFill, &[("change", &signed_text(c.fill, lang))]);
                    more.push_str(&format!(", {fill}"));
                }
                if c.balance.abs() > 1e-9 {
                    let change = signed_text(-c.balance, lang);
                    let shortfall = lang.fill(Msg::CostShortfall, &[("change", &change)]);
                    more.push_str(&format!(", {shortfall}"));
                }
                lang.fill(
                    match c.unproven_in() {
                        None => Msg::FooterCapacityValue,
                        Some(_) if c.base_first() => Msg::FooterCapacityValueBaseUnproven,
                        Some(_) => Msg::FooterCapacityValueUnproven,
                    },
                    &[
                        (
                            "level",
                            &c.unproven_in().map_or("", |l| l.name_in(lang)).to_string(),
                        ),
                        ("service", service),
                        ("seats", &format!("{:+}", c.seats)),
                        ("more", &more),
                        // English as it always was (`-3`); French `−3`.
                        (
                            "quality",
                            &match lang {
                                Lang::En => format!("{:+}", crate::format::rounded(c.quality)),
                                Lang::Fr => signed_text(c.quality, lang),
                            },
                        ),
                    ],
                )
            })
            .collect();
        let listed = if parts.is_empty() {
            lang.text(Msg::FooterNoServiceFull).to_string()
        } else {
            parts.join(lang.semicolon())
        };
        let line = lang.fill(Msg::FooterOneMoreOfficer, &[("listed", &listed)]);
        let _ = writeln!(text, "{line}");
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
    let line = lang.fill(
        Msg::FooterWrote,
        &[
            ("out", &out.display()),
            ("files", &written.join(", ")),
            ("workbook", &workbook),
        ],
    );
    let _ = writeln!(text, "{line}");
    if let Some(path) = report {
        let line = lang.fill(Msg::FooterReport, &[("path", &path.display())]);
        let _ = writeln!(text, "{line}");
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

/// Whether `validate` shows each position's tour: the tours differ and
/// some service's limit is counted day by day (tours that do not all
/// overlap, or officers away with return dates). Where every two tours
/// overlap and nothing else is dated, the dates change nothing.
fn show_tours(inst: &Instance) -> bool {
    let mut tours = inst.positions.iter().map(|p| (p.start, p.end));
    let first = tours.next();
    let calendar = inst.calendar();
    tours.any(|t| Some(t) != first)
        && (0..inst.services.len()).any(|s| calendar.dated(inst, ServiceIx(s)))
}

/// `validate`: what was loaded, and per position the eligible candidates
/// (with the rule funnel where they are fewer than the seats); with
/// rotations, the successor seats in a section of their own.
pub fn validate_text(inst: &Instance, warnings: usize, pairs: &[Pair], lang: Lang) -> String {
    let counts = eligible_counts(inst, pairs);
    let planned = inst.planned_positions();
    let mut out = String::new();
    let successors = match &inst.rotations {
        Some(_) => {
            let n = inst.positions.len() - planned;
            format!(
                " {}",
                lang.fill(Msg::ValidateRotationPositions, &[("n", &n)])
            )
        }
        None => String::new(),
    };
    let deployments = match inst.deployments.len() {
        0 => String::new(),
        n => format!(", {}", lang.fill(Msg::ValidateDeployments, &[("n", &n)])),
    };
    let head = lang.fill(
        Msg::ValidateOk,
        &[
            ("services", &inst.services.len()),
            ("missions", &inst.missions.len()),
            ("positions", &count_text(planned, lang)),
            ("successors", &successors),
            ("officers", &count_text(inst.officers.len(), lang)),
            ("scores", &count_text(inst.scores.len(), lang)),
            ("pins", &inst.pins.len()),
            ("deployments", &deployments),
            ("warnings", &warnings),
        ],
    );
    let _ = writeln!(out, "{head}");
    let _ = writeln!(out, "{}", lang.text(Msg::ValidateEligibleHead));
    let plan = Plan::default();
    let cx = Context::new(inst, &plan, pairs);
    let tours = show_tours(inst);
    let line = |p: PositionIx, with_tour: bool| {
        let pos = &inst.positions[p.0];
        let tour = if with_tour {
            let dates = lang.fill(
                Msg::ValidateTour,
                &[("start", &pos.start), ("end", &pos.end)],
            );
            format!("  {dates}")
        } else {
            String::new()
        };
        let mut line = format!(
            "  {:<40} {} {:>3}{tour}  {} {:>5}",
            inst.position_label(p),
            lang.text(Msg::ValidateSeats),
            pos.count,
            lang.text(Msg::ValidateEligible),
            counts[p.0]
        );
        if counts[p.0] < pos.count as usize {
            let fewer = lang.fill(
                Msg::ValidateFewerThanSeats,
                &[("funnel", &cx.funnel_text(p, lang))],
            );
            line.push_str(&format!("  {fewer}"));
        }
        line
    };
    for p in inst.position_ixs().take(planned) {
        let _ = writeln!(out, "{}", line(p, tours));
    }
    if let Some(r) = &inst.rotations {
        let none = if planned == inst.positions.len() {
            format!(" {}", lang.text(Msg::NoneMasculine))
        } else {
            String::new()
        };
        let head = lang.fill(
            Msg::ValidateRotationSeats,
            &[
                ("until", &day_text(r.until, lang)),
                ("days", &r.overlap_days),
            ],
        );
        let _ = writeln!(out, "{head}{none}");
        for p in inst.position_ixs().skip(planned) {
            let _ = writeln!(out, "{}", line(p, true));
        }
    }
    out
}

/// `validate --json`: each position with its `start` and `end` (the
/// mission's, unless it has a tour of its own: keys a script can rely on,
/// where the text shows the tour only for dated data); with rotations,
/// `rotations` lists the successor seats.
pub fn validate_json(inst: &Instance, warnings: &[String], pairs: &[Pair]) -> serde_json::Value {
    let counts = eligible_counts(inst, pairs);
    let planned = inst.planned_positions();
    let entry = |p: PositionIx| {
        let pos = &inst.positions[p.0];
        let mut value = serde_json::json!({
            "position": inst.position_label(p),
            "seats": pos.count,
            "eligible": counts[p.0],
            "start": pos.start.to_string(),
            "end": pos.end.to_string(),
        });
        if let Some(base) = inst.successor_of(p) {
            value["follows"] = inst.position_label(base).into();
        }
        value
    };
    let positions: Vec<serde_json::Value> = inst.position_ixs().take(planned).map(entry).collect();
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
        let seats: Vec<serde_json::Value> = inst.position_ixs().skip(planned).map(entry).collect();
        value["counts"]["successor_positions"] = seats.len().into();
        value["rotations"] = serde_json::json!({
            "until": r.until.to_string(),
            "overlap_days": r.overlap_days,
            "seats": seats,
        });
    }
    value
}

/// `verify --quiet`: every violation, a line each.
pub fn violation_lines(violations: &[Violation], lang: Lang) -> String {
    let mut out = String::new();
    for v in violations {
        let line = lang.fill(
            Msg::FailureLine,
            &[("rule", &v.name), ("detail", &v.message)],
        );
        let _ = writeln!(out, "{} {line}", lang.text(Msg::VerifyViolation));
    }
    out
}

/// `verify`: every violation, then the plan's size and levels.
pub fn verify_text(
    path: &Path,
    plan: &Plan,
    violations: &[Violation],
    levels: &Levels,
    lang: Lang,
) -> String {
    let mut out = violation_lines(violations, lang);
    let number = |x: f64| num_text(x, lang);
    let line = lang.fill(
        Msg::VerifySummary,
        &[
            ("plan", &path.display()),
            ("assignments", &plan.assignments.len()),
            ("violations", &violations.len()),
            ("fill", &number(levels.fill)),
            ("balance", &number(levels.balance)),
            ("quality", &number(levels.quality)),
        ],
    );
    let _ = writeln!(out, "{line}");
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
        // As every output writes numbers: `0.5`, not `0.5000000000000004`.
        "levels": {
            "fill": crate::format::rounded(levels.fill),
            "balance": crate::format::rounded(levels.balance),
            "quality": crate::format::rounded(levels.quality),
        },
    })
}
