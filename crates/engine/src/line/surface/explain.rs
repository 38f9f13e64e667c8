//! The surface's terms at one point of a market's price axis, as formulas
//! in the book's numbers (for `crate::explain`).
//!
//! Along market `m`'s price `P` (the axis line: `P(t) = t`), the surplus
//! on the piece holding `P` is `A + B·P`: the group's constant balance,
//! what does not move with `P` (other markets' positions at their prices,
//! coins at fixed prices), and one term `aᵢ + bᵢ·P` per position in `m`
//! and per coin that follows `m` — each written as the rule that gives it
//! (`Mover::term`, `Pool::term`, `price_line`), with the tier or
//! collateral piece in force at `P`.
use rust_decimal::Decimal;

use super::{Mover, Pool, Req, Surface};
use crate::book::Book;
use crate::collateral::{AssetPrice, Valuation};
use crate::error::Error;
use crate::explain::expr::{diff, negative, prod, quot, sum, v, Expr};
use crate::explain::{position_label, sub, TierChoice};
use crate::line::{Funds, Line};
use crate::market::{ContractKind, Market, MmBasis};
use crate::scenario::TierUnit;

/// One term of the surplus on the piece: `a + b·P`.
#[derive(Debug, Clone)]
pub(crate) struct LineTerm {
    /// What it is ("#1 BTCUSDT long: PnL − maintenance").
    pub label: String,
    pub a: Expr,
    pub b: Expr,
    /// The tier a position's requirement is in at `P`, and why.
    pub tier: Option<TierChoice>,
}

impl Surface {
    /// The terms on market `axis`'s price axis at price `at`, with the
    /// movers' tiers overridden by `tiers` (`(term, tier)`: the piece on
    /// the other side of a breakpoint at `at`).
    pub(crate) fn terms_at(
        &self,
        book: &Book,
        funds: &Funds,
        line: &Line,
        members: &[usize],
        at: Decimal,
        tiers: &[(usize, usize)],
    ) -> Result<Vec<LineTerm>, Error> {
        let mut out = Vec::new();
        // Coins counted in full that follow a market; the others count at
        // fixed prices.
        for (price, units) in &funds.holdings {
            out.push(holding(book, line, price, *units)?);
        }
        // The members whose market does not move, at their prices.
        for &i in members {
            let p = book.position(i)?;
            if !line.slope(p.market)?.is_zero() {
                continue;
            }
            let m = book.market(p.market)?;
            let price = line.intercept(p.market)?;
            let f = book.position_figures(i, price)?;
            let pooled = m.pooled && funds.pools.iter().any(|(a, _)| *a == m.settle);
            let name = position_label(book, i)?;
            let s = sub(i);
            if let Some(w) = m.health {
                // Mango: its health, in its settle asset when that is
                // valued (then nothing here) or counted in full.
                out.push(if pooled {
                    LineTerm {
                        label: format!("{name}: its health at {price} counts with its settle asset"),
                        a: zero(),
                        b: zero(),
                        tier: None,
                    }
                } else {
                    LineTerm {
                        label: format!("{name}: its health at {price} (PnL − maintenance, × its weight when positive)"),
                        a: crate::explain::health_expr(&f, w, &s),
                        b: zero(),
                        tier: None,
                    }
                });
                continue;
            }
            let (label, a) = if pooled {
                (
                    format!(
                        "{name}: maintenance at {price} (its PnL counts with its settle asset)"
                    ),
                    negative(v(
                        &format!("MM{s}"),
                        f.maintenance_margin,
                        "its maintenance margin at its price",
                    )),
                )
            } else {
                (
                    format!("{name}: PnL − maintenance at {price}"),
                    diff(
                        v(
                            &format!("uPnL{s}"),
                            f.unrealized_pnl,
                            "its PnL at its price",
                        ),
                        v(
                            &format!("MM{s}"),
                            f.maintenance_margin,
                            "its maintenance margin at its price",
                        ),
                    ),
                )
            };
            out.push(LineTerm {
                label,
                a,
                b: zero(),
                tier: None,
            });
        }
        for (k, mv) in self.movers.iter().enumerate() {
            let tier = match tiers.iter().find(|(t, _)| *t == k) {
                Some((_, tier)) => *tier,
                None => mover_tier(book, mv, at)?,
            };
            let p = book.position(mv.position)?;
            let m = book.market(p.market)?;
            let pooled = m.pooled && funds.pools.iter().any(|(a, _)| *a == m.settle);
            out.push(mover_term(book, mv, tier, at, pooled)?);
        }
        for pool in &self.pools {
            out.push(pool_term(book, pool, at)?);
        }
        Ok(out)
    }

