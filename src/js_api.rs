//! The JavaScript API: the engine's questions as functions over plain JS
//! objects in the scenario format (decimals as strings), exported from the
//! same wasm as the app.
//!
//! ```js
//! import init, { evaluate } from "./margin-lab.js";
//! await init();
//! const report = evaluate(scenario, { BTCUSDT: "52000" });
//! ```
//!
//! Every error is thrown as a JS `Error` whose message is "field: reason",
//! with `field` and `code` properties from the engine; never a wasm panic.
use margin_engine::report::{self, GridRequest, SweepRequest};
use margin_engine::scenario::{self, PriceMap, Scenario};
use margin_engine::{Book, Error};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A scenario object (see `Scenario` in the declarations) or its JSON text.
    #[wasm_bindgen(typescript_type = "Scenario | string")]
    pub type ScenarioArg;
    #[wasm_bindgen(typescript_type = "Prices | undefined | null")]
    pub type PricesArg;
    #[wasm_bindgen(typescript_type = "SweepRequest")]
    pub type SweepArg;
    #[wasm_bindgen(typescript_type = "GridRequest")]
    pub type GridArg;
    #[wasm_bindgen(typescript_type = "Prices[]")]
    pub type PathArg;
    #[wasm_bindgen(typescript_type = "{ hours_per_step?: Dec }")]
    pub type PathOptionsArg;
    #[wasm_bindgen(typescript_type = "ExplainRequest")]
    pub type ExplainArg;
    #[wasm_bindgen(typescript_type = "TimelineRequest")]
    pub type TimelineArg;
}

/// Converts an engine error into a JS `Error` carrying the field and code:
/// the one place where engine errors become JS values.
fn js_error(e: Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("MarginLabError");
    let _ = js_sys::Reflect::set(&err, &"field".into(), &e.field.clone().into());
    let _ = js_sys::Reflect::set(&err, &"code".into(), &e.kind.code().into());
    err.into()
}

/// Reads a JS value as `T` by way of its JSON text: the same parser as share
/// links, files and the CLI, so the API accepts exactly the scenario format.
/// (A serde deserializer straight over JS values would be a second parser,
/// and costs about 60 KB of wasm; `JSON.stringify` is native and fast.)
fn from_js<T: DeserializeOwned>(value: JsValue, field: &str) -> Result<T, JsValue> {
    let malformed = |message: String| {
        let e = Error::new(field, margin_engine::ErrorKind::Malformed { message });
        js_error(e)
    };
    // A cyclic object or a BigInt makes stringify throw; a function or
    // `undefined` gives no text at all.
    let text = js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| {
            malformed("expected plain data (objects, arrays, strings, numbers)".into())
        })?;
    scenario::from_json_text(&text).map_err(|mut e| {
        // serde_json ends its messages with " at line 1 column N" of a text
        // the caller never wrote; the field path says where instead.
        if let margin_engine::ErrorKind::Malformed { message } = &mut e.kind {
            if let Some(at) = message.rfind(" at line ") {
                message.truncate(at);
            }
        }
        js_error(if field.is_empty() { e } else { e.within(field) })
    })
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    // Maps as plain objects, so results look like the CLI's JSON.
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_sys::Error::new(&format!("cannot return the result: {e}")).into())
}

/// A scenario given as an object or as JSON text, validated into a book.
fn book(scenario: JsValue) -> Result<Book, JsValue> {
    Book::new(&scenario_of(scenario)?).map_err(js_error)
}

/// A scenario given as an object or as JSON text, read (not yet validated).
fn scenario_of(scenario: JsValue) -> Result<Scenario, JsValue> {
    if let Some(text) = scenario.as_string() {
        return Scenario::from_json(&text).map_err(js_error);
    }
    #[derive(Deserialize)]
    struct Probe {
        version: Option<serde_json::Value>,
    }
    let probe: Probe = from_js(scenario.clone(), "")?;
    scenario::check_version(probe.version.as_ref()).map_err(js_error)?;
    from_js(scenario, "")
}

