//! Entry point of the Margin Lab web app.
//!
//! The same module is also the JS API (`src/api.rs`): a page that imports it
//! only for the API must not get the app mounted into its `<body>`, so the app
//! mounts only where the page asks for it with `<body data-margin-lab="app">`.

fn main() {
    let wants_app = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
        .and_then(|b| b.get_attribute("data-margin-lab"))
        .is_some_and(|v| v == "app");
    if wants_app {
        yew::Renderer::<margin_lab::app::App>::new().render();
    }
}
