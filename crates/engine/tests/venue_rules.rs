//! Venue rules beyond the tier table, reproduced from the venues' worked
//! examples (`tests/data/cases.json`, `cases-next.json`, each with its
//! source): maintenance margin on the entry value (Bybit's USDT example,
//! BitMEX, KuCoin), the fee to close inside the requirement and the margin
//! (Phemex), the fee to close at the bankruptcy price and order costs
//! (Bybit linear and inverse), and margin rates linear in size (Deribit).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod common;

use common::{close, d, s, VENUE_RULES as REPRODUCED};
use margin_engine::scenario::Scenario;
use margin_engine::{Book, Boundary, Decimal, Prices};
use serde_json::{json, Value};

fn case(id: &str) -> Value {
    let all: Vec<Value> = [
        include_str!("data/cases.json"),
        include_str!("data/cases-next.json"),
    ]
    .iter()
    .flat_map(|t| serde_json::from_str::<Vec<Value>>(t).unwrap())
    .collect();
    all.into_iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no case {id}"))
}

/// A one-market version-2 book: `market` gets `symbol` "X" and `mark`
/// (the entry unless given); the position is on it.
fn book(wallet: &str, market: Value, position: Value) -> Book {
    let mut market = market;
    market["symbol"] = "X".into();
    if market.get("mark").is_none() {
        market["mark"] = position["entry"].clone();
    }
    let mut position = position;
    position["market"] = "X".into();
    let text =
        json!({"version": 2, "wallet": wallet, "markets": [market], "positions": [position]});
    Book::new(&Scenario::from_json(&text.to_string()).unwrap()).unwrap()
}

fn flat(mmr: &str) -> Value {
    json!([{"floor": "0", "cap": null, "mmr": mmr, "max_leverage": "125"}])
}

fn isolated_lp(b: &Book) -> Decimal {
    b.isolated_liquidation_price(0, Boundary::Liquidation)
        .unwrap()
        .unwrap()
}

#[test]
fn every_case_listed_here_exists() {
    for id in REPRODUCED {
        case(id);
    }
}

#[test]
fn maintenance_on_the_entry_value_bybit_kucoin() {
    // Bybit USDT example 1: LP = EP − (IM − MM)/size, MM on entry value.
    let c = case("bybit-usdt-isolated-long-example1");
    let i = &c["inputs"];
    let b = book(
        "100000",
        json!({"tiers": flat(s(i, "mmr")), "mm_basis": "entry"}),
        json!({"side": "long", "size": s(&i["position"], "size"), "entry": s(&i["position"], "entry_price"), "leverage": s(i, "leverage"), "mode": "isolated"}),
    );
    let e = &c["expected"];
    assert_eq!(isolated_lp(&b), d(s(e, "liquidation_price")));
    let st = b.evaluate(&b.marks()).unwrap();
    assert_eq!(st.positions[0].initial_margin, d(s(e, "initial_margin")));
    assert_eq!(
        st.positions[0].maintenance_margin,
        d(s(e, "maintenance_margin"))
    );
    // On the entry value, MM stays 100 at the liquidation price too.
    let at = b.evaluate(&Prices(vec![isolated_lp(&b)])).unwrap();
    assert_eq!(at.positions[0].maintenance_margin, d("100"));

    // KuCoin short: LP = EP·(1 + IMR − MMR) = 28,168.
    let c = case("kucoin-usdt-isolated-short-example");
    let i = &c["inputs"];
    let b = book(
        "100000",
        json!({"tiers": flat(s(i, "mmr")), "mm_basis": "entry"}),
        json!({"side": "short", "size": "1", "entry": s(i, "entry_price"), "leverage": s(i, "leverage"), "mode": "isolated"}),
    );
    assert_eq!(isolated_lp(&b), d(s(&c["expected"], "liquidation_price")));
}

#[test]
fn maintenance_on_the_entry_cost_bitmex_cross() {
    // BitMEX: cross long, 20 contracts of ETH at 1,000, wallet 10,000, MM 1 %
    // of the entry cost: liquidation 510, bankruptcy 500.
    let c = case("bitmex-linear-cross-karen-example");
    let i = &c["inputs"];
    let b = book(
        s(i, "wallet_balance"),
        json!({"tiers": flat(s(i, "maintenance_margin_rate")), "mm_basis": "entry"}),
        json!({"side": "long", "size": s(&i["position"], "contracts"), "entry": s(&i["position"], "entry_price"), "leverage": s(i, "leverage"), "mode": "cross"}),
    );
    let e = &c["expected"];
    let marks = b.marks();
    let lp = b
        .cross_liquidation(&marks, 0, Boundary::Liquidation)
        .unwrap()
        .unwrap()
        .bounds
        .down
        .unwrap();
    let bp = b
        .cross_liquidation(&marks, 0, Boundary::Bankruptcy)
        .unwrap()
        .unwrap()
        .bounds
        .down
        .unwrap();
    assert_eq!(lp, d(s(e, "liquidation_price")));
    assert_eq!(bp, d(s(e, "bankruptcy_price")));
    let st = b.evaluate(&marks).unwrap();
    assert_eq!(st.positions[0].initial_margin, d(s(e, "initial_margin")));
    assert_eq!(
        st.positions[0].maintenance_margin,
        d(s(e, "maintenance_margin"))
    );
    assert_eq!(
        st.cross.available_balance,
        d(s(e, "available_balance_after_open"))
    );
}