fn prices(value: JsValue) -> Result<Option<PriceMap>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    from_js(value, "prices").map(Some)
}

/// Everything about the book at the given prices (default: the marks), the
/// same object as `margin-lab evaluate` prints.
#[wasm_bindgen(unchecked_return_type = "EvaluateReport")]
pub fn evaluate(scenario: ScenarioArg, prices_by_symbol: PricesArg) -> Result<JsValue, JsValue> {
    let book = book(scenario.into())?;
    let prices = prices(prices_by_symbol.into())?;
    to_js(&report::evaluate_report(&book, prices.as_ref()).map_err(js_error)?)
}

/// Liquidation prices: each position's (isolated: its own), the cross
/// account's per market `{down, up}`, bankruptcy prices and the whole-market move.
#[wasm_bindgen(js_name = liquidationPrices, unchecked_return_type = "LiquidationPrices")]
pub fn liquidation_prices(
    scenario: ScenarioArg,
    prices_by_symbol: PricesArg,
) -> Result<JsValue, JsValue> {
    let book = book(scenario.into())?;
    let prices = prices(prices_by_symbol.into())?;
    let r = report::evaluate_report(&book, prices.as_ref()).map_err(js_error)?;
    #[derive(Serialize)]
    struct Liquidation<'a> {
        positions: Vec<Position<'a>>,
        cross: &'a std::collections::BTreeMap<String, margin_engine::Bounds>,
        cross_bankruptcy: &'a std::collections::BTreeMap<String, margin_engine::Bounds>,
        market_move: &'a margin_engine::MoveThresholds,
    }
    #[derive(Serialize)]
    struct Position<'a> {
        market: &'a str,
        #[serde(with = "margin_engine::dec::option")]
        liquidation_price: Option<margin_engine::Decimal>,
        #[serde(with = "margin_engine::dec::option")]
        bankruptcy_price: Option<margin_engine::Decimal>,
    }
    let positions = r
        .positions
        .iter()
        .map(|p| Position {
            market: &p.market,
            liquidation_price: p.liquidation_price,
            bankruptcy_price: p.bankruptcy_price,
        })
        .collect();
    to_js(&Liquidation {
        positions,
        cross: &r.cross.liquidation_prices,
        cross_bankruptcy: &r.cross.bankruptcy_prices,
        market_move: &r.market_move,
    })
}

/// The book as configured, all cross and all isolated, with the verdict.
#[wasm_bindgen(unchecked_return_type = "Comparison")]
pub fn compare(scenario: ScenarioArg, prices_by_symbol: PricesArg) -> Result<JsValue, JsValue> {
    let book = book(scenario.into())?;
    let p = match prices(prices_by_symbol.into())? {
        Some(map) => book.prices_from(&map).map_err(js_error)?,
        None => book.marks(),
    };
    to_js(&book.compare(&p).map_err(js_error)?)
}

/// Account value of each variant along one market's price:
/// `{market, from, to, points?, prices?}`.
#[wasm_bindgen(unchecked_return_type = "Sweep")]
pub fn sweep(scenario: ScenarioArg, request: SweepArg) -> Result<JsValue, JsValue> {
    let book = book(scenario.into())?;
    let req: SweepRequest = from_js(request.into(), "request")?;
    to_js(&report::sweep_report(&book, &req).map_err(js_error)?)
}

/// Verdict over two markets' prices:
/// `{x_market, x_from, x_to, y_market, y_from, y_to, points?, prices?}`.
#[wasm_bindgen(unchecked_return_type = "Grid")]
pub fn grid(scenario: ScenarioArg, request: GridArg) -> Result<JsValue, JsValue> {
    let book = book(scenario.into())?;
    let req: GridRequest = from_js(request.into(), "request")?;
    to_js(&report::grid_report(&book, &req).map_err(js_error)?)
}

