//! # Margin Lab engine
//!
//! An exact model of one trading account that holds leveraged **linear perpetual
//! futures** (quote-margined, USDT-style) in **cross** and **isolated** margin.
//! Everything is `rust_decimal::Decimal`; nothing here panics on any input
//! (`clippy::arithmetic_side_effects` is denied and every operation is checked).
//!
//! The model (see `../shared/reference/margin-formulas.md` §0 and §1):
//!
//! * a position's unrealized PnL is `side·q·(P − EP)`;
//! * its maintenance margin is `q·P·mmr − cum`, with the tier chosen by the
//!   notional `q·P` **at the price being evaluated** (Binance's rule);
//! * an isolated position is liquidated when `margin + uPnL ≤ MM`;
//! * the cross account is liquidated when `cross wallet + Σ uPnL ≤ Σ MM` over
//!   its cross positions, with `cross wallet = wallet − Σ isolated margins`.
//!
//! Along any straight line in price space (one market's price, the whole market
//! moving together, one step of a price path) each of those margins is a
//! piecewise-linear function, with kinks only where a position changes tier.
//! [`line`] walks those pieces exactly, and every liquidation price, bankruptcy
//! price, market-move threshold and path event comes from it.
//!
//! Module map:
//! * [`scenario`]: the versioned serde wire format (URL, JS API, CLI, tests);
//! * [`book`]: a validated, index-based account built from a scenario;
//! * [`tiers`]: maintenance-margin tier tables; [`presets`]: dated venue tables;
//! * [`state`]: the account at a price vector;
//! * [`liquidation`]: liquidation and bankruptcy prices, market-move thresholds;
//! * [`compare`]: the same book as configured, all cross and all isolated;
//! * [`path`]: a price path walked with latched liquidations;
//! * [`sweep`]: account value along one price, and the verdict over a 2-D grid;
//! * [`report`]: the JSON answers shared by the CLI and the JS API.
#![forbid(unsafe_code)]
#![deny(clippy::arithmetic_side_effects)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

pub mod book;
pub mod compare;
pub mod dec;
pub mod error;
pub mod line;
pub mod liquidation;
pub mod num;
pub mod path;
pub mod presets;
pub mod report;
pub mod samples;
pub mod scenario;
pub mod state;
pub mod sweep;
pub mod tiers;

pub use book::{Book, MarginMode, Prices, Side};
pub use compare::{compare, Comparison, Variant, Verdict};
pub use error::{Error, ErrorKind};
pub use rust_decimal::Decimal;
pub use scenario::Scenario;