#[test]
fn phemex_close_fee_in_the_margin_and_the_requirement() {
    // assignedPosBalance = OpenValue/L + close fee at the bankruptcy value;
    // liquidation when it + uPnL ≤ MM + taker × notional at the mark.
    let c = case("phemex-usdt-isolated-long-example");
    let i = &c["inputs"];
    let b = book(
        "1000",
        json!({"tiers": flat(s(i, "mmr")), "fees": {"taker": s(i, "taker_fee_rate"), "close_in_requirement": "mark", "close_in_margin": true}}),
        json!({"side": "long", "size": s(i, "size"), "entry": s(i, "entry_price"), "leverage": s(i, "leverage"), "mode": "isolated"}),
    );
    let e = &c["expected"];
    assert_eq!(
        b.positions()[0].margin,
        d(s(e, "assigned_position_balance"))
    );
    let lp = isolated_lp(&b);
    assert_eq!(lp.round_dp(10), d(s(e, "liquidation_price_exact")));
    assert!(close(
        lp,
        d(s(e, "liquidation_price")),
        d(s(&c["tolerance"], "abs"))
    ));
    // Plugged back in: the balance meets MM plus the fee to close at the mark.
    let at = b.evaluate(&Prices(vec![lp])).unwrap();
    let ps = &at.positions[0];
    let fee = d(s(i, "taker_fee_rate")) * ps.notional;
    assert!(close(
        ps.maintenance_margin,
        ps.notional * d(s(i, "mmr")) + fee,
        d("1e-20")
    ));
    assert!(close(
        ps.margin_balance.unwrap(),
        ps.maintenance_margin,
        d("1e-18")
    ));
}

#[test]
fn deribit_margin_rates_linear_in_size() {
    // Standard margin: IM% = base + size × k, MM% likewise; margin = size ×
    // rate × index.
    // The rates of Deribit's page (the cases' formulas).
    let btc = (("0.02", "0.00005"), ("0.01", "0.00005"));
    let sol = (("0.04", "0.000005"), ("0.02", "0.000005"));
    for (id, size_key, (im, mm_rate)) in [
        ("deribit-linear-btc-usdc-25btc", "position_size_btc", btc),
        ("deribit-linear-btc-usdc-350btc", "position_size_btc", btc),
        ("deribit-linear-sol-usdc-25sol", "position_size_sol", sol),
        ("deribit-linear-sol-usdc-6000sol", "position_size_sol", sol),
    ] {
        let c = case(id);
        let i = &c["inputs"];
        let e = &c["expected"];
        let b = book(
            "100000000",
            json!({"mark": s(i, "index_price"), "size_rates": {
                "maintenance": {"base": mm_rate.0, "per_unit": mm_rate.1},
                "initial": {"base": im.0, "per_unit": im.1}}}),
            json!({"side": "long", "size": s(i, size_key), "entry": s(i, "index_price"), "leverage": "1", "mode": "cross"}),
        );
        let st = b.evaluate(&b.marks()).unwrap();
        let p = &st.positions[0];
        let unit = if size_key.ends_with("btc") {
            "btc"
        } else {
            "sol"
        };
        assert_eq!(p.initial_margin, d(s(e, "initial_margin_usdc")), "{id}");
        if let Some(coin) = e.get(format!("initial_margin_{unit}").as_str()) {
            assert_eq!(
                p.initial_margin / d(s(i, "index_price")),
                d(coin.as_str().unwrap()),
                "{id}"
            );
        }
        assert_eq!(
            p.initial_margin / p.notional,
            d(s(e, "initial_margin_rate")),
            "{id}"
        );
        // Published, or derived by the case from the published formula.
        let either = |k: &str| e.get(k).or_else(|| e.get(format!("{k}_derived").as_str()));
        if let Some(rate) = either("maintenance_margin_rate") {
            let want = |k: &str| d(either(k).unwrap().as_str().unwrap());
            assert_eq!(p.maintenance_rate, d(rate.as_str().unwrap()), "{id}");
            assert_eq!(
                p.maintenance_margin,
                want("maintenance_margin_usdc"),
                "{id}"
            );
            if let Some(coin) = either(&format!("maintenance_margin_{unit}")) {
                assert_eq!(
                    p.maintenance_margin / d(s(i, "index_price")),
                    d(coin.as_str().unwrap()),
                    "{id}"
                );
            }
        }
    }
}

