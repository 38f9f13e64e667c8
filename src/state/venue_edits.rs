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
    /// Market `m` follows venue profile `id` (the engine's
    /// `VenueProfile::apply`: its maintenance basis, fee rule and size
    /// rates; the taker rate typed is kept, else the example's); any other
    /// `id` ("custom") keeps the rules as they are and drops the name.
    pub fn set_venue(&mut self, m: usize, id: &str) {
        let Some(md) = self.markets.get_mut(m) else {
            return;
        };
        let Some(profile) = margin_engine::venues::get(id) else {
            md.spec.venue = None;
            return;
        };
        let mut spec = md.spec.clone();
        spec.fees = md.fees_spec("taker").ok().flatten();
        profile.apply(&mut spec);
        let had_rates = md.size_rates.is_some();
        let fresh = crate::state::draft::MarketDraft::from_spec(&spec);
        md.spec.venue = spec.venue;
        md.spec.mm_basis = spec.mm_basis;
        md.taker = fresh.taker;
        md.close_fee = fresh.close_fee;
        md.close_in_margin = fresh.close_in_margin;
        md.size_rates = fresh.size_rates;
        if had_rates && md.size_rates.is_none() && md.preset.is_none() && md.tiers.is_empty() {
            // Leaving size rates with no table behind: start a custom one.
            md.tiers.push(crate::state::tier_draft::one_tier());
        }
    }

    pub fn set_funding_rate(&mut self, m: usize, text: String) {
        if let Some(md) = self.markets.get_mut(m) {
            md.funding_rate = text;
        }
    }

    pub fn set_funding_every(&mut self, m: usize, text: String) {
        if let Some(md) = self.markets.get_mut(m) {
            md.funding_every = text;
        }
    }

    pub fn set_funding_schedule(&mut self, m: usize, text: String) {
        if let Some(md) = self.markets.get_mut(m) {
            md.funding_schedule = text;
        }
    }

    /// The taker rate typed; under a venue profile, its fee rule comes with
    /// it (OKX's fee at the mark counts once a rate is entered).
    pub fn set_taker(&mut self, m: usize, text: String) {
        if let Some(md) = self.markets.get_mut(m) {
            md.taker = text;
            if let Some((close, in_margin)) = md
                .spec
                .venue
                .as_deref()
                .and_then(margin_engine::venues::get)
                .and_then(|p| p.close)
            {
                md.close_fee = close;
                md.close_in_margin = in_margin;
            }
        }
    }

    /// `"mark"`, `"bankruptcy"`, anything else: not in the requirement.
    pub fn set_close_fee(&mut self, m: usize, rule: &str) {
        if let Some(md) = self.markets.get_mut(m) {
            md.spec.venue = None;
            md.close_fee = match rule {
                "mark" => CloseFee::Mark,
                "bankruptcy" => CloseFee::Bankruptcy,
                "account_bankruptcy" => CloseFee::AccountBankruptcy,
                _ => CloseFee::None,
            };
        }
    }

    pub fn set_close_in_margin(&mut self, m: usize, on: bool) {
        if let Some(md) = self.markets.get_mut(m) {
            md.spec.venue = None;
            md.close_in_margin = on;
        }
    }

    /// Mango's health rule on market `m` (on: a positive health counts at
    /// 0.95, Mango's overall asset weight, until changed).
    /// Off, its positions' unsettled PnL goes too (their box goes, and the
    /// rule alone takes one).
    pub fn set_health_rule(&mut self, m: usize, on: bool) {
        let Some(md) = self.markets.get_mut(m) else {
            return;
        };
        md.health_weight = on.then(|| "0.95".to_owned());
        if !on {
            let symbol = md.symbol.clone();
            for p in self.positions.iter_mut().filter(|p| p.market == symbol) {
                p.unsettled.clear();
            }
        }
    }

    pub fn set_health_weight(&mut self, m: usize, text: String) {
        if let Some(md) = self.markets.get_mut(m) {
            if md.health_weight.is_some() {
                md.health_weight = Some(text);
            }
        }
    }

    pub fn set_hedged_at_entry(&mut self, m: usize, on: bool) {
        if let Some(md) = self.markets.get_mut(m) {
            md.spec.hedged_at_entry = on;
        }
    }

    /// Rate box `k` of [`RATE_BOXES`].
    pub fn set_size_rate(&mut self, m: usize, k: usize, text: String) {
        if let Some(md) = self.markets.get_mut(m) {
            if let Some(slot) = md.size_rates.as_mut().and_then(|r| r.get_mut(k)) {
                *slot = text;
                md.spec.venue = None;
            }
        }
    }

    /// Market `m` margined by rates linear in size, starting from Deribit's
    /// BTC rates (kept if it already has its own).
    pub fn use_size_rates(&mut self, m: usize) {
        if let Some(md) = self.markets.get_mut(m) {
            if md.size_rates.is_none() {
                md.size_rates = Some(DERIBIT_BTC.map(str::to_owned));
                md.spec.venue = None;
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
    fn a_venue_profile_sets_the_rules_and_an_edit_of_a_rule_drops_its_name() {
        let mut d = draft();
        d.set_venue(0, "phemex-usdtm");
        let m = &d.to_scenario().unwrap().markets[0];
        assert_eq!(m.venue.as_deref(), Some("phemex-usdtm"));
        let f = m.fees.clone().unwrap();
        assert_eq!(
            (
                f.taker.to_string().as_str(),
                f.close_in_requirement,
                f.close_in_margin
            ),
            ("0.0006", CloseFee::Mark, true)
        );
        // The trader's own rate keeps the profile.
        d.set_taker(0, "0.0002".into());
        assert_eq!(
            d.to_scenario().unwrap().markets[0].venue.as_deref(),
            Some("phemex-usdtm")
        );
        assert!(margin_engine::Book::new(&d.to_scenario().unwrap()).is_ok());
        // Another rule: custom rules now.
        d.set_close_fee(0, "bankruptcy");
        assert_eq!(d.to_scenario().unwrap().markets[0].venue, None);
        // BitMEX: maintenance on entry, and the typed rate stays.
        d.set_venue(0, "bitmex");
        let m = &d.to_scenario().unwrap().markets[0];
        assert_eq!(m.mm_basis, margin_engine::MmBasis::Entry);
        assert_eq!(m.fees.clone().unwrap().close_in_requirement, CloseFee::None);
        assert_eq!(m.fees.clone().unwrap().taker.to_string(), "0.0002");
        // Deribit's rates replace the table; leaving them brings a table back.
        d.set_venue(0, "deribit-btc-usdc");
        assert!(d.to_scenario().unwrap().markets[0].size_rates.is_some());
        assert!(margin_engine::Book::new(&d.to_scenario().unwrap()).is_ok());
        d.set_venue(0, "binance-usdm");
        let m = &d.to_scenario().unwrap().markets[0];
        assert!(m.size_rates.is_none() && (m.preset.is_some() || m.tiers.is_some()));
        assert!(margin_engine::Book::new(&d.to_scenario().unwrap()).is_ok());
        d.set_venue(0, "custom");
        assert_eq!(d.to_scenario().unwrap().markets[0].venue, None);
        // OKX: no example rate; the rate typed brings its fee at the mark.
        d.set_venue(0, "okx-swap");
        d.set_taker(0, String::new());
        assert!(margin_engine::Book::new(&d.to_scenario().unwrap()).is_ok());
        d.set_taker(0, "0.0005".into());
        let m = &d.to_scenario().unwrap().markets[0];
        assert_eq!(m.fees.clone().unwrap().close_in_requirement, CloseFee::Mark);
        assert!(margin_engine::Book::new(&d.to_scenario().unwrap()).is_ok());
        // A linear-only profile is dropped when the market turns inverse.
        d.set_venue(0, "deribit-btc-usdc");
        d.set_contract(0, true);
        assert_eq!(d.to_scenario().unwrap().markets[0].venue, None);
    }

    #[test]
    fn funding_over_the_holding_time_reaches_the_book() {
        let mut d = draft();
        d.set_funding_rate(0, "0.0001".into());
        d.hours = "30".into();
        let sc = d.to_scenario().unwrap();
        assert_eq!(sc.settings.hours.to_string(), "30");
        let book = margin_engine::Book::new(&sc).unwrap();
        let p = &book.positions()[0];
        assert_eq!(
            p.funding_paid,
            margin_engine::Decimal::from(18),
            "{p:?} {:?}",
            sc.positions[0]
        );
        assert_eq!(
            d.row_figures(0).funding,
            Some(margin_engine::Decimal::from(18))
        );
    }

    #[test]
    fn the_default_margin_holds_the_reserved_fee_as_the_engine_counts_it() {
        let mut d = draft();
        let plain = d.default_margin(0).unwrap();
        d.set_taker(0, "0.0006".into());
        d.set_close_in_margin(0, true);
        let with_fee = d.default_margin(0).unwrap();
        let costs = d.row_figures(0).costs.unwrap();
        assert_eq!(with_fee, plain + costs.fee_to_close);
        // The book's own margin for an isolated position agrees.
        d.positions[0].mode = margin_engine::scenario::ModeSpec::Isolated;
        let book = margin_engine::Book::new(&d.to_scenario().unwrap()).unwrap();
        assert_eq!(book.positions()[0].margin, with_fee);
    }
}
