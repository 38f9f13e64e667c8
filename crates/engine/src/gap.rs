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
                // Only the rule changes: the market's other fee settings stay.
                let (in_margin, funding) = spec
                    .fees
                    .as_ref()
                    .map_or((false, false), |f| (f.close_in_margin, f.funding_in_requirement));
                x.fees = Some(FeesSpec {
                    taker,
                    close_in_requirement: rule,
                    close_in_margin: in_margin,
                    funding_in_requirement: funding,
                })
            }))?;
        }
    }

    // The neighbouring tier (the venue's brackets differ): the table
    // without the position's tier, so the one below reaches over its
    // bracket, or the one above starts at its floor. Amounts are derived,
    // so maintenance stays continuous.
    let table = book.market(m)?.tiers.tiers();
    let here = book.position_figures(i, engine)?.tier;
    let spec_of = |k: usize| {
        table.get(k).map(|t| TierSpec {
            floor: t.floor,
            cap: t.cap,
            mmr: t.mmr,
            cum: None,
            max_leverage: crate::limits::MAX_LEVERAGE,
        })
    };
    for (key, other) in [
        ("tier_below", here.checked_sub(1)),
        ("tier_above", here.checked_add(1)),
    ] {
        let (Some(k), Some(t)) = (other, other.and_then(|k| table.get(k))) else {
            continue;
        };
        let mut rows: Vec<TierSpec> = (0..table.len())
            .filter(|&j| j != here)
            .filter_map(spec_of)
            .collect();
        // Close the gap the removed tier leaves.
        let removed = table.get(here);
        if key == "tier_below" {
            if let Some(r) = rows.get_mut(k) {
                r.cap = removed.and_then(|x| x.cap);
            }
        } else if let Some(r) = rows.get_mut(here) {
            r.floor = removed.map_or(Decimal::ZERO, |x| x.floor);
        }
        let words = format!(
            "your venue puts the position in the {} tier: maintenance rate {}",
            if key == "tier_below" {
                "lower"
            } else {
                "higher"
            },
            t.mmr.normalize()
        );
        push(
            key,
            words,
            with_market(&|x| {
                x.preset = None;
                x.size_rates = None;
                x.tiers = Some(rows.clone());
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

    // The margin that gives the venue's price exactly, read at that price
    // from the same rules: `MM − uPnL` (in the settle asset), plus the
    // funding the margin paid over the holding time.
    if p.mode == MarginMode::Isolated {
        let f = book.position_figures(i, venue)?;
        let need = f
            .maintenance_margin
            .minus(f.unrealized_pnl)?
            .over(f.settle_price)?;
        let spec_margin = need.plus(p.funding_paid)?;
        let change = need.minus(p.margin)?;
        let coin = matches!(
            book.market(m)?.contract,
            crate::market::ContractKind::Inverse { .. }
        );
        let shown = crate::num::neg(change)
            .abs()
            .round_dp(if coin { 8 } else { 2 })
            .normalize();
        let words = if change.is_sign_negative() {
            format!("{shown} less margin on your venue: funding or fees already paid from it")
        } else {
            format!("{shown} more margin on your venue: margin added to the position")
        };
        if spec_margin > Decimal::ZERO {
            let mut s = sc.clone();
            if let Some(x) = s.positions.get_mut(i) {
                x.margin = Some(spec_margin);
            }
            push("margin", words, solve(&s, i))?;
        }
    }

    // Rounding to the tick.
    if let Some(tick) = spec.tick {
        // Toward the price, as the venues that round do (a long's up).
        let r = crate::rules::round_to_tick(engine, tick, p.side == Side::Long)?;
        // Rounding explains a gap exactly or not at all.
        if r == venue {
            push(
                "tick",
                format!("your venue rounds to the tick of {}", tick.normalize()),
                Some(r),
            )?;
        }
    }

    // The venue shows fewer decimals: ours rounded to as many.
    if venue.scale() < engine.scale() && engine.round_dp(venue.scale()) == venue {
        let r = venue;
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
