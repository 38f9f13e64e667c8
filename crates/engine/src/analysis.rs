//! The book under its three margin set-ups at changing prices, recomputing
//! only what changed (docs/model.md §9).
//!
//! An [`Analyzer`] is built once per book. It holds what does not depend on
//! the prices: each isolated position's liquidation and bankruptcy prices
//! (an isolated position's price depends on nothing else), and for each
//! market the cross account's surplus along that market's price as a
//! [`Surface`] (sorted tier breakpoints, exact pieces remembered).
//!
//! [`Analyzer::snapshot`] evaluates the book at a price vector. The cross
//! surplus is a sum of one part per market, so a snapshot is built from
//! per-market parts: moving one market recomputes that market's positions
//! only, and every other part is shared (an `Rc`) with the previous
//! snapshot. The cross liquidation price along market `m` solves
//! `surface_m(P) + balance_m = 0`, where `balance_m` is the cross wallet plus
//! the other markets' parts; it is rescanned only when `balance_m` changed.
use std::sync::atomic::{AtomicU64, Ordering};

use rust_decimal::Decimal;

use crate::book::{Book, Prices};
use crate::compare::{loss, Comparison, Outcome, Variant};
use crate::error::Error;
use crate::line::surface::Surface;
use crate::line::{Boundary, Funds, Line, Range};
use crate::position::MarginMode;
use crate::rules::{self, CrossSums};

mod part;
mod snapshot;
mod story;

pub use snapshot::{CrossAt, PositionAt, Snapshot, Totals, VariantAt};
pub use story::{Money, SetUp, Story, Threat};

/// An isolated position's boundaries, which do not depend on any price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IsolatedPrices {
    pub liquidation: Option<Decimal>,
    pub bankruptcy: Option<Decimal>,
}

/// One variant of the book, with what does not depend on prices.
#[derive(Debug)]
pub(crate) struct Model {
    pub variant: Variant,
    pub book: Book,
    /// Per position: its own boundaries when isolated.
    pub isolated: Vec<Option<IsolatedPrices>>,
    /// Per market: the cross positions there, as surfaces along its price
    /// (`None`: no cross position in that market). Only when the cross
    /// account's collateral is simple (fixed prices, counted in full): its
    /// surplus is then a sum of one part per market. Otherwise `general`
    /// lists the markets the cross account moves with, scanned whole at
    /// each snapshot.
    pub cross: Vec<Option<CrossSurfaces>>,
    pub general: Vec<bool>,
    /// At the start prices (the marks): what liquidating each isolated
    /// position there takes (`None`: open there, or cross), and the same
    /// for the cross account. A book can start below its maintenance.
    pub start_loss: Vec<Option<Decimal>>,
    pub cross_start_loss: Option<Decimal>,
}

/// The cross positions of one market along its price.
#[derive(Debug)]
pub(crate) struct CrossSurfaces {
    pub liquidation: Surface,
    pub bankruptcy: Surface,
}

