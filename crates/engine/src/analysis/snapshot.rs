//! A book at one price vector, assembled from per-market parts, and what the
//! page, the CLI and the JS API read from it.
use std::rc::Rc;

use rust_decimal::Decimal;

use super::part::{MarketAt, Part};
use super::story::{Money, Threat};
use super::{Analyzer, Model};
use crate::book::Prices;
use crate::compare::{loss, Outcome, Variant};
use crate::error::Error;
use crate::line::Scan;
use crate::liquidation::Bounds;
use crate::num::Checked;
use crate::position::MarginMode;
use crate::rules::{self, CrossSums};
use crate::state::{CrossState, PositionState};

/// The book at one price vector, under each variant that can be formed.
#[derive(Debug)]
pub struct Snapshot {
    pub(crate) analyzer: u64,
    prices: Prices,
    markets: Vec<Rc<MarketAt>>,
    variants: Vec<VariantAt>,
}

/// One variant at the snapshot's prices.
#[derive(Debug)]
pub struct VariantAt {
    pub variant: Variant,
    parts: Vec<Rc<Part>>,
    /// The cross account's state (no positions: an empty account).
    pub cross_state: CrossState,
    /// The cross account's boundaries, when the variant has cross positions.
    pub cross: Option<CrossAt>,
    pub totals: Totals,
    /// The variant's line in the comparison.
    pub outcome: Outcome,
    /// What it holds, can still lose, has lost for good, and would hold if
    /// prices went back to the start.
    pub money: Money,
}

/// The cross account's boundaries at the snapshot's prices.
#[derive(Debug)]
pub struct CrossAt {
    /// The account is liquidated at these prices.
    pub liquidated: bool,
    /// Per market: the scans along its price (`None`: no cross position there).
    scans: Vec<Option<Rc<CrossScans>>>,
}

/// The cross account's crossings along one market, for one state of the others.
#[derive(Debug)]
struct CrossScans {
    /// Cross wallet + the other markets' `Σ uPnL − Σ MM` (liquidation) and
    /// `Σ uPnL` (bankruptcy).
    balances: (Decimal, Decimal),
    liquidation: Scan,
    bankruptcy: Scan,
}

/// A variant's headline figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    /// Wallet + uPnL after liquidations.
    pub account_value: Decimal,
    /// Cross equity plus the isolated positions' margin balances.
    pub margin_balance: Decimal,
    /// Cross maintenance margin plus the isolated positions'.
    pub maintenance_margin: Decimal,
    /// The cross account's margin ratio when the variant has one, else the
    /// highest among the open isolated positions (`None`: no ratio — no
    /// position open, or a cross equity at or below zero).
    pub margin_ratio: Option<Decimal>,
}

/// One position in one variant at the snapshot's prices.
#[derive(Debug, Clone, PartialEq)]
pub struct PositionAt {
    pub index: usize,
    pub mode: MarginMode,
    pub state: PositionState,
    /// Closed by a liquidation: its own (isolated) or the cross account's.
    pub closed: bool,
    /// Isolated: its own liquidation and bankruptcy prices.
    pub liquidation_price: Option<Decimal>,
    pub bankruptcy_price: Option<Decimal>,
    /// Signed relative distance to the nearest liquidation price that
    /// concerns it: its own, or the cross account's along its market.
    pub distance: Option<Decimal>,
}

