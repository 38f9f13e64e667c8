//! A group's surplus along a line as linear pieces: built once (the
//! breakpoints sorted), scanned for any balance.
//!
//! The surplus is a sum of terms, each linear between its breakpoints:
//!
//! * a *mover* — a position whose market moves on the line: its PnL less
//!   its maintenance margin. A linear contract's requirement changes tier
//!   where `q·P(t)` reaches a floor; an inverse contract's where its coin
//!   notional `N/P(t)` does, and in USD it is `N·mmr − cum·P(t)`; a
//!   requirement measured at the entry price keeps its tier;
//! * a *holding* — a coin counted in full whose price follows a market:
//!   `units·P_a(t)`, linear, no breakpoint;
//! * a *pool* — an asset not counted in full, with the PnL of the members
//!   settled in it: its value `piece(U(t))` changes piece where its balance
//!   `U(t)` changes sign or reaches a collateral tier (`crate::collateral`).
//!
//! A scan walks the pieces with an f64 *guide* of the coefficients `A + B·t`
//! (kept up to date at each breakpoint), which only decides which pieces
//! certainly keep one sign. Every piece the guide cannot vouch for (it holds,
//! or comes near, a sign change) is redone exactly: its `(A, B)` summed in
//! `Decimal` from the pieces in force (remembered, so scanning the same
//! surface again with another balance, as the analyzer does, costs only the
//! walk) and its root found by an exact division. Results are therefore
//! exact; the f64s only decide where to look.
use std::cell::RefCell;

mod explain;
pub(crate) use explain::LineTerm;

use rust_decimal::Decimal;

use super::{Boundary, Crossing, Funds, Line, Range, Scan};
use crate::book::Book;
use crate::collateral::{AssetPrice, Valuation};
use crate::error::Error;
use crate::market::{ContractKind, Market, MmBasis};
use crate::num::{neg, Checked};
use crate::position::Position;
use crate::rules::{contract_value, unrealized_pnl};
use crate::scenario::TierUnit;
use crate::tiers::{f64_of, Tier};

/// The linear coefficients of a piece, `A + B·t`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Coef {
    a: Decimal,
    b: Decimal,
}

impl Coef {
    fn add(self, o: Coef) -> Result<Coef, Error> {
        Ok(Coef {
            a: self.a.plus(o.a)?,
            b: self.b.plus(o.b)?,
        })
    }

    fn sub(self, o: Coef) -> Result<Coef, Error> {
        Ok(Coef {
            a: self.a.minus(o.a)?,
            b: self.b.minus(o.b)?,
        })
    }

    fn scale(self, k: Decimal) -> Result<Coef, Error> {
        if k == Decimal::ONE {
            return Ok(self);
        }
        Ok(Coef {
            a: self.a.times(k)?,
            b: self.b.times(k)?,
        })
    }

    fn guide(self) -> Guide {
        Guide {
            a: f64_of(self.a),
            b: f64_of(self.b),
        }
    }
}

/// The guide's copy of [`Coef`].
#[derive(Debug, Clone, Copy, Default)]
struct Guide {
    a: f64,
    b: f64,
}

impl Guide {
    fn at(self, t: f64) -> f64 {
        self.a + self.b * t
    }
}

/// A price on the line, `a + b·t`, of a market or an asset.
fn price_line(line: &Line, price: &AssetPrice) -> Result<Coef, Error> {
    match *price {
        AssetPrice::Fixed(p) => Ok(Coef {
            a: p,
            b: Decimal::ZERO,
        }),
        AssetPrice::Follows {
            market,
            intercept,
            slope,
        } => {
            let (a, b) = (line.intercept(market)?, line.slope(market)?);
            if intercept.is_zero() && slope == Decimal::ONE {
                return Ok(Coef { a, b });
            }
            Ok(Coef {
                a: intercept.plus(slope.times(a)?)?,
                b: slope.times(b)?,
            })
        }
    }
}

/// [`crate::rules::requirement_extras`] in USD on the line, the market's
/// price at `a + b·t`: linear `(rate·q·P + fixed)·settle price`, inverse
/// `rate·N + fixed·P` — the same sums as `rules::figures` adds.
fn extras_line(m: &Market, p: &Position, price: Coef) -> Result<Coef, Error> {
    if p.extra_rate.is_zero() && p.extra_fixed.is_zero() {
        return Ok(Coef::default());
    }
    match m.contract {
        ContractKind::Linear { settle_price } => {
            let per_price = p.extra_rate.times(p.size)?;
            Coef {
                a: per_price.times(price.a)?.plus(p.extra_fixed)?,
                b: per_price.times(price.b)?,
            }
            .scale(settle_price)
        }
        ContractKind::Inverse { .. } => Ok(Coef {
            a: p.extra_rate
                .times(contract_value(m, p)?)?
                .plus(p.extra_fixed.times(price.a)?)?,
            b: p.extra_fixed.times(price.b)?,
        }),
    }
}

