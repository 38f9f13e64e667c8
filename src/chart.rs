//! Chart drawing with plotters, one pure function per chart, generic over the
//! backend (the page renders to an SVG string; tests do too). f64 is used for
//! pixels only: every number shown as a result comes from the engine.
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub const CROSS: RGBColor = RGBColor(0x00, 0x72, 0xB2);
pub const ISOLATED: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
pub const CONFIGURED: RGBColor = RGBColor(0x00, 0x9E, 0x73);
pub const DANGER: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
pub const NEUTRAL: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);
pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);

/// Colour of a verdict code on the map (0 neither, 1 cross wiped & isolated
/// survives, 2 isolated loses & cross survives, 3 both).
pub fn verdict_color(code: u8) -> RGBColor {
    match code {
        1 => ISOLATED,
        2 => CROSS,
        3 => DANGER,
        _ => NEUTRAL,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub color: RGBColor,
    pub width: u32,
    pub points: Vec<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub x: f64,
    /// Already formatted from the exact price, e.g. "Cross liq. 50,487".
    pub label: String,
    pub color: RGBColor,
}

/// A price interval where one set-up is liquidated and the other is not.
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    pub x0: f64,
    pub x1: f64,
    /// Verdict code: 1 (isolated better) or 2 (cross better).
    pub code: u8,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValueChart {
    pub x_desc: String,
    pub y_desc: String,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    pub series: Vec<Series>,
    pub markers: Vec<Marker>,
    pub zones: Vec<Zone>,
    pub cursor: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MapChart {
    pub x_desc: String,
    pub y_desc: String,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    pub nx: usize,
    pub ny: usize,
    /// Row-major, rows from `y_range.0` upwards.
    pub cells: Vec<u8>,
    pub cursor: Option<(f64, f64)>,
}

pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Axis tick label: compact, grouped, for pixels only.
pub fn tick(v: f64) -> String {
    let a = v.abs();
    if a >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if a >= 1e4 {
        format!("{:.0}k", v / 1e3)
    } else if a >= 100.0 || a == 0.0 {
        format!("{v:.0}")
    } else if a >= 1.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.3}")
    }
}

fn font(size: u32) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&INK)
}

/// Account value against one market's price, per margin set-up.
pub fn draw_value_chart<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, d: &ValueChart) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let (x0, x1) = d.x_range;
    let (y0, y1) = d.y_range;
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .margin_top(46)
        .x_label_area_size(48)
        .y_label_area_size(72)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.08))
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|v| tick(*v))
        .y_label_formatter(&|v| tick(*v))
        .label_style(font(15))
        .axis_desc_style(font(15))
        .x_desc(d.x_desc.as_str())
        .y_desc(d.y_desc.as_str())
        .draw()?;
    for z in &d.zones {
        let c = if z.code == 1 { ISOLATED } else { CROSS };
        chart.draw_series(std::iter::once(Rectangle::new([(z.x0, y0), (z.x1, y1)], c.mix(0.16).filled())))?;
    }
    for s in &d.series {
        chart.draw_series(LineSeries::new(s.points.iter().copied(), s.color.stroke_width(s.width)))?;
    }
    for (k, m) in d.markers.iter().enumerate() {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(m.x, y0), (m.x, y1)],
            m.color.stroke_width(2),
        )))?;
        let (px, _) = chart.backend_coord(&(m.x, y1));
        let row = i32::try_from(k % 3).unwrap_or(0);
        let (anchor, dx) = if px > 400 { (HPos::Right, -4) } else { (HPos::Left, 4) };
        root.draw_text(
            &m.label,
            &font(14).color(&m.color).pos(Pos::new(anchor, VPos::Top)),
            (px + dx, 2 + row * 14),
        )?;
    }
    if let Some(x) = d.cursor {
        chart.draw_series(std::iter::once(PathElement::new(vec![(x, y0), (x, y1)], INK.stroke_width(2))))?;
    }
    root.present()
}

/// The verdict over two markets' prices, with the current point marked.
pub fn draw_map_chart<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, d: &MapChart) -> DrawResult<DB> {
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
                let (ya, yb) = (y0 + dy * r as f64, y0 + dy * (r + 1) as f64);
                rects.push(Rectangle::new([(xa, ya), (xb, yb)], verdict_color(code).filled()));
                start = c;
            }
        }
    }
    chart.draw_series(rects)?;
    if let Some((x, y)) = d.cursor {
        chart.draw_series(std::iter::once(Circle::new((x, y), 6, INK.stroke_width(2))))?;
        chart.draw_series(std::iter::once(Circle::new((x, y), 2, INK.filled())))?;
    }
    root.present()
}

/// Renders a chart to an SVG string that scales with its container.
pub fn to_svg(
    size: (u32, u32),
    label: &str,
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), DrawingAreaErrorKind<std::io::Error>>,
) -> String {
    let mut s = String::new();
    {
        let root = SVGBackend::with_string(&mut s, size).into_drawing_area();
        if let Err(e) = draw(&root) {
            return format!("<p>chart error: {e}</p>");
        }
    }
    let sized = format!("width=\"{}\" height=\"{}\"", size.0, size.1);
    let label = label.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
    s.replacen(&sized, &format!("class=\"chart-svg\" role=\"img\" aria-label=\"{label}\""), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value_chart() -> ValueChart {
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
                Marker { x: 50487.0, label: "Cross liq. 50,487".into(), color: CROSS },
                Marker { x: 57150.0, label: "BTC isolated liq. 57,150".into(), color: ISOLATED },
            ],
            zones: vec![Zone { x0: 20000.0, x1: 50487.0, code: 1 }],
            cursor: Some(60000.0),
        }
    }

    #[test]
    fn value_chart_svg_has_axis_labels_and_a_marker_per_liquidation_price() {
        let svg = to_svg((640, 360), "value chart", |r| draw_value_chart(r, &value_chart()));
        assert!(svg.starts_with("<svg"), "{}", &svg[..80.min(svg.len())]);
        assert!(svg.contains("class=\"chart-svg\""));
        assert!(svg.contains("BTCUSDT price (USDT)"));
        assert!(svg.contains("Account value (USDT)"));
        assert!(svg.contains("Cross liq. 50,487"));
        assert!(svg.contains("BTC isolated liq. 57,150"));
        std::fs::write(std::env::temp_dir().join("value-chart-test.svg"), &svg).ok();
        assert!(svg.contains("k\n</text>") || svg.contains("k</text>"), "tick labels");
    }

    #[test]
    fn map_chart_merges_runs_and_marks_the_point() {
        let d = MapChart {
            x_desc: "BTCUSDT price (USDT)".into(),
            y_desc: "ETHUSDT price (USDT)".into(),
            x_range: (0.0, 64.0),
            y_range: (0.0, 64.0),
            nx: 64,
            ny: 64,
            cells: (0..64 * 64).map(|i| if i % 64 < 20 { 1 } else { 0 }).collect(),
            cursor: Some((30.0, 30.0)),
        };
        let svg = to_svg((360, 360), "map", |r| draw_map_chart(r, &d));
        assert!(svg.contains("ETHUSDT price (USDT)"));
        assert!(svg.matches("<rect").count() < 64 * 3 + 10, "runs merged");
        assert!(svg.contains("<circle"));
    }

    #[test]
    fn ticks_are_compact() {
        assert_eq!(tick(60000.0), "60k");
        assert_eq!(tick(1500000.0), "1.5M");
        assert_eq!(tick(3000.0), "3000");
        assert_eq!(tick(1.5), "1.5");
    }
}
