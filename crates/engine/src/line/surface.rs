//! A group's surplus along a line as a list of linear pieces, built once and
//! scanned for any balance.
//!
//! Building sorts the members' tier breakpoints and keeps, per piece, the
//! surplus's coefficients `A + B·t` as f64 — a *guide* that only decides
//! which pieces certainly keep one sign. A scan walks the pieces with the
//! guide; every piece the guide cannot vouch for (it holds, or comes near, a
//! sign change) is redone exactly: its `(A, B)` summed in `Decimal` from the
//! tiers in force (then remembered, so scanning the same surface again with
//! another balance costs only the walk) and its root found by an exact
//! division. Results are therefore exact; the f64s only decide where to look.
use std::cell::OnceCell;

use rust_decimal::prelude::FromPrimitive;
use rust_decimal::Decimal;

use super::{Boundary, Crossing, Line, Range, Scan};
use crate::book::{Book, Position};
use crate::error::Error;
use crate::num::{neg, Checked};
use crate::rules::unrealized_pnl;
use crate::tiers::{f64_of, Tier};

/// The linear coefficients of a piece, `A + B·t`.
#[derive(Debug, Clone, Copy, Default)]
struct Coef {
    a: Decimal,
    b: Decimal,
}

/// The guide's copy of [`Coef`].
#[derive(Debug, Clone, Copy, Default)]
struct Guide {
    a: f64,
    b: f64,
}

/// The tier-independent parts of one moving member's term on the line.
#[derive(Debug, Clone)]
struct Mover {
    position: usize,
    /// `q·a`, `q·b`, uPnL at `t = 0`, `side·q·b`.
    qa: Decimal,
    qb: Decimal,
    pnl_a: Decimal,
    side_qb: Decimal,
    /// The same as f64, for the guide.
    f: [f64; 4],
}

impl Mover {
    fn new(p: &Position, position: usize, line: &Line) -> Result<Mover, Error> {
        let (a, b) = (line.intercept(p.market)?, line.slope(p.market)?);
        let qb = p.size.times(b)?;
        let (qa, pnl_a, side_qb) = (p.size.times(a)?, unrealized_pnl(p, a)?, p.side.sign().times(qb)?);
        Ok(Mover { position, qa, qb, pnl_a, side_qb, f: [f64_of(qa), f64_of(qb), f64_of(pnl_a), f64_of(side_qb)] })
    }

    /// The exact term `A + B·t` in `tier` (`None`: no requirement):
    /// `A = uPnL(a) − MM(q·a)`, `B = side·q·b − q·b·mmr`.
    fn term(&self, tier: Option<&Tier>) -> Result<Coef, Error> {
        match tier {
            Some(t) if !(t.mmr.is_zero() && t.cum.is_zero()) => Ok(Coef {
                a: self.pnl_a.minus(t.margin(self.qa)?)?,
                b: self.side_qb.minus(t.margin_slope(self.qb)?)?,
            }),
            _ => Ok(Coef { a: self.pnl_a, b: self.side_qb }),
        }
    }

    /// The guide's copy of [`Mover::term`].
    fn term_f(&self, tier: Option<&Tier>) -> Guide {
        let [qa, qb, pnl_a, side_qb] = self.f;
        match tier {
            Some(t) => Guide { a: pnl_a - (qa * t.approx.mmr - t.approx.cum), b: side_qb - qb * t.approx.mmr },
            None => Guide { a: pnl_a, b: side_qb },
        }
    }

    /// Exact `t` where this mover's notional reaches `floor`.
    fn crossing_t(&self, floor: Decimal) -> Result<Decimal, Error> {
        floor.minus(self.qa)?.over(self.qb)
    }
}

/// A mover entering `tier` as its notional crosses `floor` near `t`.
#[derive(Debug, Clone)]
struct TierChange {
    t: f64,
    mover: usize,
    tier: usize,
    floor: Decimal,
}

/// A piece's end: the scan's range end, or a breakpoint (index into `breaks`).
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
    /// The terms of members whose market does not move on the line.
    fixed: Decimal,
    movers: Vec<Mover>,
    /// Tier changes inside the range, sorted by (approximate) `t`.
    changes: Vec<TierChange>,
    /// Breakpoints: the index in `changes` where each group of changes at
    /// one `t` starts. Piece `k` lies between breakpoints `k − 1` and `k`.
    breaks: Vec<usize>,
    /// Each mover's tier on the first piece.
    start_tiers: Vec<usize>,
    /// Per piece: the guide's coefficients, without the balance.
    guide: Vec<Guide>,
    /// Per piece: the exact coefficients without the balance, once needed.
    exact: Vec<OnceCell<Coef>>,
}

