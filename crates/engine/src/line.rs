//! Exact scan of a margin surplus along a straight line in price space
//! (docs/model.md §5).
//!
//! Every question about *where* something liquidates is asked along a line:
//! one market's price with the others held (a liquidation price), all prices
//! scaled together (a whole-market move), or the step between two samples of
//! a price path. On the line, market `m`'s price is `a[m] + b[m]·t`, and the
//! surplus of a group of positions sharing a balance
//!
//! ```text
//! g(t) = constant + Σ_i [ side_i·q_i·(P_i(t) − EP_i) − (q_i·P_i(t)·mmr_i − cum_i) ]
//! ```
//!
//! is linear in `t` as long as no position changes tier. Tier changes happen at
//! known `t` (where `q_i·P_i(t)` reaches a tier floor), so `g` is piecewise
//! linear. [`surface::Surface`] sorts those breakpoints once; a scan walks the
//! pieces and solves `A + B·t = 0` exactly on each piece that may change sign.
//! The group is liquidated where `g ≤ 0`; a [`Crossing`] is a point where that
//! status changes.
//!
//! Invariant: with venue tables (`cum` continuous) `g` is concave along any
//! line, so it has at most two crossings — a hedged book can liquidate below
//! *and* above the current price. Tables with a discontinuous `cum` are still
//! handled: a jump across zero at a breakpoint is a crossing at that breakpoint.
use rust_decimal::Decimal;

use crate::book::{Book, Prices};
use crate::collateral::AssetPrice;
use crate::error::Error;
use crate::num::Checked;

pub(crate) mod surface;

/// Prices along a line: market `m` is at `a[m] + b[m]·t`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    a: Vec<Decimal>,
    b: Vec<Decimal>,
}

impl Line {
    /// A line through `a` in direction `b` (one entry per market each).
    pub(crate) fn new(a: Vec<Decimal>, b: Vec<Decimal>) -> Result<Line, Error> {
        if a.len() != b.len() {
            return Err(Error::internal("line with mismatched dimensions"));
        }
        Ok(Line { a, b })
    }

    /// The line along market `m`'s price (`t` is the price), the other
    /// markets held at `prices`.
    pub(crate) fn axis(prices: &Prices, m: usize) -> Result<Line, Error> {
        let mut a = prices.0.clone();
        let mut b = vec![Decimal::ZERO; a.len()];
        *a.get_mut(m)
            .ok_or_else(|| Error::internal("axis market out of range"))? = Decimal::ZERO;
        *b.get_mut(m)
            .ok_or_else(|| Error::internal("axis market out of range"))? = Decimal::ONE;
        Ok(Line { a, b })
    }

    /// The straight step from `from` to `to` (`t` from 0 to 1).
    pub(crate) fn step(from: &Prices, to: &Prices) -> Result<Line, Error> {
        let b =
            to.0.iter()
                .zip(&from.0)
                .map(|(y, x)| y.minus(*x))
                .collect::<Result<Vec<_>, _>>()?;
        Line::new(from.0.clone(), b)
    }

    pub(crate) fn intercept(&self, m: usize) -> Result<Decimal, Error> {
        self.a
            .get(m)
            .copied()
            .ok_or_else(|| Error::internal("line has no such market"))
    }

    pub(crate) fn slope(&self, m: usize) -> Result<Decimal, Error> {
        self.b
            .get(m)
            .copied()
            .ok_or_else(|| Error::internal("line has no such market"))
    }

    /// Price of market `m` at `t`.
    pub(crate) fn price(&self, m: usize, t: Decimal) -> Result<Decimal, Error> {
        let (a, b) = (self.intercept(m)?, self.slope(m)?);
        if b.is_zero() {
            return Ok(a);
        }
        a.plus(b.times(t)?)
    }

    /// All prices at `t`.
    pub(crate) fn prices(&self, t: Decimal) -> Result<Prices, Error> {
        (0..self.a.len())
            .map(|m| self.price(m, t))
            .collect::<Result<Vec<_>, _>>()
            .map(Prices)
    }
}

/// Which boundary a scan looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Boundary {
    /// The balance meets the maintenance margin: liquidation.
    Liquidation,
    /// The balance meets zero: bankruptcy.
    Bankruptcy,
}

/// A point on the line where the liquidated status changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crossing {
    pub t: Decimal,
    /// `true`: liquidated just after `t` (moving toward larger `t`).
    pub enters: bool,
}

/// The statuses along a scanned interval `(lo, hi)`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scan {
    /// Status just after `lo`: `true` when the group is safe there.
    pub safe_at_start: bool,
    /// Crossings, in increasing `t`.
    pub crossings: Vec<Crossing>,
}

impl Scan {
    /// The last crossing at or below `t0` (the first one met moving down).
    pub fn below(&self, t0: Decimal) -> Option<Decimal> {
        self.crossings.iter().rev().find(|c| c.t <= t0).map(|c| c.t)
    }

    /// The first crossing above `t0`.
    pub fn above(&self, t0: Decimal) -> Option<Decimal> {
        self.crossings.iter().find(|c| c.t > t0).map(|c| c.t)
    }

    /// Whether the group is safe at `t` (a crossing point itself is on the
    /// liquidated side: there the surplus is exactly zero).
    pub fn safe_at(&self, t: Decimal) -> bool {
        let mut safe = self.safe_at_start;
        for c in &self.crossings {
            if c.t < t {
                safe = !c.enters;
            } else if c.t == t {
                return false;
            } else {
                break;
            }
        }
        safe
    }

    /// The first point after the start where the group becomes liquidated.
    pub fn first_entry(&self) -> Option<Decimal> {
        self.crossings.iter().find(|c| c.enters).map(|c| c.t)
    }
}

/// The open interval of `t` a scan covers (`None`: unbounded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Range {
    pub lo: Option<Decimal>,
    pub hi: Option<Decimal>,
}

impl Range {
    /// Positive prices: `(0, ∞)`.
    pub(crate) const POSITIVE: Range = Range {
        lo: Some(Decimal::ZERO),
        hi: None,
    };
}

/// What a group draws on besides a constant balance and its own PnL
/// (docs/model.md §11): coins counted in full whose price follows a market
/// (`units × P_a`), and assets not counted in full, valued together with
/// the PnL of the members settled in them.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Funds {
    pub holdings: Vec<(AssetPrice, Decimal)>,
    /// `(asset index, units)`.
    pub pools: Vec<(usize, Decimal)>,
}

/// Positions that share one balance: an isolated position and its margin,
/// or the cross account's positions and its assets.
#[derive(Debug, Clone)]
pub(crate) struct Group<'a> {
    /// Indices into the book's positions.
    pub members: &'a [usize],
    /// The constant part of the balance they share before their PnL.
    pub balance: Decimal,
    /// The parts of it that move with prices.
    pub funds: Funds,
}

/// Scans `group`'s surplus along `line` over `range` for `boundary`.
pub(crate) fn scan(
    book: &Book,
    line: &Line,
    group: &Group<'_>,
    boundary: Boundary,
    range: Range,
) -> Result<Scan, Error> {
    surface::Surface::new(book, line, group.members, &group.funds, boundary, range)?
        .scan(book, group.balance)
}
