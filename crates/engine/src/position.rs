//! A validated position: which market, which side, how much, at what entry
//! and leverage, in which margin mode with which margin. Plain data; the
//! rules that read it are in `rules`.
use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Long,
    Short,
}

impl Side {
    /// `+1` long, `−1` short.
    #[inline]
    pub fn sign(self) -> Decimal {
        crate::num::signum(self == Side::Long)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MarginMode {
    Cross,
    Isolated,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Position {
    /// Index into the book's markets.
    pub market: usize,
    pub side: Side,
    pub size: Decimal,
    pub entry: Decimal,
    pub leverage: Decimal,
    pub mode: MarginMode,
    /// Isolated margin (for a cross position: its initial margin at entry,
    /// which the all-isolated comparison uses).
    pub margin: Decimal,
    /// What its market's venue rules add to the tier's maintenance margin
    /// (`rules::requirement_extras`): a rate on the notional at the mark
    /// (a size-linear rate, a fee to close at the mark) and a fixed amount
    /// in settle units (a fee to close at the bankruptcy price). Zero for
    /// a market with neither.
    pub extra_rate: Decimal,
    pub extra_fixed: Decimal,
    /// The fee to close counted inside its bankruptcy price too (settle
    /// units; the `AccountBankruptcy` rule), and part of `extra_fixed`.
    pub bankruptcy_fee: Decimal,
    /// Funding paid over the holding time, in settle units (negative:
    /// received): taken from its margin if isolated, from the cross wallet
    /// if cross.
    pub funding_paid: Decimal,
    /// PnL realized but not settled (Mango), in settle units: counted
    /// with its health.
    pub unsettled: Decimal,
}

impl Position {
    /// Position `p` on market index `market`, its size, entry and leverage
    /// validated (errors name `size`, `entry`, `leverage`); no margin and no
    /// venue extras yet (the book sets them).
    pub(crate) fn from_spec(
        p: &crate::scenario::PositionSpec,
        market: usize,
    ) -> Result<Position, crate::error::Error> {
        use crate::scenario::{ModeSpec, SideSpec};
        crate::limits::size(p.size).map_err(|e| e.within("size"))?;
        crate::limits::price(p.entry).map_err(|e| e.within("entry"))?;
        crate::limits::leverage(p.leverage.0).map_err(|e| e.within("leverage"))?;
        Ok(Position {
            market,
            side: match p.side {
                SideSpec::Long => Side::Long,
                SideSpec::Short => Side::Short,
            },
            size: p.size,
            entry: p.entry,
            leverage: p.leverage.0,
            mode: match p.mode {
                ModeSpec::Cross => MarginMode::Cross,
                ModeSpec::Isolated => MarginMode::Isolated,
            },
            margin: Decimal::ZERO,
            extra_rate: Decimal::ZERO,
            extra_fixed: Decimal::ZERO,
            bankruptcy_fee: Decimal::ZERO,
            funding_paid: Decimal::ZERO,
            unsettled: Decimal::ZERO,
        })
    }
}
