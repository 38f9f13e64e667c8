//! The margin rules, each written once (docs/model.md §1–§4).
//!
//! Every question the engine answers — the account at a price, liquidation
//! prices, a path, a sweep, a grid — is built from these functions:
//!
//! * [`unrealized_pnl`]: `side·q·(P − EP)` (inverse: `side·N·(1/EP − 1/P)`
//!   coins, `side·N·(P/EP − 1)` in USD);
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

use crate::collateral::{units_value, Collateral};
use crate::error::Error;
use crate::market::{CloseFee, ContractKind, Market, MmBasis};
use crate::num::{neg, Checked};
use crate::position::{Position, Side};
use crate::scenario::Residual;
use crate::tiers::Maintenance;

/// A position's unrealized PnL at `price`, in the account's unit (USD):
/// linear `side·q·(P − EP)` times the settle asset's price; inverse
/// `side·N·(1/EP − 1/P)` coins at `P`, i.e. `side·N·(P/EP − 1)`.
#[inline]
pub fn unrealized_pnl(m: &Market, p: &Position, price: Decimal) -> Result<Decimal, Error> {
    if m.unit_linear {
        let d = price.minus(p.entry)?.times(p.size)?;
        return Ok(if p.side == Side::Long { d } else { neg(d) });
    }
    let d = match m.contract {
        ContractKind::Linear { settle_price } => {
            units_value(price.minus(p.entry)?.times(p.size)?, settle_price)?
        }
        ContractKind::Inverse { contract_size } => {
            let n = p.size.times(contract_size)?;
            n.times(price)?.over(p.entry)?.minus(n)?
        }
    };
    let d = if p.side == Side::Long { d } else { neg(d) };
    if p.unsettled.is_zero() {
        return Ok(d);
    }
    // Mango's unsettled PnL (its quote position beyond the entry cost) is
    // part of the position's PnL until it is settled.
    let settle_price = match m.contract {
        ContractKind::Linear { settle_price } => settle_price,
        ContractKind::Inverse { .. } => price,
    };
    d.plus(units_value(p.unsettled, settle_price)?)
}

/// An inverse position's USD value `N` (contracts × contract size); a
/// linear position's size.
#[inline]
pub fn contract_value(m: &Market, p: &Position) -> Result<Decimal, Error> {
    match m.contract {
        ContractKind::Linear { .. } => Ok(p.size),
        ContractKind::Inverse { contract_size } => p.size.times(contract_size),
    }
}

/// The notional a position's tier is chosen by at `price`: linear `q·P`
/// (quote), inverse `N/P` (coins); at the entry price for a market whose
/// maintenance is measured there.
#[inline]
pub fn tier_notional(m: &Market, p: &Position, price: Decimal) -> Result<Decimal, Error> {
    let at = match m.mm_basis {
        MmBasis::Mark => price,
        MmBasis::Entry => p.entry,
    };
    match m.contract {
        ContractKind::Linear { .. } => p.size.times(at),
        ContractKind::Inverse { .. } => contract_value(m, p)?.over(at),
    }
}

/// The margin a position opens with, in its settle asset: linear
/// `q·EP ÷ L`, inverse `N ÷ EP ÷ L` coins.
///
/// The quotient is kept to [`MARGIN_DIGITS`] significant digits: its full
/// 28 would make every balance that holds it a 28-digit number, which costs
/// rust_decimal a 192-bit rescale at each addition of a price-scaled PnL —
/// a fifth of a sweep's time — for digits far below any venue's precision.
///
/// With a size-linear initial rate (Deribit) it is `q·EP × rate` (inverse
/// `N ÷ EP × rate` coins); a venue that reserves the fee to close in the
/// position's margin (Phemex) adds [`fee_to_close`].
pub fn opening_margin(m: &Market, p: &Position) -> Result<Decimal, Error> {
    let q = entry_initial_margin(m, p)?;
    match m.fees {
        Some(f) if f.close_in_margin => q.plus(fee_to_close(m, p)?),
        _ => Ok(q),
    }
}

