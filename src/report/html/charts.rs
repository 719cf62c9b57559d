//! The report's bars, folded lists, curves and line charts, drawn as
//! inline SVG and HTML, and the text helpers they share.

use crate::lang::{num_text, Lang, Msg};
use crate::report::rounded;
use crate::whatif::{Comparison, Measures};
use maud::{html, Markup};

/// Bars a chart shows before it folds the rest away.
pub(super) const FOLD_AFTER: usize = 20;

/// A bar chart that leads with what needs the board's attention: up to
/// [`FOLD_AFTER`] bars it is the plain chart; beyond, the flagged bars
/// (short of seats or of a target, or at a limit) come first and the
/// others fold into a `details` element the reader can open, named by
/// `rest` (`"{n} missions with every seat filled"`).
pub(super) fn folded(rows: Vec<Bar>, rest: Msg, lang: Lang) -> Markup {
    if rows.len() <= FOLD_AFTER {
        return bars(&rows);
    }
    let (flagged, others): (Vec<Bar>, Vec<Bar>) = rows.into_iter().partition(|b| b.flag);
    html! {
        @if flagged.is_empty() {
            p.note { (lang.text(Msg::ReportNothingToActOn)) }
        } @else {
            (bars(&flagged))
        }
        @if !others.is_empty() {
            details.fold {
                summary { (lang.fill(rest, &[("n", &others.len())])) }
                (bars(&others))
            }
        }
    }
}

/// One bar of a horizontal bar chart: `value` out of `whole`, an optional
/// target marker (same scale), the text after the bar, and whether to
/// draw it in the warning colour.
pub(super) struct Bar {
    pub(super) label: String,
    pub(super) value: f64,
    pub(super) whole: f64,
    pub(super) target: Option<f64>,
    pub(super) text: String,
    pub(super) flag: bool,
}

/// A horizontal bar chart, one row per bar, scaled to the largest whole.
pub(super) fn bars(rows: &[Bar]) -> Markup {
    const ROW: f64 = 18.0;
    const LABEL: f64 = 190.0;
    const WIDTH: f64 = 460.0;
    const TEXT: f64 = 330.0;
    let scale = rows
        .iter()
        .map(|r| r.whole.max(r.value))
        .fold(0.0, f64::max)
        .max(1e-9);
    let x = |v: f64| LABEL + WIDTH * (v / scale).clamp(0.0, 1.0);
    let height = ROW * rows.len() as f64 + 4.0;
    let total = LABEL + WIDTH + TEXT;
    html! {
        svg xmlns="http://www.w3.org/2000/svg" role="img" width=(total) height=(height)
            viewBox=(format!("0 0 {total} {height}")) {
            @for (i, r) in rows.iter().enumerate() {
                @let y = ROW * i as f64 + 2.0;
                text x=(LABEL - 6.0) y=(y + 12.0) text-anchor="end" { (safe(&truncate(&r.label, 30))) }
                rect x=(LABEL) y=(y + 2.0) width=(x(r.whole) - LABEL) height=(ROW - 5.0) fill="#d9e4ef" {}
                rect x=(LABEL) y=(y + 2.0) width=(x(r.value) - LABEL) height=(ROW - 5.0)
                    fill=(if r.flag { "#b5451b" } else { "#24598f" }) {}
                @if let Some(t) = r.target {
                    line x1=(x(t)) x2=(x(t)) y1=(y) y2=(y + ROW - 1.0) stroke="#1d2733" stroke-width="2" {}
                }
                text x=(LABEL + WIDTH + 8.0) y=(y + 12.0) { (r.text) }
            }
        }
    }
}

/// Text from the input files as shown in a table cell: escaped by maud,
/// and neutralized like a CSV cell so that copying the table into a
/// spreadsheet cannot run a formula.
pub(super) fn safe(text: &str) -> String {
    crate::io::table::neutralize(text).into_owned()
}

/// A role cut to `chars` characters, a successor seat's `@YYYY-MM-DD`
/// kept whole, so that the seats of one role stay apart.
pub(super) fn truncate_role(role: &str, chars: usize) -> String {
    if let Some((base, date)) = role.rsplit_once('@') {
        let tail = date.chars().count() + 1;
        if tail + 1 < chars {
            return format!("{}@{date}", truncate(base, chars - tail));
        }
    }
    truncate(role, chars)
}

