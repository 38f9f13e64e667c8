//! Account value along one market's price, for each variant (docs/model.md §8).
//!
//! Structure used for speed: each position's figures depend only on its own
//! market's price, so the cross surplus is a constant plus one term per
//! market, and each isolated position is liquidated or not on its own. The
//! positions of the markets that do not move are summed once ([`Frozen`]);
//! at each point only the moving market's positions are computed, once for
//! all three variants.
use rust_decimal::Decimal;
use serde::Serialize;

use crate::book::{Book, Prices};
use crate::collateral::{Collateral, Equity};
use crate::compare::Variant;
use crate::dec;
use crate::error::{Error, ErrorKind};
use crate::num::Checked;
use crate::position::MarginMode;
use crate::rules::{self, CrossSums, Figures};
use crate::scenario::Residual;

/// The most points a sweep axis may have.
pub const MAX_POINTS: usize = 4_096;

/// `n` evenly spaced prices from `from` to `to` inclusive; errors name `field`.
pub fn axis(from: Decimal, to: Decimal, n: usize, field: &str) -> Result<Vec<Decimal>, Error> {
    crate::book::price(from).map_err(|e| e.within(&format!("{field}.from")))?;
    crate::book::price(to).map_err(|e| e.within(&format!("{field}.to")))?;
    if to <= from {
        return Err(Error::new(field, ErrorKind::EmptyRange { from, to }));
    }
    Error::check_count(&format!("{field}.points"), n, 2, MAX_POINTS)?;
    // A step of at most 12 significant digits keeps every point short, so
    // the many products a sweep forms stay cheap (and the points readable).
    let step = to.minus(from)?.over(Decimal::from(n.saturating_sub(1)))?;
    let step = crate::num::significant(step, 12);
    let mut v = Vec::with_capacity(n);
    let mut x = from;
    for k in 0..n {
        // Land exactly on `to` at the end.
        v.push(if k.saturating_add(1) == n { to } else { x });
        x = x.plus(step)?;
    }
    Ok(v)
}

/// One variant's positions outside the moving markets, held at their base
/// prices, and the positions that move.
#[derive(Debug, Clone, Default)]
pub(crate) struct Frozen {
    /// Sums of the cross positions that do not move.
    pub cross: CrossSums,
    /// Value and liquidation count of the isolated positions that do not move.
    pub isolated_value: Decimal,
    pub isolated_lost: usize,
    /// The moving positions, cross and isolated.
    pub cross_movers: Vec<usize>,
    pub isolated_movers: Vec<usize>,
}

impl Frozen {
    /// Splits `book` into the positions of the `moving` markets and the rest at `base`.
    pub(crate) fn new(book: &Book, base: &Prices, moving: &[usize]) -> Result<Frozen, Error> {
        let mut s = Frozen::default();
        for (i, p) in book.positions.iter().enumerate() {
            match (p.mode, moving.contains(&p.market)) {
                (MarginMode::Cross, true) => s.cross_movers.push(i),
                (MarginMode::Isolated, true) => s.isolated_movers.push(i),
                (MarginMode::Cross, false) => s
                    .cross
                    .add(&book.position_figures(i, base.get(p.market)?)?)?,
                (MarginMode::Isolated, false) => {
                    let f = book.position_figures(i, base.get(p.market)?)?;
                    let st = rules::isolated(p.margin, &f)?;
                    s.isolated_value =
                        s.isolated_value
                            .plus(rules::isolated_value(book.residual, &st, &f)?)?;
                    s.isolated_lost = s.isolated_lost.saturating_add(usize::from(st.liquidated));
                }
            }
        }
        Ok(s)
    }
}

/// The cross account's equity along market `m`'s price, the others at a
/// base: every asset that neither follows `m` nor receives a moving
/// position's PnL is valued once; at each point only the rest is.
#[derive(Debug)]
struct Along<'a> {
    collateral: &'a Collateral,
    m: usize,
    /// Cash and the assets valued once, as margin (less the frozen PnL in
    /// them, which the sums still carry) and at market value.
    margin: Decimal,
    market: Decimal,
    /// The assets valued at each point.
    dynamic: Vec<usize>,
}

