//! "How this was computed": every explanation, evaluated step by step from
//! its formulas, gives the number it explains — the same number the report
//! shows — over the samples, the venue examples and random books (linear
//! tiers, venue fees, coin collateral with haircuts, inverse contracts),
//! in each set-up.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod common;

use common::books::arb_book;
use common::*;
use margin_engine::explain::{Direction, Leaves};
use margin_engine::report::evaluate_report;
use margin_engine::scenario::{CloseFee, FeesSpec, Scenario};
use margin_engine::{explain_at, Analyzer, Book, Decimal, MarginMode, Prices, Subject, Variant};
use proptest::prelude::*;

/// Checks every explanation of `book` (a set-up's book) at `prices`
/// against its report; returns how many were checked.
fn check_all(book: &Book, prices: &Prices) -> usize {
    let map = prices
        .0
        .iter()
        .zip(book.markets())
        .map(|(p, m)| (m.symbol.clone(), margin_engine::dec::Dec(*p)))
        .collect();
    let report = evaluate_report(book, Some(&map)).unwrap();
    let mut n = 0;
    let mut check = |subject: Subject, expected: Option<Decimal>| {
        let e = explain_at(book, prices, &subject).unwrap_or_else(|e| panic!("{subject:?}: {e}"));
        let got = e
            .evaluate()
            .unwrap_or_else(|err| panic!("{subject:?}: {err}\n{}", e.to_text()));
        assert_eq!(got, e.result, "{subject:?}\n{}", e.to_text());
        assert_eq!(e.result, expected, "{subject:?}\n{}", e.to_text());
        // Every formula prints both ways without losing a leaf.
        for s in &e.steps {
            let plain = |x: Decimal| margin_engine::dec::to_string(&x);
            assert!(!s.expr.render(Leaves::Symbols, &plain).is_empty());
            assert!(!s.expr.render(Leaves::Numbers, &plain).is_empty());
        }
        n += 1;
    };
    for (i, p) in book.positions().iter().enumerate() {
        let r = &report.positions[i];
        if p.mode == MarginMode::Isolated {
            check(
                Subject::LiquidationPrice { position: i },
                r.liquidation_price,
            );
        }
        check(
            Subject::MaintenanceMargin { position: Some(i) },
            Some(r.state.maintenance_margin),
        );
        check(
            Subject::OpeningMargin { position: i },
            Some(p.margin + p.funding_paid),
        );
    }
    if !book.positions().is_empty() {
        // The column's figure: the analyzer's total.
        let a = Analyzer::new(book.clone()).unwrap();
        let snap = a.snapshot(prices, None).unwrap();
        let total = snap
            .variant(Variant::AsConfigured)
            .unwrap()
            .totals
            .maintenance_margin;
        check(Subject::MaintenanceMargin { position: None }, Some(total));
    }
    for (symbol, b) in &report.cross.liquidation_prices {
        for (side, x) in [(Direction::Below, b.down), (Direction::Above, b.up)] {
            check(
                Subject::CrossLiquidationPrice {
                    market: symbol.clone(),
                    side,
                },
                x,
            );
        }
    }
    check(Subject::AccountValue, Some(report.account_value));
    n
}

/// Each set-up of `sc` at its marks and at `moved` (market, price).
fn check_variants(sc: &Scenario, moved: &[(usize, Decimal)]) -> usize {
    let book = Book::new(sc).unwrap();
    let mut n = 0;
    for v in Variant::ALL {
        let Ok(b) = v.apply(&book) else { continue };
        let mut prices = b.marks();
        n += check_all(&b, &prices);
        for &(m, p) in moved {
            prices.0[m] = p;
        }
        n += check_all(&b, &prices);
    }
    n
}

/// The explanation of position #1's own liquidation price at the marks.
fn first_liquidation_price(book: &Book) -> margin_engine::Explanation {
    explain_at(
        book,
        &book.marks(),
        &Subject::LiquidationPrice { position: 0 },
    )
    .unwrap()
}

#[test]
fn every_sample_is_explained_in_every_set_up() {
    let mut n = 0;
    for s in margin_engine::samples::SAMPLES {
        let sc = Scenario::from_json(s.json).unwrap();
        let book = Book::new(&sc).unwrap();
        let moved: Vec<(usize, Decimal)> = book
            .markets()
            .iter()
            .enumerate()
            .map(|(m, mk)| (m, mk.mark * d("0.8")))
            .collect();
        n += check_variants(&sc, &moved);
    }
    assert!(n > 100, "{n} explanations");
}

