//! A validated account, built once from a [`Scenario`] and then evaluated many
//! times (every slider move). Markets and positions are referred to by index;
//! a book is only ever made by validation, so every index it holds is valid
//! (a lookup that fails anyway is an internal error, never a made-up zero).
//!
//! Validation bounds every input so that the products the engine forms
//! (`size × price`, sums over a book) stay far inside `Decimal`'s range; the
//! checked arithmetic in [`crate::num`] is the second line of defence.
use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::collateral::{units_value, Asset, Collateral};
use crate::error::{Error, ErrorKind};
use crate::limits;
use crate::market::Market;
use crate::num::Checked;
use crate::position::{MarginMode, Position};
use crate::scenario::{self, PriceMap, Residual, Scenario};
use crate::tiers::{range, TierTable};

/// One price per market, indexed like [`Book::markets`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prices(pub Vec<Decimal>);

impl Prices {
    /// The price of market `market`; a market the vector lacks is an internal error.
    #[inline]
    pub fn get(&self, market: usize) -> Result<Decimal, Error> {
        self.0
            .get(market)
            .copied()
            .ok_or_else(|| Error::internal("no price for a market"))
    }
}

/// A validated book.
#[derive(Debug, Clone, PartialEq)]
pub struct Book {
    pub(crate) quote: String,
    pub(crate) wallet: Decimal,
    pub(crate) markets: Vec<Market>,
    pub(crate) positions: Vec<Position>,
    pub(crate) residual: Residual,
    /// The holding time over which funding was paid (hours).
    pub(crate) hours: Decimal,
    /// What the cross account holds at the marks (market value): for a
    /// version-1 book, `wallet − Σ isolated margins`.
    pub(crate) cross_wallet: Decimal,
    /// The cross account's assets (isolated margins taken out).
    pub(crate) collateral: Collateral,
    /// Each asset's units including isolated margins.
    pub(crate) asset_totals: Vec<Decimal>,
    /// The same before funding over the holding time and the auto-exchange
    /// (each variant of the book pays and exchanges its own: `with_all`);
    /// for a book derived from another (`retotal`), before funding only.
    pub(crate) asset_gross: Vec<Decimal>,
    /// The positions of each market, in input order (an analyzer's
    /// snapshot is built market by market).
    pub(crate) by_market: Vec<Vec<usize>>,
    index: HashMap<String, usize>,
    /// Per asset: a loan's interest over the holding time, in units
    /// (already added to the debt).
    pub(crate) interest: Vec<Decimal>,
    /// Per asset: its borrow rate a year (zero: none), for a walk whose
    /// clock moves on.
    pub(crate) borrow_rates: Vec<Decimal>,
    /// Binance's auto-exchange threshold (USD), if the account has one.
    pub(crate) auto_exchange: Option<Decimal>,
    /// Per asset: the units the auto-exchange sold (negative) or repaid
    /// (positive) at the marks; empty when nothing was exchanged.
    pub(crate) exchanged: Vec<Decimal>,
}

/// A position under Mango's health rule made isolated (named `field`).
fn no_isolated_margin(field: impl Into<String>) -> Error {
    Error::new(
        field,
        ErrorKind::Malformed {
            message:
                "Mango's health rule (the market's settle_health) has no isolated margin: cross only"
                    .to_owned(),
        },
    )
}

