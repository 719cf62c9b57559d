//! The match report's timeline: officers away per day against each
//! service's limit, and each mission's tours on a calendar.

use super::charts::{safe, truncate, truncate_role};
use super::sections::peak_text;
use super::MAX_ROWS;
use crate::lang::{day_text, Lang, Msg};
use crate::model::{limits, Date, Instance, PositionIx, ServiceIx};
use crate::plan;
use crate::solve::Solution;
use maud::{html, Markup};

/// The days from the first tour's start to the last tour's end, drawn
/// `width` wide from `left`: where a day falls, and the month ticks.
pub(super) struct Horizon {
    first: Date,
    last: Date,
    left: f64,
    width: f64,
}

impl Horizon {
    /// The x of the start of `day` (clamped to the horizon).
    fn x(&self, day: Date) -> f64 {
        let days = (self.last.day_number() + 1 - self.first.day_number()).max(1) as f64;
        let d = (day.day_number() - self.first.day_number()) as f64;
        self.left + self.width * (d / days).clamp(0.0, 1.0)
    }

    /// The x just after `day`.
    fn x_end(&self, day: Date) -> f64 {
        self.x(day.succ())
    }

    /// First days of months within the horizon, each a tick; labelled
    /// every 1, 2, 3, 6 or 12 months (from January), or 2, 5 or 10 years,
    /// the fewest that leave a label's width between two labels. Where months would fall
    /// closer than 4 pixels (two decades), only Januaries get a tick.
    fn ticks(&self) -> Vec<(f64, Option<String>)> {
        /// Room a `YYYY-MM` label takes at the axis' font size, in pixels.
        const LABEL: f64 = 42.0;
        let days = (self.last.day_number() + 1 - self.first.day_number()).max(1) as f64;
        let per_month = self.width * 30.44 / days;
        let step = [1, 2, 3, 6, 12, 24, 60, 120]
            .into_iter()
            .find(|&k| k as f64 * per_month >= LABEL)
            .unwrap_or(120);
        let mut out = Vec::new();
        let mut d = self.first.next_month_start();
        while d <= self.last {
            let text = d.to_string();
            let month: u32 = text[5..7].parse().unwrap_or(1);
            let year: u32 = text[..4].parse().unwrap_or(0);
            if month == 1 || per_month >= 4.0 {
                let index = year * 12 + month - 1;
                let label = index.is_multiple_of(step).then(|| text[..7].to_string());
                out.push((self.x(d), label));
            }
            d = d.next_month_start();
        }
        out
    }

    /// The axis under a chart at `y`: start and end days, month ticks.
    fn axis(&self, y: f64) -> Markup {
        html! {
            line x1=(self.left) x2=(self.left + self.width) y1=(y) y2=(y) stroke="#5b6b7c" {}
            @for (x, label) in self.ticks() {
                line x1=(x) x2=(x) y1=(y) y2=(y + 4.0) stroke="#5b6b7c" {}
                @if let Some(label) = label {
                    text x=(x) y=(y + 15.0) text-anchor="middle" style="font-size:9px" { (label) }
                }
            }
            text x=(self.left) y=(y + 28.0) { (self.first) }
            text x=(self.left + self.width) y=(y + 28.0) text-anchor="end" { (self.last) }
        }
    }
}

