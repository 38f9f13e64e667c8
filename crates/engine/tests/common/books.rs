//! The random books of the property tests: three Binance markets, up to six
//! positions, a wallet that funds every initial margin.
use margin_engine::scenario::Scenario;
use margin_engine::Decimal;
use proptest::prelude::*;

use super::*;

pub const MARKETS: [(&str, &str); 3] = [
    ("BTCUSDT", "binance-usdm-btcusdt-2024-10"),
    ("ETHUSDT", "binance-usdm-ethusdt-2024-10"),
    ("SOLUSDT", "binance-usdm-solusdt-2024"),
];

/// A position: market, long, notional (quote), entry ratio to mark in %, leverage, isolated.
pub type PosGen = (usize, bool, u64, u32, u32, bool);

pub fn arb_book() -> impl Strategy<Value = Scenario> {
    (
        prop::collection::vec((1_000u64..200_000, 0u32..4), 3),
        prop::collection::vec(
            (
                0usize..3,
                any::<bool>(),
                100u64..5_000_000,
                70u32..130,
                1u32..20,
                any::<bool>(),
            ),
            1..7,
        ),
        0u64..2_000_000,
    )
        .prop_map(|(marks, ps, extra)| build(&marks, &ps, extra))
}

pub fn build(marks: &[(u64, u32)], ps: &[PosGen], extra: u64) -> Scenario {
    // Marks with a few decimals, e.g. 61234.57.
    let marks: Vec<Decimal> = marks
        .iter()
        .map(|&(m, scale)| Decimal::new(m as i64 * 10i64.pow(scale), scale))
        .collect();
    let markets = MARKETS
        .iter()
        .zip(&marks)
        .map(|((s, p), m)| preset_market(s, &m.to_string(), p))
        .collect();
    let mut positions = Vec::new();
    let mut isolated = Decimal::ZERO;
    for &(m, long, notional, ratio, lev, iso) in ps {
        let entry = (marks[m] * Decimal::from(ratio) / Decimal::from(100)).round_dp(4);
        let size = (Decimal::from(notional) / entry)
            .round_dp(6)
            .max(d("0.000001"));
        let p = pos(
            MARKETS[m].0,
            long,
            &size.to_string(),
            &entry.to_string(),
            &lev.to_string(),
            iso,
        );
        if iso {
            isolated += size * entry / Decimal::from(lev);
        }
        positions.push(p);
    }
    // Enough wallet for every initial margin, so all-isolated is fundable.
    let total_im: Decimal = positions
        .iter()
        .map(|p| p.size * p.entry / p.leverage.0)
        .sum();
    let wallet = total_im.max(isolated) + Decimal::ONE + Decimal::from(extra);
    scenario(&wallet.round_dp(8).to_string(), markets, positions)
}