/// The initial margin at entry, in settle units: `q·EP ÷ L` (inverse
/// `N ÷ EP ÷ L` coins) or, with a size-linear initial rate, `q·EP × rate`;
/// a linear quotient kept to [`MARGIN_DIGITS`]. An inverse one keeps all its
/// digits: at 1x a short's coin margin `N ÷ EP` must cancel its PnL's
/// `N ÷ EP` exactly (the account is then flat in the price), and a rounded
/// one would leave a slope that puts a liquidation at an overflowing price.
pub fn entry_initial_margin(m: &Market, p: &Position) -> Result<Decimal, Error> {
    let q = match (m.contract, initial_rate(m, p)?) {
        (ContractKind::Linear { .. }, None) => {
            crate::num::significant(initial_margin(p.size, p.entry, p.leverage)?, MARGIN_DIGITS)
        }
        (ContractKind::Inverse { .. }, None) => {
            coin_margin(contract_value(m, p)?, p.entry, p.leverage)?
        }
        (_, Some(rate)) => tier_notional_at(m, p, p.entry)?.times(rate)?,
    };
    Ok(q)
}

/// `base + per_unit × size` of a size-linear rate.
fn size_rate((base, per_unit): (Decimal, Decimal), p: &Position) -> Result<Decimal, Error> {
    base.plus(per_unit.times(p.size)?)
}

/// The initial margin rate of a size-linear market (`None`: `1 ÷ leverage`).
fn initial_rate(m: &Market, p: &Position) -> Result<Option<Decimal>, Error> {
    match m.size_rates.and_then(|r| r.initial) {
        Some(r) => size_rate(r, p).map(Some),
        None => Ok(None),
    }
}

/// The notional at the entry price in settle units: linear `q·EP`,
/// inverse `N/EP` coins.
pub fn notional_at_entry(m: &Market, p: &Position) -> Result<Decimal, Error> {
    tier_notional_at(m, p, p.entry)
}

/// The notional at `price` in settle units: linear `q·P`, inverse `N/P`.
fn tier_notional_at(m: &Market, p: &Position, price: Decimal) -> Result<Decimal, Error> {
    match m.contract {
        ContractKind::Linear { .. } => p.size.times(price),
        ContractKind::Inverse { .. } => contract_value(m, p)?.over(price),
    }
}

/// The initial margin at figures `f` (a display figure, in USD): `notional
/// ÷ leverage`, or `notional × rate` for a size-linear initial rate.
pub fn initial_margin_at(m: &Market, p: &Position, f: &Figures) -> Result<Decimal, Error> {
    match initial_rate(m, p)? {
        Some(rate) => f.notional.times(rate),
        None => initial_margin_of(f.notional, p.leverage),
    }
}

/// The leverage's bankruptcy price factor of a close: linear long `1 − 1/L`,
/// short `1 + 1/L`; inverse the other way round (a long's close is worth
/// more coins at its lower bankruptcy price: `N/EP·(1 + 1/L)`).
fn bankruptcy_factor(m: &Market, p: &Position) -> Result<Decimal, Error> {
    let step = Decimal::ONE.over(p.leverage)?;
    let down = matches!(m.contract, ContractKind::Linear { .. }) == (p.side == Side::Long);
    if down {
        // Below 1x leverage the bankruptcy price would be negative: it is
        // zero (nothing is left to close).
        Ok(Decimal::ONE.minus(step)?.max(Decimal::ZERO))
    } else {
        Decimal::ONE.plus(step)
    }
}

/// The fee to open at the entry price, in settle units: `taker × q·EP`
/// (inverse `taker × N/EP` coins); zero without fees.
pub fn fee_to_open(m: &Market, p: &Position) -> Result<Decimal, Error> {
    match m.fees {
        Some(f) => f.taker.times(tier_notional_at(m, p, p.entry)?),
        None => Ok(Decimal::ZERO),
    }
}

/// The fee to close at the bankruptcy price of the position's leverage, in
/// settle units (Bybit's "estimated fee to close", Phemex's reserved close
/// fee): `taker × q·EP·(1 ∓ 1/L)`, inverse `taker × N/EP·(1 ± 1/L)`.
pub fn fee_to_close(m: &Market, p: &Position) -> Result<Decimal, Error> {
    match m.fees {
        Some(f) => f
            .taker
            .times(tier_notional_at(m, p, p.entry)?)?
            .times(bankruptcy_factor(m, p)?),
        None => Ok(Decimal::ZERO),
    }
}

