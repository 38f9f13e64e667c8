//! A price path walked with latched liquidations: a cascade (docs/model.md §7).
//!
//! Model: between two samples prices move in a straight line. Walking the
//! path, the first point where an open isolated position reaches its
//! maintenance margin, or the cross account reaches its total maintenance
//! margin, is found exactly (not at the next sample) by the line solver.
//! There:
//! * an isolated position closes; its margin leaves the wallet, less what the
//!   residual rule returns (`Returned`: margin balance − fee × notional);
//! * a cross liquidation closes every cross position; the cross wallet is
//!   replaced by what the residual rule returns (`Forfeited`: nothing).
//!
//! A closed position stays closed when the price comes back. Returned
//! residuals go to the cross wallet, so they can delay a later cross
//! liquidation; the walk re-examines the account after every event.
//!
//! [`PathWalker`] walks incrementally: each new sample extends the walk by one
//! step, so a path recorded while the user drags costs one step per sample.
use rust_decimal::Decimal;
use serde::Serialize;

use crate::book::{Book, Prices};
use crate::collateral::Collateral;
use crate::compare::loss;
use crate::dec;
use crate::error::{Error, ErrorKind};
use crate::line::{scan, Boundary, Line, Range};
use crate::num::Checked;
use crate::position::MarginMode;
use crate::rules::{self, CrossSums};

/// The most samples a path may have.
pub const MAX_SAMPLES: usize = 100_000;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventKind {
    /// An isolated position is liquidated.
    Isolated { position: usize },
    /// The cross account is liquidated; these positions close.
    Cross { positions: Vec<usize> },
    /// Funding fell due at this sample (a timed walk): each open position
    /// in a market with funding paid (negative: received) `paid` in its
    /// settle units, at the sample's price.
    Funding {
        positions: Vec<usize>,
        #[serde(serialize_with = "dec::vec")]
        paid: Vec<Decimal>,
        /// Interest a loan accrued over the step, by asset (in the book's
        /// asset order, in units); empty when there is none.
        #[serde(serialize_with = "dec::vec", skip_serializing_if = "Vec::is_empty")]
        interest: Vec<Decimal>,
        /// Units Binance's auto-exchange then sold (negative) or repaid
        /// (positive), by asset; empty when nothing was exchanged.
        #[serde(serialize_with = "dec::vec", skip_serializing_if = "Vec::is_empty")]
        exchanged: Vec<Decimal>,
        /// Hours since the walk started (its clock less the book's holding
        /// time), as the result's `hours`.
        #[serde(with = "dec::string")]
        hours: Decimal,
        /// What the payments and the interest cost in the account's unit
        /// at the sample's prices (negative: received).
        #[serde(with = "dec::string")]
        cost: Decimal,
    },
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
    /// What the liquidations on the path took from the wallet, in all.
    #[serde(with = "dec::string")]
    pub wallet_lost: Decimal,
    /// Σ maintenance margin of the positions still open, at the last sample.
    #[serde(with = "dec::string")]
    pub maintenance_margin: Decimal,
    /// Hours the walk's clock moved (a timed walk, or time let pass).
    #[serde(with = "dec::string")]
    pub hours: Decimal,
    /// What the funding and interest on the way cost in all, in the
    /// account's unit (Σ of the `funding` events' `cost`; negative: received).
    #[serde(with = "dec::string")]
    pub funding_cost: Decimal,
    /// The margin ratio at the last sample, as the snapshot's: the cross
    /// account's while it has open positions, else the worst open isolated
    /// position's (`None`: nothing open, or no positive balance).
    #[serde(with = "dec::option")]
    pub margin_ratio: Option<Decimal>,
}

/// A walk in progress: the book, who is still open, the wallet so far.
#[derive(Debug, Clone)]
pub struct PathWalker {
    book: Book,
    open: Vec<bool>,
    /// What the cross account holds now (residuals returned included).
    collateral: Collateral,
    events: Vec<Event>,
    /// The last sample walked to, and how many there were.
    last: Option<Prices>,
    samples: usize,
    /// A timed walk: hours from one sample to the next, and the holding
    /// time reached (from the book's own).
    hours_per_step: Option<Decimal>,
    clock: Decimal,
}