/// How a mover's requirement depends on `t`.
#[derive(Debug, Clone)]
enum Req {
    /// Linear on the mark: quote notional `qa + qb·t`; the requirement is
    /// `scale·tier.margin(notional)`.
    Notional {
        qa: Decimal,
        qb: Decimal,
        scale: Decimal,
        f: [f64; 3],
    },
    /// Inverse on the mark: coin notional `n/(a + b·t)`; the requirement
    /// is `n·mmr − cum·(a + b·t)`.
    Coin {
        n: Decimal,
        price: Coef,
        f: [f64; 3],
    },
    /// On the entry price: one tier, requirement `on` (USD).
    Entry { tier: usize, on: Coef },
}

/// One moving member's term on the line.
#[derive(Debug, Clone)]
struct Mover {
    position: usize,
    /// Its PnL (zero when it is valued in a pool).
    pnl: Coef,
    pnl_f: Guide,
    req: Req,
    /// What the venue rules add to the requirement in every tier (USD,
    /// `rules::requirement_extras` on the line): zero for most markets.
    extra: Coef,
    extra_f: Guide,
    /// The fee to close a venue counts inside the bankruptcy price too
    /// (USD on the line; `Position::bankruptcy_fee`): zero for most.
    bank: Coef,
    bank_f: Guide,
    /// Under Mango's health rule: the weight of a positive health and the
    /// health `H = PnL − MM` on the line (flat rate: linear). Its term is
    /// `H` below zero and `weight·H` above (states 0 and 1), with no
    /// requirement beside it.
    health: Option<(Decimal, Coef, Guide)>,
}

impl Mover {
    fn new(book: &Book, i: usize, line: &Line, pooled: bool) -> Result<Mover, Error> {
        let p = book.position(i)?;
        let m = book.market(p.market)?;
        let price = Coef {
            a: line.intercept(p.market)?,
            b: line.slope(p.market)?,
        };
        let pnl = if pooled {
            Coef::default()
        } else {
            pnl_line(book, i, price)?
        };
        let req = match (m.contract, m.mm_basis) {
            (ContractKind::Linear { settle_price }, MmBasis::Mark) => {
                let (qa, qb) = (p.size.times(price.a)?, p.size.times(price.b)?);
                Req::Notional {
                    qa,
                    qb,
                    scale: settle_price,
                    f: [f64_of(qa), f64_of(qb), f64_of(settle_price)],
                }
            }
            (ContractKind::Inverse { .. }, MmBasis::Mark) => {
                let n = contract_value(m, p)?;
                Req::Coin {
                    n,
                    price,
                    f: [f64_of(n), f64_of(price.a), f64_of(price.b)],
                }
            }
            (_, MmBasis::Entry) => {
                let notional = crate::rules::tier_notional(m, p, p.entry)?;
                let mm = m.tiers.maintenance(notional)?;
                let on = match m.contract {
                    ContractKind::Linear { settle_price } => Coef {
                        a: crate::collateral::units_value(mm.margin, settle_price)?,
                        b: Decimal::ZERO,
                    },
                    ContractKind::Inverse { .. } => price.scale(mm.margin)?,
                };
                Req::Entry { tier: mm.tier, on }
            }
        };
        let extra = extras_line(m, p, price)?;
        let bank = if p.bankruptcy_fee.is_zero() {
            Coef::default()
        } else {
            match m.contract {
                ContractKind::Linear { settle_price } => Coef {
                    a: crate::collateral::units_value(p.bankruptcy_fee, settle_price)?,
                    b: Decimal::ZERO,
                },
                ContractKind::Inverse { .. } => price.scale(p.bankruptcy_fee)?,
            }
        };
        let mut mv = Mover {
            position: i,
            pnl,
            pnl_f: pnl.guide(),
            req,
            extra,
            extra_f: extra.guide(),
            bank,
            bank_f: bank.guide(),
            health: None,
        };
        if let Some(w) = m.health {
            // One tier (validated): its requirement makes the health.
            let h = mv.term(Some(m.tiers.tier(0)?))?;
            mv.health = Some((w, h, h.guide()));
        }
        Ok(mv)
    }

    /// A health mover's term in `state` (0: `H < 0`, 1: weighted), or at
    /// bankruptcy its PnL alone.
    fn health_term(&self, boundary: Boundary, state: usize) -> Result<Option<Coef>, Error> {
        let Some((w, h, _)) = self.health else {
            return Ok(None);
        };
        Ok(Some(match (boundary, state) {
            (Boundary::Bankruptcy, _) => self.pnl,
            (Boundary::Liquidation, 0) => h,
            (Boundary::Liquidation, _) => h.scale(w)?,
        }))
    }

