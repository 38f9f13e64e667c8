//! Liquidation and bankruptcy prices, and whole-market-move thresholds
//! (docs/model.md §4).
//!
//! * An isolated position's liquidation price solves
//!   `margin + side·q·(P − EP) = q·P·mmr − cum` with the tier re-selected at
//!   the liquidation notional (Binance's rule). It depends on no other price.
//! * The cross account's liquidation prices with respect to one market are the
//!   prices of that market, the others held at their current prices, where
//!   `cross wallet + Σ uPnL = Σ MM` (Binance's TMM1/UPNL1 convention; dYdX and
//!   Hyperliquid publish the same). There can be one below and one above the
//!   current price (a hedged book), or none.
//! * A whole-market move `x` puts every market at `price × (1 + beta·x)`.
//! * Bankruptcy prices are the same boundaries with zero requirement.
use rust_decimal::Decimal;
use serde::Serialize;

use crate::book::{Book, Prices};
use crate::collateral::{units_value, AssetPrice, Collateral};
use crate::dec;
use crate::error::Error;
use crate::line::{scan, Boundary, Funds, Group, Line, Range, Scan};
use crate::market::ContractKind;
use crate::num::Checked;
use crate::position::{MarginMode, Side};

/// What the cross account draws on, for the line solver: the constant part
/// of its balance (fixed-price assets counted in full, cash), coins counted
/// in full whose price follows a market, and assets not counted in full.
fn funds(c: &Collateral) -> Result<(Decimal, Funds), Error> {
    let mut funds = Funds::default();
    for (a, asset) in c.assets.iter().enumerate() {
        if !asset.valuation.is_full() {
            funds.pools.push((a, asset.units));
        } else if matches!(asset.price, AssetPrice::Follows { .. }) && !asset.units.is_zero() {
            funds.holdings.push((asset.price, asset.units));
        }
    }
    // Fixed-price assets counted in full, and cash: the collateral's constant.
    Ok((c.constant()?, funds))
}

/// Boundaries on either side of the current value.
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
    /// The boundaries of `scan` around `at`.
    pub fn around(scan: &Scan, at: Decimal) -> Bounds {
        Bounds {
            down: scan.below(at),
            up: scan.above(at),
        }
    }

    /// An isolated position's one boundary, on the side it lies.
    pub fn of_isolated(side: Side, price: Option<Decimal>) -> Bounds {
        match side {
            Side::Long => Bounds {
                down: price,
                up: None,
            },
            Side::Short => Bounds {
                down: None,
                up: price,
            },
        }
    }

    /// The bounds rounded to `tick` in the safe direction: the one below
    /// up, the one above down (Bybit rounds a long's liquidation price up,
    /// BTCMEX a short's down).
    pub fn to_tick(&self, tick: Decimal) -> Result<Bounds, Error> {
        Ok(Bounds {
            down: self
                .down
                .map(|p| crate::rules::round_to_tick(p, tick, true))
                .transpose()?,
            up: self
                .up
                .map(|p| crate::rules::round_to_tick(p, tick, false))
                .transpose()?,
        })
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

/// The cross account's boundaries along one market.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossBoundaries {
    /// Every crossing along the market's price.
    pub scan: Scan,
    /// The nearest below and above the current price.
    pub bounds: Bounds,
}

/// A whole-market move from some prices: market m at `P_m·(1 + beta_m·x)`,
/// with the range of `x` that keeps every moving price positive.
#[derive(Debug, Clone)]
pub(crate) struct MoveLine {
    pub line: Line,
    pub range: Range,
}

impl MoveLine {
    pub(crate) fn new(book: &Book, prices: &Prices) -> Result<MoveLine, Error> {
        let mut b = Vec::with_capacity(book.markets.len());
        let mut range = Range { lo: None, hi: None };
        for (m, market) in book.markets.iter().enumerate() {
            b.push(prices.get(m)?.times(market.beta)?);
            if !market.beta.is_zero() {
                // Price m reaches zero at x = −1/beta.
                let zero = Decimal::NEGATIVE_ONE.over(market.beta)?;
                if market.beta > Decimal::ZERO {
                    range.lo = Some(range.lo.map_or(zero, |l| l.max(zero)));
                } else {
                    range.hi = Some(range.hi.map_or(zero, |h| h.min(zero)));
                }
            }
        }
        Ok(MoveLine {
            line: Line::new(prices.0.clone(), b)?,
            range,
        })
    }
}

/// Whole-market-move thresholds (as fractions `x`, e.g. "-0.2" = −20 %).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MoveThresholds {
    /// The cross account (null bounds if it has no position).
    pub cross: Bounds,
    /// Each position in input order: its isolated thresholds, or null for a cross position.
    pub positions: Vec<Option<Bounds>>,
}

