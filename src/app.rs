//! Root component of the web app.

use yew::prelude::*;

/// Top-level component of the page.
#[function_component(App)]
pub fn app() -> Html {
    html! {
        <main class="app">
            <h1>{ "Margin Lab" }</h1>
            <p data-testid="status">{ "ready" }</p>
        </main>
    }
}
