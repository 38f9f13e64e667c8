//! Shipped venue profiles: the margin rules a venue applies beyond its tier
//! table — where maintenance is measured, whether and where the fee to close
//! counts, size-linear rates — each dated and sourced (docs/model.md §12).
//!
//! A market names its profile (`"venue": "bybit-linear-uta-2025-09"`) and
//! carries the rules themselves (`mm_basis`, `fees`, `size_rates`), so a
//! file says what it computes; the engine checks that they are the
//! profile's. The taker rate is the trader's own fee tier: a profile gives
//! the rate of the venue's worked example as a start, and any rate keeps the
//! profile. Sources: `shared/reference/margin-formulas.md` (MF),
//! `cases.json`, `cases-next.json`.
use rust_decimal::Decimal;

use crate::error::{Error, ErrorKind};
use crate::scenario::{CloseFee, Contract, FeesSpec, MarketSpec, MmBasis, RateSpec, SizeRatesSpec};

/// A venue's rules for one product.
#[derive(Debug)]
pub struct VenueProfile {
    pub id: &'static str,
    pub venue: &'static str,
    pub product: &'static str,
    /// The contract kind it describes (`None`: linear and inverse alike).
    pub contract: Option<Contract>,
    /// When the source described these rules ("undated": the page carries
    /// no date).
    pub as_of: &'static str,
    pub source: &'static str,
    pub mm_basis: MmBasis,
    /// Where the fee to close counts, and whether an isolated margin
    /// reserves it (`None`: fees are not part of the margin rules).
    pub close: Option<(CloseFee, bool)>,
    /// The taker rate of the venue's worked example, offered as a start
    /// (`None`: the references give none; enter your own).
    pub example_taker: Option<&'static str>,
    /// Size-linear rates: maintenance and initial `(base, per_unit)`.
    pub size_rates: Option<[(&'static str, &'static str); 2]>,
    /// What the venue does that the engine does not model.
    pub not_modelled: &'static [&'static str],
}

const fn profile(
    id: &'static str,
    venue: &'static str,
    product: &'static str,
    contract: Option<Contract>,
    as_of: &'static str,
    source: &'static str,
    mm_basis: MmBasis,
) -> VenueProfile {
    VenueProfile {
        id,
        venue,
        product,
        contract,
        as_of,
        source,
        mm_basis,
        close: None,
        example_taker: None,
        size_rates: None,
        not_modelled: &[],
    }
}

const L: Option<Contract> = Some(Contract::LinearPerpetual);
const I: Option<Contract> = Some(Contract::InversePerpetual);
const BOTH: Option<Contract> = None;