/// A price path walked with latched liquidations: `samples` is an array of
/// `{SYMBOL: "price"}` (a market left out keeps its previous price).
#[wasm_bindgen(unchecked_return_type = "PathReport")]
pub fn path(
    scenario: ScenarioArg,
    samples: PathArg,
    options: Option<PathOptionsArg>,
) -> Result<JsValue, JsValue> {
    #[derive(Deserialize, Default)]
    #[serde(deny_unknown_fields)]
    struct Options {
        #[serde(default, with = "margin_engine::dec::option")]
        hours_per_step: Option<margin_engine::Decimal>,
    }
    let book = book(scenario.into())?;
    let samples: Vec<PriceMap> = from_js(samples.into(), "path")?;
    let options: Options = match options.map(JsValue::from) {
        Some(o) if !o.is_undefined() && !o.is_null() => from_js(o, "options")?,
        _ => Options::default(),
    };
    to_js(&report::timed_path_report(&book, &samples, options.hours_per_step).map_err(js_error)?)
}

/// How a number was computed: `{subject: {of, position?, market?, side?},
/// variant?, prices?}` — the same explanation as the page's and the
/// CLI's `explain`, its steps evaluating to the number.
#[wasm_bindgen(unchecked_return_type = "Explanation")]
pub fn explain(scenario: ScenarioArg, request: ExplainArg) -> Result<JsValue, JsValue> {
    let book = book(scenario.into())?;
    let req: margin_engine::explain::ExplainRequest = from_js(request.into(), "request")?;
    to_js(&margin_engine::explain(&book, &req).map_err(js_error)?)
}

/// One market's liquidation prices against holding time, funding paid at
/// each interval: `{market, to, points?, variant?}`.
#[wasm_bindgen(unchecked_return_type = "Timeline")]
pub fn timeline(scenario: ScenarioArg, request: TimelineArg) -> Result<JsValue, JsValue> {
    let sc = scenario_of(scenario.into())?;
    let req: margin_engine::timeline::TimelineRequest = from_js(request.into(), "request")?;
    to_js(&margin_engine::timeline(&sc, &req).map_err(js_error)?)
}