impl PathWalker {
    /// A walk of `book` that has not started.
    pub fn new(book: &Book) -> Result<PathWalker, Error> {
        Ok(PathWalker {
            open: vec![true; book.positions.len()],
            collateral: book.collateral.clone(),
            book: book.clone(),
            events: Vec::new(),
            last: None,
            samples: 0,
            hours_per_step: None,
            clock: book.hours,
        })
    }

    /// A walk whose samples are `hours` apart: funding falls due as the
    /// clock passes each payment time (from the book's holding time on),
    /// paid at its own point of the step, at the prices there, out of the
    /// isolated margins and the cross wallet — then anything it takes below
    /// maintenance is liquidated there (`PathWalker::timed_step`).
    pub fn timed(book: &Book, hours: Decimal) -> Result<PathWalker, Error> {
        crate::limits::positive(hours).map_err(|e| e.within("hours_per_step"))?;
        crate::venue::hours(hours).map_err(|e| Error::new("hours_per_step", e.kind))?;
        let mut w = PathWalker::new(book)?;
        w.hours_per_step = Some(hours);
        Ok(w)
    }

    /// Extends the walk to one more sample (one price per market).
    pub fn push(&mut self, sample: &Prices) -> Result<(), Error> {
        let k = self.samples;
        Error::check_count("path", k.saturating_add(1), 1, MAX_SAMPLES)?;
        self.check(k, sample)?;
        match self.last.take() {
            None => self.settle_point(0, Decimal::ZERO, sample)?,
            Some(from) => match self.hours_per_step {
                Some(h) => self.timed_step(k, &from, sample, h)?,
                None => self.step(k.saturating_sub(1), &from, sample)?,
            },
        }
        self.last = Some(sample.clone());
        self.samples = k.saturating_add(1);
        Ok(())
    }

    /// Time passes with prices where they are: `hours` more on the clock,
    /// walked as one more sample at the last sample's prices (the marks
    /// before any) — funding and a loan's interest fall due on the way,
    /// paid as in a timed walk, and anything they drain is liquidated.
    pub fn hold(&mut self, hours: Decimal) -> Result<(), Error> {
        crate::limits::positive(hours).map_err(|e| e.within("hours"))?;
        crate::venue::hours(hours).map_err(|e| Error::new("hours", e.kind))?;
        let sample = match &self.last {
            Some(p) => p.clone(),
            None => {
                let marks = self.book.marks();
                self.push(&marks)?;
                marks
            }
        };
        let k = self.samples;
        Error::check_count("path", k.saturating_add(1), 1, MAX_SAMPLES)?;
        self.timed_step(k, &sample, &sample, hours)?;
        self.samples = k.saturating_add(1);
        Ok(())
    }

    /// The events so far.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The book the walk leaves: the positions still open (in book order;
    /// `.1[k]` is survivor `k`'s index in the walked book) and the wallet
    /// after what the liquidations took. What the page shows of a set-up
    /// after a path (its value chart, its liquidation prices from here on)
    /// is this book's, evaluated by the same rules.
    pub fn survivors(&self) -> Result<(Book, Vec<usize>), Error> {
        let keep: Vec<usize> = (0..self.book.positions.len())
            .filter(|&i| self.is_open(i))
            .collect();
        let mut book = self.book.clone();
        book.positions = keep
            .iter()
            .map(|&i| self.book.position(i).cloned())
            .collect::<Result<Vec<_>, _>>()?;
        let marks = self.book.marks();
        book.wallet = self.wallet(&marks)?;
        book.collateral = self.collateral.clone();
        book.collateral.fold_cash();
        book.cross_wallet = self.collateral.held(&|m| marks.get(m))?;
        book.reindex()?;
        book.retotal()?;
        Ok((book, keep))
    }

