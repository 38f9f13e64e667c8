//! The charts section: account value against the price of the market being
//! moved, and the verdict map over it and a second market, each with its
//! market picker and legend. Only the cursors change while a price moves;
//! pickers and legends are components that are then left alone.
use std::rc::Rc;

use yew::prelude::*;

use crate::charts::svg::Cursor;
use crate::components::chart_view::ChartView;
use crate::components::fields::{on_select, Dispatch};
use crate::hooks::charts::Charts;
use crate::state::action::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub charts: Charts,
    /// The book's market symbols, for the pickers.
    pub symbols: Rc<Vec<String>>,
    pub selected: usize,
    pub map_y: usize,
    /// Whether the book mixes cross and isolated ("as configured" is drawn).
    pub mixed: bool,
    pub dispatch: Dispatch,
    #[prop_or(true)]
    pub show_value: bool,
    #[prop_or(true)]
    pub show_map: bool,
    /// The section's heading (and its id, for the page's two chart cards).
    #[prop_or(AttrValue::Static("Charts"))]
    pub title: AttrValue,
    #[prop_or(AttrValue::Static("charts-h"))]
    pub heading_id: AttrValue,
    /// Path mode is on: the lines are the book before the path.
    #[prop_or_default]
    pub path_on: bool,
}

#[derive(Properties, PartialEq)]
struct PickerProps {
    id: &'static str,
    label: &'static str,
    symbols: Rc<Vec<String>>,
    current: usize,
    /// The verdict map's vertical axis (else the market the charts follow).
    vertical: bool,
    dispatch: Dispatch,
}

/// Which market a chart follows.
#[function_component(Picker)]
fn picker(p: &PickerProps) -> Html {
    let action = if p.vertical {
        Action::SelectMapY
    } else {
        Action::Select
    };
    html! {
        <span class="picker">
            <label for={p.id}>{ p.label }</label>
            <select id={p.id} onchange={on_select(&p.dispatch, move |v| v.parse::<usize>().ok().map(action))}>
                { for p.symbols.iter().enumerate().map(|(m, s)| html! { <option value={m.to_string()} selected={m == p.current}>{ s.clone() }</option> }) }
            </select>
        </span>
    }
}

#[derive(Properties, PartialEq)]
struct LegendProps {
    map: bool,
    mixed: bool,
}

#[function_component(Legend)]
fn legend(p: &LegendProps) -> Html {
    if p.map {
        return html! {
            <p class="legend">
                <span class="key neither">{ "▮ no liquidation" }</span>
                <span class="key zone-cross">{ "▮ cross wiped, isolated survives" }</span>
                <span class="key zone-iso">{ "▮ isolated loses, cross survives" }</span>
                <span class="key both">{ "▮ both wiped" }</span>
                <span class="key">{ "◎ current prices" }</span>
            </p>
        };
    }
    html! {
        <p class="legend">
            <span class="key cross">{ "━ Cross" }</span>
            <span class="key isolated">{ "━ Isolated" }</span>
            if p.mixed { <span class="key configured">{ "━ As configured" }</span> }
            <span class="key zone-cross">{ "▮ cross wiped, isolated survives" }</span>
            <span class="key zone-iso">{ "▮ isolated loses, cross survives" }</span>
            <span class="key">{ "│ current price" }</span>
        </p>
    }
}

#[function_component(ChartsPanel)]
pub fn charts_panel(p: &Props) -> Html {
    let c = &p.charts;
    html! {
        <section class="card charts" aria-labelledby={p.heading_id.clone()}>
            <h2 id={p.heading_id.clone()}>{ p.title.clone() }</h2>
            if p.show_value {
                <div class="chart-box">
                    <h3>{ "Account value against price " }
                        <Picker id="chart-market" label="Market" symbols={Rc::clone(&p.symbols)} current={p.selected} vertical={false} dispatch={p.dispatch.clone()} />
                    </h3>
                    <ChartView drawn={c.value.clone()} cursor={Cursor::Line(c.value_cursor)} testid="value-chart" />
                    <Legend map={false} mixed={p.mixed} />
                    if p.path_on {
                        <p class="muted small-text" data-testid="chart-path-note">
                            { "Path mode: each line is what the path left that set-up — a position liquidated on the way stays closed, its loss stays lost." }
                        </p>
                    }
                </div>
            }
            if let (true, Some(map)) = (p.show_map, &c.map) {
                <div class="chart-box map">
                    <h3>{ "Verdict map " }
                        <Picker id="map-y" label="Vertical" symbols={Rc::clone(&p.symbols)} current={p.map_y} vertical={true} dispatch={p.dispatch.clone()} />
                    </h3>
                    <ChartView drawn={map.clone()} cursor={Cursor::Point(c.map_cursor.0, c.map_cursor.1)} testid="map-chart" />
                    <Legend map={true} mixed={p.mixed} />
                    if p.path_on {
                        <p class="muted small-text">{ "Path mode: the map shows the book as it was before the path." }</p>
                    }
                </div>
            }
        </section>
    }
}