pub static PROFILES: &[VenueProfile] = &[
    VenueProfile {
        not_modelled: &["the liquidation clearance fee charged after a liquidation (the residual rule is the nearest)", "partial liquidation", "the Multi-Assets auto-exchange during a liquidation (the one on wallet balances is a setting: settings.auto_exchange)"],
        ..profile("binance-usdm", "Binance", "USDⓈ-M perpetuals", L, "undated",
            "https://www.binance.com/en/support/faq/how-to-calculate-liquidation-price-of-usd%E2%93%A2-m-futures-contracts-b3c689c1f50a44cabb3a84e663b81d93 (MF §1.1–1.2)", MmBasis::Mark)
    },
    VenueProfile {
        not_modelled: &["the liquidation clearance fee", "partial liquidation"],
        ..profile("binance-coinm", "Binance", "COIN-M perpetuals (BTCUSD: contracts of 100 USD)", I, "undated",
            "https://www.binance.com/en/support/faq/ceccfcfb4e3a45e3b48b0b1bb1a8ae46 (MF §1.6)", MmBasis::Mark)
    },
    VenueProfile {
        close: Some((CloseFee::Bankruptcy, true)),
        example_taker: Some("0.00055"),
        not_modelled: &["maintenance on the mark is inferred (the page gives the fee rule, not the basis)", "haircut loss, order loss and borrowings in the account's maintenance", "a fully hedged cross position is not liquidated", "partial liquidation down the risk-limit tiers"],
        ..profile("bybit-linear-uta-2025-09", "Bybit", "USDT/USDC perpetuals, Unified Trading Account", L, "2025-09-02",
            "https://www.bybit.com/en/help-center/article/Initial-Margin-Calculation-USDC-Contract (MF §2.1; cases-next bybit-usdc-fee-to-close-long, bybit-usdt-order-cost-example)", MmBasis::Mark)
    },
    VenueProfile {
        not_modelled: &["the example states 'fees not included'; the current account counts the fee to close (profile bybit-linear-uta-2025-09)", "a fully hedged cross position is not liquidated", "partial liquidation down the risk-limit tiers"],
        ..profile("bybit-linear-help-example", "Bybit", "USDT perpetuals, help-centre example (no fees)", L, "undated",
            "https://testnet.bybit.com/en-US/help-center/s/article/Liquidation-Price-USDT-Contract (MF §2.1; cases.json bybit-usdt-isolated-long-example1)", MmBasis::Entry)
    },
    VenueProfile {
        not_modelled: &["the page warns that the fee to close makes small differences", "partial liquidation"],
        ..profile("bybit-inverse-uta-2024-09", "Bybit", "inverse perpetuals, Unified Trading Account, isolated", I, "2024-09",
            "https://www.bybit.com/en/help-center/article/Liquidation-Price-Calculation-under-Isolated-Mode-Unified-Trading-Account (MF §2.3)", MmBasis::Entry)
    },
    VenueProfile {
        close: Some((CloseFee::Bankruptcy, true)),
        example_taker: Some("0.00055"),
        not_modelled: &["extra margin enters as Extra/(1 ± taker)", "the reserved fee is inferred from the fee-free liquidation formula", "partial liquidation"],
        ..profile("bybit-inverse-uta-2026-05", "Bybit", "inverse perpetuals, Unified Trading Account, isolated", I, "2026-05",
            "https://www.bybit.com/en/help-center/article/Liquidation-Price-Calculation-under-Isolated-Mode-Unified-Trading-Account (MF §2.3; cases-next bybit-inverse-order-cost-ethusd)", MmBasis::Mark)
    },
    VenueProfile {
        close: Some((CloseFee::Mark, false)),
        not_modelled: &["no fee rate in the references: enter your tier's (the fee at the mark counts only with a rate)", "cross tiers on the combined long and short of a contract", "orders and options in the cross requirement", "partial liquidation"],
        ..profile("okx-swap", "OKX", "USDT-margined and coin-margined perpetual swaps", BOTH, "undated",
            "https://www.okx.com/help/v-tiered-maintenance-margin-ratio-rules (MF §4.1–4.2: maintenance plus the liquidation fee at the mark)", MmBasis::Mark)
    },
    VenueProfile {
        not_modelled: &["cross PnL realised every 10 minutes moves the prices", "risk-limit steps raise maintenance by the base rate", "exit fee and funding folded into the margins (a support relay; fold them into the rate)"],
        ..profile("bitmex", "BitMEX", "linear and inverse (XBTUSD) perpetuals", BOTH, "undated",
            "https://www.bitmex.com/app/isolatedMarginExamples (MF §3.1–3.4; cases.json bitmex-linear-cross-karen-example)", MmBasis::Entry)
    },
    VenueProfile {
        not_modelled: &["maintenance = 1/(2 × max leverage) comes from the tier table", "the backstop below 2/3 of maintenance; maintenance not returned", "partial liquidation above 100,000 USDC", "liquidation at strictly below maintenance"],
        ..profile("hyperliquid", "Hyperliquid", "USDC perpetuals", L, "undated",
            "https://hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations (MF §5)", MmBasis::Mark)
    },
    VenueProfile {
        not_modelled: &["the open-interest-scaled initial margin", "the liquidation penalty up to 1.5 %", "liquidation at strictly below maintenance"],
        ..profile("dydx-v4", "dYdX", "v4 perpetuals", L, "undated",
            "https://docs.dydx.xyz/concepts/trading/liquidations (MF §6)", MmBasis::Mark)
    },
    VenueProfile {
        size_rates: Some([("0.01", "0.00005"), ("0.02", "0.00005")]),
        not_modelled: &["portfolio margin (scenario simulation)", "incremental partial liquidation"],
        ..profile("deribit-btc-usdc", "Deribit", "BTC_USDC linear perpetual, standard margin", L, "undated",
            "https://support.deribit.com/hc/en-us/articles/25944738177565-Linear-Perpetual (MF §7.2; cases.json deribit-linear-btc-usdc-25btc)", MmBasis::Mark)
    },
    VenueProfile {
        size_rates: Some([("0.02", "0.000005"), ("0.04", "0.000005")]),
        not_modelled: &["portfolio margin (scenario simulation)", "incremental partial liquidation"],
        ..profile("deribit-sol-usdc", "Deribit", "SOL_USDC linear perpetual, standard margin", L, "undated",
            "https://support.deribit.com/hc/en-us/articles/25944738177565-Linear-Perpetual (MF §7.2; cases.json deribit-linear-sol-usdc-25sol)", MmBasis::Mark)
    },
    VenueProfile {
        close: Some((CloseFee::Mark, true)),
        example_taker: Some("0.0006"),
        not_modelled: &["order margin in the cross margin level", "published prices rounded to 4 places, not toward the price (leave the tick empty)"],
        ..profile("phemex-usdtm", "Phemex", "USDT-M perpetuals", L, "undated",
            "https://phemex.com/help-center/liq-price-for-USDTM (MF §9; cases.json phemex-usdt-isolated-long-example)", MmBasis::Mark)
    },
    VenueProfile {
        not_modelled: &["cross mode is not in the references", "no fee rate in the references"],
        ..profile("kucoin-usdtm", "KuCoin", "USDT-M perpetuals, isolated", L, "undated",
            "https://kucoin.zendesk.com/hc/en-us/articles/26694703491737-How-to-Calculate-Futures-Liquidation-Price (cases.json kucoin-usdt-isolated-short-example)", MmBasis::Entry)
    },
];

