//! Dated venue tier tables shipped with the engine, referenced from a scenario
//! by name (`"preset": "binance-usdm-btcusdt-2024-10"`) to keep share links short.
//!
//! Venues change these tables without notice; each preset therefore names its
//! venue, its date and its source, and is never presented as "current".

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
    rows: &'static [Row],
}

/// One bracket as the venue publishes it (decimal strings, parsed exactly).
#[derive(Debug)]
struct Row {
    floor: &'static str,
    /// `None`: the open-ended last tier.
    cap: Option<&'static str>,
    mmr: &'static str,
    max_leverage: &'static str,
    cum: &'static str,
}

/// `row(floor, cap, mmr, max_leverage, cum)`, in the order of the venue's table.
const fn row(
    floor: &'static str,
    cap: Option<&'static str>,
    mmr: &'static str,
    max_leverage: &'static str,
    cum: &'static str,
) -> Row {
    Row {
        floor,
        cap,
        mmr,
        max_leverage,
        cum,
    }
}

const FREQTRADE_2024_10_24: &str =
    "Binance USD-M leverage brackets (GET /fapi/v1/leverageBracket) as \
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
            row("0", Some("50000"), "0.004", "125", "0"),
            row("50000", Some("600000"), "0.005", "100", "50"),
            row("600000", Some("3000000"), "0.0065", "75", "950"),
            row("3000000", Some("12000000"), "0.01", "50", "11450"),
            row("12000000", Some("70000000"), "0.02", "25", "131450"),
            row("70000000", Some("100000000"), "0.025", "20", "481450"),
            row("100000000", Some("230000000"), "0.05", "10", "2981450"),
            row("230000000", Some("480000000"), "0.1", "5", "14481450"),
            row("480000000", Some("600000000"), "0.125", "4", "26481450"),
            row("600000000", Some("800000000"), "0.15", "3", "41481450"),
            row("800000000", Some("1200000000"), "0.25", "2", "121481450"),
            row("1200000000", Some("1800000000"), "0.5", "1", "421481450"),
        ],
    },
    Preset {
        name: "binance-usdm-ethusdt-2024-10",
        venue: "Binance USD-M",
        symbol: "ETHUSDT",
        as_of: "2024-10-24",
        source: FREQTRADE_2024_10_24,
        rows: &[
            row("0", Some("50000"), "0.004", "125", "0"),
            row("50000", Some("600000"), "0.005", "100", "50"),
            row("600000", Some("3000000"), "0.0065", "75", "950"),
            row("3000000", Some("12000000"), "0.01", "50", "11450"),
            row("12000000", Some("50000000"), "0.02", "25", "131450"),
            row("50000000", Some("65000000"), "0.025", "20", "381450"),
            row("65000000", Some("150000000"), "0.05", "10", "2006450"),
            row("150000000", Some("320000000"), "0.1", "5", "9506450"),
            row("320000000", Some("400000000"), "0.125", "4", "17506450"),
            row("400000000", Some("530000000"), "0.15", "3", "27506450"),
            row("530000000", Some("800000000"), "0.25", "2", "80506450"),
            row("800000000", Some("1200000000"), "0.5", "1", "280506450"),
        ],
    },
    Preset {
        name: "binance-usdm-solusdt-2024",
        venue: "Binance USD-M",
        symbol: "SOLUSDT",
        as_of: "2024",
        source: FREQTRADE_2024_SOL,
        rows: &[
            row("0", Some("20000"), "0.005", "100", "0"),
            row("20000", Some("100000"), "0.0065", "75", "30"),
            row("100000", Some("800000"), "0.01", "50", "380"),
            row("800000", Some("4000000"), "0.02", "25", "8380"),
            row("4000000", Some("8000000"), "0.025", "20", "28380"),
            row("8000000", Some("40000000"), "0.05", "10", "228380"),
            row("40000000", Some("80000000"), "0.1", "5", "2228380"),
            row("80000000", Some("100000000"), "0.125", "4", "4228380"),
            row("100000000", Some("200000000"), "0.25", "2", "16728380"),
            row("200000000", Some("400000000"), "0.5", "1", "66728380"),
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

/// A preset by name, or the error naming the presets that exist.
pub fn lookup(name: &str) -> Result<&'static Preset, Error> {
    get(name).ok_or_else(|| {
        Error::new(
            "",
            ErrorKind::UnknownPreset {
                name: name.to_owned(),
                known: names().collect::<Vec<_>>().join(", "),
            },
        )
    })
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
                Error::new(
                    format!("preset {}", self.name),
                    ErrorKind::Malformed { message },
                )
            })
        };
        self.rows
            .iter()
            .map(|r| {
                Ok(TierSpec {
                    floor: d(r.floor)?,
                    cap: r.cap.map(d).transpose()?,
                    mmr: d(r.mmr)?,
                    cum: Some(d(r.cum)?),
                    max_leverage: d(r.max_leverage)?,
                })
            })
            .collect()
    }
}
