//! Every shipped tier table: a valid table, its published maintenance
//! amounts (`cum`) equal to the progressive sum (so MM is continuous at every
//! tier boundary), named after its symbol and date, with a source.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
use margin_engine::presets::{self, PRESETS};

use margin_engine::{Decimal, TierTable};

#[test]
fn every_preset_is_a_continuous_dated_sourced_table() {
    assert!(
        PRESETS.len() >= 12,
        "the twelve largest USDⓈ-M perpetuals ship"
    );
    for p in PRESETS {
        let specs = p.tiers().unwrap();
        TierTable::from_specs(&specs).unwrap_or_else(|e| panic!("{}: {e}", p.name));
        assert!(!p.source.is_empty() && !p.as_of.is_empty(), "{}", p.name);
        assert!(p.name.contains(&p.symbol.to_lowercase()), "{}", p.name);
        assert_eq!(presets::for_symbol(p.symbol).map(|x| x.name), Some(p.name));
        // cum_k = cum_{k−1} + floor_k × (mmr_k − mmr_{k−1}): MM is continuous.
        assert_eq!(specs[0].floor, Decimal::ZERO, "{}", p.name);
        for w in specs.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            assert_eq!(a.cap, Some(b.floor), "{}: tiers are contiguous", p.name);
            let want = a.cum.unwrap() + b.floor * (b.mmr - a.mmr);
            assert_eq!(b.cum.unwrap(), want, "{}: cum at {}", p.name, b.floor);
            assert!(
                b.mmr > a.mmr && b.max_leverage <= a.max_leverage,
                "{}",
                p.name
            );
        }
    }
}

#[test]
fn every_collateral_table_is_valid_and_dated() {
    for p in margin_engine::presets::COLLATERAL {
        let spec = margin_engine::presets::collateral(p.name).unwrap();
        margin_engine::collateral::Valuation::new(spec.ratio, spec.tiers.as_ref(), None)
            .unwrap_or_else(|e| panic!("{}: {e}", p.name));
        assert!(
            p.name
                .rsplit('-')
                .any(|x| x.len() == 4 && x.chars().all(|c| c.is_ascii_digit())),
            "{}: the name carries its year",
            p.name
        );
        assert!(!p.source.is_empty(), "{}: a source", p.name);
    }
}
