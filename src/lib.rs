//! Margin Lab web app (Yew), built to wasm by Trunk.

pub mod app;
