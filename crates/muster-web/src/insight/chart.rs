//! Charts drawn on the server as SVG text: no chart library, no script, no
//! CDN. Durations span minutes to weeks, so their axis is logarithmic, with
//! ticks people read (a minute, ten minutes, an hour, six hours, a day, a
//! week). Every text is escaped here, because the template inserts the
//! markup as it is.

use std::fmt::Write as _;

/// Text safe inside SVG elements and attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `45 s`, `12 min`, `3.5 h`, `2.1 d`.
pub fn human(secs: i64) -> String {
    let s = secs.max(0) as f64;
    if s < 60.0 {
        format!("{secs} s")
    } else if s < 3600.0 {
        format!("{:.0} min", s / 60.0)
    } else if s < 86_400.0 {
        format!("{:.1} h", s / 3600.0)
    } else {
        format!("{:.1} d", s / 86_400.0)
    }
}

const TICKS: [(i64, &str); 6] = [
    (60, "1 min"),
    (600, "10 min"),
    (3600, "1 h"),
    (21_600, "6 h"),
    (86_400, "1 d"),
    (604_800, "1 wk"),
];

const W: f64 = 640.0;
const H: f64 = 220.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 34.0;

/// The logarithmic duration axis: a minute at the bottom, four weeks at the top.
fn y(secs: i64) -> f64 {
    let (lo, hi) = (60f64.log10(), 2_419_200f64.log10());
    let v = (secs.max(60) as f64).log10().min(hi);
    TOP + (H - TOP - BOTTOM) * (1.0 - (v - lo) / (hi - lo))
}

/// One incident's value of a measure, at its position in time (0..1).
pub struct Point {
    pub at: f64,
    pub secs: i64,
    pub label: String,
}

/// One month's median and 90th percentile.
pub struct MonthStat {
    pub month: String,
    pub median: i64,
    pub p90: i64,
    pub count: u32,
}

/// Each incident as a dot by when it was declared, and each month's median
/// (solid) and 90th percentile (dashed) as lines, on the duration axis.
pub fn over_time(title: &str, points: &[Point], months: &[MonthStat]) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = esc(title)
    );
    let plot_w = W - LEFT - RIGHT;
    for (secs, label) in TICKS {
        let ty = y(secs);
        let _ = write!(
            out,
            r#"<line class="grid" x1="{LEFT}" x2="{x2}" y1="{ty:.1}" y2="{ty:.1}"/><text class="tick" x="{tx}" y="{yy:.1}" text-anchor="end">{label}</text>"#,
            x2 = W - RIGHT,
            tx = LEFT - 6.0,
            yy = ty + 4.0
        );
    }
    out.push_str(r#"<g class="dots">"#);
    for p in points {
        let _ = write!(
            out,
            r#"<circle cx="{:.1}" cy="{:.1}" r="2.2"><title>{}: {}</title></circle>"#,
            LEFT + plot_w * p.at.clamp(0.0, 1.0),
            y(p.secs),
            esc(&p.label),
            human(p.secs)
        );
    }
    out.push_str("</g>");
    if !months.is_empty() {
        let step = plot_w / months.len() as f64;
        let x = |i: usize| LEFT + step * (i as f64 + 0.5);
        for (class, pick) in [("median", 0), ("p90", 1)] {
            let coords: Vec<String> = months
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let v = if pick == 0 { m.median } else { m.p90 };
                    format!("{:.1},{:.1}", x(i), y(v))
                })
                .collect();
            let _ = write!(
                out,
                r#"<polyline class="{class}" points="{}"/>"#,
                coords.join(" ")
            );
        }
        // Month labels: at most about a dozen, so they never overlap.
        let every = months.len().div_ceil(12).max(1);
        for (i, m) in months.iter().enumerate() {
            let _ = write!(
                out,
                r#"<circle class="median-dot" cx="{:.1}" cy="{:.1}" r="3"><title>{}: median {}, 90th percentile {}, {} incidents</title></circle>"#,
                x(i),
                y(m.median),
                esc(&m.month),
                human(m.median),
                human(m.p90),
                m.count
            );
            if i % every == 0 {
                let _ = write!(
                    out,
                    r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                    x(i),
                    H - BOTTOM + 16.0,
                    esc(&m.month)
                );
            }
        }
    }
    out.push_str("</svg>");
    out
}

/// A horizontal bar, as long as `secs` is on the duration axis, with a tick
/// for the 90th percentile.
pub fn bar(median: i64, p90: i64) -> String {
    let w = 160.0;
    let scale = |s: i64| {
        let (lo, hi) = (60f64.log10(), 2_419_200f64.log10());
        w * (((s.max(60) as f64).log10().min(hi) - lo) / (hi - lo)).max(0.02)
    };
    format!(
        r#"<svg class="bar" viewBox="0 0 {w} 14" width="{w}" height="14" role="img" aria-label="median {m}, 90th percentile {p}" xmlns="http://www.w3.org/2000/svg"><rect class="median" x="0" y="3" width="{mw:.1}" height="8"/><rect class="p90" x="{px:.1}" y="0" width="2" height="14"/></svg>"#,
        m = human(median),
        p = human(p90),
        mw = scale(median),
        px = (scale(p90) - 2.0).max(0.0),
    )
}

/// Kept against missed (and not due yet), as one stacked bar.
pub fn tally(label: &str, kept: u32, missed: u32, pending: u32) -> String {
    let total = (kept + missed + pending).max(1) as f64;
    let w = 300.0;
    let (kw, mw) = (w * kept as f64 / total, w * missed as f64 / total);
    format!(
        r#"<svg class="tally" viewBox="0 0 {w} 16" width="{w}" height="16" role="img" aria-label="{l}: {kept} kept, {missed} missed, {pending} not due yet" xmlns="http://www.w3.org/2000/svg"><rect class="kept" x="0" y="0" width="{kw:.1}" height="16"/><rect class="missed" x="{kw:.1}" y="0" width="{mw:.1}" height="16"/><rect class="pending" x="{pw:.1}" y="0" width="{rest:.1}" height="16"/></svg>"#,
        l = esc(label),
        pw = kw + mw,
        rest = (w - kw - mw).max(0.0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_the_axis_is_logarithmic() {
        let svg = over_time(
            "Time to <declare>",
            &[Point {
                at: 0.5,
                secs: 3600,
                label: "INC-1 \"x\"".into(),
            }],
            &[MonthStat {
                month: "2026-11".into(),
                median: 600,
                p90: 86_400,
                count: 3,
            }],
        );
        assert!(svg.contains("Time to &lt;declare&gt;"));
        assert!(svg.contains("INC-1 &quot;x&quot;: 1.0 h"));
        assert!(!svg.contains("<declare>"));
        // An hour sits above ten minutes and below a day.
        assert!(y(3600) < y(600) && y(3600) > y(86_400));
        assert_eq!(y(1), y(60), "under a minute sits on the floor");
    }

    #[test]
    fn tallies_split_the_bar_by_share() {
        let svg = tally("Report-backs", 3, 1, 0);
        assert!(
            svg.contains(r#"class="kept" x="0" y="0" width="225.0""#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"class="missed" x="225.0" y="0" width="75.0""#),
            "{svg}"
        );
    }
}
