//! What the cross account holds, and how much of it counts as margin
//! (docs/model.md §11).
//!
//! An account holds assets: the quote stablecoin, coins posted as
//! collateral, the coin of coin-margined contracts. Each has a price (fixed,
//! or following a market: `P_a = c + k·P_m`, so that it falls *with* the
//! market) and a valuation: a positive balance counts at its collateral
//! ratio (flat, or tiered by USD value or by coin quantity, in slices like
//! maintenance tiers or whole), a negative one at its liability weight.
//! A position's PnL is booked into its settle asset *before* the asset is
//! valued (Binance Portfolio Margin, Bybit UTA, Mango), so
//!
//! ```text
//! U_a      = units_a·P_a + Σ_{cross positions settled in a} uPnL      (USD)
//! value_a  = λ_a·U_a                         if U_a < 0
//!          = r_k·U_a + c_k                    tiers by value (U_a in tier k)
//!          = r_k·U_a + c_k·P_a                tiers by quantity (U_a/P_a in tier k)
//! equity   = Σ_a value_a,   liquidated when equity ≤ Σ MM
//! ```
//!
//! with `c_k` making slices continuous (`c_k = c_{k−1} + floor_k·(r_{k−1} − r_k)`)
//! or 0 for a whole-balance ratio. [`Valuation::value`] is the one place this
//! is written; the line solver reads the same pieces ([`Valuation::piece`]).
//! An asset counted in full at a fixed price (a version-1 wallet) is a plain
//! constant; the engine then computes exactly what it did before assets.
use rust_decimal::Decimal;

use crate::error::{Error, ErrorKind};
use crate::num::Checked;
use crate::scenario::{CollateralTiersSpec, TierApply, TierUnit};
use crate::tiers::{f64_of, range};

/// The most rows a collateral table may have.
pub const MAX_COLLATERAL_TIERS: usize = 32;

/// An asset's price in the account's unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetPrice {
    Fixed(Decimal),
    /// `intercept + slope·P_market` (the market's price itself: 0 and 1).
    Follows {
        market: usize,
        intercept: Decimal,
        slope: Decimal,
    },
}

impl AssetPrice {
    /// The price when market `m` is at `price_of(m)`.
    #[inline]
    pub fn at(
        &self,
        price_of: &impl Fn(usize) -> Result<Decimal, Error>,
    ) -> Result<Decimal, Error> {
        match *self {
            AssetPrice::Fixed(p) => Ok(p),
            AssetPrice::Follows {
                market,
                intercept,
                slope,
            } => follow(intercept, slope, price_of(market)?),
        }
    }

    /// The market this price follows, if any.
    pub fn market(&self) -> Option<usize> {
        match *self {
            AssetPrice::Fixed(_) => None,
            AssetPrice::Follows { market, .. } => Some(market),
        }
    }
}

/// `intercept + slope·p`, exact for the usual `0 + 1·p`.
#[inline]
fn follow(intercept: Decimal, slope: Decimal, p: Decimal) -> Result<Decimal, Error> {
    if intercept.is_zero() && slope == Decimal::ONE {
        return Ok(p);
    }
    intercept.plus(slope.times(p)?)
}

/// One row of a collateral table, with its continuity constant.
#[derive(Debug, Clone, PartialEq)]
pub struct Slice {
    pub floor: Decimal,
    pub ratio: Decimal,
    /// `c_k` of the module docs.
    pub offset: Decimal,
    pub(crate) approx: (f64, f64, f64),
}

/// How much of a balance counts as margin.
#[derive(Debug, Clone, PartialEq)]
pub struct Valuation {
    pub unit: TierUnit,
    /// Rows from floor 0 up (a flat ratio is one row).
    pub slices: Vec<Slice>,
    /// Weight of a negative balance.
    pub liability_weight: Decimal,
    /// Ratio 1 and weight 1: the identity (cached: asked at every evaluation).
    full: bool,
    /// Drift's size discount: the flat ratio before it and the IMF factor
    /// (the ratio is recomputed whenever the units change).
    discount: Option<(Decimal, Decimal)>,
}

