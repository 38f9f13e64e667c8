//! The two charts (drawn by plotters into SVG strings) with their market pickers and legends.
use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;
use yew::virtual_dom::VNode;

use crate::state::{Action, State};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: Rc<State>,
    pub dispatch: UseReducerDispatcher<State>,
    #[prop_or(true)]
    pub show_value: bool,
    #[prop_or(true)]
    pub show_map: bool,
}

#[derive(Properties, PartialEq)]
struct SvgProps {
    svg: Rc<str>,
    testid: &'static str,
}

/// Puts a trusted SVG string (our own drawing) into the page; re-renders only when it changes.
#[function_component(Svg)]
fn svg(p: &SvgProps) -> Html {
    html! { <div class="chart" data-testid={p.testid}>{ VNode::from_html_unchecked(AttrValue::from(p.svg.to_string())) }</div> }
}

fn picker(id: &'static str, label: &'static str, s: &State, current: usize, cb: Callback<Event>) -> Html {
    let opts = s.book.markets.iter().enumerate().map(|(m, market)| {
        html! { <option value={m.to_string()} selected={m == current}>{ market.symbol.clone() }</option> }
    });
    html! {
        <span class="picker">
            <label for={id}>{ label }</label>
            <select id={id} onchange={cb}>{ for opts }</select>
        </span>
    }
}

fn select_cb(d: &UseReducerDispatcher<State>, f: fn(usize) -> Action) -> Callback<Event> {
    let d = d.clone();
    Callback::from(move |e: Event| {
        if let Ok(m) = e.target_unchecked_into::<HtmlSelectElement>().value().parse::<usize>() {
            d.dispatch(f(m));
        }
    })
}

#[function_component(Charts)]
pub fn charts(p: &Props) -> Html {
    let s = &p.state;
    let d = &p.dispatch;
    html! {
        <section class="card charts" aria-labelledby="charts-h">
            <h2 id="charts-h">{ "Charts" }</h2>
            if p.show_value {
            <div class="chart-box">
                <h3>{ "Account value against price " }{ picker("chart-market", "Market", s, s.selected, select_cb(d, Action::Select)) }</h3>
                <Svg svg={s.view.value_svg.clone()} testid="value-chart" />
                <p class="legend">
                    <span class="key cross">{ "━ Cross" }</span>
                    <span class="key isolated">{ "━ Isolated" }</span>
                    if crate::analysis::is_mixed(&s.book) { <span class="key configured">{ "━ As configured" }</span> }
                    <span class="key zone-iso">{ "▮ cross wiped, isolated survives" }</span>
                    <span class="key zone-cross">{ "▮ isolated loses, cross survives" }</span>
                    <span class="key">{ "│ current price" }</span>
                </p>
            </div>
            }
            if p.show_map && s.book.markets.len() > 1 {
                <div class="chart-box map">
                    <h3>{ "Verdict map " }{ picker("map-y", "Vertical", s, s.map_y, select_cb(d, Action::SelectMapY)) }</h3>
                    <Svg svg={s.view.map_svg.clone()} testid="map-chart" />
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
