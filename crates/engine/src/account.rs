//! Validation of a scenario's assets and of what each market settles in
//! (docs/model.md §11). The quote asset is asset 0: the version-1 `wallet`
//! at price 1 counted in full, unless `assets` describes it.
use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::collateral::{AssetPrice, Valuation};
use crate::error::{Error, ErrorKind};
use crate::limits;
use crate::market::ContractKind;
use crate::num::Checked;
use crate::scenario::{AssetSpec, Contract, MarketSpec, Scenario};
use crate::tiers::range;

/// Significant digits kept of a beta-following price's slope.
const SLOPE_DIGITS: u32 = 12;

/// The most assets an account may hold.
pub const MAX_ASSETS: usize = 32;

/// An asset as validated, before isolated margins are taken out.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AssetDraft {
    pub name: String,
    /// Units held, a loan's interest over the holding time included.
    pub amount: Decimal,
    /// That interest, in units (zero without a loan or a rate).
    pub interest: Decimal,
    /// Its borrow rate a year (zero: none).
    pub borrow_rate: Decimal,
    pub price: AssetPrice,
    pub valuation: Valuation,
    /// Drift's size discount applied (the ratio is that of the units held).
    pub size_discounted: bool,
    /// Binance's auto-exchange ratio (`None`: never sold).
    pub exchange_ratio: Option<Decimal>,
}

fn malformed(field: impl Into<String>, message: impl Into<String>) -> Error {
    Error::new(
        field,
        ErrorKind::Malformed {
            message: message.into(),
        },
    )
}

/// The scenario's assets, the quote first; `markets` maps symbols to
/// indices and marks (asset prices may follow a market).
pub(crate) fn assets(
    s: &Scenario,
    markets: &HashMap<String, usize>,
    marks: &[Decimal],
    hours: Decimal,
) -> Result<Vec<AssetDraft>, Error> {
    range(s.wallet, Decimal::ZERO, limits::MAX_MONEY).map_err(|e| e.within("wallet"))?;
    Error::check_count("assets", s.assets.len(), 0, MAX_ASSETS)?;
    let mut out = vec![AssetDraft {
        name: s.quote.clone(),
        amount: s.wallet,
        interest: Decimal::ZERO,
        borrow_rate: Decimal::ZERO,
        price: AssetPrice::Fixed(Decimal::ONE),
        valuation: Valuation::full(),
        size_discounted: false,
        exchange_ratio: None,
    }];
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, a) in s.assets.iter().enumerate() {
        let at = |f: &str| format!("assets[{i}].{f}");
        let name = a.asset.trim();
        if name.is_empty() || a.asset.len() > 32 {
            return Err(malformed(
                at("asset"),
                "an asset name has 1 to 32 characters",
            ));
        }
        if seen.insert(name, i).is_some() {
            return Err(malformed(at("asset"), format!("{name} is listed twice")));
        }
        let draft =
            asset(a, markets, marks, hours).map_err(|e| e.within(&format!("assets[{i}]")))?;
        if name == s.quote {
            if !s.wallet.is_zero() {
                return Err(malformed(
                    "wallet",
                    format!(
                        "the quote {name} is also listed in assets: give its amount there and a wallet of 0"
                    ),
                ));
            }
            if let Some(q) = out.first_mut() {
                *q = draft;
            }
        } else {
            out.push(draft);
        }
    }
    Ok(out)
}

/// The highest borrow rate accepted (1,000 % a year).
const MAX_BORROW_RATE: Decimal = Decimal::TEN;
const HOURS_A_YEAR: Decimal = Decimal::from_parts(8_760, 0, 0, false, 0);

/// A loan's interest over `hours` at `rate` a year, simple: `|amount| ×
/// rate × hours ÷ 8,760`, in units (zero for a balance that is not a loan).
pub(crate) fn borrow_interest(
    amount: Decimal,
    rate: Decimal,
    hours: Decimal,
) -> Result<Decimal, Error> {
    if amount >= Decimal::ZERO {
        return Ok(Decimal::ZERO);
    }
    amount.abs().times(rate)?.times(hours)?.over(HOURS_A_YEAR)
}

