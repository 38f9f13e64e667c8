//! Margin Lab web app (Yew), built to wasm by Trunk.

pub mod analysis;
pub mod app;
pub mod chart;
pub mod chart_data;
pub mod charts_view;
pub mod draft;
pub mod editor;
pub mod format;
pub mod help;
pub mod presets;
pub mod price_controls;
pub mod share;
pub mod state;
pub mod twin;