/// A Bybit-like fee rule: the fee to close at the bankruptcy price inside
/// the requirement.
fn bybit_fees(taker: &str) -> Value {
    json!({"taker": taker, "close_in_requirement": "bankruptcy"})
}

#[test]
fn bybit_order_costs_linear() {
    for id in [
        "bybit-usdt-order-cost-example",
        "bybit-usdt-order-cost-legacy-0075",
    ] {
        let c = case(id);
        let i = &c["inputs"];
        let e = &c["expected"];
        let b = book(
            "1000000",
            json!({"tiers": flat("0.005"), "fees": bybit_fees(s(i, "taker_fee_rate"))}),
            json!({"side": s(i, "side"), "size": s(i, "size"), "entry": s(i, "order_price"), "leverage": s(i, "leverage"), "mode": "isolated"}),
        );
        let st = b.evaluate(&b.marks()).unwrap();
        let costs = st.positions[0].costs.clone().unwrap();
        assert_eq!(costs.initial_margin, d(s(e, "initial_margin")), "{id}");
        assert_eq!(costs.fee_to_open, d(s(e, "fee_to_open")), "{id}");
        assert_eq!(costs.fee_to_close, d(s(e, "fee_to_close")), "{id}");
        assert_eq!(costs.order_cost, d(s(e, "order_cost")), "{id}");
        if let Some(bp) = e.get("bankruptcy_price") {
            // The fee to close is taken at the leverage's bankruptcy price.
            let size = d(s(i, "size"));
            let taker = d(s(i, "taker_fee_rate"));
            assert_eq!(
                costs.fee_to_close,
                size * d(bp.as_str().unwrap()) * taker,
                "{id}"
            );
        }
        if let Some(q) = e.get("order_qty_from_cost") {
            // The cost is linear in size: the size a cost buys plugs back.
            let per_unit = costs.order_cost / d(s(i, "size"));
            assert_eq!(costs.order_cost / per_unit, d(q.as_str().unwrap()), "{id}");
        }
    }
}

#[test]
fn bybit_fee_to_close_on_entry_with_im_on_mark() {
    // USDC contracts: IM on the mark, the fee to close on the entry ×
    // (1 ∓ 1/L); the position tab shows IM with the fee.
    let c = case("bybit-usdc-fee-to-close-long");
    let i = &c["inputs"];
    let e = &c["expected"];
    let b = book(
        "1000000",
        json!({"mark": s(i, "mark_price"), "tiers": flat("0.005"), "fees": bybit_fees(s(i, "taker_fee_rate"))}),
        json!({"side": "long", "size": s(i, "size"), "entry": s(i, "entry_price"), "leverage": s(i, "leverage"), "mode": "isolated"}),
    );
    let p = &b.evaluate(&b.marks()).unwrap().positions[0];
    let fee = p.costs.as_ref().unwrap().fee_to_close;
    assert_eq!(p.initial_margin, d(s(e, "initial_margin")));
    assert_eq!(fee, d(s(e, "estimated_fee_to_close")));
    assert_eq!(p.initial_margin + fee, d(s(e, "initial_margin_shown")));
    // The requirement holds MM and that fee.
    assert_eq!(p.maintenance_margin, p.notional * d("0.005") + fee);

    let c = case("bybit-usdc-fee-to-close-short");
    let i = &c["inputs"];
    let b = book(
        "1000000",
        json!({"tiers": flat("0.005"), "fees": bybit_fees(s(i, "taker_fee_rate"))}),
        json!({"side": "short", "size": s(i, "size"), "entry": s(i, "entry_price"), "leverage": s(i, "leverage"), "mode": "isolated"}),
    );
    let p = &b.evaluate(&b.marks()).unwrap().positions[0];
    assert_eq!(
        p.costs.as_ref().unwrap().fee_to_close,
        d(s(&c["expected"], "estimated_fee_to_close"))
    );
}

