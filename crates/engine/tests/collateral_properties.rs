//! Invariants over random multi-asset books with coin collateral, haircuts
//! and inverse contracts (proptest): every answer plugged back in.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod common;

use common::coins::*;
use common::*;
use margin_engine::scenario::Scenario;
use margin_engine::{Analyzer, Book, Boundary, Decimal, MarginMode, PathWalker, Prices};
use proptest::prelude::*;
use serde_json::{json, Value};

fn at(b: &Book, m: usize, p: Decimal) -> Prices {
    let mut x = b.marks();
    x.0[m] = p;
    x
}

/// Cross surplus (equity − Σ MM) at `prices`.
fn surplus(b: &Book, prices: &Prices) -> Decimal {
    let st = b.evaluate(prices).unwrap();
    st.cross.equity - st.cross.maintenance_margin
}

/// A tolerance for a surplus near zero at price `p`: the exact solver's
/// 28-digit rounding, times the sizes involved.
fn tol(b: &Book, p: Decimal) -> Decimal {
    let scale = b.wallet().abs() + p * d("1000") + d("1000000");
    scale * d("1e-20")
}

proptest! {
    // 160 cases by default; PROPTEST_CASES=N for a longer run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(160),
        ..ProptestConfig::default()
    })]

    #[test]
    fn equity_equals_maintenance_at_every_cross_liquidation_price(f in arb_funds(), ps in arb_positions()) {
        let Some(b) = build(&f, &ps, true) else { return Ok(()) };
        let marks = b.marks();
        for m in 0..3 {
            let Some(c) = b.cross_liquidation(&marks, m, Boundary::Liquidation).unwrap() else { continue };
            for x in &c.scan.crossings {
                let p = x.t;
                let s = surplus(&b, &at(&b, m, p));
                prop_assert!(s.abs() <= tol(&b, p), "market {m} at {p}: surplus {s}");
                // The boundary: a hair on the safe side is safe, past it not.
                let step = p * d("0.00001");
                let (before, after) = (surplus(&b, &at(&b, m, p - step)), surplus(&b, &at(&b, m, p + step)));
                if x.enters {
                    prop_assert!(before > Decimal::ZERO && after <= Decimal::ZERO, "market {m} at {p}: {before} {after}");
                } else {
                    prop_assert!(before <= Decimal::ZERO && after > Decimal::ZERO, "market {m} at {p}: {before} {after}");
                }
            }
        }
    }

    #[test]
    fn mango_health_is_zero_at_every_liquidation_price(
        wallet in 0u64..5_000,
        ps in prop::collection::vec((any::<bool>(), 1u32..50, 80u32..120, -200i32..200, 1u32..20, 50u32..100), 1..4),
    ) {
        // Up to three markets under Mango's health rule (a flat rate from
        // 1 to 20 %, a positive health weighted 0.5–1), one position each
        // with an unsettled PnL, USDC counted in full.
        let mut markets = Vec::new();
        let mut positions = Vec::new();
        for (k, &(long, size, entry, unsettled, mmr, weight)) in ps.iter().enumerate() {
            let sym = format!("M{k}");
            markets.push(json!({"symbol": sym, "mark": "100", "settle_health": {"positive_weight": Decimal::new(weight as i64, 2).to_string()},
                "tiers": [{"floor": "0", "cap": null, "mmr": Decimal::new(mmr as i64, 2).to_string(), "max_leverage": "5"}]}));
            positions.push(json!({"market": sym, "side": if long { "long" } else { "short" }, "size": size.to_string(),
                "entry": entry.to_string(), "leverage": "1", "mode": "cross", "unsettled": unsettled.to_string()}));
        }
        let v = json!({"version": 2, "quote": "USDC", "wallet": wallet.to_string(), "markets": markets, "positions": positions});
        let b = Book::new(&Scenario::from_json(&v.to_string()).unwrap()).unwrap();
        let marks = b.marks();
        // The account's health: its margin balance, nothing required beside it.
        let health = |prices: &Prices| {
            let st = b.evaluate(prices).unwrap();
            prop_assert_eq!(st.cross.maintenance_margin, Decimal::ZERO);
            Ok(st.cross.equity)
        };
        for m in 0..ps.len() {
            let Some(c) = b.cross_liquidation(&marks, m, Boundary::Liquidation).unwrap() else { continue };
            for x in &c.scan.crossings {
                let p = x.t;
                let h = health(&at(&b, m, p))?;
                prop_assert!(h.abs() <= tol(&b, p), "market {m} at {p}: health {h}");
                let step = p * d("0.00001");
                let (before, after) = (health(&at(&b, m, p - step))?, health(&at(&b, m, p + step))?);
                if x.enters {
                    prop_assert!(before > Decimal::ZERO && after <= Decimal::ZERO, "market {m} at {p}: {before} {after}");
                } else {
                    prop_assert!(before <= Decimal::ZERO && after > Decimal::ZERO, "market {m} at {p}: {before} {after}");
                }
            }
        }
        // A walk through the marks to each market at half its price and
        // back latches what a point evaluation says.
        let mut w = PathWalker::new(&b).unwrap();
        w.push(&marks).unwrap();
        let half = Prices(marks.0.iter().map(|p| p / d("2")).collect());
        w.push(&half).unwrap();
        let st = b.evaluate(&half).unwrap();
        let r = w.result().unwrap();
        if st.cross.liquidated {
            let latched = r.events.iter().any(|e| matches!(e.kind, margin_engine::EventKind::Cross { .. }));
            prop_assert!(latched, "liquidated at half the marks, not on the walk");
        }
    }

    #[test]
    fn isolated_balance_equals_maintenance_at_its_liquidation_price(f in arb_funds(), ps in arb_positions()) {
        let Some(b) = build(&f, &ps, false) else { return Ok(()) };
        for (i, p) in b.positions().iter().enumerate() {
            if p.mode != MarginMode::Isolated { continue }
            let Some(lp) = b.isolated_liquidation_price(i, Boundary::Liquidation).unwrap() else { continue };
            let st = b.evaluate(&at(&b, p.market, lp)).unwrap();
            let ps = &st.positions[i];
            let gap = ps.margin_balance.unwrap() - ps.maintenance_margin;
            prop_assert!(gap.abs() <= tol(&b, lp), "position {i} at {lp}: {gap}");
        }
    }

    #[test]
    fn more_collateral_never_brings_a_liquidation_closer(f in arb_funds(), ps in arb_positions(), add in 1u64..300, which in 0usize..4) {
        let Some(b) = build(&f, &ps, true) else { return Ok(()) };
        let mut richer = json_book(&f, &ps, true);
        let amount = d(richer["assets"][which]["amount"].as_str().unwrap()) + Decimal::new(add as i64, 1);
        richer["assets"][which]["amount"] = amount.to_string().into();
        let r = Book::new(&Scenario::from_json(&richer.to_string()).unwrap()).unwrap();
        let marks = b.marks();
        // From a safe start (a book already under water has no nearest
        // boundary to push away: more collateral brings its way out closer).
        if surplus(&b, &marks) <= Decimal::ZERO { return Ok(()) }
        for m in 0..3 {
            let (Some(x), Some(y)) = (
                b.cross_liquidation(&marks, m, Boundary::Liquidation).unwrap(),
                r.cross_liquidation(&marks, m, Boundary::Liquidation).unwrap(),
            ) else { continue };
            // Everywhere the richer account is liquidated, so is the poorer:
            // its boundaries are no nearer.
            if let (Some(a), Some(c)) = (x.bounds.down, y.bounds.down) { prop_assert!(c <= a, "market {m} down {a} → {c}"); }
            if let (Some(a), Some(c)) = (x.bounds.up, y.bounds.up) { prop_assert!(c >= a, "market {m} up {a} → {c}"); }
            if x.bounds.down.is_none() { prop_assert!(y.bounds.down.is_none(), "market {m}: a new boundary below"); }
            if x.bounds.up.is_none() { prop_assert!(y.bounds.up.is_none(), "market {m}: a new boundary above"); }
        }
    }

    #[test]
    fn whole_market_move_thresholds_plug_back_in(f in arb_funds(), ps in arb_positions()) {
        let Some(b) = build(&f, &ps, true) else { return Ok(()) };
        let marks = b.marks();
        let mv = b.market_move(&marks, Boundary::Liquidation).unwrap();
        for x in [mv.cross.down, mv.cross.up].into_iter().flatten() {
            // A threshold beyond the prices the engine takes is not a price.
            let Ok(prices) = b.moved_prices(&marks, x, "move") else { continue };
            let s = surplus(&b, &prices);
            prop_assert!(s.abs() <= tol(&b, prices.0[0]), "move {x}: surplus {s}");
        }
    }

    #[test]
    fn sweeps_and_grids_agree_with_point_evaluation(f in arb_funds(), ps in arb_positions(), span in 10u32..80) {
        let Some(b) = build(&f, &ps, false) else { return Ok(()) };
        let marks = b.marks();
        let lo = |m: usize| marks.0[m] * Decimal::from(100 - span) / Decimal::from(100);
        let hi = |m: usize| marks.0[m] * Decimal::from(100 + span) / Decimal::from(100);
        for m in 0..3 {
            let axis = margin_engine::axis(lo(m), hi(m), 9, "x").unwrap();
            let sw = b.sweep(&marks, m, axis.clone()).unwrap();
            let series = sw.series.iter().find(|s| s.variant == margin_engine::Variant::AsConfigured).unwrap();
            for (k, &p) in axis.iter().enumerate() {
                let st = b.evaluate(&at(&b, m, p)).unwrap();
                // Summed in another order: equal to the last digit or two.
                prop_assert!(close(series.values[k], st.account_value, d("1e-20")), "market {} at {}", m, p);
                prop_assert_eq!(series.cross_liquidated[k], st.cross.liquidated);
            }
        }
        let xs = margin_engine::axis(lo(0), hi(0), 5, "x").unwrap();
        let ys = margin_engine::axis(lo(2), hi(2), 5, "y").unwrap();
        if let Ok(g) = b.grid(&marks, 0, 2, xs.clone(), ys.clone()) {
            let cross = b.with_all(MarginMode::Cross).unwrap();
            for (r, &y) in ys.iter().enumerate() {
                for (c, &x) in xs.iter().enumerate() {
                    let mut p = marks.clone();
                    p.0[0] = x;
                    p.0[2] = y;
                    let liq = cross.evaluate(&p).unwrap().cross.liquidated;
                    let code = g.cells[r * xs.len() + c];
                    prop_assert_eq!(liq, code == 1 || code == 3, "cell {} {}", x, y);
                }
            }
        }
    }

    #[test]
    fn snapshots_and_paths_agree_with_the_book(f in arb_funds(), ps in arb_positions(), depth in 5u32..90, m in 0usize..3) {
        let Some(b) = build(&f, &ps, false) else { return Ok(()) };
        let a = Analyzer::new(b.clone()).unwrap();
        let marks = b.marks();
        let moved = at(&b, m, marks.0[m] * Decimal::from(100 - depth) / Decimal::from(100));
        let first = a.snapshot(&marks, None).unwrap();
        let snap = a.snapshot(&moved, Some(&first)).unwrap();
        let v = snap.variant(margin_engine::Variant::AsConfigured).unwrap();
        let direct = b.evaluate(&moved).unwrap();
        // Summed market by market: equal to the last digit.
        prop_assert!(close(v.totals.account_value, direct.account_value, d("1e-20")));
        prop_assert_eq!(v.cross_state.liquidated, direct.cross.liquidated);
        if let (Some(cross), Some(bounds)) = (v.cross.as_ref(), b.cross_liquidation(&moved, m, Boundary::Liquidation).unwrap()) {
            prop_assert_eq!(cross.liquidation(m, moved.0[m]), Some(bounds.bounds));
        }
        // Walking there: the cross account goes at its boundary, if it is crossed.
        let cross_only = b.with_all(MarginMode::Cross).unwrap();
        let mut w = PathWalker::new(&cross_only).unwrap();
        w.push(&marks).unwrap();
        w.push(&moved).unwrap();
        let r = w.result().unwrap();
        let bound = cross_only.cross_liquidation(&marks, m, Boundary::Liquidation).unwrap().and_then(|c| c.bounds.down);
        match (r.events.first(), bound) {
            (Some(e), Some(lp)) if surplus(&cross_only, &marks) > Decimal::ZERO => {
                // Found along the step's own line: equal to the last digit.
                prop_assert!(close(e.prices[m], lp, lp * d("1e-26")), "walk event at {} vs boundary {}", e.prices[m], lp);
            }
            (None, Some(lp)) => prop_assert!(lp < moved.0[m], "boundary {lp} passed without an event"),
            _ => {}
        }
    }
}