/// Position `p`'s unsettled PnL, checked against its market's rule: only
/// under Mango's health rule, which also takes one cross position per
/// market (errors name `unsettled`, `mode`, `market`).
fn health_position(
    m: &Market,
    p: &crate::scenario::PositionSpec,
    seen: &mut [bool],
    market: usize,
) -> Result<Decimal, Error> {
    let malformed = |field: &str, message: &str| {
        Error::new(
            field,
            ErrorKind::Malformed {
                message: message.to_owned(),
            },
        )
    };
    if m.health.is_none() {
        return match p.unsettled {
            Some(_) => Err(malformed(
                "unsettled",
                "unsettled PnL counts only under Mango's health rule (the market's settle_health)",
            )),
            None => Ok(Decimal::ZERO),
        };
    }
    if p.mode == crate::scenario::ModeSpec::Isolated {
        return Err(no_isolated_margin("mode"));
    }
    let slot = seen
        .get_mut(market)
        .ok_or_else(|| Error::internal("market index"))?;
    if *slot {
        return Err(malformed(
            "market",
            "Mango's health rule keeps one position per market: add to it instead",
        ));
    }
    *slot = true;
    let u = p.unsettled.unwrap_or(Decimal::ZERO);
    range(u, -limits::MAX_MONEY, limits::MAX_MONEY).map_err(|e| e.within("unsettled"))?;
    Ok(u)
}

/// The `AccountBankruptcy` rule's fee to close of each position (with the
/// cross units `assets` of each settle asset), kept in its extras and its
/// bankruptcy fee: set again whenever the positions' modes or the cross
/// balance change (`Book::new`, `Book::with_all`).
pub(crate) fn set_account_close_fees(
    markets: &[Market],
    positions: &mut [Position],
    assets: &[crate::collateral::Asset],
) -> Result<(), Error> {
    for p in positions.iter_mut() {
        let m = markets
            .get(p.market)
            .ok_or_else(|| Error::internal("market index"))?;
        if !m
            .fees
            .is_some_and(|f| f.close_in_requirement == crate::market::CloseFee::AccountBankruptcy)
        {
            continue;
        }
        let balance = assets.get(m.settle).map_or(Decimal::ZERO, |a| a.units);
        let fee = crate::rules::account_close_fee(m, p, balance)?;
        p.extra_fixed = p.extra_fixed.minus(p.bankruptcy_fee)?.plus(fee)?;
        p.bankruptcy_fee = fee;
    }
    Ok(())
}

/// Hedge mode's margin on every market that has it, over the positions
/// `open` accepts (errors name `markets[i].hedged_at_entry`).
fn hedge_all(
    markets: &[Market],
    positions: &mut [Position],
    open: &dyn Fn(usize) -> bool,
) -> Result<(), Error> {
    for (i, m) in markets.iter().enumerate() {
        if m.hedged_at_entry {
            hedge_at_entry(m, i, positions, open)
                .map_err(|e| e.within(&format!("markets[{i}]")))?;
        }
    }
    Ok(())
}

/// Hedge mode's margin on market `m` (index `mi`; BTZO): the hedged part
/// of each position — the smaller side's total size over its own side's —
/// is margined at its entry price, the rest at the mark. With a flat rate
/// `r` that is the tier's `r` on the mark notional less `r·h` of it, plus
/// `r·h` on the entry notional: the venue extras `(−r·h, r·h·notional at
/// entry)` (errors name `hedged_at_entry`).
fn hedge_at_entry(
    m: &Market,
    mi: usize,
    positions: &mut [Position],
    open: &dyn Fn(usize) -> bool,
) -> Result<(), Error> {
    let [tier] = m.tiers.tiers() else {
        return Err(Error::new(
            "hedged_at_entry",
            ErrorKind::Malformed {
                message: "hedge mode's margin needs a flat rate (a one-tier table)".to_owned(),
            },
        ));
    };
    if m.mm_basis == crate::market::MmBasis::Entry {
        // Everything is margined at entry already.
        return Ok(());
    }
    let (mut long, mut short) = (Decimal::ZERO, Decimal::ZERO);
    let mine = |(i, p): &(usize, &Position)| p.market == mi && open(*i);
    for (_, p) in positions.iter().enumerate().filter(mine) {
        match p.side {
            crate::position::Side::Long => long = long.plus(p.size)?,
            crate::position::Side::Short => short = short.plus(p.size)?,
        }
    }
    let hedged = long.min(short);
    if hedged.is_zero() {
        return Ok(());
    }
    for (i, p) in positions.iter_mut().enumerate() {
        if p.market != mi || !open(i) {
            continue;
        }
        let total = match p.side {
            crate::position::Side::Long => long,
            crate::position::Side::Short => short,
        };
        let h = hedged.over(total)?;
        let at_entry = crate::rules::notional_at_entry(m, p)?;
        p.extra_rate = p.extra_rate.minus(tier.mmr.times(h)?)?;
        p.extra_fixed = p.extra_fixed.plus(tier.mmr.times(h)?.times(at_entry)?)?;
    }
    Ok(())
}

