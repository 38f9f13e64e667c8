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

/// The scenario format version this engine writes. It also reads version 1
/// (one stablecoin wallet, linear contracts), a subset of version 2: a
/// version-1 document is converted on read by [`Scenario::upgrade`].
pub const VERSION: u32 = 2;

/// The oldest version this engine reads.
pub const OLDEST_VERSION: u32 = 1;

/// A whole scenario: the account, its markets and positions, and settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Format version; must be [`VERSION`].
    pub version: u32,
    /// Quote (collateral) currency, for display: "USDT".
    #[serde(default = "default_quote")]
    pub quote: String,
    /// Wallet balance in the quote currency (cross wallet + isolated margins
    /// of linear positions): the quote asset, at price 1 and counted in full,
    /// unless `assets` describes the quote (then this must be 0).
    #[serde(default, with = "dec::string")]
    pub wallet: Decimal,
    /// Version 2: the other assets the account holds (coins as collateral,
    /// the coin of coin-margined contracts), each with its price and how
    /// much of its value counts as margin.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assets: Vec<AssetSpec>,
    pub markets: Vec<MarketSpec>,
    #[serde(default)]
    pub positions: Vec<PositionSpec>,
    #[serde(default, skip_serializing_if = "Settings::is_default")]
    pub settings: Settings,
}

fn default_quote() -> String {
    "USDT".to_owned()
}

/// Kind of contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Contract {
    /// Quote-margined (USDT-style): size in the base coin, PnL in the quote.
    #[default]
    LinearPerpetual,
    /// Coin-margined (inverse, version 2): size in contracts of
    /// `contract_size` USD, PnL `side·N·(1/EP − 1/P)` in the coin, tiers on
    /// the coin notional `N/P`.
    InversePerpetual,
}

impl Contract {
    fn is_default(&self) -> bool {
        *self == Contract::LinearPerpetual
    }
}

/// The price a market's maintenance margin is measured at (version 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MmBasis {
    /// The mark price (Binance, OKX, Hyperliquid, dYdX).
    #[default]
    Mark,
    /// The entry price (BitMEX, KuCoin, Bybit inverse isolated, MCS, BTCMEX).
    Entry,
}

impl MmBasis {
    fn is_default(&self) -> bool {
        *self == MmBasis::Mark
    }
}

/// A market's trading fees and where the venue counts the fee to close a
/// position (version 2; docs/model.md §12).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeesSpec {
    /// Taker fee rate (0.0006 = 0.06 %), paid on opening and on closing.
    #[serde(with = "dec::string")]
    pub taker: Decimal,
    /// The fee to close inside the maintenance requirement, and at which
    /// price (default: not inside it).
    #[serde(default, skip_serializing_if = "CloseFee::is_default")]
    pub close_in_requirement: CloseFee,
    /// An isolated position's default margin also holds the fee to close at
    /// its bankruptcy price (Phemex's assigned position balance).
    #[serde(default, skip_serializing_if = "is_false")]
    pub close_in_margin: bool,
    /// The funding rate, when it is a cost to the position's side, counts in
    /// the maintenance rate too (BTZO: `MM% + taker% + |funding%|`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub funding_in_requirement: bool,
}

/// A market's funding rate (version 2): `rate` per interval of
/// `every_hours` hours, paid by longs to shorts when positive, on the
/// notional at the mark (an inverse contract's in its coin). A `schedule`
/// gives the rates of the first intervals in order (a rate that changes:
/// the venue's predicted rate, then a view of where it goes); `rate`
/// applies after them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundingSpec {
    #[serde(with = "dec::string")]
    pub rate: Decimal,
    #[serde(
        default = "eight",
        with = "dec::string",
        skip_serializing_if = "is_eight"
    )]
    pub every_hours: Decimal,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedule: Vec<crate::dec::Dec>,
}

fn eight() -> Decimal {
    Decimal::from(8)
}

fn is_eight(d: &Decimal) -> bool {
    *d == eight()
}

/// Where a venue counts the fee to close a position in its requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CloseFee {
    /// Not counted (Binance, OKX, BitMEX).
    #[default]
    None,
    /// `taker × notional at the mark` (Phemex).
    Mark,
    /// `taker × size × bankruptcy price`, the bankruptcy price of the
    /// position's leverage: `EP·(1 ∓ 1/L)` (Bybit's estimated fee to close).
    Bankruptcy,
    /// `taker × size × bankruptcy price`, for a cross position the
    /// bankruptcy price of its cross balance in its settle asset with this
    /// fee inside it (Bybit's older inverse contracts, one wallet per coin:
    /// long `N·(1 + f) ÷ (N/EP + B)`); an isolated position's is its
    /// leverage's. Its bankruptcy price counts the fee too.
    AccountBankruptcy,
}

