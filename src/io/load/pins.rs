//! The pins checked once every file is read: each eligible, and together
//! within every hard limit, a broken limit named with its pins' lines.

use crate::io::table::Sink;
use crate::model::*;
use crate::rules;

/// Pins must be eligible and must fit every hard constraint on their own
/// (a pin set that breaks a limit is reported by naming it). All hard constraints are `≤` rows with non-negative
/// coefficients, so "every other x = 0" satisfies them whenever the pins
/// alone do: pins are feasible exactly when no single constraint is broken
/// by pins alone, and each such constraint, with its pins, is reported.
pub(super) fn check_pins(inst: &Instance, sink: &mut Sink, file: Option<&str>) {
    let file = file.unwrap_or("pins.csv").to_string();
    let label = |pin: &Pin| {
        format!(
            "pin of {} to {} (line {})",
            inst.officers[pin.officer.0].id,
            inst.position_label(pin.position),
            pin.line
        )
    };
    for pin in &inst.pins {
        for failure in rules::failures(inst, pin.officer, pin.position) {
            sink.error(
                &file,
                pin.line,
                None,
                None,
                format!("{} breaks eligibility rule {failure}", label(pin)),
            );
        }
    }
    // Each broken constraint is reported with a smallest set of its pins
    // that conflict: `limit + 1` of them, chosen (in file order) so that
    // no other constraint is broken among them, so every strict subset of
    // the set reported fits (when no such choice exists, the other broken
    // constraint is reported too and the first `limit + 1` are named).
    let minimal = |set: &[&Pin]| {
        (0..set.len()).all(|i| {
            let mut rest = set.to_vec();
            rest.remove(i);
            !pins_conflict(inst, &rest)
        })
    };
    // Each overfilled limit, one error each; a service over its limit on
    // several check days with the same pins is one error naming the days,
    // in the place of its first day.
    let mut conflicts: Vec<Conflict> = Vec::new();
    for (limit, pins) in overfull(inst) {
        let bound = limit.bound(inst);
        let mut base: Vec<&Pin> = Vec::new();
        for &pin in &pins {
            if base.len() == bound as usize {
                break;
            }
            let mut more = base.clone();
            more.push(pin);
            if !pins_conflict(inst, &more) {
                base = more;
            }
        }
        let chosen = (base.len() == bound as usize)
            .then(|| {
                pins.iter()
                    .filter(|&&p| !base.iter().any(|&b| std::ptr::eq(b, p)))
                    .map(|&p| {
                        let mut set = base.clone();
                        set.push(p);
                        set.sort_by_key(|p| p.line);
                        set
                    })
                    .find(|set| minimal(set))
            })
            .flatten();
        let set = chosen.unwrap_or_else(|| pins[..=bound as usize].to_vec());
        let conflict = Conflict {
            limit,
            named: set.iter().map(|p| p.line).collect(),
            all: pins.iter().map(|p| p.line).collect(),
            days: Vec::new(),
        };
        // The same service, bound, officers away and pins on another day.
        let same_days = |other: &&mut Conflict| match (limit, other.limit) {
            (Limit::Service(s, _), Limit::Service(t, _)) => {
                s == t
                    && other.limit.bound(inst) == bound
                    && other.limit.already_away(inst) == limit.already_away(inst)
                    && (&other.named, &other.all) == (&conflict.named, &conflict.all)
            }
            _ => false,
        };
        match limit {
            Limit::Service(_, day) => match conflicts.iter_mut().find(same_days) {
                Some(same) => same.days.push(day),
                None => conflicts.push(Conflict {
                    days: vec![day],
                    ..conflict
                }),
            },
            _ => conflicts.push(conflict),
        }
    }
    for Conflict {
        limit,
        named,
        all,
        days,
    } in conflicts
    {
        let counting: Vec<&Pin> = inst.pins.iter().filter(|p| all.contains(&p.line)).collect();
        let text = overfilled_text_on(inst, limit, named.len(), &days, &counting);
        let mut message = match named.as_slice() {
            [line] => format!("the pin on line {line} {}", singular(&text)),
            _ => format!("pins on lines {} {text}", lines_text(&named)),
        };
        if all.len() > named.len() {
            message.push_str(&format!(
                " (pins on lines {} all count here)",
                lines_text(&all)
            ));
        }
        sink.error(&file, named[0], None, None, message);
    }
}

