//! The whole-market move: every price × (1 + beta × move), a slider over
//! the same range as the price sliders, an exact box, and "Anchor" (the
//! moved prices become the new base).
use yew::prelude::*;

use crate::components::fields::{on_click, on_text, Dispatch, NumberInput};
use crate::format::plain;
use crate::state::action::Action;
use crate::state::prices::{MOVE_MAX_PERCENT, MOVE_MIN_PERCENT};
use crate::state::reducer::AppState;

#[derive(Debug, Clone, PartialEq)]
pub struct MoveModel {
    pub slider: String,
    pub text: String,
    pub invalid: bool,
    pub locked: bool,
}

impl MoveModel {
    pub fn new(s: &AppState, locked: bool) -> MoveModel {
        MoveModel {
            slider: plain(s.prices.market_move),
            text: s.prices.move_text.clone(),
            invalid: s
                .prices
                .error
                .as_ref()
                .is_some_and(|e| e.field.starts_with("market_move")),
            locked,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub model: MoveModel,
    pub dispatch: Dispatch,
}

#[function_component(MoveRow)]
pub fn move_row(p: &Props) -> Html {
    let m = &p.model;
    html! {
        <div class="price-row move-row">
            <label for="market-move">{ "Whole market %" }</label>
            <input id="market-move" type="range" data-testid="market-move" aria-label="Whole-market move in percent"
                min={MOVE_MIN_PERCENT.to_string()} max={MOVE_MAX_PERCENT.to_string()} step="0.1" value={m.slider.clone()}
                disabled={m.locked} oninput={on_text(&p.dispatch, Action::SetMove)} />
            <NumberInput id="market-move-exact" label="Whole-market move, exact percent" value={m.text.clone()}
                invalid={m.invalid} locked={m.locked} oninput={on_text(&p.dispatch, Action::SetMove)} />
            <button type="button" onclick={on_click(&p.dispatch, Action::Anchor)} disabled={m.locked}
                title="Make the moved prices the new base and set the move back to 0">{ "Anchor" }</button>
            <p class="muted small-text hint">{ "Moves every market at once by this % (times its beta). Anchor keeps the moved prices and sets the move back to 0." }</p>
        </div>
    }
}