fn asset(
    a: &AssetSpec,
    markets: &HashMap<String, usize>,
    marks: &[Decimal],
    hours: Decimal,
) -> Result<AssetDraft, Error> {
    range(a.amount, -limits::MAX_MONEY, limits::MAX_MONEY).map_err(|e| e.within("amount"))?;
    let interest = match a.borrow_rate {
        Some(r) => {
            range(r, Decimal::ZERO, MAX_BORROW_RATE).map_err(|e| e.within("borrow_rate"))?;
            borrow_interest(a.amount, r, hours)?
        }
        None => Decimal::ZERO,
    };
    let amount = a.amount.minus(interest)?;
    let valuation = match &a.preset {
        Some(name) => {
            if a.ratio.is_some() || a.tiers.is_some() {
                return Err(malformed(
                    "preset",
                    "give a preset, a flat ratio or a table: one of them",
                ));
            }
            let spec = crate::presets::collateral(name).map_err(|e| e.within("preset"))?;
            Valuation::new(spec.ratio, spec.tiers.as_ref(), a.liability_weight)
                .map_err(|e| e.within("preset"))?
        }
        None => Valuation::new(a.ratio, a.tiers.as_ref(), a.liability_weight)?,
    };
    if let Some(r) = a.exchange_ratio {
        range(r, Decimal::ZERO, Decimal::ONE).map_err(|e| e.within("exchange_ratio"))?;
        if r.is_zero() {
            return Err(Error::new(
                "exchange_ratio",
                ErrorKind::NotPositive { value: r },
            ));
        }
    }
    let exchange_ratio = a.exchange_ratio;
    let valuation = match a.size_discount {
        Some(imf) => valuation.size_discounted(amount, imf)?,
        None => valuation,
    };
    let p = &a.price;
    let price = match (&p.fixed, &p.market) {
        (Some(_), Some(_)) => {
            return Err(malformed(
                "price",
                "a fixed price or a market to follow, not both",
            ))
        }
        (Some(fixed), None) => {
            if p.beta.is_some() || p.mark.is_some() {
                return Err(malformed("price", "beta and mark go with a market"));
            }
            crate::limits::price(*fixed).map_err(|e| e.within("price.fixed"))?;
            AssetPrice::Fixed(*fixed)
        }
        (None, None) => {
            if p.beta.is_some() || p.mark.is_some() {
                return Err(malformed("price", "beta and mark go with a market"));
            }
            AssetPrice::Fixed(Decimal::ONE)
        }
        (None, Some(symbol)) => {
            let m = *markets.get(symbol).ok_or_else(|| {
                Error::new(
                    "price.market",
                    ErrorKind::UnknownMarket {
                        symbol: symbol.clone(),
                    },
                )
            })?;
            let market_mark = marks
                .get(m)
                .copied()
                .ok_or_else(|| Error::internal("market index"))?;
            let beta = p.beta.unwrap_or(Decimal::ONE);
            // Above 1 a crash would price the coin below zero.
            range(beta, Decimal::ZERO, Decimal::ONE).map_err(|e| e.within("price.beta"))?;
            if beta.is_zero() {
                return Err(Error::new(
                    "price.beta",
                    ErrorKind::NotPositive { value: beta },
                ));
            }
            let own = p.mark.unwrap_or(market_mark);
            crate::limits::price(own).map_err(|e| e.within("price.mark"))?;
            // P_a = own + slope·(P_m − mark_m), slope = beta·own/mark_m, kept
            // to 12 significant digits: the quotient's 28 digits would make
            // every sum that holds the coin's value a 28-digit one (slow to
            // add to, and no more exact — the quotient is already rounded).
            // The intercept is then exact, so the coin is priced at `own` at
            // the market's mark to the last digit.
            let (intercept, slope) = if own == market_mark && beta == Decimal::ONE {
                (Decimal::ZERO, Decimal::ONE)
            } else {
                let q = beta.times(own)?.over(market_mark)?;
                let slope = crate::num::significant(q, SLOPE_DIGITS);
                (own.minus(slope.times(market_mark)?)?, slope)
            };
            AssetPrice::Follows {
                market: m,
                intercept,
                slope,
            }
        }
    };
    Ok(AssetDraft {
        name: a.asset.trim().to_owned(),
        amount,
        interest,
        borrow_rate: a.borrow_rate.unwrap_or(Decimal::ZERO),
        price,
        valuation,
        size_discounted: a.size_discount.is_some(),
        exchange_ratio,
    })
}

