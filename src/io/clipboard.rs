//! Copying text to the clipboard, when the page may: a refusal (or no
//! clipboard, as in a sandboxed frame) is fine, since every copied text is
//! also shown on the page to copy by hand.
use wasm_bindgen::JsValue;
use web_sys::js_sys;

/// Copies `text`; never fails loudly.
pub fn copy(text: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let nav = window.navigator();
    let has = js_sys::Reflect::get(&nav, &JsValue::from_str("clipboard"))
        .map(|c| !c.is_undefined() && !c.is_null());
    if has != Ok(true) {
        return;
    }
    let promise = nav.clipboard().write_text(text);
    wasm_bindgen_futures::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    });
}
