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
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
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

/// Tier-independent parts of one moving position's term on the line.
struct Mover<'a> {
    p: &'a Position,
    /// `q·a`, `q·b`, uPnL at `t = 0`, `side·q·b`.
    qa: Decimal,
    qb: Decimal,
    pnl_a: Decimal,
    side_qb: Decimal,
    /// The same as f64, for the guide.
    f: [f64; 4],
}

impl<'a> Mover<'a> {
    fn new(p: &'a Position, line: &Line) -> Result<Self, Error> {
        let (a, b) = (line.intercept(p.market), line.slope(p.market));
        let qb = p.size.times(b)?;
        let (qa, pnl_a, side_qb) = (p.size.times(a)?, upnl(p, a)?, p.side.sign().times(qb)?);
        Ok(Mover { p, qa, qb, pnl_a, side_qb, f: [f64_of(qa), f64_of(qb), f64_of(pnl_a), f64_of(side_qb)] })
    }

    /// Coefficients `(A, B)` of the term `A + B·t` in a tier `(mmr, cum)`:
    /// `A = uPnL(a) − (q·a·mmr − cum)`, `B = side·q·b − q·b·mmr`.
    #[inline]
    fn term(&self, mmr: Decimal, cum: Decimal) -> Result<(Decimal, Decimal), Error> {
        if mmr.is_zero() && cum.is_zero() {
            return Ok((self.pnl_a, self.side_qb));
        }
        Ok((self.pnl_a.minus(self.qa.times(mmr)?.minus(cum)?)?, self.side_qb.minus(self.qb.times(mmr)?)?))
    }

    #[inline]
    fn term_f(&self, mmr: f64, cum: f64) -> (f64, f64) {
        let [qa, qb, pnl_a, side_qb] = self.f;
        (pnl_a - (qa * mmr - cum), side_qb - qb * mmr)
    }

    /// Exact `t` where this mover's notional reaches `floor`.
    fn crossing_t(&self, floor: Decimal) -> Result<Decimal, Error> {
        floor.minus(self.qa)?.over(self.qb)
    }
}