/// The linear piece of a valuation at one balance: `value = a·U + b·P_a + c`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// 0: the negative side; `k + 1`: slice `k`.
    pub index: usize,
    pub on_u: Decimal,
    pub on_price: Decimal,
    pub constant: Decimal,
}

impl Valuation {
    /// Counted in full: ratio 1, liability weight 1.
    pub fn full() -> Valuation {
        Valuation::flat(Decimal::ONE, Decimal::ONE)
    }

    fn flat(ratio: Decimal, liability_weight: Decimal) -> Valuation {
        Valuation::of(
            TierUnit::Value,
            vec![Slice {
                floor: Decimal::ZERO,
                ratio,
                offset: Decimal::ZERO,
                approx: (0.0, f64_of(ratio), 0.0),
            }],
            liability_weight,
        )
    }

    fn of(unit: TierUnit, slices: Vec<Slice>, liability_weight: Decimal) -> Valuation {
        let full = liability_weight == Decimal::ONE
            && slices.len() == 1
            && slices.first().is_some_and(|s| s.ratio == Decimal::ONE);
        Valuation {
            unit,
            slices,
            liability_weight,
            full,
            discount: None,
        }
    }

    /// Validates a flat ratio or a table (errors name `ratio`, `tiers…`,
    /// `liability_weight`).
    pub fn new(
        ratio: Option<Decimal>,
        tiers: Option<&CollateralTiersSpec>,
        liability_weight: Option<Decimal>,
    ) -> Result<Valuation, Error> {
        let weight = liability_weight.unwrap_or(Decimal::ONE);
        range(weight, Decimal::ZERO, Decimal::TEN).map_err(|e| e.within("liability_weight"))?;
        let v = match (ratio, tiers) {
            (Some(_), Some(_)) => Err(Error::new(
                "tiers",
                ErrorKind::Malformed {
                    message: "give a flat ratio or a table, not both".to_owned(),
                },
            )),
            (None, None) => Ok(Valuation::flat(Decimal::ONE, weight)),
            (Some(r), None) => {
                range(r, Decimal::ZERO, Decimal::ONE).map_err(|e| e.within("ratio"))?;
                Ok(Valuation::flat(r, weight))
            }
            (None, Some(t)) => table(t, weight).map_err(|e| e.within("tiers")),
        }?;
        // A debt weighs at least what the first unit held counts for
        // (Binance's ask rate ≥ its bid rate; Mango's 1.2 ≥ 0.8): the value
        // is then concave in the balance, like every venue's.
        let first = v.slices.first().map_or(Decimal::ONE, |s| s.ratio);
        if weight < first {
            return Err(Error::new(
                "liability_weight",
                ErrorKind::OutOfRange {
                    value: weight,
                    min: first,
                    max: Decimal::TEN,
                },
            ));
        }
        Ok(v)
    }

    /// Counted in full (the valuation is the identity).
    #[inline]
    pub fn is_full(&self) -> bool {
        self.full
    }

    /// The piece in force at USD balance `u` and price `price`.
    #[inline]
    pub fn piece(&self, u: Decimal, price: Decimal) -> Result<Piece, Error> {
        if u < Decimal::ZERO {
            return self.piece_at(0);
        }
        let x = match self.unit {
            TierUnit::Value => u,
            TierUnit::Quantity => u.over(price)?,
        };
        let k = self
            .slices
            .partition_point(|s| s.floor <= x)
            .saturating_sub(1);
        self.piece_at(k.saturating_add(1))
    }