/// Time: for each service the plan takes to its limit on some day, its
/// officers away per day (already away and the plan's, stacked) against
/// `max_deployed`; and every mission's tours as bars on a calendar.
pub(super) fn time_section(inst: &Instance, solution: &Solution, lang: Lang) -> Markup {
    const LEFT: f64 = 190.0;
    const WIDTH: f64 = 620.0;
    let t = |msg: Msg| lang.text(msg);
    let Some((first, last)) = inst
        .positions
        .iter()
        .map(|p| (p.start, p.end))
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
    else {
        return html! { section #time { h2 { (t(Msg::ReportTimeHeading)) } p.note { (t(Msg::ReportNoPositions)) } } };
    };
    let horizon = Horizon {
        first,
        last,
        left: LEFT,
        width: WIDTH,
    };
    let uses = limits::service_use(inst, &solution.plan.assignments);
    let mut full: Vec<usize> = (0..inst.services.len())
        .filter(|&s| uses[s].at_capacity())
        .collect();
    full.sort_by(|&a, &b| inst.services[a].id.cmp(&inst.services[b].id));
    let filled = plan::position_counts(inst, &solution.plan);
    let mut missions: Vec<usize> = (0..inst.missions.len()).collect();
    missions.sort_by(|&a, &b| inst.missions[a].id.cmp(&inst.missions[b].id));
    html! {
        section #time {
            h2 { (t(Msg::ReportTimeHeading)) }
            p.note {
                (lang.fill(Msg::ReportTimeNote, &[("first", &day_text(first, lang)), ("last", &day_text(last, lang))]))
            }
            h3 { (t(Msg::ReportServicesAtLimitHeading)) }
            p.note.legend {
                span { span.swatch style="background:#9aa9b8" {} (t(Msg::LegendAlreadyAway)) }
                span { span.swatch style="background:#24598f" {} (t(Msg::LegendSentByPlan)) }
                span { span.swatch style="background:#b5451b;height:2px" {} "max_deployed" }
            }
            @if full.is_empty() {
                p { (t(Msg::ReportNoServiceAtLimit)) }
            }
            @for &s in full.iter().take(MAX_ROWS) {
                (away_chart(inst, ServiceIx(s), &uses[s], &horizon, lang))
            }
            h3 { (t(Msg::ReportToursHeading)) }
            p.note { (t(Msg::ReportToursNote)) }
            @for &m in &missions {
                @let positions: Vec<PositionIx> = inst
                    .position_ixs()
                    .filter(|p| inst.positions[p.0].mission.0 == m)
                    .collect();
                @if !positions.is_empty() {
                    (tour_chart(inst, m, &positions, &filled, &horizon, lang))
                }
            }
        }
    }
}

/// One service's officers away per day against its `max_deployed`.
pub(super) fn away_chart(
    inst: &Instance,
    s: ServiceIx,
    used: &limits::ServiceUse,
    horizon: &Horizon,
    lang: Lang,
) -> Markup {
    const H: f64 = 90.0;
    const TOP: f64 = 18.0;
    let svc = &inst.services[s.0];
    let already = limits::away(inst, s, &[]);
    let plan_away = &used.away;
    let mut days: Vec<Date> = vec![horizon.first];
    days.extend(
        plan_away
            .spans
            .iter()
            .chain(&already.spans)
            .map(|span| span.0)
            .filter(|&d| d > horizon.first && d <= horizon.last),
    );
    days.sort();
    days.dedup();
    let top = f64::from(svc.max_deployed.max(used.peak_away).max(1));
    let y = |n: f64| TOP + H * (1.0 - n / top);
    let total_width = horizon.left + horizon.width + 20.0;
    let height = TOP + H + 34.0;
    let limit = if used.dated {
        peak_text(used, svc.max_deployed, lang)
    } else {
        lang.fill(
            Msg::BarReleasedAway,
            &[
                ("k", &used.assigned),
                ("n", &used.limit),
                ("away", &used.peak_away),
            ],
        )
    };
    html! {
        svg xmlns="http://www.w3.org/2000/svg" role="img" width=(total_width) height=(height)
            viewBox=(format!("0 0 {total_width} {height}")) {
            text x=(horizon.left - 6.0) y=(TOP + 12.0) text-anchor="end" { (safe(&truncate(&svc.id, 30))) }
            text x=(horizon.left - 6.0) y=(TOP + 26.0) text-anchor="end" style="font-size:9px" { (limit) }
            @for (i, &from) in days.iter().enumerate() {
                @let x0 = horizon.x(from);
                @let x1 = days.get(i + 1).map_or(horizon.x_end(horizon.last), |&d| horizon.x(d));
                @let before = f64::from(already.on(from));
                @let all = f64::from(plan_away.on(from)).max(before);
                rect x=(x0) y=(y(before)) width=((x1 - x0).max(0.0)) height=(H + TOP - y(before)) fill="#9aa9b8" {}
                rect x=(x0) y=(y(all)) width=((x1 - x0).max(0.0)) height=(y(before) - y(all)) fill="#24598f" {}
            }
            @let ly = y(f64::from(svc.max_deployed));
            line x1=(horizon.left) x2=(horizon.left + horizon.width) y1=(ly) y2=(ly)
                stroke="#b5451b" stroke-width="2" stroke-dasharray="6 3" {}
            text x=(horizon.left + horizon.width + 4.0) y=(ly + 4.0) { (svc.max_deployed) }
            (horizon.axis(TOP + H))
        }
    }
}

