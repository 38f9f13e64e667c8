//! Chart models from the engine's sweep and grid, and its liquidation prices.
//! This is the one place where exact decimals become f64, and only as pixel
//! positions; every label is formatted from the exact decimal.
use margin_engine::num::Checked;
use margin_engine::{Analyzer, Book, Decimal, Error, Prices, Snapshot, Variant, Verdict};

use crate::hooks::path_run::Left;
use rust_decimal::prelude::ToPrimitive;

use crate::charts::palette::{CONFIGURED, CROSS, ISOLATED};
use crate::format::{price, short};
use crate::state::prices::slider_range;

/// Points along the value chart's price axis, and per axis of the verdict map.
pub const SWEEP_POINTS: usize = 241;
pub const GRID_POINTS: usize = 64;

/// A decimal as a pixel coordinate.
pub fn px(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// The value chart's range: ±50 % of the mark, or the price sliders' whole
/// range when `wide` (the price has left the narrow range).
pub fn chart_range(mark: Decimal, wide: bool) -> (Decimal, Decimal) {
    if wide {
        slider_range(mark)
    } else {
        (
            mark.over(Decimal::TWO).unwrap_or(mark),
            mark.times(Decimal::new(15, 1)).unwrap_or(mark),
        )
    }
}

/// Does the price need the wide chart range?
pub fn needs_wide(mark: Decimal, p: Decimal) -> bool {
    let (lo, hi) = chart_range(mark, false);
    p < lo || p > hi
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub color: plotters::style::RGBColor,
    pub width: u32,
    pub points: Vec<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub x: f64,
    /// Already formatted from the exact price, e.g. "Cross liq. 50,487".
    pub label: String,
    pub color: plotters::style::RGBColor,
}

/// A price interval where one set-up is liquidated and the other is not.
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    pub x0: f64,
    pub x1: f64,
    pub verdict: Verdict,
}

/// Account value against one market's price, per set-up.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueChart {
    pub x_desc: String,
    pub y_desc: String,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    pub series: Vec<Series>,
    pub markers: Vec<Marker>,
    pub zones: Vec<Zone>,
}

/// The verdict over two markets' prices.
#[derive(Debug, Clone, PartialEq)]
pub struct MapChart {
    pub x_desc: String,
    pub y_desc: String,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    pub nx: usize,
    pub ny: usize,
    /// Row-major, rows from `y_range.0` upwards: verdict codes.
    pub cells: Vec<u8>,
}

fn axis(a: &Analyzer, m: usize, n: usize, wide: bool) -> Result<Vec<Decimal>, Error> {
    let (lo, hi) = chart_range(a.book().market(m)?.mark, wide);
    margin_engine::axis(lo, hi, n, "chart")
}

/// A set-up's line: its label, colour and width (one colour per mode).
fn line_style(v: Variant) -> (&'static str, plotters::style::RGBColor, u32) {
    match v {
        Variant::AllCross => ("Cross", CROSS, 3),
        Variant::AllIsolated => ("Isolated", ISOLATED, 3),
        Variant::AsConfigured => ("As configured", CONFIGURED, 2),
    }
}

/// Adds a set-up's line over the sweep's prices `xf`, widening `lo..hi`.
fn push_line(
    series: &mut Vec<Series>,
    range: &mut (f64, f64),
    xf: &[f64],
    values: &[Decimal],
    v: Variant,
) {
    let (label, color, width) = line_style(v);
    let points: Vec<(f64, f64)> = xf.iter().zip(values).map(|(&x, &y)| (x, px(y))).collect();
    for &(_, y) in &points {
        range.0 = range.0.min(y);
        range.1 = range.1.max(y);
    }
    series.push(Series {
        label: label.to_owned(),
        color,
        width,
        points,
    });
}

