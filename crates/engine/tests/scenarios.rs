//! The shipped default book, end to end through the engine: the verdicts it
//! is meant to teach, and a cascade along a price path.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod common;

use common::d;
use margin_engine::{Book, Boundary, EventKind, MarginMode, Prices, Variant, Verdict};

fn book() -> Book {
    Book::from_json(margin_engine::samples::default_json()).unwrap()
}

fn at_btc(b: &Book, btc: &str) -> Prices {
    let mut p = b.marks();
    p.0[0] = d(btc);
    p
}

#[test]
fn default_book_shows_both_effects_along_btc() {
    let b = book();
    // All cross: 10,000 + (P − 60,000) = MM(P) = 0.005 P − 50 + 120 + 165.
    let all_cross = b.with_all(MarginMode::Cross).unwrap();
    let bounds = all_cross
        .cross_liquidation(&b.marks(), 0, Boundary::Liquidation)
        .unwrap()
        .unwrap()
        .bounds;
    assert_eq!(bounds.down.unwrap(), d("50235") / d("0.995"));
    // All isolated: BTC alone with its 3,000 margin: (3,000 − 60,000 + 50) / (0.005 − 1).
    let all_iso = b.with_all(MarginMode::Isolated).unwrap();
    let lp = all_iso
        .isolated_liquidation_price(0, Boundary::Liquidation)
        .unwrap()
        .unwrap();
    assert_eq!(lp, d("56950") / d("0.995"));

    // Between the two: cross's shared collateral saves BTC; isolated loses it.
    let c = b.compare(&at_btc(&b, "52000")).unwrap();
    assert_eq!(c.verdict, Verdict::IsolatedLosesCrossSurvives);
    assert_eq!(c.all_isolated.liquidated_positions, vec![0]);
    assert_eq!(c.all_isolated.isolated_margin_lost, d("3000"));
    assert_eq!(c.all_isolated.account_value, d("7000"));
    assert_eq!(c.all_cross.account_value, d("2000"));

    // Below the cross boundary: the whole account goes; isolated keeps 7,000.
    let c = b.compare(&at_btc(&b, "45000")).unwrap();
    assert_eq!(c.verdict, Verdict::CrossWipedIsolatedSurvives);
    assert!(c.all_cross.cross_liquidated);
    assert_eq!(c.all_cross.account_value, d("0"));
    assert_eq!(c.all_cross.wallet_lost, d("10000"));
    assert_eq!(c.all_isolated.account_value, d("7000"));

    // Above both: nothing happens.
    assert_eq!(b.compare(&b.marks()).unwrap().verdict, Verdict::Neither);
}

#[test]
fn a_dip_liquidates_isolated_btc_for_good() {
    let b = book();
    let path = [b.marks(), at_btc(&b, "55000"), at_btc(&b, "60000")];
    let r = b.walk(&path).unwrap();
    assert_eq!(r.events.len(), 1, "{:?}", r.events);
    let e = &r.events[0];
    assert_eq!(e.kind, EventKind::Isolated { position: 0 });
    assert_eq!(e.step, 0);
    // Caught at the exact crossing, not at the 55,000 sample.
    assert_eq!(
        e.prices[0],
        b.isolated_liquidation_price(0, Boundary::Liquidation)
            .unwrap()
            .unwrap()
    );
    assert_eq!(e.wallet_lost, d("3000"));
    assert_eq!(e.account_value_after, d("7000"));
    // The recovery to 60,000 does not bring it back.
    assert_eq!(r.open, vec![false, true, true]);
    assert_eq!(r.final_value, d("7000"));
    assert_eq!(r.wallet, d("7000"));
    assert_eq!(r.wallet_lost, d("3000"));

    // The standing after the path is the survivors' own: the same book
    // without the BTC position and with the 7,000 wallet left, evaluated
    // at the last sample.
    let mut sc: serde_json::Value =
        serde_json::from_str(margin_engine::samples::default_json()).unwrap();
    sc["positions"].as_array_mut().unwrap().remove(0);
    sc["wallet"] = "7000".into();
    let survivors = Book::from_json(&sc.to_string()).unwrap();
    let now = survivors.evaluate(&b.marks()).unwrap();
    // …which is the book the walker says the path left.
    let mut w = margin_engine::PathWalker::new(&b).unwrap();
    for p in &path {
        w.push(p).unwrap();
    }
    let (left, index) = w.survivors().unwrap();
    assert_eq!(index, vec![1, 2]);
    assert_eq!(left, survivors);
    assert_eq!(r.maintenance_margin, now.cross.maintenance_margin);
    assert_eq!(r.margin_ratio, now.cross.margin_ratio);
    assert!(r.margin_ratio.is_some());
}

