//! Engine speed on the book size the issue sets: 50 positions over 10 markets.
//! Run: `cargo bench -p margin-engine --bench engine`.
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use margin_engine::scenario::Scenario;
use margin_engine::{axis, Analyzer, Book, Boundary, Decimal, MarginMode};

/// A 10-asset collateral set over `markets` (their symbols and marks): a
/// quote stablecoin at 98 % with a 1.1 liability weight, and nine coins
/// following the markets in turn — flat ratios, tiers by quantity and by
/// value, one with a beta — so every kind of valuation is exercised.
fn ten_assets(markets: &[(String, u64)], scale: u64) -> String {
    let mut out = vec![format!(
        r#"{{"asset": "USDT", "amount": "{}", "ratio": "0.98", "liability_weight": "1.1"}}"#,
        scale
    )];
    for k in 0..9 {
        let (sym, mark) = &markets[k % markets.len()];
        let units = scale / 10 / mark + 1;
        let price = if k == 4 {
            format!(
                r#"{{"market": "{sym}", "beta": "0.8", "mark": "{}"}}"#,
                mark / 2 + 1
            )
        } else {
            format!(r#"{{"market": "{sym}"}}"#)
        };
        let value = match k % 3 {
            0 => r#""ratio": "0.95""#.to_owned(),
            1 => format!(
                r#""tiers": {{"by": "quantity", "rows": [{{"floor": "0", "ratio": "0.98"}}, {{"floor": "{}", "ratio": "0.9"}}, {{"floor": "{}", "ratio": "0"}}]}}"#,
                units / 2 + 1,
                units * 2 + 1
            ),
            _ => format!(
                r#""tiers": {{"by": "value", "rows": [{{"floor": "0", "ratio": "0.95"}}, {{"floor": "{}", "ratio": "0.85"}}, {{"floor": "{}", "ratio": "0.5"}}]}}"#,
                scale / 20,
                scale / 5
            ),
        };
        out.push(format!(
            r#"{{"asset": "C{k}", "amount": "{units}", "price": {price}, {value}}}"#
        ));
    }
    format!("[{}]", out.join(","))
}

/// 10 markets on the Binance BTC table, 5 positions each: longs and shorts,
/// cross and isolated, entries around the marks; with `collateral`, funded by
/// the 10-asset collateral set instead of a wallet (the cross PnL then
/// settles in a quote valued at 98 %).
fn book_with(collateral: bool) -> Book {
    let markets: Vec<String> = (0..10)
        .map(|m| {
            format!(
                r#"{{"symbol": "M{m}", "mark": "{}", "preset": "binance-usdm-btcusdt-2024-10"}}"#,
                1000 + 937 * m
            )
        })
        .collect();
    let positions: Vec<String> = (0..50)
        .map(|i| {
            let m = i % 10;
            let mark = 1000 + 937 * m;
            let entry = mark * (95 + (i * 7) % 11) / 100;
            let side = if i % 3 == 0 { "short" } else { "long" };
            let mode = if i % 2 == 0 { "cross" } else { "isolated" };
            let size = format!("{}.{}", 1 + i % 40, i % 10);
            format!(
                r#"{{"market": "M{m}", "side": "{side}", "size": "{size}", "entry": "{entry}", "leverage": "{}", "mode": "{mode}"}}"#,
                2 + i % 18
            )
        })
        .collect();
    let text = if collateral {
        let marks: Vec<(String, u64)> =
            (0..10).map(|m| (format!("M{m}"), 1000 + 937 * m)).collect();
        format!(
            r#"{{"version": 2, "wallet": "0", "assets": {}, "markets": [{}], "positions": [{}]}}"#,
            ten_assets(&marks, 5_000_000),
            markets.join(","),
            positions.join(",")
        )
    } else {
        format!(
            r#"{{"version": 1, "wallet": "5000000", "markets": [{}], "positions": [{}]}}"#,
            markets.join(","),
            positions.join(",")
        )
    };
    Book::new(&Scenario::from_json(&text).expect("bench scenario")).expect("bench book")
}

/// Every liquidation price of the book: each isolated position's own, the
/// cross account's along each market, and the whole-market move thresholds.
fn all_liquidation_prices(book: &Book) -> usize {
    let marks = book.marks();
    let mut n = 0;
    for (i, p) in book.positions().iter().enumerate() {
        if p.mode == MarginMode::Isolated
            && book
                .isolated_liquidation_price(i, Boundary::Liquidation)
                .unwrap()
                .is_some()
        {
            n += 1;
        }
    }
    for m in 0..book.markets().len() {
        if let Some(c) = book
            .cross_liquidation(&marks, m, Boundary::Liquidation)
            .unwrap()
        {
            n += c.scan.crossings.len();
        }
    }
    n + book
        .market_move(&marks, Boundary::Liquidation)
        .unwrap()
        .positions
        .len()
}

fn benches(c: &mut Criterion) {
    for (with, suffix) in [(false, ""), (true, ", 10-asset collateral")] {
        let book = book_with(with);
        let marks = book.marks();
        c.bench_function(
            &format!("evaluate 50 positions x 10 markets{suffix}"),
            |b| b.iter(|| black_box(&book).evaluate(black_box(&marks)).unwrap()),
        );
        c.bench_function(&format!("all liquidation prices (50 x 10){suffix}"), |b| {
            b.iter(|| all_liquidation_prices(black_box(&book)))
        });
        let mark = marks.get(3).unwrap();
        let xs = axis(mark / Decimal::TWO, mark * Decimal::TWO, 1000, "x").unwrap();
        c.bench_function(&format!("sweep 1000 points (3 variants){suffix}"), |b| {
            b.iter(|| black_box(&book).sweep(&marks, 3, xs.clone()).unwrap())
        });
        let (m1, m2) = (marks.get(1).unwrap(), marks.get(2).unwrap());
        let gx = axis(m1 / Decimal::TWO, m1 * Decimal::TWO, 256, "x").unwrap();
        let gy = axis(m2 / Decimal::TWO, m2 * Decimal::TWO, 256, "y").unwrap();
        c.bench_function(&format!("grid 256 x 256{suffix}"), |b| {
            b.iter(|| {
                black_box(&book)
                    .grid(&marks, 1, 2, gx.clone(), gy.clone())
                    .unwrap()
            })
        });
    }
}

/// A book of `n` positions over BTC, ETH and SOL on their Binance tables
/// (the page's benchmark book: longs and shorts, cross and isolated); with
/// `collateral`, funded by the 10-asset collateral set.
fn page_book_with(n: usize, collateral: bool) -> Book {
    let specs = [
        ("BTCUSDT", 60_000, "0.2"),
        ("ETHUSDT", 3_000, "3"),
        ("SOLUSDT", 150, "50"),
    ];
    let positions: Vec<String> = (0..n)
        .map(|i| {
            let (market, mark, size) = specs[i % 3];
            let entry = mark * (95 + (i % 5) * 2) / 100;
            let side = if i % 4 == 3 { "short" } else { "long" };
            let mode = if i % 2 == 1 { "cross" } else { "isolated" };
            format!(
                r#"{{"market": "{market}", "side": "{side}", "size": "{size}", "entry": "{entry}", "leverage": "{}", "mode": "{mode}"}}"#,
                [5, 10, 20, 25][i % 4]
            )
        })
        .collect();
    let funds = if collateral {
        let marks = [
            ("BTCUSDT".to_owned(), 60_000),
            ("ETHUSDT".to_owned(), 3_000),
            ("SOLUSDT".to_owned(), 150),
        ];
        format!(
            r#""version": 2, "wallet": "0", "assets": {}"#,
            ten_assets(&marks, 10_000 * n as u64)
        )
    } else {
        format!(r#""version": 1, "wallet": "{}""#, 10_000 * n)
    };
    let text = format!(
        r#"{{{funds}, "markets": [
            {{"symbol": "BTCUSDT", "mark": "60000", "preset": "binance-usdm-btcusdt-2024-10"}},
            {{"symbol": "ETHUSDT", "mark": "3000", "preset": "binance-usdm-ethusdt-2024-10"}},
            {{"symbol": "SOLUSDT", "mark": "150", "preset": "binance-usdm-solusdt-2024"}}],
            "positions": [{}]}}"#,
        positions.join(",")
    );
    Book::new(&Scenario::from_json(&text).expect("page book")).expect("page book")
}

/// What the page does per book and per price move, at 20, 200 and 1,000 positions.
fn page(c: &mut Criterion) {
    for (n, with) in [20, 200, 1_000]
        .into_iter()
        .flat_map(|n| [(n, false), (n, true)])
    {
        let book = page_book_with(n, with);
        let n = if with {
            format!("{n}-position, 10-asset")
        } else {
            n.to_string()
        };
        c.bench_function(&format!("analyzer: prepare a {n}-position book"), |b| {
            b.iter(|| Analyzer::new(black_box(book.clone())).unwrap())
        });
        let a = Analyzer::new(book.clone()).unwrap();
        let marks = book.marks();
        c.bench_function(
            &format!("analyzer: snapshot of {n} positions from scratch"),
            |b| b.iter(|| a.snapshot(black_box(&marks), None).unwrap()),
        );
        let first = a.snapshot(&marks, None).unwrap();
        let mut moved = marks.clone();
        moved.0[0] = Decimal::from(52_000);
        c.bench_function(
            &format!("analyzer: {n} positions, one market moved (incremental)"),
            |b| b.iter(|| a.snapshot(black_box(&moved), Some(&first)).unwrap()),
        );
    }
}

criterion_group!(engine, benches, page);
criterion_main!(engine);
