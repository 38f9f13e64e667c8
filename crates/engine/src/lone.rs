//! One position on its market, outside a book: what the editor shows beside
//! a position's boxes before the whole book is valid (its default margin,
//! its order costs), by the same rules as the book's.
use rust_decimal::Decimal;

use crate::error::Error;
use crate::market::{ContractKind, Market};
use crate::position::Position;
use crate::scenario::{Contract, MarketSpec, PositionSpec};
use crate::state::OrderCosts;
use crate::tiers::TierTable;
use crate::{limits, rules, venue};

/// The market's rules that a lone position's margin and costs read: its
/// contract, fees and size-linear rates (no tier table, settled at 1).
fn margin_market(m: &MarketSpec) -> Result<Market, Error> {
    let contract = match m.contract {
        Contract::LinearPerpetual => ContractKind::Linear {
            settle_price: Decimal::ONE,
        },
        Contract::InversePerpetual => {
            let contract_size = m.contract_size.unwrap_or(Decimal::ONE);
            limits::price(contract_size).map_err(|e| e.within("contract_size"))?;
            ContractKind::Inverse { contract_size }
        }
    };
    let rules = venue::market_rules(m)?;
    Ok(Market {
        symbol: m.symbol.clone(),
        mark: m.mark,
        beta: m.beta,
        tiers: TierTable::default(),
        contract,
        settle: 0,
        pooled: false,
        mm_basis: m.mm_basis,
        tick: m.tick,
        fees: rules.fees,
        size_rates: rules.size_rates,
        funding: rules.funding,
        hedged_at_entry: false,
        health: None,
        unit_linear: false,
    })
}

/// The margin position `p` opens with on market `m` by default, in its
/// settle units — what an isolated position gets when no margin is given:
/// `size × entry ÷ leverage` (inverse `N ÷ entry ÷ leverage` coins), with the
/// market's size-linear initial rate or reserved fee to close when it has
/// them (`rules::opening_margin`). Errors name the field (`size`, `entry`,
/// `leverage`, `contract_size`, `fees.taker`, `size_rates…`).
pub fn opening_margin_of(m: &MarketSpec, p: &PositionSpec) -> Result<Decimal, Error> {
    rules::opening_margin(&margin_market(m)?, &Position::from_spec(p, 0)?)
}

/// Position `p`'s order costs on market `m` (`None`: the market has no
/// fees), as the book reports them.
pub fn order_costs_of(m: &MarketSpec, p: &PositionSpec) -> Result<Option<OrderCosts>, Error> {
    OrderCosts::of(&margin_market(m)?, &Position::from_spec(p, 0)?)
}

/// The funding position `p` pays on market `m` over `hours` (settle units;
/// negative: received), as the book takes it.
pub fn funding_paid_of(m: &MarketSpec, p: &PositionSpec, hours: Decimal) -> Result<Decimal, Error> {
    let hours = venue::hours(hours)?;
    rules::funding_paid(&margin_market(m)?, &Position::from_spec(p, 0)?, hours)
}
