//! The page in embed mode (`?embed=1`): only the chosen panels, an optional
//! title and caption, and the content height posted to the parent page.
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::js_sys;
use yew::prelude::*;

use crate::charts_view::Charts;
use crate::editor::Editor;
use crate::embed::{EmbedOptions, Panel};
use crate::price_controls::{path_row, PriceControls};
use crate::state::State;
use crate::twin::Twin;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: Rc<State>,
    pub dispatch: UseReducerDispatcher<State>,
    pub options: Rc<EmbedOptions>,
}

/// Posts `{type: "margin-lab:height", id, height}` to the parent window (only when framed).
pub fn post_height(root: &web_sys::Element, id: Option<&str>) {
    let Some(window) = web_sys::window() else { return };
    let Ok(Some(parent)) = window.parent() else { return };
    if JsValue::from(parent.clone()) == JsValue::from(window.clone()) {
        return;
    }
    let scroll = window.scroll_y().unwrap_or(0.0);
    let bottom = root.get_bounding_client_rect().bottom() + scroll;
    let height = bottom.ceil().max(0.0);
    let msg = js_sys::Object::new();
    let id = id.map(JsValue::from_str).unwrap_or(JsValue::NULL);
    let ok = js_sys::Reflect::set(&msg, &"type".into(), &"margin-lab:height".into()).is_ok()
        && js_sys::Reflect::set(&msg, &"id".into(), &id).is_ok()
        && js_sys::Reflect::set(&msg, &"height".into(), &JsValue::from_f64(height)).is_ok();
    if ok {
        let _ = parent.post_message(&msg, "*");
    }
}

/// Watches the root's size and posts the height on every change; returns the cleanup.
fn observe(root: web_sys::Element, id: Option<String>) -> Option<impl FnOnce()> {
    let target = root.clone();
    let cb = Closure::<dyn Fn(JsValue)>::new(move |_entries: JsValue| post_height(&target, id.as_deref()));
    let observer = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()).ok()?;
    observer.observe(&root);
    Some(move || {
        observer.disconnect();
        drop(cb);
    })
}

#[function_component(EmbedView)]
pub fn embed_view(p: &Props) -> Html {
    let root = use_node_ref();
    let o = &p.options;
    {
        let root = root.clone();
        let id = o.id.clone();
        use_effect_with((), move |_| {
            let cleanup = root.cast::<web_sys::Element>().and_then(|el| observe(el, id));
            move || {
                if let Some(c) = cleanup {
                    c();
                }
            }
        });
    }
    {
        // After every render too (content may change without a resize of the root yet).
        let root = root.clone();
        let id = o.id.clone();
        use_effect(move || {
            if let Some(el) = root.cast::<web_sys::Element>() {
                post_height(&el, id.as_deref());
            }
        });
    }
    let s = &p.state;
    let d = &p.dispatch;
    let mut errors: Vec<String> = Vec::new();
    errors.extend(s.notice.clone());
    errors.extend(s.error.as_ref().map(|e| e.to_string()));
    errors.extend(s.price_error.as_ref().map(|(_, m)| m.clone()));
    let (verdict, twin) = (o.shows(Panel::Verdict), o.shows(Panel::Twin));
    let (value, map) = (o.shows(Panel::ValueChart), o.shows(Panel::Map) && s.book.markets.len() > 1);
    html! {
        <main class="app embed" data-testid="embed" ref={root}>
            if let Some(t) = &o.title { <h1 class="embed-title" data-testid="embed-title">{ t.clone() }</h1> }
            if !errors.is_empty() {
                <div id="error" class="error" data-testid="error" role="alert">
                    { for errors.iter().map(|e| html! { <p>{ format!("⚠ {e}") }</p> }) }
                </div>
            }
            if verdict || twin { <Twin state={s.clone()} show_verdict={verdict} show_columns={twin} /> }
            if o.shows(Panel::Prices) {
                <PriceControls state={s.clone()} dispatch={d.clone()} embed={Some(o.clone())} />
            }
            if o.shows(Panel::Path) {
                <section class="card path" aria-label="Path mode">{ path_row(s, d, o.locks.prices) }</section>
            }
            if value || map {
                <Charts state={s.clone()} dispatch={d.clone()} show_value={value} show_map={map} />
            }
            if o.shows(Panel::Book) { <Editor state={s.clone()} dispatch={d.clone()} locks={o.locks} /> }
            if let Some(c) = &o.caption { <p class="embed-caption" data-testid="embed-caption">{ c.clone() }</p> }
        </main>
    }
}
