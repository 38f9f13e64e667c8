//! Every rejection names its field and its reason; nothing panics.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod common;

use margin_engine::report::{grid_report, path_report, sweep_report, GridRequest, SweepRequest};
use margin_engine::{Book, ErrorKind, Scenario};
use proptest::prelude::*;

const GOOD: &str = r#"{
  "version": 1,
  "wallet": "10000",
  "markets": [
    {"symbol": "BTCUSDT", "mark": "60000", "preset": "binance-usdm-btcusdt-2024-10"},
    {"symbol": "ETHUSDT", "mark": "3000", "tiers": [
      {"floor": "0", "cap": "50000", "mmr": "0.004", "max_leverage": "125"},
      {"floor": "50000", "cap": null, "mmr": "0.005", "max_leverage": "100"}
    ]}
  ],
  "positions": [
    {"market": "BTCUSDT", "side": "long", "size": "0.5", "entry": "60000", "leverage": "10", "mode": "isolated"},
    {"market": "ETHUSDT", "side": "short", "size": "2", "entry": "3000", "leverage": "5", "mode": "cross"}
  ]
}"#;

/// GOOD with one JSON edit applied at a path.
fn edit(path: &[&str], value: serde_json::Value) -> String {
    let mut v: serde_json::Value = serde_json::from_str(GOOD).unwrap();
    let mut cur = &mut v;
    for (k, key) in path.iter().enumerate() {
        let next = match key.parse::<usize>() {
            Ok(i) => &mut cur[i],
            Err(_) => &mut cur[*key],
        };
        if k + 1 == path.len() {
            *next = value.clone();
            break;
        }
        cur = next;
    }
    v.to_string()
}

fn err(text: &str) -> margin_engine::Error {
    match Book::from_json(text) {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => e,
    }
}

#[test]
fn good_scenario_is_accepted_and_round_trips() {
    let sc = Scenario::from_json(GOOD).unwrap();
    Book::new(&sc).unwrap();
    let again = Scenario::from_json(&sc.to_json()).unwrap();
    assert_eq!(sc, again);
}

#[test]
fn unknown_version() {
    let e = err(&edit(&["version"], 7.into()));
    assert_eq!(e.field, "version");
    assert_eq!(
        e.kind,
        ErrorKind::UnsupportedVersion {
            found: 7,
            supported: 2
        }
    );
    assert!(e.to_string().contains("version 7 is not supported"), "{e}");
    // A newer scenario with fields this engine doesn't know still says "version".
    let newer = GOOD.replace("\"version\": 1,", "\"version\": 3, \"funding\": {},");
    assert!(matches!(
        err(&newer).kind,
        ErrorKind::UnsupportedVersion { found: 3, .. }
    ));
    assert_eq!(err(&GOOD.replace("\"version\": 1,", "")).field, "version");
}

#[test]
fn malformed_decimals_name_the_field() {
    for (bad, needle) in [
        (serde_json::json!("60k"), "not a decimal"),
        (serde_json::json!(""), "empty"),
        (serde_json::json!(" 1"), "spaces"),
        (serde_json::json!("1.2.3"), "not a decimal"),
        (
            serde_json::json!("0.12345678901234567890123456789012"),
            "28",
        ),
        (serde_json::json!(60000.5), "must be written as a string"),
        (serde_json::json!(true), "decimal"),
    ] {
        let e = err(&edit(&["positions", "0", "entry"], bad.clone()));
        assert_eq!(e.field, "positions[0].entry", "{bad}");
        assert!(matches!(e.kind, ErrorKind::Malformed { .. }));
        assert!(e.to_string().contains(needle), "{bad}: {e}");
    }
    // Whole JSON numbers are exact and accepted.
    Book::from_json(&edit(&["positions", "0", "entry"], 60000.into())).unwrap();
}

#[test]
fn unknown_and_missing_fields() {
    let e = err(&GOOD.replace("\"leverage\": \"10\"", "\"levrage\": \"10\""));
    assert_eq!(e.field, "positions[0].levrage");
    assert!(e.to_string().contains("unknown field"), "{e}");
    let e = err(&GOOD.replace("\"side\": \"short\"", "\"side\": \"sideways\""));
    assert_eq!(e.field, "positions[1].side");
    assert!(err("not json").to_string().contains("not valid JSON"));
}

#[test]
fn unknown_market() {
    let e = err(&edit(&["positions", "1", "market"], "DOGEUSDT".into()));
    assert_eq!(e.field, "positions[1].market");
    assert_eq!(
        e.kind,
        ErrorKind::UnknownMarket {
            symbol: "DOGEUSDT".into()
        }
    );
}

