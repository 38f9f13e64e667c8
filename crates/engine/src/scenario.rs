//! The scenario wire format: one versioned serde document that the share URL,
//! the JS API, the CLI and the tests all read.
//!
//! Decimals are strings (see [`crate::dec`]). Unknown fields are rejected, so a
//! typo such as `"levrage"` is an error rather than a silently ignored field.
//! Growth plan: new optional fields get defaults (an old scenario keeps its
//! meaning), new kinds of contract or collateral get new `kind`/`contract`
//! values, and a change that alters the meaning of existing fields bumps
//! [`VERSION`] with a converter from the older versions.
use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::dec;
use crate::error::{Error, ErrorKind};

/// The scenario format version this engine writes and reads.
pub const VERSION: u32 = 1;

/// A whole scenario: the account, its markets and positions, and settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Format version; must be [`VERSION`].
    pub version: u32,
    /// Quote (collateral) currency, for display: "USDT".
    #[serde(default = "default_quote")]
    pub quote: String,
    /// Wallet balance in the quote currency (cross wallet + isolated margins).
    #[serde(with = "dec::string")]
    pub wallet: Decimal,
    pub markets: Vec<MarketSpec>,
    #[serde(default)]
    pub positions: Vec<PositionSpec>,
    #[serde(default, skip_serializing_if = "Settings::is_default")]
    pub settings: Settings,
}

fn default_quote() -> String {
    "USDT".to_owned()
}

/// Kind of contract. Only linear (quote-margined) perpetuals so far; inverse
/// contracts will be a new variant, so saved scenarios keep their meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Contract {
    #[default]
    LinearPerpetual,
}

impl Contract {
    fn is_default(&self) -> bool {
        *self == Contract::LinearPerpetual
    }
}

/// A market: its symbol, mark price and maintenance-margin tiers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarketSpec {
    pub symbol: String,
    /// Mark price in the quote currency.
    #[serde(with = "dec::string")]
    pub mark: Decimal,
    /// A shipped tier table by name (see [`crate::presets`]) ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
    /// ... or an explicit table (exactly one of the two).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tiers: Option<Vec<TierSpec>>,
    /// Sensitivity to a whole-market move: this market's price moves by
    /// `beta × x` when the market moves by `x`. Default 1.
    #[serde(default = "one", with = "dec::string", skip_serializing_if = "is_one")]
    pub beta: Decimal,
    #[serde(default, skip_serializing_if = "Contract::is_default")]
    pub contract: Contract,
}

fn one() -> Decimal {
    Decimal::ONE
}

fn is_one(d: &Decimal) -> bool {
    *d == Decimal::ONE
}

/// One maintenance-margin tier (a Binance "bracket", a Bybit "risk limit").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierSpec {
    /// Lowest notional of the tier (inclusive).
    #[serde(with = "dec::string")]
    pub floor: Decimal,
    /// Notional cap (exclusive); null for the open-ended last tier.
    #[serde(default, with = "dec::option")]
    pub cap: Option<Decimal>,
    /// Maintenance margin rate, e.g. "0.004" for 0.4 %.
    #[serde(with = "dec::string")]
    pub mmr: Decimal,
    /// Maintenance amount ("cum"); derived from the rates when omitted, so
    /// that maintenance margin is continuous across tiers.
    #[serde(default, with = "dec::option", skip_serializing_if = "Option::is_none")]
    pub cum: Option<Decimal>,
    /// Highest leverage allowed in this tier.
    #[serde(with = "dec::string")]
    pub max_leverage: Decimal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SideSpec {
    Long,
    Short,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModeSpec {
    Cross,
    Isolated,
}

/// A position as written in a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PositionSpec {
    /// Symbol of one of the scenario's markets.
    pub market: String,
    pub side: SideSpec,
    /// Size in base units (e.g. BTC), positive.
    #[serde(with = "dec::string")]
    pub size: Decimal,
    /// Average entry price.
    #[serde(with = "dec::string")]
    pub entry: Decimal,
    pub leverage: LeverageSpec,
    pub mode: ModeSpec,
    /// Isolated margin; defaults to `size × entry ÷ leverage`. Isolated only.
    #[serde(default, with = "dec::option", skip_serializing_if = "Option::is_none")]
    pub margin: Option<Decimal>,
}

/// Leverage, a decimal (usually whole: "10").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LeverageSpec(#[serde(with = "dec::string")] pub Decimal);

/// What is left to the trader of a liquidated account or position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)]
pub enum Residual {
    /// Everything left is lost (Binance's clearance; Hyperliquid's backstop).
    #[default]
    Forfeited,
    /// What is left, less `fee_rate × notional` at the liquidation price, is
    /// returned to the wallet.
    Returned {
        #[serde(with = "dec::string")]
        fee_rate: Decimal,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    #[serde(default)]
    pub residual: Residual,
}

impl Settings {
    fn is_default(&self) -> bool {
        *self == Settings::default()
    }
}

/// Prices by market symbol, as the CLI and JS API take them.
pub type PriceMap = BTreeMap<String, dec::Dec>;

#[derive(Deserialize)]
struct VersionProbe {
    version: Option<serde_json::Value>,
}

impl Scenario {
    /// Reads a scenario from JSON text, checking the version first so that a
    /// scenario from a newer release gets "unsupported version", not a
    /// confusing unknown-field error.
    pub fn from_json(text: &str) -> Result<Scenario, Error> {
        let probe: VersionProbe = serde_json::from_str(text).map_err(|e| {
            Error::new(
                "",
                ErrorKind::Malformed {
                    message: format!("not valid JSON: {e}"),
                },
            )
        })?;
        check_version(probe.version.as_ref())?;
        from_deserializer(&mut serde_json::Deserializer::from_str(text))
    }

    /// Writes the scenario as compact JSON.
    pub fn to_json(&self) -> String {
        // Serializing plain data into a String cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Checks the `version` field of a scenario (before the rest is read).
pub fn check_version(version: Option<&serde_json::Value>) -> Result<(), Error> {
    match version {
        None => Err(Error::new(
            "version",
            ErrorKind::Malformed {
                message: format!("missing; this engine reads version {VERSION}"),
            },
        )),
        Some(v) => match v.as_u64() {
            Some(n) if n == u64::from(VERSION) => Ok(()),
            Some(n) => Err(Error::new(
                "version",
                ErrorKind::UnsupportedVersion {
                    found: n,
                    supported: VERSION,
                },
            )),
            None => Err(Error::new(
                "version",
                ErrorKind::Malformed {
                    message: format!("expected a whole number, got {v}"),
                },
            )),
        },
    }
}

/// Deserializes any serde format into `T`, naming the failing field.
pub fn from_deserializer<'de, D, T>(d: D) -> Result<T, Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    serde_path_to_error::deserialize(d).map_err(|e| {
        let field = e.path().to_string();
        let field = if field == "." { String::new() } else { field };
        let message = e.into_inner().to_string();
        // serde_json appends " at line L column C"; keep it, it helps in files.
        Error::new(field, ErrorKind::Malformed { message })
    })
}