    /// The guide's copy of [`Mover::health_term`].
    fn health_term_f(&self, boundary: Boundary, state: usize) -> Option<Guide> {
        let (w, _, g) = self.health?;
        Some(match (boundary, state) {
            (Boundary::Bankruptcy, _) => self.pnl_f,
            (Boundary::Liquidation, 0) => g,
            (Boundary::Liquidation, _) => {
                let w = f64_of(w);
                Guide {
                    a: w * g.a,
                    b: w * g.b,
                }
            }
        })
    }

    /// The exact term `A + B·t` with the requirement of `tier` (`None`: no
    /// requirement).
    fn term(&self, tier: Option<&Tier>) -> Result<Coef, Error> {
        let Some(t) = tier else {
            // Bankruptcy: the balance meets the fee counted inside it.
            if self.bank == Coef::default() {
                return Ok(self.pnl);
            }
            return self.pnl.sub(self.bank);
        };
        let req = match &self.req {
            Req::Notional { qa, qb, scale, .. } => {
                if t.mmr.is_zero() && t.cum.is_zero() {
                    return self.pnl.sub(self.extra);
                }
                Coef {
                    a: t.margin(*qa)?,
                    b: t.margin_slope(*qb)?,
                }
                .scale(*scale)?
            }
            Req::Coin { n, price, .. } => Coef {
                a: n.times(t.mmr)?.minus(t.cum.times(price.a)?)?,
                b: neg(t.cum.times(price.b)?),
            },
            Req::Entry { on, .. } => *on,
        };
        self.pnl.sub(req.add(self.extra)?)
    }

    /// The guide's copy of [`Mover::term`].
    fn term_f(&self, tier: Option<&Tier>) -> Guide {
        let Some(t) = tier else {
            return Guide {
                a: self.pnl_f.a - self.bank_f.a,
                b: self.pnl_f.b - self.bank_f.b,
            };
        };
        let req = match &self.req {
            Req::Notional { f: [qa, qb, k], .. } => Guide {
                a: k * (qa * t.approx.mmr - t.approx.cum),
                b: k * qb * t.approx.mmr,
            },
            Req::Coin { f: [n, a, b], .. } => Guide {
                a: n * t.approx.mmr - t.approx.cum * a,
                b: -t.approx.cum * b,
            },
            Req::Entry { on, .. } => on.guide(),
        };
        Guide {
            a: self.pnl_f.a - req.a - self.extra_f.a,
            b: self.pnl_f.b - req.b - self.extra_f.b,
        }
    }

    /// Its tier at `t` (f64, to pick the first piece's); a health mover's
    /// state.
    fn tier_at(&self, book: &Book, t: f64) -> Result<usize, Error> {
        if let Some((_, _, g)) = self.health {
            return Ok(usize::from(g.at(t) >= 0.0));
        }
        let tiers = &book.market(book.position(self.position)?.market)?.tiers;
        let notional = match &self.req {
            Req::Notional { f: [qa, qb, _], .. } => qa + qb * t,
            Req::Coin { f: [n, a, b], .. } => {
                let p = a + b * t;
                if p > 0.0 {
                    n / p
                } else {
                    f64::MAX
                }
            }
            Req::Entry { tier, .. } => return Ok(*tier),
        };
        // A sample inside a piece, away from its ends: the floors' f64
        // copies pick the same tier as the exact ones.
        Ok(tiers
            .tiers()
            .partition_point(|t| t.approx.floor <= notional)
            .saturating_sub(1))
    }

    /// The breakpoints of its tiers: `(t, tier entered moving up in t, floor)`.
    fn breaks(&self, book: &Book, out: &mut Vec<(f64, usize, Decimal)>) -> Result<(), Error> {
        if let Some((_, _, g)) = self.health {
            // The health changes sign: weighted above zero.
            if g.b != 0.0 {
                out.push((-g.a / g.b, usize::from(g.b > 0.0), Decimal::ZERO));
            }
            return Ok(());
        }
        let tiers = book
            .market(book.position(self.position)?.market)?
            .tiers
            .tiers();
        for (k, tier) in tiers.iter().enumerate().skip(1) {
            let below = k.saturating_sub(1);
            match &self.req {
                // Moving up in t, the notional rises through the floor when
                // qb > 0 (entering tier k) and falls through it when qb < 0.
                Req::Notional { f: [qa, qb, _], .. } => {
                    let t = (tier.approx.floor - qa) / qb;
                    out.push((t, if *qb > 0.0 { k } else { below }, tier.floor));
                }
                // A coin notional falls as the price rises.
                Req::Coin { f: [n, a, b], .. } => {
                    if tier.approx.floor > 0.0 {
                        let t = (n / tier.approx.floor - a) / b;
                        out.push((t, if *b > 0.0 { below } else { k }, tier.floor));
                    }
                }
                Req::Entry { .. } => {}
            }
        }
        Ok(())
    }