impl CloseFee {
    fn is_default(&self) -> bool {
        *self == CloseFee::None
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Margin rates linear in the position's size instead of a tier table
/// (Deribit: `rate = base + per_unit × |size|`, size in base units or, for
/// an inverse contract, in USD of contracts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SizeRatesSpec {
    pub maintenance: RateSpec,
    /// The initial margin rate; without it, `notional ÷ leverage`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial: Option<RateSpec>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateSpec {
    #[serde(with = "dec::string")]
    pub base: Decimal,
    #[serde(with = "dec::string")]
    pub per_unit: Decimal,
}

/// An asset the account holds (version 2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssetSpec {
    /// Its name ("BTC"); the scenario's `quote` names the quote asset.
    pub asset: String,
    /// Units held (isolated margins in this asset included). Negative: a
    /// loan, counted at `liability_weight`.
    #[serde(with = "dec::string")]
    pub amount: Decimal,
    /// Its price in the account's unit: fixed (default 1) or a market's.
    #[serde(default, skip_serializing_if = "AssetPriceSpec::is_default")]
    pub price: AssetPriceSpec,
    /// A flat collateral ratio (default 1: counted in full) ...
    #[serde(default, with = "dec::option", skip_serializing_if = "Option::is_none")]
    pub ratio: Option<Decimal>,
    /// ... or a tiered one (not both).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tiers: Option<CollateralTiersSpec>,
    /// A shipped collateral table by name (see [`crate::presets`]), instead
    /// of `ratio` or `tiers`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
    /// Weight of a negative balance (default 1: counted in full; Mango and
    /// Drift count liabilities at 1.1–1.75).
    #[serde(default, with = "dec::option", skip_serializing_if = "Option::is_none")]
    pub liability_weight: Option<Decimal>,
    /// Interest a year on a loan (a negative amount), e.g. "0.08": it
    /// accrues over the holding time (`settings.hours`), simple, and adds
    /// to the debt before anything is computed.
    #[serde(default, with = "dec::option", skip_serializing_if = "Option::is_none")]
    pub borrow_rate: Option<Decimal>,
    /// Drift's size discount (its IMF factor, e.g. "0.003"): the flat ratio
    /// falls to `1.1 ÷ (1 + imf·√amount)` when that is lower, so a large
    /// deposit counts for less per unit. No position may settle in it.
    #[serde(default, with = "dec::option", skip_serializing_if = "Option::is_none")]
    pub size_discount: Option<Decimal>,
    /// Binance's auto-exchange: the rate at which this asset is sold to
    /// repay a stablecoin debt below `settings.auto_exchange` (e.g. "0.975";
    /// none: never sold).
    #[serde(default, with = "dec::option", skip_serializing_if = "Option::is_none")]
    pub exchange_ratio: Option<Decimal>,
}

/// An asset's price: `{"fixed": "1"}`, or `{"market": "BTCUSDT"}` (the
/// market's price), or `{"market": "BTCUSDT", "beta": "0.8", "mark": "150"}`
/// (starts at `mark` and moves by `beta` times the market's relative move).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssetPriceSpec {
    #[serde(default, with = "dec::option", skip_serializing_if = "Option::is_none")]
    pub fixed: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market: Option<String>,
    #[serde(default, with = "dec::option", skip_serializing_if = "Option::is_none")]
    pub beta: Option<Decimal>,
    #[serde(default, with = "dec::option", skip_serializing_if = "Option::is_none")]
    pub mark: Option<Decimal>,
}

impl AssetPriceSpec {
    fn is_default(&self) -> bool {
        *self == AssetPriceSpec::default()
    }
}

/// What a collateral tier is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TierUnit {
    /// USD value (Binance Cross Margin, OKX up to 2024, Bitget USDT).
    #[default]
    Value,
    /// Coin quantity (Bybit UTA, OKX 2025, Bitget APT).
    Quantity,
}

/// How a collateral tier's ratio applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TierApply {
    /// Each slice at its own tier's ratio, like maintenance tiers (every
    /// published example).
    #[default]
    Slices,
    /// The whole balance at the ratio of the tier it falls in.
    Whole,
}

