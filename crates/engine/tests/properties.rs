//! Invariants over random books (proptest).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod common;

use common::books::{arb_book, build};
use common::*;
use margin_engine::scenario::ModeSpec;
use margin_engine::{
    Book, Boundary, CrossBoundaries, Decimal, EventKind, MarginMode, Prices, Variant, Verdict,
};
use proptest::prelude::*;

/// |g(price)| allowed at a computed boundary: the price is exact to its last
/// kept digit (10^-scale), so g may be off by Σ size × (1 + mmr) × 10^-scale,
/// plus rounding in the products (we allow 4 units of that).
fn tolerance(book: &Book, members: &[usize], at: Decimal) -> Decimal {
    let ulp = Decimal::new(1, at.scale());
    let q: Decimal = members.iter().map(|&i| book.positions()[i].size).sum();
    q * ulp * d("4") + d("0.000000000000000001")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn isolated_loss_never_exceeds_margin(sc in arb_book(), moves in prop::collection::vec(1u32..400, 3)) {
        let book = Book::new(&sc).unwrap().with_all(MarginMode::Isolated).unwrap();
        let prices = Prices(book.markets().iter().zip(&moves).map(|(m, &x)| (m.mark * Decimal::from(x) / Decimal::from(100)).round_dp(8)).collect());
        let st = book.evaluate(&prices).unwrap();
        // What is left never falls below the untouched cross wallet: each
        // position can lose at most its own margin.
        prop_assert!(st.account_value >= book.cross_wallet());
        for (p, s) in book.positions().iter().zip(&st.positions) {
            let left = if s.liquidated { Decimal::ZERO } else { s.margin_balance.unwrap() };
            prop_assert!(p.margin - left <= p.margin);
            prop_assert!(left >= Decimal::ZERO);
        }
    }

    #[test]
    fn margin_balance_equals_mm_at_isolated_liquidation_price(sc in arb_book()) {
        let book = Book::new(&sc).unwrap().with_all(MarginMode::Isolated).unwrap();
        for (i, p) in book.positions().iter().enumerate() {
            let Some(lp) = book.isolated_liquidation_price(i, Boundary::Liquidation).unwrap() else { continue };
            prop_assert!(lp > Decimal::ZERO);
            let f = book.position_figures(i, lp).unwrap();
            let (balance, mm) = (p.margin + f.unrealized_pnl, f.maintenance_margin);
            let tol = tolerance(&book, &[i], lp);
            prop_assert!((balance - mm).abs() <= tol, "position {i}: balance {balance} mm {mm} at {lp}");
            // And it is the boundary: a hair inside is safe, a hair beyond is not.
            let step = lp * d("0.000001");
            let (safe, beyond) = match p.side { margin_engine::Side::Long => (lp + step, lp - step), _ => (lp - step, lp + step) };
            let surplus = |x: Decimal| {
                let f = book.position_figures(i, x).unwrap();
                p.margin + f.unrealized_pnl - f.maintenance_margin
            };
            prop_assert!(surplus(safe) > Decimal::ZERO);
            if beyond > Decimal::ZERO { prop_assert!(surplus(beyond) <= Decimal::ZERO); }
        }
    }

    #[test]
    fn cross_equity_equals_mm_at_cross_liquidation_prices(sc in arb_book()) {
        let book = Book::new(&sc).unwrap().with_all(MarginMode::Cross).unwrap();
        let marks = book.marks();
        let all: Vec<usize> = (0..book.positions().len()).collect();
        for m in 0..book.markets().len() {
            let Some(CrossBoundaries { scan, .. }) = book.cross_liquidation(&marks, m, Boundary::Liquidation).unwrap() else { continue };
            for c in scan.crossings {
                let mut at = marks.clone();
                at.0[m] = c.t;
                let st = book.evaluate(&at).unwrap();
                let movers: Vec<usize> = all.iter().copied().filter(|&i| book.positions()[i].market == m).collect();
                let tol = tolerance(&book, &movers, c.t);
                prop_assert!((st.cross.equity - st.cross.maintenance_margin).abs() <= tol,
                    "market {m} at {}: equity {} mm {}", c.t, st.cross.equity, st.cross.maintenance_margin);
            }
        }
    }

    #[test]
    fn more_wallet_moves_cross_liquidation_away(sc in arb_book(), add in 1u64..1_000_000) {
        let book = Book::new(&sc).unwrap().with_all(MarginMode::Cross).unwrap();
        let mut richer_sc = sc.clone();
        for p in &mut richer_sc.positions { p.mode = ModeSpec::Cross; }
        richer_sc.wallet += Decimal::from(add);
        let richer = Book::new(&richer_sc).unwrap();
        let marks = book.marks();
        for m in 0..book.markets().len() {
            let (Some(CrossBoundaries { scan: a, .. }), Some(CrossBoundaries { scan: b, .. })) = (
                book.cross_liquidation(&marks, m, Boundary::Liquidation).unwrap(),
                richer.cross_liquidation(&marks, m, Boundary::Liquidation).unwrap(),
            ) else { continue };
            // The liquidated region shrinks: a boundary with the liquidated
            // side below it ("leaves" moving up) moves down, one with the
            // liquidated side above it moves up; none appears.
            for enters in [false, true] {
                let old = a.crossings.iter().find(|c| c.enters == enters).map(|c| c.t);
                let new = b.crossings.iter().find(|c| c.enters == enters).map(|c| c.t);
                match (old, new) {
                    (Some(x), Some(y)) if enters => prop_assert!(y > x, "upper boundary {x} -> {y}"),
                    (Some(x), Some(y)) => prop_assert!(y < x, "lower boundary {x} -> {y}"),
                    _ => {}
                }
            }
            // Everywhere, safe before means safe after; and the scan's status
            // agrees with a direct evaluation.
            let mut probes = vec![marks.0[m]];
            for c in a.crossings.iter().chain(&b.crossings) {
                probes.extend([c.t, c.t * d("0.999999"), c.t * d("1.000001")]);
            }
            for t in probes {
                prop_assert!(!a.safe_at(t) || b.safe_at(t), "liquidated at {t} only with more wallet");
                let mut at = marks.clone();
                at.0[m] = t;
                let st = book.evaluate(&at).unwrap();
                if (st.cross.equity - st.cross.maintenance_margin).abs() > d("0.000001") {
                    prop_assert_eq!(a.safe_at(t), !st.cross.liquidated, "status at {}", t);
                }
            }
        }
    }

    #[test]
    fn lone_position_cross_and_isolated_agree(long in any::<bool>(), notional in 1_000u64..50_000_000, lev in 1u32..20, extra in 0u64..1_000_000) {
        let ps = [(0usize, long, notional, 100u32, lev, true)];
        let mut sc = build(&[(60_000, 2), (3_000, 0), (150, 1)], &ps, 0);
        // The isolated margin is the whole wallet; the cross copy uses the same wallet.
        let margin = sc.positions[0].size * sc.positions[0].entry / Decimal::from(lev) + Decimal::from(extra);
        sc.positions[0].margin = Some(margin);
        sc.wallet = margin;
        let iso = Book::new(&sc).unwrap();
        let mut csc = sc.clone();
        csc.positions[0].mode = ModeSpec::Cross;
        csc.positions[0].margin = None;
        let cross = Book::new(&csc).unwrap();
        let a = iso.isolated_liquidation_price(0, Boundary::Liquidation).unwrap();
        let b = cross.cross_liquidation(&cross.marks(), 0, Boundary::Liquidation).unwrap().unwrap().bounds;
        let b = if long { b.down } else { b.up };
        prop_assert_eq!(a, b);
    }

    #[test]
    fn path_events_happen_at_liquidation_prices(sc in arb_book(), depth in 5u32..95, up in any::<bool>()) {
        // One market moves from its mark to far away in one step; the others stay.
        let book = Book::new(&sc).unwrap();
        let marks = book.marks();
        let m = book.positions()[0].market;
        let mut far = marks.clone();
        far.0[m] = if up { marks.0[m] * (Decimal::ONE + Decimal::from(depth) / Decimal::from(10)) }
                   else { marks.0[m] * Decimal::from(100 - depth) / Decimal::from(100) };
        let start = book.evaluate(&marks).unwrap();
        let r = book.walk(&[marks.clone(), far.clone()]).unwrap();
        let rel = d("0.000000000000000001");
        for (i, p) in book.positions().iter().enumerate() {
            if p.mode != MarginMode::Isolated || p.market != m || start.positions[i].liquidated { continue; }
            let lp = book.isolated_liquidation_price(i, Boundary::Liquidation).unwrap();
            let (lo, hi) = (marks.0[m].min(far.0[m]), marks.0[m].max(far.0[m]));
            let crossed = lp.is_some_and(|x| x > lo && x < hi);
            let event = r.events.iter().find(|e| e.kind == EventKind::Isolated { position: i });
            prop_assert_eq!(crossed, event.is_some(), "position {} lp {:?}", i, lp);
            if let (Some(e), Some(lp)) = (event, lp) {
                prop_assert!(((e.prices[m] - lp) / lp).abs() <= rel, "event at {} vs lp {}", e.prices[m], lp);
            }
        }
        // The cross account (forfeited residuals: isolated events leave it alone).
        if book.has_cross() && !start.cross.liquidated {
            let b = book.cross_liquidation(&marks, m, Boundary::Liquidation).unwrap().map(|c| c.bounds).unwrap_or_default();
            let bound = if up { b.up.filter(|&x| x < far.0[m]) } else { b.down.filter(|&x| x > far.0[m]) };
            let event = r.events.iter().find(|e| matches!(e.kind, EventKind::Cross { .. }));
            prop_assert_eq!(bound.is_some(), event.is_some(), "cross bound {:?}", bound);
            if let (Some(e), Some(x)) = (event, bound) {
                prop_assert!(((e.prices[m] - x) / x).abs() <= rel, "cross event at {} vs {}", e.prices[m], x);
            }
        }
    }

    #[test]
    fn grid_agrees_with_cell_by_cell_comparison(sc in arb_book(), span in 10u32..90) {
        let book = Book::new(&sc).unwrap();
        let marks = book.marks();
        let axis = |m: usize| -> Vec<Decimal> {
            let lo = marks.0[m] * Decimal::from(100 - span) / Decimal::from(100);
            let hi = marks.0[m] * Decimal::from(100 + span) / Decimal::from(100);
            margin_engine::axis(lo.round_dp(6), hi.round_dp(6), 7, "x").unwrap()
        };
        let (xs, ys) = (axis(0), axis(1));
        let g = book.grid(&marks, 0, 1, xs.clone(), ys.clone()).unwrap();
        for (j, y) in ys.iter().enumerate() {
            for (i, x) in xs.iter().enumerate() {
                let mut at = marks.clone();
                at.0[0] = *x;
                at.0[1] = *y;
                let c = book.compare(&at).unwrap();
                prop_assert_eq!(g.cells[j * xs.len() + i], c.verdict.code(), "cell ({}, {})", x, y);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn sweep_agrees_with_point_evaluation(sc in arb_book(), span in 10u32..95, descending in any::<bool>()) {
        let book = Book::new(&sc).unwrap();
        let marks = book.marks();
        let m = book.positions()[0].market;
        let lo = (marks.0[m] * Decimal::from(100 - span) / Decimal::from(100)).round_dp(6);
        let hi = (marks.0[m] * Decimal::from(100 + 2 * span) / Decimal::from(100)).round_dp(6);
        let mut xs = margin_engine::axis(lo, hi, 41, "x").unwrap();
        if descending { xs.reverse(); }
        let sw = book.sweep(&marks, m, xs.clone()).unwrap();
        for (k, x) in xs.iter().enumerate() {
            let mut at = marks.clone();
            at.0[m] = *x;
            let c = book.compare(&at).unwrap();
            for (series, outcome) in sw.series.iter().zip([&c.as_configured, &c.all_cross, &c.all_isolated]) {
                // Equal but for the order of summation of 28-digit margins.
                let tol = (outcome.account_value.abs() + Decimal::ONE) * d("0.00000000000000000001");
                prop_assert!((series.values[k] - outcome.account_value).abs() <= tol, "{:?} at {}: {} vs {}", series.variant, x, series.values[k], outcome.account_value);
                prop_assert_eq!(series.cross_liquidated[k], outcome.cross_liquidated);
                prop_assert_eq!(series.isolated_liquidated[k], outcome.liquidated_positions.len());
            }
        }
    }
}

#[test]
fn verdict_codes_are_stable() {
    assert_eq!(Verdict::Neither.code(), 0);
    assert_eq!(Verdict::CrossWipedIsolatedSurvives.code(), 1);
    assert_eq!(Verdict::IsolatedLosesCrossSurvives.code(), 2);
    assert_eq!(Verdict::Both.code(), 3);
}

/// Prices moved market by market from the marks: each factor in % of the mark.
fn moved(book: &Book, factors: &[u32]) -> Prices {
    Prices(
        book.markets()
            .iter()
            .zip(factors)
            .map(|(m, &f)| (m.mark * Decimal::from(f) / Decimal::from(100)).round_dp(6))
            .collect(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    /// The analyzer's snapshots — fresh, or built on the previous one with
    /// only some markets moved — say what direct evaluation says: the same
    /// statuses, boundaries and per-position figures exactly, and the same
    /// sums to the 28th significant digit (a snapshot adds market by market,
    /// evaluation position by position; a quotient's last digit can round
    /// differently).
    #[test]
    fn snapshots_agree_with_direct_evaluation(
        sc in arb_book(),
        steps in prop::collection::vec((0usize..3, 20u32..250), 1..6),
    ) {
        let book = Book::new(&sc).unwrap();
        let a = margin_engine::Analyzer::new(book.clone()).unwrap();
        let mut factors = vec![100u32; book.markets().len()];
        let mut previous: Option<margin_engine::Snapshot> = None;
        let same = |x: Decimal, y: Decimal| (x - y).abs() <= (x.abs() + Decimal::ONE) * d("0.00000000000000000001");
        for (m, f) in steps {
            factors[m] = f;
            let prices = moved(&book, &factors);
            let snap = a.snapshot(&prices, previous.as_ref()).unwrap();
            let fresh = a.snapshot(&prices, None).unwrap();
            // Incremental and fresh snapshots are identical.
            prop_assert_eq!(a.comparison(&fresh).unwrap(), a.comparison(&snap).unwrap());
            let (via, direct) = (a.comparison(&snap).unwrap(), book.compare(&prices).unwrap());
            prop_assert_eq!(via.verdict, direct.verdict);
            for (x, y) in [(&via.as_configured, &direct.as_configured), (&via.all_cross, &direct.all_cross), (&via.all_isolated, &direct.all_isolated)] {
                prop_assert_eq!(x.cross_liquidated, y.cross_liquidated);
                prop_assert_eq!(&x.liquidated_positions, &y.liquidated_positions);
                prop_assert!(same(x.account_value, y.account_value), "{:?}: {} vs {}", x.variant, x.account_value, y.account_value);
                prop_assert!(same(x.wallet_lost, y.wallet_lost) && same(x.isolated_margin_lost, y.isolated_margin_lost));
            }
            for v in [Variant::AsConfigured, Variant::AllCross, Variant::AllIsolated] {
                let vb = v.apply(&book).unwrap();
                let st = vb.evaluate(&prices).unwrap();
                let at = snap.variant(v).unwrap();
                let (c, e) = (&at.cross_state, &st.cross);
                prop_assert_eq!(c.liquidated, e.liquidated);
                prop_assert_eq!(c.positions, e.positions);
                for (x, y) in [(c.equity, e.equity), (c.maintenance_margin, e.maintenance_margin), (c.initial_margin, e.initial_margin), (c.unrealized_pnl, e.unrealized_pnl), (c.available_balance, e.available_balance)] {
                    prop_assert!(same(x, y), "cross {} vs {}", x, y);
                }
                prop_assert!(same(at.totals.account_value, st.account_value));
                for i in 0..vb.positions().len() {
                    let pa = snap.position(&a, v, i).unwrap();
                    prop_assert_eq!(&pa.state, &st.positions[i]);
                    let own = vb.isolated_liquidation_price(i, Boundary::Liquidation).unwrap();
                    if vb.positions()[i].mode == MarginMode::Isolated {
                        prop_assert_eq!(pa.liquidation_price, own);
                    }
                }
                for m in 0..vb.markets().len() {
                    // The same boundary; its balance is summed in another
                    // order, so the quotient's 28th digit may differ.
                    let near = |x: Option<margin_engine::Bounds>, y: Option<margin_engine::Bounds>| match (x, y) {
                        (Some(x), Some(y)) => [(x.down, y.down), (x.up, y.up)].iter().all(|pair| match pair {
                            (Some(a), Some(b)) => same(*a, *b),
                            (None, None) => true,
                            _ => false,
                        }),
                        (x, y) => x == y,
                    };
                    let direct = vb.cross_liquidation(&prices, m, Boundary::Liquidation).unwrap().map(|c| c.bounds);
                    let via = at.cross.as_ref().and_then(|c| c.liquidation(m, prices.0[m]));
                    prop_assert!(near(via, direct), "variant {:?} market {}: {:?} vs {:?}", v, m, via, direct);
                    let direct = vb.cross_liquidation(&prices, m, Boundary::Bankruptcy).unwrap().map(|c| c.bounds);
                    let via = at.cross.as_ref().and_then(|c| c.bankruptcy(m, prices.0[m]));
                    prop_assert!(near(via, direct), "bankruptcy, variant {:?} market {}: {:?} vs {:?}", v, m, via, direct);
                }
            }
            previous = Some(snap);
        }
    }
}
