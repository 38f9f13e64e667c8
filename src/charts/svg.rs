//! Rendering a chart to an SVG string that scales with its container, and
//! where its plotting area lies in pixels (so an overlay can put a cursor on
//! a price without redrawing the chart).
use plotters::coord::Shift;
use plotters::prelude::*;

/// The plotting area in the SVG's pixels and the data range it shows.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Frame {
    /// The SVG's size (its viewBox).
    pub size: (u32, u32),
    /// Left, right, top, bottom of the plotting area, in pixels.
    pub px: (f64, f64),
    pub py: (f64, f64),
    /// The data ranges on the axes.
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
}

impl Frame {
    /// The pixel x of data x (clamped to the plotting area).
    pub fn x(&self, x: f64) -> f64 {
        let (a, b) = self.x_range;
        let t = if b > a {
            ((x - a) / (b - a)).clamp(0.0, 1.0)
        } else {
            0.0
        };
        self.px.0 + t * (self.px.1 - self.px.0)
    }

    /// The pixel y of data y (clamped; pixels grow downwards).
    pub fn y(&self, y: f64) -> f64 {
        let (a, b) = self.y_range;
        let t = if b > a {
            ((y - a) / (b - a)).clamp(0.0, 1.0)
        } else {
            0.0
        };
        self.py.1 - t * (self.py.1 - self.py.0)
    }
}

/// What a drawing function returns: the frame of its plotting area.
pub type DrawResult = Result<Frame, DrawingAreaErrorKind<std::io::Error>>;

/// Renders `draw` to an SVG string of `size` labelled `label` for screen
/// readers. On a drawing error the string is a short paragraph saying so.
pub fn render(
    size: (u32, u32),
    label: &str,
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> DrawResult,
) -> (String, Frame) {
    let mut s = String::new();
    let frame = {
        let root = SVGBackend::with_string(&mut s, size).into_drawing_area();
        match draw(&root) {
            Ok(f) => f,
            Err(e) => {
                return (
                    format!(
                        "<p class=\"chart-error\">chart error: {}</p>",
                        crate::format::escape_html(&e.to_string())
                    ),
                    Frame::default(),
                )
            }
        }
    };
    let sized = format!("width=\"{}\" height=\"{}\"", size.0, size.1);
    let label = crate::format::escape_html(label);
    (
        s.replacen(
            &sized,
            &format!("class=\"chart-svg\" role=\"img\" aria-label=\"{label}\""),
            1,
        ),
        Frame { size, ..frame },
    )
}

/// Where a chart's current price is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cursor {
    /// A vertical line at data x (the value chart).
    Line(f64),
    /// A ring at data (x, y) (the verdict map).
    Point(f64, f64),
}

/// The cursor's shape in the chart's pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mark {
    /// A vertical line at `x` from `y0` to `y1`.
    Line { x: f64, y0: f64, y1: f64 },
    /// A ring around `(cx, cy)`.
    Ring { cx: f64, cy: f64 },
}

/// Where the cursor is drawn in frame `f`: the one place that maps it to pixels.
pub fn mark(f: &Frame, cursor: Cursor) -> Mark {
    match cursor {
        Cursor::Line(x) => Mark::Line {
            x: f.x(x),
            y0: f.py.0,
            y1: f.py.1,
        },
        Cursor::Point(x, y) => Mark::Ring {
            cx: f.x(x),
            cy: f.y(y),
        },
    }
}

/// The cursor as SVG markup, for an exported chart.
pub fn cursor_markup(f: &Frame, cursor: Cursor) -> String {
    match mark(f, cursor) {
        Mark::Line { x, y0, y1 } => {
            format!("<line class=\"cursor\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{y0:.1}\" y2=\"{y1:.1}\" stroke=\"#222\" stroke-width=\"2\"/>")
        }
        Mark::Ring { cx, cy } => format!(
            "<circle class=\"cursor-ring\" cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"6\" fill=\"none\" stroke=\"#222\" stroke-width=\"2\"/>\
             <circle class=\"cursor-dot\" cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"2\" fill=\"#222\"/>"
        ),
    }
}

/// A chart's SVG with the cursor drawn in (for export).
pub fn with_cursor(svg: &str, f: &Frame, cursor: Cursor) -> String {
    match svg.rfind("</svg>") {
        Some(end) => {
            let (body, tail) = svg.split_at(end);
            format!("{body}{}{tail}", cursor_markup(f, cursor))
        }
        None => svg.to_owned(),
    }
}