/// Market `m`'s contract and settle asset (index into `assets`); not an
/// asset whose ratio depends on its units.
pub(crate) fn contract(
    spec: &MarketSpec,
    m: usize,
    assets: &[AssetDraft],
) -> Result<(ContractKind, usize), Error> {
    let settle_in = |a: usize| -> Result<usize, Error> {
        match assets.get(a) {
            Some(x) if x.size_discounted => Err(malformed(
                "settle",
                format!(
                    "{} has a size discount, which holds only while its units do not move with prices: settle in another asset",
                    x.name
                ),
            )),
            Some(_) => Ok(a),
            None => Err(Error::internal("asset index")),
        }
    };
    let (kind, settle) = contract_of(spec, m, assets)?;
    Ok((kind, settle_in(settle)?))
}

fn contract_of(
    spec: &MarketSpec,
    m: usize,
    assets: &[AssetDraft],
) -> Result<(ContractKind, usize), Error> {
    let named = |name: &str| {
        assets
            .iter()
            .position(|a| a.name == name)
            .ok_or_else(|| malformed("settle", format!("no asset {name} in the account")))
    };
    match spec.contract {
        Contract::LinearPerpetual => {
            if spec.contract_size.is_some() {
                return Err(malformed(
                    "contract_size",
                    "only an inverse contract has a contract size",
                ));
            }
            let settle = match &spec.settle {
                Some(name) => named(name)?,
                None => 0,
            };
            let asset = assets
                .get(settle)
                .ok_or_else(|| Error::internal("asset index"))?;
            match asset.price {
                AssetPrice::Fixed(settle_price) => {
                    Ok((ContractKind::Linear { settle_price }, settle))
                }
                AssetPrice::Follows { .. } => Err(malformed(
                    "settle",
                    format!(
                        "a linear contract settles in an asset at a fixed price; {} follows a market",
                        asset.name
                    ),
                )),
            }
        }
        Contract::InversePerpetual => {
            let size = spec.contract_size.unwrap_or(Decimal::ONE);
            crate::limits::price(size).map_err(|e| e.within("contract_size"))?;
            let follows_this = |a: &AssetDraft| {
                a.price
                    == AssetPrice::Follows {
                        market: m,
                        intercept: Decimal::ZERO,
                        slope: Decimal::ONE,
                    }
            };
            let settle = match &spec.settle {
                Some(name) => named(name)?,
                None => assets.iter().position(follows_this).ok_or_else(|| {
                    malformed(
                        "settle",
                        format!(
                            "an inverse contract settles in its coin: add an asset priced at {} (\"price\": {{\"market\": \"{}\"}})",
                            spec.symbol, spec.symbol
                        ),
                    )
                })?,
            };
            let asset = assets
                .get(settle)
                .ok_or_else(|| Error::internal("asset index"))?;
            if !follows_this(asset) {
                return Err(malformed(
                    "settle",
                    format!(
                        "an inverse contract settles in a coin priced at its own market: give {} the price {{\"market\": \"{}\"}}",
                        asset.name, spec.symbol
                    ),
                ));
            }
            Ok((
                ContractKind::Inverse {
                    contract_size: size,
                },
                settle,
            ))
        }
    }
}
