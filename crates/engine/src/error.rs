//! One typed error for the whole engine: what went wrong, and which field of
//! the scenario (a JSON path such as `positions[2].leverage`) it concerns.
//! The `code` of each kind (its serde tag) is stable: the JS API and the page
//! carry it alongside the message.
use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

/// An error that names the field it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Error {
    /// Path of the offending field (`""` when it concerns no single field).
    pub field: String,
    /// What is wrong with it.
    pub kind: ErrorKind,
}

/// Why a scenario or a request was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ErrorKind {
    /// The input is not of the scenario format (JSON syntax, a wrong type, a
    /// malformed decimal, an unknown or missing field); the text says which.
    Malformed { message: String },
    /// The scenario's `version` is not one this engine reads.
    UnsupportedVersion { found: u64, supported: u32 },
    /// A position or price names a market the scenario does not have.
    UnknownMarket { symbol: String },
    /// Two markets share a symbol.
    DuplicateMarket { symbol: String },
    /// A tier preset name that the engine does not ship; `known` lists those it does.
    UnknownPreset { name: String, known: String },
    /// The value must be greater than zero.
    NotPositive { value: Decimal },
    /// The value must not be negative.
    Negative { value: Decimal },
    /// The value lies outside what the engine supports.
    OutOfRange {
        value: Decimal,
        min: Decimal,
        max: Decimal,
    },
    /// A count (positions, markets, points) outside what the engine supports.
    CountOutOfRange { count: u64, min: u64, max: u64 },
    /// The leverage exceeds the max leverage of the tier of the entry notional.
    LeverageAboveTierMax {
        leverage: Decimal,
        max: Decimal,
        tier: usize,
    },
    /// A tier table with no tier.
    NoTiers,
    /// The first tier must start at notional 0.
    FirstFloorNotZero { floor: Decimal },
    /// A tier's floor does not equal the previous tier's cap.
    TiersNotContiguous {
        expected_floor: Decimal,
        found: Decimal,
    },
    /// A tier's cap is not above its floor.
    TierCapNotAboveFloor { floor: Decimal, cap: Decimal },
    /// Only the last tier may be open-ended.
    OpenTierNotLast,
    /// Tier rates must not decrease from one tier to the next.
    RatesDecrease { previous: Decimal, rate: Decimal },
    /// The maintenance amount makes maintenance margin negative at the tier's floor.
    AmountTooLarge {
        amount: Decimal,
        floor_margin: Decimal,
    },
    /// Both a preset and an explicit table, or neither.
    TiersAndPreset,
    /// Isolated margins exceed the wallet, leaving a negative cross wallet.
    IsolatedMarginsExceedWallet { isolated: Decimal, wallet: Decimal },
    /// A margin was given for a cross position.
    MarginOnCrossPosition,
    /// Comparing with "all isolated" needs the wallet to fund every initial margin.
    IsolatedVariantUnfunded { needed: Decimal, wallet: Decimal },
    /// Two arguments that must differ do not (e.g. a grid's two markets).
    SameMarket { symbol: String },
    /// A range whose end is not above its start.
    EmptyRange { from: Decimal, to: Decimal },
    /// Arithmetic overflow or division by zero (cannot happen on a validated
    /// book; reported instead of panicking).
    Arithmetic { what: &'static str },
    /// An impossible state inside the engine (an index that a validated book
    /// cannot produce). Reported instead of a made-up value or a panic.
    Internal { what: &'static str },
}

impl ErrorKind {
    /// The stable code of this kind, as serialized (`"leverage_above_tier_max"`).
    pub fn code(&self) -> &'static str {
        use ErrorKind::*;
        match self {
            Malformed { .. } => "malformed",
            UnsupportedVersion { .. } => "unsupported_version",
            UnknownMarket { .. } => "unknown_market",
            DuplicateMarket { .. } => "duplicate_market",
            UnknownPreset { .. } => "unknown_preset",
            NotPositive { .. } => "not_positive",
            Negative { .. } => "negative",
            OutOfRange { .. } => "out_of_range",
            CountOutOfRange { .. } => "count_out_of_range",
            LeverageAboveTierMax { .. } => "leverage_above_tier_max",
            NoTiers => "no_tiers",
            FirstFloorNotZero { .. } => "first_floor_not_zero",
            TiersNotContiguous { .. } => "tiers_not_contiguous",
            TierCapNotAboveFloor { .. } => "tier_cap_not_above_floor",
            OpenTierNotLast => "open_tier_not_last",
            RatesDecrease { .. } => "rates_decrease",
            AmountTooLarge { .. } => "amount_too_large",
            TiersAndPreset => "tiers_and_preset",
            IsolatedMarginsExceedWallet { .. } => "isolated_margins_exceed_wallet",
            MarginOnCrossPosition => "margin_on_cross_position",
            IsolatedVariantUnfunded { .. } => "isolated_variant_unfunded",
            SameMarket { .. } => "same_market",
            EmptyRange { .. } => "empty_range",
            Arithmetic { .. } => "arithmetic",
            Internal { .. } => "internal",
        }
    }
}

