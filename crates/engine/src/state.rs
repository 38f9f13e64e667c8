//! The account at one price vector: per-position figures, the cross account,
//! who is liquidated, and the account value (docs/model.md §3).
use rust_decimal::Decimal;
use serde::Serialize;

use crate::book::{Book, Prices};
use crate::dec;
use crate::error::Error;
use crate::num::Checked;
use crate::position::{MarginMode, Position};
use crate::rules::{self, CrossSums, Figures};

/// One position at a price.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PositionState {
    #[serde(with = "dec::string")]
    pub price: Decimal,
    /// `size × price`.
    #[serde(with = "dec::string")]
    pub notional: Decimal,
    /// `side × size × (price − entry)`.
    #[serde(with = "dec::string")]
    pub unrealized_pnl: Decimal,
    /// `notional ÷ leverage` at this price.
    #[serde(with = "dec::string")]
    pub initial_margin: Decimal,
    /// `notional × mmr − cum` of the tier of this notional.
    #[serde(with = "dec::string")]
    pub maintenance_margin: Decimal,
    #[serde(with = "dec::string")]
    pub maintenance_rate: Decimal,
    /// Tier index (0-based) of this notional.
    pub tier: usize,
    /// Isolated only: margin + uPnL.
    #[serde(with = "dec::option")]
    pub margin_balance: Option<Decimal>,
    /// Isolated only: MM ÷ margin balance (null when the balance is ≤ 0).
    #[serde(with = "dec::option")]
    pub margin_ratio: Option<Decimal>,
    /// Isolated only: margin + uPnL ≤ MM. (A cross position follows the cross account.)
    pub liquidated: bool,
    /// An inverse contract's figures in its coin (the ones above are in
    /// the account's unit at this price).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coin: Option<CoinFigures>,
    /// A market with fees: what opening and closing this position costs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub costs: Option<OrderCosts>,
    /// Funding paid over the holding time, in settle units (negative:
    /// received); already out of its margin or the cross wallet.
    #[serde(with = "dec::string", skip_serializing_if = "Decimal::is_zero")]
    pub funding_paid: Decimal,
}

/// A position's trading costs under its market's fee rule, in settle units
/// (the quote for a linear contract, the coin for an inverse one).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrderCosts {
    /// The initial margin at entry (`rules::opening_margin` without a
    /// reserved fee).
    #[serde(with = "dec::string")]
    pub initial_margin: Decimal,
    /// `taker × notional at entry`.
    #[serde(with = "dec::string")]
    pub fee_to_open: Decimal,
    /// `taker × notional at the bankruptcy price of the leverage`.
    #[serde(with = "dec::string")]
    pub fee_to_close: Decimal,
    /// What opening takes from the balance: the three above (Bybit's order
    /// cost).
    #[serde(with = "dec::string")]
    pub order_cost: Decimal,
}

impl OrderCosts {
    /// The costs of position `p` of market `m` (`None`: no fees).
    pub fn of(m: &crate::market::Market, p: &Position) -> Result<Option<OrderCosts>, Error> {
        if m.fees.is_none() {
            return Ok(None);
        }
        let (open, close) = (rules::fee_to_open(m, p)?, rules::fee_to_close(m, p)?);
        let initial_margin = rules::entry_initial_margin(m, p)?;
        Ok(Some(OrderCosts {
            initial_margin,
            fee_to_open: open,
            fee_to_close: close,
            order_cost: initial_margin.plus(open)?.plus(close)?,
        }))
    }
}

/// An inverse position's figures in its coin.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoinFigures {
    /// `N / P`.
    #[serde(with = "dec::string")]
    pub notional: Decimal,
    /// `side·N·(1/EP − 1/P)`.
    #[serde(with = "dec::string")]
    pub unrealized_pnl: Decimal,
    #[serde(with = "dec::string")]
    pub maintenance_margin: Decimal,
    /// Isolated only: margin + uPnL.
    #[serde(with = "dec::option")]
    pub margin_balance: Option<Decimal>,
}

