//! Edits of a market's venue rules: its taker fee and where the fee to
//! close counts, and margin rates linear in size (instead of a tier table).
use margin_engine::scenario::CloseFee;

use crate::state::draft::Draft;

/// The tier-source choice for size-linear rates.
pub const SIZE_RATES: &str = "size-rates";

/// Deribit's BTC perpetual rates (margin-formulas.md §7.2): where a market
/// switched to size-linear rates starts.
const DERIBIT_BTC: [&str; 4] = ["0.01", "0.00005", "0.02", "0.00005"];

/// Which size-linear rate box: maintenance base and per unit, initial
/// base and per unit.
pub const RATE_BOXES: [&str; 4] = [
    "maintenance.base",
    "maintenance.per_unit",
    "initial.base",
    "initial.per_unit",
];

impl Draft {
    pub fn set_taker(&mut self, m: usize, text: String) {
        if let Some(md) = self.markets.get_mut(m) {
            md.taker = text;
        }
    }

    /// `"mark"`, `"bankruptcy"`, anything else: not in the requirement.
    pub fn set_close_fee(&mut self, m: usize, rule: &str) {
        if let Some(md) = self.markets.get_mut(m) {
            md.close_fee = match rule {
                "mark" => CloseFee::Mark,
                "bankruptcy" => CloseFee::Bankruptcy,
                _ => CloseFee::None,
            };
        }
    }

    pub fn set_close_in_margin(&mut self, m: usize, on: bool) {
        if let Some(md) = self.markets.get_mut(m) {
            md.close_in_margin = on;
        }
    }

    /// Rate box `k` of [`RATE_BOXES`].
    pub fn set_size_rate(&mut self, m: usize, k: usize, text: String) {
        if let Some(slot) = self
            .markets
            .get_mut(m)
            .and_then(|md| md.size_rates.as_mut())
            .and_then(|r| r.get_mut(k))
        {
            *slot = text;
        }
    }

    /// Market `m` margined by rates linear in size, starting from Deribit's
    /// BTC rates (kept if it already has its own).
    pub fn use_size_rates(&mut self, m: usize) {
        if let Some(md) = self.markets.get_mut(m) {
            if md.size_rates.is_none() {
                md.size_rates = Some(DERIBIT_BTC.map(str::to_owned));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::draft;

    #[test]
    fn fees_and_size_rates_reach_the_scenario_and_bad_boxes_are_named() {
        let mut d = draft();
        d.set_taker(0, "0.0006".into());
        d.set_close_fee(0, "bankruptcy");
        d.set_close_in_margin(0, true);
        let sc = d.to_scenario().unwrap();
        let f = sc.markets[0].fees.clone().unwrap();
        assert_eq!(f.taker.to_string(), "0.0006");
        assert_eq!(f.close_in_requirement, CloseFee::Bankruptcy);
        assert!(f.close_in_margin);
        // Round trip through the scenario keeps every choice.
        let back = Draft::from_scenario(&sc);
        assert_eq!(back.markets[0].taker, "0.0006");
        assert_eq!(back.markets[0].close_fee, CloseFee::Bankruptcy);
        // An empty taker box: no fees at all.
        d.set_taker(0, " ".into());
        assert!(d.to_scenario().unwrap().markets[0].fees.is_none());
        d.set_taker(0, "abc".into());
        assert_eq!(d.to_scenario().unwrap_err().field, "markets[0].fees.taker");

        d.set_taker(0, String::new());
        d.use_size_rates(0);
        let sc = d.to_scenario().unwrap();
        let r = sc.markets[0].size_rates.clone().unwrap();
        assert_eq!(r.maintenance.per_unit.to_string(), "0.00005");
        assert!(sc.markets[0].preset.is_none() && sc.markets[0].tiers.is_none());
        d.set_size_rate(0, 3, "x".into());
        assert_eq!(
            d.to_scenario().unwrap_err().field,
            "markets[0].size_rates.initial.per_unit"
        );
        // Back to a shipped table: the rates go.
        d.set_size_rate(0, 3, "0.00005".into());
        d.set_tier_source(0, "binance-usdm-btcusdt-2024-10");
        assert!(d.to_scenario().unwrap().markets[0].size_rates.is_none());
    }

    #[test]
    fn the_default_margin_holds_the_reserved_fee_as_the_engine_counts_it() {
        let mut d = draft();
        let plain = d.default_margin(0).unwrap();
        d.set_taker(0, "0.0006".into());
        d.set_close_in_margin(0, true);
        let with_fee = d.default_margin(0).unwrap();
        let costs = d.order_costs(0).unwrap();
        assert_eq!(with_fee, plain + costs.fee_to_close);
        // The book's own margin for an isolated position agrees.
        d.positions[0].mode = margin_engine::scenario::ModeSpec::Isolated;
        let book = margin_engine::Book::new(&d.to_scenario().unwrap()).unwrap();
        assert_eq!(book.positions()[0].margin, with_fee);
    }
}
