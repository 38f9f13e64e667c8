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

fn text(root: &web_sys::Element, testid: &str) -> String {
    root.query_selector(&format!("[data-testid=\"{testid}\"]"))
        .unwrap()
        .unwrap_or_else(|| panic!("an element {testid}"))
        .text_content()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

#[wasm_bindgen_test]
async fn default_book_renders_with_a_verdict_and_charts() {
    let root = mount_point();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    yew::platform::time::sleep(Duration::from_millis(50)).await;

    let heading = root.query_selector("h1").unwrap().expect("an <h1>");
    assert_eq!(heading.text_content().as_deref(), Some("Margin Lab"));
    assert!(text(&root, "verdict").starts_with("No liquidation at these prices."));
    assert_eq!(text(&root, "cross-account-value"), "10,000.00 USDT");
    assert_eq!(text(&root, "isolated-account-value"), "10,000.00 USDT");
    assert_eq!(
        root.query_selector_all("[data-testid=position-row]")
            .unwrap()
            .length(),
        3
    );
    assert!(root
        .query_selector("[data-testid=value-chart] svg.chart-svg")
        .unwrap()
        .is_some());
    assert!(root
        .query_selector("[data-testid=map-chart] svg.chart-svg")
        .unwrap()
        .is_some());
    let error = root
        .query_selector("[data-testid=error]")
        .unwrap()
        .and_then(|e| e.text_content());
    assert_eq!(
        error,
        None,
        "no error on the default book (hash {:?})",
        web_sys::window().unwrap().location().hash()
    );

    handle.destroy();
}

#[wasm_bindgen_test]
async fn typing_a_price_updates_the_verdict() {
    use wasm_bindgen::JsCast;
    let root = mount_point();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    yew::platform::time::sleep(Duration::from_millis(50)).await;

    let input: web_sys::HtmlInputElement = root
        .query_selector("[data-testid=price-input-BTCUSDT]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    input.set_value("45000");
    let ev = web_sys::InputEvent::new("input").unwrap();
    input.dispatch_event(&ev).unwrap();
    yew::platform::time::sleep(Duration::from_millis(50)).await;
    assert!(
        !text(&root, "verdict").starts_with("No liquidation"),
        "{}",
        text(&root, "verdict")
    );

    handle.destroy();
}