impl CoinFigures {
    /// The coin figures of a position with figures `f`, when it settles in
    /// a coin priced at its market (`None` for a linear contract).
    fn of(
        m: &crate::market::Market,
        f: &Figures,
        balance: Option<Decimal>,
    ) -> Result<Option<CoinFigures>, Error> {
        if !matches!(m.contract, crate::market::ContractKind::Inverse { .. }) {
            return Ok(None);
        }
        let coin = |usd: Decimal| usd.over(f.price);
        Ok(Some(CoinFigures {
            notional: coin(f.notional)?,
            unrealized_pnl: coin(f.unrealized_pnl)?,
            maintenance_margin: coin(f.maintenance_margin)?,
            margin_balance: balance.map(coin).transpose()?,
        }))
    }
}

impl PositionState {
    /// The state of a position with figures `f` and initial margin
    /// `initial_margin` at the price: `isolated` is its standing and margin
    /// ratio when it is isolated (`None` for a cross position).
    #[inline(always)]
    pub(crate) fn new(
        m: &crate::market::Market,
        p: &Position,
        f: &Figures,
        initial_margin: Decimal,
        isolated: Option<(rules::Isolated, Option<Decimal>)>,
    ) -> Result<PositionState, Error> {
        Ok(PositionState {
            coin: CoinFigures::of(m, f, isolated.map(|(s, _)| s.balance))?,
            costs: OrderCosts::of(m, p)?,
            funding_paid: p.funding_paid,
            price: f.price,
            notional: f.notional,
            unrealized_pnl: f.unrealized_pnl,
            initial_margin,
            maintenance_margin: f.maintenance_margin,
            maintenance_rate: f.maintenance_rate,
            tier: f.tier,
            margin_balance: isolated.map(|(s, _)| s.balance),
            margin_ratio: isolated.and_then(|(_, r)| r),
            liquidated: isolated.is_some_and(|(s, _)| s.liquidated),
        })
    }
}

/// The cross account at a price.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossState {
    /// What the cross account holds at market value (version 1: `wallet −
    /// Σ isolated margins`).
    #[serde(with = "dec::string")]
    pub wallet: Decimal,
    #[serde(with = "dec::string")]
    pub unrealized_pnl: Decimal,
    /// Margin balance: cross wallet + Σ cross uPnL, each asset with the PnL
    /// settled in it valued at its collateral ratio.
    #[serde(with = "dec::string")]
    pub equity: Decimal,
    /// The same at market value, before collateral ratios (equal to
    /// `equity` when every asset counts in full).
    #[serde(with = "dec::string")]
    pub market_equity: Decimal,
    #[serde(with = "dec::string")]
    pub maintenance_margin: Decimal,
    #[serde(with = "dec::string")]
    pub initial_margin: Decimal,
    /// Σ MM ÷ equity (Binance's margin ratio; liquidation at ≥ 1). Null when
    /// equity ≤ 0 or there is no cross position.
    #[serde(with = "dec::option")]
    pub margin_ratio: Option<Decimal>,
    /// `max(0, equity − Σ initial margin)`.
    #[serde(with = "dec::string")]
    pub available_balance: Decimal,
    /// Number of cross positions.
    pub positions: usize,
    /// Has cross positions and equity ≤ Σ MM.
    pub liquidated: bool,
}

impl CrossState {
    /// The cross account of `wallet` with the sums of its positions, its
    /// standing, and `initial_margin`, their initial margins at the price.
    pub(crate) fn new(
        wallet: Decimal,
        sums: &CrossSums,
        standing: &rules::CrossStanding,
        initial_margin: Decimal,
    ) -> Result<CrossState, Error> {
        let equity = standing.equity;
        Ok(CrossState {
            wallet,
            unrealized_pnl: sums.unrealized_pnl,
            equity,
            market_equity: standing.market,
            maintenance_margin: sums.maintenance_margin,
            initial_margin,
            margin_ratio: sums.ratio(equity)?,
            available_balance: equity.minus(initial_margin)?.max(Decimal::ZERO),
            positions: sums.count,
            liquidated: standing.liquidated,
        })
    }
}

/// The whole account at a price vector.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccountState {
    pub positions: Vec<PositionState>,
    pub cross: CrossState,
    /// Wallet + unrealized PnL after liquidations: open positions at their
    /// balance, liquidated ones at what the residual rule leaves.
    #[serde(with = "dec::string")]
    pub account_value: Decimal,
}

