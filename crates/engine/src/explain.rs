//! "How this was computed": the formula behind a liquidation price, a
//! margin figure or a verdict, as data (docs/model.md §13).
//!
//! An [`Explanation`] is a list of [`Step`]s, each a formula ([`Expr`])
//! whose leaves are the book's own numbers with their symbols, the last
//! one giving the number explained; [`Explanation::evaluate`] recomputes
//! every step from its formula with the engine's checked arithmetic and
//! returns that number (the tests hold every explanation to the number the
//! report shows). Notes say which tier was chosen and why, and which venue
//! rules applied. The page, the CLI's `explain` and the JS API all read
//! this one structure; none builds a formula of its own.
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::book::{Book, Prices};
use crate::compare::Variant;
use crate::dec;
use crate::error::{Error, ErrorKind};
use crate::scenario::PriceMap;

pub mod expr;
mod figures;
mod liquidation;

pub use expr::{Expr, Leaves};

/// What to explain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "of", rename_all = "snake_case", deny_unknown_fields)]
pub enum Subject {
    /// An isolated position's own liquidation price.
    LiquidationPrice { position: usize },
    /// The cross account's liquidation price along one market, below or
    /// above its price (the other markets held where they are).
    CrossLiquidationPrice { market: String, side: Direction },
    /// A position's maintenance margin at the prices; without a position,
    /// the set-up's total (the cross account's and each open isolated
    /// position's).
    MaintenanceMargin {
        #[serde(default)]
        position: Option<usize>,
    },
    /// The margin a position opens with (its default isolated margin).
    OpeningMargin { position: usize },
    /// The set-up's account value at the prices, with each liquidation
    /// test: the verdict's numbers.
    AccountValue,
    /// What liquidations can still take at the prices.
    AtStake,
    /// What liquidations at the prices took for good.
    LostForGood,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Below,
    Above,
}

/// A request: the subject, in which set-up, at which prices (the marks
/// for those not given).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExplainRequest {
    pub subject: Subject,
    #[serde(default = "as_configured")]
    pub variant: Variant,
    #[serde(default)]
    pub prices: PriceMap,
}

fn as_configured() -> Variant {
    Variant::AsConfigured
}

/// How one number was computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// What is explained ("Liquidation price of #1 BTCUSDT long").
    pub title: String,
    /// The number (null: there is none — never liquidated — and the notes
    /// say why).
    #[serde(with = "dec::option")]
    pub result: Option<Decimal>,
    /// The rule in words.
    pub rule: String,
    pub steps: Vec<Step>,
    /// The tier each position's requirement is in, and why.
    pub tiers: Vec<TierChoice>,
    /// Venue rules and other facts that applied.
    pub notes: Vec<String>,
}

/// One line of the computation: `symbol = expr = value`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub symbol: String,
    /// What it is.
    pub label: String,
    pub expr: Expr,
    #[serde(with = "dec::string")]
    pub value: Decimal,
    /// A liquidation test on this step: liquidated when its value is at or
    /// below step `against`'s.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test: Option<Test>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Test {
    pub against: String,
    pub liquidated: bool,
}

/// The tier a position's maintenance is read from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierChoice {
    pub position: usize,
    pub market: String,
    /// 1-based, as venues number them.
    pub tier: usize,
    pub tiers: usize,
    #[serde(with = "dec::string")]
    pub floor: Decimal,
    #[serde(with = "dec::option")]
    pub cap: Option<Decimal>,
    #[serde(with = "dec::string")]
    pub rate: Decimal,
    #[serde(with = "dec::string")]
    pub amount: Decimal,
    /// The notional the tier is chosen by, and how it was computed.
    #[serde(with = "dec::string")]
    pub notional: Decimal,
    pub notional_expr: Expr,
    /// Why, in words.
    pub text: String,
}