    /// The walk's result so far (at the last sample).
    pub fn result(&self) -> Result<PathResult, Error> {
        let (wallet, final_value, standing) = match &self.last {
            Some(p) => (self.wallet(p)?, self.value(p)?, self.standing(p)?),
            None => {
                let w = self.wallet(&self.book.marks())?;
                (w, w, (Decimal::ZERO, None))
            }
        };
        let (mut wallet_lost, mut funding_cost) = (Decimal::ZERO, Decimal::ZERO);
        for e in &self.events {
            wallet_lost = wallet_lost.plus(e.wallet_lost)?;
            if let EventKind::Funding { cost, .. } = &e.kind {
                funding_cost = funding_cost.plus(*cost)?;
            }
        }
        Ok(PathResult {
            events: self.events.clone(),
            open: self.open.clone(),
            wallet,
            final_value,
            wallet_lost,
            maintenance_margin: standing.0,
            margin_ratio: standing.1,
            hours: self.clock.minus(self.book.hours)?,
            funding_cost,
        })
    }

    /// Σ maintenance margin of the open positions and the margin ratio (as
    /// [`crate::VariantAt`]'s totals) at `prices`.
    fn standing(&self, prices: &Prices) -> Result<(Decimal, Option<Decimal>), Error> {
        let cross = self.cross_at(prices)?;
        let mut maintenance = cross.maintenance_margin;
        let mut worst: Option<Decimal> = None;
        for i in self.open_where(MarginMode::Isolated) {
            let (f, s) = self.isolated_at(i, prices)?;
            maintenance = maintenance.plus(f.maintenance_margin)?;
            if let Some(r) = rules::margin_ratio(f.maintenance_margin, s.balance)? {
                worst = Some(worst.map_or(r, |w| w.max(r)));
            }
        }
        let ratio = if cross.count > 0 {
            let equity = cross.equity(&self.collateral, &|m| prices.get(m))?;
            cross.ratio(equity.margin)?
        } else {
            worst
        };
        Ok((maintenance, ratio))
    }

    fn check(&self, k: usize, s: &Prices) -> Result<(), Error> {
        if s.0.len() != self.book.markets.len() {
            return Err(Error::new(
                format!("path[{k}]"),
                ErrorKind::Malformed {
                    message: format!(
                        "expected {} prices, one per market",
                        self.book.markets.len()
                    ),
                },
            ));
        }
        for (market, &p) in self.book.markets.iter().zip(&s.0) {
            crate::book::price(p).map_err(|e| e.within(&format!("path[{k}].{}", market.symbol)))?;
        }
        Ok(())
    }

    /// Walks the straight step from `from` to `to` (sample `step` to `step + 1`).
    fn step(&mut self, step: usize, from: &Prices, to: &Prices) -> Result<(), Error> {
        let line = Line::step(from, to)?;
        self.walk_segment(step, &line, Decimal::ZERO, Decimal::ONE)?;
        // A boundary reached exactly at the next sample.
        self.settle_point(step.saturating_add(1), Decimal::ZERO, to)
    }

