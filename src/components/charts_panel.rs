//! The charts section: account value against the price of the market being
//! moved, and the verdict map over it and a second market, each with its
//! market picker and legend.
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
    pub symbols: Vec<String>,
    pub selected: usize,
    pub map_y: usize,
    /// Whether the book mixes cross and isolated ("as configured" is drawn).
    pub mixed: bool,
    pub dispatch: Dispatch,
    #[prop_or(true)]
    pub show_value: bool,
    #[prop_or(true)]
    pub show_map: bool,
}

fn picker(id: &'static str, label: &'static str, symbols: &[String], current: usize, cb: Callback<Event>) -> Html {
    html! {
        <span class="picker">
            <label for={id}>{ label }</label>
            <select id={id} onchange={cb}>
                { for symbols.iter().enumerate().map(|(m, s)| html! { <option value={m.to_string()} selected={m == current}>{ s.clone() }</option> }) }
            </select>
        </span>
    }
}

#[function_component(ChartsPanel)]
pub fn charts_panel(p: &Props) -> Html {
    let c = &p.charts;
    let pick = |f: fn(usize) -> Action| on_select(&p.dispatch, move |v| v.parse::<usize>().ok().map(f));
    html! {
        <section class="card charts" aria-labelledby="charts-h">
            <h2 id="charts-h">{ "Charts" }</h2>
            if p.show_value {
                <div class="chart-box">
                    <h3>{ "Account value against price " }{ picker("chart-market", "Market", &p.symbols, p.selected, pick(Action::Select)) }</h3>
                    <ChartView drawn={c.value.clone()} cursor={Cursor::Line(c.value_cursor)} testid="value-chart" />
                    <p class="legend">
                        <span class="key cross">{ "━ Cross" }</span>
                        <span class="key isolated">{ "━ Isolated" }</span>
                        if p.mixed { <span class="key configured">{ "━ As configured" }</span> }
                        <span class="key zone-iso">{ "▮ cross wiped, isolated survives" }</span>
                        <span class="key zone-cross">{ "▮ isolated loses, cross survives" }</span>
                        <span class="key">{ "│ current price" }</span>
                    </p>
                </div>
            }
            if let (true, Some(map)) = (p.show_map, &c.map) {
                <div class="chart-box map">
                    <h3>{ "Verdict map " }{ picker("map-y", "Vertical", &p.symbols, p.map_y, pick(Action::SelectMapY)) }</h3>
                    <ChartView drawn={map.clone()} cursor={Cursor::Point(c.map_cursor.0, c.map_cursor.1)} testid="map-chart" />
                    <p class="legend">
                        <span class="key neither">{ "▮ no liquidation" }</span>
                        <span class="key zone-iso">{ "▮ cross wiped, isolated survives" }</span>
                        <span class="key zone-cross">{ "▮ isolated loses, cross survives" }</span>
                        <span class="key both">{ "▮ both wiped" }</span>
                        <span class="key">{ "◎ current prices" }</span>
                    </p>
                </div>
            }
        </section>
    }
}