    /// The movers whose tier notional sits exactly on a tier floor at
    /// `at`: `(term, tier below)` — the piece that ends there.
    pub(crate) fn on_floor(
        &self,
        book: &Book,
        at: Decimal,
    ) -> Result<Vec<(usize, usize, Decimal)>, Error> {
        let mut out = Vec::new();
        for (k, mv) in self.movers.iter().enumerate() {
            let tier = mover_tier(book, mv, at)?;
            let p = book.position(mv.position)?;
            let floor = book.tiers_of(p)?.tier(tier)?.floor;
            if tier > 0 && notional_at(mv, at)? == Some(floor) {
                out.push((k, tier.saturating_sub(1), floor));
            }
        }
        Ok(out)
    }

    /// An asset whose balance sits exactly on one of its collateral tiers'
    /// floors at `at` (with tiers applied to the whole balance its counted
    /// value jumps there): its name, the floor, and that price as
    /// `Pool::crossing_t` computes it.
    pub(crate) fn pool_floor_at(
        &self,
        book: &Book,
        at: Decimal,
    ) -> Result<Option<(String, Decimal, Expr)>, Error> {
        for pool in &self.pools {
            let asset = book.collateral.asset(pool.asset)?;
            let val = &asset.valuation;
            for slice in &val.slices {
                if pool.crossing_t(book, slice.floor).ok() != Some(at) {
                    continue;
                }
                let name = &asset.name;
                let floor = v_floor(slice.floor, name);
                let (u0, u1) = (
                    v(
                        "U₀",
                        pool.u.a,
                        format!("{name} held and the PnL settled in it, in USD, at P = 0"),
                    ),
                    v("U′", pool.u.b, "how that balance changes per unit of P"),
                );
                let expr = match val.unit {
                    TierUnit::Value => quot(negative(diff(u0, floor)), u1),
                    TierUnit::Quantity => quot(
                        negative(diff(
                            u0,
                            prod(vec![
                                v("Pₐ₀", pool.p.a, format!("{name}'s price at P = 0")),
                                floor.clone(),
                            ]),
                        )),
                        diff(
                            u1,
                            prod(vec![
                                v("Pₐ′", pool.p.b, format!("{name}'s price per unit of P")),
                                floor,
                            ]),
                        ),
                    ),
                };
                return Ok(Some((name.clone(), slice.floor, expr)));
            }
        }
        Ok(None)
    }

    /// Mover `k`'s position.
    pub(crate) fn mover_position(&self, k: usize) -> Option<usize> {
        self.movers.get(k).map(|m| m.position)
    }
}

fn v_floor(floor: Decimal, name: &str) -> Expr {
    v(
        "floor",
        floor,
        format!("the floor of {name}'s collateral tier"),
    )
}

fn zero() -> Expr {
    v("0", Decimal::ZERO, "nothing")
}

/// A mover's tier notional at `at` (`None`: measured at entry).
fn notional_at(mv: &Mover, at: Decimal) -> Result<Option<Decimal>, Error> {
    use crate::num::Checked;
    Ok(match &mv.req {
        Req::Notional { qa, qb, .. } => Some(qa.plus(qb.times(at)?)?),
        Req::Coin { n, price, .. } => Some(n.over(price.a.plus(price.b.times(at)?)?)?),
        Req::Entry { .. } => None,
    })
}

fn mover_tier(book: &Book, mv: &Mover, at: Decimal) -> Result<usize, Error> {
    let p = book.position(mv.position)?;
    Ok(match (&mv.req, notional_at(mv, at)?) {
        (Req::Entry { tier, .. }, _) => *tier,
        (_, Some(n)) => book.tiers_of(p)?.index_for(n),
        (_, None) => 0,
    })
}

