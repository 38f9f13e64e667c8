//! Chart drawing with plotters, one pure function per chart, generic over the
//! backend (the page renders to an SVG string; tests do too). f64 is used for
//! pixels only: every number shown as a result comes from the engine. The
//! current price is not drawn here: the page lays it over the chart, so
//! dragging a price does not redraw the chart.
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::charts::model::{MapChart, ValueChart};
use crate::charts::palette::{CROSS, DANGER, INK, ISOLATED, NEUTRAL};
use crate::charts::svg::Frame;
use margin_engine::Verdict;

/// Colour of a verdict on the map and in the value chart's zones: the colour
/// of the margin mode that loses there (the same colour as its column and its
/// line), danger orange where both do.
pub fn verdict_color(v: Verdict) -> RGBColor {
    match v {
        Verdict::CrossWipedIsolatedSurvives => CROSS,
        Verdict::IsolatedLosesCrossSurvives => ISOLATED,
        Verdict::Both => DANGER,
        Verdict::Neither => NEUTRAL,
    }
}

/// The verdict of a map cell's code (0 neither … 3 both).
fn verdict_of(code: u8) -> Verdict {
    match code {
        1 => Verdict::CrossWipedIsolatedSurvives,
        2 => Verdict::IsolatedLosesCrossSurvives,
        3 => Verdict::Both,
        _ => Verdict::Neither,
    }
}

/// Axis tick label: compact, grouped, for pixels only.
pub fn tick(v: f64) -> String {
    let a = v.abs();
    if a >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if a >= 1e4 {
        format!("{:.0}k", v / 1e3)
    } else if a >= 100.0 || a == 0.0 || (a >= 1.0 && v.fract() == 0.0) {
        format!("{v:.0}")
    } else if a >= 1.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.3}")
    }
}

/// A tick label on an axis spanning `span`: [`tick`], or — when the span
/// is narrow for the values (prices a few % apart) — the value grouped
/// with the decimals that tell neighbouring ticks apart.
pub fn tick_in(v: f64, span: f64) -> String {
    let a = v.abs();
    if span <= 0.0 || !span.is_finite() || span >= a * 0.2 {
        return tick(v);
    }
    let dp = (2.0 - span.log10().floor()).clamp(0.0, 8.0);
    // dp is a small whole number in 0..=8.
    let dp = if dp >= 1.0 { dp as u32 } else { 0 };
    let d = margin_engine::Decimal::from_f64_retain(v).unwrap_or_default();
    crate::format::grouped(d, dp)
}

fn font(size: u32) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&INK)
}

/// The frame of a chart's plotting area.
fn frame<DB: DrawingBackend, X: Ranged<ValueType = f64>, Y: Ranged<ValueType = f64>>(
    chart: &ChartContext<'_, DB, Cartesian2d<X, Y>>,
    x_range: (f64, f64),
    y_range: (f64, f64),
) -> Frame {
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    Frame {
        size: (0, 0),
        px: (f64::from(xs.start), f64::from(xs.end)),
        py: (f64::from(ys.start), f64::from(ys.end)),
        x_range,
        y_range,
    }
}

/// Account value against one market's price, per margin set-up.
pub fn value_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &ValueChart,
) -> Result<Frame, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let (x0, x1) = d.x_range;
    let (y0, y1) = d.y_range;
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .margin_top(60)
        .x_label_area_size(48)
        .y_label_area_size(72)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.08))
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|v| tick_in(*v, x1 - x0))
        .y_label_formatter(&|v| tick_in(*v, y1 - y0))
        .label_style(font(15))
        .axis_desc_style(font(15))
        .x_desc(d.x_desc.as_str())
        .y_desc(d.y_desc.as_str())
        .draw()?;
    for z in &d.zones {
        let c = verdict_color(z.verdict);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(z.x0, y0), (z.x1, y1)],
            c.mix(0.16).filled(),
        )))?;
    }
    for s in &d.series {
        chart.draw_series(LineSeries::new(
            s.points.iter().copied(),
            s.color.stroke_width(s.width),
        ))?;
    }
    for (k, m) in d.markers.iter().enumerate() {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(m.x, y0), (m.x, y1)],
            m.color.stroke_width(2),
        )))?;
        let (px, _) = chart.backend_coord(&(m.x, y1));
        let row = i32::try_from(k % 4).unwrap_or(0);
        // Labels keep inside the canvas: right of a marker in the left half, left of it beyond.
        let half = i32::try_from(root.dim_in_pixel().0 / 2).unwrap_or(320);
        let (anchor, dx) = if px > half {
            (HPos::Right, -4)
        } else {
            (HPos::Left, 4)
        };
        root.draw_text(
            &m.label,
            &font(15).color(&m.color).pos(Pos::new(anchor, VPos::Top)),
            (
                px.saturating_add(dx),
                row.saturating_mul(15).saturating_add(2),
            ),
        )?;
    }
    let f = frame(&chart, d.x_range, d.y_range);
    root.present()?;
    Ok(f)
}