/// The profile named `id`.
pub fn get(id: &str) -> Option<&'static VenueProfile> {
    PROFILES.iter().find(|p| p.id == id)
}

fn dec(s: &str) -> Decimal {
    // The table's literals are valid decimals (tested); a bad one would
    // read as zero and fail the profile's own test.
    s.parse().unwrap_or_default()
}

fn rate((base, per_unit): (&str, &str)) -> RateSpec {
    RateSpec {
        base: dec(base),
        per_unit: dec(per_unit),
    }
}

impl VenueProfile {
    /// The profile's size-linear rates as a scenario writes them.
    pub fn size_rates_spec(&self) -> Option<SizeRatesSpec> {
        self.size_rates.map(|[mm, im]| SizeRatesSpec {
            maintenance: rate(mm),
            initial: Some(rate(im)),
        })
    }

    /// Writes the profile's rules into market `m` (keeping a taker rate it
    /// already has; otherwise the example's): its maintenance basis, fee
    /// rule and size-linear rates, and names the profile.
    pub fn apply(&self, m: &mut MarketSpec) {
        m.venue = Some(self.id.to_owned());
        m.mm_basis = self.mm_basis;
        let taker = m
            .fees
            .as_ref()
            .map(|f| f.taker)
            .or_else(|| self.example_taker.map(dec));
        // No profile says how funding counts: the market's choice stays.
        let funding_in_requirement = m.fees.as_ref().is_some_and(|f| f.funding_in_requirement);
        m.fees = match (self.close, taker) {
            (Some((close, in_margin)), Some(taker)) => Some(FeesSpec {
                taker,
                close_in_requirement: close,
                close_in_margin: in_margin,
                funding_in_requirement,
            }),
            (None, Some(taker)) => Some(FeesSpec {
                taker,
                close_in_requirement: CloseFee::None,
                close_in_margin: false,
                funding_in_requirement,
            }),
            (_, None) => None,
        };
        if let Some(r) = self.size_rates_spec() {
            m.size_rates = Some(r);
            m.preset = None;
            m.tiers = None;
        } else if m.size_rates.is_some() {
            m.size_rates = None;
        }
    }

