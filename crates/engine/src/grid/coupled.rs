//! The cross account over a grid when its collateral is not a constant
//! (docs/model.md §11): a coin that follows one of the two markets, or an
//! asset valued at a ratio with the PnL of both markets' positions in it.
//!
//! The surplus `Σ asset values − Σ MM` is split by what each term depends
//! on: a constant, a part per x point, a part per y point, and the assets
//! whose balance depends on both axes (valued per cell). Each cell is
//! decided by an f64 guide of that sum, and redone exactly in `Decimal`
//! only when the guide is within its error margin of zero: exact results at
//! the cost of a few float operations per cell.
use rust_decimal::Decimal;

use crate::book::{Book, Prices};
use crate::collateral::{units_value, AssetPrice, Valuation};
use crate::error::Error;
use crate::num::Checked;
use crate::rules::CrossSums;
use crate::scenario::TierUnit;
use crate::tiers::f64_of;

/// A value and its f64 guide.
#[derive(Debug, Clone, Copy, Default)]
struct Both {
    exact: Decimal,
    guide: f64,
}

impl Both {
    fn of(exact: Decimal) -> Both {
        Both {
            exact,
            guide: f64_of(exact),
        }
    }

    fn add(self, o: Both) -> Result<Both, Error> {
        Ok(Both {
            exact: self.exact.plus(o.exact)?,
            guide: self.guide + o.guide,
        })
    }
}

/// Where an asset's price comes from on the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Axis {
    Fixed,
    X,
    Y,
}

/// An asset whose balance depends on both axes, valued per cell.
struct Coupled<'a> {
    valuation: &'a Valuation,
    /// Balance: a constant plus a part per x and per y point.
    u0: Both,
    ux: Vec<Both>,
    uy: Vec<Both>,
    /// Its price per cell: constant, or per x / y point.
    price: (Axis, Decimal, Vec<Decimal>),
}

/// `value(u, p)` in f64, for the guide.
fn value_f64(v: &Valuation, u: f64, p: f64) -> f64 {
    if v.is_full() {
        return u;
    }
    if u < 0.0 {
        return f64_of(v.liability_weight) * u;
    }
    let x = match v.unit {
        TierUnit::Value => u,
        TierUnit::Quantity if p > 0.0 => u / p,
        TierUnit::Quantity => 0.0,
    };
    let s = v
        .slices
        .iter()
        .take_while(|s| s.approx.0 <= x)
        .last()
        .or(v.slices.first());
    match (s, v.unit) {
        (Some(s), TierUnit::Value) => s.approx.1 * u + s.approx.2,
        (Some(s), TierUnit::Quantity) => s.approx.1 * u + s.approx.2 * p,
        (None, _) => u,
    }
}

