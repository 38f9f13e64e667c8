//! Random multi-asset books: a USDT wallet (possibly with a haircut), BTC,
//! ETH (with Drift's size discount) and XBT coins valued at ratios or tiers, two linear markets and an
//! inverse BTCUSD — shared by the collateral and explanation properties.
use margin_engine::scenario::Scenario;
use margin_engine::{Book, Decimal};
use proptest::prelude::*;
use serde_json::{json, Value};

use super::d;

pub const BTC: &str = "binance-usdm-btcusdt-2024-10";
pub const ETH: &str = "binance-usdm-ethusdt-2024-10";

/// Coin-margined BTCUSD brackets (coin notional), continuous amounts.
pub fn coin_tiers() -> Value {
    json!([
        {"floor": "0", "cap": "5", "mmr": "0.004", "max_leverage": "125"},
        {"floor": "5", "cap": "10", "mmr": "0.005", "max_leverage": "100"},
        {"floor": "10", "cap": "20", "mmr": "0.01", "max_leverage": "50"},
        {"floor": "20", "cap": "50", "mmr": "0.025", "max_leverage": "20"},
        {"floor": "50", "cap": null, "mmr": "0.05", "max_leverage": "10"},
    ])
}

/// A position: market (0 BTCUSDT, 1 ETHUSDT, 2 BTCUSD inverse), long,
/// notional in USD, entry as % of mark, leverage, isolated.
pub type PosGen = (usize, bool, u64, u32, u32, bool);

/// Collateral: USDT wallet, BTC units (×0.01), its valuation (0 full, 1 flat
/// 95 %, 2 Bybit quantity tiers, 3 value tiers), ETH units (×0.1) with beta
/// (0: 1, 1: 0.8), XBT units (×0.01, the inverse coin), USDT valued at 98 %
/// with a 1.1 liability weight.
pub type Funds = (u64, u64, u8, u64, u8, u64, bool);

pub fn arb_funds() -> impl Strategy<Value = Funds> {
    (
        0u64..60_000,
        0u64..800,
        0u8..4,
        0u64..400,
        0u8..2,
        1u64..300,
        any::<bool>(),
    )
}

pub fn arb_positions() -> impl Strategy<Value = Vec<PosGen>> {
    prop::collection::vec(
        (
            0usize..3,
            any::<bool>(),
            500u64..400_000,
            80u32..120,
            1u32..20,
            any::<bool>(),
        ),
        1..6,
    )
}

pub fn json_book(f: &Funds, ps: &[PosGen], cross_only: bool) -> Value {
    let (usdt, btc, btc_rule, eth, eth_beta, xbt, usdt_haircut) = *f;
    let marks = ["60000", "3000", "60000"];
    let btc_value = match btc_rule {
        0 => json!({}),
        1 => json!({"ratio": "0.95"}),
        2 => json!({"preset": "bybit-uta-btc-2025"}),
        _ => {
            json!({"tiers": {"by": "value", "rows": [{"floor": "0", "ratio": "0.95"}, {"floor": "100000", "ratio": "0.8"}, {"floor": "200000", "ratio": "0.5"}]}})
        }
    };
    let mut btc_asset = json!({"asset": "BTC", "amount": Decimal::new(btc as i64, 2).to_string(), "price": {"market": "BTCUSDT"}});
    for (k, v) in btc_value.as_object().unwrap() {
        btc_asset[k] = v.clone();
    }
    let eth_price = if eth_beta == 0 {
        json!({"market": "ETHUSDT"})
    } else {
        json!({"market": "BTCUSDT", "beta": "0.8", "mark": "3000"})
    };
    let mut usdt_asset = json!({"asset": "USDT", "amount": usdt.to_string()});
    if usdt_haircut {
        usdt_asset["ratio"] = "0.98".into();
        usdt_asset["liability_weight"] = "1.1".into();
    }
    let mut positions = Vec::new();
    for &(m, long, notional, ratio, lev, iso) in ps {
        let mark = d(marks[m]);
        let entry = (mark * Decimal::from(ratio) / Decimal::from(100)).round_dp(2);
        let size = if m == 2 {
            // contracts of 100 USD
            Decimal::from((notional / 100).max(1))
        } else {
            (Decimal::from(notional) / entry)
                .round_dp(4)
                .max(d("0.0001"))
        };
        let symbol = ["BTCUSDT", "ETHUSDT", "BTCUSD"][m];
        positions.push(json!({
            "market": symbol,
            "side": if long { "long" } else { "short" },
            "size": size.to_string(),
            "entry": entry.to_string(),
            "leverage": lev.to_string(),
            "mode": if iso && !cross_only { "isolated" } else { "cross" },
        }));
    }
    json!({
        "version": 2,
        "quote": "USDT",
        "assets": [
            usdt_asset,
            btc_asset,
            {"asset": "ETH", "amount": Decimal::new(eth as i64, 1).to_string(), "price": eth_price, "ratio": "0.9", "size_discount": "0.05"},
            {"asset": "XBT", "amount": Decimal::new(xbt as i64, 2).to_string(), "price": {"market": "BTCUSD"}, "ratio": "0.95"},
        ],
        "markets": [
            {"symbol": "BTCUSDT", "mark": marks[0], "preset": BTC},
            {"symbol": "ETHUSDT", "mark": marks[1], "preset": ETH},
            {"symbol": "BTCUSD", "mark": marks[2], "contract": "inverse_perpetual", "contract_size": "100", "tiers": coin_tiers()},
        ],
        "positions": positions,
    })
}

/// The book, or `None` when its isolated margins exceed what it holds.
pub fn build(f: &Funds, ps: &[PosGen], cross_only: bool) -> Option<Book> {
    let sc = Scenario::from_json(&json_book(f, ps, cross_only).to_string()).unwrap();
    match Book::new(&sc) {
        Ok(b) => Some(b),
        Err(e) => {
            assert!(
                matches!(
                    e.kind,
                    margin_engine::ErrorKind::IsolatedMarginsExceedWallet { .. }
                ),
                "{e}"
            );
            None
        }
    }
}
