//! A chart on the page: the drawing (our own SVG, set once per drawing) and
//! over it a light overlay with the cursor at the current price, so moving a
//! price changes two attributes of one element, not the chart.
use std::rc::Rc;

use yew::prelude::*;
use yew::virtual_dom::VNode;

use crate::charts::svg::{mark, Cursor, Mark};
use crate::hooks::charts::Drawn;
use crate::hooks::results::Same;

#[derive(Properties, PartialEq)]
struct RawProps {
    markup: Same<str>,
}

/// Puts trusted SVG markup (our own drawing, labels escaped) into the page;
/// rendered again only when the drawing changes.
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
    let px = |v: f64| format!("{v:.1}");
    let shape = match mark(&d.frame, p.cursor) {
        Mark::Line { x, y0, y1 } => {
            html! { <line class="cursor" x1={px(x)} x2={px(x)} y1={px(y0)} y2={px(y1)} /> }
        }
        Mark::Ring { cx, cy } => html! {
            <>
                <circle class="cursor-ring" cx={px(cx)} cy={px(cy)} r="6" />
                <circle class="cursor-dot" cx={px(cx)} cy={px(cy)} r="2" />
            </>
        },
    };
    html! {
        <div class="chart" data-testid={p.testid}>
            <Raw markup={Same(Rc::clone(&d.svg))} />
            if d.ok {
                <svg class="chart-overlay" viewBox={format!("0 0 {w} {h}")} preserveAspectRatio="none" aria-hidden="true">{ shape }</svg>
            }
        </div>
    }
}