/// A mission's positions as bars on the calendar, seats filled in each.
pub(super) fn tour_chart(
    inst: &Instance,
    m: usize,
    positions: &[PositionIx],
    filled: &[u32],
    horizon: &Horizon,
    lang: Lang,
) -> Markup {
    const ROW: f64 = 18.0;
    let mission = &inst.missions[m];
    let total_width = horizon.left + horizon.width + 20.0;
    let height = ROW * (positions.len() + 1) as f64 + 32.0;
    html! {
        svg xmlns="http://www.w3.org/2000/svg" role="img" width=(total_width) height=(height)
            viewBox=(format!("0 0 {total_width} {height}")) {
            text x=(horizon.left - 6.0) y="13" text-anchor="end" style="font-weight:600" { (safe(&truncate(&mission.id, 30))) }
            @for (i, p) in positions.iter().enumerate() {
                @let pos = &inst.positions[p.0];
                @let y = ROW * (i + 1) as f64;
                @let (x0, x1) = (horizon.x(pos.start), horizon.x_end(pos.end));
                @let short = filled[p.0] < pos.count;
                text x=(horizon.left - 6.0) y=(y + 12.0) text-anchor="end" { title { (safe(&pos.role)) } (safe(&truncate_role(&pos.role, 27))) }
                rect x=(x0) y=(y + 2.0) width=((x1 - x0).max(1.0)) height=(ROW - 5.0) fill="#d9e4ef" {}
                @let share = if pos.count == 0 { 0.0 } else { f64::from(filled[p.0]) / f64::from(pos.count) };
                rect x=(x0) y=(y + 2.0) width=(((x1 - x0) * share).max(0.0)) height=(ROW - 5.0)
                    fill=(if short { "#b5451b" } else { "#24598f" }) {}
                @let label = format!("{}/{} · {}", filled[p.0], pos.count, lang.fill(Msg::TourFromTo, &[("start", &pos.start), ("end", &pos.end)]));
                // Inside the bar where it fits (about 5.6 pixels a
                // character): white on a full bar, dark on an empty one,
                // dark with a light halo on one partly filled. Else dark,
                // after the bar, or before it near the chart's right end.
                @let wide = label.chars().count() as f64 * 5.6;
                @let inside = wide + 8.0 <= x1 - x0;
                @let (lx, anchor) = if inside { (x0 + 4.0, "start") } else if x1 + 4.0 + wide <= horizon.left + horizon.width + 20.0 { (x1 + 4.0, "start") } else { (x0 - 4.0, "end") };
                @let ink = if !inside || share <= 0.0 { "fill:#1d2733" } else if share >= 1.0 { "fill:#fff" } else { "fill:#1d2733;paint-order:stroke;stroke:#fff;stroke-width:3px" };
                text x=(lx) y=(y + 12.0) text-anchor=(anchor) style=(format!("{ink};font-size:10px")) {
                    (label)
                }
            }
            (horizon.axis(ROW * (positions.len() + 1) as f64 + 2.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn horizon(first: &str, last: &str) -> Horizon {
        Horizon {
            first: Date::parse(first).unwrap(),
            last: Date::parse(last).unwrap(),
            left: 190.0,
            width: 620.0,
        }
    }

    fn labels(h: &Horizon) -> Vec<String> {
        h.ticks().into_iter().filter_map(|(_, l)| l).collect()
    }

    /// Labels never crowd each other: one a month over a year, fewer over
    /// longer horizons, every January over a decade; a tick each month
    /// but over two decades, where Januaries are ticked and every other
    /// one labelled.
    #[test]
    fn month_labels_leave_room_for_each_other() {
        let year = horizon("2027-01-15", "2027-12-31");
        assert_eq!(labels(&year).len(), 11);
        let two = horizon("2027-02-01", "2029-01-31");
        assert_eq!(labels(&two)[..3], ["2027-03", "2027-05", "2027-07"]);
        assert_eq!(two.ticks().len(), 23);
        let decade = horizon("2027-01-01", "2036-12-31");
        assert!(labels(&decade).iter().all(|l| l.ends_with("-01")));
        assert_eq!(decade.ticks().len(), 119);
        let long = horizon("2027-01-01", "2046-12-31");
        assert_eq!(long.ticks().len(), 19);
        assert_eq!(labels(&long)[..2], ["2028-01", "2030-01"]);
        for h in [&year, &two, &decade, &long] {
            let xs: Vec<f64> = h
                .ticks()
                .into_iter()
                .filter(|(_, l)| l.is_some())
                .map(|(x, _)| x)
                .collect();
            assert!(xs.windows(2).all(|w| w[1] - w[0] >= 40.0), "{xs:?}");
        }
    }
}
