//! The page's state: what the user typed and chose, and the reducer that
//! applies each [`action::Action`]. Pure Rust, tested natively; nothing here
//! touches the DOM or computes results (those are derived in `hooks`).
//!
//! * [`field`]: reading a typed value, naming the field when it is not one;
//! * [`draft`] and [`tier_draft`]: the book as typed, box by box;
//! * [`book_edits`]: adding, removing and changing markets and positions;
//! * [`prices`]: the price boxes, sliders and whole-market move;
//! * [`notice`]: a link, file or example that could not be opened;
//! * [`action`] and [`reducer`]: the actions and the state they change.
pub mod action;
pub mod asset_draft;
pub mod asset_edits;
pub mod book_edits;
pub mod draft;
pub mod field;
pub mod notice;
pub mod prices;
pub mod reducer;
pub mod tier_draft;
pub mod tour;
pub mod venue_edits;
