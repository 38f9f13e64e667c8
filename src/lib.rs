//! Margin Lab web app (Yew), built to wasm by Trunk.

pub mod analysis;
pub mod api;
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
pub mod csv_export;
pub mod download;
pub mod embed;
pub mod embed_panel;
pub mod embed_snippet;
pub mod embed_view;
pub mod export_panel;
pub mod scenario_file;
pub mod tier_draft;
pub mod markets_editor;
pub mod market_actions;
