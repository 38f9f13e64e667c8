//! Time: funding rates that change (a schedule), the rate in force at the
//! end of the holding time, and liquidation prices against holding time
//! (`timeline`), each checked against the book built at that time.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod common;

use common::*;
use margin_engine::scenario::Scenario;
use margin_engine::timeline::{LineOf, TimelineRequest};
use margin_engine::{timeline, Book, Boundary, Decimal, Variant};
use serde_json::{json, Value};

/// 1 BTC long isolated at 60,000, 20x (margin 3,000), and a 1 BTC short in
/// cross, on a market paying `funding`.
fn book_json(hours: &str, funding: Value) -> String {
    json!({"version": 2, "wallet": "10000", "settings": {"hours": hours},
        "markets": [{"symbol": "X", "mark": "60000",
            "tiers": [{"floor": "0", "cap": null, "mmr": "0.005", "max_leverage": "100"}],
            "funding": funding}],
        "positions": [
            {"market": "X", "side": "long", "size": "1", "entry": "60000", "leverage": "20", "mode": "isolated"},
            {"market": "X", "side": "short", "size": "1", "entry": "60000", "leverage": "20", "mode": "cross"}]})
    .to_string()
}

fn at(hours: &str, funding: Value) -> Book {
    Book::new(&Scenario::from_json(&book_json(hours, funding)).unwrap()).unwrap()
}

#[test]
fn a_schedule_pays_its_rates_in_order_then_the_market_rate() {
    let f = json!({"rate": "0.0001", "schedule": ["0.001", "0.002"]});
    // 7 h: no payment yet; 8 h: the first rate, 0.1 % of 60,000 = 60.
    assert_eq!(at("7", f.clone()).positions()[0].funding_paid, d("0"));
    assert_eq!(at("8", f.clone()).positions()[0].funding_paid, d("60"));
    // 16 h: 60 + 120; 30 h: 60 + 120 + 6 (the market's rate after them).
    assert_eq!(at("16", f.clone()).positions()[0].funding_paid, d("180"));
    let b = at("30", f.clone());
    assert_eq!(b.positions()[0].funding_paid, d("186"));
    assert_eq!(b.positions()[0].margin, d("2814"));
    assert_eq!(b.positions()[1].funding_paid, d("-186"));
    // Written back, the scenario keeps its schedule.
    let sc = Scenario::from_json(&book_json("30", f)).unwrap();
    let again = Scenario::from_json(&serde_json::to_string(&sc).unwrap()).unwrap();
    assert_eq!(again, sc);
    // A negative schedule: the long receives.
    let b = at("16", json!({"rate": "0", "schedule": ["-0.001", "-0.001"]}));
    assert_eq!(b.positions()[0].funding_paid, d("-120"));
    assert_eq!(b.positions()[0].margin, d("3120"));
}

#[test]
fn a_bad_schedule_rate_is_named() {
    let text = book_json("8", json!({"rate": "0.0001", "schedule": ["0.001", "0.9"]}));
    let e = Book::new(&Scenario::from_json(&text).unwrap()).unwrap_err();
    assert_eq!(e.field, "markets[0].funding.schedule[1]");
    // Funding more often than once a minute is refused, named (found by
    // review: a tiny interval made a timeline of millions of points).
    let text = book_json("8", json!({"rate": "0.0001", "every_hours": "0.01"}));
    let e = Book::new(&Scenario::from_json(&text).unwrap()).unwrap_err();
    assert_eq!(e.field, "markets[0].funding.every_hours");
    // Every minute over a week: 10,080 intervals, charted on 200 points.
    let sc = Scenario::from_json(&book_json(
        "0",
        json!({"rate": "0.0000001", "every_hours": "0.0167"}),
    ))
    .unwrap();
    let t = timeline(
        &sc,
        &TimelineRequest {
            market: "X".into(),
            to: d("168"),
            points: None,
            variant: Variant::AsConfigured,
        },
    )
    .unwrap();
    assert_eq!(t.hours.len(), 200);
    let text = book_json("8", json!({"rate": "0.0001", "schedule": ["abc"]}));
    let e = Scenario::from_json(&text).unwrap_err();
    assert!(e.field.starts_with("markets[0].funding.schedule"), "{e}");
}