    /// Piece `index` (0: negative side; `k + 1`: slice `k`).
    pub fn piece_at(&self, index: usize) -> Result<Piece, Error> {
        let Some(k) = index.checked_sub(1) else {
            return Ok(Piece {
                index,
                on_u: self.liability_weight,
                on_price: Decimal::ZERO,
                constant: Decimal::ZERO,
            });
        };
        let s = self
            .slices
            .get(k)
            .ok_or_else(|| Error::internal("collateral slice"))?;
        let (on_price, constant) = match self.unit {
            TierUnit::Value => (Decimal::ZERO, s.offset),
            TierUnit::Quantity => (s.offset, Decimal::ZERO),
        };
        Ok(Piece {
            index,
            on_u: s.ratio,
            on_price,
            constant,
        })
    }

    /// What USD balance `u` of an asset at `price` counts as margin.
    #[inline]
    pub fn value(&self, u: Decimal, price: Decimal) -> Result<Decimal, Error> {
        if self.is_full() {
            return Ok(u);
        }
        if let [only] = self.slices.as_slice() {
            // A flat ratio (one slice, from zero, no offset): no table to
            // search, no quantity to divide out.
            let rate = if u.is_sign_negative() {
                self.liability_weight
            } else {
                only.ratio
            };
            return rate.times(u);
        }
        let p = self.piece(u, price)?;
        let mut v = p.on_u.times(u)?;
        if !p.on_price.is_zero() {
            v = v.plus(p.on_price.times(price)?)?;
        }
        if !p.constant.is_zero() {
            v = v.plus(p.constant)?;
        }
        Ok(v)
    }
}

/// The most a size discount's IMF factor may be.
pub const MAX_SIZE_DISCOUNT: Decimal = Decimal::ONE;

/// Drift's size discount: a deposit of `units` counts at
/// `min(ratio, 1.1 ÷ (1 + imf·√units))` — the larger the deposit, the less
/// each unit counts (`calculate_size_discount_asset_weight`, applied to the
/// maintenance weight as to the initial one). A loan (units ≤ 0) keeps
/// `ratio`. The ratio is that of the units held, so it stays exact only
/// while they do not change with prices: no position may settle in such an
/// asset (checked where markets are read).
pub fn size_discount_ratio(ratio: Decimal, units: Decimal, imf: Decimal) -> Result<Decimal, Error> {
    if units <= Decimal::ZERO || imf.is_zero() {
        return Ok(ratio);
    }
    const ELEVEN_TENTHS: Decimal = Decimal::from_parts(11, 0, 0, false, 1);
    let discount = ELEVEN_TENTHS.over(Decimal::ONE.plus(imf.times(crate::num::sqrt(units)?)?)?)?;
    Ok(ratio.min(discount))
}

impl Valuation {
    /// This flat ratio with Drift's size discount for `units` held
    /// (errors name `size_discount`).
    pub fn size_discounted(self, units: Decimal, imf: Decimal) -> Result<Valuation, Error> {
        range(imf, Decimal::ZERO, MAX_SIZE_DISCOUNT).map_err(|e| e.within("size_discount"))?;
        let [only] = self.slices.as_slice() else {
            return Err(Error::new(
                "size_discount",
                ErrorKind::Malformed {
                    message: "a size discount goes with a flat ratio, not a table".to_owned(),
                },
            ));
        };
        let base = only.ratio;
        let mut v = Valuation::flat(base, self.liability_weight);
        v.discount = Some((base, imf));
        v.rediscount(units)?;
        Ok(v)
    }

    /// Drift's size discount: the flat ratio before it and the IMF factor.
    pub fn size_discount(&self) -> Option<(Decimal, Decimal)> {
        self.discount
    }

    /// A size-discounted ratio for `units` now held (nothing otherwise).
    pub(crate) fn rediscount(&mut self, units: Decimal) -> Result<(), Error> {
        let Some((base, imf)) = self.discount else {
            return Ok(());
        };
        let ratio = size_discount_ratio(base, units, imf)?;
        if let Some(only) = self.slices.first_mut() {
            only.ratio = ratio;
            only.approx = (0.0, f64_of(ratio), 0.0);
        }
        self.full = self.liability_weight == Decimal::ONE && ratio == Decimal::ONE;
        Ok(())
    }
}

