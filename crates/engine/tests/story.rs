//! The verdict in money and in time (`Analyzer::story`) on the teaching
//! examples, worked by hand, and over random books.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod common;

use common::d;
use margin_engine::{Analyzer, Book, Decimal, Prices, Story, Variant};

fn sample(id: &str) -> Book {
    Book::from_json(margin_engine::samples::get(id).unwrap().json).unwrap()
}

fn story(book: &Book, prices: &Prices) -> Story {
    let a = Analyzer::new(book.clone()).unwrap();
    let s = a.snapshot(prices, None).unwrap();
    a.story(&s).unwrap()
}

/// Every market moved by `pct` % (the whole-market slider).
fn market_move(book: &Book, pct: i64) -> Prices {
    book.moved_prices(&book.marks(), Decimal::new(pct, 2), "market_move")
        .unwrap()
}

#[test]
fn hedged_pair_at_plus_12_percent_isolated_is_ahead_now_and_cross_after_the_swing_back() {
    // Wallet 12,000; BTC long 1 @ 60,000 and ETH short 20 @ 3,000, 10x each.
    // At +12 %: BTC 67,200 (+7,200), ETH 3,360 (−7,200).
    let b = sample("hedged-pair");
    let s = story(&b, &market_move(&b, 12));
    assert_eq!(s.lead, Variant::AllCross, "the book is all cross");
    let cross = s.set_up(Variant::AllCross).unwrap().money;
    let iso = s.set_up(Variant::AllIsolated).unwrap().money;
    // Cross: the gain pays for the loss; nothing is liquidated.
    assert_eq!(cross.holds, d("12000"));
    assert_eq!(cross.locked_loss, d("0"));
    assert_eq!(cross.at_stake, d("12000"));
    assert_eq!(cross.at_return, d("12000"));
    // Isolated: the ETH short's 6,000 margin is gone (balance −1,200), the
    // BTC long holds 6,000 + 7,200.
    assert_eq!(iso.holds, d("13200"));
    assert_eq!(iso.locked_loss, d("6000"));
    assert_eq!(
        iso.at_stake,
        d("6000"),
        "only the BTC margin is still at stake"
    );
    assert_eq!(iso.at_return, d("6000"), "12,000 − the locked 6,000");
    // The richer side now is isolated; after the swing back, cross.
    assert_eq!(s.ahead_now, Some(Variant::AllIsolated));
    assert_eq!(s.ahead_at_return, Some(Variant::AllCross));
}

#[test]
fn one_bad_trade_names_sol_as_the_threat() {
    // The SOL long at 20x is the cross account's weak point: its liquidation
    // price along SOL (the others held) is far closer than along BTC.
    let b = sample("one-bad-trade");
    let s = story(&b, &b.marks());
    let t = s
        .set_up(Variant::AllCross)
        .unwrap()
        .nearest_threat
        .clone()
        .unwrap();
    assert_eq!(t.symbol, "SOLUSDT");
    assert_eq!(t.position, None, "the cross account, not a position");
    assert!(t.distance < d("-0.15") && t.distance > d("-0.17"), "{t:?}");
    assert_eq!(t.price.round_dp(2), d("125.85"));
    // Isolated, the SOL position's own price is nearer still (20x).
    let t = s
        .set_up(Variant::AllIsolated)
        .unwrap()
        .nearest_threat
        .clone()
        .unwrap();
    assert_eq!((t.symbol.as_str(), t.position), ("SOLUSDT", Some(2)));
}

#[test]
fn default_book_at_the_marks_shows_what_each_mode_risks() {
    // Wallet 10,000: BTC 20x isolated (3,000 margin), ETH and SOL in cross.
    let b = sample("default");
    let s = story(&b, &b.marks());
    assert_eq!(
        s.lead,
        Variant::AsConfigured,
        "a mixed book leads with itself"
    );
    let m = |v| s.set_up(v).unwrap().money;
    assert_eq!(
        m(Variant::AllCross).at_stake,
        d("10000"),
        "cross: the whole wallet"
    );
    let iso = m(Variant::AllIsolated);
    // All isolated: each position's initial margin at entry, no more.
    let book = b.with_all(margin_engine::MarginMode::Isolated).unwrap();
    let margins: Decimal = book.positions().iter().map(|p| p.margin).sum();
    assert_eq!(iso.at_stake, margins);
    assert!(iso.at_stake < d("10000"));
    for v in Variant::ALL {
        // Nothing happened yet: what it holds is what it would hold back at the marks.
        assert_eq!(m(v).locked_loss, d("0"));
        assert_eq!(m(v).holds, m(v).at_return);
    }
}

mod random {
    use super::*;
    use margin_engine::scenario::Scenario;
    use proptest::prelude::*;