#[test]
fn duplicate_market_and_unknown_preset() {
    let e = err(&edit(&["markets", "1", "symbol"], "BTCUSDT".into()));
    assert_eq!(e.field, "markets[1].symbol");
    assert!(matches!(e.kind, ErrorKind::DuplicateMarket { .. }));
    let e = err(&edit(&["markets", "0", "preset"], "binance-2099".into()));
    assert_eq!(e.field, "markets[0].preset");
    assert!(
        e.to_string().contains("binance-usdm-btcusdt-2024-10"),
        "lists known presets: {e}"
    );
    let e = err(&edit(&["markets", "0", "tiers"], serde_json::json!([])));
    assert_eq!(e.kind, ErrorKind::TiersAndPreset);
}

#[test]
fn non_positive_values() {
    for (path, field) in [
        (vec!["markets", "0", "mark"], "markets[0].mark"),
        (vec!["positions", "0", "size"], "positions[0].size"),
        (vec!["positions", "0", "entry"], "positions[0].entry"),
        (vec!["positions", "0", "leverage"], "positions[0].leverage"),
        (vec!["positions", "0", "margin"], "positions[0].margin"),
    ] {
        for v in ["0", "-5"] {
            let e = err(&edit(&path, v.into()));
            assert_eq!(e.field, field);
            assert!(
                matches!(e.kind, ErrorKind::NotPositive { .. }),
                "{field} {v}: {e}"
            );
        }
    }
    let e = err(&edit(&["wallet"], "-1".into()));
    assert_eq!(
        (e.field.as_str(), &e.kind),
        (
            "wallet",
            &ErrorKind::Negative {
                value: "-1".parse().unwrap()
            }
        )
    );
}

#[test]
fn out_of_range_values() {
    let e = err(&edit(&["markets", "0", "mark"], "1000000000000000".into()));
    assert_eq!(e.field, "markets[0].mark");
    assert!(matches!(e.kind, ErrorKind::OutOfRange { .. }));
    let e = err(&edit(&["wallet"], "1e30".into()));
    assert_eq!(e.field, "wallet");
    let e = err(&edit(&["wallet"], "9999999999999999999".into()));
    assert!(matches!(e.kind, ErrorKind::OutOfRange { .. }));
    let e = err(&edit(&["markets", "1", "tiers", "0", "mmr"], "1".into()));
    assert_eq!(e.field, "markets[1].tiers[0].mmr");
}

#[test]
fn leverage_beyond_tier_max() {
    // 0.5 BTC at 60,000 = 30,000 notional: tier 1, max 125.
    let e = err(&edit(&["positions", "0", "leverage"], "150".into()));
    assert_eq!(e.field, "positions[0].leverage");
    assert_eq!(
        e.kind,
        ErrorKind::LeverageAboveTierMax {
            leverage: "150".parse().unwrap(),
            max: "125".parse().unwrap(),
            tier: 0
        }
    );
    // 20 BTC = 1.2M notional: tier 3, max 75.
    let big = edit(&["positions", "0", "size"], "20".into());
    let big = big.replace("\"leverage\":\"10\"", "\"leverage\":\"100\"");
    let e = err(&big);
    assert!(
        matches!(e.kind, ErrorKind::LeverageAboveTierMax { tier: 2, .. }),
        "{e}"
    );
    assert!(e.to_string().contains("tier 3"), "{e}");
}

#[test]
fn bad_tier_tables() {
    let tiers = |t: serde_json::Value| err(&edit(&["markets", "1", "tiers"], t));
    let e = tiers(serde_json::json!([
        {"floor": "0", "cap": "50000", "mmr": "0.004", "max_leverage": "125"},
        {"floor": "40000", "cap": null, "mmr": "0.005", "max_leverage": "100"}
    ]));
    assert_eq!(e.field, "markets[1].tiers[1].floor");
    assert!(
        matches!(e.kind, ErrorKind::TiersNotContiguous { .. }),
        "overlap: {e}"
    );
    let e = tiers(serde_json::json!([
        {"floor": "0", "cap": "50000", "mmr": "0.004", "max_leverage": "125"},
        {"floor": "60000", "cap": null, "mmr": "0.005", "max_leverage": "100"}
    ]));
    assert!(
        matches!(e.kind, ErrorKind::TiersNotContiguous { .. }),
        "gap: {e}"
    );
    let e = tiers(serde_json::json!([
        {"floor": "50000", "cap": null, "mmr": "0.005", "max_leverage": "100"},
        {"floor": "0", "cap": "50000", "mmr": "0.004", "max_leverage": "125"}
    ]));
    assert!(
        matches!(e.kind, ErrorKind::FirstFloorNotZero { .. }),
        "unsorted: {e}"
    );
    let e = tiers(serde_json::json!([
        {"floor": "0", "cap": "50000", "mmr": "0.01", "max_leverage": "125"},
        {"floor": "50000", "cap": null, "mmr": "0.005", "max_leverage": "100"}
    ]));
    assert!(matches!(e.kind, ErrorKind::RatesDecrease { .. }), "{e}");
    let e =
        tiers(serde_json::json!([{"floor": "0", "cap": "0", "mmr": "0.01", "max_leverage": "1"}]));
    assert!(
        matches!(e.kind, ErrorKind::TierCapNotAboveFloor { .. }),
        "{e}"
    );
    let e = tiers(serde_json::json!([
        {"floor": "0", "cap": null, "mmr": "0.004", "max_leverage": "125"},
        {"floor": "50000", "cap": null, "mmr": "0.005", "max_leverage": "100"}
    ]));
    assert!(matches!(e.kind, ErrorKind::OpenTierNotLast), "{e}");
    let e = tiers(serde_json::json!([
        {"floor": "0", "cap": "50000", "mmr": "0.004", "max_leverage": "125"},
        {"floor": "50000", "cap": null, "mmr": "0.005", "cum": "1000", "max_leverage": "100"}
    ]));
    assert_eq!(e.field, "markets[1].tiers[1].cum");
    assert!(matches!(e.kind, ErrorKind::AmountTooLarge { .. }), "{e}");
    let e = tiers(serde_json::json!([]));
    assert_eq!(e.kind, ErrorKind::NoTiers);
}

