//! The page: the state (from the link, if any), what is derived from it, and
//! the layout. Layout only; each part is a component of its own.
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::charts_panel::ChartsPanel;
use crate::components::collateral_panel::CollateralPanel;
use crate::components::editor::BookEditor;
use crate::components::export_panel::ExportPanel;
use crate::components::help::Help;
use crate::components::notices::{self, Notices};
use crate::components::prices::{PriceControls, PricesModel};
use crate::components::time_chart::TimeChart;
use crate::components::toolbar::Toolbar;
use crate::components::tour_card::TourCard;
use crate::components::twin::{Summary, Twin, TwinModel};
use crate::components::undo_bar::UndoBar;
use crate::embed::options::EmbedOptions;
use crate::embed::view::EmbedView;
use crate::hooks::charts::use_charts;
use crate::hooks::results::{use_results, Same};
use crate::hooks::Latest;
use crate::hooks::{use_latest, use_path};
use crate::io::{location, storage};
use crate::state::action::Action;
use crate::state::reducer::{AppState, Undo};

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

/// The state the page opens with: the link's book if there is one, else the
/// book kept in this browser, else the default. A link that replaces a kept
/// book can be undone; embeds only ever show their link's book.
fn initial_state() -> AppState {
    let hash = location::hash();
    let embed = EmbedOptions::from_location();
    if embed.enabled {
        // An embed's charts follow the first market whose slider it shows:
        // the one its lesson is about.
        let mut s = AppState::from_hash(&hash);
        if let Some(first) = embed.sliders.as_ref().and_then(|x| x.first()) {
            s.follow_market(first);
        }
        return s;
    }
    let saved = storage::load();
    match saved {
        Some(saved) if hash.is_empty() => {
            let s = AppState::from_hash(&saved);
            if s.notice.is_some() {
                // A kept book this version cannot read: start afresh.
                AppState::default()
            } else {
                s
            }
        }
        Some(saved) if saved != hash => {
            let mut s = AppState::from_hash(&hash);
            let before = AppState::from_hash(&saved);
            if before.notice.is_none() {
                s.undo = Some(Rc::new(Undo {
                    what: "The book in the link replaced the one kept in this browser.".to_owned(),
                    before,
                }));
            }
            s
        }
        _ => AppState::from_hash(&hash),
    }
}

/// Keeps the book in this browser: whenever it changes, and when the page
/// is hidden or left (for the prices, which change too often to store on
/// every input).
#[hook]
fn use_saved_book(
    state: &UseReducerHandle<AppState>,
    latest: Latest<UseReducerHandle<AppState>>,
    embed: bool,
) {
    let save = |s: &AppState| storage::save(&s.shared().fragment());
    {
        let state = state.clone();
        use_effect_with(state.generation, move |_| {
            if !embed {
                save(&state);
            }
        });
    }
    use_effect_with((), move |_| {
        let cleanup = (!embed)
            .then(|| {
                let window = web_sys::window()?;
                let cb = Closure::<dyn Fn()>::new(move || {
                    if let Some(s) = latest.get() {
                        save(&s);
                    }
                });
                for ev in ["pagehide", "visibilitychange"] {
                    window
                        .add_event_listener_with_callback(ev, cb.as_ref().unchecked_ref())
                        .ok()?;
                }
                Some(move || {
                    for ev in ["pagehide", "visibilitychange"] {
                        let _ = window
                            .remove_event_listener_with_callback(ev, cb.as_ref().unchecked_ref());
                    }
                    drop(cb);
                })
            })
            .flatten();
        move || {
            if let Some(c) = cleanup {
                c();
            }
        }
    });
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(initial_state);
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
    let path = use_path(&state, &results);
    let charts = use_charts(&results, state.selected, state.map_y, path.clone());
    let twin = TwinModel::new(&results, path.as_deref(), state.selected);
    let dispatch = state.dispatcher();
    // Handles that do not change with every input, for the toolbar and
    // export buttons (they read the latest values when pressed).
    let latest_state = use_latest(state.clone());
    use_saved_book(&state, latest_state.clone(), embed.enabled);
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
                <Summary model={twin.clone()} />
                <header class="top">
                    <h1>{ "Margin Lab" }</h1>
                    <p class="tagline">{ "Cross vs isolated margin for perpetual futures, side by side. Exact decimals; nothing leaves your browser." }</p>
                    <Toolbar state={latest_state} dispatch={dispatch.clone()} />
                    <ExportPanel scenario={Same(Rc::clone(&s.scenario))} latest={latest_exports} dispatch={dispatch.clone()} />
                    if let Some(l) = lesson { <p class="lesson" data-testid="lesson">{ l }</p> }
                </header>
                <Notices ..notices::Props::of(s) />
                if let Some(u) = &s.undo { <UndoBar what={u.what.clone()} dispatch={dispatch.clone()} /> }
                if let Some(step) = s.tour { <TourCard step={step} dispatch={dispatch.clone()} /> }
                // The first screen: the verdict and the set-ups beside the
                // value chart and the prices that move it.
                <div class="stage">
                    <div class="stage-results">
                        <Twin model={twin.clone()} />
                        <CollateralPanel model={twin.collateral.clone()} />
                    </div>
                    <div class="stage-side">
                        <ChartsPanel charts={charts.clone()} symbols={Rc::clone(&symbols)}
                            selected={s.selected} map_y={s.map_y} mixed={s.book.is_mixed()} dispatch={dispatch.clone()}
                            show_map={false} title="Value chart" heading_id="value-h" path_on={s.path_on} />
                        <PriceControls model={prices} dispatch={dispatch.clone()} />
                        // Only for a market that pays funding.
                        <TimeChart scenario={Same(Rc::clone(&s.scenario))} generation={s.generation} market={s.selected} />
                        // The verdict map needs two markets.
                        if charts.map.is_some() {
                            <ChartsPanel charts={charts.clone()} symbols={Rc::clone(&symbols)}
                                selected={s.selected} map_y={s.map_y} mixed={s.book.is_mixed()} dispatch={dispatch.clone()}
                                show_value={false} title="Two markets at once" heading_id="map-h" path_on={s.path_on} />
                        }
                    </div>
                </div>
                <div class="layout">
                    <BookEditor draft={Same(Rc::clone(&s.draft))} error={s.error.clone()} dispatch={dispatch.clone()} />
                </div>
                <Help />
            </main>
        }
    };
    html! { <ContextProvider<Same<crate::hooks::results::Results>> context={results}>{ content }</ContextProvider<Same<crate::hooks::results::Results>>> }
}
