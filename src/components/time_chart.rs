//! Liquidation prices against holding time, for the market the charts
//! follow: the engine's `timeline` (the book held 0, 8, 16 … hours, its
//! funding paid first at each), drawn as lines with the chosen holding time
//! marked, and a table of the exact prices at the start, at the holding
//! time and at the end. Drawn again only when the book or the market
//! changes (a price move does not change it: it is read at the marks).
use std::rc::Rc;

use margin_engine::scenario::Scenario;
use margin_engine::timeline::{LineOf, Timeline, TimelineRequest};
use margin_engine::{Decimal, Variant};
use yew::prelude::*;

use crate::charts::draw;
use crate::charts::model::{px, Marker, Series, ValueChart};
use crate::charts::palette;
use crate::charts::svg::{render, Cursor};
use crate::components::chart_view::ChartView;
use crate::format::{price, short};
use crate::hooks::charts::Drawn;
use crate::hooks::results::Same;

/// A week, the chart's span when the holding time is shorter.
const WEEK: u32 = 168;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Same<Scenario>,
    /// The book's generation (the chart is computed once per book).
    pub generation: u64,
    pub market: usize,
}

/// One line's row in the table.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    label: String,
    start: String,
    held: String,
    end: String,
}

#[derive(Debug, Clone, PartialEq)]
struct Model {
    drawn: Same<Drawn>,
    rows: Vec<Row>,
    /// The holding time chosen (hours) and the span drawn.
    held: Decimal,
    to: Decimal,
    symbol: String,
}

fn label(sc: &Scenario, of: LineOf, quote: &str) -> String {
    match of {
        LineOf::Isolated { position } => {
            let p = sc.positions.get(position);
            let side = p.map_or("", |p| match p.side {
                margin_engine::scenario::SideSpec::Long => "long",
                margin_engine::scenario::SideSpec::Short => "short",
            });
            let sym = p.map(|p| short(&p.market, quote)).unwrap_or_default();
            format!("#{} {sym} {side} (isolated)", position.saturating_add(1))
        }
        LineOf::CrossBelow => "Cross account, below".to_owned(),
        LineOf::CrossAbove => "Cross account, above".to_owned(),
    }
}

/// The value at the point nearest below `h` (the prices are steps).
fn at_hours(t: &Timeline, prices: &[Option<Decimal>], h: Decimal) -> Option<Decimal> {
    let k = t.hours.iter().rposition(|x| *x <= h)?;
    prices.get(k).copied().flatten()
}

fn model(sc: &Scenario, market: usize) -> Result<Option<Model>, String> {
    let Some(m) = sc.markets.get(market) else {
        return Ok(None);
    };
    if m.funding.is_none() {
        return Ok(None);
    }
    let held = sc.settings.hours;
    let to = held.max(Decimal::from(WEEK));
    let req = TimelineRequest {
        market: m.symbol.clone(),
        to,
        points: None,
        variant: Variant::AsConfigured,
    };
    let t = margin_engine::timeline(sc, &req).map_err(|e| e.to_string())?;
    let quote = sc.quote.as_str();
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    let mut series = Vec::new();
    let mut rows = Vec::new();
    for l in &t.lines {
        // Steps: a price holds until the next funding payment moves it.
        let mut points: Vec<(f64, f64)> = Vec::with_capacity(t.hours.len().saturating_mul(2));
        for (h, p) in t.hours.iter().zip(&l.prices) {
            let Some(p) = p else { continue };
            if let Some(&(_, y)) = points.last() {
                points.push((px(*h), y));
            }
            points.push((px(*h), px(*p)));
        }
        for (_, y) in &points {
            lo = lo.min(*y);
            hi = hi.max(*y);
        }
        let name = label(sc, l.of, quote);
        let color = match l.of {
            LineOf::Isolated { .. } => palette::ISOLATED,
            _ => palette::CROSS,
        };
        series.push(Series {
            label: name.clone(),
            color,
            width: 3,
            points,
        });
        let text = |p: Option<Decimal>| p.map(price).unwrap_or_else(|| "none".to_owned());
        rows.push(Row {
            label: name,
            start: text(l.prices.first().copied().flatten()),
            held: text(at_hours(&t, &l.prices, held)),
            end: text(l.prices.last().copied().flatten()),
        });
    }
    if !lo.is_finite() {
        return Ok(None);
    }
    let pad = ((hi - lo) * 0.08).max(hi.abs() * 0.002).max(1e-9);
    let markers = if held > Decimal::ZERO {
        vec![Marker {
            x: px(held),
            label: format!("held {} h", crate::format::grouped(held, 0)),
            color: palette::INK,
        }]
    } else {
        Vec::new()
    };
    let chart = ValueChart {
        x_desc: "Holding time (hours)".to_owned(),
        y_desc: format!("Liquidation price ({})", short(&m.symbol, quote)),
        x_range: (0.0, px(to)),
        y_range: (lo - pad, hi + pad),
        series,
        markers,
        zones: Vec::new(),
    };
    let (svg, frame) = render(
        (640, 300),
        "Liquidation prices against holding time",
        |root| draw::value_chart(root, &chart),
    );
    Ok(Some(Model {
        drawn: Same(Rc::new(Drawn {
            ok: svg.starts_with("<svg"),
            svg: Rc::from(svg),
            frame,
        })),
        rows,
        held,
        to,
        symbol: m.symbol.clone(),
    }))
}

#[function_component(TimeChart)]
pub fn time_chart(p: &Props) -> Html {
    let m = {
        let sc = Rc::clone(&p.scenario.0);
        use_memo((p.generation, p.market), move |(_, market)| {
            model(&sc, *market)
        })
    };
    let body = match &*m {
        Ok(None) => return html! {},
        Err(e) => {
            html! { <p class="chart-error" role="note">{ format!("No time chart: {e}") }</p> }
        }
        Ok(Some(m)) => html! {
            <>
                <ChartView drawn={m.drawn.clone()} cursor={Cursor::Line(px(m.held))} testid="time-chart" />
                <table class="time-table" data-testid="time-table">
                    <caption class="muted small-text">{ format!("{} liquidation prices, at the marks, with funding paid each interval", m.symbol) }</caption>
                    <thead><tr>
                        <th scope="col">{ "" }</th>
                        <th scope="col">{ "now" }</th>
                        <th scope="col">{ format!("held {} h", crate::format::grouped(m.held, 0)) }</th>
                        <th scope="col">{ format!("{} h", crate::format::grouped(m.to, 0)) }</th>
                    </tr></thead>
                    <tbody>
                        { for m.rows.iter().map(|r| html! {
                            <tr><th scope="row">{ r.label.clone() }</th><td>{ r.start.clone() }</td><td>{ r.held.clone() }</td><td>{ r.end.clone() }</td></tr>
                        }) }
                    </tbody>
                </table>
            </>
        },
    };
    html! {
        <section class="card charts" aria-labelledby="time-h">
            <h2 id="time-h">{ "Holding time" }</h2>
            <div class="chart-box time">
                <h3>{ "Liquidation prices against holding time" }</h3>
                { body }
            </div>
        </section>
    }
}
