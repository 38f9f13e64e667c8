//! Data for charts: account value along one market's price (each variant),
//! and the verdict over a grid of two markets' prices.
//!
//! Structure used for speed: each position's PnL and margin depend only on
//! its own market's price, so the cross surplus is a constant plus one term
//! per moving market, and each isolated position is liquidated or not on its
//! own. A grid cell therefore costs one comparison, not a book evaluation.
use rust_decimal::Decimal;
use serde::Serialize;

use crate::book::{Book, MarginMode, Prices};
use crate::compare::{Variant, Verdict};
use crate::dec;
use crate::error::{Error, ErrorKind};
use crate::num::Checked;
use crate::state::{liquidated_value, maintenance, upnl};

/// The most points a sweep axis may have.
pub const MAX_POINTS: usize = 4_096;

/// `n` evenly spaced prices from `from` to `to` inclusive.
pub fn axis(from: Decimal, to: Decimal, n: usize, field: &str) -> Result<Vec<Decimal>, Error> {
    crate::book::price(from).map_err(|e| e.within(&format!("{field}.from")))?;
    crate::book::price(to).map_err(|e| e.within(&format!("{field}.to")))?;
    if to <= from {
        return Err(Error::new(field, ErrorKind::EmptyRange { from, to }));
    }
    if !(2..=MAX_POINTS).contains(&n) {
        return Err(Error::new(
            format!("{field}.points"),
            ErrorKind::CountOutOfRange { count: n as u64, min: 2, max: MAX_POINTS as u64 },
        ));
    }
    // A step of at most 12 significant digits keeps every point short, so
    // the many products a sweep forms stay cheap (and the points readable).
    let step = to.minus(from)?.over(Decimal::from(n.saturating_sub(1)))?;
    let step = step.round_sf(12).unwrap_or(step);
    let mut v = Vec::with_capacity(n);
    let mut x = from;
    for k in 0..n {
        // Land exactly on `to` at the end.
        v.push(if k.saturating_add(1) == n { to } else { x });
        x = x.plus(step)?;
    }
    Ok(v)
}

/// One market's contribution to one variant of the book, with everything
/// else held at its base price.
struct Slice {
    has_cross: bool,
    /// Cross wallet + Σ uPnL of cross positions in other markets.
    cross_equity: Decimal,
    /// … − Σ MM of those positions.
    cross_surplus: Decimal,
    cross_notional: Decimal,
    /// Value and liquidation count of isolated positions in other markets.
    isolated_value: Decimal,
    isolated_lost: usize,
    cross_movers: Vec<usize>,
    isolated_movers: Vec<usize>,
}

impl Slice {
    fn new(book: &Book, base: &Prices, moving: &[usize]) -> Result<Slice, Error> {
        let mut s = Slice {
            has_cross: false,
            cross_equity: book.cross_wallet,
            cross_surplus: book.cross_wallet,
            cross_notional: Decimal::ZERO,
            isolated_value: Decimal::ZERO,
            isolated_lost: 0,
            cross_movers: Vec::new(),
            isolated_movers: Vec::new(),
        };
        for (i, p) in book.positions.iter().enumerate() {
            let moves = moving.contains(&p.market);
            match (p.mode, moves) {
                (MarginMode::Cross, true) => {
                    s.has_cross = true;
                    s.cross_movers.push(i);
                }
                (MarginMode::Isolated, true) => s.isolated_movers.push(i),
                (MarginMode::Cross, false) => {
                    s.has_cross = true;
                    let px = base.get(p.market);
                    let pnl = upnl(p, px)?;
                    s.cross_equity = s.cross_equity.plus(pnl)?;
                    s.cross_surplus = s.cross_surplus.plus(pnl)?.minus(maintenance(book, p, px)?)?;
                    s.cross_notional = s.cross_notional.plus(p.size.times(px)?)?;
                }
                (MarginMode::Isolated, false) => {
                    let (v, lost) = isolated(book, i, base.get(p.market))?;
                    s.isolated_value = s.isolated_value.plus(v)?;
                    s.isolated_lost = s.isolated_lost.saturating_add(usize::from(lost));
                }
            }
        }
        Ok(s)
    }
}

