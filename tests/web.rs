//! In-browser tests of the web app (run with `cargo test --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use margin_lab::app::App;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount_point() -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div
}

#[wasm_bindgen_test]
async fn app_renders_heading_and_status() {
    let root = mount_point();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    // Rendering is scheduled; let the scheduler run.
    yew::platform::time::sleep(Duration::from_millis(20)).await;

    let heading = root.query_selector("h1").unwrap().expect("an <h1>");
    assert_eq!(heading.text_content().as_deref(), Some("Margin Lab"));
    let status = root
        .query_selector("[data-testid=status]")
        .unwrap()
        .expect("a status line");
    assert_eq!(status.text_content().as_deref(), Some("ready"));

    handle.destroy();
}
