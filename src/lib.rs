//! Margin Lab's web page (Yew), built to wasm by Trunk: a thin shell over
//! the `margin-engine` crate, which computes every number the page shows.
//!
//! Where things are:
//! * [`app`]: the page's layout; `main.rs` mounts it;
//! * [`state`]: what the user typed and chose, and the reducer (pure);
//! * [`hooks`]: what is derived from the state: the engine's results, the
//!   charts, path mode's recording (cached, outside the reducer);
//! * [`components`]: the page's parts;
//! * [`charts`]: chart models and their drawing (plotters);
//! * [`embed`]: embed mode (options, query, snippet, view);
//! * [`io`]: share links, files, downloads, clipboard, the page's address;
//! * [`js_api`]: the JavaScript API over the engine;
//! * [`format`]: display formatting.
#![forbid(unsafe_code)]
#![deny(clippy::arithmetic_side_effects)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

pub mod app;
pub mod charts;
pub mod components;
pub mod embed;
pub mod format;
pub mod hooks;
pub mod io;
pub mod js_api;
pub mod state;
#[cfg(test)]
mod test_support;