/// Value and liquidated flag of isolated position `i` at `price`.
fn isolated(book: &Book, i: usize, price: Decimal) -> Result<(Decimal, bool), Error> {
    let Some(p) = book.positions.get(i) else { return Ok((Decimal::ZERO, false)) };
    let balance = p.margin.plus(upnl(p, price)?)?;
    let notional = p.size.times(price)?;
    if balance <= maintenance(book, p, price)? {
        Ok((liquidated_value(book.residual, balance, notional)?, true))
    } else {
        Ok((balance, false))
    }
}

/// The moving markets' cross terms at `price`: (Σ uPnL, Σ (uPnL − MM), Σ notional).
fn cross_terms(book: &Book, movers: &[usize], price: Decimal) -> Result<(Decimal, Decimal, Decimal), Error> {
    let (mut pnl, mut surplus, mut notional) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    for &i in movers {
        let Some(p) = book.positions.get(i) else { continue };
        let u = upnl(p, price)?;
        pnl = pnl.plus(u)?;
        surplus = surplus.plus(u)?.minus(maintenance(book, p, price)?)?;
        notional = notional.plus(p.size.times(price)?)?;
    }
    Ok((pnl, surplus, notional))
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

/// Sweeps market `m` over `prices`, others at `base`. A variant that cannot
/// be formed (all isolated beyond the wallet) is left out.
///
/// Each moving position's uPnL, maintenance margin and notional at a price do
/// not depend on the margin mode, so they are computed once per point and
/// shared by the three variants; with `prices` ascending, each position's tier
/// is found by stepping up from the previous point's.
pub fn sweep(book: &Book, base: &Prices, m: usize, prices: Vec<Decimal>) -> Result<Sweep, Error> {
    let variants: Vec<(Variant, Book)> =
        Variant::ALL.iter().filter_map(|&v| v.apply(book).ok().map(|b| (v, b))).collect();
    let slices = variants.iter().map(|(_, b)| Slice::new(b, base, &[m])).collect::<Result<Vec<_>, _>>()?;
    let movers: Vec<usize> = (0..book.positions.len())
        .filter(|&i| book.positions.get(i).is_some_and(|p| p.market == m))
        .collect();
    let tiers = book.markets.get(m).map(|x| &x.tiers);
    let ascending = prices.windows(2).all(|w| matches!(w, [a, b] if a <= b));
    let mut tier_of: Vec<usize> = vec![0; movers.len()];
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
    // Per mover at the current price: (uPnL, MM, notional).
    let mut at: Vec<(Decimal, Decimal, Decimal)> = vec![(Decimal::ZERO, Decimal::ZERO, Decimal::ZERO); movers.len()];
    for &px in &prices {
        for ((&i, slot), tier) in movers.iter().zip(at.iter_mut()).zip(tier_of.iter_mut()) {
            let (Some(p), Some(tiers)) = (book.positions.get(i), tiers) else { continue };
            let notional = p.size.times(px)?;
            if ascending {
                let all = tiers.tiers();
                while all.get(tier.saturating_add(1)).is_some_and(|t| t.floor <= notional) {
                    *tier = tier.saturating_add(1);
                }
            } else {
                *tier = tiers.index_for(notional);
            }
            let t = tiers.tier(*tier);
            *slot = (upnl(p, px)?, notional.times(t.mmr)?.minus(t.cum)?, notional);
        }
        for (((_, b), s), out) in variants.iter().zip(&slices).zip(series.iter_mut()) {
            let (mut pnl, mut surplus, mut notional) = (s.cross_equity, s.cross_surplus, s.cross_notional);
            let (mut value, mut lost) = (s.isolated_value, s.isolated_lost);
            for (&i, &(u, mm, nl)) in movers.iter().zip(&at) {
                let Some(p) = b.positions.get(i) else { continue };
                match p.mode {
                    MarginMode::Cross => {
                        pnl = pnl.plus(u)?;
                        surplus = surplus.plus(u)?.minus(mm)?;
                        notional = notional.plus(nl)?;
                    }
                    MarginMode::Isolated => {
                        let balance = p.margin.plus(u)?;
                        if balance <= mm {
                            value = value.plus(liquidated_value(b.residual, balance, nl)?)?;
                            lost = lost.saturating_add(1);
                        } else {
                            value = value.plus(balance)?;
                        }
                    }
                }
            }
            let liquidated = s.has_cross && surplus <= Decimal::ZERO;
            let cross_value = if liquidated { liquidated_value(b.residual, pnl, notional)? } else { pnl };
            out.values.push(value.plus(cross_value)?);
            out.cross_liquidated.push(liquidated);
            out.isolated_liquidated.push(lost);
        }
    }
    let market = book.markets.get(m).map(|x| x.symbol.clone()).unwrap_or_default();
    Ok(Sweep { market, prices, series })
}

/// The verdict (all cross against all isolated) over a grid of two markets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grid {
    pub x_market: String,
    pub y_market: String,
    #[serde(serialize_with = "dec::vec")]
    pub xs: Vec<Decimal>,
    #[serde(serialize_with = "dec::vec")]
    pub ys: Vec<Decimal>,
    /// Row-major (`cells[j·xs.len() + i]` is at `xs[i]`, `ys[j]`): the
    /// [`Verdict`] code, 0 neither, 1 cross wiped while isolated survives,
    /// 2 isolated loses positions while cross survives, 3 both.
    pub cells: Vec<u8>,
}