/// The chart from its parts: markers outside the x range dropped, the y
/// range padded around the lines (and always showing 0).
fn finish(
    x_desc: String,
    q: &str,
    xf: &[f64],
    range: (f64, f64),
    series: Vec<Series>,
    mut markers: Vec<Marker>,
    zones: Vec<Zone>,
) -> ValueChart {
    let (x0, x1) = (
        xf.first().copied().unwrap_or(0.0),
        xf.last().copied().unwrap_or(1.0),
    );
    markers.retain(|mk| mk.x >= x0 && mk.x <= x1);
    let (lo, hi) = range;
    let pad = ((hi - lo) * 0.06).max(1.0);
    ValueChart {
        x_desc,
        y_desc: format!("Account value ({q})"),
        x_range: (x0, x1),
        y_range: (lo - if lo < 0.0 { pad } else { 0.0 }, hi + pad),
        series,
        markers,
        zones,
    }
}

/// The value chart after a path (path mode): each set-up's line is the book
/// the path left it — what was liquidated on the way stays closed and its
/// loss stays lost — swept along market `m`, the others at `prices`; its
/// markers are that book's liquidation prices.
pub fn value_chart_after_path(
    original: &Book,
    left: &[Left],
    prices: &Prices,
    m: usize,
    wide: bool,
) -> Result<ValueChart, Error> {
    let q = original.quote();
    let market = original.market(m)?;
    let symbol = market.symbol.clone();
    let (lo_x, hi_x) = chart_range(market.mark, wide);
    let xs = margin_engine::axis(lo_x, hi_x, SWEEP_POINTS, "chart")?;
    let xf: Vec<f64> = xs.iter().map(|&x| px(x)).collect();
    let mut lines = Vec::new();
    for l in left {
        if l.variant == Variant::AsConfigured && !original.is_mixed() {
            continue;
        }
        let sw = l.book.sweep(prices, m, xs.clone())?;
        if let Some(s) = sw
            .series
            .into_iter()
            .find(|s| s.variant == Variant::AsConfigured)
        {
            lines.push((l, s));
        }
    }
    lines.sort_by_key(|(l, _)| l.variant == Variant::AsConfigured);
    let mut range = (0.0f64, 0.0f64);
    let mut series = Vec::new();
    let mut markers = Vec::new();
    for (l, s) in &lines {
        push_line(&mut series, &mut range, &xf, &s.values, l.variant);
        let color = line_style(l.variant).1;
        if let Some(b) =
            l.book
                .cross_liquidation(prices, m, margin_engine::Boundary::Liquidation)?
        {
            let who = if l.variant == Variant::AsConfigured {
                "Your book: cross"
            } else {
                "Cross"
            };
            if l.variant != Variant::AllIsolated {
                for x in [b.bounds.down, b.bounds.up].into_iter().flatten() {
                    markers.push(Marker {
                        x: px(x),
                        label: format!("{who} liq. {}", price(x)),
                        color,
                    });
                }
            }
        }
        if l.variant == Variant::AllIsolated {
            for (k, i) in l.index.iter().enumerate() {
                if l.book.positions().get(k).is_some_and(|p| p.market == m) {
                    if let Some(x) = l
                        .book
                        .isolated_liquidation_price(k, margin_engine::Boundary::Liquidation)?
                    {
                        markers.push(Marker {
                            x: px(x),
                            label: format!(
                                "#{} {} isolated liq. {}",
                                i.saturating_add(1),
                                short(&symbol, q),
                                price(x)
                            ),
                            color: ISOLATED,
                        });
                    }
                }
            }
        }
    }
    // Zones: what each set-up the path left would go through along this market.
    let mut zones: Vec<Zone> = Vec::new();
    let find = |v: Variant| lines.iter().find(|(l, _)| l.variant == v);
    if let (Some((_, c)), Some((li, i))) = (find(Variant::AllCross), find(Variant::AllIsolated)) {
        let n = li.book.positions().len();
        zones = zones_of(&xf, &c.cross_liquidated, &i.isolated_liquidated, n);
    }
    Ok(finish(
        format!("{symbol} price ({q}) — after the path"),
        q,
        &xf,
        range,
        series,
        markers,
        zones,
    ))
}