#[test]
fn mango_health_books_are_explained() {
    // Two markets under Mango's health rule, USDC in full, one position in
    // profit (weighted) and one losing, with unsettled PnL: at the marks,
    // and moved across each health's zero.
    let sc = Scenario::from_json(
        &serde_json::json!({
            "version": 2, "quote": "USDC", "wallet": "95",
            "markets": [
                {"symbol": "A", "mark": "150", "settle_health": {"positive_weight": "0.95"}, "tiers": [{"floor": "0", "cap": null, "mmr": "0.1", "max_leverage": "10"}]},
                {"symbol": "B", "mark": "100", "settle_health": {"positive_weight": "0.9"}, "tiers": [{"floor": "0", "cap": null, "mmr": "0.1", "max_leverage": "10"}]},
                {"symbol": "C", "mark": "10", "tiers": [{"floor": "0", "cap": null, "mmr": "0.05", "max_leverage": "20"}]}
            ],
            "positions": [
                {"market": "A", "side": "long", "size": "1", "entry": "100", "leverage": "10", "mode": "cross", "unsettled": "-4"},
                {"market": "B", "side": "short", "size": "10", "entry": "100", "leverage": "10", "mode": "cross", "unsettled": "3"},
                {"market": "C", "side": "long", "size": "5", "entry": "10", "leverage": "5", "mode": "cross"}
            ]
        })
        .to_string(),
    )
    .unwrap();
    let n = check_variants(&sc, &[(0, d("105")), (1, d("92"))]);
    assert!(n >= 20, "{n} explanations");
    let b = Book::new(&sc).unwrap();
    let e = explain_at(&b, &b.marks(), &Subject::AccountValue).unwrap();
    assert!(
        e.notes.iter().any(|n| n.contains("Mango's health rule")),
        "{:?}",
        e.notes
    );
    let down = explain_at(
        &b,
        &b.marks(),
        &Subject::CrossLiquidationPrice {
            market: "A".into(),
            side: Direction::Below,
        },
    )
    .unwrap();
    assert!(down.to_text().contains("health"), "{}", down.to_text());
}

#[test]
fn the_isolated_liquidation_price_reads_as_binance_writes_it() {
    // #1 of the default book: 1 BTC long at 60,000, 20x, margin 3,000,
    // tier 2 (0.5 %, 50): (3,000 + 50 − 60,000) ÷ (0.005 − 1) = 57,236.18…
    let sc = Scenario::from_json(margin_engine::samples::default_json()).unwrap();
    let book = Book::new(&sc).unwrap();
    let e = first_liquidation_price(&book);
    let text = e.to_text();
    assert!(text.contains("a₁ = −(s₁·q₁·EP₁) + cum₁"), "{text}");
    assert!(text.contains("= −(1 × 1 × 60000) + 50"), "{text}");
    assert!(text.contains("A = a₁ + W"), "{text}");
    assert!(text.contains("= (-59950) + 3000"), "{text}");
    assert!(text.contains("P = −A ÷ B"), "{text}");
    assert_eq!(e.tiers.len(), 1);
    assert_eq!(e.tiers[0].tier, 2);
    assert!(
        e.tiers[0].text.contains("from 50000 up to 600000"),
        "{}",
        e.tiers[0].text
    );
    assert_eq!(e.result, Some(d("57236.180904522613065326633166")));
    // A cross position has no liquidation price of its own.
    let err = explain_at(
        &book,
        &book.marks(),
        &Subject::LiquidationPrice { position: 1 },
    )
    .unwrap_err();
    assert_eq!(err.field, "position");
}

#[test]
fn venue_rules_are_named_and_their_amounts_substituted() {
    // Bybit's current rule: the fee to close at the bankruptcy price is in
    // the requirement (a fixed F), with 0.055 % taker.
    let mut sc = Scenario::from_json(margin_engine::samples::default_json()).unwrap();
    sc.version = 2;
    for m in &mut sc.markets {
        m.fees = Some(FeesSpec {
            taker: d("0.00055"),
            close_in_requirement: CloseFee::Bankruptcy,
            close_in_margin: true,
            funding_in_requirement: false,
        });
    }
    let book = Book::new(&sc).unwrap();
    let e = first_liquidation_price(&book);
    let text = e.to_text();
    assert!(text.contains("F₁"), "{text}");
    assert!(
        text.contains("fee to close at the bankruptcy price is in the requirement"),
        "{text}"
    );
    assert_eq!(e.evaluate().unwrap(), e.result);
    let o = explain_at(
        &book,
        &book.marks(),
        &Subject::OpeningMargin { position: 0 },
    )
    .unwrap();
    assert!(o.to_text().contains("FC"), "{}", o.to_text());
    // 3,000 + 0.00055 × 60,000 × (1 − 1/20) = 3,031.35
    assert_eq!(o.result, Some(d("3031.35")));
    n_checked(check_variants(&sc, &[(0, d("58000"))]));
}

