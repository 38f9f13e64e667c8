//! Edits of the account's assets (scenario version 2) and of a market's
//! contract: pure operations on a [`Draft`]; the reducer revalidates.
use margin_engine::scenario::{Contract, MmBasis, ModeSpec};
use margin_engine::Decimal;
use rust_decimal::RoundingStrategy;

use crate::format::plain;
use crate::state::asset_draft::{base_coin, AssetDraft, FLAT};
use crate::state::draft::Draft;

/// Which text box of an asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetField {
    Name,
    Amount,
    Price,
    Ratio,
    /// Following a market: sensitivity and own start price.
    Beta,
    Start,
    /// Weight of a negative balance.
    Weight,
    BorrowRate,
    /// Drift's IMF factor.
    SizeDiscount,
    /// Binance's auto-exchange ratio.
    ExchangeRatio,
}

impl Draft {
    /// The asset whose price follows `symbol`, if one does.
    pub fn market_followed(&self, symbol: &str) -> Option<&AssetDraft> {
        self.assets.iter().find(|a| a.follows == symbol)
    }

    /// A coin that follows the first market no asset follows yet (else the
    /// first market), none held: the user types the amount.
    pub fn add_asset(&mut self) {
        let market = self
            .markets
            .iter()
            .find(|m| self.market_followed(&m.symbol).is_none())
            .or(self.markets.first())
            .map(|m| m.symbol.clone())
            .unwrap_or_default();
        let mut a = AssetDraft::coin_of(&market);
        a.name = self.free_name(&base_coin(&market));
        a.amount = "1".into();
        self.assets.push(a);
    }

    /// `name`, or `name2`, `name3`… if an asset already has it.
    fn free_name(&self, name: &str) -> String {
        let taken = |n: &str| n == self.quote || self.assets.iter().any(|a| a.name == n);
        (1..=u32::MAX)
            .map(|k| {
                if k == 1 {
                    name.to_owned()
                } else {
                    format!("{name}{k}")
                }
            })
            .find(|n| !taken(n))
            .unwrap_or_default()
    }

    pub fn remove_asset(&mut self, i: usize) {
        if i < self.assets.len() {
            self.assets.remove(i);
        }
    }

    pub fn set_asset(&mut self, i: usize, f: AssetField, text: String) {
        let Some(a) = self.assets.get_mut(i) else {
            return;
        };
        match f {
            AssetField::Name => {
                // Markets that settle in it by name follow the rename.
                let old = std::mem::replace(&mut a.name, text.clone());
                for m in &mut self.markets {
                    if m.spec.settle.as_deref() == Some(old.as_str()) {
                        m.spec.settle = Some(text.clone());
                    }
                }
            }
            AssetField::Amount => a.amount = text,
            AssetField::Price => a.price = text,
            AssetField::Ratio => a.ratio = text,
            AssetField::Beta => a.beta = text,
            AssetField::Start => a.start = text,
            AssetField::Weight => a.weight = text,
            AssetField::BorrowRate => a.borrow_rate = text,
            AssetField::SizeDiscount => a.size_discount = text,
            AssetField::ExchangeRatio => a.exchange_ratio = text,
        }
    }

    /// `""`: a fixed price; else the market it follows.
    pub fn set_asset_follows(&mut self, i: usize, market: String) {
        if let Some(a) = self.assets.get_mut(i) {
            if a.follows != market {
                // Another market: its own start and full sensitivity.
                a.beta.clear();
                a.start.clear();
            }
            a.follows = market;
        }
    }

    /// In full, a flat ratio, the loaded table, or a shipped preset.
    pub fn set_asset_counts(&mut self, i: usize, counts: String) {
        if let Some(a) = self.assets.get_mut(i) {
            if counts == FLAT && a.ratio.trim().is_empty() {
                a.ratio = "0.95".into();
            }
            a.counts = counts;
        }
    }

