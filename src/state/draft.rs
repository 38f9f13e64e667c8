//! The scenario being edited, field by field as the text in each box, so a
//! half-typed value stays where it is. Turning it into a [`Scenario`] names the
//! field that does not parse, exactly as the engine names fields.
use margin_engine::scenario::{
    CloseFee, FeesSpec, FundingSpec, LeverageSpec, MarketSpec, ModeSpec, PositionSpec, RateSpec,
    Settings, SideSpec, SizeRatesSpec,
};
use margin_engine::{Decimal, Error, Scenario};

use crate::format::plain;
use crate::state::field::parse;
use crate::state::tier_draft::TierDraft;

#[derive(Debug, Clone, PartialEq)]
pub struct MarketDraft {
    pub symbol: String,
    pub mark: String,
    /// The shipped tier table in use, or `None` for the custom `tiers`.
    pub preset: Option<String>,
    pub tiers: Vec<TierDraft>,
    /// Inverse: USD per contract (empty: 1).
    pub contract_size: String,
    /// Price tick (empty: none).
    pub tick: String,
    /// Taker fee rate (empty: no fees); where the fee to close counts and
    /// whether an isolated margin reserves it are in `spec.fees`'s place:
    /// `close_fee`, `close_in_margin`.
    pub taker: String,
    pub close_fee: CloseFee,
    pub close_in_margin: bool,
    /// Size-linear rates instead of a tier table: maintenance base and per
    /// unit, initial base and per unit (both initial boxes empty: none).
    pub size_rates: Option<[String; 4]>,
    /// Funding rate per interval (empty: none) and the interval in hours
    /// (empty: 8).
    pub funding_rate: String,
    pub funding_every: String,
    /// The rates of the first intervals, comma-separated (empty: none).
    pub funding_schedule: String,
    /// Mango's health rule: the weight of a positive health (`None`: the
    /// rule is off).
    pub health_weight: Option<String>,
    /// Everything else about the market (beta, contract kind, settle
    /// asset, where maintenance is measured), kept as loaded or as chosen.
    pub spec: MarketSpec,
}