impl Book {
    /// Whether a position's venue extras depend on more than the position:
    /// the holding time (funding in maintenance), the other positions
    /// (hedge mode) or the cross balance (the account-bankruptcy fee).
    pub(crate) fn extras_move(&self) -> bool {
        self.markets.iter().any(|m| {
            m.hedged_at_entry
                || m.fees.is_some_and(|f| {
                    f.funding_in_requirement
                        || f.close_in_requirement == crate::market::CloseFee::AccountBankruptcy
                })
        })
    }

    /// Every position's venue extras again, as [`Book::new`] sets them,
    /// at holding time `hours`, hedge mode over the positions still
    /// `open`, the account-bankruptcy fee at the cross balance `assets`:
    /// after a walk's clock moved on or a liquidation closed positions.
    pub(crate) fn refresh_extras(
        &mut self,
        hours: Decimal,
        open: &dyn Fn(usize) -> bool,
        assets: &[crate::collateral::Asset],
    ) -> Result<(), Error> {
        for p in &mut self.positions {
            let m = self
                .markets
                .get(p.market)
                .ok_or_else(|| Error::internal("market index"))?;
            (p.extra_rate, p.extra_fixed) = crate::rules::requirement_extras(m, p, hours)?;
            p.bankruptcy_fee = Decimal::ZERO;
        }
        hedge_all(&self.markets, &mut self.positions, open)?;
        set_account_close_fees(&self.markets, &mut self.positions, assets)
    }