/// `units × P_asset` of a coin counted in full.
fn holding(
    book: &Book,
    line: &Line,
    price: &AssetPrice,
    units: Decimal,
) -> Result<LineTerm, Error> {
    let u = v("u", units, "units held");
    Ok(match *price {
        AssetPrice::Fixed(p) => LineTerm {
            label: "a coin at a fixed price".to_owned(),
            a: prod(vec![u, v("Pₐ", p, "its price")]),
            b: zero(),
            tier: None,
        },
        AssetPrice::Follows {
            market,
            intercept,
            slope,
        } => {
            let symbol = &book.market(market)?.symbol;
            let moving = !line.slope(market)?.is_zero();
            if !moving {
                use crate::num::Checked;
                let p = intercept.plus(slope.times(line.intercept(market)?)?)?;
                return Ok(LineTerm {
                    label: format!("a coin priced by {symbol}, at its price"),
                    a: prod(vec![
                        u,
                        v("Pₐ", p, format!("its price with {symbol} where it is")),
                    ]),
                    b: zero(),
                    tier: None,
                });
            }
            let (a, b) = if intercept.is_zero() && slope == Decimal::ONE {
                (zero(), u)
            } else {
                (
                    prod(vec![u.clone(), v("c", intercept, "its price's constant")]),
                    prod(vec![
                        u,
                        v("k", slope, format!("its price per unit of {symbol}")),
                    ]),
                )
            };
            LineTerm {
                label: format!("a coin priced by {symbol}: units × its price"),
                a,
                b,
                tier: None,
            }
        }
    })
}

/// The settle price factor of a linear market (none when 1).
fn settle(m: &Market, s: &str) -> Option<Expr> {
    match m.contract {
        ContractKind::Linear { settle_price } if settle_price != Decimal::ONE => Some(v(
            &format!("k{s}"),
            settle_price,
            "USD per unit of the settle asset",
        )),
        _ => None,
    }
}

fn times_k(e: Expr, k: &Option<Expr>) -> Expr {
    match k {
        Some(k) => prod(vec![e, k.clone()]),
        None => e,
    }
}

/// Position `mv`'s `PnL − (requirement + venue extras)` on the piece
/// where it is in `tier`: `Mover::term` on the axis line, written out in
/// the same operations (so that it evaluates to the solver's very digits).
fn mover_term(
    book: &Book,
    mv: &Mover,
    tier: usize,
    at: Decimal,
    pooled: bool,
) -> Result<LineTerm, Error> {
    let i = mv.position;
    let p = book.position(i)?;
    let m = book.market(p.market)?;
    let t = book.tiers_of(p)?.tier(tier)?;
    let s = sub(i);
    let name = position_label(book, i)?;
    let side = v(&format!("s{s}"), p.side.sign(), "side: +1 long, −1 short");
    let q = v(&format!("q{s}"), p.size, "size");
    let ep = v(&format!("EP{s}"), p.entry, "entry price");
    let number = tier.saturating_add(1);
    let mmr = v(
        &format!("mmr{s}"),
        t.mmr,
        format!("tier {number}'s maintenance rate"),
    );
    let cum = v(
        &format!("cum{s}"),
        t.cum,
        format!("tier {number}'s maintenance amount"),
    );
    let r = v(&format!("r{s}"), p.extra_rate, "rate the venue's rules add");
    let fixed = v(
        &format!("F{s}"),
        p.extra_fixed,
        "amount the venue's rules add",
    );
    let extras = !(p.extra_rate.is_zero() && p.extra_fixed.is_zero());
    let k = settle(m, &s);
    // (pnl, requirement, extras), each `(a, b)`.
    let (pnl, req, extra, notional) = match m.contract {
        ContractKind::Linear { .. } => {
            let at_zero = times_k(
                negative(prod(vec![side.clone(), q.clone(), ep.clone()])),
                &k,
            );
            // Mango's unsettled PnL is part of the PnL (`rules::unrealized_pnl`).
            let at_zero = if p.unsettled.is_zero() {
                at_zero
            } else {
                sum(vec![
                    at_zero,
                    times_k(
                        v(
                            &format!("U{s}"),
                            p.unsettled,
                            "its unsettled PnL (settle units)",
                        ),
                        &k,
                    ),
                ])
            };
            let pnl = (at_zero, times_k(prod(vec![side, q.clone()]), &k));
            let (req, notional) = match m.mm_basis {
                MmBasis::Mark => (
                    (
                        times_k(negative(cum), &k),
                        times_k(prod(vec![q.clone(), mmr]), &k),
                    ),
                    prod(vec![q.clone(), v("P", at, "the price")]),
                ),
                MmBasis::Entry => (
                    (
                        times_k(diff(prod(vec![q.clone(), ep.clone(), mmr]), cum), &k),
                        zero(),
                    ),
                    prod(vec![q.clone(), ep]),
                ),
            };
            let extra = (times_k(fixed, &k), times_k(prod(vec![r, q]), &k));
            (pnl, req, extra, notional)
        }
        ContractKind::Inverse { contract_size } => {
            let n = prod(vec![
                q,
                v(&format!("cs{s}"), contract_size, "contract size (USD)"),
            ]);
            let pnl = (
                negative(prod(vec![side.clone(), n.clone()])),
                prod(vec![side, quot(n.clone(), ep.clone())]),
            );
            let (req, notional) = match m.mm_basis {
                MmBasis::Mark => (
                    (prod(vec![n.clone(), mmr]), negative(cum)),
                    quot(n.clone(), v("P", at, "the price")),
                ),
                MmBasis::Entry => {
                    let coins = quot(n.clone(), ep);
                    ((zero(), diff(prod(vec![coins.clone(), mmr]), cum)), coins)
                }
            };
            let extra = (prod(vec![r, n]), fixed);
            (pnl, req, extra, notional)
        }
    };
    let less = |pnl: Expr, req: Expr, extra: Expr| -> Expr {
        let req = if extras { sum(vec![req, extra]) } else { req };
        if pooled {
            negative(req)
        } else {
            diff(pnl, req)
        }
    };
    let mut a = less(pnl.0, req.0, extra.0);
    let mut b = less(pnl.1, req.1, extra.1);
    let mut label = if pooled {
        format!("{name}: − maintenance (its PnL counts with its settle asset)")
    } else {
        format!("{name}: PnL − maintenance")
    };
    if let Some((w, h, _)) = mv.health {
        // Mango: its health `H`, weighted where it is positive at `at`.
        use crate::num::Checked;
        if h.a.plus(h.b.times(at)?)? > Decimal::ZERO {
            let w = v(&format!("w{s}"), w, "weight of a positive health (Mango)");
            a = prod(vec![a, w.clone()]);
            b = prod(vec![b, w]);
            label = format!("{name}: health = PnL − maintenance, × its weight (positive here)");
        } else {
            label = format!("{name}: health = PnL − maintenance (negative here: in full)");
        }
    }
    let tiers = book.tiers_of(p)?;
    Ok(LineTerm {
        label,
        a,
        b,
        tier: Some(TierChoice::new(
            book,
            i,
            tier,
            tiers.tiers().len(),
            notional,
        )?),
    })
}