fn table(t: &CollateralTiersSpec, weight: Decimal) -> Result<Valuation, Error> {
    Error::check_count("rows", t.rows.len(), 1, MAX_COLLATERAL_TIERS)?;
    let mut slices: Vec<Slice> = Vec::with_capacity(t.rows.len());
    for (i, row) in t.rows.iter().enumerate() {
        let at = |f: &str| format!("rows[{i}].{f}");
        range(row.ratio, Decimal::ZERO, Decimal::ONE).map_err(|e| e.within(&at("ratio")))?;
        range(row.floor, Decimal::ZERO, crate::tiers::MAX_NOTIONAL)
            .map_err(|e| e.within(&at("floor")))?;
        let offset = match slices.last() {
            None if !row.floor.is_zero() => {
                return Err(Error::new(
                    at("floor"),
                    ErrorKind::FirstFloorNotZero { floor: row.floor },
                ))
            }
            None => Decimal::ZERO,
            Some(prev) => {
                if row.floor <= prev.floor {
                    return Err(Error::new(
                        at("floor"),
                        ErrorKind::TierCapNotAboveFloor {
                            floor: prev.floor,
                            cap: row.floor,
                        },
                    ));
                }
                if row.ratio > prev.ratio {
                    // A rising ratio would make collateral convex in price:
                    // no venue publishes one.
                    return Err(Error::new(
                        at("ratio"),
                        ErrorKind::Malformed {
                            message: format!(
                                "ratios must not rise from one tier to the next ({} then {})",
                                prev.ratio, row.ratio
                            ),
                        },
                    ));
                }
                match t.apply {
                    TierApply::Slices => prev
                        .offset
                        .plus(row.floor.times(prev.ratio.minus(row.ratio)?)?)?,
                    TierApply::Whole => Decimal::ZERO,
                }
            }
        };
        slices.push(Slice {
            floor: row.floor,
            ratio: row.ratio,
            offset,
            approx: (f64_of(row.floor), f64_of(row.ratio), f64_of(offset)),
        });
    }
    Ok(Valuation::of(t.by, slices, weight))
}

/// One asset of the account.
#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    pub name: String,
    /// Units in the cross account (isolated margins in this asset taken out).
    pub units: Decimal,
    pub price: AssetPrice,
    pub valuation: Valuation,
    /// Binance's auto-exchange: the rate at which this asset is sold to
    /// repay a stablecoin debt (`None`: never sold).
    pub exchange_ratio: Option<Decimal>,
}

impl Asset {
    /// Counted in full and worth a constant: at a fixed price, or none held
    /// (PnL settled in it then adds in full, as in version 1).
    pub fn is_constant(&self) -> bool {
        self.valuation.is_full()
            && (matches!(self.price, AssetPrice::Fixed(_)) || self.units.is_zero())
    }

    /// What it counts for as margin at `price` with `settled` PnL booked
    /// into it.
    #[inline]
    pub fn counted(&self, price: Decimal, settled: Decimal) -> Result<Decimal, Error> {
        self.valuation
            .value(units_value(self.units, price)?.plus(settled)?, price)
    }

    /// At `price` with `settled` PnL booked into it: what it is worth, and
    /// what it adds to the margin besides that PnL (which the sums carry
    /// in full): its value, or its counted value less the PnL.
    #[inline]
    pub fn parts(&self, price: Decimal, settled: Decimal) -> Result<(Decimal, Decimal), Error> {
        let held = units_value(self.units, price)?;
        if self.valuation.is_full() {
            return Ok((held, held));
        }
        if settled.is_zero() {
            // A coin no position settles in (the usual collateral coin).
            return Ok((held, self.valuation.value(held, price)?));
        }
        let counted = self.valuation.value(held.plus(settled)?, price)?;
        Ok((held, counted.minus(settled)?))
    }
}

