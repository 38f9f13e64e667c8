//! The message box: what could not be opened, why the book as typed is not
//! used, why a typed price is not used. Every line is the engine's typed
//! error (field and reason); the results keep the last valid book.
use yew::prelude::*;

use crate::state::reducer::AppState;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub notice: Option<String>,
    pub error: Option<String>,
    pub price_error: Option<String>,
}

impl Props {
    pub fn of(s: &AppState) -> Props {
        Props {
            notice: s.notice.as_ref().map(|n| n.message()),
            error: s.error.as_ref().map(|e| e.to_string()),
            price_error: s.prices.error.as_ref().map(|e| e.to_string()),
        }
    }
}

#[function_component(Notices)]
pub fn notices(p: &Props) -> Html {
    let lines: Vec<&String> = [&p.notice, &p.error, &p.price_error]
        .into_iter()
        .flatten()
        .collect();
    if lines.is_empty() {
        return html! {};
    }
    html! {
        <div id="error" class="error" data-testid="error" role="alert">
            { for lines.iter().map(|e| html! { <p>{ format!("⚠ {e}") }</p> }) }
            if p.error.is_some() { <p class="muted">{ "Results below use the last valid book." }</p> }
        </div>
    }
}
