//! Path mode's switch (liquidations latch along the prices visited) and
//! "Reset to marks".
use yew::prelude::*;

use crate::components::fields::{on_click, Dispatch};
use crate::state::action::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on: bool,
    /// Prices cannot be reset (an embed that locks them).
    pub locked: bool,
    pub dispatch: Dispatch,
}

#[function_component(PathRow)]
pub fn path_row(p: &Props) -> Html {
    let toggle = p.dispatch.clone();
    html! {
        <div class="path-row">
            <label class="check">
                <input type="checkbox" data-testid="path-mode" checked={p.on} onchange={Callback::from(move |_| toggle.dispatch(Action::TogglePath))} />
                { " Path mode (liquidations latch along the prices you visit)" }
            </label>
            <button type="button" disabled={p.locked} onclick={on_click(&p.dispatch, Action::ResetPath)}>{ "Reset to marks" }</button>
        </div>
    }
}
