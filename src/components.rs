//! The page's parts, one component (or a few small ones) per file. They
//! only format what the engine computed; none does margin arithmetic.
//!
//! * [`toolbar`], [`embed_panel`], [`export_panel`]: examples, share link,
//!   embed code, export and import;
//! * [`notices`]: what could not be opened or used, with the engine's reason;
//! * [`undo_bar`]: undo for whatever replaced the whole book;
//! * [`tour_card`]: the guided tour over the teaching examples;
//! * [`twin`]: the verdict and one column per margin set-up;
//! * [`prices`]: price sliders and boxes, the whole-market move, path mode;
//! * [`charts_panel`] and [`chart_view`]: the value chart and the verdict map;
//! * [`editor`]: the book (wallet, markets, tier tables, positions);
//! * [`fields`]: the text box and callbacks every form shares;
//! * [`help`]: the formulas in short;
//! * [`time_chart`]: liquidation prices against holding time (funding);
//! * [`explain`]: "how this was computed" beside a number, from the engine's explanation.
pub mod chart_view;
pub mod charts_panel;
pub mod collateral_panel;
pub mod editor;
pub mod embed_panel;
pub mod explain;
pub mod export_panel;
pub mod fields;
pub mod help;
pub mod notices;
pub mod prices;
pub mod time_chart;
pub mod toolbar;
pub mod tour_card;
pub mod twin;
pub mod undo_bar;