#[test]
fn the_funding_in_the_requirement_is_the_rate_in_force_then() {
    // BTZO's rule: the next funding rate, when a cost to the side, counts in
    // maintenance. The schedule's first rate is 0.2 %, then 0.01 %.
    let funding = json!({"rate": "0.0001", "schedule": ["0.002"]});
    let with_rule = |hours: &str| {
        let mut v: Value = serde_json::from_str(&book_json(hours, funding.clone())).unwrap();
        v["markets"][0]["fees"] = json!({"taker": "0", "funding_in_requirement": true});
        Book::new(&Scenario::from_json(&v.to_string()).unwrap()).unwrap()
    };
    assert_eq!(with_rule("0").positions()[0].extra_rate, d("0.002"));
    assert_eq!(with_rule("8").positions()[0].extra_rate, d("0.0001"));
    // The short receives a positive rate: nothing added.
    assert_eq!(with_rule("0").positions()[1].extra_rate, d("0"));
}

#[test]
fn liquidation_prices_against_holding_time_are_each_times_book() {
    let f = json!({"rate": "0.0001", "schedule": ["0.001", "0.002"]});
    let sc = Scenario::from_json(&book_json("0", f.clone())).unwrap();
    let req = TimelineRequest {
        market: "X".into(),
        to: d("48"),
        points: None,
        variant: Variant::AsConfigured,
    };
    let t = timeline(&sc, &req).unwrap();
    // One point per funding interval: 0, 8, …, 48.
    assert_eq!(
        t.hours,
        ["0", "8", "16", "24", "32", "40", "48"].map(d).to_vec()
    );
    let long = t
        .lines
        .iter()
        .find(|l| l.of == LineOf::Isolated { position: 0 })
        .unwrap();
    for (k, h) in t.hours.iter().enumerate() {
        let b = at(&h.to_string(), f.clone());
        assert_eq!(
            long.prices[k],
            b.isolated_liquidation_price(0, Boundary::Liquidation)
                .unwrap()
        );
        assert_eq!(long.funding_paid[k], b.positions()[0].funding_paid);
        let c = b
            .cross_liquidation(&b.marks(), 0, Boundary::Liquidation)
            .unwrap()
            .unwrap();
        let up = t.lines.iter().find(|l| l.of == LineOf::CrossAbove).unwrap();
        assert_eq!(up.prices[k], c.bounds.up);
    }
    // Paying funding, the long's liquidation price only rises toward the mark.
    let prices: Vec<Decimal> = long.prices.iter().map(|p| p.unwrap()).collect();
    assert!(prices.windows(2).all(|w| w[1] > w[0]), "{prices:?}");
    // Evenly spaced on request; the all-isolated set-up has no cross lines.
    let req = TimelineRequest {
        points: Some(5),
        variant: Variant::AllIsolated,
        ..req
    };
    let t = timeline(&sc, &req).unwrap();
    assert_eq!(t.hours, ["0", "12", "24", "36", "48"].map(d).to_vec());
    assert_eq!(t.lines.len(), 2, "{:?}", t.lines);
    assert!(t
        .lines
        .iter()
        .all(|l| matches!(l.of, LineOf::Isolated { .. })));
    // Bad requests name their field.
    let bad = |market: &str, to: &str, points: Option<usize>| {
        timeline(
            &sc,
            &TimelineRequest {
                market: market.into(),
                to: d(to),
                points,
                variant: Variant::AsConfigured,
            },
        )
        .unwrap_err()
        .field
    };
    assert_eq!(bad("Y", "48", None), "market");
    assert_eq!(bad("X", "-1", None), "to");
    assert_eq!(bad("X", "100000", None), "to");
    assert_eq!(bad("X", "48", Some(1)), "points");
}