/// The funding position `p` pays over `hours` (settle units; negative:
/// received): the rates of the `⌊hours ÷ interval⌋` intervals held (a
/// schedule's, then the market's rate) × the notional at the mark, paid by
/// a long when the rate is positive (inverse: the notional in coins,
/// `N/P`). Zero without funding.
pub fn funding_paid(m: &Market, p: &Position, hours: Decimal) -> Result<Decimal, Error> {
    Ok(funding_between(m, p, Decimal::ZERO, hours, m.mark)?.unwrap_or(Decimal::ZERO))
}

/// The funding position `p` pays for the payment times passed from holding
/// time `from` to `to` (hours), on its notional at `price` (settle units;
/// negative: received): the rates of those intervals — a schedule's, then
/// the market's — summed without a loop over them (an interval may be a
/// fraction of an hour). `None`: no funding, or no payment time passed.
pub fn funding_between(
    m: &Market,
    p: &Position,
    from: Decimal,
    to: Decimal,
    price: Decimal,
) -> Result<Option<Decimal>, Error> {
    let Some(f) = &m.funding else {
        return Ok(None);
    };
    let (first, last) = (f.events(from)?, f.events(to)?);
    if last <= first {
        return Ok(None);
    }
    let rates = f.total_rate(last)?.minus(f.total_rate(first)?)?;
    let paid = rates.times(tier_notional_at(m, p, price)?)?;
    Ok(Some(match p.side {
        Side::Long => paid,
        Side::Short => neg(paid),
    }))
}

/// The fee to close of the `AccountBankruptcy` rule, in settle units: an
/// isolated position's at its leverage's bankruptcy price
/// ([`fee_to_close`]); a cross one's at the bankruptcy price of the cross
/// balance `balance` (settle units) with the fee inside it — inverse long
/// `f·(N/EP + B) ÷ (1 + f)`, short `f·(N/EP − B) ÷ (1 − f)`; linear long
/// `f·(q·EP − B) ÷ (1 − f)`, short `f·(q·EP + B) ÷ (1 + f)` — never
/// negative (no bankruptcy on that side).
pub fn account_close_fee(m: &Market, p: &Position, balance: Decimal) -> Result<Decimal, Error> {
    let Some(f) = m
        .fees
        .filter(|f| f.close_in_requirement == CloseFee::AccountBankruptcy)
    else {
        return Ok(Decimal::ZERO);
    };
    if p.mode == crate::position::MarginMode::Isolated {
        return fee_to_close(m, p);
    }
    let at_entry = tier_notional_at(m, p, p.entry)?;
    let inverse = matches!(m.contract, ContractKind::Inverse { .. });
    // The balance adds to what a long can lose in coins (inverse) and to
    // what a short can lose in quote (linear); it takes from the others.
    let plus = inverse == (p.side == Side::Long);
    let (value, over) = if plus {
        (at_entry.plus(balance)?, Decimal::ONE.plus(f.taker)?)
    } else {
        (at_entry.minus(balance)?, Decimal::ONE.minus(f.taker)?)
    };
    let fee = f.taker.times(value)?.over(over)?;
    Ok(fee.max(Decimal::ZERO))
}

/// An isolated margin after paying `due` of funding: `(left, taken)`, never
/// below zero (such a position is liquidated at any price); a negative
/// `due` (funding received) adds to it.
pub fn pay_from_margin(margin: Decimal, due: Decimal) -> Result<(Decimal, Decimal), Error> {
    let left = margin.minus(due)?.max(Decimal::ZERO);
    Ok((left, margin.minus(left)?))
}

