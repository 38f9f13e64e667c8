//! The answers the CLI prints and the JS API returns, in one serde shape:
//! decimals as strings, positions in input order, markets by symbol.
use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::analysis::{Analyzer, Snapshot, Story};
use crate::book::{Book, Prices};
use crate::compare::{Comparison, Variant};
use crate::dec::{self, Dec};
use crate::error::{Error, ErrorKind};
use crate::grid::Grid;
use crate::line::Boundary;
use crate::liquidation::{Bounds, MoveThresholds};
use crate::path::PathResult;
use crate::position::{MarginMode, Side};
use crate::scenario::PriceMap;
use crate::state::{CrossState, PositionState};
use crate::sweep::{axis, Sweep};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PositionReport {
    pub index: usize,
    pub market: String,
    pub side: Side,
    pub mode: MarginMode,
    #[serde(with = "dec::string")]
    pub size: Decimal,
    #[serde(with = "dec::string")]
    pub entry: Decimal,
    #[serde(with = "dec::string")]
    pub leverage: Decimal,
    /// Isolated margin (null for a cross position).
    #[serde(with = "dec::option")]
    pub margin: Option<Decimal>,
    #[serde(flatten)]
    pub state: PositionState,
    /// Isolated: its own liquidation price; null for a cross position (see
    /// `cross.liquidation_prices`) or when it never liquidates.
    #[serde(with = "dec::option")]
    pub liquidation_price: Option<Decimal>,
    /// Isolated: where its margin balance reaches zero.
    #[serde(with = "dec::option")]
    pub bankruptcy_price: Option<Decimal>,
    /// Signed relative distance from the price to the nearest liquidation
    /// price that concerns this position (its own, or the cross account's
    /// along its market): −0.2 = a 20 % fall liquidates it.
    #[serde(with = "dec::option")]
    pub distance_to_liquidation: Option<Decimal>,
    /// Isolated, in a market with a tick: its liquidation price on the
    /// tick, rounded toward the current price (a long's up, a short's down).
    #[serde(with = "dec::option", skip_serializing_if = "Option::is_none")]
    pub liquidation_price_at_tick: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossReport {
    #[serde(flatten)]
    pub state: CrossState,
    /// Per market with a cross position: the liquidation prices below and
    /// above the current price, the other markets held at their prices.
    pub liquidation_prices: BTreeMap<String, Bounds>,
    pub bankruptcy_prices: BTreeMap<String, Bounds>,
    /// The same on each market's tick, rounded toward the current price
    /// (markets with a tick only).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub liquidation_prices_at_tick: BTreeMap<String, Bounds>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvaluateReport {
    pub quote: String,
    pub prices: BTreeMap<String, Dec>,
    pub positions: Vec<PositionReport>,
    pub cross: CrossReport,
    /// The cross account's assets at these prices (version 2; one, the
    /// quote wallet, for a version-1 book).
    pub assets: Vec<crate::state::AssetState>,
    /// The same book with its coins' starting value held in stablecoins
    /// instead (when the cross account holds coins that follow a market).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub funding: Option<crate::funding::FundingComparison>,
    /// Whole-market move (every price × (1 + beta·x)) that liquidates.
    pub market_move: MoveThresholds,
    #[serde(with = "dec::string")]
    pub account_value: Decimal,
    /// As configured, all cross, all isolated; null with `comparison_error`
    /// when the wallet cannot fund the all-isolated book.
    pub comparison: Option<Comparison>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison_error: Option<Error>,
    /// The verdict in money and in time: what each set-up holds, can still
    /// lose, lost for good and would hold if prices returned to the marks.
    pub story: Story,
}

/// Everything about the book at `prices` (the marks when `None`).
pub fn evaluate_report(book: &Book, prices: Option<&PriceMap>) -> Result<EvaluateReport, Error> {
    let prices = match prices {
        Some(map) => book.prices_from(map)?,
        None => book.marks(),
    };
    let analyzer = Analyzer::new(book.clone())?;
    let snapshot = analyzer.snapshot(&prices, None)?;
    report_of(&analyzer, &snapshot)
}

/// The report of a snapshot (its as-configured variant and the comparison).
pub fn report_of(analyzer: &Analyzer, snapshot: &Snapshot) -> Result<EvaluateReport, Error> {
    let book = analyzer.book();
    let prices = snapshot.prices();
    let at = snapshot
        .variant(Variant::AsConfigured)
        .ok_or_else(|| Error::internal("as-configured variant missing"))?;
    let mut liq = BTreeMap::new();
    let mut bank = BTreeMap::new();
    let mut ticked = BTreeMap::new();
    if let Some(cross) = &at.cross {
        for m in cross.markets() {
            let (symbol, price) = (book.market(m)?.symbol.clone(), prices.get(m)?);
            if let Some(b) = cross.liquidation(m, price) {
                if let Some(tick) = book.market(m)?.tick {
                    ticked.insert(symbol.clone(), b.to_tick(tick)?);
                }
                liq.insert(symbol.clone(), b);
            }
            if let Some(b) = cross.bankruptcy(m, price) {
                bank.insert(symbol, b);
            }
        }
    }
    let mut positions = Vec::with_capacity(book.positions.len());
    for (i, p) in book.positions.iter().enumerate() {
        let pa = snapshot.position(analyzer, Variant::AsConfigured, i)?;
        let at_tick = match (book.market(p.market)?.tick, pa.liquidation_price) {
            (Some(tick), Some(lp)) => {
                let b = Bounds::of_isolated(p.side, Some(lp)).to_tick(tick)?;
                b.down.or(b.up)
            }
            _ => None,
        };
        positions.push(PositionReport {
            index: i,
            market: book.market(p.market)?.symbol.clone(),
            side: p.side,
            mode: p.mode,
            size: p.size,
            entry: p.entry,
            leverage: p.leverage,
            margin: (p.mode == MarginMode::Isolated).then_some(p.margin),
            state: pa.state,
            liquidation_price: pa.liquidation_price,
            bankruptcy_price: pa.bankruptcy_price,
            distance_to_liquidation: pa.distance,
            liquidation_price_at_tick: at_tick,
        });
    }
    let (comparison, comparison_error) = match analyzer.comparison(snapshot) {
        Ok(c) => (Some(c), None),
        Err(e) => (None, Some(e)),
    };
    Ok(EvaluateReport {
        quote: book.quote.clone(),
        prices: price_map(book, prices),
        positions,
        cross: CrossReport {
            state: at.cross_state.clone(),
            liquidation_prices: liq,
            bankruptcy_prices: bank,
            liquidation_prices_at_tick: ticked,
        },
        assets: book.assets_at(prices)?,
        funding: book.funding_comparison(prices)?,
        market_move: book.market_move(prices, Boundary::Liquidation)?,
        account_value: at.totals.account_value,
        comparison,
        comparison_error,
        story: analyzer.story(snapshot)?,
    })
}

fn price_map(book: &Book, prices: &Prices) -> BTreeMap<String, Dec> {
    book.markets
        .iter()
        .zip(&prices.0)
        .map(|(m, p)| (m.symbol.clone(), Dec(*p)))
        .collect()
}

/// A sweep request: one market's price over a range, others at `prices`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepRequest {
    pub market: String,
    #[serde(with = "dec::string")]
    pub from: Decimal,
    #[serde(with = "dec::string")]
    pub to: Decimal,
    #[serde(default = "default_points")]
    pub points: usize,
    #[serde(default)]
    pub prices: PriceMap,
}

