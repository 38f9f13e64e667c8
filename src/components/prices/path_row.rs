//! Time on screen: "Swing back to the start" (prices return to their marks,
//! walked as a path so what was liquidated on the way stays closed), path
//! mode's switch (liquidations latch along every price visited), "Reset
//! to marks" (a fresh start), and "Let time pass" (funding and interest
//! fall due with prices where they are, walked on the path).
use yew::prelude::*;

use crate::components::fields::{on_click, Dispatch};
use crate::state::action::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on: bool,
    /// Prices cannot be moved (an embed that locks them).
    pub locked: bool,
    pub dispatch: Dispatch,
}

/// The times a press of "Let time pass" can take.
const SPANS: [(&str, u32); 4] = [
    ("1 hour", 1),
    ("8 hours", 8),
    ("1 day", 24),
    ("1 week", 168),
];

#[function_component(PathRow)]
pub fn path_row(p: &Props) -> Html {
    let toggle = p.dispatch.clone();
    let span = use_state(|| 8u32);
    let on_span = {
        let span = span.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .and_then(|s| s.value().parse::<u32>().ok());
            if let Some(h) = value {
                span.set(h);
            }
        })
    };
    let pass = {
        let (d, h) = (p.dispatch.clone(), *span);
        Callback::from(move |_| d.dispatch(Action::PassTime(margin_engine::Decimal::from(h))))
    };
    html! {
        <div class="path-row">
            <button type="button" class="swing" data-testid="swing-back" disabled={p.locked}
                title="Prices go back to their marks; what was liquidated on the way stays closed"
                onclick={on_click(&p.dispatch, Action::SwingBack)}>{ "↺ Swing back to the start" }</button>
            <label class="check">
                <input type="checkbox" data-testid="path-mode" checked={p.on} onchange={Callback::from(move |_| toggle.dispatch(Action::TogglePath))} />
                { " Path mode: remember every price visited" }
            </label>
            <button type="button" data-testid="reset-path" disabled={p.locked} onclick={on_click(&p.dispatch, Action::ResetPath)}>{ "Reset to marks" }</button>
            <span class="pass-time">
                <button type="button" data-testid="pass-time" disabled={p.locked}
                    title="Time passes with prices where they are: funding and interest fall due, walked as a path"
                    onclick={pass}>{ "⏩ Let time pass:" }</button>
                <select data-testid="pass-hours" aria-label="How long to let pass" disabled={p.locked} onchange={on_span}>
                    { for SPANS.iter().map(|(label, h)| html! {
                        <option value={h.to_string()} selected={*h == *span}>{ *label }</option>
                    }) }
                </select>
            </span>
            <p class="hint muted">{ "A liquidation stays done when prices come back: isolated margin locks its loss in; cross margin can ride a swing out." }</p>
        </div>
    }
}