/// The shaded zones along the x axis where exactly one of cross and
/// isolated loses (merged runs of sweep points).
fn zones_of(
    xf: &[f64],
    cross_liquidated: &[bool],
    isolated_liquidated: &[usize],
    n: usize,
) -> Vec<Zone> {
    let mut zones: Vec<Zone> = Vec::new();
    let half = xf
        .get(1)
        .zip(xf.first())
        .map(|(b, a)| (b - a) / 2.0)
        .unwrap_or(0.0);
    let cells = cross_liquidated.iter().zip(isolated_liquidated);
    for (&x, (&cross_liq, &iso_lost)) in xf.iter().zip(cells) {
        let verdict = Verdict::classify(cross_liq, iso_lost, n);
        if !matches!(
            verdict,
            Verdict::CrossWipedIsolatedSurvives | Verdict::IsolatedLosesCrossSurvives
        ) {
            continue;
        }
        match zones.last_mut() {
            Some(z) if z.verdict == verdict && (z.x1 - (x - half)).abs() < half * 0.01 + 1e-12 => {
                z.x1 = x + half
            }
            _ => zones.push(Zone {
                x0: x - half,
                x1: x + half,
                verdict,
            }),
        }
    }
    zones
}

/// Account value along market `m` (the others at the snapshot's prices).
pub fn value_chart(
    a: &Analyzer,
    snap: &Snapshot,
    m: usize,
    wide: bool,
) -> Result<ValueChart, Error> {
    let book = a.book();
    let q = book.quote();
    let symbol = book.market(m)?.symbol.clone();
    let sw = book.sweep(snap.prices(), m, axis(a, m, SWEEP_POINTS, wide)?)?;
    let xf: Vec<f64> = sw.prices.iter().map(|&x| px(x)).collect();
    let mut series = Vec::new();
    let mut range = (0.0f64, 0.0f64);
    // The user's own book is drawn last, on top of the two pure set-ups.
    let mut ordered: Vec<_> = sw.series.iter().collect();
    ordered.sort_by_key(|s| s.variant == Variant::AsConfigured);
    for s in ordered {
        if s.variant == Variant::AsConfigured && !book.is_mixed() {
            continue;
        }
        push_line(&mut series, &mut range, &xf, &s.values, s.variant);
    }
    let find = |v: Variant| sw.series.iter().find(|s| s.variant == v);
    let mut zones: Vec<Zone> = Vec::new();
    if let (Some(c), Some(i)) = (find(Variant::AllCross), find(Variant::AllIsolated)) {
        zones = zones_of(
            &xf,
            &c.cross_liquidated,
            &i.isolated_liquidated,
            book.positions().len(),
        );
    }
    let mut markers = Vec::new();
    let price_m = snap.prices().get(m)?;
    if let Some(b) = snap
        .variant(Variant::AllCross)
        .and_then(|v| v.cross.as_ref())
        .and_then(|c| c.liquidation(m, price_m))
    {
        for x in [b.down, b.up].into_iter().flatten() {
            markers.push(Marker {
                x: px(x),
                label: format!("Cross liq. {}", price(x)),
                color: CROSS,
            });
        }
    }
    if book.is_mixed() {
        if let Some(b) = snap
            .variant(Variant::AsConfigured)
            .and_then(|v| v.cross.as_ref())
            .and_then(|c| c.liquidation(m, price_m))
        {
            for x in [b.down, b.up].into_iter().flatten() {
                markers.push(Marker {
                    x: px(x),
                    label: format!("Your book: cross liq. {}", price(x)),
                    color: CONFIGURED,
                });
            }
        }
    }
    for i in (0..book.positions().len())
        .filter(|&i| book.positions().get(i).is_some_and(|p| p.market == m))
    {
        if let Some(x) = a
            .isolated_prices(Variant::AllIsolated, i)
            .and_then(|ip| ip.liquidation)
        {
            let label = format!(
                "#{} {} isolated liq. {}",
                i.saturating_add(1),
                short(&symbol, q),
                price(x)
            );
            markers.push(Marker {
                x: px(x),
                label,
                color: ISOLATED,
            });
        }
    }
    Ok(finish(
        format!("{symbol} price ({q})"),
        q,
        &xf,
        range,
        series,
        markers,
        zones,
    ))
}