impl MarketDraft {
    pub fn from_spec(m: &MarketSpec) -> Self {
        let tiers = m
            .tiers
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(TierDraft::from_spec)
            .collect();
        MarketDraft {
            symbol: m.symbol.clone(),
            mark: plain(m.mark),
            preset: if m.tiers.is_some() {
                None
            } else {
                m.preset.clone()
            },
            tiers,
            contract_size: m.contract_size.map(plain).unwrap_or_default(),
            tick: m.tick.map(plain).unwrap_or_default(),
            taker: m.fees.as_ref().map(|f| plain(f.taker)).unwrap_or_default(),
            close_fee: m
                .fees
                .as_ref()
                .map(|f| f.close_in_requirement)
                .unwrap_or_default(),
            close_in_margin: m.fees.as_ref().is_some_and(|f| f.close_in_margin),
            size_rates: m.size_rates.as_ref().map(|r| {
                let (ib, ip) = r
                    .initial
                    .as_ref()
                    .map(|i| (plain(i.base), plain(i.per_unit)))
                    .unwrap_or_default();
                [
                    plain(r.maintenance.base),
                    plain(r.maintenance.per_unit),
                    ib,
                    ip,
                ]
            }),
            funding_rate: m
                .funding
                .as_ref()
                .map(|f| plain(f.rate))
                .unwrap_or_default(),
            funding_every: m
                .funding
                .as_ref()
                .filter(|f| f.every_hours != Decimal::from(8))
                .map(|f| plain(f.every_hours))
                .unwrap_or_default(),
            funding_schedule: m
                .funding
                .as_ref()
                .map(|f| {
                    f.schedule
                        .iter()
                        .map(|r| plain(r.0))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default(),
            health_weight: m.settle_health.map(|h| plain(h.positive_weight)),
            spec: m.clone(),
        }
    }

    /// This draft with its tier source replaced (a shipped table, or the
    /// rows of a custom one).
    pub fn with_tiers(mut self, preset: Option<String>, tiers: Vec<TierDraft>) -> Self {
        self.preset = preset;
        self.tiers = tiers;
        self
    }

    /// The fee rule the boxes describe (`None`: no taker rate typed); a bad
    /// rate names `field`.
    pub fn fees_spec(&self, field: &str) -> Result<Option<FeesSpec>, Error> {
        Ok(
            crate::state::field::parse_optional(field, &self.taker)?.map(|taker| FeesSpec {
                taker,
                close_in_requirement: self.close_fee,
                close_in_margin: self.close_in_margin,
                // Kept as loaded (no box for it yet).
                funding_in_requirement: self
                    .spec
                    .fees
                    .as_ref()
                    .is_some_and(|f| f.funding_in_requirement),
            }),
        )
    }

    /// The contract size typed, or 1 when the box is empty or not a number
    /// (the engine's default; a bad box is reported by validation).
    pub fn contract_size_or_one(&self) -> Decimal {
        crate::state::field::parse_optional("contract_size", &self.contract_size)
            .ok()
            .flatten()
            .unwrap_or(Decimal::ONE)
    }

    /// An inverse market (size in contracts, margin in its coin).
    pub fn is_inverse(&self) -> bool {
        self.spec.contract == margin_engine::scenario::Contract::InversePerpetual
    }

    fn to_spec(&self, i: usize) -> Result<MarketSpec, Error> {
        let mut spec = self.spec.clone();
        spec.symbol = self.symbol.clone();
        spec.mark = parse(&format!("markets[{i}].mark"), &self.mark)?;
        spec.contract_size = if self.is_inverse() {
            crate::state::field::parse_optional(
                &format!("markets[{i}].contract_size"),
                &self.contract_size,
            )?
        } else {
            None
        };
        spec.tick = crate::state::field::parse_optional(&format!("markets[{i}].tick"), &self.tick)?;
        spec.settle_health = match &self.health_weight {
            Some(w) => Some(margin_engine::scenario::SettleHealthSpec {
                positive_weight: parse(&format!("markets[{i}].settle_health.positive_weight"), w)?,
            }),
            None => None,
        };
        spec.fees = self.fees_spec(&format!("markets[{i}].fees.taker"))?;
        spec.funding = crate::state::field::parse_optional(
            &format!("markets[{i}].funding.rate"),
            &self.funding_rate,
        )?
        .map(|rate| -> Result<FundingSpec, Error> {
            Ok(FundingSpec {
                rate,
                every_hours: crate::state::field::parse_optional(
                    &format!("markets[{i}].funding.every_hours"),
                    &self.funding_every,
                )?
                .unwrap_or(Decimal::from(8)),
                schedule: self
                    .funding_schedule
                    .split([',', ' ', ';'])
                    .filter(|r| !r.trim().is_empty())
                    .enumerate()
                    .map(|(k, r)| {
                        parse(&format!("markets[{i}].funding.schedule[{k}]"), r.trim())
                            .map(margin_engine::dec::Dec)
                    })
                    .collect::<Result<Vec<_>, Error>>()?,
            })
        })
        .transpose()?;
        if spec.funding.is_none() && !self.funding_schedule.trim().is_empty() {
            return Err(Error::new(
                format!("markets[{i}].funding.rate"),
                margin_engine::ErrorKind::Malformed {
                    message: "give the funding rate that follows the schedule".to_owned(),
                },
            ));
        }
        if let Some(r) = &self.size_rates {
            let at = |f: &str| format!("markets[{i}].size_rates.{f}");
            let [mb, mp, ib, ip] = r;
            let initial = match (ib.trim().is_empty(), ip.trim().is_empty()) {
                (true, true) => None,
                _ => Some(RateSpec {
                    base: parse(&at("initial.base"), ib)?,
                    per_unit: parse(&at("initial.per_unit"), ip)?,
                }),
            };
            spec.size_rates = Some(SizeRatesSpec {
                maintenance: RateSpec {
                    base: parse(&at("maintenance.base"), mb)?,
                    per_unit: parse(&at("maintenance.per_unit"), mp)?,
                },
                initial,
            });
            spec.preset = None;
            spec.tiers = None;
            return Ok(spec);
        }
        spec.size_rates = None;
        match &self.preset {
            Some(name) => {
                spec.preset = Some(name.clone());
                spec.tiers = None;
            }
            None => {
                let tiers = self
                    .tiers
                    .iter()
                    .enumerate()
                    .map(|(j, t)| t.to_spec(&format!("markets[{i}].tiers[{j}]")))
                    .collect::<Result<Vec<_>, _>>()?;
                spec.preset = None;
                spec.tiers = Some(tiers);
            }
        }
        Ok(spec)
    }
}

/// What a position's row shows beside its boxes ([`Draft::row_figures`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowFigures {
    pub default_margin: Option<Decimal>,
    pub costs: Option<margin_engine::OrderCosts>,
    pub funding: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PositionDraft {
    pub market: String,
    pub side: SideSpec,
    pub size: String,
    pub entry: String,
    pub leverage: String,
    pub mode: ModeSpec,
    /// Isolated margin; empty = the default (`size × entry ÷ leverage`).
    pub margin: String,
    /// Unsettled PnL under Mango's health rule (empty: none).
    pub unsettled: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub version: u32,
    pub quote: String,
    pub wallet: String,
    /// The account's other assets (scenario version 2).
    pub assets: Vec<crate::state::asset_draft::AssetDraft>,
    pub markets: Vec<MarketDraft>,
    pub positions: Vec<PositionDraft>,
    pub settings: Settings,
    /// Holding time in hours over which funding is paid (empty: none).
    pub hours: String,
    /// Binance's auto-exchange threshold in USD (empty: none).
    pub auto_exchange: String,
}

/// Which text field of a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PosField {
    Size,
    Entry,
    Leverage,
    Margin,
    /// Unsettled PnL (Mango's health rule).
    Unsettled,
}

impl PosField {
    pub fn name(self) -> &'static str {
        match self {
            PosField::Size => "size",
            PosField::Entry => "entry",
            PosField::Leverage => "leverage",
            PosField::Margin => "margin",
            PosField::Unsettled => "unsettled",
        }
    }
}