    /// Exact `t` where its tier notional reaches `floor` (a health mover:
    /// where its health is zero).
    fn crossing_t(&self, floor: Decimal) -> Result<Decimal, Error> {
        if let Some((_, h, _)) = self.health {
            return neg(h.a).over(h.b);
        }
        match &self.req {
            Req::Notional { qa, qb, .. } => floor.minus(*qa)?.over(*qb),
            Req::Coin { n, price, .. } => n.over(floor)?.minus(price.a)?.over(price.b),
            Req::Entry { .. } => Err(Error::internal("an entry-based tier has no breakpoint")),
        }
    }
}

/// What a member whose market does not move puts in its settle asset, and
/// what it requires beside the balance, for `boundary`: at liquidation its
/// figures' own (`Figures::settled`, `Figures::required`); at bankruptcy its
/// PnL, nothing required.
fn at_boundary(f: &crate::rules::Figures, boundary: Boundary) -> (Decimal, Decimal) {
    match boundary {
        Boundary::Liquidation => (f.settled(), f.required()),
        Boundary::Bankruptcy => (f.unrealized_pnl, Decimal::ZERO),
    }
}

/// Position `i`'s PnL along its market's price `a + b·t`.
fn pnl_line(book: &Book, i: usize, price: Coef) -> Result<Coef, Error> {
    let p = book.position(i)?;
    let m = book.market(p.market)?;
    // PnL is linear in the price (inverse too, in USD): its value at the
    // line's start, and its slope from one more point.
    let at0 = unrealized_pnl(m, p, price.a)?;
    let per_price = match m.contract {
        ContractKind::Linear { settle_price } => {
            crate::collateral::units_value(p.side.sign().times(p.size)?, settle_price)?
        }
        ContractKind::Inverse { .. } => {
            p.side.sign().times(contract_value(m, p)?.over(p.entry)?)?
        }
    };
    Ok(Coef {
        a: at0,
        b: per_price.times(price.b)?,
    })
}

/// An asset not counted in full, with the PnL settled in it.
#[derive(Debug, Clone)]
struct Pool {
    asset: usize,
    /// Its USD balance `U(t)` and price `P_a(t)`.
    u: Coef,
    p: Coef,
    u_f: Guide,
    p_f: Guide,
    /// Its liability weight as f64.
    weight_f: f64,
    /// Tiers by quantity with a balance proportional to the price: a
    /// constant quantity (set once the members' PnL is in `u`).
    constant_quantity: bool,
    /// The units held: the quantity, when no member's PnL settles here.
    units: Decimal,
    /// That constant quantity, when it is one.
    quantity: Option<Decimal>,
}

