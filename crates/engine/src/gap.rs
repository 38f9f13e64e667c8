//! "Compare with my exchange": the liquidation price a trader's venue shows
//! for a position against the engine's, and the likely reasons for a gap,
//! ranked by how close each alternative rule brings the engine's price to
//! the venue's (docs/model.md §12).
//!
//! Each reason is the same book with one rule changed, solved again by the
//! same solver — maintenance on the other basis, the fee to close counted at
//! the mark or at the bankruptcy price, the neighbouring tier's rate, the
//! position alone in isolated margin or in cross — plus two that are
//! measured rather than solved: the margin difference (funding or fees
//! already paid) that would give the venue's price exactly, and rounding (to
//! the market's tick, or to the decimals the venue shows).
use rust_decimal::Decimal;
use serde::Serialize;

use crate::book::Book;
use crate::dec;
use crate::error::{Error, ErrorKind};
use crate::line::Boundary;
use crate::num::Checked;
use crate::position::{MarginMode, Side};
use crate::scenario::{CloseFee, FeesSpec, MmBasis, ModeSpec, Scenario, TierSpec};

/// A taker rate to try when the market has none (Bybit's example rate).
const TRY_TAKER: Decimal = Decimal::from_parts(55, 0, 0, false, 5);

/// Why the venue's price may differ, with the engine's price under it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    /// A stable key: "mm_basis", "fee_mark", "fee_bankruptcy",
    /// "tier_below", "tier_above", "isolated", "cross", "margin", "tick",
    /// "rounding".
    pub key: &'static str,
    /// In words, for the page and the CLI.
    pub words: String,
    /// The engine's liquidation price under this reason.
    #[serde(with = "dec::string")]
    pub price: Decimal,
    /// `|price − venue's| ÷ venue's`.
    #[serde(with = "dec::string")]
    pub remaining: Decimal,
}

/// The comparison for one position.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    /// The engine's liquidation price (the position's own if isolated; the
    /// cross account's along its market, on its side, if cross).
    #[serde(with = "dec::string")]
    pub engine: Decimal,
    #[serde(with = "dec::string")]
    pub venue: Decimal,
    /// `venue − engine`, and that relative to the engine's price.
    #[serde(with = "dec::string")]
    pub difference: Decimal,
    #[serde(with = "dec::string")]
    pub relative: Decimal,
    /// Reasons, the most likely (closest to the venue's price) first; only
    /// those that move the price toward the venue's. The margin that would
    /// give the venue's price exactly comes last: it fits by construction.
    pub reasons: Vec<Reason>,
}

/// The liquidation price of position `i` in `book`: isolated, its own;
/// cross, the cross account's nearest on its side along its market.
fn price_of(book: &Book, i: usize) -> Result<Option<Decimal>, Error> {
    let p = book.position(i)?;
    match p.mode {
        MarginMode::Isolated => book.isolated_liquidation_price(i, Boundary::Liquidation),
        MarginMode::Cross => Ok(book
            .cross_liquidation(&book.marks(), p.market, Boundary::Liquidation)?
            .and_then(|c| match p.side {
                Side::Long => c.bounds.down,
                Side::Short => c.bounds.up,
            })),
    }
}

fn solve(sc: &Scenario, i: usize) -> Option<Decimal> {
    let book = Book::new(sc).ok()?;
    price_of(&book, i).ok().flatten()
}

fn remaining(price: Decimal, venue: Decimal) -> Result<Decimal, Error> {
    price.minus(venue)?.abs().over(venue)
}