impl PositionDraft {
    pub fn from_spec(p: &PositionSpec) -> Self {
        PositionDraft {
            market: p.market.clone(),
            side: p.side,
            size: plain(p.size),
            entry: plain(p.entry),
            leverage: plain(p.leverage.0),
            mode: p.mode,
            margin: p.margin.map(plain).unwrap_or_default(),
            unsettled: p.unsettled.map(plain).unwrap_or_default(),
        }
    }

    pub fn text(&self, f: PosField) -> &str {
        match f {
            PosField::Size => &self.size,
            PosField::Entry => &self.entry,
            PosField::Leverage => &self.leverage,
            PosField::Margin => &self.margin,
            PosField::Unsettled => &self.unsettled,
        }
    }

    pub fn text_mut(&mut self, f: PosField) -> &mut String {
        match f {
            PosField::Size => &mut self.size,
            PosField::Entry => &mut self.entry,
            PosField::Leverage => &mut self.leverage,
            PosField::Margin => &mut self.margin,
            PosField::Unsettled => &mut self.unsettled,
        }
    }

    fn to_spec(&self, i: usize) -> Result<PositionSpec, Error> {
        let at = |f: &str| format!("positions[{i}].{f}");
        let margin = if self.mode == ModeSpec::Isolated && !self.margin.trim().is_empty() {
            Some(parse(&at("margin"), &self.margin)?)
        } else {
            None
        };
        Ok(PositionSpec {
            market: self.market.clone(),
            side: self.side,
            size: parse(&at("size"), &self.size)?,
            entry: parse(&at("entry"), &self.entry)?,
            leverage: LeverageSpec(parse(&at("leverage"), &self.leverage)?),
            mode: self.mode,
            margin,
            unsettled: crate::state::field::parse_optional(&at("unsettled"), &self.unsettled)?,
        })
    }
}

impl Draft {
    pub fn from_scenario(s: &Scenario) -> Self {
        Draft {
            version: s.version,
            quote: s.quote.clone(),
            wallet: plain(s.wallet),
            assets: s
                .assets
                .iter()
                .map(crate::state::asset_draft::AssetDraft::from_spec)
                .collect(),
            markets: s.markets.iter().map(MarketDraft::from_spec).collect(),
            positions: s.positions.iter().map(PositionDraft::from_spec).collect(),
            settings: s.settings.clone(),
            hours: if s.settings.hours.is_zero() {
                String::new()
            } else {
                plain(s.settings.hours)
            },
            auto_exchange: s.settings.auto_exchange.map(plain).unwrap_or_default(),
        }
    }

    /// The market spec and position spec of position `i`, when both parse
    /// (`None` otherwise: the boxes' errors are reported by validation).
    fn lone(&self, i: usize) -> Option<(MarketSpec, PositionSpec)> {
        let p = self.positions.get(i)?;
        let (m, md) = self
            .markets
            .iter()
            .enumerate()
            .find(|(_, m)| m.symbol == p.market)?;
        Some((md.to_spec(m).ok()?, p.to_spec(i).ok()?))
    }

    /// What position `i`'s row shows beside its boxes, from the engine with
    /// its market's rules (all `None` while a box does not parse): its
    /// default margin (`opening_margin_of`), its order costs on a market
    /// with fees, and the funding it pays over the holding time.
    pub fn row_figures(&self, i: usize) -> RowFigures {
        let Some((m, p)) = self.lone(i) else {
            return RowFigures::default();
        };
        let hours = crate::state::field::parse_optional("hours", &self.hours)
            .ok()
            .flatten();
        RowFigures {
            default_margin: margin_engine::opening_margin_of(&m, &p).ok(),
            costs: margin_engine::order_costs_of(&m, &p).ok().flatten(),
            funding: hours
                .and_then(|h| margin_engine::funding_paid_of(&m, &p, h).ok())
                .filter(|x| !x.is_zero()),
        }
    }