/// One asset of the cross account at a price vector.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssetState {
    pub asset: String,
    /// Units in the cross account (isolated margins taken out).
    #[serde(with = "dec::string")]
    pub units: Decimal,
    #[serde(with = "dec::string")]
    pub price: Decimal,
    /// `units × price + the cross PnL settled in it` (a position under
    /// Mango's health rule settles its health).
    #[serde(with = "dec::string")]
    pub balance: Decimal,
    /// What that balance counts for as margin (its collateral ratio, or its
    /// liability weight when negative).
    #[serde(with = "dec::string")]
    pub margin_value: Decimal,
    /// A loan's interest over the holding time, in units (already in
    /// `units`); absent when none.
    #[serde(with = "dec::option", skip_serializing_if = "Option::is_none")]
    pub interest: Option<Decimal>,
    /// Units Binance's auto-exchange sold (negative) or repaid (positive)
    /// (already in `units`); absent when none.
    #[serde(with = "dec::option", skip_serializing_if = "Option::is_none")]
    pub exchanged: Option<Decimal>,
}

impl Book {
    /// Each asset of the cross account at `prices`: its balance with the
    /// PnL settled in it, and what that counts for as margin.
    pub fn assets_at(&self, prices: &Prices) -> Result<Vec<AssetState>, Error> {
        let mut settled = vec![Decimal::ZERO; self.collateral.assets.len()];
        for p in &self.positions {
            if p.mode == MarginMode::Cross {
                let m = self.market(p.market)?;
                let slot = settled
                    .get_mut(m.settle)
                    .ok_or_else(|| Error::internal("asset index"))?;
                // Mango's rule settles the position's health, not its PnL.
                let settled = match m.health {
                    Some(_) => rules::figures(m, p, prices.get(p.market)?)?.settled(),
                    None => rules::unrealized_pnl(m, p, prices.get(p.market)?)?,
                };
                *slot = slot.plus(settled)?;
            }
        }
        let price_of = |m: usize| prices.get(m);
        self.collateral
            .assets
            .iter()
            .zip(settled)
            .enumerate()
            .map(|(k, (a, pnl))| {
                let price = a.price.at(&price_of)?;
                Ok(AssetState {
                    interest: self.interest.get(k).copied().filter(|i| !i.is_zero()),
                    exchanged: self.exchanged.get(k).copied().filter(|i| !i.is_zero()),
                    asset: a.name.clone(),
                    units: a.units,
                    price,
                    balance: crate::collateral::units_value(a.units, price)?.plus(pnl)?,
                    margin_value: a.counted(price, pnl)?,
                })
            })
            .collect()
    }

    /// The account at `prices`, summed position by position in input order.
    /// (An [`crate::Analyzer`] snapshot sums market by market, to reuse a
    /// market's part while its price stands; the two agree to the 28th
    /// significant digit, where rounding a quotient's last digit can differ.)
    pub fn evaluate(&self, prices: &Prices) -> Result<AccountState, Error> {
        let mut positions = Vec::with_capacity(self.positions.len());
        let mut cross = CrossSums::default();
        let (mut cross_im, mut isolated_value) = (Decimal::ZERO, Decimal::ZERO);
        for p in &self.positions {
            let m = self.market(p.market)?;
            let f = rules::figures(m, p, prices.get(p.market)?)?;
            let initial = rules::initial_margin_at(m, p, &f)?;
            let isolated = match p.mode {
                MarginMode::Cross => {
                    cross.add(&f)?;
                    cross_im = cross_im.plus(initial)?;
                    None
                }
                MarginMode::Isolated => {
                    let s = rules::isolated(p.margin, &f)?;
                    isolated_value =
                        isolated_value.plus(rules::isolated_value(self.residual, &s, &f)?)?;
                    Some((s, rules::margin_ratio(f.maintenance_margin, s.balance)?))
                }
            };
            positions.push(PositionState::new(m, p, &f, initial, isolated)?);
        }
        let price_of = |m: usize| prices.get(m);
        let standing = cross.standing(&self.collateral, &price_of, self.residual)?;
        let held = self.collateral.held(&price_of)?;
        Ok(AccountState {
            positions,
            cross: CrossState::new(held, &cross, &standing, cross_im)?,
            account_value: standing.value.plus(isolated_value)?,
        })
    }

    /// Position `i`'s figures at `price` (its uPnL, margins and tier there).
    pub fn position_figures(&self, i: usize, price: Decimal) -> Result<Figures, Error> {
        let p = self.position(i)?;
        rules::figures(self.market(p.market)?, p, price)
    }
}