#[test]
fn a_stablecoin_only_account_gives_exactly_the_version_1_numbers() {
    let v1 = margin_engine::samples::default_json();
    let b1 = Book::from_json(v1).unwrap();
    let mut v: Value = serde_json::from_str(v1).unwrap();
    assert_eq!(v["version"], 1);
    let wallet = v["wallet"].as_str().unwrap().to_owned();
    v["version"] = 2.into();
    v["wallet"] = "0".into();
    // The wallet split between two stablecoins at 1, counted in full.
    let half = d(&wallet) / d("2");
    v["assets"] = json!([
        {"asset": "USDT", "amount": half.to_string()},
        {"asset": "USDC", "amount": half.to_string(), "price": {"fixed": "1"}, "ratio": "1"},
    ]);
    let b2 = Book::from_json(&v.to_string()).unwrap();
    assert!(b2.collateral().is_simple());
    for prices in [b1.marks(), at(&b1, 0, d("40000")), at(&b1, 2, d("190"))] {
        assert_eq!(b1.evaluate(&prices).unwrap(), b2.evaluate(&prices).unwrap());
        for m in 0..3 {
            assert_eq!(
                b1.cross_liquidation(&prices, m, Boundary::Liquidation)
                    .unwrap(),
                b2.cross_liquidation(&prices, m, Boundary::Liquidation)
                    .unwrap()
            );
        }
    }
    for i in 0..b1.positions().len() {
        assert_eq!(
            b1.isolated_liquidation_price(i, Boundary::Liquidation)
                .unwrap(),
            b2.isolated_liquidation_price(i, Boundary::Liquidation)
                .unwrap()
        );
    }
    // Read as version 1, written as version 2: the same book.
    let upgraded = Scenario::from_json(v1).unwrap();
    assert_eq!(upgraded.version, 2);
    assert_eq!(Book::new(&upgraded).unwrap(), b1);
}

