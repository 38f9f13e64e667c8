//! The account at one price vector: per-position figures, the cross account,
//! who is liquidated, and the account value (docs/model.md §3).
use rust_decimal::Decimal;
use serde::Serialize;

use crate::book::{Book, MarginMode, Prices};
use crate::dec;
use crate::error::Error;
use crate::num::Checked;
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
}

impl PositionState {
    /// The state of a position with figures `f`: `isolated` is its standing
    /// when it is isolated (`None` for a cross position).
    pub(crate) fn new(f: &Figures, leverage: Decimal, isolated: Option<&rules::Isolated>) -> Result<PositionState, Error> {
        Ok(PositionState {
            price: f.price,
            notional: f.notional,
            unrealized_pnl: f.unrealized_pnl,
            initial_margin: rules::initial_margin_of(f.notional, leverage)?,
            maintenance_margin: f.maintenance_margin,
            maintenance_rate: f.maintenance_rate,
            tier: f.tier,
            margin_balance: isolated.map(|s| s.balance),
            margin_ratio: match isolated {
                Some(s) => rules::margin_ratio(f.maintenance_margin, s.balance)?,
                None => None,
            },
            liquidated: isolated.is_some_and(|s| s.liquidated),
        })
    }
}

/// The cross account at a price.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossState {
    /// `wallet − Σ isolated margins`.
    #[serde(with = "dec::string")]
    pub wallet: Decimal,
    #[serde(with = "dec::string")]
    pub unrealized_pnl: Decimal,
    /// Margin balance: cross wallet + Σ cross uPnL.
    #[serde(with = "dec::string")]
    pub equity: Decimal,
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
    /// The cross account of `wallet` with the sums of its positions (and
    /// `initial_margin`, their initial margins at the price).
    pub(crate) fn new(wallet: Decimal, sums: &CrossSums, initial_margin: Decimal) -> Result<CrossState, Error> {
        let equity = sums.equity(wallet)?;
        Ok(CrossState {
            wallet,
            unrealized_pnl: sums.unrealized_pnl,
            equity,
            maintenance_margin: sums.maintenance_margin,
            initial_margin,
            margin_ratio: if sums.count > 0 { rules::margin_ratio(sums.maintenance_margin, equity)? } else { None },
            available_balance: equity.minus(initial_margin)?.max(Decimal::ZERO),
            positions: sums.count,
            liquidated: sums.liquidated(wallet)?,
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

impl Book {
    /// The account at `prices`.
    pub fn evaluate(&self, prices: &Prices) -> Result<AccountState, Error> {
        let mut states: Vec<Option<PositionState>> = vec![None; self.positions.len()];
        let mut cross = CrossSums::default();
        let (mut cross_im, mut isolated_value) = (Decimal::ZERO, Decimal::ZERO);
        for (m, members) in self.by_market.iter().enumerate() {
            let price = prices.get(m)?;
            let mut part = CrossSums::default();
            let (mut part_im, mut part_value) = (Decimal::ZERO, Decimal::ZERO);
            for &i in members {
                let p = self.position(i)?;
                let f = rules::figures(self.tiers_of(p)?, p, price)?;
                let isolated = match p.mode {
                    MarginMode::Cross => {
                        part.add(&f)?;
                        part_im = part_im.plus(rules::initial_margin_of(f.notional, p.leverage)?)?;
                        None
                    }
                    MarginMode::Isolated => {
                        let s = rules::isolated(p.margin, &f)?;
                        part_value = part_value.plus(rules::isolated_value(self.residual, &s, &f)?)?;
                        Some(s)
                    }
                };
                let slot = states.get_mut(i).ok_or_else(|| Error::internal("position index"))?;
                *slot = Some(PositionState::new(&f, p.leverage, isolated.as_ref())?);
            }
            cross.merge(&part)?;
            cross_im = cross_im.plus(part_im)?;
            isolated_value = isolated_value.plus(part_value)?;
        }
        let positions = states.into_iter().map(|s| s.ok_or_else(|| Error::internal("position not evaluated"))).collect::<Result<_, _>>()?;
        Ok(AccountState {
            positions,
            cross: CrossState::new(self.cross_wallet, &cross, cross_im)?,
            account_value: cross.value(self.cross_wallet, self.residual)?.plus(isolated_value)?,
        })
    }

    /// Position `i`'s figures at `price` (its uPnL, margins and tier there).
    pub fn position_figures(&self, i: usize, price: Decimal) -> Result<Figures, Error> {
        let p = self.position(i)?;
        rules::figures(self.tiers_of(p)?, p, price)
    }
}
