//! Liquidation and bankruptcy prices, and whole-market-move thresholds.
//!
//! * An isolated position's liquidation price solves
//!   `margin + side·q·(P − EP) = q·P·mmr − cum` with the tier re-selected at
//!   the liquidation notional (Binance's rule; a per-tier closed form checked
//!   for consistency is what [`crate::line`] does piece by piece). It does not
//!   depend on any other price.
//! * The cross account's liquidation prices with respect to one market are the
//!   prices of that market, the others held at their current prices, where
//!   `cross wallet + Σ uPnL = Σ MM` (Binance's TMM1/UPNL1 convention; dYdX and
//!   Hyperliquid publish the same). There can be one below and one above the
//!   current price (a hedged book), or none.
//! * A whole-market move `x` puts every market at `price × (1 + beta·x)`.
//! * Bankruptcy prices are the same boundaries with zero requirement.
use rust_decimal::Decimal;
use serde::Serialize;

use crate::book::{Book, MarginMode, Prices, Side};
use crate::dec;
use crate::error::Error;
use crate::line::{scan, Line, Requirement, Scan};
use crate::num::Checked;

/// Liquidation points on either side of the current value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Bounds {
    /// The first boundary met moving down from the current value.
    #[serde(with = "dec::option")]
    pub down: Option<Decimal>,
    /// The first boundary met moving up.
    #[serde(with = "dec::option")]
    pub up: Option<Decimal>,
}

impl Bounds {
    fn around(scan: &Scan, at: Decimal) -> Bounds {
        Bounds { down: scan.below(at), up: scan.above(at) }
    }

    /// The bound nearer to `at`, as a signed relative distance `(bound − at) / at`.
    pub fn nearest_distance(&self, at: Decimal) -> Result<Option<Decimal>, Error> {
        let mut best: Option<Decimal> = None;
        for b in [self.down, self.up].into_iter().flatten() {
            let d = b.minus(at)?.over(at)?;
            if best.is_none_or(|x| d.abs() < x.abs()) {
                best = Some(d);
            }
        }
        Ok(best)
    }
}

/// The line along market `m`'s price, the others held at `prices`.
fn axis(book: &Book, prices: &Prices, m: usize) -> Line {
    let n = book.markets.len();
    let mut a = prices.0.clone();
    a.resize(n, Decimal::ZERO);
    let mut b = vec![Decimal::ZERO; n];
    if let (Some(am), Some(bm)) = (a.get_mut(m), b.get_mut(m)) {
        *am = Decimal::ZERO;
        *bm = Decimal::ONE;
    }
    Line { a, b }
}

fn cross_members(book: &Book) -> Vec<usize> {
    (0..book.positions.len())
        .filter(|&i| book.positions.get(i).is_some_and(|p| p.mode == MarginMode::Cross))
        .collect()
}

/// Liquidation (or, with `Requirement::Zero`, bankruptcy) price of position
/// `i` taken as isolated with its margin. `None`: it never liquidates at a
/// positive price.
pub fn isolated_price(book: &Book, i: usize, req: Requirement) -> Result<Option<Decimal>, Error> {
    let Some(p) = book.positions.get(i) else { return Ok(None) };
    let line = axis(book, &book.marks(), p.market);
    let s = scan(book, &line, &[i], p.margin, req, Some(Decimal::ZERO), None)?;
    // Monotonic for a valid table: at most one crossing. Should a table make
    // more, a long's binding one is the highest, a short's the lowest.
    Ok(match p.side {
        Side::Long => s.crossings.last().map(|c| c.t),
        Side::Short => s.crossings.first().map(|c| c.t),
    })
}

/// The cross account's boundaries along market `m`'s price, others at `prices`.
/// `None` when no cross position is in market `m` (its price does not matter).
pub fn cross_prices(book: &Book, prices: &Prices, m: usize, req: Requirement) -> Result<Option<(Scan, Bounds)>, Error> {
    let members = cross_members(book);
    if !members.iter().any(|&i| book.positions.get(i).is_some_and(|p| p.market == m)) {
        return Ok(None);
    }
    let line = axis(book, prices, m);
    let s = scan(book, &line, &members, book.cross_wallet, req, Some(Decimal::ZERO), None)?;
    let bounds = Bounds::around(&s, prices.get(m));
    Ok(Some((s, bounds)))
}

/// The line of a whole-market move from `prices`: market m at `P_m·(1 + beta_m·x)`,
/// with the range of `x` that keeps every moving price positive.
pub fn move_line(book: &Book, prices: &Prices) -> Result<(Line, Option<Decimal>, Option<Decimal>), Error> {
    let a = prices.0.clone();
    let mut b = Vec::with_capacity(a.len());
    let (mut lo, mut hi): (Option<Decimal>, Option<Decimal>) = (None, None);
    for (m, market) in book.markets.iter().enumerate() {
        let bm = prices.get(m).times(market.beta)?;
        if !market.beta.is_zero() {
            // Price m reaches zero at x = −1/beta.
            let zero = Decimal::NEGATIVE_ONE.over(market.beta)?;
            if market.beta > Decimal::ZERO {
                lo = Some(lo.map_or(zero, |l: Decimal| l.max(zero)));
            } else {
                hi = Some(hi.map_or(zero, |h: Decimal| h.min(zero)));
            }
        }
        b.push(bm);
    }
    Ok((Line { a, b }, lo, hi))
}

/// Whole-market-move thresholds (as fractions `x`, e.g. "-0.2" = −20 %).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MoveThresholds {
    /// The cross account (null bounds if it has no position).
    pub cross: Bounds,
    /// Each position in input order: its isolated thresholds, or null for a cross position.
    pub positions: Vec<Option<Bounds>>,
}

pub fn market_move(book: &Book, prices: &Prices, req: Requirement) -> Result<MoveThresholds, Error> {
    let (line, lo, hi) = move_line(book, prices)?;
    let members = cross_members(book);
    let cross = if members.is_empty() {
        Bounds::default()
    } else {
        let s = scan(book, &line, &members, book.cross_wallet, req, lo, hi)?;
        Bounds::around(&s, Decimal::ZERO)
    };
    let positions = book
        .positions
        .iter()
        .enumerate()
        .map(|(i, p)| match p.mode {
            MarginMode::Cross => Ok(None),
            MarginMode::Isolated => {
                let s = scan(book, &line, &[i], p.margin, req, lo, hi)?;
                Ok(Some(Bounds::around(&s, Decimal::ZERO)))
            }
        })
        .collect::<Result<_, Error>>()?;
    Ok(MoveThresholds { cross, positions })
}
