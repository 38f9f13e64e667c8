//! A price path walked with latched liquidations (a cascade).
//!
//! Model: between two samples prices move in a straight line. Walking the
//! path, the first point where an open isolated position reaches its
//! maintenance margin, or the cross account reaches its total maintenance
//! margin, is found exactly (not at the next sample) by [`crate::line::scan`].
//! There:
//! * an isolated position closes; its margin leaves the wallet, less what the
//!   residual rule returns (`Returned`: margin balance − fee × notional);
//! * a cross liquidation closes every cross position; the cross wallet is
//!   replaced by what the residual rule returns (`Forfeited`: nothing).
//!
//! A closed position stays closed when the price comes back. Returned
//! residuals go to the cross wallet, so they can delay a later cross
//! liquidation; the walk re-examines the account after every event.
use rust_decimal::Decimal;
use serde::Serialize;

use crate::book::{Book, MarginMode, Prices};
use crate::dec;
use crate::error::{Error, ErrorKind};
use crate::line::{scan, Line, Requirement};
use crate::num::Checked;
use crate::state::{liquidated_value, maintenance, upnl};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventKind {
    /// An isolated position is liquidated.
    Isolated { position: usize },
    /// The cross account is liquidated; these positions close.
    Cross { positions: Vec<usize> },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// Index of the sample the step starts from (the event lies between
    /// sample `step` and `step + 1`, or at sample `step` when `t` is 0).
    pub step: usize,
    /// Fraction of the way from sample `step` to the next.
    #[serde(with = "dec::string")]
    pub t: Decimal,
    /// Prices at the event, one per market.
    #[serde(serialize_with = "dec::vec")]
    pub prices: Vec<Decimal>,
    #[serde(flatten)]
    pub kind: EventKind,
    /// What the wallet loses in this event.
    #[serde(with = "dec::string")]
    pub wallet_lost: Decimal,
    /// Wallet + unrealized PnL of the open positions right after the event.
    #[serde(with = "dec::string")]
    pub account_value_after: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathResult {
    pub events: Vec<Event>,
    /// Whether each position is still open at the end.
    pub open: Vec<bool>,
    /// Wallet at the end (after realised losses).
    #[serde(with = "dec::string")]
    pub wallet: Decimal,
    /// Account value at the last sample.
    #[serde(with = "dec::string")]
    pub final_value: Decimal,
}

struct Walk<'a> {
    book: &'a Book,
    open: Vec<bool>,
    /// Σ open isolated margins + cross wallet.
    isolated: Decimal,
    cross_wallet: Decimal,
    events: Vec<Event>,
}

impl Walk<'_> {
    fn wallet(&self) -> Result<Decimal, Error> {
        self.isolated.plus(self.cross_wallet)
    }

    fn cross_open(&self) -> Vec<usize> {
        self.open_where(MarginMode::Cross)
    }

    fn open_where(&self, mode: MarginMode) -> Vec<usize> {
        self.book
            .positions
            .iter()
            .enumerate()
            .filter(|(i, p)| p.mode == mode && self.open.get(*i).copied().unwrap_or(false))
            .map(|(i, _)| i)
            .collect()
    }

    fn value(&self, prices: &[Decimal]) -> Result<Decimal, Error> {
        let mut v = self.wallet()?;
        for (i, p) in self.book.positions.iter().enumerate() {
            if self.open.get(i).copied().unwrap_or(false) {
                v = v.plus(upnl(p, price(prices, p.market))?)?;
            }
        }
        Ok(v)
    }

    /// Margin balance minus requirement of an open isolated position.
    fn isolated_surplus(&self, i: usize, prices: &[Decimal]) -> Result<(Decimal, Decimal, Decimal), Error> {
        let p = self.book.positions.get(i).ok_or_else(internal)?;
        let px = price(prices, p.market);
        let balance = p.margin.plus(upnl(p, px)?)?;
        let mm = maintenance(self.book, p, px)?;
        Ok((balance, mm, p.size.times(px)?))
    }

    fn cross_surplus(&self, prices: &[Decimal]) -> Result<(Decimal, Decimal, Decimal), Error> {
        let (mut equity, mut mm, mut notional) = (self.cross_wallet, Decimal::ZERO, Decimal::ZERO);
        for i in self.cross_open() {
            let p = self.book.positions.get(i).ok_or_else(internal)?;
            let px = price(prices, p.market);
            equity = equity.plus(upnl(p, px)?)?;
            mm = mm.plus(maintenance(self.book, p, px)?)?;
            notional = notional.plus(p.size.times(px)?)?;
        }
        Ok((equity, mm, notional))
    }

    fn liquidate_isolated(&mut self, i: usize, step: usize, t: Decimal, prices: &[Decimal]) -> Result<(), Error> {
        let (balance, _, notional) = self.isolated_surplus(i, prices)?;
        let p = self.book.positions.get(i).ok_or_else(internal)?;
        let left = liquidated_value(self.book.residual, balance, notional)?;
        if let Some(o) = self.open.get_mut(i) {
            *o = false;
        }
        self.isolated = self.isolated.minus(p.margin)?;
        self.cross_wallet = self.cross_wallet.plus(left)?;
        let lost = p.margin.minus(left)?;
        self.record(step, t, prices, EventKind::Isolated { position: i }, lost)
    }

    fn liquidate_cross(&mut self, step: usize, t: Decimal, prices: &[Decimal]) -> Result<(), Error> {
        let (equity, _, notional) = self.cross_surplus(prices)?;
        let left = liquidated_value(self.book.residual, equity, notional)?;
        let closed = self.cross_open();
        for &i in &closed {
            if let Some(o) = self.open.get_mut(i) {
                *o = false;
            }
        }
        let lost = self.cross_wallet.minus(left)?;
        self.cross_wallet = left;
        self.record(step, t, prices, EventKind::Cross { positions: closed }, lost)
    }

    fn record(&mut self, step: usize, t: Decimal, prices: &[Decimal], kind: EventKind, lost: Decimal) -> Result<(), Error> {
        let after = self.value(prices)?;
        self.events.push(Event {
            step,
            t,
            prices: prices.to_vec(),
            kind,
            wallet_lost: lost,
            account_value_after: after,
        });
        Ok(())
    }

    /// Liquidates everything at or past its boundary at these prices.
    fn settle_point(&mut self, step: usize, t: Decimal, prices: &[Decimal]) -> Result<(), Error> {
        for i in self.open_where(MarginMode::Isolated) {
            let (balance, mm, _) = self.isolated_surplus(i, prices)?;
            if balance <= mm {
                self.liquidate_isolated(i, step, t, prices)?;
            }
        }
        if !self.cross_open().is_empty() {
            let (equity, mm, _) = self.cross_surplus(prices)?;
            if equity <= mm {
                self.liquidate_cross(step, t, prices)?;
            }
        }
        Ok(())
    }
}