/// A tiered collateral ratio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollateralTiersSpec {
    #[serde(default)]
    pub by: TierUnit,
    #[serde(default, skip_serializing_if = "is_slices")]
    pub apply: TierApply,
    /// Rows from floor 0 up, ratios not rising (a 0 top tier is a cap).
    pub rows: Vec<CollateralTierSpec>,
}

fn is_slices(a: &TierApply) -> bool {
    *a == TierApply::Slices
}

/// One collateral tier: from `floor` (USD value or coin quantity) up to the
/// next row's floor, at `ratio`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollateralTierSpec {
    #[serde(with = "dec::string")]
    pub floor: Decimal,
    #[serde(with = "dec::string")]
    pub ratio: Decimal,
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
    /// Inverse: USD per contract (default 1; Binance BTCUSD 100).
    #[serde(default, with = "dec::option", skip_serializing_if = "Option::is_none")]
    pub contract_size: Option<Decimal>,
    /// The asset PnL and isolated margin are paid in (version 2). Default:
    /// the quote for a linear market; for an inverse one, the asset whose
    /// price is this market's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settle: Option<String>,
    /// Where maintenance margin is measured (version 2; default the mark).
    #[serde(default, skip_serializing_if = "MmBasis::is_default")]
    pub mm_basis: MmBasis,
    /// Price tick (version 2): liquidation prices are also given rounded to
    /// it in the safe direction (a long's up, a short's down).
    #[serde(default, with = "dec::option", skip_serializing_if = "Option::is_none")]
    pub tick: Option<Decimal>,
    /// Trading fees and the venue's rule for the fee to close (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fees: Option<FeesSpec>,
    /// Margin rates linear in size, instead of `preset` or `tiers`
    /// (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_rates: Option<SizeRatesSpec>,
    /// Its funding rate (version 2), paid over `settings.hours`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funding: Option<FundingSpec>,
    /// The shipped venue profile whose rules this market follows (version
    /// 2; [`crate::venues`]): `mm_basis`, `fees` and `size_rates` must be
    /// the profile's (any taker rate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    /// Hedge mode's margin (version 2; BTZO): where a market holds longs
    /// and shorts, the hedged part (the smaller side's size) of each is
    /// margined at its entry price, the rest at the mark. Needs a flat rate
    /// (a one-tier table).
    #[serde(default, skip_serializing_if = "is_false")]
    pub hedged_at_entry: bool,
    /// Mango's health rule (version 2): each position's maintenance margin
    /// and unsettled PnL count inside its settle asset — its health
    /// `uPnL + unsettled − MM`, weighted by `positive_weight` when positive,
    /// is added to the settle asset's balance before that asset is valued,
    /// and nothing is required beside it (liquidated when the account's
    /// health reaches 0). Needs a flat rate (a one-tier table), a linear
    /// contract on the mark, cross margin and one position per market.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settle_health: Option<SettleHealthSpec>,
}

/// Mango's weight of a perp market's positive health (its "overall asset
/// weight", e.g. "0.95").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettleHealthSpec {
    #[serde(with = "dec::string")]
    pub positive_weight: Decimal,
}

impl Default for MarketSpec {
    /// A linear market with no tiers yet (fill `symbol`, `mark` and a table).
    fn default() -> MarketSpec {
        MarketSpec {
            symbol: String::new(),
            mark: Decimal::ONE,
            preset: None,
            tiers: None,
            beta: Decimal::ONE,
            contract: Contract::LinearPerpetual,
            contract_size: None,
            settle: None,
            mm_basis: MmBasis::Mark,
            tick: None,
            fees: None,
            size_rates: None,
            funding: None,
            venue: None,
            hedged_at_entry: false,
            settle_health: None,
        }
    }
}