#[test]
fn isolated_margins_exceeding_the_wallet() {
    let e = err(&edit(&["positions", "0", "margin"], "12000".into()));
    assert_eq!(e.field, "positions");
    assert!(matches!(
        e.kind,
        ErrorKind::IsolatedMarginsExceedWallet { .. }
    ));
    assert!(e.to_string().contains("12000"), "{e}");
}

#[test]
fn margin_on_a_cross_position() {
    let e = err(&edit(&["positions", "1", "margin"], "100".into()));
    assert_eq!(
        (e.field.as_str(), &e.kind),
        ("positions[1].margin", &ErrorKind::MarginOnCrossPosition)
    );
}

#[test]
fn bad_requests() {
    let book = Book::from_json(GOOD).unwrap();
    let sweep = |j: serde_json::Value| {
        sweep_report(&book, &serde_json::from_value::<SweepRequest>(j).unwrap())
    };
    let e = sweep(serde_json::json!({"market": "XRP", "from": "1", "to": "2"})).unwrap_err();
    assert_eq!(e.field, "market");
    let e = sweep(serde_json::json!({"market": "BTCUSDT", "from": "2", "to": "1"})).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::EmptyRange { .. }));
    let e = sweep(serde_json::json!({"market": "BTCUSDT", "from": "1", "to": "2", "points": 1}))
        .unwrap_err();
    assert_eq!(e.field, "range.points");
    let e = sweep(serde_json::json!({"market": "BTCUSDT", "from": "1", "to": "2", "prices": {"BTCUSDT": "-3"}})).unwrap_err();
    assert_eq!(e.field, "prices.BTCUSDT");
    let g: GridRequest = serde_json::from_value(serde_json::json!({
        "x_market": "BTCUSDT", "x_from": "1", "x_to": "2", "y_market": "BTCUSDT", "y_from": "1", "y_to": "2"
    })).unwrap();
    assert!(matches!(
        grid_report(&book, &g).unwrap_err().kind,
        ErrorKind::SameMarket { .. }
    ));
    let path: Vec<margin_engine::scenario::PriceMap> =
        serde_json::from_value(serde_json::json!([{"BTCUSDT": "60000"}, {"ETHUSDT": "0"}]))
            .unwrap();
    assert_eq!(
        path_report(&book, &path).unwrap_err().field,
        "path[1].ETHUSDT"
    );
}

#[test]
fn unfunded_isolated_comparison_is_reported_not_fatal() {
    // 10x on 10,000 of wallet for 200,000 of notional: all-isolated needs 20,000.
    let text = edit(&["positions", "1", "size"], "60".into());
    let book = Book::from_json(&text).unwrap();
    let r = margin_engine::report::evaluate_report(&book, None).unwrap();
    assert!(r.comparison.is_none());
    let e = r.comparison_error.unwrap();
    assert!(
        matches!(e.kind, ErrorKind::IsolatedVariantUnfunded { .. }),
        "{e}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Arbitrary text never panics the parser.
    #[test]
    fn any_text_is_an_error_or_a_book(text in ".{0,200}") {
        let _ = Book::from_json(&text);
    }

    /// Extreme decimals anywhere in a valid scenario: an error or a book, and
    /// a book always evaluates without panicking.
    #[test]
    fn extreme_values_never_panic(
        field in 0usize..8,
        mantissa in any::<i64>(),
        scale in 0u32..28,
    ) {
        let v = margin_engine::Decimal::new(mantissa, scale).to_string();
        let path: &[&str] = match field {
            0 => &["wallet"],
            1 => &["markets", "0", "mark"],
            2 => &["positions", "0", "size"],
            3 => &["positions", "0", "entry"],
            4 => &["positions", "0", "leverage"],
            5 => &["positions", "0", "margin"],
            6 => &["markets", "1", "tiers", "1", "floor"],
            _ => &["markets", "1", "tiers", "0", "mmr"],
        };
        if let Ok(book) = Book::from_json(&edit(path, v.into())) {
            let r = margin_engine::report::evaluate_report(&book, None);
            prop_assert!(r.is_ok(), "{:?}", r.err());
        }
    }
}
