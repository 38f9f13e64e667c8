//! A market's venue rules beyond its tier table (docs/model.md §12): the
//! trading fee and where the venue counts the fee to close, and margin rates
//! linear in size. Validated here; applied by `rules` (one place each:
//! `requirement_extras`, `opening_margin`, `fee_to_open`, `fee_to_close`).
use rust_decimal::Decimal;

use crate::error::{Error, ErrorKind};
use crate::market::{Fees, SizeRates};
use crate::scenario::{FeesSpec, FundingSpec, MarketSpec, RateSpec, SizeRatesSpec, TierSpec};
use crate::tiers::{range, TierTable, MAX_RATE};

/// The highest taker fee rate accepted (10 %; venues charge under 0.1 %).
const MAX_FEE: Decimal = Decimal::from_parts(1, 0, 0, false, 1);

/// A market's venue rules beyond its tier table, validated.
pub struct MarketRules {
    pub fees: Option<Fees>,
    pub size_rates: Option<SizeRates>,
    pub funding: Option<crate::market::Funding>,
}

/// Validates market `m`'s fees, size-linear rates and funding (errors name
/// `fees…`, `size_rates…`, `funding…`): the one check the book and a lone
/// position (`crate::lone`) share.
pub fn market_rules(m: &MarketSpec) -> Result<MarketRules, Error> {
    Ok(MarketRules {
        fees: m
            .fees
            .as_ref()
            .map(|f| fees(f).map_err(|e| e.within("fees")))
            .transpose()?,
        size_rates: m
            .size_rates
            .as_ref()
            .map(|r| size_rates(r).map_err(|e| e.within("size_rates")))
            .transpose()?,
        funding: m
            .funding
            .as_ref()
            .map(|f| funding(f).map_err(|e| e.within("funding")))
            .transpose()?,
    })
}

/// Validates a fee rule (errors name `taker`).
pub fn fees(f: &FeesSpec) -> Result<Fees, Error> {
    range(f.taker, Decimal::ZERO, MAX_FEE).map_err(|e| e.within("taker"))?;
    Ok(Fees {
        taker: f.taker,
        close_in_requirement: f.close_in_requirement,
        close_in_margin: f.close_in_margin,
        funding_in_requirement: f.funding_in_requirement,
    })
}

fn rate(r: &RateSpec, field: &str) -> Result<(Decimal, Decimal), Error> {
    range(r.base, Decimal::ZERO, MAX_RATE).map_err(|e| e.within(&format!("{field}.base")))?;
    range(r.per_unit, Decimal::ZERO, MAX_RATE)
        .map_err(|e| e.within(&format!("{field}.per_unit")))?;
    Ok((r.base, r.per_unit))
}

/// Validates size-linear rates (errors name `maintenance.base`, …).
pub fn size_rates(r: &SizeRatesSpec) -> Result<SizeRates, Error> {
    Ok(SizeRates {
        maintenance: rate(&r.maintenance, "maintenance")?,
        initial: r.initial.as_ref().map(|i| rate(i, "initial")).transpose()?,
    })
}

/// The tier table of a size-linear market: one tier at the maintenance
/// base rate (each position's `per_unit × size` is its own extra rate).
/// Leverage is not capped by it: the initial rate, when given, sets the
/// margin.
pub fn base_table(r: &SizeRates) -> Result<TierTable, Error> {
    TierTable::from_specs(&[TierSpec {
        floor: Decimal::ZERO,
        cap: None,
        mmr: r.maintenance.0,
        cum: Some(Decimal::ZERO),
        max_leverage: crate::limits::MAX_LEVERAGE,
    }])
}

/// The largest funding rate per interval accepted (±5 %; venues cap theirs
/// at 0.5–4 %).
const MAX_FUNDING: Decimal = Decimal::from_parts(5, 0, 0, false, 2);