    /// A timed walk's step from sample `k − 1` (`from`) to sample `k`
    /// (`to`), `h` hours: each payment time on the way is paid at its own
    /// point of the step (the prices `from` + f·(`to` − `from`), f its
    /// fraction of the hours), after the boundaries crossed before it and
    /// before those after it; a loan's interest at the sample.
    fn timed_step(
        &mut self,
        k: usize,
        from: &Prices,
        to: &Prices,
        h: Decimal,
    ) -> Result<(), Error> {
        let step = k.saturating_sub(1);
        let line = Line::step(from, to)?;
        // Held prices cross no boundary between payments.
        let moving = from != to;
        let start = self.clock;
        // This step's events begin here: a payment is added to the one just
        // before it when that is this step's payment at the same prices.
        let since = self.events.len();
        let mut t0 = Decimal::ZERO;
        for time in self.payment_times(start, start.plus(h)?)? {
            let f = time.minus(start)?.over(h)?;
            if f >= Decimal::ONE {
                break;
            }
            if moving {
                self.walk_segment(step, &line, t0, f)?;
            }
            let at = line.prices(f)?;
            let due = time.minus(self.clock)?;
            if due > Decimal::ZERO && self.pay_funding_at(step, f, &at, due, Decimal::ZERO)? {
                self.paid(since, step, f, &at)?;
            }
            t0 = f;
        }
        if moving {
            self.walk_segment(step, &line, t0, Decimal::ONE)?;
        }
        self.settle_point(k, Decimal::ZERO, to)?;
        // The payments due at the sample itself (all of them when a step
        // has more than `MAX_SPLIT` to pay one by one), and the step's
        // interest, simple over its hours (as the book's over its holding
        // time).
        let rest = start.plus(h)?.minus(self.clock)?;
        if self.pay_funding_at(k, Decimal::ZERO, to, rest, h)? {
            self.paid(since, k, Decimal::ZERO, to)?;
        }
        Ok(())
    }

    /// The boundaries crossed on `line` after `t0` up to `t1`, each
    /// liquidated where it is crossed.
    fn walk_segment(
        &mut self,
        step: usize,
        line: &Line,
        t0: Decimal,
        t1: Decimal,
    ) -> Result<(), Error> {
        let mut t0 = t0;
        while let Some((t, who)) = self.next_boundary(line, t0, t1)? {
            let prices = line.prices(t)?;
            // The crossing found is liquidated even if rounding of the exact
            // crossing leaves its surplus a hair above zero; then anything
            // else at its boundary at the same point.
            match who {
                Some(i) => self.liquidate_isolated(i, step, t, &prices)?,
                None => self.liquidate_cross(step, t, &prices)?,
            }
            self.settle_point(step, t, &prices)?;
            t0 = t;
        }
        Ok(())
    }

    /// The earliest boundary crossed after `t0` on this step: an isolated
    /// position (`Some(i)`) or the cross account (`None`).
    fn next_boundary(
        &self,
        line: &Line,
        t0: Decimal,
        t1: Decimal,
    ) -> Result<Option<(Decimal, Option<usize>)>, Error> {
        let range = Range {
            lo: Some(t0),
            hi: Some(t1),
        };
        let mut next: Option<(Decimal, Option<usize>)> = None;
        for i in self.open_where(MarginMode::Isolated) {
            let members = [i];
            let group = self.book.isolated_group(i, &members)?;
            let s = scan(&self.book, line, &group, Boundary::Liquidation, range)?;
            if let Some(t) = s.first_entry() {
                if next.is_none_or(|(n, _)| t < n) {
                    next = Some((t, Some(i)));
                }
            }
        }
        let cross = self.open_where(MarginMode::Cross);
        if !cross.is_empty() {
            let group = Book::cross_group(&self.collateral, &cross)?;
            if let Some(t) =
                scan(&self.book, line, &group, Boundary::Liquidation, range)?.first_entry()
            {
                if next.is_none_or(|(n, _)| t < n) {
                    next = Some((t, None));
                }
            }
        }
        Ok(next)
    }

    /// The wallet at `prices`: the open isolated margins and what the cross
    /// account holds.
    fn wallet(&self, prices: &Prices) -> Result<Decimal, Error> {
        let mut w = self.collateral.held(&|m| prices.get(m))?;
        for i in self.open_where(MarginMode::Isolated) {
            let (f, _) = self.isolated_at(i, prices)?;
            w = w.plus(rules::margin_value(self.book.position(i)?.margin, &f)?)?;
        }
        Ok(w)
    }

    fn is_open(&self, i: usize) -> bool {
        self.open.get(i).copied().unwrap_or(false)
    }

