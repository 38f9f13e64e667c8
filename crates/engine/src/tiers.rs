//! Maintenance-margin tier tables.
//!
//! A position's maintenance margin is `notional × mmr − cum` with the tier
//! containing the notional (`floor ≤ notional < cap`). Venues publish `cum` so
//! that this equals the progressive sum over tiers, which makes maintenance
//! margin a continuous, convex function of notional:
//! `cum(n) = floor(n)·(mmr(n) − mmr(n−1)) + cum(n−1)`.
//! A notional beyond the last cap stays in the last tier (venues refuse such
//! positions; for a price sweep, extrapolating the last tier is the honest
//! continuation).
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::error::{Error, ErrorKind};
use crate::num::Checked;
use crate::scenario::TierSpec;

/// One validated tier.
#[derive(Debug, Clone, PartialEq)]
pub struct Tier {
    pub floor: Decimal,
    pub cap: Option<Decimal>,
    pub mmr: Decimal,
    pub cum: Decimal,
    pub max_leverage: Decimal,
    /// `floor`, `mmr`, `cum` as f64: only a guide for ordering and
    /// skipping pieces in [`crate::line`], never a result.
    pub approx: [f64; 3],
}

/// A validated tier table: sorted, contiguous, starting at 0.
#[derive(Debug, Clone, PartialEq)]
pub struct TierTable {
    tiers: Vec<Tier>,
}

/// Largest notional bracket bound accepted (10^18 quote units).
pub const MAX_NOTIONAL: Decimal = Decimal::from_parts(2_808_348_672, 232_830_643, 0, false, 0);

impl TierTable {
    /// Validates a table written in a scenario; missing `cum`s are derived.
    pub fn from_specs(specs: &[TierSpec]) -> Result<TierTable, Error> {
        if specs.is_empty() {
            return Err(Error::new("", ErrorKind::NoTiers));
        }
        if specs.len() > 64 {
            return Err(Error::new(
                "",
                ErrorKind::CountOutOfRange { count: specs.len() as u64, min: 1, max: 64 },
            ));
        }
        let mut tiers: Vec<Tier> = Vec::with_capacity(specs.len());
        for (i, s) in specs.iter().enumerate() {
            let at = |f: &str| format!("[{i}].{f}");
            let last = i.saturating_add(1) == specs.len();
            range(s.floor, Decimal::ZERO, MAX_NOTIONAL).map_err(|e| e.within(&at("floor")))?;
            range(s.mmr, Decimal::ZERO, Decimal::new(9999, 4)).map_err(|e| e.within(&at("mmr")))?;
            range(s.max_leverage, Decimal::ONE, Decimal::from(10_000))
                .map_err(|e| e.within(&at("max_leverage")))?;
            match (tiers.last(), i) {
                (None, _) if !s.floor.is_zero() => {
                    return Err(Error::new(at("floor"), ErrorKind::FirstFloorNotZero { floor: s.floor }))
                }
                (Some(prev), _) => {
                    let expected = prev.cap.unwrap_or(Decimal::ZERO);
                    if s.floor != expected {
                        return Err(Error::new(
                            at("floor"),
                            ErrorKind::TiersNotContiguous { expected_floor: expected, found: s.floor },
                        ));
                    }
                    if s.mmr < prev.mmr {
                        return Err(Error::new(
                            at("mmr"),
                            ErrorKind::RatesDecrease { previous: prev.mmr, rate: s.mmr },
                        ));
                    }
                }
                _ => {}
            }
            match s.cap {
                Some(cap) => {
                    range(cap, Decimal::ZERO, MAX_NOTIONAL).map_err(|e| e.within(&at("cap")))?;
                    if cap <= s.floor {
                        return Err(Error::new(
                            at("cap"),
                            ErrorKind::TierCapNotAboveFloor { floor: s.floor, cap },
                        ));
                    }
                }
                None if !last => return Err(Error::new(at("cap"), ErrorKind::OpenTierNotLast)),
                None => {}
            }
            let derived = match tiers.last() {
                None => Decimal::ZERO,
                Some(prev) => s.floor.times(s.mmr.minus(prev.mmr)?)?.plus(prev.cum)?,
            };
            let cum = s.cum.unwrap_or(derived);
            if cum.is_sign_negative() && !cum.is_zero() {
                return Err(Error::new(at("cum"), ErrorKind::Negative { value: cum }));
            }
            let floor_margin = s.floor.times(s.mmr)?;
            if cum > floor_margin {
                return Err(Error::new(
                    at("cum"),
                    ErrorKind::AmountTooLarge { amount: cum, floor_margin },
                ));
            }
            let approx = [s.floor, s.mmr, cum].map(|d| d.to_f64().unwrap_or(0.0));
            tiers.push(Tier { floor: s.floor, cap: s.cap, mmr: s.mmr, cum, max_leverage: s.max_leverage, approx });
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
        self.tiers.partition_point(|t| t.floor <= notional).saturating_sub(1)
    }

    /// The tier whose bracket holds `notional`.
    #[inline]
    pub fn tier_for(&self, notional: Decimal) -> &Tier {
        let i = self.index_for(notional);
        // `tiers` is never empty and `i < len`: validated in `from_specs`.
        self.tiers.get(i).unwrap_or_else(|| unreachable_tier())
    }

    /// Tier `i`, clamped to the table.
    #[inline]
    pub fn tier(&self, i: usize) -> &Tier {
        let last = self.tiers.len().saturating_sub(1);
        self.tiers.get(i.min(last)).unwrap_or_else(|| unreachable_tier())
    }

    /// Maintenance margin at `notional`: `notional × mmr − cum` of its tier.
    #[inline]
    pub fn maintenance(&self, notional: Decimal) -> Result<Decimal, Error> {
        let t = self.tier_for(notional);
        notional.times(t.mmr)?.minus(t.cum)
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

#[cold]
fn unreachable_tier() -> &'static Tier {
    // A validated table is never empty, so this is never reached; it exists so
    // that the lookup has no panicking path at all.
    static FALLBACK: Tier = Tier {
        floor: Decimal::ZERO,
        cap: None,
        mmr: Decimal::ZERO,
        cum: Decimal::ZERO,
        max_leverage: Decimal::ONE,
        approx: [0.0; 3],
    };
    &FALLBACK
}

/// Checks `min ≤ value ≤ max`.
pub(crate) fn range(value: Decimal, min: Decimal, max: Decimal) -> Result<(), Error> {
    if value < min || value > max {
        if min.is_zero() && value.is_sign_negative() {
            return Err(Error::new("", ErrorKind::Negative { value }));
        }
        return Err(Error::new("", ErrorKind::OutOfRange { value, min, max }));
    }
    Ok(())
}
