//! A validated market: its symbol, mark price, sensitivity to a
//! whole-market move and maintenance-margin tier table.
use rust_decimal::Decimal;

use crate::tiers::TierTable;

#[derive(Debug, Clone, PartialEq)]
pub struct Market {
    pub symbol: String,
    pub mark: Decimal,
    pub beta: Decimal,
    pub tiers: TierTable,
}
