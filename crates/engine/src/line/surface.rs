//! A group's surplus along a line as linear pieces: built once (the
//! members' tier breakpoints sorted), scanned for any balance.
//!
//! A scan walks the pieces with an f64 *guide* of the coefficients `A + B·t`
//! (kept up to date at each breakpoint), which only decides which pieces
//! certainly keep one sign. Every piece the guide cannot vouch for (it holds,
//! or comes near, a sign change) is redone exactly: its `(A, B)` summed in
//! `Decimal` from the tiers in force (remembered, so scanning the same
//! surface again with another balance, as the analyzer does, costs only the
//! walk) and its root found by an exact division. Results are therefore
//! exact; the f64s only decide where to look.
use std::cell::RefCell;

use rust_decimal::prelude::FromPrimitive;
use rust_decimal::Decimal;

use super::{Boundary, Crossing, Line, Range, Scan};
use crate::book::Book;
use crate::error::Error;
use crate::num::{neg, Checked};
use crate::position::Position;
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
        let (qa, pnl_a, side_qb) = (
            p.size.times(a)?,
            unrealized_pnl(p, a)?,
            p.side.sign().times(qb)?,
        );
        Ok(Mover {
            position,
            qa,
            qb,
            pnl_a,
            side_qb,
            f: [f64_of(qa), f64_of(qb), f64_of(pnl_a), f64_of(side_qb)],
        })
    }

    /// The exact term `A + B·t` in `tier` (`None`: no requirement):
    /// `A = uPnL(a) − MM(q·a)`, `B = side·q·b − q·b·mmr`.
    fn term(&self, tier: Option<&Tier>) -> Result<Coef, Error> {
        match tier {
            Some(t) if !(t.mmr.is_zero() && t.cum.is_zero()) => Ok(Coef {
                a: self.pnl_a.minus(t.margin(self.qa)?)?,
                b: self.side_qb.minus(t.margin_slope(self.qb)?)?,
            }),
            _ => Ok(Coef {
                a: self.pnl_a,
                b: self.side_qb,
            }),
        }
    }

    /// The guide's copy of [`Mover::term`].
    fn term_f(&self, tier: Option<&Tier>) -> Guide {
        let [qa, qb, pnl_a, side_qb] = self.f;
        match tier {
            Some(t) => Guide {
                a: pnl_a - (qa * t.approx.mmr - t.approx.cum),
                b: side_qb - qb * t.approx.mmr,
            },
            None => Guide {
                a: pnl_a,
                b: side_qb,
            },
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
    /// The terms of members whose market does not move on the line.
    fixed: Decimal,
    movers: Vec<Mover>,
    /// Tier changes inside the range, sorted by (approximate) `t`; changes
    /// at the same `t` form one breakpoint. Piece `k` starts at the `k`-th
    /// breakpoint (piece 0 at the range's start).
    changes: Vec<TierChange>,
    /// Each mover's tier on the first piece.
    start_tiers: Vec<usize>,
    /// The guide's coefficients on the first piece, without the balance.
    start_guide: Guide,
    /// Exact coefficients (without the balance) of the pieces a scan had to
    /// solve exactly, by the index in `changes` where the piece starts:
    /// another scan of the same surface reuses them.
    exact: RefCell<Vec<(usize, Coef)>>,
}

impl Surface {
    /// The surface of positions `members` of `book` along `line` over `range`.
    pub(crate) fn new(
        book: &Book,
        line: &Line,
        members: &[usize],
        boundary: Boundary,
        range: Range,
    ) -> Result<Surface, Error> {
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
        let range_f = (range.lo.map(f64_of), range.hi.map(f64_of));
        let changes = tier_changes(book, &movers, boundary, range_f)?;
        let mut s = Surface {
            boundary,
            range,
            range_f,
            fixed,
            movers,
            changes,
            start_tiers: Vec::new(),
            start_guide: Guide::default(),
            exact: RefCell::new(Vec::new()),
        };
        s.start_tiers = s.first_piece_tiers(book)?;
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

    /// Each mover's tier on the first piece, read at a point inside it.
    fn first_piece_tiers(&self, book: &Book) -> Result<Vec<usize>, Error> {
        if self.boundary == Boundary::Bankruptcy {
            return Ok(vec![0; self.movers.len()]);
        }
        let (lo, hi) = self.range_f;
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
                Ok(book
                    .tiers_of(book.position(mv.position)?)?
                    .index_for(notional))
            })
            .collect()
    }

    /// The guide's coefficients on the first piece.
    fn first_guide(&self, book: &Book) -> Result<Guide, Error> {
        let mut g = Guide {
            a: f64_of(self.fixed),
            b: 0.0,
        };
        for (mv, &tier) in self.movers.iter().zip(&self.start_tiers) {
            let t = mv.term_f(self.tier(book, mv, tier)?);
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
    fn resolve(&self, end: End) -> Result<Option<Decimal>, Error> {
        match end {
            End::Range(t) => Ok(t),
            End::Break(k) => {
                let c = self
                    .changes
                    .get(k)
                    .ok_or_else(|| Error::internal("empty breakpoint"))?;
                let mv = self
                    .movers
                    .get(c.mover)
                    .ok_or_else(|| Error::internal("mover index"))?;
                mv.crossing_t(c.floor).map(Some)
            }
        }
    }

    /// Exact coefficients (without the balance) of the piece starting at
    /// change `k`, the movers in `tiers`.
    fn exact(&self, book: &Book, k: usize, tiers: &[usize]) -> Result<Coef, Error> {
        if let Some((_, c)) = self.exact.borrow().iter().find(|(at, _)| *at == k) {
            return Ok(*c);
        }
        let mut sum = Coef {
            a: self.fixed,
            b: Decimal::ZERO,
        };
        for (mv, &tier) in self.movers.iter().zip(tiers) {
            let t = mv.term(self.tier(book, mv, tier)?)?;
            sum.a = sum.a.plus(t.a)?;
            sum.b = sum.b.plus(t.b)?;
        }
        self.exact.borrow_mut().push((k, sum));
        Ok(sum)
    }

    /// The statuses along the range when the group's balance is `balance`.
    pub(crate) fn scan(&self, book: &Book, balance: Decimal) -> Result<Scan, Error> {
        let balance_f = f64_of(balance);
        let mut tiers = self.start_tiers.clone();
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
                        self.resolve(start)?
                    } else {
                        None
                    };
                    walk.status(at, safe);
                }
                None => {
                    let (t0, t1) = (self.resolve(start)?, self.resolve(end)?);
                    let empty = matches!((t0, t1), (Some(s), Some(e)) if e <= s);
                    if !empty {
                        let c = self.exact(book, piece_at, &tiers)?;
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
            // Apply every tier change at this breakpoint.
            let end = self.breakpoint_end(piece_at);
            for c in self.changes.get(piece_at..end).unwrap_or(&[]) {
                let mv = self
                    .movers
                    .get(c.mover)
                    .ok_or_else(|| Error::internal("mover index"))?;
                let slot = tiers
                    .get_mut(c.mover)
                    .ok_or_else(|| Error::internal("mover index"))?;
                let old = mv.term_f(self.tier(book, mv, *slot)?);
                let new = mv.term_f(self.tier(book, mv, c.tier)?);
                g.a += new.a - old.a;
                g.b += new.b - old.b;
                *slot = c.tier;
            }
            start = End::Break(piece_at);
            start_f = Some(t);
            piece_at = end;
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
fn tier_changes(
    book: &Book,
    movers: &[Mover],
    boundary: Boundary,
    (lo, hi): (Option<f64>, Option<f64>),
) -> Result<Vec<TierChange>, Error> {
    let mut out = Vec::new();
    if boundary == Boundary::Bankruptcy {
        return Ok(out);
    }
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
            out.push(TierChange {
                t,
                mover: k,
                tier: tier_in,
                floor: tier.floor,
            });
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