    fn open_where(&self, mode: MarginMode) -> Vec<usize> {
        (0..self.book.positions.len())
            .filter(|&i| {
                self.is_open(i) && self.book.positions.get(i).is_some_and(|p| p.mode == mode)
            })
            .collect()
    }

    fn close(&mut self, i: usize) -> Result<(), Error> {
        *self
            .open
            .get_mut(i)
            .ok_or_else(|| Error::internal("position index out of range"))? = false;
        Ok(())
    }

    /// Wallet + uPnL of the open positions.
    fn value(&self, prices: &Prices) -> Result<Decimal, Error> {
        let mut v = self.wallet(prices)?;
        for (i, p) in self.book.positions.iter().enumerate() {
            if self.is_open(i) {
                let m = self.book.market(p.market)?;
                v = v.plus(rules::unrealized_pnl(m, p, prices.get(p.market)?)?)?;
            }
        }
        Ok(v)
    }

    /// Figures and standing of open isolated position `i`.
    fn isolated_at(
        &self,
        i: usize,
        prices: &Prices,
    ) -> Result<(rules::Figures, rules::Isolated), Error> {
        let f = self
            .book
            .position_figures(i, prices.get(self.book.position(i)?.market)?)?;
        let s = rules::isolated(self.book.position(i)?.margin, &f)?;
        Ok((f, s))
    }

    /// Sums of the open cross positions.
    fn cross_at(&self, prices: &Prices) -> Result<CrossSums, Error> {
        let mut sums = CrossSums::default();
        for i in self.open_where(MarginMode::Cross) {
            sums.add(
                &self
                    .book
                    .position_figures(i, prices.get(self.book.position(i)?.market)?)?,
            )?;
        }
        Ok(sums)
    }

    fn liquidate_isolated(
        &mut self,
        i: usize,
        step: usize,
        t: Decimal,
        prices: &Prices,
    ) -> Result<(), Error> {
        let (f, s) = self.isolated_at(i, prices)?;
        let margin = rules::margin_value(self.book.position(i)?.margin, &f)?;
        let left = rules::left_after_liquidation(self.book.residual, s.balance, f.notional)?;
        self.close(i)?;
        self.collateral.cash = self.collateral.cash.plus(left)?;
        let lost = loss(&self.book, margin, s.balance, f.notional)?;
        self.refresh_extras()?;
        self.record(step, t, prices, EventKind::Isolated { position: i }, lost)
    }

    fn liquidate_cross(&mut self, step: usize, t: Decimal, prices: &Prices) -> Result<(), Error> {
        let sums = self.cross_at(prices)?;
        let price_of = |m: usize| prices.get(m);
        let equity = sums.equity(&self.collateral, &price_of)?;
        let left = rules::left_after_liquidation(self.book.residual, equity.market, sums.notional)?;
        let closed = self.open_where(MarginMode::Cross);
        for &i in &closed {
            self.close(i)?;
        }
        let held = self.collateral.held(&price_of)?;
        let lost = loss(&self.book, held, equity.market, sums.notional)?;
        self.collateral.wiped(left);
        self.refresh_extras()?;
        self.record(
            step,
            t,
            prices,
            EventKind::Cross { positions: closed },
            lost,
        )
    }

    fn record(
        &mut self,
        step: usize,
        t: Decimal,
        prices: &Prices,
        kind: EventKind,
        lost: Decimal,
    ) -> Result<(), Error> {
        let after = self.value(prices)?;
        self.events.push(Event {
            step,
            t,
            prices: prices.0.clone(),
            kind,
            wallet_lost: lost,
            account_value_after: after,
        });
        Ok(())
    }