impl Pool {
    fn valuation<'b>(&self, book: &'b Book) -> Result<&'b Valuation, Error> {
        Ok(&book.collateral.asset(self.asset)?.valuation)
    }

    fn term(&self, book: &Book, piece: usize) -> Result<Coef, Error> {
        let v = self.valuation(book)?.piece_at(piece)?;
        Ok(Coef {
            a: v.on_u
                .times(self.u.a)?
                .plus(v.on_price.times(self.p.a)?)?
                .plus(v.constant)?,
            b: v.on_u.times(self.u.b)?.plus(v.on_price.times(self.p.b)?)?,
        })
    }

    fn term_f(&self, book: &Book, piece: usize) -> Result<Guide, Error> {
        // The piece's coefficients from the slices' f64 copies (the scan
        // asks at every breakpoint; no decimal is converted here).
        let v = self.valuation(book)?;
        let (u, pr, c) = match piece.checked_sub(1).and_then(|k| v.slices.get(k)) {
            None => (self.weight_f, 0.0, 0.0),
            Some(s) => match v.unit {
                TierUnit::Value => (s.approx.1, 0.0, s.approx.2),
                TierUnit::Quantity => (s.approx.1, s.approx.2, 0.0),
            },
        };
        Ok(Guide {
            a: u * self.u_f.a + pr * self.p_f.a + c,
            b: u * self.u_f.b + pr * self.p_f.b,
        })
    }

    /// `U(t) − floor·X(t)`, `X` = 1 (tiers by value) or the price (by
    /// quantity): zero where the balance meets the slice starting at `floor`.
    fn edge(&self, unit: TierUnit, floor: Decimal) -> Result<Coef, Error> {
        match unit {
            TierUnit::Value => Ok(Coef {
                a: self.u.a.minus(floor)?,
                b: self.u.b,
            }),
            TierUnit::Quantity => self.u.sub(self.p.scale(floor)?),
        }
    }

    fn edge_f(&self, unit: TierUnit, floor: f64) -> Guide {
        match unit {
            TierUnit::Value => Guide {
                a: self.u_f.a - floor,
                b: self.u_f.b,
            },
            TierUnit::Quantity => Guide {
                a: self.u_f.a - floor * self.p_f.a,
                b: self.u_f.b - floor * self.p_f.b,
            },
        }
    }

    /// Its piece at `t` (f64; exact for a constant quantity).
    fn piece_at(&self, book: &Book, t: f64) -> Result<usize, Error> {
        let v = self.valuation(book)?;
        if v.unit == TierUnit::Quantity && self.u.a.times(self.p.b)? == self.u.b.times(self.p.a)? {
            // U = q·P with q constant: read q where the price is known.
            let (u, p) = if self.p.b.is_zero() || !self.p.a.is_zero() {
                (self.u.a, self.p.a)
            } else {
                (self.u.b, self.p.b)
            };
            if p.is_zero() {
                return Ok(1);
            }
            return v.piece(u, p).map(|x| x.index);
        }
        if self.u_f.at(t) < 0.0 {
            return Ok(0);
        }
        let k = v
            .slices
            .iter()
            .skip(1)
            .take_while(|s| self.edge_f(v.unit, s.approx.0).at(t) >= 0.0)
            .count();
        Ok(k.saturating_add(1))
    }

    /// Breakpoints: slice `k` starts where `edge_k` changes sign; moving up
    /// in t the balance enters piece `k + 1` when the edge rises, else `k`.
    fn breaks(&self, book: &Book, out: &mut Vec<(f64, usize, Decimal)>) -> Result<(), Error> {
        let v = self.valuation(book)?;
        // A balance proportional to the price (a coin no PnL settles in)
        // is a constant quantity: its piece never changes, and every
        // quantity edge would meet the others where the price is 0.
        if v.unit == TierUnit::Quantity && self.u.a.times(self.p.b)? == self.u.b.times(self.p.a)? {
            return Ok(());
        }
        for (k, s) in v.slices.iter().enumerate() {
            let e = self.edge_f(v.unit, s.approx.0);
            if e.b == 0.0 {
                continue;
            }
            let t = -e.a / e.b;
            out.push((t, if e.b > 0.0 { k.saturating_add(1) } else { k }, s.floor));
        }
        Ok(())
    }

    fn crossing_t(&self, book: &Book, floor: Decimal) -> Result<Decimal, Error> {
        let e = self.edge(self.valuation(book)?.unit, floor)?;
        neg(e.a).over(e.b)
    }
}

/// A term entering state `state` (a tier, or a pool's piece) as its edge at
/// `floor` is crossed near `t`. Terms are numbered movers first, then pools.
#[derive(Debug, Clone)]
struct Change {
    t: f64,
    term: usize,
    state: usize,
    floor: Decimal,
}

/// A piece's end: the scan's range end, or a breakpoint (the index in
/// `changes` where it starts).
#[derive(Debug, Clone, Copy)]
enum End {
    Range(Option<Decimal>),
    Break(usize),
}

/// The surplus of a group of positions along a line, in pieces.
#[derive(Debug)]
pub(crate) struct Surface {
    boundary: Boundary,
    range: Range,
    /// The range's ends as f64, for the guide.
    range_f: (Option<f64>, Option<f64>),
    /// The terms with no breakpoint: members whose market does not move,
    /// holdings.
    fixed: Coef,
    movers: Vec<Mover>,
    pools: Vec<Pool>,
    /// Changes inside the range, sorted by (approximate) `t`; changes at
    /// the same `t` form one breakpoint. Piece `k` starts at the `k`-th
    /// breakpoint (piece 0 at the range's start).
    changes: Vec<Change>,
    /// Each term's state on the first piece.
    start: Vec<usize>,
    /// The guide's coefficients on the first piece, without the balance.
    start_guide: Guide,
    /// Exact coefficients (without the balance) of the pieces a scan had to
    /// solve exactly, by the index in `changes` where the piece starts:
    /// another scan of the same surface reuses them.
    exact: RefCell<Vec<(usize, Coef)>>,
}