impl TierChoice {
    pub(crate) fn new(
        book: &Book,
        position: usize,
        tier: usize,
        tiers: usize,
        notional_expr: Expr,
    ) -> Result<TierChoice, Error> {
        let p = book.position(position)?;
        let m = book.market(p.market)?;
        let t = book.tiers_of(p)?.tier(tier)?;
        let notional = notional_expr.evaluate(&|_| None)?;
        let basis = match m.mm_basis {
            crate::market::MmBasis::Mark => "at the price",
            crate::market::MmBasis::Entry => {
                "at the entry price (this market measures maintenance there)"
            }
        };
        let unit = match m.contract {
            crate::market::ContractKind::Linear { .. } => "",
            crate::market::ContractKind::Inverse { .. } => " coins",
        };
        let bracket = match t.cap {
            Some(cap) => format!("from {} up to {}", plain(t.floor), plain(cap)),
            None => format!("from {} up", plain(t.floor)),
        };
        let text = format!(
            "{}: tier {} of {} (rate {}, amount {}) because its notional {basis}, {} = {}{unit}, is in the tier's bracket {bracket}.",
            position_label(book, position)?,
            tier.saturating_add(1),
            tiers,
            plain(t.mmr),
            plain(t.cum),
            notional_expr.render(Leaves::Symbols, &plain),
            // Eight decimals say which bracket; `notional` has every digit.
            plain(notional.round_dp(8)),
        );
        Ok(TierChoice {
            position,
            market: m.symbol.clone(),
            tier: tier.saturating_add(1),
            tiers,
            floor: t.floor,
            cap: t.cap,
            rate: t.mmr,
            amount: t.cum,
            notional,
            notional_expr,
            text,
        })
    }
}

/// A decimal written plainly (the CLI's and the notes' numbers).
pub fn plain(x: Decimal) -> String {
    dec::to_string(&x)
}

/// "#1 BTCUSDT long".
pub(crate) fn position_label(book: &Book, i: usize) -> Result<String, Error> {
    let p = book.position(i)?;
    let side = match p.side {
        crate::position::Side::Long => "long",
        crate::position::Side::Short => "short",
    };
    Ok(format!(
        "#{} {} {side}",
        i.saturating_add(1),
        book.market(p.market)?.symbol
    ))
}

/// Position `i`'s subscript: `₁` for #1.
pub(crate) fn sub(i: usize) -> String {
    i.saturating_add(1)
        .to_string()
        .chars()
        .map(|c| match c {
            '0' => '₀',
            '1' => '₁',
            '2' => '₂',
            '3' => '₃',
            '4' => '₄',
            '5' => '₅',
            '6' => '₆',
            '7' => '₇',
            '8' => '₈',
            _ => '₉',
        })
        .collect()
}

impl Explanation {
    /// Every step recomputed from its formula, in order (a step's symbol
    /// then stands for the value computed, not the one written); each must
    /// give the value it states, and each test its verdict. Returns the
    /// last step's value: the number explained.
    pub fn evaluate(&self) -> Result<Option<Decimal>, Error> {
        let mut done: Vec<(&str, Decimal)> = Vec::with_capacity(self.steps.len());
        for s in &self.steps {
            let got = s.expr.evaluate(&|sym: &str| {
                done.iter().rev().find(|(k, _)| *k == sym).map(|(_, x)| *x)
            })?;
            if got != s.value {
                return Err(Error::new(
                    s.symbol.clone(),
                    ErrorKind::Malformed {
                        message: format!(
                            "step {} computes {} but states {}",
                            s.symbol,
                            plain(got),
                            plain(s.value)
                        ),
                    },
                ));
            }
            if let Some(t) = &s.test {
                let against = done
                    .iter()
                    .rev()
                    .find(|(k, _)| *k == t.against)
                    .map(|(_, x)| *x)
                    .ok_or_else(|| Error::internal("explanation test before its step"))?;
                if (got <= against) != t.liquidated {
                    return Err(Error::internal("explanation test contradicts its numbers"));
                }
            }
            done.push((&s.symbol, got));
        }
        Ok(done
            .last()
            .map(|(_, x)| *x)
            .filter(|_| self.result.is_some()))
    }