    /// Validates a scenario into a book; the error names the offending field.
    pub fn new(s: &Scenario) -> Result<Book, Error> {
        if !(scenario::OLDEST_VERSION..=scenario::VERSION).contains(&s.version) {
            return Err(Error::new(
                "version",
                ErrorKind::UnsupportedVersion {
                    found: u64::from(s.version),
                    supported: scenario::VERSION,
                },
            ));
        }
        if s.version < scenario::VERSION {
            if let Some(field) = s.version_2_field() {
                return Err(Error::new(
                    field,
                    ErrorKind::Malformed {
                        message: "needs scenario version 2".to_owned(),
                    },
                ));
            }
        }
        Error::check_count("markets", s.markets.len(), 1, limits::MAX_MARKETS)?;
        Error::check_count("positions", s.positions.len(), 0, limits::MAX_POSITIONS)?;
        if let Residual::Returned { fee_rate } = s.settings.residual {
            range(fee_rate, Decimal::ZERO, Decimal::ONE)
                .map_err(|e| e.within("settings.residual.fee_rate"))?;
        }

        let mut index = HashMap::with_capacity(s.markets.len());
        for (i, m) in s.markets.iter().enumerate() {
            let at = |f: &str| format!("markets[{i}].{f}");
            if m.symbol.trim().is_empty() || m.symbol.len() > 32 {
                return Err(Error::new(
                    at("symbol"),
                    ErrorKind::Malformed {
                        message: "a symbol has 1 to 32 characters".to_owned(),
                    },
                ));
            }
            if index.insert(m.symbol.clone(), i).is_some() {
                return Err(Error::new(
                    at("symbol"),
                    ErrorKind::DuplicateMarket {
                        symbol: m.symbol.clone(),
                    },
                ));
            }
            price(m.mark).map_err(|e| e.within(&at("mark")))?;
        }
        let marks: Vec<Decimal> = s.markets.iter().map(|m| m.mark).collect();
        let hours = crate::venue::hours(s.settings.hours).map_err(|e| e.within("settings"))?;
        let assets = crate::account::assets(s, &index, &marks, hours)?;

        let mut markets = Vec::with_capacity(s.markets.len());
        for (i, m) in s.markets.iter().enumerate() {
            let at = |f: &str| format!("markets[{i}].{f}");
            range(m.beta, -limits::MAX_BETA, limits::MAX_BETA)
                .map_err(|e| e.within(&at("beta")))?;
            let rules =
                crate::venue::market_rules(m).map_err(|e| e.within(&format!("markets[{i}]")))?;
            let tiers = match (&m.preset, &m.tiers, &rules.size_rates) {
                (Some(name), None, None) => {
                    let preset =
                        crate::presets::lookup(name).map_err(|e| e.within(&at("preset")))?;
                    TierTable::from_specs(&preset.tiers()?).map_err(|e| e.within(&at("preset")))?
                }
                (None, Some(specs), None) => {
                    TierTable::from_specs(specs).map_err(|e| e.within(&at("tiers")))?
                }
                (None, None, Some(r)) => {
                    crate::venue::base_table(r).map_err(|e| e.within(&at("size_rates")))?
                }
                _ => return Err(Error::new(at("tiers"), ErrorKind::TiersAndPreset)),
            };
            if let Some(id) = &m.venue {
                let profile = crate::venues::get(id).ok_or_else(|| {
                    Error::new(
                        at("venue"),
                        ErrorKind::Malformed {
                            message: format!("no shipped venue profile is called \"{id}\""),
                        },
                    )
                })?;
                profile
                    .check(m)
                    .map_err(|e| e.within(&format!("markets[{i}]")))?;
            }
            let (contract, settle) = crate::account::contract(m, i, &assets)
                .map_err(|e| e.within(&format!("markets[{i}]")))?;
            let health = crate::venue::settle_health(m, &tiers)
                .map_err(|e| e.within(&format!("markets[{i}]")))?;
            if let Some(tick) = m.tick {
                price(tick).map_err(|e| e.within(&at("tick")))?;
            }
            markets.push(Market {
                symbol: m.symbol.clone(),
                mark: m.mark,
                beta: m.beta,
                tiers,
                contract,
                settle,
                pooled: assets.get(settle).is_some_and(|a| !a.valuation.is_full()),
                mm_basis: m.mm_basis,
                tick: m.tick,
                fees: rules.fees,
                size_rates: rules.size_rates,
                funding: rules.funding,
                hedged_at_entry: m.hedged_at_entry,
                health,
                unit_linear: false,
            });
            if let Some(last) = markets.last_mut() {
                last.unit_linear =
                    last.compute_unit_linear() && !last.hedged_at_entry && last.health.is_none();
            }
        }

        let mut positions = Vec::with_capacity(s.positions.len());
        // The markets under Mango's health rule that have a position.
        let mut health_seen = vec![false; markets.len()];
        // Σ isolated margins per asset, in its units.
        let mut isolated = vec![Decimal::ZERO; assets.len()];
        // Σ funding paid per asset over the holding time.
        let mut funding = vec![Decimal::ZERO; assets.len()];
        let mut isolated_paid = vec![Decimal::ZERO; assets.len()];
        for (i, p) in s.positions.iter().enumerate() {
            let at = |f: &str| format!("positions[{i}].{f}");
            let market = *index.get(&p.market).ok_or_else(|| {
                Error::new(
                    at("market"),
                    ErrorKind::UnknownMarket {
                        symbol: p.market.clone(),
                    },
                )
            })?;
            let mut position =
                Position::from_spec(p, market).map_err(|e| e.within(&format!("positions[{i}]")))?;
            let (leverage, mode) = (position.leverage, position.mode);
            let mk = markets
                .get(market)
                .ok_or_else(|| Error::internal("market index"))?;
            position.unsettled = health_position(mk, p, &mut health_seen, market)
                .map_err(|e| e.within(&format!("positions[{i}]")))?;
            (position.extra_rate, position.extra_fixed) =
                crate::rules::requirement_extras(mk, &position, hours)?;
            // The venue's extras on top of the highest tier's rate must stay
            // below 100 % of the notional, or no price would ever be safe
            // and the solver's linear pieces would have no sign change.
            if !position.extra_rate.is_zero() {
                let top = mk.tiers.tiers().last().map_or(Decimal::ZERO, |t| t.mmr);
                if top.plus(position.extra_rate)? >= Decimal::ONE {
                    return Err(Error::new(
                        at("size"),
                        ErrorKind::Malformed {
                            message: format!(
                                "with its market's rates the maintenance rate would reach {} of the notional (100 % or more): a smaller size, or lower rates",
                                top.plus(position.extra_rate)?.normalize()
                            ),
                        },
                    ));
                }
            }
            // The tier of the entry notional (coins for an inverse contract).
            let entry_notional = crate::rules::tier_notional(mk, &position, p.entry)?;
            let (tier_index, tier) = mk.tiers.tier_for(entry_notional)?;
            if leverage > tier.max_leverage {
                return Err(Error::new(
                    at("leverage"),
                    ErrorKind::LeverageAboveTierMax {
                        leverage,
                        max: tier.max_leverage,
                        tier: tier_index,
                    },
                ));
            }
            let initial = crate::rules::opening_margin(mk, &position)?;
            position.margin = match (mode, p.margin) {
                (MarginMode::Cross, Some(_)) => {
                    return Err(Error::new(at("margin"), ErrorKind::MarginOnCrossPosition))
                }
                (MarginMode::Cross, None) => initial,
                (MarginMode::Isolated, None) => initial,
                (MarginMode::Isolated, Some(m)) => {
                    positive(m)
                        .and_then(|_| range(m, Decimal::ZERO, limits::MAX_MONEY))
                        .map_err(|e| e.within(&at("margin")))?;
                    m
                }
            };
            if mode == MarginMode::Isolated {
                let slot = isolated
                    .get_mut(mk.settle)
                    .ok_or_else(|| Error::internal("asset index"))?;
                *slot = slot.plus(position.margin)?;
            }
            // Funding over the holding time: out of an isolated margin (not
            // below zero: such a position is liquidated at any price), or
            // out of the cross wallet in its settle asset.
            let paid = crate::rules::funding_paid(mk, &position, hours)?;
            if !paid.is_zero() {
                let taken = match mode {
                    MarginMode::Isolated => {
                        let (left, taken) = crate::rules::pay_from_margin(position.margin, paid)?;
                        position.margin = left;
                        taken
                    }
                    MarginMode::Cross => paid,
                };
                position.funding_paid = taken;
                let slot = funding
                    .get_mut(mk.settle)
                    .ok_or_else(|| Error::internal("asset index"))?;
                *slot = slot.plus(taken)?;
                if mode == MarginMode::Isolated {
                    let paid_iso = isolated_paid
                        .get_mut(mk.settle)
                        .ok_or_else(|| Error::internal("asset index"))?;
                    *paid_iso = paid_iso.plus(taken)?;
                }
            }
            positions.push(position);
        }
        hedge_all(&markets, &mut positions, &|_| true)?;
        let mut cross_assets = Vec::with_capacity(assets.len());
        for (k, (a, used)) in assets.iter().zip(&isolated).enumerate() {
            if *used > a.amount.max(Decimal::ZERO) {
                return Err(Error::new(
                    "positions",
                    ErrorKind::IsolatedMarginsExceedWallet {
                        isolated: *used,
                        wallet: a.amount,
                    },
                ));
            }
            // What funding took from the cross wallet (the isolated part
            // came out of the margins, which `used` counts before it).
            let of = |v: &Vec<Decimal>| v.get(k).copied().unwrap_or_default();
            let cross_paid = of(&funding).minus(of(&isolated_paid))?;
            cross_assets.push(Asset {
                name: a.name.clone(),
                units: a.amount.minus(*used)?.minus(cross_paid)?,
                price: a.price,
                valuation: a.valuation.clone(),
                exchange_ratio: a.exchange_ratio,
            });
        }
        let price_of = |m: usize| {
            marks
                .get(m)
                .copied()
                .ok_or_else(|| Error::internal("market index"))
        };
        let auto_exchange = match s.settings.auto_exchange {
            Some(t) => Some(
                range(t, Decimal::ZERO, limits::MAX_MONEY)
                    .map(|()| t)
                    .map_err(|e| e.within("settings.auto_exchange"))?,
            ),
            None => None,
        };
        let mut collateral = Collateral::new(cross_assets);
        let exchanged = collateral.auto_exchange(auto_exchange, &price_of)?;
        // The account after funding (each asset less what was paid from
        // it) and the auto-exchange.
        let asset_totals: Vec<Decimal> = assets
            .iter()
            .zip(&funding)
            .enumerate()
            .map(|(k, (a, paid))| {
                a.amount
                    .minus(*paid)?
                    .plus(exchanged.get(k).copied().unwrap_or_default())
            })
            .collect::<Result<_, _>>()?;
        set_account_close_fees(&markets, &mut positions, &collateral.assets)?;
        let cross_wallet = collateral.held(&price_of)?;
        let mut wallet = Decimal::ZERO;
        for (a, total) in collateral.assets.iter().zip(&asset_totals) {
            wallet = wallet.plus(units_value(*total, a.price.at(&price_of)?)?)?;
        }
        let mut book = Book {
            by_market: Vec::new(),
            quote: s.quote.clone(),
            wallet,
            cross_wallet,
            collateral,
            asset_totals,
            markets,
            positions,
            residual: s.settings.residual,
            hours,
            asset_gross: assets.iter().map(|a| a.amount).collect(),
            interest: assets.iter().map(|a| a.interest).collect(),
            borrow_rates: assets.iter().map(|a| a.borrow_rate).collect(),
            auto_exchange,
            exchanged,
            index,
        };
        book.reindex()?;
        Ok(book)
    }

