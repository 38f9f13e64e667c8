//! Exact scan of an account's margin surplus along a straight line in price
//! space.
//!
//! Every question about *where* something liquidates is asked along a line:
//! one market's price with the others held (a liquidation price), all prices
//! scaled together (a whole-market move), or the step between two samples of
//! a price path. On the line, market `m`'s price is `a[m] + b[m]·t`, and the
//! surplus of an account
//!
//! ```text
//! g(t) = constant + Σ_i [ side_i·q_i·(P_i(t) − EP_i) − (q_i·P_i(t)·mmr_i − cum_i) ]
//! ```
//!
//! is linear in `t` as long as no position changes tier. Tier changes happen at
//! known `t` (where `q_i·P_i(t)` reaches a tier floor), so `g` is piecewise
//! linear: we sort those breakpoints, keep the linear coefficients `(A, B)`
//! up to date as each position changes tier (O(1) per breakpoint), and solve
//! `A + B·t = 0` exactly on each piece. The account is liquidated where
//! `g ≤ 0`; a [`Crossing`] is a point where that status changes.
//!
//! With venue tables (`cum` continuous) `g` is concave along any line, so it
//! has at most two crossings: a hedged book can liquidate below *and* above
//! the current price. Tables with a discontinuous `cum` are still handled:
//! a jump across zero at a breakpoint is a crossing at that breakpoint.
use rust_decimal::Decimal;

use crate::book::{Book, Position};
use crate::error::{Error, ErrorKind};
use crate::num::Checked;
use crate::state::upnl;

/// Prices along a line: market `m` is at `a[m] + b[m]·t`.
#[derive(Debug, Clone)]
pub struct Line {
    pub a: Vec<Decimal>,
    pub b: Vec<Decimal>,
}

impl Line {
    /// Price of market `m` at `t`.
    pub fn price(&self, m: usize, t: Decimal) -> Result<Decimal, Error> {
        let a = self.a.get(m).copied().unwrap_or_default();
        let b = self.b.get(m).copied().unwrap_or_default();
        if b.is_zero() {
            return Ok(a);
        }
        a.plus(b.times(t)?)
    }

    /// All prices at `t`.
    pub fn prices(&self, t: Decimal) -> Result<Vec<Decimal>, Error> {
        (0..self.a.len()).map(|m| self.price(m, t)).collect()
    }

    fn slope(&self, m: usize) -> Decimal {
        self.b.get(m).copied().unwrap_or_default()
    }

    fn intercept(&self, m: usize) -> Decimal {
        self.a.get(m).copied().unwrap_or_default()
    }
}

/// What the surplus must stay above.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// Maintenance margin: the liquidation boundary.
    Maintenance,
    /// Zero: the bankruptcy boundary.
    Zero,
}

/// A point on the line where the liquidated status changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crossing {
    pub t: Decimal,
    /// `true`: liquidated just after `t` (moving toward larger `t`).
    pub enters: bool,
}

/// The result of a scan over the open interval `(lo, hi)`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scan {
    /// Status just after `lo`: `true` when the account is safe there.
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

    /// Whether the account is safe at `t` (a crossing point itself is on the
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

    /// The first point after the start where the account becomes liquidated.
    pub fn first_entry(&self) -> Option<Decimal> {
        self.crossings.iter().find(|c| c.enters).map(|c| c.t)
    }
}

/// Coefficients `(A, B)` of one position's term `A + B·t` in a given tier.
fn term(p: &Position, line: &Line, mmr: Decimal, cum: Decimal) -> Result<(Decimal, Decimal), Error> {
    let a = line.intercept(p.market);
    let b = line.slope(p.market);
    // A: the term's value extrapolated to t = 0 within this tier.
    let pnl = upnl(p, a)?;
    let mm = p.size.times(a)?.times(mmr)?.minus(cum)?;
    let big_a = pnl.minus(mm)?;
    // B: side·q·b − q·b·mmr.
    let qb = p.size.times(b)?;
    let big_b = p.side.sign().times(qb)?.minus(qb.times(mmr)?)?;
    Ok((big_a, big_b))
}

fn rate(book: &Book, p: &Position, tier: usize, req: Requirement) -> (Decimal, Decimal) {
    match req {
        Requirement::Zero => (Decimal::ZERO, Decimal::ZERO),
        Requirement::Maintenance => match book.markets.get(p.market) {
            Some(m) => {
                let t = m.tiers.tier(tier);
                (t.mmr, t.cum)
            }
            None => (Decimal::ZERO, Decimal::ZERO),
        },
    }
}

struct Event {
    t: Decimal,
    mover: usize,
    tier: usize,
}