/// For each cell `(ys[j], xs[i])`, row by row: is the cross account of
/// `book` (all cross) liquidated? `frozen` sums the positions of the other
/// markets at `base`; `per_x[i]` and `per_y[j]` those of markets `mx` and
/// `my` at each point.
#[allow(clippy::too_many_arguments)]
pub(super) fn liquidated(
    book: &Book,
    base: &Prices,
    (mx, my): (usize, usize),
    frozen: &CrossSums,
    per_x: &[CrossSums],
    per_y: &[CrossSums],
    xs: &[Decimal],
    ys: &[Decimal],
) -> Result<Vec<Vec<bool>>, Error> {
    let c = &book.collateral;
    // Non-pooled PnL (a health under Mango's rule) less maintenance, by
    // axis (what is pooled is valued with its asset below).
    let free = |s: &CrossSums| -> Result<Decimal, Error> {
        let mut pnl = s.unrealized_pnl.plus(s.health_adjust)?;
        for x in &s.pooled {
            pnl = pnl.minus(*x)?;
        }
        pnl.minus(s.maintenance_margin)
    };
    let mut constant = Both::of(c.cash.plus(free(frozen)?)?);
    let mut sx = per_x
        .iter()
        .map(|s| free(s).map(Both::of))
        .collect::<Result<Vec<_>, _>>()?;
    let mut sy = per_y
        .iter()
        .map(|s| free(s).map(Both::of))
        .collect::<Result<Vec<_>, _>>()?;
    let mut coupled = Vec::new();
    for (a, asset) in c.assets.iter().enumerate() {
        let axis = match asset.price {
            AssetPrice::Follows { market, .. } if market == mx => Axis::X,
            AssetPrice::Follows { market, .. } if market == my => Axis::Y,
            _ => Axis::Fixed,
        };
        let price_at = |p: Decimal| -> Result<Decimal, Error> {
            asset.price.at(&|m| {
                if m == mx || m == my {
                    Ok(p)
                } else {
                    base.get(m)
                }
            })
        };
        let fixed_price = match axis {
            Axis::Fixed => asset.price.at(&|m| base.get(m))?,
            _ => Decimal::ZERO,
        };
        let prices = |points: &[Decimal]| -> Result<Vec<Decimal>, Error> {
            points.iter().map(|&p| price_at(p)).collect()
        };
        if asset.valuation.is_full() {
            // Counted in full: its value adds to the part of its axis.
            match axis {
                Axis::Fixed => {
                    constant = constant.add(Both::of(units_value(asset.units, fixed_price)?))?
                }
                Axis::X => {
                    for (s, p) in sx.iter_mut().zip(prices(xs)?) {
                        *s = s.add(Both::of(units_value(asset.units, p)?))?;
                    }
                }
                Axis::Y => {
                    for (s, p) in sy.iter_mut().zip(prices(ys)?) {
                        *s = s.add(Both::of(units_value(asset.units, p)?))?;
                    }
                }
            }
            continue;
        }
        let pooled = |s: &CrossSums| s.pooled_pnl(a);
        let from_x = per_x.iter().any(|s| pooled(s).is_ok_and(|v| !v.is_zero())) || axis == Axis::X;
        let from_y = per_y.iter().any(|s| pooled(s).is_ok_and(|v| !v.is_zero())) || axis == Axis::Y;
        let u0 = pooled(frozen)?;
        match (from_x, from_y) {
            (false, false) => {
                constant = constant.add(Both::of(asset.counted(fixed_price, u0)?))?;
            }
            // One axis only: valued per point of that axis.
            (true, false) => {
                let ps = if axis == Axis::X {
                    prices(xs)?
                } else {
                    vec![fixed_price; xs.len()]
                };
                fold(&mut sx, per_x, ps, asset, a, u0)?;
            }
            (false, true) => {
                let ps = if axis == Axis::Y {
                    prices(ys)?
                } else {
                    vec![fixed_price; ys.len()]
                };
                fold(&mut sy, per_y, ps, asset, a, u0)?;
            }
            (true, true) => {
                let (held0, price) = match axis {
                    Axis::Fixed => (
                        units_value(asset.units, fixed_price)?,
                        (Axis::Fixed, fixed_price, Vec::new()),
                    ),
                    Axis::X => (Decimal::ZERO, (Axis::X, Decimal::ZERO, prices(xs)?)),
                    Axis::Y => (Decimal::ZERO, (Axis::Y, Decimal::ZERO, prices(ys)?)),
                };
                let held = |ax: Axis, ps: &[Decimal], i: usize| -> Result<Decimal, Error> {
                    if price.0 == ax {
                        units_value(asset.units, ps.get(i).copied().unwrap_or_default())
                    } else {
                        Ok(Decimal::ZERO)
                    }
                };
                let ux = per_x
                    .iter()
                    .enumerate()
                    .map(|(i, s)| Ok(Both::of(pooled(s)?.plus(held(Axis::X, &price.2, i)?)?)))
                    .collect::<Result<Vec<_>, Error>>()?;
                let uy = per_y
                    .iter()
                    .enumerate()
                    .map(|(j, s)| Ok(Both::of(pooled(s)?.plus(held(Axis::Y, &price.2, j)?)?)))
                    .collect::<Result<Vec<_>, Error>>()?;
                coupled.push(Coupled {
                    valuation: &asset.valuation,
                    u0: Both::of(u0.plus(held0)?),
                    ux,
                    uy,
                    price,
                });
            }
        }
    }

    let mut rows = Vec::with_capacity(ys.len());
    for (j, y) in sy.iter().enumerate() {
        let mut row = Vec::with_capacity(xs.len());
        for (i, x) in sx.iter().enumerate() {
            let mut g = constant.guide + x.guide + y.guide;
            let mut scale = constant.guide.abs() + x.guide.abs() + y.guide.abs();
            for k in &coupled {
                let u = k.u0.guide
                    + k.ux.get(i).map_or(0.0, |b| b.guide)
                    + k.uy.get(j).map_or(0.0, |b| b.guide);
                let p = f64_of(cell_price(k, i, j));
                let v = value_f64(k.valuation, u, p);
                g += v;
                scale += v.abs() + u.abs();
            }
            let margin = scale * 1e-9 + 1e-9;
            let liquidated = if g > margin {
                false
            } else if g < -margin {
                true
            } else {
                exact_cell(constant, *x, *y, &coupled, i, j)? <= Decimal::ZERO
            };
            row.push(liquidated);
        }
        rows.push(row);
    }
    Ok(rows)
}

/// Adds asset `a`'s value at each point of one axis (its price `ps`, the PnL
/// settled in it there, and `u0` settled by the frozen positions).
fn fold(
    parts: &mut [Both],
    per: &[CrossSums],
    ps: Vec<Decimal>,
    asset: &crate::collateral::Asset,
    a: usize,
    u0: Decimal,
) -> Result<(), Error> {
    for ((s, sums), p) in parts.iter_mut().zip(per).zip(ps) {
        *s = s.add(Both::of(asset.counted(p, u0.plus(sums.pooled_pnl(a)?)?)?))?;
    }
    Ok(())
}

fn cell_price(k: &Coupled<'_>, i: usize, j: usize) -> Decimal {
    match k.price.0 {
        Axis::Fixed => k.price.1,
        Axis::X => k.price.2.get(i).copied().unwrap_or_default(),
        Axis::Y => k.price.2.get(j).copied().unwrap_or_default(),
    }
}

/// The cell's surplus in exact decimals.
fn exact_cell(
    constant: Both,
    x: Both,
    y: Both,
    coupled: &[Coupled<'_>],
    i: usize,
    j: usize,
) -> Result<Decimal, Error> {
    let mut s = constant.exact.plus(x.exact)?.plus(y.exact)?;
    for k in coupled {
        let u =
            k.u0.exact
                .plus(k.ux.get(i).map_or(Decimal::ZERO, |b| b.exact))?
                .plus(k.uy.get(j).map_or(Decimal::ZERO, |b| b.exact))?;
        s = s.plus(k.valuation.value(u, cell_price(k, i, j))?)?;
    }
    Ok(s)
}
