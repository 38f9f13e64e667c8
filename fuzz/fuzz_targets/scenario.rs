//! Any bytes as a scenario: the engine must answer with a book or an error,
//! and every question asked of a book must answer without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;
use margin_engine::explain::{Direction, Subject};
use margin_engine::report::{
    evaluate_report, path_report, sweep_report, timed_path_report, SweepRequest,
};
use margin_engine::timeline::TimelineRequest;
use margin_engine::{Book, Variant};

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
        let _ = timed_path_report(&book, &crash, Some(margin_engine::Decimal::from(8)));
        // Every explanation, in every set-up, at the marks.
        for v in Variant::ALL {
            let Ok(b) = v.apply(&book) else { continue };
            let marks = b.marks();
            let mut subjects = vec![
                Subject::AccountValue,
                Subject::AtStake,
                Subject::LostForGood,
                Subject::MaintenanceMargin { position: None },
            ];
            for i in 0..b.positions().len() {
                subjects.push(Subject::LiquidationPrice { position: i });
                subjects.push(Subject::MaintenanceMargin { position: Some(i) });
                subjects.push(Subject::OpeningMargin { position: i });
            }
            for mk in b.markets() {
                for side in [Direction::Below, Direction::Above] {
                    subjects.push(Subject::CrossLiquidationPrice { market: mk.symbol.clone(), side });
                }
            }
            for s in &subjects {
                match margin_engine::explain_at(&b, &marks, s) {
                    // An explanation must evaluate to the number it gives.
                    Ok(e) => assert_eq!(e.evaluate().ok(), Some(e.result), "{s:?}"),
                    // A subject the book has may fail on overflow or a
                    // named field, never on an explanation that does not
                    // reproduce its number.
                    Err(e) => assert!(
                        !matches!(e.kind, margin_engine::ErrorKind::Internal { .. }),
                        "{s:?}: {e}"
                    ),
                }
            }
        }
        if let Ok(sc) = margin_engine::Scenario::from_json(text) {
            let req = TimelineRequest {
                market: m.symbol.clone(),
                to: margin_engine::Decimal::from(48),
                points: None,
                variant: Variant::AsConfigured,
            };
            let _ = margin_engine::timeline(&sc, &req);
        }
    }
});
