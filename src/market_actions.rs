//! The reducer's market edits: symbols, tier tables, adding and removing
//! markets. The draft changes here; `State::reduce` revalidates it.
use margin_engine::scenario::MarketSpec;
use margin_engine::Decimal;

use crate::draft::{Draft, MarketDraft};
use crate::state::State;
use crate::tier_draft::{next_row, one_tier, preset_rows, remove_row, TierField};

/// The `<select>` value of a custom table.
pub const CUSTOM: &str = "custom";

/// The markets "Add market" offers first, with a sensible mark.
const STARTERS: [(&str, i64); 3] = [("BTCUSDT", 60_000), ("ETHUSDT", 3_000), ("SOLUSDT", 150)];

impl Draft {
    /// Whether a position trades this symbol.
    pub fn market_in_use(&self, symbol: &str) -> bool {
        self.positions.iter().any(|p| p.market == symbol)
    }
}

impl State {
    /// Renames market `m`; positions on the old symbol follow it.
    pub fn rename_market(&mut self, m: usize, symbol: String) {
        let Some(old) = self.draft.markets.get(m).map(|md| md.symbol.clone()) else { return };
        let shared = self.draft.markets.iter().enumerate().any(|(j, md)| j != m && md.symbol == old);
        if !shared {
            for p in self.draft.positions.iter_mut().filter(|p| p.market == old) {
                p.market = symbol.clone();
            }
        }
        if let Some(md) = self.draft.markets.get_mut(m) {
            md.symbol = symbol;
        }
    }

    /// `CUSTOM` copies the table in use into editable rows; a preset name replaces it.
    pub fn set_tier_source(&mut self, m: usize, source: &str) {
        let Some(md) = self.draft.markets.get_mut(m) else { return };
        if source == CUSTOM {
            if let Some(name) = md.preset.take() {
                md.tiers = preset_rows(&name);
                if md.tiers.is_empty() {
                    md.tiers.push(one_tier());
                }
            }
        } else if margin_engine::presets::get(source).is_some() {
            md.preset = Some(source.to_owned());
            md.tiers.clear();
        }
    }

    pub fn set_tier(&mut self, m: usize, j: usize, f: TierField, text: String) {
        if let Some(t) = self.draft.markets.get_mut(m).and_then(|md| md.tiers.get_mut(j)) {
            *t.text_mut(f) = text;
        }
    }

    pub fn add_tier(&mut self, m: usize) {
        if let Some(md) = self.draft.markets.get_mut(m).filter(|md| md.preset.is_none() && md.tiers.len() < 64) {
            next_row(&mut md.tiers);
        }
    }

    pub fn remove_tier(&mut self, m: usize, j: usize) {
        if let Some(md) = self.draft.markets.get_mut(m).filter(|md| md.preset.is_none()) {
            remove_row(&mut md.tiers, j);
        }
    }

    /// BTCUSDT, ETHUSDT, SOLUSDT (with their presets) while one is missing, then custom markets.
    pub fn add_market(&mut self) {
        let has = |sym: &str| self.draft.markets.iter().any(|md| md.symbol == sym);
        let starter = STARTERS.iter().find(|(sym, _)| !has(sym));
        let md = match starter {
            Some((sym, mark)) => {
                let preset = margin_engine::presets::for_symbol(sym).map(|p| p.name.to_owned());
                let tiers = if preset.is_some() { vec![] } else { vec![one_tier()] };
                draft_market(sym, Decimal::from(*mark), preset, tiers)
            }
            None => {
                let symbol = (1..)
                    .map(|n: u32| if n == 1 { "NEWUSDT".to_owned() } else { format!("NEW{n}USDT") })
                    .find(|s| !has(s))
                    .unwrap_or_default();
                draft_market(&symbol, Decimal::from(100), None, vec![one_tier()])
            }
        };
        self.draft.markets.push(md);
    }

    /// Removes market `m` unless a position uses it or it is the last one.
    pub fn remove_market(&mut self, m: usize) {
        let Some(md) = self.draft.markets.get(m) else { return };
        if self.draft.market_in_use(&md.symbol) || self.draft.markets.len() <= 1 {
            return;
        }
        self.draft.markets.remove(m);
    }
}

