//! Dated venue tier tables shipped with the engine, referenced from a scenario
//! by name (`"preset": "binance-usdm-btcusdt-2024-10"`) to keep share links short.
//!
//! Venues change these tables without notice; each preset therefore names its
//! venue, its date and its source, and is never presented as "current".
use rust_decimal::Decimal;

use crate::error::{Error, ErrorKind};
use crate::scenario::TierSpec;

/// A shipped tier table.
#[derive(Debug)]
pub struct Preset {
    pub name: &'static str,
    pub venue: &'static str,
    pub symbol: &'static str,
    /// When the table was captured.
    pub as_of: &'static str,
    pub source: &'static str,
    /// `(floor, cap, mmr, max_leverage, cum)`; cap `None` = open-ended.
    rows: &'static [(&'static str, Option<&'static str>, &'static str, &'static str, &'static str)],
}

const FREQTRADE_2024_10_24: &str = "Binance USD-M leverage brackets (GET /fapi/v1/leverageBracket) as \
     recorded in freqtrade's freqtrade/exchange/binance_leverage_tiers.json, commit 3d9514d2 \
     (snapshot 2024-10-24); see shared/reference/margin-formulas.md §1.3";

const FREQTRADE_2024_SOL: &str = "Binance USD-M leverage brackets as recorded in freqtrade's \
     freqtrade/exchange/binance_leverage_tiers.json, commit 01d10aeb (a 2024 snapshot whose BTC and \
     ETH tables equal the 2024-10-24 ones)";

pub static PRESETS: &[Preset] = &[
    Preset {
        name: "binance-usdm-btcusdt-2024-10",
        venue: "Binance USD-M",
        symbol: "BTCUSDT",
        as_of: "2024-10-24",
        source: FREQTRADE_2024_10_24,
        rows: &[
            ("0", Some("50000"), "0.004", "125", "0"),
            ("50000", Some("600000"), "0.005", "100", "50"),
            ("600000", Some("3000000"), "0.0065", "75", "950"),
            ("3000000", Some("12000000"), "0.01", "50", "11450"),
            ("12000000", Some("70000000"), "0.02", "25", "131450"),
            ("70000000", Some("100000000"), "0.025", "20", "481450"),
            ("100000000", Some("230000000"), "0.05", "10", "2981450"),
            ("230000000", Some("480000000"), "0.1", "5", "14481450"),
            ("480000000", Some("600000000"), "0.125", "4", "26481450"),
            ("600000000", Some("800000000"), "0.15", "3", "41481450"),
            ("800000000", Some("1200000000"), "0.25", "2", "121481450"),
            ("1200000000", Some("1800000000"), "0.5", "1", "421481450"),
        ],
    },
    Preset {
        name: "binance-usdm-ethusdt-2024-10",
        venue: "Binance USD-M",
        symbol: "ETHUSDT",
        as_of: "2024-10-24",
        source: FREQTRADE_2024_10_24,
        rows: &[
            ("0", Some("50000"), "0.004", "125", "0"),
            ("50000", Some("600000"), "0.005", "100", "50"),
            ("600000", Some("3000000"), "0.0065", "75", "950"),
            ("3000000", Some("12000000"), "0.01", "50", "11450"),
            ("12000000", Some("50000000"), "0.02", "25", "131450"),
            ("50000000", Some("65000000"), "0.025", "20", "381450"),
            ("65000000", Some("150000000"), "0.05", "10", "2006450"),
            ("150000000", Some("320000000"), "0.1", "5", "9506450"),
            ("320000000", Some("400000000"), "0.125", "4", "17506450"),
            ("400000000", Some("530000000"), "0.15", "3", "27506450"),
            ("530000000", Some("800000000"), "0.25", "2", "80506450"),
            ("800000000", Some("1200000000"), "0.5", "1", "280506450"),
        ],
    },
    Preset {
        name: "binance-usdm-solusdt-2024",
        venue: "Binance USD-M",
        symbol: "SOLUSDT",
        as_of: "2024",
        source: FREQTRADE_2024_SOL,
        rows: &[
            ("0", Some("20000"), "0.005", "100", "0"),
            ("20000", Some("100000"), "0.0065", "75", "30"),
            ("100000", Some("800000"), "0.01", "50", "380"),
            ("800000", Some("4000000"), "0.02", "25", "8380"),
            ("4000000", Some("8000000"), "0.025", "20", "28380"),
            ("8000000", Some("40000000"), "0.05", "10", "228380"),
            ("40000000", Some("80000000"), "0.1", "5", "2228380"),
            ("80000000", Some("100000000"), "0.125", "4", "4228380"),
            ("100000000", Some("200000000"), "0.25", "2", "16728380"),
            ("200000000", Some("400000000"), "0.5", "1", "66728380"),
        ],
    },
];

/// The names of all shipped presets.
pub fn names() -> impl Iterator<Item = &'static str> {
    PRESETS.iter().map(|p| p.name)
}

/// A preset by name.
pub fn get(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// The default preset for a symbol such as "BTCUSDT", if one ships.
pub fn for_symbol(symbol: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.symbol == symbol)
}

impl Preset {
    /// The table as scenario tiers.
    pub fn tiers(&self) -> Result<Vec<TierSpec>, Error> {
        let d = |s: &str| {
            crate::dec::parse(s).map_err(|message| {
                Error::new(format!("preset {}", self.name), ErrorKind::Malformed { message })
            })
        };
        self.rows
            .iter()
            .map(|(floor, cap, mmr, lev, cum)| {
                Ok(TierSpec {
                    floor: d(floor)?,
                    cap: cap.map(d).transpose()?,
                    mmr: d(mmr)?,
                    cum: Some(d(cum)?),
                    max_leverage: d(lev)?,
                })
            })
            .collect()
    }

    /// The lowest tier's maintenance rate, for display.
    pub fn base_rate(&self) -> Decimal {
        self.rows.first().and_then(|r| crate::dec::parse(r.2).ok()).unwrap_or_default()
    }
}