/// A coin not counted in full, with the PnL settled in it: its counted
/// value on the collateral piece in force, `w·U + c·Pₐ + k` (`Pool::term`).
fn pool_term(book: &Book, pool: &Pool, at: Decimal) -> Result<LineTerm, Error> {
    use crate::num::Checked;
    let asset = book.collateral.asset(pool.asset)?;
    let val: &Valuation = &asset.valuation;
    let u_at = pool.u.a.plus(pool.u.b.times(at)?)?;
    let p_at = pool.p.a.plus(pool.p.b.times(at)?)?;
    let piece = val.piece(u_at, p_at)?;
    let name = &asset.name;
    let w = v(
        "w",
        piece.on_u,
        match piece.index {
            0 => format!("weight of a negative {name} balance"),
            k => format!("{name}'s collateral ratio in its tier {k}"),
        },
    );
    let (on_p, c) = (piece.on_price, piece.constant);
    let mut a = vec![prod(vec![
        w.clone(),
        v(
            "U₀",
            pool.u.a,
            format!("{name} held and the PnL settled in it, in USD, at P = 0"),
        ),
    ])];
    let mut b = vec![prod(vec![
        w,
        v("U′", pool.u.b, "how that balance changes per unit of P"),
    ])];
    if !on_p.is_zero() {
        let unit = match val.unit {
            TierUnit::Quantity => "USD per coin of the tiers below",
            TierUnit::Value => "",
        };
        let cp = v("cₚ", on_p, unit);
        a.push(prod(vec![
            cp.clone(),
            v("Pₐ₀", pool.p.a, format!("{name}'s price at P = 0")),
        ]));
        b.push(prod(vec![
            cp,
            v("Pₐ′", pool.p.b, format!("{name}'s price per unit of P")),
        ]));
    }
    if !c.is_zero() {
        a.push(v("c", c, "what the tiers below add"));
    }
    Ok(LineTerm {
        label: format!("{name} at its collateral ratio (with the PnL settled in it)"),
        a: one_or_sum(a),
        b: one_or_sum(b),
        tier: None,
    })
}

fn one_or_sum(mut terms: Vec<Expr>) -> Expr {
    if terms.len() == 1 {
        if let Some(t) = terms.pop() {
            return t;
        }
    }
    sum(terms)
}