#[test]
fn a_coin_at_a_fixed_price_counted_in_full_is_plain_cash() {
    let v1 = margin_engine::samples::default_json();
    let b1 = Book::from_json(v1).unwrap();
    let mut v: Value = serde_json::from_str(v1).unwrap();
    let wallet = d(v["wallet"].as_str().unwrap());
    v["version"] = 2.into();
    v["wallet"] = (wallet - d("2500")).to_string().into();
    v["assets"] = json!([{"asset": "GOLD", "amount": "1.25", "price": {"fixed": "2000"}}]);
    let b2 = Book::from_json(&v.to_string()).unwrap();
    for prices in [b1.marks(), at(&b1, 0, d("45000")), at(&b1, 1, d("2600"))] {
        let (x, y) = (b1.evaluate(&prices).unwrap(), b2.evaluate(&prices).unwrap());
        assert_eq!(x.account_value, y.account_value);
        assert_eq!(x.cross.equity, y.cross.equity);
        for m in 0..3 {
            assert_eq!(
                b1.cross_liquidation(&prices, m, Boundary::Liquidation)
                    .unwrap(),
                b2.cross_liquidation(&prices, m, Boundary::Liquidation)
                    .unwrap()
            );
        }
    }
}

#[test]
fn a_version_1_document_with_a_version_2_field_is_refused() {
    let mut v: Value = serde_json::from_str(margin_engine::samples::default_json()).unwrap();
    v["markets"][0]["contract"] = "inverse_perpetual".into();
    let e = Scenario::from_json(&v.to_string()).unwrap_err();
    assert_eq!(e.field, "markets[0].contract");
    assert!(e.to_string().contains("version 2"), "{e}");
}