    /// After a payment event: added to the event just before it when that
    /// is a payment of this step (recorded from `since` on) at the same
    /// prices — payments with nothing between them are one event — then
    /// what it drained is liquidated there.
    fn paid(
        &mut self,
        since: usize,
        step: usize,
        t: Decimal,
        prices: &Prices,
    ) -> Result<(), Error> {
        let at = self.events.len().saturating_sub(1);
        let merge = at > since
            && match (self.events.get(at.saturating_sub(1)), self.events.get(at)) {
                (Some(a), Some(b)) => {
                    matches!(a.kind, EventKind::Funding { .. }) && a.prices == b.prices
                }
                _ => false,
            };
        if merge {
            let ev = self.events.pop().ok_or_else(|| Error::internal("event"))?;
            let slot = self
                .events
                .last_mut()
                .ok_or_else(|| Error::internal("event"))?;
            merge_funding(slot, ev)?;
        }
        self.settle_point(step, t, prices)
    }

    /// The payment times of the markets with funding in `(from, to]`
    /// (hours), sorted; just `[to]` when there are more than [`MAX_SPLIT`].
    fn payment_times(&self, from: Decimal, to: Decimal) -> Result<Vec<Decimal>, Error> {
        let mut out = Vec::new();
        for m in &self.book.markets {
            let Some(f) = &m.funding else { continue };
            let (first, last) = (f.events(from)?, f.events(to)?);
            if last.saturating_sub(first) > MAX_SPLIT {
                return Ok(vec![to]);
            }
            for n in first.saturating_add(1)..=last {
                out.push(Decimal::from(n).times(f.every)?);
            }
            if out.len() > MAX_SPLIT {
                return Ok(vec![to]);
            }
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }

    /// The funding due between the clock and `h` hours later, paid at
    /// sample `k` (`prices`), and a loan's interest over `interest_h`
    /// hours; whether anything was paid.
    fn pay_funding_at(
        &mut self,
        k: usize,
        t: Decimal,
        prices: &Prices,
        h: Decimal,
        interest_h: Decimal,
    ) -> Result<bool, Error> {
        let (before, after) = (self.clock, self.clock.plus(h)?);
        self.clock = after;
        let (mut who, mut paid) = (Vec::new(), Vec::new());
        let price_of = |m: usize| prices.get(m);
        let mut cost = Decimal::ZERO;
        for i in 0..self.book.positions.len() {
            if !self.is_open(i) {
                continue;
            }
            let p = self.book.position(i)?.clone();
            let m = self.book.market(p.market)?;
            let Some(due) = rules::funding_between(m, &p, before, after, prices.get(p.market)?)?
            else {
                continue;
            };
            let settle = m.settle;
            let taken = match p.mode {
                MarginMode::Isolated => {
                    let (left, taken) = rules::pay_from_margin(p.margin, due)?;
                    let slot = self
                        .book
                        .positions
                        .get_mut(i)
                        .ok_or_else(|| Error::internal("position index"))?;
                    slot.margin = left;
                    taken
                }
                MarginMode::Cross => {
                    let a = self
                        .collateral
                        .assets
                        .get_mut(settle)
                        .ok_or_else(|| Error::internal("asset index"))?;
                    a.units = a.units.minus(due)?;
                    due
                }
            };
            if let Some(slot) = self.book.positions.get_mut(i) {
                slot.funding_paid = slot.funding_paid.plus(taken)?;
            }
            let settle_price = self.collateral.asset(settle)?.price.at(&price_of)?;
            cost = cost.plus(crate::collateral::units_value(taken, settle_price)?)?;
            who.push(i);
            paid.push(taken);
        }
        // A loan's interest accrues with the clock, simple, as the book's.
        let mut interest = Vec::new();
        for (a, rate) in self
            .collateral
            .assets
            .iter_mut()
            .zip(&self.book.borrow_rates)
        {
            let due = crate::account::borrow_interest(a.units, *rate, interest_h)?;
            a.units = a.units.minus(due)?;
            if !due.is_zero() {
                cost = cost.plus(crate::collateral::units_value(due, a.price.at(&price_of)?)?)?;
            }
            interest.push(due);
        }
        if interest.iter().all(Decimal::is_zero) {
            interest.clear();
        }
        if who.is_empty() && interest.is_empty() {
            return Ok(false);
        }
        self.collateral.refresh();
        // A debt the payments pushed below the threshold is repaid at the
        // sample's prices.
        let exchanged = self
            .collateral
            .auto_exchange(self.book.auto_exchange, &|m| prices.get(m))?;
        self.refresh_extras()?;
        self.record(
            k,
            t,
            prices,
            EventKind::Funding {
                positions: who,
                paid,
                interest,
                exchanged,
                hours: self.clock.minus(self.book.hours)?,
                cost,
            },
            Decimal::ZERO,
        )?;
        Ok(true)
    }

    /// The venue extras that depend on the clock, on who is open or on the
    /// cross balance, set again (`Book::refresh_extras`).
    fn refresh_extras(&mut self) -> Result<(), Error> {
        if !self.book.extras_move() {
            return Ok(());
        }
        let open = self.open.clone();
        let is_open = move |i: usize| open.get(i).copied().unwrap_or(false);
        self.book
            .refresh_extras(self.clock, &is_open, &self.collateral.assets)
    }

    /// Liquidates everything at or past its boundary at these prices.
    fn settle_point(&mut self, step: usize, t: Decimal, prices: &Prices) -> Result<(), Error> {
        for i in self.open_where(MarginMode::Isolated) {
            if self.isolated_at(i, prices)?.1.liquidated {
                self.liquidate_isolated(i, step, t, prices)?;
            }
        }
        if self
            .cross_at(prices)?
            .liquidated(&self.collateral, &|m| prices.get(m))?
        {
            self.liquidate_cross(step, t, prices)?;
        }
        Ok(())
    }
}

/// The most payment times a step pays one by one.
const MAX_SPLIT: usize = 2_000;

/// Adds funding event `b` (a later payment, nothing between) to `a`.
fn merge_funding(a: &mut Event, b: Event) -> Result<(), Error> {
    let (
        EventKind::Funding {
            positions,
            paid,
            interest,
            exchanged,
            hours,
            cost,
        },
        EventKind::Funding {
            positions: b_positions,
            paid: b_paid,
            interest: b_interest,
            exchanged: b_exchanged,
            hours: b_hours,
            cost: b_cost,
        },
    ) = (&mut a.kind, b.kind)
    else {
        return Err(Error::internal("merging events that are not payments"));
    };
    for (i, x) in b_positions.into_iter().zip(b_paid) {
        match positions.iter().position(|&j| j == i) {
            Some(at) => {
                let slot = paid.get_mut(at).ok_or_else(|| Error::internal("paid"))?;
                *slot = slot.plus(x)?;
            }
            None => {
                positions.push(i);
                paid.push(x);
            }
        }
    }
    for (mine, theirs) in [(interest, b_interest), (exchanged, b_exchanged)] {
        if mine.is_empty() {
            *mine = theirs;
        } else {
            for (m, t) in mine.iter_mut().zip(theirs) {
                *m = m.plus(t)?;
            }
        }
    }
    *hours = b_hours;
    *cost = cost.plus(b_cost)?;
    a.wallet_lost = a.wallet_lost.plus(b.wallet_lost)?;
    a.account_value_after = b.account_value_after;
    Ok(())
}

impl Book {
    /// Walks `samples` (each one price per market) through this book.
    pub fn walk(&self, samples: &[Prices]) -> Result<PathResult, Error> {
        self.walk_timed(samples, None)
    }

    /// [`Book::walk`], the samples `hours_per_step` apart when given
    /// (funding falls due on the way: [`PathWalker::timed`]).
    pub fn walk_timed(
        &self,
        samples: &[Prices],
        hours_per_step: Option<Decimal>,
    ) -> Result<PathResult, Error> {
        Error::check_count("path", samples.len(), 1, MAX_SAMPLES)?;
        let mut w = match hours_per_step {
            Some(h) => PathWalker::timed(self, h)?,
            None => PathWalker::new(self)?,
        };
        for s in samples {
            w.push(s)?;
        }
        w.result()
    }
}