#[test]
fn a_crash_wipes_the_cross_account_at_its_boundary() {
    let b = book().with_all(MarginMode::Cross).unwrap();
    let path = [b.marks(), at_btc(&b, "40000"), at_btc(&b, "60000")];
    let r = b.walk(&path).unwrap();
    assert_eq!(r.events.len(), 1);
    let e = &r.events[0];
    assert_eq!(
        e.kind,
        EventKind::Cross {
            positions: vec![0, 1, 2]
        }
    );
    let expected = d("50235") / d("0.995");
    assert!(
        (e.prices[0] - expected).abs() < d("0.000000000000000001"),
        "{}",
        e.prices[0]
    );
    assert_eq!(e.wallet_lost, d("10000"));
    assert_eq!(r.final_value, d("0"));
    assert_eq!(r.open, vec![false, false, false]);
}

#[test]
fn returned_residual_is_margin_left_minus_fee() {
    let mut sc =
        margin_engine::Scenario::from_json(margin_engine::samples::default_json()).unwrap();
    sc.settings.residual = margin_engine::scenario::Residual::Returned {
        fee_rate: d("0.001"),
    };
    let b = Variant::AllCross.apply(&Book::new(&sc).unwrap()).unwrap();
    let r = b.walk(&[b.marks(), at_btc(&b, "40000")]).unwrap();
    let e = &r.events[0];
    // At the crossing equity = MM; the fee is on the notional closed there.
    let btc = e.prices[0];
    let mm = d("0.005") * btc - d("50") + d("120") + d("165");
    let notional = btc + d("30000") + d("30000");
    let left = mm - d("0.001") * notional;
    assert!(
        (e.account_value_after - left).abs() < d("0.0000000001"),
        "{} vs {left}",
        e.account_value_after
    );
    assert!((e.wallet_lost - (d("10000") - left)).abs() < d("0.0000000001"));
}

#[test]
fn many_samples_give_the_same_events_as_one_step() {
    // A slider dragged in 1,000 small steps catches the same crossing.
    let b = book();
    let mut path = vec![b.marks()];
    for k in 1..=1000 {
        path.push(at_btc(&b, &(60000 - 15 * k).to_string()));
    }
    let r = b.walk(&path).unwrap();
    assert_eq!(r.events.len(), 1);
    assert_eq!(
        r.events[0].prices[0],
        b.isolated_liquidation_price(0, Boundary::Liquidation)
            .unwrap()
            .unwrap()
    );
}

fn sample(id: &str) -> Book {
    Book::from_json(margin_engine::samples::get(id).unwrap().json).unwrap()
}

fn at(b: &Book, symbol: &str, price: &str) -> Prices {
    let mut p = b.marks();
    p.0[b.market_index(symbol).unwrap()] = d(price);
    p
}

#[test]
fn every_sample_is_a_valid_book() {
    for s in margin_engine::samples::SAMPLES {
        Book::from_json(s.json).unwrap_or_else(|e| panic!("{}: {e}", s.id));
    }
}

#[test]
fn one_bad_trade_drains_the_cross_account() {
    let b = sample("one-bad-trade");
    let c = b.compare(&at(&b, "SOLUSDT", "120")).unwrap();
    assert_eq!(c.verdict, Verdict::CrossWipedIsolatedSurvives);
    assert_eq!(c.all_cross.account_value, d("0"));
    assert_eq!(c.all_cross.wallet_lost, d("5000"));
    assert_eq!(c.all_isolated.isolated_margin_lost, d("1500"));
    assert_eq!(c.all_isolated.liquidated_positions, vec![2]);
    assert_eq!(c.all_isolated.account_value, d("3500"));
}