impl Model {
    fn new(variant: Variant, book: Book) -> Result<Model, Error> {
        let isolated = (0..book.positions.len())
            .map(|i| match book.position(i)?.mode {
                MarginMode::Cross => Ok(None),
                MarginMode::Isolated => Ok(Some(IsolatedPrices {
                    liquidation: book.isolated_liquidation_price(i, Boundary::Liquidation)?,
                    bankruptcy: book.isolated_liquidation_price(i, Boundary::Bankruptcy)?,
                })),
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let marks = book.marks();
        let (start_loss, cross_start_loss) = start_losses(&book, &marks)?;
        let mut cross = Vec::with_capacity(book.by_market.len());
        let all_cross = book.cross_members();
        let simple = book.collateral.is_simple();
        let general = (0..book.markets.len())
            .map(|m| !simple && book.cross_moves_with(&book.collateral, &all_cross, m))
            .collect();
        for (m, members) in book.by_market.iter().enumerate() {
            if !simple {
                cross.push(None);
                continue;
            }
            let members: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&i| {
                    book.positions
                        .get(i)
                        .is_some_and(|p| p.mode == MarginMode::Cross)
                })
                .collect();
            if members.is_empty() {
                cross.push(None);
                continue;
            }
            let line = Line::axis(&marks, m)?;
            cross.push(Some(CrossSurfaces {
                liquidation: Surface::new(
                    &book,
                    &line,
                    &members,
                    &Funds::default(),
                    Boundary::Liquidation,
                    Range::POSITIVE,
                )?,
                bankruptcy: Surface::new(
                    &book,
                    &line,
                    &members,
                    &Funds::default(),
                    Boundary::Bankruptcy,
                    Range::POSITIVE,
                )?,
            }));
        }
        Ok(Model {
            variant,
            book,
            isolated,
            cross,
            general,
            start_loss,
            cross_start_loss,
        })
    }

    fn has_cross(&self) -> bool {
        self.book.has_cross()
    }
}

/// What liquidations at the start prices take: per isolated position, and
/// for the cross account.
fn start_losses(
    book: &Book,
    marks: &Prices,
) -> Result<(Vec<Option<Decimal>>, Option<Decimal>), Error> {
    let mut sums = CrossSums::default();
    let mut losses = Vec::with_capacity(book.positions.len());
    for (i, p) in book.positions.iter().enumerate() {
        let f = book.position_figures(i, marks.get(p.market)?)?;
        match p.mode {
            MarginMode::Cross => {
                sums.add(&f)?;
                losses.push(None);
            }
            MarginMode::Isolated => {
                let s = rules::isolated(p.margin, &f)?;
                losses.push(if s.liquidated {
                    Some(loss(
                        book,
                        rules::margin_value(p.margin, &f)?,
                        s.balance,
                        f.notional,
                    )?)
                } else {
                    None
                });
            }
        }
    }
    let standing = sums.standing(&book.collateral, &|m| marks.get(m), book.residual)?;
    let cross = if standing.liquidated {
        Some(loss(
            book,
            book.cross_wallet,
            standing.market,
            sums.notional,
        )?)
    } else {
        None
    };
    Ok((losses, cross))
}

/// A book ready to be evaluated at many price vectors.
#[derive(Debug)]
pub struct Analyzer {
    id: u64,
    book: Book,
    /// Each position's place in its market's list (`Book::by_market`).
    slot: Vec<usize>,
    /// The variants that can be formed, in [`Variant::ALL`] order.
    models: Vec<Model>,
    /// Why "all isolated" cannot be formed (the wallet cannot fund it).
    unfunded: Option<Error>,
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

impl Analyzer {
    /// Prepares `book` (its isolated boundaries and cross surfaces).
    pub fn new(book: Book) -> Result<Analyzer, Error> {
        let mut slot = vec![0; book.positions.len()];
        for members in &book.by_market {
            for (k, &i) in members.iter().enumerate() {
                *slot
                    .get_mut(i)
                    .ok_or_else(|| Error::internal("position index"))? = k;
            }
        }
        let mut models = Vec::with_capacity(3);
        let mut unfunded = None;
        for v in Variant::ALL {
            match v.apply(&book) {
                Ok(b) => models.push(Model::new(v, b)?),
                Err(e) => unfunded = Some(e),
            }
        }
        Ok(Analyzer {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            book,
            slot,
            models,
            unfunded,
        })
    }

    /// The book as configured.
    pub fn book(&self) -> &Book {
        &self.book
    }

    /// The variants that can be formed.
    pub fn variants(&self) -> impl Iterator<Item = Variant> + '_ {
        self.models.iter().map(|m| m.variant)
    }

    /// The book of a variant, if it can be formed.
    pub fn variant_book(&self, v: Variant) -> Option<&Book> {
        self.model(v).map(|m| &m.book)
    }

    /// Why "all isolated" cannot be formed, if it cannot.
    pub fn unfunded(&self) -> Option<&Error> {
        self.unfunded.as_ref()
    }

    /// An isolated position's own boundaries in a variant (`None` for a cross position).
    pub fn isolated_prices(&self, v: Variant, i: usize) -> Option<IsolatedPrices> {
        self.model(v)
            .and_then(|m| m.isolated.get(i).copied().flatten())
    }

    pub(crate) fn model(&self, v: Variant) -> Option<&Model> {
        self.models.iter().find(|m| m.variant == v)
    }

    /// The book at `prices`. With the `previous` snapshot of this analyzer,
    /// only the markets whose price changed are recomputed.
    pub fn snapshot(
        &self,
        prices: &Prices,
        previous: Option<&Snapshot>,
    ) -> Result<Snapshot, Error> {
        snapshot::build(self, prices, previous.filter(|p| p.analyzer == self.id))
    }

    /// The three variants at `prices` (an error when "all isolated" cannot be formed).
    pub fn comparison(&self, snapshot: &Snapshot) -> Result<Comparison, Error> {
        let outcome = |v: Variant| -> Result<Outcome, Error> {
            match snapshot.variant(v) {
                Some(at) => Ok(at.outcome.clone()),
                None => Err(self
                    .unfunded
                    .clone()
                    .unwrap_or_else(|| Error::internal("variant missing"))),
            }
        };
        Ok(Comparison::new(
            outcome(Variant::AsConfigured)?,
            outcome(Variant::AllCross)?,
            outcome(Variant::AllIsolated)?,
        ))
    }
}