#[test]
fn a_loan_accrues_interest_over_the_holding_time() {
    // Borrowed 20,000 USDT at 10 % a year against 1 BTC, held 876 hours
    // (a tenth of a year): 200 of interest, the debt 20,200.
    let text = |hours: &str, rate: Option<&str>| {
        let mut usdt = json!({"asset": "USDT", "amount": "-20000"});
        if let Some(r) = rate {
            usdt["borrow_rate"] = r.into();
        }
        json!({"version": 2, "settings": {"hours": hours},
            "assets": [usdt, {"asset": "BTC", "amount": "1", "price": {"market": "BTCUSDT"}, "ratio": "0.95"}],
            "markets": [{"symbol": "BTCUSDT", "mark": "60000",
                "tiers": [{"floor": "0", "cap": null, "mmr": "0.005", "max_leverage": "100"}]}],
            "positions": [{"market": "BTCUSDT", "side": "long", "size": "1", "entry": "60000", "leverage": "10", "mode": "cross"}]})
        .to_string()
    };
    let book = |hours: &str, rate: Option<&str>| {
        Book::new(&Scenario::from_json(&text(hours, rate)).unwrap()).unwrap()
    };
    let b = book("876", Some("0.1"));
    let a = b.assets_at(&b.marks()).unwrap();
    assert_eq!(a[0].units, d("-20200"));
    assert_eq!(a[0].interest, Some(d("200")));
    // No rate, or no time: no interest.
    assert_eq!(
        book("876", None).assets_at(&b.marks()).unwrap()[0].units,
        d("-20000")
    );
    assert_eq!(
        book("0", Some("0.1")).assets_at(&b.marks()).unwrap()[0].interest,
        None
    );
    // The debt's interest brings the cross liquidation closer: by 200 of
    // equity, at (1 BTC × 0.95 + 1 BTC long − 0.005) per dollar of BTC.
    let down = |b: &Book| cross_down(b, 0);
    let (before, after) = (down(&book("0", Some("0.1"))), down(&b));
    assert!(after > before, "{before} -> {after}");
    // Each set-up pays the same interest (a loan is not a margin mode's).
    // (All isolated cannot be funded here: the USDT balance is a debt.)
    for v in [Variant::AllCross, Variant::AllIsolated] {
        let Ok(vb) = v.apply(&b) else { continue };
        assert_eq!(
            vb.assets_at(&vb.marks()).unwrap()[0].interest,
            Some(d("200"))
        );
    }
    // A bad rate is named.
    let e = Book::new(&Scenario::from_json(&text("8", Some("-0.1"))).unwrap()).unwrap_err();
    assert_eq!(e.field, "assets[0].borrow_rate");
}