impl Surface {
    /// The surface of positions `members` of `book` along `line` over `range`.
    pub(crate) fn new(book: &Book, line: &Line, members: &[usize], boundary: Boundary, range: Range) -> Result<Surface, Error> {
        let mut fixed = Decimal::ZERO;
        let mut movers = Vec::with_capacity(members.len());
        for &i in members {
            let p = book.position(i)?;
            if line.slope(p.market)?.is_zero() {
                let price = line.intercept(p.market)?;
                let mut v = unrealized_pnl(p, price)?;
                if boundary == Boundary::Liquidation {
                    v = v.minus(book.tiers_of(p)?.maintenance(p.size.times(price)?)?.margin)?;
                }
                fixed = fixed.plus(v)?;
            } else {
                movers.push(Mover::new(p, i, line)?);
            }
        }
        let changes = tier_changes(book, &movers, boundary, range)?;
        let mut breaks = Vec::new();
        for (k, c) in changes.iter().enumerate() {
            let starts_group = match k.checked_sub(1).and_then(|j| changes.get(j)) {
                Some(prev) => prev.t != c.t,
                None => true,
            };
            if starts_group {
                breaks.push(k);
            }
        }
        let mut s = Surface {
            boundary,
            range,
            fixed,
            movers,
            changes,
            breaks,
            start_tiers: Vec::new(),
            guide: Vec::new(),
            exact: Vec::new(),
        };
        s.start_tiers = s.first_piece_tiers(book)?;
        s.guide = s.guides(book)?;
        s.exact = (0..s.guide.len()).map(|_| OnceCell::new()).collect();
        Ok(s)
    }