fn n_checked(n: usize) {
    assert!(n > 0);
}

#[test]
fn a_requirement_that_jumps_at_a_floor_is_explained_there() {
    // A custom table whose amount does not keep it continuous: at 50,000
    // of notional the requirement jumps from 250 to 2,500. A 1 BTC short
    // from 40,000 at 3.5x (margin 11,428.57…) is safe just below 50,000
    // (1,178.57 > 250) and liquidated just above (−1,071.43 < 2,500 − …):
    // neither tier's line reaches zero in its own bracket, so the
    // liquidation price is the floor's, 50,000.
    let rows = table(&[
        ("0", Some("50000"), "0.005", "0", "100"),
        ("50000", None, "0.05", "0", "10"),
    ]);
    let sc = scenario(
        "20000",
        vec![market("BTCUSDT", "40000", rows)],
        vec![pos("BTCUSDT", false, "1", "40000", "3.5", true)],
    );
    let book = Book::new(&sc).unwrap();
    let e = first_liquidation_price(&book);
    assert_eq!(e.result, Some(d("50000")), "{}", e.to_text());
    assert_eq!(e.steps.len(), 1, "{}", e.to_text());
    assert!(e.to_text().contains("P = floor ÷ q₁"), "{}", e.to_text());
    n_checked(check_variants(&sc, &[(0, d("45000"))]));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(96), ..ProptestConfig::default() })]

    #[test]
    fn every_explanation_evaluates_to_its_number(
        sc in arb_book(),
        fee in 0u8..5,
        bp in 1u32..10,
        m in 0usize..3,
        move_pct in 60u32..140,
    ) {
        let sc = match fee {
            0 => sc,
            1 => common::with_fees(&sc, Decimal::new(i64::from(bp), 4), CloseFee::None, false),
            2 => common::with_fees(&sc, Decimal::new(i64::from(bp), 4), CloseFee::Mark, false),
            3 => common::with_fees(&sc, Decimal::new(i64::from(bp), 4), CloseFee::Bankruptcy, true),
            _ => common::with_fees(&sc, Decimal::new(i64::from(bp), 4), CloseFee::AccountBankruptcy, false),
        };
        let Ok(book) = Book::new(&sc) else { return Ok(()) };
        let p = book.markets()[m].mark * Decimal::from(move_pct) / Decimal::from(100);
        check_variants(&sc, &[(m, p.round_dp(2))]);
    }

    #[test]
    fn every_explanation_of_a_coin_book_evaluates_to_its_number(
        f in common::coins::arb_funds(),
        ps in common::coins::arb_positions(),
        cross_only in any::<bool>(),
        m in 0usize..3,
        move_pct in 70u32..130,
    ) {
        let Some(book) = common::coins::build(&f, &ps, cross_only) else { return Ok(()) };
        let sc = Scenario::from_json(&common::coins::json_book(&f, &ps, cross_only).to_string()).unwrap();
        let p = book.markets()[m].mark * Decimal::from(move_pct) / Decimal::from(100);
        check_variants(&sc, &[(m, p.round_dp(2))]);
    }
}

#[test]
fn a_collateral_value_that_jumps_at_a_tier_floor_is_explained_there() {
    // BTC's ratio applies to its whole balance: 95 % below 50,000 of value,
    // 50 % above. A cross short against a USDT loan: the account's counted
    // value drops below maintenance as BTC crosses 50,000 (found by review).
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/whole-tier-jump.json"
    ))
    .unwrap();
    let sc = Scenario::from_json(&text).unwrap();
    let book = Book::new(&sc).unwrap();
    let e = explain_at(
        &book,
        &book.marks(),
        &Subject::CrossLiquidationPrice {
            market: "BTCUSDT".into(),
            side: Direction::Above,
        },
    )
    .unwrap();
    assert_eq!(e.result, Some(d("50000")), "{}", e.to_text());
    assert_eq!(e.evaluate().unwrap(), e.result);
    n_checked(check_variants(&sc, &[(0, d("48000"))]));
}