#[test]
fn a_timed_path_pays_funding_as_it_goes_and_liquidates_what_it_drains() {
    use margin_engine::{EventKind, PathWalker};
    // 0.1 % every 8 hours: the 1 BTC long pays 60 at each payment, out of
    // its 3,000 margin; the cross short receives it. Its maintenance at
    // 60,000 is 300: the 45th payment leaves 300, and it is liquidated there.
    let f = json!({"rate": "0.001"});
    let b = at("0", f.clone());
    let marks = b.marks();
    let samples = vec![marks.clone(); 50];
    let timed = b.walk_timed(&samples, Some(d("8"))).unwrap();
    let plain = b.walk(&samples).unwrap();
    assert!(plain.events.is_empty());
    let first = &timed.events[0];
    assert_eq!(first.step, 1);
    assert_eq!(
        first.kind,
        EventKind::Funding {
            positions: vec![0, 1],
            paid: vec![d("60"), d("-60")],
            interest: vec![],
            exchanged: vec![],
            hours: d("8"),
            // Paid and received: nothing net, at the mark.
            cost: d("0"),
        }
    );
    let liq = timed
        .events
        .iter()
        .position(|e| e.kind == EventKind::Isolated { position: 0 })
        .unwrap();
    assert_eq!(timed.events[liq].step, 45);
    // The funding of that sample came first.
    assert!(matches!(
        timed.events[liq - 1].kind,
        EventKind::Funding { .. }
    ));
    assert_eq!(timed.events[liq - 1].step, 45);
    assert!(!timed.open[0] && timed.open[1]);
    // After k steps the walk's margin is the book held 8·k hours.
    for k in [1usize, 7, 20] {
        let mut w = PathWalker::timed(&b, d("8")).unwrap();
        for s in samples.iter().take(k + 1) {
            w.push(s).unwrap();
        }
        let (left, _) = w.survivors().unwrap();
        let held = at(&(8 * k).to_string(), f.clone());
        assert_eq!(
            left.positions()[0].margin,
            held.positions()[0].margin,
            "k = {k}"
        );
        assert_eq!(left.cross_wallet(), held.cross_wallet(), "k = {k}");
    }
    // Three hours a step: each payment (8 h) at its own point of its step —
    // 8 h is 2/3 of the step from 6 h to 9 h, 16 h 1/3 of the one from
    // 15 h, 24 h the 8th sample itself.
    let r = b.walk_timed(&samples[..10], Some(d("3"))).unwrap();
    let at: Vec<(usize, Decimal)> = r
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Funding { .. }))
        .map(|e| (e.step, e.t))
        .collect();
    assert_eq!(
        at,
        vec![(2, d("2") / d("3")), (5, d("1") / d("3")), (8, d("0"))]
    );
    // On a moving path the payment is made at the price of its time: from
    // 60,000 to 70,000 over 16 hours, the 8-hour payment at 65,000 (65 for
    // the long), the 16-hour one at the sample (70).
    let mut up = marks.clone();
    up.0[0] = d("70000");
    let r = b.walk_timed(&[marks.clone(), up], Some(d("16"))).unwrap();
    let pays: Vec<(usize, Decimal, Decimal, Decimal)> = r
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Funding { paid, .. } => Some((e.step, e.t, e.prices[0], paid[0])),
            _ => None,
        })
        .collect();
    assert_eq!(
        pays,
        vec![
            (0, d("0.5"), d("65000"), d("65")),
            (1, d("0"), d("70000"), d("70"))
        ]
    );
    // A step of no time is refused, named.
    assert_eq!(
        b.walk_timed(&samples, Some(d("0"))).unwrap_err().field,
        "hours_per_step"
    );
    assert_eq!(timed.hours, d("392"));
    assert_eq!(plain.hours, d("0"));
}