    /// The tier of `mover` at index `tier` for this boundary (`None`: no requirement).
    fn tier<'b>(&self, book: &'b Book, mover: &Mover, tier: usize) -> Result<Option<&'b Tier>, Error> {
        match self.boundary {
            Boundary::Bankruptcy => Ok(None),
            Boundary::Liquidation => {
                let p = book.position(mover.position)?;
                book.tiers_of(p)?.tier(tier).map(Some)
            }
        }
    }

    /// Each mover's tier on the first piece, read at a point inside it.
    fn first_piece_tiers(&self, book: &Book) -> Result<Vec<usize>, Error> {
        if self.boundary == Boundary::Bankruptcy {
            return Ok(vec![0; self.movers.len()]);
        }
        let (lo, hi) = (self.range.lo.map(f64_of), self.range.hi.map(f64_of));
        let first_end = self.changes.first().map(|c| c.t).or(hi);
        let sample = match (lo, first_end) {
            (Some(l), Some(h)) => (l + h) / 2.0,
            (Some(l), None) => l + 1.0,
            (None, Some(h)) => h - 1.0,
            (None, None) => 0.0,
        };
        self.movers
            .iter()
            .map(|mv| {
                let [qa, qb, _, _] = mv.f;
                let notional = Decimal::from_f64((qa + qb * sample).max(0.0)).unwrap_or_default();
                Ok(book.tiers_of(book.position(mv.position)?)?.index_for(notional))
            })
            .collect()
    }

    /// The guide's coefficients of every piece.
    fn guides(&self, book: &Book) -> Result<Vec<Guide>, Error> {
        let mut g = Guide { a: f64_of(self.fixed), b: 0.0 };
        for (mv, &tier) in self.movers.iter().zip(&self.start_tiers) {
            let t = mv.term_f(self.tier(book, mv, tier)?);
            g.a += t.a;
            g.b += t.b;
        }
        let mut out = Vec::with_capacity(self.breaks.len().saturating_add(1));
        out.push(g);
        let mut tiers = self.start_tiers.clone();
        for k in 0..self.breaks.len() {
            for c in self.changes_at(k) {
                let mv = self.movers.get(c.mover).ok_or_else(|| Error::internal("mover index"))?;
                let slot = tiers.get_mut(c.mover).ok_or_else(|| Error::internal("mover index"))?;
                let old = mv.term_f(self.tier(book, mv, *slot)?);
                let new = mv.term_f(self.tier(book, mv, c.tier)?);
                g.a += new.a - old.a;
                g.b += new.b - old.b;
                *slot = c.tier;
            }
            out.push(g);
        }
        Ok(out)
    }

    /// The tier changes at breakpoint `k`.
    fn changes_at(&self, k: usize) -> &[TierChange] {
        let start = self.breaks.get(k).copied().unwrap_or(self.changes.len());
        let end = self.breaks.get(k.saturating_add(1)).copied().unwrap_or(self.changes.len());
        self.changes.get(start..end).unwrap_or(&[])
    }

    /// The exact `t` of a piece end.
    fn resolve(&self, end: End) -> Result<Option<Decimal>, Error> {
        match end {
            End::Range(t) => Ok(t),
            End::Break(k) => {
                let c = self.changes_at(k).first().ok_or_else(|| Error::internal("empty breakpoint"))?;
                let mv = self.movers.get(c.mover).ok_or_else(|| Error::internal("mover index"))?;
                mv.crossing_t(c.floor).map(Some)
            }
        }
    }

    /// Exact coefficients of piece `k` (without the balance), the movers in `tiers`.
    fn exact(&self, book: &Book, k: usize, tiers: &[usize]) -> Result<Coef, Error> {
        let cell = self.exact.get(k).ok_or_else(|| Error::internal("piece index"))?;
        if let Some(c) = cell.get() {
            return Ok(*c);
        }
        let mut sum = Coef { a: self.fixed, b: Decimal::ZERO };
        for (mv, &tier) in self.movers.iter().zip(tiers) {
            let t = mv.term(self.tier(book, mv, tier)?)?;
            sum.a = sum.a.plus(t.a)?;
            sum.b = sum.b.plus(t.b)?;
        }
        // A cell is filled once; a second fill (impossible here) keeps the first.
        let _ = cell.set(sum);
        Ok(sum)
    }

    /// The statuses along the range when the group's balance is `balance`.
    pub(crate) fn scan(&self, book: &Book, balance: Decimal) -> Result<Scan, Error> {
        let balance_f = f64_of(balance);
        let mut tiers = self.start_tiers.clone();
        let mut walk = Walk::default();
        let lo_f = self.range.lo.map(f64_of);
        let hi_f = self.range.hi.map(f64_of);
        for (k, g) in self.guide.iter().enumerate() {
            let start = match k.checked_sub(1) {
                Some(j) => End::Break(j),
                None => End::Range(self.range.lo),
            };
            let start_f = match k.checked_sub(1) {
                Some(j) => self.changes_at(j).first().map(|c| c.t),
                None => lo_f,
            };
            let (end, end_f) = match self.breaks.get(k) {
                Some(_) => (End::Break(k), self.changes_at(k).first().map(|c| c.t)),
                None => (End::Range(self.range.hi), hi_f),
            };
            match certain_sign(Guide { a: g.a + balance_f, b: g.b }, start_f, end_f) {
                Some(safe) => {
                    let at = if walk.changes(safe) { self.resolve(start)? } else { None };
                    walk.status(at, safe);
                }
                None => {
                    let (t0, t1) = (self.resolve(start)?, self.resolve(end)?);
                    let empty = matches!((t0, t1), (Some(s), Some(e)) if e <= s);
                    if !empty {
                        let c = self.exact(book, k, &tiers)?;
                        let c = Coef { a: c.a.plus(balance)?, b: c.b };
                        for (at, safe) in piece(c, t0, t1)?.into_iter().flatten() {
                            walk.status(at, safe);
                        }
                    }
                }
            }
            if self.breaks.get(k).is_some() {
                for c in self.changes_at(k) {
                    *tiers.get_mut(c.mover).ok_or_else(|| Error::internal("mover index"))? = c.tier;
                }
            }
        }
        Ok(walk.scan)
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

/// The movers' tier breakpoints inside `range`, sorted: where `q·(a + b·t)`
/// reaches a tier floor.
fn tier_changes(book: &Book, movers: &[Mover], boundary: Boundary, range: Range) -> Result<Vec<TierChange>, Error> {
    let mut out = Vec::new();
    if boundary == Boundary::Bankruptcy {
        return Ok(out);
    }
    let (lo, hi) = (range.lo.map(f64_of), range.hi.map(f64_of));
    for (k, mv) in movers.iter().enumerate() {
        let tiers = book.tiers_of(book.position(mv.position)?)?.tiers();
        let [qa, qb, _, _] = mv.f;
        let rising = qb > 0.0;
        for (n, tier) in tiers.iter().enumerate().skip(1) {
            let t = (tier.approx.floor - qa) / qb;
            if lo.is_some_and(|lo| t < lo) || hi.is_some_and(|hi| t > hi) {
                continue;
            }
            // Moving up in t, the notional rises through the floor when
            // b > 0 (entering tier n) and falls through it when b < 0.
            let tier_in = if rising { n } else { n.saturating_sub(1) };
            out.push(TierChange { t, mover: k, tier: tier_in, floor: tier.floor });
        }
    }
    out.sort_unstable_by(|x, y| x.t.total_cmp(&y.t));
    Ok(out)
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