    /// Parses and validates JSON text in one step.
    pub fn from_json(text: &str) -> Result<Book, Error> {
        Book::new(&Scenario::from_json(text)?)
    }

    /// Quote (collateral) currency.
    pub fn quote(&self) -> &str {
        &self.quote
    }

    /// Wallet balance: cross wallet plus isolated margins (every asset at
    /// its price at the marks).
    pub fn wallet(&self) -> Decimal {
        self.wallet
    }

    /// The cross account's assets.
    pub fn collateral(&self) -> &Collateral {
        &self.collateral
    }

    /// Rebuilds the positions-by-market index after the positions changed.
    pub(crate) fn reindex(&mut self) -> Result<(), Error> {
        let mut by_market: Vec<Vec<usize>> = vec![Vec::new(); self.markets.len()];
        for (i, p) in self.positions.iter().enumerate() {
            by_market
                .get_mut(p.market)
                .ok_or_else(|| Error::internal("market index"))?
                .push(i);
        }
        self.by_market = by_market;
        Ok(())
    }

    /// Recomputes each asset's total (cross units plus the isolated margins
    /// held in it) after the positions or the collateral changed.
    pub(crate) fn retotal(&mut self) -> Result<(), Error> {
        let mut totals: Vec<Decimal> = self.collateral.assets.iter().map(|a| a.units).collect();
        // Before funding: what the positions still open paid comes back.
        let mut gross = totals.clone();
        for p in &self.positions {
            let settle = self.market(p.market)?.settle;
            if p.mode == MarginMode::Isolated {
                for v in [&mut totals, &mut gross] {
                    let slot = v
                        .get_mut(settle)
                        .ok_or_else(|| Error::internal("asset index"))?;
                    *slot = slot.plus(p.margin)?;
                }
            }
            let slot = gross
                .get_mut(settle)
                .ok_or_else(|| Error::internal("asset index"))?;
            *slot = slot.plus(p.funding_paid)?;
        }
        self.asset_totals = totals;
        self.asset_gross = gross;
        // The units as they stand now hold any exchange made on the way:
        // a variant of this book exchanges only a debt of its own.
        self.exchanged = Vec::new();
        Ok(())
    }

