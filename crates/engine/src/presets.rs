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
    Preset {
        name: "binance-usdm-xrpusdt-2024-10",
        venue: "Binance USD-M",
        symbol: "XRPUSDT",
        as_of: "2024-10-24",
        source: FREQTRADE_2024_10_24,
        rows: &[
            row("0", Some("10000"), "0.005", "75", "0"),
            row("10000", Some("20000"), "0.0065", "50", "15"),
            row("20000", Some("160000"), "0.01", "40", "85"),
            row("160000", Some("800000"), "0.02", "25", "1685"),
            row("800000", Some("1600000"), "0.025", "20", "5685"),
            row("1600000", Some("8000000"), "0.05", "10", "45685"),
            row("8000000", Some("16000000"), "0.1", "5", "445685"),
            row("16000000", Some("20000000"), "0.125", "4", "845685"),
            row("20000000", Some("40000000"), "0.25", "2", "3345685"),
            row("40000000", Some("80000000"), "0.5", "1", "13345685"),
        ],
    },
    Preset {
        name: "binance-usdm-dogeusdt-2024-10",
        venue: "Binance USD-M",
        symbol: "DOGEUSDT",
        as_of: "2024-10-24",
        source: FREQTRADE_2024_10_24,
        rows: &[
            row("0", Some("10000"), "0.005", "75", "0"),
            row("10000", Some("50000"), "0.007", "50", "20"),
            row("50000", Some("750000"), "0.01", "40", "170"),
            row("750000", Some("800000"), "0.02", "25", "7670"),
            row("800000", Some("1600000"), "0.025", "20", "11670"),
            row("1600000", Some("8000000"), "0.05", "10", "51670"),
            row("8000000", Some("16000000"), "0.1", "5", "451670"),
            row("16000000", Some("20000000"), "0.125", "4", "851670"),
            row("20000000", Some("40000000"), "0.25", "2", "3351670"),
            row("40000000", Some("80000000"), "0.5", "1", "13351670"),
        ],
    },
    Preset {
        name: "binance-usdm-bnbusdt-2024-10",
        venue: "Binance USD-M",
        symbol: "BNBUSDT",
        as_of: "2024-10-24",
        source: FREQTRADE_2024_10_24,
        rows: &[
            row("0", Some("10000"), "0.005", "75", "0"),
            row("10000", Some("50000"), "0.006", "50", "10"),
            row("50000", Some("200000"), "0.01", "40", "210"),
            row("200000", Some("1500000"), "0.02", "25", "2210"),
            row("1500000", Some("3000000"), "0.025", "20", "9710"),
            row("3000000", Some("15000000"), "0.05", "10", "84710"),
            row("15000000", Some("30000000"), "0.1", "5", "834710"),
            row("30000000", Some("37500000"), "0.125", "4", "1584710"),
            row("37500000", Some("75000000"), "0.25", "2", "6272210"),
            row("75000000", Some("150000000"), "0.5", "1", "25022210"),
        ],
    },
    Preset {
        name: "binance-usdm-adausdt-2024-10",
        venue: "Binance USD-M",
        symbol: "ADAUSDT",
        as_of: "2024-10-24",
        source: FREQTRADE_2024_10_24,
        rows: &[
            row("0", Some("10000"), "0.005", "75", "0"),
            row("10000", Some("50000"), "0.01", "50", "50"),
            row("50000", Some("100000"), "0.015", "40", "300"),
            row("100000", Some("500000"), "0.02", "25", "800"),
            row("500000", Some("1000000"), "0.025", "20", "3300"),
            row("1000000", Some("5000000"), "0.05", "10", "28300"),
            row("5000000", Some("10000000"), "0.1", "5", "278300"),
            row("10000000", Some("20000000"), "0.125", "4", "528300"),
            row("20000000", Some("30000000"), "0.25", "2", "3028300"),
            row("30000000", Some("50000000"), "0.5", "1", "10528300"),
        ],
    },
    Preset {
        name: "binance-usdm-suiusdt-2024-10",
        venue: "Binance USD-M",
        symbol: "SUIUSDT",
        as_of: "2024-10-24",
        source: FREQTRADE_2024_10_24,
        rows: &[
            row("0", Some("20000"), "0.01", "75", "0"),
            row("20000", Some("200000"), "0.015", "50", "100"),
            row("200000", Some("1000000"), "0.02", "25", "1100"),
            row("1000000", Some("2000000"), "0.025", "20", "6100"),
            row("2000000", Some("10000000"), "0.05", "10", "56100"),
            row("10000000", Some("20000000"), "0.1", "5", "556100"),
            row("20000000", Some("25000000"), "0.125", "4", "1056100"),
            row("25000000", Some("50000000"), "0.25", "2", "4181100"),
            row("50000000", Some("100000000"), "0.5", "1", "16681100"),
        ],
    },
    Preset {
        name: "binance-usdm-linkusdt-2024-10",
        venue: "Binance USD-M",
        symbol: "LINKUSDT",
        as_of: "2024-10-24",
        source: FREQTRADE_2024_10_24,
        rows: &[
            row("0", Some("10000"), "0.005", "75", "0"),
            row("10000", Some("50000"), "0.01", "50", "50"),
            row("50000", Some("80000"), "0.015", "40", "300"),
            row("80000", Some("400000"), "0.02", "25", "700"),
            row("400000", Some("800000"), "0.025", "20", "2700"),
            row("800000", Some("4000000"), "0.05", "10", "22700"),
            row("4000000", Some("8000000"), "0.1", "5", "222700"),
            row("8000000", Some("20000000"), "0.125", "4", "422700"),
            row("20000000", Some("30000000"), "0.25", "2", "2922700"),
            row("30000000", Some("50000000"), "0.5", "1", "10422700"),
        ],
    },
    Preset {
        name: "binance-usdm-avaxusdt-2024-10",
        venue: "Binance USD-M",
        symbol: "AVAXUSDT",
        as_of: "2024-10-24",
        source: FREQTRADE_2024_10_24,
        rows: &[
            row("0", Some("5000"), "0.005", "75", "0"),
            row("5000", Some("25000"), "0.0065", "50", "7.5"),
            row("25000", Some("80000"), "0.01", "40", "95"),
            row("80000", Some("400000"), "0.02", "25", "895"),
            row("400000", Some("800000"), "0.025", "20", "2895"),
            row("800000", Some("4000000"), "0.05", "10", "22895"),
            row("4000000", Some("8000000"), "0.1", "5", "222895"),
            row("8000000", Some("10000000"), "0.125", "4", "422895"),
            row("10000000", Some("20000000"), "0.25", "2", "1672895"),
            row("20000000", Some("50000000"), "0.5", "1", "6672895"),
        ],
    },
    Preset {
        name: "binance-usdm-1000pepeusdt-2024-10",
        venue: "Binance USD-M",
        symbol: "1000PEPEUSDT",
        as_of: "2024-10-24",
        source: FREQTRADE_2024_10_24,
        rows: &[
            row("0", Some("20000"), "0.0065", "75", "0"),
            row("20000", Some("200000"), "0.01", "50", "70"),
            row("200000", Some("300000"), "0.015", "40", "1070"),
            row("300000", Some("1500000"), "0.02", "25", "2570"),
            row("1500000", Some("3000000"), "0.025", "20", "10070"),
            row("3000000", Some("15000000"), "0.05", "10", "85070"),
            row("15000000", Some("30000000"), "0.1", "5", "835070"),
            row("30000000", Some("37500000"), "0.125", "4", "1585070"),
            row("37500000", Some("75000000"), "0.25", "2", "6272570"),
            row("75000000", Some("150000000"), "0.5", "1", "25022570"),
        ],
    },
    Preset {
        name: "binance-usdm-wifusdt-2024-10",
        venue: "Binance USD-M",
        symbol: "WIFUSDT",
        as_of: "2024-10-24",
        source: FREQTRADE_2024_10_24,
        rows: &[
            row("0", Some("20000"), "0.01", "75", "0"),
            row("20000", Some("200000"), "0.015", "50", "100"),
            row("200000", Some("1000000"), "0.02", "25", "1100"),
            row("1000000", Some("2000000"), "0.025", "20", "6100"),
            row("2000000", Some("10000000"), "0.05", "10", "56100"),
            row("10000000", Some("20000000"), "0.1", "5", "556100"),
            row("20000000", Some("25000000"), "0.125", "4", "1056100"),
            row("25000000", Some("50000000"), "0.25", "2", "4181100"),
            row("50000000", Some("100000000"), "0.5", "1", "16681100"),
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

/// A shipped collateral ratio: flat or tiered, with its source and date.
#[derive(Debug)]
pub struct CollateralPreset {
    pub name: &'static str,
    pub asset: &'static str,
    pub source: &'static str,
    /// Flat ratio ...
    pub ratio: Option<&'static str>,
    /// ... or `(floor, ratio)` rows, in `by` units, applied in slices.
    pub rows: &'static [(&'static str, &'static str)],
    pub by: crate::scenario::TierUnit,
}

/// The collateral tables that ship, each dated by its source.
pub const COLLATERAL: &[CollateralPreset] = &[
    CollateralPreset {
        name: "binance-multiassets-btc-2021",
        asset: "BTC",
        source: "Binance USDⓈ-M Multi-Assets collateral value ratio, FAQ 29b45c485d664028b9ca1cdf90b24f6f (2021-05-28): BTC/ETH/BNB 95 %",
        ratio: Some("0.95"),
        rows: &[],
        by: crate::scenario::TierUnit::Value,
    },
    CollateralPreset {
        name: "binance-multiassets-eth-2021",
        asset: "ETH",
        source: "Binance USDⓈ-M Multi-Assets collateral value ratio, FAQ 29b45c485d664028b9ca1cdf90b24f6f (2021-05-28): BTC/ETH/BNB 95 %",
        ratio: Some("0.95"),
        rows: &[],
        by: crate::scenario::TierUnit::Value,
    },
    CollateralPreset {
        name: "binance-multiassets-bnb-2021",
        asset: "BNB",
        source: "Binance USDⓈ-M Multi-Assets collateral value ratio, FAQ 29b45c485d664028b9ca1cdf90b24f6f (2021-05-28): BTC/ETH/BNB 95 %",
        ratio: Some("0.95"),
        rows: &[],
        by: crate::scenario::TierUnit::Value,
    },
    CollateralPreset {
        name: "binance-multiassets-sol-2021",
        asset: "SOL",
        source: "Binance USDⓈ-M Multi-Assets collateral value ratio, FAQ 29b45c485d664028b9ca1cdf90b24f6f (2021-05-28): XRP/ADA/DOT/SOL 90 %",
        ratio: Some("0.9"),
        rows: &[],
        by: crate::scenario::TierUnit::Value,
    },
    CollateralPreset {
        name: "bybit-uta-btc-2025",
        asset: "BTC",
        source: "Bybit UTA tiered collateral ratio by coin quantity, API docs v5/spot-margin-uta/tier-collateral-ratio (example table, 2025-02-19): 0–10 BTC 98 %, 10–20 95 %, 20–30 90 %, 30–40 85 %, 40–50 80 %, above 50 0 %",
        ratio: None,
        rows: &[
            ("0", "0.98"),
            ("10", "0.95"),
            ("20", "0.9"),
            ("30", "0.85"),
            ("40", "0.8"),
            ("50", "0"),
        ],
        by: crate::scenario::TierUnit::Quantity,
    },
    CollateralPreset {
        name: "okx-beth-2024-07",
        asset: "BETH",
        source: "OKX BETH discount rate tiers by USD value (announcement 2024-07-18): 0–2M 95 %, 2–4M 85 %, 4–8M 50 %, above 8M 0 %",
        ratio: None,
        rows: &[
            ("0", "0.95"),
            ("2000000", "0.85"),
            ("4000000", "0.5"),
            ("8000000", "0"),
        ],
        by: crate::scenario::TierUnit::Value,
    },
    CollateralPreset {
        name: "binance-cross-margin-btc-2023",
        asset: "BTC",
        source: "Binance Cross Margin collateral haircut tiers by USDT value, FAQ 4bec9126c021472285b20874f9380dfb (Example 1): 0–100M 100 %, 100–120M 97.5 %, 120–150M 95 %, 150–180M 90 %, 180–200M 85 %",
        ratio: None,
        rows: &[
            ("0", "1"),
            ("100000000", "0.975"),
            ("120000000", "0.95"),
            ("150000000", "0.9"),
            ("180000000", "0.85"),
        ],
        by: crate::scenario::TierUnit::Value,
    },
];

/// A collateral preset as the fields of an asset: a flat ratio or a table.
#[derive(Debug, Clone, PartialEq)]
pub struct CollateralSpec {
    pub ratio: Option<rust_decimal::Decimal>,
    pub tiers: Option<crate::scenario::CollateralTiersSpec>,
}

/// A collateral preset by name, or the error naming those that exist.
pub fn collateral(name: &str) -> Result<CollateralSpec, Error> {
    let p = COLLATERAL.iter().find(|p| p.name == name).ok_or_else(|| {
        Error::new(
            "",
            ErrorKind::UnknownPreset {
                name: name.to_owned(),
                known: COLLATERAL
                    .iter()
                    .map(|p| p.name)
                    .collect::<Vec<_>>()
                    .join(", "),
            },
        )
    })?;
    let d = |s: &str| {
        crate::dec::parse(s).map_err(|message| {
            Error::new(
                format!("preset {}", p.name),
                ErrorKind::Malformed { message },
            )
        })
    };
    Ok(CollateralSpec {
        ratio: p.ratio.map(d).transpose()?,
        tiers: if p.rows.is_empty() {
            None
        } else {
            Some(crate::scenario::CollateralTiersSpec {
                by: p.by,
                apply: crate::scenario::TierApply::Slices,
                rows: p
                    .rows
                    .iter()
                    .map(|(floor, ratio)| {
                        Ok(crate::scenario::CollateralTierSpec {
                            floor: d(floor)?,
                            ratio: d(ratio)?,
                        })
                    })
                    .collect::<Result<_, Error>>()?,
            })
        },
    })
}