#[test]
fn same_coin_collateral_liquidates_a_long_earlier_than_the_same_value_in_usdt() {
    // 1 BTC at 60,000 backing a 3 BTC long: as USDT the long goes at one
    // price; as BTC (95 %) the collateral falls with it, so much earlier.
    let book = |assets: Value, wallet: &str| {
        Book::from_json(
            &json!({
                "version": 2, "wallet": wallet, "assets": assets,
                "markets": [{"symbol": "BTCUSDT", "mark": "60000", "tiers": [{"floor": "0", "cap": null, "mmr": "0.004", "max_leverage": "125"}]}],
                "positions": [{"market": "BTCUSDT", "side": "long", "size": "3", "entry": "60000", "leverage": "10", "mode": "cross"}],
            })
            .to_string(),
        )
        .unwrap()
    };
    let usdt = book(json!([]), "60000");
    let coin = book(
        json!([{"asset": "BTC", "amount": "1", "price": {"market": "BTCUSDT"}, "preset": "binance-multiassets-btc-2021"}]),
        "0",
    );
    let lp = |b: &Book| cross_down(b, 0);
    let (a, c) = (lp(&usdt), lp(&coin));
    // USDT: 60,000 + 3(P − 60,000) = 0.004·3P → P = 120,000/2.988.
    assert_eq!(a.round_dp(6), (d("120000") / d("2.988")).round_dp(6));
    // BTC: 0.95·P + 3(P − 60,000) = 0.012·P → P = 180,000/3.938.
    assert_eq!(c.round_dp(6), (d("180000") / d("3.938")).round_dp(6));
    assert!(c > a + d("5000"), "{a} {c}");
    // The third comparison says the same from the coin book alone: its
    // coins' 60,000 held as stablecoins would move the price to USDT's.
    let f = coin.funding_comparison(&coin.marks()).unwrap().unwrap();
    assert_eq!(f.coins, vec!["BTC".to_owned()]);
    assert_eq!(f.stable_value, d("60000"));
    assert_eq!(f.markets.len(), 1);
    assert_eq!(f.markets[0].with_coins.down, Some(c));
    assert_eq!(f.markets[0].in_stablecoins.down, Some(a));
    assert!(
        f.move_with_coins.unwrap().down.unwrap() > f.move_in_stablecoins.unwrap().down.unwrap()
    );
    // The same from the snapshots the page keeps.
    let (a, s) = (
        Analyzer::new(coin.clone()).unwrap(),
        Analyzer::new(coin.in_stablecoins().unwrap()).unwrap(),
    );
    let prices = coin.marks();
    let g = a
        .funding_from(
            &a.snapshot(&prices, None).unwrap(),
            &s.snapshot(&prices, None).unwrap(),
        )
        .unwrap()
        .unwrap();
    assert_eq!(g.markets, f.markets);
    assert_eq!(
        (g.liquidated_with_coins, g.liquidated_in_stablecoins),
        (false, false)
    );
    // A book without coins has nothing to compare.
    assert!(usdt.funding_comparison(&usdt.marks()).unwrap().is_none());
}

