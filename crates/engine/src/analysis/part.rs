//! One market's share of a snapshot: its positions' figures at its price
//! (shared by every variant), and per variant what they add to the account.
use rust_decimal::Decimal;

use super::Model;
use crate::book::Book;
use crate::compare::loss;
use crate::error::Error;
use crate::liquidation::Bounds;
use crate::num::Checked;
use crate::position::MarginMode;
use crate::rules::{self, CrossSums, Figures, Isolated};

/// One market's positions at one price. Figures do not depend on the
/// margin mode, so every variant reads the same ones.
#[derive(Debug)]
pub(crate) struct MarketAt {
    pub price: Decimal,
    /// One per position of the market, in input order.
    pub figures: Vec<Figures>,
}

impl MarketAt {
    pub(crate) fn new(book: &Book, members: &[usize], price: Decimal) -> Result<MarketAt, Error> {
        let figures = members
            .iter()
            .map(|&i| book.position_figures(i, price))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(MarketAt { price, figures })
    }
}

/// One market's positions in one variant at one price.
#[derive(Debug)]
pub(crate) struct Part {
    pub price: Decimal,
    /// The cross positions' sums, and their initial margins at the price.
    pub cross: CrossSums,
    pub cross_initial: Decimal,
    /// Per position of the market: its isolated standing (`None`: cross).
    pub isolated: Vec<Option<Isolated>>,
    /// Per position: signed distance to its own liquidation price (isolated only).
    pub distance: Vec<Option<Decimal>>,
    /// What the isolated positions add to the account value.
    pub isolated_value: Decimal,
    /// Σ balances and Σ maintenance margins of the isolated positions.
    pub isolated_balance: Decimal,
    pub isolated_maintenance: Decimal,
    /// The highest margin ratio among the open isolated positions.
    pub worst_ratio: Option<Decimal>,
    /// Liquidated isolated positions (input indices), their margins, and
    /// what the wallet loses to them.
    pub liquidated: Vec<usize>,
    pub margin_lost: Decimal,
    pub wallet_lost: Decimal,
    /// Σ margins of the isolated positions still open.
    pub open_isolated_margin: Decimal,
    /// What the isolated positions add to the wallet if prices go back to
    /// the start (`rules::return_part`), and the cross positions' Σ PnL at
    /// the start.
    pub isolated_at_return: Decimal,
    pub cross_start_pnl: Decimal,
}

impl Part {
    pub(crate) fn new(model: &Model, members: &[usize], at: &MarketAt) -> Result<Part, Error> {
        let book = &model.book;
        let mut part = Part {
            price: at.price,
            cross: CrossSums::default(),
            cross_initial: Decimal::ZERO,
            isolated: Vec::with_capacity(members.len()),
            distance: Vec::with_capacity(members.len()),
            isolated_value: Decimal::ZERO,
            isolated_balance: Decimal::ZERO,
            isolated_maintenance: Decimal::ZERO,
            worst_ratio: None,
            liquidated: Vec::new(),
            margin_lost: Decimal::ZERO,
            wallet_lost: Decimal::ZERO,
            open_isolated_margin: Decimal::ZERO,
            isolated_at_return: Decimal::ZERO,
            cross_start_pnl: Decimal::ZERO,
        };
        for (&i, f) in members.iter().zip(&at.figures) {
            let p = book.position(i)?;
            let market = book.market(p.market)?;
            let start_pnl = rules::unrealized_pnl(market, p, market.mark)?;
            match p.mode {
                MarginMode::Cross => {
                    part.cross_start_pnl = part.cross_start_pnl.plus(start_pnl)?;
                    part.cross.add(f)?;
                    part.cross_initial = part
                        .cross_initial
                        .plus(rules::initial_margin_at(market, p, f)?)?;
                    part.isolated.push(None);
                    part.distance.push(None);
                }
                MarginMode::Isolated => {
                    let s = rules::isolated(p.margin, f)?;
                    let margin = rules::margin_value(p.margin, f)?;
                    part.isolated_value =
                        part.isolated_value
                            .plus(rules::isolated_value(book.residual, &s, f)?)?;
                    part.isolated_balance = part.isolated_balance.plus(s.balance)?;
                    part.isolated_maintenance =
                        part.isolated_maintenance.plus(f.maintenance_margin)?;
                    let now_loss = if s.liquidated {
                        Some(loss(book, margin, s.balance, f.notional)?)
                    } else {
                        None
                    };
                    let start_loss = model.start_loss.get(i).copied().flatten();
                    part.isolated_at_return = part
                        .isolated_at_return
                        .plus(rules::return_part(start_loss, now_loss, start_pnl))?;
                    if let Some(lost) = now_loss {
                        part.liquidated.push(i);
                        part.margin_lost = part.margin_lost.plus(margin)?;
                        part.wallet_lost = part.wallet_lost.plus(lost)?;
                    } else {
                        part.open_isolated_margin = part.open_isolated_margin.plus(margin)?;
                        if let Some(r) = rules::margin_ratio(f.maintenance_margin, s.balance)? {
                            part.worst_ratio = Some(part.worst_ratio.map_or(r, |w| w.max(r)));
                        }
                    }
                    let own = model
                        .isolated
                        .get(i)
                        .copied()
                        .flatten()
                        .and_then(|x| x.liquidation);
                    part.distance
                        .push(Bounds::of_isolated(p.side, own).nearest_distance(at.price)?);
                    part.isolated.push(Some(s));
                }
            }
        }
        Ok(part)
    }
}
