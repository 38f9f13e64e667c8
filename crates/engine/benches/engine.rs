//! Engine speed on the book size the issue sets: 50 positions over 10 markets.
//! Run: `cargo bench -p margin-engine --bench engine`.
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use margin_engine::{Book, Boundary, Decimal, MarginMode, axis};
use margin_engine::scenario::Scenario;

/// 10 markets on the Binance BTC table, 5 positions each: longs and shorts,
/// cross and isolated, entries around the marks.
fn book() -> Book {
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
    let text = format!(
        r#"{{"version": 1, "wallet": "5000000", "markets": [{}], "positions": [{}]}}"#,
        markets.join(","),
        positions.join(",")
    );
    Book::new(&Scenario::from_json(&text).expect("bench scenario")).expect("bench book")
}

/// Every liquidation price of the book: each isolated position's own, the
/// cross account's along each market, and the whole-market move thresholds.
fn all_liquidation_prices(book: &Book) -> usize {
    let marks = book.marks();
    let mut n = 0;
    for (i, p) in book.positions().iter().enumerate() {
        if p.mode == MarginMode::Isolated && isolated_price(book, i, Boundary::Liquidation).unwrap().is_some() {
            n += 1;
        }
    }
    for m in 0..book.markets().len() {
        if let Some((s, _)) = cross_prices(book, &marks, m, Boundary::Liquidation).unwrap() {
            n += s.crossings.len();
        }
    }
    n + market_move(book, &marks, Boundary::Liquidation).unwrap().positions.len()
}

fn benches(c: &mut Criterion) {
    let book = book();
    let marks = book.marks();
    c.bench_function("evaluate 50 positions x 10 markets", |b| {
        b.iter(|| black_box(&book).evaluate(black_box(&marks)).unwrap())
    });
    c.bench_function("all liquidation prices (50 x 10)", |b| b.iter(|| all_liquidation_prices(black_box(&book))));
    let mark = marks.get(3);
    let xs = axis(mark / Decimal::TWO, mark * Decimal::TWO, 1000, "x").unwrap();
    c.bench_function("sweep 1000 points (3 variants)", |b| {
        b.iter(|| black_box(&book).sweep(&marks, 3, xs.clone()).unwrap())
    });
    let gx = axis(marks.get(1) / Decimal::TWO, marks.get(1) * Decimal::TWO, 256, "x").unwrap();
    let gy = axis(marks.get(2) / Decimal::TWO, marks.get(2) * Decimal::TWO, 256, "y").unwrap();
    c.bench_function("grid 256 x 256", |b| {
        b.iter(|| black_box(&book).grid(&marks, 1, 2, gx.clone(), gy.clone()).unwrap())
    });
}

criterion_group!(engine, benches);
criterion_main!(engine);