impl<'a> Along<'a> {
    fn new(
        collateral: &'a Collateral,
        m: usize,
        base: &Prices,
        frozen: &CrossSums,
        moving: &[bool],
    ) -> Result<Along<'a>, Error> {
        let (mut margin, mut market) = (collateral.cash, collateral.cash);
        let mut dynamic = Vec::new();
        let base_of = |k: usize| base.get(k);
        for (a, asset) in collateral.assets.iter().enumerate() {
            let follows = asset.price.market() == Some(m);
            let receives = moving.get(a).copied().unwrap_or(false) && !asset.valuation.is_full();
            if follows || receives {
                dynamic.push(a);
                continue;
            }
            let (held, part) = asset.parts(asset.price.at(&base_of)?, frozen.pooled_pnl(a)?)?;
            market = market.plus(held)?;
            margin = margin.plus(part)?;
        }
        Ok(Along {
            collateral,
            m,
            margin,
            market,
            dynamic,
        })
    }

    /// The equity at price `px`, `sums` being every cross position's.
    fn equity(&self, px: Decimal, base: &Prices, sums: &CrossSums) -> Result<Equity, Error> {
        let price_of = |k: usize| if k == self.m { Ok(px) } else { base.get(k) };
        if self.collateral.is_simple() {
            return sums.equity(self.collateral, &price_of);
        }
        let mut margin = self
            .margin
            .plus(sums.unrealized_pnl)?
            .plus(sums.health_adjust)?;
        let mut market = self.market.plus(sums.unrealized_pnl)?;
        for &a in &self.dynamic {
            let asset = self.collateral.asset(a)?;
            let (held, part) = asset.parts(asset.price.at(&price_of)?, sums.pooled_pnl(a)?)?;
            market = market.plus(held)?;
            margin = margin.plus(part)?;
        }
        Ok(Equity { margin, market })
    }
}

/// Account value along one market's price, for each variant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sweep {
    pub market: String,
    #[serde(serialize_with = "dec::vec")]
    pub prices: Vec<Decimal>,
    pub series: Vec<Series>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub variant: Variant,
    /// Account value at each price (wallet + uPnL after liquidations).
    #[serde(serialize_with = "dec::vec")]
    pub values: Vec<Decimal>,
    /// Whether the cross account is liquidated at each price.
    pub cross_liquidated: Vec<bool>,
    /// Number of isolated positions liquidated at each price.
    pub isolated_liquidated: Vec<usize>,
}