fn draft_market(symbol: &str, mark: Decimal, preset: Option<String>, tiers: Vec<crate::tier_draft::TierDraft>) -> MarketDraft {
    let spec = MarketSpec {
        symbol: symbol.to_owned(),
        mark,
        preset: preset.clone(),
        tiers: None,
        beta: Decimal::ONE,
        contract: Default::default(),
    };
    MarketDraft { symbol: symbol.to_owned(), mark: crate::format::plain(mark), preset, tiers, spec }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use margin_engine::Decimal;
    use yew::Reducible;

    use crate::state::{Action, State};
    use crate::tier_draft::TierField;

    fn run(s: Rc<State>, a: Action) -> Rc<State> {
        s.reduce(a)
    }

    fn symbols(s: &State) -> Vec<&str> {
        s.book.markets.iter().map(|m| m.symbol.as_str()).collect()
    }

    #[test]
    fn add_market_offers_starters_then_custom() {
        let s = Rc::new(State::default());
        let s = run(s, Action::AddMarket);
        assert!(s.error.is_none(), "{:?}", s.error);
        assert_eq!(symbols(&s), ["BTCUSDT", "ETHUSDT", "SOLUSDT", "NEWUSDT"]);
        assert_eq!(s.base.len(), 4);
        assert_eq!(s.price_text.len(), 4);
        assert_eq!(s.view.prices.0.len(), 4);
        assert!(s.scenario.markets[3].tiers.as_ref().is_some_and(|t| t.len() == 1));
        // Removing markets brings the starters back, with their presets.
        let s = run(s, Action::RemoveMarket(3));
        let s = run(s, Action::Remove(2));
        let s = run(s, Action::RemoveMarket(2));
        assert_eq!(symbols(&s), ["BTCUSDT", "ETHUSDT"]);
        let s = run(s, Action::AddMarket);
        assert_eq!(symbols(&s), ["BTCUSDT", "ETHUSDT", "SOLUSDT"]);
        assert_eq!(s.scenario.markets[2].preset.as_deref(), Some("binance-usdm-solusdt-2024"));
        assert_eq!(s.base[2], Decimal::from(150));
    }

    #[test]
    fn remove_market_is_blocked_while_a_position_uses_it() {
        let s = Rc::new(State::default());
        let s = run(s, Action::Select(2));
        let s = run(s, Action::RemoveMarket(1));
        assert_eq!(symbols(&s), ["BTCUSDT", "ETHUSDT", "SOLUSDT"]);
        let s = run(s, Action::Remove(1));
        let s = run(s, Action::RemoveMarket(1));
        assert!(s.error.is_none());
        assert_eq!(symbols(&s), ["BTCUSDT", "SOLUSDT"]);
        assert_eq!(s.base, [Decimal::from(60_000), Decimal::from(150)]);
        assert_eq!(s.selected, 1, "the chart stays on SOLUSDT");
        assert!(s.map_y < 2 && s.map_y != s.selected);
        let s = run(s, Action::RemoveMarket(7));
        assert_eq!(s.book.markets.len(), 2);
    }

    #[test]
    fn renaming_a_symbol_carries_its_positions() {
        let s = Rc::new(State::default());
        let s = run(s, Action::SetSymbol(0, "XBT".into()));
        let s = run(s, Action::SetSymbol(0, "XBTUSDT".into()));
        assert!(s.error.is_none(), "{:?}", s.error);
        assert_eq!(s.draft.positions[0].market, "XBTUSDT");
        assert_eq!(s.book.markets[0].symbol, "XBTUSDT");
        assert_eq!(s.book.positions[0].market, 0);
        let s = run(s, Action::SetSymbol(0, String::new()));
        assert_eq!(s.error.as_ref().map(|e| e.field.as_str()), Some("markets[0].symbol"));
        assert_eq!(s.book.markets[0].symbol, "XBTUSDT");
    }

    #[test]
    fn a_custom_rate_changes_maintenance_margin() {
        let s = Rc::new(State::default());
        let mm = |s: &State| s.book.markets[0].tiers.maintenance(Decimal::from(60_000)).unwrap();
        let before = mm(&s);
        let s = run(s, Action::SetTierSource(0, super::CUSTOM.into()));
        assert!(s.error.is_none());
        assert_eq!(s.draft.markets[0].tiers.len(), 12);
        assert_eq!(mm(&s), before, "the copy is the same table");
        let liq = s.view.analysis.clone();
        let s = run(s, Action::SetTier(0, 1, TierField::Mmr, "0.006".into()));
        assert!(s.error.is_none(), "{:?}", s.error);
        assert_eq!(mm(&s), Decimal::from(60_000) * Decimal::new(6, 3) - Decimal::from(50));
        assert_ne!(s.view.analysis, liq);
        assert!(s.scenario.markets[0].tiers.is_some() && s.scenario.markets[0].preset.is_none());
        // A preset replaces the custom table.
        let s = run(s, Action::SetTierSource(0, "binance-usdm-btcusdt-2024-10".into()));
        assert_eq!(mm(&s), before);
        assert!(s.scenario.markets[0].tiers.is_none());
    }

    #[test]
    fn an_overlapping_tier_names_its_floor_and_keeps_the_last_book() {
        let s = Rc::new(State::default());
        let s = run(s, Action::SetTierSource(0, super::CUSTOM.into()));
        let book = s.book.clone();
        let s = run(s, Action::SetTier(0, 1, TierField::Floor, "40000".into()));
        let e = s.error.as_ref().expect("an error");
        assert_eq!(e.field, "markets[0].tiers[1].floor");
        assert!(e.to_string().contains("contiguous"), "{e}");
        assert_eq!(s.book, book);
        let s = run(s, Action::SetTier(0, 1, TierField::Mmr, "x".into()));
        assert_eq!(s.error.as_ref().map(|e| e.field.as_str()), Some("markets[0].tiers[1].mmr"));
    }

    #[test]
    fn tiers_can_be_added_and_removed() {
        let s = Rc::new(State::default());
        let s = run(s, Action::SetTierSource(2, super::CUSTOM.into()));
        let s = run(s, Action::AddTier(2));
        assert!(s.error.is_none(), "{:?}", s.error);
        assert_eq!(s.book.markets[2].tiers.tiers().len(), 11);
        let s = run(s, Action::RemoveTier(2, 4));
        let s = run(s, Action::RemoveTier(2, 0));
        let s = run(s, Action::RemoveTier(2, 99));
        assert!(s.error.is_none(), "{:?}", s.error);
        assert_eq!(s.book.markets[2].tiers.tiers().len(), 9);
    }
}