#[test]
fn bybit_order_cost_inverse() {
    // Inverse: IM = (Qty/Price)/L; the close of a long is worth more coins
    // at its lower bankruptcy price (factor 1 + 1/L).
    let c = case("bybit-inverse-order-cost-ethusd");
    let i = &c["inputs"];
    let e = &c["expected"];
    let text = json!({"version": 2, "quote": "USD",
        "assets": [{"asset": "ETH", "amount": "10", "price": {"market": "ETHUSD"}}],
        "markets": [{"symbol": "ETHUSD", "mark": s(i, "order_price"), "contract": "inverse_perpetual", "tiers": flat("0.005"), "fees": bybit_fees(s(i, "taker_fee_rate"))}],
        "positions": [{"market": "ETHUSD", "side": "long", "size": s(i, "contracts_usd"), "entry": s(i, "order_price"), "leverage": s(i, "leverage"), "mode": "isolated"}]});
    let b = Book::new(&Scenario::from_json(&text.to_string()).unwrap()).unwrap();
    let costs = b.evaluate(&b.marks()).unwrap().positions[0]
        .costs
        .clone()
        .unwrap();
    let tol = d(s(&c["tolerance"], "abs"));
    assert_eq!(costs.initial_margin, d(s(e, "initial_margin_eth")));
    assert_eq!(costs.fee_to_open, d(s(e, "fee_to_open_eth")));
    assert!(
        close(costs.fee_to_close, d(s(e, "fee_to_close_eth")), tol),
        "{}",
        costs.fee_to_close
    );
    assert!(
        close(costs.order_cost, d(s(e, "order_cost_eth")), tol),
        "{}",
        costs.order_cost
    );
}

#[test]
fn a_fee_in_the_requirement_brings_liquidation_closer_and_none_changes_nothing() {
    let position = json!({"side": "long", "size": "2", "entry": "50000", "leverage": "20", "mode": "isolated"});
    let plain = book("100000", json!({"tiers": flat("0.005")}), position.clone());
    let zero = book(
        "100000",
        json!({"tiers": flat("0.005"), "fees": {"taker": "0.0006"}}),
        position.clone(),
    );
    let at_mark = book(
        "100000",
        json!({"tiers": flat("0.005"), "fees": {"taker": "0.0006", "close_in_requirement": "mark"}}),
        position.clone(),
    );
    let at_bankruptcy = book(
        "100000",
        json!({"tiers": flat("0.005"), "fees": bybit_fees("0.0006")}),
        position,
    );
    // Fees outside the requirement: the same liquidation price exactly.
    assert_eq!(isolated_lp(&zero), isolated_lp(&plain));
    // Inside it, a long's liquidation price rises (comes closer).
    assert!(isolated_lp(&at_mark) > isolated_lp(&plain));
    assert!(isolated_lp(&at_bankruptcy) > isolated_lp(&plain));
    // Plugged back in: at each, balance = MM + fee.
    for b in [&at_mark, &at_bankruptcy] {
        let lp = isolated_lp(b);
        let p = &b.evaluate(&Prices(vec![lp])).unwrap().positions[0];
        assert!(close(
            p.margin_balance.unwrap(),
            p.maintenance_margin,
            d("1e-18")
        ));
    }
}

/// `market` with venue profile `id` applied (as the page's "Venue rules"
/// choice does), as JSON again.
fn with_profile(id: &str, market: Value) -> Value {
    let mut spec: margin_engine::scenario::MarketSpec = serde_json::from_value(market).unwrap();
    margin_engine::venues::get(id).unwrap().apply(&mut spec);
    serde_json::to_value(&spec).unwrap()
}

