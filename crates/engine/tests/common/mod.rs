// Shared helpers for the engine's integration tests (included with `mod common;`).
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

pub mod books;
pub mod coins;

use std::str::FromStr;

use margin_engine::scenario::{
    LeverageSpec, MarketSpec, ModeSpec, PositionSpec, Scenario, SideSpec, TierSpec,
};
use margin_engine::Decimal;

pub fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|_| panic!("bad decimal {s}"))
}

/// A single-tier table: flat rate, no maintenance amount.
pub fn flat(mmr: &str, max_leverage: &str) -> Vec<TierSpec> {
    vec![TierSpec {
        floor: d("0"),
        cap: None,
        mmr: d(mmr),
        cum: None,
        max_leverage: d(max_leverage),
    }]
}

/// Rows `(floor, cap, mmr, cum, max_leverage)`.
pub fn table(rows: &[(&str, Option<&str>, &str, &str, &str)]) -> Vec<TierSpec> {
    rows.iter()
        .map(|(f, c, m, cum, l)| TierSpec {
            floor: d(f),
            cap: c.map(d),
            mmr: d(m),
            cum: Some(d(cum)),
            max_leverage: d(l),
        })
        .collect()
}

pub fn market(symbol: &str, mark: &str, tiers: Vec<TierSpec>) -> MarketSpec {
    MarketSpec {
        symbol: symbol.into(),
        mark: d(mark),
        preset: None,
        tiers: Some(tiers),
        beta: Decimal::ONE,
        ..Default::default()
    }
}

pub fn preset_market(symbol: &str, mark: &str, preset: &str) -> MarketSpec {
    MarketSpec {
        preset: Some(preset.into()),
        tiers: None,
        ..market(symbol, mark, vec![])
    }
}

pub fn pos(
    market: &str,
    long: bool,
    size: &str,
    entry: &str,
    leverage: &str,
    isolated: bool,
) -> PositionSpec {
    PositionSpec {
        market: market.into(),
        side: if long {
            SideSpec::Long
        } else {
            SideSpec::Short
        },
        size: d(size),
        entry: d(entry),
        leverage: LeverageSpec(d(leverage)),
        unsettled: None,
        mode: if isolated {
            ModeSpec::Isolated
        } else {
            ModeSpec::Cross
        },
        margin: None,
    }
}

pub fn scenario(wallet: &str, markets: Vec<MarketSpec>, positions: Vec<PositionSpec>) -> Scenario {
    Scenario {
        version: margin_engine::scenario::VERSION,
        quote: "USDT".into(),
        wallet: d(wallet),
        markets,
        positions,
        ..Default::default()
    }
}

/// The string at `key` of a reference case's JSON.
pub fn s<'a>(v: &'a serde_json::Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
}

/// |a − b| ≤ tol.
pub fn close(a: Decimal, b: Decimal, tol: Decimal) -> bool {
    (a - b).abs() <= tol
}

/// The cases `tests/venue_rules.rs` reproduces (the coverage tests of
/// `reference.rs` and `collateral.rs` accept these ids).
#[allow(dead_code)] // each test binary uses part of this module
pub const VENUE_RULES: &[&str] = &[
    "bybit-usdt-isolated-long-example1",
    "bitmex-linear-cross-karen-example",
    "kucoin-usdt-isolated-short-example",
    "phemex-usdt-isolated-long-example",
    "deribit-linear-btc-usdc-25btc",
    "deribit-linear-btc-usdc-350btc",
    "deribit-linear-sol-usdc-25sol",
    "deribit-linear-sol-usdc-6000sol",
    "bybit-usdt-order-cost-example",
    "bybit-usdt-order-cost-legacy-0075",
    "bybit-usdc-fee-to-close-long",
    "bybit-usdc-fee-to-close-short",
    "bybit-inverse-order-cost-ethusd",
    "btzo-mm-with-fee-and-funding-oneway",
    "btzo-mm-with-fee-and-funding-hedge-long",
    "hyperliquid-funding-rate-example",
];

/// Proptest cases: `PROPTEST_CASES`, else `default`.
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// `sc` with every market charging `taker`, the fee to close counted by
/// `close` and reserved in the isolated margin when `reserve`.
pub fn with_fees(
    sc: &Scenario,
    taker: Decimal,
    close: margin_engine::scenario::CloseFee,
    reserve: bool,
) -> Scenario {
    let mut sc = sc.clone();
    sc.version = 2;
    for m in &mut sc.markets {
        m.fees = Some(margin_engine::scenario::FeesSpec {
            taker,
            close_in_requirement: close,
            close_in_margin: reserve,
            funding_in_requirement: false,
        });
    }
    sc
}

/// The cross account's liquidation price below the mark along market `m`.
pub fn cross_down(b: &margin_engine::Book, m: usize) -> Decimal {
    b.cross_liquidation(&b.marks(), m, margin_engine::Boundary::Liquidation)
        .unwrap()
        .unwrap()
        .bounds
        .down
        .unwrap()
}
