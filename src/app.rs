//! The page: the state (from the link, if any), what is derived from it, and
//! the layout. Layout only; each part is a component of its own.
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::charts_panel::ChartsPanel;
use crate::components::editor::BookEditor;
use crate::components::export_panel::ExportPanel;
use crate::components::help::Help;
use crate::components::notices::{self, Notices};
use crate::components::prices::{PriceControls, PricesModel};
use crate::components::toolbar::Toolbar;
use crate::components::twin::{Twin, TwinModel};
use crate::embed::options::EmbedOptions;
use crate::embed::view::EmbedView;
use crate::hooks::charts::use_charts;
use crate::hooks::results::{use_results, Same};
use crate::hooks::{use_latest, use_path};
use crate::io::location;
use crate::state::action::Action;
use crate::state::reducer::AppState;

/// Opens a link pasted into the address bar of an open page.
fn on_hash_change(dispatch: UseReducerDispatcher<AppState>) -> Option<impl FnOnce()> {
    let window = web_sys::window()?;
    let cb = Closure::<dyn Fn()>::new(move || {
        let hash = location::hash();
        if hash.is_empty() {
            return;
        }
        let s = AppState::from_hash(&hash);
        dispatch.dispatch(Action::Load(Box::new(s.shared())));
        if let Some(n) = s.notice {
            dispatch.dispatch(Action::Import(Err(n)));
        }
    });
    window
        .add_event_listener_with_callback("hashchange", cb.as_ref().unchecked_ref())
        .ok()?;
    Some(move || {
        let _ =
            window.remove_event_listener_with_callback("hashchange", cb.as_ref().unchecked_ref());
        drop(cb);
    })
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| AppState::from_hash(&location::hash()));
    {
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            let cleanup = on_hash_change(dispatch);
            move || {
                if let Some(c) = cleanup {
                    c();
                }
            }
        });
    }
    let embed = use_memo((), |_| EmbedOptions::from_location());
    let results = match use_results(&state) {
        Ok(r) => r,
        Err(e) => {
            return html! { <main class="app"><p class="error" role="alert">{ format!("⚠ The calculator cannot evaluate this book: {e}") }</p></main> }
        }
    };
    let charts = use_charts(&results, state.selected, state.map_y);
    let path = use_path(&state, &results);
    let twin = TwinModel::new(&results, path.as_deref(), state.selected);
    let dispatch = state.dispatcher();
    // Handles that do not change with every input, for the toolbar and
    // export buttons (they read the latest values when pressed).
    let latest_state = use_latest(state.clone());
    let latest_exports = use_latest((results.clone(), charts.clone()));
    let symbols = {
        let book = Rc::clone(&state.book);
        use_memo(state.generation, move |_| {
            book.markets()
                .iter()
                .map(|m| m.symbol.clone())
                .collect::<Vec<_>>()
        })
    };
    let content = if embed.enabled {
        html! { <EmbedView state={state.clone()} results={results.clone()} twin={twin} charts={charts} symbols={Rc::clone(&symbols)} options={embed} /> }
    } else {
        let s = &*state;
        let lesson = s
            .example
            .as_deref()
            .and_then(margin_engine::samples::get)
            .map(|x| x.lesson);
        let prices = PricesModel::new(s, &results, |_| true, false, true, true);
        html! {
            <main class="app">
                <header class="top">
                    <h1>{ "Margin Lab" }</h1>
                    <p class="tagline">{ "Cross vs isolated margin for perpetual futures, side by side. Exact decimals; nothing leaves your browser." }</p>
                    <Toolbar state={latest_state} dispatch={dispatch.clone()} />
                    <ExportPanel scenario={Same(Rc::clone(&s.scenario))} latest={latest_exports} dispatch={dispatch.clone()} />
                    if let Some(l) = lesson { <p class="lesson" data-testid="lesson">{ l }</p> }
                </header>
                <Notices ..notices::Props::of(s) />
                <Twin model={twin} />
                <div class="layout">
                    <PriceControls model={prices} dispatch={dispatch.clone()} />
                    <ChartsPanel charts={charts} symbols={Rc::clone(&symbols)}
                        selected={s.selected} map_y={s.map_y} mixed={s.book.is_mixed()} dispatch={dispatch.clone()} />
                    <BookEditor draft={Same(Rc::clone(&s.draft))} error={s.error.clone()} dispatch={dispatch.clone()} />
                </div>
                <Help />
            </main>
        }
    };
    html! { <ContextProvider<Same<crate::hooks::results::Results>> context={results}>{ content }</ContextProvider<Same<crate::hooks::results::Results>>> }
}