#[test]
fn time_let_pass_on_a_walk_is_a_timed_walk_at_those_prices() {
    use margin_engine::{EventKind, PathWalker};
    let f = json!({"rate": "0.001"});
    let b = at("0", f);
    let marks = b.marks();
    // Holding 8 hours at a time from the marks: the same events as a walk
    // of samples 8 hours apart at the marks.
    let timed = b
        .walk_timed(&vec![marks.clone(); 50], Some(d("8")))
        .unwrap();
    let mut w = PathWalker::new(&b).unwrap();
    w.push(&marks).unwrap();
    for _ in 0..49 {
        w.hold(d("8")).unwrap();
    }
    let held = w.result().unwrap();
    assert_eq!(held.events, timed.events);
    assert_eq!(held.hours, d("392"));
    // The long paid 60 and the short received 60 at each payment until the
    // long was liquidated (45 payments); then the short alone received.
    assert_eq!(held.funding_cost, d("-60") * d("4"));
    // 44 payments at once leave 360 > 300 of margin; one more, 300: gone.
    let mut w = PathWalker::new(&b).unwrap();
    w.hold(d("352")).unwrap();
    let r = w.result().unwrap();
    assert!(r.open[0], "{:?}", r.events);
    let EventKind::Funding { paid, hours, .. } = &r.events[0].kind else {
        panic!("{:?}", r.events)
    };
    assert_eq!((paid[0], *hours), (d("2640"), d("352")));
    w.hold(d("8")).unwrap();
    let r = w.result().unwrap();
    assert!(!r.open[0] && r.open[1]);
    assert_eq!(r.hours, d("360"));
    // A week and more at once: each payment is made at its own time, so
    // the long is liquidated at the 45th (300 of margin left, its
    // maintenance), not after the 63rd has drained it; the short goes on
    // receiving. Payments with nothing between them are one event.
    let mut w = PathWalker::new(&b).unwrap();
    w.hold(d("504")).unwrap();
    let r = w.result().unwrap();
    let kinds: Vec<_> = r.events.iter().map(|e| e.kind.clone()).collect();
    assert_eq!(kinds.len(), 3, "{kinds:?}");
    let EventKind::Funding {
        positions,
        paid,
        hours,
        ..
    } = &kinds[0]
    else {
        panic!("{kinds:?}")
    };
    assert_eq!(
        (positions.clone(), paid.clone(), *hours),
        (vec![0, 1], vec![d("2700"), d("-2700")], d("360"))
    );
    assert_eq!(kinds[1], EventKind::Isolated { position: 0 });
    assert_eq!(r.events[1].wallet_lost, d("300"));
    let EventKind::Funding {
        positions,
        paid,
        hours,
        ..
    } = &kinds[2]
    else {
        panic!("{kinds:?}")
    };
    assert_eq!(
        (positions.clone(), paid.clone(), *hours),
        (vec![1], vec![d("-1080")], d("504"))
    );
    // A timed walk of one 504-hour step does the same.
    let timed = b
        .walk_timed(&[marks.clone(), marks.clone()], Some(d("504")))
        .unwrap();
    assert_eq!(timed.events, r.events);
    // Between payments nothing falls due; a moved price is held at.
    let mut w = PathWalker::new(&b).unwrap();
    let mut up = marks.clone();
    up.0[0] = d("66000");
    w.push(&marks).unwrap();
    w.push(&up).unwrap();
    w.hold(d("7")).unwrap();
    assert!(w.events().is_empty());
    w.hold(d("1")).unwrap();
    let e = &w.events()[0];
    assert_eq!(e.prices[0], d("66000"));
    let EventKind::Funding { paid, cost, .. } = &e.kind else {
        panic!()
    };
    assert_eq!(paid[0], d("66"));
    assert_eq!(*cost, d("0"));
    // No time, or a negative time, is refused, named.
    for bad in ["0", "-8"] {
        assert_eq!(w.hold(d(bad)).unwrap_err().field, "hours");
    }
}

/// The book of `text` held `hours` more hours (its `settings.hours` set).
fn held_for(text: &str, hours: &str) -> Book {
    let mut v: Value = serde_json::from_str(text).unwrap();
    v["settings"]["hours"] = hours.into();
    Book::new(&Scenario::from_json(&v.to_string()).unwrap()).unwrap()
}