#[test]
fn each_venue_profile_reproduces_its_venues_example() {
    let lp = |id: &str, market: Value, position: Value| {
        isolated_lp(&book("100000", with_profile(id, market), position))
    };
    // Bybit's help-centre example (maintenance on entry, no fees): 19,700.
    let long = json!({"side": "long", "size": "1", "entry": "20000", "leverage": "50", "mode": "isolated"});
    let m = json!({"symbol": "X", "mark": "20000", "tiers": flat("0.005")});
    assert_eq!(
        lp("bybit-linear-help-example", m.clone(), long.clone()),
        d("19700")
    );
    // KuCoin's short: 28,168.
    let short = json!({"side": "short", "size": "1", "entry": "28000", "leverage": "100", "mode": "isolated"});
    let m = json!({"symbol": "X", "mark": "28000", "tiers": flat("0.004")});
    assert_eq!(lp("kucoin-usdtm", m, short), d("28168"));
    // Phemex with its example's taker: 0.3232342834.
    let p =
        json!({"side": "long", "size": "500", "entry": "0.4", "leverage": "5", "mode": "isolated"});
    let m = json!({"symbol": "X", "mark": "0.4", "tiers": flat("0.01")});
    assert_eq!(lp("phemex-usdtm", m, p).round_dp(10), d("0.3232342834"));
    // Bybit's current account with the order-cost example's taker (0.06 %):
    // order cost 5,057.
    let m = json!({"symbol": "X", "mark": "50000", "tiers": flat("0.005"), "fees": {"taker": "0.0006"}});
    let b = book(
        "100000",
        with_profile("bybit-linear-uta-2025-09", m),
        json!({"side": "long", "size": "1", "entry": "50000", "leverage": "10", "mode": "isolated"}),
    );
    let c = b.evaluate(&b.marks()).unwrap().positions[0]
        .costs
        .clone()
        .unwrap();
    assert_eq!(c.order_cost, d("5057"));
    // With the fee both reserved and required at the default margin, the
    // liquidation price is the fee-free one (the two cancel).
    let m = json!({"symbol": "X", "mark": "50000", "tiers": flat("0.005")});
    let plain = book(
        "100000",
        m.clone(),
        json!({"side": "long", "size": "1", "entry": "50000", "leverage": "10", "mode": "isolated"}),
    );
    assert_eq!(isolated_lp(&b), isolated_lp(&plain));
    // Deribit BTC_USDC: 25 BTC, MM 1.125 %.
    let m = json!({"symbol": "X", "mark": "100000"});
    let b = book(
        "100000000",
        with_profile("deribit-btc-usdc", m),
        json!({"side": "long", "size": "25", "entry": "100000", "leverage": "1", "mode": "cross"}),
    );
    let p = &b.evaluate(&b.marks()).unwrap().positions[0];
    assert_eq!(p.maintenance_margin, d("28125"));
    assert_eq!(p.initial_margin, d("53125"));
}

#[test]
fn a_market_that_names_a_profile_must_follow_it() {
    let text = |market: Value| {
        json!({"version": 2, "wallet": "100000", "markets": [market], "positions": [{"market": "X", "side": "long", "size": "1", "entry": "20000", "leverage": "10", "mode": "isolated"}]}).to_string()
    };
    let err = |market: Value| Book::new(&Scenario::from_json(&text(market)).unwrap()).unwrap_err();
    // BitMEX measures maintenance on the entry value.
    let e = err(json!({"symbol": "X", "mark": "20000", "tiers": flat("0.005"), "venue": "bitmex"}));
    assert_eq!(e.field, "markets[0].mm_basis");
    assert!(e.to_string().contains("entry value"), "{e}");
    // Phemex counts the fee at the mark and reserves it.
    let e = err(
        json!({"symbol": "X", "mark": "20000", "tiers": flat("0.005"), "venue": "phemex-usdtm", "fees": {"taker": "0.0006"}}),
    );
    assert_eq!(e.field, "markets[0].fees");
    // An unknown profile is named.
    let e = err(json!({"symbol": "X", "mark": "20000", "tiers": flat("0.005"), "venue": "ftx"}));
    assert_eq!(e.field, "markets[0].venue");
    // Any taker rate keeps a profile; OKX's rule without a rate is accepted.
    for (venue, fees) in [
        (
            "phemex-usdtm",
            json!({"taker": "0.0002", "close_in_requirement": "mark", "close_in_margin": true}),
        ),
        ("okx-swap", Value::Null),
    ] {
        let mut m = json!({"symbol": "X", "mark": "20000", "tiers": flat("0.005"), "venue": venue});
        if !fees.is_null() {
            m["fees"] = fees;
        }
        assert!(
            Book::new(&Scenario::from_json(&text(m)).unwrap()).is_ok(),
            "{venue}"
        );
    }
}