    /// `wallet − Σ isolated margins`.
    pub fn cross_wallet(&self) -> Decimal {
        self.cross_wallet
    }

    /// The markets, in scenario order.
    pub fn markets(&self) -> &[Market] {
        &self.markets
    }

    /// The positions, in scenario order.
    pub fn positions(&self) -> &[Position] {
        &self.positions
    }

    /// What a liquidation leaves to the trader.
    pub fn residual(&self) -> Residual {
        self.residual
    }

    /// Market `m`; an index the book does not have is an internal error.
    #[inline]
    pub fn market(&self, m: usize) -> Result<&Market, Error> {
        self.markets
            .get(m)
            .ok_or_else(|| Error::internal("market index out of range"))
    }

    /// Position `i`; an index the book does not have is an internal error.
    #[inline]
    pub fn position(&self, i: usize) -> Result<&Position, Error> {
        self.positions
            .get(i)
            .ok_or_else(|| Error::internal("position index out of range"))
    }

    /// The tier table of position `p`'s market.
    #[inline]
    pub(crate) fn tiers_of(&self, p: &Position) -> Result<&TierTable, Error> {
        Ok(&self.market(p.market)?.tiers)
    }

    /// Every market at its mark.
    pub fn marks(&self) -> Prices {
        Prices(self.markets.iter().map(|m| m.mark).collect())
    }