/// What a market's venue rules add to a position's tier maintenance margin:
/// `(rate, fixed)` — a rate on the notional at the mark (a size-linear
/// rate's `per_unit × size`; the taker fee when the fee to close counts at
/// the mark; the funding rate when it counts and is a cost to the side) and a fixed amount in settle units (the fee to close at the
/// bankruptcy price). Computed once per position (`Position::extra_*`).
pub fn requirement_extras(
    m: &Market,
    p: &Position,
    hours: Decimal,
) -> Result<(Decimal, Decimal), Error> {
    let size_part = match m.size_rates {
        Some(r) => r.maintenance.1.times(p.size)?,
        None => Decimal::ZERO,
    };
    // A size-linear rate follows the market's maintenance basis: on the
    // mark notional, or — measured at entry — a fixed amount.
    let (mut rate, mut fixed) = match m.mm_basis {
        MmBasis::Mark => (size_part, Decimal::ZERO),
        MmBasis::Entry => (
            Decimal::ZERO,
            size_part.times(tier_notional_at(m, p, p.entry)?)?,
        ),
    };
    if let Some(f) = m.fees {
        match f.close_in_requirement {
            CloseFee::None => {}
            CloseFee::Mark => rate = rate.plus(f.taker)?,
            CloseFee::Bankruptcy => fixed = fixed.plus(fee_to_close(m, p)?)?,
            // Set once the cross balance is known (`account_close_fee`).
            CloseFee::AccountBankruptcy => {}
        }
        if f.funding_in_requirement {
            // Only when it is a cost to this side: a long pays a positive
            // rate, a short a negative one.
            // The rate in force at the end of the holding time.
            if let Some(f) = &m.funding {
                let r = f.rate_of(f.events(hours)?);
                let cost = match p.side {
                    Side::Long => r,
                    Side::Short => neg(r),
                };
                rate = rate.plus(cost.max(Decimal::ZERO))?;
            }
        }
    }
    Ok((rate, fixed))
}

/// The extras of [`requirement_extras`] in USD at `price`: linear
/// `(rate·q·P + fixed)·settle price`, inverse `rate·N + fixed·P`.
#[inline]
fn extras_usd(m: &Market, p: &Position, price: Decimal) -> Result<Decimal, Error> {
    match m.contract {
        ContractKind::Linear { settle_price } => units_value(
            p.extra_rate
                .times(p.size)?
                .times(price)?
                .plus(p.extra_fixed)?,
            settle_price,
        ),
        ContractKind::Inverse { .. } => p
            .extra_rate
            .times(contract_value(m, p)?)?
            .plus(p.extra_fixed.times(price)?),
    }
}

/// Significant digits kept of a margin the engine derives by division.
pub const MARGIN_DIGITS: u32 = 20;

/// `N ÷ entry ÷ leverage`: the coins an inverse position of USD value `N`
/// opens with.
pub fn coin_margin(n: Decimal, entry: Decimal, leverage: Decimal) -> Result<Decimal, Error> {
    n.over(entry)?.over(leverage)
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
/// rules need, in the account's unit (USD). They do not depend on the
/// margin mode, so one computation serves every variant of a book. (The
/// initial margin at the price, a display figure, is [`initial_margin_of`]
/// the notional.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figures {
    pub price: Decimal,
    /// Linear `size × price`; inverse `N` (the coin notional at the price).
    pub notional: Decimal,
    pub unrealized_pnl: Decimal,
    /// `notional × mmr − cum` of the tier of this notional (inverse: in
    /// coins, at the price).
    pub maintenance_margin: Decimal,
    pub maintenance_rate: Decimal,
    /// Tier index (0-based) of this notional.
    pub tier: usize,
    /// USD per unit of the settle asset at this price (an isolated margin
    /// is held in it).
    pub settle_price: Decimal,
    /// The settle asset, when it is not counted in full (its PnL is valued
    /// with it).
    pub pooled: Option<usize>,
    /// Under Mango's health rule: the position's weighted health
    /// ([`health`]), which its settle asset holds instead of its PnL; its
    /// maintenance margin is then inside it, not required beside it.
    pub health: Option<Decimal>,
}