    /// Linear or inverse. Positions keep their USD exposure (a size in
    /// coins becomes contracts of the contract size, and back) and drop a
    /// typed isolated margin (it was in the other asset). An inverse market
    /// needs its coin in the account: when no asset follows the market, one
    /// is added holding what its isolated positions open with.
    pub fn set_contract(&mut self, m: usize, inverse: bool) {
        let Some(md) = self.markets.get_mut(m) else {
            return;
        };
        if md.is_inverse() == inverse {
            return;
        }
        // A profile describes one kind of contract (or both): keep it only
        // if it still applies.
        let kind = if inverse {
            margin_engine::scenario::Contract::InversePerpetual
        } else {
            margin_engine::scenario::Contract::LinearPerpetual
        };
        if md
            .spec
            .venue
            .as_deref()
            .and_then(margin_engine::venues::get)
            .is_some_and(|p| p.contract.is_some_and(|c| c != kind))
        {
            md.spec.venue = None;
        }
        md.spec.contract = if inverse {
            Contract::InversePerpetual
        } else {
            Contract::LinearPerpetual
        };
        md.spec.settle = None;
        let symbol = md.symbol.clone();
        let size = md.contract_size_or_one();
        for p in self.positions.iter_mut().filter(|p| p.market == symbol) {
            let (Ok(q), Ok(entry)) = (
                crate::state::field::parse("size", &p.size),
                crate::state::field::parse("entry", &p.entry),
            ) else {
                continue;
            };
            let next = if inverse {
                q.checked_mul(entry).and_then(|x| x.checked_div(size))
            } else {
                q.checked_mul(size).and_then(|x| x.checked_div(entry))
            };
            if let Some(x) = next {
                p.size = plain(x.round_dp(8));
            }
            p.margin.clear();
        }
        if inverse && self.market_followed(&symbol).is_none() {
            let mut need = Decimal::ZERO;
            for (i, p) in self.positions.iter().enumerate() {
                if p.market == symbol && p.mode == ModeSpec::Isolated {
                    let m = self.default_margin(i).unwrap_or_default();
                    need = need.checked_add(m).unwrap_or(need);
                }
            }
            let mut a = AssetDraft::coin_of(&symbol);
            a.name = self.free_name(&base_coin(&symbol));
            a.amount = plain(need.round_dp_with_strategy(8, RoundingStrategy::AwayFromZero));
            self.assets.push(a);
        }
    }

    pub fn set_contract_size(&mut self, m: usize, text: String) {
        if let Some(md) = self.markets.get_mut(m) {
            md.contract_size = text;
        }
    }

    pub fn set_tick(&mut self, m: usize, text: String) {
        if let Some(md) = self.markets.get_mut(m) {
            md.tick = text;
        }
    }

    pub fn set_mm_basis(&mut self, m: usize, entry: bool) {
        if let Some(md) = self.markets.get_mut(m) {
            md.spec.mm_basis = if entry { MmBasis::Entry } else { MmBasis::Mark };
            md.spec.venue = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::draft;

    #[test]
    fn an_inverse_market_brings_its_coin() {
        let mut d = draft();
        d.set_contract(0, true);
        let a = d.assets.last().unwrap();
        assert_eq!((a.name.as_str(), a.follows.as_str()), ("BTC", "BTCUSDT"));
        // The scenario is valid: positions on it are now in contracts of
        // the same USD exposure, and the coin funds the isolated margin.
        let sc = d.to_scenario().unwrap();
        let b = margin_engine::Book::new(&sc).unwrap();
        let btc = d
            .positions
            .iter()
            .position(|p| p.market == "BTCUSDT")
            .unwrap();
        assert_eq!(b.positions()[btc].size, Decimal::from(60_000));
        let e = b.evaluate(&b.marks()).unwrap();
        assert_eq!(e.positions[btc].notional, Decimal::from(60_000));
        // A second switch does not add another coin.
        d.set_contract(0, false);
        assert_eq!(d.positions[btc].size, "1");
        d.set_contract(0, true);
        assert_eq!(
            d.assets.iter().filter(|a| a.follows == "BTCUSDT").count(),
            1
        );
    }

    #[test]
    fn renaming_a_market_or_an_asset_keeps_the_links() {
        let mut d = draft();
        d.add_asset();
        let follows = d.assets[0].follows.clone();
        let m = d.markets.iter().position(|m| m.symbol == follows).unwrap();
        d.rename_market(m, "XBTUSDT".into());
        assert_eq!(d.assets[0].follows, "XBTUSDT");
        assert!(d.market_followed("XBTUSDT").is_some());
        // A followed market cannot be removed (its asset would lose its price).
        let before = d.markets.len();
        d.remove_market(m);
        assert_eq!(d.markets.len(), before);
        d.set_asset(0, AssetField::Name, "WBTC".into());
        assert_eq!(d.assets[0].name, "WBTC");
    }
}