fn default_points() -> usize {
    1_000
}

pub fn sweep_report(book: &Book, req: &SweepRequest) -> Result<Sweep, Error> {
    let m = book.market_named(&req.market, "market")?;
    let base = book.prices_from(&req.prices)?;
    book.sweep(&base, m, axis(req.from, req.to, req.points, "range")?)
}

/// A grid request: two markets' prices over ranges, others at `prices`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GridRequest {
    pub x_market: String,
    #[serde(with = "dec::string")]
    pub x_from: Decimal,
    #[serde(with = "dec::string")]
    pub x_to: Decimal,
    pub y_market: String,
    #[serde(with = "dec::string")]
    pub y_from: Decimal,
    #[serde(with = "dec::string")]
    pub y_to: Decimal,
    #[serde(default = "default_grid")]
    pub points: usize,
    #[serde(default)]
    pub prices: PriceMap,
}

fn default_grid() -> usize {
    256
}

pub fn grid_report(book: &Book, req: &GridRequest) -> Result<Grid, Error> {
    let mx = book.market_named(&req.x_market, "x_market")?;
    let my = book.market_named(&req.y_market, "y_market")?;
    let base = book.prices_from(&req.prices)?;
    let xs = axis(req.x_from, req.x_to, req.points, "x")?;
    let ys = axis(req.y_from, req.y_to, req.points, "y")?;
    book.grid(&base, mx, my, xs, ys)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariantPath {
    pub variant: Variant,
    #[serde(flatten)]
    pub result: PathResult,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathReport {
    pub markets: Vec<String>,
    /// As configured, all cross and all isolated (when the wallet funds it).
    pub variants: Vec<VariantPath>,
}

/// Samples as price maps; a market missing from a sample keeps its price
/// from the sample before (the mark for the first).
pub fn path_samples(book: &Book, samples: &[PriceMap]) -> Result<Vec<Prices>, Error> {
    let mut out = Vec::with_capacity(samples.len());
    let mut current = book.marks();
    for (k, s) in samples.iter().enumerate() {
        current = book.override_prices(current, s, &format!("path[{k}]"))?;
        out.push(current.clone());
    }
    Ok(out)
}

pub fn path_report(book: &Book, samples: &[PriceMap]) -> Result<PathReport, Error> {
    timed_path_report(book, samples, None)
}

/// [`path_report`] with the samples `hours_per_step` apart: funding falls
/// due on the way (`PathWalker::timed`).
pub fn timed_path_report(
    book: &Book,
    samples: &[PriceMap],
    hours_per_step: Option<Decimal>,
) -> Result<PathReport, Error> {
    let samples = path_samples(book, samples)?;
    let mut variants = Vec::new();
    for v in Variant::ALL {
        let Ok(b) = v.apply(book) else { continue };
        variants.push(VariantPath {
            variant: v,
            result: b.walk_timed(&samples, hours_per_step)?,
        });
    }
    Ok(PathReport {
        markets: book.markets.iter().map(|m| m.symbol.clone()).collect(),
        variants,
    })
}

/// An error for a request that is not JSON of the expected shape.
pub fn request_error(what: &str, e: impl std::fmt::Display) -> Error {
    Error::new(
        what,
        ErrorKind::Malformed {
            message: e.to_string(),
        },
    )
}
