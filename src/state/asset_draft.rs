//! An asset of the account as typed (scenario version 2): its name, amount,
//! price (fixed, or following a market) and how much of it counts as margin
//! (in full, a flat ratio, a shipped dated table, or a table read from a
//! file). Turning it into an [`AssetSpec`] names the field that does not
//! parse, as the engine names fields (`assets[1].amount`).
use margin_engine::scenario::AssetSpec;
use margin_engine::{Decimal, Error};

use crate::format::plain;
use crate::state::field::{parse, parse_optional};

/// How an asset counts as margin, as the editor's select offers it.
pub const FULL: &str = "full";
pub const FLAT: &str = "flat";
/// The table the asset was loaded with (a file or a link), kept as it is.
pub const TABLE: &str = "table";

#[derive(Debug, Clone, PartialEq)]
pub struct AssetDraft {
    pub name: String,
    pub amount: String,
    /// The market whose price it follows; empty: a fixed price.
    pub follows: String,
    /// The fixed price (empty: 1).
    pub price: String,
    /// [`FULL`], [`FLAT`], [`TABLE`] or a collateral preset's name.
    pub counts: String,
    /// The flat ratio, when `counts` is [`FLAT`].
    pub ratio: String,
    /// Following a market: its sensitivity (empty: 1) and its own start
    /// price (empty: the market's mark).
    pub beta: String,
    pub start: String,
    /// Weight of a negative balance (empty: 1).
    pub weight: String,
    /// A loan's interest a year (empty: none).
    pub borrow_rate: String,
    /// Drift's size discount, its IMF factor (empty: none; with a flat ratio).
    pub size_discount: String,
    /// Binance's auto-exchange ratio (empty: never sold).
    pub exchange_ratio: String,
    /// Everything else as loaded (a table, beta and mark of the price,
    /// liability weight).
    pub spec: AssetSpec,
}

impl AssetDraft {
    pub fn from_spec(a: &AssetSpec) -> AssetDraft {
        let counts = match (&a.preset, &a.tiers, a.ratio) {
            (Some(p), _, _) => p.clone(),
            (None, Some(_), _) => TABLE.to_owned(),
            (None, None, Some(_)) => FLAT.to_owned(),
            // A size discount goes with a flat ratio (1 when not given):
            // shown as one, so the box that holds it stays.
            (None, None, None) if a.size_discount.is_some() => FLAT.to_owned(),
            (None, None, None) => FULL.to_owned(),
        };
        AssetDraft {
            name: a.asset.clone(),
            amount: plain(a.amount),
            follows: a.price.market.clone().unwrap_or_default(),
            price: a.price.fixed.map(plain).unwrap_or_default(),
            counts,
            ratio: a
                .ratio
                .or(a.size_discount.map(|_| margin_engine::Decimal::ONE))
                .map(plain)
                .unwrap_or_default(),
            beta: a.price.beta.map(plain).unwrap_or_default(),
            start: a.price.mark.map(plain).unwrap_or_default(),
            weight: a.liability_weight.map(plain).unwrap_or_default(),
            borrow_rate: a.borrow_rate.map(plain).unwrap_or_default(),
            size_discount: a.size_discount.map(plain).unwrap_or_default(),
            exchange_ratio: a.exchange_ratio.map(plain).unwrap_or_default(),
            spec: a.clone(),
        }
    }

    /// A new coin following `market` (its base coin's name), none held yet.
    pub fn coin_of(market: &str) -> AssetDraft {
        let name = base_coin(market);
        AssetDraft::from_spec(&AssetSpec {
            asset: name,
            amount: Decimal::ZERO,
            price: margin_engine::scenario::AssetPriceSpec {
                market: Some(market.to_owned()),
                ..Default::default()
            },
            ratio: None,
            tiers: None,
            preset: None,
            liability_weight: None,
            borrow_rate: None,
            size_discount: None,
            exchange_ratio: None,
        })
    }

    pub fn to_spec(&self, i: usize) -> Result<AssetSpec, Error> {
        let at = |f: &str| format!("assets[{i}].{f}");
        let mut spec = self.spec.clone();
        spec.asset = self.name.clone();
        spec.amount = parse(&at("amount"), &self.amount)?;
        if self.follows.is_empty() {
            spec.price.market = None;
            spec.price.beta = None;
            spec.price.mark = None;
            spec.price.fixed = if self.price.trim().is_empty() {
                None
            } else {
                Some(parse(&at("price.fixed"), &self.price)?)
            };
        } else {
            spec.price.fixed = None;
            spec.price.market = Some(self.follows.clone());
            spec.price.beta = parse_optional(&at("price.beta"), &self.beta)?;
            spec.price.mark = parse_optional(&at("price.mark"), &self.start)?;
        }
        spec.liability_weight = parse_optional(&at("liability_weight"), &self.weight)?;
        spec.borrow_rate = parse_optional(&at("borrow_rate"), &self.borrow_rate)?;
        spec.exchange_ratio = parse_optional(&at("exchange_ratio"), &self.exchange_ratio)?;
        spec.ratio = None;
        spec.size_discount = None;
        spec.preset = None;
        match self.counts.as_str() {
            FULL => spec.tiers = None,
            FLAT => {
                spec.tiers = None;
                spec.ratio = Some(parse(&at("ratio"), &self.ratio)?);
                spec.size_discount = parse_optional(&at("size_discount"), &self.size_discount)?;
            }
            TABLE => {}
            preset => {
                spec.tiers = None;
                spec.preset = Some(preset.to_owned());
            }
        }
        Ok(spec)
    }
}