/// A limit the pins overfill: the lines of the pins an error names (a
/// smallest set) and of every pin that counts there, and for a service's
/// limit the check days it is overfilled so.
struct Conflict {
    limit: Limit,
    named: Vec<u64>,
    all: Vec<u64>,
    days: Vec<Date>,
}

/// `2, 3, 4`.
fn lines_text(lines: &[u64]) -> String {
    let lines: Vec<String> = lines.iter().map(u64::to_string).collect();
    lines.join(", ")
}

/// [`overfilled_text`] after one pin: `places …` instead of `place …`.
pub(crate) fn singular(text: &str) -> String {
    match text.strip_prefix("place ") {
        Some(rest) => format!("places {rest}"),
        None => text.to_string(),
    }
}

/// Whether `pins` break some hard limit on their own.
fn pins_conflict(inst: &Instance, pins: &[&Pin]) -> bool {
    limits::overfilled(inst, pins.iter().map(|p| (p.officer, p.position)))
}

/// What `n` pins do to `limit` when they overfill it, and what it allows:
/// `place 3 officers in BINUH/advisor; constraint position_seats allows 2`.
pub(crate) fn overfilled_text(inst: &Instance, limit: Limit, pins: &[&Pin]) -> String {
    let day = match limit {
        Limit::Service(_, day) => vec![day],
        _ => Vec::new(),
    };
    overfilled_text_on(inst, limit, pins.len(), &day, pins)
}

/// [`overfilled_text`] for a service's limit overfilled the same way on
/// each of `days` (the check days, ascending): `away on 2027-05-01 and
/// 2027-06-01`, or for more than four, `away on 9 check days from
/// 2027-03-01 to 2028-11-01`.
fn overfilled_text_on(
    inst: &Instance,
    limit: Limit,
    n: usize,
    days: &[Date],
    counting: &[&Pin],
) -> String {
    let bound = limit.bound(inst);
    let family = limit.family();
    let officers = if n == 1 {
        "1 officer".to_string()
    } else {
        format!("{n} officers")
    };
    let what = match limit {
        Limit::Officer(o) => format!("place officer {} {n} times", inst.officers[o.0].id),
        Limit::Position(p) => format!("place {officers} in {}", inst.position_label(p)),
        Limit::Service(s, _) => {
            let svc = &inst.services[s.0];
            // The stretches of days over the limit, whole; else (not
            // found: a bug) the check days, a few by name, more as a span.
            let spans = stretches(inst, s, counting, limit.already_away(inst).unwrap_or(0));
            let when = match days {
                _ if !inst.calendar().dated(inst, s) => String::new(),
                _ if !spans.is_empty() => stretches_text(&spans),
                [first, .., last] if days.len() > 4 => {
                    format!(" away on {} check days from {first} to {last}", days.len())
                }
                [.., last] if days.len() > 1 => {
                    let first: Vec<String> =
                        days[..days.len() - 1].iter().map(Date::to_string).collect();
                    format!(" away on {} and {last}", first.join(", "))
                }
                _ => days.iter().map(|d| format!(" away on {d}")).collect(),
            };
            format!("place {officers} of {} ({}){when}", svc.name, svc.id)
        }
        Limit::MissionService(m, s) => format!(
            "place {officers} of {} ({}) in {}",
            inst.services[s.0].name, inst.services[s.0].id, inst.missions[m.0].id
        ),
    };
    // Where a service's bound comes from: officers already away take part
    // of its limit (or "allows 3" contradicts a max_deployed of 4), and an
    // empty max_deployed is derived from its sworn officers.
    let whence = match limit {
        Limit::Service(s, _) => {
            let svc = &inst.services[s.0];
            let max = match svc.release_derived {
                true => format!(
                    "max_deployed {} from the release share of its {} sworn officers",
                    svc.max_deployed, svc.sworn_officers
                ),
                false => format!("max_deployed {}", svc.max_deployed),
            };
            match limit.already_away(inst) {
                Some(away) if away > 0 => format!(" ({max}, {away} already away then)"),
                _ if svc.release_derived => format!(" ({max})"),
                _ => String::new(),
            }
        }
        _ => String::new(),
    };
    format!("{what}; constraint {family} allows {bound}{whence}")
}

