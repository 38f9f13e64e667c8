//! Edits of the book as typed: markets (symbols, tier tables, adding and
//! removing) and positions (adding, duplicating, removing, margin mode and
//! margin nudges). Pure operations on a [`Draft`]; the reducer revalidates.
use margin_engine::num::Checked;
use margin_engine::scenario::{MarketSpec, ModeSpec, SideSpec};
use margin_engine::{Decimal, MAX_TIERS};

use crate::format::plain;
use crate::state::draft::{Draft, MarketDraft, PositionDraft};
use crate::state::tier_draft::{next_row, one_tier, preset_rows, remove_row, TierDraft, TierField};

/// The `<select>` value of a custom tier table.
pub const CUSTOM: &str = "custom";

/// The markets "Add market" offers first, with a sensible mark.
const STARTERS: [(&str, i64); 3] = [("BTCUSDT", 60_000), ("ETHUSDT", 3_000), ("SOLUSDT", 150)];

impl Draft {
    /// Whether a position trades this symbol.
    pub fn market_in_use(&self, symbol: &str) -> bool {
        self.positions.iter().any(|p| p.market == symbol)
    }

    /// Renames market `m`; positions on the old symbol follow it.
    pub fn rename_market(&mut self, m: usize, symbol: String) {
        let Some(old) = self.markets.get(m).map(|md| md.symbol.clone()) else {
            return;
        };
        let shared = self
            .markets
            .iter()
            .enumerate()
            .any(|(j, md)| j != m && md.symbol == old);
        if !shared {
            for p in self.positions.iter_mut().filter(|p| p.market == old) {
                p.market = symbol.clone();
            }
            for a in self.assets.iter_mut().filter(|a| a.follows == old) {
                a.follows = symbol.clone();
            }
        }
        if let Some(md) = self.markets.get_mut(m) {
            // A symbol with a shipped tier table takes it, unless the user
            // has written a table of their own.
            let untouched = md.preset.is_some() || md.tiers == vec![one_tier()];
            if let Some(p) = margin_engine::presets::for_symbol(&symbol).filter(|_| untouched) {
                md.preset = Some(p.name.to_owned());
                md.tiers.clear();
            }
            md.symbol = symbol;
        }
    }

    /// `CUSTOM` copies the table in use into editable rows; a preset name replaces it.
    pub fn set_tier_source(&mut self, m: usize, source: &str) {
        let Some(md) = self.markets.get_mut(m) else {
            return;
        };
        if source == crate::state::venue_edits::SIZE_RATES {
            self.use_size_rates(m);
            return;
        }
        if md.size_rates.take().is_some() {
            // The size rates were the rules: custom rules now.
            md.spec.venue = None;
        }
        if source == CUSTOM {
            if let Some(name) = md.preset.take() {
                md.tiers = preset_rows(&name);
            }
            // A market loaded with size rates has no table to start from.
            if md.tiers.is_empty() {
                md.tiers.push(one_tier());
            }
        } else if margin_engine::presets::get(source).is_some() {
            md.preset = Some(source.to_owned());
            md.tiers.clear();
        }
    }

    pub fn set_tier(&mut self, m: usize, j: usize, f: TierField, text: String) {
        if let Some(t) = self.markets.get_mut(m).and_then(|md| md.tiers.get_mut(j)) {
            *t.text_mut(f) = text;
        }
    }

    pub fn add_tier(&mut self, m: usize) {
        if let Some(md) = self
            .markets
            .get_mut(m)
            .filter(|md| md.preset.is_none() && md.tiers.len() < MAX_TIERS)
        {
            next_row(&mut md.tiers);
        }
    }

    pub fn remove_tier(&mut self, m: usize, j: usize) {
        if let Some(md) = self.markets.get_mut(m).filter(|md| md.preset.is_none()) {
            remove_row(&mut md.tiers, j);
        }
    }

    /// BTCUSDT, ETHUSDT, SOLUSDT (with their presets) while one is missing, then custom markets.
    pub fn add_market(&mut self) {
        let has = |sym: &str| self.markets.iter().any(|md| md.symbol == sym);
        let starter = STARTERS.iter().find(|(sym, _)| !has(sym));
        let md = match starter {
            Some((sym, mark)) => {
                let preset = margin_engine::presets::for_symbol(sym).map(|p| p.name.to_owned());
                let tiers = if preset.is_some() {
                    vec![]
                } else {
                    vec![one_tier()]
                };
                new_market(sym, Decimal::from(*mark), preset, tiers)
            }
            None => {
                let symbol = (1..=u32::MAX)
                    .map(|n: u32| {
                        if n == 1 {
                            "NEWUSDT".to_owned()
                        } else {
                            format!("NEW{n}USDT")
                        }
                    })
                    .find(|s| !has(s))
                    .unwrap_or_default();
                new_market(&symbol, Decimal::from(100), None, vec![one_tier()])
            }
        };
        self.markets.push(md);
    }

    /// Removes market `m` unless a position uses it or it is the last one.
    pub fn remove_market(&mut self, m: usize) {
        let Some(md) = self.markets.get(m) else {
            return;
        };
        if self.market_in_use(&md.symbol)
            || self.market_followed(&md.symbol).is_some()
            || self.markets.len() <= 1
        {
            return;
        }
        self.markets.remove(m);
    }