/// Walks `samples` (each one price per market) through `book`.
pub fn walk(book: &Book, samples: &[Prices]) -> Result<PathResult, Error> {
    if samples.is_empty() || samples.len() > 100_000 {
        return Err(Error::new(
            "path",
            ErrorKind::CountOutOfRange { count: samples.len() as u64, min: 1, max: 100_000 },
        ));
    }
    for (k, s) in samples.iter().enumerate() {
        if s.0.len() != book.markets.len() {
            return Err(Error::new(format!("path[{k}]"), ErrorKind::Malformed {
                message: format!("expected {} prices, one per market", book.markets.len()),
            }));
        }
        for (m, &p) in s.0.iter().enumerate() {
            let symbol = book.markets.get(m).map(|x| x.symbol.as_str()).unwrap_or("");
            crate::book::price(p).map_err(|e| e.within(&format!("path[{k}].{symbol}")))?;
        }
    }
    let mut w = Walk {
        book,
        open: vec![true; book.positions.len()],
        isolated: book.isolated_total(),
        cross_wallet: book.cross_wallet,
        events: Vec::new(),
    };
    let first = samples.first().map(|s| s.0.clone()).unwrap_or_default();
    w.settle_point(0, Decimal::ZERO, &first)?;
    for (step, pair) in samples.windows(2).enumerate() {
        let (Some(from), Some(to)) = (pair.first(), pair.get(1)) else { continue };
        let b = to.0.iter().zip(&from.0).map(|(y, x)| y.minus(*x)).collect::<Result<Vec<_>, _>>()?;
        let line = Line { a: from.0.clone(), b };
        let mut t0 = Decimal::ZERO;
        loop {
            // The earliest boundary crossed after t0 on this step.
            let mut next: Option<(Decimal, Option<usize>)> = None;
            for i in w.open_where(MarginMode::Isolated) {
                let p = book.positions.get(i).ok_or_else(internal)?;
                let s = scan(book, &line, &[i], p.margin, Requirement::Maintenance, Some(t0), Some(Decimal::ONE))?;
                if let Some(t) = s.first_entry() {
                    if next.is_none_or(|(n, _)| t < n) {
                        next = Some((t, Some(i)));
                    }
                }
            }
            let cross = w.cross_open();
            if !cross.is_empty() {
                let s = scan(book, &line, &cross, w.cross_wallet, Requirement::Maintenance, Some(t0), Some(Decimal::ONE))?;
                if let Some(t) = s.first_entry() {
                    if next.is_none_or(|(n, _)| t < n) {
                        next = Some((t, None));
                    }
                }
            }
            let Some((t, who)) = next else { break };
            let prices = line.prices(t)?;
            // The crossing found is liquidated even if rounding of the exact
            // crossing leaves its surplus a hair above zero; then anything
            // else at its boundary at the same point.
            match who {
                Some(i) => w.liquidate_isolated(i, step, t, &prices)?,
                None => w.liquidate_cross(step, t, &prices)?,
            }
            w.settle_point(step, t, &prices)?;
            t0 = t;
        }
        // A boundary reached exactly at the next sample.
        w.settle_point(step.saturating_add(1), Decimal::ZERO, &to.0)?;
    }
    let last = samples.last().map(|s| s.0.clone()).unwrap_or_default();
    Ok(PathResult { final_value: w.value(&last)?, wallet: w.wallet()?, open: w.open, events: w.events })
}

fn price(prices: &[Decimal], m: usize) -> Decimal {
    prices.get(m).copied().unwrap_or_default()
}

fn internal() -> Error {
    Error::new("", ErrorKind::Arithmetic("position index out of range"))
}