pub fn grid(book: &Book, base: &Prices, mx: usize, my: usize, xs: Vec<Decimal>, ys: Vec<Decimal>) -> Result<Grid, Error> {
    let name = |m: usize| book.markets.get(m).map(|x| x.symbol.clone()).unwrap_or_default();
    if mx == my {
        return Err(Error::new("y_market", ErrorKind::SameMarket { symbol: name(mx) }));
    }
    let cross = book.with_all(MarginMode::Cross)?;
    let iso = book.with_all(MarginMode::Isolated)?;
    let n = book.positions.len();

    // Cross: liquidated iff C + hx[i] + hy[j] ≤ 0, i.e. hx'[i] ≤ −hy[j].
    let cs = Slice::new(&cross, base, &[mx, my])?;
    let split = |market: usize| -> Vec<usize> {
        cs.cross_movers.iter().copied().filter(|&i| cross.positions.get(i).is_some_and(|p| p.market == market)).collect()
    };
    let (cx, cy) = (split(mx), split(my));
    let hx = xs.iter().map(|&x| cs.cross_surplus.plus(cross_terms(&cross, &cx, x)?.1)).collect::<Result<Vec<_>, _>>()?;
    let hy = ys.iter().map(|&y| Ok(crate::num::neg(cross_terms(&cross, &cy, y)?.1))).collect::<Result<Vec<_>, Error>>()?;

    // Isolated: liquidated counts per axis, plus the fixed others.
    let is = Slice::new(&iso, base, &[mx, my])?;
    let count = |market: usize, price: Decimal| -> Result<usize, Error> {
        let mut c = 0usize;
        for &i in &is.isolated_movers {
            if iso.positions.get(i).is_some_and(|p| p.market == market) && isolated(&iso, i, price)?.1 {
                c = c.saturating_add(1);
            }
        }
        Ok(c)
    };
    let lx = xs.iter().map(|&x| count(mx, x)).collect::<Result<Vec<_>, _>>()?;
    let ly = ys.iter().map(|&y| count(my, y)).collect::<Result<Vec<_>, _>>()?;

    let mut cells = Vec::with_capacity(xs.len().saturating_mul(ys.len()));
    for (neg_y, ly) in hy.iter().zip(&ly) {
        let base_lost = is.isolated_lost.saturating_add(*ly);
        for (hx, lx) in hx.iter().zip(&lx) {
            let cross_liq = cs.has_cross && hx <= neg_y;
            cells.push(Verdict::classify(cross_liq, base_lost.saturating_add(*lx), n).code());
        }
    }
    Ok(Grid { x_market: name(mx), y_market: name(my), xs, ys, cells })
}