impl Error {
    pub fn new(field: impl Into<String>, kind: ErrorKind) -> Self {
        Error {
            field: field.into(),
            kind,
        }
    }

    /// An impossible state inside the engine (never a user's mistake).
    #[cold]
    pub fn internal(what: &'static str) -> Self {
        Error::new("", ErrorKind::Internal { what })
    }

    /// A count of `field` (positions, markets, tiers, points, samples) must
    /// lie within `min..=max`.
    pub fn check_count(field: &str, n: usize, min: usize, max: usize) -> Result<(), Error> {
        if n < min || n > max {
            let wide = |x: usize| u64::try_from(x).unwrap_or(u64::MAX);
            return Err(Error::new(
                field,
                ErrorKind::CountOutOfRange {
                    count: wide(n),
                    min: wide(min),
                    max: wide(max),
                },
            ));
        }
        Ok(())
    }

    /// The same error, with `prefix` put in front of its field path.
    pub fn within(mut self, prefix: &str) -> Self {
        self.field = if self.field.is_empty() {
            prefix.to_owned()
        } else if self.field.starts_with('[') {
            format!("{prefix}{}", self.field)
        } else {
            format!("{prefix}.{}", self.field)
        };
        self
    }

    /// The human-readable reason, without the field.
    pub fn reason(&self) -> String {
        use ErrorKind::*;
        match &self.kind {
            Malformed { message } => message.clone(),
            UnsupportedVersion { found, supported } => format!(
                "scenario version {found} is not supported (this engine reads version {supported})"
            ),
            UnknownMarket { symbol } => format!("unknown market \"{symbol}\""),
            DuplicateMarket { symbol } => format!("market \"{symbol}\" is listed twice"),
            UnknownPreset { name, known } => format!("unknown tier preset \"{name}\" (known: {known})"),
            NotPositive { value } => format!("must be greater than 0, got {value}"),
            Negative { value } => format!("must not be negative, got {value}"),
            OutOfRange { value, min, max } => {
                format!("{value} is out of the supported range {min} to {max}")
            }
            CountOutOfRange { count, min, max } => {
                format!("{count} is out of the supported range {min} to {max}")
            }
            LeverageAboveTierMax { leverage, max, tier } => format!(
                "leverage {leverage} is above the max leverage {max} of tier {} (the tier of the entry notional)",
                tier.saturating_add(1)
            ),
            NoTiers => "the tier table is empty".to_owned(),
            FirstFloorNotZero { floor } => format!("the first tier must start at 0, not {floor}"),
            TiersNotContiguous { expected_floor, found } => format!(
                "tiers must be sorted and contiguous: expected floor {expected_floor} (the previous cap), got {found}"
            ),
            TierCapNotAboveFloor { floor, cap } => {
                format!("cap {cap} must be above floor {floor}")
            }
            OpenTierNotLast => "only the last tier may have no cap".to_owned(),
            RatesDecrease { previous, rate } => format!(
                "maintenance rate {rate} is below the previous tier's {previous}; rates must not decrease"
            ),
            AmountTooLarge { amount, floor_margin } => format!(
                "maintenance amount {amount} exceeds the margin at the tier's floor ({floor_margin}), which would make maintenance margin negative"
            ),
            TiersAndPreset => {
                "give exactly one of \"preset\", \"tiers\" and \"size_rates\"".to_owned()
            }
            IsolatedMarginsExceedWallet { isolated, wallet } => format!(
                "isolated margins total {isolated}, more than the wallet {wallet}"
            ),
            MarginOnCrossPosition => {
                "a margin applies only to isolated positions; remove it or set mode to isolated"
                    .to_owned()
            }
            IsolatedVariantUnfunded { needed, wallet } => format!(
                "all-isolated comparison needs {needed} of initial margin, more than the wallet {wallet}"
            ),
            SameMarket { symbol } => format!("both axes are \"{symbol}\"; choose two markets"),
            EmptyRange { from, to } => format!("range end {to} must be above its start {from}"),
            Arithmetic { what } => format!("arithmetic error: {what}"),
            Internal { what } => format!("internal error: {what}"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.reason())
        } else {
            write!(f, "{}: {}", self.field, self.reason())
        }
    }
}

impl std::error::Error for Error {}