/// Scans `g` over `(lo, hi)` (`None` = unbounded) for the positions
/// `members` of `book` on top of `constant` (the wallet part).
pub fn scan(
    book: &Book,
    line: &Line,
    members: &[usize],
    constant: Decimal,
    req: Requirement,
    lo: Option<Decimal>,
    hi: Option<Decimal>,
) -> Result<Scan, Error> {
    // Positions whose market does not move on this line are constants.
    let mut a_sum = constant;
    let mut b_sum = Decimal::ZERO;
    let mut movers: Vec<&Position> = Vec::with_capacity(members.len());
    for &i in members {
        let p = book.positions.get(i).ok_or_else(|| internal("member out of range"))?;
        if line.slope(p.market).is_zero() {
            let price = line.intercept(p.market);
            let mut v = upnl(p, price)?;
            if req == Requirement::Maintenance {
                v = v.minus(crate::state::maintenance(book, p, price)?)?;
            }
            a_sum = a_sum.plus(v)?;
        } else {
            movers.push(p);
        }
    }

    // Tier breakpoints of the movers inside (lo, hi).
    let mut events: Vec<Event> = Vec::new();
    if req == Requirement::Maintenance {
        for (k, p) in movers.iter().enumerate() {
            let tiers = book.markets.get(p.market).map(|m| m.tiers.tiers()).unwrap_or(&[]);
            let (a, b) = (line.intercept(p.market), line.slope(p.market));
            for (n, tier) in tiers.iter().enumerate().skip(1) {
                let t = tier.floor.over(p.size)?.minus(a)?.over(b)?;
                if lo.is_some_and(|lo| t <= lo) || hi.is_some_and(|hi| t >= hi) {
                    continue;
                }
                // Moving up in t, the notional rises through the floor when
                // b > 0 (entering tier n) and falls through it when b < 0.
                let tier = if b > Decimal::ZERO { n } else { n.saturating_sub(1) };
                events.push(Event { t, mover: k, tier });
            }
        }
        events.sort_by_key(|e| e.t);
    }

    // Tiers on the first piece, read at a point inside it.
    let first_end = events.first().map(|e| e.t).or(hi);
    let sample = match (lo, first_end) {
        (Some(l), Some(h)) => l.plus(h)?.over(Decimal::TWO)?,
        (Some(l), None) => l.plus(Decimal::ONE)?,
        (None, Some(h)) => h.minus(Decimal::ONE)?,
        (None, None) => Decimal::ZERO,
    };
    let mut tiers: Vec<usize> = Vec::with_capacity(movers.len());
    let mut terms: Vec<(Decimal, Decimal)> = Vec::with_capacity(movers.len());
    for p in &movers {
        let tier = match (req, book.markets.get(p.market)) {
            (Requirement::Maintenance, Some(m)) => {
                let price = line.price(p.market, sample)?.max(Decimal::ZERO);
                m.tiers.index_for(p.size.times(price)?)
            }
            _ => 0,
        };
        let (mmr, cum) = rate(book, p, tier, req);
        let tb = term(p, line, mmr, cum)?;
        a_sum = a_sum.plus(tb.0)?;
        b_sum = b_sum.plus(tb.1)?;
        tiers.push(tier);
        terms.push(tb);
    }

    let mut out = Scan { safe_at_start: false, crossings: Vec::new() };
    let mut prev: Option<bool> = None;
    let mut push = |at: Option<Decimal>, safe: bool, out: &mut Scan| {
        match (prev, at) {
            (None, _) => out.safe_at_start = safe,
            (Some(p), Some(t)) if p != safe => out.crossings.push(Crossing { t, enters: !safe }),
            _ => {}
        }
        prev = Some(safe);
    };

    let mut start = lo;
    let mut idx = 0usize;
    loop {
        // The piece runs from `start` to the next breakpoint (or `hi`).
        let end = events.get(idx).map(|e| e.t).or(hi);
        let is_empty = matches!((start, end), (Some(s), Some(e)) if e <= s);
        if !is_empty {
            piece(a_sum, b_sum, start, end, &mut |at, safe| push(at, safe, &mut out))?;
        }
        // Apply every tier change at this breakpoint.
        let Some(t) = events.get(idx).map(|e| e.t) else { break };
        while let Some(e) = events.get(idx).filter(|e| e.t == t) {
            let p = movers.get(e.mover).ok_or_else(|| internal("mover out of range"))?;
            let (mmr, cum) = rate(book, p, e.tier, req);
            let new = term(p, line, mmr, cum)?;
            if let (Some(old), Some(slot)) = (terms.get(e.mover).copied(), tiers.get_mut(e.mover)) {
                a_sum = a_sum.minus(old.0)?.plus(new.0)?;
                b_sum = b_sum.minus(old.1)?.plus(new.1)?;
                *slot = e.tier;
            }
            if let Some(slot) = terms.get_mut(e.mover) {
                *slot = new;
            }
            idx = idx.saturating_add(1);
        }
        start = Some(t);
    }
    Ok(out)
}

/// Reports the statuses on one linear piece `A + B·t` over `(start, end)`:
/// calls `emit(point where this status begins, safe)` once or twice.
fn piece(
    a: Decimal,
    b: Decimal,
    start: Option<Decimal>,
    end: Option<Decimal>,
    emit: &mut dyn FnMut(Option<Decimal>, bool),
) -> Result<(), Error> {
    if !b.is_zero() {
        let root = crate::num::neg(a).over(b)?;
        let inside = start.is_none_or(|s| root > s) && end.is_none_or(|e| root < e);
        if inside {
            // Decreasing: safe before the root, liquidated from it on.
            emit(start, b < Decimal::ZERO);
            emit(Some(root), b > Decimal::ZERO);
            return Ok(());
        }
    }
    // No sign change inside: the status is that of any inner point.
    let safe = match (start, end) {
        (Some(s), Some(e)) => a.plus(b.times(s.plus(e)?.over(Decimal::TWO)?)?)? > Decimal::ZERO,
        (Some(_), None) if !b.is_zero() => b > Decimal::ZERO,
        (None, Some(_)) if !b.is_zero() => b < Decimal::ZERO,
        _ => a > Decimal::ZERO,
    };
    emit(start, safe);
    Ok(())
}

fn internal(what: &'static str) -> Error {
    Error::new("", ErrorKind::Arithmetic(what))
}