    /// The margin position `i` gets by default (the engine's
    /// `opening_margin_of`), if it parses.
    pub fn default_margin(&self, i: usize) -> Option<Decimal> {
        let (m, p) = self.lone(i)?;
        margin_engine::opening_margin_of(&m, &p).ok()
    }

    /// Whether position `i`'s market follows Mango's health rule (its row
    /// takes an unsettled PnL).
    pub fn under_health_rule(&self, i: usize) -> bool {
        self.positions.get(i).is_some_and(|p| {
            self.markets
                .iter()
                .any(|m| m.symbol == p.market && m.health_weight.is_some())
        })
    }

    /// The contract size of the market position `i` trades, when it is
    /// inverse (empty box: 1).
    pub fn contract_size_of(&self, i: usize) -> Option<Decimal> {
        let p = self.positions.get(i)?;
        let m = self.markets.iter().find(|m| m.symbol == p.market)?;
        m.is_inverse().then(|| m.contract_size_or_one())
    }

    /// The scenario the boxes describe; the error names the first bad field.
    pub fn to_scenario(&self) -> Result<Scenario, Error> {
        let wallet = parse("wallet", &self.wallet)?;
        let markets = self
            .markets
            .iter()
            .enumerate()
            .map(|(i, m)| m.to_spec(i))
            .collect::<Result<Vec<_>, _>>()?;
        let positions = self
            .positions
            .iter()
            .enumerate()
            .map(|(i, p)| p.to_spec(i))
            .collect::<Result<Vec<_>, _>>()?;
        let assets = self
            .assets
            .iter()
            .enumerate()
            .map(|(i, a)| a.to_spec(i))
            .collect::<Result<Vec<_>, _>>()?;
        let mut settings = self.settings.clone();
        settings.hours =
            crate::state::field::parse_optional("settings.hours", &self.hours)?.unwrap_or_default();
        settings.auto_exchange =
            crate::state::field::parse_optional("settings.auto_exchange", &self.auto_exchange)?;
        Ok(Scenario {
            version: self.version,
            quote: self.quote.clone(),
            wallet,
            assets,
            markets,
            positions,
            settings,
        })
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    use crate::test_support::draft;

    #[test]
    fn round_trips_the_default_scenario() {
        let s = Scenario::from_json(margin_engine::samples::default_json()).unwrap();
        assert_eq!(Draft::from_scenario(&s).to_scenario().unwrap(), s);
    }

    #[test]
    fn a_half_typed_number_names_its_field() {
        let mut d = draft();
        d.positions[2].leverage = "1.2.3".into();
        let e = d.to_scenario().unwrap_err();
        assert_eq!(e.field, "positions[2].leverage");
        // "20x" is how exchanges print a leverage: it reads as 20.
        d.positions[2].leverage = "20x".into();
        assert_eq!(
            d.to_scenario().unwrap().positions[2].leverage,
            margin_engine::scenario::LeverageSpec(margin_engine::Decimal::from(20))
        );
        d.positions[2].leverage = "10".into();
        d.wallet = String::new();
        assert_eq!(d.to_scenario().unwrap_err().field, "wallet");
    }

    #[test]
    fn margin_is_optional_and_ignored_for_cross() {
        let mut d = draft();
        d.positions[1].margin = "123".into();
        assert_eq!(d.to_scenario().unwrap().positions[1].margin, None);
        d.positions[0].margin = "4000".into();
        assert_eq!(
            d.to_scenario().unwrap().positions[0].margin,
            Some(Decimal::from(4000))
        );
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tier_tests {
    use super::*;

    #[test]
    fn a_custom_table_round_trips() {
        let mut s = Scenario::from_json(margin_engine::samples::default_json()).unwrap();
        s.markets[1].preset = None;
        s.markets[1].tiers = Some(
            margin_engine::presets::get("binance-usdm-ethusdt-2024-10")
                .unwrap()
                .tiers()
                .unwrap(),
        );
        if let Some(t) = s.markets[1].tiers.as_mut().and_then(|t| t.last_mut()) {
            t.cap = None;
            t.cum = None;
        }
        let d = Draft::from_scenario(&s);
        assert!(d.markets[1].preset.is_none());
        assert_eq!(d.to_scenario().unwrap(), s);
    }
}