impl Book {
    /// Position `i` as an isolated group (`members`: `[i]`): its margin,
    /// held in its settle asset (an inverse contract's coin moves with the
    /// market).
    pub(crate) fn isolated_group<'a>(
        &self,
        i: usize,
        members: &'a [usize],
    ) -> Result<Group<'a>, Error> {
        let p = self.position(i)?;
        let (balance, funds) = match self.market(p.market)?.contract {
            ContractKind::Linear { settle_price } => {
                (units_value(p.margin, settle_price)?, Funds::default())
            }
            ContractKind::Inverse { .. } => (
                Decimal::ZERO,
                Funds {
                    holdings: vec![(
                        AssetPrice::Follows {
                            market: p.market,
                            intercept: Decimal::ZERO,
                            slope: Decimal::ONE,
                        },
                        p.margin,
                    )],
                    pools: Vec::new(),
                },
            ),
        };
        Ok(Group {
            members,
            balance,
            funds,
        })
    }

    /// The cross account's positions `members` drawing on `collateral`.
    pub(crate) fn cross_group<'a>(
        collateral: &Collateral,
        members: &'a [usize],
    ) -> Result<Group<'a>, Error> {
        let (balance, funds) = funds(collateral)?;
        Ok(Group {
            members,
            balance,
            funds,
        })
    }

    /// Does the cross account of `members` drawing on `collateral` move with
    /// market `m`: a position there, or an asset priced by it?
    pub(crate) fn cross_moves_with(
        &self,
        collateral: &Collateral,
        members: &[usize],
        m: usize,
    ) -> bool {
        !members.is_empty()
            && (members
                .iter()
                .any(|&i| self.positions.get(i).is_some_and(|p| p.market == m))
                || collateral.assets.iter().any(|a| {
                    a.price.market() == Some(m) && !(a.units.is_zero() && a.valuation.is_full())
                }))
    }

    /// Indices of the cross positions.
    pub(crate) fn cross_members(&self) -> Vec<usize> {
        self.positions
            .iter()
            .enumerate()
            .filter(|(_, p)| p.mode == MarginMode::Cross)
            .map(|(i, _)| i)
            .collect()
    }

    /// The liquidation (or bankruptcy) price of position `i` taken as
    /// isolated with its margin; `None`: it never reaches the boundary at a
    /// positive price.
    pub fn isolated_liquidation_price(
        &self,
        i: usize,
        boundary: Boundary,
    ) -> Result<Option<Decimal>, Error> {
        let p = self.position(i)?;
        let line = Line::axis(&self.marks(), p.market)?;
        let members = [i];
        let group = self.isolated_group(i, &members)?;
        let s = scan(self, &line, &group, boundary, Range::POSITIVE)?;
        // Monotonic for a valid table: at most one crossing. Should a table make
        // more, a long's binding one is the highest, a short's the lowest.
        Ok(match p.side {
            Side::Long => s.crossings.last().map(|c| c.t),
            Side::Short => s.crossings.first().map(|c| c.t),
        })
    }

    /// The cross account's boundaries along market `m`'s price, the others at
    /// `prices`. `None` when no cross position is in market `m`.
    pub fn cross_liquidation(
        &self,
        prices: &Prices,
        m: usize,
        boundary: Boundary,
    ) -> Result<Option<CrossBoundaries>, Error> {
        let members = self.cross_members();
        if !self.cross_moves_with(&self.collateral, &members, m) {
            return Ok(None);
        }
        let scan = self.cross_scan(prices, m, boundary, &members)?;
        let bounds = Bounds::around(&scan, prices.get(m)?);
        Ok(Some(CrossBoundaries { scan, bounds }))
    }

    /// The cross account of `members` scanned along market `m`'s price, the
    /// others at `prices` (callers know it moves with `m`).
    pub(crate) fn cross_scan(
        &self,
        prices: &Prices,
        m: usize,
        boundary: Boundary,
        members: &[usize],
    ) -> Result<Scan, Error> {
        let line = Line::axis(prices, m)?;
        let group = Book::cross_group(&self.collateral, members)?;
        scan(self, &line, &group, boundary, Range::POSITIVE)
    }

    /// The whole-market moves from `prices` at which the cross account and
    /// each isolated position reach `boundary`.
    pub fn market_move(
        &self,
        prices: &Prices,
        boundary: Boundary,
    ) -> Result<MoveThresholds, Error> {
        let mv = MoveLine::new(self, prices)?;
        let members = self.cross_members();
        let cross = if members.is_empty() {
            Bounds::default()
        } else {
            let group = Book::cross_group(&self.collateral, &members)?;
            Bounds::around(
                &scan(self, &mv.line, &group, boundary, mv.range)?,
                Decimal::ZERO,
            )
        };
        let positions = self
            .positions
            .iter()
            .enumerate()
            .map(|(i, p)| match p.mode {
                MarginMode::Cross => Ok(None),
                MarginMode::Isolated => {
                    let members = [i];
                    let group = self.isolated_group(i, &members)?;
                    Ok(Some(Bounds::around(
                        &scan(self, &mv.line, &group, boundary, mv.range)?,
                        Decimal::ZERO,
                    )))
                }
            })
            .collect::<Result<_, Error>>()?;
        Ok(MoveThresholds { cross, positions })
    }
}