/// The verdict map over markets `mx` × `my` (the others at the snapshot's prices).
pub fn map_chart(a: &Analyzer, snap: &Snapshot, mx: usize, my: usize) -> Result<MapChart, Error> {
    let q = a.book().quote();
    let xs = axis(a, mx, GRID_POINTS, true)?;
    let ys = axis(a, my, GRID_POINTS, true)?;
    let range = |v: &[Decimal]| {
        (
            v.first().copied().map(px).unwrap_or(0.0),
            v.last().copied().map(px).unwrap_or(1.0),
        )
    };
    let (x_range, y_range) = (range(&xs), range(&ys));
    let g = a.book().grid(snap.prices(), mx, my, xs, ys)?;
    Ok(MapChart {
        x_desc: format!("{} price ({q})", g.x_market),
        y_desc: format!("{} price ({q})", g.y_market),
        x_range,
        y_range,
        nx: GRID_POINTS,
        ny: GRID_POINTS,
        cells: g.cells,
    })
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    use crate::test_support::analyzer;

    #[test]
    fn after_a_swing_the_lines_are_the_books_the_path_left() {
        use crate::hooks::path_run::PathRun;
        let b = Book::from_json(margin_engine::samples::get("hedged-pair").unwrap().json).unwrap();
        let up = b
            .moved_prices(&b.marks(), Decimal::new(12, 2), "m")
            .unwrap();
        let mut run = PathRun::new(&b, 0, 1);
        for p in [b.marks(), up, b.marks()] {
            run.visit(&p);
        }
        let view = run.view();
        let c = value_chart_after_path(&b, &view.left, &b.marks(), 0, false).unwrap();
        let at_mark = |label: &str| {
            let s = c.series.iter().find(|s| s.label == label).unwrap();
            s.points
                .iter()
                .min_by(|x, y| (x.0 - 60_000.0).abs().total_cmp(&(y.0 - 60_000.0).abs()))
                .unwrap()
                .1
        };
        // Back at the marks: isolated keeps only the BTC long and 6,000;
        // cross is whole.
        assert!(
            (at_mark("Isolated") - 6_000.0).abs() < 60.0,
            "{}",
            at_mark("Isolated")
        );
        assert!(
            (at_mark("Cross") - 12_000.0).abs() < 60.0,
            "{}",
            at_mark("Cross")
        );
        assert!(c.x_desc.ends_with("after the path"));
        // The liquidated ETH short has no marker left; the BTC long has its own.
        assert!(
            c.markers.iter().all(|m| !m.label.starts_with("#2")),
            "{:?}",
            c.markers
        );
        assert!(c
            .markers
            .iter()
            .any(|m| m.label.starts_with("#1 BTC isolated liq.")));
    }

    #[test]
    fn value_chart_has_three_series_markers_and_zones() {
        let a = analyzer();
        let snap = a.snapshot(&a.book().marks(), None).unwrap();
        let c = value_chart(&a, &snap, 0, false).unwrap();
        assert_eq!(c.series.len(), 3);
        assert!(
            c.markers.iter().any(|m| m.label == "Cross liq. 50,487"),
            "{:?}",
            c.markers
        );
        assert!(
            c.markers
                .iter()
                .any(|m| m.label == "#1 BTC isolated liq. 57,236"),
            "{:?}",
            c.markers
        );
        assert!(!c.zones.is_empty());
        let (svg, _) = crate::charts::svg::render((640, 360), "v", |r| {
            crate::charts::draw::value_chart(r, &c)
        });
        for m in &c.markers {
            assert!(svg.contains(&m.label), "marker {} drawn", m.label);
        }
        assert!(svg.contains("BTCUSDT price (USDT)"));
    }

    #[test]
    fn map_chart_is_64_by_64() {
        let a = analyzer();
        let snap = a.snapshot(&a.book().marks(), None).unwrap();
        let c = map_chart(&a, &snap, 0, 1).unwrap();
        assert_eq!(c.cells.len(), 64 * 64);
        assert!(c.cells.iter().any(|&v| v != 0));
    }
}