/// Position `p`'s figures at `price` of its market `m`.
#[inline(always)]
pub fn figures(m: &Market, p: &Position, price: Decimal) -> Result<Figures, Error> {
    if m.unit_linear {
        // Version 1: exactly the linear rules, nothing converted.
        let notional = p.size.times(price)?;
        return plain_figures(m, p, price, notional, m.tiers.maintenance(notional)?);
    }
    let mm = m.tiers.maintenance(tier_notional(m, p, price)?)?;
    let mut f = with_maintenance(m, p, price, mm)?;
    // (A market under Mango's rule is never `unit_linear`.)
    if let Some(w) = m.health {
        f.health = Some(health(w, f.unrealized_pnl, f.maintenance_margin)?);
    }
    Ok(f)
}

/// A linear market's figures, settled at 1 with MM on the mark (version 1's
/// arithmetic; the settle asset may still be valued at a ratio).
#[inline(always)]
fn plain_figures(
    m: &Market,
    p: &Position,
    price: Decimal,
    notional: Decimal,
    mm: Maintenance,
) -> Result<Figures, Error> {
    Ok(Figures {
        price,
        notional,
        unrealized_pnl: unrealized_pnl(m, p, price)?,
        maintenance_margin: mm.margin,
        maintenance_rate: mm.rate,
        tier: mm.tier,
        settle_price: Decimal::ONE,
        pooled: if m.pooled { Some(m.settle) } else { None },
        health: None,
    })
}

/// [`figures`] along rising prices: `tier` is the tier found for the
/// previous price and is stepped up to this one (a sweep's tiers change
/// rarely from one point to the next; a linear market on the mark only —
/// the others look the tier up).
#[inline]
pub fn figures_rising(
    m: &Market,
    p: &Position,
    price: Decimal,
    tier: &mut usize,
) -> Result<Figures, Error> {
    let linear_mark = matches!(m.contract, ContractKind::Linear { .. })
        && m.mm_basis == MmBasis::Mark
        && m.health.is_none();
    if !linear_mark {
        return figures(m, p, price);
    }
    let notional = p.size.times(price)?;
    let mm = m.tiers.maintenance_rising(notional, tier)?;
    if m.unit_linear {
        return plain_figures(m, p, price, notional, mm);
    }
    with_maintenance(m, p, price, mm)
}

#[inline(always)]
fn with_maintenance(
    m: &Market,
    p: &Position,
    price: Decimal,
    mm: Maintenance,
) -> Result<Figures, Error> {
    let (notional, maintenance_margin, settle_price) = match m.contract {
        ContractKind::Linear { settle_price } => (
            units_value(p.size.times(price)?, settle_price)?,
            units_value(mm.margin, settle_price)?,
            settle_price,
        ),
        ContractKind::Inverse { .. } => {
            let n = contract_value(m, p)?;
            let usd = match m.mm_basis {
                // `(N/P·mmr − cum)·P`, written without the division.
                MmBasis::Mark => {
                    let t = m.tiers.tier(mm.tier)?;
                    n.times(t.mmr)?.minus(t.cum.times(price)?)?
                }
                MmBasis::Entry => mm.margin.times(price)?,
            };
            (n, usd, price)
        }
    };
    let (maintenance_margin, maintenance_rate) =
        if p.extra_rate.is_zero() && p.extra_fixed.is_zero() {
            (maintenance_margin, mm.rate)
        } else {
            (
                maintenance_margin.plus(extras_usd(m, p, price)?)?,
                mm.rate.plus(p.extra_rate)?,
            )
        };
    Ok(Figures {
        price,
        notional,
        unrealized_pnl: unrealized_pnl(m, p, price)?,
        maintenance_margin,
        maintenance_rate,
        tier: mm.tier,
        settle_price,
        pooled: if m.pooled { Some(m.settle) } else { None },
        health: None,
    })
}

impl Figures {
    /// What the position puts in its settle asset: its PnL, or under
    /// Mango's rule its health.
    #[inline]
    pub fn settled(&self) -> Decimal {
        self.health.unwrap_or(self.unrealized_pnl)
    }

    /// What it requires beside the balance: its maintenance margin, or
    /// nothing under Mango's rule (the maintenance is inside its health).
    #[inline]
    pub fn required(&self) -> Decimal {
        if self.health.is_some() {
            Decimal::ZERO
        } else {
            self.maintenance_margin
        }
    }
}