pub(super) fn truncate(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_string()
    } else {
        let mut t: String = text.chars().take(chars - 1).collect();
        t.push('…');
        t
    }
}

/// Line charts of a sweep: each level and the seats and women share
/// against the swept value (read from the scenario names `FIELD=VALUE`),
/// each value as whatif.csv writes it.
pub(super) fn curves(rows: &[Comparison], lang: Lang) -> Markup {
    let points: Vec<(f64, &Measures)> = rows
        .iter()
        .filter_map(|r| {
            let (_, v) = r.scenario.split_once('=')?;
            let x = v.parse::<f64>().ok()?;
            Some((x, r.solved()?))
        })
        .collect();
    // A measure of a plan; none when there is nothing to measure.
    type Measure = fn(&Measures) -> Option<f64>;
    let series: [(Msg, Measure); 5] = [
        (Msg::SeriesQuality, |m| Some(m.quality)),
        (Msg::SeriesFill, |m| Some(m.fill)),
        (Msg::SeriesBalanceShortfall, |m| Some(m.balance)),
        (Msg::SeriesSeatsFilled, |m| Some(m.seats_filled as f64)),
        (Msg::SeriesWomenShare, |m| m.women_share),
    ];
    html! {
        @for (title, value) in series {
            @let line: Vec<(f64, f64)> = points
                .iter()
                .filter_map(|(x, m)| Some((*x, rounded(value(m)?))))
                .collect();
            h3 { (lang.text(title)) }
            (line_chart(&line, lang))
        }
    }
}

pub(super) fn line_chart(points: &[(f64, f64)], lang: Lang) -> Markup {
    const W: f64 = 640.0;
    const H: f64 = 200.0;
    const LEFT: f64 = 70.0;
    const BOTTOM: f64 = 28.0;
    if points.is_empty() {
        return html! { p.note { (lang.text(Msg::ReportNoSolvedPoint)) } };
    }
    let (x0, x1) = range(points.iter().map(|p| p.0));
    let (y0, y1) = range(points.iter().map(|p| p.1));
    let px = |x: f64| LEFT + (W - LEFT - 20.0) * (x - x0) / (x1 - x0);
    let py = |y: f64| 10.0 + (H - BOTTOM - 10.0) * (1.0 - (y - y0) / (y1 - y0));
    let path: Vec<String> = points
        .iter()
        .map(|&(x, y)| format!("{:.1},{:.1}", px(x), py(y)))
        .collect();
    html! {
        svg xmlns="http://www.w3.org/2000/svg" role="img" width=(W) height=(H) viewBox=(format!("0 0 {W} {H}")) {
            line x1=(LEFT) x2=(W - 20.0) y1=(H - BOTTOM) y2=(H - BOTTOM) stroke="#5b6b7c" {}
            line x1=(LEFT) x2=(LEFT) y1="10" y2=(H - BOTTOM) stroke="#5b6b7c" {}
            text x=(LEFT - 6.0) y=(py(y1) + 4.0) text-anchor="end" { (num_text(y1, lang)) }
            text x=(LEFT - 6.0) y=(py(y0) + 4.0) text-anchor="end" { (num_text(y0, lang)) }
            @for &(x, _) in points {
                text x=(px(x)) y=(H - BOTTOM + 16.0) text-anchor="middle" { (num_text(x, lang)) }
            }
            polyline points=(path.join(" ")) fill="none" stroke="#24598f" stroke-width="2" {}
            @for &(x, y) in points {
                circle cx=(px(x)) cy=(py(y)) r="3" fill="#24598f" {}
            }
        }
    }
}

/// The range of the values, widened when flat so the chart has a scale.
/// A flat measure that cannot be negative (seats, a shortfall of 0, a
/// share) is widened from 0, so no axis reads "−1 officers short".
pub(super) fn range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    if hi - lo >= 1e-9 {
        (lo, hi)
    } else if lo < 0.0 {
        (lo - 1.0, hi + 1.0)
    } else if lo < 1e-9 {
        (0.0, 1.0)
    } else {
        (0.0, 2.0 * hi)
    }
}
