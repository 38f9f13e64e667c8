//! The same book under three margin set-ups, from the same wallet:
//! as configured, all cross, and all isolated (each position's isolated margin
//! = its initial margin at entry), and a verdict (docs/model.md §6).
use rust_decimal::Decimal;
use serde::Serialize;

use crate::book::{Book, Prices};
use crate::dec;
use crate::error::Error;
use crate::num::Checked;
use crate::position::MarginMode;
use crate::rules;
use crate::state::AccountState;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    AsConfigured,
    AllCross,
    AllIsolated,
}

impl Variant {
    pub const ALL: [Variant; 3] = [
        Variant::AsConfigured,
        Variant::AllCross,
        Variant::AllIsolated,
    ];

    /// The book under this variant.
    pub fn apply(self, book: &Book) -> Result<Book, Error> {
        match self {
            Variant::AsConfigured => Ok(book.clone()),
            Variant::AllCross => book.with_all(MarginMode::Cross),
            Variant::AllIsolated => book.with_all(MarginMode::Isolated),
        }
    }
}

/// How one variant fares at a price vector.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub variant: Variant,
    /// Wallet + unrealized PnL after liquidations.
    #[serde(with = "dec::string")]
    pub account_value: Decimal,
    /// The cross account is liquidated (all its positions closed).
    pub cross_liquidated: bool,
    /// Collateral of the cross account (its wallet) when it is liquidated.
    #[serde(with = "dec::string")]
    pub cross_wallet: Decimal,
    /// Isolated positions liquidated, by input index.
    pub liquidated_positions: Vec<usize>,
    /// Σ margins of the liquidated isolated positions.
    #[serde(with = "dec::string")]
    pub isolated_margin_lost: Decimal,
    /// How much the wallet loses to liquidations (collateral forfeited, less
    /// any residual returned).
    #[serde(with = "dec::string")]
    pub wallet_lost: Decimal,
    /// Number of positions in the book.
    pub positions: usize,
}

impl Outcome {
    /// The outcome of `variant` (whose book is `book`) in state `s`.
    pub fn from_state(variant: Variant, book: &Book, s: &AccountState) -> Result<Outcome, Error> {
        let mut liquidated = Vec::new();
        let (mut margin_lost, mut wallet_lost, mut cross_notional) =
            (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
        for (i, (p, ps)) in book.positions.iter().zip(&s.positions).enumerate() {
            match p.mode {
                MarginMode::Isolated if ps.liquidated => {
                    liquidated.push(i);
                    let margin =
                        rules::margin_value(p.margin, &book.position_figures(i, ps.price)?)?;
                    margin_lost = margin_lost.plus(margin)?;
                    let balance = ps
                        .margin_balance
                        .ok_or_else(|| Error::internal("isolated state without balance"))?;
                    wallet_lost = wallet_lost.plus(loss(book, margin, balance, ps.notional)?)?;
                }
                MarginMode::Isolated => {}
                MarginMode::Cross => cross_notional = cross_notional.plus(ps.notional)?,
            }
        }
        if s.cross.liquidated {
            wallet_lost = wallet_lost.plus(loss(
                book,
                s.cross.wallet,
                s.cross.market_equity,
                cross_notional,
            )?)?;
        }
        Ok(Outcome {
            variant,
            account_value: s.account_value,
            cross_liquidated: s.cross.liquidated,
            cross_wallet: s.cross.wallet,
            liquidated_positions: liquidated,
            isolated_margin_lost: margin_lost,
            wallet_lost,
            positions: book.positions.len(),
        })
    }
}

/// What the wallet loses when collateral `collateral` with `balance` and
/// `notional` is liquidated: the collateral, less what the residual rule leaves.
pub(crate) fn loss(
    book: &Book,
    collateral: Decimal,
    balance: Decimal,
    notional: Decimal,
) -> Result<Decimal, Error> {
    collateral.minus(rules::left_after_liquidation(
        book.residual,
        balance,
        notional,
    )?)
}

/// The comparison's verdict: all cross against all isolated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// No liquidation in either.
    Neither = 0,
    /// Cross is liquidated while isolated keeps at least one position.
    CrossWipedIsolatedSurvives = 1,
    /// Isolated loses at least one position while cross survives.
    IsolatedLosesCrossSurvives = 2,
    /// Cross is liquidated and isolated loses every position.
    Both = 3,
}

impl Verdict {
    /// Classifies from the two outcomes' essentials.
    #[inline]
    pub fn classify(cross_liquidated: bool, isolated_lost: usize, positions: usize) -> Verdict {
        match (cross_liquidated, isolated_lost) {
            (false, 0) => Verdict::Neither,
            (false, _) => Verdict::IsolatedLosesCrossSurvives,
            (true, n) if n >= positions => Verdict::Both,
            (true, _) => Verdict::CrossWipedIsolatedSurvives,
        }
    }

    pub fn code(self) -> u8 {
        self as u8
    }

    /// The verdict's name as serialized (`"isolated_loses_cross_survives"`).
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Neither => "neither",
            Verdict::CrossWipedIsolatedSurvives => "cross_wiped_isolated_survives",
            Verdict::IsolatedLosesCrossSurvives => "isolated_loses_cross_survives",
            Verdict::Both => "both",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub as_configured: Outcome,
    pub all_cross: Outcome,
    pub all_isolated: Outcome,
    pub verdict: Verdict,
}

impl Comparison {
    /// The comparison of three outcomes.
    pub fn new(as_configured: Outcome, all_cross: Outcome, all_isolated: Outcome) -> Comparison {
        let verdict = Verdict::classify(
            all_cross.cross_liquidated,
            all_isolated.liquidated_positions.len(),
            all_isolated.positions,
        );
        Comparison {
            as_configured,
            all_cross,
            all_isolated,
            verdict,
        }
    }
}

impl Book {
    /// The three variants of this book at `prices`.
    pub fn compare(&self, prices: &Prices) -> Result<Comparison, Error> {
        let run = |v: Variant| -> Result<Outcome, Error> {
            let b = v.apply(self)?;
            Outcome::from_state(v, &b, &b.evaluate(prices)?)
        };
        Ok(Comparison::new(
            run(Variant::AsConfigured)?,
            run(Variant::AllCross)?,
            run(Variant::AllIsolated)?,
        ))
    }
}
