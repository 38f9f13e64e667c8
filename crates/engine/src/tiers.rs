//! Maintenance-margin tier tables (docs/model.md §2).
//!
//! A position's maintenance margin is `notional × mmr − cum` with the tier
//! containing the notional (`floor ≤ notional < cap`). Venues publish `cum` so
//! that this equals the progressive sum over tiers, which makes maintenance
//! margin a continuous, convex function of notional:
//! `cum(n) = floor(n)·(mmr(n) − mmr(n−1)) + cum(n−1)`.
//! A notional beyond the last cap stays in the last tier (venues refuse such
//! positions; for a price sweep, extrapolating the last tier is the honest
//! continuation).
//!
//! [`Tier::margin`] is the one place where the maintenance-margin formula is
//! written; everything else (evaluation, the line solver, sweeps) calls it.
use rust_decimal::Decimal;

use crate::error::{Error, ErrorKind};
use crate::num::Checked;
use crate::scenario::TierSpec;

/// The most tiers a table may have.
pub const MAX_TIERS: usize = 64;

/// Largest notional bracket bound accepted (10^18 quote units).
pub const MAX_NOTIONAL: Decimal = Decimal::from_parts(2_808_348_672, 232_830_643, 0, false, 0);

/// Highest maintenance rate accepted (99.99 %): a rate of 1 would make a
/// long's margin balance and its requirement move in step, with no price.
pub(crate) const MAX_RATE: Decimal = Decimal::from_parts(9_999, 0, 0, false, 4);

/// One validated tier.
#[derive(Debug, Clone, PartialEq)]
pub struct Tier {
    pub floor: Decimal,
    pub cap: Option<Decimal>,
    pub mmr: Decimal,
    pub cum: Decimal,
    pub max_leverage: Decimal,
    /// `floor`, `mmr`, `cum` as f64: only a guide for ordering and
    /// skipping pieces in the line solver, never a result.
    pub(crate) approx: Approx,
}

/// A tier's numbers as f64, for the solver's guide only.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Approx {
    pub floor: f64,
    pub mmr: f64,
    pub cum: f64,
}

impl Tier {
    /// Maintenance margin of `notional` in this tier: `notional × mmr − cum`.
    #[inline]
    pub fn margin(&self, notional: Decimal) -> Result<Decimal, Error> {
        notional.times(self.mmr)?.minus(self.cum)
    }

    /// How the maintenance margin changes with the notional: `Δnotional × mmr`
    /// (the slope of [`Tier::margin`]).
    #[inline]
    pub fn margin_slope(&self, notional_change: Decimal) -> Result<Decimal, Error> {
        notional_change.times(self.mmr)
    }
}

/// The maintenance margin of one notional: the amount and the tier it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Maintenance {
    /// Tier index (0-based) holding the notional.
    pub tier: usize,
    pub rate: Decimal,
    pub margin: Decimal,
}

/// A validated tier table: sorted, contiguous, starting at 0, never empty
/// (the `Default` empty table only stands in where no tier is read:
/// `crate::opening_margin_of`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TierTable {
    tiers: Vec<Tier>,
}

impl TierTable {
    /// Validates a table written in a scenario; missing `cum`s are derived.
    pub fn from_specs(specs: &[TierSpec]) -> Result<TierTable, Error> {
        if specs.is_empty() {
            return Err(Error::new("", ErrorKind::NoTiers));
        }
        Error::check_count("", specs.len(), 1, MAX_TIERS)?;
        let mut tiers: Vec<Tier> = Vec::with_capacity(specs.len());
        for (i, s) in specs.iter().enumerate() {
            let last = i.saturating_add(1) == specs.len();
            let tier =
                validate_row(s, tiers.last(), last).map_err(|e| e.within(&format!("[{i}]")))?;
            tiers.push(tier);
        }
        Ok(TierTable { tiers })
    }

    /// The tiers, lowest first.
    pub fn tiers(&self) -> &[Tier] {
        &self.tiers
    }

    /// Index of the tier whose bracket holds `notional` (`floor ≤ n < cap`).
    #[inline]
    pub fn index_for(&self, notional: Decimal) -> usize {
        self.tiers
            .partition_point(|t| t.floor <= notional)
            .saturating_sub(1)
    }

    /// Tier `i`; an index the table does not have is an internal error.
    #[inline]
    pub fn tier(&self, i: usize) -> Result<&Tier, Error> {
        self.tiers
            .get(i)
            .ok_or_else(|| Error::internal("tier index out of range"))
    }

    /// The tier whose bracket holds `notional`, with its index.
    #[inline]
    pub fn tier_for(&self, notional: Decimal) -> Result<(usize, &Tier), Error> {
        let i = self.index_for(notional);
        Ok((i, self.tier(i)?))
    }

    /// Maintenance margin at `notional`: `notional × mmr − cum` of its tier.
    #[inline(always)]
    pub fn maintenance(&self, notional: Decimal) -> Result<Maintenance, Error> {
        let tier = self.index_for(notional);
        let t = self.tier(tier)?;
        Ok(Maintenance {
            tier,
            rate: t.mmr,
            margin: t.margin(notional)?,
        })
    }