impl Book {
    /// Sweeps market `m` over `prices`, the others at `base`. A variant that
    /// cannot be formed (all isolated beyond the wallet) is left out.
    pub fn sweep(&self, base: &Prices, m: usize, prices: Vec<Decimal>) -> Result<Sweep, Error> {
        let variants: Vec<(Variant, Book)> = Variant::ALL
            .iter()
            .filter_map(|&v| v.apply(self).ok().map(|b| (v, b)))
            .collect();
        let frozen = variants
            .iter()
            .map(|(_, b)| Frozen::new(b, base, &[m]))
            .collect::<Result<Vec<_>, _>>()?;
        let movers: Vec<usize> = (0..self.positions.len())
            .filter(|&i| self.positions.get(i).is_some_and(|p| p.market == m))
            .collect();
        let n = prices.len();
        let mut series: Vec<Series> = variants
            .iter()
            .map(|(v, _)| Series {
                variant: *v,
                values: Vec::with_capacity(n),
                cross_liquidated: Vec::with_capacity(n),
                isolated_liquidated: Vec::with_capacity(n),
            })
            .collect();
        // The movers with their tables, and per variant their modes and
        // margins: looked up once, not at every point.
        let refs = movers
            .iter()
            .map(|&i| {
                let p = self.position(i)?;
                Ok((p, self.market(p.market)?))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let setups = variants
            .iter()
            .map(|(_, b)| {
                movers
                    .iter()
                    .map(|&i| b.position(i).map(|p| (p.mode, p.margin)))
                    .collect::<Result<Vec<_>, _>>()
            })
            .collect::<Result<Vec<_>, Error>>()?;
        // An isolated mover with the same margin in two variants (as it is
        // and all isolated) has the same fate there: each distinct (mover,
        // margin, residual) is a slot, decided once per point.
        let mut slots: Vec<(usize, Decimal, Residual)> = Vec::new();
        let roles = variants
            .iter()
            .zip(&setups)
            .map(|((_, b), setup)| {
                setup
                    .iter()
                    .enumerate()
                    .map(|(j, &(mode, margin))| match mode {
                        MarginMode::Cross => None,
                        MarginMode::Isolated => {
                            let key = (j, margin, b.residual);
                            Some(slots.iter().position(|s| *s == key).unwrap_or_else(|| {
                                slots.push(key);
                                slots.len().saturating_sub(1)
                            }))
                        }
                    })
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>();
        let mut fates: Vec<(Decimal, bool)> = Vec::with_capacity(slots.len());
        // Per variant, the collateral valued once where it does not move.
        let alongs = variants
            .iter()
            .zip(&frozen)
            .zip(&setups)
            .map(|(((_, b), fz), setup)| {
                let mut moving = vec![false; b.collateral.assets.len()];
                for ((_, market), &(mode, _)) in refs.iter().zip(setup) {
                    if mode == MarginMode::Cross {
                        if let Some(slot) = moving.get_mut(market.settle) {
                            *slot = true;
                        }
                    }
                }
                Along::new(&b.collateral, m, base, &fz.cross, &moving)
            })
            .collect::<Result<Vec<_>, Error>>()?;
        // Rising prices (a chart's axis) step each mover's tier up from the
        // last point's; any other order looks the tier up.
        let rising = prices.windows(2).all(|w| matches!(w, [a, b] if a <= b));
        let mut tiers = vec![0usize; movers.len()];
        // The movers' figures at the current point, shared by every variant.
        let mut at: Vec<Figures> = Vec::with_capacity(movers.len());
        // Reused per point (its per-asset tally keeps its allocation).
        let mut cross = CrossSums::default();
        for &px in &prices {
            at.clear();
            for ((p, table), tier) in refs.iter().zip(tiers.iter_mut()) {
                at.push(if rising {
                    rules::figures_rising(table, p, px, tier)?
                } else {
                    rules::figures(table, p, px)?
                });
            }
            fates.clear();
            for &(j, margin, residual) in &slots {
                let f = at.get(j).ok_or_else(|| Error::internal("sweep mover"))?;
                let st = rules::isolated(margin, f)?;
                fates.push((rules::isolated_value(residual, &st, f)?, st.liquidated));
            }
            for (((((_, b), fz), role), out), along) in variants
                .iter()
                .zip(&frozen)
                .zip(&roles)
                .zip(series.iter_mut())
                .zip(&alongs)
            {
                cross.clone_from(&fz.cross);
                let (mut value, mut lost) = (fz.isolated_value, fz.isolated_lost);
                for (f, slot) in at.iter().zip(role) {
                    match slot {
                        None => cross.add(f)?,
                        Some(k) => {
                            let &(v, liquidated) =
                                fates.get(*k).ok_or_else(|| Error::internal("sweep slot"))?;
                            value = value.plus(v)?;
                            lost = lost.saturating_add(usize::from(liquidated));
                        }
                    }
                }
                let standing = cross.standing_at(along.equity(px, base, &cross)?, b.residual)?;
                out.values.push(value.plus(standing.value)?);
                out.cross_liquidated.push(standing.liquidated);
                out.isolated_liquidated.push(lost);
            }
        }
        Ok(Sweep {
            market: self.market(m)?.symbol.clone(),
            prices,
            series,
        })
    }
}