/// The coin of a market symbol: "BTCUSD_PERP" → "BTC", "ETHUSDT" → "ETH".
pub fn base_coin(symbol: &str) -> String {
    let s = symbol
        .split(['_', '-', '/'])
        .next()
        .unwrap_or(symbol)
        .to_ascii_uppercase();
    for quote in ["USDT", "USDC", "USD", "BUSD", "PERP"] {
        if let Some(base) = s.strip_suffix(quote).filter(|b| !b.is_empty()) {
            return base.to_owned();
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_coin_of_symbols() {
        assert_eq!(base_coin("BTCUSD_PERP"), "BTC");
        assert_eq!(base_coin("ETHUSDT"), "ETH");
        assert_eq!(base_coin("BTC-USD-SWAP"), "BTC");
        assert_eq!(base_coin("xbtusd"), "XBT");
        assert_eq!(base_coin("USD"), "USD");
    }

    #[test]
    fn round_trips_every_way_to_count() {
        let specs = [
            r#"{"asset": "BTC", "amount": "1.5", "price": {"market": "BTCUSDT"}, "preset": "binance-multiassets-btc-2021"}"#,
            r#"{"asset": "USDC", "amount": "100", "price": {"fixed": "0.9998"}, "ratio": "0.99"}"#,
            r#"{"asset": "ETH", "amount": "-2", "price": {"market": "BTCUSDT", "beta": "0.8", "mark": "3000"}, "tiers": {"by": "quantity", "rows": [{"floor": "0", "ratio": "0.9"}]}, "liability_weight": "1.1"}"#,
            r#"{"asset": "SOL", "amount": "10"}"#,
            r#"{"asset": "SOL", "amount": "2000", "price": {"market": "SOLUSDT"}, "ratio": "0.9", "size_discount": "0.003"}"#,
            r#"{"asset": "BTC", "amount": "1", "price": {"market": "BTCUSDT"}, "ratio": "0.95", "exchange_ratio": "0.975"}"#,
        ];
        for (i, text) in specs.iter().enumerate() {
            let spec: AssetSpec = serde_json::from_str(text).unwrap();
            let back = AssetDraft::from_spec(&spec).to_spec(i).unwrap();
            assert_eq!(back, spec, "{text}");
        }
    }

    #[test]
    fn a_size_discount_without_a_ratio_is_kept_as_a_flat_ratio_of_one() {
        let spec: AssetSpec = serde_json::from_str(
            r#"{"asset": "SOL", "amount": "2000", "price": {"market": "SOLUSDT"}, "size_discount": "0.003"}"#,
        )
        .unwrap();
        let draft = AssetDraft::from_spec(&spec);
        assert_eq!((draft.counts.as_str(), draft.ratio.as_str()), (FLAT, "1"));
        let back = draft.to_spec(0).unwrap();
        assert_eq!(back.size_discount, spec.size_discount);
        assert_eq!(back.ratio, Some(margin_engine::Decimal::ONE));
    }

    #[test]
    fn a_bad_amount_names_its_field() {
        let mut a = AssetDraft::coin_of("BTCUSD");
        a.amount = "1,5x".into();
        let e = a.to_spec(2).unwrap_err();
        assert_eq!(e.field, "assets[2].amount");
        a.amount = "1".into();
        a.counts = FLAT.into();
        a.ratio = "<b>".into();
        assert_eq!(a.to_spec(0).unwrap_err().field, "assets[0].ratio");
        a.ratio = "0.9".into();
        a.beta = "٣".into();
        assert_eq!(a.to_spec(0).unwrap_err().field, "assets[0].price.beta");
        a.beta = "0.8".into();
        a.weight = "1e400".into();
        assert_eq!(
            a.to_spec(0).unwrap_err().field,
            "assets[0].liability_weight"
        );
        a.weight = String::new();
        a.size_discount = "-0".into();
        assert!(a.to_spec(0).is_ok());
        a.size_discount = "0.0٣".into();
        assert_eq!(a.to_spec(0).unwrap_err().field, "assets[0].size_discount");
    }
}
