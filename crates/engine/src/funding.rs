//! The third comparison (docs/model.md §11): the same book funded by coins
//! that move with the market against the same starting value held in
//! stablecoins, counted in full. It shows what posting a coin as margin
//! does: a long backed by the coin it is long liquidates earlier, a short
//! hedged by haircut coins can liquidate on the way up.
use rust_decimal::Decimal;
use serde::Serialize;

use crate::book::{Book, Prices};
use crate::collateral::{units_value, AssetPrice};
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
    /// Whole-market move (as a fraction) that liquidates each.
    pub move_with_coins: Bounds,
    pub move_in_stablecoins: Bounds,
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
        b.collateral = crate::collateral::Collateral::rebuilt(b.collateral);
        b.retotal()?;
        Ok(b)
    }

    /// The comparison at `prices`; `None` when the cross account holds no
    /// coin that follows a market or has no position.
    pub fn funding_comparison(&self, prices: &Prices) -> Result<Option<FundingComparison>, Error> {
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
        if coins.is_empty() || !self.has_cross() {
            return Ok(None);
        }
        let stable = self.in_stablecoins()?;
        let members = self.cross_members();
        let mut markets = Vec::new();
        for (m, market) in self.markets.iter().enumerate() {
            if !self.cross_moves_with(&self.collateral, &members, m) {
                continue;
            }
            let bounds = |b: &Book| -> Result<Bounds, Error> {
                Ok(b.cross_liquidation(prices, m, Boundary::Liquidation)?
                    .map(|c| c.bounds)
                    .unwrap_or_default())
            };
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
                with_coins: bounds(self)?,
                in_stablecoins: bounds(&stable)?,
            });
        }
        Ok(Some(FundingComparison {
            coins,
            stable_value,
            markets,
            move_with_coins: self.market_move(prices, Boundary::Liquidation)?.cross,
            move_in_stablecoins: stable.market_move(prices, Boundary::Liquidation)?.cross,
            liquidated_with_coins: self.evaluate(prices)?.cross.liquidated,
            liquidated_in_stablecoins: stable.evaluate(prices)?.cross.liquidated,
        }))
    }
}