fn f64_of(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// `(mmr, cum)` of a tier as f64 (the guide's copy).
fn rate_f(book: &Book, p: &Position, tier: usize, req: Requirement) -> (f64, f64) {
    match (req, book.markets.get(p.market)) {
        (Requirement::Maintenance, Some(m)) => {
            let [_, mmr, cum] = m.tiers.tier(tier).approx;
            (mmr, cum)
        }
        _ => (0.0, 0.0),
    }
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

/// A tier change of one mover at (approximately) `t`.
struct Event {
    t: f64,
    mover: usize,
    /// The tier it enters, and the floor whose crossing this is.
    tier: usize,
    floor: Decimal,
}

/// A piece boundary: the scan's start or end, or a tier change.
#[derive(Clone, Copy)]
enum Bound {
    Exact(Option<Decimal>),
    Event(usize),
}

/// Scans `g` over `(lo, hi)` (`None` = unbounded) for the positions
/// `members` of `book` on top of `constant` (the wallet part).
///
/// Speed without giving up exactness: the pieces are ordered and walked
/// with an f64 guide, which only decides which pieces certainly keep one
/// sign. Every piece the guide cannot vouch for (it holds, or comes near, a
/// sign change) is redone exactly: its `(A, B)` summed in `Decimal` from the
/// tiers in force and its root found by an exact division.
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
    let mut fixed = constant;
    let mut movers: Vec<Mover> = Vec::with_capacity(members.len());
    for &i in members {
        let p = book.positions.get(i).ok_or_else(|| internal("member out of range"))?;
        if line.slope(p.market).is_zero() {
            let price = line.intercept(p.market);
            let mut v = upnl(p, price)?;
            if req == Requirement::Maintenance {
                v = v.minus(crate::state::maintenance(book, p, price)?)?;
            }
            fixed = fixed.plus(v)?;
        } else {
            movers.push(Mover::new(p, line)?);
        }
    }
    let (lo_f, hi_f) = (lo.map(f64_of), hi.map(f64_of));

    // Tier breakpoints of the movers inside (lo, hi): q·(a + b·t) = floor.
    let mut events: Vec<Event> = Vec::new();
    if req == Requirement::Maintenance {
        for (k, mv) in movers.iter().enumerate() {
            let tiers = book.markets.get(mv.p.market).map(|m| m.tiers.tiers()).unwrap_or(&[]);
            let [qa, qb, _, _] = mv.f;
            let rising = qb > 0.0;
            for (n, tier) in tiers.iter().enumerate().skip(1) {
                let t = (tier.approx[0] - qa) / qb;
                if lo_f.is_some_and(|lo| t < lo) || hi_f.is_some_and(|hi| t > hi) {
                    continue;
                }
                // Moving up in t, the notional rises through the floor when
                // b > 0 (entering tier n) and falls through it when b < 0.
                let tier_in = if rising { n } else { n.saturating_sub(1) };
                events.push(Event { t, mover: k, tier: tier_in, floor: tier.floor });
            }
        }
        events.sort_unstable_by(|x, y| x.t.total_cmp(&y.t));
    }

    // Tiers on the first piece, read at a point inside it.
    let first_end = events.first().map(|e| e.t).or(hi_f);
    let sample = match (lo_f, first_end) {
        (Some(l), Some(h)) => (l + h) / 2.0,
        (Some(l), None) => l + 1.0,
        (None, Some(h)) => h - 1.0,
        (None, None) => 0.0,
    };
    let mut tiers: Vec<usize> = Vec::with_capacity(movers.len());
    let (mut af, mut bf) = (f64_of(fixed), 0.0f64);
    for mv in &movers {
        let tier = match (req, book.markets.get(mv.p.market)) {
            (Requirement::Maintenance, Some(m)) => {
                let [qa, qb, _, _] = mv.f;
                let notional = Decimal::from_f64((qa + qb * sample).max(0.0)).unwrap_or_default();
                m.tiers.index_for(notional)
            }
            _ => 0,
        };
        let (mmr, cum) = rate_f(book, mv.p, tier, req);
        let (ta, tb) = mv.term_f(mmr, cum);
        af += ta;
        bf += tb;
        tiers.push(tier);
    }

    // Exact (A, B) of the piece with the tiers in force.
    let exact = |tiers: &[usize]| -> Result<(Decimal, Decimal), Error> {
        let (mut a, mut b) = (fixed, Decimal::ZERO);
        for (mv, &tier) in movers.iter().zip(tiers) {
            let (mmr, cum) = rate(book, mv.p, tier, req);
            let (ta, tb) = mv.term(mmr, cum)?;
            a = a.plus(ta)?;
            b = b.plus(tb)?;
        }
        Ok((a, b))
    };
    let resolve = |bound: Bound| -> Result<Option<Decimal>, Error> {
        match bound {
            Bound::Exact(t) => Ok(t),
            Bound::Event(i) => {
                let e = events.get(i).ok_or_else(|| internal("event out of range"))?;
                let mv = movers.get(e.mover).ok_or_else(|| internal("mover out of range"))?;
                mv.crossing_t(e.floor).map(Some)
            }
        }
    };

    let mut out = Scan { safe_at_start: false, crossings: Vec::new() };
    let mut prev: Option<bool> = None;
    let mut start = Bound::Exact(lo);
    let mut start_f = lo_f;
    let mut idx = 0usize;
    loop {
        let (end, end_f) = match events.get(idx) {
            Some(e) => (Bound::Event(idx), Some(e.t)),
            None => (Bound::Exact(hi), hi_f),
        };
        // The guide: f64 values at both ends (or the limit's sign).
        let guide = |t: Option<f64>, plus: bool| match t {
            Some(t) => (af + bf * t, (af.abs() + (bf * t).abs()) * 1e-9 + 1e-9),
            None if bf == 0.0 => (af, af.abs() * 1e-9 + 1e-9),
            None => (if plus { bf } else { -bf }, bf.abs() * 1e-9),
        };
        let (g0, e0) = guide(start_f, false);
        let (g1, e1) = guide(end_f, true);
        let certain = if g0 > e0 && g1 > e1 {
            Some(true)
        } else if g0 < -e0 && g1 < -e1 {
            Some(false)
        } else {
            None
        };
        let mut emit = |at: Bound, safe: bool, out: &mut Scan| -> Result<(), Error> {
            match prev {
                None => out.safe_at_start = safe,
                Some(p) if p != safe => {
                    if let Some(t) = resolve(at)? {
                        out.crossings.push(Crossing { t, enters: !safe });
                    }
                }
                _ => {}
            }
            prev = Some(safe);
            Ok(())
        };
        match certain {
            Some(safe) => emit(start, safe, &mut out)?,
            None => {
                let (t0, t1) = (resolve(start)?, resolve(end)?);
                let empty = matches!((t0, t1), (Some(s), Some(e)) if e <= s);
                if !empty {
                    let (a, b) = exact(&tiers)?;
                    let mut statuses: [(Option<Decimal>, bool); 2] = [(None, false); 2];
                    let mut n = 0usize;
                    piece(a, b, t0, t1, &mut |at, safe| {
                        if let Some(slot) = statuses.get_mut(n) {
                            *slot = (at, safe);
                        }
                        n = n.saturating_add(1);
                    })?;
                    for (k, (at, safe)) in statuses.into_iter().take(n).enumerate() {
                        let bound = if k == 0 { start } else { Bound::Exact(at) };
                        emit(bound, safe, &mut out)?;
                    }
                }
            }
        }
        // Apply every tier change at this breakpoint.
        let Some(t) = events.get(idx).map(|e| e.t) else { break };
        start = Bound::Event(idx);
        start_f = Some(t);
        while let Some(e) = events.get(idx).filter(|e| e.t == t) {
            if let (Some(mv), Some(slot)) = (movers.get(e.mover), tiers.get_mut(e.mover)) {
                let (om, oc) = rate_f(book, mv.p, *slot, req);
                let (nm, nc) = rate_f(book, mv.p, e.tier, req);
                let (oa, ob) = mv.term_f(om, oc);
                let (na, nb) = mv.term_f(nm, nc);
                af += na - oa;
                bf += nb - ob;
                *slot = e.tier;
            }
            idx = idx.saturating_add(1);
        }
    }
    Ok(out)
}

/// Sign of `A + B·t`, or of its limit at an unbounded end.
fn sign_at(a: Decimal, b: Decimal, t: Option<Decimal>, toward_plus: bool) -> Result<i8, Error> {
    let v = match t {
        Some(t) => a.plus(b.times(t)?)?,
        None if b.is_zero() => a,
        None if toward_plus => b,
        None => crate::num::neg(b),
    };
    Ok(if v > Decimal::ZERO {
        1
    } else if v < Decimal::ZERO {
        -1
    } else {
        0
    })
}

/// Reports the statuses on one linear piece `A + B·t` over `(start, end)`:
/// calls `emit(point where this status begins, safe)` once, or twice when
/// the piece crosses zero (the only case that needs a division).
fn piece(
    a: Decimal,
    b: Decimal,
    start: Option<Decimal>,
    end: Option<Decimal>,
    emit: &mut dyn FnMut(Option<Decimal>, bool),
) -> Result<(), Error> {
    let s0 = sign_at(a, b, start, false)?;
    let s1 = sign_at(a, b, end, true)?;
    if s0.saturating_mul(s1) < 0 {
        // Strictly opposite signs at the ends: one root inside.
        let root = crate::num::neg(a).over(b)?;
        emit(start, s0 > 0);
        emit(Some(root), s1 > 0);
        return Ok(());
    }
    // No sign change inside: positive inside iff positive at either end.
    emit(start, s0 > 0 || s1 > 0);
    Ok(())
}

fn internal(what: &'static str) -> Error {
    Error::new("", ErrorKind::Arithmetic(what))
}