/// 10 BTC held as collateral (its valuation `value`, e.g. a ratio) against a
/// 10 BTC cross short, and the cross boundaries along BTC.
fn hedge(value: Value) -> (Book, margin_engine::CrossBoundaries) {
    let mut asset = json!({"asset": "BTC", "amount": "10", "price": {"market": "BTCUSDT"}});
    for (k, v) in value.as_object().unwrap() {
        asset[k] = v.clone();
    }
    let b = Book::from_json(
        &json!({
            "version": 2, "wallet": "20000", "assets": [asset],
            "markets": [{"symbol": "BTCUSDT", "mark": "60000", "preset": BTC}],
            "positions": [{"market": "BTCUSDT", "side": "short", "size": "10", "entry": "60000", "leverage": "5", "mode": "cross"}],
        })
        .to_string(),
    )
    .unwrap();
    let c = b
        .cross_liquidation(&b.marks(), 0, Boundary::Liquidation)
        .unwrap()
        .unwrap();
    (b, c)
}

#[test]
fn cash_and_carry_with_a_large_haircut_liquidates_on_the_way_up() {
    // 10 BTC held at 50 % against a 10 BTC short: the short loses 10 per
    // dollar up, the collateral gains only 5: the account goes on a rise.
    let (b, c) = hedge(json!({"ratio": "0.5"}));
    let up = c
        .bounds
        .up
        .expect("a short hedged by haircut coin liquidates upward");
    assert!(c.bounds.down.is_none(), "{:?}", c.bounds);
    let st = b.evaluate(&at(&b, 0, up)).unwrap();
    assert!(close(
        st.cross.equity,
        st.cross.maintenance_margin,
        d("1e-18")
    ));
    // Counted in full the hedge is flat: only maintenance growing with the
    // price ends it, far higher (3,757,250 against 122,596.25).
    let (_, f) = hedge(json!({}));
    assert_eq!(f.bounds.up, Some(d("3757250")));
    assert_eq!(up.round_dp(2), d("122596.25"));
}