#[test]
fn hedged_pair_is_saved_by_cross_in_a_market_jump() {
    let b = sample("hedged-pair");
    let moved = Prices(b.markets().iter().map(|m| m.mark * d("1.12")).collect());
    let c = b.compare(&moved).unwrap();
    assert_eq!(c.verdict, Verdict::IsolatedLosesCrossSurvives);
    assert_eq!(c.all_isolated.liquidated_positions, vec![1]);
    assert!(!c.all_cross.cross_liquidated);
    // The isolated short's threshold comes first: a jump just under 10 %.
    let iso = b.with_all(MarginMode::Isolated).unwrap();
    let mv = iso
        .market_move(&iso.marks(), Boundary::Liquidation)
        .unwrap();
    let x = mv.positions[1].unwrap().up.unwrap();
    assert!(x > d("0.09") && x < d("0.10"), "{x}");
}

#[test]
fn high_leverage_alt_drags_down_btc() {
    let b = sample("alt-drags-btc");
    let c = b.compare(&at(&b, "SOLUSDT", "120")).unwrap();
    assert_eq!(c.verdict, Verdict::CrossWipedIsolatedSurvives);
    assert!(
        c.as_configured.cross_liquidated,
        "BTC closed with the cross account"
    );
    assert_eq!(c.all_isolated.liquidated_positions, vec![1]);
    assert_eq!(c.all_isolated.isolated_margin_lost, d("3000"));
}

/// What the teaching example's lesson says, from the engine.
fn funding_at_marks(id: &str) -> margin_engine::FundingComparison {
    let b = sample(id);
    b.funding_comparison(&b.marks()).unwrap().unwrap()
}

#[test]
fn a_long_backed_by_the_same_coin_goes_earlier() {
    let f = funding_at_marks("same-coin-long");
    let btc = &f.markets[0];
    assert_eq!(btc.market, "BTCUSDT");
    let (coin, stable) = (
        btc.with_coins.down.unwrap(),
        btc.in_stablecoins.down.unwrap(),
    );
    assert_eq!(coin.round_dp(0), d("40663"));
    assert_eq!(stable.round_dp(0), d("33504"));
    assert_eq!(
        ((coin / d("60000") - d("1")) * d("100")).round_dp(0),
        d("-32")
    );
    assert_eq!(
        ((stable / d("60000") - d("1")) * d("100")).round_dp(0),
        d("-44")
    );
    assert_eq!(f.stable_value, d("60000"));
    let lesson = margin_engine::samples::get("same-coin-long")
        .unwrap()
        .lesson;
    for n in ["40,663", "33,504", "−32 %", "−44 %"] {
        assert!(lesson.contains(n), "{n}");
    }
}

#[test]
fn a_cash_and_carry_with_a_large_haircut_goes_on_the_way_up() {
    let b = sample("cash-and-carry");
    let assets = b.assets_at(&b.marks()).unwrap();
    // 100 BTC count as 44.8 under Bybit's quantity tiers.
    assert_eq!(assets[1].margin_value, d("44.8") * d("60000"));
    let f = funding_at_marks("cash-and-carry");
    let m = &f.markets[0];
    assert_eq!(m.with_coins.down, None);
    let (coin, stable) = (m.with_coins.up.unwrap(), m.in_stablecoins.up.unwrap());
    assert_eq!(coin.round_dp(0), d("109634"));
    assert_eq!(stable.round_dp(0), d("120406"));
    assert_eq!(
        ((coin / d("60000") - d("1")) * d("100")).round_dp(0),
        d("83")
    );
    let lesson = margin_engine::samples::get("cash-and-carry")
        .unwrap()
        .lesson;
    for n in ["109,634", "+83 %", "120,406", "44.8", "6,000,000"] {
        assert!(lesson.contains(n), "{n}");
    }
    // The isolated comparison can be formed (the wallet funds the short).
    b.with_all(MarginMode::Isolated).unwrap();
}
