//! A chart on the page: the drawing (our own SVG, set once per drawing) and
//! over it a light overlay with the cursor at the current price, so moving a
//! price redraws one line, not the chart.
use std::rc::Rc;

use yew::prelude::*;
use yew::virtual_dom::VNode;

use crate::charts::svg::{cursor_markup, Cursor};
use crate::hooks::charts::Drawn;
use crate::hooks::results::Same;

#[derive(Properties, PartialEq)]
struct RawProps {
    markup: Same<str>,
}

/// Puts trusted SVG markup (our own drawing, labels escaped) into the page;
/// rendered again only when the markup changes.
#[function_component(Raw)]
fn raw(p: &RawProps) -> Html {
    VNode::from_html_unchecked(AttrValue::from(p.markup.0.to_string()))
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub drawn: Same<Drawn>,
    pub cursor: Cursor,
    pub testid: &'static str,
}

#[function_component(ChartView)]
pub fn chart_view(p: &Props) -> Html {
    let d = &p.drawn;
    let (w, h) = d.frame.size;
    let cursor = format!("<svg class=\"chart-overlay\" viewBox=\"0 0 {w} {h}\" preserveAspectRatio=\"none\" aria-hidden=\"true\">{}</svg>", cursor_markup(&d.frame, p.cursor));
    html! {
        <div class="chart" data-testid={p.testid}>
            <Raw markup={Same(Rc::clone(&d.svg))} />
            if d.ok { <Raw markup={Same(Rc::<str>::from(cursor))} /> }
        </div>
    }
}