#[test]
fn a_timed_path_moves_every_rule_that_depends_on_time_or_on_who_is_open() {
    use margin_engine::scenario::PriceMap;
    let walk = |text: &str, path: &str, hours: Option<&str>| {
        let b = Book::new(&Scenario::from_json(text).unwrap()).unwrap();
        let samples: Vec<PriceMap> = serde_json::from_str(path).unwrap();
        let samples = margin_engine::report::path_samples(&b, &samples).unwrap();
        let mut w = match hours {
            Some(h) => margin_engine::PathWalker::timed(&b, d(h)).unwrap(),
            None => margin_engine::PathWalker::new(&b).unwrap(),
        };
        for s in &samples {
            w.push(s).unwrap();
        }
        w
    };
    let base = |market: Value, positions: Value, extra: Value| {
        let mut v =
            json!({"version": 2, "wallet": "10000", "markets": [market], "positions": positions});
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        v.to_string()
    };
    let flat = json!([{"floor": "0", "cap": null, "mmr": "0.005", "max_leverage": "100"}]);
    let long = json!([{"market": "X", "side": "long", "size": "1", "entry": "60000", "leverage": "20", "mode": "isolated"}]);

    // Funding in maintenance (BTZO): the rate in force moves with the clock
    // (0.3 % for the first interval, then 0.01 %).
    let text = base(
        json!({"symbol": "X", "mark": "60000", "tiers": flat, "fees": {"taker": "0", "funding_in_requirement": true},
            "funding": {"rate": "0.0001", "schedule": ["0.003"]}}),
        long.clone(),
        json!({}),
    );
    let w = walk(&text, r#"[{"X": "60000"}, {"X": "57500"}]"#, Some("8"));
    let held = held_for(&text, "8");
    let (left, _) = w.survivors().unwrap();
    assert_eq!(
        left.positions()[0].extra_rate,
        held.positions()[0].extra_rate
    );
    assert!(
        w.result().unwrap().open[0],
        "at 8 h the book at 57,500 stands"
    );

    // A loan's interest accrues along the walk: 10 % a year on 20,000 over
    // 876 hours is 200.
    let text = json!({"version": 2, "quote": "USDT",
        "assets": [{"asset": "USDT", "amount": "-20000", "borrow_rate": "0.1"}, {"asset": "BTC", "amount": "1", "price": {"market": "X"}}],
        "markets": [{"symbol": "X", "mark": "60000", "tiers": flat}],
        "positions": [{"market": "X", "side": "long", "size": "0.1", "entry": "60000", "leverage": "10", "mode": "cross"}]})
    .to_string();
    let w = walk(&text, r#"[{}, {}]"#, Some("876"));
    let r = w.result().unwrap();
    assert_eq!(r.wallet, held_for(&text, "876").wallet());
    assert!(r.events.iter().any(|e| matches!(&e.kind, margin_engine::EventKind::Funding { interest, .. } if interest.first() == Some(&d("200")))));

    // The account-bankruptcy fee follows the cross balance funding took.
    let text = base(
        json!({"symbol": "X", "mark": "60000", "tiers": flat, "fees": {"taker": "0.01", "close_in_requirement": "account_bankruptcy"},
            "funding": {"rate": "0.05"}}),
        json!([{"market": "X", "side": "long", "size": "1", "entry": "60000", "leverage": "20", "mode": "cross"}]),
        json!({}),
    );
    let w = walk(&text, r#"[{}, {}]"#, Some("8"));
    let (left, _) = w.survivors().unwrap();
    assert_eq!(
        left.positions()[0].bankruptcy_fee,
        held_for(&text, "8").positions()[0].bankruptcy_fee
    );

    // Hedge mode: once the long is liquidated, the short is margined as a
    // one-way position (at the mark), even on a walk with no clock.
    let hedged = json!({"symbol": "X", "mark": "60000", "tiers": flat, "hedged_at_entry": true});
    let pair = json!([
        {"market": "X", "side": "long", "size": "1", "entry": "60000", "leverage": "20", "mode": "isolated"},
        {"market": "X", "side": "short", "size": "1", "entry": "60000", "leverage": "20", "mode": "isolated"}]);
    let text = base(hedged, pair, json!({}));
    let w = walk(
        &text,
        r#"[{"X": "60000"}, {"X": "57000"}, {"X": "62690"}]"#,
        None,
    );
    let r = w.result().unwrap();
    assert!(!r.open[0], "the long is liquidated on the way down");
    assert!(
        !r.open[1],
        "the short, margined at the mark once alone, is liquidated at 62,690"
    );
}