    use crate::common::{pos, preset_market, scenario};

    fn arb_book() -> impl Strategy<Value = Scenario> {
        (
            prop::collection::vec(
                (
                    0usize..3,
                    any::<bool>(),
                    100u64..3_000_000,
                    80u32..120,
                    1u32..25,
                    any::<bool>(),
                ),
                1..6,
            ),
            0u64..200_000,
        )
            .prop_map(|(ps, extra)| {
                let markets = vec![
                    preset_market("BTCUSDT", "60000", "binance-usdm-btcusdt-2024-10"),
                    preset_market("ETHUSDT", "3000", "binance-usdm-ethusdt-2024-10"),
                    preset_market("SOLUSDT", "150", "binance-usdm-solusdt-2024"),
                ];
                let marks = [d("60000"), d("3000"), d("150")];
                let syms = ["BTCUSDT", "ETHUSDT", "SOLUSDT"];
                let mut positions = Vec::new();
                let mut im = Decimal::ZERO;
                for (m, long, notional, ratio, lev, iso) in ps {
                    let entry = (marks[m] * Decimal::from(ratio) / Decimal::from(100)).round_dp(2);
                    let size = (Decimal::from(notional) / entry)
                        .round_dp(4)
                        .max(d("0.0001"));
                    im += size * entry / Decimal::from(lev);
                    positions.push(pos(
                        syms[m],
                        long,
                        &size.to_string(),
                        &entry.to_string(),
                        &lev.to_string(),
                        iso,
                    ));
                }
                scenario(
                    &(im + Decimal::ONE + Decimal::from(extra))
                        .round_dp(2)
                        .to_string(),
                    markets,
                    positions,
                )
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// The side called ahead holds more; a return to the marks is what a
        /// walked path there and back leaves; the amounts add up.
        #[test]
        fn the_richer_side_is_ahead_and_a_return_is_a_walk_back(
            sc in arb_book(),
            factors in prop::collection::vec(20u32..250, 3),
        ) {
            let book = Book::new(&sc).unwrap();
            let prices = Prices(book.markets().iter().zip(&factors)
                .map(|(m, &f)| (m.mark * Decimal::from(f) / Decimal::from(100)).round_dp(4)).collect());
            let s = story(&book, &prices);
            let (c, i) = (s.set_up(Variant::AllCross).unwrap().money, s.set_up(Variant::AllIsolated).unwrap().money);
            match s.ahead_now {
                Some(Variant::AllCross) => prop_assert!(c.holds > i.holds),
                Some(Variant::AllIsolated) => prop_assert!(i.holds > c.holds),
                None => prop_assert_eq!(c.holds, i.holds),
                Some(v) => prop_assert!(false, "{:?} cannot be ahead", v),
            }
            match s.ahead_at_return {
                Some(Variant::AllCross) => prop_assert!(c.at_return > i.at_return),
                Some(Variant::AllIsolated) => prop_assert!(i.at_return > c.at_return),
                None => prop_assert_eq!(c.at_return, i.at_return),
                Some(v) => prop_assert!(false, "{:?} cannot be ahead", v),
            }
            let wallet = book.wallet();
            for set_up in &s.set_ups {
                let m = set_up.money;
                let vb = set_up.variant.apply(&book).unwrap();
                // Walk the marks → these prices → the marks, liquidations latched.
                let walked = vb.walk(&[book.marks(), prices.clone(), book.marks()]).unwrap();
                // (Summed in another order: equal to the 28th significant digit.)
                let close = (walked.final_value - m.at_return).abs() <= (m.at_return.abs() + Decimal::ONE) * d("0.00000000000000000001");
                prop_assert!(close, "{:?}: walked {} vs {}", set_up.variant, walked.final_value, m.at_return);
                // What was lost was at stake at the start; nothing is lost twice.
                // (The cross wallet is the wallet less the isolated margins,
                // each a rounded division: adding them back can land a unit
                // of the 28th digit over.)
                let ulp = (wallet + Decimal::ONE) * d("0.0000000000000000000001");
                prop_assert!(m.locked_loss >= Decimal::ZERO && m.locked_loss <= wallet + ulp, "{:?}: lost {} of {}", set_up.variant, m.locked_loss, wallet);
                prop_assert!(m.at_stake >= Decimal::ZERO && m.at_stake <= wallet + ulp, "{:?}: at stake {} of {}", set_up.variant, m.at_stake, wallet);
                // The threat, if any, is a price of its market and in the right direction.
                if let Some(t) = &set_up.nearest_threat {
                    let at = prices.0[t.market];
                    prop_assert_eq!((t.price - at) / at, t.distance);
                    prop_assert_eq!(&t.symbol, &book.markets()[t.market].symbol);
                }
            }
        }
    }
}
