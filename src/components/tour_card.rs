//! The guided tour's card: the step's title and sentence, where it is in
//! the tour, and the way on, back or out.
use yew::prelude::*;

use crate::components::fields::{on_click, Dispatch};
use crate::state::action::Action;
use crate::state::tour::STEPS;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub step: usize,
    pub dispatch: Dispatch,
}

#[function_component(TourCard)]
pub fn tour_card(p: &Props) -> Html {
    let Some(st) = STEPS.get(p.step) else {
        return html! {};
    };
    let last = p.step.saturating_add(1) >= STEPS.len();
    let d = &p.dispatch;
    html! {
        <section class="tour" data-testid="tour" aria-live="polite" aria-label="Guided tour">
            <p class="tour-count muted">{ format!("Guided tour · step {} of {}", p.step.saturating_add(1), STEPS.len()) }</p>
            <h2 data-testid="tour-title">{ st.title }</h2>
            <p data-testid="tour-text">{ st.text }</p>
            <p class="tour-actions">
                <button type="button" data-testid="tour-back" disabled={p.step == 0}
                    onclick={on_click(d, Action::Tour(Some(p.step.saturating_sub(1))))}>{ "‹ Back" }</button>
                if last {
                    <button type="button" data-testid="tour-end" onclick={on_click(d, Action::Tour(None))}>{ "Finish" }</button>
                } else {
                    <button type="button" data-testid="tour-next" onclick={on_click(d, Action::Tour(Some(p.step.saturating_add(1))))}>{ "Next ›" }</button>
                    <button type="button" class="small" data-testid="tour-end" onclick={on_click(d, Action::Tour(None))}>{ "End the tour" }</button>
                }
            </p>
        </section>
    }
}