impl Surface {
    /// The surface of positions `members` of `book`, drawing on `funds`,
    /// along `line` over `range`.
    pub(crate) fn new(
        book: &Book,
        line: &Line,
        members: &[usize],
        funds: &Funds,
        boundary: Boundary,
        range: Range,
    ) -> Result<Surface, Error> {
        let mut fixed = Coef::default();
        for (price, units) in &funds.holdings {
            fixed = fixed.add(price_line(line, price)?.scale(*units)?)?;
        }
        let mut pools = funds
            .pools
            .iter()
            .map(|&(asset, units)| {
                let p = price_line(line, &book.collateral.asset(asset)?.price)?;
                Ok(Pool {
                    asset,
                    u: p.scale(units)?,
                    p,
                    u_f: Guide::default(),
                    p_f: p.guide(),
                    weight_f: f64_of(book.collateral.asset(asset)?.valuation.liability_weight),
                    constant_quantity: false,
                    units,
                    quantity: None,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let mut movers = Vec::with_capacity(members.len());
        for &i in members {
            let p = book.position(i)?;
            let m = book.market(p.market)?;
            let pool = pools.iter_mut().find(|x| m.pooled && x.asset == m.settle);
            let moving = !line.slope(p.market)?.is_zero();
            if let Some(pool) = pool {
                let price = Coef {
                    a: line.intercept(p.market)?,
                    b: line.slope(p.market)?,
                };
                if !moving {
                    // One evaluation: its PnL into the pool, its MM here
                    // (Mango: its health into the pool, nothing here).
                    let f = book.position_figures(i, price.a)?;
                    let (settled, required) = at_boundary(&f, boundary);
                    pool.u.a = pool.u.a.plus(settled)?;
                    if !required.is_zero() {
                        fixed.a = fixed.a.minus(required)?;
                    }
                    continue;
                }
                if m.health.is_some() {
                    // Its weighted health would bend the asset's balance
                    // between the asset's own breakpoints.
                    return Err(Error::new(
                        format!("markets[{}].settle_health", p.market),
                        crate::error::ErrorKind::Malformed {
                            message: format!(
                                "liquidation prices along {} under Mango's health rule need its settle asset counted in full (ratio 1, debt weight 1)",
                                m.symbol
                            ),
                        },
                    ));
                }
                pool.u = pool.u.add(pnl_line(book, i, price)?)?;
                movers.push(Mover::new(book, i, line, true)?);
            } else if moving {
                movers.push(Mover::new(book, i, line, false)?);
            } else {
                let f = book.position_figures(i, line.intercept(p.market)?)?;
                let (settled, required) = at_boundary(&f, boundary);
                fixed.a = fixed.a.plus(settled.minus(required)?)?;
            }
        }
        for pool in &mut pools {
            pool.u_f = pool.u.guide();
            let by_quantity =
                book.collateral.asset(pool.asset)?.valuation.unit == TierUnit::Quantity;
            // No PnL settled here: U = units·P exactly (the common case: a
            // coin held as collateral), else test proportionality.
            let untouched = pool.u == pool.p.scale(pool.units)?;
            pool.constant_quantity = by_quantity
                && (untouched || pool.u.a.times(pool.p.b)? == pool.u.b.times(pool.p.a)?);
            pool.quantity = (by_quantity && untouched).then_some(pool.units);
        }
        let range_f = (range.lo.map(f64_of), range.hi.map(f64_of));
        let mut s = Surface {
            boundary,
            range,
            range_f,
            fixed,
            movers,
            pools,
            changes: Vec::new(),
            start: Vec::new(),
            start_guide: Guide::default(),
            exact: RefCell::new(Vec::new()),
        };
        s.changes = s.collect_changes(book)?;
        s.start = s.first_piece_states(book)?;
        s.start_guide = s.first_guide(book)?;
        Ok(s)
    }

    /// The tier of `mover` at index `tier` for this boundary (`None`: no requirement).
    fn tier<'b>(
        &self,
        book: &'b Book,
        mover: &Mover,
        tier: usize,
    ) -> Result<Option<&'b Tier>, Error> {
        match self.boundary {
            Boundary::Bankruptcy => Ok(None),
            Boundary::Liquidation => {
                let p = book.position(mover.position)?;
                book.tiers_of(p)?.tier(tier).map(Some)
            }
        }
    }

    /// Term `k` (movers, then pools) in state `state`, exactly.
    fn term(&self, book: &Book, k: usize, state: usize) -> Result<Coef, Error> {
        match self.movers.get(k) {
            Some(mv) => match mv.health_term(self.boundary, state)? {
                Some(c) => Ok(c),
                None => mv.term(self.tier(book, mv, state)?),
            },
            None => self
                .pools
                .get(k.saturating_sub(self.movers.len()))
                .ok_or_else(|| Error::internal("term index"))?
                .term(book, state),
        }
    }

    /// The guide's copy of [`Surface::term`].
    fn term_f(&self, book: &Book, k: usize, state: usize) -> Result<Guide, Error> {
        match self.movers.get(k) {
            Some(mv) => match mv.health_term_f(self.boundary, state) {
                Some(g) => Ok(g),
                None => Ok(mv.term_f(self.tier(book, mv, state)?)),
            },
            None => self
                .pools
                .get(k.saturating_sub(self.movers.len()))
                .ok_or_else(|| Error::internal("term index"))?
                .term_f(book, state),
        }
    }

    /// Every breakpoint inside the range, sorted.
    fn collect_changes(&self, book: &Book) -> Result<Vec<Change>, Error> {
        let (lo, hi) = self.range_f;
        let n = self.movers.len();
        let mut out = Vec::with_capacity(n.saturating_add(self.pools.len()).saturating_mul(4));
        let mut breaks = Vec::with_capacity(16);
        for (k, mv) in self.movers.iter().enumerate() {
            if self.boundary == Boundary::Liquidation {
                breaks.clear();
                mv.breaks(book, &mut breaks)?;
                push_changes(&mut out, k, &breaks, lo, hi);
            }
        }
        for (k, pool) in self.pools.iter().enumerate() {
            breaks.clear();
            pool.breaks(book, &mut breaks)?;
            push_changes(&mut out, n.saturating_add(k), &breaks, lo, hi);
        }
        out.sort_unstable_by(|x, y| x.t.total_cmp(&y.t));
        Ok(out)
    }

    /// Each term's state on the first piece, read at a point inside it.
    fn first_piece_states(&self, book: &Book) -> Result<Vec<usize>, Error> {
        let (lo, hi) = self.range_f;
        let first_end = self.changes.first().map(|c| c.t).or(hi);
        let sample = match (lo, first_end) {
            (Some(l), Some(h)) => (l + h) / 2.0,
            (Some(l), None) => l + 1.0,
            (None, Some(h)) => h - 1.0,
            (None, None) => 0.0,
        };
        let mut out = Vec::with_capacity(self.movers.len().saturating_add(self.pools.len()));
        for mv in &self.movers {
            out.push(match self.boundary {
                Boundary::Bankruptcy => 0,
                Boundary::Liquidation => mv.tier_at(book, sample)?,
            });
        }
        for pool in &self.pools {
            out.push(pool.piece_at(book, sample)?);
        }
        Ok(out)
    }

    /// The guide's coefficients on the first piece.
    fn first_guide(&self, book: &Book) -> Result<Guide, Error> {
        let mut g = self.fixed.guide();
        for (k, &state) in self.start.iter().enumerate() {
            let t = self.term_f(book, k, state)?;
            g.a += t.a;
            g.b += t.b;
        }
        Ok(g)
    }

    /// The index in `changes` just past the breakpoint starting at `k`.
    fn breakpoint_end(&self, k: usize) -> usize {
        let t = self.changes.get(k).map(|c| c.t);
        let mut end = k;
        while self.changes.get(end).is_some_and(|c| Some(c.t) == t) {
            end = end.saturating_add(1);
        }
        end
    }

    /// The exact `t` of a piece end.
    fn resolve(&self, book: &Book, end: End) -> Result<Option<Decimal>, Error> {
        match end {
            End::Range(t) => Ok(t),
            End::Break(k) => {
                let c = self
                    .changes
                    .get(k)
                    .ok_or_else(|| Error::internal("empty breakpoint"))?;
                match self.movers.get(c.term) {
                    Some(mv) => mv.crossing_t(c.floor).map(Some),
                    None => self
                        .pools
                        .get(c.term.saturating_sub(self.movers.len()))
                        .ok_or_else(|| Error::internal("term index"))?
                        .crossing_t(book, c.floor)
                        .map(Some),
                }
            }
        }
    }

    /// Exact coefficients (without the balance) of the piece starting at
    /// change `k`, the terms in `states`.
    fn exact(&self, book: &Book, k: usize, states: &[usize]) -> Result<Coef, Error> {
        if let Some((_, c)) = self.exact.borrow().iter().find(|(at, _)| *at == k) {
            return Ok(*c);
        }
        let mut sum = self.fixed;
        for (term, &state) in states.iter().enumerate() {
            sum = sum.add(self.term(book, term, state)?)?;
        }
        self.exact.borrow_mut().push((k, sum));
        Ok(sum)
    }

    /// The statuses along the range when the group's balance is `balance`.
    pub(crate) fn scan(&self, book: &Book, balance: Decimal) -> Result<Scan, Error> {
        let balance_f = f64_of(balance);
        let mut states = self.start.clone();
        let mut g = self.start_guide;
        let mut walk = Walk::default();
        let mut start = End::Range(self.range.lo);
        let mut start_f = self.range_f.0;
        let mut piece_at = 0usize;
        loop {
            let next = self.changes.get(piece_at).map(|c| c.t);
            let (end, end_f) = match next {
                Some(t) => (End::Break(piece_at), Some(t)),
                None => (End::Range(self.range.hi), self.range_f.1),
            };
            match certain_sign(
                Guide {
                    a: g.a + balance_f,
                    b: g.b,
                },
                start_f,
                end_f,
            ) {
                Some(safe) => {
                    let at = if walk.changes(safe) {
                        self.resolve(book, start)?
                    } else {
                        None
                    };
                    walk.status(at, safe);
                }
                None => {
                    let (t0, t1) = (self.resolve(book, start)?, self.resolve(book, end)?);
                    let empty = matches!((t0, t1), (Some(s), Some(e)) if e <= s);
                    if !empty {
                        let c = self.exact(book, piece_at, &states)?;
                        let c = Coef {
                            a: c.a.plus(balance)?,
                            b: c.b,
                        };
                        for (at, safe) in piece(c, t0, t1)?.into_iter().flatten() {
                            walk.status(at, safe);
                        }
                    }
                }
            }
            let Some(t) = next else { break };
            // Apply every change at this breakpoint.
            let end = self.breakpoint_end(piece_at);
            for c in self.changes.get(piece_at..end).unwrap_or(&[]) {
                let slot = states
                    .get_mut(c.term)
                    .ok_or_else(|| Error::internal("term index"))?;
                let old = self.term_f(book, c.term, *slot)?;
                let new = self.term_f(book, c.term, c.state)?;
                g.a += new.a - old.a;
                g.b += new.b - old.b;
                *slot = c.state;
            }
            start = End::Break(piece_at);
            start_f = Some(t);
            piece_at = end;
        }
        Ok(walk.scan)
    }
}

/// Adds term `term`'s breakpoints that fall inside `(lo, hi)`.
fn push_changes(
    out: &mut Vec<Change>,
    term: usize,
    breaks: &[(f64, usize, Decimal)],
    lo: Option<f64>,
    hi: Option<f64>,
) {
    for &(t, state, floor) in breaks {
        if !t.is_finite() || lo.is_some_and(|lo| t < lo) || hi.is_some_and(|hi| t > hi) {
            continue;
        }
        out.push(Change {
            t,
            term,
            state,
            floor,
        });
    }
}

/// The statuses met so far in a scan.
#[derive(Default)]
struct Walk {
    last: Option<bool>,
    scan: Scan,
}

impl Walk {
    /// Would a status `safe` change the last one?
    fn changes(&self, safe: bool) -> bool {
        self.last.is_some_and(|l| l != safe)
    }

    /// A status `safe` beginning at `at`: the first sets the start; a change
    /// is a crossing.
    fn status(&mut self, at: Option<Decimal>, safe: bool) {
        match self.last {
            None => self.scan.safe_at_start = safe,
            Some(l) if l != safe => {
                if let Some(t) = at {
                    self.scan.crossings.push(Crossing { t, enters: !safe });
                }
            }
            _ => {}
        }
        self.last = Some(safe);
    }
}

/// The guide's verdict on a piece: `Some(safe)` when `A + B·t` certainly
/// keeps one sign over `(start, end)`, `None` when it may change sign there.
fn certain_sign(g: Guide, start: Option<f64>, end: Option<f64>) -> Option<bool> {
    // The value at an end (or the sign of the limit) and its error margin.
    let at = |t: Option<f64>, toward_plus: bool| match t {
        Some(t) => (g.a + g.b * t, (g.a.abs() + (g.b * t).abs()) * 1e-9 + 1e-9),
        None if g.b == 0.0 => (g.a, g.a.abs() * 1e-9 + 1e-9),
        None => (if toward_plus { g.b } else { -g.b }, g.b.abs() * 1e-9),
    };
    let (v0, e0) = at(start, false);
    let (v1, e1) = at(end, true);
    if v0 > e0 && v1 > e1 {
        Some(true)
    } else if v0 < -e0 && v1 < -e1 {
        Some(false)
    } else {
        None
    }
}

/// Sign of `A + B·t`, or of its limit at an unbounded end.
fn sign_at(c: Coef, t: Option<Decimal>, toward_plus: bool) -> Result<i8, Error> {
    let v = match t {
        Some(t) => c.a.plus(c.b.times(t)?)?,
        None if c.b.is_zero() => c.a,
        None if toward_plus => c.b,
        None => neg(c.b),
    };
    Ok(if v > Decimal::ZERO {
        1
    } else if v < Decimal::ZERO {
        -1
    } else {
        0
    })
}

/// The statuses on one linear piece `A + B·t` over `(start, end)`: where
/// each begins and whether it is safe — one status, or two when the piece
/// crosses zero (the only case that needs a division).
type PieceStatuses = [Option<(Option<Decimal>, bool)>; 2];

fn piece(c: Coef, start: Option<Decimal>, end: Option<Decimal>) -> Result<PieceStatuses, Error> {
    let s0 = sign_at(c, start, false)?;
    let s1 = sign_at(c, end, true)?;
    if s0.saturating_mul(s1) < 0 {
        // Strictly opposite signs at the ends: one root inside.
        let root = neg(c.a).over(c.b)?;
        return Ok([Some((start, s0 > 0)), Some((Some(root), s1 > 0))]);
    }
    // No sign change inside: positive inside iff positive at either end.
    Ok([Some((start, s0 > 0 || s1 > 0)), None])
}
