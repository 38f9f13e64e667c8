//! The account at one price vector: per-position figures, the cross account,
//! who is liquidated, and the account value.
use rust_decimal::Decimal;
use serde::Serialize;

use crate::book::{Book, MarginMode, Position, Prices, Side};
use crate::dec;
use crate::error::Error;
use crate::num::Checked;
use crate::scenario::Residual;

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

/// The whole account at a price vector.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccountState {
    pub positions: Vec<PositionState>,
    pub cross: CrossState,
    /// Wallet + unrealized PnL after liquidations (see [`liquidated_value`]).
    #[serde(with = "dec::string")]
    pub account_value: Decimal,
}

/// `side × size × (price − entry)`.
#[inline]
pub fn upnl(p: &Position, price: Decimal) -> Result<Decimal, Error> {
    let d = price.minus(p.entry)?.times(p.size)?;
    Ok(if p.side == Side::Long { d } else { crate::num::neg(d) })
}

/// Maintenance margin of a position at a price (tier of that notional).
#[inline]
pub fn maintenance(book: &Book, p: &Position, price: Decimal) -> Result<Decimal, Error> {
    let tiers = &market(book, p)?.tiers;
    tiers.maintenance(p.size.times(price)?)
}

fn market<'a>(book: &'a Book, p: &Position) -> Result<&'a crate::book::Market, Error> {
    book.markets
        .get(p.market)
        .ok_or_else(|| Error::new("", crate::error::ErrorKind::Arithmetic("position refers to no market")))
}

/// What is left of a liquidated account or position of `balance` (margin +
/// uPnL) and `notional`, under the book's residual rule.
pub fn liquidated_value(residual: Residual, balance: Decimal, notional: Decimal) -> Result<Decimal, Error> {
    match residual {
        Residual::Forfeited => Ok(Decimal::ZERO),
        Residual::Returned { fee_rate } => {
            Ok(balance.minus(notional.times(fee_rate)?)?.max(Decimal::ZERO))
        }
    }
}

/// Evaluates the book at `prices`.
pub fn evaluate(book: &Book, prices: &Prices) -> Result<AccountState, Error> {
    let mut positions = Vec::with_capacity(book.positions.len());
    let (mut c_upnl, mut c_mm, mut c_im, mut c_notional) =
        (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    let mut c_count = 0usize;
    let mut isolated_value = Decimal::ZERO;
    for p in &book.positions {
        let price = prices.get(p.market);
        let notional = p.size.times(price)?;
        let tiers = &market(book, p)?.tiers;
        let tier = tiers.index_for(notional);
        let t = tiers.tier(tier);
        let mm = notional.times(t.mmr)?.minus(t.cum)?;
        let pnl = upnl(p, price)?;
        let im = notional.over(p.leverage)?;
        let (balance, ratio, liquidated) = match p.mode {
            MarginMode::Cross => {
                c_upnl = c_upnl.plus(pnl)?;
                c_mm = c_mm.plus(mm)?;
                c_im = c_im.plus(im)?;
                c_notional = c_notional.plus(notional)?;
                c_count = c_count.saturating_add(1);
                (None, None, false)
            }
            MarginMode::Isolated => {
                let balance = p.margin.plus(pnl)?;
                let liquidated = balance <= mm;
                isolated_value = isolated_value.plus(if liquidated {
                    liquidated_value(book.residual, balance, notional)?
                } else {
                    balance
                })?;
                (Some(balance), ratio(mm, balance)?, liquidated)
            }
        };
        positions.push(PositionState {
            price,
            notional,
            unrealized_pnl: pnl,
            initial_margin: im,
            maintenance_margin: mm,
            maintenance_rate: t.mmr,
            tier,
            margin_balance: balance,
            margin_ratio: ratio,
            liquidated,
        });
    }
    let equity = book.cross_wallet.plus(c_upnl)?;
    let liquidated = c_count > 0 && equity <= c_mm;
    let cross_value =
        if liquidated { liquidated_value(book.residual, equity, c_notional)? } else { equity };
    Ok(AccountState {
        positions,
        cross: CrossState {
            wallet: book.cross_wallet,
            unrealized_pnl: c_upnl,
            equity,
            maintenance_margin: c_mm,
            initial_margin: c_im,
            margin_ratio: if c_count > 0 { ratio(c_mm, equity)? } else { None },
            available_balance: equity.minus(c_im)?.max(Decimal::ZERO),
            positions: c_count,
            liquidated,
        },
        account_value: cross_value.plus(isolated_value)?,
    })
}

fn ratio(mm: Decimal, balance: Decimal) -> Result<Option<Decimal>, Error> {
    if balance <= Decimal::ZERO {
        return Ok(None);
    }
    mm.over(balance).map(Some)
}
