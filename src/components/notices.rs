//! The message box: what could not be opened, why the book as typed is not
//! used, why a typed price is not used. Every line is the engine's typed
//! error, shown in words and carried as `data-field` and `data-code`; the
//! results keep the last valid book.
use yew::prelude::*;

use crate::state::reducer::AppState;

/// One line: the sentence, and the engine's field and code.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub text: String,
    pub field: String,
    pub code: &'static str,
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lines: Vec<Line>,
    /// The book as typed is not valid (the results use the last valid one).
    pub stale: bool,
}

impl Props {
    pub fn of(s: &AppState) -> Props {
        let mut lines = Vec::new();
        if let Some(n) = &s.notice {
            lines.push(Line {
                text: n.message(),
                field: n.error.field.clone(),
                code: n.error.kind.code(),
            });
        }
        for e in [&s.error, &s.prices.error].into_iter().flatten() {
            lines.push(Line {
                text: crate::components::fields::error_words(e),
                field: e.field.clone(),
                code: e.kind.code(),
            });
        }
        Props {
            lines,
            stale: s.error.is_some(),
        }
    }
}

#[function_component(Notices)]
pub fn notices(p: &Props) -> Html {
    if p.lines.is_empty() {
        return html! {};
    }
    html! {
        <div id="error" class="error" data-testid="error" role="alert">
            { for p.lines.iter().map(|l| html! {
                <p data-field={l.field.clone()} data-code={l.code}>{ format!("⚠ {}", l.text) }</p>
            }) }
            if p.stale { <p class="muted">{ "Results below use the last valid book." }</p> }
        </div>
    }
}
