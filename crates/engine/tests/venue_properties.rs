//! Properties of the venue fee rules over random books (proptest): fees
//! outside the requirement change no liquidation price; a fee to close
//! inside it only brings each liquidation closer; at every liquidation price
//! with fees the balance equals the requirement (plugged back in).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod common;

use common::books::arb_book;
use common::*;
use margin_engine::scenario::{CloseFee, FundingSpec, Scenario};
use margin_engine::{Book, Boundary, Decimal, MarginMode, Side};
use proptest::prelude::*;

/// The book with every market charging `taker`, the fee to close counted
/// by `close`.
fn with_fees(sc: &Scenario, taker: Decimal, close: CloseFee) -> Book {
    Book::new(&common::with_fees(sc, taker, close, false)).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(128), ..ProptestConfig::default() })]

    #[test]
    fn fees_outside_the_requirement_change_no_liquidation_price(sc in arb_book(), bp in 1u32..20) {
        let taker = Decimal::new(i64::from(bp), 4);
        let plain = Book::new(&sc).unwrap();
        let fees = with_fees(&sc, taker, CloseFee::None);
        let marks = plain.marks();
        prop_assert_eq!(plain.evaluate(&marks).unwrap().account_value, fees.evaluate(&marks).unwrap().account_value);
        for i in 0..plain.positions().len() {
            if plain.positions()[i].mode == MarginMode::Isolated {
                prop_assert_eq!(
                    plain.isolated_liquidation_price(i, Boundary::Liquidation).unwrap(),
                    fees.isolated_liquidation_price(i, Boundary::Liquidation).unwrap()
                );
            }
        }
        for m in 0..plain.markets().len() {
            let a = plain.cross_liquidation(&marks, m, Boundary::Liquidation).unwrap().map(|c| c.bounds);
            let b = fees.cross_liquidation(&marks, m, Boundary::Liquidation).unwrap().map(|c| c.bounds);
            prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn a_fee_in_the_requirement_only_brings_liquidation_closer(
        sc in arb_book(),
        bp in 1u32..20,
        at_mark in any::<bool>(),
        account in any::<bool>(),
    ) {
        let taker = Decimal::new(i64::from(bp), 4);
        let close = match (at_mark, account) {
            (true, _) => CloseFee::Mark,
            (false, false) => CloseFee::Bankruptcy,
            (false, true) => CloseFee::AccountBankruptcy,
        };
        let plain = Book::new(&sc).unwrap();
        let fees = with_fees(&sc, taker, close);
        let marks = plain.marks();
        for (i, p) in plain.positions().iter().enumerate() {
            if p.mode != MarginMode::Isolated {
                continue;
            }
            let a = plain.isolated_liquidation_price(i, Boundary::Liquidation).unwrap();
            let b = fees.isolated_liquidation_price(i, Boundary::Liquidation).unwrap();
            match (p.side, a, b) {
                (Side::Long, Some(a), Some(b)) => prop_assert!(b >= a, "long {i}: {a} -> {b}"),
                (Side::Short, Some(a), Some(b)) => prop_assert!(b <= a, "short {i}: {a} -> {b}"),
                // A fee can give a price where there was none (a long at 1x
                // now liquidates above zero), never take one away.
                (_, Some(_), None) => prop_assert!(false, "position {i} lost its price"),
                _ => {}
            }
            // Plugged back in: the balance meets MM plus the fee.
            if let Some(lp) = b {
                let f = fees.position_figures(i, lp).unwrap();
                let gap = (p.margin + f.unrealized_pnl - f.maintenance_margin).abs();
                prop_assert!(gap <= p.size * Decimal::new(1, lp.scale()) * d("4") + d("1e-18"), "{i}: {gap} at {lp}");
            }
        }
        // From a cross account that stands at the marks (one already
        // liquidated recovers further away with a fee: the same rule).
        // A fee that liquidates the account at the marks brought it as close
        // as it gets; otherwise each bound moves toward the marks.
        let standing = !plain.evaluate(&marks).unwrap().cross.liquidated
            && !fees.evaluate(&marks).unwrap().cross.liquidated;
        for m in 0..plain.markets().len() {
            let a = plain.cross_liquidation(&marks, m, Boundary::Liquidation).unwrap().map(|c| c.bounds);
            let b = fees.cross_liquidation(&marks, m, Boundary::Liquidation).unwrap().map(|c| c.bounds);
            let (Some(a), Some(b), true) = (a, b, standing) else { continue };
            if let (Some(x), Some(y)) = (a.down, b.down) { prop_assert!(y >= x, "market {m} down {x} -> {y}"); }
            if let (Some(x), Some(y)) = (a.up, b.up) { prop_assert!(y <= x, "market {m} up {x} -> {y}"); }
            if a.down.is_some() { prop_assert!(b.down.is_some()); }
            if a.up.is_some() { prop_assert!(b.up.is_some()); }
        }
        // The account at the marks: a fee in the requirement never turns a
        // liquidated account safe.
        let (x, y) = (plain.evaluate(&marks).unwrap(), fees.evaluate(&marks).unwrap());
        prop_assert!(!x.cross.liquidated || y.cross.liquidated);
    }

    #[test]
    fn positive_funding_brings_a_longs_liquidation_closer_and_a_shorts_further(
        sc in arb_book(),
        bp in 1u32..50,
        hours in 8u32..400,
    ) {
        let mut paid = sc.clone();
        paid.version = 2;
        paid.settings.hours = Decimal::from(hours);
        for m in &mut paid.markets {
            m.funding = Some(FundingSpec { rate: Decimal::new(i64::from(bp), 5), every_hours: Decimal::from(8), schedule: Vec::new() });
        }
        let (plain, later) = (Book::new(&sc).unwrap(), Book::new(&paid).unwrap());
        for (i, p) in plain.positions().iter().enumerate() {
            if p.mode != MarginMode::Isolated {
                continue;
            }
            let a = plain.isolated_liquidation_price(i, Boundary::Liquidation).unwrap();
            let b = later.isolated_liquidation_price(i, Boundary::Liquidation).unwrap();
            // A long pays: its price rises toward the mark (or appears); a
            // short receives: its price rises away from it.
            match (a, b) {
                (Some(a), Some(b)) => prop_assert!(b >= a, "{i} {:?}: {a} -> {b}", p.side),
                (Some(_), None) => prop_assert!(false, "{i} lost its price"),
                _ => {}
            }
            let f = later.positions()[i].funding_paid;
            match p.side {
                Side::Long => prop_assert!(f > Decimal::ZERO),
                Side::Short => prop_assert!(f < Decimal::ZERO),
            }
        }
        // What the account paid and received nets out of its total.
        let net: Decimal = later.positions().iter().map(|p| p.funding_paid).sum();
        prop_assert_eq!(later.wallet(), plain.wallet() - net);
    }
}
