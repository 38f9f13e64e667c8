//! The margin rules, each written once (docs/model.md §1–§4).
//!
//! Every question the engine answers — the account at a price, liquidation
//! prices, a path, a sweep, a grid — is built from these functions:
//!
//! * [`unrealized_pnl`]: `side·q·(P − EP)`;
//! * [`figures`]: a position's notional, uPnL, initial and maintenance margin
//!   at one price (maintenance from [`crate::tiers::Tier::margin`], with the
//!   tier of the notional at that price);
//! * [`breached`]: the liquidation test, `balance ≤ requirement`, shared by an
//!   isolated position (`margin + uPnL ≤ MM`) and the cross account
//!   (`cross wallet + Σ uPnL ≤ Σ MM`);
//! * [`isolated`]: an isolated position's margin balance, ratio and status;
//! * [`CrossSums`]: the cross account's running sums and its test;
//! * [`left_after_liquidation`]: what the residual rule leaves of a
//!   liquidated position or account;
//! * [`moved_price`]: a price after a whole-market move.
use rust_decimal::Decimal;

use crate::error::Error;
use crate::num::{neg, Checked};
use crate::position::{Position, Side};
use crate::scenario::Residual;
use crate::tiers::TierTable;

/// `side·q·(P − EP)`: a position's unrealized PnL at `price`.
#[inline]
pub fn unrealized_pnl(p: &Position, price: Decimal) -> Result<Decimal, Error> {
    let d = price.minus(p.entry)?.times(p.size)?;
    Ok(if p.side == Side::Long { d } else { neg(d) })
}

/// `size × price ÷ leverage`.
#[inline]
pub fn initial_margin(size: Decimal, price: Decimal, leverage: Decimal) -> Result<Decimal, Error> {
    size.times(price)?.over(leverage)
}

/// `notional ÷ leverage`: the initial margin of a notional.
#[inline]
pub fn initial_margin_of(notional: Decimal, leverage: Decimal) -> Result<Decimal, Error> {
    notional.over(leverage)
}

/// The liquidation test: a margin balance at or below its requirement.
#[inline]
pub fn breached(balance: Decimal, requirement: Decimal) -> bool {
    balance <= requirement
}

/// `MM ÷ balance` (Binance's margin ratio; liquidation at ≥ 1). `None` when
/// the balance is not positive (the ratio is then meaningless: liquidated).
pub fn margin_ratio(maintenance: Decimal, balance: Decimal) -> Result<Option<Decimal>, Error> {
    if balance <= Decimal::ZERO {
        return Ok(None);
    }
    maintenance.over(balance).map(Some)
}

/// A position's figures at one price of its market: what the liquidation
/// rules need. They do not depend on the margin mode, so one computation
/// serves every variant of a book. (The initial margin at the price, a
/// display figure, is [`initial_margin`] of the notional.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figures {
    pub price: Decimal,
    /// `size × price`.
    pub notional: Decimal,
    pub unrealized_pnl: Decimal,
    /// `notional × mmr − cum` of the tier of this notional.
    pub maintenance_margin: Decimal,
    pub maintenance_rate: Decimal,
    /// Tier index (0-based) of this notional.
    pub tier: usize,
}

/// Position `p`'s figures at `price`, with its market's `tiers`.
#[inline(always)]
pub fn figures(tiers: &TierTable, p: &Position, price: Decimal) -> Result<Figures, Error> {
    let notional = p.size.times(price)?;
    with_maintenance(p, price, notional, tiers.maintenance(notional)?)
}

/// [`figures`] along rising prices: `tier` is the tier found for the
/// previous price and is stepped up to this one (a sweep's tiers change
/// rarely from one point to the next).
#[inline]
pub fn figures_rising(
    tiers: &TierTable,
    p: &Position,
    price: Decimal,
    tier: &mut usize,
) -> Result<Figures, Error> {
    let notional = p.size.times(price)?;
    with_maintenance(
        p,
        price,
        notional,
        tiers.maintenance_rising(notional, tier)?,
    )
}

#[inline(always)]
fn with_maintenance(
    p: &Position,
    price: Decimal,
    notional: Decimal,
    mm: crate::tiers::Maintenance,
) -> Result<Figures, Error> {
    Ok(Figures {
        price,
        notional,
        unrealized_pnl: unrealized_pnl(p, price)?,
        maintenance_margin: mm.margin,
        maintenance_rate: mm.rate,
        tier: mm.tier,
    })
}

/// An isolated position's standing at a price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Isolated {
    /// `margin + uPnL`.
    pub balance: Decimal,
    /// `margin + uPnL ≤ MM`.
    pub liquidated: bool,
}

/// The standing of an isolated position of `margin` with figures `f`.
#[inline]
pub fn isolated(margin: Decimal, f: &Figures) -> Result<Isolated, Error> {
    let balance = margin.plus(f.unrealized_pnl)?;
    Ok(Isolated {
        balance,
        liquidated: breached(balance, f.maintenance_margin),
    })
}