#[test]
fn a_book_left_by_a_path_keeps_its_returned_cash_in_every_set_up() {
    // USDT counted at 98 % (so cash a liquidation returns is not folded
    // into it), residuals returned: after an isolated liquidation the cross
    // account holds that cash, and "all cross" of the book the path left
    // must hold it too.
    let b = Book::from_json(
        &json!({
            "version": 2, "wallet": "0",
            "assets": [{"asset": "USDT", "amount": "10000", "ratio": "0.98"}],
            "markets": [{"symbol": "BTCUSDT", "mark": "60000", "preset": BTC}],
            "positions": [
                {"market": "BTCUSDT", "side": "long", "size": "1", "entry": "60000", "leverage": "20", "mode": "isolated"},
                {"market": "BTCUSDT", "side": "short", "size": "0.1", "entry": "60000", "leverage": "10", "mode": "cross"},
            ],
            "settings": {"residual": {"rule": "returned", "fee_rate": "0.001"}},
        })
        .to_string(),
    )
    .unwrap();
    let mut w = PathWalker::new(&b).unwrap();
    w.push(&b.marks()).unwrap();
    w.push(&at(&b, 0, d("55000"))).unwrap();
    let (left, _) = w.survivors().unwrap();
    assert_eq!(left.positions().len(), 1, "the isolated long went");
    assert!(
        !left.collateral().cash.is_zero(),
        "a residual came back as cash"
    );
    let all_cross = left.with_all(MarginMode::Cross).unwrap();
    assert_eq!(all_cross.cross_wallet(), left.cross_wallet());
    assert_eq!(all_cross.collateral().cash, left.collateral().cash);
}