#[test]
fn compare_with_my_exchange_ranks_the_rule_that_explains_the_gap_first() {
    let scenario = |market: Value, position: Value| {
        let mut market = market;
        market["symbol"] = "X".into();
        let mut position = position;
        position["market"] = "X".into();
        Scenario::from_json(&json!({"version": 2, "wallet": "100000", "markets": [market], "positions": [position]}).to_string()).unwrap()
    };
    // Bybit's example on mark-based rules: the venue's 19,700 is explained
    // by maintenance on the entry value, exactly.
    let sc = scenario(
        json!({"mark": "20000", "tiers": flat("0.005")}),
        json!({"side": "long", "size": "1", "entry": "20000", "leverage": "50", "mode": "isolated"}),
    );
    let g = margin_engine::compare_with_venue(&sc, 0, d("19700")).unwrap();
    assert!(g.engine < d("19700"));
    assert_eq!(g.reasons[0].key, "mm_basis");
    assert_eq!(g.reasons[0].price, d("19700"));
    assert_eq!(g.reasons[0].remaining, Decimal::ZERO);
    // The margin that gives it exactly is measured too.
    let m = g.reasons.iter().find(|r| r.key == "margin").unwrap();
    assert!(m.remaining < d("0.000001"), "{m:?}");
    assert!(m.words.contains("less margin"), "{}", m.words);

    // Phemex's published 0.3232 on fee-free rules (0.32323…): the shown
    // decimals explain it exactly.
    let sc = scenario(
        json!({"mark": "0.4", "tiers": flat("0.01")}),
        json!({"side": "long", "size": "500", "entry": "0.4", "leverage": "5", "mode": "isolated"}),
    );
    let g = margin_engine::compare_with_venue(&sc, 0, d("0.3232")).unwrap();
    assert_eq!(g.reasons[0].key, "rounding", "{:?}", g.reasons);
    assert_eq!(g.reasons[0].price, d("0.3232"));
    // A venue that counts a 0.055 % fee at the mark (0.3234119966 to ten
    // places): that rule first, ahead of the fee at the bankruptcy price and
    // of maintenance on entry.
    let g = margin_engine::compare_with_venue(&sc, 0, d("0.3234119966")).unwrap();
    assert_eq!(g.reasons[0].key, "fee_mark", "{:?}", g.reasons);
    assert_eq!(g.reasons[1].key, "fee_bankruptcy", "{:?}", g.reasons);
    assert_eq!(g.reasons.last().map(|r| r.key), Some("margin"));

    // BitMEX's cross example (510): maintenance on the entry cost.
    let sc = Scenario::from_json(&json!({"version": 2, "wallet": "10000",
        "markets": [{"symbol": "X", "mark": "1000", "tiers": flat("0.01")}],
        "positions": [{"market": "X", "side": "long", "size": "20", "entry": "1000", "leverage": "50", "mode": "cross"}]}).to_string()).unwrap();
    let g = margin_engine::compare_with_venue(&sc, 0, d("510")).unwrap();
    assert_eq!(g.reasons[0].key, "mm_basis");
    assert_eq!(g.reasons[0].price, d("510"));
    // Bad input is named.
    assert_eq!(
        margin_engine::compare_with_venue(&sc, 0, d("-1"))
            .unwrap_err()
            .field,
        "venue_price"
    );
    assert_eq!(
        margin_engine::compare_with_venue(&sc, 7, d("1"))
            .unwrap_err()
            .field,
        "position"
    );
}

#[test]
fn btzo_funding_and_fee_inside_maintenance() {
    // MM = notional × (MM% + taker% + |funding%|) when funding is a cost.
    let c = case("btzo-mm-with-fee-and-funding-oneway");
    let i = &c["inputs"];
    let size = d(s(i, "contracts")) * d(s(i, "contract_multiplier"));
    let market = |rate: &str| {
        json!({"mark": s(i, "mark_price"), "tiers": flat(s(i, "mm_rate")),
            "fees": {"taker": s(i, "taker_fee"), "close_in_requirement": "mark", "funding_in_requirement": true},
            "funding": {"rate": rate}})
    };
    let position = |side: &str| json!({"side": side, "size": size.to_string(), "entry": s(i, "mark_price"), "leverage": "10", "mode": "isolated"});
    let b = book("100000", market(s(i, "funding_rate")), position("long"));
    let p = &b.evaluate(&b.marks()).unwrap().positions[0];
    assert_eq!(
        p.maintenance_margin,
        d(s(&c["expected"], "maintenance_margin"))
    );
    // Negative funding is no cost to a long; positive none to a short.
    let b = book("100000", market("-0.0001"), position("long"));
    assert_eq!(
        b.evaluate(&b.marks()).unwrap().positions[0].maintenance_margin,
        d("22.00055")
    );
    let b = book("100000", market("0.0001"), position("short"));
    assert_eq!(
        b.evaluate(&b.marks()).unwrap().positions[0].maintenance_margin,
        d("22.00055")
    );
}