/// The cross account's assets, and cash from residuals returned by
/// liquidations (counted in full, in the account's unit).
#[derive(Debug, Clone, PartialEq)]
pub struct Collateral {
    pub assets: Vec<Asset>,
    pub cash: Decimal,
    /// Every asset constant and counted in full: the equity is then a
    /// constant plus the PnL, as in version 1.
    simple: bool,
    /// Σ of the fixed-price assets counted in full (cached: the constant
    /// part is read at every evaluation; `cash` is added to it).
    fixed: Decimal,
}

impl Collateral {
    pub fn new(assets: Vec<Asset>) -> Collateral {
        let mut c = Collateral {
            assets,
            cash: Decimal::ZERO,
            simple: false,
            fixed: Decimal::ZERO,
        };
        c.refresh();
        c
    }

    /// Recomputes the cached flags and sums after the units changed.
    pub(crate) fn refresh(&mut self) {
        for a in &mut self.assets {
            // Validated units: the root and the quotient cannot fail (a
            // failure would keep the ratio of the units before).
            let _ = a.valuation.rediscount(a.units);
        }
        self.simple = self.assets.iter().all(Asset::is_constant);
        let mut fixed = Decimal::ZERO;
        for a in &self.assets {
            if let (AssetPrice::Fixed(p), true) = (a.price, a.valuation.is_full()) {
                // Bounded units and prices: no overflow (a sum that did would
                // be refused at validation first).
                fixed = units_value(a.units, p)
                    .and_then(|v| fixed.plus(v))
                    .unwrap_or(fixed);
            }
        }
        self.fixed = fixed;
    }

    /// Every asset at a fixed price and counted in full.
    pub fn is_simple(&self) -> bool {
        self.simple
    }

    pub fn asset(&self, a: usize) -> Result<&Asset, Error> {
        self.assets
            .get(a)
            .ok_or_else(|| Error::internal("asset index"))
    }

    /// The constant part: fixed-price assets counted in full, and cash.
    #[inline]
    pub fn constant(&self) -> Result<Decimal, Error> {
        if self.cash.is_zero() {
            return Ok(self.fixed);
        }
        self.fixed.plus(self.cash)
    }

    /// What the account holds at market value, before PnL and haircuts.
    pub fn held(
        &self,
        price_of: &impl Fn(usize) -> Result<Decimal, Error>,
    ) -> Result<Decimal, Error> {
        if self.simple {
            return self.constant();
        }
        let mut v = self.cash;
        for a in &self.assets {
            v = v.plus(units_value(a.units, a.price.at(price_of)?)?)?;
        }
        Ok(v)
    }

    /// The cross equity: every asset, with the PnL settled in it, valued
    /// by its rule. `pnl` is the cross positions' total PnL and
    /// `pooled(a)` the part settled in asset `a` (read only for assets
    /// not counted in full). Also returns the same at market value.
    #[inline]
    pub fn equity(
        &self,
        price_of: &impl Fn(usize) -> Result<Decimal, Error>,
        pnl: Decimal,
        pooled: &impl Fn(usize) -> Result<Decimal, Error>,
    ) -> Result<Equity, Error> {
        if self.simple {
            let e = self.constant()?.plus(pnl)?;
            return Ok(Equity {
                margin: e,
                market: e,
            });
        }
        let (mut margin, mut market) = (self.cash.plus(pnl)?, self.cash.plus(pnl)?);
        for (a, asset) in self.assets.iter().enumerate() {
            let settled = if asset.valuation.is_full() {
                Decimal::ZERO
            } else {
                pooled(a)?
            };
            let (held, part) = asset.parts(asset.price.at(price_of)?, settled)?;
            market = market.plus(held)?;
            margin = margin.plus(part)?;
        }
        Ok(Equity { margin, market })
    }

    /// Moves cash into the quote asset (asset 0) when it is a fixed-price
    /// asset counted in full: the same account, as a scenario would write it.
    pub(crate) fn fold_cash(&mut self) {
        if let Some(q) = self.assets.first_mut() {
            if let (AssetPrice::Fixed(p), true) = (q.price, q.valuation.is_full()) {
                if let Some(units) = self
                    .cash
                    .checked_div(p)
                    .and_then(|c| q.units.checked_add(c))
                {
                    q.units = units;
                    self.cash = Decimal::ZERO;
                }
            }
        }
        self.refresh();
    }