/// The shipped scenarios: `[{id, title, lesson, scenario}]`.
#[wasm_bindgen(unchecked_return_type = "Sample[]")]
pub fn samples() -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    struct Sample {
        id: &'static str,
        title: &'static str,
        lesson: &'static str,
        scenario: Scenario,
    }
    let list = margin_engine::samples::SAMPLES
        .iter()
        .map(|s| {
            Ok(Sample {
                id: s.id,
                title: s.title,
                lesson: s.lesson,
                scenario: Scenario::from_json(s.json)?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()
        .map_err(js_error)?;
    to_js(&list)
}

/// The share-link fragment (`#v1=…`) of a scenario at the given prices, for
/// building links and embed URLs: `index.html` + fragment opens it.
#[wasm_bindgen(js_name = shareFragment)]
pub fn share_fragment(
    scenario: ScenarioArg,
    prices_by_symbol: PricesArg,
) -> Result<String, JsValue> {
    let value: JsValue = scenario.into();
    let book = book(value.clone())?;
    let scenario: Scenario = match value.as_string() {
        Some(text) => Scenario::from_json(&text).map_err(js_error)?,
        None => from_js(value, "")?,
    };
    let mut at = std::collections::BTreeMap::new();
    if let Some(map) = prices(prices_by_symbol.into())? {
        book.prices_from(&map).map_err(js_error)?;
        at.extend(map.into_iter().map(|(k, v)| (k, v.0)));
    }
    Ok(crate::io::share::encode(
        &scenario,
        &at,
        margin_engine::Decimal::ZERO,
    ))
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A decimal number written as a string, e.g. "60000.5" (never a JS number: it could lose digits). */
export type Dec = string;
/** Prices by market symbol, e.g. { BTCUSDT: "52000" }; markets left out stay at their mark. */
export type Prices = Record<string, Dec>;

/** The scenario format, version 2 (the same as share links and the CLI); version 1 is read too. */
export interface Scenario {
  /** 2 (1: one stablecoin wallet and linear markets, read and converted). */
  version: 1 | 2;
  /** The quote asset and unit of account, for display. Default "USDT". */
  quote?: string;
  /** Quote wallet: cross wallet + isolated margins of linear positions, at price 1, counted in full. Default "0". */
  wallet?: Dec;
  /** Version 2: the other assets held (coin collateral, the coin of inverse contracts). */
  assets?: Asset[];
  markets: Market[];
  positions?: Position[];
  settings?: {
    residual?: { rule: "forfeited" } | { rule: "returned"; fee_rate: Dec };
    /** Holding time in hours: each market's funding is paid for it first. */
    hours?: Dec;
    /** Binance's auto-exchange threshold (USD): a stablecoin debt above it is repaid by selling assets with an exchange_ratio. */
    auto_exchange?: Dec;
  };
}
export interface Market {
  symbol: string;
  /** Mark price. */
  mark: Dec;
  /** A shipped tier table, e.g. "binance-usdm-btcusdt-2024-10" (give one of preset, tiers, size_rates). */
  preset?: string;
  tiers?: Tier[];
  /** Margin rates linear in size (Deribit): rate = base + per_unit × size. */
  size_rates?: { maintenance: Rate; initial?: Rate };
  /** Sensitivity in a whole-market move (default "1"). */
  beta?: Dec;
  /** Inverse: size in contracts of contract_size USD, PnL and tiers in the coin. */
  contract?: "linear_perpetual" | "inverse_perpetual";
  /** Inverse: USD per contract (default "1"). */
  contract_size?: Dec;
  /** The asset PnL and isolated margin are paid in (default: the quote; inverse: the coin priced at this market). */
  settle?: string;
  /** Where maintenance margin is measured (default "mark"). */
  mm_basis?: "mark" | "entry";
  /** Price tick: liquidation prices are also given on it, rounded toward the price. */
  tick?: Dec;
  /** Funding: rate per interval (positive: longs pay), every every_hours hours (default "8"). */
  funding?: { rate: Dec; every_hours?: Dec; /** The rates of the first intervals, in order; `rate` after them. */ schedule?: Dec[] };
  /** A shipped venue profile whose rules this market follows (mm_basis, fees, size_rates must be its own; any taker rate). */
  venue?: string;
  /** Hedge mode (BTZO): the hedged part of each position margined at its entry price; a flat rate. */
  hedged_at_entry?: boolean;
  /** Mango's health rule: each position's health (PnL with its unsettled part − maintenance), weighted by positive_weight when positive, is added to its settle asset before that asset is valued; nothing is required beside it. A flat rate, linear, cross only, one position per market. */
  settle_health?: { positive_weight: Dec };
  /** Trading fees and where the venue counts the fee to close (default: not in the requirement). */
  fees?: {
    taker: Dec;
    /** "mark": taker × notional at the mark (Phemex); "bankruptcy": the fee to close at the leverage's bankruptcy price (Bybit); "account_bankruptcy": for a cross position at its cross balance's bankruptcy price with the fee inside (Bybit's older inverse). */
    close_in_requirement?: "none" | "mark" | "bankruptcy" | "account_bankruptcy";
    /** An isolated position's default margin also holds the fee to close (Phemex). */
    close_in_margin?: boolean;
    /** The funding rate counts in maintenance when it is a cost to the side (BTZO). */
    funding_in_requirement?: boolean;
  };
}
export interface Rate { base: Dec; per_unit: Dec }
/** An asset of the account: its units, price and how much of its value counts as margin. */
export interface Asset {
  asset: string;
  /** Units held (negative: a loan). */
  amount: Dec;
  /** Fixed (default 1) or following a market: { market } or { market, beta (0..1], mark }. */
  price?: { fixed?: Dec; market?: string; beta?: Dec; mark?: Dec };
  /** Flat collateral ratio (default "1"), or a table, or a shipped preset (one of the three). */
  ratio?: Dec;
  tiers?: { by?: "value" | "quantity"; apply?: "slices" | "whole"; rows: { floor: Dec; ratio: Dec }[] };
  preset?: string;
  /** Weight of a negative balance (default "1"). */
  liability_weight?: Dec;
  /** Interest a year on a loan (a negative amount), accrued over settings.hours, e.g. "0.08". */
  borrow_rate?: Dec;
  /** Drift's size discount (IMF factor, with a flat ratio): the ratio falls to 1.1/(1 + imf·√amount) when lower. */
  size_discount?: Dec;
  /** Binance's auto-exchange: the rate (0, 1] at which it is sold to repay a stablecoin debt above settings.auto_exchange. */
  exchange_ratio?: Dec;
}
export interface Tier {
  /** Notional bracket: floor <= notional < cap (cap null for the last tier). */
  floor: Dec;
  cap: Dec | null;
  /** Maintenance margin rate, e.g. "0.004". */
  mmr: Dec;
  /** Maintenance amount; derived (continuous margin) when omitted. */
  cum?: Dec;
  max_leverage: Dec;
}
export interface Position {
  market: string;
  side: "long" | "short";
  /** Size in base units (inverse: contracts). */
  size: Dec;
  entry: Dec;
  leverage: Dec;
  mode: "cross" | "isolated";
  /** Isolated margin in the settle asset (default size × entry ÷ leverage; inverse N ÷ entry ÷ leverage coins); isolated only. */
  margin?: Dec;
  /** PnL realized but not settled (Mango's quote position beyond the entry cost), in settle units; only under settle_health. */
  unsettled?: Dec;
}
export interface SweepRequest { market: string; from: Dec; to: Dec; points?: number; prices?: Prices }
export interface GridRequest {
  x_market: string; x_from: Dec; x_to: Dec;
  y_market: string; y_from: Dec; y_to: Dec;
  /** Points per axis (default 256). */
  points?: number; prices?: Prices;
}

/** Liquidation boundaries on either side of the current value (null: none). */
export interface Bounds { down: Dec | null; up: Dec | null }
export interface PositionReport {
  index: number; market: string; side: "long" | "short"; mode: "cross" | "isolated";
  size: Dec; entry: Dec; leverage: Dec;
  /** Isolated margin; null for a cross position. */
  margin: Dec | null;
  price: Dec; notional: Dec; unrealized_pnl: Dec; initial_margin: Dec;
  maintenance_margin: Dec; maintenance_rate: Dec;
  /** Tier index (0-based) of the notional at this price. */
  tier: number;
  /** Isolated: margin + uPnL (null for cross). */
  margin_balance: Dec | null;
  /** Isolated: MM ÷ margin balance (null when the balance is <= 0, or cross). */
  margin_ratio: Dec | null;
  /** Isolated: margin + uPnL <= MM. */
  liquidated: boolean;
  /** Isolated: its own liquidation price; null for cross or none. */
  liquidation_price: Dec | null;
  bankruptcy_price: Dec | null;
  /** Signed relative distance to the nearest liquidation price (-0.2 = a 20 % fall). */
  distance_to_liquidation: Dec | null;
  /** Isolated, in a market with a tick: the liquidation price on the tick, rounded toward the price. */
  liquidation_price_at_tick?: Dec;
  /** Inverse: the same figures in the coin. */
  coin?: { notional: Dec; unrealized_pnl: Dec; maintenance_margin: Dec; margin_balance: Dec | null };
  /** A market with fees: the position's costs in its settle asset. */
  costs?: { initial_margin: Dec; fee_to_open: Dec; fee_to_close: Dec; order_cost: Dec };
  /** Funding paid over the holding time in the settle asset (negative: received). */
  funding_paid?: Dec;
}
/** An asset of the cross account at the prices. */
export interface AssetReport { asset: string; units: Dec; price: Dec; balance: Dec; margin_value: Dec; /** A loan's interest over the holding time (in units), when any. */ interest?: Dec; /** Units the auto-exchange sold (−) or repaid (+), when any. */ exchanged?: Dec }
export interface CrossReport {
  /** What the cross account holds at market value. */
  wallet: Dec; unrealized_pnl: Dec;
  /** Cross wallet + Σ cross uPnL, each asset valued at its collateral ratio. */
  equity: Dec;
  /** The same at market value (before collateral ratios). */
  market_equity: Dec; maintenance_margin: Dec; initial_margin: Dec;
  /** Σ MM ÷ equity (liquidation at >= 1); null without cross positions or equity <= 0. */
  margin_ratio: Dec | null;
  available_balance: Dec;
  /** Number of cross positions. */
  positions: number;
  liquidated: boolean;
  /** Per market with a cross position, the other markets held at their prices. */
  liquidation_prices: Record<string, Bounds>;
  bankruptcy_prices: Record<string, Bounds>;
  /** Markets with a tick: the liquidation prices on it, rounded toward the price. */
  liquidation_prices_at_tick?: Record<string, Bounds>;
}
/** Whole-market move x (every price × (1 + beta·x)) that liquidates, as fractions. */
export interface MoveThresholds { cross: Bounds; positions: (Bounds | null)[] }
export type Variant = "as_configured" | "all_cross" | "all_isolated";
export interface Outcome {
  variant: Variant;
  /** Wallet + uPnL after liquidations. */
  account_value: Dec;
  cross_liquidated: boolean;
  cross_wallet: Dec;
  /** Input indices of the liquidated isolated positions. */
  liquidated_positions: number[];
  isolated_margin_lost: Dec;
  wallet_lost: Dec;
  positions: number;
}
export type Verdict = "neither" | "cross_wiped_isolated_survives" | "isolated_loses_cross_survives" | "both";
export interface Comparison { as_configured: Outcome; all_cross: Outcome; all_isolated: Outcome; verdict: Verdict }
export interface EvaluateReport {
  quote: string;
  prices: Record<string, Dec>;
  positions: PositionReport[];
  cross: CrossReport;
  /** The cross account's assets (one, the quote wallet, for a version-1 book). */
  assets: AssetReport[];
  market_move: MoveThresholds;
  account_value: Dec;
  /** Null (with comparison_error) when the wallet cannot fund the all-isolated book. */
  comparison: Comparison | null;
  comparison_error?: { field: string; kind: { code: string } };
  /** The verdict in money and in time. */
  story: Story;
}
/** The liquidation nearest to the prices: one market's move, the others held. */
export interface Threat {
  market: string;
  /** The isolated position it liquidates; null: the cross account. */
  position: number | null;
  /** The market's price at which it happens. */
  price: Dec;
  /** (price − current) ÷ current: negative is a fall. */
  distance: Dec;
}
export interface SetUp {
  variant: Variant;
  /** Wallet + PnL after liquidations, at these prices. */
  holds: Dec;
  /** What liquidations can still take: the cross wallet while the cross account stands, plus each open isolated margin. */
  at_stake: Dec;
  /** What liquidations at these prices took for good. */
  locked_loss: Dec;
  /** What it would hold if every price went back to its mark (liquidations stay done). */
  at_return: Dec;
  nearest_threat: Threat | null;
}
export interface Story {
  /** The set-up the telling starts from: as configured when the book mixes modes. */
  lead: Variant;
  set_ups: SetUp[];
  /** All cross vs all isolated: who holds more now, and after a return to the marks (null: the same). */
  ahead_now: Variant | null;
  ahead_at_return: Variant | null;
}
export interface LiquidationPrices {
  positions: { market: string; liquidation_price: Dec | null; bankruptcy_price: Dec | null }[];
  cross: Record<string, Bounds>;
  cross_bankruptcy: Record<string, Bounds>;
  market_move: MoveThresholds;
}
export interface Sweep {
  market: string;
  prices: Dec[];
  series: { variant: Variant; values: Dec[]; cross_liquidated: boolean[]; isolated_liquidated: number[] }[];
}
export interface Grid {
  x_market: string; y_market: string; xs: Dec[]; ys: Dec[];
  /** Row-major over ys then xs: 0 neither, 1 cross wiped while isolated survives, 2 isolated loses while cross survives, 3 both. */
  cells: number[];
}
export interface PathEvent {
  /** The event lies between sample `step` and `step + 1`, at fraction t. */
  step: number; t: Dec;
  /** Prices at the event, one per market in scenario order. */
  prices: Dec[];
  kind: "isolated" | "cross" | "funding";
  /** kind "isolated": the position; kind "cross": the positions closed; kind "funding": the positions that paid. */
  position?: number; positions?: number[];
  /** kind "funding" (a walk with hours_per_step): what each paid, in its settle units (negative: received). */
  paid?: Dec[];
  /** kind "funding": a loan's interest and what the auto-exchange sold (−) or repaid (+), by asset (absent when none). */
  interest?: Dec[]; exchanged?: Dec[];
  /** kind "funding": the holding time reached (hours), and what was paid in the account's unit (negative: received). */
  hours?: Dec; cost?: Dec;
  wallet_lost: Dec; account_value_after: Dec;
}
export interface PathReport {
  markets: string[];
  variants: { variant: Variant; events: PathEvent[]; open: boolean[]; wallet: Dec; final_value: Dec; wallet_lost: Dec; maintenance_margin: Dec; margin_ratio: Dec | null; /** Hours the walk's clock moved, and what funding and interest cost on the way (negative: received). */ hours: Dec; funding_cost: Dec }[];
}
export interface Sample { id: string; title: string; lesson: string; scenario: Scenario }
/** What every function throws on bad input: message "field: reason". */
/** What `explain` explains. */
export type Subject =
  | { of: "liquidation_price"; position: number }
  | { of: "cross_liquidation_price"; market: string; side: "below" | "above" }
  | { of: "maintenance_margin"; position?: number }
  | { of: "opening_margin"; position: number }
  | { of: "account_value" }
  | { of: "at_stake" }
  | { of: "lost_for_good" };
export interface ExplainRequest { subject: Subject; variant?: Variant; prices?: Prices }
/** A formula: leaves are the book's numbers with their symbols; evaluating it gives the step's value. */
export type Expr =
  | { op: "value"; symbol: string; value: Dec; meaning: string }
  | { op: "step"; symbol: string; value: Dec }
  | { op: "sum"; terms: Expr[] }
  | { op: "product"; factors: Expr[] }
  | { op: "difference" | "quotient" | "max"; left: Expr; right: Expr }
  | { op: "negative"; of: Expr }
  | { op: "rounded"; of: Expr; digits: number };
export interface Step { symbol: string; label: string; expr: Expr; value: Dec; test?: { against: string; liquidated: boolean } }
export interface TierChoice { position: number; market: string; tier: number; tiers: number; floor: Dec; cap: Dec | null; rate: Dec; amount: Dec; notional: Dec; notional_expr: Expr; text: string }
export interface Explanation { title: string; result: Dec | null; rule: string; steps: Step[]; tiers: TierChoice[]; notes: string[] }
export interface TimelineRequest { market: string; to: Dec; points?: number; variant?: Variant }
export interface TimeLine { of: "isolated" | "cross_below" | "cross_above"; position?: number; prices: (Dec | null)[]; funding_paid: Dec[] }
export interface Timeline { market: string; hours: Dec[]; lines: TimeLine[] }
export interface MarginLabError extends Error { name: "MarginLabError"; field: string; code: string }
"#;