#[test]
fn funding_over_the_holding_time_comes_out_of_the_margin_and_the_cross_wallet() {
    // 1 BTC long isolated at 60,000, 20x (margin 3,000), and a 1 BTC short
    // in cross; 0.01 % every 8 hours, held 30 hours: three payments of 6.
    let text = |hours: &str| {
        json!({"version": 2, "wallet": "10000", "settings": {"hours": hours},
            "markets": [{"symbol": "X", "mark": "60000", "tiers": flat("0.005"), "funding": {"rate": "0.0001"}}],
            "positions": [
                {"market": "X", "side": "long", "size": "1", "entry": "60000", "leverage": "20", "mode": "isolated"},
                {"market": "X", "side": "short", "size": "1", "entry": "60000", "leverage": "20", "mode": "cross"}]})
        .to_string()
    };
    let at = |hours: &str| Book::new(&Scenario::from_json(&text(hours)).unwrap()).unwrap();
    let (now, later) = (at("0"), at("30"));
    assert_eq!(later.positions()[0].margin, d("2982"));
    assert_eq!(later.positions()[0].funding_paid, d("18"));
    assert_eq!(later.positions()[1].funding_paid, d("-18"));
    // The short received 18 into the cross wallet; the long's 18 left the account.
    assert_eq!(later.cross_wallet(), now.cross_wallet() + d("18"));
    let report = later.evaluate(&later.marks()).unwrap();
    assert_eq!(report.positions[0].funding_paid, d("18"));
    // The long's liquidation price came closer by 18 per unit of size (÷ 1 − mmr).
    let lp = |b: &Book| {
        b.isolated_liquidation_price(0, Boundary::Liquidation)
            .unwrap()
            .unwrap()
    };
    assert!(close(
        lp(&later) - lp(&now),
        d("18") / d("0.995"),
        d("1e-20")
    ));
    // All isolated: each margin pays its own funding (the short's receives).
    let iso = later.with_all(margin_engine::MarginMode::Isolated).unwrap();
    assert_eq!(iso.positions()[0].margin, d("2982"));
    assert_eq!(iso.positions()[1].margin, d("3018"));
    assert_eq!(iso.wallet(), later.wallet());
    // A margin that funding exhausts is zero, never negative.
    let b = at("8760");
    assert_eq!(b.positions()[0].margin, d("0"));
    // Hours and rates are bounded, and named.
    let e = Scenario::from_json(&text("-1"))
        .and_then(|s| Book::new(&s))
        .unwrap_err();
    assert_eq!(e.field, "settings.hours");
}

#[test]
fn hyperliquid_funding_rate_from_its_premium() {
    let c = case("hyperliquid-funding-rate-example");
    let i = &c["inputs"];
    let e = &c["expected"];
    let (bid, oracle) = (d(s(i, "impact_bid_px")), d(s(i, "oracle_px")));
    let premium = (bid - oracle) / oracle;
    assert_eq!(premium, d(s(e, "premium")));
    let f =
        margin_engine::clamped_funding_rate(premium, d(s(i, "interest_rate_8h")), d(s(i, "clamp")))
            .unwrap();
    assert_eq!(f, d(s(e, "funding_rate_8h")));
    assert_eq!(f - premium, d(s(e, "clamp_term")));
}

#[test]
fn review_findings_stay_fixed() {
    // A size-linear rate that would reach 100 % of the notional is refused,
    // naming the size (the solver would find no sign change).
    let text = json!({"version": 2, "wallet": "100000000",
        "markets": [{"symbol": "X", "mark": "100", "size_rates": {"maintenance": {"base": "0.02", "per_unit": "0.000005"}}}],
        "positions": [{"market": "X", "side": "long", "size": "250000", "entry": "100", "leverage": "5", "mode": "isolated"}]})
    .to_string();
    let e = Book::new(&Scenario::from_json(&text).unwrap()).unwrap_err();
    assert_eq!(e.field, "positions[0].size");
    // Below 1x the bankruptcy price is zero: the fee to close is not negative.
    let b = book(
        "100000",
        json!({"tiers": flat("0.005"), "fees": bybit_fees("0.00055")}),
        json!({"side": "long", "size": "1", "entry": "20000", "leverage": "0.25", "mode": "isolated"}),
    );
    let p = &b.evaluate(&b.marks()).unwrap().positions[0];
    assert_eq!(p.costs.as_ref().unwrap().fee_to_close, Decimal::ZERO);
    assert!(p.maintenance_margin >= Decimal::ZERO);
    // Funding that exhausts a margin: each variant pays its own, from the
    // totals before funding, and the wallet never gains what was not paid.
    let text = json!({"version": 2, "wallet": "100000", "settings": {"hours": "8"},
        "markets": [{"symbol": "X", "mark": "60000", "tiers": flat("0.005"), "funding": {"rate": "0.05"}}],
        "positions": [{"market": "X", "side": "long", "size": "1", "entry": "60000", "leverage": "20", "mode": "isolated", "margin": "5"}]})
    .to_string();
    let b = Book::new(&Scenario::from_json(&text).unwrap()).unwrap();
    assert_eq!(b.positions()[0].funding_paid, d("5"));
    assert_eq!(b.wallet(), d("99995"));
    let iso = b.with_all(margin_engine::MarginMode::Isolated).unwrap();
    // Its own margin (3,000) pays the 3,000 due, all of it.
    assert_eq!(iso.positions()[0].funding_paid, d("3000"));
    assert_eq!(iso.wallet(), d("97000"));
    let cross = b.with_all(margin_engine::MarginMode::Cross).unwrap();
    assert_eq!(cross.positions()[0].funding_paid, d("3000"));
    assert_eq!(cross.wallet(), d("97000"));
    assert_eq!(cross.cross_wallet(), d("97000"));
}