    /// A new 0.1 long at the mark of `market` (or the first market), 10x cross.
    /// Adds pasted positions, or makes them the book's positions when
    /// `replace` (then markets no position uses are dropped). A market the
    /// book does not have is added with its shipped tier table when one
    /// exists (else a one-tier table to edit) and its mark at the first
    /// such position's entry.
    pub fn paste(&mut self, rows: Vec<PositionDraft>, replace: bool) {
        if replace {
            self.positions.clear();
        }
        for r in rows {
            if !self.markets.iter().any(|m| m.symbol == r.market) {
                let mark =
                    crate::state::field::parse("entry", &r.entry).unwrap_or(Decimal::ONE_HUNDRED);
                let preset =
                    margin_engine::presets::for_symbol(&r.market).map(|p| p.name.to_owned());
                let tiers = if preset.is_some() {
                    vec![]
                } else {
                    vec![one_tier()]
                };
                self.markets
                    .push(new_market(&r.market, mark, preset, tiers));
            }
            self.positions.push(r);
        }
        if replace && !self.positions.is_empty() {
            let used: Vec<String> = self.positions.iter().map(|p| p.market.clone()).collect();
            // A market an asset's price follows stays with it.
            let followed: Vec<String> = self.assets.iter().map(|a| a.follows.clone()).collect();
            self.markets
                .retain(|m| used.contains(&m.symbol) || followed.contains(&m.symbol));
        }
    }

    pub fn add_position(&mut self, market: usize) {
        let m = self.markets.get(market).or(self.markets.first());
        let (market, mark) = m
            .map(|m| (m.symbol.clone(), m.mark.clone()))
            .unwrap_or_default();
        self.positions.push(PositionDraft {
            market,
            side: SideSpec::Long,
            size: "0.1".into(),
            entry: mark,
            leverage: "10".into(),
            mode: ModeSpec::Cross,
            margin: String::new(),
            unsettled: String::new(),
        });
    }

    /// A copy of position `i` right after it.
    pub fn duplicate_position(&mut self, i: usize) {
        if let Some(p) = self.positions.get(i).cloned() {
            self.positions.insert(i.saturating_add(1), p);
        }
    }

    pub fn remove_position(&mut self, i: usize) {
        if i < self.positions.len() {
            self.positions.remove(i);
        }
    }

    /// Cross or isolated; going cross drops the isolated margin.
    pub fn set_mode(&mut self, i: usize, mode: ModeSpec) {
        if let Some(p) = self.positions.get_mut(i) {
            p.mode = mode;
            if mode == ModeSpec::Cross {
                p.margin.clear();
            }
        }
    }

    /// Adds (`more`) or removes a tenth of the default margin (at least
    /// 0.01, never below one step); the position becomes isolated. A margin
    /// that would overflow stays as it is.
    pub fn nudge_margin(&mut self, i: usize, more: bool) {
        let Some(default) = self.default_margin(i) else {
            return;
        };
        let Some(p) = self.positions.get_mut(i) else {
            return;
        };
        let Some(step) = default
            .checked_div(Decimal::TEN)
            .map(|s| s.round_dp(2).max(Decimal::new(1, 2)))
        else {
            return;
        };
        let current = crate::state::field::parse("margin", &p.margin).unwrap_or(default);
        let next = if more {
            current.plus(step)
        } else {
            current.minus(step).map(|v| v.max(step))
        };
        if let Ok(next) = next {
            p.margin = plain(next.round_dp(8));
            p.mode = ModeSpec::Isolated;
        }
    }
}

fn new_market(
    symbol: &str,
    mark: Decimal,
    preset: Option<String>,
    tiers: Vec<TierDraft>,
) -> MarketDraft {
    let spec = MarketSpec {
        symbol: symbol.to_owned(),
        mark,
        preset: preset.clone(),
        tiers: None,
        beta: Decimal::ONE,
        ..Default::default()
    };
    MarketDraft::from_spec(&spec).with_tiers(preset, tiers)
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    use crate::test_support::draft;

    #[test]
    fn a_symbol_with_a_shipped_table_takes_it_unless_one_was_written() {
        let mut d = draft();
        d.add_market(); // NEWUSDT once the three starters are in the book
        let m = d.markets.len() - 1;
        assert_eq!(d.markets[m].preset, None);
        d.rename_market(m, "XRPUSDT".into());
        assert_eq!(
            d.markets[m].preset.as_deref(),
            Some("binance-usdm-xrpusdt-2024-10")
        );
        // A table the user wrote is kept whatever the symbol.
        d.set_tier_source(m, CUSTOM);
        d.set_tier(m, 0, TierField::Mmr, "0.02".into());
        d.rename_market(m, "DOGEUSDT".into());
        assert_eq!(d.markets[m].preset, None);
    }

    #[test]
    fn nudging_a_huge_margin_neither_panics_nor_changes_it() {
        let mut d = draft();
        let huge = "79228162514264337593543950335";
        d.positions[0].margin = huge.into();
        for more in [false, false, true, true] {
            d.nudge_margin(0, more);
        }
        assert!(margin_engine::dec::parse(&d.positions[0].margin).is_ok());
        d.positions[0].margin = huge.into();
        d.nudge_margin(0, true);
        assert_eq!(
            d.positions[0].margin, huge,
            "an overflowing nudge leaves the margin"
        );
    }

    #[test]
    fn nudges_step_a_tenth_of_the_default() {
        let mut d = draft();
        d.nudge_margin(0, true);
        assert_eq!(d.positions[0].margin, "3300");
        d.nudge_margin(1, false);
        assert_eq!(d.positions[1].mode, ModeSpec::Isolated);
    }
}