/// The stretches of days on which service `s` has exactly the `counting`
/// pins away and `already` officers away from before, and so more than it
/// can release: where a pin conflict on a check day (one day of each such
/// stretch) holds whole. Tours begin and end on other days than the check
/// days, so a check day alone would say "on 2027-06-01" of a conflict that
/// runs from 2027-05-01 to 2027-10-31.
fn stretches(inst: &Instance, s: ServiceIx, counting: &[&Pin], already: u32) -> Vec<(Date, Date)> {
    let svc = &inst.services[s.0];
    let mut want: Vec<Pair> = counting.iter().map(|p| (p.officer, p.position)).collect();
    want.sort_unstable();
    want.dedup();
    let theirs: Vec<&Pin> = inst
        .pins
        .iter()
        .filter(|p| inst.officers[p.officer.0].service == s)
        .collect();
    let tour = |p: &Pin| {
        (
            inst.positions[p.position.0].start,
            inst.positions[p.position.0].end,
        )
    };
    let cuts = limits::change_days(inst, s, theirs.iter().map(|p| tour(p)));
    let mut out: Vec<(Date, Date)> = Vec::new();
    for w in cuts.windows(2) {
        let (from, to) = (w[0], w[1].pred());
        let on: Vec<&&Pin> = theirs
            .iter()
            .filter(|p| tour(p).0 <= from && from <= tour(p).1)
            .collect();
        let mut away: Vec<Pair> = on.iter().map(|p| (p.officer, p.position)).collect();
        away.sort_unstable();
        away.dedup();
        // An officer pinned twice is one officer away.
        let mut officers: Vec<OfficerIx> = on.iter().map(|p| p.officer).collect();
        officers.sort_unstable();
        officers.dedup();
        let now = Limit::Service(s, from).already_away(inst).unwrap_or(0);
        if away == want && now == already && officers.len() as u32 + now > svc.max_deployed {
            match out.last_mut() {
                Some(last) if last.1.succ() == from => last.1 = to,
                _ => out.push((from, to)),
            }
        }
    }
    out
}

/// ` away from 2027-05-01 to 2027-10-31`, ` away on 2027-05-01 and from
/// 2027-07-01 to 2027-07-31`, or for more than three stretches ` away in 5
/// stretches from 2027-03-01 to 2028-11-30`.
fn stretches_text(spans: &[(Date, Date)]) -> String {
    let span = |&(from, to): &(Date, Date)| match from == to {
        true => format!("on {from}"),
        false => format!("from {from} to {to}"),
    };
    match spans {
        [first, .., last] if spans.len() > 3 => format!(
            " away in {} stretches from {} to {}",
            spans.len(),
            first.0,
            last.1
        ),
        _ => format!(
            " away {}",
            spans.iter().map(span).collect::<Vec<_>>().join(" and ")
        ),
    }
}

/// The limits with more pins than their bound, in [`Limit`] order, each
/// with its pins in file order.
pub(crate) fn overfull(inst: &Instance) -> Vec<(Limit, Vec<&Pin>)> {
    let mut groups: std::collections::BTreeMap<Limit, Vec<&Pin>> = Default::default();
    for pin in &inst.pins {
        for (limit, _) in limits::limits_of(inst, pin.officer, pin.position) {
            let group = groups.entry(limit).or_default();
            // An officer pinned twice is one officer away: only the limit
            // of one position per officer counts both pins.
            let again = group.iter().any(|p| p.officer == pin.officer);
            if !again || matches!(limit, Limit::Officer(_)) {
                group.push(pin);
            }
        }
    }
    groups
        .into_iter()
        .filter(|(limit, pins)| pins.len() > limit.bound(inst) as usize)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::stretches_text;
    use crate::model::Date;

    #[test]
    fn stretches_read_as_days_spans_or_their_count() {
        let d = |s| Date::parse(s).unwrap();
        let one = (d("2027-05-01"), d("2027-05-01"));
        let span = (d("2027-07-01"), d("2027-07-31"));
        assert_eq!(stretches_text(&[one]), " away on 2027-05-01");
        assert_eq!(
            stretches_text(&[one, span]),
            " away on 2027-05-01 and from 2027-07-01 to 2027-07-31"
        );
        let four = [
            (d("2027-03-01"), d("2027-03-31")),
            one,
            span,
            (d("2028-11-01"), d("2028-11-30")),
        ];
        assert_eq!(
            stretches_text(&four),
            " away in 4 stretches from 2027-03-01 to 2028-11-30"
        );
    }
}
