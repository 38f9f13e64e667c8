//! Time on screen: "Swing back to the start" (prices return to their marks,
//! walked as a path so what was liquidated on the way stays closed), path
//! mode's switch (liquidations latch along every price visited), and "Reset
//! to marks" (a fresh start).
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

#[function_component(PathRow)]
pub fn path_row(p: &Props) -> Html {
    let toggle = p.dispatch.clone();
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
            <p class="hint muted">{ "A liquidation stays done when prices come back: isolated margin locks its loss in; cross margin can ride a swing out." }</p>
        </div>
    }
}