    /// The explanation as plain text (the CLI's `--text`).
    pub fn to_text(&self) -> String {
        let mut out = format!("{}\n{}\n", self.title, self.rule);
        for s in &self.steps {
            let symbols = s.expr.render(Leaves::Symbols, &plain);
            let numbers = s.expr.render(Leaves::Numbers, &plain);
            let value = plain(s.value);
            out.push_str(&format!("\n  {} — {}\n", s.symbol, s.label));
            // A line only where it says something new.
            if symbols != s.symbol {
                out.push_str(&format!("    {} = {symbols}\n", s.symbol));
            }
            if numbers != value {
                out.push_str(&format!("      = {numbers}\n"));
            }
            out.push_str(&format!("      = {value}\n"));
            if let Some(t) = &s.test {
                out.push_str(&format!(
                    "      {} {} {}: {}\n",
                    s.symbol,
                    if t.liquidated { "≤" } else { ">" },
                    t.against,
                    if t.liquidated {
                        "liquidated"
                    } else {
                        "standing"
                    }
                ));
            }
        }
        for t in &self.tiers {
            out.push_str(&format!("\n  {}", t.text));
        }
        for n in &self.notes {
            out.push_str(&format!("\n  {n}"));
        }
        out.push('\n');
        out
    }
}

/// A step whose value is its formula's.
pub(crate) fn step(
    symbol: &str,
    label: impl Into<String>,
    expr: Expr,
    done: &[Step],
) -> Result<Step, Error> {
    let value =
        expr.evaluate(&|sym: &str| done.iter().rev().find(|s| s.symbol == sym).map(|s| s.value))?;
    Ok(Step {
        symbol: symbol.to_owned(),
        label: label.into(),
        expr,
        value,
        test: None,
    })
}

/// A reference to an earlier step.
pub(crate) fn refer(s: &Step) -> Expr {
    Expr::Step {
        symbol: s.symbol.clone(),
        value: s.value,
    }
}

/// Explains `req.subject` for `book` (the scenario's book).
pub fn explain(book: &Book, req: &ExplainRequest) -> Result<Explanation, Error> {
    let variant = req.variant.apply(book)?;
    let prices = book.prices_from(&req.prices)?;
    explain_at(&variant, &prices, &req.subject)
}

/// Explains `subject` for a set-up's book at `prices`.
pub fn explain_at(book: &Book, prices: &Prices, subject: &Subject) -> Result<Explanation, Error> {
    let position = match subject {
        Subject::LiquidationPrice { position }
        | Subject::OpeningMargin { position }
        | Subject::MaintenanceMargin {
            position: Some(position),
        } => Some(*position),
        _ => None,
    };
    if let Some(i) = position.filter(|i| *i >= book.positions.len()) {
        return Err(Error::new(
            "position",
            ErrorKind::Malformed {
                message: format!(
                    "there is no position {i} (the book has {}; 0 is the first)",
                    book.positions.len()
                ),
            },
        ));
    }
    match subject {
        Subject::LiquidationPrice { position } => liquidation::isolated(book, *position),
        Subject::CrossLiquidationPrice { market, side } => {
            let m = book.market_named(market, "market")?;
            liquidation::cross(book, prices, m, *side)
        }
        Subject::MaintenanceMargin { position: Some(i) } => figures::maintenance(book, prices, *i),
        Subject::MaintenanceMargin { position: None } => figures::maintenance_total(book, prices),
        Subject::OpeningMargin { position } => figures::opening(book, *position),
        Subject::AccountValue => figures::account_value(book, prices),
        Subject::AtStake => figures::at_stake(book, prices),
        Subject::LostForGood => figures::lost(book, prices),
    }
}

/// A position's health under Mango's rule at figures `f`: `uPnL − MM`,
/// times its weight `w` when positive (`rules::health`, in its operations).
pub(crate) fn health_expr(f: &crate::rules::Figures, w: Decimal, s: &str) -> expr::Expr {
    let h = expr::diff(
        expr::v(
            &format!("uPnL{s}"),
            f.unrealized_pnl,
            "its PnL (unsettled part included)",
        ),
        expr::v(
            &format!("MM{s}"),
            f.maintenance_margin,
            "its maintenance margin",
        ),
    );
    if f.unrealized_pnl > f.maintenance_margin {
        expr::prod(vec![
            expr::v(&format!("w{s}"), w, "weight of a positive health (Mango)"),
            h,
        ])
    } else {
        h
    }
}
