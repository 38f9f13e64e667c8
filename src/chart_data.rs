//! Chart data from the engine's sweep and grid: exact results, converted to
//! f64 only as pixel positions. Labels are formatted from the exact decimals.
use margin_engine::line::Requirement;
use margin_engine::liquidation::{cross_prices, isolated_price};
use margin_engine::sweep::{axis, grid, sweep};
use margin_engine::{Book, Decimal, Error, Prices, Variant, Verdict};
use rust_decimal::prelude::ToPrimitive;

use crate::analysis::{is_mixed, short};
use crate::chart::{MapChart, Marker, Series, ValueChart, Zone, CONFIGURED, CROSS, ISOLATED};
use crate::format::price;

pub const SWEEP_POINTS: usize = 241;
pub const GRID_POINTS: usize = 64;

fn px(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// The price range of a market's slider and chart axis: −90 % … +200 % of the mark.
pub fn price_range(mark: Decimal) -> (Decimal, Decimal) {
    (mark / Decimal::TEN, mark * Decimal::from(3))
}

/// The value chart's range: ±50 % of the mark, or the whole slider range
/// when `wide` (the price has left the narrow range).
pub fn chart_range(mark: Decimal, wide: bool) -> (Decimal, Decimal) {
    if wide {
        price_range(mark)
    } else {
        (mark / Decimal::TWO, mark * Decimal::new(15, 1))
    }
}

/// Does the price need the wide chart range?
pub fn needs_wide(mark: Decimal, p: Decimal) -> bool {
    let (lo, hi) = chart_range(mark, false);
    p < lo || p > hi
}

fn market_axis(book: &Book, m: usize, n: usize, wide: bool) -> Result<Vec<Decimal>, Error> {
    let mark = book.markets.get(m).map(|x| x.mark).unwrap_or(Decimal::ONE);
    let (lo, hi) = chart_range(mark, wide);
    axis(lo, hi, n, "chart")
}

/// Account value along market `m` (others at `prices`), without the cursor.
pub fn value_chart(book: &Book, prices: &Prices, m: usize, wide: bool) -> Result<ValueChart, Error> {
    let q = book.quote.as_str();
    let symbol = book.markets.get(m).map(|x| x.symbol.clone()).unwrap_or_default();
    let xs = market_axis(book, m, SWEEP_POINTS, wide)?;
    let sw = sweep(book, prices, m, xs)?;
    let xf: Vec<f64> = sw.prices.iter().map(|&x| px(x)).collect();
    let mixed = is_mixed(book);
    let mut series = Vec::new();
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for s in &sw.series {
        let (label, color, width) = match s.variant {
            Variant::AllCross => ("Cross", CROSS, 3),
            Variant::AllIsolated => ("Isolated", ISOLATED, 3),
            Variant::AsConfigured if mixed => ("As configured", CONFIGURED, 2),
            Variant::AsConfigured => continue,
        };
        let points: Vec<(f64, f64)> = xf.iter().zip(&s.values).map(|(&x, &v)| (x, px(v))).collect();
        for &(_, y) in &points {
            lo = lo.min(y);
            hi = hi.max(y);
        }
        series.push(Series { label: label.to_owned(), color, width, points });
    }
    let find = |v: Variant| sw.series.iter().find(|s| s.variant == v);
    let mut zones: Vec<Zone> = Vec::new();
    if let (Some(c), Some(i)) = (find(Variant::AllCross), find(Variant::AllIsolated)) {
        let n = book.positions.len();
        let step = xf.get(1).zip(xf.first()).map(|(b, a)| (b - a) / 2.0).unwrap_or(0.0);
        for (k, &x) in xf.iter().enumerate() {
            let cl = c.cross_liquidated.get(k).copied().unwrap_or(false);
            let il = i.isolated_liquidated.get(k).copied().unwrap_or(0);
            let code = Verdict::classify(cl, il, n).code();
            if code != 1 && code != 2 {
                continue;
            }
            match zones.last_mut() {
                Some(z) if z.code == code && (z.x1 - (x - step)).abs() < step * 0.01 + 1e-12 => z.x1 = x + step,
                _ => zones.push(Zone { x0: x - step, x1: x + step, code }),
            }
        }
    }
    let mut markers = Vec::new();
    if let Ok(cb) = Variant::AllCross.apply(book) {
        if let Some((_, b)) = cross_prices(&cb, prices, m, Requirement::Maintenance)? {
            for x in [b.down, b.up].into_iter().flatten() {
                markers.push(Marker { x: px(x), label: format!("Cross liq. {}", price(x)), color: CROSS });
            }
        }
    }
    if let Ok(ib) = Variant::AllIsolated.apply(book) {
        for (i, p) in ib.positions.iter().enumerate() {
            if p.market != m {
                continue;
            }
            if let Some(x) = isolated_price(&ib, i, Requirement::Maintenance)? {
                let label = format!("#{} {} isolated liq. {}", i + 1, short(&symbol, q), price(x));
                markers.push(Marker { x: px(x), label, color: ISOLATED });
            }
        }
    }
    let (x0, x1) = (xf.first().copied().unwrap_or(0.0), xf.last().copied().unwrap_or(1.0));
    markers.retain(|mk| mk.x >= x0 && mk.x <= x1);
    let pad = ((hi - lo) * 0.06).max(1.0);
    Ok(ValueChart {
        x_desc: format!("{symbol} price ({q})"),
        y_desc: format!("Account value ({q})"),
        x_range: (x0, x1),
        y_range: (lo - if lo < 0.0 { pad } else { 0.0 }, hi + pad),
        series,
        markers,
        zones,
        cursor: None,
    })
}

/// The verdict map over markets `mx` × `my` (others at `prices`), without the cursor.
pub fn map_chart(book: &Book, prices: &Prices, mx: usize, my: usize) -> Result<MapChart, Error> {
    let q = book.quote.as_str();
    let xs = market_axis(book, mx, GRID_POINTS, true)?;
    let ys = market_axis(book, my, GRID_POINTS, true)?;
    let range = |v: &[Decimal]| (v.first().copied().map(px).unwrap_or(0.0), v.last().copied().map(px).unwrap_or(1.0));
    let (x_range, y_range) = (range(&xs), range(&ys));
    let g = grid(book, prices, mx, my, xs, ys)?;
    Ok(MapChart {
        x_desc: format!("{} price ({q})", g.x_market),
        y_desc: format!("{} price ({q})", g.y_market),
        x_range,
        y_range,
        nx: GRID_POINTS,
        ny: GRID_POINTS,
        cells: g.cells,
        cursor: None,
    })
}

/// The cursor position of a price (for pixels only).
pub fn cursor(p: Decimal) -> f64 {
    px(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> Book {
        Book::from_json(margin_engine::samples::default_json()).unwrap()
    }

    #[test]
    fn value_chart_has_three_series_markers_and_zones() {
        let b = book();
        let c = value_chart(&b, &b.marks(), 0, false).unwrap();
        assert_eq!(c.series.len(), 3);
        assert!(c.markers.iter().any(|m| m.label.starts_with("Cross liq.")), "{:?}", c.markers);
        assert!(c.markers.iter().any(|m| m.label.contains("isolated liq.")), "{:?}", c.markers);
        assert!(!c.zones.is_empty());
        let svg = crate::chart::to_svg((640, 360), "v", |r| crate::chart::draw_value_chart(r, &c));
        for m in &c.markers {
            assert!(svg.contains(&m.label), "marker {} drawn", m.label);
        }
        assert!(svg.contains("BTCUSDT price (USDT)"));
    }

    #[test]
    fn map_chart_is_64_by_64() {
        let b = book();
        let c = map_chart(&b, &b.marks(), 0, 1).unwrap();
        assert_eq!(c.cells.len(), 64 * 64);
        assert!(c.cells.iter().any(|&v| v != 0));
    }
}