/// The verdict over two markets' prices.
pub fn map_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &MapChart,
) -> Result<Frame, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let (x0, x1) = d.x_range;
    let (y0, y1) = d.y_range;
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .x_label_area_size(42)
        .y_label_area_size(58)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(5)
        .y_labels(5)
        .x_label_formatter(&|v| tick(*v))
        .y_label_formatter(&|v| tick(*v))
        .label_style(font(12))
        .axis_desc_style(font(13))
        .x_desc(d.x_desc.as_str())
        .y_desc(d.y_desc.as_str())
        .draw()?;
    let (nx, ny) = (d.nx.max(1), d.ny.max(1));
    let (dx, dy) = ((x1 - x0) / nx as f64, (y1 - y0) / ny as f64);
    // Merge runs of equal cells in a row into one rectangle: a small SVG.
    let mut rects = Vec::new();
    for (r, row) in d.cells.chunks(nx).enumerate().take(ny) {
        let mut start = 0usize;
        for c in 1..=row.len() {
            if c == row.len() || row.get(c) != row.get(start) {
                let code = row.get(start).copied().unwrap_or(0);
                let (xa, xb) = (x0 + dx * start as f64, x0 + dx * c as f64);
                let (ya, yb) = (y0 + dy * r as f64, y0 + dy * (r as f64 + 1.0));
                rects.push(Rectangle::new(
                    [(xa, ya), (xb, yb)],
                    verdict_color(verdict_of(code)).filled(),
                ));
                start = c;
            }
        }
    }
    chart.draw_series(rects)?;
    let f = frame(&chart, d.x_range, d.y_range);
    root.present()?;
    Ok(f)
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::charts::model::{Marker, Series, Zone};
    use crate::charts::svg::render;

    fn chart() -> ValueChart {
        let xs: Vec<f64> = (0..50).map(|i| 6000.0 + i as f64 * 3500.0).collect();
        ValueChart {
            x_desc: "BTCUSDT price (USDT)".into(),
            y_desc: "Account value (USDT)".into(),
            x_range: (6000.0, 180000.0),
            y_range: (0.0, 20000.0),
            series: vec![Series {
                label: "Cross".into(),
                color: CROSS,
                width: 3,
                points: xs.iter().map(|&x| (x, x / 10.0)).collect(),
            }],
            markers: vec![
                Marker {
                    x: 50487.0,
                    label: "Cross liq. 50,487".into(),
                    color: CROSS,
                },
                Marker {
                    x: 57150.0,
                    label: "BTC isolated liq. 57,150".into(),
                    color: ISOLATED,
                },
            ],
            zones: vec![Zone {
                x0: 20000.0,
                x1: 50487.0,
                verdict: Verdict::CrossWipedIsolatedSurvives,
            }],
        }
    }

    #[test]
    fn value_chart_svg_has_axis_labels_a_marker_per_liquidation_price_and_a_frame() {
        let (svg, f) = render((640, 360), "value chart", |r| value_chart(r, &chart()));
        assert!(svg.starts_with("<svg"), "{}", &svg[..80.min(svg.len())]);
        assert!(svg.contains("class=\"chart-svg\""));
        assert!(svg.contains("BTCUSDT price (USDT)"));
        assert!(svg.contains("Account value (USDT)"));
        assert!(svg.contains("Cross liq. 50,487"));
        assert!(svg.contains("BTC isolated liq. 57,150"));
        std::fs::write(std::env::temp_dir().join("value-chart-test.svg"), &svg).ok();
        assert!(
            svg.contains("k\n</text>") || svg.contains("k</text>"),
            "tick labels"
        );
        // The frame maps data to the plotting area, inside the picture.
        assert_eq!(f.size, (640, 360));
        assert!(f.px.0 > 0.0 && f.px.1 < 640.0 && f.px.0 < f.px.1);
        assert!((f.x(6000.0) - f.px.0).abs() < 1e-9 && (f.x(180000.0) - f.px.1).abs() < 1e-9);
        assert!(f.y(0.0) > f.y(20000.0), "y grows upwards");
    }

    #[test]
    fn map_chart_merges_runs() {
        let d = MapChart {
            x_desc: "BTCUSDT price (USDT)".into(),
            y_desc: "ETHUSDT price (USDT)".into(),
            x_range: (0.0, 64.0),
            y_range: (0.0, 64.0),
            nx: 64,
            ny: 64,
            cells: (0..64 * 64)
                .map(|i| if i % 64 < 20 { 1 } else { 0 })
                .collect(),
        };
        let (svg, _) = render((360, 360), "map", |r| map_chart(r, &d));
        assert!(svg.contains("ETHUSDT price (USDT)"));
        assert!(svg.matches("<rect").count() < 64 * 3 + 10, "runs merged");
    }

    #[test]
    fn ticks_are_compact() {
        assert_eq!(tick(60000.0), "60k");
        assert_eq!(tick(1500000.0), "1.5M");
        assert_eq!(tick(3000.0), "3000");
        assert_eq!(tick(1.5), "1.5");
    }
}
