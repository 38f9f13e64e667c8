//! Any bytes as a scenario: the engine must answer with a book or an error,
//! and every question asked of a book must answer without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;
use margin_engine::report::{evaluate_report, path_report, sweep_report, SweepRequest};
use margin_engine::Book;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(book) = Book::from_json(text) else { return };
    let _ = evaluate_report(&book, None);
    if let Some(m) = book.markets().first() {
        let req = SweepRequest {
            market: m.symbol.clone(),
            from: m.mark / margin_engine::Decimal::TWO,
            to: m.mark * margin_engine::Decimal::TWO,
            points: 16,
            prices: Default::default(),
        };
        let _ = sweep_report(&book, &req);
        let crash: Vec<margin_engine::scenario::PriceMap> = serde_json::from_str(&format!(
            r#"[{{}}, {{"{0}": "{1}"}}, {{"{0}": "{2}"}}]"#,
            m.symbol,
            m.mark / margin_engine::Decimal::TEN,
            m.mark
        ))
        .unwrap_or_default();
        let _ = path_report(&book, &crash);
    }
});
