//! A validated market: its symbol, mark price, sensitivity to a
//! whole-market move, maintenance-margin tier table, and what kind of
//! contract it trades (docs/model.md §1, §10).
use rust_decimal::Decimal;

pub use crate::scenario::{CloseFee, MmBasis};
use crate::tiers::TierTable;

/// What a market's contract is, for the rules that differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContractKind {
    /// Size in base units; PnL and tiers in the quote. `settle_price` is
    /// the USD price of the settle asset (fixed; 1 for a version-1 book).
    Linear { settle_price: Decimal },
    /// Size in contracts of `contract_size` USD; PnL and tiers in the coin,
    /// which is the settle asset and priced at this market's price.
    Inverse { contract_size: Decimal },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Market {
    pub symbol: String,
    pub mark: Decimal,
    pub beta: Decimal,
    /// Linear: tiers on the quote notional; inverse: on the coin notional.
    pub tiers: TierTable,
    pub contract: ContractKind,
    /// Index of the asset PnL and isolated margins are paid in.
    pub settle: usize,
    /// The settle asset is not counted in full: the cross PnL of this
    /// market is valued with it (see `crate::collateral`).
    pub pooled: bool,
    pub mm_basis: MmBasis,
    /// Price tick for rounding liquidation prices in the safe direction.
    pub tick: Option<Decimal>,
    /// Trading fees and the rule for the fee to close (none: no fees).
    pub fees: Option<Fees>,
    /// Margin rates linear in size (Deribit); the tier table is then one
    /// tier at the maintenance base rate.
    pub size_rates: Option<SizeRates>,
    /// Funding: its rates and interval.
    pub funding: Option<Funding>,
    /// Hedge mode's margin (BTZO): the hedged part at entry (`Book::new`
    /// sets its positions' extras).
    pub hedged_at_entry: bool,
    /// Mango's health rule: the weight of a position's positive health
    /// (`rules::health`); its maintenance counts inside the settle asset.
    pub health: Option<Decimal>,
    /// Linear, settled at 1, maintenance on the mark, whether or not its
    /// settle asset counts in full: the rules' arithmetic is version 1's.
    pub(crate) unit_linear: bool,
}

/// A market's validated fee rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fees {
    pub taker: Decimal,
    pub close_in_requirement: CloseFee,
    pub close_in_margin: bool,
    pub funding_in_requirement: bool,
}

/// A market's validated funding: `schedule[k]` is the rate of interval
/// `k` (from the start of the holding time), `rate` the one after them;
/// one interval is `every` hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Funding {
    pub rate: Decimal,
    pub every: Decimal,
    pub schedule: Vec<Decimal>,
}

impl Funding {
    /// The rate of interval `k` (0 for the first).
    pub fn rate_of(&self, k: usize) -> Decimal {
        self.schedule.get(k).copied().unwrap_or(self.rate)
    }

    /// The number of whole intervals in `hours` (a 28-digit quotient that
    /// rounds up to a whole number is checked back: `n·every ≤ hours`).
    pub fn events(&self, hours: Decimal) -> Result<usize, crate::error::Error> {
        use crate::num::Checked;
        // `hours − hours mod every` is a whole number of intervals exactly
        // (the remainder is exact); dividing it and rounding to the nearest
        // counts them, where `⌊hours ÷ every⌋` of a rounded 28-digit
        // quotient could count one too many.
        let rest = hours
            .checked_rem(self.every)
            .ok_or_else(|| crate::error::Error::internal("funding interval remainder"))?;
        let n = hours.minus(rest)?.over(self.every)?.round().normalize();
        usize::try_from(n.mantissa())
            .map_err(|_| crate::error::Error::internal("funding intervals out of range"))
    }

    /// Σ of the rates of the first `n` intervals.
    pub fn total_rate(&self, n: usize) -> Result<Decimal, crate::error::Error> {
        use crate::num::Checked;
        let listed = n.min(self.schedule.len());
        let mut sum = Decimal::ZERO;
        for r in self.schedule.iter().take(listed) {
            sum = sum.plus(*r)?;
        }
        let rest = Decimal::from(n.saturating_sub(listed));
        sum.plus(rest.times(self.rate)?)
    }
}

/// `base + per_unit × size`, for maintenance and (optionally) initial margin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SizeRates {
    pub maintenance: (Decimal, Decimal),
    pub initial: Option<(Decimal, Decimal)>,
}

impl Market {
    pub(crate) fn compute_unit_linear(&self) -> bool {
        self.contract
            == ContractKind::Linear {
                settle_price: Decimal::ONE,
            }
            && self.mm_basis == MmBasis::Mark
            && self.size_rates.is_none()
            && self.fees.is_none_or(|f| {
                f.close_in_requirement == CloseFee::None && !f.funding_in_requirement
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn funding_events_count_whole_intervals_whatever_the_scale() {
        let f = Funding {
            rate: Decimal::ONE,
            every: Decimal::new(80, 1), // "8.0"
            schedule: Vec::new(),
        };
        // 8 ÷ 2.666…7 rounds to 3.000…: two whole intervals, not three.
        let g = Funding {
            rate: Decimal::ONE,
            every: crate::dec::parse("2.6666666666666666666666666667").unwrap_or_default(),
            schedule: Vec::new(),
        };
        assert_eq!(g.events(Decimal::from(8)).ok(), Some(2));
        // 24.000 ÷ 8.0 = 3.0000…: three, not 30 or 3,000.
        assert_eq!(f.events(Decimal::new(24_000, 3)).ok(), Some(3));
        assert_eq!(f.events(Decimal::new(239, 1)).ok(), Some(2));
        assert_eq!(f.events(Decimal::ZERO).ok(), Some(0));
    }
}
