//! Whether the pins can all hold once a scenario (or a `serve` session's
//! decisions) changed the data, and if not, why.

use super::{Change, Scenario};
use crate::model::{Instance, Pin};

/// Where pins that are not in pins.csv come from, for messages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PinsFrom<'a> {
    /// The rows of a scenario file.
    Scenario(&'a Scenario),
    /// A decision taken in a `serve` session.
    Session,
}

impl PinsFrom<'_> {
    /// Names a pin's origin: `pins.csv line 2`, `scenario file line 7`
    /// (when one row of the scenario pins the officer: with several, a
    /// row pinning on a seat the scenario no longer plans changes nothing,
    /// so the row that holds is not known here), `the scenario`, or `a
    /// decision of this session`.
    fn origin(self, pin: &Pin) -> String {
        match self {
            _ if pin.line > 0 => format!("pins.csv line {}", pin.line),
            PinsFrom::Scenario(s) => {
                debug_assert_eq!(s.changes.len(), s.lines.len());
                let rows: Vec<u64> = s
                    .changes
                    .iter()
                    .zip(&s.lines)
                    .filter(|(c, _)| matches!(c, Change::Pin(o, _) if *o == pin.officer))
                    .map(|(_, &line)| line)
                    .collect();
                match rows.as_slice() {
                    [line] if *line > 0 => format!("scenario file line {line}"),
                    _ => "the scenario".into(),
                }
            }
            PinsFrom::Session => "a decision of this session".into(),
        }
    }

    /// What changed the instance: `the scenario's changes`.
    fn changes(self) -> &'static str {
        match self {
            PinsFrom::Scenario(_) => "the scenario's changes",
            PinsFrom::Session => "this session's decisions",
        }
    }
}

/// Why the pins cannot all hold, if so: a pin breaking a rule, or pins
/// overfilling a limit; pins not from pins.csv come `from` a scenario or
/// a session's decisions.
pub fn pin_problem(inst: &Instance, from: PinsFrom) -> Option<String> {
    // A pin of pins.csv breaks a rule only once the scenario has changed
    // the officer or the position: its line is named, with that cause.
    for pin in &inst.pins {
        let failures = crate::rules::failures(inst, pin.officer, pin.position);
        if let Some(f) = failures.first() {
            let pinned = format!(
                "pin of {} to {} ({})",
                inst.officers[pin.officer.0].id,
                inst.position_label(pin.position),
                from.origin(pin)
            );
            // A withdrawal is carried out as every mission excluded: said
            // as what it is.
            let withdrawn = match from {
                PinsFrom::Scenario(s) => s
                    .changes
                    .iter()
                    .any(|c| matches!(c, Change::Withdraw(o) if *o == pin.officer)),
                PinsFrom::Session => false,
            };
            return Some(match pin.line {
                _ if withdrawn => format!("{pinned}: the scenario withdraws this officer"),
                0 => format!("{pinned} breaks eligibility rule {f}"),
                _ => format!(
                    "after {}, the {pinned} breaks eligibility rule {f}",
                    from.changes()
                ),
            });
        }
    }
    // The first limit the pins overfill, with every pin that counts there
    // (pins.csv's by line, the scenario's as its rows).
    let (limit, pins) = crate::io::load::overfull(inst).into_iter().next()?;
    let named: Vec<String> = pins
        .iter()
        .map(|pin| format!("{} ({})", inst.officers[pin.officer.0].id, from.origin(pin)))
        .collect();
    let text = crate::io::load::overfilled_text(inst, limit, &pins);
    Some(match named.as_slice() {
        [one] => format!(
            "the pin cannot hold: the pin of {one} {}",
            crate::io::load::singular(&text)
        ),
        _ => format!(
            "the pins cannot all hold: the pins of {} {text}",
            named.join(", ")
        ),
    })
}