/// What an isolated position adds to the account value: its balance while
/// open, what the residual rule leaves once liquidated.
#[inline]
pub fn isolated_value(residual: Residual, s: &Isolated, f: &Figures) -> Result<Decimal, Error> {
    if s.liquidated {
        left_after_liquidation(residual, s.balance, f.notional)
    } else {
        Ok(s.balance)
    }
}

/// Running sums over the cross account's positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CrossSums {
    pub unrealized_pnl: Decimal,
    pub maintenance_margin: Decimal,
    pub notional: Decimal,
    /// Number of cross positions summed.
    pub count: usize,
}

impl CrossSums {
    /// Adds one cross position's figures.
    pub fn add(&mut self, f: &Figures) -> Result<(), Error> {
        self.unrealized_pnl = self.unrealized_pnl.plus(f.unrealized_pnl)?;
        self.maintenance_margin = self.maintenance_margin.plus(f.maintenance_margin)?;
        self.notional = self.notional.plus(f.notional)?;
        self.count = self.count.saturating_add(1);
        Ok(())
    }

    /// Adds another set of sums (another market's).
    pub fn merge(&mut self, o: &CrossSums) -> Result<(), Error> {
        self.unrealized_pnl = self.unrealized_pnl.plus(o.unrealized_pnl)?;
        self.maintenance_margin = self.maintenance_margin.plus(o.maintenance_margin)?;
        self.notional = self.notional.plus(o.notional)?;
        self.count = self.count.saturating_add(o.count);
        Ok(())
    }

    /// Margin balance: `cross wallet + Σ uPnL`.
    pub fn equity(&self, wallet: Decimal) -> Result<Decimal, Error> {
        wallet.plus(self.unrealized_pnl)
    }

    /// `Σ uPnL − Σ MM`: this group's part of the cross surplus
    /// `wallet + Σ uPnL − Σ MM`, which is a sum of such parts, one per market.
    pub fn surplus_part(&self) -> Result<Decimal, Error> {
        self.unrealized_pnl.minus(self.maintenance_margin)
    }

    /// The cross account is liquidated: it holds positions and
    /// `wallet + Σ uPnL ≤ Σ MM`.
    pub fn liquidated(&self, wallet: Decimal) -> Result<bool, Error> {
        Ok(self.standing(wallet, Residual::Forfeited)?.liquidated)
    }

    /// The cross account's equity, status and value at once.
    #[inline]
    pub fn standing(&self, wallet: Decimal, residual: Residual) -> Result<CrossStanding, Error> {
        let equity = self.equity(wallet)?;
        let liquidated = self.count > 0 && breached(equity, self.maintenance_margin);
        let value = if liquidated {
            left_after_liquidation(residual, equity, self.notional)?
        } else {
            equity
        };
        Ok(CrossStanding {
            equity,
            liquidated,
            value,
        })
    }
}

/// The cross account's standing: its equity, whether it is liquidated, and
/// its value (the equity, or what a liquidation leaves).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CrossStanding {
    pub equity: Decimal,
    pub liquidated: bool,
    pub value: Decimal,
}

/// What is left to the trader of a liquidated position or account of
/// `balance` (margin + uPnL) and `notional`, under the residual rule.
pub fn left_after_liquidation(
    residual: Residual,
    balance: Decimal,
    notional: Decimal,
) -> Result<Decimal, Error> {
    match residual {
        Residual::Forfeited => Ok(Decimal::ZERO),
        Residual::Returned { fee_rate } => {
            Ok(balance.minus(notional.times(fee_rate)?)?.max(Decimal::ZERO))
        }
    }
}

/// What liquidations can still take from an account (docs/model.md §6):
/// the whole cross wallet while the cross account stands with positions
/// open, plus the margin of each isolated position still open. Measured
/// against the wallet, like every loss here: a gain not yet realised is not
/// counted as something to lose.
pub fn at_stake(
    cross_wallet: Decimal,
    cross_open: bool,
    open_isolated_margin: Decimal,
) -> Result<Decimal, Error> {
    let cross = if cross_open {
        cross_wallet
    } else {
        Decimal::ZERO
    };
    cross.plus(open_isolated_margin)
}

/// What one isolated position, or the cross account, adds to the wallet if
/// every price goes back to its start (docs/model.md §6): a liquidation
/// stays done — at the start prices themselves, where it happens first,
/// or at the current prices — and what it took is lost for good; what
/// is still open is worth its PnL at the start prices. Nothing new is
/// liquidated on the way back: along a straight line of prices a surplus
/// (linear PnL less convex maintenance) is concave, so it is lowest at an
/// end.
pub fn return_part(
    start_loss: Option<Decimal>,
    now_loss: Option<Decimal>,
    start_pnl: Decimal,
) -> Decimal {
    match (start_loss, now_loss) {
        (Some(lost), _) | (None, Some(lost)) => neg(lost),
        (None, None) => start_pnl,
    }
}

/// A price after a whole-market move `x` (a fraction): `price × (1 + beta·x)`.
pub fn moved_price(price: Decimal, beta: Decimal, x: Decimal) -> Result<Decimal, Error> {
    price.times(Decimal::ONE.plus(beta.times(x)?)?)
}