/// Compares position `i`'s liquidation price in scenario `sc` with
/// `venue`, the one the trader's venue shows (errors name `position` or
/// `venue_price`).
pub fn compare(sc: &Scenario, i: usize, venue: Decimal) -> Result<Gap, Error> {
    crate::limits::price(venue).map_err(|e| e.within("venue_price"))?;
    let book = Book::new(sc)?;
    let p = book.position(i).map_err(|e| e.within("position"))?.clone();
    let engine = price_of(&book, i)?.ok_or_else(|| {
        Error::new(
            "position",
            ErrorKind::Malformed {
                message: "this position has no liquidation price to compare".to_owned(),
            },
        )
    })?;
    let m = p.market;
    let spec = sc
        .markets
        .get(m)
        .ok_or_else(|| Error::internal("market index"))?;
    let mut sc = sc.clone();
    sc.version = crate::scenario::VERSION;
    let base_gap = remaining(engine, venue)?;
    let mut reasons = Vec::new();
    let mut push =
        |key: &'static str, words: String, price: Option<Decimal>| -> Result<(), Error> {
            if let Some(price) = price {
                let left = remaining(price, venue)?;
                if left < base_gap {
                    reasons.push(Reason {
                        key,
                        words,
                        price,
                        remaining: left,
                    });
                }
            }
            Ok(())
        };
    let with_market = |f: &dyn Fn(&mut crate::scenario::MarketSpec)| {
        let mut s = sc.clone();
        if let Some(x) = s.markets.get_mut(m) {
            x.venue = None;
            f(x);
        }
        solve(&s, i)
    };

    // Maintenance on the other basis.
    let (basis, words) = match spec.mm_basis {
        MmBasis::Mark => (MmBasis::Entry, "your venue measures maintenance on the entry value, not the mark (BitMEX, KuCoin, Bybit's older rule)"),
        MmBasis::Entry => (MmBasis::Mark, "your venue measures maintenance on the mark price, not the entry value (Binance, OKX, Bybit's current account)"),
    };
    push(
        "mm_basis",
        words.to_owned(),
        with_market(&|x| x.mm_basis = basis),
    )?;

    // The fee to close inside the requirement.
    let taker = spec.fees.as_ref().map_or(TRY_TAKER, |f| f.taker);
    let close = spec
        .fees
        .as_ref()
        .map_or(CloseFee::None, |f| f.close_in_requirement);
    for (rule, key, words) in [
        (CloseFee::Mark, "fee_mark", "your venue counts the fee to close at the mark in maintenance (Phemex; OKX's liquidation fee)"),
        (CloseFee::Bankruptcy, "fee_bankruptcy", "your venue counts the fee to close at the bankruptcy price in maintenance (Bybit's estimated fee to close)"),
    ] {
        if close != rule {
            let words = format!("{words}, at a taker rate of {}", taker.normalize());
            push(key, words, with_market(&|x| {
                x.fees = Some(FeesSpec {
                    taker,
                    close_in_requirement: rule,
                    close_in_margin: false,
                    funding_in_requirement: false,
                })
            }))?;
        }
    }

    // The neighbouring tiers' rates (the venue's table, or the tier it
    // puts the position in, differs).
    let table = book.market(m)?.tiers.tiers();
    let here = book.position_figures(i, engine)?.tier;
    for (key, k) in [
        ("tier_below", here.checked_sub(1)),
        ("tier_above", here.checked_add(1)),
    ] {
        let Some(t) = k.and_then(|k| table.get(k)) else {
            continue;
        };
        let words = format!(
            "your venue puts the position in a {} tier: maintenance rate {} and amount {}",
            if key == "tier_below" {
                "lower"
            } else {
                "higher"
            },
            t.mmr.normalize(),
            t.cum.normalize()
        );
        let flat = TierSpec {
            floor: Decimal::ZERO,
            cap: None,
            mmr: t.mmr,
            cum: Some(t.cum),
            max_leverage: crate::limits::MAX_LEVERAGE,
        };
        push(
            key,
            words,
            with_market(&|x| {
                x.preset = None;
                x.size_rates = None;
                x.tiers = Some(vec![flat.clone()]);
            }),
        )?;
    }

    // The other margin mode for this position.
    let mut s = sc.clone();
    if let Some(x) = s.positions.get_mut(i) {
        let (mode, key, words) = match p.mode {
            MarginMode::Cross => (
                ModeSpec::Isolated,
                "isolated",
                "on your venue the position is isolated (only its own margin backs it)",
            ),
            MarginMode::Isolated => (
                ModeSpec::Cross,
                "cross",
                "on your venue the position is in cross (the whole cross wallet backs it)",
            ),
        };
        x.mode = mode;
        x.margin = None;
        push(key, words.to_owned(), solve(&s, i))?;
    }

    // The margin that gives the venue's price exactly: linear in the
    // margin for an isolated position (PnL and requirement move with the
    // price, not with the margin), so one more solve finds the slope.
    if p.mode == MarginMode::Isolated {
        let step = p.margin.max(Decimal::ONE).over(Decimal::from(100))?;
        let mut s = sc.clone();
        if let Some(x) = s.positions.get_mut(i) {
            x.margin = Some(p.margin.plus(step)?);
        }
        if let Some(moved) = solve(&s, i) {
            let per_unit = moved.minus(engine)?.over(step)?;
            if !per_unit.is_zero() {
                let need = venue.minus(engine)?.over(per_unit)?;
                let words = if need.is_sign_negative() {
                    format!(
                        "{} less margin on your venue: funding or fees already paid from it",
                        crate::num::neg(need).round_dp(2)
                    )
                } else {
                    format!(
                        "{} more margin on your venue: margin added to the position",
                        need.round_dp(2)
                    )
                };
                let mut s = sc.clone();
                if let Some(x) = s.positions.get_mut(i) {
                    x.margin = p.margin.plus(need).ok().filter(|v| *v > Decimal::ZERO);
                }
                if s.positions.get(i).is_some_and(|x| x.margin.is_some()) {
                    push("margin", words, solve(&s, i))?;
                }
            }
        }
    }

    // Rounding to the tick.
    if let Some(tick) = spec.tick {
        // Toward the price, as the venues that round do (a long's up).
        let r = crate::rules::round_to_tick(engine, tick, p.side == Side::Long)?;
        push(
            "tick",
            format!("your venue rounds to the tick of {}", tick.normalize()),
            Some(r),
        )?;
    }

    // The venue shows fewer decimals: ours rounded to as many.
    if venue.scale() < engine.scale() {
        let r = engine.round_dp(venue.scale());
        push(
            "rounding",
            format!(
                "your venue shows the price rounded to {} decimal places",
                venue.scale()
            ),
            Some(r),
        )?;
    }

    // Rules by how close they come; the fitted margin last, since it meets
    // the venue's price by construction.
    reasons.sort_by_key(|r| (r.key == "margin", r.remaining));
    let difference = venue.minus(engine)?;
    Ok(Gap {
        engine,
        venue,
        difference,
        relative: difference.over(engine)?,
        reasons,
    })
}