    /// [`Self::maintenance`] for a notional not below the one that gave
    /// `tier` (an ascending sweep): the tier is stepped up from there, and
    /// left at the tier found.
    #[inline]
    pub fn maintenance_rising(
        &self,
        notional: Decimal,
        tier: &mut usize,
    ) -> Result<Maintenance, Error> {
        let mut i = *tier;
        while self
            .tiers
            .get(i.saturating_add(1))
            .is_some_and(|t| t.floor <= notional)
        {
            i = i.saturating_add(1);
        }
        *tier = i;
        let t = self.tier(i)?;
        Ok(Maintenance {
            tier: i,
            rate: t.mmr,
            margin: t.margin(notional)?,
        })
    }

    /// Maintenance margin as the progressive sum over tiers (each slice of the
    /// notional at its own tier's rate). Equals [`Self::maintenance`] when the
    /// table's `cum`s are the continuous ones; kept to check venue tables.
    pub fn maintenance_progressive(&self, notional: Decimal) -> Result<Decimal, Error> {
        let mut total = Decimal::ZERO;
        for t in &self.tiers {
            if notional <= t.floor {
                break;
            }
            let top = match t.cap {
                Some(cap) if cap < notional => cap,
                _ => notional,
            };
            total = total.plus(top.minus(t.floor)?.times(t.mmr)?)?;
        }
        Ok(total)
    }
}

/// Validates one row against the one before it; the error names the row's field.
fn validate_row(s: &TierSpec, prev: Option<&Tier>, last: bool) -> Result<Tier, Error> {
    let at = |f: &str, e: Error| e.within(f);
    range(s.floor, Decimal::ZERO, MAX_NOTIONAL).map_err(|e| at("floor", e))?;
    range(s.mmr, Decimal::ZERO, MAX_RATE).map_err(|e| at("mmr", e))?;
    range(s.max_leverage, Decimal::ONE, crate::limits::MAX_LEVERAGE)
        .map_err(|e| at("max_leverage", e))?;
    match prev {
        None if !s.floor.is_zero() => {
            return Err(Error::new(
                "floor",
                ErrorKind::FirstFloorNotZero { floor: s.floor },
            ));
        }
        None => {}
        Some(prev) => {
            let expected = prev
                .cap
                .ok_or_else(|| Error::new("floor", ErrorKind::OpenTierNotLast))?;
            if s.floor != expected {
                return Err(Error::new(
                    "floor",
                    ErrorKind::TiersNotContiguous {
                        expected_floor: expected,
                        found: s.floor,
                    },
                ));
            }
            if s.mmr < prev.mmr {
                return Err(Error::new(
                    "mmr",
                    ErrorKind::RatesDecrease {
                        previous: prev.mmr,
                        rate: s.mmr,
                    },
                ));
            }
        }
    }
    match s.cap {
        Some(cap) => {
            range(cap, Decimal::ZERO, MAX_NOTIONAL).map_err(|e| at("cap", e))?;
            if cap <= s.floor {
                return Err(Error::new(
                    "cap",
                    ErrorKind::TierCapNotAboveFloor {
                        floor: s.floor,
                        cap,
                    },
                ));
            }
        }
        None if !last => return Err(Error::new("cap", ErrorKind::OpenTierNotLast)),
        None => {}
    }
    // The continuous `cum` (docs/model.md §2): what venues publish.
    let derived = match prev {
        None => Decimal::ZERO,
        Some(prev) => s.floor.times(s.mmr.minus(prev.mmr)?)?.plus(prev.cum)?,
    };
    let cum = s.cum.unwrap_or(derived);
    if cum.is_sign_negative() && !cum.is_zero() {
        return Err(Error::new("cum", ErrorKind::Negative { value: cum }));
    }
    let floor_margin = s.floor.times(s.mmr)?;
    if cum > floor_margin {
        return Err(Error::new(
            "cum",
            ErrorKind::AmountTooLarge {
                amount: cum,
                floor_margin,
            },
        ));
    }
    let approx = Approx {
        floor: f64_of(s.floor),
        mmr: f64_of(s.mmr),
        cum: f64_of(cum),
    };
    Ok(Tier {
        floor: s.floor,
        cap: s.cap,
        mmr: s.mmr,
        cum,
        max_leverage: s.max_leverage,
        approx,
    })
}

/// Powers of ten as f64, `10^0 … 10^28` (a decimal's scale is at most 28).
const POW10: [f64; 29] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28,
];

/// A decimal as f64, for the solvers' guides only: the mantissa over
/// `10^scale`, within a few ulps (rust_decimal's `to_f64` divides in 128-bit
/// integers and rounds again, a tenth of a liquidation scan's time).
#[inline]
pub(crate) fn f64_of(d: Decimal) -> f64 {
    let m = d.mantissa();
    // Most mantissas fit in 64 bits: a hardware conversion.
    let x = match i64::try_from(m) {
        Ok(small) => small as f64,
        Err(_) => m as f64,
    };
    x / POW10.get(d.scale() as usize).copied().unwrap_or(1e28)
}

pub(crate) use crate::limits::range;