/// Builds the snapshot of `a` at `prices`, sharing unchanged parts with `previous`.
pub(super) fn build(
    a: &Analyzer,
    prices: &Prices,
    previous: Option<&Snapshot>,
) -> Result<Snapshot, Error> {
    if prices.0.len() != a.book.markets.len() {
        return Err(Error::internal("price vector of the wrong length"));
    }
    let markets = a
        .book
        .by_market
        .iter()
        .enumerate()
        .map(|(m, members)| {
            let price = prices.get(m)?;
            match previous
                .and_then(|p| p.markets.get(m))
                .filter(|x| x.price == price)
            {
                Some(same) => Ok(Rc::clone(same)),
                None => MarketAt::new(&a.book, members, price).map(Rc::new),
            }
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let variants = a
        .models
        .iter()
        .map(|model| {
            let before = previous.and_then(|p| p.variant(model.variant));
            variant_at(a, model, &markets, before)
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(Snapshot {
        analyzer: a.id,
        prices: prices.clone(),
        markets,
        variants,
    })
}

fn variant_at(
    a: &Analyzer,
    model: &Model,
    markets: &[Rc<MarketAt>],
    before: Option<&VariantAt>,
) -> Result<VariantAt, Error> {
    let book = &model.book;
    let parts = a
        .book
        .by_market
        .iter()
        .zip(markets)
        .enumerate()
        .map(|(m, (members, at))| {
            match before
                .and_then(|b| b.parts.get(m))
                .filter(|p| p.price == at.price)
            {
                Some(same) => Ok(Rc::clone(same)),
                None => Part::new(model, members, at).map(Rc::new),
            }
        })
        .collect::<Result<Vec<_>, Error>>()?;

    let mut sums = CrossSums::default();
    let mut cross_initial = Decimal::ZERO;
    let (mut isolated_value, mut balance, mut maintenance) =
        (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    let (mut margin_lost, mut wallet_lost) = (Decimal::ZERO, Decimal::ZERO);
    let (mut open_margin, mut isolated_return, mut cross_start) =
        (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    let mut worst: Option<Decimal> = None;
    let mut liquidated = Vec::new();
    for p in &parts {
        sums.merge(&p.cross)?;
        cross_initial = cross_initial.plus(p.cross_initial)?;
        isolated_value = isolated_value.plus(p.isolated_value)?;
        balance = balance.plus(p.isolated_balance)?;
        maintenance = maintenance.plus(p.isolated_maintenance)?;
        margin_lost = margin_lost.plus(p.margin_lost)?;
        wallet_lost = wallet_lost.plus(p.wallet_lost)?;
        open_margin = open_margin.plus(p.open_isolated_margin)?;
        isolated_return = isolated_return.plus(p.isolated_at_return)?;
        cross_start = cross_start.plus(p.cross_start_pnl)?;
        if let Some(r) = p.worst_ratio {
            worst = Some(worst.map_or(r, |w| w.max(r)));
        }
        liquidated.extend_from_slice(&p.liquidated);
    }
    liquidated.sort_unstable();

    let has_cross = model.has_cross();
    let price_of = |m: usize| -> Result<Decimal, Error> {
        markets
            .get(m)
            .map(|x| x.price)
            .ok_or_else(|| Error::internal("market index"))
    };
    let held = book.collateral.held(&price_of)?;
    let standing = sums.standing(&book.collateral, &price_of, book.residual)?;
    let state = CrossState::new(held, &sums, &standing, cross_initial)?;
    // What a cross liquidation takes: the collateral at today's prices
    // (lost now), and as it would be worth back at the start (the figure
    // "if prices return" reads).
    let (cross_loss, cross_return_loss) = if state.liquidated {
        (
            Some(loss(book, held, standing.market, sums.notional)?),
            Some(loss(
                book,
                book.cross_wallet,
                standing.market,
                sums.notional,
            )?),
        )
    } else {
        (None, None)
    };
    if let Some(lost) = cross_loss {
        wallet_lost = wallet_lost.plus(lost)?;
    }
    let account_value = standing.value.plus(isolated_value)?;
    let totals = Totals {
        account_value,
        margin_balance: if has_cross {
            state.equity.plus(balance)?
        } else {
            balance
        },
        maintenance_margin: state.maintenance_margin.plus(maintenance)?,
        margin_ratio: if has_cross { state.margin_ratio } else { worst },
    };
    let cross_at_return =
        rules::return_part(model.cross_start_loss, cross_return_loss, cross_start);
    let money = Money {
        holds: account_value,
        at_stake: rules::at_stake(held, has_cross && !state.liquidated, open_margin)?,
        locked_loss: wallet_lost,
        at_return: book.wallet.plus(isolated_return)?.plus(cross_at_return)?,
    };
    let outcome = Outcome {
        variant: model.variant,
        account_value,
        cross_liquidated: state.liquidated,
        cross_wallet: held,
        liquidated_positions: liquidated,
        isolated_margin_lost: margin_lost,
        wallet_lost,
        positions: book.positions.len(),
    };
    let cross = if has_cross {
        Some(cross_at(model, &parts, markets, state.liquidated, before)?)
    } else {
        None
    };
    Ok(VariantAt {
        variant: model.variant,
        parts,
        cross_state: state,
        cross,
        totals,
        outcome,
        money,
    })
}

/// The cross account's scans along each market: rescanned only where the
/// balance of the other markets changed.
fn cross_at(
    model: &Model,
    parts: &[Rc<Part>],
    markets: &[Rc<MarketAt>],
    liquidated: bool,
    before: Option<&VariantAt>,
) -> Result<CrossAt, Error> {
    let book = &model.book;
    if !book.collateral.is_simple() {
        return general_cross_at(model, markets, liquidated);
    }
    let mut scans = Vec::with_capacity(parts.len());
    for (m, surfaces) in model.cross.iter().enumerate() {
        let Some(surfaces) = surfaces else {
            scans.push(None);
            continue;
        };
        let (mut to_liquidation, mut to_bankruptcy) = (book.cross_wallet, book.cross_wallet);
        for (k, p) in parts.iter().enumerate() {
            if k != m {
                to_liquidation = to_liquidation.plus(p.cross.surplus_part()?)?;
                to_bankruptcy = to_bankruptcy.plus(p.cross.unrealized_pnl)?;
            }
        }
        let balances = (to_liquidation, to_bankruptcy);
        let previous = before
            .and_then(|b| b.cross.as_ref())
            .and_then(|c| c.scans.get(m))
            .and_then(Option::as_ref);
        let s = match previous.filter(|s| s.balances == balances) {
            Some(same) => Rc::clone(same),
            None => Rc::new(CrossScans {
                balances,
                liquidation: surfaces.liquidation.scan(book, to_liquidation)?,
                bankruptcy: surfaces.bankruptcy.scan(book, to_bankruptcy)?,
            }),
        };
        scans.push(Some(s));
    }
    Ok(CrossAt { liquidated, scans })
}

/// The cross account's scans when its collateral moves with prices or is
/// not counted in full: the whole account along each market it moves with,
/// the others at the snapshot's prices (no per-market sharing: a haircut
/// couples every market settled in one asset).
fn general_cross_at(
    model: &Model,
    markets: &[Rc<MarketAt>],
    liquidated: bool,
) -> Result<CrossAt, Error> {
    let book = &model.book;
    let prices = Prices(markets.iter().map(|x| x.price).collect());
    // The cross members once; `model.general` already says which markets
    // the account moves with.
    let members = book.cross_members();
    let mut scans = Vec::with_capacity(markets.len());
    for (m, moves) in model.general.iter().enumerate() {
        if !moves {
            scans.push(None);
            continue;
        }
        let scan = |b: crate::line::Boundary| book.cross_scan(&prices, m, b, &members);
        scans.push(Some(Rc::new(CrossScans {
            balances: (Decimal::ZERO, Decimal::ZERO),
            liquidation: scan(crate::line::Boundary::Liquidation)?,
            bankruptcy: scan(crate::line::Boundary::Bankruptcy)?,
        })));
    }
    Ok(CrossAt { liquidated, scans })
}

impl Snapshot {
    /// Market `m`'s move from its mark, `(price − mark) / mark`.
    pub fn change_from_mark(&self, a: &Analyzer, m: usize) -> Result<Decimal, Error> {
        let mark = a.book.market(m)?.mark;
        self.prices.get(m)?.minus(mark)?.over(mark)
    }

    /// The prices of this snapshot.
    pub fn prices(&self) -> &Prices {
        &self.prices
    }

    /// A variant at these prices, if it can be formed.
    pub fn variant(&self, v: Variant) -> Option<&VariantAt> {
        self.variants.iter().find(|x| x.variant == v)
    }

    /// The variants that can be formed, in [`Variant::ALL`] order.
    pub fn variants(&self) -> &[VariantAt] {
        &self.variants
    }

    /// Position `i` of variant `v` (an error if the variant cannot be formed).
    pub fn position(&self, a: &Analyzer, v: Variant, i: usize) -> Result<PositionAt, Error> {
        let at = self
            .variant(v)
            .ok_or_else(|| Error::internal("variant not formed"))?;
        let model = a
            .model(v)
            .ok_or_else(|| Error::internal("variant not formed"))?;
        let p = model.book.position(i)?;
        let slot = *a
            .slot
            .get(i)
            .ok_or_else(|| Error::internal("position index"))?;
        let market = self
            .markets
            .get(p.market)
            .ok_or_else(|| Error::internal("market index"))?;
        let f = market
            .figures
            .get(slot)
            .ok_or_else(|| Error::internal("slot"))?;
        let part = at
            .parts
            .get(p.market)
            .ok_or_else(|| Error::internal("market index"))?;
        let isolated = part.isolated.get(slot).copied().flatten();
        let ratio = match isolated {
            Some(s) => crate::rules::margin_ratio(f.maintenance_margin, s.balance)?,
            None => None,
        };
        let initial = crate::rules::initial_margin_at(model.book.market(p.market)?, p, f)?;
        let state = PositionState::new(
            model.book.market(p.market)?,
            p,
            f,
            initial,
            isolated.map(|s| (s, ratio)),
        )?;
        let own = model.isolated.get(i).copied().flatten().unwrap_or_default();
        let (closed, distance) = match p.mode {
            MarginMode::Isolated => (state.liquidated, part.distance.get(slot).copied().flatten()),
            MarginMode::Cross => {
                let cross = at.cross.as_ref();
                (
                    cross.is_some_and(|c| c.liquidated),
                    cross
                        .map(|c| c.distance(p.market, f.price))
                        .transpose()?
                        .flatten(),
                )
            }
        };
        Ok(PositionAt {
            index: i,
            mode: p.mode,
            state,
            closed,
            liquidation_price: own.liquidation,
            bankruptcy_price: own.bankruptcy,
            distance,
        })
    }
}

impl CrossAt {
    /// The cross liquidation prices along market `m` around `price`
    /// (`None`: no cross position in `m`).
    pub fn liquidation(&self, m: usize, price: Decimal) -> Option<Bounds> {
        self.scan(m).map(|s| Bounds::around(&s.liquidation, price))
    }

    /// The cross bankruptcy prices along market `m` around `price`.
    pub fn bankruptcy(&self, m: usize, price: Decimal) -> Option<Bounds> {
        self.scan(m).map(|s| Bounds::around(&s.bankruptcy, price))
    }

    /// Signed distance from `price` to the nearest cross liquidation price along `m`.
    pub fn distance(&self, m: usize, price: Decimal) -> Result<Option<Decimal>, Error> {
        match self.liquidation(m, price) {
            Some(b) => b.nearest_distance(price),
            None => Ok(None),
        }
    }

    /// The markets the cross account holds positions in.
    pub fn markets(&self) -> impl Iterator<Item = usize> + '_ {
        self.scans
            .iter()
            .enumerate()
            .filter(|(_, s)| s.is_some())
            .map(|(m, _)| m)
    }

    fn scan(&self, m: usize) -> Option<&CrossScans> {
        self.scans.get(m).and_then(Option::as_deref)
    }
}

impl VariantAt {
    /// The liquidation nearest to the current prices, in % move: an open
    /// isolated position's own, or the cross account's along one market
    /// with the others held (while the account stands), whichever market.
    pub fn nearest_threat(&self, a: &Analyzer, prices: &Prices) -> Result<Option<Threat>, Error> {
        let model = a
            .model(self.variant)
            .ok_or_else(|| Error::internal("variant not formed"))?;
        let mut best: Option<Threat> = None;
        let mut consider = |t: Threat| {
            if best
                .as_ref()
                .is_none_or(|b| t.distance.abs() < b.distance.abs())
            {
                best = Some(t);
            }
        };
        for (m, (p, members)) in self.parts.iter().zip(&a.book.by_market).enumerate() {
            for ((s, d), &index) in p.isolated.iter().zip(&p.distance).zip(members) {
                let own = model.isolated.get(index).copied().flatten();
                if let (Some(s), Some(distance), Some(price)) =
                    (s, *d, own.and_then(|x| x.liquidation))
                {
                    if !s.liquidated {
                        consider(Threat {
                            market: m,
                            symbol: String::new(),
                            position: Some(index),
                            price,
                            distance,
                        });
                    }
                }
            }
        }
        if let Some(c) = self.cross.as_ref().filter(|c| !c.liquidated) {
            for m in c.markets() {
                let at = prices.get(m)?;
                let Some(bounds) = c.liquidation(m, at) else {
                    continue;
                };
                for price in [bounds.down, bounds.up].into_iter().flatten() {
                    consider(Threat {
                        market: m,
                        symbol: String::new(),
                        position: None,
                        price,
                        distance: price.minus(at)?.over(at)?,
                    });
                }
            }
        }
        // The symbol is named once, for the winner only.
        best.map(|mut t| {
            t.symbol.clone_from(&a.book.market(t.market)?.symbol);
            Ok(t)
        })
        .transpose()
    }

    /// Position indices ordered by how close each is to its liquidation:
    /// closed ones first, then by |distance|, then those with none.
    pub fn by_risk(&self, a: &Analyzer, prices: &Prices) -> Result<Vec<usize>, Error> {
        let cross_closed = self.cross.as_ref().is_some_and(|c| c.liquidated);
        let mut keyed: Vec<(u8, Decimal, usize)> = Vec::with_capacity(a.slot.len());
        for (m, (p, members)) in self.parts.iter().zip(&a.book.by_market).enumerate() {
            let cross_distance = match &self.cross {
                Some(c) => c.distance(m, prices.get(m)?)?,
                None => None,
            };
            for (slot, &i) in members.iter().enumerate() {
                let (closed, d) = match p.isolated.get(slot).copied().flatten() {
                    Some(s) => (s.liquidated, p.distance.get(slot).copied().flatten()),
                    None => (cross_closed, cross_distance),
                };
                let key = match (closed, d) {
                    (true, _) => (0, Decimal::ZERO, i),
                    (false, Some(d)) => (1, d.abs(), i),
                    (false, None) => (2, Decimal::ZERO, i),
                };
                keyed.push(key);
            }
        }
        keyed.sort_unstable();
        Ok(keyed.into_iter().map(|(_, _, i)| i).collect())
    }
}
