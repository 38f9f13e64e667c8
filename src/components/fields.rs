//! The small pieces every form on the page shares: a decimal text box that
//! keeps what was typed and is marked when the engine rejects its field, and
//! the callbacks that turn an input event into an action.
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::state::action::Action;
use crate::state::reducer::AppState;

pub type Dispatch = UseReducerDispatcher<AppState>;

/// An `input` callback that dispatches `f(text)`.
pub fn on_text(d: &Dispatch, f: impl Fn(String) -> Action + 'static) -> Callback<InputEvent> {
    let d = d.clone();
    Callback::from(move |e: InputEvent| {
        if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
            d.dispatch(f(input.value()));
        }
    })
}

/// A `change` callback on a `<select>` that dispatches `f(value)` when it gives an action.
pub fn on_select(d: &Dispatch, f: impl Fn(String) -> Option<Action> + 'static) -> Callback<Event> {
    let d = d.clone();
    Callback::from(move |e: Event| {
        if let Some(a) = e
            .target_dyn_into::<HtmlSelectElement>()
            .and_then(|s| f(s.value()))
        {
            d.dispatch(a);
        }
    })
}

/// A `change` callback on a checkbox that dispatches `f(checked)`.
pub fn on_check(d: &Dispatch, f: impl Fn(bool) -> Action + 'static) -> Callback<Event> {
    let d = d.clone();
    Callback::from(move |e: Event| {
        if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
            d.dispatch(f(input.checked()));
        }
    })
}

/// A click callback that dispatches `a`.
pub fn on_click(d: &Dispatch, a: Action) -> Callback<MouseEvent> {
    let d = d.clone();
    Callback::from(move |_| d.dispatch(a.clone()))
}

/// A text box (decimal by default).
#[derive(Properties, PartialEq, Clone)]
pub struct NumberProps {
    pub id: AttrValue,
    /// What a screen reader announces.
    pub label: AttrValue,
    pub value: AttrValue,
    /// The engine rejected this field.
    #[prop_or_default]
    pub invalid: bool,
    #[prop_or_default]
    pub locked: bool,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    /// A `<datalist>` of suggestions.
    #[prop_or_default]
    pub list: Option<AttrValue>,
    /// The on-screen keyboard: "decimal" for numbers, "text" for symbols.
    #[prop_or(AttrValue::Static("decimal"))]
    pub inputmode: AttrValue,
    pub oninput: Callback<InputEvent>,
}

#[function_component(NumberInput)]
pub fn number_input(p: &NumberProps) -> Html {
    html! {
        <input id={p.id.clone()} class="num" type="text" inputmode={p.inputmode.clone()} autocomplete="off"
            aria-label={p.label.clone()} value={p.value.clone()} placeholder={p.placeholder.clone()}
            data-testid={p.testid.clone()} readonly={p.locked} list={p.list.clone()}
            aria-invalid={p.invalid.then_some("true")} aria-describedby={p.invalid.then_some("error")}
            oninput={p.oninput.clone()} />
    }
}

/// An engine error in words, with 1-based row and market numbers:
/// "Row 4, size: must be positive".
pub fn error_words(e: &margin_engine::Error) -> String {
    if e.field.is_empty() {
        e.reason()
    } else {
        format!("{}: {}", crate::format::field_words(&e.field), e.reason())
    }
}

/// The error beside the fields it concerns: shown when `error`'s field is
/// `prefix` or lies under it (`positions[3]` covers `positions[3].size`).
pub fn field_error(error: &Option<margin_engine::Error>, prefix: &str) -> Html {
    let Some(e) = error.as_ref().filter(|e| {
        e.field == prefix
            || e.field
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
    }) else {
        return html! {};
    };
    html! {
        <p class="field-error" role="alert" data-testid="field-error" data-field={e.field.clone()}>
            { format!("⚠ {}", error_words(e)) }
        </p>
    }
}