    /// Whether market `m` follows this profile's rules (any taker rate);
    /// the error names the first field that differs.
    pub fn check(&self, m: &MarketSpec) -> Result<(), Error> {
        let differs = |field: &str, rule: String| {
            Err(Error::new(
                field,
                ErrorKind::Malformed {
                    message: format!(
                        "the profile {} {rule}; remove \"venue\" to use other rules",
                        self.id
                    ),
                },
            ))
        };
        if self.contract.is_some_and(|c| c != m.contract) {
            let kind = match m.contract {
                Contract::LinearPerpetual => "a linear",
                Contract::InversePerpetual => "an inverse",
            };
            return differs("contract", format!("does not describe {kind} contract"));
        }
        if m.mm_basis != self.mm_basis {
            let on = match self.mm_basis {
                MmBasis::Mark => "mark price",
                MmBasis::Entry => "entry value",
            };
            return differs("mm_basis", format!("measures maintenance on the {on}"));
        }
        let (close, in_margin) = match &m.fees {
            Some(f) => (f.close_in_requirement, f.close_in_margin),
            None => (CloseFee::None, false),
        };
        let (want_close, want_margin) = self.close.unwrap_or((CloseFee::None, false));
        // A fee rule needs a rate to count: a market without fees (no rate
        // entered) follows any profile.
        if m.fees.is_some() && (close != want_close || in_margin != want_margin) {
            let where_ = match want_close {
                CloseFee::None => "does not count the fee to close in maintenance",
                CloseFee::Mark => "counts the fee to close at the mark in maintenance",
                CloseFee::Bankruptcy => {
                    "counts the fee to close at the bankruptcy price in maintenance"
                }
                CloseFee::AccountBankruptcy => {
                    "counts the fee to close at the cross balance's bankruptcy price in maintenance"
                }
            };
            let margin = if want_margin {
                " and reserves it in an isolated margin"
            } else {
                ""
            };
            return differs("fees", format!("{where_}{margin}"));
        }
        if m.size_rates != self.size_rates_spec() {
            let has = if self.size_rates.is_some() {
                "has its own size-linear rates"
            } else {
                "has no size-linear rates"
            };
            return differs("size_rates", has.to_owned());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_profile_is_well_formed_and_applies_to_its_own_check() {
        let mut ids = std::collections::HashSet::new();
        for p in PROFILES {
            assert!(ids.insert(p.id), "duplicate {}", p.id);
            assert!(p.source.starts_with("https://"), "{}", p.id);
            for s in p.example_taker.iter() {
                assert!(s.parse::<Decimal>().is_ok(), "{}", p.id);
            }
            for (a, b) in p.size_rates.iter().flatten() {
                assert!(
                    a.parse::<Decimal>().is_ok() && b.parse::<Decimal>().is_ok(),
                    "{}",
                    p.id
                );
            }
            let mut m = MarketSpec {
                preset: Some("binance-usdm-btcusdt-2024-10".into()),
                contract: p.contract.unwrap_or_default(),
                ..MarketSpec::default()
            };
            p.apply(&mut m);
            assert_eq!(p.check(&m), Ok(()), "{}", p.id);
            // Not on the other kind of contract it does not describe.
            if let Some(c) = p.contract {
                m.contract = match c {
                    Contract::LinearPerpetual => Contract::InversePerpetual,
                    Contract::InversePerpetual => Contract::LinearPerpetual,
                };
                assert_eq!(p.check(&m).map_err(|e| e.field), Err("contract".to_owned()));
            }
            assert_eq!(m.venue.as_deref(), Some(p.id));
        }
    }
}