    /// Index of a market by symbol.
    pub fn market_index(&self, symbol: &str) -> Option<usize> {
        self.index.get(symbol).copied()
    }

    /// Looks a market up by symbol, with an error naming `field`.
    pub fn market_named(&self, symbol: &str, field: &str) -> Result<usize, Error> {
        self.market_index(symbol).ok_or_else(|| {
            Error::new(
                field,
                ErrorKind::UnknownMarket {
                    symbol: symbol.to_owned(),
                },
            )
        })
    }

    /// The marks, overridden by `overrides` (validated; field names `prices.SYMBOL`).
    pub fn prices_from(&self, overrides: &PriceMap) -> Result<Prices, Error> {
        self.override_prices(self.marks(), overrides, "prices")
    }

    /// `base` with `overrides` applied, each validated; errors name the field
    /// `{field}.SYMBOL`.
    pub fn override_prices(
        &self,
        mut base: Prices,
        overrides: &PriceMap,
        field: &str,
    ) -> Result<Prices, Error> {
        for (symbol, p) in overrides {
            let at = format!("{field}.{symbol}");
            let i = self.market_named(symbol, &at)?;
            price(p.0).map_err(|e| e.within(&at))?;
            *base
                .0
                .get_mut(i)
                .ok_or_else(|| Error::internal("price vector shorter than the markets"))? = p.0;
        }
        Ok(base)
    }

    /// The prices after a whole-market move of `x` (a fraction: `-0.1` is
    /// −10 %) from `base`: every market at `price × (1 + beta·x)`. A price
    /// the move pushes out of range is an error naming `field.SYMBOL`.
    pub fn moved_prices(&self, base: &Prices, x: Decimal, field: &str) -> Result<Prices, Error> {
        let mut out = Vec::with_capacity(self.markets.len());
        for (m, market) in self.markets.iter().enumerate() {
            let moved = crate::rules::moved_price(base.get(m)?, market.beta, x);
            let at = || format!("{field}.{}", market.symbol);
            let v = moved.map_err(|e| e.within(&at()))?;
            price(v).map_err(|e| e.within(&at()))?;
            out.push(v);
        }
        Ok(Prices(out))
    }

    /// Σ isolated margins.
    pub fn isolated_total(&self) -> Result<Decimal, Error> {
        self.wallet.minus(self.cross_wallet)
    }