#[test]
fn size_linear_rates_follow_the_maintenance_basis() {
    // 25 BTC at 100,000 on Deribit's rates: MM 1.125 % of the notional.
    // Measured at entry, it stays 28,125 when the price moves.
    let market = |basis: &str| json!({"mark": "100000", "mm_basis": basis, "size_rates": {"maintenance": {"base": "0.01", "per_unit": "0.00005"}}});
    let position = json!({"side": "long", "size": "25", "entry": "100000", "leverage": "10", "mode": "isolated"});
    let entry = book("100000000", market("entry"), position.clone());
    let mark = book("100000000", market("mark"), position);
    for b in [&entry, &mark] {
        assert_eq!(
            b.evaluate(&b.marks()).unwrap().positions[0].maintenance_margin,
            d("28125")
        );
    }
    let lower = Prices(vec![d("90000")]);
    assert_eq!(
        entry.evaluate(&lower).unwrap().positions[0].maintenance_margin,
        d("28125")
    );
    assert_eq!(
        mark.evaluate(&lower).unwrap().positions[0].maintenance_margin,
        d("25312.5")
    );
    // And each liquidation price plugs back in.
    for b in [&entry, &mark] {
        let lp = isolated_lp(b);
        let p = &b.evaluate(&Prices(vec![lp])).unwrap().positions[0];
        assert!(close(
            p.margin_balance.unwrap(),
            p.maintenance_margin,
            d("1e-18")
        ));
    }
}

#[test]
fn btzo_hedge_mode_margins_the_hedged_part_at_entry() {
    // A 0.2 BTC long at 39,000 and a 0.1 BTC short at 39,990, mark 40,001,
    // flat 0.56 %: the long's hedged half at entry, the rest at the mark.
    let c = case("btzo-mm-with-fee-and-funding-hedge-long");
    let i = &c["inputs"];
    let mult = d(s(i, "contract_multiplier"));
    let long = d(s(i, "long_size")) * mult;
    let short = -d(s(i, "short_size")) * mult;
    let text = |hedged: bool| {
        json!({"version": 2, "wallet": "100000",
            "markets": [{"symbol": "BTCUSDT", "mark": s(i, "mark_price"), "tiers": flat(s(i, "rate")), "hedged_at_entry": hedged}],
            "positions": [
                {"market": "BTCUSDT", "side": "long", "size": long.to_string(), "entry": s(i, "long_entry"), "leverage": "10", "mode": "isolated"},
                {"market": "BTCUSDT", "side": "short", "size": short.to_string(), "entry": s(i, "short_entry"), "leverage": "10", "mode": "isolated"}]})
        .to_string()
    };
    let b = Book::new(&Scenario::from_json(&text(true)).unwrap()).unwrap();
    let r = b.evaluate(&b.marks()).unwrap();
    assert_eq!(
        r.positions[0].maintenance_margin,
        d(s(&c["expected"], "long_maintenance_margin"))
    );
    // The short is all hedged: its whole size at its entry, 0.1 × 39,990 × 0.56 %.
    assert_eq!(r.positions[1].maintenance_margin, d("22.39440"));
    // One-way (the rule off): both at the mark.
    let one_way = Book::new(&Scenario::from_json(&text(false)).unwrap()).unwrap();
    assert_eq!(
        one_way.evaluate(&one_way.marks()).unwrap().positions[0].maintenance_margin,
        d("44.80112")
    );
    // The liquidation prices plug back in: balance = maintenance there.
    for k in 0..2 {
        let lp = b
            .isolated_liquidation_price(k, Boundary::Liquidation)
            .unwrap()
            .unwrap();
        let mut at = b.marks();
        at.0[0] = lp;
        let st = &b.evaluate(&at).unwrap().positions[k];
        let gap = (st.margin_balance.unwrap() - st.maintenance_margin).abs();
        assert!(gap < d("0.000001"), "{k}: {gap}");
    }
    // A tiered table is refused, named.
    let mut v: serde_json::Value = serde_json::from_str(&text(true)).unwrap();
    v["markets"][0]["tiers"] = json!([
        {"floor": "0", "cap": "50000", "mmr": "0.005", "max_leverage": "100"},
        {"floor": "50000", "cap": null, "mmr": "0.01", "max_leverage": "50"}]);
    let e = Book::new(&Scenario::from_json(&v.to_string()).unwrap()).unwrap_err();
    assert_eq!(e.field, "markets[0].hedged_at_entry");
}
