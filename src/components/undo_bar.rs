//! The bar that follows anything that replaced the whole book (an example,
//! a link, a file, a new book, a pasted table): it says what replaced it and
//! brings the previous book back in one click.
use yew::prelude::*;

use crate::components::fields::{on_click, Dispatch};
use crate::state::action::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// What happened to the book, in a sentence.
    pub what: AttrValue,
    pub dispatch: Dispatch,
}

#[function_component(UndoBar)]
pub fn undo_bar(p: &Props) -> Html {
    html! {
        <div class="undo-bar" role="status" data-testid="undo-bar">
            <span>{ p.what.clone() }</span>
            <button type="button" data-testid="undo" onclick={on_click(&p.dispatch, Action::Undo)}>{ "↶ Undo" }</button>
            <button type="button" class="small" aria-label="Dismiss" onclick={on_click(&p.dispatch, Action::DismissUndo)}>{ "✕" }</button>
        </div>
    }
}
