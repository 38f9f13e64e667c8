//! The third comparison (docs/model.md §11): the same book funded by coins
//! that move with the market against the same starting value held in
//! stablecoins, counted in full. It shows what posting a coin as margin
//! does: a long backed by the coin it is long liquidates earlier, a short
//! hedged by haircut coins can liquidate on the way up.
use rust_decimal::Decimal;
use serde::Serialize;

use crate::analysis::{Analyzer, Snapshot};
use crate::book::{Book, Prices};
use crate::collateral::{units_value, AssetPrice};
use crate::compare::Variant;
use crate::dec;
use crate::error::Error;
use crate::line::Boundary;
use crate::liquidation::Bounds;
use crate::num::Checked;

/// The cross account along one market, funded both ways.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarketFunding {
    pub market: String,
    /// The coins whose price follows this market.
    pub coins: Vec<String>,
    /// Liquidation prices with the coins as they are.
    pub with_coins: Bounds,
    /// With their starting value in stablecoins instead.
    pub in_stablecoins: Bounds,
}

/// The book funded by its coins against the same value in stablecoins.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FundingComparison {
    /// The coins whose price follows a market (the cross account's).
    pub coins: Vec<String>,
    /// What they are worth at the marks, at market value: the stablecoins
    /// the other funding holds instead.
    #[serde(with = "dec::string")]
    pub stable_value: Decimal,
    /// Per market the cross account moves with, at the given prices.
    pub markets: Vec<MarketFunding>,
    /// Whole-market move (as a fraction) that liquidates each (`None`
    /// when built from snapshots, which do not scan the whole market).
    pub move_with_coins: Option<Bounds>,
    pub move_in_stablecoins: Option<Bounds>,
    /// Whether each is liquidated at the prices themselves (the bounds
    /// above are then where it would stand again, not where it goes).
    pub liquidated_with_coins: bool,
    pub liquidated_in_stablecoins: bool,
}

impl Book {
    /// This book with every coin that follows a market in its cross account
    /// replaced by its value at the marks in stablecoins, counted in full
    /// (coins that contracts settle in keep zero units: their PnL is still
    /// paid in them). Isolated margins stay as they are.
    pub fn in_stablecoins(&self) -> Result<Book, Error> {
        let mut b = self.clone();
        let marks = self.marks();
        let price_of = |m: usize| marks.get(m);
        let mut cash = b.collateral.cash;
        for a in &mut b.collateral.assets {
            if let AssetPrice::Follows { .. } = a.price {
                cash = cash.plus(units_value(a.units, a.price.at(&price_of)?)?)?;
                a.units = Decimal::ZERO;
            }
        }
        b.collateral.cash = cash;
        b.collateral.refresh();
        // A fee counted at the cross balance's bankruptcy price follows the
        // balance now held.
        crate::book::set_account_close_fees(&b.markets, &mut b.positions, &b.collateral.assets)?;
        b.retotal()?;
        Ok(b)
    }

    /// The coins that follow a market, held in the cross account, and
    /// their value at the marks (`None`: none, or no cross position).
    fn coins(&self) -> Result<Option<(Vec<String>, Decimal)>, Error> {
        let marks = self.marks();
        let mut coins = Vec::new();
        let mut stable_value = Decimal::ZERO;
        for a in &self.collateral.assets {
            if let AssetPrice::Follows { .. } = a.price {
                if !a.units.is_zero() {
                    coins.push(a.name.clone());
                    stable_value =
                        stable_value.plus(units_value(a.units, a.price.at(&|m| marks.get(m))?)?)?;
                }
            }
        }
        Ok((!coins.is_empty() && self.has_cross()).then_some((coins, stable_value)))
    }

    /// Whether the third comparison applies: coins that follow a market in
    /// a cross account with positions.
    pub fn holds_market_coins(&self) -> Result<bool, Error> {
        Ok(self.coins()?.is_some())
    }

    /// The markets the comparison reads, with the coins that follow each
    /// and both fundings' bounds (`mine` for this book, `theirs` for the
    /// stablecoin one).
    fn funding_markets(
        &self,
        mine: impl Fn(usize) -> Result<Bounds, Error>,
        theirs: impl Fn(usize) -> Result<Bounds, Error>,
    ) -> Result<Vec<MarketFunding>, Error> {
        let members = self.cross_members();
        let mut markets = Vec::new();
        for (m, market) in self.markets.iter().enumerate() {
            if !self.cross_moves_with(&self.collateral, &members, m) {
                continue;
            }
            let followers = self
                .collateral
                .assets
                .iter()
                .filter(|a| a.price.market() == Some(m) && !a.units.is_zero())
                .map(|a| a.name.clone())
                .collect();
            markets.push(MarketFunding {
                market: market.symbol.clone(),
                coins: followers,
                with_coins: mine(m)?,
                in_stablecoins: theirs(m)?,
            });
        }
        Ok(markets)
    }

    /// The comparison at `prices`; `None` when the cross account holds no
    /// coin that follows a market or has no position.
    pub fn funding_comparison(&self, prices: &Prices) -> Result<Option<FundingComparison>, Error> {
        let Some((coins, stable_value)) = self.coins()? else {
            return Ok(None);
        };
        let stable = self.in_stablecoins()?;
        let bounds = |b: &Book, m: usize| -> Result<Bounds, Error> {
            Ok(b.cross_liquidation(prices, m, Boundary::Liquidation)?
                .map(|c| c.bounds)
                .unwrap_or_default())
        };
        let markets = self.funding_markets(|m| bounds(self, m), |m| bounds(&stable, m))?;
        Ok(Some(FundingComparison {
            coins,
            stable_value,
            markets,
            move_with_coins: Some(self.market_move(prices, Boundary::Liquidation)?.cross),
            move_in_stablecoins: Some(stable.market_move(prices, Boundary::Liquidation)?.cross),
            liquidated_with_coins: self.evaluate(prices)?.cross.liquidated,
            liquidated_in_stablecoins: stable.evaluate(prices)?.cross.liquidated,
        }))
    }
}

impl Analyzer {
    /// The third comparison from snapshots at the same prices: `snap` of
    /// this analyzer (its book as configured) and `stable_snap` of an
    /// analyzer of `book.in_stablecoins()` — what the page keeps, so that a
    /// price move rescans only what moved. The whole-market moves are left
    /// out (`None`).
    pub fn funding_from(
        &self,
        snap: &Snapshot,
        stable_snap: &Snapshot,
    ) -> Result<Option<FundingComparison>, Error> {
        let book = self.book();
        let Some((coins, stable_value)) = book.coins()? else {
            return Ok(None);
        };
        let prices = snap.prices();
        let (Some(mine), Some(theirs)) = (
            snap.variant(Variant::AsConfigured),
            stable_snap.variant(Variant::AsConfigured),
        ) else {
            return Ok(None);
        };
        let bounds = |v: &crate::analysis::VariantAt, m: usize| -> Result<Bounds, Error> {
            let price = prices.get(m)?;
            Ok(v.cross
                .as_ref()
                .and_then(|c| c.liquidation(m, price))
                .unwrap_or_default())
        };
        let markets = book.funding_markets(|m| bounds(mine, m), |m| bounds(theirs, m))?;
        Ok(Some(FundingComparison {
            coins,
            stable_value,
            markets,
            move_with_coins: None,
            move_in_stablecoins: None,
            liquidated_with_coins: mine.cross_state.liquidated,
            liquidated_in_stablecoins: theirs.cross_state.liquidated,
        }))
    }
}