/// Mango's health of a perp position: `uPnL − MM` (USD; its PnL holds the
/// unsettled part), counted at `weight` when positive (Mango's overall
/// asset weight of a perp's positive PnL), in full when negative. Its
/// settle asset holds this instead of the PnL.
pub fn health(weight: Decimal, pnl: Decimal, maintenance: Decimal) -> Result<Decimal, Error> {
    let h = pnl.minus(maintenance)?;
    if h > Decimal::ZERO {
        weight.times(h)
    } else {
        Ok(h)
    }
}

/// An isolated position's standing at a price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Isolated {
    /// `margin + uPnL`.
    pub balance: Decimal,
    /// `margin + uPnL ≤ MM`.
    pub liquidated: bool,
}

/// An isolated margin of `margin` units of the settle asset, in USD at
/// the price of figures `f`.
#[inline]
pub fn margin_value(margin: Decimal, f: &Figures) -> Result<Decimal, Error> {
    units_value(margin, f.settle_price)
}

/// The standing of an isolated position of `margin` (units of its settle
/// asset) with figures `f`.
#[inline]
pub fn isolated(margin: Decimal, f: &Figures) -> Result<Isolated, Error> {
    let balance = margin_value(margin, f)?.plus(f.unrealized_pnl)?;
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
#[derive(Debug, PartialEq, Eq, Default)]
pub struct CrossSums {
    pub unrealized_pnl: Decimal,
    pub maintenance_margin: Decimal,
    pub notional: Decimal,
    /// Number of cross positions summed.
    pub count: usize,
    /// PnL settled in each asset not counted in full, by asset index
    /// (empty for a book whose assets all count in full).
    pub pooled: Vec<Decimal>,
    /// Under Mango's health rule: Σ (health − uPnL) of those positions,
    /// what the margin balance counts besides their PnL (zero otherwise).
    pub health_adjust: Decimal,
    /// How many of the positions summed are under Mango's health rule.
    pub inside: usize,
}

// By hand, for `clone_from`: a sweep resets its sums from the frozen ones
// at every point and variant, and the derived one would allocate each time.
impl Clone for CrossSums {
    fn clone(&self) -> CrossSums {
        CrossSums {
            pooled: self.pooled.clone(),
            ..*self
        }
    }

    fn clone_from(&mut self, o: &CrossSums) {
        self.unrealized_pnl = o.unrealized_pnl;
        self.maintenance_margin = o.maintenance_margin;
        self.notional = o.notional;
        self.count = o.count;
        self.pooled.clone_from(&o.pooled);
        self.health_adjust = o.health_adjust;
        self.inside = o.inside;
    }
}

impl CrossSums {
    /// Adds one cross position's figures.
    #[inline]
    pub fn add(&mut self, f: &Figures) -> Result<(), Error> {
        self.unrealized_pnl = self.unrealized_pnl.plus(f.unrealized_pnl)?;
        self.notional = self.notional.plus(f.notional)?;
        self.count = self.count.saturating_add(1);
        self.maintenance_margin = self.maintenance_margin.plus(f.required())?;
        let settled = f.settled();
        if f.health.is_some() {
            // Mango: the health in the settle asset, nothing beside it.
            self.health_adjust = self.health_adjust.plus(settled.minus(f.unrealized_pnl)?)?;
            self.inside = self.inside.saturating_add(1);
        }
        if let Some(a) = f.pooled {
            self.pool(a, settled)?;
        }
        Ok(())
    }

    fn pool(&mut self, a: usize, pnl: Decimal) -> Result<(), Error> {
        if self.pooled.len() <= a {
            self.pooled.resize(a.saturating_add(1), Decimal::ZERO);
        }
        let slot = self
            .pooled
            .get_mut(a)
            .ok_or_else(|| Error::internal("asset index"))?;
        *slot = slot.plus(pnl)?;
        Ok(())
    }

    /// Adds another set of sums (another market's).
    pub fn merge(&mut self, o: &CrossSums) -> Result<(), Error> {
        self.unrealized_pnl = self.unrealized_pnl.plus(o.unrealized_pnl)?;
        self.maintenance_margin = self.maintenance_margin.plus(o.maintenance_margin)?;
        self.notional = self.notional.plus(o.notional)?;
        self.count = self.count.saturating_add(o.count);
        self.health_adjust = self.health_adjust.plus(o.health_adjust)?;
        self.inside = self.inside.saturating_add(o.inside);
        for (a, &x) in o.pooled.iter().enumerate() {
            if !x.is_zero() {
                self.pool(a, x)?;
            }
        }
        Ok(())
    }

    /// The PnL settled in asset `a` (for an asset not counted in full).
    pub fn pooled_pnl(&self, a: usize) -> Result<Decimal, Error> {
        Ok(self.pooled.get(a).copied().unwrap_or(Decimal::ZERO))
    }

    /// Margin balance: `collateral + Σ uPnL`, each asset valued by its rule.
    pub fn equity(
        &self,
        collateral: &Collateral,
        price_of: &impl Fn(usize) -> Result<Decimal, Error>,
    ) -> Result<crate::collateral::Equity, Error> {
        let mut e = collateral.equity(price_of, self.unrealized_pnl, &|a| self.pooled_pnl(a))?;
        if !self.health_adjust.is_zero() {
            e.margin = e.margin.plus(self.health_adjust)?;
        }
        Ok(e)
    }

    /// The cross account's margin ratio at margin balance `equity`: `None`
    /// with no position, or when a position's requirement lies inside the
    /// balance (Mango's health rule: a health, not a ratio, decides).
    pub fn ratio(&self, equity: Decimal) -> Result<Option<Decimal>, Error> {
        if self.count == 0 || self.inside > 0 {
            return Ok(None);
        }
        margin_ratio(self.maintenance_margin, equity)
    }

    /// `Σ uPnL − Σ MM`: this group's part of the cross surplus
    /// `wallet + Σ uPnL − Σ MM`, which is a sum of such parts, one per market.
    pub fn surplus_part(&self) -> Result<Decimal, Error> {
        self.unrealized_pnl
            .plus(self.health_adjust)?
            .minus(self.maintenance_margin)
    }

    /// The cross account is liquidated: it holds positions and
    /// `equity ≤ Σ MM`.
    pub fn liquidated(
        &self,
        collateral: &Collateral,
        price_of: &impl Fn(usize) -> Result<Decimal, Error>,
    ) -> Result<bool, Error> {
        Ok(self
            .standing(collateral, price_of, Residual::Forfeited)?
            .liquidated)
    }

    /// The cross account's equity, status and value at once.
    #[inline]
    pub fn standing(
        &self,
        collateral: &Collateral,
        price_of: &impl Fn(usize) -> Result<Decimal, Error>,
        residual: Residual,
    ) -> Result<CrossStanding, Error> {
        self.standing_at(self.equity(collateral, price_of)?, residual)
    }

    /// [`CrossSums::standing`] with the equity already computed.
    #[inline]
    pub fn standing_at(
        &self,
        e: crate::collateral::Equity,
        residual: Residual,
    ) -> Result<CrossStanding, Error> {
        let liquidated = self.count > 0 && breached(e.margin, self.maintenance_margin);
        let value = if liquidated {
            left_after_liquidation(residual, e.market, self.notional)?
        } else {
            e.market
        };
        Ok(CrossStanding {
            equity: e.margin,
            market: e.market,
            liquidated,
            value,
        })
    }
}

/// The cross account's standing: its equity as margin (haircuts applied),
/// at market value, whether it is liquidated, and its value (the market
/// value, or what a liquidation leaves).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CrossStanding {
    pub equity: Decimal,
    pub market: Decimal,
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

/// `price` on a multiple of `tick`: the next one up (`up`) or down.
pub fn round_to_tick(price: Decimal, tick: Decimal, up: bool) -> Result<Decimal, Error> {
    let steps = price.over(tick)?;
    let whole = if up { steps.ceil() } else { steps.floor() };
    whole.times(tick)
}

/// A price after a whole-market move `x` (a fraction): `price × (1 + beta·x)`.
pub fn moved_price(price: Decimal, beta: Decimal, x: Decimal) -> Result<Decimal, Error> {
    price.times(Decimal::ONE.plus(beta.times(x)?)?)
}
