//! An embed's height, posted to the page that frames it
//! (`{type: "margin-lab:height", id, height}`), so the host's listener can
//! size the iframe to the content.
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::js_sys;

/// Posts `{type: "margin-lab:height", id, height}` to the parent window (only when framed).
pub fn post_height(root: &web_sys::Element, id: Option<&str>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
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
pub fn observe(root: web_sys::Element, id: Option<String>) -> Option<impl FnOnce()> {
    let target = root.clone();
    let cb = Closure::<dyn Fn(JsValue)>::new(move |_entries: JsValue| {
        post_height(&target, id.as_deref())
    });
    let observer = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()).ok()?;
    observer.observe(&root);
    Some(move || {
        observer.disconnect();
        drop(cb);
    })
}