    /// Binance's auto-exchange (Multi-Assets mode), when the account has a
    /// `threshold` (USD): each asset at a fixed price whose balance is below
    /// `−threshold` is repaid to zero by
    /// selling the assets that have an exchange ratio, in the order listed;
    /// selling `x` USD of a coin at ratio `r` repays `r·x`, so a debt `D`
    /// costs `D ÷ r` of the coin ([`exchange_cost`]). Returns each asset's
    /// change in units (empty when nothing was exchanged, or no threshold).
    pub fn auto_exchange(
        &mut self,
        threshold: Option<Decimal>,
        price_of: &impl Fn(usize) -> Result<Decimal, Error>,
    ) -> Result<Vec<Decimal>, Error> {
        let Some(threshold) = threshold else {
            return Ok(Vec::new());
        };
        let mut change = vec![Decimal::ZERO; self.assets.len()];
        for d in 0..self.assets.len() {
            let debtor = self.asset(d)?;
            let AssetPrice::Fixed(p_d) = debtor.price else {
                continue;
            };
            let mut debt = crate::num::neg(units_value(debtor.units, p_d)?);
            if debt <= threshold {
                continue;
            }
            for c in 0..self.assets.len() {
                if c == d || debt <= Decimal::ZERO {
                    continue;
                }
                let coin = self.asset(c)?;
                let Some(r) = coin.exchange_ratio else {
                    continue;
                };
                if coin.units <= Decimal::ZERO {
                    continue;
                }
                let p_c = coin.price.at(price_of)?;
                let held = units_value(coin.units, p_c)?;
                let cost = exchange_cost(debt, r)?;
                // All of it, or what repays the debt exactly.
                let (sold, repaid) = if cost >= held {
                    (coin.units, held.times(r)?)
                } else {
                    // Never more than it holds (the quotient's last digit).
                    (cost.over(p_c)?.min(coin.units), debt)
                };
                debt = debt.minus(repaid)?;
                let got = repaid.over(p_d)?;
                for (k, by) in [(c, crate::num::neg(sold)), (d, got)] {
                    let a = self
                        .assets
                        .get_mut(k)
                        .ok_or_else(|| Error::internal("asset index"))?;
                    a.units = a.units.plus(by)?;
                    let slot = change
                        .get_mut(k)
                        .ok_or_else(|| Error::internal("asset index"))?;
                    *slot = slot.plus(by)?;
                }
            }
        }
        if change.iter().all(Decimal::is_zero) {
            change.clear();
        }
        self.refresh();
        Ok(change)
    }

    /// Everything taken by a cross liquidation; `left` (what the residual
    /// rule returns) stays as cash.
    pub fn wiped(&mut self, left: Decimal) {
        for a in &mut self.assets {
            a.units = Decimal::ZERO;
        }
        self.cash = left;
        self.refresh();
    }
}

/// What repaying a debt of `debt` (USD) costs in a coin sold at exchange
/// ratio `ratio`: `debt ÷ ratio` of its value (Binance: 20,000 BUSD at 97.5 %
/// sells 20,512.82 BUSD worth of BTC).
pub fn exchange_cost(debt: Decimal, ratio: Decimal) -> Result<Decimal, Error> {
    debt.over(ratio)
}

/// `units × price`, exact for a price of 1.
#[inline]
pub fn units_value(units: Decimal, price: Decimal) -> Result<Decimal, Error> {
    // A stablecoin's price is written `1`: test that form without the
    // scale alignment of `==` (any other form of 1 just multiplies).
    if price.scale() == 0 && price.mantissa() == 1 {
        Ok(units)
    } else {
        units.times(price)
    }
}

/// The cross account's equity as margin (haircuts applied: what the
/// liquidation test reads) and at market value (what the trader owns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Equity {
    pub margin: Decimal,
    pub market: Decimal,
}