/// The longest funding interval and holding time accepted, in hours (a
/// week; a year).
const MAX_INTERVAL: Decimal = Decimal::from_parts(168, 0, 0, false, 0);
/// The shortest funding interval accepted: a minute, in hours (0.0167).
const MIN_INTERVAL: Decimal = Decimal::from_parts(167, 0, 0, false, 4);
const MAX_HOURS: Decimal = Decimal::from_parts(8_760, 0, 0, false, 0);

/// The most rates a funding schedule may list (a year of 8-hour intervals).
pub const MAX_SCHEDULE: usize = 1_095;

/// Validates a funding rate (errors name `rate`, `every_hours`,
/// `schedule[k]`): the rates and the interval in hours.
pub fn funding(f: &FundingSpec) -> Result<crate::market::Funding, Error> {
    let rate = |r: Decimal| range(r, crate::num::neg(MAX_FUNDING), MAX_FUNDING);
    rate(f.rate).map_err(|e| e.within("rate"))?;
    // From a minute (no venue pays more often) to a week.
    range(f.every_hours, MIN_INTERVAL, MAX_INTERVAL).map_err(|e| e.within("every_hours"))?;
    Error::check_count("schedule", f.schedule.len(), 0, MAX_SCHEDULE)?;
    for (k, r) in f.schedule.iter().enumerate() {
        rate(r.0).map_err(|e| e.within(&format!("schedule[{k}]")))?;
    }
    Ok(crate::market::Funding {
        rate: f.rate,
        every: f.every_hours,
        schedule: f.schedule.iter().map(|d| d.0).collect(),
    })
}

/// Validates a holding time in hours (errors name it `hours`).
pub fn hours(h: Decimal) -> Result<Decimal, Error> {
    range(h, Decimal::ZERO, MAX_HOURS).map_err(|e| e.within("hours"))?;
    Ok(h)
}

/// A funding rate from a premium and an interest rate, the formula of
/// Binance, Bybit and Hyperliquid: `F = P + clamp(I − P, −c, c)`, where the
/// premium `P = (impact price − index) ÷ index`, over the same interval as
/// `I` (Hyperliquid pays 1/8 of the 8-hour rate every hour).
pub fn clamped_funding_rate(
    premium: Decimal,
    interest: Decimal,
    clamp: Decimal,
) -> Result<Decimal, Error> {
    use crate::num::Checked;
    let gap = interest.minus(premium)?;
    premium.plus(gap.max(crate::num::neg(clamp)).min(clamp))
}

/// Mango's health rule of market `m` with its tier table: the weight of a
/// positive health, when the market follows the rule. It keeps each
/// position's health linear in the price (a flat rate on the mark, no
/// requirement besides it), so the solver stays exact: errors name
/// `settle_health` and the field that conflicts with it.
pub fn settle_health(
    m: &MarketSpec,
    tiers: &crate::tiers::TierTable,
) -> Result<Option<Decimal>, Error> {
    let Some(h) = m.settle_health else {
        return Ok(None);
    };
    let conflict = |field: &str, message: &str| {
        Err(Error::new(
            field,
            ErrorKind::Malformed {
                message: format!("Mango's health rule (settle_health) {message}"),
            },
        ))
    };
    crate::tiers::range(h.positive_weight, Decimal::ZERO, Decimal::ONE)
        .map_err(|e| e.within("settle_health.positive_weight"))?;
    if tiers.tiers().len() != 1 {
        return conflict("tiers", "needs a flat rate: a one-tier table");
    }
    if m.contract != crate::scenario::Contract::LinearPerpetual {
        return conflict("contract", "is for linear contracts");
    }
    if m.mm_basis != crate::scenario::MmBasis::Mark {
        return conflict("mm_basis", "measures maintenance at the mark");
    }
    if m.size_rates.is_some() {
        return conflict("size_rates", "needs a flat rate, not size-linear rates");
    }
    if m.hedged_at_entry {
        return conflict("hedged_at_entry", "does not go with hedge mode");
    }
    if let Some(f) = &m.fees {
        if f.close_in_requirement != crate::scenario::CloseFee::None || f.funding_in_requirement {
            return conflict("fees", "counts no fee or funding in the requirement");
        }
    }
    Ok(Some(h.positive_weight))
}
