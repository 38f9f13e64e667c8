//! Root component of the web app: loads the scenario from the link, holds the
//! state reducer, and lays out the editor, prices, twin view and charts.
use std::collections::BTreeMap;

use margin_engine::Decimal;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::charts_view::Charts;
use crate::editor::Editor;
use crate::price_controls::PriceControls;
use crate::share::{self, Shared};
use crate::state::{Action, State};
use crate::twin::Twin;

fn location_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// What a link hash opens: its scenario, or the default book with a message.
pub fn state_from_hash(hash: &str) -> State {
    match share::decode(hash) {
        Ok(Some(shared)) => State::from_shared(shared, None).with_link_notice(),
        Ok(None) => State::default(),
        Err(e) => State::from_shared(State::default().shared(), Some(e)).with_link_notice(),
    }
}

fn on_hash_change(dispatch: UseReducerDispatcher<State>) -> Option<impl FnOnce()> {
    let window = web_sys::window()?;
    let cb = Closure::<dyn Fn()>::new(move || {
        let hash = location_hash();
        if hash.is_empty() {
            return;
        }
        let s = state_from_hash(&hash);
        dispatch.dispatch(Action::Load(Box::new(s.shared()), s.notice.clone()));
    });
    window.add_event_listener_with_callback("hashchange", cb.as_ref().unchecked_ref()).ok()?;
    Some(move || {
        let _ = window.remove_event_listener_with_callback("hashchange", cb.as_ref().unchecked_ref());
        drop(cb);
    })
}

fn copy_to_clipboard(text: &str) {
    let Some(window) = web_sys::window() else { return };
    let clipboard = window.navigator().clipboard();
    let promise = clipboard.write_text(text);
    // A refused permission is fine: the link is also shown in the box.
    wasm_bindgen_futures::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    });
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer_eq(|| state_from_hash(&location_hash()));
    let dispatch = state.dispatcher();
    let link = use_state(String::new);
    let embed = use_memo((), |_| crate::embed::EmbedOptions::from_location());
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let cleanup = on_hash_change(dispatch);
            move || {
                if let Some(c) = cleanup {
                    c();
                }
            }
        });
    }
    let s = (*state).clone();
    let s = std::rc::Rc::new(s);
    if embed.enabled {
        let options: std::rc::Rc<crate::embed::EmbedOptions> = embed;
        return html! { <crate::embed_view::EmbedView state={s} dispatch={dispatch} {options} /> };
    }

    let on_share = {
        let state = state.clone();
        let link = link.clone();
        Callback::from(move |_| {
            let sh = state.shared();
            let hash = share::encode(&sh.scenario, &sh.prices, sh.market_move);
            let url = web_sys::window()
                .and_then(|w| {
                    let l = w.location();
                    Some(format!("{}{}{hash}", l.origin().ok()?, l.pathname().ok()?))
                })
                .unwrap_or_else(|| hash.clone());
            if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&hash));
            }
            copy_to_clipboard(&url);
            link.set(url);
        })
    };
    let on_preset = {
        let d = dispatch.clone();
        Callback::from(move |e: Event| {
            let id = e.target_unchecked_into::<HtmlSelectElement>().value();
            let (shared, notice) = match crate::presets::scenario(&id) {
                Ok(scenario) => (Shared { scenario, prices: BTreeMap::new(), market_move: Decimal::ZERO }, None),
                Err(e) => (State::default().shared(), Some(e)),
            };
            d.dispatch(Action::Load(Box::new(shared), notice));
            d.dispatch(Action::SetPreset(Some(id)));
        })
    };

    let mut errors: Vec<String> = Vec::new();
    errors.extend(s.notice.clone());
    errors.extend(s.error.as_ref().map(|e| e.to_string()));
    errors.extend(s.price_error.as_ref().map(|(_, m)| m.clone()));
    let presets = crate::presets::all().iter().map(|p| html! { <option value={p.id} title={p.lesson}>{ p.title }</option> });
    let lesson = crate::presets::all().iter().find(|p| Some(p.id) == state.preset.as_deref()).map(|p| p.lesson);

    html! {
        <main class="app">
            <header class="top">
                <h1>{ "Margin Lab" }</h1>
                <p class="tagline">{ "Cross vs isolated margin for perpetual futures, side by side. Exact decimals; nothing leaves your browser." }</p>
                <div class="toolbar">
                    <label for="preset">{ "Load example" }</label>
                    <select id="preset" data-testid="preset" onchange={on_preset}>
                        <option value="" selected=true disabled=true>{ "Choose…" }</option>
                        { for presets }
                    </select>
                    <button type="button" data-testid="share-link" onclick={on_share}>{ "Copy share link" }</button>
                    <crate::embed_panel::EmbedPanel state={s.clone()} />
                    if !link.is_empty() {
                        <input class="share-url" data-testid="share-url" type="text" readonly=true aria-label="Share link"
                            value={(*link).clone()} />
                    }
                </div>
                <crate::export_panel::ExportPanel state={s.clone()} dispatch={dispatch.clone()} />
                if let Some(l) = lesson { <p class="lesson" data-testid="lesson">{ l }</p> }
            </header>
            if !errors.is_empty() {
                <div id="error" class="error" data-testid="error" role="alert">
                    { for errors.iter().map(|e| html! { <p>{ format!("⚠ {e}") }</p> }) }
                    if s.error.is_some() { <p class="muted">{ "Results below use the last valid book." }</p> }
                </div>
            }
            <Twin state={s.clone()} />
            <div class="layout">
                <PriceControls state={s.clone()} dispatch={dispatch.clone()} />
                <Charts state={s.clone()} dispatch={dispatch.clone()} />
                <Editor state={s.clone()} dispatch={dispatch.clone()} />
            </div>
            { crate::help::how_it_works() }
        </main>
    }
}
