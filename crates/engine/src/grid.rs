//! The verdict over a grid of two markets' prices (docs/model.md §8).
//!
//! The cross surplus is a sum of per-market parts, so the all-cross account
//! is liquidated at `(x, y)` exactly when `frozen + part_x(x) + part_y(y) ≤ 0`;
//! isolated liquidation is per position. Each axis is therefore computed once
//! per point and a cell costs one comparison, not a book evaluation.
use rust_decimal::Decimal;
use serde::Serialize;

use crate::book::{Book, Prices};
use crate::compare::Verdict;
use crate::dec;
use crate::error::{Error, ErrorKind};
use crate::num::{neg, Checked};
use crate::position::MarginMode;
use crate::rules::{self, CrossSums};
use crate::sweep::Frozen;

mod coupled;

/// The verdict (all cross against all isolated) over a grid of two markets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grid {
    pub x_market: String,
    pub y_market: String,
    #[serde(serialize_with = "dec::vec")]
    pub xs: Vec<Decimal>,
    #[serde(serialize_with = "dec::vec")]
    pub ys: Vec<Decimal>,
    /// Row-major (`cells[j·xs.len() + i]` is at `xs[i]`, `ys[j]`): the
    /// [`Verdict`] code, 0 neither, 1 cross wiped while isolated survives,
    /// 2 isolated loses positions while cross survives, 3 both.
    pub cells: Vec<u8>,
}

/// One axis of the grid: a market and the positions of a variant in it.
struct Axis<'a> {
    book: &'a Book,
    market: usize,
    members: Vec<usize>,
}

impl<'a> Axis<'a> {
    fn new(book: &'a Book, market: usize, movers: &[usize]) -> Axis<'a> {
        let members = movers
            .iter()
            .copied()
            .filter(|&i| book.positions.get(i).is_some_and(|p| p.market == market))
            .collect();
        Axis {
            book,
            market,
            members,
        }
    }

    /// The members' part of the cross surplus (`Σ uPnL − Σ MM`) at `price`.
    fn cross_part(&self, price: Decimal) -> Result<Decimal, Error> {
        self.cross_sums(price)?.surplus_part()
    }

    /// The members' cross sums at `price`.
    fn cross_sums(&self, price: Decimal) -> Result<CrossSums, Error> {
        let mut sums = CrossSums::default();
        for &i in &self.members {
            sums.add(&self.book.position_figures(i, price)?)?;
        }
        Ok(sums)
    }

    /// How many of the members (isolated) are liquidated at `price`.
    fn isolated_lost(&self, price: Decimal) -> Result<usize, Error> {
        let mut n = 0usize;
        for &i in &self.members {
            let f = self.book.position_figures(i, price)?;
            if rules::isolated(self.book.position(i)?.margin, &f)?.liquidated {
                n = n.saturating_add(1);
            }
        }
        Ok(n)
    }

    fn symbol(&self) -> Result<String, Error> {
        Ok(self.book.market(self.market)?.symbol.clone())
    }
}

impl Book {
    /// The verdict over markets `mx` × `my` at prices `xs` × `ys`, the others at `base`.
    pub fn grid(
        &self,
        base: &Prices,
        mx: usize,
        my: usize,
        xs: Vec<Decimal>,
        ys: Vec<Decimal>,
    ) -> Result<Grid, Error> {
        if mx == my {
            return Err(Error::new(
                "y_market",
                ErrorKind::SameMarket {
                    symbol: self.market(mx)?.symbol.clone(),
                },
            ));
        }
        let cross = self.with_all(MarginMode::Cross)?;
        let iso = self.with_all(MarginMode::Isolated)?;

        // Cross: liquidated iff wallet + frozen + part_x + part_y ≤ 0, i.e.
        // (wallet + frozen + part_x) ≤ −part_y.
        let cf = Frozen::new(&cross, base, &[mx, my])?;
        let has_cross = !cross.positions.is_empty();
        let (cx, cy) = (
            Axis::new(&cross, mx, &cf.cross_movers),
            Axis::new(&cross, my, &cf.cross_movers),
        );
        // Collateral that moves with prices or is not counted in full makes
        // the cross surplus no sum of one part per axis: each cell is
        // evaluated whole (from sums computed once per axis point).
        let general = if cross.collateral.is_simple() {
            None
        } else {
            let per_x = xs
                .iter()
                .map(|&x| cx.cross_sums(x))
                .collect::<Result<Vec<_>, _>>()?;
            let per_y = ys
                .iter()
                .map(|&y| cy.cross_sums(y))
                .collect::<Result<Vec<_>, _>>()?;
            Some(coupled::liquidated(
                &cross,
                base,
                (mx, my),
                &cf.cross,
                &per_x,
                &per_y,
                &xs,
                &ys,
            )?)
        };
        let start = cross.cross_wallet.plus(cf.cross.surplus_part()?)?;
        let (hx, hy) = if general.is_some() {
            (vec![Decimal::ZERO; xs.len()], vec![Decimal::ZERO; ys.len()])
        } else {
            (
                xs.iter()
                    .map(|&x| start.plus(cx.cross_part(x)?))
                    .collect::<Result<Vec<_>, Error>>()?,
                ys.iter()
                    .map(|&y| Ok(neg(cy.cross_part(y)?)))
                    .collect::<Result<Vec<_>, Error>>()?,
            )
        };

        // Isolated: liquidated counts per axis, plus the frozen others.
        let fi = Frozen::new(&iso, base, &[mx, my])?;
        let (ix, iy) = (
            Axis::new(&iso, mx, &fi.isolated_movers),
            Axis::new(&iso, my, &fi.isolated_movers),
        );
        let lx = xs
            .iter()
            .map(|&x| ix.isolated_lost(x))
            .collect::<Result<Vec<_>, _>>()?;
        let ly = ys
            .iter()
            .map(|&y| iy.isolated_lost(y))
            .collect::<Result<Vec<_>, _>>()?;

        let n = self.positions.len();
        let mut cells = Vec::with_capacity(xs.len().saturating_mul(ys.len()));
        for (row, (neg_y, ly)) in hy.iter().zip(&ly).enumerate() {
            let base_lost = fi.isolated_lost.saturating_add(*ly);
            for (col, (hx, lx)) in hx.iter().zip(&lx).enumerate() {
                let cross_liq = has_cross
                    && match &general {
                        Some(rows) => rows
                            .get(row)
                            .and_then(|r| r.get(col))
                            .copied()
                            .unwrap_or(false),
                        None => rules::breached(*hx, *neg_y),
                    };
                cells.push(Verdict::classify(cross_liq, base_lost.saturating_add(*lx), n).code());
            }
        }
        Ok(Grid {
            x_market: cx.symbol()?,
            y_market: cy.symbol()?,
            xs,
            ys,
            cells,
        })
    }
}
