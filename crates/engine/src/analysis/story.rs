//! The verdict in money and in time (docs/model.md §6): for each margin
//! set-up, what the account holds at these prices, what liquidations can
//! still take, what they already took for good, and what it would hold if
//! prices went back to the start; which of all cross and all isolated is
//! ahead now and after such a return; and each set-up's nearest threat.
//!
//! The liquidation verdict ([`crate::Verdict`]) says *what happened* to
//! each set-up; the story says *who is better off*, which is not the same:
//! an isolated account that lost one position's margin can still hold more
//! than a cross account whose shared collateral paid for the loser — until
//! prices come back and the isolated loss turns out to be locked in.
use rust_decimal::Decimal;
use serde::Serialize;

use super::{Analyzer, Snapshot};
use crate::compare::Variant;
use crate::dec;
use crate::error::Error;

/// A set-up's account in money. Every amount is in the quote currency and
/// measured against the same wallet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Money {
    /// Wallet + PnL after liquidations, at these prices.
    #[serde(with = "dec::string")]
    pub holds: Decimal,
    /// What liquidations can still take: the whole cross wallet while the
    /// cross account stands with positions, plus each open isolated
    /// position's margin.
    #[serde(with = "dec::string")]
    pub at_stake: Decimal,
    /// What liquidations at these prices took for good.
    #[serde(with = "dec::string")]
    pub locked_loss: Decimal,
    /// What the account would hold if every price went back to its start
    /// (the marks): what was liquidated stays closed.
    #[serde(with = "dec::string")]
    pub at_return: Decimal,
}

/// The liquidation nearest to the current prices, in % move of one market.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Threat {
    /// The market whose move triggers it (index in the book).
    #[serde(skip)]
    pub market: usize,
    /// Its symbol.
    #[serde(rename = "market")]
    pub symbol: String,
    /// The isolated position it liquidates (`None`: the cross account).
    pub position: Option<usize>,
    /// The market's price at which it happens, the others held.
    #[serde(with = "dec::string")]
    pub price: Decimal,
    /// `(price − current) ÷ current`: negative is a fall.
    #[serde(with = "dec::string")]
    pub distance: Decimal,
}

/// One set-up in the story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetUp {
    pub variant: Variant,
    #[serde(flatten)]
    pub money: Money,
    pub nearest_threat: Option<Threat>,
}

/// The book's story at one price vector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Story {
    /// The set-up the telling starts from: the book as configured when it
    /// mixes cross and isolated, else the pure set-up it is.
    pub lead: Variant,
    /// Each set-up that can be formed, in [`Variant::ALL`] order.
    pub set_ups: Vec<SetUp>,
    /// All cross against all isolated: the one that holds more now
    /// (`None`: they hold the same, or all isolated cannot be formed).
    pub ahead_now: Option<Variant>,
    /// The same if every price went back to the start.
    pub ahead_at_return: Option<Variant>,
}

impl Story {
    /// A set-up of the story, if it can be formed.
    pub fn set_up(&self, v: Variant) -> Option<&SetUp> {
        self.set_ups.iter().find(|s| s.variant == v)
    }

    /// The richer of all cross (holding `cross`) and all isolated (holding
    /// `isolated`): `None` on a tie or when one cannot be formed. The rule
    /// for "ahead" now, at a return, and after any path.
    pub fn ahead(cross: Option<Decimal>, isolated: Option<Decimal>) -> Option<Variant> {
        match (cross, isolated) {
            (Some(c), Some(i)) if c > i => Some(Variant::AllCross),
            (Some(c), Some(i)) if i > c => Some(Variant::AllIsolated),
            _ => None,
        }
    }
}

impl Analyzer {
    /// The story of the book at the snapshot's prices.
    pub fn story(&self, snapshot: &Snapshot) -> Result<Story, Error> {
        let book = &self.book;
        let lead = if book.is_mixed() || book.positions.is_empty() {
            Variant::AsConfigured
        } else if book.has_cross() {
            Variant::AllCross
        } else {
            Variant::AllIsolated
        };
        let set_ups = snapshot
            .variants()
            .iter()
            .map(|at| {
                Ok(SetUp {
                    variant: at.variant,
                    money: at.money,
                    nearest_threat: at.nearest_threat(self, snapshot.prices())?,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let pick = |v: Variant, f: fn(&Money) -> Decimal| {
            set_ups.iter().find(|s| s.variant == v).map(|s| f(&s.money))
        };
        let ahead_now = Story::ahead(
            pick(Variant::AllCross, |m| m.holds),
            pick(Variant::AllIsolated, |m| m.holds),
        );
        let ahead_at_return = Story::ahead(
            pick(Variant::AllCross, |m| m.at_return),
            pick(Variant::AllIsolated, |m| m.at_return),
        );
        Ok(Story {
            lead,
            set_ups,
            ahead_now,
            ahead_at_return,
        })
    }
}
