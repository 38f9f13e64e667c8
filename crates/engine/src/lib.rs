//! # Margin Lab engine
//!
//! An exact model of one trading account that holds leveraged **perpetual
//! futures** — linear (quote-margined, USDT-style) and inverse
//! (coin-margined) — in **cross** and **isolated** margin, funded by a
//! stablecoin wallet and other assets valued at their collateral ratios
//! (scenario version 2, docs/model.md §11). Everything is `rust_decimal::Decimal`; nothing here
//! panics on any input (`clippy::arithmetic_side_effects`, `unwrap_used`,
//! `expect_used`, `panic` and `indexing_slicing` are denied, and every
//! operation is checked).
//!
//! The model, every formula with its source and date, and the invariants the
//! tests hold it to are written out in `docs/model.md` at the repository's
//! root; each module's documentation names the section it implements.
//!
//! ## The public facade
//!
//! * [`Scenario`] (module [`scenario`]): the versioned wire format shared by
//!   the share URL, the JS API, the CLI and the tests; [`dec`] reads and
//!   writes its decimals.
//! * [`Book`]: a validated scenario. Its methods answer every question:
//!   [`Book::evaluate`] (the account at a price vector),
//!   [`Book::isolated_liquidation_price`], [`Book::cross_liquidation`],
//!   [`Book::market_move`], [`Book::compare`] (as configured, all cross,
//!   all isolated), [`Book::walk`] (a price path with latched
//!   liquidations; [`PathWalker`] walks incrementally), [`Book::sweep`] and
//!   [`Book::grid`] (chart data).
//! * [`Analyzer`]: a book prepared for many price vectors; its
//!   [`Snapshot`]s recompute only the markets whose price changed. The web
//!   page runs on it, and [`report`] builds the CLI's and the JS API's
//!   answers from it.
//! * [`presets`] and [`samples`]: shipped tier tables and scenarios.
//!
//! Everything else (the rules, the line solver) is private: one home each.
#![forbid(unsafe_code)]
#![deny(clippy::arithmetic_side_effects)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod account;
mod analysis;
mod book;
pub mod collateral;
mod compare;
pub mod dec;
mod error;
pub mod explain;
mod funding;
mod gap;
mod grid;
mod json_path;
pub mod limits;
mod line;
mod liquidation;
mod lone;
mod market;
pub mod num;
mod path;
mod position;
pub mod presets;
pub mod report;
mod rules;
pub mod samples;
pub mod scenario;
mod state;
mod sweep;
mod tiers;
pub mod timeline;
mod venue;
pub mod venues;

pub use analysis::{
    Analyzer, CrossAt, IsolatedPrices, Money, PositionAt, SetUp, Snapshot, Story, Threat, Totals,
    VariantAt,
};
pub use book::{price as check_price, Book, Prices};
pub use compare::{Comparison, Outcome, Variant, Verdict};
pub use error::{Error, ErrorKind};
pub use explain::{explain, explain_at, Explanation, Subject};
pub use funding::{FundingComparison, MarketFunding};
pub use gap::{compare as compare_with_venue, Gap, Reason};
pub use grid::Grid;
pub use line::{Boundary, Crossing, Scan};
pub use liquidation::{Bounds, CrossBoundaries, MoveThresholds};
pub use lone::{funding_paid_of, opening_margin_of, order_costs_of};
pub use market::{ContractKind, Funding, Market, MmBasis};
pub use path::{Event, EventKind, PathResult, PathWalker, MAX_SAMPLES};
pub use position::{MarginMode, Position, Side};
pub use rules::Figures;
pub use rust_decimal::Decimal;
pub use scenario::Scenario;
pub use state::{AccountState, AssetState, CoinFigures, CrossState, OrderCosts, PositionState};
pub use sweep::{axis, Series, Sweep, MAX_POINTS};
pub use tiers::{Maintenance, Tier, TierTable, MAX_TIERS};
pub use timeline::{timeline, Timeline};
pub use venue::clamped_funding_rate;

/// The initial margin of `size` at `price` and `leverage`: the isolated
/// margin a position gets by default (`size × entry ÷ leverage`).
pub fn initial_margin(size: Decimal, price: Decimal, leverage: Decimal) -> Result<Decimal, Error> {
    rules::initial_margin(size, price, leverage)
}

/// The coins an inverse position of `contracts` × `contract_size` USD opens
/// with at `entry` and `leverage` (`N ÷ entry ÷ leverage`).
pub fn inverse_opening_margin(
    contracts: Decimal,
    contract_size: Decimal,
    entry: Decimal,
    leverage: Decimal,
) -> Result<Decimal, Error> {
    use num::Checked;
    rules::coin_margin(contracts.times(contract_size)?, entry, leverage)
}