impl Default for Scenario {
    /// An empty scenario of the current version.
    fn default() -> Scenario {
        Scenario {
            version: VERSION,
            quote: default_quote(),
            wallet: Decimal::ZERO,
            assets: Vec::new(),
            markets: Vec::new(),
            positions: Vec::new(),
            settings: Settings::default(),
        }
    }
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
    /// Size, positive: base units (e.g. BTC) for a linear contract, contracts
    /// for an inverse one.
    #[serde(with = "dec::string")]
    pub size: Decimal,
    /// Average entry price.
    #[serde(with = "dec::string")]
    pub entry: Decimal,
    pub leverage: LeverageSpec,
    pub mode: ModeSpec,
    /// Isolated margin, in the market's settle asset; defaults to
    /// `size × entry ÷ leverage` (inverse: `N ÷ entry ÷ leverage` coins).
    /// Isolated only.
    #[serde(default, with = "dec::option", skip_serializing_if = "Option::is_none")]
    pub margin: Option<Decimal>,
    /// PnL realized but not yet settled into the settle asset (version 2;
    /// Mango's quote position beyond the entry cost), in settle units: it
    /// counts with the position's health. Only under `settle_health`.
    #[serde(default, with = "dec::option", skip_serializing_if = "Option::is_none")]
    pub unsettled: Option<Decimal>,
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
    /// Holding time in hours (version 2): each market's funding is paid
    /// this many hours' worth of intervals, out of the isolated margins
    /// and the cross wallet, before anything is computed.
    #[serde(
        default,
        with = "dec::string",
        skip_serializing_if = "Decimal::is_zero"
    )]
    pub hours: Decimal,
    /// Binance's auto-exchange threshold (version 2; USD, e.g. "10000"): a
    /// stablecoin balance below minus this is repaid to zero by selling the
    /// assets that have an `exchange_ratio`, in the order listed.
    #[serde(default, with = "dec::option", skip_serializing_if = "Option::is_none")]
    pub auto_exchange: Option<Decimal>,
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
        let s: Scenario = from_json_text(text)?;
        s.upgrade()
    }

    /// Converts a version-1 scenario to version 2 (the same meaning: one
    /// quote wallet at price 1, linear markets). A version-1 document that
    /// uses a version-2 field is refused, naming the field.
    pub fn upgrade(mut self) -> Result<Scenario, Error> {
        if self.version == VERSION {
            return Ok(self);
        }
        if self.version != OLDEST_VERSION {
            return Err(Error::new(
                "version",
                ErrorKind::UnsupportedVersion {
                    found: u64::from(self.version),
                    supported: VERSION,
                },
            ));
        }
        if let Some(field) = self.version_2_field() {
            return Err(Error::new(
                field,
                ErrorKind::Malformed {
                    message: "needs scenario version 2".to_owned(),
                },
            ));
        }
        self.version = VERSION;
        Ok(self)
    }

    /// The first field that only version 2 has, if any is used.
    pub fn version_2_field(&self) -> Option<String> {
        if !self.assets.is_empty() {
            return Some("assets".to_owned());
        }
        if !self.settings.hours.is_zero() {
            return Some("settings.hours".to_owned());
        }
        if self.settings.auto_exchange.is_some() {
            return Some("settings.auto_exchange".to_owned());
        }
        if let Some(i) = self.positions.iter().position(|p| p.unsettled.is_some()) {
            return Some(format!("positions[{i}].unsettled"));
        }
        self.markets.iter().enumerate().find_map(|(i, m)| {
            let field = if m.contract != Contract::LinearPerpetual {
                "contract"
            } else if m.contract_size.is_some() {
                "contract_size"
            } else if m.settle.is_some() {
                "settle"
            } else if m.mm_basis != MmBasis::Mark {
                "mm_basis"
            } else if m.tick.is_some() {
                "tick"
            } else if m.fees.is_some() {
                "fees"
            } else if m.size_rates.is_some() {
                "size_rates"
            } else if m.venue.is_some() {
                "venue"
            } else if m.funding.is_some() {
                "funding"
            } else if m.hedged_at_entry {
                "hedged_at_entry"
            } else if m.settle_health.is_some() {
                "settle_health"
            } else {
                return None;
            };
            Some(format!("markets[{i}].{field}"))
        })
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
            Some(n) if (u64::from(OLDEST_VERSION)..=u64::from(VERSION)).contains(&n) => Ok(()),
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

/// Reads JSON text into `T`, naming the failing field: the path at the
/// point where serde_json stopped (see [`crate::json_path`]).
pub fn from_json_text<'de, T>(text: &'de str) -> Result<T, Error>
where
    T: Deserialize<'de>,
{
    serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        let missing = message.starts_with("missing field");
        let field = crate::json_path::at(text, e.line(), e.column(), missing);
        // serde_json appends " at line L column C"; keep it, it helps in files.
        Error::new(field, ErrorKind::Malformed { message })
    })
}