    /// The same book with every position in `mode`. Going isolated, each
    /// position's margin is its initial margin at entry; the error says when
    /// the wallet cannot fund them all.
    pub fn with_all(&self, mode: MarginMode) -> Result<Book, Error> {
        let mut book = self.clone();
        let n = self.asset_gross.len();
        // Per asset: the isolated margins (before and after funding) and
        // the funding this variant pays — each variant its own, from the
        // totals before funding, so none is counted twice or lost.
        let (mut opening, mut isolated, mut paid) = (
            vec![Decimal::ZERO; n],
            vec![Decimal::ZERO; n],
            vec![Decimal::ZERO; n],
        );
        let slot = |v: &mut Vec<Decimal>, a: usize, x: Decimal| -> Result<(), Error> {
            let s = v.get_mut(a).ok_or_else(|| Error::internal("asset index"))?;
            *s = s.plus(x)?;
            Ok(())
        };
        for (i, p) in book.positions.iter_mut().enumerate() {
            let m = self.market(p.market)?;
            if mode == MarginMode::Isolated && m.health.is_some() {
                return Err(no_isolated_margin(format!("positions[{i}].mode")));
            }
            let due = crate::rules::funding_paid(m, p, self.hours)?;
            p.mode = mode;
            if mode == MarginMode::Isolated {
                let margin = crate::rules::opening_margin(m, p)?;
                slot(&mut opening, m.settle, margin)?;
                (p.margin, p.funding_paid) = crate::rules::pay_from_margin(margin, due)?;
                slot(&mut isolated, m.settle, p.margin)?;
            } else {
                p.funding_paid = due;
            }
            slot(&mut paid, m.settle, p.funding_paid)?;
        }
        let mut totals = Vec::with_capacity(n);
        for (a, asset) in book.collateral.assets.iter_mut().enumerate() {
            let at = |v: &Vec<Decimal>| v.get(a).copied().unwrap_or_default();
            let gross = at(&self.asset_gross);
            if at(&opening) > gross.max(Decimal::ZERO) {
                return Err(Error::new(
                    "positions",
                    ErrorKind::IsolatedVariantUnfunded {
                        needed: at(&opening),
                        wallet: gross,
                    },
                ));
            }
            let total = gross.minus(at(&paid))?;
            asset.units = total.minus(at(&isolated))?;
            totals.push(total);
        }
        // The same collateral with new units: its cash (residuals a path
        // returned) stays. This variant's debts are auto-exchanged as the
        // book's were.
        book.collateral.refresh();
        let marks = self.marks();
        let price_of = |m: usize| marks.get(m);
        book.exchanged = book
            .collateral
            .auto_exchange(self.auto_exchange, &price_of)?;
        for (total, by) in totals.iter_mut().zip(&book.exchanged) {
            *total = total.plus(*by)?;
        }
        set_account_close_fees(&book.markets, &mut book.positions, &book.collateral.assets)?;
        book.cross_wallet = book.collateral.held(&price_of)?;
        // The wallet moves by what this variant's funding differs from the
        // book's (nothing without funding).
        let mut wallet = self.wallet;
        for ((a, total), was) in book
            .collateral
            .assets
            .iter()
            .zip(&totals)
            .zip(&self.asset_totals)
        {
            wallet = wallet.plus(units_value(total.minus(*was)?, a.price.at(&price_of)?)?)?;
        }
        book.wallet = wallet;
        book.asset_totals = totals;
        Ok(book)
    }

    /// Does any position use cross margin?
    pub fn has_cross(&self) -> bool {
        self.positions.iter().any(|p| p.mode == MarginMode::Cross)
    }

    /// Does the book mix cross and isolated positions (so that "as
    /// configured" differs from both all cross and all isolated)?
    pub fn is_mixed(&self) -> bool {
        self.has_cross()
            && self
                .positions
                .iter()
                .any(|p| p.mode == MarginMode::Isolated)
    }
}

fn positive(v: Decimal) -> Result<(), Error> {
    crate::limits::positive(v)
}

pub use crate::limits::price;
